//! One connection's Transmission Control Block (RFC 9293 3.3.1): its state,
//! send and receive sequence variables, timers and buffered byte counts.
//!
//! The TCB knows nothing of hosts, listeners or the wire. It is driven by four
//! kinds of input, each with the current virtual time in a [`Ctx`]:
//! - a user call (`user.rs`: send, close, shutdown, abort, read);
//! - an arriving segment (`input.rs`, RFC 9293 3.10.7 "SEGMENT ARRIVES");
//! - a timer running out (`timers.rs`);
//! - and [`Tcb::poll_output`] (`output.rs`), called until it returns `None`,
//!   which yields the segments to put on the wire.
//!
//! Payload bytes are only counted, never stored.

mod context;
mod input;
pub(crate) mod observe;
mod open;
pub(crate) mod output;
mod receive;
mod rto;
mod syn_sent;
mod timer_table;
mod timers;
mod user;

#[cfg(test)]
mod tests;

pub(crate) use context::{Ctx, Outgoing};
pub(crate) use open::CookieConn;
pub(crate) use rto::Rto;
use timer_table::TimerTable;

use crate::call::SocketError;
use crate::event::{Cause, Conn, EventKind, TimerKind};
use crate::{Addr, Purpose, Resend, Seq, State, Time, Tuning};

/// MSS assumed when the peer's SYN carried no MSS option (RFC 9293 3.7.1).
pub(crate) const DEFAULT_MSS: u16 = 536;

/// An acknowledgment this side owes the peer. Immediate ACKs go out before
/// the application runs; a delayed one waits (its deadline is the
/// `DelayedAck` timer) for data to ride on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct OwedAck {
    /// Owed at once.
    now: bool,
    /// Why, the most informative reason when several are owed (see [`Purpose::ack_rank`]).
    purpose: Option<Purpose>,
    /// Full-sized segments received since the last ACK (every second one is ACKed at once).
    full_segments: u32,
}

/// A range of sequence space received out of order, kept until the gap before
/// it is filled (RFC 9293 3.10.7.4 seventh: "segments with higher beginning
/// sequence numbers may be held for later processing").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct OutOfOrder {
    seq: Seq,
    len: u32,
    fin: bool,
}

/// The Transmission Control Block of one connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Tcb {
    pub(crate) conn: Conn,
    pub(crate) local: Addr,
    pub(crate) remote: Addr,
    pub(crate) state: State,
    /// Opened by LISTEN (a reset in SYN-RECEIVED returns it to LISTEN).
    pub(crate) passive: bool,

    // Send sequence variables (RFC 9293 3.3.1).
    pub(crate) iss: Seq,
    pub(crate) snd_una: Seq,
    /// The highest sequence number sent so far, plus one. Never moves back.
    pub(crate) snd_nxt: Seq,
    pub(crate) snd_wnd: u32,
    snd_wl1: Seq,
    snd_wl2: Seq,
    /// Where the next transmission starts: equal to SND.NXT, except after a
    /// timeout, when it goes back to SND.UNA to resend (go-back-N).
    rtx_next: Seq,
    /// Resend just the segment at SND.UNA (fast retransmit, or a SYN,ACK repeated
    /// on a duplicate SYN), without going back for everything after it.
    resend_head: bool,
    /// Why the next transmission repeats old sequence numbers (set with
    /// `resend_head`, or when a timeout sends `rtx_next` back).
    resend_cause: Resend,
    /// The largest window the peer ever offered (RFC 5961 §5.2's MAX.SND.WND).
    max_snd_wnd: u32,
    /// The window of the last ACK that arrived: a duplicate ACK repeats it (RFC 5681 2).
    last_ack_window: u32,
    /// The end of the last segment of new data shorter than the MSS (Linux's
    /// `snd_sml`): with Minshall's Nagle, only it holds the next small one.
    snd_sml: Seq,
    /// Times this side's SYN or SYN,ACK went out again, by a timer or for a
    /// duplicate SYN (Linux's `total_retrans` when the handshake ends).
    syn_resends: u32,
    /// Bytes the application has handed over in total.
    app_bytes: u32,
    /// The application closed its sending direction: a FIN follows the data.
    fin_queued: bool,

    // Receive sequence variables.
    pub(crate) irs: Seq,
    pub(crate) rcv_nxt: Seq,
    recv_capacity: u32,
    /// In-order bytes not yet read by the application.
    pub(crate) unread: u32,
    out_of_order: Vec<OutOfOrder>,
    /// The peer's FIN has been received in order.
    pub(crate) peer_fin: bool,
    last_advertised_window: u32,
    /// The right edge of the window last advertised (RCV.NXT + RCV.WND then):
    /// it never moves left (RFC 9293 SHLD-14).
    rcv_adv_edge: Option<Seq>,
    /// Quick ACKs left (Linux quick-ack mode): ACKs of data that go out at once.
    quick: u32,
    /// Interactive ("pingpong") mode: this side answers data quickly, so its
    /// ACKs wait for the answer to ride on (Linux).
    pingpong: bool,
    /// When in-order data last arrived.
    last_data_at: Option<Time>,

    pub(crate) local_mss: u16,
    pub(crate) peer_mss: u16,

    // Retransmission and congestion control (RFC 6298, RFC 5681).
    pub(crate) rto: Rto,
    retries: u32,
    /// One segment being timed for an RTT sample: (sequence number that acks it, sent at).
    rtt_probe: Option<(Seq, Time)>,
    syn_timed_out: bool,
    /// A SYN,ACK has gone out from this TCB (so the next one is a retransmission).
    synack_sent: bool,
    cwnd: u32,
    ssthresh: u32,
    dup_acks: u32,
    /// In fast recovery until SND.UNA passes this (RFC 5681 3.2, "recover").
    recovery: Option<Seq>,
    /// When the handshake segment (SYN or SYN,ACK) first left: Linux's SYN
    /// time budget counts from it.
    first_sent_at: Option<Time>,
    /// When the first retransmission of the current loss episode left:
    /// Linux's data time budget counts from it.
    first_rtx_at: Option<Time>,
    /// Zero-window probes sent while the window stays shut: the persist
    /// backoff (RFC 9293 SHLD-30), which answers do not reset.
    probes: u32,
    /// Probes in a row that got no answer at all, and when the first of
    /// them left: too many and the connection gives up.
    unanswered: (u32, Option<Time>),
    /// A zero-window probe is due.
    probe_due: bool,
    /// Answers to unacceptable segments in the current throttle window: (start, count).
    throttle: (Time, u32),

    /// The running timers: one absolute deadline per kind.
    pub(crate) timers: TimerTable,
    /// The timers and the RTO backoff as last reported in events (see `report_timers`).
    reported: (TimerTable, u32),
    /// The ACK this side owes the peer, if any.
    owed: OwedAck,

    /// An RST waiting to go out (abort, data lost, unacceptable ACK).
    pending_rst: Option<Outgoing>,

    /// The application called close(): nobody will read any more.
    pub(crate) orphaned: bool,
    /// What the application will be told if it uses this connection.
    pub(crate) error: Option<SocketError>,
}

