//! Getting a widget its texts: the main file of the language in use (with a
//! fallback to the other language when it fails, so the widget never stays
//! blank), and the deferred file when the analogies or a deep dive need it.
//! Every outcome is told to the store, which redraws.

use yew::prelude::*;

use crate::store::{Action, Store};
use crate::text::{has_more, loaded, Lang};

/// Fetches `lang`'s texts (if this page does not have them yet) and tells
/// the store when they are here, or why not. If they fail and the widget
/// has no texts at all, it falls back to the other language (a notice
/// keeps the failure, with a retry).
pub fn fetch_texts(lang: Lang, dispatch: UseReducerDispatcher<Store>, on_ready: Action) {
    fetch(lang, dispatch, on_ready, true);
}

fn fetch(lang: Lang, dispatch: UseReducerDispatcher<Store>, on_ready: Action, may_fall_back: bool) {
    if loaded(lang).is_some() {
        dispatch.dispatch(Action::ContentReady(lang));
        dispatch.dispatch(on_ready);
        return;
    }
    #[cfg(target_arch = "wasm32")]
    crate::loader::load_texts(
        lang,
        crate::narration::keys::required_keys(),
        move |outcome| match outcome {
            Ok(()) => {
                dispatch.dispatch(Action::ContentReady(lang));
                dispatch.dispatch(on_ready);
            }
            Err(why) => {
                dispatch.dispatch(Action::ContentFailed { lang, why });
                if may_fall_back && !crate::text::any_loaded() {
                    let other = lang.other();
                    fetch(other, dispatch, Action::SetLang(other), false);
                }
            }
        },
    );
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (dispatch, on_ready, may_fall_back);
}

/// Fetches `lang`'s deferred texts (analogies, dives' answers) if this page
/// does not have them yet, and tells the store when they are here.
pub fn fetch_more(lang: Lang, dispatch: UseReducerDispatcher<Store>) {
    if has_more(lang) {
        dispatch.dispatch(Action::MoreReady(lang));
        return;
    }
    #[cfg(target_arch = "wasm32")]
    crate::loader::load_more(lang, crate::narration::keys::deferred_keys(), move |outcome| {
        dispatch.dispatch(match outcome {
            Ok(()) => Action::MoreReady(lang),
            Err(why) => Action::ContentFailed { lang, why },
        })
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = dispatch;
}
