//! Properties of `tcp_model::capture` on inputs nobody wrote on purpose: random
//! bytes (often behind a real magic number, so they get past the first check),
//! and the real corpus files with bits flipped, cut short, or a 32-bit field set
//! to a huge or tiny value (the length fields a hostile file would lie in).
//! For every input:
//! - nothing panics;
//! - a read that succeeds is consistent: frame numbers rise, at most
//!   MAX_PACKETS packets, at most 4 SACK blocks each, and the streams hold every
//!   packet exactly once;
//! - it takes little time (the file is small, and the work is linear).
//!
//! The files of the `tcpdump -nn -r` view's rarer forms (IPv6 extension
//! headers, IPsec AH, MPTCP, text payloads) are damaged the same way and
//! printed: one line per packet, each bounded by the headers it can name.
//!
//! The worst cases for time, built to the 20 MB limit, are checked once each.

mod common;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::Config;
use tcp_model::capture::{read, streams, Capture, MAX_BYTES, MAX_PACKETS};
use tcp_model::learn::tcpdump_file::tcpdump_file;

/// The consistency every successful read must have.
fn check(capture: &Capture) -> Result<(), TestCaseError> {
    prop_assert!(!capture.packets.is_empty() && capture.packets.len() <= MAX_PACKETS);
    let mut last = 0;
    for p in &capture.packets {
        prop_assert!(p.frame > last && p.frame <= capture.frames);
        prop_assert!(p.options.sack.len() <= 4);
        last = p.frame;
    }
    let mut seen = vec![false; capture.packets.len()];
    for (n, s) in streams(capture).iter().enumerate() {
        prop_assert_eq!(s.index as usize, n);
        prop_assert!(!s.packets.is_empty() && s.first_ns <= s.last_ns);
        for &i in &s.packets {
            prop_assert!(!seen[i], "packet {} in two streams", i);
            seen[i] = true;
        }
    }
    prop_assert!(seen.iter().all(|&s| s), "a packet in no stream");
    Ok(())
}

/// Reads, checks, and bounds the time: a few KB must never take long, even
/// unoptimised on a loaded machine.
fn read_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let result = read(bytes);
    if let Ok(capture) = &result {
        check(capture)?;
    } else if let Err(e) = &result {
        prop_assert!(!e.to_string().contains('\n'));
    }
    prop_assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?} for {} bytes",
        started.elapsed(),
        bytes.len()
    );
    Ok(())
}

/// How one corpus file is damaged.
#[derive(Clone, Debug)]
enum Damage {
    FlipBit(usize),
    CutAt(usize),
    /// A 32-bit field (4-aligned, where pcap and pcapng lengths are) set to a value.
    SetWord(usize, u32),
}

fn damage() -> impl Strategy<Value = Damage> {
    let huge = prop_oneof![
        Just(u32::MAX),
        Just(0x7fff_ffff),
        Just(0x8000_0000),
        Just(0),
        Just(12),
        Just(MAX_BYTES as u32),
        any::<u32>()
    ];
    prop_oneof![
        any::<usize>().prop_map(Damage::FlipBit),
        any::<usize>().prop_map(Damage::CutAt),
        (any::<usize>(), huge).prop_map(|(at, v)| Damage::SetWord(at, v)),
    ]
}

fn apply(mut file: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let len = file.len().max(1);
        match *d {
            Damage::FlipBit(bit) => {
                let bit = bit % (len * 8);
                if let Some(b) = file.get_mut(bit / 8) {
                    *b ^= 1 << (bit % 8);
                }
            }
            Damage::CutAt(at) => file.truncate(at % len),
            Damage::SetWord(at, v) => {
                let at = (at % len) & !3;
                if let Some(w) = file.get_mut(at..at + 4) {
                    // Either byte order: the file may be big- or little-endian.
                    let bytes = if at % 8 == 0 {
                        v.to_le_bytes()
                    } else {
                        v.to_be_bytes()
                    };
                    w.copy_from_slice(&bytes);
                }
            }
        }
    }
    file
}

/// The magic numbers, so random bytes get past the format check.
fn start() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]),
        Just(vec![0xa1, 0xb2, 0x3c, 0x4d, 0, 2, 0, 4]),
        Just(vec![
            0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0
        ]),
        Just(vec![
            0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 28, 0x1a, 0x2b, 0x3c, 0x4d, 0, 1
        ]),
        Just(vec![]),
    ]
}

fn config(cases: u32) -> Config {
    Config {
        cases,
        // No regression files in the source tree; a failure prints the minimal case.
        failure_persistence: None,
        ..Config::default()
    }
}

/// The made-up and live files whose packets print in tcpdump's rarer forms
/// (`tools/captures/README.md`).
fn tcpdump_view_files() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| common::capture_files("tcpdump_options"))
}

