//! The same scenario, seed and binary give byte-identical files whatever
//! `--threads` is and however often it runs, and randomness is addressed by (seed,
//! replicate) and (seed, strategy name, replicate), never shared.

mod cli_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use cli_support::*;

/// Asserts that two result directories hold the same files with the same bytes.
fn assert_identical(a: &Path, b: &Path) {
    let (left, right) = (contents(a), contents(b));
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        right.keys().collect::<Vec<_>>(),
        "different files"
    );
    for (name, bytes) in &left {
        assert!(
            bytes == &right[name],
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

#[test]
fn thread_count_does_not_change_any_file() {
    let root = tempfile::tempdir().unwrap();
    let one = run_tiny(root.path(), "one", &["--threads", "1"]);
    let two = run_tiny(root.path(), "two", &["--threads", "2"]);
    let many = run_tiny(root.path(), "many", &["--threads", "7"]);
    // Every file: the data, and the charts and report drawn from them.
    let files = contents(&one);
    for name in [
        "network.png",
        "network.svg",
        "burnout.png",
        "report.html",
        "SHA256SUMS",
    ] {
        assert!(files.contains_key(name), "{name} is not compared");
    }
    assert_identical(&one, &two);
    assert_identical(&one, &many);
}

#[test]
fn ties_in_several_chunks_give_the_same_files_on_any_thread_count() {
    // 6,000 residents hold about 24,000 ties, more than one chunk (16,384 slots, the
    // `CHUNK` of `src/model/ties/decay.rs`) of the passes over the ties that run in
    // parallel inside a run (the weekly decay, and the ordinary issues of weeks 25 and
    // 51): one thread and several must write the same bytes.
    let town_text = TINY.replace("size = 200", "size = 6000");
    let scenario = solidarity::scenario::Scenario::parse("t", "t.toml", &town_text, &[]).unwrap();
    let mut generator = solidarity::runner::community_generator(scenario.seed, 0);
    let ties = solidarity::model::community::build(&scenario, &mut generator).ties;
    assert!(ties.len() > 16_384, "only {} ties: one chunk", ties.len());
    let root = tempfile::tempdir().unwrap();
    let town = ["--set", "population.size=6000", "--years", "1"];
    let run = |out: &str, threads: &str| {
        let args: Vec<&str> = town.iter().copied().chain(["--threads", threads]).collect();
        run_tiny(root.path(), out, &args)
    };
    let (one, three) = (run("one", "1"), run("three", "3"));
    let weeks = Table::read(&one.join("timeseries.csv"));
    assert!(
        weeks.column("week").iter().all(|&w| int(w) < 52),
        "one year"
    );
    assert_identical(&one, &three);
}

#[test]
fn running_again_gives_identical_files() {
    let root = tempfile::tempdir().unwrap();
    let first = run_tiny(root.path(), "first", &[]);
    let second = run_tiny(root.path(), "second", &[]);
    assert_identical(&first, &second);
    // Replacing a result in place gives the same bytes again.
    let before = contents(&first);
    run_tiny(root.path(), "first", &[]);
    assert_eq!(contents(&first), before);
}

#[test]
fn the_seed_decides_the_run() {
    let root = tempfile::tempdir().unwrap();
    let base = run_tiny(root.path(), "base", &[]);
    // The tiny scenario's own seed, given on the command line, changes nothing.
    let same = run_tiny(root.path(), "same", &["--seed", "7"]);
    assert_identical(&base, &same);
    let other = run_tiny(root.path(), "other", &["--seed", "8"]);
    let timeseries = |dir: &Path| fs::read(dir.join("timeseries.csv")).unwrap();
    assert_ne!(
        timeseries(&base),
        timeseries(&other),
        "another seed gave the same timeseries"
    );
}

/// Rows of a CSV file belonging to one strategy, as text lines.
fn rows_of(dir: &Path, file: &str, strategy: &str) -> Vec<String> {
    let text = fs::read_to_string(dir.join(file)).unwrap();
    let prefix = format!("{strategy},");
    text.lines()
        .filter(|line| line.starts_with(&prefix))
        .map(str::to_string)
        .collect()
}

/// Rows of a CSV file of one (strategy, replicate).
fn rows_of_replicate(dir: &Path, file: &str, strategy: &str, replicate: u32) -> Vec<String> {
    let prefix = format!("{strategy},{replicate},");
    rows_of(dir, file, strategy)
        .into_iter()
        .filter(|line| line.starts_with(&prefix))
        .collect()
}

const PER_RUN_FILES: [&str; 4] = [
    "timeseries.csv",
    "tenure.csv",
    "robustness.csv",
    "replicates.csv",
];

#[test]
fn one_strategy_does_not_draw_from_another_strategys_randomness() {
    let root = tempfile::tempdir().unwrap();
    let base = run_tiny(root.path(), "base", &[]);
    // Another solidarity: its dynamics change, sorting's must not.
    let changed = run_tiny(
        root.path(),
        "changed",
        &[
            "--set",
            "strategy.solidarity.mobilization.outreach_per_event=9",
            "--set",
            "strategy.solidarity.integration.kind=none",
        ],
    );
    // Sorting alone, without solidarity beside it.
    let alone_text = {
        let start = TINY.find("[strategy.solidarity.mobilization]").unwrap();
        let end = TINY.find("[[shock]]").unwrap();
        format!("{}{}", &TINY[..start], &TINY[end..])
    };
    let alone = run_scenario(root.path(), "tiny", &alone_text, "alone", &[]);
    assert!(rows_of(&alone, "timeseries.csv", "solidarity").is_empty());
    for file in PER_RUN_FILES {
        let sorting = rows_of(&base, file, "sorting");
        assert!(!sorting.is_empty(), "{file} has no sorting rows");
        assert_eq!(
            sorting,
            rows_of(&changed, file, "sorting"),
            "{file}: changing solidarity changed sorting"
        );
        assert_eq!(
            sorting,
            rows_of(&alone, file, "sorting"),
            "{file}: removing solidarity changed sorting"
        );
    }
    assert_ne!(
        rows_of(&base, "timeseries.csv", "solidarity"),
        rows_of(&changed, "timeseries.csv", "solidarity"),
        "the change to solidarity had no effect, so this test shows nothing"
    );
}

#[test]
fn a_strategy_listed_first_or_last_runs_the_same() {
    let root = tempfile::tempdir().unwrap();
    let base = run_tiny(root.path(), "base", &[]);
    let swapped = tiny_solidarity_first();
    let dir = run_scenario(root.path(), "tiny", &swapped, "swapped", &[]);
    let first = fs::read_to_string(dir.join("timeseries.csv")).unwrap();
    assert!(
        first.lines().nth(1).unwrap().starts_with("solidarity,"),
        "strategies keep the file's order"
    );
    for file in PER_RUN_FILES {
        for strategy in ["sorting", "solidarity"] {
            assert_eq!(
                rows_of(&base, file, strategy),
                rows_of(&dir, file, strategy),
                "{file}: {strategy} changed with its place in the file"
            );
        }
    }
}

#[test]
fn replicates_are_addressed_by_number() {
    let root = tempfile::tempdir().unwrap();
    let two = run_tiny(root.path(), "two", &[]);
    let three = run_tiny(root.path(), "three", &["--replicates", "3"]);
    let mut differ = BTreeMap::new();
    for file in PER_RUN_FILES {
        for strategy in ["sorting", "solidarity"] {
            for replicate in 0..TINY_REPLICATES {
                let rows = rows_of_replicate(&two, file, strategy, replicate);
                assert_eq!(
                    rows,
                    rows_of_replicate(&three, file, strategy, replicate),
                    "{file}: {strategy} replicate {replicate} changed when a replicate was added"
                );
            }
            let r0 = rows_of_replicate(&three, file, strategy, 0);
            let r2 = rows_of_replicate(&three, file, strategy, 2);
            assert!(
                !r2.is_empty(),
                "{file}: no rows for replicate 2 of {strategy}"
            );
            differ.insert(
                (file, strategy),
                strip_replicate(&r0) != strip_replicate(&r2),
            );
        }
    }
    assert!(
        differ.values().all(|&d| d),
        "replicates repeat each other: {differ:?}"
    );
}

/// Rows without their strategy and replicate columns, to compare two replicates.
fn strip_replicate(rows: &[String]) -> Vec<String> {
    rows.iter()
        .map(|r| r.splitn(3, ',').nth(2).unwrap_or_default().to_string())
        .collect()
}
