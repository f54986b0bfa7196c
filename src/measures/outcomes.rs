//! The metrics of `summary.csv`: what each run comes to, computed per run and then
//! averaged over replicates by `summary.rs`.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use super::{Column, Unit};
use crate::metrics::survival::{kaplan_meier, median_survival, survival_at, Spell};
use crate::model::measure::{RobustnessSnapshot, SpellEnd, SpellRecord, WeekRow};
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

/// A metric every result reports, as declared once.
struct RunEntry {
    name: &'static str,
    unit: Unit,
    /// What it means, in plain words (the report's description); `{k}` stands for
    /// `metrics.power_k`.
    meaning: &'static str,
    /// Its value in one run of the scenario; `None` where the run leaves it undefined.
    value: fn(&RunRecord, &Scenario) -> Option<f64>,
}

/// An outcome of an organizer loss, as declared once.
struct LossEntry {
    /// The name after `shock<i>_`.
    suffix: &'static str,
    unit: Unit,
    /// What it means, in plain words; `{shock}` stands for the shock's index.
    meaning: &'static str,
    /// Its value in one run, for a loss at the week given; `None` where undefined.
    value: fn(&RunRecord, u32) -> Option<f64>,
}

/// An outcome of a crisis, as declared once.
struct CrisisEntry {
    /// The name after `shock<i>_`.
    suffix: &'static str,
    unit: Unit,
    /// What it means, in plain words; `{shock}` stands for the shock's index.
    meaning: &'static str,
    /// The weeks it is read over.
    span: CrisisSpan,
    /// Its value in one run over the weeks given (never empty); `None` where undefined.
    value: fn(&RunRecord, Range<u32>) -> Option<f64>,
}

/// Which weeks a crisis outcome is read over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CrisisSpan {
    /// The weeks of the crisis (`Scenario::crisis_weeks`).
    During,
    /// As many weeks, just before it.
    Before,
}

impl CrisisSpan {
    /// The weeks of this span for a crisis lasting `during`; `None` when it has no week,
    /// or the run has fewer weeks before the crisis than the crisis lasts.
    fn weeks(self, during: Range<u32>) -> Option<Range<u32>> {
        if during.is_empty() {
            return None;
        }
        match self {
            CrisisSpan::During => Some(during),
            CrisisSpan::Before => {
                let start = during.start.checked_sub(during.len() as u32)?;
                Some(start..during.start)
            }
        }
    }
}

/// The mean of `column` over the rows of `weeks` that define it.
fn mean_over(run: &RunRecord, weeks: Range<u32>, column: Column) -> Option<f64> {
    let values: Vec<f64> = weeks
        .filter_map(|w| row_at(run, w).and_then(|row| column.of(row)))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

/// Burnouts in `weeks`: `burnout_total` at its last row less at the row before it.
fn burnouts_over(run: &RunRecord, weeks: Range<u32>) -> Option<f64> {
    let total = |week: u32| row_at(run, week).map(|row| f64::from(row.burnout_total));
    let before = match weeks.start.checked_sub(1) {
        Some(week) => total(week)?,
        None => 0.0,
    };
    Some(total(weeks.end.checked_sub(1)?)? - before)
}

fn row_at(run: &RunRecord, week: u32) -> Option<&WeekRow> {
    run.weeks.get(week as usize)
}

fn ratio(after: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| after / before)
}

/// Kaplan–Meier retention of the run's own spells `week` weeks after joining; undefined
/// in a run that does not last beyond it.
fn retention(run: &RunRecord, scenario: &Scenario, week: u32) -> Option<f64> {
    if week >= scenario.weeks() {
        return None;
    }
    let spells: Vec<Spell> = run.spells.iter().map(survival_spell).collect();
    survival_at(&kaplan_meier(&spells), week)
}

/// The snapshot of `Scenario::robustness_week`.
fn robustness_snapshot<'r>(
    run: &'r RunRecord,
    scenario: &Scenario,
) -> Option<&'r RobustnessSnapshot> {
    let week = scenario.robustness_week()?;
    run.snapshots.iter().find(|s| s.week == week)
}

/// `column` in the last week's row.
fn at_end(run: &RunRecord, column: Column) -> Option<f64> {
    run.weeks.last().and_then(|w| column.of(w))
}

