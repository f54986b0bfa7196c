//! Means with Student-t confidence intervals.

/// A sample mean with its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Sample size.
    pub n: usize,
}

impl Interval {
    /// The interval with its ends clipped to the values the measure can take, `[low,
    /// high]`: a Student-t interval of a count near 0 reaches below it, which no run can.
    /// The mean is left as it is.
    pub fn within(self, (low, high): (f64, f64)) -> Interval {
        Interval {
            low: self.low.max(low),
            high: self.high.min(high),
            ..self
        }
    }
}

/// Two-sided 95% critical values `t_{0.975, df}` of Student's t distribution at the
/// degrees of freedom of the standard printed tables, to three decimals.
#[rustfmt::skip]
const T_975: [(u32, f64); 36] = [
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571),
    (6, 2.447), (7, 2.365), (8, 2.306), (9, 2.262), (10, 2.228),
    (11, 2.201), (12, 2.179), (13, 2.160), (14, 2.145), (15, 2.131),
    (16, 2.120), (17, 2.110), (18, 2.101), (19, 2.093), (20, 2.086),
    (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060),
    (26, 2.056), (27, 2.052), (28, 2.048), (29, 2.045), (30, 2.042),
    (40, 2.021), (50, 2.009), (60, 2.000), (80, 1.990), (100, 1.984), (120, 1.980),
];

/// The normal limit of `t_{0.975, df}` as `df → ∞`.
const Z_975: f64 = 1.960;

/// Student's t critical value `t_{0.975, df}` for a two-sided 95% interval, `df >= 1`.
///
/// Returns the table value for df 1..=30, 40, 50, 60, 80, 100 and 120. Between entries,
/// and beyond 120 towards the normal value 1.960 at infinity, it interpolates linearly in
/// `1/df`, the usual rule for t tables because t quantiles are nearly linear in `1/df`.
/// Checked against exact quantiles, the result is within 0.0005 for every df, no worse
/// than the three-decimal rounding of the table itself (e.g. df 35 gives 2.030 for 2.0301).
pub fn t_critical_975(df: usize) -> f64 {
    debug_assert!(df >= 1, "t needs at least one degree of freedom");
    let df = df.max(1);
    let above = T_975.partition_point(|&(table_df, _)| (table_df as usize) < df);
    let (upper_df, upper_t) = match T_975.get(above) {
        Some(&(table_df, t)) if table_df as usize == df => return t,
        Some(&(table_df, t)) => (1.0 / f64::from(table_df), t),
        None => (0.0, Z_975),
    };
    // `above > 0` here: df >= 1 is the first table entry, so it was returned exactly.
    let (lower_df, lower_t) = T_975[above - 1];
    let lower_df = 1.0 / f64::from(lower_df);
    let fraction = (lower_df - 1.0 / df as f64) / (lower_df - upper_df);
    lower_t + fraction * (upper_t - lower_t)
}

/// The mean of `values` with the 95% confidence interval `mean ± t_{0.975, n−1} · s/√n`,
/// `s` being the sample standard deviation (Student 1908). `None` for no values; a
/// single value gives the degenerate interval `[mean, mean]`. Sums run in the given
/// order, and the variance is taken about the mean in a second pass for stability.
pub fn mean_interval(values: &[f64]) -> Option<Interval> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let squares: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
    Some(interval_about(n, mean, squares))
}

