//! The command line (`docs/INTERFACE.md`): what `run` writes, `--set`, bad input,
//! when an output directory may be replaced, `check`, and the progress bar.

mod cli_support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use cli_support::*;

// ---------------------------------------------------------------------------------------
// `run` writes the data files
// ---------------------------------------------------------------------------------------

#[test]
fn run_writes_exactly_the_data_files_charts_and_report() {
    let root = tempfile::tempdir().unwrap();
    let out = run_tiny(root.path(), "out", &[]);
    assert_eq!(entries(&out), result_files());
}

#[test]
fn csv_headers_start_with_the_contract_columns() {
    let root = tempfile::tempdir().unwrap();
    let out = run_tiny(root.path(), "out", &[]);
    let files: [(&str, &[&str]); 8] = [
        ("timeseries.csv", &TIMESERIES_COLUMNS),
        ("tenure.csv", &TENURE_COLUMNS),
        ("retention.csv", &RETENTION_COLUMNS),
        ("robustness.csv", &ROBUSTNESS_COLUMNS),
        ("summary.csv", &SUMMARY_COLUMNS),
        ("replicates.csv", &REPLICATES_COLUMNS),
        ("network_nodes.csv", &NETWORK_NODES_COLUMNS),
        ("network_edges.csv", &NETWORK_EDGES_COLUMNS),
    ];
    for (file, columns) in files {
        let table = Table::read(&out.join(file));
        assert!(
            table.header.len() >= columns.len(),
            "{file}: header {:?} is shorter than the contract {columns:?}",
            table.header
        );
        assert_eq!(
            &table.header[..columns.len()],
            columns,
            "{file}: leading columns differ from docs/INTERFACE.md"
        );
        assert!(!table.rows.is_empty(), "{file} has no rows");
    }
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            "out".as_ref(),
        ],
    );
    assert_ok(&out);
    let err = stderr(&out);
    assert!(
        !err.contains("\u{1b}["),
        "terminal escape codes on a piped stderr: {err:?}"
    );
    assert!(
        !err.contains('\r'),
        "carriage returns on a piped stderr: {err:?}"
    );
}

#[test]
fn run_defaults_to_results_slash_scenario_name() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        ["run".as_ref(), scenario.as_os_str(), "--quiet".as_ref()],
    );
    assert_ok(&out);
    let dir = root.path().join("results").join("tiny");
    assert!(dir.join("manifest.json").is_file(), "no results/tiny/");
}

#[test]
fn one_out_dir_for_two_scenarios_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let a = write_scenario(root.path(), "a", TINY);
    let b = write_scenario(root.path(), "b", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            a.as_os_str(),
            b.as_os_str(),
            "--out".as_ref(),
            "out".as_ref(),
        ],
    );
    assert_bad_input(&out);
    assert!(!root.path().join("out").exists());
}

// ---------------------------------------------------------------------------------------
// `--set`
// ---------------------------------------------------------------------------------------

fn manifest(dir: &Path) -> serde_json::Value {
    let text = fs::read_to_string(dir.join("manifest.json")).unwrap();
    serde_json::from_str(&text).expect("manifest.json is JSON")
}

#[test]
fn set_seed_shows_in_the_manifest() {
    let root = tempfile::tempdir().unwrap();
    let out = run_tiny(root.path(), "out", &["--set", "seed=5"]);
    assert_eq!(manifest(&out)["seed"], 5);
    let again = run_tiny(root.path(), "again", &["--seed", "6"]);
    assert_eq!(manifest(&again)["seed"], 6);
}

