//! A capture the learner opened: the file read by the model, its TCP
//! connections, the one shown, and that connection explained by the model
//! (`tcp_model::observe`) as a recorded run the ladder draws like any other.
//! The file's bytes never leave the browser: they are read here and dropped.

use tcp_model::capture::{self, Capture, CaptureError, Stream, Unpacked};
use tcp_model::observe::{self, CaptureRun};

use super::shared::Shared;

/// An opened capture and the connection shown.
#[derive(Debug)]
pub struct Opened {
    /// The file's name, as the learner's system gave it.
    pub name: String,
    /// Everything read from the file (kept to show another connection).
    pub capture: Shared<Capture>,
    /// Its TCP connections, in Wireshark's `tcp.stream` order.
    pub streams: Shared<Vec<Stream>>,
    /// Which connection is shown.
    pub chosen: usize,
    /// That connection, explained.
    pub run: CaptureRun,
}

impl Opened {
    /// Reads a capture file (or the bytes unwrapped from a compressed one)
    /// and explains its first connection with a SYN (its first connection if
    /// none has one). The model bounds the work: too big, broken or TCP-less
    /// files are refused with the reason.
    pub fn open(name: &str, bytes: &[u8], unpacked: Option<Unpacked>) -> Result<Opened, CaptureError> {
        let capture = match unpacked {
            Some(unpacked) => capture::read_unpacked(bytes, unpacked)?,
            None => capture::read(bytes)?,
        };
        let streams = capture::streams(&capture);
        let chosen = streams.iter().position(|s| s.has_syn).unwrap_or(0);
        Ok(Opened::showing(
            name.to_string(),
            Shared::new(capture),
            Shared::new(streams),
            chosen,
        ))
    }

    fn showing(
        name: String,
        capture: Shared<Capture>,
        streams: Shared<Vec<Stream>>,
        chosen: usize,
    ) -> Opened {
        let chosen = chosen.min(streams.len().saturating_sub(1));
        // `read` refuses a file without TCP, so there is a stream to show.
        let run = streams.get(chosen).map_or_else(
            || unreachable!("a capture that was read has a TCP connection"),
            |s| observe::run(&capture, s),
        );
        Opened {
            name,
            capture,
            streams,
            chosen,
            run,
        }
    }

    /// The same capture showing connection `index`.
    pub fn choose(&self, index: usize) -> Opened {
        Opened::showing(
            self.name.clone(),
            self.capture.clone(),
            self.streams.clone(),
            index,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Lesson;
    use tcp_model::Side;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/model/tests/fixtures/captures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn the_first_connection_with_a_syn_is_shown_and_others_can_be_picked() {
        let opened = Opened::open("port_reuse.pcap", &fixture("port_reuse.pcap"), None).unwrap();
        assert!(opened.streams.len() >= 2, "{}", opened.streams.len());
        assert!(opened.streams[opened.chosen].has_syn);
        let other = opened.choose(1);
        assert_eq!((other.chosen, other.run.stream), (1, opened.streams[1].index));
        let lesson = Lesson::from_capture(other);
        assert!(lesson.run.is_recorded());
        assert_eq!(lesson.capture.as_ref().map(|c| c.chosen), Some(1));
        assert!(
            lesson
                .run
                .state_bands(Side::Client, lesson.last_event_time())
                .len()
                > 1
        );
    }

    #[test]
    fn what_is_not_a_capture_is_refused_with_its_reason() {
        let html = b"<!doctype html><title>Captive portal</title>";
        assert!(matches!(
            Opened::open("x.pcap", html, None),
            Err(CaptureError::NotCapture(..))
        ));
        assert_eq!(
            Opened::open("empty.pcap", b"", None).unwrap_err(),
            CaptureError::Empty
        );
    }

    #[test]
    fn a_refused_file_keeps_the_lesson_an_opened_one_ends_it() {
        use crate::store::{Action, LearnAction, Notice, Store};
        use crate::text::Lang;
        use std::rc::Rc;
        use yew::Reducible;

        let s = Rc::new(Store::builtin("handshake-and-close", Lang::En))
            .reduce(Action::Learn(LearnAction::OpenLesson("handshake")));
        assert!(s.learn.guide.is_some());
        let refused = s.clone().reduce(Action::OpenCapture {
            name: "page.html".into(),
            bytes: Rc::new(b"<!doctype html>".to_vec()),
            unpacked: None,
        });
        assert!(refused.learn.guide.is_some(), "nothing of the learner's is lost");
        assert!(matches!(refused.notices[..], [Notice::Capture { .. }]));
        let opened = s.reduce(Action::OpenCapture {
            name: "port_reuse.pcap".into(),
            bytes: Rc::new(fixture("port_reuse.pcap")),
            unpacked: None,
        });
        assert!(opened.lesson.run.is_recorded());
        assert!(
            opened.learn.guide.is_none(),
            "the lesson's questions were about another run"
        );
        assert!(opened.notices.is_empty());
    }
}