/// The interval of `mean_interval` from `n` values whose mean is `mean` and whose sum of
/// squared deviations from it is `squares` (for a caller that makes the two passes itself).
pub fn interval_about(n: usize, mean: f64, squares: f64) -> Interval {
    if n <= 1 {
        return Interval {
            mean,
            low: mean,
            high: mean,
            n,
        };
    }
    let standard_error = (squares / (n - 1) as f64 / n as f64).sqrt();
    let half_width = t_critical_975(n - 1) * standard_error;
    Interval {
        mean,
        low: mean - half_width,
        high: mean + half_width,
        n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_clipped_to_the_possible_values() {
        let counts = mean_interval(&[0.0, 0.0, 0.0, 3.0]).expect("values");
        assert!(counts.low < 0.0, "the test needs an interval below 0");
        let clipped = counts.within((0.0, f64::INFINITY));
        assert_eq!(
            (clipped.low, clipped.high, clipped.mean),
            (0.0, counts.high, 0.75)
        );
        let share = Interval {
            mean: 0.9,
            low: 0.7,
            high: 1.1,
            n: 3,
        }
        .within((0.0, 1.0));
        assert_eq!((share.low, share.high), (0.7, 1.0));
    }

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() < tolerance
    }

    #[test]
    fn table_values_are_exact() {
        assert_eq!(t_critical_975(1), 12.706);
        assert_eq!(t_critical_975(4), 2.776);
        assert_eq!(t_critical_975(30), 2.042);
        assert_eq!(t_critical_975(60), 2.000);
        assert_eq!(t_critical_975(120), 1.980);
    }

    #[test]
    fn interpolates_in_reciprocal_degrees_of_freedom() {
        // Exact quantiles, as given by R's qt(0.975, df).
        let exact = [
            (35, 2.03011),
            (45, 2.01410),
            (70, 1.99444),
            (90, 1.98667),
            (200, 1.97190),
            (1000, 1.96234),
            (100_000, 1.96000),
        ];
        for (df, quantile) in exact {
            assert!(close(t_critical_975(df), quantile, 5e-4), "df {df}");
        }
        // Monotone decreasing towards the normal value.
        let t: Vec<f64> = (1..=2000).map(t_critical_975).collect();
        assert!(t.windows(2).all(|w| w[0] >= w[1]));
        assert!(t[1999] > Z_975);
    }

    #[test]
    fn empty_sample_has_no_interval() {
        assert_eq!(mean_interval(&[]), None);
    }

    #[test]
    fn single_value_is_a_point() {
        let interval = mean_interval(&[4.5]);
        assert_eq!(
            interval,
            Some(Interval {
                mean: 4.5,
                low: 4.5,
                high: 4.5,
                n: 1
            })
        );
    }

    #[test]
    fn two_values() {
        // Mean 3, s = √2, s/√2 = 1, t(1) = 12.706.
        let interval = mean_interval(&[2.0, 4.0]).unwrap_or_else(|| panic!("defined"));
        assert_eq!(interval.mean, 3.0);
        assert!(close(interval.low, 3.0 - 12.706, 1e-12));
        assert!(close(interval.high, 3.0 + 12.706, 1e-12));
        assert_eq!(interval.n, 2);
    }

    #[test]
    fn one_to_five() {
        // Mean 3, s² = 10/4 = 2.5, s/√5 = √0.5 = 0.70711, t(4) = 2.776,
        // half-width 1.96293: [1.03707, 4.96293].
        let interval = mean_interval(&[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap_or_else(|| panic!());
        assert_eq!(interval.mean, 3.0);
        assert!(close(interval.low, 1.03707, 1e-5));
        assert!(close(interval.high, 4.96293, 1e-5));
    }

    #[test]
    fn constant_sample_has_zero_width() {
        let interval = mean_interval(&[0.25; 10]).unwrap_or_else(|| panic!());
        assert_eq!(
            (interval.low, interval.mean, interval.high),
            (0.25, 0.25, 0.25)
        );
    }

    #[test]
    fn forty_values_use_the_table() {
        // 0, 1, …, 39: mean 19.5, s² = n(n+1)/12 with n = 40 → 136.667,
        // s/√40 = 1.84842, t(39) interpolated = 2.02266, half-width 3.73877.
        let values: Vec<f64> = (0..40).map(f64::from).collect();
        let interval = mean_interval(&values).unwrap_or_else(|| panic!());
        assert_eq!(interval.mean, 19.5);
        let expected_t = 2.042 + (1.0 / 30.0 - 1.0 / 39.0) / (1.0 / 30.0 - 1.0 / 40.0) * -0.021;
        assert!(close(t_critical_975(39), expected_t, 1e-12));
        assert!(close(
            interval.high - interval.mean,
            expected_t * 1.848_422,
            1e-5
        ));
        assert!(close(
            interval.mean - interval.low,
            interval.high - interval.mean,
            1e-12
        ));
    }
}
