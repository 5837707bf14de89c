//! The vocabulary of the technical explanation and where each word's text is filed: every
//! sentence kind ([`Line`]) and the deep-dive questions, each with its `@key` in
//! `static/content/<lang>.txt`; the analogies' vocabulary is `analogy_keys.rs`, re-exported here.
//! Names come from one list per enum (`named_enum!`); the model's own names (purposes, states,
//! ignore and give-up reasons) are used as they are. Tests (`content_tests.rs`) check that every
//! key of both has a text in each language, none empty, with the same placeholders, and that the
//! files hold nothing else.

use tcp_model::event::{GiveUp, IgnoreReason, SkipReason};
use tcp_model::{named_enum, Purpose, Resend, Side, State};

pub use super::analogy_keys::{
    analogy, analogy_breaks, analogy_name, beat_key, breaks_key, mode_name, Analogy, Beat, Mode,
};
use super::dives::{dive_key, DeepDive};
use crate::text::Lang;

named_enum! {
    /// A sentence of the technical explanation that needs no detail in its key.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Say {
        /// listen(): the server opens its port.
        Listen = "listen",
        /// accept() waits for a connection.
        AcceptWaits = "accept-waits",
        /// accept() hands over a connection.
        AcceptReturns = "accept-returns",
        /// connect(): the client picks its ISN and sends a SYN.
        Connect = "connect",
        /// connect() returns: the handshake is done on this side.
        ConnectReturns = "connect-returns",
        /// send() hands bytes to TCP.
        Send = "send",
        /// recv(N) waits for bytes.
        RecvWaits = "recv-waits",
        /// recv() waits until the peer's FIN (read to the end).
        RecvEofWaits = "recv-eof-waits",
        /// recv(N) returns bytes.
        RecvReturns = "recv-returns",
        /// recv() returns 0: the peer's FIN was reached.
        RecvEof = "recv-eof",
        /// sleep: the application does something else.
        Sleep = "sleep",
        /// shutdown(SHUT_WR).
        Shutdown = "shutdown",
        /// close().
        Close = "close",
        /// abort: RST.
        Abort = "abort",
        /// A call failed with an errno.
        CallFailed = "call-failed",
        /// A segment with a made-up source address.
        SentSpoofed = "sent-spoofed",
        /// A captured SYN that carries data (TCP Fast Open).
        SentSynData = "sent-syn-data",
        /// A captured SYN: its numbers are relative to its ISN, as Wireshark shows them.
        SentSynRecorded = "sent-syn-recorded",
        /// A captured SYN,ACK from a side that took its peer's SYN data.
        SentSynAckData = "sent-syn-ack-data",
        /// A FIN on the sender's last data bytes.
        SentFinData = "sent-fin-data",
        /// A captured resend of numbers sent in a segment the capture lacks.
        ResentUnseen = "resent-unseen",
        /// The path's second delivery of one packet: no resend, nothing sent.
        NetworkCopy = "network-copy",
        /// The same, told by the SYN,ACK's sender having been synchronized.
        NetworkCopySynAck = "network-copy-synack",
        /// A SYN the path delivered twice reaches the side that has it.
        DuplicateSynCopy = "duplicate-syn-copy",
        /// A captured segment that later ones overtook on the path.
        Overtaken = "overtaken",
        /// A segment to an address nobody answers.
        SentToNobody = "sent-to-nobody",
        /// It also carries an ACK that was owed.
        Piggyback = "piggyback",
        /// Data reached a side that has sent its FIN: it still receives (a half-close).
        HalfCloseData = "half-close-data",
        /// It advertises a window of 0: the sender's receive buffer is full.
        ZeroWindow = "zero-window",
        /// A captured SYN with ECE and CWR: it asks to use ECN.
        EcnAsks = "ecn.asks",
        /// A captured SYN,ACK with ECE alone answering a SYN that asked.
        EcnAgrees = "ecn.agrees",
        /// ECE on a connection that agreed to ECN: a congestion mark echoed.
        EcnEcho = "ecn.echo",
        /// CWR on a connection that agreed to ECN: its sender slowed down.
        EcnReduced = "ecn.reduced",
        /// A capture: its IP header marked Congestion Experienced by a queue on its path.
        EcnMarked = "ecn.marked",
        /// A captured window update whose scale the capture lacks: the field, not bytes.
        WindowUpdateUnscaled = "window-update-unscaled",
        /// The learner dropped a segment.
        DroppedByLearner = "dropped-by-learner",
        /// The scenario's network lost a segment.
        DroppedByScenario = "dropped-by-scenario",
        /// A recorded capture: lost after the capture point (sent again, never acknowledged).
        LostAfterCapture = "lost-after-capture",
        /// A capture: TIME-WAIT entered (its details quote no MSL: how long is the host's own).
        TimeWaitRecorded = "entered.TIME-WAIT.recorded",
        /// A capture: an empty segment lost after the capture point, told by its receiver's next move.
        LostAfterCaptureEmpty = "lost-after-capture.empty",
        /// A capture: data lost after the capture point, told by the reset of the FIN behind it.
        LostBeforeReset = "lost-after-capture.before-reset",
        /// A capture: data lost after the capture point, not resent (its sender reset first).
        LostBeforeOwnReset = "lost-after-capture.before-own-reset",
        /// A capture: a simultaneous open's SYN,ACK lost after capture, told by the ACK never sent.
        LostUnanswered = "lost-after-capture.unanswered",
        /// The same, sent again: the other side's SYN,ACK was lost too.
        LostUnansweredResent = "lost-after-capture.unanswered-resent",
        /// A capture: a listener's SYN,ACK lost, the repeated SYN answered with a new ISN.
        LostAnsweredAnew = "lost-after-capture.answered-anew",
        /// The learner dropped a bare ACK (nobody resends those).
        DroppedBareAckByLearner = "dropped-by-learner.bare-ack",
        /// The network lost a bare ACK (nobody resends those).
        DroppedBareAckByScenario = "dropped-by-scenario.bare-ack",
        /// A segment reached an address nobody answers.
        Vanished = "vanished",
        /// A segment was held up in the network.
        Delayed = "delayed",
        /// An ACK moved SND.UNA forward.
        Acknowledged = "acknowledged",
        /// In-order data reached the receive buffer.
        DataReceived = "data-received",
        /// Data arrived ahead of a gap.
        OutOfOrder = "out-of-order",
        /// A copy of data already held ahead of a gap arrived.
        OutOfOrderHeld = "out-of-order.held",
        /// A FIN arrived ahead of a gap: it waits for the bytes before it.
        OutOfOrderFin = "out-of-order.fin",
        /// The retransmission timer ran out; the segment goes again, with a longer wait.
        RtoFired = "rto-fired",
        /// The retransmission timer ran out with no retries left.
        RtoFiredLast = "rto-fired.last",
        /// TIME-WAIT's timer started.
        TimeWaitStarted = "time-wait-started",
        /// TIME-WAIT is over.
        TimeWaitExpired = "time-wait-expired",
        /// A delayed ACK found nothing to ride on.
        DelayedAckFired = "delayed-ack-fired",
        /// An orphaned connection stopped waiting in FIN-WAIT-2.
        FinWait2Expired = "fin-wait-2-expired",
        /// The listener's SYN queue changed.
        ListenQueue = "listen-queue",
        /// The zero-window probe timer ran out: time to ask again.
        ProbeTimerFired = "probe-timer-fired",
        /// A later ACK covered a lost one (acks are cumulative).
        AckCovers = "ack-covers-lost",
        /// An answer to an unacceptable segment was held back (rate limit).
        AnswerThrottled = "answer-throttled",
        /// An ACK brought back a SYN cookie: the connection is rebuilt.
        SynCookieAccepted = "syn-cookie-accepted",
        /// close() on the listening socket.
        ListenerClosed = "listener-closed",
        /// The run hit a safety cap and stops here.
        RunCutShort = "run-cut-short",
    }
}

