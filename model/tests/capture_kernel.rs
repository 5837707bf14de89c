//! `tcp_model::observe` on the kernel scenarios' own captures: each
//! scenario of `tools/kernel/scenarios/` run on real Linux sockets, captured
//! on the router between the two hosts before its relay drops what the
//! scenario drops (`tools/kernel/run_captures.sh` writes X.pcap and the
//! run's fixture X.json into `fixtures/kernel_captures/`). The fixture says
//! which segments the relay dropped and in which state `ss` found each
//! socket at the end, so the capture run is checked against the truth:
//! - a segment is "lost after the capture" exactly when the relay dropped it,
//!   it takes sequence numbers (a dropped bare ACK is never sent again, so a
//!   capture cannot tell), and its sender sent it again (or, never sent
//!   again, the receiver reset the FIN behind it as one past a gap);
//! - a segment is "out of place" exactly when the scenario injected it with
//!   a host's address (an ACK of data never sent);
//! - each side's last inferred state is what `ss` reported, except where a
//!   timer moved it without a segment the capture could show (listed below).
//!
//! `KERNEL_CAPTURES=DIR` checks another folder of X.pcap and X.json (runs of
//! `tools/kernel/run_scenario.py` with `KERNEL_PCAP=DIR/X.pcap`, e.g. of
//! generated scenarios); the minimum counts then do not apply. A fixture's
//! `capture_at` (`KERNEL_PCAP_AT=client` or `server`) says the capture was
//! taken at that end host, as a learner's own tcpdump would: the other
//! host's dropped segments are not in it.

mod common;

use std::fs;
use std::path::PathBuf;

use serde_json::Value;
use tcp_model::capture::{read, streams};
use tcp_model::observe::{self, CaptureRun};
use tcp_model::{Side, State};

fn dir() -> PathBuf {
    common::kernel_folder("KERNEL_CAPTURES", "kernel_captures").0
}

/// The least a check must see: the committed captures' counts, or nothing
/// for another folder.
fn at_least(committed: usize) -> usize {
    if common::kernel_folder("KERNEL_CAPTURES", "kernel_captures").1 {
        committed
    } else {
        0
    }
}

/// The scenarios that have a capture, sorted.
fn names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir())
        .expect("kernel captures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".pcap").map(String::from))
        .collect();
    names.sort();
    names
}

fn fixture(name: &str) -> Value {
    let text = fs::read_to_string(dir().join(format!("{name}.json"))).expect("fixture");
    serde_json::from_str(&text).expect("JSON")
}

/// The capture's streams, explained.
fn runs(name: &str) -> Vec<CaptureRun> {
    let bytes = fs::read(dir().join(format!("{name}.pcap"))).expect("capture");
    let capture = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    streams(&capture)
        .iter()
        .map(|s| observe::run(&capture, s))
        .collect()
}

