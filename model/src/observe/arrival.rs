//! When a captured segment reaches its receiver. The capture sees a
//! segment leave (on loopback, before it arrives); its receiver's next
//! segment tells whether it had arrived by then: what that one
//! acknowledges had. `observer.rs` holds back the segments this says
//! arrived later, and releases them with the answer that acknowledges them.

use std::collections::VecDeque;

use super::side::Observer;
use crate::tcb::observe::MAX_WINDOW;
use crate::tcb::Ctx;
use crate::{Flags, Header, SegmentId, Side, Time, Tuning};

/// One captured segment as the observers take it.
pub(super) struct Input {
    pub(super) from: Side,
    /// The header in the model's words (the model's own addresses: the TCB
    /// only uses them to address what it would send).
    pub(super) header: Header,
    pub(super) at_us: u64,
    /// The sender's window in bytes, `None` when its scale is unknown.
    pub(super) window: Option<u32>,
    /// Probably lost after the capture point: the receiver never gets it.
    pub(super) lost: bool,
    /// A second capture of one packet: neither sent nor received again.
    pub(super) copy: bool,
    /// The path delivered one packet twice and this is the second: its
    /// sender did nothing; its receiver gets it again (`duplicated.rs`).
    pub(super) network_copy: bool,
    /// Its SACK blocks (RFC 2018), as raw sequence numbers like the header's.
    pub(super) sack: Vec<(u32, u32)>,
    /// Wireshark marks it a duplicate ACK (the same ACK and window again,
    /// nothing else in it).
    pub(super) dup_ack: bool,
    /// Its timestamps option (RFC 7323): TSval, TSecr.
    pub(super) timestamps: Option<(u32, u32)>,
}

/// At most this many segments wait for their receiver's acknowledgment;
/// beyond that the oldest is delivered anyway. A real window rarely holds
/// more segments in flight; the cap bounds the work per segment (the queue
/// is scanned) whatever the capture holds.
pub(super) const MAX_WAITING: usize = 512;

/// Delivers, in order, the waiting segments that `answer` (sent by their
/// receiver) shows have arrived: those with sequence numbers it acknowledges
/// or SACKs, wherever they wait (a retransmission that filled a gap may wait
/// behind later data), and empty ones (ACKs, RSTs) once nothing before them
/// still waits. A duplicate ACK without SACK blocks shows one segment
/// arrived past a gap (RFC 5681 4.2: a receiver sends one at once for each
/// such segment): the first waiting one past its ACK.
/// A segment its receiver already had (`awaits`, see [`old_news_answer`])
/// waits for the duplicate ACK that answers it, without holding up others.
/// `deliver(f)` delivers `f` unless the observer shows it had not arrived
/// either (it would have ended its receiver's connection, or its receiver
/// answered it for no connection only after an RST of its own; see
/// `observer.rs`), and says whether it did.
pub(super) fn release(
    queue: &mut VecDeque<usize>,
    inputs: &[Input],
    at: usize,
    awaits: &[Option<usize>],
    mut deliver: impl FnMut(usize) -> bool,
) {
    let answer = &inputs[at];
    let mut blocked = false;
    let mut past_gap = answer.dup_ack && answer.sack.is_empty();
    let mut kept = VecDeque::new();
    for f in queue.drain(..) {
        let seg = &inputs[f];
        if awaits[f].is_some_and(|j| j > at) {
            kept.push_back(f);
            continue;
        }
        let mut waits =
            awaits[f].is_none() && arrives_later(seg, answer) || (blocked && seg.header.seg_len() == 0);
        if waits && past_gap && seg.header.seg_len() > 0 && beyond(seg, answer) {
            (waits, past_gap) = (false, false);
        }
        if waits || !deliver(f) {
            blocked = true;
            kept.push_back(f);
        }
    }
    *queue = kept;
}

