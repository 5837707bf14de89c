//! Tunnels: a TCP segment carried inside another IP packet, as a capture on
//! a host of a container network or on a mirror port shows it: IP in IP
//! (Calico's default, `ipip`, `sit`: protocols 4 and 41), GRE version 0
//! (protocol 47: `gre`/`ip6gre` tunnels, mirrored traffic) carrying IP or an
//! Ethernet frame, VXLAN (UDP port 4789: Docker's overlay networks,
//! Kubernetes' VXLAN modes) and Geneve (UDP port 6081: Open vSwitch, OVN,
//! cloud load balancers). tshark and tcpdump decode each of these by
//! default and read the connection inside; so does the reader, keeping what
//! tcpdump writes of each tunnel ([`Tunnel`]).
//!
//! Not responsible for: fragments of the outer packet, IPv6 extension
//! headers before the tunnel's protocol, GRE versions other than 0 (PPTP)
//! or with the routing bit, Geneve versions but 0, other UDP ports (Linux's
//! own VXLAN default 8472 is decoded by neither tool without being told), or
//! tunnels nested deeper than [`MAX_TUNNELS`].

use super::bytes::{Skip, NET};
use super::ip::Ip;

/// Tunnels inside tunnels the reader opens, at most: real networks nest one
/// or two; the bound keeps a crafted packet from nesting without end.
pub(super) const MAX_TUNNELS: usize = 4;

/// One tunnel a segment came through, outermost first in [`Packet::tunnels`](super::Packet::tunnels).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tunnel {
    /// The outer packet's source address.
    pub src: Ip,
    /// The outer packet's destination address.
    pub dst: Ip,
    /// What carried the inner packet.
    pub kind: TunnelKind,
}

/// How a tunnel carries its packet, with what tcpdump writes of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TunnelKind {
    /// IP directly inside IP (protocol 4 or 41).
    IpInIp,
    /// GRE version 0 (RFC 2784, RFC 2890).
    Gre {
        /// The offset field, when the checksum bit is set.
        offset: Option<u16>,
        /// The key, when present.
        key: Option<u32>,
        /// The sequence number, when present.
        seq: Option<u32>,
        /// The GRE header and its payload, in bytes, by the outer IP header.
        len: u32,
    },
    /// VXLAN (RFC 7348) over UDP.
    Vxlan {
        /// The outer UDP source port.
        src_port: u16,
        /// The outer UDP destination port.
        dst_port: u16,
        /// The flags byte (0x08: the VNI is valid).
        flags: u8,
        /// The VXLAN network identifier.
        vni: u32,
    },
    /// Geneve (RFC 8926) over UDP.
    Geneve {
        /// The outer UDP source port.
        src_port: u16,
        /// The outer UDP destination port.
        dst_port: u16,
        /// The O (control) and C (critical options) bits, as in the header (0x80, 0x40).
        flags: u8,
        /// The virtual network identifier.
        vni: u32,
        /// The reserved byte after it.
        reserved: u8,
        /// The options' length in bytes.
        options_len: u16,
    },
}

impl TunnelKind {
    /// The tunnel's usual name, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            TunnelKind::IpInIp => "IP-in-IP",
            TunnelKind::Gre { .. } => "GRE",
            TunnelKind::Vxlan { .. } => "VXLAN",
            TunnelKind::Geneve { .. } => "Geneve",
        }
    }
}

/// What a tunnel holds: an IP packet of this version, or an Ethernet frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Inner {
    Ip(u8),
    Ethernet,
}

/// The tunnel an IP packet that is not TCP opens into: what tcpdump writes
/// of it, where its inner packet starts, and what that packet is. `None`
/// when the packet is no tunnel this reader opens.
pub(super) fn open(p: &[u8]) -> Result<Option<(Tunnel, usize, Inner)>, Skip> {
    let (src, dst, protocol, at, end) = match p.first().map(|b| b >> 4) {
        Some(4) => {
            let header_len = usize::from(p[0] & 0x0f) * 4;
            let fragment = NET.u16(p, 6).ok_or(Skip::Truncated)?;
            if p.len() < header_len.max(20) || fragment & 0x3fff != 0 {
                return Ok(None);
            }
            let total = usize::from(NET.u16(p, 2).ok_or(Skip::Truncated)?);
            let ip = |at: usize| Ip::V4([p[at], p[at + 1], p[at + 2], p[at + 3]]);
            (ip(12), ip(16), p[9], header_len, total.max(header_len))
        }
        Some(6) if p.len() >= 40 => {
            let address = |at: usize| Ip::V6(p[at..at + 16].try_into().unwrap_or_default());
            let payload = usize::from(NET.u16(p, 4).ok_or(Skip::Truncated)?);
            (address(8), address(24), p[6], 40, 40 + payload)
        }
        _ => return Ok(None),
    };
    let tunnel = |kind| Tunnel { src, dst, kind };
    Ok(match protocol {
        4 => Some((tunnel(TunnelKind::IpInIp), at, Inner::Ip(4))),
        41 => Some((tunnel(TunnelKind::IpInIp), at, Inner::Ip(6))),
        47 => gre(p, at, end).map(|(kind, inner_at, inner)| (tunnel(kind), inner_at, inner)),
        17 => vxlan(p, at)
            .map(|(kind, inner_at)| (kind, inner_at, Inner::Ethernet))
            .or_else(|| geneve(p, at))
            .map(|(kind, inner_at, inner)| (tunnel(kind), inner_at, inner)),
        _ => None,
    })
}

