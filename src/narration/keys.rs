//! The vocabulary of the narration: every kind of sentence the technical
//! explanation can say ([`Line`]), every moment an analogy has a line for
//! ([`Beat`]), the analogy themes and the deep-dive questions, and the
//! `@key` each has in the content files (`static/content/*.txt`). Tests in
//! `text` check that every key has a text in each language, none empty, with
//! the same placeholders.

use tcp_model::event::IgnoreReason;
use tcp_model::{Purpose, State};

/// Why a connection gave up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GiveUpKind {
    SynRetries,
    SynAckRetries,
    DataRetries,
    FinWait2,
}

/// One kind of sentence of the technical explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Line {
    // Socket calls.
    Listen,
    AcceptWaits,
    AcceptReturns,
    Connect,
    ConnectReturns,
    Send,
    RecvWaits,
    /// recv() blocked until the peer's FIN (read to end of stream).
    RecvEofWaits,
    RecvReturns,
    RecvEof,
    Sleep,
    Shutdown,
    Close,
    Abort,
    CallFailed,
    // Segments sent, by why; and two remarks that can follow.
    Sent(Purpose),
    SentSpoofed,
    /// A segment to an address nobody answers (a SYN flood's half-open connection).
    SentToNobody,
    Retransmission,
    Piggyback,
    // The wire.
    DroppedByLearner,
    DroppedByScenario,
    Vanished,
    Delayed,
    // Arrivals.
    Entered(State),
    Acknowledged,
    DataReceived,
    OutOfOrder,
    /// An arriving segment changed nothing; the model's `IgnoreReason::name`.
    Ignored(&'static str),
    // Timers.
    RtoFired,
    TimeWaitStarted,
    TimeWaitExpired,
    DelayedAckFired,
    FinWait2Expired,
    GaveUp(GiveUpKind),
    ListenQueue,
}

/// A moment an analogy has a line for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Beat {
    /// The client's SYN.
    Syn,
    /// SYN,ACK back.
    SynAck,
    /// The third segment: the handshake is complete.
    HandshakeAck,
    /// Both sent SYNs at once.
    SimultaneousOpen,
    Data,
    DataAck,
    /// The first FIN of a close.
    Fin,
    /// The ACK of that first FIN (the peer may still talk).
    FinAck,
    /// The other side's FIN.
    SecondFin,
    /// The last ACK, from the side now in TIME-WAIT.
    LastAck,
    /// Both closed at once (CLOSING).
    SimultaneousClose,
    TimeWait,
    /// The connection is gone.
    Closed,
    /// A segment was lost.
    Lost,
    /// Something is said again after a timeout.
    Retransmit,
    /// A repeat was recognised and answered.
    Duplicate,
    /// Nobody is listening: RST.
    Refused,
    /// Someone hangs up hard: RST.
    Reset,
    /// An old SYN from a past connection is turned away.
    OldDuplicate,
    /// The listen queue is full.
    QueueFull,
    /// Tries ran out.
    GiveUp,
}

/// The analogy themes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// The street stand-off (你瞅啥 / 瞅你咋的 / 揍你丫的) for the handshake,
    /// and a breakup for the close.
    #[default]
    StandOff,
    /// A phone call: "can you hear me?" … hanging up.
    PhoneCall,
    /// A capability check: "is my sending OK? is my receiving OK?"
    Capability,
}

/// The deep-dive questions, each with a scenario to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DeepDive {
    WhyThree,
    WhyFour,
    WhyTimeWait,
    SynFlood,
    SynFinTakeNumber,
    SeqAndAck,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::StandOff, Theme::PhoneCall, Theme::Capability];

    pub const fn id(self) -> &'static str {
        match self {
            Theme::StandOff => "standoff",
            Theme::PhoneCall => "phone",
            Theme::Capability => "capability",
        }
    }

    pub fn from_id(id: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.id() == id)
    }
}

