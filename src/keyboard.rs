//! The widget's keys: Space/K play or pause, ←/→ (J/L) previous/next event,
//! Home restart, Escape closes the inspector. They work wherever focus is in
//! the widget (buttons included: they do not use arrows) except where a
//! control needs the key itself (a select, the scrubber, Space on a button);
//! and on the widget's own page they work from page load, before anything
//! was clicked.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::store::Action;

/// What a key press asks of the widget, if anything.
pub fn key_action(e: &KeyboardEvent) -> Option<Action> {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return None;
    }
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name())
        .unwrap_or_default();
    // A select and the scrubber use arrows and letters; Space presses a button.
    let takes_keys = matches!(tag.as_str(), "SELECT" | "INPUT" | "TEXTAREA");
    let takes_space = takes_keys || matches!(tag.as_str(), "BUTTON" | "SUMMARY" | "A");
    match e.key().as_str() {
        " " if !takes_space => Some(Action::TogglePlay),
        "k" if !takes_keys => Some(Action::TogglePlay),
        "ArrowRight" | "l" if !takes_keys => Some(Action::StepForward),
        "ArrowLeft" | "j" if !takes_keys => Some(Action::StepBack),
        "Home" if !takes_keys => Some(Action::Restart),
        "Escape" => Some(Action::Select(None)),
        _ => None,
    }
}

/// On the widget's own page (`enabled`), keys pressed while nothing has the
/// focus (a fresh page: the focus is on `<body>`) go to the widget. The
/// listener is removed when the widget unmounts.
#[hook]
pub fn use_page_keys(enabled: bool, dispatch: UseReducerDispatcher<crate::store::Store>) {
    use_effect_with(enabled, move |&enabled| {
        let window = web_sys::window().filter(|_| enabled);
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            let unfocused = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_none_or(|el| matches!(el.tag_name().as_str(), "BODY" | "HTML"));
            if !unfocused || e.default_prevented() {
                return;
            }
            if let Some(action) = key_action(&e) {
                e.prevent_default();
                dispatch.dispatch(action);
            }
        });
        if let Some(w) = &window {
            let _ = w.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = &window {
                let _ = w.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            drop(listener);
        }
    });
}
