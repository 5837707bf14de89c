//! A capture run replayed as a recorded simulation (`observe::replay`): the
//! views every simulated run has (segments, states at a moment, the event
//! log the narration reads) tell the same story as the capture run itself,
//! for every stream of every file in the capture corpus, and a recorded run
//! refuses to be changed.

use std::fs;
use std::path::Path;

mod common;

use tcp_model::capture::{read, streams};
use tcp_model::event::{DropCause, IgnoreReason};
use tcp_model::export::pcap;
use tcp_model::observe::{self, CaptureRun};
use tcp_model::sim::{ActionError, TimeUnit};
use tcp_model::view::{Moment, SegmentStatus};
use tcp_model::{EventKind, Fate, Purpose, Resend, SegmentId, Side, Simulation, State, Time};

/// Every stream of every corpus file, explained and replayed.
fn corpus() -> Vec<(String, CaptureRun, Simulation)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pcap") || n.ends_with(".pcapng"))
        .collect();
    names.sort();
    let mut all = Vec::new();
    for name in names {
        let capture = read(&fs::read(dir.join(&name)).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (i, stream) in streams(&capture).iter().enumerate() {
            let run = observe::run(&capture, stream);
            let sim = observe::replay(&run);
            all.push((format!("{name} #{i}"), run, sim));
        }
    }
    assert!(all.len() >= 30, "the corpus has its streams: {}", all.len());
    all
}

/// A committed kernel capture (`tests/fixtures/kernel_captures/NAME.pcap`), read.
fn kernel_capture(name: &str) -> tcp_model::capture::Capture {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/kernel_captures/{name}.pcap"));
    read(&fs::read(path).expect("the kernel capture")).expect("it reads")
}

/// The segment of capture frame `frame` (1-based, as Wireshark numbers).
fn framed(run: &CaptureRun, frame: u32) -> observe::ObservedSegment {
    run.segments
        .iter()
        .find(|s| s.frame == frame)
        .expect("kept")
        .clone()
}

/// Where in the run's order a segment leaves (`arrived` false) or arrives.
fn passage(run: &CaptureRun, id: SegmentId, arrived: bool) -> Option<usize> {
    run.passages
        .iter()
        .position(|p| p.segment == id && p.arrived == arrived)
}

fn one(name: &str) -> (CaptureRun, Simulation) {
    let (_, run, sim) = corpus()
        .into_iter()
        .find(|(n, ..)| n == &format!("{name} #0"))
        .unwrap_or_else(|| panic!("{name}"));
    (run, sim)
}

#[test]
fn every_replay_shows_the_captures_segments_states_and_times() {
    for (name, run, sim) in corpus() {
        assert_eq!(sim.time_unit(), TimeUnit::Micros, "{name}");
        assert!(sim.is_finished() && sim.is_recorded(), "{name}");
        assert_eq!(sim.segments().len(), run.segments.len(), "{name}");
        for (s, o) in sim.segments().iter().zip(&run.segments) {
            assert_eq!(
                (s.id, s.from.side(), s.sent_at),
                (o.id, Some(o.from), Time(o.at_us)),
                "{name}"
            );
            assert_eq!(
                (s.header.seq.0, s.header.len),
                (o.seq, o.len),
                "{name}: Wireshark's relative seq"
            );
            if s.header.flags.ack() {
                assert_eq!(s.header.ack.0, o.ack, "{name}: relative ack");
            }
            assert!(
                s.arrives_at >= s.sent_at,
                "{name}: #{} arrives before it left",
                s.id.0
            );
            assert_eq!(s.dropped(), o.observed.lost_after_capture, "{name}: #{}", s.id.0);
        }
        // The log is in time order, and each segment that is not a second
        // capture of another leaves once, then arrives once unless lost.
        let events = sim.events();
        assert!(
            events.windows(2).all(|w| w[0].at <= w[1].at),
            "{name}: events in order"
        );
        for o in &run.segments {
            let find = |arrived: bool| {
                events.iter().position(|e| match e.kind {
                    EventKind::SegmentSent { segment, .. } => !arrived && segment == o.id,
                    EventKind::SegmentArrived { segment } => arrived && segment == o.id,
                    _ => false,
                })
            };
            let (sent, arrived) = (find(false), find(true));
            if o.observed.copy {
                assert_eq!(
                    (sent, arrived),
                    (None, None),
                    "{name}: a copy is not a new segment"
                );
                continue;
            }
            assert!(sent.is_some(), "{name}: #{} leaves", o.id.0);
            match arrived {
                Some(a) => assert!(a > sent.unwrap(), "{name}: #{} arrives after it leaves", o.id.0),
                None => assert!(o.observed.lost_after_capture, "{name}: #{} never arrives", o.id.0),
            }
        }
        // Each side ends in the state its observer inferred (compared with
        // `ss` in capture_run.rs), and passes through the same states.
        for side in Side::BOTH {
            let end = Moment::At(sim.last_event_time());
            let inferred = common::capture_states(&run, side);
            let mut drawn: Vec<_> = sim.state_bands(side, end).iter().map(|b| b.state).collect();
            drawn.dedup();
            let mut expected = inferred.clone();
            expected.dedup();
            assert_eq!(drawn, expected, "{name}: {side}'s states");
        }
    }
}

#[test]
fn curl_against_http_server_reads_as_the_classic_exchange() {
    let (_, sim) = one("http_v4.pcap");
    let purposes: Vec<Purpose> = sim.segments().iter().map(|s| s.purpose).collect();
    assert_eq!(
        &purposes[..3],
        [Purpose::Syn, Purpose::SynAck, Purpose::HandshakeAck],
        "{purposes:?}"
    );
    assert_eq!(purposes[3], Purpose::Data, "the request");
    assert!(
        purposes.contains(&Purpose::Fin) && purposes.contains(&Purpose::AckFin),
        "{purposes:?}"
    );
    let syn = &sim.segments()[0];
    assert_eq!(
        (syn.header.seq.0, syn.header.mss),
        (0, Some(1240)),
        "relative ISN 0, MSS option"
    );
    // A loopback handshake takes microseconds: the run counts them.
    assert!(
        sim.segments()[2].sent_at.0 < 1000,
        "{:?}",
        sim.segments()[2].sent_at
    );
    assert_eq!(
        sim.state_at(Side::Server, Moment::Start),
        tcp_model::State::Listen
    );
    assert_eq!(
        [sim.endpoint(Side::Client), sim.endpoint(Side::Server)],
        ["127.0.0.1:34628", "127.0.0.1:8000"]
    );
    let end = Moment::At(sim.last_event_time());
    assert_eq!(sim.state_at(Side::Client, end), tcp_model::State::TimeWait);
}

#[test]
fn a_capture_begun_mid_connection_starts_established() {
    let (run, sim) = one("mid_connection.pcap");
    for side in Side::BOTH {
        assert_eq!(
            sim.state_at(side, Moment::Start),
            tcp_model::State::Established,
            "{side}: {:?}",
            run.states(side)
        );
    }
}

#[test]
fn a_segment_lost_after_the_capture_point_is_drawn_lost_and_its_resend_marked() {
    let hits: Vec<(String, Simulation)> = corpus()
        .into_iter()
        .filter(|(_, run, _)| run.segments.iter().any(|s| s.observed.lost_after_capture))
        .map(|(n, _, sim)| (n, sim))
        .collect();
    assert!(
        !hits.is_empty(),
        "the corpus has a segment lost after the capture point"
    );
    for (name, sim) in hits {
        for lost in sim.segments().iter().filter(|s| s.dropped()) {
            assert!(matches!(
                lost.status_at(Moment::At(sim.last_event_time())),
                SegmentStatus::Dropped { .. }
            ));
            assert!(
                sim.events().iter().any(|e| matches!(
                    e.kind,
                    EventKind::SegmentDropped { segment, by: tcp_model::event::DropCause::AfterCapture, .. }
                        if segment == lost.id
                )),
                "{name}: the log says where it was lost"
            );
            // A lost segment that takes sequence numbers was sent again (a
            // lost ACK or RST is told by what its receiver did instead).
            if lost.header.seg_len() == 0 {
                continue;
            }
            let again = sim
                .segments()
                .iter()
                .find(|s| s.retransmission_of == Some(lost.id))
                .unwrap_or_else(|| panic!("{name}: its resend points back at it"));
            let syn = lost.header.flags.syn();
            let how = if syn {
                Resend::CapturedSyn
            } else {
                Resend::Captured
            };
            assert_eq!(
                again.resend,
                Some(how),
                "{name}: a SYN goes again by its timer alone"
            );
        }
    }
}

#[test]
fn a_recorded_run_cannot_be_changed_and_rewinds_by_moving_its_clock() {
    let (_, sim) = one("http_v4.pcap");
    let mut copy = sim.rewind(Time(20));
    assert_eq!(copy.now(), Time(20));
    assert_eq!(copy.events().len(), sim.events().len(), "nothing is re-simulated");
    assert_eq!(copy.drop_segment(SegmentId(0)), Err(ActionError::Recorded));
    assert_eq!(
        copy.call(Side::Client, tcp_model::Call::Close),
        Err(ActionError::Recorded)
    );
}