impl DeepDive {
    pub const ALL: [DeepDive; 6] = [
        DeepDive::WhyThree,
        DeepDive::WhyFour,
        DeepDive::WhyTimeWait,
        DeepDive::SynFlood,
        DeepDive::SynFinTakeNumber,
        DeepDive::SeqAndAck,
    ];

    /// The built-in scenario that shows the answer.
    pub const fn scenario(self) -> &'static str {
        match self {
            DeepDive::WhyThree => "old-duplicate-syn",
            DeepDive::WhyFour => "half-close",
            DeepDive::WhyTimeWait => "lost-final-ack",
            DeepDive::SynFlood => "syn-flood",
            DeepDive::SynFinTakeNumber => "handshake-and-close",
            DeepDive::SeqAndAck => "handshake-and-close",
        }
    }
}

impl Beat {
    pub const ALL: [Beat; 21] = [
        Beat::Syn,
        Beat::SynAck,
        Beat::HandshakeAck,
        Beat::SimultaneousOpen,
        Beat::Data,
        Beat::DataAck,
        Beat::Fin,
        Beat::FinAck,
        Beat::SecondFin,
        Beat::LastAck,
        Beat::SimultaneousClose,
        Beat::TimeWait,
        Beat::Closed,
        Beat::Lost,
        Beat::Retransmit,
        Beat::Duplicate,
        Beat::Refused,
        Beat::Reset,
        Beat::OldDuplicate,
        Beat::QueueFull,
        Beat::GiveUp,
    ];
}

impl Line {
    /// Every line, for completeness tests.
    pub fn all() -> Vec<Line> {
        let mut all = vec![
            Line::Listen,
            Line::AcceptWaits,
            Line::AcceptReturns,
            Line::Connect,
            Line::ConnectReturns,
            Line::Send,
            Line::RecvWaits,
            Line::RecvEofWaits,
            Line::RecvReturns,
            Line::RecvEof,
            Line::Sleep,
            Line::Shutdown,
            Line::Close,
            Line::Abort,
            Line::CallFailed,
            Line::SentSpoofed,
            Line::SentToNobody,
            Line::Retransmission,
            Line::Piggyback,
            Line::DroppedByLearner,
            Line::DroppedByScenario,
            Line::Vanished,
            Line::Delayed,
            Line::Acknowledged,
            Line::DataReceived,
            Line::OutOfOrder,
            Line::RtoFired,
            Line::TimeWaitStarted,
            Line::TimeWaitExpired,
            Line::DelayedAckFired,
            Line::FinWait2Expired,
            Line::ListenQueue,
        ];
        all.extend(Purpose::ALL.iter().map(|p| Line::Sent(*p)));
        all.extend(State::ALL.iter().map(|s| Line::Entered(*s)));
        all.extend(IgnoreReason::NAMES.iter().map(|n| Line::Ignored(n)));
        all.extend(
            [
                GiveUpKind::SynRetries,
                GiveUpKind::SynAckRetries,
                GiveUpKind::DataRetries,
                GiveUpKind::FinWait2,
            ]
            .map(Line::GaveUp),
        );
        all
    }
}

/// Stable names for the content files (`static/content/<lang>.txt`), where
/// each text is filed under `@<key>`.
pub mod names {
    use super::*;

