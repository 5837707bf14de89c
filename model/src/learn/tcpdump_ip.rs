//! The addresses of a `tcpdump -nn -r` line, and the headers a segment came
//! after, written as tcpdump 4.99 writes them without `-v`.
//!
//! Almost every segment follows its IP header directly: `a.p > b.q`. When
//! IPv6 extension headers or an IPsec authentication header come first,
//! tcpdump writes the addresses, then each header (`HBH`, `DSTOPT`,
//! `frag (0|N)`, `RT6 (..)`, `AH(..):`), then the ports alone. Two cases
//! end the line before TCP, and the view ends it there too: a routing header
//! tcpdump finds invalid, and any header but another authentication header
//! after an authentication header (tcpdump hands what follows AH to its
//! protocol printers, which do not walk IPv6 extension headers). Every form
//! here was checked against the real tool (tools/captures/ipv6_routing_auth.py).

use std::fmt::Write as _;

use super::tcpdump_options::{be, Line};
use crate::capture::{Ip, IpExtension, Packet, Tunnel, TunnelKind};

const ROUTING: u8 = 43;
const AUTH: u8 = 51;

/// Writes what tcpdump writes of a tunnel before the packet inside it:
/// `IP a > b: ` for IP in IP; `IP a > b: GREv0, off 0x0, key=0x2a, seq 2,
/// length 76: ` for GRE (each field when present); `IP a.p > b.4789: VXLAN,
/// flags [I] (0x08), vni 42` and a new line for VXLAN (tcpdump ends the
/// line there and prints the inner frame on the next, without a time);
/// `IP a.p > b.6081: Geneve, Flags [C], vni 0x2a, options [8 bytes]: ` for
/// Geneve.
pub(super) fn tunnel(out: &mut Line, t: &Tunnel) {
    out.text(if matches!(t.src, Ip::V4(_)) { "IP " } else { "IP6 " });
    match t.kind {
        TunnelKind::IpInIp => {
            let _ = write!(out.0, "{} > {}: ", t.src, t.dst);
        }
        TunnelKind::Gre {
            offset,
            key,
            seq,
            len,
        } => {
            let _ = write!(out.0, "{} > {}: GREv0, ", t.src, t.dst);
            if let Some(offset) = offset {
                let _ = write!(out.0, "off 0x{offset:x}, ");
            }
            if let Some(key) = key {
                let _ = write!(out.0, "key=0x{key:x}, ");
            }
            if let Some(seq) = seq {
                let _ = write!(out.0, "seq {seq}, ");
            }
            let _ = write!(out.0, "length {len}: ");
        }
        TunnelKind::Vxlan {
            src_port,
            dst_port,
            flags,
            vni,
        } => {
            let valid = if flags & 0x08 != 0 { "I" } else { "." };
            let _ = writeln!(
                out.0,
                "{}.{src_port} > {}.{dst_port}: VXLAN, flags [{valid}] (0x{flags:02x}), vni {vni}",
                t.src, t.dst
            );
        }
        TunnelKind::Geneve {
            src_port,
            dst_port,
            flags,
            vni,
            reserved,
            options_len,
        } => {
            let named = match flags & 0xc0 {
                0 => "none",
                0x80 => "O",
                0x40 => "C",
                _ => "OC",
            };
            let _ = write!(
                out.0,
                "{}.{src_port} > {}.{dst_port}: Geneve, Flags [{named}], vni 0x{vni:x}",
                t.src, t.dst
            );
            if reserved != 0 {
                let _ = write!(out.0, ", rsvd 0x{reserved:x}");
            }
            if options_len != 0 {
                let _ = write!(out.0, ", options [{options_len} bytes]");
            }
            out.text(": ");
        }
    }
}

/// Writes `a.p > b.q`, or the addresses, the headers and the ports. Returns
/// false when tcpdump ends the line inside the headers (that end written).
pub(super) fn addresses(out: &mut Line, p: &Packet) -> bool {
    if p.extensions.is_empty() {
        let _ = write!(out.0, "{}.{} > {}.{}", p.src, p.src_port, p.dst, p.dst_port);
        return true;
    }
    let _ = write!(out.0, "{} > {}: ", p.src, p.dst);
    for (i, h) in p.extensions.iter().enumerate() {
        let going_on = match h.protocol {
            0 => {
                out.text("HBH ");
                true
            }
            60 => {
                out.text("DSTOPT ");
                true
            }
            ROUTING => routing(out, &h.bytes),
            AUTH => auth(out, h, p.extensions.get(i + 1)),
            _ => {
                out.text("frag (0|");
                out.num(h.rest.into(), 0);
                out.text(") ");
                true
            }
        };
        if !going_on {
            return false;
        }
    }
    let _ = write!(out.0, "{} > {}", p.src_port, p.dst_port);
    true
}

/// `AH(spi=0x0000abcd,seq=0x1,icv=0x..): `, then, when another kind of
/// header follows, tcpdump's ` ip-proto-N LEN` and the end of the line.
fn auth(out: &mut Line, h: &IpExtension, next: Option<&IpExtension>) -> bool {
    let b = &h.bytes;
    let len = (usize::from(b.get(1).copied().unwrap_or(0)) + 2) * 4;
    let _ = write!(
        out.0,
        "AH(spi=0x{:08x},seq=0x{:x},icv=0x",
        be(b, 4, 4),
        be(b, 8, 4)
    );
    out.hex(b.get(12..len).unwrap_or_default());
    out.text("): ");
    match next {
        Some(n) if n.protocol != AUTH => {
            let _ = write!(out.0, " ip-proto-{} {}", n.protocol, h.rest);
            false
        }
        _ => true,
    }
}

/// `RT6 (len=L, type=T, segleft=S, .., [0]addr, ..) `, or its invalid end.
fn routing(out: &mut Line, b: &[u8]) -> bool {
    let [len, kind, left] = [1, 2, 3].map(|i| b.get(i).copied().unwrap_or(0));
    let deprecated = if kind == 0 { " [Deprecated]" } else { "" };
    let _ = write!(out.0, "RT6 (len={len}, type={kind}{deprecated}, segleft={left}");
    match kind {
        // Source route (deprecated by RFC 5095) and Mobile IPv6's type 2.
        0 | 2 => {
            let reserved = be(b, 4, 4);
            if reserved != 0 {
                let _ = write!(out.0, ", rsv=0x{reserved:x}");
            }
        }
        // A segment routing header (RFC 8754).
        4 => {
            let _ = write!(out.0, ", last-entry={}", be(b, 4, 1));
            if be(b, 5, 1) != 0 {
                let _ = write!(out.0, ", flags=0x{:x}", be(b, 5, 1));
            }
            let _ = write!(out.0, ", tag={:x}", be(b, 6, 2));
        }
        _ => {
            out.text(" (unknown type) (invalid)");
            return false;
        }
    }
    if len % 2 == 1 {
        let _ = write!(out.0, " (invalid length {len}) (invalid)");
        return false;
    }
    for i in 0..usize::from(len / 2) {
        let at = 8 + 16 * i;
        let address: [u8; 16] = b
            .get(at..at + 16)
            .and_then(|a| a.try_into().ok())
            .unwrap_or_default();
        let _ = write!(out.0, ", [{i}]{}", Ip::V6(address));
    }
    out.text(") ");
    true
}
