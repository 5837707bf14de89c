//! The simulation: two hosts, the wire between them and virtual time.
//!
//! Time only moves when the caller says so ([`Simulation::step`],
//! [`Simulation::advance_to`]). Everything that happens at one instant is
//! processed in a fixed order, so the same scenario and the same learner
//! actions give the same run every time; the whole simulation is `Clone`, and
//! [`Simulation::rewind`] rebuilds any earlier moment by replay.
//!
//! Order within an instant: scheduled injections; segments leaving their host;
//! arrivals; timers; RSTs and immediate ACKs; the applications; everything
//! else the hosts want to send; departures of what was just sent.

use serde::Serialize;

use crate::event::{DropCause, Event, EventKind, IgnoreReason, SegmentId};
use crate::host::{Host, HostConfig};
use crate::scenario::{Action, LearnerAction, Scenario, ScenarioError, StraySource};
use crate::tcb::output::Flush;
use crate::tcb::{Ctx, Outgoing};
use crate::{Addr, Call, Header, Millis, Origin, Purpose, Seq, Side, State, Time, Tuning};

/// The client's address: a host on a private network, an ephemeral port.
pub const CLIENT_ADDR: Addr = Addr::new([10, 0, 0, 1], 49152);
/// The server's address. Port 5000 has no Wireshark dissector that would try
/// to parse the lesson's placeholder payload (port 80 would be read as HTTP).
pub const SERVER_ADDR: Addr = Addr::new([10, 0, 0, 2], 5000);

/// Stop a run that somehow keeps going (it cannot with valid scenarios; this
/// only bounds the cost of a bug).
pub const MAX_EVENTS: usize = 200_000;

/// What became of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fate")]
pub enum Fate {
    InFlight,
    Arrived,
    Dropped {
        at: Time,
        by: DropCause,
    },
    /// Addressed to nobody (a spoofed source): it vanishes on arrival.
    NoHost,
}

/// One segment put on the wire, with everything the widget draws and explains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentRecord {
    pub id: SegmentId,
    pub from: Origin,
    /// The host it is addressed to, `None` for an address nobody answers.
    pub to: Option<Side>,
    pub header: Header,
    pub purpose: Purpose,
    pub retransmission: bool,
    /// The earlier transmission of the same sequence numbers, for a retransmission.
    pub retransmission_of: Option<SegmentId>,
    /// It also carries an ACK that was waiting to be sent.
    pub piggybacked_ack: bool,
    pub sent_at: Time,
    pub arrives_at: Time,
    pub fate: Fate,
}

impl SegmentRecord {
    pub fn dropped(&self) -> bool {
        matches!(self.fate, Fate::Dropped { .. })
    }

    /// Whether the segment is on the wire at `t`.
    pub fn in_flight_at(&self, t: Time) -> bool {
        let end = match self.fate {
            Fate::Dropped { at, .. } => at,
            _ => self.arrives_at,
        };
        self.sent_at <= t && t < end
    }
}

/// A segment waiting for the link (see `Scenario::gap_ms`).
#[derive(Clone, Debug)]
struct Queued {
    depart_at: Time,
    from: Origin,
    out: Outgoing,
}

/// Why a learner's action was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionError {
    /// No segment has that id.
    UnknownSegment(u32),
    /// The segment is not on the wire now (not yet sent, arrived or dropped).
    NotInFlight(SegmentId),
    /// The application is still inside another call.
    Busy { side: Side, call: Call },
}

impl core::fmt::Display for ActionError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ActionError::UnknownSegment(id) => write!(f, "there is no segment #{id}"),
            ActionError::NotInFlight(id) => write!(f, "segment #{} is not in flight now", id.0),
            ActionError::Busy { side, call } => {
                write!(f, "the {side} is still blocked in {}", call.signature())
            }
        }
    }
}

