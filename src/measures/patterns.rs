//! What a run keeps for the summary metrics that compare the model with published
//! patterns (`docs/ODD.md` section 9): the asks to its events, the recruits of its
//! outreach, and the ties that were strong or weak at one snapshot and what became of them
//! a year later.

use std::collections::BTreeMap;

use crate::metrics::logistic::logistic_fit;
use crate::model::measure::{Ask, AskLog};
use crate::model::ties::Ties;
use crate::scenario::WEEKS_PER_YEAR;

/// Recruits of outreach asks, by who asked and along what tie.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecruitCounts {
    /// Recruited by an organizer's ask.
    pub by_organizer: u32,
    /// Recruited by the ask of a member who is not an organizer.
    pub by_member: u32,
    /// Of either, recruited along a strong tie.
    pub along_strong_tie: u32,
}

/// Ties counted at one snapshot and looked for a year later, summed over every such pair
/// of snapshots of a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TieTurnover {
    /// Strong ties at the earlier snapshot.
    pub strong: u64,
    /// Of those, the ones not strong (weaker, or gone) a year later.
    pub strong_lost: u64,
    /// Weak ties made during the run (not acquaintances) at the earlier snapshot.
    pub weak: u64,
    /// Of those, the ones gone a year later: no tie between the two.
    pub weak_gone: u64,
}

/// Steps of the distance from the line an ask is counted by: thousandths.
const DISTANCE_STEPS: f64 = 1000.0;

/// The asks to a run's events, counted by the strong ties to attendees and the distance
/// from the line (rounded to the nearest thousandth), so that what a run keeps does not
/// grow with its number of asks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AskTally {
    /// `(strong ties, distance in thousandths)` → `[came, stayed away]`.
    cells: BTreeMap<(u32, u32), [u64; 2]>,
}

impl AskTally {
    pub fn add(&mut self, ask: &Ask) {
        let distance = (ask.distance * DISTANCE_STEPS).round() as u32;
        let cell = self
            .cells
            .entry((ask.strong_ties_to_attendees, distance))
            .or_default();
        cell[usize::from(!ask.came)] += 1;
    }

    /// The asks counted, and of those the ones whose member stayed away.
    pub fn totals(&self) -> (u64, u64) {
        self.cells
            .values()
            .fold((0, 0), |(all, stayed), [c, s]| (all + c + s, stayed + s))
    }
}

/// What a run keeps for the pattern metrics.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PatternRecord {
    pub asks: AskTally,
    pub recruits: RecruitCounts,
    pub turnover: TieTurnover,
}

impl PatternRecord {
    /// Takes in a week's asks.
    pub fn add(&mut self, log: &AskLog) {
        for ask in &log.asks {
            self.asks.add(ask);
        }
        for recruit in &log.recruits {
            if recruit.by_organizer {
                self.recruits.by_organizer += 1;
            } else {
                self.recruits.by_member += 1;
            }
            self.recruits.along_strong_tie += u32::from(recruit.along_strong_tie);
        }
    }

    /// Share of the asks that did not bring the one asked; `None` without an ask.
    pub fn no_show_share(&self) -> Option<f64> {
        let (all, stayed) = self.asks.totals();
        share(stayed, all)
    }

    /// The odds ratios of coming `[per strong tie to an attendee, per unit of distance from
    /// the line]`: exp of the slopes of the logistic regression of coming on both, over
    /// every ask; `None` where the fit has no point maximum (`logistic_fit`).
    pub fn attendance_odds(&self) -> Option<[f64; 2]> {
        let cells: Vec<([f64; 2], f64, f64)> = self
            .asks
            .cells
            .iter()
            .map(|(&(ties, distance), &[came, stayed])| {
                let x = [f64::from(ties), f64::from(distance) / DISTANCE_STEPS];
                (x, came as f64, stayed as f64)
            })
            .collect();
        let [_, per_tie, per_distance] = logistic_fit(&cells)?;
        Some([per_tie.exp(), per_distance.exp()])
    }

