//! The knobs where real TCP stacks legitimately differ, gathered in one place.
//!
//! The default profile follows RFC 9293 and RFC 6298 to the letter. The `linux`
//! profile reproduces the documented Linux defaults a teacher will be asked
//! about. Every knob can be overridden one by one from a scenario, so nothing
//! is ever silently a mix of the two.
//!
//! [`KNOBS`](knobs::TuningOverrides::KEYS) are declared once, in the `knobs!` table
//! below: each override's name (as written in JSON and the text form), its
//! kind, the [`Tuning`] field it sets and its allowed range. The overrides
//! struct, its text form, its application and the validation all come from
//! that one table.

use serde::{Deserialize, Serialize};

use crate::{Millis, Time};

pub mod knobs;
pub mod wheel;

crate::named_enum! {
    @serde
    /// Which set of defaults a scenario starts from.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Profile {
        /// RFC 9293 (TCP) with RFC 6298 (retransmission timer) and RFC 5681 (congestion control).
        #[default]
        Rfc9293 = "rfc9293",
        /// Linux defaults (net.ipv4.tcp_* sysctls as shipped).
        Linux = "linux",
    }
}

crate::named_enum! {
    @serde
    /// How the RTO is computed from round-trip samples.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub enum RtoRule {
        /// RFC 6298: SRTT + max(G, 4·RTTVAR), the whole RTO at least `min_rto`.
        #[default]
        Rfc6298 = "rfc6298",
        /// Linux (`tcp_rtt_estimator`): the 200 ms floor applies to the variance
        /// term, which decays once per flight; so RTO = R + max(2R, 200 ms) after
        /// the first sample R (600 ms for a 200 ms round trip), rounded up to 4 ms.
        Linux = "linux",
    }
}

