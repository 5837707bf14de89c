//! Each side's states, inferred by the model's own TCB rules: one observer
//! TCB per side (`side.rs`), fed in capture order what that side was seen
//! to send and, unless it was probably lost after the capture point, what
//! it received. The TCB rules themselves are `tcb`'s (`on_segment` for
//! arrivals, `observe_sent` for what a side sends); this file only decides
//! when a captured segment reaches its receiver (see [`observe`]).

use std::collections::VecDeque;

use super::ahead;
use super::arrival::{arrives_later, awaited_answer, release, Input, MAX_WAITING};
use super::crossing::Crossing;
use super::outcome::{Observed, Outcome};
use super::reset;
use super::side::{ignored, Observer};
use super::types::Passage;
use super::unsent;
use crate::event::{Conn, Event, EventKind, IgnoreReason};
use crate::tcb::observe::{Sent, MAX_WINDOW};
use crate::tcb::Ctx;
use crate::wire::addr_of;
use crate::{Flags, Header, Purpose, SegmentId, Side, State, Time, Tuning};

/// Runs both observers over `inputs` (time order).
///
/// A segment reaches its receiver's observer when captured, unless the
/// receiver's next segment shows it had not: it acknowledges (or SACKs)
/// less, or it is anything but a bare RST after a segment that would end
/// the receiver's connection, or an RST of the receiver's own before its
/// answer for no connection; a copy of what the receiver had waits for the
/// duplicate ACK answering it (`arrival.rs`, `reset.rs`). On loopback a
/// segment is captured before it arrives, and crossings look like answers
/// (two FINs, two aborts, an RST and a FIN). It waits, with what follows it
/// from its sender, until the receiver's segment that shows it had come (or
/// the capture's end), and is taken at that segment's time.
pub(super) fn observe(inputs: &[Input], tuning: &Tuning, round_trip_us: [Option<u64>; 2]) -> Observed {
    let mut run = Run {
        inputs,
        tuning,
        sides: Side::BOTH.map(Observer::new),
        // Looked ahead once (`ahead.rs`).
        first_sent: ahead::first_sent(inputs),
        syn_ack: ahead::listening_syn_ack(inputs),
        events: Vec::new(),
        event_us: Vec::new(),
        passages: Vec::new(),
        outcomes: vec![Outcome::default(); inputs.len()],
        answered_by: ahead::answered_by(inputs),
        // The bare RSTs that answer a segment.
        reset_by: reset::answers(inputs),
        reveals_unsent: unsent::reveals_unsent(inputs),
    };
    let crossing = Crossing::new(inputs, tuning, round_trip_us);
    let mut waiting: [VecDeque<usize>; 2] = Default::default();
    let mut awaits = vec![None; inputs.len()];
    for (k, input) in inputs.iter().enumerate() {
        if input.copy {
            continue;
        }
        let (from, to) = (input.from, input.from.peer());
        if input.network_copy {
            // The path's second delivery of a packet: its sender did nothing.
            run.pass(k, false, input.at_us);
        } else {
            run.leave(k, &mut waiting[from.index()], &awaits, &crossing);
        }
        if input.lost {
            continue;
        }
        let (queued, rtt) = (&waiting[to.index()], round_trip_us[from.index()]);
        awaits[k] = awaited_answer(inputs, k, &run.sides, queued, rtt);
        let later = awaits[k].is_some()
            || run.answered_by[k].is_some_and(|j| {
                run.reveals_unsent[j].is_some_and(|m| m.flags.fin())
                    || arrives_later(input, &inputs[j])
                        && !run.sides[to.index()].refuses_probe(&input.header, Some(&inputs[j].header))
                    || crossing.crossed(&run.sides, &run.reset_by, k, j)
            });
        let queue = &mut waiting[to.index()];
        if later || !queue.is_empty() {
            queue.push_back(k);
            if queue.len() > MAX_WAITING {
                run.deliver(queue.pop_front().unwrap_or(k), input.at_us, run.answered_by[k]);
            }
        } else {
            run.deliver(k, input.at_us, run.answered_by[k]);
        }
    }
    let end = inputs.last().map_or(0, |i| i.at_us);
    for f in waiting.into_iter().flatten() {
        run.deliver(f, end, None);
    }
    let [client, server] = run.sides;
    Observed {
        lifelines: [client.lifeline, server.lifeline],
        outcomes: run.outcomes,
        events: run.events,
        event_us: run.event_us,
        passages: run.passages,
    }
}

