//! Transition tests of one TCB against RFC 9293 3.10 (with RFC 6298 for the
//! retransmission timer, RFC 5961 for challenge ACKs and RFC 1122 4.2.2.13
//! for data that arrives after close()).
//!
//! Every test starts from a fixture that walks a TCB into one state of the
//! RFC's diagram through the segments a real peer would send, feeds it
//! hand-made segments or calls or lets time pass, and checks the state it
//! lands in, every segment it sends and the events that explain why.
//!
//! The numbers are the lesson's: our ISS is 1000, the peer's ISS is 8000, the
//! peer's SYN,ACK (or our SYN,ACK's ACK) arrives 200 ms after our SYN, so the
//! first RTT sample is 200 ms and RFC 6298 rounds the RTO up to 1 s. Expected
//! values are derived from the RFC text quoted next to them, not read off the
//! model's output.

use super::output::Flush;
use super::{Ctx, OutOfOrder, Outgoing, Tcb, TcbConfig};
use crate::call::SocketError;
use crate::event::{Cause, Conn, Event, EventKind, GiveUp, IgnoreReason, TimerKind};
use crate::{Addr, Call, Flags, Header, Millis, Profile, SegmentId, Seq, Side, State, Time, Tuning};

const LOCAL: Addr = Addr::new([10, 0, 0, 1], 49152);
const REMOTE: Addr = Addr::new([10, 0, 0, 2], 5000);
const ISS: u32 = 1000;
const PEER_ISS: u32 = 8000;

/// A segment from the peer after the handshake: SEQ = the peer's first data
/// byte, ACK = our first data byte. Tests change what they need with
/// struct-update syntax.
const FROM_PEER: Header = Header {
    src: REMOTE,
    dst: LOCAL,
    seq: Seq(PEER_ISS + 1),
    ack: Seq(ISS + 1),
    flags: Flags::ACK,
    window: 65_535,
    mss: None,
    len: 0,
};

/// The peer's SYN (it opens towards us, or crosses our SYN).
const PEER_SYN: Header = Header {
    seq: Seq(PEER_ISS),
    ack: Seq(0),
    flags: Flags::SYN,
    mss: Some(1460),
    ..FROM_PEER
};

/// The peer's SYN,ACK answering our SYN.
const PEER_SYN_ACK: Header = Header {
    seq: Seq(PEER_ISS),
    ack: Seq(ISS + 1),
    flags: Flags::SYN_ACK,
    mss: Some(1460),
    ..FROM_PEER
};

/// The peer's FIN before it has seen ours: SEQ = its next byte, ACK = our FIN's own number.
const PEER_FIN: Header = Header {
    flags: Flags::FIN_ACK,
    ..FROM_PEER
};

/// An RST at exactly RCV.NXT (the only RST RFC 5961 3.2 believes).
const PEER_RST: Header = Header {
    ack: Seq(0),
    flags: Flags::RST,
    ..FROM_PEER
};

/// One TCB with the surroundings a host would give it: virtual time, the
/// tuning and the event log.
struct Harness {
    tuning: Tuning,
    now: Time,
    events: Vec<Event>,
    /// Events already looked at by a test (see `new_events`).
    seen: usize,
    tcb: Tcb,
    next_segment: u32,
}

fn config() -> TcbConfig {
    TcbConfig {
        conn: Conn::Main,
        local: LOCAL,
        remote: REMOTE,
        iss: Seq(ISS),
        mss: 1460,
        recv_capacity: crate::scenario::DEFAULT_RCVBUF,
    }
}

impl Harness {
    /// CLOSED → SYN-SENT: the active OPEN (connect).
    fn connect(tuning: Tuning) -> Harness {
        let mut events = Vec::new();
        let tcb = {
            let mut ctx = Ctx {
                now: Time::ZERO,
                send_at: Time::ZERO,
                tuning: &tuning,
                side: Side::Client,
                events: &mut events,
            };
            Tcb::connect(
                &mut ctx,
                config(),
                State::Closed,
                Cause::Call { call: Call::Connect },
            )
        };
        Harness {
            tuning,
            now: Time::ZERO,
            events,
            seen: 0,
            tcb,
            next_segment: 0,
        }
    }

    /// LISTEN → SYN-RECEIVED: the listener's new TCB for the peer's SYN.
    fn accept(tuning: Tuning) -> Harness {
        let mut events = Vec::new();
        let tcb = {
            let mut ctx = Ctx {
                now: Time::ZERO,
                send_at: Time::ZERO,
                tuning: &tuning,
                side: Side::Server,
                events: &mut events,
            };
            let cause = Cause::Segment {
                segment: SegmentId(0),
            };
            Tcb::accept_syn(&mut ctx, config(), &PEER_SYN, cause)
        };
        Harness {
            tuning,
            now: Time::ZERO,
            events,
            seen: 0,
            tcb,
            next_segment: 1,
        }
    }

    /// Runs `f` with the TCB and a context at the current time.
    fn with<R>(&mut self, f: impl FnOnce(&mut Tcb, &mut Ctx) -> R) -> R {
        let mut ctx = Ctx {
            now: self.now,
            send_at: self.now,
            tuning: &self.tuning,
            side: Side::Client,
            events: &mut self.events,
        };
        f(&mut self.tcb, &mut ctx)
    }

    /// Everything the TCB sends now, as the simulation collects it.
    fn output(&mut self) -> Vec<Outgoing> {
        self.with(|tcb, ctx| {
            let mut out = Vec::new();
            while let Some(seg) = tcb.poll_output(ctx, Flush::All) {
                out.push(seg);
            }
            tcb.report_timers(ctx);
            out
        })
    }

    /// A segment arrives now; returns the id it got and what the TCB sends in answer.
    fn receive(&mut self, seg: Header) -> (SegmentId, Vec<Outgoing>) {
        let id = SegmentId(self.next_segment);
        self.next_segment += 1;
        self.with(|tcb, ctx| tcb.on_segment(ctx, id, &seg));
        (id, self.output())
    }

    /// Moves the clock to `ms` (not backwards) and fires any timer due by then.
    fn at(&mut self, ms: u64) -> &mut Harness {
        assert!(Time(ms) >= self.now, "time only moves forward");
        assert!(
            self.tcb.next_deadline().is_none_or(|d| d >= Time(ms)),
            "a timer at {:?} would fire before {ms} ms: use run_timers",
            self.tcb.next_deadline()
        );
        self.now = Time(ms);
        self
    }

    /// Jumps from deadline to deadline until no timer runs (or `limit`),
    /// returning each segment sent with the time it was sent.
    fn run_timers(&mut self, limit: u64) -> Vec<(u64, Outgoing)> {
        let mut sent = Vec::new();
        while let Some(deadline) = self.tcb.next_deadline() {
            if deadline > Time(limit) {
                break;
            }
            self.now = deadline;
            self.with(|tcb, ctx| tcb.on_timers(ctx));
            let at = self.now.0;
            sent.extend(self.output().into_iter().map(|o| (at, o)));
        }
        sent
    }

    fn send(&mut self, bytes: u32) -> Vec<Outgoing> {
        self.tcb.user_send(bytes).expect("send is allowed here");
        self.output()
    }

    fn close(&mut self) -> Vec<Outgoing> {
        self.with(|tcb, ctx| tcb.user_close(ctx, Cause::Call { call: Call::Close }));
        self.output()
    }

    fn shutdown(&mut self) -> Vec<Outgoing> {
        self.with(|tcb, ctx| tcb.user_shutdown(ctx, Cause::Call { call: Call::Shutdown }));
        self.output()
    }

    fn abort(&mut self) -> Vec<Outgoing> {
        self.with(|tcb, ctx| tcb.user_abort(ctx, Cause::Call { call: Call::Abort }));
        self.output()
    }

    /// Events since the last call (so each step of a test sees only its own).
    fn new_events(&mut self) -> Vec<Event> {
        let fresh = self.events[self.seen..].to_vec();
        self.seen = self.events.len();
        fresh
    }

    /// The state changes among the new events, as (from, to, cause).
    fn new_transitions(&mut self) -> Vec<(State, State, Cause)> {
        self.new_events()
            .into_iter()
            .filter_map(|e| match e.kind {
                EventKind::StateChanged { from, to, cause, .. } => Some((from, to, cause)),
                _ => None,
            })
            .collect()
    }
}

/// "FLAGS seq=S ack=A [len=N] Purpose[ rtx]" for each segment: compact and
/// readable in a failure message.
fn describe(out: &[Outgoing]) -> Vec<String> {
    out.iter()
        .map(|o| {
            let rtx = if o.resend.is_some() { " rtx" } else { "" };
            format!("{} {:?}{rtx}", o.header.label(), o.purpose)
        })
        .collect()
}

