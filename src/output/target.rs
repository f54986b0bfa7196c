//! Where a result may go: the output directory resolved, checked as a place to write, and
//! checked for what it holds, all before any work starts.
//!
//! A result is moved into place by renaming a hidden sibling (`.<name>.partial-<pid>`), so
//! the target must be a name a sibling can be made beside, in a directory, and not a mount
//! point. What stands there is replaced only when it is what an earlier run of the same
//! resolved scenario wrote — every file listed in its `SHA256SUMS` — or with `--force`;
//! never, even with `--force`, when it holds one of the run's own inputs.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::InputError;
use crate::scenario::Scenario;

use super::{MANIFEST, SUMS};

/// The longest name a target may have, in bytes: its hidden siblings add a dot, a purpose
/// (`.partial-`) and a process id to it, and a file name holds at most 255 bytes.
pub const MAX_NAME_BYTES: usize = 255 - ".".len() - ".partial-".len() - 10;

/// The output directory as an absolute path with a real last component, so that the new
/// result can be written beside it (`--out .` names the current directory by its name).
pub fn resolve_target(dir: &Path) -> Result<PathBuf, InputError> {
    let shown = dir.display().to_string();
    let resolved = if dir.exists() {
        fs::canonicalize(dir)
    } else {
        std::path::absolute(dir)
    }
    .map_err(|e| {
        InputError::new(
            &shown,
            format!("cannot be used as an output directory: {e}"),
        )
    })?;
    let named = resolved
        .file_name()
        .is_some_and(|name| name != "." && name != "..");
    if !named || resolved.parent().is_none() {
        return Err(InputError::new(
            &shown,
            "cannot be used as an output directory: name a directory inside another",
        ));
    }
    Ok(resolved)
}

/// Checks that `dir` (resolved by `resolve_target`) is a place a result can be moved
/// into, whatever it holds: not a dangling symbolic link, not below a file, not a mount
/// point, and with a name short enough for its hidden siblings. `--force` does not lift
/// these: they are not about what would be lost.
pub fn check_place(dir: &Path) -> Result<(), InputError> {
    let shown = dir.display().to_string();
    let name = dir.file_name().unwrap_or_default();
    if name.len() > MAX_NAME_BYTES {
        return Err(InputError::new(
            &shown,
            format!(
                "the name `{}` is {} bytes long, more than the {MAX_NAME_BYTES} an output directory may have (the result is written beside it first, as `.<name>.partial-<pid>`, and a file name holds at most 255 bytes); choose a shorter --out",
                crate::scenario::abridge(&name.to_string_lossy()),
                name.len()
            ),
        ));
    }
    if let Ok(link) = fs::symlink_metadata(dir) {
        if link.file_type().is_symlink() && !dir.exists() {
            let to = fs::read_link(dir)
                .map(|t| t.display().to_string())
                .unwrap_or_default();
            return Err(InputError::new(
                &shown,
                format!(
                    "is a symbolic link to `{to}`, which does not exist; remove the link, or give --out the directory itself"
                ),
            ));
        }
    }
    // The nearest ancestor that exists must be a directory, or the result cannot be made.
    if let Some(ancestor) = dir
        .ancestors()
        .skip(1)
        .find(|a| fs::symlink_metadata(a).is_ok())
    {
        if !ancestor.is_dir() {
            let what = if ancestor.exists() {
                "a file, not a directory"
            } else {
                "a symbolic link to nothing"
            };
            return Err(InputError::new(
                &shown,
                format!(
                    "cannot be made: `{}` is {what}; choose another --out",
                    ancestor.display()
                ),
            ));
        }
    }
    if is_mount_point(dir) {
        return Err(InputError::new(
            &shown,
            "is a mount point, and a result is moved into place by renaming a directory beside it, which cannot replace a mount point; give --out a directory inside it",
        ));
    }
    Ok(())
}

/// Whether `dir` is a directory on another file system than its parent's.
#[cfg(unix)]
fn is_mount_point(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let (Ok(own), Some(parent)) = (fs::metadata(dir), dir.parent()) else {
        return false;
    };
    own.is_dir() && fs::metadata(parent).is_ok_and(|p| p.dev() != own.dev())
}

#[cfg(not(unix))]
fn is_mount_point(_: &Path) -> bool {
    false
}

