//! The essays' claims as measured findings: each claim is read from a scenario's runs as
//! figures with 95% intervals over replicates, and judged by a stated rule.
//! `tests/claims.rs`, `examples/claims.rs` and the sensitivity analysis
//! (`examples/sensitivity.rs`) include this file, so a claim means the same wherever it is
//! checked. It is not part of the library, which names no strategy.
//!
//! Every rule compares whole 95% intervals, not means: "A above B" means A's lower end
//! lies above B's upper end; "A above k × B" means A's lower end lies above k times B's
//! upper end; "A at least x" means A's lower end is at least x. A figure that no replicate
//! defines fails every rule it enters.
//!
//! The claims need `sorting` and `solidarity` strategies and an `organizer_loss` shock
//! (the first one is "the shock"); a `hybrid` strategy, if present, is reported on every
//! measure and never judged (Han 2014's finding is a question here, not a target).

#![allow(dead_code)] // each includer uses part of it

use std::fmt;

use solidarity::error::Error;
use solidarity::measures::{Column, LossOutcome, Metric, RunMetric, Unit, SHOCK_FOLLOW_UP_WEEKS};
use solidarity::metrics::stats::mean_interval;
pub use solidarity::metrics::stats::Interval;
use solidarity::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use solidarity::model::residents::Residents;
use solidarity::model::ties::Ties;
use solidarity::runner::{run_each, RunRecord};
use solidarity::scenario::{Scenario, Shock, WEEKS_PER_YEAR};

/// The opinions of the active members at a snapshot week: how spread out they are and how
/// far from the organizers' line. `None` with nobody active.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct OpinionSpread {
    /// Population standard deviation of the active members' opinions.
    pub sd: Option<f64>,
    /// Mean |opinion − line| of the active members, in [0, 2].
    pub distance_from_line: Option<f64>,
}

impl OpinionSpread {
    /// The spread of the opinions of the active residents, summed in id order.
    pub fn of_active(residents: &Residents, line: f64) -> OpinionSpread {
        let opinions: Vec<f64> = (0..residents.len())
            .filter(|&i| residents.state[i].is_active())
            .map(|i| residents.opinion[i])
            .collect();
        if opinions.is_empty() {
            return OpinionSpread::default();
        }
        let n = opinions.len() as f64;
        let mean = opinions.iter().sum::<f64>() / n;
        let variance = opinions.iter().map(|o| (o - mean).powi(2)).sum::<f64>() / n;
        let distance = opinions.iter().map(|o| (o - line).abs()).sum::<f64>() / n;
        OpinionSpread {
            sd: Some(variance.sqrt()),
            distance_from_line: Some(distance),
        }
    }
}

/// What the claims read of one run: its record, and the opinions at each snapshot week.
pub struct Run {
    pub record: RunRecord,
    pub opinions: Vec<(u32, OpinionSpread)>,
}

/// Keeps the opinions of the active members at each snapshot week.
struct Opinions {
    line: f64,
    at: Vec<(u32, OpinionSpread)>,
}

impl Observer for Opinions {
    fn week(&mut self, _: &WeekRow) {}
    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, _: &Ties) {
        let spread = OpinionSpread::of_active(residents, self.line);
        self.at.push((robustness.week, spread));
    }
    fn spell(&mut self, _: &SpellRecord) {}
}

/// Runs every strategy and replicate of `scenario` on `threads` threads (0: one per core).
pub fn run(scenario: &Scenario, threads: usize) -> Result<Vec<Run>, Error> {
    let line = scenario.organizers.line;
    let observe = |_, _| Opinions {
        line,
        at: Vec::new(),
    };
    let mut runs = Vec::new();
    run_each(
        scenario,
        threads,
        &observe,
        &|| {},
        &mut |record, opinions| {
            runs.push(Run {
                record,
                opinions: opinions.at,
            });
            Ok(())
        },
    )?;
    Ok(runs)
}

/// One measure for every strategy of the scenario, in scenario order.
#[derive(Clone, Debug, PartialEq)]
pub struct Measure {
    pub name: String,
    /// `(strategy name, mean and 95% interval over the replicates that define it)`.
    pub figures: Vec<(String, Option<Interval>)>,
}

impl Measure {
    /// The figure of strategy `name`, if the strategy exists and a replicate defines it.
    pub fn of(&self, name: &str) -> Option<Interval> {
        self.figures
            .iter()
            .find(|(s, _)| s == name)
            .and_then(|(_, i)| *i)
    }
}

