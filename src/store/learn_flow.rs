//! How the store's actions drive learn by predicting: a lesson step shows
//! its moment and asks its question, an answer is checked by the model,
//! Predict stops time before each segment, a changed run is checked against
//! the challenge, and a new scenario ends the lesson and the challenge.
//! The state itself is in `learn.rs`; nothing here decides a TCP rule.

use tcp_model::learn::challenge::{self, Challenge};
use tcp_model::learn::lesson::{self, Lesson as Guided, Seek, Task};
use tcp_model::learn::quiz::{self, Ask};
use tcp_model::scenario::LearnerAction;
use tcp_model::view::Moment;
use tcp_model::{SegmentId, Simulation};

use super::learn::{Attempt, Guess, Guide, LearnAction, Question, Reply, PREDICT};
use super::progress::{Progress, Score};
use super::{Action, Lesson, Store};

/// What kind of store action just happened (for `settle`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Time moved forward by playing or stepping: the toggle may ask.
    Forward,
    /// Play or pause.
    Play,
    /// Another scenario: the lesson and the challenge end.
    Switch,
    /// A capture opened, or another of its connections (a switch if the run changed).
    Capture,
    /// A learn panel's own action.
    Learn,
    /// Anything else.
    Other,
}

impl Kind {
    /// The kind of a store action.
    fn of(action: &Action) -> Kind {
        use Action as A;
        match action {
            A::Tick(_) | A::StepForward => Kind::Forward,
            A::TogglePlay => Kind::Play,
            A::PickScenario(_) | A::FreeMode => Kind::Switch,
            A::OpenCapture { .. } | A::PickStream(_) => Kind::Capture,
            A::Learn(_) => Kind::Learn,
            _ => Kind::Other,
        }
    }
}

/// The moment just before segment #`id` leaves.
fn before_sent(run: &Simulation, id: SegmentId) -> Option<Moment> {
    Seek::BeforeSent(id.0).moment(run)
}

/// Where a lesson shows a state question about `at`: just before the last
/// instant up to `at` at which something happened, so the lifeline does not
/// already show the answer (the question names its time).
fn shown_for_state(run: &Simulation, at: Moment) -> Moment {
    match run.events_until(at).last().map(|e| e.at.0) {
        Some(t) if t > 0 => Moment::At(tcp_model::Time(t - 1)),
        _ => Moment::Start,
    }
}

/// A lesson on a challenge's start, with the learner's actions replayed.
pub fn challenge_lesson(c: &Challenge, actions: Vec<LearnerAction>) -> Lesson {
    let scenario = c.start.scenario().unwrap_or_else(super::free_scenario);
    Lesson::new(scenario, actions, Some(c.start.builtin()), c.start.free())
}

impl Store {
    /// Shows step `n` of the guided lesson: its moment, its question, the
    /// segment its task is about.
    fn enter_step(&mut self, n: usize) {
        let Some(guide) = self.learn.guide.as_mut() else {
            return;
        };
        guide.step = n;
        let Some(step) = guide.current() else {
            let (id, score) = (
                guide.lesson.id,
                Score {
                    right: guide.right,
                    of: guide.asked,
                },
            );
            self.learn.progress.finish_lesson(id, score);
            self.learn.question = None;
            return;
        };
        let run = self.lesson.run.clone();
        let at = step.seek.and_then(|s| s.moment(&run)).unwrap_or(self.moment());
        self.learn.question = step.ask.map(|ask| Question {
            ask,
            at,
            predict: false,
            resume: false,
            reply: None,
        });
        self.playhead.moment = match step.ask {
            Some(Ask::State { .. }) => shown_for_state(&run, at),
            _ => at,
        };
        self.playhead.playing = false;
        self.playhead.selected = None;
        // The segment a task is about is lit, as if pointed at.
        self.playhead.hovered = step.task.map(|Task::Drop(k)| SegmentId(k));
    }

