//! Scenarios as data: two programs of socket calls, the wire's delay, drop and
//! delay rules, injected stray segments, the TCP profile and the learner's
//! recorded actions. Parsed from JSON (serde) and checked before a run, so a
//! bad scenario is a clear one-line error, never a panic.

use serde::{Deserialize, Serialize};

use crate::call::MAX_TRANSFER;
pub mod library;
pub mod text;

pub use crate::tuning::knobs::TuningOverrides;
pub use crate::vocab::action::{Action, LearnerAction};
use crate::{Call, Flags, Profile, Side, Tuning};

/// One-way delay of the path when a scenario does not say (ms).
pub const DEFAULT_DELAY_MS: u64 = 100;
/// Spacing between two segments of one host when a scenario does not say (ms).
pub const DEFAULT_GAP_MS: u64 = 10;
/// The MSS a host announces when a scenario does not say.
pub const DEFAULT_MSS: u16 = 1460;
/// The listener's SYN queue size when a scenario does not say.
pub const DEFAULT_BACKLOG: u32 = 128;
/// The receive buffer of a host when a scenario does not say (bytes): the
/// largest window a header can announce without window scaling.
pub const DEFAULT_RCVBUF: u32 = 65_535;

pub mod caps;

/// The client's and the server's ISN in the text form when not given (seed 003's numbers).
pub const DEFAULT_ISN: [u32; 2] = [1000, 8000];

fn default_delay() -> u64 {
    DEFAULT_DELAY_MS
}
fn default_gap() -> u64 {
    DEFAULT_GAP_MS
}
fn default_mss() -> u16 {
    DEFAULT_MSS
}
fn default_backlog() -> u32 {
    DEFAULT_BACKLOG
}
fn default_rcvbuf() -> u32 {
    DEFAULT_RCVBUF
}
fn is_default_rcvbuf(v: &u32) -> bool {
    *v == DEFAULT_RCVBUF
}
fn default_one() -> u32 {
    1
}

/// A whole lesson: who does what, and what the network does to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The active opener's settings and program.
    pub client: EndpointSpec,
    /// The passive opener's settings and program.
    pub server: EndpointSpec,
    /// One-way delay of the path, in ms (1 to 60000).
    #[serde(default = "default_delay")]
    pub delay_ms: u64,
    /// Minimum spacing between two segments leaving the same host, in ms. It
    /// stands in for serialization delay, exaggerated so that two segments
    /// sent back to back are two visible arrows (0 to 1000).
    #[serde(default = "default_gap")]
    pub gap_ms: u64,
    /// Segments the network loses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drops: Vec<DropRule>,
    /// Segments the network holds up longer than `delay_ms`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delays: Vec<DelayRule>,
    /// Segments the scenario puts on the wire itself (old duplicates, a SYN flood).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inject: Vec<Injection>,
    /// The set of defaults the TCP behaviour starts from (before `tcp`).
    #[serde(default)]
    pub profile: Profile,
    /// Knob-by-knob overrides of the profile.
    #[serde(default, skip_serializing_if = "TuningOverrides::is_empty")]
    pub tcp: TuningOverrides,
    /// The learner's own drops and calls, in time order (for replay and share links).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<LearnerAction>,
}

/// One host's settings and program.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndpointSpec {
    /// The ISN of this host's first connection.
    pub isn: u32,
    /// The MSS this host announces on its SYN.
    #[serde(default = "default_mss")]
    pub mss: u16,
    /// listen()'s backlog: how many half-open connections the SYN queue
    /// holds before it counts as full (see `Tuning::synq_over_backlog`).
    #[serde(default = "default_backlog")]
    pub backlog: u32,
    /// The receive buffer in bytes (1 to 65535): the most this host's
    /// window can offer. A small one fills up and closes the window.
    #[serde(default = "default_rcvbuf", skip_serializing_if = "is_default_rcvbuf")]
    pub rcvbuf: u32,
    /// The socket calls this host's application makes, in order.
    #[serde(default)]
    pub program: Vec<Call>,
}

/// Drop the `nth` segment (1-based) that `from` sends with exactly these flags,
/// counting retransmissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DropRule {
    /// The sender whose segments are counted.
    pub from: Side,
    /// The exact control bits a segment must carry to be counted.
    pub flags: Flags,
    /// Which matching segment is lost, 1-based (1 to 1000; default 1).
    #[serde(default = "default_one")]
    pub nth: u32,
}

