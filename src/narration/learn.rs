//! The words of learn by predicting: where the guided lessons' steps, the
//! challenges, the quiz's prompts and rules and the tool panel's labels are
//! filed in the content files, and the sentences built from the model's
//! verdicts (a field right or wrong, and why; how a call returned; what
//! proved a challenge).
//!
//! The five words of the learn bar live in the main content file (a first
//! visit shows them); everything else is deferred (`<lang>-more.txt`,
//! see `text::is_deferred`), fetched when a panel opens. Which rule explains
//! a field is read from the model's feedback (the segment's purpose, whether
//! it repeats old numbers, whether it carries an ACK), never re-derived.

use tcp_model::call::Outcome;
use tcp_model::learn::challenge::CHALLENGES;
use tcp_model::learn::lesson::LESSONS;
use tcp_model::learn::quiz::{Check, SegmentFeedback, Verdict};
use tcp_model::{Flags, Side};

use super::keys::side_name;
use crate::text::{fill, Lang};

/// The learn bar's words, in the main file.
pub const BAR: [&str; 6] = [
    "learn.label",
    "learn.predict",
    "learn.lessons",
    "learn.challenges",
    "learn.tools",
    "learn.loading",
];

/// The panels' interface words, in the deferred file.
const PANELS: &[&str] = &[
    "quiz.next",
    "quiz.next-side",
    "quiz.state",
    "quiz.call",
    "quiz.sender",
    "quiz.flags",
    "quiz.seq",
    "quiz.ack",
    "quiz.len",
    "quiz.same-as",
    "quiz.ref",
    "quiz.plus-one",
    "quiz.check",
    "quiz.fill",
    "quiz.continue",
    "quiz.right",
    "quiz.wrong",
    "quiz.correct",
    "quiz.you-said",
    "quiz.told",
    "quiz.none",
    "quiz.why",
    "quiz.rule.from",
    "quiz.rule.flags",
    "quiz.rule.seq",
    "quiz.rule.seq-resend",
    "quiz.rule.ack",
    "quiz.rule.no-ack",
    "quiz.rule.len",
    "quiz.nothing",
    "quiz.outcome.ok",
    "quiz.outcome.read",
    "quiz.outcome.eof",
    "quiz.outcome.failed",
    "quiz.state-field",
    "quiz.call-field",
    "quiz.tally",
    "lesson.ui.step",
    "lesson.ui.next",
    "lesson.ui.finish",
    "lesson.ui.retry",
    "lesson.ui.task",
    "lesson.ui.done",
    "lesson.ui.finished",
    "lesson.ui.best",
    "lesson.ui.close",
    "lesson.ui.again",
    "lesson.ui.reset",
    "challenge.ui.intro",
    "challenge.ui.solved",
    "challenge.ui.open",
    "challenge.ui.proof",
    "challenge.ui.segments",
    "challenge.ui.close",
    "challenge.ui.done",
    "tools.ss",
    "tools.tcpdump",
    "tools.capture-on",
    "tools.note",
    "tools.copy",
    "tools.copied",
    "tools.copy-failed",
    "tools.for-capture",
    "tools.tcpdump-file",
    "tools.decoded",
    "tools.no-ss",
];

/// Every key of learn by predicting, for the content files and their tests.
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = BAR.iter().chain(PANELS).map(|k| k.to_string()).collect();
    for l in LESSONS {
        keys.push(format!("lesson.{}.title", l.id));
        keys.push(format!("lesson.{}.analogy", l.id));
        keys.extend((0..l.steps.len()).map(|n| l.text_key(n)));
    }
    for c in CHALLENGES {
        for part in ["title", "goal", "hint"] {
            keys.push(format!("challenge.{}.{part}", c.id));
        }
    }
    keys
}

/// A text by key ("" until its file is here).
pub fn word(lang: Lang, key: &str) -> &'static str {
    lang.texts().get(key)
}

/// A lesson's or a challenge's text: `lesson.<id>.<part>`, `challenge.<id>.<part>`.
pub fn part(lang: Lang, kind: &str, id: &str, part: &str) -> &'static str {
    lang.texts().get(&format!("{kind}.{id}.{part}"))
}

/// Flags as the ladder writes them, or the word for none.
pub fn flags_text(lang: Lang, flags: Flags) -> String {
    if flags == Flags::NONE {
        word(lang, "quiz.none").to_string()
    } else {
        flags.to_string()
    }
}

