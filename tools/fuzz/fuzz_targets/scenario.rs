//! A scenario in the compact text form (share links and tcpsim carry it):
//! whatever `Scenario::from_text` accepts must read back equal from its own
//! written form and simulate within the widget's run limit.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tcp_model::scenario::text::parse_actions;
use tcp_model::{Scenario, Simulation, Time};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_actions(text);
    let Ok(scenario) = Scenario::from_text(text) else {
        return;
    };
    let written = scenario.to_text();
    let back = Scenario::from_text(&written).expect("a written-out scenario reads back");
    assert_eq!(back, scenario, "the text form round-trips");
    let Ok(mut sim) = Simulation::new(&scenario) else {
        return;
    };
    // The widget's run limit (src/store/lesson.rs).
    sim.run_until_finished(Time(600_000));
    let _ = sim.recorded_scenario().to_text();
});
