//! Why things happen or do not: why an arriving segment changed nothing,
//! why a connection gave up, why a segment was lost, why a learner's
//! recorded action was skipped. Re-exported from [`crate::event`].

use serde::{Deserialize, Serialize};

use crate::{Millis, Purpose};

crate::named_enum! {
    @serde
    /// Why a segment that arrived changed nothing (or only drew an ACK).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "reason")]
    pub enum IgnoreReason {
        /// LISTEN ignores RST (RFC 9293 3.10.7.2).
        RstInListen = "rst-in-listen",
        /// LISTEN: a segment with neither SYN, ACK nor RST.
        NotSynInListen = "not-syn-in-listen",
        /// SYN-SENT: neither SYN nor RST, so nothing to act on.
        NoSynOrRstInSynSent = "no-syn-or-rst-in-syn-sent",
        /// SYN-SENT: an RST that does not acknowledge our SYN cannot be trusted.
        RstWithoutAcceptableAck = "rst-without-acceptable-ack",
        /// The ACK field acknowledges something never sent (answered with RST or ACK).
        UnacceptableAck = "unacceptable-ack",
        /// Sequence number outside the receive window, or all of it already received;
        /// answered with an ACK that restates what we expect (RFC 9293 first check).
        OutsideWindow = "outside-window",
        /// A SYN we already received, sent again by a peer that missed our answer.
        DuplicateSyn = "duplicate-syn",
        /// A capture: a SYN again at a listener that kept nothing of its
        /// first answer (SYN cookies): it answers it as a new SYN, with a
        /// SYN,ACK of another initial number (kernel run 11877).
        SynAnsweredAnew = "syn-answered-anew",
        /// An RST outside the window: dropped silently (RFC 5961 3.2).
        RstOutsideWindow = "rst-outside-window",
        /// An RST inside the window but not at RCV.NXT: answered with a challenge ACK (RFC 5961 3.2).
        RstNotExact = "rst-not-exact",
        /// A SYN on a synchronized connection: answered with a challenge ACK (RFC 5961 4.2).
        SynOnSynchronized = "syn-on-synchronized",
        /// A segment without the ACK bit on a synchronized connection.
        NoAck = "no-ack",
        /// Data arriving after the peer's FIN (nothing can follow a FIN).
        DataAfterFin = "data-after-fin",
        /// Data ahead of a gap that would open one more separate range when
        /// the receiver already holds as many as it can: dropped, the sender
        /// will send it again (Linux prunes its out-of-order queue likewise).
        OutOfOrderFull = "out-of-order-full",
        /// The SYN queue (half-open connections) is full and SYN cookies are
        /// off: the SYN is dropped (the client will retry).
        ListenQueueFull {
            /// The listen() backlog: how many half-open (SYN-RECEIVED) connections fit.
            backlog: u32,
        } = "listen-queue-full",
        /// SYN-RECEIVED in a simultaneous open: the peer's SYN,ACK starts at the
        /// IRS we already have, so RFC 9293's first check finds it unacceptable
        /// and answers with an ACK (the peer's ACK then completes the handshake).
        SimultaneousSynAck = "simultaneous-syn-ack",
        /// TIME-WAIT expects only a retransmitted FIN; anything else is dropped.
        TimeWait = "time-wait",
        /// An empty segment at RCV.NXT − 1 into a window this side closed, or
        /// sent as a probe before this side's window update reached its
        /// sender ([`IgnoreReason::as_sent`]): a zero-window probe, answered
        /// with the current window (RFC 9293 3.8.6.1).
        WindowProbe = "window-probe",
        /// An empty segment at RCV.NXT − 1 into an open window: a keep-alive,
        /// answered with an ACK that shows the connection is alive (RFC 9293
        /// 3.8.4; Linux sends one after tcp_keepalive_time of silence on a
        /// socket with SO_KEEPALIVE).
        KeepAlive = "keep-alive",
        /// No connection and no listener for it: answered with RST (RFC 9293 3.10.7.1).
        NoConnection = "no-connection",
        /// A capture shows a side that had this connection answering a
        /// segment of it as a host with no such connection does
        /// (<SEQ=SEG.ACK><CTL=RST>, RFC 9293 3.10.7.1): the connection had
        /// ended there, by a segment the capture shows (its own RST) or in a
        /// way none shows (a timer such as Linux's FIN-WAIT-2 limit for a
        /// closed socket, or a restart).
        ConnectionGone = "connection-gone",
        /// An RST reaching a side whose connection had already ended (its
        /// own abort crossed it, say): discarded, since no host answers an
        /// RST (RFC 9293 3.10.7.1).
        ResetAfterEnd = "reset-after-end",
        /// Nobody at the destination address (a spoofed source never answers).
        NoHost = "no-host",
    }
}

