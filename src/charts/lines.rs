//! A panel of lines with 95% bands, one per strategy, over a shared x axis: the building
//! block of every chart but the network picture.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::data::{Measure, ResultData};
use super::style::{self, Pen, BAND_OPACITY, LABEL_SIZE, MARKER, PANEL_TITLE_SIZE};
use super::DrawError;
use crate::metrics::stats::Interval;
use crate::scenario::{Scenario, WEEKS_PER_YEAR};

/// A value and its band at one x; `None` where no replicate defines it.
pub type Point = (f64, Option<Interval>);

/// One strategy's line.
pub struct Line {
    pub color: RGBColor,
    pub points: Vec<Point>,
    pub dashed: bool,
}

/// A labelled vertical line (a shock) or horizontal line (a reference value).
pub struct Mark {
    pub at: f64,
    pub label: String,
}

/// A labelled stretch of the x axis, shaded: a shock that lasts weeks (a crisis).
pub struct Span {
    pub from: f64,
    pub to: f64,
    pub label: String,
}

/// Share of the y range left below its bottom, so that a line at the bottom (a count at
/// 0) is drawn whole above the axis instead of half hidden under it.
const BOTTOM_INSET: f64 = 0.025;

/// Opacity of the shading of a shock's span: light enough that the bands show through.
const SPAN_OPACITY: f64 = 0.16;

/// How a line joins its points.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Join {
    Straight,
    /// A step function, flat until the next point (a Kaplan–Meier curve).
    Steps,
}

pub struct Panel {
    pub title: String,
    pub x_desc: String,
    pub y_desc: String,
    pub x_range: Range<f64>,
    pub y_range: Range<f64>,
    pub x_format: fn(&f64) -> String,
    pub y_format: fn(&f64) -> String,
    pub lines: Vec<Line>,
    pub verticals: Vec<Mark>,
    pub spans: Vec<Span>,
    pub horizontals: Vec<Mark>,
    pub join: Join,
}

/// A y range from 0 (or below, if the bands go there) to a little above the highest
/// band, at least `min_top`.
pub fn fit_from_zero(lines: &[Line], min_top: f64) -> Range<f64> {
    let mut top = min_top;
    let mut bottom: f64 = 0.0;
    for (_, interval) in lines.iter().flat_map(|l| &l.points) {
        if let Some(i) = interval {
            top = top.max(i.high).max(i.mean);
            bottom = bottom.min(i.low.min(i.mean));
        }
    }
    let pad = 0.06 * (top - bottom);
    let bottom = if bottom < 0.0 { bottom - pad } else { 0.0 };
    bottom..top + pad
}

