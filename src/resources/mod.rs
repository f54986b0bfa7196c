//! What a scenario will cost before it runs, and whether this process may have it.
//!
//! `check` shows the forecast and `run` refuses, before allocating anything, a scenario
//! whose peak memory would not fit in the memory available to it (`limits.rs`: the
//! machine's, its cgroup's, its address space's).

mod limits;

pub use limits::{available_memory, Available, Limit};

use crate::error::InputError;
use crate::scenario::Scenario;

/// A forecast of a scenario's cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub runs: u64,
    /// Runs held in memory at once: one a thread (`runner::runs_at_once`), at most one per
    /// run.
    pub concurrent: u64,
    /// Forecast peak memory: the process, the worlds that run at once, and the records of
    /// the runs held before they are written (at most two per thread, `runner::run_each`),
    /// with membership spells and robustness curves planned for a movement of
    /// `PLANNED_ACTIVE_SHARE` of the residents; or, when that is more, what drawing the
    /// charts takes afterwards (`charts_bytes`). A run is refused when this does not fit.
    pub peak_bytes: u64,
    /// Peak memory if every resident joined the movement, an upper bound: shown, not
    /// enforced, since it would refuse large scenarios that fit.
    pub peak_bytes_at_most: u64,
    /// What drawing the charts takes (`charts_bytes`), the peak when it is more than the
    /// runs take.
    pub charts_bytes: u64,
    pub seconds: f64,
}

// Calibrated with the release binary on the project's machine (2 vCPUs of an AMD EPYC,
// x86-64 Linux, 2026-12-01), peak RSS by `/usr/bin/time -f %M`, running
// `scenarios/solidarity-vs-sorting.toml` (three strategies) with `--years 1 --replicates 1`
// and shocks moved inside the year:
//
//   population  neighbors  threads  peak RSS
//       10,000          8        1    53.6 MB
//      100,000          8        1    63.9 MB
//    1,000,000          8        1   509.1 MB
//       10,000          8        2    53.2 MB
//      100,000          8        2   148.1 MB
//    1,000,000          8        2  1308.6 MB
//      200,000          2        1    76.1 MB
//      200,000          8        1   115.0 MB
//      200,000         32        1   342.5 MB
//    1,000,000          2        1   337.3 MB
//    1,000,000         16        1   840.0 MB
//
// At a million residents, varying `network.neighbors` from 2 to 8 gives 28.6 bytes per
// resident per neighbor, so about 57 per tie (from 8 to 16, 82 per tie: beyond 16 ties a
// resident's list leaves its inline room); what remains is about 275 bytes per resident,
// over a fixed 5 MB of the process. Small towns peak when the charts are drawn, after
// every run has ended (see `charts_bytes`). With two threads two worlds run at once
// (`runner::runs_at_once`; the table's two-thread figures were measured when three did),
// and their peaks do not quite coincide, so counting each in full overestimates. Records are
// written as runs finish, so at most two runs' records per thread are held whatever the
// number of replicates.

/// The process before any world is built.
const BASE_BYTES: u64 = 5 << 20;
// Drawing the charts (`solidarity plot` of a result of 200 residents, 2 years, 2
// replicates, on 2 threads, peak RSS) grows with the strategies, almost all of it the
// network picture, a row of 520 pixels per strategy drawn at twice the size:
//
//   strategies   peak RSS   forecast
//            1    32.2 MB    31.6 MB
//            3    50.4 MB    50.3 MB
//            6    77.9 MB    78.5 MB
//           12   134.9 MB   134.7 MB
//
// The forecast counts the pixel buffers of the charts drawn at once (two on two threads,
// the largest two: `charts::drawing_bytes`) over a fixed 6 MB, plus what the charts read
// from the data files, which grows with the weeks, the replicates and the movement.

/// The process while it draws the charts, besides their pixels and data.
const CHARTS_BASE_BYTES: u64 = 6 << 20;
/// One week of one measure of one strategy in the charts' means and bands (a sum, a count,
/// a sum of squares and the interval).
const BYTES_PER_BAND_WEEK: u64 = 56;
/// Measures drawn as means and bands (`charts::data::Measure`).
const BAND_MEASURES: u64 = 7;
/// The removal curves of the robustness chart: two a replicate and strategy, each of at
/// most 100 points (`output::tables`) of two numbers.
const BYTES_PER_REPLICATE_CURVES: u64 = 2 * 100 * 16;
/// A member in a network picture with their ties as the picture and its layout hold them,
/// per neighbor of the network (most of a member's strong ties are among them).
const BYTES_PER_PICTURED_MEMBER: u64 = 16;
const BYTES_PER_PICTURED_TIE: u64 = 24;
/// A resident in a running world (its state, their list of ties, the weekly strong-tie
/// counts, mutual aid's and the measurement's scratch), besides their ties.
const BYTES_PER_RESIDENT: u64 = 275;
/// A tie: its slot and the arrays beside it, and the slack of growing vectors (its two
/// entries in its ends' lists are inline up to 16 ties a resident, so counted per
/// resident).
const BYTES_PER_TIE: u64 = 57;
/// A run's record of one week (a `timeseries.csv` row).
const BYTES_PER_RECORDED_WEEK: u64 = 160;
/// A membership spell kept until the run ends (at most: one per resident).
const BYTES_PER_SPELL: u64 = 16;
/// One point of a robustness curve; each snapshot keeps two curves of one point per
/// active member (at most: every resident).
const BYTES_PER_CURVE_POINT: u64 = 8;
/// The share of residents planned to be members, for the records that grow with the
/// movement: the shipped scenarios peak at 14% active (a quarter leaves room).
const PLANNED_ACTIVE_SHARE: f64 = 0.25;
/// Cost of one resident-week on one core, measured on the default scenario (3.8 s of CPU
/// for 49.9 million resident-weeks on the project's 2-core machine, 77 ns) and at a
/// million residents over ten years (137 s on one core for 1.56 billion, 88 ns), so this
/// is a rough guide, not a promise.
const SECONDS_PER_RESIDENT_WEEK: f64 = 85e-9;

