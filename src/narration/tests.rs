//! The narration against real runs: every built-in scenario, at every moment,
//! in both languages, both modes and every theme; after learner drops; in
//! free mode. No `{placeholder}` may stay unresolved, and the numbers quoted
//! must be the run's own.

use tcp_model::event::EventKind;
use tcp_model::library::BUILTINS;
use tcp_model::view::Moment;
use tcp_model::{Call, Purpose, SegmentId, Side, Simulation, Time};

use super::*;
use crate::store::{free_scenario, RUN_LIMIT};
use crate::text::Lang;

/// Every way the narration can be shown.
const VIEWS: [(Mode, Analogy); 4] = [
    (Mode::Technical, Analogy::StandOff),
    (Mode::Analogy, Analogy::StandOff),
    (Mode::Analogy, Analogy::Phone),
    (Mode::Analogy, Analogy::Capability),
];

fn run(name: &str) -> Simulation {
    let b = tcp_model::library::builtin(name).unwrap_or_else(|| panic!("no built-in {name}"));
    let mut sim = Simulation::new(&b.scenario()).expect("built-ins run");
    sim.run_until_finished(RUN_LIMIT);
    sim
}

fn moments(run: &Simulation) -> Vec<Moment> {
    let mut all = vec![Moment::Start];
    all.extend(run.event_times().into_iter().map(Moment::At));
    all
}

fn assert_resolved(said: &[Said], context: &str) {
    for s in said {
        assert!(
            !s.full().contains('{') && !s.full().contains('}'),
            "{context}: unresolved placeholder in {:?}",
            s.text
        );
        assert!(!s.text.trim().is_empty(), "{context}: empty sentence");
        assert!(
            !s.details.contains('{') && !s.details.contains('}'),
            "{context}: unresolved placeholder in {:?}",
            s.details
        );
        assert!(
            !s.text.contains('\n'),
            "{context}: a headline is one line: {:?}",
            s.text
        );
    }
}

/// The sentence said about one event (technical, English unless given).
fn said_about(run: &Simulation, event: usize, lang: Lang) -> String {
    narrate_all(run, lang, Mode::Technical, Analogy::StandOff)
        .into_iter()
        .find(|s| s.event == event)
        .map(|s| s.full())
        .unwrap_or_default()
}

/// The index of the event that sent segment `id`.
fn sent_event(run: &Simulation, id: u32) -> usize {
    run.events()
        .iter()
        .position(|e| matches!(e.kind, EventKind::SegmentSent { segment, .. } if segment == SegmentId(id)))
        .unwrap_or_else(|| panic!("segment #{id} was never sent"))
}

/// Every segment sent is told with its own numbers: the ones that matter for its purpose.
fn assert_numbers_match(run: &Simulation, context: &str) {
    for &lang in Lang::ALL {
        let said = narrate_all(run, lang, Mode::Technical, Analogy::StandOff);
        for (index, e) in run.events().iter().enumerate() {
            let EventKind::SegmentSent { segment, purpose, .. } = e.kind else {
                continue;
            };
            let s = run.segment(segment).expect("sent segments exist");
            let text = &said
                .iter()
                .find(|x| x.event == index)
                .expect("every segment is told")
                .full();
            let (seq, ack, next) = (
                s.header.seq.to_string(),
                s.header.ack.to_string(),
                s.header.end().to_string(),
            );
            let wanted: Vec<&String> = match purpose {
                _ if s.to.is_none() => vec![&seq, &ack],
                Purpose::Syn => vec![&seq, &next],
                Purpose::SynAck | Purpose::SynCookie => vec![&seq, &ack, &next],
                Purpose::Data => vec![&seq, &next],
                Purpose::Fin => vec![&seq, &next],
                Purpose::HandshakeAck
                | Purpose::AckData
                | Purpose::AckFin
                | Purpose::DuplicateAck
                | Purpose::ChallengeAck
                | Purpose::TimeWaitAck
                | Purpose::KeepAliveAck
                | Purpose::SimultaneousOpenAck => vec![&ack],
                Purpose::RstBadAck
                | Purpose::RstAbort
                | Purpose::RstListenerClosed
                | Purpose::WindowProbe
                | Purpose::Injected => vec![&seq],
                Purpose::RstNoConnection | Purpose::RstDataLost | Purpose::WindowUpdate => vec![],
                Purpose::RstActive => vec![&seq],
                Purpose::Captured => vec![&seq],
            };
            for n in wanted {
                assert!(
                    text.contains(n.as_str()),
                    "{context} ({lang:?}): segment #{} {purpose:?} should quote {n}: {text}",
                    segment.0
                );
            }
            if let Some(orig) = s.retransmission_of {
                assert!(
                    text.contains(&format!("#{}", orig.0)),
                    "{context}: names the original: {text}"
                );
            }
        }
    }
}

