//! What a capture run holds: the connection's two ends, its segments with
//! Wireshark's marks and the observer's notes, and each side's states.

use serde::Serialize;

use super::wireshark::Marks;
use crate::capture::{Endpoint, TcpOptions};
use crate::event::{Event, IgnoreReason};
use crate::{Flags, Purpose, SegmentId, Side, State};

/// One connection of a capture, explained.
#[derive(Clone, Debug)]
pub struct CaptureRun {
    /// The stream's `tcp.stream` number.
    pub stream: u32,
    /// The client's address and port: the side that sent the first SYN
    /// (without ACK); failing that, the side a SYN,ACK went to; failing
    /// that, the sender of the first segment.
    pub client: Endpoint,
    /// The server's address and port.
    pub server: Endpoint,
    /// The segments, in time order (file order among equal times).
    pub segments: Vec<ObservedSegment>,
    /// The client's states, as its observer TCB inferred them.
    pub client_states: Lifeline,
    /// The server's states.
    pub server_states: Lifeline,
    /// Everything the observer TCBs did, in order (segment ids are indexes
    /// into `segments`). Their `at` is the capture time in whole
    /// milliseconds; the segments carry the exact times.
    pub events: Vec<Event>,
    /// The capture time of each of `events`, in µs since the stream's first
    /// packet (the time of the segment whose sending or arrival caused it).
    pub event_us: Vec<u64>,
    /// When each segment left its sender and reached its receiver as the
    /// observers took it, in the order they did, with where that falls
    /// among `events` (a view can replay both in one order).
    pub passages: Vec<Passage>,
    /// Where the file ended too early ([`crate::capture::Capture::cut`]):
    /// the capture may have stopped before the connection did.
    pub cut: Option<crate::capture::CaptureError>,
    /// How many frames the file holds, TCP or not ([`crate::capture::Capture::frames`]).
    pub frames: u32,
    /// The frames left out of every connection, by reason: what the
    /// learner does not see, said rather than hidden.
    pub skipped: crate::capture::Skipped,
    /// The kinds of tunnel its packets came through ([`crate::capture::TunnelKind::name`]),
    /// each once, outermost first: the capture holds the outer packets, and
    /// the connection shown is the one inside. Empty for most captures.
    pub tunnels: Vec<&'static str>,
}

/// A segment leaving its sender or reaching its receiver, as the observers
/// took it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Passage {
    /// The segment.
    pub segment: SegmentId,
    /// Arrival (`true`) or departure.
    pub arrived: bool,
    /// When, in µs since the stream's first packet: a departure at its
    /// capture time; an arrival then too, or later when the receiver's next
    /// segment showed it had not arrived yet (see `observer.rs`).
    pub at_us: u64,
    /// The number of `events` logged before it: the events it causes
    /// follow.
    pub before_event: usize,
}

impl CaptureRun {
    /// A side's states.
    pub fn states(&self, side: Side) -> &Lifeline {
        match side {
            Side::Client => &self.client_states,
            Side::Server => &self.server_states,
        }
    }

    /// A side's address and port.
    pub fn endpoint(&self, side: Side) -> Endpoint {
        match side {
            Side::Client => self.client,
            Side::Server => self.server,
        }
    }
}

