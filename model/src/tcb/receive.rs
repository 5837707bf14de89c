//! The segment text and the FIN (RFC 9293 3.10.7.4, seventh and eighth):
//! in-order bytes go to the receive buffer, bytes ahead of a gap wait for it
//! (RFC 5681 4.2: acknowledged at once), and the peer's FIN moves the state.

use super::{Ctx, OutOfOrder, Tcb};
use crate::call::SocketError;
use crate::event::{Cause, EventKind, IgnoreReason};
use crate::{Header, Purpose, SegmentId, Seq, State};

/// At most this many separate ranges are held out of order (ranges that
/// overlap or touch are merged into one, so this counts the gaps, not the
/// segments). Beyond that a segment that would open yet another range is
/// dropped, and says so (`out-of-order-full`): Linux, too, prunes its
/// out-of-order queue when it runs short of memory (`tcp_prune_ofo_queue`).
/// No lesson comes near it; it bounds what each arriving segment costs,
/// whatever a capture or a share link feeds in.
const MAX_HELD: usize = 256;

impl Tcb {
    /// In-window data: in order it goes to the buffer; ahead of a gap it waits.
    pub(super) fn receive_data(&mut self, ctx: &mut Ctx, id: SegmentId, seq: Seq, len: u32, fin: bool) {
        let end = seq + len;
        if seq > self.rcv_nxt {
            let held_already = self.holds_all(OutOfOrder { seq, len, fin });
            if !self.hold(OutOfOrder { seq, len, fin }) {
                self.ignore(ctx, id, IgnoreReason::OutOfOrderFull);
                return;
            }
            ctx.emit(EventKind::DataQueuedOutOfOrder {
                segment: id,
                conn: self.conn,
                bytes: len,
                held_already,
                fin,
            });
            // RFC 5681 4.2: an out-of-order segment is acknowledged at once.
            self.owe_ack(ctx, Purpose::DuplicateAck, true);
            return;
        }
        self.take_in_order(ctx, id, end);
        self.last_data_at = Some(ctx.now);
        if len >= self.send_mss().min(u32::from(self.local_mss)) {
            self.owed.full_segments += 1;
        }
        let had_gap = !self.out_of_order.is_empty();
        let fin_follows = fin || self.pull_out_of_order(ctx, id);
        // RFC 9293 3.8.6.3: ACK at least every second full-sized segment, and
        // at once when a gap was just filled (RFC 5681 4.2). Linux also ACKs
        // at once while it has quick ACKs left and the connection is not
        // interactive (`tcp_in_quickack_mode`). A FIN in the same segment
        // makes it interactive first: Linux decides the ACK after `tcp_fin`
        // has entered pingpong mode, so the ACK waits to ride on the
        // application's own FIN (kernel fixture s_data_and_fin_acked_with_fin).
        let fin_makes_interactive = fin_follows && ctx.tuning.fin_ack_delay.is_some();
        let quick = self.quick > 0 && !self.pingpong && !fin_makes_interactive;
        let immediate = self.owed.full_segments >= 2 || had_gap || quick;
        self.owe_ack(ctx, Purpose::AckData, immediate);
        if fin_follows {
            self.receive_fin(ctx, Cause::Segment { segment: id });
        }
    }

    /// A FIN alone past a gap waits like data (RFC 9293 3.10.7.4, eighth: a
    /// FIN takes effect only in sequence), and says so. False, holding
    /// nothing, when it would be one range too many.
    pub(super) fn hold_fin(&mut self, ctx: &mut Ctx, id: SegmentId, fin_seq: Seq) -> bool {
        let fin = OutOfOrder {
            seq: fin_seq,
            len: 0,
            fin: true,
        };
        let held_already = self.holds_all(fin);
        let held = self.hold(fin);
        if held {
            ctx.emit(EventKind::DataQueuedOutOfOrder {
                segment: id,
                conn: self.conn,
                bytes: 0,
                held_already,
                fin: true,
            });
        }
        held
    }

    /// Whether one held range already covers all of `range` (and its FIN,
    /// at the same place): then holding it adds nothing.
    fn holds_all(&self, range: OutOfOrder) -> bool {
        let end = range.seq + range.len;
        self.out_of_order.iter().any(|o| {
            let o_end = o.seq + o.len;
            range.seq >= o.seq && end <= o_end && (!range.fin || (o.fin && o_end == end))
        })
    }

