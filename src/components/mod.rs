//! One component per file; each renders part of the widget from the store.

pub mod controls;
pub mod free_mode;
pub mod inspector;
pub mod state_diagram;
pub mod timeline;
