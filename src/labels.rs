//! Segment labels as drawn on arrows: the full form (`SYN,ACK seq=8000
//! ack=1001`) and a short form for narrow screens (`SYN,ACK 8000`,
//! `PSH,ACK 1001:1021`).

use tcp_model::SegmentRecord;

/// `SYN seq=1000`, `SYN,ACK seq=8000 ack=1001`, `PSH,ACK seq=1001 ack=8001 len=20`.
pub fn full_label(s: &SegmentRecord) -> String {
    s.header.label()
}

/// The flags and the sequence range the segment covers.
pub fn short_label(s: &SegmentRecord) -> String {
    let h = &s.header;
    if h.len > 0 {
        format!("{} {}:{}", h.flags, h.seq, h.seq + h.len)
    } else {
        format!("{} {}", h.flags, h.seq)
    }
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
        assert_eq!(full_label(seg(0)), "SYN seq=1000");
        assert_eq!(full_label(seg(1)), "SYN,ACK seq=8000 ack=1001");
        assert_eq!(full_label(seg(3)), "PSH,ACK seq=1001 ack=8001 len=20");
        assert_eq!(short_label(seg(3)), "PSH,ACK 1001:1021");
        assert_eq!(short_label(seg(1)), "SYN,ACK 8000");
    }
}
