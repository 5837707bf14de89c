//! One test per claim the review found false or missing, on the run that
//! shows it, in both languages: each finds the model's event first and then
//! reads what the narration says about it. The deep dives' own numbers
//! (times, retries, sequence numbers of the scenario each plays) are
//! checked against those runs too.

use tcp_model::call::Outcome;
use tcp_model::event::EventKind;
use tcp_model::{Call, Purpose, Resend, SegmentId, Side, Simulation, State, Time};

use super::dives::deep_dive;
use super::*;
use crate::store::RUN_LIMIT;
use crate::text::Lang;

fn run_text(text: &str) -> Simulation {
    let scenario = tcp_model::Scenario::from_text(text).expect("the scenario parses");
    let mut sim = Simulation::new(&scenario).expect("the scenario runs");
    sim.run_until_finished(RUN_LIMIT);
    sim
}

fn run(name: &str) -> Simulation {
    run_text(tcp_model::library::builtin(name).expect("a built-in").text())
}

/// Everything said about event `index` (headline and details).
fn about(run: &Simulation, index: usize, lang: Lang, mode: Mode, theme: Analogy) -> String {
    narrate_all(run, lang, mode, theme)
        .into_iter()
        .filter(|s| s.event == index)
        .map(|s| s.full())
        .collect::<Vec<_>>()
        .join("\n")
}

fn technical(run: &Simulation, index: usize, lang: Lang) -> String {
    about(run, index, lang, Mode::Technical, Analogy::StandOff)
}

/// Indexes of the events that match.
fn events_where(run: &Simulation, f: impl Fn(&tcp_model::Event) -> bool) -> Vec<usize> {
    run.events()
        .iter()
        .enumerate()
        .filter(|(_, e)| f(e))
        .map(|(i, _)| i)
        .collect()
}

/// A data transfer of six segments whose first is lost: the three after it
/// draw three duplicate ACKs.
pub(super) const FAST_RETRANSMIT: &str = "client isn=1000 mss=1460 | connect, send 6000, recv eof, close\n\
     server isn=8000 mss=1000 | listen, accept, recv 6000, close\n\
     drop client ACK 2";

#[test]
fn a_fast_retransmit_is_told_as_one_and_not_as_a_timeout() {
    let run = run_text(FAST_RETRANSMIT);
    let fast = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::SegmentSent {
                resend: Some(Resend::FastRetransmit),
                ..
            }
        )
    });
    assert_eq!(fast.len(), 1, "the model fast-retransmits once");
    let at = run.events()[fast[0]].at;
    let sent = run.events()[fast[0]]
        .segment()
        .and_then(|id| run.segment(id))
        .expect("a segment");
    let orig = format!("#{}", sent.retransmission_of.expect("a copy").0);
    // No retransmission timer ran out then: the duplicate ACKs did it.
    assert!(
        !run.events_at(at)
            .iter()
            .any(|e| matches!(e.kind, EventKind::TimerFired { .. })),
        "no timeout at {at:?}"
    );
    for (lang, says, not) in [
        (Lang::En, "fast retransmission", "timer ran out"),
        (Lang::Zh, "快速重传", "定时器到时"),
    ] {
        let told = technical(&run, fast[0], lang);
        assert!(told.contains(says) && told.contains(&orig), "{lang:?}: {told}");
        assert!(!told.contains(not), "{lang:?} blames a timer: {told}");
        let same_instant: Vec<Said> = narrate_all(&run, lang, Mode::Technical, Analogy::StandOff)
            .into_iter()
            .filter(|s| s.at == at)
            .collect();
        assert!(
            same_instant.iter().all(|s| !s.text.contains(not)),
            "{lang:?}: {same_instant:#?}"
        );
        for theme in Analogy::ALL {
            let beat = about(&run, fast[0], lang, Mode::Analogy, *theme);
            assert_eq!(
                beat,
                keys::analogy(lang, *theme, Beat::FastRetransmit)
                    .replace("{side}", keys::side_name(lang, Side::Client))
            );
        }
    }
    // The duplicate ACKs that caused it are told as such, three times.
    let dups = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::SegmentSent {
                purpose: Purpose::DuplicateAck,
                ..
            }
        )
    });
    assert_eq!(dups.len(), 3);
    for &i in &dups {
        assert!(technical(&run, i, Lang::En).contains("ack=1001 again"));
    }
}