proptest! {
    #![proptest_config(config(3_000))]

    #[test]
    fn damaged_tcpdump_view_files_print_one_bounded_line_per_packet(file in any::<prop::sample::Index>(), damages in prop::collection::vec(damage(), 1..6)) {
        let files = tcpdump_view_files();
        let bytes = apply(files[file.index(files.len())].clone(), &damages);
        let started = Instant::now();
        if let Ok(capture) = read(&bytes) {
            for s in streams(&capture) {
                let view = tcpdump_file(&capture, &s, Some(u64::MAX), 0);
                prop_assert_eq!(view.lines.len(), s.packets.len());
                // The longest possible: a 2 KB routing header's 127 addresses.
                prop_assert!(view.lines.iter().all(|l| l.len() < 16_384 && !l.contains('\n')));
            }
        }
        prop_assert!(started.elapsed() < Duration::from_millis(500), "{:?}", started.elapsed());
    }

    #[test]
    fn damaged_corpus_files_never_panic(file in any::<prop::sample::Index>(), damages in prop::collection::vec(damage(), 1..6)) {
        let files = common::capture_corpus();
        let bytes = apply(files[file.index(files.len())].clone(), &damages);
        read_and_check(&bytes)?;
    }

    #[test]
    fn random_bytes_never_panic(start in start(), rest in prop::collection::vec(any::<u8>(), 0..3000)) {
        let mut bytes = start;
        bytes.extend_from_slice(&rest);
        read_and_check(&bytes)?;
    }
}

/// The largest inputs with the most work per byte, each at the 20 MB limit,
/// must still finish fast: no quadratic step hides in the walk.
#[test]
fn worst_cases_at_the_size_limit_stay_linear() {
    let bound = Duration::from_secs(if cfg!(debug_assertions) { 20 } else { 2 });
    let timed = |what: &str, bytes: &[u8]| {
        assert!(bytes.len() <= MAX_BYTES, "{what}");
        let started = Instant::now();
        let result = read(bytes);
        let took = started.elapsed();
        println!("{what}: {took:?}"); // shown with --nocapture
        assert!(took < bound, "{what}: {took:?}");
        result.map(|c| c.frames).map_err(|e| e.to_string())
    };
    // pcap: 1.3 million empty records (the most frames per byte).
    let mut pcap = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
    ];
    pcap.resize(24 + (MAX_BYTES - 24) / 16 * 16, 0);
    assert_eq!(
        timed("empty pcap records", &pcap),
        Err("no TCP packets in this capture (1310718 frames)".into())
    );
    // pcapng: one section, then 12-byte blocks of an unknown type.
    let mut pcapng = common::capture_corpus()
        .iter()
        .find(|f| f[0] == 0x0a)
        .expect("a pcapng")
        .clone();
    let shb_len = u32::from_le_bytes(pcapng[4..8].try_into().expect("4 bytes")) as usize;
    pcapng.truncate(shb_len);
    while pcapng.len() + 12 <= MAX_BYTES {
        pcapng.extend_from_slice(&[0x77, 0, 0, 0, 12, 0, 0, 0, 12, 0, 0, 0]);
    }
    assert_eq!(
        timed("tiny pcapng blocks", &pcapng),
        Err("no TCP packets in this capture (0 frames)".into())
    );
    // One Ethernet frame made of VLAN tags, and one IDB made of options.
    let mut tags = vec![
        0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0,
    ];
    let frame_len = (MAX_BYTES - 24 - 16) as u32;
    tags.extend_from_slice(&[0; 8]);
    tags.extend_from_slice(&frame_len.to_le_bytes());
    tags.extend_from_slice(&frame_len.to_le_bytes());
    tags.extend_from_slice(&[0; 12]);
    while tags.len() + 4 <= MAX_BYTES {
        tags.extend_from_slice(&[0x81, 0x00, 0, 1]);
    }
    tags.resize(MAX_BYTES, 0);
    assert_eq!(
        timed("20 MB of VLAN tags", &tags),
        Err("no TCP packets in this capture (1 frame)".into())
    );
    let mut options = pcapng[..shb_len].to_vec();
    let idb_len = (MAX_BYTES - shb_len) as u32 & !3;
    options.extend_from_slice(&[1, 0, 0, 0]);
    options.extend_from_slice(&idb_len.to_le_bytes());
    options.extend_from_slice(&[1, 0, 0, 0, 0, 0, 0, 0]);
    let trailer = shb_len + idb_len as usize - 4;
    while options.len() + 8 <= trailer {
        options.extend_from_slice(&[9, 0, 1, 0, 9, 0, 0, 0]); // if_tsresol, over and over
    }
    options.resize(trailer, 0);
    options.extend_from_slice(&idb_len.to_le_bytes());
    assert_eq!(
        timed("an IDB of 2.6 million options", &options),
        Err("no TCP packets in this capture (0 frames)".into())
    );
}

/// Files the coverage-guided fuzzer (`tools/fuzz/`, run with debug
/// assertions) found, explained stream by stream without a panic:
/// `bad/fuzz_half_circle.pcap` puts a segment half the sequence circle
/// from RCV.NXT, where the observer's trial of a crossing took it in order
/// and counted a negative distance.
#[test]
fn fuzz_findings_are_explained_without_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures/bad");
    let bytes = std::fs::read(root.join("fuzz_half_circle.pcap")).expect("fuzz finding");
    let capture = tcp_model::capture::read(&bytes).expect("it reads");
    for stream in streams(&capture) {
        let _ = tcp_model::observe::run(&capture, &stream);
    }
}
