//! Why each captured segment was sent, as far as its shape and Wireshark's
//! marks tell (see `replay.rs`): in one pass that remembers what each side
//! has sent so far, so the cost grows with the capture, not with its
//! square (a 100 MB transfer has 40,000 pure ACKs, each of which used to
//! look back through everything before it).

use super::resend::{ahead, keep_alive, note_ack, KEEPALIVE_FLOOR_US};
use super::types::{CaptureRun, ObservedSegment};
use crate::event::{EventKind, IgnoreReason};
use crate::{Flags, Purpose};

/// At most this many FINs of one side are remembered (a real connection
/// has one, sent again a few times); bounds the work for a hostile file.
const MAX_FINS: usize = 64;

/// What one side has sent before the segment at hand.
#[derive(Default)]
struct Said {
    /// A bare SYN (it opened).
    syn: bool,
    /// A SYN,ACK (it answered an opening).
    syn_ack: bool,
    /// A segment without SYN after its SYN,ACK.
    past_syn_ack: bool,
    /// Any segment with ACK set.
    ack: bool,
    /// The ack numbers that acknowledge its FINs (the FIN's number + 1).
    fin_ends: Vec<u32>,
    /// Which of the peer's FIN ends it has acknowledged already.
    acked_fins: Vec<u32>,
    /// Its last segment announced a window of zero.
    window_closed: bool,
    /// When a segment of its opened the window it had closed, while the
    /// peer has sent nothing since.
    reopened_at: Option<u64>,
    /// The furthest ack number it has sent.
    acked: Option<u32>,
    /// The window field of its last segment after the SYNs (the same
    /// scale as the next one's).
    window: Option<u16>,
    /// The furthest right edge of its SACK blocks above its ack (raw
    /// sequence numbers, as the blocks are).
    sacked_to: Option<u32>,
}

/// The purpose of each segment, in order.
pub(super) fn purposes(run: &CaptureRun) -> Vec<Purpose> {
    let mut said: [Said; 2] = Default::default();
    let mut out = Vec::with_capacity(run.segments.len());
    for s in &run.segments {
        // The path's second delivery of a packet is what the first was.
        if let Some(first) = s.observed.duplicate_of {
            out.push(out.get(first.0 as usize).copied().unwrap_or(Purpose::Captured));
            continue;
        }
        let (me, peer) = (s.from.index(), s.from.peer().index());
        out.push(purpose(s, &said[me], &said[peer]));
        said[peer].reopened_at = None;
        let f = Flags::from_bits(s.flags);
        if f.fin() && said[me].fin_ends.len() < MAX_FINS {
            let end = s.seq.wrapping_add(s.len).wrapping_add(1);
            if !said[me].fin_ends.contains(&end) {
                said[me].fin_ends.push(end);
            }
        }
        if f.ack() && said[peer].fin_ends.contains(&s.ack) && !said[me].acked_fins.contains(&s.ack) {
            said[me].acked_fins.push(s.ack);
        }
        let mine = &mut said[me];
        note_ack(&mut mine.acked, s);
        if !f.syn() && !f.rst() {
            mine.window = Some(s.window);
        }
        if let Some(edge) = new_sack_edge(s, mine.sacked_to) {
            mine.sacked_to = Some(edge);
        }
        // A window update lost after the capture point opened nothing for
        // the peer (`unechoed.rs`).
        if !s.observed.lost_after_capture {
            if mine.window_closed && s.window > 0 && !f.rst() {
                mine.reopened_at = Some(s.at_us);
            }
            mine.window_closed = s.window == 0 && !f.rst();
        }
        mine.syn |= f.syn() && !f.ack();
        mine.past_syn_ack |= mine.syn_ack && !f.syn();
        mine.syn_ack |= f.syn() && f.ack();
        mine.ack |= f.ack();
    }
    out
}

/// Names every arrival its receiver took for a keep-alive as its sender
/// meant it (`IgnoreReason::as_sent`): a zero-window probe that crossed the
/// window update reached a window already open (kernel run 3405); and an
/// older segment delivered late, shaped like a probe, as the segment
/// outside the window it is.
pub(super) fn name_probes(run: &mut CaptureRun) {
    use IgnoreReason::{KeepAlive, OutsideWindow, WindowProbe};
    // The path's second copy of an older segment, or one that later
    // segments overtook, is shaped like a probe (empty, below what its
    // receiver expects) but is none: to its receiver's rules it is a
    // segment outside the window.
    let late: Vec<bool> = run
        .segments
        .iter()
        .map(|s| s.observed.duplicate_of.is_some() || s.observed.overtaken_by.is_some())
        .collect();
    let probe =
        |k: usize, r: Option<IgnoreReason>| r == Some(KeepAlive) || (late[k] && r == Some(WindowProbe));
    if !run
        .segments
        .iter()
        .enumerate()
        .any(|(k, s)| probe(k, s.observed.ignored))
    {
        return;
    }
    let purposes = purposes(run);
    let named = |k: usize, r: IgnoreReason| match r {
        KeepAlive | WindowProbe if late[k] => OutsideWindow,
        _ => r.as_sent(purposes[k]),
    };
    // A side whose keep-alive was renamed: its peer's answer is the ACK
    // any probe (or segment outside the window) draws, not a keep-alive's.
    let mut renamed = [false; 2];
    for (k, s) in run.segments.iter_mut().enumerate() {
        let before = s.observed.ignored;
        s.observed.ignored = before.map(|r| named(k, r));
        if s.observed.ignored != before {
            renamed[s.from.index()] = true;
        } else if s.observed.keep_alive_answer && std::mem::take(&mut renamed[s.from.peer().index()]) {
            s.observed.keep_alive_answer = false;
        }
    }
    for e in &mut run.events {
        if let EventKind::SegmentIgnored { segment, reason, .. } = &mut e.kind {
            if (segment.0 as usize) < purposes.len() {
                *reason = named(segment.0 as usize, *reason);
            }
        }
    }
}

