//! Pure geometry of the timeline, testable natively: virtual time → vertical
//! position (with long idle waits compressed), lifeline positions, arrow
//! geometry, and label placement that keeps labels from overlapping.
//!
//! Also the playback clock's pixel maths: at 1× the picture scrolls at a
//! constant speed, so a compressed wait passes quickly ([`advance`]).
//!
//! Not responsible for drawing (components do that) or for any TCP rule.

use std::rc::Rc;

use tcp_model::{SegmentRecord, Simulation, Time};

mod columns;
mod heads;
mod labels;
pub use columns::Columns;
pub use heads::fit_endpoint;
pub use labels::{
    now_label_baseline, outer_text_width, place_labels, text_width, FlatLine, LabelForm, LabelPlacer, Point,
};

/// Pixels per millisecond of virtual time where things happen.
pub const PX_PER_MS: f64 = 1.2;
/// Idle stretches (nothing on the wire) longer than this are compressed…
pub const IDLE_MS: u64 = 300;
/// …to a height that grows with the log of their length, from this (so a
/// backoff of 1 s, 2 s, 4 s, 8 s shows four growing gaps, each short).
pub const GAP_PX: f64 = 40.0;
/// Extra height per doubling of a gap's length beyond [`IDLE_MS`].
pub const GAP_PX_PER_DOUBLING: f64 = 14.0;
/// Space above time 0.
pub const TOP_PX: f64 = 56.0;
/// A drawing taller than this (a run busy for minutes) is drawn at a smaller
/// scale instead, and the widget says so: a hostile share link must not
/// make a picture hundreds of thousands of pixels tall.
pub const MAX_HEIGHT_PX: f64 = 24_000.0;
/// At 1× speed the timeline scrolls this many pixels per second, so a 100 ms
/// flight (120 px) takes about a second and a compressed wait passes quickly.
pub const PX_PER_SECOND: f64 = 110.0;

/// A stretch of the time axis drawn at a reduced scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gap {
    pub start: Time,
    pub end: Time,
}

impl Gap {
    /// How tall the gap is drawn in a simulated run: longer waits are a
    /// little taller.
    pub fn height(self) -> f64 {
        self.height_at(1)
    }

    /// How tall the gap is drawn where `per_ms` units of time make one
    /// drawn millisecond (see [`TimeAxis::per_ms`]).
    fn height_at(self, per_ms: u64) -> f64 {
        let doublings = ((self.end.0 - self.start.0) as f64 / (IDLE_MS * per_ms) as f64)
            .log2()
            .max(0.0);
        GAP_PX + GAP_PX_PER_DOUBLING * doublings
    }
}

/// Maps virtual time to a y coordinate: linear, except for compressed gaps.
///
/// The gaps between a run's activities are computed once per run and
/// shared, with the y coordinate where each starts (so `y` is a binary
/// search, not a walk over every gap); the idle tail after the last
/// activity (which grows while free mode's clock runs) is computed from
/// `end` on the fly, so moving the end costs nothing ([`TimeAxis::with_end`]).
#[derive(Clone, Debug, PartialEq)]
pub struct TimeAxis {
    gaps: Rc<[Gap]>,
    /// The y coordinate where each gap starts.
    gap_y: Rc<[f64]>,
    /// When the last activity ends.
    covered: Time,
    /// Pixels per unit of the run's time where things happen
    /// ([`PX_PER_MS`] per drawn millisecond, or less for a run too long to
    /// draw at full scale).
    pub px_per_ms: f64,
    /// Units of the run's time drawn as one millisecond: 1 for a simulated
    /// run; for a recorded capture, which counts microseconds, enough that
    /// its typical step between segments is drawn like a simulated one's.
    pub per_ms: u64,
    /// The end of the drawing.
    pub end: Time,
}

