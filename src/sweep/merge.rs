//! `solidarity merge DIR... --out DIR`: joins the shards of one sweep into the result the
//! unsharded sweep writes, byte for byte: the points are copied as they are, and the
//! sweep-wide files are written by the same `finish` as `sweep` uses.
//!
//! Everything is checked before anything is written: the shards are of one sweep (same
//! identity), every point is complete in some shard (its files match its `SHA256SUMS`),
//! and shards that hold the same point agree on it. The result is assembled in a hidden
//! sibling of the output directory and moved into place only when complete.

use std::fs;
use std::path::{Path, PathBuf};

use super::identity::{holding, Holding, Identity, ShardManifest};
use super::{finish, points, remove};
use crate::error::{Error, InputError};
use crate::output::{self, SUMS};

/// Merges the shard (or sweep) directories `sources` into `out`, which must be missing or
/// empty unless `force`.
pub fn merge(sources: &[PathBuf], out: &Path, force: bool) -> Result<(), Error> {
    let shown_out = out.display().to_string();
    // Even with `--force`, the output must not hold a shard nor lie inside one.
    output::check_place(out)?;
    output::check_inputs(out, sources)?;
    let mut identity: Option<(Identity, String)> = None;
    let mut held: Vec<(PathBuf, Vec<usize>)> = Vec::new();
    for source in sources {
        let shown = source.display().to_string();
        let (this, points) = match holding(source) {
            Holding::Shard(ShardManifest { sweep, points, .. }) => (sweep, points),
            Holding::Sweep(sweep) => {
                let all = (0..sweep.points).collect();
                (sweep, all)
            }
            Holding::Nothing if !source.is_dir() => {
                return Err(InputError::new(&shown, "is not a directory").into())
            }
            Holding::Nothing => {
                return Err(InputError::new(&shown, "is empty: no shard.json or sweep.json").into())
            }
            Holding::Other(what) => {
                return Err(InputError::new(
                    &shown,
                    format!("holds {what}, not a shard of a sweep (no shard.json or sweep.json)"),
                )
                .into())
            }
        };
        match &identity {
            None => identity = Some((this, shown)),
            Some((first, first_shown)) => {
                if let Some(why) = first.difference(&this) {
                    return Err(InputError::new(
                        &shown,
                        format!("is a shard of {why} (as {first_shown} is); merge only shards of one sweep"),
                    )
                    .into());
                }
            }
        }
        held.push((source.clone(), points));
    }
    let Some((identity, first_shown)) = identity else {
        return Err(InputError::new("merge", "give at least one shard directory").into());
    };
    // Each point is checked against the scenario the shards record, so that a point's
    // files are merged only as the point their manifest says they are.
    let scenario = identity.scenario(&first_shown)?;

    let mut chosen: Vec<PathBuf> = Vec::with_capacity(identity.points);
    let mut missing = Vec::new();
    for point in 0..identity.points {
        let expected = scenario.sweep_point(point)?;
        let mut found: Option<(PathBuf, String)> = None;
        for (source, listed) in &held {
            if listed.binary_search(&point).is_err() {
                continue;
            }
            let dir = points::dir(source, point);
            if !points::sums_match(&dir) {
                continue;
            }
            if let Err(what) = points::holds(&dir, &expected) {
                let values = scenario
                    .sweep
                    .as_ref()
                    .map(|s| s.describe(point))
                    .unwrap_or_default();
                return Err(InputError::new(
                    &dir.display().to_string(),
                    format!(
                        "holds {what}, not point {point} ({values}): the shard's point folders were moved, swapped or edited; rerun its shard, which reruns every point not its own, then merge again"
                    ),
                )
                .into());
            }
            let sums = fs::read_to_string(dir.join(SUMS)).map_err(|e| Error::io(&dir, e))?;
            match &found {
                Some((other, other_sums)) if *other_sums != sums => {
                    return Err(InputError::new(
                        &source.display().to_string(),
                        format!(
                            "point {point} differs from the same point in {}; the shards disagree and cannot be merged",
                            other.display()
                        ),
                    )
                    .into())
                }
                Some(_) => {}
                None => found = Some((dir, sums)),
            }
        }
        match found {
            Some((dir, _)) => chosen.push(dir),
            None => missing.push(point),
        }
    }
    if !missing.is_empty() {
        let mut named: Vec<String> = missing.iter().take(20).map(|p| p.to_string()).collect();
        if missing.len() > 20 {
            named.push(format!("and {} more", missing.len() - 20));
        }
        return Err(InputError::new(
            &shown_out,
            format!(
                "cannot merge: {} of the {} grid points are complete in none of the shards given: {} (rerun their shard, which resumes, or give its directory)",
                missing.len(),
                identity.points,
                named.join(", ")
            ),
        )
        .into());
    }

    if out.exists() && !force && !matches!(holding(out), Holding::Nothing) {
        return Err(InputError::new(
            &shown_out,
            "is not empty; choose another --out, or pass --force to replace it",
        )
        .into());
    }
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = out.with_file_name(format!(".{name}.partial-{}", std::process::id()));
    let assembled = (|| {
        remove(&partial)?;
        fs::create_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
        for (point, dir) in chosen.iter().enumerate() {
            points::copy(dir, &points::dir(&partial, point))?;
        }
        finish(&partial, &scenario, &identity)
    })();
    if let Err(e) = assembled {
        let _ = fs::remove_dir_all(&partial);
        return Err(e);
    }
    remove(out)?;
    fs::rename(&partial, out).map_err(|e| Error::io(out, e))
}
