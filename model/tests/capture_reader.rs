//! `tcp_model::capture` against Wireshark: every file of the corpus in
//! `fixtures/captures/` (made by real tools, see `tools/captures/README.md`)
//! is read and compared field by field with tshark's view of it stored beside
//! it (`F.tshark.csv`): frame and stream numbers, addresses, ports, raw
//! sequence and acknowledgment numbers, flags, payload length, window, options
//! and timestamp. The hostile files in `fixtures/captures/bad/` must give their
//! one-line errors. tshark is not needed to run these tests, only to remake
//! the corpus.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tcp_model::capture::{
    read, read_unpacked, streams, CaptureError, Compression, Format, Packet, Unpacked, MAX_BYTES, MAX_PACKETS,
};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures")
}

fn bytes(name: &str) -> Vec<u8> {
    let path = corpus().join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The corpus files that have an expected CSV, sorted.
fn good_files() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus())
        .expect("corpus folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".tshark.csv").map(String::from))
        .collect();
    names.sort();
    names
}

/// One tshark line as column name -> value.
type Row = common::CsvRow;

fn tshark_rows(name: &str) -> Vec<Row> {
    let text = String::from_utf8(bytes(&format!("{name}.tshark.csv"))).expect("utf-8");
    common::csv_rows(name, &text)
}

fn num<T: std::str::FromStr>(row: &Row, column: &str) -> Option<T> {
    let v = &row[column];
    (!v.is_empty()).then(|| v.parse().unwrap_or_else(|_| panic!("{column}: {v:?}")))
}

fn list(row: &Row, column: &str) -> Vec<u32> {
    let v = &row[column];
    v.split(';')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("number"))
        .collect()
}

/// `frame.time_epoch` ("1796122888.079218000") in nanoseconds, exactly.
fn epoch_ns(v: &str) -> u64 {
    let (s, frac) = v.split_once('.').unwrap_or((v, ""));
    let frac = format!("{frac:0<9}");
    s.parse::<u64>().expect("seconds") * 1_000_000_000 + frac[..9].parse::<u64>().expect("fraction")
}

/// Compares one packet with tshark's line for its frame; returns the differences.
fn differences(p: &Packet, stream: u32, row: &Row) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: &str, ours: String, theirs: String| {
        if ours != theirs {
            diffs.push(format!("{what}: reader {ours}, tshark {theirs}"));
        }
    };
    let (src, dst) = (&common::innermost(row, "src"), &common::innermost(row, "dst"));
    check("tcp.stream", stream.to_string(), row["tcp.stream"].clone());
    check("src", p.src.to_string(), src.clone());
    check("dst", p.dst.to_string(), dst.clone());
    check("srcport", p.src_port.to_string(), row["tcp.srcport"].clone());
    check("dstport", p.dst_port.to_string(), row["tcp.dstport"].clone());
    check("seq", p.seq.to_string(), row["tcp.seq_raw"].clone());
    check("ack", p.ack.to_string(), row["tcp.ack_raw"].clone());
    // tcp.flags has 12 bits (the reserved and AE bits too); the reader keeps the low 8.
    let flags = u16::from_str_radix(row["tcp.flags"].trim_start_matches("0x"), 16).expect("hex flags");
    check(
        "flags",
        format!("{:#04x}", p.flags),
        format!("{:#04x}", flags & 0xff),
    );
    check("len", p.payload_len.to_string(), row["tcp.len"].clone());
    check(
        "window",
        p.window.to_string(),
        row["tcp.window_size_value"].clone(),
    );
    let o = &p.options;
    check(
        "mss",
        format!("{:?}", o.mss),
        format!("{:?}", num::<u16>(row, "tcp.options.mss_val")),
    );
    check(
        "wscale",
        format!("{:?}", o.wscale),
        format!("{:?}", num::<u8>(row, "tcp.options.wscale.shift")),
    );
    let kinds = list(row, "tcp.option_kind");
    check(
        "sack_permitted",
        o.sack_permitted.to_string(),
        kinds.contains(&4).to_string(),
    );
    let other: Vec<u8> = kinds
        .iter()
        .filter(|k| ![0, 1, 2, 3, 4, 5, 8].contains(*k))
        .map(|&k| k as u8)
        .collect();
    check("other options", format!("{:?}", o.other), format!("{other:?}"));
    let edges: Vec<(u32, u32)> = list(row, "tcp.options.sack_le")
        .into_iter()
        .zip(list(row, "tcp.options.sack_re"))
        .collect();
    check("sack", format!("{:?}", o.sack), format!("{edges:?}"));
    let ts =
        num::<u32>(row, "tcp.options.timestamp.tsval").zip(num::<u32>(row, "tcp.options.timestamp.tsecr"));
    check("timestamps", format!("{:?}", o.timestamps), format!("{ts:?}"));
    check(
        "time",
        p.ts_ns.to_string(),
        epoch_ns(&row["frame.time_epoch"]).to_string(),
    );
    diffs
}

