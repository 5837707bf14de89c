//! Quiz checking: a learner's prediction against what the model did.
//!
//! The widget keeps the whole run simulated to its end, so the answer to
//! "what happens next?" is already in the run: the next segment a host
//! sends, the state a lifeline is in, the way a blocked call returns. A
//! learner's drop or free-mode call re-simulates the run, so the answers
//! follow it (a SYN dropped in flight is sent again with the same sequence
//! number, not the next one). Nothing here decides a TCP rule.
//!
//! Numbers are the raw 32-bit ones from the headers (the widget shows
//! `SYN seq=1000`), not Wireshark's relative ones.

use crate::call::Outcome;
use crate::event::EventKind;
use crate::view::Moment;
use crate::{Call, Flags, Purpose, Resend, SegmentId, SegmentRecord, Side, Simulation, State, Time};

/// How one answered field compares with the truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The question did not ask for this field.
    NotAsked,
    /// The learner's value is the model's.
    Right,
    /// The learner's value differs from the model's.
    Wrong,
}

/// One field of a prediction: what the learner said (if asked) and the truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Check<T> {
    /// The learner's value; `None` when the question did not ask for it.
    pub guess: Option<T>,
    /// The model's value.
    pub actual: T,
}

impl<T: PartialEq> Check<T> {
    /// Right, wrong, or not asked.
    pub fn verdict(&self) -> Verdict {
        match &self.guess {
            None => Verdict::NotAsked,
            Some(g) if *g == self.actual => Verdict::Right,
            Some(_) => Verdict::Wrong,
        }
    }
}

/// Which fields of a segment a question asks for (a small bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fields(pub u8);

impl Fields {
    /// The sending host.
    pub const FROM: Fields = Fields(1);
    /// The control bits.
    pub const FLAGS: Fields = Fields(2);
    /// The sequence number.
    pub const SEQ: Fields = Fields(4);
    /// The acknowledgment number (none when ACK is off).
    pub const ACK: Fields = Fields(8);
    /// The payload length.
    pub const LEN: Fields = Fields(16);
    /// Flags, seq, ack and length: the usual question about a known sender.
    pub const HEADER: Fields = Fields(2 | 4 | 8 | 16);

    /// Both sets together (`const`, so lesson tables can write it).
    pub const fn and(self, other: Fields) -> Fields {
        Fields(self.0 | other.0)
    }

    /// Whether every field of `other` is asked.
    pub const fn has(self, other: Fields) -> bool {
        self.0 & other.0 == other.0
    }
}

/// A learner's prediction of a segment; `None` fields were not answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SegmentGuess {
    /// The host that sends it.
    pub from: Option<Side>,
    /// Its control bits, as a set (the flag toggles).
    pub flags: Option<Flags>,
    /// SEG.SEQ.
    pub seq: Option<u32>,
    /// SEG.ACK (a guess here is wrong if the segment carries no ACK).
    pub ack: Option<u32>,
    /// Payload bytes.
    pub len: Option<u32>,
}

impl SegmentGuess {
    /// The same guess with only `fields` kept (what a question asked for).
    pub fn only(self, fields: Fields) -> SegmentGuess {
        let keep = |f: Fields| fields.has(f);
        SegmentGuess {
            from: self.from.filter(|_| keep(Fields::FROM)),
            flags: self.flags.filter(|_| keep(Fields::FLAGS)),
            seq: self.seq.filter(|_| keep(Fields::SEQ)),
            ack: self.ack.filter(|_| keep(Fields::ACK)),
            len: self.len.filter(|_| keep(Fields::LEN)),
        }
    }

    /// The exact answer for `seg` (every field filled in).
    pub fn of(seg: &SegmentRecord) -> SegmentGuess {
        let h = &seg.header;
        SegmentGuess {
            from: seg.from.side(),
            // A prediction names the five control bits (a captured SYN's
            // ECE and CWR are ECN's business, which no question asks).
            flags: Some(h.flags.control()),
            seq: Some(h.seq.0),
            ack: h.flags.ack().then_some(h.ack.0),
            len: Some(h.len),
        }
    }
}

/// Feedback on a segment prediction: field by field, with why it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegmentFeedback {
    /// The segment that is the answer (to highlight it).
    pub segment: SegmentId,
    /// The sender.
    pub from: Check<Side>,
    /// The control bits.
    pub flags: Check<Flags>,
    /// SEG.SEQ.
    pub seq: Check<u32>,
    /// SEG.ACK, `None` when the ACK bit is off.
    pub ack: Check<Option<u32>>,
    /// Payload bytes.
    pub len: Check<u32>,
    /// Why it was sent (the narration's key for the "why").
    pub purpose: Purpose,
    /// Why it repeats old sequence numbers, for a retransmission.
    pub resend: Option<Resend>,
}

