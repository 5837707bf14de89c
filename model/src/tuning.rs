//! The knobs where real TCP stacks legitimately differ, gathered in one place.
//!
//! The default profile follows RFC 9293 and RFC 6298 to the letter. The `linux`
//! profile reproduces the documented Linux defaults a teacher will be asked
//! about. Every knob can be overridden one by one from a scenario, so nothing
//! is ever silently a mix of the two.

use serde::{Deserialize, Serialize};

use crate::Millis;

/// Which set of defaults a scenario starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// RFC 9293 (TCP) with RFC 6298 (retransmission timer) and RFC 5681 (congestion control).
    #[default]
    Rfc9293,
    /// Linux defaults (net.ipv4.tcp_* sysctls as shipped).
    Linux,
}

/// Every behaviour knob of the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tuning {
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
    /// ACK data at once, before the application can answer (Linux's quick-ack
    /// mode, which a new connection starts in).
    pub quick_ack: bool,
    /// How long the ACK of a FIN may wait for the application's own FIN to ride
    /// on. `None`: at once, as RFC 9293 says ("send an acknowledgment for the
    /// FIN"). Linux: 40 ms (it enters "pingpong" mode on a FIN), so a prompt
    /// close() sends one FIN,ACK instead of ACK then FIN.
    pub fin_ack_delay: Option<Millis>,
    /// SYN retransmissions that wait a flat initial RTO before backoff starts
    /// doubling (Linux net.ipv4.tcp_syn_linear_timeouts; 4 on the reference
    /// kernel 6.18 captured in model/tests/fixtures/kernel). RFC 6298: 0.
    pub syn_linear_timeouts: u32,
    /// A duplicate SYN in SYN-RECEIVED makes the server resend its SYN,ACK at
    /// once (Linux and FreeBSD). RFC 9293's first check instead answers the
    /// out-of-window SYN with a bare ACK.
    pub dup_syn_resends_synack: bool,
    /// An application abort sends RST,ACK (Linux) rather than a bare RST (RFC 9293 ABORT).
    pub abort_rst_carries_ack: bool,
    /// An orphaned connection (closed by its application) gives up waiting in
    /// FIN-WAIT-2 after this long (Linux tcp_fin_timeout = 60 s). RFC 9293 has
    /// no such timer.
    pub fin_wait_2_timeout: Option<Millis>,
    /// Initial congestion window in segments; `None` is RFC 3390's
    /// min(4·MSS, max(2·MSS, 4380 bytes)), i.e. 3 segments of 1460 bytes.
    /// Linux: 10 (RFC 6928).
    pub initial_cwnd_segments: Option<u32>,
}

impl Tuning {
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
                quick_ack: false,
                fin_ack_delay: None,
                syn_linear_timeouts: 0,
                dup_syn_resends_synack: false,
                abort_rst_carries_ack: false,
                fin_wait_2_timeout: None,
                initial_cwnd_segments: None,
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
                quick_ack: true,
                fin_ack_delay: Some(Millis(40)),
                syn_linear_timeouts: 4,
                dup_syn_resends_synack: true,
                abort_rst_carries_ack: true,
                fin_wait_2_timeout: Some(Millis(60_000)),
                initial_cwnd_segments: Some(10),
            },
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

    #[test]
    fn linux_connect_gives_up_after_four_linear_then_doubling_timeouts() {
        // 1+1+1+1+1 s, then 2 and 4 s: connect() fails after 11 s on 6.18.
        let t = Tuning::for_profile(Profile::Linux);
        assert_eq!(give_up_after(&t, t.syn_retries, t.syn_linear_timeouts), 11_000);
        // Kernels without linear timeouts: the classic 127 s.
        assert_eq!(give_up_after(&t, t.syn_retries, 0), 127_000);
    }
}
