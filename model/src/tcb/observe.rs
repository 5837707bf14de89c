//! The TCB as an observer of a real capture: the same RFC 9293 rules, fed
//! what one side of a captured connection was seen to send and receive
//! instead of being driven by an application and the model's wire.
//!
//! Arriving segments go through [`Tcb::on_segment`] unchanged. What this file
//! adds is the other half, which a simulated host does through user calls and
//! `poll_output`: a side was seen *sending* a segment, so its send variables,
//! its advertised window and (for a FIN or an RST) its state follow, by the
//! same user-call rules (`user_send`, `user_shutdown`, `user_abort`). It also
//! starts a TCB for a side first seen in the middle of a connection.
//!
//! Nothing here is a new TCP rule: where a real host's choice cannot be seen
//! in a capture (how big its buffer is, whether the application called close()
//! or shutdown()), the observer takes the reading that rejects nothing the
//! host may have accepted, and says so in its docs.

use super::{Ctx, Tcb, TcbConfig};
use crate::event::{Cause, IgnoreReason};
use crate::{Call, Header, Purpose, SegmentId, Seq, State};

/// The largest receive window any TCP can offer: 65535 scaled by the largest
/// shift RFC 7323 2.3 allows (14). Used when a side's window is not known, so
/// the observer accepts whatever that side may have accepted.
pub(crate) const MAX_WINDOW: u32 = 65_535 << 14;

/// What the observer learned from a segment this side sent, beyond what its
/// own rules predicted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Sent {
    /// The segment does not fit this side as the observer knows it: its
    /// sequence numbers are more than a maximal window from SND.UNA, it
    /// carries data after this side's FIN, or it acknowledges sequence
    /// numbers this side was never seen to receive. It changed nothing.
    pub(crate) out_of_place: bool,
}

impl Tcb {
    /// A TCB for a side first seen in the middle of a connection, assumed
    /// ESTABLISHED (the capture cannot tell; a FIN seen later moves it on by
    /// the usual rules). `snd_nxt` and `rcv_nxt` are taken from the first
    /// segment seen; the receive window is unknown until this side advertises
    /// one, so it starts at [`MAX_WINDOW`]. No event is emitted: the state
    /// began before the capture.
    pub(crate) fn observed_synchronized(ctx: &Ctx, cfg: TcbConfig, snd_nxt: Seq, rcv_nxt: Seq) -> Tcb {
        let mut tcb = Tcb::blank(
            TcbConfig {
                iss: snd_nxt - 1,
                ..cfg
            },
            ctx.tuning,
        );
        tcb.state = State::Established;
        tcb.snd_una = snd_nxt;
        tcb.snd_nxt = snd_nxt;
        tcb.rtx_next = snd_nxt;
        tcb.irs = rcv_nxt - 1;
        tcb.rcv_nxt = rcv_nxt;
        tcb.rcv_adv_edge = Some(rcv_nxt + MAX_WINDOW);
        tcb.snd_wnd = MAX_WINDOW;
        tcb.on_established(ctx.tuning);
        tcb
    }

    /// Whether this side's rules answer `seg` with an RST: tried on a copy,
    /// so nothing here changes. The observer asks when the capture shows
    /// such an answer, to tell a reset the rules explain from one they do not.
    pub(crate) fn answers_with_rst(&self, ctx: &Ctx, id: SegmentId, seg: &Header) -> bool {
        self.tried(ctx, id, seg).pending_rst.is_some()
    }

    /// A copy of this TCB after `seg` arrived (nothing is told): the one
    /// place every question of this kind is asked.
    fn tried(&self, ctx: &Ctx, id: SegmentId, seg: &Header) -> Tcb {
        let mut copy = self.clone();
        copy.pending_rst = None;
        ctx.quietly(|quiet| copy.on_segment(quiet, id, seg));
        copy
    }

    /// Whether `seg` arriving now would end this connection (an RST its
    /// rules accept: at RCV.NXT, or Linux's RCV.NXT − 1 after a FIN; the
    /// ACK of its FIN in LAST-ACK): tried on a copy, so nothing here changes. The observer asks when this side
    /// is next seen sending what only a live connection sends.
    pub(crate) fn closed_by(&self, ctx: &Ctx, id: SegmentId, seg: &Header) -> bool {
        let after = self.tried(ctx, id, seg).state();
        after != self.state() && matches!(after, State::Closed | State::Listen)
    }

    /// Why the RST this side's rules queued (an answer not yet seen sent)
    /// was queued.
    pub(crate) fn queued_rst(&self) -> Option<crate::Purpose> {
        self.pending_rst.map(|rst| rst.purpose)
    }

    /// The ACK this side's rules owe at once for a reason of their own, if
    /// they do: a challenge (RFC 5961: an RST not at RCV.NXT, or a SYN, in a
    /// synchronized state), TIME-WAIT's answer to a FIN sent again, or the
    /// answer to a keep-alive.
    pub(crate) fn owed_answer(&self) -> Option<crate::Purpose> {
        use crate::Purpose::{ChallengeAck, KeepAliveAck, TimeWaitAck};
        self.owed
            .purpose
            .filter(|p| self.owed.now && matches!(p, ChallengeAck | TimeWaitAck | KeepAliveAck))
    }

