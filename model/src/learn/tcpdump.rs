//! The run so far as `tcpdump -nn` prints it, captured on one host: what
//! it sends when it leaves, what reaches it when it arrives (a segment lost
//! on the way is only in the sender's capture).
//!
//! Line by line as tcpdump 4.99 writes TCP (print-tcp.c), checked against
//! a real capture on loopback (`model/tests/fixtures/real-tools/`). The
//! segment's part of a line and the relative numbers are written here for
//! both views, a run's and a capture's (`tcpdump_file.rs`):
//! `HH:MM:SS.uuuuuu IP 10.0.0.1.49152 > 10.0.0.2.5000: Flags [S.], seq 8000,
//! ack 1001, win 65535, options [mss 1024], length 0`.
//! - Flags in tcpdump's letters and order (F S R P, `.` for ACK, then U E W).
//! - `seq` only when the segment has payload, SYN, FIN or RST; `a:b` with payload.
//! - Relative numbers as tcpdump keeps them, which is not Wireshark's way:
//!   only segments with ACK are numbered relative to a conversation; the
//!   first such segment of a conversation, and every SYN,ACK, sets the bases
//!   (its own seq, and its ack − 1 for the other direction) and is printed
//!   with absolute numbers. So a SYN and a SYN,ACK show absolute numbers,
//!   everything after them `seq 1:21, ack 1`, and a RST without ACK its
//!   absolute seq.
//! - The clock is the run's: the first instant is `00:00:00.000000`
//!   (integer arithmetic, no floats).

use super::tcpdump_options::{Line, Options};
use super::{tcpdump_ip, tcpdump_text};
use crate::capture::{flags, Ip, Packet};
use crate::event::EventKind;
use crate::view::Moment;
use crate::{Flags, Header, Side, Simulation, Time};

/// `HH:MM:SS.uuuuuu` for a time of the run (the run starts at midnight).
pub fn tcpdump_time(t: Time) -> String {
    let ms = t.0;
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1_000 % 60);
    format!("{h:02}:{m:02}:{s:02}.{:06}", ms % 1_000 * 1_000)
}

/// tcpdump's flag letters ("S.", "F.", "R", "P."; "none" for no bits).
pub fn tcpdump_flags(flags: Flags) -> String {
    flag_letters(flags.bits())
}

/// tcpdump's letters for a whole flags byte, in its table's order, which
/// is the bits' order from FIN up (F S R P . U E W: `Flags [S.E]` is an
/// ECN-setup SYN,ACK).
fn flag_letters(bits: u8) -> String {
    let out: String = "FSRP.UEW"
        .chars()
        .enumerate()
        .filter(|&(i, _)| bits & (1 << i) != 0)
        .map(|(_, c)| c)
        .collect();
    if out.is_empty() {
        "none".into()
    } else {
        out
    }
}

/// An address and port.
type End = (Ip, u16);

/// tcpdump's table of conversations: for each direction `(from, to)`, its
/// base sequence number; sorted, as a flood has a thousand directions.
#[derive(Default)]
pub(super) struct Conversations {
    bases: Vec<((End, End), u32)>,
}

impl Conversations {
    fn find(&self, from: End, to: End) -> Result<usize, usize> {
        self.bases.binary_search_by(|(k, _)| k.cmp(&(from, to)))
    }

    fn base(&self, from: End, to: End) -> Option<u32> {
        self.find(from, to).ok().map(|i| self.bases[i].1)
    }

    fn set(&mut self, from: End, to: End, base: u32) {
        match self.find(from, to) {
            Ok(i) => self.bases[i].1 = base,
            Err(i) => self.bases.insert(i, ((from, to), base)),
        }
    }

    /// The numbers tcpdump prints for `p`: (seq, ack, the other
    /// direction's base for SACK edges), updating the table as it does.
    pub(super) fn number(&mut self, p: &Packet) -> (u32, u32, u32) {
        if p.flags & flags::ACK == 0 {
            return (p.seq, p.ack, 0);
        }
        let (from, to) = ((p.src, p.src_port), (p.dst, p.dst_port));
        match (self.base(from, to), self.base(to, from)) {
            (Some(seq), Some(ack)) if p.flags & flags::SYN == 0 => {
                (p.seq.wrapping_sub(seq), p.ack.wrapping_sub(ack), ack)
            }
            _ => {
                let other = p.ack.wrapping_sub(1);
                self.set(from, to, p.seq);
                self.set(to, from, other);
                (p.seq, p.ack, other)
            }
        }
    }
}

