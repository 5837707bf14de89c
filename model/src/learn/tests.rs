//! Tests of the learn module: quiz answers before and after a drop, every
//! challenge solved by a scripted attempt and not by the plain run, every
//! lesson played through, and the tool views. The tool views are compared
//! with real `ss`, `netstat` and `tcpdump` output in `tools_tests.rs`.

use super::challenge::{challenge, Proof, Start, CHALLENGES};
use super::lesson::{Seek, Task, LESSONS};
use super::quiz::*;
use crate::call::{Outcome, SocketError};
use crate::scenario::{Action, LearnerAction, Scenario};
use crate::view::Moment;
use crate::{library, Call, Flags, Resend, SegmentId, Side, Simulation, State, Time};

/// How far the widget simulates a run (its `RUN_LIMIT`).
const LIMIT: Time = Time(600_000);

pub(super) fn run(scenario: &Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario).expect("scenario runs");
    sim.run_until_finished(LIMIT);
    sim
}

pub(super) fn builtin(name: &str) -> Simulation {
    run(&library::builtin(name).expect("built in").scenario())
}

fn at(ms: u64) -> Moment {
    Moment::At(Time(ms))
}

// ---- quiz ----

#[test]
fn the_first_segment_is_the_clients_syn_with_the_seed_isn() {
    let sim = builtin("handshake-and-close");
    let seg = next_segment(&sim, None, Moment::Start).unwrap();
    assert_eq!(
        (seg.id, seg.header.flags, seg.header.seq.0),
        (SegmentId(0), Flags::SYN, 1000)
    );
    let guess = SegmentGuess {
        from: Some(Side::Client),
        flags: Some(Flags::SYN),
        seq: Some(1000),
        ack: None,
        len: Some(0),
    };
    let fb = check_segment(&sim, None, Moment::Start, &guess).unwrap();
    assert!(fb.all_right());
    assert_eq!(fb.ack.verdict(), Verdict::NotAsked);
    assert_eq!(fb.ack.actual, None);
    // At the instant it leaves, it is no longer "next": the SYN,ACK is.
    assert_eq!(next_segment(&sim, None, at(0)).unwrap().id, SegmentId(1));
}

/// In a capture with ECN (kernel capture u_ecn_congestion_marked) the
/// first SYN carries ECE and CWR, which a prediction cannot name: "SYN" from
/// the client is the right answer, and the truth shown is the five bits.
#[test]
fn a_prediction_of_an_ecn_setup_syn_asks_only_the_control_bits() {
    let cap = crate::capture::read(include_bytes!(
        "../../tests/fixtures/kernel_captures/u_ecn_congestion_marked.pcap"
    ))
    .unwrap();
    let sim = crate::observe::replay(&crate::observe::run(&cap, &crate::capture::streams(&cap)[0]));
    assert_eq!(sim.segments()[0].header.flags.to_string(), "SYN,ECE,CWR");
    let guess = SegmentGuess {
        from: Some(Side::Client),
        flags: Some(Flags::SYN),
        seq: None,
        ack: None,
        len: None,
    };
    let fb = check_segment(&sim, None, Moment::Start, &guess).unwrap();
    assert_eq!(fb.flags.verdict(), Verdict::Right);
    assert_eq!(fb.flags.actual, Flags::SYN);
}

#[test]
fn a_wrong_guess_names_the_wrong_field_and_the_truth() {
    let sim = builtin("handshake-and-close");
    // The classic slip: the SYN,ACK acknowledges x+1, not x.
    let guess = SegmentGuess {
        flags: Some(Flags::SYN_ACK),
        seq: Some(8000),
        ack: Some(1000),
        ..SegmentGuess::default()
    };
    let fb = check_segment(&sim, Some(Side::Server), at(99), &guess).unwrap();
    assert_eq!(fb.segment, SegmentId(1));
    assert_eq!(fb.flags.verdict(), Verdict::Right);
    assert_eq!(fb.seq.verdict(), Verdict::Right);
    assert_eq!((fb.ack.verdict(), fb.ack.actual), (Verdict::Wrong, Some(1001)));
    assert_eq!(fb.len.verdict(), Verdict::NotAsked);
    assert_eq!(fb.purpose, crate::Purpose::SynAck);
    assert!(!fb.all_right());
    // An ack guessed for a segment without ACK is wrong too.
    let syn = SegmentGuess {
        ack: Some(1),
        ..SegmentGuess::default()
    };
    let fb = check_segment(&sim, Some(Side::Client), Moment::Start, &syn).unwrap();
    assert_eq!((fb.ack.verdict(), fb.ack.actual), (Verdict::Wrong, None));
}

