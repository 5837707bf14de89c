//! The timeline: two lifelines with time flowing down, each state drawn as a
//! coloured band, segments as slanted arrows from send to arrival (moving
//! while in flight, ending in ✗ where dropped), socket calls and running
//! timers beside the lifeline that owns them. Everything is read from the
//! store's run "as of" the current moment; clicking a segment in flight asks
//! the model to drop it.
//!
//! The drawing is written as SVG text (see `svg.rs`); only the segments are
//! Yew elements, because they take focus, clicks and keys.

use core::fmt::Write;

use tcp_model::event::TimerKind;
use tcp_model::sim::SegmentRecord;
use tcp_model::view::{CallSpan, Moment, SegmentStatus, StateBand, TimerView};
use tcp_model::{Origin, Side, Simulation, Time};
use yew::prelude::*;

use crate::hooks::use_element_width;
use crate::labels::{full_label, short_label};
use crate::layout::{label_form, place_labels, text_width, Arrow, Columns, LabelForm, Point, TimeAxis};
use crate::store::{Action, StoreHandle};
use crate::svg::{line, text, N};
use crate::text::{fill, Lang, Texts};

/// Markup Yew inserts as it is (every text in it went through `Esc`).
fn raw(markup: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup))
}

#[component]
pub fn Timeline() -> Html {
    let store = use_context::<StoreHandle>().expect("store context");
    let container = use_node_ref();
    let width = use_element_width(container.clone(), 720.0);
    let moment = store.moment();
    let now = store.now;
    let axis = &store.axis;
    let cols = Columns::new(width);
    let texts = store.lang.texts();
    let y_now = axis.y(moment.time());

    // Keep the current moment in view while the clock runs.
    {
        let container = container.clone();
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
    let run = &store.run;
    let mut back = String::with_capacity(16 * 1024);
    back.push_str(concat!(
        r#"<defs><marker id="tcpw-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" "#,
        r#"markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="tcpw-arrowhead"/></marker></defs>"#
    ));
    draw_gaps(&mut back, axis, &cols, texts, moment);
    draw_heads(&mut back, &cols, texts);
    for side in Side::BOTH {
        let x = cols.x(side);
        let _ = write!(back, r#"<g class="tcpw-lifeline-svg" data-side="{side}">"#);
        line(&mut back, "tcpw-future", (x, 44.0), (x, height - 16.0));
        line(&mut back, "tcpw-past", (x, 44.0), (x, y_now));
        back.push_str("</g>");
    }
    for side in Side::BOTH {
        for band in run.state_bands(side, moment) {
            draw_band(&mut back, &band, cols.x(side), axis, y_now, side);
        }
    }
    for side in Side::BOTH {
        for timer in run.timers_at(side, moment) {
            draw_timer(&mut back, side, &timer, now, axis, &cols);
        }
    }
    for side in Side::BOTH {
        draw_outer_labels(&mut back, side, run, moment, now, store.lang, axis, &cols, y_now);
    }

    let mut front = String::new();
    if moment != Moment::Start {
        front.push_str(r#"<g class="tcpw-now">"#);
        line(&mut front, "", (0.0, y_now), (cols.width, y_now));
        text(
            &mut front,
            "",
            (cols.width - 4.0, y_now - 4.0),
            "end",
            "",
            &format!("{} ms", now.0),
        );
        front.push_str("</g>");
    }

    html! {
        <div class="tcpw-timeline" ref={container}>
            <svg class="tcpw-svg" width={N(cols.width).to_string()} height={N(height).to_string()}
                viewBox={format!("0 0 {} {}", N(cols.width), N(height))}
                role="group" aria-label={texts.ui.widget_label}>
                { raw(back) }
                { segments_html(&store, &cols) }
                { raw(front) }
            </svg>
        </div>
    }
}

fn draw_gaps(out: &mut String, axis: &TimeAxis, cols: &Columns, texts: &Texts, moment: Moment) {
    if moment == Moment::Start {
        return;
    }
    for gap in &axis.gaps {
        let (y0, y1) = (axis.y(gap.start), axis.y(gap.end));
        let label = fill(
            texts.ui.time_skipped,
            &[("ms", &(gap.end.0 - gap.start.0).to_string())],
        );
        let _ = write!(
            out,
            r#"<g class="tcpw-gap"><rect x="0" y="{}" width="{}" height="{}"/>"#,
            N(y0),
            N(cols.width),
            N(y1 - y0)
        );
        text(
            out,
            "",
            (cols.width / 2.0, (y0 + y1) / 2.0 + 4.0),
            "middle",
            "",
            &label,
        );
        out.push_str("</g>");
    }
}

fn draw_heads(out: &mut String, cols: &Columns, texts: &Texts) {
    for side in Side::BOTH {
        let (name, addr) = match side {
            Side::Client => (texts.ui.client, tcp_model::sim::CLIENT_ADDR),
            Side::Server => (texts.ui.server, tcp_model::sim::SERVER_ADDR),
        };
        out.push_str(r#"<g class="tcpw-head">"#);
        text(out, "tcpw-host-name", (cols.x(side), 20.0), "middle", "", name);
        text(
            out,
            "tcpw-host-addr",
            (cols.x(side), 36.0),
            "middle",
            "",
            &addr.to_string(),
        );
        out.push_str("</g>");
    }
}

fn draw_band(out: &mut String, band: &StateBand, x: f64, axis: &TimeAxis, y_now: f64, side: Side) {
    let y0 = axis.y(band.start);
    let y1 = band.end.map_or(y_now, |end| axis.y(end));
    let state = band.state.name();
    let _ = write!(
        out,
        r#"<rect class="tcpw-band" data-state="{state}" data-side="{side}" x="{}" y="{}" width="12" height="{}"><title>{state}</title></rect>"#,
        N(x - 6.0),
        N(y0),
        N((y1 - y0).max(0.0))
    );
}

/// State names, socket calls and running timers on the outer side of a
/// lifeline, stacked so none overlap.
#[allow(clippy::too_many_arguments)]
fn draw_outer_labels(
    out: &mut String,
    side: Side,
    run: &Simulation,
    moment: Moment,
    now: Time,
    lang: Lang,
    axis: &TimeAxis,
    cols: &Columns,
    y_now: f64,
) {
    let bands = run.state_bands(side, moment);
    let calls: Vec<CallSpan> = run
        .call_spans(moment)
        .into_iter()
        .filter(|c| c.side == side)
        .collect();
    let timers = run.timers_at(side, moment);
    let x = cols.x(side);
    let (anchor, tx) = match side {
        Side::Client => ("end", x - 12.0),
        Side::Server => ("start", x + 12.0),
    };
    let narrow = cols.width < 480.0;
    // (y, class, extra attributes, text)
    let mut items: Vec<(f64, &str, String, String)> = Vec::new();
    // A state passed through in no time shares the next band's label
    // ("CLOSE-WAIT → LAST-ACK"), so it is neither hidden nor overprinted.
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
        let attr = format!(r#" data-state="{}""#, b.state.name());
        items.push((axis.y(b.start) + 12.0, "tcpw-state-label", attr, name));
    }
    for c in &calls {
        let sig = c.call.signature();
        let label = if narrow {
            sig.split('(').next().unwrap_or("").to_string()
        } else {
            sig
        };
        let class = if c.returned.is_some() {
            "tcpw-call-label"
        } else {
            "tcpw-call-label tcpw-blocked"
        };
        items.push((axis.y(c.started) + 12.0, class, String::new(), label));
    }
    for timer in &timers {
        let (name, left) = timer_text(timer, now, lang);
        items.push((y_now + 14.0, "tcpw-timer-label", String::new(), name));
        items.push((y_now + 15.0, "tcpw-timer-left", String::new(), left));
    }
    tcp_model::small_sort::sort_small_by(&mut items, |a, b| a.0 < b.0);
    let points: Vec<(Point, f64)> = items
        .iter()
        .map(|(y, ..)| (Point { x: tx, y: *y + 4.0 }, 60.0))
        .collect();
    let _ = write!(out, r#"<g class="tcpw-outer" data-side="{side}">"#);
    for ((_, class, attrs, label), y) in items.iter().zip(place_labels(&points)) {
        text(out, class, (tx, y), anchor, attrs, label);
    }
    out.push_str("</g>");
}

/// A running timer as a bracket beside the lifeline: solid up to now,
/// dashed to its deadline.
fn draw_timer(out: &mut String, side: Side, timer: &TimerView, now: Time, axis: &TimeAxis, cols: &Columns) {
    let offset = match side {
        Side::Client => -10.0,
        Side::Server => 10.0,
    };
    let x = cols.x(side) + offset;
    let (y0, y_now, y1) = (axis.y(timer.armed_at), axis.y(now), axis.y(timer.deadline));
    let _ = write!(
        out,
        r#"<g class="tcpw-timer" data-timer="{}" data-side="{side}">"#,
        timer_kind_name(timer.kind)
    );
    line(out, "tcpw-timer-done", (x, y0), (x, y_now));
    line(out, "tcpw-timer-rest", (x, y_now), (x, y1));
    line(out, "tcpw-timer-end", (x - 4.0, y1), (x + 4.0, y1));
    out.push_str("</g>");
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

/// Every segment sent by now: a focusable, clickable group whose drawing
/// (arrow, moving packet, ✗, label) is SVG text.
fn segments_html(store: &StoreHandle, cols: &Columns) -> Html {
    let moment = store.moment();
    let axis = &store.axis;
    let ui = &store.lang.texts().ui;
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

    let items = visible
        .iter()
        .zip(labels)
        .zip(ys)
        .map(|(((s, status, arrow), (label, mid, _)), label_y)| {
            let id = s.id;
            let in_flight = matches!(status, SegmentStatus::InFlight { .. });
            let dropped = matches!(status, SegmentStatus::Dropped { .. });
            let end = match *status {
                SegmentStatus::InFlight { progress } | SegmentStatus::Dropped { progress, .. } => {
                    arrow.at(progress)
                }
                _ => arrow.to,
            };
            let mut class = format!("tcpw-seg tcpw-from-{}", origin_name(s.from));
            for (on, name) in [
                (s.retransmission, " tcpw-rtx"),
                (in_flight, " tcpw-inflight"),
                (dropped, " tcpw-dropped"),
                (store.selected == Some(id), " tcpw-selected"),
                (s.purpose.is_reset(), " tcpw-rst"),
            ] {
                if on {
                    class.push_str(name);
                }
            }
            let state_word = match status {
                SegmentStatus::InFlight { .. } => ui.in_flight,
                SegmentStatus::Dropped { .. } => ui.dropped,
                SegmentStatus::Vanished => ui.vanished,
                _ => ui.arrived,
            };
            let mut aria = format!("#{} {} {}", id.0, full_label(s), state_word);
            if s.retransmission {
                aria.push_str(", ");
                aria.push_str(ui.retransmission);
            }

            let mut inner = String::with_capacity(512);
            let (from, to) = ((arrow.from.x, arrow.from.y), (arrow.to.x, arrow.to.y));
            line(&mut inner, "tcpw-path", from, to);
            let head = if in_flight || dropped {
                ""
            } else {
                r#" marker-end="url(#tcpw-head)""#
            };
            let _ = write!(
                inner,
                r#"<line class="tcpw-shaft" x1="{}" y1="{}" x2="{}" y2="{}"{head}/>"#,
                N(arrow.from.x),
                N(arrow.from.y),
                N(end.x),
                N(end.y)
            );
            if in_flight {
                let _ = write!(
                    inner,
                    r#"<circle class="tcpw-packet" cx="{}" cy="{}" r="5"/>"#,
                    N(end.x),
                    N(end.y)
                );
            }
            if dropped {
                text(&mut inner, "tcpw-cross", (end.x, end.y + 6.0), "middle", "", "✗");
            }
            text(
                &mut inner,
                "tcpw-seg-label",
                (mid.x, label_y),
                "middle",
                "",
                &label,
            );
            line(&mut inner, "tcpw-hit", from, to);

            let dispatch = store.dispatcher();
            let onclick = {
                let dispatch = dispatch.clone();
                Callback::from(move |_: MouseEvent| {
                    dispatch.dispatch(if in_flight {
                        Action::Drop(id)
                    } else {
                        Action::Select(Some(id))
                    })
                })
            };
            let onkeydown = Callback::from(move |e: KeyboardEvent| {
                let action = match e.key().as_str() {
                    "d" | "D" | "Delete" => Action::Drop(id),
                    "Enter" => Action::Select(Some(id)),
                    _ => return,
                };
                e.prevent_default();
                e.stop_propagation();
                dispatch.dispatch(action);
            });
            html! {
                <g class={class} data-segment={id.0.to_string()} data-flags={s.header.flags.to_string()}
                    tabindex="0" role="button" aria-label={aria} {onclick} {onkeydown}>
                    { raw(inner) }
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
