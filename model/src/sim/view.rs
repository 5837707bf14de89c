//! Read-only views of a run at any moment `t`, for the widget.
//!
//! The widget keeps one run simulated to its end and shows it "as of" the
//! current time: which segments are on the wire and how far along, each
//! lifeline's state bands, running timers, the call each application is in.
//! Everything here is read from the event log and segment records; nothing
//! here decides a TCP rule.

use serde::Serialize;

use super::Simulation;
use crate::call::{Outcome, Wait};
use crate::event::{Conn, EventKind, TimerKind};
use crate::wire::{Fate, SegmentRecord};
use crate::{Call, Millis, SegmentId, Side, State, Time};

/// A moment to look at a run: before the programs start (a listening server
/// and a closed client), or a point of virtual time (everything that happened
/// at or before it, including that instant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Moment {
    /// Before the programs' first instant: only the set-up (a leading listen) has happened.
    Start,
    /// Everything up to and including this instant.
    At(Time),
}

impl Moment {
    /// The virtual time of the moment (0 for `Start`).
    pub fn time(self) -> Time {
        match self {
            Moment::Start => Time::ZERO,
            Moment::At(t) => t,
        }
    }
}

impl From<Time> for Moment {
    fn from(t: Time) -> Moment {
        Moment::At(t)
    }
}

/// One running timer of the main connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    /// Which timer.
    pub kind: TimerKind,
    /// When it was (last) started.
    pub armed_at: Time,
    /// When it runs out unless stopped first.
    pub deadline: Time,
    /// Retransmission timer only: the current RTO and how often it was doubled.
    pub rto: Option<Millis>,
    /// Retransmission timer only: how many times the RTO was doubled since the
    /// last RTT sample (RFC 6298 5.5); 0 for the other timers.
    pub backoff: u32,
}

/// The application's call at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CallView {
    /// The call.
    pub call: Call,
    /// When the application made it.
    pub started: Time,
    /// What it waits for, if it blocked.
    pub waiting: Option<Wait>,
}

/// A socket call as a span on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CallSpan {
    /// The host whose application made it.
    pub side: Side,
    /// The call.
    pub call: Call,
    /// When the application made it.
    pub started: Time,
    /// When it returned, and how; `None` while it is still inside.
    pub returned: Option<(Time, Outcome)>,
}

/// A stretch of time a lifeline spent in one state. `end` is `None` while it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StateBand {
    /// The state.
    pub state: State,
    /// When the lifeline entered it.
    pub start: Time,
    /// When the lifeline left it.
    pub end: Option<Time>,
}

/// Where a segment is at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum SegmentStatus {
    /// Not sent yet.
    Unsent,
    /// On the wire; `progress` runs from 0 (just sent) to 1 (arriving).
    InFlight {
        /// The fraction of the way across, from 0.0 to 1.0.
        progress: f64,
    },
    /// Reached its destination host.
    Arrived,
    /// Lost at `at`, `progress` of the way across.
    Dropped {
        /// When it was lost.
        at: Time,
        /// The fraction of the way across where it was lost, from 0.0 to 1.0.
        progress: f64,
    },
    /// Reached an address nobody answers.
    Vanished,
}

impl SegmentRecord {
    /// The segment's status at a moment.
    pub fn status_at(&self, at: impl Into<Moment>) -> SegmentStatus {
        let t = match at.into() {
            Moment::Start => return SegmentStatus::Unsent,
            Moment::At(t) => t,
        };
        if t < self.sent_at {
            return SegmentStatus::Unsent;
        }
        let span = self.arrives_at.0.saturating_sub(self.sent_at.0).max(1) as f64;
        let progress = |at: Time| (at.0.saturating_sub(self.sent_at.0) as f64 / span).clamp(0.0, 1.0);
        match self.fate {
            Fate::Dropped { at, .. } if at <= t => SegmentStatus::Dropped {
                at,
                progress: progress(at),
            },
            _ if t < self.arrives_at => SegmentStatus::InFlight {
                progress: progress(t),
            },
            Fate::NoHost => SegmentStatus::Vanished,
            _ => SegmentStatus::Arrived,
        }
    }
}

impl Simulation {
    /// The events that happened by a moment (the log is in time order).
    pub fn events_until(&self, at: impl Into<Moment>) -> &[crate::Event] {
        match at.into() {
            Moment::Start => self.setup_events(),
            Moment::At(t) => {
                let events = self.events();
                &events[..events.partition_point(|e| e.at <= t)]
            }
        }
    }

    /// The events of one instant (found by bisection: the log is in time order).
    pub fn events_at(&self, t: Time) -> &[crate::Event] {
        let events = self.events();
        let from = events.partition_point(|e| e.at < t);
        let to = events.partition_point(|e| e.at <= t);
        &events[from..to]
    }