/// Every behaviour knob of the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tuning {
    /// Which defaults these are (overrides may have changed some).
    pub profile: Profile,
    /// Maximum Segment Lifetime. TIME-WAIT lasts 2×MSL unless `time_wait` is set.
    /// RFC 9293 3.4.2 gives 2 minutes for the real MSL; lessons default to 1 s
    /// so TIME-WAIT (2 s) does not stall the story.
    pub msl: Millis,
    /// A fixed TIME-WAIT length instead of 2×MSL (Linux: TCP_TIMEWAIT_LEN = 60 s).
    pub time_wait: Option<Millis>,
    /// RFC 6298 2.1: the RTO before any round trip was measured (1 s; Linux also 1 s).
    pub initial_rto: Millis,
    /// RFC 6298 2.4: computed RTOs are rounded up to this (RFC: 1 s; Linux: 200 ms).
    pub min_rto: Millis,
    /// RFC 6298 2.5: the backed-off RTO never exceeds this (RFC: at least 60 s; Linux: 120 s).
    pub max_rto: Millis,
    /// Retransmissions of a SYN before connect() gives up (RFC 9293 3.8.3 R2 for
    /// SYNs must cover at least 3 minutes: 7 here; Linux tcp_syn_retries = 6).
    pub syn_retries: u32,
    /// Retransmissions of a SYN,ACK before the half-open connection is dropped
    /// (Linux tcp_synack_retries = 5).
    pub synack_retries: u32,
    /// Retransmissions of data or FIN before the connection is aborted (R2 at
    /// least 100 s: 6 here; Linux tcp_retries2 = 15).
    pub data_retries: u32,
    /// How long an ACK for received data may wait for outgoing data to ride on
    /// (RFC 9293 3.8.6.3: under 0.5 s). 0 means "only if the application answers
    /// in the same instant". Linux: 40 ms (TCP_DELACK_MIN).
    pub ack_delay: Millis,
    /// How many ACKs of data go out at once, before the application can
    /// answer, when data first arrives (Linux's quick-ack mode: 16,
    /// TCP_MAX_QUICKACKS). RFC: 0 (every ACK may wait `ack_delay`).
    pub quick_acks: u32,
    /// Interactive ("pingpong") mode ends quick ACKs once this side answers
    /// data within `ack_delay` of receiving it (Linux `tcp_event_data_sent`).
    pub pingpong: bool,
    /// How long the ACK of a FIN may wait for the application's own FIN to ride
    /// on. `None`: at once, as RFC 9293 says ("send an acknowledgment for the
    /// FIN"). Linux: 40 ms (it enters "pingpong" mode on a FIN), so a prompt
    /// close() sends one FIN,ACK instead of ACK then FIN.
    pub fin_ack_delay: Option<Millis>,
    /// Before any data has arrived, the ACK of a FIN leaves at the next timer
    /// tick instead of waiting `fin_ack_delay`: Linux's delayed-ACK timeout
    /// (`icsk_ack.ato`) is 0 until the first data sets it
    /// (`tcp_event_data_recv`), so `tcp_send_delayed_ack` arms the timer for
    /// now, which fires on the next tick. A close() in the same instant still
    /// carries the ACK on its FIN. Seen in generated kernel runs 751, 768,
    /// 782, 906 and 914.
    pub fin_ack_at_tick_before_data: bool,
    /// SYN retransmissions that wait a flat initial RTO before backoff starts
    /// doubling (Linux net.ipv4.tcp_syn_linear_timeouts; 4 on the reference
    /// kernel 6.18 captured in model/tests/fixtures/kernel). RFC 6298: 0.
    pub syn_linear_timeouts: u32,
    /// A duplicate SYN in SYN-RECEIVED makes a listener's half-open request
    /// resend its SYN,ACK at once (Linux and FreeBSD; not a side that opened
    /// simultaneously, which Linux answers with an ACK). RFC 9293's first check instead answers the
    /// out-of-window SYN with a bare ACK.
    pub dup_syn_resends_synack: bool,
    /// An application abort sends RST,ACK (Linux) rather than a bare RST (RFC 9293 ABORT).
    pub abort_rst_carries_ack: bool,
    /// In SYN-RECEIVED of a simultaneous open, the peer's SYN,ACK establishes
    /// the connection (Linux makes this exception in `tcp_validate_incoming`).
    /// RFC 9293's first check finds it unacceptable (SEG.SEQ = IRS): it is
    /// answered with an ACK and the peer's ACK establishes the connection.
    pub simultaneous_synack_establishes: bool,
    /// Retry limits are time budgets, as Linux computes them
    /// (`tcp_model_timeout`): connect() may also retransmit its SYN
    /// `syn_linear_timeouts` extra times, and gives up after those linear
    /// waits plus 2^(syn_retries+1)−1 initial RTOs from the first SYN (4 +
    /// 127 = 131 s with Linux ≥ 6.5's defaults; 127 s before 6.5, which had
    /// no linear retries: `model/tests/rules.rs`); established connections give
    /// up when `data_retries` backed-off minimum RTOs have passed since the
    /// first retransmission (924.6 s for 15). RFC: plain counts.
    pub time_budgets: bool,
    /// Retransmissions an orphaned connection (closed by its application)
    /// makes before giving up (Linux tcp_orphan_retries: 0 means 8). `None`:
    /// the same as `data_retries`.
    pub orphan_retries: Option<u32>,
    /// How the RTO follows round-trip samples.
    pub rto_rule: RtoRule,
    /// Answers to unacceptable segments (challenge ACKs, ACKs of data never
    /// sent, ACKs to out-of-window pure ACKs) allowed per `invalid_ack_window`
    /// per connection (RFC 5961 §7 suggests 10 per 5 s; Linux: 1 per 500 ms,
    /// tcp_invalid_ratelimit). Keeps two confused peers from an ACK war.
    pub invalid_ack_burst: u32,
    /// See `invalid_ack_burst`.
    pub invalid_ack_window: Millis,
    /// The SYN queue counts as full only with more half-open connections than
    /// the listen() backlog, so one more fits (Linux
    /// `inet_csk_reqsk_queue_is_full`). RFC 9293 leaves the queue to the
    /// implementation: off, the backlog is exactly how many fit.
    pub synq_over_backlog: bool,
    /// A half-open (passive SYN-RECEIVED) connection checks SEG.ACK before
    /// the sequence number and resets a wrong one at once (Linux
    /// `tcp_check_req`); RFC 9293 checks the sequence number first, so an
    /// old segment is answered with an ACK instead.
    pub synrecv_checks_ack_first: bool,
    /// SYN cookies (Linux tcp_syncookies, default 1): 0 off (a full SYN queue
    /// drops SYNs), 1 when the SYN queue is full, 2 always. RFC 9293: 0.
    pub syncookies: u32,
    /// Timers fire on the ticks of Linux's timer wheel (HZ = 250) rather than
    /// at their exact deadline: see [`wheel`]. A 1 s timer fires after
    /// 1.000–1.032 s, which is what a kernel capture shows.
    pub timer_wheel: bool,
    /// The first zero-window probe waits at least this long (Linux
    /// tcp_probe0_base: max(RTO, 200 ms)); later ones back off like the RTO.
    pub persist_min: Millis,
    /// An orphaned connection (closed by its application) gives up waiting in
    /// FIN-WAIT-2 after this long (Linux tcp_fin_timeout = 60 s). RFC 9293 has
    /// no such timer.
    pub fin_wait_2_timeout: Option<Millis>,
    /// Initial congestion window in segments; `None` is RFC 3390's
    /// min(4·MSS, max(2·MSS, 4380 bytes)), i.e. 3 segments of 1460 bytes.
    /// Linux: 10 (RFC 6928).
    pub initial_cwnd_segments: Option<u32>,
    /// Nagle's rule holds a small segment back only while an earlier *small*
    /// segment is unacknowledged (Minshall's variant, Linux
    /// `tcp_minshall_check`), so the tail of a write goes out right behind
    /// its full segments. RFC 9293 3.7.4 (SHLD-7): while any data is
    /// unacknowledged.
    pub minshall_nagle: bool,
    /// Retransmissions of this side's SYN or SYN,ACK after which its initial
    /// congestion window is one segment. RFC 5681 3.1: 1 ("If the SYN or
    /// SYN/ACK is lost, the initial window ... MUST be one segment"). Linux:
    /// 2 (`tcp_init_transfer`: with a 1 s initial RTO one retransmission is
    /// often spurious, so only more than one cuts the window).
    pub one_segment_iw_after: u32,
    /// Data that arrives after close() is answered with <SEQ=SEG.ACK><CTL=RST>,
    /// as a segment for no connection is (Linux: `tcp_rcv_state_process`
    /// returns it to `tcp_v4_send_reset`, counted as TCPAbortOnData). Off:
    /// <SEQ=SND.NXT><CTL=RST>, as RFC 9293's ABORT (RFC 1122 4.2.2.13 only
    /// asks for a RST). They differ while our FIN is unacknowledged.
    pub late_data_rst_from_ack: bool,
    /// After close(), a FIN past a gap (data missing before it, lost on the
    /// way) is reset at once, as data is: Linux's `tcp_rcv_state_process`
    /// checks the segment's end less its FIN against RCV.NXT in FIN-WAIT-1
    /// and FIN-WAIT-2 (TCPAbortOnData), and its FIN-WAIT-2 timewait socket
    /// resets any FIN but the next number. RFC 9293: the FIN is held out of
    /// order until the gap is filled, and the data that fills it is reset.
    pub gap_fin_resets_after_close: bool,
    /// After the peer's FIN (CLOSE-WAIT, LAST-ACK, CLOSING) an RST one below
    /// RCV.NXT, the FIN's own number, resets the connection (Linux
    /// `tcp_reset_check`, for stacks that send RST with the FIN's sequence
    /// number, and for an RST whose sender has not seen a FIN that crossed
    /// it). RFC 9293 with RFC 5961: it lies outside the window and is dropped.
    pub rst_below_after_fin: bool,
}

