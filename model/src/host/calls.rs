//! The application on a host at work: runs its program of socket calls in
//! order, each blocking until it can complete, exactly as a program using BSD
//! sockets would. The learner's free mode appends calls one at a time.
//!
//! This is the host's socket API (`impl Host`); the program's own state is in
//! `program.rs`.

use super::program::{ConnEnd, Running};
use super::Host;
use crate::call::{Outcome, SocketError, Wait, MAX_TRANSFER};
use crate::event::{Cause, Conn, EventKind};
use crate::tcb::{Ctx, Tcb};
use crate::{Call, Seq, State};

/// How a call stands after trying to make progress.
enum Progress {
    Done(Outcome),
    Blocked(Wait),
}

impl Host {
    /// Runs the program's first call if it is `listen` (done when a simulation
    /// is created, so every lesson starts with a listening server).
    pub(crate) fn run_leading_listen(&mut self, ctx: &mut Ctx) {
        if self.app.pc == 0 && self.app.program.first() == Some(&Call::Listen) {
            self.app.pc = 1;
            self.start_call(ctx, Call::Listen);
        }
    }

    /// Starts `call`: reports it (with the ISS a connect() picks) and does
    /// what it does at once; finishes it if it completes at once.
    fn start_call(&mut self, ctx: &mut Ctx, call: Call) {
        let iss = (call == Call::Connect && self.connect_refusal().is_none()).then(|| self.next_iss(ctx.now));
        ctx.emit(EventKind::CallStarted { call, iss });
        self.app.current = Some(Running {
            call,
            started: ctx.now,
            waiting: None,
            read: 0,
            until: None,
        });
        if let Some(outcome) = self.begin_call(ctx, call, iss) {
            self.finish_call(ctx, call, outcome);
        }
    }

    /// Why connect() cannot start now, if it cannot.
    fn connect_refusal(&self) -> Option<SocketError> {
        // RFC 9293 3.10.2: a SEND in LISTEN makes the passive connection
        // active (see `Call::Connect`). Only while nothing has come in
        // through the listener: its half-open and queued connections
        // would be left with nobody to accept them.
        let busy_listener = self.listening && (!self.conns.is_empty() || !self.accept_queue.is_empty());
        let holds_one = self.app.conn.is_some() || self.main_tcb().is_some();
        (busy_listener || holds_one).then_some(SocketError::InvalidState)
    }

    /// Advances the program by one call: starts the next call, or finishes
    /// the current one if it can complete. Returns `false` once nothing moves
    /// (a call is blocked, or the program is over). The simulation lets the
    /// host send after every step, as a kernel sends during send() or close().
    pub(crate) fn step_app(&mut self, ctx: &mut Ctx) -> bool {
        // A blocked read may still take bytes (and open the window).
        if let Some(remote) = self.app.conn {
            self.touch(remote);
        }
        if self.app.current.is_none() {
            if self.app.stopped || self.app.pc >= self.app.program.len() {
                return false;
            }
            let call = self.app.program[self.app.pc];
            self.app.pc += 1;
            // A call may act on any connection (close() on a listener resets
            // all its queued ones); calls are few, so look at every one after.
            self.touch_all();
            self.start_call(ctx, call);
            return true;
        }
        let Some(running) = self.app.current.clone() else {
            return false;
        };
        match self.progress(ctx, &running) {
            Progress::Done(outcome) => {
                self.touch_all();
                self.finish_call(ctx, running.call, outcome);
                true
            }
            Progress::Blocked(wait) => {
                if running.waiting.is_none() {
                    ctx.emit(EventKind::CallBlocked {
                        call: running.call,
                        waiting: wait,
                    });
                }
                if let Some(r) = self.app.current.as_mut() {
                    r.waiting = Some(wait);
                }
                false
            }
        }
    }

    fn finish_call(&mut self, ctx: &mut Ctx, call: Call, outcome: Outcome) {
        ctx.emit(EventKind::CallReturned { call, outcome });
        self.app.current = None;
        if matches!(outcome, Outcome::Failed { .. }) {
            self.app.stopped = true;
            if self.app.pc < self.app.program.len() {
                ctx.emit(EventKind::ProgramStopped { after: call });
            }
        }
    }

    fn held_tcb(&mut self) -> Option<&mut Tcb> {
        let remote = self.app.conn?;
        self.tcb_mut(remote)
    }

    /// The error for a call that needs the held connection and finds none.
    fn no_connection(&self) -> Outcome {
        let error = match self.app.conn_end {
            ConnEnd::Failed(err) => err,
            _ => SocketError::NotConnected,
        };
        Outcome::Failed { error }
    }