/// A claim, the figures that judge it, and whether it holds by its rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// "1" to "7" for the essays' claims; "4b", "5b", "6b" for what the model shows
    /// where the claim as stated does not hold.
    pub id: &'static str,
    pub statement: &'static str,
    /// The rule in words, with the intervals it compares.
    pub rule: String,
    pub holds: bool,
    pub measures: Vec<Measure>,
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verdict = if self.holds { "holds" } else { "does not hold" };
        writeln!(f, "claim {} ({verdict}): {}", self.id, self.statement)?;
        writeln!(f, "  rule: {}", self.rule)?;
        for m in &self.measures {
            write!(f, "  {:<34}", m.name)?;
            for (strategy, interval) in &m.figures {
                write!(f, "  {strategy} {}", format_interval(*interval))?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}

/// `mean [low, high]` with three significant decimals, or `undefined`.
pub fn format_interval(interval: Option<Interval>) -> String {
    match interval {
        Some(i) => format!("{:.3} [{:.3}, {:.3}]", i.mean, i.low, i.high),
        None => "undefined".to_string(),
    }
}

/// Why the claims cannot be read from a scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplicable(pub String);

impl fmt::Display for NotApplicable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotApplicable {}

/// A measure of one run, or `None` where the run leaves it undefined.
type RunMeasure<'a> = Box<dyn Fn(&Run) -> Option<f64> + 'a>;

/// Reads the claims from the records of every strategy and replicate of `scenario`.
pub struct Evidence<'a> {
    scenario: &'a Scenario,
    runs: &'a [Run],
    /// The week of the first organizer loss.
    shock: u32,
    /// Its index among the scenario's shocks, as `summary.csv` numbers it.
    shock_index: usize,
}

