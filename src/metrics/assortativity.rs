//! Assortative mixing by a numeric node value.

/// Newman's assortativity coefficient for a numeric node value (Newman 2003, "Mixing
/// patterns in networks", Phys. Rev. E 67:026126, eq. 21): the Pearson correlation of the
/// values at the two ends of an edge, with each undirected edge counted in both directions
/// so the coefficient is symmetric. This is what NetworkX's
/// `numeric_assortativity_coefficient` computes for an undirected graph.
///
/// `None` when the coefficient is undefined: no edges, or every edge end has the same
/// value. Computed in two passes (mean first, then centred sums) for numerical stability,
/// summing in the given edge order so the result is reproducible.
pub fn numeric_assortativity(edges: &[(u32, u32)], value: impl Fn(u32) -> f64) -> Option<f64> {
    if edges.is_empty() {
        return None;
    }
    let (mut sum, mut min, mut max) = (0.0, f64::INFINITY, f64::NEG_INFINITY);
    for &(u, v) in edges {
        for x in [value(u), value(v)] {
            debug_assert!(x.is_finite(), "non-finite value {x}");
            sum += x;
            min = min.min(x);
            max = max.max(x);
        }
    }
    // Tested exactly rather than by a zero sum of squares: a rounded mean of identical
    // values leaves tiny equal deviations that would otherwise correlate perfectly.
    if min == max {
        return None;
    }
    let mean = sum / (2 * edges.len()) as f64;

    // Both directions share one distribution of end values, so the two variances are
    // equal: r = Σ 2·dx·dy / Σ (dx² + dy²) over edges, with d the deviation from the mean.
    let (mut covariance, mut variance) = (0.0, 0.0);
    for &(u, v) in edges {
        let (dx, dy) = (value(u) - mean, value(v) - mean);
        covariance += 2.0 * dx * dy;
        variance += dx * dx + dy * dy;
    }
    // |r| <= 1 holds exactly (2xy <= x² + y²); clamp away rounding beyond it.
    Some((covariance / variance).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_support::{random_graph, seeded};
    use rand::Rng;

    /// Pearson correlation of the 2m (x, y) pairs, written out the textbook way.
    fn naive_pearson(edges: &[(u32, u32)], values: &[f64]) -> Option<f64> {
        let pairs: Vec<(f64, f64)> = edges
            .iter()
            .flat_map(|&(u, v)| {
                let (a, b) = (values[u as usize], values[v as usize]);
                [(a, b), (b, a)]
            })
            .collect();
        let count = pairs.len() as f64;
        let mean_x = pairs.iter().map(|p| p.0).sum::<f64>() / count;
        let mean_y = pairs.iter().map(|p| p.1).sum::<f64>() / count;
        let cov: f64 = pairs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
        let var_x: f64 = pairs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
        let var_y: f64 = pairs.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
        (var_x > 0.0 && var_y > 0.0).then(|| cov / (var_x * var_y).sqrt())
    }

    #[test]
    fn undefined_without_edges_or_variance() {
        assert_eq!(numeric_assortativity(&[], |_| 1.0), None);
        assert_eq!(numeric_assortativity(&[(0, 1), (1, 2)], |_| 0.1), None);
    }

    #[test]
    fn like_linked_to_like_is_perfectly_assortative() {
        let values = [0.0, 0.0, 1.0, 1.0, 1.0];
        let edges = [(0, 1), (2, 3), (3, 4), (2, 4)];
        let r = numeric_assortativity(&edges, |v| values[v as usize]);
        assert!((r.unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn star_with_distinct_hub_is_perfectly_disassortative() {
        let edges = [(0, 1), (0, 2), (0, 3), (0, 4)];
        let r = numeric_assortativity(&edges, |v| if v == 0 { 1.0 } else { 0.0 });
        assert!((r.unwrap() + 1.0).abs() < 1e-12);
    }

    #[test]
    fn square_with_two_sides_of_each_kind_is_neutral() {
        // Cycle 0-1-2-3-0 with values [0, 0, 1, 1]. The 8 directed pairs are
        // (0,0)×2 from 0-1, (1,1)×2 from 2-3, and (0,1), (1,0) twice from 1-2 and 0-3.
        // Mean 0.5 and every deviation ±0.5, so each pair contributes ±0.25 to the
        // covariance: 4 × 0.25 − 4 × 0.25 = 0, hence r = 0.
        let values = [0.0, 0.0, 1.0, 1.0];
        let edges = [(0, 1), (1, 2), (2, 3), (0, 3)];
        let r = numeric_assortativity(&edges, |v| values[v as usize]);
        assert!(r.unwrap().abs() < 1e-12);
    }

    #[test]
    fn path_with_increasing_values() {
        // Path 0-1-2 with values [1, 2, 3]: pairs (1,2),(2,1),(2,3),(3,2); mean 2,
        // deviations (-1,0),(0,-1),(0,1),(1,0): covariance 0, so r = 0.
        let r = numeric_assortativity(&[(0, 1), (1, 2)], |v| f64::from(v) + 1.0);
        assert!(r.unwrap().abs() < 1e-12);
        // Path 0-1-2-3 with values [0, 1, 1, 0]: the middle edge joins like to like,
        // the outer ones unlike. The six end values are 0,1 | 1,1 | 1,0, mean 2/3, so
        // deviations are −2/3 for a 0 and 1/3 for a 1. Covariance:
        // 2·(−2/9) + 2·(1/9) + 2·(−2/9) = −2/3; variance 2·(4/9) + 4·(1/9) = 4/3;
        // r = −1/2.
        let values = [0.0, 1.0, 1.0, 0.0];
        let r = numeric_assortativity(&[(0, 1), (1, 2), (2, 3)], |v| values[v as usize]);
        assert!((r.unwrap() + 0.5).abs() < 1e-12);
    }

    #[test]
    fn edge_direction_does_not_matter() {
        let values = [0.3, 1.7, -2.0, 4.5];
        let forward = numeric_assortativity(&[(0, 1), (1, 2), (2, 3)], |v| values[v as usize]);
        let backward = numeric_assortativity(&[(1, 0), (2, 1), (3, 2)], |v| values[v as usize]);
        assert!((forward.unwrap() - backward.unwrap()).abs() < 1e-12);
    }

    #[test]
    fn matches_naive_pearson_on_random_graphs() {
        let mut rng = seeded(7);
        let mut defined = 0;
        for _ in 0..1000 {
            let (n, edges) = random_graph(&mut rng, 15);
            // Few distinct values, so ties and constant cases both occur.
            let values: Vec<f64> = (0..n).map(|_| f64::from(rng.gen_range(0..4u8))).collect();
            let fast = numeric_assortativity(&edges, |v| values[v as usize]);
            let naive = naive_pearson(&edges, &values);
            match (fast, naive) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() < 1e-9, "{a} vs {b}");
                    defined += 1;
                }
                (a, b) => assert_eq!(a, b, "edges {edges:?}, values {values:?}"),
            }
        }
        assert!(defined > 500, "too few defined cases: {defined}");
    }
}
