//! Bare resets in real captures, and what they say about their sender.
//!
//! `<SEQ=SEG.ACK><CTL=RST>` (no ACK flag) is how a host answers a segment
//! that belongs to no connection it has (RFC 9293 3.10.7.1); Linux also
//! answers that way, from a live socket, when data arrives after its
//! application called close() (TCPAbortOnData). Either way it is an answer
//! the receiving host's own input gave, never an application's abort (Linux
//! aborts with RST,ACK). So a capture that shows one tells the observer
//! where its sender was:
//! - `data_after_close.pcap` (`tools/captures/after_close.py data`): the
//!   client close()s, the server sends more half a second later, and the
//!   client, in FIN-WAIT-2, resets: its application will never read it;
//! - `fin_wait_2_expired.pcap` (`after_close.py fin`, tcp_fin_timeout 2 s):
//!   the server closes 4 s later, and its FIN finds no connection: Linux
//!   deleted the orphan in FIN-WAIT-2 when the 2 s ran out, without a
//!   segment, so the client never was in TIME-WAIT;
//! - the kernel scenario `s_rst_below_after_fin`: the server close()s, the
//!   client's data reaches it in FIN-WAIT-1, and it resets (its counters say
//!   TCPAbortOnData; its program never aborts);
//! - the kernel scenario `t_data_crosses_fin` (generated, seed 705): the
//!   client's byte and the server's FIN cross on the path (the capture, in
//!   the middle, holds the byte first), and the server resets it on arrival;
//! - the kernel scenarios `t_fin_past_lost_data` (seed 774) and
//!   `t_fin_past_crossed_data` (seed 733): the client's data is lost after
//!   the capture point, and its FIN reaches the closed server past the gap.
//!   Linux resets the FIN (TCPAbortOnData: data is missing that no one will
//!   read). Had the data arrived, the reset would have answered it a round
//!   trip after it left; the capture shows none, so the data is judged lost;
//! - the kernel scenario `t_abort_past_lost_data` (generated, seed 838): the
//!   server's data is lost after the capture point and the server aborts
//!   before sending it again. Its RST,ACK lies past the client's RCV.NXT, so
//!   the client answers with a challenge ACK that still asks for the data's
//!   first byte (RFC 5961 3.2), and the server, with no connection left,
//!   resets that.
//! - the kernel scenario `t_resets_cross` (after generated runs 2000 and
//!   2025): both applications abort, the client 50 ms after the server,
//!   with 100 ms each way: the client's RST,ACK leaves before the server's
//!   arrives. Each side is closed by its own abort, and each RST reaches a
//!   side that has nothing left to reset.
//! - the kernel scenario `t_ack_crosses_abort` (after generated run 770): the
//!   client's ACK crosses the server's abort and is answered by a server
//!   with no connection.

mod common;

use std::fs;
use std::path::Path;

use common::capture_states as states;

use tcp_model::capture::{flags, read, streams};
use tcp_model::event::{Cause, EventKind, IgnoreReason};
use tcp_model::observe::{self, CaptureRun, ObservedSegment};
use tcp_model::{Call, Purpose, Side, State};

fn run(path: &str) -> CaptureRun {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let capture = read(&bytes).expect("a capture");
    let streams = streams(&capture);
    assert_eq!(streams.len(), 1, "{}", path.display());
    observe::run(&capture, &streams[0])
}

/// The only RST of the capture.
fn the_rst(run: &CaptureRun) -> &ObservedSegment {
    let rsts: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.flags & flags::RST != 0)
        .collect();
    assert_eq!(rsts.len(), 1);
    rsts[0]
}

/// The capture's two RSTs, in order.
fn two_resets(run: &CaptureRun) -> [&ObservedSegment; 2] {
    let resets: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.flags & flags::RST != 0)
        .collect();
    let [first, second] = resets[..] else {
        panic!("two RSTs: {resets:?}")
    };
    [first, second]
}

/// The last segment `side` sent before segment `before`.
fn last_from(run: &CaptureRun, side: Side, before: &ObservedSegment) -> ObservedSegment {
    run.segments[..before.id.0 as usize]
        .iter()
        .rev()
        .find(|s| s.from == side)
        .expect("a segment")
        .clone()
}

