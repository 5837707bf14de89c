//! A share link (or a host page's parameters) as the widget reads it: any
//! URL gives a store with notices, never a panic or a hang; the link the
//! Share button writes for that store reads back with no notice and gives
//! the same link again; both languages' narrations of the run can be told.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tcp_widget::config::Config;
use tcp_widget::narration::{narrate_all, Analogy, Mode};
use tcp_widget::store::link::{config_of, from_config};
use tcp_widget::text::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let (search, hash) = url.split_once('#').unwrap_or((url, ""));
    let (config, notices) = Config::from_url(search, hash);
    let store = from_config(&config, &notices, Lang::En, false);
    let shared = config_of(&store);
    let query = shared.to_query();
    let (again, notices) = Config::from_url(&query, "");
    assert!(
        notices.is_empty(),
        "the written link {query:?} reads back with {notices:?}"
    );
    let reopened = from_config(&again, &notices, Lang::En, false);
    assert_eq!(config_of(&reopened), shared, "the link {query:?} round-trips");
    for (lang, mode) in [(Lang::Zh, Mode::Technical), (Lang::En, Mode::Analogy)] {
        let _ = narrate_all(&store.lesson.run, lang, mode, Analogy::default());
    }
});