#[test]
fn every_builtin_is_narrated_at_every_moment_without_unresolved_placeholders() {
    for b in BUILTINS {
        let run = run(b.name);
        for &lang in Lang::ALL {
            for (mode, theme) in VIEWS {
                let all = narrate_all(&run, lang, mode, theme);
                assert!(
                    !all.is_empty(),
                    "{} says nothing in {lang:?} {mode:?} {theme:?}",
                    b.name
                );
                assert_resolved(&all, b.name);
                for moment in moments(&run) {
                    let said = narrate(&run, moment, lang, mode, theme);
                    let shown = said_until(&all, &run, moment);
                    assert_eq!(
                        said,
                        all[..shown],
                        "{} at {moment:?}: the narration is the run's, cut at now",
                        b.name
                    );
                    if let Moment::At(t) = moment {
                        assert!(
                            said.iter().all(|s| s.at <= t),
                            "{} at {t:?}: nothing from the future",
                            b.name
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn after_any_drop_the_narration_is_complete_and_quotes_the_new_runs_numbers() {
    for b in BUILTINS {
        let base = run(b.name);
        assert_numbers_match(&base, b.name);
        for s in base.segments() {
            if s.arrives_at.0 <= s.sent_at.0 + 1 || s.dropped() {
                continue;
            }
            let mid = Time((s.sent_at.0 + s.arrives_at.0) / 2);
            let mut sim = base.rewind(mid);
            if sim.drop_segment(s.id).is_err() {
                continue;
            }
            sim.run_until_finished(RUN_LIMIT);
            let context = format!("{} with #{} dropped", b.name, s.id.0);
            for &lang in Lang::ALL {
                for (mode, theme) in VIEWS {
                    assert_resolved(&narrate_all(&sim, lang, mode, theme), &context);
                }
            }
            assert_numbers_match(&sim, &context);
        }
    }
}

#[test]
fn free_mode_calls_in_any_order_are_narrated_without_unresolved_placeholders() {
    let mut sim = Simulation::new(&free_scenario()).expect("free mode runs");
    let script: [(u64, Side, Call); 16] = [
        (0, Side::Client, Call::Send(5)),
        (0, Side::Server, Call::Accept),
        (10, Side::Server, Call::Listen),
        (20, Side::Client, Call::Connect),
        (400, Side::Client, Call::Connect),
        (410, Side::Server, Call::Accept),
        (420, Side::Client, Call::Send(20)),
        (430, Side::Server, Call::Recv(20)),
        (700, Side::Client, Call::Shutdown),
        (900, Side::Client, Call::Send(5)),
        (910, Side::Server, Call::Send(10)),
        (920, Side::Client, Call::Recv(10)),
        (1200, Side::Server, Call::Close),
        (1500, Side::Client, Call::RecvEof),
        (1600, Side::Client, Call::Close),
        (1700, Side::Server, Call::Abort),
    ];
    for (at, side, call) in script {
        sim.advance_to(Time(at));
        let _ = sim.call(side, call);
    }
    sim.run_until_finished(RUN_LIMIT);
    for &lang in Lang::ALL {
        for (mode, theme) in VIEWS {
            assert_resolved(&narrate_all(&sim, lang, mode, theme), "free mode");
        }
    }
    let technical = narrate_all(&sim, Lang::En, Mode::Technical, Analogy::StandOff);
    assert!(
        technical.iter().any(|s| s.full().contains("ENOTCONN")),
        "a failed call names its errno"
    );
}

#[test]
fn the_classic_run_quotes_its_own_numbers() {
    let run = run("handshake-and-close");
    for &lang in Lang::ALL {
        let syn = said_about(&run, sent_event(&run, 0), lang);
        assert!(
            syn.contains("1000") && syn.contains("1001"),
            "{lang:?} SYN: {syn}"
        );
        let syn_ack = said_about(&run, sent_event(&run, 1), lang);
        assert!(
            syn_ack.contains("8000") && syn_ack.contains("1001"),
            "{lang:?} SYN,ACK: {syn_ack}"
        );
        let third = said_about(&run, sent_event(&run, 2), lang);
        assert!(third.contains("8001"), "{lang:?} third segment: {third}");
        let data = said_about(&run, sent_event(&run, 3), lang);
        assert!(
            data.contains("1001") && data.contains("20") && data.contains("1021"),
            "{lang:?} data: {data}"
        );
        let server_data = said_about(&run, sent_event(&run, 4), lang);
        assert!(
            server_data.contains("1021"),
            "{lang:?} the server's data acknowledges 1021: {server_data}"
        );
        let data_ack = said_about(&run, sent_event(&run, 5), lang);
        assert!(
            data_ack.contains("8011"),
            "{lang:?} the client's data ACK: {data_ack}"
        );
        let fin = said_about(&run, sent_event(&run, 6), lang);
        assert!(
            fin.contains("1021") && fin.contains("1022"),
            "{lang:?} FIN: {fin}"
        );
    }
    let en = narrate_all(&run, Lang::En, Mode::Technical, Analogy::StandOff);
    let fin = &en[en
        .iter()
        .position(|s| s.full().contains("sends FIN"))
        .expect("a FIN is told")]
    .full();
    assert!(fin.contains("send no more data"), "{fin}");
    assert!(en
        .iter()
        .any(|s| s.full().contains("TIME-WAIT") && s.full().contains("2000 ms")));
}

#[test]
fn after_dropping_the_syn_the_numbers_follow_the_new_run() {
    let base = run("handshake-and-close");
    let mut sim = base.rewind(Time(50));
    sim.drop_segment(SegmentId(0))
        .expect("the SYN is in flight at 50 ms");
    sim.run_until_finished(RUN_LIMIT);
    let en = narrate_all(&sim, Lang::En, Mode::Technical, Analogy::StandOff);
    assert!(en.iter().any(|s| s.text.starts_with("You dropped SYN seq=1000")));
    let rtx = said_about(&sim, sent_event(&sim, 1), Lang::En);
    assert!(
        rtx.contains("seq=1000") && rtx.contains("#0"),
        "the retransmitted SYN: {rtx}"
    );
    assert!(rtx.contains("retransmission"), "{rtx}");
    let rto = en
        .iter()
        .find(|s| s.full().contains("retransmission timer"))
        .expect("the RTO fires");
    assert!(rto.full().contains("1000 ms"), "{}", rto.text);
    let syn_ack = sim
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::SynAck)
        .expect("answered");
    let told = said_about(&sim, sent_event(&sim, syn_ack.id.0), Lang::En);
    assert!(
        told.contains(&syn_ack.header.ack.to_string()) && told.contains("8000"),
        "{told}"
    );
    let zh = narrate_all(&sim, Lang::Zh, Mode::Technical, Analogy::StandOff);
    assert!(zh.iter().any(|s| s.text.starts_with("你丢掉了 SYN seq=1000")));
    let analogy = narrate_all(&sim, Lang::En, Mode::Analogy, Analogy::Phone);
    let lost = analogy
        .iter()
        .position(|s| s.full().contains("never got through"))
        .expect("the loss is told");
    assert!(
        analogy[lost + 1..]
            .iter()
            .any(|s| s.full().contains("says it again")),
        "then the retry"
    );
}

#[test]
fn the_stand_off_is_told_in_order_in_chinese() {
    let run = run("handshake-and-close");
    let said = narrate_all(&run, Lang::Zh, Mode::Analogy, Analogy::StandOff);
    let at = |needle: &str| {
        said.iter()
            .position(|s| s.full().contains(needle))
            .unwrap_or(usize::MAX)
    };
    let (a, b, c) = (at("你瞅啥"), at("瞅你咋的"), at("揍你丫的"));
    assert!(
        a < b && b < c && c < said.len(),
        "the three lines, in order: {said:#?}"
    );
    assert!(at("我们分手吧") < said.len());
    let phone = narrate_all(&run, Lang::Zh, Mode::Analogy, Analogy::Phone);
    assert!(phone[0].full().contains("喂，你听得到吗"), "{:?}", phone[0].text);
}

#[test]
fn a_simultaneous_open_is_one_beat_of_the_story() {
    let run = run("simultaneous-open");
    for &lang in Lang::ALL {
        for &theme in Analogy::ALL {
            let said = narrate_all(&run, lang, Mode::Analogy, theme);
            let open = keys::analogy(lang, theme, Beat::SimultaneousOpen);
            assert_eq!(
                said.iter().filter(|s| s.text == open).count(),
                1,
                "{lang:?} {theme:?}"
            );
        }
    }
}

#[test]
fn where_rfc_and_linux_differ_the_narration_says_so() {
    let run = run("lost-syn-ack");
    let en = narrate_all(&run, Lang::En, Mode::Technical, Analogy::StandOff);
    let dup = en
        .iter()
        .find(|s| s.full().contains("already has this SYN"))
        .expect("the repeated SYN is told");
    assert!(dup.full().contains("Linux"), "{}", dup.text);
    let zh = narrate_all(&run, Lang::Zh, Mode::Technical, Analogy::StandOff);
    assert!(zh
        .iter()
        .any(|s| s.full().contains("已经收到过") && s.full().contains("Linux")));
}

#[test]
fn the_syn_flood_tells_the_queue_and_not_every_half_open_connection() {
    let run = run("syn-flood");
    let en = narrate_all(&run, Lang::En, Mode::Technical, Analogy::StandOff);
    assert!(en
        .iter()
        .any(|s| s.full().contains("SYN queue is full (backlog 4)")));
    assert!(en.iter().any(|s| s.full().contains("forged source address")));
    let story = narrate_all(&run, Lang::En, Mode::Analogy, Analogy::StandOff);
    // The half-open connections' SYN,ACKs go to nobody: no beat for them,
    // only the real client's story and the full queue.
    let again = story
        .iter()
        .filter(|s| s.full().contains("says it again"))
        .count();
    let client_retries = run
        .segments()
        .iter()
        .filter(|s| s.retransmission() && s.to.is_some())
        .count();
    assert_eq!(again, client_retries);
}

/// A run's name, for printing.
struct Named<'a> {
    name: &'a str,
}

/// A capture's first connection, explained and replayed as the widget does.
fn first_connection(bytes: &[u8]) -> Simulation {
    let capture = tcp_model::capture::read(bytes).unwrap();
    let run = tcp_model::observe::run(&capture, &tcp_model::capture::streams(&capture)[0]);
    tcp_model::observe::replay(&run)
}

/// The headlines of `sim`'s technical narration in `lang`.
fn technical_lines(sim: &Simulation, lang: Lang) -> Vec<String> {
    narrate_all(sim, lang, Mode::Technical, VIEWS[0].1)
        .into_iter()
        .map(|s| s.text)
        .collect()
}

/// The one headline of `said` that contains `part`.
fn only_line<'a>(said: &'a [String], part: &str, lang: Lang) -> &'a String {
    let found: Vec<&String> = said.iter().filter(|t| t.contains(part)).collect();
    assert_eq!(found.len(), 1, "{lang:?} {part}: {said:#?}");
    found[0]
}

/// A real kernel capture (`t_fin_past_lost_data`): the client's byte was
/// lost after the capture point and the closed server reset the FIN behind
/// it. The loss is told by that reset, never as a segment "sent again",
/// which it never was; the reset by its rules' reason.
#[test]
fn data_lost_before_a_reset_fin_is_told_by_the_reset_not_by_a_resend() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/t_fin_past_lost_data.pcap");
    let sim = first_connection(bytes);
    for (lang, lost, not_said, reset) in [
        (
            Lang::En,
            "Server never acknowledged it",
            "sent it again",
            "never be read",
        ),
        (Lang::Zh, "越过缺口", "重发了一遍", "再也没人读了"),
    ] {
        let said = technical_lines(&sim, lang);
        let loss = only_line(&said, lost, lang);
        assert!(loss.starts_with("PSH,ACK seq=1 ack=23 len=1"), "{lang:?}: {loss}");
        assert!(!said.iter().any(|t| t.contains(not_said)), "{lang:?}: {said:#?}");
        assert!(said.iter().any(|t| t.contains(reset)), "{lang:?}: {said:#?}");
    }
}

/// A real kernel capture (`t_abort_past_lost_data`): the server's data was
/// lost after the capture point and the server aborted before sending it
/// again. The loss is told by the client's challenge ACK, which still asks
/// for the data's first byte, never as a segment "sent again"; that ACK is
/// told as a challenge, not as a duplicate.
#[test]
fn data_lost_before_its_sender_aborts_is_told_by_the_challenge_ack() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/t_abort_past_lost_data.pcap");
    let sim = first_connection(bytes);
    for (lang, lost, not_said, challenge) in [
        (
            Lang::En,
            "later reset the connection without sending it again",
            "its sender sent it again",
            "Client answers with a challenge ACK, ack=1",
        ),
        (
            Lang::Zh,
            "后来没重发它就重置了连接",
            "发送方又重发了一遍",
            "客户端回一个挑战 ACK（ack=1",
        ),
    ] {
        let said = technical_lines(&sim, lang);
        let loss = only_line(&said, lost, lang);
        assert!(loss.starts_with("ACK seq=1 ack=1 len=1460"), "{lang:?}: {loss}");
        let data_resent = said
            .iter()
            .any(|t| t.starts_with("ACK seq=1 ack=1 len=1460") && t.contains(not_said));
        assert!(!data_resent, "{lang:?}: {said:#?}");
        assert!(said.iter().any(|t| t.contains(challenge)), "{lang:?}: {said:#?}");
    }
}

/// A real kernel capture (`t_resets_cross`): both applications abort, and
/// the client's RST,ACK leaves before the server's arrives. Each side is
/// told closed after its own reset, never by the peer's (which, taken on
/// arrival at the capture point, would close the client before it aborts).
#[test]
fn resets_that_cross_each_close_their_own_side() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/t_resets_cross.pcap");
    let sim = first_connection(bytes);
    for (lang, closed, gone) in [
        (
            Lang::En,
            ": ESTABLISHED → CLOSED",
            "whose connection has already ended",
        ),
        (Lang::Zh, "：ESTABLISHED → CLOSED", "上的连接已经结束"),
    ] {
        let said = technical_lines(&sim, lang);
        // Each reset then reaches a side already closed, which answers none.
        assert_eq!(
            said.iter().filter(|t| t.contains(gone)).count(),
            2,
            "{lang:?}: {said:#?}"
        );
        let at = |part: &str| said.iter().position(|t| t.contains(part)).unwrap_or(usize::MAX);
        // Each side's own reset comes before its close, and the server's
        // (the first) before the client's, so the client's close follows
        // its own reset, not the server's.
        for (side, rst) in [
            (Side::Server, "RST,ACK seq=1 ack=21"),
            (Side::Client, "RST,ACK seq=21 ack=1"),
        ] {
            let close = at(&format!("{}{closed}", keys::side_name(lang, side)));
            assert!(
                close != usize::MAX && at(rst) < close,
                "{lang:?} {side}: {said:#?}"
            );
        }
        assert!(
            at("RST,ACK seq=1 ack=21") < at("RST,ACK seq=21 ack=1"),
            "{lang:?}"
        );
    }
}