/// Hold the `nth` matching segment in the network `extra_ms` longer than usual.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelayRule {
    /// The sender whose segments are counted.
    pub from: Side,
    /// The exact control bits a segment must carry to be counted.
    pub flags: Flags,
    /// Which matching segment is held up, 1-based (1 to 1000; default 1).
    #[serde(default = "default_one")]
    pub nth: u32,
    /// Added to the path's one-way delay, in ms (1 to 600000).
    pub extra_ms: u64,
}

crate::named_enum! {
    @serde
    /// Where an injected segment claims to come from.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum StraySource {
        /// The client's own address and port: an old duplicate from an earlier
        /// incarnation of the same connection.
        Client = "client",
        /// The server's address and port.
        Server = "server",
        /// Made-up addresses (198.51.100.x, a documentation range), one per segment:
        /// a SYN flood.
        Spoofed = "spoofed",
    }
}

/// A segment put on the wire by the scenario rather than by a host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Injection {
    /// When the (first) segment leaves, in ms since the start (0 to 3600000).
    pub at_ms: u64,
    /// The address it claims to come from.
    pub from: StraySource,
    /// The host it is addressed to.
    pub to: Side,
    /// Its control bits.
    pub flags: Flags,
    /// SEG.SEQ, as a raw 32-bit number.
    pub seq: u32,
    /// SEG.ACK, used only if `flags` has ACK (default 0).
    #[serde(default)]
    pub ack: u32,
    /// Payload bytes (0 to 1460; default 0).
    #[serde(default)]
    pub len: u32,
    /// How many such segments (spoofed ones each get their own address).
    #[serde(default = "default_one")]
    pub count: u32,
    /// Spacing between copies when `count` > 1, in ms (0 to 600000; default 0).
    #[serde(default)]
    pub every_ms: u64,
}

/// Why a scenario cannot run. `Display` is the one-line message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError(pub String);

impl core::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScenarioError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError(msg.into()))
}

/// A list no longer than its cap.
fn at_most(what: &str, unit: &str, len: usize, cap: usize) -> Result<(), ScenarioError> {
    if len > cap {
        return err(format!("{what} has {len} {unit}; at most {cap} are accepted"));
    }
    Ok(())
}

fn in_range(what: &str, value: u64, min: u64, max: u64) -> Result<(), ScenarioError> {
    if value < min || value > max {
        return err(format!("{what} is {value}; it must be between {min} and {max}"));
    }
    Ok(())
}

