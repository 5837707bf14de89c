//! One segment on the timeline: its arrow (moving while in flight, ending in
//! ✗ where dropped) and the focusable, clickable group a learner uses to drop
//! or inspect it (its label is drawn above all segments, `labels.rs`). A component of its own, so a segment whose
//! props did not change (most of them, on most frames) is not redrawn.

use tcp_model::view::SegmentStatus;
use tcp_model::{Origin, SegmentId};
use yew::prelude::*;

use super::placement::SegmentGeometry;
use crate::layout::TAG_BELOW;
use crate::store::{Action, Store};
use crate::svg::{live_group, Markup};

/// What a segment's drawing depends on.
#[derive(Properties, PartialEq, Clone)]
pub struct SegmentProps {
    /// Where it is drawn and what it is called.
    pub geometry: SegmentGeometry,
    /// Who sent it.
    pub from: Origin,
    /// It repeats sequence numbers sent before.
    pub retransmission: bool,
    /// An RST of some kind.
    pub reset: bool,
    /// Its flags as Wireshark writes them.
    pub flags: AttrValue,
    /// Where it is now.
    pub status: SegmentStatus,
    /// The inspector shows it.
    pub selected: bool,
    /// Its state word for screen readers ("in flight", "arrived", …).
    pub state_word: AttrValue,
    /// The store's dispatcher (not the store: a context would redraw every
    /// segment on every frame).
    pub dispatch: UseReducerDispatcher<Store>,
    /// The learner points at this segment (here or in the narration).
    pub lit: bool,
    /// This segment is the timeline's one tab stop (the others are reached
    /// with ↑/↓ from it).
    pub tab_stop: bool,
    /// ↑/↓ pressed on this segment: move the focus by −1 or +1 segment.
    pub on_move: Callback<(SegmentId, i32)>,
}

/// What a click on a segment (its line, its dot or its label) asks: drop it
/// while it is in flight, else show it in the inspector.
pub(super) fn pointer_action(id: SegmentId, in_flight: bool) -> Action {
    if in_flight {
        Action::Drop(id)
    } else {
        Action::Select(Some(id))
    }
}

/// One segment, as a focusable button-like group.
#[component]
pub fn SegmentView(props: &SegmentProps) -> Html {
    let g = &props.geometry;
    let id: SegmentId = g.id;
    let in_flight = matches!(props.status, SegmentStatus::InFlight { .. });
    let dropped = matches!(props.status, SegmentStatus::Dropped { .. });
    let end = match props.status {
        SegmentStatus::InFlight { progress } | SegmentStatus::Dropped { progress, .. } => {
            g.arrow.at(progress)
        }
        _ => g.arrow.to,
    };
    let mut class = format!("tcpw-seg tcpw-from-{}", props.from.name());
    for (on, name) in [
        (props.retransmission, " tcpw-rtx"),
        (in_flight, " tcpw-inflight"),
        (dropped, " tcpw-dropped"),
        (props.selected, " tcpw-selected"),
        (props.reset, " tcpw-rst"),
        (props.lit, " tcpw-lit"),
    ] {
        if on {
            class.push_str(name);
        }
    }
    let aria = format!("{} {}", g.name, props.state_word);

    let mut m = Markup::with_capacity(512);
    let (from, to) = ((g.arrow.from.x, g.arrow.from.y), (g.arrow.to.x, g.arrow.to.y));
    m.line("tcpw-path", from, to);
    let shaft = m
        .el("line")
        .class("tcpw-shaft")
        .num("x1", from.0)
        .num("y1", from.1)
        .num("x2", end.x)
        .num("y2", end.y);
    if in_flight || dropped {
        shaft.end();
    } else {
        shaft.attr("marker-end", "url(#tcpw-head)").end();
    }
    // The packet and the loss mark come and go: in slots, so the other
    // lines are updated in place when the segment lands.
    m.slot(|m| {
        if in_flight {
            m.el("circle")
                .class("tcpw-packet")
                .num("cx", end.x)
                .num("cy", end.y)
                .num("r", 5.0)
                .end();
        }
    });
    // The badge and the retransmission tag sit outside the button (its
    // accessible name already says them), as its label does.
    let mut marks = Markup::with_capacity(128);
    if let Some((badge, y)) = &g.badge {
        // Beside where the arrow leaves its sender, toward the middle
        // (`Arrow::badge_centre`), at the height the labels left it.
        let toward = g.arrow.toward();
        let anchor = if toward > 0.0 { "start" } else { "end" };
        marks.text("tcpw-badge", (g.arrow.badge_x(), *y), anchor, badge);
    }
    if let Some(tag) = &g.tag {
        marks.text("tcpw-seg-tag", (g.mid.x, g.label_y + TAG_BELOW), "middle", tag);
    }
    // The loss mark last, so no label ever covers it.
    m.slot(|m| {
        if dropped {
            m.text("tcpw-cross", (end.x, end.y + 8.0), "middle", "✗");
        }
    });
    m.line("tcpw-hit", from, to);

    let onclick = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(pointer_action(id, in_flight)))
    };
    let onkeydown = {
        let (dispatch, on_move) = (props.dispatch.clone(), props.on_move.clone());
        Callback::from(move |e: KeyboardEvent| {
            let action = match e.key().as_str() {
                "d" | "D" | "Delete" => Action::Drop(id),
                "Enter" => Action::Select(Some(id)),
                "ArrowDown" | "ArrowUp" => {
                    e.prevent_default();
                    e.stop_propagation();
                    on_move.emit((id, if e.key() == "ArrowDown" { 1 } else { -1 }));
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            e.stop_propagation();
            dispatch.dispatch(action);
        })
    };
    let point = |to: Option<SegmentId>| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::Hover(to)))
    };
    let focus = |to: Option<SegmentId>| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: FocusEvent| dispatch.dispatch(Action::Hover(to)))
    };
    html! {
        <>
        <g class={class} data-segment={id.0.to_string()} data-flags={props.flags.clone()}
            onmouseenter={point(Some(id))} onmouseleave={point(None)} onfocus={focus(Some(id))} onblur={focus(None)}
            tabindex={if props.tab_stop { "0" } else { "-1" }} role="button" aria-label={aria} {onclick} {onkeydown}>
            { live_group("tcpw-seg-drawing", m) }
        </g>
        if !marks.is_empty() {
            <g class="tcpw-seg-marks" aria-hidden="true">{ marks.into_html() }</g>
        }
        </>
    }
}
