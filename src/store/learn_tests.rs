//! The learn store through the reducer, as a learner drives it: Predict
//! stops before each segment and accepts the model's truth after a drop;
//! every lesson played through right and wrong; every challenge solved by
//! drops and calls (and not by doing nothing); a solved challenge's share
//! link replays the solution.

use std::rc::Rc;

use tcp_model::learn::challenge::CHALLENGES;
use tcp_model::learn::lesson::{Task, LESSONS};
use tcp_model::learn::quiz::{self, Answer, SegmentGuess, Verdict};
use tcp_model::{Call, Flags, SegmentId, Side, State, Time};
use yew::Reducible;

use super::super::learn::*;
use super::*;
use crate::config::Config;
use crate::store::link::{config_of, from_config};
use crate::store::Action;
use crate::text::Lang;
use tcp_model::call::Outcome;
use tcp_model::view::Moment;

fn store(name: &str) -> Rc<Store> {
    Rc::new(Store::builtin(name, Lang::En))
}

fn learn(s: Rc<Store>, a: LearnAction) -> Rc<Store> {
    s.reduce(Action::Learn(a))
}

/// Plays until the clock stops (a question, or the end), at most `frames`.
fn play(mut s: Rc<Store>, frames: usize) -> Rc<Store> {
    s = s.reduce(Action::TogglePlay);
    for _ in 0..frames {
        if !s.playhead.playing {
            break;
        }
        s = s.reduce(Action::Tick(16.0));
    }
    s
}

/// The exact truth of the open question, as the model has it.
fn truth(s: &Store) -> Guess {
    let q = s.learn.question.expect("a question is open");
    let run = &s.lesson.run;
    match q.ask.answer(run, q.at).expect("the question has an answer") {
        Answer::Segment(id) => Guess::Segment(SegmentGuess::of(run.segment(id).unwrap())),
        Answer::State(st) => Guess::State(st),
        Answer::Call(c) => Guess::Call(c.outcome),
    }
}

/// A wrong answer of the same kind.
fn wrong(s: &Store) -> Guess {
    match truth(s) {
        Guess::Segment(g) => Guess::Segment(SegmentGuess {
            seq: g.seq.map(|n| n.wrapping_add(7)),
            flags: Some(Flags::RST),
            ..g
        }),
        Guess::State(st) => Guess::State(if st == State::Closing {
            State::Listen
        } else {
            State::Closing
        }),
        Guess::Call(o) => Guess::Call(if o == Outcome::Ok {
            Outcome::Eof { bytes: 0 }
        } else {
            Outcome::Ok
        }),
    }
}

#[test]
fn predict_stops_before_each_segment_and_plays_on() {
    let s = learn(store("handshake-and-close"), LearnAction::TogglePredict);
    let s = play(s, 100_000);
    let q = s.learn.question.expect("asked before the SYN");
    assert_eq!((q.at, q.predict, q.resume), (Moment::Start, true, true));
    assert!(!s.playhead.playing);
    let guess = truth(&s);
    let s = learn(s, LearnAction::Answer(guess));
    assert!(s.learn.question.unwrap().reply.unwrap().right());
    let s = learn(s, LearnAction::Continue);
    assert!(s.playhead.playing && s.learn.question.is_none(), "plays on");
    // The next stop is just before the SYN,ACK leaves (100 ms).
    let mut s = play(s.reduce(Action::Pause), 100_000);
    assert_eq!(s.learn.question.unwrap().at, Moment::At(Time(99)));
    // Play on, answering, to the end: one question per instant a host sends.
    let mut asked = 1;
    while s.learn.question.is_some() {
        asked += 1;
        let guess = wrong(&s);
        s = learn(s, LearnAction::Answer(guess));
        s = play(learn(s, LearnAction::Continue).reduce(Action::Pause), 100_000);
    }
    let mut instants: Vec<Time> = s.lesson.run.segments().iter().map(|seg| seg.sent_at).collect();
    instants.dedup();
    assert_eq!(asked, instants.len());
    assert_eq!(s.learn.predicted, (1, asked as u32));
    assert!(s.at_end());
}

#[test]
fn after_a_drop_the_retransmitted_syn_keeps_its_seq_and_the_widget_accepts_it() {
    let s = store("handshake-and-close")
        .reduce(Action::Seek(Time(50)))
        .reduce(Action::Drop(SegmentId(0)));
    let s = learn(s, LearnAction::TogglePredict).reduce(Action::StepForward);
    let q = s.learn.question.expect("asked before the retransmission");
    assert_eq!(q.at, Moment::At(Time(999)));
    let x_plus_one = SegmentGuess {
        from: Some(Side::Client),
        flags: Some(Flags::SYN),
        seq: Some(1001),
        ack: None,
        len: Some(0),
    };
    let s2 = learn(s.clone(), LearnAction::Answer(Guess::Segment(x_plus_one)));
    let Some(Reply::Segment(f)) = s2.learn.question.unwrap().reply else {
        panic!()
    };
    assert_eq!((f.seq.verdict(), f.seq.actual), (Verdict::Wrong, 1000));
    assert!(f.resend.is_some(), "the feedback says why: a retransmission");
    let same = Guess::Segment(SegmentGuess {
        seq: Some(1000),
        ..x_plus_one
    });
    let s3 = learn(s, LearnAction::Answer(same));
    assert!(s3.learn.question.unwrap().reply.unwrap().right());
    // Continue after a step: on to the instant the resent SYN leaves.
    let s4 = learn(s3, LearnAction::Continue);
    assert_eq!(
        (s4.moment(), s4.playhead.playing),
        (Moment::At(Time(1000)), false)
    );
    assert!(s4.learn.question.is_none());
}

