//! What the model measures each week and at snapshots, and the `Observer` it reports to.

use rand::seq::SliceRandom;

use super::residents::{distance_from_line, Residents, State};
use super::ties::Ties;
use super::World;
use crate::metrics::assortativity::numeric_assortativity;
use crate::metrics::robustness::{removal_curve, robustness_index, targeted_order};

/// One row of `timeseries.csv`: the state at the end of `week`. `None` where a measure is
/// undefined (a mean over nobody, a correlation without variance). Each field but `week`
/// is a column declared, with its name and meaning, in `crate::measures::Column`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeekRow {
    pub week: u32,
    pub active: u32,
    pub organizers: u32,
    pub burned_out: u32,
    pub burnout_total: u32,
    pub departed_total: u32,
    pub recruited_total: u32,
    pub mean_energy: Option<f64>,
    pub needs_met_share: Option<f64>,
    pub turnout: u32,
    pub power: u32,
    pub lcc_fraction: f64,
    pub ties_strong: u32,
    pub mean_strength: Option<f64>,
    pub homophily: Option<f64>,
    pub cross_group_share: Option<f64>,
    /// Whether an event was held this week (for the weeks until the next event).
    pub event_held: bool,
    pub wins: u32,
    pub repressions: u32,
}

/// Why a membership spell ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpellEnd {
    Burnout,
    Departed,
    Removed,
    Censored,
}

impl SpellEnd {
    pub fn name(self) -> &'static str {
        match self {
            SpellEnd::Burnout => "burnout",
            SpellEnd::Departed => "departed",
            SpellEnd::Removed => "removed",
            SpellEnd::Censored => "censored",
        }
    }
}

/// One spell of membership of a recruited resident (a row of `tenure.csv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpellRecord {
    pub resident: u32,
    pub joined_week: u32,
    pub left_week: u32,
    pub end: SpellEnd,
}

/// The robustness of the strong graph at one week (Schneider et al. 2011).
#[derive(Clone, Debug, PartialEq)]
pub struct RobustnessSnapshot {
    pub week: u32,
    /// Largest component fraction after each removal, highest strong degree first.
    pub targeted: Vec<f64>,
    /// The same in a random order.
    pub random: Vec<f64>,
    pub targeted_index: f64,
    pub random_index: f64,
}

/// A member asked to come to an event (an organizer, who calls it, is not asked): under
/// broadcast, a member called from a list; under relational organizing, a member the
/// cascade reached (`docs/ODD.md` 7.6.3, 7.6.4).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ask {
    /// Their strong ties to the event's attendees, as the ties stood before the event.
    pub strong_ties_to_attendees: u32,
    /// Their distance from the line, |o − line| / 2, from 0 to 1.
    pub distance: f64,
    /// Whether they came.
    pub came: bool,
}

/// A resident recruited by an outreach ask (`docs/ODD.md` 7.6.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recruit {
    /// Whether the one who asked was an organizer.
    pub by_organizer: bool,
    /// Whether the ask came along a strong tie, as the tie stood before it.
    pub along_strong_tie: bool,
}

/// The asks of one week: to its event, and the recruits of its outreach.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AskLog {
    pub asks: Vec<Ask>,
    pub recruits: Vec<Recruit>,
}

impl AskLog {
    pub(crate) fn clear(&mut self) {
        self.asks.clear();
        self.recruits.clear();
    }
}

/// Receives what a run measures; knows nothing of the model's insides.
pub trait Observer {
    fn week(&mut self, row: &WeekRow);
    /// The asks of the week just reported by `week`. The default ignores them.
    fn asks(&mut self, _log: &AskLog) {}
    /// A snapshot week: robustness, and the state of the community for pictures of it.
    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties);
    /// Each membership spell, once the run has ended.
    fn spell(&mut self, spell: &SpellRecord);
    /// The whole state at the end of every week, beside that week's row: a hook for the
    /// checks of the model's invariants (`tests/invariants.rs`), which recount the row
    /// from it. The default ignores it.
    #[doc(hidden)]
    fn inspect(&mut self, _row: &WeekRow, _residents: &Residents, _ties: &Ties) {}
}

