//! Transitions that need a host around the TCB: the listening socket (CLOSED
//! → LISTEN, LISTEN → CLOSED, LISTEN → SYN-SENT), a closed port answering
//! with RST, and data arriving after close(). Each runs two programs through
//! the whole simulation; expected segments and states are derived by hand
//! (100 ms one way, 10 ms between two segments from one host, RTO 1 s).

mod common;

use common::{assert_lines, describe_run, run_json};
use tcp_model::call::{Outcome, SocketError};
use tcp_model::event::{Cause, Conn};
use tcp_model::{Call, EventKind, Side, Simulation, State};

/// The main connection's state changes on `side`, as (from, to, cause, at ms).
fn transitions(sim: &Simulation, side: Side) -> Vec<(State, State, Cause, u64)> {
    sim.events()
        .iter()
        .filter(|e| e.side == Some(side))
        .filter_map(|e| match e.kind {
            EventKind::StateChanged {
                conn: Conn::Main,
                from,
                to,
                cause,
            } => Some((from, to, cause, e.at.0)),
            _ => None,
        })
        .collect()
}

fn call(call: Call) -> Cause {
    Cause::Call { call }
}

#[test]
fn closed_listen_enters_listen_and_listen_close_enters_closed() {
    // The server listens, then closes its listening socket at 100 ms; the
    // client's SYN at 300 ms finds nobody: RFC 9293 3.10.7.1, CLOSED answers
    // a segment without ACK with <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    let sim = run_json(
        r#"{"client":{"isn":1000,"program":["sleep 200","connect"]},
            "server":{"isn":8000,"program":["listen","sleep 100","close"]}}"#,
    );
    assert_eq!(
        transitions(&sim, Side::Server),
        [
            (State::Closed, State::Listen, call(Call::Listen), 0),
            (State::Listen, State::Closed, call(Call::Close), 100),
        ]
    );
    assert_lines(
        "200 300 client SYN     1000    -  0 syn
         300 400 server RST,ACK    0 1001  0 rst-no-connection
         client: CLOSED@0 SYN-SENT@200 CLOSED@400
         server: CLOSED@0 LISTEN@0 CLOSED@100",
        &describe_run(&sim),
    );
}

#[test]
fn listen_receives_syn_enters_syn_received() {
    let sim = run_json(
        r#"{"client":{"isn":1000,"program":["connect","close"]},
            "server":{"isn":8000,"program":["listen","accept","recv eof","close"]}}"#,
    );
    let server = transitions(&sim, Side::Server);
    // RFC 9293 3.10.7.2 third: the SYN (segment 0) arrives at 100 ms.
    assert_eq!(
        server[1],
        (
            State::Listen,
            State::SynReceived,
            Cause::Segment {
                segment: tcp_model::SegmentId(0)
            },
            100
        )
    );
}

#[test]
fn listen_connect_enters_syn_sent_and_stops_listening() {
    // RFC 9293 3.10.2, SEND in LISTEN: "change the connection from passive to
    // active, select an ISS. Send a SYN segment ... Enter SYN-SENT state."
    // The client listens, then connects at once. A stray SYN at 50 ms proves it
    // no longer listens: a host without listener or connection for it answers
    // with RST,ACK (3.10.7.1), sent into the void (the source is spoofed).
    let sim = run_json(
        r#"{"client":{"isn":1000,"program":["listen","connect","send 20","close"]},
            "server":{"isn":8000,"program":["listen","accept","recv 20","recv eof","close"]},
            "inject":[{"at_ms":50,"from":"spoofed","to":"client","flags":"SYN","seq":5000}]}"#,
    );
    assert_eq!(
        transitions(&sim, Side::Client)[..2],
        [
            (State::Closed, State::Listen, call(Call::Listen), 0),
            (State::Listen, State::SynSent, call(Call::Connect), 0),
        ]
    );
    // The rest is an ordinary active open and close: the client's FIN follows
    // its data (close() at 200 ms), the server ACKs data and FIN, then closes.
    assert_lines(
        "  0 100 client SYN     1000    -  0 syn
          50 150 spoofed SYN    5000    -  0 injected
         100 200 server SYN,ACK 8000 1001  0 syn-ack
         150 250 client RST,ACK    0 5001  0 rst-no-connection
         200 300 client ACK     1001 8001  0 handshake-ack
         210 310 client PSH,ACK 1001 8001 20 data
         220 320 client FIN,ACK 1021 8001  0 fin
         310 410 server ACK     8001 1021  0 ack-data
         320 420 server ACK     8001 1022  0 ack-fin
         330 430 server FIN,ACK 8001 1022  0 fin
         430 530 client ACK     1022 8002  0 ack-fin
         client: CLOSED@0 LISTEN@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@200 FIN-WAIT-2@420 TIME-WAIT@430 CLOSED@2430
         server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@320 LAST-ACK@320 CLOSED@530",
        &describe_run(&sim),
    );
}

