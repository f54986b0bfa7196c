//! Logistic regression of a yes/no outcome on two covariates, by maximum likelihood.

/// Newton steps tried before a fit is declared not to converge.
const MAX_STEPS: usize = 100;

/// A fit has converged when no coefficient moves by more than this in a step.
const TOLERANCE: f64 = 1e-10;

/// The coefficients `[b0, b1, b2]` of P(yes) = 1 / (1 + exp(−(b0 + b1 x1 + b2 x2))) that
/// maximise the likelihood of `cells`, each `([x1, x2], yes, no)`: `yes` observations with
/// outcome yes and `no` with outcome no at those covariates (observations grouped by their
/// covariates give the fit of the observations one by one). Found by Newton's method
/// (iteratively reweighted least squares) from 0. `None` when the maximum is not a point:
/// a covariate that does not vary, covariates that move together exactly, an outcome that
/// is always or never yes, or one that the covariates separate (the likelihood keeps
/// rising as a coefficient grows without bound).
pub fn logistic_fit(cells: &[([f64; 2], f64, f64)]) -> Option<[f64; 3]> {
    let mut beta = [0.0f64; 3];
    for _ in 0..MAX_STEPS {
        let mut gradient = [0.0f64; 3];
        let mut hessian = [[0.0f64; 3]; 3];
        for &([x1, x2], yes, no) in cells {
            let x = [1.0, x1, x2];
            let p = 1.0 / (1.0 + (-(beta[0] + beta[1] * x1 + beta[2] * x2)).exp());
            let residual = yes - (yes + no) * p;
            let weight = (yes + no) * p * (1.0 - p);
            for ((g, row), xj) in gradient.iter_mut().zip(&mut hessian).zip(x) {
                *g += residual * xj;
                for (h, xk) in row.iter_mut().zip(x) {
                    *h += weight * xj * xk;
                }
            }
        }
        let step = solve_positive_definite(hessian, gradient)?;
        let mut settled = true;
        for (b, s) in beta.iter_mut().zip(step) {
            *b += s;
            settled &= s.abs() <= TOLERANCE * (1.0 + b.abs());
        }
        if !beta.iter().all(|b| b.is_finite()) {
            return None;
        }
        if settled {
            return Some(beta);
        }
    }
    None
}

/// `x` with `a x = b` for a symmetric positive definite `a`, by Cholesky's factorisation;
/// `None` when `a` is singular or nearly so (a pivot below 1e-12 of its diagonal entry).
fn solve_positive_definite(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let mut l = [[0.0f64; 3]; 3];
    for j in 0..3 {
        let pivot = a[j][j] - dot(&l[j][..j], &l[j][..j]);
        if a[j][j] <= 0.0 || pivot.is_nan() || pivot <= 1e-12 * a[j][j] {
            return None;
        }
        l[j][j] = pivot.sqrt();
        for i in j + 1..3 {
            l[i][j] = (a[i][j] - dot(&l[i][..j], &l[j][..j])) / l[j][j];
        }
    }
    // L y = b, then Lᵀ x = y.
    let mut y = [0.0f64; 3];
    for i in 0..3 {
        y[i] = (b[i] - dot(&l[i][..i], &y[..i])) / l[i][i];
    }
    let mut x = [0.0f64; 3];
    for i in (0..3).rev() {
        let later: f64 = (i + 1..3).map(|k| l[k][i] * x[k]).sum();
        x[i] = (y[i] - later) / l[i][i];
    }
    Some(x)
}

