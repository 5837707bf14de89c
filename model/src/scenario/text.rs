//! A compact text form of scenarios: one directive per line (or `;`
//! between directives), short enough for a URL and easy to write by hand.
//! The widget uses it for built-in lessons and share links (it needs no JSON
//! parser, which keeps the WebAssembly small); `tcpsim` reads it too.
//!
//! ```text
//! client isn=1000 mss=1460 | connect, send 20, recv 10, close
//! server isn=8000 mss=1024 backlog=4 | listen, accept, recv 20, send 10, recv eof, close
//! net delay=100 gap=10 profile=linux
//! drop client SYN 1
//! hold client SYN 1 300
//! inject 0 spoofed server SYN seq=5000 count=4 every=20
//! tcp fin_ack_delay_ms=40 syn_retries=3
//! act 340 drop 0
//! act 500 client connect
//! ```
//!
//! Flags are written without spaces ("SYN,ACK"). Unknown directives, keys or
//! values are errors naming the line, never ignored.

use crate::scenario::caps;
use crate::scenario::{
    Action, DelayRule, DropRule, EndpointSpec, Injection, LearnerAction, Scenario, ScenarioError,
    StraySource, TuningOverrides, DEFAULT_BACKLOG, DEFAULT_DELAY_MS, DEFAULT_GAP_MS, DEFAULT_ISN,
    DEFAULT_MSS, DEFAULT_RCVBUF,
};
use crate::{Call, Flags, Profile, SegmentId, Side};

fn err<T>(line_no: usize, line: &str, msg: impl core::fmt::Display) -> Result<T, ScenarioError> {
    Err(ScenarioError(format!(
        "scenario text line {line_no} (\"{line}\"): {msg}"
    )))
}

fn number<T: core::str::FromStr>(text: &str, what: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{what} \"{text}\" is not a number"))
}

fn side(text: &str) -> Result<Side, String> {
    Side::from_name(text).ok_or_else(|| format!("unknown side \"{text}\" (client or server)"))
}

/// Splits `key=value` words.
fn pairs<'a>(words: &[&'a str]) -> Result<Vec<(&'a str, &'a str)>, String> {
    words
        .iter()
        .map(|w| {
            w.split_once('=')
                .ok_or_else(|| format!("expected key=value, got \"{w}\""))
        })
        .collect()
}

impl Scenario {
    /// Parses the text form and checks the result.
    pub fn from_text(text: &str) -> Result<Scenario, ScenarioError> {
        // Bounded before parsing; the cap itself applies to the written-out
        // form below, so whatever is accepted can be shared and read back.
        if text.len() > 2 * caps::TEXT_BYTES {
            return Err(ScenarioError(format!(
                "scenario text is {} bytes; at most {} are accepted",
                text.len(),
                caps::TEXT_BYTES
            )));
        }
        let endpoint = |side: Side| EndpointSpec {
            isn: DEFAULT_ISN[side.index()],
            mss: DEFAULT_MSS,
            backlog: DEFAULT_BACKLOG,
            rcvbuf: DEFAULT_RCVBUF,
            program: Vec::new(),
        };
        let mut s = Scenario {
            client: endpoint(Side::Client),
            server: endpoint(Side::Server),
            delay_ms: DEFAULT_DELAY_MS,
            gap_ms: DEFAULT_GAP_MS,
            drops: Vec::new(),
            delays: Vec::new(),
            inject: Vec::new(),
            profile: Profile::default(),
            tcp: TuningOverrides::default(),
            actions: Vec::new(),
        };
        let lines = text
            .split(['\n', ';'])
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        let mut seen = Seen::default();
        for (i, line) in lines.enumerate() {
            let n = i + 1;
            if let Err(msg) = seen.check(line).and_then(|()| parse_line(&mut s, line)) {
                return err(n, line, msg);
            }
        }
        s.validate()?;
        let written = s.to_text().len();
        if written > caps::TEXT_BYTES {
            return Err(ScenarioError(format!(
                "scenario text is {written} bytes written out; at most {} are accepted",
                caps::TEXT_BYTES
            )));
        }
        Ok(s)
    }

