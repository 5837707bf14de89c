//! Helpers shared by the integration tests: run a scenario to its end and
//! write what happened as compact lines that a person can check against the
//! RFC by hand, and compare such lines with a readable diff.
//!
//! Each test crate uses only some of these helpers.
#![allow(dead_code)]

use tcp_model::capture::{Capture, Format, Ip, Packet, Skipped, TcpOptions};
use tcp_model::sim::trace::{lifeline_states, trace, Numbering};
use tcp_model::{Scenario, Side, Simulation, Time};

/// The folder of `tools/kernel/` output a kernel test reads: the one the
/// environment variable `var` names (e.g. a batch of generated scenarios),
/// else `committed` under `tests/fixtures/`. The flag says whether it is the
/// committed folder, whose minimum counts the tests check.
pub fn kernel_folder(var: &str, committed: &str) -> (std::path::PathBuf, bool) {
    match std::env::var_os(var) {
        Some(dir) => (dir.into(), false),
        None => (
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(committed),
            true,
        ),
    }
}

/// Longer than any built-in or test scenario runs (virtual time).
pub const LIMIT: Time = Time(3_600_000);

/// Parses a scenario and runs it until nothing more happens.
#[track_caller]
pub fn run_json(json: &str) -> Simulation {
    let scenario = Scenario::from_json(json).unwrap_or_else(|e| panic!("scenario: {e}"));
    run(&scenario)
}

#[track_caller]
pub fn run(scenario: &Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario).unwrap_or_else(|e| panic!("scenario: {e}"));
    sim.run_until_finished(LIMIT);
    assert!(sim.is_finished(), "the run did not finish by {LIMIT}");
    sim
}

/// One line per segment, absolute numbers:
/// `sent arrives from flags seq ack len purpose [rtx] [dropped@ms]`, with `-`
/// for the ack field of a segment without the ACK flag.
pub fn segment_lines(sim: &Simulation) -> Vec<String> {
    trace(sim, Numbering::Absolute)
        .segments
        .iter()
        .map(|s| {
            let name = |v: serde_json::Value| v.as_str().unwrap_or("?").to_string();
            let from = name(serde_json::to_value(s.from).unwrap());
            let purpose = name(serde_json::to_value(s.purpose).unwrap());
            let ack = if s.flags.contains("ACK") {
                s.ack.to_string()
            } else {
                "-".to_string()
            };
            let mut line = format!(
                "{} {} {from} {} {} {ack} {} {purpose}",
                s.sent_ms, s.arrives_ms, s.flags, s.seq, s.len
            );
            if s.retransmission {
                line.push_str(" rtx");
            }
            if let Some(at) = s.dropped_ms {
                line.push_str(&format!(" dropped@{at}"));
            }
            line
        })
        .collect()
}

/// `client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 …`: the lifeline's states
/// (`trace::lifeline_states`) with the time each began.
pub fn state_line(sim: &Simulation, side: Side) -> String {
    let bands = sim.state_bands(side, sim.last_event_time());
    let states: Vec<_> = bands.iter().map(|b| b.state).collect();
    assert_eq!(
        states,
        lifeline_states(sim.events(), side),
        "state bands and lifeline states disagree"
    );
    let mut line = format!("{side}:");
    for b in bands {
        line.push_str(&format!(" {}@{}", b.state, b.start.0));
    }
    line
}

/// Everything a scenario test compares: the segments, then both lifelines.
pub fn describe_run(sim: &Simulation) -> Vec<String> {
    let mut lines = segment_lines(sim);
    lines.push(state_line(sim, Side::Client));
    lines.push(state_line(sim, Side::Server));
    lines
}