#[track_caller]
fn assert_sent(out: &[Outgoing], expected: &[&str]) {
    assert_eq!(describe(out), expected, "segments sent");
    for o in out {
        assert_eq!(
            (o.header.src, o.header.dst),
            (LOCAL, REMOTE),
            "addresses of {o:?}"
        );
        // RFC 9293 3.7.1: the MSS option is sent only in SYN segments.
        assert_eq!(
            o.header.mss.is_some(),
            o.header.flags.syn(),
            "MSS option of {o:?}"
        );
    }
}

#[track_caller]
fn assert_state(h: &Harness, state: State) {
    assert_eq!(h.tcb.state(), state, "state of the TCB");
}

fn by_segment(id: SegmentId) -> Cause {
    Cause::Segment { segment: id }
}

fn by_call(call: Call) -> Cause {
    Cause::Call { call }
}

/// The reasons of the SegmentIgnored events among `events`.
fn ignored(events: &[Event]) -> Vec<IgnoreReason> {
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::SegmentIgnored { reason, .. } => Some(reason),
            _ => None,
        })
        .collect()
}

fn gave_up(events: &[Event]) -> Vec<GiveUp> {
    events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::GaveUp { reason, .. } => Some(reason),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Fixtures: one per state. Each asserts the path that leads there, so a
// fixture that breaks says where.

/// SYN-SENT: connect() at 0 ms; the SYN is out, its RTO (1 s, RFC 6298 2.1) running.
#[track_caller]
fn syn_sent_with(tuning: Tuning) -> Harness {
    // 1 s, or 1024 ms on Linux's timer wheel (tuning/wheel.rs).
    let first_timeout = tuning.fire_at(Time(0), tuning.initial_rto);
    let mut h = Harness::connect(tuning);
    assert_eq!(
        h.new_transitions(),
        [(State::Closed, State::SynSent, by_call(Call::Connect))]
    );
    // RFC 9293 3.10.1 OPEN: "A SYN segment of the form <SEQ=ISS><CTL=SYN> is sent."
    assert_sent(&h.output(), &["SYN seq=1000 Syn"]);
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(first_timeout));
    h
}

#[track_caller]
fn syn_sent() -> Harness {
    syn_sent_with(Tuning::default())
}

/// SYN-RECEIVED after a passive open: the peer's SYN (seq 8000) arrived at 0 ms.
#[track_caller]
fn syn_received() -> Harness {
    let mut h = Harness::accept(Tuning::default());
    assert_eq!(
        h.new_transitions(),
        [(State::Listen, State::SynReceived, by_segment(SegmentId(0)))]
    );
    // RFC 9293 3.10.7.2: "<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> is sent".
    assert_sent(&h.output(), &["SYN,ACK seq=1000 ack=8001 SynAck"]);
    assert!(h.tcb.passive);
    h
}

/// ESTABLISHED as the active opener: the SYN,ACK came back at 200 ms.
#[track_caller]
fn established() -> Harness {
    let mut h = syn_sent();
    let (id, out) = h.at(200).receive(PEER_SYN_ACK);
    // RFC 9293 3.10.7.3: "If SND.UNA > ISS (our SYN has been ACKed), change the
    // connection state to ESTABLISHED, form an ACK segment
    // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
    assert_sent(&out, &["ACK seq=1001 ack=8001 HandshakeAck"]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynSent, State::Established, by_segment(id))]
    );
    // RFC 6298 2.2: R = 200 ms gives SRTT 200, RTTVAR 100, RTO = 200 + 4 * 100 =
    // 600 ms, which 2.4 rounds up to 1 s.
    assert_eq!(h.tcb.rto.current(), Millis(1_000));
    assert_eq!(
        h.tcb.timers[TimerKind::Retransmission],
        None,
        "everything sent is acknowledged"
    );
    h
}

/// FIN-WAIT-1: close() at 200 ms, right after the handshake.
#[track_caller]
fn fin_wait_1() -> Harness {
    let mut h = established();
    // RFC 9293 3.10.4 CLOSE, ESTABLISHED: "form a FIN segment and send it. In any
    // case, enter FIN-WAIT-1 state." The FIN takes sequence number 1001.
    assert_sent(&h.close(), &["FIN,ACK seq=1001 ack=8001 Fin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::FinWait1, by_call(Call::Close))]
    );
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(Time(1_200)));
    h
}

/// FIN-WAIT-2: the ACK of our FIN (ack 1002) arrived at 400 ms.
#[track_caller]
fn fin_wait_2() -> Harness {
    let mut h = fin_wait_1();
    let (id, out) = h.at(400).receive(Header {
        ack: Seq(1002),
        ..FROM_PEER
    });
    // RFC 9293 3.10.7.4 fifth, FIN-WAIT-1: "if the FIN segment is now
    // acknowledged, then enter FIN-WAIT-2". An ACK that carries nothing is not acknowledged.
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::FinWait2, by_segment(id))]
    );
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], None);
    h
}

/// CLOSE-WAIT: the peer's FIN (seq 8001) arrived at 300 ms.
#[track_caller]
fn close_wait() -> Harness {
    let mut h = established();
    let (id, out) = h.at(300).receive(PEER_FIN);
    // RFC 9293 3.10.7.4 eighth: "advance RCV.NXT over the FIN, and send an
    // acknowledgment for the FIN"; ESTABLISHED: "Enter the CLOSE-WAIT state."
    assert_sent(&out, &["ACK seq=1001 ack=8002 AckFin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::CloseWait, by_segment(id))]
    );
    assert!(h.tcb.peer_fin);
    h
}

/// CLOSING: our FIN is out and the peer's FIN crosses it (simultaneous close) at 300 ms.
#[track_caller]
fn closing() -> Harness {
    let mut h = fin_wait_1();
    let (id, out) = h.at(300).receive(PEER_FIN);
    // The peer's FIN acknowledges 1001, not our FIN (1001 itself): eighth,
    // FIN-WAIT-1: "otherwise, enter the CLOSING state", and ACK the FIN.
    assert_sent(&out, &["ACK seq=1002 ack=8002 AckFin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::Closing, by_segment(id))]
    );
    h
}

/// LAST-ACK: close() in CLOSE-WAIT at 300 ms sends our FIN.
#[track_caller]
fn last_ack() -> Harness {
    let mut h = close_wait();
    // RFC 9293 3.10.4 CLOSE, CLOSE-WAIT: "Queue this request until all preceding
    // SENDs have been segmentized; then send a FIN segment, enter LAST-ACK state."
    assert_sent(&h.close(), &["FIN,ACK seq=1001 ack=8002 Fin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::CloseWait, State::LastAck, by_call(Call::Close))]
    );
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(Time(1_300)));
    h
}

/// TIME-WAIT: in FIN-WAIT-2 the peer's FIN arrived at 500 ms.
#[track_caller]
fn time_wait() -> Harness {
    let mut h = fin_wait_2();
    let (id, out) = h.at(500).receive(Header {
        ack: Seq(1002),
        ..PEER_FIN
    });
    // Eighth, FIN-WAIT-2: "Enter the TIME-WAIT state. Start the time-wait timer,
    // turn off the other timers." 2 × MSL = 2 s by default.
    assert_sent(&out, &["ACK seq=1002 ack=8002 AckFin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait2, State::TimeWait, by_segment(id))]
    );
    assert_eq!(h.tcb.timers[TimerKind::TimeWait], Some(Time(2_500)));
    h
}

/// Every synchronized state, by name, with its fixture.
fn synchronized_fixtures() -> Vec<(State, Harness)> {
    vec![
        (State::Established, established()),
        (State::FinWait1, fin_wait_1()),
        (State::FinWait2, fin_wait_2()),
        (State::CloseWait, close_wait()),
        (State::Closing, closing()),
        (State::LastAck, last_ack()),
        (State::TimeWait, time_wait()),
    ]
}

// ---------------------------------------------------------------------------
// Opening: CLOSED, SYN-SENT.

#[test]
fn closed_connect_enters_syn_sent_and_sends_syn_with_mss() {
    let mut h = syn_sent();
    assert_eq!(h.tcb.snd_nxt, Seq(1001), "the SYN occupies ISS");
    assert_eq!(h.tcb.snd_una, Seq(1000));
    let armed: Vec<_> = h
        .new_events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::TimerArmed {
                timer, deadline, rto, ..
            } => Some((timer, deadline, rto)),
            _ => None,
        })
        .collect();
    assert_eq!(
        armed,
        [(TimerKind::Retransmission, Time(1_000), Some(Millis(1_000)))]
    );
}

#[test]
fn syn_sent_receives_syn_ack_enters_established() {
    let h = established();
    assert_eq!((h.tcb.irs, h.tcb.rcv_nxt), (Seq(8000), Seq(8001)));
    assert_eq!((h.tcb.snd_una, h.tcb.snd_nxt), (Seq(1001), Seq(1001)));
    assert_eq!(h.tcb.peer_mss, 1460);
}

#[test]
fn syn_sent_receives_syn_enters_syn_received_and_sends_syn_ack() {
    // Simultaneous open (RFC 9293 figure 7): the peer's SYN crosses ours.
    let mut h = syn_sent();
    let (id, out) = h.at(100).receive(PEER_SYN);
    // 3.10.7.3 fourth: "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment
    // <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK> and send it." It repeats our SYN's
    // sequence number, so it counts as sent again (for a simultaneous open).
    assert_sent(&out, &["SYN,ACK seq=1000 ack=8001 SynAck rtx"]);
    assert_eq!(out[0].resend, Some(crate::Resend::SimultaneousOpen));
    assert_eq!(
        h.new_transitions(),
        [(State::SynSent, State::SynReceived, by_segment(id))]
    );
    assert!(!h.tcb.passive);

    // The peer's SYN,ACK (figure 7, line 6) repeats its SYN's sequence
    // number, which lies before RCV.NXT: by the text of 3.10.7.4 first it is
    // unacceptable, so it is answered with an ACK and dropped (the figure's
    // shortcut to ESTABLISHED is not what the processing rules say).
    let (_, out) = h.at(200).receive(PEER_SYN_ACK);
    assert_sent(&out, &["ACK seq=1001 ack=8001 SimultaneousOpenAck"]);
    assert_state(&h, State::SynReceived);
    // The peer's own ACK of our SYN,ACK is acceptable and completes the open.
    let (id, out) = h.at(300).receive(Header {
        seq: Seq(8001),
        ack: Seq(1001),
        flags: Flags::ACK,
        ..FROM_PEER
    });
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Established, by_segment(id))]
    );
    assert_eq!(h.tcb.snd_una, Seq(1001));
}

