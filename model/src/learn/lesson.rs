//! Guided lessons as data: one per topic of the seeds. A lesson is a
//! built-in scenario and an ordered list of steps; a step shows a text
//! (the widget's content files hold `lesson.<id>.<n>`, n from 1; only the
//! keys are defined here), may seek to a moment, and may ask a prediction
//! ([`Ask`]) or set a task the learner must do ([`Task`]), checked by the
//! model.
//!
//! Moments are named by events of the run ("just before segment #k is
//! sent"), so they follow the run a task changed: after the learner drops
//! segment #0, segment #1 is the retransmitted SYN. A test plays every
//! lesson (doing its tasks) and checks that every seek finds its segment
//! and every question has an answer.

use super::challenge::Proof;
use super::quiz::{Ask, Fields};
use crate::event::{DropCause, EventKind};
use crate::view::Moment;
use crate::{SegmentId, Side, Simulation, Time};
use Fields as F;
use Seek::{Arrives, BeforeSent, InFlight};
use Side::{Client, Server};

/// A moment of the run a step moves the playhead to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seek {
    /// Before the programs start.
    Start,
    /// A time, in ms.
    Ms(u64),
    /// The instant before segment #k leaves (the start for one sent at 0).
    BeforeSent(u32),
    /// Halfway across: segment #k is in flight (a moment to drop it).
    InFlight(u32),
    /// The instant segment #k arrives (or vanishes, or is lost).
    Arrives(u32),
}

impl Seek {
    /// The moment in this run; `None` if the segment does not exist.
    pub fn moment(self, sim: &Simulation) -> Option<Moment> {
        let seg = |k: u32| sim.segment(SegmentId(k));
        Some(match self {
            Seek::Start => Moment::Start,
            Seek::Ms(ms) => Moment::At(Time(ms)),
            Seek::BeforeSent(k) => match seg(k)?.sent_at.0 {
                0 => Moment::Start,
                t => Moment::At(Time(t - 1)),
            },
            Seek::InFlight(k) => {
                let s = seg(k)?;
                Moment::At(Time(s.sent_at.0 + (s.ends_at().0 - s.sent_at.0) / 2))
            }
            Seek::Arrives(k) => Moment::At(seg(k)?.ends_at()),
        })
    }
}

/// Something the learner must do before the lesson goes on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    /// Drop segment #k while it is in flight.
    Drop(u32),
}

impl Task {
    /// The proof that the learner did it in this run, or `None`.
    pub fn done(self, sim: &Simulation) -> Option<Proof> {
        match self {
            Task::Drop(k) => sim.events().iter().enumerate().find_map(|(i, e)| match e.kind {
                EventKind::SegmentDropped {
                    segment,
                    by: DropCause::Learner,
                    ..
                } if segment == SegmentId(k) => Some(Proof {
                    events: vec![i],
                    segments: vec![segment],
                }),
                _ => None,
            }),
        }
    }
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// Where the playhead goes first, if anywhere.
    pub seek: Option<Seek>,
    /// A prediction to make there.
    pub ask: Option<Ask>,
    /// Something to do there.
    pub task: Option<Task>,
}

/// A step that only shows its text.
const fn say() -> Step {
    Step {
        seek: None,
        ask: None,
        task: None,
    }
}

/// A step that seeks to a moment.
const fn at(seek: Seek) -> Step {
    Step {
        seek: Some(seek),
        ask: None,
        task: None,
    }
}

impl Step {
    const fn ask(self, ask: Ask) -> Step {
        Step {
            ask: Some(ask),
            ..self
        }
    }

    const fn task(self, task: Task) -> Step {
        Step {
            task: Some(task),
            ..self
        }
    }
}

/// A guided lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The stable id (content keys `lesson.<id>.<n>`).
    pub id: &'static str,
    /// The built-in scenario it plays.
    pub scenario: &'static str,
    /// The steps, in order.
    pub steps: &'static [Step],
}

impl Lesson {
    /// The content key of step `index` (0-based): `lesson.<id>.<index + 1>`.
    pub fn text_key(&self, index: usize) -> String {
        format!("lesson.{}.{}", self.id, index + 1)
    }
}

const fn next(from: Side, fields: Fields) -> Ask {
    Ask::NextSegment {
        from: Some(from),
        fields,
    }
}

const fn state(side: Side) -> Ask {
    Ask::State { side }
}

const fn returns(side: Side) -> Ask {
    Ask::CallReturn { side }
}

