//! The simulation: two hosts, the wire between them and virtual time.
//!
//! Time only moves when the caller says so ([`Simulation::step`],
//! [`Simulation::advance_to`]). Everything that happens at one instant is
//! processed in a fixed order, so the same scenario and the same learner
//! actions give the same run every time; the whole simulation is `Clone`, and
//! [`Simulation::rewind`] rebuilds any earlier moment by replay.
//!
//! Order within an instant: scheduled injections; segments leaving their host;
//! the scenario's drops; arrivals; timers; RSTs and immediate ACKs; the
//! applications; everything else the hosts want to send; departures of what
//! was just sent. This module only orders an instant: the network is the
//! [`Wire`], the TCP rules are the hosts'.
//!
//! Read-only views of a run are in `view.rs`, its JSON trace in `trace.rs`.

mod actions;
pub mod ecn;
mod recorded;
mod recording;
pub mod timer_history;
pub mod trace;
pub mod view;

use crate::event::{Event, EventKind};
use crate::host::{Host, HostConfig};
use crate::scenario::{LearnerAction, Scenario, ScenarioError};
use crate::tcb::output::Flush;
use crate::tcb::Ctx;
use crate::wire::{addr_of, SegmentRecord, Wire};
use crate::{Call, Origin, SegmentId, Seq, Side, State, Time, Tuning};

pub use crate::wire::{CLIENT_ADDR, SERVER_ADDR};
pub use recording::{Recording, TimeUnit};

/// A run stops (cut short, and says so) once it has logged this many
/// events. The scenario caps keep every lesson far below; this bounds what
/// a hostile share link or a bug can cost.
pub const MAX_EVENTS: usize = 100_000;

/// A run stops (cut short, and says so) once this many segments were sent.
pub const MAX_SEGMENTS: usize = 10_000;

/// Why a learner's action was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// No segment has that id.
    UnknownSegment(SegmentId),
    /// The segment is not on the wire now (not yet sent, arrived or dropped).
    NotInFlight(SegmentId),
    /// The application is still inside another call.
    Busy {
        /// The host whose application is busy.
        side: Side,
        /// The call it is blocked in.
        call: Call,
    },
    /// The run was recorded (a capture): what happened cannot be changed.
    Recorded,
}

impl core::fmt::Display for ActionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ActionError::UnknownSegment(id) => write!(f, "there is no segment #{}", id.0),
            ActionError::NotInFlight(id) => write!(f, "segment #{} is not in flight now", id.0),
            ActionError::Busy { side, call } => {
                write!(f, "the {side} is still blocked in {}", call.signature())
            }
            ActionError::Recorded => f.write_str("a recorded capture cannot be changed"),
        }
    }
}

/// The whole simulated world.
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    tuning: Tuning,
    now: Time,
    hosts: [Host; 2],
    wire: Wire,
    events: Vec<Event>,
    /// Learner actions recorded (applied ones and, after a rewind, future ones).
    actions: Vec<LearnerAction>,
    /// Index of the first action in `actions` not yet applied.
    next_action: usize,
    /// The first instant (time 0, where the programs start) has been processed.
    started: bool,
    /// How many events the set-up (a leading `listen`) logged before time started.
    setup_events: usize,
    /// When the run hit a safety cap and stopped, if it did.
    cut_short: Option<Time>,
    /// The caps: (events, segments).
    caps: (usize, usize),
    /// A recorded run (see `recorded.rs`): its time unit and endpoints.
    recorded: Option<Box<recording::Recorded>>,
}