#[test]
fn linux_simultaneous_open_establishes_on_the_peers_syn_ack() {
    // Linux (tcp_rcv_state_process) trims the repeated SYN, takes the ACK,
    // enters ESTABLISHED and acknowledges at once: capture m_simultaneous_open
    // shows SYN×2, SYN,ACK×2, ACK×2.
    let mut h = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let _ = h.at(100).receive(PEER_SYN);
    let _ = h.new_transitions();
    let (id, out) = h.at(200).receive(PEER_SYN_ACK);
    assert_sent(&out, &["ACK seq=1001 ack=8001 SimultaneousOpenAck"]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Established, by_segment(id))]
    );
}

#[test]
fn syn_sent_receives_rst_ack_enters_closed_refused() {
    let mut h = syn_sent();
    let (id, out) = h.at(200).receive(Header {
        seq: Seq(0),
        ack: Seq(1001),
        flags: Flags::RST_ACK,
        ..FROM_PEER
    });
    // 3.10.7.3 second: "If the ACK was acceptable, then signal to the user
    // 'error: connection reset', drop the segment, enter CLOSED state".
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynSent, State::Closed, by_segment(id))]
    );
    assert_eq!(h.tcb.error, Some(SocketError::ConnectionRefused));
    assert_eq!(h.tcb.next_deadline(), None, "no timer survives CLOSED");
}

#[test]
fn syn_sent_ignores_rst_without_ack() {
    let mut h = syn_sent();
    let (_, out) = h.at(200).receive(Header {
        seq: Seq(0),
        ack: Seq(0),
        flags: Flags::RST,
        ..FROM_PEER
    });
    // 3.10.7.3 second: "Otherwise (no ACK), drop the segment and return." An
    // RST that acknowledges nothing may be a stray; the SYN keeps trying.
    assert_sent(&out, &[]);
    assert_state(&h, State::SynSent);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::RstWithoutAcceptableAck]);
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(Time(1_000)));
}

#[test]
fn syn_sent_receives_old_syn_ack_answers_rst_and_keeps_waiting() {
    // RFC 9293 figure 8: a SYN,ACK for an old SYN (ack 91) reaches the client.
    let mut h = syn_sent();
    let (_, out) = h.at(200).receive(Header {
        ack: Seq(91),
        ..PEER_SYN_ACK
    });
    // 3.10.7.3 first: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
    // <SEQ=SEG.ACK><CTL=RST>".
    assert_sent(&out, &["RST seq=91 RstBadAck"]);
    assert_state(&h, State::SynSent);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::UnacceptableAck]);
}

#[test]
fn syn_sent_ignores_plain_ack() {
    // A bare ACK acknowledging our SYN (e.g. a SYN-RECEIVED peer answering our
    // retransmitted SYN): neither SYN nor RST, so "drop the segment and return".
    let mut h = syn_sent();
    let (_, out) = h.at(200).receive(FROM_PEER);
    assert_sent(&out, &[]);
    assert_state(&h, State::SynSent);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::NoSynOrRstInSynSent]);
}

#[test]
fn syn_sent_close_enters_closed_and_sends_nothing() {
    let mut h = syn_sent();
    // 3.10.4 CLOSE, SYN-SENT: "Delete the TCB". No FIN: nothing is synchronized.
    assert_sent(&h.at(500).close(), &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynSent, State::Closed, by_call(Call::Close))]
    );
    assert_eq!(h.tcb.next_deadline(), None);
}

#[test]
fn syn_sent_abort_enters_closed_without_rst() {
    let mut h = syn_sent();
    // 3.10.5 ABORT, SYN-SENT: "delete the TCB" (no RST: there is no connection yet).
    assert_sent(&h.at(500).abort(), &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynSent, State::Closed, by_call(Call::Abort))]
    );
}

/// The times (ms) at which segments went out, and their descriptions.
fn timeline(sent: &[(u64, Outgoing)]) -> Vec<(u64, String)> {
    sent.iter()
        .map(|(t, o)| (*t, describe(std::slice::from_ref(o)).remove(0)))
        .collect()
}

#[test]
fn syn_sent_retransmits_syn_with_doubling_rto_then_gives_up() {
    // RFC 6298 5.5 doubles the RTO on each timeout; 2.5 caps it (60 s here);
    // 7 retries cover RFC 9293 3.8.3's "at least 3 minutes" for a SYN:
    // 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 = 183 s.
    let mut h = syn_sent();
    h.new_events();
    let sent = h.run_timers(1_000_000);
    let syn = "SYN seq=1000 Syn rtx".to_string();
    let times = [1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000];
    assert_eq!(timeline(&sent), times.map(|t| (t, syn.clone())));
    assert_eq!(h.now, Time(183_000));
    assert_state(&h, State::Closed);
    let events = h.new_events();
    assert_eq!(
        gave_up(&events),
        [GiveUp::SynRetries {
            retries: 7,
            elapsed: Millis(183_000)
        }]
    );
    assert_eq!(h.tcb.error, Some(SocketError::TimedOut));
    let backoffs: Vec<_> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TimerArmed {
                rto: Some(rto),
                backoff,
                ..
            } => Some((rto.0, backoff)),
            _ => None,
        })
        .collect();
    assert_eq!(
        backoffs,
        [
            (2_000, 1),
            (4_000, 2),
            (8_000, 3),
            (16_000, 4),
            (32_000, 5),
            (60_000, 6),
            (60_000, 7)
        ]
    );
}

#[test]
fn syn_sent_linux_retries_four_times_at_one_second_then_doubles() {
    // Linux 6.x (tcp_syn_linear_timeouts = 4, tcp_syn_retries = 6): the
    // linear retries come on top of the 6, so 10 retransmissions with gaps
    // 1, 1, 1, 1, 1, 2, 4, 8, 16, 32 s, each rounded up by the timer wheel
    // (8 jiffies under 2 s, 64 under 16 s, 512 beyond; HZ = 250); the 11th
    // expiry, 64 s later, gives up (tcp_write_timeout). The kernel capture
    // n2_connect_gives_up_default shows 1.02, 2.05, 3.07, 4.10, 5.12, 7.14,
    // 11.23, 19.42, 35.55, 69.09 s and ETIMEDOUT at 134.6 s: the same within
    // a bucket (its ticks have another phase).
    let mut h = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let sent = h.run_timers(1_000_000);
    let syn = "SYN seq=1000 Syn rtx".to_string();
    let times = [
        1_024, 2_048, 3_072, 4_096, 5_120, 7_136, 11_264, 19_456, 35_584, 69_632,
    ];
    assert_eq!(timeline(&sent), times.map(|t| (t, syn.clone())));
    assert_eq!(h.now, Time(135_168));
    assert_state(&h, State::Closed);
    assert_eq!(
        gave_up(&h.new_events()),
        [GiveUp::SynRetries {
            retries: 10,
            elapsed: Millis(135_168)
        }]
    );
}