#[test]
fn the_log_speaks_in_the_headers_relative_numbers() {
    // What the narration quotes from the log (SND.UNA after an ACK,
    // RCV.NXT after data) must match the numbers on the ladder.
    for (name, _, sim) in corpus() {
        for e in sim.events() {
            let (segment, value) = match e.kind {
                EventKind::Acknowledged { segment, snd_una, .. } => (segment, snd_una),
                EventKind::DataReceived { segment, rcv_nxt, .. } => (segment, rcv_nxt),
                _ => continue,
            };
            let s = &sim.segments()[segment.0 as usize];
            match e.kind {
                EventKind::Acknowledged { .. } => assert_eq!(value, s.header.ack, "{name}: {:?}", e.kind),
                // Data that fills a gap takes RCV.NXT past itself, over
                // what was held out of order.
                _ => {
                    let data_end = s.header.seq.0.wrapping_add(s.header.len);
                    assert!(
                        value.0.wrapping_sub(data_end) < 1 << 20,
                        "{name}: {:?}, its data ends at {data_end}",
                        e.kind
                    )
                }
            }
        }
    }
}

/// A resend names the segment whose numbers it repeats whenever the
/// capture holds one: the same segment, part of a larger one (a resend
/// cut to another size), or the data a SYN carried (TCP Fast Open without
/// a cookie: the SYN's data go again after the handshake).
#[test]
fn a_resend_names_the_segment_it_repeats() {
    let mut named = 0;
    for (name, _, sim) in corpus() {
        let segs = sim.segments();
        for (k, s) in segs.iter().enumerate() {
            if s.resend.is_none() || s.header.seg_len() == 0 {
                continue;
            }
            let holds = |p: &&tcp_model::SegmentRecord| {
                p.from == s.from && s.header.seq.0.wrapping_sub(p.header.seq.0) < p.header.seg_len()
            };
            let earlier = segs[..k].iter().rev().find(holds).map(|p| p.id);
            assert_eq!(s.retransmission_of, earlier, "{name}: segment {}", s.id.0);
            named += usize::from(earlier.is_some());
        }
    }
    assert!(named >= 20, "the corpus resends: {named}");
    let (_, sim) = corpus()
        .into_iter()
        .map(|(n, _, sim)| (n, sim))
        .find(|(n, _)| n == "fast_open.pcap #2")
        .expect("the SYN with data and no cookie");
    let again = sim
        .segments()
        .iter()
        .find(|s| s.header.len == 10 && !s.header.flags.syn())
        .expect("the data sent again");
    assert_eq!(
        again.retransmission_of,
        Some(SegmentId(0)),
        "the SYN that carried them first"
    );
}

/// A resend whose first sending the capture missed is still a resend (the
/// sender was seen beyond those numbers), naming nothing; a packet captured
/// on two interfaces is no resend, whatever Wireshark's file order marks;
/// nor is a FIN that only injected segments (out of place) went beyond.
#[test]
fn a_resend_is_one_only_when_the_sender_sent_those_numbers_before() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let replay = |bytes: &[u8]| -> Vec<Simulation> {
        let c = read(bytes).expect("it reads");
        streams(&c)
            .iter()
            .map(|s| observe::replay(&observe::run(&c, s)))
            .collect()
    };
    // A fast retransmit's client capture (the model's own pcap writer), with
    // the first sending of the segment it resends taken out of the file:
    // still a resend (Wireshark still says retransmission, the client was
    // seen beyond it), naming nothing.
    let scenario = tcp_model::Scenario::from_text(
        "client isn=1000 mss=1460 | connect, send 6000, recv eof, close\n\
         server isn=8000 mss=1000 | listen, accept, recv 6000, close\n\
         drop client ACK 2",
    )
    .expect("a fast retransmit");
    let mut sim = Simulation::new(&scenario).expect("it runs");
    sim.run_until_finished(Time(3_600_000));
    let whole = pcap::write(&pcap::at_client(&sim, sim.last_event_time()));
    let capture = read(&whole).expect("it reads");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let full = observe::replay(&run);
    let again = full
        .segments()
        .iter()
        .find(|s| s.header.len > 0 && s.retransmission_of.is_some())
        .expect("a resent data segment");
    let first = again.retransmission_of.expect("what it repeats");
    let (gone, frame) = (
        run.segments[first.0 as usize].frame,
        run.segments[again.id.0 as usize].frame,
    );
    let mut without = whole[..24].to_vec();
    for (j, r) in common::pcap_records(&whole).iter().enumerate() {
        if j as u32 + 1 != gone {
            without.extend_from_slice(r);
        }
    }
    let c = read(&without).expect("it reads");
    let r = observe::run(&c, &streams(&c)[0]);
    // The frames after the one taken out move up by one.
    let k = r
        .segments
        .iter()
        .position(|s| s.frame == frame - 1)
        .expect("still there");
    assert!(r.segments[k].marks.retransmission || r.segments[k].marks.fast_retransmission);
    let replayed = observe::replay(&r);
    let resent = &replayed.segments()[k];
    assert_eq!(
        (resent.resend, resent.retransmission_of),
        (Some(Resend::Captured), None),
        "a resend whose first sending the capture missed"
    );
    let two = &replay(&fs::read(dir.join("captures/dumpcap_two_ifaces.pcapng")).expect("corpus file"))[0];
    assert!(
        two.segments().iter().all(|s| s.resend.is_none()),
        "nothing was sent twice"
    );
    let injected =
        &replay(&fs::read(dir.join("kernel_captures/p_ack_of_unsent_data.pcap")).expect("kernel file"))[0];
    let fin = injected
        .segments()
        .iter()
        .find(|s| s.header.flags.fin() && s.from.side() == Some(Side::Client))
        .expect("the client's FIN");
    assert_eq!(
        fin.resend, None,
        "its first FIN: only injected segments went beyond it"
    );
}

/// The states the narration reads for every event in one pass are what
/// `state_at` says at each event's instant (after all of that instant's
/// events), on every replayed capture and every built-in run.
#[test]
fn states_at_events_are_state_at_each_instant() {
    let mut runs: Vec<(String, Simulation)> = corpus().into_iter().map(|(n, _, sim)| (n, sim)).collect();
    for b in tcp_model::library::BUILTINS {
        let mut sim = Simulation::new(&b.scenario()).expect("built-in");
        sim.run_until_finished(Time(600_000));
        runs.push((b.name.to_string(), sim));
    }
    let mut changed = 0;
    for (name, sim) in &runs {
        let states = sim.states_at_events();
        assert_eq!(states.len(), sim.events().len(), "{name}");
        for (e, s) in sim.events().iter().zip(&states) {
            for side in Side::BOTH {
                assert_eq!(
                    s[side.index()],
                    sim.state_at(side, Moment::At(e.at)),
                    "{name} at {}",
                    e.at.0
                );
            }
            changed += usize::from(matches!(e.kind, EventKind::StateChanged { .. }));
        }
    }
    assert!(changed > 500, "{changed} state changes checked");
}

/// A capture longer than a run holds (here 12,000 data segments, past the
/// 10,000-segment cap) is cut at one instant: every segment kept was sent
/// before it, no event names a segment left out, and the log ends saying
/// the run was cut short and where. A capture within the caps is whole.
#[test]
fn a_capture_past_the_run_caps_is_cut_at_an_instant_and_says_so() {
    use common::{hand_capture, hand_packet};
    use tcp_model::capture::flags;
    use tcp_model::sim::MAX_SEGMENTS;
    let mut packets = Vec::new();
    let mut add = |up: bool, seq: u32, ack: u32, flags: u8, len: u32| {
        let frame = packets.len() as u32 + 1;
        packets.push(hand_packet(
            frame,
            u64::from(frame) * 20,
            up,
            seq,
            ack,
            flags,
            len,
        ));
    };
    let (syn, ack) = (flags::SYN, flags::ACK);
    add(true, 1000, 0, syn, 0);
    add(false, 5000, 1001, syn | ack, 0);
    add(true, 1001, 5001, ack, 0);
    let mut next = 1001u32;
    for i in 0..12_000 {
        add(true, next, 5001, ack, 1000);
        next += 1000;
        if i % 2 == 1 {
            add(false, 5001, next, ack, 0);
        }
    }
    let capture = hand_capture(packets);
    let sim = observe::replay(&observe::run(&capture, &streams(&capture)[0]));
    let cut = sim.cut_short().expect("cut short");
    let kept = sim.segments().len();
    assert!(kept > 9_000 && kept <= MAX_SEGMENTS, "{kept} segments kept");
    assert!(sim.segments().iter().all(|s| s.sent_at <= cut));
    assert!(sim.events().iter().all(|e| e.at <= cut));
    assert!(sim
        .events()
        .iter()
        .all(|e| e.segment().is_none_or(|id| (id.0 as usize) < kept)));
    let last = sim.events().last().expect("events");
    assert_eq!(last.at, cut);
    assert_eq!(
        last.kind,
        EventKind::RunCutShort {
            events: sim.events().len() as u32 - 1,
            segments: kept as u32
        }
    );
    for (name, _, sim) in corpus() {
        assert_eq!(sim.cut_short(), None, "{name}");
    }
}

