//! The IP layer: addresses, and where the TCP segment is and how long it is.
//!
//! Responsible for: IPv4 (with options; fragments; IPsec authentication
//! headers before TCP) and IPv6 (walking the extension headers that may
//! precede TCP, a bounded number of them, and keeping what tcpdump writes of
//! them, [`IpExtension`]), taking
//! the segment's length from the IP length fields so a frame cut short by the
//! capture still reports its true length, and writing addresses the way
//! Wireshark shows them. Not responsible for: checksums, reassembling
//! fragments, or any protocol other than TCP.

use core::fmt;

use super::bytes::{Skip, NET};

/// An IP address, IPv4 or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ip {
    /// An IPv4 address, in network byte order.
    V4([u8; 4]),
    /// An IPv6 address, in network byte order.
    V6([u8; 16]),
}

/// As Wireshark writes addresses (it uses the C library's `inet_ntop`):
/// dotted decimal for IPv4; for IPv6 lowercase hex groups with the longest run
/// of two or more zero groups (the first, on a tie) written `::`, and the last
/// 32 bits dotted in IPv4-mapped (`::ffff:1.2.3.4`) and IPv4-compatible
/// (`::1.2.3.4`) addresses.
impl fmt::Display for Ip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = match self {
            Ip::V4([a, b, c, d]) => return write!(f, "{a}.{b}.{c}.{d}"),
            Ip::V6(a) => a,
        };
        let word = |i: usize| u16::from_be_bytes([a[2 * i], a[2 * i + 1]]);
        // The longest run of zero words (start, length); runs of one do not count.
        let (mut start, mut len, mut run) = (0, 0, 0);
        for i in 0..8 {
            run = if word(i) == 0 { run + 1 } else { 0 };
            if run > len {
                (start, len) = (i + 1 - run, run);
            }
        }
        if len < 2 {
            len = 0;
        }
        for i in 0..8 {
            if len > 0 && i >= start && i < start + len {
                if i == start {
                    f.write_str(":")?;
                }
                continue;
            }
            if i != 0 {
                f.write_str(":")?;
            }
            if i == 6 && start == 0 && (len == 6 || (len == 5 && word(5) == 0xffff)) {
                return write!(f, "{}", Ip::V4([a[12], a[13], a[14], a[15]]));
            }
            write!(f, "{:x}", word(i))?;
        }
        if len > 0 && start + len == 8 {
            f.write_str(":")?;
        }
        Ok(())
    }
}

/// A header a segment came after, between its IP header and TCP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IpExtension {
    /// Its protocol number: 0 hop-by-hop options, 43 routing, 44 fragment
    /// (of a first fragment), 51 authentication, 60 destination options.
    pub protocol: u8,
    /// Its bytes as captured, for the two whose fields tcpdump writes:
    /// routing (type, addresses) and authentication (SPI, sequence number,
    /// ICV; at least 12 bytes, since tcpdump reads the sequence number even
    /// from a header that claims to be shorter). Empty for the others.
    pub bytes: Vec<u8>,
    /// How many bytes of the datagram follow it, by the IP header's length.
    pub rest: u32,
}

/// An IP packet's addresses and the TCP segment it carries.
pub(super) struct Datagram<'a> {
    pub src: Ip,
    pub dst: Ip,
    /// The captured bytes of the TCP segment (header first); may be fewer than
    /// `segment_len` when the capture cut the frame short.
    pub segment: &'a [u8],
    /// The segment's length according to the IP header.
    pub segment_len: u32,
    /// The headers between the IP header and TCP, in order.
    pub extensions: Vec<IpExtension>,
    /// IPv4's identification field (IPv6 has none outside fragments).
    pub id: Option<u16>,
    /// The ECN field (RFC 3168 section 5): the low two bits of IPv4's TOS
    /// byte or IPv6's traffic class.
    pub ecn: u8,
}

