//! The JSON trace of a finished run, as `tcpsim` prints it: every segment with
//! its numbers, each lifeline's sequence of states, and every event.
//!
//! Sequence numbers are relative by default, the way Wireshark shows them:
//! each direction (source → destination address) counts from its first SYN's
//! sequence number (a later SYN with another number starts a new
//! incarnation), or from its first segment if it never sent a SYN; an ack
//! counts from the opposite direction's base.

use serde::Serialize;

use super::Simulation;
use crate::event::{Conn, Event, EventKind};
use crate::wire::Fate;
use crate::{Addr, Origin, Purpose, Resend, Side, State};

/// A whole run, as JSON.
#[derive(Serialize)]
pub struct Trace {
    /// Every segment, in id order.
    pub segments: Vec<TraceSegment>,
    /// Each lifeline's states.
    pub states: TraceStates,
    /// Every event, in order.
    pub events: Vec<Event>,
    /// Whether the run ended by itself (false when it was cut short, or
    /// when the caller stopped it early).
    pub finished: bool,
    /// When the run hit a safety cap and was stopped (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut_short_ms: Option<u64>,
}

/// One segment of the trace: its header flattened, with its times and fate.
#[derive(Serialize)]
pub struct TraceSegment {
    /// The segment's id (0, 1, 2, … in the order segments left).
    pub id: u32,
    /// Who put it on the wire.
    pub from: Origin,
    /// "client", "server", or null for an address nobody answers.
    pub to: Option<Side>,
    /// The control bits, Wireshark-style ("SYN,ACK").
    pub flags: String,
    /// SEG.SEQ, relative or absolute as the [`Numbering`] says.
    pub seq: i64,
    /// SEG.ACK, numbered the same way; 0 when the ACK flag is not set.
    pub ack: i64,
    /// Payload bytes.
    pub len: u32,
    /// SEG.WND: the receive window the sender advertised, in bytes.
    pub window: u16,
    /// The MSS option in bytes (segments with SYN only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mss: Option<u16>,
    /// When it left its sender, in ms.
    pub sent_ms: u64,
    /// When it arrives (or would have, had it not been dropped), in ms.
    pub arrives_ms: u64,
    /// Whether it was lost on the way.
    pub dropped: bool,
    /// When it was lost, in ms (dropped segments only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped_ms: Option<u64>,
    /// Whether it repeats sequence numbers sent before.
    pub retransmission: bool,
    /// Why it was sent again (retransmissions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resend: Option<Resend>,
    /// Why it was sent.
    pub purpose: Purpose,
}

/// Each lifeline's sequence of states, starting with CLOSED.
#[derive(Serialize)]
pub struct TraceStates {
    /// The client's states, in order.
    pub client: Vec<State>,
    /// The server's states, in order.
    pub server: Vec<State>,
}

/// How sequence numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbering {
    /// Counted from each direction's first SYN, as Wireshark does (see the module docs).
    Relative,
    /// The raw 32-bit numbers from the headers.
    Absolute,
}

/// The sequence of states each lifeline went through, starting with CLOSED.
pub fn lifeline_states(events: &[Event], side: Side) -> Vec<State> {
    let mut states = vec![State::Closed];
    for e in events {
        if let (
            Some(s),
            EventKind::StateChanged {
                conn: Conn::Main, to, ..
            },
        ) = (e.side, &e.kind)
        {
            if s == side && states.last() != Some(to) {
                states.push(*to);
            }
        }
    }
    states
}

/// The (seq, ack) of every segment of a run, numbered as Wireshark's
/// relative numbers (see the module header).
pub fn relative_numbers(sim: &Simulation) -> Vec<(i64, i64)> {
    let mut relative = Relative { bases: Vec::new() };
    sim.segments()
        .iter()
        .map(|s| relative.number(&s.header))
        .collect()
}

/// Wireshark-style relative numbering, direction by direction.
struct Relative {
    /// (source, destination) → base sequence number, sorted by direction
    /// (a flood has a thousand directions).
    bases: Vec<((Addr, Addr), u32)>,
}

impl Relative {
    fn base(&self, src: Addr, dst: Addr) -> Option<u32> {
        let at = self.bases.binary_search_by(|(k, _)| k.cmp(&(src, dst))).ok()?;
        Some(self.bases[at].1)
    }

    fn set(&mut self, src: Addr, dst: Addr, base: u32) {
        match self.bases.binary_search_by(|(k, _)| k.cmp(&(src, dst))) {
            Ok(at) => self.bases[at].1 = base,
            Err(at) => self.bases.insert(at, ((src, dst), base)),
        }
    }

    /// (seq, ack) of `h` relative to the bases, updating them first.
    fn number(&mut self, h: &crate::Header) -> (i64, i64) {
        match self.base(h.src, h.dst) {
            Some(base) if !(h.flags.syn() && h.seq.0 != base) => {}
            _ => self.set(h.src, h.dst, h.seq.0),
        }
        // Unsigned, as Wireshark shows them: a number below the base wraps.
        let rel = |v: u32, base: u32| i64::from(v.wrapping_sub(base));
        let seq = rel(h.seq.0, self.base(h.src, h.dst).unwrap_or(0));
        let ack = match (h.flags.ack(), self.base(h.dst, h.src)) {
            (false, _) => 0,
            (true, Some(base)) => rel(h.ack.0, base),
            (true, None) => i64::from(h.ack.0),
        };
        (seq, ack)
    }
}

/// The trace of `sim` as far as it has run, with sequence numbers written
/// per `numbering`.
pub fn trace(sim: &Simulation, numbering: Numbering) -> Trace {
    let mut relative = Relative { bases: Vec::new() };
    let mut number = |h: &crate::Header| match numbering {
        Numbering::Relative => relative.number(h),
        Numbering::Absolute => (
            i64::from(h.seq.0),
            if h.flags.ack() { i64::from(h.ack.0) } else { 0 },
        ),
    };
    let segments = sim
        .segments()
        .iter()
        .map(|s| {
            let h = &s.header;
            let (seq, ack) = number(h);
            TraceSegment {
                id: s.id.0,
                from: s.from,
                to: s.to,
                flags: h.flags.to_string(),
                seq,
                ack,
                len: h.len,
                window: h.window,
                mss: h.mss,
                sent_ms: s.sent_at.0,
                arrives_ms: s.arrives_at.0,
                dropped: s.dropped(),
                dropped_ms: match s.fate {
                    Fate::Dropped { at, .. } => Some(at.0),
                    _ => None,
                },
                retransmission: s.retransmission(),
                resend: s.resend,
                purpose: s.purpose,
            }
        })
        .collect();
    Trace {
        segments,
        states: TraceStates {
            client: lifeline_states(sim.events(), Side::Client),
            server: lifeline_states(sim.events(), Side::Server),
        },
        events: sim.events().to_vec(),
        finished: sim.is_finished() && sim.cut_short().is_none(),
        cut_short_ms: sim.cut_short().map(|t| t.0),
    }
}
