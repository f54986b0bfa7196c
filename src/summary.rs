//! From run records to the figures of `retention.csv`, `summary.csv` and `replicates.csv`:
//! Kaplan–Meier retention per strategy, each summary metric's value in each replicate, and
//! its mean and 95% interval over the replicates that define it. What the metrics are and
//! how each is computed in a run is declared in `measures`.

use crate::measures::{survival_spell, Metric};
use crate::metrics::stats::{mean_interval, Interval};
use crate::metrics::survival::{KmRow, SpellCounts};
use crate::runner::RunRecord;
use crate::scenario::Scenario;

/// Kaplan–Meier retention of each strategy, pooling the spells of all its replicates.
pub fn retention(scenario: &Scenario, records: &[RunRecord]) -> Vec<Vec<KmRow>> {
    Summarizer::of(scenario, records).retention()
}

/// One line of `summary.csv`; `interval` is `None` where no replicate defines the metric.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub strategy: usize,
    pub metric: Metric,
    pub interval: Option<Interval>,
}

/// One line of `replicates.csv`: a metric's value in one run, `None` where the run leaves
/// it undefined.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicateRow {
    pub strategy: usize,
    pub replicate: u32,
    pub metric: Metric,
    pub value: Option<f64>,
}

/// Every summary metric for every strategy, strategies in scenario order.
pub fn summarize(scenario: &Scenario, records: &[RunRecord]) -> Vec<SummaryRow> {
    Summarizer::of(scenario, records).rows()
}

/// Gathers what `summary.csv`, `replicates.csv` and `retention.csv` need from runs handed
/// to it one at a time, so that a run's record can be dropped once it is written: each
/// run's metric values and its spells counted by duration.
pub struct Summarizer<'a> {
    scenario: &'a Scenario,
    /// The metrics of `summary.csv`, in file order (`Metric::all`).
    metrics: Vec<Metric>,
    /// `[strategy]` → the replicate of each run added, in the order added.
    replicates: Vec<Vec<u32>>,
    /// `[strategy][metric]` → each run's value (`None` where the run leaves it undefined),
    /// in the order added, so entry `k` belongs to replicate `replicates[strategy][k]`.
    values: Vec<Vec<Vec<Option<f64>>>>,
    /// `[strategy]` → the membership spells of all its runs.
    spells: Vec<SpellCounts>,
}

