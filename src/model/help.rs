//! Help is given: by the strategy's integration practice, then by the wider community.

use std::mem::take;

use rand::Rng;

use super::cache;
use super::draws::{Chance, ReadAhead};
use super::residents::{Need, State, NONE};
use super::World;
use crate::scenario::IntegrationKind;

impl World<'_> {
    /// Under mutual aid the organizers carry the practice from the start.
    pub(crate) fn seed_practice(&mut self) {
        if self.strategy.integration.kind != IntegrationKind::MutualAid {
            return;
        }
        let practice = self.strategy.integration.practice_propensity;
        let r = &mut self.residents;
        for i in 0..r.len() {
            if r.state[i] == State::Organizer {
                r.propensity[i] = r.propensity[i].max(practice);
            }
        }
    }

    pub(crate) fn give_help(&mut self) {
        match self.strategy.integration.kind {
            IntegrationKind::None => {}
            IntegrationKind::ConditionalAid => self.conditional_aid(),
            IntegrationKind::MutualAid => self.mutual_aid(),
        }
        self.background_help();
    }

    /// Residents in an order that starts at a random place, so that no resident is always
    /// first in line for scarce help.
    fn rotated_order(&mut self) -> std::iter::Chain<std::ops::Range<u32>, std::ops::Range<u32>> {
        let n = self.residents.len() as u32;
        let start = self.rng.gen_range(0..n);
        (start..n).chain(0..start)
    }

    /// Organizers aid members who attended within the window, their own contacts first;
    /// aid stops when participation stops.
    fn conditional_aid(&mut self) {
        let integration = &self.strategy.integration;
        let (window, per_organizer) = (integration.aid_window_weeks, integration.aid_per_organizer);
        let min_energy = self.scenario.help.min_energy;
        let r = &self.residents;
        let organizers: Vec<u32> = (0..r.len() as u32)
            .filter(|&i| r.state[i as usize] == State::Organizer)
            .collect();
        if organizers.is_empty() || per_organizer == 0 {
            return;
        }
        // Aid left to each organizer, in the order of `organizers` (ascending ids).
        let mut aid_left = vec![per_organizer; organizers.len()];
        let can_aid = |w: &World, aid_left: &[u32], k: usize| {
            aid_left[k] > 0 && w.residents.energy[organizers[k] as usize] >= min_energy
        };
        let mut cursor = 0;
        let week = self.week;
        for i in self.rotated_order() {
            let iu = i as usize;
            let r = &self.residents;
            let attended = r.last_attended[iu];
            // Few residents are active: asking that first lets the processor foresee the
            // answer, where a need is open for a third of a town.
            let eligible = r.state[iu].is_active()
                && r.need[iu].is_open()
                && attended != NONE
                && week - attended <= window;
            if !eligible {
                continue;
            }
            let holder = organizers.binary_search(&r.contact_of[iu]).ok();
            let helper = match holder {
                Some(k) if can_aid(self, &aid_left, k) => Some(k),
                _ => {
                    let start = cursor;
                    loop {
                        let k = cursor;
                        cursor = (cursor + 1) % organizers.len();
                        if organizers[k] != i && can_aid(self, &aid_left, k) {
                            break Some(k);
                        }
                        if cursor == start {
                            break None;
                        }
                    }
                }
            };
            let Some(helper) = helper else {
                // No organizer but this one (a needy organizer) has aid left: others may
                // still be served; otherwise aid is spent for the week.
                if self.residents.state[iu] == State::Organizer {
                    continue;
                }
                break;
            };
            aid_left[helper] -= 1;
            self.help(organizers[helper], i, None, false);
        }
    }

    /// Anyone the practice has reached, with energy and the matching skill, helps a tie in
    /// need, whatever their opinion or participation.
    ///
    /// The ties of a resident in need are asked in turn from a random place; each able one
    /// helps with their propensity, and the first who does is the helper (drawn at once by
    /// `first_to_help`). What each resident can offer is taken at the start of the phase;
    /// a helper who runs out of energy stops offering.
    fn mutual_aid(&mut self) {
        let min_energy = self.scenario.help.min_energy;
        // The week's offers and askers go into buffers kept from week to week: fresh ones
        // the size of a large town would be allocated and faulted in every week.
        let (mut offer, mut asking) = (take(&mut self.offer), take(&mut self.asking));
        // What each resident can help with now: their skills while they have the energy
        // and are neither resting nor gone.
        let r = &self.residents;
        offer.clear();
        offer.extend((0..r.len()).map(|i| {
            let able = !r.removed[i] && r.state[i] != State::BurnedOut && r.energy[i] >= min_energy;
            if able {
                r.skills[i]
            } else {
                0
            }
        }));
        let order = self.rotated_order();
        let r = &self.residents;
        let in_need = |&i: &u32| r.need[i as usize].is_open() && !r.removed[i as usize];
        asking.clear();
        asking.extend(order.filter(in_need));
        for (k, &i) in asking.iter().enumerate() {
            // The ties that may carry help, and the neighbours who may give it, are anywhere
            // in a large town: fetch the list of an asker some turns ahead, then, once it
            // has arrived, the ties and neighbours it names, while this asker is served.
            if let Some(&later) = asking.get(k + LISTS_AHEAD) {
                self.ties.prefetch_list(later);
            }
            if let Some(&next) = asking.get(k + TIES_AHEAD) {
                for &(h, slot) in self.ties.of(next) {
                    self.ties.prefetch(slot);
                    cache::prefetch(&offer, h as usize);
                    cache::prefetch(&self.residents.propensity, h as usize);
                }
            }
            let need = self.residents.need[i as usize];
            let skill = 1u16 << need.skill;
            let ties = self.ties.of(i);
            if ties.is_empty() {
                continue;
            }
            let start = self.rng.gen_range(0..ties.len());
            let u = self.rng.gen::<f64>();
            let propensity = &self.residents.propensity;
            // A tie who cannot help counts with propensity 0, which leaves the odds as they
            // were: the same helper as skipping them. (The compiler makes a branch of the
            // choice; hiding it from the compiler to avoid that was slower,
            // docs/PERFORMANCE.md.)
            let asked = ties[start..]
                .iter()
                .chain(&ties[..start])
                .map(|&(h, slot)| {
                    let able = offer[h as usize] & skill != 0;
                    ((h, slot), if able { propensity[h as usize] } else { 0.0 })
                });
            if let Some((helper, slot)) = first_to_help(asked, u) {
                self.help(helper, i, Some(slot), true);
                if self.residents.energy[helper as usize] < min_energy {
                    offer[helper as usize] = 0;
                }
            }
        }
        (self.offer, self.asking) = (offer, asking);
    }

    /// The wider community meets some of what is left, whatever the strategy.
    fn background_help(&mut self) {
        let (rate, relief) = (
            self.scenario.needs.background_rate,
            self.scenario.help.relief,
        );
        let chance = Chance::new(rate);
        let r = &mut self.residents;
        let mut draws = ReadAhead::new(&mut self.rng);
        for (need, energy) in r.need.iter_mut().zip(&mut r.energy) {
            // Open needs draw.
            if draws.chance_if(need.is_open(), chance) {
                *need = Need::NONE;
                *energy = (*energy + relief).min(1.0);
                self.this_week.needs_met += 1;
            }
        }
        draws.finish();
    }

    /// One act of help and everything it sets in motion: the need is met, the helper spends
    /// energy, the helped regains some, their tie deepens both ways, the helped becomes
    /// readier to help in turn and feels bound to a movement whose member helped them.
    /// Mutual aid also `introduces` the helped to another of the helper's ties; conditional
    /// aid strengthens the organizer–recipient tie only. `tie` is their tie's slot when the
    /// caller already holds it.
    pub(crate) fn help(&mut self, helper: u32, helped: u32, tie: Option<u32>, introduces: bool) {
        let (h, i) = (helper as usize, helped as usize);
        let help = &self.scenario.help;
        let network = &self.scenario.network;
        let r = &mut self.residents;
        r.need[i] = Need::NONE;
        self.this_week.needs_met += 1;
        r.energy[h] = (r.energy[h] - help.cost).max(0.0);
        r.energy[i] = (r.energy[i] + help.relief).min(1.0);
        r.propensity[i] += help.reciprocity * (1.0 - r.propensity[i]);
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

        if introduces && self.rng.gen::<f64>() < help.introduce {
            let ties = self.ties.of(helper);
            let (other, _) = ties[self.rng.gen_range(0..ties.len())];
            if other != helped && !self.residents.removed[other as usize] {
                self.ties.connect(helped, other, network.new_tie_strength);
            }
        }
    }
}