#[test]
fn a_syn_ack_lost_before_a_client_side_capture_point_is_told_by_its_timestamp_echo() {
    // The real kernel's lost SYN,ACK (c_lost_synack.pcap was captured where
    // the SYN,ACK still passed) with that SYN,ACK taken out: the capture a
    // learner gets with tcpdump on the client. The client's SYN is sent
    // again, so by itself it looks lost; but every SYN,ACK echoes the first
    // SYN's TSval (RFC 7323: TS.Recent is a received segment's TSval), so
    // the first SYN arrived and the SYN,ACK was what went missing.
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kernel_captures/c_lost_synack.pcap");
    let whole = fs::read(path).expect("the kernel capture");
    let mut at_client = whole[..24].to_vec();
    for (n, record) in common::pcap_records(&whole).iter().enumerate() {
        if n != 1 {
            at_client.extend_from_slice(record);
        }
    }
    let capture = read(&at_client).expect("it reads");
    let run = observe::run(&capture, &streams(&capture)[0]);
    assert!(
        run.segments.iter().all(|s| !s.observed.lost_after_capture),
        "no segment is drawn lost"
    );
    let server = &run.states(Side::Server).states;
    let syn_received = server
        .iter()
        .find(|s| s.state == tcp_model::State::SynReceived)
        .expect("the server takes the SYN");
    assert_eq!(
        syn_received.segment,
        Some(SegmentId(0)),
        "with the first SYN, not the one sent again"
    );
    // Without timestamps (the widget's own pcaps have none) the first SYN
    // is still judged lost: nothing else in the capture says it arrived.
    let mut sim = Simulation::new(&tcp_model::library::builtin("lost-syn-ack").unwrap().scenario()).unwrap();
    sim.run_until_finished(Time(600_000));
    let own = pcap::write(&pcap::at_client(&sim, sim.last_event_time()));
    let capture = read(&own).expect("it reads");
    let run = observe::run(&capture, &streams(&capture)[0]);
    assert!(
        run.segments[0].observed.lost_after_capture,
        "{:?}",
        run.segments[0]
    );
}

/// A made-up connection's first five packets: the handshake, 10 bytes from
/// the client and the server's ACK of them (window 1000 each way).
fn ten_bytes_acked() -> Vec<tcp_model::capture::Packet> {
    use common::hand_packet;
    use tcp_model::capture::flags::{ACK, PSH, SYN};
    vec![
        hand_packet(1, 0, true, 1000, 0, SYN, 0),
        hand_packet(2, 100, false, 5000, 1001, SYN | ACK, 0),
        hand_packet(3, 200, true, 1001, 5001, ACK, 0),
        hand_packet(4, 300, true, 1001, 5001, PSH | ACK, 10),
        hand_packet(5, 400, false, 5001, 1011, ACK, 0),
    ]
}

/// Wireshark marks a one-byte segment one below its sender's next number a
/// keep-alive, whether or not the peer had that byte. In the kernel capture
/// `u_last_byte_resent` (generated run 1006) the client's one byte of data
/// is lost and sent again by its timer: the second copy is that mark's
/// shape, but no ACK had covered it, so it is a resend of the first copy,
/// told as data. A byte the peer had acknowledged (Windows' keep-alive, a
/// made-up one here) stays a keep-alive: no resend, no data.
#[test]
fn a_lost_last_byte_sent_again_is_a_resend_not_a_keep_alive() {
    let capture = kernel_capture("u_last_byte_resent");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let ones: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.from == Side::Client && s.len == 1)
        .collect();
    let [first, again] = ones[..] else {
        panic!("two copies of the client's byte: {}", ones.len())
    };
    assert!(again.marks.keep_alive, "Wireshark's mark, the premise");
    let sim = observe::replay(&run);
    let again = sim.segment(again.id).expect("kept");
    assert_eq!(again.resend, Some(Resend::Captured));
    assert_eq!(again.retransmission_of, Some(first.id));
    assert_eq!(again.purpose, Purpose::Data);

    use common::{hand_capture, hand_packet};
    use tcp_model::capture::flags::ACK;
    let mut packets = ten_bytes_acked();
    // Two hours later: the byte before the next, which the server has.
    packets.push(hand_packet(6, 7_200_000_000, true, 1010, 5001, ACK, 1));
    packets.push(hand_packet(7, 7_200_000_100, false, 5001, 1011, ACK, 0));
    let capture = hand_capture(packets);
    let run = observe::run(&capture, &streams(&capture)[0]);
    let probe = &run.segments[5];
    assert!(probe.marks.keep_alive && probe.len == 1);
    let probe = observe::replay(&run).segment(probe.id).expect("kept").clone();
    assert_eq!(probe.resend, None, "a keep-alive is no resend");
    assert_eq!(probe.purpose, Purpose::Captured);
}

/// Wireshark marks a window update on any change of the window in a
/// segment that repeats the ack; the narration tells a window update as
/// room that opened. One that grew the window is one; one that shrank it
/// is told as the ACK it is (a made-up connection: 1000, 4000, then 2000).
#[test]
fn only_a_window_that_grew_is_told_as_a_window_update() {
    use common::{hand_capture, hand_packet};
    use tcp_model::capture::flags::ACK;
    let mut packets = ten_bytes_acked();
    for (frame, window) in [(6, 4000), (7, 2000)] {
        let mut update = hand_packet(frame, u64::from(frame) * 100, false, 5001, 1011, ACK, 0);
        update.window = window;
        packets.push(update);
    }
    let capture = hand_capture(packets);
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (grew, shrank) = (&run.segments[5], &run.segments[6]);
    assert!(
        grew.marks.window_update && shrank.marks.window_update,
        "Wireshark's marks, the premise"
    );
    let sim = observe::replay(&run);
    assert_eq!(sim.segment(grew.id).expect("kept").purpose, Purpose::WindowUpdate);
    assert_eq!(sim.segment(shrank.id).expect("kept").purpose, Purpose::AckData);
}

/// Linux answers data past a gap at once with an ACK whose SACK block
/// reports it. In the kernel capture `u_sack_reordered_acks` (generated run
/// 3212, a 2 ms path) the client's window had grown since its last ACK, so
/// Wireshark marks that first ACK a window update rather than a duplicate
/// ACK: it restates the ack for the bytes past the gap, as the duplicate
/// ACKs after it do. `u_window_opens` (run 3221) has a real one: the
/// server's application reads after a pause and the window opens, with no
/// SACK block.
#[test]
fn an_ack_reporting_bytes_past_a_gap_is_no_window_update() {
    let purposes = |name: &str, frame: u32| {
        let capture = kernel_capture(name);
        let run = observe::run(&capture, &streams(&capture)[0]);
        let s = run
            .segments
            .iter()
            .find(|s| s.frame == frame)
            .expect("the frame")
            .clone();
        assert!(
            s.marks.window_update,
            "{name} #{frame}: Wireshark's mark, the premise"
        );
        (
            s.options.sack.len(),
            observe::replay(&run).segment(s.id).expect("kept").purpose,
        )
    };
    assert_eq!(purposes("u_sack_reordered_acks", 46), (1, Purpose::DuplicateAck));
    assert_eq!(purposes("u_window_opens", 74), (0, Purpose::WindowUpdate));
}

/// A host never sends again what it knows was acknowledged. When the
/// server's (delayed) ACK of ten bytes and the client's resend of them
/// (a tail loss probe, say) cross on the path, as on a 10 ms path in
/// kernel run 3205, the capture shows the ACK first; the resend says it
/// had not arrived yet, so it reaches the client after the resend left.
/// Without the resend it arrives when captured, before the client's next
/// segment; a keep-alive's byte, acknowledged long before, says nothing.
#[test]
fn an_ack_crossed_by_a_resend_of_what_it_acknowledges_arrives_after_it() {
    use common::{hand_capture, hand_packet};
    use tcp_model::capture::flags::{ACK, FIN, PSH};
    // Where the ACK (frame 5) arrives, among the passages: the index of its
    // arrival and of the sending of `frame`.
    let order = |packets: Vec<tcp_model::capture::Packet>, frame: u32| {
        let capture = hand_capture(packets);
        let run = observe::run(&capture, &streams(&capture)[0]);
        let id = |f: u32| run.segments.iter().find(|s| s.frame == f).expect("kept").id;
        let at = |f: u32, arrived: bool| {
            run.passages
                .iter()
                .position(|p| p.segment == id(f) && p.arrived == arrived)
                .expect("a passage")
        };
        (at(5, true), at(frame, false))
    };
    let mut crossed = ten_bytes_acked();
    crossed[4] = hand_packet(5, 50_000, false, 5001, 1011, ACK, 0);
    crossed.push(hand_packet(6, 50_010, true, 1001, 5001, PSH | ACK, 10));
    crossed.push(hand_packet(7, 60_000, false, 5001, 1011, ACK, 0));
    crossed.push(hand_packet(8, 100_000, true, 1011, 5001, FIN | ACK, 0));
    let (ack, resend) = order(crossed.clone(), 6);
    assert!(
        ack > resend,
        "the ACK arrives after the resend left: {ack} {resend}"
    );

    let mut plain = crossed.clone();
    plain.remove(5);
    let (ack, fin) = order(plain, 8);
    assert!(
        ack < fin,
        "without the resend it arrives when captured: {ack} {fin}"
    );

    // A keep-alive of a byte acknowledged before the ACK at hand: by frame
    // 9, the first ACK of the ten bytes, which the client's bare ACK (frame
    // 10) shows had arrived.
    let mut kept_alive = crossed;
    kept_alive[5] = hand_packet(6, 50_010, true, 1010, 5001, ACK, 1);
    kept_alive.insert(4, hand_packet(9, 400, false, 5001, 1011, ACK, 0));
    kept_alive.insert(5, hand_packet(10, 500, true, 1011, 5001, ACK, 0));
    let (ack, probe) = order(kept_alive, 6);
    assert!(ack < probe, "a keep-alive's byte says nothing: {ack} {probe}");

    // The kernel's own (run 3205, kept cut to 128 bytes a frame as
    // `u_ack_crosses_probe`): the server's delayed ACK of the client's last
    // bytes (frame 139) and the client's probe sending them again (frame
    // 140, 8 µs later at the capture point, 10 ms from either host).
    let capture = kernel_capture("u_ack_crosses_probe");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let at = |frame: u32, arrived: bool| {
        let id = run.segments.iter().find(|s| s.frame == frame).expect("kept").id;
        passage(&run, id, arrived)
    };
    assert!(
        at(139, true) > at(140, false),
        "the ACK reaches the client after its probe left"
    );
}

