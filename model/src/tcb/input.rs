//! SEGMENT ARRIVES for a connection that has a TCB: RFC 9293 3.10.7.4 (every
//! state but SYN-SENT, which is in `syn_sent.rs`), in the RFC's order of
//! checks, and the acknowledgment processing (SND.UNA, RTT, duplicate ACKs).
//! Taking the segment text and the FIN into the receive buffer is in
//! `receive.rs`. CLOSED and LISTEN (no TCB yet) are handled by the host.

use super::{Ctx, Tcb};
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

        // Linux checks a half-open connection's ACK before its sequence
        // number (tcp_check_req): an ACK of anything but our SYN,ACK is
        // answered with <SEQ=SEG.ACK><CTL=RST> at once.
        if self.state == State::SynReceived
            && self.passive
            && ctx.tuning.synrecv_checks_ack_first
            && seg.flags.ack()
            && !seg.flags.rst()
            && !seg.flags.syn()
            && seg.ack != self.iss + 1
        {
            self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
            self.queue_rst(seg.ack, None, Purpose::RstBadAck);
            return;
        }

        // First, check the sequence number. A repeated SYN (its sequence number
        // is the IRS we already have) lies before RCV.NXT and is unacceptable.
        let (mut seq, mut syn) = (seg.seq, seg.flags.syn());
        let mut simultaneous = false;
        if syn && seg.seq == self.irs {
            if self.state == State::SynReceived && seg.flags.ack() && !self.passive {
                // Simultaneous open: the peer's SYN,ACK answers our SYN.
                if !ctx.tuning.simultaneous_synack_establishes {
                    // RFC 9293: unacceptable; ACK it and wait for the peer's ACK.
                    self.ignore(ctx, id, IgnoreReason::SimultaneousSynAck);
                    self.owe_ack(ctx, Purpose::SimultaneousOpenAck, true);
                    return;
                }
                // Linux: trim the repeated SYN, take the ACK, and acknowledge at once.
                seq = seq + 1;
                syn = false;
                simultaneous = true;
            } else {
                self.ignore(ctx, id, IgnoreReason::DuplicateSyn);
                // Only a listener's half-open request resends (Linux's
                // `tcp_check_req`). A side in SYN-RECEIVED after a simultaneous
                // open is a full socket: `tcp_validate_incoming` answers any SYN
                // with a challenge ACK (kernel fixture m2_simultaneous_open_syn_repeated).
                if self.state == State::SynReceived && self.passive && ctx.tuning.dup_syn_resends_synack {
                    // The SYN,ACK was lost: resend it at once (at most once per
                    // throttle window) and restart its timer from now.
                    if self.may_answer(ctx) {
                        self.resend_head = true;
                        self.resend_cause = crate::Resend::DuplicateSyn;
                        self.timers[TimerKind::Retransmission] = None;
                    }
                } else {
                    self.answer(ctx, id, Purpose::DuplicateAck);
                }
                return;
            }
        }
        let seg_len = seg.len + u32::from(syn) + u32::from(seg.flags.fin());
        let in_window = acceptable(seq, seg_len, self.rcv_nxt, self.rcv_wnd());
        let rst_below_fin = seg.flags.rst()
            && ctx.tuning.rst_below_after_fin
            && seq + 1 == self.rcv_nxt
            && matches!(self.state, State::CloseWait | State::LastAck | State::Closing);
        if !in_window && !rst_below_fin {
            if seg.flags.rst() {
                self.ignore(ctx, id, IgnoreReason::RstOutsideWindow);
            } else if seg_len == 0 && seg.seq + 1 == self.rcv_nxt && self.state != State::SynReceived {
                // SEQ = RCV.NXT − 1, empty: a probe, answered with the
                // current window like any pure ACK out of the window
                // (throttled, so it feeds no ACK war). Into a window this
                // side closed it asks for room (RFC 9293 3.8.6.1); into an
                // open one it is a keep-alive, asking "still there?" (3.8.4).
                let (probe, answer) = if self.window_left() == 0 {
                    (IgnoreReason::WindowProbe, Purpose::DuplicateAck)
                } else {
                    (IgnoreReason::KeepAlive, Purpose::KeepAliveAck)
                };
                self.ignore(ctx, id, probe);
                self.answer(ctx, id, answer);
            } else {
                self.ignore(ctx, id, IgnoreReason::OutsideWindow);
                if seg_len == 0 {
                    // A pure ACK out of the window: answered, but throttled, so
                    // two confused peers cannot start an ACK war (RFC 5961 §7).
                    self.answer(ctx, id, Purpose::DuplicateAck);
                } else {
                    self.owe_ack(ctx, Purpose::DuplicateAck, true);
                }
            }
            return;
        }

        // Second, check the RST bit (with RFC 5961 3.2's exact-match rule).
        if seg.flags.rst() {
            if seq != self.rcv_nxt && !rst_below_fin {
                self.ignore(ctx, id, IgnoreReason::RstNotExact);
                self.answer(ctx, id, Purpose::ChallengeAck);
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
                self.answer(ctx, id, Purpose::ChallengeAck);
            }
            return;
        }

        // Fifth, check the ACK field.
        if !seg.flags.ack() {
            self.ignore(ctx, id, IgnoreReason::NoAck);
            return;
        }
        // TIME-WAIT: "The only thing that can arrive in this state is a
        // retransmission of the remote FIN" (handled above); anything else
        // that got this far changes nothing.
        if self.state == State::TimeWait {
            self.ignore(ctx, id, IgnoreReason::TimeWait);
            return;
        }
        if self.state == State::SynReceived {
            if self.snd_una < seg.ack && seg.ack <= self.snd_nxt {
                self.set_state(ctx, State::Established, cause);
                self.on_established(ctx.tuning);
                if simultaneous {
                    // Linux acknowledges the repeated SYN at once (with a D-SACK).
                    self.owe_ack(ctx, Purpose::SimultaneousOpenAck, true);
                }
                self.update_send_window(u32::from(seg.window), seq, seg.ack);
                self.last_ack_window = u32::from(seg.window);
            } else {
                self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
                self.queue_rst(seg.ack, None, Purpose::RstBadAck);
                return;
            }
        }
        if seg.ack > self.snd_nxt {
            // It acknowledges data never sent: "send an ACK, drop the segment"
            // (RFC 9293), throttled (RFC 5961 §7) so it cannot feed an ACK war.
            self.ignore(ctx, id, IgnoreReason::UnacceptableAck);
            self.answer(ctx, id, Purpose::DuplicateAck);
            return;
        }
        let before = self.snd_una;
        let window = u32::from(seg.window);
        // Any acceptable ACK answers the probes sent so far.
        self.unanswered = (0, None);
        self.take_ack(ctx, id, seg.ack);
        // RFC 5681 2: a duplicate ACK acknowledges nothing new, carries no
        // data, SYN or FIN, repeats the window, while data is outstanding.
        let duplicate = seg.ack == before
            && seg.len == 0
            && !seg.flags.fin()
            && window == self.last_ack_window
            && self.in_flight() > 0;
        if duplicate {
            self.on_duplicate_ack();
        }
        self.last_ack_window = window;
        // Window update, only from segments newer than the last one used.
        if self.snd_wl1 < seq || (self.snd_wl1 == seq && self.snd_wl2 <= seg.ack) {
            self.update_send_window(window, seq, seg.ack);
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
                        self.reset_late_data(ctx, seg, cause);
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
            } else if self.rcv_nxt < fin_seq
                && self.orphaned
                && ctx.tuning.gap_fin_resets_after_close
                && matches!(self.state, State::FinWait1 | State::FinWait2)
            {
                // A FIN past a gap says data is missing that no one will
                // read: Linux resets it at once (TCPAbortOnData), where the
                // RFC's rules hold it until the gap is filled and then reset
                // the data.
                self.reset_late_data(ctx, seg, cause);
            } else if self.rcv_nxt < fin_seq {
                if self.hold_fin(ctx, id, fin_seq) {
                    self.owe_ack(ctx, Purpose::DuplicateAck, true);
                } else {
                    self.ignore(ctx, id, IgnoreReason::OutOfOrderFull);
                }
            }
        }
    }

    /// Applies SEG.ACK: SND.UNA moves forward, timers and RTT follow.
    pub(super) fn take_ack(&mut self, ctx: &mut Ctx, id: SegmentId, ack: Seq) {
        if ack <= self.snd_una {
            return;
        }
        let newly_acked = ack - self.snd_una;
        // The SYN's sequence number is not data: its ACK grows no window.
        let data_acked = newly_acked - u32::from(self.snd_una == self.iss);
        self.snd_una = ack;
        if self.rtx_next < ack {
            self.rtx_next = ack;
        }
        self.dup_acks = 0;
        self.retries = 0;
        self.first_rtx_at = None;
        self.probes = 0;
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
        if self.cwnd > 0 {
            let mss = self.send_mss();
            match self.recovery {
                // RFC 5681 3.2 step 6: the ACK of new data ends fast recovery;
                // the window inflated by duplicate ACKs deflates to ssthresh.
                Some(_) => {
                    self.cwnd = self.ssthresh;
                    self.recovery = None;
                }
                // RFC 5681 3.1: slow start, at most one MSS per ACK…
                None if self.cwnd < self.ssthresh => {
                    self.cwnd = self.cwnd.saturating_add(data_acked.min(mss));
                }
                // …then congestion avoidance, about one MSS per round trip.
                None => {
                    let step = (u64::from(mss) * u64::from(mss) / u64::from(self.cwnd.max(1))).max(1);
                    self.cwnd = self.cwnd.saturating_add(step as u32);
                }
            }
        }
        // RFC 6298 5.2 and 5.3: stop the timer when everything is acknowledged,
        // otherwise restart it for the rest.
        self.timers[TimerKind::Retransmission] = if self.snd_una == self.snd_nxt {
            None
        } else {
            Some(ctx.tuning.fire_at(ctx.now, self.rto.current()))
        };
    }

    /// RFC 5681 3.2: the third duplicate ACK triggers a fast retransmit and
    /// fast recovery; further duplicates inflate the window by one MSS each.
    fn on_duplicate_ack(&mut self) {
        self.dup_acks += 1;
        let mss = self.send_mss();
        if self.dup_acks == 3 && self.recovery.is_none() {
            self.ssthresh = (self.in_flight() / 2).max(2 * mss);
            self.cwnd = self.ssthresh.saturating_add(3 * mss);
            self.recovery = Some(self.snd_nxt);
            self.resend_head = true;
            self.resend_cause = crate::Resend::FastRetransmit;
            self.rtt_probe = None;
        } else if self.dup_acks > 3 && self.recovery.is_some() {
            self.cwnd = self.cwnd.saturating_add(mss);
        }
    }

    /// Takes the peer's window from a segment newer than the last one used
    /// (RFC 9293 3.10.7.4 fifth: SND.WL1/SND.WL2). A window that opens stops
    /// the persist timer; one still closed keeps probing, backed off.
    pub(super) fn update_send_window(&mut self, window: u32, seq: Seq, ack: Seq) {
        self.snd_wnd = window;
        self.max_snd_wnd = self.max_snd_wnd.max(window);
        self.snd_wl1 = seq;
        self.snd_wl2 = ack;
        if window > 0 {
            self.timers[TimerKind::Persist] = None;
            self.probes = 0;
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
