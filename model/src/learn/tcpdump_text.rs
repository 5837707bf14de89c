//! What tcpdump 4.99 writes after `length N` on the ports where the payload
//! is text: `: HTTP: GET / HTTP/1.1` (HTTP on 80 and 8080, RTSP on 554 and
//! 8554, FTP, SMTP, WHOIS: `txtproto_print` in netdissect's util-print.c)
//! and `: SSH: SSH-2.0-...` (the version banner, print-ssh.c), without `-v`.
//! Every form was checked against the real binary
//! (`tools/captures/text_protocols.py`, `text_real.py`).
//!
//! tcpdump picks the printer by port, the first of its list that either end
//! uses ([`DECODED_PORTS`], its order), so port 23 beside 80 is telnet. For
//! HTTP and RTSP it writes the first line only when it looks like a request
//! (a known method, any case) or a response (a 3-digit second token);
//! otherwise just the protocol's name. FTP, SMTP and WHOIS always try the
//! first line. A line is written only if it is printable ASCII or tabs up to
//! LF or CR LF; without an ending it is written with the cut mark
//! (` [|http]`), as is a packet whose capture ends before the line does.
//!
//! Left out: the binary protocols of the other ports (DNS, BGP, telnet, SMB,
//! ...), and any line that needs bytes the reader did not keep (it keeps the
//! first [`PAYLOAD_KEPT`](crate::capture::PAYLOAD_KEPT)): for those the line
//! stops at the length and the port is returned, so the panel can say so.

use super::tcpdump_options::Line;
use crate::capture::{Packet, TEXT_PORTS};

/// Ports whose payload tcpdump 4.99 decodes after `length N`, in the order
/// print-tcp.c tries them (telnet, SMTP, whois, BGP, PPTP, Redis, SSH,
/// NetBIOS, SMB, BEEP, OpenFlow, FTP, HTTP, RTSP, DNS, MSDP, RPKI-RTR, LDP,
/// NFS): the first that is either port chooses the printer.
pub(super) const DECODED_PORTS: [u16; 22] = [
    23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554, 53, 639, 323, 646,
    2049,
];

/// HTTP's request methods as tcpdump lists them (print-http.c, WebDAV's
/// included), compared without case; one string costs less than a table.
const HTTP: &str = "GET PUT COPY HEAD LOCK MOVE POLL POST BCOPY BMOVE MKCOL TRACE LABEL MERGE DELETE \
SEARCH UNLOCK REPORT UPDATE NOTIFY BDELETE CONNECT OPTIONS CHECKIN PROPFIND CHECKOUT CCM_POST \
SUBSCRIBE PROPPATCH BPROPFIND BPROPPATCH UNCHECKOUT MKACTIVITY MKWORKSPACE UNSUBSCRIBE \
RPC_CONNECT VERSION-CONTROL BASELINE-CONTROL";

/// RTSP's (print-rtsp.c).
const RTSP: &str =
    "DESCRIBE ANNOUNCE GET_PARAMETER OPTIONS PAUSE PLAY RECORD REDIRECT SETUP SET_PARAMETER TEARDOWN";

/// Why a byte could not be read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Miss {
    /// The capture ends before it: tcpdump writes its cut mark.
    Cut,
    /// Captured, but not kept by the reader: tcpdump's line is unknown.
    Unknown,
}

/// The payload as tcpdump sees it: `len` bytes by the IP header, of which
/// the capture holds `captured`, of which the reader kept `kept`.
struct Data<'a> {
    kept: &'a [u8],
    captured: usize,
    len: usize,
}