const TCP: u8 = 6;
/// IPv6 extension headers that may come before TCP, and their next-header numbers.
const HOP_BY_HOP: u8 = 0;
const ROUTING: u8 = 43;
const FRAGMENT: u8 = 44;
const AUTH: u8 = 51;
const DEST_OPTIONS: u8 = 60;
/// More extension headers than any real packet has (RFC 8200 4.1 orders at most
/// about six); the bound keeps a crafted chain from walking far.
const MAX_EXTENSIONS: usize = 8;

/// Reads an IP header. `version` is what the link layer announced (0: trust
/// the header's own version nibble). `wire_len` is the packet's length on the
/// wire, used when the header's length field is 0 (large segments handed to the
/// capture before the network card split them, and IPv6 jumbograms).
///
/// # Errors
///
/// The [`Skip`] reason when the packet is not TCP, is a fragment without the
/// TCP header, was cut inside the headers, or has impossible lengths.
pub(super) fn parse(packet: &[u8], version: u8, wire_len: usize) -> Result<Datagram<'_>, Skip> {
    let first = *packet.first().ok_or(Skip::Truncated)?;
    let found = first >> 4;
    if version != 0 && version != found {
        return Err(Skip::Malformed);
    }
    match found {
        4 => ipv4(packet, wire_len),
        6 => ipv6(packet, wire_len),
        _ if version == 0 => Err(Skip::NotIp),
        _ => Err(Skip::Malformed),
    }
}

fn ipv4(p: &[u8], wire_len: usize) -> Result<Datagram<'_>, Skip> {
    let header_len = usize::from(p[0] & 0x0f) * 4;
    if p.len() < 20 {
        return Err(Skip::Truncated);
    }
    if header_len < 20 {
        return Err(Skip::Malformed);
    }
    if p.len() < header_len {
        return Err(Skip::Truncated);
    }
    if p[9] != TCP && p[9] != AUTH {
        return Err(Skip::NotTcp);
    }
    let fragment = NET.u16(p, 6).ok_or(Skip::Truncated)?;
    // A non-zero offset: this piece has no TCP header. The first fragment (more
    // fragments bit, offset 0) is kept when the whole TCP header is in it.
    if fragment & 0x1fff != 0 {
        return Err(Skip::Fragment);
    }
    // A total length beyond the packet on the wire is a lie (or a
    // corruption): read what is there, as Wireshark does ("IPv4 total
    // length exceeds packet length").
    let total = match NET.u16(p, 2).ok_or(Skip::Truncated)? {
        0 => wire_len,
        n => within(usize::from(n), wire_len, p.len()),
    };
    // IPsec's authentication header may come between IPv4 and TCP (in
    // transport mode); tcpdump and Wireshark read the TCP behind it.
    let mut at = header_len;
    let mut next = p[9];
    let mut extensions = Vec::new();
    while next == AUTH && extensions.len() < MAX_EXTENSIONS {
        let (len, found) = extension(p, at, next, total)?;
        next = p[at];
        extensions.push(found);
        at += len;
    }
    if next != TCP {
        return Err(Skip::NotTcp);
    }
    let segment_len = total.checked_sub(at).ok_or(Skip::Malformed)?;
    let datagram = Datagram {
        src: Ip::V4([p[12], p[13], p[14], p[15]]),
        dst: Ip::V4([p[16], p[17], p[18], p[19]]),
        segment: p.get(at..total.min(p.len())).ok_or(Skip::Truncated)?,
        segment_len: u32::try_from(segment_len).map_err(|_| Skip::Malformed)?,
        extensions,
        id: NET.u16(p, 4),
        ecn: p[1] & 3,
    };
    if fragment & 0x2000 != 0 && datagram.segment.len() < tcp_header_len(datagram.segment) {
        return Err(Skip::Fragment);
    }
    Ok(datagram)
}

