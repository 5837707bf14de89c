//! Reading integers out of captured bytes without ever panicking, and the
//! reasons a frame is skipped: the small vocabulary every layer's parser shares.
//! It depends on nothing, so the parsers (`link`, `ip`, `tcp`, `pcap`,
//! `pcapng`) and the module root can all use it without importing each other.

/// Why one frame is not a TCP packet; each reason has a counter in [`super::Skipped`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Skip {
    NotIp,
    NotTcp,
    Fragment,
    Truncated,
    UnknownLink,
    Malformed,
}

/// Reads integers in one byte order; every read is `None` past the end of the
/// slice instead of panicking, so callers turn a short read into an error.
#[derive(Clone, Copy, Debug)]
pub(super) struct Order {
    /// Most significant byte first.
    pub(super) big: bool,
}

/// Network byte order: every IP, TCP and link header field.
pub(super) const NET: Order = Order { big: true };

impl Order {
    fn array<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
        b.get(at..)?.get(..N)?.try_into().ok()
    }
    pub(super) fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let a = Self::array(b, at)?;
        Some(if self.big {
            u16::from_be_bytes(a)
        } else {
            u16::from_le_bytes(a)
        })
    }
    pub(super) fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let a = Self::array(b, at)?;
        Some(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
    pub(super) fn i64(self, b: &[u8], at: usize) -> Option<i64> {
        let a = Self::array(b, at)?;
        Some(if self.big {
            i64::from_be_bytes(a)
        } else {
            i64::from_le_bytes(a)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_reads_both_ways_and_stops_at_the_end() {
        let b = [1, 2, 3, 4];
        assert_eq!(NET.u16(&b, 1), Some(0x0203));
        assert_eq!(Order { big: false }.u32(&b, 0), Some(0x0403_0201));
        assert_eq!(NET.u32(&b, 1), None);
        assert_eq!(NET.u16(&b, usize::MAX), None);
    }
}