/// `column` a year after a loss at `week` over its value the week before.
fn after_over_before(run: &RunRecord, week: u32, column: Column) -> Option<f64> {
    let before = row_at(run, week.checked_sub(1)?)?;
    let after = row_at(run, week + SHOCK_FOLLOW_UP_WEEKS)?;
    ratio(column.of(after)?, column.of(before)?)
}

registry! {
    /// A metric of `summary.csv` that every result reports, in file order.
    pub enum RunMetric: RunEntry {
        Retention1y => RunEntry {
            name: "retention_1y",
            unit: Unit::Share,
            meaning: "share of members still in the movement a year after joining",
            value: |run, scenario| retention(run, scenario, WEEKS_PER_YEAR),
        },
        Retention3y => RunEntry {
            name: "retention_3y",
            unit: Unit::Share,
            meaning: "share of members still in the movement three years after joining",
            value: |run, scenario| retention(run, scenario, 3 * WEEKS_PER_YEAR),
        },
        MedianTenureWeeks => RunEntry {
            name: "median_tenure_weeks",
            unit: Unit::Weeks,
            meaning: "weeks until half the members have left",
            value: |run, _| {
                let spells: Vec<Spell> = run.spells.iter().map(survival_spell).collect();
                median_survival(&kaplan_meier(&spells)).map(f64::from)
            },
        },
        BurnoutShare5y => RunEntry {
            name: "burnout_share_5y",
            unit: Unit::Ratio,
            meaning: "burnouts per member recruited in the first five years",
            value: |run, _| {
                // Five years are weeks 0 to 259.
                let row = row_at(run, 5 * WEEKS_PER_YEAR - 1)?;
                ratio(row.burnout_total as f64, row.recruited_total as f64)
            },
        },
        RobustnessTargeted => RunEntry {
            name: "robustness_targeted",
            unit: Unit::RIndex,
            meaning: "robustness R of the strong-tie network the week before the first organizer loss (the last snapshot without one), best-connected removed first (higher holds together longer)",
            value: |run, scenario| robustness_snapshot(run, scenario).map(|s| s.targeted_index),
        },
        RobustnessRandom => RunEntry {
            name: "robustness_random",
            unit: Unit::RIndex,
            meaning: "robustness R of the strong-tie network the week before the first organizer loss (the last snapshot without one), members removed at random",
            value: |run, scenario| robustness_snapshot(run, scenario).map(|s| s.random_index),
        },
        PeakTurnout1y => RunEntry {
            name: "peak_turnout_1y",
            unit: Unit::Members,
            meaning: "largest turnout at an event in the first year",
            value: |run, _| {
                run.weeks
                    .iter()
                    .take(WEEKS_PER_YEAR as usize)
                    .map(|w| w.turnout)
                    .max()
                    .map(f64::from)
            },
        },
        ActiveEnd => RunEntry {
            name: "active_end",
            unit: Unit::Members,
            meaning: "active members at the end",
            value: |run, _| at_end(run, Column::Active),
        },
        PowerEnd => RunEntry {
            name: "power_end",
            unit: Unit::Members,
            meaning: "power (members of the {k}-core of strong ties) at the end",
            value: |run, _| at_end(run, Column::Power),
        },
        RecruitedTotalEnd => RunEntry {
            name: "recruited_total_end",
            unit: Unit::Events,
            meaning: "members recruited over the whole run",
            value: |run, _| at_end(run, Column::RecruitedTotal),
        },
        BurnoutTotalEnd => RunEntry {
            name: "burnout_total_end",
            unit: Unit::Events,
            meaning: "burnouts over the whole run",
            value: |run, _| at_end(run, Column::BurnoutTotal),
        },
        HomophilyEnd => RunEntry {
            name: "homophily_end",
            unit: Unit::Correlation,
            meaning: "opinion homophily of members' ties at the end",
            value: |run, _| at_end(run, Column::Homophily),
        },
        CrossGroupShareEnd => RunEntry {
            name: "cross_group_share_end",
            unit: Unit::Share,
            meaning: "share of strong ties across identity groups at the end",
            value: |run, _| at_end(run, Column::CrossGroupShare),
        },
        NoShowShare => RunEntry {
            name: "no_show_share",
            unit: Unit::Share,
            meaning: "share of the members asked to an event over the run who did not come",
            value: |run, _| run.patterns.no_show_share(),
        },
        AttendanceOddsPerTie => RunEntry {
            name: "attendance_odds_per_tie",
            unit: Unit::Ratio,
            meaning: "odds ratio of coming when asked to an event, per strong tie to its attendees, the distance from the line held fixed (logistic regression over the run's asks)",
            value: |run, _| run.patterns.attendance_odds().map(|[per_tie, _]| per_tie),
        },
        AttendanceOddsPerDistance => RunEntry {
            name: "attendance_odds_per_distance",
            unit: Unit::Ratio,
            meaning: "odds ratio of coming when asked to an event, from on the line (0) to the farthest from it (1), the strong ties to attendees held fixed (the same regression)",
            value: |run, _| run.patterns.attendance_odds().map(|[_, per_distance]| per_distance),
        },
        RecruitsStrongTieShare => RunEntry {
            name: "recruits_strong_tie_share",
            unit: Unit::Share,
            meaning: "share of the members recruited by outreach over the run who were asked along a strong tie",
            value: |run, _| run.patterns.recruits_strong_tie_share(),
        },
        RecruitsIndirectPerDirect => RunEntry {
            name: "recruits_indirect_per_direct",
            unit: Unit::Ratio,
            meaning: "members recruited by outreach asks of members who are not organizers, per member recruited by an organizer's own ask",
            value: |run, _| run.patterns.recruits_indirect_per_direct(),
        },
        StrongTieLoss1y => RunEntry {
            name: "strong_tie_loss_1y",
            unit: Unit::Share,
            meaning: "share of the strong ties at a snapshot that are no longer strong at the snapshot a year later",
            value: |run, _| run.patterns.strong_tie_loss_1y(),
        },
        WeakTieLoss1y => RunEntry {
            name: "weak_tie_loss_1y",
            unit: Unit::Share,
            meaning: "share of the weak ties made during the run, at a snapshot, that are gone at the snapshot a year later",
            value: |run, _| run.patterns.weak_tie_loss_1y(),
        },
    }
}

