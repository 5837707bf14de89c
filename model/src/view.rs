//! Read-only views of a running simulation for the widget: what each
//! lifeline shows now (state, sequence variables, timers, the application's
//! call) and the state bands over time. Nothing here decides a TCP rule; it
//! only exposes what the model holds.

use serde::Serialize;

use crate::call::Wait;
use crate::event::{EventKind, TimerKind};
use crate::sim::Simulation;
use crate::trace::lifeline_states;
use crate::{Call, Millis, Seq, Side, State, Time};

/// One running timer of the main connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimerView {
    pub kind: TimerKind,
    /// When it was (last) started.
    pub armed_at: Time,
    pub deadline: Time,
    /// Retransmission timer only: the current RTO and how often it was doubled.
    pub rto: Option<Millis>,
    pub backoff: u32,
}

/// The main connection's Transmission Control Block, as numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TcbView {
    pub state: State,
    pub iss: Seq,
    pub irs: Option<Seq>,
    pub snd_una: Seq,
    pub snd_nxt: Seq,
    pub snd_wnd: u32,
    pub rcv_nxt: Option<Seq>,
    pub rcv_wnd: u32,
    pub rto: Millis,
    pub peer_mss: u16,
    /// Bytes received but not yet read by the application.
    pub unread: u32,
}

/// The application's current call, if it is inside one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CallView {
    pub call: Call,
    pub started: Time,
    pub waiting: Option<Wait>,
}

/// A stretch of time a lifeline spent in one state. `end` is `None` while it lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct StateBand {
    pub state: State,
    pub start: Time,
    pub end: Option<Time>,
}

impl Simulation {
    /// The main connection's TCB on `side`, if it exists now.
    pub fn tcb_view(&self, side: Side) -> Option<TcbView> {
        let tcb = self.host(side).main_tcb()?;
        let synced = tcb.state() != State::SynSent;
        Some(TcbView {
            state: tcb.state(),
            iss: tcb.iss,
            irs: synced.then_some(tcb.irs),
            snd_una: tcb.snd_una,
            snd_nxt: tcb.snd_nxt,
            snd_wnd: tcb.snd_wnd,
            rcv_nxt: synced.then_some(tcb.rcv_nxt),
            rcv_wnd: tcb.rcv_wnd(),
            rto: tcb.rto.current(),
            peer_mss: tcb.peer_mss,
            unread: tcb.unread,
        })
    }

    /// Timers running on the main connection of `side`, with when each was armed.
    pub fn timers(&self, side: Side) -> Vec<TimerView> {
        let Some(tcb) = self.host(side).main_tcb() else {
            return Vec::new();
        };
        tcb.timers()
            .into_iter()
            .filter_map(|(kind, deadline)| {
                let deadline = deadline?;
                if kind == TimerKind::DelayedAck && self.tuning().ack_delay.0 == 0 {
                    return None;
                }
                let armed = self.events().iter().rev().find_map(|e| match e.kind {
                    EventKind::TimerArmed {
                        conn: crate::event::Conn::Main,
                        timer,
                        deadline: d,
                        rto,
                        backoff,
                    } if e.side == Some(side) && timer == kind && d == deadline => Some((e.at, rto, backoff)),
                    _ => None,
                });
                let (armed_at, rto, backoff) = armed.unwrap_or((self.now(), None, 0));
                Some(TimerView {
                    kind,
                    armed_at,
                    deadline,
                    rto,
                    backoff,
                })
            })
            .collect()
    }

    /// The call the application of `side` is inside, if any.
    pub fn current_call(&self, side: Side) -> Option<CallView> {
        let r = self.host(side).app.current.as_ref()?;
        Some(CallView {
            call: r.call,
            started: r.started,
            waiting: r.waiting,
        })
    }

    /// The program of `side` and the index of the next call to start.
    pub fn program(&self, side: Side) -> (&[Call], usize) {
        let app = &self.host(side).app;
        (&app.program, app.pc)
    }

    /// Half-open connections of `side`'s listener, and its backlog.
    pub fn listen_queue(&self, side: Side) -> (u32, u32) {
        let host = self.host(side);
        (host.half_open(), host.backlog)
    }

    /// The lifeline's states as bands over time, from the start up to now.
    pub fn state_bands(&self, side: Side) -> Vec<StateBand> {
        let mut bands = vec![StateBand {
            state: State::Closed,
            start: Time::ZERO,
            end: None,
        }];
        for e in self.events() {
            if let (
                Some(s),
                EventKind::StateChanged {
                    conn: crate::event::Conn::Main,
                    to,
                    ..
                },
            ) = (e.side, &e.kind)
            {
                if s != side {
                    continue;
                }
                let last = bands.last_mut().expect("never empty");
                if last.state == *to {
                    continue;
                }
                // A state passed through in no time (CLOSE-WAIT → LAST-ACK when the
                // application closes at once) keeps a zero-length band.
                last.end = Some(e.at);
                bands.push(StateBand {
                    state: *to,
                    start: e.at,
                    end: None,
                });
            }
        }
        bands
    }

    /// The sequence of states the lifeline of `side` went through.
    pub fn state_history(&self, side: Side) -> Vec<State> {
        lifeline_states(self.events(), side)
    }

    /// The socket calls that make sense for `side` now (free mode): none while a
    /// call is in progress. The model still accepts any call; these are the ones
    /// a sensible program would make next.
    pub fn sensible_calls(&self, side: Side) -> Vec<Call> {
        let host = self.host(side);
        if host.app.current.is_some() {
            return Vec::new();
        }
        let held = host
            .app
            .conn
            .and_then(|remote| host.conns.iter().find(|t| t.remote == remote));
        match held {
            Some(tcb) => {
                let mut calls = Vec::new();
                if matches!(tcb.state(), State::Established | State::CloseWait) && !tcb.fin_queued() {
                    calls.push(Call::Send(20));
                }
                if matches!(
                    tcb.state(),
                    State::Established | State::FinWait1 | State::FinWait2
                ) {
                    calls.push(Call::RecvEof);
                }
                if !tcb.fin_queued() {
                    calls.push(Call::Shutdown);
                    calls.push(Call::Close);
                }
                calls.push(Call::Abort);
                calls
            }
            None if host.listening && host.app.conn.is_none() => vec![Call::Accept, Call::Close],
            None if host.app.conn.is_none() && host.main_tcb().is_none() => vec![Call::Listen, Call::Connect],
            None => Vec::new(),
        }
    }
}
