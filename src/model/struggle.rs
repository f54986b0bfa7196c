//! Shared struggle builds ties: attendees who meet at an event bond, the more so the more
//! the event cost them. Participation in costly action makes and deepens ties among those
//! who take part (McAdam 1986, 1988; Fantasia 1988), and a gathering's mutual focus and
//! shared emotion leave a bond that grows with what the ritual demands (Collins 2004).

use rand::Rng;

use super::World;

impl World<'_> {
    /// Phase 7, at an event that cost each attendee `cost` in energy: each attendee in
    /// turn (ascending ids) meets up to `events.met_per_event` others drawn from those
    /// present, within the attention they have left after renewing ties (`attention`;
    /// an encounter takes one unit of each end). A pair not yet tied makes a tie of
    /// `bond_per_cost × cost`; a tie gains `deepen_per_cost × cost`. A pair whose tie was
    /// renewed at this event, by attention or by an earlier encounter, is passed over.
    /// Meeting takes no hours beyond the event's own.
    pub(crate) fn bond_at_event(&mut self, attendees: &[u32], attention: &mut [u32], cost: f64) {
        let events = &self.scenario.events;
        let met = events.met_per_event;
        if met == 0 || attendees.len() < 2 {
            return;
        }
        let bond = (events.bond_per_cost * cost).min(1.0);
        let deepen = events.deepen_per_cost * cost;
        for &a in attendees {
            for _ in 0..met {
                if attention[a as usize] == 0 {
                    break;
                }
                let b = attendees[self.rng.gen_range(0..attendees.len())];
                if b == a || attention[b as usize] == 0 {
                    continue;
                }
                let slot = match self.ties.find(a, b) {
                    Some(slot) if self.ties.renewed_week(slot) == self.week => continue,
                    Some(slot) => {
                        self.ties.strengthen(slot, deepen);
                        Some(slot)
                    }
                    None if bond > 0.0 => Some(self.ties.add(a, b, bond)),
                    None => None,
                };
                if let Some(slot) = slot {
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
    use crate::model::testing::world_with;

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
                    assert!(attendees[k + 1..].iter().all(|&b| w.ties.find(a, b).is_none()));
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
    fn a_tie_deepens_and_attention_limits_the_encounters() {
        world_with(STRUGGLE, |w| {
            let (a, b) = (100u32, 400u32);
            let slot = w.ties.connect(a, b, 0.3);
            let mut attention = vec![0; w.residents.len()];
            attention[a as usize] = 1;
            attention[b as usize] = 1;
            w.bond_at_event(&[a, b], &mut attention, 0.1);
            assert!((w.ties.get(slot).strength() - 0.4).abs() < 1e-6, "deepened by 1.0 × 0.1");
            assert_eq!(attention[a as usize], 0);
            assert_eq!(attention[b as usize], 0);
            // Renewed once per event: meeting again changes nothing.
            attention[a as usize] = 3;
            attention[b as usize] = 3;
            w.bond_at_event(&[a, b], &mut attention, 0.1);
            assert!((w.ties.get(slot).strength() - 0.4).abs() < 1e-6);
        });
    }

    #[test]
    fn without_encounters_nothing_is_drawn() {
        world_with("[events]\nbond_per_cost = 2.0\n", |w| {
            let before = w.rng.clone();
            let mut attention = vec![5; w.residents.len()];
            w.bond_at_event(&attendees(), &mut attention, 0.1);
            assert_eq!(w.rng, before);
            assert!(attendees().iter().all(|&a| attention[a as usize] == 5));
        });
    }
}
