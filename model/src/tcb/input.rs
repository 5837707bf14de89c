//! SEGMENT ARRIVES for a connection that has a TCB: RFC 9293 3.10.7.4 (every
//! state but SYN-SENT, which is in `syn_sent.rs`), in the RFC's order of
//! checks, and the acknowledgment processing (SND.UNA, RTT, duplicate ACKs).
//! Taking the segment text and the FIN into the receive buffer is in
//! `receive.rs`. CLOSED and LISTEN (no TCB yet) are handled by the host.

use super::{Ctx, OutOfOrder, Tcb};
use crate::call::SocketError;
use crate::event::{Cause, EventKind, IgnoreReason, TimerKind};
use crate::{Header, Purpose, SegmentId, Seq, State};

/// RFC 9293 3.10.7.4, first check: the four cases of segment acceptability.
fn acceptable(seq: Seq, seg_len: u32, rcv_nxt: Seq, rcv_wnd: u32) -> bool {
    match (seg_len, rcv_wnd) {
        (0, 0) => seq == rcv_nxt,
        (0, _) => rcv_nxt.contains(rcv_wnd, seq),
        (_, 0) => false,
        (_, _) => rcv_nxt.contains(rcv_wnd, seq) || rcv_nxt.contains(rcv_wnd, seq + (seg_len - 1)),
    }
}

impl Tcb {
    /// Processes one arriving segment addressed to this connection.
    pub(crate) fn on_segment(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        match self.state {
            State::SynSent => self.on_segment_syn_sent(ctx, id, seg),
            State::Closed | State::Listen => {}
            _ => self.on_segment_other(ctx, id, seg),
        }
    }

    pub(super) fn ignore(&self, ctx: &mut Ctx, id: SegmentId, reason: IgnoreReason) {
        ctx.emit(EventKind::SegmentIgnored {
            segment: id,
            conn: self.conn,
            reason,
        });
    }

    /// Queues `<SEQ=seq><CTL=RST>` (with ACK when `ack` is given).
    pub(crate) fn queue_rst(&mut self, seq: Seq, ack: Option<Seq>, purpose: Purpose) {
        self.pending_rst = Some(super::Outgoing::rst(self.local, self.remote, seq, ack, purpose));
    }

