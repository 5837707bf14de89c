//! The widget's own runs as captures: each built-in's client capture (the
//! Share panel's pcap) read back by the capture reader and explained by the
//! observer must give each side the states the model took it through, as
//! far as a capture at the client can show them. A capture ends with its
//! last packet, so a close on a timer after it (TIME-WAIT's end) is not in
//! it; what else the client's capture cannot show is listed, with why.

use tcp_model::capture::{read, streams};
use tcp_model::event::IgnoreReason;
use tcp_model::export::pcap;
use tcp_model::library::BUILTINS;
use tcp_model::view::Moment;
use tcp_model::{observe, Side, Simulation, State, Time};

/// States a server went through that the client's capture cannot show.
const UNSEEN_AT_THE_CLIENT: &[(&str, &str)] = &[
    // The server listens and never sends: nothing of it passes the client.
    ("connect-timeout", "a listener that never answers"),
    // The old SYN is forged at the server's side of the network.
    (
        "old-duplicate-syn",
        "the forged SYN and the server's first SYN-RECEIVED",
    ),
    // Which of the crossing SYNs reached the server first is seen only there.
    ("simultaneous-open", "the server's SYN-RECEIVED"),
];

/// A side's states, repeats merged.
fn states(list: impl Iterator<Item = State>) -> Vec<State> {
    let mut v: Vec<State> = list.collect();
    v.dedup();
    v
}

fn run(name: &str) -> (Simulation, observe::CaptureRun) {
    let b = tcp_model::library::builtin(name).expect("a built-in");
    let mut sim = Simulation::new(&b.scenario()).expect("it runs");
    sim.run_until_finished(Time(600_000));
    let file = pcap::write(&pcap::at_client(&sim, sim.last_event_time()));
    let capture = read(&file).unwrap_or_else(|e| panic!("{name}: its capture reads: {e}"));
    let all = streams(&capture);
    assert_eq!(all.len(), 1, "{name}: one connection");
    let observed = observe::run(&capture, &all[0]);
    (sim, observed)
}

#[test]
fn every_built_ins_client_capture_reads_back_as_the_states_it_went_through() {
    let mut compared = 0;
    for b in BUILTINS {
        let (sim, observed) = run(b.name);
        let end = Moment::At(sim.last_event_time());
        for side in Side::BOTH {
            if side == Side::Server && UNSEEN_AT_THE_CLIENT.iter().any(|(n, _)| *n == b.name) {
                continue;
            }
            let mut truth = states(sim.state_bands(side, end).iter().map(|band| band.state));
            let seen = states(observed.states(side).states.iter().map(|s| s.state));
            if truth.len() == seen.len() + 1 && truth.last() == Some(&State::Closed) {
                truth.pop(); // closed by a timer after the last packet
            }
            assert_eq!(
                seen, truth,
                "{}: the {side}'s states, read from its capture",
                b.name
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 2 * BUILTINS.len() - UNSEEN_AT_THE_CLIENT.len());
}

#[test]
fn an_old_duplicates_syn_ack_and_the_clients_rst_leave_the_client_in_syn_sent() {
    // RFC 9293 3.10.7.3: SYN-SENT answers a SYN,ACK that does not
    // acknowledge its SYN with <SEQ=SEG.ACK><CTL=RST> and stays. The
    // observer took that RST for a client with no connection left.
    let (_, observed) = run("old-duplicate-syn");
    let client = states(observed.states(Side::Client).states.iter().map(|s| s.state));
    assert_eq!(&client[..3], [State::Closed, State::SynSent, State::Established]);
    let old = &observed.segments[1];
    assert_eq!(
        (old.from, old.raw_ack),
        (Side::Server, 91),
        "the SYN,ACK of the old SYN (seq 90)"
    );
    assert_eq!(old.observed.ignored, Some(IgnoreReason::UnacceptableAck));
    let rst = &observed.segments[2];
    assert_eq!(
        (rst.from, rst.raw_seq, rst.flags),
        (Side::Client, 91, tcp_model::capture::flags::RST),
        "the client's answer: <SEQ=SEG.ACK><CTL=RST>"
    );
}

#[test]
fn a_listener_whose_first_segment_is_not_its_syn_ack_keeps_its_iss() {
    // The SYN,ACK is lost; the resent SYN finds the server in SYN-RECEIVED,
    // which answers with a bare ACK (RFC 9293 3.10.7.4), before it resends
    // its SYN,ACK. The observer took the ISS from the server's first segment
    // only if it was a SYN, so every later ACK of the client's looked wrong
    // and the server was drawn closing first.
    let (_, observed) = run("lost-syn-ack");
    let first = observed
        .segments
        .iter()
        .find(|s| s.from == Side::Server)
        .expect("the server sends");
    assert_eq!(
        first.flags,
        tcp_model::capture::flags::ACK,
        "the server's first segment is its bare ACK"
    );
    let server = states(observed.states(Side::Server).states.iter().map(|s| s.state));
    assert_eq!(
        server,
        [
            State::Closed,
            State::Listen,
            State::SynReceived,
            State::Established,
            State::CloseWait,
            State::LastAck,
            State::Closed
        ]
    );
}
