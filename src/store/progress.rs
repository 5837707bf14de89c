//! The learner's progress between visits: the best score of each guided
//! lesson played to its end, and the challenges solved. Kept in the
//! browser's localStorage under one versioned key, as a few text lines
//! (`lesson handshake 5 6`, `solved connect-gives-up`); nothing goes to a
//! server. Reading is strict and bounded: unknown lines and ids are
//! skipped, so a value from another version or another page is harmless.
//! The storage itself is reached through the loader (`loader::storage_*`),
//! which turns a storage that throws (private mode) into "nothing stored".

use tcp_model::learn::{challenge, lesson};

/// The localStorage key; a new format gets a new version (the old is ignored).
pub const STORAGE_KEY: &str = "tcp-widget-progress-v1";

/// The longest stored value read (a few hundred bytes are real).
const MAX_STORED: usize = 8 * 1024;

/// A lesson's best score: questions answered right at the first try, of all asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Score {
    /// Answered right.
    pub right: u32,
    /// Asked.
    pub of: u32,
}

/// What the learner has done, by stable ids (the model's lesson and challenge ids).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    lessons: Vec<(&'static str, Score)>,
    solved: Vec<&'static str>,
}

impl Progress {
    /// A lesson's best score, if it was played to its end.
    pub fn lesson(&self, id: &str) -> Option<Score> {
        self.lessons.iter().find(|(l, _)| *l == id).map(|(_, s)| *s)
    }

    /// Whether a challenge was solved.
    pub fn solved(&self, id: &str) -> bool {
        self.solved.contains(&id)
    }

    /// Nothing recorded.
    pub fn is_empty(&self) -> bool {
        self.lessons.is_empty() && self.solved.is_empty()
    }

    /// Records a lesson played to its end, keeping the better score.
    pub fn finish_lesson(&mut self, id: &'static str, score: Score) {
        match self.lessons.iter_mut().find(|(l, _)| *l == id) {
            Some((_, best)) if best.right >= score.right => {}
            Some((_, best)) => *best = score,
            None => self.lessons.push((id, score)),
        }
    }

    /// Records a solved challenge.
    pub fn solve(&mut self, id: &'static str) {
        if !self.solved.contains(&id) {
            self.solved.push(id);
        }
    }

    /// The stored form.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (id, s) in &self.lessons {
            out.push_str(&format!("lesson {id} {} {}\n", s.right, s.of));
        }
        for id in &self.solved {
            out.push_str(&format!("solved {id}\n"));
        }
        out
    }

    /// Reads the stored form; whatever is not understood is skipped.
    pub fn parse(text: &str) -> Progress {
        let mut p = Progress::default();
        if text.len() > MAX_STORED {
            return p;
        }
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            match words.as_slice() {
                ["lesson", id, right, of] => {
                    let (Ok(right), Ok(of)) = (right.parse::<u32>(), of.parse::<u32>()) else {
                        continue;
                    };
                    if let Some(l) =
                        lesson::lesson(id).filter(|l| right <= of && of as usize <= l.steps.len())
                    {
                        p.finish_lesson(l.id, Score { right, of });
                    }
                }
                ["solved", id] => {
                    if let Some(c) = challenge::challenge(id) {
                        p.solve(c.id);
                    }
                }
                _ => {}
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_round_trips_and_keeps_the_best_score() {
        let mut p = Progress::default();
        p.finish_lesson("handshake", Score { right: 3, of: 5 });
        p.finish_lesson("handshake", Score { right: 2, of: 5 });
        p.solve("connect-gives-up");
        p.solve("connect-gives-up");
        assert_eq!(p.lesson("handshake"), Some(Score { right: 3, of: 5 }));
        p.finish_lesson("handshake", Score { right: 5, of: 5 });
        let back = Progress::parse(&p.to_text());
        assert_eq!(back, p);
        assert_eq!(back.lesson("handshake"), Some(Score { right: 5, of: 5 }));
        assert!(back.solved("connect-gives-up") && !back.solved("both-time-wait"));
    }

    #[test]
    fn stored_garbage_is_skipped_not_trusted() {
        let text = "lesson handshake 9 5\nlesson nope 1 2\nlesson rst x 3\nsolved <script>\nsolved both-time-wait\n\u{0}\nlesson rst 1 99\n";
        let p = Progress::parse(text);
        assert_eq!(p.to_text(), "solved both-time-wait\n");
        assert!(
            Progress::parse(&"solved both-time-wait\n".repeat(2_000)).is_empty(),
            "too long"
        );
    }
}
