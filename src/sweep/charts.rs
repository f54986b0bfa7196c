//! The sweep charts of a grid: each key outcome against each swept parameter, one line per strategy
//! with its 95% band, drawn from `sweep.csv` alone in the style of a result's charts.
//!
//! The other swept parameters are not averaged away (a mean over them would mix
//! different questions): each combination of their values gets a panel of its own, small
//! multiples in grid order, at most `MAX_PANELS` of them.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::identity::Identity;
use super::labels;
use super::table::{self, grid_values, SweepRow};
use crate::charts::style::{self, Entry, Pen, Swatch, BAND_OPACITY, PANEL_TITLE_SIZE};
use crate::charts::{downsample, encode_png, pixel_buffer, DrawError, SUPERSAMPLE};
use crate::error::Error;
use crate::measures::{LossOutcome, Metric, RunMetric};
use crate::scenario::Scenario;

pub const CHARTS_DIR: &str = "charts";

/// An outcome the sweep draws, where the points' summaries define it.
pub struct KeyOutcome {
    pub metric: Metric,
    /// What a chart's title calls it.
    pub title: &'static str,
    /// A short form of its meaning, for an axis too short for the whole meaning.
    pub axis: &'static str,
}

pub const KEY_OUTCOMES: [KeyOutcome; 4] = [
    KeyOutcome {
        metric: Metric::Run(RunMetric::BurnoutShare5y),
        title: "Burnouts per member recruited (5 years)",
        axis: "burnouts per recruit, 5 years",
    },
    KeyOutcome {
        metric: Metric::Run(RunMetric::Retention3y),
        title: "Retention 3 years after joining",
        axis: "still members after 3 years",
    },
    KeyOutcome {
        metric: Metric::Run(RunMetric::RobustnessTargeted),
        title: "Robustness R, targeted removal",
        axis: "robustness R, targeted",
    },
    KeyOutcome {
        metric: Metric::Loss {
            shock: 0,
            outcome: LossOutcome::ActiveRatio,
        },
        title: "Active members after / before organizer loss",
        axis: "active after / before the loss",
    },
];

/// The most panels of one chart; `sweep.csv` holds the rest.
pub const MAX_PANELS: usize = 12;

const PANEL_WIDTH: u32 = 430;
const PANEL_HEIGHT: u32 = 330;
/// Title, legend and caption bands of `style::frame`.
const FRAME_HEIGHT: u32 = 48 + 34 + 48;
/// What a panel's height spends besides its plot: the x labels and margins, and a panel
/// title where there are several panels.
const X_LABEL_AREA: u32 = 46;
const PANEL_MARGINS: u32 = 2 * 10;
const PANEL_TITLE_AREA: u32 = 30;
/// The most ticks on an axis of numbers.
const MOST_TICKS: usize = 8;

/// A drawn sweep chart, for the report.
pub struct SweepChart {
    /// `<metric>-by-<path>`: the file's name without its extension, in `CHARTS_DIR`.
    pub name: String,
    pub metric: Metric,
    pub title: String,
    /// The swept parameter on its x axis.
    pub axis: usize,
    /// Panels drawn, and the combinations of the other swept values there are.
    pub panels: (usize, usize),
    pub size: (u32, u32),
    pub png: Vec<u8>,
}

impl SweepChart {
    /// The chart's files, relative to the sweep directory.
    pub fn files(&self) -> [String; 2] {
        ["svg", "png"].map(|extension| format!("{CHARTS_DIR}/{}.{extension}", self.name))
    }
}

/// One chart: an outcome against one swept parameter.
struct Figure<'a> {
    identity: &'a Identity,
    title: String,
    /// The outcome as the y axis names it.
    y_label: String,
    axis: usize,
    /// The parameter takes whole values: the x axis has whole ticks.
    whole: bool,
    /// (point, strategy) → the row of the outcome.
    rows: HashMap<(usize, &'a str), &'a SweepRow>,
}

