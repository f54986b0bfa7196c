//! Energy and commitment move: rest and support restore energy; strong ties, isolation
//! and the week's costs move commitment; the lift of events fades.

use super::residents::State;
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
}

#[cfg(test)]
mod tests {
    use crate::model::testing::world_with;

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