#[test]
fn a_lost_bare_ack_is_said_to_be_covered_by_the_next_one() {
    // The handshake's third segment is lost; the server resends its SYN,ACK
    // and the client's second ACK covers the lost one.
    let run = run("lost-handshake-ack");
    let covered = events_where(&run, |e| matches!(e.kind, EventKind::AckCovered { .. }));
    assert_eq!(covered.len(), 1, "the model reports the covering ACK");
    let EventKind::AckCovered { lost, .. } = run.events()[covered[0]].kind else {
        unreachable!()
    };
    assert_eq!(lost, SegmentId(2), "the third segment");
    let en = technical(&run, covered[0], Lang::En);
    assert!(en.contains("ack=8001 also covers the lost ACK #2"), "{en}");
    assert!(!en.contains("nothing is resent"), "the SYN,ACK was resent: {en}");
    let zh = technical(&run, covered[0], Lang::Zh);
    assert!(zh.contains("ack=8001 也涵盖了丢掉的 ACK #2"), "{zh}");
    // The drop itself says that nobody resends a bare ACK.
    let dropped = events_where(&run, |e| {
        matches!(e.kind, EventKind::SegmentDropped { bare_ack: true, .. })
    });
    assert!(technical(&run, dropped[0], Lang::En).contains("a bare ACK. Nobody will send it again"));
    assert!(technical(&run, dropped[0], Lang::Zh).contains("纯 ACK，没有人会重发它"));
    for theme in Analogy::ALL {
        let beat = about(&run, covered[0], Lang::Zh, Mode::Analogy, *theme);
        assert!(!beat.is_empty(), "{theme:?} tells the covering ACK");
    }

    // In the classic run the data right behind a lost third ACK covers it:
    // the handshake completes with no retransmission at all.
    let mut classic = run_text(tcp_model::library::builtin("handshake-and-close").unwrap().text());
    classic = classic.rewind(Time(250));
    classic
        .drop_segment(SegmentId(2))
        .expect("the third ACK flies at 250 ms");
    classic.run_until_finished(RUN_LIMIT);
    let covered = events_where(&classic, |e| matches!(e.kind, EventKind::AckCovered { .. }));
    assert_eq!(covered.len(), 1);
    assert_eq!(classic.events()[covered[0]].at, Time(310));
    assert!(classic.segments().iter().all(|s| !s.retransmission()));
    let en = technical(&classic, covered[0], Lang::En);
    assert!(
        en.contains("also covers the lost ACK #2") && en.contains("completes the handshake"),
        "{en}"
    );
}

#[test]
fn in_a_simultaneous_close_both_sides_are_said_to_wait() {
    let run = run("simultaneous-close");
    // The model: both sides go CLOSING → TIME-WAIT.
    for side in [Side::Client, Side::Server] {
        let states: Vec<State> = run.state_bands(side, run.now()).iter().map(|b| b.state).collect();
        assert!(
            states.windows(2).any(|w| w == [State::Closing, State::TimeWait]),
            "{side:?}: {states:?}"
        );
    }
    let closing = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::StateChanged {
                to: State::Closing,
                ..
            }
        )
    });
    assert_eq!(closing.len(), 2);
    for &i in &closing {
        let en = technical(&run, i, Lang::En);
        assert!(
            en.contains("both sides are closing at once") && en.contains("here both sides wait"),
            "{en}"
        );
        let zh = technical(&run, i, Lang::Zh);
        assert!(
            zh.contains("双方在同时关闭") && zh.contains("等待的是双方"),
            "{zh}"
        );
    }
    // The story tells the shared wait once, and it says "both".
    for lang in Lang::ALL {
        for theme in Analogy::ALL {
            let said = narrate_all(&run, *lang, Mode::Analogy, *theme);
            let wait = keys::analogy(*lang, *theme, Beat::TimeWait);
            assert_eq!(
                said.iter().filter(|s| s.text == wait).count(),
                1,
                "{lang:?} {theme:?}"
            );
            assert!(wait.contains("both") || wait.contains("都"), "{wait}");
            let at = said.iter().find(|s| s.text == wait).unwrap().at;
            assert_eq!(at, Time(800), "when both enter TIME-WAIT");
        }
    }
    // The dive says it too.
    for lang in Lang::ALL {
        let (_, body) = deep_dive(*lang, DeepDive::WhyTimeWait);
        assert!(body.contains("both wait") || body.contains("也都要等"), "{body}");
    }
}

#[test]
fn the_last_ack_is_said_before_time_wait_lingers() {
    // The state changes to TIME-WAIT a moment before the last ACK leaves:
    // the story must not linger "in case its last word goes missing" before
    // that word is said.
    let run = run("handshake-and-close");
    for lang in Lang::ALL {
        for theme in Analogy::ALL {
            let said = narrate_all(&run, *lang, Mode::Analogy, *theme);
            let last = keys::analogy(*lang, *theme, Beat::LastAck)
                .replace("{side}", keys::side_name(*lang, Side::Client));
            let i = said
                .iter()
                .position(|s| s.text == last)
                .unwrap_or_else(|| panic!("{lang:?} {theme:?}: {said:#?}"));
            assert!(
                last.contains("TIME-WAIT"),
                "the last word and the lingering are one beat: {last}"
            );
            assert!(
                said[..i].iter().all(|s| !s.text.contains("TIME-WAIT")),
                "{lang:?} {theme:?}: TIME-WAIT told before the last ACK"
            );
        }
    }
}