/// No observer at all.
impl Observer for () {
    fn week(&mut self, _: &WeekRow) {}
    fn snapshot(&mut self, _: &RobustnessSnapshot, _: &Residents, _: &Ties) {}
    fn spell(&mut self, _: &SpellRecord) {}
}

/// Two observers, each told everything, the first first.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn week(&mut self, row: &WeekRow) {
        self.0.week(row);
        self.1.week(row);
    }
    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties) {
        self.0.snapshot(robustness, residents, ties);
        self.1.snapshot(robustness, residents, ties);
    }
    fn spell(&mut self, spell: &SpellRecord) {
        self.0.spell(spell);
        self.1.spell(spell);
    }
    fn asks(&mut self, log: &AskLog) {
        self.0.asks(log);
        self.1.asks(log);
    }
    fn inspect(&mut self, row: &WeekRow, residents: &Residents, ties: &Ties) {
        self.0.inspect(row, residents, ties);
        self.1.inspect(row, residents, ties);
    }
}

impl<O: Observer + ?Sized> Observer for &mut O {
    fn week(&mut self, row: &WeekRow) {
        (**self).week(row);
    }
    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties) {
        (**self).snapshot(robustness, residents, ties);
    }
    fn spell(&mut self, spell: &SpellRecord) {
        (**self).spell(spell);
    }
    fn asks(&mut self, log: &AskLog) {
        (**self).asks(log);
    }
    fn inspect(&mut self, row: &WeekRow, residents: &Residents, ties: &Ties) {
        (**self).inspect(row, residents, ties);
    }
}

