//! From run records to the figures of `retention.csv` and `summary.csv`: Kaplan–Meier
//! retention per strategy, and each summary metric's mean and 95% interval over replicates.

use crate::metrics::stats::{mean_interval, Interval};
use crate::metrics::survival::{
    kaplan_meier, median_survival, survival_at, KmRow, Spell, SpellCounts,
};
use crate::model::measure::{SpellEnd, SpellRecord, WeekRow};
use crate::runner::RunRecord;
use crate::scenario::{Scenario, Shock, WEEKS_PER_YEAR};

/// Weeks after an organizer loss at which its outcome is read.
pub const SHOCK_FOLLOW_UP_WEEKS: u32 = 52;

/// A membership spell as survival data. Leaving by burnout or departure is the event;
/// removal by a shock and the end of the run censor the spell.
pub fn survival_spell(spell: &SpellRecord) -> Spell {
    Spell {
        duration: spell.left_week - spell.joined_week,
        ended: matches!(spell.end, SpellEnd::Burnout | SpellEnd::Departed),
    }
}

/// Kaplan–Meier retention of each strategy, pooling the spells of all its replicates.
pub fn retention(scenario: &Scenario, records: &[RunRecord]) -> Vec<Vec<KmRow>> {
    Summarizer::of(scenario, records).retention()
}

/// One line of `summary.csv`; `interval` is `None` where no replicate defines the metric.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryRow {
    pub strategy: usize,
    pub metric: String,
    pub interval: Option<Interval>,
}

/// A metric's value in one run, or `None` where the run leaves it undefined.
pub type RunMetric = Box<dyn Fn(&RunRecord) -> Option<f64> + Send + Sync>;

fn row_at(run: &RunRecord, week: u32) -> Option<&WeekRow> {
    run.weeks.get(week as usize)
}

fn ratio(after: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| after / before)
}

/// The metrics of `summary.csv`, in order, each computed per run.
pub fn metrics(scenario: &Scenario) -> Vec<(String, RunMetric)> {
    let weeks = scenario.weeks();
    let survival_at_week = move |week: u32| -> RunMetric {
        Box::new(move |run: &RunRecord| {
            if week >= weeks {
                return None;
            }
            let spells: Vec<Spell> = run.spells.iter().map(survival_spell).collect();
            survival_at(&kaplan_meier(&spells), week)
        })
    };
    let mut list: Vec<(String, RunMetric)> = vec![
        ("retention_1y".into(), survival_at_week(WEEKS_PER_YEAR)),
        ("retention_3y".into(), survival_at_week(3 * WEEKS_PER_YEAR)),
        (
            "median_tenure_weeks".into(),
            Box::new(|run: &RunRecord| {
                let spells: Vec<Spell> = run.spells.iter().map(survival_spell).collect();
                median_survival(&kaplan_meier(&spells)).map(f64::from)
            }),
        ),
        (
            "burnout_share_5y".into(),
            Box::new(|run: &RunRecord| {
                // Five years are weeks 0 to 259.
                let row = row_at(run, 5 * WEEKS_PER_YEAR - 1)?;
                ratio(row.burnout_total as f64, row.recruited_total as f64)
            }),
        ),
        (
            "robustness_targeted".into(),
            Box::new(|run: &RunRecord| run.snapshots.last().map(|s| s.targeted_index)),
        ),
        (
            "robustness_random".into(),
            Box::new(|run: &RunRecord| run.snapshots.last().map(|s| s.random_index)),
        ),
        (
            "peak_turnout_1y".into(),
            Box::new(|run: &RunRecord| {
                run.weeks
                    .iter()
                    .take(WEEKS_PER_YEAR as usize)
                    .map(|w| w.turnout)
                    .max()
                    .map(f64::from)
            }),
        ),
    ];
    let at_end = |f: fn(&WeekRow) -> Option<f64>| -> RunMetric {
        Box::new(move |run: &RunRecord| run.weeks.last().and_then(f))
    };
    list.push(("active_end".into(), at_end(|w| Some(w.active as f64))));
    list.push(("power_end".into(), at_end(|w| Some(w.power as f64))));
    list.push((
        "recruited_total_end".into(),
        at_end(|w| Some(w.recruited_total as f64)),
    ));
    list.push((
        "burnout_total_end".into(),
        at_end(|w| Some(w.burnout_total as f64)),
    ));
    list.push(("homophily_end".into(), at_end(|w| w.homophily)));
    list.push((
        "cross_group_share_end".into(),
        at_end(|w| w.cross_group_share),
    ));

    for (i, shock) in scenario.shocks.iter().enumerate() {
        let Shock::OrganizerLoss(loss) = shock else {
            continue;
        };
        let week = loss.week;
        let before_after = move |f: fn(&WeekRow) -> f64| -> RunMetric {
            Box::new(move |run: &RunRecord| {
                let before = row_at(run, week.checked_sub(1)?)?;
                let after = row_at(run, week + SHOCK_FOLLOW_UP_WEEKS)?;
                ratio(f(after), f(before))
            })
        };
        list.push((
            format!("shock{i}_active_ratio"),
            before_after(|w| w.active as f64),
        ));
        list.push((
            format!("shock{i}_turnout_ratio"),
            Box::new(move |run: &RunRecord| {
                // `turnout` is the latest event's; an event from before the shock does not
                // count as turnout after it.
                let before = row_at(run, week.checked_sub(1)?)?;
                let end = week + SHOCK_FOLLOW_UP_WEEKS;
                let after = row_at(run, end)?;
                let held = run.weeks[week as usize..=end as usize]
                    .iter()
                    .any(|w| w.event_held);
                ratio(
                    if held { after.turnout as f64 } else { 0.0 },
                    before.turnout as f64,
                )
            }),
        ));
        list.push((
            format!("shock{i}_power_ratio"),
            before_after(|w| w.power as f64),
        ));
        list.push((
            format!("shock{i}_weeks_to_next_event"),
            Box::new(move |run: &RunRecord| {
                run.weeks
                    .iter()
                    .skip(week as usize)
                    .find(|w| w.event_held)
                    .map(|w| (w.week - week) as f64)
            }),
        ));
    }
    list
}

