//! The classic libpcap file format: a 24-byte file header, then records of a
//! 16-byte header and the captured bytes.
//!
//! Responsible for: the four magic numbers (microsecond and nanosecond
//! timestamps, each in both byte orders), the file's link type and each
//! record's time and lengths. Not responsible for: the packets' contents
//! (handed to [`Capture::frame`]), the time zone field (always 0 in practice,
//! and ignored by libpcap and Wireshark), or the snapshot length (each record
//! says how much it holds).

use super::{Capture, CaptureError, Order};

/// a1b2c3d4 (microseconds) and a1b23c4d (nanoseconds), as written by a
/// big-endian host; a little-endian host writes them reversed.
const MICRO: [u8; 4] = [0xa1, 0xb2, 0xc3, 0xd4];
const NANO: [u8; 4] = [0xa1, 0xb2, 0x3c, 0x4d];

const FILE_HEADER: usize = 24;
const RECORD_HEADER: usize = 16;

/// Whether these four bytes start a pcap file.
pub(super) fn is_magic(magic: &[u8]) -> bool {
    [MICRO, NANO]
        .iter()
        .any(|m| magic == m || magic.iter().eq(m.iter().rev()))
}

/// Reads every record into `capture`. The caller checked [`is_magic`].
///
/// # Errors
///
/// [`CaptureError::Truncated`] when the file ends inside the file header, a
/// record header or a record's bytes; [`CaptureError::Malformed`] for a major
/// version other than 2; what [`Capture::frame`] returns.
pub(super) fn read(bytes: &[u8], capture: &mut Capture) -> Result<(), CaptureError> {
    let order = Order {
        big: bytes[0] == 0xa1,
    };
    let nano = bytes[2..4] == NANO[2..] || bytes[..2] == [0x4d, 0x3c];
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
        let truncated = CaptureError::Truncated("pcap packet header", at);
        let record = bytes.get(at..at + RECORD_HEADER).ok_or(truncated)?;
        let field = |i| order.u32(record, i).unwrap_or(0);
        let (seconds, fraction, captured, wire) = (field(0), field(4), field(8), field(12));
        let start = at + RECORD_HEADER;
        let data = bytes.get(start..).and_then(|rest| rest.get(..captured as usize));
        let data = data.ok_or(CaptureError::Truncated("pcap packet", at))?;
        let ts_ns = u64::from(seconds) * 1_000_000_000 + u64::from(fraction) * if nano { 1 } else { 1000 };
        // Some writers leave the wire length 0 or below the captured length.
        capture.frame(link, ts_ns, data, wire.max(captured))?;
        at = start + data.len();
    }
    Ok(())
}
