//! Every word the learner reads, one content source per language:
//! `static/content/<lang>.txt`. Each text is filed under an `@key` line and
//! runs to the next `@` line; code never concatenates sentences, it picks a
//! text and fills in `{placeholders}`.
//!
//! The widget's WebAssembly holds no text: the loader fetches the content
//! file of the language in use (and another only when the learner switches),
//! so a visit downloads one language. Texts a first visit does not need (the
//! analogies' beats and breaks notes, the deep dives' bodies, the details
//! under each narration headline (`@details.<line key>`): see
//! [`is_deferred`]) live in `<lang>-more.txt`, fetched when the learner asks
//! for an analogy or opens a question. Each file ends with an `@end` entry,
//! so a file cut short by a broken download is refused, not shown half. Tests (in `narration::keys`) check that
//! every key exists in every language, with the same placeholders, and
//! nothing else.
//!
//! This module is a leaf: it knows the file format and the languages, not
//! which keys the narration uses or how texts are fetched (`loader.rs`).

use std::cell::RefCell;

tcp_model::named_enum! {
    /// The widget's languages; the name is the content file's (`content/<name>.txt`).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Lang {
        /// English.
        #[default]
        En = "en",
        /// Simplified Chinese.
        Zh = "zh",
    }
}

impl Lang {
    /// The BCP 47 tag, for `lang` attributes.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The other language (what the language button switches to).
    pub const fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// What separates the items of a list in a sentence: Chinese uses its
    /// own full-width comma.
    pub const fn list_separator(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Zh => "，",
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
        self as usize
    }

    /// This language's texts, once loaded (see [`loaded`]). Before that (and
    /// only then) the other language's, or empty texts: never a panic.
    pub fn texts(self) -> &'static Texts {
        loaded(self)
            .or_else(|| Lang::ALL.iter().find_map(|&l| loaded(l)))
            .unwrap_or_else(empty)
    }

    pub fn extra(self) -> &'static Extra {
        &self.texts().extra
    }
}

mod sets;

pub use sets::{Capture, Extra, Ui};

/// All texts of one language.
pub struct Texts {
    pub ui: Ui,
    pub extra: Extra,
    pub capture: Capture,
    /// Every entry, sorted by key (for the narration's lookups).
    entries: Vec<(&'static str, &'static str)>,
    /// The deferred texts (`<lang>-more.txt`) are in `entries` too.
    pub has_more: bool,
}

/// Whether a key's text lives in the deferred file: what only the analogy
/// mode, the deep dives' bodies and the learn panels (lessons, challenges,
/// quiz, tools: opened on demand) need.
pub fn is_deferred(key: &str) -> bool {
    [
        "beat.",
        "breaks.",
        "details.",
        "lesson.",
        "challenge.",
        "quiz.",
        "tools.",
    ]
    .iter()
    .any(|p| key.starts_with(p))
        || (key.starts_with("dive.") && key.ends_with(".body"))
}

/// The largest content file accepted (the real ones are under 64 KB): a
/// captive portal's page or a runaway server must not be parsed for long.
pub const MAX_FILE_BYTES: usize = 512 * 1024;

/// Splits a content file into sorted `(key, text)` entries. The file must end
/// with the `@end` entry, hold no key twice, and stay under [`MAX_FILE_BYTES`].
fn entries_of(text: &'static str) -> Result<Vec<(&'static str, &'static str)>, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(format!("{} bytes, more than a content file can be", text.len()));
    }
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
        entries.push((key.trim(), value));
        rest = &after[end..];
    }
    if entries.pop().map(|(k, _)| k) != Some("end") {
        return Err("the file is cut short (no @end at its end)".into());
    }
    // Sorted once (O(n log n)); a repeated key is then a neighbour.
    tcp_model::util::sort::sort_by(&mut entries, |a, b| a.0 < b.0);
    if let Some(pair) = entries.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("@{} appears twice", pair[0].0));
    }
    Ok(entries)
}

impl Texts {
    /// Parses a content file. Every interface and notice text must be there.
    pub fn parse(text: &'static str) -> Result<Texts, String> {
        Texts::from_entries(entries_of(text)?, false)
    }