#[test]
fn linux_resends_its_syn_ack_for_a_repeated_syn_and_says_so() {
    let text = format!(
        "{}\nnet profile=linux\n",
        tcp_model::library::builtin("lost-syn-ack").unwrap().text()
    );
    let run = run_text(&text);
    let dup = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::SegmentSent {
                resend: Some(Resend::DuplicateSyn),
                ..
            }
        )
    });
    assert_eq!(dup.len(), 1, "Linux answers the repeated SYN with its SYN,ACK");
    let at = run.events()[dup[0]].at;
    assert!(
        !run.events_at(at)
            .iter()
            .any(|e| e.side == Some(Side::Server) && matches!(e.kind, EventKind::TimerFired { .. })),
        "not the server's timer"
    );
    let en = technical(&run, dup[0], Lang::En);
    assert!(
        en.contains("SYN,ACK") && en.contains("without waiting for its timer") && en.contains("repeated SYN"),
        "{en}"
    );
    assert!(!en.contains("timer ran out"), "{en}");
    let zh = technical(&run, dup[0], Lang::Zh);
    assert!(zh.contains("不等定时器") && zh.contains("又发来 SYN"), "{zh}");
    // The client's own SYN went again because its timer ran out: told so.
    let syn_again = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::SegmentSent {
                purpose: Purpose::Syn,
                resend: Some(Resend::Timeout),
                ..
            }
        )
    });
    assert_eq!(syn_again.len(), 1);
    assert!(technical(&run, syn_again[0], Lang::En).contains("(its timer ran out)"));
    assert!(technical(&run, syn_again[0], Lang::Zh).contains("（定时器到时）"));
}

#[test]
fn a_read_that_fails_is_told_as_a_failure_and_never_as_end_of_file() {
    let run = run("abort");
    let failed = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::CallReturned {
                call: Call::RecvEof,
                outcome: Outcome::Failed { .. }
            }
        )
    });
    assert_eq!(failed.len(), 1);
    let all = narrate_all(&run, Lang::En, Mode::Technical, Analogy::StandOff);
    assert!(technical(&run, failed[0], Lang::En).contains("Server's recv() fails with ECONNRESET"));
    assert!(
        all.iter().all(|s| !s.full().contains("returns 0")),
        "no EOF in this run"
    );
    assert!(technical(&run, failed[0], Lang::Zh).contains("失败，错误码 ECONNRESET"));
    // The RST that caused it is an explicit message, in every story too.
    let rst = events_where(&run, |e| {
        matches!(
            e.kind,
            EventKind::SegmentSent {
                purpose: Purpose::RstAbort,
                ..
            }
        )
    });
    assert!(technical(&run, rst[0], Lang::En).contains("explicit message"));
    let standoff = about(&run, rst[0], Lang::Zh, Mode::Analogy, Analogy::StandOff);
    assert!(!standoff.contains("一声不吭"), "{standoff}");
}

#[test]
fn the_half_close_says_the_closer_still_receives() {
    let run = run("half-close");
    // The client shut down its sending at 200 ms; the server's 100 bytes reach it at 720 ms.
    let received = events_where(&run, |e| {
        e.side == Some(Side::Client) && matches!(e.kind, EventKind::DataReceived { bytes: 100, .. })
    });
    assert_eq!(received.len(), 1);
    let i = received[0];
    assert_eq!(run.state_at(Side::Client, run.events()[i].at), State::FinWait2);
    let en = technical(&run, i, Lang::En);
    assert!(
        en.contains("Client has closed its sending direction, yet it still receives"),
        "{en}"
    );
    let zh = technical(&run, i, Lang::Zh);
    assert!(
        zh.contains("客户端已经关闭了自己的发送方向，却照样能收") && zh.contains("半关闭"),
        "{zh}"
    );
    // "Oh, one more thing…": the story says it there, and the closer hears it.
    let phone = about(&run, i, Lang::En, Mode::Analogy, Analogy::Phone);
    assert!(
        phone.contains("one more thing") && phone.contains("still on the line"),
        "{phone}"
    );
    let phone = about(&run, i, Lang::Zh, Mode::Analogy, Analogy::Phone);
    assert!(
        phone.contains("还有件事") && phone.contains("听得清清楚楚"),
        "{phone}"
    );
    let standoff = about(&run, i, Lang::Zh, Mode::Analogy, Analogy::StandOff);
    assert!(standoff.contains("照听不误"), "{standoff}");

    // Data that arrives before the receiver closes is no half-close, even
    // when it closes in the same instant (the fast-retransmit run's server).
    let busy = run_text(FAST_RETRANSMIT);
    for lang in Lang::ALL {
        let line = keys::technical(*lang, Line::Say(Say::HalfCloseData)).0;
        let cut =
            line[..line.find(',').or_else(|| line.find('，')).unwrap_or(line.len())].replace("{side}", "");
        let said = narrate_all(&busy, *lang, Mode::Technical, Analogy::StandOff);
        assert!(said.iter().all(|s| !s.text.contains(&cut)), "{lang:?}");
    }

    // After close() instead of shutdown() nobody is left to read: the same
    // data is answered with RST, and the narration does not claim it is received.
    let closed = run_text(
        "client isn=1000 mss=1460 | connect, send 20, close\n\
         server isn=8000 mss=1024 | listen, accept, recv eof, sleep 300, send 100, close",
    );
    assert!(closed
        .segments()
        .iter()
        .any(|s| s.purpose == Purpose::RstDataLost));
    for lang in Lang::ALL {
        let said = narrate_all(&closed, *lang, Mode::Technical, Analogy::StandOff);
        let line = keys::technical(*lang, Line::Say(Say::HalfCloseData)).0;
        let cut = &line[..line.find(',').or_else(|| line.find('，')).unwrap_or(line.len())];
        let cut = cut.replace("{side}", "");
        assert!(said.iter().all(|s| !s.text.contains(&cut)), "{lang:?}: {said:#?}");
    }
}

