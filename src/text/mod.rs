//! Every word the learner reads, one content source per language. Code never
//! concatenates sentences; it picks a text and fills in `{placeholders}`.
//!
//! The UI labels are a struct per language, so a missing label in any
//! language is a compile error; tests check that nothing is empty and that
//! every built-in scenario has a title in every language.

mod en;
mod zh;

use serde::{Deserialize, Serialize};

/// The widget's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, for `lang` attributes.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// Picks a language from a browser language tag ("zh-CN", "zh-TW", "en-GB").
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &en::TEXTS,
            Lang::Zh => &zh::TEXTS,
        }
    }
}

/// Labels of the interface.
pub struct Ui {
    pub widget_label: &'static str,
    pub client: &'static str,
    pub server: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub step_back: &'static str,
    pub step_forward: &'static str,
    pub restart: &'static str,
    pub speed: &'static str,
    pub time: &'static str,
    pub scenario: &'static str,
    pub free_mode: &'static str,
    pub language: &'static str,
    pub drop_hint: &'static str,
    pub dropped: &'static str,
    pub retransmission: &'static str,
    pub in_flight: &'static str,
    pub arrived: &'static str,
    pub vanished: &'static str,
    pub time_skipped: &'static str,
    pub rto_timer: &'static str,
    pub time_wait_timer: &'static str,
    pub delayed_ack_timer: &'static str,
    pub fin_wait_2_timer: &'static str,
    pub backoff: &'static str,
    pub left: &'static str,
    pub stray: &'static str,
    pub half_open: &'static str,
    pub inspector: &'static str,
    pub inspector_empty: &'static str,
    pub field: &'static str,
    pub absolute: &'static str,
    pub relative: &'static str,
    pub ports: &'static str,
    pub flags: &'static str,
    pub window: &'static str,
    pub length: &'static str,
    pub sent: &'static str,
    pub arrives: &'static str,
    pub on_arrival: &'static str,
    pub no_state_change: &'static str,
    pub state_diagram: &'static str,
    pub free_hint: &'static str,
    pub keyboard_help: &'static str,
    pub close: &'static str,
    pub busy: &'static str,
}

/// All texts of one language.
pub struct Texts {
    pub ui: Ui,
    /// (scenario name, title) for every built-in scenario.
    pub scenario_titles: &'static [(&'static str, &'static str)],
}

impl Texts {
    /// The title of a built-in scenario (its name if it has none, which a test forbids).
    pub fn scenario_title(&self, name: &str) -> &'static str {
        self.scenario_titles
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, t)| t)
    }
}

/// Replaces each `{key}` in `template` with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::library::BUILTINS;

    /// Every UI label of a language, for the completeness checks.
    fn labels(ui: &Ui) -> Vec<&'static str> {
        vec![
            ui.widget_label,
            ui.client,
            ui.server,
            ui.play,
            ui.pause,
            ui.step_back,
            ui.step_forward,
            ui.restart,
            ui.speed,
            ui.time,
            ui.scenario,
            ui.free_mode,
            ui.language,
            ui.drop_hint,
            ui.dropped,
            ui.retransmission,
            ui.in_flight,
            ui.arrived,
            ui.vanished,
            ui.time_skipped,
            ui.rto_timer,
            ui.time_wait_timer,
            ui.delayed_ack_timer,
            ui.fin_wait_2_timer,
            ui.backoff,
            ui.left,
            ui.stray,
            ui.half_open,
            ui.inspector,
            ui.inspector_empty,
            ui.field,
            ui.absolute,
            ui.relative,
            ui.ports,
            ui.flags,
            ui.window,
            ui.length,
            ui.sent,
            ui.arrives,
            ui.on_arrival,
            ui.no_state_change,
            ui.state_diagram,
            ui.free_hint,
            ui.keyboard_help,
            ui.close,
            ui.busy,
        ]
    }

    #[test]
    fn no_label_is_empty_in_any_language() {
        for lang in Lang::ALL {
            for label in labels(&lang.texts().ui) {
                assert!(!label.trim().is_empty(), "{lang:?} has an empty label");
            }
        }
    }

    #[test]
    fn every_builtin_scenario_has_a_title_in_every_language() {
        for lang in Lang::ALL {
            let texts = lang.texts();
            for b in BUILTINS {
                assert!(
                    !texts.scenario_title(b.name).is_empty(),
                    "{lang:?} lacks a title for {}",
                    b.name
                );
            }
            assert_eq!(
                texts.scenario_titles.len(),
                BUILTINS.len(),
                "{lang:?} has titles for unknown scenarios"
            );
        }
    }

    #[test]
    fn placeholders_agree_between_languages() {
        let keys = |s: &str| {
            let mut keys: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split('}').next())
                .map(String::from)
                .collect();
            keys.sort();
            keys
        };
        let (en, zh) = (labels(&Lang::En.texts().ui), labels(&Lang::Zh.texts().ui));
        for (e, z) in en.iter().zip(zh.iter()) {
            assert_eq!(keys(e), keys(z), "placeholders differ: {e:?} vs {z:?}");
        }
    }

    #[test]
    fn fill_replaces_known_keys_and_keeps_unknown_ones() {
        assert_eq!(
            fill("RTO {rto} ms, {n}×", &[("rto", "2000"), ("n", "1")]),
            "RTO 2000 ms, 1×"
        );
        assert_eq!(fill("{missing} stays", &[]), "{missing} stays");
        assert_eq!(fill("no close {brace", &[]), "no close {brace");
    }

    #[test]
    fn language_follows_the_browser_tag() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
