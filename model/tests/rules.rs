//! One scenario test per protocol rule the model must get right on every
//! path (issue 11): each runs a whole simulation from the text form and
//! checks what a capture of it would show. Expected values come from RFC
//! 9293 / RFC 5681 / RFC 6298 and from the Linux source and captures
//! summarised in `tools/kernel/LINUX-FACTS.md`, quoted next to each check.

use tcp_model::event::{EventKind, GiveUp, IgnoreReason};
use tcp_model::tuning::wheel;
use tcp_model::{Fate, Millis, Purpose, Resend, Scenario, SegmentRecord, Side, Simulation, State, Time};

fn run(text: &str) -> Simulation {
    let scenario = Scenario::from_text(text).unwrap_or_else(|e| panic!("{e}"));
    let mut sim = Simulation::new(&scenario).unwrap();
    sim.run_until_finished(Time(3_600_000));
    assert!(sim.is_finished() && sim.cut_short().is_none());
    sim
}

fn from(sim: &Simulation, side: Side) -> Vec<&SegmentRecord> {
    sim.segments()
        .iter()
        .filter(|s| s.from.side() == Some(side))
        .collect()
}

fn states(sim: &Simulation, side: Side) -> Vec<(State, u64)> {
    sim.events()
        .iter()
        .filter(|e| e.side == Some(side))
        .filter_map(|e| match e.kind {
            EventKind::StateChanged { to, .. } => Some((to, e.at.0)),
            _ => None,
        })
        .collect()
}

fn gave_up(sim: &Simulation, side: Side) -> Option<(GiveUp, u64)> {
    sim.events().iter().find_map(|e| match e.kind {
        EventKind::GaveUp { reason, .. } if e.side == Some(side) => Some((reason, e.at.0)),
        _ => None,
    })
}

/// Send times of `side`'s segments with these flags.
fn times(sim: &Simulation, side: Side, flags: &str) -> Vec<u64> {
    from(sim, side)
        .iter()
        .filter(|s| s.header.flags.to_string() == flags)
        .map(|s| s.sent_at.0)
        .collect()
}

const SIMULTANEOUS: &str = "client isn=1000 | connect, send 20, recv eof, close
server isn=8000 | connect, recv 20, close";

#[test]
fn simultaneous_open_answers_the_peers_syn_ack_with_an_ack() {
    // RFC 9293 3.10.7.4 first check: the SYN,ACK reaching SYN-RECEIVED has
    // SEG.SEQ = IRS < RCV.NXT, so it is unacceptable and answered with
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; ESTABLISHED comes with the peer's ACK.
    let sim = run(SIMULTANEOUS);
    for side in Side::BOTH {
        let flags: Vec<String> = from(&sim, side)
            .iter()
            .take(3)
            .map(|s| s.header.flags.to_string())
            .collect();
        assert_eq!(flags, ["SYN", "SYN,ACK", "ACK"], "{side}");
        let synack = from(&sim, side)[1];
        assert_eq!(
            synack.resend,
            Some(Resend::SimultaneousOpen),
            "marked as Wireshark does"
        );
        assert_eq!(from(&sim, side)[2].purpose, Purpose::SimultaneousOpenAck);
        assert!(
            states(&sim, side).contains(&(State::Established, 300)),
            "{side}: on the peer's ACK"
        );
    }
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::SegmentIgnored {
            reason: IgnoreReason::SimultaneousSynAck,
            ..
        }
    )));
}

#[test]
fn linux_simultaneous_open_establishes_on_the_syn_ack_and_still_acks() {
    // Kernel capture m_simultaneous_open: SYN×2, SYN,ACK×2, ACK×2; Linux is
    // ESTABLISHED when the SYN,ACK arrives (200), then acknowledges it.
    let sim = run(&format!("{SIMULTANEOUS}\nnet profile=linux"));
    for side in Side::BOTH {
        assert!(states(&sim, side).contains(&(State::Established, 200)), "{side}");
        assert_eq!(from(&sim, side)[2].purpose, Purpose::SimultaneousOpenAck);
    }
}

const SEVEN_LOST_SYNS: &str = "client isn=1000 | connect, send 20, close
server isn=8000 | listen, accept, recv eof, close
net profile=linux
drop client SYN 1
drop client SYN 2
drop client SYN 3
drop client SYN 4
drop client SYN 5
drop client SYN 6
drop client SYN 7";

