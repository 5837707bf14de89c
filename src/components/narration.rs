//! The narration panel: what happened, told technically (with the run's own
//! numbers) or through an analogy, in step with the timeline. The sentences
//! of the latest instant are shown large; earlier ones scroll above them,
//! newest at the bottom. The latest sentences are mirrored into a polite
//! live region for screen readers.

use std::rc::Rc;

use tcp_model::{Side, Simulation};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::narration::{narrate_all, said_until, Mode, Said, Theme};
use crate::store::{Action, StoreHandle};
use crate::text::{analogy_breaks, fill, Lang};

/// A run compared by identity: the store swaps the `Rc` whenever the run changes.
#[derive(Clone)]
struct RunKey(Rc<Simulation>);

impl PartialEq for RunKey {
    fn eq(&self, other: &RunKey) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn side_class(side: Option<Side>) -> &'static str {
    match side {
        Some(Side::Client) => "tcpw-said tcpw-said-client",
        Some(Side::Server) => "tcpw-said tcpw-said-server",
        None => "tcpw-said tcpw-said-wire",
    }
}

fn said_html(lang: Lang, said: &Said) -> Html {
    let time = fill(lang.texts().ui.at_time, &[("time", &said.at.0.to_string())]);
    html! {
        <li class={side_class(said.side)} data-at={said.at.0.to_string()}>
            <span class="tcpw-said-time">{ time }</span>
            <span class="tcpw-said-text">{ said.text.clone() }</span>
        </li>
    }
}

#[component]
pub fn Narration() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let (lang, mode, theme) = (store.lang, store.mode, store.theme);
    let ui = &lang.texts().ui;
    // The whole run is narrated once per run, language and view; the moment only cuts it.
    let all = use_memo(
        (
            RunKey(store.run.clone()),
            lang,
            mode,
            theme,
            store.content_version,
        ),
        |(run, lang, mode, theme, _)| narrate_all(&run.0, *lang, *mode, *theme),
    );
    let said = &all[..said_until(&all, &store.run, store.moment())];
    // The latest instant's sentences are "now"; everything before is the log.
    let now_from = said.last().map_or(0, |last| {
        said.iter().rposition(|s| s.at != last.at).map_or(0, |i| i + 1)
    });
    let (log, now) = said.split_at(now_from);

    // Keep the log scrolled to its newest line.
    let log_ref = use_node_ref();
    {
        let log_ref = log_ref.clone();
        use_effect_with((log.len(), lang, mode, theme), move |_| {
            if let Some(el) = log_ref.cast::<web_sys::Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    let set_mode = |m: Mode| {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::SetMode(m)))
    };
    let on_theme = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value());
            if let Some(theme) = value.as_deref().and_then(Theme::from_id) {
                dispatch.dispatch(Action::SetTheme(theme));
            }
        })
    };
    let mode_button = |m: Mode, id: &'static str| {
        html! {
            <button type="button" class="tcpw-btn tcpw-seg-btn" data-set-mode={id}
                aria-pressed={(mode == m).to_string()} onclick={set_mode(m)}>
                { ui.mode_name(m) }
            </button>
        }
    };
    let live_text = now.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ");
    let mode_id = match mode {
        Mode::Technical => "technical",
        Mode::Analogy => "analogy",
    };

    html! {
        <section class="tcpw-narration" aria-label={ui.narration} data-mode={mode_id} data-theme={theme.id()}>
            <div class="tcpw-narr-head">
                <h2 class="tcpw-narr-title">{ ui.narration }</h2>
                <div class="tcpw-narr-tools">
                    <div class="tcpw-segmented" role="group" aria-label={ui.explain_as}>
                        { mode_button(Mode::Technical, "technical") }
                        { mode_button(Mode::Analogy, "analogy") }
                    </div>
                    if mode == Mode::Analogy {
                        <label class="tcpw-theme">
                            <span class="tcpw-sr-only">{ ui.theme }</span>
                            <select onchange={on_theme} aria-label={ui.theme}>
                                { for Theme::ALL.iter().map(|t| html! {
                                    <option value={t.id()} selected={*t == theme}>{ ui.theme_name(*t) }</option>
                                }) }
                            </select>
                        </label>
                    }
                </div>
            </div>
            <div class="tcpw-narr-body">
                <ol class="tcpw-narr-log" ref={log_ref} aria-label={ui.narration_log} tabindex="0">
                    { for log.iter().map(|s| said_html(lang, s)) }
                </ol>
                <div class="tcpw-narr-now">
                    if now.is_empty() {
                        <p class="tcpw-hint tcpw-narr-empty">{ ui.narration_empty }</p>
                    } else {
                        <ol class="tcpw-narr-current">{ for now.iter().map(|s| said_html(lang, s)) }</ol>
                    }
                </div>
            </div>
            <div class="tcpw-sr-only" aria-live="polite" aria-atomic="true">{ live_text }</div>
            if mode == Mode::Analogy {
                <details class="tcpw-breaks" open=true>
                    <summary>{ ui.analogy_breaks }</summary>
                    <p>{ analogy_breaks(lang, theme) }</p>
                </details>
            }
        </section>
    }
}
