//! The content files against the narration's vocabulary: every key the
//! widget looks up has a text in every language, with the same placeholders
//! (only ones the narration provides), and the files hold nothing else.

use tcp_model::library::BUILTINS;

use super::*;
use crate::narration::dives::deep_dive;
use crate::text::{loaded, Capture, Extra, Ui};

/// The `{placeholders}` of a text, sorted, without repeats (a count's
/// forms, `{len:byte|bytes}`, name the placeholder `len`).
fn keys(s: &str) -> Vec<String> {
    let mut keys: Vec<String> = s
        .split('{')
        .skip(1)
        .filter_map(|p| p.split('}').next())
        .map(|hole| hole.split(':').next().unwrap_or(hole).to_string())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// Every key a content file must have, and nothing else.
fn expected_keys() -> Vec<String> {
    let mut keys = all_keys();
    keys.extend(Ui::KEYS.iter().map(|k| k.to_string()));
    keys.extend(Extra::KEYS.iter().map(|k| k.to_string()));
    keys.extend(Capture::KEYS.iter().map(|k| k.to_string()));
    keys.extend(BUILTINS.iter().map(|b| format!("title.{}", b.name)));
    keys.sort();
    keys
}

/// Keys a file may have beyond [`expected_keys`]: the details of a line
/// (`details.<line key>`), optional.
fn optional_key(key: &str) -> bool {
    key.strip_prefix("details.")
        .is_some_and(|line| line.starts_with("line.") && expected_keys().iter().any(|k| k == line))
}

/// Every narration text of a language, named by key.
fn narration_texts(lang: Lang) -> Vec<(String, &'static str)> {
    let texts = lang.texts();
    texts
        .keys()
        .filter(|k| {
            ["line.", "beat.", "breaks.", "dive.", "details."]
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
    "room",
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
    "secs",
    "lost",
    "lost_id",
    "half",
    "segments",
];

#[test]
fn each_content_file_has_exactly_every_key_with_a_text() {
    let expected = expected_keys();
    for &lang in Lang::ALL {
        let texts = loaded(lang).expect("the content file parses");
        let mut found: Vec<String> = texts
            .keys()
            .filter(|k| !optional_key(k))
            .map(String::from)
            .collect();
        found.sort();
        assert_eq!(found, expected, "{lang:?}: missing or unknown keys");
        let details: Vec<String> = texts
            .keys()
            .filter(|k| optional_key(k))
            .map(String::from)
            .collect();
        for other in Lang::ALL {
            for key in &details {
                assert!(
                    !other.texts().get(key).is_empty(),
                    "@{key} in {lang:?} but not in {other:?}"
                );
            }
        }
        for key in expected.iter().chain(&details) {
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
    // A line's headline and details count together: a language may put a
    // number in the headline that the other gives in the details.
    let of = |t: &crate::text::Texts, key: &str| {
        let mut k = keys(&format!("{} {}", t.get(key), t.get(&format!("details.{key}"))));
        k.dedup();
        k
    };
    for key in expected_keys() {
        assert_eq!(of(en, &key), of(zh, &key), "@{key}: placeholders differ");
    }
}

#[test]
fn every_placeholder_is_one_the_engine_provides() {
    for &lang in Lang::ALL {
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
fn deep_dives_are_short_paragraphs_and_questions_are_questions() {
    for &lang in Lang::ALL {
        for &d in DeepDive::ALL {
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
    for &lang in Lang::ALL {
        let (_, seq_ack) = deep_dive(lang, DeepDive::SeqAndAck);
        for n in ["1000", "8000", "1001", "1021", "8001", "8011"] {
            assert!(seq_ack.contains(n), "{lang:?}: the classic numbers, {n} missing");
        }
        let (_, flood) = deep_dive(lang, DeepDive::SynFlood);
        assert!(flood.contains("ss -tan state syn-recv") && flood.contains("netstat -nap | grep SYN_RECV"));
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
