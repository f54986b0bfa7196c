//! The data files of a result: `manifest.json`, `scenario.toml` and the CSV tables. Their
//! names and leading columns are a contract; `timeseries.csv`'s columns and the metrics of
//! `summary.csv` are those `measures` declares.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::checksums::SUMS;
use crate::charts::chart_names;
use crate::charts::data;
use crate::error::Error;
use crate::measures::Column;
use crate::model::measure::WeekRow;
use crate::report::REPORT;
use crate::runner::RunRecord;
use crate::scenario::{RawScenario, Scenario};
use crate::summary::Summarizer;

pub const MANIFEST: &str = "manifest.json";
/// Each summary metric in each replicate: the values `summary.csv` averages.
pub const REPLICATES: &str = "replicates.csv";

pub const TENURE_COLUMNS: [&str; 6] = [
    "strategy",
    "replicate",
    "resident",
    "joined_week",
    "left_week",
    "reason",
];
pub const RETENTION_COLUMNS: [&str; 7] = [
    "strategy", "week", "at_risk", "events", "survival", "ci_low", "ci_high",
];
pub const ROBUSTNESS_COLUMNS: [&str; 6] = [
    "strategy",
    "replicate",
    "week",
    "mode",
    "fraction_removed",
    "lcc_fraction",
];
pub const NETWORK_NODES_COLUMNS: [&str; 6] = [
    "strategy",
    "replicate",
    "week",
    "resident",
    "state",
    "group",
];
pub const NETWORK_EDGES_COLUMNS: [&str; 7] = [
    "strategy",
    "replicate",
    "week",
    "source",
    "target",
    "strength",
    "depth",
];
pub const SUMMARY_COLUMNS: [&str; 6] = [
    "strategy",
    "metric",
    "mean",
    "ci_low",
    "ci_high",
    "replicates",
];

pub const REPLICATES_COLUMNS: [&str; 4] = ["strategy", "replicate", "metric", "value"];

/// Points kept of each robustness curve; R itself is computed on the whole curve.
const CURVE_POINTS: usize = 100;

