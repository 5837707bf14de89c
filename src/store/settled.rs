//! The store as of the last instant something happened ("settled"): what
//! most of the widget shows (the narration, the state diagram, the
//! inspector, the learn and capture panels, the deep dives) changes only at
//! event times, while the clock moves the playhead on every animation frame.
//! Those parts read this view, which stays the same value between two
//! instants, so Yew does not render and compare them again on every frame.
//! Only what moves with the clock (the timeline, the controls, the ss view's
//! countdowns, the share link's exact time) is handed the live playhead as a
//! prop, and reads the store at it ([`use_live_store`]).

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use super::{Playhead, Store};

/// A read-only view of the store with the live store's dispatcher: the
/// settled view ([`use_settled_store`]), or the store at the live playhead
/// ([`use_live_store`]).
#[derive(Clone)]
pub struct Settled {
    store: Rc<Store>,
    dispatcher: UseReducerDispatcher<Store>,
}

impl PartialEq for Settled {
    /// A new settled view is a new `Rc`: comparing is O(1).
    fn eq(&self, other: &Settled) -> bool {
        Rc::ptr_eq(&self.store, &other.store)
    }
}

impl Deref for Settled {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl Settled {
    /// The live store's dispatcher: actions always act on the live moment.
    pub fn dispatcher(&self) -> UseReducerDispatcher<Store> {
        self.dispatcher.clone()
    }
}

impl Store {
    /// This store as of the last instant at or before its moment. Nothing
    /// that depends on the run differs: every segment's send, arrival and
    /// drop, every state change and narrated line is at an instant.
    fn at_last_instant(&self) -> Store {
        let mut s = self.clone();
        let lesson = &s.lesson;
        let at = lesson.step_moment(lesson.steps_by(s.moment()));
        s.playhead.moment = at.unwrap_or(s.playhead.moment);
        // Reduced motion's wall-clock wait between events moves every frame.
        s.playhead.dwell_ms = 0.0;
        s
    }
}

/// What moves with the clock: the props of the components that draw it.
#[derive(Properties, PartialEq, Clone, Copy)]
pub struct LiveProps {
    /// The live playhead.
    pub playhead: Playhead,
}

/// Derives the settled view from the live store (the app, once per render):
/// the same value, so the same `Rc`, until something other than the
/// clock's glide between two instants changes.
#[hook]
pub fn use_settled_view(store: &UseReducerHandle<Store>) -> Settled {
    let dispatcher = store.dispatcher();
    let settled = use_memo(store.at_last_instant(), move |s| Settled {
        store: Rc::new(s.clone()),
        dispatcher,
    });
    (*settled).clone()
}

/// The settled store, from any component inside the app.
#[hook]
pub fn use_settled_store() -> Settled {
    use_context::<Settled>()
        .unwrap_or_else(|| unreachable!("components render inside the app's store context"))
}

/// The store at the live playhead, for a component that moves with the
/// clock (it renders on every frame while playing).
#[hook]
pub fn use_live_store(playhead: Playhead) -> Settled {
    let settled = use_settled_store();
    let mut live = (*settled.store).clone();
    live.playhead = playhead;
    Settled {
        store: Rc::new(live),
        dispatcher: settled.dispatcher,
    }
}

#[cfg(test)]
mod tests {
    use std::mem::discriminant;

    use tcp_model::library::BUILTINS;
    use tcp_model::view::Moment;
    use tcp_model::{SegmentId, Side, Time};

    use super::*;
    use crate::store::Action;
    use crate::text::Lang;

    fn at(store: &Store, moment: Moment) -> Store {
        let mut s = store.clone();
        s.playhead.moment = moment;
        s
    }

    /// Checks the claim the settled view rests on, at moments between every
    /// two instants of `store`'s run (and after its last): the settled store
    /// is the store at the earlier instant, the same value all the way to the
    /// next one, and what its readers take from the moment (the narrated
    /// events, each segment's fate, each side's state) is what the live store
    /// shows. Returns how many moments it checked.
    fn check(store: &Store) -> usize {
        let run = &store.lesson.run;
        let times = &store.lesson.times;
        let mut checked = 0;
        for (i, &t) in times.iter().enumerate() {
            let instant = at(store, Moment::At(t));
            assert_eq!(instant.at_last_instant(), instant, "at an instant nothing moves");
            let next = times.get(i + 1).map_or(t.0 + 5_000, |n| n.0);
            let between: Vec<u64> = [t.0 + 1, (t.0 + next) / 2, next - 1]
                .into_iter()
                .filter(|&m| m > t.0 && m < next)
                .collect();
            for &m in &between {
                let (live, then) = (Moment::At(Time(m)), Moment::At(t));
                let settled = at(store, live).at_last_instant();
                assert_eq!(settled, instant, "{m} settles at {t:?}");
                assert_eq!(
                    run.events_until(live).len(),
                    run.events_until(then).len(),
                    "events by {m}"
                );
                for seg in run.segments() {
                    assert_eq!(
                        discriminant(&seg.status_at(live)),
                        discriminant(&seg.status_at(then)),
                        "segment {:?} at {m} and at {t:?}",
                        seg.id
                    );
                }
                for side in Side::BOTH {
                    assert_eq!(
                        run.state_at(side, live),
                        run.state_at(side, then),
                        "{side:?} at {m}"
                    );
                }
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn between_two_instants_the_settled_store_is_the_earlier_instant() {
        let mut checked = 0;
        for b in BUILTINS {
            checked += check(&Store::builtin(b.name, Lang::En));
        }
        assert!(checked > 500, "{checked} moments checked");
    }

    #[test]
    fn a_drop_between_two_instants_is_an_instant_of_its_own() {
        // The learner drops the first SYN halfway across the wire: the
        // moment of the drop becomes an instant, where its cross appears.
        let store = Rc::new(Store::builtin("handshake-and-close", Lang::En));
        let store = store.reduce(Action::Seek(Time(37)));
        let store = store.reduce(Action::Drop(SegmentId(0)));
        assert!(store.lesson.times.contains(&Time(37)), "{:?}", store.lesson.times);
        assert!(check(&store) > 20);
    }
}
