//! Runs every (strategy, replicate) of a scenario, in parallel, with addressed randomness.
//!
//! Replicate `r`'s community comes from a generator seeded by the scenario seed and `r`
//! alone, so every strategy starts from the same community (common random numbers). A
//! run's dynamics come from a generator seeded by the seed, the strategy's name and `r`.
//! Results are gathered in (replicate, strategy) order, whatever the thread count.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use crate::error::Error;
use crate::model::community;
use crate::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use crate::model::residents::Residents;
use crate::model::ties::Ties;
use crate::model::World;
use crate::scenario::Scenario;

/// Stream of a run's generator used for measurement (random removal orders).
const MEASUREMENT_STREAM: u64 = 1;
const COMMUNITY_DOMAIN: u64 = 0x636f_6d6d_756e_6974; // "communit"
const RUN_DOMAIN: u64 = 0x7275_6e5f_6479_6e61; // "run_dyna"

/// FNV-1a: a stable hash of a strategy's name, the same on every platform and version.
fn name_hash(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn generator(seed: u64, replicate: u32, name: u64, domain: u64) -> ChaCha8Rng {
    let mut bytes = [0u8; 32];
    for (k, word) in [seed, u64::from(replicate), name, domain]
        .iter()
        .enumerate()
    {
        bytes[k * 8..(k + 1) * 8].copy_from_slice(&word.to_le_bytes());
    }
    ChaCha8Rng::from_seed(bytes)
}

/// The generator of replicate `replicate`'s community.
pub fn community_generator(seed: u64, replicate: u32) -> ChaCha8Rng {
    generator(seed, replicate, 0, COMMUNITY_DOMAIN)
}

/// The generators of one run's dynamics and of its measurements.
pub fn run_generators(seed: u64, strategy: &str, replicate: u32) -> (ChaCha8Rng, ChaCha8Rng) {
    let dynamics = generator(seed, replicate, name_hash(strategy), RUN_DOMAIN);
    let mut measurement = dynamics.clone();
    measurement.set_stream(MEASUREMENT_STREAM);
    (dynamics, measurement)
}

/// Robustness at one snapshot week, as kept for the output files.
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotRecord {
    pub robustness: RobustnessSnapshot,
}

/// Everything one run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    pub strategy: usize,
    pub replicate: u32,
    pub weeks: Vec<WeekRow>,
    pub spells: Vec<SpellRecord>,
    pub snapshots: Vec<SnapshotRecord>,
}

impl Observer for RunRecord {
    fn week(&mut self, row: &WeekRow) {
        self.weeks.push(row.clone());
    }

    fn snapshot(&mut self, robustness: &RobustnessSnapshot, _: &Residents, _: &Ties) {
        self.snapshots.push(SnapshotRecord {
            robustness: robustness.clone(),
        });
    }

    fn spell(&mut self, spell: &SpellRecord) {
        self.spells.push(*spell);
    }
}

/// Runs one strategy on one replicate.
pub fn run_one(scenario: &Scenario, strategy: usize, replicate: u32) -> RunRecord {
    let community = community::build(scenario, &mut community_generator(scenario.seed, replicate));
    let chosen = &scenario.strategies[strategy];
    let (dynamics, measurement) = run_generators(scenario.seed, &chosen.name, replicate);
    let mut record = RunRecord {
        strategy,
        replicate,
        ..RunRecord::default()
    };
    World::new(scenario, chosen, community, dynamics, measurement).run(&mut record);
    record
}

/// Runs every strategy for every replicate on `threads` threads (0: one per core), calling
/// `on_done` after each run. Records come back ordered by replicate, then strategy.
pub fn run_all(
    scenario: &Scenario,
    threads: usize,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<RunRecord>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))?;
    let strategies = scenario.strategies.len();
    let jobs = scenario.replicates as usize * strategies;
    Ok(pool.install(|| {
        (0..jobs)
            .into_par_iter()
            .map(|job| {
                let record = run_one(scenario, job % strategies, (job / strategies) as u32);
                on_done();
                record
            })
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn generators_are_addressed_not_shared() {
        let a = community_generator(1, 0).gen::<u64>();
        assert_eq!(a, community_generator(1, 0).gen::<u64>());
        assert_ne!(a, community_generator(1, 1).gen::<u64>());
        assert_ne!(a, community_generator(2, 0).gen::<u64>());
        let (mut x, mut m) = run_generators(1, "sorting", 0);
        let (mut y, _) = run_generators(1, "solidarity", 0);
        let first = x.gen::<u64>();
        assert_ne!(first, y.gen::<u64>());
        assert_ne!(first, m.gen::<u64>(), "measurement has its own stream");
    }

    #[test]
    fn a_run_is_reproducible() {
        let text = "years = 1\n[population]\nsize = 200\n[strategy.a.mobilization]\nkind = \"relational\"\n[strategy.a.integration]\nkind = \"mutual_aid\"\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        assert_eq!(run_one(&s, 0, 0), run_one(&s, 0, 0));
        assert_ne!(run_one(&s, 0, 0).weeks, run_one(&s, 0, 1).weeks);
    }
}
