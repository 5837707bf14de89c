//! Starting and stopping widgets: every element marked `data-tcp-widget`
//! gets its own widget, in its own shadow root (so host styles and widget
//! styles never mix), configured by its `data-` attributes (and, for the
//! widget's own page, the URL). The loader (`tcp-widget-host.js`) follows
//! the page: it mounts hosts added later and unmounts hosts removed, through
//! [`mount_element`] and [`unmount_element`]; a framework calls the same
//! through `tcpWidget.mount(el, options)` and `tcpWidget.unmount(el)`.

use std::cell::RefCell;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;

use crate::config::{Config, Notice};

/// Marks a host that has a widget running in it.
const MOUNTED: &str = "data-tcp-widget-mounted";

thread_local! {
    /// The running widgets, by host element: unmounting destroys the Yew app
    /// (its effects stop every timer, frame and listener they started).
    static RUNNING: RefCell<Vec<(web_sys::Element, yew::AppHandle<crate::app::App>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Starts a widget in `host` (nothing if one runs there already).
#[wasm_bindgen(js_name = mountElement)]
pub fn mount_element(host: web_sys::Element) {
    crate::crash::install_panic_hook();
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        mount(&document, &host);
    }
}

/// Stops the widget in `host`, if one runs there, and empties its shadow
/// root: no timer, animation frame or listener is left behind.
#[wasm_bindgen(js_name = unmountElement)]
pub fn unmount_element(host: web_sys::Element) {
    let handle = RUNNING.with(|r| {
        let mut running = r.borrow_mut();
        let at = running.iter().position(|(h, _)| *h == host)?;
        Some(running.swap_remove(at).1)
    });
    if let Some(handle) = handle {
        handle.destroy();
    }
    if let Some(shadow) = host.shadow_root() {
        shadow.set_inner_html("");
    }
    let _ = host.remove_attribute(MOUNTED);
}

/// Removes the prerendered first frame (see `scripts/prerender.mjs`) from
/// the shadow root the widget at `el` renders in, once the widget has drawn
/// its own: the frames and the slot that showed the host's loading line sit
/// before the widget's root, which CSS keeps hidden while they are there.
pub fn drop_first_frame(el: &web_sys::Element) {
    let Some(root) = el.closest(".tcpw-root").ok().flatten() else {
        return;
    };
    let _ = root.remove_attribute("inert");
    let mut before = root.previous_element_sibling();
    while let Some(el) = before {
        before = el.previous_element_sibling();
        if el.matches(".tcpw-prerender, slot").unwrap_or(false) {
            el.remove();
        }
    }
}

/// How many widgets run on this page (for tests and benchmarks).
#[wasm_bindgen(js_name = runningWidgets)]
pub fn running_widgets() -> usize {
    RUNNING.with(|r| r.borrow().len())
}

/// The attribute that marks a host element to mount a widget into.
pub const HOST_ATTRIBUTE: &str = "data-tcp-widget";

/// Mounts an independent widget into every element carrying [`HOST_ATTRIBUTE`]
/// (skipping ones already mounted). Each widget lives in its own shadow root,
/// so host styles and widget styles never mix.
pub fn mount_all() {
    crate::crash::install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all(&format!("[{HOST_ATTRIBUTE}]")) else {
        return;
    };
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            mount(&document, &host);
        }
    }
}

/// The configuration a host element asks for: its `data-` attributes, and
/// for the widget's own page (`data-tcp-widget="page"`) the URL's query and
/// fragment, which win.
fn host_config(host: &web_sys::Element) -> (Config, Vec<Notice>) {
    let attrs: Vec<(String, String)> = crate::config::PARAMS
        .iter()
        .filter_map(|p| {
            host.get_attribute(&format!("data-{p}"))
                .map(|v| (p.to_string(), v))
        })
        .collect();
    let mut pairs: Vec<(String, String)> = attrs;
    if host.get_attribute(HOST_ATTRIBUTE).as_deref() == Some("page") {
        if let Some(location) = web_sys::window().map(|w| w.location()) {
            let (search, hash) = (
                location.search().unwrap_or_default(),
                location.hash().unwrap_or_default(),
            );
            pairs.extend(crate::config::url_pairs(&search, &hash));
        }
    }
    Config::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn mount(document: &web_sys::Document, host: &web_sys::Element) {
    if host.has_attribute(MOUNTED) {
        return;
    }
    let _ = host.set_attribute(MOUNTED, "");
    let (config, notices) = host_config(host);
    // Inside an iframe the page drops its margins (static/page.css).
    if config.embed && host.get_attribute(HOST_ATTRIBUTE).as_deref() == Some("page") {
        if let Some(html) = document.document_element() {
            let _ = html.set_attribute("data-embed", "");
        }
    }
    let root = shadow_root_for(document, host).unwrap_or_else(|| host.clone());
    let props = crate::app::AppProps {
        config: std::rc::Rc::new(config),
        notices: std::rc::Rc::new(notices),
        page: host.get_attribute(HOST_ATTRIBUTE).as_deref() == Some("page"),
    };
    let handle = yew::Renderer::<crate::app::App>::with_root_and_props(root, props).render();
    RUNNING.with(|r| r.borrow_mut().push((host.clone(), handle)));
}

/// A shadow root on `host` holding the widget's stylesheet and an element to
/// render into; `None` if the browser cannot attach one.
fn shadow_root_for(document: &web_sys::Document, host: &web_sys::Element) -> Option<web_sys::Element> {
    // A host mounted before (and unmounted) keeps its shadow root: reuse it.
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .ok()?,
    };
    let style: web_sys::Element = match crate::loader::css_text() {
        Some(css) => {
            let style = document.create_element("style").ok()?;
            style.set_text_content(Some(&css));
            style
        }
        None => {
            let base = crate::loader::base()
                .or_else(|| document.base_uri().ok().flatten())
                .unwrap_or_default();
            let base = if base.ends_with('/') {
                base
            } else {
                base.rsplit_once('/')
                    .map_or(base.clone(), |(dir, _)| format!("{dir}/"))
            };
            let link = document.create_element("link").ok()?;
            link.set_attribute("rel", "stylesheet").ok()?;
            link.set_attribute("href", &format!("{base}widget.css")).ok()?;
            link
        }
    };
    shadow.append_child(&style).ok()?;
    let root = document.create_element("div").ok()?;
    root.set_class_name("tcpw-root");
    // Unstyled, the widget would flash the host's colours and fonts (or
    // worse, its writing mode) until its stylesheet arrives: hidden until
    // then (widget.css shows `.tcpw-root` with !important).
    root.set_attribute("style", "visibility: hidden").ok()?;
    // Under a prerendered first frame it is laid out but out of reach (CSS
    // clips it; `inert` keeps focus and clicks away) until it has drawn.
    if shadow.query_selector(".tcpw-prerender").ok().flatten().is_some() {
        root.set_attribute("inert", "").ok()?;
    }
    shadow.append_child(&root).ok()?;
    Some(root)
}
