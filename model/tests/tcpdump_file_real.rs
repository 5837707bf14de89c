//! The widget's `tcpdump -nn -r` view of a capture against the real tool:
//! every capture of the corpus and of the kernel captures is printed
//! connection by connection (`tcp_model::learn::tcpdump_file`), put back in
//! file order, and compared line by line with what tcpdump 4.99 printed for
//! the file in UTC (`F.tcpdump.txt`, made by `tools/captures/tcpdump.sh`).
//! tcpdump's lines for frames that are not TCP are left out of the
//! comparison, and so is what the reader cannot know: the interface and
//! direction that start a line of a Linux cooked v2 capture (the interface's
//! name is looked up on the reading machine; tcpdump warns it may be wrong).

use std::fs;
use std::path::{Path, PathBuf};

use tcp_model::capture::{read, streams, TEXT_PORTS};
use tcp_model::learn::tcpdump_file::tcpdump_file;

/// The corpus, the kernel captures, and the segments with the options,
/// flags and IP headers tcpdump prints in its rarer ways, made up or live
/// (`tools/captures/README.md`: odd options, IPv6 extension headers and
/// IPsec AH, MPTCP, TCP-MD5), and the text payloads tcpdump prints a line
/// of (HTTP, RTSP, FTP, SMTP, WHOIS, SSH), made up and live.
fn folders() -> [PathBuf; 3] {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    [
        root.join("captures"),
        root.join("kernel_captures"),
        root.join("tcpdump_options"),
    ]
}

/// The TCP lines tcpdump printed, without a cooked v2 line's interface and
/// direction (`12:15:10.131362 lo    In  IP ...` → `12:15:10.131362 IP ...`).
/// Lines tcpdump ended in the headers before TCP count too: an invalid
/// routing header (`(invalid)`), a header after IPsec's AH (` ip-proto-N`).
/// A VXLAN packet takes two lines (the tunnel, then the packet inside it,
/// without a time), kept together as one, as the view writes them.
fn tcpdump_lines(text: &str) -> Vec<String> {
    let mut packets: Vec<String> = Vec::new();
    for l in text.lines() {
        match packets.last_mut() {
            Some(last) if l.starts_with("IP ") || l.starts_with("IP6 ") => {
                last.push('\n');
                last.push_str(l);
            }
            _ => packets.push(l.to_string()),
        }
    }
    packets
        .iter()
        .filter(|l| l.contains(": Flags [") || l.ends_with(" (invalid)") || l.contains("):  ip-proto-"))
        .map(|l| {
            let (time, rest) = l.split_once(' ').unwrap_or((l, ""));
            // The first of either (a tunnel's outer IPv6 header may come
            // before an inner IPv4 one).
            let from_ip = [rest.find("IP "), rest.find("IP6 ")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(0);
            format!("{time} {}", &rest[from_ip..])
        })
        .collect()
}

/// The widget's lines for every packet of every connection, in file order,
/// each with whether the view may stop at its length where tcpdump goes on:
/// its connection's `decoded_port` is set, and the packet is not on a text
/// port, or has payload bytes the reader did not keep. A line on a text
/// port with every captured byte kept must match tcpdump's in full.
fn widget_lines(file: &[u8]) -> Vec<(String, bool)> {
    let capture = read(file).unwrap_or_else(|e| panic!("reads: {e:?}"));
    let mut numbered: Vec<(usize, (String, bool))> = Vec::new();
    for s in streams(&capture) {
        let view = tcpdump_file(&capture, &s, Some(u64::MAX), 0);
        assert_eq!(
            view.lines.len(),
            s.packets.len(),
            "every packet of stream {}",
            s.index
        );
        for (&i, line) in s.packets.iter().zip(view.lines) {
            let p = &capture.packets[i];
            let text = TEXT_PORTS.contains(&p.src_port) || TEXT_PORTS.contains(&p.dst_port);
            let unkept = p.payload_captured as usize > p.payload.len();
            numbered.push((i, (line, view.decoded_port.is_some() && (!text || unkept))));
        }
    }
    numbered.sort_by_key(|(i, _)| *i);
    numbered.into_iter().map(|(_, l)| l).collect()
}

#[test]
fn every_capture_prints_as_tcpdump_prints_it() {
    let mut files = 0;
    let mut lines = 0;
    for dir in folders() {
        let mut names: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(".tcpdump.txt"))
            .collect();
        names.sort();
        for expected_path in names {
            let capture_path =
                PathBuf::from(expected_path.to_string_lossy().trim_end_matches(".tcpdump.txt"));
            let expected = tcpdump_lines(&fs::read_to_string(&expected_path).unwrap_or_default());
            if expected.is_empty() {
                // tcpdump refused the file (two link types in one pcapng).
                continue;
            }
            let actual = widget_lines(&fs::read(&capture_path).unwrap_or_default());
            let name = capture_path.display();
            for (n, (e, (a, may_stop))) in expected.iter().zip(&actual).enumerate() {
                // On a port whose payload tcpdump decodes and the view does
                // not, its line goes on after the length (`length 5: BGP`,
                // `length 40 [|bgp]`), and the view says so.
                let decodes_on = *may_stop
                    && a.contains(", length ")
                    && (e.starts_with(&format!("{a}: ")) || e.starts_with(&format!("{a} [|")));
                if !decodes_on {
                    assert_eq!(a, e, "{name}: line {} of its TCP packets", n + 1);
                }
            }
            // libpcap stops at a second section in the other byte order
            // ("block size 1811939328 > maximum"); the reader, as
            // Wireshark, goes on: the lines tcpdump printed must agree.
            let stops_early = capture_path.ends_with("two_sections.pcapng");
            if stops_early {
                assert!(
                    actual.len() > expected.len(),
                    "{name}: the reader reads past libpcap"
                );
            } else {
                assert_eq!(actual.len(), expected.len(), "{name}: as many lines");
            }
            files += 1;
            lines += actual.len();
        }
    }
    assert!(
        files >= 60 && lines >= 1000,
        "the corpus was read: {files} files, {lines} lines"
    );
}

