//! `solidarity sweep`, `solidarity merge` and `solidarity analyze` (`docs/INTERFACE.md`):
//! the grid and its order, the other designs (Latin hypercube, Sobol', Morris, a table of
//! points) and their refusals, `sweep.csv`, resuming, shards run as separate processes and
//! merged byte for byte for every design, the refusals of `merge`, and the indices of a
//! tiny Sobol' sweep.

mod cli_support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cli_support::*;

/// The tiny scenario with a 2 x 2 grid: screening of sorting, then how often it holds
/// events (varying fastest).
fn swept() -> String {
    format!(
        "{TINY}\n[sweep]\n\"strategy.sorting.mobilization.screening\" = [0.0, 3.0]\nstrategy.sorting.mobilization.event_every_weeks = [2, 4]\n"
    )
}

fn sweep_args(scenario: &Path, out: &Path, extra: &[&str]) -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = vec![
        "sweep".into(),
        scenario.into(),
        "--out".into(),
        out.into(),
        "--threads".into(),
        "1".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    args
}

/// Runs the sweep of `text` into `<root>/<out>`, asserting success; returns the directory
/// and the stderr.
fn sweep(root: &Path, text: &str, out: &str, extra: &[&str]) -> (PathBuf, String) {
    let scenario = write_scenario(root, "swept", text);
    let dir = root.join(out);
    let result = solidarity_in(root, sweep_args(&scenario, &dir, extra));
    assert_ok(&result);
    (dir, stderr(&result))
}

/// Every file under `dir` (hidden ones too) with its bytes, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(relative, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Whether the SVG `svg` has a text element of exactly `text`.
fn shows(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n</text>"))
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "different files"
    );
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name} differs");
    }
}

