//! Semantic events: everything that happens in a run, each with its time, the
//! host it happened on and its cause. The widget narrates and draws these; it
//! never has to infer a TCP rule from raw segments.

use serde::{Deserialize, Serialize};

use crate::call::{Outcome, Wait};
use crate::vocab::segment::Resend;
use crate::{Addr, Call, Millis, Purpose, SegmentId, Seq, Side, State, Time};

pub use super::reason::{DropCause, GiveUp, IgnoreReason, SkipReason};

/// Which connection of a host an event concerns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "conn", content = "remote")]
pub enum Conn {
    /// The connection between the client and the server: the one the lifelines show.
    Main,
    /// Another connection of this host, e.g. a half-open one created by a spoofed SYN.
    Other(Addr),
}

crate::named_enum! {
    @serde
    /// The timers of one connection.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum TimerKind {
        /// RFC 6298 retransmission timer (RTO).
        Retransmission = "retransmission",
        /// TIME-WAIT's 2×MSL wait.
        TimeWait = "time-wait",
        /// A delayed ACK waiting for outgoing data to ride on.
        DelayedAck = "delayed-ack",
        /// Linux's FIN-WAIT-2 limit for connections whose application closed them.
        FinWait2 = "fin-wait-2",
        /// The persist timer: while the peer's window is zero, probe it
        /// (RFC 9293 3.8.6.1).
        Persist = "persist",
    }
}

impl TimerKind {
    /// How many kinds there are (the size of a timer table).
    pub const COUNT: usize = TimerKind::ALL.len();

    /// The kind's slot in a timer table.
    pub const fn index(self) -> usize {
        self as usize
    }
}

