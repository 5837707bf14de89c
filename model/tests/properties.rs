//! Properties of whole runs under random loss, found by proptest.
//!
//! Each case is a built-in scenario or a random pair of valid programs (random
//! ISNs, MSS, delay, profile), plus random drop rules, random extra delays
//! (which reorder segments), learner drops of random in-flight segments at
//! random times, and sometimes an outage: the learner drops everything one
//! side (or both) sends for a while, or for good, so that connections give
//! up. For every case:
//! - nothing panics;
//! - every ACK a host sends acknowledges only sequence numbers it received
//!   from its peer: SEG.ACK ≤ the end of some segment from that address that
//!   had arrived by then (which implies the weaker "≤ the peer's highest
//!   sequence number sent + 1");
//! - the run finishes (nothing left to happen) within a bounded virtual time;
//! - each lifeline ends in a state TCP can legitimately stay in for ever (see
//!   [`check_end_states`]); when no segment was lost, every connection
//!   closed without anybody giving up, and when moreover every round trip is
//!   well under the 1 s minimum RTO, nothing was retransmitted;
//! - the same case run twice gives identical segments and events;
//! - rewinding to a random moment and running forward reproduces the run.
//!
//! Receive buffers are sometimes small, so windows close and senders probe.
//! A second property forges segments of every kind (random injections, both
//! profiles): no run is cut short or floods the wire, ACKs stay honest.

use proptest::prelude::*;
use proptest::test_runner::Config;
use tcp_model::event::{Conn, EventKind, IgnoreReason};
use tcp_model::library::BUILTINS;
use tcp_model::scenario::{DelayRule, DropRule, EndpointSpec, Injection, StraySource, TuningOverrides};
use tcp_model::sim::MAX_EVENTS;
use tcp_model::Fate;
use tcp_model::{Call, Flags, Millis, Origin, Profile, Resend, Scenario, Side, Simulation, State, Time};

/// Every run must be over by then. The slowest legitimate run is a Linux
/// connection that gives up on data: 15 retransmissions with the RTO doubling
/// from a few seconds (3 s after a lost SYN, RFC 6298 5.7) to its 120 s cap,
/// 16 waits in all, about 23 minutes; its peer's give-up overlaps it, and
/// TIME-WAIT, FIN-WAIT-2 (60 s each) and the programs' sleeps (seconds) come
/// on top. One hour bounds all of it with room to spare.
const TIME_BOUND: Time = Time(3_600_000);

/// One random case: a scenario, the learner's drops as (time, which in-flight
/// segment: an index taken modulo how many are in flight then), and an outage.
#[derive(Clone, Debug)]
struct Case {
    scenario: Scenario,
    learner_drops: Vec<(u64, usize)>,
    outage: Option<Outage>,
}

/// From `start` until `end` (for good if `None`) the learner drops every
/// segment `from` sends (both sides' if `None`) as soon as it is on the wire.
#[derive(Clone, Copy, Debug)]
struct Outage {
    start: u64,
    end: Option<u64>,
    from: Option<Side>,
}

// ---------------------------------------------------------------------------
// Generators.

/// How the connection opens.
#[derive(Clone, Copy, Debug)]
enum Opening {
    /// Client connect, server listen + accept.
    Normal,
    /// Both connect (a simultaneous open if the SYNs cross, refused otherwise).
    BothConnect,
    /// The client listens, then connects (RFC 9293 LISTEN → SYN-SENT).
    ListenThenConnect,
}

/// How it ends; `closer` is the side that starts.
#[derive(Clone, Copy, Debug)]
enum Ending {
    /// close(); the other reads EOF and closes.
    Close,
    /// shutdown(), read EOF, close(); the other reads EOF and closes.
    HalfClose,
    /// abort() (RST); the other's read fails.
    Abort,
    /// Both close without waiting for the other (a simultaneous close if the FINs cross).
    BothClose,
    /// The other side sends more that the closer never reads: RST for unread
    /// data, or for data after close (RFC 1122 4.2.2.13).
    UnreadData(u32),
}

#[derive(Clone, Debug)]
struct Conversation {
    opening: Opening,
    /// (client sends?, bytes, sleep before sending)
    exchanges: Vec<(bool, u32, u64)>,
    closer: Side,
    ending: Ending,
    /// Sleep before the ending, per side.
    linger: [u64; 2],
}