#[test]
fn every_corpus_file_reads_as_tshark_reads_it() {
    let files = good_files();
    assert!(files.len() >= 30, "corpus incomplete: {files:?}");
    let mut failures = Vec::new();
    for name in &files {
        let capture = match read(&bytes(name)) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let expected = if name.ends_with(".pcapng") {
            Format::Pcapng
        } else {
            Format::Pcap
        };
        assert_eq!(capture.format, expected, "{name}");
        let mut stream_of = vec![u32::MAX; capture.packets.len()];
        for s in streams(&capture) {
            for &i in &s.packets {
                stream_of[i] = s.index;
            }
        }
        let by_frame: HashMap<u32, usize> = capture
            .packets
            .iter()
            .enumerate()
            .map(|(i, p)| (p.frame, i))
            .collect();
        let rows = tshark_rows(name);
        let mut missing = 0;
        for row in &rows {
            let frame: u32 = num(row, "frame.number").expect("frame number");
            let Some(&i) = by_frame.get(&frame) else {
                missing += 1;
                continue;
            };
            for d in differences(&capture.packets[i], stream_of[i], row) {
                failures.push(format!("{name} frame {frame}: {d}"));
            }
        }
        // tshark shows TCP headers cut by the snaplen; the reader counts them instead.
        let s = capture.skipped;
        if missing != s.truncated + s.fragments {
            failures.push(format!("{name}: {missing} tshark frames not read, skipped {s:?}"));
        }
        if capture.packets.len() + missing as usize != rows.len() {
            failures.push(format!(
                "{name}: {} packets read, tshark has {} rows",
                capture.packets.len(),
                rows.len()
            ));
        }
        assert!(capture.frames >= rows.len() as u32, "{name}");
    }
    assert!(
        failures.is_empty(),
        "{} differences:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What each special file is in the corpus for actually happened in it.
#[test]
fn the_corpus_covers_what_it_claims() {
    let read_ok = |name: &str| read(&bytes(name)).unwrap_or_else(|e| panic!("{name}: {e}"));

    let reuse = read_ok("port_reuse.pcap");
    let s = streams(&reuse);
    assert_eq!(s.len(), 2, "two connections on one 4-tuple");
    assert!((s[0].a, s[0].b) == (s[1].a, s[1].b) && s[0].has_syn && s[1].has_syn);

    // SYN and SYN+ACK cut in their options: read as tshark reads them, the
    // options before the cut known (MSS 1240), the rest (window scale) not.
    let cut = read_ok("snaplen_cuts_syn.pcap");
    assert_eq!(cut.skipped.truncated, 0);
    let syns: Vec<_> = cut.packets.iter().filter(|p| p.flags & 0x02 != 0).collect();
    assert_eq!(syns.len(), 2);
    assert!(syns
        .iter()
        .all(|p| p.options.cut && p.options.mss == Some(1240) && p.options.wscale.is_none()));
    assert!(cut
        .packets
        .iter()
        .filter(|p| p.flags & 0x02 == 0)
        .all(|p| !p.options.cut));
    assert!(streams(&cut).iter().all(|s| s.has_syn));

    let sack = read_ok("sack_snaplen.pcap");
    assert!(
        sack.packets.iter().any(|p| p.options.sack.len() == 2),
        "two SACK blocks"
    );
    assert!(
        sack.packets.iter().any(|p| p.payload_len > 1000),
        "payload lengths beyond the snaplen"
    );

    let vlan = read_ok("vlan.pcapng");
    assert_eq!(streams(&vlan).len(), 2);
    assert!(vlan.skipped.not_ip > 0, "ARP frames counted, not read");

    let two = read_ok("dumpcap_two_ifaces.pcapng");
    assert!(
        two.packets.len() % 2 == 0 && streams(&two).len() == 1,
        "each packet on both interfaces"
    );

    let sections = read_ok("two_sections.pcapng");
    let v6 = sections
        .packets
        .iter()
        .filter(|p| matches!(p.src, tcp_model::capture::Ip::V6(_)))
        .count();
    assert!(
        v6 > 0 && v6 < sections.packets.len(),
        "IPv4 in one section, IPv6 in the other"
    );

    let half = read_ok("half_close.pcap");
    let fin = half.packets.iter().position(|p| p.flags & 1 != 0).expect("a FIN");
    let client = (half.packets[fin].src, half.packets[fin].src_port);
    let after = half.packets[fin..]
        .iter()
        .filter(|p| (p.dst, p.dst_port) == client && p.payload_len > 0);
    assert_eq!(after.count(), 3, "three pieces of data after the client's FIN");
}

#[test]
fn hostile_files_give_one_line_errors() {
    let error = |name: &str| match read(&bytes(name)) {
        Ok(c) => panic!("{name}: read {} packets", c.packets.len()),
        Err(e) => e.to_string(),
    };
    assert_eq!(error("bad/empty.pcap"), "the file is empty");
    assert_eq!(
        error("bad/not_a_capture.zip"),
        "the file is compressed with zip; decompress it first (unzip)"
    );
    assert_eq!(
        error("bad/truncated_file_header.pcap"),
        "truncated pcap file header at byte 0"
    );
    assert_eq!(
        error("bad/truncated_packet.pcap"),
        "truncated pcap packet at byte 24"
    );
    let cut = bytes("bad/truncated_block_header.pcapng");
    let third_block = cut.len() - 6;
    assert_eq!(
        error("bad/truncated_block_header.pcapng"),
        format!("truncated pcapng block header at byte {third_block}")
    );
    assert_eq!(
        error("bad/no_tcp.pcap"),
        "no TCP packets in this capture (8 frames)"
    );
    for name in ["bad/empty.pcap", "bad/not_a_capture.zip", "bad/no_tcp.pcap"] {
        assert!(!error(name).contains('\n'));
    }
}

/// Captures compressed by the usual tools (`tools/captures/make.sh`): the
/// reader does not decompress, but names the format and the command that
/// does, instead of calling a capture "not a capture".
#[test]
fn compressed_captures_are_named_with_the_command_that_unwraps_them() {
    let cases = [
        ("http_v4.pcap.gz", Compression::Gzip, "gunzip"),
        ("half_close.pcapng.gz", Compression::Gzip, "gunzip"),
        ("http_v4.pcap.zst", Compression::Zstd, "unzstd"),
        ("http_v4.pcap.lz4", Compression::Lz4, "unlz4"),
        ("http_v4.pcap.xz", Compression::Xz, "unxz"),
        ("http_v4.pcap.bz2", Compression::Bzip2, "bunzip2"),
    ];
    for (name, format, command) in cases {
        let err = read(&bytes(&format!("compressed/{name}"))).expect_err(name);
        assert_eq!(err, CaptureError::Compressed(format), "{name}");
        assert_eq!(
            err.to_string(),
            format!(
                "the file is compressed with {}; decompress it first ({command})",
                format.name()
            )
        );
    }
    assert_eq!(
        read(&bytes("bad/not_a_capture.zip")),
        Err(CaptureError::Compressed(Compression::Zip))
    );
}

/// What the widget hands over after unwrapping a gzip file: whole, it reads
/// as the file inside; ended early, the packets before the end are read and
/// the capture says it is cut, even where the end falls between two packets;
/// past the limit, the refusal says "decompressed".
#[test]
fn unwrapped_bytes_read_as_the_file_inside_and_an_early_end_is_said() {
    let file = bytes("http_v4.pcap");
    let gzip = |whole| Unpacked {
        from: Compression::Gzip,
        whole,
    };
    let whole = read_unpacked(&file, gzip(true)).expect("whole");
    assert_eq!(whole, read(&file).expect("the file itself"));
    assert_eq!(whole.cut, None);
    // The gzip stream ended right after the third packet: nothing in the
    // bytes says so, the unwrapping did.
    let three: usize = 24
        + common::pcap_records(&file)[..3]
            .iter()
            .map(|r| r.len())
            .sum::<usize>();
    assert_eq!(read(&file[..three]).expect("three packets").cut, None);
    let early = read_unpacked(&file[..three], gzip(false)).expect("three packets");
    assert_eq!(early.packets.len(), 3);
    assert_eq!(early.cut, Some(CaptureError::BadCompression(Compression::Gzip)));
    // Ended inside a packet: the reader's own cut says where.
    let inside = read_unpacked(&file[..three + 20], gzip(false)).expect("three packets");
    assert_eq!(inside.packets.len(), 3);
    assert_eq!(inside.cut, Some(CaptureError::Truncated("pcap packet", three)));
    // Before the first packet: refused as the reader refuses such a file.
    assert_eq!(
        read_unpacked(&file[..30], gzip(false)),
        Err(CaptureError::Truncated("pcap packet header", 24))
    );
    let mut big = file.clone();
    big.resize(MAX_BYTES + 1, 0);
    assert_eq!(
        read_unpacked(&big, gzip(true)),
        Err(CaptureError::UnpackedTooBig(Compression::Gzip))
    );
    let mut exactly = file;
    exactly.resize(MAX_BYTES, 0);
    assert!(!matches!(
        read_unpacked(&exactly, gzip(true)),
        Err(CaptureError::UnpackedTooBig(_))
    ));
}

#[test]
fn limits_on_size_and_packets() {
    let file = bytes("sack_snaplen.pcap");
    let mut big = file.clone();
    big.resize(MAX_BYTES + 1, 0);
    assert_eq!(read(&big), Err(CaptureError::TooBig(MAX_BYTES + 1)));
    assert_eq!(
        read(&big).map_err(|e| e.to_string()).err().as_deref(),
        Some("file is 20.1 MB; the limit is 20 MB")
    );

    // Real records repeated until there is one TCP packet too many (all of this file's records are TCP).
    let records = common::pcap_records(&file);
    let mut many = file[..24].to_vec();
    for record in records.iter().cycle().take(MAX_PACKETS + 1) {
        many.extend_from_slice(record);
    }
    assert!(many.len() <= MAX_BYTES);
    assert_eq!(read(&many), Err(CaptureError::TooManyPackets));
    let exactly = &many[..many.len() - records[MAX_PACKETS % records.len()].len()];
    assert_eq!(read(exactly).map(|c| c.packets.len()), Ok(MAX_PACKETS));
}

/// A file that ends too early (tcpdump killed, a download cut) is read up to
/// the cut, as tshark and tcpdump read it, and says where the cut is; cut
/// before its first TCP packet, it is refused with the cut as the reason.
#[test]
fn a_file_cut_short_is_read_up_to_the_cut() {
    for name in ["http_v4.pcap", "http_v4.pcapng"] {
        let whole = bytes(name);
        let full = read(&whole).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(full.cut, None, "{name}");
        // Odd and under 16: never a whole record (16 bytes or more) or block (a multiple of 4).
        for drop in [1, 3, 7, 13, 15] {
            let part = read(&whole[..whole.len() - drop]).unwrap_or_else(|e| panic!("{name} -{drop}: {e}"));
            let n = part.packets.len();
            assert!(
                n + 3 >= full.packets.len() && n <= full.packets.len(),
                "{name} -{drop}: {n} packets"
            );
            assert_eq!(
                part.packets[..],
                full.packets[..n],
                "{name} -{drop}: the packets before the cut, unchanged"
            );
            match part.cut {
                Some(CaptureError::Truncated(what, at)) => {
                    assert!(what.starts_with("pcap"), "{what}");
                    assert!(at < whole.len() - drop, "{name} -{drop}: cut at {at}");
                }
                other => panic!("{name} -{drop}: {other:?}"),
            }
            // What is read is explained as any capture: states and all.
            let s = streams(&part);
            let run = tcp_model::observe::run(&part, &s[0]);
            assert_eq!(run.cut, part.cut);
            assert!(tcp_model::observe::trace(&run).capture.cut.is_some());
        }
    }
    // Cut inside the first packet: nothing to show, and the reason is the cut.
    assert_eq!(
        read(&bytes("bad/truncated_packet.pcap"))
            .err()
            .map(|e| e.to_string())
            .as_deref(),
        Some("truncated pcap packet at byte 24")
    );
}

/// A capture on a link type the reader does not know, or with every TCP
/// header cut by the snapshot length, is refused saying so, not as if it
/// held no TCP at all.
#[test]
fn a_capture_with_nothing_readable_says_why() {
    // http_v4.pcap with its link type changed to 147 (LINKTYPE_USER0).
    let mut user0 = bytes("http_v4.pcap");
    user0[20..24].copy_from_slice(&147u32.to_le_bytes());
    assert!(user0[..4] == [0xd4, 0xc3, 0xb2, 0xa1], "a little-endian pcap");
    let frames = read(&bytes("http_v4.pcap")).map(|c| c.frames).unwrap_or(0);
    assert_eq!(read(&user0).err(), Some(CaptureError::UnknownLink(frames, 147)));
    // Every record cut to 40 bytes: Ethernet and IPv4 headers, 6 bytes of TCP.
    let whole = bytes("http_v4.pcap");
    let mut cut = whole[..24].to_vec();
    cut[16..20].copy_from_slice(&40u32.to_le_bytes()); // snaplen
    for record in common::pcap_records(&whole) {
        let kept = (record.len() - 16).min(40);
        cut.extend_from_slice(&record[..8]);
        cut.extend_from_slice(&(kept as u32).to_le_bytes());
        cut.extend_from_slice(&record[12..16 + kept]);
    }
    assert_eq!(read(&cut).err(), Some(CaptureError::AllCut(frames)));
}
