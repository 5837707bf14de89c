//! User calls on an existing connection (RFC 9293 3.10.2–3.10.5): SEND,
//! CLOSE (as shutdown of the sending direction), ABORT, and reading from the
//! receive buffer. Opening is in `mod.rs` (connect) and the host (listen).

use super::{Ctx, Tcb};
use crate::call::SocketError;
use crate::event::Cause;
use crate::{Purpose, State};

impl Tcb {
    /// SEND: queue `bytes` for transmission.
    pub(crate) fn user_send(&mut self, bytes: u32) -> Result<(), SocketError> {
        if let Some(err) = self.error {
            return Err(err);
        }
        match self.state {
            State::SynSent | State::SynReceived | State::Established | State::CloseWait
                if !self.fin_queued =>
            {
                self.app_bytes += bytes;
                Ok(())
            }
            State::Closed | State::Listen => Err(SocketError::NotConnected),
            // "error: connection closing": this side already sent (or queued) its FIN.
            _ => Err(SocketError::BrokenPipe),
        }
    }

    /// CLOSE of the sending direction (shutdown(SHUT_WR), and the first half of
    /// close()): a FIN goes out after all queued data.
    pub(crate) fn user_shutdown(&mut self, ctx: &mut Ctx, cause: Cause) {
        if self.fin_queued {
            return;
        }
        match self.state {
            // RFC 9293 3.10.4: in SYN-SENT, delete the TCB.
            State::SynSent => self.close_down(ctx, State::Closed, cause),
            State::SynReceived | State::Established => {
                self.fin_queued = true;
                self.set_state(ctx, State::FinWait1, cause);
            }
            State::CloseWait => {
                self.fin_queued = true;
                self.set_state(ctx, State::LastAck, cause);
            }
            _ => {}
        }
    }

    /// close(): shut down sending and give up the socket. Unread data makes it
    /// an abort with RST instead (RFC 1122 4.2.2.13: the peer must learn that
    /// data was lost).
    pub(crate) fn user_close(&mut self, ctx: &mut Ctx, cause: Cause) {
        self.orphaned = true;
        if self.unread > 0 && self.state.is_synchronized() && !matches!(self.state, State::TimeWait) {
            self.reset(ctx, cause, Purpose::RstDataLost);
            return;
        }
        self.user_shutdown(ctx, cause);
        if self.state == State::FinWait2 {
            self.start_fin_wait_2_timer(ctx);
        }
    }

    /// ABORT (RFC 9293 3.10.5): RST to the peer where a connection exists, then CLOSED.
    pub(crate) fn user_abort(&mut self, ctx: &mut Ctx, cause: Cause) {
        self.orphaned = true;
        match self.state {
            State::SynReceived
            | State::Established
            | State::FinWait1
            | State::FinWait2
            | State::CloseWait => self.reset(ctx, cause, Purpose::RstAbort),
            _ => self.close_down(ctx, State::Closed, cause),
        }
    }

    /// The listening socket closed with this connection still waiting for
    /// accept(): nobody will ever use it, so it is reset (Linux
    /// `inet_csk_listen_stop` → `tcp_disconnect`).
    pub(crate) fn reset_unaccepted(&mut self, ctx: &mut Ctx, cause: Cause) {
        self.orphaned = true;
        self.reset(ctx, cause, Purpose::RstListenerClosed);
    }

    /// Sends RST <SEQ=SND.NXT> (Linux adds ACK, per the tuning) and closes.
    fn reset(&mut self, ctx: &mut Ctx, cause: Cause, purpose: Purpose) {
        let ack = ctx.tuning.abort_rst_carries_ack.then_some(self.rcv_nxt);
        self.queue_rst(self.snd_nxt, ack, purpose);
        self.close_down(ctx, State::Closed, cause);
    }

    /// The application reads up to `max` bytes from the receive buffer. When
    /// that opens the window enough to matter it is announced at once: the
    /// window has at least doubled from what is left of the last one
    /// announced (Linux `tcp_cleanup_rbuf`), and it is no sliver (at least
    /// min(buffer/2, MSS): RFC 9293 3.8.6.2.2, receiver-side silly window
    /// syndrome avoidance). Otherwise the next ACK tells it.
    pub(crate) fn user_read(&mut self, ctx: &Ctx, max: u32) -> u32 {
        let taken = self.unread.min(max);
        self.unread -= taken;
        let left = self.window_left();
        let window = self.rcv_wnd();
        let sliver = (self.recv_capacity / 2).min(u32::from(self.local_mss)).max(1);
        let doubled = window >= left.saturating_mul(2) && window > left;
        if taken > 0 && doubled && window >= sliver && left.saturating_mul(2) <= self.recv_capacity {
            self.owe_ack(ctx, Purpose::WindowUpdate, true);
        }
        taken
    }
}
