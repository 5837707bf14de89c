//! A recorded run: segments and events that happened elsewhere (a real
//! capture explained by `observe`), held in a [`Simulation`] so every view
//! of a run (state bands, segment status at a moment, the narration's
//! events, the trace) reads it exactly as it reads a simulated one.
//!
//! A recorded run is finished from the start: nothing more is simulated,
//! rewinding only moves the clock, and the learner's drops and calls are
//! refused ([`ActionError::Recorded`]) because the past cannot be changed.
//! Its time may count microseconds ([`TimeUnit`]): a loopback round trip
//! takes a few of them.

use super::recording::{Recorded, Recording, TimeUnit};
use super::{ActionError, Simulation, MAX_EVENTS, MAX_SEGMENTS};
use crate::host::{Host, HostConfig};
use crate::wire::{addr_of, Wire};
use crate::{Seq, Side, Time};

impl Simulation {
    /// A finished run made of what was recorded. Events out of time order
    /// are put in order (stably); more than the run caps are cut, and the
    /// run says it was cut short.
    pub fn recorded(recording: Recording) -> Simulation {
        let Recording {
            scenario,
            unit,
            endpoints,
            mut segments,
            setup,
            mut events,
        } = recording;
        segments.truncate(MAX_SEGMENTS);
        events.truncate(MAX_EVENTS.saturating_sub(setup.len()));
        crate::util::sort::sort_by(&mut events, |a, b| a.at < b.at);
        let host = |side: Side| {
            let spec = scenario.endpoint(side);
            Host::new(HostConfig {
                addr: addr_of(side),
                peer: addr_of(side.peer()),
                isn: Seq(spec.isn),
                mss: spec.mss,
                backlog: spec.backlog,
                rcvbuf: spec.rcvbuf,
            })
        };
        let end = events.last().map_or(Time::ZERO, |e| e.at);
        let setup_events = setup.len();
        let mut all = setup;
        all.append(&mut events);
        Simulation {
            tuning: scenario.tuning(),
            hosts: [host(Side::Client), host(Side::Server)],
            wire: Wire::recorded(&scenario, segments),
            scenario,
            now: end,
            events: all,
            actions: Vec::new(),
            next_action: 0,
            started: true,
            setup_events,
            cut_short: None,
            caps: (MAX_EVENTS, MAX_SEGMENTS),
            recorded: Some(Box::new(Recorded { unit, endpoints })),
        }
    }

    /// Whether this run was recorded (nothing in it can be changed).
    pub fn is_recorded(&self) -> bool {
        self.recorded.is_some()
    }

    /// What one unit of this run's time is.
    pub fn time_unit(&self) -> TimeUnit {
        self.recorded.as_ref().map_or(TimeUnit::Millis, |r| r.unit)
    }

    /// A side's address and port: the model's own for a simulated run, the
    /// real one for a recorded capture.
    pub fn endpoint(&self, side: Side) -> String {
        match &self.recorded {
            Some(r) => r.endpoints[side.index()].clone(),
            None => addr_of(side).to_string(),
        }
    }

    /// Refuses a learner's action on a recorded run.
    pub(super) fn refuse_if_recorded(&self) -> Result<(), ActionError> {
        match self.recorded {
            Some(_) => Err(ActionError::Recorded),
            None => Ok(()),
        }
    }
}