#[test]
fn after_a_learner_drop_the_retransmitted_syn_has_the_same_seq() {
    let plain = builtin("handshake-and-close");
    let next = next_segment(&plain, Some(Side::Client), at(50)).unwrap();
    assert_eq!((next.header.flags, next.header.seq.0), (Flags::ACK, 1001));

    let mut sim = Simulation::new(&library::builtin("handshake-and-close").unwrap().scenario()).unwrap();
    sim.advance_to(Time(50));
    sim.drop_segment(SegmentId(0)).unwrap();
    sim.run_until_finished(LIMIT);
    let next = next_segment(&sim, Some(Side::Client), at(50)).unwrap();
    assert_eq!((next.header.flags, next.header.seq.0), (Flags::SYN, 1000));
    assert_eq!(next.resend, Some(Resend::Timeout));
    // "x+1" is wrong now: the SYN was never acknowledged.
    let guess = SegmentGuess {
        flags: Some(Flags::SYN),
        seq: Some(1001),
        ..SegmentGuess::default()
    };
    let fb = check_segment(&sim, Some(Side::Client), at(50), &guess).unwrap();
    assert_eq!((fb.seq.verdict(), fb.seq.actual), (Verdict::Wrong, 1000));
    assert_eq!(fb.resend, Some(Resend::Timeout));
}

#[test]
fn state_questions_read_the_lifeline() {
    let sim = builtin("handshake-and-close");
    let c = check_state(&sim, Side::Server, at(150), State::SynReceived);
    assert_eq!(c.verdict(), Verdict::Right);
    let c = check_state(&sim, Side::Server, at(150), State::Established);
    assert_eq!((c.verdict(), c.actual), (Verdict::Wrong, State::SynReceived));
}

#[test]
fn call_questions_read_the_calls_return() {
    let sim = builtin("handshake-and-close");
    let (answer, check) = check_call_return(&sim, Side::Client, at(50), Outcome::Ok).unwrap();
    assert_eq!((answer.call, answer.at), (Call::Connect, Time(200)));
    assert_eq!(check.verdict(), Verdict::Right);
    let refused = builtin("connection-refused");
    let (answer, check) = check_call_return(&refused, Side::Client, at(50), Outcome::Ok).unwrap();
    let error = SocketError::ConnectionRefused;
    assert_eq!(
        (answer.call, check.actual),
        (Call::Connect, Outcome::Failed { error })
    );
    assert_eq!(check.verdict(), Verdict::Wrong);
    // The server's accept() there never returns: no answer.
    let listener = builtin("connect-timeout");
    assert_eq!(call_return(&listener, Side::Server, Moment::Start), None);
}

#[test]
fn nothing_follows_the_last_segment() {
    let sim = builtin("handshake-and-close");
    let last = sim.segments().last().unwrap().sent_at;
    assert!(next_segment(&sim, None, Moment::At(last)).is_none());
    let guess = SegmentGuess::default();
    assert!(check_segment(&sim, None, Moment::At(last), &guess).is_none());
}

#[test]
fn a_guess_keeps_only_the_asked_fields() {
    let sim = builtin("handshake-and-close");
    let full = SegmentGuess::of(&sim.segments()[1]);
    let some = full.only(Fields::FLAGS.and(Fields::ACK));
    assert_eq!(
        (some.flags, some.ack, some.seq, some.from),
        (Some(Flags::SYN_ACK), Some(1001), None, None)
    );
}

// ---- challenges ----

/// What a scripted learner does at a moment.
#[derive(Clone, Copy)]
enum Op {
    Drop(u32),
    Call(Side, Call),
}

