//! Wireshark's reading of one stream: its relative sequence numbers and its
//! TCP analysis marks (`tcp.analysis.*`), so what the widget shows next to a
//! real capture is what the learner sees when opening the file in Wireshark.
//!
//! The rules are those of Wireshark's TCP dissector (`packet-tcp.c`,
//! `tcp_analyze_sequence_number`, as in Wireshark 4.0.17, the version the
//! corpus and the kernel captures were checked with, field by field) and of
//! its user guide ("TCP Analysis"). They are Wireshark's heuristics, not TCP
//! rules: that is why they live here and not in `tcb`. Like Wireshark, they
//! run packet by packet in file order, each direction keeping what it saw
//! last, also the window scale its SYN announced (for "Window Full").
//!
//! One simplification: Wireshark stops counting the sequence number a SYN or
//! FIN takes once 10,000 segments of a direction are unacknowledged (its list
//! of unacknowledged segments is full); this always counts it. The difference
//! shows only when one direction goes unanswered for 10,000 segments.

use crate::capture::flags::{ACK, FIN, RST, SYN};
use crate::capture::Packet;

/// The marks Wireshark puts on a segment (its expert infos), each named
/// after its display filter field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    /// `tcp.analysis.retransmission`: the segment carries sequence numbers
    /// (data, SYN or FIN) below the highest already seen in its direction.
    /// Also set on fast and spurious retransmissions, as Wireshark does.
    pub retransmission: bool,
    /// `tcp.analysis.fast_retransmission`: a retransmission of the sequence
    /// number the peer's last two or more duplicate ACKs asked for, within 20 ms.
    pub fast_retransmission: bool,
    /// `tcp.analysis.spurious_retransmission`: data the peer had already
    /// acknowledged.
    pub spurious_retransmission: bool,
    /// `tcp.analysis.out_of_order`: below the highest sequence number seen,
    /// but sooner after it than the handshake's round trip (3 ms when
    /// unknown): more likely reordered than sent again.
    pub out_of_order: bool,
    /// `tcp.analysis.duplicate_ack_num`: the n-th ACK in a row that repeats
    /// the previous one (same ACK, same window, no data, no SYN/FIN/RST).
    pub duplicate_ack: Option<u32>,
    /// `tcp.analysis.zero_window`: the sender announces a window of zero.
    pub zero_window: bool,
    /// `tcp.analysis.zero_window_probe`: one byte sent into the peer's zero window.
    pub zero_window_probe: bool,
    /// `tcp.analysis.keep_alive`: an empty or one-byte segment one below the
    /// next sequence number.
    pub keep_alive: bool,
    /// `tcp.analysis.window_update`: an empty segment that only changes the window.
    pub window_update: bool,
    /// `tcp.analysis.lost_segment` ("previous segment not captured"): the
    /// sequence number jumps past what this direction sent before.
    pub lost_segment: bool,
    /// `tcp.analysis.ack_lost_segment` ("ACKed unseen segment"): the ACK
    /// covers sequence numbers the capture never showed.
    pub ack_lost_segment: bool,
    /// `tcp.analysis.window_full`: the data reach the right edge of the
    /// window the peer last announced (scaled, when the handshake said how).
    pub window_full: bool,
    /// `tcp.analysis.keep_alive_ack`: an ACK that repeats the previous one
    /// right after the peer's keep-alive: its answer.
    pub keep_alive_ack: bool,
    /// `tcp.analysis.zero_window_probe_ack`: the zero-window answer to the
    /// peer's zero-window probe.
    pub zero_window_probe_ack: bool,
}

/// What Wireshark knows of a direction's window scale (its `win_scale`:
/// -1 unknown, -2 not used, else the shift).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scale {
    /// No SYN of the connection seen yet: the window cannot be sized.
    Unknown,
    /// A SYN without the option: the windows are not scaled.
    NotUsed,
    /// The shift this direction announced, capped at 14 (RFC 7323 2.3).
    Shift(u8),
}

