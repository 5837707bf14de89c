//! Where each sent segment is drawn: its arrow, and its label, tag and
//! badge placed so that none covers another, a loss mark or a compressed
//! stretch's label. Computed once per instant with the backdrop.

use std::rc::Rc;

use tcp_model::view::{Moment, SegmentStatus};
use tcp_model::{SegmentId, SegmentRecord, Side, Simulation};
use yew::AttrValue;

use super::gaps::gap_label;
use super::marks::Marks;
use crate::labels::{flags_label, full_label, short_label};
use crate::layout::{
    label_form, text_width, Arrow, Columns, FlatLine, LabelForm, LabelPlacer, Point, TimeAxis, TAG_BELOW,
};
use crate::narration::side_name;
use crate::store::Shared;
use crate::text::Lang;
use crate::units::ms_text;

/// Where one sent segment is drawn, and what it is called.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentGeometry {
    /// Which segment.
    pub id: SegmentId,
    /// From send to arrival (or where it would have arrived).
    pub arrow: Arrow,
    /// The label on the arrow, as long as fits.
    pub label: AttrValue,
    /// Where the label's baseline goes (moved down past other labels).
    pub label_y: f64,
    /// Where the label is centred: the middle of the arrow, kept between the lifelines.
    pub mid: Point,
    /// Its full name for screen readers (without its current fate).
    pub name: AttrValue,
    /// For a retransmission: of which segment, and why ("↻ #0 · RTO 2 s").
    pub tag: Option<AttrValue>,
    /// The seeds' numbering of the handshake and the close ("握手②",
    /// "挥手③"), for the segments the story counts, and its baseline.
    pub badge: Option<(AttrValue, f64)>,
}

/// What [`LabelPlacer`] places: a midpoint, a width, and how far a second
/// line reaches below the baseline.
type Item = (Point, f64, f64);

/// The segments placed at the last instant drawn. A capture's ladder
/// passes an instant nearly every frame while it plays, and placing every
/// label again each time cost more the longer it played; the next instant
/// usually only sends more segments, so only theirs are placed. Placing
/// depends on order (a label moves down past those placed before it), so
/// what was kept is reused only while all that came before the new labels
/// is unchanged: the same run, axis, width and language, the same
/// obstacles (stretches' labels, badges, loss marks) and the same segments
/// first. Anything else (a seek back, a new loss mark) places all again.
#[derive(Default)]
pub(super) struct Placed {
    /// What the placing was for: the run, its axis, the width, the language.
    context: Option<(Shared<Simulation>, TimeAxis, Columns, Lang)>,
    /// Every flat arrow's line in the run, sent or not: the labels keep
    /// off them ([`LabelPlacer::with_lines`]).
    lines: Rc<[FlatLine]>,
    /// The obstacles, placed first, and where each went.
    obstacles: Vec<Item>,
    obstacle_ys: Vec<f64>,
    /// The obstacles and every label so far.
    placer: LabelPlacer,
    /// The first segments sent, placed.
    geometry: Rc<Vec<SegmentGeometry>>,
}

impl Placed {
    /// Every segment sent by `moment`, placed: the same as placing all of
    /// them from nothing, in the same list while nothing was added.
    pub(super) fn update(
        &mut self,
        run: &Shared<Simulation>,
        moment: Moment,
        axis: &TimeAxis,
        cols: &Columns,
        lang: Lang,
        marks: &[Marks],
    ) -> Rc<Vec<SegmentGeometry>> {
        let context = (run.clone(), axis.clone(), *cols, lang);
        if self.context.as_ref() != Some(&context) {
            let lines = flat_lines(run, axis, cols);
            *self = Placed {
                context: Some(context),
                placer: LabelPlacer::with_lines(lines.clone()),
                lines,
                ..Placed::default()
            };
        }
        let sent: Vec<_> = run
            .segments()
            .iter()
            .filter(|s| s.status_at(moment) != SegmentStatus::Unsent)
            .collect();
        let (obstacles, badge_slots) = obstacles(run, &sent, moment, axis, cols, lang, marks);
        let kept = self.geometry.len();
        let same_before = kept <= sent.len()
            && self.geometry.iter().zip(&sent).all(|(g, s)| g.id == s.id)
            && obstacles == self.obstacles;
        if !same_before {
            let mut placer = LabelPlacer::with_lines(self.lines.clone());
            self.obstacle_ys = obstacles.iter().map(|&o| placer.place(o)).collect();
            (self.obstacles, self.placer, self.geometry) = (obstacles, placer, Rc::default());
        }
        let from = self.geometry.len();
        if from == sent.len() {
            return self.geometry.clone();
        }
        let mut geometry = Vec::with_capacity(sent.len());
        geometry.extend(self.geometry.iter().cloned());
        for (s, slot) in sent[from..].iter().zip(&badge_slots[from..]) {
            let arrow = Arrow::of(s, axis, cols);
            let (full, short) = (full_label(s), short_label(s));
            let label = match label_form(&full, &short, cols) {
                LabelForm::Full => full,
                LabelForm::Short => short,
                LabelForm::Flags => flags_label(s),
            };
            let width = text_width(&label);
            let marks = marks.get(s.id.0 as usize);
            // A resend's tag is a second line under its label, as wide as it needs.
            let tag = marks.and_then(|m| m.tag.as_deref()).map_or(0.0, text_width);
            let mid = anchor(s, &arrow, width, cols);
            let extra = if tag > 0.0 { TAG_BELOW } else { 0.0 };
            // A flat arrow's label must not be moved onto its own line.
            let flat = (arrow.to.y - arrow.from.y).abs() < 0.5;
            let label_y = self
                .placer
                .place_off_line((mid, width.max(tag), extra), flat.then_some(mid.y));
            geometry.push(SegmentGeometry {
                id: s.id,
                arrow,
                name: AttrValue::from(name(run, s, &label, marks, lang)),
                label: AttrValue::from(label),
                label_y,
                mid,
                tag: marks.and_then(|m| m.tag.clone()),
                badge: marks.and_then(|m| Some((m.badge.clone()?, self.obstacle_ys[(*slot)?]))),
            });
        }
        self.geometry = Rc::new(geometry);
        self.geometry.clone()
    }
}

