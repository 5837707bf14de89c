//! A capture run as a recorded [`Simulation`], so the widget draws and
//! narrates a real connection with the same views as a simulated one.
//!
//! What the recording says, and where it comes from:
//! - time counts microseconds since the stream's first packet
//!   ([`TimeUnit::Micros`]); a segment leaves when it was captured and
//!   arrives when the observers took it (see `observer.rs`);
//! - the headers carry Wireshark's relative numbers (what the learner
//!   compares with Wireshark or `tcpdump`); the raw ones stay in the
//!   [`CaptureRun`];
//! - a segment probably lost after the capture point is drawn lost halfway
//!   to its receiver (the capture cannot tell where);
//! - why each segment was sent ([`crate::Purpose`]) is read from its shape and
//!   Wireshark's marks; what the shape does not tell (an RST, a
//!   keep-alive) is [`crate::Purpose::Captured`]; a segment that repeats sequence
//!   numbers is a resend, [`crate::Resend::Captured`]: what prompted it (a timer,
//!   duplicate ACKs, SACK) the capture does not show, and Wireshark's
//!   "fast retransmission" is a guess from timing, not the sender's reason;
//! - a segment lost after the capture point is dropped there
//!   ([`DropCause::AfterCapture`]) in the log too;
//! - a segment later ones overtook on the path is delayed
//!   ([`EventKind::SegmentDelayed`]) when captured, by the time since the
//!   first of them;
//! - states the capture began in are the set-up, caused by nothing the run
//!   shows ([`Cause::Assumed`]); a listener's LISTEN by `listen()`.
//!
//! Copies of one packet seen on a second interface are kept as segments
//! (their ids stay Wireshark's order) but never said to leave or arrive.
//! The second copy of a packet the path delivered twice leaves where it was
//! captured and arrives, as [`crate::Resend::Duplicated`] of the first:
//! its sender's observer took nothing from it.

use super::purpose::purposes;
use super::resend::{resends, superseded_syn_acks};
use super::types::{endpoint_name, CaptureRun, ObservedSegment, Passage};
use crate::event::{Cause, Conn, DropCause, Event, EventKind, TimerKind};
use crate::scenario::library;
use crate::sim::{Recording, TimeUnit};
use crate::wire::{addr_of, Fate, SegmentRecord};
use crate::{
    Call, Flags, Header, Millis, Origin, Profile, Resend, SegmentId, Seq, Side, Simulation, State, Time,
};

/// The capture run as a finished, recorded simulation.
pub fn replay(run: &CaptureRun) -> Simulation {
    Simulation::recorded(recording(run))
}

/// What [`replay`] is made of.
pub fn recording(run: &CaptureRun) -> Recording {
    let mut scenario = library::BUILTINS[0].scenario();
    scenario.profile = Profile::Linux;
    for spec in [&mut scenario.client, &mut scenario.server] {
        spec.program.clear();
    }
    let segments = segments(run);
    let isn = isns(run);
    let mut events = Vec::with_capacity(run.events.len() + 2 * run.segments.len());
    let mut passages = run.passages.iter().peekable();
    for (i, e) in run.events.iter().enumerate() {
        while let Some(p) = passages.next_if(|p| p.before_event <= i) {
            events.push(passage_event(&segments, p.segment, p.arrived));
            events.extend(overtaken(run, p));
        }
        let at = run.event_us.get(i).copied().unwrap_or(0);
        let isn = [base_at(&isn[0], at), base_at(&isn[1], at)];
        if let Some(e) = recorded_event(e, at, isn) {
            events.push(e);
        }
    }
    for p in passages {
        events.push(passage_event(&segments, p.segment, p.arrived));
        events.extend(overtaken(run, p));
    }
    // Losses after the capture point, where they are drawn (the recorded
    // run puts its events in time order).
    for s in &segments {
        if let Fate::Dropped { at, by } = s.fate {
            events.push(Event {
                at,
                side: None,
                kind: EventKind::SegmentDropped {
                    segment: s.id,
                    by,
                    // An empty one (an ACK, an RST) is never sent again: what
                    // its receiver did next is the only sign it was lost.
                    bare_ack: s.header.seg_len() == 0,
                },
            });
        }
    }
    Recording {
        scenario,
        unit: TimeUnit::Micros,
        endpoints: [endpoint_name(run.client), endpoint_name(run.server)],
        setup: setup(run),
        segments,
        events,
        windows: run.segments.iter().map(|s| s.window_bytes).collect(),
    }
}

