//! Every word the learner reads, one content source per language:
//! `static/content/<lang>.txt`. Each text is filed under an `@key` line and
//! runs to the next `@` line; code never concatenates sentences, it picks a
//! text and fills in `{placeholders}`.
//!
//! The widget's WebAssembly holds no text: the loader fetches the content
//! file of the language in use (and another only when the learner switches),
//! so a visit downloads one language. Tests check that every key exists in
//! every language, with the same placeholders, and nothing else.

use std::cell::RefCell;

use crate::narration::keys::names;
use crate::narration::{Beat, DeepDive, Line, Mode, Theme};

/// The widget's languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
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

    /// The name of the content file's language (`content/<code>.txt`).
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
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

    const fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }

    /// This language's texts, once loaded (see [`loaded`]). Before that (and
    /// only then) the other language's, or empty texts: never a panic.
    pub fn texts(self) -> &'static Texts {
        loaded(self)
            .or_else(|| Lang::ALL.iter().find_map(|l| loaded(*l)))
            .unwrap_or_else(empty)
    }

    pub fn extra(self) -> &'static Extra {
        &self.texts().extra
    }
}

/// Declares a struct of `&'static str` fields filled from `@<prefix>.<field>`
/// entries; a missing entry is an error naming it.
macro_rules! text_struct {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, [$($field:ident),* $(,)?]) => {
        $(#[$meta])*
        pub struct $name { $(pub $field: &'static str,)* }

        impl $name {
            /// The keys, for completeness tests.
            pub const KEYS: &'static [&'static str] = &[$(concat!($prefix, ".", stringify!($field))),*];

            fn from_entries(get: impl Fn(&str) -> Option<&'static str>) -> Result<$name, String> {
                // One lookup loop instead of one inlined lookup per field:
                // a few KB less wasm.
                let mut values = Vec::with_capacity(Self::KEYS.len());
                for key in Self::KEYS {
                    values.push(get(key).ok_or_else(|| format!("missing @{key}"))?);
                }
                let mut values = values.into_iter();
                Ok($name { $($field: values.next().unwrap_or_default(),)* })
            }

            fn blank() -> $name {
                $name { $($field: "",)* }
            }
        }
    };
}

text_struct!(
    /// Labels of the interface.
    Ui,
    "ui",
    [
        widget_label, client, server, play, pause, step_back, step_forward, restart, speed, time, scenario,
        free_mode, language, drop_hint, dropped, retransmission, in_flight, arrived, vanished, time_skipped,
        rto_timer, time_wait_timer, delayed_ack_timer, fin_wait_2_timer, backoff, left, stray, half_open,
        inspector, inspector_empty, field, absolute, relative, ports, flags, window, length, sent, arrives,
        on_arrival, no_state_change, state_diagram, free_hint, keyboard_help, close, busy, narration,
        narration_empty, narration_log, at_time, explain_as, mode_technical, mode_analogy, theme,
        theme_stand_off, theme_phone_call, theme_capability, analogy_breaks, deep_dives, play_scenario,
    ]
);

text_struct!(
    /// Texts of sharing, export and notices.
    Extra,
    "extra",
    [
        share, share_label, copy, copied, copy_failed, exports, download_pcap, download_svg, param_notice,
        param_too_far, not_in_flight, unknown_segment, busy, locked,
    ]
);

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
    pub extra: Extra,
    /// Every entry, sorted by key (for the narration's lookups).
    entries: Vec<(&'static str, &'static str)>,
}

impl Texts {
    /// Parses a content file. Every interface and notice text must be there.
    pub fn parse(text: &'static str) -> Result<Texts, String> {
        let mut entries: Vec<(&'static str, &'static str)> = Vec::new();
        let mut rest = text;
        // Skip the comment header up to the first entry.
        while !rest.is_empty() && !rest.starts_with('@') {
            rest = rest.split_once('\n').map_or("", |(_, r)| r);
        }
        while let Some(body) = rest.strip_prefix('@') {
            let (key, after) = body.split_once('\n').unwrap_or((body, ""));
            let end = after.find("\n@").map_or(after.len(), |i| i + 1);
            let value = after[..end].trim_end_matches('\n');
            if entries.iter().any(|(k, _)| *k == key.trim()) {
                return Err(format!("@{} appears twice", key.trim()));
            }
            entries.push((key.trim(), value));
            rest = &after[end..];
        }
        tcp_model::small_sort::sort_small_by(&mut entries, |a, b| a.0 < b.0);
        let get = |key: &str| {
            entries
                .binary_search_by(|(k, _)| (*k).cmp(key))
                .ok()
                .map(|i| entries[i].1)
        };
        Ok(Texts {
            ui: Ui::from_entries(get)?,
            extra: Extra::from_entries(get)?,
            entries,
        })
    }

