//! The playhead: which moment of the run is shown, whether the clock runs,
//! how fast, and which segment the learner selected.

use tcp_model::view::Moment;
use tcp_model::{named_enum, SegmentId, Time};

named_enum! {
    /// The playback speeds offered; the name is how a URL writes it ("2" or "2x").
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub enum Speed {
        /// A quarter of normal speed.
        Quarter = "0.25",
        /// Half speed.
        Half = "0.5",
        /// Normal speed: about 110 px of timeline per second.
        #[default]
        One = "1",
        /// One and a half.
        OneAndHalf = "1.5",
        /// Double.
        Two = "2",
        /// Four times.
        Four = "4",
    }
}

impl Speed {
    /// The factor on wall-clock time.
    pub const fn factor(self) -> f64 {
        match self {
            Speed::Quarter => 0.25,
            Speed::Half => 0.5,
            Speed::One => 1.0,
            Speed::OneAndHalf => 1.5,
            Speed::Two => 2.0,
            Speed::Four => 4.0,
        }
    }

    /// How the picker shows it ("0.25×").
    pub fn label(self) -> String {
        format!("{}×", self.name())
    }
}

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
