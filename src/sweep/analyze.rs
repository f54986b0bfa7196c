//! `solidarity analyze SWEEP_DIR`: the sensitivity indices of a finished sobol or morris
//! sweep, from its `sweep.json` and `sweep.csv` alone, written as `indices.csv` and drawn
//! as `indices-<index>.svg`/`.png` in the sweep directory.
//!
//! The output analysed is each summary metric's `mean` (over replicates) at each point,
//! per strategy. Intervals come from `sensitivity::BOOTSTRAP_RESAMPLES` bootstrap
//! resamples drawn from a generator seeded with the sweep's seed, so the files are the
//! same on every run.

use std::collections::HashMap;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::charts::{render, strategy_legend, Drawing, KEY_OUTCOMES};
use super::identity::{holding, Holding, Identity};
use super::labels;
use super::table::{self, SweepRow};
use super::write_file;
use crate::charts::style::{self, Pen, PANEL_TITLE_SIZE};
use crate::charts::DrawError;
use crate::error::{Error, InputError};
use crate::output::{format_number, SUMS};
use crate::sensitivity::{morris, sobol};

pub const INDICES_CSV: &str = "indices.csv";

/// The columns of `indices.csv` after `strategy,metric,parameter`, by design.
pub const SOBOL_COLUMNS: [&str; 6] = ["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"];
pub const MORRIS_COLUMNS: [&str; 5] = ["mu_star", "mu_star_low", "mu_star_high", "mu", "sigma"];

/// The files `analyze` writes in a sweep directory (a sweep that runs again removes them).
pub fn written_files() -> Vec<String> {
    let mut files = vec![INDICES_CSV.to_string()];
    for index in ["S1", "ST", "mu_star"] {
        for extension in ["svg", "png"] {
            files.push(format!("indices-{index}.{extension}"));
        }
    }
    files
}

/// A drawn index: its name, the column of its value and those of its interval.
type Drawn = (&'static str, usize, Option<(usize, usize)>);

/// One index of one parameter, with its interval.
#[derive(Clone, Copy)]
struct Bar {
    value: Option<f64>,
    interval: Option<(f64, f64)>,
}

/// The indices of one strategy and metric: per parameter, the indices of the design in
/// the order of its columns.
struct Analysed {
    strategy: String,
    metric: String,
    fields: Vec<Vec<Option<f64>>>,
}

/// Analyses the sweep in `dir`; returns the files written, relative to `dir`.
pub fn analyze(dir: &Path) -> Result<Vec<String>, Error> {
    let shown = dir.display().to_string();
    let identity = match holding(dir) {
        Holding::Sweep(identity) => identity,
        Holding::Shard(_) => {
            return Err(InputError::new(
                &shown,
                "is one shard of a sweep; merge the shards (`solidarity merge`), then analyze the merged sweep",
            )
            .into())
        }
        Holding::Nothing => {
            return Err(InputError::new(&shown, "holds no sweep (no sweep.json)").into())
        }
        Holding::Other(what) => {
            return Err(InputError::new(&shown, format!("holds {what}, not a sweep")).into())
        }
    };
    if !dir.join(SUMS).is_file() {
        return Err(InputError::new(
            &shown,
            "is an unfinished sweep (no SHA256SUMS); run `solidarity sweep` again to finish it",
        )
        .into());
    }
    let design = identity.design.as_ref().map_or("grid", |d| d.name.as_str());
    let columns: &[&str] = match design {
        "sobol" => &SOBOL_COLUMNS,
        "morris" => &MORRIS_COLUMNS,
        other => {
            return Err(InputError::new(
                &shown,
                format!(
                    "is a {other} sweep; sensitivity indices need a sobol or morris design (`design = \"sobol\"` or `\"morris\"` in [sweep]); sweep.csv holds its points for any other analysis"
                ),
            )
            .into())
        }
    };
    let rows = table::read(dir, identity.axes.len())?;
    let analysed = compute(&identity, design, &rows, &shown)?;

    let mut text = String::new();
    let mut header = vec!["strategy", "metric", "parameter"];
    header.extend(columns);
    text += &header.join(",");
    text.push('\n');
    for entry in &analysed {
        for (axis, fields) in identity.axes.iter().zip(&entry.fields) {
            let mut line = vec![
                csv_field(&entry.strategy),
                csv_field(&entry.metric),
                csv_field(&axis.path),
            ];
            line.extend(
                fields
                    .iter()
                    .map(|f| f.map(format_number).unwrap_or_default()),
            );
            text += &line.join(",");
            text.push('\n');
        }
    }
    write_file(&dir.join(INDICES_CSV), &text)?;
    let mut written = vec![INDICES_CSV.to_string()];

    style::register_font().map_err(Error::Other)?;
    // The drawn indices: (name, column of the value, columns of the interval).
    let drawn: &[Drawn] = if design == "sobol" {
        &[("S1", 0, Some((1, 2))), ("ST", 3, Some((4, 5)))]
    } else {
        &[("mu_star", 0, Some((1, 2)))]
    };
    for &(index, at, interval) in drawn {
        let mut figure = Figure {
            identity: &identity,
            index,
            analysed: &analysed,
            at,
            interval,
            panels: Vec::new(),
        };
        figure.panels = figure.panels_with_indices();
        if figure.panels.is_empty() {
            continue;
        }
        let (svg, png) = render(&figure)
            .map_err(|e| Error::Other(format!("cannot draw the indices chart {index}: {}", e.0)))?;
        for (extension, bytes) in [("svg", svg.into_bytes()), ("png", png)] {
            let file = format!("indices-{index}.{extension}");
            let path = dir.join(&file);
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))?;
            written.push(file);
        }
    }
    Ok(written)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The indices of every strategy and metric of `rows`, in the order `sweep.csv` lists
