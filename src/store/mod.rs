//! The widget's one store: a Yew reducer around the model's simulation,
//! split by concern:
//! - [`Lesson`]: the scenario and its run (with the learner's drops and
//!   calls), simulated to its end;
//! - [`Playhead`]: the moment shown, playing or not, speed, selection;
//! - [`Prefs`]: language, explanation mode, analogy, colours, compactness, motion;
//! - [`Learn`]: predictions, the guided lesson, the challenge, progress;
//! - notices for the learner, and which languages' texts have arrived.
//!
//! One [`Action`] per learner intent. The store decides no TCP rule: drops
//! and socket calls go to the model, which answers. The mapping from a
//! host's configuration to a store and back (share links) is in `link.rs`.

mod action;
mod capture;
mod capture_flow;
pub mod learn;
mod learn_flow;
mod lesson;
pub mod link;
mod notice;
mod playhead;
mod prefs;
pub mod progress;
pub mod settled;
mod shared;

use std::rc::Rc;

use tcp_model::sim::ActionError;
use tcp_model::view::Moment;
use tcp_model::Time;
use yew::prelude::*;

pub use crate::config::{Scheme, Speed};
pub use action::Action;
pub use capture::Opened;
pub use learn::{Guess, Learn, LearnAction};
pub use lesson::{free_scenario, Lesson, DEFAULT_SCENARIO, RUN_LIMIT};
pub use notice::Notice;
pub use playhead::Playhead;
pub use prefs::Prefs;
pub use shared::Shared;

use crate::layout::{advance, TimeAxis};

/// Everything a widget shows, by concern.
#[derive(Clone, Debug, PartialEq)]
pub struct Store {
    /// The scenario and its run.
    pub lesson: Shared<Lesson>,
    /// The moment shown and the clock.
    pub playhead: Playhead,
    /// How it speaks and looks.
    pub prefs: Prefs,
    /// Messages for the learner (a refused drop, a parameter not understood).
    pub notices: Vec<Notice>,
    /// Which languages' texts this widget has been told are here (indexed like
    /// `Lang::ALL`): a widget redraws when texts arrive, whoever fetched them.
    pub texts_ready: [bool; 2],
    /// Something shown needs the deferred texts (see [`Action::WantMore`]).
    pub more_wanted: bool,
    /// Which languages' deferred texts this widget has been told are here.
    pub more_ready: [bool; 2],
    /// Predictions, the guided lesson, the challenge, progress.
    pub learn: Learn,
    /// The run's events whose narration lines have their details open (a
    /// handful: a list). Kept here, not in the line, so a line stays open
    /// when it moves from "now" to the log; a new run starts all closed.
    pub details_open: Vec<usize>,
}

impl Store {
    /// A store showing `lesson` from its start.
    pub fn new(lesson: Lesson, prefs: Prefs) -> Store {
        Store {
            lesson: Shared::new(lesson),
            playhead: Playhead::default(),
            prefs,
            notices: Vec::new(),
            texts_ready: [false; 2],
            more_wanted: false,
            more_ready: [false; 2],
            learn: Learn::default(),
            details_open: Vec::new(),
        }
    }

    /// The moment shown.
    pub fn moment(&self) -> Moment {
        self.playhead.moment
    }

    /// The virtual time shown.
    pub fn now(&self) -> Time {
        self.playhead.now()
    }

    /// The end of the timeline: the run's last event (or now, in free mode,
    /// whose clock keeps running).
    pub fn end(&self) -> Time {
        let last = self.lesson.last_event_time();
        if self.lesson.free {
            last.max(self.now())
        } else {
            last
        }
    }

    /// The time axis as drawn now (free mode's grows with its clock).
    pub fn axis(&self) -> TimeAxis {
        self.lesson.axis.with_end(self.end())
    }

    /// The run is over and nothing more will happen.
    pub fn at_end(&self) -> bool {
        !self.lesson.free && self.now() >= self.end()
    }

    /// Whether the texts of the language in use have arrived.
    pub fn has_texts(&self) -> bool {
        self.texts_ready.iter().any(|r| *r)
    }

    fn set_lesson(&mut self, lesson: Lesson) {
        self.lesson = Shared::new(lesson);
        self.details_open.clear();
    }

    /// Shows a notice, replacing an earlier one of its kind (a refused
    /// action, a capture that could not be opened).
    fn notify(&mut self, notice: Notice) {
        let kind = std::mem::discriminant(&notice);
        self.notices.retain(|n| std::mem::discriminant(n) != kind);
        self.notices.push(notice);
    }

