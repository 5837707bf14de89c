//! What a connection sends next: pending RST, SYN or SYN,ACK, data, FIN, a
//! zero-window probe, and ACKs that are owed, in that order. Also starts the
//! retransmission timer whenever sequence space goes out (RFC 6298 5.1), and
//! the persist timer when a zero window holds data or a FIN back.

use super::{Ctx, Outgoing, Tcb};
use crate::event::TimerKind;
use crate::{Flags, Header, Millis, Purpose, State};

/// Which segments one call to [`Tcb::poll_output`] may produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flush {
    /// Only what must go out before the application runs again: RSTs and
    /// ACKs owed at once.
    Urgent,
    /// Right after a socket call: also SYN, data and FIN (which carry any ACK
    /// owed), but a delayed ACK keeps waiting for something to ride on.
    Calls,
    /// Everything that may be sent now, delayed ACKs that are due included.
    All,
}

impl Tcb {
    /// The next segment to send, if any. Call until it returns `None`.
    pub(crate) fn poll_output(&mut self, ctx: &mut Ctx, flush: Flush) -> Option<Outgoing> {
        if let Some(rst) = self.pending_rst.take() {
            return Some(rst);
        }
        if matches!(self.state, State::Closed | State::Listen) {
            return None;
        }
        if flush != Flush::Urgent {
            if let Some(out) = self.next_sequenced(ctx) {
                return Some(out);
            }
            if std::mem::take(&mut self.probe_due) {
                return Some(self.window_probe());
            }
        }
        let delayed_due =
            flush == Flush::All && self.timers[TimerKind::DelayedAck].is_some_and(|d| d <= ctx.now);
        if (self.owed.now || delayed_due) && self.state != State::SynSent {
            if !self.owed.now && ctx.tuning.ack_delay.0 > 0 {
                // The delayed ACK found nothing to ride on: it goes alone.
                self.emit_fired(ctx, TimerKind::DelayedAck);
            }
            let purpose = self.owed.purpose.unwrap_or(Purpose::AckData);
            let out = Outgoing {
                header: self.header(self.snd_nxt, Flags::ACK, 0),
                purpose,
                resend: None,
                piggybacked_ack: false,
            };
            self.clear_owed_ack();
            return Some(out);
        }
        None
    }

    /// An ACK goes out (alone or on a segment): nothing is owed any more, and
    /// a quick ACK of data is used up.
    fn clear_owed_ack(&mut self) {
        if self.owed.now && self.owed.purpose == Some(Purpose::AckData) {
            self.quick = self.quick.saturating_sub(1);
        }
        self.owed = super::OwedAck::default();
        self.timers[TimerKind::DelayedAck] = None;
    }

    /// A header from this connection with the current ACK and window.
    fn header(&mut self, seq: crate::Seq, flags: Flags, len: u32) -> Header {
        let window = self.rcv_wnd().min(u32::from(u16::MAX));
        self.last_advertised_window = window;
        let edge = self.rcv_nxt + window;
        if flags.ack() && self.rcv_adv_edge.is_none_or(|old| edge > old) {
            self.rcv_adv_edge = Some(edge);
        }
        let ack_on = flags.ack();
        Header {
            src: self.local,
            dst: self.remote,
            seq,
            ack: if ack_on { self.rcv_nxt } else { crate::Seq(0) },
            flags,
            window: window as u16,
            mss: None,
            len,
        }
    }

    /// A zero-window probe: an empty segment with an old sequence number
    /// (SND.UNA − 1), which the peer must answer with its current window
    /// (RFC 9293 3.8.6.1; Linux `tcp_xmit_probe_skb`). It occupies no
    /// sequence space, so it is not a retransmission.
    fn window_probe(&mut self) -> Outgoing {
        let header = self.header(self.snd_una - 1, Flags::ACK, 0);
        Outgoing {
            header,
            purpose: Purpose::WindowProbe,
            resend: None,
            piggybacked_ack: false,
        }
    }

