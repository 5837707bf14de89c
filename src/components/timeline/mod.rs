//! The timeline: two lifelines with time flowing down, each state drawn as a
//! coloured band, segments as slanted arrows from send to arrival (moving
//! while in flight, ending in ✗ where dropped), socket calls and running
//! timers beside the lifeline that owns them. Everything is read from the
//! store's run "as of" the current moment; clicking a segment in flight asks
//! the model to drop it.
//!
//! Three layers, by how often they change:
//! - `backdrop.rs`: what changes only when something happens (memoised per instant);
//! - `segment.rs`: one component per segment (redrawn only when its props change);
//! - `now.rs`: what moves with the clock (small, every frame).

mod backdrop;
mod now;
mod segment;

use tcp_model::view::SegmentStatus;
use yew::prelude::*;

use crate::hooks::use_element_width;
use crate::layout::Columns;
use crate::store::use_store;
use crate::svg::{raw_group, N};
use segment::SegmentView;

/// The timeline of the current run.
#[component]
pub fn Timeline() -> Html {
    let store = use_store();
    let container = use_node_ref();
    let width = use_element_width(container.clone(), 720.0);
    let cols = Columns::new(width);
    let lang = store.prefs.lang;
    let moment = store.moment();
    let lesson = &store.lesson;
    let axis = store.axis();
    let ui = &lang.texts().ui;
    let y_now = axis.y(moment.time());

    // What happened by now changes only at event times: draw it once per instant.
    let step = lesson.steps_by(moment);
    let backdrop = {
        let (run, lesson_axis, step_moment) =
            (lesson.run.clone(), lesson.axis.clone(), lesson.step_moment(step));
        use_memo(
            (lesson.run.clone(), lesson.axis.clone(), width as i64, lang, step),
            move |_| {
                let at = step_moment.unwrap_or(moment);
                backdrop::draw(&run, at, &lesson_axis, &cols, lang)
            },
        )
    };

    // Keep the current moment in view while the clock runs.
    {
        let container = container.clone();
        use_effect_with((y_now as i64, store.playhead.playing), move |(y_now, playing)| {
            if *playing {
                if let Some(el) = container.cast::<web_sys::Element>() {
                    let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
                    let y = *y_now as f64;
                    if y > top + height * 0.75 || y < top {
                        el.set_scroll_top((y - height * 0.5).max(0.0) as i32);
                    }
                }
            }
        });
    }

    let height = axis.height();
    let run = &lesson.run;
    let dispatch = store.dispatcher();
    let segments = backdrop.segments.iter().map(|g| {
        let Some(record) = run.segment(g.id) else {
            return html! {};
        };
        let status = record.status_at(moment);
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
                dispatch={dispatch.clone()} />
        }
    });
    let front = now::draw(run, moment, &axis, &cols, lang);

    html! {
        <div class="tcpw-timeline" ref={container}>
            <svg class="tcpw-svg" width={N(cols.width).to_string()} height={N(height).to_string()}
                viewBox={format!("0 0 {} {}", N(cols.width), N(height))}
                role="group" aria-label={ui.widget_label}>
                { raw_group("tcpw-backdrop", backdrop.markup.clone()) }
                { raw_group("tcpw-clock-layer", front) }
                <g class="tcpw-segments">{ for segments }</g>
            </svg>
        </div>
    }
}
