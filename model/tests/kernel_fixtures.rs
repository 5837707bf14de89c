//! The model's Linux profile against captures of a real Linux kernel.
//!
//! `model/tests/fixtures/kernel/*.json` were recorded by `tools/kernel/` (two
//! network namespaces, a delaying and dropping relay, tcpdump) on kernel
//! 6.18. Each holds the scenario it ran, in this crate's scenario format, and
//! every segment seen. Here the same scenario runs through the model with
//! `"profile": "linux"` and the segment lists must agree: who sent it, flags,
//! relative seq and ack, payload length, and whether it was dropped; and
//! every retransmission's wait must match the kernel's within one bucket of
//! the timer wheel (see `wait_mismatches`). Window values are not compared
//! (the model advertises 65535 without window scaling). The model sends no
//! TCP options after the SYNs: a fixture whose segments carry more than the
//! MSS less 12 bytes ran with `net.ipv4.tcp_timestamps=0`, since Linux's
//! timestamp option takes 12 bytes of each (tools/kernel/LINUX-FACTS.md (l)).
//! `KERNEL_FIXTURES=DIR` compares another folder of the tool's output, such as
//! a batch of generated scenarios. Segments sent
//! within 20 ms of each other are compared as a set: the model sends them at
//! the same instant (or its 10 ms spacing apart) where the kernel separates
//! them by microseconds, so their order there is a race (e.g. the two ACKs of
//! a simultaneous close). Causally linked segments of the two hosts are a
//! one-way delay (100 ms) apart, so no real ordering hides in a group.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;
use tcp_model::sim::trace::{trace, Numbering};
use tcp_model::tuning::wheel;
use tcp_model::{Millis, Scenario, Simulation, Time};

/// (from, flags, seq, ack, len, dropped) of one segment.
type Row = (String, String, i64, Option<i64>, u64, bool);

/// Sorts runs of segments sent less than 20 ms apart by sender, leaving the
/// rest of the order alone.
/// Each row keeps its send time (ms).
fn canonical(rows: Vec<(f64, Row)>) -> Vec<(f64, Row)> {
    let mut out = Vec::new();
    let mut group: Vec<(f64, Row)> = Vec::new();
    let mut group_start = f64::NEG_INFINITY;
    for (t, row) in rows {
        if t - group_start >= 20.0 {
            group.sort_by(|a, b| a.1 .0.cmp(&b.1 .0));
            out.append(&mut group);
            group_start = t;
        }
        group.push((t, row));
    }
    group.sort_by(|a, b| a.1 .0.cmp(&b.1 .0));
    out.append(&mut group);
    out
}

fn kernel_rows(fixture: &Value) -> Vec<(f64, Row)> {
    canonical(
        fixture["segments"]
            .as_array()
            .expect("segments")
            .iter()
            .map(|s| (s["t_ms"].as_f64().unwrap(), kernel_row(s)))
            .collect(),
    )
}

/// The seq written for an RST with raw sequence number 0 (the answer to a
/// SYN that found no socket): relative to the sender's ISN it is a number
/// that depends on the kernel's random ISN, so both sides compare the raw 0.
const RAW_ZERO_RST: i64 = -1;

