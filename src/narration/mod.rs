//! The narration: what happened at each moment, told technically (with the
//! run's own numbers) or through an analogy. This module turns the model's
//! events into sentences; which sentence is said for which event is decided
//! by the event the model reports, never by a TCP rule of its own.

pub mod keys;

use tcp_model::call::Outcome;
use tcp_model::event::{Conn, DropCause, EventKind, GiveUp, IgnoreReason, TimerKind};
use tcp_model::view::Moment;
use tcp_model::{Call, Event, Origin, Purpose, Side, Simulation, State};

use crate::text::{fill, Lang};
pub use keys::{Analogy, Beat, DeepDive, Line, Mode, Say};

/// One sentence of narration, about one event.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    /// Index of the event in the run's log.
    pub event: usize,
    /// When it happened.
    pub at: tcp_model::Time,
    /// Where it happened (`None`: on the wire).
    pub side: Option<Side>,
    /// The headline: one short sentence (several lines of one event joined).
    pub text: String,
    /// More on it, shown on demand (empty when there is nothing more).
    pub details: String,
}

impl Said {
    /// Headline and details together, as a screen reader or a test reads them.
    pub fn full(&self) -> String {
        if self.details.is_empty() {
            self.text.clone()
        } else {
            format!("{}\n{}", self.text, self.details)
        }
    }
}

/// Builds the `{placeholder}` values for one event.
struct Values {
    pairs: Vec<(&'static str, String)>,
}

impl Values {
    fn new() -> Values {
        Values { pairs: Vec::new() }
    }

    fn set(&mut self, key: &'static str, value: impl ToString) {
        self.pairs.push((key, value.to_string()));
    }

    fn fill(&self, template: &str) -> String {
        let refs: Vec<(&str, &str)> = self.pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(template, &refs)
    }
}

/// A host's name in the learner's language.
pub fn side_name(lang: Lang, side: Side) -> &'static str {
    let ui = &lang.texts().ui;
    match side {
        Side::Client => ui.client,
        Side::Server => ui.server,
    }
}

/// The values every line of an event may use.
fn values_for(run: &Simulation, lang: Lang, e: &Event) -> Values {
    let mut v = Values::new();
    if let Some(side) = e.side {
        v.set("side", side_name(lang, side));
        v.set("peer", side_name(lang, side.peer()));
        v.set("state", run.state_at(side, Moment::At(e.at)).name());
    }
    v.set("time", e.at.0);
    let tuning = run.tuning();
    v.set("time_wait_ms", tuning.time_wait_len().0);
    v.set("msl_ms", tuning.msl.0);
    if let Some(id) = e.segment() {
        if let Some(s) = run.segment(id) {
            let h = &s.header;
            v.set("id", id.0);
            v.set("flags", h.flags);
            v.set("seq", h.seq);
            v.set("ack", h.ack);
            v.set("len", h.len);
            v.set("next", h.end());
            v.set("window", h.window);
            v.set("mss", h.mss.map_or(String::from("-"), |m| m.to_string()));
            v.set("label", h.label());
            if let Some(orig) = s.retransmission_of {
                v.set("orig", orig.0);
            }
            if let Some(from) = s.from.side() {
                v.set("from", side_name(lang, from));
            }
            if let Some(to) = s.to {
                v.set("to", side_name(lang, to));
            }
        }
    }
    match &e.kind {
        EventKind::StateChanged { from, to, .. } => {
            v.set("from_state", from.name());
            v.set("to_state", to.name());
        }
        EventKind::Acknowledged {
            newly_acked, snd_una, ..
        } => {
            v.set("bytes", newly_acked);
            v.set("snd_una", snd_una);
        }
        EventKind::DataReceived { bytes, rcv_nxt, .. } => {
            v.set("bytes", bytes);
            v.set("rcv_nxt", rcv_nxt);
        }
        EventKind::DataQueuedOutOfOrder { bytes, .. } => v.set("bytes", bytes),
        EventKind::TimerArmed {
            deadline,
            rto,
            backoff,
            ..
        } => {
            v.set("deadline", deadline.0);
            v.set("ms", deadline.0.saturating_sub(e.at.0));
            if let Some(rto) = rto {
                v.set("rto", rto.0);
            }
            v.set("backoff", backoff);
        }
        EventKind::TimerFired {
            rto,
            next_rto,
            backoff,
            ..
        } => {
            if let Some(rto) = rto {
                v.set("rto", rto.0);
            }
            if let Some(next) = next_rto {
                v.set("new_rto", next.0);
            }
            v.set("backoff", backoff);
        }
        EventKind::CallStarted { call, iss } => {
            v.set("call", call_name(*call));
            call_values(&mut v, run, e, *call, *iss);
        }
        EventKind::CallBlocked { call, .. } => {
            v.set("call", call_name(*call));
            call_values(&mut v, run, e, *call, None);
        }
        EventKind::CallReturned { call, outcome } => {
            v.set("call", call_name(*call));
            match outcome {
                Outcome::Read { bytes } | Outcome::Eof { bytes } => v.set("bytes", bytes),
                Outcome::Failed { error } => v.set("errno", error.errno()),
                Outcome::Ok => {}
            }
        }
        EventKind::GaveUp { reason, .. } => {
            let n = match reason {
                GiveUp::SynRetries { retries }
                | GiveUp::SynAckRetries { retries }
                | GiveUp::DataRetries { retries } => *retries,
                GiveUp::FinWait2Timeout => 0,
            };
            v.set("n", n);
        }
        EventKind::ListenQueue { half_open, backlog } => {
            v.set("n", half_open);
            v.set("backlog", backlog);
        }
        EventKind::SegmentIgnored {
            reason: IgnoreReason::ListenQueueFull { backlog },
            ..
        } => {
            v.set("backlog", backlog);
        }
        EventKind::SegmentDelayed { extra, .. } => v.set("ms", extra.0),
        _ => {}
    }
    v
}