    /// The distinct times at which something happened, ascending.
    pub fn event_times(&self) -> Vec<Time> {
        let mut times: Vec<Time> = self.events().iter().map(|e| e.at).collect();
        times.dedup();
        times
    }

    /// The time of the last event (0 for an empty run).
    pub fn last_event_time(&self) -> Time {
        self.events().last().map_or(Time::ZERO, |e| e.at)
    }

    /// The state of `side`'s lifeline at `t`.
    pub fn state_at(&self, side: Side, at: impl Into<Moment>) -> State {
        self.state_bands(side, at)
            .last()
            .map_or(State::Closed, |b| b.state)
    }

    /// Both sides' states (`[client, server]`) at each event's instant, for
    /// the whole log in one pass: entry `i` is what [`Simulation::state_at`]
    /// says at `Moment::At(events[i].at)`, after every event of that instant.
    /// Narrating a long capture needs it for every event, and `state_at`
    /// walks the log from the start each time (the 100 MB capture spent 3.6 s
    /// of its 4.4 s opening there).
    pub fn states_at_events(&self) -> Vec<[State; 2]> {
        let events = self.events();
        let mut now = [State::Closed; 2];
        let mut out = Vec::with_capacity(events.len());
        while out.len() < events.len() {
            let (from, t) = (out.len(), events[out.len()].at);
            let to = from + events[from..].partition_point(|e| e.at <= t);
            for e in &events[from..to] {
                if let (
                    Some(side),
                    EventKind::StateChanged {
                        conn: Conn::Main, to, ..
                    },
                ) = (e.side, &e.kind)
                {
                    now[side.index()] = *to;
                }
            }
            out.resize(to, now);
        }
        out
    }

    /// The lifeline's states as bands from time 0 up to `t`.
    pub fn state_bands(&self, side: Side, at: impl Into<Moment>) -> Vec<StateBand> {
        let at = at.into();
        let mut bands = vec![StateBand {
            state: State::Closed,
            start: Time::ZERO,
            end: None,
        }];
        for e in self.events_until(at).iter() {
            if let (
                Some(s),
                EventKind::StateChanged {
                    conn: Conn::Main, to, ..
                },
            ) = (e.side, &e.kind)
            {
                let last = bands.last_mut().expect("never empty");
                if s != side || last.state == *to {
                    continue;
                }
                // A state passed through in no time (CLOSE-WAIT → LAST-ACK when
                // the application closes at once) keeps a zero-length band.
                last.end = Some(e.at);
                bands.push(StateBand {
                    state: *to,
                    start: e.at,
                    end: None,
                });
            }
        }
        bands
    }

    /// Timers running at `t` on the main connection of `side`.
    pub fn timers_at(&self, side: Side, at: impl Into<Moment>) -> Vec<TimerView> {
        let at = at.into();
        let mut running = self.timer_walk(side, at).0;
        running.retain(|v| v.deadline > at.time());
        running
    }

    /// Every socket call of both applications up to `t`.
    pub fn call_spans(&self, at: impl Into<Moment>) -> Vec<CallSpan> {
        let at = at.into();
        let mut spans: Vec<CallSpan> = Vec::new();
        for e in self.events_until(at).iter() {
            let Some(side) = e.side else { continue };
            match e.kind {
                EventKind::CallStarted { call, .. } => {
                    spans.push(CallSpan {
                        side,
                        call,
                        started: e.at,
                        returned: None,
                    });
                }
                EventKind::CallReturned { outcome, .. } => {
                    if let Some(span) = spans
                        .iter_mut()
                        .rev()
                        .find(|s| s.side == side && s.returned.is_none())
                    {
                        span.returned = Some((e.at, outcome));
                    }
                }
                _ => {}
            }
        }
        spans
    }

    /// The call `side`'s application is inside at `t`, if any.
    pub fn call_at(&self, side: Side, at: impl Into<Moment>) -> Option<CallView> {
        let at = at.into();
        let span = self
            .call_spans(at)
            .into_iter()
            .rev()
            .find(|s| s.side == side && s.returned.is_none())?;
        let waiting = self.events_until(at).iter().rev().find_map(|e| match e.kind {
            EventKind::CallBlocked { waiting, .. } if e.side == Some(side) && e.at >= span.started => {
                Some(waiting)
            }
            _ => None,
        });
        Some(CallView {
            call: span.call,
            started: span.started,
            waiting,
        })
    }

    /// Half-open connections of `side`'s listener at `t`, and its backlog.
    pub fn listen_queue_at(&self, side: Side, at: impl Into<Moment>) -> Option<(u32, u32)> {
        let at = at.into();
        self.events_until(at).iter().rev().find_map(|e| match e.kind {
            EventKind::ListenQueue { half_open, backlog } if e.side == Some(side) => {
                Some((half_open, backlog))
            }
            _ => None,
        })
    }