#[test]
fn set_strategy_value_shows_in_the_written_scenario() {
    let root = tempfile::tempdir().unwrap();
    let out = run_tiny(
        root.path(),
        "out",
        &["--set", "strategy.sorting.mobilization.screening=0"],
    );
    let text = fs::read_to_string(out.join("scenario.toml")).unwrap();
    let written: toml::Table = text.parse().expect("scenario.toml is TOML");
    let screening = |name: &str| {
        written["strategy"][name]["mobilization"]["screening"]
            .as_float()
            .unwrap_or_else(|| panic!("no screening for {name} in\n{text}"))
    };
    assert_eq!(screening("sorting"), 0.0);
    assert_eq!(screening("solidarity"), 0.0);
    // The other values of the scenario are kept.
    assert_eq!(
        written["strategy"]["sorting"]["mobilization"]["event_every_weeks"].as_integer(),
        Some(2)
    );
    assert_eq!(written["population"]["size"].as_integer(), Some(200));

    // And it parses back as a valid scenario that `check` accepts.
    let copy = write_scenario(root.path(), "written", &text);
    assert_ok(&solidarity_in(
        root.path(),
        ["check".as_ref(), copy.as_os_str()],
    ));
}

#[test]
fn set_with_an_unknown_strategy_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            "out".as_ref(),
            "--set".as_ref(),
            "strategy.nosuch.mobilization.screening=0".as_ref(),
        ],
    );
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("nosuch"),
        "message does not name the strategy: {err}"
    );
    assert!(!root.path().join("out").exists(), "output written anyway");
}

#[test]
fn set_with_an_unknown_key_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    for key in [
        "population.sizze=300",
        "strategy.sorting.mobilization.screenin=0",
        "nosuchtable.value=1",
    ] {
        let out = solidarity_in(
            root.path(),
            [
                "run".as_ref(),
                scenario.as_os_str(),
                "--out".as_ref(),
                "out".as_ref(),
                "--set".as_ref(),
                key.as_ref(),
            ],
        );
        assert_bad_input(&out);
        let err = stderr(&out);
        let (path, _) = key.split_once('=').unwrap();
        let last = path.rsplit('.').next().unwrap();
        let first = path.split('.').next().unwrap();
        assert!(
            err.contains(last) || err.contains(first),
            "message does not name `{path}`: {err}"
        );
        assert!(!root.path().join("out").exists(), "output written anyway");
    }
}

#[test]
fn set_with_an_out_of_range_value_names_the_dotted_key() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            "out".as_ref(),
            "--set".as_ref(),
            "strategy.solidarity.mobilization.event_cost=2".as_ref(),
        ],
    );
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("strategy.solidarity.mobilization.event_cost"),
        "message does not name the dotted key: {err}"
    );
    assert!(!root.path().join("out").exists());
}

// ---------------------------------------------------------------------------------------
// Bad input
// ---------------------------------------------------------------------------------------