#[test]
fn linux_syn_retries_add_the_linear_timeouts_so_seven_lost_syns_still_connect() {
    // tcp_write_timeout: SYN-SENT may retransmit tcp_syn_retries (6) +
    // tcp_syn_linear_timeouts (4) times; five gaps of 1 s, then doubling
    // (kernel capture n_seven_lost_syns: the 8th SYN at 11.2 s connects).
    let sim = run(SEVEN_LOST_SYNS);
    let syns = times(&sim, Side::Client, "SYN");
    assert_eq!(syns.len(), 8);
    let gaps: Vec<u64> = syns.windows(2).map(|w| w[1] - w[0]).collect();
    for (gap, nominal) in gaps.iter().zip([1_000, 1_000, 1_000, 1_000, 1_000, 2_000, 4_000]) {
        let late = wheel::granularity(Millis(nominal)).0;
        assert!(
            (nominal..=nominal + late).contains(gap),
            "gap {gap} for {nominal} (timer wheel ≤ {late} late)"
        );
    }
    assert!(states(&sim, Side::Client)
        .iter()
        .any(|(s, _)| *s == State::Established));
}

#[test]
fn linux_connect_gives_up_after_ten_retransmissions_about_two_minutes_later() {
    // ip-sysctl.rst: "… the final timeout … will happen after 131 seconds";
    // kernel capture n2_connect_gives_up_default: ETIMEDOUT at 134.6 s.
    let mut text = String::from(
        "client isn=1000 | connect, close\nserver isn=8000 | listen, accept, close\nnet profile=linux",
    );
    for n in 1..=11 {
        text.push_str(&format!("\ndrop client SYN {n}"));
    }
    let sim = run(&text);
    assert_eq!(times(&sim, Side::Client, "SYN").len(), 11);
    let (reason, at) = gave_up(&sim, Side::Client).expect("connect() gives up");
    assert!(
        matches!(reason, GiveUp::SynRetries { retries: 10, .. }),
        "{reason:?}"
    );
    assert!(
        (131_000..=131_000 + 4 * 2_048).contains(&at),
        "gave up at {at} ms"
    );
}

#[test]
fn linux_synack_retries_double_and_the_half_open_request_is_dropped_silently() {
    // reqsk_timer_handler: SYN,ACK retransmissions at 1, 3, 7, 15, 31 s after
    // the first (no linear phase); at 63 s the request goes, nothing sent
    // (kernel capture c3_synack_retries_default).
    let mut text = String::from(
        "client isn=1000 | connect, close\nserver isn=8000 | listen, accept, close\nnet profile=linux",
    );
    for n in 1..=6 {
        text.push_str(&format!("\ndrop server SYN,ACK {n}"));
    }
    for n in 2..=11 {
        text.push_str(&format!("\ndrop client SYN {n}"));
    }
    let sim = run(&text);
    let synacks = times(&sim, Side::Server, "SYN,ACK");
    assert_eq!(synacks.len(), 6, "the first and 5 retransmissions");
    let offsets: Vec<u64> = synacks.iter().map(|t| t - synacks[0]).collect();
    for (offset, nominal) in offsets[1..].iter().zip([1_000u64, 3_000, 7_000, 15_000, 31_000]) {
        assert!(
            (nominal..=nominal + 4 * 256).contains(offset),
            "{offset} for {nominal}"
        );
    }
    let (reason, at) = gave_up(&sim, Side::Server).expect("the request is dropped");
    assert!(matches!(reason, GiveUp::SynAckRetries { retries: 5, .. }));
    assert!((63_000..=63_000 + 4 * 2_048).contains(&(at - synacks[0])));
    assert!(
        !from(&sim, Side::Server).iter().any(|s| s.header.flags.rst()),
        "dropped without a word"
    );
}

#[test]
fn linux_rto_floors_the_variance_so_a_lost_fin_is_resent_after_about_600_ms() {
    // tcp_rtt_estimator: after a first sample R the RTO is R + max(2R, 200 ms):
    // 600 ms for a 200 ms round trip (kernel captures e/f: 614 and 628 ms).
    let sim = run("client isn=1000 | connect, sleep 500, close\nserver isn=8000 | listen, accept, recv eof, close\nnet profile=linux\ndrop client FIN,ACK 1");
    let fins = times(&sim, Side::Client, "FIN,ACK");
    assert_eq!(fins.len(), 2);
    let wait = fins[1] - fins[0];
    assert!((600..=600 + 32).contains(&wait), "resent after {wait} ms");
}

