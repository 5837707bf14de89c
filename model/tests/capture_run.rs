//! `tcp_model::observe` against Wireshark and against Linux, on the capture
//! corpus (`fixtures/captures/`, made by real tools: see
//! `tools/captures/README.md`):
//! - every segment of every stream of every file (and of the kernel
//!   scenarios' captures, `fixtures/kernel_captures/`) is compared with
//!   tshark's reading of it (`F.analysis.csv`): sender, flags, relative
//!   sequence and acknowledgment numbers, length, window and each
//!   `tcp.analysis` mark;
//! - each side's last inferred state is compared with what `ss` reported
//!   for its socket right after the capture (`F.ss.txt`);
//! - the connections the corpus was made to show (curl against
//!   http.server, a refused connection, a half-close, a capture begun
//!   mid-connection, a closing window, segments dropped after the capture
//!   point) have the states and notes their making implies.
//!
//! tshark is not needed to run these tests, only to remake the corpus.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{capture_states as states, hand_capture, hand_packet};
use tcp_model::capture::{flags, read, streams, Capture, Packet, TcpOptions};
use tcp_model::event::{EventKind, IgnoreReason};
use tcp_model::observe::{self, CaptureRun, Start};
use tcp_model::{Side, State};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/captures")
}

/// The kernel scenarios' own captures (see `capture_kernel.rs`), which also
/// have tshark's reading beside them; named relative to the corpus folder.
fn kernel_captures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kernel_captures");
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("kernel captures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| {
            n.strip_suffix(".analysis.csv")
                .map(|n| format!("../kernel_captures/{n}"))
        })
        .collect();
    names.sort();
    names
}