    /// The text form (parsing it gives back an equal scenario). A scenario
    /// [`Scenario::from_text`] accepted is at most [`caps::TEXT_BYTES`] long
    /// written out, so a share link of it is always read back.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for side in Side::BOTH {
            let e = self.endpoint(side);
            out.push_str(&format!("{side} isn={} mss={}", e.isn, e.mss));
            if e.backlog != DEFAULT_BACKLOG {
                out.push_str(&format!(" backlog={}", e.backlog));
            }
            if e.rcvbuf != DEFAULT_RCVBUF {
                out.push_str(&format!(" rcvbuf={}", e.rcvbuf));
            }
            if !e.program.is_empty() {
                let calls: Vec<String> = e.program.iter().map(|c| c.to_string()).collect();
                out.push_str(&format!(" | {}", calls.join(", ")));
            }
            out.push('\n');
        }
        out.push_str(&format!(
            "net delay={} gap={} profile={}\n",
            self.delay_ms,
            self.gap_ms,
            self.profile.name()
        ));
        for d in &self.drops {
            out.push_str(&format!("drop {} {} {}\n", d.from, d.flags, d.nth));
        }
        for d in &self.delays {
            out.push_str(&format!("hold {} {} {} {}\n", d.from, d.flags, d.nth, d.extra_ms));
        }
        for j in &self.inject {
            out.push_str(&format!(
                "inject {} {} {} {} seq={}",
                j.at_ms,
                j.from.name(),
                j.to,
                j.flags,
                j.seq
            ));
            for (key, value, default) in [("ack", j.ack, 0), ("len", j.len, 0), ("count", j.count, 1)] {
                if value != default {
                    out.push_str(&format!(" {key}={value}"));
                }
            }
            if j.every_ms != 0 {
                out.push_str(&format!(" every={}", j.every_ms));
            }
            out.push('\n');
        }
        let tcp = self.tcp.pairs();
        if !tcp.is_empty() {
            out.push_str("tcp");
            for (k, v) in tcp {
                out.push_str(&format!(" {k}={v}"));
            }
            out.push('\n');
        }
        for a in &self.actions {
            match a.action {
                Action::Drop { segment } => out.push_str(&format!("act {} drop {}\n", a.at_ms, segment.0)),
                Action::Call { side, call } => out.push_str(&format!("act {} {side} {call}\n", a.at_ms)),
            }
        }
        out
    }
}

/// Parses learner actions written as `act` lines without the word `act`,
/// separated by `;` or newlines: `"340 drop 0; 500 client connect"` (the
/// form share links carry next to a built-in scenario's name).
pub fn parse_actions(text: &str) -> Result<Vec<LearnerAction>, ScenarioError> {
    let mut holder =
        Scenario::from_text("").unwrap_or_else(|e| unreachable!("the empty scenario is valid: {e}"));
    let lines = text.split(['\n', ';']).map(str::trim).filter(|l| !l.is_empty());
    for (i, line) in lines.enumerate() {
        if let Err(msg) = parse_line(&mut holder, &format!("act {line}")) {
            return err(i + 1, line, msg);
        }
    }
    Ok(holder.actions)
}

/// Writes actions in the form [`parse_actions`] reads.
pub fn actions_text(actions: &[LearnerAction]) -> String {
    let parts: Vec<String> = actions
        .iter()
        .map(|a| match a.action {
            Action::Drop { segment } => format!("{} drop {}", a.at_ms, segment.0),
            Action::Call { side, call } => format!("{} {side} {call}", a.at_ms),
        })
        .collect();
    parts.join(";")
}

/// What the text has said so far that may be said only once: each host's
/// line, the `net` line, and every `tcp` key (a second value would silently
/// win, so it is an error instead).
#[derive(Default)]
struct Seen {
    lines: Vec<String>,
    keys: Vec<String>,
}