    /// The text filed under `key` ("" if there is none, which tests forbid).
    pub fn get(&self, key: &str) -> &'static str {
        self.entries
            .binary_search_by(|(k, _)| (*k).cmp(key))
            .map_or("", |i| self.entries[i].1)
    }

    /// The title of a built-in scenario.
    pub fn scenario_title(&self, name: &str) -> &'static str {
        self.get(&format!("title.{name}"))
    }

    /// Every key, for completeness tests.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }
}

thread_local! {
    static LOADED: RefCell<[Option<&'static Texts>; 2]> = const { RefCell::new([None, None]) };
}

fn empty() -> &'static Texts {
    thread_local! {
        static EMPTY: &'static Texts =
            Box::leak(Box::new(Texts { ui: Ui::blank(), extra: Extra::blank(), entries: Vec::new() }));
    }
    EMPTY.with(|e| *e)
}

/// A language's texts, if its content file has been installed. Native builds
/// (tests, tools) read the files compiled in; the widget gets them from its
/// loader.
pub fn loaded(lang: Lang) -> Option<&'static Texts> {
    if let Some(t) = LOADED.with(|l| l.borrow()[lang.index()]) {
        return Some(t);
    }
    compiled_in(lang)
}

/// Whether any language's texts are here (the widget can be drawn).
pub fn any_loaded() -> bool {
    Lang::ALL.iter().any(|l| loaded(*l).is_some())
}

/// Native builds (tests, tools) read the content files compiled in.
#[cfg(not(target_arch = "wasm32"))]
fn compiled_in(lang: Lang) -> Option<&'static Texts> {
    let text = match lang {
        Lang::En => include_str!("../../static/content/en.txt"),
        Lang::Zh => include_str!("../../static/content/zh.txt"),
    };
    install(lang, text).ok()
}

/// The widget gets its texts from the loader (see [`request`]).
#[cfg(target_arch = "wasm32")]
fn compiled_in(_: Lang) -> Option<&'static Texts> {
    None
}

/// Installs a language's content file (kept for the page's lifetime: each
/// language is parsed at most once).
pub fn install(lang: Lang, text: &str) -> Result<&'static Texts, String> {
    if let Some(t) = LOADED.with(|l| l.borrow()[lang.index()]) {
        return Ok(t);
    }
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    let texts: &'static Texts = Box::leak(Box::new(Texts::parse(text)?));
    LOADED.with(|l| l.borrow_mut()[lang.index()] = Some(texts));
    Ok(texts)
}

/// Asks the loader for a language's content file (`tcpWidget.loadContent`,
/// or the texts the single-file build carries in `tcpWidget.content`), then
/// calls `done` with the outcome: at once if the texts are there already,
/// later if they must be fetched. An error says what failed, for the learner.
#[cfg(target_arch = "wasm32")]
pub fn request(lang: Lang, done: impl FnOnce(Result<(), String>) + 'static) {
    use wasm_bindgen::{JsCast, JsValue};
    if loaded(lang).is_some() {
        return done(Ok(()));
    }
    let file = format!("content/{}.txt", lang.code());
    let settings = js_sys::Reflect::get(&js_sys::global(), &"tcpWidget".into()).unwrap_or(JsValue::UNDEFINED);
    let inline = js_sys::Reflect::get(&settings, &"content".into())
        .and_then(|c| js_sys::Reflect::get(&c, &lang.code().into()))
        .ok()
        .and_then(|t| t.as_string());
    if let Some(text) = inline {
        return done(install(lang, &text).map(drop).map_err(|e| format!("{file}: {e}")));
    }
    let promise = js_sys::Reflect::get(&settings, &"loadContent".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|load| load.call1(&settings, &lang.code().into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let Some(promise) = promise else {
        return done(Err(format!("{file}: no loader (include tcp-widget-embed.js)")));
    };
    crate::host::settle(&promise, move |outcome| {
        done(match outcome {
            Ok(text) => match text.as_string() {
                Some(text) => install(lang, &text).map(drop).map_err(|e| format!("{file}: {e}")),
                None => Err(format!("{file}: not text")),
            },
            Err(e) => Err(format!(
                "{file}: {}",
                e.dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_default()
            )),
        })
    });
}

/// The technical sentence for one kind of event, with `{placeholders}`.
pub fn technical(lang: Lang, line: Line) -> &'static str {
    lang.texts().get(&names::line(line))
}

/// The analogy's line for one moment of the story.
pub fn analogy(lang: Lang, theme: Theme, beat: Beat) -> &'static str {
    lang.texts().get(&names::beat(theme, beat))
}

