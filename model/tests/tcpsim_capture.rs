//! `tcpsim --from-pcap` and `tcpsim --list-streams` as a user runs them: on
//! corpus captures (made by real tools, see `tools/captures/README.md`) and on
//! files that are not captures, each answered with one line on stderr and
//! exit status 2.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/captures")
        .join(name)
}

fn tcpsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tcpsim"))
        .args(args)
        .output()
        .expect("tcpsim runs")
}

fn ok(args: &[&str]) -> String {
    let out = tcpsim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The one stderr line of a refused input.
fn error(args: &[&str]) -> String {
    let out = tcpsim(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).expect("utf-8");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    err.trim_end().to_string()
}

fn path(name: &str) -> String {
    corpus(name).to_string_lossy().into_owned()
}

#[test]
fn list_streams_prints_one_line_per_connection() {
    let out = ok(&["--list-streams", &path("port_reuse.pcap")]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    for (n, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!(
                "{n}  127.0.0.1:40000 > 127.0.0.1:7001  packets=8  duration_ms="
            )),
            "{line}"
        );
        assert!(line.ends_with("syn=yes"), "{line}");
    }
    let out = ok(&["--list-streams", &path("mid_connection.pcapng")]);
    assert!(out.trim_end().ends_with("syn=no"), "{out}");
    let out = ok(&["--list-streams", &path("http_v6.pcap")]);
    assert!(out.contains("[::1]:") && out.contains(" > [::1]:8000 "), "{out}");
}

#[test]
fn from_pcap_prints_the_trace_shape() {
    let trace: Value = serde_json::from_str(&ok(&["--from-pcap", &path("half_close.pcap")])).expect("JSON");
    let scenario: Value = serde_json::from_str(&ok(&["handshake-and-close"])).expect("JSON");
    // Every key of a scenario trace's segment is there, but the purpose (and
    // the drop time, absent when nothing is dropped) a capture cannot know.
    let keys = |v: &Value| -> Vec<String> { v.as_object().expect("object").keys().cloned().collect() };
    let ours = keys(&trace["segments"][0]);
    for key in keys(&scenario["segments"][0]) {
        assert!(key == "purpose" || ours.contains(&key), "missing {key}");
    }
    for key in ["states", "events", "finished"] {
        assert!(trace.get(key).is_some(), "missing {key}");
    }
    assert_eq!(
        trace["states"]["client"],
        serde_json::json!([
            "CLOSED",
            "SYN-SENT",
            "ESTABLISHED",
            "FIN-WAIT-1",
            "FIN-WAIT-2",
            "TIME-WAIT"
        ])
    );
    assert_eq!(trace["start"]["server"], "listened");
    let first = &trace["segments"][0];
    assert_eq!(
        (first["from"].as_str(), first["flags"].as_str()),
        (Some("client"), Some("SYN"))
    );
    assert_eq!(
        (first["seq"].as_u64(), first["sent_ms"].as_f64()),
        (Some(0), Some(0.0))
    );
    // Capture times are fractional milliseconds: a loopback reply takes microseconds.
    let second = trace["segments"][1]["sent_ms"].as_f64().expect("a number");
    assert!(second > 0.0 && second < 1.0, "{second}");
    assert_eq!(
        trace["segments"][1]["arrives_ms"],
        trace["segments"][1]["sent_ms"]
    );
    let changes = &trace["state_changes"]["server"];
    assert_eq!(changes[1]["state"], "LISTEN");
    assert!(changes[1]["at_ms"].is_null(), "LISTEN began before the capture");
}

#[test]
fn from_pcap_picks_the_stream() {
    let second: Value =
        serde_json::from_str(&ok(&["--from-pcap", &path("vlan.pcapng"), "--stream", "1"])).expect("JSON");
    assert_eq!(second["capture"]["stream"], 1);
    assert_eq!(second["capture"]["server"], "10.99.0.2:8001");
}

