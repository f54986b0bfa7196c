//! Parameter sweeps: every grid point of a scenario's `[sweep]` run as a
//! result of its own, one point after another, and the sweep-wide files drawn from them.
//!
//! A sweep directory holds:
//! - `points/<i>/`: the complete result of grid point `i` (four digits), as `run` writes
//!   it, its manifest's description naming the swept values;
//! - `sweep.json`: the sweep's `Identity` (scenario, resolved form and its hash, grid);
//! - `sweep.csv`: one row per point, strategy and summary metric;
//! - `charts/`: each key outcome against each swept parameter;
//! - `report.html`: the page to open, with what was swept, the charts and the scenario;
//! - `SHA256SUMS`: of those files and of each point's own `SHA256SUMS`, written last, so
//!   that a sweep without it is unfinished.
//!
//! A shard (`--shard K/N`) holds only its points and `shard.json`; `merge` joins shards
//! and writes the sweep-wide files with the same code, so the result is byte-identical.
//! Points are run one after another (each point's runs in parallel), so memory is that
//! of one point whatever the grid size; a rerun skips the points already complete.

mod analyze;
mod charts;
mod identity;
mod labels;
mod merge;
mod points;
mod report;
mod table;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, InputError};
use crate::output::{self, SUMS};
use crate::report::REPORT;
use crate::scenario::Scenario;
pub use analyze::{analyze, INDICES_CSV, MORRIS_COLUMNS, SOBOL_COLUMNS};
pub use charts::{CHARTS_DIR, KEY_OUTCOMES};
pub use identity::{holding, Holding, Identity, ShardManifest, SHARD_MANIFEST, SWEEP_MANIFEST};
pub use merge::merge;
pub use points::POINTS_DIR;
pub use table::SWEEP_CSV;