/// Draws every sweep chart of the sweep of `scenario` in `dir` into `dir/charts/`, from
/// its `sweep.csv`.
pub fn draw_all(
    dir: &Path,
    identity: &Identity,
    scenario: &Scenario,
) -> Result<Vec<SweepChart>, Error> {
    // Lines against each parameter need the grid's other values held fixed; the points
    // of another design are analysed with `solidarity analyze` instead.
    if !identity.is_grid() {
        return Ok(Vec::new());
    }
    style::register_font().map_err(Error::Other)?;
    let rows = table::read(dir, identity.axes.len())?;
    let folder = dir.join(CHARTS_DIR);
    fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
    let mut drawn = Vec::new();
    for outcome in &KEY_OUTCOMES {
        let metric = outcome.metric.to_string();
        let of_metric: HashMap<(usize, &str), &SweepRow> = rows
            .iter()
            .filter(|r| r.metric == metric)
            .map(|r| ((r.point, r.strategy.as_str()), r))
            .collect();
        if !of_metric.values().any(|r| r.mean.is_some()) {
            continue;
        }
        for (axis, record) in identity.axes.iter().enumerate() {
            let mut figure = Figure {
                identity,
                title: format!("{} by {}", outcome.title, labels::key(&record.path)),
                y_label: String::new(),
                axis,
                whole: labels::whole_valued(&record.path, &record.values),
                rows: of_metric.clone(),
            };
            figure.y_label = labels::fitting(
                &[
                    format!("{metric}: {}", outcome.metric.meaning(scenario)),
                    format!("{metric}: {}", outcome.axis),
                    outcome.axis.to_string(),
                    metric.clone(),
                ],
                figure.plot_height(),
            );
            let name = format!("{metric}-by-{}", record.path);
            let (svg, png) = render(&figure).map_err(|e| {
                Error::Other(format!("cannot draw the sweep chart {name}: {}", e.0))
            })?;
            for (extension, bytes) in [("svg", svg.as_bytes()), ("png", png.as_slice())] {
                let path = folder.join(format!("{name}.{extension}"));
                fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            }
            drawn.push(SweepChart {
                name,
                metric: outcome.metric,
                title: figure.title.clone(),
                axis,
                panels: (figure.panels().min(MAX_PANELS), figure.panels()),
                size: figure.size(),
                png,
            });
        }
    }
    Ok(drawn)
}

/// A figure drawn to SVG and, supersampled, to PNG by `render`.
pub(super) trait Drawing {
    fn size(&self) -> (u32, u32);
    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<(), DrawError>;
}

/// The SVG text and PNG bytes of `figure`.
pub(super) fn render(figure: &impl Drawing) -> Result<(String, Vec<u8>), DrawError> {
    let (width, height) = figure.size();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        figure.draw(&root, &Pen { scale: 1 })?;
        root.present()?;
    }
    let svg = style::valid_xml(svg);
    let (big_w, big_h) = (width * SUPERSAMPLE, height * SUPERSAMPLE);
    let mut big = pixel_buffer(big_w, big_h)?;
    {
        let root = BitMapBackend::with_buffer(&mut big, (big_w, big_h)).into_drawing_area();
        figure.draw(&root, &Pen { scale: SUPERSAMPLE })?;
        root.present()?;
    }
    let pixels = downsample(&big, width, height, SUPERSAMPLE);
    let png = encode_png(&pixels, width, height).map_err(|e| DrawError(e.to_string()))?;
    Ok((svg, png))
}

/// The legend of a sweep's strategies: one coloured line each.
pub(super) fn strategy_legend(identity: &Identity) -> Vec<Entry> {
    identity
        .strategies
        .iter()
        .zip(style::strategy_colors(&identity.strategies))
        .map(|(name, color)| Entry {
            label: name.clone(),
            swatch: Swatch::Line(color),
        })
        .collect()
}

impl Drawing for Figure<'_> {
    fn size(&self) -> (u32, u32) {
        Figure::size(self)
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        Figure::draw(self, root, pen)
    }
}