/// Runs `run <scenario> --out out` in a fresh directory and checks exit 2, a clean message
/// containing each of `needles`, and no output directory.
fn refuse(scenario: impl FnOnce(&Path) -> std::path::PathBuf, extra: &[&str], needles: &[&str]) {
    let root = tempfile::tempdir().unwrap();
    let path = scenario(root.path());
    let mut args: Vec<std::ffi::OsString> = vec![
        "run".into(),
        path.into_os_string(),
        "--out".into(),
        "out".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    let out = solidarity_in(root.path(), &args);
    assert_bad_input(&out);
    let err = stderr(&out);
    for needle in needles {
        assert!(err.contains(needle), "message lacks `{needle}`: {err}");
    }
    assert!(
        !root.path().join("out").exists(),
        "an output directory was created for bad input"
    );
    assert!(
        !root.path().join("results").exists(),
        "a results directory was created for bad input"
    );
}

#[test]
fn a_missing_scenario_file_is_bad_input() {
    refuse(|root| root.join("nosuch.toml"), &[], &["nosuch.toml"]);
}

#[test]
fn a_scenario_named_without_its_extension_suggests_the_file() {
    refuse(
        |root| {
            write_scenario(root, "tiny", TINY);
            root.join("tiny")
        },
        &[],
        &["tiny: cannot be read", "did you mean `", "tiny.toml`?"],
    );
}

#[test]
fn a_directory_as_scenario_is_bad_input() {
    refuse(
        |root| {
            let dir = root.join("adir.toml");
            fs::create_dir(&dir).unwrap();
            dir
        },
        &[],
        &["adir.toml"],
    );
}

#[test]
fn broken_toml_is_bad_input_and_names_file_line_and_column() {
    let text = TINY.replacen("[population]", "[population", 1);
    let line = text.lines().position(|l| l == "[population").unwrap() + 1;
    let needle = format!("broken.toml:{line}:");
    refuse(
        |root| write_scenario(root, "broken", &text),
        &[],
        &[&needle],
    );
}

#[test]
fn an_unknown_key_is_bad_input_and_named() {
    refuse(
        |root| {
            let text = TINY.replacen("size = 200", "size = 200\nsise = 300", 1);
            write_scenario(root, "unknown", &text)
        },
        &[],
        &["sise"],
    );
    refuse(
        |root| {
            let text = TINY.replacen("screening = 3.0", "screening = 3.0\nscreen = 1.0", 1);
            write_scenario(root, "unknown", &text)
        },
        &[],
        &["screen"],
    );
}

#[test]
fn an_out_of_range_value_is_bad_input_naming_the_dotted_key() {
    refuse(
        |root| {
            let text = TINY.replacen("size = 200", "size = 200\nopinion_locality = 1.5", 1);
            write_scenario(root, "range", &text)
        },
        &[],
        &["population.opinion_locality"],
    );
    refuse(
        |root| {
            let text = TINY.replacen("screening = 3.0", "screening = -1.0", 1);
            write_scenario(root, "range", &text)
        },
        &[],
        &["strategy.sorting.mobilization.screening"],
    );
    refuse(
        |root| {
            let text = TINY.replacen("size = 200", "size = 200\ngroup_segregation = nan", 1);
            write_scenario(root, "range", &text)
        },
        &[],
        &["population.group_segregation"],
    );
}

#[test]
fn an_empty_or_binary_file_is_bad_input() {
    refuse(
        |root| write_scenario(root, "empty", ""),
        &[],
        &["empty.toml"],
    );
    refuse(
        |root| {
            let path = root.join("binary.toml");
            fs::write(&path, b"seed = 1\n\xff\xfe\x00[strategy.a]\n").unwrap();
            path
        },
        &[],
        &["binary.toml"],
    );
}

#[test]
fn a_shock_outside_the_run_is_bad_input() {
    refuse(
        |root| {
            let text = TINY.replacen("week = 40", "week = 104", 1);
            write_scenario(root, "late", &text)
        },
        &[],
        &["shock.0.week"],
    );
    // Shortening the run from the command line moves its end before the shock.
    refuse(
        |root| write_scenario(root, "tiny", &TINY.replacen("week = 40", "week = 60", 1)),
        &["--years", "1"],
        &["shock.0.week"],
    );
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--set", "shock.0.week=500"],
        &["shock.0.week"],
    );
}

#[test]
fn bad_flags_are_bad_input() {
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--threads", "0"],
        &["threads"],
    );
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--replicates", "many"],
        &["replicates"],
    );
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--set", "seed"],
        &["seed"],
    );
}

/// A shorthand flag and its `--set` are one check with one range, and a message about
/// the shorthand's value names the flag the user typed.
#[test]
fn shorthand_flags_state_the_range_of_their_key_and_are_named_as_typed() {
    let seed_range = "a whole number from 0 to 9223372036854775807";
    for (flag, value, range) in [
        ("--seed", "-1", seed_range),
        ("--seed", "99999999999999999999999", seed_range),
        ("--replicates", "many", "a whole number from 1 to "),
        ("--years", "1.5", "a whole number from 1 to "),
    ] {
        refuse(
            |root| write_scenario(root, "tiny", TINY),
            &[flag, value],
            &[range, &format!("(set by {flag} {value})")],
        );
    }
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--set", "seed=-1"],
        &[seed_range, "(set by --set seed=-1)"],
    );
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--years", "0"],
        &["`years` = 0 is out of range", "(set by --years 0)"],
    );
}

/// A value of the wrong type is told the range of its own key, not of its Rust type.
#[test]
fn a_value_of_the_wrong_type_is_told_its_keys_range() {
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--set", "population.size=many"],
        &["`population.size`", "a whole number from 10 to 50000000"],
    );
    refuse(
        |root| write_scenario(root, "tiny", TINY),
        &["--set", "network.decay=true"],
        &["`network.decay`", "expected a number in [0, 1]"],
    );
}

