//! Reading a packet capture file (pcap or pcapng) that a learner brings, into
//! the TCP packets it holds, numbered as Wireshark numbers them.
//!
//! Responsible for: recognising the format, walking its records within fixed
//! limits, peeling the link layer, IP and TCP headers off each frame (and
//! the tunnels a segment came through, `tunnel.rs`), and counting what it
//! skipped and why. [`streams`] then groups the packets into
//! connections numbered like Wireshark's `tcp.stream`.
//!
//! Not responsible for: reading files (the caller hands over bytes), checking
//! checksums, reassembling IP fragments or TCP payloads, keeping payload bytes
//! other than the first ones on a few text ports ([`TEXT_PORTS`]), or deciding anything
//! about TCP: the packets are reported as captured. This module depends on
//! nothing else in the model, so the model's types can change without touching
//! the reader, and it does no IO, reads no clock and never panics on any input.
//!
//! Cost: every input byte is looked at a bounded number of times, nothing is
//! allocated from a length field in the file, and the file size and the number
//! of TCP packets are capped ([`MAX_BYTES`], [`MAX_PACKETS`]), so a hostile
//! file costs at most a linear pass over 20 MB.

mod bytes;
mod compressed;
mod ip;
mod link;
mod packet;
mod pcap;
mod pcapng;
mod streams;
mod tcp;
mod tunnel;

use core::fmt;

use bytes::Skip;
pub use compressed::{Compression, Unpacked};
pub use ip::{Ip, IpExtension};
pub use packet::{flags, Capture, Format, Packet, Skipped};
pub use streams::{streams, Endpoint, Stream};
pub use tcp::TcpOptions;
pub use tunnel::{Tunnel, TunnelKind};

/// The largest file accepted: 20 MiB. A learner's capture of a few connections
/// is far smaller; the cap bounds the work a dropped file can cause in the page.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The most TCP packets kept. More would not fit on a ladder a person reads,
/// and the cap bounds the memory the packet list takes.
pub const MAX_PACKETS: usize = 100_000;

/// The ports on which the reader keeps a packet's first payload bytes
/// ([`Packet::payload`]), one of them either port: those where tcpdump 4.99
/// writes, after `length N`, a line of text read from the payload: FTP 21,
/// SSH 22 (its version banner), SMTP 25, WHOIS 43, HTTP 80 and 8080, RTSP
/// 554 and 8554. The `tcpdump -nn -r` view (`learn::tcpdump_file`) prints
/// them from these bytes. It lives here, not with the view, because the
/// reader depends on nothing else in the model; the view reads it from here.
/// On other ports no payload byte is kept: the view does not decode them.
pub const TEXT_PORTS: [u16; 8] = [21, 22, 25, 43, 80, 554, 8080, 8554];

/// The most payload bytes kept per packet ([`Packet::payload`]). tcpdump
/// prints only the payload's first line (a request or status line, a
/// banner), which fits in far fewer bytes in practice; the bound keeps a big
/// HTTP download to at most this much per packet instead of every byte (a
/// 20 MiB file of full segments keeps about a third of its size at worst).
/// A first line longer than this is not guessed: the view stops at
/// `length N` for that packet and names the port.
pub const PAYLOAD_KEPT: usize = 512;

/// The ECN field's Congestion Experienced codepoint (RFC 3168 section 5,
/// both bits set): a router on the path marked the packet instead of
/// dropping it, as its queue filled.
pub const ECN_CE: u8 = 3;