fn kernel_row(s: &Value) -> Row {
    let flags = s["flags"].as_str().unwrap();
    let raw_zero_rst = flags.contains("RST") && s["seq_raw"].as_i64() == Some(0);
    (
        s["from"].as_str().unwrap().to_string(),
        flags.to_string(),
        if raw_zero_rst {
            RAW_ZERO_RST
        } else {
            s["seq"].as_i64().unwrap()
        },
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
    for (sysctl_name, knob) in [
        ("net.ipv4.tcp_syn_linear_timeouts", "syn_linear_timeouts"),
        ("net.ipv4.tcp_syncookies", "syncookies"),
    ] {
        if let Some(value) = sysctl.as_ref().and_then(|s| s[sysctl_name].as_str()) {
            tcp.insert(knob.into(), value.parse::<u32>().unwrap().into());
        }
    }
    object.insert("tcp".into(), Value::Object(tcp));
    Scenario::from_json(&scenario.to_string()).unwrap_or_else(|e| panic!("fixture scenario: {e}"))
}

fn model_rows(scenario: &Scenario) -> Vec<(f64, Row)> {
    let mut sim = Simulation::new(scenario).unwrap();
    sim.run_until_finished(Time(600_000));
    let absolute = trace(&sim, Numbering::Absolute).segments;
    canonical(
        trace(&sim, Numbering::Relative)
            .segments
            .iter()
            .zip(&absolute)
            .map(|(s, raw)| {
                let from = serde_json::to_value(s.from)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string();
                let ack = s.flags.contains("ACK").then_some(s.ack);
                let seq = if s.flags.contains("RST") && raw.seq == 0 {
                    RAW_ZERO_RST
                } else {
                    s.seq
                };
                (
                    s.sent_ms as f64,
                    (from, s.flags.clone(), seq, ack, u64::from(s.len), s.dropped),
                )
            })
            .collect(),
    )
}

/// For each segment that repeats an earlier one (same sender, flags, seq and
/// length): its index and how long after the latest earlier copy it left.
fn repeat_waits(rows: &[(f64, Row)]) -> Vec<(usize, f64)> {
    let key = |r: &Row| (r.0.clone(), r.1.clone(), r.2, r.4);
    (0..rows.len())
        .filter_map(|i| {
            let earlier = rows[..i].iter().rev().find(|(_, r)| key(r) == key(&rows[i].1))?;
            Some((i, rows[i].0 - earlier.0))
        })
        .collect()
}

/// Retransmission timing: every wait before a repeated segment must match
/// the kernel's within one bucket of Linux's timer wheel for that wait (the
/// kernel's ticks have another phase than the model's), plus 12 ms for the
/// model's 10 ms spacing of one host's segments and the kernel's jitter.
fn wait_mismatches(file: &Path, kernel: &[(f64, Row)], model: &[(f64, Row)]) -> String {
    let name = file.file_name().unwrap().to_string_lossy();
    let mut out = String::new();
    for ((i, k), (_, m)) in repeat_waits(kernel).into_iter().zip(repeat_waits(model)) {
        let bucket = wheel::granularity(Millis(k as u64)).0 as f64;
        if (m - k).abs() > bucket + 12.0 {
            let flags = &kernel[i].1 .1;
            out.push_str(&format!(
                "{name}: segment {i} ({flags}) waited {m:.1} ms in the model, {k:.1} ms in the kernel (tolerance {bucket} + 12 ms)\n"
            ));
        }
    }
    out
}

fn show(rows: &[(f64, Row)]) -> String {
    rows.iter()
        .map(|(_, (from, flags, seq, ack, len, dropped))| {
            let ack = ack.map_or(String::from("-"), |a| a.to_string());
            let dropped = if *dropped { " DROPPED" } else { "" };
            format!("  {from:<6} {flags:<8} seq={seq} ack={ack} len={len}{dropped}\n")
        })
        .collect()
}

#[test]
fn linux_profile_matches_every_kernel_capture() {
    let (dir, committed) = common::kernel_folder("KERNEL_FIXTURES", "kernel");
    let at_least = if committed { 15 } else { 1 };
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= at_least,
        "expected the kernel fixtures in {}",
        dir.display()
    );
    let mut failures = String::new();
    for file in &files {
        let fixture: Value = serde_json::from_str(&fs::read_to_string(file).unwrap()).unwrap();
        let expected = kernel_rows(&fixture);
        let actual = model_rows(&model_scenario(&fixture));
        let rows = |v: &[(f64, Row)]| v.iter().map(|(_, r)| r.clone()).collect::<Vec<_>>();
        if rows(&expected) == rows(&actual) {
            failures.push_str(&wait_mismatches(file, &expected, &actual));
        } else {
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