    /// What a call does the moment it starts. `Some` if it completes at once.
    /// `iss` is the sequence number a connect() starts from (`None`: it cannot).
    fn begin_call(&mut self, ctx: &mut Ctx, call: Call, iss: Option<Seq>) -> Option<Outcome> {
        let cause = Cause::Call { call };
        let failed = |error| Some(Outcome::Failed { error });
        match call {
            Call::Listen => {
                if self.listening || self.app.conn.is_some() {
                    return failed(SocketError::InvalidState);
                }
                self.listening = true;
                if self.main_tcb().is_none() && self.idle_state != State::Listen {
                    let from = self.idle_state;
                    ctx.emit(EventKind::StateChanged {
                        conn: Conn::Main,
                        from,
                        to: State::Listen,
                        cause,
                    });
                    self.idle_state = State::Listen;
                }
                Some(Outcome::Ok)
            }
            Call::Connect => {
                let Some(iss) = iss else {
                    return failed(self.connect_refusal().unwrap_or(SocketError::InvalidState));
                };
                let from = if self.listening {
                    self.listening = false;
                    State::Listen
                } else {
                    State::Closed
                };
                let cfg = self.tcb_config(self.peer, iss);
                self.conns.insert(Tcb::connect(ctx, cfg, from, cause));
                self.app.conn = Some(self.peer);
                self.app.conn_end = ConnEnd::Open;
                None
            }
            Call::Accept => (!self.listening).then_some(Outcome::Failed {
                error: SocketError::InvalidState,
            }),
            Call::Send(bytes) => {
                if self.app.bytes_sent + bytes > MAX_TRANSFER {
                    return failed(SocketError::InvalidState);
                }
                let result = match self.held_tcb() {
                    Some(tcb) => tcb.user_send(bytes),
                    None => return Some(self.no_connection()),
                };
                match result {
                    Ok(()) => {
                        self.app.bytes_sent += bytes;
                        Some(Outcome::Ok)
                    }
                    Err(error) => failed(error),
                }
            }
            Call::Recv(_) | Call::RecvEof => None,
            Call::Sleep(ms) => {
                if let Some(r) = self.app.current.as_mut() {
                    r.until = Some(ctx.now + ms);
                }
                None
            }
            Call::Shutdown | Call::Close | Call::Abort => {
                if let Some(tcb) = self.held_tcb() {
                    match call {
                        Call::Shutdown => tcb.user_shutdown(ctx, cause),
                        Call::Close => tcb.user_close(ctx, cause),
                        _ => tcb.user_abort(ctx, cause),
                    }
                    return Some(Outcome::Ok);
                }
                if call != Call::Shutdown && self.listening && self.app.conn.is_none() {
                    // Closing a socket that only listens: nothing accepts any more.
                    self.close_listener(ctx, cause);
                    if self.main_tcb().is_none() && self.idle_state == State::Listen {
                        ctx.emit(EventKind::StateChanged {
                            conn: Conn::Main,
                            from: State::Listen,
                            to: State::Closed,
                            cause,
                        });
                        self.idle_state = State::Closed;
                    }
                    return Some(Outcome::Ok);
                }
                match self.app.conn_end {
                    // Closing what the peer already closed or reset is fine.
                    ConnEnd::Closed | ConnEnd::Failed(_) if call != Call::Shutdown => Some(Outcome::Ok),
                    _ => Some(self.no_connection()),
                }
            }
        }
    }

    /// Whether a started call can complete now.
    fn progress(&mut self, ctx: &mut Ctx, running: &Running) -> Progress {
        match running.call {
            Call::Connect => match self.held_tcb() {
                Some(tcb) if tcb.state().is_synchronized() => Progress::Done(Outcome::Ok),
                Some(_) => Progress::Blocked(Wait::Handshake),
                None => Progress::Done(self.failure_or(SocketError::ConnectionRefused)),
            },
            Call::Accept => {
                if self.accept_queue.is_empty() {
                    return Progress::Blocked(Wait::IncomingConnection);
                }
                let remote = self.accept_queue.remove(0);
                self.app.conn = Some(remote);
                self.app.conn_end = ConnEnd::Open;
                Progress::Done(Outcome::Ok)
            }
            Call::Recv(want) => self.progress_read(ctx, running, Some(want)),
            Call::RecvEof => self.progress_read(ctx, running, None),
            Call::Sleep(_) => match running.until {
                Some(until) if until > ctx.now => Progress::Blocked(Wait::Clock),
                _ => Progress::Done(Outcome::Ok),
            },
            // These complete in begin_call.
            Call::Listen | Call::Send(_) | Call::Shutdown | Call::Close | Call::Abort => {
                Progress::Done(Outcome::Ok)
            }
        }
    }

    fn failure_or(&self, fallback: SocketError) -> Outcome {
        match self.app.conn_end {
            ConnEnd::Failed(error) => Outcome::Failed { error },
            _ => Outcome::Failed { error: fallback },
        }
    }

    /// recv N (`want` = Some) or recv until EOF (`want` = None).
    fn progress_read(&mut self, ctx: &mut Ctx, running: &Running, want: Option<u32>) -> Progress {
        let mut read = running.read;
        let Some(tcb) = self.held_tcb() else {
            return match self.app.conn_end {
                ConnEnd::Closed => Progress::Done(Outcome::Eof { bytes: read }),
                _ => Progress::Done(self.no_connection()),
            };
        };
        read += tcb.user_read(ctx, want.map_or(u32::MAX, |w| w - read));
        let (peer_fin, unread, error) = (tcb.peer_fin, tcb.unread, tcb.error);
        if let Some(r) = self.app.current.as_mut() {
            r.read = read;
        }
        if want == Some(read) {
            return Progress::Done(Outcome::Read { bytes: read });
        }
        if let Some(error) = error {
            return Progress::Done(Outcome::Failed { error });
        }
        if peer_fin && unread == 0 {
            return Progress::Done(Outcome::Eof { bytes: read });
        }
        Progress::Blocked(match want {
            Some(want) => Wait::Data { have: read, want },
            None => Wait::PeerFin,
        })
    }

    /// The socket calls that make sense now (free mode): the ones a sensible
    /// program would make next.
    pub(crate) fn sensible_calls(&self) -> Vec<Call> {
        if self.app.current.is_some() {
            return Vec::new();
        }
        let held = self.app.conn.and_then(|remote| self.conns.get(remote));
        match held {
            Some(tcb) => {
                let mut calls = Vec::new();
                let open = matches!(tcb.state(), State::Established | State::CloseWait);
                if open && !tcb.fin_queued() {
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
            None if self.listening && self.app.conn.is_none() => vec![Call::Accept, Call::Close],
            None if self.app.conn.is_none() && self.main_tcb().is_none() => vec![Call::Listen, Call::Connect],
            None => Vec::new(),
        }
    }
}