/// A zero-window probe and the window update it asks for can cross on the
/// path (kernel run 3405, kept as `u_probe_crosses_update`): on a 100 ms
/// path the server's update (frame 8) is captured 76 ms before the client's
/// probe (frame 9), which left the client before the update reached it.
/// The probe is one, not the keep-alive its shape alone suggests (no
/// keep-alive comes within a second of the last segment received); the
/// server's reading of it says so too, and the update reaches the client
/// after the probe left. Two seconds later the same segment could be a
/// keep-alive: then the capture does not say why it was sent.
#[test]
fn a_probe_crossing_the_window_update_is_a_probe_and_the_update_arrives_after_it() {
    use tcp_model::event::IgnoreReason;
    let capture = kernel_capture("u_probe_crosses_update");
    let reading = |capture: &tcp_model::capture::Capture| {
        let run = observe::run(capture, &streams(capture)[0]);
        let sim = observe::replay(&run);
        let seg = |frame: u32| framed(&run, frame);
        let (update, probe) = (seg(8), seg(9));
        assert!(
            update.window > 0 && seg(7).window == 0 && probe.len == 0 && probe.marks.keep_alive,
            "the premise: an update after a zero window, then a keep-alive-shaped segment"
        );
        let at = |id: SegmentId, arrived: bool| passage(&run, id, arrived);
        (
            sim.segment(probe.id).expect("kept").purpose,
            probe.observed.ignored,
            at(update.id, true) > at(probe.id, false),
        )
    };
    assert_eq!(
        reading(&capture),
        (Purpose::WindowProbe, Some(IgnoreReason::WindowProbe), true)
    );
    // Two seconds later, the client would have had the update, and its
    // timestamp echo would say so (RFC 7323): it echoes the update's.
    let mut later = capture.clone();
    let update_ts = later.packets[7].options.timestamps.expect("timestamps").0;
    let client = later.packets[0].src;
    for p in later.packets.iter_mut().skip(8) {
        p.ts_ns += 2_000_000_000;
        if let Some((_, echo)) = p.options.timestamps.as_mut().filter(|_| p.src == client) {
            if (update_ts.wrapping_sub(*echo) as i32) > 0 {
                *echo = update_ts;
            }
        }
    }
    assert_eq!(
        reading(&later),
        (Purpose::Captured, Some(IgnoreReason::KeepAlive), false)
    );
}

