//! Component tests in a real headless Chromium (wasm-bindgen-test): the widget
//! mounts and shows both lifelines with their RFC 9293 state names.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_mounts_with_client_closed_and_server_listening() {
    let root = mount("handshake-and-close").await;
    let state = |side: &str| {
        text(&one(
            &root,
            &format!(".tcpw-outer[data-side={side}] .tcpw-state-label"),
        ))
    };
    assert_eq!(state("client"), "CLOSED");
    assert_eq!(state("server"), "LISTEN");
    let heads: Vec<String> = all(&root, ".tcpw-host-name").iter().map(text).collect();
    assert_eq!(heads, ["Client", "Server"]);
    assert_eq!(all(&root, ".tcpw-lifeline-svg").len(), 2);
}
