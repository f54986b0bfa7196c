//! The weekly decay of ties without contact (ODD, phase 9): the week's one pass over every
//! slot.
//!
//! The law is `Decay::weekly_rate` and `weakened`, which `Ties::weaken` applies to one tie
//! and the weekly pass to every slot. The pass goes over the slots in fixed chunks, in
//! parallel, eight slots at a time without a branch (so that the processor can do them
//! side by side). What reaches beyond a slot — a tie to drop from its ends' lists, a strong
//! tie gained or lost — is listed by each chunk and applied after the pass in slot order,
//! so the outcome is that of one pass in slot order whatever the number of threads. Where
//! the processor has AVX2, a kernel of its own (`avx2.rs`) does the same operations eight
//! slots to a register.

#[cfg(target_arch = "x86_64")]
mod avx2;

use rayon::prelude::*;

use super::{Slot, Tie, Ties, ACQUAINTANCE, DEPTH, LIVE, TOUCHED};

/// Slots the decay hands to one task. Fixed, so that what the decay computes does not
/// depend on how many threads share the chunks.
const CHUNK: usize = 1 << 14;

/// Slots the pass decays side by side; also the lanes of `strength_sum`, where slot `k` of a
/// chunk adds into lane `k % LANES`, so that the order of every addition is fixed by the
/// slots alone.
const LANES: usize = 8;

/// How ties weaken without contact: each week a tie loses
/// `strength × rate × (1 + dissimilarity × distance) / (1 + depth_protection × depth)`
/// (at most all of it); an acquaintance tie stops at the `acquaintance` strength, any
/// other drops below `floor`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decay {
    pub rate: f64,
    pub dissimilarity: f64,
    pub depth_protection: f64,
    pub floor: f64,
    /// The strength of an acquaintance tie between neighbours, which it falls back to.
    pub acquaintance: f64,
}

impl Decay {
    /// The share of its strength a tie loses in a week without contact, from its ends'
    /// `distance` (half the difference of their opinions) and its `depth`.
    #[inline(always)]
    pub fn weekly_rate(&self, distance: f64, depth: u32) -> f64 {
        (self.rate * (1.0 + self.dissimilarity * distance)
            / (1.0 + self.depth_protection * f64::from(depth)))
        .min(1.0)
    }

    /// The acquaintance strength as ties keep it.
    pub(super) fn base(&self) -> f32 {
        self.acquaintance as f32
    }
}

/// What strength is left after losing `loss` of `strength`, and whether the tie drops: an
/// acquaintance tie (a `base` above 0) stops at its base; any other tie below `floor` drops.
/// `floor` is `at_least` of the floor, so that strengths are compared without widening.
#[inline(always)]
pub(super) fn weakened(strength: f32, base: f32, loss: f64, floor: f32) -> (f32, bool) {
    let weaker = strength - loss.min(f64::from(f32::MAX)) as f32;
    let acquaintance = base > 0.0;
    let left = if acquaintance {
        weaker.max(base)
    } else {
        weaker
    };
    (left, !acquaintance & (left < floor))
}

/// The least `f32` at or above `x`: for every `f32` strength `s`, `f64::from(s) < x`
/// exactly when `s < at_least(x)`, so the decay compares strengths without widening them.
pub(super) fn at_least(x: f64) -> f32 {
    let near = x as f32;
    if f64::from(near) >= x {
        near
    } else if near == 0.0 {
        f32::from_bits(1)
    } else if near > 0.0 {
        f32::from_bits(near.to_bits() + 1)
    } else {
        f32::from_bits(near.to_bits() - 1)
    }
}

/// A slot whose change reaches beyond it: its tie drops, or crosses the strong threshold.
struct Found {
    slot: u32,
    /// The slot as it was before the pass.
    before: Slot,
    drops: bool,
}

/// What the pass found at a slot, as bits, so that a block of slots is checked at once.
const CROSSES: u8 = 1;
const DROPS: u8 = 2;

/// The fixed numbers of one pass.
#[derive(Clone, Copy)]
struct Pass {
    law: Decay,
    base: f32,
    /// `at_least` of the floor and of the strong threshold.
    floor: f32,
    strong: f32,
}

