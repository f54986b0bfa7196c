//! Runs every (strategy, replicate) of a scenario, in parallel, with addressed randomness.
//!
//! Replicate `r`'s community comes from a generator seeded by the scenario seed and `r`
//! alone, so every strategy starts from the same community (common random numbers). A
//! run's dynamics come from a generator seeded by the seed, the strategy's name and `r`.
//! Results are gathered in (replicate, strategy) order, whatever the thread count.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, PoisonError};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::error::Error;
use crate::measures::{PatternRecord, TieCensus};
use crate::model::community;
use crate::model::measure::{AskLog, Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use crate::model::residents::Residents;
use crate::model::ties::Ties;
use crate::model::World;
use crate::network_snapshot::NetworkSnapshot;
use crate::scenario::Scenario;

/// Stream of a run's generator used for measurement (random removal orders).
const MEASUREMENT_STREAM: u64 = 1;
const COMMUNITY_DOMAIN: u64 = 0x636f_6d6d_756e_6974; // "communit"
const RUN_DOMAIN: u64 = 0x7275_6e5f_6479_6e61; // "run_dyna"

/// FNV-1a: a stable hash of a strategy's name, the same on every platform and version.
pub fn name_hash(name: &str) -> u64 {
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

/// Everything one run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    pub strategy: usize,
    pub replicate: u32,
    pub weeks: Vec<WeekRow>,
    pub spells: Vec<SpellRecord>,
    pub snapshots: Vec<RobustnessSnapshot>,
    /// The strong graph at `Scenario::picture_weeks`, kept by replicate 0 only.
    pub networks: Vec<NetworkSnapshot>,
    /// The asks, recruits and ties the pattern metrics read.
    pub patterns: PatternRecord,
}

/// The observer of one run that keeps its `RunRecord`.
struct Recorder {
    record: RunRecord,
    /// The ties of the snapshots less than a year old.
    census: TieCensus,
    strong_threshold: f64,
    picture_weeks: Vec<u32>,
}

impl Observer for Recorder {
    fn week(&mut self, row: &WeekRow) {
        self.record.weeks.push(row.clone());
    }

    fn asks(&mut self, log: &AskLog) {
        self.record.patterns.add(log);
    }

    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties) {
        self.record.snapshots.push(robustness.clone());
        let turnover = &mut self.record.patterns.turnover;
        self.census.take(robustness.week, ties, turnover);
        if self.picture_weeks.contains(&robustness.week) {
            let snapshot =
                NetworkSnapshot::capture(robustness.week, residents, ties, self.strong_threshold);
            self.record.networks.push(snapshot);
        }
    }

    fn spell(&mut self, spell: &SpellRecord) {
        self.record.spells.push(*spell);
    }
}

/// A run under way: its world and the observers of what it measures.
struct Underway<'a, X> {
    world: World<'a>,
    recorder: Recorder,
    extra: X,
}

