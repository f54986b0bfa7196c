//! The data files of a result directory, read back for the charts and the report.
//!
//! Charts are drawn from these files alone (never from a run's memory), so that
//! `solidarity plot DIR` draws exactly what `run` drew.

use std::fs;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, InputError};
use crate::measures::{Column, Metric, Unit, TIMESERIES_KEYS};
use crate::metrics::stats::{interval_about, Interval};
use crate::output::{
    NETWORK_EDGES_COLUMNS, NETWORK_NODES_COLUMNS, RETENTION_COLUMNS, ROBUSTNESS_COLUMNS,
    SUMMARY_COLUMNS,
};
use crate::scenario::{RawScenario, Scenario};

pub const MANIFEST: &str = "manifest.json";
pub const TIMESERIES: &str = "timeseries.csv";
pub const RETENTION: &str = "retention.csv";
pub const ROBUSTNESS: &str = "robustness.csv";
pub const SUMMARY: &str = "summary.csv";
pub const NETWORK_NODES: &str = "network_nodes.csv";
pub const NETWORK_EDGES: &str = "network_edges.csv";

/// One `timeseries.csv` row as the charts read it.
#[derive(Clone, Debug)]
struct WeekPoint {
    /// Each column's value (`Column::index`), `None` where undefined.
    values: [Option<f64>; Column::ALL.len()],
}

impl WeekPoint {
    fn get(&self, column: Column) -> Option<f64> {
        self.values[column.index()]
    }
}

/// A weekly measure drawn in the charts, as a mean over replicates with its band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Active,
    /// Burnouts so far per member recruited so far.
    BurnoutPerRecruit,
    /// Share of the movement (active or resting) that is burned out now.
    BurnedOutShare,
    /// The `turnout` column: attendance at the latest event held since the latest
    /// organizer loss, 0 once an event week passes without one.
    Turnout,
    Power,
    Homophily,
    CrossGroupShare,
    /// The `needs_met_share` column.
    NeedsMet,
    /// The `mean_energy` column.
    MeanEnergy,
}

impl Measure {
    const ALL: [Measure; 9] = [
        Measure::Active,
        Measure::BurnoutPerRecruit,
        Measure::BurnedOutShare,
        Measure::Turnout,
        Measure::Power,
        Measure::Homophily,
        Measure::CrossGroupShare,
        Measure::NeedsMet,
        Measure::MeanEnergy,
    ];

    fn unit(self) -> Unit {
        match self {
            Measure::Active | Measure::Turnout | Measure::Power => Unit::Members,
            Measure::BurnoutPerRecruit => Unit::Ratio,
            Measure::BurnedOutShare | Measure::CrossGroupShare | Measure::NeedsMet => Unit::Share,
            Measure::MeanEnergy => Unit::Level,
            Measure::Homophily => Unit::Correlation,
        }
    }

    fn of(self, w: &WeekPoint) -> Option<f64> {
        let ratio = |x: f64, of: f64| (of > 0.0).then(|| x / of);
        match self {
            Measure::Active => w.get(Column::Active),
            Measure::BurnoutPerRecruit => {
                ratio(w.get(Column::BurnoutTotal)?, w.get(Column::RecruitedTotal)?)
            }
            Measure::BurnedOutShare => {
                let burned_out = w.get(Column::BurnedOut)?;
                ratio(burned_out, w.get(Column::Active)? + burned_out)
            }
            Measure::Turnout => w.get(Column::Turnout),
            Measure::Power => w.get(Column::Power),
            Measure::Homophily => w.get(Column::Homophily),
            Measure::CrossGroupShare => w.get(Column::CrossGroupShare),
            Measure::NeedsMet => w.get(Column::NeedsMetShare),
            Measure::MeanEnergy => w.get(Column::MeanEnergy),
        }
    }
}

/// `[measure]` → `[week]` → the mean over replicates with its 95% interval, `None` where
/// fewer than half the replicates define the measure: a mean over the few runs that still
/// have, say, a member left would say more about those runs than about the strategy.
pub type Bands = Vec<Vec<Option<Interval>>>;

