//! The sweep's `report.html`: one self-contained page with what was swept (the grid's
//! values, or the design and its ranges), every sweep chart inline with a sentence under
//! it, and the resolved scenario. It is drawn from the sweep's identity and its charts
//! alone, with the page of a result's report (`crate::report`), so a merged sweep's page
//! has the very bytes of the unsharded one.

use std::fmt::Write as _;

use super::charts::{SweepChart, MAX_PANELS};
use super::identity::{AxisRecord, Identity};
use super::labels;
use crate::report::{capitalised, escape, figure, page_end, page_start, strategy_list, Figure};
use crate::scenario::Scenario;

/// The most values of a parameter the page lists; `sweep.csv` holds them all.
const MOST_VALUES: usize = 12;

/// The page of the sweep of `scenario` (whose identity is `identity`), with `charts`.
pub fn render(identity: &Identity, scenario: &Scenario, charts: &[SweepChart]) -> String {
    let id = identity;
    let mut out = page_start(&format!("sweep {}", id.scenario));
    let _ = writeln!(
        out,
        "<h1>Sweep \u{201c}{}\u{201d}</h1>",
        escape(&id.scenario)
    );
    if !scenario.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&scenario.description));
    }
    let _ = writeln!(
        out,
        "<p>{} points, each a scenario of its own: the base scenario below with the point's values set. Seed <b>{}</b>; {} replicate{} of each strategy at each point, {} years each. Strategies: {}.</p>",
        id.points,
        id.seed,
        id.replicates,
        if id.replicates == 1 { "" } else { "s" },
        id.years,
        strategy_list(&id.strategies),
    );
    let _ = writeln!(
        out,
        "<p>Drawn by solidarity {} from <code>sweep.csv</code> beside this page, which holds every point's summary; each point's own result, with its report, is in <code>points/</code>.</p>",
        escape(&id.solidarity_version)
    );
    out.push_str("<nav><a href=\"#parameters\">parameters</a>");
    for chart in charts {
        let _ = write!(
            out,
            "<a href=\"#{}\">{} by {}</a>",
            escape(&chart.name),
            chart.metric,
            escape(labels::key(&id.axes[chart.axis].path))
        );
    }
    out.push_str("<a href=\"#scenario\">scenario</a></nav>\n");

    parameters(&mut out, id);
    if charts.is_empty() {
        let design = id.design.as_ref().map_or("grid", |d| d.name.as_str());
        let analysis = match design {
            "sobol" | "morris" => ", and <code>solidarity analyze</code> writes its sensitivity indices (<code>indices.csv</code>) and their charts beside this page",
            _ => "",
        };
        let _ = writeln!(
            out,
            "<p>The points of a {design} design are not a grid, so no chart shows one parameter with the others held fixed: <code>sweep.csv</code> holds every point{analysis}.</p>"
        );
    }
    for chart in charts {
        out.push_str(&figure(&Figure {
            id: &chart.name,
            heading: &chart.title,
            alt: &chart.title,
            png: &chart.png,
            size: chart.size,
            sentence: &sentence(id, scenario, chart),
        }));
    }
    let _ = writeln!(
        out,
        "<section id=\"scenario\">\n<h2>Scenario</h2>\n<p>The scenario as swept, every default filled in, its <code>[sweep]</code> table included (each point's <code>scenario.toml</code> holds the point's values instead).</p>\n<pre>{}</pre>\n</section>",
        escape(&scenario.resolved_toml())
    );
    out.push_str(&page_end());
    out
}

/// The design in a sentence, then each swept parameter with its values or its range.
fn parameters(out: &mut String, id: &Identity) {
    let k = id.axes.len();
    let design = match &id.design {
        None => format!(
            "A grid of {} points: every combination of the values below, the last parameter varying fastest.",
            id.points
        ),
        Some(d) => match (d.name.as_str(), d.samples, d.trajectories, d.levels) {
            ("lhs", Some(samples), _, _) => format!(
                "A Latin hypercube of {samples} points within the ranges below, drawn from the seed."
            ),
            ("sobol", Some(samples), _, _) => format!(
                "Saltelli's scheme for Sobol' indices: {samples} base rows of {} points each, {} points within the ranges below, drawn from the seed.",
                k + 2,
                id.points
            ),
            ("morris", _, Some(trajectories), Some(levels)) => format!(
                "{trajectories} Morris trajectories of {} points on {levels} levels, {} points within the ranges below, drawn from the seed.",
                k + 1,
                id.points
            ),
            _ => format!(
                "A table of {} points, given row by row (the scenario below writes its rows inline).",
                id.points
            ),
        },
    };
    let ranged = id.axes.iter().any(|a| a.min.is_some());
    let _ = writeln!(
        out,
        "<section id=\"parameters\">\n<h2>Swept parameters</h2>\n<p>{}</p>\n<table>\n<thead><tr><th>parameter</th><th>on the charts</th><th>{}</th></tr></thead>\n<tbody>",
        escape(&design),
        if ranged { "range" } else { "values" }
    );
    for axis in &id.axes {
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            escape(&axis.path),
            escape(&labels::parameter(&axis.path)),
            escape(&values(axis))
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// A parameter's range, or its distinct values in order of first appearance.
fn values(axis: &AxisRecord) -> String {
    if let (Some(min), Some(max)) = (&axis.min, &axis.max) {
        let whole = if labels::whole_valued(&axis.path, &[min.clone(), max.clone()]) {
            ", whole values"
        } else {
            ""
        };
        return format!("[{min}, {max}]{whole}");
    }
    let mut distinct: Vec<String> = Vec::new();
    for text in axis.texts() {
        if !distinct.contains(&text) {
            distinct.push(text);
        }
    }
    let more = distinct.len().saturating_sub(MOST_VALUES);
    distinct.truncate(MOST_VALUES);
    let mut text = distinct.join(", ");
    if more > 0 {
        let _ = write!(text, " and {more} more");
    }
    text
}

/// What a chart shows, in one sentence.
fn sentence(id: &Identity, scenario: &Scenario, chart: &SweepChart) -> String {
    let parameter = labels::in_words(&id.axes[chart.axis].path);
    let others: Vec<String> = id
        .axes
        .iter()
        .enumerate()
        .filter(|(k, _)| *k != chart.axis)
        .map(|(_, a)| labels::in_words(&a.path))
        .collect();
    let panels = match (chart.panels, others.as_slice()) {
        (_, []) => String::new(),
        ((shown, all), _) if shown < all => format!(
            ", one panel for each of the first {MAX_PANELS} of the {all} combinations of {}",
            others.join(" and ")
        ),
        (_, [other]) => format!(", one panel for each value of {other}"),
        _ => format!(
            ", one panel for each combination of {}",
            others.join(" and ")
        ),
    };
    format!(
        "{} ({}) against {parameter}: each strategy's mean over replicates at each value, with its 95% confidence interval as a band{panels}.",
        capitalised(&chart.metric.meaning(scenario)),
        chart.metric,
    )
}
