//! Segments that crossed on the path: a segment `j`, sent by the receiver
//! of segment `k` after the capture saw `k`, that still left before `k`
//! arrived, as what `j` does shows (`observer.rs` holds `k` back past it).
//! Five signs: `k` would have ended its receiver's connection
//! ([`ends_before`]), `j` came out after an RST that `k` found no
//! connection behind (`reset.rs`), `j` sends again what `k` acknowledges
//! ([`resent_past`]), `j` probes the window that `k` opened
//! ([`probed_past`]), or `j` echoes an older timestamp than `k`'s, which
//! `k` would have replaced ([`echoed_before`]).

use super::arrival::{ends_before, Input};
use super::resend::{ahead, KEEPALIVE_FLOOR_US};
use super::reset;
use super::side::Observer;
use crate::{Header, State, Tuning};

/// What decides whether two segments crossed, made once per capture.
pub(super) struct Crossing<'a> {
    inputs: &'a [Input],
    tuning: &'a Tuning,
    before: Vec<Before>,
    /// Each side's shortest round trip as the capture point sees it (µs:
    /// one of its segments, then the first acknowledgment of it).
    round_trip_us: [Option<u64>; 2],
}

impl<'a> Crossing<'a> {
    pub(super) fn new(
        inputs: &'a [Input],
        tuning: &'a Tuning,
        round_trip_us: [Option<u64>; 2],
    ) -> Crossing<'a> {
        Crossing {
            inputs,
            tuning,
            before: sent_before(inputs),
            round_trip_us,
        }
    }

    /// Whether segment `j`, sent by the receiver of segment `k`, left
    /// before `k` arrived. `sides` are the observers as they stand;
    /// `reset_by`, the bare RST that answers each segment.
    pub(super) fn crossed(
        &self,
        sides: &[Observer; 2],
        reset_by: &[Option<usize>],
        k: usize,
        j: usize,
    ) -> bool {
        let inputs = self.inputs;
        ends_before(inputs, k, j, sides, self.tuning)
            || self.too_soon_for_an_answer(k, j)
            || reset::answered_after(reset_by, inputs, k, j)
            || resent_past(&inputs[k], &inputs[j], [self.before[k], self.before[j]])
            || probed_past(&inputs[k], &inputs[j], self.before[k])
            || (records_timestamps(&sides[inputs[k].from.peer().index()])
                && echoed_before(&inputs[k], &inputs[j], self.before[k], self.before[j]))
    }
}

impl Crossing<'_> {
    /// Whether `k` is an RST or a probe (empty, below what its sender had
    /// sent: a keep-alive or a zero-window probe) and `j` came from its
    /// receiver sooner after it than an answer could: a round trip of `k`'s
    /// direction, less a sixteenth or a millisecond, whichever is more (the
    /// shortest seen is one sample, and a host's own time to answer varies
    /// by that much: under a millisecond, time tells nothing). Neither
    /// acknowledges anything, so only time
    /// tells; at an end host the other side's segments are captured a whole
    /// path later than they left. Kernel run 4132 at the client: the
    /// server's window update, captured 18 ms after the client's abort on a
    /// 100 ms round trip, had left 32 ms before the RST arrived, and the
    /// RST, in the window it opened, drew a challenge ACK. Kernel capture
    /// u_probe_crosses_update at the client: the window update, captured
    /// 177 ms after the probe on a 200 ms round trip, left 22 ms before the
    /// probe arrived; the probe's answer came 200 ms after it.
    fn too_soon_for_an_answer(&self, k: usize, j: usize) -> bool {
        let (seg, next) = (&self.inputs[k], &self.inputs[j]);
        let Some(round_trip) = self.round_trip_us[seg.from.index()] else {
            return false;
        };
        let h = &seg.header;
        let probe = h.flags.ack()
            && !h.flags.syn()
            && !h.flags.fin()
            && h.len <= 1
            && self.before[k].sent.is_some_and(|sent| ahead(sent, h.seq.0));
        (h.flags.rst() || probe)
            && next.from != seg.from
            && next.at_us.saturating_sub(seg.at_us) < round_trip.saturating_sub((round_trip / 16).max(1000))
    }
}

/// What a segment's sender had sent before it (raw numbers, compared
/// within a window; `None` before the first).
#[derive(Clone, Copy, Default)]
struct Before {
    /// The furthest ack number.
    acked: Option<u32>,
    /// The furthest end of its sequence numbers (data, SYN, FIN).
    sent: Option<u32>,
    /// Its last segment announced a window of zero.
    closed: bool,
    /// The other side's furthest ack number.
    peer_acked: Option<u32>,
    /// The furthest end of the other side's sequence numbers.
    peer_sent: Option<u32>,
}

/// [`Before`] for each segment.
fn sent_before(inputs: &[Input]) -> Vec<Before> {
    let mut furthest = [Before::default(); 2];
    let further = |to: &mut Option<u32>, n: u32| {
        if to.is_none_or(|f| ahead(n, f)) {
            *to = Some(n);
        }
    };
    inputs
        .iter()
        .map(|i| {
            let peer = furthest[i.from.peer().index()];
            let side = &mut furthest[i.from.index()];
            let before = Before {
                peer_acked: peer.acked,
                peer_sent: peer.sent,
                ..*side
            };
            if !i.copy {
                if i.header.flags.ack() {
                    further(&mut side.acked, i.header.ack.0);
                }
                if i.header.seg_len() > 0 {
                    further(&mut side.sent, i.header.end().0);
                }
                side.closed = i.header.window == 0 && !i.header.flags.rst();
            }
            before
        })
        .collect()
}

