//! The numbers the narration quotes are the run's own. Every sentence said
//! about a built-in run (technical lines with their details, and the
//! analogies' beats), in both languages, is lined up with its template;
//! each `{placeholder}` that holds a number is read back from the sentence
//! as shown and compared with the model's run: segment headers, the
//! scenario, the tuning and the times of the events, worked out here and
//! not taken from the narration's own values (`values.rs`).

use std::collections::BTreeSet;

use tcp_model::call::Outcome;
use tcp_model::event::{Conn, EventKind, GiveUp, TimerKind};
use tcp_model::library::BUILTINS;
use tcp_model::{Call, Simulation};

use super::keys::{analogy, technical};
use super::*;
use crate::store::RUN_LIMIT;
use crate::text::Lang;

/// Every way the narration can be shown.
const VIEWS: [(Mode, Analogy); 4] = [
    (Mode::Technical, Analogy::StandOff),
    (Mode::Analogy, Analogy::StandOff),
    (Mode::Analogy, Analogy::Phone),
    (Mode::Analogy, Analogy::Capability),
];

/// The placeholders that hold numbers of the run: each must be checked
/// somewhere in the built-ins (so a text that stops quoting one, or a check
/// that stops running, is noticed).
const NUMBERS: &[&str] = &[
    "seq",
    "ack",
    "next",
    "len",
    "window",
    "room",
    "mss",
    "orig",
    "rto",
    "new_rto",
    "ms",
    "deadline",
    "time_wait_ms",
    "msl_ms",
    "n",
    "secs",
    "backlog",
    "bytes",
    "snd_una",
    "rcv_nxt",
    "lost_id",
    "errno",
];

fn run(name: &str) -> Simulation {
    let b = tcp_model::library::builtin(name).unwrap_or_else(|| panic!("no built-in {name}"));
    let mut sim = Simulation::new(&b.scenario()).expect("built-ins run");
    sim.run_until_finished(RUN_LIMIT);
    sim
}

