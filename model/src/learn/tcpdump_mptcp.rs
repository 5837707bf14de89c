//! How tcpdump 4.99 writes a Multipath TCP option (kind 30, `print-mptcp.c`)
//! without `-v`, for the `tcpdump -nn -r` view of a capture: its length, its
//! subtype's name and that subtype's fields (`mptcp 12 capable v1 {0x..}`,
//! `mptcp 26 dss ack 1 seq 2 subseq 1 len 10`). Checked against the real tool
//! on a live MPTCP connection and on made-up options of every subtype
//! (`model/tests/fixtures/tcpdump_options/mptcp_*.pcap`).
//!
//! tcpdump 4.99 checks the whole option is captured before it reads it (the
//! caller's ` [|tcp]`), so nothing here can be cut; a length or TCP flags a
//! subtype does not expect make tcpdump stop with `[bad opt]` after what it
//! wrote, which is the caller's to write when this returns false.

use std::fmt::Write;

use super::tcpdump_options::{be, Line};
use crate::capture::Ip;

impl Line {
    /// `0x` and a number in lower-case hex without leading zeros (`%x`).
    fn hex_num(&mut self, v: u64) {
        let _ = write!(self.0, "0x{v:x}");
    }

    /// A label and a decimal number (` id 3`).
    fn field(&mut self, label: &str, v: u64) {
        self.text(label);
        self.num(v, 0);
    }
}

/// Writes an MPTCP option `o` (kind and length bytes included, all of it
/// captured) as tcpdump does after `mptcp`; `syn` and `ack` are the segment's
/// flags, which decide how tcpdump reads MP_CAPABLE, MP_JOIN and DSS. False
/// where tcpdump gives up (`[bad opt]` follows what was written).
pub(super) fn mptcp(out: &mut Line, o: &[u8], syn: bool, ack: bool) -> bool {
    let n = o.len();
    let b = |i: usize| be(o, i, 1);
    if n < 3 {
        return false;
    }
    let sub = b(2) >> 4;
    out.field(" ", n as u64);
    out.text(match sub {
        0 => " capable",
        1 => " join",
        2 => " dss",
        3 => " add-addr",
        4 => " rem-addr",
        5 => " prio",
        6 => " fail",
        7 => " fast-close",
        // 4.99 has no name for MP_TCPRST (8) or later subtypes.
        _ => " unknown",
    });
    match sub {
        0 => {
            // 4 or 12 bytes on a SYN, 20 or 22 on the third ACK (22 carries
            // a data length tcpdump 4.99 does not print).
            if !(matches!(n, 4 | 12) && syn || matches!(n, 20 | 22) && ack && !syn) {
                return false;
            }
            let version = b(2) & 15;
            if version > 1 {
                out.field(" Unknown Version (", version);
                out.text(")");
                return true;
            }
            out.field(" v", version);
            if b(3) & 0x80 != 0 {
                out.text(" csum");
            }
            if n >= 12 {
                out.text(" {");
                out.hex_num(be(o, 4, 8));
                if n >= 20 {
                    out.text(",");
                    out.hex_num(be(o, 12, 8));
                }
                out.text("}");
            }
        }
        1 => {
            // The SYN's, the SYN,ACK's and the third ACK's forms.
            if !(n == 12 && syn || n == 16 && syn && ack || n == 24 && ack) {
                return false;
            }
            if n != 24 {
                if b(2) & 1 != 0 {
                    out.text(" backup");
                }
                out.field(" id ", b(3));
            }
            match n {
                12 => {
                    out.text(" token ");
                    out.hex_num(be(o, 4, 4));
                }
                16 => {
                    out.text(" hmac ");
                    out.hex_num(be(o, 4, 8));
                }
                _ => {
                    // The 160-bit HMAC byte by byte, leading zeros kept.
                    out.text(" hmac 0x");
                    out.hex(o.get(4..24).unwrap_or_default());
                }
            }
            if n != 24 {
                out.text(" nonce ");
                out.hex_num(be(o, n - 4, 4));
            }
        }
        2 => return n >= 4 && !syn && dss(out, o),
        3 => {
            if !matches!(n, 8 | 10 | 16 | 18 | 20 | 22 | 28 | 30) {
                return false;
            }
            out.text(match b(2) & 15 {
                6 => " v0-ip6",
                4 => " v0-ip4",
                1 => " v1-echo",
                0 => " v1",
                _ => " [bad version/echo]",
            });
            out.field(" id ", b(3));
            // The length alone says IPv4 or IPv6, with a port or not, with
            // an HMAC or not (an echo has none).
            let v6 = n >= 20;
            let end = if v6 { 20 } else { 8 };
            let mut addr = [0; 16];
            for (i, a) in addr.iter_mut().enumerate().take(end - 4) {
                *a = b(4 + i) as u8;
            }
            let ip = if v6 {
                Ip::V6(addr)
            } else {
                Ip::V4([addr[0], addr[1], addr[2], addr[3]])
            };
            let _ = write!(out.0, " {ip}");
            if (n - end) % 8 == 2 {
                out.field(":", be(o, end, 2));
            }
            if n - end >= 8 {
                out.text(" hmac ");
                out.hex_num(be(o, n - 8, 8));
            }
        }
        4 => {
            if n < 4 {
                return false;
            }
            out.text(" id");
            for i in 3..n {
                out.field(" ", b(i));
            }
        }
        5 => {
            if n > 4 {
                return false;
            }
            out.text(if b(2) & 1 != 0 { " backup" } else { " non-backup" });
            if n == 4 {
                out.field(" id ", b(3));
            }
        }
        6 | 7 => {
            if n != 12 {
                return false;
            }
            if sub == 6 {
                out.field(" seq ", be(o, 4, 8));
            } else {
                out.text(" key ");
                out.hex_num(be(o, 4, 8));
            }
        }
        _ => {}
    }
    true
}

