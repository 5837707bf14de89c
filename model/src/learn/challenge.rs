//! Challenges: goals a learner reaches with drops and free-mode calls,
//! checked from the model's events. A solved challenge comes with a
//! [`Proof`]: the events and segments that show it, so the widget can say
//! how it was solved and highlight them.
//!
//! Each challenge starts from a built-in scenario, as a lesson (its programs
//! run, the learner drops segments) or in free mode (its hosts, wire and
//! injections, no programs: the learner makes every socket call). Ids are
//! stable: the widget's content files key their texts on them
//! (`challenge.<id>`).

use crate::event::{Cause, Conn, EventKind, GiveUp, IgnoreReason};
use crate::scenario::EndpointSpec;
use crate::{library, Scenario, SegmentId, Side, Simulation, State};

/// Where a challenge starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Start {
    /// A built-in scenario as it is: its programs run.
    Lesson(&'static str),
    /// A built-in scenario's hosts, wire and injections without programs:
    /// the learner makes every call. `Free("handshake-and-close")` is the
    /// widget's free mode.
    Free(&'static str),
}

impl Start {
    /// The built-in scenario's name.
    pub fn builtin(self) -> &'static str {
        match self {
            Start::Lesson(name) | Start::Free(name) => name,
        }
    }

    /// Whether the learner makes the calls (free mode).
    pub fn free(self) -> bool {
        matches!(self, Start::Free(_))
    }

    /// The scenario the challenge runs. `None` only for an unknown name
    /// (a test checks every challenge's).
    pub fn scenario(self) -> Option<Scenario> {
        let mut s = library::builtin(self.builtin())?.scenario();
        if self.free() {
            for spec in [&mut s.client, &mut s.server] {
                *spec = EndpointSpec {
                    program: Vec::new(),
                    ..spec.clone()
                };
            }
        }
        Some(s)
    }
}

/// What proves a challenge solved: positions in the event log and segment
/// ids, for the widget to highlight.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Proof {
    /// Positions in [`Simulation::events`].
    pub events: Vec<usize>,
    /// The segments involved.
    pub segments: Vec<SegmentId>,
}

/// A goal, checked from a run's events.
pub struct Challenge {
    /// The stable id (content key `challenge.<id>`).
    pub id: &'static str,
    /// Where it starts.
    pub start: Start,
    check: fn(&Simulation) -> Option<Proof>,
}

impl Challenge {
    /// The proof that `sim` (a run of this challenge's start with the
    /// learner's actions) reached the goal, or `None` while it has not.
    pub fn check(&self, sim: &Simulation) -> Option<Proof> {
        (self.check)(sim)
    }
}

/// Every challenge, in the order the widget lists them.
pub const CHALLENGES: &[Challenge] = &[
    Challenge {
        id: "connect-gives-up",
        start: Start::Lesson("handshake-and-close"),
        check: connect_gives_up,
    },
    Challenge {
        id: "server-resends-fin",
        start: Start::Lesson("handshake-and-close"),
        check: server_resends_fin,
    },
    Challenge {
        id: "both-time-wait",
        start: Start::Free("handshake-and-close"),
        check: both_time_wait,
    },
    Challenge {
        id: "half-closed-data",
        start: Start::Free("handshake-and-close"),
        check: half_closed_data,
    },
    Challenge {
        id: "syn-queue-full",
        start: Start::Free("syn-flood"),
        check: syn_queue_full,
    },
    Challenge {
        id: "connection-reset",
        start: Start::Free("handshake-and-close"),
        check: connection_reset,
    },
];

/// A challenge by id.
pub fn challenge(id: &str) -> Option<&'static Challenge> {
    CHALLENGES.iter().find(|c| c.id == id)
}

/// The client's connect() gave up after its SYN retries: the `GaveUp`
/// event, with every SYN the client sent.
fn connect_gives_up(sim: &Simulation) -> Option<Proof> {
    let event = sim.events().iter().position(|e| {
        e.side == Some(Side::Client)
            && matches!(
                e.kind,
                EventKind::GaveUp {
                    conn: Conn::Main,
                    reason: GiveUp::SynRetries { .. }
                }
            )
    })?;
    let segments = sim
        .segments()
        .iter()
        .filter(|s| s.from.side() == Some(Side::Client) && s.header.flags.syn())
        .map(|s| s.id)
        .collect();
    Some(Proof {
        events: vec![event],
        segments,
    })
}

