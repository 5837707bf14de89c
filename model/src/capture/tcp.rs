//! The TCP header and its options, as captured.
//!
//! Responsible for: the fixed header fields, the header length, the options a
//! learner meets (MSS, window scale, SACK-permitted, SACK blocks, timestamps;
//! others listed by kind) and the payload length. Not responsible for:
//! checksums, the payload bytes, or judging the values (a SYN without MSS, a
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
}

/// Reads a TCP header from the captured bytes of a segment whose length, by
/// the IP header, is `len`.
///
/// # Errors
///
/// [`Skip::Truncated`] when the capture cut the header (options included),
/// [`Skip::Malformed`] when the data offset is under 5 words or beyond `len`.
pub(super) fn parse(segment: &[u8], len: u32) -> Result<Segment, Skip> {
    let u32_at = |at| NET.u32(segment, at).ok_or(Skip::Truncated);
    let u16_at = |at| NET.u16(segment, at).ok_or(Skip::Truncated);
    let window = u16_at(14)?; // also proves bytes 0..16 are there
    let header_len = usize::from(segment.get(12).ok_or(Skip::Truncated)? >> 4) * 4;
    if header_len < 20 {
        return Err(Skip::Malformed);
    }
    let payload_len = len.checked_sub(header_len as u32).ok_or(Skip::Malformed)?;
    let options = segment.get(20..header_len).ok_or(Skip::Truncated)?;
    Ok(Segment {
        src_port: u16_at(0)?,
        dst_port: u16_at(2)?,
        seq: u32_at(4)?,
        ack: u32_at(8)?,
        flags: segment[13],
        window,
        options: parse_options(options),
        payload_len,
    })
}

/// Walks the option list; each step moves forward at least one byte, so the
/// walk is linear in the (at most 40) option bytes.
fn parse_options(bytes: &[u8]) -> TcpOptions {
    let mut o = TcpOptions::default();
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
            o.other.push(kind); // a length under 2 or past the header: the rest cannot be read
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
        // Options cut by the snaplen: the header counts as truncated.
        assert_eq!(parse(&header(0x02, &syn)[..30], 40).err(), Some(Skip::Truncated));
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
        let o = parse_options(&[34, 4, 0xab, 0xcd, 2, 3, 5, 9, 0, 3, 3, 7]);
        assert_eq!(o.other, vec![34, 2, 9]);
        assert_eq!(o.wscale, None);
        // A length running past the header; end of list stops before garbage.
        assert_eq!(parse_options(&[3, 8, 1]).other, vec![3]);
        assert_eq!(parse_options(&[0, 2, 4, 4]), TcpOptions::default());
        assert_eq!(parse_options(&[1; 40]), TcpOptions::default());
    }
}
