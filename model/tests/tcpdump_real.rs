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

#[test]
fn the_tcpdump_view_prints_what_tcpdump_prints_for_every_built_in() {
    let dir = std::env::temp_dir().join(format!("tcpdump-real-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = 0;
    for b in BUILTINS {
        let mut sim = Simulation::new(&b.scenario()).expect("a built-in runs");
        sim.run_until_finished(LIMIT);
        let end = sim.last_event_time();
        let file = dir.join(format!("{}.pcap", b.name));
        std::fs::write(&file, pcap::write(&pcap::at_client(sim.segments(), end))).unwrap();
        let real = real_tcpdump(&file);
        let ours = tcpdump_nn(&sim, Side::Client, Moment::At(end));
        assert_eq!(
            ours.len(),
            real.len(),
            "{}: line count\nours {ours:#?}\nreal {real:#?}",
            b.name
        );
        for (o, r) in ours.iter().zip(&real) {
            assert_eq!(o, r, "{}: ours, then tcpdump's", b.name);
        }
        lines += real.len();
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(lines > 150, "only {lines} lines compared");
}
