//! The weekly survey of the ties: one pass that gathers what the measures, leadership and
//! next week's decisions need, so that no phase walks the whole tie array for itself.

use super::residents::{Residents, NONE};
use super::ties::Ties;
use super::World;
use crate::metrics::components::component_labels;
use crate::metrics::graph::Csr;
use crate::metrics::kcore::k_core_size;

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
    /// The edges `strong_graph` is built from, kept to be refilled.
    strong_edges: Vec<(u32, u32)>,
    /// A bit per slot, set while a survey is taken for the strong ties with an active end
    /// (all clear between surveys).
    strong_with_active_end: Vec<u64>,
    /// Each node's component of `strong_graph` (`component_labels`), and the size of the
    /// largest component (0 without nodes): leadership and the measures read them.
    pub components: Vec<u32>,
    pub largest_component: usize,
    /// The size of the `power_k`-core of `strong_graph`: the movement's power, which the
    /// measures and the events read.
    pub power: usize,
    power_k: u32,
    /// Every tie between two active members, as resident ids (for homophily).
    pub active_ties: Vec<(u32, u32)>,
    pub ties_strong: u32,
    /// Strong ties joining different groups.
    pub cross_group_strong: u32,
    pub strength_sum: f64,
}

impl Survey {
    /// A survey of `residents` residents that measures power as the `power_k`-core.
    pub fn new(residents: usize, power_k: u32) -> Survey {
        Survey {
            power_k,
            strong_any: vec![0; residents],
            strong_active: vec![0; residents],
            strong_active_commitment: vec![0.0; residents],
            node_of: vec![NONE; residents],
            ..Survey::default()
        }
    }

    /// Takes the survey of `residents` and `ties` as they stand.
    ///
    /// Strong ties are counted and listed by `Ties` as they change, so only the ties of
    /// active members and the strong ties are read here.
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
        // The ties among active members, each found once, from its end of lower id; and the
        // strong ties with an active end, marked by slot. Every tie of an active member is
        // written, and kept only when it is one of the former: which ones are is too
        // irregular for the processor to guess ahead, so it is done without a branch.
        let (node_of, active_ties) = (&self.node_of, &mut self.active_ties);
        let marked = &mut self.strong_with_active_end;
        marked.resize(ties.slot_count().div_ceil(64), 0);
        let reach: usize = self.active.iter().map(|&a| ties.of(a).len()).sum();
        active_ties.resize(reach, (NONE, NONE));
        let mut kept = 0;
        for &a in &self.active {
            for &(b, slot) in ties.of(a) {
                active_ties[kept] = (a, b);
                kept += usize::from((b > a) & (node_of[b as usize] != NONE));
                marked[slot as usize / 64] |= u64::from(ties.is_strong(slot)) << (slot % 64);
            }
        }
        active_ties.truncate(kept);
        // The strong ties with an active end, in slot order, so that each resident's sum of
        // commitment adds up in the same order whatever the order of the members; the marks
        // are cleared for the next survey. As above, without a branch: a strong tie adds its
        // other end's commitment times 1 for an active end and times 0 for one outside
        // (commitments are at least 0, so the sums are never -0, and adding +0 leaves them
        // as they are).
        let (count, sum) = (&mut self.strong_active, &mut self.strong_active_commitment);
        let edges = &mut self.strong_edges;
        edges.resize(ties.strong_count() as usize, (NONE, NONE));
        let mut kept = 0;
        for slot in marked_slots(marked) {
            let (a, b) = ties.ends(slot);
            let (a, b) = (a as usize, b as usize);
            let (node_a, node_b) = (node_of[a], node_of[b]);
            let (a_active, b_active) = (node_a != NONE, node_b != NONE);
            count[a] += u32::from(b_active);
            sum[a] += f64::from(u8::from(b_active)) * r.commitment[b];
            count[b] += u32::from(a_active);
            sum[b] += f64::from(u8::from(a_active)) * r.commitment[a];
            edges[kept] = (node_a, node_b);
            kept += usize::from(a_active & b_active);
        }
        edges.truncate(kept);
        self.strong_graph = Csr::from_edges(self.active.len(), &self.strong_edges);
        self.components = component_labels(&self.strong_graph);
        let mut sizes = vec![0; self.active.len()];
        for &component in &self.components {
            sizes[component as usize] += 1;
        }
        self.largest_component = sizes.into_iter().max().unwrap_or(0);
        self.power = k_core_size(&self.strong_graph, self.power_k);
    }
}

