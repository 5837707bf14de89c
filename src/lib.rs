//! The TCP teaching widget: Yew components over the `tcp_model` simulation.
//!
//! This crate renders and animates what the model computes; it never decides a
//! TCP rule. `mount_all` is the entry point used by the page and by embeds.

pub mod app;
pub mod clock;
pub mod components;
pub mod crash;
pub mod hooks;
pub mod labels;
pub mod layout;
pub mod narration;
pub mod store;
pub mod text;

use wasm_bindgen::JsCast;

/// The attribute that marks a host element to mount a widget into.
pub const HOST_ATTRIBUTE: &str = "data-tcp-widget";

/// Mounts an independent widget into every element carrying [`HOST_ATTRIBUTE`].
pub fn mount_all() {
    crash::install_panic_hook();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all(&format!("[{HOST_ATTRIBUTE}]")) else {
        return;
    };
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
            yew::Renderer::<app::App>::with_root(host).render();
        }
    }
}
