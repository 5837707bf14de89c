//! The timers of a run that have ended by a moment, for the ladder to keep
//! drawing after they stop running: a retransmission timer that fired, a
//! TIME-WAIT that ran out or was started anew by a repeated FIN (RFC 9293
//! 3.10.7.4: "restart the 2 MSL timeout"). Read from the event log; a timer
//! that was stopped (cancelled, or its connection closed) leaves nothing.

use serde::Serialize;

use super::view::{Moment, TimerView};
use super::Simulation;
use crate::event::{Conn, EventKind, TimerKind};
use crate::{Millis, Side, State, Time};

/// How a timer's run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimerEnd {
    /// It ran out (an event happened because of it).
    Fired,
    /// TIME-WAIT only: started again before it ran out.
    Restarted,
}

/// One run of a timer that has ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EndedTimer {
    /// Which timer.
    pub kind: TimerKind,
    /// When it was started.
    pub armed_at: Time,
    /// When it fired or was started again.
    pub ended_at: Time,
    /// How it ended.
    pub end: TimerEnd,
    /// Retransmission timer only: the RTO it waited.
    pub rto: Option<Millis>,
}

impl Simulation {
    /// The timers of `side`'s main connection that fired or were restarted
    /// by `at`, in the order they ended. (Re-arming the other timers is
    /// routine, e.g. the retransmission timer on every new acknowledgment,
    /// and is not a restart worth keeping.)
    pub fn ended_timers(&self, side: Side, at: impl Into<Moment>) -> Vec<EndedTimer> {
        self.timer_walk(side, at.into()).1
    }

    /// One walk over `side`'s timer events up to `at`: the timers still
    /// armed after it (some may be past their deadline), and those that
    /// ended. `timers_at` and `ended_timers` both read it.
    pub(super) fn timer_walk(&self, side: Side, at: Moment) -> (Vec<TimerView>, Vec<EndedTimer>) {
        let mut running: Vec<TimerView> = Vec::new();
        let mut ended = Vec::new();
        let end = |v: &TimerView, at: Time, end: TimerEnd| EndedTimer {
            kind: v.kind,
            armed_at: v.armed_at,
            ended_at: at,
            end,
            rto: v.rto,
        };
        for e in self.events_until(at).iter().filter(|e| e.side == Some(side)) {
            match e.kind {
                EventKind::TimerArmed {
                    conn: Conn::Main,
                    timer,
                    deadline,
                    rto,
                    backoff,
                } => {
                    let earlier = running.iter().find(|v| v.kind == timer);
                    if let Some(v) = earlier.filter(|v| v.kind == TimerKind::TimeWait) {
                        ended.push(end(v, e.at, TimerEnd::Restarted));
                    }
                    running.retain(|v| v.kind != timer);
                    running.push(TimerView {
                        kind: timer,
                        armed_at: e.at,
                        deadline,
                        rto,
                        backoff,
                    });
                }
                EventKind::TimerFired {
                    conn: Conn::Main,
                    timer,
                    ..
                } => {
                    if let Some(v) = running.iter().find(|v| v.kind == timer) {
                        ended.push(end(v, e.at, TimerEnd::Fired));
                    }
                    running.retain(|v| v.kind != timer);
                }
                EventKind::TimerCancelled {
                    conn: Conn::Main,
                    timer,
                } => running.retain(|v| v.kind != timer),
                // A connection that closed takes its timers with it.
                EventKind::StateChanged {
                    conn: Conn::Main,
                    to: State::Closed | State::Listen,
                    ..
                } => running.clear(),
                _ => {}
            }
        }
        (running, ended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library;

    fn run(name: &str) -> Simulation {
        let mut sim = Simulation::new(&library::builtin(name).unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(600_000));
        sim
    }

    #[test]
    fn a_repeated_fin_restarts_time_wait_and_the_last_one_runs_out() {
        let sim = run("lost-final-ack");
        let ended = sim.ended_timers(Side::Client, Moment::At(sim.last_event_time()));
        let tw: Vec<_> = ended.iter().filter(|t| t.kind == TimerKind::TimeWait).collect();
        assert_eq!(tw.len(), 2, "{ended:?}");
        assert_eq!(
            (tw[0].armed_at, tw[0].ended_at, tw[0].end),
            (Time(670), Time(1670), TimerEnd::Restarted)
        );
        assert_eq!(
            (tw[1].armed_at, tw[1].ended_at, tw[1].end),
            (Time(1670), Time(3670), TimerEnd::Fired)
        );
        // Before the repeated FIN, nothing of TIME-WAIT has ended yet.
        assert!(sim
            .ended_timers(Side::Client, Moment::At(Time(1669)))
            .iter()
            .all(|t| t.kind != TimerKind::TimeWait));
    }

    #[test]
    fn a_lost_syn_leaves_its_fired_retransmission_timer_and_cancelled_ones_leave_nothing() {
        let sim = run("lost-syn");
        let ended = sim.ended_timers(Side::Client, Moment::At(sim.last_event_time()));
        let rto: Vec<_> = ended
            .iter()
            .filter(|t| t.kind == TimerKind::Retransmission)
            .collect();
        assert_eq!(rto.len(), 1, "{ended:?}");
        assert_eq!(
            (rto[0].armed_at, rto[0].ended_at, rto[0].end, rto[0].rto),
            (Time(0), Time(1000), TimerEnd::Fired, Some(Millis(1000)))
        );
        // The classic exchange: every retransmission timer was stopped by an ACK.
        let classic = run("handshake-and-close");
        assert!(classic
            .ended_timers(Side::Server, Moment::At(Time(1_000)))
            .is_empty());
    }
}
