//! The vocabulary of the everyday stories told instead of the technical
//! explanation: the analogies, every moment one has a line for ([`Beat`]),
//! the two modes, and where each line is filed (`@beat.<analogy>.<beat>`,
//! `@breaks.<analogy>` in `static/content/<lang>.txt`). Re-exported by
//! `keys.rs`, whose completeness tests cover these keys too.

use tcp_model::named_enum;

use crate::text::{Lang, Ui};

named_enum! {
    /// A moment an analogy has a line for.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum Beat {
        /// The client's SYN.
        Syn = "syn",
        /// SYN,ACK back.
        SynAck = "syn-ack",
        /// The third segment: the handshake is complete.
        HandshakeAck = "handshake-ack",
        /// Both sent SYNs at once.
        SimultaneousOpen = "simultaneous-open",
        /// Data.
        Data = "data",
        /// The ACK of data.
        DataAck = "data-ack",
        /// The first FIN of a close.
        Fin = "fin",
        /// The ACK of that first FIN (the peer may still talk).
        FinAck = "fin-ack",
        /// Data reaches the side that closed first: "one more thing", and it still listens.
        OneMoreThing = "one-more-thing",
        /// The other side's FIN.
        SecondFin = "second-fin",
        /// The last ACK, from the side now in TIME-WAIT (which lingers after it).
        LastAck = "last-ack",
        /// Both closed at once (CLOSING).
        SimultaneousClose = "simultaneous-close",
        /// A simultaneous close's ACK of the other's FIN, from CLOSING (its own FIN unanswered).
        ClosingAck = "closing-ack",
        /// TIME-WAIT begins after CLOSING: both sides wait.
        TimeWait = "time-wait",
        /// The connection is gone.
        Closed = "closed",
        /// A segment was lost.
        Lost = "lost",
        /// Something is said again after a timeout.
        Retransmit = "retransmit",
        /// Something is said again at once: the peer's repeated ACKs showed a gap.
        FastRetransmit = "fast-retransmit",
        /// A later word makes a lost acknowledgment unnecessary.
        Covered = "covered",
        /// "No more for now": an ACK that advertises a window of 0.
        Full = "full",
        /// "Is there room yet?": a zero-window probe.
        Probe = "probe",
        /// "I have room again": a window update.
        RoomAgain = "room-again",
        /// A repeat was recognised and answered.
        Duplicate = "duplicate",
        /// Nobody is listening: RST.
        Refused = "refused",
        /// Someone hangs up hard: RST.
        Reset = "reset",
        /// An old SYN from a past connection is turned away.
        OldDuplicate = "old-duplicate",
        /// An old segment from a past connection turns up.
        Stray = "stray",
        /// The SYN queue is full.
        QueueFull = "queue-full",
        /// Tries ran out.
        GiveUp = "give-up",
    }
}

named_enum! {
    /// Everyday stories told instead of the technical explanation (the `analogy` URL parameter).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Analogy {
        /// The street stand-off (你瞅啥 / 瞅你咋的 / 揍你丫的) for the handshake, and a breakup for the close.
        #[default]
        StandOff = "standoff",
        /// A phone call: "can you hear me?" … hanging up.
        Phone = "phone",
        /// A capability check: "is my sending OK? is my receiving OK?"
        Capability = "capability",
    }
}

named_enum! {
    /// How the narration explains (the `mode` URL parameter takes these names).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub enum Mode {
        /// RFC terms and the run's own numbers.
        #[default]
        Technical = "technical",
        /// The chosen everyday story.
        Analogy = "analogy",
    }
}

/// `@beat.<analogy>.<beat>`: the analogy's line for a moment.
pub fn beat_key(analogy: Analogy, b: Beat) -> String {
    format!("beat.{}.{}", analogy.name(), b.name())
}

/// `@breaks.<analogy>`: where the analogy stops being true.
pub fn breaks_key(analogy: Analogy) -> String {
    format!("breaks.{}", analogy.name())
}

/// The analogy's line for one moment of the story.
pub fn analogy(lang: Lang, a: Analogy, beat: Beat) -> &'static str {
    lang.texts().get(&beat_key(a, beat))
}

/// Where an analogy stops being true.
pub fn analogy_breaks(lang: Lang, a: Analogy) -> &'static str {
    lang.texts().get(&breaks_key(a))
}

/// An analogy's name in the interface.
pub fn analogy_name(ui: &Ui, a: Analogy) -> &'static str {
    match a {
        Analogy::StandOff => ui.theme_stand_off,
        Analogy::Phone => ui.theme_phone_call,
        Analogy::Capability => ui.theme_capability,
    }
}

/// A mode's name in the interface.
pub fn mode_name(ui: &Ui, m: Mode) -> &'static str {
    match m {
        Mode::Technical => ui.mode_technical,
        Mode::Analogy => ui.mode_analogy,
    }
}
