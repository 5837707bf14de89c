//! Virtual time. The model never reads a clock: every instant is a number of
//! milliseconds since the start of the scenario, passed in by the caller.
//!
//! (Like smoltcp's own `Instant`, and unlike `std::time::Instant`, which panics
//! on wasm32.)

use core::fmt;
use core::ops::{Add, Sub};
use serde::{Deserialize, Serialize};

/// A point in virtual time, in milliseconds since the scenario started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Time(pub u64);

/// A span of virtual time in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Time {
    /// The instant the scenario starts.
    pub const ZERO: Time = Time(0);

    /// The span from `earlier` to `self` (zero if `earlier` is later).
    pub fn since(self, earlier: Time) -> Millis {
        Millis(self.0.saturating_sub(earlier.0))
    }
}

impl Add<Millis> for Time {
    type Output = Time;
    fn add(self, d: Millis) -> Time {
        Time(self.0.saturating_add(d.0))
    }
}

impl Sub<Millis> for Time {
    type Output = Time;
    fn sub(self, d: Millis) -> Time {
        Time(self.0.saturating_sub(d.0))
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", self.0)
    }
}

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ms", self.0)
    }
}
