//! A polarizing issue: every tie is stressed in proportion to its ends' opinion distance
//! and the salience. Strength and depth absorb it; a tie that cannot absorb it
//! breaks, and the rest are weakened, deep ties least. Where the strategy enforces a line,
//! members far from it lose commitment.

use super::super::residents::distance_from_line;
use super::super::World;

pub(super) fn strike(w: &mut World, salience: f64) {
    let network = &w.scenario.network;
    let absorb = w.scenario.disagreement.depth_absorb;
    w.ties.weaken_each(network.floor, |tie| {
        let stress = salience * tie.distance;
        let protection = 1.0 + absorb * tie.depth as f64;
        if stress >= tie.strength() * protection {
            f64::INFINITY
        } else {
            stress / protection
        }
    });
    let pressure = w
        .strategy
        .mobilization
        .campaign()
        .map_or(0.0, |c| c.dissent_pressure);
    let line = w.scenario.organizers.line;
    let r = &mut w.residents;
    for i in 0..r.len() {
        if r.state[i].is_active() {
            let loss = pressure * salience * distance_from_line(r.opinion[i], line);
            r.commitment[i] = (r.commitment[i] - loss).max(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::world_with;

    #[test]
    fn polarization_breaks_shallow_ties_across_opinion_and_spares_deep_ones() {
        world_with("", |w| {
            for (who, opinion) in [(0, -1.0), (500, 1.0), (1, -1.0), (501, 1.0)] {
                w.set_opinion(who, opinion);
            }
            w.ties.add(0, 500, 0.6);
            let deep = w.ties.add(1, 501, 0.6);
            for _ in 0..10 {
                w.ties.deepen(deep);
            }
            super::strike(w, 0.8);
            assert_eq!(
                w.ties.find(0, 500),
                None,
                "shallow tie across the divide breaks"
            );
            assert_eq!(w.ties.find(1, 501), Some(deep));
            assert!(w.ties.get(deep).strength_f32() < 0.6);
        });
    }
}