/// Whether `answer`, sent by the receiver of `seg`, sends again data (or a
/// FIN) that `seg` acknowledges for the first time (`before`: what each had
/// sent until then). A host never sends again what it knows was
/// acknowledged, so `seg` had not arrived when `answer` left: they crossed
/// (a tail loss probe or a retransmission timer fired while the ACK was on
/// its way, as on a 10 ms path in run 3205). A keep-alive's byte had been
/// acknowledged before, so it says nothing; nor does a segment that sends
/// anything new, or an ACK of numbers never sent.
fn resent_past(seg: &Input, answer: &Input, before: [Before; 2]) -> bool {
    let (s, a) = (seg.header.flags, answer.header.flags);
    if !s.ack() || s.rst() || a.syn() || a.rst() || answer.header.seg_len() == 0 || answer.from == seg.from {
        return false;
    }
    let (end, ack) = (answer.header.end().0, seg.header.ack.0);
    let at_or_below = |limit: u32| end == limit || ahead(limit, end);
    // What `answer`'s sender had sent: `answer` repeats it, and `seg`
    // acknowledges no more than it (an ACK of numbers never sent is not
    // taken).
    let Some(sent) = before[1].sent else {
        return false;
    };
    let again = at_or_below(sent);
    let acceptable = ack == sent || ahead(sent, ack);
    again && acceptable && at_or_below(ack) && before[0].acked.is_none_or(|b| ahead(end, b))
}

/// Whether `answer`, sent by the receiver of `seg`, probes the window that
/// `seg` opened (`before`: what `seg`'s sender had sent until then): `seg`
/// is a bare ACK announcing room after its sender's zero window, and
/// `answer` is empty and one below `seg`'s ack, sooner after it than any
/// keep-alive comes. A host that had the update would send data into the
/// room instead, so the update was still on its way (kernel run 3405: the
/// probe left 24 ms before the update reached it, on a 100 ms path).
fn probed_past(seg: &Input, answer: &Input, before: Before) -> bool {
    let (s, a) = (&seg.header, &answer.header);
    let bare =
        |h: &Header| h.flags.ack() && !h.flags.syn() && !h.flags.fin() && !h.flags.rst() && h.seg_len() == 0;
    answer.from != seg.from
        && before.closed
        && bare(s)
        && s.window > 0
        && bare(a)
        && a.seq.0.wrapping_add(1) == s.ack.0
        && answer.at_us.saturating_sub(seg.at_us) < KEEPALIVE_FLOOR_US
}

/// Whether a side records the timestamps of what arrives (TS.Recent) the
/// way [`echoed_before`] reads them: a whole connection, not yet closing
/// for good. Linux keeps a connection in TIME-WAIT (and one closed by its
/// application in FIN-WAIT-2) as a small husk that answers a FIN sent
/// again with the timestamp it had (kernel run `f_lost_final_ack` at the
/// client: the server's FIN came again and the ACK echoed the first one).
fn records_timestamps(side: &Observer) -> bool {
    side.tcb.as_ref().is_some_and(|tcb| {
        matches!(
            tcb.state(),
            State::SynReceived
                | State::Established
                | State::FinWait1
                | State::CloseWait
                | State::Closing
                | State::LastAck
        )
    })
}

/// Whether `answer`, sent by the receiver of `seg`, echoes a timestamp
/// older than `seg`'s (`before`: what each had sent until then). A host
/// echoes the latest TSval it recorded (TS.Recent), and records that of a
/// segment that arrives with its first number at or below the ack it last
/// sent and its end at or above it (RFC 7323 4.3; Linux's `rcv_wup`): had
/// `seg` arrived, that ack was at least the one `answer`'s sender had sent
/// before `seg` was captured, and at most the one it had sent before
/// `answer`. So where `seg` spans both, `answer` left before `seg` arrived.
/// Only where `seg`'s ack is none older than its sender's before it and
/// acknowledges nothing its receiver had not sent (Linux records nothing
/// from a segment with an old or impossible ack: kernel run
/// `p_ack_of_unsent_data`). Kernel run 6009 over
/// IPv6, captured at the server: the client's FIN,
/// resent by its timer, echoed the first FIN's timestamp, not that of the
/// server's resent FIN captured 4 ms before it; that one arrived 96 ms
/// after the client's left, and its answer echoed it.
fn echoed_before(seg: &Input, answer: &Input, before: Before, answer_before: Before) -> bool {
    let (s, a) = (seg.header.flags, answer.header.flags);
    if answer.from == seg.from || s.syn() || s.rst() || a.syn() || a.rst() {
        return false;
    }
    let (Some((tsval, _)), Some((_, echo))) = (seg.timestamps, answer.timestamps) else {
        return false;
    };
    let (Some(low), Some(high)) = (before.peer_acked, answer_before.acked) else {
        return false;
    };
    let (first, end) = (seg.header.seq.0, seg.header.end().0);
    let at_or_after = |a: u32, b: u32| a == b || ahead(a, b);
    let ack = seg.header.ack.0;
    let fresh_ack = before.acked.is_none_or(|acked| at_or_after(ack, acked))
        && before.peer_sent.is_some_and(|sent| at_or_after(sent, ack));
    (tsval.wrapping_sub(echo) as i32) > 0
        && s.ack()
        && fresh_ack
        && at_or_after(low, first)
        && at_or_after(end, high)
}
