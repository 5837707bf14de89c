//! The root component: owns the store and the clock, handles the keyboard,
//! and lays out the controls, the narration, the timeline, the inspector, the
//! state diagram and the deep-dive questions.

use yew::prelude::*;

use crate::clock::use_animation_clock;
use crate::components::controls::Controls;
use crate::components::deep_dive::DeepDives;
use crate::components::free_mode::FreeMode;
use crate::components::inspector::Inspector;
use crate::components::narration::Narration;
use crate::components::state_diagram::StateDiagram;
use crate::components::timeline::Timeline;
use crate::store::{Action, Store, StoreHandle, DEFAULT_SCENARIO};
use crate::text::Lang;

/// The browser's preferred language, if we have it.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// What a host page (or a test) may choose when mounting a widget.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// A built-in scenario name (the default lesson otherwise).
    #[prop_or_default]
    pub scenario: Option<AttrValue>,
    /// The language (the browser's otherwise).
    #[prop_or_default]
    pub lang: Option<Lang>,
}

/// The whole widget.
#[component]
pub fn App(props: &AppProps) -> Html {
    let store = use_reducer(|| {
        let lang = props.lang.unwrap_or_else(browser_lang);
        let name = props
            .scenario
            .as_deref()
            .and_then(|n| tcp_model::library::builtin(n))
            .map_or(DEFAULT_SCENARIO, |b| b.name);
        Store::builtin(name, lang)
    });
    let on_tick = {
        let dispatch = store.dispatcher();
        Callback::from(move |ms: f64| dispatch.dispatch(Action::Tick(ms)))
    };
    use_animation_clock(store.playing, on_tick);

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
    let ui = &store.lang.texts().ui;
    let lang_switch = {
        let dispatch = store.dispatcher();
        let next = if store.lang == Lang::En {
            Lang::Zh
        } else {
            Lang::En
        };
        let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetLang(next)));
        html! {
            <button type="button" class="tcpw-btn tcpw-lang" {onclick} aria-label={ui.language}>
                { if next == Lang::Zh { "中文" } else { "English" } }
            </button>
        }
    };
    let notice = store.notice.clone().map(|text| {
        let dispatch = store.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::DismissNotice));
        html! {
            <div class="tcpw-notice" role="status">
                <span>{ text }</span>
                <button type="button" class="tcpw-btn tcpw-small" {onclick} aria-label={ui.close}>{ "×" }</button>
            </div>
        }
    });

    html! {
        <ContextProvider<StoreHandle> context={store.clone()}>
            <section class="tcpw" lang={store.lang.tag()} aria-label={ui.widget_label} {onkeydown}>
                <header class="tcpw-top">
                    <Controls />
                    { lang_switch }
                </header>
                { for notice }
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
                <DeepDives />
                <p class="tcpw-hint tcpw-keys">{ ui.keyboard_help }</p>
            </section>
        </ContextProvider<StoreHandle>>
    }
}
