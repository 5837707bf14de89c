//! What the learner can do: one [`Action`] per intent, dispatched to the
//! store's reducer (`mod.rs`), which applies it.

use std::rc::Rc;

use tcp_model::capture::{CaptureError, Unpacked};
use tcp_model::{Call, SegmentId, Side, Time};

use super::learn::LearnAction;
use crate::config::Speed;
use crate::narration::{Analogy, Mode};
use crate::text::Lang;

/// What the learner can do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Wall-clock milliseconds passed while playing (from the clock hook).
    Tick(f64),
    /// Play, or pause.
    TogglePlay,
    /// Pause.
    Pause,
    /// On to the next instant something happens.
    StepForward,
    /// Back to the instant before.
    StepBack,
    /// Jump to a time.
    Seek(Time),
    /// Change the playback speed.
    SetSpeed(Speed),
    /// Back to the start; the learner's drops and calls stay (they replay).
    Restart,
    /// Take back the learner's last drop or call.
    Undo,
    /// Forget every drop and call of the learner, back to the start.
    ForgetActions,
    /// Show a built-in scenario.
    PickScenario(&'static str),
    /// An empty scenario in which the learner makes every socket call.
    FreeMode,
    /// Drop the segment on the wire now.
    Drop(SegmentId),
    /// Show a segment in the inspector (or none).
    Select(Option<SegmentId>),
    /// The learner points at a segment's words or arrow (or at nothing).
    Hover(Option<SegmentId>),
    /// A socket call issued by the learner (free mode).
    Call(Side, Call),
    /// Speak another language (its texts are here).
    SetLang(Lang),
    /// Technical explanation or analogy.
    SetMode(Mode),
    /// Which analogy.
    SetAnalogy(Analogy),
    /// Close the notices.
    DismissNotice,
    /// A language's texts arrived: draw with them.
    ContentReady(Lang),
    /// A language's texts could not be loaded (which, and why, for the notice).
    ContentFailed {
        /// The language whose texts failed.
        lang: Lang,
        /// Why, as the loader says.
        why: String,
    },
    /// The learner opened something that needs the deferred texts (a deep
    /// dive's answer).
    WantMore,
    /// A language's deferred texts arrived (the analogies, the dives' answers).
    MoreReady(Lang),
    /// Predict, answer, play a guided lesson or try a challenge (`learn.rs`).
    Learn(LearnAction),
    /// The learner opened a capture file (its name and bytes).
    OpenCapture {
        /// The file's name.
        name: String,
        /// Its bytes (at most the model's limit: the picker checks the size
        /// first; one byte more if unwrapped from a larger gzip file).
        bytes: Rc<Vec<u8>>,
        /// How they came out of a compressed file (`None`: not compressed).
        unpacked: Option<Unpacked>,
    },
    /// A capture file could not be read before the model saw it: too big
    /// (`Some(TooBig)`), gzip data the browser could not unwrap
    /// (`Some(BadCompression)`), or the browser could not read it (`None`).
    CaptureFailed {
        /// The file's name.
        name: String,
        /// Why, if the model's words say it.
        error: Option<CaptureError>,
    },
    /// Show another connection of the opened capture.
    PickStream(usize),
    /// Open the details of the narration's line about this event (an index
    /// into the run's events), or close them if open.
    ToggleDetails(usize),
}
