//! Segment labels on the ladder: their approximate width, and where each
//! goes so that none overlaps another (moved down, never sideways). Pure
//! and testable natively; the tests live with the rest of the layout's.

use std::rc::Rc;

/// A point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// How much of a label fits: full text, a shorter form, or flags only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelForm {
    Full,
    Short,
    Flags,
}

/// Approximate width of a label in the widget's 11 px UI font.
pub fn text_width(text: &str) -> f64 {
    text.chars().map(|c| if c.is_ascii() { 6.4 } else { 11.0 }).sum()
}

/// Approximate width of a state name (bold, spaced: about 16% wider than
/// [`text_width`], measured in Chromium) or a call beside a lifeline.
pub fn outer_text_width(text: &str, state: bool) -> f64 {
    text_width(text) * if state { 1.16 } else { 1.0 }
}

/// Places labels at their arrows' midpoints, moving a label down when it
/// would overlap one placed before it. Input: (midpoint, width, extra) per
/// label, `extra` being how far below its baseline a second line under it
/// reaches (a retransmission's "↻ #0 · RTO 2 s" sits 12 px under its label;
/// at most 13 px); output: the y of each label's baseline.
pub fn place_labels(labels: &[(Point, f64, f64)]) -> Vec<f64> {
    let mut placer = LabelPlacer::default();
    labels.iter().map(|&label| placer.place(label)).collect()
}

/// A flat arrow's line as (y, x_min, x_max): sent and received in the
/// same instant of the drawing, so drawn level.
pub type FlatLine = (f64, f64, f64);

/// A label's line height.
const LINE: f64 = 13.0;
/// The most a second line under a label reaches below its baseline.
const MOST_EXTRA: f64 = 13.0;
/// How far a label's text reaches above and below its baseline.
const ASCENT: f64 = 10.0;
const DESCENT: f64 = 3.0;

/// The labels placed so far, one at a time ([`place_labels`]). Kept, it
/// lets the next instant of a ladder place only the labels it adds, with
/// the same result as placing all of them again in the same order.
#[derive(Clone, Debug, Default)]
pub struct LabelPlacer {
    /// Placed labels as (y, x_min, x_max, extra), kept sorted by y: a label
    /// can only collide with the few placed within a line or two of it,
    /// found by bisection, so a thousand labels at one spot cost a thousand
    /// short moves each, not a scan of everything per move.
    placed: Vec<(f64, f64, f64, f64)>,
    /// Every flat line of the run, sorted by y, drawn or still to come: a
    /// label keeps off them all, so where it goes does not depend on the
    /// instant (see [`with_lines`](Self::with_lines)).
    lines: Rc<[FlatLine]>,
}

impl LabelPlacer {
    /// A placer whose segment labels keep their text off `lines` (sorted
    /// by y) as well. In a capture taken at an end host, the host's answers
    /// leave within a millisecond of what they answer, and several flat
    /// arrows lie a few pixels apart: a label moved off its own line sat on
    /// the next one.
    pub fn with_lines(lines: Rc<[FlatLine]>) -> LabelPlacer {
        LabelPlacer {
            placed: Vec::new(),
            lines,
        }
    }

    /// Places one label (midpoint, width, extra) below any placed before
    /// it that it would overlap; returns its baseline.
    pub fn place(&mut self, item: (Point, f64, f64)) -> f64 {
        // Without line moves to run out of, a label always settles.
        let y = self.settle(item, None, 0).unwrap_or(item.0.y);
        self.insert(item, y)
    }

    /// [`place`](Self::place) for a segment's label, also kept off the
    /// flat lines ([`with_lines`](Self::with_lines)) and off its own line
    /// when that is flat (`line`): a label moved down is moved on past such
    /// a line rather than struck through by it. Where that would take more
    /// than three moves past lines (a dense stack of flat arrows, as in a
    /// long capture), the label stays where the other labels alone put it:
    /// far from its arrow it would help no one, and the moves stay few.
    pub fn place_off_line(&mut self, item: (Point, f64, f64), line: Option<f64>) -> f64 {
        const MOST_LINE_MOVES: usize = 3;
        let y = self
            .settle(item, line, MOST_LINE_MOVES)
            .or_else(|| self.settle(item, line, 0))
            .unwrap_or(item.0.y); // as in `place`
        self.insert(item, y)
    }

