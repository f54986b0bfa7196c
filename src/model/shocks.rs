//! Shocks: organizers removed, and polarizing issues that stress every tie.

use rand::seq::SliceRandom;

use super::events::distance_from_line;
use super::measure::SpellEnd;
use super::residents::{Need, State};
use super::World;
use crate::scenario::LossTarget;

impl World<'_> {
    /// Removes people from the community for good: their ties go, and the contacts they
    /// alone held are lost to the list.
    pub(crate) fn lose_organizers(&mut self, target: LossTarget, count: u32) {
        let r = &self.residents;
        let n = r.len() as u32;
        let targets: Vec<u32> = match target {
            LossTarget::AllInitial => (0..n)
                .filter(|&i| {
                    let i = i as usize;
                    r.initial_organizer[i] && !r.removed[i] && r.state[i] != State::Departed
                })
                .collect(),
            LossTarget::TopDegree => {
                self.survey_ties();
                let r = &self.residents;
                let mut active: Vec<u32> = (0..n)
                    .filter(|&i| r.state[i as usize].is_active())
                    .collect();
                let strong = &self.survey.strong_active;
                active
                    .sort_by(|&a, &b| strong[b as usize].cmp(&strong[a as usize]).then(a.cmp(&b)));
                active.truncate(count as usize);
                active
            }
            LossTarget::Random => {
                let mut active: Vec<u32> = (0..n)
                    .filter(|&i| r.state[i as usize].is_active())
                    .collect();
                active.shuffle(&mut self.rng);
                active.truncate(count as usize);
                active
            }
        };
        for who in targets {
            self.remove_from_community(who);
        }
    }

    fn remove_from_community(&mut self, who: u32) {
        self.drop_contact_list(who);
        self.end_spell(who, SpellEnd::Removed);
        self.ties.isolate(who);
        let i = who as usize;
        let r = &mut self.residents;
        r.state[i] = State::Departed;
        r.removed[i] = true;
        r.need[i] = Need::NONE;
    }

    /// A polarizing issue: each tie is stressed in proportion to its ends' opinion distance
    /// and the salience. Strength and depth absorb it; a tie that cannot absorb it
    /// breaks, and the rest are weakened, deep ties least. Where the strategy enforces a
    /// line, members far from it lose commitment.
    pub(crate) fn polarize(&mut self, salience: f64) {
        let network = &self.scenario.network;
        let absorb = self.scenario.disagreement.depth_absorb;
        self.ties.weaken_each(network.floor, |tie| {
            let stress = salience * tie.distance;
            let protection = 1.0 + absorb * tie.depth as f64;
            if stress >= tie.strength() * protection {
                f64::INFINITY
            } else {
                stress / protection
            }
        });
        let pressure = self.strategy.mobilization.dissent_pressure;
        let line = self.scenario.organizers.line;
        let r = &mut self.residents;
        for i in 0..r.len() {
            if r.state[i].is_active() {
                let loss = pressure * salience * distance_from_line(r.opinion[i], line);
                r.commitment[i] = (r.commitment[i] - loss).max(0.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::world_with;
    use crate::scenario::LossTarget;

    #[test]
    fn polarization_breaks_shallow_ties_across_opinion_and_spares_deep_ones() {
        world_with("", |w| {
            for (who, opinion) in [(0, -1.0), (500, 1.0), (1, -1.0), (501, 1.0)] {
                w.set_opinion(who, opinion);
            }
            let shallow = w.ties.add(0, 500, 0.6);
            let deep = w.ties.add(1, 501, 0.6);
            for _ in 0..10 {
                w.ties.deepen(deep);
            }
            w.polarize(0.8);
            assert_eq!(
                w.ties.find(0, 500),
                None,
                "shallow tie across the divide breaks"
            );
            assert_eq!(w.ties.find(1, 501), Some(deep));
            assert!(w.ties.get(deep).strength_f32() < 0.6);
            let _ = shallow;
        });
    }

    #[test]
    fn losing_all_initial_organizers_removes_them_and_their_lists() {
        world_with("", |w| {
            let organizer = (0..w.residents.len())
                .find(|&i| w.residents.initial_organizer[i])
                .unwrap();
            w.join(300, true);
            w.residents.contact_of[300] = organizer as u32;
            w.ties.connect(organizer as u32, 300, 0.9);
            w.lose_organizers(LossTarget::AllInitial, 0);
            assert!(w.residents.removed[organizer]);
            assert!(w.ties.of(organizer as u32).is_empty());
            assert_eq!(w.residents.contact_of[300], crate::model::residents::NONE);
            let left = w
                .residents
                .state
                .iter()
                .filter(|s| **s == State::Organizer)
                .count();
            assert_eq!(left, 0);
        });
    }
}