/// Both FINs resent by their timers cross on the path (kernel run 6009
/// over IPv6, captured at the server, kept as
/// `c_fin_resent_crosses_fin_v6_at_server`): the server's resent FIN
/// (frame 11) is captured 4 ms before the client's resent FIN (frame 12),
/// which echoes the timestamp of the server's first FIN, not of that one:
/// it left the client before the resent FIN arrived. So the resent FIN
/// reaches the client in LAST-ACK, a repeat it discards (RFC 9293 3.10.7.4:
/// below what it expects), and its answer is the duplicate ACK that
/// D-SACKs it (frame 14), not nothing; the server's ACK of the client's FIN
/// (frame 13) reaches the client after that answer left.
#[test]
fn a_resent_fin_that_crosses_the_peers_resent_fin_reaches_it_in_last_ack() {
    use tcp_model::event::IgnoreReason;
    let capture = kernel_capture("c_fin_resent_crosses_fin_v6_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let seg = |frame: u32| framed(&run, frame);
    let (resent_fin, client_fin, last_ack, answer) = (seg(11), seg(12), seg(13), seg(14));
    let echo = |s: &observe::ObservedSegment| s.options.timestamps.expect("timestamps");
    assert!(
        resent_fin.flags == 0x11 && client_fin.flags == 0x11 && echo(&client_fin).1 < echo(&resent_fin).0,
        "the premise: the client's FIN echoes a timestamp older than the server's resent FIN"
    );
    let at = |id: SegmentId, arrived: bool| passage(&run, id, arrived).expect("passed");
    assert!(at(resent_fin.id, true) > at(client_fin.id, false));
    assert!(at(resent_fin.id, true) < at(answer.id, false));
    assert!(at(last_ack.id, true) > at(answer.id, false));
    assert_eq!(resent_fin.observed.ignored, Some(IgnoreReason::OutsideWindow));
    let states = common::capture_states(&run, Side::Client);
    assert_eq!(
        states[states.len() - 3..],
        [State::CloseWait, State::LastAck, State::Closed]
    );
}

/// Linux answers a copy of data it has with an ACK whose D-SACK block
/// (RFC 2883) reports the copy. In kernel run 3476 (a 5 ms path, kept as
/// `u_dsack_answers_copy`) that ACK also acknowledges new data, so it is
/// no duplicate ACK: the copy (frame 13) still arrives just before it
/// (frame 14, 5.1 ms later, as the path's delay says), not at some later
/// duplicate ACK 1.5 s on. The zero-window probe after it (frame 17)
/// arrives when captured.
#[test]
fn a_copy_arrives_just_before_the_ack_that_reports_it_in_a_dsack_block() {
    let capture = kernel_capture("u_dsack_answers_copy");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let seg = |frame: u32| run.segments.iter().find(|s| s.frame == frame).expect("kept");
    let (copy, answer, probe) = (seg(13), seg(14), seg(17));
    assert!(
        copy.marks.retransmission && answer.marks.duplicate_ack.is_none() && answer.options.sack.len() == 1,
        "the premise: a copy, then an ACK with one SACK block that is no duplicate"
    );
    let at = |id: SegmentId, arrived: bool| passage(&run, id, arrived).expect("a passage");
    let arrival = at(copy.id, true);
    assert!(
        at(copy.id, false) < arrival && arrival < at(answer.id, false),
        "the copy arrives before its answer leaves"
    );
    assert_eq!(run.passages[arrival].at_us, answer.at_us);
    assert_eq!(run.passages[at(probe.id, true)].at_us, probe.at_us);
}

/// The case zero-window probes exist for (RFC 9293 3.8.6.1), by a real
/// kernel (kept as `u_window_update_lost`: the relay dropped the server's
/// window update, frame 10, after the capture point). The client probes
/// 718 ms later (frame 11) and sends data only after the probe's answer:
/// its data echoes the answer's timestamp, never the update's, so the
/// update is judged lost, and the probe is one. In `u_probe_crosses_update`
/// the client's data echoes the update itself: it arrived, after the probe.
#[test]
fn a_window_update_never_echoed_after_a_probe_was_lost() {
    use tcp_model::event::IgnoreReason;
    let read_kept = |name: &str| {
        let capture = kernel_capture(name);
        observe::run(&capture, &streams(&capture)[0])
    };
    let reading = |run: &CaptureRun, update: u32, probe: u32| {
        let seg = |frame: u32| run.segments.iter().find(|s| s.frame == frame).expect("kept");
        let sim = observe::replay(run);
        (
            seg(update).observed.lost_after_capture,
            sim.segment(seg(probe).id).expect("kept").purpose,
            seg(probe).observed.ignored,
        )
    };
    let lost = read_kept("u_window_update_lost");
    assert!(lost
        .segments
        .iter()
        .find(|s| s.frame == 10)
        .is_some_and(|s| s.window > 0));
    assert_eq!(
        reading(&lost, 10, 11),
        (true, Purpose::WindowProbe, Some(IgnoreReason::WindowProbe))
    );
    // A probe two seconds after the lost update, later than any keep-alive
    // could come: still a probe, the update having opened nothing.
    let mut later = kernel_capture("u_window_update_lost");
    for p in later.packets.iter_mut().skip(10) {
        p.ts_ns += 2_000_000_000;
    }
    let later = observe::run(&later, &streams(&later)[0]);
    assert_eq!(
        reading(&later, 10, 11),
        (true, Purpose::WindowProbe, Some(IgnoreReason::WindowProbe))
    );
    // The update stamped in the same tick as the ACK before it (kernel run
    // 3557 had this): the probe's echo cannot say which it saw, but coming
    // 718 ms after the update it is no keep-alive, and the data after it
    // echoes the answer: lost still. The same two seconds later says nothing.
    let mut tie = kernel_capture("u_window_update_lost");
    let earlier = tie.packets[8].options.timestamps.expect("timestamps").0;
    if let Some((tsval, _)) = tie.packets[9].options.timestamps.as_mut() {
        *tsval = earlier;
    }
    let judged = |capture: &tcp_model::capture::Capture| {
        let run = observe::run(capture, &streams(capture)[0]);
        run.segments
            .iter()
            .find(|s| s.frame == 10)
            .expect("kept")
            .observed
            .lost_after_capture
    };
    assert!(judged(&tie), "a tie, then an echo of the answer: lost");
    for p in tie.packets.iter_mut().skip(10) {
        p.ts_ns += 2_000_000_000;
    }
    assert!(!judged(&tie), "a tie two seconds later: no sign");
    let crossed = read_kept("u_probe_crosses_update");
    assert_eq!(
        reading(&crossed, 8, 9),
        (false, Purpose::WindowProbe, Some(IgnoreReason::WindowProbe))
    );
}

/// Both first SYNs of a simultaneous open dropped after the capture point
/// (the corpus capture drops bare SYNs on input at first; kernel capture
/// m4 drops them in the relay): the resent SYNs cross, each side answers
/// with a SYN,ACK, and Linux's ACKs carry a D-SACK of the other's SYN,
/// which the SYN,ACK repeated. That D-SACK says two of three copies
/// arrived, not the first: both first SYNs stay lost, and each side enters
/// SYN-RECEIVED on the SYN sent again.
#[test]
fn a_d_sack_after_a_simultaneous_open_does_not_bring_back_a_lost_first_syn() {
    let kernel = kernel_capture("m4_simultaneous_open_syns_lost");
    let kernel_run = observe::run(&kernel, &streams(&kernel)[0]);
    let (corpus_run, _) = one("simultaneous_open.pcap");
    for run in [&kernel_run, &corpus_run] {
        let syns: Vec<_> = run.segments.iter().filter(|s| s.flag_names() == "SYN").collect();
        assert_eq!(syns.len(), 4, "two SYNs and their copies");
        let lost: Vec<bool> = syns.iter().map(|s| s.observed.lost_after_capture).collect();
        assert_eq!(
            lost,
            [true, true, false, false],
            "{:?}",
            syns.iter().map(|s| s.frame).collect::<Vec<_>>()
        );
        for side in Side::BOTH {
            let again = syns.iter().rfind(|s| s.from == side).expect("its SYN sent again");
            let entered = run
                .states(side.peer())
                .states
                .iter()
                .find(|s| s.state == State::SynReceived);
            assert!(
                entered.is_some_and(|s| s.since_us >= Some(again.at_us)),
                "{side}'s peer enters SYN-RECEIVED on the copy: {:?}",
                run.states(side.peer()).states
            );
        }
    }
}

/// A simultaneous open whose second SYN,ACK was dropped and never sent
/// again (kernel capture m5): the side that should have taken it answers
/// no SYN,ACK at once (RFC 9293 and Linux both would), and its next segment
/// is data 200 ms later, sent once the peer's ACK had made it ESTABLISHED.
/// The SYN,ACK is lost after the capture point, and that side's
/// ESTABLISHED comes after the peer's ACK, not on the SYN,ACK. When both
/// SYN,ACKs are lost and sent again (m6), the copies, which cross within
/// the same microsecond, are not lost: each side's ACK answers them.
#[test]
fn a_simultaneous_opens_syn_ack_never_answered_was_lost() {
    // A run's SYN,ACKs, whether each was judged lost, and when a side
    // became ESTABLISHED.
    let synacks = |run: &CaptureRun| -> Vec<observe::ObservedSegment> {
        let synack = |s: &&observe::ObservedSegment| s.flag_names() == "SYN,ACK";
        run.segments.iter().filter(synack).cloned().collect()
    };
    let lost = |synacks: &[observe::ObservedSegment]| -> Vec<bool> {
        synacks.iter().map(|s| s.observed.lost_after_capture).collect()
    };
    let established = |run: &CaptureRun, side: Side| {
        let states = &run.states(side).states;
        states
            .iter()
            .find(|s| s.state == State::Established)
            .and_then(|s| s.since_us)
    };
    let capture = kernel_capture("m5_simultaneous_open_synack_lost");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let m5 = synacks(&run);
    assert_eq!(lost(&m5), [false, true]);
    let taker = m5[1].from.peer();
    let ack = run
        .segments
        .iter()
        .find(|s| s.from == m5[1].from && s.flag_names() == "ACK")
        .expect("the ACK of the other SYN,ACK");
    assert!(
        established(&run, taker) >= Some(ack.at_us),
        "{:?}",
        run.states(taker).states
    );

    // Each side's first SYN,ACK answers the other's SYN with its own ISN
    // again: no loss prompted it.
    let synack_resends = |sim: &Simulation| -> Vec<Option<Resend>> {
        let synack = |s: &&tcp_model::SegmentRecord| s.header.flags.syn() && s.header.flags.ack();
        sim.segments().iter().filter(synack).map(|s| s.resend).collect()
    };
    let open = Some(Resend::SimultaneousOpen);
    assert_eq!(synack_resends(&observe::replay(&run)), [open, open]);

    // The same over IPv6 in the middle, where the server's SYN left later:
    // the resent SYN,ACKs come server first, 6 µs apart, and each side
    // becomes ESTABLISHED only on the other's resent SYN,ACK.
    for name in [
        "m6_simultaneous_open_synacks_lost",
        "m6_simultaneous_open_synacks_lost_v6_middle",
    ] {
        let both = kernel_capture(name);
        let run = observe::run(&both, &streams(&both)[0]);
        let again = Some(Resend::CapturedSyn);
        assert_eq!(
            synack_resends(&observe::replay(&run)),
            [open, open, again, again],
            "{name}"
        );
        let m6 = synacks(&run);
        assert_eq!(lost(&m6), [true, true, false, false], "{name}");
        for taker in [Side::Client, Side::Server] {
            let resent = m6[2..].iter().find(|s| s.from == taker.peer()).expect("resent");
            let at = established(&run, taker);
            assert!(at >= Some(resent.at_us), "{name} {taker:?} {at:?}");
        }
    }
}

/// Linux answers each keep-alive at once (kernel capture
/// v_keepalive_answered: SO_KEEPALIVE with a 1 s idle time, four probes,
/// four answers). Each answer is told as the keep-alive's answer, not as an
/// ACK of data; the ACK that answers a zero-window probe which crossed the
/// window update stays a restated ack (u_probe_crosses_update).
#[test]
fn each_answer_to_a_keep_alive_is_told_as_one() {
    let capture = kernel_capture("v_keepalive_answered");
    let sim = observe::replay(&observe::run(&capture, &streams(&capture)[0]));
    let purposes: Vec<Purpose> = sim.segments().iter().map(|s| s.purpose).collect();
    let answers = purposes.iter().filter(|&&p| p == Purpose::KeepAliveAck).count();
    assert_eq!(answers, 4, "{purposes:?}");
    for (k, p) in purposes.iter().enumerate() {
        if *p == Purpose::KeepAliveAck {
            // It follows the client's probe: an empty ACK one below its next number.
            let probe = &sim.segments()[k - 1];
            assert_eq!((probe.from.side(), probe.header.len), (Some(Side::Client), 0));
        }
    }
    let crossed = kernel_capture("u_probe_crosses_update");
    let sim = observe::replay(&observe::run(&crossed, &streams(&crossed)[0]));
    assert!(sim.segments().iter().all(|s| s.purpose != Purpose::KeepAliveAck));
}

/// After crossing SYNs each Linux side answers the other's SYN,ACK at once
/// with an ACK (a D-SACK of the SYN in it); a SYN that comes again instead
/// is answered with the ack restated. Its window, scaled from then on,
/// differs from the SYN's field, so Wireshark calls it a window update; it
/// is told as the answer it is, as in the model's own simultaneous open.
#[test]
fn a_simultaneous_opens_last_acks_answer_the_syn_acks() {
    for name in ["m_simultaneous_open", "m5_simultaneous_open_synack_lost"] {
        let capture = kernel_capture(name);
        let sim = observe::replay(&observe::run(&capture, &streams(&capture)[0]));
        let answers: Vec<_> = sim
            .segments()
            .iter()
            .filter(|s| s.purpose == Purpose::SimultaneousOpenAck)
            .map(|s| (s.header.flags.to_string(), s.header.ack.0))
            .collect();
        // m5: the server's SYN,ACK was lost, so only the client answers one.
        let expected = if name == "m_simultaneous_open" { 2 } else { 1 };
        assert_eq!(answers.len(), expected, "{name}: {answers:?}");
        assert!(
            sim.segments().iter().all(|s| s.purpose != Purpose::WindowUpdate),
            "{name}"
        );
    }
    // m2: the server's SYN came again to a client in SYN-RECEIVED, which
    // answered with an ACK restating ack=1 (a challenge ACK), not a window
    // update; the server never sent a SYN,ACK to answer.
    let capture = kernel_capture("m2_simultaneous_open_syn_repeated");
    let sim = observe::replay(&observe::run(&capture, &streams(&capture)[0]));
    let restated: Vec<_> = sim
        .segments()
        .iter()
        .filter(|s| s.purpose == Purpose::DuplicateAck && s.header.ack.0 == 1)
        .collect();
    assert_eq!(restated.len(), 1);
    assert!(sim.segments().iter().all(|s| s.purpose != Purpose::WindowUpdate));
}

/// A capture taken at the client's host never holds what the path lost on
/// the way to it (kernel capture u_fin_lost_at_client, generated run 4058:
/// the server's FIN lost, both sides closing at once). The server's ACK of
/// the client's FIN carries seq = FIN + 1: the server had sent its FIN, and
/// had sent it before the client's arrived, so it went through CLOSING to
/// TIME-WAIT, as `ss` found it. The injected ACKs of p_ack_of_unsent_data,
/// whose sender's next segments go back to its real numbers, reveal nothing.
#[test]
fn an_ack_beyond_its_senders_numbers_reveals_a_fin_the_capture_never_held() {
    let capture = kernel_capture("u_fin_lost_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let revealers: Vec<_> = run.segments.iter().filter(|s| s.observed.sent_unseen).collect();
    assert_eq!(revealers.len(), 1);
    let ack = revealers[0];
    assert_eq!((ack.from, ack.flag_names().as_str()), (Side::Server, "ACK"));
    assert!(!ack.observed.out_of_place);
    let tail = |side: Side| -> Vec<State> {
        let states = common::capture_states(&run, side);
        states[states.len() - 3..].to_vec()
    };
    assert_eq!(
        tail(Side::Server),
        [State::FinWait1, State::Closing, State::TimeWait]
    );
    assert_eq!(
        tail(Side::Client),
        [State::FinWait1, State::FinWait2, State::TimeWait]
    );

    let injected = kernel_capture("p_ack_of_unsent_data");
    let run = observe::run(&injected, &streams(&injected)[0]);
    assert!(run.segments.iter().all(|s| !s.observed.sent_unseen));
    assert!(run.segments.iter().filter(|s| s.observed.out_of_place).count() >= 4);
}

/// At an end host the other side's segments are captured a whole path
/// after they left (kernel capture u_abort_challenged_at_client, generated
/// run 4132 captured at the client, 100 ms round trip): the client aborts
/// with its last data lost, and the server's window update, captured 18 ms
/// after the RST,ACK, had left before the RST arrived. The RST, in the
/// window that update opened but past RCV.NXT, draws the challenge ACK that
/// comes a round trip after it, not the window update; and the lost data,
/// which the challenge ACK still asks for, was lost behind its sender's
/// reset (the client's bare RST for the window update in between does not
/// replace the abort).
#[test]
fn an_abort_at_an_end_host_draws_the_challenge_ack_a_round_trip_later() {
    let capture = kernel_capture("u_abort_challenged_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let abort = run
        .segments
        .iter()
        .find(|s| s.flag_names() == "RST,ACK")
        .expect("the client's abort");
    let after: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.from == Side::Server && s.at_us > abort.at_us)
        .collect();
    assert_eq!(after.len(), 2);
    assert!(after[1].at_us - abort.at_us >= 100_000 && after[0].at_us - abort.at_us < 20_000);
    let challenged: Vec<bool> = after.iter().map(|s| s.observed.challenge_ack).collect();
    assert_eq!(challenged, [false, true]);
    let lost: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.observed.lost_after_capture)
        .map(|s| (s.from, s.seq, s.observed.lost_before_own_reset))
        .collect();
    assert_eq!(lost, [(Side::Client, after[1].ack, true)]);
}

/// Kernel capture s_fin_lost_behind_held_handshake_ack_v6_at_client: the
/// handshake's ACK was held 80 ms, the client's FIN,ACK completed the
/// handshake at the server, and the server's FIN was lost on the way. The
/// server's answer to the late ACK (seq = FIN + 1) reveals that FIN; since a
/// side in SYN-RECEIVED sends none, the client's segments it acknowledges
/// reached the server first: ESTABLISHED, CLOSE-WAIT, then LAST-ACK.
#[test]
fn an_unseen_fin_from_a_side_finishing_its_handshake_comes_after_what_finished_it() {
    let capture = kernel_capture("s_fin_lost_behind_held_handshake_ack_v6_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let revealer = framed(&run, 5);
    assert_eq!((revealer.seq, revealer.ack, revealer.len), (2, 2, 0));
    assert!(revealer.observed.sent_unseen && !revealer.observed.out_of_place);
    let states = common::capture_states(&run, Side::Server);
    use State::*;
    assert_eq!(
        states,
        [
            Closed,
            Listen,
            SynReceived,
            Established,
            CloseWait,
            LastAck,
            Closed
        ]
    );
}

/// Kernel capture s_passive_fin_lost_peer_fin_resent_at_server: the
/// client's FIN,ACK answering the server's FIN (frame 102) was lost, the
/// server sent its FIN again (frame 103), and the client's ACK of that copy
/// (frame 104, seq = FIN + 1) reveals the unseen FIN. A FIN sent before the
/// server's arrived would have answered it at once from FIN-WAIT-1, and
/// the capture shows no such answer before the server gave up waiting: the
/// client closed after the FIN, CLOSE-WAIT, LAST-ACK, CLOSED, as ss saw
/// (not a simultaneous close ending in TIME-WAIT).
#[test]
fn an_unseen_fin_answering_a_fin_sent_again_comes_after_that_fin() {
    let capture = kernel_capture("s_passive_fin_lost_peer_fin_resent_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let revealer = framed(&run, 104);
    assert_eq!((revealer.seq, revealer.ack, revealer.len), (80002, 2, 0));
    assert!(revealer.observed.sent_unseen && !revealer.observed.out_of_place);
    let states = common::capture_states(&run, Side::Client);
    use State::*;
    assert_eq!(states, [Closed, SynSent, Established, CloseWait, LastAck, Closed]);
    // The server's side is as captured: its FIN acknowledged by frame 104.
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 3..], [FinWait1, FinWait2, TimeWait]);
    // The first FIN arrives before the client's FIN leaves, its copy after.
    let last_ack = run
        .events
        .iter()
        .position(|e| {
            e.side == Some(Side::Client) && matches!(e.kind, EventKind::StateChanged { to: LastAck, .. })
        })
        .expect("LAST-ACK");
    let arrival = |frame| {
        let id = run.segments.iter().position(|s| s.frame == frame).expect("kept");
        let p = passage(&run, SegmentId(id as u32), true).expect("arrives");
        run.passages[p].before_event
    };
    assert!(arrival(102) <= last_ack && arrival(103) > last_ack);
}

/// Kernel capture r_held_data_outlives_lost_resend_v6_middle: the server's
/// third data segment (frame 9) was held 150 ms, its resend (frame 19) was
/// lost, and the client's ACK past the hole (frame 20) echoes the first
/// copy's TSval, which seven other segments share, not the resend's: the
/// first copy filled the hole and is not lost; the resend left after it.
#[test]
fn an_older_echo_past_a_hole_proves_the_first_copy_filled_it() {
    let capture = kernel_capture("r_held_data_outlives_lost_resend_v6_middle");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, resend, ack) = (framed(&run, 9), framed(&run, 19), framed(&run, 20));
    assert_eq!((first.seq, resend.seq, ack.ack), (7141, 7141, 10001));
    let tsval = |s: &observe::ObservedSegment| s.options.timestamps.map(|(val, _)| val);
    assert_ne!(tsval(&first), tsval(&resend));
    assert_eq!(ack.options.timestamps.map(|(_, ecr)| ecr), tsval(&first));
    assert!(!first.observed.lost_after_capture);
    let arrives = passage(&run, first.id, true).expect("the first copy arrives");
    assert!(arrives < passage(&run, ack.id, false).expect("the ACK leaves"));
}