#[test]
fn close_on_a_listener_resets_queued_connections_and_forgets_half_open_ones() {
    // Linux inet_csk_listen_stop: an accept-queue child is reset; a request
    // socket (half-open) is dropped silently, and the client's later data
    // finds no socket: RST (kernel captures o1 and o2).
    let sim = run("client isn=1000 | connect, recv eof, close\nserver isn=8000 | listen, sleep 500, close\nnet profile=linux");
    let rst = from(&sim, Side::Server)
        .into_iter()
        .find(|s| s.header.flags.rst())
        .expect("RST");
    assert_eq!(
        (rst.header.flags.to_string().as_str(), rst.purpose),
        ("RST,ACK", Purpose::RstListenerClosed)
    );
    assert_eq!(sim.state(Side::Client), State::Closed);

    let sim = run("client isn=1000 | connect, sleep 1500, send 20, recv eof, close\nserver isn=8000 | listen, sleep 500, close\nnet profile=linux\ndrop client ACK 1");
    let server: Vec<(String, Purpose)> = from(&sim, Side::Server)
        .iter()
        .map(|s| (s.header.flags.to_string(), s.purpose))
        .collect();
    assert_eq!(
        server,
        [
            ("SYN,ACK".to_string(), Purpose::SynAck),
            ("RST".to_string(), Purpose::RstNoConnection)
        ]
    );
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::ListenerClosed { reset: 0, dropped: 1 })));
}

#[test]
fn an_ack_of_unsent_data_never_starts_an_ack_war() {
    // RFC 9293: "send an ACK, drop the segment"; RFC 5961 §7 throttles such
    // answers (RFC profile 10 per 5 s; Linux 1 per 500 ms). One forged
    // segment used to make thousands.
    for profile in ["rfc9293", "linux"] {
        let sim = run(&format!(
            "client isn=1000 | connect, send 20, sleep 3000, close\nserver isn=8000 | listen, accept, recv 20, recv eof, close\nnet profile={profile}\ninject 400 client server ACK seq=1021 ack=9000 count=20 every=10"
        ));
        let answers = from(&sim, Side::Server)
            .iter()
            .filter(|s| s.purpose == Purpose::DuplicateAck)
            .count();
        let limit = if profile == "linux" { 1 } else { 10 };
        assert!(answers <= limit, "{profile}: {answers} answers");
        assert!(
            sim.segments().len() < 40,
            "{profile}: {} segments",
            sim.segments().len()
        );
        assert!(sim
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::AnswerThrottled { .. })));
    }
}

#[test]
fn the_receive_window_never_shrinks_and_fast_retransmit_follows_three_true_duplicates() {
    // RFC 9293 SHLD-14: the right edge (ACK + window) never moves left,
    // even while out-of-order bytes wait; RFC 5681 3.2: three duplicate
    // ACKs (same ack, no data, same window) trigger a fast retransmit.
    let sim = run("client isn=1000 mss=1000 | connect, send 8000, recv eof, close\nserver isn=8000 mss=1000 rcvbuf=20000 | listen, accept, sleep 2000, recv 8000, close\nnet profile=linux\ndrop client ACK 2");
    let mut edge = 0u64;
    for s in from(&sim, Side::Server)
        .iter()
        .filter(|s| s.header.flags.ack() && !s.header.flags.syn())
    {
        let right = u64::from(s.header.ack.0) + u64::from(s.header.window);
        assert!(right >= edge, "the right edge moved left at #{}", s.id.0);
        edge = right;
    }
    let fast = from(&sim, Side::Client)
        .into_iter()
        .find(|s| s.resend == Some(Resend::FastRetransmit));
    assert!(
        fast.is_some(),
        "a lost data segment is resent after three duplicate ACKs"
    );
}

