//! Checks `tcp_model::pcap` against an independent reader: tshark (Wireshark's
//! command-line dissector) must read back every header field as written and
//! find no malformed packet and no bad checksum.
//!
//! This test needs tshark installed (`bash scripts/setup.sh` does it). It fails
//! rather than skips when tshark is missing, so a green run always means the
//! capture was really checked.

use std::path::PathBuf;
use std::process::Command;

use tcp_model::export::pcap::{write as write_pcap, Captured};
use tcp_model::{Addr, Flags, Header, Seq, Time};

const CLIENT: Addr = Addr::new([10, 0, 0, 1], 49152);
const SERVER: Addr = Addr::new([10, 0, 0, 2], 80);

fn segment(ms: u64, src: Addr, flags: Flags, seq: u32, ack: u32, len: u32, mss: Option<u16>) -> Captured {
    let (dst, window) = if src == CLIENT {
        (SERVER, 64240)
    } else {
        (CLIENT, 65535)
    };
    // A RST from a closed port has no receive buffer to advertise (Linux sends 0).
    let window = if flags.rst() { 0 } else { window };
    Captured {
        at: Time(ms),
        header: Header {
            src,
            dst,
            seq: Seq(seq),
            ack: Seq(ack),
            flags,
            window,
            mss,
            len,
        },
    }
}

/// A whole connection as a learner would capture it next to the client.
fn connection() -> Vec<Captured> {
    vec![
        // 1, 2: the first SYN is lost; the client retransmits it after the 1 s initial RTO.
        segment(0, CLIENT, Flags::SYN, 1000, 0, 0, Some(1460)),
        segment(1000, CLIENT, Flags::SYN, 1000, 0, 0, Some(1460)),
        // 3, 4: the rest of the handshake.
        segment(1010, SERVER, Flags::SYN_ACK, 8000, 1001, 0, Some(1024)),
        segment(1020, CLIENT, Flags::ACK, 1001, 8001, 0, None),
        // 5, 6: a request and a reply.
        segment(1030, CLIENT, Flags::PSH_ACK, 1001, 8001, 20, None),
        segment(1040, SERVER, Flags::PSH_ACK, 8001, 1021, 10, None),
        // 7-10: the client closes first, then the server.
        segment(1050, CLIENT, Flags::FIN_ACK, 1021, 8011, 0, None),
        segment(1060, SERVER, Flags::ACK, 8011, 1022, 0, None),
        segment(1070, SERVER, Flags::FIN_ACK, 8011, 1022, 0, None),
        segment(1080, CLIENT, Flags::ACK, 1022, 8012, 0, None),
        // 11, 12: a late duplicate of the request reaches the server after it
        // closed; a closed port answers with RST, seq taken from the segment's
        // ACK field and no ACK flag (RFC 9293 3.10.7.1).
        segment(1500, CLIENT, Flags::PSH_ACK, 1001, 8001, 20, None),
        segment(1501, SERVER, Flags::RST, 8001, 0, 0, None),
    ]
}

/// Writes the capture under target/tmp (one file per test, so tests can run in parallel).
fn capture_file(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, write_pcap(&connection())).expect("write the pcap file");
    path
}

/// Runs tshark with checksum validation on (it is off by default, and then
/// Wireshark reports every checksum as "unverified" instead of good or bad).
fn tshark(file: &PathBuf, args: &[&str]) -> String {
    let output = Command::new("tshark")
        .arg("-r")
        .arg(file)
        .args(["-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE"])
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run tshark ({e}); it is required for this test: run `bash scripts/setup.sh`")
        });
    assert!(
        output.status.success(),
        "tshark failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tshark prints UTF-8")
}

#[test]
fn tshark_reads_back_every_field_as_written() {
    let file = capture_file("pcap_tshark_fields.pcap");
    let out = tshark(
        &file,
        &[
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "tcp.flags.str",
            "-e",
            "tcp.seq_raw",
            "-e",
            "tcp.ack_raw",
            "-e",
            "tcp.len",
            "-e",
            "tcp.options.mss_val",
        ],
    );
    // tcp.flags.str spells all 12 bits of the flags field, high to low:
    // reserved (3), AE, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.
    let expected = [
        "1\t··········S·\t1000\t0\t0\t1460",
        "2\t··········S·\t1000\t0\t0\t1460",
        "3\t·······A··S·\t8000\t1001\t0\t1024",
        "4\t·······A····\t1001\t8001\t0\t",
        "5\t·······AP···\t1001\t8001\t20\t",
        "6\t·······AP···\t8001\t1021\t10\t",
        "7\t·······A···F\t1021\t8011\t0\t",
        "8\t·······A····\t8011\t1022\t0\t",
        "9\t·······A···F\t8011\t1022\t0\t",
        "10\t·······A····\t1022\t8012\t0\t",
        "11\t·······AP···\t1001\t8001\t20\t",
        "12\t·········R··\t8001\t0\t0\t",
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "tshark output:\n{out}");
}

#[test]
fn tshark_finds_no_malformed_packet_and_no_bad_checksum() {
    let file = capture_file("pcap_tshark_expert.pcap");

    // Per frame: both checksums must be verified good (1), not bad (0) or unverified (2).
    let out = tshark(
        &file,
        &[
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "ip.checksum.status",
            "-e",
            "tcp.checksum.status",
        ],
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 12, "tshark output:\n{out}");
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            fields[1..],
            ["1", "1"],
            "frame {} checksums (ip, tcp) not good:\n{out}",
            fields[0]
        );
    }

    // The expert summary: retransmission and RST notes are true and expected;
    // malformed packets, checksum problems and errors are not.
    let summary = tshark(&file, &["-q", "-z", "expert"]);
    for bad in ["Malformed", "Checksum", "Errors"] {
        assert!(
            !summary.contains(bad),
            "expert info reports \"{bad}\":\n{summary}"
        );
    }
    assert!(
        summary.contains("retransmission"),
        "the duplicate SYN and data are flagged:\n{summary}"
    );
    assert!(summary.contains("Connection reset (RST)"), "{summary}");
}

#[test]
fn tshark_sees_the_same_payload_in_the_late_duplicate() {
    let file = capture_file("pcap_tshark_payload.pcap");
    let out = tshark(
        &file,
        &[
            "-Y",
            "tcp.len > 0",
            "-T",
            "fields",
            "-e",
            "frame.number",
            "-e",
            "tcp.payload",
        ],
    );
    // Bytes 1001..=1020 are "nopqrstuvwxyzabcdefg"; bytes 8001..=8010 are "tuvwxyzabc".
    let request = "6e6f707172737475767778797a61626364656667";
    let reply = "7475767778797a616263";
    let expected = [
        format!("5\t{request}"),
        format!("6\t{reply}"),
        format!("11\t{request}"),
    ];
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines, expected, "tshark output:\n{out}");
}
