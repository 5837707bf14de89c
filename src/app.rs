//! The root component: owns the store and the clock, fetches the texts,
//! handles the keyboard, and lays out the controls, the narration, the
//! timeline, the inspector, the state diagram and the deep-dive questions.

use std::rc::Rc;

use yew::prelude::*;

use crate::clock::use_animation_clock;
use crate::components::capture::CaptureBar;
use crate::components::capture_file::{dropped_file, read_file};
use crate::components::controls::Controls;
use crate::components::deep_dive::DeepDives;
use crate::components::free_mode::FreeMode;
use crate::components::inspector::Inspector;
use crate::components::learn::{tools::ToolsPanel, LearnPanel};
use crate::components::narration::Narration;
use crate::components::notices::Notices;
use crate::components::share::Share;
use crate::components::state_diagram::StateDiagram;
use crate::components::timeline::Timeline;
use crate::config::{self, Config};
use crate::fetch::{fetch_more, fetch_texts};
use crate::store::link::from_config;
use crate::store::progress::{Progress, STORAGE_KEY};
use crate::store::settled::{use_settled_view, Settled};
use crate::store::{Action, Scheme};
use crate::text::Lang;

/// The browser's preferred language, if we have it.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

thread_local! {
    /// The system's colour-scheme query, made once per page and asked on
    /// each render: making it anew on every render (so every animation
    /// frame while playing) was the costliest call of the widget's own code.
    static SYSTEM_DARK: Option<web_sys::MediaQueryList> = web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
}

/// Whether the system prefers dark colours now.
fn system_dark() -> bool {
    SYSTEM_DARK.with(|q| q.as_ref().is_some_and(|m| m.matches()))
}

/// Whether a media query holds (false where it cannot be asked).
fn media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
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
    /// This widget is the page itself (`data-tcp-widget="page"`): its keys
    /// work from page load, before anything has the focus.
    #[prop_or_default]
    pub page: bool,
}