/// How a call returned, in words.
pub fn outcome_text(lang: Lang, outcome: Outcome) -> String {
    match outcome {
        Outcome::Ok => word(lang, "quiz.outcome.ok").to_string(),
        Outcome::Read { bytes } => fill(word(lang, "quiz.outcome.read"), &[("bytes", &bytes.to_string())]),
        Outcome::Eof { bytes } => fill(word(lang, "quiz.outcome.eof"), &[("bytes", &bytes.to_string())]),
        Outcome::Failed { error } => fill(word(lang, "quiz.outcome.failed"), &[("errno", error.errno())]),
    }
}

/// One line of feedback: a field, the model's verdict, what the learner
/// said, the truth, and the rule that explains it when the guess was wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldLine {
    /// The field's name (`sender`, `flags`, `seq`, `ack`, `len`, `state`, `call`).
    pub field: &'static str,
    /// The model's verdict.
    pub verdict: Verdict,
    /// The sentence shown.
    pub text: String,
    /// The truth, as shown.
    pub actual: String,
    /// The truth in a form that does not depend on the language (a number,
    /// flags as the ladder writes them, a state, an errno or outcome name,
    /// a side): page tests read it back.
    pub value: String,
    /// The rule behind the truth, for a wrong guess ("" otherwise).
    pub rule: &'static str,
}

/// A feedback line from a check, its values already in words.
fn line<T: PartialEq>(
    lang: Lang,
    (field, label): (&'static str, &'static str),
    check: &Check<T>,
    (show, value): (impl Fn(&T) -> String, String),
    rule: &'static str,
) -> FieldLine {
    let verdict = check.verdict();
    let actual = show(&check.actual);
    let values = |guess: String| {
        [
            ("field", label.to_string()),
            ("actual", actual.clone()),
            ("guess", guess),
        ]
    };
    let key = match verdict {
        Verdict::Right => "quiz.correct",
        Verdict::Wrong => "quiz.you-said",
        Verdict::NotAsked => "quiz.told",
    };
    let guess = check.guess.as_ref().map(&show).unwrap_or_default();
    let pairs = values(guess);
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    FieldLine {
        field,
        verdict,
        text: fill(word(lang, key), &refs),
        actual,
        value,
        rule: if verdict == Verdict::Wrong {
            word(lang, rule)
        } else {
            ""
        },
    }
}

/// The feedback on a predicted segment, field by field. The rule for seq
/// and ack is picked by what the model says the segment is: a repeat of old
/// numbers (`resend`), or a segment without ACK.
pub fn segment_lines(lang: Lang, f: &SegmentFeedback) -> Vec<FieldLine> {
    let num = |n: &u32| n.to_string();
    let none = word(lang, "quiz.none");
    let seq_rule = if f.resend.is_some() {
        "quiz.rule.seq-resend"
    } else {
        "quiz.rule.seq"
    };
    let ack_rule = if f.ack.actual.is_some() {
        "quiz.rule.ack"
    } else {
        "quiz.rule.no-ack"
    };
    let w = |k| word(lang, k);
    let ack = |a: &Option<u32>| a.map_or(none.to_string(), |n| n.to_string());
    vec![
        line(
            lang,
            ("sender", w("quiz.sender")),
            &f.from,
            (
                |s: &Side| side_name(lang, *s).to_string(),
                f.from.actual.name().to_string(),
            ),
            "quiz.rule.from",
        ),
        line(
            lang,
            ("flags", w("quiz.flags")),
            &f.flags,
            (|fl: &Flags| flags_text(lang, *fl), f.flags.actual.to_string()),
            "quiz.rule.flags",
        ),
        line(
            lang,
            ("seq", w("quiz.seq")),
            &f.seq,
            (num, f.seq.actual.to_string()),
            seq_rule,
        ),
        line(
            lang,
            ("ack", w("quiz.ack")),
            &f.ack,
            (ack, f.ack.actual.map_or(String::new(), |n| n.to_string())),
            ack_rule,
        ),
        line(
            lang,
            ("len", w("quiz.len")),
            &f.len,
            (num, f.len.actual.to_string()),
            "quiz.rule.len",
        ),
    ]
}