#[test]
fn a_window_of_zero_is_said_where_the_receiver_advertises_it() {
    let run = run("zero-window");
    let zero = events_where(&run, |e| match e.kind {
        EventKind::SegmentSent { segment, .. } => run.segment(segment).is_some_and(|s| s.header.window == 0),
        _ => false,
    });
    assert!(!zero.is_empty());
    for &i in &zero {
        assert!(technical(&run, i, Lang::En).contains("It advertises window=0"));
        assert!(technical(&run, i, Lang::Zh).contains("通告的窗口是 window=0"));
    }
}

/// The lesson says a probe rescues a lost window update. Dropped, the
/// update never arrives, and the next probe reaches a window already open:
/// it is still called a zero-window probe there, never a keep-alive (the
/// model sends none).
#[test]
fn a_probe_after_a_lost_window_update_is_called_a_probe_where_it_arrives() {
    let lesson = tcp_model::library::builtin("zero-window")
        .expect("a built-in")
        .text();
    let run = run_text(&format!("{lesson}\ndrop server ACK 5"));
    let update = run
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::WindowUpdate)
        .expect("a window update");
    assert!(
        !matches!(update.fate, tcp_model::Fate::Arrived),
        "the rule drops it"
    );
    let arrivals = events_where(&run, |e| match e.kind {
        EventKind::SegmentIgnored { segment, .. } => {
            e.at > update.sent_at
                && run
                    .segment(segment)
                    .is_some_and(|s| s.purpose == Purpose::WindowProbe)
        }
        _ => false,
    });
    assert!(
        !arrivals.is_empty(),
        "a probe reaches the server after the update was lost"
    );
    for &i in &arrivals {
        let (en, zh) = (technical(&run, i, Lang::En), technical(&run, i, Lang::Zh));
        assert!(
            en.contains("is a zero-window probe") && !en.contains("keep-alive"),
            "{en}"
        );
        assert!(zh.contains("是零窗口探测") && !zh.contains("保活"), "{zh}");
    }
}

/// `items` as a language lists them: "0, 1, 3 and 7" / "0、1、3、7".
fn list(lang: Lang, items: &[String]) -> String {
    match (lang, items) {
        (Lang::Zh, _) => items.join("、"),
        (_, [.., last]) if items.len() > 1 => format!("{} and {last}", items[..items.len() - 1].join(", ")),
        _ => items.join(""),
    }
}

fn secs(t: Time) -> String {
    (t.0 / 1000).to_string()
}

/// The MSS option of a run's `i`-th segment.
fn mss_value(run: &Simulation, i: usize) -> u16 {
    run.segments()[i].header.mss.expect("an MSS option")
}

/// Each needle, in each language's dive, must be there: `(en, zh)`.
#[track_caller]
fn dive_says(d: DeepDive, needles: &[(String, String)]) {
    for lang in Lang::ALL {
        let (_, body) = deep_dive(*lang, d);
        for (en, zh) in needles {
            let needle = if *lang == Lang::Zh { zh } else { en };
            assert!(
                body.contains(needle.as_str()),
                "{d:?} {lang:?} should say {needle:?}:\n{body}"
            );
        }
    }
}

