//! The Sobol' study of the claims read further (`docs/FINDINGS.md`, "What decides each claim"), from
//! a finished sobol sweep's `sweep.json` and `sweep.csv` alone.
//!
//! `cargo run --release --example sobol_gap [-- SWEEP_DIR]` (default
//! `results/sobol-claims`; a few seconds) prints, for each key metric:
//! - the three largest total indices ST of each strategy, with the same estimators,
//!   bootstrap and seed as `solidarity analyze` (so the same figures as `indices.csv`);
//! - the same for the gap, solidarity's mean minus sorting's at each point, where both
//!   define the metric at every point: what decides the difference the claims judge;
//! - each output's replicate-noise floor: the variance a point's mean carries from its
//!   replicates, as a share of the output's variance over the design. Every parameter's
//!   ST reaches about this floor, however inert, once it changes the arm's runs at all
//!   (a parameter an arm never reads leaves its runs as they were, and its ST is 0).
//!   A point's noise is read from its 95% Student-t interval, `((high − low) / 2 / t)^2`
//!   with the wider half where the interval is clipped at a bound of the measure; the
//!   gap's as the sum of the two arms' (the arms run independently). Beside it, the
//!   smallest ST above 0, which should lie near it;
//! - the share of the design's independent rows (A and B) where solidarity's mean is
//!   above sorting's.
//!
//! It writes `docs/findings/sobol-gap.csv` (the indices of the gap) and
//! `docs/findings/sobol-floor.csv` (the floors and shares).

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;

use solidarity::metrics::stats::t_critical_975;
use solidarity::sensitivity::sobol::{self, SobolIndices};

const METRICS: [&str; 9] = [
    "burnout_share_5y",
    "retention_1y",
    "retention_3y",
    "shock0_active_ratio",
    "power_end",
    "peak_turnout_1y",
    "robustness_targeted",
    "homophily_end",
    "cross_group_share_end",
];
const STRATEGIES: [&str; 4] = ["sorting", "solidarity", "hybrid", "organizing"];
const GAP: &str = "solidarity - sorting";
const OUT: &str = "docs/findings";

/// A point's figure: the mean over replicates and the variance of that mean.
#[derive(Clone, Copy)]
struct Figure {
    mean: f64,
    noise: Option<f64>,
}

/// One output over the design: a figure at each point (`None` where undefined).
type Output = Vec<Option<Figure>>;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "results/sobol-claims".into()),
    );
    let sweep: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("sweep.json"))?)?;
    if sweep["design"]["name"] != "sobol" {
        return Err(format!("{} is not a sobol sweep", dir.display()).into());
    }
    let seed = sweep["seed"].as_u64().ok_or("sweep.json: no seed")?;
    let points = sweep["points"].as_u64().ok_or("sweep.json: no points")? as usize;

    let mut reader = csv::Reader::from_path(dir.join("sweep.csv"))?;
    let header = reader.headers()?.clone();
    let k = header.len() - 7; // point, the parameters, then six columns of summary.csv
    let parameters: Vec<String> = header.iter().skip(1).take(k).map(short).collect();
    if points % (k + 2) != 0 {
        return Err(format!("{points} points is no Saltelli design of {k} parameters").into());
    }
    let mut outputs: BTreeMap<(String, String), Output> = BTreeMap::new();
    for record in reader.records() {
        let record = record?;
        let field = |i: usize| record.get(k + 1 + i).unwrap_or("");
        let (strategy, metric) = (field(0), field(1));
        if !METRICS.contains(&metric) {
            continue;
        }
        let point: usize = record[0].parse()?;
        let number = |i: usize| field(i).parse::<f64>().ok();
        let figure = number(2).map(|mean| {
            let n: usize = field(5).parse().unwrap_or(0);
            let half = match (number(3), number(4)) {
                (Some(low), Some(high)) => Some((mean - low).max(high - mean)),
                _ => None,
            };
            let noise = half
                .filter(|_| n >= 2)
                .map(|h| (h / t_critical_975(n - 1)).powi(2));
            Figure { mean, noise }
        });
        let output = outputs
            .entry((strategy.to_string(), metric.to_string()))
            .or_insert_with(|| vec![None; points]);
        output[point] = figure;
    }
    for metric in METRICS {
        let key = |s: &str| (s.to_string(), metric.to_string());
        if let (Some(a), Some(b)) = (
            outputs.get(&key("solidarity")),
            outputs.get(&key("sorting")),
        ) {
            let gap: Output = a
                .iter()
                .zip(b)
                .map(|(a, b)| {
                    let (a, b) = ((*a)?, (*b)?);
                    Some(Figure {
                        mean: a.mean - b.mean,
                        noise: a.noise.zip(b.noise).map(|(x, y)| x + y),
                    })
                })
                .collect();
            outputs.insert(key(GAP), gap);
        }
    }

    let mut gap_csv = String::from("metric,parameter,S1,S1_low,S1_high,ST,ST_low,ST_high\n");
    let mut floor_csv = String::from(
        "output,metric,points_defined,variance,noise_variance,noise_floor,smallest_st,share_solidarity_above\n",
    );
    let mut report = String::new();
    for metric in METRICS {
        writeln!(report, "\n### {metric}\n")?;
        writeln!(
            report,
            "| output | noise floor | smallest ST | largest ST [95% interval] |"
        )?;
        writeln!(report, "| --- | --- | --- | --- |")?;
        for name in STRATEGIES.iter().chain([&GAP]) {
            let Some(output) = outputs.get(&(name.to_string(), metric.to_string())) else {
                continue;
            };
            let defined = output.iter().filter(|f| f.is_some()).count();
            let share_above = (*name == GAP).then(|| share_above(output, k));
            let (variance, noise) = variance_and_noise(output, k);
            let floor = variance.zip(noise).map(|(v, n)| n / v);
            let indices = (defined == points).then(|| {
                let y: Vec<f64> = output.iter().flatten().map(|f| f.mean).collect();
                sobol::indices(&y, k, seed)
            });
            // The smallest ST above 0: a parameter the arm reads but that barely moves it,
            // which should sit near the floor.
            let smallest = indices.as_ref().and_then(|indices| {
                indices
                    .iter()
                    .filter_map(|i| i.st)
                    .filter(|st| *st > 0.0)
                    .min_by(f64::total_cmp)
            });
            writeln!(
                floor_csv,
                "{name},{metric},{defined},{},{},{},{},{}",
                text(variance),
                text(noise),
                text(floor),
                text(smallest),
                text(share_above.flatten())
            )?;
            let Some(indices) = indices else {
                writeln!(
                    report,
                    "| {name} | | | undefined at {} of {points} points |",
                    points - defined
                )?;
                continue;
            };
            if *name == GAP {
                for (parameter, i) in parameters.iter().zip(&indices) {
                    let (s1, st) = (pair(i.s1, i.s1_interval), pair(i.st, i.st_interval));
                    writeln!(gap_csv, "{metric},{parameter},{s1},{st}")?;
                }
            }
            writeln!(
                report,
                "| {name} | {} | {} | {} |",
                floor.map_or("".into(), |f| format!("{f:.3}")),
                smallest.map_or("".into(), |f| format!("{f:.3}")),
                largest(&parameters, &indices, 3)
            )?;
        }
        if let Some(share) = outputs
            .get(&(GAP.to_string(), metric.to_string()))
            .and_then(|o| share_above(o, k))
        {
            writeln!(
                report,
                "\nSolidarity above sorting at {:.0}% of the A and B rows where both define it.",
                share * 100.0
            )?;
        }
    }
    print!("{report}");
    fs::create_dir_all(OUT)?;
    fs::write(format!("{OUT}/sobol-gap.csv"), gap_csv)?;
    fs::write(format!("{OUT}/sobol-floor.csv"), floor_csv)?;
    eprintln!("wrote {OUT}/sobol-gap.csv and {OUT}/sobol-floor.csv");
    Ok(())
}

