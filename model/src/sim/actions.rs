//! What a learner does to a run: drop a segment in flight, make a socket
//! call (free mode). Each action is recorded with its moment, so a rewind
//! or a share link replays it; one that no longer fits its moment (a link
//! made for another run) is skipped, and the log says why.

use super::{ActionError, Simulation};
use crate::event::{DropCause, Event, EventKind, SkipReason};
use crate::scenario::{Action, LearnerAction};
use crate::{Call, SegmentId, Side, Time};

impl Simulation {
    /// The learner drops an in-flight segment now. Actions recorded after this
    /// moment (from before a rewind) are discarded: the future changed.
    pub fn drop_segment(&mut self, id: SegmentId) -> Result<(), ActionError> {
        self.refuse_if_recorded()?;
        if self.segment(id).is_none() {
            return Err(ActionError::UnknownSegment(id));
        }
        if !self.wire.in_flight(id, self.now) {
            return Err(ActionError::NotInFlight(id));
        }
        self.record(Action::Drop { segment: id });
        self.wire
            .drop_now(id, self.now, DropCause::Learner, &mut self.events);
        Ok(())
    }

    /// The learner issues a socket call now (free mode).
    pub fn call(&mut self, side: Side, call: Call) -> Result<(), ActionError> {
        self.refuse_if_recorded()?;
        if let Some(running) = &self.host(side).app.current {
            return Err(ActionError::Busy {
                side,
                call: running.call,
            });
        }
        self.record(Action::Call { side, call });
        self.apply_call(side, call);
        Ok(())
    }

    fn record(&mut self, action: Action) {
        self.actions.truncate(self.next_action);
        self.actions.push(LearnerAction {
            at_ms: self.now.0,
            action,
        });
        self.next_action = self.actions.len();
    }

    /// Applies recorded actions whose time has come (replay after a rewind).
    pub(super) fn apply_due_actions(&mut self) {
        while let Some(a) = self.actions.get(self.next_action).copied() {
            if Time(a.at_ms) > self.now {
                break;
            }
            self.next_action += 1;
            // An action recorded for another run (an old share link) may not
            // fit this one: it is skipped, and the log says why.
            let skipped = match a.action {
                Action::Drop { segment } => match self.segment(segment) {
                    None => Some((None, SkipReason::UnknownSegment)),
                    Some(_) if !self.wire.in_flight(segment, self.now) => {
                        Some((None, SkipReason::NotInFlight))
                    }
                    Some(_) => {
                        self.wire
                            .drop_now(segment, self.now, DropCause::Learner, &mut self.events);
                        None
                    }
                },
                Action::Call { side, call } => {
                    if self.host(side).app.current.is_none() {
                        self.apply_call(side, call);
                        None
                    } else {
                        Some((Some(side), SkipReason::Busy))
                    }
                }
            };
            if let Some((side, reason)) = skipped {
                self.events.push(Event {
                    at: self.now,
                    side,
                    kind: EventKind::ActionSkipped {
                        action: a.action,
                        reason,
                    },
                });
            }
        }
    }

    fn apply_call(&mut self, side: Side, call: Call) {
        let host = &mut self.hosts[side.index()];
        host.app.program.truncate(host.app.pc);
        host.app.program.push(call);
        host.app.stopped = false;
        self.run_apps_and_flush();
    }
}