/// One row of `retention.csv`.
#[derive(Clone, Debug, Deserialize)]
pub struct RetentionPoint {
    pub strategy: String,
    pub week: u32,
    pub at_risk: u64,
    pub survival: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

#[derive(Deserialize)]
struct RobustnessRow {
    strategy: String,
    replicate: u32,
    week: u32,
    mode: String,
    fraction_removed: f64,
    lcc_fraction: f64,
}

/// A sampled removal curve: `(fraction removed, largest component fraction)`.
pub type Curve = Vec<(f64, f64)>;

/// The removal curves of one strategy at the robustness chart's week, one per replicate
/// (empty when the strong graph was empty).
#[derive(Clone, Debug, Default)]
pub struct RemovalCurves {
    pub targeted: Vec<Curve>,
    pub random: Vec<Curve>,
}

/// One row of `summary.csv`.
#[derive(Clone, Debug, Deserialize)]
pub struct SummaryRow {
    pub strategy: String,
    #[serde(deserialize_with = "metric_named")]
    pub metric: Metric,
    pub mean: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub replicates: u32,
}

/// Where a resident in a network picture stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Member,
    Organizer,
    BurnedOut,
}

impl Role {
    fn parse(state: &str) -> Result<Role, String> {
        match state {
            "member" => Ok(Role::Member),
            "organizer" => Ok(Role::Organizer),
            "burned_out" => Ok(Role::BurnedOut),
            other => Err(format!("state `{other}` is not shown in a network picture")),
        }
    }

    pub fn is_active(self) -> bool {
        self != Role::BurnedOut
    }
}

/// A resident in a network picture (`network_nodes.csv`).
#[derive(Clone, Debug)]
pub struct PictureNode {
    pub resident: u32,
    pub role: Role,
    pub group: u32,
}

#[derive(Deserialize)]
struct NodeRow {
    strategy: String,
    replicate: u32,
    week: u32,
    resident: u32,
    state: String,
    group: u32,
}

#[derive(Deserialize)]
struct EdgeRow {
    strategy: String,
    replicate: u32,
    week: u32,
    source: u32,
    target: u32,
}

/// The strong graph of one strategy at one week, for the `network` picture.
#[derive(Clone, Debug, Default)]
pub struct Picture {
    pub week: u32,
    pub nodes: Vec<PictureNode>,
    pub edges: Vec<(u32, u32)>,
}

/// Everything the charts and the report read from a result directory.
#[derive(Clone, Debug)]
pub struct ResultData {
    /// The resolved scenario of `manifest.json`.
    pub scenario: Scenario,
    pub version: String,
    /// `[strategy]` → the weekly measures' means and bands.
    bands: Vec<Bands>,
    /// `[strategy]` → the Kaplan–Meier rows.
    pub retention: Vec<Vec<RetentionPoint>>,
    /// The week of the robustness chart (`robustness_week`), if any.
    pub robustness_week: Option<u32>,
    /// `[strategy]` → the removal curves at `robustness_week`.
    pub robustness: Vec<RemovalCurves>,
    /// `[strategy]` → the pictures of replicate 0 at `Scenario::picture_weeks`.
    pub pictures: Vec<Vec<Picture>>,
    pub summary: Vec<SummaryRow>,
}

#[derive(Deserialize)]
struct Manifest {
    scenario: String,
    solidarity_version: String,
    resolved: RawScenario,
}

fn bad(path: &Path, message: impl Into<String>) -> Error {
    InputError::new(&path.display().to_string(), message).into()
}

impl ResultData {
    /// Reads the result in `dir`.
    pub fn read(dir: &Path) -> Result<ResultData, Error> {
        let manifest_path = dir.join(MANIFEST);
        let text = fs::read_to_string(&manifest_path).map_err(|e| {
            bad(
                &manifest_path,
                format!("cannot be read ({e}); is this a result directory?"),
            )
        })?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| bad(&manifest_path, format!("is not a result manifest: {e}")))?;
        let file = manifest_path.display().to_string();
        let scenario = Scenario::from_raw(&manifest.scenario, &file, manifest.resolved)?;
        let strategies = scenario.strategies.len();
        let index = Index {
            names: scenario.strategies.iter().map(|s| s.name.clone()).collect(),
        };
        let replicates = scenario.replicates as usize;

        let bands = read_bands(&dir.join(TIMESERIES), &scenario, &index)?;

        let mut retention = vec![Vec::new(); strategies];
        for_each_row(
            &dir.join(RETENTION),
            &RETENTION_COLUMNS,
            |row: RetentionPoint| {
                retention[index.of(&row.strategy)?].push(row);
                Ok(())
            },
        )?;