#[test]
fn a_zero_window_is_probed_and_the_fin_behind_it_waits_without_giving_up() {
    // RFC 9293 3.8.6.1 (MUST-35/36): probe a zero window; keep probing while
    // the peer answers, however long it takes; the FIN waits its turn.
    let sim = run("client isn=1000 mss=1460 | connect, send 6000, close\nserver isn=8000 mss=1024 rcvbuf=2048 | listen, accept, sleep 120000, recv eof, close");
    let probes = from(&sim, Side::Client)
        .iter()
        .filter(|s| s.purpose == Purpose::WindowProbe)
        .count();
    assert!(probes >= 4, "{probes} probes in two minutes");
    assert!(
        gave_up(&sim, Side::Client).is_none(),
        "an answering peer is never given up on"
    );
    assert!(times(&sim, Side::Client, "FIN,PSH,ACK")
        .first()
        .is_some_and(|t| *t > 120_000));
    assert_eq!(sim.state(Side::Client), State::Closed);
}

#[test]
fn a_probe_whose_window_update_was_lost_is_named_a_probe_where_it_arrives() {
    // RFC 9293 3.8.6.1: "a lost window update would leave both sides
    // waiting forever" without probes. The update (the server's fifth bare
    // ACK) is lost, so the next probe reaches a window already open: its
    // receiver cannot tell it from a keep-alive, but it is a zero-window
    // probe, and the model never sends keep-alives.
    let zero_window = "client isn=1000 mss=1460 | connect, send 6000, close\nserver isn=8000 mss=1024 rcvbuf=2048 | listen, accept, sleep 3500, recv eof, close\nnet delay=100";
    let sim = run(&format!("{zero_window}\ndrop server ACK 5"));
    let update = from(&sim, Side::Server)
        .into_iter()
        .find(|s| s.purpose == Purpose::WindowUpdate)
        .expect("a window update");
    assert!(
        matches!(update.fate, Fate::Dropped { .. }),
        "the rule drops the window update"
    );
    let reasons: Vec<(u64, IgnoreReason)> = sim
        .events()
        .iter()
        .filter(|e| e.side == Some(Side::Server))
        .filter_map(|e| match e.kind {
            EventKind::SegmentIgnored { reason, .. } => Some((e.at.0, reason)),
            _ => None,
        })
        .collect();
    let late = reasons
        .iter()
        .filter(|(at, _)| *at > update.sent_at.0)
        .collect::<Vec<_>>();
    assert!(
        !late.is_empty(),
        "a probe arrives after the lost update: {reasons:?}"
    );
    assert!(
        reasons.iter().all(|(_, r)| *r == IgnoreReason::WindowProbe),
        "every probe is named one: {reasons:?}"
    );
    // Without the drop, no probe comes after the update.
    let whole = run(zero_window);
    assert!(whole.events().iter().all(|e| !matches!(
        e.kind,
        EventKind::SegmentIgnored {
            reason: IgnoreReason::KeepAlive,
            ..
        }
    )));
}

#[test]
fn linux_acks_quickly_at_first_then_every_second_full_segment() {
    // tcp_in_quickack_mode: the first data are ACKed at once (up to 16
    // quick ACKs); once the receiver answers data quickly the connection is
    // interactive (pingpong) and ACKs wait up to 40 ms for a reply to ride
    // on, but every second full-sized segment is ACKed at once (RFC 9293
    // 3.8.6.3).
    let sim = run("client isn=1000 mss=1000 | connect, send 40000, recv eof, close\nserver isn=8000 mss=1000 | listen, accept, recv 40000, close\nnet profile=linux");
    let acks = from(&sim, Side::Server)
        .iter()
        .filter(|s| s.purpose == Purpose::AckData)
        .count();
    let data = from(&sim, Side::Client)
        .iter()
        .filter(|s| s.header.len > 0)
        .count();
    assert_eq!(data, 40);
    assert!(acks < data, "{acks} ACKs for {data} segments: not one each");
    assert!(acks >= data / 2, "{acks} ACKs: at least every second segment");
}

