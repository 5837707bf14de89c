//! One side's observer: its TCB, when that TCB begins, and its lifeline.
//! A side's TCB begins with
//! - its own SYN: an active open (CLOSED → SYN-SENT);
//! - the peer's SYN, when this side answers some SYN with a SYN,ACK: it was
//!   listening (LISTEN → SYN-RECEIVED); a side that answers with RST, or not
//!   at all, had no listener and stays CLOSED;
//! - otherwise its first segment, sent or received: the capture began after
//!   its handshake (or missed its SYN), and its state before is assumed
//!   (SYN-SENT when it receives a SYN,ACK, SYN-RECEIVED when it sends one,
//!   ESTABLISHED otherwise), with no time.

use super::types::{Lifeline, Start, StateSpan};
use crate::event::{Cause, Conn, Event, EventKind, IgnoreReason};
use crate::tcb::{Ctx, Tcb, TcbConfig};
use crate::wire::addr_of;
use crate::{Call, Flags, Header, SegmentId, Seq, Side, State};

/// One side's observer.
pub(super) struct Observer {
    pub(super) side: Side,
    pub(super) tcb: Option<Tcb>,
    /// A TCB was made once (so no TCB now means it has closed).
    pub(super) begun: bool,
    pub(super) lifeline: Lifeline,
}

impl Observer {
    pub(super) fn new(side: Side) -> Observer {
        Observer {
            side,
            tcb: None,
            begun: false,
            lifeline: Lifeline {
                start: Start::NoConnection,
                states: vec![StateSpan {
                    state: State::Closed,
                    since_us: None,
                    segment: None,
                }],
            },
        }
    }

    fn config(&self, iss: Seq) -> TcbConfig {
        TcbConfig {
            conn: Conn::Main,
            local: addr_of(self.side),
            remote: addr_of(self.side.peer()),
            iss,
            // Neither matters to an observer: the MSS only sizes what the
            // model would send, and the receive buffer is whatever the side
            // advertises (see `Tcb::observe_sent`).
            mss: u16::MAX,
            recv_capacity: 0,
        }
    }

    /// The SYN `from` must have sent, with sequence number `iss`, for what
    /// the capture shows next: the capture does not hold it.
    fn unseen_syn(from: Side, iss: Seq) -> Header {
        Header {
            src: addr_of(from),
            dst: addr_of(from.peer()),
            seq: iss,
            ack: Seq(0),
            flags: Flags::SYN,
            window: 0,
            mss: None,
            len: 0,
        }
    }

    /// Marks states that began before the capture showed them.
    fn assume(&mut self, states: &[State]) {
        self.lifeline.start = Start::Assumed;
        for &state in states {
            self.lifeline.states.push(StateSpan {
                state,
                since_us: None,
                segment: None,
            });
        }
    }

    /// Starts this side's TCB if `seg`, which it sends, is the first sign of it.
    /// `peer_first` is the first segment the peer sends.
    pub(super) fn begin_sending(&mut self, ctx: &mut Ctx, seg: &Header, peer_first: Option<Header>) {
        if seg.flags.rst() {
            return; // a host with no connection answering with RST stays CLOSED
        }
        if self.begun {
            self.answer_anew(seg);
            return;
        }
        self.begun = true;
        let cause = Cause::Call { call: Call::Connect };
        self.tcb = Some(match (seg.flags.syn(), seg.flags.ack()) {
            (true, false) => {
                self.lifeline.start = Start::Opened;
                Tcb::connect(ctx, self.config(seg.seq), State::Closed, cause)
            }
            (true, true) => {
                // Answering a SYN the capture does not hold.
                self.assume(&[State::Listen, State::SynReceived]);
                let syn = Self::unseen_syn(self.side.peer(), seg.ack - 1);
                let cfg = self.config(seg.seq);
                ctx.quietly(|ctx| Tcb::accept_syn(ctx, cfg, &syn, cause))
            }
            _ => {
                self.assume(&[State::Established]);
                let rcv_nxt = if seg.flags.ack() {
                    seg.ack
                } else {
                    peer_first.map_or(seg.ack, |h| h.seq)
                };
                Tcb::observed_synchronized(ctx, self.config(seg.seq), seg.seq, rcv_nxt)
            }
        });
    }

