//! What an output directory may be and hold: a result replaces only what an
//! earlier run of the same resolved scenario wrote; two scenarios never share a target;
//! an input is never deleted, even with `--force`; and a target a result cannot be moved
//! into is named with what is wrong with it, before anything runs.

mod cli_support;

use std::fs;
use std::path::Path;

use cli_support::*;

/// Runs `solidarity run FILE --out DIR` plus `extra` in `root`.
fn run_into(root: &Path, file: &Path, dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args: Vec<std::ffi::OsString> = vec![
        "run".into(),
        file.into(),
        "--out".into(),
        dir.into(),
        "--quiet".into(),
    ];
    args.extend(extra.iter().map(Into::into));
    solidarity_in(root, &args)
}

/// Every path under `dir` with its bytes (folders as empty), to show nothing changed.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            if path.is_dir() {
                stack.push(path.clone());
                out.push((name, Vec::new()));
            } else {
                out.push((name, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn two_scenarios_with_one_name_are_refused_before_anything_runs() {
    let root = tempfile::tempdir().unwrap();
    for folder in ["d1", "d2"] {
        fs::create_dir(root.path().join(folder)).unwrap();
        write_scenario(&root.path().join(folder), "a", TINY);
    }
    let out = solidarity_in(root.path(), ["run", "d1/a.toml", "d2/a.toml", "--quiet"]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("d1/a.toml") && err.contains("d2/a.toml") && err.contains("results/a"),
        "{err}"
    );
    assert!(!root.path().join("results").exists(), "something ran");
}

#[test]
fn a_copied_manifest_beside_unrelated_files_is_no_earlier_result() {
    let root = tempfile::tempdir().unwrap();
    let done = run_tiny(root.path(), "done", &[]);
    let dir = root.path().join("mine");
    fs::create_dir(&dir).unwrap();
    fs::copy(done.join("manifest.json"), dir.join("manifest.json")).unwrap();
    fs::write(dir.join("thesis.tex"), "years of work").unwrap();
    let before = tree(&dir);
    let file = root.path().join("tiny.toml");
    let out = run_into(root.path(), &file, &dir, &[]);
    assert_bad_input(&out);
    assert!(stderr(&out).contains("SHA256SUMS"), "{}", stderr(&out));
    assert_eq!(tree(&dir), before);
}

#[test]
fn a_file_of_the_users_inside_an_earlier_result_is_not_deleted() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    fs::write(dir.join("notes.md"), "what I saw").unwrap();
    fs::create_dir(dir.join("figures")).unwrap();
    fs::write(dir.join("figures").join("mine.svg"), "<svg/>").unwrap();
    let before = tree(&dir);
    let file = root.path().join("tiny.toml");
    let out = run_into(root.path(), &file, &dir, &[]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("`figures/mine.svg`") && err.contains("`notes.md`") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(tree(&dir), before);
}

#[test]
fn a_quick_trial_does_not_replace_a_result_of_other_settings() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let before = tree(&dir);
    let file = root.path().join("tiny.toml");
    let out = run_into(
        root.path(),
        &file,
        &dir,
        &["--replicates", "1", "--seed", "3"],
    );
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("`replicates` 2 → 1")
            && err.contains("`seed` 7 → 3")
            && err.contains("--out")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(tree(&dir), before);
    // The same resolved scenario, written another way, replaces it.
    let out = run_into(root.path(), &file, &dir, &["--replicates", "2"]);
    assert_ok(&out);
}

#[test]
fn run_ends_by_naming_the_report() {
    let root = tempfile::tempdir().unwrap();
    let file = write_scenario(root.path(), "tiny", TINY);
    let out = solidarity_in(root.path(), ["run".as_ref(), file.as_os_str()]);
    assert_ok(&out);
    assert_eq!(stderr(&out), "solidarity: wrote results/tiny/report.html\n");
    let out = solidarity_in(
        root.path(),
        ["run".as_ref(), file.as_os_str(), "--quiet".as_ref()],
    );
    assert_ok(&out);
    assert_eq!(stderr(&out), "", "--quiet says nothing");
}

#[test]
fn the_scenario_file_inside_the_target_is_never_deleted() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("work");
    fs::create_dir(&dir).unwrap();
    let file = write_scenario(&dir, "tiny", TINY);
    for extra in [&[][..], &["--force"][..]] {
        let out = run_into(root.path(), &file, &dir, extra);
        assert_bad_input(&out);
        assert!(
            stderr(&out).contains("an input of this command"),
            "{}",
            stderr(&out)
        );
        assert_eq!(entries(&dir), ["tiny.toml"]);
    }
    // `--out .` in the scenario's own folder.
    let out = solidarity_in(
        &dir,
        ["run", "tiny.toml", "--out", ".", "--force", "--quiet"],
    );
    assert_bad_input(&out);
    assert_eq!(entries(&dir), ["tiny.toml"]);
}

#[test]
fn a_dangling_link_as_target_is_named() {
    let root = tempfile::tempdir().unwrap();
    let link = root.path().join("out");
    std::os::unix::fs::symlink(root.path().join("gone"), &link).unwrap();
    let file = write_scenario(root.path(), "tiny", TINY);
    let out = run_into(root.path(), &file, &link, &["--force"]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("symbolic link") && err.contains("gone"),
        "{err}"
    );
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(entries(root.path()), ["out", "tiny.toml"]);
}

#[test]
fn a_target_below_a_file_is_named() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("notes.txt"), "a file").unwrap();
    let file = write_scenario(root.path(), "tiny", TINY);
    let out = run_into(root.path(), &file, &root.path().join("notes.txt/out"), &[]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("notes.txt` is a file, not a directory"),
        "{err}"
    );
    assert_eq!(entries(root.path()), ["notes.txt", "tiny.toml"]);
}

#[test]
fn a_target_name_too_long_for_its_hidden_sibling_is_named() {
    let root = tempfile::tempdir().unwrap();
    let file = write_scenario(root.path(), "tiny", TINY);
    // 250 bytes is a valid name, but `.<name>.partial-<pid>` is not.
    let out = run_into(root.path(), &file, &root.path().join("n".repeat(250)), &[]);
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("250 bytes long") && err.contains("shorter"),
        "{err}"
    );
    assert_eq!(entries(root.path()), ["tiny.toml"]);
}

#[test]
fn results_are_written_under_a_long_but_possible_name() {
    let root = tempfile::tempdir().unwrap();
    let name = "n".repeat(235);
    let file = write_scenario(root.path(), "tiny", TINY);
    assert_ok(&run_into(root.path(), &file, &root.path().join(&name), &[]));
    assert_eq!(entries(root.path()), [name.as_str(), "tiny.toml"]);
}
