//! Help as every strategy has it: one act of help with all it sets in motion, and the help
//! of the wider community, which meets some of the needs the strategy's practice left.

use rand::Rng;

use super::residents::Need;
use super::World;

impl World<'_> {
    /// The wider community meets some of what is left, whatever the strategy.
    pub(crate) fn background_help(&mut self) {
        let (rate, relief) = (
            self.scenario.needs.background_rate,
            self.scenario.help.relief,
        );
        let r = &mut self.residents;
        let rng = &mut self.rng;
        let needs = r.need.iter_mut().zip(&mut r.more_acts);
        for ((need, more_acts), energy) in needs.zip(&mut r.energy) {
            if need.is_open() && rng.gen::<f64>() < rate {
                // One act; a heavy need takes more.
                if *more_acts > 0 {
                    *more_acts -= 1;
                } else {
                    *need = Need::NONE;
                    self.needs.met += 1;
                }
                *energy = (*energy + relief).min(1.0);
            }
        }
    }

    /// One act of help and everything it sets in motion: the need is met (a heavy one takes
    /// several acts), the helper spends energy and carries the care (`care.rs`), the helped
    /// regains some, their tie deepens both ways, the helped becomes
    /// readier to help in turn and feels bound to a movement whose member helped them.
    /// Mutual aid also `introduces` the helped to another of the helper's ties; conditional
    /// aid strengthens the organizer–recipient tie only. `tie` is their tie's slot when the
    /// caller already holds it.
    pub(crate) fn help(&mut self, helper: u32, helped: u32, tie: Option<u32>, introduces: bool) {
        let (h, i) = (helper as usize, helped as usize);
        let help = &self.scenario.help;
        let network = &self.scenario.network;
        let reciprocity = self.reciprocity_gain(helped);
        let r = &mut self.residents;
        if r.more_acts[i] > 0 {
            r.more_acts[i] -= 1;
        } else {
            r.need[i] = Need::NONE;
            self.needs.met += 1;
        }
        r.energy[h] = (r.energy[h] - help.cost).max(0.0);
        r.energy[i] = (r.energy[i] + help.relief).min(1.0);
        r.propensity[i] += reciprocity * (1.0 - r.propensity[i]);
        if r.state[h].is_active() {
            r.commitment[i] = (r.commitment[i] + self.scenario.commitment.help_gain).min(1.0);
        }
        let slot = match tie.or_else(|| self.ties.find(helper, helped)) {
            Some(slot) => {
                self.ties.strengthen(slot, network.help_gain);
                slot
            }
            None => self.ties.add(helper, helped, network.new_tie_strength),
        };
        self.ties.deepen(slot);
        self.spend_time(helper, self.scenario.time.help_hours);
        self.carry_care(helper);

        if introduces && self.rng.gen::<f64>() < help.introduce {
            let ties = self.ties.of(helper);
            let (other, _) = ties[self.rng.gen_range(0..ties.len())];
            if other != helped && !self.residents.removed[other as usize] {
                self.ties.connect(helped, other, network.new_tie_strength);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::{Need, State};
    use crate::model::testing::world_with;

    #[test]
    fn help_meets_the_need_and_deepens_the_tie_both_ways() {
        world_with("[help]\nintroduce = 0.0\n", |w| {
            w.residents.need[5] = Need { skill: 0, age: 0 };
            w.residents.state[4] = State::Member;
            let before = w.residents.commitment[5];
            w.help(4, 5, None, true);
            assert!(!w.residents.need[5].is_open());
            let slot = w.ties.find(5, 4).expect("neighbours are tied");
            let tie = w.ties.get(slot);
            assert_eq!(tie.depth, 1);
            assert!(tie.strength() > w.scenario.network.acquaintance_strength);
            assert!(w.residents.commitment[5] > before, "helped by a member");
            assert!(w.residents.propensity[5] > w.scenario.help.base_propensity);
        });
    }
}