/// A number as written in every CSV file: `.` decimals, at most six of them, no exponent,
/// no trailing zeros.
pub fn format_number(x: f64) -> String {
    let text = format!("{x:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

fn optional(x: Option<f64>) -> String {
    x.map(format_number).unwrap_or_default()
}

#[derive(Serialize)]
struct Manifest<'a> {
    scenario: &'a str,
    solidarity_version: &'a str,
    seed: u64,
    replicates: u32,
    years: u32,
    strategies: Vec<&'a str>,
    files: Vec<String>,
    resolved: RawScenario,
}

/// The data files, written by `run` only; the charts and the report are drawn from them.
pub const DATA_FILES: [&str; 10] = [
    MANIFEST,
    "scenario.toml",
    "timeseries.csv",
    "tenure.csv",
    "retention.csv",
    "robustness.csv",
    "summary.csv",
    REPLICATES,
    data::NETWORK_NODES,
    data::NETWORK_EDGES,
];

/// Every file at the top of a result directory of `scenario`, as the manifest lists them.
fn all_files(scenario: &Scenario) -> Vec<String> {
    let mut files: Vec<String> = DATA_FILES.iter().map(|f| f.to_string()).collect();
    for chart in chart_names(scenario) {
        files.push(format!("{chart}.svg"));
        files.push(format!("{chart}.png"));
    }
    files.push(REPORT.to_string());
    files.push(SUMS.to_string());
    files
}

/// Writes every data file of a result from the records of all its runs.
pub fn write_all(dir: &Path, scenario: &Scenario, records: &[RunRecord]) -> Result<(), Error> {
    let mut tables = RunTables::create(dir, scenario)?;
    for run in records {
        tables.write_run(run)?;
    }
    tables.finish()?;
    write_totals(dir, scenario, &Summarizer::of(scenario, records))
}

/// The tables with rows for each run (`timeseries.csv`, `tenure.csv`, `robustness.csv`
/// and the network pictures), written run by run as runs are handed over in (replicate,
/// strategy) order, so that no run's record need be kept once it is written.
pub struct RunTables {
    names: Vec<String>,
    timeseries: CsvFile,
    tenure: CsvFile,
    robustness: CsvFile,
    nodes: CsvFile,
    edges: CsvFile,
}

impl RunTables {
    /// Creates the tables in `dir`, each with its header.
    pub fn create(dir: &Path, scenario: &Scenario) -> Result<RunTables, Error> {
        Ok(RunTables {
            names: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
            timeseries: CsvFile::create(&dir.join("timeseries.csv"), Column::header())?,
            tenure: CsvFile::create(&dir.join("tenure.csv"), TENURE_COLUMNS)?,
            robustness: CsvFile::create(&dir.join("robustness.csv"), ROBUSTNESS_COLUMNS)?,
            nodes: CsvFile::create(&dir.join(data::NETWORK_NODES), NETWORK_NODES_COLUMNS)?,
            edges: CsvFile::create(&dir.join(data::NETWORK_EDGES), NETWORK_EDGES_COLUMNS)?,
        })
    }

    /// Appends one run's rows to every table.
    pub fn write_run(&mut self, run: &RunRecord) -> Result<(), Error> {
        let strategy = self.names[run.strategy].as_str();
        let replicate = run.replicate.to_string();
        for row in &run.weeks {
            self.timeseries
                .row(timeseries_row(strategy, run.replicate, row))?;
        }
        for spell in &run.spells {
            self.tenure.row(vec![
                strategy.to_string(),
                replicate.clone(),
                spell.resident.to_string(),
                spell.joined_week.to_string(),
                spell.left_week.to_string(),
                spell.end.name().to_string(),
            ])?;
        }
        for snapshot in &run.snapshots {
            let r = snapshot;
            for (mode, curve) in [("targeted", &r.targeted), ("random", &r.random)] {
                for (fraction, lcc) in sample_curve(curve) {
                    self.robustness.row(vec![
                        strategy.to_string(),
                        replicate.clone(),
                        r.week.to_string(),
                        mode.to_string(),
                        format_number(fraction),
                        format_number(lcc),
                    ])?;
                }
            }
        }
        for snapshot in &run.networks {
            for node in &snapshot.nodes {
                self.nodes.row(vec![
                    strategy.to_string(),
                    replicate.clone(),
                    snapshot.week.to_string(),
                    node.id.to_string(),
                    node.state.name().to_string(),
                    node.group.to_string(),
                ])?;
            }
            for edge in &snapshot.edges {
                self.edges.row(vec![
                    strategy.to_string(),
                    replicate.clone(),
                    snapshot.week.to_string(),
                    edge.a.to_string(),
                    edge.b.to_string(),
                    format_number(edge.strength),
                    edge.depth.to_string(),
                ])?;
            }
        }
        Ok(())
    }

    /// Flushes every table to disk.
    pub fn finish(self) -> Result<(), Error> {
        for table in [
            self.timeseries,
            self.tenure,
            self.robustness,
            self.nodes,
            self.edges,
        ] {
            table.finish()?;
        }
        Ok(())
    }
}

/// Writes the files that describe all runs together: `manifest.json`, `scenario.toml`,
/// `retention.csv`, `summary.csv` and `replicates.csv`.
pub fn write_totals(
    dir: &Path,
    scenario: &Scenario,
    summarizer: &Summarizer<'_>,
) -> Result<(), Error> {
    let names: Vec<&str> = scenario
        .strategies
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    let manifest = Manifest {
        scenario: &scenario.name,
        solidarity_version: env!("CARGO_PKG_VERSION"),
        seed: scenario.seed,
        replicates: scenario.replicates,
        years: scenario.years,
        strategies: names.clone(),
        files: all_files(scenario),
        resolved: scenario.resolved(),
    };
    let json = serde_json::to_string_pretty(&manifest)
        .map_err(|e| Error::Other(format!("cannot render the manifest: {e}")))?;
    write_text(&dir.join(MANIFEST), &(json + "\n"))?;
    write_text(&dir.join("scenario.toml"), &scenario.resolved_toml())?;

    let mut retention = CsvFile::create(&dir.join("retention.csv"), RETENTION_COLUMNS)?;
    for (strategy, rows) in summarizer.retention().iter().enumerate() {
        for row in rows {
            retention.row(vec![
                names[strategy].to_string(),
                row.week.to_string(),
                row.at_risk.to_string(),
                row.events.to_string(),
                format_number(row.survival),
                format_number(row.ci_low),
                format_number(row.ci_high),
            ])?;
        }
    }
    retention.finish()?;
    let mut summary = CsvFile::create(&dir.join("summary.csv"), SUMMARY_COLUMNS)?;
    for row in &summarizer.rows() {
        let i = row.interval;
        summary.row(vec![
            names[row.strategy].to_string(),
            row.metric.to_string(),
            optional(i.map(|i| i.mean)),
            optional(i.map(|i| i.low)),
            optional(i.map(|i| i.high)),
            i.map_or(0, |i| i.n).to_string(),
        ])?;
    }
    summary.finish()?;
    let mut replicates = CsvFile::create(&dir.join(REPLICATES), REPLICATES_COLUMNS)?;
    for row in &summarizer.replicate_rows() {
        replicates.row(vec![
            names[row.strategy].to_string(),
            row.replicate.to_string(),
            row.metric.to_string(),
            optional(row.value),
        ])?;
    }
    replicates.finish()
}

fn timeseries_row(strategy: &str, replicate: u32, w: &WeekRow) -> Vec<String> {
    let keys = [
        strategy.to_string(),
        replicate.to_string(),
        w.week.to_string(),
    ];
    let columns = Column::ALL.iter().map(|c| optional(c.of(w)));
    keys.into_iter().chain(columns).collect()
}

/// At most `CURVE_POINTS` evenly spaced points `(fraction removed, largest component)` of a
/// removal curve whose entry `q - 1` follows the removal of `q` of its `n` nodes.
fn sample_curve(curve: &[f64]) -> Vec<(f64, f64)> {
    let n = curve.len();
    let points = n.min(CURVE_POINTS);
    (1..=points)
        .map(|k| {
            let q = (k * n).div_ceil(points);
            (q as f64 / n as f64, curve[q - 1])
        })
        .collect()
}

fn write_text(path: &Path, text: &str) -> Result<(), Error> {
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// A CSV file being written: the header first, then rows.
struct CsvFile {
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl CsvFile {
    fn create<'h>(
        path: &Path,
        header: impl IntoIterator<Item = &'h str>,
    ) -> Result<CsvFile, Error> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        let mut table = CsvFile {
            path: path.to_path_buf(),
            writer: csv::Writer::from_writer(BufWriter::new(file)),
        };
        table.row(header)?;
        Ok(table)
    }

    fn row<I: IntoIterator>(&mut self, fields: I) -> Result<(), Error>
    where
        I::Item: AsRef<[u8]>,
    {
        self.writer
            .write_record(fields)
            .map_err(|e| Error::Other(format!("{}: {e}", self.path.display())))
    }

    fn finish(self) -> Result<(), Error> {
        let path = self.path;
        let mut inner = self
            .writer
            .into_inner()
            .map_err(|e| Error::Other(format!("{}: {e}", path.display())))?;
        inner.flush().map_err(|e| Error::io(&path, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(format_number(0.5), "0.5");
        assert_eq!(format_number(2.0), "2");
        assert_eq!(format_number(1.0 / 3.0), "0.333333");
        assert_eq!(format_number(1e-9), "0");
        assert_eq!(format_number(-1e-9), "0");
        assert_eq!(format_number(12345.25), "12345.25");
    }

    #[test]
    fn curves_are_sampled_to_at_most_a_hundred_points_ending_at_full_removal() {
        let long: Vec<f64> = (0..1000).map(|q| 1.0 - (q + 1) as f64 / 1000.0).collect();
        let points = sample_curve(&long);
        assert_eq!(points.len(), 100);
        assert_eq!(points[0], (0.01, long[9]));
        assert_eq!(points[99], (1.0, 0.0));
        let short = [0.5, 0.25, 0.0];
        assert_eq!(
            sample_curve(&short),
            vec![(1.0 / 3.0, 0.5), (2.0 / 3.0, 0.25), (1.0, 0.0)]
        );
    }
}