/// Why a file could not be read. `Display` gives one line naming the problem
/// and, for a broken file, the byte offset where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaptureError {
    /// The file has no bytes at all.
    Empty,
    /// The file is larger than [`MAX_BYTES`]; holds its size in bytes.
    TooBig(usize),
    /// The first bytes are not a pcap or pcapng magic number; holds them (up to 4)
    /// and how many there are.
    NotCapture([u8; 4], usize),
    /// The file is a capture (or something else) wrapped in a compressor: the
    /// reader does not decompress, so it names the format and the command
    /// that does.
    Compressed(Compression),
    /// Decompressed, the file is larger than [`MAX_BYTES`] (the widget stops
    /// decompressing there, so the full size is not known).
    UnpackedTooBig(Compression),
    /// The compressed data is damaged before a single byte came out of it, or
    /// the browser cannot decompress this format. As [`Capture::cut`]: it
    /// ended early or was damaged after some bytes came out, and those were read.
    BadCompression(Compression),
    /// The file ends inside the named structure, which starts at the byte offset.
    Truncated(&'static str, usize),
    /// The named field is impossible at the byte offset.
    Malformed(&'static str, usize),
    /// The file holds more than [`MAX_PACKETS`] TCP packets.
    TooManyPackets,
    /// The file was read, but none of its frames (the count) is a TCP packet.
    NoTcp(u32),
    /// No frame could be read: every one is on a link type (the last such
    /// LINKTYPE number) this reader does not know. Holds the frame count.
    UnknownLink(u32, u32),
    /// No TCP header could be read: the snapshot length cut every frame (the
    /// count; non-IP frames apart) before the end of its fixed 20-byte TCP header.
    AllCut(u32),
}

impl fmt::Display for CaptureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CaptureError::Empty => f.write_str("the file is empty"),
            CaptureError::TooBig(bytes) => {
                // Tenths of a MiB rounded up, so a file just over the limit never reads as "20.0 MB".
                let tenths = (bytes as u64 * 10).div_ceil(1024 * 1024);
                let limit = MAX_BYTES / (1024 * 1024);
                write!(
                    f,
                    "file is {}.{} MB; the limit is {limit} MB",
                    tenths / 10,
                    tenths % 10
                )
            }
            CaptureError::NotCapture(start, len) => {
                f.write_str("not a pcap or pcapng file (starts with")?;
                for b in &start[..len.min(4)] {
                    write!(f, " {b:02x}")?;
                }
                f.write_str(")")
            }
            CaptureError::Compressed(c) => write!(
                f,
                "the file is compressed with {}; decompress it first ({})",
                c.name(),
                c.command()
            ),
            CaptureError::UnpackedTooBig(c) => write!(
                f,
                "decompressed ({}), the file is over the limit of {} MB",
                c.name(),
                MAX_BYTES / (1024 * 1024)
            ),
            CaptureError::BadCompression(c) => write!(f, "the {} data is damaged", c.name()),
            CaptureError::Truncated(what, at) => write!(f, "truncated {what} at byte {at}"),
            CaptureError::Malformed(what, at) => write!(f, "{what} at byte {at}"),
            CaptureError::TooManyPackets => write!(f, "more than {MAX_PACKETS} packets"),
            CaptureError::NoTcp(frames) => {
                let s = if frames == 1 { "" } else { "s" };
                write!(f, "no TCP packets in this capture ({frames} frame{s})")
            }
            CaptureError::UnknownLink(frames, link) => {
                let s = if frames == 1 { "" } else { "s" };
                write!(
                    f,
                    "link type {link} is not one this reader knows ({frames} frame{s}; it reads Ethernet, Linux cooked, BSD loopback, Apple PKTAP and raw IP)"
                )
            }
            CaptureError::AllCut(frames) => {
                let s = if frames == 1 { "" } else { "s" };
                write!(
                    f,
                    "the snapshot length cut every frame before the end of its TCP header ({frames} frame{s}); capture again with a larger -s"
                )
            }
        }
    }
}

impl std::error::Error for CaptureError {}