fn text(name: &str) -> String {
    let path = corpus().join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn capture(name: &str) -> Capture {
    let path = corpus().join(name);
    read(&fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every stream of a corpus file, explained.
fn runs(name: &str) -> Vec<CaptureRun> {
    let c = capture(name);
    streams(&c).iter().map(|s| observe::run(&c, s)).collect()
}

/// The corpus files that have a file with this suffix beside them, sorted.
fn files_with(suffix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus())
        .expect("corpus folder")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(suffix).map(String::from))
        .collect();
    names.sort();
    names
}

fn last_state(run: &CaptureRun, side: Side) -> State {
    *states(run, side).last().expect("at least CLOSED")
}

/// One line of `F.analysis.csv` as column name -> value.
type Row = common::CsvRow;

fn analysis_rows(name: &str) -> Vec<Row> {
    common::csv_rows(name, &text(&format!("{name}.analysis.csv")))
}

fn number(row: &Row, column: &str) -> u64 {
    let v = &row[column];
    let v = v
        .strip_prefix("0x")
        .map_or_else(|| v.parse(), |hex| u64::from_str_radix(hex, 16));
    v.unwrap_or_else(|_| panic!("{column}: {:?}", row[column]))
}

#[test]
fn every_segment_reads_as_tshark_reads_it() {
    let (corpus, kernel) = (files_with(".analysis.csv"), kernel_captures());
    assert!(
        corpus.len() >= 34 && kernel.len() >= 20,
        "corpus incomplete: {corpus:?} {kernel:?}"
    );
    let files: Vec<String> = corpus.into_iter().chain(kernel).collect();
    let (mut compared, mut marked) = (0, 0);
    let mut diffs = Vec::new();
    for name in &files {
        let runs = runs(name);
        // frame -> (run, segment)
        let mut by_frame = HashMap::new();
        for run in &runs {
            for s in &run.segments {
                assert!(
                    by_frame.insert(s.frame, (run, s)).is_none(),
                    "{name}: frame {} twice",
                    s.frame
                );
            }
        }
        let rows = analysis_rows(name);
        for row in &rows {
            let frame = number(row, "frame.number") as u32;
            // Frames the reader skips (a TCP header cut by the snapshot length)
            // are counted by the reader's own test.
            let Some(&(run, s)) = by_frame.get(&frame) else {
                continue;
            };
            compared += 1;
            let mut check = |what: &str, ours: u64, theirs: u64| {
                if ours != theirs {
                    diffs.push(format!("{name} frame {frame}: {what} {ours}, tshark {theirs}"));
                }
            };
            check("stream", run.stream.into(), number(row, "tcp.stream"));
            check(
                "source port",
                run.endpoint(s.from).port.into(),
                number(row, "tcp.srcport"),
            );
            check("flags", s.flags.into(), number(row, "tcp.flags") & 0xff);
            check("seq", s.seq.into(), number(row, "tcp.seq"));
            if s.flags & flags::ACK != 0 {
                check("ack", s.ack.into(), number(row, "tcp.ack"));
            }
            check("len", s.len.into(), number(row, "tcp.len"));
            check("window", s.window.into(), number(row, "tcp.window_size_value"));
            let m = &s.marks;
            let dup = row["tcp.analysis.duplicate_ack_num"].parse::<u32>().ok();
            if dup != m.duplicate_ack {
                diffs.push(format!(
                    "{name} frame {frame}: duplicate ack {:?}, tshark {dup:?}",
                    m.duplicate_ack
                ));
            }
            for (field, ours) in [
                ("retransmission", m.retransmission),
                ("fast_retransmission", m.fast_retransmission),
                ("spurious_retransmission", m.spurious_retransmission),
                ("out_of_order", m.out_of_order),
                ("zero_window", m.zero_window),
                ("zero_window_probe", m.zero_window_probe),
                ("keep_alive", m.keep_alive),
                ("window_update", m.window_update),
                ("lost_segment", m.lost_segment),
                ("ack_lost_segment", m.ack_lost_segment),
                ("window_full", m.window_full),
                ("keep_alive_ack", m.keep_alive_ack),
                ("zero_window_probe_ack", m.zero_window_probe_ack),
            ] {
                let theirs = !row[&format!("tcp.analysis.{field}")].is_empty();
                marked += usize::from(theirs);
                if ours != theirs {
                    diffs.push(format!("{name} frame {frame}: {field} {ours}, tshark {theirs}"));
                }
            }
        }
        let ours: usize = runs.iter().map(|r| r.segments.len()).sum();
        let seen = rows
            .iter()
            .filter(|r| by_frame.contains_key(&(number(r, "frame.number") as u32)))
            .count();
        assert_eq!(seen, ours, "{name}: every segment has a tshark line");
    }
    assert!(
        diffs.is_empty(),
        "{} differences:\n{}",
        diffs.len(),
        diffs.join("\n")
    );
    println!("{compared} segments and {marked} marks equal to tshark's");
    assert!(
        compared > 1100 && marked > 90,
        "{compared} segments, {marked} marks compared"
    );
}

#[test]
fn times_count_from_the_stream_and_go_forward() {
    for name in files_with(".analysis.csv") {
        // tshark counts from the stream's first frame in the file, also one
        // the reader skips (a SYN cut by the snapshot length), and in file
        // order (the two-interface file is not in time order); ours counts
        // from the earliest packet kept.
        let comparable = capture(&name).skipped.truncated == 0 && name != "dumpcap_two_ifaces.pcapng";
        let rows = analysis_rows(&name);
        let time_of: HashMap<u32, String> = rows
            .iter()
            .map(|r| (number(r, "frame.number") as u32, r["tcp.time_relative"].clone()))
            .collect();
        for run in runs(&name) {
            let mut last = 0;
            for s in &run.segments {
                assert!(s.at_us >= last, "{name}: time goes back at frame {}", s.frame);
                last = s.at_us;
                if comparable {
                    let theirs = &time_of[&s.frame];
                    let (secs, frac) = theirs.split_once('.').expect("seconds.fraction");
                    let us = secs.parse::<u64>().unwrap() * 1_000_000 + frac[..6].parse::<u64>().unwrap();
                    assert_eq!(s.at_us, us, "{name} frame {}", s.frame);
                }
            }
            for side in Side::BOTH {
                let since: Vec<u64> = run
                    .states(side)
                    .states
                    .iter()
                    .filter_map(|s| s.since_us)
                    .collect();
                assert!(since.windows(2).all(|w| w[0] <= w[1]), "{name} {side}: {since:?}");
            }
        }
    }
}

/// `ss -tanH` lines: (state, local port, peer port).
fn linux_sockets(name: &str) -> Vec<(State, u16, u16)> {
    let port = |addr: &str| addr.rsplit(':').next().and_then(|p| p.parse().ok());
    text(&format!("{name}.ss.txt"))
        .lines()
        .filter_map(|line| {
            let cols: Vec<&str> = line.split_whitespace().collect();
            let state = match cols.first()? {
                &"ESTAB" => State::Established,
                other => State::parse(other)?,
            };
            Some((state, port(cols.get(3)?)?, port(cols.get(4)?)?))
        })
        .collect()
}

#[test]
fn last_states_are_what_linux_reported() {
    let files = files_with(".ss.txt");
    assert_eq!(files.len(), 12, "{files:?}");
    let mut sides = 0;
    for name in files {
        let sockets = linux_sockets(&name);
        for run in runs(&name) {
            for side in Side::BOTH {
                let (me, peer) = (run.endpoint(side).port, run.endpoint(side.peer()).port);
                // A socket that closed is gone: ss lists nothing for it.
                let linux = sockets
                    .iter()
                    .find(|&&(_, l, p)| (l, p) == (me, peer))
                    .map_or(State::Closed, |s| s.0);
                assert_eq!(
                    last_state(&run, side),
                    linux,
                    "{name} stream {} {side}",
                    run.stream
                );
                sides += 1;
            }
        }
    }
    assert!(sides >= 20);
}

#[test]
fn states_only_move_along_rfc_9293_figure_5_or_to_closed() {
    for name in files_with(".analysis.csv") {
        for run in runs(&name) {
            for side in Side::BOTH {
                let spans = &run.states(side).states;
                assert_eq!(spans[0].state, State::Closed);
                for w in spans.windows(2) {
                    let (from, to) = (w[0].state, w[1].state);
                    // Figure 5 leaves out resets and aborts (its note 3); a
                    // state before the capture may follow CLOSED directly.
                    let assumed = w[1].since_us.is_none();
                    assert!(
                        State::FIGURE_5.contains(&(from, to)) || to == State::Closed || assumed,
                        "{name} stream {} {side}: {from} -> {to}",
                        run.stream
                    );
                }
            }
        }
    }
}

/// The side whose FIN the capture shows first.
fn first_to_close(run: &CaptureRun) -> Side {
    run.segments
        .iter()
        .find(|s| s.flags & flags::FIN != 0)
        .expect("a FIN")
        .from
}

#[test]
fn curl_against_http_server() {
    use State::*;
    for name in [
        "http_v4.pcap",
        "http_v4.pcapng",
        "http_v6.pcap",
        "http_v6.pcapng",
        "nano.pcap",
        "vlan.pcap",
    ] {
        for run in runs(name) {
            assert_eq!(run.client_states.start, Start::Opened, "{name}");
            assert_eq!(run.server_states.start, Start::Listened, "{name}");
            let active = first_to_close(&run);
            let fins: Vec<_> = run
                .segments
                .iter()
                .filter(|s| s.flags & flags::FIN != 0)
                .collect();
            let first = fins[0];
            let answer = fins.iter().find(|s| s.from != first.from).expect("both FINs");
            // FINs that crossed: the second one does not acknowledge the first.
            let crossed = answer.raw_ack != first.raw_seq.wrapping_add(first.len + 1);
            let opening = |side| {
                if side == Side::Client {
                    vec![Closed, SynSent, Established]
                } else {
                    vec![Closed, Listen, SynReceived, Established]
                }
            };
            let (a, p) = (states(&run, active), states(&run, active.peer()));
            if crossed {
                // A simultaneous close: both sides FIN-WAIT-1, CLOSING, TIME-WAIT.
                for (side, got) in [(active, &a), (active.peer(), &p)] {
                    let mut want = opening(side);
                    want.extend([FinWait1, Closing, TimeWait]);
                    assert_eq!(got, &want, "{name}: FINs crossed");
                }
            } else {
                // The active closer: FIN-WAIT-1, then FIN-WAIT-2 unless the
                // peer's FIN came with the ACK of its own (RFC 9293 figure 5
                // note 2), then TIME-WAIT; the other side closes passively.
                let mut active_close = opening(active);
                active_close.push(FinWait1);
                if a.contains(&FinWait2) {
                    active_close.push(FinWait2);
                }
                active_close.push(TimeWait);
                let mut passive_close = opening(active.peer());
                passive_close.extend([CloseWait, LastAck, Closed]);
                assert_eq!(a, active_close, "{name}: {active} closes first");
                assert_eq!(p, passive_close, "{name}");
            }
            // (The loopback's GSO segments beyond the MSS are the capture
            // point's view, not the connection's: see the offload test.)
            assert!(
                run.segments.iter().all(|s| s.observed
                    == observe::Observation {
                        beyond_mss: s.observed.beyond_mss,
                        ..Default::default()
                    }),
                "{name}: nothing to note in a clean connection"
            );
        }
    }
}

#[test]
fn refused_connection() {
    for name in ["refused.pcap", "refused.pcapng"] {
        let runs = runs(name);
        let run = &runs[0];
        assert_eq!(
            states(run, Side::Client),
            [State::Closed, State::SynSent, State::Closed]
        );
        assert_eq!(states(run, Side::Server), [State::Closed]);
        assert_eq!(run.server_states.start, Start::NoConnection);
        let syn = &run.segments[0];
        assert_eq!(syn.observed.ignored, Some(IgnoreReason::NoConnection), "{name}");
        let rst = &run.segments[1];
        assert_eq!((rst.from, rst.flags), (Side::Server, flags::RST | flags::ACK));
        // The client's state changed on the RST's arrival, at its time.
        let closed = run.client_states.states[2];
        assert_eq!((closed.segment, closed.since_us), (Some(rst.id), Some(rst.at_us)));
    }
}

#[test]
fn half_close() {
    use State::*;
    for name in ["half_close.pcap", "half_close.pcapng"] {
        let run = &runs(name)[0];
        assert_eq!(
            states(run, Side::Client),
            [Closed, SynSent, Established, FinWait1, FinWait2, TimeWait],
            "{name}"
        );
        assert_eq!(
            states(run, Side::Server),
            [
                Closed,
                Listen,
                SynReceived,
                Established,
                CloseWait,
                LastAck,
                Closed
            ],
            "{name}"
        );
        // The server's data after the client's FIN reaches a client in
        // FIN-WAIT-2 that takes it: nothing is discarded.
        let fin = run
            .segments
            .iter()
            .position(|s| s.flags & flags::FIN != 0)
            .unwrap();
        let after: Vec<_> = run.segments[fin..]
            .iter()
            .filter(|s| s.from == Side::Server && s.len > 0)
            .collect();
        assert_eq!(after.len(), 3, "{name}");
        assert!(
            run.segments.iter().all(|s| s.observed.ignored.is_none()),
            "{name}"
        );
    }
}

#[test]
fn capture_begun_mid_connection() {
    for name in ["mid_connection.pcap", "mid_connection.pcapng"] {
        for run in runs(name) {
            for side in Side::BOTH {
                let lifeline = run.states(side);
                assert_eq!(lifeline.start, Start::Assumed, "{name} {side}");
                let first = lifeline.states[1];
                assert_eq!(
                    (first.state, first.since_us),
                    (State::Established, None),
                    "{name} {side}"
                );
            }
            // No SYN: numbers count from one below each side's first segment,
            // as Wireshark's do (checked against tshark above).
            assert_eq!(run.segments[0].seq, 1, "{name}");
            assert!(
                run.segments.iter().all(|s| s.window_bytes.is_none()),
                "{name}: no SYN, no scale"
            );
            assert!(
                run.segments.iter().all(|s| s.observed.ignored.is_none()),
                "{name}"
            );
        }
    }
}

/// A snapshot length that cut the SYNs inside their options: the handshake
/// is still seen (as tshark sees it), each side's states start from it, and
/// the window scale, which the cut hid, stays unknown rather than guessed 0.
#[test]
fn snaplen_inside_the_syn_options() {
    for run in runs("snaplen_cuts_syn.pcap") {
        let names = |side| -> Vec<State> { run.states(side).states.iter().map(|s| s.state).collect() };
        assert_eq!(run.states(Side::Client).start, Start::Opened);
        assert_eq!(
            names(Side::Client),
            [
                State::Closed,
                State::SynSent,
                State::Established,
                State::CloseWait,
                State::LastAck,
                State::Closed
            ]
        );
        assert_eq!(
            names(Side::Server),
            [
                State::Closed,
                State::Listen,
                State::SynReceived,
                State::Established,
                State::FinWait1,
                State::TimeWait
            ]
        );
        for s in &run.segments {
            let syn = s.flags & 0x02 != 0;
            assert_eq!(s.options.cut, syn, "frame {}: only the SYNs were cut", s.frame);
            assert_eq!(
                s.window_bytes.is_some(),
                syn,
                "frame {}: a SYN's window is never scaled; the others' scale is unknown",
                s.frame
            );
        }
        assert!(run.segments.iter().all(|s| s.observed.ignored.is_none()));
    }
}

#[test]
fn window_that_closes_and_opens() {
    for name in ["zero_window.pcap", "zero_window.pcapng"] {
        let run = &runs(name)[0];
        let zero: Vec<_> = run.segments.iter().filter(|s| s.marks.zero_window).collect();
        assert!(
            !zero.is_empty() && zero.iter().all(|s| s.from == Side::Server && s.window == 0),
            "{name}"
        );
        // The client probes the closed window; the server's TCB knows a probe
        // when it sees one (RFC 9293 3.8.6.1) and only answers it.
        let probes: Vec<_> = run
            .segments
            .iter()
            .filter(|s| s.observed.ignored == Some(IgnoreReason::WindowProbe))
            .collect();
        assert!(!probes.is_empty(), "{name}");
        assert!(probes
            .iter()
            .all(|s| s.from == Side::Client && s.len == 0 && s.marks.keep_alive));
        // ... and its sender's purpose says so (told "a zero-window probe",
        // not "the capture shows what was sent, not why").
        let sim = observe::replay(run);
        for p in &probes {
            assert_eq!(
                sim.segment(p.id).map(|r| r.purpose),
                Some(tcp_model::Purpose::WindowProbe),
                "{name}"
            );
        }
        assert!(run.segments.iter().any(|s| s.marks.window_update), "{name}");
        assert_eq!(last_state(run, Side::Server), State::Closed);
    }
}

#[test]
fn segments_dropped_after_the_capture_point() {
    // make.sh drops the 2nd and 4th full-sized segments of the server on
    // their way in, after tcpdump saw them leave: exactly those are "lost
    // after the capture", and their receiver's observer never got them.
    for name in ["sack_snaplen.pcap", "sack_snaplen.pcapng"] {
        let run = &runs(name)[0];
        let full = run.segments.iter().map(|s| s.len).max().unwrap();
        let mut first_sends = run.segments.iter().filter(|s| {
            s.from == Side::Server && s.len == full && !s.marks.retransmission && !s.marks.out_of_order
        });
        let (second, fourth) = (first_sends.nth(1).unwrap(), first_sends.nth(1).unwrap());
        let lost: Vec<u32> = run
            .segments
            .iter()
            .filter(|s| s.observed.lost_after_capture)
            .map(|s| s.frame)
            .collect();
        assert_eq!(lost, [second.frame, fourth.frame], "{name}");
        // Both were sent again and the client took the copies.
        for s in [second, fourth] {
            let again = run
                .segments
                .iter()
                .find(|r| r.frame != s.frame && r.raw_seq == s.raw_seq)
                .unwrap();
            assert!(again.observed.ignored.is_none() && !again.observed.lost_after_capture);
        }
        assert_eq!(last_state(run, first_to_close(run)), State::TimeWait, "{name}");
    }
}

/// The kernel scenario `f_lost_final_ack`: the client's ACK of the server's
/// FIN is lost after the capture point (the relay drops it), the server in
/// LAST-ACK sends its FIN again, and the client, in TIME-WAIT, acknowledges
/// it again: the loss TIME-WAIT is there for. The first ACK is judged lost
/// (a bare ACK, so told as one nobody sends again), and the server stays in
/// LAST-ACK until the second arrives.
#[test]
fn the_last_ack_lost_after_the_capture_point() {
    let run = &runs("../kernel_captures/f_lost_final_ack.pcap")[0];
    let fins: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.from == Side::Server && s.flags & flags::FIN != 0)
        .collect();
    let [fin, again] = fins[..] else {
        panic!("the server's FIN and its copy: {fins:?}")
    };
    let acks: Vec<_> = run
        .segments
        .iter()
        .filter(|s| {
            s.from == Side::Client
                && s.len == 0
                && s.flags == flags::ACK
                && s.raw_ack == fin.raw_seq.wrapping_add(1)
        })
        .collect();
    let [first, second] = acks[..] else {
        panic!("two ACKs of the FIN: {acks:?}")
    };
    assert!(fin.id < first.id && first.id < again.id && again.id < second.id);
    assert!(first.observed.lost_after_capture, "the server sent its FIN again");
    assert!(!second.observed.lost_after_capture && !again.observed.lost_after_capture);
    assert_eq!(
        states(run, Side::Server)[states(run, Side::Server).len() - 2..],
        [State::LastAck, State::Closed]
    );
    assert_eq!(run.server_states.states.last().unwrap().segment, Some(second.id));
    assert_eq!(last_state(run, Side::Client), State::TimeWait);
}