    /// Keeps a range that arrived ahead of a gap, merged with the held
    /// ranges it overlaps or touches (a retransmission of held bytes adds
    /// nothing, so the window counts every held byte once). The ranges stay
    /// in sequence order. Returns false, holding nothing, when the range
    /// would be a new one beyond [`MAX_HELD`].
    pub(super) fn hold(&mut self, range: OutOfOrder) -> bool {
        // Offsets from RCV.NXT, signed: a held range may lie partly or
        // wholly below it (RCV.NXT moved past it without a gap filling: a
        // FIN taken in order, say). All within a window far below 2^31, so
        // offsets compare where cyclic Seqs cannot.
        let base = self.rcv_nxt;
        let span = |o: &OutOfOrder| {
            let start = i64::from(o.seq.0.wrapping_sub(base.0) as i32);
            (start, start + i64::from(o.len))
        };
        let (mut start, mut end) = span(&range);
        let touches = |o: &OutOfOrder| {
            let (s, e) = span(o);
            s <= end && e >= start
        };
        if !self.out_of_order.iter().any(touches) && self.out_of_order.len() >= MAX_HELD {
            return false;
        }
        let mut fin_at = range.fin.then_some(end);
        let mut kept = Vec::with_capacity(self.out_of_order.len() + 1);
        for held in self.out_of_order.drain(..) {
            let (s, e) = span(&held);
            if s <= end && e >= start {
                start = start.min(s);
                end = end.max(e);
                if held.fin {
                    fin_at = Some(fin_at.map_or(e, |f| f.min(e)));
                }
            } else {
                kept.push(held);
            }
        }
        // Nothing follows a FIN: bytes held beyond it are not kept.
        if let Some(f) = fin_at {
            end = end.min(f);
        }
        let at = kept.iter().position(|o| span(o).0 > start).unwrap_or(kept.len());
        kept.insert(
            at,
            OutOfOrder {
                seq: Seq(base.0.wrapping_add(start as i32 as u32)),
                // At most the window apart: the span fits a u32.
                len: (end - start) as u32,
                fin: fin_at.is_some(),
            },
        );
        self.out_of_order = kept;
        true
    }

    /// A SYN's data, taken by a listener that has just entered SYN-RECEIVED
    /// (see `accept_syn`): what a TCP Fast Open server does with a valid
    /// cookie (RFC 7413 4.2), acknowledging it in its SYN,ACK. RFC 9293
    /// (3.10.7.2) only queues such data until ESTABLISHED, and Linux drops
    /// it without a valid cookie; so only an observer that saw the SYN,ACK
    /// acknowledge the data calls this.
    pub(crate) fn take_syn_data(&mut self, ctx: &mut Ctx, id: SegmentId, len: u32) {
        let end = self.rcv_nxt + len;
        self.take_in_order(ctx, id, end);
        self.last_data_at = Some(ctx.now);
    }

    /// Takes the bytes from RCV.NXT up to `end` (now in order) into the
    /// receive buffer.
    fn take_in_order(&mut self, ctx: &mut Ctx, id: SegmentId, end: Seq) {
        // An end before RCV.NXT brings nothing (a hostile capture can place
        // a segment half the sequence circle away, where "before" and
        // "after" meet).
        if (end.0.wrapping_sub(self.rcv_nxt.0) as i32) < 0 {
            return;
        }
        let fresh = end - self.rcv_nxt;
        self.rcv_nxt = end;
        self.unread += fresh;
        ctx.emit(EventKind::DataReceived {
            segment: id,
            conn: self.conn,
            bytes: fresh,
            rcv_nxt: self.rcv_nxt,
            half_closed: matches!(self.state, State::FinWait1 | State::FinWait2),
        });
    }

    /// Moves held segments that are now in order into the buffer. Returns
    /// whether a held FIN is now next.
    fn pull_out_of_order(&mut self, ctx: &mut Ctx, id: SegmentId) -> bool {
        let mut fin_next = false;
        while let Some(pos) = self.out_of_order.iter().position(|o| o.seq <= self.rcv_nxt) {
            let held = self.out_of_order.remove(pos);
            let end = held.seq + held.len;
            if end > self.rcv_nxt {
                self.take_in_order(ctx, id, end);
            }
            if held.fin && end == self.rcv_nxt {
                fin_next = true;
            }
        }
        fin_next
    }

    /// RFC 1122 4.2.2.13: data for an application that has closed is lost;
    /// say so with RST and end the connection.
    pub(super) fn reset_late_data(&mut self, ctx: &mut Ctx, seg: &Header, cause: Cause) {
        let rst_seq = if ctx.tuning.late_data_rst_from_ack {
            seg.ack
        } else {
            self.snd_nxt
        };
        self.queue_rst(rst_seq, None, Purpose::RstDataLost);
        self.error = Some(SocketError::ConnectionReset);
        self.close_down(ctx, State::Closed, cause);
    }

    /// RFC 9293 3.10.7.4 eighth: the peer's FIN, in order.
    pub(super) fn receive_fin(&mut self, ctx: &mut Ctx, cause: Cause) {
        let no_data_yet = self.rcv_nxt == self.irs + 1;
        self.rcv_nxt = self.rcv_nxt + 1;
        self.peer_fin = true;
        self.owed.full_segments = 0;
        match self.state {
            State::SynReceived | State::Established => {
                self.set_state(ctx, State::CloseWait, cause);
                // A data ACK still owed now rides with (or as) the FIN's ACK.
                if no_data_yet && ctx.tuning.fin_ack_at_tick_before_data {
                    let tick = ctx.tuning.next_tick(ctx.now);
                    self.owe_ack_by(Purpose::AckFin, tick);
                } else {
                    self.owe_ack_within(ctx, Purpose::AckFin, ctx.tuning.fin_ack_delay);
                }
            }
            State::FinWait1 if self.fin_acked() => {
                self.set_state(ctx, State::TimeWait, cause);
                self.owe_ack(ctx, Purpose::AckFin, true);
                self.start_time_wait(ctx);
            }
            State::FinWait1 => {
                self.set_state(ctx, State::Closing, cause);
                self.owe_ack(ctx, Purpose::AckFin, true);
            }
            State::FinWait2 => {
                self.set_state(ctx, State::TimeWait, cause);
                self.owe_ack(ctx, Purpose::AckFin, true);
                self.start_time_wait(ctx);
            }
            _ => self.owe_ack(ctx, Purpose::AckFin, true),
        }
    }
}
