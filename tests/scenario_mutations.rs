//! Fuzzing within `cargo test`: the shipped scenarios, mutated at random — lines dropped
//! or doubled, numbers changed, odd characters put in, random `--set` values — must
//! never make `Scenario::parse` panic, and a scenario it accepts must read back from its
//! resolved form (what `check` prints and a result records) as the very same scenario.
//! `fuzz/` (cargo-fuzz) does the same from arbitrary bytes, outside the ordinary build.

use std::fs;
use std::path::Path;

use proptest::prelude::*;
use solidarity::resources::estimate;
use solidarity::scenario::Scenario;

/// The text of every shipped scenario, sorted by file name.
fn shipped() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect()
}

/// Values a mutation or a `--set` puts in: edges of ranges, signs, non-finite numbers,
/// huge integers, other types.
const VALUES: &[&str] = &[
    "0",
    "1",
    "-1",
    "2",
    "0.5",
    "-0.0",
    "1e308",
    "1e-320",
    "nan",
    "inf",
    "-inf",
    "255",
    "256",
    "65535",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "true",
    "\"text\"",
    "\"broadcast\"",
    "\"mutual_aid\"",
    "\"organizer_loss\"",
    "[1, 2]",
    "[]",
    "{}",
    "{ x = 1 }",
];

/// Characters a mutation inserts: TOML's own punctuation, quotes, escapes, control
/// characters, and text beyond ASCII.
const JUNK: &[&str] = &[
    "=",
    "[",
    "]",
    "[[",
    "]]",
    "\"",
    "'",
    "\"\"\"",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\\",
    "\\u",
    "\n",
    "\r",
    "\t",
    "\u{0}",
    "\u{1}",
    "\u{7f}",
    "\u{feff}",
    "é",
    "\u{1F600}",
    " ",
    "-",
    "+",
    "_",
    "e",
    "x",
    "0x",
    "inf",
    "nan",
];

/// Keys a `--set` names: real ones of the shipped scenarios, and slips of them.
const KEYS: &[&str] = &[
    "seed",
    "years",
    "replicates",
    "description",
    "population.size",
    "population.groups",
    "population.skills",
    "population.skills_per_resident",
    "network.neighbors",
    "network.kind",
    "network.floor",
    "network.acquaintance_strength",
    "energy.rest",
    "energy.burnout_threshold",
    "energy.return_threshold",
    "energy.min_rest_weeks",
    "energy.max_rest_weeks",
    "organizers.count",
    "metrics.snapshot_every_weeks",
    "metrics.power_k",
    "needs.duration_weeks",
    "output.graphml",
    "strategy.sorting.mobilization.kind",
    "strategy.sorting.mobilization.event_every_weeks",
    "strategy.sorting.mobilization.screening",
    "strategy.solidarity.integration.kind",
    "strategy.solidarity.integration.aid_window_weeks",
    "strategy.hybrid.mobilization.outreach_per_event",
    "strategy.nobody.mobilization.kind",
    "shock.0.week",
    "shock.0.kind",
    "shock.0.target",
    "shock.0.count",
    "shock.1.salience",
    "shock.1.duration_weeks",
    "shock.9.week",
    "sweep.seed",
    "sweep",
    "population",
    "strategy",
    "strategy.sorting",
    "a..b",
    "",
];

#[derive(Clone, Debug)]
enum Mutation {
    DropLine(usize),
    DuplicateLine(usize),
    /// Replaces the `k`-th number of the text.
    ChangeNumber(usize, &'static str),
    /// Inserts text at a character offset.
    Insert(usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), prop::sample::select(VALUES))
            .prop_map(|(k, v)| Mutation::ChangeNumber(k, v)),
        (any::<usize>(), prop::sample::select(JUNK)).prop_map(|(k, j)| Mutation::Insert(k, j)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.lines().collect();
    match *mutation {
        Mutation::DropLine(k) if !lines.is_empty() => {
            let k = k % lines.len();
            let mut out: Vec<&str> = lines.clone();
            out.remove(k);
            out.join("\n") + "\n"
        }
        Mutation::DuplicateLine(k) if !lines.is_empty() => {
            let k = k % lines.len();
            let mut out: Vec<&str> = lines.clone();
            out.insert(k, lines[k]);
            out.join("\n") + "\n"
        }
        Mutation::ChangeNumber(k, value) => {
            // Runs of digits (with a sign, a point or an exponent) are numbers.
            let mut spans = Vec::new();
            let bytes = text.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i].is_ascii_digit() {
                    let start = i;
                    while i < bytes.len()
                        && (bytes[i].is_ascii_digit() || matches!(bytes[i], b'.' | b'e' | b'_'))
                    {
                        i += 1;
                    }
                    spans.push(start..i);
                } else {
                    i += 1;
                }
            }
            if spans.is_empty() {
                return text.to_string();
            }
            let span = spans[k % spans.len()].clone();
            format!("{}{value}{}", &text[..span.start], &text[span.end..])
        }
        Mutation::Insert(k, junk) => {
            let offsets: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            let at = offsets[k % offsets.len()];
            format!("{}{junk}{}", &text[..at], &text[at..])
        }
        _ => text.to_string(),
    }
}

fn set() -> impl Strategy<Value = String> {
    prop_oneof![
        (prop::sample::select(KEYS), prop::sample::select(VALUES))
            .prop_map(|(k, v)| format!("{k}={v}")),
        (prop::sample::select(KEYS), prop::sample::select(JUNK))
            .prop_map(|(k, j)| format!("{k}={j}")),
        "[a-z._=0-9]{0,20}",
    ]
}

/// Parses, and if accepted, checks the trip through the resolved form.
fn check(text: &str, overrides: &[String]) -> Result<(), TestCaseError> {
    let Ok(scenario) = Scenario::parse("mutant", "mutant.toml", text, overrides) else {
        return Ok(());
    };
    let resolved = scenario.resolved_toml();
    let again = Scenario::parse("mutant", "resolved.toml", &resolved, &[]).map_err(|e| {
        TestCaseError::fail(format!(
            "the resolved scenario does not parse: {e}\n{resolved}"
        ))
    })?;
    prop_assert_eq!(
        &scenario,
        &again,
        "the resolved scenario reads back differently"
    );
    let _ = estimate(&scenario, 2);
    Ok(())
}

proptest! {
    // About a quarter of the mutants are accepted; a thousand cases take well under a
    // second in release.
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_never_panic_and_read_back_from_their_resolved_form(
        which in any::<usize>(),
        mutations in prop::collection::vec(mutation(), 1..5),
        overrides in prop::collection::vec(set(), 0..3),
    ) {
        let scenarios = shipped();
        let mut text = scenarios[which % scenarios.len()].clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        check(&text, &[])?;
        check(&text, &overrides)?;
    }

    #[test]
    fn random_sets_on_the_shipped_scenarios_never_panic(
        which in any::<usize>(),
        overrides in prop::collection::vec(set(), 1..4),
    ) {
        let scenarios = shipped();
        check(&scenarios[which % scenarios.len()], &overrides)?;
    }
}

#[test]
fn the_shipped_scenarios_read_back_from_their_resolved_form() {
    for text in shipped() {
        check(&text, &[]).unwrap();
    }
}
