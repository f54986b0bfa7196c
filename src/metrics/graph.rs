//! Undirected graphs in compressed sparse row (CSR) form.

/// An undirected simple graph over nodes `0..n` in compressed sparse row form.
///
/// Every undirected edge is stored in both directions, so the neighbours of `v` are one
/// contiguous slice. Neighbour lists are sorted ascending, so every traversal visits
/// nodes in the same order on every run, whatever order the edges were given in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    /// `offsets[v]..offsets[v + 1]` is the range of `targets` holding `v`'s neighbours;
    /// it has `n + 1` entries.
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

impl Default for Csr {
    /// The graph with no nodes.
    fn default() -> Csr {
        Csr::from_edges(0, &[])
    }
}

impl Csr {
    /// Builds the graph on nodes `0..node_count` from a list of undirected edges.
    ///
    /// The caller guarantees a simple graph: endpoints below `node_count`, no self-loops,
    /// and each edge listed once in one direction (checked only in debug builds).
    ///
    /// Runs in O(n + m) by counting sort: no comparison sort of the edge list is needed.
    pub fn from_edges(node_count: usize, edges: &[(u32, u32)]) -> Csr {
        debug_assert!(
            u32::try_from(node_count).is_ok(),
            "node ids must fit in u32"
        );
        let offsets = degree_offsets(node_count, edges);

        // First pass: scatter both directions of each edge into place; lists come out in
        // input order.
        let mut scattered = vec![0u32; offsets[node_count]];
        let mut cursor = offsets[..node_count].to_vec();
        for &(u, v) in edges {
            debug_assert!(u != v, "self-loop at node {u}");
            for (from, to) in [(u, v), (v, u)] {
                let slot = &mut cursor[from as usize];
                scattered[*slot] = to;
                *slot += 1;
            }
        }

        // Second pass: the adjacency is symmetric, so reading the lists of the sources in
        // ascending order and appending each source to its neighbours' lists writes every
        // list in ascending order.
        cursor.copy_from_slice(&offsets[..node_count]);
        let mut targets = vec![0u32; scattered.len()];
        for source in 0..node_count {
            for &neighbour in &scattered[offsets[source]..offsets[source + 1]] {
                let slot = &mut cursor[neighbour as usize];
                targets[*slot] = source as u32;
                *slot += 1;
            }
        }

        let graph = Csr { offsets, targets };
        debug_assert!(graph.has_no_parallel_edges(), "duplicate edge");
        graph
    }

    /// Number of nodes `n`.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of undirected edges `m`.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Neighbours of `v`, ascending.
    pub fn neighbors(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }

    /// Number of neighbours of `v`.
    pub fn degree(&self, v: u32) -> usize {
        let v = v as usize;
        self.offsets[v + 1] - self.offsets[v]
    }

    /// Every undirected edge once, as `(u, v)` with `u < v`, in ascending order.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.node_count() as u32).flat_map(move |u| {
            self.neighbors(u)
                .iter()
                .copied()
                .filter(move |&v| u < v)
                .map(move |v| (u, v))
        })
    }

    /// True when no neighbour list repeats a node (lists are sorted, so repeats are adjacent).
    fn has_no_parallel_edges(&self) -> bool {
        (0..self.node_count() as u32).all(|v| self.neighbors(v).windows(2).all(|w| w[0] < w[1]))
    }
}

/// Row offsets for the CSR: the prefix sums of the degrees implied by `edges`.
fn degree_offsets(node_count: usize, edges: &[(u32, u32)]) -> Vec<usize> {
    let mut offsets = vec![0usize; node_count + 1];
    for &(u, v) in edges {
        debug_assert!(
            (u as usize) < node_count && (v as usize) < node_count,
            "edge ({u}, {v}) outside 0..{node_count}"
        );
        offsets[u as usize + 1] += 1;
        offsets[v as usize + 1] += 1;
    }
    for v in 0..node_count {
        offsets[v + 1] += offsets[v];
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_support::{random_graph, seeded};

    #[test]
    fn empty_graph_has_no_nodes_or_edges() {
        let g = Csr::from_edges(0, &[]);
        assert_eq!(g.node_count(), 0);
        assert_eq!(g.edge_count(), 0);
        assert_eq!(g.edges().count(), 0);
    }

    #[test]
    fn isolated_nodes_have_empty_neighbour_lists() {
        let g = Csr::from_edges(3, &[]);
        assert_eq!(g.node_count(), 3);
        assert!((0..3).all(|v| g.neighbors(v).is_empty() && g.degree(v) == 0));
    }

    #[test]
    fn edges_are_stored_both_ways_and_sorted() {
        let g = Csr::from_edges(5, &[(3, 1), (0, 3), (4, 3), (2, 3), (1, 0)]);
        assert_eq!(g.edge_count(), 5);
        assert_eq!(g.neighbors(3), &[0, 1, 2, 4]);
        assert_eq!(g.neighbors(0), &[1, 3]);
        assert_eq!(g.neighbors(1), &[0, 3]);
        assert_eq!(g.degree(3), 4);
        assert_eq!(g.degree(4), 1);
        let edges: Vec<_> = g.edges().collect();
        assert_eq!(edges, vec![(0, 1), (0, 3), (1, 3), (2, 3), (3, 4)]);
    }

    #[test]
    fn matches_naive_adjacency_on_random_graphs() {
        let mut rng = seeded(1);
        for _ in 0..500 {
            let (n, edges) = random_graph(&mut rng, 20);
            let g = Csr::from_edges(n, &edges);
            let mut naive = vec![Vec::new(); n];
            for &(u, v) in &edges {
                naive[u as usize].push(v);
                naive[v as usize].push(u);
            }
            assert_eq!(g.edge_count(), edges.len());
            for (v, list) in naive.iter_mut().enumerate() {
                list.sort_unstable();
                assert_eq!(g.neighbors(v as u32), list.as_slice());
                assert_eq!(g.degree(v as u32), list.len());
            }
        }
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "duplicate edge")]
    fn rejects_duplicate_edges_in_debug_builds() {
        Csr::from_edges(3, &[(0, 1), (1, 2), (1, 0)]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "self-loop")]
    fn rejects_self_loops_in_debug_builds() {
        Csr::from_edges(3, &[(0, 1), (2, 2)]);
    }

    #[test]
    fn edge_order_does_not_change_the_graph() {
        let a = Csr::from_edges(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        let b = Csr::from_edges(4, &[(0, 3), (3, 2), (2, 1), (1, 0)]);
        assert_eq!(a, b);
    }
}
