//! Segment labels as drawn on arrows, each starting with the segment's
//! number as the narration cites it (`#1`): the full form (`#1 SYN,ACK
//! seq=8000 ack=1001`), a short form for narrow screens, and the flags
//! alone when even that does not fit. No form ever puts a bare number after
//! the flags (`ACK 1021` would read as ack=1021).
//!
//! Also the socket calls written beside a lifeline: the call where it
//! starts, and how it ended where it returns (`recv() → EOF`,
//! `recv() → ECONNRESET`), so the diagram never states a result before the
//! model has one.

use tcp_model::call::Outcome;
use tcp_model::{Call, SegmentRecord};

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

/// A call where it starts: as a C programmer writes it (`recv(10)`,
/// `close()`); reading to the end of the stream is plain `recv()`, since
/// whether it ends in EOF or an error is only known where it returns.
pub fn call_label(call: Call) -> String {
    match call {
        Call::RecvEof => "recv()".to_string(),
        other => other.signature(),
    }
}

/// How a call ended, written where it returns: `recv() → EOF` when a read
/// reached the peer's FIN, `recv() → ECONNRESET` (the errno) when it
/// failed; nothing for a plain success. The call is named again so the
/// result is not read as the state label beside it.
pub fn call_result_label(call: Call, outcome: Outcome) -> Option<String> {
    let result = match outcome {
        Outcome::Eof { .. } => "EOF",
        Outcome::Failed { error } => error.errno(),
        Outcome::Ok | Outcome::Read { .. } => return None,
    };
    Some(format!("{} → {result}", call_label(call)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::{library, Side, Simulation, Time};

    fn finished(name: &str) -> Simulation {
        let mut sim = Simulation::new(&library::builtin(name).unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(60_000));
        sim
    }

    /// Every label a side's calls get on the ladder, in time order: (time, text).
    fn call_labels(sim: &Simulation, side: Side) -> Vec<(u64, String)> {
        let mut labels = Vec::new();
        for span in sim.call_spans(sim.now()).into_iter().filter(|c| c.side == side) {
            labels.push((span.started.0, call_label(span.call)));
            if let Some((at, outcome)) = span.returned {
                if let Some(result) = call_result_label(span.call, outcome) {
                    labels.push((at.0, result));
                }
            }
        }
        labels
    }

    #[test]
    fn a_read_that_fails_is_never_drawn_as_eof() {
        // abort: the server reads to the end, and its recv() fails at 600 ms
        // when the client's RST arrives.
        let sim = finished("abort");
        let server = call_labels(&sim, Side::Server);
        assert!(server.contains(&(300, "recv()".to_string())), "{server:?}");
        assert!(
            server.contains(&(600, "recv() → ECONNRESET".to_string())),
            "{server:?}"
        );
        assert!(
            server.iter().all(|(_, l)| !l.contains("EOF")),
            "no EOF where the call failed: {server:?}"
        );
        // The same in every built-in: EOF only where a read returned EOF.
        for b in library::BUILTINS {
            let sim = finished(b.name);
            for span in sim.call_spans(sim.now()) {
                let result = span.returned.and_then(|(_, o)| call_result_label(span.call, o));
                let eof = matches!(span.returned, Some((_, Outcome::Eof { .. })));
                assert_eq!(
                    result.as_deref().is_some_and(|r| r.ends_with("→ EOF")),
                    eof,
                    "{}: {:?} {:?}",
                    b.name,
                    span.call,
                    span.returned
                );
                assert!(
                    !call_label(span.call).contains('→'),
                    "{}: a start says no result",
                    b.name
                );
            }
        }
    }

    #[test]
    fn a_read_to_the_end_shows_eof_where_it_returns() {
        let sim = finished("handshake-and-close");
        let server = call_labels(&sim, Side::Server);
        assert!(server.contains(&(310, "recv()".to_string())), "{server:?}");
        assert!(server.contains(&(560, "recv() → EOF".to_string())), "{server:?}");
        let refused = call_labels(&finished("connection-refused"), Side::Client);
        assert!(
            refused.contains(&(200, "connect() → ECONNREFUSED".to_string())),
            "{refused:?}"
        );
        let timeout = call_labels(&finished("connect-timeout"), Side::Client);
        assert!(
            timeout.contains(&(15_000, "connect() → ETIMEDOUT".to_string())),
            "{timeout:?}"
        );
    }

    #[test]
    fn labels_show_the_numbers_learners_look_for() {
        let sim = finished("handshake-and-close");
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
