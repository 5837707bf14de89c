//! A deterministic model of one TCP connection between a client and a server.
//!
//! This crate computes everything the widget shows: states, segments, timers and
//! the events that explain them. It is pure: no clock (time is virtual and passed
//! in), no IO, no web crates. The widget renders what this crate computes and
//! never decides a TCP rule itself.
//!
//! The layers, bottom up (each only uses the ones above it in this list):
//! - [`vocab`]: time, sequence numbers, flags, states, segments, calls, events;
//! - [`tuning`]: the knobs where real stacks differ (RFC 9293 or Linux);
//! - `tcb`: one connection's RFC 9293 state machine;
//! - `host`: an address with its listener, connections and socket program;
//! - [`wire`]: the network between the hosts (delay, spacing, drops, injections);
//! - [`sim`]: the simulation that orders each instant, and read-only views of a run;
//! - [`scenario`]: scenarios as data (JSON and a compact text form) and the built-in lessons;
//! - [`export`]: runs written out as files (pcap);
//! - [`learn`]: quizzes, challenges, guided lessons and real-tool views of a run;
//! - [`capture`]: pcap and pcapng files read into TCP packets (depends on nothing else);
//! - [`observe`]: one connection of a capture explained: Wireshark's marks, and
//!   each side's states inferred by `tcb`'s rules acting as an observer.

#![forbid(unsafe_code)]
#![warn(missing_docs, unreachable_pub)]

pub mod capture;
pub mod export;
mod host;
pub mod learn;
pub mod observe;
pub mod scenario;
pub mod sim;
mod tcb;
pub mod tuning;
pub mod util;
pub mod vocab;
pub mod wire;

pub use scenario::{library, Scenario, ScenarioError};
pub use sim::{view, Simulation};
pub use tuning::{Profile, Tuning};
pub use vocab::call::{self, Call};
pub use vocab::event::{self, Event, EventKind};
pub use vocab::flags::Flags;
pub use vocab::segment::{Addr, Header, Origin, Purpose, Resend, SegmentId, Side};
pub use vocab::seq::Seq;
pub use vocab::state::State;
pub use vocab::time::{Millis, Time};
pub use wire::{Fate, SegmentRecord};
