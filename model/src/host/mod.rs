//! A host: one address with its connections (TCBs), an optional listening
//! socket with its queue of half-open connections, and the application that
//! drives them. The host demultiplexes arriving segments and answers those no
//! connection owns (RFC 9293 3.10.7.1 CLOSED and 3.10.7.2 LISTEN).

mod calls;
mod listener;
mod program;
mod table;

use std::collections::VecDeque;

use crate::event::{Conn, EventKind, IgnoreReason};
use crate::tcb::output::Flush;
use crate::tcb::{Ctx, Outgoing, Tcb, TcbConfig};
use crate::{Addr, Header, Purpose, SegmentId, Seq, State, Time};
use program::App;
use table::ConnTable;

/// How a host is set up.
#[derive(Clone, Debug)]
pub(crate) struct HostConfig {
    pub(crate) addr: Addr,
    pub(crate) peer: Addr,
    pub(crate) isn: Seq,
    pub(crate) mss: u16,
    pub(crate) backlog: u32,
    /// Each connection's receive buffer, bytes.
    pub(crate) rcvbuf: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Host {
    pub(crate) addr: Addr,
    /// The other host of the story; the connection with it is [`Conn::Main`].
    pub(crate) peer: Addr,
    isn: Seq,
    first_iss_at: Option<Time>,
    pub(crate) mss: u16,
    pub(crate) backlog: u32,
    rcvbuf: u32,
    pub(crate) listening: bool,
    /// The connections, by remote address (see `table.rs`).
    pub(crate) conns: ConnTable,
    /// Established passive connections waiting for accept().
    pub(crate) accept_queue: Vec<Addr>,
    /// SYN cookies sent and not yet returned, oldest first (bounded).
    cookies: Vec<listener::Cookie>,
    /// What the lifeline shows while the main connection has no TCB.
    pub(crate) idle_state: State,
    pub(crate) app: App,
    /// Answers to segments no connection owns (RSTs), oldest first.
    outbox: VecDeque<Outgoing>,
}

impl Host {
    pub(crate) fn new(cfg: HostConfig) -> Host {
        Host {
            addr: cfg.addr,
            peer: cfg.peer,
            isn: cfg.isn,
            first_iss_at: None,
            mss: cfg.mss,
            backlog: cfg.backlog,
            rcvbuf: cfg.rcvbuf,
            listening: false,
            conns: ConnTable::default(),
            accept_queue: Vec::new(),
            cookies: Vec::new(),
            idle_state: State::Closed,
            app: App::default(),
            outbox: VecDeque::new(),
        }
    }

    /// Notes that the connection with `remote` did something this instant.
    pub(crate) fn touch(&mut self, remote: Addr) {
        self.conns.touch(remote);
    }

    /// Notes that any connection may have changed.
    pub(crate) fn touch_all(&mut self) {
        self.conns.touch_all();
    }

    /// The instant is over: nothing is touched any more.
    pub(crate) fn end_instant(&mut self) {
        self.conns.end_instant();
    }

    pub(crate) fn conn_of(&self, remote: Addr) -> Conn {
        if remote == self.peer {
            Conn::Main
        } else {
            Conn::Other(remote)
        }
    }

    pub(crate) fn main_tcb(&self) -> Option<&Tcb> {
        self.conns.get(self.peer)
    }

    pub(crate) fn tcb_mut(&mut self, remote: Addr) -> Option<&mut Tcb> {
        self.conns.get_mut(remote)
    }

    /// The state the lifeline shows: the main connection's, or the idle state.
    pub(crate) fn lifeline_state(&self) -> State {
        self.main_tcb().map_or(self.idle_state, Tcb::state)
    }

    /// Half-open (SYN-RECEIVED) connections created by the listener.
    pub(crate) fn half_open(&self) -> u32 {
        self.conns
            .iter()
            .filter(|t| t.passive && t.state() == State::SynReceived)
            .count() as u32
    }