impl<'a> Evidence<'a> {
    pub fn new(scenario: &'a Scenario, runs: &'a [Run]) -> Result<Evidence<'a>, NotApplicable> {
        for name in ["sorting", "solidarity"] {
            if !scenario.strategies.iter().any(|s| s.name == name) {
                return Err(NotApplicable(format!("no strategy named `{name}`")));
            }
        }
        let (shock_index, shock) = scenario
            .shocks
            .iter()
            .enumerate()
            .find_map(|(i, s)| match s {
                Shock::OrganizerLoss(loss) => Some((i, loss.week)),
                _ => None,
            })
            .filter(|&(_, w)| w >= 1 && w + SHOCK_FOLLOW_UP_WEEKS < scenario.weeks())
            .ok_or_else(|| {
                NotApplicable(
                    "no organizer loss at week 1 or later with a year of the run after it"
                        .to_string(),
                )
            })?;
        Ok(Evidence {
            scenario,
            runs,
            shock,
            shock_index,
        })
    }

    /// The last week before the shock (207 in the default scenario): "before the shock".
    pub fn before_shock(&self) -> u32 {
        self.shock - 1
    }

    /// The mean and interval of `f` over the replicates of each strategy, the interval
    /// clipped to `possible`, the values the measure can take (`Unit::range`).
    pub fn measure(
        &self,
        name: impl Into<String>,
        possible: (f64, f64),
        f: RunMeasure<'_>,
    ) -> Measure {
        let figures = self
            .scenario
            .strategies
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let values: Vec<f64> = self
                    .runs
                    .iter()
                    .filter(|r| r.record.strategy == k)
                    .filter_map(&f)
                    .collect();
                (
                    s.name.clone(),
                    mean_interval(&values).map(|i| i.within(possible)),
                )
            })
            .collect();
        Measure {
            name: name.into(),
            figures,
        }
    }

    /// `column` in the row of `week`, shown as `<column>_w<week>`.
    fn at_week(&self, column: Column, week: u32) -> Measure {
        self.measure(
            format!("{}_w{week}", column.name()),
            column.unit().range(),
            Box::new(move |r: &Run| r.record.weeks.get(week as usize).and_then(|w| column.of(w))),
        )
    }

    /// A metric of `summary.csv`, by its definition there, shown as `name`.
    fn summary_metric(&self, name: impl Into<String>, metric: Metric) -> Measure {
        let scenario = self.scenario;
        self.measure(
            name,
            metric.unit().range(),
            Box::new(move |r: &Run| metric.value(&r.record, scenario)),
        )
    }

    /// `peak_turnout_1y`: the largest turnout in weeks 0 to 51.
    pub fn peak_turnout_1y(&self) -> Measure {
        let metric = RunMetric::PeakTurnout1y;
        self.summary_metric(metric.name(), metric.into())
    }

    /// Burnout events per member recruited, both counted by the end of `week`.
    pub fn burnout_per_recruit(&self, week: u32) -> Measure {
        self.measure(
            format!("burnout_per_recruit_w{week}"),
            Unit::Ratio.range(),
            Box::new(move |r: &Run| {
                let w = r.record.weeks.get(week as usize)?;
                (w.recruited_total > 0)
                    .then(|| f64::from(w.burnout_total) / f64::from(w.recruited_total))
            }),
        )
    }

    /// Kaplan–Meier retention of membership after one year (`RunMetric::Retention1y`) or
    /// three (`RunMetric::Retention3y`), as in `summary.csv`, shown by its name there.
    pub fn retention(&self, metric: RunMetric) -> Measure {
        self.summary_metric(metric.name(), metric.into())
    }

    /// Active members a year after the shock over the week before it: the summary's
    /// `shock<i>_active_ratio` of the first organizer loss.
    pub fn active_ratio_after_shock(&self) -> Measure {
        let metric = Metric::Loss {
            shock: self.shock_index,
            outcome: LossOutcome::ActiveRatio,
        };
        self.summary_metric("active_ratio_after_shock", metric)
    }

    /// A measure of the opinions of the active members at the snapshot before the shock.
    fn opinions_before_shock(
        &self,
        name: &str,
        possible: (f64, f64),
        f: fn(&OpinionSpread) -> Option<f64>,
    ) -> Measure {
        let week = self.before_shock();
        self.measure(
            format!("{name}_w{week}"),
            possible,
            Box::new(move |r: &Run| {
                let (_, spread) = r.opinions.iter().find(|(w, _)| *w == week)?;
                f(spread)
            }),
        )
    }

    /// R under targeted removal at the snapshot just before the shock.
    pub fn robustness_before_shock(&self) -> Measure {
        let week = self.before_shock();
        self.measure(
            format!("{}_w{week}", RunMetric::RobustnessTargeted.name()),
            Unit::RIndex.range(),
            Box::new(move |r: &Run| {
                r.record
                    .snapshots
                    .iter()
                    .find(|s| s.week == week)
                    .map(|s| s.targeted_index)
            }),
        )
    }

    /// Claims 6 and 6b: power and visibility week by week, from week 0 to the week before
    /// the shock. A week "leads" for a strategy when its interval lies above the other's.
    fn power_against_visibility(&self) -> Vec<Claim> {
        let pre = self.before_shock();
        let mut louder = Vec::new(); // sorting leads on turnout
        let mut louder_but_weaker = Vec::new(); // ... while solidarity leads on power
        for week in 0..=pre {
            let power = self.at_week(Column::Power, week);
            let turnout = self.at_week(Column::Turnout, week);
            if above(turnout.of("sorting"), turnout.of("solidarity"), 1.0) {
                louder.push(week);
                if above(power.of("solidarity"), power.of("sorting"), 1.0) {
                    louder_but_weaker.push(week);
                }
            }
        }
        let power = self.at_week(Column::Power, pre);
        let turnout = self.at_week(Column::Turnout, pre);
        let year_one = WEEKS_PER_YEAR - 1;
        let power_1 = self.at_week(Column::Power, year_one);
        let turnout_1 = self.at_week(Column::Turnout, year_one);
        let more_power = above(power.of("solidarity"), power.of("sorting"), 1.0);
        let weeks = |list: &[u32]| match (list.first(), list.last()) {
            (Some(a), Some(b)) => format!("{} weeks, from {a} to {b}", list.len()),
            _ => "no week".to_string(),
        };
        let measures = vec![power, turnout, power_1, turnout_1];
        vec![
            judge(
                "6",
                "power is not visibility: before the shock solidarity has more power (the k-core) even where sorting has more turnout",
                &format!(
                    "solidarity above sorting on power in week {pre}, and in every week before the shock where sorting is above solidarity on turnout (sorting leads on turnout in {}; solidarity also leads on power in {})",
                    weeks(&louder),
                    weeks(&louder_but_weaker)
                ),
                more_power && !louder.is_empty() && louder_but_weaker.len() == louder.len(),
                measures.clone(),
            ),
            judge(
                "6b",
                "what the model shows of 6: the week before the shock solidarity has more power than sorting (whether or not sorting then has more turnout)",
                &format!(
                    "solidarity above sorting on power in week {pre} (weeks with sorting above on turnout and solidarity above on power: {})",
                    weeks(&louder_but_weaker)
                ),
                more_power,
                measures,
            ),
        ]
    }

    /// Every claim, in order: 1 to 7, each followed by what the model shows where the
    /// claim as stated does not hold at the defaults (4b, 5b, 6b).
    pub fn claims(&self) -> Vec<Claim> {
        let pre = self.before_shock();
        let mut claims = Vec::new();

        let peak = self.peak_turnout_1y();
        claims.push(judge(
            "1",
            "visibility comes fast under sorting: its year-one peak turnout exceeds solidarity's",
            &format!("sorting above solidarity on {}", peak.name),
            above(peak.of("sorting"), peak.of("solidarity"), 1.0),
            vec![peak],
        ));

        let burnout = self.burnout_per_recruit(pre);
        claims.push(judge(
            "2",
            "sorting burns people out: burnout per recruit by the week before the shock is at least 1.5 times solidarity's",
            "sorting above 1.5 × solidarity on burnout per recruit",
            above(burnout.of("sorting"), burnout.of("solidarity"), 1.5),
            vec![burnout],
        ));

        let retention = self.retention(RunMetric::Retention3y);
        let retention_1y = self.retention(RunMetric::Retention1y);
        claims.push(judge(
            "3",
            "solidarity keeps people: its three-year retention is at least 1.5 times sorting's",
            &format!("solidarity above 1.5 × sorting on {}", retention.name),
            above(retention.of("solidarity"), retention.of("sorting"), 1.5),
            vec![retention, retention_1y],
        ));

        let ratio = self.active_ratio_after_shock();
        let holds = at_least(ratio.of("solidarity"), 0.7)
            && ratio.of("sorting").is_some_and(|i| i.high <= 0.5);
        claims.push(judge(
            "4",
            "organizer loss: a year after all initial organizers go, solidarity keeps at least 70% of its active members and sorting at most 50%",
            "solidarity's interval at or above 0.7 and sorting's at or below 0.5 on active_ratio_after_shock",
            holds,
            vec![ratio.clone()],
        ));
        let holds = at_least(ratio.of("solidarity"), 0.7)
            && shifted_above(ratio.of("solidarity"), ratio.of("sorting"), 0.3);
        claims.push(judge(
            "4b",
            "what the model shows of 4: solidarity keeps at least 70% of its active members a year after the organizers go, and sorting keeps at least 0.3 less of its own",
            "solidarity's interval at or above 0.7, and above sorting's + 0.3, on active_ratio_after_shock",
            holds,
            vec![ratio],
        ));

        let homophily = self.at_week(Column::Homophily, pre);
        let cross = self.at_week(Column::CrossGroupShare, pre);
        let sd = self.opinions_before_shock("opinion_sd", (0.0, 1.0), |o| o.sd);
        let distance =
            self.opinions_before_shock("distance_from_line", (0.0, 2.0), |o| o.distance_from_line);
        let sorts = shifted_above(homophily.of("sorting"), homophily.of("solidarity"), 0.2)
            && above(cross.of("solidarity"), cross.of("sorting"), 1.0);
        claims.push(judge(
            "5",
            "sorting sorts: its homophily exceeds solidarity's by at least 0.2, and solidarity has the larger share of cross-group strong ties",
            &format!(
                "sorting above solidarity + 0.2 on {}, and solidarity above sorting on {}, both the week before the shock",
                Column::Homophily.name(),
                Column::CrossGroupShare.name()
            ),
            sorts,
            vec![homophily, cross],
        ));
        let alike = above(sd.of("solidarity"), sd.of("sorting"), 1.0);
        claims.push(judge(
            "5b",
            "what the model shows instead of 5: sorting's active members are more alike in opinion (a smaller spread) than solidarity's",
            "solidarity above sorting on the standard deviation of active members' opinions the week before the shock",
            alike,
            vec![sd, distance],
        ));

        claims.extend(self.power_against_visibility());

        let robustness = self.robustness_before_shock();
        claims.push(judge(
            "7",
            "solidarity's strong graph is more robust to targeted removal (R)",
            "solidarity above sorting on targeted R the week before the shock",
            above(robustness.of("solidarity"), robustness.of("sorting"), 1.0),
            vec![robustness],
        ));
        claims
    }
}

fn judge(
    id: &'static str,
    statement: &'static str,
    rule: &str,
    holds: bool,
    measures: Vec<Measure>,
) -> Claim {
    Claim {
        id,
        statement,
        rule: rule.to_string(),
        holds,
        measures,
    }
}

/// A's interval lies above `factor` times B's: A's lower end exceeds `factor` × B's upper.
pub fn above(a: Option<Interval>, b: Option<Interval>, factor: f64) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.low > factor * b.high)
}

/// A's interval lies above B's shifted up by `margin`.
pub fn shifted_above(a: Option<Interval>, b: Option<Interval>, margin: f64) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.low > b.high + margin)
}

/// A's interval lies at or above `x`.
pub fn at_least(a: Option<Interval>, x: f64) -> bool {
    a.is_some_and(|a| a.low >= x)
}