    /// `@line.<name>`: a technical sentence.
    pub fn line(l: Line) -> String {
        let simple = match l {
            Line::Listen => "listen",
            Line::AcceptWaits => "accept-waits",
            Line::AcceptReturns => "accept-returns",
            Line::Connect => "connect",
            Line::ConnectReturns => "connect-returns",
            Line::Send => "send",
            Line::RecvWaits => "recv-waits",
            Line::RecvEofWaits => "recv-eof-waits",
            Line::RecvReturns => "recv-returns",
            Line::RecvEof => "recv-eof",
            Line::Sleep => "sleep",
            Line::Shutdown => "shutdown",
            Line::Close => "close",
            Line::Abort => "abort",
            Line::CallFailed => "call-failed",
            Line::SentSpoofed => "sent-spoofed",
            Line::SentToNobody => "sent-to-nobody",
            Line::Retransmission => "retransmission",
            Line::Piggyback => "piggyback",
            Line::DroppedByLearner => "dropped-by-learner",
            Line::DroppedByScenario => "dropped-by-scenario",
            Line::Vanished => "vanished",
            Line::Delayed => "delayed",
            Line::Acknowledged => "acknowledged",
            Line::DataReceived => "data-received",
            Line::OutOfOrder => "out-of-order",
            Line::RtoFired => "rto-fired",
            Line::TimeWaitStarted => "time-wait-started",
            Line::TimeWaitExpired => "time-wait-expired",
            Line::DelayedAckFired => "delayed-ack-fired",
            Line::FinWait2Expired => "fin-wait-2-expired",
            Line::ListenQueue => "listen-queue",
            Line::Sent(p) => return format!("line.sent.{}", p.name()),
            Line::Entered(s) => return format!("line.entered.{}", s.name()),
            Line::Ignored(name) => return format!("line.ignored.{name}"),
            Line::GaveUp(g) => {
                let g = match g {
                    GiveUpKind::SynRetries => "syn-retries",
                    GiveUpKind::SynAckRetries => "syn-ack-retries",
                    GiveUpKind::DataRetries => "data-retries",
                    GiveUpKind::FinWait2 => "fin-wait-2",
                };
                return format!("line.gave-up.{g}");
            }
        };
        format!("line.{simple}")
    }

    pub fn beat_id(b: Beat) -> &'static str {
        match b {
            Beat::Syn => "syn",
            Beat::SynAck => "syn-ack",
            Beat::HandshakeAck => "handshake-ack",
            Beat::SimultaneousOpen => "simultaneous-open",
            Beat::Data => "data",
            Beat::DataAck => "data-ack",
            Beat::Fin => "fin",
            Beat::FinAck => "fin-ack",
            Beat::SecondFin => "second-fin",
            Beat::LastAck => "last-ack",
            Beat::SimultaneousClose => "simultaneous-close",
            Beat::TimeWait => "time-wait",
            Beat::Closed => "closed",
            Beat::Lost => "lost",
            Beat::Retransmit => "retransmit",
            Beat::Duplicate => "duplicate",
            Beat::Refused => "refused",
            Beat::Reset => "reset",
            Beat::OldDuplicate => "old-duplicate",
            Beat::QueueFull => "queue-full",
            Beat::GiveUp => "give-up",
        }
    }

    /// `@beat.<theme>.<beat>`: the analogy's line for a moment.
    pub fn beat(theme: Theme, b: Beat) -> String {
        format!("beat.{}.{}", theme.id(), beat_id(b))
    }

    /// `@breaks.<theme>`: where the analogy stops being true.
    pub fn breaks(theme: Theme) -> String {
        format!("breaks.{}", theme.id())
    }

    pub fn dive_id(d: DeepDive) -> &'static str {
        match d {
            DeepDive::WhyThree => "why-three",
            DeepDive::WhyFour => "why-four",
            DeepDive::WhyTimeWait => "why-time-wait",
            DeepDive::SynFlood => "syn-flood",
            DeepDive::SynFinTakeNumber => "syn-fin-take-number",
            DeepDive::SeqAndAck => "seq-and-ack",
        }
    }

    /// `@dive.<id>.title` and `@dive.<id>.body`.
    pub fn dive(d: DeepDive, part: &str) -> String {
        format!("dive.{}.{part}", dive_id(d))
    }

    /// Every key a content file must have, in file order.
    pub fn all() -> Vec<String> {
        let mut keys: Vec<String> = Line::all().into_iter().map(line).collect();
        for theme in Theme::ALL {
            keys.extend(Beat::ALL.iter().map(|b| beat(theme, *b)));
            keys.push(breaks(theme));
        }
        for d in DeepDive::ALL {
            keys.push(dive(d, "title"));
            keys.push(dive(d, "body"));
        }
        keys
    }
}
