//! The result directory: what may be replaced, and writing it so that an interrupted run
//! leaves earlier results intact.
//!
//! A new result is written into a hidden sibling directory and moved into place only when
//! every file is complete: first the data files (and, during the run, the GraphML files),
//! then the charts and the report drawn from those data files alone, then `SHA256SUMS`.
//! An existing directory is replaced only when it is empty, holds exactly what an earlier
//! run of the same resolved scenario wrote, or with `--force` (`target.rs`).

mod checksums;
pub mod graphml;
mod tables;
mod target;

use std::fs;
use std::path::{Path, PathBuf};

use crate::charts::{self, data::ResultData};
use crate::error::{Error, InputError};
use crate::report::{self, REPORT};
use crate::runner::{self, RunRecord};
use crate::scenario::Scenario;
use crate::summary::Summarizer;

pub use checksums::SUMS;
use graphml::GraphmlWriter;
pub use graphml::NETWORKS_DIR;
pub use tables::{
    format_number, DATA_FILES, MANIFEST, NETWORK_EDGES_COLUMNS, NETWORK_NODES_COLUMNS, REPLICATES,
    REPLICATES_COLUMNS, RETENTION_COLUMNS, ROBUSTNESS_COLUMNS, SUMMARY_COLUMNS, TENURE_COLUMNS,
};
pub use target::{
    check_distinct, check_inputs, check_place, check_target, resolve_target, MAX_NAME_BYTES,
};

/// A sibling of `dir` named for a purpose, hidden, and unique to this process.
fn sibling(dir: &Path, purpose: &str) -> PathBuf {
    dir.with_file_name(format!(
        ".{}.{purpose}-{}",
        shown_name(dir),
        std::process::id()
    ))
}

fn shown_name(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "result".into())
}

/// Settles what an interrupted run left beside `dir`, before a new run checks it.
///
/// A run killed while it simulates or writes leaves a hidden `.<name>.partial-<pid>`, never
/// anything at `dir` itself. One killed in the instant between moving the earlier result
/// aside and moving the new one in leaves `.<name>.old-<pid>` and nothing at `dir`. The
/// siblings of a process that still runs are left alone (it may be writing them). Of one
/// that has ended, a partial result is deleted, and an earlier result is put back at `dir`
/// when nothing stands there (deleted when the new result already does).
pub fn recover_interrupted(dir: &Path) -> Result<(), Error> {
    let Some(parent) = dir.parent() else {
        return Ok(());
    };
    let Ok(listing) = fs::read_dir(parent) else {
        return Ok(()); // no parent yet, so no leftovers
    };
    let prefix = format!(".{}.", shown_name(dir));
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((purpose, pid)) = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || process_may_run(pid) {
            continue;
        }
        let path = entry.path();
        match purpose {
            "partial" => fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?,
            "old" if !dir.exists() => fs::rename(&path, dir).map_err(|e| Error::io(dir, e))?,
            "old" => fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?,
            _ => {}
        }
    }
    Ok(())
}

/// Whether process `pid` may still be running. Only Linux can tell (by `/proc`); elsewhere
/// every process may run, so no leftover is ever touched.
fn process_may_run(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// A result being written: a hidden sibling of its target directory, moved into place by
/// `finish`. Dropped unfinished (an error, a panic), it removes what it wrote.
pub struct PendingResult {
    target: PathBuf,
    partial: PathBuf,
    finished: bool,
}

impl PendingResult {
    /// Creates the hidden directory beside `target`.
    pub fn create(target: &Path) -> Result<PendingResult, Error> {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let partial = sibling(target, "partial");
        if partial.exists() {
            fs::remove_dir_all(&partial).map_err(|e| Error::io(&partial, e))?;
        }
        fs::create_dir(&partial).map_err(|e| Error::io(&partial, e))?;
        Ok(PendingResult {
            target: target.to_path_buf(),
            partial,
            finished: false,
        })
    }

    /// The folder for GraphML files, created on first use.
    pub fn networks_dir(&self) -> Result<PathBuf, Error> {
        let dir = self.partial.join(NETWORKS_DIR);
        if !dir.exists() {
            fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        Ok(dir)
    }

    /// Writes the data files, draws the charts and the report from them, writes
    /// `SHA256SUMS`, and moves the result into place.
    pub fn finish(self, scenario: &Scenario, records: &[RunRecord]) -> Result<(), Error> {
        tables::write_all(&self.partial, scenario, records)?;
        self.complete()
    }

    /// Draws the charts and the report from the data files written, writes `SHA256SUMS`,
    /// and moves the result into place.
    fn complete(mut self) -> Result<(), Error> {
        draw(&self.partial)?;
        replace(&self.target, &self.partial)?;
        self.finished = true;
        Ok(())
    }
}

impl Drop for PendingResult {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.partial);
        }
    }
}

