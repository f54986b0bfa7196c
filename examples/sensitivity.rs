//! Sensitivity of the claims (`tests/support/claims.rs`) to the model's key parameters.
//!
//! `cargo run --release --example sensitivity [-- REPLICATES [LHS_POINTS]]`
//!
//! Starting from the default scenario, it runs (1) the baseline, (2) each key parameter
//! at 0.5× and 1.5× its default, one at a time, and (3) a Latin hypercube of joint
//! points, every parameter's factor drawn in [0.5, 1.5] (seeded, so the design is the same
//! on every run). Each point runs every strategy for `REPLICATES` replicates (default 10,
//! as `tests/claims.rs`: fewer than the scenario's 20, so that the 113 points take about a
//! quarter of an hour on two busy cores) at the scenario's seed, and each claim is judged
//! by the same rule as `tests/claims.rs`.
//! It writes `docs/findings/sensitivity.csv`, `docs/findings/sensitivity_oat.svg` and
//! `docs/findings/sensitivity_lhs.svg`, and prints the tables of `docs/FINDINGS.md`.

use std::error::Error;
use std::fmt::Write as _;
use std::path::Path;

use plotters::prelude::*;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use solidarity::charts::style::{palette_color, register_font, FONT};
#[path = "../tests/support/claims.rs"]
mod claims;

use claims::{Claim, Evidence};
use solidarity::measures::RunMetric;
use solidarity::scenario::Scenario;

const SCENARIO: &str = "scenarios/solidarity-vs-sorting.toml";
const OUT: &str = "docs/findings";
/// The summary metric reported beside the claims, sorting's, for the calibration band.
const CALIBRATION: RunMetric = RunMetric::Retention1y;
/// Seed of the Latin hypercube design (not of the model, which keeps the scenario's seed).
const DESIGN_SEED: u64 = 20_240_601;

/// A key parameter: its name in the tables, the scenario keys it sets (a strategy value
/// is varied for every strategy that uses it, together), and its default.
struct Parameter {
    name: &'static str,
    keys: &'static [&'static str],
    default: f64,
    integer: bool,
}