/// them. A metric without a mean at some point (no replicate measured it) gets no indices.
fn compute(
    identity: &Identity,
    design: &str,
    rows: &[SweepRow],
    shown: &str,
) -> Result<Vec<Analysed>, Error> {
    let k = identity.axes.len();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut means: HashMap<(String, String), Vec<Option<f64>>> = HashMap::new();
    for row in rows {
        if row.point >= identity.points {
            return Err(InputError::new(
                shown,
                format!(
                    "sweep.csv lists point {}, beyond the sweep's {}",
                    row.point, identity.points
                ),
            )
            .into());
        }
        let key = (row.strategy.clone(), row.metric.clone());
        let entry = means.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            vec![None; identity.points]
        });
        entry[row.point] = row.mean;
    }
    // Morris needs each point in unit scale: (value - min) / (max - min).
    let unit_points: Vec<Vec<f64>> = (0..identity.points)
        .map(|point| {
            identity
                .axes
                .iter()
                .map(|axis| {
                    let number = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_f64());
                    match (
                        number(axis.values.get(point)),
                        number(axis.min.as_ref()),
                        number(axis.max.as_ref()),
                    ) {
                        (Some(v), Some(low), Some(high)) if high > low => (v - low) / (high - low),
                        _ => f64::NAN,
                    }
                })
                .collect()
        })
        .collect();
    let width = if design == "sobol" {
        SOBOL_COLUMNS.len()
    } else {
        MORRIS_COLUMNS.len()
    };
    let mut out = Vec::new();
    for key in order {
        let outputs: Option<Vec<f64>> = means[&key].iter().copied().collect();
        let fields: Vec<Vec<Option<f64>>> = match outputs {
            None => vec![vec![None; width]; k],
            Some(y) if design == "sobol" => sobol::indices(&y, k, identity.seed)
                .into_iter()
                .map(|s| {
                    vec![
                        s.s1,
                        s.s1_interval.map(|i| i.0),
                        s.s1_interval.map(|i| i.1),
                        s.st,
                        s.st_interval.map(|i| i.0),
                        s.st_interval.map(|i| i.1),
                    ]
                })
                .collect(),
            Some(y) => morris::indices(&unit_points, &y, k, identity.seed)
                .into_iter()
                .map(|m| {
                    vec![
                        m.mu_star,
                        m.mu_star_interval.map(|i| i.0),
                        m.mu_star_interval.map(|i| i.1),
                        m.mu,
                        m.sigma,
                    ]
                })
                .collect(),
        };
        out.push(Analysed {
            strategy: key.0,
            metric: key.1,
            fields,
        });
    }
    Ok(out)
}