/// Runs every strategy of `scenario` for all its replicates on `threads` threads and writes
/// the whole result at `target` (checked beforehand with `check_target`), calling `on_done`
/// after each run. Nothing appears at `target` until the result is complete.
pub fn run_into(
    scenario: &Scenario,
    target: &Path,
    threads: usize,
    on_done: &(dyn Fn() + Sync),
) -> Result<(), Error> {
    let pending = PendingResult::create(target)?;
    // GraphML files are written during the run, so their folder must exist before it.
    let networks = if scenario.output.graphml {
        Some(pending.networks_dir()?)
    } else {
        None
    };
    let mut tables = tables::RunTables::create(&pending.partial, scenario)?;
    let mut summarizer = Summarizer::new(scenario);
    let graphml = |strategy: usize, replicate| {
        let name = &scenario.strategies[strategy].name;
        GraphmlWriter::new(networks.as_deref(), name, replicate)
    };
    runner::run_each(scenario, threads, &graphml, on_done, &mut |run, files| {
        files.into_result()?;
        tables.write_run(&run)?;
        summarizer.add(&run);
        Ok(())
    })?;
    tables.finish()?;
    tables::write_totals(&pending.partial, scenario, &summarizer)?;
    pending.complete()
}

/// Writes every file of a result and moves the directory into place at `dir`.
pub fn write_results(dir: &Path, scenario: &Scenario, records: &[RunRecord]) -> Result<(), Error> {
    PendingResult::create(dir)?.finish(scenario, records)
}

/// What `redraw` found and did not refuse: data files that no longer match the
/// `SHA256SUMS` the run wrote (edited since, or gone), each in words. The charts follow
/// the files as they are and the new `SHA256SUMS` records them so, which the caller must
/// say.
#[derive(Debug, Default)]
pub struct Redrawn {
    pub changed: Vec<String>,
}

/// `solidarity plot DIR`: redraws the charts and the report of the result in `dir` from
/// its data files, and rewrites its `SHA256SUMS`. Each file is replaced whole. Data files
/// that do not hold the contract's columns and rows are refused before anything is
/// written; data files that hold them but differ from the earlier `SHA256SUMS` are drawn
/// and reported in `Redrawn`.
pub fn redraw(dir: &Path) -> Result<Redrawn, Error> {
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(InputError::new(&shown, "is not a directory").into());
    }
    if !dir.join(MANIFEST).is_file() {
        return Err(InputError::new(
            &shown,
            "holds no manifest.json; give the directory of a result written by `solidarity run`",
        )
        .into());
    }
    // Read by no chart, but data files of the contract all the same.
    charts::data::open_csv(&dir.join("tenure.csv"), &TENURE_COLUMNS)?;
    charts::data::open_csv(&dir.join(REPLICATES), &REPLICATES_COLUMNS)?;
    let drawn = |name: &str| {
        name == REPORT
            || charts::CHART_NAMES
                .iter()
                .any(|chart| name == format!("{chart}.svg") || name == format!("{chart}.png"))
    };
    let changed = checksums::changed(dir, drawn)?;
    draw(dir)?;
    Ok(Redrawn { changed })
}

/// Draws the charts and the report from the data files in `dir`, then writes
/// `SHA256SUMS` of every file there.
fn draw(dir: &Path) -> Result<(), Error> {
    let data = ResultData::read(dir)?;
    let drawn = charts::draw_all(&data)?;
    for chart in &drawn {
        write_whole(
            &dir.join(format!("{}.svg", chart.name)),
            chart.svg.as_bytes(),
        )?;
        write_whole(&dir.join(format!("{}.png", chart.name)), &chart.png)?;
    }
    write_whole(&dir.join(REPORT), report::render(&data, &drawn).as_bytes())?;
    let sums = checksums::render(dir)?;
    write_whole(&dir.join(SUMS), sums.as_bytes())
}