#[test]
fn the_grid_runs_in_order_with_the_last_key_fastest_into_sweep_csv() {
    let root = tempfile::tempdir().unwrap();
    let (dir, err) = sweep(root.path(), &swept(), "out", &[]);
    assert!(
        err.ends_with("solidarity: wrote out/report.html (the sweep of 4 points)\n"),
        "the sweep names its report: {err}"
    );
    let mut top = entries(&dir);
    top.sort();
    assert_eq!(
        top,
        [
            "SHA256SUMS",
            "charts",
            "points",
            "report.html",
            "sweep.csv",
            "sweep.json"
        ]
    );
    assert_eq!(
        entries(&dir.join("points")),
        ["0000", "0001", "0002", "0003"]
    );
    for point in entries(&dir.join("points")) {
        assert_eq!(entries(&dir.join("points").join(point)), result_files());
    }

    let table = Table::read(&dir.join("sweep.csv"));
    let screening = "strategy.sorting.mobilization.screening";
    let every = "strategy.sorting.mobilization.event_every_weeks";
    let mut header = vec!["point", screening, every];
    header.extend(SUMMARY_COLUMNS);
    assert_eq!(table.header, header);
    // The rows of each point are its summary.csv, in grid order.
    let mut expected_rows = 0;
    for (point, (s, e)) in [
        ("0", "0", "2"),
        ("1", "0", "4"),
        ("2", "3", "2"),
        ("3", "3", "4"),
    ]
    .iter()
    .map(|(p, s, e)| (*p, (*s, *e)))
    {
        let summary = Table::read(&dir.join(format!("points/000{point}/summary.csv")));
        let rows: Vec<&Vec<String>> = table.rows.iter().filter(|r| r[0] == point).collect();
        assert_eq!(rows.len(), summary.rows.len(), "point {point}");
        for (row, original) in rows.iter().zip(&summary.rows) {
            assert_eq!((row[1].as_str(), row[2].as_str()), (s, e), "point {point}");
            assert_eq!(&row[3..], &original[..], "point {point}");
        }
        expected_rows += summary.rows.len();
        // The point's own scenario has the values, and its manifest says so.
        let toml =
            fs::read_to_string(dir.join(format!("points/000{point}/scenario.toml"))).unwrap();
        assert!(
            toml.contains(&format!("event_every_weeks = {e}\n")),
            "{toml}"
        );
        assert!(!toml.contains("[sweep]"), "a point is a plain scenario");
        let manifest =
            fs::read_to_string(dir.join(format!("points/000{point}/manifest.json"))).unwrap();
        assert!(
            manifest.contains(&format!(
                "Sweep point {point} of 4: {screening} = {s}, {every} = {e}."
            )),
            "{manifest}"
        );
    }
    assert_eq!(table.rows.len(), expected_rows);
    // Screening 0 and 3 really ran differently.
    let sorting_retention: Vec<&Vec<String>> = table
        .rows
        .iter()
        .filter(|r| r[3] == "sorting" && r[4] == "retention_1y")
        .collect();
    assert_eq!(sorting_retention.len(), 4);
    assert_ne!(sorting_retention[0][5], sorting_retention[2][5]);

    // The charts: each outcome the points define, against each swept key, SVG and PNG.
    let charts = entries(&dir.join("charts"));
    for axis in [screening, every] {
        for ext in ["svg", "png"] {
            let name = format!("robustness_targeted-by-{axis}.{ext}");
            assert!(charts.contains(&name), "{name} not in {charts:?}");
        }
    }
    let svg =
        fs::read_to_string(dir.join(format!("charts/robustness_targeted-by-{every}.svg"))).unwrap();
    assert!(
        svg.contains("screening = 3") && svg.contains("solidarity"),
        "small multiples and legend"
    );
    // The axes say what they show: the parameter by its strategy and key, the outcome
    // by its meaning; weeks between events take whole ticks only.
    assert!(shows(&svg, "sorting: event_every_weeks"), "{svg}");
    assert!(shows(&svg, "robustness R, targeted"), "{svg}");
    assert!(shows(&svg, "3"), "a tick between 2 and 4");
    for half in ["2.5", "3.5"] {
        assert!(!shows(&svg, half), "a tick {half} on a whole axis");
    }

    // The report: what was swept, every chart inline with a sentence, the scenario.
    let report = fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains("<h1>Sweep \u{201c}swept\u{201d}</h1>"));
    assert!(
        report.contains(&format!(
            "<tr><td><code>{screening}</code></td><td>sorting: screening</td><td>0, 3</td></tr>"
        )),
        "the swept values"
    );
    let pngs: Vec<&String> = charts.iter().filter(|c| c.ends_with(".png")).collect();
    assert_eq!(
        report.matches("<img src=\"data:image/png;base64,").count(),
        pngs.len()
    );
    assert_eq!(report.matches("<figcaption>").count(), pngs.len());
    assert!(report.contains(
        "<figcaption>Robustness R of the strong-tie network the week before the first organizer loss"
    ));
    assert!(report.contains(
        "(robustness_targeted) against sorting&#39;s screening: each strategy&#39;s mean over replicates at each value, with its 95% confidence interval as a band, one panel for each value of sorting&#39;s event_every_weeks.</figcaption>"
    ));
    assert!(report.contains("[sweep]\n"), "the resolved scenario");
    assert!(!report.contains("http"), "no URL");

    // SHA256SUMS covers the sweep's own files and each point's sums, and checks.
    let sums = fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    assert!(sums.contains("  sweep.csv\n") && sums.contains("  points/0003/SHA256SUMS\n"));
    assert!(sums.contains("  report.html\n"));
    let check = Command::new("sha256sum")
        .args(["--check", "--quiet", "SHA256SUMS"])
        .current_dir(&dir)
        .output();
    if let Ok(check) = check {
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stdout)
        );
    }
}

#[test]
fn check_prints_the_grid_size_and_run_runs_the_base_scenario() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "swept", &swept());
    let out = solidarity_in(root.path(), ["check".as_ref(), scenario.as_os_str()]);
    assert_ok(&out);
    assert!(
        stdout(&out).contains("# sweep: 4 grid points"),
        "{}",
        stdout(&out)
    );
    let dir = run_scenario(root.path(), "swept", &swept(), "base", &[]);
    let toml = fs::read_to_string(dir.join("scenario.toml")).unwrap();
    assert!(
        toml.contains("screening = 3.0\n"),
        "the base scenario's value"
    );
    assert!(!dir.join("points").exists());
}

