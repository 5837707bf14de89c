//! How tcpdump 4.99 writes a TCP option list (`print-tcp.c`), for the
//! `tcpdump -nn -r` view of a capture (`tcpdump_file.rs`): each option by
//! its name and value, `[len N]` where the length field disagrees with what
//! tcpdump read, `[bad opt]` where the list breaks, and ` [|tcp]` where the
//! snapshot length cut it, each written where tcpdump writes it.

use std::fmt::Write;

use crate::capture::flags;

/// tcpdump stops the line here (a broken option, or the capture's cut),
/// having written what it writes then.
pub(super) struct Stop;

/// A line being written. Text goes in through two small writers, so the
/// many pieces of a line cost little WebAssembly.
/// `n` bytes at `at` as a big-endian number. A byte past the slice reads
/// as 0, so no input can make a read go out of bounds (the callers' length
/// checks never let one be read). Shared by the option, IP-header and MPTCP
/// printers.
pub(super) fn be(bytes: &[u8], at: usize, n: usize) -> u64 {
    (at..at + n).fold(0, |v, j| v << 8 | u64::from(bytes.get(j).copied().unwrap_or(0)))
}

pub(super) struct Line(pub(super) String);

impl Line {
    pub(super) fn text(&mut self, s: &str) {
        self.0.push_str(s);
    }

    /// A decimal number, zero-padded to `width` digits.
    pub(super) fn num(&mut self, n: u64, width: usize) {
        let _ = write!(self.0, "{n:0width$}");
    }

    /// Lower-case hex digits, two per byte.
    pub(super) fn hex(&mut self, bytes: &[u8]) {
        for b in bytes {
            for nibble in [b >> 4, b & 15] {
                self.0.push(char::from(b"0123456789abcdef"[usize::from(nibble)]));
            }
        }
    }
}

/// tcpdump's walk over the option list: `left` is what the header declares
/// is still to come, `bytes` what the capture kept; `first` until an
/// option has been written whole.
pub(super) struct Options<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
    pub(super) left: usize,
    pub(super) first: bool,
    /// The segment's flags: tcpdump reads MPTCP options by SYN and ACK.
    pub(super) flags: u8,
    /// Whether an MPTCP option was written: tcpdump then names MPTCP, not
    /// TCP, where the snapshot length cuts the list.
    pub(super) mptcp_written: bool,
}

