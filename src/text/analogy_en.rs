//! The analogies, in English: one line per moment of the story, per theme,
//! and where each analogy stops being true. `{side}` is whoever acts.

use crate::narration::keys::{Beat, Theme};

pub fn analogy(theme: Theme, beat: Beat) -> &'static str {
    match theme {
        Theme::StandOff => stand_off(beat),
        Theme::PhoneCall => phone_call(beat),
        Theme::Capability => capability(beat),
    }
}

/// The street stand-off (你瞅啥 / 瞅你咋的 / 揍你丫的) for the handshake, a breakup for the close.
fn stand_off(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => {
            "{side} glares across the street: “你瞅啥？” (“What are you looking at?”) An opening move that waits for a reaction."
        }
        Beat::SynAck => {
            "{side} glares back: “瞅你咋的？” (“Looking at you. Got a problem?”) It takes up the challenge and throws one of its own."
        }
        Beat::HandshakeAck => {
            "{side}: “揍你丫的！” (“Right, you asked for it!”) Both challenges have been answered: the fight is on."
        }
        Beat::SimultaneousOpen => {
            "Both glare at the same moment and both snap “你瞅啥？”. Each answers the other, and the fight is on all the same."
        }
        Beat::Data => "{side} throws a punch (sends data).",
        Beat::DataAck => "{side}: “Felt that one.” Every blow gets acknowledged.",
        Beat::Fin => {
            "{side}: “We're through.” It has nothing more to give (its FIN), but it will still hear the other out."
        }
        Beat::FinAck => "{side}: “I heard you.” That's all for now: it may still have things to say.",
        Beat::SecondFin => "{side}: “I've said everything I had to say. We're done.”",
        Beat::LastAck => {
            "{side}: “Fine. Goodbye.” Then it lingers on the corner: if the other asks again “did you hear me?”, it can still answer."
        }
        Beat::SimultaneousClose => "Both say “We're through” at the same moment.",
        Beat::TimeWait => "{side} has heard both goodbyes now, but it doesn't walk away just yet.",
        Beat::Closed => "{side} walks away. It's over.",
        Beat::Lost => "A bus roars past and drowns the words: nobody heard them, and nobody knows it yet.",
        Beat::Retransmit => "No reaction. After a pause, {side} says it again, and will wait longer before the next try.",
        Beat::Duplicate => "{side}: “I heard you the first time!” It repeats its answer.",
        Beat::Refused => "{side} shrugs: “Nobody here wants trouble.” (RST: nothing listens on that port.)",
        Beat::Reset => "{side} storms off mid-fight, without a word of goodbye (RST).",
        Beat::OldDuplicate => {
            "A “你瞅啥” shouted last week echoes in late, and the other one answers it. {side}: “That wasn't me, forget it!” (RST)"
        }
        Beat::QueueFull => "{side} is surrounded by fake challengers who never throw a punch; a new one gets ignored.",
        Beat::GiveUp => "{side} has shouted again and again with no reaction, and gives up.",
    }
}

/// A phone call: “hello, can you hear me?” … hanging up.
fn phone_call(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => "{side} dials: “Hello, can you hear me?”",
        Beat::SynAck => "{side}: “I can hear you. Can you hear me?”",
        Beat::HandshakeAck => "{side}: “Yes, loud and clear.” The conversation can begin.",
        Beat::SimultaneousOpen => {
            "Both happen to call each other at the same moment. Each says “can you hear me?”, each answers, and the line is up."
        }
        Beat::Data => "{side} talks: “So, here's the thing…”",
        Beat::DataAck => "{side}: “Uh-huh, got that.”",
        Beat::Fin => "{side}: “That's all from me.” It will keep listening, though.",
        Beat::FinAck => "{side}: “OK, you're done.” It may still have something to say itself.",
        Beat::SecondFin => "{side}: “I'm done too. Bye, then.”",
        Beat::LastAck => {
            "{side}: “Bye!” It keeps the phone to its ear a little longer: if the other asks “hello? did you hear my bye?”, it can still answer."
        }
        Beat::SimultaneousClose => "Both say “that's all from me” at the same moment.",
        Beat::TimeWait => "{side} has heard both goodbyes, but doesn't hang up straight away.",
        Beat::Closed => "{side} hangs up.",
        Beat::Lost => "The line crackles: those words never got through.",
        Beat::Retransmit => "Silence on the line. {side} waits a moment, then says it again.",
        Beat::Duplicate => "{side}: “Yes, yes, I heard you already.”",
        Beat::Refused => "“The number you have dialled is not in service.” (RST: nothing listens on that port.)",
        Beat::Reset => "{side} slams the phone down mid-sentence (RST).",
        Beat::OldDuplicate => {
            "A “hello?” from an old call crackles through and gets answered. {side}: “I didn't call you just now!” (RST)"
        }
        Beat::QueueFull => {
            "{side}'s lines are all taken by callers who never speak (spoofed SYNs); a new caller gets no answer."
        }
        Beat::GiveUp => "{side} has said “hello?” too many times without an answer, and hangs up.",
    }
}