        let robustness_week = scenario.robustness_week();
        let mut robustness = vec![
            RemovalCurves {
                targeted: vec![Vec::new(); replicates],
                random: vec![Vec::new(); replicates],
            };
            strategies
        ];
        for_each_row(
            &dir.join(ROBUSTNESS),
            &ROBUSTNESS_COLUMNS,
            |row: RobustnessRow| {
                if Some(row.week) != robustness_week {
                    return Ok(());
                }
                let curves = &mut robustness[index.of(&row.strategy)?];
                let by_mode = match row.mode.as_str() {
                    "targeted" => &mut curves.targeted,
                    "random" => &mut curves.random,
                    other => return Err(format!("unknown mode `{other}`")),
                };
                let curve = by_mode
                    .get_mut(row.replicate as usize)
                    .ok_or_else(|| format!("replicate {} is not in the manifest", row.replicate))?;
                curve.push((row.fraction_removed, row.lcc_fraction));
                Ok(())
            },
        )?;

        let weeks = scenario.picture_weeks();
        let mut pictures: Vec<Vec<Picture>> = vec![
            weeks
                .iter()
                .map(|&week| Picture {
                    week,
                    ..Picture::default()
                })
                .collect();
            strategies
        ];
        let picture = |strategy: &str, replicate, week| {
            let s = index.of(strategy)?;
            if replicate != 0 {
                return Err(format!("pictures are of replicate 0, not {replicate}"));
            }
            let k = weeks
                .iter()
                .position(|&w| w == week)
                .ok_or_else(|| format!("week {week} is not a picture week"))?;
            Ok::<(usize, usize), String>((s, k))
        };
        for_each_row(
            &dir.join(NETWORK_NODES),
            &NETWORK_NODES_COLUMNS,
            |row: NodeRow| {
                let (s, k) = picture(&row.strategy, row.replicate, row.week)?;
                pictures[s][k].nodes.push(PictureNode {
                    resident: row.resident,
                    role: Role::parse(&row.state)?,
                    group: row.group,
                });
                Ok(())
            },
        )?;
        for_each_row(
            &dir.join(NETWORK_EDGES),
            &NETWORK_EDGES_COLUMNS,
            |row: EdgeRow| {
                let (s, k) = picture(&row.strategy, row.replicate, row.week)?;
                pictures[s][k].edges.push((row.source, row.target));
                Ok(())
            },
        )?;

        // Pictures are drawn by looking residents up by id.
        for picture in pictures.iter_mut().flatten() {
            picture.nodes.sort_by_key(|n| n.resident);
        }

        let metrics = Metric::all(&scenario);
        let mut summary: Vec<SummaryRow> = Vec::new();
        let summary_path = dir.join(SUMMARY);
        for_each_row(&summary_path, &SUMMARY_COLUMNS, |row: SummaryRow| {
            index.of(&row.strategy)?;
            if !metrics.contains(&row.metric) {
                return Err(format!(
                    "the scenario of the manifest has no metric `{}`",
                    row.metric
                ));
            }
            if summary
                .iter()
                .any(|r| r.strategy == row.strategy && r.metric == row.metric)
            {
                return Err(format!(
                    "metric `{}` of strategy `{}` is given twice",
                    row.metric, row.strategy
                ));
            }
            summary.push(row);
            Ok(())
        })?;
        check_summary_rows(&summary_path, &summary, &index)?;

        Ok(ResultData {
            scenario,
            version: manifest.solidarity_version,
            bands,
            retention,
            robustness_week,
            robustness,
            pictures,
            summary,
        })
    }

    /// The mean and band of `measure` at each week for strategy `strategy`.
    pub fn band(&self, strategy: usize, measure: Measure) -> &[Option<Interval>] {
        let m = Measure::ALL
            .iter()
            .position(|&x| x == measure)
            .expect("every measure is in ALL");
        &self.bands[strategy][m]
    }

    pub fn strategy_names(&self) -> Vec<&str> {
        self.scenario
            .strategies
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }
}

/// Refuses a `summary.csv` that does not give every strategy of the manifest the same
/// metrics (a strategy missing, or a row cut away).
fn check_summary_rows(path: &Path, rows: &[SummaryRow], index: &Index) -> Result<(), Error> {
    let metrics_of = |strategy: &str| -> Vec<Metric> {
        rows.iter()
            .filter(|r| r.strategy == strategy)
            .map(|r| r.metric)
            .collect()
    };
    let first = metrics_of(&index.names[0]);
    for name in &index.names {
        let metrics = metrics_of(name);
        if metrics.is_empty() {
            return Err(bad(
                path,
                format!("holds no row of strategy `{name}`, which the manifest names"),
            ));
        }
        if let Some(missing) = first.iter().find(|m| !metrics.contains(m)) {
            return Err(bad(
                path,
                format!("holds no row of metric `{missing}` for strategy `{name}`"),
            ));
        }
        if let Some(extra) = metrics.iter().find(|m| !first.contains(m)) {
            return Err(bad(
                path,
                format!(
                    "holds metric `{extra}` for strategy `{name}` but not for `{}`",
                    index.names[0]
                ),
            ));
        }
    }
    Ok(())
}