/// A real kernel capture (`f_lost_final_ack`): the client's ACK of the
/// server's FIN is lost after the capture point, the server sends its FIN
/// again, and the client answers from TIME-WAIT. The lost ACK is told as
/// one nobody sends again, and the second as TIME-WAIT's answer, not as a
/// plain repeat.
#[test]
fn a_lost_last_ack_is_told_and_time_wait_answers_the_fin_again() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/f_lost_final_ack.pcap");
    let sim = first_connection(bytes);
    for (lang, lost, answer) in [
        (
            Lang::En,
            "nobody sends it again",
            "in TIME-WAIT, acknowledges the FIN that came again (ack=12)",
        ),
        (Lang::Zh, "没人会重发它", "再次确认又来了一次的 FIN（ack=12）"),
    ] {
        let said = technical_lines(&sim, lang);
        assert!(
            only_line(&said, lost, lang).starts_with("ACK seq=22 ack=12"),
            "{lang:?}"
        );
        only_line(&said, answer, lang);
    }
}

/// A real kernel capture (`l_close_with_unread_data`): the server close()s
/// with the client's data unread, and Linux resets with RST,ACK. The
/// narration says the server decided that reset and names what may have
/// made it, instead of only that the capture does not say why.
#[test]
fn a_captured_reset_with_ack_is_told_as_its_senders_own_decision() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/l_close_with_unread_data.pcap");
    let sim = first_connection(bytes);
    for (lang, said_line, unread) in [
        (Lang::En, "Server decided it", "still unread"),
        (Lang::Zh, "是服务器自己决定的", "还没读完"),
    ] {
        let said = narrate_all(&sim, lang, Mode::Technical, VIEWS[0].1);
        let rst: Vec<_> = said
            .iter()
            .filter(|s| s.text.contains("RST,ACK seq=1 ack=22"))
            .collect();
        assert_eq!(rst.len(), 1, "{lang:?}");
        assert!(rst[0].text.contains(said_line), "{lang:?}: {}", rst[0].text);
        assert!(rst[0].details.contains(unread), "{lang:?}: {}", rst[0].details);
    }
}