/// The server sent its FIN again: the retransmission's `SegmentSent`, with
/// the FIN it repeats.
fn server_resends_fin(sim: &Simulation) -> Option<Proof> {
    let seg = sim
        .segments()
        .iter()
        .find(|s| s.from.side() == Some(Side::Server) && s.header.flags.fin() && s.resend.is_some())?;
    let event = sent_event(sim, seg.id)?;
    let segments = seg.retransmission_of.into_iter().chain([seg.id]).collect();
    Some(Proof {
        events: vec![event],
        segments,
    })
}

/// The position of a segment's `SegmentSent` event.
fn sent_event(sim: &Simulation, id: SegmentId) -> Option<usize> {
    sim.events()
        .iter()
        .position(|e| matches!(e.kind, EventKind::SegmentSent { segment, .. } if segment == id))
}

/// The first change of `side`'s main connection into `to`: its position
/// and the segment that caused it, if a segment did.
fn entered(sim: &Simulation, side: Side, to: State) -> Option<(usize, Option<SegmentId>)> {
    sim.events().iter().enumerate().find_map(|(i, e)| match e.kind {
        EventKind::StateChanged {
            conn: Conn::Main,
            to: t,
            cause,
            ..
        } if e.side == Some(side) && t == to => Some((
            i,
            match cause {
                Cause::Segment { segment } => Some(segment),
                _ => None,
            },
        )),
        _ => None,
    })
}

/// Both lifelines entered TIME-WAIT (only a simultaneous close does that):
/// the two state changes and the segments that caused them.
fn both_time_wait(sim: &Simulation) -> Option<Proof> {
    let (a, seg_a) = entered(sim, Side::Client, State::TimeWait)?;
    let (b, seg_b) = entered(sim, Side::Server, State::TimeWait)?;
    Some(Proof {
        events: vec![a, b],
        segments: seg_a.into_iter().chain(seg_b).collect(),
    })
}

/// A side sent new data after the peer's FIN put it in CLOSE-WAIT (the
/// log orders an instant, so "after" is exact): the state change, the FIN
/// and the data segment.
fn half_closed_data(sim: &Simulation) -> Option<Proof> {
    Side::BOTH.into_iter().find_map(|side| {
        let (event, fin) = entered(sim, side, State::CloseWait)?;
        let (sent, data) = sim
            .events()
            .iter()
            .enumerate()
            .skip(event)
            .find_map(|(i, e)| match e.kind {
                EventKind::SegmentSent {
                    segment,
                    resend: None,
                    ..
                } if e.side == Some(side) && sim.segment(segment).is_some_and(|s| s.header.len > 0) => {
                    Some((i, segment))
                }
                _ => None,
            })?;
        Some(Proof {
            events: vec![event, sent],
            segments: fin.into_iter().chain([data]).collect(),
        })
    })
}

/// A SYN met a full SYN queue: turned away, or answered with a SYN cookie.
fn syn_queue_full(sim: &Simulation) -> Option<Proof> {
    sim.events().iter().enumerate().find_map(|(i, e)| match e.kind {
        EventKind::SegmentIgnored {
            segment,
            reason: IgnoreReason::ListenQueueFull { .. },
            ..
        }
        | EventKind::SynCookieSent { segment, .. } => Some(Proof {
            events: vec![i],
            segments: vec![segment],
        }),
        _ => None,
    })
}

/// An RST changed a main connection's state (a reset accepted): the state
/// change and the RST.
fn connection_reset(sim: &Simulation) -> Option<Proof> {
    sim.events().iter().enumerate().find_map(|(i, e)| match e.kind {
        EventKind::StateChanged {
            conn: Conn::Main,
            cause: Cause::Segment { segment },
            ..
        } if sim.segment(segment).is_some_and(|s| s.header.flags.rst()) => Some(Proof {
            events: vec![i],
            segments: vec![segment],
        }),
        _ => None,
    })
}