    /// Share of the outreach recruits asked along a strong tie; `None` without a recruit.
    pub fn recruits_strong_tie_share(&self) -> Option<f64> {
        let r = self.recruits;
        share(
            u64::from(r.along_strong_tie),
            u64::from(r.by_organizer) + u64::from(r.by_member),
        )
    }

    /// Recruits of members' asks per recruit of an organizer's; `None` when organizers'
    /// asks recruited nobody.
    pub fn recruits_indirect_per_direct(&self) -> Option<f64> {
        let r = self.recruits;
        (r.by_organizer > 0).then(|| f64::from(r.by_member) / f64::from(r.by_organizer))
    }

    /// Share of the strong ties at a snapshot that are not strong a year later.
    pub fn strong_tie_loss_1y(&self) -> Option<f64> {
        share(self.turnover.strong_lost, self.turnover.strong)
    }

    /// Share of the weak ties made during the run at a snapshot that are gone a year later.
    pub fn weak_tie_loss_1y(&self) -> Option<f64> {
        share(self.turnover.weak_gone, self.turnover.weak)
    }
}

fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The ties of one snapshot, as pairs of residents (lower id first).
#[derive(Clone, Debug, PartialEq)]
struct Census {
    week: u32,
    strong: Vec<(u32, u32)>,
    weak: Vec<(u32, u32)>,
}

/// The censuses of ties taken at snapshots, kept until the snapshot a year later: a tie
/// is known by its two ends, so a tie dropped and made again between the same two within
/// the year counts as kept.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TieCensus {
    pending: Vec<Census>,
}