impl Tuning {
    /// The defaults of a profile.
    pub fn for_profile(profile: Profile) -> Tuning {
        match profile {
            Profile::Rfc9293 => Tuning {
                profile,
                msl: Millis(1_000),
                time_wait: None,
                initial_rto: Millis(1_000),
                min_rto: Millis(1_000),
                max_rto: Millis(60_000),
                syn_retries: 7,
                synack_retries: 7,
                data_retries: 6,
                ack_delay: Millis(0),
                quick_acks: 0,
                pingpong: false,
                fin_ack_delay: None,
                fin_ack_at_tick_before_data: false,
                syn_linear_timeouts: 0,
                dup_syn_resends_synack: false,
                abort_rst_carries_ack: false,
                simultaneous_synack_establishes: false,
                time_budgets: false,
                orphan_retries: None,
                rto_rule: RtoRule::Rfc6298,
                invalid_ack_burst: 10,
                invalid_ack_window: Millis(5_000),
                syncookies: 0,
                synq_over_backlog: false,
                synrecv_checks_ack_first: false,
                timer_wheel: false,
                persist_min: Millis(0),
                fin_wait_2_timeout: None,
                initial_cwnd_segments: None,
                minshall_nagle: false,
                one_segment_iw_after: 1,
                late_data_rst_from_ack: false,
                gap_fin_resets_after_close: false,
                rst_below_after_fin: false,
            },
            Profile::Linux => Tuning {
                profile,
                msl: Millis(30_000),
                time_wait: Some(Millis(60_000)),
                initial_rto: Millis(1_000),
                min_rto: Millis(200),
                max_rto: Millis(120_000),
                syn_retries: 6,
                synack_retries: 5,
                data_retries: 15,
                ack_delay: Millis(40),
                quick_acks: 16,
                pingpong: true,
                fin_ack_delay: Some(Millis(40)),
                fin_ack_at_tick_before_data: true,
                syn_linear_timeouts: 4,
                dup_syn_resends_synack: true,
                abort_rst_carries_ack: true,
                simultaneous_synack_establishes: true,
                time_budgets: true,
                orphan_retries: Some(8),
                rto_rule: RtoRule::Linux,
                invalid_ack_burst: 1,
                invalid_ack_window: Millis(500),
                syncookies: 1,
                synq_over_backlog: true,
                synrecv_checks_ack_first: true,
                timer_wheel: true,
                persist_min: Millis(200),
                fin_wait_2_timeout: Some(Millis(60_000)),
                initial_cwnd_segments: Some(10),
                minshall_nagle: true,
                one_segment_iw_after: 2,
                late_data_rst_from_ack: true,
                gap_fin_resets_after_close: true,
                rst_below_after_fin: true,
            },
        }
    }

