//! Kaplan–Meier survival curves with Greenwood confidence bands.

/// Two-sided 95% standard normal quantile, for the pointwise band.
const Z_95: f64 = 1.96;

/// One spell (e.g. of membership) observed for `duration` weeks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spell {
    /// Length in weeks.
    pub duration: u32,
    /// Whether the spell ended at `duration`; `false` means it was still running when
    /// observation stopped (right-censored).
    pub ended: bool,
}

/// The Kaplan–Meier estimate at one week.
#[derive(Clone, Debug, PartialEq)]
pub struct KmRow {
    pub week: u32,
    /// Spells lasting at least `week` weeks.
    pub at_risk: usize,
    /// Spells that ended at exactly `week` weeks.
    pub events: usize,
    /// Estimated probability that a spell lasts beyond `week`.
    pub survival: f64,
    /// Lower end of the pointwise 95% Greenwood band, clipped to [0, 1].
    pub ci_low: f64,
    /// Upper end of the pointwise 95% Greenwood band, clipped to [0, 1].
    pub ci_high: f64,
}

/// The Kaplan–Meier product-limit estimate (Kaplan & Meier 1958, JASA 53:457) with a
/// pointwise 95% band from Greenwood's variance (Greenwood 1926).
///
/// Returns one row for every week from 0 to the longest duration, inclusive, so a step
/// chart can be drawn straight from the rows. With `n_s` spells at risk and `d_s` ending
/// in week `s`:
/// `S(t) = Π_{s ≤ t} (1 − d_s/n_s)` and
/// `Var S(t) = S(t)² · Σ_{s ≤ t} d_s / (n_s (n_s − d_s))`, the band being
/// `S ± 1.96·√Var`. Once every spell at risk has ended (`d_s = n_s`), `S` is 0 and the
/// band is [0, 0]. Empty input gives no rows.
pub fn kaplan_meier(spells: &[Spell]) -> Vec<KmRow> {
    let mut counts = SpellCounts::default();
    for spell in spells {
        counts.add(*spell);
    }
    counts.kaplan_meier()
}

/// Spells counted by duration: all that the Kaplan–Meier estimate needs, in memory that
/// grows with the longest duration, not with the number of spells.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpellCounts {
    /// Spells whose observation stopped at each duration (ended or censored).
    finished: Vec<usize>,
    /// Spells that ended at each duration.
    events: Vec<usize>,
}

impl SpellCounts {
    pub fn add(&mut self, spell: Spell) {
        let d = spell.duration as usize;
        if d >= self.finished.len() {
            self.finished.resize(d + 1, 0);
            self.events.resize(d + 1, 0);
        }
        self.finished[d] += 1;
        self.events[d] += usize::from(spell.ended);
    }

    /// The estimate of `kaplan_meier` over the spells counted.
    pub fn kaplan_meier(&self) -> Vec<KmRow> {
        let weeks = self.finished.len();
        if weeks == 0 {
            return Vec::new();
        }
        let events = &self.events;
        let mut at_risk = self.finished.clone();
        // A spell of duration t is at risk in every week 0..=t: a suffix sum of the
        // per-week counts of spells finishing observation.
        for t in (0..weeks - 1).rev() {
            at_risk[t] += at_risk[t + 1];
        }

        let mut survival = 1.0;
        let mut greenwood_sum = 0.0;
        (0..weeks)
            .map(|t| {
                let (n, d) = (at_risk[t], events[t]);
                if n > 0 && d > 0 {
                    if d < n {
                        survival *= (n - d) as f64 / n as f64;
                        greenwood_sum += d as f64 / (n as f64 * (n - d) as f64);
                    } else {
                        survival = 0.0;
                    }
                }
                // S = 0 makes the half-width 0, so the band collapses to [0, 0] by itself.
                let half_width = Z_95 * survival * greenwood_sum.sqrt();
                KmRow {
                    week: t as u32,
                    at_risk: n,
                    events: d,
                    survival,
                    ci_low: (survival - half_width).max(0.0),
                    ci_high: (survival + half_width).min(1.0),
                }
            })
            .collect()
    }
}

/// The estimate `S(week)` from rows sorted by week: the survival of the last row with
/// `row.week <= week`.
///
/// Conventions: beyond the last row the curve stays at its last value (the estimate is
/// flat after the last observation, i.e. no extrapolation); before the first row it is
/// 1.0 (nothing can have ended yet). `None` only when there are no rows at all.
pub fn survival_at(rows: &[KmRow], week: u32) -> Option<f64> {
    if rows.is_empty() {
        return None;
    }
    let later = rows.partition_point(|row| row.week <= week);
    Some(later.checked_sub(1).map_or(1.0, |i| rows[i].survival))
}

