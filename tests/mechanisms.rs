//! The mechanisms, not the parameters, make the outcome: switching a mechanism off through
//! scenario values must move the outcome it drives.

use solidarity::runner::{run_one, RunRecord};
use solidarity::scenario::Scenario;

/// Sorting and solidarity as in the default scenario, on a smaller town and a shorter run.
const BASE: &str = r#"
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
task_load = 0.2
outreach_per_event = 5
screening = 3.0
dissent_pressure = 0.05
[strategy.sorting.integration]
kind = "conditional_aid"
[strategy.solidarity.mobilization]
kind = "relational"
event_every_weeks = 4
event_cost = 0.07
task_load = 0.2
outreach_per_event = 3
[strategy.solidarity.integration]
kind = "mutual_aid"
"#;

fn scenario(overrides: &[&str]) -> Scenario {
    let overrides: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    Scenario::parse("mechanisms", "mechanisms.toml", BASE, &overrides).expect("valid scenario")
}

/// Runs one strategy over every replicate.
fn runs(scenario: &Scenario, strategy: &str) -> Vec<RunRecord> {
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
fn burnout_per_recruit(runs: &[RunRecord]) -> f64 {
    let (burnout, recruited) = runs.iter().fold((0u32, 0u32), |(b, r), run| {
        let last = run.weeks.last().expect("a run has weeks");
        (b + last.burnout_total, r + last.recruited_total)
    });
    burnout as f64 / recruited.max(1) as f64
}

#[test]
fn costless_events_stop_burning_people_out() {
    let costly = burnout_per_recruit(&runs(&scenario(&[]), "sorting"));
    let costless = burnout_per_recruit(&runs(
        &scenario(&[
            "strategy.sorting.mobilization.event_cost=0",
            "strategy.sorting.mobilization.task_load=0",
        ]),
        "sorting",
    ));
    assert!(costly > 0.05, "sorting burns people out at cost: {costly}");
    assert!(
        costless < costly / 4.0,
        "without costs burnout mostly vanishes: {costless} vs {costly}"
    );
}

#[test]
fn concentrated_tasks_burn_more_than_shared_ones() {
    // The same event costs and task load for both; only who carries the tasks differs.
    let s = scenario(&[]);
    let sorting = burnout_per_recruit(&runs(&s, "sorting"));
    let solidarity = burnout_per_recruit(&runs(&s, "solidarity"));
    assert!(
        sorting > 1.5 * solidarity,
        "sorting {sorting} vs solidarity {solidarity}"
    );
}

#[test]
fn mutual_aid_meets_more_needs_than_conditional_aid() {
    let s = scenario(&[]);
    let share = |runs: &[RunRecord]| {
        let values: Vec<f64> = runs
            .iter()
            .flat_map(|r| r.weeks.iter().skip(52).filter_map(|w| w.needs_met_share))
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    };
    let conditional = share(&runs(&s, "sorting"));
    let mutual = share(&runs(&s, "solidarity"));
    assert!(
        mutual > conditional + 0.1,
        "mutual {mutual} vs conditional {conditional}"
    );
}

#[test]
fn without_any_strategy_nobody_joins_and_nothing_is_held() {
    let s = scenario(&[
        "strategy.sorting.mobilization.kind=none",
        "strategy.sorting.integration.kind=none",
    ]);
    for run in runs(&s, "sorting") {
        assert!(run.weeks.iter().all(|w| !w.event_held && w.turnout == 0));
        assert_eq!(run.weeks.last().unwrap().recruited_total, 0);
    }
}