/// One captured segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObservedSegment {
    /// Its position in [`CaptureRun::segments`].
    pub id: SegmentId,
    /// Wireshark's frame number (1-based, in the file).
    pub frame: u32,
    /// Who sent it.
    pub from: Side,
    /// All eight flag bits (see [`crate::capture::flags`]).
    pub flags: u8,
    /// SEG.SEQ relative to the sender's ISN, as Wireshark shows it
    /// (`tcp.seq`): from its SYN, or from one below its first segment's
    /// number when the capture holds no SYN of that side.
    pub seq: u32,
    /// SEG.ACK relative to the receiver's ISN (`tcp.ack`); 0 without ACK.
    pub ack: u32,
    /// The raw sequence number.
    pub raw_seq: u32,
    /// The raw acknowledgment number.
    pub raw_ack: u32,
    /// Payload bytes.
    pub len: u32,
    /// The window field as sent.
    pub window: u16,
    /// The window in bytes (scaled per RFC 7323 once both SYNs agreed on
    /// scaling); `None` when the scale is unknown (a SYN not captured).
    pub window_bytes: Option<u32>,
    /// The TCP options.
    pub options: TcpOptions,
    /// IPv4's identification field (`None` over IPv6): Linux numbers a
    /// connection's packets in the order it sends them.
    pub ip_id: Option<u16>,
    /// The IP header's ECN field as captured (`crate::capture::ECN_CE`: a
    /// router between its sender and the capture point marked it).
    pub ip_ecn: u8,
    /// Capture time in microseconds since the stream's first packet.
    /// Integer microseconds: exact (pcap stores microseconds; nanosecond
    /// files are rounded down), ordered, and fine enough for loopback
    /// round trips of a few microseconds, which whole milliseconds are not.
    pub at_us: u64,
    /// Wireshark's marks.
    pub marks: Marks,
    /// What the observer makes of it.
    pub observed: Observation,
}

impl ObservedSegment {
    /// The control bits Wireshark-style ("SYN,ACK"; URG, ECE and CWR after ACK).
    pub fn flag_names(&self) -> String {
        Flags::from_bits(self.flags).to_string()
    }

    /// Whether its IP header was captured marked Congestion Experienced.
    pub fn congestion_marked(&self) -> bool {
        self.ip_ecn == crate::capture::ECN_CE
    }

    /// The IP header's ECN codepoint by its RFC 3168 name, `None` for
    /// Not-ECT (what every packet of a connection without ECN carries).
    pub fn ecn_codepoint(&self) -> Option<&'static str> {
        ["ECT(1)", "ECT(0)", "CE"]
            .get(usize::from(self.ip_ecn).checked_sub(1)?)
            .copied()
    }
}

