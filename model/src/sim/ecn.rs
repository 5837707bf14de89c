//! What a segment's ECN bits say (RFC 3168 section 6.1): a SYN asking to
//! use Explicit Congestion Notification, a SYN,ACK agreeing, and, on a
//! connection that agreed, the echo of a router's congestion mark (ECE) and
//! its answer (CWR); and the mark itself, Congestion Experienced in the IP
//! header, where the capture point came after the queue that set it. Only
//! captures carry these bits: the simulator does not model ECN, so its runs
//! never say any of this.
//!
//! Later ECE and CWR bits are read only on a connection whose captured
//! handshake agreed to classic ECN. Elsewhere they may mean something else:
//! under Accurate ECN (RFC 9768) the same two bits, with a third the capture
//! reader does not keep, count marks instead of echoing one.

use crate::wire::SegmentRecord;
use crate::{SegmentId, Simulation};

/// One thing ECE and CWR say on a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EcnSignal {
    /// A SYN with ECE and CWR: an ECN-setup SYN, asking to use ECN.
    Asks,
    /// A SYN,ACK with ECE and not CWR, answering a SYN that asked: ECN is on.
    Agrees,
    /// ECE after the handshake: a router marked a packet to its sender
    /// Congestion Experienced, and the sender echoes the mark.
    Echo,
    /// CWR after the handshake: its sender slowed down after an echo.
    Reduced,
    /// Its IP header is marked Congestion Experienced: a queue on its path
    /// marked it instead of dropping it.
    Marked,
}

/// How far into a run its handshake is looked for: SYNs and SYN,ACKs come
/// first, resends included, and a bound keeps a hostile capture (every
/// segment flagged) from costing a scan of the run per segment.
const HANDSHAKE_WITHIN: usize = 64;

impl Simulation {
    /// What segment `id`'s ECE and CWR bits say, in order (both an echo and
    /// a reduction may ride on one segment), then its IP header's mark;
    /// empty when they say nothing this run can vouch for.
    pub fn ecn(&self, id: SegmentId) -> Vec<EcnSignal> {
        let Some(s) = self.segment(id) else {
            return Vec::new();
        };
        let mut said = self.ecn_flags(s).to_vec();
        if s.congestion_marked {
            said.push(EcnSignal::Marked);
        }
        said
    }

    /// What a segment's ECE and CWR bits say.
    fn ecn_flags(&self, s: &SegmentRecord) -> &'static [EcnSignal] {
        let f = s.header.flags;
        if !f.ece() && !f.cwr() {
            return &[];
        }
        let (asked, agreed) = self.ecn_handshake();
        let peer_asked = s.from.side().is_some_and(|me| asked[me.peer().index()]);
        match (f.syn(), f.ack(), f.ece(), f.cwr()) {
            (true, false, true, true) => &[EcnSignal::Asks],
            (true, true, true, false) if peer_asked => &[EcnSignal::Agrees],
            (true, ..) => &[],
            _ if !agreed => &[],
            (_, _, true, true) => &[EcnSignal::Echo, EcnSignal::Reduced],
            (_, _, true, false) => &[EcnSignal::Echo],
            _ => &[EcnSignal::Reduced],
        }
    }

    /// Which sides sent an ECN-setup SYN (ECE and CWR, no ACK), and whether
    /// the other side answered one with an ECN-setup SYN,ACK (ECE, not CWR):
    /// the captured handshake agreed to classic ECN.
    fn ecn_handshake(&self) -> ([bool; 2], bool) {
        let head = &self.segments()[..self.segments().len().min(HANDSHAKE_WITHIN)];
        let sent = |s: &SegmentRecord, syn_ack: bool, ece: bool, cwr: bool| {
            let f = s.header.flags;
            f.syn() && f.ack() == syn_ack && f.ece() == ece && f.cwr() == cwr
        };
        let mut asked = [false; 2];
        for s in head.iter().filter(|s| sent(s, false, true, true)) {
            if let Some(side) = s.from.side() {
                asked[side.index()] = true;
            }
        }
        let agreed = head
            .iter()
            .any(|s| sent(s, true, true, false) && s.from.side().is_some_and(|me| asked[me.peer().index()]));
        (asked, agreed)
    }
}

#[cfg(test)]
mod tests {
    use super::EcnSignal::*;
    use crate::{capture, observe, Time};

    fn run(pcap: &[u8]) -> crate::Simulation {
        let cap = capture::read(pcap).unwrap();
        observe::replay(&observe::run(&cap, &capture::streams(&cap)[0]))
    }

