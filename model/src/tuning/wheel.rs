//! Linux's timer wheel (`kernel/time/timer.c`), as far as TCP's timers feel it.
//!
//! The kernel counts time in jiffies (4 ms at HZ = 250, the usual distribution
//! setting) and files each timer in a bucket of a wheel whose buckets get
//! coarser the further off the deadline is: one jiffy wide for deadlines under
//! 63 jiffies away, 8 jiffies under 504, 64 under 4032, and so on, eight times
//! wider per level. A timer fires on the tick that starts the bucket after its
//! deadline (`calc_index` rounds up "to prevent early expiry"): never early,
//! up to one bucket late. So a SYN sent on a tick retransmits 1024 ms later,
//! not 1000 ms (kernel capture `n_seven_lost_syns`: 0, 1024.7, 2048.7 ms…),
//! and a 60 s TIME-WAIT may last up to 2 s longer.
//!
//! The model puts tick 0 at time 0; a real kernel's ticks have some other
//! phase, so its timers land within one bucket of the model's.

use crate::{Millis, Time};

/// One jiffy at HZ = 250.
pub const JIFFY_MS: u64 = 4;

/// log2 of how much coarser each level is than the one below.
const LEVEL_SHIFT: u32 = 3;

/// The wheel's levels (`LVL_DEPTH` for HZ > 100).
const LEVELS: u32 = 9;

/// How late at most a timer of `delay` fires: one bucket of its level.
pub fn granularity(delay: Millis) -> Millis {
    Millis(JIFFY_MS << (LEVEL_SHIFT * level(delay.0.div_ceil(JIFFY_MS))))
}

/// The level a timer `delta` jiffies ahead is filed in: level 0 holds
/// deadlines under 63 jiffies away, level n those under 63·8^n (`LVL_START`).
fn level(delta: u64) -> u32 {
    let mut l = 0;
    while l + 1 < LEVELS && delta >= 63u64 << (LEVEL_SHIFT * l) {
        l += 1;
    }
    l
}

/// The tick a timer armed at `at` to expire at once fires on: the next one
/// (`calc_index` rounds even a deadline of now up to the next jiffy).
pub fn next_tick(at: Time) -> Time {
    Time((at.0 / JIFFY_MS + 1) * JIFFY_MS)
}

/// When a timer started at `at` for `delay` fires on the wheel.
pub fn fire_at(at: Time, delay: Millis) -> Time {
    if delay.0 == 0 {
        return at;
    }
    let now = at.0 / JIFFY_MS;
    // msecs_to_jiffies rounds up; TCP keeps its timeouts in jiffies anyway.
    let delta = delay.0.div_ceil(JIFFY_MS);
    let shift = LEVEL_SHIFT * level(delta);
    let expires = now.saturating_add(delta);
    let bucket = ((expires >> shift) + 1) << shift;
    Time(bucket.saturating_mul(JIFFY_MS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_second_timer_armed_on_a_tick_fires_1024_ms_later() {
        // 250 jiffies is filed at level 1 (8-jiffy buckets): 256 jiffies.
        assert_eq!(fire_at(Time(0), Millis(1_000)), Time(1_024));
        assert_eq!(fire_at(Time(1_024), Millis(1_000)), Time(2_048));
        // 2 s from 5120 ms (kernel capture n_seven_lost_syns: 5120.8 → 7136.8).
        assert_eq!(fire_at(Time(5_120), Millis(2_000)), Time(7_136));
    }

    #[test]
    fn short_timers_fire_one_jiffy_late_long_ones_up_to_a_bucket() {
        // The 40 ms delayed ACK: 10 jiffies, level 0, fires on the 11th tick.
        assert_eq!(fire_at(Time(0), Millis(40)), Time(44));
        for (delay, gran) in [(40, 4), (1_000, 32), (4_000, 256), (60_000, 2_048)] {
            assert_eq!(granularity(Millis(delay)), Millis(gran), "{delay} ms");
            for at in (0..5_000).step_by(7) {
                let fired = fire_at(Time(at), Millis(delay));
                assert!(fired.0 >= at + delay, "never early: {at}+{delay} → {fired:?}");
                assert!(fired.0 <= at + delay + gran, "at most a bucket late");
            }
        }
    }
}
