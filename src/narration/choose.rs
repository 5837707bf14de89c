//! Which sentence (technical line or analogy beat) the narration says for
//! one event: decided by the event the model reports, never by a TCP rule
//! of its own.

use tcp_model::call::Outcome;
use tcp_model::event::{Conn, DropCause, EventKind, IgnoreReason, TimerKind};
use tcp_model::sim::ecn::EcnSignal;
use tcp_model::view::Moment;
use tcp_model::{Call, Event, Origin, Purpose, Resend, Side, Simulation, State};

use super::keys::{Beat, Line, Say};

/// The technical line(s) for one event, most important first.
pub fn lines_for(run: &Simulation, e: &Event) -> Vec<Line> {
    let main = |conn: &Conn| *conn == Conn::Main;
    match &e.kind {
        EventKind::CallStarted { call, .. } => match call {
            Call::Listen => vec![Line::Say(Say::Listen)],
            Call::Connect => vec![Line::Say(Say::Connect)],
            Call::Send(_) => vec![Line::Say(Say::Send)],
            Call::Sleep(_) => vec![Line::Say(Say::Sleep)],
            Call::Shutdown => vec![Line::Say(Say::Shutdown)],
            Call::Close => vec![Line::Say(Say::Close)],
            Call::Abort => vec![Line::Say(Say::Abort)],
            Call::Accept | Call::Recv(_) | Call::RecvEof => vec![],
        },
        EventKind::CallBlocked { call, .. } => match call {
            Call::Accept => vec![Line::Say(Say::AcceptWaits)],
            Call::Recv(_) => vec![Line::Say(Say::RecvWaits)],
            Call::RecvEof => vec![Line::Say(Say::RecvEofWaits)],
            _ => vec![],
        },
        EventKind::CallReturned { call, outcome } => match (call, outcome) {
            (_, Outcome::Failed { .. }) => vec![Line::Say(Say::CallFailed)],
            (Call::Accept, _) => vec![Line::Say(Say::AcceptReturns)],
            (Call::Connect, _) => vec![Line::Say(Say::ConnectReturns)],
            (_, Outcome::Eof { .. }) => vec![Line::Say(Say::RecvEof)],
            (_, Outcome::Read { .. }) => vec![Line::Say(Say::RecvReturns)],
            _ => vec![],
        },
        EventKind::ProgramStopped { .. } => vec![],
        EventKind::StateChanged {
            conn,
            to: State::TimeWait,
            ..
        } if main(conn) && run.is_recorded() => vec![Line::Say(Say::TimeWaitRecorded)],
        EventKind::StateChanged { conn, to, .. } if main(conn) => vec![Line::Entered(*to)],
        EventKind::StateChanged { .. } => vec![],
        EventKind::SegmentSent {
            segment,
            purpose,
            resend,
        } => {
            let Some(s) = run.segment(*segment) else {
                return vec![];
            };
            // The path's second delivery of a packet: its sender sent nothing.
            match resend {
                Some(Resend::Duplicated) => return vec![Line::Say(Say::NetworkCopy)],
                Some(Resend::DuplicatedSynAck) => return vec![Line::Say(Say::NetworkCopySynAck)],
                _ => {}
            }
            let mut lines = vec![match purpose {
                _ if s.from == Origin::Spoofed => Line::Say(Say::SentSpoofed),
                _ if s.to.is_none() => Line::Say(Say::SentToNobody),
                Purpose::Syn if s.header.len > 0 => Line::Say(Say::SentSynData),
                // Drawn with Wireshark's relative numbers: seq 0 stands for the ISN.
                Purpose::Syn if run.is_recorded() => Line::Say(Say::SentSynRecorded),
                Purpose::Fin if s.header.len > 0 => Line::Say(Say::SentFinData),
                Purpose::SynAck if took_syn_data(run, e.side) => Line::Say(Say::SentSynAckData),
                Purpose::WindowUpdate if run.window_bytes(*segment).is_none() => {
                    Line::Say(Say::WindowUpdateUnscaled)
                }
                p => Line::Sent(*p),
            }];
            match resend {
                // A capture's resend whose first sending it does not hold.
                Some(Resend::Captured) if s.retransmission_of.is_none() => {
                    lines.push(Line::Say(Say::ResentUnseen));
                }
                Some(cause) => lines.push(Line::Resent(*cause)),
                None => {}
            }
            if s.piggybacked_ack && matches!(purpose, Purpose::Data | Purpose::Fin) {
                lines.push(Line::Say(Say::Piggyback));
            }
            // The header's own window field: 0 means "stop sending".
            if s.to.is_some() && s.header.window == 0 && !s.header.flags.rst() {
                lines.push(Line::Say(Say::ZeroWindow));
            }
            lines.extend(run.ecn(*segment).iter().map(|signal| {
                Line::Say(match signal {
                    EcnSignal::Asks => Say::EcnAsks,
                    EcnSignal::Agrees => Say::EcnAgrees,
                    EcnSignal::Echo => Say::EcnEcho,
                    EcnSignal::Reduced => Say::EcnReduced,
                    EcnSignal::Marked => Say::EcnMarked,
                })
            }));
            lines
        }
        EventKind::SegmentArrived { .. } => vec![],
        EventKind::SegmentDropped { by, bare_ack, .. } => vec![Line::Say(match (by, bare_ack) {
            (DropCause::Learner, false) => Say::DroppedByLearner,
            (DropCause::Learner, true) => Say::DroppedBareAckByLearner,
            (DropCause::AfterCapture, false) => Say::LostAfterCapture,
            (DropCause::AfterCapture, true) => Say::LostAfterCaptureEmpty,
            (DropCause::BeforeReset, _) => Say::LostBeforeReset,
            (DropCause::BeforeOwnReset, _) => Say::LostBeforeOwnReset,
            (DropCause::Unanswered, _) => Say::LostUnanswered,
            (DropCause::UnansweredResent, _) => Say::LostUnansweredResent,
            (DropCause::AnsweredAnew, _) => Say::LostAnsweredAnew,
            (_, false) => Say::DroppedByScenario,
            (_, true) => Say::DroppedBareAckByScenario,
        })],
        // In a capture: a segment later ones overtook on the path.
        EventKind::SegmentDelayed { .. } if run.is_recorded() => vec![Line::Say(Say::Overtaken)],
        EventKind::SegmentDelayed { .. } => vec![Line::Say(Say::Delayed)],
        EventKind::SegmentIgnored {
            reason: IgnoreReason::NoHost,
            ..
        } => vec![Line::Say(Say::Vanished)],
        // A SYN the path delivered twice: its sender did not send it again.
        EventKind::SegmentIgnored {
            reason: IgnoreReason::DuplicateSyn,
            segment,
            ..
        } if run
            .segment(*segment)
            .is_some_and(|s| s.resend.is_some_and(Resend::is_copy)) =>
        {
            vec![Line::Say(Say::DuplicateSynCopy)]
        }
        EventKind::SegmentIgnored { reason, conn, .. } => {
            // Half-open connections of a SYN flood are told through the queue, not one by one.
            if main(conn) || matches!(reason, IgnoreReason::ListenQueueFull { .. }) {
                vec![Line::ignored(reason)]
            } else {
                vec![]
            }
        }
        EventKind::Acknowledged { conn, .. } if main(conn) => vec![Line::Say(Say::Acknowledged)],
        EventKind::DataReceived {
            conn, half_closed, ..
        } if main(conn) => {
            let mut lines = vec![Line::Say(Say::DataReceived)];
            // The model says the receiver had closed its own sending first.
            if *half_closed {
                lines.push(Line::Say(Say::HalfCloseData));
            }
            lines
        }
        EventKind::DataQueuedOutOfOrder {
            conn,
            held_already,
            bytes,
            fin,
            ..
        } if main(conn) => {
            let data = Line::Say(if *held_already {
                Say::OutOfOrderHeld
            } else {
                Say::OutOfOrder
            });
            let fin = fin.then_some(Line::Say(Say::OutOfOrderFin));
            (*bytes > 0).then_some(data).into_iter().chain(fin).collect()
        }
        EventKind::TimerArmed {
            conn,
            timer: TimerKind::TimeWait,
            ..
        } if main(conn) => {
            vec![Line::Say(Say::TimeWaitStarted)]
        }
        EventKind::TimerFired {
            conn,
            timer,
            next_rto,
            ..
        } if main(conn) => vec![Line::Say(match timer {
            // The model says whether a retry follows (the backed-off RTO) or not.
            TimerKind::Retransmission if next_rto.is_none() => Say::RtoFiredLast,
            TimerKind::Retransmission => Say::RtoFired,
            TimerKind::TimeWait => Say::TimeWaitExpired,
            TimerKind::DelayedAck => Say::DelayedAckFired,
            TimerKind::FinWait2 => Say::FinWait2Expired,
            TimerKind::Persist => Say::ProbeTimerFired,
        })],
        EventKind::AckCovered { .. } => vec![Line::Say(Say::AckCovers)],
        EventKind::AnswerThrottled { conn, .. } if main(conn) => vec![Line::Say(Say::AnswerThrottled)],
        EventKind::SynCookieAccepted { conn, .. } if main(conn) => vec![Line::Say(Say::SynCookieAccepted)],
        EventKind::ListenerClosed { .. } => vec![Line::Say(Say::ListenerClosed)],
        EventKind::RunCutShort { .. } => vec![Line::Say(Say::RunCutShort)],
        EventKind::ActionSkipped { reason, .. } => vec![Line::Skipped(reason.name())],
        EventKind::GaveUp { conn, reason } if main(conn) => vec![Line::gave_up(reason)],
        EventKind::ListenQueue { .. } => vec![Line::Say(Say::ListenQueue)],
        _ => vec![],
    }
}