/// A run of a challenge's start with `script` applied: each (ms, op) at its
/// moment, in order, then the run to its end.
fn attempt(start: Start, script: &[(u64, Op)]) -> Simulation {
    let mut sim = Simulation::new(&start.scenario().unwrap()).unwrap();
    for &(ms, op) in script {
        sim.advance_to(Time(ms));
        match op {
            Op::Drop(k) => sim.drop_segment(SegmentId(k)).unwrap(),
            Op::Call(side, call) => sim.call(side, call).unwrap(),
        }
    }
    sim.run_until_finished(LIMIT);
    sim
}

/// Drops every SYN of the client the moment it leaves, until the run ends.
fn drop_every_client_syn(start: Start) -> Simulation {
    let mut sim = Simulation::new(&start.scenario().unwrap()).unwrap();
    while sim.now() < LIMIT && sim.step().is_some() {
        let now = sim.now();
        let syns: Vec<SegmentId> = sim
            .segments()
            .iter()
            .filter(|s| s.from.side() == Some(Side::Client) && s.header.flags.syn() && s.in_flight_at(now))
            .map(|s| s.id)
            .collect();
        for id in syns {
            sim.drop_segment(id).unwrap();
        }
    }
    sim
}

fn solve(id: &str) -> (Simulation, Proof) {
    use Side::{Client, Server};
    let c = challenge(id).unwrap();
    let open = [
        (0, Op::Call(Server, Call::Listen)),
        (0, Op::Call(Server, Call::Accept)),
        (0, Op::Call(Client, Call::Connect)),
    ];
    let sim = match id {
        "connect-gives-up" => drop_every_client_syn(c.start),
        "server-resends-fin" => attempt(c.start, &[(600, Op::Drop(8))]),
        "both-time-wait" => attempt(
            c.start,
            &[
                open.as_slice(),
                &[
                    (400, Op::Call(Client, Call::Close)),
                    (400, Op::Call(Server, Call::Close)),
                ],
            ]
            .concat(),
        ),
        "half-closed-data" => attempt(
            c.start,
            &[
                open.as_slice(),
                &[
                    (400, Op::Call(Client, Call::Shutdown)),
                    (600, Op::Call(Server, Call::Send(20))),
                ],
            ]
            .concat(),
        ),
        "syn-queue-full" => attempt(
            c.start,
            &[
                (0, Op::Call(Server, Call::Listen)),
                (100, Op::Call(Client, Call::Connect)),
            ],
        ),
        "connection-reset" => attempt(c.start, &[(0, Op::Call(Client, Call::Connect))]),
        other => panic!("no script for challenge {other}"),
    };
    let proof = c
        .check(&sim)
        .unwrap_or_else(|| panic!("{id}: the scripted attempt is not solved"));
    (sim, proof)
}

#[test]
fn challenge_ids_are_unique_and_start_from_built_ins() {
    for (i, c) in CHALLENGES.iter().enumerate() {
        assert!(c.start.scenario().is_some(), "{}: unknown start", c.id);
        assert!(CHALLENGES[..i].iter().all(|o| o.id != c.id), "duplicate {}", c.id);
    }
    let free = Start::Free("handshake-and-close").scenario().unwrap();
    assert!(free.client.program.is_empty() && free.server.program.is_empty());
}

#[test]
fn the_plain_run_of_each_start_solves_nothing() {
    for c in CHALLENGES {
        let sim = run(&c.start.scenario().unwrap());
        assert_eq!(c.check(&sim), None, "{}: solved without doing anything", c.id);
    }
}

#[test]
fn every_challenge_is_solved_by_its_script_with_a_proof() {
    for c in CHALLENGES {
        let (sim, proof) = solve(c.id);
        assert!(
            !proof.events.is_empty() && !proof.segments.is_empty(),
            "{}: {proof:?}",
            c.id
        );
        assert!(proof.events.iter().all(|&i| i < sim.events().len()));
        assert!(proof.segments.iter().all(|&s| sim.segment(s).is_some()));
    }
}

