//! The built-in lessons: named scenarios, each a JSON file in `model/scenarios/`
//! (so `tcpsim` users can copy and edit them). Their titles and explanations
//! for learners live in the widget's content, per language.

use crate::Scenario;

/// A named scenario and a one-line English summary (for `tcpsim --list`).
pub struct Builtin {
    pub name: &'static str,
    pub summary: &'static str,
    json: &'static str,
}

impl Builtin {
    /// The scenario. Built-ins are checked by tests, so this cannot fail.
    pub fn scenario(&self) -> Scenario {
        Scenario::from_json(self.json).unwrap_or_else(|e| panic!("built-in scenario {}: {e}", self.name))
    }

    pub fn json(&self) -> &'static str {
        self.json
    }
}

macro_rules! builtin {
    ($name:literal, $summary:literal) => {
        Builtin {
            name: $name,
            summary: $summary,
            json: include_str!(concat!("../scenarios/", $name, ".json")),
        }
    };
}

/// Every built-in scenario, in teaching order.
pub const BUILTINS: &[Builtin] = &[
    builtin!(
        "handshake-and-close",
        "connect, 20 bytes up, 10 bytes back, close: ISN 1000/8000, MSS 1024, ten segments"
    ),
    builtin!(
        "lost-syn",
        "the first SYN is lost; connect() retransmits it after the 1 s RTO"
    ),
    builtin!("lost-syn-ack", "the SYN,ACK is lost; both sides retransmit"),
    builtin!(
        "lost-handshake-ack",
        "the handshake's last ACK is lost; the server resends SYN,ACK, the client ACKs again"
    ),
    builtin!("lost-data", "the 20 data bytes are lost and retransmitted"),
    builtin!("lost-fin", "the client's FIN is lost and retransmitted"),
    builtin!(
        "lost-final-ack",
        "the last ACK is lost; the server resends its FIN into TIME-WAIT"
    ),
    builtin!(
        "half-close",
        "shutdown(SHUT_WR): the server keeps sending after the client's FIN"
    ),
    builtin!(
        "three-segment-close",
        "a delayed ACK lets the server's FIN carry it: FIN / FIN,ACK / ACK"
    ),
    builtin!(
        "server-closes-first",
        "the server closes first and waits in TIME-WAIT"
    ),
    builtin!(
        "simultaneous-open",
        "both sides connect at once: SYN-SENT → SYN-RECEIVED → ESTABLISHED"
    ),
    builtin!(
        "simultaneous-close",
        "both sides close at once: FIN-WAIT-1 → CLOSING → TIME-WAIT"
    ),
    builtin!(
        "connection-refused",
        "nothing listens: the SYN is answered with RST"
    ),
    builtin!(
        "abort",
        "the client aborts: RST, and the server's recv() fails with ECONNRESET"
    ),
    builtin!(
        "connect-timeout",
        "every SYN is lost; connect() gives up after 3 retries"
    ),
    builtin!(
        "syn-flood",
        "spoofed SYNs fill a 4-slot listen queue; the real client gets in late"
    ),
    builtin!(
        "old-duplicate-syn",
        "an old SYN arrives first; the client's RST clears it (why three segments, not two)"
    ),
    builtin!(
        "unread-data-reset",
        "the server closes without reading: RST instead of FIN"
    ),
];

/// Looks up a built-in scenario by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}
