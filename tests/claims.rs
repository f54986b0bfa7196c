//! The essays' claims on the default scenario (`scenarios/solidarity-vs-sorting.toml`), at
//! its seed with 10 replicates, each judged by the rule of `support/claims.rs` (whole 95%
//! intervals). A claim that does not emerge from the model is tested for what the model
//! shows instead, and says so in its name. `docs/FINDINGS.md` reports the same figures.

use std::path::Path;
use std::sync::OnceLock;

#[path = "support/claims.rs"]
mod claims;

use claims::{Claim, Evidence, Run};
use solidarity::scenario::Scenario;

const REPLICATES: u32 = 10;

struct DefaultRun {
    scenario: Scenario,
    runs: Vec<Run>,
}

fn default_run() -> &'static DefaultRun {
    static RUN: OnceLock<DefaultRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/solidarity-vs-sorting.toml");
        let scenario = Scenario::load(&path, &[format!("replicates={REPLICATES}")])
            .expect("the default scenario is valid");
        let runs = claims::run(&scenario, 0).expect("the default scenario runs");
        DefaultRun { scenario, runs }
    })
}

fn claims() -> &'static [Claim] {
    static CLAIMS: OnceLock<Vec<Claim>> = OnceLock::new();
    CLAIMS.get_or_init(|| {
        let run = default_run();
        Evidence::new(&run.scenario, &run.runs)
            .expect("the default scenario has the strategies and the shock")
            .claims()
    })
}

fn claim(id: &str) -> &'static Claim {
    claims()
        .iter()
        .find(|c| c.id == id)
        .expect("the claim is evaluated")
}

fn assert_holds(id: &str) {
    let c = claim(id);
    assert!(c.holds, "{c}");
}

/// Claim 1 does not emerge: relational organizing fills its events in the first year as
/// fast as broadcast does, since one-on-ones build the strong ties its asks travel along
/// (with them off, broadcast is faster). What the model shows, and this test checks: the
/// claim fails, and solidarity's mean year-one peak is at least sorting's.
#[test]
fn claim_1_what_the_model_shows_solidarity_fills_its_events_as_fast() {
    let c = claim("1");
    assert!(
        !c.holds,
        "claim 1 now holds; update the test and FINDINGS: {c}"
    );
    let peak = &c.measures[0];
    let (sorting, solidarity) = (
        peak.of("sorting").expect("defined"),
        peak.of("solidarity").expect("defined"),
    );
    assert!(solidarity.mean >= sorting.mean, "{c}");
}

/// Holds, and all-or-nothing: solidarity burns out no one at all, so the ratio is
/// unbounded rather than "1.5 times" (docs/FINDINGS.md, claim 2).
#[test]
fn claim_2_sorting_burns_people_out() {
    assert_holds("2");
    let c = claim("2");
    let solidarity = c.measures[0].of("solidarity").expect("defined");
    assert_eq!(solidarity.high, 0.0, "solidarity now burns people out: {c}");
}

#[test]
fn claim_3_solidarity_keeps_people() {
    assert_holds("3");
}

/// Holds: a year after every initial organizer goes, solidarity has grown and sorting
/// has almost no one left (4b, the sharper form, holds too).
#[test]
fn claim_4_organizer_loss_solidarity_keeps_its_members_and_sorting_does_not() {
    assert_holds("4");
    assert_holds("4b");
}

/// Claim 5 does not emerge: the opinion assortativity of ties between members is no
/// higher under sorting, whose few remaining members in the year before the shock leave
/// its homophily all but unmeasurable, while solidarity's members span the town's
/// spatially clustered opinions. What the model shows, and this test checks: sorting's
/// members are more alike in opinion (claim 5b).
#[test]
fn claim_5_what_the_model_shows_sorting_members_are_alike() {
    assert_holds("5b");
    let c = claim("5");
    assert!(
        !c.holds,
        "claim 5 now holds; update the test and FINDINGS: {c}"
    );
}