#[test]
fn proofs_name_what_happened() {
    let (sim, proof) = solve("connect-gives-up");
    assert!(proof.segments.len() >= 2, "the first SYN and its retransmissions");
    let gave_up = &sim.events()[proof.events[0]];
    assert_eq!(gave_up.side, Some(Side::Client));

    let (sim, proof) = solve("server-resends-fin");
    assert_eq!(proof.segments[0], SegmentId(8));
    let again = sim.segment(proof.segments[1]).unwrap();
    assert_eq!((again.header.flags, again.header.seq.0), (Flags::FIN_ACK, 8011));

    let (sim, proof) = solve("both-time-wait");
    assert_eq!(proof.events.len(), 2);
    assert_eq!(sim.state_at(Side::Client, Time(1_000)), State::TimeWait);
    assert_eq!(sim.state_at(Side::Server, Time(1_000)), State::TimeWait);

    let (sim, proof) = solve("half-closed-data");
    let (fin, data) = (
        sim.segment(proof.segments[0]).unwrap(),
        sim.segment(proof.segments[1]).unwrap(),
    );
    assert!(fin.header.flags.fin() && fin.from.side() == Some(Side::Client));
    assert_eq!((data.from.side(), data.header.len), (Some(Side::Server), 20));

    let (sim, proof) = solve("syn-queue-full");
    let syn = sim.segment(proof.segments[0]).unwrap();
    assert_eq!(
        (syn.from.side(), syn.header.flags),
        (Some(Side::Client), Flags::SYN)
    );

    let (sim, proof) = solve("connection-reset");
    let rst = sim.segment(proof.segments[0]).unwrap();
    assert_eq!(rst.header.flags, Flags::RST_ACK);
}

#[test]
fn built_in_lessons_that_show_a_goal_pass_its_check() {
    for (id, lesson) in [
        ("connect-gives-up", "connect-timeout"),
        ("server-resends-fin", "lost-final-ack"),
        ("both-time-wait", "simultaneous-close"),
        ("half-closed-data", "half-close"),
        ("syn-queue-full", "syn-flood"),
        ("syn-queue-full", "syn-flood-cookies"),
        ("connection-reset", "connection-refused"),
        ("connection-reset", "abort"),
    ] {
        let sim = builtin(lesson);
        assert!(
            challenge(id).unwrap().check(&sim).is_some(),
            "{lesson} should solve {id}"
        );
    }
    let seed = builtin("handshake-and-close");
    for c in CHALLENGES {
        assert_eq!(c.check(&seed), None, "{}", c.id);
    }
}

// ---- lessons ----

/// Plays a lesson as a learner would: seeks, answers, does each task (a
/// drop at the step's moment, which re-simulates the run). Returns every
/// step's answer.
fn play(lesson: &super::lesson::Lesson) -> Vec<Option<Answer>> {
    let scenario = library::builtin(lesson.scenario)
        .unwrap_or_else(|| panic!("{}: no scenario {}", lesson.id, lesson.scenario))
        .scenario();
    let mut actions: Vec<LearnerAction> = Vec::new();
    let mut sim = run(&scenario);
    let mut moment = Moment::Start;
    let mut answers = Vec::new();
    for (n, step) in lesson.steps.iter().enumerate() {
        let key = lesson.text_key(n);
        if let Some(seek) = step.seek {
            let next = seek
                .moment(&sim)
                .unwrap_or_else(|| panic!("{key}: {seek:?} not in the run"));
            // Never back in time: an earlier step would have shown the
            // arrow a later question asks about (the answer on screen).
            assert!(
                next >= moment,
                "{key}: {seek:?} goes back from {moment:?} to {next:?}"
            );
            moment = next;
        }
        if let Some(Task::Drop(k)) = step.task {
            let seg = sim
                .segment(SegmentId(k))
                .unwrap_or_else(|| panic!("{key}: no segment #{k}"));
            assert!(
                seg.in_flight_at(moment.time()),
                "{key}: #{k} not in flight at {moment:?}"
            );
            actions.push(LearnerAction {
                at_ms: moment.time().0,
                action: Action::Drop {
                    segment: SegmentId(k),
                },
            });
            sim = run(&Scenario {
                actions: actions.clone(),
                ..scenario.clone()
            });
            assert!(
                step.task.unwrap().done(&sim).is_some(),
                "{key}: the drop did not happen"
            );
        }
        let answer = step.ask.map(|ask| {
            let answer = ask
                .answer(&sim, moment)
                .unwrap_or_else(|| panic!("{key}: {ask:?} has no answer"));
            if let (Ask::NextSegment { fields, .. }, Answer::Segment(id)) = (ask, answer) {
                let seg = sim.segment(id).unwrap();
                assert!(
                    !fields.has(Fields::ACK) || seg.header.flags.ack(),
                    "{key}: asks for the ack of {}",
                    seg.header.label()
                );
            }
            answer
        });
        answers.push(answer);
    }
    answers
}

