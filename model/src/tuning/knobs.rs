//! The override table: every knob a scenario may set, with its name (as
//! written in JSON and the text form), its kind, the [`Tuning`] field it sets
//! and its allowed range, declared once in the `knobs!` table below. The
//! overrides struct, its text form, its application and the validation all
//! come from that one table.

use serde::{Deserialize, Serialize};

use super::{RtoRule, Tuning};
use crate::Millis;

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

impl Knob for RtoRule {
    type Raw = RtoRule;
    fn write(raw: RtoRule) -> String {
        raw.name().to_string()
    }
    fn read(text: &str) -> Option<RtoRule> {
        RtoRule::from_name(text)
    }
    fn value(raw: RtoRule) -> RtoRule {
        raw
    }
    fn magnitude(&self) -> Option<u64> {
        None
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
    /// ACKs of new data sent at once when data first arrives (Linux quick-ack).
    quick_acks: u32 as u32 => quick_acks [0, 1_000],
    /// Interactive mode suppresses quick ACKs.
    pingpong: bool as bool => pingpong [0, 0],
    /// How long the ACK of a FIN may wait, ms (negative: at once).
    fin_ack_delay_ms: i64 as Option<Millis> => fin_ack_delay [0, 500],
    /// Before any data, a FIN's ACK leaves at the next timer tick (Linux).
    fin_ack_at_tick_before_data: bool as bool => fin_ack_at_tick_before_data [0, 0],
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
    /// Nagle holds a small segment only behind an unacknowledged small one (Linux).
    minshall_nagle: bool as bool => minshall_nagle [0, 0],
    /// SYN or SYN,ACK retransmissions that make the initial window one segment.
    one_segment_iw_after: u32 as u32 => one_segment_iw_after [1, 1_000],
    /// Data after close() is reset with SEQ=SEG.ACK (Linux), not SND.NXT.
    late_data_rst_from_ack: bool as bool => late_data_rst_from_ack [0, 0],
    /// After close(), a FIN past a gap is reset at once (Linux).
    gap_fin_resets_after_close: bool as bool => gap_fin_resets_after_close [0, 0],
    /// After the peer's FIN, an RST at RCV.NXT − 1 resets (Linux).
    rst_below_after_fin: bool as bool => rst_below_after_fin [0, 0],
    /// A simultaneous open's SYN,ACK establishes (Linux).
    simultaneous_synack_establishes: bool as bool => simultaneous_synack_establishes [0, 0],
    /// Retry limits as Linux's time budgets.
    time_budgets: bool as bool => time_budgets [0, 0],
    /// Retransmissions of an orphaned connection.
    orphan_retries: u32 as Option<u32> => orphan_retries [0, 20],
    /// How the RTO is computed: rfc6298 or linux.
    rto_rule: RtoRule as RtoRule => rto_rule [0, 0],
    /// Answers to unacceptable segments per window.
    invalid_ack_burst: u32 as u32 => invalid_ack_burst [1, 1_000],
    /// The window of `invalid_ack_burst`, ms.
    invalid_ack_window_ms: u64 as Millis => invalid_ack_window [1, 60_000],
    /// SYN cookies: 0 off, 1 when the SYN queue is full, 2 always.
    syncookies: u32 as u32 => syncookies [0, 2],
    /// One more half-open connection than the backlog fits (Linux).
    synq_over_backlog: bool as bool => synq_over_backlog [0, 0],
    /// A half-open connection resets a wrong ACK before checking its sequence number (Linux).
    synrecv_checks_ack_first: bool as bool => synrecv_checks_ack_first [0, 0],
    /// Timers fire on Linux's timer-wheel ticks.
    timer_wheel: bool as bool => timer_wheel [0, 0],
    /// Floor of the first zero-window probe's wait, ms.
    persist_min_ms: u64 as Millis => persist_min [0, 60_000],
}
