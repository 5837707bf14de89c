//! Tests of `lost.rs` on packets built by hand: the unseen-answer rule
//! (`Direction::answered_by_unseen`) in the story of kernel run 10826, and
//! the evidence that turns it off.

use super::lost::{after_capture, Evidence};
use super::Packet;
use crate::capture::flags::{ACK, FIN, SYN};

const CLIENT: u32 = 1000;
const SERVER: u32 = 8000;

/// A packet `ms` into the capture, from the client when `up`.
fn packet(ms: u64, up: bool, flags: u8, (seq, ack): (u32, u32), len: u32) -> Packet {
    let mut p = Packet {
        ts_ns: ms * 1_000_000,
        flags,
        seq,
        ack,
        payload_len: len,
        window: 500,
        ..crate::capture::test_packet()
    };
    if !up {
        std::mem::swap(&mut p.src, &mut p.dst);
        std::mem::swap(&mut p.src_port, &mut p.dst_port);
    }
    p
}

/// A handshake (SYNs offering SACK when `sack`), 10 bytes from the client,
/// the server's FIN at 1,000 ms and again at 1,300 ms, then the client's
/// bare ACK of it at 1,550 ms (more than a round trip after the copy) starting one past the client's 10 bytes: a
/// segment of the client's (its FIN,ACK) the capture never held. `between`
/// goes in after the handshake, at 500 ms. Returns the FIN's judgment.
fn first_fin(sack: bool, between: Option<Packet>) -> Option<Evidence> {
    let mut packets = vec![
        packet(0, true, SYN, (CLIENT, 0), 0),
        packet(100, false, SYN | ACK, (SERVER, CLIENT + 1), 0),
        packet(200, true, ACK, (CLIENT + 1, SERVER + 1), 0),
        packet(210, true, ACK, (CLIENT + 1, SERVER + 1), 10),
        packet(310, false, ACK, (SERVER + 1, CLIENT + 11), 0),
    ];
    for p in &mut packets[..2] {
        p.options.sack_permitted = sack;
    }
    packets.extend(between);
    let fin = packets.len();
    packets.push(packet(1000, false, FIN | ACK, (SERVER + 1, CLIENT + 11), 0));
    packets.push(packet(1300, false, FIN | ACK, (SERVER + 1, CLIENT + 11), 0));
    packets.push(packet(1550, true, ACK, (CLIENT + 12, SERVER + 2), 0));
    let refs: Vec<&Packet> = packets.iter().collect();
    let client = packets[0].src;
    after_capture(&refs, |p| p.src == client).0[fin]
}

#[test]
fn an_unseen_answer_keeps_the_first_fin_from_being_judged_lost() {
    assert_eq!(first_fin(false, None), None);
}

#[test]
fn with_sack_on_both_ways_a_copy_acked_without_a_dsack_stays_lost() {
    assert_eq!(first_fin(true, None), Some(Evidence::Answers));
    // No SYN offered it, but a SACK block proves it on (a capture started
    // after the handshake would not show the SYNs).
    let mut sacked = packet(500, true, ACK, (CLIENT + 11, SERVER + 1), 0);
    sacked.options.sack = vec![(SERVER + 100, SERVER + 200)];
    assert_eq!(first_fin(false, Some(sacked)), Some(Evidence::Answers));
}

#[test]
fn a_segment_of_the_peer_after_the_first_copy_leaves_it_judged_lost() {
    // The client's ACK at 1,100 ms, after the FIN and not acknowledging it:
    // the FIN had not come by then, so the unseen answer need not be its.
    let packets = [
        packet(0, true, SYN, (CLIENT, 0), 0),
        packet(100, false, SYN | ACK, (SERVER, CLIENT + 1), 0),
        packet(200, true, ACK, (CLIENT + 1, SERVER + 1), 0),
        packet(210, true, ACK, (CLIENT + 1, SERVER + 1), 10),
        packet(310, false, ACK, (SERVER + 1, CLIENT + 11), 0),
        packet(1000, false, FIN | ACK, (SERVER + 1, CLIENT + 11), 0),
        packet(1100, true, ACK, (CLIENT + 11, SERVER + 1), 0),
        packet(1300, false, FIN | ACK, (SERVER + 1, CLIENT + 11), 0),
        packet(1550, true, ACK, (CLIENT + 12, SERVER + 2), 0),
    ];
    let refs: Vec<&Packet> = packets.iter().collect();
    let client = packets[0].src;
    assert_eq!(
        after_capture(&refs, |p| p.src == client).0[5],
        Some(Evidence::Answers)
    );
}