/// One kind of sentence of the technical explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    /// A sentence named by itself.
    Say(Say),
    /// A segment sent, by why (the model's purpose).
    Sent(Purpose),
    /// It repeats sequence numbers sent before, by why.
    Resent(Resend),
    /// A state entered.
    Entered(State),
    /// An arriving segment changed nothing: the model's ignore reason (its name).
    Ignored(&'static str),
    /// A connection gave up: the model's reason (its name).
    GaveUp(&'static str),
    /// A recorded learner action could not apply: the model's reason (its name).
    Skipped(&'static str),
}

impl Line {
    /// The line for an ignore reason.
    pub fn ignored(reason: &IgnoreReason) -> Line {
        Line::Ignored(reason.name())
    }

    /// The line for a give-up reason.
    pub fn gave_up(reason: &GiveUp) -> Line {
        Line::GaveUp(reason.name())
    }

    /// `@line.<…>`: where the sentence is filed.
    pub fn key(self) -> String {
        match self {
            Line::Say(s) => format!("line.{}", s.name()),
            Line::Sent(p) => format!("line.sent.{}", p.name()),
            Line::Resent(r) => format!("line.resent.{}", r.name()),
            Line::Entered(s) => format!("line.entered.{}", s.name()),
            Line::Ignored(name) => format!("line.ignored.{name}"),
            Line::GaveUp(name) => format!("line.gave-up.{name}"),
            Line::Skipped(name) => format!("line.skipped.{name}"),
        }
    }

    /// Every line, for completeness tests.
    pub fn all() -> Vec<Line> {
        let mut all: Vec<Line> = Say::ALL.iter().map(|&s| Line::Say(s)).collect();
        all.extend(Purpose::ALL.iter().map(|&p| Line::Sent(p)));
        all.extend(Resend::ALL.iter().map(|&r| Line::Resent(r)));
        all.extend(State::ALL.iter().map(|&s| Line::Entered(s)));
        all.extend(IgnoreReason::NAMES.iter().map(|&n| Line::Ignored(n)));
        all.extend(GiveUp::NAMES.iter().map(|&n| Line::GaveUp(n)));
        all.extend(SkipReason::NAMES.iter().map(|&n| Line::Skipped(n)));
        all
    }
}

/// Every narration key a content file must have, in file order.
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = Line::all().into_iter().map(Line::key).collect();
    for &analogy in Analogy::ALL {
        keys.extend(Beat::ALL.iter().map(|&b| beat_key(analogy, b)));
        keys.push(breaks_key(analogy));
    }
    for &d in DeepDive::ALL {
        keys.push(dive_key(d, "title"));
        keys.push(dive_key(d, "body"));
    }
    keys.extend(super::learn::all_keys());
    keys
}

/// Every key the widget looks up outside the interface labels (those are
/// checked when a file is parsed): the narration's and the scenario titles.
/// A content file without one of them is refused (it was cut short).
pub fn required_keys() -> &'static [String] {
    thread_local! {
        static KEYS: &'static [String] = {
            let mut keys = all_keys();
            keys.extend(tcp_model::library::BUILTINS.iter().map(|b| format!("title.{}", b.name)));
            keys.retain(|k| !crate::text::is_deferred(k));
            Box::leak(keys.into_boxed_slice())
        };
    }
    KEYS.with(|k| *k)
}

/// The keys the deferred file (`<lang>-more.txt`) must hold.
pub fn deferred_keys() -> &'static [String] {
    thread_local! {
        static KEYS: &'static [String] = {
            let mut keys = all_keys();
            keys.retain(|k| crate::text::is_deferred(k));
            Box::leak(keys.into_boxed_slice())
        };
    }
    KEYS.with(|k| *k)
}

/// The technical sentence for one kind of event, with `{placeholders}`:
/// its headline, and the details shown on demand ("" until the deferred
/// texts are here, or when there are none).
pub fn technical(lang: Lang, line: Line) -> (&'static str, &'static str) {
    let key = line.key();
    let texts = lang.texts();
    (texts.get(&key), texts.get(&format!("details.{key}")))
}

/// A host's name in the learner's language.
pub fn side_name(lang: Lang, side: Side) -> &'static str {
    let ui = &lang.texts().ui;
    match side {
        Side::Client => ui.client,
        Side::Server => ui.server,
    }
}

#[cfg(test)]
#[path = "content_tests.rs"]
mod content_tests;