/// Refuses a target that holds one of the command's inputs (a scenario file, a shard to
/// merge) or lies inside one: replacing it would delete or change the input. Not even
/// `--force` lifts this.
pub fn check_inputs(dir: &Path, inputs: &[PathBuf]) -> Result<(), InputError> {
    let shown = dir.display().to_string();
    for input in inputs {
        // The input as given (a link inside the target is lost with it) and as resolved
        // (a link elsewhere to a file inside is lost too).
        let given = std::path::absolute(input)
            .ok()
            .map(|path| match path.parent() {
                Some(parent) => fs::canonicalize(parent)
                    .map(|p| p.join(path.file_name().unwrap_or_default()))
                    .unwrap_or(path),
                None => path,
            });
        let resolved = fs::canonicalize(input).ok();
        let inside = [&given, &resolved]
            .into_iter()
            .flatten()
            .any(|path| path.starts_with(dir));
        if inside {
            return Err(InputError::new(
                &shown,
                format!(
                    "holds `{}`, an input of this command, and replacing the directory would delete it; choose another --out (--force does not lift this)",
                    input.display()
                ),
            ));
        }
        if resolved
            .as_ref()
            .is_some_and(|r| r.is_dir() && dir.starts_with(r))
        {
            return Err(InputError::new(
                &shown,
                format!(
                    "lies inside `{}`, an input of this command; choose an --out outside it",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Refuses two scenarios whose results would go to the same directory (two files named
/// alike in different folders both go to `results/<stem>/`): the second would replace
/// the first. `targets` pairs each scenario file as given with its resolved target.
pub fn check_distinct(targets: &[(&Path, &Path)]) -> Result<(), InputError> {
    for (k, (file, target)) in targets.iter().enumerate() {
        if let Some((first, _)) = targets[..k].iter().find(|(_, t)| t == target) {
            return Err(InputError::new(
                &file.display().to_string(),
                format!(
                    "would write its results to `{}`, as `{}` would; give the scenarios different file names, or run them one at a time with --out",
                    target.display(),
                    first.display()
                ),
            ));
        }
    }
    Ok(())
}

/// Checks, before any work is done, that `dir` may receive a result of `scenario`, whose
/// inputs (the scenario files of the command) are `inputs`: it is a place a result can be
/// moved into (`check_place`), holds no input (`check_inputs`), and is missing, empty,
/// holds exactly what an earlier run of the same resolved scenario wrote, or `force` is
/// given.
pub fn check_target(
    dir: &Path,
    scenario: &Scenario,
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), InputError> {
    check_place(dir)?;
    check_inputs(dir, inputs)?;
    let shown = dir.display().to_string();
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(InputError::new(
            &shown,
            "exists and is not a directory; refusing to replace it",
        ));
    }
    let present =
        every_entry(dir).map_err(|e| InputError::new(&shown, format!("cannot be read: {e}")))?;
    if present.is_empty() || force {
        return Ok(());
    }
    let refuse = |what: String| {
        Err(InputError::new(
            &shown,
            format!("{what}; choose another --out, or pass --force to replace it"),
        ))
    };
    let Some(listed) = listed_files(dir) else {
        return refuse(format!(
            "is not empty and holds no earlier result (no readable {SUMS})"
        ));
    };
    let Some(manifest) = fs::read_to_string(dir.join(MANIFEST))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
    else {
        return refuse(format!(
            "is not empty and holds no earlier result (no readable {MANIFEST})"
        ));
    };
    match manifest.get("scenario").and_then(|n| n.as_str()) {
        Some(name) if name == scenario.name => {}
        Some(name) => {
            return refuse(format!(
                "holds the results of scenario `{name}`, not `{}`",
                scenario.name
            ))
        }
        None => return refuse(format!("holds a {MANIFEST} that names no scenario")),
    }
    let expected = serde_json::to_value(scenario.resolved()).unwrap_or_default();
    let recorded = manifest.get("resolved").cloned().unwrap_or_default();
    let changes = differences(&recorded, &expected);
    if !changes.is_empty() {
        return refuse(format!(
            "holds a result of scenario `{}` run with other settings ({}), which this run would replace",
            scenario.name,
            summarize(&changes)
        ));
    }
    let strays: Vec<&String> = present
        .iter()
        .filter(|f| *f != SUMS && !listed.contains(f))
        .collect();
    if !strays.is_empty() {
        let mut named: Vec<String> = strays.iter().take(5).map(|f| format!("`{f}`")).collect();
        if strays.len() > 5 {
            named.push(format!("and {} more", strays.len() - 5));
        }
        return refuse(format!(
            "holds an earlier result and files it did not write ({}, not in its {SUMS}), which replacing it would delete; move them away",
            named.join(", ")
        ));
    }
    Ok(())
}

/// Every entry under `dir` (files, links and folders, hidden ones too) as a `/`-separated
/// relative path; a folder is listed only when it is empty, since its files stand for it.
fn every_entry(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = pending.pop() {
        let mut empty = true;
        for entry in fs::read_dir(&folder)? {
            let entry = entry?;
            empty = false;
            let relative = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), format!("{relative}/")));
            } else {
                out.push(relative);
            }
        }
        if empty && !prefix.is_empty() {
            out.push(prefix);
        }
    }
    out.sort();
    Ok(out)
}

/// The files `SHA256SUMS` in `dir` lists, if it can be read.
fn listed_files(dir: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(dir.join(SUMS)).ok()?;
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.split_once("  ").map(|(_, name)| name.to_string()))
        .collect()
}

/// The dotted keys at which two resolved scenarios (as JSON) differ, each with its value
/// before and after, in the order of the keys.
fn differences(before: &serde_json::Value, after: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
        let join = |key: &str| {
            if path.is_empty() {
                key.to_string()
            } else {
                format!("{path}.{key}")
            }
        };
        match (a, b) {
            (Value::Object(x), Value::Object(y)) => {
                for (key, value) in x {
                    walk(&join(key), value, y.get(key).unwrap_or(&Value::Null), out);
                }
                for (key, value) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                    walk(&join(key), &Value::Null, value, out);
                }
            }
            (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                for (k, (p, q)) in x.iter().zip(y).enumerate() {
                    walk(&join(&k.to_string()), p, q, out);
                }
            }
            _ if a != b => out.push(format!("`{path}` {} → {}", shown(a), shown(b))),
            _ => {}
        }
    }
    fn shown(value: &Value) -> String {
        match value {
            Value::Null => "(none)".into(),
            Value::Array(items) => format!("{} entries", items.len()),
            Value::Object(_) => "a table".into(),
            other => crate::scenario::abridge(&other.to_string()),
        }
    }
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    out
}

