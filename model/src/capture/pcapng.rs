//! The pcapng file format: a sequence of blocks, grouped in sections that each
//! start with a section header block (SHB) fixing the byte order.
//!
//! Responsible for: walking blocks by their length fields, several sections
//! in either byte order, interface description blocks (IDB: link type, snapshot
//! length, `if_tsresol`, `if_tsoffset`), and the three packet blocks: enhanced
//! (EPB), simple (SPB) and the obsolete packet block (PB). Every other block
//! (statistics, name resolution, secrets, custom) is skipped by its length.
//! Not responsible for: the packets' contents (handed to [`Capture::frame`]),
//! comments and other options that do not change how packets are read.

use super::bytes::Order;
use super::{Capture, CaptureError};

/// The SHB block type; a palindrome, so it reads the same in both byte orders.
pub(super) const SHB_TYPE: &[u8] = &[0x0a, 0x0d, 0x0d, 0x0a];
const IDB: u32 = 1;
const PB: u32 = 2;
const SPB: u32 = 3;
const EPB: u32 = 6;
/// systemd journal export block: not a packet, but Wireshark numbers it as a frame.
const JOURNAL: u32 = 9;

/// if_tsresol and if_tsoffset option codes in an IDB.
const OPT_TSRESOL: u16 = 9;
const OPT_TSOFFSET: u16 = 14;

/// What the packet blocks of a section need from their interface.
#[derive(Clone, Copy, Debug)]
struct Interface {
    link: u32,
    snaplen: u32,
    /// if_tsresol as stored: bit 7 clear: 10^-n seconds, set: 2^-n (n in bits 0..7).
    resolution: u8,
    /// if_tsoffset: seconds added to every timestamp.
    offset: i64,
}

/// Reads every block into `capture`. The caller checked that the file starts
/// with the SHB type.
///
/// # Errors
///
/// [`CaptureError::Truncated`] when the file ends inside the SHB's
/// byte-order magic (a file cut inside a later block header or block is read
/// up to it: [`Capture::cut`]); [`CaptureError::Malformed`] for a block length that is not a multiple
/// of 4 or does not match its copy at the block's end, a byte-order magic or
/// version that is not pcapng 1.x, a packet longer than its block, or a packet
/// that names an interface its section did not describe; what
/// [`Capture::frame`] returns.
pub(super) fn read(bytes: &[u8], capture: &mut Capture) -> Result<(), CaptureError> {
    let mut order = Order { big: false };
    // The interfaces of the current section; a new section starts a new list.
    // It grows by one per IDB, so its size is bounded by the file's.
    let mut interfaces = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let block_header = CaptureError::Truncated("pcapng block header", at);
        // The file ends inside this block's header or body: the blocks
        // before it are read, and the capture says where it was cut.
        let Some(kind) = order.u32(bytes, at) else {
            capture.cut = Some(block_header);
            break;
        };
        if bytes.get(at..at + 4) == Some(SHB_TYPE) {
            let Some(magic) = bytes.get(at + 8..at + 12) else {
                capture.cut = Some(block_header);
                break;
            };
            order = match magic {
                [0x1a, 0x2b, 0x3c, 0x4d] => Order { big: true },
                [0x4d, 0x3c, 0x2b, 0x1a] => Order { big: false },
                _ => return Err(CaptureError::Malformed("not a pcapng byte-order magic", at + 8)),
            };
            if order.u16(bytes, at + 12) != Some(1) {
                return Err(CaptureError::Malformed("unsupported pcapng version", at + 12));
            }
            interfaces.clear();
        }
        let Some(len) = order.u32(bytes, at + 4) else {
            capture.cut = Some(block_header);
            break;
        };
        let len = len as usize;
        if len < 12 || len % 4 != 0 {
            return Err(CaptureError::Malformed("bad pcapng block length", at + 4));
        }
        let block = bytes.get(at..).and_then(|rest| rest.get(..len));
        let Some(block) = block else {
            capture.cut = Some(CaptureError::Truncated("pcapng block", at));
            break;
        };
        if order.u32(block, len - 4) != Some(len as u32) {
            return Err(CaptureError::Malformed(
                "pcapng block lengths differ",
                at + len - 4,
            ));
        }
        let body = &block[8..len - 4];
        let field = |i| order.u32(body, i);
        match kind {
            IDB => interfaces.push(
                interface(body, order).ok_or(CaptureError::Malformed("short pcapng interface block", at))?,
            ),
            EPB | PB => {
                let short = CaptureError::Malformed("short pcapng packet block", at);
                // PB has a 16-bit interface and a 16-bit drop count where EPB has a 32-bit interface.
                let id = (if kind == EPB {
                    field(0)
                } else {
                    order.u16(body, 0).map(u32::from)
                })
                .ok_or(short)?;
                let (high, low, captured, wire) = (field(4), field(8), field(12), field(16));
                let (Some(high), Some(low), Some(captured), Some(wire)) = (high, low, captured, wire) else {
                    return Err(short);
                };
                let data = body.get(20..).and_then(|rest| rest.get(..captured as usize));
                let data = data.ok_or(CaptureError::Malformed("pcapng packet longer than its block", at))?;
                let i = find(&interfaces, id, at)?;
                let ts = timestamp(u64::from(high) << 32 | u64::from(low), i.resolution, i.offset);
                capture.frame(i.link, id, ts, data, wire.max(captured))?;
            }
            SPB => {
                // No interface field: always the section's first; no timestamp;
                // the captured length is what the snapshot length and the block allow.
                let i = find(&interfaces, 0, at)?;
                let wire = field(0).ok_or(CaptureError::Malformed("short pcapng packet block", at))?;
                let mut captured = (wire as usize).min(body.len() - 4);
                if i.snaplen != 0 {
                    captured = captured.min(i.snaplen as usize);
                }
                capture.frame(i.link, 0, 0, &body[4..4 + captured], wire)?;
            }
            JOURNAL => capture.frame(u32::MAX, 0, 0, &[], 0)?,
            _ => {}
        }
        at += len;
    }
    Ok(())
}

