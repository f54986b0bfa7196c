//! The data files of a result directory, read back for the charts and the report.
//!
//! Charts are drawn from these files alone (never from a run's memory), so that
//! `solidarity plot DIR` draws exactly what `run` drew.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{Error, InputError};
use crate::scenario::{RawScenario, Scenario};

pub const MANIFEST: &str = "manifest.json";
pub const TIMESERIES: &str = "timeseries.csv";
pub const RETENTION: &str = "retention.csv";
pub const ROBUSTNESS: &str = "robustness.csv";
pub const SUMMARY: &str = "summary.csv";
pub const NETWORK_NODES: &str = "network_nodes.csv";
pub const NETWORK_EDGES: &str = "network_edges.csv";

/// The measures of one `timeseries.csv` row that the charts use.
#[derive(Clone, Debug)]
pub struct WeekPoint {
    pub week: u32,
    pub active: u32,
    pub burned_out: u32,
    pub burnout_total: u32,
    pub recruited_total: u32,
    /// Attendance at the latest event, except that after an organizer loss only events
    /// held since the loss count (0 until one is), as in `summary.csv`: a crowd from
    /// before the loss is not turnout after it.
    pub current_turnout: u32,
    pub power: u32,
    pub homophily: Option<f64>,
    pub cross_group_share: Option<f64>,
}

// The csv crate does not support `#[serde(flatten)]`, so rows are read whole.
#[derive(Deserialize)]
struct TimeseriesRow {
    strategy: String,
    replicate: u32,
    week: u32,
    active: u32,
    burned_out: u32,
    burnout_total: u32,
    recruited_total: u32,
    turnout: u32,
    power: u32,
    homophily: Option<f64>,
    cross_group_share: Option<f64>,
    event_held: u8,
}

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
    pub metric: String,
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
    pub node: u32,
    pub role: Role,
    pub group: u32,
}

#[derive(Deserialize)]
struct NodeRow {
    strategy: String,
    replicate: u32,
    week: u32,
    node: u32,
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
    /// `[strategy][replicate]` → the weeks of that run, in order.
    pub runs: Vec<Vec<Vec<WeekPoint>>>,
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

/// The snapshot drawn in the robustness chart: the week before the first organizer loss,
/// or the last snapshot when there is none (or it falls in week 0).
pub fn robustness_week(scenario: &Scenario) -> Option<u32> {
    match scenario.first_organizer_loss() {
        Some(week) if week >= 1 => Some(week - 1),
        _ => scenario.snapshot_weeks().last().copied(),
    }
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

        let mut runs: Vec<Vec<Vec<WeekPoint>>> = vec![vec![Vec::new(); replicates]; strategies];
        // Per run: whether an event has been held since the latest organizer loss.
        let mut event_since_loss = vec![vec![true; replicates]; strategies];
        let losses = scenario.organizer_loss_weeks();
        let path = dir.join(TIMESERIES);
        for_each_row(&path, |row: TimeseriesRow| {
            let s = index.of(&row.strategy)?;
            let run = runs[s]
                .get_mut(row.replicate as usize)
                .ok_or_else(|| format!("replicate {} is not in the manifest", row.replicate))?;
            if row.week as usize != run.len() {
                return Err(format!(
                    "week {} of {} replicate {} is out of order",
                    row.week, row.strategy, row.replicate
                ));
            }
            let seen = &mut event_since_loss[s][row.replicate as usize];
            if losses.contains(&row.week) {
                *seen = false;
            }
            *seen |= row.event_held == 1;
            run.push(WeekPoint {
                week: row.week,
                active: row.active,
                burned_out: row.burned_out,
                burnout_total: row.burnout_total,
                recruited_total: row.recruited_total,
                current_turnout: if *seen { row.turnout } else { 0 },
                power: row.power,
                homophily: row.homophily,
                cross_group_share: row.cross_group_share,
            });
            Ok(())
        })?;

        let mut retention = vec![Vec::new(); strategies];
        for_each_row(&dir.join(RETENTION), |row: RetentionPoint| {
            retention[index.of(&row.strategy)?].push(row);
            Ok(())
        })?;

        let robustness_week = robustness_week(&scenario);
        let mut robustness = vec![
            RemovalCurves {
                targeted: vec![Vec::new(); replicates],
                random: vec![Vec::new(); replicates],
            };
            strategies
        ];
        for_each_row(&dir.join(ROBUSTNESS), |row: RobustnessRow| {
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
        })?;

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
        for_each_row(&dir.join(NETWORK_NODES), |row: NodeRow| {
            let (s, k) = picture(&row.strategy, row.replicate, row.week)?;
            pictures[s][k].nodes.push(PictureNode {
                node: row.node,
                role: Role::parse(&row.state)?,
                group: row.group,
            });
            Ok(())
        })?;
        for_each_row(&dir.join(NETWORK_EDGES), |row: EdgeRow| {
            let (s, k) = picture(&row.strategy, row.replicate, row.week)?;
            pictures[s][k].edges.push((row.source, row.target));
            Ok(())
        })?;

        // Pictures are drawn by looking residents up by id.
        for picture in pictures.iter_mut().flatten() {
            picture.nodes.sort_by_key(|n| n.node);
        }

        let mut summary = Vec::new();
        for_each_row(&dir.join(SUMMARY), |row: SummaryRow| {
            index.of(&row.strategy)?;
            summary.push(row);
            Ok(())
        })?;

        Ok(ResultData {
            scenario,
            version: manifest.solidarity_version,
            runs,
            retention,
            robustness_week,
            robustness,
            pictures,
            summary,
        })
    }

    pub fn strategy_names(&self) -> Vec<&str> {
        self.scenario
            .strategies
            .iter()
            .map(|s| s.name.as_str())
            .collect()
    }
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

/// Reads every row of a CSV file by its header names; an error names the file and line.
fn for_each_row<T: DeserializeOwned>(
    path: &PathBuf,
    mut each: impl FnMut(T) -> Result<(), String>,
) -> Result<(), Error> {
    let file = fs::File::open(path).map_err(|e| bad(path, format!("cannot be read: {e}")))?;
    let mut reader = csv::Reader::from_reader(std::io::BufReader::new(file));
    for (k, row) in reader.deserialize::<T>().enumerate() {
        let line = k + 2;
        let row = row.map_err(|e| bad(path, format!("line {line}: {e}")))?;
        each(row).map_err(|m| bad(path, format!("line {line}: {m}")))?;
    }
    Ok(())
}
