//! Pure geometry of the timeline, testable natively: virtual time → vertical
//! position (with long idle waits compressed), lifeline positions, arrow
//! geometry, and label placement that keeps labels from overlapping.
//!
//! Also the playback clock's pixel maths: at 1× the picture scrolls at a
//! constant speed, so a compressed wait passes quickly ([`advance`]).
//!
//! Not responsible for drawing (components do that) or for any TCP rule.

use std::rc::Rc;

use tcp_model::{SegmentRecord, Side, Simulation, Time};

/// Pixels per millisecond of virtual time where things happen.
pub const PX_PER_MS: f64 = 1.2;
/// Idle stretches (nothing on the wire) longer than this are compressed…
pub const IDLE_MS: u64 = 300;
/// …to this height, drawn with a "time skipped" mark.
pub const GAP_PX: f64 = 56.0;
/// Space above time 0.
pub const TOP_PX: f64 = 56.0;
/// At 1× speed the timeline scrolls this many pixels per second, so a 100 ms
/// flight (120 px) takes about a second and a compressed wait passes quickly.
pub const PX_PER_SECOND: f64 = 110.0;

/// A stretch of the time axis drawn at a reduced scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    pub start: Time,
    pub end: Time,
}

/// Maps virtual time to a y coordinate: linear, except for compressed gaps.
///
/// The gaps between a run's activities are computed once per run and
/// shared; the idle tail after the last activity (which grows while free
/// mode's clock runs) is computed from `end` on the fly, so moving the end
/// costs nothing ([`TimeAxis::with_end`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    gaps: Rc<[Gap]>,
    /// When the last activity ends.
    covered: Time,
    /// The end of the drawing.
    pub end: Time,
}

impl TimeAxis {
    /// The axis of a run: idle stretches between activity are compressed.
    /// Activity is any event, and any moment a segment is on the wire.
    pub fn for_run(run: &Simulation, end: Time) -> TimeAxis {
        let mut busy: Vec<(u64, u64)> = run
            .segments()
            .iter()
            .map(|s| (s.sent_at.0, s.ends_at().0))
            .chain(run.event_times().into_iter().map(|t| (t.0, t.0)))
            .collect();
        tcp_model::util::sort::sort(&mut busy);
        let mut gaps = Vec::new();
        let mut covered_until = 0u64;
        for (start, stop) in busy {
            if start > covered_until + IDLE_MS {
                gaps.push(Gap {
                    start: Time(covered_until),
                    end: Time(start),
                });
            }
            covered_until = covered_until.max(stop);
        }
        TimeAxis {
            gaps: gaps.into(),
            covered: Time(covered_until),
            end,
        }
    }

    /// The same axis drawn up to another end (O(1): the gaps are shared).
    pub fn with_end(&self, end: Time) -> TimeAxis {
        TimeAxis {
            gaps: self.gaps.clone(),
            covered: self.covered,
            end,
        }
    }

    /// The compressed stretches between activities (fixed for a run).
    pub fn interior_gaps(&self) -> impl Iterator<Item = Gap> + '_ {
        self.gaps.iter().copied()
    }

    /// The idle tail after the last activity, if it is long enough to compress.
    pub fn tail(&self) -> Option<Gap> {
        (self.end.0 > self.covered.0 + IDLE_MS).then_some(Gap {
            start: self.covered,
            end: self.end,
        })
    }

    /// Every compressed stretch, the idle tail included.
    pub fn gaps(&self) -> impl Iterator<Item = Gap> + '_ {
        self.gaps.iter().copied().chain(self.tail())
    }

    /// The y coordinate of time `t`.
    pub fn y(&self, t: Time) -> f64 {
        let mut y = TOP_PX;
        let mut cursor = 0u64;
        for gap in self.gaps() {
            if t.0 <= gap.start.0 {
                break;
            }
            y += (gap.start.0 - cursor) as f64 * PX_PER_MS;
            let span = (gap.end.0 - gap.start.0) as f64;
            let into = (t.0.min(gap.end.0) - gap.start.0) as f64;
            y += GAP_PX * into / span;
            cursor = gap.end.0;
            if t.0 <= gap.end.0 {
                return y;
            }
        }
        y + t.0.saturating_sub(cursor) as f64 * PX_PER_MS
    }

    /// The time at coordinate `y` (the inverse of [`TimeAxis::y`]).
    pub fn time_at(&self, y: f64) -> Time {
        // y is monotonic in t: bisect over milliseconds.
        let (mut lo, mut hi) = (0u64, self.end.0.max(1) * 2 + 10_000);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.y(Time(mid)) < y {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Time(lo)
    }

    /// The total height down to the end of the run, plus a margin.
    pub fn height(&self) -> f64 {
        self.y(self.end) + 48.0
    }
}