fn find(interfaces: &[Interface], id: u32, at: usize) -> Result<Interface, CaptureError> {
    let unknown = CaptureError::Malformed("pcapng packet names an undescribed interface", at);
    interfaces.get(id as usize).copied().ok_or(unknown)
}

/// An IDB's body: link type (16 bits), reserved (16), snapshot length (32), options.
fn interface(body: &[u8], order: Order) -> Option<Interface> {
    let mut i = Interface {
        link: u32::from(order.u16(body, 0)?),
        snaplen: order.u32(body, 4)?,
        resolution: 6,
        offset: 0,
    };
    // Options: code (16 bits), length (16), value padded to 4 bytes; code 0 ends the list.
    // Each step moves at least 4 bytes forward.
    let mut at = 8;
    while let (Some(code), Some(len)) = (order.u16(body, at), order.u16(body, at + 2)) {
        let Some(value) = body.get(at + 4..).and_then(|rest| rest.get(..usize::from(len))) else {
            break; // an option running past the block: ignore it and the rest
        };
        match code {
            0 => break,
            OPT_TSRESOL if len >= 1 => i.resolution = value[0],
            OPT_TSOFFSET => i.offset = order.i64(value, 0).unwrap_or(0),
            _ => {}
        }
        at += 4 + usize::from(len).div_ceil(4) * 4;
    }
    Some(i)
}