#[test]
fn the_deep_dives_quote_the_numbers_of_the_runs_they_play() {
    // rto / errors: connect-timeout. Every SYN's time, and when connect() gives up.
    let timeout = run(DeepDive::Rto.scenario());
    let syns: Vec<String> = timeout
        .segments()
        .iter()
        .filter(|s| s.purpose == Purpose::Syn)
        .map(|s| secs(s.sent_at))
        .collect();
    let gave_up = timeout
        .events()
        .iter()
        .find(|e| matches!(e.kind, EventKind::GaveUp { .. }))
        .expect("connect() gives up")
        .at;
    let retries = timeout.tuning().syn_retries;
    assert_eq!(syns.len() as u32, retries + 1);
    dive_says(
        DeepDive::Rto,
        &[
            (
                format!("at {} s", list(Lang::En, &syns)),
                format!("分别在 {} 秒发出", list(Lang::Zh, &syns)),
            ),
            (
                format!("at {} s connect() gives up", secs(gave_up)),
                format!("到 {} 秒 connect()", secs(gave_up)),
            ),
            (
                format!("only {retries} retries"),
                format!("只允许重试 {retries} 次"),
            ),
        ],
    );
    assert_eq!(DeepDive::Errors.scenario(), "connection-refused");
    dive_says(
        DeepDive::Errors,
        &[(
            format!("after {} s", secs(gave_up)),
            format!("{} 秒后出现", secs(gave_up)),
        )],
    );

    // lost-third-ack: the client's pause, the SYN,ACK sent again, the server's ESTABLISHED.
    let lost = run(DeepDive::LostThirdAck.scenario());
    let pause = match lost.scenario().client.program[1] {
        Call::Sleep(ms) => ms.0,
        other => panic!("the client pauses second, not {other:?}"),
    };
    let again = lost
        .segments()
        .iter()
        .find(|s| s.retransmission())
        .expect("SYN,ACK again");
    assert_eq!(again.purpose, Purpose::SynAck);
    let established = lost
        .state_bands(Side::Server, lost.now())
        .into_iter()
        .find(|b| b.state == State::Established)
        .expect("the server gets there")
        .start;
    let p = format!("{}.{}", pause / 1000, pause % 1000 / 100);
    dive_says(
        DeepDive::LostThirdAck,
        &[
            (format!("busy for {p} s"), format!("忙了 {p} 秒")),
            (
                format!("again at {} ms", again.sent_at.0),
                format!("在 {} 毫秒重发 SYN,ACK", again.sent_at.0),
            ),
            (
                format!("at {} ms", established.0),
                format!("在 {} 毫秒完成了握手", established.0),
            ),
        ],
    );
    // Its shortcut, and syn-data's: in the classic run, drop the third ACK
    // and the data behind it completes the handshake.
    let classic = run("handshake-and-close");
    let third = &classic.segments()[2];
    let data = &classic.segments()[3];
    assert_eq!(
        (third.purpose, data.purpose),
        (Purpose::HandshakeAck, Purpose::Data)
    );
    let mut dropped = classic.rewind(Time((third.sent_at.0 + third.arrives_at.0) / 2));
    dropped.drop_segment(third.id).expect("in flight");
    dropped.run_until_finished(RUN_LIMIT);
    let done = dropped
        .state_bands(Side::Server, dropped.now())
        .into_iter()
        .find(|b| b.state == State::Established)
        .expect("the data completes it")
        .start;
    assert_eq!(done, data.arrives_at);
    dive_says(
        DeepDive::LostThirdAck,
        &[
            (
                format!("sent at {} ms", third.sent_at.0),
                format!("（{} 毫秒发出）", third.sent_at.0),
            ),
            (
                format!(
                    "the {} data bytes right behind it finish the handshake at {} ms",
                    data.header.len, done.0
                ),
                format!(
                    "紧跟在后面的 {} 字节数据会在 {} 毫秒完成握手",
                    data.header.len, done.0
                ),
            ),
        ],
    );
    dive_says(
        DeepDive::SynData,
        &[(
            format!(
                "followed {} ms later by {} bytes",
                data.sent_at.0 - third.sent_at.0,
                data.header.len
            ),
            format!(
                "{} 毫秒后紧跟着 {} 字节数据",
                data.sent_at.0 - third.sent_at.0,
                data.header.len
            ),
        )],
    );

    // mss: what each SYN announces.
    let mss = |i: usize| mss_value(&classic, i).to_string();
    let (client, server) = (mss(0), mss(1));
    dive_says(
        DeepDive::Mss,
        &[
            (
                format!("the client announces {client} and the server {server}"),
                format!("客户端声明 {client}，服务器声明 {server}"),
            ),
            (
                format!("at most {server} bytes per segment"),
                format!("最多 {server} 字节"),
            ),
            (format!("up to {client}"), format!("最多 {client} 字节")),
        ],
    );
    // What a Linux capture of the same exchange shows: every segment after
    // the SYNs carries the timestamp option, 10 bytes padded to 12 (RFC 7323),
    // and a full segment is the peer's MSS less those 12 bytes.
    let (client, server) = (mss_value(&classic, 0), mss_value(&classic, 1));
    dive_says(
        DeepDive::Mss,
        &[
            (
                format!(
                    "the server's full segments carry {} bytes ({client} − 12)",
                    client - 12
                ),
                format!("服务器的满载报文段装 {} 字节（{client} − 12）", client - 12),
            ),
            (
                format!("the client's {} ({server} − 12)", server - 12),
                format!("客户端的装 {} 字节（{server} − 12）", server - 12),
            ),
        ],
    );

    // seq-and-ack and ack-flag: the classic exchange's numbers.
    let h = |i: usize| classic.segments()[i].header;
    dive_says(
        DeepDive::SeqAndAck,
        &[
            (
                format!(
                    "SYN seq={}, then SYN,ACK seq={} ack={}, then ACK ack={}",
                    h(0).seq,
                    h(1).seq,
                    h(1).ack,
                    h(2).ack
                ),
                format!(
                    "先是 SYN seq={}，然后 SYN,ACK seq={} ack={}，再是 ACK ack={}",
                    h(0).seq,
                    h(1).seq,
                    h(1).ack,
                    h(2).ack
                ),
            ),
            (
                format!("so the server answers ack={}", h(4).ack),
                format!("服务器回 ack={}", h(4).ack),
            ),
            (
                format!("the client answers ack={}", h(5).ack),
                format!("客户端回 ack={}", h(5).ack),
            ),
        ],
    );
    dive_says(
        DeepDive::AckFlag,
        &[(
            format!(
                "the SYN,ACK carries ack={}, the third segment ack={}",
                h(1).ack,
                h(2).ack
            ),
            format!("SYN,ACK 带的是 ack={}，第三次握手带 ack={}", h(1).ack, h(2).ack),
        )],
    );
    assert_eq!(h(3).ack, h(2).ack, "the data repeats the third segment's ack");
    let fin = classic
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::Fin)
        .expect("a FIN");
    let fin_ack = classic
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::AckFin)
        .expect("its ACK");
    dive_says(
        DeepDive::SynFinTakeNumber,
        &[
            (
                format!("a FIN with seq {}", fin.header.seq),
                format!("seq 为 {} 的 FIN", fin.header.seq),
            ),
            (
                format!("acknowledged with ack {}", fin_ack.header.ack),
                format!("用 ack {} 来确认", fin_ack.header.ack),
            ),
        ],
    );

    // why-three: the old SYN and the real one.
    let old = run(DeepDive::WhyThree.scenario());
    let stray = old
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::Injected)
        .expect("the old SYN");
    let real = old
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::Syn)
        .expect("the real SYN");
    dive_says(
        DeepDive::WhyThree,
        &[
            (
                format!("(seq {})", stray.header.seq),
                format!("（seq {}）", stray.header.seq),
            ),
            (
                format!("(seq {})", real.header.seq),
                format!("（seq {}）", real.header.seq),
            ),
        ],
    );

    // fin-myths: the half-close's times and bytes.
    let half = run(DeepDive::FinMyths.scenario());
    let shut = half
        .call_spans(half.now())
        .into_iter()
        .find(|c| c.call == Call::Shutdown)
        .expect("the client shuts down")
        .started;
    let late = half
        .segments()
        .iter()
        .find(|s| s.from.side() == Some(Side::Server) && s.purpose == Purpose::Data)
        .expect("the server's data");
    dive_says(
        DeepDive::FinMyths,
        &[
            (
                format!("at {} ms", shut.0),
                format!("在 {} 毫秒关闭了自己的发送", shut.0),
            ),
            (
                format!("{} bytes at {} ms", late.header.len, late.sent_at.0),
                format!("在 {} 毫秒还给它发了 {} 字节", late.sent_at.0, late.header.len),
            ),
        ],
    );

    // syn-flood / two-queues: four forged SYNs, a four-place queue, the third retry.
    let flood = run(DeepDive::SynFlood.scenario());
    let forged = flood
        .segments()
        .iter()
        .filter(|s| s.purpose == Purpose::Injected || s.from == tcp_model::Origin::Spoofed)
        .count();
    let backlog = flood.scenario().server.backlog;
    let answered = flood
        .segments()
        .iter()
        .find(|s| s.purpose == Purpose::SynAck && s.to == Some(Side::Client))
        .expect("the real client is answered");
    let tries = flood
        .segments()
        .iter()
        .filter(|s| s.purpose == Purpose::Syn && s.sent_at < answered.sent_at)
        .count();
    assert_eq!(
        (forged, backlog, tries - 1),
        (4, 4, 3),
        "the numbers the dives put in words"
    );
    dive_says(
        DeepDive::SynFlood,
        &[
            (
                "four spoofed SYNs fill a 4-place SYN queue".into(),
                "四个伪造的 SYN 占满了只有 4 个位置的半连接队列".into(),
            ),
            ("with its third retry".into(), "直到第三次重传才连上".into()),
        ],
    );
    dive_says(
        DeepDive::TwoQueues,
        &[(
            format!("its {backlog}-place queue"),
            format!("只有 {backlog} 个位置的队列"),
        )],
    );

    // why-time-wait: this lesson's MSL, and the scenario's resent FIN answered from TIME-WAIT.
    let msl = run("handshake-and-close").tuning().msl;
    dive_says(
        DeepDive::WhyTimeWait,
        &[(
            format!("an MSL of {} s", msl.0 / 1000),
            format!("MSL 设为 {} 秒", msl.0 / 1000),
        )],
    );
    let tw = run(DeepDive::WhyTimeWait.scenario());
    assert!(tw.segments().iter().any(|s| s.purpose == Purpose::TimeWaitAck));

    // ss-states: here the server closes first, so the server waits in TIME-WAIT.
    let first = run(DeepDive::SsStates.scenario());
    let waits = |side| {
        first
            .state_bands(side, first.now())
            .iter()
            .any(|b| b.state == State::TimeWait)
    };
    assert!(waits(Side::Server) && !waits(Side::Client));
    dive_says(
        DeepDive::SsStates,
        &[(
            "so the server waits in TIME-WAIT, not the client".into(),
            "在 TIME-WAIT 里等的是服务器，而不是客户端".into(),
        )],
    );
}

