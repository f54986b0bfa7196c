//! Shared struggle builds ties: attendees who meet at an event bond, the more so the more
//! the event cost them. Participation in costly action makes and deepens ties among those
//! who take part (McAdam 1986, 1988; Fantasia 1988), and a gathering's mutual focus and
//! shared emotion leave a bond that grows with what the ritual demands (Collins 2004).

use rand::Rng;

use super::World;

impl World<'_> {
    /// What a tie renewed at an event gains beyond `network.event_gain`, at an event that
    /// cost each attendee `cost` in energy: `events.deepen_per_cost × cost`.
    pub(crate) fn struggle_deepening(&self, cost: f64) -> f64 {
        self.scenario.events.deepen_per_cost * cost
    }

    /// Phase 7, at an event that cost each attendee `cost` in energy, once known ties
    /// have been renewed: each attendee in turn (ascending ids) meets up to
    /// `events.met_per_event` others drawn from those present, within the attention both
    /// have left (`attention`; an encounter takes one unit of each end). Two who were not
    /// tied make a tie of `bond_per_cost × cost` (capped at 1). A pair already tied was
    /// renewed at this event, or one of its ends had no attention left, so it is passed
    /// over, as is a pair that has met already. Meeting takes no hours beyond the event's
    /// own.
    pub(crate) fn bond_at_event(&mut self, attendees: &[u32], attention: &mut [u32], cost: f64) {
        let events = &self.scenario.events;
        let met = events.met_per_event;
        if met == 0 || attendees.len() < 2 {
            return;
        }
        let bond = (events.bond_per_cost * cost).min(1.0);
        for &a in attendees {
            for _ in 0..met {
                if attention[a as usize] == 0 {
                    break;
                }
                let b = attendees[self.rng.gen_range(0..attendees.len())];
                if b == a || attention[b as usize] == 0 || self.ties.find(a, b).is_some() {
                    continue;
                }
                if bond > 0.0 {
                    let slot = self.ties.add(a, b, bond);
                    self.ties.mark_renewed(slot, self.week);
                }
                attention[a as usize] -= 1;
                attention[b as usize] -= 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::testing::{world_alone, world_with};

    const STRUGGLE: &str =
        "[events]\nmet_per_event = 4\nbond_per_cost = 2.0\ndeepen_per_cost = 1.0\n";

    /// Members far apart on the ring, so that none is tied to another at the start.
    fn attendees() -> Vec<u32> {
        (0..6).map(|k| 100 + 150 * k).collect()
    }

    #[test]
    fn costly_events_bond_attendees_more_than_cheap_ones() {
        let strength_after = |cost: f64| {
            world_with(STRUGGLE, |w| {
                let attendees = attendees();
                for (k, &a) in attendees.iter().enumerate() {
                    assert!(attendees[k + 1..]
                        .iter()
                        .all(|&b| w.ties.find(a, b).is_none()));
                }
                let mut attention = vec![5; w.residents.len()];
                w.bond_at_event(&attendees, &mut attention, cost);
                let mut total = 0.0;
                for (k, &a) in attendees.iter().enumerate() {
                    for &b in &attendees[k + 1..] {
                        if let Some(slot) = w.ties.find(a, b) {
                            total += w.ties.get(slot).strength();
                            assert_eq!(w.ties.renewed_week(slot), w.week);
                        }
                    }
                }
                total
            })
        };
        let cheap = strength_after(0.05);
        let costly = strength_after(0.2);
        assert!(cheap > 0.0, "attendees who meet make ties");
        assert!(
            (costly - 4.0 * cheap).abs() < 1e-5,
            "the same encounters bond four times as much at four times the cost: {costly} vs {cheap}"
        );
    }

    #[test]
    fn attention_limits_the_encounters_and_a_pair_bonds_once() {
        world_with(STRUGGLE, |w| {
            let (a, b, c) = (100u32, 400u32, 700u32);
            let mut attention = vec![0; w.residents.len()];
            attention[a as usize] = 1;
            attention[b as usize] = 1;
            w.bond_at_event(&[a, b, c], &mut attention, 0.1);
            let slot = w.ties.find(a, b).expect("the two with attention met");
            assert!(
                (w.ties.get(slot).strength() - 0.2).abs() < 1e-6,
                "2.0 × 0.1"
            );
            assert_eq!((attention[a as usize], attention[b as usize]), (0, 0));
            assert!(w.ties.find(a, c).is_none() && w.ties.find(b, c).is_none());
            attention[a as usize] = 3;
            attention[b as usize] = 3;
            w.bond_at_event(&[a, b], &mut attention, 0.1);
            assert!(
                (w.ties.get(slot).strength() - 0.2).abs() < 1e-6,
                "tied pairs pass"
            );
        });
    }

    #[test]
    fn without_encounters_nothing_is_drawn() {
        world_alone("[events]\nbond_per_cost = 2.0\n", |w| {
            let before = w.rng.clone();
            let mut attention = vec![5; w.residents.len()];
            w.bond_at_event(&attendees(), &mut attention, 0.1);
            assert_eq!(w.rng, before);
            assert!(attendees().iter().all(|&a| attention[a as usize] == 5));
        });
    }
}
