//! The vocabulary of the narration: every kind of sentence the technical
//! explanation can say ([`Line`]), every moment an analogy has a line for
//! ([`Beat`]), the analogy themes and the deep-dive questions. Each language
//! maps every key to a text with an exhaustive `match`, so a missing text is
//! a compile error; tests check that none is empty and that placeholders agree.

use tcp_model::{Purpose, State};

/// Why an arriving segment changed nothing (the model's `IgnoreReason`,
/// without its data).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ignore {
    RstInListen,
    NotSynInListen,
    NoSynOrRstInSynSent,
    RstWithoutAcceptableAck,
    UnacceptableAck,
    OutsideWindow,
    DuplicateSyn,
    RstOutsideWindow,
    RstNotExact,
    SynOnSynchronized,
    NoAck,
    DataAfterFin,
    ListenQueueFull,
    NoConnection,
    NoHost,
}

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
    Ignored(Ignore),
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
        all.extend(PURPOSES.iter().map(|p| Line::Sent(*p)));
        all.extend(State::ALL.iter().map(|s| Line::Entered(*s)));
        all.extend(IGNORES.iter().map(|i| Line::Ignored(*i)));
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

pub const PURPOSES: [Purpose; 16] = [
    Purpose::Syn,
    Purpose::SynAck,
    Purpose::HandshakeAck,
    Purpose::Data,
    Purpose::AckData,
    Purpose::AckFin,
    Purpose::Fin,
    Purpose::DuplicateAck,
    Purpose::ChallengeAck,
    Purpose::TimeWaitAck,
    Purpose::WindowUpdate,
    Purpose::RstNoConnection,
    Purpose::RstBadAck,
    Purpose::RstAbort,
    Purpose::RstDataLost,
    Purpose::Injected,
];

pub const IGNORES: [Ignore; 15] = [
    Ignore::RstInListen,
    Ignore::NotSynInListen,
    Ignore::NoSynOrRstInSynSent,
    Ignore::RstWithoutAcceptableAck,
    Ignore::UnacceptableAck,
    Ignore::OutsideWindow,
    Ignore::DuplicateSyn,
    Ignore::RstOutsideWindow,
    Ignore::RstNotExact,
    Ignore::SynOnSynchronized,
    Ignore::NoAck,
    Ignore::DataAfterFin,
    Ignore::ListenQueueFull,
    Ignore::NoConnection,
    Ignore::NoHost,
];
