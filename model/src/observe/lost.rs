//! Which captured segments probably never reached the other side: the capture saw them pass, the
//! peer never acknowledged them (cumulatively or in a SACK block), and their sender sent the same
//! sequence numbers again; also a handshake's ACK answered by the same SYN,ACK again (and a FIN's
//! ACK by the same FIN again), an RST after which the peer goes on as if it had none, data before
//! a FIN that its receiver resets as one past a gap, and data its sender reset the connection
//! behind while the receiver still asked for it.
//!
//! A capture point sees a segment once; whether it arrived is only told by what comes back. A sender repeats
//! a segment when no acknowledgment came for it, so "sent again, never acknowledged before that" is the
//! capture's evidence of a loss after the capture point, unless a D-SACK later says the data arrived twice
//! (the last copy judged lost arrived after all), or its acknowledgment comes back sooner than a round trip
//! after the copy sent again (of two), or the peer later echoes the timestamp of a first SYN (or SYN,ACK)
//! sent again, or of a first copy whose TSval nothing else its sender sent carried (RFC 7323: TSecr repeats
//! the TSval of a segment that arrived; a SYN,ACK lost on the client's side of the capture point shows this
//! way, and so does a FIN whose ACK was lost), or the peer's answer to it is a segment the capture never held
//! (`Direction::answered_by_unseen`). It is only evidence: the acknowledgment may have been lost instead, on
//! the peer's side of the capture point, or the sender may have been too quick (a tail-loss probe). The
//! observer does not deliver such a segment to its receiver (the copy sent again is delivered instead), and
//! the narration says "probably".
//!
//! Cost: each segment is put in and taken out of one ordered map once: O(n log n) for n segments.

use super::copies::same_packet;
use super::direction::{sack_on, Direction};
use super::Packet;
use crate::capture::flags::{ACK, FIN, RST, SYN};

/// What shows that a captured segment was lost after the capture point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Evidence {
    /// Its sender sent it again, or its receiver went on as if it never came.
    Answers,
    /// Its receiver, closed by its application, reset the FIN behind it as
    /// one past a gap: it was never sent again.
    ResetFinPastGap,
    /// Its sender reset the connection before sending it again, and the
    /// acknowledgment its receiver sent once that RST had arrived still
    /// asked for its first byte: it was never sent again.
    ResetBeforeResend,
    /// A SYN,ACK of a simultaneous open that its receiver did not answer at
    /// once (sent again only if the receiver's own SYN,ACK was lost too).
    Unanswered,
}

/// For each packet (in the order given, which must be time order), whether
/// it was probably lost after the capture point, and what shows it. `forward(p)` tells the
/// direction.
///
/// Two passes: the first measures each direction's shortest round trip as
/// the capture point sees it (a segment, then the first acknowledgment of
/// it); the second judges. A copy sent sooner than that after the first is
/// no evidence: no sender can have waited for an acknowledgment in so little
/// time (it resent for another reason, such as a timer and a repeated SYN
/// firing together). Also returns those round trips (ns; forward first).
pub(super) fn after_capture(
    packets: &[&Packet],
    forward: impl Fn(&Packet) -> bool,
) -> (Vec<Option<Evidence>>, [Option<u64>; 2]) {
    let (_, round_trip) = scan(packets, &forward, [None, None]);
    (scan(packets, &forward, round_trip).0, round_trip)
}