/// The whole widget.
#[component]
pub fn App(props: &AppProps) -> Html {
    let store = use_reducer(|| {
        let lang = props.config.lang.unwrap_or_else(browser_lang);
        let kept = crate::loader::stored(STORAGE_KEY).map(|t| Progress::parse(&t));
        from_config(
            &props.config,
            &props.notices,
            lang,
            media("(prefers-reduced-motion: reduce)"),
        )
        .with_progress(kept.unwrap_or_default())
    });
    // The learner's progress, kept in this browser whenever it changes.
    use_effect_with(store.learn.progress.clone(), |p| {
        crate::loader::store(STORAGE_KEY, &p.to_text())
    });
    // The texts of the language in use: fetched once per page, but every
    // widget is told when they are here (another widget may have fetched them).
    {
        let dispatch = store.dispatcher();
        use_effect_with(store.prefs.lang, move |&lang| {
            fetch_texts(lang, dispatch, Action::SetLang(lang));
        });
    }
    // The deferred texts, once the analogy mode or a deep dive needs them
    // (and only once this language's main texts are here).
    {
        let dispatch = store.dispatcher();
        let needed = store.prefs.mode == crate::narration::Mode::Analogy || store.more_wanted;
        let lang = store.prefs.lang;
        let ready = store.texts_ready[lang as usize];
        use_effect_with((lang, needed && ready), move |&(lang, needed)| {
            if needed {
                fetch_more(lang, dispatch);
            }
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
            if let Some(action) = crate::keyboard::key_action(&e) {
                e.prevent_default();
                dispatch.dispatch(action);
            }
        })
    };
    crate::keyboard::use_page_keys(props.page, store.dispatcher());
    // A capture file dropped anywhere on the widget opens it; while one is
    // dragged over, the widget says what dropping does.
    let dragging = use_state(|| false);
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Leaving for one of the widget's own elements is not leaving.
            let inside = e
                .related_target()
                .zip(e.current_target())
                .is_some_and(|(to, root)| {
                    use wasm_bindgen::JsCast;
                    let (to, root) = (to.dyn_ref::<web_sys::Node>(), root.dyn_ref::<web_sys::Node>());
                    to.zip(root).is_some_and(|(to, root)| root.contains(Some(to)))
                });
            if !inside {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let (dragging, dispatch) = (dragging.clone(), store.dispatcher());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = dropped_file(&e) {
                read_file(file, dispatch.clone());
            }
        })
    };
    let root = use_node_ref();
    let settled = use_settled_view(&store);
    // The prerendered first frame (index.html) gives way once this widget
    // has drawn its own, in the same place and size, or has something to
    // say instead (its texts could not be loaded).
    let failed = store
        .notices
        .iter()
        .any(|n| matches!(n, crate::store::Notice::ContentFailed { .. }));
    {
        let root = root.clone();
        use_effect_with(store.has_texts() || failed, move |&drawn| {
            if let Some(el) = root.cast::<web_sys::Element>().filter(|_| drawn) {
                crate::mount::drop_first_frame(&el);
            }
        });
    }
    let prefs = store.prefs;
    let dark = match prefs.scheme {
        Scheme::Dark => true,
        Scheme::Light => false,
        Scheme::Auto => system_dark(),
    };
    let scheme = if dark { "dark" } else { "light" };
    // Until one language's texts are here there is nothing to label the
    // controls with: hold the widget's place (no layout jump), busy.
    if !store.has_texts() {
        return html! {
            <section class="tcpw tcpw-loading" aria-busy={(!failed).to_string()} data-scheme={scheme} ref={root}>
                <ContextProvider<Settled> context={settled}>
                    <Notices />
                </ContextProvider<Settled>>
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
    let class = classes!(
        "tcpw",
        prefs.compact.then_some("tcpw-compact"),
        dragging.then_some("tcpw-dragging")
    );
    let texts = prefs.lang.texts();
    let capture_title = store
        .lesson
        .capture
        .as_ref()
        .map(|c| crate::text::fill(texts.capture.heading_file, &[("name", &c.name)]));
    let title = match store.lesson.name {
        _ if store.lesson.free => ui.free_mode,
        _ if capture_title.is_some() => capture_title.as_deref().unwrap_or_default(),
        Some(name) => texts.scenario_title(name),
        None => ui.scenario,
    };
    // Only these four move with the clock: they get the live playhead.
    let playhead = store.playhead;
    // The ladder is the main thing: title and invitation, the controls, then
    // the timeline with the narration beside it (wide) or below it (narrow).
    html! {
        <ContextProvider<Settled> context={settled}>
            <section class={class} lang={prefs.lang.tag()} aria-label={ui.widget_label}
                data-scheme={scheme} data-motion={if prefs.reduced_motion { "reduced" } else { "full" }}
                tabindex="-1" ref={root} {onkeydown} {ondragover} {ondragleave} {ondrop}
                data-drop={texts.capture.drop_here}>
                <header class="tcpw-top">
                    <div class="tcpw-heading">
                        <h2 class="tcpw-title">{ title }</h2>
                        <p class="tcpw-invite">
                            { if store.lesson.capture.is_some() { texts.capture.invite } else { ui.drop_hint } }
                        </p>
                    </div>
                    { lang_switch }
                </header>
                <Controls {playhead} />
                <Notices />
                <CaptureBar />
                <div class="tcpw-stage">
                    <Timeline {playhead} />
                    <aside class="tcpw-side">
                        <LearnPanel />
                        <FreeMode />
                        <Narration />
                        <Inspector />
                        <StateDiagram />
                    </aside>
                </div>
                <p class="tcpw-legend">{ ui.legend }</p>
                <ToolsPanel {playhead} />
                <Share {playhead} />
                <DeepDives />
                <p class="tcpw-hint tcpw-keys">{ ui.keyboard_help }</p>
            </section>
        </ContextProvider<Settled>>
    }
}
