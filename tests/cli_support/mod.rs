//! Helpers shared by the command-line integration tests (`cli.rs`, `output_files.rs`,
//! `determinism.rs`, …): a tiny scenario, running the binary, reading its CSV files, and
//! the columns and metrics the interface contract fixes.
//!
//! Each test binary uses a different subset of these helpers. Cargo also builds this file
//! as a test target of its own, which holds no tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_solidarity");

/// Weeks in the tiny scenario (`years = 2`).
pub const TINY_WEEKS: u32 = 104;
/// Replicates in the tiny scenario.
pub const TINY_REPLICATES: u32 = 2;
/// Initial organizers in the tiny scenario (the default of `organizers.count`).
pub const TINY_ORGANIZERS: u32 = 10;
/// Week of the tiny scenario's organizer loss (shock 0).
pub const TINY_SHOCK_WEEK: u32 = 40;

/// A small, fast scenario: 200 residents, 2 years, 2 replicates, the default scenario's
/// sorting and solidarity, and the loss of every initial organizer at week 40 (so that
/// the follow-up a year later still falls inside the run).
pub const TINY: &str = r#"
description = "A tiny scenario for the integration tests."
seed = 7
replicates = 2
years = 2

[population]
size = 200

[strategy.sorting.mobilization]
kind = "broadcast"
event_every_weeks = 2
event_cost = 0.07
task_load = 0.2
outreach_per_event = 5
screening = 3.0
dissent_pressure = 0.05

[strategy.sorting.integration]
kind = "conditional_aid"

[strategy.solidarity.mobilization]
kind = "relational"
event_every_weeks = 4
event_cost = 0.07
task_load = 0.2
outreach_per_event = 3
screening = 0.0
dissent_pressure = 0.0

[strategy.solidarity.integration]
kind = "mutual_aid"

[[shock]]
kind = "organizer_loss"
week = 40
target = "all_initial"
"#;

/// The tiny scenario with solidarity's tables moved before sorting's.
pub fn tiny_solidarity_first() -> String {
    let start = TINY.find("[strategy.sorting.mobilization]").unwrap();
    let middle = TINY.find("[strategy.solidarity.mobilization]").unwrap();
    let end = TINY.find("[[shock]]").unwrap();
    format!(
        "{}{}{}{}",
        &TINY[..start],
        &TINY[middle..end],
        &TINY[start..middle],
        &TINY[end..]
    )
}

/// The data files every run writes (tables, manifest, `scenario.toml`, and the network
/// snapshots the `network` chart is drawn from).
pub const DATA_FILES: [&str; 10] = [
    "manifest.json",
    "scenario.toml",
    "timeseries.csv",
    "tenure.csv",
    "retention.csv",
    "robustness.csv",
    "summary.csv",
    "replicates.csv",
    "network_nodes.csv",
    "network_edges.csv",
];

/// The charts of a result with an organizer loss (the tiny scenario's), each written as
/// `.svg` and `.png`; a result without one has no `organizer_loss`.
pub const CHART_NAMES: [&str; 8] = [
    "burnout",
    "wellbeing",
    "retention",
    "organizer_loss",
    "robustness",
    "growth",
    "homophily",
    "network",
];

/// Every file a run writes without `--graphml`, sorted: the data files, each chart as SVG
/// and PNG, `report.html` and `SHA256SUMS`.
pub fn result_files() -> Vec<String> {
    let mut files: Vec<String> = DATA_FILES.iter().map(|s| s.to_string()).collect();
    for chart in CHART_NAMES {
        files.push(format!("{chart}.svg"));
        files.push(format!("{chart}.png"));
    }
    files.push("report.html".into());
    files.push("SHA256SUMS".into());
    files.sort();
    files
}

pub const TIMESERIES_COLUMNS: [&str; 18] = [
    "strategy",
    "replicate",
    "week",
    "active",
    "organizers",
    "burned_out",
    "burnout_total",
    "departed_total",
    "recruited_total",
    "mean_energy",
    "needs_met_share",
    "turnout",
    "power",
    "lcc_fraction",
    "ties_strong",
    "mean_strength",
    "homophily",
    "cross_group_share",
];
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
pub const SUMMARY_COLUMNS: [&str; 6] = [
    "strategy",
    "metric",
    "mean",
    "ci_low",
    "ci_high",
    "replicates",
];
pub const REPLICATES_COLUMNS: [&str; 4] = ["strategy", "replicate", "metric", "value"];
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

/// The metrics every `summary.csv` reports.
pub const CONTRACT_METRICS: [&str; 6] = [
    "retention_1y",
    "retention_3y",
    "median_tenure_weeks",
    "burnout_share_5y",
    "robustness_targeted",
    "robustness_random",
];
/// The metrics of organizer loss shock 0, in file order.
pub const SHOCK0_METRICS: [&str; 4] = [
    "shock0_active_ratio",
    "shock0_turnout_ratio",
    "shock0_power_ratio",
    "shock0_weeks_to_next_event",
];

