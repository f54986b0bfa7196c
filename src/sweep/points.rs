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
    let Ok(manifest) = fs::read_to_string(dir.join(MANIFEST)) else {
        return false;
    };
    let recorded: Option<serde_json::Value> = serde_json::from_str(&manifest).ok();
    let expected = serde_json::to_value(scenario.resolved()).ok();
    let same = match (recorded, expected) {
        (Some(recorded), Some(expected)) => {
            recorded.get("resolved") == Some(&expected)
                && recorded.get("solidarity_version")
                    == Some(&serde_json::Value::from(env!("CARGO_PKG_VERSION")))
        }
        _ => false,
    };
    same && sums_match(dir)
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