/// A datagram length from its header, no longer than the packet on the wire
/// (`wire_len`, 0 when the file does not say; never below what was captured).
fn within(claimed: usize, wire_len: usize, captured: usize) -> usize {
    if wire_len == 0 {
        claimed
    } else {
        claimed.min(wire_len.max(captured))
    }
}

/// The TCP header length a segment claims, or more than it can hold when its
/// first 13 bytes are not there (so a short first fragment counts as a fragment).
fn tcp_header_len(segment: &[u8]) -> usize {
    segment.get(12).map_or(usize::MAX, |b| usize::from(b >> 4) * 4)
}

/// The header of protocol `next` at `at` (an IPv6 extension header, or an
/// authentication header): its length and what tcpdump needs of it.
/// `claimed` is where the IP header says the datagram ends.
fn extension(p: &[u8], at: usize, next: u8, claimed: usize) -> Result<(usize, IpExtension), Skip> {
    // Every one starts with next header and a length byte.
    let header = p.get(at..at + 2).ok_or(Skip::Truncated)?;
    let len = match next {
        HOP_BY_HOP | ROUTING | DEST_OPTIONS => (usize::from(header[1]) + 1) * 8,
        AUTH => (usize::from(header[1]) + 2) * 4,
        FRAGMENT => 8,
        _ => return Err(Skip::NotTcp),
    };
    // tcpdump writes the fields of these two; it reads an authentication
    // header's sequence number even when the header claims 8 bytes.
    let kept = match next {
        ROUTING => len,
        AUTH => len.max(12),
        _ => 0,
    };
    let bytes = p.get(at..(at + kept).min(p.len())).unwrap_or_default().to_vec();
    let rest = u32::try_from(claimed.saturating_sub(at + len)).unwrap_or(u32::MAX);
    Ok((
        len,
        IpExtension {
            protocol: next,
            bytes,
            rest,
        },
    ))
}

fn ipv6(p: &[u8], wire_len: usize) -> Result<Datagram<'_>, Skip> {
    if p.len() < 40 {
        return Err(Skip::Truncated);
    }
    let payload = match NET.u16(p, 4).ok_or(Skip::Truncated)? {
        0 => wire_len.saturating_sub(40),
        // Beyond the packet on the wire: read what is there (see `ipv4`).
        n => within(40 + usize::from(n), wire_len, p.len()) - 40,
    };
    let end = 40 + payload;
    // Where the header says the datagram ends: what tcpdump counts the
    // bytes after a header from (`frag (0|N)`), even when it lies.
    let claimed = match NET.u16(p, 4).unwrap_or(0) {
        0 => end,
        n => 40 + usize::from(n),
    };
    let mut next = p[6];
    let mut at = 40;
    let mut first_fragment = false;
    let mut extensions = Vec::new();
    for _ in 0..=MAX_EXTENSIONS {
        if next == TCP {
            let segment_len = end.checked_sub(at).ok_or(Skip::Malformed)?;
            let segment = p.get(at..end.min(p.len())).ok_or(Skip::Truncated)?;
            if first_fragment && segment.len() < tcp_header_len(segment) {
                return Err(Skip::Fragment);
            }
            let address = |at: usize| -> [u8; 16] { p[at..at + 16].try_into().unwrap_or_default() };
            return Ok(Datagram {
                src: Ip::V6(address(8)),
                dst: Ip::V6(address(24)),
                segment,
                segment_len: u32::try_from(segment_len).map_err(|_| Skip::Malformed)?,
                extensions,
                id: None,
                ecn: (p[1] >> 4) & 3,
            });
        }
        if next == FRAGMENT {
            let offset = NET.u16(p, at + 2).ok_or(Skip::Truncated)? & 0xfff8;
            if offset != 0 {
                // A later piece: its next header says what was fragmented.
                return Err(if p[at] == TCP {
                    Skip::Fragment
                } else {
                    Skip::NotTcp
                });
            }
            first_fragment = true;
        }
        let (len, found) = extension(p, at, next, claimed)?;
        next = p[at];
        extensions.push(found);
        at += len;
    }
    // More extension headers than any real stack sends.
    Err(Skip::Malformed)
}

