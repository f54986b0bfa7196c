//! The model: a community of residents and ties, run week by week under one strategy.
//!
//! The model does no I/O: it reports what it measures to an `Observer`. All its randomness
//! comes from the run's own generator (`World::rng`); measurement draws from a second
//! stream of the same seed so that measuring never changes the dynamics.

mod care;
pub mod community;
mod help;
mod integration;
mod leadership;
pub mod measure;
mod membership;
mod mobilization;
mod needs;
pub mod residents;
mod shocks;
mod struggle;
mod survey;
pub mod ties;
mod time;
mod visibility;
mod wellbeing;

use rand_chacha::ChaCha8Rng;

use crate::scenario::{Scenario, Strategy};
use community::Community;
use measure::{AskLog, Observer, SpellRecord, WeekRow};
pub use membership::Totals;
use mobilization::EventRecord;
use needs::NeedTally;
use residents::Residents;
use shocks::CrisisState;
use survey::Survey;
use ties::Ties;

/// One strategy's community, stepped week by week.
pub struct World<'s> {
    pub(crate) scenario: &'s Scenario,
    pub(crate) strategy: &'s Strategy,
    pub(crate) residents: Residents,
    pub(crate) ties: Ties,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) measure_rng: ChaCha8Rng,
    pub(crate) week: u32,
    /// Membership (`membership.rs`): the spells of membership so far, and the totals.
    pub(crate) spells: Vec<SpellRecord>,
    pub(crate) totals: Totals,
    /// This week's needs (`needs.rs`), and what events left (`mobilization/`).
    pub(crate) needs: NeedTally,
    pub(crate) events: EventRecord,
    /// This week's asks, for the measures alone (`measure.rs`); nothing in the model
    /// reads them.
    pub(crate) asks: AskLog,
    /// The crisis under way, if any (`shocks/crisis.rs`).
    pub(crate) crisis: CrisisState,
    /// The ties as surveyed at the end of last week (or after this week's shocks): this
    /// week's decisions read it; at the end of the week it is taken again for the measures
    /// and leadership.
    pub(crate) survey: Survey,
    /// The snapshot weeks still to come, latest first.
    snapshots: Vec<u32>,
}

impl<'s> World<'s> {
    pub fn new(
        scenario: &'s Scenario,
        strategy: &'s Strategy,
        community: Community,
        rng: ChaCha8Rng,
        measure_rng: ChaCha8Rng,
    ) -> World<'s> {
        let n = community.residents.len();
        let mut world = World {
            scenario,
            strategy,
            residents: community.residents,
            ties: community.ties,
            rng,
            measure_rng,
            week: 0,
            spells: Vec::new(),
            totals: Totals::default(),
            needs: NeedTally::default(),
            events: EventRecord::default(),
            asks: AskLog::default(),
            crisis: CrisisState::default(),
            survey: Survey::new(n, scenario.metrics.power_k),
            snapshots: scenario.snapshot_weeks().into_iter().rev().collect(),
        };
        for organizer in world.organizers() {
            world.adopt_practice(organizer);
        }
        world.survey_ties();
        world
    }

    /// Runs every week of the scenario, reporting to `observer`.
    pub fn run(mut self, observer: &mut impl Observer) {
        while !self.advance(u32::MAX, observer) {}
        self.finish(observer);
    }

    /// Runs the next `weeks` weeks, or those left, reporting each to `observer`; tells
    /// whether the run has reached its last week. A run stepped a few weeks at a time is
    /// the run stepped at once.
    pub fn advance(&mut self, weeks: u32, observer: &mut impl Observer) -> bool {
        let last = self.scenario.weeks();
        let until = self.week.saturating_add(weeks).min(last);
        while self.week < until {
            let week = self.week;
            let row = self.step_week();
            observer.week(&row);
            observer.asks(&self.asks);
            observer.inspect(&row, &self.residents, &self.ties);
            if self.snapshots.last() == Some(&week) {
                self.snapshots.pop();
                let snapshot = self.measure_robustness(week);
                observer.snapshot(&snapshot, &self.residents, &self.ties);
            }
        }
        self.week == last
    }

    /// Ends the run after its last week: the spells still open are censored then, and
    /// every spell is reported.
    pub fn finish(mut self, observer: &mut impl Observer) {
        debug_assert_eq!(self.week, self.scenario.weeks(), "finished before its end");
        self.censor_open_spells();
        for spell in &self.spells {
            observer.spell(spell);
        }
    }

    /// Steps one week and measures its end; the next call steps the week after.
    pub fn step_week(&mut self) -> WeekRow {
        self.step();
        let row = self.measure_week();
        self.week += 1;
        row
    }

    /// One week, in the order of `docs/ODD.md` section 3.
    fn step(&mut self) {
        self.needs = NeedTally::default();
        self.events.held_this_week = false;
        self.asks.clear();
        if self.apply_shocks() {
            self.survey_ties();
        }
        self.keep_up_ties();
        self.needs_arise();
        self.give_help();
        self.drain_unmet_needs();
        self.hold_events();
        self.hold_one_on_ones();
        self.update_energy_and_commitment();
        self.fade_care_load();
        self.ties.decay();
        self.decide_burnout_return_and_exit();
        self.survey_ties();
        self.emerge_leaders();
    }
}

