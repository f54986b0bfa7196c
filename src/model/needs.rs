//! Needs arise, go unmet, drain energy and expire.

use rand::Rng;

use super::draws::{Chance, ReadAhead};
use super::residents::Need;
use super::World;

impl World<'_> {
    /// Each present resident without a need may develop one of a random skill kind.
    pub(crate) fn needs_arise(&mut self) {
        let mut rate = self.scenario.needs.rate;
        if self.week < self.crisis_until {
            rate = (rate * self.crisis_intensity).min(1.0);
        }
        let kinds = self.scenario.population.skills;
        let r = &mut self.residents;
        let chance = Chance::new(rate);
        let mut draws = ReadAhead::new(&mut self.rng);
        let mut open = 0;
        for (need, &removed) in r.need.iter_mut().zip(&r.removed) {
            // Present residents without a need draw.
            let present = !removed;
            if draws.chance_if(present & !need.is_open(), chance) {
                *need = Need {
                    skill: draws.gen_range(0..kinds) as u8,
                    age: 0,
                };
            }
            open += u32::from(present & need.is_open());
        }
        draws.finish();
        self.this_week.needs_open += open;
    }

    /// Needs still unmet after help drain energy; old ones expire.
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

    #[test]
    fn a_crisis_raises_the_need_rate() {
        let count = |crisis: bool| {
            world_with("[needs]\nrate = 0.05\n", |w| {
                if crisis {
                    w.crisis_until = 10;
                    w.crisis_intensity = 4.0;
                }
                w.needs_arise();
                w.this_week.needs_open
            })
        };
        assert!(count(true) > 2 * count(false));
    }
}
