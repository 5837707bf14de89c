//! Learn by predicting: pure functions the widget calls to quiz the
//! learner, check challenges, play guided lessons and show what real tools
//! (`ss`, `netstat`, `tcpdump`) would print. Every answer is read from a
//! run the model computed; nothing here decides a TCP rule.
//!
//! - `quiz`: predictions (next segment, state, call return) checked field by field;
//! - `challenge`: goals reached with drops and free-mode calls, with proofs;
//! - `lesson`: guided lessons as data (scenario, steps, content keys);
//! - `tools`: `ss -tano` and `netstat -tan` for a host at a moment;
//! - `tcpdump`: the run so far as `tcpdump -nn` lines on a host;
//! - `tcpdump_file`: a capture's connection as `tcpdump -nn -r` prints it
//!   (`tcpdump_ip`: addresses and the headers before TCP; `tcpdump_options`:
//!   its option lists; `tcpdump_mptcp`: MPTCP options; `tcpdump_text`: the
//!   line tcpdump reads in an HTTP, RTSP, FTP, SMTP, WHOIS or SSH payload).

pub mod challenge;
pub mod lesson;
pub mod quiz;
pub mod tcpdump;
pub mod tcpdump_file;
mod tcpdump_ip;
mod tcpdump_mptcp;
mod tcpdump_options;
mod tcpdump_text;
pub mod tools;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tools_tests;
