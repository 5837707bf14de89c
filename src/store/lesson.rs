//! The lesson: the scenario the learner is looking at, the run it gives
//! with the learner's own drops and calls, simulated to its end, and the
//! facts the views read over and over (its event times, its time axis).
//!
//! A learner's action replays the scenario with that action added (the
//! model is deterministic and fast); the lesson never decides a TCP rule.

use tcp_model::scenario::{EndpointSpec, LearnerAction, Scenario};
use tcp_model::sim::ActionError;
use tcp_model::view::Moment;
use tcp_model::{library, Simulation, Time};

use super::capture::Opened;
use super::shared::Shared;
use crate::layout::TimeAxis;

/// How far a run is simulated at most (virtual time).
pub const RUN_LIMIT: Time = Time(600_000);
/// The scenario a widget starts with.
pub const DEFAULT_SCENARIO: &str = "handshake-and-close";

/// What the learner is looking at.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// The scenario as chosen, without the learner's actions (Restart returns to it).
    pub scenario: Shared<Scenario>,
    /// Its built-in name, if it is one.
    pub name: Option<&'static str>,
    /// Free mode: no programs, the learner makes every socket call.
    pub free: bool,
    /// The scenario plus the learner's actions, simulated to its end.
    pub run: Shared<Simulation>,
    /// The distinct times at which something happens, ascending.
    pub times: Shared<Vec<Time>>,
    /// The time axis of the run (up to its last event).
    pub axis: TimeAxis,
    /// A lesson locked to a stretch of steps (from the host's `range`).
    pub range: Option<(Moment, Moment)>,
    /// The capture shown, when the run is a recorded one (see `capture.rs`).
    pub capture: Option<Shared<Opened>>,
}

/// Simulates a scenario to its end.
fn simulate(scenario: &Scenario) -> Result<Simulation, String> {
    let mut sim = Simulation::new(scenario).map_err(|e| e.to_string())?;
    sim.run_until_finished(RUN_LIMIT);
    Ok(sim)
}

/// The scenario of free mode: the classic lesson's two hosts, no programs.
pub fn free_scenario() -> Scenario {
    let mut s = library::builtin(DEFAULT_SCENARIO)
        .map(|b| b.scenario())
        .unwrap_or_else(|| unreachable!("the default scenario is built in"));
    for spec in [&mut s.client, &mut s.server] {
        *spec = EndpointSpec {
            program: Vec::new(),
            ..spec.clone()
        };
    }
    s
}

impl Lesson {
    /// A lesson showing `scenario` with the learner's `actions` replayed.
    pub fn new(
        scenario: Scenario,
        actions: Vec<LearnerAction>,
        name: Option<&'static str>,
        free: bool,
    ) -> Lesson {
        let recorded = Scenario {
            actions,
            ..scenario.clone()
        };
        let run = simulate(&recorded)
            .or_else(|_| simulate(&scenario))
            .or_else(|_| simulate(&free_scenario()))
            .unwrap_or_else(|e| unreachable!("free mode always runs: {e}"));
        let mut lesson = Lesson {
            scenario: Shared::new(scenario),
            name,
            free,
            run: Shared::new(Simulation::new(&free_scenario()).unwrap_or_else(|e| unreachable!("{e}"))),
            times: Shared::new(Vec::new()),
            axis: TimeAxis::for_run(&run, run.last_event_time()),
            range: None,
            capture: None,
        };
        lesson.set_run(run);
        lesson
    }

    /// A lesson showing an opened capture's connection, replayed by the
    /// model as a recorded run.
    pub fn from_capture(opened: Opened) -> Lesson {
        let run = tcp_model::observe::replay(&opened.run);
        let capture = Shared::new(opened);
        let mut lesson = Lesson {
            scenario: Shared::new(run.scenario().clone()),
            name: None,
            free: false,
            run: Shared::new(Simulation::new(&free_scenario()).unwrap_or_else(|e| unreachable!("{e}"))),
            times: Shared::new(Vec::new()),
            axis: TimeAxis::for_run(&run, run.last_event_time()),
            range: None,
            capture: Some(capture),
        };
        lesson.set_run(run);
        lesson
    }

