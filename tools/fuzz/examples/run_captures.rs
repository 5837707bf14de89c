//! Each scenario text given, run as the widget runs it, exported as the
//! client's capture (`OUT/NAME.pcap`, the Share panel's download) beside the
//! widget's `tcpdump -nn` view of the client (`OUT/NAME.pcap.view.txt`);
//! texts the model refuses are skipped. run_diff.py compares the two.
//! Usage: run_captures OUT TEXT...

use std::path::Path;

use tcp_model::export::pcap;
use tcp_model::learn::tcpdump::tcpdump_nn;
use tcp_model::view::Moment;
use tcp_model::{Scenario, Side, Simulation, Time};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: run_captures OUT TEXT...");
    let mut written = 0;
    for path in args {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Some(mut sim) = Scenario::from_text(&text)
            .ok()
            .and_then(|s| Simulation::new(&s).ok())
        else {
            continue;
        };
        // The widget's run limit (src/store/lesson.rs).
        sim.run_until_finished(Time(600_000));
        let end = sim.last_event_time();
        let name = Path::new(&path)
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let file = Path::new(&out).join(format!("{name}.pcap"));
        std::fs::write(&file, pcap::write(&pcap::at_client(&sim, end))).expect("pcap written");
        let view = tcpdump_nn(&sim, Side::Client, Moment::At(end));
        let view: String = view.iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(format!("{}.view.txt", file.display()), view).expect("view written");
        written += 1;
    }
    eprintln!("{written} runs written");
}
