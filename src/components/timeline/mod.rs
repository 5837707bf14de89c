//! The timeline: two lifelines with time flowing down, each state drawn as a
//! coloured band, segments as slanted arrows from send to arrival (moving
//! while in flight, ending in ✗ where dropped), socket calls and running
//! timers beside the lifeline that owns them. Everything is read from the
//! store's run "as of" the current moment; clicking a segment in flight asks
//! the model to drop it.
//!
//! Three layers, by how often they change:
//! - `backdrop.rs`: what changes only when something happens (memoised per
//!   instant), with `gaps.rs` (compressed stretches) and `placement.rs`
//!   (where each segment's arrow and label go);
//! - `segment.rs`: one component per segment (redrawn only when its props change),
//!   with every segment's label above all of them in `labels.rs`, so a label
//!   lying on a later segment's line still acts on its own segment;
//! - `now.rs`: what moves with the clock (small, every frame).
//!
//! `marks.rs` holds what is written beside a segment besides its label (its
//! handshake or close badge, its resend tag), once per run.

mod backdrop;
mod ended;
mod gaps;
mod labels;
mod marks;
mod now;
mod placement;
mod queue;
mod segment;

use tcp_model::view::SegmentStatus;
use tcp_model::SegmentId;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::kept::Blocks;
use crate::hooks::use_element_width;
use crate::layout::Columns;
use crate::store::settled::{use_live_store, LiveProps};
use crate::store::Shared;
use crate::svg::{live_group, raw_layers, N};
use segment::SegmentView;

/// Where the ladder was last scrolled to follow now, and whether the learner
/// has scrolled it elsewhere since. `top` and `height` are the scroll box as
/// last read: while playing they are not read every frame, because reading
/// them after a render forces the browser to lay the page out again at once
/// (it was the widget's largest cost per frame).
#[derive(Default)]
struct Follow {
    set_to: i32,
    learner_moved: bool,
    was_playing: bool,
    top: f64,
    height: f64,
}

