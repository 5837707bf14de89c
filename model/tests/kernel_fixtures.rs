//! The model's Linux profile against captures of a real Linux kernel.
//!
//! `model/tests/fixtures/kernel/*.json` were recorded by `tools/kernel/` (two
//! network namespaces, a delaying and dropping relay, tcpdump) on kernel
//! 6.18. Each holds the scenario it ran, in this crate's scenario format, and
//! every segment seen. Here the same scenario runs through the model with
//! `"profile": "linux"` and the segment lists must agree: who sent it, flags,
//! relative seq and ack, payload length, and whether it was dropped. Timing
//! and window values are not compared (the model advertises 65535 without
//! window scaling; the kernel's timers fire a few ms late). Segments sent
//! within 5 ms of each other are compared as a set: the model sends them at
//! the same instant where the kernel separates them by microseconds, so
//! their order there is a race (e.g. the two ACKs of a simultaneous close).

use std::fs;
use std::path::Path;

use serde_json::Value;
use tcp_model::sim::trace::{trace, Numbering};
use tcp_model::{Scenario, Simulation, Time};

/// (from, flags, seq, ack, len, dropped) of one segment.
type Row = (String, String, i64, Option<i64>, u64, bool);

/// Sorts runs of segments sent less than 5 ms apart by sender, leaving the
/// rest of the order alone.
fn canonical(rows: Vec<(f64, Row)>) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    let mut group: Vec<Row> = Vec::new();
    let mut group_start = f64::NEG_INFINITY;
    for (t, row) in rows {
        if t - group_start >= 5.0 {
            group.sort_by(|a, b| a.0.cmp(&b.0));
            out.append(&mut group);
            group_start = t;
        }
        group.push(row);
    }
    group.sort_by(|a, b| a.0.cmp(&b.0));
    out.append(&mut group);
    out
}

fn kernel_rows(fixture: &Value) -> Vec<Row> {
    canonical(
        fixture["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .map(|s| (s["t_ms"].as_f64().unwrap(), kernel_row(s)))
            .collect(),
    )
}

fn kernel_row(s: &Value) -> Row {
    (
        s["from"].as_str().unwrap().to_string(),
        s["flags"].as_str().unwrap().to_string(),
        s["seq"].as_i64().unwrap(),
        s["ack"].as_i64(),
        s["len"].as_u64().unwrap(),
        s["dropped"].as_bool().unwrap(),
    )
}

/// The fixture's scenario as the model reads it: Linux profile, and the
/// kernel's sysctl settings mapped onto the matching tuning knobs.
fn model_scenario(fixture: &Value) -> Scenario {
    let mut scenario = fixture["scenario"].clone();
    let object = scenario.as_object_mut().unwrap();
    let sysctl = object.remove("sysctl");
    object.insert("profile".into(), "linux".into());
    let mut tcp = serde_json::Map::new();
    if let Some(linear) = sysctl
        .as_ref()
        .and_then(|s| s["net.ipv4.tcp_syn_linear_timeouts"].as_str())
    {
        tcp.insert(
            "syn_linear_timeouts".into(),
            linear.parse::<u32>().unwrap().into(),
        );
    }
    object.insert("tcp".into(), Value::Object(tcp));
    Scenario::from_json(&scenario.to_string()).unwrap_or_else(|e| panic!("fixture scenario: {e}"))
}

fn model_rows(scenario: &Scenario) -> Vec<Row> {
    let mut sim = Simulation::new(scenario).unwrap();
    sim.run_until_finished(Time(600_000));
    canonical(
        trace(&sim, Numbering::Relative)
            .segments
            .iter()
            .map(|s| {
                let from = serde_json::to_value(s.from)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string();
                let ack = s.flags.contains("ACK").then_some(s.ack);
                (
                    s.sent_ms as f64,
                    (from, s.flags.clone(), s.seq, ack, u64::from(s.len), s.dropped),
                )
            })
            .collect(),
    )
}

fn show(rows: &[Row]) -> String {
    rows.iter()
        .map(|(from, flags, seq, ack, len, dropped)| {
            let ack = ack.map_or(String::from("-"), |a| a.to_string());
            let dropped = if *dropped { " DROPPED" } else { "" };
            format!("  {from:<6} {flags:<8} seq={seq} ack={ack} len={len}{dropped}\n")
        })
        .collect()
}

#[test]
fn linux_profile_matches_every_kernel_capture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kernel");
    let mut files: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "expected the kernel fixtures in {}",
        dir.display()
    );
    let mut failures = String::new();
    for file in &files {
        let fixture: Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
        let expected = kernel_rows(&fixture);
        let actual = model_rows(&model_scenario(&fixture));
        if expected != actual {
            let name = file.file_name().unwrap().to_string_lossy();
            failures.push_str(&format!(
                "{name}:\n kernel:\n{} model:\n{}\n",
                show(&expected),
                show(&actual)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "the model differs from the kernel:\n{failures}"
    );
}