/// The whole simulated world.
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    tuning: Tuning,
    now: Time,
    hosts: [Host; 2],
    segments: Vec<SegmentRecord>,
    queue: Vec<Queued>,
    link_free_at: [Time; 3],
    events: Vec<Event>,
    /// Per drop rule (and per delay rule): how many matching segments were sent so far.
    drop_seen: Vec<u32>,
    delay_seen: Vec<u32>,
    /// Segments on the wire (arrival or planned drop still to come).
    in_flight: Vec<SegmentId>,
    /// Scenario drops: the segment vanishes halfway across, at this time.
    planned_drops: Vec<(Time, SegmentId, usize)>,
    /// Injections not yet made: (time, injection index, copy number).
    pending_injections: Vec<(Time, usize, u32)>,
    /// Learner actions recorded (applied ones and, after a rewind, future ones).
    actions: Vec<LearnerAction>,
    /// Index of the first action in `actions` not yet applied.
    next_action: usize,
    /// The first instant (time 0, where the programs start) has been processed.
    started: bool,
    /// How many events the set-up (a leading `listen`) logged before time started.
    setup_events: usize,
}

impl Simulation {
    /// A simulation at time 0, with the servers' leading `listen` already done
    /// (a listening server is where every lesson starts).
    pub fn new(scenario: &Scenario) -> Result<Simulation, ScenarioError> {
        scenario.validate()?;
        let tuning = scenario.tuning();
        let host = |side: Side, addr: Addr, peer: Addr| {
            let spec = scenario.endpoint(side);
            let mut h = Host::new(HostConfig {
                addr,
                peer,
                isn: Seq(spec.isn),
                mss: spec.mss,
                backlog: spec.backlog,
            });
            h.app.program = spec.program.clone();
            h
        };
        let mut pending_injections = Vec::new();
        for (i, inj) in scenario.inject.iter().enumerate() {
            for n in 0..inj.count {
                pending_injections.push((Time(inj.at_ms + u64::from(n) * inj.every_ms), i, n));
            }
        }
        crate::small_sort::sort_small(&mut pending_injections);
        let mut sim = Simulation {
            scenario: Scenario {
                actions: Vec::new(),
                ..scenario.clone()
            },
            tuning,
            now: Time::ZERO,
            hosts: [
                host(Side::Client, CLIENT_ADDR, SERVER_ADDR),
                host(Side::Server, SERVER_ADDR, CLIENT_ADDR),
            ],
            segments: Vec::new(),
            in_flight: Vec::new(),
            planned_drops: Vec::new(),
            queue: Vec::new(),
            link_free_at: [Time::ZERO; 3],
            events: Vec::new(),
            drop_seen: vec![0; scenario.drops.len()],
            delay_seen: vec![0; scenario.delays.len()],
            pending_injections,
            actions: scenario.actions.clone(),
            next_action: 0,
            started: false,
            setup_events: 0,
        };
        for side in Side::BOTH {
            let host = &mut sim.hosts[side.index()];
            if host.app.program.first() == Some(&Call::Listen) {
                let mut ctx = Ctx {
                    now: Time::ZERO,
                    send_at: Time::ZERO,
                    tuning: &sim.tuning,
                    side,
                    events: &mut sim.events,
                };
                host.run_leading_listen(&mut ctx);
            }
        }
        sim.setup_events = sim.events.len();
        Ok(sim)
    }

