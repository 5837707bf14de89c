//! Native timing of the capture reader and the capture run at the packet
//! limit: 100,000 real TCP packets (the records of `sack_snaplen`, a real
//! capture from the corpus, repeated: one stream of 100,000 segments whose
//! numbers repeat, so the observers see retransmissions, duplicates and
//! segments they reject throughout), as pcap and as pcapng, read with
//! `capture::read`, grouped with `capture::streams`, explained with
//! `observe::run` and written as JSON with `observe::trace`. Prints the
//! median and minimum of many runs.
//!
//! ```text
//! cargo run --release -p tcp-model --example capture_bench
//! ```
//!
//! The budget (issue 16): read, grouped and explained in under 1 s natively.
//!
//! An example rather than a test, like `bench`: the library reads no clock.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use tcp_model::capture::{read, streams, MAX_PACKETS};
use tcp_model::observe;

const RUNS: usize = 30;

fn corpus(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A file made of `head` and then `records` repeated until there are `n` of them.
fn repeat(head: &[u8], records: &[&[u8]], n: usize) -> Vec<u8> {
    let mut out = head.to_vec();
    for r in records.iter().cycle().take(n) {
        out.extend_from_slice(r);
    }
    out
}

/// Splits `bytes[start..]` into records whose length `len_of` tells from their first bytes.
fn split(bytes: &[u8], start: usize, len_of: impl Fn(&[u8]) -> usize) -> Vec<&[u8]> {
    let mut records = Vec::new();
    let mut at = start;
    while at < bytes.len() {
        let len = len_of(&bytes[at..]);
        records.push(&bytes[at..at + len]);
        at += len;
    }
    records
}

fn le32(b: &[u8], at: usize) -> usize {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes")) as usize
}

fn time(what: &str, bytes: &[u8]) {
    let (mut reads, mut groupings, mut runs, mut jsons, mut totals) =
        (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        let started = Instant::now();
        let capture = black_box(read(black_box(bytes))).expect("readable");
        let read_done = Instant::now();
        let s = black_box(streams(&capture));
        let grouped = Instant::now();
        let run = black_box(observe::run(&capture, &s[0]));
        let explained = Instant::now();
        let json = black_box(serde_json::to_string(&observe::trace(&run)).expect("json"));
        let written = Instant::now();
        reads.push(read_done - started);
        groupings.push(grouped - read_done);
        runs.push(explained - grouped);
        jsons.push(written - explained);
        totals.push(explained - started);
        assert_eq!(
            (capture.packets.len(), s.len(), run.segments.len()),
            (MAX_PACKETS, 1, MAX_PACKETS)
        );
        assert!(json.len() > MAX_PACKETS);
    }
    let show = |d: &mut Vec<Duration>| {
        d.sort();
        format!("median {:?}, min {:?}", d[d.len() / 2], d[0])
    };
    println!(
        "{what} ({:.1} MB, {MAX_PACKETS} TCP packets):",
        bytes.len() as f64 / 1048576.0
    );
    println!("  read:    {}", show(&mut reads));
    println!("  streams: {}", show(&mut groupings));
    println!("  run:     {}", show(&mut runs));
    println!("  (read + streams + run: {})", show(&mut totals));
    println!("  JSON:    {}", show(&mut jsons));
}

fn main() {
    let pcap = corpus("sack_snaplen.pcap");
    let records = split(&pcap, 24, |r| 16 + le32(r, 8));
    time("pcap", &repeat(&pcap[..24], &records, MAX_PACKETS));

    let pcapng = corpus("sack_snaplen.pcapng");
    let blocks = split(&pcapng, 0, |b| le32(b, 4));
    let (head, packets): (Vec<&[u8]>, Vec<&[u8]>) = blocks.iter().partition(|b| le32(b, 0) != 6);
    time("pcapng", &repeat(&head.concat(), &packets, MAX_PACKETS));
}