impl Scenario {
    /// Parses and checks a scenario from JSON.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        if text.len() > caps::JSON_BYTES {
            return err(format!(
                "scenario JSON is {} bytes; at most {} are accepted",
                text.len(),
                caps::JSON_BYTES
            ));
        }
        let scenario: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError(format!("scenario JSON: {e}")))?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// The scenario as compact JSON (what `from_json` reads back).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The tuning this scenario runs with: its profile plus its overrides.
    pub fn tuning(&self) -> Tuning {
        let mut t = Tuning::for_profile(self.profile);
        self.tcp.apply(&mut t);
        t
    }

    /// The settings and program of one host.
    pub fn endpoint(&self, side: Side) -> &EndpointSpec {
        match side {
            Side::Client => &self.client,
            Side::Server => &self.server,
        }
    }

    /// Checks everything a run relies on.
    pub fn validate(&self) -> Result<(), ScenarioError> {
        in_range("delay_ms", self.delay_ms, 1, 60_000)?;
        in_range("gap_ms", self.gap_ms, 0, 1_000)?;
        for side in Side::BOTH {
            let spec = self.endpoint(side);
            in_range(&format!("{side} mss"), u64::from(spec.mss), 64, 65_495)?;
            in_range(&format!("{side} backlog"), u64::from(spec.backlog), 1, 1_024)?;
            in_range(&format!("{side} rcvbuf"), u64::from(spec.rcvbuf), 1, 65_535)?;
            at_most(
                &format!("{side} program"),
                "calls",
                spec.program.len(),
                caps::PROGRAM,
            )?;
            check_program(side, &spec.program)?;
        }
        at_most("drops", "rules", self.drops.len(), caps::RULES)?;
        at_most("delays", "rules", self.delays.len(), caps::RULES)?;
        at_most("inject", "lines", self.inject.len(), caps::INJECTIONS)?;
        at_most("actions", "actions", self.actions.len(), caps::ACTIONS)?;
        let injected: u64 = self.inject.iter().map(|j| u64::from(j.count)).sum();
        if injected > caps::INJECTED {
            return err(format!(
                "inject puts {injected} segments on the wire; at most {} in all",
                caps::INJECTED
            ));
        }
        for (i, rule) in self.drops.iter().enumerate() {
            in_range(&format!("drops[{i}].nth"), u64::from(rule.nth), 1, 1_000)?;
        }
        for (i, rule) in self.delays.iter().enumerate() {
            in_range(&format!("delays[{i}].nth"), u64::from(rule.nth), 1, 1_000)?;
            in_range(&format!("delays[{i}].extra_ms"), rule.extra_ms, 1, 600_000)?;
        }
        for (i, inj) in self.inject.iter().enumerate() {
            in_range(&format!("inject[{i}].at_ms"), inj.at_ms, 0, 3_600_000)?;
            in_range(&format!("inject[{i}].count"), u64::from(inj.count), 1, 1_000)?;
            in_range(&format!("inject[{i}].len"), u64::from(inj.len), 0, 1_460)?;
            in_range(&format!("inject[{i}].every_ms"), inj.every_ms, 0, 600_000)?;
            if inj.from == StraySource::Client && inj.to == Side::Client
                || inj.from == StraySource::Server && inj.to == Side::Server
            {
                return err(format!("inject[{i}]: a segment from the {} to itself", inj.to));
            }
        }
        self.tuning().validate().map_err(ScenarioError)?;
        let mut last = 0;
        for (i, a) in self.actions.iter().enumerate() {
            if a.at_ms < last {
                return err(format!(
                    "actions[{i}] at {} ms comes before the action before it",
                    a.at_ms
                ));
            }
            last = a.at_ms;
        }
        Ok(())
    }
}

/// What a program has done to its socket so far, to reject impossible programs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Fresh,
    Listening,
    Connected,
    Closed,
}