    /// The next segment that occupies sequence space (SYN, data, FIN), if the
    /// windows allow one now.
    fn next_sequenced(&mut self, ctx: &mut Ctx) -> Option<Outgoing> {
        let resend_head = std::mem::take(&mut self.resend_head);
        let start = if resend_head { self.snd_una } else { self.rtx_next };

        // The SYN (or SYN,ACK) occupies ISS, and is what goes out while ISS is
        // unacknowledged: also in FIN-WAIT-1 after close() in SYN-RECEIVED
        // (RFC 9293 3.10.4), where the FIN follows a SYN,ACK still in flight.
        if start == self.iss && self.snd_una == self.iss {
            let synack = self.state != State::SynSent;
            let flags = if synack { Flags::SYN_ACK } else { Flags::SYN };
            let mut header = self.header(self.iss, flags, 0);
            header.mss = Some(self.local_mss);
            let resend = if synack && self.synack_sent || !synack && self.snd_nxt > self.iss {
                Some(self.resend_cause)
            } else if synack && self.snd_nxt > self.iss {
                // Simultaneous open: our SYN already used the ISS this SYN,ACK carries.
                Some(crate::Resend::SimultaneousOpen)
            } else {
                None
            };
            let purpose = if synack { Purpose::SynAck } else { Purpose::Syn };
            if resend.is_some_and(|cause| cause != crate::Resend::SimultaneousOpen) {
                self.syn_resends += 1;
            }
            self.note_sent(ctx, self.iss + 1, resend.is_some());
            if resend == Some(crate::Resend::SimultaneousOpen) {
                // The ISS has now gone out twice, so an ACK of it is ambiguous:
                // Karn's rule takes no sample (RFC 6298 3). Linux sends the SYN's
                // own buffer again (`tcp_send_synack`), stamped anew, and times
                // the round trip from the SYN,ACK (kernel fixture
                // m3_simultaneous_open_data_lost: data resent 314 ms after it left, on a 200 ms path).
                self.rtt_probe = match ctx.tuning.rto_rule {
                    crate::tuning::RtoRule::Linux => Some((self.iss + 1, ctx.send_at)),
                    crate::tuning::RtoRule::Rfc6298 => None,
                };
            }
            if !resend_head {
                self.rtx_next = self.iss + 1;
            }
            let owed = self.owed.now || self.timers[TimerKind::DelayedAck].is_some();
            if synack {
                self.clear_owed_ack();
            }
            return Some(Outgoing {
                header,
                purpose,
                resend,
                piggybacked_ack: synack && owed,
            });
        }
        if !matches!(
            self.state,
            State::Established | State::CloseWait | State::FinWait1 | State::Closing | State::LastAck
        ) {
            return None;
        }

        let data_end = self.data_end();
        let mss = self.send_mss();
        // Usable window: the smaller of the peer's window and cwnd, minus what is
        // already in flight from SND.UNA up to where this segment starts.
        let limit = self.snd_wnd.min(self.cwnd.max(mss));
        let used = start - self.snd_una;
        let usable = limit.saturating_sub(used);
        let unsent_data = if start < data_end { data_end - start } else { 0 };
        let len = unsent_data.min(mss).min(usable);
        let fin_pending = self.fin_queued && start + len == data_end;
        let retransmission = start < self.snd_nxt;
        if unsent_data > 0 && len == 0 {
            self.arm_persist(ctx);
            return None; // window closed for now
        }
        if len == 0 && !fin_pending {
            return None;
        }
        // A new FIN takes a sequence number too: it waits while the peer's
        // window is closed (Linux `tcp_snd_wnd_test`), behind the persist timer.
        if len == 0 && !retransmission && usable == 0 {
            self.arm_persist(ctx);
            return None;
        }
        // Nagle (RFC 9293 3.7.4): hold a small new segment while data is
        // unacknowledged; in Minshall's variant, only while a small one is.
        let holds_back = if ctx.tuning.minshall_nagle {
            // As `tcp_minshall_check`: a mark outside the flight holds nothing.
            self.snd_una < self.snd_sml && self.snd_sml <= self.snd_nxt
        } else {
            self.snd_una < self.snd_nxt
        };
        if !retransmission && len > 0 && len < mss && !fin_pending && holds_back {
            return None;
        }
        let mut flags = Flags::ACK;
        if len > 0 && start + len == data_end {
            flags = flags | Flags::PSH;
        }
        if fin_pending {
            flags = flags | Flags::FIN;
        }
        let header = self.header(start, flags, len);
        let end = start + len + u32::from(fin_pending);
        let owed = self.owed.now || self.timers[TimerKind::DelayedAck].is_some();
        self.clear_owed_ack();
        self.note_sent(ctx, end, retransmission);
        if !resend_head {
            self.rtx_next = end;
        }
        if !retransmission && len < mss {
            self.snd_sml = end;
        }
        if len > 0 && !retransmission && ctx.tuning.pingpong {
            // Answering data within the ACK delay makes the connection
            // interactive: from now on its ACKs wait for answers to ride on.
            let quick_answer = self
                .last_data_at
                .is_some_and(|at| ctx.now.since(at) < ctx.tuning.ack_delay);
            self.pingpong |= quick_answer;
        }
        let purpose = if len > 0 { Purpose::Data } else { Purpose::Fin };
        Some(Outgoing {
            header,
            purpose,
            resend: retransmission.then_some(self.resend_cause),
            piggybacked_ack: owed,
        })
    }

    /// Starts the persist timer if nothing is in flight to bring a window
    /// update (RFC 9293 3.8.6.1: probe a zero window; SHLD-29: after one RTO).
    fn arm_persist(&mut self, ctx: &Ctx) {
        if self.in_flight() > 0 || self.timers[TimerKind::Persist].is_some() {
            return;
        }
        let wait = self.rto.current().max(ctx.tuning.persist_min);
        let backed_off = Millis(
            wait.0
                .saturating_mul(1u64 << self.probes.min(20))
                .min(ctx.tuning.max_rto.0),
        );
        self.timers[TimerKind::Persist] = Some(ctx.tuning.fire_at(ctx.now, backed_off));
    }

    /// Bookkeeping for a segment that occupies sequence space up to `end`.
    fn note_sent(&mut self, ctx: &mut Ctx, end: crate::Seq, retransmission: bool) {
        if self.state == State::SynReceived {
            self.synack_sent = true;
        }
        if self.first_sent_at.is_none() {
            self.first_sent_at = Some(ctx.send_at);
        }
        if end > self.snd_nxt {
            self.snd_nxt = end;
        }
        // Time one segment at a time, never a retransmitted one (Karn).
        if !retransmission && self.rtt_probe.is_none() {
            self.rtt_probe = Some((end, ctx.send_at));
        }
        if self.timers[TimerKind::Retransmission].is_none() {
            self.timers[TimerKind::Retransmission] =
                Some(ctx.tuning.fire_at(ctx.send_at, self.rto.current()));
        }
        self.timers[TimerKind::Persist] = None;
    }
}
