//! The contents of a result directory (`docs/ODD.md` 7.12): each file on its own, and the
//! files recounted against each other.

mod cli_support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use cli_support::*;
use solidarity::measures::Metric;

/// The values `metric` can take: its interval is clipped to them.
fn range_of(metric: &str) -> (f64, f64) {
    let metric: Metric = metric.parse().expect("a summary metric");
    metric.unit().range()
}

const EPS: f64 = 1e-5;

fn close(a: f64, b: f64, what: &str) {
    assert!((a - b).abs() <= EPS, "{what}: {a} != {b}");
}

/// Strategies in the order of their first row in `timeseries.csv`.
fn strategies(ts: &Table) -> Vec<String> {
    let mut seen = Vec::new();
    for s in ts.column("strategy") {
        if !seen.iter().any(|x: &String| x == s) {
            seen.push(s.to_string());
        }
    }
    seen
}

/// One row of `summary.csv`.
#[derive(Debug, Clone)]
struct Stat {
    mean: Option<f64>,
    low: Option<f64>,
    high: Option<f64>,
    n: u64,
}

fn summary(dir: &Path) -> BTreeMap<(String, String), Stat> {
    let t = Table::read(&dir.join("summary.csv"));
    let (s, m, mean, lo, hi, n) = (
        t.col("strategy"),
        t.col("metric"),
        t.col("mean"),
        t.col("ci_low"),
        t.col("ci_high"),
        t.col("replicates"),
    );
    let mut out = BTreeMap::new();
    for row in &t.rows {
        let stat = Stat {
            mean: opt(&row[mean]),
            low: opt(&row[lo]),
            high: opt(&row[hi]),
            n: int(&row[n]),
        };
        let key = (row[s].clone(), row[m].clone());
        assert!(
            out.insert(key.clone(), stat).is_none(),
            "summary.csv repeats {key:?}"
        );
    }
    out
}

/// A membership spell from `tenure.csv`: (duration in weeks, ended by burnout or departure).
type Spell = (u64, bool);

/// Tenure spells per (strategy, replicate).
fn spells(dir: &Path) -> BTreeMap<(String, u64), Vec<Spell>> {
    let t = Table::read(&dir.join("tenure.csv"));
    let (s, r, j, l, why) = (
        t.col("strategy"),
        t.col("replicate"),
        t.col("joined_week"),
        t.col("left_week"),
        t.col("reason"),
    );
    let mut out: BTreeMap<(String, u64), Vec<Spell>> = BTreeMap::new();
    for row in &t.rows {
        let ended = matches!(row[why].as_str(), "burnout" | "departed");
        out.entry((row[s].clone(), int(&row[r])))
            .or_default()
            .push((int(&row[l]) - int(&row[j]), ended));
    }
    out
}

/// Kaplan–Meier from spells: (week, at_risk, events, survival, greenwood sum) for every
/// week 0 to the longest duration.
fn kaplan_meier(spells: &[Spell]) -> Vec<(u64, u64, u64, f64, f64)> {
    let Some(last) = spells.iter().map(|s| s.0).max() else {
        return Vec::new();
    };
    let mut survival = 1.0;
    let mut greenwood = 0.0;
    (0..=last)
        .map(|t| {
            let n = spells.iter().filter(|s| s.0 >= t).count() as u64;
            let d = spells.iter().filter(|s| s.0 == t && s.1).count() as u64;
            if d > 0 {
                if d < n {
                    survival *= (n - d) as f64 / n as f64;
                    greenwood += d as f64 / (n as f64 * (n - d) as f64);
                } else {
                    survival = 0.0;
                }
            }
            (t, n, d, survival, greenwood)
        })
        .collect()
}

/// The mean and 95% Student-t half-width of two values (the tiny scenario's replicates).
fn mean_and_half_width(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    assert_eq!(
        values.len(),
        2,
        "only two replicates have a tabulated t here"
    );
    let var = values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, 12.706 * (var / n).sqrt())
}

/// Compares a summary row with the values recounted from the data files, one per
/// replicate where the metric is defined.
fn assert_summary(
    stats: &BTreeMap<(String, String), Stat>,
    strategy: &str,
    metric: &str,
    values: &[f64],
) {
    let key = (strategy.to_string(), metric.to_string());
    let stat = stats
        .get(&key)
        .unwrap_or_else(|| panic!("summary.csv has no {key:?}"));
    assert_eq!(
        stat.n,
        values.len() as u64,
        "{key:?}: replicates ({values:?})"
    );
    if values.is_empty() {
        assert!(stat.mean.is_none(), "{key:?} is defined by no replicate");
        return;
    }
    let (mean, half) = mean_and_half_width(values);
    let tolerance = 1e-5 * (1.0 + mean.abs());
    let got = stat.mean.unwrap();
    assert!(
        (got - mean).abs() <= tolerance,
        "{key:?}: mean {got}, recounted {mean} from {values:?}"
    );
    let (low, high) = (stat.low.unwrap(), stat.high.unwrap());
    let (floor, ceiling) = range_of(metric);
    assert!(
        (low - (mean - half).max(floor)).abs() <= 1e-4 * (1.0 + half),
        "{key:?}: ci_low {low}"
    );
    assert!(
        (high - (mean + half).min(ceiling)).abs() <= 1e-4 * (1.0 + half),
        "{key:?}: ci_high {high}"
    );
}