/// Reads a whole pcap or pcapng file, telling the format from its first bytes.
/// A file that ends inside a packet or block is read up to there
/// ([`Capture::cut`] says where), as Wireshark reads it.
///
/// # Errors
///
/// See [`CaptureError`]: an empty, too big, unknown or broken file, more than
/// [`MAX_PACKETS`] TCP packets, or no TCP packet at all (for a file cut
/// before its first TCP packet, the cut).
pub fn read(bytes: &[u8]) -> Result<Capture, CaptureError> {
    if bytes.is_empty() {
        return Err(CaptureError::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(CaptureError::TooBig(bytes.len()));
    }
    let mut capture = Capture {
        format: Format::Pcap,
        frames: 0,
        packets: Vec::new(),
        skipped: Skipped::default(),
        cut: None,
    };
    match bytes.get(..4) {
        Some(pcapng::SHB_TYPE) => {
            capture.format = Format::Pcapng;
            pcapng::read(bytes, &mut capture)?;
        }
        Some(magic) if pcap::is_magic(magic) => pcap::read(bytes, &mut capture)?,
        _ => {
            if let Some(c) = Compression::of(bytes) {
                return Err(CaptureError::Compressed(c));
            }
            let mut start = [0; 4];
            let len = bytes.len().min(4);
            start[..len].copy_from_slice(&bytes[..len]);
            return Err(CaptureError::NotCapture(start, len));
        }
    }
    if capture.packets.is_empty() {
        // Say why, where the skipped frames tell: a cut file, a link type
        // not read, a snapshot length too short for any TCP header.
        let (frames, s) = (capture.frames, capture.skipped);
        return Err(match (capture.cut, s.unknown_link_type) {
            (Some(cut), _) => cut,
            (None, Some(link)) if s.unknown_link == frames => CaptureError::UnknownLink(frames, link),
            _ if s.truncated > 0 && s.not_tcp + s.unknown_link + s.malformed + s.fragments == 0 => {
                CaptureError::AllCut(frames)
            }
            _ => CaptureError::NoTcp(frames),
        });
    }
    Ok(capture)
}

/// Reads the bytes a caller unwrapped from a compressed file ([`Unpacked`]),
/// as [`read`] does, except that: more than [`MAX_BYTES`] is
/// [`CaptureError::UnpackedTooBig`] (the caller stops unwrapping just past
/// the limit, so the size is not known); and when the compressed data did
/// not come out whole, a capture that reads to the end of those bytes is
/// still marked cut ([`CaptureError::BadCompression`] in [`Capture::cut`]),
/// so a file whose damage fell between two packets is not shown as complete.
///
/// # Errors
///
/// Those of [`read`], and [`CaptureError::UnpackedTooBig`].
pub fn read_unpacked(bytes: &[u8], unpacked: Unpacked) -> Result<Capture, CaptureError> {
    if bytes.len() > MAX_BYTES {
        return Err(CaptureError::UnpackedTooBig(unpacked.from));
    }
    let mut capture = read(bytes)?;
    if !unpacked.whole && capture.cut.is_none() {
        capture.cut = Some(CaptureError::BadCompression(unpacked.from));
    }
    Ok(capture)
}

impl Capture {
    /// Takes one frame from either format: numbers it, then keeps it as a
    /// packet or counts why not. `wire_len` is the frame's length on the wire,
    /// which may exceed `data` when the capture cut it short.
    fn frame(
        &mut self,
        link: u32,
        interface: u32,
        ts_ns: u64,
        data: &[u8],
        wire_len: u32,
    ) -> Result<(), CaptureError> {
        // At most one frame per 12 bytes of a 20 MiB file: far below u32::MAX.
        self.frames += 1;
        // A frame that ends inside its headers although it was captured
        // whole was not cut by the snapshot length: it is malformed.
        let whole = data.len() >= wire_len as usize;
        match decode(self.frames, (link, interface), ts_ns, data, wire_len as usize) {
            Ok(packet) => {
                if self.packets.len() == MAX_PACKETS {
                    return Err(CaptureError::TooManyPackets);
                }
                self.packets.push(packet);
            }
            Err(skip) => {
                let s = &mut self.skipped;
                *match skip {
                    Skip::NotIp => &mut s.not_ip,
                    Skip::NotTcp => &mut s.not_tcp,
                    Skip::Fragment => &mut s.fragments,
                    Skip::Truncated if whole => &mut s.malformed,
                    Skip::Truncated => &mut s.truncated,
                    Skip::UnknownLink => {
                        s.unknown_link_type = Some(link);
                        &mut s.unknown_link
                    }
                    Skip::Malformed => &mut s.malformed,
                } += 1;
            }
        }
        Ok(())
    }
}

/// Link layer, then IP, then TCP: the one path every frame takes.
fn decode(
    frame: u32,
    (link, interface): (u32, u32),
    ts_ns: u64,
    data: &[u8],
    wire_len: usize,
) -> Result<Packet, Skip> {
    let (version, offset) = link::network(link, data)?;
    // A cooked v2 frame's interface index tells apart the host's
    // interfaces within one capture interface (`-i any`).
    let interface = link::interface_index(link, data).map_or(interface, |i| interface ^ i.rotate_left(16));
    // `network` checked that `offset` bytes are there. A packet that is not
    // TCP may be a tunnel with TCP inside (`tunnel.rs`).
    let (mut at, mut version) = (offset, version);
    let mut tunnels = Vec::new();
    let ip = loop {
        match ip::parse(&data[at..], version, wire_len.saturating_sub(at)) {
            Err(Skip::NotTcp) if tunnels.len() < tunnel::MAX_TUNNELS => {
                let (found, inner_at, inner) = tunnel::open(&data[at..])?.ok_or(Skip::NotTcp)?;
                at += inner_at;
                (version, at) = match inner {
                    tunnel::Inner::Ip(v) => (v, at),
                    tunnel::Inner::Ethernet => {
                        let (v, o) = link::network(link::ETHERNET, data.get(at..).ok_or(Skip::Truncated)?)?;
                        (v, at + o)
                    }
                };
                if at >= data.len() {
                    return Err(Skip::Truncated);
                }
                tunnels.push(found);
            }
            found => break found?,
        }
    };
    let tcp = tcp::parse(ip.segment, ip.segment_len)?;
    // `parse` keeps the range within the segment; `get` says so anyway.
    let payload = ip.segment.get(tcp.payload.clone()).unwrap_or_default();
    let text = TEXT_PORTS.contains(&tcp.src_port) || TEXT_PORTS.contains(&tcp.dst_port);
    let kept = if text { payload.len().min(PAYLOAD_KEPT) } else { 0 };
    Ok(Packet {
        frame,
        interface,
        ts_ns,
        src: ip.src,
        dst: ip.dst,
        src_port: tcp.src_port,
        dst_port: tcp.dst_port,
        seq: tcp.seq,
        ack: tcp.ack,
        flags: tcp.flags,
        window: tcp.window,
        options: tcp.options,
        payload_len: tcp.payload_len,
        urgent: tcp.urgent,
        option_bytes: tcp.option_bytes,
        option_len: tcp.option_len,
        ip_id: ip.id,
        ip_ecn: ip.ecn,
        extensions: ip.extensions,
        tunnels,
        payload: payload[..kept].to_vec(),
        // At most the segment's length, itself from a 16- or 32-bit field.
        payload_captured: payload.len() as u32,
    })
}

/// A bare IPv4 packet from 10.0.0.1:40000 to 10.0.0.2:80 at time 0, for
/// unit tests to change a field or two of.
#[cfg(test)]
pub(crate) fn test_packet() -> Packet {
    Packet {
        frame: 0,
        interface: 0,
        ts_ns: 0,
        src: Ip::V4([10, 0, 0, 1]),
        dst: Ip::V4([10, 0, 0, 2]),
        src_port: 40000,
        dst_port: 80,
        seq: 0,
        ack: 0,
        flags: 0,
        window: 0,
        options: TcpOptions::default(),
        payload_len: 0,
        urgent: 0,
        option_bytes: Vec::new(),
        option_len: 0,
        ip_id: None,
        ip_ecn: 0,
        extensions: Vec::new(),
        tunnels: Vec::new(),
        payload: Vec::new(),
        payload_captured: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` IPv4-in-IPv4 headers around a bare SYN, as a raw IP frame.
    fn nested(n: usize) -> Vec<u8> {
        let mut p = vec![0u8; 20];
        p[12] = 5 << 4; // data offset
        p[13] = 2; // SYN
        for i in 0..=n {
            let total = (20 + p.len()) as u16;
            let mut h = vec![0x45, 0];
            h.extend_from_slice(&total.to_be_bytes());
            h.extend_from_slice(&[
                0,
                0,
                0,
                0,
                64,
                if i == 0 { 6 } else { 4 },
                0,
                0,
                10,
                0,
                0,
                1,
                10,
                0,
                0,
                2,
            ]);
            h.extend_from_slice(&p);
            p = h;
        }
        p
    }

    #[test]
    fn tunnels_open_up_to_their_bound() {
        let frame = |n: usize| decode(0, (101, 0), 0, &nested(n), nested(n).len());
        let inside = frame(tunnel::MAX_TUNNELS).expect("read through every tunnel");
        assert_eq!((inside.tunnels.len(), inside.flags), (tunnel::MAX_TUNNELS, 2));
        assert_eq!(frame(tunnel::MAX_TUNNELS + 1).err(), Some(Skip::NotTcp));
        // A tunnel cut where its packet should start.
        let cut = nested(1);
        assert_eq!(
            decode(0, (101, 0), 0, &cut[..20], cut.len()).err(),
            Some(Skip::Truncated)
        );
    }

    #[test]
    fn errors_are_one_line_with_the_place() {
        assert_eq!(
            CaptureError::TooBig(26_528_000).to_string(),
            "file is 25.3 MB; the limit is 20 MB"
        );
        assert_eq!(
            CaptureError::TooBig(MAX_BYTES + 1).to_string(),
            "file is 20.1 MB; the limit is 20 MB"
        );
        assert_eq!(
            CaptureError::NotCapture(*b"PK\x03\x04", 4).to_string(),
            "not a pcap or pcapng file (starts with 50 4b 03 04)"
        );
        assert_eq!(
            CaptureError::NotCapture([0xff, 0, 0, 0], 1).to_string(),
            "not a pcap or pcapng file (starts with ff)"
        );
        assert_eq!(
            CaptureError::Compressed(Compression::Gzip).to_string(),
            "the file is compressed with gzip; decompress it first (gunzip)"
        );
        assert_eq!(
            CaptureError::UnpackedTooBig(Compression::Gzip).to_string(),
            "decompressed (gzip), the file is over the limit of 20 MB"
        );
        assert_eq!(
            CaptureError::BadCompression(Compression::Gzip).to_string(),
            "the gzip data is damaged"
        );
        assert_eq!(
            CaptureError::Truncated("pcapng block", 1234).to_string(),
            "truncated pcapng block at byte 1234"
        );
        assert_eq!(
            CaptureError::TooManyPackets.to_string(),
            "more than 100000 packets"
        );
        assert_eq!(
            CaptureError::NoTcp(6).to_string(),
            "no TCP packets in this capture (6 frames)"
        );
        assert_eq!(
            CaptureError::UnknownLink(3, 147).to_string(),
            "link type 147 is not one this reader knows (3 frames; it reads Ethernet, Linux cooked, BSD loopback, Apple PKTAP and raw IP)"
        );
        assert_eq!(
            CaptureError::AllCut(12).to_string(),
            "the snapshot length cut every frame before the end of its TCP header (12 frames); capture again with a larger -s"
        );
    }

    #[test]
    fn checks_size_and_magic_before_anything_else() {
        assert_eq!(read(&[]), Err(CaptureError::Empty));
        assert_eq!(
            read(&vec![0; MAX_BYTES + 1]),
            Err(CaptureError::TooBig(MAX_BYTES + 1))
        );
        assert_eq!(
            read(b"<!doctype html>"),
            Err(CaptureError::NotCapture(*b"<!do", 4))
        );
        // A compressed file is named as such, with the command that unwraps it.
        assert_eq!(
            read(b"PK\x03\x04rest"),
            Err(CaptureError::Compressed(Compression::Zip))
        );
        assert_eq!(
            read(&[0x1f, 0x8b, 0x08, 0x00]),
            Err(CaptureError::Compressed(Compression::Gzip))
        );
        assert_eq!(
            read(b"\xd4\xc3"),
            Err(CaptureError::NotCapture([0xd4, 0xc3, 0, 0], 2))
        );
    }
}
