//! The network of the movement at one week, as kept for the `network` picture: every
//! resident who is or was in it now (member, organizer, burned out) and the strong ties
//! between two of them.
//!
//! Only replicate 0 keeps snapshots, and only at `Scenario::picture_weeks`, so the memory
//! they take is a few hundred nodes and edges per strategy.

use crate::model::residents::{Residents, State};
use crate::model::ties::Ties;

/// A resident shown in the picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SnapshotNode {
    pub id: u32,
    pub state: State,
    pub group: u8,
}

/// A strong tie between two shown residents, `a < b`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SnapshotEdge {
    pub a: u32,
    pub b: u32,
    pub strength: f64,
    pub depth: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NetworkSnapshot {
    pub week: u32,
    /// In ascending id.
    pub nodes: Vec<SnapshotNode>,
    /// In ascending `(a, b)`.
    pub edges: Vec<SnapshotEdge>,
}

/// States shown in the picture: the active members and those resting after burnout.
pub fn is_shown(state: State) -> bool {
    matches!(state, State::Member | State::Organizer | State::BurnedOut)
}

impl NetworkSnapshot {
    /// The shown residents at `week` and the ties of strength at least `threshold` among
    /// them.
    pub fn capture(week: u32, residents: &Residents, ties: &Ties, threshold: f64) -> Self {
        let nodes: Vec<SnapshotNode> = (0..residents.len())
            .filter(|&i| is_shown(residents.state[i]) && !residents.removed[i])
            .map(|i| SnapshotNode {
                id: i as u32,
                state: residents.state[i],
                group: residents.group[i],
            })
            .collect();
        let shown = |i: u32| {
            let i = i as usize;
            is_shown(residents.state[i]) && !residents.removed[i]
        };
        let mut edges: Vec<SnapshotEdge> = ties
            .iter()
            .filter(|(_, t)| t.strength() >= threshold && shown(t.a) && shown(t.b))
            .map(|(_, t)| SnapshotEdge {
                a: t.a.min(t.b),
                b: t.a.max(t.b),
                strength: t.strength(),
                depth: t.depth,
            })
            .collect();
        edges.sort_unstable_by_key(|e| (e.a, e.b));
        NetworkSnapshot { week, nodes, edges }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_movement_and_its_strong_ties_only() {
        let mut residents = Residents::default();
        for (state, group) in [
            (State::Organizer, 0u8),
            (State::Member, 1),
            (State::Outside, 0),
            (State::BurnedOut, 2),
            (State::Departed, 1),
        ] {
            residents.state.push(state);
            residents.group.push(group);
            residents.removed.push(false);
        }
        let mut ties = Ties::plain(5);
        ties.add(1, 0, 0.9);
        ties.add(0, 2, 0.9); // to an outsider
        ties.add(1, 3, 0.2); // weak
        ties.add(3, 0, 0.6);
        let s = NetworkSnapshot::capture(7, &residents, &ties, 0.5);
        let ids: Vec<u32> = s.nodes.iter().map(|n| n.id).collect();
        assert_eq!(ids, [0, 1, 3]);
        let pairs: Vec<(u32, u32)> = s.edges.iter().map(|e| (e.a, e.b)).collect();
        assert_eq!(pairs, [(0, 1), (0, 3)]);
        assert_eq!(s.nodes[2].group, 2);
    }
}