#[test]
fn listen_connect_fails_once_a_connection_came_in() {
    // The server's SYN reaches the listening client at 100 ms and the
    // connection is established (waiting for accept) at 300 ms, when the
    // client calls connect: the passive socket has a connection, so it cannot
    // turn active (EINVAL), and the connection it has is untouched.
    let sim = run_json(
        r#"{"client":{"isn":1000,"program":["listen","sleep 300","connect"]},
            "server":{"isn":8000,"program":["connect","recv eof","close"]}}"#,
    );
    let failed = sim.events().iter().any(|e| {
        e.side == Some(Side::Client)
            && e.at.0 == 300
            && e.kind
                == EventKind::CallReturned {
                    call: Call::Connect,
                    outcome: Outcome::Failed {
                        error: SocketError::InvalidState,
                    },
                }
    });
    assert!(failed, "connect() after a connection came in must fail");
    assert_eq!(sim.state(Side::Client), State::Established);
}

#[test]
fn data_after_close_is_answered_with_rst() {
    // The client closes right after the handshake; the server sends 20 bytes
    // later. RFC 1122 4.2.2.13: "if new data is received after CLOSE is called,
    // its TCP SHOULD send a RST to show that data was lost": RST <SEQ=SND.NXT>
    // (1002, after the client's FIN) at 700 ms; the client is CLOSED. The
    // server's FIN, 10 ms behind its data, then meets a host with no
    // connection: RST <SEQ=SEG.ACK> (3.10.7.1). The first RST sits at the
    // server's RCV.NXT (1002): LAST-ACK → CLOSED at 800 ms; the second finds
    // only the listener, which ignores an RST (3.10.7.2).
    let sim = run_json(
        r#"{"client":{"isn":1000,"program":["connect","close"]},
            "server":{"isn":8000,"program":["listen","accept","sleep 300","send 20","close"]}}"#,
    );
    assert_lines(
        "  0 100 client SYN     1000    -  0 syn
         100 200 server SYN,ACK 8000 1001  0 syn-ack
         200 300 client ACK     1001 8001  0 handshake-ack
         210 310 client FIN,ACK 1001 8001  0 fin
         310 410 server ACK     8001 1002  0 ack-fin
         600 700 server PSH,ACK 8001 1002 20 data
         610 710 server FIN,ACK 8021 1002  0 fin
         700 800 client RST     1002    -  0 rst-data-lost
         710 810 client RST     1002    -  0 rst-no-connection
         client: CLOSED@0 SYN-SENT@0 ESTABLISHED@200 FIN-WAIT-1@200 FIN-WAIT-2@410 CLOSED@700
         server: CLOSED@0 LISTEN@0 SYN-RECEIVED@100 ESTABLISHED@300 CLOSE-WAIT@310 LAST-ACK@600 CLOSED@800",
        &describe_run(&sim),
    );
}

/// Every state change of every built-in lesson is an edge of RFC 9293's
/// Figure 5, or one the figure leaves out: a reset, abort or timeout back to
/// CLOSED or LISTEN.
#[test]
fn every_transition_of_the_builtins_is_in_figure_5_unless_it_is_a_reset() {
    for b in tcp_model::library::BUILTINS {
        let sim = common::run(&b.scenario());
        for side in [Side::Client, Side::Server] {
            for (from, to, _, at) in transitions(&sim, side) {
                let reset = matches!(to, State::Closed | State::Listen);
                assert!(
                    State::FIGURE_5.contains(&(from, to)) || reset,
                    "{}: {from} → {to} at {at} ms is not in the figure",
                    b.name
                );
            }
        }
    }
}
