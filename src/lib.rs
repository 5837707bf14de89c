//! The TCP teaching widget: Yew components over the `tcp_model` simulation.
//!
//! This crate renders and animates what the model computes; it never decides
//! a TCP rule. The layers, top down:
//! - [`mount`]: finds host elements and starts a widget in each (the entry point);
//! - [`app`] and [`components`]: the Yew component tree;
//! - [`store`]: the one reducer (lesson, playhead, preferences) and its
//!   mapping to and from a host's [`config`];
//! - [`narration`]: the model's events told as sentences or analogies;
//! - [`layout`] and [`svg`]: pure geometry and the typed SVG writer;
//! - [`text`]: the content files (a leaf: it knows no other module);
//! - [`loader`]: the one file that knows the page's JavaScript (`tcpWidget`);
//! - [`clock`], [`hooks`], [`crash`]: browser plumbing.

pub mod app;
pub mod clock;
pub mod components;
pub mod config;
pub mod crash;
pub mod fetch;
pub mod hooks;
pub mod keyboard;
pub mod labels;
pub mod layout;
pub mod loader;
pub mod mount;
pub mod narration;
pub mod store;
pub mod svg;
pub mod text;
pub mod units;

pub use mount::{mount_all, HOST_ATTRIBUTE};