    /// A built-in scenario by name (the first built-in if the name is unknown).
    pub fn builtin(name: &str) -> Lesson {
        let b = library::builtin(name).unwrap_or(&library::BUILTINS[0]);
        Lesson::new(b.scenario(), Vec::new(), Some(b.name), false)
    }

    /// Free mode, with the learner's calls replayed.
    pub fn free(actions: Vec<LearnerAction>) -> Lesson {
        Lesson::new(free_scenario(), actions, None, true)
    }

    /// The same lesson without the learner's last action (a drop or a call),
    /// and when that action was; `None` if there is none.
    pub fn undone(&self) -> Option<(Lesson, Time)> {
        let mut actions = self.run.actions().to_vec();
        let last = actions.pop()?;
        let mut lesson = Lesson::new((*self.scenario).clone(), actions, self.name, self.free);
        lesson.range = self.range;
        Some((lesson, Time(last.at_ms)))
    }

    /// The same scenario from its start, the learner's actions forgotten.
    pub fn restarted(&self) -> Lesson {
        if self.capture.is_some() {
            // A recorded run has no learner's actions to forget.
            return self.clone();
        }
        let mut fresh = Lesson::new((*self.scenario).clone(), Vec::new(), self.name, self.free);
        fresh.range = self.range;
        fresh
    }

    fn set_run(&mut self, run: Simulation) {
        let mut times: Vec<Time> = run.events().iter().map(|e| e.at).collect();
        times.dedup();
        self.axis = TimeAxis::for_run(&run, run.last_event_time());
        self.times = Shared::new(times);
        self.run = Shared::new(run);
    }

    /// The lesson after the learner acted on the simulation at `now`: a drop
    /// or a socket call, which the model may refuse.
    pub fn act(
        &self,
        now: Moment,
        action: impl FnOnce(&mut Simulation) -> Result<(), ActionError>,
    ) -> Result<Lesson, ActionError> {
        let mut sim = self.run.rewind(now.time());
        action(&mut sim)?;
        sim.run_until_finished(RUN_LIMIT);
        let mut next = self.clone();
        next.set_run(sim);
        Ok(next)
    }

    /// The time of the last event (the end of the timeline outside free mode).
    pub fn last_event_time(&self) -> Time {
        self.times.last().copied().unwrap_or(Time::ZERO)
    }

    /// The moment of step `k`: 0 is the start, k ≥ 1 the k-th instant with events.
    pub fn step_moment(&self, k: usize) -> Option<Moment> {
        match k {
            0 => Some(Moment::Start),
            k => self.times.get(k - 1).map(|t| Moment::At(*t)),
        }
    }

    /// The step a moment is, if it is exactly one.
    pub fn step_of(&self, m: Moment) -> Option<usize> {
        match m {
            Moment::Start => Some(0),
            Moment::At(t) => self.times.binary_search(&t).ok().map(|i| i + 1),
        }
    }

    /// How many steps have happened by a moment (the instants at or before it).
    pub fn steps_by(&self, m: Moment) -> usize {
        match m {
            Moment::Start => 0,
            Moment::At(t) => self.times.partition_point(|e| *e <= t),
        }
    }

    /// The next instant after `t`, if any.
    pub fn next_time(&self, t: Time) -> Option<Time> {
        let i = self.times.partition_point(|e| *e <= t);
        self.times.get(i).copied()
    }

    /// The instant before `t`, if any.
    pub fn previous_time(&self, t: Time) -> Option<Time> {
        let i = self.times.partition_point(|e| *e < t);
        i.checked_sub(1).map(|i| self.times[i])
    }
}
