//! The widget's one store: a Yew reducer around the model's simulation.
//!
//! The store keeps the run simulated to its end (the model is deterministic
//! and fast, so any learner action simply replays the scenario with that
//! action added) and the current moment `now`; components show the run "as
//! of" `now`. One `Action` per learner intent. The store decides no TCP
//! rule: drops and socket calls go to the model, which answers.

use std::rc::Rc;

use tcp_model::library;
use tcp_model::scenario::{EndpointSpec, Scenario};
use tcp_model::sim::ActionError;
use tcp_model::view::Moment;
use tcp_model::{Call, SegmentId, Side, Simulation, Time};
use yew::prelude::*;

use crate::config::{self, Config, ScenarioChoice, UiTheme};
use crate::layout::{TimeAxis, PX_PER_MS};
use crate::narration::{Mode, Theme};
use crate::text::Lang;

/// How far a run is simulated at most (virtual time).
pub const RUN_LIMIT: Time = Time(600_000);
/// At 1× speed the timeline scrolls this many pixels per second, so a 100 ms
/// flight (120 px) takes about a second and a compressed wait passes quickly.
pub const PX_PER_SECOND: f64 = 110.0;
/// Speeds offered (the issue asks for at least 0.25× to 4×).
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 1.5, 2.0, 4.0];
/// How the speeds are written (no float formatting needed at run time).
pub const SPEED_LABELS: [&str; 6] = ["0.25×", "0.5×", "1×", "1.5×", "2×", "4×"];
/// The scenario a widget starts with.
pub const DEFAULT_SCENARIO: &str = "handshake-and-close";

/// What the learner can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Wall-clock milliseconds passed while playing (from the clock hook).
    Tick(f64),
    TogglePlay,
    Pause,
    StepForward,
    StepBack,
    Seek(Time),
    SetSpeed(f64),
    /// Back to time 0 with the learner's drops and calls forgotten.
    Restart,
    PickScenario(&'static str),
    /// An empty scenario in which the learner makes every socket call.
    FreeMode,
    /// Drop the segment on the wire now.
    Drop(SegmentId),
    Select(Option<SegmentId>),
    /// A socket call issued by the learner (free mode).
    Call(Side, Call),
    SetLang(Lang),
    /// Technical explanation or analogy (kept while the learner plays, drops or switches scenario).
    SetMode(Mode),
    /// The analogy's theme (kept likewise).
    SetTheme(Theme),
    DismissNotice,
    /// A language's content file arrived: render again with its texts.
    ContentReady,
    /// A language's content file could not be loaded (why, for the notice).
    ContentFailed(String),
}

/// A polite message for the learner, shown until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A host parameter was not understood.
    Param(config::Notice),
    /// A step or time parameter lies beyond the lesson (`max` is its extent).
    ParamTooFar {
        param: &'static str,
        value: String,
        max: String,
    },
    /// The model refused a learner's action.
    Refused(ActionError),
    /// A language's texts could not be loaded (the widget keeps the other
    /// language, if it has it).
    ContentFailed(String),
}

#[derive(Clone, Debug)]
pub struct Store {
    /// The scenario as chosen (without the learner's actions).
    pub scenario: Rc<Scenario>,
    /// Its built-in name, if it is one.
    pub scenario_name: Option<&'static str>,
    /// The scenario plus the learner's actions, simulated to the end.
    pub run: Rc<Simulation>,
    pub axis: Rc<TimeAxis>,
    pub now: Time,
    /// Time has started: before it, the view shows the set-up only (a closed
    /// client, a listening server), even though both are at time 0.
    pub started: bool,
    pub playing: bool,
    pub speed: f64,
    pub selected: Option<SegmentId>,
    pub free: bool,
    pub lang: Lang,
    /// How the narration explains: technically or through an analogy.
    pub mode: Mode,
    pub theme: Theme,
    /// Messages for the learner (a refused drop, a parameter not understood).
    pub notices: Vec<Notice>,
    /// A lesson locked to a stretch of steps (from the host's `range`).
    pub range: Option<(Moment, Moment)>,
    pub ui_theme: UiTheme,
    pub compact: bool,
    /// The learner asked for less motion: segments jump instead of gliding.
    pub reduced_motion: bool,
    /// Bumped when a content file arrives (memoised narration depends on it).
    pub content_version: u32,
}

