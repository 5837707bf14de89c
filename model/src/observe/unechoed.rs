//! A window update lost after the capture point, told by timestamps
//! (RFC 7323): the classic case that zero-window probes exist for.
//!
//! Side A closes its window (an ACK with window 0), then opens it with a
//! bare ACK, X. If X never reaches B, B, holding data, keeps probing the
//! window it believes closed, and only the answer to a probe (Y) lets it
//! send. If X does reach B, B sends data at once. A capture shows X either
//! way; what B echoes tells which: B's segments echo (TSecr) the TSval of
//! the latest segment of A's that it took. So when B probes after X and its
//! next segment echoes a TSval later than X's, never X's, X was lost. When
//! that next segment echoes X's own, X arrived, after the probe had left:
//! they crossed (`crossing.rs`). X may share its TSval with the ACK that
//! closed the window (one clock tick, kernel run 3557): the probe's echo
//! then cannot say which it saw, and only a probe sooner than any
//! keep-alive counts as one sent without X.
//!
//! Responsible for: that one sign, in one pass over the packets in time
//! order. Not responsible for: captures without timestamps (then the update
//! is taken to arrive, and a probe sent within a second of it is told as
//! one that crossed it), or other segments that no one sends again.

use super::resend::KEEPALIVE_FLOOR_US;
use super::Packet;
use crate::capture::flags::{ACK, FIN, RST, SYN};

/// A window update of one side that the other has not yet shown it took.
#[derive(Clone, Copy)]
struct Pending {
    /// Its index.
    at: usize,
    /// Its ack number (the prober's SND.UNA: a probe carries one less).
    ack: u32,
    /// Its TSval.
    tsval: u32,
    /// Its capture time, ns.
    at_ns: u64,
    /// The peer has probed the window since.
    probed: bool,
}

/// Whether `a` is later than `b` on the timestamp clock (modulo 2^32).
fn later(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) > 0
}

/// An ACK with nothing else: no data, no SYN, FIN or RST.
fn bare(p: &Packet) -> bool {
    p.flags & (ACK | SYN | FIN | RST) == ACK && p.payload_len == 0
}

/// For each packet (in time order), whether it is a window update lost
/// after the capture point by the sign above. `forward(p)` tells the
/// direction.
pub(super) fn window_updates_lost(packets: &[&Packet], forward: impl Fn(&Packet) -> bool) -> Vec<bool> {
    let mut lost = vec![false; packets.len()];
    // Per direction: its last window was zero; its update awaiting a sign.
    let mut closed = [false; 2];
    let mut pending: [Option<Pending>; 2] = [None, None];
    for (k, p) in packets.iter().enumerate() {
        let (me, peer) = if forward(p) { (0, 1) } else { (1, 0) };
        // What this packet says about the peer's update.
        if let Some(x) = pending[peer] {
            let probe = bare(p) && p.seq.wrapping_add(1) == x.ack;
            let echo = p.options.timestamps.map(|(_, tsecr)| tsecr);
            // Its echo is older than the update, or the same when the update
            // and the ACK that closed the window share a tick (then only a
            // probe sooner than any keep-alive says it had not the update).
            let unseen = |e: u32| {
                later(x.tsval, e)
                    || (e == x.tsval && p.ts_ns.saturating_sub(x.at_ns) < KEEPALIVE_FLOOR_US * 1000)
            };
            pending[peer] = match echo {
                // No timestamp: nothing to read.
                None => None,
                // It probes the window it believes closed: wait for its next.
                Some(e) if !x.probed && probe && unseen(e) => Some(Pending { probed: true, ..x }),
                // Anything else before a probe: no sign.
                _ if !x.probed => None,
                // After its probe, it echoes the update itself: it arrived.
                Some(e) if e == x.tsval => None,
                // It echoes something later, never the update: lost.
                Some(e) if later(e, x.tsval) => {
                    lost[x.at] = true;
                    None
                }
                // Still older than the update: another probe, say.
                Some(_) => Some(x),
            };
        }
        if p.flags & (SYN | RST) != 0 {
            continue;
        }
        // This side's own window: a bare ACK opening the window it closed
        // is an update to watch.
        if closed[me] && p.window > 0 && bare(p) {
            if let Some((tsval, _)) = p.options.timestamps {
                pending[me] = Some(Pending {
                    at: k,
                    ack: p.ack,
                    tsval,
                    at_ns: p.ts_ns,
                    probed: false,
                });
            }
        }
        closed[me] = p.window == 0;
    }
    lost
}
