//! What a panic in the WebAssembly leaves behind: never a frozen widget.
//!
//! The hook logs the panic to the console and replaces every widget on the
//! page with a small panel: what went wrong and a "Restart" link that reloads
//! the page. (After a panic the WebAssembly instance cannot be trusted to run
//! again, so restarting means loading it anew; a plain link needs no script,
//! so it works under a strict Content-Security-Policy.)

use wasm_bindgen::JsCast;

use crate::HOST_ATTRIBUTE;

/// Installs the hook. Call before mounting any widget.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("tcp-widget crashed: {message}").into());
        show_crash_panel(&message);
    }));
}

/// Replaces every widget host's content with the crash panel.
pub fn show_crash_panel(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(hosts) = document.query_selector_all(&format!("[{HOST_ATTRIBUTE}]")) else {
        return;
    };
    // The page itself, with its query and fragment dropped: the widget's defaults.
    let href = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| href.split(['?', '#']).next().unwrap_or_default().to_string())
        .unwrap_or_default();
    for i in 0..hosts.length() {
        let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else {
            continue;
        };
        let build = || -> Option<()> {
            let panel = document.create_element("div").ok()?;
            panel.set_class_name("tcpw tcpw-crash");
            panel.set_attribute("role", "alert").ok()?;
            let title = document.create_element("strong").ok()?;
            title.set_text_content(Some(
                "The widget stopped because of a bug. / 组件因程序错误停止了。",
            ));
            let detail = document.create_element("pre").ok()?;
            // Text, never HTML: the message may contain anything.
            detail.set_text_content(Some(message));
            let restart = document.create_element("a").ok()?;
            restart.set_class_name("tcpw-btn tcpw-restart");
            restart.set_attribute("href", &href).ok()?;
            restart.set_text_content(Some("Restart / 重新开始"));
            panel.append_child(&title).ok()?;
            panel.append_child(&detail).ok()?;
            panel.append_child(&restart).ok()?;
            // A widget renders inside its shadow root: replace that content,
            // keeping the stylesheet so the panel is styled.
            match host.shadow_root() {
                Some(shadow) => {
                    let children = shadow.children();
                    for j in (0..children.length()).rev() {
                        if let Some(child) = children.item(j) {
                            if !matches!(child.tag_name().as_str(), "STYLE" | "LINK") {
                                child.remove();
                            }
                        }
                    }
                    shadow.append_child(&panel).ok()?;
                }
                None => {
                    host.set_inner_html("");
                    host.append_child(&panel).ok()?;
                }
            }
            Some(())
        };
        build();
    }
}
