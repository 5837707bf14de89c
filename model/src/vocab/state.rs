//! The eleven connection states of RFC 9293 (section 3.3.2).
//!
//! `Display` prints the RFC's own spelling ("FIN-WAIT-1"), so no other code
//! ever re-spells a state name; `parse` also reads how `ss` and `netstat`
//! print states.

use core::fmt;
use serde::{Deserialize, Serialize};

crate::named_enum! {
    @serde
    /// A TCP connection state, exactly as named in RFC 9293 section 3.3.2.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum State {
        /// No connection at all (a fictional state: there is no TCB).
        Closed = "CLOSED",
        /// Waiting for a connection request (a SYN) from any remote TCP.
        Listen = "LISTEN",
        /// SYN sent; waiting for a matching SYN (usually a SYN,ACK).
        SynSent = "SYN-SENT",
        /// SYN received and SYN,ACK sent; waiting for the ACK of our SYN.
        SynReceived = "SYN-RECEIVED",
        /// An open connection: data flows both ways.
        Established = "ESTABLISHED",
        /// Our FIN sent (the application closed); waiting for its ACK or the peer's FIN.
        FinWait1 = "FIN-WAIT-1",
        /// Our FIN acknowledged; waiting for the peer's FIN.
        FinWait2 = "FIN-WAIT-2",
        /// The peer's FIN received; waiting for our application to close.
        CloseWait = "CLOSE-WAIT",
        /// Both FINs crossed (simultaneous close); waiting for the ACK of ours.
        Closing = "CLOSING",
        /// The peer's FIN received and ours sent; waiting for the ACK of ours.
        LastAck = "LAST-ACK",
        /// Both FINs done; waiting 2 MSL so the last ACK can be repeated and
        /// old duplicates die out before the address pair is reused.
        TimeWait = "TIME-WAIT",
    }
}

impl State {
    /// Parses an RFC name ("SYN-SENT"); also accepts the underscore spelling
    /// that `netstat`/`ss` print ("SYN_SENT", "SYN_RECV").
    pub fn parse(name: &str) -> Option<State> {
        let canonical = name.trim().to_ascii_uppercase().replace('_', "-");
        let canonical = match canonical.as_str() {
            "SYN-RECV" | "SYN-RCVD" => "SYN-RECEIVED",
            "SYN-SEND" => "SYN-SENT",
            other => other,
        };
        State::from_name(canonical)
    }

    /// The transitions drawn in RFC 9293's Figure 5 (the state diagram).
    /// Resets, aborts and timeouts to CLOSED or LISTEN are real transitions
    /// too, but the figure leaves them out (its "note 3").
    pub const FIGURE_5: [(State, State); 21] = [
        (State::Closed, State::Listen),
        (State::Closed, State::SynSent),
        (State::Listen, State::SynReceived),
        (State::Listen, State::SynSent),
        (State::Listen, State::Closed),
        (State::SynReceived, State::Listen),
        (State::SynSent, State::SynReceived),
        (State::SynSent, State::Established),
        (State::SynSent, State::Closed),
        (State::SynReceived, State::Established),
        (State::SynReceived, State::FinWait1),
        (State::Established, State::FinWait1),
        (State::Established, State::CloseWait),
        (State::FinWait1, State::FinWait2),
        (State::FinWait1, State::Closing),
        (State::FinWait1, State::TimeWait),
        (State::FinWait2, State::TimeWait),
        (State::CloseWait, State::LastAck),
        (State::Closing, State::TimeWait),
        (State::LastAck, State::Closed),
        (State::TimeWait, State::Closed),
    ];

    /// Whether the connection is synchronized (both ISNs known), RFC 9293 3.5.
    pub const fn is_synchronized(self) -> bool {
        !matches!(
            self,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_uses_rfc_spelling() {
        assert_eq!(State::FinWait1.to_string(), "FIN-WAIT-1");
        assert_eq!(State::SynReceived.to_string(), "SYN-RECEIVED");
        assert_eq!(State::TimeWait.to_string(), "TIME-WAIT");
    }

    #[test]
    fn every_name_round_trips() {
        for &s in State::ALL {
            assert_eq!(State::parse(s.name()), Some(s));
        }
    }

    #[test]
    fn netstat_spellings_parse() {
        assert_eq!(State::parse("SYN_RECV"), Some(State::SynReceived));
        assert_eq!(State::parse("time_wait"), Some(State::TimeWait));
        assert_eq!(State::parse("HALF-OPEN"), None);
    }

    #[test]
    fn only_states_after_the_handshake_are_synchronized() {
        let synced: Vec<_> = State::ALL
            .iter()
            .copied()
            .filter(|s| s.is_synchronized())
            .collect();
        assert_eq!(synced.len(), 7);
        assert!(!synced.contains(&State::SynReceived));
        assert!(synced.contains(&State::TimeWait));
    }
}