/// Where the capture and the model's rules disagree, or the capture cannot tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Observation {
    /// Probably lost after the capture point: never acknowledged, and sent
    /// again, or answered as if it never came (see `lost.rs`). Its
    /// receiver's observer did not get it.
    pub lost_after_capture: bool,
    /// Lost after the capture point, shown not by a resend but by its
    /// receiver's reset of the FIN behind it, as one past a gap (Linux,
    /// after close(): see `lost.rs`). It was never sent again.
    pub lost_before_reset: bool,
    /// Lost after the capture point and never sent again: its sender reset
    /// the connection first, and the acknowledgment its receiver sent once
    /// that RST had arrived (at least half the shortest round trip after
    /// it) still asked for its first byte (see `lost.rs`).
    pub lost_before_own_reset: bool,
    /// Lost after the capture point and never sent again: a SYN,ACK of a
    /// simultaneous open whose receiver, which had sent a SYN,ACK of its
    /// own, sent no ACK at once (see `lost.rs`).
    pub lost_unanswered: bool,
    /// A second capture of the packet just before it with the same headers,
    /// on another interface (`dumpcap -i lo -i any`): not a new segment,
    /// and not delivered again.
    pub copy: bool,
    /// The path delivered this packet twice and this is the second copy, of
    /// the segment named: the same transmission (its IPv4 identification,
    /// or its TCP timestamp after the sender's clock ticked, is the
    /// first's), not a resend. Its sender did nothing; its receiver takes
    /// it again, like any repeat.
    pub duplicate_of: Option<SegmentId>,
    /// A copy (`duplicate_of`) told not by a stamp but by its sender: a
    /// SYN,ACK captured after its sender had acknowledged the peer's data,
    /// which a synchronized side never sends again (`duplicated.rs`).
    pub duplicate_after_sync: bool,
    /// It left its sender before the segment named, the first one of its
    /// sender's captured ahead of it with a newer TCP timestamp: the path
    /// held it back and later segments overtook it (`overtaken.rs`). It is
    /// no resend and no probe; a resend of its numbers captured before it
    /// is the resend of it.
    pub overtaken_by: Option<SegmentId>,
    /// The receiver's rules discard it, or only answer it (the reason). A
    /// repeat of data already received is normal; other reasons mean the
    /// host may have seen something else than the capture point did.
    pub ignored: Option<IgnoreReason>,
    /// It acknowledges sequence numbers its receiver was never seen to
    /// send: the capture missed a segment going the other way. The observers
    /// take that segment as sent and received just before this one (a FIN
    /// when it is one sequence number after which no data follows, else data).
    pub acks_unseen: bool,
    /// Its sequence number starts beyond everything its sender was seen to
    /// send: the sender sent a segment the capture never held (lost before
    /// the capture point, or missed). The sender's observer takes that one
    /// as sent just before this; its receiver never got it.
    pub sent_unseen: bool,
    /// It does not fit its sender as the observer knows it: it acknowledges
    /// what its receiver never sent (the receiver's next segment starts
    /// below), its sequence numbers are far from the sender's, or it carries
    /// data after the sender's FIN. An injected segment looks like this;
    /// so does a capture that holds only part of a host's traffic. It
    /// changes nothing in its sender's observer (its receiver's rules still
    /// judge it: see `ignored`).
    pub out_of_place: bool,
    /// It carries more data than the MSS its receiver announced in its SYN
    /// (the value): no host sends that on the wire (RFC 9293 3.7.1), so the
    /// capture saw it before the sender's network card cut it into segments
    /// of at most that size (segmentation offload, TSO) or after the
    /// receiver merged several that arrived (receive offload, GRO); Linux's
    /// loopback passes it on uncut. `None` when it fits, or when the
    /// receiver's SYN or its MSS is not captured.
    pub beyond_mss: Option<u16>,
    /// An RST that its sender's own rules sent as an answer to what had
    /// arrived, with their reason (data its application will never read
    /// after close(), an unacceptable acknowledgment, ...). `None` for any
    /// other segment, and for an RST the rules do not explain (an abort).
    pub rst_purpose: Option<Purpose>,
    /// A bare ACK that its sender's own rules sent as a challenge ACK
    /// (RFC 5961): the segment it answers was an RST not at RCV.NXT, or a
    /// SYN, on a synchronized connection.
    pub challenge_ack: bool,
    /// A bare ACK that its sender, in TIME-WAIT, sent to the peer's FIN
    /// sent again (RFC 9293 3.10.7.4): the ACK of that FIN before it was lost.
    pub time_wait_ack: bool,
    /// A bare ACK that its sender's own rules sent to the peer's keep-alive
    /// (RFC 9293 3.8.4). A probe that crossed a window update is renamed a
    /// zero-window probe afterwards, and its answer with it (`purpose.rs`).
    pub keep_alive_answer: bool,
}

crate::named_enum! {
    @serde
    /// How a side's states begin, and how much of that the capture shows.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum Start {
        /// Its own first SYN is captured: CLOSED, then SYN-SENT when it left.
        Opened = "opened",
        /// It answered the peer's SYN with a SYN,ACK, so it was listening
        /// (since a time the capture does not show).
        Listened = "listened",
        /// It never had a connection the capture shows (it answered with RST,
        /// or never answered): CLOSED throughout.
        NoConnection = "no-connection",
        /// Its own SYN is not captured (the capture began later or missed it):
        /// its states before its first segment are assumed, with no time.
        Assumed = "assumed",
    }
}

/// One side's states in order, starting with CLOSED.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lifeline {
    /// How it begins.
    pub start: Start,
    /// The states, the first always CLOSED.
    pub states: Vec<StateSpan>,
}

/// A state and when it began.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StateSpan {
    /// The state.
    pub state: State,
    /// When it began (µs since the stream's first packet); `None` when it
    /// began before the capture showed it.
    pub since_us: Option<u64>,
    /// The segment whose sending or arrival began it; for a segment the
    /// capture missed, the one that revealed it (which also gives the time).
    pub segment: Option<SegmentId>,
}

/// An address and port as written in URLs: `10.0.0.1:80`, `[::1]:80`.
pub fn endpoint_name(e: Endpoint) -> String {
    let ip = e.ip.to_string();
    if ip.contains(':') {
        format!("[{ip}]:{}", e.port)
    } else {
        format!("{ip}:{}", e.port)
    }
}