    /// The application gave the socket up with close() rather than only
    /// shutting its sending direction: the FIN looked the same on the wire,
    /// and only a later answer (an RST to arriving data) tells them apart.
    pub(crate) fn learn_closed_by_application(&mut self) {
        self.orphaned = true;
    }

    /// This side refused `id`, data at RCV.NXT, as a probe of a closed window
    /// (RFC 9293 3.8.6.1): its answer, at once, takes none of it and offers a
    /// window of 0, though the edge it offered before may hold the data. A
    /// host short of memory moves its edge back so (RFC 9293 3.8.6 asks it
    /// not to; Linux under SYN cookies, which offer the whole buffer, does:
    /// kernel run 12314), and refuses what lies past it; for the observer.
    pub(crate) fn refuse_probe(&mut self, ctx: &mut Ctx, id: SegmentId) {
        self.ignore(ctx, id, IgnoreReason::WindowProbe);
        self.answer(ctx, id, Purpose::DuplicateAck);
    }

    /// This side was seen sending `seg`. `window` is the window it advertised
    /// in bytes (the field scaled per RFC 7323), `None` when the scale is not
    /// known; the observer then assumes the largest.
    ///
    /// - An RST the rules had queued (an answer to an unacceptable segment)
    ///   changes nothing more; any other RST is an abort (RFC 9293 3.10.5).
    /// - The ACK field says how far this side has received (never beyond
    ///   RCV.NXT: see [`Sent::out_of_place`]); the window moves the right edge
    ///   the observer checks arriving segments against (it never moves left,
    ///   RFC 9293 SHLD-14).
    /// - New data is data the application handed over (`user_send`); a first
    ///   FIN means the application closed its sending direction
    ///   (`user_shutdown`: close() and shutdown() look the same on the wire).
    pub(crate) fn observe_sent(&mut self, ctx: &mut Ctx, seg: &Header, window: Option<u32>) -> Sent {
        let mut sent = Sent::default();
        if seg.flags.rst() {
            let predicted = self.pending_rst.take().is_some();
            if !predicted && !matches!(self.state, State::Closed | State::Listen) {
                self.user_abort(ctx, Cause::Call { call: Call::Abort });
                self.pending_rst = None;
            }
            return sent;
        }
        // Whatever the rules expected this side to answer, it sent this
        // instead; an ACK pays any ACK they owed (as sending one does).
        self.pending_rst = None;
        if seg.flags.ack() {
            self.owed = super::OwedAck::default();
        }
        let end = seg.end();
        // Sequence space is only compared within a window of SND.UNA: farther
        // than that, "ahead" and "behind" mean nothing modulo 2^32.
        let in_place = |from: Seq, to: Seq| to.0.wrapping_sub(from.0) <= MAX_WINDOW;
        if seg.seg_len() > 0 && !(in_place(self.snd_una, end) || in_place(end, self.snd_una)) {
            sent.out_of_place = true;
            return sent;
        }
        // An empty segment carries SND.NXT (or less: a window probe); a number
        // beyond is one this side never reached.
        if seg.seg_len() == 0 && seg.seq > self.snd_nxt && self.state != State::SynSent {
            sent.out_of_place = true;
            return sent;
        }
        // Until this side knows the peer's ISN (SYN-SENT) its ACK field means nothing.
        if seg.flags.ack() && self.state != State::SynSent {
            if seg.ack > self.rcv_nxt {
                // It acknowledges what this side was never seen to receive
                // (the caller fills in what the capture missed first): not
                // this side's segment as the observer knows it.
                sent.out_of_place = true;
                return sent;
            }
            let edge = seg.ack + window.unwrap_or(MAX_WINDOW);
            if self.rcv_adv_edge.is_none_or(|old| edge > old) {
                self.rcv_adv_edge = Some(edge);
            }
        }
        let syn = u32::from(seg.flags.syn());
        let data_end = seg.seq + syn + seg.len;
        if seg.len > 0 && data_end > self.data_end() && self.user_send(data_end - self.data_end()).is_err() {
            sent.out_of_place = true;
            return sent;
        }
        if seg.flags.fin() && !self.fin_queued {
            self.user_shutdown(ctx, Cause::Call { call: Call::Shutdown });
        }
        if seg.flags.syn() && self.state == State::SynReceived {
            self.synack_sent = true;
        }
        if seg.seg_len() > 0 && end > self.snd_nxt {
            self.snd_nxt = end;
        }
        if seg.seg_len() > 0 && end > self.rtx_next {
            self.rtx_next = end;
        }
        sent
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Conn;
    use crate::{Addr, Flags, Profile, Side, Time, Tuning};

    const ME: Addr = Addr::new([10, 0, 0, 1], 40000);
    const PEER: Addr = Addr::new([10, 0, 0, 2], 80);

    fn cfg(iss: u32) -> TcbConfig {
        TcbConfig {
            conn: Conn::Main,
            local: ME,
            remote: PEER,
            iss: Seq(iss),
            mss: 1460,
            recv_capacity: 0,
        }
    }

    fn seg(seq: u32, ack: u32, flags: Flags, len: u32) -> Header {
        Header {
            src: ME,
            dst: PEER,
            seq: Seq(seq),
            ack: Seq(ack),
            flags,
            window: 100,
            mss: None,
            len,
        }
    }

    /// A TCB met mid-connection (ESTABLISHED), sending at 1000, receiving at 5000.
    fn established(tuning: &Tuning, events: &mut Vec<crate::event::Event>) -> Tcb {
        let ctx = Ctx {
            now: Time::ZERO,
            send_at: Time::ZERO,
            tuning,
            side: Side::Client,
            events,
        };
        Tcb::observed_synchronized(&ctx, cfg(0), Seq(1000), Seq(5000))
    }

    #[test]
    fn data_then_a_fin_move_the_send_side_and_the_state() {
        let tuning = Tuning::for_profile(Profile::Linux);
        let mut events = Vec::new();
        let mut tcb = established(&tuning, &mut events);
        let mut ctx = Ctx {
            now: Time(1),
            send_at: Time(1),
            tuning: &tuning,
            side: Side::Client,
            events: &mut events,
        };
        assert_eq!(tcb.state(), State::Established);
        let sent = tcb.observe_sent(&mut ctx, &seg(1000, 5000, Flags::PSH_ACK, 20), Some(100));
        assert_eq!((sent, tcb.snd_nxt), (Sent::default(), Seq(1020)));
        tcb.observe_sent(&mut ctx, &seg(1020, 5000, Flags::FIN_ACK, 0), Some(100));
        assert_eq!((tcb.state(), tcb.snd_nxt), (State::FinWait1, Seq(1021)));
        // The same FIN again changes nothing.
        tcb.observe_sent(&mut ctx, &seg(1020, 5000, Flags::FIN_ACK, 0), Some(100));
        assert_eq!((tcb.state(), tcb.snd_nxt), (State::FinWait1, Seq(1021)));
    }

    #[test]
    fn what_does_not_fit_changes_nothing() {
        let tuning = Tuning::for_profile(Profile::Linux);
        let mut events = Vec::new();
        let mut tcb = established(&tuning, &mut events);
        let mut ctx = Ctx {
            now: Time(1),
            send_at: Time(1),
            tuning: &tuning,
            side: Side::Client,
            events: &mut events,
        };
        let before = tcb.clone();
        for s in [
            seg(1000, 6000, Flags::ACK, 0),    // acknowledges what never arrived
            seg(900_000, 5000, Flags::ACK, 0), // an empty segment beyond SND.NXT
            seg(1000 + (1 << 31), 5000, Flags::PSH_ACK, 10), // another sequence space
        ] {
            assert!(tcb.observe_sent(&mut ctx, &s, Some(100)).out_of_place, "{s:?}");
        }
        assert_eq!(tcb, before);
    }

    #[test]
    fn an_rst_nobody_asked_for_is_an_abort() {
        let tuning = Tuning::for_profile(Profile::Linux);
        let mut events = Vec::new();
        let mut tcb = established(&tuning, &mut events);
        let mut ctx = Ctx {
            now: Time(1),
            send_at: Time(1),
            tuning: &tuning,
            side: Side::Client,
            events: &mut events,
        };
        tcb.observe_sent(&mut ctx, &seg(1000, 5000, Flags::RST_ACK, 0), None);
        assert_eq!(tcb.state(), State::Closed);
    }

    #[test]
    fn an_rst_the_rules_queued_leaves_the_state() {
        // SYN-SENT answers a SYN,ACK that acknowledges something else with
        // <SEQ=SEG.ACK><CTL=RST> (RFC 9293 3.10.7.3) and stays in SYN-SENT.
        let tuning = Tuning::for_profile(Profile::Linux);
        let mut events = Vec::new();
        let mut ctx = Ctx {
            now: Time(0),
            send_at: Time(0),
            tuning: &tuning,
            side: Side::Client,
            events: &mut events,
        };
        let mut tcb = Tcb::connect(
            &mut ctx,
            cfg(1000),
            State::Closed,
            crate::event::Cause::Call { call: Call::Connect },
        );
        tcb.observe_sent(&mut ctx, &seg(1000, 0, Flags::SYN, 0), None);
        let mut bad = seg(7000, 4242, Flags::SYN_ACK, 0);
        (bad.src, bad.dst) = (PEER, ME);
        tcb.on_segment(&mut ctx, crate::SegmentId(1), &bad);
        tcb.observe_sent(&mut ctx, &seg(4242, 0, Flags::RST, 0), None);
        assert_eq!(tcb.state(), State::SynSent);
    }
}