/// What made a state change happen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum Cause {
    /// The application's socket call.
    Call {
        /// The call.
        call: Call,
    },
    /// The arrival of a segment.
    Segment {
        /// The segment that arrived.
        segment: SegmentId,
    },
    /// A timer running out.
    Timer {
        /// The timer that ran out.
        timer: TimerKind,
    },
    /// Nothing the run shows: a recorded capture began after it, and the
    /// state is the one its first segments imply; or a connection ended
    /// without a segment (a timer, a restart), dated at the captured
    /// segment that reveals it.
    Assumed,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub at: Time,
    /// The host it happened on; `None` for the wire itself.
    pub side: Option<Side>,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum EventKind {
    /// The application started a socket call. For connect(), `iss` is the
    /// initial sequence number the new connection chose.
    CallStarted {
        /// The call.
        call: Call,
        /// connect() only: the ISS, the first sequence number of our SYN (RFC 9293 3.4.1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        iss: Option<Seq>,
    },
    /// The call cannot complete yet; it waits.
    CallBlocked {
        /// The call.
        call: Call,
        /// What it waits for.
        waiting: Wait,
    },
    /// The call returned.
    CallReturned {
        /// The call.
        call: Call,
        /// Its result (success, bytes read, or the error).
        outcome: Outcome,
    },
    /// The program stopped early because a call failed.
    ProgramStopped {
        /// The call that failed; the calls after it never run.
        after: Call,
    },
    /// A connection changed state.
    StateChanged {
        /// The connection.
        conn: Conn,
        /// The state it left.
        from: State,
        /// The state it entered.
        to: State,
        /// What made it change.
        cause: Cause,
    },
    /// A segment left its sender.
    SegmentSent {
        /// The segment.
        segment: SegmentId,
        /// Why the sender sent it.
        purpose: Purpose,
        /// Whether it repeats sequence numbers sent before, and why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resend: Option<Resend>,
    },
    /// A segment reached its destination host.
    SegmentArrived {
        /// The segment.
        segment: SegmentId,
    },
    /// A segment was lost in the network.
    SegmentDropped {
        /// The segment.
        segment: SegmentId,
        /// Who dropped it.
        by: DropCause,
        /// It carried no data, SYN or FIN (a bare ACK): nobody resends it;
        /// a later cumulative ACK may say the same thing (see `AckCovered`).
        bare_ack: bool,
    },
    /// A segment arrived whose acknowledgment also says what a lost bare ACK
    /// of the same sender would have said: ACKs are cumulative.
    AckCovered {
        /// The segment that arrived.
        segment: SegmentId,
        /// The bare ACK that was lost.
        lost: SegmentId,
    },
    /// A segment was held up in the network longer than the usual delay.
    SegmentDelayed {
        /// The segment.
        segment: SegmentId,
        /// The delay added to the usual one-way delay (ms).
        extra: Millis,
    },
    /// An arriving segment was discarded, or only answered with an ACK or RST.
    SegmentIgnored {
        /// The segment that arrived.
        segment: SegmentId,
        /// The connection it was addressed to (which may not exist).
        conn: Conn,
        /// Why it changed nothing.
        reason: IgnoreReason,
    },
    /// An ACK moved SND.UNA forward: the peer has these bytes (or SYN/FIN).
    Acknowledged {
        /// The segment whose SEG.ACK did it.
        segment: SegmentId,
        /// The connection.
        conn: Conn,
        /// How many sequence numbers became acknowledged (SYN and FIN count one each).
        newly_acked: u32,
        /// SND.UNA after the ACK: the oldest sequence number not yet acknowledged.
        snd_una: Seq,
    },
    /// In-order data reached the receive buffer; RCV.NXT moved forward.
    DataReceived {
        /// The segment that arrived (for held data, the one that filled the gap).
        segment: SegmentId,
        /// The connection.
        conn: Conn,
        /// New payload bytes now in the receive buffer.
        bytes: u32,
        /// RCV.NXT after them: the next sequence number expected.
        rcv_nxt: Seq,
        /// This side had already closed its own sending (FIN-WAIT-1 or
        /// FIN-WAIT-2, after shutdown()): the data arrived on a half-closed
        /// connection, which still carries data towards the side that closed.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        half_closed: bool,
    },
    /// Out-of-order data (or a FIN) was kept until the gap before it is filled.
    DataQueuedOutOfOrder {
        /// The segment that arrived ahead of the gap.
        segment: SegmentId,
        /// The connection.
        conn: Conn,
        /// Its payload bytes (0 for a FIN alone).
        bytes: u32,
        /// It carries a FIN, which waits with it: a FIN takes effect only in
        /// sequence (RFC 9293 3.10.7.4, eighth), once every byte before it
        /// has arrived.
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        fin: bool,
        /// Every one of them (and its FIN, if it carries one) was held
        /// already: a copy of what an earlier segment brought past the gap
        /// (a resend sent before the original's ACK came back). Nothing new
        /// is kept; it is still acknowledged at once (RFC 5681 4.2).
        #[serde(default, skip_serializing_if = "core::ops::Not::not")]
        held_already: bool,
    },
    /// A timer was started or restarted.
    TimerArmed {
        /// The connection.
        conn: Conn,
        /// Which timer.
        timer: TimerKind,
        /// When it will run out unless stopped first.
        deadline: Time,
        /// Retransmission timer only: the RTO it waits (RFC 6298).
        rto: Option<Millis>,
        /// Retransmission timer only: how many times the RTO has been doubled
        /// since the last RTT sample (RFC 6298 5.5); 0 for the other timers.
        backoff: u32,
    },
    /// A timer ran out. For the retransmission timer, `rto` is the timeout
    /// that ran out, and `next_rto` with `backoff` the backed-off timeout the
    /// retransmission now waits for (`None` when the connection gives up).
    TimerFired {
        /// The connection.
        conn: Conn,
        /// Which timer.
        timer: TimerKind,
        /// Retransmission timer only: the RTO that ran out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        rto: Option<Millis>,
        /// Retransmission timer only: the RTO the retransmission now waits for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_rto: Option<Millis>,
        /// Retransmission timer only: how many times the RTO has been doubled (RFC 6298 5.5).
        #[serde(default)]
        backoff: u32,
    },
    /// An answer the rules call for (an ACK to an unacceptable segment, a
    /// challenge ACK) was not sent: at most so many per interval (RFC 5961 §7;
    /// Linux: one per 500 ms per connection).
    AnswerThrottled {
        /// The segment that would have been answered.
        segment: SegmentId,
        /// The connection.
        conn: Conn,
    },
    /// The listener's SYN queue was full and SYN cookies are on: the server
    /// answers with a SYN,ACK whose ISN encodes the connection, and keeps no state.
    SynCookieSent {
        /// The SYN answered.
        segment: SegmentId,
        /// The connection it would create.
        conn: Conn,
    },
    /// An ACK carried a valid SYN cookie (SEG.ACK − 1): the server rebuilds the
    /// connection from it, straight to ESTABLISHED.
    SynCookieAccepted {
        /// The segment with the cookie.
        segment: SegmentId,
        /// The connection created.
        conn: Conn,
    },
    /// The application closed its listening socket: connections waiting to be
    /// accepted are reset, half-open ones are forgotten.
    ListenerClosed {
        /// Completed connections reset (RST).
        reset: u32,
        /// Half-open connections dropped without a word.
        dropped: u32,
    },
    /// A recorded learner action could not apply when its time came (replay
    /// of a share link made for another run): it is skipped.
    ActionSkipped {
        /// The action.
        action: crate::vocab::action::Action,
        /// Why it could not apply.
        reason: SkipReason,
    },
    /// A timer was stopped before running out.
    TimerCancelled {
        /// The connection.
        conn: Conn,
        /// Which timer.
        timer: TimerKind,
    },
    /// The connection gave up and was closed.
    GaveUp {
        /// The connection.
        conn: Conn,
        /// Which limit ran out.
        reason: GiveUp,
    },
    /// The run reached a safety cap (see `sim::MAX_EVENTS`, `sim::MAX_SEGMENTS`)
    /// and stops here: what follows is not simulated. Nothing valid gets here
    /// in a lesson; it bounds what a hostile share link can cost.
    RunCutShort {
        /// Events logged when it stopped.
        events: u32,
        /// Segments sent when it stopped.
        segments: u32,
    },
    /// The number of half-open connections of the listener changed.
    ListenQueue {
        /// Passive connections in SYN-RECEIVED, waiting for the handshake's ACK.
        half_open: u32,
        /// The listen() backlog: how many half-open connections fit.
        backlog: u32,
    },
}

impl Event {
    /// The segment an event is about, if any.
    pub fn segment(&self) -> Option<SegmentId> {
        match &self.kind {
            EventKind::SegmentSent { segment, .. }
            | EventKind::SegmentArrived { segment }
            | EventKind::SegmentDropped { segment, .. }
            | EventKind::SegmentDelayed { segment, .. }
            | EventKind::SegmentIgnored { segment, .. }
            | EventKind::Acknowledged { segment, .. }
            | EventKind::DataReceived { segment, .. }
            | EventKind::DataQueuedOutOfOrder { segment, .. }
            | EventKind::AckCovered { segment, .. }
            | EventKind::AnswerThrottled { segment, .. }
            | EventKind::SynCookieSent { segment, .. }
            | EventKind::SynCookieAccepted { segment, .. } => Some(*segment),
            EventKind::StateChanged {
                cause: Cause::Segment { segment },
                ..
            } => Some(*segment),
            _ => None,
        }
    }
}