impl TimeAxis {
    /// The axis of a run: idle stretches between activity are compressed.
    /// Activity is any event, and in a simulated run any moment a segment is
    /// on the wire. A recorded capture is drawn at the scale of its closest
    /// segments (microseconds apart at a host), so a segment its receiver
    /// got a path's delay later would keep thousands of pixels of nothing
    /// busy: its flight crosses the compressed stretches instead, drawn
    /// straight from where it left to where it arrived.
    pub fn for_run(run: &Simulation, end: Time) -> TimeAxis {
        let per_ms = drawn_ms(run);
        let idle_ms = IDLE_MS * per_ms;
        let recorded = run.time_unit() != tcp_model::sim::TimeUnit::Millis;
        let mut busy: Vec<(u64, u64)> = run
            .segments()
            .iter()
            .flat_map(|s| {
                let (sent, ends) = (s.sent_at.0, s.ends_at().0);
                [(sent, if recorded { sent } else { ends }), (ends, ends)]
            })
            .chain(run.event_times().into_iter().map(|t| (t.0, t.0)))
            .collect();
        tcp_model::util::sort::sort(&mut busy);
        let mut gaps = Vec::new();
        let mut covered_until = 0u64;
        for (start, stop) in busy {
            if start > covered_until + idle_ms {
                gaps.push(Gap {
                    start: Time(covered_until),
                    end: Time(start),
                });
            }
            covered_until = covered_until.max(stop);
        }
        // Scale the active stretches down if the drawing would be absurdly tall.
        let idle: u64 = gaps.iter().map(|g| g.end.0 - g.start.0).sum();
        let active = covered_until.saturating_sub(idle) as f64;
        let gap_px: f64 = gaps.iter().map(|g| g.height_at(per_ms)).sum();
        let room = (MAX_HEIGHT_PX - gap_px - TOP_PX).max(MAX_HEIGHT_PX / 2.0);
        let full = PX_PER_MS / per_ms as f64;
        let px_per_ms = if active * full > room { room / active } else { full };
        let mut gap_y = Vec::with_capacity(gaps.len());
        let (mut y, mut cursor) = (TOP_PX, 0u64);
        for g in &gaps {
            y += (g.start.0 - cursor) as f64 * px_per_ms;
            gap_y.push(y);
            y += g.height_at(per_ms);
            cursor = g.end.0;
        }
        TimeAxis {
            gaps: gaps.into(),
            gap_y: gap_y.into(),
            covered: Time(covered_until),
            px_per_ms,
            per_ms,
            end,
        }
    }

    /// The same axis drawn up to another end (O(1): the gaps are shared).
    pub fn with_end(&self, end: Time) -> TimeAxis {
        TimeAxis { end, ..self.clone() }
    }

    /// Whether the run is drawn at a reduced scale (too long for full scale).
    pub fn scaled_down(&self) -> bool {
        self.px_per_ms < PX_PER_MS / self.per_ms as f64
    }