impl<'a> Summarizer<'a> {
    pub fn new(scenario: &'a Scenario) -> Summarizer<'a> {
        let metrics = Metric::all(scenario);
        let strategies = scenario.strategies.len();
        Summarizer {
            scenario,
            replicates: vec![Vec::new(); strategies],
            values: vec![vec![Vec::new(); metrics.len()]; strategies],
            spells: vec![SpellCounts::default(); strategies],
            metrics,
        }
    }

    pub fn of(scenario: &'a Scenario, records: &[RunRecord]) -> Summarizer<'a> {
        let mut summarizer = Summarizer::new(scenario);
        for run in records {
            summarizer.add(run);
        }
        summarizer
    }

    /// Takes in one run. Runs are added in (replicate, strategy) order, so that means are
    /// summed in the same order whatever the thread count.
    pub fn add(&mut self, run: &RunRecord) {
        self.replicates[run.strategy].push(run.replicate);
        let values = &mut self.values[run.strategy];
        for (metric, values) in self.metrics.iter().zip(values.iter_mut()) {
            values.push(metric.value(run, self.scenario));
        }
        for spell in &run.spells {
            self.spells[run.strategy].add(survival_spell(spell));
        }
    }

    /// Every summary metric for every strategy, strategies in scenario order.
    pub fn rows(&self) -> Vec<SummaryRow> {
        let mut rows = Vec::new();
        for (strategy, values) in self.values.iter().enumerate() {
            for (&metric, values) in self.metrics.iter().zip(values) {
                // The replicates that define the metric, in the order added.
                let defined: Vec<f64> = values.iter().flatten().copied().collect();
                rows.push(SummaryRow {
                    strategy,
                    metric,
                    interval: mean_interval(&defined).map(|i| i.within(metric.unit().range())),
                });
            }
        }
        rows
    }

    /// Every summary metric's value in every run, the values `rows` takes its means from:
    /// by strategy in scenario order, then replicate, then metric in the order of `rows`.
    pub fn replicate_rows(&self) -> Vec<ReplicateRow> {
        let mut rows = Vec::new();
        for (strategy, replicates) in self.replicates.iter().enumerate() {
            let mut order: Vec<usize> = (0..replicates.len()).collect();
            order.sort_by_key(|&k| replicates[k]);
            for k in order {
                for (&metric, values) in self.metrics.iter().zip(&self.values[strategy]) {
                    rows.push(ReplicateRow {
                        strategy,
                        replicate: replicates[k],
                        metric,
                        value: values[k],
                    });
                }
            }
        }
        rows
    }

    /// Kaplan–Meier retention of each strategy, pooling the spells of all its replicates.
    pub fn retention(&self) -> Vec<Vec<KmRow>> {
        self.spells.iter().map(SpellCounts::kaplan_meier).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::measure::{RobustnessSnapshot, SpellEnd, SpellRecord, WeekRow};

    fn spell(joined: u32, left: u32, end: SpellEnd) -> SpellRecord {
        SpellRecord {
            resident: 0,
            joined_week: joined,
            left_week: left,
            end,
        }
    }

    const SHOCK_AT_10: &str = "years = 2\n[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 10\ntarget = \"all_initial\"\n";

    fn run_with_event_at(event_week: u32) -> RunRecord {
        let weeks: Vec<WeekRow> = (0..104)
            .map(|w| WeekRow {
                week: w,
                active: if w < 10 { 40 } else { 10 },
                // As the model writes it: 0 from the loss until an event is held.
                turnout: if w < 10 || (10..=w).contains(&event_week) {
                    20
                } else {
                    0
                },
                power: 8,
                event_held: w == event_week,
                ..WeekRow::default()
            })
            .collect();
        RunRecord {
            strategy: 0,
            replicate: 0,
            weeks,
            spells: vec![
                spell(0, 30, SpellEnd::Departed),
                spell(0, 60, SpellEnd::Censored),
            ],
            snapshots: vec![],
            networks: vec![],
            patterns: Default::default(),
        }
    }

    fn mean_of(rows: &[SummaryRow], metric: &str) -> Option<f64> {
        let row = rows
            .iter()
            .find(|r| r.metric.to_string() == metric)
            .expect("metric listed");
        row.interval.map(|i| i.mean)
    }

    #[test]
    fn summary_reads_organizer_loss_around_the_shock() {
        let scenario = Scenario::parse("t", "t.toml", SHOCK_AT_10, &[]).unwrap();
        let rows = summarize(&scenario, &[run_with_event_at(17)]);
        let get = |m: &str| mean_of(&rows, m);
        assert_eq!(get("shock0_active_ratio"), Some(0.25));
        assert_eq!(
            get("shock0_turnout_ratio"),
            Some(1.0),
            "an event was held after the shock"
        );
        assert_eq!(get("shock0_weeks_to_next_event"), Some(7.0));
        assert_eq!(get("retention_1y"), Some(0.5));
        assert_eq!(
            get("burnout_share_5y"),
            None,
            "the run is shorter than five years"
        );
        assert_eq!(get("robustness_targeted"), None);
    }

    /// Robustness is read at one moment everywhere: the week before the first organizer
    /// loss, as the robustness chart draws it, not the last snapshot.
    #[test]
    fn robustness_is_read_the_week_before_the_loss() {
        let scenario = Scenario::parse("t", "t.toml", SHOCK_AT_10, &[]).unwrap();
        let snapshot = |week, index| RobustnessSnapshot {
            week,
            targeted: vec![],
            random: vec![],
            targeted_index: index,
            random_index: index / 2.0,
        };
        let mut run = run_with_event_at(17);
        run.snapshots = vec![snapshot(9, 0.3), snapshot(51, 0.1), snapshot(103, 0.05)];
        let rows = summarize(&scenario, &[run]);
        assert_eq!(mean_of(&rows, "robustness_targeted"), Some(0.3));
        assert_eq!(mean_of(&rows, "robustness_random"), Some(0.15));
    }

    #[test]
    fn replicate_rows_hold_the_values_the_means_are_taken_from() {
        let scenario = Scenario::parse("t", "t.toml", SHOCK_AT_10, &[]).unwrap();
        // Replicate 1 holds no event after the shock, replicate 0 one at week 17: the
        // weeks to the next event are defined in replicate 0 alone. Added out of order.
        let mut late = run_with_event_at(5);
        late.replicate = 1;
        let mut summarizer = Summarizer::new(&scenario);
        summarizer.add(&late);
        summarizer.add(&run_with_event_at(17));
        let rows = summarizer.replicate_rows();
        let metrics = Metric::all(&scenario);
        assert_eq!(rows.len(), 2 * metrics.len());
        assert!(rows[..metrics.len()].iter().all(|r| r.replicate == 0));
        assert!(rows[metrics.len()..].iter().all(|r| r.replicate == 1));
        let in_file_order: Vec<Metric> = rows[..metrics.len()].iter().map(|r| r.metric).collect();
        assert_eq!(in_file_order, metrics);
        let value = |replicate: u32, metric: &str| {
            rows.iter()
                .find(|r| r.replicate == replicate && r.metric.to_string() == metric)
                .expect("metric listed")
                .value
        };
        assert_eq!(value(0, "shock0_weeks_to_next_event"), Some(7.0));
        assert_eq!(value(1, "shock0_weeks_to_next_event"), None);
        assert_eq!(value(0, "shock0_turnout_ratio"), Some(1.0));
        assert_eq!(value(1, "shock0_turnout_ratio"), Some(0.0));
        for summary in summarizer.rows() {
            let defined: Vec<f64> = rows
                .iter()
                .filter(|r| r.metric == summary.metric)
                .filter_map(|r| r.value)
                .collect();
            let mean =
                (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
            assert_eq!(summary.interval.map(|i| i.mean), mean, "{}", summary.metric);
            assert_eq!(summary.interval.map_or(0, |i| i.n), defined.len());
        }
    }

    #[test]
    fn no_event_after_the_shock_means_no_turnout() {
        let scenario = Scenario::parse("t", "t.toml", SHOCK_AT_10, &[]).unwrap();
        let rows = summarize(&scenario, &[run_with_event_at(5)]);
        let get = |m: &str| mean_of(&rows, m);
        assert_eq!(get("shock0_turnout_ratio"), Some(0.0));
        assert_eq!(get("shock0_weeks_to_next_event"), None);
    }
}
