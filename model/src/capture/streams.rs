//! Grouping TCP packets into connections, numbered as Wireshark's `tcp.stream`
//! numbers them, so "stream 3" here is "tcp.stream == 3" in Wireshark.
//!
//! Responsible for: the grouping rule and the numbers. Wireshark's rule (its
//! TCP dissector, checked against tshark on the corpus in
//! `model/tests/fixtures/captures/`): packets belong together when they have
//! the same two address-and-port endpoints in either direction; a stream is
//! numbered when its first packet appears, from 0. A 4-tuple that is used
//! again starts a new stream when a SYN without ACK arrives whose sequence
//! number differs from the base sequence number already known for its
//! direction (a retransmitted SYN has the same one and stays). The base is set
//! by the first packet in a direction (its sequence number, or one less when it
//! is not a SYN) or, earlier, by the first ACK from the other direction (the
//! acknowledged number minus one).
//!
//! Not responsible for: judging the connection (states, retransmissions),
//! which is the model's job once a stream is picked. Frames this reader skips
//! (ICMP errors quoting TCP, TCP headers cut by the snapshot length) take part
//! in Wireshark's numbering but not here, so a connection seen only through
//! such frames shifts the numbers after it.

use std::collections::BTreeMap;

use super::ip::Ip;
use super::packet::flags::{ACK, SYN};
use super::packet::{Capture, Packet};

/// One side of a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Endpoint {
    /// The address.
    pub ip: Ip,
    /// The port.
    pub port: u16,
}

/// One TCP connection in a capture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// Wireshark's `tcp.stream` number: 0-based, in order of first packet.
    pub index: u32,
    /// The sender of the stream's first packet (the client, when the capture
    /// starts with the SYN).
    pub a: Endpoint,
    /// The other side.
    pub b: Endpoint,
    /// Indexes into [`Capture::packets`], in file order; never empty.
    pub packets: Vec<usize>,
    /// The earliest capture time among its packets (ns since the epoch).
    pub first_ns: u64,
    /// The latest capture time among its packets.
    pub last_ns: u64,
    /// Whether any of its packets has the SYN flag (SYN or SYN+ACK), that is,
    /// whether the capture shows how the connection started.
    pub has_syn: bool,
}

/// The capture's TCP connections, in `tcp.stream` order. Linear in the number
/// of packets, with one map lookup (logarithmic in the open streams) each.
pub fn streams(capture: &Capture) -> Vec<Stream> {
    let mut streams: Vec<Stream> = Vec::new();
    // Per stream, the base sequence number of each direction (a to b, b to a).
    let mut bases: Vec<[Option<u32>; 2]> = Vec::new();
    // Each unordered endpoint pair's current (latest) stream.
    let mut current: BTreeMap<(Endpoint, Endpoint), usize> = BTreeMap::new();
    for (i, p) in capture.packets.iter().enumerate() {
        let src = Endpoint {
            ip: p.src,
            port: p.src_port,
        };
        let dst = Endpoint {
            ip: p.dst,
            port: p.dst_port,
        };
        let key = if src <= dst { (src, dst) } else { (dst, src) };
        let s = match current.get(&key).copied() {
            Some(s) if !new_connection(p, bases[s][direction(&streams[s], src)]) => s,
            _ => {
                current.insert(key, streams.len());
                bases.push([None; 2]);
                streams.push(Stream {
                    index: streams.len() as u32, // at most MAX_PACKETS streams
                    a: src,
                    b: dst,
                    packets: Vec::new(),
                    first_ns: p.ts_ns,
                    last_ns: p.ts_ns,
                    has_syn: false,
                });
                streams.len() - 1
            }
        };
        let stream = &mut streams[s];
        let forward = direction(stream, src);
        let base = &mut bases[s];
        if base[forward].is_none() {
            base[forward] = Some(if p.flags & SYN != 0 {
                p.seq
            } else {
                p.seq.wrapping_sub(1)
            });
        }
        if p.flags & ACK != 0 && base[1 - forward].is_none() {
            base[1 - forward] = Some(p.ack.wrapping_sub(1));
        }
        stream.packets.push(i);
        stream.first_ns = stream.first_ns.min(p.ts_ns);
        stream.last_ns = stream.last_ns.max(p.ts_ns);
        stream.has_syn |= p.flags & SYN != 0;
    }
    streams
}