impl Data<'_> {
    fn get(&self, i: usize) -> Result<u8, Miss> {
        match self.kept.get(i) {
            Some(&b) => Ok(b),
            None if i < self.captured => Err(Miss::Unknown),
            None => Err(Miss::Cut),
        }
    }

    /// tcpdump's `fetch_token`: the token at `at` (printable ASCII up to a
    /// space, tab, CR or LF, at most 128 bytes) and where the next one
    /// starts (after spaces only: a tab is not printable, so it ends the
    /// skip). `None` where tcpdump finds no token, a cut included.
    fn token(&self, at: usize) -> Result<Option<(&[u8], usize)>, Miss> {
        let mut i = at;
        while i < self.len {
            let c = match self.get(i) {
                Err(Miss::Cut) => return Ok(None),
                c => c?,
            };
            if matches!(c, b' ' | b'\t' | b'\r' | b'\n') {
                break;
            }
            // Not ASCII, not printable, or no room in tcpdump's 129-byte buffer.
            if !printable(c) || i - at >= 128 {
                return Ok(None);
            }
            i += 1;
        }
        if i == at {
            return Ok(None);
        }
        let end = i;
        while i < self.len {
            match self.get(i) {
                Ok(b' ') => i += 1,
                Ok(_) | Err(Miss::Cut) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(Some((self.kept.get(at..end).unwrap_or_default(), i)))
    }

    /// The first line's length up to LF or CR LF (tcpdump's
    /// `print_txt_line`, and the banner's loop with `tabs` false), from
    /// `from`; `Ok(None)` where tcpdump treats it as binary and writes
    /// nothing; `Err(Cut)` where it ends with no line ending, after `len`
    /// bytes or at the capture's end.
    fn line(&self, from: usize, tabs: bool) -> Result<Option<usize>, Miss> {
        for i in from..self.len {
            match self.get(i)? {
                b'\n' => return Ok(Some(i)),
                b'\r' if i + 1 >= self.len => return Ok(None),
                b'\r' => return Ok((self.get(i + 1)? == b'\n').then_some(i)),
                b'\t' if tabs => {}
                c if !printable(c) => return Ok(None),
                _ => {}
            }
        }
        Err(Miss::Cut)
    }
}

/// ASCII from space to `~`.
fn printable(c: u8) -> bool {
    (0x20..0x7f).contains(&c)
}

/// Writes what tcpdump writes after `length N` for `p`. Returns the port
/// whose payload tcpdump decodes and this line does not (a binary protocol,
/// or a line that needs bytes not kept); `None` when the line is whole.
pub(super) fn payload(out: &mut Line, p: &Packet) -> Option<u16> {
    if p.payload_len == 0 {
        return None;
    }
    let port = DECODED_PORTS
        .into_iter()
        .find(|&d| d == p.src_port || d == p.dst_port)?;
    if !TEXT_PORTS.contains(&port) {
        return Some(port);
    }
    let data = Data {
        kept: &p.payload,
        captured: p.payload_captured as usize,
        len: p.payload_len as usize,
    };
    let (name, methods) = match port {
        22 => ("ssh", None),
        21 => ("ftp", None),
        25 => ("smtp", None),
        43 => ("whois", None),
        80 | 8080 => ("http", Some(HTTP)),
        _ => ("rtsp", Some(RTSP)),
    };
    // Written apart, and added only once whole: an unknown byte anywhere
    // leaves the line at its length.
    let mut text = Line(String::new());
    let done = if port == 22 {
        banner(&mut text, &data)
    } else {
        text.text(": ");
        text.text(&name.to_ascii_uppercase());
        text_line(&mut text, &data, methods)
    };
    match done {
        Ok(()) => {}
        Err(Miss::Cut) => {
            text.text(" [|");
            text.text(name);
            text.text("]");
        }
        Err(Miss::Unknown) => return Some(port),
    }
    out.text(&text.0);
    None
}

/// `: first line` of a text protocol, when tcpdump writes it.
fn text_line(out: &mut Line, d: &Data, methods: Option<&str>) -> Result<(), Miss> {
    if let Some(methods) = methods {
        // A request's method, or a response's 3-digit code as second token.
        let Some((first, next)) = d.token(0)? else {
            return Ok(());
        };
        let request = methods
            .split(' ')
            .any(|m| m.as_bytes().eq_ignore_ascii_case(first));
        // Read only when it matters: bytes not kept may follow.
        if !request
            && !d
                .token(next)?
                .is_some_and(|(t, _)| t.len() == 3 && t.iter().all(u8::is_ascii_digit))
        {
            return Ok(());
        }
    }
    let end = d.line(0, true);
    // Without an ending the line is written, then the cut mark.
    let shown = match end {
        Err(Miss::Cut) if d.captured >= d.len => d.len,
        Err(e) => return Err(e),
        Ok(None) => return Ok(()),
        Ok(Some(n)) => n,
    };
    out.text(": ");
    out.text(&String::from_utf8_lossy(d.kept.get(..shown).unwrap_or_default()));
    end.map(|_| ())
}

/// `: SSH: SSH-2.0-...`: a banner line of printable ASCII only; nothing for
/// anything else, also for a banner without its line ending.
fn banner(out: &mut Line, d: &Data) -> Result<(), Miss> {
    for (i, &want) in b"SSH-".iter().enumerate() {
        if d.get(i)? != want {
            return Ok(());
        }
    }
    let end = match d.line(4, false) {
        Err(Miss::Cut) if d.captured >= d.len => return Ok(()),
        end => end?,
    };
    if let Some(n) = end {
        out.text(": SSH: ");
        out.text(&String::from_utf8_lossy(d.kept.get(..n).unwrap_or_default()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::PAYLOAD_KEPT;

    /// What the view writes after the length for `bytes` between port 40000
    /// and `port`, of which the capture holds `captured` and the reader kept
    /// at most [`PAYLOAD_KEPT`]; and the port left undecoded.
    fn after(port: u16, bytes: &[u8], captured: usize) -> (String, Option<u16>) {
        let captured = captured.min(bytes.len());
        let p = Packet {
            frame: 1,
            dst_port: port,
            flags: 0x18,
            payload_len: bytes.len() as u32,
            payload: bytes[..captured.min(PAYLOAD_KEPT)].to_vec(),
            payload_captured: captured as u32,
            ..crate::capture::test_packet()
        };
        let mut line = Line(String::new());
        let port = payload(&mut line, &p);
        (line.0, port)
    }

    fn text(port: u16, bytes: &[u8]) -> String {
        after(port, bytes, usize::MAX).0
    }

    #[test]
    fn writes_requests_responses_and_banners() {
        assert_eq!(
            text(80, b"get / HTTP/1.1\r\nHost: x\r\n"),
            ": HTTP: get / HTTP/1.1"
        );
        assert_eq!(
            text(8080, b"HTTP/1.1 404 Not Found\n"),
            ": HTTP: HTTP/1.1 404 Not Found"
        );
        assert_eq!(text(80, b"<html>\n"), ": HTTP");
        assert_eq!(text(80, b"FOO\t200\r\n"), ": HTTP");
        assert_eq!(
            text(554, b"PLAY rtsp://x RTSP/1.0\r\n"),
            ": RTSP: PLAY rtsp://x RTSP/1.0"
        );
        assert_eq!(text(21, b"220 a\tb\r\n"), ": FTP: 220 a\tb");
        assert_eq!(text(25, b"\r\n"), ": SMTP: ");
        assert_eq!(text(43, b"no end"), ": WHOIS: no end [|whois]");
        assert_eq!(text(22, b"SSH-2.0-x\r\n"), ": SSH: SSH-2.0-x");
        assert_eq!(after(22, b"SSH-2.0-x", usize::MAX), (String::new(), None));
        assert_eq!(after(53, b"\0\x01", usize::MAX), (String::new(), Some(53)));
        // Telnet's port is tried before HTTP's.
        assert_eq!(after(23, b"GET / HTTP/1.1\r\n", 99).1, Some(23));
    }

    #[test]
    fn cuts_and_unkept_bytes() {
        assert_eq!(text(80, b""), "");
        assert_eq!(after(80, b"GET /x HTTP/1.1\r\n", 4).0, ": HTTP [|http]");
        assert_eq!(after(80, b"GET /x HTTP/1.1\r\n", 3).0, ": HTTP");
        assert_eq!(after(21, b"USER x\r\n", 0).0, ": FTP [|ftp]");
        assert_eq!(after(22, b"SSH-2.0-x\r\n", 2).0, " [|ssh]");
        assert_eq!(text(22, b"SS"), " [|ssh]");
        // A first line longer than the bytes kept: nothing guessed.
        let long = [b"GET /".as_slice(), &[b'a'; 600], b"\r\n"].concat();
        assert_eq!(after(80, &long, usize::MAX), (String::new(), Some(80)));
        assert_eq!(after(80, &long, 300).0, ": HTTP [|http]");
        let banner = [b"SSH-".as_slice(), &[b'v'; 600], b"\r\n"].concat();
        assert_eq!(after(22, &banner, usize::MAX).1, Some(22));
    }

    #[test]
    fn garbage_never_panics() {
        // Every prefix and every capture length of bytes chosen to hit each
        // branch: binary, CR alone, long tokens, a line past the bound.
        let mut seeds: Vec<Vec<u8>> = vec![
            b"SSH-\r".to_vec(),
            b"GET\r\r\n\n\t \x7f\xff".to_vec(),
            [b"X".repeat(130), b" 200 \r\n".to_vec()].concat(),
            vec![b' '; 700],
            (0..=255).collect(),
        ];
        seeds.push([b"HTTP/1.1 ".as_slice(), &[b'9'; 520]].concat());
        for seed in &seeds {
            for end in 0..=seed.len() {
                for port in [21, 22, 80, 554] {
                    for captured in [0, 1, end / 2, end, usize::MAX] {
                        let (line, _) = after(port, &seed[..end], captured);
                        assert!(line.is_empty() || line.starts_with(": ") || line.starts_with(" [|"));
                    }
                }
            }
        }
    }

    #[test]
    fn every_text_port_is_a_decoded_port() {
        assert!(TEXT_PORTS.iter().all(|p| DECODED_PORTS.contains(p)));
    }
}
