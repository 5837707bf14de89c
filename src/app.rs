//! The root component: owns the store and the clock, fetches the texts,
//! handles the keyboard, and lays out the controls, the narration, the
//! timeline, the inspector, the state diagram and the deep-dive questions.

use std::rc::Rc;

use yew::prelude::*;

use crate::clock::use_animation_clock;
use crate::components::controls::Controls;
use crate::components::deep_dive::DeepDives;
use crate::components::free_mode::FreeMode;
use crate::components::inspector::Inspector;
use crate::components::narration::Narration;
use crate::components::notices::Notices;
use crate::components::share::Share;
use crate::components::state_diagram::StateDiagram;
use crate::components::timeline::Timeline;
use crate::config::{self, Config};
use crate::store::link::from_config;
use crate::store::{Action, Scheme, Store, StoreHandle};
use crate::text::{loaded, Lang};

/// The browser's preferred language, if we have it.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// Whether a media query holds (false where it cannot be asked).
fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Fetches `lang`'s texts (if this page does not have them yet) and tells
/// the store when they are here, or why not.
fn fetch_texts(lang: Lang, dispatch: UseReducerDispatcher<Store>, on_ready: Action) {
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
            Err(why) => dispatch.dispatch(Action::ContentFailed(why)),
        },
    );
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (dispatch, on_ready);
}

/// What a host page (or a test) chose when mounting a widget, and what it
/// asked for that could not be understood.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The host's configuration.
    #[prop_or_default]
    pub config: Rc<Config>,
    /// Parameters that were not understood.
    #[prop_or_default]
    pub notices: Rc<Vec<config::Notice>>,
}

/// The whole widget.
#[component]
pub fn App(props: &AppProps) -> Html {
    let store = use_reducer(|| {
        let lang = props.config.lang.unwrap_or_else(browser_lang);
        from_config(
            &props.config,
            &props.notices,
            lang,
            media("(prefers-reduced-motion: reduce)"),
        )
    });
    // The texts of the language in use: fetched once per page, but every
    // widget is told when they are here (another widget may have fetched them).
    {
        let dispatch = store.dispatcher();
        use_effect_with(store.prefs.lang, move |&lang| {
            fetch_texts(lang, dispatch, Action::SetLang(lang));
        });
    }
    let on_tick = {
        let dispatch = store.dispatcher();
        Callback::from(move |ms: f64| dispatch.dispatch(Action::Tick(ms)))
    };
    use_animation_clock(store.playhead.playing, on_tick);

    let onkeydown = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            // Keys typed into form controls belong to them.
            let in_control = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "SELECT" | "INPUT" | "BUTTON" | "SUMMARY")
                });
            let action = match e.key().as_str() {
                " " | "k" if !in_control => Some(Action::TogglePlay),
                "ArrowRight" | "l" if !in_control => Some(Action::StepForward),
                "ArrowLeft" | "j" if !in_control => Some(Action::StepBack),
                "Home" => Some(Action::Restart),
                "Escape" => Some(Action::Select(None)),
                _ => None,
            };
            if let Some(action) = action {
                e.prevent_default();
                dispatch.dispatch(action);
            }
        })
    };
    let prefs = store.prefs;
    let dark = match prefs.scheme {
        Scheme::Dark => true,
        Scheme::Light => false,
        Scheme::Auto => media("(prefers-color-scheme: dark)"),
    };
    let scheme = if dark { "dark" } else { "light" };
    // Until one language's texts are here there is nothing to label the
    // controls with: hold the widget's place (no layout jump), busy.
    if !store.has_texts() {
        let failed = store
            .notices
            .iter()
            .any(|n| matches!(n, crate::store::Notice::ContentFailed(_)));
        return html! {
            <section class="tcpw tcpw-loading" aria-busy={(!failed).to_string()} data-scheme={scheme}>
                <ContextProvider<StoreHandle> context={store.clone()}>
                    <Notices />
                </ContextProvider<StoreHandle>>
            </section>
        };
    }
    let ui = &prefs.lang.texts().ui;
    let lang_switch = {
        let dispatch = store.dispatcher();
        let next = prefs.lang.other();
        // Switch once the other language's texts are here, so the widget
        // never shows one language's words under the other's `lang`.
        let onclick = Callback::from(move |_: MouseEvent| {
            fetch_texts(next, dispatch.clone(), Action::SetLang(next));
        });
        html! {
            <button type="button" class="tcpw-btn tcpw-lang" {onclick} lang={next.tag()} title={ui.language}>
                { if next == Lang::Zh { "中文" } else { "English" } }
            </button>
        }
    };
    let class = if prefs.compact {
        "tcpw tcpw-compact"
    } else {
        "tcpw"
    };
    html! {
        <ContextProvider<StoreHandle> context={store.clone()}>
            <section class={class} lang={prefs.lang.tag()} aria-label={ui.widget_label}
                data-scheme={scheme} data-motion={if prefs.reduced_motion { "reduced" } else { "full" }}
                {onkeydown}>
                <header class="tcpw-top">
                    <Controls />
                    { lang_switch }
                </header>
                <Notices />
                <p class="tcpw-hint">{ ui.drop_hint }</p>
                <FreeMode />
                <Narration />
                <div class="tcpw-main">
                    <Timeline />
                    <aside class="tcpw-side">
                        <StateDiagram />
                        <Inspector />
                    </aside>
                </div>
                <Share />
                <DeepDives />
                <p class="tcpw-hint tcpw-keys">{ ui.keyboard_help }</p>
            </section>
        </ContextProvider<StoreHandle>>
    }
}