/// Plays a guided lesson through the reducer, answering with `answer`,
/// doing each task. Returns the store at its end.
fn play_lesson(id: &'static str, answer: fn(&Store) -> Guess) -> Rc<Store> {
    let mut s = learn(store("handshake-and-close"), LearnAction::OpenLesson(id));
    let lesson = s.learn.guide.unwrap().lesson;
    for n in 0..lesson.steps.len() {
        assert_eq!(s.learn.guide.unwrap().step, n);
        let step = lesson.steps[n];
        if let Some(Task::Drop(k)) = step.task {
            assert!(!s.step_done(), "{id} {n}: the task is not done yet");
            let blocked = learn(s.clone(), LearnAction::GoToStep(n + 1));
            assert_eq!(blocked.learn.guide.unwrap().step, n, "Next waits for the task");
            s = s.reduce(Action::Drop(SegmentId(k)));
        }
        if let Some(q) = s.learn.question {
            assert!(!q.predict && q.reply.is_none());
            assert!(
                s.moment() <= q.at,
                "{id} {n}: shown at or before the moment asked about"
            );
            if let Some(Answer::Call(c)) = q.ask.answer(&s.lesson.run, q.at) {
                assert!(
                    call_choices(Some(c.call)).contains(&c.outcome),
                    "{id} {n}: {c:?} is offered"
                );
            }
            let guess = answer(&s);
            s = learn(s, LearnAction::Answer(guess));
        }
        assert!(s.step_done(), "{id} {n}");
        s = learn(s, LearnAction::GoToStep(n + 1));
    }
    s
}

#[test]
fn every_lesson_plays_through_right_and_wrong_and_is_scored() {
    for l in LESSONS {
        let asked = l.steps.iter().filter(|s| s.ask.is_some()).count() as u32;
        let right = play_lesson(l.id, truth);
        let g = right.learn.guide.unwrap();
        assert!(g.finished());
        assert_eq!((g.right, g.asked), (asked, asked), "{}", l.id);
        assert_eq!(
            right.learn.progress.lesson(l.id).map(|s| (s.right, s.of)),
            Some((asked, asked))
        );
        let wrong = play_lesson(l.id, wrong);
        let g = wrong.learn.guide.unwrap();
        assert_eq!((g.right, g.asked), (0, asked), "{}", l.id);
    }
}

#[test]
fn state_questions_are_shown_before_their_answer_is_on_the_lifeline() {
    for l in LESSONS {
        let mut s = learn(store("handshake-and-close"), LearnAction::OpenLesson(l.id));
        for n in 0..l.steps.len() {
            if let Some(Task::Drop(k)) = l.steps[n].task {
                s = s.reduce(Action::Drop(SegmentId(k)));
            }
            if let Some(q) = s.learn.question {
                if let quiz::Ask::State { side } = q.ask {
                    let run = &s.lesson.run;
                    let now = run.events_until(s.moment()).len();
                    let then = run.events_until(q.at).len();
                    assert!(
                        now < then,
                        "{} {n}: something happens between shown and asked",
                        l.id
                    );
                    let _ = side;
                }
                let guess = truth(&s);
                s = learn(s, LearnAction::Answer(guess));
            }
            s = learn(s, LearnAction::GoToStep(n + 1));
        }
    }
}

/// A scripted learner: what it does at which time, as the page would.
#[derive(Clone)]
enum Op {
    Drop(u32),
    Call(Side, Call),
}

/// Loses every SYN the client sends, each halfway across, as a learner
/// clicking each one would (how many there are is the model's business).
fn lose_every_syn(mut s: Rc<Store>) -> Rc<Store> {
    while let Some(syn) = s
        .lesson
        .run
        .segments()
        .iter()
        .find(|x| x.from.side() == Some(Side::Client) && x.header.flags.syn() && !x.dropped())
        .map(|x| (x.id, x.sent_at))
    {
        s = s
            .reduce(Action::Seek(Time(syn.1 .0 + 50)))
            .reduce(Action::Drop(syn.0));
        assert!(s.notices.is_empty(), "{:?}", s.notices);
    }
    s
}

/// To a time: seeking, or in free mode (whose clock runs on) playing there.
fn goto(mut s: Rc<Store>, ms: u64) -> Rc<Store> {
    if !s.lesson.free {
        return s.reduce(Action::Seek(Time(ms)));
    }
    if !s.playhead.playing {
        s = s.reduce(Action::TogglePlay);
    }
    while s.now() < Time(ms) {
        s = s.reduce(Action::Tick(4.0));
    }
    s.reduce(Action::Pause)
}

