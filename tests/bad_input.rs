//! The corpus of bad input: broken syntax, wrong types, values out of range or
//! not finite, impossible combinations, unknown keys, bad flags and `--set` paths, missing
//! or unreadable files, and scenarios too large for the machine. Every case must end with
//! exit status 2 and one clean message on stderr that names the problem — for a value read
//! from a file, the file, line and column and the key's dotted path — and must write
//! nothing at all.

mod cli_support;

use std::fs;
use std::path::Path;

use cli_support::*;

/// One bad input: what the scenario file holds, the command line (`SCENARIO` stands for
/// the file's path), and what the message must say.
struct Case {
    name: &'static str,
    file: File,
    args: &'static [&'static str],
    needles: &'static [&'static str],
}

enum File {
    Text(&'static str),
    Bytes(&'static [u8]),
    Directory,
    Missing,
    /// A named pipe: reading it would wait forever for a writer.
    Fifo,
}

const RUN: &[&str] = &["run", "SCENARIO", "--out", "out"];
const SWEEP: &[&str] = &["sweep", "SCENARIO", "--out", "out"];

/// A small valid scenario the cases below spoil; `bad.toml` line by line:
/// 1 seed, 2 years, 3 replicates, 4 [population], 5 size, 6 [strategy.sorting.mobilization],
/// 7 kind, 8 screening, 9 [[shock]], 10 kind, 11 week, 12 target.
macro_rules! base {
    ($($extra:literal),*) => {
        concat!(
            "seed = 1\nyears = 2\nreplicates = 1\n[population]\nsize = 100\n",
            "[strategy.sorting.mobilization]\nkind = \"broadcast\"\nscreening = 3.0\n",
            "[[shock]]\nkind = \"organizer_loss\"\nweek = 40\ntarget = \"all_initial\"\n",
            $($extra),*
        )
    };
}

const BASE: &str = base!();

#[rustfmt::skip] // one case a line: the corpus reads as a table
fn cases() -> Vec<Case> {
    use File::*;
    let case = |name, file, args, needles| Case {
        name,
        file,
        args,
        needles,
    };
    vec![
        // Broken syntax: the parser's place, as FILE:LINE:COLUMN.
        case("unclosed table header", Text("seed = 1\n[population\nsize = 3\n"), RUN, &["bad.toml:2:", "invalid table header"]),
        case("missing value", Text("seed =\n[strategy.a]\n"), RUN, &["bad.toml:1:7", "invalid string"]),
        case("unterminated string", Text("description = \"half\n[strategy.a]\n"), RUN, &["bad.toml:1:"]),
        case("bare word value", Text("[strategy.a.mobilization]\nkind = broadcast\n"), RUN, &["bad.toml:2:8"]),
        case("duplicate key", Text("seed = 1\nseed = 2\n[strategy.a]\n"), RUN, &["bad.toml:2:", "duplicate key `seed`"]),
        case("strategy defined twice", Text("[strategy.a]\n[strategy.b]\n[strategy.a]\n"), RUN, &["bad.toml:3:", "strategy `a` is defined twice"]),
        // Wrong types: the key path and the place of the value.
        case("string for an integer", Text("[strategy.a]\n[population]\nsize = \"big\"\n"), RUN, &["bad.toml:3:8", "`population.size`", "invalid type: string"]),
        case("float for an integer", Text("years = 2.5\n[strategy.a]\n"), RUN, &["bad.toml:1:9", "`years`", "whole number"]),
        case("boolean for a number", Text("[strategy.a]\n[energy]\nrest = true\n"), RUN, &["bad.toml:3:8", "`energy.rest`", "expected a number"]),
        case("table for a number", Text("seed = { x = 1 }\n[strategy.a]\n"), RUN, &["bad.toml:1:8", "`seed`"]),
        case("array for a kind", Text("[strategy.a.mobilization]\nkind = [\"broadcast\"]\n"), RUN, &["bad.toml:2:8", "`strategy.a.mobilization.kind`"]),
        case("number for a table", Text("population = 3\n[strategy.a]\n"), RUN, &["bad.toml:1:14", "`population`"]),
        // Out of range, in the file: the key path and the place of the key.
        case("negative count", Text("replicates = -1\n[strategy.a]\n"), RUN, &["bad.toml:1:14", "`replicates`", "-1"]),
        case("seed beyond a TOML integer in the file", Text("seed = 9223372036854775808\n[strategy.a]\n"), RUN, &["bad.toml:1:8", "number too large"]),
        case("beyond u32", Text("[strategy.a]\n[population]\nsize = 4294967296\n"), RUN, &["bad.toml:3:8", "`population.size`"]),
        case("population too large", Text("[strategy.a]\n[population]\nsize = 60000000\n"), RUN, &["bad.toml:3:1", "`population.size` = 60000000 is out of range"]),
        case("unit value above 1", Text(base!("[energy]\nrest = 1.5\n")), RUN, &["bad.toml:14:1", "`energy.rest` = 1.5 is out of range [0, 1]"]),
        case("negative screening", Text("[strategy.sorting.mobilization]\nscreening = -1.0\n"), RUN, &["bad.toml:2:1", "`strategy.sorting.mobilization.screening` = -1"]),
        case("no years", Text("years = 0\n[strategy.a]\n"), RUN, &["bad.toml:1:1", "`years` = 0"]),
        case("no replicates", Text("replicates = 0\n[strategy.a]\n"), RUN, &["bad.toml:1:1", "`replicates` = 0"]),
        // Not finite: TOML accepts nan and inf, a scenario does not.
        case("nan", Text(base!("[energy]\nrest = nan\n")), RUN, &["bad.toml:14:1", "`energy.rest` must be a finite number, not NaN"]),
        case("infinity", Text(base!("[network]\ndecay = inf\n")), RUN, &["bad.toml:14:1", "`network.decay` must be a finite number"]),
        case("minus infinity", Text(base!("[organizers]\nline = -inf\n")), RUN, &["bad.toml:14:1", "`organizers.line`"]),
        case("nan salience", Text("[strategy.a]\n[[shock]]\nkind = \"polarizing_issue\"\nweek = 3\nsalience = nan\n"), RUN, &["bad.toml:5:1", "`shock.0.salience` must be a finite number"]),
        // Unknown keys and kinds: the nearest valid name.
        case("unknown top-level key", Text("sede = 1\n[strategy.a]\n"), RUN, &["bad.toml:1:1", "unknown key `sede`", "did you mean `seed`?"]),
        case("unknown key in a table", Text(base!("[energy]\nrset = 0.1\n")), RUN, &["bad.toml:14:1", "unknown key `energy.rset`", "did you mean `rest`?"]),
        case("unknown table", Text("[populaton]\nsize = 100\n[strategy.a]\n"), RUN, &["bad.toml:1:2", "did you mean `population`?"]),
        case("unknown strategy table", Text("[strategy.a.mobilisation]\nkind = \"broadcast\"\n"), RUN, &["bad.toml:1:", "unknown key `strategy.a.mobilisation`", "did you mean `mobilization`?"]),
        case("unknown key far from any", Text("[strategy.a]\nwhatever = 1\n"), RUN, &["bad.toml:2:1", "unknown key `strategy.a.whatever`", "`mobilization`, `integration`"]),
        case("unknown mobilization kind", Text("[strategy.a.mobilization]\nkind = \"broadcst\"\n"), RUN, &["bad.toml:2:8", "unknown value `broadcst`", "did you mean `broadcast`?"]),
        case("unknown shock kind", Text("[strategy.a]\n[[shock]]\nkind = \"organiser_loss\"\nweek = 3\n"), RUN, &["bad.toml:3:8", "`shock.0.kind`", "did you mean `organizer_loss`?"]),
        case("unknown loss target", Text("[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 3\ntarget = \"top-degree\"\ncount = 2\n"), RUN, &["bad.toml:5:10", "did you mean `top_degree`?"]),
        case("unknown shock key", Text("[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 3\nduration = 4\n"), RUN, &["bad.toml:5:1", "unknown key `shock.0.duration`", "did you mean `duration_weeks`?"]),
        // Impossible combinations.
        case("no strategy", Text("seed = 1\n"), RUN, &["bad.toml", "no strategy"]),
        case("empty file", Text(""), RUN, &["bad.toml", "no strategy"]),
        case("more organizers than residents", Text(base!("[organizers]\ncount = 101\n")), RUN, &["bad.toml:14:1", "`organizers.count` = 101 is out of range [0, 100]"]),
        case("shock after the run", Text("years = 1\n[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 52\n"), RUN, &["bad.toml:5:1", "`shock.0.week` = 52 is not inside the run"]),
        case("more skills per resident than skills", Text("[strategy.a]\n[population]\nskills = 2\nskills_per_resident = 3\n"), RUN, &["bad.toml:4:1", "`population.skills_per_resident` = 3"]),
        case("return below burnout", Text("[strategy.a]\n[energy]\nburnout_threshold = 0.8\n"), RUN, &["bad.toml:3:1", "must not be below `energy.burnout_threshold`"]),
        case("odd neighbours on a ring", Text("[strategy.a]\n[network]\nneighbors = 5\n"), RUN, &["bad.toml:3:1", "must be even"]),
        case("acquaintance below the floor", Text("[strategy.a]\n[network]\nacquaintance_strength = 0.01\n"), RUN, &["bad.toml:3:1", "below `network.floor`"]),
        case("events less often than the run", Text("years = 1\n[strategy.a.mobilization]\nkind = \"relational\"\nevent_every_weeks = 60\n"), RUN, &["bad.toml:4:1", "`strategy.a.mobilization.event_every_weeks` = 60"]),
        case("a key the mobilization kind does not take", Text("[strategy.a.mobilization]\nkind = \"relational\"\nown_group_reach = 0.5\n"), RUN, &["bad.toml:3:1", "`strategy.a.mobilization.own_group_reach` does not apply to a relational mobilization"]),
        case("one-on-ones under broadcast", Text("[strategy.a.mobilization]\nkind = \"broadcast\"\none_on_ones_per_week = 2\n"), RUN, &["bad.toml:3:1", "`strategy.a.mobilization.one_on_ones_per_week` does not apply to a broadcast mobilization"]),
        case("a key with no kind to take it", Text("[strategy.a.mobilization]\nscreening = 2.0\n"), RUN, &["bad.toml:2:1", "`strategy.a.mobilization.screening` does not apply to a none mobilization"]),
        case("a key the integration kind does not take", Text("[strategy.a.integration]\nkind = \"mutual_aid\"\naid_per_organizer = 2\n"), RUN, &["bad.toml:3:1", "`strategy.a.integration.aid_per_organizer` does not apply to a mutual_aid integration"]),
        case("organizer loss without target", Text("[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 3\n"), RUN, &["bad.toml:3:1", "`shock.0.target` is required"]),
        case("random loss without count", Text("[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 3\ntarget = \"random\"\n"), RUN, &["bad.toml:5:1", "`shock.0.count` is required"]),
        case("salience on a crisis", Text("[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 3\nsalience = 0.5\n"), RUN, &["bad.toml:5:1", "`shock.0.salience` does not apply to a crisis shock"]),
        case("shock without week", Text("[strategy.a]\n[[shock]]\nkind = \"crisis\"\n"), RUN, &["bad.toml:2:1", "`shock.0`: missing key `week`"]),
        case("more strategies than a scenario may compare", Text("[strategy.a]\n[strategy.b]\n[strategy.c]\n[strategy.d]\n[strategy.e]\n[strategy.f]\n[strategy.g]\n[strategy.h]\n[strategy.i]\n[strategy.j]\n[strategy.k]\n[strategy.l]\n[strategy.m]\n"), RUN, &["bad.toml:1:2", "`strategy`: 13 strategies, more than the 12"]),
        case("strategy name with a space", Text("[strategy.\"two words\"]\n"), RUN, &["bad.toml:1:", "may hold only letters"]),
        // Bad flags.
        case("zero threads", Text(BASE), &["run", "SCENARIO", "--out", "out", "--threads", "0"], &["--threads"]),
        case("words for a number", Text(BASE), &["run", "SCENARIO", "--out", "out", "--replicates", "many"], &["--replicates", "many"]),
        case("zero years by flag", Text(BASE), &["run", "SCENARIO", "--out", "out", "--years", "0"], &["`years` = 0", "(set by --years 0)"]),
        case("seed beyond a TOML integer", Text(BASE), &["run", "SCENARIO", "--out", "out", "--seed", "9223372036854775808"], &["--seed", "9223372036854775808"]),
        case("negative seed", Text(BASE), &["run", "SCENARIO", "--out", "out", "--seed", "-3"], &["`seed`", "a whole number from 0 to 9223372036854775807", "(set by --seed -3)"]),
        case("unknown flag", Text(BASE), &["run", "SCENARIO", "--frobnicate"], &["--frobnicate"]),
        case("no scenario", Text(BASE), &["run"], &["SCENARIO.toml"]),
        case("unknown command", Text(BASE), &["rnu", "SCENARIO"], &["rnu"]),
        case("one --out for two scenarios", Text(BASE), &["run", "SCENARIO", "SCENARIO", "--out", "out"], &["--out"]),
        // Bad `--set`.
        case("set without a value", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "seed"], &["--set seed", "KEY=VALUE"]),
        case("set with an empty segment", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "energy..rest=1"], &["not a dotted key path"]),
        case("set of an unknown key", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "population.sise=300"], &["unknown key `population.sise`", "did you mean `size`?", "(set by --set population.sise=300)"]),
        case("set of an unknown strategy", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "strategy.sortng.mobilization.screening=0"], &["no strategy named `sortng`", "did you mean `sorting`?"]),
        case("set of a missing shock", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "shock.9.week=1"], &["no shock 9"]),
        case("set below a value", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "seed.x=1"], &["`seed` is a value, not a table"]),
        case("set out of range", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "strategy.sorting.mobilization.event_cost=2"], &["`strategy.sorting.mobilization.event_cost` = 2 is out of range", "(set by --set strategy.sorting.mobilization.event_cost=2)"]),
        case("set of a wrong type", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "population.size=lots"], &["`population.size`", "invalid type", "(set by --set population.size=lots)"]),
        case("set of an unknown kind", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "strategy.sorting.mobilization.kind=relatonal"], &["did you mean `relational`?"]),
        case("set with a newline", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "seed=1\nyears=4"], &["--set seed=1\\nyears=4", "control character"]),
        case("set with a control character in the key", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "se\u{1}ed=1"], &["control character"]),
        case("set of nan", Text(BASE), &["run", "SCENARIO", "--out", "out", "--set", "energy.rest=nan"], &["`energy.rest` must be a finite number"]),
        // A bad `[sweep]` (line 13 is `[sweep]`, 14 its first key) or `sweep` command line.
        case("sweep of an unknown key", Text(base!("[sweep]\n\"population.sise\" = [100, 200]\n")), SWEEP, &["bad.toml:14:1", "`sweep.population.sise`", "did you mean `size`?"]),
        case("sweep of an unknown strategy", Text(base!("[sweep]\nstrategy.sortng.mobilization.screening = [0, 1]\n")), SWEEP, &["bad.toml:14:1", "no strategy named `sortng`"]),
        case("sweep value not a list", Text(base!("[sweep]\n\"population.size\" = 100\n")), SWEEP, &["bad.toml:14:1", "must be a list of values"]),
        case("sweep with no values", Text(base!("[sweep]\n\"population.size\" = []\n")), SWEEP, &["bad.toml:14:1", "lists no values"]),
        case("sweep value twice", Text(base!("[sweep]\n\"seed\" = [1, 2, 1]\n")), SWEEP, &["bad.toml:14:1", "lists 1 twice"]),
        case("sweep value out of range", Text(base!("[sweep]\n\"population.size\" = [100, 5]\n")), SWEEP, &["bad.toml:14:1", "the value 5 gives no valid scenario", "`population.size` = 5 is out of range"]),
        case("sweep value of a wrong type", Text(base!("[sweep]\n\"years\" = [1, \"two\"]\n")), RUN, &["bad.toml:14:1", "`sweep.years`", "invalid type"]),
        case("sweep of a table value", Text(base!("[sweep]\n\"years\" = [[1]]\n")), RUN, &["bad.toml:14:1", "not a number, a string or a boolean"]),
        case("sweep of the sweep", Text(base!("[sweep]\n\"sweep.x\" = [1]\n")), SWEEP, &["bad.toml:14:1", "a sweep cannot sweep itself"]),
        case("sweep combination invalid", Text(base!("[sweep]\n\"population.skills\" = [2, 6]\n\"population.skills_per_resident\" = [1, 3]\n")), SWEEP, &["bad.toml:15:1", "sweep point 1 (population.skills = 2, population.skills_per_resident = 3) is not a valid scenario"]),
        case("sweep grid too large", Text(base!("[sweep]\nseed = [", "0,1,2,3,4,5,6,7,8,9,", "10,11,12,13,14,15,16,17,18,19,", "20,21,22,23,24,25,26,27,28,29,", "30,31,32,33,34,35,36,37,38,39,", "40,41,42,43,44,45,46,47,48,49,", "50,51,52,53,54,55,56,57,58,59,", "60,61,62,63,64,65,66,67,68,69,", "70,71,72,73,74,75,76,77,78,79,", "80,81,82,83,84,85,86,87,88,89,", "90,91,92,93,94,95,96,97,98,99,100]\n\"organizers.count\" = [", "0,1,2,3,4,5,6,7,8,9,", "10,11,12,13,14,15,16,17,18,19,", "20,21,22,23,24,25,26,27,28,29,", "30,31,32,33,34,35,36,37,38,39,", "40,41,42,43,44,45,46,47,48,49,", "50,51,52,53,54,55,56,57,58,59,", "60,61,62,63,64,65,66,67,68,69,", "70,71,72,73,74,75,76,77,78,79,", "80,81,82,83,84,85,86,87,88,89,", "90,91,92,93,94,95,96,97,98,99,100]\n")), RUN, &["bad.toml:13:", "101 x 101 = 10201 grid points", "more than the 10000"]),
        case("sweep without a [sweep]", Text(BASE), SWEEP, &["bad.toml", "has no [sweep] table"]),
        case("shard zero", Text(base!("[sweep]\nseed = [1, 2]\n")), &["sweep", "SCENARIO", "--out", "out", "--shard", "0/3"], &["--shard", "1 <= K <= N"]),
        case("shard beyond the count", Text(base!("[sweep]\nseed = [1, 2]\n")), &["sweep", "SCENARIO", "--out", "out", "--shard", "4/3"], &["--shard", "`4/3`"]),
        case("shard without a count", Text(base!("[sweep]\nseed = [1, 2]\n")), &["sweep", "SCENARIO", "--out", "out", "--shard", "2"], &["--shard", "K/N"]),
        case("sweep of two scenarios", Text(base!("[sweep]\nseed = [1, 2]\n")), &["sweep", "SCENARIO", "SCENARIO", "--out", "out"], &["one SCENARIO.toml"]),
        case("merge of a file", Text(BASE), &["merge", "SCENARIO", "--out", "out"], &["bad.toml", "is not a directory"]),
        case("merge without --out", Text(BASE), &["merge", "SCENARIO"], &["--out"]),
        // Files that are not scenarios.
        case("missing file", Missing, RUN, &["bad.toml", "cannot be read"]),
        case("directory as file", Directory, RUN, &["bad.toml", "is a directory"]),
        case("FIFO as file", Fifo, RUN, &["bad.toml", "is not a regular file"]),
        case("device as file", Missing, &["run", "/dev/zero", "--out", "out"], &["/dev/zero", "is not a regular file"]),
        case("non-UTF-8 bytes", Bytes(b"seed = 1\n\xff\xfe\x00[strategy.a]\n"), RUN, &["bad.toml:2:1", "not UTF-8", "byte 0xff at offset 9"]),
        case("latin-1 description", Bytes(b"description = \"caf\xe9\"\n[strategy.a]\n"), &["check", "SCENARIO"], &["bad.toml:1:19", "not UTF-8", "0xe9"]),
        // Too large for this machine: refused before anything is allocated.
        case("too large for memory", Text(BASE), &["run", "SCENARIO", "--out", "out", "--replicates", "20", "--set", "population.size=50000000"], &["would need about", "GiB", "available"]),
    ]
}