/// The feedback on a state question.
pub fn state_line(lang: Lang, check: &Check<tcp_model::State>) -> FieldLine {
    let show = |s: &tcp_model::State| s.to_string();
    line(
        lang,
        ("state", word(lang, "quiz.state-field")),
        check,
        (show, check.actual.to_string()),
        "",
    )
}

/// A stable name of a call's outcome (for tests and data attributes).
pub fn outcome_name(o: Outcome) -> String {
    match o {
        Outcome::Ok => "ok".into(),
        Outcome::Read { bytes } => format!("read-{bytes}"),
        Outcome::Eof { .. } => "eof".into(),
        Outcome::Failed { error } => error.errno().to_string(),
    }
}

/// The feedback on a call question.
pub fn call_line(lang: Lang, check: &Check<Outcome>) -> FieldLine {
    let show = |o: &Outcome| outcome_text(lang, *o);
    line(
        lang,
        ("call", word(lang, "quiz.call-field")),
        check,
        (show, outcome_name(check.actual)),
        "",
    )
}

#[cfg(test)]
mod tests {
    use tcp_model::event::EventKind;
    use tcp_model::library;

    use super::*;

    /// Every learn text of a language, by key.
    fn texts(lang: Lang) -> Vec<(String, &'static str)> {
        all_keys()
            .into_iter()
            .map(|k| (k.clone(), lang.texts().get(&k)))
            .collect()
    }

    #[test]
    fn chinese_learn_texts_use_chinese_punctuation() {
        for (key, text) in texts(Lang::Zh) {
            for bad in [", ", ". ", "; ", "? ", "! ", ": "] {
                assert!(!text.contains(bad), "@{key} uses {bad:?} in Chinese: {text}");
            }
            assert!(!text.contains('"'), "@{key}: Chinese quotes are “…”");
        }
    }

    /// The numbers a lesson's run can vouch for: sequence numbers (and the
    /// last byte of data), times of events and of timers' deadlines, ports.
    /// The run is the one the lesson's tasks make (the learner's drops).
    fn facts(lesson: &tcp_model::learn::lesson::Lesson) -> Vec<u64> {
        use tcp_model::scenario::{Action, LearnerAction, Scenario};
        let base = library::builtin(lesson.scenario).unwrap().scenario();
        let run = |s: &Scenario| {
            let mut sim = tcp_model::Simulation::new(s).unwrap();
            sim.run_until_finished(tcp_model::Time(600_000));
            sim
        };
        let mut sim = run(&base);
        let mut actions = Vec::new();
        let mut at = tcp_model::view::Moment::Start;
        for step in lesson.steps {
            at = step.seek.and_then(|k| k.moment(&sim)).unwrap_or(at);
            if let Some(tcp_model::learn::lesson::Task::Drop(k)) = step.task {
                let segment = tcp_model::SegmentId(k);
                actions.push(LearnerAction {
                    at_ms: at.time().0,
                    action: Action::Drop { segment },
                });
                sim = run(&Scenario {
                    actions: actions.clone(),
                    ..base.clone()
                });
            }
        }
        let mut out = Vec::new();
        for s in sim.segments() {
            let h = &s.header;
            out.extend([h.seq.0, h.ack.0, h.seq.0.wrapping_add(h.len.max(1) - 1)].map(u64::from));
            out.extend([u64::from(h.src.port), u64::from(h.dst.port), s.sent_at.0]);
        }
        for e in sim.events() {
            out.push(e.at.0);
            if let EventKind::TimerArmed { deadline, .. } = e.kind {
                out.push(deadline.0);
            }
        }
        out
    }

    /// Every number of three digits or more in a lesson's texts is one its
    /// run shows (RFC numbers apart): a text cannot drift from the model.
    #[test]
    fn lesson_texts_quote_only_numbers_of_their_run() {
        for &lang in Lang::ALL {
            for l in LESSONS {
                let facts = facts(l);
                for n in 0..l.steps.len() {
                    let text = lang.texts().get(&l.text_key(n));
                    let text = text.replace("RFC 9293", "").replace("RFC 6298", "");
                    for number in text.split(|c: char| !c.is_ascii_digit()).filter(|w| w.len() >= 3) {
                        let v: u64 = number.parse().unwrap();
                        assert!(
                            facts.contains(&v),
                            "{lang:?} {}: {v} is not in the run of {}",
                            l.text_key(n),
                            l.scenario
                        );
                    }
                }
            }
        }
    }
}