fn attempt(id: &'static str, script: &[(u64, Op)]) -> Rc<Store> {
    let mut s = learn(store("handshake-and-close"), LearnAction::OpenChallenge(id));
    for (ms, op) in script {
        s = goto(s, *ms);
        s = match op {
            Op::Drop(k) => s.reduce(Action::Drop(SegmentId(*k))),
            Op::Call(side, call) => s.reduce(Action::Call(*side, *call)),
        };
        assert!(s.notices.is_empty(), "{id}: {:?}", s.notices);
    }
    let end = s.lesson.last_event_time().0;
    goto(s, end)
}

fn script(id: &str) -> Vec<(u64, Op)> {
    use Side::{Client, Server};
    let open = || {
        vec![
            (0, Op::Call(Server, Call::Listen)),
            (0, Op::Call(Server, Call::Accept)),
            (0, Op::Call(Client, Call::Connect)),
        ]
    };
    match id {
        "connect-gives-up" => vec![(50, Op::Drop(0)), (1050, Op::Drop(1)), (3050, Op::Drop(2))],
        "server-resends-fin" => vec![(600, Op::Drop(8))],
        "both-time-wait" => [
            open(),
            vec![
                (400, Op::Call(Client, Call::Close)),
                (400, Op::Call(Server, Call::Close)),
            ],
        ]
        .concat(),
        "half-closed-data" => [
            open(),
            vec![
                (400, Op::Call(Client, Call::Shutdown)),
                (600, Op::Call(Server, Call::Send(20))),
            ],
        ]
        .concat(),
        "syn-queue-full" => vec![
            (0, Op::Call(Server, Call::Listen)),
            (100, Op::Call(Client, Call::Connect)),
        ],
        "connection-reset" => vec![(0, Op::Call(Client, Call::Connect))],
        other => panic!("no script for {other}"),
    }
}

#[test]
fn every_challenge_is_solved_by_its_script_and_not_by_less() {
    for c in CHALLENGES {
        let mut s = attempt(c.id, &script(c.id));
        if c.id == "connect-gives-up" {
            s = lose_every_syn(s);
            let end = s.end();
            s = s.reduce(Action::Seek(end));
        }
        let a = s.learn.attempt.clone().unwrap();
        assert!(a.proof.is_some() && a.shown, "{}: solved", c.id);
        assert!(s.learn.progress.solved(c.id));
        // Doing nothing, or only part of the script, is not solving it.
        let idle = attempt(c.id, &[]);
        assert!(
            !idle.learn.attempt.clone().unwrap().shown && !idle.learn.progress.solved(c.id),
            "{}",
            c.id
        );
    }
    let partial = attempt("connect-gives-up", &script("connect-gives-up"));
    assert!(
        partial.learn.attempt.clone().unwrap().proof.is_none(),
        "three SYNs lost: connect() still succeeds"
    );
    // Solved only once the proof is on screen, not before.
    let early = lose_every_syn(partial).reduce(Action::Seek(Time(8_000)));
    let a = early.learn.attempt.clone().unwrap();
    assert!(a.proof.is_some() && !a.shown);
}

#[test]
fn a_solved_challenges_share_link_replays_the_solution() {
    for id in ["connect-gives-up", "both-time-wait", "syn-queue-full"] {
        let mut s = attempt(id, &script(id));
        if id == "connect-gives-up" {
            s = lose_every_syn(s);
            let end = s.end();
            s = s.reduce(Action::Seek(end));
        }
        let query = config_of(&s).to_query();
        assert!(
            query.contains(&format!("challenge={id}")) && query.contains("act="),
            "{query}"
        );
        let (config, notices) = Config::from_url(&format!("?{query}"), "");
        assert!(notices.is_empty(), "{notices:?}");
        let back = from_config(&config, &[], Lang::En, false);
        let a = back.learn.attempt.clone().unwrap();
        assert!(a.shown, "{id}: {query}");
        assert_eq!(a.proof, s.learn.attempt.clone().unwrap().proof);
    }
}

#[test]
fn a_lesson_link_opens_its_first_step_and_switching_scenario_ends_it() {
    let (config, _) = Config::parse([("lesson", "close"), ("scenario", "lost-syn")]);
    let s = Rc::new(from_config(&config, &[], Lang::Zh, false));
    assert_eq!(
        s.lesson.name,
        Some("handshake-and-close"),
        "the lesson names its scenario"
    );
    assert_eq!(s.learn.guide.unwrap().step, 0);
    assert_eq!(s.moment(), Moment::At(Time(459)));
    let s = s.reduce(Action::PickScenario("lost-syn"));
    assert!(s.learn.guide.is_none() && s.learn.question.is_none());
}

#[test]
fn kept_progress_survives_a_reset_only_when_asked() {
    let s = play_lesson("rst", truth);
    assert!(s.learn.progress.lesson("rst").is_some());
    let s = s.reduce(Action::Restart).reduce(Action::PickScenario("abort"));
    assert!(s.learn.progress.lesson("rst").is_some());
    let s = learn(s, LearnAction::ResetProgress);
    assert!(s.learn.progress.is_empty());
}