/// TIME-WAIT's details quote the lesson's MSL (a knob a link may set), but a
/// capture has no lesson: there they say how long real stacks wait, and no
/// MSL of the widget's own (the capture is replayed with Linux's numbers).
#[test]
fn time_wait_quotes_the_lessons_msl_but_never_in_a_capture() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/a_seed.pcap");
    let lesson = run("handshake-and-close");
    let msl = lesson.tuning().msl.0;
    let runs = [(lesson, true), (first_connection(bytes), false)];
    for (sim, is_lesson) in &runs {
        for (lang, own, linux) in [
            (
                Lang::En,
                format!("This lesson's MSL is {msl} ms"),
                "Linux waits a fixed 60 s",
            ),
            (
                Lang::Zh,
                format!("本课的 MSL 是 {msl} 毫秒"),
                "Linux 则固定等 60 秒",
            ),
        ] {
            let said = narrate_all(sim, lang, Mode::Technical, VIEWS[0].1);
            let waits: Vec<_> = said.iter().filter(|s| s.text.contains("→ TIME-WAIT")).collect();
            assert_eq!(waits.len(), 1, "{lang:?} lesson={is_lesson}");
            let details = &waits[0].details;
            assert_eq!(details.contains(&own), *is_lesson, "{lang:?}: {details}");
            assert!(details.contains(linux), "{lang:?}: {details}");
            // A capture's details name no MSL of the widget's at all.
            let capture_msl = ["30000", "MSL is", "本课"];
            assert!(
                *is_lesson || !capture_msl.iter().any(|m| details.contains(m)),
                "{details}"
            );
        }
    }
}