/// No state change is put down to an application's abort: none was made.
fn no_abort(run: &CaptureRun) {
    let aborts: Vec<_> = run
        .events
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::StateChanged {
                    cause: Cause::Call { call: Call::Abort },
                    ..
                }
            )
        })
        .collect();
    assert!(aborts.is_empty(), "{aborts:?}");
}

#[test]
fn data_after_close_is_reset_by_a_socket_in_fin_wait_2() {
    use State::*;
    let run = run("captures/data_after_close.pcap");
    let rst = the_rst(&run);
    assert_eq!(rst.from, Side::Client);
    let data = last_from(&run, Side::Server, rst);
    assert!(data.len > 0);
    assert_eq!(
        rst.raw_seq, data.raw_ack,
        "the RST takes its number from the data's ack"
    );
    assert_eq!(rst.observed.rst_purpose, Some(Purpose::RstDataLost));
    assert_eq!(
        states(&run, Side::Client),
        [Closed, SynSent, Established, FinWait1, FinWait2, Closed]
    );
    let end = run.client_states.states.last().unwrap();
    assert_eq!(end.segment, Some(data.id), "the data itself closes it");
    // The server was reset in CLOSE-WAIT, its FIN never sent.
    assert_eq!(
        states(&run, Side::Server),
        [Closed, Listen, SynReceived, Established, CloseWait, Closed]
    );
    no_abort(&run);
}

#[test]
fn a_fin_after_the_fin_wait_2_limit_finds_no_connection() {
    use State::*;
    let run = run("captures/fin_wait_2_expired.pcap");
    let rst = the_rst(&run);
    assert_eq!(rst.from, Side::Client);
    let fin = last_from(&run, Side::Server, rst);
    assert!(fin.flags & flags::FIN != 0 && fin.len == 0);
    assert_eq!(rst.raw_seq, fin.raw_ack);
    assert_eq!(fin.observed.ignored, Some(IgnoreReason::ConnectionGone));
    // No rule of a live connection sends it: it is a host's answer for none.
    assert_eq!(rst.observed.rst_purpose, Some(Purpose::RstNoConnection));
    // Never TIME-WAIT: the connection was gone before the FIN came. The
    // capture cannot date its end; it is drawn where the FIN reveals it.
    assert_eq!(
        states(&run, Side::Client),
        [Closed, SynSent, Established, FinWait1, FinWait2, Closed]
    );
    let end = run.client_states.states.last().unwrap();
    assert_eq!((end.segment, end.since_us), (Some(fin.id), Some(fin.at_us)));
    assert!(run.events.iter().any(|e| matches!(
        e.kind,
        EventKind::StateChanged {
            from: FinWait2,
            to: Closed,
            cause: Cause::Assumed,
            ..
        }
    )));
    assert_eq!(
        states(&run, Side::Server),
        [
            Closed,
            Listen,
            SynReceived,
            Established,
            CloseWait,
            LastAck,
            Closed
        ]
    );
    no_abort(&run);
}

/// The server, in FIN-WAIT-1 after its close(), resets `data` (whose ack
/// the RST takes as its number) for the rules' reason, and closes on it.
fn server_resets_data_in_fin_wait_1(run: &CaptureRun, data: &ObservedSegment) {
    use State::*;
    let rst = the_rst(run);
    assert_eq!(rst.from, Side::Server);
    assert!(data.from == Side::Client && data.len > 0);
    assert_eq!(rst.raw_seq, data.raw_ack);
    assert_eq!(rst.observed.rst_purpose, Some(Purpose::RstDataLost));
    assert_eq!(
        states(run, Side::Server),
        [Closed, Listen, SynReceived, Established, FinWait1, Closed]
    );
    assert_eq!(run.server_states.states.last().unwrap().segment, Some(data.id));
    no_abort(run);
}

#[test]
fn data_reaching_a_closed_server_in_fin_wait_1_is_reset_for_it() {
    let run = run("kernel_captures/s_rst_below_after_fin.pcap");
    // The RST answers the data, not the client's FIN captured after it
    // (which the relay then dropped): its number is the data's ack.
    let data = run
        .segments
        .iter()
        .find(|s| s.from == Side::Client && s.len > 0)
        .unwrap();
    server_resets_data_in_fin_wait_1(&run, data);
}