/// A segment's part of a tcpdump line, after the time: `IP a.p > b.q:
/// Flags [..], seq .., ack .., win .., urg .., options [..], length ..`,
/// numbered by `conv`, then what tcpdump reads in a text payload
/// (`tcpdump_text.rs`). Returns the port whose payload tcpdump would go on
/// to decode where this line stops at the length.
pub(super) fn segment_line(out: &mut Line, conv: &mut Conversations, p: &Packet) -> Option<u16> {
    for tunnel in &p.tunnels {
        tcpdump_ip::tunnel(out, tunnel);
    }
    out.text(if matches!(p.src, Ip::V4(_)) { "IP " } else { "IP6 " });
    if !tcpdump_ip::addresses(out, p) {
        // tcpdump never reached TCP, so the segment does not start its
        // relative numbering either.
        return None;
    }
    let (seq, ack, other_base) = conv.number(p);
    out.text(": Flags [");
    out.text(&flag_letters(p.flags));
    out.text("]");
    let len = p.payload_len;
    if len > 0 || p.flags & (flags::SYN | flags::FIN | flags::RST) != 0 {
        out.text(", seq ");
        out.num(seq.into(), 0);
        if len > 0 {
            out.text(":");
            out.num(seq.wrapping_add(len).into(), 0);
        }
    }
    if p.flags & flags::ACK != 0 {
        out.text(", ack ");
        out.num(ack.into(), 0);
    }
    out.text(", win ");
    out.num(p.window.into(), 0);
    if p.flags & flags::URG != 0 {
        out.text(", urg ");
        out.num(p.urgent.into(), 0);
    }
    if p.option_len > 0 {
        out.text(", options [");
        let mut list = Options {
            bytes: &p.option_bytes,
            at: 0,
            left: usize::from(p.option_len),
            first: true,
            flags: p.flags,
            mptcp_written: false,
        };
        if list.print(out, other_base).is_err() {
            return None;
        }
        out.text("]");
    }
    out.text(", length ");
    out.num(len.into(), 0);
    tcpdump_text::payload(out, p)
}

/// A simulated segment as the wire would carry it: IPv4, its MSS (the only
/// option the model sends) as option bytes.
fn as_packet(h: &Header) -> Packet {
    let option_bytes = h.mss.map_or(Vec::new(), |m| {
        let [hi, lo] = m.to_be_bytes();
        vec![2, 4, hi, lo]
    });
    Packet {
        frame: 0,
        interface: 0,
        ts_ns: 0,
        src: Ip::V4(h.src.ip),
        dst: Ip::V4(h.dst.ip),
        src_port: h.src.port,
        dst_port: h.dst.port,
        seq: h.seq.0,
        ack: h.ack.0,
        flags: h.flags.bits(),
        window: h.window,
        options: Default::default(),
        payload_len: h.len,
        urgent: 0,
        option_len: option_bytes.len() as u8,
        option_bytes,
        ip_id: None,
        ip_ecn: 0,
        extensions: Vec::new(),
        tunnels: Vec::new(),
        // The model sends no data bytes: on a text port the view writes
        // nothing after the length rather than guess.
        payload: Vec::new(),
        payload_captured: h.len,
    }
}

/// What `tcpdump -nn` run on `on` prints for the run up to `at`: each
/// segment the host sent, when it left, and each that reached it, when it
/// arrived, in the order the model processed them.
pub fn tcpdump_nn(sim: &Simulation, on: Side, at: Moment) -> Vec<String> {
    let mut conv = Conversations::default();
    let mut out = Vec::new();
    for e in sim.events_until(at) {
        let seen = match e.kind {
            EventKind::SegmentSent { segment, .. } if e.side == Some(on) => Some(segment),
            EventKind::SegmentArrived { segment } if e.side == Some(on) => Some(segment),
            _ => None,
        };
        if let Some(seg) = seen.and_then(|id| sim.segment(id)) {
            let mut line = Line(tcpdump_time(e.at) + " ");
            // The model sends no data bytes: nothing to say past the length.
            let _ = segment_line(&mut line, &mut conv, &as_packet(&seg.header));
            out.push(line.0);
        }
    }
    out
}