/// One pass (see [`after_capture`]): the judgment, with `round_trip` as the
/// shortest time a resend takes to be one, and each direction's shortest
/// round trip seen.
fn scan(
    packets: &[&Packet],
    forward: impl Fn(&Packet) -> bool,
    round_trip: [Option<u64>; 2],
) -> (Vec<Option<Evidence>>, [Option<u64>; 2]) {
    let mut dirs = [Direction::default(), Direction::default()];
    let mut lost = vec![None; packets.len()];
    let mut seen_rtt: [Option<u64>; 2] = [None, None];
    // A copy's acknowledgment may answer an earlier one, so copies time a
    // round trip only where nothing else does (Karn's rule, softened).
    let mut repeated = vec![false; packets.len()];
    let mut seen_rtt_of_copies: [Option<u64>; 2] = [None, None];
    for (i, p) in packets.iter().enumerate() {
        let (own, peer) = if forward(p) { (0, 1) } else { (1, 0) };
        // What this packet acknowledges of the other direction is known to
        // have arrived: everything before SEG.ACK, and what SACK blocks hold.
        if p.flags & ACK != 0 && dirs[peer].line.last.is_some() {
            let (prev_ack, prev_at, prev_window) =
                (dirs[own].last_ack, dirs[own].last_ack_at, dirs[own].last_window);
            // One below its sender's next number: a window probe or a keep-alive, no duplicate ACK.
            let probe = dirs[own]
                .sent_end
                .is_some_and(|end| dirs[own].line.place(p.seq) + 1 == end);
            let peer_dir = &mut dirs[peer];
            let ack = peer_dir.line.place(p.ack);
            peer_dir.acked_by_peer(packets, p.ack);
            // One judged lost and never sent again, acknowledged now, arrived after all: the ACK
            // that seemed to ask for it had crossed its sender's RST (kernel run 4120 at the
            // client, 0.2 ms apart).
            let later = peer_dir.unresent.split_off(&ack);
            for (_, j) in std::mem::replace(&mut peer_dir.unresent, later) {
                lost[j] = None;
            }
            let still = peer_dir.waiting.split_off(&ack);
            for (_, j) in std::mem::replace(&mut peer_dir.waiting, still) {
                // A SYN,ACK acknowledged by the peer's SYN,ACK times nothing: that ack answers the SYN before
                // it, and the two SYN,ACKs of a simultaneous open cross (the IPv6 run of m6 in the middle: 6
                // µs, which then hurried every rule timed by this direction).
                let syn_ack = SYN | ACK;
                if packets[j].flags & syn_ack == syn_ack && p.flags & SYN != 0 {
                    continue;
                }
                let sample = p.ts_ns.saturating_sub(packets[j].ts_ns);
                let seen = if repeated[j] {
                    &mut seen_rtt_of_copies
                } else {
                    &mut seen_rtt
                };
                seen[peer] = Some(seen[peer].map_or(sample, |r| r.min(sample)));
                if packets[j].flags & SYN != 0 && !repeated[j] {
                    peer_dir.handshake_round_trip = Some(sample);
                }
            }
            let blocks: Vec<(i64, i64)> = p
                .options
                .sack
                .iter()
                .map(|&(l, r)| (peer_dir.line.place(l), peer_dir.line.place(r)))
                .collect();
            peer_dir.answered_before_resend(packets, (p.ts_ns, round_trip[peer]), (ack, &blocks), |j| {
                lost[j] = None
            });
            for &(left, right) in &blocks {
                if left >= right {
                    continue; // an empty or backwards block says nothing
                }
                // A block holding a segment's first byte says it arrived, as an ACK beyond its
                // first byte does (and every segment looked at leaves the map, which keeps the
                // cost linear).
                let inside: Vec<i64> = peer_dir.waiting.range(left..right).map(|(&k, _)| k).collect();
                for k in inside {
                    peer_dir.waiting.remove(&k);
                }
            }
            let bare = p.flags & (SYN | FIN | RST | ACK) == ACK && p.payload_len == 0 && blocks.is_empty();
            if bare && !probe && prev_ack == Some(p.ack) && prev_window.is_none_or(|w| w == p.window) {
                peer_dir.dup_ack_arrival(ack);
            }
            // (Not a FIN's old block: see `fin_block_made_old`.)
            let first_past = prev_ack.is_none_or(|a| p.ack.wrapping_sub(a) as i32 > 0);
            if !peer_dir.fin_block_made_old(packets, (ack, first_past), &blocks, prev_at) {
                peer_dir.dsack(packets, (ack, &blocks), |j| lost[j] = None);
            }
        }
        // The peer echoes the timestamp of a first copy judged lost: it
        // arrived (TS.Recent is a received TSval; TSecr counts with ACK set).
        if let Some((_, ecr)) = p.options.timestamps.filter(|_| p.flags & ACK != 0) {
            // Proof: a SYN's echo, or of a TSval nothing else its sender sent carried (data shares its
            // millisecond's: f_lost_final_ack at the server, a FIN's own TSval echoed when the FIN came
            // again), or of an older TSval than the copy's in an ACK past a hole at the receiver's last ACK
            // that the first was to fill: what fills it sets TS.Recent (RFC 7323 4.3, Linux
            // `tcp_replace_ts_recent`), never moved back (IPv6 run 6830 in the middle: the first held 150 ms
            // behind its resend, which was lost). Its entry among those judged lost stays (a D-SACK over it
            // would only clear it again).
            let ecr = i64::from(ecr);
            let last_ack = dirs[own].last_ack;
            let peer_dir = &mut dirs[peer];
            if let Some(&j) = peer_dir.echo.get(&ecr) {
                let first = packets[j];
                let filled = last_ack == Some(first.seq) && p.ack.wrapping_sub(first.seq) as i32 > 0;
                if first.flags & SYN != 0 || peer_dir.tsvals.get(&ecr) == Some(&1) || filled {
                    peer_dir.echo.remove(&ecr);
                    lost[j] = None;
                }
            }
        }
        if let Some((val, _)) = p.options.timestamps {
            *dirs[own].tsvals.entry(i64::from(val)).or_insert(0) += 1;
        }
        let takes = p.payload_len + u32::from(p.flags & SYN != 0) + u32::from(p.flags & FIN != 0);
        // A SYN,ACK of a simultaneous open (this side sent one too) draws an ACK at once from a side that
        // takes it (RFC 9293's first check; Linux adds a D-SACK). This side's first segment that left after
        // the SYN,ACK could have come (the shortest round trip, less an eighth) being anything else says it
        // never came (kernel capture m5_simultaneous_open_synack_lost: data 200 ms later).
        let shortest = round_trip[peer].or(round_trip[own]).unwrap_or(0);
        let bare_ack = p.flags & (SYN | FIN | RST | ACK) == ACK && takes == 0;
        let judges = !bare_ack && dirs[own].synack.is_some();
        dirs[peer].synacks_due(packets, p.ts_ns, shortest - shortest / 8, |j| {
            if judges {
                lost[j] = Some(Evidence::Unanswered);
            }
        });
        // The peer goes on sending after an RST it would have taken: the RST never reached it (a host that
        // took it would have no connection), unless they crossed: the peer's segment must come a round trip
        // after the RST, and an eighth more (the shortest round trip is one sample, and the peer's own timer
        // may fire within the jitter of the RST's arrival: generated run 3011, a close() 0.3 ms past it).
        if p.flags & (RST | SYN) == 0 {
            let shortest = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            let bound = shortest.saturating_add(shortest / 8);
            if let Some(j) = dirs[peer].rst.take() {
                if p.ts_ns.saturating_sub(packets[j].ts_ns) >= bound {
                    lost[j] = Some(Evidence::Answers);
                }
            }
        }
        // A bare RST answering the peer's FIN (unacknowledged: else nothing waits below it), about a round
        // trip after it (half the shortest: the shortest is itself one sample): a host that resets a FIN it
        // will not take as the next number had a gap before it (Linux, after close(): TCPAbortOnData). The
        // peer's data in that gap, never acknowledged, did not arrive: had it come, the reset would have
        // answered it a round trip after it left, and no RST came then. (The answer must come the shortest
        // round trip and half the data's lead on the FIN after the data: a reset of the data itself comes
        // about the shortest round trip after it, so it passes only when its round trip grew by half that
        // lead.)
        if p.flags & (RST | ACK) == RST {
            let bound = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            let quiet_since = dirs[own].rst_at.unwrap_or(0);
            let peer_dir = &mut dirs[peer];
            if let Some((fin_start, fin)) = peer_dir.fin.take() {
                let answer = packets[fin].ack == p.seq;
                if answer && p.ts_ns.saturating_sub(packets[fin].ts_ns) >= bound / 2 {
                    // What waits below the FIN leaves the map either way: each
                    // segment is looked at here once, whatever a file repeats.
                    let rest = peer_dir.waiting.split_off(&fin_start);
                    let fin_at = packets[fin].ts_ns;
                    for (k, j) in std::mem::replace(&mut peer_dir.waiting, rest) {
                        let left = packets[j].ts_ns;
                        let late = bound + fin_at.saturating_sub(left) / 2;
                        if left >= quiet_since && p.ts_ns.saturating_sub(left) >= late {
                            lost[j] = Some(Evidence::ResetFinPastGap);
                            peer_dir.unresent.insert(k, j);
                        }
                    }
                }
            }
            peer_dir.reset_answers(packets, p, bound / 2);
        }
        // The peer reset the connection with data of its own still waiting for an acknowledgment, and this
        // segment's ACK, an answer to the RST (half the shortest round trip after it, as above), still asks
        // for that data: it never arrived, and no one will send it again (Linux: an RST,ACK past RCV.NXT
        // draws a challenge ACK, RFC 5961 3.2). As with the FIN, the data must have had the shortest round
        // trip and half its lead on the RST to arrive before this was sent.
        if p.flags & (RST | SYN | ACK) == ACK {
            let bound = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            // (An ACK that crossed the RST leaves it for the next one.)
            let answer = dirs[peer]
                .reset
                .filter(|&(_, reset)| p.ts_ns.saturating_sub(packets[reset].ts_ns) >= bound / 2);
            if let Some((reset_seq, reset)) = answer {
                let peer_dir = &mut dirs[peer];
                peer_dir.reset = None;
                let rest = peer_dir.waiting.split_off(&reset_seq);
                let reset_at = packets[reset].ts_ns;
                for (k, j) in std::mem::replace(&mut peer_dir.waiting, rest) {
                    let left = packets[j].ts_ns;
                    let late = bound + reset_at.saturating_sub(left) / 2;
                    if j < reset && p.ts_ns.saturating_sub(left) >= late {
                        lost[j] = Some(Evidence::ResetBeforeResend);
                        peer_dir.unresent.insert(k, j);
                    }
                }
            }
        }
        if p.flags & RST != 0 {
            // The first RST counts: after it, its sender's RSTs only answer what arrives (run
            // 4132 at the client, a bare RST for a window update before the challenge ACK to the
            // abort).
            let seq = dirs[own].line.place(p.seq);
            dirs[own].reset = dirs[own].reset.or(Some((seq, i)));
            dirs[own].rst_at = Some(p.ts_ns);
            let exact = dirs[peer].last_ack.is_none_or(|a| a == p.seq);
            dirs[own].rst = exact.then_some(i);
        }
        if p.flags & ACK != 0 {
            (dirs[own].last_ack, dirs[own].last_ack_at) = (Some(p.ack), Some(i));
            dirs[own].last_window = (p.flags & SYN == 0).then_some(p.window);
        }
        // A bare ACK of the peer's SYN,ACK completes the handshake, if it
        // arrives; one of the peer's FIN ends the peer's wait for it.
        let answers = dirs[peer].synack.is_some() || dirs[peer].fin.is_some();
        if p.flags & (SYN | FIN | RST | ACK) == ACK && takes == 0 && answers {
            let ack = dirs[peer].line.place(p.ack);
            if dirs[peer].synack.is_some_and(|(k, _)| ack == k + 1) {
                dirs[own].handshake_ack = Some(i);
            }
            if dirs[peer]
                .fin
                .is_some_and(|(k, f)| ack == fin_number(k, packets[f]) + 1)
            {
                dirs[own].fin_ack = Some(i);
            }
        }
        let start = dirs[own].line.place(p.seq);
        let sack = sack_on(&mut dirs, own, p);
        let beyond = dirs[own].sent_end.is_some_and(|end| start > end) && dirs[peer].line.last.is_some();
        let bare = p.flags & (SYN | FIN | RST | ACK) == ACK && takes == 0 && !sack && beyond;
        let revealer_ack = bare.then(|| dirs[peer].line.place(p.ack));
        dirs[peer].answered_by_unseen(revealer_ack, dirs[own].last_sent, packets, |j| lost[j] = None);
        let dir = &mut dirs[own];
        dir.last_sent = Some(i);
        if takes == 0 {
            continue;
        }
        dir.sent_end = dir.sent_end.max(Some(start + i64::from(takes)));
        // Earlier segments whose first number this one sends again.
        let again: Vec<(i64, usize)> = dir
            .waiting
            .range(start..start + i64::from(takes))
            .map(|(&k, &j)| (k, j))
            .collect();
        repeated[i] = !again.is_empty();
        // (For data, less a sixteenth: at the sender's own host a resend can follow the SACKs that prompted
        // it by microseconds, sooner than the shortest round trip the handshake measured. A SYN's is exact:
        // in a simultaneous open the SYN,ACK follows the SYN by about as much.)
        let round = round_trip[own].unwrap_or(0);
        let bound = if p.flags & SYN == 0 {
            round - round / 16
        } else {
            round
        };
        *dir.copies.entry(start).or_insert(0) += 1;
        for (k, j) in again {
            dir.waiting.remove(&k);
            // The same packet captured twice (two interfaces) is no evidence,
            // nor a copy sent sooner than any acknowledgment could come back.
            if !same_packet(packets[j], p) && p.ts_ns.saturating_sub(packets[j].ts_ns) >= bound {
                lost[j] = Some(Evidence::Answers);
                dir.judged_lost.insert(k, j);
                dir.judged_quiet.push((k, j));
                dir.resent.insert(k, i);
                // A later echo of its TSval may prove it arrived (see above).
                let (first, again) = (packets[j].options.timestamps, p.options.timestamps);
                if let Some(((val, _), (again_val, _))) = first.zip(again) {
                    if val != again_val {
                        dir.echo.insert(i64::from(val), j);
                    }
                }
            }
        }
        // A bare SYN again: its sender never got the SYN,ACK still waiting for an acknowledgment (a host that
        // had would be synchronized and answer with an ACK), unless the two crossed: the SYN must come a
        // round trip of the SYN,ACK's direction (or, not known, of its own) after it.
        if p.flags & (SYN | ACK) == SYN {
            let bound = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            let peer_dir = &mut dirs[peer];
            if let Some((k, j)) = peer_dir.synack {
                let waiting = peer_dir.waiting.get(&k) == Some(&j);
                if waiting && p.ts_ns.saturating_sub(packets[j].ts_ns) >= bound {
                    peer_dir.waiting.remove(&k);
                    lost[j] = Some(Evidence::Answers);
                    peer_dir.judged_lost.insert(k, j);
                    // Its TSval echoed later proves it came after all (run 12611: the SYN held 80 ms).
                    if let Some((val, _)) = packets[j].options.timestamps {
                        peer_dir.echo.insert(i64::from(val), j);
                    }
                }
            }
        }
        // The same SYN,ACK again after the peer's ACK of it was captured: that ACK never arrived (a host that
        // had it would be synchronized and send no SYN,ACK), unless they crossed: the SYN,ACK must come a
        // round trip after the ACK. On Linux this is also what a full accept queue does with a handshake's
        // ACK: it drops it and resends the SYN,ACK. (The ACK's direction's round trip: at an end host the
        // other's is nil; kernel capture c_lost_synack_at_client.)
        if p.flags & (SYN | ACK) == SYN | ACK {
            let again = dirs[own].synack.is_some_and(|(k, _)| k == start);
            let bound = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            if let Some(j) = dirs[peer].handshake_ack.take().filter(|_| again) {
                if p.ts_ns.saturating_sub(packets[j].ts_ns) >= bound {
                    lost[j] = Some(Evidence::Answers);
                }
            }
            dirs[own].synack = Some((start, i));
            dirs[own].synack_sent(i);
        }
        // The same FIN again after the peer's ACK of it was captured: that ACK never arrived (a host that had
        // it would be done waiting, in FIN-WAIT-2, TIME-WAIT or CLOSED, and send no FIN again: the lost last
        // ACK that TIME-WAIT is there for), unless they crossed: the FIN must come a round trip (the ACK's
        // direction's, as above) after the ACK.
        if p.flags & FIN != 0 {
            let again = dirs[own]
                .fin
                .is_some_and(|(k, f)| fin_number(k, packets[f]) == fin_number(start, p));
            let bound = round_trip[peer].or(round_trip[own]).unwrap_or(0);
            if let Some(j) = dirs[peer].fin_ack.take().filter(|_| again) {
                if p.ts_ns.saturating_sub(packets[j].ts_ns) >= bound {
                    lost[j] = Some(Evidence::Answers);
                }
            }
            dirs[own].fin = Some((start, i));
        }
        // Data at the edge of a window the peer closed (its last ACK, window 0) is a probe it
        // cannot take and answers at once (RFC 9293 3.8.6.1): sent again, it was no loss.
        let probe = dirs[peer].last_ack == Some(p.seq) && dirs[peer].last_window == Some(0);
        if p.payload_len == 0 || !probe {
            dirs[own].waiting.insert(start, i);
        }
    }
    let seen = [0, 1].map(|d| seen_rtt[d].or(seen_rtt_of_copies[d]));
    (lost, seen)
}

/// The sequence number of the FIN on `p`, a segment starting at `start`
/// (after its data).
fn fin_number(start: i64, p: &Packet) -> i64 {
    start + i64::from(p.payload_len)
}