/// A DSS option's fields, in the order of its flags: DATA_FIN, the data
/// ACK (4 or 8 bytes), the mapping (sequence of 4 or 8 bytes, subflow
/// sequence, length, a checksum if two bytes are left). tcpdump gives up
/// where a field does not fit (having written ` ack ` or ` seq ` first), and
/// where bytes are left over.
fn dss(out: &mut Line, o: &[u8]) -> bool {
    let f = be(o, 3, 1);
    let wide = |bit: u64| if f & bit != 0 { 8 } else { 4 };
    let mut at = 4;
    if f & 0x10 != 0 {
        out.text(" fin");
    }
    if f & 1 != 0 && !put(out, o, &mut at, " ack ", wide(2), true) {
        return false;
    }
    if f & 4 != 0 {
        if !(put(out, o, &mut at, " seq ", wide(8), true)
            && put(out, o, &mut at, " subseq ", 4, false)
            && put(out, o, &mut at, " len ", 2, false))
        {
            return false;
        }
        if o.len() - at >= 2 {
            out.text(" csum ");
            out.hex_num(be(o, at, 2));
            at += 2;
        }
    }
    at == o.len()
}

/// A labelled decimal field of `w` bytes at `at`, if the option has them;
/// `early`: the label is written before the check, as tcpdump does.
fn put(out: &mut Line, o: &[u8], at: &mut usize, label: &str, w: usize, early: bool) -> bool {
    if early {
        out.text(label);
    }
    if o.len() - *at < w {
        return false;
    }
    if !early {
        out.text(label);
    }
    out.num(be(o, *at, w), 0);
    *at += w;
    true
}

#[cfg(test)]
mod tests {
    use super::super::tcpdump_options::Options;
    use super::*;
    use crate::capture::flags;

    /// The option list as the view walks it, on a line whose flags are
    /// `flags`, with `left` bytes declared: what is written after `options [`.
    fn walk(flags: &str, bytes: &[u8], left: usize) -> String {
        let bit = |letter, bit| if flags.contains(letter) { bit } else { 0 };
        let mut out = Line(String::new());
        let mut list = Options {
            bytes,
            at: 0,
            left,
            first: true,
            flags: bit('S', flags::SYN) | bit('.', flags::ACK) | bit('R', flags::RST),
            mptcp_written: false,
        };
        let _ = list.print(&mut out, 0);
        out.0
    }

    #[test]
    fn broken_and_cut_options_print_as_tcpdump_stops() {
        // Each as tcpdump 4.99 printed it (mptcp_options.pcap).
        let cases: [(&str, &[u8], usize, &str); 9] = [
            (".", &[30, 2], 4, "mptcp[bad opt]"),
            (".", &[30, 3, 0x20, 0], 4, "mptcp 3 dss[bad opt]"),
            (".", &[30, 8, 0x20, 3, 0, 0, 0, 0], 8, "mptcp 8 dss ack [bad opt]"),
            ("S", &[30, 8, 0x20, 1, 0, 0, 0, 0], 8, "mptcp 8 dss[bad opt]"),
            (".", &[30, 12, 0x20, 1], 4, "[bad opt]"),
            (".", &[1, 1, 30, 8, 0x20, 1], 12, "nop,nop,mptcp [|tcp]>"),
            (
                ".",
                &[30, 3, 0x51, 1, 8, 10, 0, 0],
                16,
                "mptcp 3 prio backup,nop,TS [|mptcp]>",
            ),
            (".", &[30, 3, 0x51], 8, "mptcp 3 prio backup, [|mptcp]"),
            ("R.", &[30, 4, 0x81, 3], 4, "mptcp 4 unknown"),
        ];
        for (flags, bytes, left, want) in cases {
            assert_eq!(walk(flags, bytes, left), want, "{bytes:?}");
        }
    }

    #[test]
    fn garbage_never_panics_and_every_read_stays_inside() {
        // Every subtype and flag nibble, every length byte, every TCP flag
        // combination MPTCP reads, every cut of the capture, bytes of 0 and 255.
        for sub in 0..=255u8 {
            for len in 0..=42u8 {
                for fill in [0u8, 0xff] {
                    let mut bytes = vec![30, len, sub];
                    bytes.resize(42, fill);
                    for kept in [0, 1, 2, 3, 4, 9, 20, 41, 42] {
                        for flags in ["S", "S.", ".", "R"] {
                            let line = walk(flags, &bytes[..kept], 40);
                            assert!(line.len() < 400, "{line}");
                        }
                    }
                }
            }
        }
        // The printer alone, on slices shorter than any subtype expects.
        for n in 0..6 {
            let mut out = Line(String::new());
            assert!(!mptcp(&mut out, &[30, 40, 0x20, 0xff, 0xff, 0xff][..n], false, true) || n >= 3);
        }
    }
}