impl Ties {
    /// The weekly pass (`Decay`): a tie touched this week is only unmarked, an
    /// acquaintance at its base is left as it is, and every other tie weakens by its
    /// weekly rate, or drops.
    pub fn decay(&mut self) {
        let pass = Pass {
            law: self.law,
            base: self.law.base(),
            floor: at_least(self.law.floor),
            strong: at_least(self.strong_threshold),
        };
        let chunks: Vec<Vec<Found>> = self
            .slots
            .par_chunks_mut(CHUNK)
            .zip(self.distance.par_chunks(CHUNK))
            .enumerate()
            .map(|(c, (slots, distance))| decay_chunk(c * CHUNK, slots, distance, pass))
            .collect();
        for found in chunks {
            found.into_iter().for_each(|f| self.apply(f));
        }
    }

    /// Weakens every tie by `loss` of it, as `weaken` would one after another in slot
    /// order: an acquaintance stops at its base, any other tie below `floor` drops. The
    /// slots are weakened in fixed chunks, in parallel, and what reaches beyond a slot is
    /// applied after, in slot order.
    pub fn weaken_each(&mut self, floor: f64, loss: impl Fn(&Tie) -> f64 + Sync) {
        let (base, strong) = (self.law.base(), at_least(self.strong_threshold));
        let floor = at_least(floor);
        let chunks: Vec<Vec<Found>> = self
            .slots
            .par_chunks_mut(CHUNK)
            .zip(self.distance.par_chunks(CHUNK))
            .enumerate()
            .map(|(c, (slots, distance))| {
                let mut found = Vec::new();
                for (k, (s, &distance)) in slots.iter_mut().zip(distance).enumerate() {
                    if !s.is(LIVE) {
                        continue;
                    }
                    let (before, tie) = (*s, s.tie(distance, base));
                    let slot = (c * CHUNK + k) as u32;
                    let (weaker, drops) = weakened(s.strength, tie.base, loss(&tie), floor);
                    if drops {
                        s.bits = 0;
                        found.push(Found {
                            slot,
                            before,
                            drops: true,
                        });
                    } else {
                        s.strength = weaker;
                        if (before.strength >= strong) != (weaker >= strong) {
                            found.push(Found {
                                slot,
                                before,
                                drops: false,
                            });
                        }
                    }
                }
                found
            })
            .collect();
        chunks.into_iter().flatten().for_each(|f| self.apply(f));
    }

    /// Applies what a pass found at a slot, already emptied if its tie drops.
    fn apply(&mut self, f: Found) {
        let was_strong = self.strong_at(f.before.strength);
        if f.drops {
            if was_strong {
                self.count_strong(f.slot, f.before, false);
            }
            self.unlink(f.slot, f.before.a, f.before.b);
        } else {
            self.count_strong(f.slot, f.before, !was_strong);
        }
    }

    /// The sum of every tie's strength, added up in the fixed order the decay adds them.
    pub fn strength_sum(&self) -> f64 {
        self.slots
            .chunks(CHUNK)
            .map(|chunk| {
                let mut lanes = [0.0; LANES];
                for (k, s) in chunk.iter().enumerate() {
                    if s.is(LIVE) {
                        lanes[k % LANES] += f64::from(s.strength);
                    }
                }
                sum_in_order(&lanes)
            })
            .fold(0.0, |sum, chunk| sum + chunk)
    }
}

/// The lanes' sums added up, lane 0 first.
fn sum_in_order(lanes: &[f64; LANES]) -> f64 {
    lanes.iter().fold(0.0, |sum, lane| sum + lane)
}

/// Decays the chunk of slots that starts at slot `first`, a block of `LANES` slots at a
/// time; returns what it found to apply. With AVX2 where the processor has it
/// (`avx2::decay_chunk`): the same operations in wider registers, so the same results to
/// the bit.
fn decay_chunk(first: usize, slots: &mut [Slot], distance: &[f64], pass: Pass) -> Vec<Found> {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, as checked just above.
        return unsafe { avx2::decay_chunk(first, slots, distance, pass) };
    }
    decay_chunk_blocks(first, slots, distance, pass)
}