#[test]
fn a_rerun_keeps_complete_points_and_reruns_a_corrupted_one() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = sweep(root.path(), &swept(), "out", &["--quiet"]);
    let before = tree(&dir);
    let damaged = dir.join("points/0002/summary.csv");
    fs::write(&damaged, "strategy,metric\n").unwrap();
    // An interrupted sweep also leaves a point without its last files.
    fs::remove_file(dir.join("points/0003/SHA256SUMS")).unwrap();
    let (_, err) = sweep(root.path(), &swept(), "out", &[]);
    let kept = err
        .lines()
        .filter(|l| l.ends_with("complete, kept"))
        .count();
    let running: Vec<&str> = err.lines().filter(|l| l.ends_with("running")).collect();
    assert_eq!(kept, 2, "{err}");
    assert_eq!(running.len(), 2, "{err}");
    assert!(
        running[0].contains("point 0002") && running[1].contains("point 0003"),
        "{err}"
    );
    assert_eq!(
        tree(&dir),
        before,
        "the rerun restores every file, byte for byte"
    );
}

#[test]
fn three_shards_in_separate_processes_merge_into_the_unsharded_sweep() {
    let root = tempfile::tempdir().unwrap();
    let (whole, _) = sweep(root.path(), &swept(), "whole", &["--quiet"]);
    let scenario = root.path().join("swept.toml");
    let children: Vec<_> = (1..=3)
        .map(|k| {
            let shard = format!("{k}/3");
            let out = root.path().join(format!("shard-{k}"));
            Command::new(BIN)
                .args(sweep_args(&scenario, &out, &["--quiet", "--shard", &shard]))
                .current_dir(root.path())
                .stdin(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("a shard starts")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_ok(&out);
    }
    // Shard k holds the points i with i % 3 == k - 1, and no sweep-wide files.
    assert_eq!(
        entries(&root.path().join("shard-1/points")),
        ["0000", "0003"]
    );
    assert_eq!(entries(&root.path().join("shard-2/points")), ["0001"]);
    assert_eq!(
        entries(&root.path().join("shard-3")),
        ["points", "shard.json"]
    );

    let merged = root.path().join("merged");
    let out = solidarity_in(
        root.path(),
        [
            "merge", "shard-1", "shard-2", "shard-3", "--out", "merged", "--quiet",
        ],
    );
    assert_ok(&out);
    assert_same_tree(&whole, &merged);
    // A shard given twice (overlapping, agreeing) changes nothing.
    let out = solidarity_in(
        root.path(),
        [
            "merge", "shard-3", "shard-1", "shard-2", "shard-1", "--out", "again", "--quiet",
        ],
    );
    assert_ok(&out);
    assert_same_tree(&whole, &root.path().join("again"));
}

#[test]
fn merge_refuses_missing_points_other_sweeps_and_disagreeing_shards() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "swept", &swept());
    let shard = |k: u32, n: u32, out: &str, extra: &[&str]| {
        let spec = format!("{k}/{n}");
        let mut more = vec!["--quiet", "--shard", spec.as_str()];
        more.extend(extra);
        assert_ok(&solidarity_in(
            root.path(),
            sweep_args(&scenario, &root.path().join(out), &more),
        ));
    };
    shard(1, 2, "a", &[]);
    shard(2, 2, "b", &[]);
    shard(2, 2, "b-seed", &["--seed", "8"]);
    let listing = || entries(root.path());
    let before = listing();

    let out = solidarity_in(root.path(), ["merge", "a", "--out", "m"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out)
            .contains("2 of the 4 grid points are complete in none of the shards given: 1, 3"),
        "{}",
        stderr(&out)
    );

    let out = solidarity_in(root.path(), ["merge", "a", "b-seed", "--out", "m"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("b-seed: is a shard of seed 8, not 7"),
        "{}",
        stderr(&out)
    );

    // The same point, different bytes, each consistent with its own sums.
    fs::create_dir_all(root.path().join("c/points")).unwrap();
    fs::copy(
        root.path().join("b/shard.json"),
        root.path().join("c/shard.json"),
    )
    .unwrap();
    let from = root.path().join("b/points/0001");
    let to = root.path().join("c/points/0001");
    fs::create_dir(&to).unwrap();
    for name in entries(&from) {
        fs::copy(from.join(&name), to.join(&name)).unwrap();
    }
    fs::write(to.join("scenario.toml"), "# edited\n").unwrap();
    let sums = fs::read_to_string(to.join("SHA256SUMS")).unwrap();
    let digest = sha256_hex(b"# edited\n");
    let sums: String = sums
        .lines()
        .map(|l| match l.split_once("  ") {
            Some((_, "scenario.toml")) => format!("{digest}  scenario.toml\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    fs::write(to.join("SHA256SUMS"), sums).unwrap();
    let before = {
        let mut b = before;
        b.push("c".into());
        b.sort();
        b
    };
    let out = solidarity_in(root.path(), ["merge", "a", "b", "c", "--out", "m"]);
    assert_bad_input(&out);
    assert!(stderr(&out).contains("point 1 differs"), "{}", stderr(&out));
    assert_eq!(listing(), before, "nothing written by a refused merge");

    // A point whose files no longer match its sums counts as missing.
    fs::write(root.path().join("b/points/0001/tenure.csv"), "").unwrap();
    let out = solidarity_in(root.path(), ["merge", "a", "b", "--out", "m"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("none of the shards given: 1\n")
            || stderr(&out).contains("none of the shards given: 1 "),
        "{}",
        stderr(&out)
    );
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_directory_holding_another_sweep_is_refused_unless_forced() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = sweep(root.path(), &swept(), "out", &["--quiet"]);
    let before = tree(&dir);
    let scenario = root.path().join("swept.toml");
    let out = solidarity_in(
        root.path(),
        sweep_args(&scenario, &dir, &["--quiet", "--seed", "9"]),
    );
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("another sweep: seed 7, not 9"),
        "{}",
        stderr(&out)
    );
    assert_eq!(tree(&dir), before);
    let out = solidarity_in(
        root.path(),
        sweep_args(&scenario, &dir, &["--quiet", "--seed", "9", "--force"]),
    );
    assert_ok(&out);
    assert!(fs::read_to_string(dir.join("sweep.json"))
        .unwrap()
        .contains("\"seed\": 9"));
    // A run's result is not a sweep either.
    let run = run_tiny(root.path(), "run-result", &[]);
    let out = solidarity_in(root.path(), sweep_args(&scenario, &run, &["--quiet"]));
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("the result of a `run`"),
        "{}",
        stderr(&out)
    );
}

/// Runs shard `k` of `n` of `scenario` into `<root>/<out>`.
fn run_shard(root: &Path, scenario: &Path, k: u32, n: u32, out: &str) {
    let spec = format!("{k}/{n}");
    assert_ok(&solidarity_in(
        root,
        sweep_args(scenario, &root.join(out), &["--quiet", "--shard", &spec]),
    ));
}

#[test]
fn merge_refuses_a_shard_whose_point_folders_were_swapped() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "swept", &swept());
    run_shard(root.path(), &scenario, 1, 2, "a");
    run_shard(root.path(), &scenario, 2, 2, "b");
    // Points 1 and 3 of shard b trade places; each still matches its own sums.
    let points = root.path().join("b/points");
    fs::rename(points.join("0001"), points.join("swap")).unwrap();
    fs::rename(points.join("0003"), points.join("0001")).unwrap();
    fs::rename(points.join("swap"), points.join("0003")).unwrap();
    let out = solidarity_in(root.path(), ["merge", "a", "b", "--out", "m"]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("0001: holds the result of Sweep point 3 of 4")
            && err.contains("not point 1 (strategy.sorting.mobilization.screening = 0")
            && err.contains("rerun its shard"),
        "{err}"
    );
    assert!(!root.path().join("m").exists(), "a refused merge wrote");
    // As `sweep --shard` does, a rerun of the shard puts every point in its place.
    let out = solidarity_in(
        root.path(),
        sweep_args(&scenario, &root.path().join("b"), &["--shard", "2/2"]),
    );
    assert_ok(&out);
    assert!(stderr(&out).contains("point 0001"), "{}", stderr(&out));
    assert_ok(&solidarity_in(
        root.path(),
        ["merge", "a", "b", "--out", "m", "--quiet"],
    ));
    let (whole, _) = sweep(root.path(), &swept(), "whole", &["--quiet"]);
    assert_same_tree(&whole, &root.path().join("m"));
}

#[test]
fn a_whole_sweep_with_swapped_points_is_not_merged() {
    let root = tempfile::tempdir().unwrap();
    let (dir, _) = sweep(root.path(), &swept(), "out", &["--quiet"]);
    // A swapped whole sweep merged as it is: its points are refused, not relabelled.
    let points = dir.join("points");
    fs::rename(points.join("0000"), points.join("swap")).unwrap();
    fs::rename(points.join("0002"), points.join("0000")).unwrap();
    fs::rename(points.join("swap"), points.join("0002")).unwrap();
    let out = solidarity_in(root.path(), ["merge", "out", "--out", "m"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("0000: holds the result of Sweep point 2 of 4"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn merge_never_replaces_a_directory_holding_its_shards_even_with_force() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(root.path(), "swept", &swept());
    fs::create_dir(root.path().join("shards")).unwrap();
    run_shard(root.path(), &scenario, 1, 2, "shards/1");
    run_shard(root.path(), &scenario, 2, 2, "shards/2");
    let before = tree(&root.path().join("shards"));
    for out_dir in ["shards", "shards/1", "shards/1/merged"] {
        let out = solidarity_in(
            root.path(),
            ["merge", "shards/1", "shards/2", "--out", out_dir, "--force"],
        );
        assert_bad_input(&out);
        assert!(
            stderr(&out).contains("an input of this command"),
            "{}",
            stderr(&out)
        );
        assert_eq!(tree(&root.path().join("shards")), before, "--out {out_dir}");
    }
}

// Designs other than the grid.

const SCREENING: &str = "strategy.sorting.mobilization.screening";
const EVENTS: &str = "strategy.sorting.mobilization.event_every_weeks";

/// The tiny scenario with a `[sweep]` of `design` over screening and the weeks between
/// events.
fn designed(design: &str) -> String {
    format!(
        "{TINY}\n[sweep]\n{design}\n\"{SCREENING}\" = {{ min = 0.0, max = 6.0 }}\n\"{EVENTS}\" = {{ min = 1, max = 4 }}\n"
    )
}

fn sweep_into(root: &Path, scenario: &Path, out: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "sweep".to_string(),
        scenario.display().to_string(),
        "--out".into(),
        out.into(),
        "--threads".into(),
        "1".into(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    solidarity_in(root, args)
}

/// sweep.csv as rows of fields, without its header.
fn sweep_rows(dir: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(dir.join("sweep.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The values of the two swept columns at each point.
fn point_values(dir: &Path) -> BTreeMap<usize, (String, String)> {
    sweep_rows(dir)
        .into_iter()
        .map(|r| (r[0].parse().unwrap(), (r[1].clone(), r[2].clone())))
        .collect()
}

#[test]
fn sampled_designs_draw_their_points_from_the_seed_within_their_ranges() {
    let root = tempfile::tempdir().unwrap();
    let cases = [
        ("design = \"lhs\"\nsamples = 4", 4),
        ("design = \"sobol\"\nsamples = 2", 2 * (2 + 2)),
        (
            "design = \"morris\"\ntrajectories = 2\nlevels = 4",
            2 * (2 + 1),
        ),
    ];
    for (design, points) in cases {
        let scenario = write_scenario(root.path(), "designed", &designed(design));
        let out = sweep_into(root.path(), &scenario, "out", &["--force"]);
        assert_ok(&out);
        let values = point_values(&root.path().join("out"));
        assert_eq!(values.len(), points, "{design}");
        for (screening, events) in values.values() {
            let screening: f64 = screening.parse().unwrap();
            let events: u64 = events.parse().expect("whole weeks between events");
            assert!((0.0..=6.0).contains(&screening) && (1..=4).contains(&events));
        }
        // The same seed draws the same points; another seed others.
        let again = sweep_into(root.path(), &scenario, "again", &["--force"]);
        assert_ok(&again);
        assert_eq!(values, point_values(&root.path().join("again")));
        let other = sweep_into(root.path(), &scenario, "other", &["--force", "--seed", "8"]);
        assert_ok(&other);
        assert_ne!(values, point_values(&root.path().join("other")));
    }
}

/// A sampled point's values carry up to 17 significant digits, and a point's files are
/// taken as its own only when the scenario its manifest records (JSON) equals the
/// point's exactly: every such value must read back from JSON to the same bits, or a
/// sweep refuses its own points when it writes `sweep.csv`.
#[test]
fn sampled_values_read_back_from_json_to_the_same_bits() {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(20_240_601);
    for _ in 0..100_000 {
        let value = 0.01 + rng.gen::<f64>() * (0.03 - 0.01);
        let text = serde_json::to_string(&value).unwrap();
        let back: f64 = serde_json::from_str(&text).unwrap();
        assert_eq!(back.to_bits(), value.to_bits(), "{text}");
    }
}

#[test]
fn every_design_shards_resumes_and_merges_byte_for_byte() {
    let root = tempfile::tempdir().unwrap();
    fs::write(
        root.path().join("points.csv"),
        format!("{SCREENING},{EVENTS}\n0.5,2\n3,4.0\n6.0,1\n"),
    )
    .unwrap();
    let table = format!("{TINY}\n[sweep]\ndesign = \"table\"\ntable = \"points.csv\"\n");
    for (name, text) in [
        ("lhs", designed("design = \"lhs\"\nsamples = 3")),
        ("sobol", designed("design = \"sobol\"\nsamples = 2")),
        ("morris", designed("design = \"morris\"\ntrajectories = 2")),
        ("table", table),
    ] {
        let scenario = write_scenario(root.path(), name, &text);
        let whole = format!("{name}-whole");
        assert_ok(&sweep_into(root.path(), &scenario, &whole, &[]));
        for k in 1..=2 {
            let shard = format!("{k}/2");
            let out = format!("{name}-shard-{k}");
            assert_ok(&sweep_into(
                root.path(),
                &scenario,
                &out,
                &["--shard", &shard],
            ));
        }
        // A rerun of a shard keeps its points.
        let rerun = solidarity_in(
            root.path(),
            [
                "sweep",
                scenario.to_str().unwrap(),
                "--out",
                &format!("{name}-shard-1"),
                "--shard",
                "1/2",
                "--threads",
                "1",
            ],
        );
        assert_ok(&rerun);
        assert!(
            stderr(&rerun).contains("complete, kept"),
            "{name}: {}",
            stderr(&rerun)
        );
        assert!(!stderr(&rerun).contains("running"), "{name}");
        let merged = format!("{name}-merged");
        let out = solidarity_in(
            root.path(),
            [
                "merge",
                &format!("{name}-shard-1"),
                &format!("{name}-shard-2"),
                "--out",
                &merged,
                "--quiet",
            ],
        );
        assert_ok(&out);
        assert_same_tree(&root.path().join(&whole), &root.path().join(&merged));
    }
    // Each report says how its points were placed, and that no chart holds the others
    // fixed.
    for (name, design) in [
        ("lhs", "A Latin hypercube of 3 points"),
        (
            "sobol",
            "Saltelli&#39;s scheme for Sobol&#39; indices: 2 base rows",
        ),
        ("morris", "2 Morris trajectories of 3 points on 4 levels"),
        ("table", "A table of 3 points"),
    ] {
        let report =
            fs::read_to_string(root.path().join(format!("{name}-whole/report.html"))).unwrap();
        assert!(report.contains(design), "{name}");
        assert!(report.contains("are not a grid"), "{name}");
        assert!(!report.contains("<img"), "{name}");
    }
    let lhs = fs::read_to_string(root.path().join("lhs-whole/report.html")).unwrap();
    assert!(lhs.contains("<td>[1, 4], whole values</td>"), "{lhs}");
    // The table's points are its rows, in order; `4.0` of an integer is read as 4.
    let values = point_values(&root.path().join("table-whole"));
    assert_eq!(
        values.into_values().collect::<Vec<_>>(),
        [("0.5", "2"), ("3", "4"), ("6", "1")].map(|(a, b)| (a.to_string(), b.to_string()))
    );
}

#[test]
fn a_bad_table_is_refused_naming_the_file_the_row_and_the_column() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        root.path(),
        "tabled",
        &format!("{TINY}\n[sweep]\ndesign = \"table\"\ntable = \"points.csv\"\n"),
    );
    let cases = [
        (
            format!("{SCREENING},{EVENTS}\n0.5,2\n1.0,-3\n"),
            vec![
                "points.csv",
                "row 2 (line 3), column `strategy.sorting.mobilization.event_every_weeks`",
            ],
        ),
        (
            format!("{SCREENING},{EVENTS}\n0.5,\n"),
            vec![
                "points.csv",
                "row 1 (line 2), column `strategy.sorting.mobilization.event_every_weeks`",
                "empty",
            ],
        ),
        (
            format!("{SCREENING},strategy.sorting.mobilization.screenin\n0.5,1\n"),
            vec![
                "points.csv",
                "row 1 (line 2), column `strategy.sorting.mobilization.screenin`",
            ],
        ),
        (
            format!("{SCREENING},{EVENTS}\n0.5,2\n1.0\n"),
            vec!["points.csv", "line 3"],
        ),
    ];
    for (csv, expected) in cases {
        fs::write(root.path().join("points.csv"), &csv).unwrap();
        let out = sweep_into(root.path(), &scenario, "out", &[]);
        assert_bad_input(&out);
        let message = stderr(&out);
        for part in expected {
            assert!(message.contains(part), "{csv:?}: {message}");
        }
        assert!(!root.path().join("out").exists());
    }
    fs::remove_file(root.path().join("points.csv")).unwrap();
    let out = sweep_into(root.path(), &scenario, "out", &[]);
    assert_bad_input(&out);
    assert!(stderr(&out).contains("points.csv"), "{}", stderr(&out));
}

#[test]
fn a_table_row_whose_values_clash_is_refused_naming_the_file_and_the_row() {
    let root = tempfile::tempdir().unwrap();
    write_scenario(
        root.path(),
        "tabled",
        &format!("{TINY}\n[sweep]\ndesign = \"table\"\ntable = \"points.csv\"\n"),
    );
    // Each value is in its range, but row 2 returns from rest below the burnout threshold.
    fs::write(
        root.path().join("points.csv"),
        "energy.return_threshold,energy.burnout_threshold\n0.7,0.2\n0.5,0.6\n",
    )
    .unwrap();
    let before = entries(root.path());
    for command in ["sweep", "check"] {
        let mut args = vec![command, "tabled.toml"];
        if command == "sweep" {
            args.extend(["--out", "out"]);
        }
        let out = solidarity_in(root.path(), args);
        assert_bad_input(&out);
        let message = stderr(&out);
        assert!(
            message.contains("points.csv: row 2 (line 3): sweep point 1 (energy.return_threshold = 0.5, energy.burnout_threshold = 0.6) is not a valid scenario: `energy.return_threshold` = 0.5 must not be below `energy.burnout_threshold` = 0.6"),
            "{command}: {message}"
        );
        assert_eq!(entries(root.path()), before, "{command} wrote nothing");
    }
}

#[test]
fn ranges_and_design_keys_are_checked_with_the_key_named() {
    let root = tempfile::tempdir().unwrap();
    let cases = [
        (
            format!("{TINY}\n[sweep]\ndesign = \"lhs\"\nsamples = 4\n\"{SCREENING}\" = {{ min = -1.0, max = 6.0 }}\n"),
            "`sweep.strategy.sorting.mobilization.screening`",
        ),
        (
            format!("{TINY}\n[sweep]\ndesign = \"lhs\"\nsamples = 4\n\"{EVENTS}\" = {{ min = 1.5, max = 4 }}\n"),
            "whole",
        ),
        (
            format!("{TINY}\n[sweep]\ndesign = \"sobl\"\nsamples = 4\n\"{SCREENING}\" = {{ min = 0.0, max = 6.0 }}\n"),
            "did you mean `sobol`?",
        ),
        (
            format!("{TINY}\n[sweep]\ndesign = \"sobol\"\n\"{SCREENING}\" = {{ min = 0.0, max = 6.0 }}\n"),
            "`sweep.samples`",
        ),
        (
            format!("{TINY}\n[sweep]\n\"{SCREENING}\" = {{ min = 0.0, max = 6.0 }}\n"),
            "needs `design = \"lhs\"`",
        ),
        (
            format!("{TINY}\n[sweep]\ndesign = \"morris\"\ntrajectories = 2\nlevels = 6\n\"{EVENTS}\" = {{ min = 1, max = 4 }}\n"),
            "cannot hold 6 distinct levels",
        ),
        (
            format!("{TINY}\n[sweep]\ndesign = \"sobol\"\nsamples = 5000\n\"{SCREENING}\" = {{ min = 0.0, max = 6.0 }}\n"),
            "more than the 10000",
        ),
    ];
    for (text, expected) in cases {
        let scenario = write_scenario(root.path(), "bad", &text);
        let out = solidarity_in(root.path(), ["check", scenario.to_str().unwrap()]);
        assert_bad_input(&out);
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
        assert!(stderr(&out).contains("bad.toml"), "{}", stderr(&out));
    }
}

#[test]
fn a_tiny_sobol_sweep_is_analysed_into_indices_and_charts() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        root.path(),
        "sobol",
        &designed("design = \"sobol\"\nsamples = 3"),
    );
    assert_ok(&sweep_into(root.path(), &scenario, "out", &[]));
    let dir = root.path().join("out");
    // Saltelli's blocks: A, AB_1, AB_2, B; AB_i takes column i from B, the rest from A.
    let values = point_values(&dir);
    assert_eq!(values.len(), 3 * 4);
    for block in 0..3 {
        let at = |i: usize| values[&(4 * block + i)].clone();
        let (a, b) = (at(0), at(3));
        assert_eq!(at(1), (b.0.clone(), a.1.clone()));
        assert_eq!(at(2), (a.0, b.1));
    }
    let out = solidarity_in(root.path(), ["analyze", "out"]);
    assert_ok(&out);
    let text = fs::read_to_string(dir.join("indices.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("strategy,metric,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high")
    );
    // One row per strategy, metric and parameter, the parameters in [sweep] order.
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let metrics: std::collections::BTreeSet<(String, String)> = sweep_rows(&dir)
        .into_iter()
        .map(|r| (r[3].clone(), r[4].clone()))
        .collect();
    assert_eq!(rows.len(), metrics.len() * 2);
    for pair in rows.chunks(2) {
        assert_eq!(pair[0][2], SCREENING);
        assert_eq!(pair[1][2], EVENTS);
    }
    // Where an index is given, its interval is too, and holds it.
    let mut given = 0;
    for row in &rows {
        for at in [3, 6] {
            if let Some(value) = opt(row[at]) {
                given += 1;
                let (low, high) = (num(row[at + 1]), num(row[at + 2]));
                assert!(low <= value && value <= high, "{row:?}");
            }
        }
    }
    assert!(given > 0);
    for chart in [
        "indices-S1.svg",
        "indices-S1.png",
        "indices-ST.svg",
        "indices-ST.png",
    ] {
        assert!(dir.join(chart).is_file(), "{chart}");
    }
    // Both parameters are sorting's: the axis says so once, and names each by its key.
    let svg = fs::read_to_string(dir.join("indices-S1.svg")).unwrap();
    for label in ["parameter of sorting", "screening", "event_every_weeks"] {
        assert!(shows(&svg, label), "{label}");
    }
    // Analysing again writes the very same file.
    assert_ok(&solidarity_in(root.path(), ["analyze", "out", "--quiet"]));
    assert_eq!(fs::read_to_string(dir.join("indices.csv")).unwrap(), text);
}

#[test]
fn analyze_refuses_a_grid_and_what_is_not_a_finished_sweep() {
    let root = tempfile::tempdir().unwrap();
    let scenario = write_scenario(
        root.path(),
        "grid",
        &format!("{TINY}\n[sweep]\n\"{SCREENING}\" = [0.0, 3.0]\n"),
    );
    assert_ok(&sweep_into(root.path(), &scenario, "grid", &[]));
    let out = solidarity_in(root.path(), ["analyze", "grid"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("need a sobol or morris design"),
        "{}",
        stderr(&out)
    );
    assert!(!root.path().join("grid/indices.csv").exists());
    let out = solidarity_in(root.path(), ["analyze", "nowhere"]);
    assert_bad_input(&out);
    let shard = write_scenario(
        root.path(),
        "sob",
        &designed("design = \"sobol\"\nsamples = 2"),
    );
    assert_ok(&sweep_into(
        root.path(),
        &shard,
        "half",
        &["--shard", "1/2"],
    ));
    let out = solidarity_in(root.path(), ["analyze", "half"]);
    assert_bad_input(&out);
    assert!(
        stderr(&out).contains("merge the shards"),
        "{}",
        stderr(&out)
    );
}
