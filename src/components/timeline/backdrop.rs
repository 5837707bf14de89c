//! The part of the timeline that only changes when something happens: the
//! lifeline heads, compressed gaps (`gaps.rs`), finished state bands, state
//! names and socket calls beside each lifeline, and where each sent
//! segment's arrow and label go (`placement.rs`). Drawn once per instant (and per width and language), so the
//! large string is not rebuilt, compared or parsed on every frame; and in
//! layers, so an instant parses again only the layers it changed.

use std::rc::Rc;

use tcp_model::view::{CallSpan, Moment, StateBand};
use tcp_model::{Side, Simulation};
use yew::AttrValue;

use super::gaps::{draw_gap_band, draw_gap_label};
use super::marks::Marks;
use super::placement::{Placed, SegmentGeometry};
use crate::labels::{call_label, call_result_label};
use crate::layout::{fit_endpoint, outer_text_width, place_labels, Columns, Point, TimeAxis};
use crate::narration::side_name;
use crate::store::Shared;
use crate::svg::Markup;
use crate::text::Lang;

/// The drawing of one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Backdrop {
    /// SVG markup (see `svg.rs`), in layers that change separately.
    pub layers: Rc<[AttrValue]>,
    /// The segments sent by then, in id order.
    pub segments: Rc<Vec<SegmentGeometry>>,
    /// The names beside the server's lifeline, as (baseline, right end): the
    /// clock layer keeps the now-line's time off them.
    pub server_labels: Rc<Vec<(f64, f64)>>,
    /// The compressed stretches' labels, drawn above the segments.
    pub gap_labels: Rc<[AttrValue]>,
}

/// Draws the instant `moment` of `run` (everything that happened by then),
/// placing only the segments sent since the instant `placed` holds when it
/// can.
pub fn draw(
    run: &Shared<Simulation>,
    placed: &mut Placed,
    moment: Moment,
    axis: &TimeAxis,
    cols: &Columns,
    lang: Lang,
    marks: &[Marks],
) -> Backdrop {
    let texts = lang.texts();
    // Layers, by what changes them: the heads only with the width or
    // language; the gaps once, when the run leaves its start; each side's
    // finished bands and its labels when that side changes state or makes
    // a call; the ended timers when one fires or is restarted.
    // The stretches' bands lie under everything; their labels go above the
    // segments, so a fan of arrows crossing a stretch does not strike its
    // "… 10.071 ms pass" through.
    let (mut gaps, mut gap_labels) = (Markup::with_capacity(1024), Markup::with_capacity(512));
    if moment != Moment::Start {
        for gap in axis.interior_gaps() {
            draw_gap_band(&mut gaps, gap, axis, cols);
            draw_gap_label(
                &mut gap_labels,
                gap,
                axis,
                cols,
                texts.ui.time_skipped,
                run.time_unit(),
            );
        }
    }
    let mut frame = Markup::with_capacity(1024);
    frame.arrowhead("tcpw-head", 9.0, "auto-start-reverse", "tcpw-arrowhead");
    for side in Side::BOTH {
        let addr = fit_endpoint(&run.endpoint(side), cols.head_room(side));
        let x = cols.x(side);
        frame.el("g").class("tcpw-head").children(|m| {
            m.text("tcpw-host-name", (x, 20.0), "middle", side_name(lang, side));
            m.text("tcpw-host-addr", (x, 36.0), "middle", &addr);
        });
    }
    let mut layers = vec![AttrValue::from(gaps), AttrValue::from(frame)];
    for side in Side::BOTH {
        let mut bands = Markup::with_capacity(2 * 1024);
        for band in run.state_bands(side, moment).iter().filter(|b| b.end.is_some()) {
            draw_band(&mut bands, band, cols.x(side), axis, side);
        }
        layers.push(AttrValue::from(bands));
    }
    // Timers that fired or were restarted stay, faded, where they ran.
    let mut ended = Markup::with_capacity(1024);
    for side in Side::BOTH {
        for timer in run.ended_timers(side, moment) {
            super::ended::draw_ended_timer(&mut ended, side, &timer, axis, cols);
        }
    }
    layers.push(AttrValue::from(ended));
    let mut server_labels = Vec::new();
    for side in Side::BOTH {
        let mut labels = Markup::with_capacity(2 * 1024);
        server_labels = draw_outer_labels(&mut labels, side, run, moment, axis, cols);
        layers.push(AttrValue::from(labels));
    }
    Backdrop {
        layers: Rc::from(layers),
        segments: placed.update(run, moment, axis, cols, lang, marks),
        server_labels: Rc::new(server_labels),
        gap_labels: Rc::from([AttrValue::from(gap_labels)]),
    }
}