/// GRE version 0 at `at`, the datagram ending at `end`: its fields, where
/// its payload starts, and what the payload is.
fn gre(p: &[u8], at: usize, end: usize) -> Option<(TunnelKind, usize, Inner)> {
    let flags = NET.u16(p, at)?;
    // The routing bit (RFC 1701's source routes) and versions but 0 are
    // not opened; neither are the reserved bits RFC 2784 says to refuse.
    if flags & 0x4007 != 0 || flags & 0x0ff8 != 0 {
        return None;
    }
    let inner = carried(NET.u16(p, at + 2)?)?;
    let mut field = at + 4;
    let mut next = |present: bool| -> Option<Option<u32>> {
        if !present {
            return Some(None);
        }
        let value = NET.u32(p, field)?;
        field += 4;
        Some(Some(value))
    };
    // Checksum and offset share four bytes; tcpdump writes the offset.
    let offset = next(flags & 0x8000 != 0)?.map(|word| (word & 0xffff) as u16);
    let key = next(flags & 0x2000 != 0)?;
    let seq = next(flags & 0x1000 != 0)?;
    let len = u32::try_from(end.saturating_sub(at)).ok()?;
    Some((
        TunnelKind::Gre {
            offset,
            key,
            seq,
            len,
        },
        field,
        inner,
    ))
}

/// What a GRE or Geneve header's protocol type says comes after it.
fn carried(protocol: u16) -> Option<Inner> {
    match protocol {
        0x0800 => Some(Inner::Ip(4)),
        0x86dd => Some(Inner::Ip(6)),
        0x6558 => Some(Inner::Ethernet),
        _ => None,
    }
}

/// The IANA port of Geneve, the one tcpdump and tshark decode by default.
const GENEVE_PORT: u16 = 6081;

/// Geneve version 0 over the UDP header at `at`: its fields, where the
/// packet it carries starts, and what that packet is.
fn geneve(p: &[u8], at: usize) -> Option<(TunnelKind, usize, Inner)> {
    let (src_port, dst_port) = (NET.u16(p, at)?, NET.u16(p, at + 2)?);
    if src_port != GENEVE_PORT && dst_port != GENEVE_PORT {
        return None;
    }
    let header = p.get(at + 8..at + 16)?;
    if header[0] >> 6 != 0 {
        return None;
    }
    let options_len = u16::from(header[0] & 0x3f) * 4;
    let inner = carried(u16::from_be_bytes([header[2], header[3]]))?;
    let kind = TunnelKind::Geneve {
        src_port,
        dst_port,
        flags: header[1] & 0xc0,
        vni: u32::from_be_bytes([0, header[4], header[5], header[6]]),
        reserved: header[7],
        options_len,
    };
    Some((kind, at + 16 + usize::from(options_len), inner))
}

/// The IANA port of VXLAN, the one tcpdump and tshark decode by default.
const VXLAN_PORT: u16 = 4789;

