//! Energy and commitment move, ties decay, and burnout, return, joining and exit are
//! decided.

use rand::Rng;

use super::measure::SpellEnd;
use super::residents::{State, NONE};
use super::World;

impl World<'_> {
    /// Rest and support from strong ties restore energy; strong ties pull commitment toward
    /// their own; isolation and the costs of the week push it down; effervescence fades.
    pub(crate) fn update_energy_and_commitment(&mut self) {
        let energy = &self.scenario.energy;
        let commitment = &self.scenario.commitment;
        let r = &mut self.residents;
        let survey = &self.survey;
        for i in 0..r.len() {
            if r.removed[i] {
                continue;
            }
            let support = energy.support_gain * survey.strong_any[i].min(energy.support_cap) as f64;
            r.energy[i] = (r.energy[i] + energy.rest * (1.0 - r.energy[i]) + support).min(1.0);

            let state = r.state[i];
            if state == State::Departed {
                r.spent[i] = 0.0;
                continue;
            }
            let mut c = r.commitment[i];
            if state == State::Outside {
                // Gratitude for help received fades back to the outsider's predisposition.
                c = (c - commitment.isolation_decay).max(r.predisposition[i].min(c));
            } else if survey.strong_active[i] > 0 {
                let peers = survey.strong_active_commitment[i] / survey.strong_active[i] as f64;
                c += commitment.peer_pull * (peers - c);
            } else {
                c -= commitment.isolation_decay;
            }
            c -= commitment.cost_sensitivity * r.spent[i] * (1.0 - r.energy[i]);
            r.commitment[i] = c.clamp(0.0, 1.0);
            r.effervescence[i] *= 1.0 - commitment.effervescence_fade;
            r.spent[i] = 0.0;
        }
    }

    /// Ties without contact this week lose a share of their strength, the smaller the deeper
    /// they are and the larger the more their ends disagree (McPherson et al. 2001).
    /// Returns the sum of the strengths left (the survey's `strength_sum`).
    pub(crate) fn decay_ties(&mut self) -> f64 {
        self.ties.decay()
    }

    pub(crate) fn decide_burnout_return_and_exit(&mut self) {
        let energy = &self.scenario.energy;
        let commitment = &self.scenario.commitment;
        for i in 0..self.residents.len() {
            let who = i as u32;
            let r = &self.residents;
            if r.removed[i] {
                continue;
            }
            match r.state[i] {
                State::Member | State::Organizer => {
                    if r.energy[i] < energy.burnout_threshold {
                        self.burn_out(who);
                    } else if r.felt_commitment(i) < commitment.depart_threshold
                        || self.rng.gen::<f64>() < commitment.life_departure
                    {
                        self.depart(who, true);
                    }
                }
                State::BurnedOut => {
                    let resting = self.week - r.rest_since[i];
                    if r.commitment[i] < commitment.depart_threshold
                        || resting >= energy.max_rest_weeks
                    {
                        self.depart(who, false);
                    } else if resting >= energy.min_rest_weeks
                        && r.energy[i] >= energy.return_threshold
                        && self.rng.gen::<f64>() < energy.return_rate * r.commitment[i]
                    {
                        self.join(who, false);
                    }
                }
                State::Outside => {
                    if r.commitment[i] >= commitment.join_threshold {
                        self.join(who, true);
                        self.residents.contact_of[i] = self.organizer_among_ties(who);
                    }
                }
                State::Departed => {}
            }
        }
    }

    fn burn_out(&mut self, who: u32) {
        if self.residents.state[who as usize] == State::Organizer {
            self.drop_contact_list(who);
        }
        let r = &mut self.residents;
        r.state[who as usize] = State::BurnedOut;
        r.rest_since[who as usize] = self.week;
        r.effervescence[who as usize] = 0.0;
        self.totals.burnout += 1;
        self.end_spell(who, SpellEnd::Burnout);
    }

    /// A member leaves the movement for good (they stay in the community).
    fn depart(&mut self, who: u32, was_active: bool) {
        if self.residents.state[who as usize] == State::Organizer {
            self.drop_contact_list(who);
        }
        self.residents.state[who as usize] = State::Departed;
        self.totals.departed += 1;
        if was_active {
            self.end_spell(who, SpellEnd::Departed);
        }
    }

    /// The contacts that only `organizer` held are lost to the movement's list.
    pub(crate) fn drop_contact_list(&mut self, organizer: u32) {
        for holder in self.residents.contact_of.iter_mut() {
            if *holder == organizer {
                *holder = NONE;
            }
        }
    }

    fn organizer_among_ties(&self, who: u32) -> u32 {
        self.ties
            .of(who)
            .iter()
            .map(|&(other, _)| other)
            .find(|&other| self.is_organizer(other))
            .unwrap_or(NONE)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::world_with;

    #[test]
    fn deep_ties_decay_more_slowly() {
        world_with("[network]\ndissimilarity_decay = 0.0\n", |w| {
            let shallow = w.ties.add(0, 500, 0.8);
            let deep = w.ties.add(1, 501, 0.8);
            for _ in 0..10 {
                w.ties.deepen(deep);
            }
            w.ties.settle();
            w.decay_ties();
            // Strengths are f32: compare to f32 precision.
            let lost_shallow = 0.8 - w.ties.get(shallow).strength();
            let lost_deep = 0.8 - w.ties.get(deep).strength();
            assert!((lost_shallow - 0.8 * 0.04).abs() < 1e-6);
            assert!((lost_deep - 0.8 * 0.04 / 6.0).abs() < 1e-6);
        });
    }

    #[test]
    fn a_touched_tie_does_not_decay_that_week() {
        world_with("", |w| {
            let slot = w.ties.add(0, 500, 0.8);
            w.decay_ties();
            assert_eq!(w.ties.get(slot).strength_f32(), 0.8);
            w.decay_ties();
            assert!(w.ties.get(slot).strength_f32() < 0.8);
        });
    }

    #[test]
    fn exhausted_members_burn_out_and_rested_ones_may_return() {
        let text = "[energy]\nmin_rest_weeks = 2\nreturn_rate = 1.0\nreturn_threshold = 0.5\n";
        world_with(text, |w| {
            w.join(300, true);
            w.residents.energy[300] = 0.05;
            w.decide_burnout_return_and_exit();
            assert_eq!(w.residents.state[300], State::BurnedOut);
            assert_eq!(w.totals.burnout, 1);
            w.residents.energy[300] = 0.9;
            w.residents.commitment[300] = 1.0;
            w.week = 1;
            w.decide_burnout_return_and_exit();
            assert_eq!(w.residents.state[300], State::BurnedOut, "still resting");
            w.week = 2;
            w.decide_burnout_return_and_exit();
            assert_eq!(w.residents.state[300], State::Member);
            assert_eq!(w.spells.len(), 2, "a return opens a new spell");
        });
    }

    #[test]
    fn members_without_commitment_depart() {
        world_with("[commitment]\nlife_departure = 0.0\n", |w| {
            w.join(300, true);
            w.residents.commitment[300] = 0.0;
            w.decide_burnout_return_and_exit();
            assert_eq!(w.residents.state[300], State::Departed);
            assert_eq!(w.totals.departed, 1);
        });
    }

    #[test]
    fn strong_support_restores_energy_and_can_be_switched_off() {
        let gain = |support: f64| {
            world_with(
                &format!("[energy]\nsupport_gain = {support}\nrest = 0.0\n"),
                |w| {
                    w.residents.energy[7] = 0.5;
                    w.survey.strong_any[7] = 3;
                    w.update_energy_and_commitment();
                    w.residents.energy[7] - 0.5
                },
            )
        };
        assert!((gain(0.02) - 0.06).abs() < 1e-12);
        assert_eq!(gain(0.0), 0.0);
    }
}
