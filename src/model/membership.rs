//! Where residents stand with the movement, and every change of it: joining, burning out,
//! resting and returning, departing, stepping up as an organizer, and being removed from
//! the community. Each change that opens or closes a membership spell records it here.

use rand::Rng;

use super::measure::{SpellEnd, SpellRecord};
use super::residents::{State, MOVEMENT_LIST, NONE};
use super::World;

/// Counts that only ever grow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub burnout: u32,
    pub departed: u32,
    pub recruited: u32,
}

impl World<'_> {
    /// Phase 10: exhausted members burn out, uncommitted ones depart (or leave for reasons
    /// of life), rested ones may return, and committed outsiders join.
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
        self.adopt_practice(who);
        self.residents.spell[i] = self.spells.len() as u32;
        self.spells.push(SpellRecord {
            resident: who,
            joined_week: self.week,
            left_week: NONE,
            end: SpellEnd::Censored,
        });
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

    /// A member steps up as an organizer; their mobilization may hand them a list.
    pub(crate) fn step_up(&mut self, leader: u32) {
        self.residents.state[leader as usize] = State::Organizer;
        self.give_new_organizer_a_list(leader);
    }

    /// Removes a resident from the community for good (a shock): their ties go, and the
    /// contacts they alone held are lost to the list.
    pub(crate) fn remove_from_community(&mut self, who: u32) {
        self.drop_contact_list(who);
        self.end_spell(who, SpellEnd::Removed);
        self.ties.isolate(who);
        let i = who as usize;
        let r = &mut self.residents;
        r.state[i] = State::Departed;
        r.removed[i] = true;
        r.need[i] = super::residents::Need::NONE;
    }

    /// An organizer's list outlives them only in part: each contact passes to the
    /// organization's own list with probability `organizers.list_survival` (no draw at 0
    /// or 1), and is otherwise lost with its holder.
    fn drop_contact_list(&mut self, organizer: u32) {
        let survival = self.scenario.organizers.list_survival;
        for i in 0..self.residents.contact_of.len() {
            if self.residents.contact_of[i] != organizer {
                continue;
            }
            let kept = survival >= 1.0 || (survival > 0.0 && self.rng.gen::<f64>() < survival);
            self.residents.contact_of[i] = if kept { MOVEMENT_LIST } else { NONE };
        }
    }

    /// Closes a member's open spell, if they have one (initial organizers have none).
    fn end_spell(&mut self, who: u32, end: SpellEnd) {
        let spell = self.residents.spell[who as usize];
        if spell != NONE {
            let record = &mut self.spells[spell as usize];
            record.left_week = self.week;
            record.end = end;
            self.residents.spell[who as usize] = NONE;
        }
    }

    /// At the end of the run, the spells still open are censored at its last week.
    pub(crate) fn censor_open_spells(&mut self) {
        let last = self.scenario.weeks() - 1;
        for spell in &mut self.spells {
            if spell.left_week == NONE {
                spell.left_week = last;
            }
        }
    }

    /// Whether `who` is an organizer who can still act.
    pub(crate) fn is_organizer(&self, who: u32) -> bool {
        who != NONE
            && who != MOVEMENT_LIST
            && self.residents.state[who as usize] == State::Organizer
    }

    /// Whether a member on `holder`'s list is called: their organizer still is one, or
    /// they are on the organization's list and `organizers_left` to call it.
    pub(crate) fn is_called(&self, holder: u32, organizers_left: bool) -> bool {
        if holder == MOVEMENT_LIST {
            organizers_left
        } else {
            self.is_organizer(holder)
        }
    }

    /// The first organizer among `who`'s ties, in the order of their list, or `NONE`.
    fn organizer_among_ties(&self, who: u32) -> u32 {
        self.ties
            .of(who)
            .iter()
            .map(|&(other, _)| other)
            .find(|&other| self.is_organizer(other))
            .unwrap_or(NONE)
    }

    /// The organizers now, in ascending id.
    pub(crate) fn organizers(&self) -> Vec<u32> {
        let r = &self.residents;
        (0..r.len() as u32)
            .filter(|&i| r.state[i as usize] == State::Organizer)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::{State, MOVEMENT_LIST, NONE};
    use crate::model::testing::world_with;

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
    fn a_list_passes_to_the_organization_as_far_as_it_survives() {
        for (survival, kept) in [(0.0, false), (1.0, true)] {
            let text = format!("[organizers]\nlist_survival = {survival}\n");
            world_with(&text, |w| {
                let organizers = w.organizers();
                let (gone, left) = (organizers[0], organizers[1]);
                w.join(300, true);
                w.residents.contact_of[300] = gone;
                w.depart(gone, true);
                let holder = w.residents.contact_of[300];
                let expected = if kept { MOVEMENT_LIST } else { NONE };
                assert_eq!(holder, expected);
                assert_eq!(w.is_called(holder, true), kept, "called while one is left");
                assert!(!w.is_called(holder, false), "no one left to call it");
                assert!(w.is_organizer(left));
            });
        }
    }
}