/// A stretch of one state on a lifeline, from its start to `y1`.
pub fn draw_state_band(m: &mut Markup, state: &str, side: Side, x: f64, y0: f64, y1: f64) {
    m.el("rect")
        .class("tcpw-band")
        .attr("data-state", state)
        .attr("data-side", side.name())
        .num("x", x - 6.0)
        .num("y", y0)
        .num("width", 12.0)
        .num("height", (y1 - y0).max(0.0))
        .children(|m| m.el("title").text(state));
}

fn draw_band(m: &mut Markup, band: &StateBand, x: f64, axis: &TimeAxis, side: Side) {
    let y1 = band.end.map_or(axis.y(band.start), |end| axis.y(end));
    draw_state_band(m, band.state.name(), side, x, axis.y(band.start), y1);
}

/// State names and socket calls on the outer side of a lifeline, stacked so
/// none overlap. Returns each one's baseline and the end away from the
/// lifeline (x), as drawn.
fn draw_outer_labels(
    m: &mut Markup,
    side: Side,
    run: &Simulation,
    moment: Moment,
    axis: &TimeAxis,
    cols: &Columns,
) -> Vec<(f64, f64)> {
    let bands = run.state_bands(side, moment);
    let calls: Vec<CallSpan> = run
        .call_spans(moment)
        .into_iter()
        .filter(|c| c.side == side)
        .collect();
    let x = cols.x(side);
    let (anchor, tx) = match side {
        Side::Client => ("end", x - 12.0),
        Side::Server => ("start", x + 12.0),
    };
    let narrow = cols.width < 480.0;
    // From the text's anchor to the drawing's edge, less a hair.
    let room = match side {
        Side::Client => tx,
        Side::Server => cols.width - tx,
    } - 2.0;
    // (y, class, data-state, text)
    let mut items: Vec<(f64, &str, &str, String)> = Vec::new();
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
        let (y, name) = (axis.y(b.start) + 12.0, b.state.name());
        match pending.take().map(|first| (first, format!("{first} → {name}"))) {
            // Too long for the room beside the lifeline (a phone): one
            // name a line, so neither is cut off at the drawing's edge.
            Some((first, merged)) if outer_text_width(&merged, true) > room => {
                items.push((y, "tcpw-state-label", first, format!("{first} →")));
                items.push((y, "tcpw-state-label", name, name.to_string()));
            }
            Some((_, merged)) => items.push((y, "tcpw-state-label", name, merged)),
            None => items.push((y, "tcpw-state-label", name, name.to_string())),
        }
    }
    for c in &calls {
        let sig = call_label(c.call);
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
        items.push((axis.y(c.started) + 12.0, class, "", label));
        // How it ended, where it ended (a read to the end may fail instead).
        if let Some((at, result)) = c
            .returned
            .and_then(|(at, o)| Some((at, call_result_label(c.call, o)?)))
        {
            let result = if narrow {
                // "→ ECONNRESET": the call's name is just above.
                result
                    .find('→')
                    .map_or(result.clone(), |i| result[i..].to_string())
            } else {
                result
            };
            items.push((axis.y(at) + 12.0, "tcpw-call-label tcpw-call-result", "", result));
        }
    }
    tcp_model::util::sort::sort_by(&mut items, |a, b| a.0 < b.0);
    let points: Vec<(Point, f64, f64)> = items
        .iter()
        .map(|(y, ..)| (Point { x: tx, y: *y + 4.0 }, 60.0, 0.0))
        .collect();
    let ys = place_labels(&points);
    let away = if side == Side::Server { 1.0 } else { -1.0 };
    let mut drawn = Vec::with_capacity(items.len());
    m.el("g")
        .class("tcpw-outer")
        .attr("data-side", side.name())
        .children(|m| {
            for ((_, class, state, label), y) in items.iter().zip(ys) {
                let el = m.el("text").class(class);
                let el = if state.is_empty() {
                    el
                } else {
                    el.attr("data-state", state)
                };
                let el = el.num("x", tx).num("y", y).attr("text-anchor", anchor);
                // A name still wider than its room (one word on a 320 px
                // phone) is drawn narrower rather than cut off.
                let width = outer_text_width(label, class == &"tcpw-state-label");
                drawn.push((y, tx + away * width.min(room)));
                let el = if width > room {
                    el.num("textLength", room)
                        .attr("lengthAdjust", "spacingAndGlyphs")
                } else {
                    el
                };
                el.text(label);
            }
        });
    drawn
}
