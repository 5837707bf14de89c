//! A capture run as JSON, in the shape of a scenario run's trace
//! ([`crate::sim::trace::Trace`]), so one reader serves both: `segments`
//! with the same keys, `states` per side, `events`, `finished`. What a
//! capture adds or cannot fill:
//!
//! - `sent_ms` is the capture time (ms since the stream's first packet,
//!   fractional: loopback round trips are microseconds). A capture shows one
//!   instant per segment, at one point, so `arrives_ms` is that same instant:
//!   a drawing that wants sloped arrows has to space them itself.
//! - `dropped` is always false (nothing is dropped on purpose);
//!   `lost_after_capture` says when the capture suggests a loss
//!   (`lost_before_reset`: shown by the receiver's reset of the FIN behind
//!   it, not a resend; `lost_before_own_reset`: its sender reset the
//!   connection before sending it again).
//! - `purpose` and `resend` are left out: a capture does not say why a host
//!   sent a segment; Wireshark's marks (`retransmission`, `duplicate_ack`, …)
//!   and the observer's notes (`ignored`, `acks_unseen`, …) stand in.
//! - `state_changes` gives each state's start time (null: before the capture
//!   showed it) and segment; `start` says how each side's states begin.

use serde::Serialize;

use super::types::{endpoint_name, CaptureRun, Lifeline, ObservedSegment, Start};
use crate::capture::flags::{ACK, RST};
use crate::event::{Event, IgnoreReason};
use crate::sim::trace::TraceStates;
use crate::{Origin, Purpose, Side, State};

/// A capture run, as JSON.
#[derive(Serialize)]
pub struct CaptureTrace {
    /// Which connection of which capture.
    pub capture: CaptureInfo,
    /// Every segment, in time order.
    pub segments: Vec<CaptureSegment>,
    /// Each side's states, starting with CLOSED (as in a scenario trace).
    pub states: TraceStates,
    /// Each side's states with when they began.
    pub state_changes: PerSide<Vec<StateChange>>,
    /// How each side's states begin.
    pub start: PerSide<Start>,
    /// The observer TCBs' events (`at` in whole ms of capture time).
    pub events: Vec<Event>,
    /// Always true: a capture has nothing more to run.
    pub finished: bool,
}

/// The connection shown.
#[derive(Serialize)]
pub struct CaptureInfo {
    /// Its `tcp.stream` number.
    pub stream: u32,
    /// The client's address and port (`10.0.0.1:40000`, `[::1]:40000`).
    pub client: String,
    /// The server's address and port.
    pub server: String,
    /// From the first packet to the last, ms.
    pub duration_ms: f64,
    /// Where the file ends too early (inside a packet or block): the
    /// packets before it are read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<String>,
    /// How many frames the file holds, TCP or not.
    pub frames: u32,
    /// The frames in no connection, by reason (not IP, not TCP, later IP
    /// fragments, cut before the end of the TCP header, unknown link type,
    /// malformed).
    pub skipped: crate::capture::Skipped,
}

/// A pair of values, one per side.
#[derive(Serialize)]
pub struct PerSide<T> {
    /// The client's.
    pub client: T,
    /// The server's.
    pub server: T,
}

/// One state of a side and when it began.
#[derive(Serialize)]
pub struct StateChange {
    /// The state.
    pub state: State,
    /// When it began, ms since the stream's first packet; null when before
    /// the capture showed it.
    pub at_ms: Option<f64>,
    /// The segment whose sending or arrival began it.
    pub segment: Option<u32>,
}

