//! The weekly step at 10,000, 100,000 and 1,000,000 residents, for each strategy of the
//! default scenario, on one core; the week's pass over the ties of a million-resident
//! town, and the memory floor it is set against: one plain read of the same ties.
//! Figures go to `docs/PERFORMANCE.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use solidarity::model::community;
use solidarity::model::measure::{Observer, RobustnessSnapshot, SpellRecord, WeekRow};
use solidarity::model::residents::Residents;
use solidarity::model::ties::Ties;
use solidarity::model::World;
use solidarity::runner::{community_generator, run_generators};
use solidarity::scenario::Scenario;

/// As the `solidarity` binary allocates (`src/memory.rs`).
#[global_allocator]
static ALLOCATOR: solidarity::memory::HugePages = solidarity::memory::HugePages;

const SIZES: [u32; 3] = [10_000, 100_000, 1_000_000];

/// The sizes to time: all of `SIZES`, or those listed in `SOLIDARITY_BENCH_SIZES`
/// (comma-separated), since building and warming a million-resident town takes a while.
fn sizes() -> Vec<u32> {
    match std::env::var("SOLIDARITY_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}
/// Weeks run before timing, so that each movement exists and has ties.
const WARM_UP_WEEKS: u32 = 52;

fn default_scenario(size: u32) -> Scenario {
    let text = std::fs::read_to_string("scenarios/solidarity-vs-sorting.toml")
        .expect("run benches from the crate root");
    let overrides = [format!("population.size={size}"), "years=50".to_string()];
    Scenario::parse("bench", "bench.toml", &text, &overrides).expect("valid scenario")
}

fn weekly_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("weekly_step");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    for size in sizes() {
        let scenario = default_scenario(size);
        group.throughput(Throughput::Elements(u64::from(size)));
        for strategy in &scenario.strategies {
            let town = community::build(&scenario, &mut community_generator(scenario.seed, 0));
            let (dynamics, measurement) = run_generators(scenario.seed, &strategy.name, 0);
            let mut world = World::new(&scenario, strategy, town, dynamics, measurement);
            for _ in 0..WARM_UP_WEEKS {
                world.step_week();
            }
            group.bench_function(BenchmarkId::new(strategy.name.as_str(), size), |b| {
                one_thread(|| b.iter(|| black_box(world.step_week())))
            });
        }
    }
    group.finish();
}

/// Runs `f` with one thread for the parallel passes inside a run, so that a figure is
/// the cost on one core.
fn one_thread<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
    pool.expect("one thread").install(f)
}

/// Keeps the ties as they stand at the end of each week a world is advanced by (a copy a
/// week: advance it by one).
#[derive(Default)]
struct TiesAtTheEnd(Option<Ties>);

impl Observer for TiesAtTheEnd {
    fn week(&mut self, _: &WeekRow) {}
    fn snapshot(&mut self, _: &RobustnessSnapshot, _: &Residents, _: &Ties) {}
    fn spell(&mut self, _: &SpellRecord) {}
    fn inspect(&mut self, _: &WeekRow, _: &Residents, ties: &Ties) {
        self.0 = Some(ties.clone());
    }
}

/// The week's one pass over the ties — the decay — against the floor it is set against, a
/// plain read of every tie once: `Ties::strength_sum` reads the 16-byte record of every
/// slot in slot order and adds up the strengths. Both on one thread, on the ties of a
/// million-resident town after a year of `solidarity`, as the year's last week left them:
/// none is marked touched, so the decay weakens every tie not at rest (in a run, the ties
/// helped that week are only unmarked, at about the same cost).
fn tie_pass_floor(c: &mut Criterion) {
    let scenario = default_scenario(1_000_000);
    let strategy = scenario
        .strategies
        .iter()
        .find(|s| s.name == "solidarity")
        .expect("the default scenario has solidarity");
    let town = community::build(&scenario, &mut community_generator(scenario.seed, 0));
    let (dynamics, measurement) = run_generators(scenario.seed, &strategy.name, 0);
    let mut world = World::new(&scenario, strategy, town, dynamics, measurement);
    for _ in 1..WARM_UP_WEEKS {
        world.step_week();
    }
    let mut end = TiesAtTheEnd::default();
    world.advance(1, &mut end);
    let ties = end.0.expect("a week was stepped");
    let mut group = c.benchmark_group("memory_floor");
    group.sample_size(20);
    group.throughput(Throughput::Elements(ties.len() as u64));
    group.bench_function("pass_over_ties_1M_residents", |b| {
        one_thread(|| b.iter(|| black_box(ties.strength_sum())))
    });
    group.bench_function("decay_1M_residents", |b| {
        one_thread(|| {
            // By reference, so that dropping the decayed copy is not timed.
            b.iter_batched_ref(
                || ties.clone(),
                |ties| {
                    ties.decay();
                    black_box(ties.len())
                },
                BatchSize::LargeInput,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, weekly_step, tie_pass_floor);
criterion_main!(benches);