/// Two stores are equal when they show the same run (the same `Rc`) in the
/// same way; runs are never compared by value (components re-render when the
/// store's `Rc<Simulation>` changes, which it does on every learner action).
impl PartialEq for Store {
    fn eq(&self, other: &Store) -> bool {
        Rc::ptr_eq(&self.run, &other.run)
            && Rc::ptr_eq(&self.axis, &other.axis)
            && Rc::ptr_eq(&self.scenario, &other.scenario)
            && self.scenario_name == other.scenario_name
            && self.now == other.now
            && self.started == other.started
            && self.playing == other.playing
            && self.speed == other.speed
            && self.selected == other.selected
            && self.free == other.free
            && self.lang == other.lang
            && self.mode == other.mode
            && self.theme == other.theme
            && self.notices == other.notices
            && self.range == other.range
            && self.ui_theme == other.ui_theme
            && self.compact == other.compact
            && self.reduced_motion == other.reduced_motion
            && self.content_version == other.content_version
    }
}

/// Simulates a scenario to its end.
fn simulate(scenario: &Scenario) -> Result<Simulation, String> {
    let mut sim = Simulation::new(scenario).map_err(|e| e.to_string())?;
    sim.run_until_finished(RUN_LIMIT);
    Ok(sim)
}

/// The scenario of free mode: two hosts, no programs.
pub fn free_scenario() -> Scenario {
    let host = |isn, mss| EndpointSpec {
        isn,
        mss,
        backlog: 128,
        program: Vec::new(),
    };
    let mut s = library::builtin(DEFAULT_SCENARIO)
        .expect("default scenario exists")
        .scenario();
    s.client = host(1000, 1460);
    s.server = host(8000, 1024);
    s
}

impl Store {
    /// A store showing `scenario` from its start.
    pub fn new(scenario: Scenario, name: Option<&'static str>, lang: Lang) -> Store {
        let run = simulate(&scenario).unwrap_or_else(|_| {
            // Built-ins and checked scenarios always run; this keeps the widget alive regardless.
            simulate(&free_scenario()).unwrap_or_else(|e| unreachable!("free mode always runs: {e}"))
        });
        let axis = TimeAxis::for_run(&run, run.last_event_time());
        Store {
            scenario: Rc::new(scenario),
            scenario_name: name,
            run: Rc::new(run),
            axis: Rc::new(axis),
            now: Time::ZERO,
            started: false,
            playing: false,
            speed: 1.0,
            selected: None,
            free: false,
            lang,
            mode: Mode::default(),
            theme: Theme::default(),
            notices: Vec::new(),
            range: None,
            ui_theme: UiTheme::Auto,
            compact: false,
            reduced_motion: false,
            content_version: 0,
        }
    }

