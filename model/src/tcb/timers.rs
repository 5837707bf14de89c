//! The connection's timers on virtual time: retransmission (RFC 6298 5.4–5.7,
//! with the retry limits of RFC 9293 3.8.3 or Linux's time budgets),
//! TIME-WAIT (2×MSL), the delayed ACK, the persist timer that probes a zero
//! window, and Linux's FIN-WAIT-2 limit for orphaned connections.

use super::timer_table::TimerTable;
use super::{Ctx, Tcb};
use crate::call::SocketError;
use crate::event::{Cause, EventKind, GiveUp, TimerKind};
use crate::{Millis, State, Time};

impl Tcb {
    /// Retransmission timeouts since the last progress (Linux
    /// `icsk_retransmits`) and zero-window probes in a row unanswered
    /// (`icsk_probes_out`): the counts `ss -o` prints with a timer.
    pub(crate) fn timer_counts(&self) -> (u32, u32) {
        (self.retries, self.unanswered.0)
    }

    /// The timers as the learner sees them: a delayed ACK that is already
    /// owed at once has no timer worth showing.
    pub(crate) fn visible_timers(&self) -> TimerTable {
        let mut shown = self.timers;
        if self.owed.now {
            shown[TimerKind::DelayedAck] = None;
        }
        shown
    }