fn check_program(side: Side, program: &[Call]) -> Result<(), ScenarioError> {
    let mut phase = Phase::Fresh;
    let mut listening = false;
    let mut shut = false;
    let mut sent: u64 = 0;
    for (i, call) in program.iter().enumerate() {
        let step = || format!("{side} program step {} (\"{call}\")", i + 1);
        let problem = match (call, phase) {
            (Call::Sleep(_), _) => None,
            (_, Phase::Closed) => Some("the socket is already closed; only sleep may follow close or abort"),
            (Call::Listen, Phase::Fresh) => {
                listening = true;
                phase = Phase::Listening;
                None
            }
            (Call::Listen, _) => Some("listen must come first, before connect or accept"),
            (Call::Connect, Phase::Fresh) => {
                phase = Phase::Connected;
                None
            }
            // RFC 9293 3.10.2: a listening (passive) socket may turn active.
            (Call::Connect, Phase::Listening) => {
                listening = false;
                phase = Phase::Connected;
                None
            }
            (Call::Connect, _) => {
                Some("connect needs a socket without a connection (only listen may come before it)")
            }
            (Call::Accept, Phase::Listening) => {
                phase = Phase::Connected;
                None
            }
            (Call::Accept, _) if !listening => Some("accept needs listen first (and no connect since)"),
            (Call::Accept, _) => Some("this model holds one connection per program: accept only once"),
            (Call::Close | Call::Abort, Phase::Listening) => {
                phase = Phase::Closed;
                None
            }
            (_, Phase::Fresh | Phase::Listening) => {
                Some("needs a connection first (connect, or listen and accept)")
            }
            (Call::Send(_), Phase::Connected) if shut => Some("send after shutdown always fails (EPIPE)"),
            (Call::Send(n), Phase::Connected) => {
                sent += u64::from(*n);
                (sent > u64::from(MAX_TRANSFER)).then_some("more than 65535 bytes in total in one direction")
            }
            (Call::Shutdown, Phase::Connected) => {
                shut = true;
                None
            }
            (Call::Close | Call::Abort, Phase::Connected) => {
                phase = Phase::Closed;
                None
            }
            (Call::Recv(_) | Call::RecvEof, Phase::Connected) => None,
        };
        if let Some(problem) = problem {
            return err(format!("{}: {problem}", step()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = r#"{"client":{"isn":1000,"program":["connect","send 20","recv 10","close"]},
      "server":{"isn":8000,"mss":1024,"program":["listen","accept","recv 20","send 10","recv eof","close"]},
      "delay_ms":100,"drops":[{"from":"client","flags":"SYN","nth":1}]}"#;

    #[test]
    fn the_issue_example_parses() {
        let s = Scenario::from_json(SEED).unwrap();
        assert_eq!(s.client.program[1], Call::Send(20));
        assert_eq!(s.server.mss, 1024);
        assert_eq!(s.client.mss, 1460);
        assert_eq!(
            s.drops[0],
            DropRule {
                from: Side::Client,
                flags: Flags::SYN,
                nth: 1
            }
        );
        assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    }

    #[test]
    fn malformed_json_says_where() {
        let e = Scenario::from_json("{\"client\":").unwrap_err();
        assert!(e.0.starts_with("scenario JSON:"), "{e}");
        let e = Scenario::from_json(r#"{"client":{"isn":1},"server":{"isn":2},"colour":"red"}"#).unwrap_err();
        assert!(e.0.contains("unknown field `colour`"), "{e}");
        let e =
            Scenario::from_json(r#"{"client":{"isn":1,"program":["jump"]},"server":{"isn":2}}"#).unwrap_err();
        assert!(e.0.contains("unknown socket call \"jump\""), "{e}");
    }

    #[test]
    fn impossible_programs_are_rejected_with_the_step() {
        let case = |client: &str| {
            let json = format!(r#"{{"client":{{"isn":1,"program":{client}}},"server":{{"isn":2}}}}"#);
            Scenario::from_json(&json).unwrap_err().0
        };
        assert_eq!(
            case(r#"["send 20"]"#),
            "client program step 1 (\"send 20\"): needs a connection first (connect, or listen and accept)"
        );
        assert!(case(r#"["accept"]"#).contains("accept needs listen first"));
        assert!(case(r#"["connect","connect"]"#).contains("step 2"));
        assert!(case(r#"["listen","accept","connect"]"#).contains("only listen may come before it"));
        assert!(case(r#"["listen","connect","accept"]"#).contains("no connect since"));
        assert!(case(r#"["connect","close","send 1"]"#).contains("already closed"));
        assert!(case(r#"["connect","shutdown","send 1"]"#).contains("EPIPE"));
        assert!(case(r#"["connect","send 65535","send 1"]"#).contains("65535"));
    }

    #[test]
    fn a_listening_socket_may_turn_active() {
        // RFC 9293 3.10.2, SEND in LISTEN: LISTEN → SYN-SENT.
        let json =
            r#"{"client":{"isn":1,"program":["listen","connect","send 1","close"]},"server":{"isn":2}}"#;
        assert!(Scenario::from_json(json).is_ok());
    }

    #[test]
    fn numbers_out_of_range_are_named() {
        let e = Scenario::from_json(r#"{"client":{"isn":1},"server":{"isn":2},"delay_ms":0}"#).unwrap_err();
        assert_eq!(e.0, "delay_ms is 0; it must be between 1 and 60000");
        let e = Scenario::from_json(
            r#"{"client":{"isn":1},"server":{"isn":2},"drops":[{"from":"client","flags":"SYN","nth":0}]}"#,
        )
        .unwrap_err();
        assert!(e.0.contains("drops[0].nth is 0"), "{e}");
    }

    #[test]
    fn overrides_change_only_their_knob() {
        let s = Scenario::from_json(
            r#"{"client":{"isn":1},"server":{"isn":2},"profile":"linux","tcp":{"time_wait_ms":4000}}"#,
        )
        .unwrap();
        let t = s.tuning();
        assert_eq!(t.time_wait_len(), crate::Millis(4_000));
        assert_eq!(t.ack_delay, crate::Millis(40));
    }
}
