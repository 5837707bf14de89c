//! What the export buttons save: the run as a classic pcap capture, written
//! by the model's exporter (the browser side of downloading lives in
//! `host.rs`).

use tcp_model::pcap::{write_pcap, Captured};
use tcp_model::view::Moment;
use tcp_model::Simulation;

/// The segments sent by `moment`, as a classic pcap file.
pub fn pcap_of(run: &Simulation, moment: Moment) -> Vec<u8> {
    let captured: Vec<Captured> = run
        .segments()
        .iter()
        .filter(|s| moment != Moment::Start && s.sent_at <= moment.time())
        .map(|s| Captured {
            at: s.sent_at,
            header: s.header,
        })
        .collect();
    write_pcap(&captured)
}
