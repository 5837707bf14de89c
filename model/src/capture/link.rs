//! The link layer: where in a frame the IP header starts, for each link type
//! a learner's capture is likely to have.
//!
//! Responsible for: Ethernet with any number of stacked VLAN tags, Linux
//! cooked captures (SLL v1 and v2, what `tcpdump -i any` writes), raw IP, the
//! BSD loopback headers with their address-family values, and Apple's PKTAP
//! header in front of any of these (macOS `tcpdump -i pktap`).
//! Not responsible
//! for: anything inside the IP header, MAC addresses, or link types that do not
//! carry IP directly (Wi-Fi radiotap, PPP, ...), which count as unknown.
//! Numbers are from libpcap's LINKTYPE list.

use super::bytes::{Order, Skip, NET};

/// LINKTYPE_ETHERNET.
pub(super) const ETHERNET: u32 = 1;
/// LINKTYPE_LINUX_SLL: 16-byte cooked header, protocol in the last two bytes.
pub(super) const SLL: u32 = 113;
/// LINKTYPE_LINUX_SLL2: 20-byte cooked header, protocol in the first two bytes.
pub(super) const SLL2: u32 = 276;
/// LINKTYPE_NULL: 4-byte address family in the byte order of the capturing host.
pub(super) const NULL: u32 = 0;
/// LINKTYPE_LOOP: 4-byte address family, big-endian (OpenBSD).
pub(super) const LOOP: u32 = 108;
/// LINKTYPE_RAW, and the two DLT_RAW values (12, 14 on OpenBSD) that some
/// writers put in files although libpcap maps them to 101.
const RAW: [u32; 3] = [101, 12, 14];
/// LINKTYPE_PKTAP: Apple's header before each frame, little-endian: its own
/// length, the record type (1: a packet follows) and the frame's link type
/// (a DLT value: 0 loopback, 1 Ethernet, 12 raw IP), then the process and
/// interface, which this reader does not need.
const PKTAP: u32 = 258;
/// PKTAP's record type of a packet (xnu's PTH_TYPE_PACKET).
const PKTAP_PACKET: u32 = 1;
/// PKTAP's fields are in the byte order of the Macs that write them.
const LITTLE: Order = Order { big: false };
/// LINKTYPE_IPV4 and LINKTYPE_IPV6: raw IP of one version only.
const IPV4: u32 = 228;
const IPV6: u32 = 229;

const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_IPV6: u16 = 0x86DD;
/// 802.1Q C-tag, 802.1ad S-tag, and the pre-standard 0x9100 QinQ tag.
const VLAN_TAGS: [u16; 3] = [0x8100, 0x88A8, 0x9100];

/// The capturing host's interface a Linux cooked v2 frame names (`tcpdump
/// -i any` writes one), `None` for other link types: one packet seen on two
/// of a host's interfaces (a container's veth and its bridge) is one packet,
/// not two.
pub(super) fn interface_index(link: u32, frame: &[u8]) -> Option<u32> {
    (link == SLL2).then(|| NET.u32(frame, 4)).flatten()
}

