//! The deep-dive questions (why three segments, why four, why TIME-WAIT,
//! …): each with the built-in scenario that shows its answer, and where its
//! title and answer are filed in the content files.

use tcp_model::named_enum;

use crate::text::Lang;

named_enum! {
    /// The deep-dive questions, each with a scenario to play.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub enum DeepDive {
        /// Why three segments, not two?
        WhyThree = "why-three",
        /// Why four to close, sometimes three?
        WhyFour = "why-four",
        /// Why TIME-WAIT, and why 2×MSL?
        WhyTimeWait = "why-time-wait",
        /// What is a SYN flood?
        SynFlood = "syn-flood",
        /// Why do SYN and FIN take a sequence number?
        SynFinTakeNumber = "syn-fin-take-number",
        /// What do seq and ack mean?
        SeqAndAck = "seq-and-ack",
        /// The ACK flag vs the ack number.
        AckFlag = "ack-flag",
        /// What MSS is, and why each side announces its own.
        Mss = "mss",
        /// What if the handshake's third ACK is lost?
        LostThirdAck = "lost-third-ack",
        /// How long TCP waits before sending again.
        Rto = "rto",
        /// The SYN queue and the accept queue.
        TwoQueues = "two-queues",
        /// Can a SYN carry data?
        SynData = "syn-data",
        /// What a FIN means, and that it cannot be refused.
        FinMyths = "fin-myths",
        /// Reading `ss` and `netstat`.
        SsStates = "ss-states",
        /// ECONNREFUSED, ETIMEDOUT, ECONNRESET.
        Errors = "errors",
    }
}

impl DeepDive {
    /// The built-in scenario that shows the answer.
    pub const fn scenario(self) -> &'static str {
        match self {
            DeepDive::WhyThree => "old-duplicate-syn",
            DeepDive::WhyFour => "half-close",
            DeepDive::WhyTimeWait => "lost-final-ack",
            DeepDive::SynFlood => "syn-flood",
            DeepDive::SynFinTakeNumber => "handshake-and-close",
            DeepDive::SeqAndAck => "handshake-and-close",
            DeepDive::AckFlag => "handshake-and-close",
            DeepDive::Mss => "handshake-and-close",
            DeepDive::LostThirdAck => "lost-handshake-ack",
            DeepDive::Rto => "connect-timeout",
            DeepDive::TwoQueues => "syn-flood",
            DeepDive::SynData => "handshake-and-close",
            DeepDive::FinMyths => "half-close",
            DeepDive::SsStates => "server-closes-first",
            DeepDive::Errors => "connection-refused",
        }
    }
}

/// `@dive.<id>.title` and `@dive.<id>.body`.
pub fn dive_key(d: DeepDive, part: &str) -> String {
    format!("dive.{}.{part}", d.name())
}

/// A deep-dive question: (title, body with paragraphs separated by a blank line).
pub fn deep_dive(lang: Lang, d: DeepDive) -> (&'static str, &'static str) {
    let t = lang.texts();
    (t.get(&dive_key(d, "title")), t.get(&dive_key(d, "body")))
}
