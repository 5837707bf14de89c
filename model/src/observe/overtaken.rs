//! Segments the path reordered, seen where the capture is past the
//! reordering (at the receiver's host, say): a segment captured after
//! others its sender sent later. A sender's TCP timestamp clock never goes
//! back (RFC 7323 5.4), so a segment whose TSval is older than one its
//! sender was captured sending before it left first, and the path held it
//! back while the later ones overtook it: it is no resend, and no probe,
//! whatever its shape (an old ACK below what its receiver expects looks
//! like a keep-alive). Without timestamps nothing tells.

use super::resend::ahead;
use super::types::CaptureRun;
use crate::SegmentId;

/// Marks each segment its sender's later segments overtook, naming the
/// first of them captured (`Observation::overtaken_by`).
pub(super) fn mark(run: &mut CaptureRun) {
    // Per sender: the captured segments whose TSval is newer than every
    // one before them (TSval and position both rise along the list).
    let mut records: [Vec<(u32, SegmentId)>; 2] = Default::default();
    for s in &mut run.segments {
        if s.observed.copy || s.observed.duplicate_of.is_some() {
            continue;
        }
        let Some((val, _)) = s.options.timestamps else {
            continue;
        };
        let mine = &mut records[s.from.index()];
        // The first record newer than this one overtook it.
        let first_newer = mine.partition_point(|&(r, _)| !ahead(r, val));
        s.observed.overtaken_by = mine.get(first_newer).map(|&(_, id)| id);
        if mine.last().is_none_or(|&(r, _)| ahead(val, r)) {
            mine.push((val, s.id));
        }
    }
}
