//! Runs every (strategy, replicate) of a scenario, in parallel, with addressed randomness.
//!
//! Replicate `r`'s community comes from a generator seeded by the scenario seed and `r`
//! alone, so every strategy starts from the same community (common random numbers). A
//! run's dynamics come from a generator seeded by the seed, the strategy's name and `r`.
//! Results are gathered in (replicate, strategy) order, whatever the thread count.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Barrier, Condvar, Mutex, PoisonError};

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::error::Error;
use crate::model::community;
use crate::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use crate::model::residents::Residents;
use crate::model::ties::Ties;
use crate::model::World;
use crate::network_snapshot::NetworkSnapshot;
use crate::output::graphml;
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

/// Robustness at one snapshot week, as kept for the output files, and how alike in opinion
/// the active members are then (read by `claims`, written to no file).
#[derive(Clone, Debug, PartialEq)]
pub struct SnapshotRecord {
    pub robustness: RobustnessSnapshot,
    pub opinions: OpinionSpread,
}

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

/// Everything one run measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunRecord {
    pub strategy: usize,
    pub replicate: u32,
    pub weeks: Vec<WeekRow>,
    pub spells: Vec<SpellRecord>,
    pub snapshots: Vec<SnapshotRecord>,
    /// The strong graph at `Scenario::picture_weeks`, kept by replicate 0 only.
    pub networks: Vec<NetworkSnapshot>,
}

/// The observer of one run: keeps its `RunRecord`, the network snapshots of replicate 0,
/// and writes GraphML files at snapshot weeks when asked to.
struct Recorder<'a> {
    record: RunRecord,
    strategy_name: &'a str,
    strong_threshold: f64,
    line: f64,
    picture_weeks: Vec<u32>,
    graphml_dir: Option<&'a Path>,
    /// The first failure to write a GraphML file; the run goes on and reports it at the end.
    error: Option<Error>,
}

impl Observer for Recorder<'_> {
    fn week(&mut self, row: &WeekRow) {
        self.record.weeks.push(row.clone());
    }

    fn snapshot(&mut self, robustness: &RobustnessSnapshot, residents: &Residents, ties: &Ties) {
        let week = robustness.week;
        self.record.snapshots.push(SnapshotRecord {
            robustness: robustness.clone(),
            opinions: OpinionSpread::of_active(residents, self.line),
        });
        if self.picture_weeks.contains(&week) {
            let snapshot = NetworkSnapshot::capture(week, residents, ties, self.strong_threshold);
            self.record.networks.push(snapshot);
        }
        if let (Some(dir), None) = (self.graphml_dir, &self.error) {
            let replicate = self.record.replicate;
            let written = graphml::write(dir, self.strategy_name, replicate, week, residents, ties);
            self.error = written.err();
        }
    }

    fn spell(&mut self, spell: &SpellRecord) {
        self.record.spells.push(*spell);
    }
}

/// Runs one strategy on one replicate.
pub fn run_one(scenario: &Scenario, strategy: usize, replicate: u32) -> RunRecord {
    let job = replicate as usize * scenario.strategies.len() + strategy;
    let Underway {
        world,
        mut recorder,
        ..
    } = Underway::start(scenario, job, None);
    world.run(&mut recorder);
    recorder.record
}

/// Resident-weeks a worker steps a run for before it looks again for the run most behind:
/// a few weeks of a large town, the whole of a small one's run.
const SLICE_RESIDENT_WEEKS: u64 = 1 << 22;

/// Weeks of `scenario` in one slice of `SLICE_RESIDENT_WEEKS`, at least one.
fn slice_weeks(scenario: &Scenario) -> u32 {
    let weeks = SLICE_RESIDENT_WEEKS / u64::from(scenario.population.size.max(1));
    weeks.clamp(1, u64::from(u32::MAX)) as u32
}

/// A run under way: job `job` (runs are numbered in (replicate, strategy) order), its
/// world and the observer that keeps its record.
struct Underway<'a> {
    job: usize,
    world: World<'a>,
    recorder: Recorder<'a>,
}

