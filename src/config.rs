//! How a host page configures a widget: URL parameters (query or hash) on the
//! standalone page, `data-` attributes on an embedded `<div>`. Parsing is
//! pure and strict: a value that is not understood is reported as a notice
//! naming the parameter, and the default is used instead. Values are only
//! ever matched or parsed, never inserted as HTML.

use tcp_model::learn;
use tcp_model::scenario::text::parse_actions;
use tcp_model::scenario::LearnerAction;
use tcp_model::{library, Scenario};

use tcp_model::named_enum;

use crate::narration::{Analogy, Mode};
use crate::text::Lang;

/// Longest value accepted for any parameter: a scenario text as long as the
/// model accepts (it checks its own cap on the written-out form, so every
/// link the widget writes, it reads back).
pub const MAX_VALUE_LEN: usize = 2 * tcp_model::scenario::caps::TEXT_BYTES;

/// Which scenario to show.
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioChoice {
    Builtin(&'static str),
    /// A scenario given in full (the compact text form).
    Custom(Box<Scenario>),
    Free,
}

named_enum! {
    /// The colour scheme (the `theme` URL parameter takes these names).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Scheme {
        /// Follow the system's light or dark setting.
        #[default]
        Auto = "auto",
        /// Dark text on light.
        Light = "light",
        /// Light text on dark.
        Dark = "dark",
    }
}

named_enum! {
    /// The playback speeds offered; the name is how a URL writes it ("2" or "2x").
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Speed {
        /// A quarter of normal speed.
        Quarter = "0.25",
        /// Half speed.
        Half = "0.5",
        /// Normal speed: about 110 px of timeline per second.
        #[default]
        One = "1",
        /// One and a half.
        OneAndHalf = "1.5",
        /// Double.
        Two = "2",
        /// Four times.
        Four = "4",
    }
}

impl Speed {
    /// The factor on wall-clock time.
    pub const fn factor(self) -> f64 {
        match self {
            Speed::Quarter => 0.25,
            Speed::Half => 0.5,
            Speed::One => 1.0,
            Speed::OneAndHalf => 1.5,
            Speed::Two => 2.0,
            Speed::Four => 4.0,
        }
    }

    /// How the picker shows it ("0.25×").
    pub fn label(self) -> String {
        format!("{}×", self.name())
    }
}

/// Everything a host can choose; `None` means "the default".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub scenario: Option<ScenarioChoice>,
    /// Learner actions to replay (drops, free-mode calls), from a share link.
    pub actions: Vec<LearnerAction>,
    pub lang: Option<Lang>,
    pub mode: Option<Mode>,
    pub analogy: Option<Analogy>,
    /// Start at this step (0 = before anything happens; 1 = time 0; …).
    pub step: Option<usize>,
    /// Start at this virtual time (ms).
    pub time_ms: Option<u64>,
    pub autoplay: bool,
    /// Playback speed.
    pub speed: Option<Speed>,
    /// Colour scheme (the `theme` parameter).
    pub scheme: Scheme,
    pub compact: bool,
    /// Lock the lesson to steps `from..=to`.
    pub range: Option<(usize, usize)>,
    /// The page is shown inside another (an iframe): no page margins. Not
    /// part of a share link, which opens the full page.
    pub embed: bool,
    /// Open this guided lesson (a model lesson id); its scenario wins.
    pub lesson: Option<&'static str>,
    /// Open this challenge (a model challenge id); its start wins over both.
    pub challenge: Option<&'static str>,
}

/// A parameter that was not understood, for the polite notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub param: &'static str,
    /// The offending value, shortened for display.
    pub value: String,
    /// What would have been understood.
    pub expected: String,
}

/// The parameters, in the order they are documented.
pub const PARAMS: [&str; 15] = [
    "scenario",
    "act",
    "lang",
    "mode",
    "analogy",
    "step",
    "t",
    "autoplay",
    "speed",
    "theme",
    "compact",
    "range",
    "embed",
    "lesson",
    "challenge",
];

fn shorten(value: &str) -> String {
    let mut s: String = value.chars().take(40).collect();
    if value.chars().count() > 40 {
        s.push('…');
    }
    s
}

/// The valid ids of a learn parameter, for its notice.
fn ids<'a>(all: impl Iterator<Item = &'a str>) -> String {
    format!("one of: {}", all.collect::<Vec<_>>().join(", "))
}

