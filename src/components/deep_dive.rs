//! The deep-dive questions: why three, why four, why TIME-WAIT, SYN floods,
//! why SYN and FIN take a number, what seq and ack mean. Opening one shows
//! its answer and a button that loads the scenario showing it.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::narration::dives::deep_dive;
use crate::narration::DeepDive;
use crate::store::settled::use_settled_store;
use crate::store::Action;

/// A paragraph; `backticked` spans are commands, shown as code.
fn paragraph(text: &str) -> Html {
    html! {
        <p>
            { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }) }
        </p>
    }
}

/// The deep-dive questions.
#[component]
pub fn DeepDives() -> Html {
    let store = use_settled_store();
    let lang = store.prefs.lang;
    let ui = &lang.texts().ui;
    // The answers come with the deferred texts: ask for them on first opening.
    let want_more = {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::WantMore))
    };
    let have_answers = crate::text::has_more(lang);
    let question = |d: DeepDive| {
        let (title, body) = deep_dive(lang, d);
        let play = {
            let dispatch = store.dispatcher();
            Callback::from(move |e: MouseEvent| {
                dispatch.dispatch(Action::PickScenario(d.scenario()));
                dispatch.dispatch(Action::TogglePlay);
                // Bring the widget's top (controls, narration, timeline) into view.
                let widget = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .and_then(|el| el.closest(".tcpw").ok().flatten());
                if let Some(widget) = widget {
                    widget.scroll_into_view();
                }
            })
        };
        let scenario_title = lang.texts().scenario_title(d.scenario());
        html! {
            <details class="tcpw-dive" data-dive={d.name()}>
                <summary onclick={want_more.clone()}>{ title }</summary>
                <div class="tcpw-dive-body" aria-busy={(!have_answers).to_string()}>
                    if have_answers {
                        { for body.split("\n\n").map(paragraph) }
                    } else {
                        <p class="tcpw-dive-wait">{ "…" }</p>
                    }
                    <button type="button" class="tcpw-btn tcpw-dive-play" onclick={play}
                        data-scenario={d.scenario()} title={scenario_title}>
                        { format!("▶ {} · {}", ui.play_scenario, scenario_title) }
                    </button>
                </div>
            </details>
        }
    };
    html! {
        <section class="tcpw-dives" aria-label={ui.deep_dives}>
            <h2 class="tcpw-dives-title">{ ui.deep_dives }</h2>
            { for DeepDive::ALL.iter().map(|&d| question(d)) }
        </section>
    }
}
