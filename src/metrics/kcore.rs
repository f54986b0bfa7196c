//! k-core decomposition: the core number of every node.

use super::graph::Csr;

/// Core number of every node: the largest `k` such that the node belongs to the k-core,
/// the maximal subgraph in which every node has at least `k` neighbours.
///
/// Uses the bucket algorithm of Batagelj & Zaversnik (2003), "An O(m) Algorithm for Cores
/// Decomposition of Networks" (arXiv:cs/0310049): nodes are kept sorted by current degree
/// in bins, and peeling the node of least degree lowers each higher-degree neighbour by one
/// bin in O(1). Runs in O(n + m) time with a few flat vectors.
pub fn core_numbers(g: &Csr) -> Vec<u32> {
    let n = g.node_count();
    // Starts as the degree and is lowered as neighbours are peeled; once a node is peeled
    // it holds that node's core number.
    let mut core: Vec<u32> = (0..n as u32).map(|v| g.degree(v) as u32).collect();
    let max_degree = core.iter().copied().max().unwrap_or(0) as usize;

    // `order` lists nodes by ascending current degree; `bin_start[d]` is where the nodes
    // of degree `d` begin in it and `position[v]` is where `v` sits.
    let mut bin_start = vec![0u32; max_degree + 1];
    for &degree in &core {
        bin_start[degree as usize] += 1;
    }
    let mut start = 0;
    for bin in &mut bin_start {
        let size = *bin;
        *bin = start;
        start += size;
    }
    let mut order = vec![0u32; n];
    let mut position = vec![0u32; n];
    let mut cursor = bin_start.clone();
    for v in 0..n {
        let slot = &mut cursor[core[v] as usize];
        position[v] = *slot;
        order[*slot as usize] = v as u32;
        *slot += 1;
    }

    for i in 0..n {
        let v = order[i] as usize;
        for &u in g.neighbors(v as u32) {
            let u = u as usize;
            let degree = core[u];
            if degree > core[v] {
                // Swap `u` to the front of its bin, then advance the bin start past it:
                // `u` now sits at the end of the bin one lower, in sorted order again.
                let bin = degree as usize;
                let first = bin_start[bin];
                let w = order[first as usize] as usize;
                if u != w {
                    order.swap(position[u] as usize, first as usize);
                    position[w] = position[u];
                    position[u] = first;
                }
                bin_start[bin] += 1;
                core[u] -= 1;
            }
        }
    }
    core
}

/// Number of nodes in the k-core (nodes with core number at least `k`); `k = 0` gives `n`.
pub fn k_core_size(g: &Csr, k: u32) -> usize {
    core_numbers(g).into_iter().filter(|&c| c >= k).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_support::{random_graph, seeded};

    /// The k-core by definition: repeatedly delete any node with fewer than `k` surviving
    /// neighbours until none remain.
    fn naive_k_core(g: &Csr, k: u32) -> Vec<bool> {
        let mut alive = vec![true; g.node_count()];
        loop {
            let doomed = (0..g.node_count() as u32).find(|&v| {
                let surviving = g.neighbors(v).iter().filter(|&&u| alive[u as usize]);
                alive[v as usize] && surviving.count() < k as usize
            });
            match doomed {
                Some(v) => alive[v as usize] = false,
                None => return alive,
            }
        }
    }

    #[test]
    fn triangle_with_pendant() {
        let g = Csr::from_edges(4, &[(0, 1), (1, 2), (2, 0), (2, 3)]);
        assert_eq!(core_numbers(&g), vec![2, 2, 2, 1]);
        assert_eq!(k_core_size(&g, 0), 4);
        assert_eq!(k_core_size(&g, 1), 4);
        assert_eq!(k_core_size(&g, 2), 3);
        assert_eq!(k_core_size(&g, 3), 0);
    }

    #[test]
    fn complete_graph_on_four_nodes() {
        let g = Csr::from_edges(4, &[(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]);
        assert_eq!(core_numbers(&g), vec![3; 4]);
        assert_eq!(k_core_size(&g, 3), 4);
        assert_eq!(k_core_size(&g, 4), 0);
    }

    #[test]
    fn empty_and_edgeless_graphs() {
        let empty = Csr::from_edges(0, &[]);
        assert!(core_numbers(&empty).is_empty());
        assert_eq!(k_core_size(&empty, 0), 0);
        assert_eq!(k_core_size(&empty, 1), 0);
        let isolated = Csr::from_edges(3, &[]);
        assert_eq!(core_numbers(&isolated), vec![0; 3]);
        assert_eq!(k_core_size(&isolated, 0), 3);
        assert_eq!(k_core_size(&isolated, 1), 0);
    }

    #[test]
    fn star_hub_is_only_in_the_one_core() {
        // A high-degree hub has core number 1 when its neighbours are leaves.
        let g = Csr::from_edges(5, &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        assert_eq!(core_numbers(&g), vec![1; 5]);
    }

    #[test]
    fn matches_naive_peeling_on_random_graphs() {
        let mut rng = seeded(2);
        for _ in 0..1000 {
            let (n, edges) = random_graph(&mut rng, 16);
            let g = Csr::from_edges(n, &edges);
            let core = core_numbers(&g);
            for k in 0..=(n as u32).max(5) {
                let naive = naive_k_core(&g, k);
                for v in 0..n {
                    assert_eq!(core[v] >= k, naive[v], "node {v}, k {k}, edges {edges:?}");
                }
                let naive_size = naive.iter().filter(|&&alive| alive).count();
                assert_eq!(k_core_size(&g, k), naive_size);
            }
        }
    }
}