/// The receiver's answer that segment `k` waits for, though it acknowledges
/// the segment's numbers only later or not at all: a repeat of what the
/// receiver had ([`old_news_answer`]) or of what is still on its way
/// ([`repeat_answer`]), or a window probe ([`probe_answer`]). `queued` are
/// the segments still on their way to `k`'s receiver; `round_trip_us`, the
/// sender's round trip.
pub(super) fn awaited_answer(
    inputs: &[Input],
    k: usize,
    sides: &[Observer; 2],
    queued: &VecDeque<usize>,
    round_trip_us: Option<u64>,
) -> Option<usize> {
    old_news_answer(inputs, k, sides, queued)
        .or_else(|| repeat_answer(inputs, k))
        .or_else(|| probe_answer(inputs, k, sides, round_trip_us))
}

/// How many of its receiver's next segments a segment it already had
/// looks through for the duplicate ACK that answers it, and how many
/// segments of either side at most (a side that stops sending must not
/// make every segment of a long capture scan to its end).
const ANSWER_WITHIN: usize = 64;
const SCAN_WITHIN: usize = 256;

/// For segment `k` when it brings its receiver nothing new (a SYN,ACK sent
/// again after the handshake, data or a FIN already received): the
/// receiver's duplicate ACK that answers it, the first among the
/// receiver's next 64 (a burst of its own data may leave between: run
/// 3066's client sent nine segments before answering a SYN,ACK copy). A
/// host answers such a segment at once with an ACK of what it has (RFC
/// 9293 3.10.7.4; Linux `tcp_send_dupack`), so what it sent before that ACK
/// left before the copy came, though it acknowledges the copy's numbers.
/// An ACK that reports the copy in a D-SACK block (RFC 2883) answers it
/// too, though it is no duplicate when it also acknowledges data that
/// arrived before (kernel run 3476: a delayed ACK sent on the copy's
/// arrival). `sides` are the observers as they stand; `queued`, the
/// segments still on their way to `k`'s receiver, ahead of `k` on the path
/// (what they bring in order counts as had: in the kernel scenario
/// `u_ack_crosses_probe` captured at the client, the tail loss probe came
/// behind its original, itself still on its way).
fn old_news_answer(
    inputs: &[Input],
    k: usize,
    sides: &[Observer; 2],
    queued: &VecDeque<usize>,
) -> Option<usize> {
    let seg = &inputs[k];
    let receiver = seg.from.peer();
    let tcb = sides[receiver.index()].tcb.as_ref()?;
    if seg.header.seg_len() == 0 || seg.header.flags.rst() || !tcb.state().is_synchronized() {
        return None;
    }
    let mut had = tcb.rcv_nxt.0;
    for i in queued
        .iter()
        .map(|&f| &inputs[f])
        .filter(|i| i.from == seg.from && !i.lost)
    {
        let (start, end) = (i.header.seq.0, i.header.end().0);
        if had.wrapping_sub(start) <= MAX_WINDOW && end.wrapping_sub(had).wrapping_sub(1) < MAX_WINDOW {
            had = end;
        }
    }
    let old = had.wrapping_sub(seg.header.end().0) <= MAX_WINDOW;
    if !old {
        return None;
    }
    let later = inputs.iter().enumerate().skip(k + 1).take(SCAN_WITHIN);
    later
        .filter(|(_, i)| i.from == receiver && !i.copy)
        .take(ANSWER_WITHIN)
        .find(|(_, i)| i.dup_ack || sacked(seg.header.seq.0, &i.sack))
        .map(|(j, _)| j)
}