#[cfg(test)]
impl World<'_> {
    /// Gives a resident another opinion; their ties already made keep the distance they
    /// were made with.
    pub(crate) fn set_opinion(&mut self, who: u32, opinion: f64) {
        self.ties.set_opinion(who, opinion);
        self.residents.opinion[who as usize] = opinion;
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::{community, World};
    use crate::scenario::Scenario;

    /// Runs `f` on a fresh world of a scenario given as TOML text (a strategy `s` with no
    /// mobilization and no integration is added when the text names none).
    pub fn world_with<R>(text: &str, f: impl FnOnce(&mut World) -> R) -> R {
        world_of(text, &[], f)
    }

    /// Keys that switch off, each, a mechanism that is on by default: finite time, care's
    /// load and memory, chronic needs, shared struggle, visibility's returns and the
    /// organization's list.
    const OFF: &[(&str, &str, &str)] = &[
        ("time", "upkeep_hours", "0"),
        ("time", "neglect_loss", "0"),
        ("time", "event_hours", "0"),
        ("time", "task_hours", "0"),
        ("time", "help_hours", "0"),
        ("time", "overtime_energy", "0"),
        ("time", "one_on_one_hours", "0"),
        ("care", "cost_weight", "0"),
        ("care", "tiredness", "0"),
        ("care", "load_weight", "0"),
        ("care", "obligation", "0"),
        ("care", "image_step", "0"),
        ("care", "discrimination", "0"),
        ("care", "reciprocation", "0"),
        ("needs", "chronic_share", "0"),
        ("events", "met_per_event", "0"),
        ("events", "bond_per_cost", "0"),
        ("events", "deepen_per_cost", "0"),
        ("visibility", "outreach_turnout", "0"),
        ("visibility", "win_turnout", "0"),
        ("visibility", "win_power", "0"),
        ("visibility", "win_lift", "0"),
        ("visibility", "repression_turnout", "0"),
        ("visibility", "repression_cost", "0"),
        ("organizers", "list_survival", "0"),
    ];

    /// `world_with`, with every mechanism of `OFF` (and a relational strategy `s`'s
    /// one-on-ones) switched off except where `text` writes the key: a rule tested on its
    /// own, with nothing else of the week in its way.
    pub fn world_alone<R>(text: &str, f: impl FnOnce(&mut World) -> R) -> R {
        let table: toml::Table = text.parse().expect("valid test TOML");
        let written =
            |section: &str, key: &str| table.get(section).and_then(|t| t.get(key)).is_some();
        let mut off: Vec<String> = OFF
            .iter()
            .filter(|(section, key, _)| !written(section, key))
            .map(|(section, key, value)| format!("{section}.{key}={value}"))
            .collect();
        let mobilization = table
            .get("strategy")
            .and_then(|s| s.get("s"))
            .and_then(|s| s.get("mobilization"));
        let relational = mobilization
            .and_then(|m| m.get("kind"))
            .is_some_and(|k| k.as_str() == Some("relational"));
        if relational
            && mobilization
                .and_then(|m| m.get("one_on_ones_per_week"))
                .is_none()
        {
            off.push("strategy.s.mobilization.one_on_ones_per_week=0".to_string());
        }
        world_of(text, &off, f)
    }

    fn world_of<R>(text: &str, overrides: &[String], f: impl FnOnce(&mut World) -> R) -> R {
        let mut text = text.to_string();
        if !text.contains("[strategy.") {
            text.push_str("\n[strategy.s]\n");
        }
        let scenario =
            Scenario::parse("test", "test.toml", &text, overrides).expect("valid test scenario");
        let community = community::build(&scenario, &mut ChaCha8Rng::seed_from_u64(7));
        let mut world = World::new(
            &scenario,
            &scenario.strategies[0],
            community,
            ChaCha8Rng::seed_from_u64(8),
            ChaCha8Rng::seed_from_u64(9),
        );
        f(&mut world)
    }
}
