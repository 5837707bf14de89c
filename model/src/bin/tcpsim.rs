//! `tcpsim`: runs a scenario (a built-in name, a JSON file, or a file in the
//! compact text form) and prints its trace as JSON; `--pcap FILE` also
//! writes the segments as a classic pcap, as captured on the client.
//! `--from-pcap FILE` explains one connection of a real capture instead, in
//! the same JSON shape (see `tcp_model::observe`).
//!
//! ```text
//! tcpsim <scenario name | scenario.json | scenario.txt> [--absolute] [--pcap FILE]
//! tcpsim --list
//! tcpsim --json <scenario>     (print the scenario itself as JSON)
//! tcpsim --from-pcap FILE [--stream N]   (a pcap or pcapng file; stream 0 unless given)
//! tcpsim --list-streams FILE   (the file's connections, one per line)
//! ```
//!
//! Bad input gets one line on stderr naming the problem and exit status 2.
//! Input is bounded: a file larger than [`MAX_INPUT`] (a scenario) or
//! [`capture::MAX_BYTES`] (a capture) is refused before it is read into
//! memory, so `tcpsim /dev/zero` ends at once.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use tcp_model::capture::{self, Capture, Stream};
use tcp_model::export::pcap;
use tcp_model::sim::trace::{trace, Numbering};
use tcp_model::{library, observe, Scenario, Simulation, Time};

const USAGE: &str = "usage: tcpsim <scenario name | scenario.json | scenario.txt> [--absolute] [--pcap FILE] | tcpsim --json <scenario> | tcpsim --list | tcpsim --from-pcap CAPTURE [--stream N] | tcpsim --list-streams CAPTURE";

/// Runs longer than this (virtual time) are cut off; built-ins end far sooner.
const TIME_LIMIT: Time = Time(3_600_000);

/// The largest scenario file read (1 MiB: far more than any real scenario).
const MAX_INPUT: u64 = 1 << 20;

/// What to do with a capture file.
enum CaptureCmd {
    /// Explain stream `stream` (`--from-pcap`).
    Explain { file: OsString, stream: Option<u32> },
    /// List the streams (`--list-streams`).
    List { file: OsString },
}

struct Args {
    scenario: String,
    absolute: bool,
    pcap: Option<OsString>,
    /// Print the scenario as JSON instead of running it.
    json: bool,
    /// A capture to explain or list instead of a scenario.
    capture: Option<CaptureCmd>,
}

/// An argument as text, or a clear error (never a panic on non-UTF-8).
fn text(arg: OsString) -> Result<String, String> {
    arg.into_string().map_err(|raw| {
        format!(
            "argument {} is not valid UTF-8",
            printable(&raw.to_string_lossy())
        )
    })
}

/// The arguments after `--from-pcap` or `--list-streams` (the flag itself taken).
fn parse_capture_args(
    first: &OsString,
    mut args: impl Iterator<Item = OsString>,
) -> Result<CaptureCmd, String> {
    let file = args
        .next()
        .ok_or_else(|| format!("{} needs a capture file; {USAGE}", first.to_string_lossy()))?;
    let mut stream = None;
    while let Some(arg) = args.next() {
        let arg = text(arg)?;
        match arg.as_str() {
            "--stream" if first == "--from-pcap" => {
                let n = text(args.next().ok_or("--stream needs a number")?)?;
                stream = Some(n.parse().map_err(|_| {
                    format!(
                        "--stream needs a stream number (0, 1, …), not \"{}\"",
                        printable(&n)
                    )
                })?);
            }
            _ => return Err(format!("unexpected argument {}; {USAGE}", printable(&arg))),
        }
    }
    Ok(if first == "--from-pcap" {
        CaptureCmd::Explain { file, stream }
    } else {
        CaptureCmd::List { file }
    })
}

fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut scenario = None;
    let mut absolute = false;
    let mut pcap = None;
    let mut json = false;
    while let Some(arg) = args.next() {
        // File names after --pcap may be any bytes; everything else is text.
        if arg == "--pcap" {
            pcap = Some(args.next().ok_or("--pcap needs a file name")?);
            continue;
        }
        if arg == "--from-pcap" || arg == "--list-streams" {
            if scenario.is_some() || absolute || pcap.is_some() || json {
                return Err(format!(
                    "{} does not go with a scenario or its options; {USAGE}",
                    arg.to_string_lossy()
                ));
            }
            return Ok(Some(Args {
                scenario: String::new(),
                absolute,
                pcap,
                json,
                capture: Some(parse_capture_args(&arg, args)?),
            }));
        }
        let arg = text(arg)?;
        match arg.as_str() {
            "--list" => return Ok(None),
            "--absolute" => absolute = true,
            "--json" => json = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown option {}; {USAGE}", printable(flag)))
            }
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
        capture: None,
    }))
}

