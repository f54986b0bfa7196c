//! The community at week 0: residents and their acquaintance network.
//!
//! A replicate's community comes from its own generator (seed and replicate alone), so every
//! strategy of a replicate starts from the same residents and ties.

use std::f64::consts::TAU;

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::residents::{Need, Residents, State, NONE};
use super::ties::{Decay, Ties};
use crate::scenario::{NetworkKind, Scenario};

/// Residents and ties before any strategy acts.
#[derive(Clone, Debug)]
pub struct Community {
    pub residents: Residents,
    pub ties: Ties,
}

/// Smooth random field over the unit square (a sum of a few random waves), in about [-1, 1]:
/// the spatial pattern that opinions follow when `opinion_locality` is high.
struct Field {
    waves: Vec<(f64, f64, f64)>,
}

impl Field {
    /// Waves of wave numbers 1 to 4, periodic on the unit ring (`on_ring`) or torus. On the
    /// ring every wave runs along it, so none adds the same value to everyone.
    fn new(rng: &mut ChaCha8Rng, on_ring: bool) -> Field {
        let waves = (1..=4)
            .map(|k| {
                let (kx, ky) = if on_ring {
                    (k as f64, 0.0)
                } else {
                    // Rounded to whole wave numbers so the field wraps around the torus;
                    // one of the two is never 0, since cos² + sin² = 1.
                    let angle = rng.gen::<f64>() * TAU;
                    (
                        (k as f64 * angle.cos()).round(),
                        (k as f64 * angle.sin()).round(),
                    )
                };
                (kx, ky, rng.gen::<f64>() * TAU)
            })
            .collect();
        Field { waves }
    }

    fn at(&self, x: f64, y: f64) -> f64 {
        let sum: f64 = self
            .waves
            .iter()
            .map(|&(kx, ky, phase)| (TAU * (kx * x + ky * y) + phase).sin())
            .sum();
        (sum / (self.waves.len() as f64).sqrt()).clamp(-1.0, 1.0)
    }
}

pub fn build(scenario: &Scenario, rng: &mut ChaCha8Rng) -> Community {
    let p = &scenario.population;
    let n = p.size as usize;
    let positions: Vec<(f64, f64)> = match scenario.network.kind {
        // On the ring, a resident's place is its index; y is unused.
        NetworkKind::SmallWorld => (0..n).map(|i| (i as f64 / n as f64, 0.0)).collect(),
        NetworkKind::Spatial => (0..n).map(|_| (rng.gen(), rng.gen())).collect(),
    };
    let field = Field::new(rng, scenario.network.kind == NetworkKind::SmallWorld);

    let mut r = Residents::default();
    for &(x, y) in &positions {
        let local = field.at(x, y);
        let scattered = rng.gen_range(-1.0..=1.0);
        let opinion = p.opinion_locality * local + (1.0 - p.opinion_locality) * scattered;
        let group = if rng.gen::<f64>() < p.group_segregation {
            ((x * p.groups as f64) as u32).min(p.groups - 1)
        } else {
            rng.gen_range(0..p.groups)
        };
        let mut kinds: Vec<u32> = (0..p.skills).collect();
        kinds.shuffle(rng);
        let skills = kinds[..p.skills_per_resident as usize]
            .iter()
            .fold(0u16, |bits, &k| bits | (1 << k));

        r.group.push(group as u8);
        r.opinion.push(opinion.clamp(-1.0, 1.0));
        r.skills.push(skills);
        r.energy.push(rng.gen_range(0.6..=1.0));
        let predisposition = rng.gen::<f64>() * p.predisposition_max;
        r.commitment.push(predisposition);
        r.predisposition.push(predisposition);
        r.effervescence.push(0.0);
        r.propensity.push(scenario.help.base_propensity);
        r.state.push(State::Outside);
        r.removed.push(false);
        r.need.push(Need::NONE);
        r.contact_of.push(NONE);
        r.last_attended.push(NONE);
        r.rest_since.push(NONE);
        r.initial_organizer.push(false);
        r.spell.push(NONE);
        r.spent.push(0.0);
        r.hours.push(0.0);
        r.chronic.push(false);
        r.more_acts.push(0);
        r.care_load.push(0.0);
        r.image.push(0.0);
    }

    let network = &scenario.network;
    let decay = Decay {
        rate: network.decay,
        dissimilarity: network.dissimilarity_decay,
        depth_protection: network.depth_protection,
        floor: network.floor,
        acquaintance: network.acquaintance_strength,
    };
    let mut ties = Ties::new(
        r.opinion.clone(),
        r.group.clone(),
        network.strong_threshold,
        decay,
    );
    let k = scenario.network.neighbors as usize;
    // Room for the acquaintances at once, rather than growing the arrays tie by tie.
    ties.reserve(n * k.div_ceil(2));
    match scenario.network.kind {
        NetworkKind::SmallWorld => small_world(&mut ties, n, k, scenario.network.rewiring, rng),
        NetworkKind::Spatial => nearest_neighbours(&mut ties, &positions, k.div_ceil(2)),
    }
    ties.settle();

    choose_organizers(scenario, &mut r, rng);
    super::care::draw_chronic(scenario.needs.chronic_share, &mut r.chronic, rng);
    Community { residents: r, ties }
}