    /// The ISS for a new connection: the configured ISN for the first one; later
    /// ones follow RFC 9293 3.4.1's clock, which ticks every 4 µs.
    pub(crate) fn next_iss(&mut self, now: Time) -> Seq {
        match self.first_iss_at {
            None => {
                self.first_iss_at = Some(now);
                self.isn
            }
            Some(first) => self.isn + (now.since(first).0.wrapping_mul(250) as u32),
        }
    }

    pub(crate) fn tcb_config(&self, remote: Addr, iss: Seq) -> TcbConfig {
        TcbConfig {
            conn: self.conn_of(remote),
            local: self.addr,
            remote,
            iss,
            mss: self.mss,
            recv_capacity: self.rcvbuf,
        }
    }

    /// A segment has arrived for this host.
    pub(crate) fn deliver(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        self.touch(seg.src);
        if self.tcb_mut(seg.src).is_none() && self.listening {
            // An ACK may bring back a SYN cookie: the connection is rebuilt
            // and the ACK processed by it, like any other.
            self.cookie_input(ctx, id, seg);
        }
        if let Some(tcb) = self.tcb_mut(seg.src) {
            let was_established = tcb.state().is_synchronized();
            tcb.on_segment(ctx, id, seg);
            if !was_established && tcb.passive && tcb.state().is_synchronized() {
                self.accept_queue.push(seg.src);
                let (half_open, backlog) = (self.half_open(), self.backlog);
                ctx.emit(EventKind::ListenQueue { half_open, backlog });
            }
        } else if self.listening {
            self.listen_input(ctx, id, seg);
        } else {
            self.closed_input(ctx, id, seg);
        }
    }

    /// RFC 9293 3.10.7.1: no connection. Anything but an RST is answered with RST.
    fn closed_input(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        let conn = self.conn_of(seg.src);
        ctx.emit(EventKind::SegmentIgnored {
            segment: id,
            conn,
            reason: IgnoreReason::NoConnection,
        });
        if seg.flags.rst() {
            return;
        }
        // RFC 9293 3.10.7.1: <SEQ=SEG.ACK><CTL=RST> if the segment has an
        // ACK, else <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
        let (seq, ack) = if seg.flags.ack() {
            (seg.ack, None)
        } else {
            (Seq(0), Some(seg.seq + seg.seg_len()))
        };
        self.outbox.push_back(Outgoing::rst(
            self.addr,
            seg.src,
            seq,
            ack,
            Purpose::RstNoConnection,
        ));
    }

    /// The earliest timer deadline of any connection or of the application.
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        self.conns
            .next_deadline()
            .into_iter()
            .chain(self.app.wake_at())
            .min()
    }

    /// Fires due timers of every connection.
    pub(crate) fn on_timers(&mut self, ctx: &mut Ctx) {
        for remote in self.conns.due(ctx.now) {
            if let Some(tcb) = self.conns.get_mut(remote) {
                tcb.on_timers(ctx);
            }
        }
    }

    /// The next segment this host sends now (see [`Flush`]), if any.
    pub(crate) fn poll_output(&mut self, ctx: &mut Ctx, flush: Flush) -> Option<Outgoing> {
        if let Some(rst) = self.outbox.pop_front() {
            return Some(rst);
        }
        self.conns.find_map_touched(|tcb| tcb.poll_output(ctx, flush))
    }

    /// Reports timer changes and deletes finished connections. The application
    /// learns how its connection ended; the lifeline falls back to the idle state.
    pub(crate) fn settle(&mut self, ctx: &mut Ctx) {
        self.conns.for_each_touched(|tcb| tcb.report_timers(ctx));
        let peer = self.peer;
        let mut removed_half_open = false;
        for tcb in self.conns.remove_finished(Tcb::is_done) {
            removed_half_open |= tcb.passive && tcb.state() == State::Listen;
            self.accept_queue.retain(|a| *a != tcb.remote);
            self.app.connection_ended(tcb.remote, tcb.error);
            if tcb.remote == peer {
                self.idle_state = tcb.state();
            }
        }
        if removed_half_open {
            let (half_open, backlog) = (self.half_open(), self.backlog);
            ctx.emit(EventKind::ListenQueue { half_open, backlog });
        }
    }
}