/// `text` with control characters escaped, so echoing input never writes
/// terminal escape sequences; cut to a readable length.
fn printable(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 200 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads at most `MAX_INPUT` bytes of a file; more is an error, not a hang.
fn read_bounded(path: &str) -> Result<String, String> {
    let shown = printable(path);
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(format!(
            "{shown} is larger than {MAX_INPUT} bytes; a scenario is far smaller"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
    Ok(text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
}

fn load(name_or_path: &str) -> Result<Scenario, String> {
    if let Some(b) = library::builtin(name_or_path) {
        return Ok(b.scenario());
    }
    let shown = printable(name_or_path);
    if !std::path::Path::new(name_or_path).exists() {
        return Err(format!(
            "unknown scenario \"{shown}\" (see tcpsim --list, or give a .json or .txt file)"
        ));
    }
    let text = read_bounded(name_or_path)?;
    // JSON starts with "{"; anything else is the compact text form.
    let parsed = if text.trim_start().starts_with('{') {
        Scenario::from_json(&text)
    } else {
        Scenario::from_text(&text)
    };
    parsed.map_err(|e| format!("{shown}: {}", printable(&e.to_string())))
}

fn run() -> Result<(), String> {
    let Some(args) = parse_args(std::env::args_os().skip(1))? else {
        let list: Vec<String> = library::BUILTINS
            .iter()
            .map(|b| format!("{:<22} {}", b.name, b.summary))
            .collect();
        return print(&list.join("\n"));
    };
    if let Some(cmd) = args.capture {
        return run_capture(cmd);
    }
    let scenario = load(&args.scenario)?;
    if args.json {
        let json = serde_json::to_string_pretty(&scenario).map_err(|e| e.to_string())?;
        return print(&json);
    }
    let mut sim = Simulation::new(&scenario).map_err(|e| printable(&e.to_string()))?;
    sim.run_until_finished(TIME_LIMIT);
    if let Some(at) = sim.cut_short() {
        eprintln!(
            "tcpsim: run cut short at {} ms after {} events and {} segments (safety caps); the trace says \"finished\": false",
            at.0,
            sim.events().len(),
            sim.segments().len()
        );
    } else if !sim.is_finished() {
        eprintln!(
            "tcpsim: stopped at the time limit ({} ms); the trace says \"finished\": false",
            TIME_LIMIT.0
        );
    }
    let numbering = if args.absolute {
        Numbering::Absolute
    } else {
        Numbering::Relative
    };
    let json = serde_json::to_string_pretty(&trace(&sim, numbering)).map_err(|e| e.to_string())?;
    if let Some(path) = &args.pcap {
        let bytes = pcap::write(&pcap::at_client(&sim, sim.now()));
        std::fs::write(path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", printable(&path.to_string_lossy())))?;
    }
    print(&json)
}

/// Reads a capture file: at most [`capture::MAX_BYTES`] bytes are read (one
/// more tells that the file is too big), then the reader's own checks.
fn read_capture(path: &OsString) -> Result<Capture, String> {
    let shown = printable(&path.to_string_lossy());
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(capture::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if bytes.len() > capture::MAX_BYTES {
        return Err(format!(
            "{shown} is larger than {} MB, the limit for a capture",
            capture::MAX_BYTES >> 20
        ));
    }
    let capture = capture::read(&bytes).map_err(|e| format!("{shown}: {e}"))?;
    // A file cut short is read up to the cut (as tshark reads it); say so
    // where a person reads it, and keep stdout what the command promises.
    if let Some(cut) = capture.cut {
        eprintln!("tcpsim: {shown}: {cut}; the packets before it are read");
    }
    Ok(capture)
}

/// `--from-pcap` and `--list-streams`.
fn run_capture(cmd: CaptureCmd) -> Result<(), String> {
    match cmd {
        CaptureCmd::List { file } => {
            let capture = read_capture(&file)?;
            let lines: Vec<String> = capture::streams(&capture)
                .iter()
                .map(|s| stream_line(&capture, s))
                .collect();
            print(&lines.join("\n"))
        }
        CaptureCmd::Explain { file, stream } => {
            let capture = read_capture(&file)?;
            let streams = capture::streams(&capture);
            let n = stream.unwrap_or(0);
            let Some(chosen) = streams.get(n as usize) else {
                let has = match streams.len() {
                    1 => "its only stream is 0".to_string(),
                    len => format!("its streams are 0 to {}", len - 1),
                };
                return Err(format!(
                    "{} has no stream {n}: {has} (see tcpsim --list-streams)",
                    printable(&file.to_string_lossy())
                ));
            };
            let run = observe::run(&capture, chosen);
            let json = serde_json::to_string_pretty(&observe::trace(&run)).map_err(|e| e.to_string())?;
            print(&json)
        }
    }
}

/// One line of `--list-streams`: number, client > server, packets,
/// duration, whether the handshake is in the capture.
fn stream_line(capture: &Capture, s: &Stream) -> String {
    let client = observe::client(capture, s);
    let server = if client == s.a { s.b } else { s.a };
    let us = s.last_ns.saturating_sub(s.first_ns) / 1000;
    format!(
        "{}  {} > {}  packets={}  duration_ms={}.{:03}  syn={}",
        s.index,
        observe::endpoint_name(client),
        observe::endpoint_name(server),
        s.packets.len(),
        us / 1000,
        us % 1000,
        if s.has_syn { "yes" } else { "no" }
    )
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