/// The analogy beat for one event, if the analogy has a line for it.
pub fn beat_for(run: &Simulation, e: &Event) -> Option<Beat> {
    let state_of = |side: Side| run.state_at(side, Moment::At(e.at));
    match &e.kind {
        EventKind::SegmentSent {
            segment,
            purpose,
            resend,
        } => {
            let s = run.segment(*segment)?;
            // An old segment of an earlier connection, on its way: the story shows it coming.
            if s.from == Origin::Stray && s.to.is_some() {
                return Some(Beat::Stray);
            }
            let side = s.from.side()?;
            // Addressed to nobody (a SYN flood's half-open connections): no story beat.
            s.to?;
            match resend {
                Some(Resend::FastRetransmit) => return Some(Beat::FastRetransmit),
                // The SYN,ACK of a simultaneous open repeats the ISS, but says something new.
                Some(Resend::SimultaneousOpen) | None => {}
                // The path's echo of a packet: nobody said anything again.
                Some(Resend::Duplicated | Resend::DuplicatedSynAck) => return None,
                Some(_) => return Some(Beat::Retransmit),
            }
            Some(match purpose {
                // The receive buffer is full: the header's window says so.
                Purpose::AckData | Purpose::DuplicateAck if s.header.window == 0 => Beat::Full,
                Purpose::Syn if state_of(side.peer()) == State::SynSent => Beat::SimultaneousOpen,
                Purpose::Syn => Beat::Syn,
                Purpose::SynAck | Purpose::SynCookie => Beat::SynAck,
                Purpose::HandshakeAck | Purpose::SimultaneousOpenAck => Beat::HandshakeAck,
                Purpose::WindowProbe => Beat::Probe,
                Purpose::Data => Beat::Data,
                Purpose::AckData => Beat::DataAck,
                Purpose::Fin if matches!(state_of(side), State::LastAck) => Beat::SecondFin,
                Purpose::Fin if matches!(state_of(side.peer()), State::FinWait1 | State::Closing) => {
                    Beat::SimultaneousClose
                }
                Purpose::Fin => Beat::Fin,
                // Its last word; it lingers in TIME-WAIT after it (told in this beat:
                // the state changed a moment before the ACK left).
                Purpose::AckFin if state_of(side) == State::TimeWait => Beat::LastAck,
                // In a simultaneous close each side answers the other's FIN
                // while its own still waits for an answer.
                Purpose::AckFin if state_of(side) == State::Closing => Beat::ClosingAck,
                Purpose::AckFin => Beat::FinAck,
                Purpose::DuplicateAck | Purpose::ChallengeAck | Purpose::TimeWaitAck => Beat::Duplicate,
                Purpose::WindowUpdate => Beat::RoomAgain,
                Purpose::RstNoConnection => Beat::Refused,
                Purpose::RstBadAck => Beat::OldDuplicate,
                Purpose::RstAbort
                | Purpose::RstDataLost
                | Purpose::RstListenerClosed
                | Purpose::RstActive => Beat::Reset,
                // An answer to a keep-alive, like the probe, is no beat.
                Purpose::Injected | Purpose::KeepAliveAck => return None,
                // A captured RST is a reset, whatever its reason; a captured
                // keep-alive or the like has no place in the story.
                Purpose::Captured if s.header.flags.rst() => Beat::Reset,
                Purpose::Captured => return None,
            })
        }
        EventKind::SegmentDropped { .. } => Some(Beat::Lost),
        EventKind::DataReceived {
            conn: Conn::Main,
            half_closed: true,
            ..
        } => Some(Beat::OneMoreThing),
        EventKind::AckCovered { .. } => Some(Beat::Covered),
        EventKind::SegmentIgnored {
            reason: IgnoreReason::ListenQueueFull { .. },
            ..
        } => Some(Beat::QueueFull),
        // From FIN-WAIT-1/2 the last ACK's beat tells the lingering; after
        // CLOSING (a simultaneous close) its own beat says both sides wait.
        EventKind::StateChanged {
            conn: Conn::Main,
            from: State::Closing,
            to: State::TimeWait,
            ..
        } => Some(Beat::TimeWait),
        EventKind::StateChanged {
            conn: Conn::Main,
            from: State::TimeWait | State::LastAck,
            to: State::Closed,
            ..
        } => Some(Beat::Closed),
        EventKind::GaveUp { conn: Conn::Main, .. } => Some(Beat::GiveUp),
        _ => None,
    }
}

/// Whether the model says `side` took data that came in its peer's SYN
/// (a TCP Fast Open server does, with a valid cookie): then its SYN,ACK
/// acknowledges that data too.
fn took_syn_data(run: &Simulation, side: Option<Side>) -> bool {
    run.events().iter().any(|e| match e.kind {
        EventKind::DataReceived { segment, .. } => {
            e.side == side && run.segment(segment).is_some_and(|s| s.header.flags.syn())
        }
        _ => false,
    })
}
