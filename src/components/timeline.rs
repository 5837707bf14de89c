//! The timeline: two lifelines with time flowing down, each state drawn as a
//! coloured band, segments as slanted arrows from send to arrival (moving
//! while in flight, ending in ✗ where dropped), socket calls and running
//! timers beside the lifeline that owns them. Everything is read from the
//! store's run "as of" the current moment; clicking a segment in flight asks
//! the model to drop it.

use tcp_model::event::TimerKind;
use tcp_model::sim::SegmentRecord;
use tcp_model::view::{CallSpan, Moment, SegmentStatus, StateBand, TimerView};
use tcp_model::{Origin, Side, Time};
use yew::prelude::*;

use crate::hooks::use_element_width;
use crate::labels::{full_label, short_label};
use crate::layout::{fmt, label_form, place_labels, text_width, Arrow, Columns, LabelForm, Point, TimeAxis};
use crate::store::{Action, StoreHandle};
use crate::text::{fill, Lang};

#[component]
pub fn Timeline() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let container = use_node_ref();
    let width = use_element_width(container.clone(), 720.0);
    let moment = store.moment();
    let now = store.now;
    let axis = store.axis.clone();
    let cols = Columns::new(width);
    let texts = store.lang.texts();

    // Keep the current moment in view while the clock runs.
    {
        let container = container.clone();
        let y_now = axis.y(now);
        use_effect_with((y_now as i64, store.playing), move |(y_now, playing)| {
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
    let run = store.run.clone();
    let y_now = if moment == Moment::Start {
        axis.y(Time::ZERO)
    } else {
        axis.y(now)
    };

    let header = Side::BOTH.iter().map(|&side| {
        let name = match side {
            Side::Client => texts.ui.client,
            Side::Server => texts.ui.server,
        };
        let addr = match side {
            Side::Client => tcp_model::sim::CLIENT_ADDR,
            Side::Server => tcp_model::sim::SERVER_ADDR,
        };
        html! {
            <g class="tcpw-head">
                <text x={fmt(cols.x(side))} y="20" text-anchor="middle" class="tcpw-host-name">{ name }</text>
                <text x={fmt(cols.x(side))} y="36" text-anchor="middle" class="tcpw-host-addr">{ addr.to_string() }</text>
            </g>
        }
    });

    let gaps = axis.gaps.iter().filter(|g| g.start < now || moment != Moment::Start).map(|gap| {
        let (y0, y1) = (axis.y(gap.start), axis.y(gap.end));
        let label = fill(texts.ui.time_skipped, &[("ms", &(gap.end.0 - gap.start.0).to_string())]);
        html! {
            <g class="tcpw-gap">
                <rect x="0" y={fmt(y0)} width={fmt(cols.width)} height={fmt(y1 - y0)} />
                <text x={fmt(cols.width / 2.0)} y={fmt((y0 + y1) / 2.0 + 4.0)} text-anchor="middle">{ label }</text>
            </g>
        }
    });

    let lifelines = Side::BOTH.iter().map(|&side| {
        let x = cols.x(side);
        html! {
            <g class="tcpw-lifeline-svg" data-side={side.name()}>
                <line class="tcpw-future" x1={fmt(x)} y1="44" x2={fmt(x)} y2={fmt(height - 16.0)} />
                <line class="tcpw-past" x1={fmt(x)} y1="44" x2={fmt(x)} y2={fmt(y_now)} />
            </g>
        }
    });

    let bands = Side::BOTH.iter().flat_map(|&side| {
        let x = cols.x(side);
        run.state_bands(side, moment)
            .into_iter()
            .map(|band| band_html(&band, x, &store.axis, y_now, side))
            .collect::<Vec<_>>()
    });

    let outer_labels = Side::BOTH.iter().map(|&side| {
        let timer_texts: Vec<(String, String)> = run
            .timers_at(side, moment)
            .iter()
            .map(|t| timer_text(t, now, store.lang))
            .collect();
        let outer = OuterItems {
            bands: &run.state_bands(side, moment),
            calls: &run.call_spans(moment),
            timers: &timer_texts,
            y_now,
        };
        outer_labels_html(side, outer, &store.axis, &cols)
    });

    let timers = Side::BOTH.iter().flat_map(|&side| {
        run.timers_at(side, moment)
            .into_iter()
            .map(|timer| timer_html(side, &timer, now, &store.axis, &cols))
            .collect::<Vec<_>>()
    });

    let segments = segments_html(&store, &cols);

    let now_line = (moment != Moment::Start).then(|| {
        html! {
            <g class="tcpw-now">
                <line x1="0" y1={fmt(y_now)} x2={fmt(cols.width)} y2={fmt(y_now)} />
                <text x={fmt(cols.width - 4.0)} y={fmt(y_now - 4.0)} text-anchor="end">{ format!("{} ms", now.0) }</text>
            </g>
        }
    });

    html! {
        <div class="tcpw-timeline" ref={container}>
            <svg class="tcpw-svg" width={fmt(cols.width)} height={fmt(height)}
                viewBox={format!("0 0 {} {}", fmt(cols.width), fmt(height))}
                role="group" aria-label={texts.ui.widget_label}>
                <defs>
                    <marker id="tcpw-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="tcpw-arrowhead" />
                    </marker>
                </defs>
                { for gaps }
                { for header }
                { for lifelines }
                { for bands }
                { for timers }
                { for outer_labels }
                { segments }
                { for now_line }
            </svg>
        </div>
    }
}

fn band_html(band: &StateBand, x: f64, axis: &TimeAxis, y_now: f64, side: Side) -> Html {
    let y0 = axis.y(band.start);
    let y1 = band.end.map_or(y_now, |end| axis.y(end));
    let state = band.state.name();
    html! {
        <rect class="tcpw-band" data-state={state} data-side={side.name()}
            x={fmt(x - 6.0)} y={fmt(y0)} width="12" height={fmt((y1 - y0).max(0.0))}>
            <title>{ state }</title>
        </rect>
    }
}

/// What is written on the outer side of a lifeline.
struct OuterItems<'a> {
    bands: &'a [StateBand],
    calls: &'a [CallSpan],
    /// Running timers: (name, time left), written at the current moment.
    timers: &'a [(String, String)],
    y_now: f64,
}

/// State names, socket calls and running timers on the outer side of a
/// lifeline, stacked so none overlap.
fn outer_labels_html(side: Side, outer: OuterItems, axis: &TimeAxis, cols: &Columns) -> Html {
    let OuterItems {
        bands,
        calls,
        timers,
        y_now,
    } = outer;
    let x = cols.x(side);
    let (anchor, tx) = match side {
        Side::Client => ("end", x - 12.0),
        Side::Server => ("start", x + 12.0),
    };
    let narrow = cols.width < 480.0;
    enum Kind {
        State(String),
        Call(String, bool),
        Timer(String),
        TimerLeft(String),
    }
    // A state passed through in no time shares the next band's label
    // ("CLOSE-WAIT → LAST-ACK"), so it is neither hidden nor overprinted.
    let mut state_labels: Vec<(f64, String)> = Vec::new();
    let mut pending: Option<&'static str> = None;
    for (i, b) in bands.iter().enumerate() {
        // The CLOSED a lifeline starts in, left at time 0, needs no label.
        if i == 0 && b.end == Some(b.start) {
            continue;
        }
        if b.end == Some(b.start) && i + 1 < bands.len() {
            pending.get_or_insert(b.state.name());
            continue;
        }
        let name = match pending.take() {
            Some(first) => format!("{first} → {}", b.state.name()),
            None => b.state.name().to_string(),
        };
        state_labels.push((axis.y(b.start) + 12.0, name));
    }
    let mut items: Vec<(f64, Kind)> = state_labels
        .into_iter()
        .map(|(y, name)| (y, Kind::State(name)))
        .chain(calls.iter().filter(|c| c.side == side).map(|c| {
            let done = c.returned.is_some();
            (axis.y(c.started) + 12.0, Kind::Call(c.call.signature(), done))
        }))
        .chain(timers.iter().flat_map(|(name, left)| {
            [
                (y_now + 14.0, Kind::Timer(name.clone())),
                (y_now + 15.0, Kind::TimerLeft(left.clone())),
            ]
        }))
        .collect();
    tcp_model::small_sort::sort_small_by(&mut items, |a, b| a.0 < b.0);
    let points: Vec<(Point, f64)> = items
        .iter()
        .map(|(y, _)| (Point { x: tx, y: *y + 4.0 }, 60.0))
        .collect();
    let ys = place_labels(&points);
    let labels = items.into_iter().zip(ys).map(|((_, kind), y)| match kind {
        Kind::State(name) => {
            let last = name.rsplit(' ').next().unwrap_or("").to_string();
            html! {
                <text class="tcpw-state-label" data-state={last} x={fmt(tx)} y={fmt(y)} text-anchor={anchor}>{ name }</text>
            }
        }
        Kind::Call(sig, done) => {
            let text = if narrow { sig.split('(').next().unwrap_or("").to_string() } else { sig };
            html! {
                <text class={classes!("tcpw-call-label", (!done).then_some("tcpw-blocked"))} x={fmt(tx)} y={fmt(y)} text-anchor={anchor}>{ text }</text>
            }
        }
        Kind::Timer(name) => html! {
            <text class="tcpw-timer-label" x={fmt(tx)} y={fmt(y)} text-anchor={anchor}>{ name }</text>
        },
        Kind::TimerLeft(left) => html! {
            <text class="tcpw-timer-left" x={fmt(tx)} y={fmt(y)} text-anchor={anchor}>{ left }</text>
        },
    });
    html! { <g class="tcpw-outer" data-side={side.name()}>{ for labels }</g> }
}

/// A running timer as a bracket beside the lifeline: solid up to now,
/// dashed to its deadline.
fn timer_html(side: Side, timer: &TimerView, now: Time, axis: &TimeAxis, cols: &Columns) -> Html {
    let offset = match side {
        Side::Client => -10.0,
        Side::Server => 10.0,
    };
    let x = cols.x(side) + offset;
    let (y0, y_now, y1) = (axis.y(timer.armed_at), axis.y(now), axis.y(timer.deadline));
    html! {
        <g class="tcpw-timer" data-timer={timer_kind_name(timer.kind)} data-side={side.name()}>
            <line class="tcpw-timer-done" x1={fmt(x)} y1={fmt(y0)} x2={fmt(x)} y2={fmt(y_now)} />
            <line class="tcpw-timer-rest" x1={fmt(x)} y1={fmt(y_now)} x2={fmt(x)} y2={fmt(y1)} />
            <line class="tcpw-timer-end" x1={fmt(x - 4.0)} y1={fmt(y1)} x2={fmt(x + 4.0)} y2={fmt(y1)} />
        </g>
    }
}

/// A timer's name (with RTO and backoff for the retransmission timer) and the time left.
fn timer_text(timer: &TimerView, now: Time, lang: Lang) -> (String, String) {
    let ui = &lang.texts().ui;
    let name = match timer.kind {
        TimerKind::Retransmission => {
            let rto = timer.rto.map_or(0, |r| r.0).to_string();
            let mut s = fill(ui.rto_timer, &[("rto", &rto)]);
            if timer.backoff > 0 {
                s.push_str(" · ");
                s.push_str(&fill(ui.backoff, &[("n", &timer.backoff.to_string())]));
            }
            s
        }
        TimerKind::TimeWait => ui.time_wait_timer.to_string(),
        TimerKind::DelayedAck => ui.delayed_ack_timer.to_string(),
        TimerKind::FinWait2 => ui.fin_wait_2_timer.to_string(),
    };
    let left = timer.deadline.0.saturating_sub(now.0).to_string();
    (name, fill(ui.left, &[("ms", &left)]))
}

pub fn timer_kind_name(kind: TimerKind) -> &'static str {
    match kind {
        TimerKind::Retransmission => "retransmission",
        TimerKind::TimeWait => "time-wait",
        TimerKind::DelayedAck => "delayed-ack",
        TimerKind::FinWait2 => "fin-wait-2",
    }
}