    fn from_entries(entries: Vec<(&'static str, &'static str)>, has_more: bool) -> Result<Texts, String> {
        let get = |key: &str| {
            entries
                .binary_search_by(|(k, _)| (*k).cmp(key))
                .ok()
                .map(|i| entries[i].1)
        };
        Ok(Texts {
            ui: Ui::from_entries(get)?,
            extra: Extra::from_entries(get)?,
            capture: Capture::from_entries(get)?,
            entries,
            has_more,
        })
    }

    /// These texts with the deferred file's entries added (each must be a
    /// deferred key this file did not have).
    fn with_more(&self, more: &'static str) -> Result<Texts, String> {
        let more = entries_of(more)?;
        if let Some((key, _)) = more
            .iter()
            .find(|(k, _)| !is_deferred(k) || !self.get(k).is_empty())
        {
            return Err(format!("@{key} does not belong in this file"));
        }
        let mut entries = self.entries.clone();
        entries.extend(more);
        tcp_model::util::sort::sort_by(&mut entries, |a, b| a.0 < b.0);
        Texts::from_entries(entries, true)
    }

    /// The first of `keys` this file has no text for, if any (a file cut
    /// short by a broken download loses its last entries).
    pub fn first_missing<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Option<&'k str> {
        keys.into_iter().find(|k| self.get(k).is_empty())
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
            Box::leak(Box::new(Texts {
                ui: Ui::blank(),
                extra: Extra::blank(),
                capture: Capture::blank(),
                entries: Vec::new(),
                has_more: false,
            }));
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
    Lang::ALL.iter().any(|&l| loaded(l).is_some())
}

/// Native builds (tests, tools) read the content files compiled in.
#[cfg(not(target_arch = "wasm32"))]
fn compiled_in(lang: Lang) -> Option<&'static Texts> {
    let (text, more) = match lang {
        Lang::En => (
            include_str!("../../static/content/en.txt"),
            include_str!("../../static/content/en-more.txt"),
        ),
        Lang::Zh => (
            include_str!("../../static/content/zh.txt"),
            include_str!("../../static/content/zh-more.txt"),
        ),
    };
    install(lang, text, []).ok()?;
    install_more(lang, more).ok()
}

/// The widget gets its texts from the loader (see [`request`]).
#[cfg(target_arch = "wasm32")]
fn compiled_in(_: Lang) -> Option<&'static Texts> {
    None
}

/// Installs a language's content file (kept for the page's lifetime: each
/// language is parsed at most once). `required` are the keys the widget will
/// look up: a file without one of them is refused, not shown with blanks.
pub fn install<'k>(
    lang: Lang,
    text: &str,
    required: impl IntoIterator<Item = &'k str>,
) -> Result<&'static Texts, String> {
    if let Some(t) = LOADED.with(|l| l.borrow()[lang.index()]) {
        return Ok(t);
    }
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    let parsed = Texts::parse(text)?;
    if let Some(key) = parsed.first_missing(required) {
        return Err(format!("missing @{key} (the file may be cut short)"));
    }
    let texts: &'static Texts = Box::leak(Box::new(parsed));
    LOADED.with(|l| l.borrow_mut()[lang.index()] = Some(texts));
    Ok(texts)
}

/// Adds a language's deferred texts (`<lang>-more.txt`) to its installed
/// texts; the main file must be installed first.
pub fn install_more(lang: Lang, text: &str) -> Result<&'static Texts, String> {
    let current = LOADED
        .with(|l| l.borrow()[lang.index()])
        .ok_or_else(|| format!("content/{}.txt is not loaded yet", lang.name()))?;
    if current.has_more {
        return Ok(current);
    }
    let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
    let texts: &'static Texts = Box::leak(Box::new(current.with_more(text)?));
    LOADED.with(|l| l.borrow_mut()[lang.index()] = Some(texts));
    Ok(texts)
}

/// Whether a language's deferred texts are here.
pub fn has_more(lang: Lang) -> bool {
    loaded(lang).is_some_and(|t| t.has_more)
}