/// Every flat arrow's line in the run (see [`Placed::lines`]), sorted by
/// y: segments are listed as sent, and a flat line's y is its send time's.
/// Where a file's clock steps back (the list is then not sorted), none: the
/// labels go where they went before lines were known (sorting would cost
/// 1.6 KB of WebAssembly, gzip, for that rare file).
fn flat_lines(run: &Simulation, axis: &TimeAxis, cols: &Columns) -> Rc<[FlatLine]> {
    let lines: Vec<FlatLine> = run
        .segments()
        .iter()
        .map(|s| Arrow::of(s, axis, cols))
        .filter(|a| (a.to.y - a.from.y).abs() < 0.5)
        .map(|a| (a.from.y, a.from.x.min(a.to.x), a.from.x.max(a.to.x)))
        .collect();
    if lines.windows(2).all(|w| w[0].0 <= w[1].0) {
        lines.into()
    } else {
        Rc::default()
    }
}

/// What the labels keep off, in the order placed, and which of them is
/// each sent segment's badge.
fn obstacles(
    run: &Simulation,
    sent: &[&SegmentRecord],
    moment: Moment,
    axis: &TimeAxis,
    cols: &Columns,
    lang: Lang,
    marks: &[Marks],
) -> (Vec<Item>, Vec<Option<usize>>) {
    // The compressed stretches' labels first, fixed where they are drawn: in
    // a recorded capture an arrow may cross a stretch, and its label, at the
    // arrow's middle, sat on the stretch's own (a host's capture of a far
    // side's flight, zh on a phone).
    let mut items: Vec<Item> = Vec::with_capacity(8);
    for gap in axis.interior_gaps() {
        let (label, at) = gap_label(gap, axis, cols, lang.texts().ui.time_skipped, run.time_unit());
        items.push((
            Point {
                x: at.x,
                y: at.y + 4.0,
            },
            text_width(&label),
            0.0,
        ));
    }
    // Badges next, where their arrows leave: the labels keep off them (on
    // a phone a spoofed SYN's label covered the client's 握手①).
    let badge_slots: Vec<Option<usize>> = sent
        .iter()
        .map(|s| {
            let w = text_width(marks.get(s.id.0 as usize)?.badge.as_deref()?);
            items.push((Arrow::of(s, axis, cols).badge_centre(w), w, 0.0));
            Some(items.len() - 1)
        })
        .collect();
    // Then each loss mark, where its arrow vanished: the ✗ (26 px, drawn
    // over everything else) covered the label of an arrow passing there.
    for s in sent {
        if let SegmentStatus::Dropped { progress, .. } = s.status_at(moment) {
            let end = Arrow::of(s, axis, cols).at(progress);
            items.push((
                Point {
                    x: end.x,
                    y: end.y + 6.0,
                },
                18.0,
                11.0,
            ));
        }
    }
    (items, badge_slots)
}

/// Where a label sits: at the middle of its arrow, except on a lost
/// segment: it vanishes halfway, where its ✗ is, so its label moves up the
/// arrow; and always between the lifelines (`Columns::label_centre`).
fn anchor(s: &SegmentRecord, a: &Arrow, width: f64, cols: &Columns) -> Point {
    let at = a.at(if s.dropped() { 0.25 } else { 0.5 });
    Point {
        x: cols.label_centre(at.x, width),
        y: at.y,
    }
}

