//! Morris' elementary effects (Morris 1991, with mu* of Campolongo et al. 2007) from the
//! outputs of a trajectory design (`design::morris`).
//!
//! Along a trajectory consecutive points differ in one parameter i, by delta in unit
//! scale; their elementary effect is EE_i = (f(x') - f(x)) / delta. Over the r
//! trajectories: mu* = mean |EE_i| (the overall influence, which ranks parameters),
//! mu = mean EE_i (its sign) and sigma = the standard deviation of EE_i (non-linearity
//! and interactions). mu* gets a 95% bootstrap interval over trajectories.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{percentile_interval, BOOTSTRAP_RESAMPLES};

#[derive(Clone, Debug, PartialEq)]
pub struct MorrisIndices {
    pub mu_star: Option<f64>,
    pub mu_star_interval: Option<(f64, f64)>,
    pub mu: Option<f64>,
    pub sigma: Option<f64>,
}

/// The indices of the `k` parameters from the `points` (unit-scale coordinates) of
/// trajectories of k + 1 points each, in order, and the `outputs` there. A step that moves
/// no coordinate, or more than one, gives no effect. The bootstrap resamples trajectories
/// with a generator seeded with `seed`.
pub fn indices(points: &[Vec<f64>], outputs: &[f64], k: usize, seed: u64) -> Vec<MorrisIndices> {
    // effects[t][i]: the elementary effect of parameter i in trajectory t.
    let effects: Vec<Vec<Option<f64>>> = points
        .chunks_exact(k + 1)
        .zip(outputs.chunks_exact(k + 1))
        .map(|(xs, ys)| {
            let mut found = vec![None; k];
            for s in 0..k {
                let moved: Vec<usize> = (0..k).filter(|&c| xs[s][c] != xs[s + 1][c]).collect();
                if let [i] = moved[..] {
                    let delta = xs[s + 1][i] - xs[s][i];
                    found[i] = Some((ys[s + 1] - ys[s]) / delta);
                }
            }
            found
        })
        .collect();
    let of = |i: usize, chosen: &[usize]| -> Vec<f64> {
        chosen.iter().filter_map(|&t| effects[t][i]).collect()
    };
    let mean = |v: &[f64]| (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    let mean_abs = |v: &[f64]| mean(&v.iter().map(|e| e.abs()).collect::<Vec<_>>());
    let all: Vec<usize> = (0..effects.len()).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draws = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k];
    if !effects.is_empty() {
        for _ in 0..BOOTSTRAP_RESAMPLES {
            let chosen: Vec<usize> = (0..effects.len())
                .map(|_| rng.gen_range(0..effects.len()))
                .collect();
            for (i, draw) in draws.iter_mut().enumerate() {
                draw.extend(mean_abs(&of(i, &chosen)));
            }
        }
    }
    (0..k)
        .map(|i| {
            let e = of(i, &all);
            let mu = mean(&e);
            let sigma = mu.filter(|_| e.len() > 1).map(|m| {
                (e.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (e.len() - 1) as f64).sqrt()
            });
            let mu_star = mean_abs(&e);
            MorrisIndices {
                mu_star,
                mu_star_interval: mu_star.and(percentile_interval(&mut draws[i])),
                mu,
                sigma,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sensitivity::design::morris;

    /// A function whose parameters matter in a known order: x0 strongly and linearly,
    /// x1 less and non-linearly, x2 through an interaction with x0 only, x3 not at all.
    fn ranked(x: &[f64]) -> f64 {
        10.0 * x[0] + 4.0 * (x[1] - 0.5).powi(2) * 8.0 + 2.0 * x[0] * x[2]
    }

    #[test]
    fn mu_star_ranks_the_parameters_as_the_function_uses_them() {
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        let points = morris(40, 4, 4, &mut rng);
        let outputs: Vec<f64> = points.iter().map(|x| ranked(x)).collect();
        let found = indices(&points, &outputs, 4, 1);
        let mu_star: Vec<f64> = found.iter().map(|m| m.mu_star.unwrap()).collect();
        assert!(mu_star[0] > mu_star[1] && mu_star[1] > mu_star[2] && mu_star[2] > mu_star[3]);
        assert_eq!(mu_star[3], 0.0);
        // x0's effect is 10 plus 2 x2 whatever the step: mu = mu*, little spread.
        assert!((found[0].mu.unwrap() - mu_star[0]).abs() < 1e-9);
        assert!(mu_star[0] > 10.0 && mu_star[0] < 12.0);
        // x1's effect changes sign across its range: mu near 0, sigma large.
        assert!(found[1].mu.unwrap().abs() < mu_star[1]);
        assert!(found[1].sigma.unwrap() > 1.0);
        let (low, high) = found[0].mu_star_interval.unwrap();
        assert!(low <= mu_star[0] && mu_star[0] <= high);
    }

    #[test]
    fn a_linear_function_has_its_slopes_as_effects() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let points = morris(5, 3, 6, &mut rng);
        let outputs: Vec<f64> = points.iter().map(|x| 3.0 * x[0] - 2.0 * x[1]).collect();
        let found = indices(&points, &outputs, 3, 1);
        assert!((found[0].mu.unwrap() - 3.0).abs() < 1e-9);
        assert!((found[1].mu.unwrap() + 2.0).abs() < 1e-9);
        assert!((found[1].mu_star.unwrap() - 2.0).abs() < 1e-9);
        assert!(found[0].sigma.unwrap() < 1e-9);
        assert_eq!(found[2].mu_star, Some(0.0));
    }
}