impl Scale {
    /// The shift Wireshark applies to the window: 0 unless announced.
    fn shift(self) -> u32 {
        match self {
            Scale::Shift(n) => n.into(),
            _ => 0,
        }
    }
}

/// One direction's memory (Wireshark's `tcp_flow_t` with its `tcp_analyze_seq_info`).
/// As in Wireshark, 0 in `nextseq`, `maxseqtobeacked` and `lastack` means "not seen yet".
#[derive(Clone, Copy, Debug)]
struct Flow {
    base: Option<u32>,
    nextseq: u32,
    nextseq_ns: u64,
    maxseqtobeacked: u32,
    lastack: u32,
    lastack_ns: u64,
    window: u32,
    /// Duplicate ACKs in a row; -1 after an ACK of unseen data from the
    /// other direction (Wireshark's way of reporting that only once).
    dupacks: i32,
    /// The direction's last segment was a keep-alive.
    keep_alive: bool,
    /// The direction's last segment was a zero-window probe.
    zero_window_probe: bool,
    /// The window scale this direction uses.
    scale: Scale,
}

impl Default for Flow {
    fn default() -> Flow {
        Flow {
            base: None,
            nextseq: 0,
            nextseq_ns: 0,
            maxseqtobeacked: 0,
            lastack: 0,
            lastack_ns: 0,
            // No window seen: no first segment can repeat it.
            window: u32::MAX,
            dupacks: 0,
            keep_alive: false,
            zero_window_probe: false,
            scale: Scale::Unknown,
        }
    }
}

/// Wireshark's `GT_SEQ`/`LT_SEQ`: serial-number comparison.
fn gt(a: u32, b: u32) -> bool {
    (b.wrapping_sub(a) as i32) < 0
}

/// What Wireshark says about each packet of a stream, in the order given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Reading {
    /// `tcp.seq` with relative numbers on.
    pub(super) seq: u32,
    /// `tcp.ack`, relative; 0 without the ACK flag.
    pub(super) ack: u32,
    /// The marks.
    pub(super) marks: Marks,
}

/// Reads every packet of one stream. `forward(p)` tells whether `p` goes in
/// the stream's first direction (the sender of its first packet).
pub(super) fn read(packets: &[&Packet], forward: impl Fn(&Packet) -> bool) -> Vec<Reading> {
    let mut flows = [Flow::default(); 2];
    // Most recent SYN (without ACK), and the first round trip measured from it.
    let mut syn_ns: Option<u64> = None;
    let mut first_rtt_ns: Option<u64> = None;
    packets
        .iter()
        .map(|p| {
            let f = usize::from(!forward(p));
            let [fwd, rev] = if f == 0 { [0, 1] } else { [1, 0] };
            let (mut a, mut b) = (flows[fwd], flows[rev]);
            let marks = analyse(p, &mut a, &mut b, first_rtt_ns);
            learn_scale(p, &mut a, &mut b);
            // A SYN,ACK with another initial number than its direction's
            // base starts that direction's numbers again (Wireshark's "port
            // numbers reused" case; a SYN without ACK would begin a new
            // stream). A listener using SYN cookies answers a repeated SYN
            // with a new number: kernel run 11877, `tcp_syncookies=2`.
            if p.flags & (SYN | ACK) == SYN | ACK {
                a.base = Some(p.seq);
            }
            flows[fwd] = a;
            flows[rev] = b;
            let reading = Reading {
                seq: p.seq.wrapping_sub(a.base.unwrap_or(0)),
                ack: if p.flags & ACK != 0 {
                    p.ack.wrapping_sub(b.base.unwrap_or(0))
                } else {
                    0
                },
                // Wireshark reads the options before it shows its analysis:
                // a header the snapshot length cut inside its options stops
                // there, so the packet shows no mark, though its analysis
                // went on (the next packets count it, as here).
                marks: if p.options.cut { Marks::default() } else { marks },
            };
            if p.flags & (SYN | ACK) == SYN {
                syn_ns = Some(p.ts_ns);
            }
            // The first pure ACK after a SYN ends the handshake's round trip;
            // Wireshark's out-of-order threshold. Measured after the packet's
            // own analysis, as Wireshark does.
            if let (ACK, Some(syn), None) = (p.flags & (SYN | ACK), syn_ns, first_rtt_ns) {
                first_rtt_ns = Some(p.ts_ns.wrapping_sub(syn)).filter(|&t| t != 0);
            }
            reading
        })
        .collect()
}