/// Strategy names in scenario order.
struct Index {
    names: Vec<String>,
}

impl Index {
    fn of(&self, name: &str) -> Result<usize, String> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("strategy `{name}` is not in the manifest"))
    }
}

/// Reads `timeseries.csv` twice, as `mean_interval` would sum, in replicate order: first
/// the means of every measure at every week, then the squared deviations from them. Memory
/// grows with the weeks, not with the replicates.
fn read_bands(path: &Path, scenario: &Scenario, index: &Index) -> Result<Vec<Bands>, Error> {
    let (strategies, replicates) = (index.names.len(), scenario.replicates as usize);
    let weeks = scenario.weeks() as usize;
    let zeros = vec![vec![vec![0.0; weeks]; Measure::ALL.len()]; strategies];
    let mut counts = vec![vec![vec![0usize; weeks]; Measure::ALL.len()]; strategies];
    let mut sums = zeros.clone();
    for_each_week(path, scenario, index, |s, week, point| {
        for (m, measure) in Measure::ALL.iter().enumerate() {
            if let Some(v) = measure.of(point) {
                counts[s][m][week] += 1;
                sums[s][m][week] += v;
            }
        }
    })?;
    let mut means = sums;
    for (mean, count) in means.iter_mut().flatten().zip(counts.iter().flatten()) {
        for (x, &n) in mean.iter_mut().zip(count) {
            *x /= n.max(1) as f64;
        }
    }
    let mut squares = zeros;
    for_each_week(path, scenario, index, |s, week, point| {
        for (m, measure) in Measure::ALL.iter().enumerate() {
            if let Some(v) = measure.of(point) {
                let d = v - means[s][m][week];
                squares[s][m][week] += d * d;
            }
        }
    })?;
    Ok((0..strategies)
        .map(|s| {
            (0..Measure::ALL.len())
                .map(|m| {
                    (0..weeks)
                        .map(|w| {
                            let n = counts[s][m][w];
                            let enough = n > 0 && n * 2 >= replicates;
                            let range = Measure::ALL[m].unit().range();
                            enough.then(|| {
                                interval_about(n, means[s][m][w], squares[s][m][w]).within(range)
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect())
}

/// Calls `each(strategy, week, point)` for every row of `timeseries.csv`, checking that
/// each run's weeks come in order.
fn for_each_week(
    path: &Path,
    scenario: &Scenario,
    index: &Index,
    mut each: impl FnMut(usize, usize, &WeekPoint),
) -> Result<(), Error> {
    let replicates = scenario.replicates as usize;
    let weeks = scenario.weeks();
    let strategies = index.names.len();
    let mut next_week = vec![vec![0u32; replicates]; strategies];
    let mut rows = 0;
    let (next_weeks, rows_read) = (&mut next_week, &mut rows);
    for_each_record(path, |header| {
        let place = |name: &str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| format!("there is no column `{name}`"))
        };
        let [strategy, replicate, week] = TIMESERIES_KEYS.map(place);
        let (strategy, replicate, week) = (strategy?, replicate?, week?);
        let mut places = [0; Column::ALL.len()];
        for (p, column) in places.iter_mut().zip(Column::ALL) {
            *p = place(column.name())?;
        }
        Ok(move |record: &csv::StringRecord| {
            *rows_read += 1;
            let field = |k: usize| record.get(k).unwrap_or_default();
            let name = field(strategy);
            let s = index.of(name)?;
            let number = |k: usize, what: &str| {
                field(k)
                    .parse::<u32>()
                    .map_err(|_| format!("{what} `{}` is not a whole number", field(k)))
            };
            let (r, w) = (number(replicate, "replicate")?, number(week, "week")?);
            let next = next_weeks[s]
                .get_mut(r as usize)
                .ok_or_else(|| format!("replicate {r} is not in the manifest"))?;
            if w != *next || w >= weeks {
                return Err(format!("week {w} of {name} replicate {r} is out of order"));
            }
            *next += 1;
            let mut values = [None; Column::ALL.len()];
            for ((value, &k), &column) in values.iter_mut().zip(&places).zip(Column::ALL) {
                *value = read_value(column, field(k))?;
            }
            let point = WeekPoint { values };
            each(s, w as usize, &point);
            Ok(())
        })
    })?;
    // Every run of the manifest, every week: a file cut short draws nothing for the weeks
    // it lacks, and the charts would say nothing of it.
    for (s, runs) in next_week.iter().enumerate() {
        for (r, &weeks_read) in runs.iter().enumerate() {
            if weeks_read != weeks {
                return Err(bad(
                    path,
                    format!(
                        "holds {weeks_read} of the {weeks} weeks of strategy `{}` replicate {r} (the manifest's strategies x replicates x weeks, one row each); the file is cut short, ending at line {}",
                        index.names[s],
                        rows + 1
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// A field of `timeseries.csv` as the value of `column`: a whole number for a count, else
/// a number or nothing (undefined).
fn read_value(column: Column, field: &str) -> Result<Option<f64>, String> {
    let bad = || format!("`{field}` is not a value of `{}`", column.name());
    if column.unit().is_count() {
        field
            .parse::<u32>()
            .map(|n| Some(f64::from(n)))
            .map_err(|_| bad())
    } else if field.is_empty() {
        Ok(None)
    } else {
        field.parse::<f64>().map(Some).map_err(|_| bad())
    }
}

/// Reads every record of `timeseries.csv`, after checking that its header starts with the
/// contract's columns, with the function `start` makes from its header; an error names the
/// file and line.
fn for_each_record<F>(
    path: &Path,
    start: impl FnOnce(&csv::StringRecord) -> Result<F, String>,
) -> Result<(), Error>
where
    F: FnMut(&csv::StringRecord) -> Result<(), String>,
{
    let columns: Vec<&str> = Column::header().collect();
    let mut reader = open_csv(path, &columns)?;
    let header = reader
        .headers()
        .map_err(|e| bad(path, format!("line 1: {e}")))?
        .clone();
    let mut each = start(&header).map_err(|m| bad(path, format!("line 1: {m}")))?;
    let mut record = csv::StringRecord::new();
    for line in 2.. {
        match reader.read_record(&mut record) {
            Ok(true) => each(&record).map_err(|m| bad(path, format!("line {line}: {m}")))?,
            Ok(false) => break,
            Err(e) => return Err(bad(path, format!("line {line}: {e}"))),
        }
    }
    Ok(())
}

/// A metric of `summary.csv` by its name.
fn metric_named<'de, D: serde::Deserializer<'de>>(names: D) -> Result<Metric, D::Error> {
    let name = String::deserialize(names)?;
    name.parse().map_err(serde::de::Error::custom)
}

/// Opens a CSV file of a result and checks that its header starts with `columns`, the
/// leading columns the contract fixes (more may follow); an error names the file, and the
/// line and column of the first column that differs.
pub fn open_csv(
    path: &Path,
    columns: &[&str],
) -> Result<csv::Reader<std::io::BufReader<fs::File>>, Error> {
    if !path.is_file() {
        let why = if path.exists() {
            "is not a file; a result's data files are files written by `solidarity run`"
        } else {
            "is missing; a result's data files are written by `solidarity run`"
        };
        return Err(bad(path, why));
    }
    let file = fs::File::open(path).map_err(|e| bad(path, format!("cannot be read: {e}")))?;
    let mut reader = csv::Reader::from_reader(std::io::BufReader::new(file));
    let header = reader
        .headers()
        .map_err(|e| bad(path, format!("line 1: {e}")))?
        .clone();
    let mut column = 1;
    for (k, expected) in columns.iter().enumerate() {
        match header.get(k) {
            Some(found) if found == *expected => column += found.chars().count() + 1,
            found => {
                let what = match found {
                    None if header.is_empty() || header.iter().all(str::is_empty) => {
                        "has no header row".to_string()
                    }
                    None => format!("the header ends where column `{expected}` should be"),
                    Some(found) => {
                        format!("the header has `{found}` where column `{expected}` should be")
                    }
                };
                let mut err = InputError::new(
                    &path.display().to_string(),
                    format!("{what}; its columns must start with {}", columns.join(",")),
                );
                err.location = Some(crate::error::Location { line: 1, column });
                return Err(err.into());
            }
        }
    }
    Ok(reader)
}

/// Reads every row of a CSV file by its header names, after checking that its header
/// starts with `columns`; an error names the file and line.
fn for_each_row<T: DeserializeOwned>(
    path: &Path,
    columns: &[&str],
    mut each: impl FnMut(T) -> Result<(), String>,
) -> Result<(), Error> {
    let mut reader = open_csv(path, columns)?;
    for (k, row) in reader.deserialize::<T>().enumerate() {
        let line = k + 2;
        let row = row.map_err(|e| bad(path, format!("line {line}: {e}")))?;
        each(row).map_err(|m| bad(path, format!("line {line}: {m}")))?;
    }
    Ok(())
}
