//! Export of segments as a classic pcap file, so a learner can open the story in
//! Wireshark and see the same numbers the widget shows.
//!
//! This module turns a list of already-decided segments into bytes: it builds
//! IPv4 and TCP headers with correct checksums and fills in payload bytes the
//! model only counts. It decides no TCP rule, reads no clock and does no IO;
//! writing the bytes to a file is the caller's job.
//!
//! Format: the classic libpcap format (not pcapng), magic 0xa1b2c3d4 written
//! little-endian, version 2.4, microsecond timestamps, snaplen 65535, link
//! type raw IPv4 (no Ethernet header). Every reader since the 1990s understands it.
//!
//! Capture point: the client's network interface, as `tcpdump` on the client
//! would record the run ([`at_client`]). A segment the client sends is
//! stamped when it leaves, one it receives when it arrives; segments that
//! never pass the client (lost on the way to it, or strays between other
//! hosts) are not in the capture, exactly as on a real machine. So the round
//! trip times Wireshark computes are the model's.

use crate::{EventKind, Header, Side, Simulation, Time};

/// One segment as captured: when it passed the capture point and its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Captured {
    /// When it passed the capture point.
    pub at: Time,
    /// The segment as it was on the wire.
    pub header: Header,
}

/// The segments of a run that the client's interface saw by `until`, in the
/// order the client's stack handled them: the run's event log, which the
/// `tcpdump -nn` view reads too. Within one millisecond a segment can leave
/// before another arrives (a program's send, then a late duplicate), and
/// tcpdump on the host lists them in that order; sorting by time alone put
/// the older segment first.
pub fn at_client(run: &Simulation, until: Time) -> Vec<Captured> {
    run.events_until(until)
        .iter()
        .filter(|e| e.side == Some(Side::Client))
        .filter_map(|e| match e.kind {
            EventKind::SegmentSent { segment, .. } | EventKind::SegmentArrived { segment } => {
                run.segment(segment).map(|s| Captured {
                    at: e.at,
                    header: s.header,
                })
            }
            _ => None,
        })
        .collect()
}

/// LINKTYPE_RAW: each record starts directly with the IPv4 header. Chosen over
/// Ethernet (1) because a link layer would add an "Ethernet II" line with made-up
/// MAC addresses to every packet in Wireshark, which teaches nothing about TCP
/// and invites questions the model cannot answer (ARP, who owns that MAC).
pub const LINKTYPE_RAW: u32 = 101;

/// The largest record we can produce is one full IPv4 datagram, so no record is
/// ever cut short.
pub const SNAPLEN: u32 = 65535;

const IPV4_HEADER_LEN: usize = 20;
const TCP_HEADER_LEN: usize = 20;
const MSS_OPTION_LEN: usize = 4;
const PROTOCOL_TCP: u8 = 6;
/// Linux's default TTL; any value works, 64 is what learners see in real captures.
const TTL: u8 = 64;
/// Don't Fragment: set by every modern stack doing path MTU discovery.
const FLAG_DF: u16 = 0x4000;

/// A classic pcap file (magic 0xa1b2c3d4, little-endian, version 2.4, microsecond timestamps) of these segments, in the given order.
///
/// The IPv4 identification starts at 1 for each source address and increments
/// with every datagram that address sends, as a simple stack would.
///
/// # Panics
///
/// If a segment's payload does not fit in one IPv4 datagram (more than 65495
/// bytes, or 65491 with the MSS option): such a segment cannot exist on the
/// wire, so the model that produced it has a bug.
pub fn write(segments: &[Captured]) -> Vec<u8> {
    let mut out = Vec::new();
    write_global_header(&mut out);
    // Each source address's next identification, sorted by address. A sorted
    // list rather than a map: a run has two addresses and at most a few
    // thousand spoofed ones, and a map type of its own would cost the page
    // its tree code once more (the observer's maps hold other types).
    let mut next_id: Vec<([u8; 4], u16)> = Vec::new();
    for captured in segments {
        let ip = captured.header.src.ip;
        let slot = match next_id.binary_search_by_key(&ip, |&(a, _)| a) {
            Ok(slot) => slot,
            Err(slot) => {
                next_id.insert(slot, (ip, 1));
                slot
            }
        };
        let id = &mut next_id[slot].1;
        let packet = ipv4_packet(&captured.header, *id);
        *id = id.wrapping_add(1);
        write_record(&mut out, captured.at, &packet);
    }
    out
}