/// Where the playback clock is after `wall_ms` of real time at `speed`: the
/// picture scrolls a constant number of pixels per second, so virtual time
/// passes slowly where things happen and fast through compressed waits.
/// Past the last drawn moment (free mode's clock runs on) time moves at the
/// uncompressed rate.
pub fn advance(axis: &TimeAxis, now: Time, wall_ms: f64, speed: f64) -> Time {
    let px = wall_ms / 1000.0 * PX_PER_SECOND * speed;
    let next = axis.time_at(axis.y(now) + px);
    if next > now {
        next
    } else {
        Time(now.0 + (px / PX_PER_MS).max(1.0) as u64)
    }
}

/// Horizontal layout of the two lifelines in a timeline `width` pixels wide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Columns {
    pub width: f64,
    pub client: f64,
    pub server: f64,
}

impl Columns {
    /// Lifelines leave room outside them for state names and calls: more
    /// room, proportionally, on a narrow phone.
    pub fn new(width: f64) -> Columns {
        let width = width.max(280.0);
        let margin = if width < 480.0 {
            width * 0.28
        } else {
            (width * 0.22).min(190.0)
        };
        Columns {
            width,
            client: margin,
            server: width - margin,
        }
    }

    pub fn x(&self, side: Side) -> f64 {
        match side {
            Side::Client => self.client,
            Side::Server => self.server,
        }
    }

    /// Where a segment from nobody we know (a stray) enters: the left edge.
    pub fn offstage(&self) -> f64 {
        6.0
    }

    /// Room for a label between the lifelines.
    pub fn span(&self) -> f64 {
        self.server - self.client
    }
}

/// A point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// An arrow from where a segment was sent to where it arrives (or would have).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arrow {
    pub from: Point,
    pub to: Point,
}

impl Arrow {
    pub fn of(s: &SegmentRecord, axis: &TimeAxis, cols: &Columns) -> Arrow {
        let x_from = s.from.side().map_or(cols.offstage(), |side| cols.x(side));
        // Segments to an address nobody answers fly off the left edge.
        let x_to = s.to.map_or(cols.offstage(), |side| cols.x(side));
        Arrow {
            from: Point {
                x: x_from,
                y: axis.y(s.sent_at),
            },
            to: Point {
                x: x_to,
                y: axis.y(s.arrives_at),
            },
        }
    }

    /// The point `progress` (0..=1) of the way along.
    pub fn at(&self, progress: f64) -> Point {
        let p = progress.clamp(0.0, 1.0);
        Point {
            x: self.from.x + (self.to.x - self.from.x) * p,
            y: self.from.y + (self.to.y - self.from.y) * p,
        }
    }