impl Simulation {
    /// A simulation at time 0, with the servers' leading `listen` already done
    /// (a listening server is where every lesson starts).
    pub fn new(scenario: &Scenario) -> Result<Simulation, ScenarioError> {
        scenario.validate()?;
        let tuning = scenario.tuning();
        let host = |side: Side| {
            let spec = scenario.endpoint(side);
            let mut h = Host::new(HostConfig {
                addr: addr_of(side),
                peer: addr_of(side.peer()),
                isn: Seq(spec.isn),
                mss: spec.mss,
                backlog: spec.backlog,
                rcvbuf: spec.rcvbuf,
            });
            h.app.program = spec.program.clone();
            h
        };
        let mut sim = Simulation {
            scenario: Scenario {
                actions: Vec::new(),
                ..scenario.clone()
            },
            tuning,
            now: Time::ZERO,
            hosts: [host(Side::Client), host(Side::Server)],
            wire: Wire::new(scenario),
            events: Vec::new(),
            actions: scenario.actions.clone(),
            next_action: 0,
            started: false,
            setup_events: 0,
            cut_short: None,
            caps: (MAX_EVENTS, MAX_SEGMENTS),
            recorded: None,
        };
        for side in Side::BOTH {
            let (host, mut ctx) = sim.host_ctx(side);
            host.run_leading_listen(&mut ctx);
        }
        sim.setup_events = sim.events.len();
        Ok(sim)
    }

    /// The current virtual time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// The scenario (without the learner's actions).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The knobs this run uses.
    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// Every event so far, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events of the set-up, before the programs' first instant.
    pub fn setup_events(&self) -> &[Event] {
        &self.events[..self.setup_events]
    }

    /// Every segment sent so far, indexed by id.
    pub fn segments(&self) -> &[SegmentRecord] {
        self.wire.segments()
    }

    /// One segment by id.
    pub fn segment(&self, id: SegmentId) -> Option<&SegmentRecord> {
        self.segments().get(id.0 as usize)
    }

    /// The learner's actions (with the scenario's own recorded ones).
    pub fn actions(&self) -> &[LearnerAction] {
        &self.actions
    }

    /// The scenario plus the learner's actions: replaying it gives this run.
    pub fn recorded_scenario(&self) -> Scenario {
        Scenario {
            actions: self.actions.clone(),
            ..self.scenario.clone()
        }
    }

    pub(crate) fn host(&self, side: Side) -> &Host {
        &self.hosts[side.index()]
    }

    /// The state the lifeline of `side` shows now.
    pub fn state(&self, side: Side) -> State {
        self.host(side).lifeline_state()
    }

    /// When the next thing will happen, if anything will.
    pub fn next_event_time(&self) -> Option<Time> {
        if self.cut_short.is_some() || self.recorded.is_some() {
            return None;
        }
        if !self.started {
            return Some(Time::ZERO);
        }
        let timers = self.hosts.iter().filter_map(Host::next_deadline);
        let actions = self.actions.get(self.next_action).map(|a| Time(a.at_ms));
        timers
            .chain(actions)
            .filter(|t| *t > self.now)
            .chain(self.wire.next_event(self.now))
            .min()
    }

    /// Nothing more will be simulated: the run ended by itself (the
    /// applications may still be blocked, e.g. a server waiting in accept()),
    /// or it was cut short (see [`Simulation::cut_short`]).
    pub fn is_finished(&self) -> bool {
        self.next_event_time().is_none()
    }

    /// When the run was stopped at a safety cap, if it was: then it did not
    /// finish, and the trace and the widget say so.
    pub fn cut_short(&self) -> Option<Time> {
        self.cut_short
    }

    /// Lowers the safety caps (events, segments) of this run, so tests and
    /// benchmarks can reach them with small scenarios. Caps above the
    /// defaults are ignored.
    pub fn lower_caps(&mut self, events: usize, segments: usize) {
        self.caps = (events.min(MAX_EVENTS), segments.min(MAX_SEGMENTS));
    }

    /// Stops the run if it reached a cap, saying so in the log.
    fn check_caps(&mut self) -> bool {
        if self.cut_short.is_none()
            && (self.events.len() >= self.caps.0 || self.wire.segments().len() >= self.caps.1)
        {
            self.cut_short = Some(self.now);
            let events = self.events.len() as u32;
            let segments = self.wire.segments().len() as u32;
            self.events.push(Event {
                at: self.now,
                side: None,
                kind: EventKind::RunCutShort { events, segments },
            });
        }
        self.cut_short.is_some()
    }

    /// Moves to the next moment something happens and processes it. Returns
    /// that time, or `None` when the run is finished.
    pub fn step(&mut self) -> Option<Time> {
        let t = self.next_event_time()?;
        self.advance_to(t);
        Some(t)
    }

