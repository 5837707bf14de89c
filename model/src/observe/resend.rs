//! Which captured segments are resends, and of what: the replay's
//! [`Resend::Captured`] and `retransmission_of`. A capture shows that
//! sequence numbers were sent again, never why; Wireshark's marks help,
//! but read in file order they also fire on a packet captured twice, and
//! on numbers only an injected segment went beyond.
//!
//! Each sender's segments are ordered once by first sequence number, so
//! finding what a segment repeats is a binary search and a short look
//! below it, not a scan of everything before it (a capture of 100,000
//! packets used to take tens of seconds to open).

use super::types::{CaptureRun, ObservedSegment};
use crate::util::sort::sort_by;
use crate::{Flags, Resend, SegmentId};

/// For each segment: whether it is a resend, and the segment it repeats.
///
/// A resend repeats sequence numbers its sender already sent (whatever
/// Wireshark calls it: a resend that arrives soon after the loss is "out
/// of order" to Wireshark), or is one Wireshark marks as a retransmission.
/// A keep-alive repeats a byte on purpose and is not one ([`keep_alive`]:
/// a byte the peer had not acknowledged is a resend whatever Wireshark
/// calls it), and so does a zero-window probe (one byte at the edge of a
/// closed window, as the BSDs, macOS and Windows send it). Nor is a packet
/// captured on two interfaces: Wireshark, reading in file order, may mark
/// the copy it reads second, which is the one seen first. A mark with no
/// earlier segment holding the numbers counts when the sender is seen
/// beyond them before (the first sending was missed), not when only a
/// segment that is not the sender's own (injected, out of place) went
/// beyond.
pub(super) fn resends(run: &CaptureRun) -> Vec<(Option<Resend>, Option<SegmentId>)> {
    let segs = &run.segments;
    let by_start = by_start(segs);
    let mut furthest: [Option<u32>; 2] = [None, None];
    let mut acked: [Option<u32>; 2] = [None, None];
    // Each side's last SYN (or SYN,ACK), raw.
    let mut syn_raw: [Option<u32>; 2] = [None, None];
    let mut out = Vec::with_capacity(segs.len());
    for (k, s) in segs.iter().enumerate() {
        let side = s.from.index();
        // The path's second delivery of a packet: no resend, the same one.
        if let Some(first) = s.observed.duplicate_of {
            let how = if s.observed.duplicate_after_sync {
                Resend::DuplicatedSynAck
            } else {
                Resend::Duplicated
            };
            out.push((Some(how), Some(first)));
            continue;
        }
        let earlier = if s.observed.copy || span(s) == 0 {
            None
        } else {
            holder(segs, &by_start[side], k)
        };
        // Sent before segments captured ahead of it (`overtaken.rs`): no
        // resend; a resend of its numbers captured before it repeats it.
        if s.observed.overtaken_by.is_some() {
            if let Some(h) = earlier.filter(|&h| out[h] == (Some(Resend::Captured), None)) {
                out[h].1 = Some(s.id);
            }
            out.push((None, None));
            continue;
        }
        let m = &s.marks;
        let repeats = m.retransmission || m.fast_retransmission || m.spurious_retransmission;
        let beyond = furthest[side].is_some_and(|end| ahead(end, s.seq));
        let marked = repeats && !has_copy(run, k) && beyond;
        // A zero-window probe repeats its byte on purpose, like a keep-alive.
        let kept_alive = keep_alive(s, acked[s.from.peer().index()]) || s.marks.zero_window_probe;
        // A SYN,ACK repeating its sender's bare SYN answers the peer's SYN in
        // a simultaneous open: it must carry the same ISN, and no loss
        // prompted it (as the model's own runs say).
        let syn_ack = |k: usize| {
            let f = Flags::from_bits(segs[k].flags);
            (f.syn(), f.ack())
        };
        let answers_syn = syn_ack(k) == (true, true) && earlier.is_some_and(|j| syn_ack(j) == (true, false));
        let is_syn = Flags::from_bits(s.flags).syn();
        let cause = if answers_syn {
            Resend::SimultaneousOpen
        } else if is_syn && earlier.is_some() {
            Resend::CapturedSyn
        } else {
            Resend::Captured
        };
        // A SYN,ACK with another initial number than its side's last answers
        // the SYN anew (a listener with SYN cookies keeps nothing of its
        // first answer): new numbers, though relative ones start again at 0.
        let anew = is_syn && syn_raw[side].is_some_and(|r| r != s.raw_seq);
        if is_syn {
            syn_raw[side] = Some(s.raw_seq);
        }
        let resend =
            ((marked || earlier.is_some()) && !kept_alive && !s.observed.copy && !anew).then_some(cause);
        out.push((resend, resend.and(earlier.map(|j| segs[j].id))));
        note_ack(&mut acked[side], s);
        if !s.observed.copy && !s.observed.out_of_place {
            let end = s.seq.wrapping_add(span(s));
            if furthest[side].is_none_or(|f| ahead(end, f)) {
                furthest[side] = Some(end);
            }
        }
    }
    out
}

