//! Sobol' indices from the outputs of a Saltelli design (`design::saltelli`): first-order
//! S1 by Saltelli et al. (2010), total ST by Jansen (1999), each with a 95% bootstrap
//! interval over the design's base rows.
//!
//! With f(A), f(B) and f(AB_i) the outputs at the rows of one block, over the N blocks:
//! - V = the variance of the 2N outputs f(A) and f(B) together;
//! - S1_i = mean(f(B) * (f(AB_i) - f(A))) / V (Saltelli 2010, table 2 (b));
//! - ST_i = mean((f(A) - f(AB_i))^2) / (2 V) (Jansen 1999; Saltelli 2010, table 2 (f)).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{percentile_interval, variance, BOOTSTRAP_RESAMPLES};

/// One parameter's indices; `None` where the outputs do not vary (no variance to share).
#[derive(Clone, Debug, PartialEq)]
pub struct SobolIndices {
    pub s1: Option<f64>,
    pub s1_interval: Option<(f64, f64)>,
    pub st: Option<f64>,
    pub st_interval: Option<(f64, f64)>,
}

/// The indices of the `k` parameters from `outputs`, one per row of a Saltelli design of
/// N blocks of k + 2 rows, in its order. The bootstrap draws its resamples of blocks from
/// a generator seeded with `seed`.
pub fn indices(outputs: &[f64], k: usize, seed: u64) -> Vec<SobolIndices> {
    let width = k + 2;
    let blocks: Vec<&[f64]> = outputs.chunks_exact(width).collect();
    let estimate = |chosen: &[usize]| -> Vec<(Option<f64>, Option<f64>)> {
        let total = variance(
            chosen
                .iter()
                .flat_map(|&j| [blocks[j][0], blocks[j][width - 1]]),
        )
        .filter(|v| *v > 0.0);
        (0..k)
            .map(|i| {
                let Some(total) = total else {
                    return (None, None);
                };
                let n = chosen.len() as f64;
                let (mut first, mut whole) = (0.0, 0.0);
                for &j in chosen {
                    let (a, ab, b) = (blocks[j][0], blocks[j][1 + i], blocks[j][width - 1]);
                    first += b * (ab - a);
                    whole += (a - ab) * (a - ab);
                }
                (Some(first / n / total), Some(whole / (2.0 * n) / total))
            })
            .collect()
    };
    let all: Vec<usize> = (0..blocks.len()).collect();
    let point = estimate(&all);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut s1_draws = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k];
    let mut st_draws = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k];
    if !blocks.is_empty() {
        for _ in 0..BOOTSTRAP_RESAMPLES {
            let chosen: Vec<usize> = (0..blocks.len())
                .map(|_| rng.gen_range(0..blocks.len()))
                .collect();
            for (i, (s1, st)) in estimate(&chosen).into_iter().enumerate() {
                s1_draws[i].extend(s1);
                st_draws[i].extend(st);
            }
        }
    }
    point
        .into_iter()
        .enumerate()
        .map(|(i, (s1, st))| SobolIndices {
            s1,
            s1_interval: s1.and(percentile_interval(&mut s1_draws[i])),
            st,
            st_interval: st.and(percentile_interval(&mut st_draws[i])),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::design::saltelli;

    fn outputs(n: usize, k: usize, seed: u64, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        saltelli(n, k, &mut rng).iter().map(|x| f(x)).collect()
    }

    /// Ishigami's function on [-pi, pi]^3 with a = 7, b = 0.1.
    fn ishigami(x: &[f64]) -> f64 {
        let pi = std::f64::consts::PI;
        let [x1, x2, x3] = [0, 1, 2].map(|i| -pi + 2.0 * pi * x[i]);
        x1.sin() + 7.0 * x2.sin().powi(2) + 0.1 * x3.powi(4) * x1.sin()
    }

    fn assert_near(estimated: Option<f64>, expected: f64, tolerance: f64, what: &str) {
        let estimated = estimated.unwrap_or(f64::NAN);
        assert!(
            (estimated - expected).abs() < tolerance,
            "{what}: estimated {estimated}, analytic {expected}"
        );
    }

    #[test]
    fn ishigami_indices_match_the_analytic_ones() {
        let found = indices(&outputs(20_000, 3, 1, ishigami), 3, 7);
        let s1 = [0.3139, 0.4424, 0.0];
        let st = [0.5576, 0.4424, 0.2437];
        for i in 0..3 {
            assert_near(found[i].s1, s1[i], 0.03, &format!("S1 of x{}", i + 1));
            assert_near(found[i].st, st[i], 0.03, &format!("ST of x{}", i + 1));
            let (low, high) = found[i].st_interval.unwrap();
            assert!(low <= found[i].st.unwrap() && found[i].st.unwrap() <= high);
            assert!(high - low < 0.1, "ST interval of x{} too wide", i + 1);
        }
        // x3 acts only through its interaction with x1: no first-order share, a total one.
        assert!(found[2].st.unwrap() - found[2].s1.unwrap() > 0.2);
    }

    /// Sobol's G function: prod (|4x - 2| + a_i) / (1 + a_i). With V_i = 1 / (3 (1 + a_i)^2),
    /// V = prod(1 + V_i) - 1, S1_i = V_i / V and ST_i = V_i prod_{j != i} (1 + V_j) / V.
    #[test]
    fn g_function_indices_match_the_analytic_ones() {
        let a = [0.0, 1.0, 4.5, 9.0, 99.0];
        let g = |x: &[f64]| {
            x.iter()
                .zip(a)
                .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                .product::<f64>()
        };
        let partial: Vec<f64> = a
            .iter()
            .map(|a| 1.0 / (3.0 * (1.0 + a) * (1.0 + a)))
            .collect();
        let total_variance = partial.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
        let found = indices(&outputs(20_000, 5, 2, g), 5, 9);
        for i in 0..5 {
            let others: f64 = (0..5)
                .filter(|&j| j != i)
                .map(|j| 1.0 + partial[j])
                .product();
            assert_near(
                found[i].s1,
                partial[i] / total_variance,
                0.03,
                &format!("S1 of x{i}"),
            );
            assert_near(
                found[i].st,
                partial[i] * others / total_variance,
                0.03,
                &format!("ST of x{i}"),
            );
        }
    }

    #[test]
    fn constant_outputs_have_no_indices_and_the_bootstrap_is_reproducible() {
        let flat = indices(&[1.0; 5 * 4], 3, 1);
        assert!(flat
            .iter()
            .all(|s| s.s1.is_none() && s.st_interval.is_none()));
        let y = outputs(200, 3, 3, ishigami);
        assert_eq!(indices(&y, 3, 11), indices(&y, 3, 11));
        assert_ne!(
            indices(&y, 3, 11)[0].s1_interval,
            indices(&y, 3, 12)[0].s1_interval
        );
    }
}