impl Figure<'_> {
    /// The other axes' value combinations, in grid order (the last varying fastest).
    fn panels(&self) -> usize {
        self.identity
            .axes
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != self.axis)
            .map(|(_, a)| a.values.len())
            .product()
    }

    fn columns(&self) -> u32 {
        self.panels().clamp(1, 3) as u32
    }

    fn size(&self) -> (u32, u32) {
        let shown = self.panels().min(MAX_PANELS) as u32;
        if shown == 1 {
            return (900, 560);
        }
        let rows = shown.div_ceil(self.columns());
        (
            (self.columns() * PANEL_WIDTH).max(900),
            FRAME_HEIGHT + rows * PANEL_HEIGHT,
        )
    }

    /// The height of a panel's plot, at scale 1: the room for the y axis's label.
    fn plot_height(&self) -> u32 {
        let (_, height) = self.size();
        let shown = self.panels().min(MAX_PANELS) as u32;
        let rows = shown.div_ceil(self.columns()).max(1);
        let title = if self.panels() > 1 {
            PANEL_TITLE_AREA
        } else {
            0
        };
        ((height - FRAME_HEIGHT) / rows).saturating_sub(X_LABEL_AREA + PANEL_MARGINS + title)
    }

    /// The grid point at value `j` of this axis in panel `panel`.
    fn point(&self, panel: usize, j: usize) -> usize {
        let axes = &self.identity.axes;
        let mut index = vec![0; axes.len()];
        let mut rest = panel;
        for k in (0..axes.len()).rev().filter(|&k| k != self.axis) {
            index[k] = rest % axes[k].values.len();
            rest /= axes[k].values.len();
        }
        index[self.axis] = j;
        index
            .iter()
            .zip(axes)
            .fold(0, |acc, (i, a)| acc * a.values.len() + i)
    }

    /// x of each value: the value itself when every value is a number, else its rank.
    fn xs(&self) -> (Vec<f64>, bool) {
        let values = &self.identity.axes[self.axis].values;
        let numbers: Option<Vec<f64>> = values.iter().map(serde_json::Value::as_f64).collect();
        match numbers {
            Some(xs) => (xs, true),
            None => ((0..values.len()).map(|j| j as f64).collect(), false),
        }
    }

    fn panel_title(&self, panel: usize) -> String {
        let texts: Vec<Vec<String>> = self.identity.axes.iter().map(|a| a.texts()).collect();
        let values = grid_values(&texts, self.point(panel, 0));
        self.identity
            .axes
            .iter()
            .zip(values)
            .enumerate()
            .filter(|(k, _)| *k != self.axis)
            .map(|(_, (a, v))| format!("{} = {}", labels::key(&a.path), style::printable(&v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let id = self.identity;
        let legend = strategy_legend(id);
        let panels = self.panels();
        let more = if panels > MAX_PANELS {
            format!(" The first {MAX_PANELS} of {panels} combinations of the other swept values; sweep.csv holds every point.")
        } else {
            String::new()
        };
        let caption = format!(
            "Sweep of \u{201c}{}\u{201d}, seed {}, {} replicate{} of {} years per point. Points: mean over replicates; bands: 95% confidence interval.{more}",
            id.scenario,
            id.seed,
            id.replicates,
            if id.replicates == 1 { "" } else { "s" },
            id.years
        );
        let body = style::frame(root, pen, &self.title, &legend, &caption)?;
        let shown = panels.min(MAX_PANELS);
        let columns = self.columns() as usize;
        let areas = body.split_evenly((shown.div_ceil(columns), columns));
        let y_range = self.y_range(shown);
        for (panel, area) in areas.iter().enumerate().take(shown) {
            let title = if panels > 1 {
                self.panel_title(panel)
            } else {
                String::new()
            };
            self.draw_panel(area, pen, panel, &title, y_range.clone())?;
        }
        Ok(())
    }

    fn value(&self, panel: usize, j: usize, strategy: &str) -> Option<(f64, f64, f64)> {
        let row = self.rows.get(&(self.point(panel, j), strategy))?;
        let mean = row.mean?;
        Some((
            mean,
            row.ci_low.unwrap_or(mean),
            row.ci_high.unwrap_or(mean),
        ))
    }

    /// One y range for every panel, so that panels compare at a glance.
    fn y_range(&self, shown: usize) -> std::ops::Range<f64> {
        let n = self.identity.axes[self.axis].values.len();
        let (mut low, mut high) = (0.0f64, 0.0f64);
        for panel in 0..shown {
            for strategy in &self.identity.strategies {
                for j in 0..n {
                    if let Some((mean, lo, hi)) = self.value(panel, j, strategy) {
                        low = low.min(lo).min(mean);
                        high = high.max(hi).max(mean);
                    }
                }
            }
        }
        if high <= low {
            high = low + 1.0;
        }
        let pad = 0.06 * (high - low);
        (if low < 0.0 { low - pad } else { 0.0 })..high + pad
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pen: &Pen,
        panel: usize,
        title: &str,
        y_range: std::ops::Range<f64>,
    ) -> Result<(), DrawError> {
        let record = &self.identity.axes[self.axis];
        let texts: Vec<String> = record.texts().iter().map(|t| style::printable(t)).collect();
        let (xs, numeric) = self.xs();
        let (lo, hi) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
        let x_range = (lo - pad)..(hi + pad);
        // Ticks at the ranks of values that are not numbers, else at round numbers (whole
        // ones for a whole-valued parameter).
        let x_ticks = if numeric {
            labels::ticks(x_range.start, x_range.end, self.whole, MOST_TICKS)
        } else {
            xs.clone()
        };
        let step = match x_ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        };
        let mut builder = ChartBuilder::on(area);
        if !title.is_empty() {
            builder.caption(title, pen.font(PANEL_TITLE_SIZE));
        }
        let mut chart = builder
            .margin(pen.px(10))
            .margin_right(pen.px(20))
            .x_label_area_size(pen.px(X_LABEL_AREA))
            .y_label_area_size(pen.px(64))
            .build_cartesian_2d(labels::Ticked::new(x_range, x_ticks), y_range.clone())?;
        let x_format = |v: &f64| {
            if numeric {
                labels::tick_text(*v, step)
            } else {
                texts.get(v.round() as usize).cloned().unwrap_or_default()
            }
        };
        let mut mesh = chart.configure_mesh();
        mesh.x_desc(style::printable(&labels::parameter(&record.path)))
            .y_desc(self.y_label.as_str())
            .y_labels(6)
            .x_label_formatter(&x_format)
            .y_label_formatter(&style::decimal);
        pen.style_mesh(&mut mesh);
        mesh.draw()?;
        let clip = |y: f64| y.clamp(y_range.start, y_range.end);
        let series: Vec<Vec<(f64, f64, f64, f64)>> = self
            .identity
            .strategies
            .iter()
            .map(|strategy| {
                xs.iter()
                    .enumerate()
                    .filter_map(|(j, &x)| {
                        self.value(panel, j, strategy)
                            .map(|(m, l, h)| (x, clip(m), clip(l), clip(h)))
                    })
                    .collect()
            })
            .collect();
        let colors = style::strategy_colors(&self.identity.strategies);
        // Bands first, then every line on top of every band.
        for (k, points) in series.iter().enumerate() {
            if points.len() < 2 {
                continue;
            }
            let mut outline: Vec<(f64, f64)> = points.iter().map(|p| (p.0, p.3)).collect();
            outline.extend(points.iter().rev().map(|p| (p.0, p.2)));
            let color = colors[k];
            chart.draw_series(std::iter::once(Polygon::new(
                outline,
                color.mix(BAND_OPACITY).filled(),
            )))?;
        }
        for (k, points) in series.iter().enumerate() {
            let color = colors[k];
            chart.draw_series(LineSeries::new(
                points.iter().map(|p| (p.0, p.1)),
                pen.line(color, 3),
            ))?;
            for p in points {
                if points.len() == 1 {
                    // A lone point has no band: its interval shows as a bar.
                    chart.draw_series(std::iter::once(PathElement::new(
                        vec![(p.0, p.2), (p.0, p.3)],
                        pen.line(color, 2),
                    )))?;
                }
                chart.draw_series(std::iter::once(Circle::new(
                    (p.0, p.1),
                    pen.px(4),
                    color.filled(),
                )))?;
            }
        }
        Ok(())
    }
}
