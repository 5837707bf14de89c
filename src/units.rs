//! How a run's times are written: in milliseconds, whatever the run counts
//! in. A simulated run counts milliseconds; a recorded capture counts
//! microseconds (`tcp_model::sim::TimeUnit`), written as decimal
//! milliseconds ("0.017"), so every text that says "{time} ms" stays true.

use tcp_model::sim::TimeUnit;

/// A time or a duration of `units` of `unit`, as a number of milliseconds
/// (without the unit): "250", or "0.017" for 17 µs.
pub fn ms_text(units: u64, unit: TimeUnit) -> String {
    let per = unit.per_ms();
    let (whole, part) = (units / per, units % per);
    if part == 0 {
        return whole.to_string();
    }
    // Three decimals for microseconds, without trailing zeros.
    let digits = format!("{part:03}");
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_are_written_as_they_are_and_microseconds_as_decimals() {
        assert_eq!(ms_text(2670, TimeUnit::Millis), "2670");
        assert_eq!(ms_text(17, TimeUnit::Micros), "0.017");
        assert_eq!(ms_text(2558, TimeUnit::Micros), "2.558");
        assert_eq!(ms_text(1500, TimeUnit::Micros), "1.5");
        assert_eq!(ms_text(3000, TimeUnit::Micros), "3");
        assert_eq!(ms_text(0, TimeUnit::Micros), "0");
    }
}
