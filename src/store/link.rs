//! Between a host's configuration and a store, both ways: the widget a page
//! (or a share link) asks for ([`from_config`]), and the configuration that
//! reproduces what a store shows ([`config_of`], which the Share button turns
//! into a link). A test checks that every built-in scenario, with drops,
//! survives the round trip.

use tcp_model::view::Moment;
use tcp_model::Time;

use tcp_model::learn::challenge;
use tcp_model::learn::lesson;

use super::{learn_flow, Lesson, Notice, Playhead, Prefs, Store};
use crate::config::{self, Config, ScenarioChoice};
use crate::text::Lang;

/// A store set up as a host asked (`config`), with notices for what it could
/// not honour. `lang` is the language to use when the host did not say.
pub fn from_config(config: &Config, notices: &[config::Notice], lang: Lang, reduced_motion: bool) -> Store {
    let actions = config.actions.clone();
    // A teacher's link to a challenge or a guided lesson names its scenario.
    let challenge = config.challenge.and_then(challenge::challenge);
    let guided = config
        .lesson
        .and_then(lesson::lesson)
        .filter(|_| challenge.is_none());
    let scenario = match guided {
        Some(g) => Some(ScenarioChoice::Builtin(g.scenario)),
        None => config.scenario.clone(),
    };
    let mut lesson = if let Some(c) = challenge {
        learn_flow::challenge_lesson(c, actions)
    } else {
        match &scenario {
            Some(ScenarioChoice::Custom(s)) => Lesson::new((**s).clone(), actions, None, false),
            Some(ScenarioChoice::Free) => Lesson::free(actions),
            Some(ScenarioChoice::Builtin(name)) => {
                let b = Lesson::builtin(name);
                Lesson::new((*b.scenario).clone(), actions, b.name, false)
            }
            None => {
                let b = Lesson::builtin(super::DEFAULT_SCENARIO);
                Lesson::new((*b.scenario).clone(), actions, b.name, false)
            }
        }
    };
    let mut notices: Vec<Notice> = notices.iter().cloned().map(Notice::Param).collect();
    let steps = lesson.times.len();
    let too_far = |param: &'static str, value: String| Notice::ParamTooFar {
        param,
        value,
        max: format!("0–{steps}"),
    };
    if let Some((from, to)) = config.range {
        match (lesson.step_moment(from), lesson.step_moment(to)) {
            (Some(lo), Some(hi)) => lesson.range = Some((lo, hi)),
            _ => notices.push(too_far("range", format!("{from}-{to}"))),
        }
    }
    let end = lesson.last_event_time().0;
    let start = match (config.step, config.time_ms) {
        (Some(k), _) => lesson.step_moment(k).or_else(|| {
            notices.push(too_far("step", k.to_string()));
            None
        }),
        (None, Some(t)) if t <= end || lesson.free => Some(Moment::At(Time(t))),
        (None, Some(t)) => {
            notices.push(Notice::ParamTooFar {
                param: "t",
                value: t.to_string(),
                max: format!("0–{end} ms"),
            });
            None
        }
        (None, None) => None,
    };
    let moment = start.or(lesson.range.map(|r| r.0)).unwrap_or(Moment::Start);
    let free = lesson.free;
    let mut store = Store::new(
        lesson,
        Prefs {
            lang: config.lang.unwrap_or(lang),
            mode: config.mode.unwrap_or_default(),
            analogy: config.analogy.unwrap_or_default(),
            scheme: config.scheme,
            compact: config.compact,
            reduced_motion,
        },
    );
    store.notices = notices;
    store.playhead = Playhead {
        moment,
        playing: config.autoplay || free,
        speed: config.speed.unwrap_or_default(),
        selected: None,
        hovered: None,
        dwell_ms: 0.0,
    };
    store.clamp_to_range();
    learn_flow::from_config(&mut store, guided, challenge.map(|c| c.id));
    store
}

