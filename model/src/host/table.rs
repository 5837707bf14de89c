//! A host's connections, kept so that no step of a run costs more than a
//! logarithm of how many there are: a SYN flood makes a thousand half-open
//! connections, and visiting every one after every segment would make a
//! hostile scenario quadratic.
//!
//! - Connections stay in creation order (everything that visits several
//!   does so in that order, so runs are deterministic), with a sorted
//!   index by remote address for lookups.
//! - The connections that did something in the current instant are
//!   "touched": only they can have output, new timers, or be finished.
//! - Timer deadlines sit in a min-heap; an entry is stale (and skipped)
//!   once its connection's earliest deadline is no longer that time.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::tcb::Tcb;
use crate::{Addr, Time};

#[derive(Clone, Debug, Default)]
pub(crate) struct ConnTable {
    conns: Vec<Tcb>,
    /// (remote address, position in `conns`), sorted by address.
    index: Vec<(Addr, usize)>,
    /// Remote addresses of the connections touched this instant.
    touched: Vec<Addr>,
    /// Every connection may have changed (an application call).
    touched_all: bool,
    /// (deadline, remote) of every connection's earliest timer, with stale
    /// entries left in until they reach the top.
    deadlines: RefCell<BinaryHeap<Reverse<(Time, Addr)>>>,
}

impl ConnTable {
    pub(crate) fn is_empty(&self) -> bool {
        self.conns.is_empty()
    }

    /// Every connection, in creation order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &Tcb> {
        self.conns.iter()
    }

    fn position(&self, remote: Addr) -> Option<usize> {
        self.index
            .binary_search_by(|(a, _)| a.cmp(&remote))
            .ok()
            .map(|i| self.index[i].1)
    }

    pub(crate) fn get(&self, remote: Addr) -> Option<&Tcb> {
        self.position(remote).map(|i| &self.conns[i])
    }

    pub(crate) fn get_mut(&mut self, remote: Addr) -> Option<&mut Tcb> {
        self.position(remote).map(|i| &mut self.conns[i])
    }

    /// Adds a new connection (touched: it has just done something).
    pub(crate) fn insert(&mut self, tcb: Tcb) {
        let remote = tcb.remote;
        let at = self.index.partition_point(|(a, _)| *a < remote);
        self.index.insert(at, (remote, self.conns.len()));
        self.conns.push(tcb);
        self.touch(remote);
    }

    pub(crate) fn touch(&mut self, remote: Addr) {
        if !self.touched.contains(&remote) {
            self.touched.push(remote);
        }
    }

    pub(crate) fn touch_all(&mut self) {
        self.touched_all = true;
    }

    /// Positions of the touched connections, in creation order.
    fn touched_positions(&self) -> Vec<usize> {
        if self.touched_all {
            return (0..self.conns.len()).collect();
        }
        let mut at: Vec<usize> = self.touched.iter().filter_map(|&r| self.position(r)).collect();
        crate::util::sort::sort(&mut at);
        at
    }

    /// Calls `f` on each touched connection, in creation order, until it
    /// returns something.
    pub(crate) fn find_map_touched<R>(&mut self, mut f: impl FnMut(&mut Tcb) -> Option<R>) -> Option<R> {
        self.touched_positions()
            .into_iter()
            .find_map(|i| f(&mut self.conns[i]))
    }

    /// Calls `f` on each touched connection, in creation order, then
    /// records their deadlines.
    pub(crate) fn for_each_touched(&mut self, mut f: impl FnMut(&mut Tcb)) {
        for i in self.touched_positions() {
            f(&mut self.conns[i]);
            if let Some(deadline) = self.conns[i].next_deadline() {
                let entry = Reverse((deadline, self.conns[i].remote));
                self.deadlines.get_mut().push(entry);
            }
        }
    }

    /// Calls `f` on every connection (a listener closing).
    pub(crate) fn for_each(&mut self, f: impl FnMut(&mut Tcb)) {
        self.touched_all = true;
        self.conns.iter_mut().for_each(f);
    }

    /// Removes the touched connections `done` says are finished, in
    /// creation order.
    pub(crate) fn remove_finished(&mut self, done: impl Fn(&Tcb) -> bool) -> Vec<Tcb> {
        let finished: Vec<usize> = self
            .touched_positions()
            .into_iter()
            .filter(|&i| done(&self.conns[i]))
            .collect();
        if finished.is_empty() {
            return Vec::new();
        }
        let mut removed = Vec::new();
        for &i in finished.iter().rev() {
            removed.push(self.conns.remove(i));
        }
        removed.reverse();
        // Drop their index entries; later positions move down by how many
        // removed connections came before them.
        self.index.retain(|(_, i)| finished.binary_search(i).is_err());
        for (_, i) in &mut self.index {
            *i -= finished.partition_point(|f| f < i);
        }
        removed
    }

    /// Whether the heap's top entry still is its connection's earliest deadline.
    fn is_current(&self, deadline: Time, remote: Addr) -> bool {
        self.get(remote).and_then(Tcb::next_deadline) == Some(deadline)
    }

    /// The earliest deadline of any connection.
    pub(crate) fn next_deadline(&self) -> Option<Time> {
        let mut heap = self.deadlines.borrow_mut();
        while let Some(&Reverse((deadline, remote))) = heap.peek() {
            if self.is_current(deadline, remote) {
                return Some(deadline);
            }
            heap.pop();
        }
        None
    }

    /// The connections whose earliest deadline has come, in creation order;
    /// they count as touched.
    pub(crate) fn due(&mut self, now: Time) -> Vec<Addr> {
        let mut due = Vec::new();
        loop {
            let top = self.deadlines.get_mut().peek().copied();
            let Some(Reverse((deadline, remote))) = top else {
                break;
            };
            if deadline > now {
                break;
            }
            self.deadlines.get_mut().pop();
            if self.is_current(deadline, remote) && !due.contains(&remote) {
                due.push(remote);
            }
        }
        crate::util::sort::sort_by(&mut due, |&a, &b| self.position(a) < self.position(b));
        for &r in &due {
            self.touch(r);
        }
        due
    }

    /// The instant is over: nothing is touched any more.
    pub(crate) fn end_instant(&mut self) {
        self.touched.clear();
        self.touched_all = false;
    }
}
