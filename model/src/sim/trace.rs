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
use crate::{Addr, Origin, Purpose, Side, State};

#[derive(Serialize)]
pub struct Trace {
    pub segments: Vec<TraceSegment>,
    pub states: TraceStates,
    pub events: Vec<Event>,
}

#[derive(Serialize)]
pub struct TraceSegment {
    pub id: u32,
    pub from: Origin,
    /// "client", "server", or null for an address nobody answers.
    pub to: Option<Side>,
    pub flags: String,
    pub seq: i64,
    pub ack: i64,
    pub len: u32,
    pub window: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mss: Option<u16>,
    pub sent_ms: u64,
    pub arrives_ms: u64,
    pub dropped: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dropped_ms: Option<u64>,
    pub retransmission: bool,
    pub purpose: Purpose,
}

#[derive(Serialize)]
pub struct TraceStates {
    pub client: Vec<State>,
    pub server: Vec<State>,
}

/// How sequence numbers are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numbering {
    Relative,
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
    /// (source, destination) → base sequence number.
    bases: Vec<((Addr, Addr), u32)>,
}

impl Relative {
    fn base(&self, src: Addr, dst: Addr) -> Option<u32> {
        self.bases.iter().find(|(k, _)| *k == (src, dst)).map(|(_, b)| *b)
    }

    fn set(&mut self, src: Addr, dst: Addr, base: u32) {
        self.bases.retain(|(k, _)| *k != (src, dst));
        self.bases.push(((src, dst), base));
    }

    /// (seq, ack) of `h` relative to the bases, updating them first.
    fn number(&mut self, h: &crate::Header) -> (i64, i64) {
        match self.base(h.src, h.dst) {
            Some(base) if !(h.flags.syn() && h.seq.0 != base) => {}
            _ => self.set(h.src, h.dst, h.seq.0),
        }
        let rel = |v: u32, base: u32| i64::from(v.wrapping_sub(base) as i32);
        let seq = rel(h.seq.0, self.base(h.src, h.dst).unwrap_or(0));
        let ack = match (h.flags.ack(), self.base(h.dst, h.src)) {
            (false, _) => 0,
            (true, Some(base)) => rel(h.ack.0, base),
            (true, None) => i64::from(h.ack.0),
        };
        (seq, ack)
    }
}

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
                retransmission: s.retransmission,
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
    }
}
