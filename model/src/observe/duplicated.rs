//! One transmission delivered twice: a path can duplicate a packet (a
//! faulty link, a switch flooding while it learns, `netem duplicate`), and
//! a capture at the receiver's host (or past the duplicating link) then
//! holds two copies of one segment. The second is no resend and no answer
//! of its sender's: nothing happened at the sender. Its receiver takes it
//! like any copy (a repeated ACK, data it already has, a FIN again).
//!
//! A resend looks the same in every TCP field, so the evidence is what the
//! sender stamps on each packet it sends:
//! - IPv4's identification: Linux gives each packet of a connection the
//!   next number, a resend too (and 0 to a few it sends without a
//!   connection's counter, such as the SYN,ACK or TIME-WAIT's ACK, which
//!   say nothing). Two non-zero numbers decide: equal, one packet; not, two.
//! - Otherwise (IPv6, a zero number), the TCP timestamp (RFC 7323): a resend
//!   carries the sender's clock when it left, so two copies with the same
//!   TSval are one packet when the sender's clock, as the capture measures
//!   it, ticked at least twice between them.
//! - Without either, a SYN,ACK equal to its sender's earlier one, captured
//!   after that sender acknowledged the peer's data or sent its own: a
//!   synchronized side sends no SYN,ACK, so this one is the earlier
//!   transmission again (kernel runs 11188 and 11878, IPv6 without
//!   timestamps, at the client: the server's SYN,ACK delivered a second
//!   time 120 ms late).
//!
//! Copies seen on two interfaces at once are `copies.rs`'s, not these.

use crate::capture::flags::{ACK, SYN};
use crate::capture::Packet;
use crate::util::sort::sort_by;

/// For each packet (time order), the earlier packet whose transmission it
/// repeats, if the path delivered that one twice, and whether only its
/// sender's synchronization tells it (a SYN,ACK, without stamps that do).
/// `forward` tells the client's packets from the server's.
pub(super) fn network_copies(
    packets: &[&Packet],
    forward: impl Fn(&Packet) -> bool,
) -> Vec<Option<(usize, bool)>> {
    let ticks = [true, false].map(|side| tick_ns(packets.iter().filter(|p| forward(p) == side)));
    let synced = [true, false].map(|side| synchronized_at(packets, |p| forward(p) == side));
    // Packets with one sender, seq and ack next to each other, in time
    // order (the sort is stable). No hash map: the widget's WebAssembly has
    // none, and one would cost it kilobytes.
    let key = |k: usize| (forward(packets[k]), packets[k].seq, packets[k].ack);
    let mut order: Vec<usize> = (0..packets.len()).collect();
    sort_by(&mut order, |&a, &b| key(a) < key(b));
    let mut out = vec![None; packets.len()];
    for (i, &k) in order.iter().enumerate() {
        let p = packets[k];
        // The latest equal packet before it, among the few just before
        // (a file of one packet repeated stays linear).
        out[k] = order[i.saturating_sub(LOOK_BACK)..i]
            .iter()
            .rev()
            .take_while(|&&e| key(e) == key(k))
            .copied()
            .find(|&e| same_fields(packets[e], p))
            .and_then(|e| {
                let side = usize::from(!forward(p));
                let synack = p.flags & (SYN | ACK) == SYN | ACK;
                let after_sync = synack && synced[side].is_some_and(|s| e < s && s < k);
                let stamped = one_packet(packets[e], p, ticks[side]);
                (stamped || after_sync).then_some((e, !stamped))
            });
    }
    out
}

/// Where a side (`mine`) is first seen synchronized after its SYN,ACK: it
/// acknowledged past that SYN,ACK's acknowledgment number (it had the
/// peer's data), or it sent data of its own. A listener's connection sends
/// data only once ESTABLISHED (kernel run 11878, `tcp_syncookies=2`, IPv6
/// without timestamps, at the client: the server's SYN,ACK delivered again
/// 120 ms late, after all the server's data) except with TCP Fast Open,
/// where it may send in SYN-RECEIVED: so data counts only when no SYN of
/// the connection carries data or a Fast Open option (kind 34).
fn synchronized_at(packets: &[&Packet], mine: impl Fn(&Packet) -> bool) -> Option<usize> {
    let fast_open = packets
        .iter()
        .any(|p| p.flags & SYN != 0 && (p.payload_len > 0 || p.options.other.contains(&FAST_OPEN)));
    let mut synack_ack = None;
    for (i, p) in packets.iter().enumerate().filter(|(_, p)| mine(p)) {
        if p.flags & (SYN | ACK) == SYN | ACK {
            synack_ack = synack_ack.or(Some(p.ack));
        } else if synack_ack.is_some()
            && (p.flags & ACK != 0 && synack_ack.is_some_and(|a| p.ack.wrapping_sub(a) as i32 > 0)
                || p.payload_len > 0 && !fast_open)
        {
            return Some(i);
        }
    }
    None
}