/// One chart of one index: a panel per key outcome, a row of bars per parameter (named
/// down the left, so that two dozen names stay readable), a bar per strategy with its
/// interval as a whisker.
struct Figure<'a> {
    identity: &'a Identity,
    index: &'a str,
    analysed: &'a [Analysed],
    at: usize,
    interval: Option<(usize, usize)>,
    /// The key outcomes drawn, one panel each.
    panels: Vec<(String, &'static str)>,
}

const PANEL_WIDTH: u32 = 560;
/// A panel's height without its rows: its title and its index axis.
const PANEL_FRAME_HEIGHT: u32 = 100;
/// The height of one strategy's bar in a parameter's row, and the gap between rows.
const BAR_HEIGHT: u32 = 6;
const ROW_GAP: u32 = 8;
const FRAME_HEIGHT: u32 = 48 + 34 + 48;

impl Figure<'_> {
    /// The key outcomes that have indices, with their label.
    fn panels_with_indices(&self) -> Vec<(String, &'static str)> {
        KEY_OUTCOMES
            .iter()
            .map(|outcome| (outcome.metric.to_string(), outcome.title))
            .filter(|(metric, _)| {
                self.analysed
                    .iter()
                    .any(|a| &a.metric == metric && a.fields.iter().any(|f| f[self.at].is_some()))
            })
            .collect()
    }

    /// The parameters' names down the left of every panel.
    fn names(&self) -> (String, Vec<String>) {
        let paths: Vec<String> = self.identity.axes.iter().map(|a| a.path.clone()).collect();
        labels::parameters(&paths)
    }

    fn panel_height(&self) -> u32 {
        let row = self.identity.strategies.len().max(1) as u32 * BAR_HEIGHT + ROW_GAP;
        PANEL_FRAME_HEIGHT + self.identity.axes.len() as u32 * row
    }

    fn bar(&self, metric: &str, strategy: &str, parameter: usize) -> Bar {
        let fields = self
            .analysed
            .iter()
            .find(|a| a.metric == metric && a.strategy == strategy)
            .map(|a| &a.fields[parameter]);
        Bar {
            value: fields.and_then(|f| f[self.at]),
            interval: fields.and_then(|f| {
                let (low, high) = self.interval?;
                Some((f[low]?, f[high]?))
            }),
        }
    }

    fn columns(&self) -> usize {
        self.panels.len().min(2)
    }
}

impl Drawing for Figure<'_> {
    fn size(&self) -> (u32, u32) {
        let columns = self.columns() as u32;
        let rows = (self.panels.len() as u32).div_ceil(columns);
        (
            (columns * PANEL_WIDTH).max(900),
            FRAME_HEIGHT + rows * self.panel_height(),
        )
    }

    fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        pen: &Pen,
    ) -> Result<(), DrawError> {
        let (panels, columns) = (&self.panels, self.columns());
        let id = self.identity;
        let legend = strategy_legend(id);
        let (title, what) = match self.index {
            "S1" => ("First-order Sobol' index S1", "S1: share of the variance due to the parameter alone (Saltelli 2010)"),
            "ST" => ("Total Sobol' index ST", "ST: share of the variance due to the parameter with all its interactions (Jansen 1999)"),
            _ => ("Morris mu*", "mu*: mean absolute elementary effect, in the metric's units per whole range of the parameter"),
        };
        let caption = format!(
            "Sweep of \u{201c}{}\u{201d}, {} points, seed {}; outcome: mean over {} replicate{} per point. {what}; whiskers: 95% bootstrap interval, without a cap where cut at the axis end.",
            id.scenario,
            id.points,
            id.seed,
            id.replicates,
            if id.replicates == 1 { "" } else { "s" },
        );
        let body = style::frame(root, pen, title, &legend, &caption)?;
        let areas = body.split_evenly((panels.len().div_ceil(columns), columns));
        for ((metric, label), area) in panels.iter().zip(areas.iter()) {
            self.draw_panel(area, pen, metric, label)?;
        }
        Ok(())
    }
}