#[test]
fn syn_timeout_raises_the_rto_to_three_seconds_once_established() {
    // RFC 6298 5.7: after a SYN timed out, "the RTO MUST be re-initialized to 3
    // seconds when data transmission begins"; Karn's rule forbids sampling the
    // retransmitted SYN, so no measurement replaces it.
    let mut h = syn_sent();
    let sent = h.run_timers(1_000);
    assert_eq!(timeline(&sent), [(1_000, "SYN seq=1000 Syn rtx".to_string())]);
    let _ = h.at(1_200).receive(PEER_SYN_ACK);
    assert_state(&h, State::Established);
    assert_eq!(h.tcb.rto.current(), Millis(3_000));
    assert_sent(&h.send(20), &["PSH,ACK seq=1001 ack=8001 len=20 Data"]);
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(Time(4_200)));
}

// ---------------------------------------------------------------------------
// SYN-RECEIVED.

#[test]
fn syn_received_receives_ack_of_syn_enters_established() {
    let mut h = syn_received();
    let (id, out) = h.at(200).receive(FROM_PEER);
    // 3.10.7.4 fifth, SYN-RECEIVED: "If SND.UNA < SEG.ACK =< SND.NXT, then enter
    // ESTABLISHED state". A pure ACK needs no answer.
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Established, by_segment(id))]
    );
    assert_eq!(h.tcb.snd_una, Seq(1001));
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], None);
}

#[test]
fn syn_received_receives_unacceptable_ack_sends_rst() {
    let mut h = syn_received();
    let (_, out) = h.at(200).receive(Header {
        ack: Seq(5000),
        ..FROM_PEER
    });
    // Fifth, SYN-RECEIVED: "If the segment acknowledgment is not acceptable, form
    // a reset segment <SEQ=SEG.ACK><CTL=RST> and send it."
    assert_sent(&out, &["RST seq=5000 RstBadAck"]);
    assert_state(&h, State::SynReceived);
}

#[test]
fn syn_received_passive_receives_rst_returns_to_listen() {
    let mut h = syn_received();
    let (id, out) = h.at(200).receive(Header {
        seq: Seq(8001),
        ..PEER_RST
    });
    // 3.10.7.4 second, SYN-RECEIVED: "If this connection was initiated with a
    // passive OPEN (i.e., came from the LISTEN state), then return this
    // connection to LISTEN state and return. The user need not be informed."
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Listen, by_segment(id))]
    );
    assert_eq!(h.tcb.error, None, "the user need not be informed");
    assert!(h.tcb.is_done(), "the host deletes the half-open TCB");
}

#[test]
fn syn_received_active_receives_rst_enters_closed_refused() {
    // After a simultaneous open: "If this connection was initiated with an
    // active OPEN (i.e., came from SYN-SENT state), then the connection was
    // refused; signal the user 'connection refused'."
    let mut h = syn_sent();
    let _ = h.at(100).receive(PEER_SYN);
    h.new_events();
    let (id, out) = h.at(200).receive(PEER_RST);
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Closed, by_segment(id))]
    );
    assert_eq!(h.tcb.error, Some(SocketError::ConnectionRefused));
}

#[test]
fn syn_received_passive_receives_new_syn_returns_to_listen() {
    // 3.10.7.4 fourth, SYN-RECEIVED: "If the connection was initiated with a
    // passive OPEN, then return this connection to the LISTEN state and return."
    let mut h = syn_received();
    let (id, out) = h.at(200).receive(Header {
        seq: Seq(8100),
        ..PEER_SYN
    });
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::Listen, by_segment(id))]
    );
}

#[test]
fn syn_received_duplicate_syn_is_answered_with_ack() {
    // The peer retransmits its SYN because our SYN,ACK was lost. Its sequence
    // number (8000) lies before RCV.NXT (8001): the first check finds it
    // unacceptable and answers <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    let mut h = syn_received();
    let (_, out) = h.at(1_000).receive(PEER_SYN);
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_state(&h, State::SynReceived);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::DuplicateSyn]);
}

#[test]
fn syn_received_linux_resends_syn_ack_for_a_duplicate_syn() {
    let mut h = Harness::accept(Tuning::for_profile(Profile::Linux));
    assert_sent(&h.output(), &["SYN,ACK seq=1000 ack=8001 SynAck"]);
    let (_, out) = h.at(1_000).receive(PEER_SYN);
    assert_sent(&out, &["SYN,ACK seq=1000 ack=8001 SynAck rtx"]);
}

#[test]
fn simultaneous_open_times_no_round_trip_from_the_syn_sent_twice() {
    // The ISS went out in the SYN and again in the SYN,ACK. RFC 6298 (Karn):
    // the ACK of it is ambiguous, so no sample. Linux re-stamps the SYN's
    // buffer when it sends the SYN,ACK and times from there: 100 ms here,
    // not the 200 ms since the SYN (kernel fixture m3_simultaneous_open_data_lost).
    let mut rfc = syn_sent();
    let _ = rfc.at(100).receive(PEER_SYN);
    let _ = rfc.at(200).receive(PEER_SYN_ACK);
    let _ = rfc.at(300).receive(Header {
        seq: Seq(8001),
        ack: Seq(1001),
        flags: Flags::ACK,
        ..FROM_PEER
    });
    assert_state(&rfc, State::Established);
    assert_eq!(rfc.tcb.rto.srtt(), None);

    let mut linux = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let _ = linux.at(100).receive(PEER_SYN);
    let _ = linux.at(200).receive(PEER_SYN_ACK);
    assert_state(&linux, State::Established);
    assert_eq!(linux.tcb.rto.srtt(), Some(Millis(100)));
}

#[test]
fn linux_simultaneous_open_answers_a_repeated_syn_with_an_ack() {
    // After crossing SYNs the socket is a full one in SYN_RECV, not a
    // listener's request: Linux's tcp_validate_incoming answers any SYN with
    // a challenge ACK and resends nothing (kernel fixture
    // m2_simultaneous_open_syn_repeated, two runs alike).
    let mut h = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let _ = h.at(100).receive(PEER_SYN);
    let _ = h.new_events();
    let (_, out) = h.at(900).receive(PEER_SYN);
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_state(&h, State::SynReceived);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::DuplicateSyn]);
}

#[test]
fn syn_received_retransmits_syn_ack_then_returns_to_listen() {
    // 7 retransmissions at 1, 3, 7, 15, 31, 63, 123 s; at 183 s the half-open
    // connection is given up and the listener carries on (the TCB goes back to LISTEN).
    let mut h = syn_received();
    let sent = h.run_timers(1_000_000);
    let synack = "SYN,ACK seq=1000 ack=8001 SynAck rtx".to_string();
    let times = [1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 123_000];
    assert_eq!(timeline(&sent), times.map(|t| (t, synack.clone())));
    assert_state(&h, State::Listen);
    let events = h.new_events();
    assert_eq!(
        gave_up(&events),
        [GiveUp::SynAckRetries {
            retries: 7,
            elapsed: Millis(183_000)
        }]
    );
}

#[test]
fn syn_received_close_enters_fin_wait_1_and_sends_fin() {
    // 3.10.4 CLOSE, SYN-RECEIVED: "If no SENDs have been issued and there is no
    // pending data to send, then form a FIN segment and send it, and enter
    // FIN-WAIT-1 state". The FIN follows the SYN: sequence number 1001.
    let mut h = syn_received();
    assert_sent(&h.at(50).close(), &["FIN,ACK seq=1001 ack=8001 Fin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::SynReceived, State::FinWait1, by_call(Call::Close))]
    );
    // One ACK covers the SYN and the FIN: FIN-WAIT-1 → FIN-WAIT-2.
    let (id, out) = h.at(200).receive(Header {
        ack: Seq(1002),
        ..FROM_PEER
    });
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::FinWait2, by_segment(id))]
    );
}

#[test]
fn syn_received_close_then_timeout_resends_syn_ack_before_fin() {
    // After close() in SYN-RECEIVED neither the SYN nor the FIN is
    // acknowledged. A timeout resends "the earliest segment that has not been
    // acknowledged" (RFC 6298 5.4): the SYN,ACK, as it was; then the FIN.
    let mut h = syn_received();
    let _ = h.at(50).close();
    assert_state(&h, State::FinWait1);
    let sent = h.run_timers(1_000);
    assert_eq!(
        timeline(&sent),
        [
            (1_000, "SYN,ACK seq=1000 ack=8001 SynAck rtx".to_string()),
            (1_000, "FIN,ACK seq=1001 ack=8001 Fin rtx".to_string()),
        ]
    );
}

// ---------------------------------------------------------------------------
// ESTABLISHED.

#[test]
fn established_close_enters_fin_wait_1() {
    let h = fin_wait_1();
    assert!(h.tcb.orphaned, "close() gives the socket up");
    assert_eq!(h.tcb.snd_nxt, Seq(1002), "the FIN occupies 1001");
}

#[test]
fn established_receives_fin_enters_close_wait() {
    let h = close_wait();
    assert_eq!(h.tcb.rcv_nxt, Seq(8002), "the FIN occupies 8001");
}

