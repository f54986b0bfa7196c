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
    let mut repulsion = Repulsion::new(n);
    for iteration in 0..ITERATIONS {
        let temperature = START_TEMPERATURE * (1.0 - iteration as f64 / ITERATIONS as f64);
        repulsion.push_apart(&pos, k2, &mut disp);
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

/// The repulsion of every pair `i < j`, taken in the plain order: for each `i`, each
/// later `j` in turn adds its push to `disp[i]` and takes it from `disp[j]`.
#[cfg(test)]
fn push_apart_plainly(pos: &[(f64, f64)], k2: f64, disp: &mut [(f64, f64)]) {
    let n = pos.len();
    disp.fill((0.0, 0.0));
    for i in 0..n {
        for j in i + 1..n {
            let (dx, dy, f) = push(pos[i], pos[j], i, j, k2);
            disp[i].0 += dx * f;
            disp[i].1 += dy * f;
            disp[j].0 -= dx * f;
            disp[j].1 -= dy * f;
        }
    }
}

/// The offset from node `j` at `q` to node `i` at `p` and the factor k²/d² of their push
/// (k²/d along the unit vector).
#[inline(always)]
fn push(p: (f64, f64), q: (f64, f64), i: usize, j: usize, k2: f64) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (p.0 - q.0, p.1 - q.1);
    let mut d2 = dx * dx + dy * dy;
    if d2 < SAME_SPOT {
        // Two nodes on one spot: push them apart along a fixed direction.
        dx = 1e-6 * (1 + (i + j) % 7) as f64;
        dy = 1e-6 * (1 + (i * 3 + j) % 5) as f64;
        d2 = dx * dx + dy * dy;
    }
    (dx, dy, k2 / d2)
}

/// Squared distance below which two nodes count as on one spot.
const SAME_SPOT: f64 = 1e-18;

/// Pairs whose pushes are worked out side by side.
const BLOCK: usize = 8;

/// The repulsion pass, with the positions and displacements as separate arrays of x and
/// of y and the pushes on `i` worked out `BLOCK` partners at a time, which the compiler
/// turns into vector instructions. Each displacement still adds its pushes one by one in
/// the plain order, so the result is the plain pass's to the bit (a test checks it).
struct Repulsion {
    x: Vec<f64>,
    y: Vec<f64>,
    dx: Vec<f64>,
    dy: Vec<f64>,
}

impl Repulsion {
    fn new(n: usize) -> Repulsion {
        Repulsion {
            x: vec![0.0; n],
            y: vec![0.0; n],
            dx: vec![0.0; n],
            dy: vec![0.0; n],
        }
    }

    /// Sets `disp` to the repulsion of every pair of nodes at `pos`.
    fn push_apart(&mut self, pos: &[(f64, f64)], k2: f64, disp: &mut [(f64, f64)]) {
        let n = pos.len();
        for (i, &(x, y)) in pos.iter().enumerate() {
            (self.x[i], self.y[i]) = (x, y);
        }
        self.dx.fill(0.0);
        self.dy.fill(0.0);
        for i in 0..n {
            let p = (self.x[i], self.y[i]);
            // `disp[i]` so far holds the pushes of the nodes before `i`; those of the nodes
            // after it are added in order.
            let (mut sum_x, mut sum_y) = (self.dx[i], self.dy[i]);
            let mut j = i + 1;
            while j + BLOCK <= n {
                let (xs, ys) = (&self.x[j..j + BLOCK], &self.y[j..j + BLOCK]);
                let mut tx = [0.0; BLOCK];
                let mut ty = [0.0; BLOCK];
                let mut near = false;
                for b in 0..BLOCK {
                    let (dx, dy) = (p.0 - xs[b], p.1 - ys[b]);
                    let d2 = dx * dx + dy * dy;
                    near |= d2 < SAME_SPOT;
                    let f = k2 / d2;
                    (tx[b], ty[b]) = (dx * f, dy * f);
                }
                if near {
                    for b in 0..BLOCK {
                        let (dx, dy, f) = push(p, (xs[b], ys[b]), i, j + b, k2);
                        (tx[b], ty[b]) = (dx * f, dy * f);
                    }
                }
                for b in 0..BLOCK {
                    sum_x += tx[b];
                    sum_y += ty[b];
                }
                for (d, t) in self.dx[j..j + BLOCK].iter_mut().zip(&tx) {
                    *d -= t;
                }
                for (d, t) in self.dy[j..j + BLOCK].iter_mut().zip(&ty) {
                    *d -= t;
                }
                j += BLOCK;
            }
            for j in j..n {
                let (dx, dy, f) = push(p, (self.x[j], self.y[j]), i, j, k2);
                sum_x += dx * f;
                sum_y += dy * f;
                self.dx[j] -= dx * f;
                self.dy[j] -= dy * f;
            }
            (self.dx[i], self.dy[i]) = (sum_x, sum_y);
        }
        for (d, (&x, &y)) in disp.iter_mut().zip(self.dx.iter().zip(&self.dy)) {
            *d = (x, y);
        }
    }
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
    fn the_repulsion_in_blocks_is_the_plain_repulsion_to_the_bit() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for n in [0, 1, 2, 7, 8, 9, 17, 40, 131] {
            let mut pos: Vec<(f64, f64)> = (0..n).map(|_| (rng.gen(), rng.gen())).collect();
            // Nodes on one spot, inside a block and in the tail.
            if n > 20 {
                pos[12] = pos[3];
                pos[n - 1] = pos[n - 2];
            }
            let k2 = 1.0 / n.max(1) as f64;
            let mut plain = vec![(0.0, 0.0); n];
            push_apart_plainly(&pos, k2, &mut plain);
            let mut blocked = vec![(9.0, 9.0); n];
            Repulsion::new(n).push_apart(&pos, k2, &mut blocked);
            let bits = |d: &[(f64, f64)]| -> Vec<(u64, u64)> {
                d.iter().map(|p| (p.0.to_bits(), p.1.to_bits())).collect()
            };
            assert_eq!(bits(&blocked), bits(&plain), "{n} nodes");
        }
    }

    #[test]
    fn large_graphs_keep_their_best_connected_nodes() {
        let edges = [(0, 3), (1, 3), (2, 3), (1, 2)];
        assert_eq!(keep_best_connected(5, &edges, 2), vec![1, 3]);
        assert_eq!(keep_best_connected(3, &[], 5), vec![0, 1, 2]);
    }
}
