//! Every word the learner reads, one content source per language. Code never
//! concatenates sentences; it picks a text and fills in `{placeholders}`.
//!
//! The UI labels are a struct per language, so a missing label in any
//! language is a compile error; tests check that nothing is empty and that
//! every built-in scenario has a title in every language.

mod analogy_en;
mod analogy_zh;
mod deep_dive_en;
mod deep_dive_zh;
mod en;
pub mod extra;
mod technical_en;
mod technical_zh;
mod zh;

use serde::{Deserialize, Serialize};

use crate::narration::keys::{Beat, DeepDive, Line, Theme};
use crate::narration::Mode;

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
    /// The narration panel.
    pub narration: &'static str,
    pub narration_empty: &'static str,
    pub narration_log: &'static str,
    /// `{time}`: the virtual time of a logged line, in ms.
    pub at_time: &'static str,
    pub explain_as: &'static str,
    pub mode_technical: &'static str,
    pub mode_analogy: &'static str,
    pub theme: &'static str,
    pub theme_stand_off: &'static str,
    pub theme_phone_call: &'static str,
    pub theme_capability: &'static str,
    pub analogy_breaks: &'static str,
    /// The deep-dive questions.
    pub deep_dives: &'static str,
    pub play_scenario: &'static str,
}

impl Ui {
    pub fn theme_name(&self, theme: Theme) -> &'static str {
        match theme {
            Theme::StandOff => self.theme_stand_off,
            Theme::PhoneCall => self.theme_phone_call,
            Theme::Capability => self.theme_capability,
        }
    }

    pub fn mode_name(&self, mode: Mode) -> &'static str {
        match mode {
            Mode::Technical => self.mode_technical,
            Mode::Analogy => self.mode_analogy,
        }
    }
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

/// The technical sentence for one kind of event, with `{placeholders}`.
pub fn technical(lang: Lang, line: Line) -> &'static str {
    match lang {
        Lang::En => technical_en::technical(line),
        Lang::Zh => technical_zh::technical(line),
    }
}

/// The analogy's line for one moment of the story.
pub fn analogy(lang: Lang, theme: Theme, beat: Beat) -> &'static str {
    match lang {
        Lang::En => analogy_en::analogy(theme, beat),
        Lang::Zh => analogy_zh::analogy(theme, beat),
    }
}

/// Where an analogy stops being true.
pub fn analogy_breaks(lang: Lang, theme: Theme) -> &'static str {
    match lang {
        Lang::En => analogy_en::analogy_breaks(theme),
        Lang::Zh => analogy_zh::analogy_breaks(theme),
    }
}