/// What a packet's options tell about window scaling, learnt after its own
/// analysis (Wireshark reads the options after the sequence analysis): a
/// window scale option sets its direction's shift; a SYN without one means
/// no scaling (both ways when it is the first word on scaling, Wireshark's
/// `verify_tcp_window_scaling`). Options the snapshot length cut tell nothing.
fn learn_scale(p: &Packet, fwd: &mut Flow, rev: &mut Flow) {
    if let Some(shift) = p.options.wscale {
        fwd.scale = Scale::Shift(shift.min(14));
    }
    if p.flags & SYN == 0 || p.options.cut {
        return;
    }
    if fwd.scale == Scale::Unknown {
        fwd.scale = Scale::NotUsed;
        rev.scale = Scale::NotUsed;
    } else if p.flags & ACK != 0 && rev.scale == Scale::NotUsed {
        // A SYN,ACK with the option after a SYN without: not used.
        fwd.scale = Scale::NotUsed;
    }
}

/// `tcp_analyze_sequence_number` for one packet: `fwd` is its direction,
/// `rev` the other. Returns the marks and updates both directions.
fn analyse(p: &Packet, fwd: &mut Flow, rev: &mut Flow, first_rtt_ns: Option<u64>) -> Marks {
    let (seq, ack, len, flags, now) = (p.seq, p.ack, p.payload_len, p.flags, p.ts_ns);
    let window = u32::from(p.window);
    let sfr = flags & (SYN | FIN | RST) != 0;
    if fwd.base.is_none() {
        fwd.base = Some(if flags & SYN != 0 {
            seq
        } else {
            seq.wrapping_sub(1)
        });
    }
    if rev.base.is_none() && flags & ACK != 0 {
        rev.base = Some(ack.wrapping_sub(1));
    }
    let mut m = Marks::default();
    let repeats = len == 0 && seq == fwd.nextseq && ack == fwd.lastack && !sfr;
    if len == 1 && seq == fwd.nextseq && rev.window == 0 {
        m.zero_window_probe = true;
    } else {
        m.zero_window = window == 0 && !sfr;
        m.lost_segment = fwd.nextseq != 0 && gt(seq, fwd.nextseq) && flags & RST == 0;
        m.keep_alive = len <= 1 && seq == fwd.nextseq.wrapping_sub(1) && !sfr;
        m.window_update = repeats && window != 0 && window != fwd.window;
        // The peer's window is full when this segment's data reach its
        // right edge. Wireshark leaves it out until a SYN said how windows
        // scale, and compares modulo 2^32 (lastack 0: no ACK seen yet).
        let edge = rev
            .lastack
            .wrapping_add(rev.window.wrapping_shl(rev.scale.shift()));
        m.window_full = len > 0 && !sfr && rev.scale != Scale::Unknown && seq.wrapping_add(len) == edge;
        // The answer to a keep-alive or to a zero-window probe repeats the
        // previous ACK too: Wireshark names it, and counts no duplicate.
        m.keep_alive_ack = repeats && window != 0 && window == fwd.window && rev.keep_alive;
        m.zero_window_probe_ack = repeats && window == 0 && fwd.window == 0 && rev.zero_window_probe;
        if repeats && window != 0 && window == fwd.window && !rev.keep_alive {
            fwd.dupacks = if fwd.dupacks == -1 { 1 } else { fwd.dupacks + 1 };
            m.duplicate_ack = Some(fwd.dupacks.unsigned_abs());
        }
    }
    // "finished_fwd": a new ACK number starts a new run of duplicates.
    if ack != fwd.lastack {
        fwd.dupacks = 0;
    }
    if rev.maxseqtobeacked != 0 && gt(ack, rev.maxseqtobeacked) && flags & ACK != 0 {
        // Where the other direction has sent past the last acknowledgeable
        // number (a gap in it, or a new initial number), the mark moves
        // that number up to what it sent; otherwise it is reported once
        // per unseen stretch: the other direction's count of duplicate ACKs
        // goes to -1 until one of them comes. (Probed with tshark 4.0.17:
        // a newer Wireshark tests `>` here, which differs from 4.0.17 once
        // the other direction jumped ahead.)
        if rev.maxseqtobeacked != rev.nextseq {
            rev.maxseqtobeacked = rev.nextseq;
            m.ack_lost_segment = true;
        } else {
            m.ack_lost_segment = rev.dupacks == 0;
            rev.dupacks = -1;
        }
    }
    if (len > 0 || flags & (SYN | FIN) != 0) && !m.keep_alive {
        retransmission_kind(&mut m, p, fwd, rev, first_rtt_ns);
    }
    let nextseq = seq
        .wrapping_add(len)
        .wrapping_add(u32::from(flags & (SYN | FIN) != 0));
    if !m.zero_window_probe {
        if gt(nextseq, fwd.nextseq) || fwd.nextseq == 0 {
            fwd.nextseq = nextseq;
            fwd.nextseq_ns = now;
        }
        if seq == fwd.maxseqtobeacked || fwd.maxseqtobeacked == 0 {
            fwd.maxseqtobeacked = fwd.nextseq;
        }
    }
    fwd.window = window;
    fwd.lastack = ack;
    fwd.lastack_ns = now;
    fwd.keep_alive = m.keep_alive;
    fwd.zero_window_probe = m.zero_window_probe;
    m
}

