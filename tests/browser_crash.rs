//! The crash panel: a widget that panicked is replaced by a message and a
//! restart link, never left frozen; the message is shown as text, not HTML.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_crash_replaces_every_widget_with_a_panel_and_a_restart_link() {
    let first = mount("handshake-and-close").await;
    let second = mount("lost-syn").await;
    tcp_widget::crash::show_crash_panel("index out of bounds <img src=x onerror=alert(1)>");
    for root in [&first, &second] {
        let panel = one(root, ".tcpw-crash[role=alert]");
        assert!(
            text(&one(&panel, "pre")).contains("<img src=x"),
            "the message is shown as text"
        );
        assert!(all(&panel, "img").is_empty(), "and never parsed as HTML");
        let restart = one(&panel, "a.tcpw-restart");
        let href = restart.get_attribute("href").unwrap();
        let location = web_sys::window().unwrap().location();
        let page = format!("{}{}", location.origin().unwrap(), location.pathname().unwrap());
        assert_eq!(
            href, page,
            "restart reloads this page without the parameters that may have caused the crash"
        );
        assert!(!href.contains(['?', '#']));
        assert!(all(root, ".tcpw-svg").is_empty(), "the broken widget is gone");
    }
}