/// A simultaneous open read from a kernel capture (m5): each SYN,ACK is
/// told as the answer to the other's SYN, not a resend after a loss, and
/// the one lost after the capture point, never sent again, by the ACK its
/// receiver never sent. Both languages.
#[test]
fn a_simultaneous_open_capture_tells_its_syn_acks_as_answers() {
    let bytes =
        include_bytes!("../../model/tests/fixtures/kernel_captures/m5_simultaneous_open_synack_lost.pcap");
    let sim = first_connection(bytes);
    for (lang, sent, answer, unanswered, resent) in [
        (
            Lang::En,
            "SYN,ACK seq=0 ack=1",
            "it answers",
            "but Server sent none",
            "sent again",
        ),
        (
            Lang::Zh,
            "SYN,ACK，seq=0",
            "它在回应",
            "可服务器一个也没回",
            "重发",
        ),
    ] {
        let lines = technical_lines(&sim, lang);
        let synacks: Vec<_> = lines
            .iter()
            .filter(|l| l.contains(sent) || l.contains("SYN,ACK seq=0 ack=1"))
            .collect();
        assert_eq!(synacks.len(), 3, "{lang:?}: {synacks:#?}");
        assert!(
            synacks[..2]
                .iter()
                .all(|l| l.contains(answer) && !l.contains(resent)),
            "{lang:?}: {synacks:#?}"
        );
        assert!(synacks[2].contains(unanswered), "{lang:?}: {}", synacks[2]);
    }
}

/// When both first SYN,ACKs of a simultaneous open are lost (kernel
/// capture m6, over IPv4 and over IPv6 in the middle), each side sends its
/// SYN,ACK again: the line of each lost one says so, and never that nobody
/// sends it again. Both languages.
#[test]
fn a_lost_syn_ack_sent_again_is_not_told_as_never_resent() {
    let captures: [&[u8]; 2] = [
        include_bytes!("../../model/tests/fixtures/kernel_captures/m6_simultaneous_open_synacks_lost.pcap"),
        include_bytes!(
            "../../model/tests/fixtures/kernel_captures/m6_simultaneous_open_synacks_lost_v6_middle.pcap"
        ),
    ];
    for bytes in captures {
        let sim = first_connection(bytes);
        for (lang, lost, again, never) in [
            (
                Lang::En,
                "was probably lost after the capture point",
                "sends it again later",
                "Nobody sends it again",
            ),
            (
                Lang::Zh,
                "很可能是在抓包点之后丢的",
                "后来又重发了它",
                "也不会有人重发它",
            ),
        ] {
            let lines = technical_lines(&sim, lang);
            let losses: Vec<_> = lines.iter().filter(|l| l.contains(lost)).collect();
            assert_eq!(losses.len(), 2, "{lang:?}: {losses:#?}");
            assert!(
                losses.iter().all(|l| l.contains(again) && !l.contains(never)),
                "{lang:?}: {losses:#?}"
            );
        }
    }
}

/// Each answer to a real keep-alive (kernel capture v_keepalive_answered:
/// four probes, four answers) is told as the answer it is, in both
/// languages, and the probe's line no longer says the sender gave up.
#[test]
fn a_keep_alive_answer_is_told_as_one() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/v_keepalive_answered.pcap");
    let sim = first_connection(bytes);
    // Each probe's line says what would happen without answers, as a
    // condition (the English one used to say it as a fact).
    for (lang, answer, conditional, fact) in [
        (
            Lang::En,
            "Server answers the keep-alive with ack=21",
            "Were the answers to stop, Client would",
            Some("gives up on it"),
        ),
        (
            Lang::Zh,
            "服务器回应保活探测，ack=21",
            "一次又一次探测都没有回音，客户端就会放弃",
            None,
        ),
    ] {
        let lines = technical_lines(&sim, lang);
        assert_eq!(
            lines.iter().filter(|l| l.contains(answer)).count(),
            4,
            "{lang:?}: {lines:#?}"
        );
        assert_eq!(
            lines.iter().filter(|l| l.contains(conditional)).count(),
            4,
            "{lang:?}"
        );
        assert!(
            fact.is_none_or(|f| lines.iter().all(|l| !l.contains(f))),
            "{lang:?}"
        );
    }
}

/// A real kernel's ECN (capture u_ecn_congestion_marked: the relay marked
/// each side's first data Congestion Experienced): the SYN's request, the
/// SYN,ACK's consent, each echo and each reduction are told once, on their
/// own segments, in both languages; a handshake without marks
/// (u_ecn_handshake) tells no echo.
#[test]
fn ecn_bits_are_told_where_a_kernel_set_them() {
    let marked = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/u_ecn_congestion_marked.pcap"
    ));
    let quiet = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/u_ecn_handshake.pcap"
    ));
    for (lang, asks, agrees, echo, reduced, ce) in [
        (
            Lang::En,
            "this SYN asks to use ECN",
            "ECE without CWR on this SYN,ACK agrees",
            "echoes the mark to",
            "has slowed down after",
            "its IP header is marked",
        ),
        (
            Lang::Zh,
            "它在请求使用 ECN",
            "它同意了",
            "把这个标记回传给",
            "已经放慢了速度",
            "IP 头已标着",
        ),
    ] {
        let said = technical_lines(&marked, lang);
        let count = |part: &str| said.iter().filter(|l| l.contains(part)).count();
        assert_eq!(
            [asks, agrees, echo, reduced, ce].map(count),
            [1, 1, 2, 2, 1],
            "{lang:?}: {said:#?}"
        );
        // The one mark captured is on the client's first data (captured at
        // the server, after the relay marked it).
        let marked_line = said.iter().find(|l| l.contains(ce)).expect("told");
        assert!(marked_line.contains("seq=1"), "{marked_line}");
        // Each echo rides on the bare ACK of the marked data, each
        // reduction on the next data of the side that was told.
        let echoes: Vec<&String> = said.iter().filter(|l| l.contains(echo)).collect();
        assert!(echoes.iter().all(|l| l.contains("ack=1001")), "{echoes:#?}");
        let said = technical_lines(&quiet, lang);
        let count = |part: &str| said.iter().filter(|l| l.contains(part)).count();
        assert_eq!(
            [asks, agrees, echo, reduced, ce].map(count),
            [1, 1, 0, 0, 0],
            "{lang:?}"
        );
    }
}

