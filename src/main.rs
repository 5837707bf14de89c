//! Entry point of the standalone page: mounts one widget into every element
//! marked `data-tcp-widget`.

fn main() {
    tcp_widget::mount_all();
}
