//! The segments' labels, drawn in one layer above every segment's lines.
//! A label is placed off its arrow when others are in the way, so it often
//! lies on a later segment's line: drawn inside its own segment, under that
//! line, a click on the words selected the other segment (or, on a phone,
//! nothing). Here the words a learner points at act on the segment they
//! name. One listener on the layer reads which (`data-of`): a component or
//! listeners per label would be more WebAssembly and more work per frame.

use std::ops::Range;
use std::rc::Rc;

use tcp_model::{SegmentId, Simulation};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::placement::SegmentGeometry;
use super::segment::pointer_action;
use crate::components::kept::{Blocks, BLOCK};
use crate::store::{Action, Shared, Store};
use crate::svg::N;

/// Every label, in blocks ([`Blocks`]): a new instant of a capture (one
/// nearly every frame while it plays) usually adds labels only at the end,
/// and the blocks before are kept, not drawn and compared again.
pub(super) fn draw(
    blocks: &mut Blocks<Block>,
    run: &Shared<Simulation>,
    segments: &Rc<Vec<SegmentGeometry>>,
    selected: Option<SegmentId>,
    lit: Option<SegmentId>,
) -> Html {
    blocks.draw(
        segments,
        |b, block| {
            let within = |id: Option<SegmentId>| id.filter(|id| block.iter().any(|g| g.id == *id));
            Block {
                run: run.clone(),
                segments: segments.clone(),
                range: b * BLOCK..b * BLOCK + block.len(),
                selected: within(selected),
                lit: within(lit),
            }
        },
        |block| draw_block(run, block, selected, lit),
    )
}

/// What a block of labels is drawn from: the run, its segments (a range of
/// the instant's list), and the selected or pointed-at one among them.
pub(super) struct Block {
    run: Shared<Simulation>,
    segments: Rc<Vec<SegmentGeometry>>,
    range: Range<usize>,
    selected: Option<SegmentId>,
    lit: Option<SegmentId>,
}

impl PartialEq for Block {
    /// The same labels: the same run, the same segments in the block (by
    /// value: a new instant's list holds the earlier segments again), and
    /// the same of them selected and pointed at.
    fn eq(&self, other: &Block) -> bool {
        self.run == other.run
            && self.range == other.range
            && (self.selected, self.lit) == (other.selected, other.lit)
            && (Rc::ptr_eq(&self.segments, &other.segments)
                || self.segments[self.range.clone()] == other.segments[other.range.clone()])
    }
}

/// Labels coloured by their sender and weighed when selected or pointed
/// at. Hidden from screen readers: each segment's name starts with the
/// same words. Keyed by segment: an unkeyed list is matched from its end,
/// so the label of a segment sent at a new instant (added last) rewrote
/// every label before it, and the browser laid all of them out again.
fn draw_block(
    run: &Simulation,
    segments: &[SegmentGeometry],
    selected: Option<SegmentId>,
    lit: Option<SegmentId>,
) -> Html {
    segments
        .iter()
        .filter_map(|g| {
            let record = run.segment(g.id)?;
            let mut class = format!("tcpw-seg-label tcpw-from-{}", record.from.name());
            for (on, name) in [
                (record.purpose.is_reset(), " tcpw-rst"),
                (selected == Some(g.id), " tcpw-selected"),
                (lit == Some(g.id), " tcpw-lit"),
            ] {
                if on {
                    class.push_str(name);
                }
            }
            Some(html! {
                <text key={g.id.0} {class} data-of={g.id.0.to_string()} x={N(g.mid.x).to_string()}
                    y={N(g.label_y).to_string()} text-anchor="middle">{ g.label.clone() }</text>
            })
        })
        .collect()
}

/// The segment a label names, from an event on it (a mouse event's target
/// is always an element, never a text node).
fn named(e: &MouseEvent) -> Option<SegmentId> {
    let el = e.target()?.unchecked_into::<web_sys::Element>();
    Some(SegmentId(el.get_attribute("data-of")?.parse().ok()?))
}

/// The layer, with its one listener per kind of event: a click drops the
/// named segment while it is in flight (`in_flight`) and selects it
/// otherwise, as a click on its line does; pointing at it lights it.
pub(super) fn layer(
    labels: Rc<Html>,
    in_flight: Vec<SegmentId>,
    dispatch: UseReducerDispatcher<Store>,
) -> Html {
    let onclick = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = named(&e) {
                dispatch.dispatch(pointer_action(id, in_flight.contains(&id)));
            }
        })
    };
    let point = |over: bool| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(id) = named(&e) {
                dispatch.dispatch(Action::Hover(over.then_some(id)));
            }
        })
    };
    html! {
        <g class="tcpw-seg-labels" aria-hidden="true" {onclick}
            onmouseover={point(true)} onmouseout={point(false)}>
            { (*labels).clone() }
        </g>
    }
}
