//! The README's minimal scenario: it reads, and its presets give the arms the default
//! scenario runs, so that what a newcomer writes first compares what the headline results
//! compare.

use solidarity::scenario::Scenario;

fn read(path: &str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The first TOML block after `A minimal scenario` in the README.
fn minimal_scenario() -> String {
    let readme = read("README.md");
    let at = readme
        .find("A minimal scenario")
        .expect("the README shows a minimal scenario");
    let start = readme[at..].find("```toml\n").expect("a TOML block") + at + "```toml\n".len();
    let end = readme[start..].find("```").expect("the block ends") + start;
    readme[start..end].to_string()
}

#[test]
fn the_readmes_minimal_scenario_runs_the_default_scenarios_arms() {
    let minimal = Scenario::parse("minimal", "README.md", &minimal_scenario(), &[])
        .unwrap_or_else(|e| panic!("the README's minimal scenario is refused: {e}"));
    let default = Scenario::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios/solidarity-vs-sorting.toml"),
        &[],
    )
    .unwrap();
    for arm in ["sorting", "solidarity"] {
        let of = |s: &Scenario| {
            s.strategies
                .iter()
                .find(|x| x.name == arm)
                .cloned()
                .unwrap_or_else(|| panic!("no strategy `{arm}`"))
        };
        assert_eq!(of(&minimal), of(&default), "`{arm}` differs");
    }
}