fn dot(u: &[f64], v: &[f64]) -> f64 {
    u.iter().zip(v).map(|(a, b)| a * b).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `yes` observations with outcome yes and `no` with no at `x`.
    fn cell(x: [f64; 2], yes: u32, no: u32) -> Vec<([f64; 2], f64, f64)> {
        vec![(x, f64::from(yes), f64::from(no))]
    }

    /// Four cells whose shares of yes follow a logistic model exactly: odds 1 at (0, 0),
    /// three times higher with x1 = 1, three times lower with x2 = 1. The fit gives the
    /// model back: b0 = 0, b1 = ln 3, b2 = −ln 3.
    #[test]
    fn cells_that_follow_the_model_are_fitted_exactly() {
        let mut data = cell([0.0, 0.0], 2, 2);
        data.extend(cell([1.0, 0.0], 3, 1));
        data.extend(cell([0.0, 1.0], 1, 3));
        data.extend(cell([1.0, 1.0], 2, 2));
        let [b0, b1, b2] = logistic_fit(&data).expect("a fit");
        assert!(b0.abs() < 1e-9, "{b0}");
        assert!((b1 - 3f64.ln()).abs() < 1e-9, "{b1}");
        assert!((b2 + 3f64.ln()).abs() < 1e-9, "{b2}");
        // The same observations grouped otherwise give the same fit.
        let mut regrouped = cell([0.0, 0.0], 2, 0);
        regrouped.extend(cell([0.0, 0.0], 0, 2));
        regrouped.extend(cell([1.0, 0.0], 1, 1));
        regrouped.extend(cell([1.0, 0.0], 2, 0));
        regrouped.extend(cell([0.0, 1.0], 1, 3));
        regrouped.extend(cell([1.0, 1.0], 2, 2));
        let again = logistic_fit(&regrouped).expect("a fit");
        for (a, b) in again.iter().zip([b0, b1, b2]) {
            assert!((a - b).abs() < 1e-12, "{again:?}");
        }
    }

    /// With one covariate unrelated to the outcome, the other's coefficient is the log
    /// odds ratio of the two-by-two table, and it is per unit of the covariate: the same
    /// data with x1 at 0 and 2 halves it.
    #[test]
    fn one_covariate_gives_the_log_odds_ratio_per_unit() {
        let table = |high: f64| {
            // Odds 1/4 at x1 = 0 and 2 at x1 = high (odds ratio 8), alike at x2 = 0 and 1.
            let mut data = Vec::new();
            for x2 in [0.0, 1.0] {
                data.extend(cell([0.0, x2], 1, 4));
                data.extend(cell([high, x2], 4, 2));
            }
            logistic_fit(&data).expect("a fit")
        };
        let [b0, b1, b2] = table(1.0);
        assert!((b1 - 8f64.ln()).abs() < 1e-9, "{b1}");
        assert!(b2.abs() < 1e-9, "{b2}");
        assert!((b0 - 0.25f64.ln()).abs() < 1e-9, "{b0}");
        let [_, per_unit, _] = table(2.0);
        assert!((per_unit - 8f64.ln() / 2.0).abs() < 1e-9, "{per_unit}");
    }

    #[test]
    fn no_point_maximum_gives_no_fit() {
        let mut varied = cell([0.0, 0.0], 2, 2);
        varied.extend(cell([1.0, 1.0], 1, 3));
        assert_eq!(logistic_fit(&varied), None, "x1 and x2 move together");
        let mut constant = cell([0.0, 0.3], 2, 2);
        constant.extend(cell([1.0, 0.3], 1, 3));
        assert_eq!(logistic_fit(&constant), None, "x2 does not vary");
        let mut always = cell([0.0, 0.0], 3, 0);
        always.extend(cell([1.0, 1.0], 3, 0));
        always.extend(cell([1.0, 0.0], 3, 0));
        assert_eq!(logistic_fit(&always), None, "always yes");
        let mut separated = cell([0.0, 0.0], 0, 3);
        separated.extend(cell([0.0, 1.0], 0, 2));
        separated.extend(cell([1.0, 0.0], 3, 0));
        separated.extend(cell([1.0, 1.0], 2, 0));
        assert_eq!(logistic_fit(&separated), None, "x1 separates yes from no");
        assert_eq!(logistic_fit(&[]), None);
    }
}