/// Shard `index` of `count` (both from 1): grid points `i` with `i % count == index - 1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 1, count: 1 };

    /// Reads `K/N`, with 1 ≤ K ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let usage = "expected K/N with 1 <= K <= N, e.g. --shard 2/8";
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}`: {usage}"))?;
        let number = |s: &str| s.trim().parse::<usize>().ok().filter(|&v| v >= 1);
        match (number(k), number(n)) {
            (Some(index), Some(count)) if index <= count => Ok(Shard { index, count }),
            _ => Err(format!("`{text}`: {usage}")),
        }
    }

    /// The grid points of a grid of `total` that this shard runs, in order.
    pub fn points(&self, total: usize) -> impl Iterator<Item = usize> {
        (self.index - 1..total).step_by(self.count)
    }

    pub fn is_whole(&self) -> bool {
        self.count == 1
    }
}

/// What happened to a grid point, for the progress the command line shows.
pub enum Progress<'a> {
    /// Complete from an earlier run, checked against its `SHA256SUMS`.
    Kept {
        point: usize,
        values: &'a str,
    },
    Started {
        point: usize,
        values: &'a str,
        runs: u64,
    },
    Finished {
        point: usize,
    },
}

/// Checks every grid point of `scenario`'s sweep before anything runs: each combination
/// must be a valid scenario, not only each value on its own.
pub fn check_points(scenario: &Scenario) -> Result<usize, Error> {
    let identity = Identity::of(scenario)?;
    for point in 0..identity.points {
        scenario.sweep_point(point)?;
    }
    Ok(identity.points)
}

/// Checks, before any work, that `dir` may receive this sweep: it is a place a result can
/// be moved into and holds none of the command's `inputs` (the scenario file), even with
/// `force`; and it is missing or empty, holds the same sweep (to resume), or `force` is
/// given.
pub fn check_target(
    dir: &Path,
    identity: &Identity,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), InputError> {
    output::check_place(dir)?;
    output::check_inputs(dir, inputs)?;
    let shown = dir.display().to_string();
    if dir.exists() && !dir.is_dir() {
        return Err(InputError::new(
            &shown,
            "exists and is not a directory; refusing to replace it",
        ));
    }
    let refuse = |what: String| {
        Err(InputError::new(
            &shown,
            format!("holds {what}; choose another --out, or pass --force to replace it"),
        ))
    };
    match holding(dir) {
        Holding::Nothing => Ok(()),
        Holding::Sweep(held) | Holding::Shard(ShardManifest { sweep: held, .. }) => {
            match identity.difference(&held) {
                None => Ok(()),
                Some(_) if force => Ok(()),
                Some(why) => refuse(format!("another sweep: {why}")),
            }
        }
        Holding::Other(_) if force => Ok(()),
        Holding::Other(what) => refuse(what),
    }
}

/// Runs the points of `shard` of `scenario`'s sweep into `target` (checked beforehand
/// with `check_target`), keeping the points already complete; a whole sweep then gets
/// its sweep-wide files. `on_run` is called after each run of a point.
pub fn run(
    scenario: &Scenario,
    target: &Path,
    shard: Shard,
    threads: usize,
    progress: &dyn Fn(Progress),
    on_run: &(dyn Fn() + Sync),
) -> Result<(), Error> {
    let identity = Identity::of(scenario)?;
    let same = match holding(target) {
        Holding::Nothing => true,
        Holding::Sweep(held) | Holding::Shard(ShardManifest { sweep: held, .. }) => {
            held == identity
        }
        Holding::Other(_) => false,
    };
    if !same {
        // `check_target` let it through, so `--force` was given: start afresh.
        remove(target)?;
    }
    let points_dir = target.join(POINTS_DIR);
    fs::create_dir_all(&points_dir).map_err(|e| Error::io(&points_dir, e))?;
    points::recover_interrupted(target)?;
    // The marker says what the directory is becoming; the sweep-wide files of an earlier
    // run go, so that nothing stale looks finished if this run is interrupted.
    let analysed = analyze::written_files();
    let stale = [SUMS, SWEEP_MANIFEST, SHARD_MANIFEST, SWEEP_CSV, REPORT]
        .into_iter()
        .chain(analysed.iter().map(String::as_str));
    for stale in stale {
        let path = target.join(stale);
        if path.exists() {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    let charts = target.join(CHARTS_DIR);
    if charts.exists() {
        fs::remove_dir_all(&charts).map_err(|e| Error::io(&charts, e))?;
    }
    let mine: Vec<usize> = shard.points(identity.points).collect();
    if shard.is_whole() {
        write_file(&target.join(SWEEP_MANIFEST), &identity::render(&identity)?)?;
    } else {
        let manifest = ShardManifest {
            sweep: identity.clone(),
            shard,
            points: mine.clone(),
        };
        write_file(&target.join(SHARD_MANIFEST), &identity::render(&manifest)?)?;
    }
    let runs = scenario.replicates as u64 * scenario.strategies.len() as u64;
    for point in mine {
        let point_scenario = scenario.sweep_point(point)?;
        let dir = points::dir(target, point);
        let values = scenario
            .sweep
            .as_ref()
            .map(|s| s.describe(point))
            .unwrap_or_default();
        if points::is_complete(&dir, &point_scenario) {
            progress(Progress::Kept {
                point,
                values: &values,
            });
            continue;
        }
        progress(Progress::Started {
            point,
            values: &values,
            runs,
        });
        if dir.exists() && !dir.is_dir() {
            fs::remove_file(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        output::run_into(&point_scenario, &dir, threads, on_run)?;
        progress(Progress::Finished { point });
    }
    if shard.is_whole() {
        finish(target, scenario, &identity)?;
    }
    Ok(())
}

/// Writes the sweep-wide files of the complete sweep of `scenario` in `dir`: `sweep.json`,
/// `sweep.csv`, the charts, `report.html`, and `SHA256SUMS` last. `run` and `merge` both
/// end here.
fn finish(dir: &Path, scenario: &Scenario, identity: &Identity) -> Result<(), Error> {
    write_file(&dir.join(SWEEP_MANIFEST), &identity::render(identity)?)?;
    table::write(dir, scenario, identity)?;
    let charts = charts::draw_all(dir, identity, scenario)?;
    write_file(
        &dir.join(REPORT),
        &report::render(identity, scenario, &charts),
    )?;
    let mut files = vec![
        SWEEP_MANIFEST.to_string(),
        SWEEP_CSV.to_string(),
        REPORT.to_string(),
    ];
    files.extend(charts.iter().flat_map(charts::SweepChart::files));
    files.extend((0..identity.points).map(|i| format!("{}/{SUMS}", points::relative(i))));
    files.sort();
    let mut sums = String::new();
    for file in files {
        let path = dir.join(&file);
        let bytes = fs::read(&path).map_err(|e| Error::io(&path, e))?;
        sums += &format!("{}  {file}\n", identity::sha256_hex(&bytes));
    }
    write_file(&dir.join(SUMS), &sums)
}

/// Writes a file through a hidden temporary beside it, so that it is never half there.
fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    fs::write(&temporary, text).map_err(|e| Error::io(&temporary, e))?;
    fs::rename(&temporary, path).map_err(|e| Error::io(path, e))
}

/// Removes `dir` by moving it aside first, so that a crash leaves a hidden leftover that
/// the next run settles, never half a directory at `dir`.
fn remove(dir: &Path) -> Result<(), Error> {
    if !dir.exists() {
        return Ok(());
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = dir.with_file_name(format!(".{name}.old-{}", std::process::id()));
    fs::rename(dir, &aside).map_err(|e| Error::io(dir, e))?;
    fs::remove_dir_all(&aside).map_err(|e| Error::io(&aside, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_split_the_grid_without_overlap() {
        let all: Vec<Vec<usize>> = (1..=3)
            .map(|k| Shard { index: k, count: 3 }.points(8).collect())
            .collect();
        assert_eq!(all, [vec![0, 3, 6], vec![1, 4, 7], vec![2, 5]]);
        assert_eq!(Shard::WHOLE.points(3).collect::<Vec<_>>(), [0, 1, 2]);
        assert!(Shard { index: 5, count: 5 }.points(3).next().is_none());
    }

    #[test]
    fn shard_arguments_are_checked() {
        assert_eq!(Shard::parse("2/8"), Ok(Shard { index: 2, count: 8 }));
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/3", "/3", "1/"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }
}
