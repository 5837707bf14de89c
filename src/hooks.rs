//! Small browser hooks: the width of an element, kept current on resize,
//! and whether a media query holds, kept current when it changes.

use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The element's width in CSS pixels (`fallback` until it is mounted),
/// re-read when the window is resized. The listener is removed on unmount.
#[hook]
pub fn use_element_width(node: NodeRef, fallback: f64) -> f64 {
    let width = use_state(|| fallback);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let measure = {
                let node = node.clone();
                Rc::new(move || {
                    if let Some(el) = node.cast::<web_sys::Element>() {
                        let w = f64::from(el.client_width());
                        if w > 0.0 && (w - *width).abs() >= 1.0 {
                            width.set(w);
                        }
                    }
                })
            };
            measure();
            let on_resize = {
                let measure = measure.clone();
                Closure::<dyn Fn()>::new(move || measure())
            };
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &window {
                    let _ =
                        w.remove_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
                }
                drop(on_resize);
            }
        });
    }
    *width
}

/// Whether the media query `query` holds (false where it cannot be asked),
/// kept current by the query's `change` event: asked once per mount, not on
/// every render (the widget renders every animation frame while playing,
/// and `matchMedia` was the costliest call of the widget's own code then).
/// The listener is removed on unmount.
#[hook]
pub fn use_media_query(query: &'static str) -> bool {
    let list = use_memo(query, |&q| {
        web_sys::window().and_then(|w| w.match_media(q).ok().flatten())
    });
    let holds = use_state(|| list.as_ref().as_ref().is_some_and(|m| m.matches()));
    {
        let holds = holds.clone();
        use_effect_with(list, move |list| {
            let list = (**list).clone();
            let on_change = {
                let list = list.clone();
                Closure::<dyn Fn()>::new(move || {
                    holds.set(list.as_ref().is_some_and(|m| m.matches()));
                })
            };
            if let Some(m) = &list {
                let _ = m.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            }
            move || {
                if let Some(m) = &list {
                    let _ =
                        m.remove_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
                }
                drop(on_change);
            }
        });
    }
    *holds
}
