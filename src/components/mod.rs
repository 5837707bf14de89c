//! One component per file; each renders part of the widget from props.

pub mod lifeline;
