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
///
/// While the clock plays, a new instant reaches the ladder first and the
/// rest of the widget one animation frame (one render) later: the ladder's
/// arrows and the narration, state diagram and panels each cost about half
/// of that instant's work, and together made the slowest frames of a busy
/// run (a SYN flood) drop below 60 frames a second on a slower CPU. Anything
/// else (a step, a seek, a drop, a setting, a pause) shows at once.
#[hook]
pub fn use_settled_view(store: &UseReducerHandle<Store>) -> Settled {
    let dispatcher = store.dispatcher();
    let newest = use_memo(store.at_last_instant(), move |s| Settled {
        store: Rc::new(s.clone()),
        dispatcher,
    });
    let shown = use_mut_ref(|| Lagging {
        shown: (*newest).clone(),
        owed: false,
    });
    let mut lag = shown.borrow_mut();
    lag.follow(&newest, store.playhead.playing);
    lag.shown.clone()
}

/// The settled view the widget shows (a [`Settled`], or in tests any
/// store compared by identity), and whether a newer one is owed to the next
/// render.
struct Lagging<T> {
    shown: T,
    owed: bool,
}

impl<T: Clone + PartialEq + Deref<Target = Store>> Lagging<T> {
    /// Shows `newest` now, or at the next render when only the playing
    /// clock moved it past an instant. While playing, the clock renders
    /// again at the next animation frame, so nothing is held longer.
    fn follow(&mut self, newest: &T, playing: bool) {
        if self.shown == *newest {
            self.owed = false;
        } else if !self.owed && playing && only_the_clock_moved(&self.shown, newest) {
            self.owed = true;
        } else {
            (self.shown, self.owed) = (newest.clone(), false);
        }
    }
}

/// Whether `newer` differs from `older` only by the moment shown (the
/// clock passed an instant): the same lesson, settings, selection, notices
/// and learning state.
fn only_the_clock_moved(older: &Store, newer: &Store) -> bool {
    let mut moved = older.clone();
    moved.playhead.moment = newer.playhead.moment;
    moved == *newer
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
    use crate::store::{Action, Shared};
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

    fn playing(name: &str) -> Store {
        let store = Rc::new(Store::builtin(name, Lang::En)).reduce(Action::TogglePlay);
        assert!(store.playhead.playing);
        (*store).clone()
    }

    /// The settled views of `stores`, one render each, as the widget
    /// shows them: the index of the store shown after each render.
    fn shown_after_each(stores: &[Store]) -> Vec<usize> {
        // As `use_memo` gives them: an equal store keeps the same `Rc`.
        let mut views: Vec<Shared<Store>> = Vec::new();
        for store in stores {
            let same = views.last().filter(|v| ***v == *store).cloned();
            views.push(same.unwrap_or_else(|| Shared::new(store.clone())));
        }
        let mut lag = Lagging {
            shown: views[0].clone(),
            owed: false,
        };
        views
            .iter()
            .map(|view| {
                lag.follow(view, view.playhead.playing);
                stores.iter().position(|s| *s == *lag.shown).unwrap_or(usize::MAX)
            })
            .collect()
    }

    #[test]
    fn while_playing_an_instant_reaches_the_side_one_render_later() {
        let start = playing("handshake-and-close");
        let times = start.lesson.times.clone();
        let at = |i: usize| {
            let mut s = start.clone();
            s.playhead.moment = Moment::At(times[i]);
            s
        };
        // Renders at instants 0, 1, 1 (the next frame), 2, 3 (two in a row), 3.
        let stores = [at(0), at(1), at(1), at(2), at(3), at(3)];
        assert_eq!(shown_after_each(&stores), [0, 0, 1, 1, 4, 4]);
        // Paused, every moment shows at once.
        let paused: Vec<Store> = stores
            .iter()
            .cloned()
            .map(|mut s| {
                s.playhead.playing = false;
                s
            })
            .collect();
        assert_eq!(shown_after_each(&paused), [0, 1, 1, 3, 4, 4]);
    }

    #[test]
    fn while_playing_a_learners_change_shows_at_once() {
        let start = playing("handshake-and-close");
        let mut later = start.clone();
        // The first SYN is halfway across the wire.
        later.playhead.moment = Moment::At(Time(37));
        let dropped = (*Rc::new(later.clone()).reduce(Action::Drop(SegmentId(0)))).clone();
        let mut selected = later.clone();
        selected.playhead.selected = Some(SegmentId(0));
        assert!(dropped.playhead.playing && dropped.lesson != later.lesson);
        assert_eq!(shown_after_each(&[start.clone(), dropped]), [0, 1], "a drop");
        assert_eq!(shown_after_each(&[start, selected]), [0, 1], "a selection");
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