impl<'a, X: Observer> Underway<'a, X> {
    /// Job `job`'s community and world (runs are numbered in (replicate, strategy) order),
    /// observed by a `Recorder` and by `extra`.
    fn start(scenario: &'a Scenario, job: usize, extra: X) -> Underway<'a, X> {
        let strategies = scenario.strategies.len();
        let (strategy, replicate) = (job % strategies, (job / strategies) as u32);
        let community =
            community::build(scenario, &mut community_generator(scenario.seed, replicate));
        let chosen = &scenario.strategies[strategy];
        let (dynamics, measurement) = run_generators(scenario.seed, &chosen.name, replicate);
        let recorder = Recorder {
            record: RunRecord {
                strategy,
                replicate,
                ..RunRecord::default()
            },
            census: TieCensus::default(),
            strong_threshold: scenario.network.strong_threshold,
            picture_weeks: if replicate == 0 {
                scenario.picture_weeks()
            } else {
                Vec::new()
            },
        };
        let world = World::new(scenario, chosen, community, dynamics, measurement);
        Underway {
            world,
            recorder,
            extra,
        }
    }

    /// Steps the next `weeks` weeks; tells whether the run has reached its end.
    fn advance(&mut self, weeks: u32) -> bool {
        let mut both = (&mut self.recorder, &mut self.extra);
        self.world.advance(weeks, &mut both)
    }

    fn end(self) -> (RunRecord, X) {
        let Underway {
            world,
            mut recorder,
            mut extra,
        } = self;
        world.finish(&mut (&mut recorder, &mut extra));
        (recorder.record, extra)
    }
}

/// Runs one strategy on one replicate.
pub fn run_one(scenario: &Scenario, strategy: usize, replicate: u32) -> RunRecord {
    let job = replicate as usize * scenario.strategies.len() + strategy;
    let mut run = Underway::start(scenario, job, ());
    while !run.advance(u32::MAX) {}
    run.end().0
}

/// Runs every strategy for every replicate on `threads` threads (0: one per core), calling
/// `on_done` after each run. Records come back ordered by replicate, then strategy.
pub fn run_all(
    scenario: &Scenario,
    threads: usize,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<RunRecord>, Error> {
    let mut records = Vec::new();
    run_each(scenario, threads, &|_, _| (), on_done, &mut |record, ()| {
        records.push(record);
        Ok(())
    })?;
    Ok(records)
}

/// Weeks a worker steps a run between looks at whether the runs have been stopped.
const STEP_WEEKS: u32 = 13;

/// The runs: which starts next, which have ended and wait to be handed over, how many
/// have been, and the first failure.
struct Queue<'e, X> {
    next: usize,
    handed: usize,
    finished: BTreeMap<usize, (RunRecord, X)>,
    failure: Option<Error>,
    each: &'e mut (dyn FnMut(RunRecord, X) -> Result<(), Error> + Send),
}

/// Runs every strategy for every replicate on `threads` threads (0: one per core). Each run
/// is observed by a `Recorder` and by the observer `observe(strategy, replicate)` makes
/// (the output's GraphML files, say); `each` receives the run's record and that observer
/// in (replicate, strategy) order, as soon as the runs before it have been handed over.
/// `on_done` is called as each run ends. Stops at the first error, from `each` or from a
/// run.
///
/// One worker a thread takes the next run and steps it to its end, a few weeks at a time
/// on the rayon pool that also runs the parallel passes inside a run (the decay). Workers
/// wait for their turn outside the pool, so nothing in the pool ever waits for a run (the
/// one lock taken inside the pool, to hand a record over, is held only while `each`
/// runs, which starts no parallel work). A run starts only while fewer than two per
/// thread wait to be handed over, so memory holds at most a world per thread and two
/// records per thread, whatever the number of runs.
pub fn run_each<X: Observer + Send>(
    scenario: &Scenario,
    threads: usize,
    observe: &(dyn Fn(usize, u32) -> X + Sync),
    on_done: &(dyn Fn() + Sync),
    each: &mut (dyn FnMut(RunRecord, X) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))?;
    let jobs = scenario.replicates as usize * scenario.strategies.len();
    let workers = runs_at_once(pool.current_num_threads()).min(jobs);
    let window = 2 * workers;
    let queue = Mutex::new(Queue {
        next: 0,
        handed: 0,
        finished: BTreeMap::new(),
        failure: None,
        each,
    });
    let turn = Condvar::new();
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    let strategies = scenario.strategies.len();
    let work = || loop {
        let job = {
            let mut q = lock();
            while q.failure.is_none() && q.next < jobs && q.next >= q.handed + window {
                q = turn.wait(q).unwrap_or_else(PoisonError::into_inner);
            }
            if q.failure.is_some() || q.next >= jobs {
                return;
            }
            q.next += 1;
            q.next - 1
        };
        // Everything a run does happens on the pool's threads, handing its record over
        // included, so that its memory comes from and goes back to the same threads.
        let mut run = pool.install(|| {
            let extra = observe(job % strategies, (job / strategies) as u32);
            Underway::start(scenario, job, extra)
        });
        while !pool.install(|| run.advance(STEP_WEEKS)) {
            if lock().failure.is_some() {
                return;
            }
        }
        pool.install(|| {
            let (record, extra) = run.end();
            on_done();
            lock().hand_over(job, record, extra);
        });
        turn.notify_all();
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(work);
        }
    });
    let q = queue.into_inner().unwrap_or_else(PoisonError::into_inner);
    match q.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