/// In the half-close lesson the client sends its data and its FIN at once;
/// with the data dropped the FIN reaches the server past a gap. The server
/// keeps it and says so, and closes its receiving side only when the data
/// comes again. Both languages.
#[test]
fn a_fin_past_a_gap_is_kept_and_taken_when_the_gap_fills() {
    let base = run("half-close");
    let data = base
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::Data)
        .expect("the client's data")
        .id;
    let mut sim = base.rewind(base.segment(data).expect("sent").sent_at);
    sim.drop_segment(data).expect("the data is in flight");
    sim.run_until_finished(RUN_LIMIT);
    for (lang, kept) in [
        (Lang::En, "keeps the FIN that came after the gap"),
        (Lang::Zh, "先把空缺后面的 FIN 存着"),
    ] {
        let said = technical_lines(&sim, lang);
        let at = said.iter().position(|l| l.contains(kept));
        let closes = said.iter().position(|l| l.contains("CLOSE-WAIT"));
        assert_eq!(
            said.iter().filter(|l| l.contains(kept)).count(),
            1,
            "{lang:?}: {said:#?}"
        );
        assert!(
            at < closes && at.is_some(),
            "{lang:?}: kept before CLOSE-WAIT: {said:#?}"
        );
    }
}

/// SYN-RECEIVED's details speak of a listener's SYN queue; in the
/// simultaneous-open lesson both sides come there from SYN-SENT, with no
/// listener, and the details say so. Both languages.
#[test]
fn syn_received_after_a_simultaneous_open_names_no_queue_of_its_own() {
    let sim = run("simultaneous-open");
    for (lang, no_queue) in [
        (Lang::En, "no listener and no queue"),
        (Lang::Zh, "没有监听端，也不进队列"),
    ] {
        let said = narrate_all(&sim, lang, Mode::Technical, VIEWS[0].1);
        let entered: Vec<_> = said
            .iter()
            .filter(|s| s.text.contains("→ SYN-RECEIVED"))
            .collect();
        assert_eq!(entered.len(), 2, "{lang:?}");
        assert!(entered.iter().all(|s| s.details.contains(no_queue)), "{lang:?}");
    }
}

/// Prints every built-in's narration, for reading it through:
/// `cargo test -p tcp-widget --lib print_every_narration -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_every_narration() {
    let mut runs: Vec<(String, Simulation)> = BUILTINS
        .iter()
        .map(|b| (b.name.to_string(), run(b.name)))
        .collect();
    for (name, text) in [
        (
            "fast-retransmit (text)",
            super::claims_tests::FAST_RETRANSMIT.to_string(),
        ),
        (
            "lost-syn-ack, Linux (text)",
            format!(
                "{}\nnet profile=linux",
                tcp_model::library::builtin("lost-syn-ack").unwrap().text()
            ),
        ),
    ] {
        let mut sim = Simulation::new(&tcp_model::Scenario::from_text(&text).unwrap()).unwrap();
        sim.run_until_finished(RUN_LIMIT);
        runs.push((name.to_string(), sim));
    }
    for (name, run) in &runs {
        let run = run.clone();
        let b = Named { name };
        for &lang in Lang::ALL {
            for (mode, theme) in VIEWS {
                println!("\n=== {} {lang:?} {mode:?} {theme:?}", b.name);
                for s in narrate_all(&run, lang, mode, theme) {
                    println!("{:>6} {}", s.at.0, s.text);
                    for d in s.details.lines() {
                        println!("         · {d}");
                    }
                }
            }
        }
    }
}

/// Prints the narration of a capture's first connection in both languages,
/// for reading it through: `CAP=file.pcap cargo test -p tcp-widget --lib
/// print_capture_narration -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_capture_narration() {
    let sim = first_connection(&std::fs::read(std::env::var("CAP").unwrap()).unwrap());
    for &lang in Lang::ALL {
        for s in narrate_all(&sim, lang, Mode::Technical, VIEWS[0].1) {
            println!("{:>8} {}", s.at.0, s.text);
            for d in s.details.lines() {
                println!("         · {d}");
            }
        }
    }
}

/// A real kernel capture (`u_window_opens`): the server's application
/// reads after a pause, and its window update is told in bytes, its field
/// (75) scaled by the 2^10 its SYN,ACK asked for. Without the handshake in
/// the file the scale is unknown, and the line says so instead of passing
/// the field off as bytes.
#[test]
fn a_captured_window_update_is_told_in_bytes_or_as_a_field() {
    let bytes = include_bytes!("../../model/tests/fixtures/kernel_captures/u_window_opens.pcap");
    let sim = first_connection(bytes);
    for (lang, room) in [(Lang::En, "room for 76800 bytes"), (Lang::Zh, "接收 76800 字节")] {
        let said = technical_lines(&sim, lang);
        only_line(&said, room, lang);
        assert!(
            !said
                .iter()
                .any(|t| t.contains("75 bytes") || t.contains("75 字节")),
            "{said:#?}"
        );
    }
    // The same file from its third packet on: no SYN, so no scale.
    let sim = first_connection(&without_first_packets(bytes, 2));
    for (lang, field) in [
        (Lang::En, "window=75. How many bytes"),
        (Lang::Zh, "window=75。它合多少字节"),
    ] {
        only_line(&technical_lines(&sim, lang), field, lang);
    }
}

