//! The classic libpcap file format: a 24-byte file header, then records of a
//! 16-byte header and the captured bytes.
//!
//! Responsible for: the four magic numbers (microsecond and nanosecond
//! timestamps, each in both byte orders), the "modified" pcap of Alexey
//! Kuznetzov's patched tcpdump (`a1b2cd34`: microseconds, and 8 more bytes
//! in each record header: interface index, protocol, packet type), which
//! libpcap and Wireshark still read and `editcap -F modpcap` writes, the
//! file's link type and each
//! record's time and lengths. Not responsible for: the packets' contents
//! (handed to [`Capture::frame`]), the time zone field (always 0 in practice,
//! and ignored by libpcap and Wireshark), or the snapshot length (each record
//! says how much it holds).

use super::bytes::Order;
use super::{Capture, CaptureError};

/// a1b2c3d4 (microseconds) and a1b23c4d (nanoseconds), as written by a
/// big-endian host; a little-endian host writes them reversed.
const MICRO: [u8; 4] = [0xa1, 0xb2, 0xc3, 0xd4];
const NANO: [u8; 4] = [0xa1, 0xb2, 0x3c, 0x4d];
/// The modified format's magic number (microseconds).
const MODIFIED: [u8; 4] = [0xa1, 0xb2, 0xcd, 0x34];

const FILE_HEADER: usize = 24;
const RECORD_HEADER: usize = 16;
/// A modified pcap's record header: the 16 bytes, then what this reader
/// does not need (interface index, protocol, packet type, padding). The
/// lengths and time are where they are in the plain format.
const MODIFIED_RECORD_HEADER: usize = 24;

/// Whether these four bytes start a pcap file.
pub(super) fn is_magic(magic: &[u8]) -> bool {
    [MICRO, NANO, MODIFIED]
        .iter()
        .any(|m| magic == m || magic.iter().eq(m.iter().rev()))
}

/// Reads every record into `capture`. The caller checked [`is_magic`].
///
/// # Errors
///
/// [`CaptureError::Truncated`] when the file ends inside the file header;
/// [`CaptureError::Malformed`] for a major version other than 2; what
/// [`Capture::frame`] returns. A file that ends inside a record header or a
/// record's bytes is read up to that record ([`Capture::cut`]).
pub(super) fn read(bytes: &[u8], capture: &mut Capture) -> Result<(), CaptureError> {
    let order = Order {
        big: bytes[0] == 0xa1,
    };
    let nano = bytes[2..4] == NANO[2..] || bytes[..2] == [0x4d, 0x3c];
    let modified = bytes[2..4] == MODIFIED[2..] || bytes[..2] == [0x34, 0xcd];
    let record_header = if modified {
        MODIFIED_RECORD_HEADER
    } else {
        RECORD_HEADER
    };
    let header = bytes
        .get(..FILE_HEADER)
        .ok_or(CaptureError::Truncated("pcap file header", 0))?;
    if order.u16(header, 4) != Some(2) {
        return Err(CaptureError::Malformed("unsupported pcap version", 4));
    }
    // The low 16 bits are the link type; the high bits may hold FCS information.
    let link = order.u32(header, 20).unwrap_or(0) & 0xffff;
    let mut at = FILE_HEADER;
    while at < bytes.len() {
        let Some(record) = bytes.get(at..at + record_header) else {
            capture.cut = Some(CaptureError::Truncated("pcap packet header", at));
            break;
        };
        let field = |i| order.u32(record, i).unwrap_or(0);
        let (seconds, fraction, captured, wire) = (field(0), field(4), field(8), field(12));
        let start = at + record_header;
        let data = bytes.get(start..).and_then(|rest| rest.get(..captured as usize));
        let Some(data) = data else {
            capture.cut = Some(CaptureError::Truncated("pcap packet", at));
            break;
        };
        let ts_ns = u64::from(seconds) * 1_000_000_000 + u64::from(fraction) * if nano { 1 } else { 1000 };
        // Some writers leave the wire length 0 or below the captured length.
        capture.frame(link, 0, ts_ns, data, wire.max(captured))?;
        at = start + data.len();
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    use super::super::read as read_file;
    use super::*;

    /// A pcap file header in the given byte order with the given magic, version and link type.
    fn header(big: bool, magic: u32, major: u16, link: u32) -> Vec<u8> {
        let mut h = Vec::new();
        let u16s = |v: u16| if big { v.to_be_bytes() } else { v.to_le_bytes() };
        let u32s = |v: u32| if big { v.to_be_bytes() } else { v.to_le_bytes() };
        h.extend_from_slice(&u32s(magic));
        h.extend_from_slice(&u16s(major));
        h.extend_from_slice(&u16s(4));
        h.extend_from_slice(&[0; 8]); // time zone, accuracy
        h.extend_from_slice(&u32s(65535));
        h.extend_from_slice(&u32s(link));
        h
    }

    #[test]
    fn six_magic_numbers() {
        // Microseconds, nanoseconds and Kuznetzov's modified format, as libpcap reads them.
        for m in [0xa1b2_c3d4u32, 0xa1b2_3c4d, 0xa1b2_cd34] {
            assert!(is_magic(&m.to_be_bytes()) && is_magic(&m.to_le_bytes()));
        }
        assert!(!is_magic(b"PK\x03\x04"));
    }

    #[test]
    fn version_and_record_errors_name_their_byte() {
        let v3 = header(true, 0xa1b2_c3d4, 3, 101);
        assert_eq!(
            read_file(&v3),
            Err(CaptureError::Malformed("unsupported pcap version", 4))
        );
        // A record header cut after 10 bytes; a record claiming 4 GB.
        let mut cut = header(false, 0xa1b2_3c4d, 2, 101);
        cut.extend_from_slice(&[0; 10]);
        assert_eq!(
            read_file(&cut),
            Err(CaptureError::Truncated("pcap packet header", 24))
        );
        let mut huge = header(false, 0xa1b2_3c4d, 2, 101);
        huge.extend_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0x45]);
        assert_eq!(read_file(&huge), Err(CaptureError::Truncated("pcap packet", 24)));
    }

    #[test]
    fn the_link_type_is_the_low_16_bits_and_frames_are_numbered() {
        // Link type 101 with an FCS length in the top bits; two records of 0
        // bytes are frames 1 and 2: one cut by the snapshot length (60 bytes
        // on the wire), one empty as sent (malformed).
        let mut file = header(true, 0xa1b2_c3d4, 2, 0x1400_0065);
        file.extend_from_slice(&[0; 12]);
        file.extend_from_slice(&60u32.to_be_bytes());
        file.extend_from_slice(&[0; 16]);
        let mut capture = Capture {
            format: super::super::Format::Pcap,
            frames: 0,
            packets: Vec::new(),
            skipped: Default::default(),
            cut: None,
        };
        assert_eq!(read(&file, &mut capture), Ok(()));
        assert_eq!(
            (
                capture.frames,
                capture.skipped.truncated,
                capture.skipped.malformed,
                capture.skipped.unknown_link
            ),
            (2, 1, 1, 0)
        );
    }
}