    /// A listener waiting in SYN-RECEIVED that sends a SYN,ACK with another
    /// initial number than its first answered the peer's SYN anew, keeping
    /// nothing of its first answer ([`Tcb::answer_with_new_iss`]): Linux
    /// with SYN cookies answers a repeated SYN so (kernel run 11877,
    /// `tcp_syncookies=2`: the first SYN,ACK was lost, the client sent its
    /// SYN again and acknowledged the second SYN,ACK's number). Where the
    /// first answer arrives too and is the one acknowledged, the observer
    /// still follows the newer (a resent SYN comes a second after the
    /// first, so the first answer then took over a second).
    fn answer_anew(&mut self, seg: &Header) {
        if self.is_answer_anew(seg) {
            if let Some(tcb) = self.tcb.as_mut() {
                tcb.answer_with_new_iss(seg.seq);
            }
        }
    }

    /// Whether `seg`, which this side sends, is a SYN,ACK answering anew (see
    /// [`Self::answer_anew`]).
    fn is_answer_anew(&self, seg: &Header) -> bool {
        let listener = self.lifeline.start != Start::Opened;
        let waiting = self
            .tcb
            .as_ref()
            .filter(|t| t.state() == State::SynReceived && listener);
        waiting.is_some_and(|t| seg.flags.syn() && seg.flags.ack() && seg.seq != t.iss)
    }

    /// Whether the peer's SYN `seg`, arriving again, is one this side answers
    /// as new: its next segment, `next`, is a SYN,ACK answering anew. Said
    /// instead of a duplicate SYN: a listener that keeps nothing has no SYN
    /// to call a duplicate.
    fn takes_syn_anew(&self, seg: &Header, next: Option<&Header>) -> bool {
        let bare_syn = seg.flags.syn() && !seg.flags.ack();
        bare_syn && next.is_some_and(|n| self.is_answer_anew(n))
    }

    /// Takes `seg`, arriving, as the capture shows this side answered it
    /// where its rules alone would tell otherwise: a SYN taken as new
    /// ([`Self::takes_syn_anew`]) or data refused as a probe
    /// ([`Self::refuses_probe`]); `answer` is its next segment. Returns
    /// whether it did.
    pub(super) fn take_as_answered(
        &mut self,
        ctx: &mut Ctx,
        id: SegmentId,
        seg: &Header,
        answer: Option<&Header>,
    ) -> bool {
        if self.takes_syn_anew(seg, answer) {
            let reason = IgnoreReason::SynAnsweredAnew;
            ctx.emit(EventKind::SegmentIgnored {
                segment: id,
                conn: Conn::Main,
                reason,
            });
            return true;
        }
        let refused = self.refuses_probe(seg, answer);
        match self.tcb.as_mut().filter(|_| refused) {
            Some(tcb) => tcb.refuse_probe(ctx, id),
            None => return false,
        }
        true
    }

    /// Whether this side refuses `seg`, data at RCV.NXT, as a probe of a
    /// closed window (RFC 9293 3.8.6.1): the window it offered is closed, or
    /// its next segment, `answer`, is a bare ACK at the data's first byte
    /// offering a window of 0 (a window moved back: [`Tcb::refuse_probe`]).
    /// That answer acknowledges less than the probe ends with though the
    /// probe came.
    pub(super) fn refuses_probe(&self, seg: &Header, answer: Option<&Header>) -> bool {
        let refusal =
            |a: &Header| a.ack == seg.seq && a.window == 0 && a.len == 0 && a.flags.control() == Flags::ACK;
        let closed = |t: &Tcb| t.window_left() == 0 || answer.is_some_and(refusal);
        let waiting = self
            .tcb
            .as_ref()
            .filter(|t| t.state().is_synchronized() && seg.seq == t.rcv_nxt);
        seg.len > 0 && waiting.is_some_and(closed)
    }