/// The forecast for `scenario` on `threads` threads.
pub fn estimate(scenario: &Scenario, threads: usize) -> Estimate {
    let runs = u64::from(scenario.replicates) * scenario.strategies.len() as u64;
    let threads = threads.max(1) as u64;
    let concurrent = runs.min(crate::runner::runs_at_once(threads as usize) as u64);
    let held = runs.min(2 * threads);
    let residents = u64::from(scenario.population.size);
    let weeks = u64::from(scenario.weeks());
    let ties = residents * u64::from(scenario.network.neighbors) / 2;
    let world = residents * BYTES_PER_RESIDENT + ties * BYTES_PER_TIE;
    let rows = weeks * BYTES_PER_RECORDED_WEEK;
    let snapshots = scenario.snapshot_weeks().len() as u64;
    // Spells and curves of one run if every resident were a member.
    let membership =
        residents * BYTES_PER_SPELL + snapshots * 2 * residents * BYTES_PER_CURVE_POINT;
    let planned = (membership as f64 * PLANNED_ACTIVE_SHARE) as u64;
    let charts = charts_bytes(scenario, threads as usize);
    let peak = |membership: u64| {
        BASE_BYTES
            .saturating_add(world.saturating_mul(concurrent))
            .saturating_add(rows.saturating_add(membership).saturating_mul(held))
            .max(charts)
    };
    let resident_weeks = residents as f64 * weeks as f64 * runs as f64;
    Estimate {
        runs,
        concurrent,
        peak_bytes: peak(planned),
        peak_bytes_at_most: peak(membership),
        charts_bytes: charts,
        seconds: resident_weeks * SECONDS_PER_RESIDENT_WEEK / runs.min(threads) as f64,
    }
}

/// What drawing the charts of `scenario` takes, after the runs: their pixels, drawn on the
/// global rayon pool (as many at once as it has threads: one per core, or `threads` where
/// the cores cannot be counted), and what they read from the data files.
pub fn charts_bytes(scenario: &Scenario, threads: usize) -> u64 {
    let pool = std::thread::available_parallelism().map_or(threads, |n| n.get());
    let pixels = crate::charts::drawing_bytes(scenario, pool);
    let strategies = scenario.strategies.len() as u64;
    let bands = strategies * BAND_MEASURES * u64::from(scenario.weeks()) * BYTES_PER_BAND_WEEK;
    let curves = strategies * u64::from(scenario.replicates) * BYTES_PER_REPLICATE_CURVES;
    let members = (f64::from(scenario.population.size) * PLANNED_ACTIVE_SHARE) as u64;
    let member =
        BYTES_PER_PICTURED_MEMBER + u64::from(scenario.network.neighbors) * BYTES_PER_PICTURED_TIE;
    let pictures = strategies * scenario.picture_weeks().len() as u64 * members * member;
    CHARTS_BASE_BYTES
        .saturating_add(pixels)
        .saturating_add(bands)
        .saturating_add(curves)
        .saturating_add(pictures)
}

/// Refuses a scenario whose forecast peak memory exceeds what is `available`.
pub fn check_fits(
    file: &str,
    scenario: &Scenario,
    estimate: &Estimate,
    available: Option<&Available>,
) -> Result<(), InputError> {
    let Some(available) = available else {
        return Ok(());
    };
    if estimate.peak_bytes <= available.bytes {
        return Ok(());
    }
    let advice = if estimate.peak_bytes == estimate.charts_bytes {
        "most of it is drawing the charts: compare fewer strategies in one scenario".to_string()
    } else if estimate.concurrent > 1 {
        "lower `population.size` or --threads".to_string()
    } else {
        "lower `population.size`".to_string()
    };
    Err(InputError::new(
        file,
        format!(
            "scenario `{}` would need about {} of memory ({} run{} at once, {} residents each, {} strategies) and only {} is {}; {advice}",
            scenario.name,
            human_bytes(estimate.peak_bytes),
            estimate.concurrent,
            if estimate.concurrent == 1 { "" } else { "s" },
            scenario.population.size,
            scenario.strategies.len(),
            human_bytes(available.bytes),
            available.limit,
        ),
    ))
}

