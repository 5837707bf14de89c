//! The widget's `tcpdump -nn` view against the real tcpdump: for every
//! built-in, the client's capture is written as a pcap (what the model's
//! export produces) and read back by `tcpdump -nn -r`; tcpdump's lines must be
//! ours, character for character (flags, relative numbers as tcpdump keeps
//! them, windows, options, lengths, the clock).
//!
//! Needs tcpdump (`bash scripts/setup.sh` installs it). It fails rather than
//! skips when tcpdump is missing, so a green run always means the comparison
//! was made.

use std::process::Command;

use tcp_model::export::pcap;
use tcp_model::learn::tcpdump::tcpdump_nn;
use tcp_model::library::BUILTINS;
use tcp_model::view::Moment;
use tcp_model::{Side, Simulation, Time};

/// How far the widget simulates a run (its `RUN_LIMIT`).
const LIMIT: Time = Time(600_000);

fn real_tcpdump(file: &std::path::Path) -> Vec<String> {
    let output = Command::new("tcpdump")
        .args(["-nn", "-r"])
        .arg(file)
        // The pcap's clock starts at the epoch; tcpdump prints local time.
        .env("TZ", "UTC")
        .output()
        .unwrap_or_else(|e| panic!("cannot run tcpdump ({e}): run `bash scripts/setup.sh`"));
    assert!(
        output.status.success(),
        "tcpdump failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("tcpdump prints UTF-8")
        .lines()
        .map(str::to_string)
        .collect()
}

/// Writes the client's capture of `sim` as a pcap, reads it back with
/// tcpdump, and checks that our view prints the same lines; returns how many.
fn compare(name: &str, sim: &Simulation, dir: &std::path::Path) -> usize {
    let end = sim.last_event_time();
    let file = dir.join(format!("{name}.pcap"));
    std::fs::write(&file, pcap::write(&pcap::at_client(sim, end))).unwrap();
    let real = real_tcpdump(&file);
    let ours = tcpdump_nn(sim, Side::Client, Moment::At(end));
    assert_eq!(
        ours.len(),
        real.len(),
        "{name}: line count\nours {ours:#?}\nreal {real:#?}"
    );
    for (o, r) in ours.iter().zip(&real) {
        assert_eq!(o, r, "{name}: ours, then tcpdump's");
    }
    real.len()
}

fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tcpdump-real-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_tcpdump_view_prints_what_tcpdump_prints_for_every_built_in() {
    let dir = scratch("builtins");
    let mut lines = 0;
    for b in BUILTINS {
        let mut sim = Simulation::new(&b.scenario()).expect("a built-in runs");
        sim.run_until_finished(LIMIT);
        lines += compare(b.name, &sim, &dir);
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(lines > 150, "only {lines} lines compared");
}

#[test]
fn a_segment_sent_and_one_received_in_the_same_millisecond_keep_the_clients_order() {
    // A 5 ms first RTO resends the SYN until the SYN,ACK is back; a copy of
    // the SYN,ACK answering a resent SYN then arrives in the millisecond the
    // client sends its request. The client sent first (the run's log says
    // so), and its capture must list it first, as the view does: the
    // exported pcap used to order them by when each segment was made.
    let scenario = tcp_model::Scenario::from_text(
        "client isn=1000 | connect, send 20, recv 10, close\n\
         server isn=8000 mss=1024 | listen, accept, recv 20, send 10, recv eof, close\n\
         tcp initial_rto_ms=5",
    )
    .expect("it parses");
    let mut sim = Simulation::new(&scenario).expect("it runs");
    sim.run_until_finished(LIMIT);
    let captured = pcap::at_client(&sim, sim.last_event_time());
    let same_ms = captured
        .windows(2)
        .any(|w| w[0].at == w[1].at && w[0].header.src != w[1].header.src && w[0].header.len > 0);
    assert!(
        same_ms,
        "the run has a send and an arrival in one millisecond, the send first"
    );
    let dir = scratch("same-ms");
    compare("same-ms", &sim, &dir);
    std::fs::remove_dir_all(&dir).ok();
}
