//! `report.html`: one self-contained page with every chart (PNG as data URIs), a sentence
//! under each, the summary table with its intervals, and the resolved scenario and seed.
//! It names no URL, so it opens without a network; its bytes depend only on the data
//! files it is drawn from.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::charts::data::{ResultData, SummaryRow};
use crate::charts::style::strategy_colors;
use crate::charts::Chart;
use crate::measures::{CrisisOutcome, LossOutcome, Metric, RunMetric};
use crate::scenario::basis;
use crate::scenario::Shock;

pub const REPORT: &str = "report.html";

/// Escapes text for HTML content and attribute values. A control character other than a
/// tab or a line break (which HTML does not allow in a page, and which a file name or a
/// description may hold) becomes U+FFFD.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// A summary value with about three significant digits.
fn value(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs();
    let text = if magnitude >= 100.0 {
        format!("{x:.0}")
    } else if magnitude >= 10.0 {
        format!("{x:.1}")
    } else if magnitude >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    };
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A chart's name as a heading: `organizer_loss` → "Organizer loss".
fn heading(name: &str) -> String {
    capitalised(&name.replace('_', " "))
}

/// `text` with its first letter in capitals.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The look of every page: a result's report and a sweep's.
const STYLE: &str = "body{font-family:'DejaVu Sans',system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#222;background:#fff;max-width:1240px;margin:0 auto;padding:24px;line-height:1.45}
h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:1.05em;margin:.5em 0 0;max-width:62em}
.swatch{display:inline-block;width:1.6em;height:.45em;vertical-align:middle;margin:0 .35em 0 .1em;border-radius:2px}
table{border-collapse:collapse;font-size:.95em}th,td{padding:.35em .7em;border-bottom:1px solid #e4e4e4;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}.ci{color:#666;font-size:.85em}
.meaning{color:#444;max-width:30em}pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:.85em}
nav a{margin-right:1em}.pair{display:flex;flex-wrap:wrap;gap:2em;align-items:flex-start}.pair>*{flex:1 1 34em;min-width:0}
th.part{background:#f3f3f3}";

/// Sets `data-images="<loaded>/<total>"` on the page once it has loaded, so that a
/// headless browser can tell that every chart was decoded.
const IMAGE_CHECK: &str = "window.addEventListener('load',function(){var n=0,all=document.images;for(var i=0;i<all.length;i++){if(all[i].complete&&all[i].naturalWidth>0){n++;}}document.documentElement.setAttribute('data-images',n+'/'+all.length);});";

/// The page, from the result's data and its drawn charts.
pub fn render(data: &ResultData, charts: &[Chart]) -> String {
    let s = &data.scenario;
    let names = data.strategy_names();
    let mut out = page_start(&s.name);
    let _ = writeln!(out, "<h1>Scenario \u{201c}{}\u{201d}</h1>", escape(&s.name));
    if !s.description.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", escape(&s.description));
    }
    let strategies = strategy_list(&names);
    let shocks: Vec<String> = s.shocks.iter().map(Shock::describe).collect();
    let _ = writeln!(
        out,
        "<p>Seed <b>{}</b>; {} residents; {} years (one step is a week); {} replicates of each strategy, each replicate starting every strategy from the same community. Strategies: {strategies}.{}</p>",
        s.seed,
        s.population.size,
        s.years,
        s.replicates,
        if shocks.is_empty() {
            " No shocks.".to_string()
        } else {
            format!(" Shocks: {}.", escape(&shocks.join("; ")))
        }
    );
    let _ = writeln!(
        out,
        "<p>Drawn by solidarity {} from the data files beside this page. On the charts a line is the mean over replicates and a band its 95% confidence interval, unless the chart says otherwise.</p>",
        escape(&data.version)
    );
    out.push_str(
        "<nav><a href=\"#key-results\">key results</a><a href=\"#strategies\">strategies</a>",
    );
    for chart in charts {
        let _ = write!(out, "<a href=\"#{}\">{}</a>", chart.name, chart.name);
    }
    out.push_str("<a href=\"#summary\">summary</a><a href=\"#scenario\">scenario</a></nav>\n");
    key_results(&mut out, data, &names);
    strategy_lines(&mut out, data, &names);

    for chart in charts {
        out.push_str(&figure(&Figure {
            id: chart.name,
            heading: &heading(chart.name),
            alt: &chart.title,
            png: &chart.png,
            size: (chart.width, chart.height),
            sentence: &chart.sentence,
        }));
    }

    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<p>Each cell is the mean over replicates, with its 95% confidence interval below it (from <code>summary.csv</code>). Where a metric is undefined in some replicates, the number of replicates it rests on is given.</p>\n");
    summary_table(&mut out, data, &names);
    out.push_str("</section>\n");

    let resolved = s.resolved_toml();
    out.push_str("<section id=\"scenario\">\n<h2>Scenario</h2>\n<p>The scenario as run, every default filled in: as a table with what each value rests on (<i>sourced</i>, <i>calibrated</i>, <i>assumed</i> or a <i>setting</i> of the experiment, as <code>docs/ODD.md</code> section 8 gives it), and as the TOML of <code>scenario.toml</code>.</p>\n<div class=\"pair\">\n<div>\n");
    parameter_tables(&mut out, &resolved, &names);
    let _ = writeln!(
        out,
        "</div>\n<pre>{}</pre>\n</div>\n</section>",
        escape(&resolved)
    );
    out.push_str(&page_end());
    out
}

/// The start of a page titled `solidarity: <name>`, up to the opening `<body>`.
pub(crate) fn page_start(name: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>solidarity: {}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n",
        escape(name)
    )
}

/// The end of a page: the image check, then the closing tags.
pub(crate) fn page_end() -> String {
    format!("<script>{IMAGE_CHECK}</script>\n</body>\n</html>\n")
}

/// The strategies of `names`, each in bold after a swatch of its colour, joined by commas.
pub(crate) fn strategy_list<S: AsRef<str>>(names: &[S]) -> String {
    let colors = strategy_colors(names);
    names
        .iter()
        .zip(colors)
        .map(|(name, c)| format!("{}<b>{}</b>", swatch(c), escape(name.as_ref())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn swatch(c: plotters::style::RGBColor) -> String {
    format!(
        "<span class=\"swatch\" style=\"background:#{:02x}{:02x}{:02x}\"></span>",
        c.0, c.1, c.2
    )
}

/// A chart as a page shows it: a section with its heading, the PNG inline, and a sentence.
pub(crate) struct Figure<'a> {
    /// The section's id, for the page's links.
    pub id: &'a str,
    pub heading: &'a str,
    /// The chart's title, as the image's alternative text.
    pub alt: &'a str,
    pub png: &'a [u8],
    pub size: (u32, u32),
    pub sentence: &'a str,
}

pub(crate) fn figure(f: &Figure) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    format!(
        "<section id=\"{id}\">\n<h2>{heading}</h2>\n<figure>\n<img src=\"data:image/png;base64,{data}\" width=\"{w}\" height=\"{h}\" alt=\"{alt}\">\n<figcaption>{sentence}</figcaption>\n</figure>\n</section>\n",
        id = escape(f.id),
        heading = escape(f.heading),
        alt = escape(f.alt),
        data = engine.encode(f.png),
        w = f.size.0,
        h = f.size.1,
        sentence = escape(f.sentence),
    )
}

fn summary_table(out: &mut String, data: &ResultData, names: &[&str]) {
    out.push_str("<table>\n<thead><tr><th>metric</th><th>what it means</th>");
    for (name, c) in names.iter().zip(strategy_colors(names)) {
        let _ = write!(out, "<th>{}{}</th>", swatch(c), escape(name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    // Metrics in the order of their first appearance in summary.csv.
    let mut metrics: Vec<Metric> = Vec::new();
    for row in &data.summary {
        if !metrics.contains(&row.metric) {
            metrics.push(row.metric);
        }
    }
    let replicates = data.scenario.replicates;
    for metric in metrics {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td class=\"meaning\">{}</td>",
            escape(&metric.to_string()),
            escape(&metric.meaning(&data.scenario))
        );
        for name in names {
            let row = data
                .summary
                .iter()
                .find(|r| r.metric == metric && r.strategy == *name);
            out.push_str(&cell(row, replicates));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn cell(row: Option<&SummaryRow>, replicates: u32) -> String {
    let Some(row) = row else {
        return "<td class=\"num\">\u{2013}</td>".into();
    };
    let Some(mean) = row.mean else {
        return "<td class=\"num\">undefined</td>".into();
    };
    let interval = match (row.ci_low, row.ci_high) {
        (Some(low), Some(high)) => format!("[{}, {}]", value(low), value(high)),
        _ => String::new(),
    };
    let count = if row.replicates < replicates {
        format!(" ({} of {replicates})", row.replicates)
    } else {
        String::new()
    };
    format!(
        "<td class=\"num\">{}<br><span class=\"ci\">{interval}{count}</span></td>",
        value(mean)
    )
}

/// The metrics the key results name: retention, burnout and robustness, and the main
/// outcome of each organizer loss and crisis, in `summary.csv`'s order.
fn key_metrics(data: &ResultData) -> Vec<Metric> {
    Metric::all(&data.scenario)
        .into_iter()
        .filter(|m| {
            matches!(
                m,
                Metric::Run(
                    RunMetric::Retention1y
                        | RunMetric::Retention3y
                        | RunMetric::BurnoutShare5y
                        | RunMetric::RobustnessTargeted
                ) | Metric::Loss {
                    outcome: LossOutcome::ActiveRatio,
                    ..
                } | Metric::Crisis {
                    outcome: CrisisOutcome::NeedsMetDuring | CrisisOutcome::BurnoutsDuring,
                    ..
                }
            )
        })
        .collect()
}

/// "Key results": each key metric's strategies from highest to lowest mean, `>` between
/// two whose 95% intervals are apart and `≈` between two whose intervals overlap.
fn key_results(out: &mut String, data: &ResultData, names: &[&str]) {
    let _ = writeln!(
        out,
        "<section id=\"key-results\">\n<h2>Key results</h2>\n<p>From <code>summary.csv</code>: each figure is the mean over {} replicates with its 95% confidence interval; strategies run from the highest mean to the lowest, with <b>&gt;</b> where two intervals are apart and <b>\u{2248}</b> where they overlap (the replicates do not separate them).</p>\n<ul>",
        data.scenario.replicates
    );
    for metric in key_metrics(data) {
        let mut rows: Vec<&SummaryRow> = names
            .iter()
            .filter_map(|name| {
                data.summary
                    .iter()
                    .find(|r| r.metric == metric && r.strategy == *name)
            })
            .collect();
        let undefined: Vec<&str> = rows
            .iter()
            .filter(|r| r.mean.is_none())
            .map(|r| r.strategy.as_str())
            .collect();
        rows.retain(|r| r.mean.is_some());
        // Highest first; a stable sort keeps the scenario's order among equals.
        rows.sort_by(|a, b| {
            b.mean
                .partial_cmp(&a.mean)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut line = String::new();
        for (k, row) in rows.iter().enumerate() {
            if k > 0 {
                line += if apart(rows[k - 1], row) {
                    " &gt; "
                } else {
                    " \u{2248} "
                };
            }
            let interval = match (row.ci_low, row.ci_high) {
                (Some(low), Some(high)) => format!(" [{}, {}]", value(low), value(high)),
                _ => String::new(),
            };
            let _ = write!(
                line,
                "<b>{}</b> {}{interval}",
                escape(&row.strategy),
                value(row.mean.unwrap_or_default())
            );
        }
        if !undefined.is_empty() {
            let _ = write!(
                line,
                "{}undefined for {}",
                if rows.is_empty() { "" } else { "; " },
                escape(&undefined.join(", "))
            );
        }
        let _ = writeln!(
            out,
            "<li><code>{}</code>, {}: {line}.</li>",
            escape(&metric.to_string()),
            escape(&metric.meaning(&data.scenario))
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// Whether the 95% intervals of two summary rows are apart (`high` is above `low`'s).
fn apart(high: &SummaryRow, low: &SummaryRow) -> bool {
    match (high.ci_low, low.ci_high) {
        (Some(a), Some(b)) => a > b,
        _ => false,
    }
}

/// "Strategies": one line per strategy on what it does.
fn strategy_lines(out: &mut String, data: &ResultData, names: &[&str]) {
    out.push_str("<section id=\"strategies\">\n<h2>Strategies</h2>\n<ul>\n");
    for (strategy, color) in data.scenario.strategies.iter().zip(strategy_colors(names)) {
        let _ = writeln!(
            out,
            "<li>{}<b>{}</b>: {}.</li>",
            swatch(color),
            escape(&strategy.name),
            escape(&strategy.describe())
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// The resolved scenario as tables: the scenario's own keys with their values and
/// grounds, then the strategies' keys with a column per strategy.
fn parameter_tables(out: &mut String, resolved: &str, names: &[&str]) {
    let settings: Vec<(String, &str)> = basis::settings(resolved)
        .into_iter()
        .filter_map(|(_, setting)| setting)
        .collect();
    let rests_on = |key: &str| basis::ground(key).map(basis::short).unwrap_or_default();

    out.push_str("<table>\n<thead><tr><th>parameter</th><th>value</th><th>rests on</th></tr></thead>\n<tbody>\n");
    let mut part = "";
    for (key, text) in settings.iter().filter(|(k, _)| !k.starts_with("strategy.")) {
        let section = key.rsplit_once('.').map_or("", |(table, _)| table);
        if section != part {
            let _ = writeln!(
                out,
                "<tr><th class=\"part\" colspan=\"3\">[{}]</th></tr>",
                escape(section)
            );
            part = section;
        }
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td>{}</td><td class=\"meaning\">{}</td></tr>",
            escape(key.rsplit('.').next().unwrap_or(key)),
            escape(text),
            escape(rests_on(key))
        );
    }
    out.push_str("</tbody>\n</table>\n");

    // A strategy key as `mobilization.screening`, in order of first appearance.
    let mut keys: Vec<String> = Vec::new();
    let mut cells: Vec<(&str, String, &str)> = Vec::new();
    for (key, text) in &settings {
        let Some(rest) = key.strip_prefix("strategy.") else {
            continue;
        };
        let Some(name) = names.iter().find(|n| {
            rest.strip_prefix(**n)
                .is_some_and(|tail| tail.starts_with('.'))
        }) else {
            continue;
        };
        let short = rest[name.len() + 1..].to_string();
        if !keys.contains(&short) {
            keys.push(short.clone());
        }
        cells.push((name, short, text));
    }
    if keys.is_empty() {
        return;
    }
    out.push_str("<table>\n<thead><tr><th>strategy parameter</th>");
    for name in names {
        let _ = write!(out, "<th>{}</th>", escape(name));
    }
    out.push_str("<th>rests on</th></tr></thead>\n<tbody>\n");
    for key in &keys {
        let _ = write!(out, "<tr><td><code>{}</code></td>", escape(key));
        for name in names {
            let text = cells
                .iter()
                .find(|(n, k, _)| n == name && k == key)
                .map_or("\u{2013}", |(_, _, t)| t);
            let _ = write!(out, "<td>{}</td>", escape(text));
        }
        // Grounds are documented per key, whatever the strategy.
        let _ = writeln!(
            out,
            "<td class=\"meaning\">{}</td></tr>",
            escape(rests_on(&format!("strategy.{}.{key}", names[0])))
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_have_about_three_significant_digits() {
        assert_eq!(value(290.25), "290");
        assert_eq!(value(71.4), "71.4");
        assert_eq!(value(2.5), "2.50");
        assert_eq!(value(0.757595), "0.758");
        assert_eq!(value(-0.0001), "0.000");
        assert_eq!(value(0.0), "0");
    }

    #[test]
    fn headings_are_chart_names_in_words() {
        assert_eq!(heading("organizer_loss"), "Organizer loss");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
        assert_eq!(
            escape("a\u{1}b\r\n\tc\u{7f}"),
            "a\u{fffd}b\u{fffd}\n\tc\u{fffd}"
        );
    }
}
