//! Socket calls: what an application asks of its TCP. A program is a list of
//! these, written as short strings ("connect", "send 20", "recv eof").
//!
//! Calls block as real socket calls do; what each waits for is named by
//! [`Wait`], and how it ended by [`Outcome`].

use core::fmt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Millis;

/// Largest byte count one `send`/`recv` may name: the model's receive buffer
/// (64 KiB) holds a whole lesson's data, so no window ever closes.
pub const MAX_TRANSFER: u32 = 65_535;

/// One socket call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Call {
    /// Passive open: accept connections on this host's port.
    Listen,
    /// Block until a connection has completed its handshake; take it.
    Accept,
    /// Active open: send a SYN and block until established (or refused / timed out).
    ///
    /// Also allowed after `listen` while no connection has come in: the
    /// lifeline goes LISTEN → SYN-SENT and the host stops listening. RFC 9293
    /// has this transition (3.10.2: a SEND on a passive connection "change\[s\]
    /// the connection from passive to active"), because there a connection is
    /// one TCB that an OPEN makes passive or active. BSD sockets cannot do it:
    /// a listening socket only hands out new sockets through accept(), and
    /// connect() on it fails (EISCONN on some systems, EINVAL on others). The
    /// model allows it so that the diagram's LISTEN → SYN-SENT arrow can be shown.
    Connect,
    /// Queue N bytes for sending (returns at once; TCP sends them when it may).
    Send(u32),
    /// Block until N bytes have been read (MSG_WAITALL), or end of stream.
    Recv(u32),
    /// Block until the peer's FIN: read returns 0 (end of stream).
    RecvEof,
    /// Let virtual time pass (the application is busy elsewhere).
    Sleep(Millis),
    /// shutdown(SHUT_WR): send a FIN after queued data; still able to receive.
    Shutdown,
    /// close(): like shutdown, then release the socket (TCP finishes on its own).
    Close,
    /// Abort (SO_LINGER 0): send RST and drop the connection at once.
    Abort,
}

impl Call {
    /// Parses "listen", "accept", "connect", "send 20", "recv 10", "recv eof",
    /// "sleep 500", "shutdown", "close", "abort".
    pub fn parse(text: &str) -> Result<Call, String> {
        let mut words = text.split_whitespace();
        let name = words.next().unwrap_or("").to_ascii_lowercase();
        let arg = words.next();
        if let Some(extra) = words.next() {
            return Err(format!("\"{text}\": unexpected \"{extra}\""));
        }
        let number = |what: &str, max: u64| -> Result<u64, String> {
            let arg = arg.ok_or_else(|| format!("\"{text}\": {name} needs {what}"))?;
            let n: u64 = arg
                .parse()
                .map_err(|_| format!("\"{text}\": \"{arg}\" is not a number of {what}"))?;
            if n == 0 || n > max {
                return Err(format!("\"{text}\": {what} must be between 1 and {max}"));
            }
            Ok(n)
        };
        let no_arg = |call: Call| match arg {
            None => Ok(call),
            Some(a) => Err(format!("\"{text}\": {name} takes no argument (got \"{a}\")")),
        };
        match name.as_str() {
            "listen" => no_arg(Call::Listen),
            "accept" => no_arg(Call::Accept),
            "connect" => no_arg(Call::Connect),
            "shutdown" => no_arg(Call::Shutdown),
            "close" => no_arg(Call::Close),
            "abort" => no_arg(Call::Abort),
            "send" => Ok(Call::Send(number("bytes", u64::from(MAX_TRANSFER))? as u32)),
            "recv" if arg.is_some_and(|a| a.eq_ignore_ascii_case("eof")) => Ok(Call::RecvEof),
            "recv" => Ok(Call::Recv(number("bytes", u64::from(MAX_TRANSFER))? as u32)),
            "sleep" => Ok(Call::Sleep(Millis(number("milliseconds", 3_600_000)?))),
            "" => Err("empty socket call".to_string()),
            other => Err(format!(
                "unknown socket call \"{other}\" (expected listen, accept, connect, send N, recv N, recv eof, sleep MS, shutdown, close or abort)"
            )),
        }
    }

