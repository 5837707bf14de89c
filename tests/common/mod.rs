//! Helpers for the browser component tests: mount a widget, find and click
//! things, read text. Every wait is `yew::scheduler::flush()`, never a sleep.
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Element, MouseEvent, MouseEventInit};

/// A fresh host element in the page.
pub fn host() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute(tcp_widget::HOST_ATTRIBUTE, "").unwrap();
    host.set_attribute("style", "width: 900px").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

/// Gives the widget its texts, as the loader would (the deferred ones too,
/// as if the learner had already asked for them).
pub fn install_content() {
    use tcp_widget::text::{install, install_more, Lang};
    let keys = tcp_widget::narration::keys::required_keys();
    install(
        Lang::En,
        include_str!("../../static/content/en.txt"),
        keys.iter().map(String::as_str),
    )
    .unwrap();
    install(
        Lang::Zh,
        include_str!("../../static/content/zh.txt"),
        keys.iter().map(String::as_str),
    )
    .unwrap();
    install_more(Lang::En, include_str!("../../static/content/en-more.txt")).unwrap();
    install_more(Lang::Zh, include_str!("../../static/content/zh-more.txt")).unwrap();
}

/// Mounts the app showing a built-in scenario in English, and waits for it.
pub async fn mount(scenario: &str) -> Element {
    install_content();
    let root = host();
    let (config, notices) = tcp_widget::config::Config::parse([("scenario", scenario), ("lang", "en")]);
    assert!(notices.is_empty(), "{notices:?}");
    let props = tcp_widget::app::AppProps {
        config: config.into(),
        notices: notices.into(),
        page: false,
    };
    yew::Renderer::<tcp_widget::app::App>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    root
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Clicks an element (HTML or SVG) with a bubbling mouse event, then lets Yew render.
pub async fn click(el: &Element) {
    let init = MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    el.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// Presses "Next event" `n` times.
pub async fn step(root: &Element, n: usize) {
    for _ in 0..n {
        click(&one(root, "button[aria-label='Next event']")).await;
    }
}

/// Steps until the run is over (the clock shows "t / t ms").
pub async fn step_to_end(root: &Element) {
    for _ in 0..500 {
        let clock = text(&one(root, ".tcpw-clock"));
        let (now, end) = clock.trim_end_matches(" ms").split_once(" / ").unwrap();
        if now == end {
            return;
        }
        step(root, 1).await;
    }
    panic!("the run did not end");
}
