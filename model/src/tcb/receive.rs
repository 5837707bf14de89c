//! The segment text and the FIN (RFC 9293 3.10.7.4, seventh and eighth):
//! in-order bytes go to the receive buffer, bytes ahead of a gap wait for it
//! (RFC 5681 4.2: acknowledged at once), and the peer's FIN moves the state.

use super::{Ctx, OutOfOrder, Tcb};
use crate::event::{Cause, EventKind};
use crate::{Purpose, SegmentId, Seq, State};

/// At most this many ranges are held out of order. Beyond that a segment
/// ahead of a gap is dropped as if it had not arrived (Linux, too, prunes its
/// out-of-order queue when it runs short of memory: `tcp_prune_ofo_queue`).
/// No lesson comes near it; it bounds what each arriving segment costs (the
/// held ranges are summed for the window and scanned when a gap fills),
/// whatever a capture or a share link feeds in.
const MAX_HELD: usize = 256;

impl Tcb {
    /// In-window data: in order it goes to the buffer; ahead of a gap it waits.
    pub(super) fn receive_data(&mut self, ctx: &mut Ctx, id: SegmentId, seq: Seq, len: u32, fin: bool) {
        let end = seq + len;
        if seq > self.rcv_nxt {
            if !self.hold(OutOfOrder { seq, len, fin }) {
                return;
            }
            ctx.emit(EventKind::DataQueuedOutOfOrder {
                segment: id,
                conn: self.conn,
                bytes: len,
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
        // interactive (`tcp_in_quickack_mode`).
        let quick = self.quick > 0 && !self.pingpong;
        let immediate = self.owed.full_segments >= 2 || had_gap || quick;
        self.owe_ack(ctx, Purpose::AckData, immediate);
        if fin_follows {
            self.receive_fin(ctx, Cause::Segment { segment: id });
        }
    }

    /// Keeps a range that arrived ahead of a gap, unless [`MAX_HELD`] are held
    /// already; returns whether it was kept.
    pub(super) fn hold(&mut self, range: OutOfOrder) -> bool {
        if self.out_of_order.len() >= MAX_HELD {
            return false;
        }
        self.out_of_order.push(range);
        true
    }

    /// Takes the bytes from RCV.NXT up to `end` (now in order) into the
    /// receive buffer.
    fn take_in_order(&mut self, ctx: &mut Ctx, id: SegmentId, end: Seq) {
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
            let held = self.out_of_order.swap_remove(pos);
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

    /// RFC 9293 3.10.7.4 eighth: the peer's FIN, in order.
    pub(super) fn receive_fin(&mut self, ctx: &mut Ctx, cause: Cause) {
        self.rcv_nxt = self.rcv_nxt + 1;
        self.peer_fin = true;
        self.owed.full_segments = 0;
        match self.state {
            State::SynReceived | State::Established => {
                self.set_state(ctx, State::CloseWait, cause);
                // A data ACK still owed now rides with (or as) the FIN's ACK.
                self.owe_ack_within(ctx, Purpose::AckFin, ctx.tuning.fin_ack_delay);
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