    /// A store set up as a host asked (`config`), with notices for what it
    /// could not honour.
    pub fn from_config(
        config: &Config,
        notices: &[config::Notice],
        lang: Lang,
        reduced_motion: bool,
    ) -> Store {
        let mut store = match &config.scenario {
            Some(ScenarioChoice::Custom(s)) => Store::new(
                Scenario {
                    actions: config.actions.clone(),
                    ..(**s).clone()
                },
                None,
                lang,
            ),
            Some(ScenarioChoice::Free) => {
                let mut free = Store::new(
                    Scenario {
                        actions: config.actions.clone(),
                        ..free_scenario()
                    },
                    None,
                    lang,
                );
                free.free = true;
                free
            }
            choice => {
                let name = match choice {
                    Some(ScenarioChoice::Builtin(name)) => name,
                    _ => DEFAULT_SCENARIO,
                };
                let b = library::builtin(name).unwrap_or(&library::BUILTINS[0]);
                let scenario = Scenario {
                    actions: config.actions.clone(),
                    ..b.scenario()
                };
                let mut store = Store::new(scenario, Some(b.name), lang);
                // The scenario as chosen excludes the learner's actions (Restart forgets them).
                store.scenario = Rc::new(b.scenario());
                store
            }
        };
        store.notices = notices.iter().cloned().map(Notice::Param).collect();
        store.mode = config.mode.unwrap_or_default();
        store.theme = config.analogy.unwrap_or_default();
        if let Some(i) = config.speed {
            store.speed = SPEEDS[i];
        }
        store.ui_theme = config.theme;
        store.compact = config.compact;
        store.reduced_motion = reduced_motion;
        let steps = store.run.event_times().len();
        let too_far = |param: &'static str, value: String| Notice::ParamTooFar {
            param,
            value,
            max: format!("0–{steps}"),
        };
        if let Some((from, to)) = config.range {
            match (store.step_moment(from), store.step_moment(to)) {
                (Some(lo), Some(hi)) => store.range = Some((lo, hi)),
                _ => store.notices.push(too_far("range", format!("{from}-{to}"))),
            }
        }
        let start = match (config.step, config.time_ms) {
            (Some(k), _) => match store.step_moment(k) {
                Some(m) => Some(m),
                None => {
                    store.notices.push(too_far("step", k.to_string()));
                    None
                }
            },
            (None, Some(t)) if t <= store.run.last_event_time().0 || store.free => Some(Moment::At(Time(t))),
            (None, Some(t)) => {
                let end = store.run.last_event_time().0;
                store.notices.push(Notice::ParamTooFar {
                    param: "t",
                    value: t.to_string(),
                    max: format!("0–{end} ms"),
                });
                None
            }
            (None, None) => None,
        };
        if let Some(m) = start.or(store.range.map(|r| r.0)) {
            store.set_moment(m);
        }
        store.clamp_to_range();
        store.playing = config.autoplay || store.free;
        store
    }

    /// The moment of step `k`: 0 is the start, k ≥ 1 the k-th instant with events.
    pub fn step_moment(&self, k: usize) -> Option<Moment> {
        match k {
            0 => Some(Moment::Start),
            k => self.run.event_times().get(k - 1).map(|t| Moment::At(*t)),
        }
    }

    /// The step the current moment is, if it is exactly one.
    pub fn current_step(&self) -> Option<usize> {
        match self.moment() {
            Moment::Start => Some(0),
            Moment::At(t) => self.run.event_times().iter().position(|e| *e == t).map(|i| i + 1),
        }
    }

    fn set_moment(&mut self, m: Moment) {
        match m {
            Moment::Start => {
                self.started = false;
                self.now = Time::ZERO;
            }
            Moment::At(t) => {
                self.started = true;
                self.now = t;
            }
        }
    }

    /// Keeps a locked lesson inside its range (pausing at its end).
    fn clamp_to_range(&mut self) {
        if let Some((lo, hi)) = self.range {
            let m = self.moment();
            if m < lo {
                self.set_moment(lo);
            } else if m > hi {
                self.set_moment(hi);
                self.playing = false;
            } else if m == hi && self.playing && !self.free {
                self.playing = false;
            }
        }
    }

    pub fn builtin(name: &'static str, lang: Lang) -> Store {
        let b = library::builtin(name).unwrap_or(&library::BUILTINS[0]);
        Store::new(b.scenario(), Some(b.name), lang)
    }

    /// The moment shown.
    pub fn moment(&self) -> Moment {
        if self.started {
            Moment::At(self.now)
        } else {
            Moment::Start
        }
    }

    /// The end of the timeline: the run's last event (or now, in free mode).
    pub fn end(&self) -> Time {
        let last = self.run.last_event_time();
        if self.free {
            last.max(self.now)
        } else {
            last
        }
    }

    pub fn at_end(&self) -> bool {
        !self.free && self.now >= self.end()
    }

    /// Carries what the learner chose to see (speed, narration) into a new store.
    fn keeping_choices_of(mut self, old: &Store) -> Store {
        self.speed = old.speed;
        self.mode = old.mode;
        self.theme = old.theme;
        self.ui_theme = old.ui_theme;
        self.compact = old.compact;
        self.reduced_motion = old.reduced_motion;
        self.content_version = old.content_version;
        self
    }

    /// Replaces the run after the learner acted on the simulation at `now`.
    fn with_run(mut self, run: Simulation) -> Store {
        self.axis = Rc::new(TimeAxis::for_run(&run, run.last_event_time().max(self.now)));
        self.run = Rc::new(run);
        self
    }

    /// Shows why the model refused an action (replacing an earlier refusal).
    fn refuse(&mut self, e: ActionError) {
        self.notices.retain(|n| !matches!(n, Notice::Refused(_)));
        self.notices.push(Notice::Refused(e));
    }

    /// The simulation as it stands at `now` (replayed; cheap for these runs).
    pub fn sim_now(&self) -> Simulation {
        self.run.rewind(self.now)
    }

    fn advance(mut self, wall_ms: f64) -> Store {
        let y = self.axis.y(self.now) + wall_ms / 1000.0 * PX_PER_SECOND * self.speed;
        let mut now = self.axis.time_at(y);
        if self.free {
            // Free mode keeps the clock running; the axis grows with it.
            if now <= self.now {
                now = Time(self.now.0 + ((wall_ms / 1000.0 * PX_PER_SECOND * self.speed) / PX_PER_MS) as u64);
            }
            self.now = now;
            self.axis = Rc::new(TimeAxis::for_run(&self.run, self.run.last_event_time().max(now)));
            return self;
        }
        let end = self.end();
        if now >= end {
            now = end;
            self.playing = false;
        }
        self.now = now;
        self
    }
}

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::Tick(wall_ms) => {
                if !s.playing {
                    return self;
                }
                s.started = true;
                s = s.advance(wall_ms);
            }
            Action::TogglePlay => {
                let at_range_end = s.range.is_some_and(|(_, hi)| s.moment() >= hi);
                if (s.at_end() || at_range_end) && !s.playing {
                    s.set_moment(s.range.map_or(Moment::Start, |r| r.0));
                }
                s.playing = !s.playing;
            }
            Action::Pause => s.playing = false,
            Action::StepForward => {
                s.playing = false;
                if !s.started {
                    s.started = true;
                } else if let Some(t) = s.run.event_times().into_iter().find(|t| *t > s.now) {
                    s.now = t;
                } else {
                    s.now = s.end();
                }
            }
            Action::StepBack => {
                s.playing = false;
                match s.run.event_times().into_iter().rev().find(|t| *t < s.now) {
                    Some(t) if s.started => s.now = t,
                    _ => {
                        s.now = Time::ZERO;
                        s.started = false;
                    }
                }
            }
            Action::Seek(t) => {
                s.now = t.min(s.end());
                s.started = true;
            }
            Action::SetSpeed(speed) => s.speed = speed.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Action::Restart => {
                let fresh = if s.free {
                    free_scenario()
                } else {
                    (*s.scenario).clone()
                };
                let mut restarted = Store::new(fresh, s.scenario_name, s.lang).keeping_choices_of(&s);
                restarted.free = s.free;
                restarted.playing = s.free;
                restarted.scenario = s.scenario.clone();
                if let Some((lo, _)) = s.range {
                    restarted.range = s.range;
                    restarted.set_moment(lo);
                }
                return Rc::new(restarted);
            }
            Action::PickScenario(name) => {
                return Rc::new(Store::builtin(name, s.lang).keeping_choices_of(&s));
            }
            Action::FreeMode => {
                let mut free = Store::new(free_scenario(), None, s.lang).keeping_choices_of(&s);
                free.free = true;
                free.playing = true;
                return Rc::new(free);
            }
            Action::Drop(id) => {
                let mut sim = s.sim_now();
                match sim.drop_segment(id.0) {
                    Ok(()) => {
                        sim.run_until_finished(RUN_LIMIT);
                        s = s.with_run(sim);
                        s.selected = Some(id);
                        s.notices.retain(|n| !matches!(n, Notice::Refused(_)));
                    }
                    Err(e) => s.refuse(e),
                }
            }
            Action::Call(side, call) => {
                let mut sim = s.sim_now();
                match sim.call(side, call) {
                    Ok(()) => {
                        sim.run_until_finished(RUN_LIMIT);
                        s = s.with_run(sim);
                        s.notices.retain(|n| !matches!(n, Notice::Refused(_)));
                    }
                    Err(e) => s.refuse(e),
                }
            }
            Action::Select(id) => s.selected = id,
            Action::SetLang(lang) => s.lang = lang,
            Action::SetMode(mode) => s.mode = mode,
            Action::SetTheme(theme) => s.theme = theme,
            Action::DismissNotice => s.notices.clear(),
            Action::ContentReady => s.content_version += 1,
            Action::ContentFailed(why) => {
                let notice = Notice::ContentFailed(why);
                if !s.notices.contains(&notice) {
                    s.notices.push(notice);
                }
                s.content_version += 1;
            }
        }
        s.clamp_to_range();
        Rc::new(s)
    }
}

