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
//!   (`[len N]`, `[bad opt]`, ` [|tcp]` where the snapshot length cut them;
//!   an MPTCP option with its subtype's fields, `tcpdump_mptcp.rs`); the
//!   payload's `length`, then, on the text ports, tcpdump's line read from
//!   the payload (`: HTTP: GET / HTTP/1.1`, `: SSH: SSH-2.0-..`,
//!   `tcpdump_text.rs`).
//! - Relative numbers kept per conversation as tcpdump keeps them, over
//!   every packet of the file with the same addresses and ports, so a reused
//!   port pair numbers as in the tool. The segment's part of the line and
//!   the numbers are `tcpdump.rs`'s, shared with the view of a simulated run.
//!
//! Not printable, because the reader keeps no payload bytes but the first
//! ones on the text ports, and no interface names ([`FileView`] says when it
//! matters): tcpdump's decoding of the binary payloads on the ports it knows
//! (DNS on 53, BGP on 179, ...) and of a text line longer than the bytes
//! kept, and the interface and direction that start each line of a Linux
//! cooked v2 (`-i any`) capture.

use super::tcpdump::{segment_line, Conversations};
use super::tcpdump_options::Line;
use crate::capture::{Capture, Stream};

/// The lines of one connection, and what in them tcpdump would say more of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileView {
    /// One line per packet shown, as tcpdump prints it.
    pub lines: Vec<String>,
    /// A well-known port whose payload tcpdump would go on to decode after
    /// `length N` on some of these lines where the view stops at the length:
    /// a binary protocol (DNS, BGP, ...), or a text line that needs payload
    /// bytes the reader did not keep. `None` when every line is whole.
    pub decoded_port: Option<u16>,
}

/// The packets of `stream` captured up to `upto_us` µs after its first one
/// (none before), as `tcpdump -nn -r` prints them in a time zone `utc_offset_s`
/// seconds east of UTC.
pub fn tcpdump_file(capture: &Capture, stream: &Stream, upto_us: Option<u64>, utc_offset_s: i64) -> FileView {
    let mut view = FileView::default();
    let Some(upto) = upto_us else {
        return view;
    };
    let mut conv = Conversations::default();
    let last = stream.packets.last().copied().unwrap_or(0);
    let (a, b) = (stream.a, stream.b);
    for (i, p) in capture.packets.iter().enumerate().take(last + 1) {
        // Only this address pair's packets touch its numbers (the table
        // keeps every pair apart, as tcpdump's does).
        let ends = [(p.src, p.src_port), (p.dst, p.dst_port)];
        if ends != [(a.ip, a.port), (b.ip, b.port)] && ends != [(b.ip, b.port), (a.ip, a.port)] {
            continue;
        }
        let shown = stream.packets.binary_search(&i).is_ok();
        if !shown || p.ts_ns.saturating_sub(stream.first_ns) / 1000 > upto {
            conv.number(p);
            continue;
        }
        let mut line = Line(String::new());
        line.time_of_day(p.ts_ns, utc_offset_s);
        let undecoded = segment_line(&mut line, &mut conv, p);
        view.decoded_port = view.decoded_port.or(undecoded);
        view.lines.push(line.0);
    }
    view
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
}
