//! The widget's `tcpdump -nn -r` view of each capture given, every
//! connection put back in file order, in UTC: writes `F.view.txt` beside
//! each file F (`refused: …` when the reader refuses it). tcpdump_diff.py
//! compares these with what the real tool prints. Usage: tcpdump_lines F...

use tcp_model::capture::{read, streams};
use tcp_model::learn::tcpdump_file::tcpdump_file;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("capture readable");
        let text = match read(&bytes) {
            Err(e) => format!("refused: {e}\n"),
            Ok(capture) => {
                let mut numbered: Vec<(usize, String)> = Vec::new();
                for s in streams(&capture) {
                    let view = tcpdump_file(&capture, &s, Some(u64::MAX), 0);
                    // tcpdump goes on after `length N` on ports it decodes.
                    let mark = if view.decoded_port.is_some() {
                        "\tdecoded"
                    } else {
                        ""
                    };
                    let lines = view.lines.into_iter().map(|l| format!("{l}{mark}\n"));
                    numbered.extend(s.packets.iter().copied().zip(lines));
                }
                numbered.sort_by_key(|(i, _)| *i);
                numbered.into_iter().map(|(_, l)| l).collect()
            }
        };
        std::fs::write(format!("{path}.view.txt"), text).expect("view written");
    }
}