impl SegmentFeedback {
    /// Every verdict, in field order (from, flags, seq, ack, len).
    pub fn verdicts(&self) -> [Verdict; 5] {
        [
            self.from.verdict(),
            self.flags.verdict(),
            self.seq.verdict(),
            self.ack.verdict(),
            self.len.verdict(),
        ]
    }

    /// No answered field is wrong.
    pub fn all_right(&self) -> bool {
        !self.verdicts().contains(&Verdict::Wrong)
    }
}

/// Whether time `t` lies after the moment (a moment is the whole instant:
/// what is sent at `t` is no longer "next" at `At(t)`).
fn after(at: Moment, t: Time) -> bool {
    match at {
        Moment::Start => true,
        Moment::At(now) => t > now,
    }
}

/// The next segment a host sends after `at`: from `from`, or from either
/// host when `None` (injected segments are never the answer). A lookup in
/// the pre-run simulation.
pub fn next_segment(sim: &Simulation, from: Option<Side>, at: Moment) -> Option<&SegmentRecord> {
    sim.segments()
        .iter()
        .find(|s| s.from.side().is_some_and(|side| from.is_none_or(|f| f == side)) && after(at, s.sent_at))
}

/// Checks a prediction of the next segment `from` sends after `at` (either
/// host when `None`). `None` when no host sends anything more.
pub fn check_segment(
    sim: &Simulation,
    from: Option<Side>,
    at: Moment,
    guess: &SegmentGuess,
) -> Option<SegmentFeedback> {
    let seg = next_segment(sim, from, at)?;
    let truth = SegmentGuess::of(seg);
    let sender = truth.from.unwrap_or(Side::Client);
    Some(SegmentFeedback {
        segment: seg.id,
        from: Check {
            guess: guess.from,
            actual: sender,
        },
        flags: Check {
            guess: guess.flags,
            actual: seg.header.flags.control(),
        },
        seq: Check {
            guess: guess.seq,
            actual: seg.header.seq.0,
        },
        ack: Check {
            guess: guess.ack.map(Some),
            actual: truth.ack,
        },
        len: Check {
            guess: guess.len,
            actual: seg.header.len,
        },
        purpose: seg.purpose,
        resend: seg.resend,
    })
}

/// Checks "which state is `side` in now?" against the lifeline at `at`.
pub fn check_state(sim: &Simulation, side: Side, at: Moment, guess: State) -> Check<State> {
    Check {
        guess: Some(guess),
        actual: sim.state_at(side, at),
    }
}

/// How a call returned: the answer to "what does this call return?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallAnswer {
    /// The call.
    pub call: Call,
    /// Its result.
    pub outcome: Outcome,
    /// When it returned.
    pub at: Time,
    /// The position of its `CallReturned` event in the log (to highlight it).
    pub event: usize,
}

/// The next return of a call of `side`'s application after `at`: the call
/// it is blocked in, or else the next one it makes. `None` if none returns
/// (a call still blocked when the run ends has no answer).
pub fn call_return(sim: &Simulation, side: Side, at: Moment) -> Option<CallAnswer> {
    let from = sim.events_until(at).len();
    sim.events()
        .iter()
        .enumerate()
        .skip(from)
        .find_map(|(i, e)| match e.kind {
            EventKind::CallReturned { call, outcome } if e.side == Some(side) => Some(CallAnswer {
                call,
                outcome,
                at: e.at,
                event: i,
            }),
            _ => None,
        })
}

/// Checks "what does this call return?" for `side` at `at`.
pub fn check_call_return(
    sim: &Simulation,
    side: Side,
    at: Moment,
    guess: Outcome,
) -> Option<(CallAnswer, Check<Outcome>)> {
    let answer = call_return(sim, side, at)?;
    let check = Check {
        guess: Some(guess),
        actual: answer.outcome,
    };
    Some((answer, check))
}

/// A question a lesson step asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// "What is the next segment?": from this host (either when `None`),
    /// asking for these fields.
    NextSegment {
        /// The host whose next segment is asked for; `None`: either.
        from: Option<Side>,
        /// The fields the learner fills in.
        fields: Fields,
    },
    /// "Which state is this side in now?"
    State {
        /// The lifeline asked about.
        side: Side,
    },
    /// "What does this call return?" (the call `side` is in, or makes next).
    CallReturn {
        /// The application asked about.
        side: Side,
    },
}

/// The model's answer to an [`Ask`] at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The segment that is sent next.
    Segment(SegmentId),
    /// The lifeline's state.
    State(State),
    /// The call's return.
    Call(CallAnswer),
}

impl Ask {
    /// The answer in this run at `at`; `None` when there is none (no
    /// segment follows, or the call never returns).
    pub fn answer(self, sim: &Simulation, at: Moment) -> Option<Answer> {
        match self {
            Ask::NextSegment { from, .. } => next_segment(sim, from, at).map(|s| Answer::Segment(s.id)),
            Ask::State { side } => Some(Answer::State(sim.state_at(side, at))),
            Ask::CallReturn { side } => call_return(sim, side, at).map(Answer::Call),
        }
    }
}
