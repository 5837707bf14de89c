//! The worst inputs the scenario parsers accept, at their caps: how long each
//! takes to load (parse and check) and to run (replay to the end), natively.
//! A share link carries a scenario, so these are what a stranger can make a
//! learner's tab do; the widget runs the same code in WebAssembly (a few
//! times slower). Also times `tcpsim` on a 100 KB JSON scenario.
//!
//! ```text
//! cargo run --release -p tcp-model --example worst_inputs
//! ```
//!
//! Prints figures; asserts nothing (scripts/bench.sh runs it).

use std::hint::black_box;
use std::time::{Duration, Instant};

use tcp_model::scenario::caps;
use tcp_model::{Scenario, Simulation, Time};

const LIMIT: Time = Time(3_600_000);

/// The slowest of a few runs is what a learner may meet; the median is typical.
const RUNS: usize = 7;

/// A program of `calls` calls that moves `bytes` in 1-byte-segment-friendly pieces.
fn chatty_program(first: &str, calls: usize, bytes_each: u32) -> String {
    let mut p = vec![first.to_string()];
    while p.len() + 2 < calls {
        p.push(format!("send {bytes_each}"));
        p.push("sleep 1".to_string());
    }
    p.push("close".into());
    p.join(", ")
}

/// Every list at its cap, as long as the text cap allows.
fn everything_at_its_cap() -> String {
    let mut t = String::new();
    t.push_str(&format!(
        "client isn=1 mss=64 rcvbuf=64 | {}\n",
        chatty_program("connect", caps::PROGRAM, 600)
    ));
    let mut server = vec!["listen".to_string(), "accept".to_string()];
    while server.len() + 2 < caps::PROGRAM {
        server.push("recv 600".into());
    }
    server.push("recv eof".into());
    server.push("close".into());
    t.push_str(&format!(
        "server isn=2 mss=64 rcvbuf=64 backlog=1024 | {}\n",
        server.join(", ")
    ));
    t.push_str("net delay=1 gap=0 profile=rfc9293\n");
    t.push_str("tcp synack_retries=20 data_retries=20 invalid_ack_burst=1000 invalid_ack_window_ms=1\n");
    for i in 0..caps::RULES {
        t.push_str(&format!("drop client ACK {}\n", i + 1));
    }
    for i in 0..caps::RULES {
        t.push_str(&format!("hold server ACK {} 1\n", i + 1));
    }
    let per_line = (caps::INJECTED as usize / caps::INJECTIONS) as u32;
    for i in 0..caps::INJECTIONS {
        let flags = ["SYN", "ACK", "PSH,ACK", "RST"][i % 4];
        t.push_str(&format!(
            "inject {} spoofed server {flags} seq={} ack=99999 len=100 count={per_line} every=1\n",
            i * 3,
            i * 1000
        ));
    }
    for i in 0..caps::ACTIONS {
        if t.len() + 20 > caps::TEXT_BYTES {
            break;
        }
        t.push_str(&format!("act {} drop {}\n", 10 + i, i));
    }
    t
}

/// A SYN flood at the injection cap with every SYN,ACK retried as often as allowed.
fn flood() -> String {
    let mut t = String::from(
        "client isn=1 | connect, close\nserver isn=2 backlog=1024 | listen, accept, recv eof, close, sleep 3600000\ntcp synack_retries=20\n",
    );
    for i in 0..caps::INJECTIONS {
        t.push_str(&format!(
            "inject {} spoofed server SYN seq=5000 count={} every=1\n",
            i,
            caps::INJECTED as usize / caps::INJECTIONS
        ));
    }
    t
}

/// A thousand forged ACKs of data never sent, at an open connection, with
/// the answer limit as loose as the knobs allow: an ACK war, if any.
fn ack_war(profile: &str) -> String {
    let mut t = format!(
        "client isn=1 | connect, send 20, sleep 60000, close\nserver isn=2 | listen, accept, recv 20, recv eof, close\nnet profile={profile}\n"
    );
    for i in 0..caps::INJECTIONS {
        t.push_str(&format!(
            "inject {} client server ACK seq=21 ack=90000 count={} every=1\n",
            300 + i,
            caps::INJECTED as usize / caps::INJECTIONS
        ));
    }
    t
}

