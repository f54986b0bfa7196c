//! Network robustness under node removal (Schneider et al. 2011).

use super::components::UnionFind;
use super::graph::Csr;

/// Fraction of the nodes in the largest connected component after removing the first
/// `q` nodes of `order`, for `q = 1..=n`: entry `q - 1` is `s(q / n)` in the notation of
/// Schneider et al. (2011), "Mitigation of malicious attacks on networks", PNAS 108:3838.
/// The last entry, with every node removed, is 0; the empty graph gives an empty curve.
///
/// `order` must be a permutation of `0..n`. Computed the Newman–Ziff way (Newman & Ziff
/// 2001, Phys. Rev. E 64:016706): nodes are added back in reverse removal order and
/// joined to their present neighbours with union-find, so the largest component only
/// ever grows and the whole curve costs O(n + m) rather than a component search per step.
pub fn removal_curve(g: &Csr, order: &[u32]) -> Vec<f64> {
    let n = g.node_count();
    debug_assert!(
        is_permutation(order, n),
        "order must be a permutation of 0..n"
    );
    let mut curve = vec![0.0; n];
    let mut sets = UnionFind::new(n);
    let mut present = vec![false; n];
    let mut largest = 0u32;
    // After re-adding `order[q..]`, the graph is the one left by removing `order[..q]`.
    for q in (1..n).rev() {
        let v = order[q];
        present[v as usize] = true;
        let mut root = sets.find(v);
        for &u in g.neighbors(v) {
            if present[u as usize] {
                root = sets.union(root, u);
            }
        }
        largest = largest.max(sets.size_of(root));
        curve[q - 1] = f64::from(largest) / n as f64;
    }
    curve
}

/// The robustness index `R = (1/N) Σ_{Q=1}^{N} s(Q/N)` of Schneider et al. (2011): the
/// mean of a removal curve, i.e. the area under it. 0 for an empty curve.
pub fn robustness_index(curve: &[f64]) -> f64 {
    if curve.is_empty() {
        return 0.0;
    }
    curve.iter().sum::<f64>() / curve.len() as f64
}

/// Attack order: nodes by descending degree, ties broken by ascending node id.
///
/// Degrees are those of the intact graph and are not recomputed as nodes are removed
/// (a static, not adaptive, attack). Built by counting sort in O(n + max degree).
pub fn targeted_order(g: &Csr) -> Vec<u32> {
    let n = g.node_count() as u32;
    let max_degree = (0..n).map(|v| g.degree(v)).max().unwrap_or(0);
    // `slot[d]`: first position for nodes of degree d, i.e. the count of higher degrees.
    let mut slot = vec![0usize; max_degree + 2];
    for v in 0..n {
        slot[max_degree - g.degree(v) + 1] += 1;
    }
    for rank in 1..slot.len() {
        slot[rank] += slot[rank - 1];
    }
    let mut order = vec![0u32; n as usize];
    // Visiting nodes in ascending id keeps each degree class in ascending id.
    for v in 0..n {
        let next = &mut slot[max_degree - g.degree(v)];
        order[*next] = v;
        *next += 1;
    }
    order
}

/// True when `order` holds each of `0..n` exactly once (used in debug checks).
fn is_permutation(order: &[u32], n: usize) -> bool {
    let mut seen = vec![false; n];
    order.len() == n
        && order
            .iter()
            .all(|&v| (v as usize) < n && !std::mem::replace(&mut seen[v as usize], true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_support::{bfs_largest, random_graph, random_order, seeded};
    use rand::Rng;

    /// The curve by definition: remove nodes one at a time and search for components
    /// after every removal.
    fn brute_force_curve(g: &Csr, order: &[u32]) -> Vec<f64> {
        let n = g.node_count();
        let mut present = vec![true; n];
        order
            .iter()
            .map(|&v| {
                present[v as usize] = false;
                bfs_largest(g, &present) as f64 / n as f64
            })
            .collect()
    }

    fn star(n: u32) -> Csr {
        let spokes: Vec<_> = (1..n).map(|leaf| (0, leaf)).collect();
        Csr::from_edges(n as usize, &spokes)
    }

    #[test]
    fn empty_graph_gives_empty_curve() {
        let g = Csr::from_edges(0, &[]);
        assert!(removal_curve(&g, &[]).is_empty());
        assert_eq!(robustness_index(&[]), 0.0);
        assert!(targeted_order(&g).is_empty());
    }

    #[test]
    fn star_falls_apart_when_the_hub_goes_first() {
        let g = star(5);
        let order = targeted_order(&g);
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
        let curve = removal_curve(&g, &order);
        assert_eq!(curve, vec![0.2, 0.2, 0.2, 0.2, 0.0]);
        assert!((robustness_index(&curve) - 0.16).abs() < 1e-12);
    }

    #[test]
    fn star_survives_leaves_going_first() {
        let g = star(5);
        let curve = removal_curve(&g, &[4, 3, 2, 1, 0]);
        assert_eq!(curve, vec![0.8, 0.6, 0.4, 0.2, 0.0]);
    }

    #[test]
    fn path_cut_in_the_middle() {
        // 0-1-2-3-4; removing 2 leaves {0,1} and {3,4}; then 0 leaves {3,4};
        // then 1 leaves {3,4}; then 3 leaves {4}; then nothing.
        let g = Csr::from_edges(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let curve = removal_curve(&g, &[2, 0, 1, 3, 4]);
        assert_eq!(curve, vec![0.4, 0.4, 0.4, 0.2, 0.0]);
        assert!((robustness_index(&curve) - 0.28).abs() < 1e-12);
        // Inner nodes have degree 2, ends degree 1.
        assert_eq!(targeted_order(&g), vec![1, 2, 3, 0, 4]);
    }

    #[test]
    fn matches_brute_force_on_random_graphs() {
        let mut rng = seeded(5);
        for _ in 0..1000 {
            let (n, mut edges) = random_graph(&mut rng, 20);
            // Cut to at most 2n edges, to cover graphs near the percolation threshold.
            let budget = rng.gen_range(0..=2 * n);
            edges.truncate(budget);
            let g = Csr::from_edges(n, &edges);
            let order = random_order(&mut rng, n);
            let curve = removal_curve(&g, &order);
            assert_eq!(curve, brute_force_curve(&g, &order), "edges {edges:?}");
            let attack = targeted_order(&g);
            assert_eq!(removal_curve(&g, &attack), brute_force_curve(&g, &attack));
        }
    }

    #[test]
    fn targeted_order_matches_a_comparison_sort() {
        let mut rng = seeded(6);
        for _ in 0..300 {
            let (n, edges) = random_graph(&mut rng, 20);
            let g = Csr::from_edges(n, &edges);
            let mut expected: Vec<u32> = (0..n as u32).collect();
            expected.sort_by_key(|&v| (std::cmp::Reverse(g.degree(v)), v));
            assert_eq!(targeted_order(&g), expected);
        }
    }
}
