//! Segments on the wire: addresses, the TCP header fields this model uses, and
//! who sent a segment for what purpose.

use core::fmt;
use serde::{Deserialize, Serialize};

use crate::{Flags, Seq};

/// Identifies one segment put on the wire during a run (0, 1, 2, … in the
/// order segments were emitted; the same scenario always gives the same ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SegmentId(pub u32);

crate::named_enum! {
    @serde
    /// The two hosts of the story, each drawn as a lifeline.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Side {
        /// The active opener: the host that calls connect().
        Client = "client",
        /// The passive opener: the host that calls listen() and accept().
        Server = "server",
    }
}

impl Side {
    /// Both sides, client first (the order of [`Side::index`]).
    pub const BOTH: [Side; 2] = [Side::Client, Side::Server];

    /// The other end of the connection.
    pub const fn peer(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }

    /// 0 for the client, 1 for the server: the position in per-side arrays.
    pub const fn index(self) -> usize {
        match self {
            Side::Client => 0,
            Side::Server => 1,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

crate::named_enum! {
    @serde
    /// Who put a segment on the wire: one of the two hosts, or a segment the
    /// scenario injected: a stray from an earlier connection of one of the two
    /// addresses (an old duplicate), or one with a made-up source (a SYN flood).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Origin {
        /// Sent by the client host.
        Client = "client",
        /// Sent by the server host.
        Server = "server",
        /// Injected with the client's or the server's own address: an old
        /// duplicate from an earlier incarnation of the connection.
        Stray = "stray",
        /// Injected with a made-up source address nobody answers for.
        Spoofed = "spoofed",
    }
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
    /// The host that sent the segment, or `None` for an injected one.
    pub const fn side(self) -> Option<Side> {
        match self {
            Origin::Client => Some(Side::Client),
            Origin::Server => Some(Side::Server),
            Origin::Stray | Origin::Spoofed => None,
        }
    }
}

/// An IPv4 address and TCP port, ordered by address then port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Addr {
    /// The IPv4 address, most significant byte first (10.0.0.1 is `[10, 0, 0, 1]`).
    pub ip: [u8; 4],
    /// The TCP port.
    pub port: u16,
}

impl Addr {
    /// The address `ip`:`port`.
    pub const fn new(ip: [u8; 4], port: u16) -> Addr {
        Addr { ip, port }
    }
}

impl Addr {
    /// Address and port as one number, in the same order as the fields
    /// (comparing it is one instruction; comparing the byte array is a call
    /// to `memcmp`, which a thousand-connection flood makes hot).
    const fn key(self) -> u64 {
        ((u32::from_be_bytes(self.ip) as u64) << 16) | self.port as u64
    }
}

impl PartialOrd for Addr {
    fn partial_cmp(&self, other: &Addr) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Addr {
    fn cmp(&self, other: &Addr) -> core::cmp::Ordering {
        self.key().cmp(&other.key())
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
    /// The sender's address and port.
    pub src: Addr,
    /// The receiver's address and port.
    pub dst: Addr,
    /// SEG.SEQ: the first sequence number this segment occupies (the SYN's own
    /// number if SYN is set, else the first payload byte's) (RFC 9293 3.4).
    pub seq: Seq,
    /// SEG.ACK: the next sequence number the sender expects to receive.
    /// Meaningful only when the ACK flag is set (zero otherwise, as on the wire).
    pub ack: Seq,
    /// The control bits.
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

crate::named_enum! {
    @serde
    /// Why a host sent a segment. Every segment the model emits carries one, so the
    /// widget can explain it without deciding any TCP rule itself.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Purpose {
        /// connect(): the active opener's SYN.
        Syn = "syn",
        /// Answer to a SYN: SYN,ACK (passive open, or simultaneous open).
        SynAck = "syn-ack",
        /// Answer to a SYN whose sequence number is a SYN cookie: the listener
        /// keeps no state and rebuilds the connection from the ACK that
        /// returns the cookie (RFC 4987 3.6; Linux tcp_syncookies).
        SynCookie = "syn-cookie",
        /// The third segment of the handshake.
        HandshakeAck = "handshake-ack",
        /// Application data.
        Data = "data",
        /// A pure ACK for data received.
        AckData = "ack-data",
        /// A pure ACK for a FIN received.
        AckFin = "ack-fin",
        /// close() or shutdown(): this side has nothing more to send.
        Fin = "fin",
        /// An ACK repeated because a segment arrived that was a duplicate or out of
        /// order or outside the window (RFC 9293 3.10.7.4, first check).
        DuplicateAck = "duplicate-ack",
        /// RFC 5961 challenge ACK, for a SYN or an inexact RST in a synchronized state.
        ChallengeAck = "challenge-ack",
        /// TIME-WAIT: a retransmitted FIN is acknowledged again.
        TimeWaitAck = "time-wait-ack",
        /// The answer to a keep-alive probe (RFC 9293 3.8.4): an ACK that
        /// restates where the connection is, and so that it is still held.
        KeepAliveAck = "keep-alive-ack",
        /// A pure ACK that tells the peer its receive window grew (opened, when it was 0).
        WindowUpdate = "window-update",
        /// RST: nothing listens on that port (connection refused) or no connection exists.
        RstNoConnection = "rst-no-connection",
        /// RST: the ACK in the arriving segment acknowledges something never sent.
        RstBadAck = "rst-bad-ack",
        /// RST: the application aborted the connection.
        RstAbort = "rst-abort",
        /// RST: close() with unread data, or data arriving after close() (RFC 1122 4.2.2.13).
        RstDataLost = "rst-data-lost",
        /// The ACK a side in SYN-RECEIVED sends when the peer's SYN,ACK
        /// arrives in a simultaneous open.
        SimultaneousOpenAck = "simultaneous-open-ack",
        /// A zero-window probe: "is there room yet?" (RFC 9293 3.8.6.1).
        WindowProbe = "window-probe",
        /// RST: the listening socket was closed with this connection still
        /// waiting in its accept queue (Linux `inet_csk_listen_stop`).
        RstListenerClosed = "rst-listener-closed",
        /// A segment the scenario injected (old duplicate, spoofed SYN).
        Injected = "injected",
        /// RST with ACK seen in a capture that no rule of its sender sends as
        /// an answer to what arrived: its sender decided it (Linux's
        /// `tcp_send_active_reset` always sets ACK): an application's abort
        /// (SO_LINGER 0), close() with unread data, a timer that gave up
        /// (keep-alive). The capture cannot tell which.
        RstActive = "rst-active",
        /// Seen in a capture, which does not record why it was sent (a bare
        /// RST that answers nothing seen, a keep-alive, anything the
        /// capture's shape does not tell).
        Captured = "captured",
    }
}

crate::named_enum! {
    @serde
    /// Why a segment repeats sequence numbers already sent.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Resend {
        /// The retransmission timer ran out (RFC 6298 5.4).
        Timeout = "timeout",
        /// Three duplicate ACKs told the sender a segment is missing (RFC 5681 3.2).
        FastRetransmit = "fast-retransmit",
        /// The peer sent its SYN again, so its SYN,ACK was lost: Linux answers
        /// at once with the SYN,ACK again.
        DuplicateSyn = "duplicate-syn",
        /// In a simultaneous open the SYN,ACK repeats the ISS our SYN already
        /// used (Wireshark marks it a retransmission).
        SimultaneousOpen = "simultaneous-open",
        /// Seen again in a capture (Wireshark's marks say so); the capture
        /// does not show what prompted it (a timer, duplicate ACKs).
        Captured = "captured",
        /// Seen again in a capture, a SYN or a SYN,ACK: only its sender's
        /// timer sends one again, but for a listener's SYN,ACK, which Linux
        /// also sends again when the peer's SYN comes again.
        CapturedSyn = "captured-syn",
        /// Not sent again at all: the path delivered one packet twice, and
        /// this is the second copy (a capture shows it by what the sender
        /// stamps on each packet: see `observe::Observation::duplicate_of`).
        Duplicated = "duplicated",
        /// Not sent again at all, as [`Resend::Duplicated`], but told by its
        /// sender rather than a stamp: a SYN,ACK captured after its sender
        /// acknowledged the peer's data (a synchronized side sends none).
        DuplicatedSynAck = "duplicated-syn-ack",
    }
}

impl Resend {
    /// The path's second delivery of one packet: its sender sent nothing.
    pub const fn is_copy(self) -> bool {
        matches!(self, Resend::Duplicated | Resend::DuplicatedSynAck)
    }
}

impl Purpose {
    /// Whether this is an RST of some kind.
    pub const fn is_reset(self) -> bool {
        matches!(
            self,
            Purpose::RstNoConnection
                | Purpose::RstBadAck
                | Purpose::RstAbort
                | Purpose::RstDataLost
                | Purpose::RstListenerClosed
                | Purpose::RstActive
        )
    }

    /// When several ACKs are owed at once, one goes out: it is told by its
    /// most informative reason (higher ranks first).
    pub(crate) const fn ack_rank(self) -> u8 {
        match self {
            Purpose::HandshakeAck | Purpose::SimultaneousOpenAck => 6,
            Purpose::TimeWaitAck => 5,
            Purpose::AckFin => 4,
            Purpose::ChallengeAck => 3,
            Purpose::DuplicateAck | Purpose::KeepAliveAck => 2,
            Purpose::AckData => 1,
            _ => 0,
        }
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