impl Figure<'_> {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        pen: &Pen,
        metric: &str,
        label: &str,
    ) -> Result<(), DrawError> {
        let axes = &self.identity.axes;
        let strategies = &self.identity.strategies;
        // The index axis covers every bar and, for mu*, every whisker. The Sobol' indices
        // are shares of a variance: their axis runs to at least 1, and their whiskers are
        // cut at -0.5 and 1.5 (unless a bar itself lies beyond), where a bootstrap
        // interval of a few base rows can reach far past any share. A whisker cut at an
        // end of the axis has no cap there.
        let (mut low, mut high) = (0.0f64, 0.0f64);
        let (mut bars_low, mut bars_high) = (0.0f64, 0.0f64);
        for (p, _) in axes.iter().enumerate() {
            for strategy in strategies {
                let bar = self.bar(metric, strategy, p);
                if let Some(v) = bar.value {
                    bars_low = bars_low.min(v);
                    bars_high = bars_high.max(v);
                }
                for v in bar
                    .value
                    .into_iter()
                    .chain(bar.interval.map(|i| i.0))
                    .chain(bar.interval.map(|i| i.1))
                {
                    low = low.min(v);
                    high = high.max(v);
                }
            }
        }
        if self.index != "mu_star" {
            low = low.max(-0.5).min(bars_low);
            high = high.clamp(1.0, 1.5).max(bars_high);
        }
        if high <= low {
            high = low + 1.0;
        }
        let pad = 0.03 * (high - low);
        let x_range = (if low < 0.0 { low - pad } else { 0.0 })..(high + pad);
        let (y_desc, names) = self.names();
        let rows = axes.len();
        // Parameter p's row is centred on rows - 1 - p, so that the first is at the top.
        let centres: Vec<f64> = (0..rows).map(|p| p as f64).collect();
        let widest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0) as u32;
        let mut chart = ChartBuilder::on(area)
            .caption(label, pen.font(PANEL_TITLE_SIZE))
            .margin(pen.px(10))
            .margin_right(pen.px(20))
            .x_label_area_size(pen.px(46))
            .y_label_area_size(pen.px(36 + 7 * widest.min(32)))
            .build_cartesian_2d(
                x_range.clone(),
                labels::Ticked::new(-0.5..(rows as f64 - 0.5), centres),
            )?;
        let categorical = |v: &f64| {
            let p = rows as f64 - 1.0 - v.round();
            names
                .get(p as usize)
                .map(|name| style::printable(name))
                .unwrap_or_default()
        };
        let mut mesh = chart.configure_mesh();
        mesh.y_desc(style::printable(&y_desc))
            .x_desc(format!("{} of {metric}", self.index))
            .x_labels(6)
            .y_label_formatter(&categorical)
            .x_label_formatter(&style::decimal);
        pen.style_mesh(&mut mesh);
        mesh.draw()?;
        let slot = 0.8 / strategies.len().max(1) as f64;
        let colors = style::strategy_colors(strategies);
        let inside = |v: f64| v.clamp(x_range.start, x_range.end);
        for p in 0..rows {
            let centre = (rows - 1 - p) as f64;
            for (s, strategy) in strategies.iter().enumerate() {
                let bar = self.bar(metric, strategy, p);
                let color = colors[s];
                let top = centre + 0.4 - s as f64 * slot;
                let middle = top - slot / 2.0;
                if let Some(value) = bar.value {
                    chart.draw_series(std::iter::once(Rectangle::new(
                        [(0.0, top - 0.1 * slot), (inside(value), top - 0.9 * slot)],
                        color.mix(0.75).filled(),
                    )))?;
                }
                if let Some((lo, hi)) = bar.interval {
                    let cap = 0.3 * slot;
                    let mut segments = vec![vec![(inside(lo), middle), (inside(hi), middle)]];
                    for end in [lo, hi] {
                        if inside(end) == end {
                            segments.push(vec![(end, middle - cap), (end, middle + cap)]);
                        }
                    }
                    for segment in segments {
                        chart.draw_series(std::iter::once(PathElement::new(
                            segment,
                            pen.line(style::INK, 1),
                        )))?;
                    }
                }
            }
        }
        Ok(())
    }
}
