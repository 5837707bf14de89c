//! The TCP header and its options, as captured.
//!
//! Responsible for: the fixed header fields, the header length, the options a
//! learner meets (MSS, window scale, SACK-permitted, SACK blocks, timestamps;
//! others listed by kind), the payload length and where the captured payload
//! bytes are. Not responsible for: checksums, reading the payload, or judging
//! the values (a SYN without MSS, a
//! window scale above 14): they are reported as sent.

use super::bytes::{Skip, NET};

/// The options of one TCP header (RFC 9293 3.2, RFC 7323, RFC 2018).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TcpOptions {
    /// Maximum segment size (kind 2).
    pub mss: Option<u16>,
    /// Window scale shift count (kind 3), as sent, even above the RFC's 14.
    pub wscale: Option<u8>,
    /// SACK permitted (kind 4).
    pub sack_permitted: bool,
    /// SACK blocks (kind 5), left and right edges as raw sequence numbers; at
    /// most 4, because 40 bytes of options hold no more.
    pub sack: Vec<(u32, u32)>,
    /// Timestamps (kind 8): TSval and TSecr.
    pub timestamps: Option<(u32, u32)>,
    /// The kinds of all other options, in order, without NOP and end-of-list;
    /// also a known kind whose length is wrong, and the kind at which a broken
    /// option list stopped being read.
    pub other: Vec<u8>,
    /// The capture's snapshot length ended inside the option list: the
    /// options above are those captured whole, and what followed is unknown
    /// (Wireshark: "Packet size limited during capture").
    pub cut: bool,
}

/// The fields of a TCP header that [`super::Packet`] reports.
pub(super) struct Segment {
    pub src_port: u16,
    pub dst_port: u16,
    pub seq: u32,
    pub ack: u32,
    pub flags: u8,
    pub window: u16,
    pub options: TcpOptions,
    pub payload_len: u32,
    pub urgent: u16,
    pub option_bytes: Vec<u8>,
    pub option_len: u8,
    /// Where in the segment's captured bytes the payload is: at most
    /// `payload_len` bytes, fewer when the snapshot length cut the segment.
    pub payload: core::ops::Range<usize>,
}

/// Reads a TCP header from the captured bytes of a segment whose length, by
/// the IP header, is `len`.
///
/// A header whose options the snapshot length cut is read as Wireshark and
/// tcpdump read it: every fixed field is there, and so are the options
/// captured whole ([`TcpOptions::cut`] says the rest is unknown). Dropping
/// it would lose the segment itself, and with it a lesson's ACKs or SYNs.
///
/// # Errors
///
/// [`Skip::Truncated`] when the capture cut the fixed 20-byte header,
/// [`Skip::Malformed`] when the data offset is under 5 words or beyond `len`.
pub(super) fn parse(segment: &[u8], len: u32) -> Result<Segment, Skip> {
    if segment.len() < 20 {
        return Err(Skip::Truncated);
    }
    let u32_at = |at| NET.u32(segment, at).ok_or(Skip::Truncated);
    let u16_at = |at| NET.u16(segment, at).ok_or(Skip::Truncated);
    let window = u16_at(14)?;
    let header_len = usize::from(segment[12] >> 4) * 4;
    if header_len < 20 {
        return Err(Skip::Malformed);
    }
    let payload_len = len.checked_sub(header_len as u32).ok_or(Skip::Malformed)?;
    let cut = segment.len() < header_len;
    let options = &segment[20..header_len.min(segment.len())];
    Ok(Segment {
        src_port: u16_at(0)?,
        dst_port: u16_at(2)?,
        seq: u32_at(4)?,
        ack: u32_at(8)?,
        flags: segment[13],
        window,
        options: parse_options(options, cut),
        payload_len,
        urgent: u16_at(18)?,
        // With the byte after them, when captured: tcpdump reads it as the
        // length of an option whose kind is the header's last byte.
        option_bytes: segment[20..(header_len + 1).min(segment.len())].to_vec(),
        // At most 60 − 20 bytes: the data offset is 4 bits of 4-byte words.
        option_len: (header_len - 20) as u8,
        // `segment` ends where the IP length says (padding is not payload).
        payload: header_len.min(segment.len())..segment.len().min(header_len + payload_len as usize),
    })
}

/// Walks the option list; each step moves forward at least one byte, so the
/// walk is linear in the (at most 40) option bytes. `cut`: the capture kept
/// only these first bytes of the list, so an option running past them was
/// cut, not broken.
fn parse_options(bytes: &[u8], cut: bool) -> TcpOptions {
    let mut o = TcpOptions {
        cut,
        ..TcpOptions::default()
    };
    let mut at = 0;
    while let Some(&kind) = bytes.get(at) {
        match kind {
            0 => break, // end of option list
            1 => {
                at += 1; // no-operation (padding)
                continue;
            }
            _ => {}
        }
        let len = bytes.get(at + 1).map_or(0, |&l| usize::from(l));
        let Some(value) = bytes.get(at + 2..at + len.max(2)).filter(|_| len >= 2) else {
            // A length under 2 or past the header: the rest cannot be read.
            // Past what the capture kept, the option is merely unknown.
            let past_the_cut = cut && (at + 1 >= bytes.len() || (len >= 2 && at + len > bytes.len()));
            if !past_the_cut {
                o.other.push(kind);
            }
            break;
        };
        match (kind, len) {
            (2, 4) => o.mss = NET.u16(value, 0),
            (3, 3) => o.wscale = Some(value[0]),
            (4, 2) => o.sack_permitted = true,
            (5, _) if len > 2 && (len - 2) % 8 == 0 => {
                o.sack = value
                    .chunks_exact(8)
                    .take(4)
                    .map(|b| (be32(b, 0), be32(b, 4)))
                    .collect();
            }
            (8, 10) => o.timestamps = Some((be32(value, 0), be32(value, 4))),
            _ => o.other.push(kind),
        }
        at += len;
    }
    o
}