/// Claim 6 holds only in part: the week before the shock solidarity has more power (6b),
/// but sorting leads on turnout only in a few weeks of its first year and a half, and in
/// most of them solidarity does not yet lead on power.
#[test]
fn claim_6_what_the_model_shows_solidarity_has_more_power_before_the_shock() {
    assert_holds("6b");
}

#[test]
fn claim_7_solidarity_is_more_robust_to_targeted_removal() {
    assert_holds("7");
}

#[test]
fn every_claim_is_reported_with_the_hybrid() {
    for c in claims() {
        for m in &c.measures {
            let names: Vec<&str> = m.figures.iter().map(|(s, _)| s.as_str()).collect();
            assert_eq!(names, ["sorting", "solidarity", "hybrid"], "{c}");
        }
    }
}

/// The mechanism of claim 5 switched off on the default scenario: without screening,
/// sorting's homophily is lower on average, but by less than its own 95% interval (the
/// effect is small beside the gap to solidarity, and on the smaller town of
/// `tests/mechanisms.rs` it vanishes); its members' opinions spread out clearly.
#[test]
fn without_screening_sorting_is_less_homophilous_and_its_members_less_alike() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/solidarity-vs-sorting.toml");
    let scenario = Scenario::load(
        &path,
        &[
            format!("replicates={REPLICATES}"),
            "strategy.sorting.mobilization.screening=0".to_string(),
        ],
    )
    .expect("valid");
    let runs = claims::run(&scenario, 0).expect("runs");
    let open = Evidence::new(&scenario, &runs)
        .expect("applicable")
        .claims();
    let find = |claims: &[Claim], id: &str, k: usize| {
        let c = claims.iter().find(|c| c.id == id).expect("claim");
        c.measures[k].of("sorting").expect("defined")
    };
    let (screened_h, open_h) = (find(claims(), "5", 0), find(&open, "5", 0));
    let (screened_sd, open_sd) = (find(claims(), "5b", 0), find(&open, "5b", 0));
    eprintln!("homophily: screened {screened_h:?}, open {open_h:?}");
    eprintln!("opinion sd: screened {screened_sd:?}, open {open_sd:?}");
    assert!(
        open_h.mean < screened_h.mean,
        "homophily without screening {open_h:?} vs with {screened_h:?}"
    );
    assert!(
        open_sd.low > screened_sd.high,
        "opinion spread without screening {open_sd:?} vs with {screened_sd:?}"
    );
}

/// The rules of the claims, on intervals made up for the purpose.
fn interval(mean: f64, half: f64) -> Option<claims::Interval> {
    Some(claims::Interval {
        mean,
        low: mean - half,
        high: mean + half,
        n: 10,
    })
}

#[test]
fn rules_compare_whole_intervals() {
    assert!(claims::above(interval(10.0, 1.0), interval(5.0, 1.0), 1.0));
    assert!(
        !claims::above(interval(10.0, 3.0), interval(5.0, 3.0), 1.0),
        "overlap"
    );
    assert!(
        !claims::above(interval(10.0, 1.0), interval(5.0, 1.0), 2.0),
        "9 < 2 × 6"
    );
    assert!(claims::above(interval(0.3, 0.01), interval(0.0, 0.0), 1.5));
    assert!(
        !claims::above(None, interval(0.0, 0.0), 1.0),
        "undefined fails"
    );
    assert!(claims::shifted_above(
        interval(0.5, 0.05),
        interval(0.2, 0.04),
        0.2
    ));
    assert!(!claims::shifted_above(
        interval(0.45, 0.05),
        interval(0.2, 0.04),
        0.2
    ));
    assert!(claims::at_least(interval(0.8, 0.1), 0.7));
    assert!(!claims::at_least(interval(0.75, 0.1), 0.7));
}

#[test]
fn a_scenario_without_the_strategies_or_the_shock_is_not_applicable() {
    let text = "years = 2\n[strategy.sorting]\n[strategy.solidarity]\n";
    let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
    assert!(Evidence::new(&s, &[]).is_err(), "no organizer loss");
    let text = "years = 2\n[strategy.sorting]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 10\ntarget = \"all_initial\"\n";
    let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
    assert!(Evidence::new(&s, &[]).is_err(), "no solidarity");
}
