//! A real capture explained by the model: one connection of a pcap or pcapng
//! file (read by [`crate::capture`]) as segments the widget can draw, with
//! Wireshark's marks, and each side's states inferred by the model's own TCB
//! rules acting as an observer.
//!
//! ```
//! # fn demo(bytes: &[u8]) -> Result<(), tcp_model::capture::CaptureError> {
//! use tcp_model::{capture, observe};
//! let capture = capture::read(bytes)?;           // bounded, never panics
//! let streams = capture::streams(&capture);      // the connections, for a picker
//! let run = observe::run(&capture, &streams[0]); // what the widget draws
//! let json = observe::trace(&run);               // what `tcpsim --from-pcap` prints
//! # let _ = json; Ok(()) }
//! ```
//!
//! Responsible for: who is the client, the segments in time order with
//! their numbers relative to each side's ISN, Wireshark's marks, the states,
//! and saying where the capture cannot tell ([`Start`], [`Observation`]).
//!
//! A capture is one point's view. What the observers assume where it is
//! silent, each said where it is decided:
//! - a segment reaches its receiver when captured, unless the receiver's
//!   next segment shows it had not arrived yet (`observer.rs`): it
//!   acknowledges less, or the segment would have ended the receiver's
//!   connection (an RST it accepts, the last ACK) and the receiver still
//!   sent something other than a bare RST (`arrival.rs`), or the receiver
//!   sends again what it acknowledges for the first time (a host never
//!   resends what it knows was acknowledged: they crossed; `crossing.rs`),
//!   or a window update is followed, sooner than any keep-alive, by the
//!   receiver's probe of the window it opened (`crossing.rs`; the probe is
//!   named one on both sides, `purpose.rs`);
//! - two captures of one packet on one interface, the same in every TCP
//!   field and in what the sender stamps on each packet it sends (its IPv4
//!   identification, or its TCP timestamp after its clock ticked), are one
//!   transmission the path delivered twice: the sender sent it once
//!   (`duplicated.rs`);
//! - a bare ACK of a FIN is lost after the capture point when the same FIN
//!   comes again a round trip after it (`lost.rs`): the peer never had it;
//!   so is a window update when the peer probes the window after it and then
//!   echoes a later timestamp, never the update's (`unechoed.rs`);
//! - a segment never acknowledged and sent again (a round trip later or
//!   more), or a SYN,ACK followed by the peer's bare SYN, was lost after the
//!   capture point and never arrives (`lost.rs`);
//! - an ACK of sequence numbers the capture never showed, when its receiver
//!   goes on beyond them, reveals a segment the capture missed: sent and
//!   received just before (`observer.rs`); missing bytes with a FIN on them
//!   read as data (an ACK cannot tell them apart), one missing number alone
//!   as a FIN;
//! - an ACK of bytes the peer was seen to send (its later segments are
//!   beyond them) but never seen to arrive reveals that the capture missed
//!   their way: they arrived just before the ACK (`observer.rs`);
//! - a side whose own SYN is not captured was already in the state its
//!   first segment implies (`side.rs`);
//! - a bare RST (no ACK flag) at a segment's acknowledgment number is its
//!   receiver's answer to that segment, not an abort: a side in FIN-WAIT-1
//!   or FIN-WAIT-2 that resets data had called close(); any other side
//!   whose rules would not send it had lost the connection before, by a
//!   timer or restart the capture cannot date (`reset.rs`).
//!
//! Not responsible for: reading files ([`crate::capture`]) or any TCP rule:
//! the states come from `tcb` (see `observer.rs`), the marks from
//! Wireshark's published heuristics (`wireshark.rs`).
//!
//! Cost: linear in the stream's packets but for two ordered maps and a sort
//! (O(n log n)); a capture holds at most [`crate::capture::MAX_PACKETS`].

mod ahead;
mod arrival;
mod copies;
mod crossing;
mod direction;
mod duplicated;
mod json;
mod lost;
#[cfg(test)]
mod lost_tests;
mod observer;
mod outcome;
mod overtaken;
mod purpose;
mod replay;
mod resend;
mod reset;
mod side;
mod types;
mod unechoed;
mod unsent;
mod unwrapped;
mod wireshark;

use crate::capture::{flags, Capture, Endpoint, Packet, Stream};
use crate::wire::addr_of;
use crate::{Flags, Header, Profile, Purpose, SegmentId, Seq, Side, Tuning};

pub use json::{trace, CaptureTrace};
pub use replay::{recording, replay};
pub use types::{
    endpoint_name, CaptureRun, Lifeline, Observation, ObservedSegment, Passage, Start, StateSpan,
};
pub use wireshark::Marks;

/// Explains one stream of `capture` with the Linux tuning (real captures
/// mostly come from Linux; the tuning decides a few rules where stacks
/// differ, such as how a half-open connection checks an ACK).
pub fn run(capture: &Capture, stream: &Stream) -> CaptureRun {
    run_with(capture, stream, &Tuning::for_profile(Profile::Linux))
}

