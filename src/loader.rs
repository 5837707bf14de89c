//! The contract between the WebAssembly and the page's JavaScript, in one
//! place: the `tcpWidget` object the loader (`static/tcp-widget-embed.js`)
//! puts on the global scope, with the helpers of `static/tcp-widget-host.js`.
//!
//! | member | what | set by |
//! |---|---|---|
//! | `base` | the URL of the folder the widget's files are in | loader |
//! | `cssText` | the widget's stylesheet itself (single-file build) | single-file build |
//! | `content` | `{ en, zh }`: texts already in memory | loader / single-file build |
//! | `loadContent(code)` | a promise of a language's texts | loader |
//! | `forgetContent(code)` | drops a refused file, so a retry fetches it again | loader |
//! | `save(data, mime, name)` | offers bytes or text as a download | host helpers |
//! | `copy(text)` | a promise: was the text copied to the clipboard | host helpers |
//! | `svgFile(svg)` | the drawn timeline as a standalone SVG file | host helpers |
//! | `load(key)`, `store(key, text)` | localStorage, silent where the browser refuses it | host helpers |
//! | `readCapture(file, limit)` | a promise of a file's `{ bytes, gzip, whole }`, gzip unwrapped (at most `limit` + 1 bytes) | host helpers |
//!
//! Browser chores live in JavaScript because there they cost a few hundred
//! bytes, in Rust tens of kilobytes of bindings. Every call here fails
//! politely (an `Err` or `None`) when a page skipped the loader: no panic.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use tcp_model::capture::{Compression, Unpacked};

use crate::text::{install, install_more, Lang};

#[wasm_bindgen]
extern "C" {
    /// The global object (`globalThis`).
    type Global;
    #[wasm_bindgen(method, getter, js_name = tcpWidget)]
    fn tcp_widget(this: &Global) -> Option<TcpWidget>;

    /// The loader's settings and helpers (see the module table).
    type TcpWidget;
    #[wasm_bindgen(method, getter)]
    fn base(this: &TcpWidget) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = cssText)]
    fn css_text(this: &TcpWidget) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn content(this: &TcpWidget) -> Option<Content>;
    #[wasm_bindgen(method, catch, js_name = loadContent)]
    fn load_content(this: &TcpWidget, code: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = forgetContent)]
    fn forget_content(this: &TcpWidget, code: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = save)]
    fn save_bytes(this: &TcpWidget, data: &[u8], mime: &str, name: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = save)]
    fn save_text(this: &TcpWidget, data: &str, mime: &str, name: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = copy)]
    fn copy_text(this: &TcpWidget, text: &str) -> Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = svgFile)]
    fn svg_file(this: &TcpWidget, svg: &web_sys::Element) -> Result<String, JsValue>;
    #[wasm_bindgen(method, catch, js_name = load)]
    fn storage_load(this: &TcpWidget, key: &str) -> Result<Option<String>, JsValue>;
    #[wasm_bindgen(method, catch, js_name = store)]
    fn storage_store(this: &TcpWidget, key: &str, text: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, js_name = readCapture)]
    fn read_capture_promise(
        this: &TcpWidget,
        file: &web_sys::File,
        limit: u32,
    ) -> Result<js_sys::Promise, JsValue>;

    /// `tcpWidget.content`: language code → texts.
    type Content;
    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &Content, code: &str) -> Option<String>;

    /// What `readCapture` resolves to.
    type CaptureFile;
    #[wasm_bindgen(method, getter)]
    fn bytes(this: &CaptureFile) -> js_sys::Uint8Array;
    #[wasm_bindgen(method, getter)]
    fn gzip(this: &CaptureFile) -> bool;
    #[wasm_bindgen(method, getter)]
    fn whole(this: &CaptureFile) -> bool;

    /// A promise, seen as something with `then(onOk, onErr)` taking plain
    /// functions (closures that free themselves when called), so no futures
    /// runtime is needed.
    type Thenable;
    #[wasm_bindgen(method, js_name = then)]
    fn then_with(this: &Thenable, ok: &JsValue, err: &JsValue);
}