fn programs(c: &Conversation) -> [Vec<Call>; 2] {
    let (mut client, mut server) = (Vec::new(), Vec::new());
    match c.opening {
        Opening::Normal => {
            client.push(Call::Connect);
            server.extend([Call::Listen, Call::Accept]);
        }
        Opening::BothConnect => {
            client.push(Call::Connect);
            server.push(Call::Connect);
        }
        Opening::ListenThenConnect => {
            client.extend([Call::Listen, Call::Connect]);
            server.extend([Call::Listen, Call::Accept]);
        }
    }
    let mut sides = [client, server];
    for &(client_sends, bytes, sleep) in &c.exchanges {
        let (from, to) = if client_sends { (0, 1) } else { (1, 0) };
        if sleep > 0 {
            sides[from].push(Call::Sleep(Millis(sleep)));
        }
        sides[from].push(Call::Send(bytes));
        sides[to].push(Call::Recv(bytes));
    }
    for (i, &ms) in c.linger.iter().enumerate() {
        if ms > 0 {
            sides[i].push(Call::Sleep(Millis(ms)));
        }
    }
    let (closer, other) = (c.closer.index(), c.closer.peer().index());
    match c.ending {
        Ending::Close => {
            sides[closer].push(Call::Close);
            sides[other].extend([Call::RecvEof, Call::Close]);
        }
        Ending::HalfClose => {
            sides[closer].extend([Call::Shutdown, Call::RecvEof, Call::Close]);
            sides[other].extend([Call::RecvEof, Call::Close]);
        }
        Ending::Abort => {
            sides[closer].push(Call::Abort);
            sides[other].extend([Call::RecvEof, Call::Close]);
        }
        Ending::BothClose => {
            sides[closer].push(Call::Close);
            sides[other].push(Call::Close);
        }
        Ending::UnreadData(bytes) => {
            sides[closer].push(Call::Close);
            sides[other].extend([Call::Send(bytes), Call::RecvEof, Call::Close]);
        }
    }
    sides
}

fn conversation() -> impl Strategy<Value = Conversation> {
    let opening = prop_oneof![
        3 => Just(Opening::Normal),
        1 => Just(Opening::BothConnect),
        1 => Just(Opening::ListenThenConnect),
    ];
    let exchange = (
        any::<bool>(),
        1u32..4_000,
        prop_oneof![3 => Just(0u64), 1 => 1u64..400],
    );
    let ending = prop_oneof![
        Just(Ending::Close),
        Just(Ending::HalfClose),
        Just(Ending::Abort),
        Just(Ending::BothClose),
        (1u32..3_000).prop_map(Ending::UnreadData),
    ];
    let side = prop_oneof![Just(Side::Client), Just(Side::Server)];
    let linger = prop_oneof![2 => Just(0u64), 1 => 1u64..600];
    (
        opening,
        prop::collection::vec(exchange, 0..4),
        side,
        ending,
        [linger.clone(), linger],
    )
        .prop_map(|(opening, exchanges, closer, ending, linger)| Conversation {
            opening,
            exchanges,
            closer,
            ending,
            linger,
        })
}

/// Flag sets segments are sent with (drop and delay rules match exactly).
fn flags() -> impl Strategy<Value = Flags> {
    prop::sample::select(vec![
        Flags::SYN,
        Flags::SYN_ACK,
        Flags::ACK,
        Flags::PSH_ACK,
        Flags::FIN_ACK,
        Flags::FIN | Flags::PSH | Flags::ACK,
        Flags::RST,
        Flags::RST_ACK,
    ])
}

fn side() -> impl Strategy<Value = Side> {
    prop_oneof![Just(Side::Client), Just(Side::Server)]
}

fn drop_rule() -> impl Strategy<Value = DropRule> {
    (side(), flags(), 1u32..6).prop_map(|(from, flags, nth)| DropRule { from, flags, nth })
}

fn delay_rule() -> impl Strategy<Value = DelayRule> {
    (side(), flags(), 1u32..4, 1u64..600).prop_map(|(from, flags, nth, extra_ms)| DelayRule {
        from,
        flags,
        nth,
        extra_ms,
    })
}

fn endpoint(program: Vec<Call>, isn: u32, mss: u16, rcvbuf: u32) -> EndpointSpec {
    EndpointSpec {
        isn,
        mss,
        backlog: 128,
        rcvbuf,
        program,
    }
}

