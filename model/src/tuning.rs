//! The knobs where real TCP stacks legitimately differ, gathered in one place.
//!
//! The default profile follows RFC 9293 and RFC 6298 to the letter. The `linux`
//! profile reproduces the documented Linux defaults a teacher will be asked
//! about. Every knob can be overridden one by one from a scenario, so nothing
//! is ever silently a mix of the two.
//!
//! [`KNOBS`](TuningOverrides::KEYS) are declared once, in the `knobs!` table
//! below: each override's name (as written in JSON and the text form), its
//! kind, the [`Tuning`] field it sets and its allowed range. The overrides
//! struct, its text form, its application and the validation all come from
//! that one table.

use serde::{Deserialize, Serialize};

use crate::Millis;

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

/// How one kind of knob is written, stored and checked.
trait Knob: Sized {
    /// How the override is stored (and written in JSON).
    type Raw: Copy;
    /// The override as written in the text form.
    fn write(raw: Self::Raw) -> String;
    /// Reads the text form.
    fn read(text: &str) -> Option<Self::Raw>;
    /// The tuning value an override sets.
    fn value(raw: Self::Raw) -> Self;
    /// The number a range check applies to (`None`: nothing to check).
    fn magnitude(&self) -> Option<u64>;
}

impl Knob for Millis {
    type Raw = u64;
    fn write(raw: u64) -> String {
        raw.to_string()
    }
    fn read(text: &str) -> Option<u64> {
        text.parse().ok()
    }
    fn value(raw: u64) -> Millis {
        Millis(raw)
    }
    fn magnitude(&self) -> Option<u64> {
        Some(self.0)
    }
}

/// A time that may be switched off. In overrides a negative number means
/// "off" (e.g. `fin_ack_delay_ms=-1`: acknowledge a FIN at once).
impl Knob for Option<Millis> {
    type Raw = i64;
    fn write(raw: i64) -> String {
        raw.to_string()
    }
    fn read(text: &str) -> Option<i64> {
        text.parse().ok()
    }
    fn value(raw: i64) -> Option<Millis> {
        u64::try_from(raw).ok().map(Millis)
    }
    fn magnitude(&self) -> Option<u64> {
        self.map(|m| m.0)
    }
}

impl Knob for u32 {
    type Raw = u32;
    fn write(raw: u32) -> String {
        raw.to_string()
    }
    fn read(text: &str) -> Option<u32> {
        text.parse().ok()
    }
    fn value(raw: u32) -> u32 {
        raw
    }
    fn magnitude(&self) -> Option<u64> {
        Some(u64::from(*self))
    }
}

/// A count that may be left to the RFC's formula: overrides always set one.
impl Knob for Option<u32> {
    type Raw = u32;
    fn write(raw: u32) -> String {
        raw.to_string()
    }
    fn read(text: &str) -> Option<u32> {
        text.parse().ok()
    }
    fn value(raw: u32) -> Option<u32> {
        Some(raw)
    }
    fn magnitude(&self) -> Option<u64> {
        self.map(u64::from)
    }
}