fn settings() -> Option<TcpWidget> {
    js_sys::global().unchecked_into::<Global>().tcp_widget()
}

fn no_loader() -> JsValue {
    JsValue::from_str("no tcp-widget loader on this page")
}

/// Where the widget's files are (with a trailing `/`), if the loader said.
pub fn base() -> Option<String> {
    settings()?.base()
}

/// The widget's stylesheet, when the page carries it inline.
pub fn css_text() -> Option<String> {
    settings()?.css_text()
}

/// Offers `bytes` as a downloaded file.
pub fn download(bytes: &[u8], mime: &str, name: &str) -> Result<(), JsValue> {
    settings().ok_or_else(no_loader)?.save_bytes(bytes, mime, name)
}

/// Offers `text` as a downloaded file.
pub fn download_text(text: &str, mime: &str, name: &str) -> Result<(), JsValue> {
    settings().ok_or_else(no_loader)?.save_text(text, mime, name)
}

/// The drawn SVG element as a standalone file (styles inlined).
pub fn standalone_svg(svg: &web_sys::Element) -> Result<String, JsValue> {
    settings().ok_or_else(no_loader)?.svg_file(svg)
}

/// What this browser keeps under `key` (localStorage), if anything: `None`
/// also where storage is refused (private mode) or no loader is present.
pub fn stored(key: &str) -> Option<String> {
    settings()?.storage_load(key).ok().flatten()
}

/// Keeps `text` under `key` where the browser allows it; silent otherwise.
pub fn store(key: &str, text: &str) {
    if let Some(s) = settings() {
        let _ = s.storage_store(key, text);
    }
}

/// The bytes of `file`, a gzip file's decompressed by the browser (at most
/// `limit` + 1 bytes: more than `limit` means too big, and the rest was not
/// read), with how they were unwrapped (`None`: not compressed). An `Err`
/// says whether gzip data was damaged before any byte came out (or the
/// browser cannot decompress it), rather than the file unreadable.
pub async fn read_capture(file: &web_sys::File, limit: u32) -> Result<(Vec<u8>, Option<Unpacked>), bool> {
    let promise = settings()
        .ok_or(false)?
        .read_capture_promise(file, limit)
        .map_err(|_| false)?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(read) => {
            let read: CaptureFile = read.unchecked_into();
            let unpacked = read.gzip().then(|| Unpacked {
                from: Compression::Gzip,
                whole: read.whole(),
            });
            Ok((read.bytes().to_vec(), unpacked))
        }
        Err(why) => Err(why.as_string().as_deref() == Some("gzip")),
    }
}

/// Copies `text` to the clipboard; `done(true)` once the browser allowed it.
pub fn copy(text: &str, done: impl FnOnce(bool) + 'static) {
    match settings().ok_or_else(no_loader).and_then(|s| s.copy_text(text)) {
        Ok(promise) => settle(&promise, move |outcome| {
            done(outcome.is_ok_and(|v| v.as_bool() == Some(true)))
        }),
        Err(_) => done(false),
    }
}

/// Fetches a language's texts and installs them (keys `required` must all be
/// there), then calls `done`: at once if they are in memory (the single-file
/// build carries both languages), later if they must be fetched. An error
/// says what failed, for the learner.
pub fn load_texts(lang: Lang, required: &'static [String], done: impl FnOnce(Result<(), String>) + 'static) {
    let file = format!("content/{}.txt", lang.name());
    let install_text = move |text: &str| {
        install(lang, text, required.iter().map(String::as_str))
            .map(drop)
            .map_err(|e| {
                // Refused: let a retry fetch it again rather than reuse it.
                if let Some(s) = settings() {
                    let _ = s.forget_content(lang.name());
                }
                format!("{file}: {e}")
            })
    };
    let Some(settings) = settings() else {
        return done(Err(format!(
            "content/{}.txt: no loader (include tcp-widget-embed.js)",
            lang.name()
        )));
    };
    if let Some(text) = settings.content().and_then(|c| c.get(lang.name())) {
        return done(install_text(&text));
    }
    match settings.load_content(lang.name()) {
        Ok(promise) => settle(&promise, move |outcome| {
            done(match outcome {
                Ok(text) => match text.as_string() {
                    Some(text) => install_text(&text),
                    None => Err(format!("content/{}.txt: not text", lang.name())),
                },
                Err(e) => Err(e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .unwrap_or_else(|| format!("content/{}.txt could not be loaded", lang.name()))),
            })
        }),
        Err(_) => done(Err(format!(
            "content/{}.txt: the loader cannot fetch texts",
            lang.name()
        ))),
    }
}

