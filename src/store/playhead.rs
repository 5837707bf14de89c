//! The playhead: which moment of the run is shown, whether the clock runs,
//! how fast, and which segment the learner selected.

use tcp_model::view::Moment;
use tcp_model::{SegmentId, Time};

use crate::config::Speed;

/// Where playback stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Playhead {
    /// The moment shown: before anything happens, or a point of virtual time.
    pub moment: Moment,
    /// The clock runs.
    pub playing: bool,
    /// How fast.
    pub speed: Speed,
    /// The segment the inspector shows.
    pub selected: Option<SegmentId>,
    /// With reduced motion the clock jumps from event to event: wall-clock
    /// milliseconds spent at the current one.
    pub dwell_ms: f64,
}

/// With reduced motion, how long each event stays on screen at 1× (ms).
pub const REDUCED_MOTION_DWELL_MS: f64 = 1_200.0;

impl Default for Playhead {
    fn default() -> Playhead {
        Playhead {
            moment: Moment::Start,
            playing: false,
            speed: Speed::default(),
            selected: None,
            dwell_ms: 0.0,
        }
    }
}

impl Playhead {
    /// The virtual time shown (0 before anything happens).
    pub fn now(&self) -> Time {
        self.moment.time()
    }
}
