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
use crate::event::{Event, EventKind};
use crate::host::{Host, HostConfig};
use crate::wire::SegmentRecord;
use crate::wire::{addr_of, Wire};
use crate::{SegmentId, Seq, Side, Time};

impl Simulation {
    /// A finished run made of what was recorded. Events out of time order
    /// are put in order (stably); a recording beyond the run caps is cut at
    /// an instant (see `cut_at_caps` in this file), and the run says it was cut short.
    pub fn recorded(recording: Recording) -> Simulation {
        let Recording {
            scenario,
            unit,
            endpoints,
            mut segments,
            setup,
            mut events,
            windows,
        } = recording;
        crate::util::sort::sort_by(&mut events, |a, b| a.at < b.at);
        let cut_short = cut_at_caps(&mut segments, &mut events, setup.len());
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
            cut_short,
            caps: (MAX_EVENTS, MAX_SEGMENTS),
            recorded: Some(Box::new(Recorded {
                unit,
                endpoints,
                windows,
            })),
        }
    }

    /// Whether this run was recorded (nothing in it can be changed).
    pub fn is_recorded(&self) -> bool {
        self.recorded.is_some()
    }

    /// The room a segment announces, in bytes: its window field, scaled
    /// as the handshake of a recorded capture agreed (RFC 7323; a simulated
    /// run does not scale). `None` when the capture lacks that handshake,
    /// or for no such segment.
    pub fn window_bytes(&self, id: SegmentId) -> Option<u32> {
        match &self.recorded {
            Some(r) => r.windows.get(id.0 as usize).copied().flatten(),
            None => self.segment(id).map(|s| u32::from(s.header.window)),
        }
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

/// Cuts a recording (events in time order) that holds more than a run's
/// caps: everything from the first instant at which a cap would be passed
/// goes, segments and events alike, so what stays is the whole story up to
/// that instant and nothing in it names a segment left out (segment ids are
/// positions, so the segments kept are a prefix). The log ends with the
/// same `RunCutShort` event a simulated run ends with; its time is returned.
/// A long real capture (the 100 MB transfer's 82,803 packets make 241,909
/// events) used to keep the first 10,000 segments and 100,000 events
/// independently, without saying so.
fn cut_at_caps(segments: &mut Vec<SegmentRecord>, events: &mut Vec<Event>, setup: usize) -> Option<Time> {
    // Room for the cut's own event.
    let room = MAX_EVENTS.saturating_sub(setup + 1);
    let first_left_out = |from: usize, segments: &[SegmentRecord]| {
        segments
            .get(from..)
            .and_then(|rest| rest.iter().map(|s| s.sent_at).min())
    };
    let mut cut = [
        events.get(room).map(|e| e.at),
        first_left_out(MAX_SEGMENTS, segments),
    ]
    .into_iter()
    .flatten()
    .min()?;
    // The segments kept are those sent before the cut, as a prefix; one
    // sent earlier but listed after a later one moves the cut back to it.
    let kept = loop {
        let kept = segments
            .iter()
            .position(|s| s.sent_at >= cut)
            .unwrap_or(segments.len());
        match first_left_out(kept, segments) {
            Some(t) if t < cut => cut = t,
            _ => break kept,
        }
    };
    segments.truncate(kept);
    events.truncate(events.partition_point(|e| e.at < cut));
    events.retain(|e| e.segment().is_none_or(|id| (id.0 as usize) < kept));
    let at = events.last().map_or(Time::ZERO, |e| e.at);
    events.push(Event {
        at,
        side: None,
        kind: EventKind::RunCutShort {
            events: (setup + events.len()) as u32,
            segments: kept as u32,
        },
    });
    Some(at)
}
