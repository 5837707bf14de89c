//! What the wire remembers of each segment it carried: who sent it, its
//! header, why it was sent, when it left and arrives, and what became of it.
//! The widget draws and explains segments from these records.

use serde::Serialize;

use crate::event::DropCause;
use crate::{Header, Origin, Purpose, Resend, SegmentId, Side, Time};

/// What became of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "fate")]
pub enum Fate {
    /// Still on the wire (or will be: its arrival lies in the future of the run so far).
    InFlight,
    /// It reached the host it was addressed to.
    Arrived,
    /// Lost on the way.
    Dropped {
        /// When it vanished (halfway across for a scenario's drop rule).
        at: Time,
        /// Who dropped it.
        by: DropCause,
    },
    /// Addressed to nobody (a spoofed source): it vanishes on arrival.
    NoHost,
}

/// One segment put on the wire, with everything the widget draws and explains.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentRecord {
    /// Its number in the run (0, 1, 2, … in the order segments left).
    pub id: SegmentId,
    /// Who put it on the wire.
    pub from: Origin,
    /// The host it is addressed to, `None` for an address nobody answers.
    pub to: Option<Side>,
    /// The header as sent.
    pub header: Header,
    /// Why it was sent.
    pub purpose: Purpose,
    /// Whether it repeats sequence numbers sent before, and why.
    pub resend: Option<Resend>,
    /// The earlier transmission of the same sequence numbers, for a retransmission.
    pub retransmission_of: Option<SegmentId>,
    /// It also carries an ACK that was waiting to be sent.
    pub piggybacked_ack: bool,
    /// When it left its sender.
    pub sent_at: Time,
    /// When it arrives (or would have, had it not been dropped).
    pub arrives_at: Time,
    /// What became of it.
    pub fate: Fate,
    /// Captures only: its IP header was marked Congestion Experienced (CE,
    /// RFC 3168 section 5) before the capture point, by a router that
    /// signalled congestion instead of dropping it. The simulator does not
    /// model ECN, so its runs never set this.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub congestion_marked: bool,
}

impl SegmentRecord {
    /// Whether it repeats sequence numbers sent before.
    pub fn retransmission(&self) -> bool {
        self.resend.is_some()
    }

    /// Whether it was lost on the way.
    pub fn dropped(&self) -> bool {
        matches!(self.fate, Fate::Dropped { .. })
    }

    /// When it stops moving: where it was dropped, or its arrival.
    pub fn ends_at(&self) -> Time {
        match self.fate {
            Fate::Dropped { at, .. } => at,
            _ => self.arrives_at,
        }
    }

    /// Whether the segment is on the wire at `t`.
    pub fn in_flight_at(&self, t: Time) -> bool {
        self.sent_at <= t && t < self.ends_at()
    }
}