/// A receive buffer: mostly the full 64 KiB, sometimes small enough that the
/// window closes and the sender must probe it.
fn rcvbuf() -> impl Strategy<Value = u32> {
    prop_oneof![3 => Just(65_535u32), 1 => 256u32..4_096]
}

/// A random program pair on a random network and TCP profile.
fn random_scenario() -> impl Strategy<Value = Scenario> {
    let profile = prop_oneof![Just(Profile::Rfc9293), Just(Profile::Linux)];
    // The RFC profile also with delayed ACKs and a delayed FIN-ACK (the
    // three-segment close); `None` keeps the profile's own values.
    let delays = prop_oneof![
        2 => Just(None),
        1 => (0u64..200, -1i64..100).prop_map(Some),
    ];
    (
        conversation(),
        (any::<u32>(), any::<u32>()),
        (536u16..=1460, 536u16..=1460),
        (1u64..300, 0u64..30),
        profile,
        delays,
        (rcvbuf(), rcvbuf()),
    )
        .prop_map(
            |(
                conversation,
                (client_isn, server_isn),
                (client_mss, server_mss),
                (delay_ms, gap_ms),
                profile,
                delays,
                (client_buf, server_buf),
            )| {
                let [client, server] = programs(&conversation);
                let mut tcp = TuningOverrides::default();
                if let Some((ack_delay, fin_ack_delay)) = delays {
                    tcp.ack_delay_ms = Some(ack_delay);
                    tcp.fin_ack_delay_ms = Some(fin_ack_delay);
                }
                Scenario {
                    client: endpoint(client, client_isn, client_mss, client_buf),
                    server: endpoint(server, server_isn, server_mss, server_buf),
                    delay_ms,
                    gap_ms,
                    drops: Vec::new(),
                    delays: Vec::new(),
                    inject: Vec::new(),
                    profile,
                    tcp,
                    actions: Vec::new(),
                }
            },
        )
}

fn builtin_scenario() -> impl Strategy<Value = Scenario> {
    (0..BUILTINS.len()).prop_map(|i| BUILTINS[i].scenario())
}

fn outage() -> impl Strategy<Value = Outage> {
    let end = prop_oneof![Just(None), (100u64..300_000).prop_map(Some)];
    let from = prop_oneof![Just(None), side().prop_map(Some)];
    (0u64..3_000, end, from).prop_map(|(start, length, from)| Outage {
        start,
        end: length.map(|l| start + l),
        from,
    })
}

fn case() -> impl Strategy<Value = Case> {
    let base = prop_oneof![1 => builtin_scenario(), 2 => random_scenario()];
    (
        base,
        prop::collection::vec(drop_rule(), 0..4),
        prop::collection::vec(delay_rule(), 0..3),
        prop::collection::vec((0u64..4_000, any::<usize>()), 0..4),
        prop_oneof![3 => Just(None), 1 => outage().prop_map(Some)],
    )
        .prop_map(|(mut scenario, drops, delays, mut learner_drops, outage)| {
            scenario.drops.extend(drops);
            scenario.delays.extend(delays);
            learner_drops.sort();
            Case {
                scenario,
                learner_drops,
                outage,
            }
        })
}

// ---------------------------------------------------------------------------
// Running and checking.

/// The segments on the wire now, from `from` (either side if `None`).
fn in_flight(sim: &Simulation, from: Option<Side>) -> Vec<u32> {
    let now = sim.now();
    sim.segments()
        .iter()
        .filter(|s| s.fate == Fate::InFlight && s.in_flight_at(now))
        .filter(|s| from.is_none_or(|side| s.from == Origin::from(side)))
        .map(|s| s.id.0)
        .collect()
}

/// Runs a case: the learner's drops at their moments and the outage, then on
/// to the end. Every drop goes through `Simulation::drop_segment`, so it is
/// recorded and a rewind replays it.
fn run(case: &Case) -> Simulation {
    let mut sim = Simulation::new(&case.scenario).expect("generated scenarios are valid");
    for &(at, pick) in &case.learner_drops {
        sim.advance_to(Time(at));
        let ids = in_flight(&sim, None);
        if !ids.is_empty() {
            let id = ids[pick % ids.len()];
            sim.drop_segment(tcp_model::SegmentId(id))
                .expect("an in-flight segment can be dropped");
        }
    }
    if let Some(outage) = case.outage {
        sim.advance_to(Time(outage.start.max(sim.now().0)));
        loop {
            for id in in_flight(&sim, outage.from) {
                sim.drop_segment(tcp_model::SegmentId(id))
                    .expect("an in-flight segment can be dropped");
            }
            match sim.next_event_time() {
                Some(t) if t <= TIME_BOUND && outage.end.is_none_or(|end| t < Time(end)) => {
                    sim.advance_to(t);
                }
                _ => break,
            }
        }
    }
    sim.run_until_finished(TIME_BOUND);
    sim
}