/// The rows of the independent samples A and B: the first and last of each block.
fn independent_rows(len: usize, k: usize) -> impl Iterator<Item = usize> {
    (0..len)
        .step_by(k + 2)
        .flat_map(move |first| [first, first + k + 1])
}

/// The variance of the output over the A and B rows (as `sobol::indices` takes it) and
/// the mean variance its points' means carry from their replicates.
fn variance_and_noise(output: &Output, k: usize) -> (Option<f64>, Option<f64>) {
    let means: Vec<f64> = independent_rows(output.len(), k)
        .filter_map(|i| output[i].map(|f| f.mean))
        .collect();
    let variance = (means.len() >= 2).then(|| {
        let m = means.iter().sum::<f64>() / means.len() as f64;
        means.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (means.len() - 1) as f64
    });
    let noises: Vec<f64> = output.iter().flatten().filter_map(|f| f.noise).collect();
    let noise = (!noises.is_empty()).then(|| noises.iter().sum::<f64>() / noises.len() as f64);
    (variance.filter(|v| *v > 0.0), noise)
}

/// The share of the A and B rows where the gap is positive (solidarity above sorting).
fn share_above(output: &Output, k: usize) -> Option<f64> {
    let gaps: Vec<f64> = independent_rows(output.len(), k)
        .filter_map(|i| output[i].map(|f| f.mean))
        .collect();
    (!gaps.is_empty()).then(|| gaps.iter().filter(|g| **g > 0.0).count() as f64 / gaps.len() as f64)
}

/// The `n` parameters with the largest ST, as `name ST [low, high]`.
fn largest(parameters: &[String], indices: &[SobolIndices], n: usize) -> String {
    let mut ranked: Vec<(&String, &SobolIndices)> = parameters.iter().zip(indices).collect();
    ranked.sort_by(|a, b| b.1.st.unwrap_or(0.0).total_cmp(&a.1.st.unwrap_or(0.0)));
    ranked
        .iter()
        .take(n)
        .filter_map(|(p, i)| {
            let (low, high) = i.st_interval?;
            Some(format!("`{p}` {:.2} [{low:.2}, {high:.2}]", i.st?))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `strategy.sorting.mobilization.event_cost` as `sorting.event_cost`.
fn short(path: &str) -> String {
    path.trim_start_matches("strategy.")
        .replace(".mobilization.", ".")
}

fn pair(value: Option<f64>, interval: Option<(f64, f64)>) -> String {
    let (low, high) = interval.unzip();
    format!("{},{},{}", text(value), text(low), text(high))
}

fn text(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.6}")).unwrap_or_default()
}