/// Real kernel captures (`u_sack_recovery`, `u_sack_reordered_acks`): the
/// first ACK after a loss reports the bytes past the gap in a SACK block,
/// and its window has grown since the receiver's last segment, so Wireshark
/// marks it a window update. It is told as what it is, the ack restated
/// for the data past the gap, like the duplicate ACKs after it (six and
/// five of them); no window update is told in either file.
#[test]
fn an_ack_reporting_bytes_past_a_gap_restates_the_ack_whatever_its_window() {
    for (bytes, restated, count) in [
        (
            &include_bytes!("../../model/tests/fixtures/kernel_captures/u_sack_recovery.pcap")[..],
            "Client sends ack=5793 again",
            7,
        ),
        (
            &include_bytes!("../../model/tests/fixtures/kernel_captures/u_sack_reordered_acks.pcap")[..],
            "Client sends ack=5793 again",
            6,
        ),
    ] {
        let said = technical_lines(&first_connection(bytes), Lang::En);
        assert!(!said.iter().any(|t| t.contains("window update")), "{said:#?}");
        assert_eq!(
            said.iter().filter(|t| t.starts_with(restated)).count(),
            count,
            "{said:#?}"
        );
        let zh = technical_lines(&first_connection(bytes), Lang::Zh);
        assert!(!zh.iter().any(|t| t.contains("窗口更新")), "{zh:#?}");
    }
}

/// A classic pcap file without its first `n` packets.
fn without_first_packets(pcap: &[u8], n: usize) -> Vec<u8> {
    let mut at = 24;
    for _ in 0..n {
        let caplen = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
        at += 16 + caplen;
    }
    [&pcap[..24], &pcap[at..]].concat()
}

/// Real kernel captures of a path that delivered one packet twice, taken
/// at the receiver's host: the second copy is told as the path's, never as
/// its sender sending again (a duplicate ACK, a resend); the server that
/// gets a SYN twice is not told the client repeated it; and the analogy
/// has no beat for it.
#[test]
fn a_packet_the_path_delivered_twice_is_told_as_one_packet() {
    let cases: [(&[u8], u32, u32); 2] = [
        (
            include_bytes!("../../model/tests/fixtures/kernel_captures/r_ack_duplicated_at_client.pcap"),
            6,
            5,
        ),
        (
            include_bytes!("../../model/tests/fixtures/kernel_captures/r_syn_duplicated_at_server.pcap"),
            2,
            0,
        ),
    ];
    for (bytes, id, orig) in cases {
        let sim = first_connection(bytes);
        let said = technical_lines(&sim, Lang::En);
        only_line(&said, &format!("#{id} is a second copy of #{orig}"), Lang::En);
        for wrong in [
            "sends ack=21 again",
            "Server already has this SYN: Client sent it again",
        ] {
            assert!(!said.iter().any(|t| t.contains(wrong)), "{wrong}: {said:#?}");
        }
        let zh = technical_lines(&sim, Lang::Zh);
        only_line(&zh, &format!("#{id} 是 #{orig} 的第二份"), Lang::Zh);
        let sent_copy = sim
            .events()
            .iter()
            .find(|e| {
                matches!(
                    e.kind,
                    EventKind::SegmentSent {
                        resend: Some(tcp_model::Resend::Duplicated),
                        ..
                    }
                )
            })
            .expect("the copy is in the log");
        assert_eq!(beat_for(&sim, sent_copy), None);
    }
    let syn = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/r_syn_duplicated_at_server.pcap"
    ));
    for (lang, line) in [
        (
            Lang::En,
            "Server already has this SYN. This copy is the path's, not Client's",
        ),
        (
            Lang::Zh,
            "服务器已经收到过这个 SYN。这份副本来自路径，不是客户端重发的",
        ),
    ] {
        only_line(&technical_lines(&syn, lang), line, lang);
    }
}

/// Kernel capture v_synack_copied_after_data_ack_v6_at_client (run 11188,
/// IPv6 without timestamps): the path delivered the server's SYN,ACK again
/// 120 ms late, after the server had acknowledged the client's data. No
/// stamp tells the copy; the server's synchronization does, and the line
/// says so rather than naming an IP identification or timestamp there is
/// not. The client's line for it is the path's copy's, never "sent it again,
/// not having received Client's answer".
#[test]
fn a_synack_copied_after_its_sender_synchronized_is_told_by_that() {
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/v_synack_copied_after_data_ack_v6_at_client.pcap"
    ));
    for (lang, copy, wrong, client) in [
        (
            Lang::En,
            "#6 is a second copy of #1: the path delivered that SYN,ACK again. Server was already synchronized (after its SYN,ACK it had sent data, or acknowledged data from Client)",
            "IP identification",
            "Client already has this SYN. This copy is the path's, not Server's",
        ),
        (
            Lang::Zh,
            "#6 是 #1 的第二份：路径把那个 SYN,ACK 又投递了一次。服务器早已完成同步（发出 SYN,ACK 之后，它已经发过数据，或确认过客户端发来的数据）",
            "IP 标识",
            "客户端已经收到过这个 SYN。这份副本来自路径，不是服务器重发的",
        ),
    ] {
        let said = technical_lines(&sim, lang);
        only_line(&said, copy, lang);
        only_line(&said, client, lang);
        assert!(!said.iter().any(|t| t.contains(wrong)), "{wrong}: {said:#?}");
    }
    // Run 11878: the server had acknowledged nothing past the SYN, but had
    // sent all its data before the copy came; the same line tells it.
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/w_synack_copied_after_server_data_v6_at_client.pcap"
    ));
    let said = technical_lines(&sim, Lang::En);
    only_line(
        &said,
        "#18 is a second copy of #1: the path delivered that SYN,ACK again.",
        Lang::En,
    );
    assert!(
        !said
            .iter()
            .any(|t| t.contains("not having received Client's answer")),
        "{said:#?}"
    );
}

/// A capture is drawn with Wireshark's relative numbers, so its SYN's line
/// says seq=0 stands for the ISN and never that 0 is the ISN; a lesson's SYN
/// carries its real ISN and says it is one. Both languages.
#[test]
fn a_captured_syn_says_its_numbers_are_relative() {
    let capture = first_connection(include_bytes!("../../model/tests/fixtures/captures/http_v4.pcap"));
    let lesson = run("handshake-and-close");
    for (lang, relative, wrong, isn) in [
        (
            Lang::En,
            "Client sends SYN seq=0. The numbers here are relative, as Wireshark shows them: 0 stands for its ISN",
            "0 is its ISN",
            "Client sends SYN seq=1000: 1000 is its ISN",
        ),
        (
            Lang::Zh,
            "客户端发出 SYN，seq=0。这里的序号是相对值，和 Wireshark 的显示一样：0 代表它的 ISN",
            "这是它的 ISN",
            "客户端发出 SYN，seq=1000：这是它的 ISN",
        ),
    ] {
        let said = technical_lines(&capture, lang);
        only_line(&said, relative, lang);
        assert!(!said.iter().any(|t| t.contains(wrong)), "{wrong}: {said:#?}");
        let taught = technical_lines(&lesson, lang);
        only_line(&taught, isn, lang);
    }
}

