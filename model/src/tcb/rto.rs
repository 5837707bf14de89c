//! The retransmission timeout per RFC 6298: smoothed RTT, RTT variance,
//! Karn's rule (the caller never samples a retransmitted segment) and
//! exponential backoff.

use crate::{Millis, Tuning};

/// RTT estimator and current RTO. Times are kept in microseconds so integer
/// arithmetic does not round a 1 ms clock to nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rto {
    srtt_us: Option<u64>,
    rttvar_us: u64,
    rto: Millis,
    /// How many times the current RTO has been doubled since the last sample.
    pub(crate) backoff: u32,
}

/// RFC 6298 2: G, the clock granularity; the model's clock ticks in milliseconds.
const GRANULARITY_US: u64 = 1_000;

impl Rto {
    /// RFC 6298 2.1: before any measurement, RTO = the initial value (1 s).
    pub(crate) fn new(tuning: &Tuning) -> Rto {
        Rto {
            srtt_us: None,
            rttvar_us: 0,
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

    /// RFC 6298 2.2 and 2.3: fold in a round-trip sample `r`.
    pub(crate) fn sample(&mut self, r: Millis, tuning: &Tuning) {
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
        self.backoff = 0;
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
    fn linux_floor_of_200_ms_lets_the_computed_value_through() {
        let t = Tuning::for_profile(Profile::Linux);
        let mut rto = Rto::new(&t);
        rto.sample(Millis(200), &t);
        assert_eq!(rto.current(), Millis(600));
        rto.sample(Millis(200), &t);
        // RTTVAR = 3/4 * 100 + 1/4 * 0 = 75; RTO = 200 + 300.
        assert_eq!(rto.current(), Millis(500));
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