/// Every ACK acknowledges only what had arrived from the peer's address.
fn check_acks(sim: &Simulation) -> Result<(), TestCaseError> {
    let segments = sim.segments();
    for s in segments {
        if s.from.side().is_none() || !s.header.flags.ack() {
            continue;
        }
        let (me, peer) = (s.header.src, s.header.dst);
        let acked = s.header.ack;
        let received = segments.iter().any(|r| {
            r.header.src == peer
                && r.header.dst == me
                && r.fate == Fate::Arrived
                && r.arrives_at <= s.sent_at
                && acked <= r.header.end()
        });
        prop_assert!(
            received,
            "segment #{} ({:?} {}) acknowledges {} but nothing that far had arrived from {}",
            s.id.0,
            s.from,
            s.header.label(),
            acked,
            peer
        );
    }
    Ok(())
}

/// Whether `side`'s peer abandoned the main connection without an orderly
/// close that this side could see: it gave up after its retransmissions
/// (GaveUp), or it sent an RST (abort, data lost, an answer from a closed
/// port). RFC 9293 never retransmits an RST, and a connection that gave up
/// sends nothing more, so if that RST was lost (or this side had nothing
/// outstanding to be told with), this side is left with a half-open
/// connection (RFC 9293 3.5.2) it can only discover by sending. Likewise
/// when the peer's listener closed and silently forgot the connection.
fn peer_abandoned(sim: &Simulation, side: Side) -> bool {
    let peer = side.peer();
    let gave_up = sim
        .events()
        .iter()
        .any(|e| e.side == Some(peer) && matches!(e.kind, EventKind::GaveUp { conn: Conn::Main, .. }));
    let reset = sim
        .segments()
        .iter()
        .any(|s| s.from == Origin::from(peer) && s.to == Some(side) && s.header.flags.rst());
    // The peer's listener closed while this connection was still half-open
    // there (its handshake ACK lost): it was forgotten without a word.
    let forgotten = sim.events().iter().any(|e| {
        e.side == Some(peer) && matches!(e.kind, EventKind::ListenerClosed { dropped, .. } if dropped > 0)
    });
    gave_up || reset || forgotten
}

/// The states each lifeline may be left in when nothing more will happen.
///
/// - CLOSED or LISTEN: the connection is over (closed, reset, TIME-WAIT ran
///   out, or given up), or never happened; an application may still be
///   blocked for ever in accept(), which is fine.
/// - Never SYN-SENT, SYN-RECEIVED, FIN-WAIT-1, CLOSING or LAST-ACK: each has
///   a SYN or FIN unacknowledged, so its retransmission timer runs until an
///   ACK comes or it gives up (RFC 6298 5.1, RFC 9293 3.8.3); and never
///   TIME-WAIT, whose 2 MSL timer always runs. A run that "finished" in one
///   of these would mean a timer was lost.
/// - ESTABLISHED, CLOSE-WAIT or FIN-WAIT-2 only when the peer abandoned the
///   connection (see [`peer_abandoned`]): these states have nothing
///   outstanding and RFC 9293 gives them no timer (keep-alives are optional
///   and off, RFC 1122 4.2.3.6; FIN-WAIT-2 has no timer in RFC 9293, and the
///   Linux one applies only once the application has closed, which it will
///   not while blocked reading). The generated programs cannot deadlock
///   (every recv has a matching send, every recv eof a peer that closes), so
///   with a live peer the connection always gets to close.
fn check_end_states(sim: &Simulation) -> Result<(), TestCaseError> {
    for side in Side::BOTH {
        let state = sim.state(side);
        match state {
            State::Closed | State::Listen => {}
            State::Established | State::CloseWait | State::FinWait2 => prop_assert!(
                peer_abandoned(sim, side),
                "the {side} is left in {state} although its peer neither gave up nor reset"
            ),
            _ => prop_assert!(
                false,
                "the {side} is left in {state}, which always has a timer running"
            ),
        }
    }
    Ok(())
}