#[test]
fn data_that_crossed_the_fin_is_reset_when_it_arrives() {
    let run = run("kernel_captures/t_data_crosses_fin.pcap");
    let rst = the_rst(&run);
    let data = last_from(&run, Side::Client, rst);
    let fin = last_from(&run, Side::Server, rst);
    assert!(fin.flags & flags::FIN != 0);
    assert!(data.id < fin.id, "the capture holds the data first");
    server_resets_data_in_fin_wait_1(&run, &data);
}

/// The client's last data, never acknowledged, was lost after the capture
/// point; the server, closed by its application, resets the FIN behind it,
/// for the rules' reason, and never took the data.
fn server_resets_a_fin_past_lost_data(name: &str, server_states: &[State]) {
    let run = run(&format!("kernel_captures/{name}.pcap"));
    let rst = the_rst(&run);
    assert_eq!(rst.from, Side::Server);
    let fin = last_from(&run, Side::Client, rst);
    assert!(fin.flags & flags::FIN != 0 && fin.len == 0, "{name}");
    assert_eq!(rst.raw_seq, fin.raw_ack, "{name}: the RST answers the FIN");
    let data = last_from(&run, Side::Client, &fin);
    assert!(data.len > 0, "{name}");
    assert!(data.observed.lost_after_capture, "{name}: the data never arrived");
    assert!(!fin.observed.lost_after_capture, "{name}");
    assert_eq!(rst.observed.rst_purpose, Some(Purpose::RstDataLost), "{name}");
    assert_eq!(fin.observed.ignored, None, "{name}: the connection was there");
    assert_eq!(states(&run, Side::Server), server_states, "{name}");
    assert_eq!(
        run.server_states.states.last().unwrap().segment,
        Some(fin.id),
        "{name}: the FIN closes it"
    );
    assert!(
        !run.events.iter().any(|e| matches!(
            e.kind,
            EventKind::DataReceived { segment, .. } if segment == data.id
        )),
        "{name}: the server never takes the lost data"
    );
    no_abort(&run);
}

#[test]
fn a_fin_past_data_lost_after_the_capture_point_is_reset_by_the_closed_server() {
    use State::*;
    // In the second the server's FIN crossed the data: FIN-WAIT-1 until the
    // client's FIN acknowledges it, and that FIN is reset. Same states.
    for name in ["t_fin_past_lost_data", "t_fin_past_crossed_data"] {
        server_resets_a_fin_past_lost_data(
            name,
            &[
                Closed,
                Listen,
                SynReceived,
                Established,
                FinWait1,
                FinWait2,
                Closed,
            ],
        );
    }
}

/// A connection in TIME-WAIT has no application left to call anything: in
/// no capture of the corpus or of the kernel scenarios does a call end it.
#[test]
fn no_call_ends_time_wait_in_any_capture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut streams_seen = 0;
    for folder in ["captures", "kernel_captures"] {
        let mut names: Vec<_> = fs::read_dir(root.join(folder))
            .expect("a fixture folder")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".pcap") || n.ends_with(".pcapng"))
            .collect();
        names.sort();
        for name in names {
            let capture = read(&fs::read(root.join(folder).join(&name)).unwrap()).expect("a capture");
            for stream in streams(&capture) {
                let run = observe::run(&capture, &stream);
                for e in &run.events {
                    if let EventKind::StateChanged {
                        from: State::TimeWait,
                        cause: Cause::Call { call },
                        ..
                    } = e.kind
                    {
                        panic!(
                            "{folder}/{name} stream {}: TIME-WAIT ended by {call:?}",
                            stream.index
                        );
                    }
                }
                streams_seen += 1;
            }
        }
    }
    assert!(streams_seen >= 101, "{streams_seen}");
}

