//! The narration: what happened at each moment, told technically (with the
//! run's own numbers) or through an analogy. This module turns the model's
//! events into sentences; which sentence is said for which event is decided
//! by the event the model reports, never by a TCP rule of its own.

mod analogy_keys;
mod choose;
pub mod dives;
pub mod keys;
pub mod learn;
mod values;

use tcp_model::view::Moment;
use tcp_model::{Side, Simulation};

use crate::text::Lang;
pub use choose::{beat_for, lines_for};
pub use dives::DeepDive;
pub use keys::{side_name, Analogy, Beat, Line, Mode, Say};
use values::values_for;

/// One sentence of narration, about one event.
#[derive(Clone, Debug, PartialEq)]
pub struct Said {
    /// Index of the event in the run's log.
    pub event: usize,
    /// When it happened.
    pub at: tcp_model::Time,
    /// Where it happened (`None`: on the wire).
    pub side: Option<Side>,
    /// The headline: one short sentence (several lines of one event joined).
    pub text: String,
    /// More on it, shown on demand (empty when there is nothing more).
    pub details: String,
}

impl Said {
    /// Headline and details together, as a screen reader or a test reads them.
    pub fn full(&self) -> String {
        if self.details.is_empty() {
            self.text.clone()
        } else {
            format!("{}\n{}", self.text, self.details)
        }
    }
}

/// Everything said about the whole run, in order. What is said about an event
/// never depends on the moment shown, so a view can narrate a run once and
/// show the part [`said_until`] a moment.
pub fn narrate_all(run: &Simulation, lang: Lang, mode: Mode, analogy: Analogy) -> Vec<Said> {
    narrate(run, Moment::At(tcp_model::Time(u64::MAX)), lang, mode, analogy)
}

/// How many of `said` (a whole run's narration) have been said by `moment`.
pub fn said_until(said: &[Said], run: &Simulation, moment: Moment) -> usize {
    let happened = run.events_until(moment).len();
    said.partition_point(|s| s.event < happened)
}

/// The technical sentence about one event of the log (the `event`-th), as
/// the narration says it: the "why" of a quiz answer, the words of a proof.
pub fn said_about(run: &Simulation, lang: Lang, event: usize) -> String {
    let Some(e) = run.events().get(event) else {
        return String::new();
    };
    let values = values_for(run, lang, e, None);
    let heads: Vec<String> = lines_for(run, e)
        .into_iter()
        .map(|l| values.fill(keys::technical(lang, l).0))
        .collect();
    heads.join(if lang == Lang::Zh { "" } else { " " })
}

/// Everything said from the start up to `moment`, in order.
pub fn narrate(run: &Simulation, moment: Moment, lang: Lang, mode: Mode, analogy: Analogy) -> Vec<Said> {
    // The analogies' lines come in a second file: until it is here, the
    // technical explanation speaks (never a blank story).
    let mode = if mode == Mode::Analogy && !crate::text::has_more(lang) {
        Mode::Technical
    } else {
        mode
    };
    let events = run.events_until(moment);
    let states = run.states_at_events();
    let mut said = Vec::new();
    for (index, e) in events.iter().enumerate() {
        let texts: Vec<(&'static str, &'static str)> = match mode {
            Mode::Technical => lines_for(run, e)
                .into_iter()
                .map(|l| keys::technical(lang, l))
                .collect(),
            Mode::Analogy => beat_for(run, e)
                .map(|b| (keys::analogy(lang, analogy, b), ""))
                .into_iter()
                .collect(),
        };
        if texts.is_empty() {
            continue;
        }
        let values = values_for(run, lang, e, Some(states[index]));
        // Chinese sentences end in "。" and need no space between them.
        let gap = if lang == Lang::Zh { "" } else { " " };
        // Each text is a headline, with details said on demand.
        let (mut heads, mut details) = (Vec::new(), Vec::new());
        for (head, more) in &texts {
            heads.push(values.fill(head));
            if !more.is_empty() {
                details.push(values.fill(more));
            }
        }
        let text = heads.join(gap);
        // A story says a thing once: both SYNs of a simultaneous open (or both
        // FINs of a simultaneous close) are one beat, told once.
        if mode == Mode::Analogy && said.last().is_some_and(|l: &Said| l.at == e.at && l.text == text) {
            continue;
        }
        said.push(Said {
            event: index,
            at: e.at,
            side: e.side,
            text,
            details: details.join("\n"),
        });
    }
    said
}

#[cfg(test)]
mod claims_tests;
#[cfg(test)]
mod numbers_tests;
#[cfg(test)]
mod tests;
