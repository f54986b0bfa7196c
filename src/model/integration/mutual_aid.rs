//! Mutual aid: anyone the practice has reached, with energy and the matching skill, helps a
//! tie in need, whatever their opinion or participation. Help deepens the tie both ways,
//! may introduce the helped to another of the helper's ties, and makes the helped readier
//! to help in turn. Organizers carry the practice from the start.

use rand::Rng;

use super::super::care;
use super::super::residents::State;
use super::super::World;
use crate::scenario::MutualAid;

/// Those who take part hold at least the practice's propensity to help.
pub(super) fn adopt(w: &mut World, m: &MutualAid, who: u32) {
    let propensity = &mut w.residents.propensity[who as usize];
    *propensity = propensity.max(m.practice_propensity);
}

/// The residents in need, in the rotated order, each ask their ties in turn from a random
/// place; each able one helps with their propensity, and the first who does is the helper
/// (drawn at once by `first_to_help`). What each resident can offer is taken at the start
/// of the phase; a helper who runs out of energy stops offering.
pub(super) fn give(w: &mut World, _m: &MutualAid) {
    let min_energy = w.scenario.help.min_energy;
    let hours = w.scenario.time.help_hours;
    let care = &w.scenario.care;
    let with_care = care.shapes_willingness() || care.image_step > 0.0;
    // A strong tie's ask may be taken up below the energy gate when obligation binds; the
    // gate is then left to `World::willingness`, which knows the tie.
    let gated = care.obligation <= 0.0;
    // What each resident can help with now: their skills while they have the energy and
    // the hours and are neither resting nor gone.
    let r = &w.residents;
    let mut offer: Vec<u16> = (0..r.len())
        .map(|i| {
            let able = !r.removed[i]
                && r.state[i] != State::BurnedOut
                && (!gated || r.energy[i] >= min_energy)
                && w.has_time(i as u32, hours);
            if able {
                r.skills[i]
            } else {
                0
            }
        })
        .collect();
    let order = w.rotated_order();
    let r = &w.residents;
    let asking: Vec<u32> = order
        .filter(|&i| r.need[i as usize].is_open() && !r.removed[i as usize])
        .collect();
    for &i in &asking {
        let need = w.residents.need[i as usize];
        let skill = 1u16 << need.skill;
        let ties = w.ties.of(i);
        if ties.is_empty() {
            continue;
        }
        let start = w.rng.gen_range(0..ties.len());
        let u = w.rng.gen::<f64>();
        if with_care {
            if let Some((helper, slot)) = ask_with_care(w, i, &offer, skill, start, u) {
                w.help(helper, i, Some(slot), true);
                let spent = gated && w.residents.energy[helper as usize] < min_energy;
                if spent || !w.has_time(helper, hours) {
                    offer[helper as usize] = 0;
                }
            }
            continue;
        }
        let propensity = &w.residents.propensity;
        // A tie who cannot help counts with propensity 0, which leaves the odds as they
        // were: the same helper as skipping them.
        let asked = ties[start..]
            .iter()
            .chain(&ties[..start])
            .map(|&(h, slot)| {
                let able = offer[h as usize] & skill != 0;
                ((h, slot), if able { propensity[h as usize] } else { 0.0 })
            });
        if let Some((helper, slot)) = first_to_help(asked, u) {
            w.help(helper, i, Some(slot), true);
            if w.residents.energy[helper as usize] < min_energy || !w.has_time(helper, hours) {
                offer[helper as usize] = 0;
            }
        }
    }
}

/// The helper of `asker` when each tie able to help does so with their propensity times
/// their willingness (`World::willingness`), asked in turn from `start` and chosen by the
/// one draw `u` as `first_to_help` does. The able ties asked before the helper (all of
/// them when nobody helps) who had the energy to help refused, and are seen refusing.
fn ask_with_care(
    w: &mut World,
    asker: u32,
    offer: &[u16],
    skill: u16,
    start: usize,
    u: f64,
) -> Option<(u32, u32)> {
    let obliged = w.scenario.care.obligation > 0.0;
    let ties = w.ties.of(asker);
    let asked = ties[start..].iter().chain(&ties[..start]);
    let world = &*w;
    let chances = asked.clone().enumerate().map(|(k, &(h, slot))| {
        let chance = if offer[h as usize] & skill != 0 {
            let strong_tie = obliged && world.ties.is_strong(slot);
            world.residents.propensity[h as usize] * world.willingness(h, asker, strong_tie)
        } else {
            0.0
        };
        ((k, h, slot), chance)
    });
    let found = first_to_help(chances, u);
    let step = w.scenario.care.image_step;
    if step > 0.0 {
        let min_energy = w.scenario.help.min_energy;
        let refusing = found.map_or(ties.len(), |(k, _, _)| k);
        let r = &mut w.residents;
        for &(h, _) in asked.take(refusing) {
            let h = h as usize;
            if offer[h] & skill != 0 && r.energy[h] >= min_energy {
                care::seen_refusing(&mut r.image[h], step);
            }
        }
    }
    found.map(|(_, h, slot)| (h, slot))
}

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
    use crate::model::residents::Need;
    use crate::model::testing::world_with;
    use crate::scenario::MutualAid;

    #[test]
    fn help_is_given_whatever_the_helpers_opinion() {
        let text = "[help]\nbase_propensity = 1.0\nmin_energy = 0.0\n[population]\nskills = 1\nskills_per_resident = 1\n[needs]\nbackground_rate = 0.0\n";
        world_with(text, |w| {
            for i in 0..w.residents.len() {
                w.residents.opinion[i] = if i % 2 == 0 { -1.0 } else { 1.0 };
            }
            w.residents.need[10] = Need { skill: 0, age: 0 };
            super::give(w, &MutualAid::default());
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
}
