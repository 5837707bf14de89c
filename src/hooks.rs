//! Small browser hooks: the width of an element, kept current as its box changes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The element's width in CSS pixels (`fallback` until it is mounted),
/// re-read whenever the element's box changes size (a `ResizeObserver`):
/// the window's resize event is not enough, since the box also changes when
/// the stylesheet or the column beside it is laid out after the first
/// render (one cold load in ten drew a 1,240 px ladder in a 780 px box and
/// kept it). The observer is disconnected on unmount.
#[hook]
pub fn use_element_width(node: NodeRef, fallback: f64) -> f64 {
    let width = use_state(|| fallback);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let measure = {
                let node = node.clone();
                move || {
                    if let Some(el) = node.cast::<web_sys::Element>() {
                        let w = f64::from(el.client_width());
                        if w > 0.0 && (w - *width).abs() >= 1.0 {
                            width.set(w);
                        }
                    }
                }
            };
            measure();
            let on_resize = Closure::<dyn Fn()>::new(measure);
            let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
            if let (Some(observer), Some(el)) = (&observer, node.cast::<web_sys::Element>()) {
                observer.observe(&el);
            }
            move || {
                if let Some(observer) = observer {
                    observer.disconnect();
                }
                drop(on_resize);
            }
        });
    }
    *width
}