#[test]
fn data_lost_before_its_sender_aborts_is_never_delivered() {
    use State::*;
    let run = run("kernel_captures/t_abort_past_lost_data.pcap");
    let [abort, last] = two_resets(&run);
    assert_eq!((abort.from, last.from), (Side::Server, Side::Server));
    assert!(abort.flags & flags::ACK != 0, "the abort is an RST,ACK");
    let data = last_from(&run, Side::Server, abort);
    assert!(data.len > 0);
    assert!(data.observed.lost_after_capture && data.observed.lost_before_own_reset);
    assert!(!data.observed.lost_before_reset);
    // The client's answer asks for the data's first byte: it never came.
    let answer = last_from(&run, Side::Client, last);
    assert!(answer.id > abort.id && answer.len == 0);
    assert_eq!(answer.raw_ack, data.raw_seq);
    assert!(
        answer.observed.challenge_ack,
        "the client's rules challenge the RST"
    );
    let replayed = observe::replay(&run);
    assert_eq!(
        replayed.segment(answer.id).unwrap().purpose,
        Purpose::ChallengeAck
    );
    assert_eq!(abort.observed.ignored, Some(IgnoreReason::RstNotExact));
    assert_eq!(answer.observed.ignored, Some(IgnoreReason::ConnectionGone));
    assert!(
        !run.events.iter().any(|e| matches!(
            e.kind,
            EventKind::DataReceived { segment, .. } if segment == data.id
        )),
        "the client never takes the lost data"
    );
    assert_eq!(states(&run, Side::Client), [Closed, SynSent, Established, Closed]);
    assert_eq!(
        run.client_states.states.last().unwrap().segment,
        Some(last.id),
        "the last RST closes the client"
    );
}

#[test]
fn resets_that_cross_close_each_side_by_its_own_abort() {
    use State::*;
    let run = run("kernel_captures/t_resets_cross.pcap");
    let [first, second] = two_resets(&run);
    assert_eq!((first.from, second.from), (Side::Server, Side::Client));
    assert!(first.flags & second.flags & flags::ACK != 0, "two aborts");
    for (side, rst) in [(Side::Server, first), (Side::Client, second)] {
        assert_eq!(states(&run, side).last(), Some(&Closed), "{side}");
        let closed = run
            .events
            .iter()
            .find(|e| e.side == Some(side) && matches!(e.kind, EventKind::StateChanged { to: Closed, .. }))
            .expect("closed");
        assert!(
            matches!(
                closed.kind,
                EventKind::StateChanged {
                    cause: Cause::Call { call: Call::Abort },
                    ..
                }
            ),
            "{side} is closed by its own abort, not by the peer's RST: {closed:?}"
        );
        // Each reaches a side whose own abort has already ended it.
        assert_eq!(
            rst.observed.ignored,
            Some(IgnoreReason::ResetAfterEnd),
            "{side}'s RST finds its peer closed"
        );
    }
    // The server's RST reaches the client only after the client's own left.
    let arrival = |id| {
        run.passages
            .iter()
            .find(|p| p.segment == id && p.arrived)
            .map(|p| p.at_us)
    };
    assert!(arrival(first.id).expect("arrives") >= second.at_us);
    let replayed = observe::replay(&run);
    for rst in [first, second] {
        assert_eq!(replayed.segment(rst.id).unwrap().purpose, Purpose::RstActive);
    }
}

