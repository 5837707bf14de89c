//! The built-in lessons: named scenarios in the compact text form (see
//! `text.rs`), so the widget needs no JSON parser. `tcpsim --json
//! NAME` prints any of them as JSON. Their titles and explanations for
//! learners live in the widget's content, per language.

use crate::Scenario;

/// A named scenario and a one-line English summary (for `tcpsim --list`).
pub struct Builtin {
    /// The stable key (`tcpsim NAME`, share links, the widget's content files).
    pub name: &'static str,
    /// What the lesson shows, in one English line.
    pub summary: &'static str,
    text: &'static str,
}

impl Builtin {
    /// The scenario. Every built-in is parsed by a test, so this cannot fail.
    pub fn scenario(&self) -> Scenario {
        Scenario::from_text(self.text).unwrap_or_else(|e| panic!("built-in scenario {}: {e}", self.name))
    }

    /// The scenario's text form.
    pub fn text(&self) -> &'static str {
        self.text
    }
}

macro_rules! builtin {
    ($name:literal, $summary:literal, $text:expr) => {
        Builtin {
            name: $name,
            summary: $summary,
            text: $text,
        }
    };
}

/// The two programs of the seed-003 exchange (ISN 1000/8000, MSS 1024; the
/// client pauses 50 ms before close() so its data ACK goes on its own, as
/// the blog post's segment 6 does).
macro_rules! seed {
    () => {
        "client isn=1000 mss=1460 | connect, send 20, recv 10, sleep 50, close\n\
         server isn=8000 mss=1024 | listen, accept, recv 20, send 10, recv eof, close\n"
    };
}