/// Every segment sent by now: its arrow, its label, and what can be done with it.
fn segments_html(store: &StoreHandle, cols: &Columns) -> Html {
    let moment = store.moment();
    let axis = &store.axis;
    let texts = store.lang.texts();
    let visible: Vec<(&SegmentRecord, SegmentStatus, Arrow)> = store
        .run
        .segments()
        .iter()
        .filter_map(|s| {
            let status = s.status_at(moment);
            (status != SegmentStatus::Unsent).then(|| (s, status, Arrow::of(s, axis, cols)))
        })
        .collect();
    let labels: Vec<(String, Point, f64)> = visible
        .iter()
        .map(|(s, _, arrow)| {
            let (full, short) = (full_label(s), short_label(s));
            let text = match label_form(&full, &short, cols) {
                LabelForm::Full => full,
                LabelForm::Short => short,
                LabelForm::Flags => s.header.flags.to_string(),
            };
            let width = text_width(&text);
            (text, arrow.at(0.5), width)
        })
        .collect();
    let ys = place_labels(&labels.iter().map(|(_, p, w)| (*p, *w)).collect::<Vec<_>>());

    let items = visible.iter().zip(labels).zip(ys).map(|(((s, status, arrow), (text, mid, _)), label_y)| {
        let id = s.id;
        let in_flight = matches!(status, SegmentStatus::InFlight { .. });
        let selected = store.selected == Some(id);
        let (end, cross) = match *status {
            SegmentStatus::InFlight { progress } => (arrow.at(progress), None),
            SegmentStatus::Dropped { progress, .. } => (arrow.at(progress), Some(arrow.at(progress))),
            _ => (arrow.to, None),
        };
        let class = classes!(
            "tcpw-seg",
            format!("tcpw-from-{}", origin_name(s.from)),
            s.retransmission.then_some("tcpw-rtx"),
            in_flight.then_some("tcpw-inflight"),
            cross.is_some().then_some("tcpw-dropped"),
            selected.then_some("tcpw-selected"),
            s.purpose.is_reset().then_some("tcpw-rst"),
        );
        let state_word = match status {
            SegmentStatus::InFlight { .. } => texts.ui.in_flight,
            SegmentStatus::Dropped { .. } => texts.ui.dropped,
            SegmentStatus::Vanished => texts.ui.vanished,
            _ => texts.ui.arrived,
        };
        let aria = format!(
            "#{} {} {}{}",
            id.0,
            full_label(s),
            state_word,
            if s.retransmission { format!(", {}", texts.ui.retransmission) } else { String::new() }
        );
        let dispatch = store.dispatcher();
        let onclick = {
            let dispatch = dispatch.clone();
            Callback::from(move |_: MouseEvent| {
                if in_flight {
                    dispatch.dispatch(Action::Drop(id));
                } else {
                    dispatch.dispatch(Action::Select(Some(id)));
                }
            })
        };
        let onkeydown = Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "d" | "D" | "Delete" => {
                e.prevent_default();
                e.stop_propagation();
                dispatch.dispatch(Action::Drop(id));
            }
            "Enter" => {
                e.prevent_default();
                e.stop_propagation();
                dispatch.dispatch(Action::Select(Some(id)));
            }
            _ => {}
        });
        let head = (cross.is_none() && !in_flight).then_some("url(#tcpw-head)");
        html! {
            <g class={class} data-segment={id.0.to_string()} data-flags={s.header.flags.to_string()}
                tabindex="0" role="button" aria-label={aria} {onclick} {onkeydown}>
                <line class="tcpw-path" x1={fmt(arrow.from.x)} y1={fmt(arrow.from.y)} x2={fmt(arrow.to.x)} y2={fmt(arrow.to.y)} />
                <line class="tcpw-shaft" x1={fmt(arrow.from.x)} y1={fmt(arrow.from.y)} x2={fmt(end.x)} y2={fmt(end.y)}
                    marker-end={head} />
                if in_flight {
                    <circle class="tcpw-packet" cx={fmt(end.x)} cy={fmt(end.y)} r="5" />
                }
                if let Some(c) = cross {
                    <text class="tcpw-cross" x={fmt(c.x)} y={fmt(c.y + 6.0)} text-anchor="middle">{ "✗" }</text>
                }
                <text class="tcpw-seg-label" x={fmt(mid.x)} y={fmt(label_y)} text-anchor="middle">{ text }</text>
                <line class="tcpw-hit" x1={fmt(arrow.from.x)} y1={fmt(arrow.from.y)} x2={fmt(arrow.to.x)} y2={fmt(arrow.to.y)} />
            </g>
        }
    });
    html! { <g class="tcpw-segments">{ for items }</g> }
}

pub fn origin_name(origin: Origin) -> &'static str {
    match origin {
        Origin::Client => "client",
        Origin::Server => "server",
        Origin::Stray => "stray",
    }
}