// ---------------------------------------------------------------------------------------
// timeseries.csv
// ---------------------------------------------------------------------------------------

#[test]
fn timeseries_has_one_row_per_strategy_replicate_and_week() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    assert_eq!(strategies(&ts), ["sorting", "solidarity"]);
    assert_eq!(
        ts.rows.len() as u32,
        2 * TINY_REPLICATES * TINY_WEEKS,
        "strategies x replicates x weeks rows"
    );
    let runs = runs_of(&ts);
    assert_eq!(runs.len() as u32, 2 * TINY_REPLICATES);
    let week = ts.col("week");
    for ((strategy, replicate), rows) in &runs {
        assert!(
            *replicate < u64::from(TINY_REPLICATES),
            "replicates number from 0"
        );
        let weeks: Vec<u64> = rows.iter().map(|r| int(&r[week])).collect();
        let expected: Vec<u64> = (0..u64::from(TINY_WEEKS)).collect();
        assert_eq!(
            weeks, expected,
            "{strategy} r{replicate}: weeks 0..weeks-1 in order"
        );
    }
    // Each run's rows are contiguous in the file.
    let (s, r) = (ts.col("strategy"), ts.col("replicate"));
    let mut blocks = 0;
    for pair in ts.rows.windows(2) {
        if (pair[0][s].as_str(), pair[0][r].as_str()) != (pair[1][s].as_str(), pair[1][r].as_str())
        {
            blocks += 1;
        }
    }
    assert_eq!(blocks + 1, runs.len(), "a run's rows are split up");
}

#[test]
fn timeseries_values_are_in_range() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let c = |name: &str| ts.col(name);
    let k = 3; // metrics.power_k, default
    let population = 200;
    for row in &ts.rows {
        let at = format!("{}/{}/week {}", row[0], row[1], row[2]);
        let active = int(&row[c("active")]);
        let organizers = int(&row[c("organizers")]);
        let power = int(&row[c("power")]);
        let lcc = num(&row[c("lcc_fraction")]);
        assert!(organizers <= active, "{at}: organizers > active");
        assert!(active + int(&row[c("burned_out")]) <= population, "{at}");
        assert!(
            int(&row[c("burned_out")]) <= int(&row[c("burnout_total")]),
            "{at}: more burned out now than burnouts ever"
        );
        assert!(power <= active, "{at}: power {power} > active {active}");
        assert!(
            power == 0 || power > k,
            "{at}: a non-empty {k}-core has more than {k} nodes, not {power}"
        );
        assert!((0.0..=1.0).contains(&lcc), "{at}: lcc_fraction {lcc}");
        if active == 0 {
            assert_eq!(lcc, 0.0, "{at}: lcc_fraction with no one active");
        } else {
            let nodes = lcc * active as f64;
            assert!(
                nodes >= 1.0 - 1e-3,
                "{at}: the largest component has a node"
            );
            assert!(
                (nodes - nodes.round()).abs() < 1e-3,
                "{at}: lcc {lcc} x {active}"
            );
            let energy = opt(&row[c("mean_energy")]).expect("mean_energy of active members");
            assert!((0.0..=1.0).contains(&energy), "{at}: mean_energy {energy}");
        }
        assert!(int(&row[c("turnout")]) <= population, "{at}");
        for (name, low) in [
            ("needs_met_share", 0.0),
            ("mean_strength", 0.0),
            ("cross_group_share", 0.0),
            ("homophily", -1.0),
        ] {
            if let Some(x) = opt(&row[c(name)]) {
                assert!(x >= low - EPS && x <= 1.0 + EPS, "{at}: {name} = {x}");
            }
        }
        let strong = int(&row[c("ties_strong")]);
        if let Some(share) = opt(&row[c("cross_group_share")]) {
            let ties = share * strong as f64;
            assert!(
                (ties - ties.round()).abs() < 1e-2,
                "{at}: {share} x {strong} ties"
            );
        }
    }
}