/// Watts–Strogatz: a ring where each resident knows `k/2` neighbours on each side, each tie
/// rewired to a random resident with probability `rewiring`.
fn small_world(ties: &mut Ties, n: usize, k: usize, rewiring: f64, rng: &mut ChaCha8Rng) {
    for offset in 1..=k / 2 {
        for i in 0..n {
            let j = (i + offset) % n;
            let (a, mut b) = (i as u32, j as u32);
            if rng.gen::<f64>() < rewiring {
                // A few tries to find a free partner; otherwise keep the lattice tie.
                for _ in 0..8 {
                    let c = rng.gen_range(0..n) as u32;
                    if c != a && ties.find(a, c).is_none() {
                        b = c;
                        break;
                    }
                }
            }
            if a != b && ties.find(a, b).is_none() {
                ties.add_acquaintance(a, b);
            }
        }
    }
}

/// Each resident tied to its `k` nearest others on the unit torus, found through a grid of
/// cells so that the cost stays linear in the population.
fn nearest_neighbours(ties: &mut Ties, positions: &[(f64, f64)], k: usize) {
    let n = positions.len();
    let side = ((n as f64 / 2.0).sqrt().floor() as usize).max(1);
    let cell_of = |(x, y): (f64, f64)| {
        let cx = ((x * side as f64) as usize).min(side - 1);
        let cy = ((y * side as f64) as usize).min(side - 1);
        (cx, cy)
    };
    let mut cells: Vec<Vec<u32>> = vec![Vec::new(); side * side];
    for (i, &p) in positions.iter().enumerate() {
        let (cx, cy) = cell_of(p);
        cells[cy * side + cx].push(i as u32);
    }
    let torus = |d: f64| {
        let d = d.abs();
        d.min(1.0 - d)
    };
    let mut found: Vec<(f64, u32)> = Vec::new();
    for (i, &p) in positions.iter().enumerate() {
        let (cx, cy) = cell_of(p);
        found.clear();
        // Widen the ring of cells until the k-th nearest is surely inside it.
        let mut radius = 1usize;
        loop {
            found.clear();
            let reach = radius.min(side / 2);
            for dy in 0..=(2 * reach) {
                for dx in 0..=(2 * reach) {
                    let x = (cx + side + dx - reach) % side;
                    let y = (cy + side + dy - reach) % side;
                    for &j in &cells[y * side + x] {
                        if j as usize != i {
                            let q = positions[j as usize];
                            let d2 = torus(p.0 - q.0).powi(2) + torus(p.1 - q.1).powi(2);
                            found.push((d2, j));
                        }
                    }
                }
            }
            let covered = reach as f64 / side as f64;
            found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            found.dedup_by_key(|f| f.1);
            let enough = found.len() >= k.min(n - 1)
                && (reach >= side / 2 || found[k.min(n - 1) - 1].0.sqrt() <= covered);
            if enough {
                break;
            }
            radius += 1;
        }
        for &(_, j) in found.iter().take(k) {
            let (a, b) = (i as u32, j);
            if ties.find(a, b).is_none() {
                ties.add_acquaintance(a, b);
            }
        }
    }
}