/// Runs of consecutive defined points.
fn segments(points: &[Point]) -> Vec<Vec<(f64, Interval)>> {
    let mut out: Vec<Vec<(f64, Interval)>> = Vec::new();
    let mut current = Vec::new();
    for &(x, interval) in points {
        match interval {
            Some(i) => current.push((x, i)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `(x, y)` pairs as drawn: a step function repeats each value until the next x.
fn joined(points: &[(f64, f64)], join: Join) -> Vec<(f64, f64)> {
    match join {
        Join::Straight => points.to_vec(),
        Join::Steps => {
            let mut out = Vec::with_capacity(points.len() * 2);
            for (k, &(x, y)) in points.iter().enumerate() {
                if k > 0 {
                    out.push((x, points[k - 1].1));
                }
                out.push((x, y));
            }
            out
        }
    }
}

pub fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    panel: &Panel,
    pen: &Pen,
) -> Result<(), DrawError> {
    let (x0, x1) = (panel.x_range.start, panel.x_range.end);
    let (y0, y1) = (panel.y_range.start, panel.y_range.end);
    let y0 = y0 - BOTTOM_INSET * (y1 - y0);
    let clip = |y: f64| y.clamp(y0, y1);
    let mut builder = ChartBuilder::on(area);
    if !panel.title.is_empty() {
        builder.caption(&panel.title, pen.font(PANEL_TITLE_SIZE));
    }
    let mut chart = builder
        .margin(pen.px(12))
        .margin_right(pen.px(24))
        .x_label_area_size(pen.px(50))
        .y_label_area_size(pen.px(70))
        .build_cartesian_2d(panel.x_range.clone(), y0..y1)?;
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(panel.x_desc.as_str())
        .y_desc(panel.y_desc.as_str())
        .x_labels(10)
        .y_labels(6)
        .x_label_formatter(&panel.x_format)
        .y_label_formatter(&panel.y_format);
    pen.style_mesh(&mut mesh);
    mesh.draw()?;

    let marker_font = pen
        .muted_font(LABEL_SIZE)
        .pos(Pos::new(HPos::Left, VPos::Top));
    // Spans first, under everything; each cut to the x range, and left out outside it.
    for span in &panel.spans {
        let (from, to) = (span.from.max(x0), span.to.min(x1));
        if from >= to {
            continue;
        }
        chart.draw_series(std::iter::once(Rectangle::new(
            [(from, y0), (to, y1)],
            MARKER.mix(SPAN_OPACITY).filled(),
        )))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((from, y1))
                + Text::new(
                    span.label.clone(),
                    (pen.px_i(5), pen.px_i(4)),
                    marker_font.clone(),
                ),
        ))?;
    }
    // A shock at the right end of the range marks nothing in view, and is left out.
    for mark in panel.verticals.iter().filter(|m| (x0..x1).contains(&m.at)) {
        chart.draw_series(DashedLineSeries::new(
            [(mark.at, y0), (mark.at, y1)],
            pen.px(6),
            pen.px(5),
            pen.line(MARKER, 2),
        ))?;
        // Labelled to the right of the line, or to its left near the right end, so that
        // the label stays inside the panel.
        let (offset, anchor) = if mark.at > x0 + 0.8 * (x1 - x0) {
            (-pen.px_i(5), HPos::Right)
        } else {
            (pen.px_i(5), HPos::Left)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((mark.at, y1))
                + Text::new(
                    mark.label.clone(),
                    (offset, pen.px_i(4)),
                    marker_font.pos(Pos::new(anchor, VPos::Top)),
                ),
        ))?;
    }
    // Labelled at the right end, just above the line.
    for mark in &panel.horizontals {
        let (x_start, x_end) = (panel.x_range.start, panel.x_range.end);
        chart.draw_series(DashedLineSeries::new(
            [(x_start, mark.at), (x_end, mark.at)],
            pen.px(6),
            pen.px(5),
            pen.line(MARKER, 1),
        ))?;
        chart.draw_series(std::iter::once(
            EmptyElement::at((x_end, mark.at))
                + Text::new(
                    mark.label.clone(),
                    (-pen.px_i(6), -pen.px_i(3)),
                    pen.muted_font(LABEL_SIZE)
                        .pos(Pos::new(HPos::Right, VPos::Bottom)),
                ),
        ))?;
    }

    // Bands first, then every line on top of every band.
    for line in &panel.lines {
        for segment in segments(&line.points) {
            let upper: Vec<(f64, f64)> = segment.iter().map(|(x, i)| (*x, clip(i.high))).collect();
            let lower: Vec<(f64, f64)> = segment.iter().map(|(x, i)| (*x, clip(i.low))).collect();
            let mut outline = joined(&upper, panel.join);
            let mut bottom = joined(&lower, panel.join);
            bottom.reverse();
            outline.extend(bottom);
            chart.draw_series(std::iter::once(Polygon::new(
                outline,
                line.color.mix(BAND_OPACITY).filled(),
            )))?;
        }
    }
    for line in &panel.lines {
        for segment in segments(&line.points) {
            let means: Vec<(f64, f64)> = segment.iter().map(|(x, i)| (*x, clip(i.mean))).collect();
            let path = joined(&means, panel.join);
            if line.dashed {
                chart.draw_series(DashedLineSeries::new(
                    path,
                    pen.px(8),
                    pen.px(5),
                    pen.line(line.color, 3),
                ))?;
            } else {
                chart.draw_series(LineSeries::new(path, pen.line(line.color, 3)))?;
            }
        }
    }
    Ok(())
}

/// One line per strategy of `measure` over the whole run.
pub fn over_time(data: &ResultData, measure: Measure) -> Vec<Line> {
    style::colors(data)
        .into_iter()
        .enumerate()
        .map(|(k, color)| Line {
            color,
            points: data
                .band(k, measure)
                .iter()
                .zip(0..)
                .map(|(band, w)| (years(w + 1), *band))
                .collect(),
            dashed: false,
        })
        .collect()
}

/// A panel over the years of the run, with the shocks marked.
pub fn time_panel(
    data: &ResultData,
    title: &str,
    y_desc: &str,
    y_format: fn(&f64) -> String,
    lines: Vec<Line>,
    min_top: f64,
) -> Panel {
    let (verticals, spans) = shock_marks(&data.scenario, 0);
    Panel {
        title: title.to_string(),
        x_desc: "Years".into(),
        y_desc: y_desc.to_string(),
        x_range: 0.0..f64::from(data.scenario.years),
        y_range: fit_from_zero(&lines, min_top),
        x_format: year_format,
        y_format,
        lines,
        verticals,
        spans,
        horizontals: Vec::new(),
        join: Join::Straight,
    }
}

/// x in years of a week.
pub fn years(week: u32) -> f64 {
    f64::from(week) / f64::from(WEEKS_PER_YEAR)
}

/// The shocks of the scenario on a time axis in years since the start of week `origin`,
/// each labelled by its kind: a vertical line at the start of the week of each shock that
/// strikes at once (an organizer loss, a polarizing issue), and a shaded span over the
/// weeks of a crisis (`Scenario::crisis_weeks`), from the start of its first week to the
/// end of its last.
pub fn shock_marks(scenario: &Scenario, origin: u32) -> (Vec<Mark>, Vec<Span>) {
    let at = |week: u32| (f64::from(week) - f64::from(origin)) / f64::from(WEEKS_PER_YEAR);
    let mut verticals = Vec::new();
    let mut spans = Vec::new();
    for (index, shock) in scenario.shocks.iter().enumerate() {
        let label = shock.label().to_string();
        match scenario.crisis_weeks(index) {
            Some(weeks) if !weeks.is_empty() => spans.push(Span {
                from: at(weeks.start),
                to: at(weeks.end),
                label,
            }),
            // A crisis another replaces at once never acts.
            Some(_) => {}
            None => verticals.push(Mark {
                at: at(shock.week()),
                label,
            }),
        }
    }
    (verticals, spans)
}

/// Years on a time axis.
pub fn year_format(v: &f64) -> String {
    style::decimal(v)
}
