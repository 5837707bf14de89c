//! Bare resets in a capture, and what they say about their sender.
//!
//! `<SEQ=SEG.ACK><CTL=RST>`, an RST without the ACK flag, is how a host
//! answers a segment that belongs to no connection it has (RFC 9293
//! 3.10.7.1). Linux also sends it from a live connection's input when the
//! rules say so (an unacceptable ACK in SYN-SENT, data after close()); its
//! application's abort carries ACK. So its number names the segment it
//! answers, and the answer tells where its sender was, which the observer's
//! TCB for that side may not know: the capture shows neither a close() (it
//! looks like shutdown() on the wire) nor a timer that ends a connection.

use crate::event::Cause;
use crate::tcb::{Ctx, Tcb};
use crate::{Call, Header, SegmentId, State};

use super::arrival::{arrives_later, Input};

/// How many segments before a bare RST are searched for the one it answers:
/// on the wire it follows within a round trip; this bounds a hostile file.
const LOOKBACK: usize = 64;

/// For each segment, the bare RST that answers it, if one does: the RST's
/// number is the acknowledgment number of the peer's latest segment before
/// it with that number (a later one with another number did not arrive, or
/// came too late), and whatever the RST's sender sent in between left
/// before that segment arrived (it does not acknowledge it: a FIN that
/// crossed the data it is reset for, say), or was an RST itself (a bare one
/// answers another segment, whether or not this one had come; after its own
/// abort a host answers what arrives for no connection).
/// A burst of such RSTs (one number, nothing else from their sender between
/// them) answers as many of the latest such segments, one by one in order:
/// a host answers each segment that reaches it, as it comes.
pub(super) fn answers(inputs: &[Input]) -> Vec<Option<usize>> {
    let mut reset_by: Vec<Option<usize>> = vec![None; inputs.len()];
    let mut in_burst = vec![false; inputs.len()];
    for (j, input) in inputs.iter().enumerate() {
        let rst = input.header;
        if !is_bare_rst(&rst) || in_burst[j] {
            continue;
        }
        // The burst this RST starts (bounded, like the search).
        let mut burst = vec![j];
        for (m, next) in inputs.iter().enumerate().skip(j + 1) {
            if burst.len() == LOOKBACK
                || (next.from == input.from && (!is_bare_rst(&next.header) || next.header.seq != rst.seq))
            {
                break;
            }
            if next.from == input.from {
                burst.push(m);
                in_burst[m] = true;
            }
        }
        // (An empty segment's arrival no later segment can disprove: no
        // ACK acknowledges it. An abort's RST,ACK often follows data the
        // sender still had in flight, and the peer's ACKs of it come after.)
        let before_arrival = |k: usize| {
            let empty = inputs[k].header.seg_len() == 0;
            (k + 1..j)
                .filter(|&m| inputs[m].from == input.from)
                .all(|m| empty || inputs[m].header.flags.rst() || arrives_later(&inputs[k], &inputs[m]))
        };
        let last = burst[burst.len() - 1];
        let answered: Vec<usize> = (j.saturating_sub(LOOKBACK)..last)
            .filter(|&k| {
                let h = inputs[k].header;
                inputs[k].from != input.from
                    && h.flags.ack()
                    && !h.flags.rst()
                    && h.ack == rst.seq
                    && before_arrival(k)
            })
            .collect();
        // The latest of them, paired from the end: each before its RST.
        for (&k, &r) in answered.iter().rev().zip(burst.iter().rev()) {
            if k < r {
                reset_by[k] = Some(r);
            }
        }
    }
    reset_by
}

/// Whether segment `k`, which a bare RST of its receiver answers, had not
/// reached that receiver when the receiver sent `m`: the receiver sent an
/// RST of its own at `m` or after it, before the answer, and a host answers
/// so only a segment that finds no connection, so `k` arrived once that RST
/// had ended it (its abort crossed `k` on the path, or data the receiver
/// still sent before aborting did). Or `m`, before the answer, is neither
/// an RST nor a SYN (which SYN-SENT sends again after answering an
/// unacceptable ACK): only a live connection sends it, so it left before
/// `k` found that connection gone, also when the abort that ended it is
/// not in the capture (kernel run 4112 captured at the client: the
/// server's RST,ACK lost before it, its data captured after the client's
/// ACKs that the server's bare RSTs answer).
pub(super) fn answered_after(reset_by: &[Option<usize>], inputs: &[Input], k: usize, m: usize) -> bool {
    let receiver = inputs[m].from;
    let live = |h: &Header| !h.flags.rst() && !h.flags.syn();
    reset_by[k].is_some_and(|r| {
        (m < r && live(&inputs[m].header))
            || (m..r).any(|a| inputs[a].from == receiver && inputs[a].header.flags.rst())
    })
}

/// An RST without ACK: on the wire, an answer to an arriving segment.
fn is_bare_rst(h: &Header) -> bool {
    h.flags.rst() && !h.flags.ack()
}

/// `seg` is about to reach the side whose observer TCB is `tcb`, and that
/// side answers it with a bare RST. Puts the TCB where the answer shows it
/// was, before the segment is taken (`None` when the connection had
/// already ended there: the segment then belongs to no connection).
///
/// - SYN-SENT, the RST at its own SYN's acknowledgment: its application
///   gave up on connect() before this came, silently; unless SYN-SENT's own
///   rules give that answer (an old duplicate's SYN,ACK, 3.10.7.3).
/// - Synchronized, where the TCB's rules would not send the RST: data (or a
///   FIN past a gap, [`super::lost`]) after its FIN means its application
///   called close(), not shutdown(), and Linux resets data no one will read
///   (TCPAbortOnData), by the rules once the TCB knows. Anything else means
///   the connection had already ended
///   there, by a timer no segment shows (Linux deletes a connection closed
///   by its application after tcp_fin_timeout in FIN-WAIT-2; TIME-WAIT
///   ends) or because the host forgot it (a restart).
pub(super) fn before_answer(tcb: &mut Option<Tcb>, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
    let Some(t) = tcb.as_mut() else {
        return;
    };
    if t.state() == State::SynSent && t.acks_our_syn(seg.ack) {
        t.close_down(ctx, State::Closed, Cause::Call { call: Call::Close });
        *tcb = None;
        return;
    }
    if !t.state().is_synchronized() {
        return;
    }
    // In FIN-WAIT the rules are tried as if close() was called, which only
    // adds resets (of data, or of a FIN past a gap): learnt if they answer.
    let mut closed = t.clone();
    if matches!(t.state(), State::FinWait1 | State::FinWait2) {
        closed.learn_closed_by_application();
    }
    if closed.answers_with_rst(ctx, id, seg) {
        *t = closed;
        return;
    }
    t.close_down(ctx, State::Closed, Cause::Assumed);
    *tcb = None;
}
