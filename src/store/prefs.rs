//! The learner's preferences: how the widget speaks and looks. They survive
//! every change of lesson (Restart, another scenario, free mode).

use crate::config::Scheme;
use crate::narration::{Analogy, Mode};
use crate::text::Lang;

/// How the widget speaks and looks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// The language of every text.
    pub lang: Lang,
    /// Technical explanation or analogy.
    pub mode: Mode,
    /// Which analogy, when the mode is the analogy.
    pub analogy: Analogy,
    /// Colour scheme.
    pub scheme: Scheme,
    /// Hide deep dives, key help and the share row (for small embeds).
    pub compact: bool,
    /// The learner asked for less motion: segments jump instead of gliding.
    pub reduced_motion: bool,
}