    /// RFC 9293 3.10.7.4: every state but CLOSED, LISTEN and SYN-SENT.
    fn on_segment_other(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        let cause = Cause::Segment { segment: id };

        // TIME-WAIT: a retransmitted FIN means our last ACK was lost; ACK it
        // again and restart the 2 MSL wait (RFC 9293 3.10.7.4 eighth).
        if self.state == State::TimeWait && seg.flags.fin() && !seg.flags.rst() && seg.end() == self.rcv_nxt {
            self.owe_ack(ctx, Purpose::TimeWaitAck, true);
            self.start_time_wait(ctx);
            return;
        }

        // First, check the sequence number. A repeated SYN (its sequence number
        // is the IRS we already have) lies before RCV.NXT and is unacceptable,
        // with one exception: in SYN-RECEIVED a SYN,ACK is the peer's answer in
        // a simultaneous open, so the old SYN is trimmed off and the rest is
        // judged ("only the new parts are processed").
        let (mut seq, mut syn) = (seg.seq, seg.flags.syn());
        if syn && seg.seq == self.irs {
            if self.state == State::SynReceived && seg.flags.ack() {
                seq = seq + 1;
                syn = false;
            } else {
                self.ignore(ctx, id, IgnoreReason::DuplicateSyn);
                if self.state == State::SynReceived && ctx.tuning.dup_syn_resends_synack {
                    self.resend_head = true;
                } else {
                    self.owe_ack(ctx, Purpose::DuplicateAck, true);
                }
                return;
            }
        }
        let seg_len = seg.len + u32::from(syn) + u32::from(seg.flags.fin());
        let in_window = acceptable(seq, seg_len, self.rcv_nxt, self.rcv_wnd());
        if !in_window {
            if seg.flags.rst() {
                self.ignore(ctx, id, IgnoreReason::RstOutsideWindow);
            } else {
                self.ignore(ctx, id, IgnoreReason::OutsideWindow);
                self.owe_ack(ctx, Purpose::DuplicateAck, true);
            }
            return;
        }

        // Second, check the RST bit (with RFC 5961 3.2's exact-match rule).
        if seg.flags.rst() {
            if seq != self.rcv_nxt {
                self.ignore(ctx, id, IgnoreReason::RstNotExact);
                self.owe_ack(ctx, Purpose::ChallengeAck, true);
                return;
            }
            match self.state {
                State::SynReceived if self.passive => {
                    // "return this connection to LISTEN state"
                    self.close_down(ctx, State::Listen, cause);
                }
                State::SynReceived => {
                    self.error = Some(SocketError::ConnectionRefused);
                    self.close_down(ctx, State::Closed, cause);
                }
                State::Established | State::FinWait1 | State::FinWait2 | State::CloseWait => {
                    self.error = Some(SocketError::ConnectionReset);
                    self.close_down(ctx, State::Closed, cause);
                }
                _ => self.close_down(ctx, State::Closed, cause),
            }
            return;
        }

        // Fourth, check the SYN bit (third, security, is not modelled).
        if syn {
            if self.state == State::SynReceived && self.passive {
                self.close_down(ctx, State::Listen, cause);
            } else {
                self.ignore(ctx, id, IgnoreReason::SynOnSynchronized);
                self.owe_ack(ctx, Purpose::ChallengeAck, true);
            }
            return;
        }

        // Fifth, check the ACK field.
        if !seg.flags.ack() {
            self.ignore(ctx, id, IgnoreReason::NoAck);
            return;
        }
        if self.state == State::SynReceived {
            if self.snd_una < seg.ack && seg.ack <= self.snd_nxt {
                self.set_state(ctx, State::Established, cause);
                self.on_established(ctx.tuning);
                self.snd_wnd = u32::from(seg.window);
                self.snd_wl1 = seq;
                self.snd_wl2 = seg.ack;
            } else {
                self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
                self.queue_rst(seg.ack, None, Purpose::RstBadAck);
                return;
            }
        }
        if self.state == State::TimeWait {
            // Only a retransmitted FIN is expected here (handled above).
            self.ignore(ctx, id, IgnoreReason::OutsideWindow);
            return;
        }
        if seg.ack > self.snd_nxt {
            self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
            self.owe_ack(ctx, Purpose::DuplicateAck, true);
            return;
        }
        let before = self.snd_una;
        self.take_ack(ctx, id, seg.ack);
        if seg.ack == before && seg.len == 0 && !seg.flags.fin() && self.in_flight() > 0 {
            self.on_duplicate_ack();
        }
        // Window update, only from segments newer than the last one used.
        if self.snd_wl1 < seq || (self.snd_wl1 == seq && self.snd_wl2 <= seg.ack) {
            self.snd_wnd = u32::from(seg.window);
            self.snd_wl1 = seq;
            self.snd_wl2 = seg.ack;
        }
        match self.state {
            // A FIN that arrives with the ACK of ours and can be processed now
            // (nothing missing before it) takes FIN-WAIT-1 straight to TIME-WAIT
            // in the eighth step (RFC 9293 figure 5 note 2: "a transition from
            // FIN-WAIT-1 to TIME-WAIT if a FIN is received and the local FIN is
            // also acknowledged"), so the lifeline shows no FIN-WAIT-2 that
            // lasted no time.
            State::FinWait1 if self.fin_acked() && !(seg.flags.fin() && seq <= self.rcv_nxt) => {
                self.set_state(ctx, State::FinWait2, cause);
                self.start_fin_wait_2_timer(ctx);
            }
            State::Closing if self.fin_acked() => {
                self.set_state(ctx, State::TimeWait, cause);
                self.start_time_wait(ctx);
                return;
            }
            State::Closing => return,
            State::LastAck if self.fin_acked() => {
                self.close_down(ctx, State::Closed, cause);
                return;
            }
            State::LastAck => return,
            _ => {}
        }

        // Seventh, process the segment text.
        let data_seq = seq;
        let fin_seq = data_seq + seg.len;
        if seg.len > 0 {
            match self.state {
                State::Established | State::FinWait1 | State::FinWait2 => {
                    if self.orphaned {
                        // RFC 1122 4.2.2.13: data for an application that has
                        // closed is lost; say so with RST.
                        self.queue_rst(self.snd_nxt, None, Purpose::RstDataLost);
                        self.error = Some(SocketError::ConnectionReset);
                        self.close_down(ctx, State::Closed, cause);
                        return;
                    }
                    self.receive_data(ctx, id, data_seq, seg.len, seg.flags.fin());
                }
                _ => self.ignore(ctx, id, IgnoreReason::DataAfterFin),
            }
        }

        // Eighth, check the FIN bit.
        if seg.flags.fin() && seg.len == 0 {
            if fin_seq == self.rcv_nxt {
                self.receive_fin(ctx, cause);
            } else if self.rcv_nxt < fin_seq {
                self.out_of_order.push(OutOfOrder {
                    seq: fin_seq,
                    len: 0,
                    fin: true,
                });
                self.owe_ack(ctx, Purpose::DuplicateAck, true);
            }
        }
    }