/// Runs one case in a fresh directory; returns what went wrong, if anything.
fn check_case(case: &Case) -> Option<String> {
    let root = tempfile::tempdir().unwrap();
    let scenario = root.path().join("bad.toml");
    match case.file {
        File::Text(text) => fs::write(&scenario, text).unwrap(),
        File::Bytes(bytes) => fs::write(&scenario, bytes).unwrap(),
        File::Directory => fs::create_dir(&scenario).unwrap(),
        File::Missing => {}
        File::Fifo => {
            let made = std::process::Command::new("mkfifo")
                .arg(&scenario)
                .status()
                .unwrap();
            assert!(made.success(), "mkfifo");
        }
    }
    let before = listing(root.path());
    let args: Vec<std::ffi::OsString> = case
        .args
        .iter()
        .map(|a| match *a {
            "SCENARIO" => scenario.clone().into_os_string(),
            other => other.into(),
        })
        .collect();
    let out = solidarity_in(root.path(), &args);
    let err = stderr(&out);
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit status {:?}, not 2", out.status.code()));
    }
    if err.contains("panicked") || err.contains("RUST_BACKTRACE") {
        problems.push("a panic".into());
    }
    if err.trim().is_empty() {
        problems.push("no message".into());
    }
    for needle in case.needles {
        if !err.contains(needle) {
            problems.push(format!("message lacks `{needle}`"));
        }
    }
    if !out.stdout.is_empty() {
        problems.push("output on stdout".into());
    }
    let after = listing(root.path());
    if after != before {
        problems.push(format!("files changed: {before:?} -> {after:?}"));
    }
    (!problems.is_empty()).then(|| format!("{}: {}\n{err}", case.name, problems.join("; ")))
}