impl Options<'_> {
    /// Prints every option.
    pub(super) fn print(&mut self, out: &mut Line, other_base: u32) -> Result<(), Stop> {
        while self.left > 0 {
            if !self.first {
                out.text(",");
            }
            let kind = self
                .bytes
                .get(self.at)
                .copied()
                .ok_or_else(|| self.cut(out, false))?;
            let len = if kind <= 1 {
                1
            } else {
                let len = usize::from(
                    self.bytes
                        .get(self.at + 1)
                        .copied()
                        .ok_or_else(|| self.cut(out, false))?,
                );
                if len < 2 || len > self.left {
                    return Err(self.bad(out));
                }
                len
            };
            self.at += len.min(2);
            self.left -= len.min(2);
            write_name(out, kind);
            let data = self.value(out, kind, len, other_base)?;
            self.at += data;
            self.left -= data;
            if data + 1 + usize::from(kind > 1) != len {
                out.text("[len ");
                out.num(len as u64, 0);
                out.text("]");
            }
            self.first = false;
            if kind == 0 {
                break;
            }
        }
        Ok(())
    }

    /// The value's first `n` bytes, or why tcpdump stops (its `LENCHECK`:
    /// more than the header declares is broken, more than the capture
    /// kept is cut).
    fn need(&self, out: &mut Line, n: usize) -> Result<&[u8], Stop> {
        if n > self.left {
            return Err(self.bad(out));
        }
        self.bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| self.cut(out, !self.first))
    }

    fn bad(&self, out: &mut Line) -> Stop {
        out.text(if self.first { "[bad opt]" } else { "[bad opt]]" });
        Stop
    }

    /// tcpdump's mark for a packet the snapshot length cut, naming the
    /// protocol it printed last; a length check inside an option after the
    /// first also closes with `>`.
    fn cut(&self, out: &mut Line, closes: bool) -> Stop {
        out.text(if self.mptcp_written {
            " [|mptcp]"
        } else {
            " [|tcp]"
        });
        if closes {
            out.text(">");
        }
        Stop
    }

    /// Writes an option's value as tcpdump does, piece by piece (a cut
    /// shows what came before it); returns how many bytes it took.
    fn value(&mut self, out: &mut Line, kind: u8, len: usize, other_base: u32) -> Result<usize, Stop> {
        let data = match kind {
            0 | 1 | 4 => 0,
            2 | 20 | 28 => 2,
            3 => 1,
            6 | 7 | 11..=13 => 4,
            8 => 8,
            19 => 16,
            _ => len - 2,
        };
        match kind {
            0 | 1 | 4 => {}
            2 | 3 | 6 | 7 | 11..=13 => {
                let v = be(self.need(out, data)?, 0, data);
                out.text(" ");
                out.num(v, 0);
            }
            5 if data % 8 != 0 => out.text(" invalid sack"),
            5 => {
                out.text(" ");
                out.num(data as u64 / 8, 0);
                out.text(" ");
                for i in (0..data).step_by(8) {
                    let s = be(self.need(out, i + 4)?, i, 4) as u32;
                    let e = be(self.need(out, i + 8)?, i + 4, 4) as u32;
                    out.text("{");
                    out.num(s.wrapping_sub(other_base).into(), 0);
                    out.text(":");
                    out.num(e.wrapping_sub(other_base).into(), 0);
                    out.text("}");
                }
            }
            8 => {
                let v = self.need(out, 8)?;
                let (val, ecr) = (be(v, 0, 4), be(v, 4, 4));
                out.text(" val ");
                out.num(val, 0);
                out.text(" ecr ");
                out.num(ecr, 0);
            }
            19 => {
                // Without `-M secret` tcpdump cannot check a signature.
                let v = self.need(out, 16)?;
                out.text(" shared secret not supplied with -M, can't check - ");
                out.hex(v);
            }
            20 => {
                let v = self.need(out, 2)?;
                let id = v[1];
                out.text(" cap ");
                out.hex(&v[..1]);
                out.text(" id ");
                out.num(id.into(), 0);
            }
            28 => {
                let raw = be(self.need(out, 2)?, 0, 2);
                let _ = write!(out.0, " 0x{raw:x} ");
                out.num(if raw & 1 != 0 { (raw >> 1) * 60 } else { raw >> 1 }, 0);
            }
            29 if data < 2 => out.text(" (invalid)"),
            29 => {
                // Each id is written once it is read: a cut after the key
                // id leaves `keyid 7 [|tcp]`.
                let key = self.need(out, 1)?[0];
                out.text(" keyid ");
                out.num(key.into(), 0);
                let next = self.need(out, 2)?[1];
                out.text(" rnextkeyid ");
                out.num(next.into(), 0);
                if data > 2 {
                    out.text(" mac 0x");
                    self.hex_bytes(out, 2, data)?;
                }
            }
            30 => {
                self.need(out, data)?;
                // The option whole, kind and length included.
                let o = self
                    .bytes
                    .get(self.at.saturating_sub(2)..self.at + data)
                    .unwrap_or_default();
                let (syn, ack) = (self.flags & flags::SYN != 0, self.flags & flags::ACK != 0);
                if !super::tcpdump_mptcp::mptcp(out, o, syn, ack) {
                    return Err(self.bad(out));
                }
                self.mptcp_written = true;
            }
            34 => {
                let v = self.need(out, data)?;
                out.text(" ");
                fast_open(out, v);
            }
            254 => {
                let v = self.need(out, data)?;
                if v.len() < 2 {
                    return Err(self.bad(out));
                }
                out.text("-");
                if v[..2] == [0xf9, 0x89] {
                    out.text("tfo");
                    fast_open(out, &v[2..]);
                } else {
                    out.hex(&v[..2]);
                }
            }
            _ => {
                if data > 0 {
                    out.text(" 0x");
                }
                self.hex_bytes(out, 0, data)?;
            }
        }
        Ok(data)
    }

    /// Bytes `from..to` of the value in hex, each checked as tcpdump checks it.
    fn hex_bytes(&self, out: &mut Line, from: usize, to: usize) -> Result<(), Stop> {
        for i in from..to {
            let b = self.need(out, i + 1)?[i];
            out.hex(&[b]);
        }
        Ok(())
    }
}

/// tcpdump's name of an option kind.
fn write_name(out: &mut Line, kind: u8) {
    let known = match kind {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => {
            out.text("unknown-");
            out.num(kind.into(), 0);
            return;
        }
    };
    out.text(known);
}

/// A Fast Open option's value as tcpdump writes it.
fn fast_open(out: &mut Line, value: &[u8]) {
    match value.len() {
        0 => out.text(" cookiereq"),
        n if n % 2 != 0 || !(4..=16).contains(&n) => out.text(" (invalid)"),
        _ => {
            out.text(" cookie ");
            out.hex(value);
        }
    }
}