/// Why segment `s` was sent, given what its sender (`mine`) and the other
/// side (`theirs`) sent before it.
fn purpose(s: &ObservedSegment, mine: &Said, theirs: &Said) -> Purpose {
    let flags = Flags::from_bits(s.flags);
    let marks = &s.marks;
    // An RST is told by the reason its sender's rules give, when they do;
    // else one with ACK is its sender's own decision (Linux answers a
    // segment that has ACK with a bare RST).
    if flags.rst() {
        let own = if flags.ack() {
            Purpose::RstActive
        } else {
            Purpose::Captured
        };
        return s.observed.rst_purpose.unwrap_or(own);
    }
    // An empty segment one below the next number (Wireshark's keep-alive
    // mark) into a window the peer closed is a zero-window probe: Linux
    // probes that way (`tcp_xmit_probe_skb`), as the model's own runs do.
    // So is one sent too soon after the peer opened that window to be a
    // keep-alive: the window update had not reached its sender (they
    // crossed on the path, `crossing.rs`; kernel run 3405).
    // An empty segment later ones overtook on the path was sent before
    // them: what it answered is judged from a sender that had not yet sent
    // those, which this reading (in capture order) does not keep.
    if s.observed.overtaken_by.is_some() && s.len == 0 && !flags.syn() && !flags.fin() {
        return Purpose::Captured;
    }
    if keep_alive(s, theirs.acked) {
        let unheard = theirs
            .reopened_at
            .is_some_and(|at| s.at_us.saturating_sub(at) < KEEPALIVE_FLOOR_US);
        return if theirs.window_closed || unheard {
            Purpose::WindowProbe
        } else {
            Purpose::Captured
        };
    }
    match (flags.syn(), flags.ack()) {
        (true, false) => return Purpose::Syn,
        (true, true) => return Purpose::SynAck,
        _ => {}
    }
    if flags.fin() {
        return Purpose::Fin;
    }
    if s.len > 0 {
        return if marks.zero_window_probe {
            Purpose::WindowProbe
        } else {
            Purpose::Data
        };
    }
    if !flags.ack() {
        return Purpose::Captured;
    }
    // Its rules' answer to an RST or a SYN they would not take (Wireshark
    // marks it a duplicate ACK: it repeats the last ack).
    if s.observed.challenge_ack {
        return Purpose::ChallengeAck;
    }
    // TIME-WAIT's answer to the peer's FIN sent again (Wireshark marks it a
    // duplicate ACK too).
    if s.observed.time_wait_ack {
        return Purpose::TimeWaitAck;
    }
    if s.observed.keep_alive_answer {
        return Purpose::KeepAliveAck;
    }
    // A simultaneous open (both sides sent a SYN,ACK): its sender's first
    // bare ACK after its own SYN,ACK answers the peer's. Linux's carries a
    // D-SACK of the peer's SYN, and its window, scaled from now on, makes
    // it a window update to Wireshark (kernel capture m_simultaneous_open).
    // Without the peer's SYN,ACK, that first bare ACK answers a SYN that came
    // again: it restates the ack (kernel capture m2: Linux's challenge ACK from
    // a simultaneous open's SYN-RECEIVED; the RFC's answer from a listener's).
    if mine.syn_ack && !mine.past_syn_ack && s.ack == 1 && !flags.fin() {
        return if theirs.syn_ack {
            Purpose::SimultaneousOpenAck
        } else {
            Purpose::DuplicateAck
        };
    }
    // Linux answers data past a gap at once with an ACK whose SACK block
    // reports it; if the window has grown since its last segment, Wireshark
    // marks that ACK a window update, not a duplicate ACK. One reporting
    // bytes its sender had not reported before answers their arrival: it
    // restates the ack, as the duplicate ACKs after it do.
    if marks.window_update && new_sack_edge(s, mine.sacked_to).is_some() {
        return Purpose::DuplicateAck;
    }
    // Wireshark marks any change of the window on a segment that repeats
    // the ack a window update; the narration tells one as room that opened
    // ("it can take more now"), so one that shrank the window is not one:
    // it is told as the ACK it is.
    if marks.window_update && mine.window.is_none_or(|w| s.window > w) {
        return Purpose::WindowUpdate;
    }
    if marks.duplicate_ack.is_some() {
        return Purpose::DuplicateAck;
    }
    // The first ACK of the peer's FIN.
    if theirs.fin_ends.contains(&s.ack) && !mine.acked_fins.contains(&s.ack) {
        return Purpose::AckFin;
    }
    // The third segment of the handshake: the opener's first ACK of the
    // peer's SYN,ACK (relative ack 1), its SYN captured before.
    if mine.syn && theirs.syn_ack && s.ack == 1 && !mine.ack {
        return Purpose::HandshakeAck;
    }
    Purpose::AckData
}

/// The right edge of `s`'s SACK blocks above its ack that goes beyond
/// `reported` (its sender's furthest so far), if one does: it reports bytes
/// past a gap that its sender had not reported. (A D-SACK block, below the
/// ack, reports a copy, not new bytes; a report the ack has passed is no
/// longer about a gap.)
fn new_sack_edge(s: &ObservedSegment, reported: Option<u32>) -> Option<u32> {
    let edge = s
        .options
        .sack
        .iter()
        .map(|&(_, right)| right)
        .filter(|&right| ahead(right, s.raw_ack))
        .max_by_key(|&right| right.wrapping_sub(s.raw_ack))?;
    match reported {
        Some(r) if ahead(r, s.raw_ack) && !ahead(edge, r) => None,
        _ => Some(edge),
    }
}