#[test]
fn established_sends_data_and_the_ack_stops_the_timer() {
    let mut h = established();
    assert_sent(&h.send(20), &["PSH,ACK seq=1001 ack=8001 len=20 Data"]);
    // RFC 6298 5.1: the timer starts when data goes out and none was outstanding.
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], Some(Time(1_200)));
    let (id, out) = h.at(400).receive(Header {
        ack: Seq(1021),
        ..FROM_PEER
    });
    assert_sent(&out, &[]);
    // 5.2: "When all outstanding data has been acknowledged, turn off the timer."
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], None);
    let acked: Vec<_> = h
        .new_events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::Acknowledged {
                segment,
                newly_acked,
                snd_una,
                ..
            } => Some((segment, newly_acked, snd_una)),
            _ => None,
        })
        .collect();
    assert_eq!(acked, [(id, 20, Seq(1021))]);
}

#[test]
fn established_receives_data_and_acks_it() {
    let mut h = established();
    let (id, out) = h.at(300).receive(Header {
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    // With no ACK delay configured the ACK goes at once: ack = 8001 + 10.
    assert_sent(&out, &["ACK seq=1001 ack=8011 AckData"]);
    assert_eq!((h.tcb.rcv_nxt, h.tcb.unread), (Seq(8011), 10));
    assert!(h.new_events().iter().any(|e| e.kind
        == EventKind::DataReceived {
            segment: id,
            conn: Conn::Main,
            bytes: 10,
            rcv_nxt: Seq(8011),
            half_closed: false,
        }));
}

#[test]
fn established_holds_out_of_order_data_and_delivers_it_when_the_gap_fills() {
    let mut h = established();
    // Bytes 8011..8020 arrive before 8001..8010.
    let (late, out) = h.at(300).receive(Header {
        seq: Seq(8011),
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    // RFC 9293 3.10.7.4 seventh: out-of-order segments "may be held for later
    // processing"; RFC 5681 4.2: an out-of-order segment is ACKed at once,
    // restating the next byte expected (8001): a duplicate ACK.
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_eq!((h.tcb.rcv_nxt, h.tcb.unread), (Seq(8001), 0));
    assert!(h.new_events().iter().any(|e| e.kind
        == EventKind::DataQueuedOutOfOrder {
            segment: late,
            conn: Conn::Main,
            bytes: 10,
            held_already: false,
            fin: false,
        }));
    // The missing bytes fill the gap: both pieces are delivered, and RFC 5681
    // 4.2 asks for an immediate ACK of everything (8021).
    let (fill, out) = h.at(310).receive(Header {
        flags: Flags::ACK,
        len: 10,
        ..FROM_PEER
    });
    assert_sent(&out, &["ACK seq=1001 ack=8021 AckData"]);
    assert_eq!((h.tcb.rcv_nxt, h.tcb.unread), (Seq(8021), 20));
    let received: Vec<_> = h
        .new_events()
        .into_iter()
        .filter_map(|e| match e.kind {
            EventKind::DataReceived {
                segment,
                bytes,
                rcv_nxt,
                ..
            } => Some((segment, bytes, rcv_nxt)),
            _ => None,
        })
        .collect();
    assert_eq!(received, [(fill, 10, Seq(8011)), (fill, 10, Seq(8021))]);
}

/// Ten-byte pieces from the peer starting at `seq`, `step` bytes apart.
fn pieces(h: &mut Harness, n: u32, seq: u32, step: u32) -> Vec<Event> {
    for i in 0..n {
        h.at(300).receive(Header {
            seq: Seq(seq + i * step),
            flags: Flags::PSH_ACK,
            len: 10,
            ..FROM_PEER
        });
    }
    h.new_events()
}

#[test]
fn held_pieces_that_touch_are_one_range_and_a_repeat_adds_nothing() {
    let mut h = established();
    // 300 pieces back to back after a gap (8001..8010), then all of them
    // again (the sender's retransmissions): one range of 3000 bytes (what
    // the window's free space counts), not 600 ranges of 6000.
    let held_already = |events: &[Event]| -> Vec<bool> {
        events
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::DataQueuedOutOfOrder { held_already, .. } => Some(held_already),
                _ => None,
            })
            .collect()
    };
    let first = pieces(&mut h, 300, 8011, 10);
    assert_eq!(held_already(&first), [false; 300]);
    let events = pieces(&mut h, 300, 8011, 10);
    assert!(ignored(&events).is_empty(), "{:?}", ignored(&events));
    // Each repeat says it brought nothing new, and is still answered at once.
    assert_eq!(held_already(&events), [true; 300]);
    assert_eq!(
        h.tcb.out_of_order,
        [OutOfOrder {
            seq: Seq(8011),
            len: 3000,
            fin: false
        }]
    );
    // A piece that overlaps the held range and goes one byte past it brings
    // something new.
    h.at(300).receive(Header {
        seq: Seq(8011 + 2995),
        flags: Flags::PSH_ACK,
        len: 6,
        ..FROM_PEER
    });
    assert_eq!(held_already(&h.new_events()), [false]);
    // The gap fills: all 3011 bytes are in, in order.
    h.at(310).receive(Header {
        flags: Flags::ACK,
        len: 10,
        ..FROM_PEER
    });
    assert_eq!((h.tcb.rcv_nxt, h.tcb.unread), (Seq(8001 + 3011), 3011));
    assert!(h.tcb.out_of_order.is_empty());
}

#[test]
fn at_most_256_separate_ranges_are_held_and_the_next_is_dropped_saying_so() {
    let mut h = established();
    // 257 pieces with a gap before each: the 257th would be one range too many.
    let events = pieces(&mut h, 257, 8011, 20);
    assert_eq!(ignored(&events), [IgnoreReason::OutOfOrderFull]);
    assert_eq!(h.tcb.out_of_order.len(), 256);
    // A piece that closes a gap between two held ranges is still taken: it
    // joins them (255 ranges now).
    let events = pieces(&mut h, 1, 8021, 0);
    assert!(ignored(&events).is_empty());
    assert_eq!(h.tcb.out_of_order.len(), 255);
    // A FIN held ahead of the data caps what may follow it: bytes beyond a
    // FIN are never delivered.
    let mut h = established();
    h.at(300).receive(Header {
        seq: Seq(8021),
        ..PEER_FIN
    });
    pieces(&mut h, 2, 8011, 10); // 8011..8020 before the FIN, 8021..8030 after it
    h.at(310).receive(Header {
        flags: Flags::ACK,
        len: 10,
        ..FROM_PEER
    });
    assert_eq!(
        (h.tcb.unread, h.tcb.rcv_nxt),
        (20, Seq(8022)),
        "20 bytes, then the FIN"
    );
    assert_state(&h, State::CloseWait);
}

#[test]
fn established_holds_an_early_fin_until_the_data_before_it_arrives() {
    let mut h = established();
    // The FIN (seq 8011) overtakes 10 bytes of data (8001..8010).
    let (_, out) = h.at(300).receive(Header {
        seq: Seq(8011),
        ..PEER_FIN
    });
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_state(&h, State::Established);
    let (id, out) = h.at(310).receive(Header {
        len: 10,
        flags: Flags::PSH_ACK,
        ..FROM_PEER
    });
    // Eighth: the FIN is processed once everything before it is in: CLOSE-WAIT,
    // and one ACK covers data and FIN (8001 + 10 + 1).
    assert_sent(&out, &["ACK seq=1001 ack=8012 AckFin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::CloseWait, by_segment(id))]
    );
}

#[test]
fn established_receives_ack_of_unsent_data_answers_ack_and_drops_it() {
    let mut h = established();
    let (_, out) = h.at(300).receive(Header {
        ack: Seq(1500),
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    // Fifth, ESTABLISHED: "If the ACK acks something not yet sent (SEG.ACK >
    // SND.NXT), then send an ACK, drop the segment, and return." The data is
    // dropped with it: RCV.NXT stays 8001.
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_eq!(h.tcb.rcv_nxt, Seq(8001));
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::UnacceptableAck]);
}

#[test]
fn established_receives_old_duplicate_data_answers_ack() {
    let mut h = established();
    let _ = h.at(300).receive(Header { len: 10, ..FROM_PEER });
    h.new_events();
    // The same 10 bytes again: all before RCV.NXT, so unacceptable (first check),
    // "send an acknowledgment in reply ... <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>".
    let (_, out) = h.at(400).receive(Header { len: 10, ..FROM_PEER });
    assert_sent(&out, &["ACK seq=1001 ack=8011 DuplicateAck"]);
    assert_eq!(h.tcb.unread, 10, "nothing delivered twice");
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::OutsideWindow]);
}

#[test]
fn established_receives_segment_without_ack_drops_it() {
    let mut h = established();
    let (_, out) = h.at(300).receive(Header {
        flags: Flags::PSH,
        len: 10,
        ..FROM_PEER
    });
    // Fifth: "if the ACK bit is off, drop the segment and return".
    assert_sent(&out, &[]);
    assert_eq!(h.tcb.rcv_nxt, Seq(8001));
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::NoAck]);
}

