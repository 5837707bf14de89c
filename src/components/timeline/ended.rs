//! Timers that have ended, kept on the ladder where they ran: drawn with the
//! part of the timeline that changes only at events (`backdrop.rs`), in the
//! running timer's place (`now.rs`), faded.

use tcp_model::sim::timer_history::{EndedTimer, TimerEnd};
use tcp_model::Side;

use crate::layout::{Columns, TimeAxis};
use crate::svg::Markup;

/// A timer's finished run: its bracket where the running timer's was (see
/// `now.rs`), faded, with a tick where it fired or ↻ where it began again.
pub fn draw_ended_timer(m: &mut Markup, side: Side, timer: &EndedTimer, axis: &TimeAxis, cols: &Columns) {
    let (dir, anchor) = match side {
        Side::Client => (-1.0, "end"),
        Side::Server => (1.0, "start"),
    };
    let x = cols.x(side) + 10.0 * dir;
    let (y0, y1) = (axis.y(timer.armed_at), axis.y(timer.ended_at));
    let end = match timer.end {
        TimerEnd::Fired => "fired",
        TimerEnd::Restarted => "restarted",
    };
    m.el("g")
        .class("tcpw-timer tcpw-timer-ended")
        .attr("data-timer", timer.kind.name())
        .attr("data-side", side.name())
        .attr("data-end", end)
        .children(|m| {
            m.line("tcpw-timer-done", (x, y0), (x, y1));
            m.line("tcpw-timer-end", (x - 4.0, y1), (x + 4.0, y1));
            if timer.end == TimerEnd::Restarted {
                m.text("tcpw-timer-mark", (x + 7.0 * dir, y1 + 4.0), anchor, "↻");
            }
        });
}