/// `decay_chunk`, a block of `LANES` slots at a time, each slot by the law.
fn decay_chunk_blocks(
    first: usize,
    slots: &mut [Slot],
    distance: &[f64],
    pass: Pass,
) -> Vec<Found> {
    let mut found = Vec::new();
    each_block(first, slots, distance, |at, block, distance| {
        decay_block(at, block, distance, &mut found, &pass);
    });
    found
}

/// Hands `decay` each block of `LANES` slots of the chunk that starts at slot `first`,
/// with the slot it starts at and its slots' `distance`; the last block, if short, is
/// padded with empty slots, which change nothing.
#[inline(always)]
fn each_block(
    first: usize,
    slots: &mut [Slot],
    distance: &[f64],
    mut decay: impl FnMut(usize, &mut [Slot; LANES], &[f64; LANES]),
) {
    let blocks = slots.chunks_mut(LANES).zip(distance.chunks(LANES));
    for (b, (block, distance)) in blocks.enumerate() {
        let at = first + b * LANES;
        if let (Ok(block), Ok(distance)) = (
            <&mut [Slot; LANES]>::try_from(&mut *block),
            <&[f64; LANES]>::try_from(distance),
        ) {
            decay(at, block, distance);
            continue;
        }
        let n = block.len();
        let mut padded = [Slot::default(); LANES];
        let mut padded_distance = [0.0; LANES];
        padded[..n].copy_from_slice(block);
        padded_distance[..n].copy_from_slice(distance);
        decay(at, &mut padded, &padded_distance);
        block.copy_from_slice(&padded[..n]);
    }
}

/// Decays one block of slots starting at slot `at`, and lists in `found` what reaches
/// beyond the block.
#[inline(always)]
fn decay_block(
    at: usize,
    block: &mut [Slot; LANES],
    distance: &[f64; LANES],
    found: &mut Vec<Found>,
    pass: &Pass,
) {
    if block.iter().all(|s| at_rest(s, pass.base)) {
        // Nothing in the block changes, and it is not written.
        return;
    }
    let mut left = [0.0; LANES];
    let mut bits = [0; LANES];
    let mut codes = [0; LANES];
    for k in 0..LANES {
        (left[k], bits[k], codes[k]) = decay_slot(block[k], distance[k], pass);
    }
    if codes != [0; LANES] {
        for (k, (&before, &code)) in block.iter().zip(&codes).enumerate() {
            if code != 0 {
                let slot = (at + k) as u32;
                let drops = code & DROPS != 0;
                found.push(Found {
                    slot,
                    before,
                    drops,
                });
            }
        }
    }
    for k in 0..LANES {
        block[k].strength = left[k];
        block[k].bits = bits[k];
    }
}

/// Whether the pass leaves a slot as it is: empty, or an acquaintance at its base that no
/// one touched this week.
#[inline(always)]
fn at_rest(s: &Slot, base: f32) -> bool {
    let resting = s.bits & (LIVE | TOUCHED | ACQUAINTANCE) == LIVE | ACQUAINTANCE;
    !s.is(LIVE) | (resting & (s.strength <= base))
}

/// One slot's decay (see `Ties::decay`) by the law, without a branch: its strength and
/// bits after the pass, and what is left to apply (`CROSSES`, `DROPS`).
#[inline(always)]
fn decay_slot(s: Slot, distance: f64, pass: &Pass) -> (f32, u32, u8) {
    let (strength, bits) = (s.strength, s.bits);
    let live = bits & LIVE != 0;
    let acquaintance = bits & ACQUAINTANCE != 0;
    let at_rest = (bits & TOUCHED != 0) | (acquaintance & (strength <= pass.base));
    let rate = pass.law.weekly_rate(distance, bits & DEPTH);
    let base = if acquaintance { pass.base } else { 0.0 };
    let (weaker, dropped) = weakened(strength, base, f64::from(strength) * rate, pass.floor);
    let changes = live & !at_rest;
    let drops = changes & dropped;
    let left = if changes & !drops { weaker } else { strength };
    let crosses = (strength >= pass.strong) != (left >= pass.strong);
    let bits = if drops { 0 } else { bits & !TOUCHED };
    let found = u8::from(drops) * DROPS + u8::from(live & crosses) * CROSSES;
    (left, bits, found)
}