#[test]
fn established_retransmits_with_backoff_then_gives_up() {
    let mut h = established();
    assert_sent(&h.send(20), &["PSH,ACK seq=1001 ack=8001 len=20 Data"]);
    h.new_events();
    // RTO 1 s from the handshake's sample; each timeout resends the earliest
    // unacknowledged segment (RFC 6298 5.4), doubles the RTO (5.5, capped at
    // 60 s by 2.5) and restarts the timer (5.6). After 6 retransmissions the
    // next timeout aborts the connection (RFC 9293 3.8.3 R2, here >= 100 s).
    let sent = h.run_timers(1_000_000);
    let data = "PSH,ACK seq=1001 ack=8001 len=20 Data rtx".to_string();
    let times = [1_200, 3_200, 7_200, 15_200, 31_200, 63_200];
    assert_eq!(timeline(&sent), times.map(|t| (t, data.clone())));
    assert_eq!(h.now, Time(123_200));
    let events = h.new_events();
    let rtos: Vec<_> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::TimerArmed {
                rto: Some(rto),
                backoff,
                deadline,
                ..
            } => Some((deadline.0, rto.0, backoff)),
            _ => None,
        })
        .collect();
    assert_eq!(
        rtos,
        [
            (3_200, 2_000, 1),
            (7_200, 4_000, 2),
            (15_200, 8_000, 3),
            (31_200, 16_000, 4),
            (63_200, 32_000, 5),
            (123_200, 60_000, 6)
        ]
    );
    assert_eq!(
        gave_up(&events),
        [GiveUp::DataRetries {
            retries: 6,
            elapsed: Millis(123_200 - 1_200)
        }]
    );
    assert_state(&h, State::Closed);
    assert_eq!(h.tcb.error, Some(SocketError::TimedOut));
    assert_eq!(h.tcb.next_deadline(), None);
}

#[test]
fn established_ack_after_timeout_collapses_the_backoff() {
    // RFC 6298 5.5-5.7 and Karn: the retransmitted segment is not sampled, but
    // new data after it is, and that sample replaces the backed-off RTO.
    let mut h = established();
    let _ = h.send(20);
    let _ = h.run_timers(1_200);
    assert_eq!(h.tcb.rto.current(), Millis(2_000));
    let _ = h.at(1_400).receive(Header {
        ack: Seq(1021),
        ..FROM_PEER
    });
    assert_eq!(
        h.tcb.rto.current(),
        Millis(2_000),
        "no sample from a retransmission"
    );
    let _ = h.send(10);
    let _ = h.at(1_600).receive(Header {
        ack: Seq(1031),
        ..FROM_PEER
    });
    // A 200 ms sample: SRTT stays 200, RTTVAR 3/4 * 100 = 75, RTO = 200 + 300
    // ms, rounded up to 1 s; the backoff is gone.
    assert_eq!((h.tcb.rto.current(), h.tcb.rto.backoff), (Millis(1_000), 0));
}

#[test]
fn established_abort_sends_rst_and_enters_closed() {
    let mut h = established();
    // 3.10.5 ABORT, ESTABLISHED: "Send a reset segment: <SEQ=SND.NXT><CTL=RST>".
    assert_sent(&h.at(300).abort(), &["RST seq=1001 RstAbort"]);
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::Closed, by_call(Call::Abort))]
    );
}

#[test]
fn established_linux_abort_sends_rst_ack() {
    let mut h = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let _ = h.at(200).receive(PEER_SYN_ACK);
    assert_sent(&h.abort(), &["RST,ACK seq=1001 ack=8001 RstAbort"]);
}

#[test]
fn established_close_with_unread_data_sends_rst() {
    let mut h = established();
    let _ = h.at(300).receive(Header { len: 10, ..FROM_PEER });
    h.new_events();
    // RFC 1122 4.2.2.13: "If such a host issues a CLOSE call while received data
    // is still pending in TCP ... its TCP SHOULD send a RST to show that data was lost."
    assert_sent(&h.close(), &["RST seq=1001 RstDataLost"]);
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::Closed, by_call(Call::Close))]
    );
}

#[test]
fn established_receives_inexact_rst_in_window_sends_challenge_ack() {
    let mut h = established();
    let (_, out) = h.at(300).receive(Header {
        seq: Seq(8100),
        ..PEER_RST
    });
    // RFC 5961 3.2: an RST inside the window but not at RCV.NXT "MUST send an
    // ACK (challenge ACK)" <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, and nothing else changes.
    assert_sent(&out, &["ACK seq=1001 ack=8001 ChallengeAck"]);
    assert_state(&h, State::Established);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::RstNotExact]);
}

#[test]
fn established_ignores_rst_outside_window() {
    let mut h = established();
    let (_, out) = h.at(300).receive(Header {
        seq: Seq(8001 + 70_000),
        ..PEER_RST
    });
    // RFC 5961 3.2 (and 9293 first check): an RST outside the window is silently dropped.
    assert_sent(&out, &[]);
    assert_state(&h, State::Established);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::RstOutsideWindow]);
}

#[test]
fn established_answers_a_keep_alive_as_one() {
    // RFC 9293 3.8.4: a keep-alive is an empty segment one below RCV.NXT
    // (SEG.SEQ = RCV.NXT - 1) into an open window; it must be answered, and
    // the answer says the connection is still held (kernel capture
    // v_keepalive_answered: Linux answers each probe at once).
    let mut h = established();
    let (_, out) = h.at(5_000).receive(Header {
        seq: Seq(PEER_ISS),
        ..FROM_PEER
    });
    assert_sent(&out, &["ACK seq=1001 ack=8001 KeepAliveAck"]);
    assert_state(&h, State::Established);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::KeepAlive]);
}

#[test]
fn established_receives_syn_sends_challenge_ack() {
    let mut h = established();
    let (_, out) = h.at(300).receive(Header {
        seq: Seq(8100),
        ..PEER_SYN
    });
    // RFC 5961 4.2 (9293 fourth check): a SYN in a synchronized state, whatever
    // its sequence number, gets a challenge ACK and the connection stays.
    assert_sent(&out, &["ACK seq=1001 ack=8001 ChallengeAck"]);
    assert_state(&h, State::Established);
    assert_eq!(ignored(&h.new_events()), [IgnoreReason::SynOnSynchronized]);
}

#[test]
fn established_receives_retransmitted_syn_ack_re_acks_it() {
    // Our handshake ACK was lost; the peer resends its SYN,ACK. It is old
    // (seq 8000 < RCV.NXT): the first check answers with an ACK that restates
    // where we are, which completes the peer's handshake.
    let mut h = established();
    let (_, out) = h.at(1_100).receive(PEER_SYN_ACK);
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert_state(&h, State::Established);
}

// ---------------------------------------------------------------------------
// RST in every synchronized state.

#[test]
fn every_synchronized_state_receives_exact_rst_enters_closed() {
    for (state, mut h) in synchronized_fixtures() {
        let rcv_nxt = h.tcb.rcv_nxt;
        h.new_events();
        let now = h.now.0;
        let (id, out) = h.at(now + 10).receive(Header {
            seq: rcv_nxt,
            ..PEER_RST
        });
        assert_sent(&out, &[]);
        assert_eq!(
            h.new_transitions(),
            [(state, State::Closed, by_segment(id))],
            "{state}"
        );
        // 3.10.7.4 second: ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT tell
        // the user "connection reset"; CLOSING, LAST-ACK, TIME-WAIT just close
        // (the application has already finished with the connection).
        let told = matches!(
            state,
            State::Established | State::FinWait1 | State::FinWait2 | State::CloseWait
        );
        let expected = told.then_some(SocketError::ConnectionReset);
        assert_eq!(h.tcb.error, expected, "{state}");
        assert_eq!(h.tcb.next_deadline(), None, "{state}: no timer survives");
    }
}

#[test]
fn every_synchronized_state_answers_inexact_rst_with_challenge_ack() {
    for (state, mut h) in synchronized_fixtures() {
        let (snd_nxt, rcv_nxt) = (h.tcb.snd_nxt, h.tcb.rcv_nxt);
        h.new_events();
        let now = h.now.0;
        let (_, out) = h.at(now + 10).receive(Header {
            seq: rcv_nxt + 5,
            ..PEER_RST
        });
        let challenge = format!("ACK seq={snd_nxt} ack={rcv_nxt} ChallengeAck");
        assert_sent(&out, &[challenge.as_str()]);
        assert_state(&h, state);
        assert_eq!(ignored(&h.new_events()), [IgnoreReason::RstNotExact], "{state}");
    }
}

// ---------------------------------------------------------------------------
// FIN-WAIT-1, FIN-WAIT-2.

