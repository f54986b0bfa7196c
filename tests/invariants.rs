//! Invariants of the model, checked every week of random small valid scenarios (proptest):
//! the population is conserved across states; energy and commitment stay in [0, 1]; ties
//! are symmetric, with no self-ties and no duplicate pairs; and the counts of each
//! `timeseries.csv` row match a recount of the residents and ties.

use std::collections::HashSet;

use proptest::prelude::*;

use solidarity::model::community;
use solidarity::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use solidarity::model::residents::{Residents, State};
use solidarity::model::ties::Ties;
use solidarity::model::World;
use solidarity::runner::{community_generator, run_generators};
use solidarity::scenario::Scenario;

/// Checks every week's state; keeps the first violation it sees.
struct Inspector {
    size: usize,
    strong_threshold: f64,
    weeks_seen: u32,
    violation: Option<String>,
}

impl Inspector {
    fn check(&self, row: &WeekRow, r: &Residents, ties: &Ties) -> Result<(), String> {
        let week = row.week;
        let n = r.len();
        if n != self.size {
            return Err(format!("week {week}: {n} residents, not {}", self.size));
        }
        let mut by_state = [0usize; 5];
        for i in 0..n {
            let state = r.state[i];
            by_state[state as usize] += 1;
            let (energy, commitment) = (r.energy[i], r.commitment[i]);
            if !(0.0..=1.0).contains(&energy) {
                return Err(format!("week {week}: resident {i} has energy {energy}"));
            }
            if !(0.0..=1.0).contains(&commitment) {
                return Err(format!(
                    "week {week}: resident {i} has commitment {commitment}"
                ));
            }
        }
        if by_state.iter().sum::<usize>() != self.size {
            return Err(format!(
                "week {week}: states {by_state:?} do not sum to {}",
                self.size
            ));
        }

        // Ties: each live tie joins two different residents, appears once in each end's
        // adjacency under its own slot, and no pair is tied twice.
        let mut pairs = HashSet::new();
        let mut strong = 0u32;
        let mut strong_degree = vec![0u32; n];
        for (slot, tie) in ties.iter() {
            let (a, b) = (tie.a, tie.b);
            if a == b {
                return Err(format!("week {week}: self-tie of {a} in slot {slot}"));
            }
            if a as usize >= n || b as usize >= n {
                return Err(format!("week {week}: slot {slot} joins {a} and {b}"));
            }
            if !pairs.insert((a.min(b), a.max(b))) {
                return Err(format!("week {week}: {a} and {b} are tied twice"));
            }
            for (me, other) in [(a, b), (b, a)] {
                let entries = ties
                    .of(me)
                    .iter()
                    .filter(|&&(o, s)| o == other && s == slot)
                    .count();
                if entries != 1 {
                    return Err(format!(
                        "week {week}: tie {a}-{b} (slot {slot}) appears {entries} times among {me}'s ties"
                    ));
                }
            }
            if !(0.0..=1.0).contains(&tie.strength_f32()) {
                return Err(format!(
                    "week {week}: tie {a}-{b} has strength {}",
                    tie.strength_f32()
                ));
            }
            if tie.strength() >= self.strong_threshold {
                strong += 1;
                strong_degree[a as usize] += 1;
                strong_degree[b as usize] += 1;
            }
        }
        let adjacency: usize = (0..n as u32).map(|i| ties.of(i).len()).sum();
        if adjacency != 2 * ties.len() || pairs.len() != ties.len() {
            return Err(format!(
                "week {week}: {adjacency} adjacency entries for {} ties ({} live slots)",
                ties.len(),
                pairs.len()
            ));
        }

        // The strong ties each resident has, as `Ties` counts them while strengths change.
        if let Some(i) = (0..n).find(|&i| strong_degree[i] != ties.strong_degrees()[i]) {
            return Err(format!(
                "week {week}: resident {i} has {} strong ties, counted as {}",
                strong_degree[i],
                ties.strong_degrees()[i]
            ));
        }

        // The row is a recount of this state.
        let count = |s: State| by_state[s as usize] as u32;
        let recount = [
            (
                "active",
                row.active,
                count(State::Member) + count(State::Organizer),
            ),
            ("organizers", row.organizers, count(State::Organizer)),
            ("burned_out", row.burned_out, count(State::BurnedOut)),
            ("ties_strong", row.ties_strong, strong),
        ];
        for (column, written, counted) in recount {
            if written != counted {
                return Err(format!(
                    "week {week}: `{column}` is {written}, a recount gives {counted}"
                ));
            }
        }
        if row.power > row.active {
            return Err(format!(
                "week {week}: power {} above active {}",
                row.power, row.active
            ));
        }
        Ok(())
    }
}

impl Observer for Inspector {
    fn week(&mut self, row: &WeekRow) {
        if row.week != self.weeks_seen && self.violation.is_none() {
            self.violation = Some(format!(
                "row of week {} after {}",
                row.week, self.weeks_seen
            ));
        }
        self.weeks_seen += 1;
    }

    fn snapshot(&mut self, _: &RobustnessSnapshot, _: &Residents, _: &Ties) {}

    fn spell(&mut self, _: &SpellRecord) {}

    fn inspect(&mut self, row: &WeekRow, residents: &Residents, ties: &Ties) {
        if self.violation.is_none() {
            self.violation = self.check(row, residents, ties).err();
        }
    }
}