    /// The state changes a segment caused when it arrived: (side, from, to).
    pub fn caused_by(&self, id: SegmentId) -> Vec<(Side, State, State)> {
        self.events()
            .iter()
            .filter_map(|e| match (&e.kind, e.side) {
                (
                    EventKind::StateChanged {
                        conn: Conn::Main,
                        from,
                        to,
                        cause: crate::event::Cause::Segment { segment },
                    },
                    Some(side),
                ) if *segment == id => Some((side, *from, *to)),
                _ => None,
            })
            .collect()
    }

    /// The socket calls that make sense for `side` now (free mode). The model
    /// accepts any call (a senseless one fails as it would on a real socket);
    /// these are the ones a sensible program would make next.
    pub fn sensible_calls(&self, side: Side) -> Vec<Call> {
        self.host(side).sensible_calls()
    }

    /// Nothing more will happen and both applications are blocked in a call
    /// (each waiting for the other): a run that can go no further, which a
    /// learner in free mode should be told about.
    pub fn deadlocked(&self) -> bool {
        self.is_finished()
            && Side::BOTH
                .iter()
                .all(|&side| self.host(side).app.current.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::library;

    fn seed_run() -> Simulation {
        let mut sim = Simulation::new(&library::builtin("handshake-and-close").unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(60_000));
        sim
    }

    #[test]
    fn states_at_a_moment_follow_the_run() {
        let sim = seed_run();
        assert_eq!(sim.state_at(Side::Server, Time(0)), State::Listen);
        assert_eq!(sim.state_at(Side::Client, Time(150)), State::SynSent);
        assert_eq!(sim.state_at(Side::Server, Time(150)), State::SynReceived);
        assert_eq!(sim.state_at(Side::Client, Time(1_000)), State::TimeWait);
        assert_eq!(sim.state_at(Side::Client, sim.last_event_time()), State::Closed);
        let bands = sim.state_bands(Side::Client, Time(250));
        let names: Vec<_> = bands.iter().map(|b| b.state).collect();
        assert_eq!(names, [State::Closed, State::SynSent, State::Established]);
        assert_eq!(bands[1].end, Some(Time(200)));
        assert_eq!(bands[2].end, None);
    }

    #[test]
    fn the_start_shows_a_closed_client_and_a_listening_server() {
        let sim = seed_run();
        assert_eq!(sim.state_at(Side::Client, Moment::Start), State::Closed);
        assert_eq!(sim.state_at(Side::Server, Moment::Start), State::Listen);
        assert_eq!(sim.segments()[0].status_at(Moment::Start), SegmentStatus::Unsent);
        // At time 0 itself the client has called connect() and the SYN is leaving.
        assert_eq!(sim.state_at(Side::Client, Time(0)), State::SynSent);
    }

    #[test]
    fn a_segment_moves_from_sent_to_arrived() {
        let sim = seed_run();
        let syn = &sim.segments()[0];
        assert_eq!(syn.status_at(Time(50)), SegmentStatus::InFlight { progress: 0.5 });
        assert_eq!(syn.status_at(Time(100)), SegmentStatus::Arrived);
        let synack = &sim.segments()[1];
        assert_eq!(synack.status_at(Time(99)), SegmentStatus::Unsent);
    }

    #[test]
    fn time_wait_timer_runs_between_arming_and_expiry() {
        let sim = seed_run();
        let tw = sim.timers_at(Side::Client, Time(1_000));
        assert_eq!(tw.len(), 1);
        assert_eq!(tw[0].kind, TimerKind::TimeWait);
        assert_eq!(tw[0].deadline.0 - tw[0].armed_at.0, 2_000);
        assert!(sim.timers_at(Side::Client, sim.last_event_time()).is_empty());
    }

    #[test]
    fn calls_are_spans_with_outcomes() {
        let sim = seed_run();
        let connect = sim
            .call_spans(Time(300))
            .into_iter()
            .find(|s| s.call == Call::Connect)
            .unwrap();
        assert_eq!(
            (connect.started, connect.returned),
            (Time(0), Some((Time(200), Outcome::Ok)))
        );
        let blocked = sim.call_at(Side::Server, Time(50)).unwrap();
        assert_eq!(
            (blocked.call, blocked.waiting),
            (Call::Accept, Some(Wait::IncomingConnection))
        );
    }

    #[test]
    fn the_syn_ack_arrival_establishes_the_client() {
        let sim = seed_run();
        assert_eq!(
            sim.caused_by(SegmentId(1)),
            [(Side::Client, State::SynSent, State::Established)]
        );
    }
}