/// The observers with what they share.
struct Run<'a> {
    inputs: &'a [Input],
    tuning: &'a Tuning,
    sides: [Observer; 2],
    first_sent: [Option<Header>; 2],
    syn_ack: [Option<Header>; 2],
    events: Vec<Event>,
    /// See [`Observed::event_us`].
    event_us: Vec<u64>,
    /// See [`Observed::passages`].
    passages: Vec<Passage>,
    outcomes: Vec<Outcome>,
    /// For each segment, the next segment its receiver sends.
    answered_by: Vec<Option<usize>>,
    /// For each segment, the bare RST that answers it, if one does.
    reset_by: Vec<Option<usize>>,
    /// See [`unsent::reveals_unsent`].
    reveals_unsent: Vec<Option<Header>>,
}

impl Run<'_> {
    fn ctx(&mut self, side: Side, at_us: u64) -> (Ctx<'_>, &mut Observer) {
        let ctx = Ctx {
            now: Time(at_us / 1000),
            send_at: Time(at_us / 1000),
            tuning: self.tuning,
            side,
            events: &mut self.events,
        };
        (ctx, &mut self.sides[side.index()])
    }

    /// Gives the events logged since the last stamp their capture time.
    fn stamp(&mut self, at_us: u64) {
        self.event_us.resize(self.events.len(), at_us);
    }

    /// Notes that segment `k` left (or arrived) here, before the events its
    /// sending (or arrival) causes.
    fn pass(&mut self, k: usize, arrived: bool, at_us: u64) {
        self.stamp(at_us);
        self.passages.push(Passage {
            segment: SegmentId(k as u32),
            arrived,
            at_us,
            before_event: self.events.len(),
        });
    }

    /// Segment `k` leaves its sender, after a segment of its sender's the capture
    /// missed and the arrival of what it acknowledges (`waiting`: the sender's).
    fn leave(
        &mut self,
        k: usize,
        waiting: &mut VecDeque<usize>,
        awaits: &[Option<usize>],
        crossing: &Crossing,
    ) {
        let (at_us, from) = (self.inputs[k].at_us, self.inputs[k].from);
        let arrive = |run: &mut Self, waiting: &mut VecDeque<usize>| {
            release(waiting, run.inputs, k, awaits, |f| {
                let crossed = crossing.crossed(&run.sides, &run.reset_by, f, k);
                if !crossed {
                    run.deliver(f, at_us, Some(k));
                }
                !crossed
            });
        };
        if let Some(missed) = self.reveals_unsent[k] {
            // A side that has not finished its handshake sends no FIN: what `k` acknowledges
            // arrived before the unseen one left (IPv6 kernel run 6700 at the client: the
            // handshake's ACK held 80 ms, the client's FIN,ACK completed it and made the server
            // close). Nor does one that answered the peer's FIN, sent again since: what came up
            // to that FIN's copy arrived first (`unsent::fin_sent_again`).
            let sender = &self.sides[from.index()];
            let first = match sender.tcb.as_ref().is_some_and(|t| t.state().is_synchronized()) {
                false => Some(waiting.len()),
                true if missed.flags.fin() => unsent::fin_sent_again(waiting, self.inputs, k),
                true => None,
            };
            if let Some(first) = first {
                let later = unsent::set_aside(waiting, first);
                arrive(self, waiting);
                unsent::put_back(waiting, later);
            }
            let (ctx, sender) = self.ctx(from, at_us);
            self.outcomes[k].sent_unseen = unsent::take(sender, ctx, SegmentId(k as u32), at_us, missed);
            self.stamp(at_us);
        }
        arrive(self, waiting);
        self.send(k);
    }

    /// Segment `k` leaves its sender.
    fn send(&mut self, k: usize) {
        let unseen = self.fill_unseen(k) || self.fill_unreceived(k);
        self.pass(k, false, self.inputs[k].at_us);
        let input = &self.inputs[k];
        let (from, id) = (input.from, SegmentId(k as u32));
        let peer_first = self.first_sent[from.peer().index()];
        let (mut ctx, sender) = self.ctx(from, input.at_us);
        let start = ctx.events.len();
        sender.begin_sending(&mut ctx, &input.header, peer_first);
        let sent = match &mut sender.tcb {
            Some(tcb) => tcb.observe_sent(&mut ctx, &input.header, input.window),
            None => Sent::default(),
        };
        sender.settle(ctx.events, start, input.at_us, id);
        self.stamp(input.at_us);
        self.outcomes[k].sent = sent;
        self.outcomes[k].acks_unseen = unseen;
    }

    /// If segment `k` acknowledges sequence numbers its receiver (the peer) was never seen to
    /// send, and the peer's next segment starts at or beyond them (so it did send them), the
    /// capture missed a segment that went the other way: the peer sent it and `k`'s sender
    /// received it, before `k` left. Both observers are told, at `k`'s time (the capture shows
    /// no earlier one). One missing sequence number after which the peer sends no more data was
    /// a FIN (data takes at least a byte, and nothing follows a FIN); anything else was data.
    /// When the peer's next segment starts below, the peer never sent them: `k` is not what its
    /// sender would send (an injected segment, say), and the sender's observer says so
    /// (`out_of_place`). Returns whether a gap was filled.
    fn fill_unseen(&mut self, k: usize) -> bool {
        let input = &self.inputs[k];
        let (from, peer, id) = (input.from, input.from.peer(), SegmentId(k as u32));
        let Some(tcb) = &self.sides[peer.index()].tcb else {
            return false;
        };
        let (snd_nxt, ack) = (tcb.snd_nxt, input.header.ack);
        let gap = ack.0.wrapping_sub(snd_nxt.0);
        let knows_isn = !matches!(tcb.state(), State::SynSent | State::Closed | State::Listen);
        if !input.header.flags.ack() || !knows_isn || gap == 0 || gap > MAX_WINDOW {
            return false;
        }
        let next = self.answered_by[k].map(|j| &self.inputs[j].header);
        if next.is_some_and(|h| h.seq < ack) {
            return false;
        }
        let data_follows = next.is_some_and(|h| h.len > 0);
        let fin = gap == 1 && !tcb.fin_queued() && !data_follows;
        let missed = Header {
            src: addr_of(peer),
            dst: addr_of(from),
            seq: snd_nxt,
            ack: tcb.rcv_nxt,
            flags: if fin { Flags::FIN_ACK } else { Flags::ACK },
            // No window: the peer's advertised edge stays where it was.
            window: 0,
            mss: None,
            len: if fin { 0 } else { gap },
        };
        let (mut ctx, sender) = self.ctx(peer, input.at_us);
        let start = ctx.events.len();
        if let Some(tcb) = &mut sender.tcb {
            tcb.observe_sent(&mut ctx, &missed, Some(0));
        }
        sender.settle(ctx.events, start, input.at_us, id);
        self.take_missed(from, &missed, input.at_us, id);
        true
    }

    /// If segment `k` acknowledges bytes the peer did send (its SND.NXT is
    /// at or beyond them) but `k`'s sender never got in the capture's view,
    /// the capture missed them on their way (its kernel dropped them, say):
    /// they arrived, as the ACK proves. `k`'s sender takes them, RCV.NXT up
    /// to the ACK (not the peer's FIN: a FIN held waits for them), at `k`'s
    /// time. Returns whether it did.
    fn fill_unreceived(&mut self, k: usize) -> bool {
        let input = &self.inputs[k];
        let (from, peer, id, ack) = (
            input.from,
            input.from.peer(),
            SegmentId(k as u32),
            input.header.ack,
        );
        let (Some(own), Some(theirs)) = (&self.sides[from.index()].tcb, &self.sides[peer.index()].tcb) else {
            return false;
        };
        let knows_irs = !matches!(own.state(), State::SynSent | State::Closed | State::Listen);
        let missing = ack.0.wrapping_sub(own.rcv_nxt.0);
        let beyond = theirs.snd_nxt.0.wrapping_sub(ack.0);
        if !input.header.flags.ack()
            || !knows_irs
            || missing == 0
            || missing > MAX_WINDOW
            || beyond > MAX_WINDOW
        {
            return false;
        }
        let len = missing - u32::from(beyond == 0 && theirs.fin_queued());
        if len == 0 {
            return false;
        }
        let missed = Header {
            src: addr_of(peer),
            dst: addr_of(from),
            seq: own.rcv_nxt,
            ack: theirs.rcv_nxt,
            flags: Flags::ACK,
            // No window: the peer's advertised edge stays where it was.
            window: 0,
            mss: None,
            len,
        };
        self.take_missed(from, &missed, input.at_us, id);
        true
    }

    /// `side`'s observer takes `missed`, a segment the capture did not show
    /// arriving, at `at_us`; its events are told as segment `id`'s (the
    /// segment that revealed it).
    fn take_missed(&mut self, side: Side, missed: &Header, at_us: u64, id: SegmentId) {
        let (mut ctx, receiver) = self.ctx(side, at_us);
        let start = ctx.events.len();
        if let Some(tcb) = &mut receiver.tcb {
            tcb.on_segment(&mut ctx, id, missed);
        }
        receiver.settle(ctx.events, start, at_us, id);
        self.stamp(at_us);
    }

    /// Segment `k` reaches its receiver at `at_us`; `next` is the receiver's
    /// next segment, which may answer it.
    fn deliver(&mut self, k: usize, at_us: u64, next: Option<usize>) {
        self.pass(k, true, at_us);
        let input = &self.inputs[k];
        let (to, id) = (input.from.peer(), SegmentId(k as u32));
        let (syn_ack, own_first) = (self.syn_ack[to.index()], self.first_sent[to.index()]);
        let next_seg = next.map(|j| self.inputs[j].header);
        let seg = input.header;
        let gone = self.reset_by[k].is_some();
        let (mut ctx, receiver) = self.ctx(to, at_us);
        let start = ctx.events.len();
        if gone {
            reset::before_answer(&mut receiver.tcb, &mut ctx, id, &seg);
        }
        let taken = receiver.begin_receiving(&mut ctx, id, &seg, syn_ack, own_first)
            || receiver.take_as_answered(&mut ctx, id, &seg, next_seg.as_ref());
        let mut ignored_by_host = None;
        match &mut receiver.tcb {
            Some(_) if taken => {}
            Some(tcb) => tcb.on_segment(&mut ctx, id, &seg),
            // A host with no connection answers anything but an RST with
            // an RST (RFC 9293 3.10.7.1); say so only when it did, and
            // whether this side had one the capture showed before. An RST
            // it discards, said when it had one (two resets that crossed).
            None if seg.flags.rst() => {
                ignored_by_host = receiver.begun.then_some(IgnoreReason::ResetAfterEnd)
            }
            None if gone || own_first.is_some_and(|h| h.flags.rst()) => {
                ignored_by_host = Some(if receiver.begun {
                    IgnoreReason::ConnectionGone
                } else {
                    IgnoreReason::NoConnection
                });
            }
            None => {}
        }
        // An RST the rules queued, and the side's next segment is an RST:
        // that answer is the one the rules gave, for the rules' reason; the
        // host's own answer for no connection is the RFC's for that.
        let queued_rst = receiver
            .tcb
            .as_ref()
            .and_then(|t| t.queued_rst())
            .or(ignored_by_host
                .filter(|r| matches!(r, IgnoreReason::NoConnection | IgnoreReason::ConnectionGone))
                .map(|_| Purpose::RstNoConnection));
        let owed = receiver.tcb.as_ref().and_then(|t| t.owed_answer());
        // Said as the host's (or observer's) own event, told like any other.
        if let Some(reason) = ignored_by_host {
            ctx.emit(EventKind::SegmentIgnored {
                segment: id,
                conn: Conn::Main,
                reason,
            });
        }
        let reason = ignored(&ctx.events[start..], id);
        receiver.settle(ctx.events, start, at_us, id);
        self.stamp(at_us);
        self.outcomes[k].ignored = reason;
        let answer = self.reset_by[k].or(next);
        if let Some(j) = answer.filter(|&j| self.inputs[j].header.flags.rst()) {
            self.outcomes[j].rst_purpose = queued_rst.or(self.outcomes[j].rst_purpose);
        }
        // The side's next segment, a bare ACK, is the answer its rules owe
        // (a challenge, or TIME-WAIT's to a FIN sent again).
        let bare_ack = |j: usize| {
            let h = &self.inputs[j].header;
            h.len == 0 && h.flags.ack() && !h.flags.syn() && !h.flags.fin() && !h.flags.rst()
        };
        if let Some(j) = next.filter(|&j| owed.is_some() && bare_ack(j)) {
            self.outcomes[j].answer = owed;
        }
    }
}