/// The IP version the link layer announces (4 or 6; 0 when the IP header's
/// own version nibble decides) and the offset of the IP header in the frame.
///
/// # Errors
///
/// [`Skip::NotIp`] for other protocols, [`Skip::UnknownLink`] for link types
/// not listed here, [`Skip::Truncated`] when the frame ends inside the link header.
pub(super) fn network(link: u32, frame: &[u8]) -> Result<(u8, usize), Skip> {
    let short = Skip::Truncated;
    match link {
        ETHERNET => ethertype(frame, NET.u16(frame, 12).ok_or(short)?, 14),
        SLL => ethertype(frame, NET.u16(frame, 14).ok_or(short)?, 16),
        SLL2 => ethertype(frame, NET.u16(frame, 0).ok_or(short)?, 20),
        NULL | LOOP => {
            let mut family = NET.u32(frame, 0).ok_or(short)?;
            // NULL is in the capturing host's byte order, which need not be the
            // file's; families are small, so a value above 16 bits is swapped.
            if link == NULL && family > 0xFFFF {
                family = family.swap_bytes();
            }
            match family {
                2 => Ok((4, 4)),
                // AF_INET6 differs by system: NetBSD/OpenBSD 24, FreeBSD 28, Darwin 30.
                24 | 28 | 30 => Ok((6, 4)),
                _ => Err(Skip::NotIp),
            }
        }
        IPV4 => Ok((4, 0)),
        IPV6 => Ok((6, 0)),
        PKTAP => {
            let field = |at| LITTLE.u32(frame, at).ok_or(short);
            let (length, record, inner) = (field(0)? as usize, field(4)?, field(8)?);
            if length < 12 {
                return Err(Skip::Malformed);
            }
            // A record that is not a packet carries no IP; a PKTAP inside a
            // PKTAP is not something macOS writes (and would recurse).
            if record != PKTAP_PACKET {
                return Err(Skip::NotIp);
            }
            if inner == PKTAP {
                return Err(Skip::UnknownLink);
            }
            let (version, at) = network(inner, frame.get(length..).ok_or(short)?)?;
            Ok((version, length + at))
        }
        l if RAW.contains(&l) => Ok((0, 0)),
        _ => Err(Skip::UnknownLink),
    }
}

