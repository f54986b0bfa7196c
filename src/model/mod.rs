//! The model: a community of residents and ties, run week by week under one strategy.
//!
//! The model does no I/O: it reports what it measures to an `Observer`. All its randomness
//! comes from the run's own generator (`World::rng`); measurement draws from a second
//! stream of the same seed so that measuring never changes the dynamics.

mod cache;
pub mod community;
mod draws;
mod events;
mod help;
mod leadership;
pub mod measure;
mod needs;
pub mod residents;
mod shocks;
mod survey;
pub mod ties;
mod wellbeing;

use rand_chacha::ChaCha8Rng;

use crate::scenario::{Scenario, Shock, Strategy};
use community::Community;
use measure::{Observer, SpellEnd, SpellRecord, WeekRow};
use residents::{Residents, State, NONE};
use survey::Survey;
use ties::Ties;

/// Counts that only ever grow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub burnout: u32,
    pub departed: u32,
    pub recruited: u32,
}

/// What happened this week that the measures need and the state does not hold.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Week {
    pub needs_open: u32,
    pub needs_met: u32,
    pub event_held: bool,
}

/// One strategy's community, stepped week by week.
pub struct World<'s> {
    pub(crate) scenario: &'s Scenario,
    pub(crate) strategy: &'s Strategy,
    pub(crate) residents: Residents,
    pub(crate) ties: Ties,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) measure_rng: ChaCha8Rng,
    pub(crate) week: u32,
    pub(crate) totals: Totals,
    /// Attendance at the latest event held.
    pub(crate) turnout: u32,
    pub(crate) this_week: Week,
    /// Until this week (exclusive) a crisis multiplies the need rate by `crisis_intensity`.
    pub(crate) crisis_until: u32,
    pub(crate) crisis_intensity: f64,
    pub(crate) spells: Vec<SpellRecord>,
    /// The ties as surveyed at the end of last week (or after this week's shocks): this
    /// week's decisions read it; at the end of the week it is taken again for the measures
    /// and leadership.
    pub(crate) survey: Survey,
    /// The snapshot weeks still to come, latest first.
    snapshots: Vec<u32>,
    /// Mutual aid's buffers, kept from week to week: what each resident can offer, and who
    /// asks for help, in turn.
    offer: Vec<u16>,
    asking: Vec<u32>,
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
            totals: Totals::default(),
            turnout: 0,
            this_week: Week::default(),
            crisis_until: 0,
            crisis_intensity: 1.0,
            spells: Vec::new(),
            survey: Survey::new(n),
            snapshots: scenario.snapshot_weeks().into_iter().rev().collect(),
            offer: Vec::new(),
            asking: Vec::new(),
        };
        world.seed_practice();
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
    /// the run stepped at once: this is what lets the runner share threads among runs.
    pub fn advance(&mut self, weeks: u32, observer: &mut impl Observer) -> bool {
        let last = self.scenario.weeks();
        let until = self.week.saturating_add(weeks).min(last);
        while self.week < until {
            let week = self.week;
            let row = self.step_week();
            observer.week(&row);
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

    /// One week, in the order of `docs/ODD.md`.
    fn step(&mut self) {
        self.this_week = Week::default();
        if self.apply_shocks() {
            self.survey_ties();
        }
        self.needs_arise();
        self.give_help();
        self.drain_unmet_needs();
        self.hold_events();
        self.update_energy_and_commitment();
        // Decay is the week's one pass over every tie; it also sums the strengths for the
        // survey, which nothing in between changes.
        let strength_sum = self.decay_ties();
        self.decide_burnout_return_and_exit();
        self.survey.take(&self.residents, &self.ties, strength_sum);
        self.emerge_leaders();
    }

    /// Applies this week's shocks and ordinary issue; tells whether any happened.
    fn apply_shocks(&mut self) -> bool {
        let scenario = self.scenario;
        let week = self.week;
        let mut shocked = false;
        for shock in scenario.shocks.iter().filter(|s| s.week() == week) {
            shocked = true;
            match *shock {
                Shock::OrganizerLoss { target, count, .. } => self.lose_organizers(target, count),
                Shock::PolarizingIssue { salience, .. } => self.polarize(salience),
                Shock::Crisis {
                    duration_weeks,
                    intensity,
                    ..
                } => {
                    self.crisis_until = self.week + duration_weeks;
                    self.crisis_intensity = intensity;
                }
            }
        }
        let every = scenario.disagreement.every_weeks;
        // Ordinary issues close each period (weeks every-1, 2*every-1, ...).
        if every > 0 && (self.week + 1) % every == 0 {
            self.polarize(scenario.disagreement.salience);
            shocked = true;
        }
        shocked
    }

    /// A resident becomes a member: recruited (or joined on their own) from outside, or
    /// back from rest. Opens a membership spell.
    pub(crate) fn join(&mut self, who: u32, recruited: bool) {
        let i = who as usize;
        let r = &mut self.residents;
        r.state[i] = State::Member;
        if recruited {
            r.commitment[i] = r.commitment[i].max(self.scenario.commitment.on_joining);
            self.totals.recruited += 1;
        }
        if self.strategy.integration.kind == crate::scenario::IntegrationKind::MutualAid {
            r.propensity[i] = r.propensity[i].max(self.strategy.integration.practice_propensity);
        }
        r.spell[i] = self.spells.len() as u32;
        self.spells.push(SpellRecord {
            agent: who,
            joined_week: self.week,
            left_week: NONE,
            end: SpellEnd::Censored,
        });
    }

    /// Closes a member's open spell, if they have one (initial organizers have none).
    pub(crate) fn end_spell(&mut self, who: u32, end: SpellEnd) {
        let spell = self.residents.spell[who as usize];
        if spell != NONE {
            let record = &mut self.spells[spell as usize];
            record.left_week = self.week;
            record.end = end;
            self.residents.spell[who as usize] = NONE;
        }
    }

    fn censor_open_spells(&mut self) {
        let last = self.scenario.weeks() - 1;
        for spell in &mut self.spells {
            if spell.left_week == NONE {
                spell.left_week = last;
            }
        }
    }

    /// Whether `who` is an organizer who can still act.
    pub(crate) fn is_organizer(&self, who: u32) -> bool {
        who != NONE && self.residents.state[who as usize] == State::Organizer
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
        let mut text = text.to_string();
        if !text.contains("[strategy.") {
            text.push_str("\n[strategy.s]\n");
        }
        let scenario =
            Scenario::parse("test", "test.toml", &text, &[]).expect("valid test scenario");
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