/// The capability check: “is my sending OK? is my receiving OK?”
fn capability(beat: Beat) -> &'static str {
    match beat {
        Beat::Syn => {
            "{side}: “Is my sending OK?” When this arrives, the other side knows: your sending works, and so does my receiving."
        }
        Beat::SynAck => {
            "{side}: “Yes, it is. Is my sending OK?” When this arrives, the other side knows all four: both can send, both can receive."
        }
        Beat::HandshakeAck => "{side}: “Yes, it is.” Now each side knows that both directions work.",
        Beat::SimultaneousOpen => {
            "Both ask “is my sending OK?” at once, then both answer “yes”: both directions are checked."
        }
        Beat::Data => "{side} puts its sending direction to use: data goes out.",
        Beat::DataAck => "{side}: “Received, everything up to here.”",
        Beat::Fin => "{side}: “My sending is finished.” Its receiving still works.",
        Beat::FinAck => "{side}: “Noted: your sending is finished.” Its own sending is still open.",
        Beat::SecondFin => "{side}: “My sending is finished too.”",
        Beat::LastAck => {
            "{side}: “Noted.” If that goes missing the other will announce its end again, so {side} keeps its receiving on a little longer."
        }
        Beat::SimultaneousClose => "Both announce “my sending is finished” at the same moment.",
        Beat::TimeWait => "{side} knows both sendings are finished now, yet it doesn't switch off just yet.",
        Beat::Closed => "{side} switches off: nothing more to send, nothing more to receive.",
        Beat::Lost => "This one never arrived: one direction failed, this time.",
        Beat::Retransmit => "No confirmation came back, so {side} checks again after a pause.",
        Beat::Duplicate => "{side}: “I already confirmed that.”",
        Beat::Refused => "“Nobody at this port is receiving.” (RST)",
        Beat::Reset => "{side} cuts both directions at once, skipping every check (RST).",
        Beat::OldDuplicate => {
            "{side} is told “yes, your sending is OK” about a check it never made (an old connection's), and answers “not mine” (RST)."
        }
        Beat::QueueFull => "{side} has too many unanswered checks pending to take on another one.",
        Beat::GiveUp => "{side} stops checking: the other side never answered.",
    }
}

pub fn analogy_breaks(theme: Theme) -> &'static str {
    match theme {
        Theme::StandOff => {
            "A stand-off has no numbers. The “anger + 1” trick some posts use hides what really happens: each side picks an initial sequence number, and the other must acknowledge it (ack = ISN + 1, because a SYN uses one number). Nor can a stand-off show the real reason for the third segment: an old, delayed SYN must be caught and rejected (RST) before the server commits. And in a breakup both stop at once; in TCP each direction closes on its own, and the one who spoke first must wait in TIME-WAIT."
        }
        Theme::PhoneCall => {
            "A phone line is a live circuit: words arrive once, in order, or the call drops. TCP runs over a network that loses, delays, duplicates and reorders segments. So “can you hear me?” hides the real reasons for three segments: both initial sequence numbers must be sent and acknowledged, and an old duplicate SYN must be rejected. Nobody keeps listening for minutes after “bye” either: TIME-WAIT exists because of lost and stray segments, which a phone call does not have."
        }
        Theme::Capability => {
            "“Is my sending OK? Is my receiving OK?” is easy to remember, but it is not why TCP does it. A check that worked proves nothing about the next segment, which can still be lost, and more checks would not help. The handshake exists to exchange and acknowledge initial sequence numbers and to reject old duplicate SYNs. The check also can't explain why SYN and FIN use a sequence number, why the close takes four segments, or why TIME-WAIT lasts 2MSL."
        }
    }
}