/// A call as the narration names it: its C signature, except that reading to
/// the end of the stream is plain `recv()` (its timeline label "recv() → EOF"
/// does not read well inside a sentence).
fn call_name(call: Call) -> String {
    match call {
        Call::RecvEof => "recv()".to_string(),
        other => other.signature(),
    }
}

/// Values a call's sentence may need: the ISN connect() picks and the MSS
/// its SYN announces, the bytes sent, the sleep length.
fn call_values(v: &mut Values, run: &Simulation, e: &Event, call: Call, iss: Option<tcp_model::Seq>) {
    match call {
        Call::Connect => {
            if let Some(iss) = iss {
                v.set("isn", iss);
            }
            if let Some(side) = e.side {
                v.set("mss", run.scenario().endpoint(side).mss);
            }
        }
        Call::Send(bytes) | Call::Recv(bytes) => v.set("bytes", bytes),
        Call::Sleep(ms) => v.set("ms", ms.0),
        _ => {}
    }
}

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
        EventKind::StateChanged { conn, to, .. } if main(conn) => vec![Line::Entered(*to)],
        EventKind::StateChanged { .. } => vec![],
        EventKind::SegmentSent {
            segment,
            purpose,
            retransmission,
        } => {
            let Some(s) = run.segment(*segment) else {
                return vec![];
            };
            let mut lines = vec![match purpose {
                _ if s.from == Origin::Spoofed => Line::Say(Say::SentSpoofed),
                _ if s.to.is_none() => Line::Say(Say::SentToNobody),
                p => Line::Sent(*p),
            }];
            if *retransmission {
                lines.push(Line::Say(Say::Retransmission));
            }
            if s.piggybacked_ack && matches!(purpose, Purpose::Data | Purpose::Fin) {
                lines.push(Line::Say(Say::Piggyback));
            }
            lines
        }
        EventKind::SegmentArrived { .. } => vec![],
        EventKind::SegmentDropped {
            by: DropCause::Learner,
            ..
        } => vec![Line::Say(Say::DroppedByLearner)],
        EventKind::SegmentDropped { .. } => vec![Line::Say(Say::DroppedByScenario)],
        EventKind::SegmentDelayed { .. } => vec![Line::Say(Say::Delayed)],
        EventKind::SegmentIgnored {
            reason: IgnoreReason::NoHost,
            ..
        } => vec![Line::Say(Say::Vanished)],
        EventKind::SegmentIgnored { reason, conn, .. } => {
            // Half-open connections of a SYN flood are told through the queue, not one by one.
            if main(conn) || matches!(reason, IgnoreReason::ListenQueueFull { .. }) {
                vec![Line::ignored(reason)]
            } else {
                vec![]
            }
        }
        EventKind::Acknowledged { conn, .. } if main(conn) => vec![Line::Say(Say::Acknowledged)],
        EventKind::DataReceived { conn, .. } if main(conn) => vec![Line::Say(Say::DataReceived)],
        EventKind::DataQueuedOutOfOrder { conn, .. } if main(conn) => vec![Line::Say(Say::OutOfOrder)],
        EventKind::TimerArmed {
            conn,
            timer: TimerKind::TimeWait,
            ..
        } if main(conn) => {
            vec![Line::Say(Say::TimeWaitStarted)]
        }
        EventKind::TimerFired { conn, timer, .. } if main(conn) => vec![Line::Say(match timer {
            TimerKind::Retransmission => Say::RtoFired,
            TimerKind::TimeWait => Say::TimeWaitExpired,
            TimerKind::DelayedAck => Say::DelayedAckFired,
            TimerKind::FinWait2 => Say::FinWait2Expired,
        })],
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
            retransmission,
        } => {
            let s = run.segment(*segment)?;
            let side = s.from.side()?;
            // Addressed to nobody (a SYN flood's half-open connections): no story beat.
            s.to?;
            if *retransmission {
                return Some(Beat::Retransmit);
            }
            Some(match purpose {
                Purpose::Syn if state_of(side.peer()) == State::SynSent => Beat::SimultaneousOpen,
                Purpose::Syn => Beat::Syn,
                Purpose::SynAck => Beat::SynAck,
                Purpose::HandshakeAck => Beat::HandshakeAck,
                Purpose::Data => Beat::Data,
                Purpose::AckData => Beat::DataAck,
                Purpose::Fin if matches!(state_of(side), State::LastAck) => Beat::SecondFin,
                Purpose::Fin if matches!(state_of(side.peer()), State::FinWait1 | State::Closing) => {
                    Beat::SimultaneousClose
                }
                Purpose::Fin => Beat::Fin,
                Purpose::AckFin if state_of(side) == State::TimeWait => Beat::LastAck,
                // In a simultaneous close each side's ACK of the other's FIN is its last word.
                Purpose::AckFin if state_of(side) == State::Closing => Beat::LastAck,
                Purpose::AckFin => Beat::FinAck,
                Purpose::DuplicateAck | Purpose::ChallengeAck | Purpose::TimeWaitAck => Beat::Duplicate,
                Purpose::WindowUpdate => Beat::DataAck,
                Purpose::RstNoConnection => Beat::Refused,
                Purpose::RstBadAck => Beat::OldDuplicate,
                Purpose::RstAbort | Purpose::RstDataLost => Beat::Reset,
                Purpose::Injected => return None,
            })
        }
        EventKind::SegmentDropped { .. } => Some(Beat::Lost),
        EventKind::SegmentIgnored {
            reason: IgnoreReason::ListenQueueFull { .. },
            ..
        } => Some(Beat::QueueFull),
        EventKind::StateChanged {
            conn: Conn::Main,
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

/// Everything said about the whole run, in order. What is said about an event
/// never depends on the moment shown, so a view can narrate a run once and
/// show the part [`said_until`] a moment.
pub fn narrate_all(run: &Simulation, lang: Lang, mode: Mode, analogy: Analogy) -> Vec<Said> {
    narrate(run, Moment::At(tcp_model::Time(u64::MAX)), lang, mode, analogy)
}

/// How many of `said` (a whole run's narration) have been said by `moment`.
pub fn said_until(said: &[Said], run: &Simulation, moment: Moment) -> usize {
    let happened = run.events_until(moment).len();
    said.partition_point(|s| s.event < happened)
}

/// Everything said from the start up to `moment`, in order.
pub fn narrate(run: &Simulation, moment: Moment, lang: Lang, mode: Mode, analogy: Analogy) -> Vec<Said> {
    let events = run.events_until(moment);
    let mut said = Vec::new();
    for (index, e) in events.iter().enumerate() {
        let texts: Vec<&'static str> = match mode {
            Mode::Technical => lines_for(run, e)
                .into_iter()
                .map(|l| keys::technical(lang, l))
                .collect(),
            Mode::Analogy => beat_for(run, e)
                .map(|b| keys::analogy(lang, analogy, b))
                .into_iter()
                .collect(),
        };
        if texts.is_empty() {
            continue;
        }
        let values = values_for(run, lang, e);
        // Chinese sentences end in "。" and need no space between them.
        let gap = if lang == Lang::Zh { "" } else { " " };
        // Each text's first line is its headline; what follows is detail.
        let (mut heads, mut details) = (Vec::new(), Vec::new());
        for t in &texts {
            let filled = values.fill(t);
            match filled.split_once('\n') {
                Some((head, more)) => {
                    heads.push(head.to_string());
                    details.push(more.to_string());
                }
                None => heads.push(filled),
            }
        }
        let text = heads.join(gap);
        // A story says a thing once: both SYNs of a simultaneous open (or both
        // FINs of a simultaneous close) are one beat, told once.
        if mode == Mode::Analogy && said.last().is_some_and(|l: &Said| l.at == e.at && l.text == text) {
            continue;
        }
        said.push(Said {
            event: index,
            at: e.at,
            side: e.side,
            text,
            details: details.join("\n"),
        });
    }
    said
}

#[cfg(test)]
mod tests;