/// Without loss TCP needs no retransmission to succeed, and RSTs always
/// arrive: no main connection may give up, and none may be left half-open.
/// (Delays still reorder segments; the SYN flood's spoofed half-open
/// connections, not the main one, do give up.)
fn check_lossless(sim: &Simulation) -> Result<(), TestCaseError> {
    if sim.segments().iter().any(|s| s.dropped()) {
        return Ok(());
    }
    for side in Side::BOTH {
        let gave_up = sim
            .events()
            .iter()
            .find(|e| e.side == Some(side) && matches!(e.kind, EventKind::GaveUp { conn: Conn::Main, .. }));
        prop_assert!(
            gave_up.is_none(),
            "the {side} gave up without any loss: {gave_up:?}"
        );
        let state = sim.state(side);
        prop_assert!(
            matches!(state, State::Closed | State::Listen),
            "the {side} is left in {state} without any loss"
        );
    }

    // RFC 6298's timer fires only when an ACK is late. With the RFC profile
    // the RTO is never below 1 s (2.4), and a round trip here is at most two
    // one-way delays plus the time segments wait for the link on each side
    // (gap_ms per segment ahead in the queue; 20 per side bounds any burst
    // these programs make). Without extra delays, ACK delays or a listen queue
    // that turns SYNs away (the SYN flood), ACKs are never late, so a
    // retransmission would mean an ACK that was owed and not sent.
    let sc = sim.scenario();
    let tuning = sim.tuning();
    let prompt = sc.profile == Profile::Rfc9293
        && tuning.ack_delay == Millis(0)
        && tuning.fin_ack_delay.is_none()
        && sc.inject.is_empty()
        && 2 * sc.delay_ms + 40 * sc.gap_ms < tuning.min_rto.0
        && !sim.events().iter().any(|e| {
            matches!(
                e.kind,
                EventKind::SegmentDelayed { .. }
                    | EventKind::SegmentIgnored {
                        reason: IgnoreReason::ListenQueueFull { .. },
                        ..
                    }
            )
        });
    if prompt {
        // (A simultaneous open's SYN,ACK repeats the SYN's ISS: not a loss.)
        let rtx = sim
            .segments()
            .iter()
            .find(|s| s.retransmission() && s.resend != Some(Resend::SimultaneousOpen));
        prop_assert!(
            rtx.is_none(),
            "retransmission without loss or late ACK: {:?}",
            rtx.map(|s| (s.id.0, s.sent_at.0, s.from, s.header.label()))
        );
    }
    Ok(())
}

fn check_run(case: &Case, sim: &Simulation) -> Result<(), TestCaseError> {
    prop_assert!(
        sim.events().len() < MAX_EVENTS,
        "runaway run: {} events",
        sim.events().len()
    );
    prop_assert!(
        sim.is_finished(),
        "still running at {} (next at {:?})",
        sim.now(),
        sim.next_event_time()
    );
    prop_assert!(sim.now() <= TIME_BOUND);
    check_acks(sim)?;
    check_end_states(sim)?;
    check_lossless(sim)?;

    // Determinism: the same case again gives the very same run.
    let again = run(case);
    prop_assert!(
        again.segments() == sim.segments(),
        "segments differ between two runs"
    );
    prop_assert!(again.events() == sim.events(), "events differ between two runs");
    Ok(())
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // No regression files in the source tree; a failure prints the minimal case.
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(10_000))]

    #[test]
    fn random_runs_finish_ack_only_what_arrived_and_end_in_legal_states(case in case()) {
        let sim = run(&case);
        check_run(&case, &sim)?;
    }
}

proptest! {
    #![proptest_config(config(2_000))]

    #[test]
    fn rewind_then_advance_reproduces_the_run(case in case(), at in 0.0f64..1.0) {
        let sim = run(&case);
        let end = sim.now();
        // A moment anywhere in the run, learner drops included (they were
        // recorded, so the rewound simulation replays them).
        let t = Time((end.0 as f64 * at) as u64);
        let mut rewound = sim.rewind(t);
        prop_assert_eq!(rewound.now(), t);
        prop_assert!(rewound.segments().len() <= sim.segments().len());
        rewound.advance_to(end);
        prop_assert!(rewound.segments() == sim.segments(), "segments differ after rewinding to {}", t);
        prop_assert!(rewound.events() == sim.events(), "events differ after rewinding to {}", t);
    }
}

