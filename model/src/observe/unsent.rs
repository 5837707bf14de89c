//! A segment its own sender's next one shows was sent, though the capture
//! never held it. A bare ACK carries SND.NXT, so one that starts beyond
//! everything its sender was seen to send proves a segment in between:
//! lost before the capture point (a capture taken at the receiving host
//! never sees what the path lost on the way to it) or missed by the capture.
//! Kernel run 4058 captured at the client: the server's FIN was lost on the
//! way, and the server's ACK of the client's FIN carried seq = FIN + 1; the
//! FIN sent again 330 ms later showed what it was.

use std::collections::VecDeque;

use super::arrival::Input;
use super::side::Observer;
use crate::tcb::observe::MAX_WINDOW;
use crate::tcb::Ctx;
use crate::{Flags, Header, SegmentId, Seq};

/// For each segment, the unseen segment of its sender's it reveals, if it
/// is a bare ACK (or an empty FIN) that starts beyond every sequence number its sender was
/// seen to send before it (see the module header), and its sender's next
/// segment bears it out: a copy of the missing numbers, ending where it
/// starts, or the sender going on from there. (An injected ACK with a made-up
/// number is followed by its sender's real numbers, behind it: kernel
/// capture p_ack_of_unsent_data.) When the unseen one is a FIN, the
/// receiver's segments the revealer acknowledges are taken only after it:
/// which came first at its sender, the capture cannot show, and a FIN sent
/// before the peer's arrived is a simultaneous close. (Unseen data goes out
/// as the capture has it: run 4206 at the client, the server's first data
/// lost, then its FIN past it, after the handshake's ACK had arrived.)
pub(super) fn reveals_unsent(inputs: &[Input]) -> Vec<Option<Header>> {
    // Each segment's sender's next one that is not the same bare ACK again
    // (an injected one is often sent several times).
    let mut next_own = vec![None; inputs.len()];
    let mut after: [Option<usize>; 2] = [None, None];
    for (k, input) in inputs.iter().enumerate().rev() {
        let next = after[input.from.index()];
        let again = |j: usize| {
            let (h, n) = (&input.header, &inputs[j].header);
            is_bare_ack(n.flags) && n.len == 0 && n.seq == h.seq
        };
        next_own[k] = next.and_then(|j| if again(j) { next_own[j] } else { Some(j) });
        if !input.copy {
            after[input.from.index()] = Some(k);
        }
    }
    let mut sent_to: [Option<Seq>; 2] = [None, None];
    let mut out = vec![None; inputs.len()];
    for (k, input) in inputs.iter().enumerate() {
        let h = &input.header;
        let own = &mut sent_to[input.from.index()];
        // (A FIN past them too: the missing numbers were data before it.)
        let empty = h.flags.ack() && !h.flags.syn() && !h.flags.rst() && h.len == 0;
        if let Some(end) = own.filter(|&end| empty && beyond(end, h.seq)) {
            let next = next_own[k].map(|j| &inputs[j].header);
            out[k] = match next {
                Some(n) if n.seq == end && n.end() == h.seq => Some(missing(h, end, n.flags.fin())),
                // The missing data sent again with the revealing FIN in one
                // segment (run 11207 at the server: data lost, its FIN past
                // the gap, then both as one FIN,PSH).
                Some(n) if n.seq == end && h.flags.fin() && n.flags.fin() && n.end() == h.end() => {
                    Some(missing(h, end, false))
                }
                Some(n) if n.seq == h.seq || beyond(h.seq, n.seq) => Some(missing(h, end, false)),
                _ => None,
            };
        }
        let end = h.end();
        if !input.copy && own.is_none_or(|e| beyond(e, end)) {
            *own = Some(end);
        }
    }
    out
}

