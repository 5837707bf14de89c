//! The listening socket: SYNs arriving at LISTEN (RFC 9293 3.10.7.2), the SYN
//! queue and SYN cookies when it is full (RFC 4987 3.6, Linux
//! `tcp_syncookies`), and what close() on the listener does to connections
//! that were never accepted (Linux `inet_csk_listen_stop`).

use super::Host;
use crate::event::{Cause, EventKind, IgnoreReason};
use crate::tcb::{CookieConn, Ctx, Outgoing, Tcb};
use crate::{Addr, Flags, Header, Millis, Purpose, SegmentId, State, Time};

/// At most this many cookies are remembered; older ones are forgotten (a
/// flood is bounded by the scenario's limits anyway).
const MAX_COOKIES: usize = 1_024;

/// How long a cookie stays valid: Linux accepts cookies from the current and
/// the two previous minute counters (`MAX_SYNCOOKIE_AGE`), so at least 2 min.
const COOKIE_LIFETIME: Millis = Millis(120_000);

/// The MSS values a Linux cookie can encode (`msstab` in net/ipv4/syncookies.c).
const COOKIE_MSS: [u16; 4] = [536, 1300, 1440, 1460];

/// A SYN cookie this listener sent. A real server keeps nothing: it
/// recomputes the cookie from the returning ACK's addresses, ports and
/// sequence number and a minute counter. The model remembers what it sent
/// so the check reads plainly; it accepts exactly what that check would.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cookie {
    remote: Addr,
    conn: CookieConn,
    sent_at: Time,
}

/// The MSS a cookie carries for a client that announced `mss`: the largest
/// table entry not above it (the smallest entry when all are).
fn cookie_mss(mss: u16) -> u16 {
    COOKIE_MSS
        .iter()
        .rev()
        .copied()
        .find(|&m| m <= mss)
        .unwrap_or(COOKIE_MSS[0])
}

impl Host {
    /// RFC 9293 3.10.7.2: LISTEN.
    pub(super) fn listen_input(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        let conn = self.conn_of(seg.src);
        let ignore = |ctx: &mut Ctx, reason| {
            ctx.emit(EventKind::SegmentIgnored {
                segment: id,
                conn,
                reason,
            })
        };
        if seg.flags.rst() {
            ignore(ctx, IgnoreReason::RstInListen);
        } else if seg.flags.ack() {
            // Any acknowledgment is bad in LISTEN: <SEQ=SEG.ACK><CTL=RST>.
            ignore(ctx, IgnoreReason::UnacceptableAck);
            self.outbox.push_back(Outgoing::rst(
                self.addr,
                seg.src,
                seg.ack,
                None,
                Purpose::RstBadAck,
            ));
        } else if seg.flags.syn() {
            let half_open = self.half_open();
            let full = if ctx.tuning.synq_over_backlog {
                half_open > self.backlog
            } else {
                half_open >= self.backlog
            };
            let cookies = ctx.tuning.syncookies;
            if cookies == 2 || (cookies == 1 && full) {
                self.send_cookie(ctx, id, seg);
                return;
            }
            if full {
                // Without SYN cookies a full SYN queue drops the SYN; the client will retry.
                ignore(
                    ctx,
                    IgnoreReason::ListenQueueFull {
                        backlog: self.backlog,
                    },
                );
                return;
            }
            let iss = self.next_iss(ctx.now);
            let cfg = self.tcb_config(seg.src, iss);
            self.conns
                .insert(Tcb::accept_syn(ctx, cfg, seg, Cause::Segment { segment: id }));
            let (half_open, backlog) = (self.half_open(), self.backlog);
            ctx.emit(EventKind::ListenQueue { half_open, backlog });
        } else {
            ignore(ctx, IgnoreReason::NotSynInListen);
        }
    }

    /// Answers a SYN with a cookie SYN,ACK and keeps no connection for it: no
    /// SYN,ACK retransmission will follow.
    fn send_cookie(&mut self, ctx: &mut Ctx, id: SegmentId, syn: &Header) {
        let conn = CookieConn {
            irs: syn.seq,
            iss: self.next_iss(ctx.now),
            mss: cookie_mss(syn.mss.unwrap_or(crate::tcb::DEFAULT_MSS)),
        };
        if self.cookies.len() == MAX_COOKIES {
            // Bounded, so dropping the oldest by shifting stays cheap.
            self.cookies.remove(0);
        }
        self.cookies.push(Cookie {
            remote: syn.src,
            conn,
            sent_at: ctx.now,
        });
        ctx.emit(EventKind::SynCookieSent {
            segment: id,
            conn: self.conn_of(syn.src),
        });
        self.outbox.push_back(Outgoing {
            header: Header {
                src: self.addr,
                dst: syn.src,
                seq: conn.iss,
                ack: syn.seq + 1,
                flags: Flags::SYN_ACK,
                window: self.rcvbuf.min(u32::from(u16::MAX)) as u16,
                mss: Some(self.mss),
                len: 0,
            },
            purpose: Purpose::SynCookie,
            resend: None,
            piggybacked_ack: false,
        });
    }

    /// An ACK-bearing segment for no connection: if it returns a valid cookie
    /// (SEG.ACK − 1 is one we sent to that address for SEG.SEQ − 1, within
    /// its lifetime), the connection is rebuilt in SYN-RECEIVED for the
    /// segment to complete.
    pub(super) fn cookie_input(&mut self, ctx: &mut Ctx, id: SegmentId, seg: &Header) {
        if !seg.flags.ack() || seg.flags.syn() || seg.flags.rst() {
            return;
        }
        let now = ctx.now;
        self.cookies.retain(|c| now.since(c.sent_at) <= COOKIE_LIFETIME);
        let Some(i) = self
            .cookies
            .iter()
            .position(|c| c.remote == seg.src && c.conn.iss + 1 == seg.ack && c.conn.irs + 1 == seg.seq)
        else {
            return;
        };
        let cookie = self.cookies.remove(i);
        let cfg = self.tcb_config(seg.src, cookie.conn.iss);
        let cause = Cause::Segment { segment: id };
        self.conns.insert(Tcb::from_cookie(ctx, cfg, cookie.conn, cause));
        ctx.emit(EventKind::SynCookieAccepted {
            segment: id,
            conn: self.conn_of(seg.src),
        });
    }

    /// close() on the listening socket: connections waiting in the accept
    /// queue are reset (RST <SEQ=SND.NXT>, with ACK on Linux); half-open
    /// ones are forgotten without a word; issued cookies die with the socket.
    pub(super) fn close_listener(&mut self, ctx: &mut Ctx, cause: Cause) {
        self.listening = false;
        self.cookies.clear();
        let (mut reset, mut dropped) = (0, 0);
        let queued = &self.accept_queue;
        self.conns.for_each(|tcb| {
            if queued.contains(&tcb.remote) {
                tcb.reset_unaccepted(ctx, cause);
                reset += 1;
            } else if tcb.passive && tcb.state() == State::SynReceived {
                tcb.close_down(ctx, State::Closed, cause);
                dropped += 1;
            }
        });
        ctx.emit(EventKind::ListenerClosed { reset, dropped });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_rounds_the_mss_down_to_a_table_entry() {
        assert_eq!(cookie_mss(1460), 1460);
        assert_eq!(cookie_mss(1450), 1440);
        assert_eq!(cookie_mss(1024), 536);
        assert_eq!(cookie_mss(9000), 1460);
        assert_eq!(cookie_mss(100), 536);
    }
}