impl<'a> Underway<'a> {
    /// Builds job `job`'s community and world, writing GraphML files into `graphml_dir` if
    /// given.
    fn start(scenario: &'a Scenario, job: usize, graphml_dir: Option<&'a Path>) -> Underway<'a> {
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
            strategy_name: &chosen.name,
            strong_threshold: scenario.network.strong_threshold,
            line: scenario.organizers.line,
            picture_weeks: if replicate == 0 {
                scenario.picture_weeks()
            } else {
                Vec::new()
            },
            graphml_dir,
            error: None,
        };
        let world = World::new(scenario, chosen, community, dynamics, measurement);
        Underway {
            job,
            world,
            recorder,
        }
    }

    /// Ends a run that has reached its last week: its record, or the first failure to
    /// write one of its GraphML files, and its job.
    fn end(self) -> (RunRecord, Option<Error>, usize) {
        let Underway {
            job,
            world,
            mut recorder,
        } = self;
        world.finish(&mut recorder);
        (recorder.record, recorder.error, job)
    }
}

/// Runs every strategy for every replicate on `threads` threads (0: one per core), calling
/// `on_done` after each run, and writing GraphML files into `graphml_dir` if given.
/// Records come back ordered by replicate, then strategy.
pub fn run_all(
    scenario: &Scenario,
    threads: usize,
    graphml_dir: Option<&Path>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<RunRecord>, Error> {
    let mut records = Vec::new();
    run_each(scenario, threads, graphml_dir, on_done, &mut |record| {
        records.push(record);
        Ok(())
    })?;
    Ok(records)
}

/// The runs: which starts next, which are under way, which are to be handed over.
struct Hand<'a, 'w> {
    /// The next run to start.
    next: usize,
    /// The next run to hand over; the ones before it have been.
    handed: usize,
    /// Runs started and not yet finished.
    underway: usize,
    /// Runs under way that no worker is stepping now.
    waiting: Vec<Underway<'w>>,
    finished: BTreeMap<usize, Result<RunRecord, Error>>,
    failure: Option<Error>,
    each: &'a mut (dyn FnMut(RunRecord) -> Result<(), Error> + Send),
}

/// What a worker does next.
enum Task<'w> {
    Start(usize),
    Step(Box<Underway<'w>>),
}

/// Like `run_all`, but hands each record to `each` as soon as the runs before it have been
/// handed over, in (replicate, strategy) order whatever the thread count, and keeps no
/// record: a run starts only while fewer than two per thread wait to be handed over, so
/// memory does not grow with the number of runs. Stops at the first error.
///
/// One run more than there are threads is under way at once, and a free worker steps the
/// run that is furthest behind for a slice of weeks (`slice_weeks`). So the runs of a
/// scenario advance together and finish together, and no thread waits idle while the
/// longest run ends alone; a run's results do not depend on which threads stepped it.
pub fn run_each(
    scenario: &Scenario,
    threads: usize,
    graphml_dir: Option<&Path>,
    on_done: &(dyn Fn() + Sync),
    each: &mut (dyn FnMut(RunRecord) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    let slice = slice_weeks(scenario);
    run_in_slices(scenario, threads, slice, graphml_dir, on_done, each)
}

/// `run_each`, a worker stepping a run `slice` weeks at a time.
fn run_in_slices(
    scenario: &Scenario,
    threads: usize,
    slice: u32,
    graphml_dir: Option<&Path>,
    on_done: &(dyn Fn() + Sync),
    each: &mut (dyn FnMut(RunRecord) -> Result<(), Error> + Send),
) -> Result<(), Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Other(format!("cannot start {threads} threads: {e}")))?;
    let jobs = scenario.replicates as usize * scenario.strategies.len();
    let workers = pool.current_num_threads();
    let window = 2 * workers;
    let at_once = runs_at_once(workers);
    let hand = Mutex::new(Hand {
        next: 0,
        handed: 0,
        underway: 0,
        waiting: Vec::new(),
        finished: BTreeMap::new(),
        failure: None,
        each,
    });
    let turn = Condvar::new();
    let lock = || hand.lock().unwrap_or_else(PoisonError::into_inner);
    let work = || loop {
        let task = {
            let mut h = lock();
            loop {
                if h.failure.is_some() {
                    return;
                }
                if h.next < jobs && h.underway < at_once && h.next < h.handed + window {
                    h.next += 1;
                    h.underway += 1;
                    break Task::Start(h.next - 1);
                }
                let behind = (0..h.waiting.len()).min_by_key(|&k| {
                    let run = &h.waiting[k];
                    (run.world.week, run.job)
                });
                if let Some(k) = behind {
                    break Task::Step(Box::new(h.waiting.swap_remove(k)));
                }
                if h.next >= jobs {
                    // Nothing left to start, and every run under way has a worker.
                    return;
                }
                h = turn.wait(h).unwrap_or_else(PoisonError::into_inner);
            }
        };
        let mut run = match task {
            Task::Start(job) => Box::new(Underway::start(scenario, job, graphml_dir)),
            Task::Step(run) => run,
        };
        if !run.world.advance(slice, &mut run.recorder) {
            lock().waiting.push(*run);
            turn.notify_one();
            continue;
        }
        let (record, error, job) = run.end();
        on_done();
        let result = match error {
            Some(e) => Err(e),
            None => Ok(record),
        };
        let mut h = lock();
        h.underway -= 1;
        h.finished.insert(job, result);
        while h.failure.is_none() {
            let handed = h.handed;
            let Some(result) = h.finished.remove(&handed) else {
                break;
            };
            match result.and_then(|record| (h.each)(record)) {
                Ok(()) => h.handed += 1,
                Err(e) => h.failure = Some(e),
            }
        }
        drop(h);
        turn.notify_all();
    };
    // One worker a thread of the pool, each waiting for its turn on `hand`. A pool thread
    // that waits inside a parallel pass (the decay) runs queued jobs of the pool meanwhile;
    // were one of those a worker not yet started, it would run on top of the paused run
    // and could wait for a turn that the paused run holds up, forever. So no worker steps
    // a run until every worker is under way: a thread held at the barrier takes up no
    // other job, so each takes up one, and from then on the pool's queues hold only the
    // parallel passes' work, which never blocks.
    let all_under_way = Barrier::new(workers);
    pool.scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|_| {
                all_under_way.wait();
                work();
            });
        }
    });
    let h = hand.into_inner().unwrap_or_else(PoisonError::into_inner);
    match h.failure {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs under way at once on `workers` threads: one more than the threads, so that a
/// worker that puts a run down always finds another to step; on one thread, one.
pub fn runs_at_once(workers: usize) -> usize {
    if workers <= 1 {
        1
    } else {
        workers + 1
    }
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

    #[test]
    fn runs_are_handed_over_in_order_and_an_error_stops_them() {
        let text = "years = 1\nreplicates = 5\n[population]\nsize = 150\n[strategy.a]\n[strategy.b.integration]\nkind = \"mutual_aid\"\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        let mut order = Vec::new();
        run_each(&s, 3, None, &|| {}, &mut |run| {
            order.push((run.replicate, run.strategy));
            Ok(())
        })
        .unwrap();
        let expected: Vec<(u32, usize)> = (0..5).flat_map(|r| [(r, 0), (r, 1)]).collect();
        assert_eq!(order, expected);

        // Whole runs on two threads; and runs stepped a week at a time on three, so that
        // some are put down half done when the error comes: the workers leave them and
        // stop all the same.
        for (threads, slice) in [(2, slice_weeks(&s)), (3, 1)] {
            let mut handed = 0;
            let stopped = run_in_slices(&s, threads, slice, None, &|| {}, &mut |_| {
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
    fn runs_stepped_a_week_at_a_time_among_threads_are_the_runs_run_at_once() {
        let text = "years = 1\nreplicates = 3\n[population]\nsize = 300\n[strategy.a]\n[strategy.b.mobilization]\nkind = \"relational\"\n[strategy.b.integration]\nkind = \"mutual_aid\"\n[[shock]]\nkind = \"organizer_loss\"\nweek = 20\ntarget = \"all_initial\"\n";
        let s = Scenario::parse("t", "t.toml", text, &[]).unwrap();
        assert!(
            slice_weeks(&s) >= s.weeks(),
            "a small town's run is one slice"
        );
        let whole: Vec<RunRecord> = (0..3)
            .flat_map(|r| [run_one(&s, 0, r), run_one(&s, 1, r)])
            .collect();
        for threads in [2, 3] {
            let mut sliced = Vec::new();
            run_in_slices(&s, threads, 1, None, &|| {}, &mut |run| {
                sliced.push(run);
                Ok(())
            })
            .unwrap();
            assert!(sliced == whole, "{threads} threads, a week at a time");
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