/// Kernel capture r_held_data_resent_acked_early_at_client: the client's
/// segment at seq 1461 (frame 115) was held 150 ms on the way; the client
/// sent it again (frame 121) after the server's SACKs, and the server's
/// ACK of everything (frame 122) came back 93 ms later, with 200 ms round
/// trips: it answers the first copy, which arrived, not the resend. The
/// resend reaches a server already in TIME-WAIT, which answers it with the
/// same ACK again (frame 123).
#[test]
fn an_ack_sooner_than_a_round_trip_after_a_resend_answers_the_first_copy() {
    let capture = kernel_capture("r_held_data_resent_acked_early_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, resend) = (framed(&run, 115), framed(&run, 121));
    let (ack, again) = (framed(&run, 122), framed(&run, 123));
    assert_eq!(
        (first.seq, resend.seq, ack.ack, again.ack),
        (1461, 1461, 3002, 3002)
    );
    assert!(ack.at_us - resend.at_us < 100_000);
    assert!(!first.observed.lost_after_capture);
    let first_arrives = passage(&run, first.id, true).expect("the first copy arrives");
    let ack_leaves = passage(&run, ack.id, false).expect("the ACK leaves");
    assert!(first_arrives < ack_leaves);
    let resend_arrives = passage(&run, resend.id, true).expect("the resend arrives");
    assert!(ack_leaves < resend_arrives && resend_arrives < passage(&run, again.id, false).expect("leaves"));
    use State::*;
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 3..], [FinWait2, TimeWait, Closed]);
}