/// Writes a file through a hidden temporary beside it, so that a reader never sees it
/// half written.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temporary = sibling(path, "tmp");
    fs::write(&temporary, bytes).map_err(|e| Error::io(&temporary, e))?;
    fs::rename(&temporary, path).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io(path, e)
    })
}

/// Puts `fresh` at `dir`. The earlier result is moved aside first and deleted only once the
/// new one stands in its place, so at every moment one complete result exists.
fn replace(dir: &Path, fresh: &Path) -> Result<(), Error> {
    if dir.exists() {
        let old = sibling(dir, "old");
        fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        if let Err(e) = put_in_place(fresh, dir) {
            // Put the earlier result back; if another run's result stands there now, the
            // earlier one is superseded by it, and goes as it would have.
            if fs::rename(&old, dir).is_err() {
                let _ = fs::remove_dir_all(&old);
            }
            return Err(e);
        }
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        put_in_place(fresh, dir)?;
    }
    Ok(())
}

/// Renames `fresh` to `dir`, where nothing stood when the run checked. Another process may
/// have put a directory there since (two runs to one target at once): then this run's
/// result is the one that gives way, and the caller deletes it.
fn put_in_place(fresh: &Path, dir: &Path) -> Result<(), Error> {
    fs::rename(fresh, dir).map_err(|e| {
        let taken = matches!(
            e.kind(),
            std::io::ErrorKind::DirectoryNotEmpty | std::io::ErrorKind::AlreadyExists
        );
        if taken {
            Error::Other(format!(
                "{}: another run put a result there while this one was running; this run's result was discarded, and the other is left in place (run again to replace it)",
                dir.display()
            ))
        } else {
            Error::io(dir, e)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The id of a process that has ended.
    fn ended_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn leftovers_of_an_ended_run_are_settled() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        let pid = ended_pid();
        // Killed between the two renames: the earlier result is aside, nothing in place.
        let old = root.path().join(format!(".out.old-{pid}"));
        fs::create_dir(&old).unwrap();
        fs::write(old.join(MANIFEST), r#"{"scenario": "a"}"#).unwrap();
        let partial = root.path().join(format!(".out.partial-{pid}"));
        fs::create_dir(&partial).unwrap();
        fs::write(partial.join("timeseries.csv"), "half").unwrap();
        recover_interrupted(&dir).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join(MANIFEST)).unwrap(),
            r#"{"scenario": "a"}"#
        );
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    #[cfg(unix)]
    fn leftovers_of_a_running_process_are_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        // The parent of this test process is running: what it leaves may be in the making.
        let running = std::os::unix::process::parent_id();
        let partial = root.path().join(format!(".out.partial-{running}"));
        fs::create_dir(&partial).unwrap();
        let unrelated = root.path().join(".out.notes");
        fs::create_dir(&unrelated).unwrap();
        recover_interrupted(&dir).unwrap();
        assert!(partial.exists() && unrelated.exists() && !dir.exists());
    }

    #[test]
    fn a_result_put_in_place_meanwhile_by_another_run_is_named() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("theirs.txt"), "the other run's").unwrap();
        let fresh = root.path().join("fresh");
        fs::create_dir(&fresh).unwrap();
        fs::write(fresh.join("mine.txt"), "this run's").unwrap();
        let e = put_in_place(&fresh, &dir).unwrap_err().to_string();
        assert!(e.contains("another run put a result there"), "{e}");
        assert!(dir.join("theirs.txt").exists());
    }

    #[test]
    fn replacing_leaves_no_siblings_behind() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("old.txt"), "old").unwrap();
        let fresh = root.path().join("fresh");
        fs::create_dir(&fresh).unwrap();
        fs::write(fresh.join("new.txt"), "new").unwrap();
        replace(&dir, &fresh).unwrap();
        assert!(dir.join("new.txt").exists() && !dir.join("old.txt").exists());
        let entries = fs::read_dir(root.path()).unwrap().count();
        assert_eq!(entries, 1);
    }
}