/// One segment: the keys of a scenario trace's segments, Wireshark's marks
/// and the observer's notes.
#[derive(Serialize)]
pub struct CaptureSegment {
    /// Its index in the run.
    pub id: u32,
    /// Wireshark's frame number.
    pub frame: u32,
    /// Who sent it.
    pub from: Origin,
    /// Who it went to.
    pub to: Option<Side>,
    /// The control bits ("SYN,ACK").
    pub flags: String,
    /// Relative SEG.SEQ, as Wireshark's `tcp.seq`.
    pub seq: u32,
    /// Relative SEG.ACK (`tcp.ack`); 0 without ACK.
    pub ack: u32,
    /// The raw sequence number, as in the header.
    pub raw_seq: u32,
    /// The raw acknowledgment number, as in the header.
    pub raw_ack: u32,
    /// Payload bytes.
    pub len: u32,
    /// The window field.
    pub window: u16,
    /// The window in bytes, when the scale is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_bytes: Option<u32>,
    /// The MSS option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mss: Option<u16>,
    /// The window scale option.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wscale: Option<u8>,
    /// The SACK-permitted option.
    #[serde(skip_serializing_if = "is_false")]
    pub sack_permitted: bool,
    /// SACK blocks, relative like `ack`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sack: Vec<(u32, u32)>,
    /// Timestamps option: TSval and TSecr.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<(u32, u32)>,
    /// Its IP header is marked Congestion Experienced (ECN field 11).
    #[serde(skip_serializing_if = "is_false")]
    pub congestion_experienced: bool,
    /// The capture's snapshot length cut the options: those above are the
    /// ones captured whole, the rest is unknown.
    #[serde(skip_serializing_if = "is_false")]
    pub options_cut: bool,
    /// Capture time, ms since the stream's first packet.
    pub sent_ms: f64,
    /// The same instant (see the module docs).
    pub arrives_ms: f64,
    /// Always false.
    pub dropped: bool,
    /// `tcp.analysis.retransmission`.
    pub retransmission: bool,
    /// `tcp.analysis.fast_retransmission`.
    pub fast_retransmission: bool,
    /// `tcp.analysis.spurious_retransmission`.
    pub spurious_retransmission: bool,
    /// `tcp.analysis.out_of_order`.
    pub out_of_order: bool,
    /// `tcp.analysis.duplicate_ack`.
    pub duplicate_ack: bool,
    /// `tcp.analysis.duplicate_ack_num`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_ack_num: Option<u32>,
    /// `tcp.analysis.zero_window`.
    pub zero_window: bool,
    /// `tcp.analysis.zero_window_probe`.
    pub zero_window_probe: bool,
    /// `tcp.analysis.keep_alive`.
    pub keep_alive: bool,
    /// `tcp.analysis.window_update`.
    pub window_update: bool,
    /// `tcp.analysis.lost_segment`: previous segment not captured.
    pub lost_segment: bool,
    /// `tcp.analysis.ack_lost_segment`: ACKed unseen segment.
    pub ack_lost_segment: bool,
    /// `tcp.analysis.window_full`.
    pub window_full: bool,
    /// `tcp.analysis.keep_alive_ack`.
    pub keep_alive_ack: bool,
    /// `tcp.analysis.zero_window_probe_ack`.
    pub zero_window_probe_ack: bool,
    /// The RST flag.
    pub rst: bool,
    /// Probably lost after the capture point.
    pub lost_after_capture: bool,
    /// Of those: shown by its receiver's reset of the FIN behind it (never
    /// sent again), not by a resend.
    pub lost_before_reset: bool,
    /// Of those: never sent again, since its sender reset the connection
    /// first, and its receiver's next acknowledgment still asked for it.
    pub lost_before_own_reset: bool,
    /// Of those: a simultaneous open's SYN,ACK its receiver never answered.
    pub lost_unanswered: bool,
    /// A second capture of one packet, on another interface.
    pub copy: bool,
    /// The path delivered one packet twice: this second copy repeats that
    /// segment (its index), which its sender sent once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<u32>,
    /// It left before that segment (its index), which the path delivered
    /// first: later segments overtook it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overtaken_by: Option<u32>,
    /// Why the receiver's rules discarded it, if they did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<IgnoreReason>,
    /// It acknowledges what the capture never showed arriving.
    pub acks_unseen: bool,
    /// Its sequence number shows its sender sent a segment the capture never held.
    pub sent_unseen: bool,
    /// Its numbers do not fit its sender's as observed.
    pub out_of_place: bool,
    /// More data than its receiver's announced MSS (that MSS): captured
    /// before segmentation offload or after receive offload.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beyond_mss: Option<u16>,
    /// An RST the sender's own rules sent: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rst_purpose: Option<Purpose>,
    /// A bare ACK the sender's own rules sent as a challenge (RFC 5961).
    pub challenge_ack: bool,
    /// A bare ACK the sender sent from TIME-WAIT to a FIN sent again.
    pub time_wait_ack: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

/// The JSON trace of a capture run.
pub fn trace(run: &CaptureRun) -> CaptureTrace {
    let last_us = run.segments.iter().map(|s| s.at_us).max().unwrap_or(0);
    let lifelines = [&run.client_states, &run.server_states];
    let changes = |l: &Lifeline| {
        l.states
            .iter()
            .map(|s| StateChange {
                state: s.state,
                at_ms: s.since_us.map(ms),
                segment: s.segment.map(|id| id.0),
            })
            .collect()
    };
    let names = |l: &Lifeline| l.states.iter().map(|s| s.state).collect();
    CaptureTrace {
        capture: CaptureInfo {
            stream: run.stream,
            client: endpoint_name(run.client),
            server: endpoint_name(run.server),
            duration_ms: ms(last_us),
            cut: run.cut.map(|e| e.to_string()),
            frames: run.frames,
            skipped: run.skipped,
        },
        segments: run.segments.iter().map(segment).collect(),
        states: TraceStates {
            client: names(lifelines[0]),
            server: names(lifelines[1]),
        },
        state_changes: PerSide {
            client: changes(lifelines[0]),
            server: changes(lifelines[1]),
        },
        start: PerSide {
            client: lifelines[0].start,
            server: lifelines[1].start,
        },
        events: run.events.clone(),
        finished: true,
    }
}

fn segment(s: &ObservedSegment) -> CaptureSegment {
    let m = &s.marks;
    // SACK edges count in the receiver's numbers, like the ACK.
    let peer_base = s.raw_ack.wrapping_sub(s.ack);
    let acked = s.flags & ACK != 0;
    CaptureSegment {
        id: s.id.0,
        frame: s.frame,
        from: s.from.into(),
        to: Some(s.from.peer()),
        flags: s.flag_names(),
        seq: s.seq,
        ack: s.ack,
        raw_seq: s.raw_seq,
        raw_ack: s.raw_ack,
        len: s.len,
        window: s.window,
        window_bytes: s.window_bytes,
        mss: s.options.mss,
        wscale: s.options.wscale,
        sack_permitted: s.options.sack_permitted,
        sack: s
            .options
            .sack
            .iter()
            .filter(|_| acked)
            .map(|&(l, r)| (l.wrapping_sub(peer_base), r.wrapping_sub(peer_base)))
            .collect(),
        timestamps: s.options.timestamps,
        congestion_experienced: s.congestion_marked(),
        options_cut: s.options.cut,
        sent_ms: ms(s.at_us),
        arrives_ms: ms(s.at_us),
        dropped: false,
        retransmission: m.retransmission,
        fast_retransmission: m.fast_retransmission,
        spurious_retransmission: m.spurious_retransmission,
        out_of_order: m.out_of_order,
        duplicate_ack: m.duplicate_ack.is_some(),
        duplicate_ack_num: m.duplicate_ack,
        zero_window: m.zero_window,
        zero_window_probe: m.zero_window_probe,
        keep_alive: m.keep_alive,
        window_update: m.window_update,
        lost_segment: m.lost_segment,
        ack_lost_segment: m.ack_lost_segment,
        window_full: m.window_full,
        keep_alive_ack: m.keep_alive_ack,
        zero_window_probe_ack: m.zero_window_probe_ack,
        rst: s.flags & RST != 0,
        lost_after_capture: s.observed.lost_after_capture,
        lost_before_reset: s.observed.lost_before_reset,
        lost_before_own_reset: s.observed.lost_before_own_reset,
        lost_unanswered: s.observed.lost_unanswered,
        copy: s.observed.copy,
        duplicate_of: s.observed.duplicate_of.map(|d| d.0),
        overtaken_by: s.observed.overtaken_by.map(|d| d.0),
        ignored: s.observed.ignored,
        acks_unseen: s.observed.acks_unseen,
        sent_unseen: s.observed.sent_unseen,
        out_of_place: s.observed.out_of_place,
        beyond_mss: s.observed.beyond_mss,
        rst_purpose: s.observed.rst_purpose,
        challenge_ack: s.observed.challenge_ack,
        time_wait_ack: s.observed.time_wait_ack,
    }
}