impl IgnoreReason {
    /// The reason as its sender meant the segment. An empty segment one
    /// below RCV.NXT into an open window reads as a keep-alive to its
    /// receiver (`tcb/input.rs`), which cannot tell it from a zero-window
    /// probe sent before the window update reached its sender (the update
    /// lost, or crossing the probe on the path); the sender's purpose says
    /// which it was. The receiver's answer is the same ACK either way.
    pub(crate) fn as_sent(self, purpose: Purpose) -> IgnoreReason {
        match (self, purpose) {
            (IgnoreReason::KeepAlive, Purpose::WindowProbe) => IgnoreReason::WindowProbe,
            _ => self,
        }
    }
}

crate::named_enum! {
    @serde
    /// Why a recorded learner action was skipped.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum SkipReason {
        /// The segment to drop was not on the wire at that moment.
        NotInFlight = "not-in-flight",
        /// No segment has that number in this run.
        UnknownSegment = "unknown-segment",
        /// The application was still inside another call.
        Busy = "busy",
    }
}

/// Why a segment never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "by")]
pub enum DropCause {
    /// A drop rule of the scenario.
    Scenario {
        /// Index into the scenario's `drops`.
        rule: usize,
    },
    /// The learner clicked it.
    Learner,
    /// A recorded capture: never acknowledged and sent again, so probably
    /// lost after the capture point (where, the capture cannot tell).
    AfterCapture,
    /// A recorded capture: never acknowledged nor sent again, and its
    /// receiver, closed by its application, reset the FIN behind it as one
    /// past a gap (`Observation::lost_before_reset`).
    BeforeReset,
    /// A recorded capture: never acknowledged nor sent again, since its
    /// sender reset the connection first, and its receiver's next
    /// acknowledgment still asked for it
    /// (`Observation::lost_before_own_reset`).
    BeforeOwnReset,
    /// A recorded capture: a SYN,ACK of a simultaneous open, never sent
    /// again, that its receiver never answered with the ACK it sends at once
    /// (`Observation::lost_unanswered`).
    Unanswered,
    /// A recorded capture: as `Unanswered`, but its sender sent it again:
    /// the other side's SYN,ACK, which would have acknowledged the
    /// sender's SYN, never reached it either (both lost, kernel capture m6).
    UnansweredResent,
    /// A recorded capture: a listener's SYN,ACK, never acknowledged, after
    /// which the peer sent its SYN again and the listener answered that with
    /// a SYN,ACK of another initial number instead of this one again: it
    /// kept nothing of its first answer (SYN cookies, kernel run 11877).
    AnsweredAnew,
}

crate::named_enum! {
    @serde
    /// Why a connection gave up.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "after")]
    pub enum GiveUp {
        /// connect(): the SYN was retransmitted `retries` times without an answer.
        SynRetries {
            /// Retransmissions made.
            retries: u32,
            /// Time since the first SYN.
            elapsed: Millis,
        } = "syn-retries",
        /// The SYN,ACK was retransmitted `retries` times without the handshake's ACK.
        SynAckRetries {
            /// Retransmissions made.
            retries: u32,
            /// Time since the first SYN,ACK.
            elapsed: Millis,
        } = "syn-ack-retries",
        /// Data or FIN was retransmitted `retries` times without an ACK.
        DataRetries {
            /// Retransmissions made.
            retries: u32,
            /// Time since the first retransmission (Linux counts its budget from there).
            elapsed: Millis,
        } = "data-retries",
        /// The peer's window stayed shut and `probes` zero-window probes in a
        /// row got no answer at all (a peer that answers, even with a zero
        /// window, is never given up on: RFC 9293 3.8.6.1; Linux
        /// `tcp_probe_timer` counts unanswered probes against tcp_retries2).
        WindowProbes {
            /// Unanswered probes sent.
            retries: u32,
            /// Time since the first of them.
            elapsed: Millis,
        } = "window-probes",
        /// An orphaned connection waited in FIN-WAIT-2 for the peer's FIN too long.
        FinWait2Timeout = "fin-wait-2",
    }
}