/// Every lesson, in teaching order.
pub const LESSONS: &[Lesson] = &[
    // Seed numbers: the client's ISN 1000, the server's 8000.
    Lesson {
        id: "handshake",
        scenario: "handshake-and-close",
        steps: &[
            at(Seek::Start),
            at(BeforeSent(0)).ask(next(Client, F::FLAGS.and(F::SEQ))),
            at(BeforeSent(1)).ask(next(Server, F::HEADER)),
            at(Arrives(0)).ask(state(Server)),
            at(BeforeSent(2)).ask(next(Client, F::HEADER)),
            at(BeforeSent(2)).ask(returns(Client)),
            at(Arrives(2)).ask(state(Server)),
            say(),
        ],
    },
    // Why three: an old SYN gets a SYN,ACK, and the client's RST clears it.
    Lesson {
        id: "why-three",
        scenario: "old-duplicate-syn",
        steps: &[
            at(Seek::Start),
            at(BeforeSent(2)).ask(next(Server, F::FLAGS.and(F::ACK))),
            at(Arrives(0)).ask(state(Server)),
            at(BeforeSent(3)).ask(next(Client, F::FLAGS.and(F::SEQ))),
            at(Arrives(3)).ask(state(Server)),
            at(BeforeSent(4)).ask(next(Server, F::FLAGS.and(F::ACK))),
            say(),
        ],
    },
    // The close: FIN, ACK, FIN, ACK, and why it may take three.
    Lesson {
        id: "close",
        scenario: "handshake-and-close",
        steps: &[
            at(BeforeSent(6)),
            at(BeforeSent(6)).ask(next(Client, F::HEADER)),
            at(BeforeSent(6)).ask(returns(Server)),
            at(BeforeSent(7)).ask(next(Server, F::FLAGS.and(F::ACK))),
            // In time order: a later moment would show the arrow asked about.
            at(BeforeSent(8)).ask(next(Server, F::HEADER)),
            at(Arrives(7)).ask(state(Client)),
            at(BeforeSent(9)).ask(next(Client, F::HEADER)),
            at(Arrives(8)).ask(state(Client)),
            say(),
        ],
    },
    // TIME-WAIT: the final ACK is lost, the server resends its FIN.
    Lesson {
        id: "time-wait",
        scenario: "lost-final-ack",
        steps: &[
            at(Arrives(8)).ask(state(Client)),
            at(InFlight(9)),
            at(BeforeSent(10)).ask(state(Server)),
            at(BeforeSent(10)).ask(next(Server, F::HEADER)),
            at(BeforeSent(11)).ask(next(Client, F::HEADER)),
            at(Arrives(11)).ask(state(Server)),
            // The repeated FIN restarted TIME-WAIT (2 s in the RFC profile).
            at(Seek::Ms(3_000)).ask(state(Client)),
            at(Seek::Ms(4_000)).ask(state(Client)),
            say(),
        ],
    },
    // Retransmission: the learner drops the SYN twice; the wait doubles.
    Lesson {
        id: "retransmission",
        scenario: "handshake-and-close",
        steps: &[
            at(Seek::Start),
            at(InFlight(0)).task(Task::Drop(0)),
            at(Arrives(0)).ask(next(Client, F::FLAGS.and(F::SEQ))),
            at(InFlight(1)).task(Task::Drop(1)),
            at(Arrives(1)).ask(next(Client, F::FLAGS.and(F::SEQ))),
            at(Arrives(1)).ask(returns(Client)),
            say(),
        ],
    },
    // SYN flood: spoofed SYNs fill the SYN queue; the real SYN is turned away.
    Lesson {
        id: "syn-flood",
        scenario: "syn-flood",
        steps: &[
            at(Seek::Start),
            at(BeforeSent(5)).ask(next(Server, F::FLAGS.and(F::ACK))),
            at(Arrives(3)).ask(state(Server)),
            at(Arrives(4)).ask(next(Client, F::FLAGS.and(F::SEQ))),
            at(BeforeSent(20)).ask(next(Server, F::FLAGS.and(F::ACK))),
            at(BeforeSent(20)).ask(returns(Client)),
            say(),
        ],
    },
    // RST: nothing listens, the SYN is answered with RST,ACK.
    Lesson {
        id: "rst",
        scenario: "connection-refused",
        steps: &[
            at(Seek::Start),
            at(BeforeSent(1)).ask(next(Server, F::HEADER)),
            at(BeforeSent(1)).ask(returns(Client)),
            at(Arrives(1)).ask(state(Client)),
            say(),
        ],
    },
];

/// A lesson by id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}
