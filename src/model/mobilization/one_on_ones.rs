//! Listening: under relational organizing each active member holds a few one-on-one
//! conversations a week, each with the person they are closest to turning into a close
//! tie. A conversation deepens the tie and draws the other a little closer to the
//! movement; it takes an hour or so of each and some of the holder's energy (Ganz 2009;
//! Han 2014; McAlevey 2016).

use super::super::residents::{State, NONE};
use super::super::World;
use crate::scenario::OneOnOnes;

/// Active residents, in id order, each hold up to `per_week` conversations with as many
/// different people while they have the hours.
pub(super) fn hold(w: &mut World, o: &OneOnOnes) {
    let hours = w.scenario.time.one_on_one_hours;
    let mut talked: Vec<u32> = Vec::with_capacity(o.per_week as usize);
    for i in 0..w.residents.len() {
        if !w.residents.state[i].is_active() {
            continue;
        }
        let holder = i as u32;
        talked.clear();
        for _ in 0..o.per_week {
            if !w.has_time(holder, hours) {
                break;
            }
            let (other, slot) = partner(w, holder, &talked, hours);
            if other == NONE {
                break;
            }
            talked.push(other);
            converse(w, holder, other, slot, o, hours);
        }
    }
}

/// Whom `holder` talks with next: of their ties not yet strong, the strongest — the
/// relationship nearest to becoming a close one — to someone still in the movement's
/// reach (not departed), not already talked with this week, who has the hours. Equal
/// strengths: the lower id. `(NONE, NONE)` when there is no one.
fn partner(w: &World, holder: u32, talked: &[u32], hours: f64) -> (u32, u32) {
    let strong = w.scenario.network.strong_threshold;
    let mut best = (NONE, NONE);
    let mut best_strength = f64::NEG_INFINITY;
    for &(other, slot) in w.ties.of(holder) {
        let s = w.ties.get(slot).strength();
        let closer = s > best_strength || (s == best_strength && other < best.0);
        if s >= strong
            || !closer
            || w.residents.state[other as usize] == State::Departed
            || talked.contains(&other)
            || !w.has_time(other, hours)
        {
            continue;
        }
        best = (other, slot);
        best_strength = s;
    }
    best
}

/// One conversation: the tie gains the lift and is marked as contact this week, the one
/// listened to gains a little commitment, the holder spends energy, both spend the hours.
fn converse(w: &mut World, holder: u32, other: u32, slot: u32, o: &OneOnOnes, hours: f64) {
    w.ties.strengthen(slot, o.lift);
    let r = &mut w.residents;
    let (h, x) = (holder as usize, other as usize);
    r.commitment[x] = (r.commitment[x] + o.commitment).min(1.0);
    r.energy[h] = (r.energy[h] - o.cost).max(0.0);
    r.spent[h] += o.cost;
    w.spend_time(holder, hours);
    w.spend_time(other, hours);
}

#[cfg(test)]
mod tests {
    use crate::model::residents::State;
    use crate::model::testing::{world_alone, world_with};

    /// A world where only the members a test makes hold conversations.
    fn without_organizers(w: &mut crate::model::World) {
        for organizer in w.organizers() {
            w.residents.state[organizer as usize] = State::Outside;
        }
    }

    const RELATIONAL: &str = "[strategy.s.mobilization]\nkind = \"relational\"\none_on_ones_per_week = 1\none_on_one_lift = 0.2\none_on_one_commitment = 0.05\none_on_one_cost = 0.03\n";

    #[test]
    fn a_conversation_deepens_the_tie_nearest_to_close() {
        world_with(RELATIONAL, |w| {
            without_organizers(w);
            let holder = 900u32;
            w.residents.state[holder as usize] = State::Member;
            w.residents.energy[holder as usize] = 0.8;
            let near = w.ties.connect(holder, 950, 0.4);
            let far = w.ties.connect(holder, 960, 0.2);
            let close = w.ties.connect(holder, 970, 0.9);
            let before = w.residents.commitment[950];
            w.hold_one_on_ones();
            let strength = |w: &crate::model::World, slot| w.ties.get(slot).strength();
            assert!(
                (strength(w, near) - 0.6).abs() < 1e-6,
                "the nearest is lifted"
            );
            assert!((strength(w, far) - 0.2).abs() < 1e-6);
            assert!(
                (strength(w, close) - 0.9).abs() < 1e-6,
                "a close tie is left"
            );
            assert!((w.residents.commitment[950] - before - 0.05).abs() < 1e-12);
            assert!((w.residents.energy[holder as usize] - 0.77).abs() < 1e-12);
            // Now close, so next week's conversation goes to the next one.
            w.hold_one_on_ones();
            assert!((strength(w, far) - 0.4).abs() < 1e-6);
        });
    }

    #[test]
    fn conversations_need_the_hours_of_both() {
        let text = format!("{RELATIONAL}[time]\nbudget_hours = 2.0\none_on_one_hours = 1.5\n");
        world_with(&text, |w| {
            without_organizers(w);
            let holder = 900u32;
            w.residents.state[holder as usize] = State::Member;
            let busy = w.ties.connect(holder, 950, 0.4);
            let free = w.ties.connect(holder, 960, 0.2);
            w.residents.hours[950] = 1.0;
            w.hold_one_on_ones();
            assert!(
                (w.ties.get(busy).strength() - 0.4).abs() < 1e-6,
                "no hours left"
            );
            assert!((w.ties.get(free).strength() - 0.4).abs() < 1e-6);
            assert_eq!(w.residents.hours[holder as usize], 1.5);
            assert_eq!(w.residents.hours[960], 1.5);
        });
    }

    #[test]
    fn without_one_on_ones_nothing_happens() {
        world_alone("[strategy.s.mobilization]\nkind = \"relational\"\n", |w| {
            without_organizers(w);
            let holder = 900u32;
            w.residents.state[holder as usize] = State::Member;
            let slot = w.ties.connect(holder, 950, 0.4);
            w.hold_one_on_ones();
            assert!((w.ties.get(slot).strength() - 0.4).abs() < 1e-6);
        });
    }
}
