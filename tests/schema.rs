//! `solidarity schema`: the JSON Schema describes the files the program accepts. Every
//! shipped scenario validates against it, bad files fail it, and the copy kept in
//! `docs/scenario.schema.json` for editors is the one the program prints.

mod cli_support;

use std::fs;
use std::path::{Path, PathBuf};

use cli_support::*;

fn printed_schema() -> serde_json::Value {
    let root = tempfile::tempdir().unwrap();
    let out = solidarity_in(root.path(), ["schema"]);
    assert_ok(&out);
    assert!(entries(root.path()).is_empty(), "schema wrote files");
    serde_json::from_slice(&out.stdout).expect("schema prints JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&printed_schema()).expect("the schema is a valid JSON Schema")
}

/// A scenario's text as the JSON value a schema validator sees (non-finite floats, which
/// JSON cannot hold, become `null` and so fail the `number` type).
fn as_json(text: &str) -> serde_json::Value {
    let value: toml::Value = toml::from_str(text).expect("test scenario is TOML");
    serde_json::to_value(value).expect("TOML converts to JSON")
}

fn shipped_scenarios() -> Vec<PathBuf> {
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
fn the_schema_is_a_draft_7_schema_with_descriptions_defaults_and_ranges() {
    let schema = printed_schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(jsonschema::meta::is_valid(&schema));
    let size = &schema["definitions"]["Population"]["properties"]["size"];
    assert_eq!(size["minimum"], 10);
    assert_eq!(size["maximum"], 50_000_000);
    assert_eq!(size["default"], 2000);
    assert_eq!(size["description"], "Residents.");
    let kinds = schema["definitions"]["MobilizationKind"].to_string();
    for kind in ["none", "broadcast", "relational"] {
        assert!(kinds.contains(kind), "{kinds}");
    }
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    let validator = validator();
    let files = shipped_scenarios();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&as_json(&text))
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}

#[test]
fn bad_files_fail_the_schema_and_the_program_alike() {
    let validator = validator();
    let cases = [
        ("unknown key", "sede = 1\n[strategy.a]\n"),
        ("unknown table", "[populaton]\nsize = 100\n[strategy.a]\n"),
        ("out of range", "[energy]\nrest = 1.5\n[strategy.a]\n"),
        ("below range", "[population]\nsize = 5\n[strategy.a]\n"),
        ("negative count", "replicates = -1\n[strategy.a]\n"),
        ("float for an integer", "years = 2.5\n[strategy.a]\n"),
        (
            "string for a number",
            "[energy]\nrest = \"lots\"\n[strategy.a]\n",
        ),
        ("not a number", "[energy]\nrest = nan\n[strategy.a]\n"),
        ("infinite", "[network]\ndecay = inf\n[strategy.a]\n"),
        (
            "unknown kind",
            "[strategy.a.mobilization]\nkind = \"broadcst\"\n",
        ),
        (
            "unknown strategy key",
            "[strategy.a.mobilization]\nscreen = 1.0\n",
        ),
        ("no strategy", "seed = 3\n"),
        ("bad strategy name", "[strategy.\"two words\"]\n"),
        (
            "shock without week",
            "[strategy.a]\n[[shock]]\nkind = \"crisis\"\n",
        ),
        (
            "unknown shock key",
            "[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 1\nsize = 3\n",
        ),
    ];
    let root = tempfile::tempdir().unwrap();
    for (what, text) in cases {
        assert!(
            !validator.is_valid(&as_json(text)),
            "{what}: the schema accepts\n{text}"
        );
        let file = write_scenario(root.path(), "bad", text);
        let out = solidarity_in(root.path(), ["check".as_ref(), file.as_os_str()]);
        assert_bad_input(&out);
    }
}

#[test]
fn the_schema_kept_for_editors_is_current() {
    let kept = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scenario.schema.json");
    let kept: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&kept).expect("docs/scenario.schema.json"))
            .expect("docs/scenario.schema.json is JSON");
    assert!(
        kept == printed_schema(),
        "docs/scenario.schema.json is stale: run `cargo run --release -- schema > docs/scenario.schema.json`"
    );
}