    /// Applies a learner's drop or call, or says why the model refused it.
    fn learner_acts(
        &mut self,
        action: impl FnOnce(&mut tcp_model::Simulation) -> Result<(), ActionError>,
    ) -> bool {
        match self.lesson.act(self.moment(), action) {
            Ok(lesson) => {
                self.set_lesson(lesson);
                self.notices.retain(|n| !matches!(n, Notice::Refused(_)));
                true
            }
            Err(e) => {
                self.notify(Notice::Refused(e));
                false
            }
        }
    }

    /// Keeps a locked lesson inside its range (pausing at its end).
    fn clamp_to_range(&mut self) {
        if let Some((lo, hi)) = self.lesson.range {
            let m = self.moment();
            if m < lo {
                self.playhead.moment = lo;
            } else if m > hi {
                self.playhead.moment = hi;
                self.playhead.playing = false;
            } else if m == hi && self.playhead.playing && !self.lesson.free {
                self.playhead.playing = false;
            }
        }
    }

    /// A new lesson from its start, keeping the learner's preferences and speed.
    fn start_lesson(&mut self, lesson: Lesson) {
        let playing = lesson.free;
        self.set_lesson(lesson);
        self.playhead = Playhead {
            speed: self.playhead.speed,
            playing,
            moment: self.lesson.range.map_or(Moment::Start, |r| r.0),
            selected: None,
            hovered: None,
            dwell_ms: 0.0,
        };
    }

    fn tick(&mut self, wall_ms: f64) {
        // Reduced motion: nothing glides; the moment jumps from one event to
        // the next, each shown for a while.
        if self.prefs.reduced_motion && !self.lesson.free {
            self.playhead.dwell_ms += wall_ms * self.playhead.speed.factor();
            if self.playhead.dwell_ms < playhead::REDUCED_MOTION_DWELL_MS {
                return;
            }
            self.playhead.dwell_ms = 0.0;
            let next = match self.moment() {
                Moment::Start => Some(Time::ZERO),
                Moment::At(t) => self.lesson.next_time(t),
            };
            match next {
                Some(t) if t < self.end() => self.playhead.moment = Moment::At(t),
                _ => {
                    self.playhead.moment = Moment::At(self.end());
                    self.playhead.playing = false;
                }
            }
            return;
        }
        let now = advance(&self.axis(), self.now(), wall_ms, self.playhead.speed.factor());
        let end = self.end();
        if !self.lesson.free && now >= end {
            self.playhead.moment = Moment::At(end);
            self.playhead.playing = false;
        } else {
            self.playhead.moment = Moment::At(now);
        }
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick(_)) && !self.playhead.playing {
            return self;
        }
        let mut s = (*self).clone();
        let done = action.clone();
        match action {
            Action::Tick(wall_ms) => s.tick(wall_ms),
            Action::TogglePlay => {
                let at_range_end = s.lesson.range.is_some_and(|(_, hi)| s.moment() >= hi);
                if (s.at_end() || at_range_end) && !s.playhead.playing {
                    s.playhead.moment = s.lesson.range.map_or(Moment::Start, |r| r.0);
                }
                s.playhead.playing = !s.playhead.playing;
            }
            Action::Pause => s.playhead.playing = false,
            Action::StepForward => {
                s.playhead.playing = false;
                s.playhead.moment = Moment::At(match s.moment() {
                    Moment::Start => Time::ZERO,
                    Moment::At(t) => s.lesson.next_time(t).unwrap_or_else(|| s.end()),
                });
            }
            Action::StepBack => {
                s.playhead.playing = false;
                s.playhead.moment = match s.moment() {
                    Moment::At(t) => s.lesson.previous_time(t).map_or(Moment::Start, Moment::At),
                    Moment::Start => Moment::Start,
                };
            }
            Action::Seek(t) => s.playhead.moment = Moment::At(t.min(s.end())),
            Action::SetSpeed(speed) => s.playhead.speed = speed,
            Action::Restart => {
                s.playhead.playing = s.lesson.free;
                s.playhead.moment = s.lesson.range.map_or(Moment::Start, |r| r.0);
                s.playhead.selected = None;
            }
            Action::Undo => {
                if let Some((lesson, at)) = s.lesson.undone() {
                    s.set_lesson(lesson);
                    // Back to when it was done: the segment flies again.
                    s.playhead.moment = s.moment().min(Moment::At(at));
                    s.playhead.playing = false;
                }
            }
            Action::ForgetActions => {
                let fresh = s.lesson.restarted();
                s.start_lesson(fresh);
            }
            Action::PickScenario(name) => s.start_lesson(Lesson::builtin(name)),
            Action::FreeMode => s.start_lesson(Lesson::free(Vec::new())),
            Action::Drop(id) => {
                if s.learner_acts(|sim| sim.drop_segment(id)) {
                    s.playhead.selected = Some(id);
                }
            }
            Action::Call(side, call) => {
                s.learner_acts(|sim| sim.call(side, call));
            }
            Action::Select(id) => s.playhead.selected = id,
            Action::Hover(id) => {
                if s.playhead.hovered == id {
                    return self;
                }
                s.playhead.hovered = id;
            }
            Action::SetLang(lang) => s.prefs.lang = lang,
            Action::SetMode(mode) => s.prefs.mode = mode,
            Action::SetAnalogy(analogy) => s.prefs.analogy = analogy,
            Action::DismissNotice => s.notices.clear(),
            Action::ContentReady(lang) => s.texts_ready[lang as usize] = true,
            Action::WantMore => s.more_wanted = true,
            Action::MoreReady(lang) => s.more_ready[lang as usize] = true,
            Action::Learn(a) => s.act_learn(a),
            Action::OpenCapture {
                name,
                bytes,
                unpacked,
            } => s.open_capture(name, &bytes, unpacked),
            Action::CaptureFailed { name, error } => s.notify(Notice::Capture { name, error }),
            Action::PickStream(index) => s.pick_stream(index),
            Action::ToggleDetails(event) => match s.details_open.iter().position(|&e| e == event) {
                Some(at) => _ = s.details_open.swap_remove(at),
                None => s.details_open.push(event),
            },
            Action::ContentFailed { lang, why } => {
                let notice = Notice::ContentFailed { lang, why };
                if !s.notices.contains(&notice) {
                    s.notices.push(notice);
                }
            }
        }
        s.clamp_to_range();
        s.settle(&self, &done);
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::{Call, Fate, SegmentId, Side, State};