/// 0 when `src` is the stream's `a` side, 1 when it is the `b` side.
fn direction(stream: &Stream, src: Endpoint) -> usize {
    usize::from(src != stream.a)
}

/// A SYN without ACK whose sequence number is not the base already known for
/// its direction: a new connection on a used 4-tuple.
fn new_connection(p: &Packet, base: Option<u32>) -> bool {
    p.flags & (SYN | ACK) == SYN && base.is_some_and(|b| b != p.seq)
}

#[cfg(test)]
mod tests {

    use super::super::{Format, Skipped};
    use super::*;

    fn packet(ts_ns: u64, from_client: bool, flags: u8, seq: u32, ack: u32) -> Packet {
        let p = super::super::test_packet();
        let (src, dst, src_port, dst_port) = if from_client {
            (p.src, p.dst, p.src_port, p.dst_port)
        } else {
            (p.dst, p.src, p.dst_port, p.src_port)
        };
        Packet {
            ts_ns,
            src,
            dst,
            src_port,
            dst_port,
            seq,
            ack,
            flags,
            ..p
        }
    }

    fn numbers(packets: Vec<Packet>) -> Vec<u32> {
        let capture = Capture {
            format: Format::Pcap,
            frames: 0,
            packets,
            skipped: Skipped::default(),
            cut: None,
        };
        let mut by_packet = vec![u32::MAX; capture.packets.len()];
        for s in streams(&capture) {
            for i in s.packets {
                by_packet[i] = s.index;
            }
        }
        by_packet
    }

    #[test]
    fn a_reused_4_tuple_after_a_new_syn_is_a_new_stream() {
        let got = numbers(vec![
            packet(1, true, SYN, 100, 0),
            packet(2, true, SYN, 100, 0), // retransmitted SYN: same stream
            packet(3, false, SYN | ACK, 500, 101),
            packet(4, true, ACK | 0x04, 101, 501), // RST
            packet(5, true, SYN, 9000, 0),         // new ISN: new stream
            packet(6, false, SYN | ACK, 700, 9001),
        ]);
        assert_eq!(got, [0, 0, 0, 0, 1, 1]);
    }

    #[test]
    fn the_base_can_come_from_the_other_sides_ack() {
        // The capture starts mid-connection with the server's ACK of 1000; a SYN
        // with seq 999 is then the same connection's SYN, one with 5 a new one.
        assert_eq!(
            numbers(vec![packet(1, false, ACK, 7, 1000), packet(2, true, SYN, 999, 0)]),
            [0, 0]
        );
        assert_eq!(
            numbers(vec![packet(1, false, ACK, 7, 1000), packet(2, true, SYN, 5, 0)]),
            [0, 1]
        );
        // A SYN+ACK never starts a stream.
        assert_eq!(
            numbers(vec![
                packet(1, false, ACK, 7, 1000),
                packet(2, false, SYN | ACK, 5, 1)
            ]),
            [0, 0]
        );
    }

    #[test]
    fn endpoints_times_and_syn() {
        let capture = Capture {
            format: Format::Pcap,
            frames: 3,
            packets: vec![packet(30, false, ACK, 1, 1), packet(10, true, ACK, 1, 1)],
            skipped: Skipped::default(),
            cut: None,
        };
        let s = &streams(&capture)[0];
        assert_eq!(
            (s.a.port, s.b.port, s.first_ns, s.last_ns, s.has_syn),
            (80, 40000, 10, 30, false)
        );
        assert_eq!(s.packets, [0, 1]);
    }
}
