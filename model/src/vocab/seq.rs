//! Sequence numbers: 32-bit, compared and added modulo 2^32 (RFC 9293 3.4).
//!
//! All sequence arithmetic goes through this type so that wrap-around cannot be
//! written wrong anywhere else.

use core::cmp::Ordering;
use core::fmt;
use core::ops::{Add, Sub};
use serde::{Deserialize, Serialize};

/// A TCP sequence (or acknowledgment) number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Seq(pub u32);

impl Seq {
    /// `self` ≤ x < `self` + `len`, modulo 2^32.
    pub fn contains(self, len: u32, x: Seq) -> bool {
        let offset = x.0.wrapping_sub(self.0);
        offset < len
    }

    /// The later of two sequence numbers (modulo 2^32).
    pub fn max(self, other: Seq) -> Seq {
        if self >= other {
            self
        } else {
            other
        }
    }
}

/// Ordering modulo 2^32: `a < b` when `b` is less than 2^31 ahead of `a`.
/// Only a partial order (as smoltcp's `TcpSeqNumber`): on the circle it is
/// not transitive, so `Seq` never implements `Ord` and is never sorted.
impl PartialOrd for Seq {
    fn partial_cmp(&self, other: &Seq) -> Option<Ordering> {
        Some((self.0.wrapping_sub(other.0) as i32).cmp(&0))
    }
}

impl Add<u32> for Seq {
    type Output = Seq;
    fn add(self, n: u32) -> Seq {
        Seq(self.0.wrapping_add(n))
    }
}

impl Sub<u32> for Seq {
    type Output = Seq;
    fn sub(self, n: u32) -> Seq {
        Seq(self.0.wrapping_sub(n))
    }
}

/// The number of sequence numbers from `rhs` up to `self` (must not be negative).
impl Sub<Seq> for Seq {
    type Output = u32;
    fn sub(self, rhs: Seq) -> u32 {
        debug_assert!(self >= rhs, "sequence distance went negative: {self:?} - {rhs:?}");
        self.0.wrapping_sub(rhs.0)
    }
}

impl fmt::Display for Seq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_wraps_around() {
        let near_top = Seq(u32::MAX - 1);
        let wrapped = near_top + 5;
        assert_eq!(wrapped, Seq(3));
        assert!(wrapped > near_top);
        assert_eq!(wrapped - near_top, 5);
        assert!(near_top < wrapped);
        assert_eq!(near_top.partial_cmp(&wrapped), Some(Ordering::Less));
    }

    #[test]
    fn contains_is_half_open() {
        let start = Seq(u32::MAX);
        assert!(start.contains(3, Seq(u32::MAX)));
        assert!(start.contains(3, Seq(1)));
        assert!(!start.contains(3, Seq(2)));
        assert!(!start.contains(0, start));
    }
}