    /// Processes everything that happens up to and including `t`.
    pub fn advance_to(&mut self, t: Time) {
        while let Some(next) = self.next_event_time() {
            if next > t {
                break;
            }
            self.now = next;
            self.started = true;
            self.run_instant();
            self.apply_due_actions();
            if self.check_caps() {
                break;
            }
        }
        self.now = self.now.max(t);
    }

    /// Runs until nothing more happens, or until `limit`.
    pub fn run_until_finished(&mut self, limit: Time) {
        while self.now < limit && self.step().is_some() {}
    }

    /// A fresh simulation of the same scenario and learner actions, advanced to `t`.
    pub fn rewind(&self, t: Time) -> Simulation {
        if self.recorded.is_some() {
            // Everything is recorded already: only the clock moves.
            return Simulation {
                now: t,
                ..self.clone()
            };
        }
        let mut sim = Simulation::new(&self.recorded_scenario())
            .unwrap_or_else(|e| unreachable!("a scenario that ran is valid: {e}"));
        sim.advance_to(t);
        sim
    }

    /// Processes the current instant.
    fn run_instant(&mut self) {
        let now = self.now;
        self.wire.inject_due(now);
        self.wire.depart_due(now, &mut self.events);
        self.wire.drop_due(now, &mut self.events);
        for (side, id) in self.wire.arrivals_due(now, &mut self.events) {
            // A cap reached inside an instant stops it there (an instant's
            // arrivals are bounded by the wire, but a bug must not spin).
            if self.events.len() >= self.caps.0 {
                break;
            }
            let (header, purpose) = {
                let record = &self.wire.segments()[id.0 as usize];
                (record.header, record.purpose)
            };
            let first = self.events.len();
            let (host, mut ctx) = self.host_ctx(side);
            host.deliver(&mut ctx, id, &header);
            host.settle(&mut ctx);
            // A probe whose window update was lost reaches an open window:
            // named as its sender meant it, not as the keep-alive it looks like.
            for e in &mut self.events[first..] {
                if let EventKind::SegmentIgnored { segment, reason, .. } = &mut e.kind {
                    if *segment == id {
                        *reason = reason.as_sent(purpose);
                    }
                }
            }
        }
        for side in Side::BOTH {
            let (host, mut ctx) = self.host_ctx(side);
            host.on_timers(&mut ctx);
            host.settle(&mut ctx);
        }
        self.flush(Flush::Urgent);
        self.run_apps_and_flush();
        for host in &mut self.hosts {
            host.end_instant();
        }
    }

    /// Runs each application until it blocks, letting its host send after
    /// every call (data leaves during send(), a FIN during close()); then
    /// sends what is still owed, such as ACKs that found nothing to ride on.
    fn run_apps_and_flush(&mut self) {
        for side in Side::BOTH {
            loop {
                let (host, mut ctx) = self.host_ctx(side);
                let moved = host.step_app(&mut ctx);
                host.settle(&mut ctx);
                self.flush_host(side, Flush::Calls);
                if !moved {
                    break;
                }
            }
        }
        self.flush(Flush::All);
        self.wire.depart_due(self.now, &mut self.events);
    }

    fn host_ctx(&mut self, side: Side) -> (&mut Host, Ctx<'_>) {
        let ctx = Ctx {
            now: self.now,
            send_at: self.now,
            tuning: &self.tuning,
            side,
            events: &mut self.events,
        };
        (&mut self.hosts[side.index()], ctx)
    }

    /// Collects what the hosts send and queues it for the link. Each segment
    /// is polled knowing when it will leave, so its timers start then.
    fn flush(&mut self, flush: Flush) {
        for side in Side::BOTH {
            self.flush_host(side, flush);
        }
    }

    fn flush_host(&mut self, side: Side, flush: Flush) {
        loop {
            let send_at = self.wire.departure_time(side, self.now);
            let (host, mut ctx) = self.host_ctx(side);
            ctx.send_at = send_at;
            match host.poll_output(&mut ctx, flush) {
                Some(seg) => self.wire.enqueue(self.now, Origin::from(side), seg),
                None => break,
            }
        }
        let (host, mut ctx) = self.host_ctx(side);
        host.settle(&mut ctx);
    }
}