#[cfg(test)]
mod tests {
    use super::super::tests::recount;
    use super::*;

    /// A reference decay: the law applied to one live tie after another, in slot order,
    /// through `Ties::weaken`.
    fn decayed_one_by_one(t: &Ties) -> Ties {
        let law = t.law;
        let mut after = t.clone();
        for slot in after.live_slots() {
            let tie = after.get(slot);
            let at_base = tie.base > 0.0 && tie.strength_f32() <= tie.base;
            if !tie.touched && !at_base {
                let rate = law.weekly_rate(tie.distance, tie.depth);
                after.weaken(slot, tie.strength() * rate, law.floor);
            }
        }
        after.settle();
        after
    }

    fn assert_same_ties(t: &Ties, expected: &Ties, step: usize) {
        let seen = |(slot, tie): (u32, Tie)| (slot, tie);
        let got: Vec<_> = t.iter().map(seen).collect();
        assert_eq!(
            got,
            expected.iter().map(seen).collect::<Vec<_>>(),
            "step {step}"
        );
        for who in 0..t.adjacency.len() as u32 {
            assert_eq!(t.of(who), expected.of(who), "the same lists, in order");
        }
        assert_eq!(t.free, expected.free, "the same slots free, in order");
    }

    /// Random ties of a few residents, changed at random and decayed now and then: the
    /// decay leaves what the reference leaves, and the counts of strong ties stay true.
    fn random_changes_and_decays(residents: u32, steps: usize, seed: u64) -> Ties {
        use rand::{Rng, SeedableRng};
        let n = residents;
        let group = (0..n).map(|i| (i % 3) as u8).collect();
        let opinion = (0..n).map(|i| i as f64 / n as f64).collect();
        let law = Decay {
            rate: 0.1,
            dissimilarity: 1.0,
            depth_protection: 0.5,
            floor: 0.05,
            acquaintance: 0.1,
        };
        let mut t = Ties::new(opinion, group, 0.5, law);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        for step in 0..steps {
            let (a, b) = (rng.gen_range(0..n), rng.gen_range(0..n));
            let slot = t.find(a, b);
            match (rng.gen_range(0..6), slot) {
                (_, None) if a != b => {
                    if rng.gen() {
                        t.add_acquaintance(a, b);
                    } else {
                        t.add(a, b, rng.gen_range(0.0..1.0));
                    }
                }
                (0, Some(_)) => {
                    t.connect(a, b, rng.gen_range(0.0..1.0));
                }
                (1, Some(s)) => {
                    t.strengthen(s, rng.gen_range(0.0..0.5));
                    if rng.gen() {
                        t.deepen(s);
                    }
                }
                (2, Some(s)) => {
                    t.weaken(s, rng.gen_range(0.0..0.5), 0.05);
                }
                (3, Some(s)) => t.remove(s),
                (4, Some(_)) if step % 50 == 0 => t.isolate(a),
                (_, Some(_)) => {
                    let expected = decayed_one_by_one(&t);
                    t.decay();
                    assert_same_ties(&t, &expected, step);
                }
                _ => {}
            }
            let (degree, strong, cross) = recount(&t);
            assert_eq!(t.strong_degrees(), degree, "step {step}");
            assert_eq!((t.strong_count(), t.cross_group_strong()), (strong, cross));
        }
        t
    }