const fn real(name: &'static str, keys: &'static [&'static str], default: f64) -> Parameter {
    Parameter {
        name,
        keys,
        default,
        integer: false,
    }
}

const PARAMETERS: &[Parameter] = &[
    real(
        "event_cost",
        &[
            "strategy.sorting.mobilization.event_cost",
            "strategy.solidarity.mobilization.event_cost",
            "strategy.hybrid.mobilization.event_cost",
        ],
        0.07,
    ),
    real(
        "task_load",
        &[
            "strategy.sorting.mobilization.task_load",
            "strategy.solidarity.mobilization.task_load",
            "strategy.hybrid.mobilization.task_load",
        ],
        0.3,
    ),
    real(
        "screening",
        &[
            "strategy.sorting.mobilization.screening",
            "strategy.hybrid.mobilization.screening",
        ],
        3.0,
    ),
    real(
        "dissent_pressure",
        &[
            "strategy.sorting.mobilization.dissent_pressure",
            "strategy.hybrid.mobilization.dissent_pressure",
        ],
        0.05,
    ),
    Parameter {
        name: "outreach (broadcast)",
        keys: &[
            "strategy.sorting.mobilization.outreach_per_event",
            "strategy.hybrid.mobilization.outreach_per_event",
        ],
        default: 5.0,
        integer: true,
    },
    real("energy.support_gain", &["energy.support_gain"], 0.005),
    real("energy.rest", &["energy.rest"], 0.05),
    real("network.decay", &["network.decay"], 0.04),
    real(
        "network.dissimilarity_decay",
        &["network.dissimilarity_decay"],
        1.0,
    ),
    real("network.help_gain", &["network.help_gain"], 0.15),
    real("needs.rate", &["needs.rate"], 0.2),
    real("commitment.peer_pull", &["commitment.peer_pull"], 0.05),
    real(
        "commitment.cost_sensitivity",
        &["commitment.cost_sensitivity"],
        0.2,
    ),
    real(
        "events.relational_threshold",
        &["events.relational_threshold"],
        0.25,
    ),
    real("events.tie_pull", &["events.tie_pull"], 0.1),
    real("help.introduce", &["help.introduce"], 0.2),
    // What helping costs and gives, and what care work takes of the helper.
    real("help.cost", &["help.cost"], 0.02),
    real("help.relief", &["help.relief"], 0.05),
    real("help.min_energy", &["help.min_energy"], 0.4),
    real("help.reciprocity", &["help.reciprocity"], 0.1),
    real("care.tiredness", &["care.tiredness"], 0.5),
    real("care.load_weight", &["care.load_weight"], 0.05),
    real("care.obligation", &["care.obligation"], 0.5),
    real("care.discrimination", &["care.discrimination"], 0.5),
    real("needs.chronic_share", &["needs.chronic_share"], 0.1),
    // Finite time.
    real("time.budget_hours", &["time.budget_hours"], 6.0),
    real("time.upkeep_hours", &["time.upkeep_hours"], 0.4),
    real("time.event_hours", &["time.event_hours"], 3.0),
    real("time.one_on_one_hours", &["time.one_on_one_hours"], 1.0),
    // Shared struggle and visibility.
    real("events.bond_per_cost", &["events.bond_per_cost"], 3.0),
    real("visibility.win_lift", &["visibility.win_lift"], 0.05),
    real(
        "visibility.repression_cost",
        &["visibility.repression_cost"],
        0.05,
    ),
];

/// One point of the design: a factor per parameter (1 = default).
struct Point {
    design: String,
    factors: Vec<f64>,
}

struct Outcome {
    claims: Vec<Claim>,
    /// Sorting's mean `CALIBRATION`.
    sorting_calibration: Option<f64>,
}

fn value(p: &Parameter, factor: f64) -> String {
    let v = p.default * factor;
    if p.integer {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

fn evaluate(point: &Point, replicates: u32) -> Result<Outcome, Box<dyn Error>> {
    let mut overrides = vec![format!("replicates={replicates}")];
    for (p, &f) in PARAMETERS.iter().zip(&point.factors) {
        if f != 1.0 {
            overrides.extend(p.keys.iter().map(|k| format!("{k}={}", value(p, f))));
        }
    }
    let scenario = Scenario::load(Path::new(SCENARIO), &overrides)?;
    let runs = claims::run(&scenario, 0)?;
    let evidence = Evidence::new(&scenario, &runs)?;
    let sorting_calibration = evidence
        .retention(CALIBRATION)
        .of("sorting")
        .map(|i| i.mean);
    Ok(Outcome {
        claims: evidence.claims(),
        sorting_calibration,
    })
}

/// A Latin hypercube of `n` points in [0.5, 1.5]^d: each parameter's range is cut into
/// `n` strata, each stratum used once, in an independent random order per parameter.
fn latin_hypercube(n: usize, rng: &mut ChaCha8Rng) -> Vec<Vec<f64>> {
    let columns: Vec<Vec<f64>> = PARAMETERS
        .iter()
        .map(|_| {
            let mut strata: Vec<usize> = (0..n).collect();
            strata.shuffle(rng);
            strata
                .into_iter()
                .map(|k| 0.5 + (k as f64 + rng.gen::<f64>()) / n as f64)
                .collect()
        })
        .collect();
    (0..n)
        .map(|i| columns.iter().map(|c| c[i]).collect())
        .collect()
}

fn main() -> Result<(), Box<dyn Error>> {
    if std::env::args().nth(1).as_deref() == Some("--plot") {
        return redraw();
    }
    let mut args = std::env::args().skip(1);
    let replicates: u32 = args.next().map(|a| a.parse()).transpose()?.unwrap_or(10);
    let lhs_points: usize = args.next().map(|a| a.parse()).transpose()?.unwrap_or(50);

    let base = vec![1.0; PARAMETERS.len()];
    let mut points = vec![Point {
        design: "baseline".into(),
        factors: base.clone(),
    }];
    for (k, p) in PARAMETERS.iter().enumerate() {
        for f in [0.5, 1.5] {
            let mut factors = base.clone();
            factors[k] = f;
            points.push(Point {
                design: format!("oat {} x{f}", p.name),
                factors,
            });
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(DESIGN_SEED);
    for (i, factors) in latin_hypercube(lhs_points, &mut rng)
        .into_iter()
        .enumerate()
    {
        points.push(Point {
            design: format!("lhs {i}"),
            factors,
        });
    }

    let mut outcomes = Vec::new();
    for (i, point) in points.iter().enumerate() {
        let outcome = evaluate(point, replicates)?;
        let verdicts: String = outcome
            .claims
            .iter()
            .map(|c| if c.holds { '+' } else { '.' })
            .collect();
        eprintln!(
            "[{}/{}] {:<40} {verdicts}",
            i + 1,
            points.len(),
            point.design
        );
        outcomes.push(outcome);
    }
    let ids: Vec<&str> = outcomes[0].claims.iter().map(|c| c.id).collect();

    std::fs::create_dir_all(OUT)?;
    write_csv(&points, &outcomes, &ids)?;
    let tables = tables(&points, &outcomes, &ids, replicates);
    print!("{tables}");
    let designs: Vec<String> = points.iter().map(|p| p.design.clone()).collect();
    let holds: Vec<Vec<bool>> = outcomes
        .iter()
        .map(|o| o.claims.iter().map(|c| c.holds).collect())
        .collect();
    draw_oat(&designs, &holds, &ids)?;
    draw_lhs(&designs, &holds, &ids)?;
    Ok(())
}

/// `--plot`: redraws the charts from `docs/findings/sensitivity.csv`, without simulating.
fn redraw() -> Result<(), Box<dyn Error>> {
    let text = std::fs::read_to_string(Path::new(OUT).join("sensitivity.csv"))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or("empty sensitivity.csv")?
        .split(',')
        .collect();
    let claim_columns: Vec<(usize, &str)> = header
        .iter()
        .enumerate()
        .filter_map(|(k, h)| h.strip_prefix("claim_").map(|id| (k, id)))
        .collect();
    let ids: Vec<&str> = claim_columns.iter().map(|&(_, id)| id).collect();
    let mut designs = Vec::new();
    let mut holds = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        designs.push(fields[0].to_string());
        holds.push(
            claim_columns
                .iter()
                .map(|&(k, _)| fields[k] == "1")
                .collect(),
        );
    }
    draw_oat(&designs, &holds, &ids)?;
    draw_lhs(&designs, &holds, &ids)?;
    Ok(())
}

fn write_csv(points: &[Point], outcomes: &[Outcome], ids: &[&str]) -> Result<(), Box<dyn Error>> {
    let mut text = String::from("design");
    for p in PARAMETERS {
        write!(text, ",{}", p.name.replace(' ', "_"))?;
    }
    for id in ids {
        write!(text, ",claim_{id}")?;
    }
    writeln!(text, ",sorting_{}", CALIBRATION.name())?;
    for (point, outcome) in points.iter().zip(outcomes) {
        text.push_str(&point.design);
        for (p, &f) in PARAMETERS.iter().zip(&point.factors) {
            write!(text, ",{}", value(p, f))?;
        }
        for c in &outcome.claims {
            write!(text, ",{}", u8::from(c.holds))?;
        }
        match outcome.sorting_calibration {
            Some(r) => writeln!(text, ",{r:.6}")?,
            None => text.push_str(",\n"),
        }
    }
    std::fs::write(Path::new(OUT).join("sensitivity.csv"), text)?;
    Ok(())
}

fn share(outcomes: &[&Outcome], k: usize) -> f64 {
    outcomes.iter().filter(|o| o.claims[k].holds).count() as f64 / outcomes.len() as f64
}

fn tables(points: &[Point], outcomes: &[Outcome], ids: &[&str], replicates: u32) -> String {
    let mut out = String::new();
    let oat: Vec<(&Point, &Outcome)> = points
        .iter()
        .zip(outcomes)
        .filter(|(p, _)| !p.design.starts_with("lhs"))
        .collect();
    let lhs: Vec<&Outcome> = points
        .iter()
        .zip(outcomes)
        .filter(|(p, _)| p.design.starts_with("lhs"))
        .map(|(_, o)| o)
        .collect();
    let all_oat: Vec<&Outcome> = oat.iter().map(|(_, o)| *o).collect();
    let _ = writeln!(out, "{replicates} replicates per point.\n");
    let _ = write!(out, "| design | points |");
    for id in ids {
        let _ = write!(out, " claim {id} |");
    }
    let _ = write!(out, "\n| --- | --- |");
    for _ in ids {
        let _ = write!(out, " --- |");
    }
    out.push('\n');
    for (name, set) in [
        ("one at a time (±50%)", &all_oat),
        ("Latin hypercube", &lhs),
    ] {
        let _ = write!(out, "| {name} | {} |", set.len());
        for k in 0..ids.len() {
            let _ = write!(out, " {:.0}% |", 100.0 * share(set, k));
        }
        out.push('\n');
    }

    let _ = write!(
        out,
        "\nOne at a time (+ holds, . fails; then sorting's {}):\n\n| point |",
        CALIBRATION.name()
    );
    for id in ids {
        let _ = write!(out, " {id} |");
    }
    let _ = write!(out, " sorting {} |\n| --- |", CALIBRATION.name());
    for _ in ids {
        let _ = write!(out, " --- |");
    }
    out.push_str(" --- |\n");
    for (point, outcome) in &oat {
        let _ = write!(out, "| {} |", point.design);
        for c in &outcome.claims {
            let _ = write!(out, " {} |", if c.holds { "+" } else { "." });
        }
        match outcome.sorting_calibration {
            Some(r) => {
                let _ = writeln!(out, " {r:.3} |");
            }
            None => out.push_str(" — |\n"),
        }
    }

    // Boundary conditions: in the hypercube, the correlation of each parameter's factor
    // with whether the claim holds (point-biserial), for claims that hold somewhere and
    // fail somewhere.
    let lhs_points: Vec<&Point> = points
        .iter()
        .filter(|p| p.design.starts_with("lhs"))
        .collect();
    let _ = writeln!(
        out,
        "\nLatin hypercube: the parameters most correlated with a claim holding (|r| ≥ 0.2):\n"
    );
    for (k, id) in ids.iter().enumerate() {
        let holds: Vec<f64> = lhs
            .iter()
            .map(|o| f64::from(u8::from(o.claims[k].holds)))
            .collect();
        let mean_h = holds.iter().sum::<f64>() / holds.len().max(1) as f64;
        if mean_h == 0.0 || mean_h == 1.0 {
            let _ = writeln!(
                out,
                "- claim {id}: holds at {:.0}% of points",
                100.0 * mean_h
            );
            continue;
        }
        let mut found: Vec<(f64, &str)> = PARAMETERS
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let x: Vec<f64> = lhs_points.iter().map(|pt| pt.factors[j]).collect();
                (correlation(&x, &holds), p.name)
            })
            .filter(|(r, _)| r.abs() >= 0.2)
            .collect();
        found.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        let list: Vec<String> = found
            .iter()
            .map(|(r, n)| format!("{n} ({r:+.2})"))
            .collect();
        let _ = writeln!(
            out,
            "- claim {id}: holds at {:.0}% of points; {}",
            100.0 * mean_h,
            if list.is_empty() {
                "no single parameter with |r| ≥ 0.2".to_string()
            } else {
                list.join(", ")
            }
        );
    }
    out
}

fn correlation(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx).powi(2);
        syy += (b - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// A grid: one row per one-at-a-time point, one column per claim, filled where it holds.
fn draw_oat(designs: &[String], holds: &[Vec<bool>], ids: &[&str]) -> Result<(), Box<dyn Error>> {
    register_font()?;
    let rows: Vec<(&String, &Vec<bool>)> = designs
        .iter()
        .zip(holds)
        .filter(|(d, _)| !d.starts_with("lhs"))
        .collect();
    let (cell_w, cell_h, left, top) = (56i32, 18i32, 300i32, 60i32);
    let width = (left + cell_w * ids.len() as i32 + 20) as u32;
    let height = (top + cell_h * rows.len() as i32 + 20) as u32;
    let path = Path::new(OUT).join("sensitivity_oat.svg");
    let root = SVGBackend::new(&path, (width, height)).into_drawing_area();
    root.fill(&WHITE)?;
    let font = |size: i32| (FONT, size).into_font().color(&BLACK);
    root.draw_text(
        "Claims under one-at-a-time ±50% changes (filled: holds)",
        &font(15),
        (10, 10),
    )?;
    for (k, id) in ids.iter().enumerate() {
        root.draw_text(
            id,
            &font(13),
            (left + cell_w * k as i32 + cell_w / 3, top - 20),
        )?;
    }
    let filled = palette_color(1);
    for (r, (design, row)) in rows.iter().enumerate() {
        let y = top + cell_h * r as i32;
        root.draw_text(&design.replace("oat ", ""), &font(12), (10, y + 3))?;
        for (k, &h) in row.iter().enumerate() {
            let x = left + cell_w * k as i32;
            let style = if h {
                filled.filled()
            } else {
                RGBColor(0xEE, 0xEE, 0xEE).filled()
            };
            root.draw(&Rectangle::new(
                [(x + 2, y + 2), (x + cell_w - 2, y + cell_h - 2)],
                style,
            ))?;
        }
    }
    root.present()?;
    Ok(())
}

/// Bars: the share of one-at-a-time and hypercube points where each claim holds.
fn draw_lhs(designs: &[String], holds: &[Vec<bool>], ids: &[&str]) -> Result<(), Box<dyn Error>> {
    register_font()?;
    let path = Path::new(OUT).join("sensitivity_lhs.svg");
    let root = SVGBackend::new(&path, (760, 420)).into_drawing_area();
    root.fill(&WHITE)?;
    let n = ids.len();
    let mut chart = ChartBuilder::on(&root)
        .caption("Share of points where each claim holds", (FONT, 18))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((0..n).into_segmented(), 0.0..100.0)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(k) if *k < n => format!("claim {}", ids[*k]),
            _ => String::new(),
        })
        .y_desc("% of points")
        .label_style((FONT, 12))
        .draw()?;
    let sets: [(&str, bool); 2] = [("one at a time ±50%", false), ("Latin hypercube", true)];
    for (s, (label, is_lhs)) in sets.iter().enumerate() {
        let set: Vec<&Vec<bool>> = designs
            .iter()
            .zip(holds)
            .filter(|(d, _)| d.starts_with("lhs") == *is_lhs)
            .map(|(_, h)| h)
            .collect();
        let color = palette_color(s + 1);
        let share =
            |k: usize| 100.0 * set.iter().filter(|h| h[k]).count() as f64 / set.len().max(1) as f64;
        chart
            .draw_series((0..n).map(|k| {
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(k), 0.0),
                        (SegmentValue::Exact(k + 1), share(k)),
                    ],
                    color.filled(),
                );
                // Two bars side by side in each claim's segment.
                bar.set_margin(0, 0, 6 + 24 * s as u32, 30 - 24 * s as u32);
                bar
            }))?
            .label(*label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .label_font((FONT, 12))
        .draw()?;
    root.present()?;
    Ok(())
}