/// The first few differences, and how many more there are.
fn summarize(changes: &[String]) -> String {
    let mut text = changes
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if changes.len() > 3 {
        text += &format!(" and {} more", changes.len() - 3);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str, text: &str) -> Scenario {
        Scenario::parse(name, "t.toml", text, &[]).unwrap()
    }

    /// Writes what a run of `s` leaves, by hand: a manifest and `SHA256SUMS` listing
    /// `files` (written too) and the manifest.
    fn fake_result(dir: &Path, s: &Scenario, files: &[&str]) {
        fs::create_dir_all(dir).unwrap();
        let manifest = serde_json::json!({"scenario": s.name, "resolved": s.resolved()});
        fs::write(dir.join(MANIFEST), manifest.to_string()).unwrap();
        let mut sums = format!("00  {MANIFEST}\n");
        for f in files {
            fs::write(dir.join(f), "x").unwrap();
            sums += &format!("00  {f}\n");
        }
        fs::write(dir.join(SUMS), sums).unwrap();
    }

    #[test]
    fn only_what_an_earlier_run_of_the_same_scenario_wrote_is_replaced() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        let a = scenario("a", "[strategy.s]\n");
        assert!(
            check_target(&dir, &a, &[], false).is_ok(),
            "missing is fine"
        );
        fs::create_dir(&dir).unwrap();
        assert!(check_target(&dir, &a, &[], false).is_ok(), "empty is fine");
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let e = check_target(&dir, &a, &[], false).unwrap_err().to_string();
        assert!(
            e.contains("no readable SHA256SUMS") && e.contains("--force"),
            "{e}"
        );
        assert!(check_target(&dir, &a, &[], true).is_ok());
        // A copied manifest beside unrelated files is no earlier result.
        fs::write(dir.join(MANIFEST), r#"{"scenario": "a"}"#).unwrap();
        assert!(check_target(&dir, &a, &[], false).is_err());
        fs::remove_dir_all(&dir).unwrap();

        fake_result(&dir, &a, &["summary.csv"]);
        assert!(
            check_target(&dir, &a, &[], false).is_ok(),
            "the same scenario"
        );
        let b = scenario("b", "[strategy.s]\n");
        let e = check_target(&dir, &b, &[], false).unwrap_err().to_string();
        assert!(e.contains("scenario `a`, not `b`"), "{e}");
        // A user's file inside an earlier result.
        fs::write(dir.join("my-notes.txt"), "mine").unwrap();
        let e = check_target(&dir, &a, &[], false).unwrap_err().to_string();
        assert!(
            e.contains("`my-notes.txt`") && e.contains("move them away"),
            "{e}"
        );
        assert!(check_target(&dir, &a, &[], true).is_ok());
    }

    #[test]
    fn another_resolved_scenario_is_not_replaced_and_the_message_says_what_differs() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        let text = "seed = 1\nreplicates = 20\n[strategy.s]\n";
        fake_result(&dir, &scenario("a", text), &[]);
        let trial = Scenario::parse(
            "a",
            "t.toml",
            text,
            &["replicates=2".into(), "seed=9".into()],
        )
        .unwrap();
        let e = check_target(&dir, &trial, &[], false)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("other settings (`replicates` 20 → 2, `seed` 1 → 9)")
                && e.contains("--out")
                && e.contains("--force"),
            "{e}"
        );
        assert!(check_target(&dir, &trial, &[], true).is_ok());
    }

    #[test]
    #[cfg(unix)]
    fn a_target_holding_an_input_is_refused_even_with_force() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        let file = dir.join("a.toml");
        fs::write(&file, "[strategy.s]\n").unwrap();
        let a = scenario("a", "[strategy.s]\n");
        let e = check_target(&dir, &a, std::slice::from_ref(&file), true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("an input of this command"), "{e}");
        // Given by a relative path or through a link, it is still inside.
        let link = root.path().join("link.toml");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        assert!(check_target(&dir, &a, &[link], true).is_err());
        // A shard inside the parent given as --out.
        let shard = root.path().join("shards").join("1");
        fs::create_dir_all(&shard).unwrap();
        let parent = root.path().join("shards");
        assert!(check_inputs(&parent, std::slice::from_ref(&shard)).is_err());
        assert!(check_inputs(&shard.join("merged"), std::slice::from_ref(&shard)).is_err());
        assert!(check_inputs(&root.path().join("merged"), &[shard]).is_ok());
    }

    #[test]
    #[cfg(unix)]
    fn places_a_result_cannot_be_moved_into_are_named() {
        let root = tempfile::tempdir().unwrap();
        let link = root.path().join("gone");
        std::os::unix::fs::symlink(root.path().join("nowhere"), &link).unwrap();
        let e = check_place(&link).unwrap_err().to_string();
        assert!(e.contains("symbolic link") && e.contains("nowhere"), "{e}");
        let file = root.path().join("file.txt");
        fs::write(&file, "").unwrap();
        let e = check_place(&file.join("out")).unwrap_err().to_string();
        assert!(e.contains("file.txt` is a file, not a directory"), "{e}");
        let long = root.path().join("n".repeat(MAX_NAME_BYTES + 1));
        let e = check_place(&long).unwrap_err().to_string();
        assert!(e.contains("more than the 235"), "{e}");
        assert!(check_place(&root.path().join("n".repeat(MAX_NAME_BYTES))).is_ok());
        assert!(check_place(&root.path().join("a/b/c")).is_ok());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_mount_point_is_refused_even_with_force() {
        // `/proc` is a file system of its own on every Linux.
        let a = scenario("a", "[strategy.s]\n");
        let e = check_target(Path::new("/proc"), &a, &[], true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("mount point"), "{e}");
    }

    #[test]
    fn two_scenarios_to_one_target_are_refused_naming_both() {
        let t = Path::new("/r/results/a");
        let (one, two) = (Path::new("d1/a.toml"), Path::new("d2/a.toml"));
        let e = check_distinct(&[
            (one, t),
            (Path::new("b.toml"), Path::new("/r/results/b")),
            (two, t),
        ])
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "d2/a.toml: would write its results to `/r/results/a`, as `d1/a.toml` would"
            ),
            "{e}"
        );
        assert!(check_distinct(&[(one, t)]).is_ok());
    }

    #[test]
    fn targets_resolve_to_a_named_directory() {
        let here = std::env::current_dir().unwrap();
        assert_eq!(
            resolve_target(Path::new(".")).unwrap(),
            fs::canonicalize(&here).unwrap()
        );
        let fresh = resolve_target(Path::new("not-yet/out")).unwrap();
        assert!(fresh.is_absolute() && fresh.ends_with("not-yet/out"));
        assert!(resolve_target(Path::new("/")).is_err());
    }
}