/// The longest transfer: 64 KiB each way in 64-byte segments into 64-byte buffers.
fn longest_transfer() -> String {
    "client isn=1 mss=64 rcvbuf=64 | connect, send 65535, recv 65535, close\n\
     server isn=2 mss=64 rcvbuf=64 | listen, accept, recv 65535, send 65535, recv eof, close\n\
     net delay=1 gap=0\n"
        .to_string()
}

struct Figures {
    load: Duration,
    run: Duration,
    segments: usize,
    events: usize,
    cut_short: bool,
}

fn measure(text: &str) -> Figures {
    let mut loads = Vec::new();
    let mut runs = Vec::new();
    let mut last = None;
    for _ in 0..RUNS {
        let t = Instant::now();
        let scenario = Scenario::from_text(black_box(text)).expect("the worst inputs are valid");
        loads.push(t.elapsed());
        let t = Instant::now();
        let mut sim = Simulation::new(&scenario).expect("valid");
        sim.run_until_finished(LIMIT);
        runs.push(t.elapsed());
        last = Some(black_box(sim));
    }
    let sim = last.expect("ran");
    Figures {
        load: *loads.iter().max().unwrap(),
        run: *runs.iter().max().unwrap(),
        segments: sim.segments().len(),
        events: sim.events().len(),
        cut_short: sim.cut_short().is_some(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// `tcpsim` (the release binary next to this example) on a 100 KB JSON scenario.
fn tcpsim_on_big_json() -> Option<(usize, Duration)> {
    let scenario = Scenario::from_text(&everything_at_its_cap()).ok()?;
    let mut json = serde_json::to_string_pretty(&scenario).ok()?;
    // Pad with insignificant whitespace up to 100 KB: what a parser must read.
    let pad = 100 * 1024usize.saturating_sub(0) - json.len().min(100 * 1024);
    json.insert_str(json.len() - 1, &" ".repeat(pad));
    let path = std::env::temp_dir().join("tcpsim-100k.json");
    std::fs::write(&path, &json).ok()?;
    let exe = std::env::current_exe().ok()?;
    let tcpsim = exe.parent()?.parent()?.join("tcpsim");
    if !tcpsim.exists() {
        return None;
    }
    let t = Instant::now();
    let out = std::process::Command::new(tcpsim).arg(&path).output().ok()?;
    let took = t.elapsed();
    out.status.success().then_some((json.len(), took))
}

fn main() {
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run with --release for meaningful figures");
    }
    let inputs = [
        ("every list at its cap", everything_at_its_cap()),
        ("SYN flood, 1000 SYNs, 20 retries", flood()),
        ("1000 forged ACKs (RFC profile)", ack_war("rfc9293")),
        ("1000 forged ACKs (Linux profile)", ack_war("linux")),
        ("64 KiB each way, 64-byte MSS", longest_transfer()),
    ];
    println!(
        "{:<34} {:>7} {:>9} {:>9} {:>9} {:>8}  (slowest of 7)",
        "input", "bytes", "load ms", "run ms", "segments", "events"
    );
    for (name, text) in &inputs {
        let f = measure(text);
        println!(
            "{name:<34} {:>7} {:>9.2} {:>9.2} {:>9} {:>8}  {}",
            text.len(),
            ms(f.load),
            ms(f.run),
            f.segments,
            f.events,
            if f.cut_short { "cut short at a cap" } else { "" }
        );
    }
    match tcpsim_on_big_json() {
        Some((bytes, took)) => println!("tcpsim on a {bytes}-byte JSON scenario: {:.1} ms", ms(took)),
        None => println!("tcpsim on a 100 KB JSON: build it first (cargo build --release -p tcp-model)"),
    }
}
