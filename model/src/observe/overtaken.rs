//! Segments the path reordered, seen where the capture is past the
//! reordering (at the receiver's host, say): a segment captured after
//! others its sender sent later. What a sender stamps on each packet tells
//! the order it sent them in:
//! - its TCP timestamp clock never goes back (RFC 7323 5.4): a TSval older
//!   than one its sender was captured sending before it left first;
//! - within one millisecond's tick, Linux's IPv4 identification, which
//!   numbers a connection's packets in sending order: used only when the
//!   sender's numbers in the capture lie close together (other stacks pick
//!   them at random, and 0 says nothing).
//!
//! Such a segment is no resend and no probe, whatever its shape (an old ACK
//! below what its receiver expects looks like a keep-alive). Without
//! either stamp nothing tells; two swapped by less than a millisecond are
//! left as captured.

use super::resend::{ahead, sent_once};
use super::types::{CaptureRun, ObservedSegment};
use crate::SegmentId;

/// Marks each segment its sender's later segments overtook, naming the
/// first of them captured (`Observation::overtaken_by`).
pub(super) fn mark(run: &mut CaptureRun) {
    let counted = [0, 1].map(|side| counts_in_order(run.segments.iter().filter(|s| s.from.index() == side)));
    // Per sender and stamp: the captured segments whose stamp is newer than
    // every one before them (stamp and position both rise along a list).
    let mut records: [[Vec<(u32, SegmentId, u64)>; 2]; 2] = Default::default();
    for s in run.segments.iter_mut().filter(|s| sent_once(s)) {
        let stamps = [
            s.options.timestamps.map(|(val, _)| val),
            s.ip_id
                .filter(|&id| id != 0 && counted[s.from.index()])
                .map(|id| u32::from(id) << 16),
        ];
        let mut first_newer: Option<(SegmentId, u64)> = None;
        for (stamp, mine) in stamps.into_iter().zip(&mut records[s.from.index()]) {
            let Some(val) = stamp else { continue };
            // The first record newer than this one overtook it.
            let newer = mine.partition_point(|&(r, _, _)| !ahead(r, val));
            if let Some(&(_, id, at)) = mine.get(newer) {
                first_newer = Some(first_newer.map_or((id, at), |f| f.min((id, at))));
            }
            if mine.last().is_none_or(|&(r, _, _)| ahead(val, r)) {
                mine.push((val, s.id, s.at_us));
            }
        }
        // Swapped by less than a millisecond (between a host's queues and
        // its own capture, say): nothing a learner could see, nothing told.
        s.observed.overtaken_by = first_newer
            .filter(|&(_, at)| s.at_us.saturating_sub(at) >= 1000)
            .map(|(id, _)| id);
    }
}

/// Whether a sender's IPv4 identifications count its packets: its
/// non-zero ones (three or more) lie within a few per packet of each other,
/// whatever order the path delivered them in. Random ones spread over all
/// 65,536 values.
fn counts_in_order<'a>(segments: impl Iterator<Item = &'a ObservedSegment>) -> bool {
    let ids: Vec<u16> = segments
        .filter(|s| sent_once(s))
        .filter_map(|s| s.ip_id.filter(|&id| id != 0))
        .collect();
    let Some(&first) = ids.first() else {
        return false;
    };
    // Each one's distance from the first, either way round the circle.
    let offsets = ids.iter().map(|&id| i32::from(id.wrapping_sub(first) as i16));
    let (low, high) = offsets.fold((0, 0), |(l, h), o| (o.min(l), o.max(h)));
    ids.len() >= 3 && high - low <= 4 * ids.len() as i32 + 64
}