#[test]
fn fin_wait_1_receives_ack_of_fin_enters_fin_wait_2() {
    let h = fin_wait_2();
    assert!(h.tcb.fin_acked());
}

#[test]
fn fin_wait_1_receives_fin_enters_closing() {
    let h = closing();
    assert!(!h.tcb.fin_acked());
    assert_eq!(
        h.tcb.timers[TimerKind::Retransmission],
        Some(Time(1_200)),
        "our FIN is still timed"
    );
}

#[test]
fn fin_wait_1_receives_fin_ack_of_fin_enters_time_wait() {
    // The peer's FIN carries the ACK of ours (the three-segment close).
    // RFC 9293 figure 5, note 2: "The figure omits a transition from FIN-WAIT-1
    // to TIME-WAIT if a FIN is received and the local FIN is also acknowledged";
    // eighth check, FIN-WAIT-1: "If our FIN has been ACKed (perhaps in this
    // segment), then enter TIME-WAIT, start the time-wait timer, turn off the
    // other timers". One transition: the lifeline never shows FIN-WAIT-2.
    let mut h = fin_wait_1();
    let (id, out) = h.at(400).receive(Header {
        ack: Seq(1002),
        ..PEER_FIN
    });
    assert_sent(&out, &["ACK seq=1002 ack=8002 AckFin"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::TimeWait, by_segment(id))]
    );
    assert_eq!(h.tcb.timers[TimerKind::TimeWait], Some(Time(2_400)));
    assert_eq!(h.tcb.timers[TimerKind::Retransmission], None);
}

#[test]
fn fin_wait_1_fin_ack_behind_a_gap_enters_fin_wait_2_only() {
    // The FIN acks ours but data before it is missing: the ACK is processed
    // (FIN-WAIT-2), the FIN waits for the gap (it cannot be processed yet).
    let mut h = fin_wait_1();
    let (id, out) = h.at(400).receive(Header {
        seq: Seq(8011),
        ack: Seq(1002),
        ..PEER_FIN
    });
    assert_sent(&out, &["ACK seq=1002 ack=8001 DuplicateAck"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::FinWait2, by_segment(id))]
    );
}

#[test]
fn established_holds_a_fin_past_a_gap_and_closes_only_when_the_gap_fills() {
    // RFC 9293 3.10.7.4 eighth: a FIN takes effect in sequence only. One at
    // 8011, with bytes 8001..8010 missing, waits: it is said, answered with a
    // duplicate ACK, and the state stays ESTABLISHED.
    let mut h = established();
    let (early, out) = h.at(300).receive(Header {
        seq: Seq(8011),
        ..PEER_FIN
    });
    assert_sent(&out, &["ACK seq=1001 ack=8001 DuplicateAck"]);
    assert!(h.new_events().iter().any(|e| e.kind
        == EventKind::DataQueuedOutOfOrder {
            segment: early,
            conn: Conn::Main,
            bytes: 0,
            held_already: false,
            fin: true,
        }));
    assert_state(&h, State::Established);
    // The same FIN again brings nothing new.
    h.at(310).receive(Header {
        seq: Seq(8011),
        ..PEER_FIN
    });
    assert!(h.new_events().iter().any(|e| matches!(
        e.kind,
        EventKind::DataQueuedOutOfOrder {
            fin: true,
            held_already: true,
            ..
        }
    )));
    // The missing bytes fill the gap: the FIN is taken after them.
    let (fill, _) = h.at(320).receive(Header {
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    assert_eq!(
        h.new_transitions(),
        [(State::Established, State::CloseWait, by_segment(fill))]
    );
    assert_eq!(h.tcb.rcv_nxt, Seq(8012));
}

#[test]
fn fin_wait_1_retransmits_fin() {
    let mut h = fin_wait_1();
    let sent = h.run_timers(1_200);
    assert_eq!(
        timeline(&sent),
        [(1_200, "FIN,ACK seq=1001 ack=8001 Fin rtx".to_string())]
    );
    assert_state(&h, State::FinWait1);
}

#[test]
fn fin_wait_1_receives_data_after_close_sends_rst() {
    let mut h = fin_wait_1();
    let (id, out) = h.at(300).receive(Header {
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    // RFC 1122 4.2.2.13: "if new data is received after CLOSE is called, its
    // TCP SHOULD send a RST to show that data was lost." The RST carries
    // SND.NXT (1002: after our FIN), as ABORT's does.
    assert_sent(&out, &["RST seq=1002 RstDataLost"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait1, State::Closed, by_segment(id))]
    );
}

#[test]
fn fin_wait_2_receives_data_after_close_sends_rst() {
    let mut h = fin_wait_2();
    let (id, out) = h.at(500).receive(Header {
        ack: Seq(1002),
        flags: Flags::PSH_ACK,
        len: 10,
        ..FROM_PEER
    });
    assert_sent(&out, &["RST seq=1002 RstDataLost"]);
    assert_eq!(
        h.new_transitions(),
        [(State::FinWait2, State::Closed, by_segment(id))]
    );
}

#[test]
fn fin_wait_2_after_shutdown_still_receives_data() {
    // shutdown(SHUT_WR) closes only our direction: the peer may go on sending
    // (RFC 9293 3.6: "a TCP endpoint ... may continue to RECEIVE").
    let mut h = established();
    assert_sent(&h.shutdown(), &["FIN,ACK seq=1001 ack=8001 Fin"]);
    let _ = h.at(400).receive(Header {
        ack: Seq(1002),
        ..FROM_PEER
    });
    assert_state(&h, State::FinWait2);
    let (_, out) = h.at(500).receive(Header {
        ack: Seq(1002),
        flags: Flags::PSH_ACK,
        len: 100,
        ..FROM_PEER
    });
    assert_sent(&out, &["ACK seq=1002 ack=8101 AckData"]);
    assert_eq!(h.tcb.unread, 100);
    assert_state(&h, State::FinWait2);
}

#[test]
fn fin_wait_2_receives_fin_enters_time_wait() {
    let h = time_wait();
    assert_eq!(
        h.tcb.next_deadline(),
        Some(Time(2_500)),
        "only the 2 MSL timer runs"
    );
}

#[test]
fn fin_wait_2_waits_forever_in_rfc9293() {
    // RFC 9293 has no FIN-WAIT-2 timer: the peer may send data for as long as
    // it likes before its FIN.
    let h = fin_wait_2();
    assert_eq!(h.tcb.next_deadline(), None);
}

#[test]
fn fin_wait_2_linux_gives_up_on_an_orphaned_connection() {
    // Linux (tcp_fin_timeout = 60 s): a connection its application has closed
    // does not wait in FIN-WAIT-2 for ever.
    let mut h = syn_sent_with(Tuning::for_profile(Profile::Linux));
    let _ = h.at(200).receive(PEER_SYN_ACK);
    let _ = h.close();
    let _ = h.at(400).receive(Header {
        ack: Seq(1002),
        ..FROM_PEER
    });
    assert_state(&h, State::FinWait2);
    h.new_events();
    let sent = h.run_timers(1_000_000);
    assert_sent(&sent.into_iter().map(|(_, o)| o).collect::<Vec<_>>(), &[]);
    // 60 s after the ACK of our FIN, late by at most one wheel bucket (2 s).
    assert!((60_400..=62_448).contains(&h.now.0), "{:?}", h.now);
    let events = h.new_events();
    assert_eq!(gave_up(&events), [GiveUp::FinWait2Timeout]);
    assert!(events.iter().any(|e| matches!(
        e.kind,
        EventKind::StateChanged {
            from: State::FinWait2,
            to: State::Closed,
            ..
        }
    )));
}

// ---------------------------------------------------------------------------
// CLOSE-WAIT, CLOSING, LAST-ACK.

#[test]
fn close_wait_close_enters_last_ack() {
    let h = last_ack();
    assert_eq!(h.tcb.snd_nxt, Seq(1002));
}

#[test]
fn close_wait_can_still_send_data_before_its_fin() {
    let mut h = close_wait();
    // 3.10.2 SEND, CLOSE-WAIT: "Queue this request" as in ESTABLISHED; then close.
    assert_sent(&h.send(10), &["PSH,ACK seq=1001 ack=8002 len=10 Data"]);
    assert_sent(&h.close(), &["FIN,ACK seq=1011 ack=8002 Fin"]);
    assert_state(&h, State::LastAck);
}

#[test]
fn closing_receives_ack_of_fin_enters_time_wait() {
    let mut h = closing();
    let (id, out) = h.at(400).receive(Header {
        seq: Seq(8002),
        ack: Seq(1002),
        ..FROM_PEER
    });
    // Fifth, CLOSING: "if the ACK acknowledges our FIN, then enter the TIME-WAIT state".
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::Closing, State::TimeWait, by_segment(id))]
    );
    assert_eq!(h.tcb.next_deadline(), Some(Time(2_400)));
}

