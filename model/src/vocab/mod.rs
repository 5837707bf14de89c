//! The words everything else in the model is written in: virtual time,
//! sequence numbers, control flags, the eleven states, segments and who sent
//! them, socket calls, and the events a run reports.
//!
//! Nothing here knows a TCP rule beyond arithmetic (SYN and FIN take one
//! sequence number each); the rules live in `tcb`, `host` and `wire`.

pub mod action;
pub mod call;
pub mod event;
pub mod flags;
pub mod named;
pub mod reason;
pub mod segment;
pub mod seq;
pub mod state;
pub mod time;
