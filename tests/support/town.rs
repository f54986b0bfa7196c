//! The small town the mechanism and fairness tests run: sorting and solidarity as in the
//! default scenario, on 800 residents for 4 years, 3 replicates.

#![allow(dead_code)] // each includer uses part of it

use solidarity::runner::{run_one, RunRecord};
use solidarity::scenario::Scenario;

/// Sorting and solidarity as in the default scenario, on a smaller town and a shorter run.
pub const BASE: &str = r#"
seed = 11
replicates = 3
years = 4
[population]
size = 800
[organizers]
count = 6
[strategy.sorting.mobilization]
kind = "broadcast"
event_every_weeks = 2
event_cost = 0.07
task_load = 0.3
outreach_per_event = 5
screening = 3.0
dissent_pressure = 0.05
[strategy.sorting.integration]
kind = "conditional_aid"
[strategy.solidarity.mobilization]
kind = "relational"
event_every_weeks = 4
event_cost = 0.07
task_load = 0.3
outreach_per_event = 3
[strategy.solidarity.integration]
kind = "mutual_aid"
"#;

/// The week of the organizer loss, where there is one.
pub const LOSS_WEEK: usize = 104;

/// The town with `shocks` (TOML) appended and `overrides` applied.
pub fn town(shocks: &str, overrides: &[&str]) -> Scenario {
    let text = format!("{BASE}{shocks}");
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    Scenario::parse("town", "town.toml", &text, &overrides).expect("valid scenario")
}

pub fn scenario(overrides: &[&str]) -> Scenario {
    town("", overrides)
}

/// The town with all initial organizers lost at `LOSS_WEEK` (shock 0).
pub fn with_organizer_loss(overrides: &[&str]) -> Scenario {
    let loss = format!(
        "[[shock]]\nkind = \"organizer_loss\"\nweek = {LOSS_WEEK}\ntarget = \"all_initial\"\n"
    );
    town(&loss, overrides)
}

/// The town with a year-long crisis from week 52 at five times the need rate.
pub fn with_crisis(overrides: &[&str]) -> Scenario {
    let crisis = "[[shock]]\nkind = \"crisis\"\nweek = 52\nduration_weeks = 52\nintensity = 5.0\n";
    town(crisis, overrides)
}

/// Runs one strategy over every replicate.
pub fn runs(scenario: &Scenario, strategy: &str) -> Vec<RunRecord> {
    let index = scenario
        .strategies
        .iter()
        .position(|s| s.name == strategy)
        .expect("strategy exists");
    (0..scenario.replicates)
        .map(|r| run_one(scenario, index, r))
        .collect()
}

/// Burnout events per member recruited, pooled over replicates, at the end of the run.
pub fn burnout_per_recruit(runs: &[RunRecord]) -> f64 {
    let (burnout, recruited) = runs.iter().fold((0u32, 0u32), |(b, r), run| {
        let last = run.weeks.last().expect("a run has weeks");
        (b + last.burnout_total, r + last.recruited_total)
    });
    burnout as f64 / recruited.max(1) as f64
}