fn boolean(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// A small non-negative integer written in plain decimal digits.
fn count(value: &str, max: u64) -> Option<u64> {
    if value.is_empty() || value.len() > 9 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok().filter(|v| *v <= max)
}

impl Config {
    /// Parses `(name, value)` pairs; later pairs override earlier ones.
    /// Unknown names are ignored (course sites add their own); bad values of
    /// known names become notices.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Config, Vec<Notice>) {
        let mut config = Config::default();
        let mut notices: Vec<Notice> = Vec::new();
        for (name, value) in pairs {
            let Some(param) = PARAMS.iter().copied().find(|p| *p == name) else {
                continue;
            };
            let mut bad = |expected: &str| {
                notices.retain(|n| n.param != param);
                notices.push(Notice {
                    param,
                    value: shorten(value),
                    expected: expected.to_string(),
                });
            };
            if value.len() > MAX_VALUE_LEN {
                bad("a shorter value");
                continue;
            }
            let value = value.trim();
            match param {
                "scenario" => match value {
                    "free" => config.scenario = Some(ScenarioChoice::Free),
                    name if library::builtin(name).is_some() => {
                        config.scenario = library::builtin(name).map(|b| ScenarioChoice::Builtin(b.name));
                    }
                    text if text.contains('|') || text.contains('\n') || text.contains('=') => {
                        match Scenario::from_text(text) {
                            Ok(s) => config.scenario = Some(ScenarioChoice::Custom(Box::new(s))),
                            Err(e) => bad(&e.to_string()),
                        }
                    }
                    _ => bad("a built-in scenario name, \"free\", or a scenario in text form"),
                },
                "act" => match parse_actions(value) {
                    Ok(actions) => config.actions = actions,
                    Err(e) => bad(&e.to_string()),
                },
                "lang" => match Lang::from_tag(value) {
                    Some(lang) => config.lang = Some(lang),
                    None => bad("en or zh"),
                },
                "mode" => match Mode::from_name(value) {
                    Some(mode) => config.mode = Some(mode),
                    None => bad("technical or analogy"),
                },
                "analogy" => match Analogy::from_name(value) {
                    Some(analogy) => config.analogy = Some(analogy),
                    None => bad("standoff, phone or capability"),
                },
                "step" => match count(value, 100_000) {
                    Some(n) => config.step = Some(n as usize),
                    None => bad("a step number: 0, 1, 2, …"),
                },
                "t" => match count(value, 3_600_000) {
                    Some(ms) => config.time_ms = Some(ms),
                    None => bad("a time in milliseconds"),
                },
                "autoplay" => match boolean(value) {
                    Some(b) => config.autoplay = b,
                    None => bad("1 or 0"),
                },
                "speed" => match Speed::from_name(value.trim_end_matches(['x', '×'])) {
                    Some(speed) => config.speed = Some(speed),
                    None => bad("0.25, 0.5, 1, 1.5, 2 or 4"),
                },
                "theme" => match Scheme::from_name(value) {
                    Some(scheme) => config.scheme = scheme,
                    None => bad("light, dark or auto"),
                },
                "compact" => match boolean(value) {
                    Some(b) => config.compact = b,
                    None => bad("1 or 0"),
                },
                "range" => {
                    let parsed = value
                        .split_once('-')
                        .and_then(|(a, b)| Some((count(a, 100_000)?, count(b, 100_000)?)));
                    match parsed {
                        Some((a, b)) if a <= b => config.range = Some((a as usize, b as usize)),
                        _ => bad("two step numbers like 3-9 (the first not larger)"),
                    }
                }
                "embed" => match boolean(value) {
                    Some(b) => config.embed = b,
                    None => bad("1 or 0"),
                },
                "lesson" => match learn::lesson::lesson(value) {
                    Some(l) => config.lesson = Some(l.id),
                    None => bad(&ids(learn::lesson::LESSONS.iter().map(|l| l.id))),
                },
                "challenge" => match learn::challenge::challenge(value) {
                    Some(c) => config.challenge = Some(c.id),
                    None => bad(&ids(learn::challenge::CHALLENGES.iter().map(|c| c.id))),
                },
                _ => {}
            }
        }
        (config, notices)
    }

    /// Parses a URL's query and fragment (`?a=1&b=2#c=3`); the fragment wins.
    pub fn from_url(search: &str, hash: &str) -> (Config, Vec<Notice>) {
        let decoded = url_pairs(search, hash);
        Config::parse(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The URL parameters that reproduce this configuration.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |k: &str, v: &str| parts.push(format!("{k}={}", percent_encode(v)));
        match &self.scenario {
            Some(ScenarioChoice::Builtin(name)) => push("scenario", name),
            Some(ScenarioChoice::Custom(s)) => push("scenario", s.to_text().trim_end()),
            Some(ScenarioChoice::Free) => push("scenario", "free"),
            None => {}
        }
        if !self.actions.is_empty() {
            push("act", &tcp_model::scenario::text::actions_text(&self.actions));
        }
        if let Some(lang) = self.lang {
            push("lang", lang.name());
        }
        if let Some(mode) = self.mode {
            push("mode", mode.name());
        }
        if let Some(analogy) = self.analogy {
            push("analogy", analogy.name());
        }
        if let Some(step) = self.step {
            push("step", &step.to_string());
        }
        if let Some(t) = self.time_ms {
            push("t", &t.to_string());
        }
        if let Some(speed) = self.speed {
            push("speed", speed.name());
        }
        if self.scheme != Scheme::Auto {
            push("theme", self.scheme.name());
        }
        if self.autoplay {
            push("autoplay", "1");
        }
        if self.compact {
            push("compact", "1");
        }
        if let Some((a, b)) = self.range {
            push("range", &format!("{a}-{b}"));
        }
        for (name, id) in [("lesson", self.lesson), ("challenge", self.challenge)] {
            if let Some(id) = id {
                push(name, id);
            }
        }
        parts.join("&")
    }
}

/// The decoded `(name, value)` pairs of a URL's query, then its fragment.
pub fn url_pairs(search: &str, hash: &str) -> Vec<(String, String)> {
    [search.trim_start_matches('?'), hash.trim_start_matches('#')]
        .iter()
        .flat_map(|part| part.split('&'))
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Decodes `%XX` escapes and `+` (as a space). Invalid escapes stay as text.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but unreserved characters (RFC 3986).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_configure_everything() {
        let (c, notices) = Config::from_url(
            "?scenario=lost-syn&lang=zh&mode=analogy&analogy=phone&step=3&speed=2x&theme=dark&autoplay=1&compact=1&range=2-9&embed",
            "",
        );
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(c.scenario, Some(ScenarioChoice::Builtin("lost-syn")));
        assert_eq!(
            (c.lang, c.mode, c.analogy),
            (Some(Lang::Zh), Some(Mode::Analogy), Some(Analogy::Phone))
        );
        assert_eq!(
            (c.step, c.speed, c.scheme),
            (Some(3), Some(Speed::Two), Scheme::Dark)
        );
        assert!(c.autoplay && c.compact && c.embed);
        assert_eq!(c.range, Some((2, 9)));
        let (c, notices) = Config::from_url("?lesson=why-three&challenge=both-time-wait", "");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(
            (c.lesson, c.challenge),
            (Some("why-three"), Some("both-time-wait"))
        );
        assert_eq!(Config::from_url(&format!("?{}", c.to_query()), "").0, c);
    }

    #[test]
    fn the_fragment_overrides_the_query_and_unknown_names_are_ignored() {
        let (c, notices) = Config::from_url("?lang=en&utm_source=course", "#lang=zh");
        assert!(notices.is_empty());
        assert_eq!(c.lang, Some(Lang::Zh));
    }

    #[test]
    fn a_scenario_in_text_form_and_actions_round_trip() {
        let original = Config {
            scenario: Some(ScenarioChoice::Custom(Box::new(
                Scenario::from_text(
                    "client | connect, close\nserver | listen, accept, recv eof, close\ndrop client SYN 1",
                )
                .unwrap(),
            ))),
            actions: parse_actions("30 drop 0").unwrap(),
            lang: Some(Lang::En),
            step: Some(4),
            ..Config::default()
        };
        let query = original.to_query();
        let (parsed, notices) = Config::from_url(&query, "");
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(parsed, original);
    }

    /// Twenty-plus hostile or malformed values: each is refused with a notice
    /// naming its parameter, and the default stays in place.
    #[test]
    fn hostile_and_malformed_values_become_notices() {
        let cases: &[(&str, &str)] = &[
            ("scenario", "<script>alert(1)</script>"),
            ("scenario", "\"><img src=x onerror=alert(1)>"),
            ("scenario", "client | connect, launch missiles"),
            ("scenario", "no-such-lesson"),
            ("scenario", "net delay=0"),
            ("act", "soon drop 1"),
            ("act", "<b>1</b> drop 0"),
            ("lang", "klingon"),
            ("lang", "javascript:alert(1)"),
            ("mode", "magic"),
            ("analogy", "<svg onload=alert(1)>"),
            ("step", "-1"),
            ("step", "1e9"),
            ("step", "NaN"),
            ("t", "-5"),
            ("t", "99999999999"),
            ("speed", "fast"),
            ("speed", "1e309"),
            ("speed", "0"),
            ("theme", "neon"),
            ("autoplay", "maybe"),
            ("compact", "2"),
            ("range", "9-3"),
            ("range", "a-b"),
            ("range", "5"),
            ("embed", "<iframe>"),
            ("lesson", "handshake2"),
            ("lesson", "<b>close</b>"),
            ("challenge", "win"),
            ("challenge", "CONNECT-GIVES-UP"),
        ];
        assert!(cases.len() >= 20);
        for (param, value) in cases {
            let (config, notices) = Config::parse([(*param, *value)]);
            assert_eq!(notices.len(), 1, "{param}={value} gave {notices:?}");
            assert_eq!(notices[0].param, *param);
            assert_eq!(
                config,
                Config::default(),
                "{param}={value} changed the configuration"
            );
        }
        let (_, notices) = Config::parse([("scenario", &*"x".repeat(MAX_VALUE_LEN + 1))]);
        assert_eq!(
            notices[0].value.chars().count(),
            41,
            "long values are shortened for display"
        );
    }

    #[test]
    fn percent_coding_round_trips_any_text() {
        for text in [
            "a b+c",
            "client | connect, send 20\nserver",
            "中文 %zz %4",
            "100%",
        ] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_decode("%3Cb%3E+x"), "<b> x");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