/// TCP Fast Open's option kind (RFC 7413).
const FAST_OPEN: u8 = 34;

/// How many earlier packets with the same numbers are compared with each.
const LOOK_BACK: usize = 16;

/// Equal in every TCP field (and captured on the same interface: copies
/// on two are `copies.rs`'s).
fn same_fields(a: &Packet, b: &Packet) -> bool {
    (a.interface, a.flags, a.window, a.payload_len, &a.options)
        == (b.interface, b.flags, b.window, b.payload_len, &b.options)
}

/// Whether `a` and `b`, equal in every TCP field, left their sender as one
/// packet (see the module's header). `tick_ns`: the sender's timestamp
/// clock, as measured.
fn one_packet(a: &Packet, b: &Packet, tick_ns: Option<u64>) -> bool {
    match (a.ip_id, b.ip_id) {
        (Some(x), Some(y)) if x != 0 || y != 0 => return x == y,
        _ => {}
    }
    let gap = b.ts_ns.saturating_sub(a.ts_ns);
    a.options.timestamps.is_some() && tick_ns.is_some_and(|t| gap >= t.saturating_mul(2))
}

/// How long one tick of a sender's timestamp clock lasts, from its first and
/// last stamped packets: `None` when they are too close to tell (under
/// 10 ms, or the clock did not move).
fn tick_ns<'a>(mut packets: impl Iterator<Item = &'a &'a Packet>) -> Option<u64> {
    let stamped = |p: &&Packet| p.options.timestamps.map(|(val, _)| (p.ts_ns, val));
    let first = packets.by_ref().find_map(&stamped)?;
    let last = packets.filter_map(stamped).last()?;
    let span_ns = last.0.checked_sub(first.0).filter(|&ns| ns >= 10_000_000)?;
    // Unwrapped over at most half the 32-bit space (RFC 7323 5.5).
    let ticks = u64::from(last.1.wrapping_sub(first.1)).min(1 << 31);
    (ticks > 0).then(|| span_ns / ticks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{flags, TcpOptions};

    fn packet(ms: u64, up: bool, ip_id: Option<u16>, tsval: Option<u32>) -> Packet {
        let mut p = Packet {
            ts_ns: ms * 1_000_000,
            ip_id,
            ..crate::capture::test_packet()
        };
        if !up {
            std::mem::swap(&mut p.src, &mut p.dst);
            std::mem::swap(&mut p.src_port, &mut p.dst_port);
        }
        p.flags = flags::ACK;
        p.options = TcpOptions {
            timestamps: tsval.map(|v| (v, 7)),
            ..TcpOptions::default()
        };
        p
    }

    fn judge(packets: &[Packet]) -> Vec<Option<usize>> {
        let client = packets[0].src;
        let refs: Vec<&Packet> = packets.iter().collect();
        let copies = network_copies(&refs, |p| p.src == client);
        copies.into_iter().map(|c| c.map(|(e, _)| e)).collect()
    }

    #[test]
    fn the_same_ip_id_is_one_packet_and_a_new_one_a_resend() {
        let twice = [packet(0, true, Some(40), None), packet(20, true, Some(40), None)];
        assert_eq!(judge(&twice), [None, Some(0)]);
        let resent = [packet(0, true, Some(40), None), packet(20, true, Some(41), None)];
        assert_eq!(judge(&resent), [None, None]);
        // Only the sender's fields: the other side's packet between them changes nothing.
        let crossed = [
            packet(0, true, Some(40), None),
            packet(5, false, Some(9), None),
            packet(20, true, Some(40), None),
        ];
        assert_eq!(judge(&crossed), [None, None, Some(0)]);
    }

    #[test]
    fn without_an_ip_id_the_timestamp_clock_decides() {
        // The client's clock: 1 tick a millisecond (0 ms: 100, 50 ms: 150);
        // the same ACK at 20 ms and again `ms` later, stamped 120 both times.
        let stamped = |ms, tsval| packet(ms, true, Some(0), Some(tsval));
        let again_after = |ms: u64| {
            let mut clock = vec![
                stamped(0, 100),
                stamped(20, 120),
                stamped(20 + ms, 120),
                stamped(50, 150),
            ];
            clock[3].seq = 9;
            judge(&clock)
        };
        assert_eq!(again_after(5), [None, None, Some(1), None]);
        // One tick apart: a host may send the same ACK twice within a tick.
        assert_eq!(again_after(1), [None, None, None, None]);
        // No timestamps and no IP ID (IPv6): nothing tells.
        let bare = [packet(0, true, None, None), packet(20, true, None, None)];
        assert_eq!(judge(&bare), [None, None]);
    }
}
