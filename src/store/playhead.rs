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
}

impl Default for Playhead {
    fn default() -> Playhead {
        Playhead {
            moment: Moment::Start,
            playing: false,
            speed: Speed::default(),
            selected: None,
        }
    }
}

impl Playhead {
    /// The virtual time shown (0 before anything happens).
    pub fn now(&self) -> Time {
        self.moment.time()
    }
}