/// Every built-in scenario, in teaching order.
pub const BUILTINS: &[Builtin] = &[
    builtin!(
        "handshake-and-close",
        "connect, 20 bytes up, 10 bytes back, close: ISN 1000/8000, MSS 1024, ten segments",
        seed!()
    ),
    builtin!(
        "lost-syn",
        "the first SYN is lost; TCP retransmits it after the 1 s RTO",
        concat!(seed!(), "drop client SYN 1")
    ),
    builtin!(
        "lost-syn-ack",
        "the SYN,ACK is lost; both sides retransmit",
        concat!(seed!(), "drop server SYN,ACK 1")
    ),
    builtin!(
        "lost-handshake-ack",
        "the handshake's last ACK is lost; the server resends SYN,ACK, the client ACKs again",
        "client isn=1000 mss=1460 | connect, sleep 1500, send 20, recv 10, sleep 50, close\nserver isn=8000 mss=1024 | listen, accept, recv 20, send 10, recv eof, close\ndrop client ACK 1"
    ),
    builtin!(
        "lost-data",
        "the 20 data bytes are lost and retransmitted",
        concat!(seed!(), "drop client PSH,ACK 1")
    ),
    builtin!(
        "lost-fin",
        "the client's FIN is lost and retransmitted",
        concat!(seed!(), "drop client FIN,ACK 1")
    ),
    builtin!(
        "lost-final-ack",
        "the last ACK is lost; the server resends its FIN into TIME-WAIT",
        concat!(seed!(), "drop client ACK 3")
    ),
    builtin!(
        "half-close",
        "shutdown(SHUT_WR): the server keeps sending after the client's FIN",
        "client isn=1000 mss=1460 | connect, send 20, shutdown, recv eof, close\nserver isn=8000 mss=1024 | listen, accept, recv eof, sleep 300, send 100, close"
    ),
    builtin!(
        "three-segment-close",
        "a delayed ACK lets the server's FIN carry it: FIN / FIN,ACK / ACK",
        concat!(seed!(), "tcp fin_ack_delay_ms=40")
    ),
    builtin!(
        "server-closes-first",
        "the server closes first and waits in TIME-WAIT",
        "client isn=1000 mss=1460 | connect, send 20, recv eof, close\nserver isn=8000 mss=1024 | listen, accept, recv 20, send 10, close"
    ),
    builtin!(
        "simultaneous-open",
        "both sides connect at once: SYN-SENT → SYN-RECEIVED → ESTABLISHED",
        "client isn=1000 mss=1460 | connect, send 20, recv eof, close\nserver isn=8000 mss=1024 | connect, recv 20, close"
    ),
    builtin!(
        "simultaneous-close",
        "both sides close at once: FIN-WAIT-1 → CLOSING → TIME-WAIT",
        "client isn=1000 mss=1460 | connect, sleep 400, close\nserver isn=8000 mss=1024 | listen, accept, sleep 300, close"
    ),
    builtin!(
        "connection-refused",
        "nothing listens: the SYN is answered with RST",
        "client isn=1000 mss=1460 | connect, send 20, close\nserver isn=8000 mss=1024"
    ),
    builtin!(
        "abort",
        "the client aborts: RST, and the server's recv() fails with ECONNRESET",
        "client isn=1000 mss=1460 | connect, send 20, sleep 300, abort\nserver isn=8000 mss=1024 | listen, accept, recv eof, close"
    ),
    builtin!(
        "connect-timeout",
        "every SYN is lost; connect() gives up after 3 retries",
        "client isn=1000 mss=1460 | connect, send 20, close\nserver isn=8000 mss=1024 | listen, accept, recv eof, close\ndrop client SYN 1\ndrop client SYN 2\ndrop client SYN 3\ndrop client SYN 4\ntcp syn_retries=3"
    ),
    builtin!(
        "syn-flood",
        "spoofed SYNs fill a 4-slot listen queue; the real client gets in late",
        "client isn=1000 mss=1460 | sleep 100, connect, send 20, recv 10, sleep 50, close\nserver isn=8000 mss=1024 backlog=4 | listen, accept, recv 20, send 10, recv eof, close\ninject 0 spoofed server SYN seq=5000 count=4 every=20\ntcp synack_retries=2"
    ),
    builtin!(
        "syn-flood-cookies",
        "the same flood with SYN cookies on: the real client is answered at once, statelessly",
        "client isn=1000 mss=1460 | sleep 100, connect, send 20, recv 10, sleep 50, close\nserver isn=8000 mss=1024 backlog=4 | listen, accept, recv 20, send 10, recv eof, close\ninject 0 spoofed server SYN seq=5000 count=4 every=20\ntcp synack_retries=2 syncookies=1"
    ),
    builtin!(
        "listener-closes",
        "the server closes its listening socket before accept(): the waiting connection gets RST",
        "client isn=1000 mss=1460 | connect, recv eof, close\nserver isn=8000 mss=1024 | listen, sleep 500, close"
    ),
    builtin!(
        "zero-window",
        "a 2048-byte receive buffer fills up: window 0, probes, then a window update",
        "client isn=1000 mss=1460 | connect, send 6000, close\nserver isn=8000 mss=1024 rcvbuf=2048 | listen, accept, sleep 3500, recv eof, close"
    ),
    builtin!(
        "old-duplicate-syn",
        "an old SYN arrives first; the client's RST clears it (why three segments, not two)",
        "client isn=100 mss=1460 | connect, send 20, recv eof, close\nserver isn=300 mss=1024 | listen, accept, recv 20, close\nhold client SYN 1 300\ninject 0 client server SYN seq=90"
    ),
    builtin!(
        "unread-data-reset",
        "the server closes without reading: RST instead of FIN",
        "client isn=1000 mss=1460 | connect, send 20, recv eof, close\nserver isn=8000 mss=1024 | listen, accept, sleep 500, close"
    ),
];

/// Looks up a built-in scenario by name.
pub fn builtin(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_and_names_are_unique() {
        for (i, b) in BUILTINS.iter().enumerate() {
            let s = b.scenario();
            assert!(!s.client.program.is_empty() || b.name == "free", "{}", b.name);
            assert!(
                BUILTINS[..i].iter().all(|o| o.name != b.name),
                "duplicate name {}",
                b.name
            );
        }
    }

    #[test]
    fn the_seed_exchange_uses_the_blog_posts_numbers() {
        let s = builtin("handshake-and-close").unwrap().scenario();
        assert_eq!((s.client.isn, s.server.isn, s.server.mss), (1000, 8000, 1024));
    }
}