/// Once a side's connection has ended (the observer took it to CLOSED), all
/// it can send is a bare RST answering a segment (RFC 9293 3.10.7.1), or a
/// SYN opening a new one: anything else it is seen to send shows that what
/// ended it, in the observer's reading, had not arrived yet. Over every
/// committed capture, and a folder of generated kernel runs with
/// `KERNEL_CAPTURES=DIR`. (Before the observer held back an RST its
/// receiver answered with an abort, an ACK or a FIN, `j_abort` and
/// `t_resets_cross` broke this.)
#[test]
fn a_side_whose_connection_ended_sends_only_bare_resets() {
    let (kernel, _) = common::kernel_folder("KERNEL_CAPTURES", "kernel_captures");
    let mut paths: Vec<_> = fs::read_dir(&kernel)
        .expect("kernel captures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "pcap"))
        .collect();
    paths.sort();
    let mut files: Vec<_> = paths
        .iter()
        .map(|p| (p.display().to_string(), fs::read(p).expect("readable")))
        .collect();
    let corpus = common::capture_files("captures");
    files.extend(
        corpus
            .into_iter()
            .enumerate()
            .map(|(n, f)| (format!("corpus file {n}"), f)),
    );
    let (mut wrong, mut ended_seen) = (Vec::new(), 0);
    for (n, bytes) in &files {
        let capture = read(bytes).expect("a capture");
        for stream in streams(&capture) {
            let run = observe::run(&capture, &stream);
            let mut ended = [false; 2];
            let mut applied = 0;
            for p in &run.passages {
                for e in &run.events[applied..p.before_event] {
                    if let (Some(side), EventKind::StateChanged { from, to, .. }) = (e.side, &e.kind) {
                        ended[side.index()] = *to == State::Closed && *from != State::Closed;
                        ended_seen += usize::from(ended[side.index()]);
                    }
                }
                applied = applied.max(p.before_event);
                let seg = &run.segments[p.segment.0 as usize];
                let bare_rst = seg.flags & (flags::RST | flags::ACK) == flags::RST;
                let new_syn = seg.flags & (flags::SYN | flags::ACK) == flags::SYN;
                // (The path's second copy of a packet is none of its sender's,
                // and one the path held back left before, by its timestamp.)
                let sent = seg.observed.duplicate_of.is_none() && seg.observed.overtaken_by.is_none();
                if !p.arrived && sent && ended[seg.from.index()] && !bare_rst && !new_syn {
                    wrong.push(format!(
                        "{n} stream {}: {} sends {} seq {} after its connection ended",
                        stream.index,
                        seg.from,
                        seg.flag_names(),
                        seg.seq
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(ended_seen >= 20, "{ended_seen} connections seen ending");
}

/// The kernel scenario `t_ack_crosses_abort`: the server aborts 150 ms
/// after sending, and the client's ACK of that data, on its way, reaches a
/// server with no connection, which answers it with a bare RST. The ACK is
/// taken after the abort (the answer says so), never by a live server.
#[test]
fn an_ack_that_crosses_an_abort_is_answered_for_no_connection() {
    let run = run("kernel_captures/t_ack_crosses_abort.pcap");
    let [abort, answer] = two_resets(&run);
    assert_eq!((abort.from, answer.from), (Side::Server, Side::Server));
    let ack = last_from(&run, Side::Client, abort);
    assert!(
        ack.len == 0 && ack.raw_ack == answer.raw_seq,
        "the answer names the ACK"
    );
    assert_eq!(ack.observed.ignored, Some(IgnoreReason::ConnectionGone));
    let replayed = observe::replay(&run);
    assert_eq!(
        replayed.segment(answer.id).unwrap().purpose,
        Purpose::RstNoConnection
    );
    assert_eq!(replayed.segment(abort.id).unwrap().purpose, Purpose::RstActive);
    assert_eq!(answer.observed.ignored, Some(IgnoreReason::ResetAfterEnd));
}

/// The kernel-only capture `u_acks_after_abort` (generated run 3022): the
/// client aborts while the server's ACKs of its last data are on their way,
/// with its own data still leaving after some of them were sent; each ACK
/// that reaches it is answered with a bare RST at its number. Every one of
/// those resets answers its ACK (none is left as "the capture shows what
/// was sent, not why"), each ACK is taken only after the abort, and the
/// client stays ESTABLISHED until its own RST,ACK. Before, the resets were
/// matched to nothing (the client's data between each ACK and its answer
/// hid the match), and once matched, the ACKs closed the client 45 ms
/// before its abort.
#[test]
fn acks_that_reach_a_side_after_its_abort_are_each_answered() {
    let run = run("kernel_captures/u_acks_after_abort.pcap");
    let replayed = observe::replay(&run);
    let abort = run
        .segments
        .iter()
        .find(|s| s.from == Side::Client && s.flags & flags::RST != 0 && s.flags & flags::ACK != 0)
        .expect("the client's abort");
    let answers: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.from == Side::Client && s.flags == flags::RST)
        .collect();
    assert!(answers.len() >= 10, "{} bare RSTs", answers.len());
    for rst in &answers {
        assert_eq!(
            replayed.segment(rst.id).unwrap().purpose,
            Purpose::RstNoConnection,
            "#{}",
            rst.id.0
        );
        let ack = run
            .segments
            .iter()
            .rfind(|s| s.from == Side::Server && s.id < rst.id && s.raw_ack == rst.raw_seq)
            .expect("the ACK it answers");
        assert_eq!(
            ack.observed.ignored,
            Some(IgnoreReason::ConnectionGone),
            "#{}",
            ack.id.0
        );
    }
    // ESTABLISHED, then CLOSED when it aborts (by its application's call,
    // which is why no segment is the cause).
    let spans = &run.client_states.states;
    let closed = spans
        .iter()
        .rposition(|s| s.state == State::Closed)
        .expect("closed");
    assert_eq!(spans[closed - 1].state, State::Established);
    assert_eq!(
        spans[closed].since_us,
        Some(abort.at_us),
        "the client closes at its own abort"
    );
}
