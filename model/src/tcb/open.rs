//! How a connection comes to be: an active open (connect), a passive open
//! (a SYN reaching a listener), or a SYN cookie coming back in an ACK.

use super::{Ctx, Tcb, TcbConfig, DEFAULT_MSS};
use crate::event::Cause;
use crate::{Header, Seq, State};

/// What a SYN cookie carries back to the listener that issued it: enough to
/// rebuild the connection without having kept any state for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CookieConn {
    /// The client's initial sequence number (its SYN's SEG.SEQ).
    pub(crate) irs: Seq,
    /// Our SYN,ACK's sequence number: the cookie.
    pub(crate) iss: Seq,
    /// The MSS the cookie encodes (rounded down to one of a few values).
    pub(crate) mss: u16,
}

impl Tcb {
    /// Active OPEN (connect): a new TCB in SYN-SENT; its SYN goes out on the next poll.
    /// `from` is the state the lifeline leaves: CLOSED, or LISTEN for a passive
    /// socket turned active (RFC 9293 3.10.2, SEND in LISTEN).
    pub(crate) fn connect(ctx: &mut Ctx, cfg: TcbConfig, from: State, cause: Cause) -> Tcb {
        let mut tcb = Tcb::blank(cfg, ctx.tuning);
        tcb.state = from;
        tcb.set_state(ctx, State::SynSent, cause);
        tcb
    }

    /// LISTEN receiving a SYN (RFC 9293 3.10.7.2 third): a new TCB in SYN-RECEIVED
    /// that answers with SYN,ACK. Its first state is reported as LISTEN → SYN-RECEIVED.
    pub(crate) fn accept_syn(ctx: &mut Ctx, cfg: TcbConfig, syn: &Header, cause: Cause) -> Tcb {
        let mut tcb = Tcb::blank(cfg, ctx.tuning);
        tcb.state = State::Listen;
        tcb.passive = true;
        tcb.irs = syn.seq;
        tcb.rcv_nxt = syn.seq + 1;
        tcb.peer_mss = syn.mss.unwrap_or(DEFAULT_MSS);
        tcb.snd_wnd = u32::from(syn.window);
        tcb.max_snd_wnd = tcb.snd_wnd;
        tcb.snd_wl1 = syn.seq;
        tcb.set_state(ctx, State::SynReceived, cause);
        tcb
    }

    /// An ACK brought back a valid SYN cookie: the connection is rebuilt as if
    /// it had waited in SYN-RECEIVED with its SYN,ACK sent (Linux
    /// `cookie_v4_check` creates the child socket in SYN_RECV and lets it
    /// process the ACK at once). Nothing is in flight, no timer runs.
    pub(crate) fn from_cookie(ctx: &mut Ctx, cfg: TcbConfig, cookie: CookieConn, cause: Cause) -> Tcb {
        let mut tcb = Tcb::blank(cfg, ctx.tuning);
        tcb.state = State::Listen;
        tcb.passive = true;
        tcb.irs = cookie.irs;
        tcb.rcv_nxt = cookie.irs + 1;
        tcb.peer_mss = cookie.mss;
        tcb.snd_wl1 = cookie.irs;
        tcb.snd_nxt = cookie.iss + 1;
        tcb.rtx_next = cookie.iss + 1;
        tcb.synack_sent = true;
        // The cookie SYN,ACK announced the whole buffer (capped to 16 bits).
        tcb.rcv_adv_edge = Some(tcb.rcv_nxt + tcb.recv_capacity.min(u32::from(u16::MAX)));
        tcb.set_state(ctx, State::SynReceived, cause);
        tcb
    }

    /// A listener in SYN-RECEIVED answered the peer's SYN again with another
    /// initial sequence number: it kept nothing of its first answer, as a
    /// host using SYN cookies keeps nothing (each SYN,ACK carries a number
    /// made from that SYN and the time, and the connection exists only once
    /// an ACK of one comes back). Its send numbers start again at `iss`;
    /// what it knows of the peer's SYN stays. For the observer, which sees
    /// the new SYN,ACK leave.
    pub(crate) fn answer_with_new_iss(&mut self, iss: Seq) {
        self.iss = iss;
        self.snd_una = iss;
        self.snd_nxt = iss;
        self.rtx_next = iss;
        self.snd_sml = iss;
        self.rtt_probe = None;
    }
}