registry! {
    /// An outcome of an organizer loss, reported for each one as `shock<i>_<suffix>`, in
    /// file order.
    pub enum LossOutcome: LossEntry {
        ActiveRatio => LossEntry {
            suffix: "active_ratio",
            unit: Unit::Ratio,
            meaning: "active members a year after the organizer loss (shock {shock}), over the week before",
            value: |run, week| after_over_before(run, week, Column::Active),
        },
        TurnoutRatio => LossEntry {
            suffix: "turnout_ratio",
            unit: Unit::Ratio,
            meaning: "turnout a year after the organizer loss (shock {shock}), over the week before",
            value: |run, week| after_over_before(run, week, Column::Turnout),
        },
        PowerRatio => LossEntry {
            suffix: "power_ratio",
            unit: Unit::Ratio,
            meaning: "power a year after the organizer loss (shock {shock}), over the week before",
            value: |run, week| after_over_before(run, week, Column::Power),
        },
        WeeksToNextEvent => LossEntry {
            suffix: "weeks_to_next_event",
            unit: Unit::Weeks,
            meaning: "weeks from the organizer loss (shock {shock}) to the next event",
            value: |run, week| {
                run.weeks
                    .iter()
                    .skip(week as usize)
                    .find(|w| w.event_held)
                    .map(|w| (w.week - week) as f64)
            },
        },
    }
}