/// Where an analogy stops being true.
pub fn analogy_breaks(lang: Lang, theme: Theme) -> &'static str {
    lang.texts().get(&names::breaks(theme))
}

/// A deep-dive question: (title, body with paragraphs separated by a blank line).
pub fn deep_dive(lang: Lang, d: DeepDive) -> (&'static str, &'static str) {
    let t = lang.texts();
    (t.get(&names::dive(d, "title")), t.get(&names::dive(d, "body")))
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

    /// The `{placeholders}` of a text, sorted, without repeats.
    fn keys(s: &str) -> Vec<String> {
        let mut keys: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|p| p.split('}').next())
            .map(String::from)
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// Every key a content file must have, and nothing else.
    fn expected_keys() -> Vec<String> {
        let mut keys = names::all();
        keys.extend(Ui::KEYS.iter().map(|k| k.to_string()));
        keys.extend(Extra::KEYS.iter().map(|k| k.to_string()));
        keys.extend(BUILTINS.iter().map(|b| format!("title.{}", b.name)));
        keys.sort();
        keys
    }

    /// Every narration text of a language, named by key.
    fn narration_texts(lang: Lang) -> Vec<(String, &'static str)> {
        let texts = lang.texts();
        texts
            .keys()
            .filter(|k| {
                ["line.", "beat.", "breaks.", "dive."]
                    .iter()
                    .any(|p| k.starts_with(p))
            })
            .map(|k| (k.to_string(), texts.get(k)))
            .collect()
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
    fn each_content_file_has_exactly_every_key_with_a_text() {
        let expected = expected_keys();
        for lang in Lang::ALL {
            let texts = loaded(lang).expect("the content file parses");
            let mut found: Vec<String> = texts.keys().map(String::from).collect();
            found.sort();
            assert_eq!(found, expected, "{lang:?}: missing or unknown keys");
            for key in &expected {
                let text = texts.get(key);
                assert!(!text.trim().is_empty(), "{lang:?} @{key} is empty");
                assert_eq!(text, text.trim(), "{lang:?} @{key} has stray spaces around it");
                assert!(!text.contains("  "), "{lang:?} @{key} has a double space: {text}");
            }
        }
    }

    #[test]
    fn every_text_uses_the_same_placeholders_in_every_language() {
        let (en, zh) = (Lang::En.texts(), Lang::Zh.texts());
        for key in expected_keys() {
            assert_eq!(
                keys(en.get(&key)),
                keys(zh.get(&key)),
                "@{key}: placeholders differ"
            );
        }
    }

    #[test]
    fn every_placeholder_is_one_the_engine_provides() {
        for lang in Lang::ALL {
            for (name, text) in narration_texts(lang) {
                for key in keys(text) {
                    assert!(
                        ENGINE_KEYS.contains(&key.as_str()),
                        "{lang:?} @{name}: unknown placeholder {{{key}}}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_content_file_with_a_missing_or_repeated_entry_is_refused() {
        let en = include_str!("../../static/content/en.txt");
        let without_play = en.replace("@ui.play\n", "@ui.plays\n");
        assert_eq!(
            Texts::parse(Box::leak(without_play.into_boxed_str())).err(),
            Some("missing @ui.play".into())
        );
        let twice = format!("{en}@ui.play\nAgain\n");
        assert_eq!(
            Texts::parse(Box::leak(twice.into_boxed_str())).err(),
            Some("@ui.play appears twice".into())
        );
    }

    #[test]
    fn entries_keep_their_paragraphs() {
        let error = Texts::parse("# comment\n@ui.x\none\n\ntwo\n@ui.y\nthree")
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("missing @ui."), "{error}");
        let (_, body) = deep_dive(Lang::En, DeepDive::WhyThree);
        assert!(body.contains("\n\n") && !body.ends_with('\n'));
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