/// Where a segment later ones overtook on the path leaves: that it came
/// this long after the first of them (whole ms, rounded down).
fn overtaken(run: &CaptureRun, p: &Passage) -> Option<Event> {
    let s = run.segments.get(p.segment.0 as usize).filter(|_| !p.arrived)?;
    let by = run.segments.get(s.observed.overtaken_by?.0 as usize)?;
    Some(Event {
        at: Time(s.at_us),
        side: None,
        kind: EventKind::SegmentDelayed {
            segment: s.id,
            extra: Millis(s.at_us.saturating_sub(by.at_us) / 1000),
        },
    })
}

/// Each side's ISN as the capture shows it (Wireshark's base for its
/// relative numbers), so the observers' raw numbers read like the headers:
/// per side, from when (µs) each base holds. A SYN,ACK with another initial
/// number starts a new base (`wireshark.rs`: a listener with SYN cookies
/// answering a repeated SYN), so it is the one at the event's time.
fn isns(run: &CaptureRun) -> [Vec<(u64, u32)>; 2] {
    Side::BOTH.map(|side| {
        let mut bases: Vec<(u64, u32)> = Vec::new();
        for s in run.segments.iter().filter(|s| s.from == side) {
            let base = s.raw_seq.wrapping_sub(s.seq);
            if bases.last().is_none_or(|&(_, b)| b != base) {
                bases.push((s.at_us, base));
            }
        }
        bases
    })
}

/// The base of `bases` at `at_us` (the first one before any).
fn base_at(bases: &[(u64, u32)], at_us: u64) -> u32 {
    let after = bases.partition_point(|&(from, _)| from <= at_us);
    bases.get(after.saturating_sub(1)).map_or(0, |&(_, b)| b)
}

/// An observer's event in the recording: at its capture time (µs), with
/// sequence numbers relative like the headers; `None` for the timers the
/// observers armed, which the capture cannot show running (what they would
/// wait depends on round trips the observers do not measure), except
/// TIME-WAIT's, whose length is the stack's own (Linux: 60 s).
fn recorded_event(e: &Event, at_us: u64, isn: [u32; 2]) -> Option<Event> {
    let Some(side) = e.side else {
        return Some(Event {
            at: Time(at_us),
            ..e.clone()
        });
    };
    let own = |s: Seq| Seq(s.0.wrapping_sub(isn[side.index()]));
    let peers = |s: Seq| Seq(s.0.wrapping_sub(isn[side.peer().index()]));
    let us = |t: Time| Time(at_us + t.0.saturating_sub(e.at.0).saturating_mul(1000));
    let kind = match e.kind.clone() {
        EventKind::Acknowledged {
            segment,
            conn,
            newly_acked,
            snd_una,
        } => EventKind::Acknowledged {
            segment,
            conn,
            newly_acked,
            snd_una: own(snd_una),
        },
        EventKind::DataReceived {
            segment,
            conn,
            bytes,
            rcv_nxt,
            half_closed,
        } => EventKind::DataReceived {
            segment,
            conn,
            bytes,
            rcv_nxt: peers(rcv_nxt),
            half_closed,
        },
        EventKind::CallStarted { call, iss } => EventKind::CallStarted {
            call,
            iss: iss.map(own),
        },
        EventKind::TimerArmed {
            conn,
            timer: TimerKind::TimeWait,
            deadline,
            rto,
            backoff,
        } => EventKind::TimerArmed {
            conn,
            timer: TimerKind::TimeWait,
            deadline: us(deadline),
            rto,
            backoff,
        },
        EventKind::TimerArmed { .. } | EventKind::TimerFired { .. } | EventKind::TimerCancelled { .. } => {
            return None
        }
        kind => kind,
    };
    Some(Event {
        at: Time(at_us),
        side: Some(side),
        kind,
    })
}

/// A segment leaving or arriving, as an event at its recorded time.
fn passage_event(segments: &[SegmentRecord], id: SegmentId, arrived: bool) -> Event {
    let s = &segments[id.0 as usize];
    let (at, side, kind) = if arrived {
        (s.arrives_at, s.to, EventKind::SegmentArrived { segment: id })
    } else {
        let kind = EventKind::SegmentSent {
            segment: id,
            purpose: s.purpose,
            resend: s.resend,
        };
        (s.sent_at, s.from.side(), kind)
    };
    Event { at, side, kind }
}