impl Seen {
    fn check(&mut self, line: &str) -> Result<(), String> {
        let head = line.split('|').next().unwrap_or_default();
        let mut words = head.split_whitespace();
        let directive = words.next().unwrap_or_default();
        if matches!(directive, "client" | "server" | "net") {
            if self.lines.iter().any(|d| d == directive) {
                return Err(format!("a second \"{directive}\" line (give each setting once)"));
            }
            self.lines.push(directive.to_string());
        }
        if matches!(directive, "client" | "server" | "net" | "tcp") {
            let mut here: Vec<&str> = Vec::new();
            for word in words {
                let key = word.split_once('=').map_or(word, |(k, _)| k);
                let known = if directive == "tcp" {
                    self.keys.iter().any(|k| k == key)
                } else {
                    here.contains(&key)
                };
                if known {
                    return Err(format!("\"{key}\" is given twice"));
                }
                here.push(key);
                if directive == "tcp" {
                    self.keys.push(key.to_string());
                }
            }
        }
        Ok(())
    }
}

fn parse_line(s: &mut Scenario, line: &str) -> Result<(), String> {
    let (head, program) = match line.split_once('|') {
        Some((head, program)) => (head, Some(program)),
        None => (line, None),
    };
    let words: Vec<&str> = head.split_whitespace().collect();
    let Some((&directive, rest)) = words.split_first() else {
        return Err("empty line".into());
    };
    match directive {
        "client" | "server" => {
            let spec = match directive {
                "client" => &mut s.client,
                _ => &mut s.server,
            };
            for (key, value) in pairs(rest)? {
                match key {
                    "isn" => spec.isn = number(value, "isn")?,
                    "mss" => spec.mss = number(value, "mss")?,
                    "backlog" => spec.backlog = number(value, "backlog")?,
                    "rcvbuf" => spec.rcvbuf = number(value, "rcvbuf")?,
                    other => return Err(format!("unknown key \"{other}\" (isn, mss, backlog, rcvbuf)")),
                }
            }
            if let Some(program) = program {
                spec.program = program
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(Call::parse)
                    .collect::<Result<_, _>>()?;
            }
        }
        _ if program.is_some() => return Err("only client and server lines take a program after |".into()),
        "net" => {
            for (key, value) in pairs(rest)? {
                match key {
                    "delay" => s.delay_ms = number(value, "delay")?,
                    "gap" => s.gap_ms = number(value, "gap")?,
                    "profile" => {
                        s.profile = Profile::from_name(value)
                            .ok_or_else(|| format!("unknown profile \"{value}\" (rfc9293 or linux)"))?;
                    }
                    other => return Err(format!("unknown key \"{other}\" (delay, gap, profile)")),
                }
            }
        }
        "drop" | "hold" => {
            let expected = if directive == "drop" { 3 } else { 4 };
            if rest.len() != expected && !(directive == "drop" && rest.len() == 2) {
                return Err(format!(
                    "{directive} takes: side FLAGS nth{}",
                    if directive == "hold" { " ms" } else { "" }
                ));
            }
            let from = side(rest[0])?;
            let flags = Flags::parse(rest[1])?;
            let nth = rest.get(2).map_or(Ok(1), |n| number(n, "nth"))?;
            if directive == "drop" {
                s.drops.push(DropRule { from, flags, nth });
            } else {
                let extra_ms = number(rest[3], "ms")?;
                s.delays.push(DelayRule {
                    from,
                    flags,
                    nth,
                    extra_ms,
                });
            }
        }
        "inject" => {
            if rest.len() < 5 {
                return Err(
                    "inject takes: at_ms from to FLAGS seq=N [ack=N] [len=N] [count=N] [every=N]".into(),
                );
            }
            let from = StraySource::from_name(rest[1])
                .ok_or_else(|| format!("unknown source \"{}\" (client, server or spoofed)", rest[1]))?;
            let mut j = Injection {
                at_ms: number(rest[0], "at_ms")?,
                from,
                to: side(rest[2])?,
                flags: Flags::parse(rest[3])?,
                seq: 0,
                ack: 0,
                len: 0,
                count: 1,
                every_ms: 0,
            };
            let mut seen_seq = false;
            for (key, value) in pairs(&rest[4..])? {
                match key {
                    "seq" => {
                        j.seq = number(value, "seq")?;
                        seen_seq = true;
                    }
                    "ack" => j.ack = number(value, "ack")?,
                    "len" => j.len = number(value, "len")?,
                    "count" => j.count = number(value, "count")?,
                    "every" => j.every_ms = number(value, "every")?,
                    other => return Err(format!("unknown key \"{other}\" (seq, ack, len, count, every)")),
                }
            }
            if !seen_seq {
                return Err("inject needs seq=N".into());
            }
            s.inject.push(j);
        }
        "tcp" => {
            for (key, value) in pairs(rest)? {
                s.tcp.set(key, value)?;
            }
        }
        "act" => {
            let at_ms = number(
                rest.first()
                    .ok_or("act takes: at_ms drop ID, or at_ms side CALL")?,
                "at_ms",
            )?;
            let action = match rest.get(1).copied() {
                Some("drop") => {
                    let id = rest.get(2).ok_or("act … drop needs a segment id")?;
                    Action::Drop {
                        segment: SegmentId(number(id, "segment id")?),
                    }
                }
                Some(who) => {
                    let side = side(who)?;
                    let call = Call::parse(&rest[2..].join(" "))?;
                    Action::Call { side, call }
                }
                None => return Err("act takes: at_ms drop ID, or at_ms side CALL".into()),
            };
            s.actions.push(LearnerAction { at_ms, action });
        }
        other => {
            return Err(format!(
                "unknown directive \"{other}\" (client, server, net, drop, hold, inject, tcp, act)"
            ))
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::library::BUILTINS;

    #[test]
    fn the_doc_example_parses() {
        let s = Scenario::from_text(
            "client isn=1000 mss=1460 | connect, send 20, recv 10, close\n\
             server isn=8000 mss=1024 backlog=4 | listen, accept, recv 20, send 10, recv eof, close\n\
             net delay=100 gap=10 profile=linux\n\
             drop client SYN 1\n\
             hold client SYN 1 300\n\
             inject 0 spoofed server SYN seq=5000 count=4 every=20\n\
             tcp fin_ack_delay_ms=40 syn_retries=3\n\
             act 340 drop 0\n\
             act 500 client connect",
        )
        .unwrap();
        assert_eq!(s.server.backlog, 4);
        assert_eq!(s.profile, Profile::Linux);
        assert_eq!(
            s.drops,
            [DropRule {
                from: Side::Client,
                flags: Flags::SYN,
                nth: 1
            }]
        );
        assert_eq!(s.delays[0].extra_ms, 300);
        assert_eq!((s.inject[0].count, s.inject[0].every_ms), (4, 20));
        assert_eq!(s.tcp.fin_ack_delay_ms, Some(40));
        assert_eq!(
            s.actions[1].action,
            Action::Call {
                side: Side::Client,
                call: Call::Connect
            }
        );
    }

    #[test]
    fn every_builtin_round_trips_through_text_and_json() {
        for b in BUILTINS {
            let s = b.scenario();
            assert_eq!(Scenario::from_text(&s.to_text()).unwrap(), s, "{}", b.name);
            assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s, "{}", b.name);
        }
    }

    #[test]
    fn actions_round_trip_on_their_own() {
        let actions = parse_actions("340 drop 0; 500 client connect;900 server close").unwrap();
        assert_eq!(actions.len(), 3);
        assert_eq!(
            actions[0],
            LearnerAction {
                at_ms: 340,
                action: Action::Drop {
                    segment: SegmentId(0)
                }
            }
        );
        assert_eq!(parse_actions(&actions_text(&actions)).unwrap(), actions);
        assert!(parse_actions("12 teleport")
            .unwrap_err()
            .0
            .contains("unknown side \"teleport\""));
        assert!(parse_actions("soon drop 1")
            .unwrap_err()
            .0
            .contains("not a number"));
    }

    #[test]
    fn semicolons_separate_directives_too() {
        let s =
            Scenario::from_text("client isn=5 | connect; server | listen, accept; drop client SYN").unwrap();
        assert_eq!(s.client.isn, 5);
        assert_eq!(s.server.program, [Call::Listen, Call::Accept]);
        assert_eq!(s.drops[0].nth, 1);
    }

    #[test]
    fn mistakes_name_the_line_and_the_problem() {
        let e = |t: &str| Scenario::from_text(t).unwrap_err().0;
        assert_eq!(
            e("client | connect\ndrop clint SYN 1"),
            "scenario text line 2 (\"drop clint SYN 1\"): unknown side \"clint\" (client or server)"
        );
        assert!(e("client colour=red").contains("unknown key \"colour\""));
        assert!(e("client | connect, jump").contains("unknown socket call \"jump\""));
        assert!(e("net delay=fast").contains("delay \"fast\" is not a number"));
        assert!(e("teleport").contains("unknown directive"));
        assert!(e("drop client SYN,URG 1").contains("unknown TCP flag"));
        assert!(e("net delay=0").contains("delay_ms is 0"), "validation runs too");
        assert!(e("<script>alert(1)</script>").contains("unknown directive"));
    }
}

#[cfg(test)]
mod limits_tests {
    use crate::scenario::caps;
    use crate::Scenario;

    fn error(text: &str) -> String {
        Scenario::from_text(text).expect_err(text).to_string()
    }

    #[test]
    fn a_setting_given_twice_is_an_error_not_a_silent_override() {
        let base = "client | connect\nserver | listen, accept\n";
        for (extra, word) in [
            ("client isn=5\n", "second \"client\""),
            ("net delay=10\nnet gap=2\n", "second \"net\""),
            (
                "tcp syn_retries=1\ntcp syn_retries=2\n",
                "\"syn_retries\" is given twice",
            ),
            ("tcp msl_ms=5 msl_ms=6\n", "\"msl_ms\" is given twice"),
        ] {
            let e = error(&format!("{base}{extra}"));
            assert!(e.contains(word), "{extra:?}: {e}");
        }
        let e = error("client isn=1 isn=2 | connect\nserver | listen, accept");
        assert!(e.contains("\"isn\" is given twice"), "{e}");
    }

    #[test]
    fn every_list_has_a_cap_named_in_its_error() {
        let calls = vec!["sleep 1"; caps::PROGRAM + 1].join(", ");
        let e = error(&format!("client | {calls}\nserver | listen, accept"));
        assert!(e.contains("client program has 101 calls; at most 100"), "{e}");

        let drops = "drop client ACK 1\n".repeat(caps::RULES + 1);
        let e = error(&format!("client | connect\nserver | listen, accept\n{drops}"));
        assert!(e.contains("drops has 65 rules; at most 64"), "{e}");

        let floods = "inject 0 spoofed server SYN seq=1 count=600\n".repeat(2);
        let e = error(&format!("client | connect\nserver | listen, accept\n{floods}"));
        assert!(e.contains("1200 segments on the wire; at most 1000"), "{e}");

        let long = format!(
            "client | connect\nserver | listen, accept\n{}",
            "# padding\n".repeat(4_000)
        );
        let e = error(&long);
        assert!(e.contains("at most 16384 are accepted"), "{e}");
        // The cap applies to the written-out form: comments do not count…
        let commented = format!(
            "client | connect\nserver | listen, accept\n{}",
            "# padding\n".repeat(1_500)
        );
        assert!(Scenario::from_text(&commented).is_ok());
        // …a scenario too long written out is refused…
        let calls = vec!["send 1"; 99].join(", ");
        let rules: String = (0..64)
            .map(|i| format!("hold client ACK {} 600000\n", i + 1))
            .collect();
        let injections: String = (0..32)
            .map(|i| format!("inject {i} spoofed server SYN,ACK seq=4294967295 ack=4294967295 len=1460 count=31 every=600000\n"))
            .collect();
        let acts: String = (0..500)
            .map(|i| format!("act {} client send 1\n", 100_000 + i))
            .collect();
        let big = format!("client | connect, {calls}\nserver | listen, accept\n{rules}{injections}{acts}");
        assert!(big.len() <= 2 * caps::TEXT_BYTES, "{} bytes", big.len());
        let e = error(&big);
        assert!(e.contains("written out"), "{e}");
        // …and whatever is accepted reads back from its written-out form.
        let drops = "drop client ACK 1\n".repeat(60);
        let ok = Scenario::from_text(&format!("client | connect\nserver | listen, accept\n{drops}")).unwrap();
        assert_eq!(Scenario::from_text(&ok.to_text()).unwrap(), ok);

        let json = format!(
            "{{\"client\": {{\"isn\": 1}}, \"pad\": \"{}\"}}",
            "x".repeat(caps::JSON_BYTES)
        );
        let e = Scenario::from_json(&json).expect_err("too long").to_string();
        assert!(e.contains("at most 262144 are accepted"), "{e}");
    }
}