/// Everything needed to create a TCB.
pub(crate) struct TcbConfig {
    pub(crate) conn: Conn,
    pub(crate) local: Addr,
    pub(crate) remote: Addr,
    pub(crate) iss: Seq,
    pub(crate) mss: u16,
    pub(crate) recv_capacity: u32,
}

impl Tcb {
    fn blank(cfg: TcbConfig, tuning: &Tuning) -> Tcb {
        Tcb {
            conn: cfg.conn,
            local: cfg.local,
            remote: cfg.remote,
            state: State::Closed,
            passive: false,
            iss: cfg.iss,
            snd_una: cfg.iss,
            snd_nxt: cfg.iss,
            snd_wnd: 0,
            snd_wl1: Seq(0),
            snd_wl2: Seq(0),
            rtx_next: cfg.iss,
            resend_head: false,
            resend_cause: Resend::Timeout,
            max_snd_wnd: 0,
            last_ack_window: 0,
            snd_sml: cfg.iss,
            syn_resends: 0,
            app_bytes: 0,
            fin_queued: false,
            irs: Seq(0),
            rcv_nxt: Seq(0),
            recv_capacity: cfg.recv_capacity,
            unread: 0,
            out_of_order: Vec::new(),
            peer_fin: false,
            last_advertised_window: cfg.recv_capacity,
            rcv_adv_edge: None,
            quick: tuning.quick_acks,
            pingpong: false,
            last_data_at: None,
            local_mss: cfg.mss,
            peer_mss: DEFAULT_MSS,
            rto: Rto::new(tuning),
            retries: 0,
            rtt_probe: None,
            syn_timed_out: false,
            synack_sent: false,
            cwnd: 0,
            ssthresh: u32::MAX,
            dup_acks: 0,
            recovery: None,
            first_sent_at: None,
            first_rtx_at: None,
            probes: 0,
            unanswered: (0, None),
            probe_due: false,
            throttle: (Time::ZERO, 0),
            timers: TimerTable::default(),
            reported: (TimerTable::default(), 0),
            owed: OwedAck::default(),
            pending_rst: None,
            orphaned: false,
            error: None,
        }
    }

    pub(crate) fn state(&self) -> State {
        self.state
    }

    /// RCV.WND: the free space in the receive buffer, but never less than
    /// what was already promised: bytes held out of order fill the window,
    /// they do not move its right edge left (RFC 9293 SHLD-14).
    pub(crate) fn rcv_wnd(&self) -> u32 {
        let held: u32 = self.out_of_order.iter().map(|o| o.len).sum();
        let free = self
            .recv_capacity
            .saturating_sub(self.unread.saturating_add(held));
        let promised = self.window_left();
        free.max(promised)
    }