/// Every summary metric for every strategy, strategies in scenario order.
pub fn summarize(scenario: &Scenario, records: &[RunRecord]) -> Vec<SummaryRow> {
    Summarizer::of(scenario, records).rows()
}

/// Gathers what `summary.csv` and `retention.csv` need from runs handed to it one at a
/// time, so that a run's record can be dropped once it is written: each run's metric
/// values and its spells counted by duration.
pub struct Summarizer {
    metrics: Vec<(String, RunMetric)>,
    /// `[strategy][metric]` → the values of the runs that define it, in the order added.
    values: Vec<Vec<Vec<f64>>>,
    /// `[strategy]` → the membership spells of all its runs.
    spells: Vec<SpellCounts>,
}

impl Summarizer {
    pub fn new(scenario: &Scenario) -> Summarizer {
        let metrics = metrics(scenario);
        let strategies = scenario.strategies.len();
        Summarizer {
            values: vec![vec![Vec::new(); metrics.len()]; strategies],
            spells: vec![SpellCounts::default(); strategies],
            metrics,
        }
    }

    pub fn of(scenario: &Scenario, records: &[RunRecord]) -> Summarizer {
        let mut summarizer = Summarizer::new(scenario);
        for run in records {
            summarizer.add(run);
        }
        summarizer
    }

    /// Takes in one run. Runs are added in (replicate, strategy) order, so that means are
    /// summed in the same order whatever the thread count.
    pub fn add(&mut self, run: &RunRecord) {
        let values = &mut self.values[run.strategy];
        for ((_, metric), values) in self.metrics.iter().zip(values.iter_mut()) {
            values.extend(metric(run));
        }
        for spell in &run.spells {
            self.spells[run.strategy].add(survival_spell(spell));
        }
    }

    /// Every summary metric for every strategy, strategies in scenario order.
    pub fn rows(&self) -> Vec<SummaryRow> {
        let mut rows = Vec::new();
        for (strategy, values) in self.values.iter().enumerate() {
            for ((name, _), values) in self.metrics.iter().zip(values) {
                rows.push(SummaryRow {
                    strategy,
                    metric: name.clone(),
                    interval: mean_interval(values),
                });
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

    fn spell(joined: u32, left: u32, end: SpellEnd) -> SpellRecord {
        SpellRecord {
            agent: 0,
            joined_week: joined,
            left_week: left,
            end,
        }
    }

    #[test]
    fn removal_and_the_end_of_the_run_censor_a_spell() {
        assert!(survival_spell(&spell(3, 10, SpellEnd::Burnout)).ended);
        assert!(survival_spell(&spell(3, 10, SpellEnd::Departed)).ended);
        assert!(!survival_spell(&spell(3, 10, SpellEnd::Removed)).ended);
        let s = survival_spell(&spell(3, 10, SpellEnd::Censored));
        assert_eq!((s.duration, s.ended), (7, false));
    }

    const SHOCK_AT_10: &str = "years = 2\n[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 10\ntarget = \"all_initial\"\n";

    fn run_with_event_at(event_week: u32) -> RunRecord {
        let weeks: Vec<WeekRow> = (0..104)
            .map(|w| WeekRow {
                week: w,
                active: if w < 10 { 40 } else { 10 },
                organizers: 0,
                burned_out: 0,
                burnout_total: 0,
                departed_total: 0,
                recruited_total: 0,
                mean_energy: None,
                needs_met_share: None,
                turnout: 20,
                power: 8,
                lcc_fraction: 0.0,
                ties_strong: 0,
                mean_strength: None,
                homophily: None,
                cross_group_share: None,
                event_held: w == event_week,
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
        }
    }

    fn mean_of(rows: &[SummaryRow], metric: &str) -> Option<f64> {
        let row = rows
            .iter()
            .find(|r| r.metric == metric)
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

    #[test]
    fn no_event_after_the_shock_means_no_turnout() {
        let scenario = Scenario::parse("t", "t.toml", SHOCK_AT_10, &[]).unwrap();
        let rows = summarize(&scenario, &[run_with_event_at(5)]);
        let get = |m: &str| mean_of(&rows, m);
        assert_eq!(get("shock0_turnout_ratio"), Some(0.0));
        assert_eq!(get("shock0_weeks_to_next_event"), None);
    }
}
