//! Entry point of the WebAssembly: installs the crash panel. The loader
//! (`static/tcp-widget-host.js`, `tcpWidget.attach`) then mounts a widget
//! into every element marked `data-tcp-widget`, now and whenever one is
//! added, and unmounts those removed from the page.

fn main() {
    tcp_widget::crash::install_panic_hook();
}