/// Spurious retransmission, fast retransmission, out-of-order or
/// retransmission, in Wireshark 4.0's order of checks, for a segment that
/// takes sequence numbers: data the peer has already acknowledged is
/// spurious before anything else (tshark 4.0 marks a resent, already
/// acknowledged segment spurious even when it comes right after a newer one).
fn retransmission_kind(m: &mut Marks, p: &Packet, fwd: &Flow, rev: &Flow, first_rtt_ns: Option<u64>) {
    let (seq, len, now) = (p.seq, p.payload_len, p.ts_ns);
    let mut not_advanced = fwd.nextseq != 0 && gt(fwd.nextseq, seq);
    // One below the next sequence number with more than one byte: new data
    // after a zero-window probe, not a repeat.
    if len > 1 && fwd.nextseq.wrapping_sub(1) == seq {
        not_advanced = false;
    }
    if len > 0 && rev.lastack != 0 && !gt(seq.wrapping_add(len), rev.lastack) {
        m.spurious_retransmission = true;
        m.retransmission = true;
        return;
    }
    // Times as Wireshark takes them: unsigned, so a packet earlier than the
    // one compared with never counts as "soon after".
    let since_ack = now.wrapping_sub(rev.lastack_ns);
    if not_advanced && rev.dupacks >= 2 && rev.lastack == seq && since_ack < 20_000_000 {
        m.fast_retransmission = true;
        m.retransmission = true;
        return;
    }
    let since_highest = now.wrapping_sub(fwd.nextseq_ns);
    let threshold = first_rtt_ns.unwrap_or(3_000_000);
    // A SYN or FIN takes one sequence number beyond its data.
    let end = seq
        .wrapping_add(len)
        .wrapping_add(u32::from(p.flags & (SYN | FIN) != 0));
    if not_advanced && since_highest < threshold && fwd.nextseq != end {
        m.out_of_order = true;
        return;
    }
    m.retransmission = not_advanced;
}