#[test]
fn every_lesson_plays_through_with_definite_answers() {
    for (i, lesson) in LESSONS.iter().enumerate() {
        assert!(
            LESSONS[..i].iter().all(|o| o.id != lesson.id),
            "duplicate {}",
            lesson.id
        );
        assert!(!lesson.steps.is_empty());
        let answers = play(lesson);
        assert!(answers.iter().any(Option::is_some), "{} asks nothing", lesson.id);
    }
}

#[test]
fn lesson_answers_are_the_ones_the_texts_explain() {
    let answers = |id: &str| play(super::lesson::lesson(id).unwrap());
    let seg = |id: &str, step: usize| -> (Flags, u32, u32) {
        let lesson = super::lesson::lesson(id).unwrap();
        let mut scenario = library::builtin(lesson.scenario).unwrap().scenario();
        if id == "retransmission" {
            scenario.actions = vec![
                LearnerAction {
                    at_ms: 50,
                    action: Action::Drop {
                        segment: SegmentId(0),
                    },
                },
                LearnerAction {
                    at_ms: 1_050,
                    action: Action::Drop {
                        segment: SegmentId(1),
                    },
                },
            ];
        }
        let sim = run(&scenario);
        let Some(Answer::Segment(s)) = answers(id)[step] else {
            panic!("{id} step {step} asks no segment")
        };
        let h = sim.segment(s).unwrap().header;
        (h.flags, h.seq.0, h.ack.0)
    };
    assert_eq!(seg("handshake", 1), (Flags::SYN, 1000, 0));
    assert_eq!(seg("handshake", 2), (Flags::SYN_ACK, 8000, 1001));
    assert_eq!(seg("handshake", 4), (Flags::ACK, 1001, 8001));
    assert_eq!(answers("handshake")[3], Some(Answer::State(State::SynReceived)));
    assert_eq!(seg("why-three", 3), (Flags::RST, 91, 0));
    assert_eq!(answers("why-three")[4], Some(Answer::State(State::Listen)));
    assert_eq!(seg("close", 1).0, Flags::FIN_ACK);
    assert_eq!(answers("close")[5], Some(Answer::State(State::FinWait2)));
    assert_eq!(answers("close")[7], Some(Answer::State(State::TimeWait)));
    assert_eq!(seg("time-wait", 3), (Flags::FIN_ACK, 8011, 1022));
    assert_eq!(answers("time-wait")[6], Some(Answer::State(State::TimeWait)));
    assert_eq!(answers("time-wait")[7], Some(Answer::State(State::Closed)));
    assert_eq!(seg("retransmission", 2), (Flags::SYN, 1000, 0));
    assert_eq!(seg("retransmission", 4), (Flags::SYN, 1000, 0));
    assert_eq!(seg("syn-flood", 3), (Flags::SYN, 1000, 0));
    assert_eq!(seg("rst", 1), (Flags::RST_ACK, 0, 1001));
    let Some(Answer::Call(call)) = answers("rst")[2] else {
        panic!()
    };
    let error = SocketError::ConnectionRefused;
    assert_eq!(
        (call.call, call.outcome),
        (Call::Connect, Outcome::Failed { error })
    );
}

#[test]
fn seeks_name_moments_by_segments() {
    let sim = builtin("handshake-and-close");
    assert_eq!(Seek::BeforeSent(0).moment(&sim), Some(Moment::Start));
    assert_eq!(Seek::BeforeSent(1).moment(&sim), Some(at(99)));
    assert_eq!(Seek::InFlight(0).moment(&sim), Some(at(50)));
    assert_eq!(Seek::Arrives(0).moment(&sim), Some(at(100)));
    assert_eq!(Seek::Arrives(99).moment(&sim), None);
    assert_eq!(LESSONS[0].text_key(0), "lesson.handshake.1");
}