/// Each side's states before anything the capture shows.
fn setup(run: &CaptureRun) -> Vec<Event> {
    let mut setup = Vec::new();
    for side in Side::BOTH {
        let mut from = State::Closed;
        for span in run.states(side).states.iter().skip(1) {
            if span.since_us.is_some() {
                break;
            }
            let cause = match span.state {
                State::Listen => Cause::Call { call: Call::Listen },
                _ => Cause::Assumed,
            };
            setup.push(Event {
                at: Time::ZERO,
                side: Some(side),
                kind: EventKind::StateChanged {
                    conn: Conn::Main,
                    from,
                    to: span.state,
                    cause,
                },
            });
            from = span.state;
        }
    }
    setup
}

/// The segments with their times, fates and reasons.
fn segments(run: &CaptureRun) -> Vec<SegmentRecord> {
    let arrivals = {
        let mut at = vec![None; run.segments.len()];
        for p in run.passages.iter().filter(|p| p.arrived) {
            if let Some(slot) = at.get_mut(p.segment.0 as usize) {
                *slot = Some(p.at_us);
            }
        }
        at
    };
    let lost_flight = lost_flight(run);
    let resent = resends(run);
    // Which segments their sender sent again (a capture's segment ids are
    // their indices; a path's second delivery is no sending).
    let mut sent_again = vec![false; run.segments.len()];
    let sendings = resent.iter().filter(|(how, _)| !how.is_some_and(Resend::is_copy));
    for of in sendings.filter_map(|&(_, of)| of) {
        if let Some(slot) = sent_again.get_mut(of.0 as usize) {
            *slot = true;
        }
    }
    let purposes = purposes(run);
    let superseded = superseded_syn_acks(&run.segments);
    run.segments
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let sent = Time(s.at_us);
            let (arrives_at, fate) = match arrivals[k] {
                Some(at) => (Time(at), Fate::Arrived),
                None if s.observed.lost_after_capture => {
                    let arrives = Time(s.at_us + lost_flight);
                    let at = Time(s.at_us + lost_flight / 2);
                    (
                        arrives,
                        Fate::Dropped {
                            at,
                            by: if s.observed.lost_before_reset {
                                DropCause::BeforeReset
                            } else if s.observed.lost_before_own_reset {
                                DropCause::BeforeOwnReset
                            } else if s.observed.lost_unanswered && sent_again[k] {
                                DropCause::UnansweredResent
                            } else if s.observed.lost_unanswered {
                                DropCause::Unanswered
                            } else if superseded[k] && !sent_again[k] {
                                DropCause::AnsweredAnew
                            } else {
                                DropCause::AfterCapture
                            },
                        },
                    )
                }
                // A copy (or anything never delivered): where it was seen.
                None => (sent, Fate::Arrived),
            };
            SegmentRecord {
                id: s.id,
                from: Origin::from(s.from),
                to: Some(s.from.peer()),
                header: header(s),
                purpose: purposes[k],
                resend: resent[k].0,
                retransmission_of: resent[k].1,
                piggybacked_ack: false,
                sent_at: sent,
                arrives_at,
                fate,
                congestion_marked: s.congestion_marked(),
            }
        })
        .collect()
}

/// How long a lost segment is drawn travelling: the median time between
/// consecutive captured segments (at least one µs), so its cross sits
/// among its neighbours, not on top of them.
fn lost_flight(run: &CaptureRun) -> u64 {
    let mut gaps: Vec<u64> = run
        .segments
        .windows(2)
        .map(|w| w[1].at_us.saturating_sub(w[0].at_us))
        .filter(|&g| g > 0)
        .collect();
    crate::util::sort::sort(&mut gaps);
    gaps.get(gaps.len() / 2).copied().unwrap_or(1).max(1)
}

/// The header with Wireshark's relative numbers.
fn header(s: &ObservedSegment) -> Header {
    let flags = Flags::from_bits(s.flags);
    Header {
        src: addr_of(s.from),
        dst: addr_of(s.from.peer()),
        seq: Seq(s.seq),
        ack: Seq(if flags.ack() { s.ack } else { 0 }),
        flags,
        window: s.window,
        mss: s.options.mss.filter(|_| flags.syn()),
        len: s.len,
    }
}
