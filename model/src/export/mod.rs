//! What leaves the model as files: a run's segments as a classic pcap.

pub mod pcap;
