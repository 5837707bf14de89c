//! The retransmission timeout: smoothed RTT, RTT variance, Karn's rule (the
//! caller never samples a retransmitted segment) and exponential backoff,
//! per RFC 6298, or as Linux computes it (`tcp_rtt_estimator`), chosen by
//! `Tuning::rto_rule`.

use crate::tuning::RtoRule;
use crate::{Millis, Tuning};

/// RTT estimator and current RTO. Times are kept in microseconds so integer
/// arithmetic does not round a 1 ms clock to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rto {
    srtt_us: Option<u64>,
    /// RFC 6298: RTTVAR. Linux: `rttvar_us`, the variance term already ×4.
    rttvar_us: u64,
    /// Linux only: `mdev_us` (4 × the mean deviation) and the largest one this flight.
    mdev_us: u64,
    mdev_max_us: u64,
    rto: Millis,
    /// How many times the current RTO has been doubled since the last sample.
    pub(crate) backoff: u32,
}

/// Linux's timer tick (HZ=250): an RTO is rounded up to a whole jiffy.
const JIFFY_US: u64 = 4_000;

/// RFC 6298 2: G, the clock granularity; the model's clock ticks in milliseconds.
const GRANULARITY_US: u64 = 1_000;

impl Rto {
    /// RFC 6298 2.1: before any measurement, RTO = the initial value (1 s).
    pub(crate) fn new(tuning: &Tuning) -> Rto {
        Rto {
            srtt_us: None,
            rttvar_us: 0,
            mdev_us: 0,
            mdev_max_us: 0,
            rto: tuning.initial_rto,
            backoff: 0,
        }
    }

    pub(crate) fn current(&self) -> Millis {
        self.rto
    }

    #[cfg(test)]
    pub(crate) fn srtt(&self) -> Option<Millis> {
        self.srtt_us.map(|us| Millis(us / 1_000))
    }

    /// Folds in a round-trip sample `r` (one per flight: the caller times one
    /// segment at a time).
    pub(crate) fn sample(&mut self, r: Millis, tuning: &Tuning) {
        match tuning.rto_rule {
            RtoRule::Rfc6298 => self.sample_rfc6298(r, tuning),
            RtoRule::Linux => self.sample_linux(r, tuning),
        }
        self.backoff = 0;
    }

    /// RFC 6298 2.2 and 2.3.
    fn sample_rfc6298(&mut self, r: Millis, tuning: &Tuning) {
        let r_us = r.0 * 1_000;
        match self.srtt_us {
            None => {
                self.srtt_us = Some(r_us);
                self.rttvar_us = r_us / 2;
            }
            Some(srtt) => {
                // RTTVAR <- (1 - 1/4) * RTTVAR + 1/4 * |SRTT - R'| ; SRTT <- (1 - 1/8) * SRTT + 1/8 * R'
                self.rttvar_us = (3 * self.rttvar_us + srtt.abs_diff(r_us)) / 4;
                self.srtt_us = Some((7 * srtt + r_us) / 8);
            }
        }
        let srtt = self.srtt_us.unwrap_or(r_us);
        let rto_us = srtt + GRANULARITY_US.max(4 * self.rttvar_us);
        // 2.4: round up to the minimum; 2.5: cap at the maximum. Round up to whole ms.
        let rto_ms = rto_us.div_ceil(1_000);
        self.rto = Millis(rto_ms.clamp(tuning.min_rto.0, tuning.max_rto.0));
    }