/// The configuration that reproduces what `store` shows.
pub fn config_of(store: &Store) -> Config {
    let lesson = &store.lesson;
    let scenario = if lesson.free {
        ScenarioChoice::Free
    } else if let Some(name) = lesson.name {
        ScenarioChoice::Builtin(name)
    } else {
        ScenarioChoice::Custom(Box::new((*lesson.scenario).clone()))
    };
    let (step, time_ms) = match lesson.step_of(store.moment()) {
        Some(k) => (Some(k), None),
        None => (None, Some(store.now().0)),
    };
    let range = lesson
        .range
        .and_then(|(lo, hi)| Some((lesson.step_of(lo)?, lesson.step_of(hi)?)));
    Config {
        scenario: Some(scenario),
        actions: lesson.run.actions().to_vec(),
        lang: Some(store.prefs.lang),
        mode: Some(store.prefs.mode),
        analogy: Some(store.prefs.analogy),
        step,
        time_ms,
        autoplay: false,
        speed: Some(store.playhead.speed),
        scheme: store.prefs.scheme,
        compact: store.prefs.compact,
        range,
        // A shared link opens the full page, not the iframe's view of it.
        embed: false,
        lesson: store.learn.guide.map(|g| g.lesson.id),
        challenge: store.learn.attempt.as_ref().map(|a| a.id),
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;

    use tcp_model::library::BUILTINS;
    use tcp_model::view::SegmentStatus;
    use yew::Reducible;

    use super::*;
    use crate::store::{Action, Speed};

    /// Reads a link's query back the way a page would.
    fn reopen(store: &Store) -> Store {
        let query = config_of(store).to_query();
        let (config, notices) = Config::from_url(&format!("?{query}"), "");
        assert!(notices.is_empty(), "{query}: {notices:?}");
        from_config(&config, &[], Lang::En, false)
    }

    /// What a learner sees of a store: the run's segments and fates, the moment, the choices.
    fn seen(store: &Store) -> impl PartialEq + std::fmt::Debug {
        let run = &store.lesson.run;
        (
            run.segments()
                .iter()
                .map(|s| (s.header, s.fate))
                .collect::<Vec<_>>(),
            store.moment(),
            store.prefs,
            store.playhead.speed,
            store.lesson.name,
        )
    }

    #[test]
    fn every_builtin_with_a_drop_survives_the_share_link() {
        for b in BUILTINS {
            let mut s = Rc::new(from_config(
                &Config {
                    scenario: Some(ScenarioChoice::Builtin(b.name)),
                    ..Config::default()
                },
                &[],
                Lang::Zh,
                false,
            ));
            s = s.reduce(Action::SetSpeed(Speed::Two));
            // Step until something is in flight and drop it.
            for _ in 0..200 {
                s = s.reduce(Action::StepForward);
                let flying = s
                    .lesson
                    .run
                    .segments()
                    .iter()
                    .find(|seg| matches!(seg.status_at(s.moment()), SegmentStatus::InFlight { .. }))
                    .map(|seg| seg.id);
                if let Some(id) = flying {
                    s = s.reduce(Action::Drop(id));
                    break;
                }
            }
            assert!(!s.lesson.run.actions().is_empty(), "{}: a drop was made", b.name);
            s = s.reduce(Action::StepForward).reduce(Action::StepForward);
            let back = reopen(&s);
            assert_eq!(seen(&back), seen(&s), "{}", b.name);
        }
    }

    #[test]
    fn free_mode_and_custom_scenarios_survive_too() {
        let free = Rc::new(from_config(
            &Config {
                scenario: Some(ScenarioChoice::Free),
                ..Config::default()
            },
            &[],
            Lang::En,
            false,
        ))
        .reduce(Action::Call(tcp_model::Side::Server, tcp_model::Call::Listen))
        .reduce(Action::Call(tcp_model::Side::Client, tcp_model::Call::Connect))
        .reduce(Action::Pause);
        let back = reopen(&free);
        assert_eq!(back.lesson.run.segments().len(), free.lesson.run.segments().len());
        assert!(back.lesson.free);

        let (config, notices) = Config::parse([(
            "scenario",
            "client | connect, close\nserver | listen, accept, recv eof, close",
        )]);
        assert!(notices.is_empty());
        let custom = from_config(&config, &[], Lang::En, false);
        assert_eq!(seen(&reopen(&custom)), seen(&custom));
    }
}