#[test]
fn closing_ignores_an_ack_that_does_not_cover_our_fin() {
    let mut h = closing();
    let (_, out) = h.at(400).receive(Header {
        seq: Seq(8002),
        ..FROM_PEER
    });
    // "otherwise, ignore the segment."
    assert_sent(&out, &[]);
    assert_state(&h, State::Closing);
}

#[test]
fn last_ack_receives_ack_of_fin_enters_closed() {
    let mut h = last_ack();
    let (id, out) = h.at(500).receive(Header {
        seq: Seq(8002),
        ack: Seq(1002),
        ..FROM_PEER
    });
    // Fifth, LAST-ACK: "If our FIN is now acknowledged, delete the TCB, enter
    // the CLOSED state, and return."
    assert_sent(&out, &[]);
    assert_eq!(
        h.new_transitions(),
        [(State::LastAck, State::Closed, by_segment(id))]
    );
    assert_eq!(h.tcb.error, None, "an orderly close");
    assert!(h.tcb.is_done());
}

#[test]
fn last_ack_retransmits_fin_until_it_is_acknowledged() {
    let mut h = last_ack();
    let sent = h.run_timers(1_300);
    assert_eq!(
        timeline(&sent),
        [(1_300, "FIN,ACK seq=1001 ack=8002 Fin rtx".to_string())]
    );
    assert_state(&h, State::LastAck);
}

// ---------------------------------------------------------------------------
// TIME-WAIT.

#[test]
fn time_wait_enters_closed_after_2msl() {
    let mut h = time_wait();
    let sent = h.run_timers(1_000_000);
    assert!(sent.is_empty());
    assert_eq!(h.now, Time(2_500));
    assert_eq!(
        h.new_transitions(),
        [(
            State::TimeWait,
            State::Closed,
            Cause::Timer {
                timer: TimerKind::TimeWait
            }
        )]
    );
    assert!(h.tcb.is_done());
}

#[test]
fn time_wait_re_acks_a_retransmitted_fin_and_restarts_2msl() {
    let mut h = time_wait();
    // Our ACK of the FIN was lost; the peer's FIN comes again at 1500 ms.
    // Eighth, TIME-WAIT: "Remain in the TIME-WAIT state. Restart the 2 MSL
    // time-wait timeout." (and the first check ACKs the old FIN).
    let (_, out) = h.at(1_500).receive(Header {
        ack: Seq(1002),
        ..PEER_FIN
    });
    assert_sent(&out, &["ACK seq=1002 ack=8002 TimeWaitAck"]);
    assert_state(&h, State::TimeWait);
    assert_eq!(h.tcb.timers[TimerKind::TimeWait], Some(Time(3_500)));
    let _ = h.run_timers(1_000_000);
    assert_eq!(h.now, Time(3_500));
    assert_state(&h, State::Closed);
}

#[test]
fn time_wait_answers_in_window_syn_with_challenge_ack() {
    // 3.10.7.4 fourth: without timestamps TIME-WAIT follows RFC 5961 for a SYN.
    let mut h = time_wait();
    let (_, out) = h.at(1_000).receive(Header {
        seq: Seq(8100),
        ..PEER_SYN
    });
    assert_sent(&out, &["ACK seq=1002 ack=8002 ChallengeAck"]);
    assert_state(&h, State::TimeWait);
}

// ---------------------------------------------------------------------------
// Congestion control (RFC 5681) and the answers that must not loop.

/// ESTABLISHED with `n` full segments (1460 bytes) in flight from 1001, the
/// congestion window and ssthresh set as the test needs.
fn in_flight(n: u32, cwnd: u32, ssthresh: u32) -> Harness {
    let mut h = established();
    h.tcb.cwnd = cwnd;
    h.tcb.ssthresh = ssthresh;
    let sent = h.at(300).send(n * 1460);
    assert_eq!(sent.len() as u32, n.min(cwnd / 1460), "segments sent");
    h.new_events();
    h
}

fn ack_of(ack: u32, window: u16) -> Header {
    Header {
        ack: Seq(ack),
        window,
        ..FROM_PEER
    }
}

#[test]
fn slow_start_grows_one_mss_per_ack_then_congestion_avoidance_about_one_per_rtt() {
    // RFC 5681 3.1: below ssthresh, cwnd += min(N, SMSS) per ACK (slow start);
    // at or above it, cwnd += SMSS·SMSS/cwnd per ACK (congestion avoidance).
    let mut h = in_flight(4, 4 * 1460, 5 * 1460);
    let _ = h.at(400).receive(ack_of(1001 + 1460, 65_535));
    assert_eq!(h.tcb.cwnd, 5 * 1460, "slow start: one SMSS more");
    let _ = h.at(401).receive(ack_of(1001 + 2 * 1460, 65_535));
    assert_eq!(
        h.tcb.cwnd,
        5 * 1460 + 1460 / 5,
        "congestion avoidance: SMSS²/cwnd"
    );
}

#[test]
fn the_third_duplicate_ack_triggers_fast_retransmit_and_new_data_deflates_the_window() {
    // RFC 5681 3.2: on the third duplicate ACK, ssthresh = max(FlightSize/2,
    // 2·SMSS), the missing segment is resent at once, cwnd = ssthresh + 3·SMSS;
    // each further duplicate inflates cwnd by SMSS; the ACK of new data sets
    // cwnd back to ssthresh.
    let mut h = in_flight(6, 10 * 1460, u32::MAX);
    let dup = ack_of(1001, 65_535);
    for t in [400, 401] {
        let (_, out) = h.at(t).receive(dup);
        assert_sent(&out, &[]);
    }
    let (_, out) = h.at(402).receive(dup);
    assert_sent(&out, &["ACK seq=1001 ack=8001 len=1460 Data rtx"]);
    assert_eq!(out[0].resend, Some(crate::Resend::FastRetransmit));
    assert_eq!(h.tcb.ssthresh, 3 * 1460, "half of 6 segments in flight");
    assert_eq!(h.tcb.cwnd, 6 * 1460, "ssthresh + 3 SMSS");
    let _ = h.at(403).receive(dup);
    assert_eq!(h.tcb.cwnd, 7 * 1460, "inflated by one SMSS");
    let _ = h.at(500).receive(ack_of(1001 + 6 * 1460, 65_535));
    assert_eq!(h.tcb.cwnd, 3 * 1460, "deflated to ssthresh");
}

#[test]
fn an_ack_that_changes_the_window_is_no_duplicate() {
    // RFC 5681 2: a duplicate ACK repeats the window too. Three ACKs that
    // each announce another window are window updates, not a loss signal.
    let mut h = in_flight(6, 10 * 1460, u32::MAX);
    for (t, window) in [(400, 60_000), (401, 50_000), (402, 40_000)] {
        let (_, out) = h.at(t).receive(ack_of(1001, window));
        assert_sent(&out, &[]);
    }
    assert_eq!(h.tcb.dup_acks, 0);
}

#[test]
fn answers_to_unacceptable_segments_are_throttled() {
    // RFC 5961 §7 (RFC profile: 10 answers per 5 s): an ACK of data never
    // sent is answered with an ACK, but not endlessly.
    let mut h = established();
    let bogus = ack_of(1001 + 50_000, 65_535);
    let mut answers = 0;
    for i in 0..25 {
        let (_, out) = h.at(300 + i).receive(bogus);
        answers += out.len();
    }
    assert_eq!(answers, 10);
    let throttled = h
        .new_events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::AnswerThrottled { .. }))
        .count();
    assert_eq!(throttled, 15);
    // A new window of 5 s allows answers again.
    let (_, out) = h.at(5_300).receive(bogus);
    assert_eq!(out.len(), 1);
}

#[test]
fn a_zero_window_starts_the_persist_timer_and_probes_back_off() {
    // RFC 9293 3.8.6.1: with data waiting and the peer's window 0, probe
    // after one RTO (1 s here) with an empty segment at SND.UNA − 1, then
    // wait twice as long each time the window is still 0.
    let mut h = established();
    let _ = h.at(300).receive(ack_of(1001, 0));
    assert_sent(&h.send(100), &[]);
    assert_eq!(h.tcb.timers[TimerKind::Persist], Some(Time(1_300)));
    let sent = h.run_timers(1_300);
    assert_eq!(
        timeline(&sent),
        [(1_300, "ACK seq=1000 ack=8001 WindowProbe".to_string())]
    );
    let _ = h.at(1_400).receive(ack_of(1001, 0));
    assert_eq!(h.tcb.timers[TimerKind::Persist], Some(Time(3_300)), "2 s later");
    // The window opens: the data goes, the persist timer stops.
    let (_, out) = h.at(2_000).receive(ack_of(1001, 1_000));
    assert_sent(&out, &["PSH,ACK seq=1001 ack=8001 len=100 Data"]);
    assert_eq!(h.tcb.timers[TimerKind::Persist], None);
}