#[test]
fn linux_retries2_is_a_time_budget_and_orphans_give_up_sooner() {
    // tcp_write_timeout: with tcp_retries2 = 15 the budget is
    // tcp_model_timeout(15, TCP_RTO_MIN) = 1023 × 200 ms + 6 × 120 s = 924.6 s
    // from the first retransmission, checked at each timeout before
    // retransmitting: the connection gives up at the first timeout past it
    // (not after 15 retransmissions: with a 600 ms RTO fewer fit). An
    // orphaned connection uses tcp_orphan_retries (0 means 8): 511 × 200 ms
    // = 102.2 s.
    let outage = |closed: bool| {
        let program = if closed {
            "connect, send 20, close"
        } else {
            "connect, send 20, recv eof, close"
        };
        let mut text = format!("client isn=1000 | {program}\nserver isn=8000 | listen, accept, recv eof, close\nnet profile=linux");
        for n in 1..=20 {
            text.push_str(&format!("\ndrop client PSH,ACK {n}\ndrop client FIN,PSH,ACK {n}"));
        }
        let sim = run(&text);
        let rtx: Vec<u64> = from(&sim, Side::Client)
            .iter()
            .filter(|s| s.retransmission())
            .map(|s| s.sent_at.0)
            .collect();
        let (reason, at) = gave_up(&sim, Side::Client).expect("gives up");
        let GiveUp::DataRetries { elapsed, .. } = reason else {
            panic!("{reason:?}")
        };
        assert_eq!(elapsed.0, at - rtx[0], "counted from the first retransmission");
        (elapsed.0, rtx[rtx.len() - 1] - rtx[0])
    };
    let (elapsed, last_rtx) = outage(false);
    assert!(
        last_rtx < 924_600 && 924_600 <= elapsed,
        "last retransmission {last_rtx}, gave up {elapsed}"
    );
    let (elapsed, last_rtx) = outage(true);
    assert!(
        last_rtx < 102_200 && 102_200 <= elapsed,
        "orphan: last retransmission {last_rtx}, gave up {elapsed}"
    );
}

#[test]
fn syn_cookies_answer_a_full_queue_without_state_or_retransmission() {
    // tcp_conn_request: with tcp_syncookies = 1 a full SYN queue answers
    // with a cookie SYN,ACK and frees the request: no SYN,ACK retransmission;
    // the ACK that returns the cookie creates the connection.
    let sim = run(tcp_model::library::builtin("syn-flood-cookies").unwrap().text());
    let cookie = from(&sim, Side::Server)
        .into_iter()
        .find(|s| s.purpose == Purpose::SynCookie)
        .expect("a cookie");
    let resent = from(&sim, Side::Server)
        .iter()
        .filter(|s| s.header.seq == cookie.header.seq)
        .count();
    assert_eq!(resent, 1, "never retransmitted");
    assert!(sim
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::SynCookieAccepted { .. })));
}

#[test]
fn a_run_cut_short_says_so() {
    // A safety cap is no success: the run says where it stopped. (No valid
    // scenario reaches the real caps; this one lowers them.)
    let scenario = tcp_model::library::builtin("handshake-and-close")
        .unwrap()
        .scenario();
    let mut sim = Simulation::new(&scenario).unwrap();
    sim.lower_caps(1_000, 5);
    sim.run_until_finished(Time(3_600_000));
    if let Some(at) = sim.cut_short() {
        assert!(sim.is_finished());
        assert!(matches!(
            sim.events().last().unwrap().kind,
            EventKind::RunCutShort { .. }
        ));
        let trace = tcp_model::sim::trace::trace(&sim, tcp_model::sim::trace::Numbering::Relative);
        assert!(!trace.finished && trace.cut_short_ms == Some(at.0));
    } else {
        panic!(
            "expected this run to reach a cap ({} segments)",
            sim.segments().len()
        );
    }
}

#[test]
fn a_replayed_action_that_cannot_apply_is_reported() {
    // A share link made for another run may drop a segment that is not in
    // flight at that moment: the run says so instead of ignoring it.
    let sim = run("client isn=1000 | connect, close\nserver isn=8000 | listen, accept, recv eof, close\nact 5 drop 9\nact 150 drop 0");
    let skipped: Vec<_> = sim
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ActionSkipped { reason, .. } => Some(reason),
            _ => None,
        })
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
}

#[test]
fn time_wait_says_what_it_ignores() {
    // RFC 9293 3.10.7.4: in TIME-WAIT "the only thing that can arrive … is a
    // retransmission of the remote FIN"; another in-window ACK changes nothing.
    let sim = run("client isn=1000 | connect, close\nserver isn=8000 | listen, accept, recv eof, close\ninject 500 server client ACK seq=8002 ack=1002");
    assert!(sim.events().iter().any(|e| matches!(
        e.kind,
        EventKind::SegmentIgnored {
            reason: IgnoreReason::TimeWait,
            ..
        }
    )));
}