// ---------------------------------------------------------------------------
// Injected segments: stray and forged segments of every kind.

/// A random injected segment (or a burst of them): from either host's
/// address or spoofed ones, any flags, sequence and acknowledgment numbers
/// near the hosts' ISNs or anywhere.
fn injection(isns: (u32, u32)) -> impl Strategy<Value = Injection> {
    let source = prop_oneof![
        Just(StraySource::Client),
        Just(StraySource::Server),
        Just(StraySource::Spoofed)
    ];
    let flags = prop::sample::select(vec![
        Flags::SYN,
        Flags::SYN_ACK,
        Flags::ACK,
        Flags::PSH_ACK,
        Flags::FIN_ACK,
        Flags::RST,
        Flags::RST_ACK,
    ]);
    let near = move |base: u32| {
        prop_oneof![
            (0u32..3_000).prop_map(move |d| base.wrapping_add(d)),
            any::<u32>()
        ]
    };
    (
        0u64..3_000,
        source,
        side(),
        flags,
        near(isns.0),
        near(isns.1),
        prop_oneof![3 => Just(0u32), 1 => 1u32..1_460],
        prop_oneof![3 => Just(1u32), 1 => 1u32..60],
        0u64..200,
    )
        .prop_filter_map(
            "a segment from a host to itself",
            |(at_ms, from, to, flags, seq, ack, len, count, every_ms)| {
                let to_itself = matches!(
                    (from, to),
                    (StraySource::Client, Side::Client) | (StraySource::Server, Side::Server)
                );
                (!to_itself).then_some(Injection {
                    at_ms,
                    from,
                    to,
                    flags,
                    seq,
                    ack,
                    len,
                    count,
                    every_ms,
                })
            },
        )
}

fn injected_case() -> impl Strategy<Value = Scenario> {
    prop_oneof![1 => builtin_scenario(), 2 => random_scenario()].prop_flat_map(|scenario| {
        let isns = (scenario.client.isn, scenario.server.isn);
        prop::collection::vec(injection(isns), 1..5).prop_map(move |inject| {
            let mut s = scenario.clone();
            s.inject.extend(inject);
            s
        })
    })
}

/// However a stranger forges segments, no run is cut short, each forged
/// segment costs at most this many more segments than the same run without
/// them (answers, a SYN,ACK and its retransmissions), plus what the answer
/// rate limit lets two confused ends exchange (RFC 5961 §7: with the RFC
/// profile's 10 answers per 5 s they may trade throttled ACKs until one of
/// them gives up; Linux resets instead): no unbounded ACK war. Every host
/// ACKs only what reached it, and a run is the same twice.
const SEGMENTS_PER_INJECTED: usize = 10;

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn injected_segments_never_start_an_ack_war_or_a_runaway_run(scenario in injected_case()) {
        let mut sim = Simulation::new(&scenario).expect("generated scenarios are valid");
        sim.run_until_finished(TIME_BOUND);
        let text = scenario.to_text();
        prop_assert!(sim.cut_short().is_none(), "cut short after {} events:\n{text}", sim.events().len());
        prop_assert!(sim.is_finished(), "still running at {}:\n{text}", sim.now());
        let mut clean = Simulation::new(&Scenario { inject: Vec::new(), ..scenario.clone() })
            .expect("valid");
        clean.run_until_finished(TIME_BOUND);
        let injected: usize = scenario.inject.iter().map(|j| j.count as usize).sum();
        let t = sim.tuning();
        let windows = (sim.now().0 / t.invalid_ack_window.0 + 1) as usize;
        let throttled = 2 * injected * t.invalid_ack_burst as usize * windows;
        let bound = clean.segments().len() + SEGMENTS_PER_INJECTED * injected + throttled + 100;
        prop_assert!(
            sim.segments().len() <= bound,
            "{} segments; {} without the {} forged ones:\n{}",
            sim.segments().len(),
            clean.segments().len(),
            injected,
            scenario.to_text()
        );
        check_acks(&sim).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let mut again = Simulation::new(&scenario).expect("valid");
        again.run_until_finished(TIME_BOUND);
        prop_assert!(again.events() == sim.events(), "events differ between two runs:\n{text}");
    }
}