/// A template cut into literal text and placeholders.
enum Piece<'a> {
    Text(&'a str),
    Hole(&'a str),
}

fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        let close = open + rest[open..].find('}').expect("placeholders are closed");
        out.push(Piece::Hole(&rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// A placeholder's value as the sentence shows it, and where.
struct Quoted {
    key: String,
    value: String,
    at: std::ops::Range<usize>,
}

/// Reads the placeholders' values back from the text a template became.
fn read_back(template: &str, text: &str) -> Result<Vec<Quoted>, String> {
    let pieces = pieces(template);
    let mut quoted = Vec::new();
    let mut at = 0;
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => {
                if !text[at..].starts_with(t) {
                    return Err(format!(
                        "the text leaves its template: {:?} is not {t:?}",
                        &text[at..]
                    ));
                }
                at += t.len();
            }
            Piece::Hole(key) => {
                let end = match pieces.get(i + 1) {
                    Some(Piece::Text(t)) => {
                        at + text[at..]
                            .find(t)
                            .ok_or_else(|| format!("no {t:?} after {{{key}}} in {:?}", &text[at..]))?
                    }
                    Some(Piece::Hole(_)) => return Err(format!("two placeholders in a row in {template:?}")),
                    None => text.len(),
                };
                quoted.push(Quoted {
                    key: key.to_string(),
                    value: text[at..end].to_string(),
                    at: at..end,
                });
                at = end;
            }
        }
    }
    if at == text.len() {
        Ok(quoted)
    } else {
        Err(format!("text left over: {:?}", &text[at..]))
    }
}

/// The template of what is said about event `index` (headline, then details).
fn template(run: &Simulation, index: usize, lang: Lang, mode: Mode, theme: Analogy) -> String {
    let e = &run.events()[index];
    match mode {
        Mode::Technical => {
            let texts: Vec<(&str, &str)> = lines_for(run, e)
                .into_iter()
                .map(|l| technical(lang, l))
                .collect();
            let gap = if lang == Lang::Zh { "" } else { " " };
            let heads: Vec<&str> = texts.iter().map(|t| t.0).collect();
            let details: Vec<&str> = texts.iter().map(|t| t.1).filter(|d| !d.is_empty()).collect();
            let mut all = heads.join(gap);
            if !details.is_empty() {
                all.push('\n');
                all.push_str(&details.join("\n"));
            }
            all
        }
        Mode::Analogy => beat_for(run, e).map_or_else(String::new, |b| analogy(lang, theme, b).to_string()),
    }
}

/// Seconds as the narration writes them: whole, or with one decimal.
fn seconds(ms: u64) -> String {
    if ms % 1_000 == 0 {
        (ms / 1_000).to_string()
    } else {
        let tenths = (ms + 50) / 100;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// What placeholder `key` must say about event `index`, worked out from the
/// run itself; `None` for placeholders that hold no number of the run.
fn truth(run: &Simulation, index: usize, key: &str) -> Option<Result<String, String>> {
    let events = run.events();
    let e = &events[index];
    let side = e.side;
    let seg = e.segment().and_then(|id| run.segment(id));
    let tuning = run.tuning();
    let scenario = run.scenario();
    let missing = |what: &str| Some(Err(format!("{{{key}}} but {what}")));
    // The retransmission timer armed last on this side's connection before `index`, or first after it.
    let armed = |before: bool| {
        let is_rto = |x: &&tcp_model::Event| {
            x.side == side
                && matches!(
                    x.kind,
                    EventKind::TimerArmed {
                        conn: Conn::Main,
                        timer: TimerKind::Retransmission,
                        ..
                    }
                )
        };
        if before {
            events[..index].iter().rev().find(is_rto)
        } else {
            events[index..].iter().find(is_rto)
        }
    };
    Some(Ok(match (key, &e.kind) {
        ("seq", _) => seg.map(|s| s.header.seq.to_string())?,
        ("ack", _) => seg.map(|s| s.header.ack.to_string())?,
        ("len", _) => seg.map(|s| s.header.len.to_string())?,
        ("window", _) => seg.map(|s| s.header.window.to_string())?,
        // A simulated run does not scale windows: the room is the field.
        ("room", _) => seg.map(|s| s.header.window.to_string())?,
        ("next", _) => {
            // The number after the segment: SYN and FIN take one each.
            let h = &seg?.header;
            (h.seq + (h.len + u32::from(h.flags.syn()) + u32::from(h.flags.fin()))).to_string()
        }
        ("mss", _) => {
            let Some(side) = side else {
                return missing("no side");
            };
            let configured = scenario.endpoint(side).mss;
            if let Some(s) = seg {
                if s.header.mss != Some(configured) {
                    return Some(Err(format!(
                        "the SYN's MSS option {:?} is not the scenario's {configured}",
                        s.header.mss
                    )));
                }
            }
            configured.to_string()
        }
        ("orig", _) => {
            let s = seg?;
            let Some(orig) = s.retransmission_of.and_then(|o| run.segment(o)) else {
                return missing("the segment repeats nothing");
            };
            if orig.header.seq != s.header.seq || orig.from != s.from || orig.sent_at > s.sent_at {
                return Some(Err(format!("#{} is no earlier copy of #{}", orig.id.0, s.id.0)));
            }
            orig.id.0.to_string()
        }
        ("rto", EventKind::TimerFired { .. }) => {
            // How long the timer really ran: from the last time the segment it
            // guards left (the one sent again now, or the last SYN, FIN or data
            // when none is), or from the last ACK of new data after that
            // (RFC 6298 5.3), to now.
            let me = side?;
            let resent = events[index..].iter().find_map(|x| match x.kind {
                EventKind::SegmentSent {
                    segment,
                    resend: Some(_),
                    ..
                } if x.side == side => run.segment(segment),
                _ => None,
            });
            let guarded = run
                .segments()
                .iter()
                .filter(|s| s.from.side() == Some(me) && s.sent_at < e.at)
                .filter(|s| match resent {
                    Some(r) => s.header.seq == r.header.seq,
                    None => s.header.seg_len() > 0,
                })
                .map(|s| s.sent_at)
                .max()?;
            let acked = events[..index]
                .iter()
                .filter(|x| {
                    x.side == side && matches!(x.kind, EventKind::Acknowledged { conn: Conn::Main, .. })
                })
                .map(|x| x.at)
                .max()
                .unwrap_or(guarded);
            (e.at.0 - guarded.max(acked).0).to_string()
        }
        ("new_rto", EventKind::TimerFired { .. }) => match armed(false).map(|a| &a.kind) {
            Some(EventKind::TimerArmed { deadline, .. }) => (deadline.0 - e.at.0).to_string(),
            _ => return missing("the timer is not armed again"),
        },
        ("time_wait_ms", EventKind::TimerArmed { deadline, .. }) => {
            let len = deadline.0 - e.at.0;
            if len != tuning.time_wait_len().0 {
                return Some(Err(format!(
                    "TIME-WAIT armed for {len} ms, the tuning says {:?}",
                    tuning.time_wait_len()
                )));
            }
            len.to_string()
        }
        ("deadline", EventKind::TimerArmed { .. }) => {
            // When TIME-WAIT really ended (the last time it was armed).
            let me = side?;
            let closed = run
                .state_bands(me, run.now())
                .windows(2)
                .rev()
                .find(|w| w[0].state == tcp_model::State::TimeWait && w[0].start <= e.at)
                .map(|w| w[1].start)?;
            let rearmed = events[index + 1..].iter().any(|x| {
                x.side == side
                    && matches!(
                        x.kind,
                        EventKind::TimerArmed {
                            timer: TimerKind::TimeWait,
                            ..
                        }
                    )
            });
            if rearmed {
                (e.at.0 + tuning.time_wait_len().0).to_string()
            } else {
                closed.0.to_string()
            }
        }
        (
            "ms",
            EventKind::CallStarted {
                call: Call::Sleep(_), ..
            },
        ) => {
            // How long the application was really away.
            let span = run
                .call_spans(run.now())
                .into_iter()
                .find(|c| Some(c.side) == side && c.started == e.at && matches!(c.call, Call::Sleep(_)))?;
            let (back, _) = span.returned?;
            (back.0 - e.at.0).to_string()
        }
        ("ms", EventKind::SegmentDelayed { .. }) => {
            let s = seg?;
            (s.arrives_at.0 - s.sent_at.0 - scenario.delay_ms).to_string()
        }
        ("msl_ms", _) => {
            if tuning.time_wait_len().0 != 2 * tuning.msl.0 {
                return Some(Err("the texts say TIME-WAIT is 2×MSL, the tuning does not".into()));
            }
            tuning.msl.0.to_string()
        }
        (
            "n",
            EventKind::GaveUp {
                reason: GiveUp::SynRetries { .. },
                ..
            },
        ) => {
            // The SYNs sent again, counted on the wire.
            let from = side?;
            run.segments()
                .iter()
                .filter(|s| {
                    s.from.side() == Some(from) && s.header.flags.syn() && s.retransmission_of.is_some()
                })
                .count()
                .to_string()
        }
        (
            "secs",
            EventKind::GaveUp {
                reason: GiveUp::SynRetries { .. },
                ..
            },
        ) => {
            let from = side?;
            let first = run
                .segments()
                .iter()
                .find(|s| s.from.side() == Some(from) && s.header.flags.syn())?;
            seconds(e.at.0 - first.sent_at.0)
        }
        ("n", EventKind::ListenQueue { half_open, .. }) => {
            let limit = scenario.endpoint(side?).backlog + u32::from(tuning.synq_over_backlog);
            if *half_open > limit {
                return Some(Err(format!(
                    "{half_open} half-open connections, more than fit ({limit})"
                )));
            }
            return None;
        }
        ("backlog", _) => scenario.endpoint(side?).backlog.to_string(),
        ("snd_una", EventKind::Acknowledged { .. }) => seg?.header.ack.to_string(),
        ("bytes", EventKind::Acknowledged { .. }) => {
            // From the last number acknowledged before (or this side's SYN) to the new ack.
            let me = side?;
            let ack = seg?.header.ack;
            let syn = run.segments().iter().rev().find(|s| {
                s.from.side() == Some(me) && s.to.is_some() && s.header.flags.syn() && s.sent_at <= e.at
            })?;
            let before = events[..index]
                .iter()
                .rev()
                .take_while(
                    |x| !matches!(x.kind, EventKind::SegmentSent { segment, .. } if segment == syn.id),
                )
                .find_map(|x| match x.kind {
                    EventKind::Acknowledged {
                        conn: Conn::Main,
                        snd_una,
                        ..
                    } if x.side == side => Some(snd_una),
                    _ => None,
                })
                .unwrap_or(syn.header.seq);
            (ack - before).to_string()
        }
        ("bytes", EventKind::DataReceived { .. }) | ("bytes", EventKind::DataQueuedOutOfOrder { .. }) => {
            seg?.header.len.to_string()
        }
        ("rcv_nxt", EventKind::DataReceived { .. }) => {
            let h = &seg?.header;
            (h.seq + h.len).to_string()
        }
        (
            "bytes",
            EventKind::CallStarted {
                call: Call::Send(n), ..
            },
        ) => n.to_string(),
        (
            "bytes",
            EventKind::CallReturned {
                call: Call::Recv(n),
                outcome: Outcome::Read { .. },
            },
        ) => n.to_string(),
        ("lost_id", EventKind::AckCovered { lost, .. }) => {
            let (Some(l), Some(s)) = (run.segment(*lost), seg) else {
                return missing("no such segments");
            };
            let bare = l.header.len == 0 && !l.header.flags.syn() && !l.header.flags.fin();
            if !(l.dropped() && bare && l.from == s.from && l.header.ack <= s.header.ack) {
                return Some(Err(format!(
                    "#{} is no lost bare ACK that #{} covers",
                    l.id.0, s.id.0
                )));
            }
            l.id.0.to_string()
        }
        (
            "errno",
            EventKind::CallReturned {
                outcome: Outcome::Failed { error },
                ..
            },
        ) => error.errno().to_string(),
        _ => return None,
    }))
}

/// The problems with what is said about event `index` as `shown` (a
/// sentence's headline and details, `Said::full`), and the placeholders
/// that were checked.
fn problems(
    run: &Simulation,
    index: usize,
    lang: Lang,
    (mode, theme): (Mode, Analogy),
    shown: &str,
) -> (Vec<String>, BTreeSet<String>) {
    let template = template(run, index, lang, mode, theme);
    let mut checked = BTreeSet::new();
    let quoted = match read_back(&template, shown) {
        Ok(q) => q,
        Err(e) => return (vec![e], checked),
    };
    let mut wrong = Vec::new();
    for q in quoted {
        match truth(run, index, &q.key) {
            None => {}
            Some(Err(e)) => wrong.push(e),
            Some(Ok(expected)) => {
                checked.insert(q.key.clone());
                if q.value != expected {
                    wrong.push(format!(
                        "{{{}}} says {:?}, the run says {expected:?}",
                        q.key, q.value
                    ));
                }
            }
        }
    }
    (wrong, checked)
}

#[test]
fn every_number_quoted_is_the_runs_in_both_languages() {
    let mut checked = BTreeSet::new();
    for b in BUILTINS {
        let run = run(b.name);
        for &lang in Lang::ALL {
            for view in VIEWS {
                for said in narrate_all(&run, lang, view.0, view.1) {
                    let (wrong, keys) = problems(&run, said.event, lang, view, &said.full());
                    assert!(
                        wrong.is_empty(),
                        "{} {lang:?} {view:?} at {} ms: {wrong:?}\n{}",
                        b.name,
                        said.at.0,
                        said.full()
                    );
                    checked.extend(keys);
                }
            }
        }
    }
    for key in NUMBERS {
        assert!(
            checked.contains(*key),
            "no built-in quotes {{{key}}}: is it still checked?"
        );
    }
}

#[test]
fn a_wrong_number_in_a_sentence_is_caught() {
    // Each number of each sentence, changed by one, must be reported: the
    // check above can fail.
    let mut caught = 0;
    for name in [
        "handshake-and-close",
        "connect-timeout",
        "zero-window",
        "lost-final-ack",
        "syn-flood",
    ] {
        let run = run(name);
        for &lang in Lang::ALL {
            let view = (Mode::Technical, Analogy::StandOff);
            for said in narrate_all(&run, lang, view.0, view.1) {
                let shown = said.full();
                let template = template(&run, said.event, lang, view.0, view.1);
                for q in read_back(&template, &shown).expect("the narration reads back") {
                    let Ok(n) = q.value.parse::<u64>() else { continue };
                    if !matches!(truth(&run, said.event, &q.key), Some(Ok(_))) {
                        continue;
                    }
                    let wrong = format!("{}{}{}", &shown[..q.at.start], n + 1, &shown[q.at.end..]);
                    let (problems, _) = problems(&run, said.event, lang, view, &wrong);
                    assert!(
                        !problems.is_empty(),
                        "{name} {lang:?}: {{{}}} off by one passes: {wrong}",
                        q.key
                    );
                    caught += 1;
                }
            }
        }
    }
    assert!(caught > 500, "only {caught} numbers tried");
    // And a sentence that says something its template does not is caught too.
    let classic = run("handshake-and-close");
    let said = narrate_all(&classic, Lang::En, Mode::Technical, Analogy::StandOff);
    let timer = said
        .iter()
        .find(|s| s.text.contains("TIME-WAIT timer"))
        .expect("TIME-WAIT is told");
    let wrong = timer.full().replace("2000 ms", "60 s");
    let (problems, _) = problems(
        &classic,
        timer.event,
        Lang::En,
        (Mode::Technical, Analogy::StandOff),
        &wrong,
    );
    assert!(!problems.is_empty(), "{wrong}");
}
