//! Segment labels as drawn on arrows, each starting with the segment's
//! number as the narration cites it (`#1`): the full form (`#1 SYN,ACK
//! seq=8000 ack=1001`), a short form for narrow screens, and the flags
//! alone when even that does not fit. No form ever puts a bare number after
//! the flags (`ACK 1021` would read as ack=1021).

use tcp_model::SegmentRecord;

/// `#0 SYN seq=1000`, `#1 SYN,ACK seq=8000 ack=1001`, `#3 PSH,ACK seq=1001 ack=8001 len=20`.
pub fn full_label(s: &SegmentRecord) -> String {
    format!("#{} {}", s.id.0, s.header.label())
}

/// What matters most, named: the sequence range a segment occupies
/// (`#3 PSH,ACK seq=1001:1021`), or for a bare ACK its ack (`#5 ACK ack=8011`).
pub fn short_label(s: &SegmentRecord) -> String {
    let h = &s.header;
    let n = s.id.0;
    if h.len > 0 {
        format!("#{n} {} seq={}:{}", h.flags, h.seq, h.seq + h.len)
    } else if h.seg_len() > 0 || !h.flags.ack() {
        format!("#{n} {} seq={}", h.flags, h.seq)
    } else {
        format!("#{n} {} ack={}", h.flags, h.ack)
    }
}

/// The number and flags only (`#1 SYN,ACK`).
pub fn flags_label(s: &SegmentRecord) -> String {
    format!("#{} {}", s.id.0, s.header.flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::{library, Simulation, Time};

    #[test]
    fn labels_show_the_numbers_learners_look_for() {
        let mut sim = Simulation::new(&library::builtin("handshake-and-close").unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(60_000));
        let seg = |i: usize| &sim.segments()[i];
        assert_eq!(full_label(seg(0)), "#0 SYN seq=1000");
        assert_eq!(full_label(seg(1)), "#1 SYN,ACK seq=8000 ack=1001");
        assert_eq!(full_label(seg(3)), "#3 PSH,ACK seq=1001 ack=8001 len=20");
        assert_eq!(short_label(seg(3)), "#3 PSH,ACK seq=1001:1021");
        assert_eq!(short_label(seg(1)), "#1 SYN,ACK seq=8000");
        assert_eq!(short_label(seg(2)), "#2 ACK ack=8001", "a bare ACK names its ack");
        assert_eq!(flags_label(seg(5)), "#5 ACK");
        // Never a bare number right after the flags.
        for s in sim.segments() {
            let short = short_label(s);
            let after_flags = short.split(' ').nth(2).unwrap_or_default();
            assert!(after_flags.contains('='), "{short}");
        }
    }
}
