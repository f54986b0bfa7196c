//! Needs arise, go unmet, drain energy and expire.

use rand::Rng;

use super::residents::Need;
use super::World;

/// The week's needs, as the measures read them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NeedTally {
    /// Needs open after they arose this week.
    pub open: u32,
    /// Needs met this week, by any help.
    pub met: u32,
}

impl World<'_> {
    /// Phase 4: each present resident without a need may develop one of a random skill
    /// kind (more often during a crisis; more often, and heavier, for a chronic resident).
    pub(crate) fn needs_arise(&mut self) {
        let needs = &self.scenario.needs;
        let rate = self.crisis.need_rate(self.week, needs.rate);
        let heavy_rate = (rate * needs.chronic_rate_factor).min(1.0);
        let more_acts = (needs.chronic_acts - 1) as u8;
        let kinds = self.scenario.population.skills;
        let r = &mut self.residents;
        let rng = &mut self.rng;
        let mut open = 0;
        for i in 0..r.len() {
            let present = !r.removed[i];
            let chronic = r.chronic[i];
            let rate = if chronic { heavy_rate } else { rate };
            if present && !r.need[i].is_open() && rng.gen::<f64>() < rate {
                r.need[i] = Need {
                    skill: rng.gen_range(0..kinds) as u8,
                    age: 0,
                };
                if chronic {
                    r.more_acts[i] = more_acts;
                }
            }
            open += u32::from(present && r.need[i].is_open());
        }
        self.needs.open += open;
    }

    /// Phase 6: needs still unmet after help drain energy; old ones expire.
    pub(crate) fn drain_unmet_needs(&mut self) {
        let needs = &self.scenario.needs;
        let r = &mut self.residents;
        for i in 0..r.len() {
            if !r.need[i].is_open() {
                continue;
            }
            r.energy[i] = (r.energy[i] - needs.drain).max(0.0);
            r.need[i].age = r.need[i].age.saturating_add(1);
            if u32::from(r.need[i].age) >= needs.duration_weeks {
                r.need[i] = Need::NONE;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::Need;
    use crate::model::testing::world_with;

    #[test]
    fn unmet_needs_drain_energy_and_expire() {
        let text = "[needs]\nrate = 0.0\ndrain = 0.1\nduration_weeks = 2\n";
        world_with(text, |w| {
            w.residents.need[0] = Need { skill: 1, age: 0 };
            w.residents.energy[0] = 0.5;
            w.drain_unmet_needs();
            assert!((w.residents.energy[0] - 0.4).abs() < 1e-12);
            assert!(w.residents.need[0].is_open());
            w.drain_unmet_needs();
            assert!(!w.residents.need[0].is_open(), "expired after 2 weeks");
            assert!((w.residents.energy[0] - 0.3).abs() < 1e-12);
        });
    }
}