/// A 32-bit option field whose place the option's length already proved.
fn be32(b: &[u8], at: usize) -> u32 {
    NET.u32(b, at).unwrap_or(0)
}

#[cfg(test)]
mod tests {

    use super::*;

    /// A TCP header with ports 1 and 2, the given flags and options (padded to 4).
    fn header(flags: u8, options: &[u8]) -> Vec<u8> {
        let mut h = vec![0, 1, 0, 2, 0, 0, 0, 10, 0, 0, 0, 20];
        let len = 20 + options.len().div_ceil(4) * 4;
        h.extend_from_slice(&[(len as u8 / 4) << 4, flags, 0xfa, 0xf0, 0, 0, 0, 0]);
        h.extend_from_slice(options);
        h.resize(len, 0);
        h
    }

    #[test]
    fn reads_the_fixed_header_and_payload_length() {
        let h = header(0xc2, &[]); // CWR, ECE, SYN: all eight flag bits kept
        let s = parse(&h, 120).unwrap_or_else(|_| panic!("parses"));
        assert_eq!((s.src_port, s.dst_port, s.seq, s.ack), (1, 2, 10, 20));
        assert_eq!((s.flags, s.window, s.payload_len), (0xc2, 0xfaf0, 100));
        assert_eq!(parse(&h[..19], 120).err(), Some(Skip::Truncated));
        assert_eq!(parse(&h, 19).err(), Some(Skip::Malformed));
        let mut bad = h.clone();
        bad[12] = 0x40; // data offset 4 words
        assert_eq!(parse(&bad, 120).err(), Some(Skip::Malformed));
    }

    #[test]
    fn reads_a_linux_syn_and_sack_blocks() {
        // MSS 1460, SACK permitted, timestamps, NOP, window scale 7: Linux's SYN.
        let syn = [2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];
        let s = parse(&header(0x02, &syn), 40).unwrap_or_else(|_| panic!("parses"));
        let o = s.options;
        assert_eq!(
            (o.mss, o.wscale, o.sack_permitted, o.timestamps),
            (Some(1460), Some(7), true, Some((1, 0)))
        );
        assert!(o.sack.is_empty() && o.other.is_empty());
        // Options cut by the snaplen inside the timestamps: the fixed header
        // and the options before the cut are read, the rest is unknown.
        let cut = parse(&header(0x02, &syn)[..30], 40).unwrap_or_else(|_| panic!("parses"));
        let o = cut.options;
        assert_eq!((cut.seq, cut.flags, cut.payload_len), (10, 0x02, 0));
        assert_eq!(
            (o.mss, o.sack_permitted, o.timestamps, o.wscale),
            (Some(1460), true, None, None)
        );
        assert!(
            o.cut && o.other.is_empty(),
            "a cut option is unknown, not broken: {o:?}"
        );
        // Cut right after the fixed header: no option known, the segment kept.
        let bare = parse(&header(0x02, &syn)[..20], 40).unwrap_or_else(|_| panic!("parses"));
        assert!(bare.options.cut && bare.options.mss.is_none());
        assert!(!parse(&header(0x02, &syn), 40)
            .map(|s| s.options.cut)
            .unwrap_or(true));
        // Two SACK blocks after two NOPs.
        let sack = [1, 1, 5, 18, 0, 0, 0, 5, 0, 0, 0, 9, 0, 0, 0, 15, 0, 0, 0, 20];
        let o = parse(&header(0x10, &sack), 40)
            .map(|s| s.options)
            .unwrap_or_default();
        assert_eq!(o.sack, vec![(5, 9), (15, 20)]);
    }

    #[test]
    fn lists_unknown_and_broken_options() {
        // TCP Fast Open cookie (34), an MSS of wrong length, then a zero length that stops the walk.
        let o = parse_options(&[34, 4, 0xab, 0xcd, 2, 3, 5, 9, 0, 3, 3, 7], false);
        assert_eq!(o.other, vec![34, 2, 9]);
        assert_eq!(o.wscale, None);
        // A length running past the header; end of list stops before garbage.
        assert_eq!(parse_options(&[3, 8, 1], false).other, vec![3]);
        assert_eq!(parse_options(&[3, 8, 1], true).other, Vec::<u8>::new());
        assert_eq!(parse_options(&[0, 2, 4, 4], false), TcpOptions::default());
        assert_eq!(parse_options(&[1; 40], false), TcpOptions::default());
    }
}