impl World<'_> {
    /// This week's row, from the residents and the survey taken at the end of the week.
    pub(crate) fn measure_week(&self) -> WeekRow {
        let r = &self.residents;
        let survey = &self.survey;
        let mut organizers = 0u32;
        let mut burned_out = 0u32;
        for state in &r.state {
            match state {
                State::Organizer => organizers += 1,
                State::BurnedOut => burned_out += 1,
                _ => {}
            }
        }
        let active = survey.active.len() as u32;
        let energy_sum: f64 = survey.active.iter().map(|&i| r.energy[i as usize]).sum();
        let ratio = |x: f64, of: u32| (of > 0).then(|| x / of as f64);

        WeekRow {
            week: self.week,
            active,
            organizers,
            burned_out,
            burnout_total: self.totals.burnout,
            departed_total: self.totals.departed,
            recruited_total: self.totals.recruited,
            mean_energy: ratio(energy_sum, active),
            needs_met_share: ratio(self.needs.met as f64, self.needs.open),
            turnout: self.events.turnout,
            power: survey.power as u32,
            lcc_fraction: ratio(survey.largest_component as f64, active).unwrap_or(0.0),
            ties_strong: survey.ties_strong,
            mean_strength: ratio(survey.strength_sum, self.ties.len() as u32),
            homophily: numeric_assortativity(&survey.active_ties, |i| r.opinion[i as usize]),
            cross_group_share: ratio(survey.cross_group_strong as f64, survey.ties_strong),
            event_held: self.events.held_this_week,
            wins: self.events.wins,
            repressions: self.events.repressions,
        }
    }

    /// Logs the asks to an event about to be held: each member in `asked` (no organizer),
    /// with their strong ties to `attendees` (ascending ids) before the event changes any
    /// tie, their distance from the line, and whether they are among the attendees.
    pub(crate) fn log_asks(&mut self, asked: &[u32], attendees: &[u32]) {
        let line = self.scenario.organizers.line;
        let ties = &self.ties;
        let present = |who: u32| attendees.binary_search(&who).is_ok();
        for &member in asked {
            let strong_ties_to_attendees = ties
                .of(member)
                .iter()
                .filter(|&&(other, slot)| ties.is_strong(slot) && present(other))
                .count() as u32;
            self.asks.asks.push(Ask {
                strong_ties_to_attendees,
                distance: distance_from_line(self.residents.opinion[member as usize], line),
                came: present(member),
            });
        }
    }

    /// Logs a recruit of an outreach ask by `asker`, whose tie to the recruit (if any) is
    /// `tie`, as it stands before the ask changes it.
    pub(crate) fn log_recruit(&mut self, asker: u32, tie: Option<u32>) {
        self.asks.recruits.push(Recruit {
            by_organizer: self.residents.state[asker as usize] == State::Organizer,
            along_strong_tie: tie.is_some_and(|slot| self.ties.is_strong(slot)),
        });
    }

    /// Robustness of the strong graph to targeted and random removal of active members.
    pub(crate) fn measure_robustness(&mut self, week: u32) -> RobustnessSnapshot {
        let strong = &self.survey.strong_graph;
        let targeted = removal_curve(strong, &targeted_order(strong));
        let mut order: Vec<u32> = (0..strong.node_count() as u32).collect();
        order.shuffle(&mut self.measure_rng);
        let random = removal_curve(strong, &order);
        RobustnessSnapshot {
            week,
            targeted_index: robustness_index(&targeted),
            random_index: robustness_index(&random),
            targeted,
            random,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Ask, Recruit};
    use crate::model::residents::State;
    use crate::model::testing::{world_alone, world_with};

    /// Resident 300, half-way from the line, has strong ties to two attendees and to one
    /// resident who stays home, and a weak tie to a third attendee; 305, on the line, has
    /// no strong tie and comes.
    #[test]
    fn an_ask_counts_strong_ties_to_attendees_and_the_distance_from_the_line() {
        world_alone("", |w| {
            let line = w.scenario.organizers.line;
            w.set_opinion(300, if line > 0.0 { line - 1.0 } else { line + 1.0 });
            w.set_opinion(305, line);
            for other in [301, 302, 303] {
                w.ties.connect(300, other, 0.9);
            }
            w.ties.connect(300, 304, 0.2);
            w.log_asks(&[300, 305], &[301, 302, 304, 305]);
            let expected = [
                Ask {
                    strong_ties_to_attendees: 2,
                    distance: 0.5,
                    came: false,
                },
                Ask {
                    strong_ties_to_attendees: 0,
                    distance: 0.0,
                    came: true,
                },
            ];
            assert_eq!(w.asks.asks, expected);
        });
    }

    #[test]
    fn a_recruit_is_logged_by_asker_and_by_the_tie_before_the_ask() {
        world_alone("", |w| {
            let organizer = w.organizers()[0];
            w.join(300, true);
            let strong = w.ties.connect(organizer, 400, 0.9);
            let weak = w.ties.connect(300, 401, 0.2);
            w.log_recruit(organizer, Some(strong));
            w.log_recruit(300, Some(weak));
            w.log_recruit(organizer, None);
            let recruit = |by_organizer, along_strong_tie| Recruit {
                by_organizer,
                along_strong_tie,
            };
            let expected = [
                recruit(true, true),
                recruit(false, false),
                recruit(true, false),
            ];
            assert_eq!(w.asks.recruits, expected);
            w.asks.clear();
            assert!(w.asks.asks.is_empty() && w.asks.recruits.is_empty());
        });
    }

    #[test]
    fn counts_match_a_recount_of_the_residents() {
        world_with("", |w| {
            w.join(300, true);
            w.join(301, true);
            w.residents.state[302] = State::BurnedOut;
            w.survey_ties();
            let row = w.measure_week();
            let organizers = w.scenario.organizers.count;
            assert_eq!(row.active, organizers + 2);
            assert_eq!(row.organizers, organizers);
            assert_eq!(row.burned_out, 1);
            assert_eq!(row.recruited_total, 2);
            assert_eq!(row.ties_strong, 0);
            assert_eq!(row.cross_group_share, None);
        });
    }

    #[test]
    fn power_is_the_k_core_of_the_strong_graph() {
        world_with("[metrics]\npower_k = 3\n", |w| {
            let members = [300u32, 301, 302, 303, 304];
            for &m in &members {
                w.join(m, true);
            }
            // A 4-clique (3-core) plus a pendant member.
            for (k, &a) in members[..4].iter().enumerate() {
                for &b in &members[k + 1..4] {
                    w.ties.connect(a, b, 0.9);
                }
            }
            w.ties.connect(303, 304, 0.9);
            w.survey_ties();
            let row = w.measure_week();
            assert_eq!(row.power, 4);
            assert_eq!(row.ties_strong, 7);
        });
    }
}
