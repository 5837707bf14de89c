//! Properties of `tcp_model::observe` (the capture run) on inputs nobody
//! wrote on purpose:
//! - corpus files with bytes overwritten, then read, grouped and explained;
//! - captures of random TCP segments between two addresses: flags, sequence
//!   and acknowledgment numbers near each side's ISN or anywhere, payload
//!   lengths, windows, window-scale and SACK options, times going forward
//!   or back. (Built by this test's own writer: the bytes only have to be a
//!   valid pcap; what they say is random.)
//!
//! For every input: nothing panics, every packet of a stream is a segment of
//! its run, each lifeline starts with CLOSED and its times go forward, the
//! JSON trace serializes, and it takes little time. The largest input (a
//! stream of `MAX_PACKETS` random segments) is timed once.

mod common;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::Config;
use tcp_model::capture::{read, streams, Capture, MAX_PACKETS};
use tcp_model::observe;
use tcp_model::Side;

/// Explains every stream of `capture` and checks what must always hold.
fn explain_all(capture: &Capture) -> Result<(), TestCaseError> {
    for stream in streams(capture) {
        let run = observe::run(capture, &stream);
        prop_assert_eq!(run.segments.len(), stream.packets.len());
        let mut last = 0;
        for s in &run.segments {
            prop_assert!(s.at_us >= last);
            last = s.at_us;
        }
        for side in Side::BOTH {
            let spans = &run.states(side).states;
            prop_assert_eq!(spans[0].state, tcp_model::State::Closed);
            let times: Vec<u64> = spans.iter().filter_map(|s| s.since_us).collect();
            prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "{:?}", times);
            for s in spans.iter().filter_map(|s| s.segment) {
                prop_assert!((s.0 as usize) < run.segments.len());
            }
        }
        let json = serde_json::to_string(&observe::trace(&run)).expect("serializes");
        prop_assert!(json.starts_with('{'), "not an object");
    }
    Ok(())
}

fn explain_bounded(bytes: &[u8]) -> Result<(), TestCaseError> {
    let started = Instant::now();
    if let Ok(capture) = read(bytes) {
        explain_all(&capture)?;
    }
    // A few hundred segments, unoptimised, on a loaded machine.
    prop_assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    Ok(())
}

/// One random segment.
#[derive(Clone, Debug)]
struct Seg {
    from_client: bool,
    flags: u8,
    seq: u32,
    ack: u32,
    len: u16,
    window: u16,
    wscale: Option<u8>,
    sack: Vec<(u32, u32)>,
    /// Microseconds after the previous packet; a few go back.
    dt: i32,
}

/// A number near one of the two ISNs (so segments meet each other's
/// windows), or anywhere.
fn near(base: u32) -> impl Strategy<Value = u32> {
    prop_oneof![
        8 => (0u32..6000).prop_map(move |d| base.wrapping_add(d)),
        1 => (0u32..100).prop_map(move |d| base.wrapping_sub(d)),
        1 => any::<u32>(),
    ]
}

const CLIENT_ISN: u32 = 0xffff_f000; // wraps within the stream
const SERVER_ISN: u32 = 7_000_000;

fn seg() -> impl Strategy<Value = Seg> {
    let flags = prop_oneof![
        Just(0x02u8), // SYN
        Just(0x12),   // SYN,ACK
        Just(0x10),   // ACK
        Just(0x18),   // PSH,ACK
        Just(0x11),   // FIN,ACK
        Just(0x14),   // RST,ACK
        Just(0x04),   // RST
        any::<u8>(),
    ];
    (any::<bool>(), flags, near(0), near(0), 0u16..1500, any::<u16>())
        .prop_flat_map(|(from_client, flags, s, a, len, window)| {
            let (own, peer) = if from_client {
                (CLIENT_ISN, SERVER_ISN)
            } else {
                (SERVER_ISN, CLIENT_ISN)
            };
            let len = if flags & 0x02 != 0 || len > 1200 { 0 } else { len };
            (
                Just((
                    from_client,
                    flags,
                    own.wrapping_add(s),
                    peer.wrapping_add(a),
                    len,
                    window,
                )),
                prop::option::weighted(0.2, 0u8..16),
                prop::collection::vec((near(peer), 0u32..3000), 0..3),
                prop_oneof![9 => 0i32..50_000, 1 => -5_000i32..0],
            )
        })
        .prop_map(
            |((from_client, flags, seq, ack, len, window), wscale, sack, dt)| Seg {
                from_client,
                flags,
                seq,
                ack,
                len,
                window,
                wscale,
                sack: sack.into_iter().map(|(l, n)| (l, l.wrapping_add(n))).collect(),
                dt,
            },
        )
}