impl<X> Queue<'_, X> {
    /// Takes run `job`'s record, and hands over every record now next in order.
    fn hand_over(&mut self, job: usize, record: RunRecord, extra: X) {
        self.finished.insert(job, (record, extra));
        while self.failure.is_none() {
            let Some((record, extra)) = self.finished.remove(&self.handed) else {
                break;
            };
            match (self.each)(record, extra) {
                Ok(()) => self.handed += 1,
                Err(e) => self.failure = Some(e),
            }
        }
    }
}

/// Runs under way at once on `threads` threads: one a thread.
pub fn runs_at_once(threads: usize) -> usize {
    threads.max(1)
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

    /// An observer that only knows whose run it observes.
    struct Tag(usize, u32);

    impl Observer for Tag {
        fn week(&mut self, _: &WeekRow) {}
        fn snapshot(&mut self, _: &RobustnessSnapshot, _: &Residents, _: &Ties) {}
        fn spell(&mut self, _: &SpellRecord) {}
    }

    #[test]
    fn runs_are_handed_over_in_order_and_an_error_stops_them() {
        let text = "years = 1\nreplicates = 5\n[population]\nsize = 150\n[strategy.a]\n[strategy.b.integration]\nkind = \"mutual_aid\"\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        let whole: Vec<RunRecord> = (0..5)
            .flat_map(|r| [run_one(&s, 0, r), run_one(&s, 1, r)])
            .collect();
        for threads in [1, 2, 3] {
            let mut records = Vec::new();
            let observe = |strategy, replicate| Tag(strategy, replicate);
            run_each(&s, threads, &observe, &|| {}, &mut |run, seen| {
                assert_eq!(
                    (seen.0, seen.1),
                    (run.strategy, run.replicate),
                    "its observer"
                );
                records.push(run);
                Ok(())
            })
            .unwrap();
            assert!(
                records == whole,
                "{threads} threads: the runs run one by one, in order"
            );

            let mut handed = 0;
            let stopped = run_each(&s, threads, &|_, _| (), &|| {}, &mut |_, ()| {
                handed += 1;
                if handed == 3 {
                    return Err(Error::Other("disk full".into()));
                }
                Ok(())
            });
            assert!(matches!(stopped, Err(Error::Other(m)) if m == "disk full"));
            assert_eq!(handed, 3, "nothing is handed over after the error");
        }
    }

    #[test]
    fn replicate_zero_keeps_the_network_at_the_picture_weeks() {
        let text = "years = 2\n[population]\nsize = 200\n[strategy.a.mobilization]\nkind = \"relational\"\n[strategy.a.integration]\nkind = \"mutual_aid\"\n[[shock]]\nkind = \"organizer_loss\"\nweek = 30\ntarget = \"all_initial\"\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        let first = run_one(&s, 0, 0);
        let weeks: Vec<u32> = first.networks.iter().map(|n| n.week).collect();
        assert_eq!(weeks, [29, 81]);
        let before = &first.networks[0];
        let active = first.weeks[29].active as usize;
        let shown_active = before.nodes.iter().filter(|n| n.state.is_active()).count();
        assert_eq!(shown_active, active, "every active member is shown");
        assert!(
            run_one(&s, 0, 1).networks.is_empty(),
            "only replicate 0 keeps them"
        );
    }
}
