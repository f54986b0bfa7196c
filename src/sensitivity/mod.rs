//! Global sensitivity analysis: the designs that place points in the unit hypercube
//! (`design`) and the estimators that turn a model's outputs at those points into indices
//! (`sobol`, `morris`). Pure numerics: nothing here knows the model, so that the
//! estimators can be checked on functions whose indices are known analytically.
//!
//! Every random draw comes from a `ChaCha8Rng` seeded by the caller, so a design and the
//! bootstrap intervals of an analysis are the same on every machine.

pub mod design;
pub mod morris;
pub mod sobol;

/// Bootstrap resamples behind every interval: enough that the 2.5% and 97.5% percentiles
/// are stable to about a hundredth of the interval's width.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// The 95% percentile interval of `values` (sorted here): the 2.5% and 97.5% order
/// statistics by nearest rank. `None` when no resample gave a value.
pub fn percentile_interval(values: &mut [f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
    Some((values[rank(0.025)], values[rank(0.975)]))
}

/// Population variance, or `None` for fewer than two values.
fn variance(values: impl Iterator<Item = f64> + Clone) -> Option<f64> {
    let n = values.clone().count();
    if n < 2 {
        return None;
    }
    let mean = values.clone().sum::<f64>() / n as f64;
    Some(values.map(|v| (v - mean) * (v - mean)).sum::<f64>() / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_takes_the_nearest_rank_percentiles() {
        let mut values: Vec<f64> = (1..=1000).rev().map(f64::from).collect();
        assert_eq!(percentile_interval(&mut values), Some((25.0, 975.0)));
        assert_eq!(percentile_interval(&mut []), None);
    }
}