    /// The earliest running timer's deadline.
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        self.visible_timers().next()
    }

    /// Fires every timer whose deadline has come.
    pub(crate) fn on_timers(&mut self, ctx: &mut Ctx) {
        // (A due delayed ACK is not handled here: the application runs first,
        // in case it sends something the ACK can ride on; see poll_output.)
        let now = ctx.now;
        if self.timers.due(TimerKind::TimeWait, now) {
            self.emit_fired(ctx, TimerKind::TimeWait);
            self.close_down(
                ctx,
                State::Closed,
                Cause::Timer {
                    timer: TimerKind::TimeWait,
                },
            );
            return;
        }
        if self.timers.due(TimerKind::FinWait2, now) {
            self.emit_fired(ctx, TimerKind::FinWait2);
            ctx.emit(EventKind::GaveUp {
                conn: self.conn,
                reason: GiveUp::FinWait2Timeout,
            });
            self.close_down(
                ctx,
                State::Closed,
                Cause::Timer {
                    timer: TimerKind::FinWait2,
                },
            );
            return;
        }
        if self.timers.due(TimerKind::Retransmission, now) {
            self.on_retransmission_timeout(ctx);
        }
        if self.timers.due(TimerKind::Persist, now) {
            // The peer's window is still zero: ask again (RFC 9293 3.8.6.1);
            // the next probe waits twice as long (SHLD-30). A peer that has
            // not answered the last probes at all is gone: give up as a
            // retransmission would.
            self.emit_fired(ctx, TimerKind::Persist);
            self.timers[TimerKind::Persist] = None;
            let (count, since) = self.unanswered;
            if count >= self.retry_limit(ctx) {
                ctx.emit(EventKind::GaveUp {
                    conn: self.conn,
                    reason: GiveUp::WindowProbes {
                        retries: count,
                        elapsed: ctx.now.since(since.unwrap_or(ctx.now)),
                    },
                });
                self.error = Some(SocketError::TimedOut);
                self.close_down(
                    ctx,
                    State::Closed,
                    Cause::Timer {
                        timer: TimerKind::Persist,
                    },
                );
                return;
            }
            self.unanswered = (count + 1, since.or(Some(ctx.now)));
            self.probes = self.probes.saturating_add(1);
            self.probe_due = true;
        }
    }

    /// How many retransmissions (or unanswered probes) of data or FIN this
    /// connection makes: tcp_orphan_retries once its application closed it
    /// (Linux), tcp_retries2 / RFC 9293 R2 otherwise.
    fn retry_limit(&self, ctx: &Ctx) -> u32 {
        match (self.orphaned, ctx.tuning.orphan_retries) {
            (true, Some(n)) => n,
            _ => ctx.tuning.data_retries,
        }
    }

    /// Whether the retry budget has run out at this expiry (`retries` counts
    /// this expiry). RFC 9293 3.8.3 counts retransmissions; Linux computes
    /// time budgets (`tcp_write_timeout`, see `Tuning::time_budgets`).
    fn budget_spent(&self, ctx: &Ctx) -> bool {
        let t = ctx.tuning;
        let elapsed = |since: Option<Time>| since.map_or(crate::Millis(0), |at| ctx.now.since(at));
        match self.state {
            State::SynSent if t.time_budgets => {
                let max = t.syn_retries.saturating_add(t.syn_linear_timeouts);
                self.retries > max
                    || elapsed(self.first_sent_at) >= model_timeout(t.syn_retries, t.initial_rto, t.max_rto)
            }
            State::SynSent => self.retries > t.syn_retries,
            State::SynReceived => self.retries > t.synack_retries,
            _ => {
                let limit = self.retry_limit(ctx);
                if t.time_budgets {
                    // Counted from the first retransmission, checked before the next one.
                    self.first_rtx_at.is_some()
                        && elapsed(self.first_rtx_at) >= model_timeout(limit, t.min_rto, t.max_rto)
                } else {
                    self.retries > limit
                }
            }
        }
    }

    /// A timer other than the retransmission timer ran out.
    pub(super) fn emit_fired(&self, ctx: &mut Ctx, timer: TimerKind) {
        ctx.emit(EventKind::TimerFired {
            conn: self.conn,
            timer,
            rto: None,
            next_rto: None,
            backoff: 0,
        });
    }

    /// RFC 6298 5.4–5.6: retransmit the earliest unacknowledged segment, back
    /// off the timer, restart it; give up after the retry limit.
    fn on_retransmission_timeout(&mut self, ctx: &mut Ctx) {
        let timer = TimerKind::Retransmission;
        let expired = self.rto.current();
        self.retries += 1;
        if self.budget_spent(ctx) {
            let retries = self.retries - 1;
            let reason = match self.state {
                State::SynSent => GiveUp::SynRetries {
                    retries,
                    elapsed: ctx.now.since(self.first_sent_at.unwrap_or(ctx.now)),
                },
                State::SynReceived => GiveUp::SynAckRetries {
                    retries,
                    elapsed: ctx.now.since(self.first_sent_at.unwrap_or(ctx.now)),
                },
                _ => GiveUp::DataRetries {
                    retries,
                    elapsed: ctx.now.since(self.first_rtx_at.unwrap_or(ctx.now)),
                },
            };
            ctx.emit(EventKind::TimerFired {
                conn: self.conn,
                timer,
                rto: Some(expired),
                next_rto: None,
                backoff: self.rto.backoff,
            });
            ctx.emit(EventKind::GaveUp {
                conn: self.conn,
                reason,
            });
            self.error = Some(SocketError::TimedOut);
            // A half-open passive connection just disappears; the listener stays.
            let to = if self.state == State::SynReceived && self.passive {
                State::Listen
            } else {
                State::Closed
            };
            self.close_down(ctx, to, Cause::Timer { timer });
            return;
        }
        if self.first_rtx_at.is_none() {
            self.first_rtx_at = Some(ctx.now);
        }
        self.resend_cause = crate::Resend::Timeout;
        if matches!(self.state, State::SynSent | State::SynReceived) {
            self.syn_timed_out = true;
        }
        // Linux retries a SYN a few times at the initial RTO before doubling.
        let linear = self.state == State::SynSent && self.retries <= ctx.tuning.syn_linear_timeouts;
        if !linear {
            self.rto.back_off(ctx.tuning);
        }
        ctx.emit(EventKind::TimerFired {
            conn: self.conn,
            timer,
            rto: Some(expired),
            next_rto: Some(self.rto.current()),
            backoff: self.rto.backoff,
        });
        // RFC 5681 3.1: after a timeout, ssthresh halves and cwnd restarts at one segment.
        let mss = self.send_mss();
        self.ssthresh = (self.in_flight() / 2).max(2 * mss);
        if self.cwnd > 0 {
            self.cwnd = mss;
        }
        self.rtt_probe = None;
        self.rtx_next = self.snd_una;
        self.timers[TimerKind::Retransmission] = Some(ctx.tuning.fire_at(ctx.now, self.rto.current()));
    }

    /// Enters (or restarts) the 2×MSL wait; every other timer stops.
    pub(crate) fn start_time_wait(&mut self, ctx: &mut Ctx) {
        self.timers[TimerKind::Retransmission] = None;
        self.timers[TimerKind::FinWait2] = None;
        self.timers[TimerKind::TimeWait] = Some(ctx.tuning.fire_at(ctx.now, ctx.tuning.time_wait_len()));
    }

    /// Linux only: an orphaned connection does not wait in FIN-WAIT-2 forever.
    pub(crate) fn start_fin_wait_2_timer(&mut self, ctx: &mut Ctx) {
        if let (true, Some(limit)) = (self.orphaned, ctx.tuning.fin_wait_2_timeout) {
            self.timers[TimerKind::FinWait2] = Some(ctx.tuning.fire_at(ctx.now, limit));
        }
    }

    /// Reports timers started, restarted or stopped since the last report, as
    /// events. Fired timers have already been reported by `on_timers`.
    pub(crate) fn report_timers(&mut self, ctx: &mut Ctx) {
        let now = self.visible_timers();
        let backoff = self.rto.backoff;
        let (reported, reported_backoff) = self.reported;
        for ((kind, old), (_, new)) in reported.iter().zip(now.iter()) {
            if kind == TimerKind::DelayedAck && ctx.tuning.ack_delay.0 == 0 {
                continue; // "same instant" ACKs have no timer worth showing
            }
            let rtx = kind == TimerKind::Retransmission;
            let backed_off = rtx && backoff != reported_backoff;
            match (old, new) {
                (_, Some(deadline)) if old != new || backed_off => {
                    ctx.emit(EventKind::TimerArmed {
                        conn: self.conn,
                        timer: kind,
                        deadline,
                        rto: rtx.then(|| self.rto.current()),
                        backoff: if rtx { backoff } else { 0 },
                    });
                }
                (Some(deadline), None) if deadline > ctx.now => {
                    ctx.emit(EventKind::TimerCancelled {
                        conn: self.conn,
                        timer: kind,
                    });
                }
                _ => {}
            }
        }
        self.reported = (now, backoff);
    }
}

/// Linux's `tcp_model_timeout`: how long `boundary` retransmissions take with
/// an RTO starting at `base`, doubling up to `max` (the time budgets of
/// `Tuning::time_budgets`; 127 s for 6 SYN retries from 1 s, 924.6 s for 15
/// data retries from 200 ms).
fn model_timeout(boundary: u32, base: Millis, max: Millis) -> Millis {
    let base_ms = base.0.max(1);
    // thresh = ilog2(max / base): the retry at which the RTO reaches its cap.
    let thresh = (max.0 / base_ms).max(1).ilog2();
    let doubling = |n: u32| {
        (1u64 << (n + 1).min(63))
            .saturating_sub(1)
            .saturating_mul(base_ms)
    };
    if boundary <= thresh {
        Millis(doubling(boundary))
    } else {
        Millis(doubling(thresh).saturating_add(u64::from(boundary - thresh).saturating_mul(max.0)))
    }
}
