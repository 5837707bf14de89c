//! A deterministic model of one TCP connection between a client and a server.
//!
//! This crate computes everything the widget shows: states, segments, timers and
//! the events that explain them. It is pure: no clock (time is virtual and passed
//! in), no IO, no web crates. The widget renders what this crate computes and
//! never decides a TCP rule itself.

extern crate alloc;

pub mod call;
pub mod flags;
pub mod pcap;
pub mod segment;
pub mod seq;
pub mod state;
pub mod time;
pub mod tuning;

pub use call::Call;
pub use flags::Flags;
pub use segment::{Addr, Header, Origin, Purpose, Side};
pub use seq::Seq;
pub use state::State;
pub use time::{Millis, Time};
pub use tuning::{Profile, Tuning};
