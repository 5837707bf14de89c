//! `tcpsim`: runs a scenario (a built-in name, a JSON file, or a file in the
//! compact text form) and prints its trace as JSON; `--pcap FILE` also
//! writes the segments as a classic pcap.
//!
//! ```text
//! tcpsim <scenario name | scenario.json | scenario.txt> [--absolute] [--pcap FILE]
//! tcpsim --list
//! tcpsim --json <scenario>     (print the scenario itself as JSON)
//! ```
//!
//! Bad input gets one line on stderr naming the problem and exit status 2.

use std::io::Write;
use std::process::ExitCode;

use tcp_model::pcap::{write_pcap, Captured};
use tcp_model::trace::{trace, Numbering};
use tcp_model::{library, Scenario, Simulation, Time};

const USAGE: &str =
    "usage: tcpsim <scenario name | scenario.json> [--absolute] [--pcap FILE] | tcpsim --list";

/// Runs longer than this (virtual time) are cut off; built-ins end far sooner.
const TIME_LIMIT: Time = Time(3_600_000);

struct Args {
    scenario: String,
    absolute: bool,
    pcap: Option<String>,
    /// Print the scenario as JSON instead of running it.
    json: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut scenario = None;
    let mut absolute = false;
    let mut pcap = None;
    let mut json = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--list" => return Ok(None),
            "--absolute" => absolute = true,
            "--json" => json = true,
            "--pcap" => pcap = Some(args.next().ok_or("--pcap needs a file name")?),
            "-h" | "--help" => return Err(USAGE.to_string()),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}; {USAGE}")),
            _ if scenario.is_some() => return Err(format!("more than one scenario given; {USAGE}")),
            _ => scenario = Some(arg),
        }
    }
    let scenario = scenario.ok_or_else(|| format!("no scenario given; {USAGE}"))?;
    Ok(Some(Args {
        scenario,
        absolute,
        pcap,
        json,
    }))
}

fn load(name_or_path: &str) -> Result<Scenario, String> {
    if let Some(b) = library::builtin(name_or_path) {
        return Ok(b.scenario());
    }
    if !name_or_path.ends_with(".json") && !std::path::Path::new(name_or_path).exists() {
        return Err(format!(
            "unknown scenario \"{name_or_path}\" (see tcpsim --list, or give a .json file)"
        ));
    }
    let text =
        std::fs::read_to_string(name_or_path).map_err(|e| format!("cannot read {name_or_path}: {e}"))?;
    Scenario::from_json(&text).map_err(|e| format!("{name_or_path}: {e}"))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args(std::env::args().skip(1))? else {
        let list: Vec<String> = library::BUILTINS
            .iter()
            .map(|b| format!("{:<22} {}", b.name, b.summary))
            .collect();
        return print(&list.join("\n"));
    };
    let scenario = load(&args.scenario)?;
    if args.json {
        let json = serde_json::to_string_pretty(&scenario).map_err(|e| e.to_string())?;
        return print(&json);
    }
    let mut sim = Simulation::new(&scenario).map_err(|e| e.to_string())?;
    sim.run_until_finished(TIME_LIMIT);
    let numbering = if args.absolute {
        Numbering::Absolute
    } else {
        Numbering::Relative
    };
    let json = serde_json::to_string_pretty(&trace(&sim, numbering)).map_err(|e| e.to_string())?;
    if let Some(path) = &args.pcap {
        let captured: Vec<Captured> = sim
            .segments()
            .iter()
            .map(|s| Captured {
                at: s.sent_at,
                header: s.header,
            })
            .collect();
        std::fs::write(path, write_pcap(&captured)).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    print(&json)
}

/// Writes to stdout; a reader that went away (`tcpsim … | head`) is not an error.
fn print(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tcpsim: {msg}");
            ExitCode::from(2)
        }
    }
}
