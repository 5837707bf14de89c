//! What `lost.rs` keeps of each direction of a stream while it judges
//! which segments were lost after the capture point.

use std::collections::BTreeMap;

use super::unwrapped::Line;
use super::Packet;
use crate::capture::flags::{ACK, SYN};

/// How many SYN,ACKs of one side wait at once for the peer's answer: a
/// side resends its SYN,ACK a handful of times, and a bound keeps a capture
/// of endless SYN,ACKs linear.
const SYNACKS_PENDING: usize = 8;

/// At most this many unmatched duplicate ACKs are matched with segments
/// waiting past their ack: a loss window rarely holds more, and the bound
/// keeps a capture of endless duplicate ACKs linear.
const DUP_ACKS_MATCHED: usize = 16;

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
    /// Its last acknowledgment number, raw, that segment's index and window.
    pub(super) last_ack: Option<u32>,
    pub(super) last_ack_at: Option<usize>,
    /// (`None` after a SYN,ACK: a SYN's window is never scaled, so the
    /// next ACK's field says nothing by differing: run 11207.)
    pub(super) last_window: Option<u16>,
    /// The peer's duplicate ACKs without SACK blocks at one ack number (raw
    /// place on the line) not yet matched with segments of this direction.
    pub(super) dup_acks: (i64, usize),
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
    /// Its segments judged lost, by first number: the index of the copy
    /// sent again, until the peer first acknowledges that number.
    pub(super) resent: BTreeMap<i64, usize>,
    /// Where its furthest segment so far ended (raw place on the line), and
    /// its last segment (index).
    pub(super) sent_end: Option<i64>,
    pub(super) last_sent: Option<usize>,
    /// Its SYN (or SYN,ACK) offered SACK (RFC 2018), or a SACK block showed
    /// SACK on (see [`sack_on`]).
    pub(super) sack_permitted: bool,
    /// Its segments judged lost since the peer last sent (first number, index).
    pub(super) judged_quiet: Vec<(i64, usize)>,
    /// How long its SYN (or SYN,ACK), sent once, took to be acknowledged as
    /// the capture point sees it: a round trip without a delayed ACK in it.
    pub(super) handshake_round_trip: Option<u64>,
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

    /// The peer sent a segment; if it is a bare ACK (of `revealer_ack`) that
    /// starts beyond all the peer was seen to send, the peer sent a segment
    /// the capture never held (`unsent.rs`). Of this side's segments judged
    /// lost since the peer's last segment that it acknowledges, each sent
    /// again once and first sent after that segment (`peer_prev`), the first copy arrived:
    /// the unseen segment can be the answer to it, lost on the way, where
    /// a first copy lost too would take two losses, not one (nothing the
    /// peer sent between says it was missing). Kernel run 10826 at the
    /// server, SACK off (with SACK, the D-SACK tells it): the client's FIN,ACK
    /// answering the server's FIN was lost, the server sent its FIN again,
    /// and the client's ACK of that copy (seq = FIN + 1) was told as a
    /// simultaneous close, where ss saw the client's connection closed.
    pub(super) fn answered_by_unseen(
        &mut self,
        revealer_ack: Option<i64>,
        peer_prev: Option<usize>,
        packets: &[&Packet],
        mut arrived: impl FnMut(usize),
    ) {
        // Each judgment is looked at once, by the peer's next segment (linear).
        let quiet = std::mem::take(&mut self.judged_quiet);
        let Some(ack) = revealer_ack else {
            return;
        };
        for (k, j) in quiet {
            let once = self.copies.get(&k) == Some(&2) && packets[j].flags & SYN == 0;
            let still = self.judged_lost.get(&k) == Some(&j);
            if k < ack && once && still && peer_prev.is_none_or(|prev| prev < j) {
                self.judged_lost.remove(&k);
                arrived(j);
            }
        }
    }

    /// The peer acknowledged up to `ack` (raw). Past this side's handshake
    /// ACK, it had this side's data, so it was synchronized: a SYN,ACK of its
    /// captured later is a path's copy or one held on the way, never a resend,
    /// and says nothing of that ACK (run 11188 at the client: the server's
    /// SYN,ACK delivered twice, the copy 120 ms late, after the server's ACK
    /// of the client's first data; read as a resend, it made the handshake's
    /// ACK lost).
    pub(super) fn acked_by_peer(&mut self, packets: &[&Packet], ack: u32) {
        let past = |j: usize| ack.wrapping_sub(packets[j].seq) as i32 > 0;
        self.handshake_ack = self.handshake_ack.filter(|&j| !past(j));
    }

    /// The peer's bare RST `rst` at SEG.ACK of this side's one segment still
    /// waiting, `least` or more after it, answers it: the reset a host gives
    /// a segment of a connection it no longer has (RFC 9293 3.10.7.1), or
    /// data reaching a socket its application closed (Linux
    /// TCPAbortOnData). It arrived, and a copy sent again is no evidence of
    /// its loss. Kernel run 11172 in the middle: the client's data reached
    /// the closed server, whose RST was lost after the capture point, and the
    /// client sent the data again. (With more segments waiting, which one
    /// the RST answers is not known: a FIN past a gap, say.)
    pub(super) fn reset_answers(&mut self, packets: &[&Packet], rst: &Packet, least: u64) {
        let Some((&k, &j)) = self.waiting.first_key_value().filter(|_| self.waiting.len() == 1) else {
            return;
        };
        let answered = packets[j].flags & ACK != 0 && packets[j].ack == rst.seq;
        if answered && rst.ts_ns.saturating_sub(packets[j].ts_ns) >= least {
            self.waiting.remove(&k);
        }
    }

    /// The peer acknowledged (cumulatively below `ack`, or in SACK `blocks`)
    /// at `now` (ns) segments judged lost: those whose copy sent again left
    /// less than a round trip before (less an eighth, or a millisecond, for
    /// its jitter) cannot be what the peer answers, so the first copy
    /// arrived, held back on the way (IPv4 kernel run 7504 at the client: a
    /// segment held 150 ms, its resend 258 ms after it, acknowledged 93 ms
    /// after that, with 200 ms round trips). The round trip is the shorter
    /// of the handshake's and `shortest`, the direction's shortest: a sample
    /// may be longer than the path (a delayed ACK, which the answer to a
    /// resend filling a hole never waits for; a segment held on the way), so
    /// the rule needs the handshake's, which holds no delayed ACK, and any
    /// shorter one (run 7532: no handshake's, a FIN held 30 ms; run 5524: the
    /// SYN,ACK held 150 ms). Of three copies or more, the one that arrived
    /// is unknown.
    pub(super) fn answered_before_resend(
        &mut self,
        packets: &[&Packet],
        (now, shortest): (u64, Option<u64>),
        (ack, blocks): (i64, &[(i64, i64)]),
        mut arrived: impl FnMut(usize),
    ) {
        let round = self
            .handshake_round_trip
            .map_or(0, |r| shortest.map_or(r, |s| s.min(r)));
        // A host's own work varies by microseconds, a handshake's most (on
        // loopback a SYN,ACK took 14 µs to answer, a resend 2 µs: kernel
        // capture sack_snaplen): a round trip under a millisecond says nothing.
        let least = round.saturating_sub((round / 8).max(1_000_000));
        let later = self.resent.split_off(&ack);
        let mut covered: Vec<(i64, usize)> = std::mem::replace(&mut self.resent, later).into_iter().collect();
        for &(left, right) in blocks.iter().filter(|(l, r)| l < r) {
            let inside: Vec<i64> = self.resent.range(left..right).map(|(&k, _)| k).collect();
            covered.extend(
                inside
                    .into_iter()
                    .filter_map(|k| self.resent.remove(&k).map(|r| (k, r))),
            );
        }
        for (k, r) in covered {
            let soon = now.saturating_sub(packets[r].ts_ns) < least;
            if soon && self.copies.get(&k) == Some(&2) {
                if let Some(j) = self.judged_lost.remove(&k) {
                    arrived(j);
                }
            }
        }
    }

    /// Whether the first SACK block of the peer's ACK `ack` is this side's
    /// FIN's old block, not a D-SACK: it ends at this ACK, the first to go
    /// past it (`first_past`), and holds this side's FIN sent before the
    /// peer's ACK before (index `last_at`). Linux acknowledges a FIN taken
    /// from its out-of-order queue in FIN-WAIT-1 or -2 at once (`tcp_fin`),
    /// before dropping the SACK blocks made old by what filled the hole
    /// (`tcp_sack_remove`), so that ACK still reports the FIN's block
    /// (kernel run 9358 at the client, IPv6: the first FIN lost, the second
    /// SACKed, then the hole's data and both acknowledged).
    pub(super) fn fin_block_made_old(
        &self,
        packets: &[&Packet],
        (ack, first_past): (i64, bool),
        blocks: &[(i64, i64)],
        last_at: Option<usize>,
    ) -> bool {
        let fin_end = |(k, f): (i64, usize)| k + i64::from(packets[f].payload_len) + 1;
        blocks.first().is_some_and(|&(_, right)| {
            right == ack
                && first_past
                && self
                    .fin
                    .is_some_and(|fin| fin_end(fin) == right && last_at.is_some_and(|at| fin.1 < at))
        })
    }

    /// A duplicate ACK of the peer's without SACK blocks (the same ack
    /// `ack` and window again, nothing else in it) shows that one of this
    /// direction's segments past that ack arrived: a receiver sends one at
    /// once for each segment past a gap (RFC 5681 4.2), and, SACK off,
    /// nothing in it says which. So when the duplicate ACKs not yet matched
    /// are as many as the segments waiting past `ack`, every one of those
    /// arrived, and they leave the map as a SACK block would take them: none
    /// is a loss when sent again. With more segments waiting, which ones
    /// arrived is unknown (kernel run 10541: two lost in a row, the next
    /// ones duplicate-ACKed), and nothing is taken. Kernel run 10223 (SACK
    /// off, at the server): data lost, the FIN behind it duplicate-ACKed,
    /// then both sent again in one segment; only the data was lost.
    pub(super) fn dup_ack_arrival(&mut self, ack: i64) {
        let (at, unmatched) = &mut self.dup_acks;
        if *at != ack {
            (*at, *unmatched) = (ack, 0);
        }
        *unmatched += 1;
        let n = *unmatched;
        if n > DUP_ACKS_MATCHED {
            return;
        }
        let past: Vec<i64> = self
            .waiting
            .range(ack + 1..)
            .take(n + 1)
            .map(|(&k, _)| k)
            .collect();
        if past.len() == n {
            for k in past {
                self.waiting.remove(&k);
            }
            self.dup_acks.1 = 0;
        }
    }

    /// A D-SACK (RFC 2883: a first block below the ACK `ack`, or inside the
    /// second) says data arrived twice: of two copies, the one judged lost
    /// arrived after all. Of three or more, two arrived, and the observer
    /// takes the last one judged lost as the other (which of the earlier
    /// ones it was, the capture cannot tell; both readings need as many
    /// losses, and none keeps every copy but the last lost). Not for a SYN:
    /// after a simultaneous open Linux's D-SACK answers the SYN,ACK that
    /// repeats the SYN's number (kernel m4, m6). Kernel run 9385 at the
    /// client: the client's FIN,PSH went three times and the server's ACK
    /// of the third held a D-SACK; the second had arrived, and the server's
    /// FIN,ACK answering it was lost on the way.
    pub(super) fn dsack(
        &mut self,
        packets: &[&Packet],
        (ack, blocks): (i64, &[(i64, i64)]),
        mut arrived: impl FnMut(usize),
    ) {
        let Some(&(left, right)) = blocks.first() else {
            return;
        };
        let below = right <= ack;
        let inside_second = blocks.get(1).is_some_and(|&(l, r)| l <= left && right <= r);
        if left < right && (below || inside_second) {
            let found: Vec<(i64, usize)> = self
                .judged_lost
                .range(left..right)
                .map(|(&k, &j)| (k, j))
                .collect();
            for (k, j) in found {
                self.judged_lost.remove(&k);
                let copies = self.copies.get(&k).copied().unwrap_or(0);
                if copies == 2 || (copies > 2 && packets[j].flags & SYN == 0) {
                    arrived(j);
                }
            }
        }
    }
}

/// Whether SACK is on between the two sides, as far as `p` and the packets
/// before it show: both SYNs offered it, or a side sent a SACK block (a
/// capture started after the handshake holds no SYN). With it on, the ACK of
/// a copy names the copy in a D-SACK (see [`Direction::dsack`]).
pub(super) fn sack_on(dirs: &mut [Direction; 2], own: usize, p: &Packet) -> bool {
    let blocks = !p.options.sack.is_empty();
    dirs[own].sack_permitted |= blocks || p.flags & SYN != 0 && p.options.sack_permitted;
    dirs[1 - own].sack_permitted |= blocks;
    dirs[0].sack_permitted && dirs[1].sack_permitted
}