/// Median survival time: the first week at which survival is at most one half, or
/// `None` if the curve never gets that low (too much censoring to tell).
pub fn median_survival(rows: &[KmRow]) -> Option<u32> {
    rows.iter()
        .find(|row| row.survival <= 0.5)
        .map(|row| row.week)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(duration: u32, ended: bool) -> Spell {
        Spell { duration, ended }
    }

    /// The 6-MP arm of Freireich et al. (1963), Blood 21:699, in weeks of remission,
    /// as tabulated in Kleinbaum & Klein, "Survival Analysis", ch. 2 (`false` = censored).
    fn freireich_6mp() -> Vec<Spell> {
        #[rustfmt::skip]
        let data = [
            (6, true), (6, true), (6, true), (6, false), (7, true), (9, false),
            (10, true), (10, false), (11, false), (13, true), (16, true), (17, false),
            (19, false), (20, false), (22, true), (23, true), (25, false), (32, false),
            (32, false), (34, false), (35, false),
        ];
        data.iter().map(|&(d, e)| spell(d, e)).collect()
    }

    /// Greenwood standard error recovered from the lower end of the band, which is not
    /// clipped at the weeks checked.
    fn standard_error(row: &KmRow) -> f64 {
        (row.survival - row.ci_low) / Z_95
    }

    #[test]
    fn freireich_six_mp_by_hand() {
        // n = 21. Week 6: 3 of 21 end, S = 18/21 = 0.857. Week 7: 1 of 17, S = 0.807.
        // Week 10: 1 of 15, 0.753. Week 13: 1 of 12, 0.690. Week 16: 1 of 11, 0.627.
        // Week 22: 1 of 7, 0.538. Week 23: 1 of 6, 0.448.
        let rows = kaplan_meier(&freireich_6mp());
        assert_eq!(rows.len(), 36);
        assert!(rows.iter().enumerate().all(|(t, row)| row.week == t as u32));
        let expected = [
            (0, 1.0),
            (5, 1.0),
            (6, 0.857),
            (7, 0.807),
            (9, 0.807),
            (10, 0.753),
            (13, 0.690),
            (16, 0.627),
            (22, 0.538),
            (23, 0.448),
            (35, 0.448),
        ];
        for (week, survival) in expected {
            let row = &rows[week];
            assert!(
                (row.survival - survival).abs() < 5e-4,
                "week {week}: {row:?}"
            );
        }
        assert_eq!((rows[6].at_risk, rows[6].events), (21, 3));
        assert_eq!((rows[7].at_risk, rows[7].events), (17, 1));
        assert_eq!((rows[23].at_risk, rows[23].events), (6, 1));
        assert_eq!((rows[24].at_risk, rows[24].events), (5, 0));

        // Week 6: SE = 0.857 · √(3/(21·18)) = 0.076; the upper end 0.857 + 0.149 is clipped.
        assert!((standard_error(&rows[6]) - 0.076).abs() < 5e-4);
        assert_eq!(rows[6].ci_high, 1.0);
        // Week 23: Σ d/(n(n−d)) = 3/378 + 1/272 + 1/210 + 1/132 + 1/110 + 1/42 + 1/30
        // = 0.0902, SE = 0.448 · √0.0902 = 0.135.
        assert!((standard_error(&rows[23]) - 0.135).abs() < 5e-4);
        let half_width = rows[23].ci_high - rows[23].survival;
        assert!((half_width - Z_95 * standard_error(&rows[23])).abs() < 1e-12);
        // Before any event the band has no width.
        assert_eq!((rows[5].ci_low, rows[5].ci_high), (1.0, 1.0));

        assert_eq!(median_survival(&rows), Some(23));
        let between_events = survival_at(&rows, 12).unwrap_or(f64::NAN);
        assert!((between_events - 0.753).abs() < 5e-4);
        assert_eq!(survival_at(&rows, 1000), Some(rows[35].survival));
    }

    #[test]
    fn all_censored_stays_at_one() {
        let rows = kaplan_meier(&[spell(3, false), spell(5, false), spell(5, false)]);
        assert_eq!(rows.len(), 6);
        assert!(rows
            .iter()
            .all(|r| r.survival == 1.0 && r.ci_low == 1.0 && r.events == 0));
        assert_eq!(rows[4].at_risk, 2);
        assert_eq!(median_survival(&rows), None);
    }

    #[test]
    fn all_ending_at_once_drops_to_zero() {
        let rows = kaplan_meier(&[spell(4, true); 5]);
        assert_eq!(rows.len(), 5);
        assert!(rows[..4]
            .iter()
            .all(|r| r.survival == 1.0 && r.at_risk == 5));
        let last = &rows[4];
        assert_eq!((last.at_risk, last.events), (5, 5));
        assert_eq!((last.survival, last.ci_low, last.ci_high), (0.0, 0.0, 0.0));
        assert_eq!(median_survival(&rows), Some(4));
    }

    #[test]
    fn last_spell_ending_zeroes_the_band_after_earlier_events() {
        // Week 1: 1 of 3 ends, S = 2/3. Week 2: one is censored. Week 3: the last ends.
        let rows = kaplan_meier(&[spell(1, true), spell(2, false), spell(3, true)]);
        assert!((rows[1].survival - 2.0 / 3.0).abs() < 1e-12);
        assert!(rows[1].ci_low < rows[1].survival);
        assert_eq!(
            (rows[3].survival, rows[3].ci_low, rows[3].ci_high),
            (0.0, 0.0, 0.0)
        );
        assert_eq!(median_survival(&rows), Some(3));
    }

    #[test]
    fn zero_length_spells_count_at_week_zero() {
        let rows = kaplan_meier(&[spell(0, true), spell(2, true)]);
        assert_eq!((rows[0].at_risk, rows[0].events), (2, 1));
        assert_eq!(rows[0].survival, 0.5);
        assert_eq!(median_survival(&rows), Some(0));
    }

    #[test]
    fn empty_input() {
        assert!(kaplan_meier(&[]).is_empty());
        assert_eq!(survival_at(&[], 3), None);
        assert_eq!(median_survival(&[]), None);
    }

    #[test]
    fn survival_before_the_first_row_is_one() {
        let rows = kaplan_meier(&[spell(2, true), spell(4, true)]);
        assert_eq!(survival_at(&rows[2..], 1), Some(1.0));
        assert_eq!(survival_at(&rows, 3), Some(0.5));
    }
}
