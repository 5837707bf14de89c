//! Component tests in a real headless Chromium (wasm-bindgen-test): the widget
//! mounts and shows both lifelines with their RFC 9293 state names.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Creates a fresh host element marked for mounting and returns it.
fn host() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    host.set_attribute(tcp_widget::HOST_ATTRIBUTE, "").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host
}

fn text_of(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_mounts_with_client_closed_and_server_listening() {
    let root = host();
    yew::Renderer::<tcp_widget::app::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;

    assert_eq!(
        text_of(&root, "[data-role=client] .tcpw-lifeline-state"),
        "CLOSED"
    );
    assert_eq!(
        text_of(&root, "[data-role=server] .tcpw-lifeline-state"),
        "LISTEN"
    );
}