    /// Applies SEG.ACK: SND.UNA moves forward, timers and RTT follow.
    pub(super) fn take_ack(&mut self, ctx: &mut Ctx, id: SegmentId, ack: Seq) {
        if ack <= self.snd_una {
            return;
        }
        let newly_acked = ack - self.snd_una;
        self.snd_una = ack;
        if self.rtx_next < ack {
            self.rtx_next = ack;
        }
        self.dup_acks = 0;
        self.retries = 0;
        ctx.emit(EventKind::Acknowledged {
            segment: id,
            conn: self.conn,
            newly_acked,
            snd_una: ack,
        });
        if let Some((until, sent_at)) = self.rtt_probe {
            if ack >= until {
                self.rto.sample(ctx.now.since(sent_at), ctx.tuning);
                self.rtt_probe = None;
            }
        }
        // RFC 5681 3.1: slow start grows cwnd by at most one MSS per ACK.
        if self.cwnd > 0 {
            self.cwnd = self.cwnd.saturating_add(newly_acked.min(self.send_mss()));
        }
        // RFC 6298 5.2 and 5.3: stop the timer when everything is acknowledged,
        // otherwise restart it for the rest.
        self.timers[TimerKind::Retransmission] = if self.snd_una == self.snd_nxt {
            None
        } else {
            Some(ctx.now + self.rto.current())
        };
    }

    /// RFC 5681 3.2: the third duplicate ACK triggers a fast retransmit.
    fn on_duplicate_ack(&mut self) {
        self.dup_acks += 1;
        if self.dup_acks == 3 {
            let mss = self.send_mss();
            self.ssthresh = (self.in_flight() / 2).max(2 * mss);
            self.cwnd = self.ssthresh + 3 * mss;
            self.resend_head = true;
            self.rtt_probe = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::acceptable;
    use crate::Seq;

    #[test]
    fn acceptability_follows_the_four_cases() {
        let nxt = Seq(1000);
        assert!(acceptable(Seq(1000), 0, nxt, 0));
        assert!(!acceptable(Seq(1001), 0, nxt, 0));
        assert!(acceptable(Seq(1500), 0, nxt, 1000));
        assert!(!acceptable(Seq(999), 0, nxt, 1000));
        assert!(!acceptable(Seq(1000), 10, nxt, 0));
        // Overlapping the left edge: the tail is new.
        assert!(acceptable(Seq(995), 10, nxt, 1000));
        // Entirely old: a duplicate.
        assert!(!acceptable(Seq(980), 20, nxt, 1000));
        assert!(!acceptable(Seq(2000), 1, nxt, 1000));
    }
}