/// For data segment `k` that repeats bytes an earlier segment of its sender
/// brings, not yet answered when `k` left (a resend past a hole, sent
/// before the original's answer came back): the receiver's answer to `k`.
/// Past a hole a receiver answers each arrival at once (RFC 5681 4.2), so
/// the first answer that acknowledges or SACKs the bytes is the earlier
/// copy's, and each copy's after it is the next duplicate ACK or the next
/// ACK that SACKs them (a D-SACK, RFC 2883). (A repeat its receiver already
/// had when it left is `old_news_answer`'s.) Kernel run g10094 at the
/// server: a tail loss probe repeated a segment past a hole 89 ms after it;
/// the client's first duplicate ACK SACKed the original, its second
/// reported the probe in a D-SACK.
fn repeat_answer(inputs: &[Input], k: usize) -> Option<usize> {
    let seg = &inputs[k];
    let (h, receiver) = (&seg.header, seg.from.peer());
    if h.seg_len() == 0 || h.flags.syn() || h.flags.rst() || seg.network_copy {
        return None;
    }
    let bytes = (h.seq.0, h.end().0);
    let answers = |i: &Input| {
        let short = bytes.1.wrapping_sub(i.header.ack.0);
        (i.header.flags.ack() && (short == 0 || short > MAX_WINDOW)) || sacked(bytes.0, &i.sack)
    };
    let mut earlier = 0;
    for i in inputs[..k].iter().rev().take(SCAN_WITHIN).filter(|i| !i.copy) {
        if i.from == receiver && answers(i) {
            break;
        }
        let (start, end) = (i.header.seq.0, i.header.end().0);
        let repeats = i.from == seg.from && !i.lost && !i.network_copy && i.header.seg_len() > 0;
        if repeats && holds((start, end), bytes) {
            earlier += 1;
        }
    }
    if earlier == 0 {
        return None;
    }
    let mut later = inputs
        .iter()
        .enumerate()
        .skip(k + 1)
        .take(SCAN_WITHIN)
        .filter(|(_, i)| i.from == receiver && !i.copy)
        .take(ANSWER_WITHIN);
    later.find(|(_, i)| answers(i))?;
    later
        .filter(|(_, i)| i.dup_ack || sacked(bytes.0, &i.sack))
        .nth(earlier - 1)
        .map(|(j, _)| j)
}

/// Whether the byte range `outer` (raw sequence numbers, end exclusive)
/// holds all of `inner`; a range wider than a window holds nothing.
fn holds(outer: (u32, u32), inner: (u32, u32)) -> bool {
    let width = outer.1.wrapping_sub(outer.0);
    width <= MAX_WINDOW && inner.0.wrapping_sub(outer.0) <= width && outer.1.wrapping_sub(inner.1) <= width
}

/// For an empty segment one below what its receiver expects (a zero-window
/// probe or a keep-alive: SEG.SEQ = RCV.NXT − 1) whose receiver's next
/// segment is a window update: the receiver's later ACK that answers it. A
/// receiver answers a probe at once with a bare ACK restating its ack number
/// and window (RFC 9293 3.8.6.1, 3.8.4), so the answer repeats the update;
/// the update left before the probe came. Only within a round trip of the
/// probe (at the probe's sender the answer is captured a whole round trip
/// later, with the same tolerance as `Crossing`), and only while the
/// receiver's segments restate that ack number. Kernel run g9914 at the
/// server: the client's window update left 5 ms before the server's probe
/// reached it, and its answer 0.2 ms after; both were captured 94.8 and
/// 100.3 ms after the probe, on a 100 ms round trip.
fn probe_answer(
    inputs: &[Input],
    k: usize,
    sides: &[Observer; 2],
    round_trip_us: Option<u64>,
) -> Option<usize> {
    let (seg, round_trip) = (&inputs[k], round_trip_us?);
    let (h, receiver) = (&seg.header, seg.from.peer());
    let tcb = sides[receiver.index()].tcb.as_ref()?;
    let expects = tcb.rcv_nxt.0;
    let bare = |i: &Input| i.header.seg_len() == 0 && i.header.flags.control() == Flags::ACK;
    if !bare(seg) || !tcb.state().is_synchronized() || expects.wrapping_sub(h.seq.0) != 1 {
        return None;
    }
    let mine = |i: &&Input| i.from == receiver && !i.copy;
    let mut window = inputs[..k]
        .iter()
        .rev()
        .take(SCAN_WITHIN)
        .find(mine)?
        .header
        .window;
    let within = seg.at_us + round_trip + (round_trip / 16).max(1000);
    let later = inputs.iter().enumerate().skip(k + 1).take(SCAN_WITHIN);
    for (n, (j, i)) in later.filter(|(_, i)| mine(i)).enumerate() {
        if i.at_us > within || i.header.ack.0 != expects || !bare(i) {
            return None;
        }
        if i.header.window == window {
            // The receiver's next segment answering is the common case,
            // which needs no waiting.
            return (n > 0).then_some(j);
        }
        window = i.header.window;
    }
    None
}

