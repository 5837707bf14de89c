//! Playback controls: play/pause, previous/next event, restart, a scrubber
//! over the whole run, speed, the scenario picker and free mode.

use tcp_model::library::BUILTINS;
use tcp_model::view::Moment;
use tcp_model::Time;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::capture::CaptureOpen;
use crate::store::settled::{use_live_store, LiveProps};
use crate::store::{Action, Lesson, Speed};
use crate::text::fill;
use crate::units::ms_text;

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

/// A locked lesson's bounds, in the step numbers `range=` counts.
fn bounds(lesson: &Lesson, lo: Moment, hi: Moment, template: &str) -> String {
    let step = |m| lesson.step_of(m).map_or_else(String::new, |k| k.to_string());
    fill(template, &[("from", &step(lo)), ("to", &step(hi))])
}

/// The transport bar, the scrubber, speed and the scenario picker.
#[component]
pub fn Controls(props: &LiveProps) -> Html {
    let store = use_live_store(props.playhead);
    let ui = &store.prefs.lang.texts().ui;
    let locked = store.prefs.lang.texts().extra.locked;
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
            if let Some(speed) = input_value(&e).and_then(|v| Speed::from_name(&v)) {
                dispatch.dispatch(Action::SetSpeed(speed));
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
    let actions = store.lesson.run.actions().len();
    let end = store.end().0;
    let now = store.now().0;
    let unit = store.lesson.run.time_unit();
    let end_text = ms_text(end, unit);
    let texts = store.prefs.lang.texts();
    let current = if store.lesson.free {
        "free"
    } else if store.lesson.capture.is_some() {
        "capture"
    } else {
        store.lesson.name.unwrap_or("")
    };
    let playing = store.playhead.playing;
    let play_label = if playing { ui.pause } else { ui.play };
    let play_icon = icon(if playing { ICON_PAUSE } else { ICON_PLAY });
    // The picker shows the scenario that runs. Browsers ignore a `selected`
    // attribute on an option the user has already picked, so the select's
    // value is set as a property whenever the lesson changes.
    let picker = use_node_ref();
    {
        let picker = picker.clone();
        use_effect_with(current, move |current| {
            if let Some(select) = picker.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(current);
            }
        });
    }

    html! {
        <div class="tcpw-controls">
            // A teacher's lesson locked to a range of steps keeps its learners
            // inside it: no picker, and a word when they reach its end.
            if let Some((lo, hi)) = store.lesson.range {
                <div class="tcpw-row tcpw-range-note">
                    <span class="tcpw-hint tcpw-bounds">{ bounds(&store.lesson, lo, hi, locked) }</span>
                    if store.moment() >= hi {
                        <strong class="tcpw-complete" role="status">{ ui.lesson_complete }</strong>
                    }
                </div>
            } else {
            <div class="tcpw-row">
                <label class="tcpw-picker">
                    <span>{ ui.scenario }</span>
                    <select onchange={on_scenario} aria-label={ui.scenario} ref={picker}>
                        { for BUILTINS.iter().map(|b| html! {
                            <option value={b.name} selected={current == b.name}>{ texts.scenario_title(b.name) }</option>
                        }) }
                        <option value="free" selected={store.lesson.free}>{ ui.free_mode }</option>
                        if let Some(opened) = &store.lesson.capture {
                            <option value="capture" selected=true disabled=true>
                                { crate::text::fill(texts.capture.heading_file, &[("name", &opened.name)]) }
                            </option>
                        }
                    </select>
                </label>
                <CaptureOpen />
            </div>
            }
            <div class="tcpw-row tcpw-transport">
                <button type="button" class="tcpw-btn" onclick={send(Action::Restart)} title={ui.restart} aria-label={ui.restart}>{ icon(ICON_RESTART) }</button>
                <button type="button" class="tcpw-btn" onclick={send(Action::StepBack)} title={ui.step_back} aria-label={ui.step_back}>{ icon(ICON_BACK) }</button>
                <button type="button" class="tcpw-btn tcpw-play" onclick={send(Action::TogglePlay)} title={play_label}
                    aria-label={play_label} aria-pressed={playing.to_string()}>{ play_icon }</button>
                <button type="button" class="tcpw-btn" onclick={send(Action::StepForward)} title={ui.step_forward} aria-label={ui.step_forward}>{ icon(ICON_FORWARD) }</button>
                // The learner's drops and calls: Restart keeps them (they
                // replay); these take back the last one, or all of them.
                if actions > 0 {
                    <button type="button" class="tcpw-btn tcpw-undo" onclick={send(Action::Undo)}>{ ui.undo }</button>
                    <button type="button" class="tcpw-btn tcpw-forget" onclick={send(Action::ForgetActions)}>
                        { crate::text::fill(ui.forget, &[("n", &actions.to_string())]) }
                    </button>
                }
                <label class="tcpw-speed">
                    <span>{ ui.speed }</span>
                    <select onchange={on_speed} aria-label={ui.speed}>
                        { for Speed::ALL.iter().map(|&s| html! {
                            <option value={s.name()} selected={store.playhead.speed == s}>{ s.label() }</option>
                        }) }
                    </select>
                </label>
            </div>
            // The thumb and the time move on every frame while playing: each
            // sits in a box whose size does not depend on it, which the
            // browser lays out alone instead of the whole page.
            <div class="tcpw-row tcpw-scrub">
                <div class="tcpw-scrub-track">
                    <input type="range" min="0" max={end.to_string()} step="1" value={now.to_string()}
                        oninput={on_scrub} aria-label={ui.time} aria-valuetext={format!("{} ms", ms_text(now, unit))} />
                </div>
                // Not an <output> (a live region): a screen reader would hear
                // every frame's time while playing. As wide as the longest
                // time it will show (now is never past the end).
                <span class="tcpw-clock" style={format!("width:{}ch", 2 * end_text.chars().count() + 6)}>
                    <span class="tcpw-clock-text">{ format!("{} / {end_text} ms", ms_text(now, unit)) }</span>
                </span>
            </div>
        </div>
    }
}