    /// The compressed stretches between activities (fixed for a run).
    pub fn interior_gaps(&self) -> impl Iterator<Item = Gap> + '_ {
        self.gaps.iter().copied()
    }

    /// The idle tail after the last activity, if it is long enough to compress.
    pub fn tail(&self) -> Option<Gap> {
        (self.end.0 > self.covered.0 + IDLE_MS * self.per_ms).then_some(Gap {
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
        // The last interior gap starting before `t`, found by bisection.
        let i = self.gaps.partition_point(|g| g.start.0 < t.0);
        let (mut y, cursor) = match i.checked_sub(1) {
            None => (TOP_PX, 0),
            Some(i) => {
                let g = self.gaps[i];
                let y0 = self.gap_y[i];
                if t.0 <= g.end.0 {
                    let into = (t.0 - g.start.0) as f64 / (g.end.0 - g.start.0) as f64;
                    return y0 + g.height_at(self.per_ms) * into;
                }
                (y0 + g.height_at(self.per_ms), g.end.0)
            }
        };
        if let Some(tail) = self.tail() {
            if t.0 > tail.start.0 {
                y += (tail.start.0 - cursor) as f64 * self.px_per_ms;
                let into = (t.0.min(tail.end.0) - tail.start.0) as f64 / (tail.end.0 - tail.start.0) as f64;
                y += tail.height_at(self.per_ms) * into;
                return y + t.0.saturating_sub(tail.end.0) as f64 * self.px_per_ms;
            }
        }
        y + t.0.saturating_sub(cursor) as f64 * self.px_per_ms
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

/// How many units of `run`'s time are drawn as one millisecond (see
/// [`TimeAxis::per_ms`]): for a recorded capture, the median step between
/// its distinct event times spread over 25 drawn milliseconds (30 px), so a
/// loopback capture's microseconds and a long-distance one's milliseconds
/// both read like a lesson.
fn drawn_ms(run: &Simulation) -> u64 {
    if run.time_unit() == tcp_model::sim::TimeUnit::Millis {
        return 1;
    }
    let times = run.event_times();
    let mut steps: Vec<u64> = times.windows(2).map(|w| w[1].0 - w[0].0).collect();
    tcp_model::util::sort::sort(&mut steps);
    let median = steps.get(steps.len() / 2).copied().unwrap_or(0);
    (median / 25).max(1)
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
        Time(now.0 + (px / axis.px_per_ms).max(1.0) as u64)
    }
}

/// How far under a segment's label its resend tag (↻ #0 · RTO 2 s) sits:
/// drawn there, and kept clear there by `place_labels`.
pub const TAG_BELOW: f64 = 12.0;

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

    /// How far along the arrow a segment in flight is drawn when the model
    /// says it is `progress` (0..=1) of its way in time and the now-line is
    /// at `y_now`: where the now-line crosses the arrow. The two agree where
    /// the axis is linear; a capture's flight may cross a compressed gap,
    /// and the packet stays on the now-line. A flat arrow keeps `progress`.
    pub fn drawn_progress(&self, progress: f64, y_now: f64) -> f64 {
        let height = self.to.y - self.from.y;
        if height < 1.0 {
            return progress;
        }
        ((y_now - self.from.y) / height).clamp(0.0, 1.0)
    }

    /// The point `progress` (0..=1) of the way along.
    pub fn at(&self, progress: f64) -> Point {
        let p = progress.clamp(0.0, 1.0);
        Point {
            x: self.from.x + (self.to.x - self.from.x) * p,
            y: self.from.y + (self.to.y - self.from.y) * p,
        }
    }

    /// +1 when the arrow runs to the right, −1 when to the left.
    pub fn toward(&self) -> f64 {
        if self.to.x >= self.from.x {
            1.0
        } else {
            -1.0
        }
    }

    /// Where a badge (握手①) begins: beside where the arrow leaves its
    /// sender, 8 px toward the receiver (its text runs on that way).
    pub fn badge_x(&self) -> f64 {
        self.from.x + self.toward() * 8.0
    }

    /// Where a badge `width` wide is centred, as `place_labels` reads a
    /// centre: from `badge_x`, its baseline 5 px above the arrow's start.
    pub fn badge_centre(&self, width: f64) -> Point {
        Point {
            x: self.badge_x() + self.toward() * width / 2.0,
            y: self.from.y - 1.0,
        }
    }

    /// The arrow's angle in degrees (for the arrowhead).
    pub fn angle(&self) -> f64 {
        (self.to.y - self.from.y)
            .atan2(self.to.x - self.from.x)
            .to_degrees()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tcp_model::library;
    use tcp_model::Side;

    /// Kernel captures taken at an end host, where the observer has the far
    /// host get segments a path's delay after they left (its own next
    /// segments show they had not arrived): drawn at the scale of segments
    /// microseconds apart, such a flight kept the whole stretch busy, and
    /// the ladder was scaled down to 24,000 pixels of mostly nothing.
    #[test]
    fn a_capture_whose_segments_arrive_a_path_later_keeps_its_gaps() {
        for bytes in [
            &include_bytes!(
                "../../model/tests/fixtures/kernel_captures/c_fin_resent_crosses_fin_v6_at_server.pcap"
            )[..],
            &include_bytes!("../../model/tests/fixtures/kernel_captures/u_ack_crosses_probe_at_client.pcap")
                [..],
        ] {
            let capture = tcp_model::capture::read(bytes).unwrap();
            let run = tcp_model::observe::run(&capture, &tcp_model::capture::streams(&capture)[0]);
            let sim = tcp_model::observe::replay(&run);
            let longest = sim
                .segments()
                .iter()
                .map(|s| s.ends_at().0 - s.sent_at.0)
                .max()
                .unwrap();
            assert!(longest >= 9_000, "the premise: a flight of {longest} µs");
            let end = sim.last_event_time();
            let axis = TimeAxis::for_run(&sim, end);
            assert!(!axis.scaled_down() && axis.y(end) < 8_000.0, "{} px", axis.y(end));
            // Its packet in flight is drawn on the now-line, across the gap.
            let s = sim
                .segments()
                .iter()
                .max_by_key(|s| s.ends_at().0 - s.sent_at.0)
                .unwrap();
            let arrow = Arrow::of(s, &axis, &Columns::new(600.0));
            let now = Time((s.sent_at.0 + s.ends_at().0) / 2);
            let y_now = axis.y(now);
            let drawn = arrow.at(arrow.drawn_progress(0.5, y_now));
            assert!((drawn.y - y_now).abs() < 0.01, "{} against {y_now}", drawn.y);
        }
    }

    #[test]
    fn a_lessons_packet_in_flight_is_drawn_where_its_time_says() {
        let sim = run("handshake-and-close");
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        let syn = &sim.segments()[0];
        let arrow = Arrow::of(syn, &axis, &Columns::new(600.0));
        for progress in [0.0, 0.25, 0.5, 1.0] {
            let t = syn.sent_at.0 as f64 + progress * (syn.ends_at().0 - syn.sent_at.0) as f64;
            let drawn = arrow.drawn_progress(progress, axis.y(Time(t as u64)));
            assert!((drawn - progress).abs() < 1e-9, "{drawn} for {progress}");
        }
    }

    #[test]
    fn the_heads_of_a_phone_ladder_do_not_meet() {
        const LONG: &str = "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:42121";
        for width in [280.0, 358.0, 390.0, 600.0, 1200.0] {
            let cols = Columns::new(width);
            let (c, s) = (cols.head_room(Side::Client), cols.head_room(Side::Server));
            let fitted =
                |side| fit_endpoint(LONG, cols.head_room(side)).chars().count() as f64 * heads::MONO_CHAR;
            assert!(cols.client + fitted(Side::Client) / 2.0 <= cols.server - fitted(Side::Server) / 2.0);
            assert!(cols.client - c / 2.0 >= 0.0 && cols.server + s / 2.0 <= width);
        }
    }

    fn run(name: &str) -> Simulation {
        let mut sim = Simulation::new(&library::builtin(name).unwrap().scenario()).unwrap();
        sim.run_until_finished(Time(600_000));
        sim
    }

    #[test]
    fn the_time_of_now_moves_below_the_line_only_off_a_label_beside_the_server() {
        // Written from x = 310 on; the now-line at y = 1040.
        let state_just_above = (1028.0, 335.0);
        assert_eq!(now_label_baseline(1040.0, 310.0, &[]), 1036.0);
        assert_eq!(now_label_baseline(1040.0, 310.0, &[state_just_above]), 1052.0);
        // A label that ends before the time begins is no clash.
        assert_eq!(now_label_baseline(1040.0, 340.0, &[state_just_above]), 1036.0);
        // Nor one well above.
        assert_eq!(now_label_baseline(1040.0, 310.0, &[(1000.0, 335.0)]), 1036.0);
        // A timer's name just below too: under it.
        let timer_below = (1054.0, 330.0);
        assert_eq!(
            now_label_baseline(1040.0, 310.0, &[state_just_above, timer_below]),
            1067.0
        );
        // A state that began 9 px above now reaches across the line: under it.
        assert_eq!(now_label_baseline(989.4, 256.0, &[(992.0, 283.0)]), 1005.0);
    }

    #[test]
    fn a_thousand_labels_at_one_spot_are_stacked_quickly() {
        let at = (Point { x: 100.0, y: 50.0 }, 40.0, 0.0);
        let ys = place_labels(&vec![at; 1_000]);
        assert!(ys.windows(2).all(|w| (w[1] - w[0] - 13.0).abs() < 1e-6));
    }

    #[test]
    fn labels_are_placed_even_when_a_step_rounds_back_to_the_same_y() {
        // 61.1 - 4.0 = 57.1, and 57.1 + 13.0 = 70.1, but 70.1 - 57.1 < 13.0.
        let at = |y: f64| (Point { x: 100.0, y }, 40.0, 0.0);
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
        let gap = Gap {
            start: Time(770),
            end: Time(2_670),
        };
        assert!((axis.y(end) - axis.y(Time(770)) - gap.height()).abs() < 1e-9);
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
        // …but the whole compressed wait before the retransmission (63 px).
        let through_gap = advance(&axis, Time(50), 600.0, 1.0);
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
        let tail = later.tail().expect("a tail");
        assert!((later.height() - axis.height() - tail.height()).abs() < 1e-9);
        // The clock keeps moving even inside the compressed tail.
        assert!(advance(&later, Time(200_000), 16.0, 1.0) > Time(200_000));
    }

    #[test]
    fn longer_waits_are_drawn_taller_so_backoff_shows() {
        let gap = |ms| Gap {
            start: Time(0),
            end: Time(ms),
        };
        let heights: Vec<f64> = [1_000, 2_000, 4_000, 8_000].map(|ms| gap(ms).height()).into();
        assert!(heights.windows(2).all(|w| w[1] - w[0] > 10.0), "{heights:?}");
        assert!(
            gap(64_000).height() < 160.0,
            "still short: {}",
            gap(64_000).height()
        );
    }

    #[test]
    fn a_run_busy_for_minutes_is_scaled_down_to_a_bounded_height() {
        // A spoofed SYN every 250 ms for 250 s keeps the wire busy: at full
        // scale the drawing would be 300,000 px tall.
        let text =
            "client isn=1 | connect, close\nserver isn=2 backlog=1024 | listen, accept, recv eof, close\n\
                    inject 0 spoofed server SYN seq=5 count=1000 every=250";
        let sim = {
            let mut sim = Simulation::new(&tcp_model::Scenario::from_text(text).unwrap()).unwrap();
            sim.run_until_finished(Time(3_600_000));
            sim
        };
        let axis = TimeAxis::for_run(&sim, sim.last_event_time());
        assert!(axis.scaled_down());
        assert!(axis.height() <= MAX_HEIGHT_PX * 1.1, "{}", axis.height());
        let ordinary = run("handshake-and-close");
        assert!(!TimeAxis::for_run(&ordinary, ordinary.last_event_time()).scaled_down());
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
        let p = |y| (Point { x: 100.0, y }, 80.0, 0.0);
        let ys = place_labels(&[p(0.1 + 0.2 + 4.0), p(0.3 + 4.0), p(0.3 + 4.0), p(5.0), p(9.0)]);
        for pair in ys.windows(2) {
            assert!(pair[1] >= pair[0] + 12.98, "{ys:?}");
        }
    }

    #[test]
    fn many_labels_at_one_spot_stack_in_order() {
        let labels: Vec<(Point, f64, f64)> = (0..50)
            .map(|_| (Point { x: 10.0, y: 437.2 }, 60.0, 0.0))
            .collect();
        let ys = place_labels(&labels);
        assert_eq!(ys.len(), 50);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= 12.98), "{ys:?}");
    }

    #[test]
    fn overlapping_labels_are_pushed_apart() {
        let p = |x, y| (Point { x, y }, 100.0, 0.0);
        let ys = place_labels(&[p(200.0, 100.0), p(210.0, 104.0), p(600.0, 104.0)]);
        assert_eq!(ys[0], 96.0);
        assert!(
            ys[1] >= ys[0] + 13.0,
            "second label moved below the first: {ys:?}"
        );
        assert_eq!(ys[2], 100.0, "a label elsewhere stays put");
    }

    #[test]
    fn a_label_with_a_line_under_it_keeps_both_lines_clear() {
        let p = |y, extra| (Point { x: 200.0, y }, 100.0, extra);
        // A resend's label and its tag 12 px under it: the next label at the
        // same spot goes below the tag, not onto it.
        let ys = place_labels(&[p(104.0, 12.0), p(104.0, 0.0), p(104.0, 0.0)]);
        assert_eq!(ys, vec![100.0, 125.0, 138.0]);
        // Placed first, a plain label pushes a tagged one below it, and
        // the tagged one's tag keeps the next label a line further down.
        let ys = place_labels(&[p(104.0, 0.0), p(104.0, 12.0), p(110.0, 0.0)]);
        assert_eq!(ys, vec![100.0, 113.0, 138.0]);
    }

    #[test]
    fn a_flat_arrows_label_moved_down_clears_its_own_line() {
        // A capture at the server: the client's data arrives and the server's
        // ACK leaves 0.3 ms later, two flat arrows 2 px apart. The ACK's
        // label, pushed below the data's, used to sit on the ACK's line
        // (baseline 109: text from 99 to 112 across the line at 106).
        let item = |y| (Point { x: 200.0, y }, 180.0, 0.0);
        let mut placer = LabelPlacer::default();
        let data = placer.place_off_line(item(104.0), Some(104.0));
        let ack = placer.place_off_line(item(106.0), Some(106.0));
        assert_eq!(data, 100.0, "the first stays just above its line");
        assert!(
            ack - 10.0 > 106.0 + 1.0,
            "the second's text starts below its line: {ack}"
        );
        assert!(ack >= data + 13.0, "and below the first label: {ack}");
        // A slanted arrow's label (no line given) moves down as before.
        let mut placer = LabelPlacer::default();
        placer.place(item(104.0));
        assert_eq!(placer.place(item(106.0)), 113.0);
        // A label left above its line is not moved.
        let mut placer = LabelPlacer::default();
        assert_eq!(placer.place_off_line(item(300.0), Some(300.0)), 296.0);
    }

    #[test]
    fn labels_keep_off_the_other_flat_arrows_lines() {
        // A capture at the client: the SYN,ACK arrives, the ACK and the first
        // data leave within a millisecond, three flat arrows 2 and 3 px apart.
        let lines: Vec<FlatLine> = [104.0, 106.0, 109.0].map(|y| (y, 100.0, 300.0)).to_vec();
        let item = |y| (Point { x: 200.0, y }, 150.0, 0.0);
        let mut placer = LabelPlacer::with_lines(lines.clone().into());
        let ys: Vec<f64> = [104.0, 106.0, 109.0]
            .map(|y| placer.place_off_line(item(y), Some(y)))
            .to_vec();
        for (i, y) in ys.iter().enumerate() {
            for l in &lines {
                assert!(
                    l.0 <= y - 11.0 || l.0 >= y + 4.0,
                    "label {i} at {y} is crossed by the line at {}: {ys:?}",
                    l.0
                );
            }
        }
        assert_eq!(ys[0], 100.0, "the first stays just above its line");
        assert!(ys[1] >= ys[0] + 13.0 && ys[2] >= ys[1] + 13.0, "{ys:?}");
        // Without the lines, the second label sat across the third line.
        let mut blind = LabelPlacer::default();
        let old: Vec<f64> = [104.0, 106.0, 109.0]
            .map(|y| blind.place_off_line(item(y), Some(y)))
            .to_vec();
        assert!(old[1] - 10.0 < 109.0 && 109.0 < old[1] + 3.0, "{old:?}");
        // A line elsewhere sideways does not move a label.
        let mut placer = LabelPlacer::with_lines(vec![(100.0, 400.0, 600.0)].into());
        assert_eq!(placer.place_off_line(item(106.0), None), 102.0);
    }

    #[test]
    fn a_dense_stack_of_flat_lines_moves_a_label_past_three_lines_at_most() {
        // Forty flat arrows 2 px apart (100 to 178): a label more than three
        // moves from a gap it fits in goes where the labels alone put it, not
        // down past the whole stack; one within three moves clears it.
        let ys: Vec<f64> = (0..40).map(|i| 100.0 + 2.0 * f64::from(i)).collect();
        let lines: Vec<FlatLine> = ys.iter().map(|&y| (y, 100.0, 300.0)).collect();
        let item = |y| (Point { x: 200.0, y }, 150.0, 0.0);
        let mut placer = LabelPlacer::with_lines(lines.into());
        let mut blind = LabelPlacer::default();
        let placed: Vec<(f64, f64)> = ys[..5]
            .iter()
            .map(|&y| {
                let seen = placer.place_off_line(item(y), Some(y));
                (seen, blind.place_off_line(item(y), Some(y)))
            })
            .collect();
        for (i, (seen, alone)) in placed[..4].iter().enumerate() {
            assert_eq!(seen, alone, "label {i}: {placed:?}");
        }
        assert!(
            placed[4].0 - 10.0 > 178.0 + 1.0,
            "label 4 below the stack: {placed:?}"
        );
    }

    #[test]
    fn segment_labels_stay_between_the_lifelines() {
        let cols = Columns::new(390.0); // a phone: lifelines at 109 and 281
                                        // The midpoint of a spoofed SYN from the left edge lies left of the
                                        // client: its label moves right, clear of the client's state names.
        let x = cols.label_centre(60.0, 100.0);
        assert!((x - 50.0 - (cols.client + 8.0)).abs() < 1e-9, "{x}");
        // A label near the middle stays where it is.
        assert_eq!(cols.label_centre(195.0, 100.0), 195.0);
        // Wider than the corridor: centred between the lifelines.
        assert_eq!(cols.label_centre(60.0, 400.0), (cols.client + cols.server) / 2.0);
    }
}