/// The slot of every bit set in `marked`, in slot order, clearing them as it goes.
fn marked_slots(marked: &mut [u64]) -> impl Iterator<Item = u32> + '_ {
    (0u32..).zip(marked).flat_map(|(word, bits)| {
        let mut rest = std::mem::take(bits);
        std::iter::from_fn(move || {
            let bit = (rest != 0).then(|| rest.trailing_zeros())?;
            rest &= rest - 1;
            Some(word * 64 + bit)
        })
    })
}

impl World<'_> {
    /// Surveys the ties as they stand now.
    pub(crate) fn survey_ties(&mut self) {
        self.survey.take(&self.residents, &self.ties);
    }
}

#[cfg(test)]
mod tests {
    use super::{Survey, NONE};
    use crate::metrics::components::{component_labels, largest_component_size};
    use crate::metrics::graph::Csr;
    use crate::metrics::kcore::k_core_size;
    use crate::model::residents::{Residents, State};
    use crate::model::testing::world_with;
    use crate::model::ties::Ties;

    /// The survey taken the plain way: the strong ties recounted from the strengths, every
    /// tie of every active member read, the strong ones with an active end sorted by slot,
    /// the components and the core from the metrics' own functions.
    fn taken_plainly(r: &Residents, ties: &Ties, strong: f64, power_k: u32) -> Survey {
        let mut s = Survey::new(r.len(), power_k);
        s.strength_sum = ties.strength_sum();
        for (_, tie) in ties.iter().filter(|(_, tie)| tie.strength() >= strong) {
            s.strong_any[tie.a as usize] += 1;
            s.strong_any[tie.b as usize] += 1;
            s.ties_strong += 1;
            s.cross_group_strong += u32::from(tie.cross_group);
        }
        s.active = (0..r.len() as u32)
            .filter(|&i| r.state[i as usize].is_active())
            .collect();
        for (node, &i) in s.active.iter().enumerate() {
            s.node_of[i as usize] = node as u32;
        }
        let mut strong_slots = Vec::new();
        for &a in &s.active {
            for &(b, slot) in ties.of(a) {
                let b_active = s.node_of[b as usize] != NONE;
                if b_active && b < a {
                    continue;
                }
                if b_active {
                    s.active_ties.push((a, b));
                }
                if ties.get(slot).strength() >= strong {
                    strong_slots.push(slot);
                }
            }
        }
        strong_slots.sort_unstable();
        let mut edges = Vec::new();
        for slot in strong_slots {
            let tie = ties.get(slot);
            let (a, b) = (tie.a as usize, tie.b as usize);
            let (node_a, node_b) = (s.node_of[a], s.node_of[b]);
            if node_b != NONE {
                s.strong_active[a] += 1;
                s.strong_active_commitment[a] += r.commitment[b];
            }
            if node_a != NONE {
                s.strong_active[b] += 1;
                s.strong_active_commitment[b] += r.commitment[a];
            }
            if node_a != NONE && node_b != NONE {
                edges.push((node_a, node_b));
            }
        }
        s.strong_graph = Csr::from_edges(s.active.len(), &edges);
        s.components = component_labels(&s.strong_graph);
        s.largest_component = largest_component_size(&s.strong_graph);
        s.power = k_core_size(&s.strong_graph, power_k);
        s
    }

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
            (s.components.clone(), s.largest_component, s.power),
        )
    }

    #[test]
    fn the_survey_finds_what_the_plain_survey_finds() {
        let text = "[population]\nsize = 400\n[strategy.s]\npreset = \"solidarity\"\n";
        world_with(text, |w| {
            let (strong, power_k) = (
                w.scenario.network.strong_threshold,
                w.scenario.metrics.power_k,
            );
            let mut largest = 0;
            for _ in 0..80 {
                w.step_week();
                let plain = taken_plainly(&w.residents, &w.ties, strong, power_k);
                assert_eq!(found(&w.survey), found(&plain), "week {}", w.week);
                let marks = &w.survey.strong_with_active_end;
                assert!(marks.iter().all(|&bits| bits == 0), "marks left set");
                largest = largest.max(w.survey.strong_graph.edge_count());
            }
            assert!(largest > 20, "the test surveys strong ties among members");
        });
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
            let mut fresh = Survey::new(w.residents.len(), w.scenario.metrics.power_k);
            fresh.take(&w.residents, &w.ties);
            assert_eq!(found(&w.survey), found(&fresh));
        });
    }
}