/// Kernel capture s_fin_lost_stale_sack_block_v6_at_client: the client's
/// last data (frame 6) and its FIN (frame 7) were lost after the capture
/// point; the FIN went again 308 ms later (frame 9) and the server SACKed
/// it past the hole (frame 10); the data went again (frame 11) and the
/// server's ACK of everything (frame 12) still carries the FIN's block,
/// below the ACK. That block is no D-SACK (the FIN never arrived twice):
/// Linux acknowledges a FIN taken from its out-of-order queue in
/// FIN-WAIT-2 at once, before it drops the SACK blocks made old. Read as a
/// D-SACK, it said the first FIN had arrived after all.
#[test]
fn a_fins_old_sack_block_below_the_ack_is_no_dsack() {
    let capture = kernel_capture("s_fin_lost_stale_sack_block_v6_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (data, fin, fin_again) = (framed(&run, 6), framed(&run, 7), framed(&run, 9));
    let (sacked, data_again, all) = (framed(&run, 10), framed(&run, 11), framed(&run, 12));
    assert_eq!(
        (data.seq, fin.seq, fin_again.seq, data_again.seq),
        (1429, 1501, 1501, 1429)
    );
    assert_eq!((sacked.ack, all.ack), (1429, 1502));
    // Both carry the FIN's own block (raw numbers).
    let block = vec![(fin.raw_seq, fin.raw_seq.wrapping_add(1))];
    assert_eq!((&sacked.options.sack, &all.options.sack), (&block, &block));
    assert!(data.observed.lost_after_capture && fin.observed.lost_after_capture);
    assert!(
        passage(&run, fin.id, true).is_none(),
        "the first FIN never arrives"
    );
    let fin_arrives = passage(&run, fin_again.id, true).expect("the FIN sent again arrives");
    assert!(fin_arrives < passage(&run, sacked.id, false).expect("the SACK leaves"));
    use State::*;
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 2..], [FinWait2, TimeWait]);
}

/// Kernel capture v_fin_thrice_server_fin_lost_at_client (generated run
/// 9385, captured at the client, 50 ms each way): the client's FIN,PSH went
/// three times (frames 95, 98, 99); the server's ACK of the third (frame
/// 100) holds a D-SACK of it and starts one past the server's FIN, which
/// the capture never held (lost on the way); the FIN comes again (101).
/// The D-SACK says two copies arrived; which earlier one, the capture
/// cannot tell, and the observer takes the last it had judged lost (the
/// second), which the server's FIN,ACK answered. The server closed after the client (CLOSE-WAIT, LAST-ACK, then
/// CLOSED on the client's last ACK, as `ss` found it); read with every copy
/// but the last lost, its FIN had to come first, a simultaneous close
/// ending in TIME-WAIT.
#[test]
fn a_dsack_of_a_fin_sent_three_times_shows_the_second_copy_arrived() {
    let capture = kernel_capture("v_fin_thrice_server_fin_lost_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, second, third) = (framed(&run, 95), framed(&run, 98), framed(&run, 99));
    let (revealer, fin) = (framed(&run, 100), framed(&run, 101));
    assert_eq!((first.seq, second.seq, third.seq), (39937, 39937, 39937));
    assert_eq!((revealer.seq, revealer.ack, fin.seq), (2, 40002, 1));
    assert_eq!(
        revealer.options.sack,
        vec![(third.raw_seq, third.raw_seq.wrapping_add(65))]
    );
    assert!(revealer.observed.sent_unseen);
    assert!(first.observed.lost_after_capture);
    assert!(!second.observed.lost_after_capture, "the D-SACK shows it arrived");
    assert!(passage(&run, second.id, true).is_some());
    use State::*;
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 3..], [CloseWait, LastAck, Closed]);
    let client = common::capture_states(&run, Side::Client);
    assert_eq!(client[client.len() - 3..], [FinWait1, FinWait2, TimeWait]);
}

/// Kernel capture v_probe_answered_after_update_v6_at_server (generated run
/// 9914, IPv6, ECN, captured at the server, 50 ms each way): the client's
/// window was closed; the server's zero-window probe (frame 16) reached the
/// client 5 ms after the client's window update had left (frame 17, captured
/// 94.8 ms after the probe), and the client answered it at once with the
/// same ACK (frame 19, 100.3 ms after the probe, a duplicate ACK to
/// Wireshark). The probe arrives after the update left and before its
/// answer; drawn arriving as it left, it made the update its answer and
/// left the duplicate ACK answering nothing.
#[test]
fn a_probe_answered_after_a_window_update_arrives_between_them() {
    let capture = kernel_capture("v_probe_answered_after_update_v6_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (probe, update, answer) = (framed(&run, 16), framed(&run, 17), framed(&run, 19));
    assert_eq!(
        (probe.seq, probe.len, update.ack, answer.ack),
        (5736, 0, 5737, 5737)
    );
    assert_eq!((update.window, answer.window), (1428, 1428));
    assert!(answer.marks.duplicate_ack.is_some());
    let arrives = passage(&run, probe.id, true).expect("the probe arrives");
    assert!(passage(&run, update.id, false).expect("the update leaves") < arrives);
    assert!(arrives < passage(&run, answer.id, false).expect("the answer leaves"));
}

/// Kernel capture v_probe_copy_past_hole_at_server (generated run 10094,
/// ECN, captured at the server, 100 ms each way): the server's 24-byte
/// segment was lost; the next one (frame 12) went past the hole, and 89 ms
/// later a tail loss probe repeated it (frame 13). The client SACKed the
/// first to arrive (frame 14) and reported the probe in a D-SACK (frame 15,
/// both blocks the same bytes). Drawn arriving when it left, the probe came
/// before either answer, and the D-SACK answered nothing.
#[test]
fn a_probe_repeating_data_past_a_hole_arrives_after_the_original_is_sacked() {
    let capture = kernel_capture("v_probe_copy_past_hole_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, probe) = (framed(&run, 12), framed(&run, 13));
    let (sack, dsack) = (framed(&run, 14), framed(&run, 15));
    assert_eq!(
        (first.seq, first.len, probe.seq, probe.len),
        (4369, 1448, 4369, 1448)
    );
    assert_eq!((sack.ack, dsack.ack), (4345, 4345));
    assert_eq!(dsack.options.sack.len(), 2);
    assert_eq!(
        dsack.options.sack[0], dsack.options.sack[1],
        "a D-SACK inside the block"
    );
    let leaves = |s: &observe::ObservedSegment| passage(&run, s.id, false).expect("leaves");
    let arrives = |s: &observe::ObservedSegment| passage(&run, s.id, true).expect("arrives");
    assert!(arrives(&first) < leaves(&sack));
    assert!(
        leaves(&sack) < arrives(&probe),
        "the first answer is the original's"
    );
    assert!(arrives(&probe) < leaves(&dsack), "the D-SACK answers the probe");
    // The client keeps the original past the hole and finds the probe's
    // bytes already held.
    let sim = observe::replay(&run);
    let held: Vec<(SegmentId, bool)> = sim
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::DataQueuedOutOfOrder {
                segment,
                held_already,
                ..
            } => Some((segment, held_already)),
            _ => None,
        })
        .collect();
    assert_eq!(held, [(first.id, false), (probe.id, true)]);
}

