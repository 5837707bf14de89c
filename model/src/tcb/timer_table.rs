//! A connection's timers as one table: an absolute deadline (or none) per
//! [`TimerKind`], indexed by the kind (as quinn-proto keeps its timers).

use core::ops::{Index, IndexMut};

use crate::event::TimerKind;
use crate::Time;

/// One absolute deadline per timer kind (quinn's timer table): a timer is
/// running when its slot holds a deadline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TimerTable([Option<Time>; TimerKind::COUNT]);

impl TimerTable {
    /// The earliest deadline of any running timer.
    pub(crate) fn next(&self) -> Option<Time> {
        self.0.iter().flatten().min().copied()
    }

    /// Each kind with its deadline (`None`: not running).
    pub(crate) fn iter(&self) -> impl Iterator<Item = (TimerKind, Option<Time>)> + '_ {
        TimerKind::ALL.iter().map(|&k| (k, self[k]))
    }

    /// Whether `kind` is running and due at `now`.
    pub(crate) fn due(&self, kind: TimerKind, now: Time) -> bool {
        self[kind].is_some_and(|d| d <= now)
    }
}

impl Index<TimerKind> for TimerTable {
    type Output = Option<Time>;
    fn index(&self, kind: TimerKind) -> &Option<Time> {
        &self.0[kind.index()]
    }
}

impl IndexMut<TimerKind> for TimerTable {
    fn index_mut(&mut self, kind: TimerKind) -> &mut Option<Time> {
        &mut self.0[kind.index()]
    }
}