#[test]
fn timeseries_totals_never_decrease_and_people_are_accounted_for() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let c = |name: &str| ts.col(name);
    for ((strategy, replicate), rows) in runs_of(&ts) {
        for pair in rows.windows(2) {
            for total in ["burnout_total", "departed_total", "recruited_total"] {
                assert!(
                    int(&pair[1][c(total)]) >= int(&pair[0][c(total)]),
                    "{strategy} r{replicate}: {total} fell at week {}",
                    pair[1][c("week")]
                );
            }
        }
        // Everyone ever in the movement (the initial organizers and every recruit) is
        // active, resting, departed, or was removed by the organizer loss. Nobody is
        // removed before it; afterwards the removed stay removed and at most every
        // initial organizer is.
        let mut removed_after = None;
        for row in &rows {
            let week = int(&row[c("week")]) as u32;
            let ever = i64::from(TINY_ORGANIZERS) + int(&row[c("recruited_total")]) as i64;
            let accounted = (int(&row[c("active")])
                + int(&row[c("burned_out")])
                + int(&row[c("departed_total")])) as i64;
            let removed = ever - accounted;
            if week < TINY_SHOCK_WEEK {
                assert_eq!(
                    removed, 0,
                    "{strategy} r{replicate} week {week}: unaccounted"
                );
            } else {
                assert!(
                    (0..=i64::from(TINY_ORGANIZERS)).contains(&removed),
                    "{strategy} r{replicate} week {week}: {removed} removed"
                );
                assert_eq!(
                    *removed_after.get_or_insert(removed),
                    removed,
                    "week {week}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// tenure.csv, retention.csv
// ---------------------------------------------------------------------------------------

#[test]
fn tenure_rows_are_valid() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let t = Table::read(&dir.join("tenure.csv"));
    assert!(!t.rows.is_empty());
    let (j, l, why, agent) = (
        t.col("joined_week"),
        t.col("left_week"),
        t.col("reason"),
        t.col("resident"),
    );
    let mut open: BTreeSet<(String, String, String)> = BTreeSet::new();
    for row in &t.rows {
        let (joined, left) = (int(&row[j]), int(&row[l]));
        assert!(left >= joined, "left before joining: {row:?}");
        assert!(left < u64::from(TINY_WEEKS), "left after the run: {row:?}");
        assert!(int(&row[agent]) < 200, "no such resident: {row:?}");
        match row[why].as_str() {
            "censored" => {
                assert_eq!(
                    left,
                    u64::from(TINY_WEEKS) - 1,
                    "censored before the end: {row:?}"
                );
                // One open spell per member at the end.
                let key = (row[0].clone(), row[1].clone(), row[agent].clone());
                assert!(open.insert(key), "two open spells: {row:?}");
            }
            "removed" => assert_eq!(
                left,
                u64::from(TINY_SHOCK_WEEK),
                "removed off the shock: {row:?}"
            ),
            "burnout" | "departed" => {}
            other => panic!("unknown reason `{other}` in {row:?}"),
        }
    }
}

#[test]
fn retention_is_the_kaplan_meier_curve_of_tenure() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ret = Table::read(&dir.join("retention.csv"));
    let pooled: BTreeMap<String, Vec<Spell>> =
        spells(&dir)
            .into_iter()
            .fold(BTreeMap::new(), |mut acc, ((s, _), v)| {
                acc.entry(s).or_insert_with(Vec::new).extend(v);
                acc
            });
    let c = |name: &str| ret.col(name);
    let mut by_strategy: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for row in &ret.rows {
        by_strategy
            .entry(row[c("strategy")].clone())
            .or_default()
            .push(row.clone());
    }
    assert_eq!(
        by_strategy.keys().collect::<Vec<_>>(),
        pooled.keys().collect::<Vec<_>>(),
        "a retention curve for each strategy with members"
    );
    for (strategy, rows) in &by_strategy {
        let mut last_survival = 1.0;
        let mut last_week = None;
        for row in rows {
            let week = int(&row[c("week")]);
            let (s, lo, hi) = (
                num(&row[c("survival")]),
                num(&row[c("ci_low")]),
                num(&row[c("ci_high")]),
            );
            assert!(
                last_week.map_or(true, |w| week > w),
                "{strategy}: weeks out of order"
            );
            last_week = Some(week);
            assert!(
                s <= last_survival + 1e-9,
                "{strategy} week {week}: survival rose"
            );
            last_survival = s;
            assert!(
                0.0 <= lo && lo <= s + 1e-9 && s <= hi + 1e-9 && hi <= 1.0,
                "{strategy} week {week}: {lo} {s} {hi}"
            );
            assert!(int(&row[c("events")]) <= int(&row[c("at_risk")]));
        }
        // Recount from tenure.csv: spells pooled over replicates; burnout and departure
        // end a spell, removal and the end of the run censor it.
        let km = kaplan_meier(&pooled[strategy]);
        let by_week: BTreeMap<u64, &Vec<String>> =
            rows.iter().map(|r| (int(&r[c("week")]), r)).collect();
        for (week, at_risk, events, survival, greenwood) in km {
            let Some(row) = by_week.get(&week) else {
                assert_eq!(events, 0, "{strategy}: no row for week {week} with events");
                continue;
            };
            assert_eq!(
                int(&row[c("at_risk")]),
                at_risk,
                "{strategy} week {week}: at_risk"
            );
            assert_eq!(
                int(&row[c("events")]),
                events,
                "{strategy} week {week}: events"
            );
            close(num(&row[c("survival")]), survival, "survival");
            // Greenwood's band, clipped to [0, 1].
            let half = 1.96 * survival * greenwood.sqrt();
            close(num(&row[c("ci_low")]), (survival - half).max(0.0), "ci_low");
            close(
                num(&row[c("ci_high")]),
                (survival + half).min(1.0),
                "ci_high",
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// robustness.csv
// ---------------------------------------------------------------------------------------

/// Robustness curves by (strategy, replicate, week, mode): (fraction_removed, lcc) points.
type Curves = BTreeMap<(String, u64, u64, String), Vec<(f64, f64)>>;

fn curves(dir: &Path) -> Curves {
    let t = Table::read(&dir.join("robustness.csv"));
    let c = |name: &str| t.col(name);
    let mut out: Curves = BTreeMap::new();
    for row in &t.rows {
        out.entry((
            row[c("strategy")].clone(),
            int(&row[c("replicate")]),
            int(&row[c("week")]),
            row[c("mode")].clone(),
        ))
        .or_default()
        .push((
            num(&row[c("fraction_removed")]),
            num(&row[c("lcc_fraction")]),
        ));
    }
    out
}

#[test]
fn robustness_curves_are_valid_and_match_the_timeseries() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let runs = runs_of(&ts);
    let (active_col, lcc_col) = (ts.col("active"), ts.col("lcc_fraction"));
    let curves = curves(&dir);
    assert!(!curves.is_empty());
    let mut modes: BTreeMap<(String, u64, u64), BTreeSet<String>> = BTreeMap::new();
    for ((strategy, replicate, week, mode), points) in &curves {
        let at = format!("{strategy} r{replicate} week {week} {mode}");
        assert!(mode == "targeted" || mode == "random", "{at}: unknown mode");
        modes
            .entry((strategy.clone(), *replicate, *week))
            .or_default()
            .insert(mode.clone());
        assert!(
            *week < u64::from(TINY_WEEKS),
            "{at}: snapshot outside the run"
        );
        let row = &runs[&(strategy.clone(), *replicate)][*week as usize];
        let active = int(&row[active_col]);
        assert_eq!(
            points.len() as u64,
            active.min(100),
            "{at}: one point per active member removed (at most 100)"
        );
        let mut previous = (0.0, 1.0);
        for (i, &(fraction, lcc)) in points.iter().enumerate() {
            if active <= 100 {
                // Complete curve: the k-th point follows the k-th removal, and its largest
                // component is a whole number of the week's active members.
                close(fraction, (i + 1) as f64 / active as f64, "fraction_removed");
                let nodes = lcc * active as f64;
                assert!((nodes - nodes.round()).abs() < 1e-3, "{at}: lcc {lcc}");
            }
            assert!(
                fraction > 0.0 && fraction <= 1.0,
                "{at}: fraction_removed {fraction}"
            );
            assert!((0.0..=1.0).contains(&lcc), "{at}: lcc_fraction {lcc}");
            assert!(
                fraction > previous.0,
                "{at}: fraction_removed not increasing"
            );
            assert!(
                lcc <= previous.1 + 1e-9,
                "{at}: removing a node grew the component"
            );
            previous = (fraction, lcc);
        }
        assert_eq!(
            previous,
            (1.0, 0.0),
            "{at}: the curve ends with everyone removed"
        );
        // The curve starts from that week's strong graph: removing members never grows
        // its largest component.
        let before = num(&row[lcc_col]);
        let first = points[0].1;
        assert!(
            first <= before + EPS,
            "{at}: {first} after one removal > {before}"
        );
    }
    for (key, found) in &modes {
        assert_eq!(found.len(), 2, "{key:?}: both modes at each snapshot");
    }
    // Snapshots include the week just before the organizer loss, for every run whose
    // strong graph is not empty then.
    for (strategy, replicate) in runs.keys() {
        let key = (strategy.clone(), *replicate, u64::from(TINY_SHOCK_WEEK) - 1);
        assert!(
            modes.contains_key(&key),
            "no snapshot just before the loss: {key:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// summary.csv and manifest.json
// ---------------------------------------------------------------------------------------

#[test]
fn summary_has_the_contract_metrics_and_well_formed_rows() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let stats = summary(&dir);
    for strategy in ["sorting", "solidarity"] {
        for metric in CONTRACT_METRICS.iter().chain(&SHOCK0_METRICS) {
            assert!(
                stats.contains_key(&(strategy.to_string(), metric.to_string())),
                "summary.csv lacks {metric} for {strategy}"
            );
        }
    }
    for (key, stat) in &stats {
        assert!(stat.n <= u64::from(TINY_REPLICATES), "{key:?}: {stat:?}");
        match (stat.mean, stat.low, stat.high) {
            (None, None, None) => assert_eq!(stat.n, 0, "{key:?}: {stat:?}"),
            (Some(mean), Some(low), Some(high)) => {
                assert!(stat.n > 0, "{key:?}: a mean of no replicate");
                assert!(low <= mean + EPS && mean <= high + EPS, "{key:?}: {stat:?}");
                let (floor, ceiling) = range_of(&key.1);
                assert!(
                    low >= floor - EPS && high <= ceiling + EPS,
                    "{key:?}: {stat:?}"
                );
                // Symmetric about the mean unless an end is clipped to the range.
                if low > floor + EPS && high < ceiling - EPS {
                    close(mean - low, high - mean, "symmetric interval");
                }
            }
            _ => panic!("{key:?}: a partly empty row {stat:?}"),
        }
    }
    // Defined where the run is long enough for them.
    for strategy in ["sorting", "solidarity"] {
        for metric in [
            "retention_1y",
            "robustness_targeted",
            "robustness_random",
            "shock0_active_ratio",
        ] {
            let stat = &stats[&(strategy.to_string(), metric.to_string())];
            assert_eq!(
                stat.n,
                u64::from(TINY_REPLICATES),
                "{strategy} {metric}: {stat:?}"
            );
        }
    }
}

#[test]
fn shock_metrics_are_numbered_by_organizer_loss_shocks() {
    let root = tempfile::tempdir().unwrap();
    // Shock 0 is a crisis, shock 1 an organizer loss: only shock1_* are reported.
    let text = TINY.replacen(
        "[[shock]]",
        "[[shock]]\nkind = \"crisis\"\nweek = 10\nduration_weeks = 4\nintensity = 2.0\n\n[[shock]]",
        1,
    );
    let dir = run_scenario(root.path(), "shocks", &text, "out", &[]);
    let stats = summary(&dir);
    for strategy in ["sorting", "solidarity"] {
        for metric in SHOCK0_METRICS {
            let shock1 = metric.replace("shock0", "shock1");
            assert!(
                stats.contains_key(&(strategy.to_string(), shock1.clone())),
                "no {shock1} for {strategy}"
            );
            assert!(
                !stats.contains_key(&(strategy.to_string(), metric.to_string())),
                "{metric} reported for a crisis"
            );
        }
    }
}

#[test]
fn summary_recounts_from_the_data_files() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let stats = summary(&dir);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let runs = runs_of(&ts);
    let spells = spells(&dir);
    let curves = curves(&dir);
    let c = |name: &str| ts.col(name);
    let before = TINY_SHOCK_WEEK as usize - 1;
    let after = TINY_SHOCK_WEEK as usize + 52;
    // Robustness is read the week before the first organizer loss (the last snapshot
    // without one).
    let resolved = solidarity::scenario::Scenario::load(&dir.join("scenario.toml"), &[])
        .expect("the resolved scenario reads back");
    let robustness_week = u64::from(resolved.robustness_week().expect("a snapshot"));
    assert!(curves.keys().any(|k| k.2 == robustness_week));
    for strategy in ["sorting", "solidarity"] {
        let mut metric: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut complete_curves = true;
        for replicate in 0..u64::from(TINY_REPLICATES) {
            let rows = &runs[&(strategy.to_string(), replicate)];
            let value = |week: usize, name: &str| int(&rows[week][c(name)]) as f64;
            let mut ratio = |name: &'static str, after_value: f64, column: &str| {
                let b = value(before, column);
                if b > 0.0 {
                    metric.entry(name).or_default().push(after_value / b);
                }
            };
            ratio("shock0_active_ratio", value(after, "active"), "active");
            ratio("shock0_power_ratio", value(after, "power"), "power");
            if ts.has("event_held") {
                // Turnout is the latest event's: without an event since the loss, there
                // is none after it.
                let held: Vec<bool> = rows.iter().map(|r| r[c("event_held")] == "1").collect();
                let since = held[TINY_SHOCK_WEEK as usize..=after].iter().any(|&h| h);
                ratio(
                    "shock0_turnout_ratio",
                    if since { value(after, "turnout") } else { 0.0 },
                    "turnout",
                );
                if let Some(w) = held[TINY_SHOCK_WEEK as usize..].iter().position(|&h| h) {
                    metric
                        .entry("shock0_weeks_to_next_event")
                        .or_default()
                        .push(w as f64);
                }
            }
            // Per-replicate Kaplan–Meier of the replicate's own spells.
            let own = spells.get(&(strategy.to_string(), replicate));
            let km = kaplan_meier(own.map_or(&[][..], |v| v.as_slice()));
            if let Some(row) = km.iter().take_while(|r| r.0 <= 52).last() {
                metric.entry("retention_1y").or_default().push(row.3);
            }
            if let Some(row) = km.iter().find(|r| r.3 <= 0.5) {
                metric
                    .entry("median_tenure_weeks")
                    .or_default()
                    .push(row.0 as f64);
            }
            // R at that snapshot: the mean of the whole removal curve (complete in the
            // file when at most 100 members are active), 0 for an empty graph.
            if value(robustness_week as usize, "active") > 100.0 {
                complete_curves = false;
            }
            for (mode, name) in [
                ("targeted", "robustness_targeted"),
                ("random", "robustness_random"),
            ] {
                let key = (
                    strategy.to_string(),
                    replicate,
                    robustness_week,
                    mode.to_string(),
                );
                let r = curves.get(&key).map_or(0.0, |points| {
                    points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64
                });
                metric.entry(name).or_default().push(r);
            }
        }
        if !complete_curves {
            // Sampled curves (more than 100 members) do not give R exactly.
            metric.remove("robustness_targeted");
            metric.remove("robustness_random");
        }
        for (name, values) in &metric {
            assert_summary(&stats, strategy, name, values);
        }
        for name in ["retention_1y", "shock0_active_ratio", "shock0_power_ratio"] {
            if !metric.contains_key(name) {
                assert_summary(&stats, strategy, name, &[]);
            }
        }
    }
}

/// Whether `text` looks like a date or a time of day (`2024-06-01`, `12:30:05`).
fn looks_like_a_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    b.windows(10).any(|w| {
        digits(&w[0..4]) && w[4] == b'-' && digits(&w[5..7]) && w[7] == b'-' && digits(&w[8..10])
    }) || b.windows(8).any(|w| {
        digits(&w[0..2]) && w[2] == b':' && digits(&w[3..5]) && w[5] == b':' && digits(&w[6..8])
    })
}

fn assert_no_time(value: &serde_json::Value, path: &str) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, inner) in map {
                let lower = key.to_lowercase();
                // The resolved scenario's keys are the model's parameters (its `[time]`
                // table among them), not facts about the run; its values are still checked.
                let named_by_the_model = path.starts_with("manifest.resolved");
                for word in [
                    "time", "date", "created", "elapsed", "started", "finished", "host", "user",
                ] {
                    assert!(
                        named_by_the_model || !lower.contains(word),
                        "manifest field {path}.{key} looks run-specific"
                    );
                }
                assert_no_time(inner, &format!("{path}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                assert_no_time(inner, &format!("{path}[{i}]"));
            }
        }
        serde_json::Value::String(text) => {
            assert!(
                !looks_like_a_timestamp(text),
                "manifest {path} = {text:?} looks like a timestamp"
            );
        }
        _ => {}
    }
}

#[test]
fn manifest_names_the_scenario_and_seed_and_holds_no_time() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--seed", "12345"]);
    let text = fs::read_to_string(dir.join("manifest.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).expect("manifest.json is JSON");
    assert_eq!(json["scenario"], "tiny", "the scenario is its file's stem");
    assert_eq!(json["seed"], 12345);
    assert_eq!(json["replicates"], u64::from(TINY_REPLICATES));
    assert!(
        text.contains(&format!("\"{}\"", env!("CARGO_PKG_VERSION"))),
        "no crate version in the manifest"
    );
    // The resolved scenario, defaults filled in, is in it.
    assert!(
        text.contains("strong_threshold") && text.contains("solidarity"),
        "{text}"
    );
    assert_eq!(manifest_strategies(&dir), ["sorting", "solidarity"]);
    assert_no_time(&json, "manifest");
}

// ---------------------------------------------------------------------------------------
// tenure.csv against timeseries.csv
// ---------------------------------------------------------------------------------------

/// Per (strategy, replicate): tenure rows by reason, and distinct members.
fn tenure_counts(dir: &Path) -> BTreeMap<(String, u64), (BTreeMap<String, u64>, u64)> {
    let t = Table::read(&dir.join("tenure.csv"));
    let (s, r, a, why) = (
        t.col("strategy"),
        t.col("replicate"),
        t.col("resident"),
        t.col("reason"),
    );
    let mut reasons: BTreeMap<(String, u64), BTreeMap<String, u64>> = BTreeMap::new();
    let mut agents: BTreeMap<(String, u64), BTreeSet<u64>> = BTreeMap::new();
    for row in &t.rows {
        let key = (row[s].clone(), int(&row[r]));
        *reasons
            .entry(key.clone())
            .or_default()
            .entry(row[why].clone())
            .or_default() += 1;
        agents.entry(key).or_default().insert(int(&row[a]));
    }
    reasons
        .into_iter()
        .map(|(key, by_reason)| {
            let members = agents[&key].len() as u64;
            (key, (by_reason, members))
        })
        .collect()
}

/// A recruit opens a membership spell and so does a return from burnout; burnout,
/// departure and removal close it. The initial organizers have no spell until they first
/// stop being active; that is the only slack between `tenure.csv` and the totals.
#[test]
fn tenure_agrees_with_the_timeseries_totals() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let ts = Table::read(&dir.join("timeseries.csv"));
    let c = |name: &str| ts.col(name);
    let tenure = tenure_counts(&dir);
    for ((strategy, replicate), rows) in runs_of(&ts) {
        let at = format!("{strategy} r{replicate}");
        let last = rows.last().unwrap();
        let total = |name: &str| int(&last[c(name)]);
        let empty = (BTreeMap::new(), 0);
        let (reasons, members) = tenure.get(&(strategy.clone(), replicate)).unwrap_or(&empty);
        let count = |reason: &str| reasons.get(reason).copied().unwrap_or(0);
        let organizers = u64::from(TINY_ORGANIZERS);

        let burnouts = total("burnout_total");
        assert!(
            count("burnout") <= burnouts,
            "{at}: more burnout spells than burnouts"
        );
        assert!(
            burnouts - count("burnout") <= organizers,
            "{at}: {} burnouts ended no spell ({} spells)",
            burnouts,
            count("burnout")
        );
        assert!(
            count("departed") <= total("departed_total"),
            "{at}: departures"
        );
        // Each resident is recruited at most once; an initial organizer has spells only
        // after a return from burnout.
        let recruited = total("recruited_total");
        assert!(
            *members >= recruited,
            "{at}: {members} members, {recruited} recruited"
        );
        assert!(
            *members <= recruited + organizers,
            "{at}: {members} members"
        );
        // After the loss of every initial organizer, every active member has an open spell.
        assert_eq!(
            count("censored"),
            total("active"),
            "{at}: open spells at the end"
        );
        assert!(count("removed") <= organizers, "{at}: removed");
    }
}

/// Without initial organizers every active member has a spell, so the counts match
/// exactly. High predispositions let residents join on their own, and heavy unmet needs
/// with slow rest make them burn out.
#[test]
fn without_initial_organizers_every_burnout_ends_a_spell() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(
        root.path(),
        "out",
        &[
            "--set",
            "organizers.count=0",
            "--set",
            "population.predisposition_max=1.0",
            "--set",
            "needs.drain=0.1",
            "--set",
            "energy.rest=0.02",
            "--set",
            "energy.min_rest_weeks=2",
            "--set",
            "energy.return_threshold=0.3",
            "--set",
            "energy.return_rate=0.5",
        ],
    );
    let ts = Table::read(&dir.join("timeseries.csv"));
    let c = |name: &str| ts.col(name);
    let tenure = tenure_counts(&dir);
    let mut burnouts_seen = 0;
    let mut returns_seen = 0;
    for ((strategy, replicate), rows) in runs_of(&ts) {
        let at = format!("{strategy} r{replicate}");
        let last = rows.last().unwrap();
        let total = |name: &str| int(&last[c(name)]);
        let empty = (BTreeMap::new(), 0);
        let (reasons, members) = tenure.get(&(strategy.clone(), replicate)).unwrap_or(&empty);
        let count = |reason: &str| reasons.get(reason).copied().unwrap_or(0);
        let spells: u64 = reasons.values().sum();
        assert_eq!(count("burnout"), total("burnout_total"), "{at}: burnouts");
        assert_eq!(*members, total("recruited_total"), "{at}: members");
        assert_eq!(count("censored"), total("active"), "{at}: open spells");
        assert_eq!(count("removed"), 0, "{at}: nobody is removed");
        assert!(
            count("departed") <= total("departed_total"),
            "{at}: departures"
        );
        // Every spell after a member's first is a return from burnout.
        assert!(
            spells - members <= count("burnout"),
            "{at}: returns without burnout"
        );
        burnouts_seen += total("burnout_total");
        returns_seen += spells - members;
    }
    assert!(burnouts_seen > 0, "these settings should burn people out");
    assert!(
        returns_seen > 0,
        "these settings should let the rested return"
    );
}

// ---------------------------------------------------------------------------------------
// Format
// ---------------------------------------------------------------------------------------

#[test]
fn csv_fields_are_plain_numbers_or_names() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &[]);
    let words = ["strategy", "mode", "reason", "metric"];
    for file in [
        "timeseries.csv",
        "tenure.csv",
        "retention.csv",
        "robustness.csv",
        "summary.csv",
    ] {
        let t = Table::read(&dir.join(file));
        for row in &t.rows {
            for (name, field) in t.header.iter().zip(row) {
                if words.contains(&name.as_str()) {
                    assert!(!field.is_empty(), "{file}: empty {name}");
                    continue;
                }
                let plain = field
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
                assert!(plain, "{file}: `{field}` in {name} is not a plain decimal");
                if !field.is_empty() {
                    assert!(field.parse::<f64>().is_ok(), "{file}: `{field}` in {name}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// replicates.csv against summary.csv
// ---------------------------------------------------------------------------------------

/// `replicates.csv` holds each metric's value in each replicate, in the order of the
/// contract, and its defined values are those `summary.csv` averages: their mean is the
/// file's mean and their count its `replicates`.
#[test]
fn replicates_hold_the_values_summary_averages() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--replicates", "3"]);
    let stats = summary(&dir);
    let t = Table::read(&dir.join("replicates.csv"));
    let (s, r, m, v) = (
        t.col("strategy"),
        t.col("replicate"),
        t.col("metric"),
        t.col("value"),
    );
    // Metrics in summary.csv's order (the same for every strategy).
    let summary_table = Table::read(&dir.join("summary.csv"));
    let mut metrics: Vec<String> = Vec::new();
    for metric in summary_table.column("metric") {
        if !metrics.iter().any(|x| x == metric) {
            metrics.push(metric.to_string());
        }
    }
    let strategies = manifest_strategies(&dir);
    let mut expected_keys = Vec::new();
    for strategy in &strategies {
        for replicate in 0..3u64 {
            for metric in &metrics {
                expected_keys.push((strategy.clone(), replicate, metric.clone()));
            }
        }
    }
    let keys: Vec<(String, u64, String)> = t
        .rows
        .iter()
        .map(|row| (row[s].clone(), int(&row[r]), row[m].clone()))
        .collect();
    assert_eq!(
        keys, expected_keys,
        "one row per strategy, replicate and metric, in that order"
    );

    let mut values: BTreeMap<(String, String), Vec<f64>> = BTreeMap::new();
    let mut undefined = 0;
    for row in &t.rows {
        assert!(
            row[v].is_empty() || row[v] == solidarity::output::format_number(num(&row[v])),
            "a number not written as the other files write them: {row:?}"
        );
        let entry = values.entry((row[s].clone(), row[m].clone())).or_default();
        match opt(&row[v]) {
            Some(x) => entry.push(x),
            None => undefined += 1,
        }
    }
    assert!(
        undefined > 0,
        "the tiny scenario leaves some metric undefined"
    );
    assert_eq!(values.len(), stats.len());
    for (key, stat) in &stats {
        let defined = &values[key];
        assert_eq!(defined.len() as u64, stat.n, "{key:?}: replicates");
        let mean =
            (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
        match (mean, stat.mean) {
            // Each value and the mean are rounded to six decimals when written.
            (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-6, "{key:?}: {a} != {b}"),
            (a, b) => assert_eq!(a, b, "{key:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------
// One number for a resident in every file
// ---------------------------------------------------------------------------------------

/// The value of the `data` element with `key` of a GraphML node.
fn graphml_data(node: roxmltree::Node, key: &str) -> String {
    node.children()
        .find(|d| d.has_tag_name("data") && d.attribute("key") == Some(key))
        .and_then(|d| d.text())
        .unwrap_or_else(|| panic!("a node without {key}"))
        .to_string()
}

/// Each GraphML node of `path` as `resident → (state, group)`, checking that node
/// `n<i>` carries `i` as its `resident`.
fn graphml_residents(path: &Path) -> BTreeMap<u64, (String, u64)> {
    let text = fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let mut out = BTreeMap::new();
    for node in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let resident = int(&graphml_data(node, "resident"));
        assert_eq!(
            node.attribute("id"),
            Some(format!("n{resident}").as_str()),
            "{}: the node's id and its resident differ",
            path.display()
        );
        let group = int(&graphml_data(node, "group"));
        out.insert(resident, (graphml_data(node, "state"), group));
    }
    out
}

/// A resident is `resident` in `tenure.csv`, `network_nodes.csv` and the GraphML files
/// alike, and the same number names the same person: a spell open at a picture week is
/// a member or organizer of that week's network, every member there has an open spell,
/// and the GraphML file of that week gives the resident the same state and group.
#[test]
fn a_resident_has_one_number_in_tenure_network_and_graphml() {
    let root = tempfile::tempdir().unwrap();
    let dir = run_tiny(root.path(), "out", &["--graphml"]);
    let tenure = Table::read(&dir.join("tenure.csv"));
    let nodes = Table::read(&dir.join("network_nodes.csv"));
    let edges = Table::read(&dir.join("network_edges.csv"));
    for table in [&tenure, &nodes] {
        assert!(table.has("resident"), "{:?}", table.header);
    }

    // The network tables, by (strategy, week): resident → (state, group).
    let mut network: BTreeMap<(String, u64), BTreeMap<u64, (String, u64)>> = BTreeMap::new();
    for row in &nodes.rows {
        network
            .entry((
                row[nodes.col("strategy")].clone(),
                int(&row[nodes.col("week")]),
            ))
            .or_default()
            .insert(
                int(&row[nodes.col("resident")]),
                (
                    row[nodes.col("state")].clone(),
                    int(&row[nodes.col("group")]),
                ),
            );
    }
    assert_eq!(network.len(), 4, "two strategies at two picture weeks");

    let last = u64::from(TINY_WEEKS) - 1;
    let mut joined = 0;
    for ((strategy, week), residents) in &network {
        // Replicate 0's spells open at the end of this week.
        let open: BTreeSet<u64> = tenure
            .rows
            .iter()
            .filter(|row| row[tenure.col("strategy")] == *strategy)
            .filter(|row| row[tenure.col("replicate")] == "0")
            .filter(|row| {
                let (j, l) = (
                    int(&row[tenure.col("joined_week")]),
                    int(&row[tenure.col("left_week")]),
                );
                let censored = row[tenure.col("reason")] == "censored";
                j <= *week && (*week < l || (censored && l == last))
            })
            .map(|row| int(&row[tenure.col("resident")]))
            .collect();
        assert!(!open.is_empty(), "{strategy} week {week}: no open spell");
        for resident in &open {
            let (state, _) = residents.get(resident).unwrap_or_else(|| {
                panic!("{strategy} week {week}: resident {resident} of tenure.csv is no node")
            });
            assert!(
                state == "member" || state == "organizer",
                "{strategy} week {week}: resident {resident} is {state}"
            );
            joined += 1;
        }
        for (resident, (state, _)) in residents {
            if state == "member" {
                assert!(
                    open.contains(resident),
                    "{strategy} week {week}: member {resident} has no open spell"
                );
            }
        }
        // The same residents in the GraphML file of that run and week.
        let graphml =
            graphml_residents(&dir.join(format!("networks/{strategy}-r0-w{week}.graphml")));
        assert_eq!(graphml.len(), 200, "every resident is a node");
        for (resident, shown) in residents {
            assert_eq!(
                graphml.get(resident),
                Some(shown),
                "{strategy} week {week}: resident {resident}"
            );
        }
        for resident in &open {
            let (state, _) = &graphml[resident];
            assert!(state == "member" || state == "organizer", "{state}");
        }
    }
    assert!(joined > 0);
    // The ends of the network's ties are residents of the same week's nodes.
    for row in &edges.rows {
        let key = (
            row[edges.col("strategy")].clone(),
            int(&row[edges.col("week")]),
        );
        for end in ["source", "target"] {
            assert!(network[&key].contains_key(&int(&row[edges.col(end)])));
        }
    }
}
