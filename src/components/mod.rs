//! One component per file; each renders part of the widget from the store.

pub mod capture;
pub mod capture_file;
pub mod controls;
pub mod deep_dive;
pub mod free_mode;
pub mod inspector;
pub mod kept;
pub mod learn;
pub mod narration;
pub mod notices;
pub mod share;
pub mod state_diagram;
pub mod timeline;