    /// Where a label comes to rest below the labels placed so far and off
    /// its own flat line; with `line_moves` > 0, off the run's flat lines
    /// too, or `None` if that takes more moves than `line_moves`.
    fn settle(
        &self,
        (mid, width, extra): (Point, f64, f64),
        line: Option<f64>,
        line_moves: usize,
    ) -> Option<f64> {
        let placed = &self.placed;
        let (x_min, x_max) = (mid.x - width / 2.0, mid.x + width / 2.0);
        let extra = extra.clamp(0.0, MOST_EXTRA);
        let above = mid.y - 4.0;
        let mut y = above;
        let mut moves = 0;
        // A line crosses the text when it lies within a pixel of it (the
        // small tolerance keeps a label just above its line from finding it).
        let crosses = |y: f64, l: f64| y - ASCENT - 1.0 + 0.01 < l && l < y + DESCENT + 1.0 - 0.01;
        // Move down past every overlapping label: closer than a line to
        // its lines, and overlapping sideways. Each move goes strictly
        // further down (the small tolerance keeps float rounding from
        // finding the same label again), so this ends.
        loop {
            let from = placed.partition_point(|p| p.0 <= y - LINE - MOST_EXTRA + 0.01);
            let overlapping = placed[from..]
                .iter()
                .take_while(|p| p.0 < y + extra + LINE - 0.01)
                .filter(|p| x_min < p.2 && p.1 < x_max && p.0 + p.3 > y - LINE + 0.01)
                .map(|p| p.0 + p.3)
                .fold(None, |acc: Option<f64>, bottom| {
                    Some(acc.map_or(bottom, |m| m.max(bottom)))
                });
            if let Some(bottom) = overlapping {
                y = y.max(bottom + LINE);
                continue;
            }
            if let Some(l) = line.filter(|&l| y > above && crosses(y, l)) {
                y = l + ASCENT + 2.0;
                continue;
            }
            if line_moves > 0 {
                let from = self.lines.partition_point(|l| l.0 <= y - ASCENT - 1.0);
                let lowest = self.lines[from..]
                    .iter()
                    .take_while(|l| l.0 < y + DESCENT + 1.0)
                    .filter(|l| crosses(y, l.0) && x_min < l.2 && l.1 < x_max)
                    .map(|l| l.0)
                    .last();
                if let Some(l) = lowest {
                    if moves == line_moves {
                        return None;
                    }
                    moves += 1;
                    y = l + ASCENT + 2.0;
                    continue;
                }
            }
            return Some(y);
        }
    }

    /// Keeps a placed label; returns its baseline.
    fn insert(&mut self, (mid, width, extra): (Point, f64, f64), y: f64) -> f64 {
        let (x_min, x_max) = (mid.x - width / 2.0, mid.x + width / 2.0);
        let at = self.placed.partition_point(|p| p.0 <= y);
        self.placed
            .insert(at, (y, x_min, x_max, extra.clamp(0.0, MOST_EXTRA)));
        y
    }
}

/// The baseline of the now-line's time, written at the drawing's right edge
/// from `left` on: just above the line, else just below it, else under the
/// lowest of the labels it would meet there, whichever first meets none of
/// the labels beside the server's lifeline (`beside`: each one's baseline
/// and right end). On a phone those reach the right edge.
pub fn now_label_baseline(y_now: f64, left: f64, beside: &[(f64, f64)]) -> f64 {
    // The lowest baseline of a label that `baseline` would meet, if any.
    let met = |baseline: f64| {
        let mut lowest: Option<f64> = None;
        for &(y, right) in beside {
            if right > left && (y - baseline).abs() < LINE && lowest.is_none_or(|l| y > l) {
                lowest = Some(y);
            }
        }
        lowest
    };
    let above = y_now - 4.0;
    if met(above).is_none() {
        return above;
    }
    // Each step goes a line under a label it met, so at most one per label.
    let mut below = y_now + 12.0;
    for _ in 0..=beside.len() {
        match met(below) {
            Some(y) => below = y + LINE,
            None => break,
        }
    }
    below
}
