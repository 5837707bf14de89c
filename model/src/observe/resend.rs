//! Which captured segments are resends, and of what: the replay's
//! [`Resend::Captured`] and `retransmission_of`. A capture shows that
//! sequence numbers were sent again, never why; Wireshark's marks help,
//! but read in file order they also fire on a packet captured twice, and
//! on numbers only an injected segment went beyond.

use super::types::CaptureRun;
use crate::{Flags, Resend, SegmentId};

/// A resend: a segment that repeats sequence numbers its sender already
/// sent (whatever Wireshark calls it: a resend that arrives soon after the
/// loss is "out of order" to Wireshark), or one Wireshark marks as a
/// retransmission. A keep-alive repeats a byte on purpose and is not one.
/// Nor is a packet captured on two interfaces: Wireshark, reading in file
/// order, may mark the copy it reads second, which is the one seen first.
/// A mark with no earlier segment holding the numbers counts when the
/// sender is seen beyond them before (the first sending was missed), not
/// when only a segment that is not the sender's own (injected, out of
/// place) went beyond.
pub(super) fn resend(run: &CaptureRun, k: usize) -> Option<Resend> {
    let s = &run.segments[k];
    let m = &s.marks;
    let repeats = m.retransmission || m.fast_retransmission || m.spurious_retransmission;
    let marked = repeats && !has_copy(run, k) && sent_beyond(run, k);
    let resent = marked || earlier_copy(run, k).is_some();
    (resent && !m.keep_alive && !s.observed.copy).then_some(Resend::Captured)
}

/// The latest earlier segment of the same sender whose sequence space
/// holds this one's first number (what a resend repeats: the same segment,
/// or part of a larger one, or the data a SYN carried); never for a
/// segment that occupies none (a pure ACK repeats nothing), nor for a
/// second capture of one packet.
pub(super) fn earlier_copy(run: &CaptureRun, k: usize) -> Option<SegmentId> {
    let s = &run.segments[k];
    let f = Flags::from_bits(s.flags);
    if s.observed.copy || (s.len == 0 && !f.syn() && !f.fin()) {
        return None;
    }
    run.segments[..k]
        .iter()
        .rev()
        .find(|p| {
            let f = Flags::from_bits(p.flags);
            // Relative numbers, compared within the span (cyclic).
            let span = u64::from(p.len) + u64::from(f.syn()) + u64::from(f.fin());
            !p.observed.copy && p.from == s.from && u64::from(s.seq.wrapping_sub(p.seq)) < span
        })
        .map(|p| p.id)
}

/// Whether the sender of segment `k` was seen, before it, sending sequence
/// numbers beyond its first one (in a segment of its own: not a copy, not
/// out of place).
fn sent_beyond(run: &CaptureRun, k: usize) -> bool {
    let s = &run.segments[k];
    run.segments[..k].iter().any(|p| {
        let f = Flags::from_bits(p.flags);
        let end = p
            .seq
            .wrapping_add(p.len + u32::from(f.syn()) + u32::from(f.fin()));
        let ahead = end.wrapping_sub(s.seq);
        !p.observed.copy && !p.observed.out_of_place && p.from == s.from && ahead > 0 && ahead <= MAX_AHEAD
    })
}

/// How far ahead (in sequence numbers) "beyond" reaches: farther means
/// nothing modulo 2^32 (the largest scaled window).
const MAX_AHEAD: u32 = 1 << 30;

/// Whether a second capture of segment `k` (on another interface) follows
/// it: the observers flag such copies a few packets later at most.
fn has_copy(run: &CaptureRun, k: usize) -> bool {
    let s = &run.segments[k];
    run.segments[k + 1..].iter().take(8).any(|c| {
        c.observed.copy && (c.from, c.seq, c.ack, c.flags, c.len) == (s.from, s.seq, s.ack, s.flags, s.len)
    })
}
