//! The registry of measures (`solidarity::measures`) against the interface contract and
//! the documentation: the contract's columns and metrics are there, under their names and
//! in their order, and `docs/ODD.md` and `README.md` list what the registry declares.

mod cli_support;

use std::path::Path;

use cli_support::{CONTRACT_METRICS, SHOCK0_METRICS, TIMESERIES_COLUMNS};
use solidarity::measures::{Column, CrisisOutcome, LossOutcome, RunMetric, TIMESERIES_KEYS};

fn header() -> Vec<&'static str> {
    Column::header().collect()
}

#[test]
fn the_timeseries_header_starts_with_the_contract_columns() {
    let header = header();
    assert_eq!(TIMESERIES_KEYS, ["strategy", "replicate", "week"]);
    assert_eq!(&header[..TIMESERIES_COLUMNS.len()], TIMESERIES_COLUMNS);
    assert_eq!(header.len(), TIMESERIES_KEYS.len() + Column::ALL.len());
}

#[test]
fn the_summary_reports_the_contract_metrics() {
    let names: Vec<&str> = RunMetric::ALL.iter().map(|m| m.name()).collect();
    for metric in CONTRACT_METRICS {
        assert!(names.contains(&metric), "{metric} is not reported");
    }
    let names: Vec<String> = LossOutcome::ALL
        .iter()
        .map(|o| format!("shock0_{}", o.suffix()))
        .collect();
    assert_eq!(names, SHOCK0_METRICS);
}

fn read(file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The items of the bullet list that follows the paragraph starting with `opening`, each
/// with its lines joined by single spaces.
fn list_after(text: &str, opening: &str) -> Vec<String> {
    let start = text
        .find(opening)
        .unwrap_or_else(|| panic!("no paragraph starting with {opening}"));
    let mut items: Vec<String> = Vec::new();
    let lines = text[start..].lines().skip_while(|l| !l.starts_with("- "));
    for line in lines {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.to_string());
        } else if let (Some(rest), Some(item)) = (line.strip_prefix("  "), items.last_mut()) {
            item.push(' ');
            item.push_str(rest.trim_start());
        } else {
            break;
        }
    }
    items
}

/// The names between backticks in `text`, in order.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The summary metrics as the documentation names them: `shock<i>_…` for each loss, then
/// for each crisis.
fn documented_metrics() -> Vec<String> {
    let run = RunMetric::ALL.iter().map(|m| m.name().to_string());
    let loss = LossOutcome::ALL
        .iter()
        .map(|o| format!("shock<i>_{}", o.suffix()));
    let crisis = CrisisOutcome::ALL
        .iter()
        .map(|o| format!("shock<i>_{}", o.suffix()));
    run.chain(loss).chain(crisis).collect()
}

#[test]
fn the_model_description_lists_every_column_with_its_unit_and_meaning() {
    let odd = read("docs/ODD.md");
    let items = list_after(&odd, "**Weekly row**");
    let listed: Vec<&str> = items
        .iter()
        .map(|item| backticked(item).first().copied().unwrap_or_default())
        .collect();
    let columns: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(listed, columns, "docs/ODD.md 7.12, the weekly row");
    for (item, column) in items.iter().zip(Column::ALL) {
        let opening = format!(
            "`{}` ({}): {}",
            column.name(),
            column.unit(),
            column.meaning()
        );
        assert!(
            item.starts_with(&opening),
            "docs/ODD.md 7.12 should open the item of `{}` with\n  {opening}\nbut has\n  {item}",
            column.name()
        );
    }
}

#[test]
fn the_model_description_lists_every_summary_metric_in_order() {
    let odd = read("docs/ODD.md");
    let listed: Vec<String> = list_after(&odd, "**Summary** (`summary::summarize`")
        .iter()
        .flat_map(|item| {
            let (head, _) = item.split_once(": ").unwrap_or_default();
            backticked(head)
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        listed,
        documented_metrics(),
        "docs/ODD.md 7.12, the summary"
    );
}

#[test]
fn the_readme_lists_every_column_and_only_summary_metrics() {
    let readme = read("README.md");
    let row = |file: &str| {
        let opening = format!("| `{file}` |");
        readme
            .lines()
            .find(|l| l.starts_with(&opening))
            .unwrap_or_else(|| panic!("README.md has no row for {file}"))
            .trim_start_matches(&opening)
            .to_string()
    };
    let timeseries = row("timeseries.csv");
    let columns: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(
        backticked(&timeseries),
        columns,
        "README.md, timeseries.csv"
    );
    let summary = row("summary.csv");
    let metrics = documented_metrics();
    for name in backticked(&summary) {
        assert!(
            metrics.iter().any(|m| m == name),
            "README.md names `{name}` as a summary metric"
        );
    }
}