    /// The arrow's angle in degrees (for the arrowhead).
    pub fn angle(&self) -> f64 {
        (self.to.y - self.from.y)
            .atan2(self.to.x - self.from.x)
            .to_degrees()
    }
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

/// The longest form of a segment label that fits between the lifelines.
pub fn label_form(full: &str, short: &str, cols: &Columns) -> LabelForm {
    let room = cols.span() - 16.0;
    if text_width(full) <= room {
        LabelForm::Full
    } else if text_width(short) <= room {
        LabelForm::Short
    } else {
        LabelForm::Flags
    }
}

/// Places labels at their arrows' midpoints, moving a label down when it
/// would overlap one placed before it. Input: (midpoint, width) per label;
/// output: the y of each label's baseline.
pub fn place_labels(labels: &[(Point, f64)]) -> Vec<f64> {
    const LINE: f64 = 13.0;
    let mut placed: Vec<(f64, f64, f64)> = Vec::new(); // (x_min, x_max, y)
    labels
        .iter()
        .map(|(mid, width)| {
            let (x_min, x_max) = (mid.x - width / 2.0, mid.x + width / 2.0);
            let mut y = mid.y - 4.0;
            // Move down past every overlapping label. Each move goes strictly
            // further down (the small tolerance keeps float rounding from
            // finding the same label again), and no label can be passed
            // twice, so this ends after at most `placed.len()` moves.
            for _ in 0..=placed.len() {
                let overlapping = placed
                    .iter()
                    .filter(|(a, b, py)| x_min < *b && *a < x_max && (y - py).abs() < LINE - 0.01)
                    .map(|(_, _, py)| *py)
                    .fold(None, |acc: Option<f64>, py| Some(acc.map_or(py, |m| m.max(py))));
                match overlapping {
                    Some(py) => y = y.max(py + LINE),
                    None => break,
                }
            }
            placed.push((x_min, x_max, y));
            y
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::library;

    fn run(name: &str) -> Simulation {
        let mut sim = Simulation::new(&library::builtin(name).unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(600_000));
        sim
    }

    #[test]
    fn labels_are_placed_even_when_a_step_rounds_back_to_the_same_y() {
        // 61.1 - 4.0 = 57.1, and 57.1 + 13.0 = 70.1, but 70.1 - 57.1 < 13.0.
        let at = |y: f64| (Point { x: 100.0, y }, 40.0);
        let ys = place_labels(&[at(61.1), at(61.1), at(61.1)]);
        assert_eq!(ys, vec![57.1, 70.1, 83.1]);
    }

    #[test]
    fn time_maps_linearly_where_things_happen() {
        let sim = run("handshake-and-close");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        assert_eq!(axis.y(Time(0)), TOP_PX);
        assert!((axis.y(Time(100)) - (TOP_PX + 100.0 * PX_PER_MS)).abs() < 1e-9);
        // A segment's flight (100 ms) is 120 px tall wherever it is.
        assert!((axis.y(Time(300)) - axis.y(Time(200)) - 120.0).abs() < 1e-9);
    }

    #[test]
    fn time_wait_idle_is_compressed_with_a_gap() {
        let sim = run("handshake-and-close");
        let end = sim.last_event_time();
        let axis = TimeAxis::for_run(&sim, end);
        // After the last ACK lands (770 ms) nothing happens until TIME-WAIT ends (2670 ms).
        assert_eq!(
            axis.gaps().collect::<Vec<_>>(),
            vec![Gap {
                start: Time(770),
                end: Time(2_670)
            }]
        );
        assert!((axis.y(end) - axis.y(Time(770)) - GAP_PX).abs() < 1e-9);
    }

    #[test]
    fn retransmission_timeout_wait_is_compressed_but_flights_are_not() {
        let sim = run("lost-syn");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        // The lost SYN vanishes at 50 ms; the retransmission leaves at 1000 ms.
        assert!(axis.gaps().any(|g| g
            == Gap {
                start: Time(50),
                end: Time(1_000)
            }));
        assert!((axis.y(Time(1_100)) - axis.y(Time(1_000)) - 120.0).abs() < 1e-9);
    }

    #[test]
    fn advancing_scrolls_at_a_constant_pixel_speed() {
        let classic = run("handshake-and-close");
        let axis = TimeAxis::for_run(&classic, classic.last_event_time());
        // 1 s of wall time at 1x: 110 px, i.e. 92 ms where things happen…
        assert_eq!(advance(&axis, Time(0), 1_000.0, 1.0), Time(92));
        let sim = run("lost-syn");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        // …but most of the compressed wait before the retransmission.
        let through_gap = advance(&axis, Time(50), 500.0, 1.0);
        assert!(through_gap > Time(900), "{through_gap:?}");
    }

    #[test]
    fn free_modes_growing_tail_is_drawn_compressed_and_costs_nothing_to_move() {
        let sim = run("handshake-and-close");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        let later = axis.with_end(Time(300_000));
        assert_eq!(
            later.gaps().count(),
            axis.gaps().count() + 1,
            "the idle tail is one gap"
        );
        assert!((later.height() - axis.height() - GAP_PX).abs() < 1e-9);
        // The clock keeps moving even inside the compressed tail.
        assert!(advance(&later, Time(200_000), 16.0, 1.0) > Time(200_000));
    }

    #[test]
    fn time_at_inverts_y() {
        let sim = run("lost-syn");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        for t in [0, 1, 49, 50, 400, 999, 1_000, 1_234, 3_000] {
            assert_eq!(axis.time_at(axis.y(Time(t))), Time(t), "t = {t}");
        }
    }

    #[test]
    fn arrows_run_from_sender_to_receiver_and_slant_down() {
        let sim = run("handshake-and-close");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        let cols = Columns::new(800.0);
        let syn = Arrow::of(&sim.segments()[0], &axis, &cols);
        let synack = Arrow::of(&sim.segments()[1], &axis, &cols);
        assert_eq!((syn.from.x, syn.to.x), (cols.client, cols.server));
        assert_eq!((synack.from.x, synack.to.x), (cols.server, cols.client));
        assert!(syn.to.y > syn.from.y, "time flows down");
        assert_eq!(syn.at(0.5).x, (cols.client + cols.server) / 2.0);
        assert!(syn.angle() > 0.0 && synack.angle() > 90.0);
    }

    #[test]
    fn strays_enter_from_the_left_edge() {
        let sim = run("syn-flood");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        let cols = Columns::new(400.0);
        let spoofed = Arrow::of(&sim.segments()[0], &axis, &cols);
        assert_eq!(spoofed.from.x, cols.offstage());
        let answer = sim.segments().iter().find(|s| s.to.is_none()).unwrap();
        assert_eq!(Arrow::of(answer, &axis, &cols).to.x, cols.offstage());
    }

    #[test]
    fn narrow_screens_get_shorter_labels() {
        let full = "PSH,ACK seq=1001 ack=8001 len=20";
        let short = "PSH,ACK 1001:1021";
        assert_eq!(label_form(full, short, &Columns::new(900.0)), LabelForm::Full);
        assert_eq!(label_form(full, short, &Columns::new(320.0)), LabelForm::Short);
        assert_eq!(
            label_form(&full.repeat(3), &short.repeat(3), &Columns::new(320.0)),
            LabelForm::Flags
        );
    }

    #[test]
    fn labels_at_awkward_float_positions_still_get_placed() {
        // 0.1 + 0.2 + 13 - (0.1 + 0.2) is a hair under 13: this used to loop forever.
        let p = |y| (Point { x: 100.0, y }, 80.0);
        let ys = place_labels(&[p(0.1 + 0.2 + 4.0), p(0.3 + 4.0), p(0.3 + 4.0), p(5.0), p(9.0)]);
        for pair in ys.windows(2) {
            assert!(pair[1] >= pair[0] + 12.98, "{ys:?}");
        }
    }

    #[test]
    fn many_labels_at_one_spot_stack_in_order() {
        let labels: Vec<(Point, f64)> = (0..50).map(|_| (Point { x: 10.0, y: 437.2 }, 60.0)).collect();
        let ys = place_labels(&labels);
        assert_eq!(ys.len(), 50);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.98), "{ys:?}");
    }

    #[test]
    fn overlapping_labels_are_pushed_apart() {
        let p = |x, y| (Point { x, y }, 100.0);
        let ys = place_labels(&[p(200.0, 100.0), p(210.0, 104.0), p(600.0, 104.0)]);
        assert_eq!(ys[0], 96.0);
        assert!(
            ys[1] >= ys[0] + 13.0,
            "second label moved below the first: {ys:?}"
        );
        assert_eq!(ys[2], 100.0, "a label elsewhere stays put");
    }
}