/// Every path under `dir`, so that a case can show it wrote nothing anywhere.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path.clone());
            }
            out.push(path.strip_prefix(dir).unwrap().display().to_string());
        }
    }
    out.sort();
    out
}

#[test]
fn every_bad_input_is_refused_with_status_2_a_clear_message_and_nothing_written() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(check_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn a_file_error_reads_file_line_column_then_the_problem_on_its_first_line() {
    let root = tempfile::tempdir().unwrap();
    let file = write_scenario(
        root.path(),
        "bad",
        BASE.replacen("screening = 3.0", "screening = -1.0", 1)
            .as_str(),
    );
    let out = solidarity_in(root.path(), ["check".as_ref(), file.as_os_str()]);
    assert_bad_input(&out);
    let err = stderr(&out);
    let first = err.lines().next().unwrap_or_default();
    let expected = format!(
        "solidarity: {}:8:1: `strategy.sorting.mobilization.screening` = -1 is out of range [0, 100]",
        file.display()
    );
    assert_eq!(first, expected);
    // The offending line follows, with a caret under the key.
    assert!(
        err.contains("   8 | screening = -1.0\n     | ^^^^^^^^^"),
        "{err}"
    );
}

#[test]
fn a_set_value_of_100000_characters_is_cut_in_the_message() {
    let root = tempfile::tempdir().unwrap();
    let file = write_scenario(root.path(), "bad", BASE);
    let long = "9".repeat(100_000);
    for spec in [
        format!("population.size={long}"),
        format!("population.size=\"{long}\""),
        format!("{long}=1"),
        format!("strategy.{long}.mobilization.screening=1"),
    ] {
        let out = solidarity_in(
            root.path(),
            [
                "check".as_ref(),
                file.as_os_str(),
                "--set".as_ref(),
                spec.as_ref(),
            ],
        );
        assert_bad_input(&out);
        let err = stderr(&out);
        assert!(
            err.len() < 1000,
            "{} bytes of message:\n{}",
            err.len(),
            &err[..2000.min(err.len())]
        );
        assert!(err.contains("…"), "{err}");
    }
}

/// A file named `..toml` has the stem `.`: its results would be `results/` itself.
#[test]
fn a_scenario_whose_name_is_a_dot_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let results = root.path().join("results");
    fs::create_dir_all(results.join("other")).unwrap();
    fs::write(results.join("other").join("notes.txt"), "kept").unwrap();
    for name in ["..toml", "...toml"] {
        let file = root.path().join(name);
        fs::write(&file, BASE).unwrap();
        for command in ["run", "check", "sweep"] {
            let out = solidarity_in(root.path(), [command.as_ref(), file.as_os_str()]);
            assert_bad_input(&out);
            let err = stderr(&out);
            assert!(err.contains(name) && err.contains("rename"), "{err}");
        }
    }
    assert_eq!(entries(&results), ["other"]);
    assert_eq!(
        fs::read_to_string(results.join("other").join("notes.txt")).unwrap(),
        "kept"
    );
}

/// Under an address-space limit (`ulimit -v`) the forecast is checked against what the
/// limit leaves, so a run is refused before it starts rather than aborted midway. Twelve
/// strategies take more than 100 MiB to draw (the network picture has a row each).
#[test]
#[cfg(target_os = "linux")]
fn a_run_beyond_the_address_space_limit_is_refused_before_it_starts() {
    let root = tempfile::tempdir().unwrap();
    let mut text = String::from("years = 2\nreplicates = 1\n[population]\nsize = 200\n");
    for k in 0..12 {
        text += &format!("[strategy.s{k}.mobilization]\nkind = \"broadcast\"\n");
    }
    let file = write_scenario(root.path(), "many", &text);
    let before = listing(root.path());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 100000 && exec \"$0\" run \"$1\" --out out")
        .arg(BIN)
        .arg(&file)
        .current_dir(root.path())
        .output()
        .unwrap();
    assert_bad_input(&out);
    let err = stderr(&out);
    assert!(
        err.contains("would need about") && err.contains("address-space limit (ulimit -v)"),
        "{err}"
    );
    assert!(err.contains("fewer strategies"), "{err}");
    assert_eq!(listing(root.path()), before, "something was written");
}