/// VXLAN over the UDP header at `at`: its fields and where the inner
/// Ethernet frame starts.
fn vxlan(p: &[u8], at: usize) -> Option<(TunnelKind, usize)> {
    let (src_port, dst_port) = (NET.u16(p, at)?, NET.u16(p, at + 2)?);
    if src_port != VXLAN_PORT && dst_port != VXLAN_PORT {
        return None;
    }
    let header = p.get(at + 8..at + 16)?;
    let vni = u32::from_be_bytes([0, header[4], header[5], header[6]]);
    Some((
        TunnelKind::Vxlan {
            src_port,
            dst_port,
            flags: header[0],
            vni,
        },
        at + 16,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An IPv4 header (no options) from 192.0.2.1 to 192.0.2.2 carrying `payload`.
    fn ipv4(protocol: u8, fragment: u16, payload: &[u8]) -> Vec<u8> {
        let total = (20 + payload.len()) as u16;
        let mut p = vec![0x45, 0];
        p.extend_from_slice(&total.to_be_bytes());
        p.extend_from_slice(&[0, 0]);
        p.extend_from_slice(&fragment.to_be_bytes());
        p.extend_from_slice(&[64, protocol, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2]);
        p.extend_from_slice(payload);
        p
    }

    #[test]
    fn ip_in_ip_opens_at_the_inner_header() {
        let (t, at, inner) = open(&ipv4(4, 0x4000, &[0x45; 20])).unwrap().unwrap();
        assert_eq!((t.kind, at, inner), (TunnelKind::IpInIp, 20, Inner::Ip(4)));
        assert_eq!(
            (t.src.to_string(), t.dst.to_string()),
            ("192.0.2.1".into(), "192.0.2.2".into())
        );
        assert_eq!(open(&ipv4(41, 0, &[0x60; 40])).unwrap().unwrap().2, Inner::Ip(6));
    }

    #[test]
    fn gre_reads_its_optional_fields_in_order() {
        // Checksum and offset 7, key 42, sequence 5, then IPv6.
        let gre = [0xb0, 0, 0x86, 0xdd, 0xab, 0xcd, 0, 7, 0, 0, 0, 42, 0, 0, 0, 5];
        let (t, at, inner) = open(&ipv4(47, 0, &gre)).unwrap().unwrap();
        let kind = TunnelKind::Gre {
            offset: Some(7),
            key: Some(42),
            seq: Some(5),
            len: 16,
        };
        assert_eq!((t.kind, at, inner), (kind, 36, Inner::Ip(6)));
        // Transparent Ethernet bridging carries a frame.
        assert_eq!(
            open(&ipv4(47, 0, &[0, 0, 0x65, 0x58])).unwrap().unwrap().2,
            Inner::Ethernet
        );
    }

    #[test]
    fn what_is_not_opened() {
        // GRE with the routing bit, version 1 (PPTP), an unknown protocol,
        // or cut inside its fields.
        for gre in [
            &[0x40, 0, 8, 0][..],
            &[0x30, 1, 0x88, 0x0b],
            &[0, 0, 0x88, 0xbe],
            &[0x20, 0, 8, 0, 0],
        ] {
            assert_eq!(open(&ipv4(47, 0, gre)).unwrap(), None, "{gre:?}");
        }
        // UDP to another port than VXLAN's; a later fragment of a tunnel.
        assert_eq!(
            open(&ipv4(
                17,
                0,
                &[0x1f, 0x90, 0x21, 0x18, 0, 24, 0, 0, 8, 0, 0, 0, 0, 0, 42, 0]
            ))
            .unwrap(),
            None
        );
        assert_eq!(open(&ipv4(4, 0x0010, &[0x45; 20])).unwrap(), None);
        assert_eq!(open(&ipv4(6, 0, &[])).unwrap(), None);
    }

    #[test]
    fn geneve_reads_its_flags_network_and_options() {
        // O and C set, VNI 42, reserved 5, 8 bytes of options, then IPv4.
        let mut udp = vec![0xa8, 0xca, 0x17, 0xc1, 0, 32, 0, 0];
        udp.extend_from_slice(&[2, 0xc0, 8, 0, 0, 0, 42, 5]);
        udp.extend_from_slice(&[0; 8]);
        let (t, at, inner) = open(&ipv4(17, 0, &udp)).unwrap().unwrap();
        let kind = TunnelKind::Geneve {
            src_port: 43210,
            dst_port: 6081,
            flags: 0xc0,
            vni: 42,
            reserved: 5,
            options_len: 8,
        };
        assert_eq!((t.kind, at, inner), (kind, 44, Inner::Ip(4)));
        // Version 1 is not opened.
        udp[8] = 0x40;
        assert_eq!(open(&ipv4(17, 0, &udp)).unwrap(), None);
    }

    #[test]
    fn vxlan_reads_its_flags_and_network() {
        let mut udp = vec![0xa8, 0xca, 0x12, 0xb5, 0, 16, 0, 0];
        udp.extend_from_slice(&[0x08, 0, 0, 0, 0, 0, 42, 0]);
        let (t, at, inner) = open(&ipv4(17, 0, &udp)).unwrap().unwrap();
        let kind = TunnelKind::Vxlan {
            src_port: 43210,
            dst_port: 4789,
            flags: 8,
            vni: 42,
        };
        assert_eq!((t.kind, at, inner), (kind, 36, Inner::Ethernet));
    }
}