/// The store as shared with components through a context.
pub type StoreHandle = UseReducerHandle<Store>;

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::sim::Fate;
    use tcp_model::State;

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
        assert_eq!(s.now, Time(100), "SYN arrives at the server");
        let s = s.reduce(Action::StepBack).reduce(Action::StepBack);
        assert_eq!(s.moment(), Moment::Start);
    }

    #[test]
    fn playing_advances_and_stops_at_the_end() {
        let mut s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::TogglePlay],
        );
        assert!(s.playing);
        for _ in 0..2_000 {
            s = s.reduce(Action::Tick(50.0));
        }
        assert_eq!(s.now, s.run.last_event_time());
        assert!(!s.playing, "the clock stops at the end of the run");
    }

    #[test]
    fn dropping_the_first_syn_makes_the_model_retransmit_it() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[Action::Seek(Time(50))],
        );
        let s = s.reduce(Action::Drop(SegmentId(0)));
        assert!(matches!(s.run.segments()[0].fate, Fate::Dropped { .. }));
        let rtx = &s.run.segments()[1];
        assert!(rtx.retransmission && rtx.header.flags.syn());
        assert_eq!(
            s.run.state_at(Side::Client, s.run.last_event_time()),
            State::Closed
        );
        // Stepping back before the drop shows the SYN in flight again, and the
        // drop is replayed when time passes it.
        let back = s.reduce(Action::Seek(Time(20)));
        assert!(back.run.segments()[0].status_at(Time(20)) != tcp_model::view::SegmentStatus::Arrived);
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
        assert!(s.free);
        let first = &s.run.segments()[0];
        assert!(first.header.flags.syn());
        assert_eq!(s.run.state_at(Side::Client, Time(300)), State::Established);
    }

    #[test]
    fn narration_mode_and_theme_survive_playing_dropping_restarting_and_switching() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::SetMode(Mode::Analogy),
                Action::SetTheme(Theme::PhoneCall),
                Action::Seek(Time(50)),
                Action::Drop(SegmentId(0)),
                Action::TogglePlay,
                Action::Tick(500.0),
                Action::StepForward,
            ],
        );
        assert_eq!((s.mode, s.theme), (Mode::Analogy, Theme::PhoneCall));
        for action in [
            Action::Restart,
            Action::PickScenario("lost-syn"),
            Action::FreeMode,
            Action::SetLang(Lang::Zh),
        ] {
            let after = s.clone().reduce(action.clone());
            assert_eq!(
                (after.mode, after.theme),
                (Mode::Analogy, Theme::PhoneCall),
                "{action:?} must keep the narration choices"
            );
        }
        let technical = s.reduce(Action::SetMode(Mode::Technical));
        assert_eq!(technical.mode, Mode::Technical);
        assert_eq!(
            technical.theme,
            Theme::PhoneCall,
            "the theme is remembered for later"
        );
    }

    #[test]
    fn restart_forgets_the_learners_drops() {
        let s = apply(
            Store::builtin("handshake-and-close", Lang::En),
            &[
                Action::Seek(Time(50)),
                Action::Drop(SegmentId(0)),
                Action::Restart,
            ],
        );
        assert_eq!(s.now, Time::ZERO);
        assert!(!s.run.segments()[0].dropped());
    }
}