fn write_global_header(out: &mut Vec<u8>) {
    out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes()); // magic: microsecond timestamps
    out.extend_from_slice(&2u16.to_le_bytes()); // version major
    out.extend_from_slice(&4u16.to_le_bytes()); // version minor
    out.extend_from_slice(&0i32.to_le_bytes()); // thiszone: timestamps are already UTC
    out.extend_from_slice(&0u32.to_le_bytes()); // sigfigs: always 0 in practice
    out.extend_from_slice(&SNAPLEN.to_le_bytes());
    out.extend_from_slice(&LINKTYPE_RAW.to_le_bytes());
}

fn write_record(out: &mut Vec<u8>, at: Time, packet: &[u8]) {
    // Virtual time starts at 0, so Wireshark shows the scenario starting on
    // 1970-01-01; the relative times it shows are the ones that matter. A
    // scenario longer than u32::MAX seconds (136 years) is clamped, not wrapped,
    // so timestamps never go backwards.
    let seconds = u32::try_from(at.0 / 1000).unwrap_or(u32::MAX);
    let micros = (at.0 % 1000) as u32 * 1000;
    let len = packet.len() as u32; // at most 65535, checked in ipv4_packet
    out.extend_from_slice(&seconds.to_le_bytes());
    out.extend_from_slice(&micros.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes()); // captured length
    out.extend_from_slice(&len.to_le_bytes()); // original length: nothing is cut
    out.extend_from_slice(packet);
}

/// One IPv4 datagram carrying the segment described by `header`.
fn ipv4_packet(header: &Header, id: u16) -> Vec<u8> {
    let tcp = tcp_segment(header);
    let total = IPV4_HEADER_LEN + tcp.len();
    let total_len = total as u16; // at most 65535: tcp_segment rejects larger payloads

    let mut ip = Vec::with_capacity(total);
    ip.push(0x45); // version 4, IHL 5 words (no IP options)
    ip.push(0); // DSCP/ECN: best effort, no ECN
    ip.extend_from_slice(&total_len.to_be_bytes());
    ip.extend_from_slice(&id.to_be_bytes());
    ip.extend_from_slice(&FLAG_DF.to_be_bytes()); // flags + fragment offset 0
    ip.push(TTL);
    ip.push(PROTOCOL_TCP);
    ip.extend_from_slice(&[0, 0]); // checksum, filled in below
    ip.extend_from_slice(&header.src.ip);
    ip.extend_from_slice(&header.dst.ip);
    let checksum = !ones_complement_sum(0, &ip);
    ip[10..12].copy_from_slice(&checksum.to_be_bytes());

    ip.extend_from_slice(&tcp);
    ip
}

/// The TCP header, options and payload, with the checksum over the IPv4
/// pseudo-header (RFC 9293 3.1) filled in.
fn tcp_segment(header: &Header) -> Vec<u8> {
    let options_len = if header.mss.is_some() { MSS_OPTION_LEN } else { 0 };
    let header_len = TCP_HEADER_LEN + options_len;
    // Reject oversized payloads before allocating gigabytes for them.
    let max_payload = usize::from(u16::MAX) - IPV4_HEADER_LEN - header_len;
    let payload_len = usize::try_from(header.len)
        .ok()
        .filter(|&n| n <= max_payload)
        .unwrap_or_else(|| {
            panic!(
                "segment of {} payload bytes does not fit in an IPv4 datagram",
                header.len
            )
        });

    // The model keeps `ack` meaningful only under the ACK flag; on the wire a
    // clear ACK flag goes with a zero field (RFC 9293 3.1 leaves it unused, and
    // stacks send zero).
    let ack = if header.flags.ack() { header.ack.0 } else { 0 };

    let mut tcp = Vec::with_capacity(header_len + payload_len);
    tcp.extend_from_slice(&header.src.port.to_be_bytes());
    tcp.extend_from_slice(&header.dst.port.to_be_bytes());
    tcp.extend_from_slice(&header.seq.0.to_be_bytes());
    tcp.extend_from_slice(&ack.to_be_bytes());
    tcp.push(((header_len / 4) as u8) << 4); // data offset in words; reserved bits 0
    tcp.push(header.flags.bits());
    tcp.extend_from_slice(&header.window.to_be_bytes());
    tcp.extend_from_slice(&[0, 0]); // checksum, filled in below
    tcp.extend_from_slice(&[0, 0]); // urgent pointer: URG is never set
    if let Some(mss) = header.mss {
        tcp.extend_from_slice(&[2, 4]); // kind 2 (MSS), length 4
        tcp.extend_from_slice(&mss.to_be_bytes());
    }

    // A SYN occupies the first sequence number, so the first data byte of a
    // segment with SYN is seq + 1.
    let first_byte = header.seq + u32::from(header.flags.syn());
    tcp.extend((0..header.len).map(|i| payload_byte(first_byte.0.wrapping_add(i))));

    let tcp_len = tcp.len() as u16; // bounded by max_payload above
    let mut pseudo = [0u8; 12];
    pseudo[0..4].copy_from_slice(&header.src.ip);
    pseudo[4..8].copy_from_slice(&header.dst.ip);
    pseudo[9] = PROTOCOL_TCP;
    pseudo[10..12].copy_from_slice(&tcp_len.to_be_bytes());
    let checksum = !ones_complement_sum(ones_complement_sum(0, &pseudo), &tcp);
    tcp[16..18].copy_from_slice(&checksum.to_be_bytes());
    tcp
}

