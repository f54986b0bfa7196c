//! Care work has a load and a memory. Helping tires: each act adds to the helper's recent
//! care load and may count among the costs that erode commitment; a tired or loaded helper
//! is less willing, though a strong tie's ask is hard to refuse, so helpers can exhaust
//! themselves. Some residents' needs are chronic and heavy. Others see who helps and who
//! refuses (an image), may refuse those seen refusing, and being helped makes one readier
//! to help in turn only as far as the practice around one is reciprocated. Every weight of
//! `[care]` at 0 (and `needs.chronic_share` at 0) leaves help as it was.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::World;

/// Marks a share `share` of residents as chronic, one draw each; none is drawn when the
/// share is 0, so a town without chronic needs is built from the same draws as before.
pub(crate) fn draw_chronic(share: f64, chronic: &mut [bool], rng: &mut ChaCha8Rng) {
    if share <= 0.0 {
        return;
    }
    for c in chronic {
        *c = rng.gen::<f64>() < share;
    }
}

/// A refusal seen by others lowers one's image by `step` (Nowak & Sigmund 1998).
pub(crate) fn seen_refusing(image: &mut f32, step: f64) {
    *image = (*image - step as f32).max(-1.0);
}

impl World<'_> {
    /// How willing `helper` is to take up `asker`'s ask, in [0, 1], as a factor of their
    /// propensity to help. Tiredness and recent load make them reluctant, and below
    /// `help.min_energy` they are wholly reluctant; a strong tie's ask (`strong`) sets aside
    /// the share `care.obligation` of that reluctance, the energy gate included (Figley
    /// 1995; Spade 2020). An asker seen refusing others (image below 0) is helped less
    /// (Nowak & Sigmund 1998).
    pub(crate) fn willingness(&self, helper: u32, asker: u32, strong: bool) -> f64 {
        let care = &self.scenario.care;
        let r = &self.residents;
        let h = helper as usize;
        let energy = r.energy[h];
        let reluctance = if energy < self.scenario.help.min_energy {
            1.0
        } else {
            let load = f64::from(r.care_load[h]);
            (care.tiredness * (1.0 - energy) + care.load_weight * load).min(1.0)
        };
        let bound = if strong { care.obligation } else { 0.0 };
        let bad_image = (-f64::from(r.image[asker as usize])).max(0.0);
        (1.0 - reluctance * (1.0 - bound)) * (1.0 - care.discrimination * bad_image)
    }

    /// What an act of help leaves on its helper besides its energy: a unit of care load,
    /// the share `care.cost_weight` of its energy cost among the week's costs (7.7), and a
    /// better image.
    pub(crate) fn carry_care(&mut self, helper: u32) {
        let care = &self.scenario.care;
        let r = &mut self.residents;
        let h = helper as usize;
        if care.counts_load() {
            r.care_load[h] += 1.0;
        }
        if care.cost_weight > 0.0 {
            r.spent[h] += care.cost_weight * self.scenario.help.cost;
        }
        if care.image_step > 0.0 {
            r.image[h] = (r.image[h] + care.image_step as f32).min(1.0);
        }
    }

    /// `who` was asked, could have helped, and did not: others see it.
    pub(crate) fn refused(&mut self, who: u32) {
        let step = self.scenario.care.image_step;
        seen_refusing(&mut self.residents.image[who as usize], step);
    }

    /// The rise of the helped's propensity to help, as a share of the gap to 1: indirect
    /// reciprocity (`help.reciprocity`), scaled by how far the practice around them is
    /// reciprocated, `1 - ρ + ρ × share`, where ρ is `care.reciprocation` and the share is
    /// the mean over their strong ties of their recent care load (at most 1 each), 0
    /// without strong ties (Ostrom 1990 on conditional cooperators). ρ = 0 is the plain
    /// rule.
    pub(crate) fn reciprocity_gain(&self, helped: u32) -> f64 {
        let reciprocity = self.scenario.help.reciprocity;
        let weight = self.scenario.care.reciprocation;
        if weight <= 0.0 {
            return reciprocity;
        }
        let (mut ties, mut helped_lately) = (0u32, 0.0);
        for &(other, slot) in self.ties.of(helped) {
            if self.ties.is_strong(slot) {
                ties += 1;
                helped_lately += f64::from(self.residents.care_load[other as usize]).min(1.0);
            }
        }
        let share = if ties > 0 {
            helped_lately / f64::from(ties)
        } else {
            0.0
        };
        reciprocity * (1.0 - weight + weight * share)
    }

    /// End of phase 8: recent care loads fade by `care.load_fade`.
    pub(crate) fn fade_care_load(&mut self) {
        let care = &self.scenario.care;
        if !care.counts_load() {
            return;
        }
        let keep = (1.0 - care.load_fade) as f32;
        for load in &mut self.residents.care_load {
            *load *= keep;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::residents::Need;
    use crate::model::testing::{world_alone, world_with};

    #[test]
    fn tiredness_and_load_make_a_helper_reluctant_but_a_strong_tie_is_obliged() {
        let text = "[care]\ntiredness = 1.0\nload_weight = 0.1\nobligation = 0.5\n";
        world_with(text, |w| {
            w.residents.energy[3] = 0.8;
            w.residents.care_load[3] = 2.0;
            // Reluctance 0.2 + 0.2 = 0.4; a strong tie sets half of it aside.
            assert!((w.willingness(3, 4, false) - 0.6).abs() < 1e-6);
            assert!((w.willingness(3, 4, true) - 0.8).abs() < 1e-6);
            // Below the energy gate only obligation makes one help.
            w.residents.energy[3] = 0.1;
            assert_eq!(w.willingness(3, 4, false), 0.0);
            assert!((w.willingness(3, 4, true) - 0.5).abs() < 1e-6);
        });
    }

    #[test]
    fn off_care_leaves_willingness_whole() {
        world_alone("", |w| {
            w.residents.energy[3] = 0.5;
            w.residents.image[4] = -1.0;
            assert_eq!(w.willingness(3, 4, false), 1.0);
            assert_eq!(w.reciprocity_gain(4), w.scenario.help.reciprocity);
        });
    }

    #[test]
    fn helping_loads_the_helper_costs_commitment_and_lifts_their_image() {
        let text = "[care]\nload_weight = 0.1\ncost_weight = 1.0\nimage_step = 0.25\ndiscrimination = 1.0\nload_fade = 0.5\n[help]\nintroduce = 0.0\n";
        world_alone(text, |w| {
            w.residents.need[5] = Need { skill: 0, age: 0 };
            w.help(4, 5, None, false);
            assert_eq!(w.residents.care_load[4], 1.0);
            assert_eq!(w.residents.spent[4], w.scenario.help.cost);
            assert_eq!(w.residents.image[4], 0.25);
            w.fade_care_load();
            assert_eq!(w.residents.care_load[4], 0.5);
            // Refusing lowers one's image, and a poor image makes others refuse one.
            for _ in 0..3 {
                w.refused(6);
            }
            assert_eq!(w.residents.image[6], -0.75);
            assert!((w.willingness(4, 6, false) - 0.25 * 0.95).abs() < 1e-6);
        });
    }

    #[test]
    fn being_helped_spreads_helping_only_where_helping_is_returned() {
        let text = "[care]\nreciprocation = 1.0\nload_weight = 0.1\n";
        world_with(text, |w| {
            let (helped, a, b) = (300u32, 900u32, 901u32);
            w.ties.connect(helped, a, 0.9);
            w.ties.connect(helped, b, 0.9);
            let full = w.scenario.help.reciprocity;
            assert_eq!(w.reciprocity_gain(helped), 0.0, "no strong tie has helped");
            w.residents.care_load[a as usize] = 3.0;
            assert!((w.reciprocity_gain(helped) - full / 2.0).abs() < 1e-12);
            w.residents.care_load[b as usize] = 1.0;
            assert!((w.reciprocity_gain(helped) - full).abs() < 1e-12);
        });
    }

    #[test]
    fn a_chronic_need_takes_several_acts() {
        let text = "[needs]\nchronic_share = 1.0\nchronic_acts = 3\nrate = 1.0\n";
        world_with(text, |w| {
            assert!(w.residents.chronic.iter().all(|&c| c));
            w.needs_arise();
            assert!(w.residents.need[5].is_open());
            w.help(4, 5, None, false);
            w.help(4, 5, None, false);
            assert!(w.residents.need[5].is_open(), "two acts of three");
            w.help(4, 5, None, false);
            assert!(!w.residents.need[5].is_open());
            assert_eq!(w.needs.met, 1, "a need is met once");
        });
    }
}
