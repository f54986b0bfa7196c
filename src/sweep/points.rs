//! The grid points of a sweep on disk: `points/<four digits>/`, each a complete result of
//! `solidarity run`, and whether one is complete.

use std::fs;
use std::path::{Path, PathBuf};

use super::identity::sha256_hex;
use crate::error::Error;
use crate::output::{MANIFEST, SUMS};
use crate::scenario::Scenario;

pub const POINTS_DIR: &str = "points";

/// The directory of point `i`, relative to the sweep.
pub fn relative(i: usize) -> String {
    format!("{POINTS_DIR}/{i:04}")
}

pub fn dir(sweep: &Path, i: usize) -> PathBuf {
    sweep.join(POINTS_DIR).join(format!("{i:04}"))
}

/// Whether `dir` holds the complete result of `scenario`: its manifest records this very
/// scenario, and every file under it is listed in its `SHA256SUMS` with a matching sum,
/// with no file missing and none unlisted.
pub fn is_complete(dir: &Path, scenario: &Scenario) -> bool {
    holds(dir, scenario).is_ok() && sums_match(dir)
}

/// Whether the manifest of the point directory `dir` records `scenario` (the point's
/// resolved scenario) and this version of the program; if not, what it records instead,
/// in words. A point's files are its own only when its manifest says so: folders moved
/// or swapped keep their sums but not their place in the grid.
pub fn holds(dir: &Path, scenario: &Scenario) -> Result<(), String> {
    let recorded: serde_json::Value = fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .ok_or_else(|| format!("no readable {MANIFEST}"))?;
    let expected = serde_json::to_value(scenario.resolved()).ok();
    let resolved = recorded.get("resolved");
    if resolved.is_none() || resolved != expected.as_ref() {
        let what = resolved
            .and_then(|r| r.get("description"))
            .and_then(|d| d.as_str())
            .and_then(|d| d.lines().last())
            .filter(|line| line.starts_with("Sweep point "))
            .map(|line| format!("the result of {}", line.trim_end_matches('.')))
            .unwrap_or_else(|| "the result of another scenario".into());
        return Err(what);
    }
    if recorded.get("solidarity_version") != Some(&env!("CARGO_PKG_VERSION").into()) {
        return Err("a result of another version of solidarity".into());
    }
    Ok(())
}

/// Whether every file under `dir` is listed in its `SHA256SUMS` with a matching sum, and
/// every file listed is there.
pub fn sums_match(dir: &Path) -> bool {
    let Ok(sums) = fs::read_to_string(dir.join(SUMS)) else {
        return false;
    };
    let mut listed = Vec::new();
    for line in sums.lines() {
        let Some((hash, name)) = line.split_once("  ") else {
            return false;
        };
        match fs::read(dir.join(name)) {
            Ok(bytes) if sha256_hex(&bytes) == hash => listed.push(name.to_string()),
            _ => return false,
        }
    }
    listed.sort();
    files(dir).is_ok_and(|present| present == listed)
}

/// Every file under `dir` but `SHA256SUMS` and hidden ones, as sorted relative paths.
pub fn files(dir: &Path) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        for entry in fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))? {
            let entry = entry.map_err(|e| Error::io(&folder, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || (prefix.is_empty() && name == SUMS) {
                continue;
            }
            let relative = format!("{prefix}{name}");
            if entry.path().is_dir() {
                pending.push((entry.path(), format!("{relative}/")));
            } else {
                out.push(relative);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies the visible files of one point's directory (`SHA256SUMS` included) to `to`.
pub fn copy(from: &Path, to: &Path) -> Result<(), Error> {
    let mut names = files(from)?;
    names.push(SUMS.to_string());
    for name in names {
        let target = to.join(&name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::copy(from.join(&name), &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// Settles what killed runs left among the points (hidden `.<i>.partial-<pid>` and
/// `.<i>.old-<pid>`), with one listing of the folder however large the grid.
pub fn recover_interrupted(sweep: &Path) -> Result<(), Error> {
    let folder = sweep.join(POINTS_DIR);
    let Ok(listing) = fs::read_dir(&folder) else {
        return Ok(());
    };
    let mut names: Vec<String> = listing
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix('.')?;
            rest.split_once('.').map(|(point, _)| point.to_string())
        })
        .collect();
    names.sort();
    names.dedup();
    for name in names {
        crate::output::recover_interrupted(&folder.join(name))?;
    }
    Ok(())
}
