//! The part of the timeline that moves with the clock: each lifeline up to
//! now, the state each side is in until now, the running timers, free
//! mode's growing idle tail, and the now-line. Small, redrawn every frame.

use tcp_model::event::TimerKind;
use tcp_model::view::{Moment, TimerView};
use tcp_model::{Side, Simulation, Time};

use super::backdrop::draw_state_band;
use super::gaps::draw_gap;
use crate::layout::{now_label_baseline, text_width, Columns, TimeAxis};
use crate::svg::Markup;
use crate::text::{fill, Lang};

/// What the clock layer shows of each side, as of the last instant with
/// events (it only changes there): the state it is in since when, and its
/// running timers. Computed once per instant, not once per frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Facts {
    /// Per side (`Side::index`): the open state band, and the timers.
    sides: [SideFacts; 2],
    unit: tcp_model::sim::TimeUnit,
}

/// One side's open state band (its state, since when) and running timers.
type SideFacts = (Option<(tcp_model::State, Time)>, Vec<TimerView>);

/// The facts of `run` at `moment` (an instant with events, or the start).
pub fn facts(run: &Simulation, moment: Moment) -> Facts {
    Facts {
        sides: Side::BOTH.map(|side| {
            let band = run
                .state_bands(side, moment)
                .last()
                .filter(|b| b.end.is_none())
                .map(|b| (b.state, b.start));
            (band, run.timers_at(side, moment))
        }),
        unit: run.time_unit(),
    }
}

/// Draws what changes with the clock at `moment`. `server_labels`: the names
/// beside the server's lifeline (baseline, right end), which the now-line's
/// time keeps off.
pub fn draw(
    facts: &Facts,
    moment: Moment,
    axis: &TimeAxis,
    cols: &Columns,
    lang: Lang,
    server_labels: &[(f64, f64)],
) -> Markup {
    let texts = lang.texts();
    let now = moment.time();
    let y_now = axis.y(now);
    let height = axis.height();
    let mut m = Markup::with_capacity(2048);
    // Every part that comes and goes (the tail, a band, the timers, the
    // now-line) sits in a slot, so the others are updated in place.
    m.slot(|m| {
        if let Some(tail) = axis.tail().filter(|_| moment != Moment::Start) {
            draw_gap(m, tail, axis, cols, texts.ui.time_skipped, facts.unit);
        }
    });
    for side in Side::BOTH {
        let x = cols.x(side);
        m.el("g")
            .class("tcpw-lifeline-svg")
            .attr("data-side", side.name())
            .children(|m| {
                m.line("tcpw-future", (x, 44.0), (x, height - 16.0));
                m.line("tcpw-past", (x, 44.0), (x, y_now));
            });
        let (band, timers) = &facts.sides[side.index()];
        m.slot(|m| {
            if let Some((state, start)) = band {
                draw_state_band(m, state.name(), side, x, axis.y(*start), y_now);
            }
        });
        // A timer is gone once its deadline has passed (it fired, an event).
        m.slot(|m| {
            for timer in timers.iter().filter(|t| t.deadline > now) {
                draw_timer(m, side, timer, now, axis, cols, lang);
            }
        });
    }
    m.slot(|m| {
        if moment != Moment::Start {
            let label = format!("{} ms", crate::units::ms_text(now.0, facts.unit));
            let y = now_label_baseline(
                y_now,
                cols.width - 4.0 - text_width(&label),
                &beside_server(facts, now, axis, cols, server_labels),
            );
            m.el("g").class("tcpw-now").children(|m| {
                m.line("", (0.0, y_now), (cols.width, y_now));
                m.text("", (cols.width - 4.0, y), "end", &label);
            });
        }
    });
    m
}

/// The labels beside the server's lifeline near now, as (baseline, right
/// end): its names (`labels`, from the backdrop) and its timers' two lines
/// (as [`draw_timer`] writes them; taken as wide as a timer's name with its
/// backoff gets, so nothing is formatted per frame).
fn beside_server(
    facts: &Facts,
    now: Time,
    axis: &TimeAxis,
    cols: &Columns,
    labels: &[(f64, f64)],
) -> Vec<(f64, f64)> {
    const TIMER_WIDTH: f64 = 120.0;
    let (x, y_now) = (cols.server + 12.0, axis.y(now));
    let mut beside = Vec::new();
    // Only those within a few lines of now can meet the time.
    for &label in labels {
        if (label.0 - y_now).abs() < 60.0 {
            beside.push(label);
        }
    }
    for timer in &facts.sides[Side::Server.index()].1 {
        if timer.deadline > now {
            let y = timer_label_y(axis, now, timer);
            beside.push((y, x + TIMER_WIDTH));
            beside.push((y + 13.0, x + TIMER_WIDTH));
        }
    }
    beside
}

/// The baseline of a timer's name: by its end, at least a line below now.
fn timer_label_y(axis: &TimeAxis, now: Time, timer: &TimerView) -> f64 {
    (axis.y(timer.deadline) - 18.0).max(axis.y(now) + 14.0)
}

/// A running timer as a bracket beside the lifeline (solid up to now, dashed
/// to its deadline), with its name and the time left written by its end
/// (away from the now-line, where state and call labels gather).
fn draw_timer(
    m: &mut Markup,
    side: Side,
    timer: &TimerView,
    now: Time,
    axis: &TimeAxis,
    cols: &Columns,
    lang: Lang,
) {
    let (offset, anchor, tx) = match side {
        Side::Client => (-10.0, "end", cols.client - 12.0),
        Side::Server => (10.0, "start", cols.server + 12.0),
    };
    let x = cols.x(side) + offset;
    let (y0, y_now, y1) = (axis.y(timer.armed_at), axis.y(now), axis.y(timer.deadline));
    let (name, left) = timer_text(timer, now, lang);
    m.el("g")
        .class("tcpw-timer")
        .attr("data-timer", timer.kind.name())
        .attr("data-side", side.name())
        .children(|m| {
            m.line("tcpw-timer-done", (x, y0), (x, y_now));
            m.line("tcpw-timer-rest", (x, y_now), (x, y1));
            m.line("tcpw-timer-end", (x - 4.0, y1), (x + 4.0, y1));
            let label_y = timer_label_y(axis, now, timer);
            m.text("tcpw-timer-label", (tx, label_y), anchor, &name);
            m.text("tcpw-timer-left", (tx, label_y + 13.0), anchor, &left);
        });
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
        TimerKind::Persist => ui.persist_timer.to_string(),
    };
    let left = timer.deadline.0.saturating_sub(now.0).to_string();
    (name, fill(ui.left, &[("ms", &left)]))
}
