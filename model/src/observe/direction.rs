//! What `lost.rs` keeps of each direction of a stream while it judges
//! which segments were lost after the capture point.

use std::collections::BTreeMap;

use super::unwrapped::Line;
use super::Packet;

/// How many SYN,ACKs of one side wait at once for the peer's answer: a
/// side resends its SYN,ACK a handful of times, and a bound keeps a capture
/// of endless SYN,ACKs linear.
const SYNACKS_PENDING: usize = 8;

/// One direction: where its numbers lie, its segments not yet
/// acknowledged, and those judged lost, each by first sequence number (the
/// segment's index).
#[derive(Default)]
pub(super) struct Direction {
    pub(super) line: Line,
    pub(super) waiting: BTreeMap<i64, usize>,
    pub(super) judged_lost: BTreeMap<i64, usize>,
    /// How many copies of each first number it sent.
    pub(super) copies: BTreeMap<i64, usize>,
    /// Its segments judged lost whose timestamp (TSval) differs from the
    /// copy's that was sent again, by that TSval: a peer echoing it had the
    /// first, when nothing else it sent carried that TSval (a SYN, or a
    /// segment alone in its clock's tick: see `tsvals`).
    /// (All maps here are keyed `i64`: one more map type would cost about
    /// 2.4 KB of WebAssembly.)
    pub(super) echo: BTreeMap<i64, usize>,
    /// How many of its segments carried each TSval so far.
    pub(super) tsvals: BTreeMap<i64, usize>,
    /// Its last SYN,ACK (first number, index).
    pub(super) synack: Option<(i64, usize)>,
    /// Its last SYN,ACKs (at most [`SYNACKS_PENDING`], by index, oldest
    /// first), each until the peer's first segment that left after it
    /// could have arrived.
    pub(super) synack_unanswered: Vec<usize>,
    /// Its last bare ACK of the peer's SYN,ACK (the handshake's third
    /// segment), by index.
    pub(super) handshake_ack: Option<usize>,
    /// Its last acknowledgment number, raw.
    pub(super) last_ack: Option<u32>,
    /// Its last RST, by index, if at the peer's RCV.NXT as this side last
    /// acknowledged it (an RST the peer would take).
    pub(super) rst: Option<usize>,
    /// When it last sent an RST of any kind (capture time).
    pub(super) rst_at: Option<u64>,
    /// Its last FIN (first number, index).
    pub(super) fin: Option<(i64, usize)>,
    /// Its last bare ACK of the peer's last FIN, by index.
    pub(super) fin_ack: Option<usize>,
    /// Its first RST of any kind (sequence number, index), until the peer
    /// next acknowledges something (later ones only answer what arrives).
    pub(super) reset: Option<(i64, usize)>,
    /// Its segments judged lost that were never sent again (data before a
    /// reset FIN, or behind its sender's own RST), by first number: a later
    /// acknowledgment of one says it arrived after all.
    pub(super) unresent: BTreeMap<i64, usize>,
}

impl Direction {
    /// It sent SYN,ACK `i` (an index): it waits for the peer's answer.
    pub(super) fn synack_sent(&mut self, i: usize) {
        if self.synack_unanswered.len() == SYNACKS_PENDING {
            self.synack_unanswered.remove(0);
        }
        self.synack_unanswered.push(i);
    }

    /// Its SYN,ACKs that a peer's segment captured at `now` (ns) answers or
    /// should have: those sent `least` or more before it, each taken once.
    /// Every one counts, not just the last: a side whose timer resent its
    /// SYN,ACK just before the peer's resent one left still needs the first
    /// judged (the IPv6 kernel run of m6 in the middle: both first SYN,ACKs
    /// lost, the resent ones 6 µs apart).
    pub(super) fn synacks_due(
        &mut self,
        packets: &[&Packet],
        now: u64,
        least: u64,
        mut due: impl FnMut(usize),
    ) {
        while let Some(&j) = self.synack_unanswered.first() {
            if now.saturating_sub(packets[j].ts_ns) < least {
                break;
            }
            self.synack_unanswered.remove(0);
            due(j);
        }
    }
}