impl Knob for bool {
    type Raw = bool;
    fn write(raw: bool) -> String {
        raw.to_string()
    }
    fn read(text: &str) -> Option<bool> {
        match text {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
    fn value(raw: bool) -> bool {
        raw
    }
    fn magnitude(&self) -> Option<u64> {
        None
    }
}

/// The knob table: `override_name: RawType as TuningType => tuning_field [min, max]`
/// (`RawType` must be `<TuningType as Knob>::Raw`; the compiler checks it).
macro_rules! knobs {
    ($( $(#[$doc:meta])* $key:ident : $raw:ty as $ty:ty => $field:ident [$min:expr, $max:expr] ),+ $(,)?) => {
        /// Optional per-knob overrides of the profile's [`Tuning`].
        #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct TuningOverrides {
            $( $(#[$doc])*
               #[serde(default, skip_serializing_if = "Option::is_none")]
               pub $key: Option<$raw>, )+
        }

        impl TuningOverrides {
            /// Every override's name, in table order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),+];

            /// Sets the overridden knobs of `t`.
            pub fn apply(&self, t: &mut Tuning) {
                $( if let Some(raw) = self.$key { t.$field = <$ty as Knob>::value(raw); } )+
            }

            /// The overrides as `name=value` pairs, in table order.
            pub fn pairs(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $( if let Some(raw) = self.$key { out.push((stringify!($key), <$ty as Knob>::write(raw))); } )+
                out
            }

            /// Sets one override from its text form.
            pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
                match key {
                    $( stringify!($key) => {
                        self.$key = Some(<$ty as Knob>::read(value).ok_or_else(|| {
                            format!("{key} \"{value}\" is not a valid value")
                        })?);
                    } )+
                    other => return Err(format!("unknown tcp key \"{other}\"")),
                }
                Ok(())
            }

            /// Whether nothing is overridden.
            pub fn is_empty(&self) -> bool {
                *self == TuningOverrides::default()
            }
        }

        impl Tuning {
            /// Checks every knob against its range; the message names the knob.
            pub fn validate(&self) -> Result<(), String> {
                $( if let Some(v) = Knob::magnitude(&self.$field) {
                    let (min, max): (u64, u64) = ($min, $max);
                    if v < min || v > max {
                        return Err(format!(
                            "tcp.{} is {v}; it must be between {min} and {max}",
                            stringify!($key)
                        ));
                    }
                } )+
                if self.min_rto > self.max_rto {
                    return Err(format!(
                        "tcp.min_rto_ms ({}) is above tcp.max_rto_ms ({})",
                        self.min_rto.0, self.max_rto.0
                    ));
                }
                Ok(())
            }
        }
    };
}

knobs! {
    /// Maximum Segment Lifetime, ms.
    msl_ms: u64 as Millis => msl [1, 600_000],
    /// A fixed TIME-WAIT length, ms.
    time_wait_ms: i64 as Option<Millis> => time_wait [1, 1_200_000],
    /// RTO before the first RTT sample, ms.
    initial_rto_ms: u64 as Millis => initial_rto [1, 600_000],
    /// Lower bound of a computed RTO, ms.
    min_rto_ms: u64 as Millis => min_rto [1, 600_000],
    /// Upper bound of a backed-off RTO, ms.
    max_rto_ms: u64 as Millis => max_rto [1, 600_000],
    /// SYN retransmissions before connect() fails.
    syn_retries: u32 as u32 => syn_retries [0, 20],
    /// SYN,ACK retransmissions before a half-open connection is dropped.
    synack_retries: u32 as u32 => synack_retries [0, 20],
    /// Data or FIN retransmissions before the connection is aborted.
    data_retries: u32 as u32 => data_retries [0, 20],
    /// Delayed-ACK limit, ms.
    ack_delay_ms: u64 as Millis => ack_delay [0, 500],
    /// ACK data at once (Linux quick-ack mode).
    quick_ack: bool as bool => quick_ack [0, 0],
    /// How long the ACK of a FIN may wait, ms (negative: at once).
    fin_ack_delay_ms: i64 as Option<Millis> => fin_ack_delay [0, 500],
    /// SYN retransmissions at a flat RTO before doubling.
    syn_linear_timeouts: u32 as u32 => syn_linear_timeouts [0, 20],
    /// Resend SYN,ACK on a duplicate SYN in SYN-RECEIVED.
    dup_syn_resends_synack: bool as bool => dup_syn_resends_synack [0, 0],
    /// An abort sends RST,ACK.
    abort_rst_carries_ack: bool as bool => abort_rst_carries_ack [0, 0],
    /// FIN-WAIT-2 limit for orphaned connections, ms.
    fin_wait_2_timeout_ms: i64 as Option<Millis> => fin_wait_2_timeout [1, 3_600_000],
    /// Initial congestion window, segments.
    initial_cwnd_segments: u32 as Option<u32> => initial_cwnd_segments [1, 1_000],
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
        o.set("quick_ack", "true").unwrap();
        let mut again = TuningOverrides::default();
        for (k, v) in o.pairs() {
            again.set(k, &v).unwrap();
        }
        assert_eq!(again, o);
        let mut t = Tuning::for_profile(Profile::Linux);
        o.apply(&mut t);
        assert_eq!((t.fin_ack_delay, t.syn_retries, t.quick_ack), (None, 3, true));
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
