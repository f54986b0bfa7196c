//! Designs in the unit hypercube [0, 1)^k: each point a row of k coordinates, which a
//! sweep maps onto its parameters' ranges.

use rand::seq::SliceRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A Latin hypercube of `n` points: each coordinate's n strata [j/n, (j+1)/n) hold one
/// point each, at a uniform place within the stratum, the strata of each coordinate in an
/// independent random order.
pub fn latin_hypercube(n: usize, k: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; k]; n];
    for coordinate in 0..k {
        let mut strata: Vec<usize> = (0..n).collect();
        strata.shuffle(rng);
        for (point, stratum) in points.iter_mut().zip(strata) {
            point[coordinate] = (stratum as f64 + rng.gen::<f64>()) / n as f64;
        }
    }
    points
}

/// Saltelli's scheme for first-order and total indices: two independent uniform matrices
/// A and B of `n` rows, and for each parameter i the matrix AB_i (A with column i from B).
/// Rows come in blocks of k + 2, one block per base row j: A_j, AB_1j, ..., AB_kj, B_j
/// (the order SALib's `saltelli.sample` uses without second-order indices), n * (k + 2)
/// rows in all.
pub fn saltelli(n: usize, k: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let mut rows = Vec::with_capacity(n * (k + 2));
    for _ in 0..n {
        let a: Vec<f64> = (0..k).map(|_| rng.gen()).collect();
        let b: Vec<f64> = (0..k).map(|_| rng.gen()).collect();
        rows.push(a.clone());
        for i in 0..k {
            let mut ab = a.clone();
            ab[i] = b[i];
            rows.push(ab);
        }
        rows.push(b);
    }
    rows
}

/// The step of a Morris design on `levels` levels: p / (2 (p - 1)), so that a step
/// joins level l to level l + p/2 and every level is reached equally often.
pub fn morris_step(levels: usize) -> f64 {
    levels as f64 / (2.0 * (levels as f64 - 1.0))
}

/// `trajectories` Morris trajectories of k + 1 points on the grid {0, 1/(p-1), ..., 1}
/// (`levels` = p, even): each starts at a random grid point and moves one parameter at a
/// time, in a random order, by the step up or down, so that consecutive points differ in
/// exactly one coordinate. Rows are the trajectories' points in order, r * (k + 1) in all.
pub fn morris(trajectories: usize, k: usize, levels: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let step = morris_step(levels);
    let grid = (levels - 1) as f64;
    let mut rows = Vec::with_capacity(trajectories * (k + 1));
    for _ in 0..trajectories {
        // Each coordinate moves between a low level (in the lower half) and that level
        // plus the step; it starts at either end.
        let mut low_high: Vec<(f64, f64)> = Vec::with_capacity(k);
        let mut point = Vec::with_capacity(k);
        for _ in 0..k {
            let low = rng.gen_range(0..levels / 2) as f64 / grid;
            let up: bool = rng.gen();
            low_high.push((low, low + step));
            point.push(if up { low } else { low + step });
        }
        let mut order: Vec<usize> = (0..k).collect();
        order.shuffle(rng);
        rows.push(point.clone());
        for i in order {
            let (low, high) = low_high[i];
            point[i] = if point[i] == low { high } else { low };
            rows.push(point.clone());
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_latin_hypercube_has_one_point_in_each_stratum_of_each_coordinate() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let points = latin_hypercube(20, 3, &mut rng);
        for c in 0..3 {
            let mut strata: Vec<usize> = points.iter().map(|p| (p[c] * 20.0) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..20).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_saltelli_block_changes_one_column_of_a_toward_b() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let rows = saltelli(5, 3, &mut rng);
        assert_eq!(rows.len(), 5 * 5);
        for block in rows.chunks(5) {
            let (a, b) = (&block[0], &block[4]);
            for i in 0..3 {
                for c in 0..3 {
                    let expected = if c == i { b[c] } else { a[c] };
                    assert_eq!(block[1 + i][c], expected);
                }
            }
        }
    }

    #[test]
    fn a_morris_trajectory_moves_one_coordinate_by_the_step_at_a_time() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let levels = 4;
        let rows = morris(6, 3, levels, &mut rng);
        assert_eq!(rows.len(), 6 * 4);
        let step = morris_step(levels);
        for trajectory in rows.chunks(4) {
            let mut moved = Vec::new();
            for pair in trajectory.windows(2) {
                let changed: Vec<usize> = (0..3).filter(|&c| pair[0][c] != pair[1][c]).collect();
                assert_eq!(changed.len(), 1);
                let c = changed[0];
                assert!(((pair[1][c] - pair[0][c]).abs() - step).abs() < 1e-12);
                moved.push(c);
            }
            moved.sort();
            assert_eq!(moved, [0, 1, 2]);
            for x in trajectory.iter().flatten() {
                let level = x * (levels - 1) as f64;
                assert!((level - level.round()).abs() < 1e-9 && (0.0..=1.0).contains(x));
            }
        }
    }
}
