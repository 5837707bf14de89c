//! A compressed stretch of the time axis, drawn as a band with how long it
//! really is ("… 900 ms pass"), and where that label sits (segment labels
//! keep off it: `placement.rs`; arrows pass under it: `backdrop.rs` draws
//! the labels of the stretches between events above the segments).

use crate::layout::{Columns, Gap, Point, TimeAxis};
use crate::svg::Markup;
use crate::text::fill;
use crate::units::ms_text;

/// A compressed stretch of time, with how long it really is.
pub fn draw_gap(
    m: &mut Markup,
    gap: Gap,
    axis: &TimeAxis,
    cols: &Columns,
    template: &str,
    unit: tcp_model::sim::TimeUnit,
) {
    m.el("g").class("tcpw-gap").children(|m| {
        draw_gap_band(m, gap, axis, cols);
        draw_gap_label(m, gap, axis, cols, template, unit);
    });
}

/// A compressed stretch's band, without its label (which a ladder with
/// segments draws above them: `backdrop.rs`).
pub fn draw_gap_band(m: &mut Markup, gap: Gap, axis: &TimeAxis, cols: &Columns) {
    let (y0, y1) = (axis.y(gap.start), axis.y(gap.end));
    m.el("rect")
        .class("tcpw-gap-band")
        .num("x", 0.0)
        .num("y", y0)
        .num("width", cols.width)
        .num("height", y1 - y0)
        .end();
}

/// A compressed stretch's label, where [`gap_label`] puts it.
pub fn draw_gap_label(
    m: &mut Markup,
    gap: Gap,
    axis: &TimeAxis,
    cols: &Columns,
    template: &str,
    unit: tcp_model::sim::TimeUnit,
) {
    let (label, at) = gap_label(gap, axis, cols, template, unit);
    m.text("tcpw-gap-label", (at.x, at.y), "middle", &label);
}

/// A compressed stretch's label ("… 900 ms …") and where its baseline's
/// middle is: the middle of the stretch, between the lifelines.
pub(super) fn gap_label(
    gap: Gap,
    axis: &TimeAxis,
    cols: &Columns,
    template: &str,
    unit: tcp_model::sim::TimeUnit,
) -> (String, Point) {
    let (y0, y1) = (axis.y(gap.start), axis.y(gap.end));
    let label = fill(template, &[("ms", &ms_text(gap.end.0 - gap.start.0, unit))]);
    let at = Point {
        x: cols.width / 2.0,
        y: (y0 + y1) / 2.0 + 4.0,
    };
    (label, at)
}
