//! Random small graphs and a breadth-first reference used by the unit tests.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::graph::Csr;

/// A seeded generator, so every test run sees the same graphs.
pub fn seeded(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// An Erdős–Rényi graph with a random size in `0..=max_nodes` and a random density, with
/// its edges shuffled and randomly oriented so builders cannot rely on input order.
pub fn random_graph(rng: &mut ChaCha8Rng, max_nodes: usize) -> (usize, Vec<(u32, u32)>) {
    let n = rng.gen_range(0..=max_nodes);
    let p: f64 = rng.gen();
    let mut edges = Vec::new();
    for u in 0..n as u32 {
        for v in u + 1..n as u32 {
            if rng.gen_bool(p) {
                edges.push(if rng.gen() { (u, v) } else { (v, u) });
            }
        }
    }
    edges.shuffle(rng);
    (n, edges)
}

/// A uniformly random permutation of `0..n`.
pub fn random_order(rng: &mut ChaCha8Rng, n: usize) -> Vec<u32> {
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(rng);
    order
}

/// Component label of each present node by breadth-first search, labels numbered in order
/// of each component's smallest node; absent nodes get `u32::MAX`.
pub fn bfs_labels(g: &Csr, present: &[bool]) -> Vec<u32> {
    let mut labels = vec![u32::MAX; g.node_count()];
    let mut next_label = 0;
    for start in 0..g.node_count() {
        if !present[start] || labels[start] != u32::MAX {
            continue;
        }
        labels[start] = next_label;
        let mut queue = std::collections::VecDeque::from([start as u32]);
        while let Some(v) = queue.pop_front() {
            for &w in g.neighbors(v) {
                if present[w as usize] && labels[w as usize] == u32::MAX {
                    labels[w as usize] = next_label;
                    queue.push_back(w);
                }
            }
        }
        next_label += 1;
    }
    labels
}

/// Size of the largest component among present nodes, by breadth-first search.
pub fn bfs_largest(g: &Csr, present: &[bool]) -> usize {
    let labels = bfs_labels(g, present);
    let mut sizes = vec![0usize; g.node_count()];
    for &label in labels.iter().filter(|&&l| l != u32::MAX) {
        sizes[label as usize] += 1;
    }
    sizes.into_iter().max().unwrap_or(0)
}
