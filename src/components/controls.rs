//! Playback controls: play/pause, previous/next event, restart, a scrubber
//! over the whole run, speed, the scenario picker and free mode.

use tcp_model::library::BUILTINS;
use tcp_model::Time;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::store::{Action, StoreHandle, SPEEDS, SPEED_LABELS};

fn input_value(e: &Event) -> Option<String> {
    let target = e.target()?;
    if let Some(input) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some(input.value());
    }
    target.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value())
}

/// Small inline icons (no icon font, no request): restart, back, play, pause, forward.
fn icon(path: &'static str) -> Html {
    html! {
        <svg class="tcpw-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

const ICON_RESTART: &str = "M3 2h2v12H3zM14 2v12L6 8z";
const ICON_BACK: &str = "M8 2v12L1 8zM15 2v12L8 8z";
const ICON_PLAY: &str = "M4 2l10 6-10 6z";
const ICON_PAUSE: &str = "M3 2h4v12H3zM9 2h4v12H9z";
const ICON_FORWARD: &str = "M1 2l7 6-7 6zM8 2l7 6-7 6z";

#[component]
pub fn Controls() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let ui = &store.lang.texts().ui;
    let send = |action: Action| {
        let dispatch = store.dispatcher();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(action.clone()))
    };
    let on_scrub = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e).and_then(|v| v.parse::<u64>().ok()) {
                dispatch.dispatch(Action::Seek(Time(v)));
            }
        })
    };
    let on_speed = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| {
            // Options are indexes into SPEEDS (no float parsing in the bundle).
            if let Some(&v) = input_value(&e)
                .and_then(|v| v.parse::<usize>().ok())
                .and_then(|i| SPEEDS.get(i))
            {
                dispatch.dispatch(Action::SetSpeed(v));
            }
        })
    };
    let on_scenario = {
        let dispatch = store.dispatcher();
        Callback::from(move |e: Event| match input_value(&e).as_deref() {
            Some("free") => dispatch.dispatch(Action::FreeMode),
            Some(name) => {
                if let Some(b) = BUILTINS.iter().find(|b| b.name == name) {
                    dispatch.dispatch(Action::PickScenario(b.name));
                }
            }
            None => {}
        })
    };
    let end = store.end().0;
    let texts = store.lang.texts();
    let current = if store.free {
        "free"
    } else {
        store.scenario_name.unwrap_or("")
    };
    let play_label = if store.playing { ui.pause } else { ui.play };
    let play_icon = icon(if store.playing { ICON_PAUSE } else { ICON_PLAY });

    html! {
        <div class="tcpw-controls">
            <div class="tcpw-row">
                <label class="tcpw-picker">
                    <span>{ ui.scenario }</span>
                    <select onchange={on_scenario} aria-label={ui.scenario}>
                        { for BUILTINS.iter().map(|b| html! {
                            <option value={b.name} selected={current == b.name}>{ texts.scenario_title(b.name) }</option>
                        }) }
                        <option value="free" selected={store.free}>{ ui.free_mode }</option>
                    </select>
                </label>
            </div>
            <div class="tcpw-row tcpw-transport">
                <button type="button" class="tcpw-btn" onclick={send(Action::Restart)} title={ui.restart} aria-label={ui.restart}>{ icon(ICON_RESTART) }</button>
                <button type="button" class="tcpw-btn" onclick={send(Action::StepBack)} title={ui.step_back} aria-label={ui.step_back}>{ icon(ICON_BACK) }</button>
                <button type="button" class="tcpw-btn tcpw-play" onclick={send(Action::TogglePlay)} title={play_label}
                    aria-label={play_label} aria-pressed={store.playing.to_string()}>{ play_icon }</button>
                <button type="button" class="tcpw-btn" onclick={send(Action::StepForward)} title={ui.step_forward} aria-label={ui.step_forward}>{ icon(ICON_FORWARD) }</button>
                <label class="tcpw-speed">
                    <span>{ ui.speed }</span>
                    <select onchange={on_speed} aria-label={ui.speed}>
                        { for SPEEDS.iter().zip(SPEED_LABELS).enumerate().map(|(i, (s, label))| html! {
                            <option value={i.to_string()} selected={(store.speed - s).abs() < 1e-9}>{ label }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class="tcpw-row tcpw-scrub">
                <input type="range" min="0" max={end.to_string()} step="1" value={store.now.0.to_string()}
                    oninput={on_scrub} aria-label={ui.time} aria-valuetext={format!("{} ms", store.now.0)} />
                <output class="tcpw-clock">{ format!("{} / {} ms", store.now.0, end) }</output>
            </div>
        </div>
    }
}
