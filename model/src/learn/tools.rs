//! What `ss -tano` and `netstat -tan` would print on a host at a moment of
//! the run, with each tool's own spelling of the states (`SYN-RECV`,
//! `ESTAB` for ss; `SYN_RECV`, `ESTABLISHED` for netstat).
//!
//! The numbers are Linux's, as `tools/real-tools/capture.py` recorded them
//! on loopback (fixtures in `model/tests/fixtures/real-tools/`):
//! - Recv-Q: bytes received and not read, plus 1 for a FIN the application
//!   has not read yet (`rcv_nxt − copied_seq`: CLOSE-WAIT shows `1 0`);
//!   for LISTEN, the connections waiting for accept().
//! - Send-Q: bytes handed over and not acknowledged, plus a SYN or FIN
//!   (`write_seq − snd_una`: SYN-SENT shows `0 1`); for LISTEN, ss prints
//!   the backlog and netstat 0.
//! - SYN-RECV (a request, not yet a socket), TIME-WAIT, and FIN-WAIT-2 after
//!   close() (Linux turns it into a TIME-WAIT socket) show `0 0`.
//! - `-o` timers as iproute2 prints them (`print_ms_timer`): `on` for
//!   retransmission with the timeouts since the last progress, `persist`
//!   with the unanswered probes, `timewait` for TIME-WAIT and an orphaned
//!   FIN-WAIT-2; a delayed ACK is not shown.
//!
//! [`sockets_at`] rebuilds the run up to the moment (the model is
//! deterministic), so the views show what the hosts hold, not a guess from
//! the drawing. Between two event times only the timers' time left changes:
//! a caller can keep one rebuilt simulation per event time and call
//! [`sockets`] on it.

use crate::event::{EventKind, TimerKind};
use crate::view::Moment;
use crate::{Addr, Millis, Side, Simulation, State, Time};

crate::named_enum! {
    /// The timer names of `ss -o`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum SsTimerKind {
        /// Retransmission (also SYN and SYN,ACK).
        On = "on",
        /// Keepalive (not modelled; listed for completeness).
        Keepalive = "keepalive",
        /// TIME-WAIT, or FIN-WAIT-2 after close().
        TimeWait = "timewait",
        /// Zero-window probes.
        Persist = "persist",
    }
}

/// A running timer as `ss -o` shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SsTimer {
    /// Its name.
    pub kind: SsTimerKind,
    /// Time left until it runs out.
    pub left: Millis,
    /// The count ss prints third (retransmissions, or unanswered probes).
    pub count: u32,
}

/// One socket as ss and netstat list it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocketLine {
    /// Its state.
    pub state: State,
    /// Recv-Q (see the module header).
    pub recv_q: u32,
    /// Send-Q (see the module header).
    pub send_q: u32,
    /// The local address and port.
    pub local: Addr,
    /// The peer; `None` for a listener (`0.0.0.0:*`).
    pub peer: Option<Addr>,
    /// The timer `-o` shows, if any.
    pub timer: Option<SsTimer>,
}

/// A state as `ss` spells it.
pub fn ss_state(state: State) -> &'static str {
    match state {
        State::Closed => "UNCONN",
        State::Listen => "LISTEN",
        State::SynSent => "SYN-SENT",
        State::SynReceived => "SYN-RECV",
        State::Established => "ESTAB",
        State::FinWait1 => "FIN-WAIT-1",
        State::FinWait2 => "FIN-WAIT-2",
        State::CloseWait => "CLOSE-WAIT",
        State::Closing => "CLOSING",
        State::LastAck => "LAST-ACK",
        State::TimeWait => "TIME-WAIT",
    }
}

/// A state as `netstat` spells it.
pub fn netstat_state(state: State) -> &'static str {
    match state {
        State::Closed => "CLOSE",
        State::Listen => "LISTEN",
        State::SynSent => "SYN_SENT",
        State::SynReceived => "SYN_RECV",
        State::Established => "ESTABLISHED",
        State::FinWait1 => "FIN_WAIT1",
        State::FinWait2 => "FIN_WAIT2",
        State::CloseWait => "CLOSE_WAIT",
        State::Closing => "CLOSING",
        State::LastAck => "LAST_ACK",
        State::TimeWait => "TIME_WAIT",
    }
}

/// A timer's time left as iproute2's `print_ms_timer` writes it, quirks
/// included: `59sec`, `504ms`, `020ms`, `1.532ms` (1532 ms), `1min5sec`.
pub fn ss_time(left: Millis) -> String {
    let ms = left.0;
    let minutes = ms / 60_000;
    let mut secs = ms / 1_000 % 60;
    let mut msecs = ms % 1_000;
    let mut out = String::new();
    if minutes > 0 {
        msecs = 0;
        out.push_str(&format!("{minutes}min"));
        if minutes > 9 {
            secs = 0;
        }
    }
    if secs > 0 {
        if secs > 9 {
            msecs = 0;
        }
        out.push_str(&format!("{secs}{}", if msecs > 0 { "." } else { "sec" }));
    }
    if msecs > 0 {
        out.push_str(&format!("{msecs:03}ms"));
    }
    out
}