/// A `[strategy.<name>]` with random kinds and, for each kind, its parameters in range.
fn strategy(name: &'static str) -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["none", "broadcast", "relational"]),
        prop::sample::select(vec!["none", "conditional_aid", "mutual_aid"]),
        1u32..12,
        0.0..=1.0f64,
        0.0..=1.0f64,
        0u32..8,
        0.0..=10.0f64,
        0.0..=1.0f64,
        0.0..=1.0f64,
        (1u32..8, 0u32..5, 0.0..=1.0f64),
    )
        .prop_map(
            move |(
                mobilize,
                integrate,
                every,
                cost,
                load,
                outreach,
                screening,
                dissent,
                reach,
                (window, aid, practice),
            )| {
                let mut text = format!("[strategy.{name}.mobilization]\nkind = \"{mobilize}\"\n");
                if mobilize != "none" {
                    text += &format!(
                        "event_every_weeks = {every}\nevent_cost = {cost:?}\ntask_load = {load:?}\n\
                         outreach_per_event = {outreach}\nscreening = {screening:?}\n\
                         dissent_pressure = {dissent:?}\n"
                    );
                }
                if mobilize == "broadcast" {
                    text += &format!("own_group_reach = {reach:?}\n");
                }
                text += &format!("[strategy.{name}.integration]\nkind = \"{integrate}\"\n");
                match integrate {
                    "conditional_aid" => {
                        text += &format!("aid_window_weeks = {window}\naid_per_organizer = {aid}\n")
                    }
                    "mutual_aid" => text += &format!("practice_propensity = {practice:?}\n"),
                    _ => {}
                }
                text
            },
        )
}

/// One `[[shock]]` inside a one-year run.
fn shock() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..52, prop::sample::select(vec!["all_initial", "top_degree", "random"]), 1u32..20)
            .prop_map(|(week, target, count)| {
                let count = if target == "all_initial" {
                    String::new()
                } else {
                    format!("count = {count}\n")
                };
                format!("[[shock]]\nkind = \"organizer_loss\"\nweek = {week}\ntarget = \"{target}\"\n{count}")
            }),
        (0u32..52, 0.0..=1.0f64).prop_map(|(week, salience)| format!(
            "[[shock]]\nkind = \"polarizing_issue\"\nweek = {week}\nsalience = {salience:?}\n"
        )),
        (0u32..52, 1u32..20, 1.0..=10.0f64).prop_map(|(week, weeks, intensity)| format!(
            "[[shock]]\nkind = \"crisis\"\nweek = {week}\nduration_weeks = {weeks}\nintensity = {intensity:?}\n"
        )),
    ]
}

/// A small valid scenario: 30 to 150 residents, one year, one to three strategies, up to
/// three shocks, and community parameters drawn across their ranges.
fn scenario_text() -> impl Strategy<Value = String> {
    let community = (
        30u32..=150,
        1u32..=5,
        (1u32..=6).prop_flat_map(|skills| (Just(skills), 1u32..=skills)),
        prop::sample::select(vec!["small_world", "spatial"]),
        (1u32..=4).prop_map(|half| half * 2),
        0u32..=12,
        (0.0..=0.5f64, 0.0..=0.5f64).prop_map(|(burnout, gap)| (burnout, burnout + gap)),
        (0.0..=1.0f64, 0.0..=0.1f64, 0.0..=1.0f64),
        (0.0..=1.0f64, 0.0..=0.2f64, 0u32..=30),
    );
    let strategies = prop::collection::vec(
        prop_oneof![strategy("a"), strategy("b"), strategy("c")],
        1..=3,
    );
    (
        0..=i64::MAX as u64,
        community,
        strategies,
        prop::collection::vec(shock(), 0..=3),
    )
        .prop_map(
            |(seed, (size, groups, (skills, per), network, neighbors, organizers, (burnout, back), (rate, drain, join), (peer, decay, every)), strategies, shocks)| {
                let mut text = format!(
                    "seed = {seed}\nyears = 1\nreplicates = 1\n\
                     [population]\nsize = {size}\ngroups = {groups}\nskills = {skills}\nskills_per_resident = {per}\n\
                     [network]\nkind = \"{network}\"\nneighbors = {neighbors}\ndecay = {decay:?}\n\
                     [organizers]\ncount = {organizers}\n\
                     [energy]\nburnout_threshold = {burnout:?}\nreturn_threshold = {back:?}\n\
                     [needs]\nrate = {rate:?}\ndrain = {drain:?}\n\
                     [commitment]\njoin_threshold = {join:?}\npeer_pull = {peer:?}\n\
                     [disagreement]\nevery_weeks = {every}\n"
                );
                // Strategies drawn twice under one name are kept once.
                let mut named = HashSet::new();
                for s in strategies {
                    let name = s.split('.').nth(1).unwrap_or_default().to_string();
                    if named.insert(name) {
                        text += &s;
                    }
                }
                for s in shocks {
                    text += &s;
                }
                text
            },
        )
}

proptest! {
    // Modest counts keep the suite fast: each case runs up to three strategies for a year.
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_week_keeps_the_invariants(text in scenario_text()) {
        let scenario = Scenario::parse("prop", "prop.toml", &text, &[])
            .map_err(|e| TestCaseError::fail(format!("generated an invalid scenario: {e}\n{text}")))?;
        for strategy in &scenario.strategies {
            let community = community::build(&scenario, &mut community_generator(scenario.seed, 0));
            let (dynamics, measurement) = run_generators(scenario.seed, &strategy.name, 0);
            let mut inspector = Inspector {
                size: scenario.population.size as usize,
                strong_threshold: scenario.network.strong_threshold,
                weeks_seen: 0,
                violation: None,
            };
            World::new(&scenario, strategy, community, dynamics, measurement).run(&mut inspector);
            prop_assert_eq!(inspector.weeks_seen, scenario.weeks());
            if let Some(violation) = inspector.violation {
                return Err(TestCaseError::fail(format!(
                    "strategy `{}`: {violation}\n{text}",
                    strategy.name
                )));
            }
        }
    }
}
