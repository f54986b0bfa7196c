//! Each weekly measure on a strong graph of 100,000 active members: the k-core (power),
//! the largest component, the robustness curves, homophily, and Kaplan–Meier retention.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use solidarity::metrics::assortativity::numeric_assortativity;
use solidarity::metrics::components::largest_component_size;
use solidarity::metrics::graph::Csr;
use solidarity::metrics::kcore::k_core_size;
use solidarity::metrics::robustness::{removal_curve, targeted_order};
use solidarity::metrics::survival::{kaplan_meier, Spell};

/// As the `solidarity` binary allocates (`src/memory.rs`).
#[global_allocator]
static ALLOCATOR: solidarity::memory::HugePages = solidarity::memory::HugePages;

const NODES: u32 = 100_000;

/// A ring of 3 neighbours a side with a few long ties: the shape of a strong graph.
fn strong_graph(rng: &mut ChaCha8Rng) -> (Vec<(u32, u32)>, Csr) {
    let mut edges = Vec::new();
    for i in 0..NODES {
        for k in 1..=3 {
            let j = if rng.gen::<f64>() < 0.05 {
                rng.gen_range(0..NODES)
            } else {
                (i + k) % NODES
            };
            if j != i {
                edges.push((i.min(j), i.max(j)));
            }
        }
    }
    edges.sort_unstable();
    edges.dedup();
    let graph = Csr::from_edges(NODES as usize, &edges);
    (edges, graph)
}

fn measures(c: &mut Criterion) {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let (edges, graph) = strong_graph(&mut rng);
    let opinions: Vec<f64> = (0..NODES).map(|_| rng.gen_range(-1.0..1.0)).collect();
    let mut random_order: Vec<u32> = (0..NODES).collect();
    random_order.shuffle(&mut rng);
    let spells: Vec<Spell> = (0..NODES)
        .map(|_| Spell {
            duration: rng.gen_range(0..416),
            ended: rng.gen::<bool>(),
        })
        .collect();

    let mut group = c.benchmark_group("measures_100k");
    group.sample_size(20);
    group.throughput(Throughput::Elements(u64::from(NODES)));
    group.bench_function("csr_from_edges", |b| {
        b.iter(|| black_box(Csr::from_edges(NODES as usize, &edges)))
    });
    group.bench_function("power_k_core", |b| {
        b.iter(|| black_box(k_core_size(&graph, 3)))
    });
    group.bench_function("largest_component", |b| {
        b.iter(|| black_box(largest_component_size(&graph)))
    });
    group.bench_function("robustness_targeted", |b| {
        b.iter(|| black_box(removal_curve(&graph, &targeted_order(&graph))))
    });
    group.bench_function("robustness_random", |b| {
        b.iter(|| black_box(removal_curve(&graph, &random_order)))
    });
    group.bench_function("homophily", |b| {
        b.iter(|| black_box(numeric_assortativity(&edges, |i| opinions[i as usize])))
    });
    group.bench_function("kaplan_meier", |b| {
        b.iter(|| black_box(kaplan_meier(&spells)))
    });
    group.finish();
}

criterion_group!(benches, measures);
criterion_main!(benches);