/// The sockets of `side` in a simulation as it stands (its listener
/// first, then its connections in the order they were made), with the
/// timers' time left counted from `now` (at or after `world.now()`, before
/// the next event).
pub fn sockets(world: &Simulation, side: Side, now: Time) -> Vec<SocketLine> {
    let host = world.host(side);
    // The application read the peer's FIN (recv returned end of stream):
    // only then does the FIN leave Recv-Q.
    let eof_read = world.events().iter().any(|e| {
        e.side == Some(side)
            && matches!(
                e.kind,
                EventKind::CallReturned {
                    outcome: crate::call::Outcome::Eof { .. },
                    ..
                }
            )
    });
    let mut lines = Vec::new();
    if host.listening {
        lines.push(SocketLine {
            state: State::Listen,
            recv_q: host.accept_queue.len() as u32,
            send_q: host.backlog,
            local: host.addr,
            peer: None,
            timer: None,
        });
    }
    for tcb in host.conns.iter() {
        let state = tcb.state();
        if matches!(state, State::Closed | State::Listen) {
            continue;
        }
        let timers = tcb.timers;
        let left = |kind: TimerKind| timers[kind].map(|d| Millis(d.0.saturating_sub(now.0)));
        let (retries, probes) = tcb.timer_counts();
        let orphan_fw2 = state == State::FinWait2 && timers[TimerKind::FinWait2].is_some();
        let timer = [
            (TimerKind::Retransmission, SsTimerKind::On, retries),
            (TimerKind::Persist, SsTimerKind::Persist, probes),
            (TimerKind::TimeWait, SsTimerKind::TimeWait, 0),
            (TimerKind::FinWait2, SsTimerKind::TimeWait, 0),
        ]
        .into_iter()
        .find_map(|(k, kind, count)| left(k).map(|left| SsTimer { kind, left, count }));
        let request = state == State::SynReceived && tcb.passive;
        let zero = request || state == State::TimeWait || orphan_fw2;
        let fin = tcb.peer_fin && !(eof_read && tcb.remote == host.peer);
        lines.push(SocketLine {
            state,
            recv_q: if zero { 0 } else { tcb.unread + u32::from(fin) },
            send_q: if zero { 0 } else { tcb.send_queue() },
            local: tcb.local,
            peer: Some(tcb.remote),
            timer,
        });
    }
    lines
}

/// The simulation rebuilt at `at` (the state the hosts hold then).
fn world_at(sim: &Simulation, at: Moment) -> Simulation {
    match at {
        Moment::At(t) => sim.rewind(t),
        Moment::Start => Simulation::new(&sim.recorded_scenario()).unwrap_or_else(|_| sim.clone()),
    }
}

/// The sockets of `side` at `at` (see [`sockets`]): the run rebuilt to then.
pub fn sockets_at(sim: &Simulation, side: Side, at: Moment) -> Vec<SocketLine> {
    sockets(&world_at(sim, at), side, at.time())
}

/// Dotted quad of an address.
fn ip(addr: Addr) -> String {
    let [a, b, c, d] = addr.ip;
    format!("{a}.{b}.{c}.{d}")
}

/// `ss -tano` for these sockets: the header, then one line each, columns
/// aligned as ss aligns them (address right, port left of the colon).
pub fn ss_lines(sockets: &[SocketLine]) -> Vec<String> {
    let cells: Vec<[String; 5]> = sockets
        .iter()
        .map(|s| {
            let (peer_ip, peer_port) = match s.peer {
                Some(p) => (ip(p), p.port.to_string()),
                None => ("0.0.0.0".into(), "*".into()),
            };
            [
                ss_state(s.state).into(),
                ip(s.local),
                s.local.port.to_string(),
                peer_ip,
                peer_port,
            ]
        })
        .collect();
    let width = |i: usize, min: usize| cells.iter().map(|c| c[i].len()).fold(min, usize::max);
    let (w0, w1, w2, w3, w4) = (width(0, 5), width(1, 13), width(2, 4), width(3, 12), width(4, 4));
    let mut out = vec![format!(
        "{:<w0$} Recv-Q Send-Q {:>w1$}:{:<w2$} {:>w3$}:{:<w4$} Process",
        "State", "Local Address", "Port", "Peer Address", "Port"
    )];
    for (s, c) in sockets.iter().zip(&cells) {
        let mut line = format!(
            "{:<w0$} {:<6} {:<6} {:>w1$}:{:<w2$} {:>w3$}:{:<w4$}",
            c[0], s.recv_q, s.send_q, c[1], c[2], c[3], c[4]
        );
        if let Some(t) = s.timer {
            line.push_str(&format!(
                " timer:({},{},{})",
                t.kind.name(),
                ss_time(t.left),
                t.count
            ));
        }
        out.push(line.trim_end().to_string());
    }
    out
}

/// `netstat -tan` for these sockets: its two header lines, then one line
/// each (LISTEN's Send-Q is 0 here; ss prints the backlog there).
pub fn netstat_lines(sockets: &[SocketLine]) -> Vec<String> {
    let mut out = vec![
        "Active Internet connections (servers and established)".to_string(),
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State".to_string(),
    ];
    for s in sockets {
        let peer = s.peer.map_or_else(|| "0.0.0.0:*".to_string(), |p| p.to_string());
        let send_q = if s.state == State::Listen { 0 } else { s.send_q };
        let line = format!(
            "tcp   {:>6} {:>6} {:<23} {:<23} {}",
            s.recv_q,
            send_q,
            s.local.to_string(),
            peer,
            netstat_state(s.state)
        );
        out.push(line);
    }
    out
}

/// What `ss -tano` prints on `side` at `at`.
pub fn ss_tano(sim: &Simulation, side: Side, at: Moment) -> Vec<String> {
    ss_lines(&sockets_at(sim, side, at))
}

/// What `netstat -tan` prints on `side` at `at`.
pub fn netstat_tan(sim: &Simulation, side: Side, at: Moment) -> Vec<String> {
    netstat_lines(&sockets_at(sim, side, at))
}