    #[test]
    fn weakening_each_tie_is_weakening_one_after_another() {
        use rand::{Rng, SeedableRng};
        let n = 20_000u32;
        let mut t = Ties::plain(n as usize);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(13);
        for a in 0..n {
            t.set_opinion(a, rng.gen_range(-1.0..1.0));
        }
        for a in 0..n {
            for offset in [1, 2, 7] {
                let b = (a + offset) % n;
                if rng.gen::<f64>() < 0.3 {
                    t.add_acquaintance(a, b);
                } else {
                    let s = t.add(a, b, rng.gen_range(0.05..1.0));
                    for _ in 0..rng.gen_range(0..4) {
                        t.deepen(s);
                    }
                }
            }
        }
        assert!(t.slots.len() > 3 * CHUNK);
        let loss = |tie: &Tie| {
            let stress = 0.8 * tie.distance;
            let protection = 1.0 + 0.5 * tie.depth as f64;
            if stress >= tie.strength() * protection {
                f64::INFINITY
            } else {
                stress / protection
            }
        };
        let mut expected = t.clone();
        for slot in expected.live_slots() {
            let l = loss(&expected.get(slot));
            expected.weaken(slot, l, 0.05);
        }
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        four.install(|| t.weaken_each(0.05, loss));
        assert_same_ties(&t, &expected, 0);
        assert_eq!(
            recount(&t),
            (t.strong_degree.clone(), t.strong, t.cross_group_strong)
        );
        assert!(t.len() < 3 * n as usize, "some ties broke");
    }