/// Nanoseconds since the epoch from a timestamp in units of `resolution`
/// (if_tsresol) plus `offset` seconds (if_tsoffset), clamped to `u64`.
/// Multiplied in 128-bit integers: 2^64 units times 10^9 cannot overflow them.
fn timestamp(units: u64, resolution: u8, offset: i64) -> u64 {
    let n = u32::from(resolution & 0x7f);
    let wide = u128::from(units);
    let ns = if resolution & 0x80 != 0 {
        // 2^-n seconds, rounded down to the nanosecond.
        (wide * 1_000_000_000).checked_shr(n).unwrap_or(0)
    } else if n <= 9 {
        wide * 10u128.pow(9 - n)
    } else {
        // Finer than nanoseconds. Divided in 64 bits, as 128-bit division costs
        // the WebAssembly build a kilobyte; past 10^19 every timestamp is 0 ns.
        u128::from(10u64.checked_pow(n - 9).map_or(0, |d| units / d))
    };
    let total = ns as i128 + i128::from(offset) * 1_000_000_000;
    total.clamp(0, i128::from(u64::MAX)) as u64
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn timestamps_in_every_resolution() {
        // Default microseconds, milliseconds, nanoseconds, picoseconds.
        assert_eq!(timestamp(1_500_000, 6, 0), 1_500_000_000);
        assert_eq!(timestamp(1_500, 3, 0), 1_500_000_000);
        assert_eq!(timestamp(7, 9, 0), 7);
        assert_eq!(timestamp(7_000, 12, 0), 7);
        // 2^-10 s (1/1024 s) and 2^-20 s units, as some hardware clocks use.
        assert_eq!(timestamp(1024, 0x80 | 10, 0), 1_000_000_000);
        assert_eq!(timestamp(1, 0x80 | 10, 0), 976_562); // 976562.5 ns, truncated
        assert_eq!(timestamp(3 << 20, 0x80 | 20, 0), 3_000_000_000);
        assert_eq!(timestamp(u64::MAX, 0x80 | 127, 0), 0);
        // if_tsoffset moves the epoch; clamping at both ends.
        assert_eq!(timestamp(2_000_000, 6, 1_700_000_000), 1_700_000_002_000_000_000);
        assert_eq!(timestamp(1, 6, -5), 0);
        assert_eq!(timestamp(u64::MAX, 6, i64::MAX), u64::MAX);
        assert_eq!(timestamp(u64::MAX, 127, 0), 0);
    }

    /// Test-only pcapng writer: blocks in the given byte order.
    struct Writer {
        big: bool,
        out: Vec<u8>,
    }

    impl Writer {
        fn u16(&self, v: u16) -> [u8; 2] {
            if self.big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        }
        fn u32(&self, v: u32) -> [u8; 4] {
            if self.big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        }
        fn block(&mut self, kind: u32, body: &[u8]) {
            let len = 12 + body.len().div_ceil(4) * 4;
            let mut b = Vec::new();
            b.extend_from_slice(&self.u32(kind));
            b.extend_from_slice(&self.u32(len as u32));
            b.extend_from_slice(body);
            b.resize(len - 4, 0);
            b.extend_from_slice(&self.u32(len as u32));
            self.out.extend_from_slice(&b);
        }
        fn shb(&mut self) {
            let mut body = Vec::from(self.u32(0x1a2b_3c4d));
            body.extend_from_slice(&self.u16(1));
            body.extend_from_slice(&self.u16(0));
            body.extend_from_slice(&[0xff; 8]); // section length unknown
            self.block(0x0a0d_0d0a, &body);
        }
        fn idb(&mut self, link: u16, snaplen: u32, tsresol: Option<u8>) {
            let mut body = Vec::from(self.u16(link));
            body.extend_from_slice(&[0, 0]);
            body.extend_from_slice(&self.u32(snaplen));
            if let Some(r) = tsresol {
                body.extend_from_slice(&self.u16(OPT_TSRESOL));
                body.extend_from_slice(&self.u16(1));
                body.extend_from_slice(&[r, 0, 0, 0]);
            }
            self.block(IDB, &body);
        }
        fn epb(&mut self, interface: u32, ts: u64, data: &[u8]) {
            let mut body = Vec::from(self.u32(interface));
            body.extend_from_slice(&self.u32((ts >> 32) as u32));
            body.extend_from_slice(&self.u32(ts as u32));
            body.extend_from_slice(&self.u32(data.len() as u32));
            body.extend_from_slice(&self.u32(data.len() as u32));
            body.extend_from_slice(data);
            self.block(EPB, &body);
        }
    }

    /// A raw IPv4 SYN from 10.0.0.1:1 to 10.0.0.2:2 with `extra` payload bytes.
    fn syn(extra: usize) -> Vec<u8> {
        let total = (40 + extra) as u16;
        let mut p = vec![0x45, 0];
        p.extend_from_slice(&total.to_be_bytes());
        p.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
        p.extend_from_slice(&[
            0, 1, 0, 2, 0, 0, 0, 9, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0,
        ]);
        p.resize(usize::from(total), 0xaa);
        p
    }

    fn read_all(bytes: &[u8]) -> Result<Capture, CaptureError> {
        super::super::read(bytes)
    }

    #[test]
    fn simple_packet_block_uses_the_first_interface_and_its_snaplen() {
        let mut w = Writer {
            big: false,
            out: Vec::new(),
        };
        w.shb();
        w.idb(101, 44, None); // raw IP, snapshot length 44: 4 payload bytes kept of 100
        w.idb(1, 0, None);
        let packet = syn(100);
        let mut body = Vec::from(w.u32(packet.len() as u32));
        body.extend_from_slice(&packet);
        w.block(SPB, &body);
        let c = read_all(&w.out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.packets.len(), 1);
        let p = &c.packets[0];
        assert_eq!((p.frame, p.ts_ns, p.payload_len, p.seq), (1, 0, 100, 9));
    }

    #[test]
    fn sections_in_both_byte_orders_each_with_their_interfaces() {
        let mut w = Writer {
            big: true,
            out: Vec::new(),
        };
        w.shb();
        w.idb(1, 0, Some(0x80 | 10)); // Ethernet (not used below), 1/1024 s
        w.idb(101, 0, Some(0x80 | 10));
        w.epb(1, 2048, &syn(0)); // 2 s
        w.block(5, &[0; 20]); // an interface statistics block: skipped
        w.block(0x0bad, &[1, 2, 3]); // a custom block: skipped
        let mut little = Writer {
            big: false,
            out: Vec::new(),
        };
        little.shb();
        little.idb(101, 0, Some(9));
        little.epb(0, 5, &syn(3));
        w.out.extend_from_slice(&little.out);
        let c = read_all(&w.out).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<_> = c
            .packets
            .iter()
            .map(|p| (p.frame, p.ts_ns, p.payload_len))
            .collect();
        assert_eq!(got, [(1, 2_000_000_000, 0), (2, 5, 3)]);
        // The second section forgot the first one's interfaces.
        let mut w2 = Writer {
            big: false,
            out: little.out.clone(),
        };
        w2.shb();
        w2.epb(0, 0, &syn(0));
        assert_eq!(
            read_all(&w2.out).err().map(|e| e.to_string()),
            Some(format!(
                "pcapng packet names an undescribed interface at byte {}",
                little.out.len() + 28
            ))
        );
    }

    #[test]
    fn broken_lengths_name_their_byte() {
        let mut w = Writer {
            big: false,
            out: Vec::new(),
        };
        w.shb();
        w.idb(101, 0, None);
        w.epb(0, 0, &syn(0));
        let epb = 28 + 20;
        let mut odd = w.out.clone();
        odd[epb + 4] = 0x41; // block length 65: not a multiple of 4
        assert_eq!(
            read_all(&odd),
            Err(CaptureError::Malformed("bad pcapng block length", epb + 4))
        );
        let mut huge = w.out.clone();
        huge[epb + 4..epb + 8].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
        assert_eq!(read_all(&huge), Err(CaptureError::Truncated("pcapng block", epb)));
        let mut differ = w.out.clone();
        let last = differ.len() - 4;
        differ[last] ^= 4;
        assert_eq!(
            read_all(&differ),
            Err(CaptureError::Malformed("pcapng block lengths differ", last))
        );
        let mut long_packet = w.out.clone();
        long_packet[epb + 20..epb + 24].copy_from_slice(&1000u32.to_le_bytes());
        assert_eq!(
            read_all(&long_packet),
            Err(CaptureError::Malformed(
                "pcapng packet longer than its block",
                epb
            ))
        );
        assert_eq!(
            read_all(&w.out[..epb + 5]),
            Err(CaptureError::Truncated("pcapng block header", epb))
        );
    }
}
