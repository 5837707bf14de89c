//! SEGMENT ARRIVES in SYN-SENT (RFC 9293 3.10.7.3): the answer to our SYN, a
//! peer's own SYN (simultaneous open), or an RST; and what happens once the
//! handshake is done.

use super::{Ctx, Tcb};
use crate::call::SocketError;
use crate::event::{Cause, IgnoreReason};
use crate::{Header, Purpose, SegmentId, Seq, State};

impl Tcb {
    /// Whether an ACK field acknowledges this side's SYN (RFC 9293 3.10.7.3:
    /// ISS < SEG.ACK =< SND.NXT). Any other ACK reaching SYN-SENT is answered
    /// with <SEQ=SEG.ACK><CTL=RST> and changes nothing: the answer to an old
    /// duplicate's SYN,ACK.
    pub(crate) fn acks_our_syn(&self, ack: Seq) -> bool {
        ack > self.iss && ack <= self.snd_nxt
    }

    /// RFC 9293 3.10.7.3: SYN-SENT.
    pub(super) fn on_segment_syn_sent(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        let cause = Cause::Segment { segment: id };
        // First, check the ACK bit.
        if seg.flags.ack() && !self.acks_our_syn(seg.ack) {
            self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
            if !seg.flags.rst() {
                // <SEQ=SEG.ACK><CTL=RST>: the "why three, not two" answer to an old SYN,ACK.
                self.queue_rst(seg.ack, None, Purpose::RstBadAck);
            }
            return;
        }
        // Second, check the RST bit: only an RST that acknowledges our SYN is believed.
        if seg.flags.rst() {
            if seg.flags.ack() {
                self.error = Some(SocketError::ConnectionRefused);
                self.close_down(ctx, State::Closed, cause);
            } else {
                self.ignore(ctx, id, IgnoreReason::RstWithoutAcceptableAck);
            }
            return;
        }
        // Fourth, check the SYN bit.
        if !seg.flags.syn() {
            self.ignore(ctx, id, IgnoreReason::NoSynOrRstInSynSent);
            return;
        }
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1;
        self.peer_mss = seg.mss.unwrap_or(super::DEFAULT_MSS);
        self.update_send_window(u32::from(seg.window), seg.seq, seg.ack);
        self.last_ack_window = u32::from(seg.window);
        if seg.flags.ack() {
            self.take_ack(ctx, id, seg.ack);
        }
        if self.snd_una > self.iss {
            // Our SYN is acknowledged: the connection is established.
            self.set_state(ctx, State::Established, cause);
            self.on_established(ctx.tuning);
            self.owe_ack(ctx, Purpose::HandshakeAck, true);
        } else {
            // Simultaneous open: answer with SYN,ACK <SEQ=ISS><ACK=RCV.NXT>.
            self.set_state(ctx, State::SynReceived, cause);
            self.resend_head = true;
        }
    }

    /// Starts congestion control and settles the RTO once the handshake is done.
    pub(crate) fn on_established(&mut self, tuning: &crate::Tuning) {
        let mss = self.send_mss();
        self.cwnd = match tuning.initial_cwnd_segments {
            // After a lost SYN or SYN,ACK: one segment (see the knob).
            _ if self.syn_resends >= tuning.one_segment_iw_after => mss,
            Some(segments) => segments * mss,
            // RFC 3390 (RFC 5681 3.1): min(4*MSS, max(2*MSS, 4380 bytes)).
            None => (4 * mss).min((2 * mss).max(4_380)),
        };
        if self.syn_timed_out {
            self.rto.after_syn_timeout();
        }
        self.retries = 0;
    }
}