    /// What is left of the window last announced: RCV.NXT up to the right
    /// edge of that announcement (0 before any, or once it is used up).
    pub(crate) fn window_left(&self) -> u32 {
        match self.rcv_adv_edge {
            Some(edge) if edge > self.rcv_nxt => edge - self.rcv_nxt,
            _ => 0,
        }
    }

    /// Whether an answer to an unacceptable segment may go out now (RFC 5961
    /// §7 ACK throttling; Linux: one per 500 ms per connection), counting it.
    pub(crate) fn may_answer(&mut self, ctx: &Ctx) -> bool {
        let (start, count) = self.throttle;
        if self.throttle.1 == 0 || ctx.now.since(start) >= ctx.tuning.invalid_ack_window {
            self.throttle = (ctx.now, 1);
            return true;
        }
        if count < ctx.tuning.invalid_ack_burst {
            self.throttle.1 += 1;
            return true;
        }
        false
    }

    /// Answers an unacceptable segment with an ACK, unless throttled (then
    /// the model says so).
    pub(crate) fn answer(&mut self, ctx: &mut Ctx, id: crate::SegmentId, purpose: Purpose) {
        if self.may_answer(ctx) {
            self.owe_ack(ctx, purpose, true);
        } else {
            ctx.emit(EventKind::AnswerThrottled {
                segment: id,
                conn: self.conn,
            });
        }
    }

    /// The effective send MSS: what the peer announced, bounded by our own.
    pub(crate) fn send_mss(&self) -> u32 {
        u32::from(self.peer_mss.min(self.local_mss)).max(1)
    }

    /// The sequence number just past the application's data (where a FIN goes).
    fn data_end(&self) -> Seq {
        self.iss + 1 + self.app_bytes
    }

    /// Our FIN has been sent and acknowledged.
    pub(crate) fn fin_acked(&self) -> bool {
        self.fin_queued && self.snd_nxt == self.data_end() + 1 && self.snd_una == self.snd_nxt
    }

    /// Bytes and control flags sent but not yet acknowledged.
    pub(crate) fn in_flight(&self) -> u32 {
        self.snd_nxt - self.snd_una
    }

    /// The application has closed its sending direction.
    pub(crate) fn fin_queued(&self) -> bool {
        self.fin_queued
    }

    /// What Linux reports as the send queue (`write_seq − snd_una`): bytes
    /// the application handed over, and a SYN or FIN, not yet acknowledged.
    pub(crate) fn send_queue(&self) -> u32 {
        (self.data_end() + u32::from(self.fin_queued))
            .0
            .wrapping_sub(self.snd_una.0)
    }

    pub(crate) fn set_state(&mut self, ctx: &mut Ctx, to: State, cause: Cause) {
        if self.state == to {
            return;
        }
        ctx.emit(EventKind::StateChanged {
            conn: self.conn,
            from: self.state,
            to,
            cause,
        });
        self.state = to;
    }

    /// Records that an ACK is owed. `immediate` ACKs go out before the
    /// application runs; others may wait up to the ACK delay for data to ride on.
    pub(crate) fn owe_ack(&mut self, ctx: &Ctx, purpose: Purpose, immediate: bool) {
        self.owe_ack_within(
            ctx,
            purpose,
            if immediate {
                None
            } else {
                Some(ctx.tuning.ack_delay)
            },
        );
    }

    /// Records that an ACK is owed, at once (`None`) or within `delay`.
    pub(crate) fn owe_ack_within(&mut self, ctx: &Ctx, purpose: Purpose, delay: Option<crate::Millis>) {
        match delay {
            None => {
                self.owe_ack_for(purpose);
                self.owed.now = true;
            }
            Some(delay) => self.owe_ack_by(purpose, ctx.tuning.fire_at(ctx.now, delay)),
        }
    }

    /// Keeps the most informative reason when several ACKs are owed at once.
    fn owe_ack_for(&mut self, purpose: Purpose) {
        if purpose.ack_rank() >= self.owed.purpose.map_or(0, Purpose::ack_rank) {
            self.owed.purpose = Some(purpose);
        }
    }

    /// Records that an ACK is owed by `deadline` (the delayed-ACK timer's).
    pub(crate) fn owe_ack_by(&mut self, purpose: Purpose, deadline: Time) {
        self.owe_ack_for(purpose);
        self.timers[TimerKind::DelayedAck] =
            Some(self.timers[TimerKind::DelayedAck].map_or(deadline, |d| d.min(deadline)));
    }

    /// Leaves the TCB closed with every timer stopped (the host then deletes it).
    pub(crate) fn close_down(&mut self, ctx: &mut Ctx, to: State, cause: Cause) {
        self.set_state(ctx, to, cause);
        self.timers = TimerTable::default();
        self.owed = OwedAck::default();
    }

    /// The TCB is finished: CLOSED, or returned to LISTEN, with nothing left to send.
    pub(crate) fn is_done(&self) -> bool {
        matches!(self.state, State::Closed | State::Listen) && self.pending_rst.is_none()
    }
}