/// Explains one stream of `capture` with the given tuning.
pub fn run_with(capture: &Capture, stream: &Stream, tuning: &Tuning) -> CaptureRun {
    // Indexes out of range (a stream of another capture) are left out, not a panic.
    let in_file: Vec<&Packet> = stream
        .packets
        .iter()
        .filter_map(|&i| capture.packets.get(i))
        .collect();
    let client = client_of(&in_file, stream);
    let server = if client == stream.a { stream.b } else { stream.a };
    let side_of = |p: &Packet| {
        if (p.src, p.src_port) == (client.ip, client.port) {
            Side::Client
        } else {
            Side::Server
        }
    };
    // Wireshark reads in file order; everything else goes in time order.
    let readings = wireshark::read(&in_file, |p| side_of(p) == side_of(in_file[0]));
    let mut order: Vec<usize> = (0..in_file.len()).collect();
    crate::util::sort::sort_by(&mut order, |&a, &b| in_file[a].ts_ns < in_file[b].ts_ns);
    let timed: Vec<&Packet> = order.iter().map(|&i| in_file[i]).collect();
    let duplicated = duplicated::network_copies(&timed, |p| side_of(p) == Side::Client);
    // What the senders sent, each packet once: a second delivery of one is
    // no evidence of a loss.
    let sent: Vec<usize> = (0..timed.len()).filter(|&k| duplicated[k].is_none()).collect();
    let once: Vec<&Packet> = sent.iter().map(|&k| timed[k]).collect();
    let (judged, round_trip_ns) = lost::after_capture(&once, |p| side_of(p) == Side::Client);
    let unechoed = unechoed::window_updates_lost(&once, |p| side_of(p) == Side::Client);
    let mut lost = vec![None; timed.len()];
    for ((&k, mut judged), lost_update) in sent.iter().zip(judged).zip(unechoed) {
        if lost_update {
            judged.get_or_insert(lost::Evidence::Answers);
        }
        lost[k] = judged;
    }
    let copies = copies::copies(&timed);
    let shifts = window_shifts(&timed, side_of);
    let mss = announced_mss(&timed, side_of);
    let after_synack = repeats_synack_ack(&timed, side_of);
    let first_ns = timed.first().map_or(0, |p| p.ts_ns);
    let inputs: Vec<arrival::Input> = timed
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let from = side_of(p);
            arrival::Input {
                from,
                header: header(p, from),
                at_us: p.ts_ns.saturating_sub(first_ns) / 1000,
                window: window_bytes(p, shifts[from.index()]),
                lost: lost[k].is_some(),
                copy: copies[k],
                network_copy: duplicated[k].is_some(),
                sack: p.options.sack.clone(),
                dup_ack: readings[order[k]].marks.duplicate_ack.is_some() || after_synack[k],
                timestamps: p.options.timestamps,
            }
        })
        .collect();
    let observed = observer::observe(&inputs, tuning, round_trip_ns.map(|r| r.map(|ns| ns / 1000)));
    let segments = order
        .iter()
        .zip(&inputs)
        .zip(&observed.outcomes)
        .enumerate()
        .map(|(k, ((&i, input), outcome))| {
            let p = in_file[i];
            ObservedSegment {
                id: SegmentId(k as u32),
                frame: p.frame,
                from: input.from,
                flags: p.flags,
                seq: readings[i].seq,
                ack: readings[i].ack,
                raw_seq: p.seq,
                raw_ack: p.ack,
                len: p.payload_len,
                window: p.window,
                window_bytes: input.window,
                options: p.options.clone(),
                ip_id: p.ip_id,
                ip_ecn: p.ip_ecn,
                at_us: input.at_us,
                marks: readings[i].marks,
                observed: Observation {
                    lost_after_capture: lost[k].is_some(),
                    lost_before_reset: lost[k] == Some(lost::Evidence::ResetFinPastGap),
                    lost_before_own_reset: lost[k] == Some(lost::Evidence::ResetBeforeResend),
                    lost_unanswered: lost[k] == Some(lost::Evidence::Unanswered),
                    copy: copies[k],
                    duplicate_of: duplicated[k].map(|(j, _)| SegmentId(j as u32)),
                    duplicate_after_sync: duplicated[k].is_some_and(|(_, sync)| sync),
                    overtaken_by: None,
                    ignored: outcome.ignored,
                    acks_unseen: outcome.acks_unseen,
                    sent_unseen: outcome.sent_unseen,
                    out_of_place: outcome.sent.out_of_place,
                    beyond_mss: mss[input.from.peer().index()].filter(|&m| p.payload_len > u32::from(m)),
                    rst_purpose: outcome.rst_purpose,
                    challenge_ack: outcome.answer == Some(Purpose::ChallengeAck),
                    time_wait_ack: outcome.answer == Some(Purpose::TimeWaitAck),
                    keep_alive_answer: outcome.answer == Some(Purpose::KeepAliveAck),
                },
            }
        })
        .collect();
    let [client_states, server_states] = observed.lifelines;
    // (At most one entry per kind of tunnel: the check stays short.)
    let mut tunnels = Vec::new();
    for tunnel in in_file.iter().flat_map(|p| &p.tunnels) {
        let name = tunnel.kind.name();
        if !tunnels.contains(&name) {
            tunnels.push(name);
        }
    }
    let mut run = CaptureRun {
        stream: stream.index,
        client,
        server,
        segments,
        client_states,
        server_states,
        events: observed.events,
        event_us: observed.event_us,
        passages: observed.passages,
        cut: capture.cut,
        frames: capture.frames,
        skipped: capture.skipped,
        tunnels,
    };
    overtaken::mark(&mut run);
    purpose::name_probes(&mut run);
    run
}

