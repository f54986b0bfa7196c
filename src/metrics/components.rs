//! Connected components, by union-find.

use super::graph::Csr;

/// Disjoint sets over `0..n` with union by size and path halving, so any sequence of
/// operations runs in near-linear time (Tarjan 1975, "Efficiency of a Good But Not Linear
/// Set Union Algorithm", J. ACM 22:215).
#[derive(Clone, Debug)]
pub struct UnionFind {
    parent: Vec<u32>,
    /// Set size, meaningful only at roots.
    size: Vec<u32>,
}

impl UnionFind {
    /// `n` singleton sets `{0}, {1}, …, {n - 1}`.
    pub fn new(n: usize) -> UnionFind {
        debug_assert!(u32::try_from(n).is_ok(), "elements must fit in u32");
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    /// The root of `x`'s set, halving the path on the way up.
    pub fn find(&mut self, x: u32) -> u32 {
        let mut x = x;
        loop {
            let parent = self.parent[x as usize];
            if parent == x {
                return x;
            }
            let grandparent = self.parent[parent as usize];
            self.parent[x as usize] = grandparent;
            x = grandparent;
        }
    }

    /// Merges the sets of `a` and `b` and returns the root of the merged set. The larger
    /// set's root survives; on a tie `a`'s root does, so results do not depend on luck.
    pub fn union(&mut self, a: u32, b: u32) -> u32 {
        let (root_a, root_b) = (self.find(a), self.find(b));
        if root_a == root_b {
            return root_a;
        }
        let (big, small) = if self.size[root_a as usize] >= self.size[root_b as usize] {
            (root_a, root_b)
        } else {
            (root_b, root_a)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        big
    }

    /// Number of elements in `x`'s set.
    pub fn size_of(&mut self, x: u32) -> u32 {
        let root = self.find(x);
        self.size[root as usize]
    }
}

/// The union-find partition of `g`'s nodes into connected components.
fn components_of(g: &Csr) -> UnionFind {
    let mut sets = UnionFind::new(g.node_count());
    for (u, v) in g.edges() {
        sets.union(u, v);
    }
    sets
}

/// Number of nodes in the largest connected component; isolated nodes are components of
/// size 1, and the empty graph has largest component 0.
pub fn largest_component_size(g: &Csr) -> usize {
    let mut sets = components_of(g);
    (0..g.node_count() as u32)
        .map(|v| sets.size_of(v) as usize)
        .max()
        .unwrap_or(0)
}

/// Component label of every node, numbered `0, 1, …` in order of each component's
/// smallest node, so labels depend only on the graph.
pub fn component_labels(g: &Csr) -> Vec<u32> {
    let n = g.node_count();
    let mut sets = components_of(g);
    let mut label_of_root = vec![u32::MAX; n];
    let mut next_label = 0;
    (0..n as u32)
        .map(|v| {
            let label = &mut label_of_root[sets.find(v) as usize];
            if *label == u32::MAX {
                *label = next_label;
                next_label += 1;
            }
            *label
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_support::{bfs_labels, bfs_largest, random_graph, seeded};

    #[test]
    fn union_find_tracks_sets_and_sizes() {
        let mut sets = UnionFind::new(6);
        assert_eq!(sets.size_of(3), 1);
        assert_eq!(sets.union(0, 1), 0, "tie keeps the first root");
        let root = sets.union(2, 0);
        assert_eq!(root, 0, "larger set's root survives");
        assert_eq!(sets.size_of(2), 3);
        assert_eq!(sets.union(1, 2), 0, "already joined");
        assert_eq!(sets.size_of(1), 3);
        sets.union(4, 5);
        assert_ne!(sets.find(4), sets.find(0));
        let merged = sets.union(5, 1);
        assert_eq!(merged, sets.find(4));
        assert_eq!(sets.size_of(4), 5);
        assert_eq!(sets.size_of(3), 1);
    }

    #[test]
    fn empty_graph_has_no_component() {
        let g = Csr::from_edges(0, &[]);
        assert_eq!(largest_component_size(&g), 0);
        assert!(component_labels(&g).is_empty());
    }

    #[test]
    fn isolated_nodes_are_singletons() {
        let g = Csr::from_edges(3, &[]);
        assert_eq!(largest_component_size(&g), 1);
        assert_eq!(component_labels(&g), vec![0, 1, 2]);
    }

    #[test]
    fn labels_follow_smallest_node() {
        let g = Csr::from_edges(6, &[(5, 0), (3, 1), (4, 3)]);
        assert_eq!(component_labels(&g), vec![0, 1, 2, 1, 1, 0]);
        assert_eq!(largest_component_size(&g), 3);
    }

    #[test]
    fn matches_breadth_first_search_on_random_graphs() {
        let mut rng = seeded(3);
        for _ in 0..1000 {
            let (n, mut edges) = random_graph(&mut rng, 24);
            // Sparsify so that many graphs split into several components.
            edges.truncate(n);
            let g = Csr::from_edges(n, &edges);
            let everyone = vec![true; n];
            assert_eq!(component_labels(&g), bfs_labels(&g, &everyone));
            assert_eq!(largest_component_size(&g), bfs_largest(&g, &everyone));
        }
    }
}