#[cfg(test)]
mod tests {

    use super::*;

    fn v6(words: [u16; 8]) -> String {
        let mut a = [0; 16];
        for (i, w) in words.iter().enumerate() {
            a[2 * i..2 * i + 2].copy_from_slice(&w.to_be_bytes());
        }
        Ip::V6(a).to_string()
    }

    #[test]
    fn addresses_as_wireshark_writes_them() {
        assert_eq!(Ip::V4([192, 168, 0, 1]).to_string(), "192.168.0.1");
        assert_eq!(v6([0, 0, 0, 0, 0, 0, 0, 1]), "::1");
        assert_eq!(v6([0; 8]), "::");
        assert_eq!(v6([0xfe80, 0, 0, 0, 0x1, 0x2, 0x3, 0x4]), "fe80::1:2:3:4");
        assert_eq!(v6([0x2001, 0xdb8, 0, 1, 0, 0, 0, 1]), "2001:db8:0:1::1"); // a single 0 stays
        assert_eq!(v6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]), "2001:db8::1:0:0:1"); // first of two equal runs
        assert_eq!(v6([1, 0, 0, 0, 0, 0, 0, 0]), "1::");
        assert_eq!(v6([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]), "::ffff:1.2.3.4");
        assert_eq!(v6([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]), "::1.2.3.4");
        assert_eq!(v6([0, 0, 0, 0, 0, 0xfffe, 0x0102, 0x0304]), "::fffe:102:304");
    }

    /// An IPv4 header of `header_len` bytes (options as NOPs) carrying `proto`.
    fn ipv4_header(header_len: u8, total: u16, fragment: u16, proto: u8) -> Vec<u8> {
        let mut h = vec![0x40 | (header_len / 4), 0];
        h.extend_from_slice(&total.to_be_bytes());
        h.extend_from_slice(&[0, 0]); // identification
        h.extend_from_slice(&fragment.to_be_bytes());
        h.extend_from_slice(&[64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
        h.resize(usize::from(header_len), 1); // IP option NOPs
        h
    }

    #[test]
    fn a_length_beyond_the_packet_on_the_wire_is_not_believed() {
        // 65 bytes on the wire (and captured), a total length of 2000: the
        // segment is what is there (Wireshark: "IPv4 total length exceeds
        // packet length").
        let mut p = ipv4_header(20, 2000, 0x4000, TCP);
        p.extend_from_slice(&[0; 45]);
        let d = parse(&p, 4, 65).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(d.segment_len, 45);
        // Cut by the snapshot length (60 of 2020 bytes on the wire): believed.
        let d = parse(&p[..60], 4, 2020).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(d.segment_len, 1980);
    }

    #[test]
    fn ipv4_options_fragments_and_lengths() {
        // 24-byte header (one 4-byte option), 20-byte TCP header, 100 payload bytes, of which
        // only 10 were captured: the segment length still comes from the total length.
        let mut p = ipv4_header(24, 144, 0x4000, TCP);
        p.extend_from_slice(&[0; 30]);
        let d = parse(&p, 4, 0).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(
            (d.src, d.dst, d.segment.len(), d.segment_len),
            (Ip::V4([10, 0, 0, 1]), Ip::V4([10, 0, 0, 2]), 30, 120)
        );
        // Ethernet padding after the datagram is not part of the segment.
        let mut padded = ipv4_header(20, 40, 0, TCP);
        padded.extend_from_slice(&[0; 26]);
        assert_eq!(parse(&padded, 4, 0).map(|d| d.segment.len()).ok(), Some(20));
        // Total length 0 (segmentation offload): the wire length counts.
        let mut tso = ipv4_header(20, 0, 0, TCP);
        tso.extend_from_slice(&[0x50; 20]);
        assert_eq!(parse(&tso, 4, 9000).map(|d| d.segment_len).ok(), Some(8980));
        // Fragments: a later piece, a first piece with the whole TCP header, one without.
        assert_eq!(
            parse(&ipv4_header(20, 100, 0x0010, TCP), 4, 0).err(),
            Some(Skip::Fragment)
        );
        let mut first = ipv4_header(20, 60, 0x2000, TCP);
        first.extend_from_slice(&[0x50; 40]);
        assert!(parse(&first, 4, 0).is_ok());
        let mut short = ipv4_header(20, 28, 0x2000, TCP);
        short.extend_from_slice(&[0x50; 8]);
        assert_eq!(parse(&short, 4, 0).err(), Some(Skip::Fragment));
        // Not TCP; a header length under 20; a total length under the header.
        assert_eq!(parse(&ipv4_header(20, 28, 0, 17), 4, 0).err(), Some(Skip::NotTcp));
        let mut under = ipv4_header(16, 40, 0, TCP);
        under.extend_from_slice(&[0; 24]);
        assert_eq!(parse(&under, 4, 0).err(), Some(Skip::Malformed));
        assert_eq!(
            parse(&ipv4_header(24, 20, 0, TCP), 4, 0).err(),
            Some(Skip::Malformed)
        );
        // The link layer said IPv6.
        assert_eq!(
            parse(&ipv4_header(20, 40, 0, TCP), 6, 0).err(),
            Some(Skip::Malformed)
        );
    }

    /// An IPv6 header with the given payload length and first next-header value.
    fn ipv6_header(payload: u16, next: u8) -> Vec<u8> {
        let mut h = vec![0x60, 0, 0, 0];
        h.extend_from_slice(&payload.to_be_bytes());
        h.extend_from_slice(&[next, 64]);
        h.extend_from_slice(&[0; 15]);
        h.push(1); // ::1
        h.extend_from_slice(&[0; 15]);
        h.push(2); // ::2
        h
    }

    #[test]
    fn the_ecn_field_is_the_tos_bytes_or_traffic_class_low_two_bits() {
        // IPv4 TOS 0x03 with DSCP 0 (CE), then DSCP 46 with ECT(0) (0xba);
        // IPv6 traffic class 0x03 (CE: the nibbles straddle bytes 0 and 1),
        // then 0xb9 (DSCP 46, ECT(1)).
        for (tos, ecn) in [(0x03, 3), (0xba, 2), (0x00, 0)] {
            let mut p = ipv4_header(20, 40, 0, TCP);
            p[1] = tos;
            p.extend_from_slice(&[0x50; 20]);
            assert_eq!(parse(&p, 4, 0).map(|d| d.ecn).ok(), Some(ecn), "{tos:#x}");
        }
        for (class, ecn) in [(0x03u8, 3), (0xb9, 1)] {
            let mut p = ipv6_header(20, TCP);
            p[0] = 0x60 | (class >> 4);
            p[1] = class << 4;
            p.extend_from_slice(&[0x50; 20]);
            assert_eq!(parse(&p, 0, 0).map(|d| d.ecn).ok(), Some(ecn), "{class:#x}");
        }
    }

    #[test]
    fn ipv6_walks_extension_headers_to_tcp() {
        // Hop-by-hop (8 bytes), routing (16 bytes), fragment (8, first piece),
        // destination options (8), then a 20-byte TCP header and 5 payload bytes.
        let mut p = ipv6_header(65, HOP_BY_HOP);
        p.extend_from_slice(&[ROUTING, 0, 0, 0, 0, 0, 0, 0]);
        p.extend_from_slice(&[FRAGMENT, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        p.extend_from_slice(&[DEST_OPTIONS, 0, 0, 1, 0, 0, 0, 0]);
        p.extend_from_slice(&[TCP, 0, 0, 0, 0, 0, 0, 0]);
        p.extend_from_slice(&[0x50; 25]);
        let d = parse(&p, 0, 0).unwrap_or_else(|_| panic!("parses"));
        assert_eq!(
            (d.src.to_string(), d.dst.to_string()),
            ("::1".into(), "::2".into())
        );
        assert_eq!((d.segment.len(), d.segment_len), (25, 25));
        // Each header in order, with the bytes after it by the payload
        // length; only the routing header keeps its bytes (tcpdump writes
        // its fields).
        let kept: Vec<(u8, usize, u32)> = d
            .extensions
            .iter()
            .map(|e| (e.protocol, e.bytes.len(), e.rest))
            .collect();
        assert_eq!(
            kept,
            [
                (HOP_BY_HOP, 0, 57),
                (ROUTING, 16, 41),
                (FRAGMENT, 0, 33),
                (DEST_OPTIONS, 0, 25)
            ]
        );
        // A later fragment; a chain longer than the bound; UDP after an extension header.
        let mut later = ipv6_header(16, FRAGMENT);
        later.extend_from_slice(&[TCP, 0, 0x05, 0xa8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(parse(&later, 6, 0).err(), Some(Skip::Fragment));
        later[40] = 17; // a later piece of a UDP datagram
        assert_eq!(parse(&later, 6, 0).err(), Some(Skip::NotTcp));
        let mut chain = ipv6_header(800, DEST_OPTIONS);
        for _ in 0..100 {
            chain.extend_from_slice(&[DEST_OPTIONS, 0, 0, 0, 0, 0, 0, 0]);
        }
        assert_eq!(parse(&chain, 6, 0).err(), Some(Skip::Malformed));
        let mut udp = ipv6_header(16, HOP_BY_HOP);
        udp.extend_from_slice(&[17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(parse(&udp, 6, 0).err(), Some(Skip::NotTcp));
        // Extension headers longer than the payload; a header cut by the snaplen.
        let mut long = ipv6_header(4, HOP_BY_HOP);
        long.extend_from_slice(&[TCP, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(parse(&long, 6, 0).err(), Some(Skip::Malformed));
        assert_eq!(
            parse(&ipv6_header(20, TCP)[..39], 6, 0).err(),
            Some(Skip::Truncated)
        );
    }

    #[test]
    fn ipv4_reads_tcp_behind_authentication_headers() {
        // IPv4, an AH of 24 bytes (length field 4), one of 12 (field 1),
        // then a 20-byte TCP header and 3 payload bytes.
        let mut p = ipv4_header(20, 79, 0, AUTH);
        p.extend_from_slice(&[AUTH, 4, 0, 0, 0, 0, 1, 0, 0, 0, 0, 7]);
        p.extend_from_slice(&[0xab; 12]);
        p.extend_from_slice(&[TCP, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 8]);
        p.extend_from_slice(&[0x50; 23]);
        let d = parse(&p, 4, 0).unwrap_or_else(|_| panic!("parses"));
        assert_eq!((d.segment.len(), d.segment_len), (23, 23));
        let kept: Vec<(u8, &[u8], u32)> = d
            .extensions
            .iter()
            .map(|e| (e.protocol, &e.bytes[..], e.rest))
            .collect();
        assert_eq!(kept, [(AUTH, &p[20..44], 35), (AUTH, &p[44..56], 23)]);
        // UDP behind the AH is not TCP; an AH longer than the datagram is
        // malformed, and one the capture cut inside its first bytes, truncated.
        p[44] = 17;
        assert_eq!(parse(&p, 4, 0).err(), Some(Skip::NotTcp));
        let mut long = ipv4_header(20, 40, 0, AUTH);
        long.extend_from_slice(&[TCP, 200, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(parse(&long, 4, 0).err(), Some(Skip::Malformed));
        assert_eq!(parse(&long[..21], 4, 0).err(), Some(Skip::Truncated));
    }
}