/// The initial organizers: residents near the organizers' line, drawn at random.
fn choose_organizers(scenario: &Scenario, r: &mut Residents, rng: &mut ChaCha8Rng) {
    let o = &scenario.organizers;
    let mut near: Vec<u32> = (0..r.len() as u32)
        .filter(|&i| (r.opinion[i as usize] - o.line).abs() <= o.spread)
        .collect();
    near.shuffle(rng);
    if near.len() < o.count as usize {
        // Too few within the spread: take the closest to the line.
        let mut all: Vec<u32> = (0..r.len() as u32).collect();
        all.sort_by(|&a, &b| {
            let da = (r.opinion[a as usize] - o.line).abs();
            let db = (r.opinion[b as usize] - o.line).abs();
            da.total_cmp(&db).then(a.cmp(&b))
        });
        near = all;
    }
    for &i in near.iter().take(o.count as usize) {
        let i = i as usize;
        r.state[i] = State::Organizer;
        r.initial_organizer[i] = true;
        r.commitment[i] = o.commitment;
        r.energy[i] = 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn scenario(extra: &str) -> Scenario {
        let text = format!("{extra}\n[strategy.a]\n");
        Scenario::parse("t", "t.toml", &text, &[]).unwrap()
    }

    #[test]
    fn small_world_has_the_expected_degree_and_no_duplicates() {
        let s = scenario("[population]\nsize = 500\n");
        let c = build(&s, &mut ChaCha8Rng::seed_from_u64(3));
        assert_eq!(c.ties.len(), 500 * 8 / 2 - lost_to_collisions(&c));
        for (slot, t) in c.ties.iter() {
            assert_ne!(t.a, t.b);
            assert_eq!(c.ties.find(t.a, t.b), Some(slot));
            assert_eq!(t.strength_f32(), s.network.acquaintance_strength as f32);
        }
        assert_eq!(
            c.residents
                .state
                .iter()
                .filter(|s| **s == State::Organizer)
                .count(),
            10
        );
    }

    fn lost_to_collisions(c: &Community) -> usize {
        500 * 4 - c.ties.len()
    }

    #[test]
    fn spatial_network_ties_each_resident_to_near_neighbours() {
        let s =
            scenario("[population]\nsize = 400\n[network]\nkind = \"spatial\"\nneighbors = 6\n");
        let c = build(&s, &mut ChaCha8Rng::seed_from_u64(5));
        for i in 0..400u32 {
            assert!(c.ties.of(i).len() >= 3, "resident {i} knows its 3 nearest");
        }
        assert!(c.ties.len() <= 400 * 3);
    }

    #[test]
    fn the_same_seed_builds_the_same_community() {
        let s = scenario("[population]\nsize = 300\n");
        let a = build(&s, &mut ChaCha8Rng::seed_from_u64(9));
        let b = build(&s, &mut ChaCha8Rng::seed_from_u64(9));
        assert_eq!(a.residents.opinion, b.residents.opinion);
        let ta: Vec<_> = a.ties.iter().map(|(_, t)| (t.a, t.b)).collect();
        let tb: Vec<_> = b.ties.iter().map(|(_, t)| (t.a, t.b)).collect();
        assert_eq!(ta, tb);
    }

    #[test]
    fn opinion_locality_makes_neighbours_alike() {
        let corr = |locality: f64| {
            let s = scenario(&format!(
                "[population]\nsize = 1000\nopinion_locality = {locality}\n[network]\nrewiring = 0.0\n"
            ));
            let c = build(&s, &mut ChaCha8Rng::seed_from_u64(1));
            let o = &c.residents.opinion;
            let pairs: Vec<(f64, f64)> = (0..1000).map(|i| (o[i], o[(i + 1) % 1000])).collect();
            let mx = pairs.iter().map(|p| p.0).sum::<f64>() / 1000.0;
            let cov: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - mx)).sum();
            let var: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
            cov / var
        };
        assert!(corr(0.0).abs() < 0.15);
        assert!(corr(0.8) > 0.5);
    }
}
