//! Sequence numbers placed on a line: TCP's numbers wrap at 2^32, so
//! "before" and "after" are read within 2^31 of the last number seen.

/// A direction's sequence numbers unwrapped into a line (`i64`), so that
/// "before" and "after" hold across the 2^32 wrap: each number is placed
/// within 2^31 of the previous one.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Line {
    pub(super) last: Option<(u32, i64)>,
}

impl Line {
    pub(super) fn place(&mut self, raw: u32) -> i64 {
        let at = match self.last {
            None => i64::from(raw),
            Some((prev_raw, prev)) => prev + i64::from(raw.wrapping_sub(prev_raw) as i32),
        };
        self.last = Some((raw, at));
        at
    }
}