/// Kernel capture v_fin_past_lost_data_dupacked_nosack_at_server (generated
/// run 10223, SACK off, captured at the server, 50 ms each way): the
/// server's 100 bytes (frame 4) were lost, its FIN behind them (frame 5)
/// arrived past the gap, and the client answered it with a duplicate ACK
/// (frame 6, echoing an older timestamp: TS.Recent moves only in order).
/// The server then sent both again in one FIN,PSH (frame 7). Without SACK
/// only the duplicate ACK says the FIN came; read as a loss, it made the
/// duplicate ACK answer nothing.
#[test]
fn a_duplicate_ack_without_sack_shows_the_fin_past_the_gap_arrived() {
    let capture = kernel_capture("v_fin_past_lost_data_dupacked_nosack_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (data, fin, dup, again) = (framed(&run, 4), framed(&run, 5), framed(&run, 6), framed(&run, 7));
    assert_eq!(
        (data.seq, data.len, fin.seq, dup.ack, again.seq, again.len),
        (1, 100, 101, 1, 1, 100)
    );
    assert!(dup.marks.duplicate_ack.is_some() && dup.options.sack.is_empty());
    assert!(data.observed.lost_after_capture, "the data was lost");
    assert!(
        !fin.observed.lost_after_capture,
        "the duplicate ACK answers the FIN"
    );
    let arrives = passage(&run, fin.id, true).expect("the FIN arrives");
    assert!(arrives < passage(&run, dup.id, false).expect("the duplicate ACK leaves"));
}

/// Kernel capture v_two_lost_then_dupacks_nosack_at_server (generated run
/// 10541, SACK off, captured at the server, 100 ms each way): two segments
/// in a row were lost (frames 12 and 13, 8097 and 9109), and the segments
/// after them drew duplicate ACKs of 8097. Without SACK a duplicate ACK
/// does not say which segment past the gap came; the first one must not be
/// taken for 9109's, which never arrived and was sent again.
#[test]
fn duplicate_acks_without_sack_do_not_claim_a_lost_segment_past_the_gap() {
    let capture = kernel_capture("v_two_lost_then_dupacks_nosack_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, second) = (framed(&run, 12), framed(&run, 13));
    assert_eq!((first.seq, second.seq, second.len), (8097, 9109, 1012));
    let dups = run
        .segments
        .iter()
        .filter(|s| s.marks.duplicate_ack.is_some())
        .count();
    assert!(dups >= 20, "{dups} duplicate ACKs of 8097 and later");
    assert!(first.observed.lost_after_capture && second.observed.lost_after_capture);
}

/// Kernel capture v_passive_fin_lost_peer_fin_resent_nosack_at_server
/// (generated run 10826, SACK off, captured at the server): the same story
/// as above without the D-SACK that told it there. The client's FIN,ACK
/// answering the server's FIN (frame 46) was lost, the server sent its FIN
/// again (frame 47), and the client's ACK of that copy (frame 48, seq =
/// FIN + 1) reveals the unseen FIN. Judging the first FIN lost as well took
/// two losses for one and read a simultaneous close ending in TIME-WAIT,
/// where ss found no client connection: the unseen FIN answered the first.
#[test]
fn without_sack_an_unseen_answer_keeps_the_fin_it_answers_from_being_judged_lost() {
    let capture = kernel_capture("v_passive_fin_lost_peer_fin_resent_nosack_at_server");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, again, revealer) = (framed(&run, 46), framed(&run, 47), framed(&run, 48));
    assert_eq!(
        (first.seq, again.seq, revealer.seq, revealer.ack),
        (1, 1, 10002, 2)
    );
    assert!(revealer.options.sack.is_empty() && revealer.observed.sent_unseen);
    assert!(
        !first.observed.lost_after_capture,
        "the unseen FIN,ACK answered it"
    );
    use State::*;
    let states = common::capture_states(&run, Side::Client);
    assert_eq!(states, [Closed, SynSent, Established, CloseWait, LastAck, Closed]);
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 3..], [FinWait1, FinWait2, TimeWait]);
}

/// Kernel capture w_synack_lost_cookie_answers_anew_v6 (generated run 11877,
/// IPv6 without timestamps, `tcp_syncookies=2`, captured in the middle, 50 ms
/// each way): the server's SYN,ACK (frame 2) was dropped on the way; the
/// client sent its SYN again (3) and the listener, keeping nothing, answered
/// with a new cookie, another initial sequence number (4), which the client
/// acknowledged (5). Read with the first number kept, every later segment
/// of the server's was out of place and its last state FIN-WAIT-1, where
/// `ss` found TIME-WAIT; Wireshark starts the server's relative numbers
/// again at frame 4.
#[test]
fn a_listener_answering_a_repeated_syn_with_a_new_isn_starts_its_numbers_again() {
    let capture = kernel_capture("w_synack_lost_cookie_answers_anew_v6");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (first, again, ack) = (framed(&run, 2), framed(&run, 4), framed(&run, 5));
    assert_ne!(first.raw_seq, again.raw_seq);
    assert_eq!(
        (first.seq, again.seq, ack.ack),
        (0, 0, 1),
        "relative to each SYN,ACK's own number"
    );
    assert!(first.observed.lost_after_capture);
    assert!(!again.observed.lost_after_capture);
    assert!(run.segments.iter().all(|s| !s.observed.out_of_place));
    let sim = observe::replay(&run);
    let answer = sim.segment(again.id).expect("drawn");
    assert!(!answer.retransmission(), "new numbers: an answer anew, no resend");
    // Its first SYN,ACK was never sent again: the repeated SYN got the new
    // one, which a listener keeping nothing sends instead of a resend.
    let lost = sim.segment(first.id).expect("drawn");
    assert!(
        matches!(
            lost.fate,
            Fate::Dropped {
                by: DropCause::AnsweredAnew,
                ..
            }
        ),
        "{:?}",
        lost.fate
    );
    let repeated = framed(&run, 3).id;
    let told: Vec<_> = ignored_by(&sim, Side::Server)
        .into_iter()
        .filter_map(|(segment, reason)| (segment == repeated).then_some(reason))
        .collect();
    assert_eq!(
        told,
        [IgnoreReason::SynAnsweredAnew],
        "no SYN kept to call a duplicate"
    );
    use State::*;
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(
        server,
        [
            Closed,
            Listen,
            SynReceived,
            Established,
            FinWait1,
            FinWait2,
            TimeWait
        ]
    );
    let client = common::capture_states(&run, Side::Client);
    assert_eq!(client[client.len() - 3..], [CloseWait, LastAck, Closed]);
}

/// Kernel capture w_synack_copied_after_server_data_v6_at_client (generated
/// run 11878, IPv6 without timestamps, `tcp_syncookies=2`, captured at the
/// client): the path delivered the server's SYN,ACK a second time 120 ms
/// late (frame 19), after all the server's data and the client's FIN. A
/// listener's connection sends data only once ESTABLISHED, so that SYN,ACK
/// is the path's copy, not a resend saying the handshake's ACK (3) was lost;
/// read as a resend, the server went back to SYN-RECEIVED, its later
/// segments were out of place and it ended in FIN-WAIT-2, where `ss` found
/// it closed.
#[test]
fn a_synack_copied_by_the_path_after_the_servers_data_is_no_resend() {
    let capture = kernel_capture("w_synack_copied_after_server_data_v6_at_client");
    let run = observe::run(&capture, &streams(&capture)[0]);
    let (synack, handshake_ack, copy) = (framed(&run, 2), framed(&run, 3), framed(&run, 19));
    assert_eq!((copy.raw_seq, copy.seq), (synack.raw_seq, 0));
    assert_eq!(copy.observed.duplicate_of, Some(synack.id));
    assert!(!handshake_ack.observed.lost_after_capture);
    assert!(run.segments.iter().all(|s| !s.observed.out_of_place));
    use State::*;
    let server = common::capture_states(&run, Side::Server);
    assert_eq!(server[server.len() - 3..], [CloseWait, LastAck, Closed]);
    let client = common::capture_states(&run, Side::Client);
    assert_eq!(client[client.len() - 3..], [FinWait1, FinWait2, TimeWait]);
}

/// `side`'s reasons for ignoring segments of `sim`, each with its segment.
fn ignored_by(sim: &Simulation, side: Side) -> Vec<(SegmentId, IgnoreReason)> {
    sim.events()
        .iter()
        .filter(|e| e.side == Some(side))
        .filter_map(|e| match e.kind {
            EventKind::SegmentIgnored { segment, reason, .. } => Some((segment, reason)),
            _ => None,
        })
        .collect()
}

/// Corpus file zero_window_probes.pcap (made up, `byte_probes.py`): a closed
/// window probed with data. In stream 0 the client probes with one byte at
/// the window's edge, as the BSDs, macOS and Windows do (frames 7, 9, 11),
/// each answered at once with a window of 0; in stream 1 the server had no
/// room for the client's second segment (frame 23) and closed its window,
/// and the client's timer sent it again into the closed window (frames 25,
/// 27, 29: Linux's resend serving as a probe). A probe the receiver
/// refuses is no loss: before, every probe but the last was judged lost
/// after the capture point and taken only when the window opened, and the
/// data after the byte probes was called a resend of them.
#[test]
fn probes_of_a_closed_window_with_data_are_refused_not_lost() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures/zero_window_probes.pcap");
    let capture = read(&fs::read(path).unwrap()).unwrap();
    let runs: Vec<_> = streams(&capture)
        .iter()
        .map(|s| observe::run(&capture, s))
        .collect();
    let probe = IgnoreReason::WindowProbe;

    let (bytes, sim) = (&runs[0], observe::replay(&runs[0]));
    assert!(bytes.segments.iter().all(|s| !s.observed.lost_after_capture));
    let probes = [7, 9, 11].map(|f| framed(bytes, f).id);
    assert_eq!(ignored_by(&sim, Side::Server), probes.map(|id| (id, probe)));
    for id in probes {
        assert_eq!(
            sim.segment(id).unwrap().resend,
            None,
            "a probe repeats its byte on purpose"
        );
    }
    let rest = sim.segment(framed(bytes, 14).id).unwrap();
    assert_eq!(rest.resend, None, "the byte probed was never taken: no resend");

    let (head, sim) = (&runs[1], observe::replay(&runs[1]));
    let lost: Vec<u32> = head
        .segments
        .iter()
        .filter(|s| s.observed.lost_after_capture)
        .map(|s| s.frame)
        .collect();
    assert_eq!(lost, [23], "only the segment the server had no room for");
    let resent = [25, 27, 29].map(|f| framed(head, f).id);
    assert_eq!(ignored_by(&sim, Side::Server), resent.map(|id| (id, probe)));
    for id in resent {
        let s = sim.segment(id).unwrap();
        assert_eq!(
            (s.resend, s.fate),
            (Some(Resend::Captured), Fate::Arrived),
            "sent again, refused"
        );
    }
    for run in &runs {
        use State::*;
        let states = (
            common::capture_states(run, Side::Client),
            common::capture_states(run, Side::Server),
        );
        assert_eq!(
            (states.0.last(), states.1.last()),
            (Some(&TimeWait), Some(&Closed))
        );
    }
}
