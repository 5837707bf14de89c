//! The page's side of a few browser chores (static/tcp-widget-host.js, set up
//! by the loader or inlined in the single-file build): downloads, the
//! clipboard and SVG export. Bound here by name, so the wasm carries no Blob,
//! Clipboard or XMLSerializer bindings and no futures runtime (~10 KB gzip).
//! Every call is `catch`: without the helpers (a page that skipped the
//! loader) a chore fails politely instead of panicking.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = tcpWidget, js_name = save)]
    fn save_bytes(data: &[u8], mime: &str, name: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = tcpWidget, js_name = save)]
    fn save_text(data: &str, mime: &str, name: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch, js_namespace = tcpWidget, js_name = copy)]
    fn copy_text(text: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(catch, js_namespace = tcpWidget, js_name = svgFile)]
    fn svg_file(svg: &web_sys::Element) -> Result<String, JsValue>;
}

/// Offers `bytes` as a downloaded file.
pub fn download(bytes: &[u8], mime: &str, name: &str) -> Result<(), JsValue> {
    save_bytes(bytes, mime, name)
}

/// Offers `text` as a downloaded file.
pub fn download_text(text: &str, mime: &str, name: &str) -> Result<(), JsValue> {
    save_text(text, mime, name)
}

/// The drawn SVG element as a standalone file (styles inlined).
pub fn standalone_svg(svg: &web_sys::Element) -> Result<String, JsValue> {
    svg_file(svg)
}

/// Copies `text` to the clipboard; `done(true)` once the browser allowed it.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    match copy_text(text) {
        Ok(promise) => settle(&promise, move |outcome| {
            done(outcome.is_ok_and(|v| v.as_bool() == Some(true)))
        }),
        Err(_) => done(false),
    }
}

/// Calls `done` with `promise`'s outcome, once. Both handlers share the one
/// `done`; `once_into_js` closures free themselves when called (the unused
/// one of the pair stays, a few bytes per call).
pub fn settle(promise: &js_sys::Promise, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    use std::{cell::Cell, rc::Rc};
    type Done = Box<dyn FnOnce(Result<JsValue, JsValue>)>;
    let done: Rc<Cell<Option<Done>>> = Rc::new(Cell::new(Some(Box::new(done))));
    let finish = move |outcome| {
        if let Some(done) = done.take() {
            done(outcome);
        }
    };
    let on_ok = {
        let finish = finish.clone();
        Closure::once_into_js(move |v: JsValue| finish(Ok(v)))
    };
    let on_err = Closure::once_into_js(move |e: JsValue| finish(Err(e)));
    let then = js_sys::Reflect::get(promise, &"then".into()).and_then(|f| f.dyn_into::<js_sys::Function>());
    if let Ok(then) = then {
        let _ = then.call2(promise, &on_ok, &on_err);
    }
}
