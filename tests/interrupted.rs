//! Safe writes: a run killed midway leaves the earlier result exactly as it
//! was, and nothing half-written in its place; a later run settles what the killed one
//! left behind.

mod cli_support;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cli_support::*;

/// Runs `big.toml` quietly into `<root>/out` with `extra` flags and waits for it.
fn run_big(root: &Path, extra: &[&str]) {
    let mut args = vec!["run", "big.toml", "--out", "out", "--quiet"];
    args.extend_from_slice(extra);
    assert_ok(&solidarity_in(root, &args));
}

/// Flags that make the tiny scenario take some seconds: 30,000 residents, 2 years,
/// 2 strategies x 4 replicates, one thread.
const SLOW: [&str; 6] = [
    "--set",
    "population.size=30000",
    "--replicates",
    "4",
    "--threads",
    "1",
];

#[test]
fn a_run_killed_midway_leaves_the_earlier_result_intact() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    write_scenario(root, "big", TINY);
    // The earlier result of the same scenario, made small and fast.
    run_big(root, &["--replicates", "1"]);
    let out = root.join("out");
    let before = contents(&out);

    // Other settings than the earlier result's, so `--force` to replace it.
    let mut child = Command::new(BIN)
        .args(["run", "big.toml", "--out", "out", "--quiet", "--force"])
        .args(SLOW)
        .current_dir(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the solidarity binary starts");
    let started = Instant::now();
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the run ended after {:?}, before it could be killed: make SLOW slower",
        started.elapsed()
    );
    child.kill().unwrap(); // SIGKILL on Unix: no chance to clean up
    child.wait().unwrap();

    assert_eq!(
        contents(&out),
        before,
        "the earlier result changed under a killed run"
    );
    let partial = format!(".out.partial-{}", child.id());
    let left: Vec<String> = entries(root)
        .into_iter()
        .filter(|e| e != "big.toml" && e != "out" && *e != partial)
        .collect();
    assert!(
        left.is_empty(),
        "a killed run left {left:?} beside the result"
    );

    // The next run settles the leftovers and replaces the earlier result.
    run_big(root, &["--replicates", "1", "--seed", "99", "--force"]);
    assert_eq!(entries(root), ["big.toml", "out"]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["seed"], 99);
}

#[test]
fn a_result_moved_aside_by_a_killed_run_is_put_back() {
    // A run killed in the instant between moving the earlier result aside and moving its
    // own into place leaves `.out.old-<pid>` and no `out`. That instant is too short to hit
    // with a signal, so the test builds the state such a kill leaves.
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    write_scenario(root, "big", TINY);
    run_big(root, &["--replicates", "1"]);
    let before = contents(&root.join("out"));
    let mut ended = Command::new("true").spawn().unwrap();
    let pid = ended.id();
    ended.wait().unwrap();
    fs::rename(root.join("out"), root.join(format!(".out.old-{pid}"))).unwrap();
    fs::create_dir(root.join(format!(".out.partial-{pid}"))).unwrap();

    // A run of another scenario sees the earlier result restored, so it is refused
    // exactly as if the killed run had never happened.
    write_scenario(root, "other", TINY);
    let refused = solidarity_in(root, ["run", "other.toml", "--out", "out", "--quiet"]);
    assert_bad_input(&refused);
    assert!(
        stderr(&refused).contains("scenario `big`"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(contents(&root.join("out")), before);
    assert_eq!(entries(root), ["big.toml", "other.toml", "out"]);
}