/// The frames in no connection are counted by reason, and with the TCP
/// frames tshark lists they make up the whole file.
#[test]
fn from_pcap_counts_the_frames_left_out() {
    let trace: Value = serde_json::from_str(&ok(&["--from-pcap", &path("vlan.pcapng")])).expect("JSON");
    let info = &trace["capture"];
    let skipped = &info["skipped"];
    let count = |key: &str| {
        skipped[key]
            .as_u64()
            .unwrap_or_else(|| panic!("skipped.{key}: {skipped}"))
    };
    let reasons = [
        "not_ip",
        "not_tcp",
        "fragments",
        "truncated",
        "unknown_link",
        "malformed",
    ];
    let left_out: u64 = reasons.iter().map(|r| count(r)).sum();
    let csv = std::fs::read_to_string(corpus("vlan.pcapng.tshark.csv")).expect("tshark's reading");
    let tcp_frames = csv.lines().skip(1).filter(|l| !l.is_empty()).count() as u64;
    assert_eq!(info["frames"].as_u64(), Some(tcp_frames + left_out), "{info}");
    assert!(count("not_ip") > 0, "its ARP frames: {skipped}");
    // A loopback capture filtered on tcp: nothing left out.
    let trace: Value = serde_json::from_str(&ok(&["--from-pcap", &path("half_close.pcap")])).expect("JSON");
    for reason in reasons {
        assert_eq!(trace["capture"]["skipped"][reason], 0, "{reason}");
    }
}

#[test]
fn bad_captures_get_one_line() {
    let cases = [
        ("bad/empty.pcap", "the file is empty"),
        (
            "bad/not_a_capture.zip",
            "the file is compressed with zip; decompress it first (unzip)",
        ),
        (
            "bad/truncated_file_header.pcap",
            "truncated pcap file header at byte 0",
        ),
        ("bad/truncated_packet.pcap", "truncated pcap packet at byte 24"),
        ("bad/no_tcp.pcap", "no TCP packets in this capture"),
        (
            "compressed/http_v4.pcap.gz",
            "the file is compressed with gzip; decompress it first (gunzip)",
        ),
    ];
    for (name, message) in cases {
        for flag in ["--from-pcap", "--list-streams"] {
            let err = error(&[flag, &path(name)]);
            assert!(
                err.starts_with("tcpsim: ") && err.contains(message),
                "{name}: {err}"
            );
        }
    }
    let err = error(&["--from-pcap", &path("refused.pcap"), "--stream", "4"]);
    assert!(
        err.ends_with("has no stream 4: its only stream is 0 (see tcpsim --list-streams)"),
        "{err}"
    );
    let err = error(&["--from-pcap", &path("vlan.pcap"), "--stream", "2"]);
    assert!(err.contains("its streams are 0 to 1"), "{err}");
    assert!(error(&["--from-pcap", "no/such/file.pcap"]).starts_with("tcpsim: cannot read no/such/file.pcap"));
    assert!(error(&["--from-pcap", &path("http_v4.pcap"), "--stream", "x"]).contains("stream number"));
    assert!(error(&["--from-pcap"]).contains("needs a capture file"));
    assert!(
        error(&["lost-fin", "--from-pcap", &path("http_v4.pcap")]).contains("does not go with a scenario")
    );
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_read() {
    // /dev/zero never ends: only the bounded read stops it.
    let err = error(&["--from-pcap", "/dev/zero"]);
    assert_eq!(
        err,
        "tcpsim: /dev/zero is larger than 20 MB, the limit for a capture"
    );
}

/// A capture whose writer was killed mid-packet: explained up to the cut
/// (exit 0, the JSON says where), with one warning line on stderr, as
/// tcpdump -r reads the packets before it and then complains.
#[test]
fn a_file_cut_mid_packet_is_explained_up_to_the_cut() {
    let whole = std::fs::read(corpus("http_v4.pcap")).expect("corpus file");
    let dir = std::env::temp_dir().join(format!("tcpsim-cut-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &whole[..whole.len() - 5]).expect("write");
    let out = tcpsim(&["--from-pcap", &cut.to_string_lossy()]);
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let at = json["capture"]["cut"].as_str().expect("capture.cut");
    assert!(at.starts_with("truncated pcap packet at byte "), "{at}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("the packets before it are read"), "{err}");
    let full: Value = serde_json::from_str(&ok(&["--from-pcap", &path("http_v4.pcap")])).expect("JSON");
    assert!(full["capture"].get("cut").is_none());
    let n = |v: &Value| v["segments"].as_array().map_or(0, Vec::len);
    assert_eq!(n(&json) + 1, n(&full), "every packet but the cut one");
    std::fs::remove_dir_all(&dir).ok();
}