#[test]
fn after_a_refused_connect_a_new_socket_may_connect_again() {
    // Free mode: the server does not listen yet, so connect() is refused
    // (RST,ACK → ECONNREFUSED); once it listens, the client's new socket
    // connects. And when both sides wait in recv() for each other, the run
    // says it is deadlocked.
    use tcp_model::{Call, Time};
    let scenario = Scenario::from_text("client isn=1000 | \nserver isn=8000 | ").unwrap();
    let mut sim = Simulation::new(&scenario).unwrap();
    assert_eq!(sim.sensible_calls(Side::Client), [Call::Listen, Call::Connect]);
    sim.call(Side::Client, Call::Connect).unwrap();
    sim.run_until_finished(Time(10_000));
    assert_eq!(sim.state(Side::Client), State::Closed);
    assert!(
        sim.sensible_calls(Side::Client).contains(&Call::Connect),
        "a new socket"
    );
    sim.call(Side::Server, Call::Listen).unwrap();
    sim.call(Side::Server, Call::Accept).unwrap();
    sim.call(Side::Client, Call::Connect).unwrap();
    sim.run_until_finished(Time(20_000));
    assert_eq!(sim.state(Side::Client), State::Established);
    assert!(!sim.deadlocked());
    sim.call(Side::Client, Call::RecvEof).unwrap();
    sim.call(Side::Server, Call::RecvEof).unwrap();
    sim.run_until_finished(Time(30_000));
    assert!(sim.deadlocked(), "both wait for the other's FIN");
}

/// (send time, length) of the client's data segments.
fn data_sent(sim: &Simulation) -> Vec<(u64, u32)> {
    from(sim, Side::Client)
        .iter()
        .filter(|s| s.header.len > 0)
        .map(|s| (s.sent_at.0, s.header.len))
        .collect()
}

#[test]
fn nagle_holds_the_tail_of_a_write_in_the_rfc_and_not_in_linux() {
    // One write of 2,500 bytes to a peer whose MSS is 1,024: two full
    // segments and a tail of 452. RFC 9293 3.7.4 (SHLD-7): a short segment
    // waits while any data is unacknowledged, so the tail leaves with the
    // first ACK, one round trip later. Linux (Minshall's variant,
    // `tcp_minshall_check`) holds a short segment only behind an
    // unacknowledged *short* one, so the tail goes out right behind the full
    // segments (kernel fixture s_write_tail_not_held).
    let script = "client isn=1000 mss=1460 | connect, send 2500, recv 10, close
server isn=8000 mss=1024 | listen, accept, recv 2500, send 10, recv eof, close
net delay=100";
    let as_linux = |text: &str| text.replace("net delay=100", "net delay=100 profile=linux");
    let rfc = data_sent(&run(script));
    assert_eq!(rfc.iter().map(|d| d.1).collect::<Vec<_>>(), [1024, 1024, 452]);
    assert!(rfc[2].0 >= rfc[0].0 + 200, "the RFC holds the tail: {rfc:?}");
    let linux = data_sent(&run(&as_linux(script)));
    assert_eq!(linux.iter().map(|d| d.1).collect::<Vec<_>>(), [1024, 1024, 452]);
    assert!(
        linux[2].0 < linux[0].0 + 100,
        "Linux sends the tail at once: {linux:?}"
    );

    // Two short writes: both hold the second until the first is
    // acknowledged, since the unacknowledged segment is itself short.
    let script = "client isn=1000 | connect, send 100, send 20, recv eof, close
server isn=8000 | listen, accept, recv 120, close
net delay=100";
    for text in [script.to_string(), as_linux(script)] {
        let sent = data_sent(&run(&text));
        assert_eq!(sent.iter().map(|d| d.1).collect::<Vec<_>>(), [100, 20], "{text}");
        assert!(sent[1].0 >= sent[0].0 + 200, "{text}: {sent:?}");
    }
}

