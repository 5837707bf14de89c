//! What a TCB exchanges with its surroundings: the context of one
//! operation (the virtual time, the tuning, where events go) and the
//! segments it wants put on the wire, with why.

use crate::event::{Event, EventKind};
use crate::{Addr, Flags, Header, Purpose, Resend, Seq, Side, Time, Tuning};

/// What a TCB needs from its surroundings for one operation.
pub(crate) struct Ctx<'a> {
    pub(crate) now: Time,
    /// When a segment produced now will actually leave (the host's link may
    /// still be busy with the one before): timers and RTT samples start then.
    pub(crate) send_at: Time,
    pub(crate) tuning: &'a Tuning,
    pub(crate) side: Side,
    pub(crate) events: &'a mut Vec<Event>,
}

impl Ctx<'_> {
    pub(crate) fn emit(&mut self, kind: EventKind) {
        self.events.push(Event {
            at: self.now,
            side: Some(self.side),
            kind,
        });
    }

    /// Runs `f` with a context whose events are thrown away: for what an
    /// observer works out without it having happened (the states a side
    /// passed through before a capture began, a rule tried on a copy).
    pub(crate) fn quietly<T>(&self, f: impl FnOnce(&mut Ctx) -> T) -> T {
        let mut scratch = Vec::new();
        let mut quiet = Ctx {
            now: self.now,
            send_at: self.send_at,
            tuning: self.tuning,
            side: self.side,
            events: &mut scratch,
        };
        f(&mut quiet)
    }
}

/// A segment a TCB wants to send, with why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Outgoing {
    pub(crate) header: Header,
    pub(crate) purpose: Purpose,
    /// Whether it repeats sequence numbers sent before, and why.
    pub(crate) resend: Option<Resend>,
    /// The segment also carries an ACK that was owed (it "piggybacks" it).
    pub(crate) piggybacked_ack: bool,
}

impl Outgoing {
    /// `<SEQ=seq><CTL=RST>` from `src` to `dst`, with ACK when `ack` is
    /// given (the only segment a host sends with no connection behind it).
    pub(crate) fn rst(src: Addr, dst: Addr, seq: Seq, ack: Option<Seq>, purpose: Purpose) -> Outgoing {
        Outgoing {
            header: Header {
                src,
                dst,
                seq,
                ack: ack.unwrap_or(Seq(0)),
                flags: if ack.is_some() { Flags::RST_ACK } else { Flags::RST },
                window: 0,
                mss: None,
                len: 0,
            },
            purpose,
            resend: None,
            piggybacked_ack: false,
        }
    }
}