    #[test]
    fn a_simulated_run_says_nothing_of_ecn() {
        let text = crate::library::BUILTINS[0].text();
        let mut sim = crate::Simulation::new(&crate::Scenario::from_text(text).unwrap()).unwrap();
        sim.run_until_finished(Time(60_000));
        assert!(sim.segments().iter().all(|s| sim.ecn(s.id).is_empty()));
    }

    #[test]
    fn a_kernels_ecn_handshake_asks_and_agrees() {
        let sim = run(include_bytes!(
            "../../tests/fixtures/kernel_captures/u_ecn_handshake.pcap"
        ));
        let said: Vec<_> = sim.segments().iter().map(|s| sim.ecn(s.id)).collect();
        assert_eq!(said[0], &[Asks]);
        assert_eq!(said[1], &[Agrees]);
        assert!(said[2..].iter().all(|s| s.is_empty()), "{said:?}");
        // The header keeps every bit it was captured with.
        let syn = &sim.segments()[0].header.flags;
        assert_eq!((syn.to_string(), syn.bits()), ("SYN,ECE,CWR".to_string(), 0xc2));
    }

    /// Kernel capture u_ecn_congestion_marked (at the server; the relay
    /// marked each side's first data Congestion Experienced): each mark is
    /// echoed on one ACK and answered with CWR on the next data. Only the
    /// client's marked segment is captured with its mark: the server's was
    /// marked after it passed the capture point.
    #[test]
    fn a_kernels_echo_and_reduction_are_read_on_an_agreed_connection() {
        let pcap = include_bytes!("../../tests/fixtures/kernel_captures/u_ecn_congestion_marked.pcap");
        let sim = run(pcap);
        let told: Vec<(String, Vec<super::EcnSignal>)> = sim
            .segments()
            .iter()
            .filter(|s| !sim.ecn(s.id).is_empty())
            .map(|s| (format!("{:?} {}", s.from, s.header.flags), sim.ecn(s.id)))
            .collect();
        let want: [(&str, &[super::EcnSignal]); 7] = [
            ("Client SYN,ECE,CWR", &[Asks]),
            ("Server SYN,ACK,ECE", &[Agrees]),
            ("Client PSH,ACK", &[Marked]),
            ("Server ACK,ECE", &[Echo]),
            ("Client PSH,ACK,CWR", &[Reduced]),
            ("Client ACK,ECE", &[Echo]),
            ("Server PSH,ACK,CWR", &[Reduced]),
        ];
        let want: Vec<(String, Vec<super::EcnSignal>)> =
            want.iter().map(|(l, s)| (l.to_string(), s.to_vec())).collect();
        assert_eq!(told, want);
        // Without the handshake the same bits vouch for nothing: under
        // Accurate ECN they would be a counter, not an echo.
        // The IP header's mark needs no handshake: it is the path's.
        let sim = run(&without_first_records(pcap, 3));
        let told: Vec<_> = sim
            .segments()
            .iter()
            .map(|s| sim.ecn(s.id))
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(told, [[Marked]]);
    }

    /// The IP ECN field as captured (at the server): data leaves ECT(0) on a
    /// connection that agreed (RFC 3168 6.1.4: not SYNs, pure ACKs or FINs
    /// without data), and the one packet the relay marked before the
    /// capture point arrives CE.
    #[test]
    fn the_ip_ecn_codepoints_are_read_as_captured() {
        let pcap = include_bytes!("../../tests/fixtures/kernel_captures/u_ecn_congestion_marked.pcap");
        let cap = capture::read(pcap).unwrap();
        let run = observe::run(&cap, &capture::streams(&cap)[0]);
        for s in &run.segments {
            let want = match (s.len > 0, s.from, s.seq) {
                (false, ..) => None,
                (true, crate::Side::Client, 1) => Some("CE"),
                (true, ..) => Some("ECT(0)"),
            };
            assert_eq!(
                s.ecn_codepoint(),
                want,
                "#{} {} seq {}",
                s.id.0,
                s.flag_names(),
                s.seq
            );
        }
    }

    /// A classic pcap file with its first `n` packet records left out.
    fn without_first_records(pcap: &[u8], n: usize) -> Vec<u8> {
        let mut at = 24;
        for _ in 0..n {
            let caplen = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
            at += 16 + caplen;
        }
        [&pcap[..24], &pcap[at..]].concat()
    }
}