/// How many of the client's data segments leave before the first ACK of data
/// can be back (within one round trip of the first).
fn first_flight(sim: &Simulation) -> usize {
    let sent = data_sent(sim);
    sent.iter().filter(|(at, _)| *at < sent[0].0 + 200).count()
}

#[test]
fn a_lost_syn_leaves_a_window_of_one_segment_in_the_rfc_and_after_two_in_linux() {
    // RFC 5681 3.1: "If the SYN or SYN/ACK is lost, the initial window used
    // by a sender after a correctly transmitted SYN MUST be one segment."
    // Linux (`tcp_init_transfer`) cuts it only after more than one SYN or
    // SYN,ACK retransmission (kernel fixture s_iw_one_after_two_synack_resends).
    let script = |drops: &str, profile: &str| {
        format!(
            "client isn=1000 mss=1460 | connect, send 5000, recv eof, close
server isn=8000 mss=1460 | listen, accept, recv 5000, close
net delay=100 profile={profile}
{drops}"
        )
    };
    let none = "";
    let one = "drop client SYN 1";
    let two = "drop client SYN 1\ndrop client SYN 2";
    // RFC 3390's window is 4,380 bytes: three full segments of the 5,000.
    assert_eq!(first_flight(&run(&script(none, "rfc9293"))), 3);
    assert_eq!(first_flight(&run(&script(one, "rfc9293"))), 1);
    // Linux's ten segments carry all 5,000 bytes: three full and the tail.
    assert_eq!(first_flight(&run(&script(none, "linux"))), 4);
    assert_eq!(first_flight(&run(&script(one, "linux"))), 4);
    assert_eq!(first_flight(&run(&script(two, "linux"))), 1);
}

#[test]
fn data_after_close_is_reset_at_snd_nxt_in_the_rfc_and_at_seg_ack_in_linux() {
    // The server closes; the client's data crosses its FIN. RFC 1122
    // 4.2.2.13 asks for a RST; the RFC profile sends ABORT's <SEQ=SND.NXT>
    // (after the FIN), Linux answers as for a segment with no connection,
    // <SEQ=SEG.ACK> (kernel fixture s_data_after_close_reset).
    let script = "client isn=1000 | connect, sleep 200, send 20, recv eof, close
server isn=8000 | listen, accept, sleep 50, close
net delay=100";
    let first_rst = |text: &str| {
        let sim = run(text);
        let rst = from(&sim, Side::Server)
            .into_iter()
            .find(|s| s.purpose == Purpose::RstDataLost)
            .map(|s| s.header.seq.0);
        rst.expect("the server resets the late data")
    };
    assert_eq!(first_rst(script), 8002);
    assert_eq!(
        first_rst(&script.replace("delay=100", "delay=100 profile=linux")),
        8001
    );
}

#[test]
fn an_rst_one_below_after_a_fin_resets_in_linux_and_is_dropped_in_the_rfc() {
    // The server's RST answers the client's data with <SEQ=SEG.ACK> (as
    // Linux does; set in both runs), but the server's FIN crossed that data,
    // so the client, in LAST-ACK, expects one more. RFC 5961: outside the
    // window, dropped (the client resends its lost FIN, and the listener's
    // RST ends it). Linux `tcp_reset_check` accepts RCV.NXT − 1 after a FIN
    // (kernel fixture s_rst_below_after_fin: nothing follows the RST).
    let script = "client isn=1000 | connect, sleep 200, send 20, recv eof, close
server isn=8000 | listen, accept, sleep 50, close
net delay=100 profile=rfc9293
tcp late_data_rst_from_ack=true
drop client FIN,ACK 1";
    let rfc = run(script);
    let linux = run(&script.replace("profile=rfc9293", "profile=linux"));
    let ignored = |sim: &Simulation| {
        sim.events().iter().any(|e| {
            matches!(
                e.kind,
                EventKind::SegmentIgnored {
                    reason: IgnoreReason::RstOutsideWindow,
                    ..
                }
            ) && e.side == Some(Side::Client)
        })
    };
    assert!(ignored(&rfc));
    assert!(from(&rfc, Side::Client).len() > from(&linux, Side::Client).len());
    assert!(!ignored(&linux));
    let last_client = from(&linux, Side::Client)
        .last()
        .unwrap()
        .header
        .flags
        .to_string();
    assert_eq!(
        last_client, "FIN,ACK",
        "the lost FIN is not sent again: {last_client}"
    );
    assert_eq!(states(&linux, Side::Client).last().unwrap().0, State::Closed);
}

