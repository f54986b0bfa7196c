//! A deterministic force-directed layout (Fruchterman & Reingold 1991) for the network
//! picture.
//!
//! Nodes repel each other with force k²/d, tied nodes attract with d²/k, and a weak
//! gravity toward the centre keeps isolated members and small components in view.
//! Positions start where the caller says (the same resident's place in an earlier
//! picture) or at random from a ChaCha8 generator seeded by the caller, and move for a
//! fixed number of iterations under a temperature that falls linearly to zero. Every
//! floating-point operation runs in a fixed order, so a layout is the same on every run.
//! The cost is O(n²) per iteration, so a graph larger than `MAX_NODES` is cut to its
//! `MAX_NODES` best-connected nodes by the caller (`keep_best_connected`).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Nodes laid out at most; beyond this the picture shows the best-connected.
pub const MAX_NODES: usize = 1500;
const ITERATIONS: usize = 300;
/// Starting temperature: the largest step, as a share of the unit square.
const START_TEMPERATURE: f64 = 0.08;
/// Pull toward the centre, per unit of distance.
const GRAVITY: f64 = 2.0;

/// Positions in the unit square of `n` nodes joined by `edges` (pairs of node indices).
/// `start(i)` gives a starting position for node `i`, if it has one.
pub fn layout(
    n: usize,
    edges: &[(usize, usize)],
    start: impl Fn(usize) -> Option<(f64, f64)>,
    seed: [u8; 32],
) -> Vec<(f64, f64)> {
    let mut rng = ChaCha8Rng::from_seed(seed);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            // Draw for every node, so that a node's random start does not depend on
            // whether earlier nodes had a place.
            let random = (rng.gen::<f64>(), rng.gen::<f64>());
            start(i).unwrap_or(random)
        })
        .collect();
    if n < 2 {
        return pos.iter().map(|_| (0.5, 0.5)).collect();
    }
    let k = (1.0 / n as f64).sqrt();
    let k2 = k * k;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for iteration in 0..ITERATIONS {
        let temperature = START_TEMPERATURE * (1.0 - iteration as f64 / ITERATIONS as f64);
        disp.fill((0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (mut dx, mut dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-18 {
                    // Two nodes on one spot: push them apart along a fixed direction.
                    dx = 1e-6 * (1 + (i + j) % 7) as f64;
                    dy = 1e-6 * (1 + (i * 3 + j) % 5) as f64;
                    d2 = dx * dx + dy * dy;
                }
                // (dx, dy)/d · k²/d
                let f = k2 / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b) in edges {
            if a == b {
                continue;
            }
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt();
            // (dx, dy)/d · d²/k
            let f = d / k;
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        for i in 0..n {
            disp[i].0 -= GRAVITY * (pos[i].0 - 0.5);
            disp[i].1 -= GRAVITY * (pos[i].1 - 0.5);
            let length = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if length > 0.0 {
                let step = length.min(temperature) / length;
                pos[i].0 += disp[i].0 * step;
                pos[i].1 += disp[i].1 * step;
            }
        }
    }
    normalize(&mut pos);
    pos
}

/// Scales and centres positions into the unit square, keeping their aspect ratio.
fn normalize(pos: &mut [(f64, f64)]) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in pos.iter() {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    let span = (x1 - x0).max(y1 - y0);
    if span <= 0.0 {
        pos.iter_mut().for_each(|p| *p = (0.5, 0.5));
        return;
    }
    let (ox, oy) = ((span - (x1 - x0)) / 2.0, (span - (y1 - y0)) / 2.0);
    for p in pos.iter_mut() {
        *p = ((p.0 - x0 + ox) / span, (p.1 - y0 + oy) / span);
    }
}

/// Indices of the `limit` nodes of highest degree (ties by lower index), in ascending
/// index; all of them when there are no more than `limit`.
pub fn keep_best_connected(n: usize, edges: &[(usize, usize)], limit: usize) -> Vec<usize> {
    if n <= limit {
        return (0..n).collect();
    }
    let mut degree = vec![0usize; n];
    for &(a, b) in edges {
        degree[a] += 1;
        degree[b] += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| degree[b].cmp(&degree[a]).then(a.cmp(&b)));
    order.truncate(limit);
    order.sort_unstable();
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    #[test]
    fn the_same_seed_gives_the_same_layout() {
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4)];
        let a = layout(6, &edges, |_| None, [7; 32]);
        let b = layout(6, &edges, |_| None, [7; 32]);
        assert_eq!(a, b);
        assert_ne!(a, layout(6, &edges, |_| None, [8; 32]));
        assert!(a
            .iter()
            .all(|&(x, y)| (0.0..=1.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }

    #[test]
    fn tied_nodes_end_closer_than_untied_ones() {
        // Two triangles joined by nothing: within a triangle nodes sit closer together
        // than across triangles.
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)];
        let p = layout(6, &edges, |_| None, [1; 32]);
        let within = distance(p[0], p[1]).max(distance(p[3], p[4]));
        let across = distance(p[0], p[3]).min(distance(p[1], p[5]));
        assert!(within < across, "within {within}, across {across}");
    }

    #[test]
    fn a_star_puts_its_hub_in_the_middle() {
        let edges: Vec<(usize, usize)> = (1..12).map(|i| (0, i)).collect();
        let p = layout(12, &edges, |_| None, [3; 32]);
        let centre = p[1..]
            .iter()
            .fold((0.0, 0.0), |c, q| (c.0 + q.0 / 11.0, c.1 + q.1 / 11.0));
        let spoke = p[1..]
            .iter()
            .map(|&q| distance(q, centre))
            .fold(f64::MAX, f64::min);
        assert!(
            distance(p[0], centre) < spoke,
            "the hub is nearer the centre than any spoke"
        );
    }

    #[test]
    fn large_graphs_keep_their_best_connected_nodes() {
        let edges = [(0, 3), (1, 3), (2, 3), (1, 2)];
        assert_eq!(keep_best_connected(5, &edges, 2), vec![1, 3]);
        assert_eq!(keep_best_connected(3, &[], 5), vec![0, 1, 2]);
    }
}