/// How many askers ahead mutual aid fetches the list of ties of, and the ties and
/// neighbours in that list (measured at a million residents, `docs/PERFORMANCE.md`).
const LISTS_AHEAD: usize = 16;
const TIES_AHEAD: usize = 4;

/// The first of `candidates` (id, propensity to help) who helps, when each in turn helps
/// with their propensity, decided by one uniform draw `u` in [0, 1): the first at which the
/// chance that someone so far has helped, `1 - Π(1 - propensity)`, exceeds `u`. This is the
/// distribution of one draw per candidate, at the cost of one draw in all.
fn first_to_help<T>(candidates: impl Iterator<Item = (T, f64)>, u: f64) -> Option<T> {
    let mut nobody_yet = 1.0;
    for (who, propensity) in candidates {
        nobody_yet *= 1.0 - propensity;
        if 1.0 - nobody_yet > u {
            return Some(who);
        }
    }
    None
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

    #[test]
    fn mutual_aid_helps_whatever_the_helpers_opinion() {
        let text = "[help]\nbase_propensity = 1.0\nmin_energy = 0.0\n[population]\nskills = 1\nskills_per_resident = 1\n[needs]\nbackground_rate = 0.0\n";
        world_with(text, |w| {
            for i in 0..w.residents.len() {
                w.residents.opinion[i] = if i % 2 == 0 { -1.0 } else { 1.0 };
            }
            w.residents.need[10] = Need { skill: 0, age: 0 };
            w.mutual_aid();
            assert!(!w.residents.need[10].is_open());
        });
    }

    #[test]
    fn one_draw_picks_the_helper_with_the_sequential_odds() {
        // Helping in turn with 0.2, 0.5, 0.3: someone has helped by the first, second and
        // third with chances 0.2, 0.6 and 0.72.
        let candidates = || [(7, 0.2), (8, 0.5), (9, 0.3)].into_iter();
        assert_eq!(super::first_to_help(candidates(), 0.0), Some(7));
        assert_eq!(super::first_to_help(candidates(), 0.19), Some(7));
        assert_eq!(super::first_to_help(candidates(), 0.21), Some(8));
        assert_eq!(super::first_to_help(candidates(), 0.59), Some(8));
        assert_eq!(super::first_to_help(candidates(), 0.61), Some(9));
        assert_eq!(super::first_to_help(candidates(), 0.71), Some(9));
        assert_eq!(super::first_to_help(candidates(), 0.73), None);
        assert_eq!(super::first_to_help([(1, 1.0)].into_iter(), 0.999), Some(1));
        // Those who cannot help are asked with propensity 0 and never chosen.
        let with_unable = [(6, 0.0), (7, 0.2), (5, 0.0), (8, 0.5)].into_iter();
        assert_eq!(super::first_to_help(with_unable.clone(), 0.0), Some(7));
        assert_eq!(super::first_to_help(with_unable, 0.21), Some(8));
    }

    #[test]
    fn conditional_aid_goes_only_to_recent_attendees() {
        let text = "[needs]\nbackground_rate = 0.0\n";
        world_with(text, |w| {
            w.week = 20;
            let (attendee, absentee) = (100, 101);
            for who in [attendee, absentee] {
                w.residents.state[who] = State::Member;
                w.residents.need[who] = Need { skill: 0, age: 0 };
            }
            w.residents.last_attended[attendee] = 18;
            w.residents.last_attended[absentee] = 2;
            w.conditional_aid();
            assert!(!w.residents.need[attendee].is_open());
            assert!(w.residents.need[absentee].is_open());
        });
    }
}