    pub fn now(&self) -> Time {
        self.now
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn tuning(&self) -> &Tuning {
        &self.tuning
    }

    /// Every event so far, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The events of the set-up, before the programs' first instant.
    pub fn setup_events(&self) -> &[Event] {
        &self.events[..self.setup_events]
    }

    /// Every segment sent so far, indexed by id.
    pub fn segments(&self) -> &[SegmentRecord] {
        &self.segments
    }

    pub fn segment(&self, id: SegmentId) -> Option<&SegmentRecord> {
        self.segments.get(id.0 as usize)
    }

    /// The learner's actions (with the scenario's own recorded ones).
    pub fn actions(&self) -> &[LearnerAction] {
        &self.actions
    }

    /// The scenario plus the learner's actions: replaying it gives this run.
    pub fn recorded_scenario(&self) -> Scenario {
        Scenario {
            actions: self.actions.clone(),
            ..self.scenario.clone()
        }
    }

    pub(crate) fn host(&self, side: Side) -> &Host {
        &self.hosts[side.index()]
    }

    /// The state the lifeline of `side` shows now.
    pub fn state(&self, side: Side) -> State {
        self.host(side).lifeline_state()
    }

    /// When the next thing will happen, if anything will.
    pub fn next_event_time(&self) -> Option<Time> {
        if !self.started {
            return Some(Time::ZERO);
        }
        let after_now = |t: &Time| *t > self.now;
        let departures = self.queue.iter().map(|q| q.depart_at);
        let arrivals = self
            .in_flight
            .iter()
            .map(|id| self.segments[id.0 as usize].arrives_at);
        let drops = self.planned_drops.iter().map(|d| d.0);
        let timers = self.hosts.iter().filter_map(Host::next_deadline);
        let injections = self.pending_injections.first().map(|p| p.0);
        let actions = self.actions.get(self.next_action).map(|a| Time(a.at_ms));
        departures
            .chain(arrivals)
            .chain(drops)
            .chain(timers)
            .chain(injections)
            .chain(actions)
            .filter(after_now)
            .min()
    }

    /// Nothing more will ever happen (the applications may still be blocked,
    /// e.g. a server waiting in accept()).
    pub fn is_finished(&self) -> bool {
        self.next_event_time().is_none()
    }

    /// Moves to the next moment something happens and processes it. Returns
    /// that time, or `None` when the run is finished.
    pub fn step(&mut self) -> Option<Time> {
        let t = self.next_event_time()?;
        self.advance_to(t);
        Some(t)
    }

    /// Processes everything that happens up to and including `t`.
    pub fn advance_to(&mut self, t: Time) {
        while let Some(next) = self.next_event_time() {
            if next > t || self.events.len() > MAX_EVENTS {
                break;
            }
            self.now = next;
            self.started = true;
            self.run_instant();
            self.apply_due_actions();
        }
        self.now = self.now.max(t);
    }

    /// Runs until nothing more happens, or until `limit`.
    pub fn run_until_finished(&mut self, limit: Time) {
        while self.now < limit && self.step().is_some() {}
    }

    /// A fresh simulation of the same scenario and learner actions, advanced to `t`.
    pub fn rewind(&self, t: Time) -> Simulation {
        let mut sim = Simulation::new(&self.recorded_scenario())
            .unwrap_or_else(|e| unreachable!("a scenario that ran is valid: {e}"));
        sim.advance_to(t);
        sim
    }

    /// The learner drops an in-flight segment now. Actions recorded after this
    /// moment (from before a rewind) are discarded: the future changed.
    pub fn drop_segment(&mut self, id: u32) -> Result<(), ActionError> {
        let seg = self
            .segments
            .get(id as usize)
            .ok_or(ActionError::UnknownSegment(id))?;
        if !self.in_flight.contains(&seg.id) || seg.sent_at > self.now {
            return Err(ActionError::NotInFlight(seg.id));
        }
        self.record(Action::Drop { segment: id });
        self.apply_drop(SegmentId(id), DropCause::Learner);
        Ok(())
    }

    /// The learner issues a socket call now (free mode).
    pub fn call(&mut self, side: Side, call: Call) -> Result<(), ActionError> {
        if let Some(running) = &self.host(side).app.current {
            return Err(ActionError::Busy {
                side,
                call: running.call,
            });
        }
        self.record(Action::Call { side, call });
        self.apply_call(side, call);
        Ok(())
    }

    fn record(&mut self, action: Action) {
        self.actions.truncate(self.next_action);
        self.actions.push(LearnerAction {
            at_ms: self.now.0,
            action,
        });
        self.next_action = self.actions.len();
    }

    /// Applies recorded actions whose time has come (replay after a rewind).
    fn apply_due_actions(&mut self) {
        while let Some(a) = self.actions.get(self.next_action).copied() {
            if Time(a.at_ms) > self.now {
                break;
            }
            self.next_action += 1;
            match a.action {
                Action::Drop { segment } => {
                    if self.in_flight.contains(&SegmentId(segment)) {
                        self.apply_drop(SegmentId(segment), DropCause::Learner);
                    }
                }
                Action::Call { side, call } => {
                    if self.host(side).app.current.is_none() {
                        self.apply_call(side, call);
                    }
                }
            }
        }
    }

    fn apply_drop(&mut self, id: SegmentId, by: DropCause) {
        let now = self.now;
        self.in_flight.retain(|s| *s != id);
        self.planned_drops.retain(|d| d.1 != id);
        if let Some(seg) = self.segments.get_mut(id.0 as usize) {
            seg.fate = Fate::Dropped { at: now, by };
            let side = seg.from.side();
            self.events.push(Event {
                at: now,
                side,
                kind: EventKind::SegmentDropped { segment: id, by },
            });
        }
    }

    fn apply_call(&mut self, side: Side, call: Call) {
        let host = &mut self.hosts[side.index()];
        host.app.program.truncate(host.app.pc);
        host.app.program.push(call);
        host.app.stopped = false;
        self.run_apps_and_flush();
    }

    /// Processes the current instant.
    fn run_instant(&mut self) {
        self.make_injections();
        self.depart_due();
        self.apply_planned_drops();
        self.deliver_arrivals();
        for side in Side::BOTH {
            let (host, mut ctx) = self.host_ctx(side);
            host.on_timers(&mut ctx);
            host.settle(&mut ctx);
        }
        self.flush(Flush::Urgent);
        self.run_apps_and_flush();
    }

    /// Runs each application until it blocks, letting its host send after
    /// every call (data leaves during send(), a FIN during close()); then
    /// sends what is still owed, such as ACKs that found nothing to ride on.
    fn run_apps_and_flush(&mut self) {
        for side in Side::BOTH {
            loop {
                let (host, mut ctx) = self.host_ctx(side);
                let moved = host.step_app(&mut ctx);
                host.settle(&mut ctx);
                self.flush_host(side, Flush::Calls);
                if !moved {
                    break;
                }
            }
        }
        self.flush(Flush::All);
        self.depart_due();
    }

    fn host_ctx(&mut self, side: Side) -> (&mut Host, Ctx<'_>) {
        let ctx = Ctx {
            now: self.now,
            send_at: self.now,
            tuning: &self.tuning,
            side,
            events: &mut self.events,
        };
        (&mut self.hosts[side.index()], ctx)
    }

    /// Collects what the hosts send and queues it for the link. Each segment
    /// is polled knowing when it will leave, so its timers start then.
    fn flush(&mut self, flush: Flush) {
        for side in Side::BOTH {
            self.flush_host(side, flush);
        }
    }

    fn flush_host(&mut self, side: Side, flush: Flush) {
        {
            loop {
                let send_at = self.now.max(self.link_free_at[side.index()]);
                let (host, mut ctx) = self.host_ctx(side);
                ctx.send_at = send_at;
                let out = host.poll_output(&mut ctx, flush);
                match out {
                    Some(seg) => self.enqueue(Origin::from(side), seg),
                    None => break,
                }
            }
            let (host, mut ctx) = self.host_ctx(side);
            host.settle(&mut ctx);
        }
    }

    fn enqueue(&mut self, from: Origin, out: Outgoing) {
        let lane = match from {
            Origin::Client => 0,
            Origin::Server => 1,
            Origin::Stray => 2,
        };
        let depart_at = self.now.max(self.link_free_at[lane]);
        // Injected strays come from many places at once: no spacing between them.
        if from != Origin::Stray {
            self.link_free_at[lane] = depart_at + Millis(self.scenario.gap_ms);
        }
        self.queue.push(Queued { depart_at, from, out });
    }

    fn make_injections(&mut self) {
        while let Some(&(at, index, n)) = self.pending_injections.first() {
            if at > self.now {
                break;
            }
            self.pending_injections.remove(0);
            let inj = &self.scenario.inject[index];
            let src = match inj.from {
                StraySource::Client => CLIENT_ADDR,
                StraySource::Server => SERVER_ADDR,
                // 198.51.100.0/24 is TEST-NET-2 (RFC 5737): addresses nobody owns.
                StraySource::Spoofed => Addr::new([198, 51, 100, (1 + n % 250) as u8], 1024 + n as u16 * 7),
            };
            let dst = match inj.to {
                Side::Client => CLIENT_ADDR,
                Side::Server => SERVER_ADDR,
            };
            let header = Header {
                src,
                dst,
                seq: Seq(inj.seq),
                ack: if inj.flags.ack() { Seq(inj.ack) } else { Seq(0) },
                flags: inj.flags,
                window: 65_535,
                mss: inj.flags.syn().then_some(1460),
                len: inj.len,
            };
            let out = Outgoing {
                header,
                purpose: Purpose::Injected,
                retransmission: false,
                piggybacked_ack: false,
            };
            self.enqueue(Origin::Stray, out);
        }
    }

    /// Puts queued segments whose time has come on the wire, applying the
    /// scenario's drop and delay rules.
    fn depart_due(&mut self) {
        let now = self.now;
        let mut due: Vec<Queued> = Vec::new();
        self.queue.retain(|q| {
            if q.depart_at <= now {
                due.push(q.clone());
                false
            } else {
                true
            }
        });
        for q in due {
            self.depart(q);
        }
    }

    fn depart(&mut self, q: Queued) {
        let id = SegmentId(self.segments.len() as u32);
        let header = q.out.header;
        let to = if header.dst == CLIENT_ADDR {
            Some(Side::Client)
        } else if header.dst == SERVER_ADDR {
            Some(Side::Server)
        } else {
            None
        };
        let retransmission_of = if q.out.retransmission {
            self.segments
                .iter()
                .rev()
                .find(|s| s.from == q.from && s.header.seq == header.seq && s.header.seg_len() > 0)
                .map(|s| s.id)
        } else {
            None
        };
        let mut extra = 0;
        let mut drop_rule = None;
        if let Some(side) = q.from.side() {
            for (i, rule) in self.scenario.delays.iter().enumerate() {
                if rule.from == side && rule.flags == header.flags {
                    self.delay_seen[i] += 1;
                    if self.delay_seen[i] == rule.nth {
                        extra += rule.extra_ms;
                    }
                }
            }
            for (i, rule) in self.scenario.drops.iter().enumerate() {
                if rule.from == side && rule.flags == header.flags {
                    self.drop_seen[i] += 1;
                    if self.drop_seen[i] == rule.nth && drop_rule.is_none() {
                        drop_rule = Some(i);
                    }
                }
            }
        }
        let sent_at = q.depart_at.max(self.now);
        let arrives_at = sent_at + Millis(self.scenario.delay_ms + extra);
        self.segments.push(SegmentRecord {
            id,
            from: q.from,
            to,
            header,
            purpose: q.out.purpose,
            retransmission: q.out.retransmission,
            retransmission_of,
            piggybacked_ack: q.out.piggybacked_ack,
            sent_at,
            arrives_at,
            fate: Fate::InFlight,
        });
        let side = q.from.side();
        let (purpose, retransmission) = (q.out.purpose, q.out.retransmission);
        self.events.push(Event {
            at: self.now,
            side,
            kind: EventKind::SegmentSent {
                segment: id,
                purpose,
                retransmission,
            },
        });
        if extra > 0 {
            let kind = EventKind::SegmentDelayed {
                segment: id,
                extra: Millis(extra),
            };
            self.events.push(Event {
                at: self.now,
                side: None,
                kind,
            });
        }
        self.in_flight.push(id);
        if let Some(rule) = drop_rule {
            // Lost on the way: it vanishes halfway across (and is drawn so).
            let mid = Time(sent_at.0 + (arrives_at.0 - sent_at.0) / 2);
            self.planned_drops.push((mid, id, rule));
        }
    }

    fn apply_planned_drops(&mut self) {
        let now = self.now;
        let mut due: Vec<(Time, SegmentId, usize)> = self
            .planned_drops
            .iter()
            .copied()
            .filter(|d| d.0 <= now)
            .collect();
        crate::small_sort::sort_small(&mut due);
        for (_, id, rule) in due {
            self.apply_drop(id, DropCause::Scenario { rule });
        }
    }

    fn deliver_arrivals(&mut self) {
        let now = self.now;
        let mut arriving: Vec<(Time, SegmentId)> = self
            .in_flight
            .iter()
            .map(|id| (self.segments[id.0 as usize].arrives_at, *id))
            .filter(|(at, _)| *at <= now)
            .collect();
        crate::small_sort::sort_small(&mut arriving);
        self.in_flight
            .retain(|id| self.segments[id.0 as usize].arrives_at > now);
        for (_, id) in arriving {
            let seg = &mut self.segments[id.0 as usize];
            let header = seg.header;
            match seg.to {
                None => {
                    seg.fate = Fate::NoHost;
                    let kind = EventKind::SegmentIgnored {
                        segment: id,
                        conn: crate::event::Conn::Other(header.dst),
                        reason: IgnoreReason::NoHost,
                    };
                    self.events.push(Event {
                        at: now,
                        side: None,
                        kind,
                    });
                }
                Some(side) => {
                    seg.fate = Fate::Arrived;
                    let kind = EventKind::SegmentArrived { segment: id };
                    self.events.push(Event {
                        at: now,
                        side: Some(side),
                        kind,
                    });
                    let (host, mut ctx) = self.host_ctx(side);
                    host.deliver(&mut ctx, id, &header);
                    host.settle(&mut ctx);
                }
            }
        }
    }
}