/// Expected lines written by hand, aligned freely: runs of spaces count as
/// one, blank lines and `//` comments are skipped.
pub fn normalize(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// `Ok` when the lines are equal; otherwise a line diff (`-` expected,
/// `+` actual, two spaces for lines both have).
pub fn compare(expected: &[String], actual: &[String]) -> Result<(), String> {
    if expected == actual {
        return Ok(());
    }
    // Longest common subsequence, fine for the few dozen lines of a scenario.
    let (n, m) = (expected.len(), actual.len());
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if expected[i] == actual[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut diff = String::new();
    while i < n || j < m {
        if i < n && j < m && expected[i] == actual[j] {
            diff.push_str(&format!("  {}\n", expected[i]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
            diff.push_str(&format!("+ {}\n", actual[j]));
            j += 1;
        } else {
            diff.push_str(&format!("- {}\n", expected[i]));
            i += 1;
        }
    }
    Err(diff)
}

#[track_caller]
pub fn assert_lines(expected: &str, actual: &[String]) {
    if let Err(diff) = compare(&normalize(expected), actual) {
        panic!("the run differs from what was expected (- expected, + actual):\n{diff}");
    }
}

/// Every pcap and pcapng file in `tests/fixtures/<folder>`, in name order.
pub fn capture_files(folder: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap" || x == "pcapng"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("readable"))
        .collect()
}

/// Every good file of the capture corpus (`tests/fixtures/captures/*.pcap*`),
/// read once per test binary, in name order.
pub fn capture_corpus() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| capture_files("captures"))
}

/// The records (16-byte header and data) of a little-endian pcap, in order.
pub fn pcap_records(file: &[u8]) -> Vec<&[u8]> {
    let mut records = Vec::new();
    let mut at = 24;
    while at + 16 <= file.len() {
        let len = u32::from_le_bytes(file[at + 8..at + 12].try_into().expect("4 bytes")) as usize;
        records.push(&file[at..at + 16 + len]);
        at += 16 + len;
    }
    records
}

/// One CSV line (as tshark writes the corpus's references: no quoting) as
/// column name -> value.
pub type CsvRow = std::collections::HashMap<String, String>;

/// The innermost IP header's address (`src` or `dst`): tshark lists every
/// IP header's, outermost first, when a tunnel carries the segment; where
/// both versions are there, the protocol chain (`eth:ethertype:ip:udp:vxlan:
/// eth:ethertype:ipv6:tcp`) says which came last.
pub fn innermost(row: &CsvRow, end: &str) -> String {
    let last = |column: String| row[&column].rsplit(';').next().unwrap_or_default().to_string();
    let (v4, v6) = (last(format!("ip.{end}")), last(format!("ipv6.{end}")));
    let chain = row.get("frame.protocols").map_or("", String::as_str);
    let six_last = chain.rfind(":ipv6:") > chain.rfind(":ip:");
    if v4.is_empty() || (!v6.is_empty() && six_last) {
        v6
    } else {
        v4
    }
}

/// The rows of a CSV text with a header line; `name` is for messages.
pub fn csv_rows(name: &str, text: &str) -> Vec<CsvRow> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header line").split(',').collect();
    lines
        .map(|line| {
            let values: Vec<&str> = line.split(',').collect();
            assert_eq!(values.len(), header.len(), "{name}: {line}");
            header
                .iter()
                .zip(values)
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// A packet of a made-up connection, 10.0.0.1:40000 (`up`: from it) and
/// 10.0.0.2:80, captured at `us` microseconds, window 1000, no options.
pub fn hand_packet(frame: u32, us: u64, up: bool, seq: u32, ack: u32, flags: u8, len: u32) -> Packet {
    let (client, server) = (Ip::V4([10, 0, 0, 1]), Ip::V4([10, 0, 0, 2]));
    Packet {
        frame,
        interface: 0,
        ts_ns: us * 1000,
        src: if up { client } else { server },
        dst: if up { server } else { client },
        src_port: if up { 40000 } else { 80 },
        dst_port: if up { 80 } else { 40000 },
        seq,
        ack,
        flags,
        window: 1000,
        options: TcpOptions::default(),
        payload_len: len,
        urgent: 0,
        option_bytes: Vec::new(),
        option_len: 0,
        ip_id: None,
        ip_ecn: 0,
        extensions: Vec::new(),
        tunnels: Vec::new(),
        // Captured, but not kept: what tcpdump would write after the
        // length is unknown.
        payload: Vec::new(),
        payload_captured: len,
    }
}

/// A pcap file's reading made of `packets` (every frame TCP).
pub fn hand_capture(packets: Vec<Packet>) -> Capture {
    Capture {
        format: Format::Pcap,
        frames: packets.len() as u32,
        packets,
        skipped: Skipped::default(),
        cut: None,
    }
}

/// The states a capture's observer shows `side` passing through, in order.
pub fn capture_states(run: &tcp_model::observe::CaptureRun, side: Side) -> Vec<tcp_model::State> {
    run.states(side).states.iter().map(|s| s.state).collect()
}