// ---------------------------------------------------------------------------------------
// When an output directory may be replaced (`docs/INTERFACE.md`, "Output directories")
// ---------------------------------------------------------------------------------------

/// Hidden siblings of `name` in `parent` (`.<name>.partial-*`, `.<name>.old-*`, ...).
fn hidden_siblings(parent: &Path, name: &str) -> Vec<String> {
    let prefix = format!(".{name}.");
    entries(parent)
        .into_iter()
        .filter(|e| e.starts_with(&prefix))
        .collect()
}

#[test]
fn a_foreign_non_empty_directory_is_refused_and_left_untouched() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("out");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "my own notes").unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            dir.as_os_str(),
        ],
    );
    assert_bad_input(&out);
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    assert_eq!(entries(&dir), ["notes.txt"]);
    assert_eq!(
        fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "my own notes"
    );
    assert!(hidden_siblings(root.path(), "out").is_empty());
}

#[test]
fn a_foreign_directory_is_replaced_with_force() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("out");
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("notes.txt"), "my own notes").unwrap();
    run_tiny(root.path(), "out", &["--force"]);
    assert!(
        !dir.join("notes.txt").exists(),
        "--force kept the old contents"
    );
    assert!(dir.join("manifest.json").is_file());
    assert!(hidden_siblings(root.path(), "out").is_empty());
}

#[test]
fn an_empty_directory_is_used() {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("out")).unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    assert!(dir.join("manifest.json").is_file());
    assert!(hidden_siblings(root.path(), "out").is_empty());
}

#[test]
fn an_earlier_result_of_the_same_scenario_is_replaced() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--seed", "1"]);
    // A file the run wrote, changed by hand: the rerun puts back the run's own.
    fs::write(dir.join("report.html"), "edited").unwrap();
    let first = contents(&dir);
    run_tiny(root.path(), "out", &["--seed", "1"]);
    let again = contents(&dir);
    assert_eq!(manifest(&dir)["seed"], 1);
    assert_ne!(again["report.html"], first["report.html"], "not replaced");
    assert_eq!(again["timeseries.csv"], first["timeseries.csv"]);
    assert!(hidden_siblings(root.path(), "out").is_empty());
    // With --force, a result of other settings is replaced too.
    run_tiny(root.path(), "out", &["--seed", "2", "--force"]);
    assert_eq!(manifest(&dir)["seed"], 2, "the new result is not in place");
    assert!(hidden_siblings(root.path(), "out").is_empty());
}

#[test]
fn a_result_of_another_scenario_is_refused() {
    let root = tempfile::tempdir().unwrap();
    // The same scenario text under another file name is another scenario.
    let dir = run_scenario(root.path(), "other", TINY, "out", &[]);
    let before = contents(&dir);
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            dir.as_os_str(),
        ],
    );
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("other"),
        "message does not name the other scenario: {err}"
    );
    assert_eq!(contents(&dir), before, "the other result was changed");
    assert!(hidden_siblings(root.path(), "out").is_empty());
}

#[test]
fn a_file_in_place_of_the_output_directory_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("out");
    fs::write(&file, "not a directory").unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(
        root.path(),
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            file.as_os_str(),
        ],
    );
    assert_bad_input(&out);
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a directory");
}

#[test]
fn no_hidden_sibling_is_left_after_runs() {
    let root = tempfile::tempdir().unwrap();
    let parent = root.path().join("results");
    fs::create_dir(&parent).unwrap();
    run_tiny(root.path(), "results/tiny", &[]);
    run_tiny(root.path(), "results/tiny", &[]);
    run_tiny(root.path(), "results/tiny", &["--force"]);
    assert_eq!(entries(&parent), ["tiny"]);
}

