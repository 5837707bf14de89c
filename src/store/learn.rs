//! Learn by predicting, the store's data: the Predict toggle and the
//! question it opens just before a segment leaves, the guided lesson being
//! played (its step and score), the challenge being tried (with the model's
//! proof once solved), and the progress kept between visits. How store
//! actions change them is in `learn_flow.rs`.
//!
//! Every answer and every proof comes from the model (`tcp_model::learn`):
//! a guess is checked against the run as it is now, with the learner's
//! drops and calls, so a dropped SYN makes "the same seq again" the right
//! answer. The texts are in `narration::learn`, the panels in
//! `components::learn`.

use tcp_model::call::Outcome;
use tcp_model::learn::challenge::Proof;
use tcp_model::learn::lesson::{Lesson as Guided, Step};
use tcp_model::learn::quiz::{Ask, CallAnswer, Check, Fields, SegmentFeedback, SegmentGuess, Verdict};
use tcp_model::view::Moment;
use tcp_model::State;

use super::progress::Progress;

/// The question the Predict toggle asks: everything about the next segment.
pub const PREDICT: Ask = Ask::NextSegment {
    from: None,
    fields: Fields::FROM.and(Fields::HEADER),
};

/// A learner's answer, of the kind the question asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guess {
    /// A predicted segment (only the asked fields count).
    Segment(SegmentGuess),
    /// A state.
    State(State),
    /// How a call returns.
    Call(Outcome),
}

/// What the model said about an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// Field by field, with the segment that is the answer.
    Segment(SegmentFeedback),
    /// The lifeline's state then.
    State(Check<State>),
    /// How the call returned, and when.
    Call(CallAnswer, Check<Outcome>),
    /// Nothing follows in this run (the learner's actions ended it): no answer.
    Nothing,
}

impl Reply {
    /// Every answered part is right.
    pub fn right(&self) -> bool {
        match self {
            Reply::Segment(f) => f.all_right(),
            Reply::State(c) => c.verdict() == Verdict::Right,
            Reply::Call(_, c) => c.verdict() == Verdict::Right,
            Reply::Nothing => false,
        }
    }
}

/// An open question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Question {
    /// What is asked.
    pub ask: Ask,
    /// The moment it is asked about (checked there).
    pub at: Moment,
    /// Asked by the Predict toggle (not by a lesson step).
    pub predict: bool,
    /// The clock ran when the question stopped it: Continue plays on.
    pub resume: bool,
    /// The model's verdict, once answered.
    pub reply: Option<Reply>,
}

/// A guided lesson being played.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Guide {
    /// The lesson (the model's data).
    pub lesson: &'static Guided,
    /// The step shown (0-based); `lesson.steps.len()` once finished.
    pub step: usize,
    /// Questions answered right.
    pub right: u32,
    /// Questions answered.
    pub asked: u32,
}

impl Guide {
    /// The step shown, unless the lesson is finished.
    pub fn current(&self) -> Option<Step> {
        self.lesson.steps.get(self.step).copied()
    }

    /// Played to its end.
    pub fn finished(&self) -> bool {
        self.step >= self.lesson.steps.len()
    }
}

/// A challenge being tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    /// Its id (the model's).
    pub id: &'static str,
    /// The model's proof that the run reaches the goal, if it does.
    pub proof: Option<Proof>,
    /// The proof's events have happened on screen: solved, and said so.
    pub shown: bool,
}

/// The learn state of a widget.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Learn {
    /// The Predict toggle: pause before each segment leaves and ask.
    pub predict: bool,
    /// Where the toggle last asked (it does not ask twice there).
    pub asked_at: Option<Moment>,
    /// The open question, answered or not.
    pub question: Option<Question>,
    /// The guided lesson being played.
    pub guide: Option<Guide>,
    /// The challenge being tried.
    pub attempt: Option<Attempt>,
    /// The toggle's predictions so far: right, asked.
    pub predicted: (u32, u32),
    /// Kept between visits.
    pub progress: Progress,
}

/// What the learner does in the learn panels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LearnAction {
    /// Predict on or off.
    TogglePredict,
    /// Answer the open question.
    Answer(Guess),
    /// Close a prediction's feedback (and play on if it was playing).
    Continue,
    /// Start a guided lesson.
    OpenLesson(&'static str),
    /// Go to a step of the lesson: the next one (or again the current one).
    GoToStep(usize),
    /// Leave the lesson.
    CloseLesson,
    /// Start a challenge.
    OpenChallenge(&'static str),
    /// Leave the challenge.
    CloseChallenge,
    /// Forget the progress.
    ResetProgress,
}

/// What a learner can pick for "what does this call return?": success,
/// the bytes a recv asked for, end of stream, and the errors lessons meet.
pub fn call_choices(call: Option<tcp_model::Call>) -> Vec<Outcome> {
    use tcp_model::call::SocketError as E;
    let mut out = vec![Outcome::Ok];
    if let Some(tcp_model::Call::Recv(n)) = call {
        out.push(Outcome::Read { bytes: n });
    }
    out.push(Outcome::Eof { bytes: 0 });
    out.extend(
        [E::ConnectionRefused, E::TimedOut, E::ConnectionReset].map(|error| Outcome::Failed { error }),
    );
    out
}
