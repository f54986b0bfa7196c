//! The weekly step at 10,000, 100,000 and 1,000,000 residents, for each strategy of the
//! default scenario, and the memory floor it is set against: one plain pass over a tie
//! array of the size a million-resident town holds. Figures go to `docs/PERFORMANCE.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use solidarity::model::community;
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
                b.iter(|| black_box(world.step_week()))
            });
        }
    }
    group.finish();
}

/// The floor: reading every tie once, as the weekly decay must. `Ties::strength_sum` is
/// that plain pass: it reads the 16-byte record of every slot, in slot order, on one
/// thread, and adds up the strengths.
fn tie_pass_floor(c: &mut Criterion) {
    let scenario = default_scenario(1_000_000);
    let town = community::build(&scenario, &mut community_generator(scenario.seed, 0));
    let mut group = c.benchmark_group("memory_floor");
    group.sample_size(20);
    group.throughput(Throughput::Elements(town.ties.len() as u64));
    group.bench_function("pass_over_ties_1M_residents", |b| {
        b.iter(|| black_box(town.ties.strength_sum()))
    });
    group.finish();
}

criterion_group!(benches, weekly_step, tie_pass_floor);
criterion_main!(benches);