#[test]
fn a_fin_past_a_gap_after_close_is_reset_at_once_in_linux_and_held_in_the_rfc() {
    // The server has closed (its FIN is acknowledged: FIN-WAIT-2, orphaned).
    // The client's byte is lost and its FIN comes past the gap. Linux resets
    // that FIN (generated kernel run 774, TCPAbortOnData); the RFC's rules
    // hold it, ask for the byte with a duplicate ACK and reset the byte when
    // it comes again.
    let script = "client isn=1000 | connect, sleep 300, send 1, close
server isn=8000 | listen, accept, close
net delay=100 profile=rfc9293
tcp late_data_rst_from_ack=true
drop client PSH,ACK 1";
    let rfc = run(script);
    let linux = run(&script.replace("profile=rfc9293", "profile=linux"));
    let answers = |sim: &Simulation| -> Vec<(String, Purpose)> {
        from(sim, Side::Server)
            .iter()
            .filter(|r| r.sent_at > Time(300))
            .map(|r| (r.header.flags.to_string(), r.purpose))
            .collect()
    };
    let linux_answers = answers(&linux);
    assert_eq!(
        linux_answers.first().map(|a| a.0.as_str()),
        Some("RST"),
        "Linux answers the FIN past the gap with RST: {linux_answers:?}"
    );
    assert_eq!(linux_answers.first().unwrap().1, Purpose::RstDataLost);
    let rfc_answers = answers(&rfc);
    assert_eq!(
        rfc_answers.first().map(|a| a.0.as_str()),
        Some("ACK"),
        "the RFC holds the FIN and asks for the byte: {rfc_answers:?}"
    );
    assert!(rfc_answers.iter().any(|a| a.1 == Purpose::RstDataLost));
    assert_eq!(states(&linux, Side::Server).last().unwrap().0, State::Closed);
    // The client sent its byte once only in Linux: the RST came first.
    assert!(from(&linux, Side::Client).len() < from(&rfc, Side::Client).len());
}

/// Linux's delayed-ACK timeout is 0 until the first data arrives, so the ACK
/// of a FIN that comes before any data leaves on the next timer tick (kernel
/// runs 906 and 914: 1.6 and 2.1 ms after the FIN); after data it waits
/// 40 ms for the application's own FIN. A close() in the same instant still
/// rides on it either way. The RFC profile acknowledges at once.
#[test]
fn linux_acks_a_fin_before_any_data_on_the_next_tick_and_after_data_within_40_ms() {
    // (client program, the server's FIN's wait for its ACK: at most, at least)
    let cases = [
        ("connect, recv eof, sleep 900, close", 0, wheel::JIFFY_MS),
        (
            "connect, recv 10, recv eof, sleep 900, close",
            40,
            40 + wheel::JIFFY_MS,
        ),
    ];
    for (client, low, high) in cases {
        let server = if client.contains("recv 10") {
            "listen, accept, send 10, sleep 300, close"
        } else {
            "listen, accept, sleep 300, close"
        };
        let sim = run(&format!(
            "client isn=1000 | {client}\nserver isn=8000 | {server}\nnet profile=linux"
        ));
        let fin = *times(&sim, Side::Server, "FIN,ACK").first().expect("a FIN");
        let fin_arrives = fin + 100; // the default one-way delay
        let acks: Vec<u64> = from(&sim, Side::Client)
            .iter()
            .filter(|s| s.header.flags.to_string() == "ACK" && s.sent_at.0 >= fin_arrives)
            .map(|s| s.sent_at.0)
            .collect();
        let wait = acks.first().expect("the FIN's ACK") - fin_arrives;
        assert!((low..=high).contains(&wait), "{client}: ACK after {wait} ms");
    }
    // A prompt close() carries the ACK on its FIN, before data as after.
    let sim = run("client isn=1000 | connect, recv eof, close\nserver isn=8000 | listen, accept, sleep 300, close\nnet profile=linux");
    assert!(times(&sim, Side::Client, "ACK").iter().all(|&t| t < 300));
    assert_eq!(times(&sim, Side::Client, "FIN,ACK").len(), 1);
}