registry! {
    /// An outcome of a crisis, reported for each one as `shock<i>_<suffix>`, in file
    /// order: each of needs met, energy and burnouts over as many weeks just before the
    /// crisis as it lasts, then during it.
    pub enum CrisisOutcome: CrisisEntry {
        NeedsMetBefore => CrisisEntry {
            suffix: "needs_met_before",
            unit: Unit::Share,
            meaning: "mean weekly share of open needs met over as many weeks before the crisis (shock {shock}) as it lasts",
            span: CrisisSpan::Before,
            value: |run, weeks| mean_over(run, weeks, Column::NeedsMetShare),
        },
        NeedsMetDuring => CrisisEntry {
            suffix: "needs_met_during",
            unit: Unit::Share,
            meaning: "mean weekly share of open needs met during the crisis (shock {shock})",
            span: CrisisSpan::During,
            value: |run, weeks| mean_over(run, weeks, Column::NeedsMetShare),
        },
        EnergyBefore => CrisisEntry {
            suffix: "energy_before",
            unit: Unit::Level,
            meaning: "mean energy of the active residents over as many weeks before the crisis (shock {shock}) as it lasts",
            span: CrisisSpan::Before,
            value: |run, weeks| mean_over(run, weeks, Column::MeanEnergy),
        },
        EnergyDuring => CrisisEntry {
            suffix: "energy_during",
            unit: Unit::Level,
            meaning: "mean energy of the active residents during the crisis (shock {shock})",
            span: CrisisSpan::During,
            value: |run, weeks| mean_over(run, weeks, Column::MeanEnergy),
        },
        BurnoutsBefore => CrisisEntry {
            suffix: "burnouts_before",
            unit: Unit::Events,
            meaning: "burnouts over as many weeks before the crisis (shock {shock}) as it lasts",
            span: CrisisSpan::Before,
            value: burnouts_over,
        },
        BurnoutsDuring => CrisisEntry {
            suffix: "burnouts_during",
            unit: Unit::Events,
            meaning: "burnouts during the crisis (shock {shock})",
            span: CrisisSpan::During,
            value: burnouts_over,
        },
    }
}

impl RunMetric {
    /// Its name in `summary.csv`.
    pub fn name(self) -> &'static str {
        self.entry().name
    }
}

impl LossOutcome {
    /// Its name in `summary.csv` after `shock<i>_`.
    pub fn suffix(self) -> &'static str {
        self.entry().suffix
    }
}

impl CrisisOutcome {
    /// Its name in `summary.csv` after `shock<i>_`.
    pub fn suffix(self) -> &'static str {
        self.entry().suffix
    }
}

/// A metric of `summary.csv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Metric {
    /// One that every result reports.
    Run(RunMetric),
    /// An outcome of the organizer loss that is shock `shock` of the scenario (its index
    /// among all the scenario's shocks).
    Loss { shock: usize, outcome: LossOutcome },
    /// An outcome of the crisis that is shock `shock` of the scenario.
    Crisis {
        shock: usize,
        outcome: CrisisOutcome,
    },
}

impl From<RunMetric> for Metric {
    fn from(metric: RunMetric) -> Metric {
        Metric::Run(metric)
    }
}

impl Metric {
    /// The metrics `summary.csv` reports for `scenario`, in file order: every `RunMetric`,
    /// then, shock by shock, every `LossOutcome` of an organizer loss and every
    /// `CrisisOutcome` of a crisis.
    pub fn all(scenario: &Scenario) -> Vec<Metric> {
        let mut list: Vec<Metric> = RunMetric::ALL.iter().map(|&m| m.into()).collect();
        for (shock, s) in scenario.shocks.iter().enumerate() {
            match s {
                Shock::OrganizerLoss(_) => list.extend(
                    LossOutcome::ALL
                        .iter()
                        .map(|&outcome| Metric::Loss { shock, outcome }),
                ),
                Shock::Crisis(_) => list.extend(
                    CrisisOutcome::ALL
                        .iter()
                        .map(|&outcome| Metric::Crisis { shock, outcome }),
                ),
                Shock::PolarizingIssue(_) => {}
            }
        }
        list
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::Run(m) => m.entry().unit,
            Metric::Loss { outcome, .. } => outcome.entry().unit,
            Metric::Crisis { outcome, .. } => outcome.entry().unit,
        }
    }

    /// What it means in `scenario`, in plain words.
    pub fn meaning(self, scenario: &Scenario) -> String {
        match self {
            Metric::Run(m) => m
                .entry()
                .meaning
                .replace("{k}", &scenario.metrics.power_k.to_string()),
            Metric::Loss { shock, outcome } => outcome
                .entry()
                .meaning
                .replace("{shock}", &shock.to_string()),
            Metric::Crisis { shock, outcome } => outcome
                .entry()
                .meaning
                .replace("{shock}", &shock.to_string()),
        }
    }

    /// Its value in `run`, one run of `scenario`; `None` where the run leaves it
    /// undefined, or where shock `shock` is not of the metric's kind.
    pub fn value(self, run: &RunRecord, scenario: &Scenario) -> Option<f64> {
        match self {
            Metric::Run(m) => (m.entry().value)(run, scenario),
            Metric::Loss { shock, outcome } => match scenario.shocks.get(shock)? {
                Shock::OrganizerLoss(loss) => (outcome.entry().value)(run, loss.week),
                _ => None,
            },
            Metric::Crisis { shock, outcome } => {
                let entry = outcome.entry();
                let weeks = entry.span.weeks(scenario.crisis_weeks(shock)?)?;
                (entry.value)(run, weeks)
            }
        }
    }
}