/// The timeline of the current run.
#[component]
pub fn Timeline(props: &LiveProps) -> Html {
    let store = use_live_store(props.playhead);
    let container = use_node_ref();
    let width = use_element_width(container.clone(), 720.0);
    let cols = Columns::new(width);
    let lang = store.prefs.lang;
    let moment = store.moment();
    let lesson = &store.lesson;
    let axis = store.axis();
    let ui = &lang.texts().ui;
    let y_now = axis.y(moment.time());

    // Badges and retransmission tags depend on the run only: once per run.
    let marks = use_memo((lesson.run.clone(), lang), |(run, lang)| marks::marks(run, *lang));
    // What happened by now changes only at event times: draw it once per instant.
    let step = lesson.steps_by(moment);
    // The segments placed at the last instant drawn (see `Placed`).
    let placed = use_mut_ref(placement::Placed::default);
    let backdrop = {
        let (run, lesson_axis, step_moment) =
            (lesson.run.clone(), lesson.axis.clone(), lesson.step_moment(step));
        let marks = marks.clone();
        use_memo(
            (lesson.run.clone(), lesson.axis.clone(), width as i64, lang, step),
            move |_| {
                let at = step_moment.unwrap_or(moment);
                let mut placed = placed.borrow_mut();
                backdrop::draw(&run, &mut placed, at, &lesson_axis, &cols, lang, &marks)
            },
        )
    };

    // The ladder follows now: on play, step, scrub, deep link and share
    // link. While it plays, a learner who scrolled the ladder away keeps
    // their view until they play, step or seek again (the run ending or a
    // pause is not their move: the view stays where they put it).
    let follow = use_mut_ref(Follow::default);
    let onscroll = {
        let (follow, container) = (follow.clone(), container.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = container.cast::<web_sys::Element>() {
                let mut f = follow.borrow_mut();
                let top = el.scroll_top();
                (f.top, f.height) = (f64::from(top), f64::from(el.client_height()));
                if (top - f.set_to).abs() > 2 {
                    f.learner_moved = true;
                }
            }
        })
    };
    {
        let (container, follow) = (container.clone(), follow.clone());
        let playing = store.playhead.playing;
        use_effect_with((y_now as i64, playing), move |&(y_now, playing)| {
            let mut f = follow.borrow_mut();
            if !f.was_playing {
                f.learner_moved = false;
            }
            f.was_playing = playing;
            if f.learner_moved {
                return;
            }
            if let Some(el) = container.cast::<web_sys::Element>() {
                // Read the box when it is not gliding (a step, a seek, the
                // first frame); while playing, scroll events keep it current.
                if !playing || f.height <= 0.0 {
                    (f.top, f.height) = (f64::from(el.scroll_top()), f64::from(el.client_height()));
                }
                let (top, height) = (f.top, f.height);
                let y = y_now as f64;
                if y > top + height * 0.8 || y < top + height * 0.05 {
                    f.set_to = (y - height * 0.35).max(0.0) as i32;
                    f.top = f64::from(f.set_to);
                    el.set_scroll_top(f.set_to);
                }
            }
        });
    }

    let height = axis.height();
    let run = &lesson.run;
    let dispatch = store.dispatcher();
    // One tab stop for the whole timeline (the selected segment, else the
    // one the learner moved to, else the newest); ↑/↓ move between them.
    let roving = use_state(|| None::<SegmentId>);
    let ids: Vec<SegmentId> = backdrop.segments.iter().map(|g| g.id).collect();
    let tab_stop = store
        .playhead
        .selected
        .or(*roving)
        .filter(|id| ids.contains(id))
        .or(ids.last().copied());
    // Made once per list of segments, not per frame: a new callback is a
    // changed prop, and every segment on the ladder was redrawn each frame.
    let on_move = {
        let (roving, container) = (roving.clone(), container.clone());
        use_callback(ids.clone(), move |(id, by): (SegmentId, i32), ids| {
            let at = ids.iter().position(|&i| i == id).unwrap_or(0) as i32;
            let next = ids[(at + by).clamp(0, ids.len() as i32 - 1) as usize];
            roving.set(Some(next));
            let el = container
                .cast::<web_sys::Element>()
                .and_then(|c| {
                    c.query_selector(&format!("[data-segment='{}']", next.0))
                        .ok()
                        .flatten()
                })
                // An SVG <g>: SVGElement has focus() as HTMLElement does.
                .map(|el| el.unchecked_into::<web_sys::HtmlElement>());
            if let Some(el) = el {
                let _ = el.focus();
            }
        })
    };
    let y_now = axis.y(moment.time());
    let mut in_flight = Vec::new();
    let segments = backdrop.segments.iter().map(|g| {
        let Some(record) = run.segment(g.id) else {
            return html! {};
        };
        let status = match record.status_at(moment) {
            SegmentStatus::InFlight { progress } => {
                in_flight.push(g.id);
                SegmentStatus::InFlight {
                    progress: g.arrow.drawn_progress(progress, y_now),
                }
            }
            status => status,
        };
        let state_word = match status {
            SegmentStatus::InFlight { .. } | SegmentStatus::Unsent => ui.in_flight,
            SegmentStatus::Dropped { .. } => ui.dropped,
            SegmentStatus::Vanished => ui.vanished,
            SegmentStatus::Arrived => ui.arrived,
        };
        let state_word = if record.retransmission() {
            format!("{state_word}, {}", ui.retransmission)
        } else {
            state_word.to_string()
        };
        html! {
            <SegmentView key={g.id.0} geometry={g.clone()} from={record.from}
                retransmission={record.retransmission()} reset={record.purpose.is_reset()}
                flags={AttrValue::from(record.header.flags.to_string())} {status}
                selected={store.playhead.selected == Some(g.id)} state_word={AttrValue::from(state_word)}
                dispatch={dispatch.clone()} tab_stop={tab_stop == Some(g.id)} on_move={on_move.clone()}
                lit={store.playhead.hovered == Some(g.id)} />
        }
    });
    let segments: Html = segments.collect();
    // Redrawn when the instant's segments, the selection or the pointer
    // change, not per frame. Here the segments are compared by identity (a
    // new instant draws a new list; the memo keeps the old one alive, so
    // its address is never reused); then each block of labels compares its
    // own segments and is drawn again only when they changed (`labels.rs`):
    // a capture's ladder holds thousands.
    let label_blocks = use_mut_ref(Blocks::<labels::Block>::default);
    let labels = {
        let (selected, lit, run) = (
            store.playhead.selected,
            store.playhead.hovered,
            lesson.run.clone(),
        );
        use_memo(
            (Shared(backdrop.segments.clone()), selected, lit),
            move |(segments, selected, lit)| {
                labels::draw(&mut label_blocks.borrow_mut(), &run, &segments.0, *selected, *lit)
            },
        )
    };
    let facts = {
        let at = lesson.step_moment(step).unwrap_or(moment);
        use_memo((lesson.run.clone(), step), move |(run, _)| now::facts(run, at))
    };
    let front = now::draw(&facts, moment, &axis, &cols, lang, &backdrop.server_labels);

    let note = axis.scaled_down().then(|| lang.extra().scaled_down);
    let syn_queue = {
        let at = lesson.step_moment(step).unwrap_or(moment);
        use_memo((lesson.run.clone(), step), move |(run, _)| {
            queue::syn_queue(run, at)
        })
    };
    html! {
        <div class="tcpw-timeline" ref={container} {onscroll}>
            if let Some(note) = note {
                <p class="tcpw-timeline-note" role="note">{ note }</p>
            }
            if let Some(q) = *syn_queue {
                { queue::gauge(lang, q) }
            }
            <svg class="tcpw-svg" width={N(cols.width).to_string()} height={N(height).to_string()}
                viewBox={format!("0 0 {} {}", N(cols.width), N(height))}
                role="group" aria-label={ui.widget_label}>
                { raw_layers("tcpw-backdrop", &backdrop.layers) }
                { live_group("tcpw-clock-layer", front) }
                <g class="tcpw-segments">{ segments }</g>
                { labels::layer(labels, in_flight, dispatch) }
                { raw_layers("tcpw-gap-labels", &backdrop.gap_labels) }
            </svg>
        </div>
    }
}
