//! Segments on the wire: addresses, the TCP header fields this model uses, and
//! who sent a segment for what purpose.

use core::fmt;
use serde::{Deserialize, Serialize};

use crate::{Flags, Seq};

/// The two hosts of the story, each drawn as a lifeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Client,
    Server,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::Client, Side::Server];

    pub const fn peer(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }

    pub const fn index(self) -> usize {
        match self {
            Side::Client => 0,
            Side::Server => 1,
        }
    }

    pub const fn name(self) -> &'static str {
        match self {
            Side::Client => "client",
            Side::Server => "server",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who put a segment on the wire: one of the two hosts, or a stray segment the
/// scenario injected (an old duplicate from an earlier connection, a spoofed SYN).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Client,
    Server,
    Stray,
}

impl From<Side> for Origin {
    fn from(side: Side) -> Origin {
        match side {
            Side::Client => Origin::Client,
            Side::Server => Origin::Server,
        }
    }
}

impl Origin {
    pub const fn side(self) -> Option<Side> {
        match self {
            Origin::Client => Some(Side::Client),
            Origin::Server => Some(Side::Server),
            Origin::Stray => None,
        }
    }
}

/// An IPv4 address and TCP port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Addr {
    pub ip: [u8; 4],
    pub port: u16,
}

impl Addr {
    pub const fn new(ip: [u8; 4], port: u16) -> Addr {
        Addr { ip, port }
    }
}

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.ip;
        write!(f, "{a}.{b}.{c}.{d}:{}", self.port)
    }
}

/// The header fields of one segment (plus its payload length; payload bytes
/// themselves are not modelled, only counted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub src: Addr,
    pub dst: Addr,
    pub seq: Seq,
    /// Meaningful only when the ACK flag is set (zero otherwise, as on the wire).
    pub ack: Seq,
    pub flags: Flags,
    /// The receive window advertised by the sender.
    pub window: u16,
    /// The MSS option, sent only on segments that carry SYN.
    pub mss: Option<u16>,
    /// Payload bytes.
    pub len: u32,
}

impl Header {
    /// SEG.LEN: payload plus one for SYN and one for FIN (RFC 9293 3.4).
    pub fn seg_len(&self) -> u32 {
        self.len + u32::from(self.flags.syn()) + u32::from(self.flags.fin())
    }

    /// The sequence number just past this segment.
    pub fn end(&self) -> Seq {
        self.seq + self.seg_len()
    }

    /// `SYN seq=1000`, `SYN,ACK seq=8000 ack=1001`, `PSH,ACK seq=1001 ack=8001 len=20`.
    pub fn label(&self) -> String {
        let mut s = format!("{} seq={}", self.flags, self.seq);
        if self.flags.ack() {
            s.push_str(&format!(" ack={}", self.ack));
        }
        if self.len > 0 {
            s.push_str(&format!(" len={}", self.len));
        }
        s
    }
}

/// Why a host sent a segment. Every segment the model emits carries one, so the
/// widget can explain it without deciding any TCP rule itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// connect(): the active opener's SYN.
    Syn,
    /// Answer to a SYN: SYN,ACK (passive open, or simultaneous open).
    SynAck,
    /// The third segment of the handshake.
    HandshakeAck,
    /// Application data.
    Data,
    /// A pure ACK for data received.
    AckData,
    /// A pure ACK for a FIN received.
    AckFin,
    /// close() or shutdown(): this side has nothing more to send.
    Fin,
    /// An ACK repeated because a segment arrived that was a duplicate or out of
    /// order or outside the window (RFC 9293 3.10.7.4, first check).
    DuplicateAck,
    /// RFC 5961 challenge ACK, for a SYN or an inexact RST in a synchronized state.
    ChallengeAck,
    /// TIME-WAIT: a retransmitted FIN is acknowledged again.
    TimeWaitAck,
    /// A pure ACK that tells the peer the receive window opened again.
    WindowUpdate,
    /// RST: nothing listens on that port (connection refused) or no connection exists.
    RstNoConnection,
    /// RST: the ACK in the arriving segment acknowledges something never sent.
    RstBadAck,
    /// RST: the application aborted the connection.
    RstAbort,
    /// RST: close() with unread data, or data arriving after close() (RFC 1122 4.2.2.13).
    RstDataLost,
    /// A segment the scenario injected (old duplicate, spoofed SYN).
    Injected,
}

impl Purpose {
    /// Every purpose, in declaration order.
    pub const ALL: [Purpose; 16] = [
        Purpose::Syn,
        Purpose::SynAck,
        Purpose::HandshakeAck,
        Purpose::Data,
        Purpose::AckData,
        Purpose::AckFin,
        Purpose::Fin,
        Purpose::DuplicateAck,
        Purpose::ChallengeAck,
        Purpose::TimeWaitAck,
        Purpose::WindowUpdate,
        Purpose::RstNoConnection,
        Purpose::RstBadAck,
        Purpose::RstAbort,
        Purpose::RstDataLost,
        Purpose::Injected,
    ];

    /// The stable name used in the JSON trace (and as the key of its texts).
    pub const fn name(self) -> &'static str {
        match self {
            Purpose::Syn => "syn",
            Purpose::SynAck => "syn-ack",
            Purpose::HandshakeAck => "handshake-ack",
            Purpose::Data => "data",
            Purpose::AckData => "ack-data",
            Purpose::AckFin => "ack-fin",
            Purpose::Fin => "fin",
            Purpose::DuplicateAck => "duplicate-ack",
            Purpose::ChallengeAck => "challenge-ack",
            Purpose::TimeWaitAck => "time-wait-ack",
            Purpose::WindowUpdate => "window-update",
            Purpose::RstNoConnection => "rst-no-connection",
            Purpose::RstBadAck => "rst-bad-ack",
            Purpose::RstAbort => "rst-abort",
            Purpose::RstDataLost => "rst-data-lost",
            Purpose::Injected => "injected",
        }
    }

    pub const fn is_reset(self) -> bool {
        matches!(
            self,
            Purpose::RstNoConnection | Purpose::RstBadAck | Purpose::RstAbort | Purpose::RstDataLost
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(flags: Flags, len: u32) -> Header {
        Header {
            src: Addr::new([10, 0, 0, 1], 49152),
            dst: Addr::new([10, 0, 0, 2], 80),
            seq: Seq(1000),
            ack: Seq(8001),
            flags,
            window: 65535,
            mss: None,
            len,
        }
    }

    #[test]
    fn syn_and_fin_each_take_one_sequence_number() {
        assert_eq!(header(Flags::SYN, 0).seg_len(), 1);
        assert_eq!(header(Flags::FIN_ACK, 0).seg_len(), 1);
        assert_eq!(header(Flags::ACK, 0).seg_len(), 0);
        assert_eq!(header(Flags::PSH_ACK, 20).end(), Seq(1020));
    }

    #[test]
    fn label_shows_flags_seq_ack_and_length() {
        assert_eq!(header(Flags::SYN, 0).label(), "SYN seq=1000");
        assert_eq!(
            header(Flags::PSH_ACK, 20).label(),
            "PSH,ACK seq=1000 ack=8001 len=20"
        );
    }
}