/// A pcap (LINKTYPE_RAW: IPv4 from the first byte) of `segs` between
/// 10.0.0.1:40000 and 10.0.0.2:80. Each record keeps only the headers; the
/// IP total length says how much payload there was.
fn pcap(segs: &[Seg]) -> Vec<u8> {
    let mut out = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101, 0, 0, 0,
    ];
    let mut t: i64 = 1_700_000_000_000_000;
    for s in segs {
        t += i64::from(s.dt);
        let mut opts = Vec::new();
        if let Some(w) = s.wscale {
            opts.extend_from_slice(&[1, 3, 3, w]);
        }
        if !s.sack.is_empty() {
            opts.extend_from_slice(&[1, 1, 5, 2 + 8 * s.sack.len() as u8]);
            for &(l, r) in &s.sack {
                opts.extend_from_slice(&l.to_be_bytes());
                opts.extend_from_slice(&r.to_be_bytes());
            }
        }
        let tcp_len = 20 + opts.len();
        let total = (20 + tcp_len + usize::from(s.len)) as u16;
        let (src, dst, sport, dport) = if s.from_client {
            ([10, 0, 0, 1], [10, 0, 0, 2], 40000u16, 80u16)
        } else {
            ([10, 0, 0, 2], [10, 0, 0, 1], 80, 40000)
        };
        let mut p = vec![0x45, 0];
        p.extend_from_slice(&total.to_be_bytes());
        p.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0]);
        p.extend_from_slice(&src);
        p.extend_from_slice(&dst);
        p.extend_from_slice(&sport.to_be_bytes());
        p.extend_from_slice(&dport.to_be_bytes());
        p.extend_from_slice(&s.seq.to_be_bytes());
        p.extend_from_slice(&s.ack.to_be_bytes());
        p.extend_from_slice(&[(tcp_len as u8 / 4) << 4, s.flags]);
        p.extend_from_slice(&s.window.to_be_bytes());
        p.extend_from_slice(&[0, 0, 0, 0]);
        p.extend_from_slice(&opts);
        out.extend_from_slice(&((t / 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&((t % 1_000_000) as u32).to_le_bytes());
        out.extend_from_slice(&(p.len() as u32).to_le_bytes());
        out.extend_from_slice(&u32::from(total).to_le_bytes());
        out.extend_from_slice(&p);
    }
    out
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(800))]

    #[test]
    fn random_segments_are_explained_without_panic(segs in prop::collection::vec(seg(), 1..300)) {
        let bytes = pcap(&segs);
        let capture = read(&bytes).expect("a valid pcap");
        prop_assert_eq!(capture.packets.len(), segs.len());
        explain_bounded(&bytes)?;
    }

    #[test]
    fn damaged_corpus_files_are_explained_without_panic(
        file in any::<prop::sample::Index>(),
        damages in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
    ) {
        let files = common::capture_corpus();
        let mut bytes = files[file.index(files.len())].clone();
        let len = bytes.len();
        for (at, value) in damages {
            bytes[at.index(len)] = value;
        }
        explain_bounded(&bytes)?;
    }
}

/// A stream of `MAX_PACKETS` random segments (one connection: the most work
/// the observers can be given) must be explained quickly.
#[test]
fn the_largest_stream_is_explained_in_bounded_time() {
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let segs: Vec<Seg> = (0..MAX_PACKETS)
        .map(|_| {
            let mut s = seg().new_tree(&mut runner).expect("a segment").current();
            // A SYN without ACK and a new number would start a new stream.
            if s.flags & 0x12 == 0x02 {
                s.flags |= 0x10;
            }
            s
        })
        .collect();
    let bytes = pcap(&segs);
    let capture = read(&bytes).expect("a valid pcap");
    let all = streams(&capture);
    assert_eq!(all.len(), 1);
    let stream = &all[0];
    let started = Instant::now();
    let run = observe::run(&capture, stream);
    let took = started.elapsed();
    println!("{} segments explained in {took:?}", run.segments.len());
    let bound = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 2 });
    assert!(took < bound, "{took:?}");
}

/// The worst case for the rule that lets an unseen answer keep a resent
/// segment from being judged lost (`Direction::answered_by_unseen`): the
/// server sends each of `MAX_PACKETS / 4` segments twice with a bare ACK of
/// the client's between (so each stays judged lost), and after each pair
/// the client's bare ACK starts beyond all it was seen to send and
/// acknowledges every one so far. Looking at every judgment at every such
/// ACK would be quadratic; each is looked at once.
#[test]
fn unseen_answers_after_every_resend_are_explained_in_bounded_time() {
    let seg = |from_client, flags, seq: u32, ack: u32, len, dt| Seg {
        from_client,
        flags,
        seq,
        ack,
        len,
        window: 64000,
        wscale: None,
        sack: Vec::new(),
        dt,
    };
    let (c, s) = (CLIENT_ISN, SERVER_ISN);
    let mut segs = vec![
        seg(true, 0x02, c, 0, 0, 0),
        seg(false, 0x12, s, c + 1, 0, 1_000),
        seg(true, 0x10, c + 1, s + 1, 0, 1_000),
        seg(true, 0x18, c + 1, s + 1, 10, 1_000),
    ];
    let mut sent = 1;
    while segs.len() + 4 <= MAX_PACKETS {
        segs.push(seg(false, 0x18, s + sent, c + 11, 10, 1_000));
        segs.push(seg(true, 0x10, c + 11, s + sent, 0, 1_000));
        segs.push(seg(false, 0x18, s + sent, c + 11, 10, 300_000));
        sent += 10;
        // (seq c + 12: one past the client's 10 bytes, so a segment unseen.)
        segs.push(seg(true, 0x10, c + 12, s + sent, 0, 1_000));
    }
    let capture = read(&pcap(&segs)).expect("a valid pcap");
    let stream = &streams(&capture)[0];
    let started = Instant::now();
    let run = observe::run(&capture, stream);
    let took = started.elapsed();
    println!("{} segments explained in {took:?}", run.segments.len());
    assert_eq!(run.segments.len(), segs.len());
    let bound = Duration::from_secs(if cfg!(debug_assertions) { 30 } else { 2 });
    assert!(took < bound, "{took:?}");
}