    #[test]
    fn comparing_to_at_least_is_comparing_in_f64() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(5);
        let mut xs = vec![0.0, 1.0, 0.05, 0.1, 0.5, 1.0 / 3.0, 0.7, f64::from(0.3f32)];
        xs.extend((0..200).map(|_| rng.gen::<f64>()));
        for x in xs {
            let c = at_least(x);
            let near = x as f32;
            let steps = [-2i64, -1, 0, 1, 2];
            for s in steps.map(|d| f32::from_bits((i64::from(near.to_bits()) + d).max(0) as u32)) {
                assert_eq!(f64::from(s) < x, s < c, "{s} against {x}");
                assert_eq!(f64::from(s) >= x, s >= c, "{s} against {x}");
            }
        }
    }

    /// The AVX2 kernel leaves what the portable one (the law slot by slot) leaves, to the
    /// bit: the slots and the list of what reaches beyond them, on slots of every kind with
    /// strengths at and beside each threshold, blocks at rest, and a short last block.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn the_avx2_kernel_is_the_portable_kernel() {
        use super::super::CROSS_GROUP;
        use rand::{Rng, SeedableRng};
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let pass = Pass {
            law: Decay {
                rate: 0.08,
                dissimilarity: 1.5,
                depth_protection: 0.3,
                floor: 0.05,
                acquaintance: 0.1,
            },
            base: 0.1,
            floor: at_least(0.05),
            strong: at_least(0.5),
        };
        let beside = |x: f32, d: i32| f32::from_bits((x.to_bits() as i32 + d) as u32);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(17);
        let mut slots: Vec<Slot> = (0..4099u32)
            .map(|k| {
                let near = [pass.base, pass.floor, pass.strong][rng.gen_range(0..3)];
                let strength = match rng.gen_range(0..4) {
                    0 => beside(near, rng.gen_range(-2..=2)),
                    1 => rng.gen_range(0.0..0.2),
                    _ => rng.gen_range(0.0..1.0),
                };
                let depth = [0, 1, 7, DEPTH][rng.gen_range(0..4)];
                let flags = rng.gen::<u32>() & (TOUCHED | ACQUAINTANCE | CROSS_GROUP);
                let live = if rng.gen_range(0..10) > 0 { LIVE } else { 0 };
                let bits = if live == 0 { 0 } else { live | flags | depth };
                Slot {
                    strength,
                    bits,
                    a: k,
                    b: k + 1,
                }
            })
            .collect();
        for (k, s) in slots[..64].iter_mut().enumerate() {
            // Blocks at rest: acquaintances at their base, and empty slots.
            s.strength = pass.base;
            s.bits = if k % 3 == 0 { 0 } else { LIVE | ACQUAINTANCE };
        }
        let distance: Vec<f64> = (0..slots.len()).map(|_| rng.gen_range(0.0..1.0)).collect();
        let seen = |slots: &[Slot]| -> Vec<(u32, u32, u32, u32)> {
            slots
                .iter()
                .map(|s| (s.strength.to_bits(), s.bits, s.a, s.b))
                .collect()
        };
        let listed = |found: &[Found]| -> Vec<(u32, u32, bool)> {
            found
                .iter()
                .map(|f| (f.slot, f.before.bits, f.drops))
                .collect()
        };
        let (mut portable, mut wide) = (slots.clone(), slots.clone());
        let found = decay_chunk_blocks(40, &mut portable, &distance, pass);
        // SAFETY: the processor has AVX2, as checked above.
        let wide_found = unsafe { avx2::decay_chunk(40, &mut wide, &distance, pass) };
        assert_eq!(seen(&wide), seen(&portable));
        assert_eq!(listed(&wide_found), listed(&found));
        assert_ne!(seen(&portable), seen(&slots), "the pass changed slots");
        let drops = found.iter().filter(|f| f.drops).count();
        assert!(drops > 0 && drops < found.len(), "drops and crossings");
    }

    #[test]
    fn strong_counts_follow_every_change_of_strength() {
        let t = random_changes_and_decays(12, 5000, 3);
        assert!(t.strong_count() > 0 && t.cross_group_strong() > 0);
    }

    #[test]
    fn a_pass_over_many_chunks_is_the_pass_in_slot_order() {
        // Enough ties for several chunks, decayed week after week on one thread and on
        // four: the same ties, lists, free slots and sums as the reference each week. Most
        // are acquaintances, so that whole blocks come to rest at their base.
        use rand::{Rng, SeedableRng};
        // Three ties a resident: 60,003 slots, so the last chunk ends in a short block.
        let n = 20_001u32;
        let mut t = Ties::plain(n as usize);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for a in 0..n {
            for offset in 1..=3 {
                let b = (a + offset) % n;
                if rng.gen::<f64>() < 0.8 {
                    t.add_acquaintance(a, b);
                } else {
                    t.add(a, b, rng.gen_range(0.05..1.0));
                }
            }
        }
        assert!(t.slots.len() > 3 * CHUNK);
        assert_ne!(t.slots.len() % LANES, 0, "a short last block");
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        for week in 0..30 {
            for _ in 0..2000 {
                let slot = rng.gen_range(0..t.slots.len() as u32);
                if t.slots[slot as usize].is(LIVE) {
                    t.strengthen(slot, rng.gen_range(0.0..0.4));
                    if rng.gen() {
                        t.deepen(slot);
                    }
                }
            }
            let expected = decayed_one_by_one(&t);
            let mut alone = t.clone();
            four.install(|| t.decay());
            one.install(|| alone.decay());
            assert_same_ties(&t, &expected, week);
            assert_same_ties(&alone, &expected, week);
            assert_eq!(
                recount(&t),
                (t.strong_degree.clone(), t.strong, t.cross_group_strong)
            );
        }
        assert!(t.len() < 3 * n as usize, "some ties dropped");
    }
}

#[cfg(test)]
mod law {
    use super::super::Ties;

    #[test]
    fn deep_ties_decay_more_slowly() {
        let mut t = Ties::plain(1000);
        let shallow = t.add(0, 500, 0.8);
        let deep = t.add(1, 501, 0.8);
        for _ in 0..10 {
            t.deepen(deep);
        }
        t.settle();
        t.decay();
        // Strengths are f32: compare to f32 precision.
        let lost_shallow = 0.8 - t.get(shallow).strength();
        let lost_deep = 0.8 - t.get(deep).strength();
        assert!((lost_shallow - 0.8 * 0.04).abs() < 1e-6);
        assert!((lost_deep - 0.8 * 0.04 / 6.0).abs() < 1e-6);
    }

    #[test]
    fn a_touched_tie_does_not_decay_that_week() {
        let mut t = Ties::plain(1000);
        let slot = t.add(0, 500, 0.8);
        t.decay();
        assert_eq!(t.get(slot).strength_f32(), 0.8);
        t.decay();
        assert!(t.get(slot).strength_f32() < 0.8);
    }
}
