//! The SYN queue as a gauge above the ladder, in runs where it fills (the
//! SYN flood): how many half-open connections the listener holds and how
//! many fit, as the model counts them. Elsewhere the queue plays no part in
//! the story and is not shown.

use tcp_model::view::Moment;
use tcp_model::{EventKind, Side, Simulation};
use yew::prelude::*;

use crate::text::{fill, Lang};

/// The listening side's half-open connections at `at` and its backlog, if
/// its queue is full at some point of the run.
pub fn syn_queue(run: &Simulation, at: Moment) -> Option<(Side, u32, u32)> {
    let (side, backlog) = run.events().iter().find_map(|e| match e.kind {
        EventKind::ListenQueue { half_open, backlog } if half_open >= backlog => e.side.map(|s| (s, backlog)),
        _ => None,
    })?;
    let now = run.listen_queue_at(side, at).map_or(0, |(n, _)| n);
    Some((side, now, backlog))
}

/// The gauge: its words and a `<meter>` (which screen readers announce).
pub fn gauge(lang: Lang, (side, n, max): (Side, u32, u32)) -> Html {
    let words = fill(
        lang.texts().ui.half_open,
        &[
            ("side", crate::narration::side_name(lang, side)),
            ("n", &n.to_string()),
            ("max", &max.to_string()),
        ],
    );
    html! {
        <p class="tcpw-timeline-note tcpw-queue" data-half-open={n.to_string()} data-backlog={max.to_string()}>
            <label>
                <span>{ words }</span>
                <meter min="0" max={max.to_string()} value={n.to_string()} high={max.saturating_sub(1).to_string()} />
            </label>
        </p>
    }
}