#[test]
fn a_fin_the_capture_missed() {
    // editcap left out the first FIN of an http_v4 capture. The peer's
    // next segment acknowledges it (Wireshark: "ACKed unseen segment"), and
    // after the gap of one sequence number its sender sends no more data: the
    // observer takes it for a FIN, sent and received before that segment
    // left, so both sides still close as the hosts did.
    use State::*;
    let run = &runs("missed_fin.pcap")[0];
    let original = &runs("http_v4.pcap")[0];
    let revealing = run
        .segments
        .iter()
        .find(|s| s.observed.acks_unseen)
        .expect("a gap");
    assert!(revealing.marks.ack_lost_segment);
    let closer = revealing.from.peer();
    for side in Side::BOTH {
        assert_eq!(states(run, side), states(original, side), "{side}");
    }
    let fin_wait = run
        .states(closer)
        .states
        .iter()
        .find(|s| s.state == FinWait1)
        .unwrap();
    // Known only from the segment that revealed it: that is its time.
    assert_eq!(
        (fin_wait.segment, fin_wait.since_us),
        (Some(revealing.id), Some(revealing.at_us))
    );
    assert!(run.segments.iter().all(|s| s.observed.ignored.is_none()));
}

#[test]
fn one_packet_on_two_interfaces_counts_once() {
    let run = &runs("dumpcap_two_ifaces.pcapng")[0];
    let copies = run.segments.iter().filter(|s| s.observed.copy).count();
    assert_eq!(copies * 2, run.segments.len(), "every packet is there twice");
    assert!(run
        .segments
        .iter()
        .all(|s| s.observed.ignored.is_none() && !s.observed.lost_after_capture));
    assert_eq!(
        states(run, Side::Client)[..3],
        [State::Closed, State::SynSent, State::Established]
    );
}

