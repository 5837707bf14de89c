//! The notices a widget shows the learner until dismissed: a parameter not
//! understood, an action the model refused, texts or a capture that could
//! not be loaded.

use tcp_model::capture::CaptureError;
use tcp_model::sim::ActionError;

use crate::config;
use crate::text::Lang;

/// A polite message for the learner, shown until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// A host parameter was not understood.
    Param(config::Notice),
    /// A step or time parameter lies beyond the lesson (`max` is its extent).
    ParamTooFar {
        /// The parameter's name.
        param: &'static str,
        /// The value given.
        value: String,
        /// The valid range, as text.
        max: String,
    },
    /// The model refused a learner's action.
    Refused(ActionError),
    /// A language's texts could not be loaded (the widget keeps the other
    /// language, if it has it, and offers to try again).
    ContentFailed {
        /// The language whose texts failed.
        lang: Lang,
        /// Why, as the loader says.
        why: String,
    },
    /// A capture file could not be opened; the run shown stays.
    Capture {
        /// The file's name.
        name: String,
        /// Why, as the model's reader says (`None`: the browser could not read it).
        error: Option<CaptureError>,
    },
}
