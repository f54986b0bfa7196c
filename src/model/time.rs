//! Time is finite: each resident has a weekly budget of hours for keeping close ties,
//! helping and taking part. Close ties are kept up first; what a resident chooses to do
//! (come to an event, help when asked) needs the hours left; what they are bound to do (an
//! organizer's own event, a task handed over) is done anyway, and hours beyond the budget
//! cost energy.

use super::World;

impl World<'_> {
    /// Phase 3 (after the shocks): the week's hours start with the upkeep of close ties.
    /// A resident keeps up their strongest ties, as many as the budget allows; each strong
    /// tie beyond those is neglected this week and loses `time.neglect_loss` of its
    /// strength (Roberts & Dunbar 2011; Miritello et al. 2013).
    pub(crate) fn keep_up_ties(&mut self) {
        let time = &self.scenario.time;
        if !time.counts_hours() {
            return;
        }
        self.residents.hours.fill(0.0);
        if time.upkeep_hours <= 0.0 {
            return;
        }
        let kept_at_most = (time.budget_hours / time.upkeep_hours).floor() as u32;
        let strong = self.scenario.network.strong_threshold;
        let floor = self.scenario.network.floor;
        let mut close: Vec<(f64, u32, u32)> = Vec::new();
        for i in 0..self.residents.len() {
            if self.residents.removed[i] {
                continue;
            }
            let who = i as u32;
            let count = self.ties.strong_degrees()[i];
            let kept = count.min(kept_at_most);
            self.residents.hours[i] = f64::from(kept) * time.upkeep_hours;
            if count <= kept || time.neglect_loss <= 0.0 {
                continue;
            }
            // The strongest are kept (ties of equal strength: the lower id first).
            close.clear();
            close.extend(self.ties.of(who).iter().filter_map(|&(other, slot)| {
                let s = self.ties.get(slot).strength();
                (s >= strong).then_some((s, other, slot))
            }));
            close.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(s, _, slot) in &close[kept as usize..] {
                self.ties.weaken(slot, time.neglect_loss * s, floor);
            }
        }
    }

    /// Whether `who` has `hours` left this week for something they may choose to do.
    pub(crate) fn has_time(&self, who: u32, hours: f64) -> bool {
        self.residents.hours[who as usize] + hours <= self.scenario.time.budget_hours
    }

    /// `who` spends `hours` of the week; the part beyond the budget costs
    /// `time.overtime_energy` an hour, which counts among the week's costs.
    pub(crate) fn spend_time(&mut self, who: u32, hours: f64) {
        if hours <= 0.0 {
            return;
        }
        let time = &self.scenario.time;
        let i = who as usize;
        let r = &mut self.residents;
        let over_before = (r.hours[i] - time.budget_hours).max(0.0);
        r.hours[i] += hours;
        let over = (r.hours[i] - time.budget_hours).max(0.0) - over_before;
        if over > 0.0 && time.overtime_energy > 0.0 {
            let cost = time.overtime_energy * over;
            r.energy[i] = (r.energy[i] - cost).max(0.0);
            r.spent[i] += cost;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::{world_alone, world_with};

    #[test]
    fn hours_beyond_the_budget_cost_energy() {
        let text = "[time]\nbudget_hours = 4.0\novertime_energy = 0.05\n";
        world_with(text, |w| {
            w.residents.energy[3] = 0.8;
            assert!(w.has_time(3, 4.0));
            w.spend_time(3, 3.0);
            assert!(!w.has_time(3, 1.5), "3 of 4 hours used");
            assert_eq!(w.residents.energy[3], 0.8, "within the budget");
            w.spend_time(3, 3.0);
            assert!((w.residents.energy[3] - 0.7).abs() < 1e-12, "2 hours over");
            assert!((w.residents.spent[3] - 0.1).abs() < 1e-12);
        });
    }

    #[test]
    fn strong_ties_beyond_the_budget_are_neglected() {
        let text = "[time]\nbudget_hours = 2.0\nupkeep_hours = 1.0\nneglect_loss = 0.5\n";
        world_with(text, |w| {
            let hub = 600u32;
            let slots: Vec<u32> = [(601, 0.9), (602, 0.8), (603, 0.7)]
                .iter()
                .map(|&(o, s)| w.ties.connect(hub, o, s))
                .collect();
            w.keep_up_ties();
            assert_eq!(w.residents.hours[hub as usize], 2.0, "two kept up");
            let strength = |w: &crate::model::World, k: usize| w.ties.get(slots[k]).strength();
            assert!((strength(w, 0) - 0.9).abs() < 1e-6);
            assert!((strength(w, 1) - 0.8).abs() < 1e-6);
            assert!(
                (strength(w, 2) - 0.35).abs() < 1e-6,
                "the weakest is neglected"
            );
        });
    }

    #[test]
    fn without_upkeep_close_ties_are_free() {
        world_alone("[time]\nbudget_hours = 1.0\n", |w| {
            let slot = w.ties.connect(700, 701, 0.9);
            w.ties.connect(700, 702, 0.9);
            w.keep_up_ties();
            assert_eq!(w.residents.hours[700], 0.0);
            assert!((w.ties.get(slot).strength() - 0.9).abs() < 1e-6);
        });
    }
}