/// The payload byte at sequence number `seq`. A function of the sequence number
/// alone, so a retransmission carries exactly the bytes of the original and
/// Wireshark's reassembly sees consistent data. Lowercase letters keep the
/// bytes readable in the hex pane.
fn payload_byte(seq: u32) -> u8 {
    b'a' + (seq % 26) as u8
}

/// The 16-bit one's-complement sum of `bytes` (RFC 1071) added to `sum`; an odd
/// trailing byte is padded with a zero byte.
fn ones_complement_sum(sum: u16, bytes: &[u8]) -> u16 {
    // A u64 accumulator cannot overflow for any slice that fits in memory, so
    // the carries can all be folded back in at the end.
    let mut acc = u64::from(sum);
    let mut words = bytes.chunks_exact(2);
    for word in &mut words {
        acc += u64::from(u16::from_be_bytes([word[0], word[1]]));
    }
    if let [last] = words.remainder() {
        acc += u64::from(*last) << 8;
    }
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Addr, Flags, Seq};

    const CLIENT: Addr = Addr::new([10, 0, 0, 1], 49152);
    const SERVER: Addr = Addr::new([10, 0, 0, 2], 80);

    fn header(src: Addr, dst: Addr, flags: Flags, seq: u32, ack: u32, len: u32) -> Header {
        Header {
            src,
            dst,
            seq: Seq(seq),
            ack: Seq(ack),
            flags,
            window: 64240,
            mss: None,
            len,
        }
    }

    fn at(ms: u64, header: Header) -> Captured {
        Captured { at: Time(ms), header }
    }

    /// (ts_sec, ts_usec, incl_len, orig_len, packet) for each record, read back
    /// from the file by hand rather than through the writer's own helpers.
    fn records(file: &[u8]) -> Vec<(u32, u32, u32, u32, &[u8])> {
        let le = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let mut rest = &file[24..];
        let mut out = Vec::new();
        while !rest.is_empty() {
            let incl = le(&rest[8..12]);
            let packet = &rest[16..16 + incl as usize];
            out.push((le(&rest[0..4]), le(&rest[4..8]), incl, le(&rest[12..16]), packet));
            rest = &rest[16 + incl as usize..];
        }
        out
    }

    fn only_packet(header: Header) -> Vec<u8> {
        let file = write(&[at(0, header)]);
        let recs = records(&file);
        assert_eq!(recs.len(), 1);
        recs[0].4.to_vec()
    }

    fn be16(b: &[u8]) -> u16 {
        u16::from_be_bytes([b[0], b[1]])
    }

    fn be32(b: &[u8]) -> u32 {
        u32::from_be_bytes([b[0], b[1], b[2], b[3]])
    }

    /// RFC 1071 verification, written independently of the writer: summing a
    /// header together with its checksum field must give 0xffff.
    fn verify_sum(chunks: &[&[u8]]) -> u16 {
        let mut bytes = Vec::new();
        for c in chunks {
            bytes.extend_from_slice(c);
        }
        if bytes.len() % 2 == 1 {
            bytes.push(0);
        }
        let mut sum: u32 = 0;
        for pair in bytes.chunks(2) {
            sum += (u32::from(pair[0]) << 8) | u32::from(pair[1]);
            sum = (sum & 0xffff) + (sum >> 16);
        }
        sum as u16
    }

    #[test]
    fn checksum_verifier_accepts_a_known_good_header() {
        // The IPv4 header example from Wikipedia's "IPv4 header checksum"
        // article (checksum 0xb861), so the verifier itself is checked against
        // bytes this crate did not produce.
        let known = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01,
            0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(verify_sum(&[&known]), 0xffff);
        let mut broken = known;
        broken[11] ^= 1;
        assert_ne!(verify_sum(&[&broken]), 0xffff);
    }

    fn tcp_part(packet: &[u8]) -> &[u8] {
        let ihl = usize::from(packet[0] & 0x0f) * 4;
        &packet[ihl..]
    }

    fn data_offset(packet: &[u8]) -> usize {
        usize::from(tcp_part(packet)[12] >> 4) * 4
    }

    #[test]
    fn global_header_is_classic_little_endian_microsecond_raw_ipv4() {
        let file = write(&[]);
        #[rustfmt::skip]
        let expected = [
            0xd4, 0xc3, 0xb2, 0xa1, // magic 0xa1b2c3d4, little-endian
            2, 0, 4, 0,             // version 2.4
            0, 0, 0, 0,             // thiszone
            0, 0, 0, 0,             // sigfigs
            0xff, 0xff, 0, 0,       // snaplen 65535
            101, 0, 0, 0,           // LINKTYPE_RAW
        ];
        assert_eq!(file, expected);
    }

    #[test]
    fn record_timestamp_splits_milliseconds_into_seconds_and_microseconds() {
        let syn = header(CLIENT, SERVER, Flags::SYN, 1000, 0, 0);
        let file = write(&[at(0, syn), at(1_234, syn), at(61_005, syn)]);
        let times: Vec<(u32, u32)> = records(&file).iter().map(|r| (r.0, r.1)).collect();
        assert_eq!(times, [(0, 0), (1, 234_000), (61, 5_000)]);
    }

    #[test]
    fn record_lengths_equal_the_whole_datagram() {
        let data = header(CLIENT, SERVER, Flags::PSH_ACK, 1001, 8001, 20);
        let file = write(&[at(5, data)]);
        let (_, _, incl, orig, packet) = records(&file)[0];
        assert_eq!(incl, 60);
        assert_eq!(orig, 60);
        assert_eq!(packet.len(), 60);
        assert_eq!(file.len(), 24 + 16 + 60);
    }

    #[test]
    fn ipv4_header_has_fixed_fields_df_ttl_and_addresses() {
        let packet = only_packet(header(CLIENT, SERVER, Flags::ACK, 1001, 8001, 0));
        assert_eq!(packet[0], 0x45, "version 4, IHL 5");
        assert_eq!(be16(&packet[6..8]), 0x4000, "DF set, fragment offset 0");
        assert_eq!(packet[8], 64, "TTL");
        assert_eq!(packet[9], 6, "protocol TCP");
        assert_eq!(packet[12..16], [10, 0, 0, 1]);
        assert_eq!(packet[16..20], [10, 0, 0, 2]);
    }

    #[test]
    fn syn_with_mss_has_data_offset_six_and_the_option_bytes() {
        let mut syn = header(CLIENT, SERVER, Flags::SYN, 1000, 0, 0);
        syn.mss = Some(1460);
        let packet = only_packet(syn);
        let tcp = tcp_part(&packet);
        assert_eq!(tcp[12], 0x60, "data offset 6 words, reserved bits zero");
        assert_eq!(tcp[20..24], [2, 4, 0x05, 0xb4], "kind 2, length 4, 1460");
        assert_eq!(tcp.len(), 24, "no payload after the option");
    }

    #[test]
    fn segment_without_mss_has_data_offset_five() {
        let packet = only_packet(header(CLIENT, SERVER, Flags::ACK, 1001, 8001, 0));
        assert_eq!(data_offset(&packet), 20);
        assert_eq!(tcp_part(&packet).len(), 20);
    }

    #[test]
    fn tcp_header_carries_ports_seq_flags_window_and_zero_urgent_pointer() {
        let mut h = header(SERVER, CLIENT, Flags::SYN_ACK, 8000, 1001, 0);
        h.window = 0xabcd;
        let packet = only_packet(h);
        let tcp = tcp_part(&packet);
        assert_eq!(be16(&tcp[0..2]), 80);
        assert_eq!(be16(&tcp[2..4]), 49152);
        assert_eq!(be32(&tcp[4..8]), 8000);
        assert_eq!(be32(&tcp[8..12]), 1001);
        assert_eq!(tcp[13], 0x12, "SYN and ACK bits");
        assert_eq!(be16(&tcp[14..16]), 0xabcd);
        assert_eq!(be16(&tcp[18..20]), 0);
    }

    #[test]
    fn ipv4_and_tcp_checksums_verify() {
        let mut syn = header(CLIENT, SERVER, Flags::SYN, 1000, 0, 0);
        syn.mss = Some(1460);
        let segments = [
            syn,
            header(CLIENT, SERVER, Flags::PSH_ACK, 1001, 8001, 20),
            // An odd payload length exercises the zero pad byte of the sum.
            header(SERVER, CLIENT, Flags::PSH_ACK, 8001, 1021, 7),
            header(SERVER, CLIENT, Flags::RST, 0xffff_ffff, 0, 0),
        ];
        let captured: Vec<Captured> = segments.iter().map(|h| at(0, *h)).collect();
        let file = write(&captured);
        for (_, _, _, _, packet) in records(&file) {
            assert_eq!(verify_sum(&[&packet[..20]]), 0xffff, "IPv4 header checksum");
            let tcp = tcp_part(packet);
            let tcp_len = (tcp.len() as u16).to_be_bytes();
            let pseudo = [&packet[12..20], &[0, 6], &tcp_len[..]].concat();
            assert_eq!(verify_sum(&[&pseudo, tcp]), 0xffff, "TCP checksum");
            assert_ne!(be16(&tcp[16..18]), 0, "checksum was filled in");
        }
    }

    #[test]
    fn ack_field_is_zero_when_ack_flag_is_clear() {
        // The model may keep a stale value in `ack`; it must not leak onto the wire.
        let packet = only_packet(header(CLIENT, SERVER, Flags::SYN, 1000, 777, 0));
        assert_eq!(be32(&tcp_part(&packet)[8..12]), 0);
        let packet = only_packet(header(SERVER, CLIENT, Flags::RST, 8001, 1234, 0));
        assert_eq!(be32(&tcp_part(&packet)[8..12]), 0);
        let packet = only_packet(header(SERVER, CLIENT, Flags::RST_ACK, 0, 1234, 0));
        assert_eq!(be32(&tcp_part(&packet)[8..12]), 1234);
    }

    #[test]
    fn payload_length_and_ip_total_length_agree() {
        for (len, mss) in [(0, None), (1, None), (20, None), (1460, None), (3, Some(536))] {
            let mut h = header(CLIENT, SERVER, Flags::PSH_ACK, 1001, 8001, len);
            if mss.is_some() {
                h.flags = Flags::SYN;
                h.mss = mss;
            }
            let packet = only_packet(h);
            let total = usize::from(be16(&packet[2..4]));
            assert_eq!(total, packet.len());
            assert_eq!(total - 20 - data_offset(&packet), len as usize);
        }
    }

    #[test]
    fn identification_increments_per_source_address() {
        let c = |seq| at(0, header(CLIENT, SERVER, Flags::ACK, seq, 8001, 0));
        let s = |seq| at(0, header(SERVER, CLIENT, Flags::ACK, seq, 1001, 0));
        let file = write(&[c(1), s(1), c(2), c(3), s(2)]);
        let ids: Vec<u16> = records(&file).iter().map(|r| be16(&r.4[4..6])).collect();
        assert_eq!(ids, [1, 1, 2, 3, 2]);
    }

    #[test]
    fn payload_bytes_are_a_function_of_their_sequence_numbers() {
        // 1001 % 26 == 13, so the first byte is 'n'.
        let packet = only_packet(header(CLIENT, SERVER, Flags::PSH_ACK, 1001, 8001, 20));
        assert_eq!(&tcp_part(&packet)[20..], b"nopqrstuvwxyzabcdefg");
    }

    #[test]
    fn retransmission_carries_the_same_bytes_as_the_original() {
        let original = header(CLIENT, SERVER, Flags::PSH_ACK, 1001, 8001, 20);
        // A retransmission that resends only the last 10 bytes, with a newer ack.
        let tail = header(CLIENT, SERVER, Flags::PSH_ACK, 1011, 8011, 10);
        let first = only_packet(original);
        let second = only_packet(tail);
        assert_eq!(&tcp_part(&first)[30..], &tcp_part(&second)[20..]);
    }

    #[test]
    fn data_on_a_syn_starts_one_past_the_syn() {
        let packet = only_packet(header(CLIENT, SERVER, Flags::SYN, 1000, 0, 3));
        // The SYN takes 1000; the data bytes are 1001..=1003: 'n', 'o', 'p'.
        assert_eq!(&tcp_part(&packet)[20..], b"nop");
    }

    #[test]
    #[should_panic(expected = "does not fit in an IPv4 datagram")]
    fn payload_too_large_for_ipv4_panics() {
        write(&[at(0, header(CLIENT, SERVER, Flags::ACK, 1, 1, 65_496))]);
    }

    #[test]
    fn largest_payload_that_fits_makes_a_65535_byte_datagram() {
        let packet = only_packet(header(CLIENT, SERVER, Flags::ACK, 1, 1, 65_495));
        assert_eq!(packet.len(), 65_535);
        assert_eq!(be16(&packet[2..4]), 65_535);
    }
}
