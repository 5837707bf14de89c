//! A capture file as the widget opens one: read it, split it into
//! connections, explain each (the run the ladder draws, its JSON trace and
//! its replay), and print it as `tcpdump -nn -r` would. Any panic, any
//! allocation over libFuzzer's limit and any input slower than its timeout
//! is a finding: the model promises bounded work for every file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tcp_model::capture;
use tcp_model::learn::tcpdump_file::tcpdump_file;
use tcp_model::observe;

fuzz_target!(|data: &[u8]| {
    let Ok(cap) = capture::read(data) else {
        return;
    };
    // A few connections are enough to reach every path of the explainer;
    // all of them would make large inputs slow without finding more.
    for s in capture::streams(&cap).iter().take(4) {
        let run = observe::run(&cap, s);
        let _ = observe::trace(&run);
        let _ = observe::replay(&run).events().len();
        let _ = tcpdump_file(&cap, s, None, 8 * 3600);
        let _ = tcpdump_file(&cap, s, Some(u64::MAX), -13 * 3600);
    }
});