/// The metric's name in `summary.csv`.
impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::Run(m) => f.write_str(m.name()),
            Metric::Loss { shock, outcome } => write!(f, "shock{shock}_{}", outcome.suffix()),
            Metric::Crisis { shock, outcome } => {
                write!(f, "shock{shock}_{}", outcome.suffix())
            }
        }
    }
}

/// A name that is no summary metric.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a summary metric")]
pub struct UnknownMetric(pub String);

/// Reads a metric back from its name, exactly as `Display` writes it (`shock01_…` is not
/// `shock1_…`).
impl FromStr for Metric {
    type Err = UnknownMetric;

    fn from_str(name: &str) -> Result<Metric, UnknownMetric> {
        let run = RunMetric::ALL.iter().find(|m| m.name() == name);
        let metric = run.map(|&m| Metric::Run(m)).or_else(|| {
            let rest = name.strip_prefix("shock")?;
            let (index, suffix) = rest.split_once('_')?;
            let shock = index.parse::<usize>().ok()?;
            let loss = LossOutcome::ALL.iter().find(|o| o.suffix() == suffix);
            let crisis = CrisisOutcome::ALL.iter().find(|o| o.suffix() == suffix);
            match (loss, crisis) {
                (Some(&outcome), _) => Some(Metric::Loss { shock, outcome }),
                (None, Some(&outcome)) => Some(Metric::Crisis { shock, outcome }),
                (None, None) => None,
            }
        });
        metric
            .filter(|m| m.to_string() == name)
            .ok_or_else(|| UnknownMetric(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spell(joined: u32, left: u32, end: SpellEnd) -> SpellRecord {
        SpellRecord {
            resident: 0,
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

    fn names_of(scenario: &Scenario) -> Vec<String> {
        Metric::all(scenario)
            .iter()
            .map(Metric::to_string)
            .collect()
    }

    const TWO_LOSSES: &str = "years = 2\n[strategy.a]\n[[shock]]\nkind = \"organizer_loss\"\nweek = 10\ntarget = \"all_initial\"\n[[shock]]\nkind = \"polarizing_issue\"\nweek = 20\nsalience = 0.5\n[[shock]]\nkind = \"organizer_loss\"\nweek = 30\ntarget = \"all_initial\"\n";

    #[test]
    fn each_organizer_loss_adds_its_outcomes_numbered_among_all_shocks() {
        let scenario = Scenario::parse("t", "t.toml", TWO_LOSSES, &[]).unwrap();
        let names = names_of(&scenario);
        let run = RunMetric::ALL.len();
        assert_eq!(names.len(), run + 2 * LossOutcome::ALL.len());
        assert_eq!(names[run], "shock0_active_ratio");
        assert_eq!(names[run + LossOutcome::ALL.len()], "shock2_active_ratio");
        assert_eq!(names.last().unwrap(), "shock2_weeks_to_next_event");
    }

    #[test]
    fn names_read_back_exactly() {
        let scenario = Scenario::parse("t", "t.toml", TWO_LOSSES, &[]).unwrap();
        for (k, metric) in Metric::all(&scenario).iter().enumerate() {
            let name = metric.to_string();
            assert_eq!(name.parse::<Metric>(), Ok(*metric));
            assert!(
                !Metric::all(&scenario)[..k]
                    .iter()
                    .any(|m| m.to_string() == name),
                "{name} twice"
            );
        }
        for bad in [
            "something_new",
            "shock01_active_ratio",
            "shock_active_ratio",
            "shock+1_active_ratio",
            "shock1_active",
            "shock1_active_ratio_",
            "",
        ] {
            assert_eq!(
                bad.parse::<Metric>(),
                Err(UnknownMetric(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn meanings_fill_in_the_core_and_the_shock() {
        let text = format!("{TWO_LOSSES}[metrics]\npower_k = 4\n");
        let scenario = Scenario::parse("t", "t.toml", &text, &[]).unwrap();
        let power_end = Metric::Run(RunMetric::PowerEnd).meaning(&scenario);
        assert_eq!(
            power_end,
            "power (members of the 4-core of strong ties) at the end"
        );
        let loss = Metric::Loss {
            shock: 2,
            outcome: LossOutcome::WeeksToNextEvent,
        };
        assert_eq!(
            loss.meaning(&scenario),
            "weeks from the organizer loss (shock 2) to the next event"
        );
        for metric in Metric::all(&scenario) {
            let meaning = metric.meaning(&scenario);
            assert!(!meaning.is_empty(), "{metric}");
            assert!(!meaning.contains(['{', '}']), "{metric}: {meaning}");
        }
    }

    /// A crisis at week 20 for 8 weeks, then a loss, in a run of two years.
    const CRISIS: &str = "years = 2\n[strategy.a]\n[[shock]]\nkind = \"crisis\"\nweek = 20\nduration_weeks = 8\n[[shock]]\nkind = \"organizer_loss\"\nweek = 30\ntarget = \"all_initial\"\n";

    fn record(weeks: Vec<WeekRow>) -> RunRecord {
        RunRecord {
            strategy: 0,
            replicate: 0,
            weeks,
            spells: vec![],
            snapshots: vec![],
            networks: vec![],
            patterns: Default::default(),
        }
    }

    #[test]
    fn a_crisis_adds_its_outcomes_in_shock_order_and_they_read_back() {
        let scenario = Scenario::parse("t", "t.toml", CRISIS, &[]).unwrap();
        let names = names_of(&scenario);
        let run = RunMetric::ALL.len();
        assert_eq!(
            &names[run..run + 3],
            [
                "shock0_needs_met_before",
                "shock0_needs_met_during",
                "shock0_energy_before"
            ]
        );
        assert_eq!(names[run + CrisisOutcome::ALL.len()], "shock1_active_ratio");
        for metric in Metric::all(&scenario) {
            assert_eq!(metric.to_string().parse::<Metric>(), Ok(metric));
        }
        for crisis in CrisisOutcome::ALL {
            assert!(
                !LossOutcome::ALL
                    .iter()
                    .any(|l| l.suffix() == crisis.suffix()),
                "{} names two outcomes",
                crisis.suffix()
            );
        }
    }

    #[test]
    fn crisis_outcomes_compare_its_weeks_with_as_many_before() {
        let scenario = Scenario::parse("t", "t.toml", CRISIS, &[]).unwrap();
        // Weeks 12..20 before, 20..28 during; one burnout a week during the crisis and
        // one every other week before it.
        let mut total = 0;
        let weeks = (0..104)
            .map(|w| {
                let during = (20..28).contains(&w);
                if during || (w % 2 == 0 && w < 20) {
                    total += 1;
                }
                WeekRow {
                    week: w,
                    burnout_total: total,
                    needs_met_share: match w {
                        12..=19 => Some(0.75),
                        20..=27 if w % 2 == 0 => Some(0.25),
                        // Undefined weeks (no open need) do not count.
                        20..=27 => None,
                        _ => Some(1.0),
                    },
                    mean_energy: Some(if during { 0.5 } else { 0.625 }),
                    ..WeekRow::default()
                }
            })
            .collect();
        let run = record(weeks);
        let value = |outcome| Metric::Crisis { shock: 0, outcome }.value(&run, &scenario);
        assert_eq!(value(CrisisOutcome::NeedsMetBefore), Some(0.75));
        assert_eq!(value(CrisisOutcome::NeedsMetDuring), Some(0.25));
        assert_eq!(value(CrisisOutcome::EnergyBefore), Some(0.625));
        assert_eq!(value(CrisisOutcome::EnergyDuring), Some(0.5));
        assert_eq!(value(CrisisOutcome::BurnoutsBefore), Some(4.0));
        assert_eq!(value(CrisisOutcome::BurnoutsDuring), Some(8.0));
        let wrong_kind = Metric::Crisis {
            shock: 1,
            outcome: CrisisOutcome::BurnoutsDuring,
        };
        assert_eq!(wrong_kind.value(&run, &scenario), None, "shock 1 is a loss");
    }

    #[test]
    fn a_crisis_with_too_few_weeks_before_it_has_no_before() {
        let text = CRISIS.replace("week = 20", "week = 5");
        let scenario = Scenario::parse("t", "t.toml", &text, &[]).unwrap();
        let weeks = (0..104)
            .map(|w| WeekRow {
                week: w,
                burnout_total: w,
                ..WeekRow::default()
            })
            .collect();
        let run = record(weeks);
        let value = |outcome| Metric::Crisis { shock: 0, outcome }.value(&run, &scenario);
        assert_eq!(value(CrisisOutcome::BurnoutsBefore), None);
        assert_eq!(value(CrisisOutcome::BurnoutsDuring), Some(8.0));
        assert_eq!(
            value(CrisisOutcome::NeedsMetDuring),
            None,
            "no week defines it"
        );
        let from_zero = CRISIS.replace("week = 20", "week = 0");
        let scenario = Scenario::parse("t", "t.toml", &from_zero, &[]).unwrap();
        let value = |outcome| Metric::Crisis { shock: 0, outcome }.value(&run, &scenario);
        assert_eq!(
            value(CrisisOutcome::BurnoutsDuring),
            Some(7.0),
            "rows 0 to 7"
        );
    }

    /// The pattern metrics read the run's `PatternRecord`: here two asks, one answered by
    /// coming, and three recruits, two by members' asks, one along a strong tie.
    #[test]
    fn pattern_metrics_read_the_runs_asks_and_recruits() {
        use crate::measures::{PatternRecord, RecruitCounts};
        use crate::model::measure::Ask;
        let scenario = Scenario::parse("t", "t.toml", CRISIS, &[]).unwrap();
        let ask = |came| Ask {
            strong_ties_to_attendees: 1,
            distance: 0.2,
            came,
        };
        let mut run = record(vec![]);
        run.patterns = PatternRecord {
            recruits: RecruitCounts {
                by_organizer: 1,
                by_member: 2,
                along_strong_tie: 1,
            },
            ..PatternRecord::default()
        };
        run.patterns.asks.add(&ask(true));
        run.patterns.asks.add(&ask(false));
        let value = |m: RunMetric| Metric::Run(m).value(&run, &scenario);
        assert_eq!(value(RunMetric::NoShowShare), Some(0.5));
        assert_eq!(value(RunMetric::RecruitsStrongTieShare), Some(1.0 / 3.0));
        assert_eq!(value(RunMetric::RecruitsIndirectPerDirect), Some(2.0));
        assert_eq!(
            value(RunMetric::AttendanceOddsPerTie),
            None,
            "nothing varies"
        );
        assert_eq!(value(RunMetric::StrongTieLoss1y), None, "no snapshot");
        assert_eq!(value(RunMetric::WeakTieLoss1y), None);
    }

    #[test]
    fn a_loss_metric_of_a_shock_that_is_no_organizer_loss_is_undefined() {
        let scenario = Scenario::parse("t", "t.toml", TWO_LOSSES, &[]).unwrap();
        let weeks = (0..104)
            .map(|w| WeekRow {
                week: w,
                active: 10,
                event_held: true,
                ..WeekRow::default()
            })
            .collect();
        let run = RunRecord {
            strategy: 0,
            replicate: 0,
            weeks,
            spells: vec![],
            snapshots: vec![],
            networks: vec![],
            patterns: Default::default(),
        };
        let at = |shock| {
            Metric::Loss {
                shock,
                outcome: LossOutcome::ActiveRatio,
            }
            .value(&run, &scenario)
        };
        assert_eq!(at(0), Some(1.0));
        assert_eq!(at(1), None, "shock 1 is a polarizing issue");
        assert_eq!(at(3), None, "there is no shock 3");
    }
}