    /// Linux `tcp_rtt_estimator` and `__tcp_set_rto`: the floor `min_rto` is
    /// on the variance term (RTO = SRTT + max(4·mdev, 200 ms)), which rises
    /// at once and decays by a quarter per flight; the RTO is rounded up to
    /// a jiffy. A constant 200 ms round trip gives 600, 600, 560, 520, 488 …
    /// down to 400 ms.
    fn sample_linux(&mut self, r: Millis, tuning: &Tuning) {
        let m = r.0.saturating_mul(1_000).max(1);
        let floor = tuning.min_rto.0.saturating_mul(1_000);
        match self.srtt_us {
            None => {
                self.srtt_us = Some(m);
                self.mdev_us = 2 * m;
                self.rttvar_us = self.mdev_us.max(floor);
                self.mdev_max_us = self.rttvar_us;
            }
            Some(srtt) => {
                let err = m as i64 - srtt as i64;
                self.srtt_us = Some((srtt as i64 + err / 8).max(1) as u64);
                // mdev = 3/4 mdev + 1/4 |err|, growing slower when the RTT falls.
                let mut e = err.abs() - (self.mdev_us / 4) as i64;
                if err < 0 && e > 0 {
                    e /= 8;
                }
                self.mdev_us = (self.mdev_us as i64 + e).max(0) as u64;
                if self.mdev_us > self.mdev_max_us {
                    self.mdev_max_us = self.mdev_us;
                    self.rttvar_us = self.rttvar_us.max(self.mdev_max_us);
                }
                // Once per flight: rttvar decays towards this flight's largest mdev.
                if self.mdev_max_us < self.rttvar_us {
                    self.rttvar_us -= (self.rttvar_us - self.mdev_max_us) / 4;
                }
                self.mdev_max_us = floor;
            }
        }
        let rto_us = self.srtt_us.unwrap_or(m) + self.rttvar_us;
        let rto_ms = rto_us.div_ceil(JIFFY_US) * JIFFY_US / 1_000;
        self.rto = Millis(rto_ms.min(tuning.max_rto.0));
    }

    /// RFC 6298 5.5: on a timeout, double the RTO (up to the maximum).
    pub(crate) fn back_off(&mut self, tuning: &Tuning) {
        self.rto = Millis((self.rto.0 * 2).min(tuning.max_rto.0));
        self.backoff += 1;
    }

    /// RFC 6298 5.7: when a SYN timed out (with an initial RTO below 3 s), the
    /// RTO is re-initialised to 3 s once data transmission begins. Karn's rule
    /// means no sample was taken from the retransmitted handshake.
    pub(crate) fn after_syn_timeout(&mut self) {
        if self.srtt_us.is_none() {
            self.rto = Millis(3_000);
        }
        self.backoff = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Profile;

    #[test]
    fn initial_rto_is_one_second() {
        assert_eq!(Rto::new(&Tuning::default()).current(), Millis(1_000));
    }

    #[test]
    fn first_sample_sets_srtt_and_half_rttvar_then_rounds_up_to_one_second() {
        let t = Tuning::default();
        let mut rto = Rto::new(&t);
        rto.sample(Millis(200), &t);
        // 200 + 4 * 100 = 600 ms, below RFC 6298's 1 s floor.
        assert_eq!(rto.srtt(), Some(Millis(200)));
        assert_eq!(rto.current(), Millis(1_000));
    }

    #[test]
    fn linux_floors_the_variance_term_not_the_rto() {
        // LINUX-FACTS (b): a constant 200 ms round trip gives 600, 600, 560,
        // 520, 488 … ms, falling towards SRTT + 200 ms; the captured FIN
        // retransmissions came 614 and 628 ms after the FIN (600 + timer lateness).
        let t = Tuning::for_profile(Profile::Linux);
        let mut rto = Rto::new(&t);
        let mut seen = Vec::new();
        for _ in 0..12 {
            rto.sample(Millis(200), &t);
            seen.push(rto.current().0);
        }
        assert_eq!(seen[..5], [600, 600, 560, 520, 488]);
        assert!(
            seen.windows(2).all(|w| w[1] <= w[0]) && *seen.last().unwrap() >= 400,
            "{seen:?}"
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_and_a_sample_collapses_it() {
        let t = Tuning::default();
        let mut rto = Rto::new(&t);
        for expected in [2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000] {
            rto.back_off(&t);
            assert_eq!(rto.current(), Millis(expected));
        }
        assert_eq!(rto.backoff, 7);
        rto.sample(Millis(200), &t);
        assert_eq!((rto.current(), rto.backoff), (Millis(1_000), 0));
    }

    #[test]
    fn syn_timeout_raises_rto_to_three_seconds_for_data() {
        let t = Tuning::default();
        let mut rto = Rto::new(&t);
        rto.back_off(&t);
        rto.back_off(&t);
        assert_eq!(rto.current(), Millis(4_000));
        rto.after_syn_timeout();
        assert_eq!((rto.current(), rto.backoff), (Millis(3_000), 0));
    }
}
