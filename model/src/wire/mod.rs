//! The wire between the two hosts: what a segment meets after it leaves its
//! host and before it arrives.
//!
//! - Each host's link sends one segment at a time, `gap_ms` apart (a stand-in
//!   for serialization delay, exaggerated so two segments sent together are
//!   two visible arrows); injected strays come from many places at once and
//!   are not spaced.
//! - Every segment takes `delay_ms` to cross, plus any extra a delay rule adds.
//! - Drop rules lose the nth matching segment halfway across; the learner can
//!   drop any segment in flight.
//! - Injections put stray segments on the wire (old duplicates, spoofed SYNs).
//!
//! Every queue here is ordered by time and drained from its front (see
//! `queue.rs`), so a run never sorts or shifts whole lists over again,
//! whatever order a scenario lists things in. The wire decides no TCP rule;
//! hosts do.

mod addresses;
mod queue;
mod record;

use addresses::stray;
pub use addresses::{addr_of, CLIENT_ADDR, SERVER_ADDR};
use queue::TimeQueue;
pub use record::{Fate, SegmentRecord};

use crate::event::{Conn, DropCause, Event, EventKind, IgnoreReason};
use crate::scenario::{DelayRule, DropRule, Injection, Scenario};
use crate::tcb::Outgoing;
use crate::{Header, Millis, Origin, SegmentId, Seq, Side, Time};

/// A segment waiting for its host's link.
#[derive(Clone, Debug)]
struct Queued {
    from: Origin,
    out: Outgoing,
}

/// A rule of the scenario with how many matching segments it has seen.
#[derive(Clone, Debug)]
struct Counted<R> {
    rule: R,
    seen: u32,
}

/// The network of one run.
#[derive(Clone, Debug)]
pub struct Wire {
    delay: Millis,
    gap: Millis,
    drops: Vec<Counted<DropRule>>,
    delays: Vec<Counted<DelayRule>>,
    injections: Vec<Injection>,
    /// When each host's link is free again (indexed by `Side::index`).
    link_free_at: [Time; 2],
    /// Segments waiting to leave, by (departure time, order queued).
    queue: TimeQueue<Queued>,
    queued_total: u32,
    /// Every segment that left, indexed by id.
    segments: Vec<SegmentRecord>,
    /// Segments on the wire, by (arrival time, id).
    arrivals: TimeQueue<SegmentId>,
    /// Scenario drops to come, by (time, segment): the drop rule.
    planned_drops: TimeQueue<(SegmentId, usize)>,
    /// Injected segments still to come, sorted: (time, injection, copy number).
    pending_injections: Vec<(Time, usize, u32)>,
    next_injection: usize,
    /// Bare ACKs lost on the way and not yet covered by a later ACK of the
    /// same sender: (sender, segment, its ack).
    lost_bare_acks: Vec<(Origin, SegmentId, Seq)>,
    /// The latest segment occupying each (sender, sequence number), sorted,
    /// so a retransmission finds the one it repeats.
    last_at_seq: Vec<((Origin, u32), SegmentId)>,
}

impl Wire {
    /// The wire a scenario describes, with nothing on it yet.
    pub(crate) fn new(scenario: &Scenario) -> Wire {
        let mut pending_injections = Vec::new();
        for (i, inj) in scenario.inject.iter().enumerate() {
            for n in 0..inj.count {
                let at = Time(inj.at_ms) + Millis(u64::from(n).saturating_mul(inj.every_ms));
                pending_injections.push((at, i, n));
            }
        }
        crate::util::sort::sort(&mut pending_injections);
        Wire {
            delay: Millis(scenario.delay_ms),
            gap: Millis(scenario.gap_ms),
            drops: counted(&scenario.drops),
            delays: counted(&scenario.delays),
            injections: scenario.inject.clone(),
            link_free_at: [Time::ZERO; 2],
            queue: TimeQueue::default(),
            queued_total: 0,
            segments: Vec::new(),
            arrivals: TimeQueue::default(),
            planned_drops: TimeQueue::default(),
            pending_injections,
            next_injection: 0,
            last_at_seq: Vec::new(),
            lost_bare_acks: Vec::new(),
        }
    }

    /// A wire that carried `segments` already (a recorded run).
    pub(crate) fn recorded(scenario: &Scenario, segments: Vec<SegmentRecord>) -> Wire {
        Wire {
            segments,
            ..Wire::new(scenario)
        }
    }

