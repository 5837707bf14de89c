//! A queue ordered by (time, tie-breaker), drained from its front: what the
//! wire keeps of departures, arrivals and planned drops. Items mostly arrive
//! in time order, so an insertion lands at or near the back; taking the due
//! ones from the front is O(1) each. Small code on purpose (one `VecDeque`
//! per item type; a `BTreeMap` costs several KB of WebAssembly per use).

use std::collections::VecDeque;

use crate::Time;

/// Items ordered by (time, order), the earliest first.
#[derive(Clone, Debug)]
pub(super) struct TimeQueue<T> {
    items: VecDeque<(Time, u32, T)>,
}

impl<T> Default for TimeQueue<T> {
    fn default() -> TimeQueue<T> {
        TimeQueue {
            items: VecDeque::new(),
        }
    }
}

impl<T> TimeQueue<T> {
    /// Adds an item due at `at`; among items due together, lower `order` first.
    pub(super) fn insert(&mut self, at: Time, order: u32, item: T) {
        let i = self.items.partition_point(|(t, o, _)| (*t, *o) <= (at, order));
        self.items.insert(i, (at, order, item));
    }

    /// Takes the earliest item if it is due by `now`.
    pub(super) fn pop_due(&mut self, now: Time) -> Option<T> {
        match self.items.front() {
            Some((t, _, _)) if *t <= now => self.items.pop_front().map(|(_, _, item)| item),
            _ => None,
        }
    }

    /// When the first item due after `now` is due.
    pub(super) fn next_after(&self, now: Time) -> Option<Time> {
        let i = self.items.partition_point(|(t, _, _)| *t <= now);
        self.items.get(i).map(|(t, _, _)| *t)
    }

    /// Removes the item filed under (`at`, `order`), if there is one.
    pub(super) fn remove(&mut self, at: Time, order: u32) {
        let i = self.items.partition_point(|(t, o, _)| (*t, *o) < (at, order));
        if self.items.get(i).is_some_and(|(t, o, _)| (*t, *o) == (at, order)) {
            self.items.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_time_then_order() {
        let mut q = TimeQueue::default();
        q.insert(Time(20), 1, "c");
        q.insert(Time(10), 5, "b");
        q.insert(Time(10), 2, "a");
        q.insert(Time(30), 0, "d");
        assert_eq!(q.next_after(Time(0)), Some(Time(10)));
        assert_eq!(q.next_after(Time(10)), Some(Time(20)));
        q.remove(Time(20), 1);
        assert_eq!(
            (q.pop_due(Time(10)), q.pop_due(Time(10)), q.pop_due(Time(10))),
            (Some("a"), Some("b"), None)
        );
        assert_eq!(q.pop_due(Time(40)), Some("d"));
    }
}