#[test]
fn the_current_directory_can_receive_a_result() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    let work = root.path().join("work");
    fs::create_dir(&work).unwrap();
    let out = solidarity_in(
        &work,
        [
            "run".as_ref(),
            scenario.as_os_str(),
            "--out".as_ref(),
            ".".as_ref(),
            "--quiet".as_ref(),
        ],
    );
    let left: Vec<String> = entries(&work)
        .into_iter()
        .filter(|e| e.starts_with('.'))
        .collect();
    assert!(
        left.is_empty(),
        "hidden leftovers in the output directory: {left:?}"
    );
    assert_ok(&out);
    assert!(work.join("manifest.json").is_file());
}

// ---------------------------------------------------------------------------------------
// `check`
// ---------------------------------------------------------------------------------------

#[test]
fn check_prints_the_resolved_scenario_and_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let scenarios = tempfile::tempdir().unwrap();
    let scenario = write_scenario(scenarios.path(), "tiny", TINY);
    let out = solidarity_in(root.path(), ["check".as_ref(), scenario.as_os_str()]);
    assert_ok(&out);
    let text = stdout(&out);
    assert!(text.contains("[population]"), "{text}");
    // Defaults are filled in: the file does not set these.
    assert!(
        text.contains("[network]") && text.contains("strong_threshold"),
        "{text}"
    );
    for name in ["sorting", "solidarity"] {
        assert!(text.contains(name), "strategy `{name}` missing:\n{text}");
    }
    assert!(text.contains("organizer_loss"), "{text}");
    assert!(
        text.to_lowercase().contains("memory"),
        "no memory estimate:\n{text}"
    );
    assert!(
        entries(root.path()).is_empty(),
        "check wrote {:?}",
        entries(root.path())
    );
    assert_eq!(entries(scenarios.path()), ["tiny.toml"]);
}

#[test]
fn check_refuses_bad_scenarios_with_status_2() {
    let root = tempfile::tempdir().unwrap();
    let good = write_scenario(root.path(), "good", TINY);
    let bad = write_scenario(
        root.path(),
        "bad",
        &TINY.replacen("years = 2", "years = 0", 1),
    );
    let out = solidarity_in(
        root.path(),
        ["check".as_ref(), good.as_os_str(), bad.as_os_str()],
    );
    assert_bad_input(&out);
    assert!(stderr(&out).contains("years"), "{}", stderr(&out));
}

#[test]
fn check_into_a_closed_pipe_does_not_panic() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "tiny", TINY);
    // Enough copies that the output overflows a pipe buffer (64 KiB), so the write that
    // finds the reader gone is certain to happen after the reader is closed.
    let mut child = Command::new(BIN)
        .arg("check")
        .args(std::iter::repeat(scenario.as_os_str()).take(60))
        .current_dir(root.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert!(
        !err.contains("panicked"),
        "panic on a closed stdout:\n{err}"
    );
    assert_ne!(out.status.code(), Some(101), "exit status of a panic");
}

/// Every scenario shipped in `scenarios/`, sorted.
fn shipped_scenarios() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_scenario_passes_check() {
    let files = shipped_scenarios();
    assert!(
        files
            .iter()
            .any(|f| f.ends_with("solidarity-vs-sorting.toml")),
        "the default scenario is missing: {files:?}"
    );
    let root = tempfile::tempdir().unwrap();
    for file in &files {
        let out = solidarity_in(root.path(), ["check".as_ref(), file.as_os_str()]);
        assert!(
            out.status.success(),
            "{} fails check:\n{}",
            file.display(),
            stderr(&out)
        );
    }
    assert!(entries(root.path()).is_empty());
}

#[test]
fn every_shipped_scenario_runs_on_a_small_town() {
    let root = tempfile::tempdir().unwrap();
    for file in shipped_scenarios() {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let dir = root.path().join(&name);
        let out = solidarity_in(
            root.path(),
            [
                "run".as_ref(),
                file.as_os_str(),
                "--out".as_ref(),
                dir.as_os_str(),
                "--quiet".as_ref(),
                "--replicates".as_ref(),
                "1".as_ref(),
                "--set".as_ref(),
                "population.size=300".as_ref(),
            ],
        );
        assert!(
            out.status.success(),
            "{} fails to run:\n{}",
            file.display(),
            stderr(&out)
        );
        assert_eq!(manifest(&dir)["scenario"], name.as_str());
    }
}
