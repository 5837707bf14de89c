//! A capture file's connection as `tcpdump -nn -r FILE` prints it (tcpdump
//! 4.99, `print-tcp.c`), checked line by line against the real tool on the
//! capture corpus (`model/tests/fixtures/captures/*.tcpdump.txt`).
//!
//! - The time of day in the reader's time zone, `HH:MM:SS.uuuuuu`
//!   (microseconds, truncated): the caller gives the zone's offset from UTC,
//!   as the model has no clock and no time zone.
//! - `IP` or `IP6`, then `address.port > address.port:`.
//! - Flags in tcpdump's letters; `seq` (with `a:b` over the payload) when the
//!   segment has payload, SYN, FIN or RST; `ack`; the raw window; `urg`; the
//!   options from the bytes as captured, named and checked as tcpdump does
//!   (`[len N]`, `[bad opt]`, ` [|tcp]` where the snapshot length cut them);
//!   the payload's `length`.
//! - Relative numbers kept per conversation as tcpdump keeps them (see
//!   `tcpdump.rs`), over every packet of the file with the same addresses and
//!   ports, so a reused port pair numbers as in the tool.
//!
//! Not printable, because the reader keeps neither payload bytes nor
//! interface names ([`FileView`] says when it matters): tcpdump's decoding of
//! the payload on the ports it knows (HTTP on 80, DNS on 53, ...), the
//! details of an MPTCP option, and the interface and direction that start
//! each line of a Linux cooked v2 (`-i any`) capture.

use std::fmt::Write;

use super::tcpdump::flag_letters;
use super::tcpdump_options::{Line, Options};
use crate::capture::{flags, Capture, Ip, Packet, Stream};

/// Ports whose payload tcpdump 4.99 decodes after `length N` (telnet, SMTP,
/// whois, BGP, PPTP, Redis, SSH, NetBIOS, SMB, BEEP, OpenFlow, FTP, HTTP,
/// RTSP, DNS, MSDP, RPKI-RTR, LDP, NFS).
const DECODED_PORTS: [u16; 22] = [
    23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554, 53, 639, 323, 646,
    2049,
];

/// The lines of one connection, and what in them tcpdump would say more of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileView {
    /// One line per packet shown, as tcpdump prints it.
    pub lines: Vec<String>,
    /// A well-known port whose payload tcpdump would go on to decode after
    /// `length N` on some of these lines (the reader keeps no payload).
    pub decoded_port: Option<u16>,
    /// Some line has an MPTCP option, printed by name only.
    pub mptcp: bool,
}

/// tcpdump's number table for one address and port pair: each
/// direction's base (stream side a to b, then b to a), once set.
type Bases = Option<[u32; 2]>;

/// The packets of `stream` captured up to `upto_us` µs after its first one
/// (none before), as `tcpdump -nn -r` prints them in a time zone `utc_offset_s`
/// seconds east of UTC.
pub fn tcpdump_file(capture: &Capture, stream: &Stream, upto_us: Option<u64>, utc_offset_s: i64) -> FileView {
    let mut view = FileView::default();
    let Some(upto) = upto_us else {
        return view;
    };
    let mut bases: Bases = None;
    let last = stream.packets.last().copied().unwrap_or(0);
    let (a, b) = (stream.a, stream.b);
    for (i, p) in capture.packets.iter().enumerate().take(last + 1) {
        let ends = [(p.src, p.src_port), (p.dst, p.dst_port)];
        let from_a = ends == [(a.ip, a.port), (b.ip, b.port)];
        if !from_a && ends != [(b.ip, b.port), (a.ip, a.port)] {
            continue;
        }
        let numbers = number(&mut bases, p, usize::from(!from_a));
        let shown = stream.packets.binary_search(&i).is_ok();
        if !shown || p.ts_ns.saturating_sub(stream.first_ns) / 1000 > upto {
            continue;
        }
        let mut line = Line(String::new());
        line.time_of_day(p.ts_ns, utc_offset_s);
        view.mptcp |= line.packet(p, numbers);
        if p.payload_len > 0 {
            let port = DECODED_PORTS
                .into_iter()
                .find(|&d| d == p.src_port || d == p.dst_port);
            view.decoded_port = view.decoded_port.or(port);
        }
        view.lines.push(line.0);
    }
    view
}

/// The numbers tcpdump prints for `p`, sent in direction `dir` (0 or 1):
/// (seq, ack, the other direction's base for SACK edges), updating its
/// table as it does. Only segments with ACK are numbered relative; the
/// first of a conversation, and every SYN,ACK, sets both bases and is
/// printed absolute.
fn number(bases: &mut Bases, p: &Packet, dir: usize) -> (u32, u32, u32) {
    if p.flags & flags::ACK == 0 {
        return (p.seq, p.ack, 0);
    }
    match *bases {
        Some(b) if p.flags & flags::SYN == 0 => (
            p.seq.wrapping_sub(b[dir]),
            p.ack.wrapping_sub(b[1 - dir]),
            b[1 - dir],
        ),
        _ => {
            let mut b = [0; 2];
            (b[dir], b[1 - dir]) = (p.seq, p.ack.wrapping_sub(1));
            *bases = Some(b);
            (p.seq, p.ack, b[1 - dir])
        }
    }
}

impl Line {
    /// `HH:MM:SS.uuuuuu ` of a capture time, in the given zone.
    fn time_of_day(&mut self, ts_ns: u64, utc_offset_s: i64) {
        let us = ts_ns / 1000;
        let secs = ((us / 1_000_000) as i64 + utc_offset_s).rem_euclid(86_400) as u64;
        for (i, part) in [secs / 3600, secs / 60 % 60, secs % 60].into_iter().enumerate() {
            self.text(if i == 0 { "" } else { ":" });
            self.num(part, 2);
        }
        self.text(".");
        self.num(us % 1_000_000, 6);
        self.text(" ");
    }

    /// The rest of the line after the time. Returns whether it had an MPTCP option.
    fn packet(&mut self, p: &Packet, (seq, ack, other_base): (u32, u32, u32)) -> bool {
        self.text(if matches!(p.src, Ip::V4(_)) { "IP " } else { "IP6 " });
        let _ = write!(
            self.0,
            "{}.{} > {}.{}: Flags [",
            p.src, p.src_port, p.dst, p.dst_port
        );
        self.text(&flag_letters(p.flags));
        self.text("]");
        let len = p.payload_len;
        if len > 0 || p.flags & (flags::SYN | flags::FIN | flags::RST) != 0 {
            self.text(", seq ");
            self.num(seq.into(), 0);
            if len > 0 {
                self.text(":");
                self.num(seq.wrapping_add(len).into(), 0);
            }
        }
        if p.flags & flags::ACK != 0 {
            self.text(", ack ");
            self.num(ack.into(), 0);
        }
        self.text(", win ");
        self.num(p.window.into(), 0);
        if p.flags & flags::URG != 0 {
            self.text(", urg ");
            self.num(p.urgent.into(), 0);
        }
        let mut mptcp = false;
        if p.option_len > 0 {
            self.text(", options [");
            let mut list = Options {
                bytes: &p.option_bytes,
                at: 0,
                left: usize::from(p.option_len),
                first: true,
            };
            if list.print(self, other_base, &mut mptcp).is_err() {
                return mptcp;
            }
            self.text("]");
        }
        self.text(", length ");
        self.num(len.into(), 0);
        mptcp
    }
}
