//! A deterministic model of one TCP connection between a client and a server.
//!
//! This crate computes everything the widget shows: states, segments, timers and
//! the events that explain them. It is pure: no clock (time is virtual and passed
//! in), no IO, no web crates. The widget renders what this crate computes and
//! never decides a TCP rule itself.

extern crate alloc;

mod app;
pub mod call;
pub mod capture;
pub mod event;
pub mod flags;
mod host;
pub mod library;
pub mod pcap;
pub mod scenario;
pub mod scenario_text;
pub mod segment;
pub mod seq;
pub mod sim;
pub mod small_sort;
pub mod state;
mod tcb;
pub mod time;
pub mod trace;
pub mod tuning;
pub mod view;

pub use call::Call;
pub use event::{Event, EventKind, SegmentId};
pub use flags::Flags;
pub use scenario::{Scenario, ScenarioError};
pub use segment::{Addr, Header, Origin, Purpose, Side};
pub use seq::Seq;
pub use sim::{SegmentRecord, Simulation};
pub use state::State;
pub use time::{Millis, Time};
pub use tuning::{Profile, Tuning};