impl TieCensus {
    /// At a snapshot of week `week`: the census of a year before, if one was taken, is
    /// compared with `ties` and added to `turnover`; censuses older than a year are
    /// dropped; and this week's census is taken. A tie is strong at θ or above
    /// (`Ties::is_strong`); a weak tie is one below it with no acquaintance base (made
    /// during the run).
    pub fn take(&mut self, week: u32, ties: &Ties, turnover: &mut TieTurnover) {
        let strong_now =
            |(a, b): (u32, u32)| ties.find(a, b).is_some_and(|slot| ties.is_strong(slot));
        if let Some(before) = self
            .pending
            .iter()
            .find(|c| c.week + WEEKS_PER_YEAR == week)
        {
            turnover.strong += before.strong.len() as u64;
            turnover.strong_lost +=
                before.strong.iter().filter(|&&p| !strong_now(p)).count() as u64;
            turnover.weak += before.weak.len() as u64;
            turnover.weak_gone += before
                .weak
                .iter()
                .filter(|&&(a, b)| ties.find(a, b).is_none())
                .count() as u64;
        }
        self.pending.retain(|c| c.week + WEEKS_PER_YEAR > week);
        let mut census = Census {
            week,
            strong: Vec::new(),
            weak: Vec::new(),
        };
        for (slot, tie) in ties.iter() {
            let pair = (tie.a.min(tie.b), tie.a.max(tie.b));
            if ties.is_strong(slot) {
                census.strong.push(pair);
            } else if tie.base == 0.0 {
                census.weak.push(pair);
            }
        }
        self.pending.push(census);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::measure::Recruit;

    fn ask(ties: u32, distance: f64, came: bool) -> Ask {
        Ask {
            strong_ties_to_attendees: ties,
            distance,
            came,
        }
    }

    /// Asks whose shares of coming follow a logistic model exactly: odds 1/2 with no tie
    /// on the line, 4 times higher per strong tie, half as high at distance 1.
    fn asks_of_known_odds() -> Vec<Ask> {
        // (ties, distance, came, stayed): odds 1/2, 2, 1/4, 1.
        let cells = [
            (0, 0.0, 1, 2),
            (1, 0.0, 2, 1),
            (0, 1.0, 1, 4),
            (1, 1.0, 2, 2),
        ];
        let mut asks = Vec::new();
        for (ties, distance, came, stayed) in cells {
            asks.extend(vec![ask(ties, distance, true); came]);
            asks.extend(vec![ask(ties, distance, false); stayed]);
        }
        asks
    }

    #[test]
    fn asks_give_the_no_show_share_and_the_odds_ratios() {
        let mut record = PatternRecord::default();
        record.add(&AskLog {
            asks: asks_of_known_odds(),
            recruits: vec![],
        });
        assert_eq!(record.no_show_share(), Some(9.0 / 15.0));
        let [per_tie, per_distance] = record.attendance_odds().expect("a fit");
        assert!((per_tie - 4.0).abs() < 1e-9, "{per_tie}");
        assert!((per_distance - 0.5).abs() < 1e-9, "{per_distance}");
        // Distances are counted to the nearest thousandth.
        let mut near = PatternRecord::default();
        let shifted: Vec<Ask> = asks_of_known_odds()
            .into_iter()
            .map(|a| Ask {
                distance: a.distance + 0.0004 * (1.0 - 2.0 * a.distance),
                ..a
            })
            .collect();
        near.add(&AskLog {
            asks: shifted,
            recruits: vec![],
        });
        assert_eq!(near.asks, record.asks);
        let none = PatternRecord::default();
        assert_eq!(none.no_show_share(), None);
        assert_eq!(none.attendance_odds(), None);
    }

    #[test]
    fn recruits_are_counted_by_asker_and_tie() {
        let mut record = PatternRecord::default();
        let recruit = |by_organizer, along_strong_tie| Recruit {
            by_organizer,
            along_strong_tie,
        };
        record.add(&AskLog {
            asks: vec![ask(2, 0.1, true)],
            recruits: vec![recruit(true, false), recruit(false, true)],
        });
        assert_eq!(record.recruits_indirect_per_direct(), Some(1.0));
        record.add(&AskLog {
            asks: vec![ask(0, 0.3, false)],
            recruits: vec![recruit(false, true), recruit(false, false)],
        });
        assert_eq!(record.asks.totals(), (2, 1));
        assert_eq!(record.recruits_strong_tie_share(), Some(0.5));
        assert_eq!(record.recruits_indirect_per_direct(), Some(3.0));
        let by_members_alone = PatternRecord {
            recruits: RecruitCounts {
                by_member: 4,
                ..RecruitCounts::default()
            },
            ..PatternRecord::default()
        };
        assert_eq!(by_members_alone.recruits_indirect_per_direct(), None);
        assert_eq!(by_members_alone.recruits_strong_tie_share(), Some(0.0));
    }

    /// Four strong ties and three weak ones made in the run, and one acquaintance; a year
    /// later one strong tie has weakened, one is gone, one weak tie has become strong and
    /// one is gone.
    #[test]
    fn a_census_is_compared_with_the_ties_a_year_later() {
        let mut ties = Ties::plain(20);
        let strong: Vec<u32> = (0..4).map(|k| ties.add(k, k + 10, 0.8)).collect();
        let weak: Vec<u32> = (4..7).map(|k| ties.add(k, k + 10, 0.2)).collect();
        ties.add_acquaintance(7, 17);
        let mut census = TieCensus::default();
        let mut turnover = TieTurnover::default();
        census.take(51, &ties, &mut turnover);
        assert_eq!(turnover, TieTurnover::default(), "nothing a year before");
        ties.weaken(strong[0], 0.4, 0.05);
        ties.remove(strong[1]);
        ties.strengthen(weak[0], 0.5);
        ties.remove(weak[1]);
        // A snapshot within the year compares nothing.
        census.take(80, &ties, &mut turnover);
        assert_eq!(turnover, TieTurnover::default());
        census.take(103, &ties, &mut turnover);
        let expected = TieTurnover {
            strong: 4,
            strong_lost: 2,
            weak: 3,
            weak_gone: 1,
        };
        assert_eq!(turnover, expected);
        let record = PatternRecord {
            turnover,
            ..PatternRecord::default()
        };
        assert_eq!(record.strong_tie_loss_1y(), Some(0.5));
        assert_eq!(record.weak_tie_loss_1y(), Some(1.0 / 3.0));
        assert_eq!(census.pending.len(), 2, "weeks 80 and 103 are kept");
    }
}