/// `tcpdump -i any` on a host that bridges (a container's veth and the one
/// it leaves by): each frame is captured on both interfaces, which only the
/// cooked v2 header's interface index tells apart. Each second capture is
/// the same packet, not a resend and not the path's second delivery.
#[test]
fn one_packet_on_two_interfaces_of_a_bridge_counts_once() {
    let run = &runs("any_bridge.pcap")[0];
    let copies = run.segments.iter().filter(|s| s.observed.copy).count();
    assert_eq!(copies * 2, run.segments.len(), "every packet is there twice");
    assert!(run.segments.iter().all(|s| s.observed.duplicate_of.is_none()
        && s.observed.ignored.is_none()
        && !s.observed.lost_after_capture));
    assert_eq!(
        states(run, Side::Server)[..],
        [
            State::Closed,
            State::Listen,
            State::SynReceived,
            State::Established,
            State::FinWait1,
            State::FinWait2,
            State::TimeWait
        ]
    );
}

/// A capturing kernel that falls behind drops packets from the capture (not
/// from the connection): the ACKs that follow prove the data arrived. With
/// any one data packet taken out of a real capture, each side still ends
/// where it did with the whole capture, and the ACK that revealed the gap
/// says so (`acks_unseen`). A 100 MB transfer captured on loopback lost
/// 1.2 MB this way, and the receiver's observer stayed behind for good.
#[test]
fn a_data_packet_the_capture_missed_does_not_change_how_the_sides_end() {
    let mut checked = 0;
    for name in [
        "http_v4.pcap",
        "http_v6.pcap",
        "half_close.pcap",
        "zero_window.pcap",
    ] {
        let whole = fs::read(corpus().join(name)).expect("corpus file");
        let full = capture(name);
        let ends = |c: &Capture| -> Vec<(State, State)> {
            streams(c)
                .iter()
                .map(|s| observe::run(c, s))
                .map(|r| (last_state(&r, Side::Client), last_state(&r, Side::Server)))
                .collect()
        };
        let expected = ends(&full);
        let records = common::pcap_records(&whole);
        for (i, _) in records.iter().enumerate() {
            let frame = i as u32 + 1;
            // Data that is acknowledged later, so the capture's loss shows.
            // (Not data with a FIN on it: an ACK cannot tell 32 bytes and a
            // FIN from 33 bytes, so the observer assumes data.)
            let data = |p: &&tcp_model::capture::Packet| {
                p.frame == frame && p.payload_len > 0 && p.flags & flags::FIN == 0
            };
            let Some(p) = full.packets.iter().find(data) else {
                continue;
            };
            let end = p.seq.wrapping_add(p.payload_len);
            let acked = full.packets.iter().any(|q| {
                q.frame > frame
                    && q.flags & flags::ACK != 0
                    && q.dst_port == p.src_port
                    && q.ack.wrapping_sub(end) < 1 << 30
            });
            if !acked {
                continue;
            }
            let mut without = whole[..24].to_vec();
            for (j, r) in records.iter().enumerate() {
                if j != i {
                    without.extend_from_slice(r);
                }
            }
            let c = read(&without).unwrap_or_else(|e| panic!("{name} without frame {frame}: {e}"));
            assert_eq!(ends(&c), expected, "{name} without frame {frame}");
            let revealed = streams(&c)
                .iter()
                .map(|s| observe::run(&c, s))
                .any(|r| r.segments.iter().any(|s| s.observed.acks_unseen));
            // (Unless the same bytes were captured again, sent once more.)
            let resent = full
                .packets
                .iter()
                .any(|q| q.frame != frame && q.src_port == p.src_port && q.seq == p.seq && q.payload_len > 0);
            assert!(
                revealed || resent,
                "{name} without frame {frame}: an ACK says the capture missed a segment"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} packets taken out");
}

/// Wireshark 4.0 checks "spurious" first: a resent segment the peer has
/// already acknowledged is a spurious retransmission even when it comes
/// right after a newer segment (which alone would make it "out of order").
/// A real 50 MB loopback transfer had 19 such frames; tshark 4.0.17 marks
/// them so.
#[test]
fn an_already_acknowledged_resend_is_spurious_before_out_of_order() {
    let (syn, ack) = (flags::SYN, flags::ACK);
    let run = hand_run(vec![
        hand_packet(1, 0, true, 100, 0, syn, 0),
        hand_packet(2, 1000, false, 500, 101, syn | ack, 0),
        hand_packet(3, 2000, true, 101, 501, ack, 0), // first RTT: 2 ms
        hand_packet(4, 3000, true, 101, 501, ack, 100),
        hand_packet(5, 4000, false, 501, 201, ack, 0),
        hand_packet(6, 5000, true, 201, 501, ack, 100),
        hand_packet(7, 5500, true, 101, 501, ack, 100), // 0.5 ms after #6, already acknowledged
    ]);
    let m = &run.segments[6].marks;
    assert!(
        m.spurious_retransmission && m.retransmission && !m.out_of_order,
        "{m:?}"
    );
}

/// Wireshark's "Window Full": data reaching the right edge of the window the
/// peer announced, scaled by the shift its SYN,ACK gave, or not scaled when
/// either SYN went without the option; never before a SYN was seen. (The
/// corpus test checks 351 such marks against tshark, and the 50 and 100 MB
/// transfers add 1,500; these are the corners real captures rarely show.)
#[test]
fn window_full_counts_the_window_as_the_handshake_scaled_it() {
    let (syn, ack) = (flags::SYN, flags::ACK);
    let scaled = |p: Packet, shift: u8| Packet {
        options: TcpOptions {
            wscale: Some(shift),
            ..TcpOptions::default()
        },
        ..p
    };
    // The third packet's data fill the server's window (raw 1000) when
    // they end at 101 + window.
    let full = |client_shift: Option<u8>, server_shift: u8, len: u32| {
        let syn_packet = hand_packet(1, 0, true, 100, 0, syn, 0);
        let run = hand_run(vec![
            match client_shift {
                Some(n) => scaled(syn_packet, n),
                None => syn_packet,
            },
            scaled(hand_packet(2, 1000, false, 500, 101, syn | ack, 0), server_shift),
            hand_packet(3, 2000, true, 101, 501, ack, len),
        ]);
        run.segments[2].marks.window_full
    };
    assert!(full(Some(1), 2, 4000), "1000 << 2");
    assert!(!full(Some(1), 2, 1000));
    // A SYN without the option: no scaling either way, whatever the SYN,ACK says.
    assert!(full(None, 2, 1000));
    assert!(!full(None, 2, 4000));
    // A shift above 14 counts as 14 (RFC 7323 2.3), as in Wireshark.
    assert!(full(Some(1), 20, 1000 << 14));
    // No SYN captured: the scale is unknown, so no window is ever full.
    let run = hand_run(vec![
        hand_packet(1, 0, false, 500, 101, ack, 0),
        hand_packet(2, 1000, true, 101, 501, ack, 1000),
    ]);
    assert!(!run.segments[1].marks.window_full);
}

/// The answer to a keep-alive is named as such, not counted as a duplicate ACK.
#[test]
fn a_keep_alive_answer_is_no_duplicate_ack() {
    let (syn, ack) = (flags::SYN, flags::ACK);
    let run = hand_run(vec![
        hand_packet(1, 0, true, 100, 0, syn, 0),
        hand_packet(2, 1000, false, 500, 101, syn | ack, 0),
        hand_packet(3, 2000, true, 101, 501, ack, 0),
        hand_packet(4, 3000, false, 501, 101, ack, 0), // repeats the SYN,ACK's ack: a duplicate
        hand_packet(5, 7_000_000, true, 100, 501, ack, 0), // keep-alive: one below the next number
        hand_packet(6, 7_001_000, false, 501, 101, ack, 0),
    ]);
    let (probe, answer) = (&run.segments[4].marks, &run.segments[5].marks);
    assert!(probe.keep_alive, "{probe:?}");
    assert!(
        answer.keep_alive_ack && answer.duplicate_ack.is_none(),
        "{answer:?}"
    );
}

/// tshark shows no analysis on a packet whose header the snapshot length cut
/// inside its options (an ACK with SACK blocks under `tcpdump -s 80`: 5,123
/// of the 100 MB transfer's ACKs), though it counts it: the next duplicate
/// ACK is the second.
#[test]
fn a_header_cut_in_its_options_shows_no_mark_but_counts() {
    let (syn, ack) = (flags::SYN, flags::ACK);
    let cut = |p: Packet| Packet {
        options: TcpOptions {
            cut: true,
            ..TcpOptions::default()
        },
        ..p
    };
    let run = hand_run(vec![
        hand_packet(1, 0, true, 100, 0, syn, 0),
        hand_packet(2, 1000, false, 500, 101, syn | ack, 0),
        hand_packet(3, 2000, true, 101, 501, ack, 0),
        hand_packet(4, 3000, false, 501, 101, ack, 0),
        cut(hand_packet(5, 4000, false, 501, 101, ack, 0)),
        hand_packet(6, 5000, false, 501, 101, ack, 0),
    ]);
    let marks: Vec<Option<u32>> = run.segments[3..].iter().map(|s| s.marks.duplicate_ack).collect();
    assert_eq!(marks, [Some(1), None, Some(3)]);
}

/// The capture run of the one connection `packets` make.
fn hand_run(packets: Vec<Packet>) -> CaptureRun {
    let capture = hand_capture(packets);
    observe::run(&capture, &streams(&capture)[0])
}

/// Each side's states in a stream of a corpus file, with the frame each began at.
fn states_of(run: &CaptureRun, side: Side) -> Vec<(State, Option<u32>)> {
    run.states(side)
        .states
        .iter()
        .map(|s| (s.state, s.segment.map(|id| run.segments[id.0 as usize].frame)))
        .collect()
}

/// Corners captured on Linux 6.18 (`ss` and the sockets' errors recorded at
/// the time; see tools/captures/README.md), where the observers must infer
/// what Linux did, not what the first reading of the capture suggests.
#[test]
fn corners_where_the_capture_alone_misleads() {
    use State::*;
    // Simultaneous open, the SYNs crossing (and first lost): both sides
    // connected, neither listened.
    let run = &runs("simultaneous_open.pcap")[0];
    for side in Side::BOTH {
        assert_eq!(run.states(side).start, Start::Opened, "{side}");
        let states: Vec<State> = states_of(run, side).iter().map(|s| s.0).collect();
        assert_eq!(
            states[..4],
            [Closed, SynSent, SynReceived, Established],
            "{side}: {states:?}"
        );
    }
    // A socket closed in SYN-SENT: its kernel answers the SYN,ACK with a bare
    // RST (no connection: the one its SYN began is gone), it never was
    // ESTABLISHED.
    let run = &runs("closed_in_syn_sent.pcap")[0];
    let client: Vec<State> = states_of(run, Side::Client).iter().map(|s| s.0).collect();
    assert_eq!(client, [Closed, SynSent, Closed]);
    let answered = run
        .segments
        .iter()
        .find(|s| s.flags == flags::SYN | flags::ACK && s.observed.ignored.is_some());
    assert_eq!(
        answered.and_then(|s| s.observed.ignored),
        Some(IgnoreReason::ConnectionGone)
    );
    assert_eq!(states_of(run, Side::Server).last().map(|s| s.0), Some(Listen));
    // The server's RST,ACK was dropped after the capture point: the client
    // sent data after it and closed only on the RST that data drew.
    let run = &runs("rst_lost_after_capture.pcap")[0];
    let rst = run
        .segments
        .iter()
        .find(|s| s.flags & flags::RST != 0)
        .expect("an RST");
    assert!(rst.observed.lost_after_capture, "frame {}", rst.frame);
    let client = states_of(run, Side::Client);
    let last_rst = run
        .segments
        .iter()
        .rev()
        .find(|s| s.flags & flags::RST != 0)
        .map(|s| s.frame);
    assert_eq!(client.last().copied(), Some((Closed, last_rst)), "{client:?}");
    // Keep-alive probes are keep-alives (not zero-window probes), and the
    // client's RST that gave up on them was dropped: the server went on to
    // close (FIN) and was reset by the client's kernel.
    let run = &runs("keepalive.pcap")[0];
    let probes: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.flags == flags::ACK)
        .filter_map(|s| s.observed.ignored)
        .collect();
    assert!(
        probes.len() >= 4 && probes.iter().all(|&r| r == IgnoreReason::KeepAlive),
        "{probes:?}"
    );
    let server: Vec<State> = states_of(run, Side::Server).iter().map(|s| s.0).collect();
    assert_eq!(
        server[server.len() - 3..],
        [Established, FinWait1, Closed],
        "{server:?}"
    );
    // A full accept queue drops the handshake's ACK and resends the SYN,ACK:
    // the server is ESTABLISHED only at the client's second ACK.
    let run = runs("accept_queue_full.pcap")
        .into_iter()
        .find(|r| {
            r.segments
                .iter()
                .any(|s| s.observed.lost_after_capture && s.flags == flags::ACK)
        })
        .expect("a stream with a lost handshake ACK");
    let acks: Vec<u32> = run
        .segments
        .iter()
        .filter(|s| s.flags == flags::ACK && s.seq == 1 && s.ack == 1)
        .map(|s| s.frame)
        .collect();
    let established = states_of(&run, Side::Server)
        .into_iter()
        .find(|s| s.0 == Established)
        .and_then(|s| s.1);
    assert_eq!(established, acks.get(1).copied(), "ACKs at frames {acks:?}");
    // TCP Fast Open: a cookie request, then data in a SYN with the cookie
    // (taken at once: the SYN,ACK acknowledges it), then data in a SYN
    // without one (dropped: the SYN,ACK acknowledges the SYN only, and the
    // client sends it again). `ss`: the server in TIME-WAIT for the first
    // two, the client for the third.
    let runs = runs("fast_open.pcap");
    assert_eq!(runs.len(), 3);
    for (k, run) in runs.iter().enumerate() {
        for seg in &run.segments {
            assert!(!seg.observed.out_of_place, "stream {k}, frame {}", seg.frame);
            assert_eq!(seg.observed.ignored, None, "stream {k}, frame {}", seg.frame);
        }
        let ends = Side::BOTH.map(|side| states_of(run, side).last().map(|s| s.0));
        let first_closer = if k < 2 {
            [Some(Closed), Some(TimeWait)]
        } else {
            [Some(TimeWait), Some(Closed)]
        };
        assert_eq!(ends, first_closer, "stream {k}");
        let syn = &run.segments[0];
        let taken = run
            .events
            .iter()
            .any(|e| matches!(e.kind, EventKind::DataReceived { segment, bytes: 10, .. } if segment.0 == 0));
        assert_eq!(
            (syn.len, taken),
            (if k == 0 { 0 } else { 10 }, k == 1),
            "stream {k}"
        );
    }
}

#[test]
fn sequence_numbers_that_wrap_past_2_32_change_nothing_a_learner_sees() {
    // seq_wrap.pcap is sack_snaplen.pcap with each side's sequence space
    // moved so that its bytes cross 2^32 halfway (convert.py shift-seq):
    // the same losses, SACK blocks and retransmissions across the wrap.
    let moved = &runs("seq_wrap.pcap")[0];
    let kernel = &runs("sack_snaplen.pcap")[0];
    for side in [Side::Client, Side::Server] {
        // (first byte, one past the last) of each data segment it sent
        let spans: Vec<(u64, u64)> = moved
            .segments
            .iter()
            .filter(|s| s.from == side && s.len > 0)
            .map(|s| (u64::from(s.raw_seq), u64::from(s.raw_seq) + u64::from(s.len)))
            .collect();
        assert!(
            spans.iter().any(|&(a, _)| a > u64::from(u32::MAX) - 70_000)
                && spans.iter().any(|&(a, b)| b > 1 << 32 || a < 70_000),
            "{side:?}'s data crosses 2^32: {spans:?}"
        );
    }
    // Everything but the absolute numbers is the kernel's original reading,
    // and each absolute number moved by one of the two sides' shifts.
    let (mut moved_json, mut kernel_json) = (json_of(moved), json_of(kernel));
    let (a, b) = (take_absolute(&mut moved_json), take_absolute(&mut kernel_json));
    assert_eq!(moved_json, kernel_json);
    assert_eq!(a.len(), b.len());
    assert!(a.len() > 50, "{} absolute numbers", a.len());
    // (A SYN's acknowledgment field is 0 in both, unmoved.)
    let pairs = a.iter().zip(&b).filter(|&(m, k)| (*m, *k) != (0, 0));
    let mut shifts: Vec<u32> = pairs.map(|(m, k)| m.wrapping_sub(*k)).collect();
    shifts.sort_unstable();
    shifts.dedup();
    assert_eq!(shifts.len(), 2, "one shift per side: {shifts:?}");
    assert!(moved.segments.iter().any(|s| s.observed.lost_after_capture));
}

fn json_of(run: &CaptureRun) -> serde_json::Value {
    serde_json::to_value(observe::trace(run)).expect("json")
}

/// Removes the trace's absolute sequence numbers (raw header fields, and
/// SND.UNA / RCV.NXT in events) and returns them in document order.
fn take_absolute(v: &mut serde_json::Value) -> Vec<u32> {
    let mut out = Vec::new();
    match v {
        serde_json::Value::Object(map) => {
            for key in ["raw_seq", "raw_ack", "snd_una", "rcv_nxt"] {
                if let Some(n) = map.remove(key) {
                    out.push(n.as_u64().expect("a number") as u32);
                }
            }
            for child in map.values_mut() {
                out.extend(take_absolute(child));
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|c| out.extend(take_absolute(c))),
        _ => {}
    }
    out
}

#[test]
fn segments_larger_than_the_receivers_mss_are_said_to_be_offloaded() {
    // tso.pcap: tcpdump on the sending host, whose veth does segmentation
    // offload: it sees 65,160-byte segments that left as 1,448-byte ones.
    // The loopback captures show it too (lo passes GSO packets whole). The
    // expectation comes from tshark: a frame whose tcp.len exceeds the MSS
    // its receiver's first SYN in that stream announced.
    for name in files_with(".tshark.csv") {
        let rows = common::csv_rows(&name, &text(&format!("{name}.tshark.csv")));
        let end = |row: &common::CsvRow, ip: &str, port: &str| {
            (
                row["tcp.stream"].clone(),
                common::innermost(row, ip),
                row[port].clone(),
            )
        };
        let mut mss: HashMap<(String, String, String), Option<u32>> = HashMap::new();
        for row in &rows {
            let flags = u8::from_str_radix(row["tcp.flags"].trim_start_matches("0x"), 16).expect("flags");
            if flags & 0x02 != 0 {
                mss.entry(end(row, "src", "tcp.srcport"))
                    .or_insert_with(|| row["tcp.options.mss_val"].parse().ok());
            }
        }
        let mut expected: Vec<(u32, u16)> = rows
            .iter()
            .filter_map(|row| {
                let m = (*mss.get(&end(row, "dst", "tcp.dstport"))?)?;
                let len: u32 = row["tcp.len"].parse().expect("len");
                (len > m).then(|| (row["frame.number"].parse().expect("frame"), m as u16))
            })
            .collect();
        let mut said: Vec<(u32, u16)> = runs(&name)
            .iter()
            .flat_map(|run| run.segments.iter())
            .filter_map(|s| Some((s.frame, s.observed.beyond_mss?)))
            .collect();
        expected.sort_unstable();
        said.sort_unstable();
        assert_eq!(said, expected, "{name}");
    }
    // tso.pcap at the sender, gro.pcap at the receiver (its veth merges
    // what arrives): both hold dozens of 65,160-byte segments.
    for name in ["tso.pcap", "gro.pcap"] {
        let run = &runs(name)[0];
        let big: Vec<_> = run.segments.iter().filter(|s| s.len > 1460).collect();
        assert!(big.len() > 20, "{name}: {} beyond the MSS", big.len());
        assert!(big.iter().all(|s| s.observed.beyond_mss == Some(1460)), "{name}");
    }
}

/// Kernel captures of a transfer with data lost after the capture point
/// (`tools/kernel/scenarios/kernel-only/`: `u_sack_recovery`, SACK on, two
/// losses; `u_dupacks_without_sack`, SACK off). The receiver sends a
/// duplicate ACK at once for each segment that arrives past the gap (RFC
/// 5681 4.2), so the story delivers such a segment before each one: the
/// segment its SACK block holds, or without SACK the first one waiting past
/// the gap. Before, the segments past the gap were delivered only when the
/// gap was filled, and every duplicate ACK was told before anything that
/// could have prompted it.
#[test]
fn each_duplicate_ack_answers_a_segment_past_the_gap() {
    for name in ["u_sack_recovery", "u_dupacks_without_sack"] {
        let run = &runs(&format!("../kernel_captures/{name}.pcap"))[0];
        // Data delivered to each side since it last sent.
        let mut fresh = [false; 2];
        let mut arrived = vec![false; run.segments.len()];
        let (mut dupacks, mut sacked) = (0, 0);
        for p in &run.passages {
            let s = &run.segments[p.segment.0 as usize];
            if p.arrived {
                arrived[s.id.0 as usize] = true;
                fresh[s.from.peer().index()] |= s.len > 0;
                continue;
            }
            if s.marks.duplicate_ack.is_some() {
                dupacks += 1;
                assert!(
                    fresh[s.from.index()],
                    "{name}: duplicate ACK #{} answers nothing",
                    s.id.0
                );
            }
            fresh[s.from.index()] = false;
            // What a SACK block holds had arrived when it left.
            for &(left, right) in &s.options.sack {
                for held in run.segments.iter().filter(|d| {
                    d.from != s.from && d.len > 0 && d.raw_seq.wrapping_sub(left) < right.wrapping_sub(left)
                }) {
                    sacked += 1;
                    assert!(
                        arrived[held.id.0 as usize] || held.observed.lost_after_capture,
                        "{name}: #{} SACKs #{} before it arrived",
                        s.id.0,
                        held.id.0
                    );
                }
            }
        }
        assert!(dupacks >= 7, "{name}: {dupacks} duplicate ACKs");
        let with_sack = name == "u_sack_recovery";
        assert_eq!(sacked > 0, with_sack, "{name}: {sacked} segments in SACK blocks");
    }
}

/// The window a captured window update announces is told in bytes, scaled
/// as the handshake agreed (`u_sack_recovery`: the client's scale is 2^10;
/// `tshark -T fields -e tcp.window_size` prints 79872 and 80896 for these
/// two frames); the field alone (78) is not the room.
#[test]
fn a_window_update_is_read_in_bytes() {
    let run = &runs("../kernel_captures/u_sack_recovery.pcap")[0];
    let sim = observe::replay(run);
    let updates: Vec<(u16, Option<u32>)> = run
        .segments
        .iter()
        .filter(|s| s.marks.window_update)
        .map(|s| (s.window, sim.window_bytes(s.id)))
        .collect();
    assert_eq!(updates, [(78, Some(79_872)), (79, Some(80_896))]);
}

/// A capture from a tunnel's host or a mirror port says which tunnels its
/// connection came through (the caveat above the ladder names them); a
/// capture of the connection itself names none.
#[test]
fn a_tunneled_connection_names_its_tunnels() {
    for (name, tunnels) in [
        ("tunnel_ipip.pcap", vec!["IP-in-IP"]),
        ("tunnel_gre.pcap", vec!["GRE"]),
        ("tunnel_vxlan.pcap", vec!["VXLAN"]),
        ("tunnel_geneve.pcap", vec!["Geneve"]),
        ("http_v6.pcap", vec![]),
    ] {
        let runs = runs(name);
        assert!(
            runs.iter().all(|run| run.tunnels == tunnels),
            "{name}: {:?}",
            runs[0].tunnels
        );
    }
}

/// `offload_firewall_drops.pcap` (tools/captures/make.sh): tcpdump on the
/// client with segmentation and receive offload on, as on most hosts, and
/// the client's own firewall dropping every 25th segment from the server
/// after the tap saw it. Two 65,160-byte GSO segments never reached curl:
/// each is judged lost after the capture point (nothing else is), and every
/// byte it held comes again from the server, first one MSS (1,448 bytes with
/// timestamps), then in growing offloaded pieces. `ss` after the run agrees
/// on both sides' last states (`last_states_are_what_linux_reported`).
#[test]
fn offloaded_segments_dropped_after_the_tap_are_lost_and_sent_again() {
    let run = &runs("offload_firewall_drops.pcap")[0];
    let lost: Vec<_> = run
        .segments
        .iter()
        .filter(|s| s.observed.lost_after_capture)
        .collect();
    assert_eq!(
        lost.len(),
        2,
        "{:?}",
        lost.iter().map(|s| s.frame).collect::<Vec<_>>()
    );
    for s in lost {
        assert_eq!(
            (s.from, s.len, s.observed.beyond_mss),
            (Side::Server, 65_160, Some(1460))
        );
        let again: Vec<_> = run
            .segments
            .iter()
            .filter(|r| r.from == Side::Server && r.at_us > s.at_us && r.len > 0)
            .filter(|r| r.seq.wrapping_sub(s.seq) < s.len)
            .collect();
        assert_eq!((again[0].seq, again[0].len), (s.seq, 1448), "frame {}", s.frame);
        let covered = again.iter().fold(s.seq, |end, r| {
            if r.seq.wrapping_sub(end) as i32 <= 0 {
                end.max(r.seq + r.len)
            } else {
                end
            }
        });
        assert!(
            covered >= s.seq + s.len,
            "frame {}: sent again up to {covered}",
            s.frame
        );
        assert!(!again.iter().any(|r| r.observed.lost_after_capture));
    }
}
