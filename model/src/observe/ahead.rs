//! What the observers learn by looking ahead in the capture once, before
//! they take its first segment: which side listened, and for each segment
//! the next one its receiver sends (where an answer to it would be).

use super::arrival::Input;
use crate::{Header, Side};

/// Each side's first segment (a SYN tells that it opened, an RST that it
/// had no listener).
pub(super) fn first_sent(inputs: &[Input]) -> [Option<Header>; 2] {
    Side::BOTH.map(|s| inputs.iter().find(|i| i.from == s).map(|i| i.header))
}

/// Each side's first SYN,ACK, which says it listened and carries its ISS
/// (even if its first segment is something else: a bare ACK answering a
/// resent SYN after its SYN,ACK was lost). A side whose own first segment
/// is a bare SYN opened actively, even if a SYN of the peer's is captured
/// first: in a simultaneous open both answer with SYN,ACK, and neither
/// listened.
pub(super) fn listening_syn_ack(inputs: &[Input]) -> [Option<Header>; 2] {
    Side::BOTH.map(|s| {
        let mut sent = inputs.iter().filter(|i| i.from == s);
        let opened = sent
            .clone()
            .next()
            .is_some_and(|i| i.header.flags.syn() && !i.header.flags.ack());
        let syn_ack = sent.find(|i| i.header.flags.syn() && i.header.flags.ack());
        syn_ack.filter(|_| !opened).map(|i| i.header)
    })
}

/// For each segment, the next one its receiver sends.
pub(super) fn answered_by(inputs: &[Input]) -> Vec<Option<usize>> {
    let mut out = vec![None; inputs.len()];
    let mut next_from = [None; 2];
    for (k, input) in inputs.iter().enumerate().rev() {
        out[k] = next_from[input.from.peer().index()];
        next_from[input.from.index()] = Some(k);
    }
    out
}
