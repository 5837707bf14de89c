//! What the observers (`observer.rs`) make of a capture, before `mod.rs`
//! turns it into a [`super::CaptureRun`]: per segment, and as a whole.

use super::types::{Lifeline, Passage};
use crate::event::{Event, IgnoreReason};
use crate::tcb::observe::Sent;
use crate::Purpose;

/// What the observers made of one segment.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Outcome {
    pub(super) sent: Sent,
    /// It revealed a segment the capture missed (see `Run::fill_unseen`).
    pub(super) acks_unseen: bool,
    pub(super) ignored: Option<IgnoreReason>,
    /// An RST: why its sender's rules sent it ([`super::types::Observation::rst_purpose`]).
    pub(super) rst_purpose: Option<Purpose>,
    /// A bare ACK its sender's rules owed at once, by why: a challenge,
    /// TIME-WAIT's answer to a FIN sent again, or a keep-alive's answer.
    pub(super) answer: Option<Purpose>,
    /// It revealed a segment of its sender's the capture missed (`unsent.rs`).
    pub(super) sent_unseen: bool,
}

/// Everything the observers produced.
pub(super) struct Observed {
    pub(super) lifelines: [Lifeline; 2],
    pub(super) outcomes: Vec<Outcome>,
    pub(super) events: Vec<Event>,
    /// The capture time (µs) of each event: the events' own `at` is in
    /// whole milliseconds, too coarse for a loopback round trip.
    pub(super) event_us: Vec<u64>,
    /// When each segment left and reached its receiver, in order.
    pub(super) passages: Vec<Passage>,
}
