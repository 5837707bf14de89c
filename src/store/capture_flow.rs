//! What the learner does with captures, through the reducer: open a file
//! (its first connection replaces the run, or a notice says why not and the
//! run stays) and pick another of its connections.

use tcp_model::capture::Unpacked;

use super::capture::Opened;
use super::{Lesson, Notice, Store};

impl Store {
    /// Opens a capture file the learner gave: its first connection replaces
    /// the run shown, or a notice says why not and the run stays.
    pub(super) fn open_capture(&mut self, name: String, bytes: &[u8], unpacked: Option<Unpacked>) {
        match Opened::open(&name, bytes, unpacked) {
            Ok(opened) => {
                self.notices.retain(|n| !matches!(n, Notice::Capture { .. }));
                self.start_lesson(Lesson::from_capture(opened));
            }
            Err(error) => self.notify(Notice::Capture {
                name,
                error: Some(error),
            }),
        }
    }

    /// Shows another connection of the capture opened (nothing without one).
    pub(super) fn pick_stream(&mut self, index: usize) {
        if let Some(opened) = self.lesson.capture.clone() {
            self.start_lesson(Lesson::from_capture(opened.choose(index)));
        }
    }
}
