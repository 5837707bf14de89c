//! What the reader hands over: the capture with its TCP packets, each packet's
//! header fields as captured, and the count of frames left out.

use super::ip::{Ip, IpExtension};
use super::tcp::TcpOptions;
use super::tunnel::Tunnel;

/// TCP flag bits as they sit in the header's 14th byte (RFC 9293 3.1).
pub mod flags {
    /// No more data from the sender.
    pub const FIN: u8 = 0x01;
    /// Synchronize sequence numbers.
    pub const SYN: u8 = 0x02;
    /// Reset the connection.
    pub const RST: u8 = 0x04;
    /// Push.
    pub const PSH: u8 = 0x08;
    /// The acknowledgment field is significant.
    pub const ACK: u8 = 0x10;
    /// The urgent pointer is significant.
    pub const URG: u8 = 0x20;
    /// ECN-Echo (RFC 3168).
    pub const ECE: u8 = 0x40;
    /// Congestion Window Reduced (RFC 3168).
    pub const CWR: u8 = 0x80;
}

/// Everything read from one capture file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capture {
    /// Which of the two formats the file is in.
    pub format: Format,
    /// Every frame the file holds, TCP or not (Wireshark's last frame number).
    pub frames: u32,
    /// The TCP packets, in file order.
    pub packets: Vec<Packet>,
    /// The frames that are not in `packets`, by reason.
    pub skipped: Skipped,
    /// Where the file ends too early, inside a packet or block (a capture
    /// whose writer was killed): the packets before it are read, as
    /// Wireshark and tcpdump read them, and this says where the cut is.
    pub cut: Option<super::CaptureError>,
}

/// The two capture file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The classic libpcap format (one link type for the whole file).
    Pcap,
    /// pcapng (sections, interfaces with their own link types and clocks).
    Pcapng,
}

/// One TCP segment as captured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Packet {
    /// The frame number Wireshark shows: 1-based, counting every frame of the
    /// file, also those that are not TCP.
    pub frame: u32,
    /// The interface it was captured on: the pcapng interface number within
    /// its section, 0 in a pcap file, with a Linux cooked v2 frame's
    /// interface index folded in (`tcpdump -i any`). One packet seen on two
    /// interfaces is two frames that differ only here (and in time).
    pub interface: u32,
    /// Capture time in nanoseconds since 1970-01-01 UTC, 0 when the file has
    /// none (pcapng simple packet blocks); clamped to the `u64` range.
    pub ts_ns: u64,
    /// Source address.
    pub src: Ip,
    /// Destination address.
    pub dst: Ip,
    /// Source port.
    pub src_port: u16,
    /// Destination port.
    pub dst_port: u16,
    /// Raw sequence number (not relative to the ISN).
    pub seq: u32,
    /// Raw acknowledgment number, meaningful only with [`flags::ACK`].
    pub ack: u32,
    /// All eight flag bits, FIN (0x01) to CWR (0x80); see [`flags`].
    pub flags: u8,
    /// The window field as sent, not scaled.
    pub window: u16,
    /// The options the header carries.
    pub options: TcpOptions,
    /// Payload bytes, computed from the IP lengths: right even when the
    /// capture kept only the first bytes of each frame (snaplen).
    pub payload_len: u32,
    /// The urgent pointer, meaningful only with [`flags::URG`].
    pub urgent: u16,
    /// The option bytes as captured, in wire order with their padding, and
    /// the byte after them if captured (tcpdump reads it as the length of an
    /// option whose kind is the header's last byte): what `tcpdump` prints
    /// the options from ([`options`](Self::options) is their meaning).
    pub option_bytes: Vec<u8>,
    /// How many option bytes the header declares (its length minus 20);
    /// more than `option_bytes` holds when the snapshot length cut them.
    pub option_len: u8,
    /// IPv4's identification field; `None` over IPv6. Linux numbers each
    /// packet a connection sends (0 for some it sends without one, such as
    /// the SYN,ACK), so a packet the path delivered twice carries the same
    /// number twice, and a segment sent again a new one.
    pub ip_id: Option<u16>,
    /// The IP header's ECN field as captured (RFC 3168 section 5): 0 not
    /// ECN-capable, 2 or 1 ECT(0) or ECT(1), 3 [`CE`](super::ECN_CE).
    pub ip_ecn: u8,
    /// The headers between the IP header and TCP, in wire order: IPv6
    /// extension headers, or IPsec authentication headers after IPv4. Empty
    /// when TCP follows the IP header, as in almost every capture; tcpdump
    /// names each one and then writes the TCP ports without addresses.
    pub extensions: Vec<IpExtension>,
    /// The tunnels the segment came through, outermost first (IP in IP,
    /// GRE, VXLAN); empty for a segment captured as it is, as almost every
    /// one is. Its addresses are the innermost packet's.
    pub tunnels: Vec<Tunnel>,
    /// The payload's first bytes as captured, at most
    /// [`PAYLOAD_KEPT`](super::PAYLOAD_KEPT), kept only when either port is
    /// one of [`TEXT_PORTS`](super::TEXT_PORTS) (what tcpdump prints there
    /// is read from them); empty on every other port.
    pub payload: Vec<u8>,
    /// How many payload bytes the capture holds: `payload_len`, or fewer
    /// where the snapshot length cut the packet. More than `payload` holds
    /// when the bound or the port left bytes out: what they are is unknown.
    pub payload_captured: u32,
}

/// How many frames were left out, by reason. Each frame counts once.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    /// Not IPv4 or IPv6 (ARP, LLDP, ...).
    pub not_ip: u32,
    /// IP, but not TCP (UDP, ICMP, ...).
    pub not_tcp: u32,
    /// TCP in an IP fragment other than the first, or a first fragment too
    /// short to hold the whole TCP header: without reassembly there is no header.
    pub fragments: u32,
    /// Cut short by the capture's snapshot length before the end of the fixed
    /// 20-byte TCP header (a header cut inside its options is read).
    pub truncated: u32,
    /// On an interface whose link type this reader does not know.
    pub unknown_link: u32,
    /// The last such link type (libpcap's LINKTYPE number), to name it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_link_type: Option<u32>,
    /// Headers that contradict themselves (lengths shorter than the header, ...).
    pub malformed: u32,
}

impl Skipped {
    /// How many frames were left out, whatever the reason.
    pub fn total(&self) -> u32 {
        let Skipped {
            not_ip,
            not_tcp,
            fragments,
            truncated,
            unknown_link,
            unknown_link_type: _,
            malformed,
        } = *self;
        // Each is at most the file's frame count (a u32): no overflow in u64.
        let sum = [not_ip, not_tcp, fragments, truncated, unknown_link, malformed]
            .iter()
            .map(|&n| u64::from(n))
            .sum::<u64>();
        u32::try_from(sum).unwrap_or(u32::MAX)
    }
}