/// A deep-dive question: (title, body with paragraphs separated by a blank line).
pub fn deep_dive(lang: Lang, d: DeepDive) -> (&'static str, &'static str) {
    match lang {
        Lang::En => deep_dive_en::deep_dive(d),
        Lang::Zh => deep_dive_zh::deep_dive(d),
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
            ui.narration,
            ui.narration_empty,
            ui.narration_log,
            ui.at_time,
            ui.explain_as,
            ui.mode_technical,
            ui.mode_analogy,
            ui.theme,
            ui.theme_stand_off,
            ui.theme_phone_call,
            ui.theme_capability,
            ui.analogy_breaks,
            ui.deep_dives,
            ui.play_scenario,
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

    /// The `{placeholders}` of a text, sorted.
    fn keys(s: &str) -> Vec<String> {
        let mut keys: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .map(String::from)
            .collect();
        keys.sort();
        keys
    }

    /// Every narration text of a language, named for error messages.
    fn narration_texts(lang: Lang) -> Vec<(String, &'static str)> {
        let mut all: Vec<(String, &'static str)> = Line::all()
            .into_iter()
            .map(|l| (format!("{l:?}"), technical(lang, l)))
            .collect();
        for theme in Theme::ALL {
            for beat in Beat::ALL {
                all.push((format!("{theme:?} {beat:?}"), analogy(lang, theme, beat)));
            }
            all.push((format!("{theme:?} breaks"), analogy_breaks(lang, theme)));
        }
        for d in DeepDive::ALL {
            let (title, body) = deep_dive(lang, d);
            all.push((format!("{d:?} title"), title));
            all.push((format!("{d:?} body"), body));
        }
        all
    }

    /// Every placeholder the narration engine provides for some event
    /// (`narration::values_for` and `call_values`).
    const ENGINE_KEYS: &[&str] = &[
        "side",
        "peer",
        "state",
        "time",
        "time_wait_ms",
        "msl_ms",
        "id",
        "flags",
        "seq",
        "ack",
        "len",
        "next",
        "window",
        "mss",
        "label",
        "orig",
        "from",
        "to",
        "from_state",
        "to_state",
        "bytes",
        "snd_una",
        "rcv_nxt",
        "deadline",
        "ms",
        "rto",
        "new_rto",
        "backoff",
        "call",
        "errno",
        "isn",
        "n",
        "backlog",
    ];

    #[test]
    fn every_line_beat_theme_and_question_has_text_in_every_language() {
        let lines = Line::all();
        for (i, l) in lines.iter().enumerate() {
            assert!(!lines[..i].contains(l), "{l:?} is listed twice");
        }
        for lang in Lang::ALL {
            for (name, text) in narration_texts(lang) {
                assert!(!text.trim().is_empty(), "{lang:?} {name} is empty");
                assert_eq!(text, text.trim(), "{lang:?} {name} has stray spaces around it");
                assert!(!text.contains("  "), "{lang:?} {name} has a double space: {text}");
            }
        }
    }

    #[test]
    fn every_text_uses_the_same_placeholders_in_every_language() {
        let (en, zh) = (narration_texts(Lang::En), narration_texts(Lang::Zh));
        assert_eq!(en.len(), zh.len());
        for ((name, e), (_, z)) in en.iter().zip(zh.iter()) {
            let (mut ke, mut kz) = (keys(e), keys(z));
            ke.dedup();
            kz.dedup();
            assert_eq!(ke, kz, "{name}: placeholders differ between English and Chinese");
        }
    }

    #[test]
    fn every_placeholder_is_one_the_engine_provides() {
        for lang in Lang::ALL {
            for (name, text) in narration_texts(lang) {
                for key in keys(text) {
                    assert!(
                        ENGINE_KEYS.contains(&key.as_str()),
                        "{lang:?} {name}: unknown placeholder {{{key}}}"
                    );
                }
            }
        }
    }

    #[test]
    fn deep_dives_are_short_paragraphs_and_questions_are_questions() {
        for lang in Lang::ALL {
            for d in DeepDive::ALL {
                let (title, body) = deep_dive(lang, d);
                assert!(
                    title.ends_with('?') || title.ends_with('？'),
                    "{lang:?} {d:?}: {title}"
                );
                let paragraphs: Vec<&str> = body.split("\n\n").collect();
                assert!(
                    (2..=4).contains(&paragraphs.len()),
                    "{lang:?} {d:?}: a few short paragraphs"
                );
                for p in paragraphs {
                    assert!(
                        !p.contains('\n') && p == p.trim(),
                        "{lang:?} {d:?}: stray line break in {p:?}"
                    );
                }
                assert!(
                    tcp_model::library::builtin(d.scenario()).is_some(),
                    "{d:?} plays a built-in"
                );
            }
        }
        for lang in Lang::ALL {
            let (_, seq_ack) = deep_dive(lang, DeepDive::SeqAndAck);
            for n in ["1000", "8000", "1001", "1021", "8001", "8011"] {
                assert!(seq_ack.contains(n), "{lang:?}: the classic numbers, {n} missing");
            }
            let (_, flood) = deep_dive(lang, DeepDive::SynFlood);
            assert!(
                flood.contains("ss -tan state syn-recv") && flood.contains("netstat -nap | grep SYN_RECV")
            );
            let (_, time_wait) = deep_dive(lang, DeepDive::WhyTimeWait);
            assert!(
                time_wait.contains("2") && time_wait.contains("60"),
                "RFC MSL and Linux's 60 s"
            );
            let (_, three) = deep_dive(lang, DeepDive::WhyThree);
            assert!(
                three.contains("RST") && three.contains("3.5"),
                "the old duplicate SYN, RFC 9293 3.5"
            );
        }
    }

    #[test]
    fn chinese_texts_use_chinese_punctuation() {
        for (name, text) in narration_texts(Lang::Zh) {
            for bad in [", ", ". ", "; ", "? ", "! "] {
                assert!(!text.contains(bad), "{name} uses {bad:?} in Chinese: {text}");
            }
            // ASCII brackets only in code, like listen(); around Chinese words they are full-width.
            let cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
            let chars: Vec<char> = text.chars().collect();
            for w in chars.windows(2) {
                assert!(
                    !matches!((w[0], w[1]), ('(', c) | (c, ')') if cjk(c)),
                    "{name} uses ASCII brackets around Chinese: {text}"
                );
            }
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