#[test]
fn lost_after_the_capture_is_what_the_relay_dropped() {
    let names = names();
    assert!(names.len() >= at_least(20), "{names:?}");
    let (mut dropped_seen, mut lost_seen, mut dup_seen, mut overtaken) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for name in &names {
        let fx = fixture(name);
        let runs = runs(name);
        // The relay's segments are the capture's, in the same order (the
        // run checked that: "tcpdump ingress == relay input"), but for two
        // that left in the same microsecond (two aborts at once, say): those
        // are taken client first in both lists.
        // A capture taken at an end host (`KERNEL_PCAP_AT`) never saw what
        // the relay dropped of the other host's.
        let far = match fx["capture_at"].as_str() {
            Some("client") => Some("server"),
            Some("server") => Some("client"),
            _ => None,
        };
        let unseen = |t: &&Value| t["dropped"] == true && t["from"].as_str() == far;
        let segments = fx["segments"].as_array().expect("segments");
        // When the far host's answers were lost, the times they were sent (ms).
        let answers_lost: Vec<f64> = segments
            .iter()
            .filter(unseen)
            .filter_map(|t| t["t_ms"].as_f64())
            .collect();
        let mut truth: Vec<&Value> = segments.iter().filter(|t| !unseen(t)).collect();
        // A segment the path delivered twice (a relay rule's `dup_ms`) is
        // captured twice at its receiver's host: its copy is one more there.
        let receiver_host =
            |t: &&Value| t.get("copy_delivered_ms").is_some() && far.is_some() && t["from"].as_str() == far;
        let copies: Vec<Value> = truth
            .iter()
            .copied()
            .filter(receiver_host)
            .map(|t| {
                let mut copy = t.clone();
                copy["second_copy"] = Value::Bool(true);
                copy["delivered_ms"] = t["copy_delivered_ms"].clone();
                copy
            })
            .collect();
        truth.extend(&copies);
        // In the order the capture holds them: what reached an end host's
        // capture from the other host, by when it was delivered there (a
        // held segment, a copy, come late), the rest by when it was sent.
        let captured_ms = |v: &Value| {
            let sent = v["t_ms"].as_f64().unwrap_or(0.0);
            if far.is_some() && v["from"].as_str() == far {
                v["delivered_ms"].as_f64().unwrap_or(sent)
            } else {
                sent
            }
        };
        truth.sort_by(|a, b| {
            captured_ms(a)
                .total_cmp(&captured_ms(b))
                .then(a["from"].as_str().cmp(&b["from"].as_str()))
        });
        let mut ours: Vec<_> = runs.iter().flat_map(|r| &r.segments).collect();
        ours.sort_by_key(|s| (s.at_us, s.from == Side::Server, s.frame));
        assert_eq!(ours.len(), truth.len(), "{name}");
        // Paired by what they are, not by place alone: two segments of one
        // instant may be listed in either order (the fixture's times are
        // rounded, and after a simultaneous open the capture's client is
        // whichever SYN came first). Each takes the earliest unpaired one
        // with its sequence number and flags.
        let mut unpaired = truth;
        let truth: Vec<&Value> = ours
            .iter()
            .map(|s| {
                let same = |t: &&Value| {
                    t["seq_raw"].as_u64() == Some(u64::from(s.raw_seq))
                        && t["flags"].as_str() == Some(s.flag_names().as_str())
                        && (s.flags & 0x10 == 0 || t["ack_raw"].as_u64() == Some(u64::from(s.raw_ack)))
                        && sack_option(t) == sack_of(s)
                };
                unpaired.remove(unpaired.iter().position(same).unwrap_or(0))
            })
            .collect();
        for (k, (s, t)) in ours.iter().zip(&truth).enumerate() {
            assert_eq!(
                (u64::from(s.raw_seq), s.flag_names().as_str()),
                (t["seq_raw"].as_u64().unwrap(), t["flags"].as_str().unwrap()),
                "{name}: segment {k}"
            );
            // A second capture of one packet the relay delivered twice is
            // told as such when it carries a timestamp and the sender's
            // clock ticked twice between them (a non-zero IP ID also tells,
            // but the fixture does not hold it); nothing else is.
            let first_of_pair = t["second_copy"] == true;
            if s.observed.duplicate_of.is_some() != first_of_pair {
                let apart = t["copy_delivered_ms"].as_f64().unwrap_or(0.0)
                    - t["delivered_ms"].as_f64().unwrap_or(0.0);
                let stamped = t["options"]
                    .as_array()
                    .is_some_and(|o| o.iter().any(|o| o == "ts"));
                if s.observed.duplicate_of.is_some() || (apart >= 5.0 && stamped) {
                    wrong.push(format!(
                        "{name}: segment {k}: duplicate of {:?}, delivered twice {first_of_pair} ({apart} ms apart)",
                        s.observed.duplicate_of
                    ));
                }
            }
            dup_seen += usize::from(s.observed.duplicate_of.is_some());
            // A segment captured after one its sender sent later (by the
            // run's clock) is told as overtaken, when it carries a
            // timestamp and the later one left at least 2 ms after it (a
            // timestamp tick is a millisecond); nothing else is.
            let sent_ms = |t: &Value| t["t_ms"].as_f64().unwrap_or(0.0);
            let later_first = ours[..k].iter().zip(&truth).filter(|(r, _)| r.from == s.from);
            let sent_later = later_first.clone().any(|(_, u)| sent_ms(u) > sent_ms(t));
            let clearly = later_first.clone().any(|(_, u)| sent_ms(u) >= sent_ms(t) + 2.0);
            let stamped = s.options.timestamps.is_some();
            let late = s.observed.duplicate_of.is_none() && !s.observed.copy;
            overtaken += usize::from(s.observed.overtaken_by.is_some());
            let told = s.observed.overtaken_by.is_some();
            if (told && !sent_later) || (!told && clearly && stamped && late) {
                wrong.push(format!(
                    "{name}: segment {k}: overtaken by {:?}, sent before one captured earlier {sent_later}",
                    s.observed.overtaken_by
                ));
            }
            let dropped = t["dropped"] == true;
            // A segment the scenario injected with a host's address (an ACK
            // of data never sent) is the only kind that does not fit its
            // sender's stream.
            let injected = t["injected"] == true;
            if s.observed.out_of_place != injected {
                wrong.push(format!(
                    "{name}: segment {k}: out of place {}, injected {injected}",
                    s.observed.out_of_place
                ));
            }
            let takes = s.len > 0 || s.flags & 0x03 != 0;
            // The first copy of these sequence numbers that the relay dropped,
            // with no earlier copy through: the receiver never had them.
            let earlier_through = ours[..k]
                .iter()
                .zip(&truth)
                .any(|(r, t)| r.from == s.from && r.raw_seq == s.raw_seq && t["dropped"] != true);
            // (A later RST with the same number is no copy: an abort, or a
            // reset answering the peer, sends none of the data again.)
            let again = ours[k + 1..]
                .iter()
                .find(|r| r.from == s.from && r.raw_seq == s.raw_seq && r.flags & 0x04 == 0);
            // Two copies less than a round trip apart (200 ms through the
            // router) both left before any answer could come back: which
            // one got through no capture can tell, so neither is required.
            let round_trip = 2 * fx["scenario"]["delay_ms"].as_u64().unwrap_or(0) * 1000;
            let decidable = again.is_some_and(|r| r.at_us - s.at_us >= round_trip);
            dropped_seen += usize::from(dropped);
            lost_seen += usize::from(s.observed.lost_after_capture);
            // Never a segment that got through; and every dropped one that its
            // sender sent again a round trip later or more, unless the data
            // had got through before.
            // (Unless the path also delivered the copy twice: its receiver's
            // D-SACK of the second delivery then reads as the first copy's.)
            let copy_doubled = truth[k + 1..].iter().any(|u| {
                u["from"] == t["from"] && u["seq_raw"] == t["seq_raw"] && u.get("copy_delivered_ms").is_some()
            });
            let must = dropped && takes && decidable && !earlier_through && !copy_doubled;
            // At the sender's own host, a segment whose answer was lost
            // before the capture saw it (the far host's next segment, or the
            // copy sent again, came after that answer) looks lost itself: the
            // sentences name that case ("or taken there with the answer lost
            // on its way back", "with that reset lost"), so it is no error.
            let t_ms = t["t_ms"].as_f64().unwrap_or(0.0);
            let next_seen = again.or_else(|| ours[k + 1..].iter().find(|r| r.from != s.from));
            let answer_lost = next_seen.is_some_and(|r| {
                let until_ms = r.at_us as f64 / 1000.0 + (t_ms - s.at_us as f64 / 1000.0);
                answers_lost.iter().any(|&a| t_ms <= a && a <= until_ms)
            });
            // A segment held back on the path (a relay's `hold_ms`) after
            // this one makes the other side's timing no evidence: its
            // answers come later than any round trip says.
            let held_after = ours[k + 1..]
                .iter()
                .zip(&truth[k + 1..])
                .any(|(r, u)| r.from != s.from && u["held"] == true);
            // A segment held back past its own copy sent again, SACK off and
            // captured before the hold: its late arrival draws a duplicate
            // ACK that names no bytes, as a second delivery of the copy
            // would; which of them arrived twice no capture can tell
            // (kernel run 10713, IPv6 in the middle: data held 150 ms).
            let sack_off = fx["scenario"]["sysctl"]["net.ipv4.tcp_sack"] == "0";
            let held_past_copy = t["held"] == true && sack_off && again.is_some();
            let excused =
                s.observed.lost_after_capture && !dropped && (answer_lost || held_after || held_past_copy);
            if !excused
                && ((s.observed.lost_after_capture && !dropped) || (must && !s.observed.lost_after_capture))
            {
                wrong.push(format!(
                    "{name}: segment {k} ({} {} seq {} at {} us): lost after capture {}, dropped {dropped}",
                    s.from,
                    s.flag_names(),
                    s.seq,
                    s.at_us,
                    s.observed.lost_after_capture
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!(
        "{dropped_seen} segments dropped by the relay, {lost_seen} judged lost after the capture, \
         {dup_seen} second deliveries of one packet, {overtaken} overtaken on the path"
    );
    assert!(
        dropped_seen >= at_least(40)
            && lost_seen >= at_least(20)
            && dup_seen >= at_least(3)
            && overtaken >= at_least(1),
        "{dropped_seen} dropped, {lost_seen} judged lost, {dup_seen} delivered twice, {overtaken} overtaken"
    );
}

/// A fixture segment's SACK blocks as it writes them ("sack=L-R,..."),
/// relative to the peer's ISN; `None` without.
fn sack_option(t: &Value) -> Option<String> {
    t["options"]
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .find(|o| o.starts_with("sack="))
        .map(String::from)
}

/// The same for a captured segment (its relative ack tells the ISN).
fn sack_of(s: &tcp_model::observe::ObservedSegment) -> Option<String> {
    let base = s.raw_ack.wrapping_sub(s.ack);
    let blocks: Vec<String> = s
        .options
        .sack
        .iter()
        .map(|&(l, r)| format!("{}-{}", l.wrapping_sub(base), r.wrapping_sub(base)))
        .collect();
    (!blocks.is_empty()).then(|| format!("sack={}", blocks.join(",")))
}

/// Scenarios whose end no captured segment shows: a timer closed a side
/// (Linux gives up after its retries), so the capture's last segment
/// leaves that side where the observer left it.
fn closed_by_a_timer(name: &str, side: Side) -> bool {
    matches!(
        (name, side),
        // connect() gives up after the SYN retries: SYN-SENT, then CLOSED by a timer.
        ("n2_connect_gives_up_default", Side::Client)
        // The server gives up after the SYN,ACK retries; the client, whose
        // ACKs never arrive, gives up on its data.
        | ("c3_synack_retries_default", _)
    )
}

#[test]
fn last_states_are_what_ss_reported() {
    let mut compared = 0;
    let mut wrong = Vec::new();
    for name in names() {
        let fx = fixture(&name);
        let runs = runs(&name);
        // The scenario's connection: the stream with the most segments.
        let run = runs.iter().max_by_key(|r| r.segments.len()).expect("a stream");
        for side in Side::BOTH {
            // Found by address in either host's list: after a simultaneous
            // open the capture's "client" (the first SYN) may be the
            // scenario's server.
            let local = observe::endpoint_name(run.endpoint(side));
            let linux = Side::BOTH
                .iter()
                .flat_map(|host| fx["leftover_states"][host.name()].as_array().expect("sockets"))
                .find(|s| s["local"].as_str() == Some(local.as_str()))
                .map_or(State::Closed, |s| {
                    State::parse(s["state"].as_str().unwrap()).expect("a state name")
                });
            let ours = run.states(side).states.last().unwrap().state;
            if closed_by_a_timer(&name, side) {
                assert_ne!(ours, linux, "{name} {side}: no longer closed only by a timer?");
                continue;
            }
            if ours != linux {
                wrong.push(format!(
                    "{name} {side}: {ours}, ss {linux}: {:?}",
                    run.states(side)
                        .states
                        .iter()
                        .map(|s| s.state.name())
                        .collect::<Vec<_>>()
                ));
            }
            compared += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    println!("{compared} sides' last states equal to ss");
    assert!(compared >= at_least(40), "{compared}");
}

/// Two things a receiver's own segments say of the story's arrivals, over
/// every kernel capture: what a SACK block holds had arrived when the block
/// left (RFC 2018: it reports data received), and a duplicate ACK answers
/// something that arrived since its sender last sent (data past a gap, a
/// copy of old data, a probe, an RST or SYN it challenges, a FIN sent again
/// to TIME-WAIT: a host sends none of its own accord), or it was
/// overtaken: its SACK blocks report less than one its sender's capture
/// shows before it, so it left the host first and the two swapped places
/// on the way to the capture point (seen with a 2 ms path, run 3212).
#[test]
fn duplicate_acks_and_sack_blocks_answer_arrivals() {
    let (mut dupacks, mut sacked) = (0, 0);
    let mut wrong = Vec::new();
    for name in names() {
        // Where the path delivered a segment twice, or held one back so
        // that later ones overtook it, and the capture was not taken at the
        // receiver's host, the receiver's answer to the second copy or to
        // the late one (a repeat, or old news: out of its window) answers
        // an arrival the capture cannot show.
        let fx = fixture(&name);
        let reordered = |receiver: Side| {
            fx["capture_at"].as_str() != Some(receiver.name())
                && fx["segments"].as_array().expect("segments").iter().any(|t| {
                    (t.get("copy_delivered_ms").is_some() || t["held"] == true)
                        && t["from"].as_str() == Some(receiver.peer().name())
                })
        };
        // A packet the path delivered twice cannot be told from its
        // sender's own repeat when nothing in it differs: no IPv4
        // identification, and no timestamp or one the sender's clock had no
        // time to move on (kernel run 10178, IPv6 without timestamps, at the
        // server: the client's ACK of the FIN delivered twice 20 ms apart;
        // run 10459, IPv6, at the client: the server's ACK twice 1 ms
        // apart). Its second capture, read as its sender's, answers nothing
        // the capture holds. (The same 5 ms as the copies' check above.)
        let copied = |sender: Side| {
            fx["capture_at"].as_str() != Some(sender.name())
                && fx["segments"].as_array().expect("segments").iter().any(|t| {
                    let apart = t["copy_delivered_ms"]
                        .as_f64()
                        .map(|c| c - t["delivered_ms"].as_f64().unwrap_or(0.0));
                    let stamped = t["options"]
                        .as_array()
                        .is_some_and(|o| o.iter().any(|o| o == "ts"));
                    t["from"].as_str() == Some(sender.name()) && apart.is_some_and(|a| !stamped || a < 5.0)
                })
        };
        for run in runs(&name) {
            let mut fresh = [false; 2];
            // Each side's furthest SACK right edge so far (raw numbers).
            let mut reported: [Option<u32>; 2] = [None, None];
            let mut arrived = vec![false; run.segments.len()];
            for p in &run.passages {
                let s = &run.segments[p.segment.0 as usize];
                if p.arrived {
                    arrived[s.id.0 as usize] = true;
                    fresh[s.from.peer().index()] = true;
                    continue;
                }
                // (An injected segment the sender's stream does not fit is no
                // host's answer, whatever Wireshark calls it.)
                // (Nor is a packet the path delivered twice.)
                if s.marks.duplicate_ack.is_some()
                    && !s.observed.out_of_place
                    && s.observed.duplicate_of.is_none()
                {
                    dupacks += 1;
                    let edge = s
                        .options
                        .sack
                        .iter()
                        .map(|&(_, r)| r)
                        .max_by_key(|r| r.wrapping_sub(s.raw_ack));
                    let overtaken = edge.zip(reported[s.from.index()]).is_some_and(|(e, r)| {
                        let behind = r.wrapping_sub(e);
                        behind > 0 && behind < 1 << 30
                    });
                    // An ACK the path held back, captured at its receiver
                    // after later ones, repeats the ack they carried (so
                    // Wireshark calls it a duplicate) but answered an
                    // arrival before them (kernel run 10715 at the server:
                    // the client's last ACK of the data behind its RST).
                    // Whether it was overtaken is checked against the run above.
                    let path_made = reordered(s.from)
                        || (s.ip_id.is_none() && copied(s.from))
                        || s.observed.overtaken_by.is_some();
                    if !(fresh[s.from.index()] || overtaken || path_made) {
                        wrong.push(format!("{name}: duplicate ACK #{} answers nothing", s.id.0));
                    }
                }
                fresh[s.from.index()] = false;
                for &(_, right) in &s.options.sack {
                    let r = &mut reported[s.from.index()];
                    if r.is_none_or(|r| right.wrapping_sub(r).wrapping_sub(1) < 1 << 30) {
                        *r = Some(right);
                    }
                }
                for &(left, right) in &s.options.sack {
                    let width = right.wrapping_sub(left);
                    for held in run.segments.iter().filter(|d| {
                        d.from != s.from && d.len > 0 && d.id < s.id && d.raw_seq.wrapping_sub(left) < width
                    }) {
                        sacked += 1;
                        // A block shows its bytes arrived once: a copy of
                        // them that arrived is enough (a resend still on
                        // its way when the original was SACKed).
                        let copy_arrived = run.segments.iter().any(|o| {
                            arrived[o.id.0 as usize]
                                && o.id < s.id
                                && o.from == held.from
                                && o.raw_seq == held.raw_seq
                                && o.len >= held.len
                        });
                        if !arrived[held.id.0 as usize] && !held.observed.lost_after_capture && !copy_arrived
                        {
                            wrong.push(format!(
                                "{name}: #{} SACKs #{} before it arrived",
                                s.id.0, held.id.0
                            ));
                        }
                    }
                }
            }
        }
    }
    println!("{dupacks} duplicate ACKs, {sacked} segments in SACK blocks");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        dupacks >= at_least(20) && sacked >= at_least(20),
        "{dupacks} {sacked}"
    );
}