/// A stream's client, as [`run`] decides it (see [`CaptureRun::client`]).
pub fn client(capture: &Capture, stream: &Stream) -> Endpoint {
    let packets: Vec<&Packet> = stream
        .packets
        .iter()
        .filter_map(|&i| capture.packets.get(i))
        .collect();
    client_of(&packets, stream)
}

/// The client (see [`CaptureRun::client`]).
fn client_of(packets: &[&Packet], stream: &Stream) -> Endpoint {
    let src = |p: &Packet| Endpoint {
        ip: p.src,
        port: p.src_port,
    };
    let dst = |p: &Packet| Endpoint {
        ip: p.dst,
        port: p.dst_port,
    };
    let syn = flags::SYN | flags::ACK;
    if let Some(p) = packets.iter().find(|p| p.flags & syn == flags::SYN) {
        return src(p);
    }
    if let Some(p) = packets.iter().find(|p| p.flags & syn == syn) {
        return dst(p);
    }
    stream.a
}

/// For each packet, whether it is a bare ACK repeating the acknowledgment
/// of its sender's SYN,ACK just before it. Wireshark calls it no duplicate
/// ACK (a SYN's window is never scaled, so the fields differ), yet past a
/// gap it is one: the receiver's answer at once to a segment past the gap
/// (kernel run 11207 at the server: the client's data lost, its FIN past
/// the gap answered 20 µs after it was captured).
fn repeats_synack_ack(packets: &[&Packet], side_of: impl Fn(&Packet) -> Side) -> Vec<bool> {
    let mut last: [Option<&Packet>; 2] = [None, None];
    let synack = flags::SYN | flags::ACK;
    packets
        .iter()
        .map(|&p| {
            let mine = &mut last[side_of(p).index()];
            let bare = p.flags & (synack | flags::FIN | flags::RST) == flags::ACK && p.payload_len == 0;
            let repeats = bare && mine.is_some_and(|q| q.flags & synack == synack && q.ack == p.ack);
            *mine = Some(p);
            repeats
        })
        .collect()
}

/// Each side's window scale shift (RFC 7323 2.2): known once both SYNs are
/// captured; 0 unless both carried the option; at most 14 (2.3). Unknown
/// when a SYN without it had its options cut by the snapshot length.
fn window_shifts(packets: &[&Packet], side_of: impl Fn(&Packet) -> Side) -> [Option<u8>; 2] {
    let syn_of = |side| {
        packets
            .iter()
            .find(|p| p.flags & flags::SYN != 0 && side_of(p) == side)
    };
    match (syn_of(Side::Client), syn_of(Side::Server)) {
        (Some(c), Some(s)) => match (c.options.wscale, s.options.wscale) {
            (Some(cs), Some(ss)) => [Some(cs.min(14)), Some(ss.min(14))],
            _ if c.options.cut || s.options.cut => [None, None],
            _ => [Some(0), Some(0)],
        },
        _ => [None, None],
    }
}

/// The MSS each side announced in its first captured SYN (RFC 9293 3.7.1):
/// the most data its peer may put in one segment. Unknown when that SYN is
/// not captured, or carried no MSS option (the default then depends on the
/// sender's path, so nothing is said).
fn announced_mss(packets: &[&Packet], side_of: impl Fn(&Packet) -> Side) -> [Option<u16>; 2] {
    let of = |side| {
        packets
            .iter()
            .find(|p| p.flags & flags::SYN != 0 && side_of(p) == side)
            .and_then(|p| p.options.mss)
    };
    [of(Side::Client), of(Side::Server)]
}

/// The window `p` advertises in bytes; a SYN's is never scaled (RFC 7323 2.2).
fn window_bytes(p: &Packet, shift: Option<u8>) -> Option<u32> {
    if p.flags & flags::SYN != 0 {
        return Some(u32::from(p.window));
    }
    shift.map(|s| u32::from(p.window) << s)
}

/// `p` in the model's words, between the model's two addresses.
fn header(p: &Packet, from: Side) -> Header {
    let ack = p.flags & flags::ACK != 0;
    Header {
        src: addr_of(from),
        dst: addr_of(from.peer()),
        seq: Seq(p.seq),
        ack: Seq(if ack { p.ack } else { 0 }),
        flags: Flags::from_bits(p.flags),
        window: p.window,
        mss: p.options.mss.filter(|_| p.flags & flags::SYN != 0),
        len: p.payload_len,
    }
}