/// The segment between `from` and `revealer`'s number: a FIN (with the data
/// before it), or data (its ACK field is set when it is taken).
fn missing(revealer: &Header, from: Seq, fin: bool) -> Header {
    Header {
        seq: from,
        flags: if fin { Flags::FIN_ACK } else { Flags::ACK },
        // No window: the sender's advertised edge stays where it was.
        window: 0,
        mss: None,
        len: revealer.seq.0.wrapping_sub(from.0) - u32::from(fin),
        ..*revealer
    }
}

/// `later` is past `earlier`, by at most a window.
fn beyond(earlier: Seq, later: Seq) -> bool {
    let ahead = later.0.wrapping_sub(earlier.0);
    ahead > 0 && ahead <= MAX_WINDOW
}

fn is_bare_ack(f: Flags) -> bool {
    f.ack() && !f.syn() && !f.fin() && !f.rst()
}

/// If `revealer` reveals an unseen segment `missed` (see [`reveals_unsent`])
/// and `sender`'s observer had sent nothing past it, the observer takes it
/// as sent, just before the revealer `id` (at `at_us`); its receiver never
/// took it (an ACK of it would show it arrived: `fill_unreceived`). Returns
/// whether it did.
pub(super) fn take(
    sender: &mut Observer,
    mut ctx: Ctx<'_>,
    id: SegmentId,
    at_us: u64,
    missed: Header,
) -> bool {
    let start = ctx.events.len();
    let Some(tcb) = sender.tcb.as_mut().filter(|t| t.state().is_synchronized()) else {
        return false;
    };
    if tcb.snd_nxt != missed.seq || tcb.fin_queued() {
        return false;
    }
    // It acknowledges what its sender had then (the revealer's ACK field may
    // cover what arrived since: that is released after this).
    let missed = Header {
        ack: tcb.rcv_nxt,
        ..missed
    };
    tcb.observe_sent(&mut ctx, &missed, Some(0));
    sender.settle(ctx.events, start, at_us, id);
    true
}

/// Where, in the peer's segments `waiting` for `revealer`'s sender, a FIN
/// the peer sent again waits: the copy, at the same number as a FIN before
/// it, both acknowledged by `revealer`. The first copy went a whole
/// retransmission timeout without an answer. Had the unseen FIN `revealer`
/// reveals left before that FIN arrived, the FIN would have found its
/// sender in FIN-WAIT-1, which answers it at once (CLOSING, RFC 9293
/// 3.10.7.4, eighth), and that ACK would have had to be lost as well: one
/// loss, not two, says the first FIN arrived first, the unseen FIN,ACK
/// answered it, and the copy came after. Kernel run 7303 at the server: the
/// client's FIN,ACK answering the server's FIN was lost, the server sent its
/// FIN again, and the client's ACK of that copy (seq = FIN + 1) was told as
/// a simultaneous close ending in TIME-WAIT, where ss saw the client's
/// connection closed.
pub(super) fn fin_sent_again(waiting: &VecDeque<usize>, inputs: &[Input], revealer: usize) -> Option<usize> {
    let acked = inputs[revealer].header.ack;
    let mut fins = Vec::new();
    for (at, &f) in waiting.iter().enumerate() {
        let h = &inputs[f].header;
        if h.flags.fin() && !inputs[f].network_copy && h.seq + h.len < acked {
            if fins.contains(&h.seq) {
                return Some(at);
            }
            fins.push(h.seq);
        }
    }
    None
}

/// Takes what waits from position `first` on out of `waiting`, to be
/// delivered after the unseen segment ([`put_back`]).
pub(super) fn set_aside(waiting: &mut VecDeque<usize>, first: usize) -> Vec<usize> {
    let mut later = Vec::new();
    while waiting.len() > first {
        later.extend(waiting.pop_back());
    }
    later
}

/// Puts what [`set_aside`] took back behind what still waits, in order.
pub(super) fn put_back(waiting: &mut VecDeque<usize>, mut later: Vec<usize>) {
    while let Some(f) = later.pop() {
        waiting.push_back(f);
    }
}
