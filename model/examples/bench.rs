//! Native benchmark of whole runs: for each built-in scenario, the wall time of
//! `Simulation::new` + `run_until_finished` (median and minimum over many
//! runs), with the segments and events one run produces.
//!
//! ```text
//! cargo run --release -p tcp-model --example bench
//! ```
//!
//! An example rather than a test or a criterion bench: it needs no extra
//! dependency, and the library itself never reads a clock (it must run on
//! wasm32, where `std::time::Instant` panics).

use std::hint::black_box;
use std::time::{Duration, Instant};

use tcp_model::library::BUILTINS;
use tcp_model::{Scenario, Simulation, Time};

/// Far beyond the end of every built-in (the longest, syn-flood, ends at ~10 s).
const LIMIT: Time = Time(3_600_000);
/// Each scenario runs at least this many times and for at least this long,
/// after a warm-up, so the median is stable and the minimum is a real best case.
const MIN_ITERATIONS: usize = 200;
const MIN_TIME: Duration = Duration::from_millis(500);
const WARM_UP: usize = 20;

fn run_once(scenario: &Scenario) -> Simulation {
    let mut sim = Simulation::new(scenario).expect("built-ins are valid");
    sim.run_until_finished(LIMIT);
    sim
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    if cfg!(debug_assertions) {
        eprintln!("note: a debug build; run with --release for meaningful figures");
    }
    println!(
        "{:<22} {:>7} {:>12} {:>10} {:>9} {:>7}",
        "scenario", "runs", "median µs", "min µs", "segments", "events"
    );
    let mut medians = Vec::new();
    for builtin in BUILTINS {
        let scenario = builtin.scenario();
        let sim = run_once(&scenario);
        assert!(sim.is_finished(), "{} did not finish", builtin.name);
        let (segments, events) = (sim.segments().len(), sim.events().len());
        for _ in 0..WARM_UP {
            black_box(run_once(black_box(&scenario)));
        }
        let mut times = Vec::new();
        let started = Instant::now();
        while times.len() < MIN_ITERATIONS || started.elapsed() < MIN_TIME {
            let t = Instant::now();
            black_box(run_once(black_box(&scenario)));
            times.push(t.elapsed());
        }
        times.sort();
        let median = times[times.len() / 2];
        medians.push(median);
        println!(
            "{:<22} {:>7} {:>12.1} {:>10.1} {:>9} {:>7}",
            builtin.name,
            times.len(),
            micros(median),
            micros(times[0]),
            segments,
            events
        );
    }
    let total: Duration = medians.iter().sum();
    println!(
        "all {} built-ins one after another: {:.2} ms (sum of medians)",
        medians.len(),
        total.as_secs_f64() * 1e3
    );
}