/// A segment's name says who sends it to whom and when, then what it is.
/// It starts with the label the learner sees (so speech and sight agree).
/// The marks drawn beside it (its place in the story, why it was resent)
/// follow the label, as a sighted learner reads them.
fn name(run: &Simulation, s: &SegmentRecord, visible: &str, marks: Option<&Marks>, lang: Lang) -> String {
    let who = |side: Option<Side>| side.map_or("?", |side| side_name(lang, side));
    let rest = if full_label(s) == visible {
        String::new()
    } else {
        format!(" ({})", s.header.label())
    };
    let beside = marks
        .into_iter()
        .flat_map(|m| [&m.badge, &m.tag])
        .flatten()
        .fold(String::new(), |all, m| all + ", " + m);
    format!(
        "{visible}{rest}{beside}: {} → {}, {} ms",
        who(s.from.side()),
        who(s.to),
        ms_text(s.sent_at.0, run.time_unit())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::timeline::marks::marks as marks_of;
    use tcp_model::library::BUILTINS;
    use tcp_model::Time;

    /// A line of text as the layout reckons it: (left, right, baseline).
    type TextBox = (f64, f64, f64);

    /// Two lines of text share pixels: closer than a line apart and
    /// overlapping sideways (the rule `place_labels` keeps labels apart by).
    fn overlap(a: TextBox, b: TextBox) -> bool {
        (a.2 - b.2).abs() < 13.0 - 0.01 && a.0 < b.1 && b.0 < a.1
    }

    #[test]
    fn no_label_tag_or_badge_covers_another_at_any_moment_or_width() {
        for b in BUILTINS {
            let mut run = Simulation::new(&b.scenario()).expect("built-ins run");
            run.run_until_finished(Time(600_000));
            let run = Shared::new(run);
            let axis = TimeAxis::for_run(&run, run.last_event_time());
            let mut times: Vec<Time> = run.events().iter().map(|e| e.at).collect();
            times.dedup();
            for &lang in Lang::ALL {
                let marks = marks_of(&run, lang);
                for width in [320.0, 390.0, 720.0] {
                    let cols = Columns::new(width);
                    for &t in &times {
                        // Every line of text a segment writes: (segment, what, box).
                        let mut texts: Vec<(SegmentId, &str, TextBox)> = Vec::new();
                        for g in Placed::default()
                            .update(&run, Moment::At(t), &axis, &cols, lang, &marks)
                            .iter()
                        {
                            let centred = |text: &str, y: f64| {
                                let w = text_width(text);
                                (g.mid.x - w / 2.0, g.mid.x + w / 2.0, y)
                            };
                            texts.push((g.id, "label", centred(&g.label, g.label_y)));
                            if let Some(tag) = &g.tag {
                                texts.push((g.id, "tag", centred(tag, g.label_y + TAG_BELOW)));
                            }
                            if let Some((badge, y)) = &g.badge {
                                let (x, w) = (g.arrow.badge_x(), text_width(badge));
                                let at = if g.arrow.toward() > 0.0 {
                                    (x, x + w, *y)
                                } else {
                                    (x - w, x, *y)
                                };
                                texts.push((g.id, "badge", at));
                            }
                        }
                        for (i, a) in texts.iter().enumerate() {
                            for c in &texts[i + 1..] {
                                // A label's own tag is its second line, TAG_BELOW under it.
                                let own_tag = a.0 == c.0 && (a.1, c.1) == ("label", "tag");
                                assert!(
                                    own_tag || !overlap(a.2, c.2),
                                    "{} at {t:?}, {width} px, {lang:?}: {a:?} and {c:?} overlap",
                                    b.name
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// In a recorded capture an arrow may cross a compressed stretch (a
    /// host's capture dates the far side's arrivals late): no segment's
    /// label covers the stretch's label, on a phone or a desktop, in either
    /// language, in any of the committed kernel captures.
    #[test]
    fn no_segment_label_covers_a_compressed_stretchs_label_in_a_capture() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("model/tests/fixtures/kernel_captures");
        let mut crossed = 0;
        for entry in std::fs::read_dir(dir).expect("the kernel captures") {
            let path = entry.expect("an entry").path();
            if path.extension().is_none_or(|e| e != "pcap") {
                continue;
            }
            let capture = tcp_model::capture::read(&std::fs::read(&path).expect("read")).expect("a capture");
            let run = tcp_model::observe::run(&capture, &tcp_model::capture::streams(&capture)[0]);
            let sim = Shared::new(tcp_model::observe::replay(&run));
            let end = Moment::At(sim.last_event_time());
            let axis = TimeAxis::for_run(&sim, sim.last_event_time());
            for &lang in Lang::ALL {
                let marks = marks_of(&sim, lang);
                for width in [390.0, 720.0] {
                    let cols = Columns::new(width);
                    let unit = sim.time_unit();
                    let stretches: Vec<TextBox> = axis
                        .interior_gaps()
                        .map(|gap| {
                            let (label, at) =
                                gap_label(gap, &axis, &cols, lang.texts().ui.time_skipped, unit);
                            let w = text_width(&label);
                            (at.x - w / 2.0, at.x + w / 2.0, at.y)
                        })
                        .collect();
                    for g in Placed::default()
                        .update(&sim, end, &axis, &cols, lang, &marks)
                        .iter()
                    {
                        let w = text_width(&g.label);
                        let label = (g.mid.x - w / 2.0, g.mid.x + w / 2.0, g.label_y);
                        let (top, bottom) =
                            (g.arrow.from.y.min(g.arrow.to.y), g.arrow.from.y.max(g.arrow.to.y));
                        crossed += stretches.iter().filter(|s| top < s.2 && s.2 < bottom).count();
                        for s in &stretches {
                            assert!(
                                !overlap(label, *s),
                                "{} {lang:?} {width} px: #{} {label:?} on {s:?}",
                                path.display(),
                                g.id.0
                            );
                        }
                    }
                }
            }
        }
        // The premise: some arrows do cross a stretch.
        assert!(crossed > 0);
    }

    /// Every run to place: the built-ins and the committed kernel captures.
    fn runs() -> Vec<(String, Shared<Simulation>)> {
        let mut runs = Vec::new();
        for b in BUILTINS {
            let mut run = Simulation::new(&b.scenario()).expect("built-ins run");
            run.run_until_finished(Time(600_000));
            runs.push((b.name.to_string(), Shared::new(run)));
        }
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("model/tests/fixtures/kernel_captures");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("the kernel captures")
            .map(|e| e.expect("an entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
            .collect();
        paths.sort();
        for path in paths {
            let capture = tcp_model::capture::read(&std::fs::read(&path).expect("read")).expect("a capture");
            let run = tcp_model::observe::run(&capture, &tcp_model::capture::streams(&capture)[0]);
            runs.push((
                path.display().to_string(),
                Shared::new(tcp_model::observe::replay(&run)),
            ));
        }
        runs
    }

    /// The placing kept from one instant to the next gives, at every
    /// instant, what placing everything from nothing gives: played forward,
    /// and with seeks back and forth in between (which place all again). It
    /// also keeps the same list where nothing was sent, and resumes where
    /// segments were only added (else this would test nothing kept).
    #[test]
    fn kept_placing_equals_placing_from_nothing_at_every_instant() {
        let (mut same_list, mut resumed) = (0, 0);
        for (name, run) in runs() {
            let axis = TimeAxis::for_run(&run, run.last_event_time());
            let mut times: Vec<Time> = run.events().iter().map(|e| e.at).collect();
            times.dedup();
            // Forward, then a seek to the start and jumps both ways.
            let jumps = [
                0,
                times.len() / 2,
                1,
                times.len().saturating_sub(1),
                times.len() / 3,
            ];
            let order: Vec<Time> = times
                .iter()
                .copied()
                .chain(jumps.iter().filter_map(|&i| times.get(i).copied()))
                .collect();
            for lang in [Lang::Zh, Lang::En] {
                let marks = marks_of(&run, lang);
                for width in [390.0, 720.0] {
                    let cols = Columns::new(width);
                    let mut placed = Placed::default();
                    let mut before: Option<Rc<Vec<SegmentGeometry>>> = None;
                    for &t in &order {
                        let at = Moment::At(t);
                        let kept = placed.update(&run, at, &axis, &cols, lang, &marks);
                        // Placed from nothing.
                        let fresh = Placed::default().update(&run, at, &axis, &cols, lang, &marks);
                        assert_eq!(kept, fresh, "{name} {lang:?} {width} px at {t:?}");
                        if let Some(b) = &before {
                            if Rc::ptr_eq(b, &kept) {
                                same_list += 1;
                            } else if b.len() < kept.len() && !b.is_empty() {
                                // Resumed: the earlier names are the same strings, not made again.
                                resumed += usize::from(
                                    b.iter()
                                        .zip(kept.iter())
                                        .all(|(x, y)| x.name.as_ptr() == y.name.as_ptr()),
                                );
                            }
                        }
                        before = Some(kept);
                    }
                }
            }
        }
        assert!(
            same_list > 100 && resumed > 100,
            "{same_list} kept, {resumed} resumed"
        );
    }
}