/// Fetches a language's deferred texts (`content/<lang>-more.txt`: the
/// analogies and the deep dives' bodies) and adds them, then calls `done`.
pub fn load_more(lang: Lang, required: &'static [String], done: impl FnOnce(Result<(), String>) + 'static) {
    let code = format!("{}-more", lang.name());
    let file = format!("content/{code}.txt");
    let add = move |text: &str| match install_more(lang, text) {
        Ok(texts) => match texts.first_missing(required.iter().map(String::as_str)) {
            Some(key) => Err(format!("{file}: missing @{key}")),
            None => Ok(()),
        },
        Err(e) => Err(format!("{file}: {e}")),
    };
    let Some(settings) = settings() else {
        return done(Err(format!("content/{code}.txt: no loader")));
    };
    if let Some(text) = settings.content().and_then(|c| c.get(&code)) {
        return done(add(&text));
    }
    match settings.load_content(&code) {
        Ok(promise) => settle(&promise, move |outcome| {
            done(match outcome {
                Ok(text) => text
                    .as_string()
                    .map_or_else(|| Err(format!("content/{code}.txt: not text")), |t| add(&t)),
                Err(_) => Err(format!("content/{code}.txt could not be loaded")),
            })
        }),
        Err(_) => done(Err(format!("content/{code}.txt: the loader cannot fetch texts"))),
    }
}

/// A fetch that has not answered after this long counts as failed (a
/// server that never answers must not leave the widget busy for ever).
pub const FETCH_TIMEOUT_MS: u32 = 12_000;

/// Calls `done` with `promise`'s outcome, once, or with an error after
/// [`FETCH_TIMEOUT_MS`]. The handlers share the one `done`; `once_into_js`
/// closures free themselves when called (the unused one of the pair stays,
/// a few bytes per call).
fn settle(promise: &js_sys::Promise, done: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    use std::{cell::Cell, rc::Rc};
    type Done = Box<dyn FnOnce(Result<JsValue, JsValue>)>;
    let done: Rc<Cell<Option<Done>>> = Rc::new(Cell::new(Some(Box::new(done))));
    // The timeout's handle lives as long as the wait: dropped when the
    // promise settles first (which cancels it), or after it fired.
    let timer: Rc<Cell<Option<gloo_timers::callback::Timeout>>> = Rc::new(Cell::new(None));
    let report = move |outcome| {
        if let Some(done) = done.take() {
            done(outcome);
        }
    };
    // The timeout only reports (it must not drop itself while running).
    let on_timeout = report.clone();
    timer.set(Some(gloo_timers::callback::Timeout::new(
        FETCH_TIMEOUT_MS,
        move || on_timeout(Err(JsValue::from(js_sys::Error::new("no answer (timed out)")))),
    )));
    let finish = move |outcome| {
        drop(timer.take());
        report(outcome);
    };
    let on_ok = {
        let finish = finish.clone();
        Closure::once_into_js(move |v: JsValue| finish(Ok(v)))
    };
    let on_err = Closure::once_into_js(move |e: JsValue| finish(Err(e)));
    promise.unchecked_ref::<Thenable>().then_with(&on_ok, &on_err);
}