#[test]
fn the_view_stops_at_the_moment_shown_and_keeps_the_readers_zone() {
    let dir = &folders()[0];
    let file = fs::read(dir.join("http_v4.pcap")).unwrap_or_default();
    let capture = read(&file).unwrap_or_else(|e| panic!("reads: {e:?}"));
    let s = &streams(&capture)[0];
    assert!(
        tcpdump_file(&capture, s, None, 0).lines.is_empty(),
        "nothing before the first instant"
    );
    // The handshake's three packets fall within 31 µs of the first.
    let first = tcpdump_file(&capture, s, Some(31), 0).lines;
    assert_eq!(first.len(), 3, "{first:?}");
    assert!(first[2]
        .ends_with("Flags [.], ack 1, win 63, options [nop,nop,TS val 1939776840 ecr 3186302229], length 0"));
    // Beijing is 8 hours east of UTC; a zone west of it goes back a day.
    let utc = &tcpdump_file(&capture, s, Some(0), 0).lines[0];
    let east = &tcpdump_file(&capture, s, Some(0), 8 * 3600).lines[0];
    let west = &tcpdump_file(&capture, s, Some(0), -13 * 3600).lines[0];
    assert!(
        utc.starts_with("12:15:00.284040 IP 127.0.0.1.34628 > 127.0.0.1.8000: Flags [S], seq 4194301468"),
        "{utc}"
    );
    assert!(east.starts_with("20:15:00.284040 IP "), "{east}");
    assert!(west.starts_with("23:15:00.284040 IP "), "{west}");
    // HTTP on port 8000 is not a port tcpdump decodes.
    assert_eq!(tcpdump_file(&capture, s, Some(u64::MAX), 0).decoded_port, None);
}

#[test]
fn text_payloads_print_their_line_and_only_long_ones_are_left_to_the_note() {
    let dir = &folders()[2];
    let mut written = Vec::new();
    let mut noted = Vec::new();
    for name in ["text_protocols.pcap", "text_real.pcap"] {
        let file = fs::read(dir.join(name)).unwrap_or_default();
        let capture = read(&file).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        for s in streams(&capture) {
            let view = tcpdump_file(&capture, &s, Some(u64::MAX), 0);
            written.extend(view.lines);
            noted.extend(view.decoded_port);
        }
    }
    for part in [
        "length 27: HTTP: GET / HTTP/1.1",
        "length 185: HTTP: HTTP/1.0 404 File not found",
        "length 39: RTSP: OPTIONS rtsp://x/ RTSP/1.0",
        "length 16: FTP: USER anonymous",
        "length 30: SMTP: 220 mail.example ESMTP ready",
        "length 13: WHOIS: example.com",
        "length 40: SSH: SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3",
        "length 31: HTTP [|http]",
        "length 2 [|ssh]",
    ] {
        assert!(written.iter().any(|l| l.ends_with(part)), "{part}");
    }
    // The ports left to the panel's note: telnet beside HTTP, and the first
    // lines longer than the bytes kept (HTTP, FTP, SSH).
    noted.sort_unstable();
    noted.dedup();
    assert_eq!(noted, [21, 22, 23, 80]);
}