    use crate::narration::{Analogy, Mode};
    use crate::text::Lang;

    // Here rather than beside `new`: test code, used by every store test.
    impl Store {
        /// A store showing a built-in scenario (tests).
        pub fn builtin(name: &str, lang: Lang) -> Store {
            Store::new(
                Lesson::builtin(name),
                Prefs {
                    lang,
                    ..Prefs::default()
                },
            )
        }
    }

    fn apply(store: Store, actions: &[Action]) -> Rc<Store> {
        actions.iter().fold(Rc::new(store), |s, a| s.reduce(a.clone()))
    }

    #[test]
    fn stepping_visits_each_event_time_and_back() {
        let start = Store::builtin("handshake-and-close", Lang::En);
        assert_eq!(start.moment(), Moment::Start);
        let s = apply(start, &[Action::StepForward]);
        assert_eq!(s.moment(), Moment::At(Time(0)), "connect() and the SYN");
        let s = s.reduce(Action::StepForward);
        assert_eq!(s.now(), Time(100), "SYN arrives at the server");
        let s = s.reduce(Action::StepBack).reduce(Action::StepBack);
        assert_eq!(s.moment(), Moment::Start);
    }

    #[test]
    fn playing_advances_and_stops_at_the_end() {
        let mut s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::TogglePlay],
        );
        assert!(s.playhead.playing);
        for _ in 0..2_000 {
            s = s.reduce(Action::Tick(50.0));
        }
        assert_eq!(s.now(), s.lesson.run.last_event_time());
        assert!(!s.playhead.playing, "the clock stops at the end of the run");
    }

    #[test]
    fn a_paused_tick_returns_the_same_store() {
        let s = Rc::new(Store::builtin("handshake-and-close", Lang::En));
        assert!(Rc::ptr_eq(&s, &s.clone().reduce(Action::Tick(16.0))));
    }

    #[test]
    fn details_stay_open_while_playing_and_close_with_a_new_run() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::ToggleDetails(2),
                Action::ToggleDetails(5),
                Action::Seek(Time(50)),
            ],
        );
        assert_eq!(
            s.details_open,
            vec![2, 5],
            "open until closed, whatever the moment"
        );
        let s = s.reduce(Action::ToggleDetails(2));
        assert_eq!(s.details_open, vec![5], "a second press closes");
        // A drop makes a new run, whose events may not be the old ones.
        let s = s.reduce(Action::Drop(SegmentId(0)));
        assert!(s.details_open.is_empty());
        let s = apply(
            (*s).clone(),
            &[Action::ToggleDetails(1), Action::PickScenario("syn-flood")],
        );
        assert!(s.details_open.is_empty(), "another scenario starts closed");
    }

    #[test]
    fn dropping_the_first_syn_makes_the_model_retransmit_it() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::Seek(Time(50))],
        );
        let s = s.reduce(Action::Drop(SegmentId(0)));
        let run = &s.lesson.run;
        assert!(matches!(run.segments()[0].fate, Fate::Dropped { .. }));
        let rtx = &run.segments()[1];
        assert!(rtx.retransmission() && rtx.header.flags.syn());
        assert_eq!(run.state_at(Side::Client, run.last_event_time()), State::Closed);
        // Stepping back before the drop shows the SYN in flight again, and the
        // drop is replayed when time passes it.
        let back = s.reduce(Action::Seek(Time(20)));
        assert!(back.lesson.run.segments()[0].status_at(Time(20)) != tcp_model::view::SegmentStatus::Arrived);
    }

    #[test]
    fn a_drop_of_a_segment_not_in_flight_is_refused_with_a_notice() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::Seek(Time(150))],
        );
        let s = s.reduce(Action::Drop(SegmentId(0)));
        assert!(matches!(s.notices.as_slice(), [Notice::Refused(ActionError::NotInFlight(id))] if id.0 == 0));
    }

    #[test]
    fn free_mode_runs_the_learners_calls() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::FreeMode,
                Action::Call(Side::Server, Call::Listen),
                Action::Call(Side::Client, Call::Connect),
            ],
        );
        assert!(s.lesson.free);
        let first = &s.lesson.run.segments()[0];
        assert!(first.header.flags.syn());
        assert_eq!(s.lesson.run.state_at(Side::Client, Time(300)), State::Established);
    }

    #[test]
    fn free_modes_clock_runs_on_at_a_cost_that_does_not_grow() {
        let mut s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::FreeMode],
        );
        assert!(s.playhead.playing);
        for _ in 0..20_000 {
            s = s.reduce(Action::Tick(16.0));
        }
        // 20,000 frames of 16 ms: over 5 minutes of wall time.
        assert!(s.now() > Time(20_000), "{:?}", s.now());
        assert_eq!(s.axis().gaps().count(), 1, "the idle tail is one compressed gap");
    }

    #[test]
    fn preferences_survive_playing_dropping_restarting_and_switching() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::SetMode(Mode::Analogy),
                Action::SetAnalogy(Analogy::Phone),
                Action::SetSpeed(Speed::Two),
                Action::Seek(Time(50)),
                Action::Drop(SegmentId(0)),
                Action::TogglePlay,
                Action::Tick(500.0),
                Action::StepForward,
            ],
        );
        for action in [
            Action::Restart,
            Action::PickScenario("lost-syn"),
            Action::FreeMode,
            Action::SetLang(Lang::Zh),
        ] {
            let after = s.clone().reduce(action.clone());
            assert_eq!(
                (after.prefs.mode, after.prefs.analogy, after.playhead.speed),
                (Mode::Analogy, Analogy::Phone, Speed::Two),
                "{action:?} must keep the learner's choices"
            );
        }
    }

    #[test]
    fn restart_keeps_the_learners_drops_undo_and_forget_take_them_back() {
        let dropped = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::Seek(Time(50)),
                Action::Drop(SegmentId(0)),
                Action::Restart,
            ],
        );
        assert_eq!(dropped.moment(), Moment::Start);
        assert!(
            dropped.lesson.run.segments()[0].dropped(),
            "restart replays the drop"
        );
        let undone = apply((*dropped).clone(), &[Action::Seek(Time(300)), Action::Undo]);
        assert!(!undone.lesson.run.segments()[0].dropped(), "undo takes it back");
        assert_eq!(
            undone.moment(),
            Moment::At(Time(50)),
            "back to when it was dropped"
        );
        let forgotten = apply((*dropped).clone(), &[Action::ForgetActions]);
        assert!(forgotten.lesson.run.actions().is_empty());
        assert_eq!(forgotten.moment(), Moment::Start);
    }
}