/// Writes `text` to `dir/<name>.toml` and returns its path.
pub fn write_scenario(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(format!("{name}.toml"));
    fs::write(&path, text).expect("write scenario");
    path
}

/// Runs the binary with `args` in `cwd`, stdin closed and stdout/stderr captured.
pub fn solidarity_in<I, S>(cwd: &Path, args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("the solidarity binary starts")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts that a run succeeded, showing its stderr if not.
pub fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "expected success, got {:?}\nstderr:\n{}",
        out.status,
        stderr(out)
    );
}

/// Asserts exit status 2 (bad input) with one clean message on stderr, never a panic.
pub fn assert_bad_input(out: &Output) {
    let err = stderr(out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2 for bad input, got {:?}\nstderr:\n{err}",
        out.status
    );
    assert!(
        !err.trim().is_empty(),
        "bad input must be explained on stderr"
    );
    assert!(
        !err.contains("panicked"),
        "a panic instead of a message:\n{err}"
    );
    assert!(!err.contains("RUST_BACKTRACE"), "a panic trace:\n{err}");
}

/// Writes `text` as `<root>/<name>.toml`, runs it quietly into `<root>/<out>` with the
/// extra `args`, asserts success and returns the output directory.
pub fn run_scenario(root: &Path, name: &str, text: &str, out: &str, args: &[&str]) -> PathBuf {
    let scenario = write_scenario(root, name, text);
    let dir = root.join(out);
    let mut all: Vec<std::ffi::OsString> = vec![
        "run".into(),
        scenario.into_os_string(),
        "--out".into(),
        dir.clone().into_os_string(),
        "--quiet".into(),
    ];
    all.extend(args.iter().map(Into::into));
    let result = solidarity_in(root, &all);
    assert_ok(&result);
    dir
}

/// Runs the tiny scenario (file `tiny.toml`) into `<root>/<out>`.
pub fn run_tiny(root: &Path, out: &str, args: &[&str]) -> PathBuf {
    run_scenario(root, "tiny", TINY, out, args)
}

/// The names of the entries of `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Every file of a result directory with its bytes, by name.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    entries(dir)
        .into_iter()
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).expect("read result file");
            (name, bytes)
        })
        .collect()
}

/// A CSV file read as text: fields hold no quotes or commas in these files (strategy
/// names are letters, digits, `-` and `_`; everything else is a number or a fixed word).
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(path: &Path) -> Table {
        let text =
            fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        let mut lines = text.lines();
        let header: Vec<String> = lines
            .next()
            .unwrap_or_else(|| panic!("{} is empty", path.display()))
            .split(',')
            .map(str::to_string)
            .collect();
        let rows: Vec<Vec<String>> = lines
            .map(|line| line.split(',').map(str::to_string).collect())
            .collect();
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(
                row.len(),
                header.len(),
                "{} line {}: {} fields under a header of {}",
                path.display(),
                i + 2,
                row.len(),
                header.len()
            );
        }
        Table { header, rows }
    }

    /// The index of column `name`.
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column `{name}` in {:?}", self.header))
    }

    pub fn has(&self, name: &str) -> bool {
        self.header.iter().any(|h| h == name)
    }

    /// Column `name` of every row.
    pub fn column(&self, name: &str) -> Vec<&str> {
        let c = self.col(name);
        self.rows.iter().map(|r| r[c].as_str()).collect()
    }
}

/// A field that must be a number.
pub fn num(field: &str) -> f64 {
    field
        .parse::<f64>()
        .unwrap_or_else(|_| panic!("`{field}` is not a number"))
}

/// A field that must be a non-negative integer.
pub fn int(field: &str) -> u64 {
    field
        .parse::<u64>()
        .unwrap_or_else(|_| panic!("`{field}` is not a non-negative integer"))
}

/// A field that is a number or empty (undefined).
pub fn opt(field: &str) -> Option<f64> {
    (!field.is_empty()).then(|| num(field))
}

/// Timeseries rows grouped by (strategy, replicate), each group in file order.
pub fn runs_of(ts: &Table) -> BTreeMap<(String, u64), Vec<Vec<String>>> {
    let (s, r) = (ts.col("strategy"), ts.col("replicate"));
    let mut runs: BTreeMap<(String, u64), Vec<Vec<String>>> = BTreeMap::new();
    for row in &ts.rows {
        runs.entry((row[s].clone(), int(&row[r])))
            .or_default()
            .push(row.clone());
    }
    runs
}

/// The strategies named by a result's manifest, in order.
pub fn manifest_strategies(dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(dir.join("manifest.json")).expect("manifest");
    let json: serde_json::Value = serde_json::from_str(&text).expect("manifest is JSON");
    json["strategies"]
        .as_array()
        .expect("manifest lists its strategies")
        .iter()
        .map(|v| v.as_str().expect("strategy name").to_string())
        .collect()
}
