//! Small browser hooks: the width of an element, kept current on resize.

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
