//! Which captured segments are resends, and of what: the replay's
//! [`Resend::Captured`] and `retransmission_of`. A capture shows that
//! sequence numbers were sent again, never why; Wireshark's marks help,
//! but read in file order they also fire on a packet captured twice, and
//! on numbers only an injected segment went beyond.
//!
//! One pass over the segments with an index of what each sender has sent
//! (by first sequence number), so a capture of 100,000 packets costs
//! 100,000 lookups, not a scan of everything before each segment.

use std::collections::BTreeMap;

use super::types::{CaptureRun, ObservedSegment};
use crate::{Flags, Resend, SegmentId};

/// For each segment: whether it is a resend, and the segment it repeats.
///
/// A resend repeats sequence numbers its sender already sent (whatever
/// Wireshark calls it: a resend that arrives soon after the loss is "out
/// of order" to Wireshark), or is one Wireshark marks as a retransmission.
/// A keep-alive repeats a byte on purpose and is not one. Nor is a packet
/// captured on two interfaces: Wireshark, reading in file order, may mark
/// the copy it reads second, which is the one seen first. A mark with no
/// earlier segment holding the numbers counts when the sender is seen
/// beyond them before (the first sending was missed), not when only a
/// segment that is not the sender's own (injected, out of place) went
/// beyond.
pub(super) fn resends(run: &CaptureRun) -> Vec<(Option<Resend>, Option<SegmentId>)> {
    let mut sent: [Sent; 2] = Default::default();
    let mut out = Vec::with_capacity(run.segments.len());
    for (k, s) in run.segments.iter().enumerate() {
        let mine = &mut sent[s.from.index()];
        let span = span(s);
        let earlier = if s.observed.copy || span == 0 {
            None
        } else {
            mine.holder(s.seq)
        };
        let m = &s.marks;
        let repeats = m.retransmission || m.fast_retransmission || m.spurious_retransmission;
        let beyond = mine.furthest.is_some_and(|end| ahead(end, s.seq));
        let marked = repeats && !has_copy(run, k) && beyond;
        let resend =
            ((marked || earlier.is_some()) && !m.keep_alive && !s.observed.copy).then_some(Resend::Captured);
        out.push((resend, resend.and(earlier.map(|j| run.segments[j].id))));
        if !s.observed.copy && span > 0 {
            mine.add(s.seq, span, k);
        }
        if !s.observed.copy && !s.observed.out_of_place {
            let end = s.seq.wrapping_add(span);
            if mine.furthest.is_none_or(|f| ahead(end, f)) {
                mine.furthest = Some(end);
            }
        }
    }
    out
}

/// What one sender was seen sending: each segment that takes sequence
/// space, under its first number, and the furthest number reached by its
/// own segments.
#[derive(Default)]
struct Sent {
    /// First number -> (span, segment index), oldest first. A later entry
    /// with a span at least as long hides the older ones (they hold
    /// nothing it does not, and it is later), so spans fall along a list.
    by_start: BTreeMap<u32, Vec<(u32, usize)>>,
    furthest: Option<u32>,
}

/// A segment takes at most this many sequence numbers: the largest IP
/// payload plus its SYN and FIN. A segment that holds a number begins at
/// most this far below it.
const MAX_SPAN: u32 = 65_537;

/// At most this many first numbers are looked at below a number: far more
/// segments than fit in `MAX_SPAN` at any real segment size; it bounds the
/// work for a hostile file that starts a segment at every number.
const MAX_STARTS: usize = 512;

impl Sent {
    fn add(&mut self, start: u32, span: u32, k: usize) {
        let list = self.by_start.entry(start).or_default();
        list.retain(|&(older, _)| older > span);
        list.push((span, k));
    }

    /// The latest segment whose numbers hold `seq` (cyclic: a start just
    /// below 2^32 holds small numbers).
    fn holder(&self, seq: u32) -> Option<usize> {
        let below = self.by_start.range(seq.saturating_sub(MAX_SPAN)..=seq).rev();
        let wrapped = self
            .by_start
            .range(u32::MAX - MAX_SPAN.saturating_sub(seq)..)
            .rev();
        let wrapped = wrapped.filter(move |_| seq < MAX_SPAN);
        below
            .chain(wrapped)
            .take(MAX_STARTS)
            .filter_map(|(&start, list)| {
                let into = seq.wrapping_sub(start);
                // Spans fall along the list and indices rise: the last
                // entry longer than `into` is the latest that holds it.
                let holding = list.partition_point(|&(span, _)| span > into);
                holding.checked_sub(1).map(|i| list[i].1)
            })
            .max()
    }
}

/// How many sequence numbers a segment takes: its data, SYN and FIN.
fn span(s: &ObservedSegment) -> u32 {
    let f = Flags::from_bits(s.flags);
    s.len.saturating_add(u32::from(f.syn()) + u32::from(f.fin()))
}

/// Whether `a` is ahead of `b` (cyclic, within 2^30: farther means nothing
/// modulo 2^32, as with the largest scaled window).
fn ahead(a: u32, b: u32) -> bool {
    let d = a.wrapping_sub(b);
    d > 0 && d <= 1 << 30
}

/// Whether a second capture of segment `k` (on another interface) follows
/// it: the observers flag such copies a few packets later at most.
fn has_copy(run: &CaptureRun, k: usize) -> bool {
    let s = &run.segments[k];
    run.segments[k + 1..].iter().take(8).any(|c| {
        c.observed.copy && (c.from, c.seq, c.ack, c.flags, c.len) == (s.from, s.seq, s.ack, s.flags, s.len)
    })
}