    /// Every segment that left so far, indexed by id.
    pub fn segments(&self) -> &[SegmentRecord] {
        &self.segments
    }

    /// When a segment `side` hands over at `now` will leave (its link may be
    /// busy with the one before).
    pub(crate) fn departure_time(&self, side: Side, now: Time) -> Time {
        now.max(self.link_free_at[side.index()])
    }

    /// The next time anything happens on the wire, after `now`.
    pub(crate) fn next_event(&self, now: Time) -> Option<Time> {
        [
            self.queue.next_after(now),
            self.arrivals.next_after(now),
            self.planned_drops.next_after(now),
            self.pending_injections[self.next_injection..]
                .iter()
                .map(|p| p.0)
                .find(|&t| t > now),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Hands a segment to its sender's link.
    pub(crate) fn enqueue(&mut self, now: Time, from: Origin, out: Outgoing) {
        let depart_at = match from.side() {
            Some(side) => {
                let at = self.departure_time(side, now);
                self.link_free_at[side.index()] = at + self.gap;
                at
            }
            // Injected strays come from many places at once: no spacing.
            None => now,
        };
        self.queued_total = self.queued_total.wrapping_add(1);
        self.queue
            .insert(depart_at, self.queued_total, Queued { from, out });
    }

    /// Queues the injections whose time has come.
    pub(crate) fn inject_due(&mut self, now: Time) {
        while let Some(&(at, index, _)) = self.pending_injections.get(self.next_injection) {
            if at > now {
                break;
            }
            // Every injected copy of the whole scenario gets its own number,
            // so spoofed sources never repeat across injection lines.
            let ordinal = self.next_injection as u32;
            self.next_injection += 1;
            let (from, out) = stray(&self.injections[index], ordinal);
            self.enqueue(now, from, out);
        }
    }

    /// Puts queued segments whose time has come on the wire, applying the
    /// scenario's drop and delay rules.
    pub(crate) fn depart_due(&mut self, now: Time, events: &mut Vec<Event>) {
        while let Some(q) = self.queue.pop_due(now) {
            self.depart(now, q, events);
        }
    }

    fn depart(&mut self, now: Time, q: Queued, events: &mut Vec<Event>) {
        let id = SegmentId(self.segments.len() as u32);
        let header = q.out.header;
        let to = [Side::Client, Side::Server]
            .into_iter()
            .find(|&side| header.dst == addr_of(side));
        let key = (q.from, header.seq.0);
        let found = self.last_at_seq.binary_search_by(|(k, _)| k.cmp(&key));
        let retransmission_of = match (q.out.resend.is_some(), found) {
            (true, Ok(i)) => Some(self.last_at_seq[i].1),
            _ => None,
        };
        if header.seg_len() > 0 {
            match found {
                Ok(i) => self.last_at_seq[i].1 = id,
                Err(i) => self.last_at_seq.insert(i, (key, id)),
            }
        }
        let (extra, drop_rule) = match q.from.side() {
            Some(side) => self.apply_rules(side, &header),
            None => (0, None),
        };
        let sent_at = now;
        let arrives_at = sent_at + Millis(self.delay.0.saturating_add(extra));
        self.segments.push(SegmentRecord {
            id,
            from: q.from,
            to,
            header,
            purpose: q.out.purpose,
            resend: q.out.resend,
            retransmission_of,
            piggybacked_ack: q.out.piggybacked_ack,
            sent_at,
            arrives_at,
            fate: Fate::InFlight,
            congestion_marked: false,
        });
        events.push(Event {
            at: now,
            side: q.from.side(),
            kind: EventKind::SegmentSent {
                segment: id,
                purpose: q.out.purpose,
                resend: q.out.resend,
            },
        });
        if extra > 0 {
            events.push(Event {
                at: now,
                side: None,
                kind: EventKind::SegmentDelayed {
                    segment: id,
                    extra: Millis(extra),
                },
            });
        }
        self.arrivals.insert(arrives_at, id.0, id);
        if let Some(rule) = drop_rule {
            // Lost on the way: it vanishes halfway across (and is drawn so).
            let mid = Time(sent_at.0 + (arrives_at.0 - sent_at.0) / 2);
            self.planned_drops.insert(mid, id.0, (id, rule));
        }
    }

    /// Counts `header` against the delay and drop rules of its sender:
    /// (extra delay, index of the drop rule that loses it).
    fn apply_rules(&mut self, side: Side, header: &Header) -> (u64, Option<usize>) {
        let mut extra = 0u64;
        for c in &mut self.delays {
            if c.rule.from == side && c.rule.flags == header.flags.control() {
                c.seen += 1;
                if c.seen == c.rule.nth {
                    extra = extra.saturating_add(c.rule.extra_ms);
                }
            }
        }
        let mut drop_rule = None;
        for (i, c) in self.drops.iter_mut().enumerate() {
            if c.rule.from == side && c.rule.flags == header.flags.control() {
                c.seen += 1;
                if c.seen == c.rule.nth && drop_rule.is_none() {
                    drop_rule = Some(i);
                }
            }
        }
        (extra, drop_rule)
    }

    /// Whether segment `id` is on the wire now (left, and neither arrived nor dropped).
    pub(crate) fn in_flight(&self, id: SegmentId, now: Time) -> bool {
        self.segments
            .get(id.0 as usize)
            .is_some_and(|s| s.fate == Fate::InFlight && s.sent_at <= now)
    }

    /// Loses segment `id` now.
    pub(crate) fn drop_now(&mut self, id: SegmentId, now: Time, by: DropCause, events: &mut Vec<Event>) {
        let Some(seg) = self.segments.get_mut(id.0 as usize) else {
            return;
        };
        if seg.fate != Fate::InFlight {
            return;
        }
        self.arrivals.remove(seg.arrives_at, id.0);
        seg.fate = Fate::Dropped { at: now, by };
        let bare_ack = seg.header.seg_len() == 0 && seg.header.flags.control() == crate::Flags::ACK;
        if bare_ack {
            self.lost_bare_acks.push((seg.from, id, seg.header.ack));
        }
        events.push(Event {
            at: now,
            side: seg.from.side(),
            kind: EventKind::SegmentDropped {
                segment: id,
                by,
                bare_ack,
            },
        });
    }

    /// Applies the scenario's drops whose time has come.
    pub(crate) fn drop_due(&mut self, now: Time, events: &mut Vec<Event>) {
        while let Some((id, rule)) = self.planned_drops.pop_due(now) {
            self.drop_now(id, now, DropCause::Scenario { rule }, events);
        }
    }

    /// Takes the segments arriving by `now`, in (time, id) order. Those
    /// addressed to nobody vanish here; the others are for the caller to deliver.
    pub(crate) fn arrivals_due(&mut self, now: Time, events: &mut Vec<Event>) -> Vec<(Side, SegmentId)> {
        let mut arrived = Vec::new();
        while let Some(id) = self.arrivals.pop_due(now) {
            let seg = &mut self.segments[id.0 as usize];
            match seg.to {
                None => {
                    seg.fate = Fate::NoHost;
                    events.push(Event {
                        at: now,
                        side: None,
                        kind: EventKind::SegmentIgnored {
                            segment: id,
                            conn: Conn::Other(seg.header.dst),
                            reason: IgnoreReason::NoHost,
                        },
                    });
                }
                Some(side) => {
                    seg.fate = Fate::Arrived;
                    let (from, header) = (seg.from, seg.header);
                    events.push(Event {
                        at: now,
                        side: Some(side),
                        kind: EventKind::SegmentArrived { segment: id },
                    });
                    // ACKs are cumulative: this one also says what a lost bare
                    // ACK of the same sender would have said.
                    if header.flags.ack() && !header.flags.rst() {
                        self.lost_bare_acks.retain(|&(origin, lost, ack)| {
                            let covered = origin == from && ack <= header.ack;
                            if covered {
                                events.push(Event {
                                    at: now,
                                    side: Some(side),
                                    kind: EventKind::AckCovered { segment: id, lost },
                                });
                            }
                            !covered
                        });
                    }
                    arrived.push((side, id));
                }
            }
        }
        arrived
    }
}

/// Rules, each with a count of the segments it has seen.
fn counted<R: Clone>(rules: &[R]) -> Vec<Counted<R>> {
    rules
        .iter()
        .cloned()
        .map(|rule| Counted { rule, seen: 0 })
        .collect()
}
