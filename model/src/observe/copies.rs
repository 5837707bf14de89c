//! One packet captured twice: `dumpcap -i lo -i any` records each segment on
//! both interfaces, microseconds apart. Such a copy is no retransmission and
//! no evidence of anything; the observers skip it.

use super::Packet;

/// For each packet (time order), whether it is a second capture of one of
/// the few packets just before it, on another interface (see
/// [`same_packet`]). Looks back a fixed number of packets: copies from two
/// interfaces are captured microseconds apart.
pub(super) fn copies(packets: &[&Packet]) -> Vec<bool> {
    const LOOK_BACK: usize = 8;
    (0..packets.len())
        .map(|i| (i.saturating_sub(LOOK_BACK)..i).any(|j| same_packet(packets[j], packets[i])))
        .collect()
}

/// One packet captured on two interfaces (dumpcap -i lo -i any): every
/// header field and option equal, the interface not. (On one interface an
/// identical copy is a retransmission: on loopback one can leave within the
/// same millisecond, with the same TCP timestamp.)
pub(super) fn same_packet(a: &Packet, b: &Packet) -> bool {
    a.interface != b.interface
        && (a.seq, a.ack, a.flags, a.window, a.payload_len, &a.options)
            == (b.seq, b.ack, b.flags, b.window, b.payload_len, &b.options)
}