/// Whether `seg` starts past the next number `answer` asks for (within a
/// window): it leaves a gap before it.
fn beyond(seg: &Input, answer: &Input) -> bool {
    let lead = seg.header.seq.0.wrapping_sub(answer.header.ack.0);
    lead > 0 && lead <= MAX_WINDOW
}

/// Whether `answer`, sent by the receiver of `seg`, acknowledges less than
/// `seg` ends with (within a window: farther means nothing modulo 2^32)
/// and holds none of it in a SACK block, so `seg` had not arrived when
/// `answer` left. (Data past a gap is not acknowledged until the gap is
/// filled, but each duplicate ACK it prompts SACKs it: without that, the
/// ACKs sent again would be told before the data that prompted them.) A
/// bare SYN answered by a bare SYN had not arrived either: a host that had it would have answered
/// SYN,ACK (the SYNs of a simultaneous open cross). A SYN whose data the
/// answer leaves unacknowledged did arrive when the answer acknowledges the
/// SYN itself: its receiver dropped the data (a SYN without a valid TCP Fast
/// Open cookie), and the sender sends it again after the handshake. (An RST
/// acknowledges nothing: whether one had arrived the observer's rules tell,
/// see `observer.rs`.)
pub(super) fn arrives_later(seg: &Input, answer: &Input) -> bool {
    let (s, a) = (seg.header.flags, answer.header.flags);
    if s.syn() && !s.ack() && a.syn() && !a.ack() {
        return true;
    }
    if s.syn() && a.ack() && answer.header.ack == seg.header.seq + 1 {
        return false;
    }
    let short = seg.header.end().0.wrapping_sub(answer.header.ack.0);
    seg.header.seg_len() > 0
        && a.ack()
        && short > 0
        && short <= MAX_WINDOW
        && !sacked(seg.header.seq.0, &answer.sack)
}

/// Whether a SACK block holds sequence number `first` (a block holding a
/// segment's first byte says the segment arrived; an empty, backwards or
/// wider-than-a-window block says nothing).
fn sacked(first: u32, blocks: &[(u32, u32)]) -> bool {
    blocks.iter().any(|&(left, right)| {
        let width = right.wrapping_sub(left);
        width <= MAX_WINDOW && first.wrapping_sub(left) < width
    })
}

/// Whether segment `k` would end its receiver's connection now (an RST its
/// rules accept, the ACK of its FIN in LAST-ACK), and the receiver's
/// segment `j` is anything but a bare RST (a host without the connection
/// sends nothing else): then `j` left before `k` arrived (both ends aborted
/// at about once, say, or one reset as the other sent its FIN, or the last
/// ACK crossed a FIN sent again). `sides` are the observers as they stand.
pub(super) fn ends_before(
    inputs: &[Input],
    k: usize,
    j: usize,
    sides: &[Observer; 2],
    tuning: &Tuning,
) -> bool {
    let (input, next) = (&inputs[k], inputs[j].header.flags);
    let receiver = input.from.peer();
    if (next.rst() && !next.ack()) || inputs[j].from != receiver {
        return false;
    }
    let Some(tcb) = sides[receiver.index()].tcb.as_ref() else {
        return false;
    };
    let mut events = Vec::new();
    let ctx = Ctx {
        now: Time(input.at_us / 1000),
        send_at: Time(input.at_us / 1000),
        tuning,
        side: receiver,
        events: &mut events,
    };
    tcb.closed_by(&ctx, SegmentId(k as u32), &input.header)
}