    /// Whether the lesson's current step is done: its question answered,
    /// its task done in the run (the model's check).
    pub fn step_done(&self) -> bool {
        let Some(step) = self.learn.guide.and_then(|g| g.current()) else {
            return false;
        };
        let answered = step.ask.is_none()
            || self
                .learn
                .question
                .is_some_and(|q| !q.predict && q.reply.is_some());
        answered && step.task.is_none_or(|t| t.done(&self.lesson.run).is_some())
    }

    /// Checks the model's proof of the challenge against the run, and
    /// whether its events have happened by the moment shown.
    fn refresh_attempt(&mut self, run_changed: bool) {
        let Some(a) = self.learn.attempt.as_mut() else {
            return;
        };
        if run_changed {
            a.proof = challenge::challenge(a.id).and_then(|c| c.check(&self.lesson.run));
            a.shown = false;
        }
        let happened = self.lesson.run.events_until(self.playhead.moment).len();
        if let Some(last) = a.proof.as_ref().and_then(|p| p.events.iter().max()) {
            if !a.shown && *last < happened {
                a.shown = true;
                self.learn.progress.solve(a.id);
            }
        }
    }

    /// With Predict on, stops time just before the first segment that left
    /// between `from` and now, and asks about it.
    fn predict_stop(&mut self, from: Moment, was_playing: bool) {
        if !self.learn.predict || self.learn.question.is_some() {
            return;
        }
        let run = self.lesson.run.clone();
        let to = self.moment();
        let stop = run
            .segments()
            .iter()
            .filter(|s| s.from.side().is_some() && Moment::At(s.sent_at) <= to)
            .filter(|s| from == Moment::Start || Moment::At(s.sent_at) > from)
            .filter_map(|s| before_sent(&run, s.id))
            .find(|m| Some(*m) != self.learn.asked_at);
        if let Some(at) = stop {
            self.learn.asked_at = Some(at);
            self.learn.question = Some(Question {
                ask: PREDICT,
                at,
                predict: true,
                resume: was_playing,
                reply: None,
            });
            self.playhead.moment = at;
            self.playhead.playing = false;
        }
    }

    /// Checks the learner's answer with the model.
    fn answer(&mut self, guess: Guess) {
        let run = self.lesson.run.clone();
        let Some(q) = self.learn.question.as_mut().filter(|q| q.reply.is_none()) else {
            return;
        };
        let reply = match (q.ask, guess) {
            (Ask::NextSegment { from, fields }, Guess::Segment(g)) => {
                quiz::check_segment(&run, from, q.at, &g.only(fields)).map(Reply::Segment)
            }
            (Ask::State { side }, Guess::State(s)) => {
                Some(Reply::State(quiz::check_state(&run, side, q.at, s)))
            }
            (Ask::CallReturn { side }, Guess::Call(o)) => {
                quiz::check_call_return(&run, side, q.at, o).map(|(a, c)| Reply::Call(a, c))
            }
            _ => return,
        };
        let reply = reply.unwrap_or(Reply::Nothing);
        let right = u32::from(reply.right());
        q.reply = Some(reply);
        if q.predict {
            self.learn.predicted.0 += right;
            self.learn.predicted.1 += 1;
        } else if let Some(g) = self.learn.guide.as_mut() {
            g.right += right;
            g.asked += 1;
        }
    }