    /// Starts this side's TCB if `seg`, which it receives, is the first sign
    /// of it. `syn_ack`: the first SYN,ACK this side sends as a listener,
    /// if it does in the capture; `own_first`: the first segment it sends.
    /// Returns whether the new TCB has taken `seg` already (a listener's SYN).
    pub(super) fn begin_receiving(
        &mut self,
        ctx: &mut Ctx,
        id: SegmentId,
        seg: &Header,
        syn_ack: Option<Header>,
        own_first: Option<Header>,
    ) -> bool {
        if self.begun {
            return false;
        }
        match (seg.flags.syn(), seg.flags.ack()) {
            (true, false) if syn_ack.is_some() => {
                self.begun = true;
                self.lifeline.start = Start::Listened;
                self.lifeline.states.push(StateSpan {
                    state: State::Listen,
                    since_us: None,
                    segment: None,
                });
                let iss = syn_ack.map_or(Seq(0), |h| h.seq);
                let mut tcb = Tcb::accept_syn(ctx, self.config(iss), seg, Cause::Segment { segment: id });
                // Data in the SYN that this side's SYN,ACK acknowledges was
                // taken at once (TCP Fast Open); otherwise it was dropped,
                // and the peer sends it again after the handshake.
                if seg.len > 0 && syn_ack.is_some_and(|h| h.ack == seg.end()) {
                    tcb.take_syn_data(ctx, id, seg.len);
                }
                self.tcb = Some(tcb);
                return true;
            }
            // No listener: CLOSED it stays (its RST, if any, says so).
            (true, false) => {}
            (true, true) => {
                // The answer to a SYN of ours the capture does not hold.
                self.begun = true;
                self.assume(&[State::SynSent]);
                let iss = seg.ack - 1;
                let (cfg, syn) = (self.config(iss), Self::unseen_syn(self.side, iss));
                self.tcb = Some(ctx.quietly(|ctx| {
                    let mut tcb = Tcb::connect(ctx, cfg, State::Closed, Cause::Call { call: Call::Connect });
                    tcb.observe_sent(ctx, &syn, None);
                    tcb
                }));
            }
            _ if seg.flags.rst() => {} // nothing to reset
            _ => {
                self.begun = true;
                self.assume(&[State::Established]);
                let snd_nxt = if seg.flags.ack() {
                    seg.ack
                } else {
                    own_first.map_or(seg.ack, |h| h.seq)
                };
                self.tcb = Some(Tcb::observed_synchronized(
                    ctx,
                    self.config(snd_nxt),
                    snd_nxt,
                    seg.seq,
                ));
            }
        }
        false
    }

    /// Copies the state changes among `events[start..]` onto the lifeline,
    /// at the segment's time, and lets go of a TCB that has closed.
    pub(super) fn settle(&mut self, events: &[Event], start: usize, at_us: u64, id: SegmentId) {
        for e in &events[start..] {
            if let EventKind::StateChanged { to, .. } = e.kind {
                if e.side == Some(self.side) {
                    self.lifeline.states.push(StateSpan {
                        state: to,
                        since_us: Some(at_us),
                        segment: Some(id),
                    });
                }
            }
        }
        if self
            .tcb
            .as_ref()
            .is_some_and(|t| matches!(t.state(), State::Closed | State::Listen))
        {
            self.tcb = None;
        }
    }
}

/// Why a side's rules discarded segment `id` (among `events`, those its
/// arrival caused), if they did.
pub(super) fn ignored(events: &[Event], id: SegmentId) -> Option<IgnoreReason> {
    events.iter().find_map(|e| match e.kind {
        EventKind::SegmentIgnored { segment, reason, .. } if segment == id => Some(reason),
        _ => None,
    })
}