/// A corpus capture (`model/tests/fixtures/<dir>/<name>`), opened as the
/// widget opens a file.
fn corpus_capture(dir: &str, name: &str) -> crate::store::Opened {
    let path = format!("{}/model/tests/fixtures/{dir}/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).expect("a corpus file");
    crate::store::Opened::open(name, &bytes, None).expect("it opens")
}

/// Neither sentence leaves a `{placeholder}` unfilled.
fn assert_filled(en: &str, zh: &str) {
    assert!(
        !en.contains('{') && !zh.contains('{'),
        "no placeholder left: {en} {zh}"
    );
}

/// A capture's segment lost after the capture point is told by its kind: data
/// was sent again; an empty one (a handshake ACK) never is, and the SYN,ACK
/// sent again is what shows it was lost.
#[test]
fn a_lost_captured_ack_is_not_said_to_be_sent_again() {
    let capture = |dir: &str, name: &str| crate::store::Lesson::from_capture(corpus_capture(dir, name)).run;
    let dropped =
        |run: &Simulation| events_where(run, |e| matches!(e.kind, EventKind::SegmentDropped { .. }));
    let ack = capture("kernel_captures", "d1_lost_handshake_ack.pcap");
    let [i] = dropped(&ack)[..] else {
        panic!("one lost segment: {:?}", dropped(&ack))
    };
    let (en, zh) = (technical(&ack, i, Lang::En), technical(&ack, i, Lang::Zh));
    assert!(
        en.contains("carries no data") && !en.contains("sent it again"),
        "{en}"
    );
    assert!(zh.contains("不带数据") && !zh.contains("又重发了一遍"), "{zh}");
    // Lost data was sent again, and says so.
    let data = capture("captures", "sack_snaplen.pcap");
    let said = technical(&data, dropped(&data)[0], Lang::En);
    assert!(said.contains("sent it again"), "{said}");
}

/// A SYN nobody answered in a capture taken at the client: its SYN,ACK may
/// have been the one lost, on the way back before the capture point (here it
/// was: the lost-syn-ack lesson's own pcap, which has no timestamps to tell).
/// The sentence says the capture cannot tell that from a SYN lost on the
/// way. Both languages.
#[test]
fn an_unanswered_syns_sentence_names_the_answer_lost_on_its_way_back() {
    let mut sim = Simulation::new(&tcp_model::library::builtin("lost-syn-ack").unwrap().scenario()).unwrap();
    sim.run_until_finished(tcp_model::Time(600_000));
    let at_client =
        tcp_model::export::pcap::write(&tcp_model::export::pcap::at_client(&sim, sim.last_event_time()));
    let opened = crate::store::Opened::open("lost-syn-ack.pcap", &at_client, None).expect("it opens");
    let run = crate::store::Lesson::from_capture(opened).run;
    let dropped = events_where(&run, |e| matches!(e.kind, EventKind::SegmentDropped { .. }));
    let [i] = dropped[..] else {
        panic!("one segment drawn lost: {dropped:?}")
    };
    let (en, zh) = (technical(&run, i, Lang::En), technical(&run, i, Lang::Zh));
    assert!(
        en.contains("SYN") && en.contains("answer lost on its way back"),
        "{en}"
    );
    assert!(zh.contains("回应在回来的路上丢了"), "{zh}");
    assert_filled(&en, &zh);
}

/// TCP Fast Open in a real capture: a SYN that carries data says so (and
/// not that the data start after it); a SYN,ACK that took the data says its
/// ack counts them; data sent again after a cookie-less SYN names the SYN
/// that carried them first. Both languages.
#[test]
fn fast_open_is_told_as_it_happened() {
    let opened = corpus_capture("captures", "fast_open.pcap");
    let stream = |k: usize| crate::store::Lesson::from_capture(opened.choose(k)).run;
    let sent = |run: &Simulation, id: u32| {
        let [i] = events_where(
            run,
            |e| matches!(e.kind, EventKind::SegmentSent { segment, .. } if segment == SegmentId(id)),
        )[..] else {
            panic!("segment {id} is sent once")
        };
        (technical(run, i, Lang::En), technical(run, i, Lang::Zh))
    };
    // With a cookie: the SYN's 10 bytes are taken at once.
    let taken = stream(1);
    let (en, zh) = sent(&taken, 0);
    assert!(
        en.contains("with 10 bytes of data") && en.contains("acknowledges 11"),
        "{en}"
    );
    assert!(!en.contains("first data byte will be 11"), "{en}");
    assert!(
        zh.contains("带了 10 字节数据") && zh.contains("确认到 11"),
        "{zh}"
    );
    let (en, zh) = sent(&taken, 1);
    assert!(en.contains("ack=11") && en.contains("took them at once"), "{en}");
    assert!(!en.contains("ack is the ISN it received + 1,"), "{en}");
    assert!(zh.contains("当场收下了这些数据"), "{zh}");
    // Without one: the plain SYN,ACK, and the data again, repeating the SYN's.
    let refused = stream(2);
    let (en, _) = sent(&refused, 1);
    assert!(en.contains("ack is the ISN it received + 1"), "{en}");
    let (en, zh) = sent(&refused, 2);
    assert!(en.contains("repeats the sequence numbers of #0"), "{en}");
    assert!(zh.contains("重复了 #0 的序号"), "{zh}");
    assert_filled(&en, &zh);
}

/// A capture's resend whose first sending the capture missed says so, and
/// never leaves a placeholder where the segment number would be. Both
/// languages.
#[test]
fn a_resend_whose_first_sending_was_not_captured_says_so() {
    let sim = run_text(FAST_RETRANSMIT);
    let end = sim.last_event_time();
    let captured = tcp_model::export::pcap::at_client(&sim, end);
    let whole = tcp_model::export::pcap::write(&captured);
    // The client's capture without the first sending of the resent segment.
    let resent = sim
        .segments()
        .iter()
        .find(|s| s.resend == Some(Resend::FastRetransmit))
        .expect("a fast retransmit");
    let first = resent.retransmission_of.expect("it repeats one");
    let header = sim.segment(first).expect("the first sending").header;
    let gone = captured
        .iter()
        .position(|c| c.header == header)
        .expect("captured at the client");
    let mut without = whole[..24].to_vec();
    let mut at = 24;
    let mut index = 0;
    while at + 16 <= whole.len() {
        let len = u32::from_le_bytes(whole[at + 8..at + 12].try_into().expect("4 bytes")) as usize;
        if index != gone {
            without.extend_from_slice(&whole[at..at + 16 + len]);
        }
        (at, index) = (at + 16 + len, index + 1);
    }
    let opened = crate::store::Opened::open("missed.pcap", &without, None).expect("it opens");
    let run = crate::store::Lesson::from_capture(opened).run;
    let again = events_where(&run, |e| {
        matches!(e.kind, EventKind::SegmentSent { segment, resend: Some(_), .. }
            if run.segment(segment).is_some_and(|s| s.header.len > 0 && s.retransmission_of.is_none()))
    });
    let [i, ..] = again[..] else {
        panic!("the resend is told as one")
    };
    let (en, zh) = (technical(&run, i, Lang::En), technical(&run, i, Lang::Zh));
    assert!(en.contains("in a segment the capture does not hold"), "{en}");
    assert!(zh.contains("先前那个报文段不在抓包里"), "{zh}");
    assert_filled(&en, &zh);
}

/// Every sentence said about every connection of every capture in the
/// corpus (real tools' and the kernel's), in both languages, technical and with each analogy, has all its
/// numbers filled in: a value the model does not state for a capture (a
/// resend's first sending, say) must choose another sentence, never leave
/// `{orig}` on the screen.
#[test]
fn every_capture_is_told_without_a_placeholder_left() {
    let mut files: Vec<_> = ["captures", "kernel_captures"]
        .iter()
        .flat_map(|sub| {
            let dir = format!("{}/model/tests/fixtures/{sub}", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_dir(dir)
                .expect("the corpus")
                .filter_map(|e| e.ok().map(|e| e.path()))
        })
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    files.sort();
    let (mut told, mut singular) = (0, 0);
    for path in files {
        let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
        let opened = crate::store::Opened::open(&name, &std::fs::read(&path).expect("a corpus file"), None)
            .expect("it opens");
        for k in 0..opened.streams.len() {
            let run = crate::store::Lesson::from_capture(opened.choose(k)).run;
            for lang in [Lang::En, Lang::Zh] {
                for (mode, analogy) in [
                    (Mode::Technical, Analogy::StandOff),
                    (Mode::Analogy, Analogy::StandOff),
                    (Mode::Analogy, Analogy::Phone),
                    (Mode::Analogy, Analogy::Capability),
                ] {
                    for said in narrate_all(&run, lang, mode, analogy) {
                        let text = said.full();
                        assert!(
                            !text.contains('{') && !text.contains('}'),
                            "{name} #{k} {lang:?}: {text}"
                        );
                        assert!(
                            !said.text.trim().is_empty(),
                            "{name} #{k} {lang:?}: an empty line"
                        );
                        // A count of one takes the singular ("1 byte").
                        for noun in ["bytes", "packets", "segments", "retransmissions"] {
                            assert!(!text.contains(&format!(" 1 {noun}")), "{name} #{k}: {text}");
                        }
                        singular += usize::from(lang == Lang::En && text.contains(" 1 byte"));
                        told += 1;
                    }
                }
            }
        }
    }
    assert!(told > 10_000, "{told} sentences");
    assert!(
        singular > 0,
        "the corpus has one-byte segments, told in the singular"
    );
}

/// A FIN that rides on the last data bytes (a real capture's FIN,PSH,ACK
/// with 32 bytes) is told with its data, and the ack it expects counts the
/// bytes and the FIN. Both languages.
#[test]
fn a_fin_on_data_is_told_with_its_data() {
    let run = crate::store::Lesson::from_capture(corpus_capture("captures", "zero_window.pcap")).run;
    let fin = run
        .segments()
        .iter()
        .find(|s| s.header.flags.fin() && s.header.len > 0)
        .expect("a FIN with data");
    let [i] = events_where(
        &run,
        |e| matches!(e.kind, EventKind::SegmentSent { segment, .. } if segment == fin.id),
    )[..] else {
        panic!("sent once")
    };
    let (en, zh) = (technical(&run, i, Lang::En), technical(&run, i, Lang::Zh));
    let (len, next) = (fin.header.len, fin.header.seq + (fin.header.len + 1));
    assert!(
        en.contains(&format!("its last {len} bytes of data with the FIN"))
            && en.contains(&format!("ack={next}")),
        "{en}"
    );
    assert!(
        zh.contains(&format!("最后 {len} 字节数据")) && zh.contains(&format!("ack={next}")),
        "{zh}"
    );
}
