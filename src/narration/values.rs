//! The `{placeholder}` values of one event: the numbers and names a
//! sentence about it may quote, all read from the event and the run's
//! records (never searched for in the log, never re-derived).

use tcp_model::call::Outcome;
use tcp_model::event::{EventKind, GiveUp, IgnoreReason};
use tcp_model::scenario::Action;
use tcp_model::view::Moment;
use tcp_model::{Call, Event, Simulation, State};

use super::keys::side_name;
use crate::text::{fill, Lang};

/// Builds the `{placeholder}` values for one event.
pub(super) struct Values {
    pairs: Vec<(&'static str, String)>,
}

impl Values {
    fn new() -> Values {
        Values { pairs: Vec::new() }
    }

    fn set(&mut self, key: &'static str, value: impl ToString) {
        self.pairs.push((key, value.to_string()));
    }

    pub(super) fn fill(&self, template: &str) -> String {
        let refs: Vec<(&str, &str)> = self.pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        fill(template, &refs)
    }
}

/// The values every line of an event may use. `states` are both sides'
/// states at the event's instant (`Simulation::states_at_events`, read once
/// for a whole narration), or `None` to ask the run for this one event.
pub(super) fn values_for(run: &Simulation, lang: Lang, e: &Event, states: Option<[State; 2]>) -> Values {
    let mut v = Values::new();
    if let Some(side) = e.side {
        v.set("side", side_name(lang, side));
        v.set("peer", side_name(lang, side.peer()));
        let state = states.map_or_else(|| run.state_at(side, Moment::At(e.at)), |s| s[side.index()]);
        v.set("state", state.name());
    }
    v.set("time", e.at.0);
    let tuning = run.tuning();
    v.set("time_wait_ms", tuning.time_wait_len().0);
    v.set("msl_ms", tuning.msl.0);
    if let Some(id) = e.segment() {
        if let Some(s) = run.segment(id) {
            let h = &s.header;
            v.set("id", id.0);
            v.set("flags", h.flags);
            v.set("seq", h.seq);
            v.set("ack", h.ack);
            v.set("len", h.len);
            v.set("next", h.end());
            v.set("window", h.window);
            if let Some(room) = run.window_bytes(id) {
                v.set("room", room);
            }
            v.set("mss", h.mss.map_or(String::from("-"), |m| m.to_string()));
            v.set("label", h.label());
            if let Some(orig) = s.retransmission_of {
                v.set("orig", orig.0);
            }
            if let Some(from) = s.from.side() {
                v.set("from", side_name(lang, from));
            }
            if let Some(to) = s.to {
                v.set("to", side_name(lang, to));
            }
        }
    }
    match &e.kind {
        EventKind::StateChanged { from, to, .. } => {
            v.set("from_state", from.name());
            v.set("to_state", to.name());
        }
        EventKind::Acknowledged {
            newly_acked, snd_una, ..
        } => {
            v.set("bytes", newly_acked);
            v.set("snd_una", snd_una);
        }
        EventKind::DataReceived { bytes, rcv_nxt, .. } => {
            v.set("bytes", bytes);
            v.set("rcv_nxt", rcv_nxt);
        }
        EventKind::DataQueuedOutOfOrder { bytes, .. } => v.set("bytes", bytes),
        EventKind::TimerArmed {
            deadline,
            rto,
            backoff,
            ..
        } => {
            v.set("deadline", deadline.0);
            v.set("ms", deadline.0.saturating_sub(e.at.0));
            if let Some(rto) = rto {
                v.set("rto", rto.0);
            }
            v.set("backoff", backoff);
        }
        EventKind::TimerFired {
            rto,
            next_rto,
            backoff,
            ..
        } => {
            if let Some(rto) = rto {
                v.set("rto", rto.0);
            }
            if let Some(next) = next_rto {
                v.set("new_rto", next.0);
            }
            v.set("backoff", backoff);
        }
        EventKind::CallStarted { call, iss } => {
            v.set("call", call_name(*call));
            call_values(&mut v, run, e, *call, *iss);
        }
        EventKind::CallBlocked { call, .. } => {
            v.set("call", call_name(*call));
            call_values(&mut v, run, e, *call, None);
        }
        EventKind::CallReturned { call, outcome } => {
            v.set("call", call_name(*call));
            match outcome {
                Outcome::Read { bytes } | Outcome::Eof { bytes } => v.set("bytes", bytes),
                Outcome::Failed { error } => v.set("errno", error.errno()),
                Outcome::Ok => {}
            }
        }
        EventKind::GaveUp {
            reason:
                GiveUp::SynRetries { retries, elapsed }
                | GiveUp::SynAckRetries { retries, elapsed }
                | GiveUp::DataRetries { retries, elapsed }
                | GiveUp::WindowProbes { retries, elapsed },
            ..
        } => {
            v.set("n", retries);
            v.set("secs", seconds(elapsed.0));
        }
        EventKind::ListenQueue { half_open, backlog } => {
            v.set("n", half_open);
            v.set("backlog", backlog);
        }
        EventKind::SegmentIgnored {
            reason: IgnoreReason::ListenQueueFull { backlog },
            ..
        } => {
            v.set("backlog", backlog);
        }
        EventKind::SegmentDelayed { extra, .. } => v.set("ms", extra.0),
        EventKind::AckCovered { lost, .. } => {
            if let Some(l) = run.segment(*lost) {
                v.set("lost", l.header.label());
                v.set("lost_id", lost.0);
            }
        }
        EventKind::RunCutShort { events, segments } => {
            v.set("n", events);
            v.set("segments", segments);
        }
        EventKind::ListenerClosed { reset, dropped } => {
            v.set("n", reset);
            v.set("half", dropped);
        }
        EventKind::ActionSkipped { action, .. } => match action {
            Action::Drop { segment } => v.set("id", segment.0),
            Action::Call { side, call } => {
                v.set("side", side_name(lang, *side));
                v.set("call", call_name(*call));
            }
        },
        _ => {}
    }
    v
}

/// Milliseconds as seconds, with one decimal when it is not a whole second.
fn seconds(ms: u64) -> String {
    if ms % 1_000 == 0 {
        (ms / 1_000).to_string()
    } else {
        // Rounded to a tenth with integers: float formatting would cost the
        // WebAssembly several kilobytes for this one number.
        let tenths = (ms + 50) / 100;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// A call as the narration names it: as the ladder labels its start
/// (reading to the end of the stream is plain `recv()`).
fn call_name(call: Call) -> String {
    crate::labels::call_label(call)
}

/// Values a call's sentence may need: the ISN connect() picks and the MSS
/// its SYN announces, the bytes sent, the sleep length.
fn call_values(v: &mut Values, run: &Simulation, e: &Event, call: Call, iss: Option<tcp_model::Seq>) {
    match call {
        Call::Connect => {
            if let Some(iss) = iss {
                v.set("isn", iss);
            }
            if let Some(side) = e.side {
                v.set("mss", run.scenario().endpoint(side).mss);
            }
        }
        Call::Send(bytes) | Call::Recv(bytes) => v.set("bytes", bytes),
        Call::Sleep(ms) => v.set("ms", ms.0),
        _ => {}
    }
}