/// Follows an EtherType at `at` (the header before it already read) through
/// VLAN tags to IPv4 or IPv6. Each tag takes 4 bytes, so the loop ends within
/// the frame: linear in the tags present.
fn ethertype(frame: &[u8], mut kind: u16, mut at: usize) -> Result<(u8, usize), Skip> {
    while VLAN_TAGS.contains(&kind) {
        // Tag Control Information (2 bytes), then the next EtherType.
        kind = NET.u16(frame, at + 2).ok_or(Skip::Truncated)?;
        at += 4;
    }
    let version = match kind {
        ETHERTYPE_IPV4 => 4,
        ETHERTYPE_IPV6 => 6,
        _ => return Err(Skip::NotIp),
    };
    // The IP header starts at `at`; `frame[at..]` must be valid for the caller.
    if at > frame.len() {
        return Err(Skip::Truncated);
    }
    Ok((version, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An Ethernet header (two MAC addresses, zeros here) followed by `rest`.
    fn ethernet(rest: &[u8]) -> Vec<u8> {
        let mut f = vec![0u8; 12];
        f.extend_from_slice(rest);
        f
    }

    #[test]
    fn ethernet_follows_stacked_vlan_tags() {
        // No tag, one 802.1Q tag, then 802.1ad outer + 802.1Q inner (QinQ).
        assert_eq!(network(ETHERNET, &ethernet(&[0x08, 0x00, 0x45])), Ok((4, 14)));
        assert_eq!(
            network(ETHERNET, &ethernet(&[0x81, 0, 0, 100, 0x86, 0xdd])),
            Ok((6, 18))
        );
        let qinq = ethernet(&[0x88, 0xa8, 0, 200, 0x81, 0x00, 0, 100, 0x08, 0x00]);
        assert_eq!(network(ETHERNET, &qinq), Ok((4, 22)));
        // A tag cut in half, an ARP frame, a frame too short for an EtherType.
        assert_eq!(
            network(ETHERNET, &ethernet(&[0x81, 0, 0, 100, 0x08])),
            Err(Skip::Truncated)
        );
        assert_eq!(network(ETHERNET, &ethernet(&[0x08, 0x06])), Err(Skip::NotIp));
        assert_eq!(network(ETHERNET, &[0; 13]), Err(Skip::Truncated));
    }

    #[test]
    fn many_tags_take_linear_time_and_end() {
        let mut tags = Vec::new();
        for _ in 0..10_000 {
            tags.extend_from_slice(&[0x81, 0x00, 0, 1]);
        }
        assert_eq!(network(ETHERNET, &ethernet(&tags)), Err(Skip::Truncated));
    }

    #[test]
    fn cooked_headers_put_the_protocol_in_different_places() {
        // SLL v1: packet type, ARPHRD, address length, 8 address bytes, protocol.
        let mut sll = [0u8; 16];
        sll[14..].copy_from_slice(&[0x86, 0xdd]);
        assert_eq!(network(SLL, &sll), Ok((6, 16)));
        // SLL2: protocol first, then reserved, interface index, ARPHRD, type, address.
        let mut sll2 = [0u8; 20];
        sll2[..2].copy_from_slice(&[0x08, 0x00]);
        assert_eq!(network(SLL2, &sll2), Ok((4, 20)));
        sll2[4..8].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(interface_index(SLL2, &sll2), Some(7));
        assert_eq!(interface_index(SLL, &sll2), None);
        assert_eq!(network(SLL2, &sll2[..19]), Err(Skip::Truncated));
        // An SLL2 frame whose bytes 14..16 look like IPv4 still reads its protocol at 0.
        sll2[..2].copy_from_slice(&[0x08, 0x06]);
        sll2[14..16].copy_from_slice(&[0x08, 0x00]);
        assert_eq!(network(SLL2, &sll2), Err(Skip::NotIp));
    }

    #[test]
    fn bsd_loopback_families_in_either_byte_order() {
        assert_eq!(network(NULL, &[2, 0, 0, 0]), Ok((4, 4)));
        assert_eq!(network(NULL, &[0, 0, 0, 2]), Ok((4, 4)));
        for family in [24, 28, 30] {
            assert_eq!(network(NULL, &[family, 0, 0, 0]), Ok((6, 4)));
            assert_eq!(network(LOOP, &[0, 0, 0, family]), Ok((6, 4)));
        }
        assert_eq!(network(LOOP, &[2, 0, 0, 0]), Err(Skip::NotIp));
        assert_eq!(network(NULL, &[7, 0, 0, 0]), Err(Skip::NotIp));
    }

    /// A PKTAP header of `length` bytes (little-endian fields, the rest zero)
    /// with the record type and inner link type, before `frame`.
    fn pktap(length: u32, record: u32, inner: u32, frame: &[u8]) -> Vec<u8> {
        let mut f = [length, record, inner]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<u8>>();
        f.resize(length.max(12) as usize, 0);
        f.extend_from_slice(frame);
        f
    }

    #[test]
    fn pktap_wraps_another_link_type() {
        // macOS: Ethernet on en0, the loopback header on lo0, raw IP on utun.
        let ipv4 = ethernet(&[0x08, 0x00, 0x45]);
        assert_eq!(network(PKTAP, &pktap(156, 1, 1, &ipv4)), Ok((4, 170)));
        assert_eq!(network(PKTAP, &pktap(156, 1, 0, &[30, 0, 0, 0])), Ok((6, 160)));
        assert_eq!(network(PKTAP, &pktap(108, 1, 12, &[0x45])), Ok((0, 108)));
        // What is not a packet, nested, too short to be a header, or cut.
        assert_eq!(network(PKTAP, &pktap(156, 2, 1, &ipv4)), Err(Skip::NotIp));
        assert_eq!(
            network(PKTAP, &pktap(156, 1, PKTAP, &ipv4)),
            Err(Skip::UnknownLink)
        );
        assert_eq!(network(PKTAP, &pktap(8, 1, 1, &ipv4)), Err(Skip::Malformed));
        assert_eq!(
            network(PKTAP, &pktap(156, 1, 1, &[])[..100]),
            Err(Skip::Truncated)
        );
        assert_eq!(network(PKTAP, &pktap(156, 1, 1, &[])), Err(Skip::Truncated));
        assert_eq!(network(PKTAP, &[1, 0, 0]), Err(Skip::Truncated));
    }

    #[test]
    fn raw_ip_and_unknown_links() {
        assert_eq!(network(101, &[]), Ok((0, 0)));
        assert_eq!(network(12, &[]), Ok((0, 0)));
        assert_eq!(network(IPV6, &[]), Ok((6, 0)));
        assert_eq!(network(127, &[0; 64]), Err(Skip::UnknownLink)); // radiotap
    }
}
