//! What a recorded run is made of ([`Recording`]) and what a simulation
//! keeps of it: the unit its time counts in and its real endpoints. Types
//! only; the recorded simulation itself is in `recorded.rs`.

use crate::event::Event;
use crate::scenario::Scenario;
use crate::wire::SegmentRecord;

crate::named_enum! {
    /// What one unit of a run's [`Time`](crate::Time) is.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum TimeUnit {
        /// A simulated run: milliseconds.
        #[default]
        Millis = "ms",
        /// A recorded capture: microseconds.
        Micros = "µs",
    }
}

impl TimeUnit {
    /// How many units make a millisecond.
    pub const fn per_ms(self) -> u64 {
        match self {
            TimeUnit::Millis => 1,
            TimeUnit::Micros => 1000,
        }
    }
}

/// What a recorded run is made of.
#[derive(Clone, Debug)]
pub struct Recording {
    /// The two endpoints (their programs are ignored) and the tuning whose
    /// rules explained the recording.
    pub scenario: Scenario,
    /// What one unit of time is.
    pub unit: TimeUnit,
    /// The client's and the server's real addresses and ports, as written
    /// in URLs ("10.0.0.1:80", "\[::1\]:80").
    pub endpoints: [String; 2],
    /// The segments, indexed by id, with their times and fates.
    pub segments: Vec<SegmentRecord>,
    /// What was true before the first event (a server already listening,
    /// states the recording began in), logged as the run's set-up.
    pub setup: Vec<Event>,
    /// Everything that happened, in time order.
    pub events: Vec<Event>,
    /// Each segment's window in bytes, by id: the field scaled as the
    /// handshake agreed (RFC 7323), `None` where the capture lacks the
    /// handshake that set the scale.
    pub windows: Vec<Option<u32>>,
}

/// What a simulation knows of its recording.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    pub(crate) unit: TimeUnit,
    pub(crate) endpoints: [String; 2],
    pub(crate) windows: Vec<Option<u32>>,
}
