//! The run so far as `tcpdump -nn` prints it, captured on one host: what
//! it sends when it leaves, what reaches it when it arrives (a segment lost
//! on the way is only in the sender's capture).
//!
//! Line by line as tcpdump 4.99 writes TCP (print-tcp.c), checked against
//! a real capture on loopback (`model/tests/fixtures/real-tools/`):
//! `HH:MM:SS.uuuuuu IP 10.0.0.1.49152 > 10.0.0.2.5000: Flags [S.], seq 8000,
//! ack 1001, win 65535, options [mss 1024], length 0`.
//! - Flags in tcpdump's letters and order (F S R P, then `.` for ACK).
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

use crate::event::EventKind;
use crate::view::Moment;
use crate::{Addr, Flags, Header, Side, Simulation, Time};

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
pub(super) fn flag_letters(bits: u8) -> String {
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

/// tcpdump's table of conversations: for each direction `(from, to)`, its
/// base sequence number; sorted, as a flood has a thousand directions.
#[derive(Default)]
struct Conversations {
    bases: Vec<((Addr, Addr), u32)>,
}

impl Conversations {
    fn find(&self, from: Addr, to: Addr) -> Result<usize, usize> {
        self.bases.binary_search_by(|(k, _)| k.cmp(&(from, to)))
    }

    fn base(&self, from: Addr, to: Addr) -> Option<u32> {
        self.find(from, to).ok().map(|i| self.bases[i].1)
    }

    fn set(&mut self, from: Addr, to: Addr, base: u32) {
        match self.find(from, to) {
            Ok(i) => self.bases[i].1 = base,
            Err(i) => self.bases.insert(i, ((from, to), base)),
        }
    }

    /// The (seq, ack) tcpdump prints for `h`, updating the table as it does.
    fn number(&mut self, h: &Header) -> (u32, u32) {
        if !h.flags.ack() {
            return (h.seq.0, h.ack.0);
        }
        match (self.base(h.src, h.dst), self.base(h.dst, h.src)) {
            (Some(seq), Some(ack)) if !h.flags.syn() => {
                (h.seq.0.wrapping_sub(seq), h.ack.0.wrapping_sub(ack))
            }
            _ => {
                self.set(h.src, h.dst, h.seq.0);
                self.set(h.dst, h.src, h.ack.0.wrapping_sub(1));
                (h.seq.0, h.ack.0)
            }
        }
    }
}

/// `a.b.c.d.port`, as `-nn` writes an endpoint.
fn endpoint(a: Addr) -> String {
    let [w, x, y, z] = a.ip;
    format!("{w}.{x}.{y}.{z}.{}", a.port)
}

/// One line of tcpdump for a segment seen at `at`, numbered by `conv`.
fn line(conv: &mut Conversations, at: Time, h: &Header) -> String {
    let (seq, ack) = conv.number(h);
    let mut out = format!(
        "{} IP {} > {}: Flags [{}]",
        tcpdump_time(at),
        endpoint(h.src),
        endpoint(h.dst),
        tcpdump_flags(h.flags)
    );
    if h.len > 0 || h.flags.syn() || h.flags.fin() || h.flags.rst() {
        out.push_str(&format!(", seq {seq}"));
        if h.len > 0 {
            out.push_str(&format!(":{}", seq.wrapping_add(h.len)));
        }
    }
    if h.flags.ack() {
        out.push_str(&format!(", ack {ack}"));
    }
    out.push_str(&format!(", win {}", h.window));
    if let Some(mss) = h.mss {
        out.push_str(&format!(", options [mss {mss}]"));
    }
    out.push_str(&format!(", length {}", h.len));
    out
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
            out.push(line(&mut conv, e.at, &seg.header));
        }
    }
    out
}
