//! The weekly survey of the ties: one pass that gathers what the measures, leadership and
//! next week's decisions need, so that no phase walks the whole tie array for itself.

use super::residents::{Residents, NONE};
use super::ties::Ties;
use super::World;
use crate::metrics::graph::Csr;

/// What one pass over the ties found, for the state it was taken in.
#[derive(Clone, Debug, Default)]
pub(crate) struct Survey {
    /// Per resident: strong ties to anyone present.
    pub strong_any: Vec<u32>,
    /// Per resident: strong ties to active members, and the sum of those members'
    /// commitment.
    pub strong_active: Vec<u32>,
    pub strong_active_commitment: Vec<f64>,
    /// Active residents in id order; they are the nodes of `strong_graph`.
    pub active: Vec<u32>,
    /// Each resident's node in `strong_graph`, or `NONE`.
    node_of: Vec<u32>,
    /// Active members and the strong ties among them.
    pub strong_graph: Csr,
    /// Every tie between two active members, as resident ids (for homophily).
    pub active_ties: Vec<(u32, u32)>,
    pub ties_strong: u32,
    /// Strong ties joining different groups.
    pub cross_group_strong: u32,
    pub strength_sum: f64,
}

impl Survey {
    pub fn new(residents: usize) -> Survey {
        Survey {
            strong_any: vec![0; residents],
            strong_active: vec![0; residents],
            strong_active_commitment: vec![0.0; residents],
            node_of: vec![NONE; residents],
            ..Survey::default()
        }
    }

    /// Takes the survey of `residents` and `ties` as they stand.
    ///
    /// Strong ties are counted by `Ties` as they change, so only the ties of active
    /// members are read here: they are a few percent of a town.
    pub fn take(&mut self, residents: &Residents, ties: &Ties) {
        let r = residents;
        self.strength_sum = ties.strength_sum();
        self.ties_strong = ties.strong_count();
        self.cross_group_strong = ties.cross_group_strong();
        self.strong_any.copy_from_slice(ties.strong_degrees());
        self.strong_active.fill(0);
        self.strong_active_commitment.fill(0.0);
        self.node_of.fill(NONE);
        self.active.clear();
        for (i, state) in r.state.iter().enumerate() {
            if state.is_active() {
                self.node_of[i] = self.active.len() as u32;
                self.active.push(i as u32);
            }
        }
        // The ties among active members, and the strong ties with an active end, each
        // found once from the active side.
        self.active_ties.clear();
        let mut strong_slots = Vec::new();
        for &a in &self.active {
            for &(b, slot) in ties.of(a) {
                let b_active = self.node_of[b as usize] != NONE;
                if b_active && b < a {
                    continue;
                }
                if b_active {
                    self.active_ties.push((a, b));
                }
                if ties.is_strong(slot) {
                    strong_slots.push(slot);
                }
            }
        }
        // In slot order, so that each resident's sum of commitment adds up in the same
        // order whatever the order of the members.
        strong_slots.sort_unstable();
        let mut strong_edges = Vec::with_capacity(strong_slots.len());
        for slot in strong_slots {
            let tie = ties.get(slot);
            let (a, b) = (tie.a as usize, tie.b as usize);
            let (node_a, node_b) = (self.node_of[a], self.node_of[b]);
            if node_b != NONE {
                self.strong_active[a] += 1;
                self.strong_active_commitment[a] += r.commitment[b];
            }
            if node_a != NONE {
                self.strong_active[b] += 1;
                self.strong_active_commitment[b] += r.commitment[a];
            }
            if node_a != NONE && node_b != NONE {
                strong_edges.push((node_a, node_b));
            }
        }
        self.strong_graph = Csr::from_edges(self.active.len(), &strong_edges);
    }
}

impl World<'_> {
    /// Surveys the ties as they stand now.
    pub(crate) fn survey_ties(&mut self) {
        self.survey.take(&self.residents, &self.ties);
    }
}

#[cfg(test)]
mod tests {
    use super::Survey;
    use crate::model::residents::State;
    use crate::model::testing::world_with;

    /// What the survey found, with the sums of commitment as bits.
    fn found(s: &Survey) -> impl PartialEq + std::fmt::Debug {
        let commitment: Vec<u64> = s
            .strong_active_commitment
            .iter()
            .map(|c| c.to_bits())
            .collect();
        (
            (s.strong_any.clone(), s.strong_active.clone(), commitment),
            (
                s.active.clone(),
                s.strong_graph.clone(),
                s.active_ties.clone(),
            ),
            (
                s.ties_strong,
                s.cross_group_strong,
                s.strength_sum.to_bits(),
            ),
        )
    }

    #[test]
    fn a_survey_taken_again_finds_what_a_fresh_one_finds() {
        world_with("", |w| {
            let members = [300u32, 301, 302, 303, 304];
            for &m in &members {
                w.join(m, true);
            }
            for (k, &a) in members.iter().enumerate() {
                for &b in &members[k + 1..] {
                    w.ties.connect(a, b, 0.9);
                }
                w.ties.connect(a, a + 100, 0.9);
            }
            w.survey_ties();
            assert!(w.survey.strong_active[400] > 0, "the test counts someone");
            // Members leave, rest and join, and ties come and go, between two surveys.
            w.residents.state[300] = State::Departed;
            w.residents.state[301] = State::BurnedOut;
            w.join(305, true);
            w.ties.connect(305, 302, 0.9);
            w.ties.connect(305, 500, 0.9);
            let dropped = w.ties.find(303, 403).expect("tied above");
            w.ties.remove(dropped);
            w.residents.commitment[302] = 0.123;
            w.survey_ties();
            let mut fresh = Survey::new(w.residents.len());
            fresh.take(&w.residents, &w.ties);
            assert_eq!(found(&w.survey), found(&fresh));
        });
    }
}