    /// The call as a C programmer would write it ("send(20)", "recv(EOF)").
    pub fn signature(self) -> String {
        match self {
            Call::Listen => "listen()".into(),
            Call::Accept => "accept()".into(),
            Call::Connect => "connect()".into(),
            Call::Send(n) => format!("send({n})"),
            Call::Recv(n) => format!("recv({n})"),
            Call::RecvEof => "recv() → EOF".into(),
            Call::Sleep(ms) => format!("sleep({} ms)", ms.0),
            Call::Shutdown => "shutdown(SHUT_WR)".into(),
            Call::Close => "close()".into(),
            Call::Abort => "abort (RST)".into(),
        }
    }
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Call::Listen => f.write_str("listen"),
            Call::Accept => f.write_str("accept"),
            Call::Connect => f.write_str("connect"),
            Call::Send(n) => write!(f, "send {n}"),
            Call::Recv(n) => write!(f, "recv {n}"),
            Call::RecvEof => f.write_str("recv eof"),
            Call::Sleep(ms) => write!(f, "sleep {}", ms.0),
            Call::Shutdown => f.write_str("shutdown"),
            Call::Close => f.write_str("close"),
            Call::Abort => f.write_str("abort"),
        }
    }
}

impl Serialize for Call {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Call {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Call, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Call::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a blocked call is waiting for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "for")]
pub enum Wait {
    /// connect(): the handshake to complete.
    Handshake,
    /// accept(): a connection to complete its handshake.
    IncomingConnection,
    /// recv(N): more bytes.
    Data {
        /// Bytes this recv has read so far.
        have: u32,
        /// Bytes this recv asked for (the N in recv N).
        want: u32,
    },
    /// recv eof: the peer's FIN.
    PeerFin,
    /// sleep: the clock.
    Clock,
}

/// Why a socket call failed (the errno a real program would see).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SocketError {
    /// ECONNREFUSED: the peer answered the SYN with RST.
    ConnectionRefused,
    /// ECONNRESET: the peer reset the connection.
    ConnectionReset,
    /// ETIMEDOUT: retransmissions ran out.
    TimedOut,
    /// EPIPE: sending after this side shut down its sending direction.
    BrokenPipe,
    /// ENOTCONN: no connection to use.
    NotConnected,
    /// EINVAL/EISCONN: the call makes no sense on this socket now.
    InvalidState,
}

impl SocketError {
    /// The C errno constant's name ("ECONNREFUSED"), as a program would print it.
    pub const fn errno(self) -> &'static str {
        match self {
            SocketError::ConnectionRefused => "ECONNREFUSED",
            SocketError::ConnectionReset => "ECONNRESET",
            SocketError::TimedOut => "ETIMEDOUT",
            SocketError::BrokenPipe => "EPIPE",
            SocketError::NotConnected => "ENOTCONN",
            SocketError::InvalidState => "EINVAL",
        }
    }
}

/// How a call returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "result")]
pub enum Outcome {
    /// The call succeeded (every call but recv).
    Ok,
    /// recv: this many bytes were read.
    Read {
        /// Bytes read, equal to the N the recv asked for.
        bytes: u32,
    },
    /// recv: the peer's FIN was reached (after `bytes` bytes).
    Eof {
        /// Bytes read before the end of stream (0 for a plain `recv eof`).
        bytes: u32,
    },
    /// The call failed with an error the program sees as errno.
    Failed {
        /// Which error.
        error: SocketError,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_round_trips_through_text() {
        let calls = [
            Call::Listen,
            Call::Accept,
            Call::Connect,
            Call::Send(20),
            Call::Recv(10),
            Call::RecvEof,
            Call::Sleep(Millis(500)),
            Call::Shutdown,
            Call::Close,
            Call::Abort,
        ];
        for call in calls {
            assert_eq!(Call::parse(&call.to_string()), Ok(call));
        }
    }

    #[test]
    fn bad_calls_name_the_problem() {
        assert!(Call::parse("send").unwrap_err().contains("needs bytes"));
        assert!(Call::parse("send twenty").unwrap_err().contains("not a number"));
        assert!(Call::parse("send 0").unwrap_err().contains("between 1 and"));
        assert!(Call::parse("send 70000")
            .unwrap_err()
            .contains("between 1 and 65535"));
        assert!(Call::parse("close now")
            .unwrap_err()
            .contains("takes no argument"));
        assert!(Call::parse("bind")
            .unwrap_err()
            .contains("unknown socket call \"bind\""));
        assert!(Call::parse("send 1 2").unwrap_err().contains("unexpected"));
    }
}