/// Bytes as MiB or GiB, one decimal.
pub fn human_bytes(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = bytes as f64 / MIB;
    if mib >= 1024.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.1} MiB")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(size: u32, replicates: u32) -> Scenario {
        let text = format!(
            "years = 1\nreplicates = {replicates}\n[population]\nsize = {size}\n[strategy.a]\n"
        );
        Scenario::parse("big", "big.toml", &text, &[]).unwrap()
    }

    fn available(bytes: u64) -> Available {
        Available {
            bytes,
            limit: Limit::Machine,
        }
    }

    #[test]
    fn the_forecast_grows_with_residents_and_threads() {
        let small = estimate(&scenario(10_000, 4), 1);
        let medium = estimate(&scenario(100_000, 4), 1);
        let large = estimate(&scenario(1_000_000, 4), 1);
        assert_eq!(
            small.peak_bytes,
            charts_bytes(&scenario(10_000, 4), 1),
            "a small town peaks drawing charts"
        );
        assert!(large.peak_bytes > 8 * medium.peak_bytes);
        let parallel = estimate(&scenario(1_000_000, 4), 4);
        assert_eq!(parallel.concurrent, 4, "no more worlds than runs");
        assert!(parallel.peak_bytes > large.peak_bytes);
        let many = estimate(&scenario(1_000_000, 8), 4);
        assert_eq!(many.concurrent, 4, "one run a thread is under way");
        assert_eq!(estimate(&scenario(1_000_000, 1), 8).concurrent, 1);
    }

    #[test]
    fn a_million_residents_forecast_near_what_was_measured() {
        // 509.1 MB measured for three runs in turn, one at a time (see the table above);
        // here one strategy, one replicate, the same world.
        let one = estimate(&scenario(1_000_000, 1), 1);
        let mb = one.peak_bytes as f64 / 1e6;
        assert!((450.0..600.0).contains(&mb), "{mb} MB");
        assert!(one.peak_bytes_at_most > one.peak_bytes);
    }

    #[test]
    fn chart_memory_grows_with_the_strategies_as_measured() {
        let with = |strategies: usize| {
            let mut text = "seed = 7\nreplicates = 2\nyears = 2\n[population]\nsize = 200\n[[shock]]\nkind = \"organizer_loss\"\nweek = 40\ntarget = \"all_initial\"\n".to_string();
            for k in 0..strategies {
                text += &format!("[strategy.s{k}.mobilization]\nkind = \"broadcast\"\n");
            }
            Scenario::parse("s", "s.toml", &text, &[]).unwrap()
        };
        // Peak RSS of `plot` on two threads (the table above), within 3%.
        for (strategies, measured_mb) in [(1, 32.2), (3, 50.4), (6, 77.9), (12, 134.9)] {
            let s = with(strategies);
            let forecast = CHARTS_BASE_BYTES + crate::charts::drawing_bytes(&s, 2);
            let mb = forecast as f64 / 1e6;
            assert!(
                (mb / measured_mb - 1.0).abs() < 0.03,
                "{strategies} strategies: {mb:.1} MB forecast, {measured_mb} MB measured"
            );
            assert!(charts_bytes(&s, 2) >= forecast);
        }
    }

    #[test]
    fn too_large_a_scenario_is_refused_saying_what_it_needs() {
        let s = scenario(50_000_000, 20);
        let e = estimate(&s, 2);
        assert!(
            check_fits("big.toml", &s, &e, None).is_ok(),
            "no figure, no refusal"
        );
        let msg = check_fits("big.toml", &s, &e, Some(&available(1 << 30)))
            .unwrap_err()
            .to_string();
        assert!(
            msg.starts_with("big.toml: scenario `big` would need about"),
            "{msg}"
        );
        assert!(
            msg.contains("GiB") && msg.contains("1.0 GiB is available on this machine"),
            "{msg}"
        );
        let fine = scenario(1000, 1);
        assert!(check_fits(
            "f.toml",
            &fine,
            &estimate(&fine, 2),
            Some(&available(1 << 30))
        )
        .is_ok());
    }

    #[test]
    fn a_cgroup_limit_is_named_in_the_refusal() {
        let fine = scenario(1000, 1);
        let limit = Available {
            bytes: 10 << 20,
            limit: Limit::Cgroup("/sys/fs/cgroup/job".into()),
        };
        let msg = check_fits("f.toml", &fine, &estimate(&fine, 2), Some(&limit))
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("10.0 MiB is available under the memory limit of this process's cgroup (/sys/fs/cgroup/job)"),
            "{msg}"
        );
    }
}