/// Replaces each `{key}` in `template` with its value, and each
/// `{key:one|other}` with `one` when the value is exactly 1, else `other`
/// (English nouns and pronouns that agree with a count: "{len}
/// {len:byte|bytes}", "acknowledges {len:it|them}"; Chinese needs none).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let hole = &after[..close];
                let (key, forms) = match hole.split_once(':') {
                    Some((key, forms)) => (key, forms.split_once('|')),
                    None => (hole, None),
                };
                match (values.iter().find(|(k, _)| *k == key), forms) {
                    (Some((_, v)), Some((one, other))) => out.push_str(if *v == "1" { one } else { other }),
                    (Some((_, v)), None) => out.push_str(v),
                    (None, _) => {
                        out.push('{');
                        out.push_str(hole);
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

    #[test]
    fn a_content_file_with_a_missing_or_repeated_entry_is_refused() {
        let en = include_str!("../../static/content/en.txt");
        let without_play = en.replace("@ui.play\n", "@ui.plays\n");
        assert_eq!(
            Texts::parse(Box::leak(without_play.into_boxed_str())).err(),
            Some("missing @ui.play".into())
        );
        let twice = en.replace("@end\n", "@ui.play\nAgain\n@end\n");
        assert_eq!(
            Texts::parse(Box::leak(twice.into_boxed_str())).err(),
            Some("@ui.play appears twice".into())
        );
    }

    #[test]
    fn a_file_cut_short_is_refused_with_the_first_missing_key() {
        let en = include_str!("../../static/content/en.txt");
        // Cut anywhere, even inside the last text: the missing @end says so.
        for cut in [en.len() * 2 / 3, en.len() - 8] {
            let cut = (0..=cut).rev().find(|&i| en.is_char_boundary(i)).unwrap_or(0);
            let cut = &en[..cut];
            let error = Texts::parse(Box::leak(cut.to_owned().into_boxed_str())).err();
            assert_eq!(
                error.as_deref(),
                Some("the file is cut short (no @end at its end)")
            );
        }
    }

    #[test]
    fn deferred_texts_are_exactly_the_more_files_and_merge_once() {
        for (main, more) in [
            (
                include_str!("../../static/content/en.txt"),
                include_str!("../../static/content/en-more.txt"),
            ),
            (
                include_str!("../../static/content/zh.txt"),
                include_str!("../../static/content/zh-more.txt"),
            ),
        ] {
            let main_keys = entries_of(main).unwrap();
            let more_keys = entries_of(more).unwrap();
            assert!(
                main_keys.iter().all(|(k, _)| !is_deferred(k)),
                "a deferred text in the main file"
            );
            assert!(
                more_keys.iter().all(|(k, _)| is_deferred(k)),
                "a main text in the more file"
            );
            let texts = Texts::parse(main).unwrap();
            assert!(!texts.has_more && texts.get("beat.standoff.syn").is_empty());
            let merged = texts.with_more(more).unwrap();
            assert!(merged.has_more && !merged.get("beat.standoff.syn").is_empty());
            assert!(merged.with_more(more).is_err(), "the same texts twice");
        }
    }

    #[test]
    fn parsing_is_fast_on_a_huge_file() {
        // 50,000 tiny entries: a quadratic duplicate check would take minutes.
        let en = include_str!("../../static/content/en.txt");
        let mut big = en.replace("@end\n", "");
        for i in 0..40_000 {
            big.push_str(&format!("@x.k{i}\nv\n"));
        }
        big.push_str("@end\n");
        let texts = Texts::parse(Box::leak(big.into_boxed_str())).unwrap();
        assert_eq!(texts.get("x.k39999"), "v");
        let huge = "@x.y\n".repeat(MAX_FILE_BYTES / 5 + 1) + "@end\n";
        assert!(Texts::parse(Box::leak(huge.into_boxed_str())).is_err());
    }

    #[test]
    fn entries_keep_their_paragraphs() {
        let error = Texts::parse("# comment\n@ui.x\none\n\ntwo\n@ui.y\nthree\n@end\n")
            .err()
            .unwrap_or_default();
        assert!(error.starts_with("missing @ui."), "{error}");
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
    fn fill_makes_a_noun_agree_with_its_count() {
        let sends = "sends {len} {len:byte|bytes}; an ack acknowledges {len:it|them}";
        for (len, told) in [
            ("1", "sends 1 byte; an ack acknowledges it"),
            ("2", "sends 2 bytes; an ack acknowledges them"),
            ("11", "sends 11 bytes; an ack acknowledges them"),
            ("0", "sends 0 bytes; an ack acknowledges them"),
        ] {
            assert_eq!(fill(sends, &[("len", len)]), told);
        }
        assert_eq!(fill("{gone:a|b} stays", &[]), "{gone:a|b} stays");
    }

    #[test]
    fn language_follows_the_browser_tag() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