    /// Applies a learn panel's action.
    pub(super) fn act_learn(&mut self, action: LearnAction) {
        match action {
            LearnAction::TogglePredict => self.learn.predict = !self.learn.predict,
            LearnAction::Answer(guess) => self.answer(guess),
            LearnAction::Continue => {
                if let Some(q) = self.learn.question.filter(|q| q.predict && q.reply.is_some()) {
                    self.learn.question = None;
                    self.playhead.playing = q.resume;
                    // Stepping, not playing: on to the instant the segment
                    // leaves, so the learner sees the answer drawn.
                    if let (false, Some(Reply::Segment(f))) = (q.resume, q.reply) {
                        let sent = self.lesson.run.segment(f.segment).map(|s| s.sent_at);
                        self.playhead.moment = sent.map_or(self.moment(), Moment::At);
                    }
                }
            }
            LearnAction::OpenLesson(id) => {
                let Some(guided) = lesson::lesson(id) else { return };
                self.start_lesson(Lesson::builtin(guided.scenario));
                self.learn.attempt = None;
                self.learn.guide = Some(Guide {
                    lesson: guided,
                    step: 0,
                    right: 0,
                    asked: 0,
                });
                self.enter_step(0);
            }
            LearnAction::GoToStep(n) => {
                let Some(g) = self.learn.guide else { return };
                if n == g.step || (n == g.step + 1 && self.step_done()) {
                    self.enter_step(n);
                }
            }
            LearnAction::CloseLesson => {
                self.learn.guide = None;
                self.learn.question = self.learn.question.filter(|q| q.predict);
            }
            LearnAction::OpenChallenge(id) => {
                let Some(c) = challenge::challenge(id) else { return };
                self.start_lesson(challenge_lesson(c, Vec::new()));
                // Free mode's clock runs; a challenge waits for the learner's first move.
                self.playhead.playing = false;
                self.learn.guide = None;
                self.learn.question = None;
                self.learn.attempt = Some(Attempt {
                    id: c.id,
                    proof: None,
                    shown: false,
                });
                self.refresh_attempt(true);
            }
            LearnAction::CloseChallenge => self.learn.attempt = None,
            LearnAction::ResetProgress => self.learn.progress = Progress::default(),
        }
    }

    /// After every action: a new scenario ends the lesson and the
    /// challenge; playing on skips an open prediction; time moving forward
    /// may stop at the next segment (Predict); a changed run is checked
    /// against the challenge again.
    pub(super) fn settle(&mut self, old: &Store, action: &Action) {
        let kind = match Kind::of(action) {
            Kind::Capture if self.lesson.run != old.lesson.run => Kind::Switch,
            Kind::Capture => Kind::Other,
            kind => kind,
        };
        let moved = self.moment() != old.moment();
        if kind == Kind::Switch {
            self.learn.guide = None;
            self.learn.attempt = None;
            self.learn.question = None;
        }
        let open_prediction = self.learn.question.is_some_and(|q| q.predict);
        let skipped = kind == Kind::Play && self.playhead.playing;
        if open_prediction && (skipped || (moved && matches!(kind, Kind::Other | Kind::Switch))) {
            self.learn.question = None;
        }
        if moved && kind != Kind::Forward {
            self.learn.asked_at = None;
        }
        if kind == Kind::Forward {
            self.predict_stop(old.moment(), old.playhead.playing);
        }
        self.refresh_attempt(self.lesson.run != old.lesson.run);
    }
}

impl Store {
    /// This store with the progress kept in the browser (plus the challenge
    /// a link opened already solved).
    pub fn with_progress(mut self, progress: Progress) -> Store {
        let solved = self.learn.attempt.as_ref().filter(|a| a.shown).map(|a| a.id);
        self.learn.progress = progress;
        if let Some(id) = solved {
            self.learn.progress.solve(id);
        }
        self
    }
}

/// Starts what a teacher's link asks for: a guided lesson at its first
/// step, or a challenge (its run, with the link's actions, already built).
pub fn from_config(store: &mut Store, guided: Option<&'static Guided>, attempt: Option<&'static str>) {
    if let Some(id) = attempt {
        store.playhead.playing = false;
        store.learn.attempt = Some(Attempt {
            id,
            proof: None,
            shown: false,
        });
        store.refresh_attempt(true);
    } else if let Some(lesson) = guided {
        store.learn.guide = Some(Guide {
            lesson,
            step: 0,
            right: 0,
            asked: 0,
        });
        store.enter_step(0);
    }
}

#[cfg(test)]
#[path = "learn_tests.rs"]
mod tests;