    /// When a timer started at `at` to run for `delay` fires: at once when
    /// the delay is up, or on the wheel's tick (see [`wheel`]).
    pub fn fire_at(&self, at: Time, delay: Millis) -> Time {
        if self.timer_wheel {
            wheel::fire_at(at, delay)
        } else {
            at + delay
        }
    }

    /// The next timer tick after `at` (a timer armed for "now" fires then),
    /// or `at` itself without the wheel.
    pub fn next_tick(&self, at: Time) -> Time {
        if self.timer_wheel {
            wheel::next_tick(at)
        } else {
            at
        }
    }

    /// How long TIME-WAIT lasts under this tuning.
    pub fn time_wait_len(&self) -> Millis {
        self.time_wait.unwrap_or(Millis(self.msl.0.saturating_mul(2)))
    }
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning::for_profile(Profile::Rfc9293)
    }
}

#[cfg(test)]
mod tests {
    use super::knobs::TuningOverrides;
    use super::*;

    #[test]
    fn rfc_time_wait_is_twice_msl() {
        let mut t = Tuning::default();
        assert_eq!(t.time_wait_len(), Millis(2_000));
        t.msl = Millis(120_000);
        assert_eq!(t.time_wait_len(), Millis(240_000));
    }

    #[test]
    fn linux_time_wait_is_a_fixed_minute() {
        assert_eq!(
            Tuning::for_profile(Profile::Linux).time_wait_len(),
            Millis(60_000)
        );
    }

    #[test]
    fn both_profiles_are_valid() {
        for &p in Profile::ALL {
            assert_eq!(Tuning::for_profile(p).validate(), Ok(()), "{p:?}");
        }
    }

    #[test]
    fn overrides_round_trip_through_their_text_form() {
        let mut o = TuningOverrides::default();
        o.set("fin_ack_delay_ms", "-1").unwrap();
        o.set("syn_retries", "3").unwrap();
        o.set("pingpong", "true").unwrap();
        let mut again = TuningOverrides::default();
        for (k, v) in o.pairs() {
            again.set(k, &v).unwrap();
        }
        assert_eq!(again, o);
        let mut t = Tuning::for_profile(Profile::Linux);
        o.apply(&mut t);
        assert_eq!((t.fin_ack_delay, t.syn_retries, t.pingpong), (None, 3, true));
        assert!(o.set("syn_retries", "many").unwrap_err().contains("syn_retries"));
        assert!(o.set("colour", "red").unwrap_err().contains("unknown tcp key"));
    }

    #[test]
    fn every_knob_is_range_checked() {
        let mut o = TuningOverrides::default();
        o.set("initial_cwnd_segments", "4294967295").unwrap();
        let mut t = Tuning::default();
        o.apply(&mut t);
        assert!(t.validate().unwrap_err().contains("initial_cwnd_segments"));
    }

    /// When a sender gives up after `retries` retransmissions: the sum of the
    /// backed-off RTOs, the last one being the wait after the final retry.
    fn give_up_after(t: &Tuning, retries: u32, linear: u32) -> u64 {
        let mut rto = t.initial_rto.0;
        let mut total = 0;
        for i in 0..=retries {
            total += rto;
            if i >= linear {
                rto = (rto * 2).min(t.max_rto.0);
            }
        }
        total
    }

    #[test]
    fn rfc_retry_limits_meet_r2() {
        // RFC 9293 3.8.3: R2 must cover at least 3 minutes for a SYN, 100 s otherwise.
        let t = Tuning::default();
        assert_eq!(give_up_after(&t, t.syn_retries, t.syn_linear_timeouts), 183_000);
        assert!(give_up_after(&t, t.data_retries, 0) >= 100_000);
    }
}