/// For each segment: whether it is a SYN,ACK after which its sender sent a
/// SYN,ACK with another initial number, so never again this one: a listener
/// that keeps nothing (SYN cookies) answers a repeated SYN anew. A path's
/// second delivery is neither.
pub(super) fn superseded_syn_acks(segs: &[ObservedSegment]) -> Vec<bool> {
    let mut out = vec![false; segs.len()];
    let mut last: [Option<usize>; 2] = [None, None];
    let syns = segs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.observed.duplicate_of.is_none());
    let syn_ack = |s: &ObservedSegment| Flags::from_bits(s.flags).syn() && Flags::from_bits(s.flags).ack();
    for (k, s) in syns.filter(|(_, s)| syn_ack(s)) {
        let side = s.from.index();
        if let Some(j) = last[side].filter(|&j| segs[j].raw_seq != s.raw_seq) {
            out[j] = true;
        }
        last[side] = Some(k);
    }
    out
}

/// Each sender's segments that take sequence space, by first number (time
/// order among equal ones: the sort is stable). Not zero-window probes: the
/// peer cannot take their byte, so the data that brings it later is no resend.
fn by_start(segs: &[ObservedSegment]) -> [Vec<usize>; 2] {
    [0, 1].map(|side| {
        let sends = |s: &ObservedSegment| sent_once(s) && span(s) > 0 && !s.marks.zero_window_probe;
        let mut ks: Vec<usize> = (0..segs.len())
            .filter(|&k| segs[k].from.index() == side && sends(&segs[k]))
            .collect();
        sort_by(&mut ks, |&a, &b| segs[a].seq < segs[b].seq);
        ks
    })
}

/// A segment takes at most this many sequence numbers: the largest IP
/// payload plus its SYN and FIN. One that holds a number begins at most
/// this far below it.
const MAX_SPAN: u32 = 65_537;

/// At most this many segments are looked at below a number: far more than
/// fit in `MAX_SPAN` at any real segment size; it bounds the work for a
/// hostile file that repeats one number over and over.
const MAX_LOOK: usize = 4096;

/// The latest segment before `k` whose numbers hold segment `k`'s first
/// one, among `by_start` (its sender's segments ordered by first number).
fn holder(segs: &[ObservedSegment], by_start: &[usize], k: usize) -> Option<usize> {
    let seq = segs[k].seq;
    let top = by_start.partition_point(|&j| segs[j].seq <= seq);
    by_start[..top]
        .iter()
        .rev()
        .take(MAX_LOOK)
        .take_while(|&&j| seq - segs[j].seq < MAX_SPAN)
        .filter(|&&j| j < k && seq - segs[j].seq < span(&segs[j]))
        .max()
        .copied()
}

/// The least silence before a keep-alive, in µs: Linux's smallest
/// `tcp_keepalive_time` and TCP_KEEPIDLE are one second (RFC 1122 4.2.3.6
/// sets two hours by default), counted from the last segment the sender
/// received. A keep-alive-shaped segment sooner than that after a window
/// update that opened a closed window was sent before the update arrived:
/// a zero-window probe (`purpose.rs`, `crossing.rs`).
pub(super) const KEEPALIVE_FLOOR_US: u64 = 1_000_000;

/// Whether `s` is a keep-alive: Wireshark marks an empty or one-byte
/// segment one below its sender's next number as one, whether or not the
/// peer had acknowledged that byte. Linux sends an empty one (and Windows
/// one byte the peer already has); a byte the peer had not acknowledged
/// (`peer_acked`: the furthest ack it sent before `s`) is that byte sent
/// again after a loss, the sender's last byte so far (kernel run 1006).
pub(super) fn keep_alive(s: &ObservedSegment, peer_acked: Option<u32>) -> bool {
    s.marks.keep_alive && (s.len == 0 || peer_acked.is_some_and(|a| !ahead(s.seq.wrapping_add(s.len), a)))
}

/// Keeps `acked` (the furthest ack number a side has sent) up to date with
/// its segment `s`.
pub(super) fn note_ack(acked: &mut Option<u32>, s: &ObservedSegment) {
    let f = Flags::from_bits(s.flags);
    if f.ack() && !f.rst() && acked.is_none_or(|a| ahead(s.ack, a)) {
        *acked = Some(s.ack);
    }
}

/// How many sequence numbers a segment takes: its data, SYN and FIN.
fn span(s: &ObservedSegment) -> u32 {
    let f = Flags::from_bits(s.flags);
    s.len.saturating_add(u32::from(f.syn()) + u32::from(f.fin()))
}

/// Whether `a` is ahead of `b` (cyclic, within 2^30: farther means nothing
/// modulo 2^32, as with the largest scaled window). Shared by the resend,
/// purpose and crossing rules, which compare raw numbers from the wire with
/// a window's bound that `Seq`'s order does not have.
pub(super) fn ahead(a: u32, b: u32) -> bool {
    let d = a.wrapping_sub(b);
    d > 0 && d <= 1 << 30
}

/// Whether its sender sent it (not a second capture of one packet, on
/// another interface or delivered twice by the path).
pub(super) fn sent_once(s: &ObservedSegment) -> bool {
    !s.observed.copy && s.observed.duplicate_of.is_none()
}

/// Whether a second capture of segment `k` (on another interface) follows
/// it: the observers flag such copies a few packets later at most.
fn has_copy(run: &CaptureRun, k: usize) -> bool {
    let s = &run.segments[k];
    run.segments[k + 1..].iter().take(8).any(|c| {
        c.observed.copy && (c.from, c.seq, c.ack, c.flags, c.len) == (s.from, s.seq, s.ack, s.flags, s.len)
    })
}