/// Kernel capture w_synack_lost_cookie_answers_anew_v6 (run 11877, SYN
/// cookies): the first SYN,ACK was lost, and the listener answered the
/// repeated SYN with a new SYN,ACK of another ISN. Neither the lost one's line
/// nor the repeated SYN's may say that the server sent the first one again or
/// already had the SYN: it kept nothing; and the SYN's resend names its timer,
/// not causes that never send a SYN again. Both languages.
#[test]
fn a_syn_answered_anew_is_not_told_as_a_resend() {
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/w_synack_lost_cookie_answers_anew_v6.pcap"
    ));
    for (lang, lost, taken, wrong) in [
        (
            Lang::En,
            "SYN,ACK seq=0 ack=1 was probably lost after the capture point: Client sent its SYN again, as a side does while no SYN,ACK reaches it, and Server answered that SYN with a new SYN,ACK, with another ISN",
            "Server takes this SYN as a new one: it holds nothing of Client's first SYN",
            ["its sender sent it again", "already has this SYN", "a tail loss probe"],
        ),
        (
            Lang::Zh,
            "很可能是在抓包点之后丢的：客户端又发了一次 SYN",
            "服务器把这个 SYN 当作新的来处理",
            ["发送方又重发了一遍", "已经收到过", "尾部丢失探测"],
        ),
    ] {
        let said = technical_lines(&sim, lang);
        only_line(&said, lost, lang);
        only_line(&said, taken, lang);
        // The repeated SYN: its timer alone sends a SYN again.
        let timer = match lang {
            Lang::En => "A SYN goes again only when its sender's timer runs out",
            Lang::Zh => "SYN 只会在发送方的计时器到时",
        };
        only_line(&said, timer, lang);
        for w in wrong {
            assert!(!said.iter().any(|t| t.contains(w)), "{w}: {said:#?}");
        }
    }
}

/// Corpus file zero_window_probes.pcap, stream 0: the client probes a closed
/// window with one byte three times, as the BSDs, macOS and Windows do. Each
/// probe is told refused and answered, never lost. Both languages.
#[test]
fn a_byte_probe_of_a_closed_window_is_refused_not_lost() {
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/captures/zero_window_probes.pcap"
    ));
    for (lang, refused, lost) in [
        (
            Lang::En,
            "ACK seq=2001 ack=1 len=1 is a zero-window probe: Server answers with its current window.",
            "probably lost",
        ),
        (
            Lang::Zh,
            "ACK seq=2001 ack=1 len=1 是零窗口探测：服务器回一个 ACK，告知当前窗口。",
            "很可能",
        ),
    ] {
        let said = technical_lines(&sim, lang);
        assert_eq!(
            said.iter().filter(|t| t.contains(refused)).count(),
            3,
            "{said:#?}"
        );
        assert!(!said.iter().any(|t| t.contains(lost)), "{said:#?}");
    }
}

/// A real kernel capture (`r_data_overtaken_at_client`): the path held the
/// server's data back and its resend arrived first. The late original is
/// told as overtaken (its timestamp is older than the server's segment
/// captured 149 ms before it), never as a resend, and the resend names it.
#[test]
fn a_segment_its_resend_overtook_is_no_resend() {
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/r_data_overtaken_at_client.pcap"
    ));
    let server_1449 = |s: &&tcp_model::SegmentRecord| {
        s.from.side() == Some(Side::Server) && s.header.seq.0 == 1449 && s.header.len == 1448
    };
    let late = sim.segments().iter().rfind(server_1449).unwrap();
    let resend = sim.segments().iter().find(server_1449).unwrap();
    assert_eq!((late.resend, resend.retransmission_of), (None, Some(late.id)));
    for (lang, line) in [
        (
            Lang::En,
            "PSH,ACK seq=1449 ack=1 len=1448 left Server earlier than it shows here: its TCP timestamp or IP identification is older than that of Server's segment captured 149 ms before it",
        ),
        (
            Lang::Zh,
            "PSH,ACK seq=1449 ack=1 len=1448 离开服务器的时间比这里显示的早：它的 TCP 时间戳或 IP 标识比服务器早 149 毫秒被抓到的那个报文段还旧",
        ),
    ] {
        only_line(&technical_lines(&sim, lang), line, lang);
    }
}

/// A real kernel capture (`r_ack_overtaken_at_client`): the server's ACK,
/// held back on the path, arrives after the server's FIN sent in the same
/// timestamp tick. Its IP identification says it left first: it is told
/// as overtaken and as a segment outside the window, never as a keep-alive
/// with a keep-alive's answer.
#[test]
fn an_ack_overtaken_by_its_senders_fin_is_no_keep_alive() {
    let sim = first_connection(include_bytes!(
        "../../model/tests/fixtures/kernel_captures/r_ack_overtaken_at_client.pcap"
    ));
    for (lang, overtaken, outside, not_said) in [
        (
            Lang::En,
            "ACK seq=1 ack=21 left Server earlier than it shows here",
            "ACK seq=1 ack=21 lies outside Client's receive window",
            "keep-alive",
        ),
        (
            Lang::Zh,
            "ACK seq=1 ack=21 离开服务器的时间比这里显示的早",
            "ACK seq=1 ack=21 落在客户端的接收窗口之外",
            "保活",
        ),
    ] {
        let said = technical_lines(&sim, lang);
        only_line(&said, overtaken, lang);
        only_line(&said, outside, lang);
        assert!(!said.iter().any(|t| t.contains(not_said)), "{lang:?}: {said:#?}");
    }
}
