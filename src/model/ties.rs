//! The weighted, undirected network of ties: flat slots plus per-resident adjacency.
//!
//! A tie lives in a slot; a dropped tie's slot is reused. Each resident's adjacency lists
//! `(other, slot)` pairs, so finding the tie between two residents scans the shorter list —
//! degrees are small, and no hash map is touched in the weekly step.
//!
//! A slot's state is kept in three arrays: what changes week by week and what the weekly
//! decay reads (`Hot`: strength, base, depth, flags; 16 bytes), the part of the decay rate
//! fixed at the tie's making (`pull`), and what never changes (`Ends`: who, their opinion
//! distance, whether they join groups). The decay streams through the first two in fixed
//! chunks, in parallel and in the processor's vector lanes, and applies what it finds
//! (ties to drop, strong ties gained or lost) afterwards in slot order; an act of help
//! touches one 16-byte record.
//!
//! Every change of a tie's strength goes through `Ties`, which keeps each resident's count
//! of strong ties as it goes: the weekly survey copies the counts instead of reading both
//! ends of every strong tie.

use rayon::prelude::*;
use smallvec::SmallVec;

use super::residents::NONE;

/// A resident's `(other, slot)` pairs, kept inline up to this many: most residents have
/// fewer ties, so the mutual-aid phase, which walks residents in id order and asks each
/// one's ties, reads their lists in order from one array instead of one allocation apiece.
const INLINE_TIES: usize = 16;

type Adjacency = SmallVec<[(u32, u32); INLINE_TIES]>;

/// Slots the decay hands to one task. Fixed, so that what the decay computes does not
/// depend on how many threads share the chunks.
const DECAY_CHUNK: usize = 1 << 14;

/// Running sums of strengths each chunk keeps, slot `k` adding into lane `k % LANES`: the
/// order of every addition is fixed by the slots alone, and the processor can do the lanes
/// side by side.
const LANES: usize = 8;

/// One tie, as the rest of the model reads it (a copy: change it through `Ties`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tie {
    pub a: u32,
    pub b: u32,
    strength: f32,
    /// Strength an acquaintance tie between neighbours falls back to; 0 for other ties.
    pub base: f32,
    /// Reciprocal exchanges carried.
    pub depth: u32,
    /// Contact this week: the tie does not decay this week.
    pub touched: bool,
    /// Whether the ends belong to different groups (groups are fixed for life).
    pub cross_group: bool,
    /// Half the distance between the ends' opinions, in [0, 1] (opinions are fixed for
    /// life).
    pub distance: f64,
}

impl Tie {
    /// The strength as the model computes with it.
    pub fn strength(&self) -> f64 {
        f64::from(self.strength)
    }

    /// The strength as stored.
    pub fn strength_f32(&self) -> f32 {
        self.strength
    }
}

/// How ties weaken without contact (ODD, phase 9): each week a tie loses
/// `strength × rate × (1 + dissimilarity × distance) / (1 + depth_protection × depth)`
/// (at most all of it); an acquaintance tie stops at its base, any other drops below
/// `floor`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decay {
    pub rate: f64,
    pub dissimilarity: f64,
    pub depth_protection: f64,
    pub floor: f64,
}

impl Decay {
    /// The part of a tie's weekly rate fixed at its making, from its ends' distance.
    fn pull(&self, distance: f64) -> f64 {
        self.rate * (1.0 + self.dissimilarity * distance)
    }

    /// The share of its strength a tie of this `pull` and `depth` loses in a week.
    #[inline(always)]
    fn weekly_rate(&self, pull: f64, depth: u32) -> f64 {
        (pull / (1.0 + self.depth_protection * f64::from(depth))).min(1.0)
    }
}

/// What strength is left after losing `loss` of `strength`: an acquaintance tie (a `base`
/// above 0) stops at its base; any other tie below `floor` drops (`None`).
fn weakened(strength: f32, base: f32, loss: f64, floor: f64) -> Option<f32> {
    let weaker = strength - loss.min(f64::from(f32::MAX)) as f32;
    if base > 0.0 {
        Some(weaker.max(base))
    } else if f64::from(weaker) < floor {
        None
    } else {
        Some(weaker)
    }
}

const LIVE: u32 = 1;
const TOUCHED: u32 = 2;

/// What of a slot changes week by week, and all the decay reads besides `pull`.
#[derive(Clone, Copy, Debug, Default)]
struct Hot {
    strength: f32,
    base: f32,
    depth: u32,
    /// `LIVE` while the slot holds a tie, `TOUCHED` after contact this week.
    flags: u32,
}

/// What never changes while the tie lives.
#[derive(Clone, Copy, Debug)]
struct Ends {
    a: u32,
    b: u32,
    distance: f64,
    cross_group: bool,
}

/// What the decay found at a slot, applied after the pass.
const CROSSED: u8 = 1;
const DROPS: u8 = 2;

#[derive(Clone, Debug)]
pub struct Ties {
    hot: Vec<Hot>,
    /// Per slot: `Decay::pull` of its ends' distance.
    pull: Vec<f64>,
    ends: Vec<Ends>,
    /// Per slot: what the last decay found there (`CROSSED`, `DROPS`).
    found: Vec<u8>,
    free: Vec<u32>,
    adjacency: Vec<Adjacency>,
    live: usize,
    /// Week of the last event at which each slot's tie was renewed (`NONE` if never), so
    /// that a pair is renewed once per event. Kept apart: only events read it.
    renewed_week: Vec<u32>,
    /// Each resident's opinion and group, which never change: a new tie records its ends'
    /// distance and whether it joins groups from them.
    opinion: Vec<f64>,
    group: Vec<u8>,
    /// How ties weaken week by week.
    law: Decay,
    /// A tie at least this strong is strong.
    strong_threshold: f64,
    /// Per resident: their strong ties.
    strong_degree: Vec<u32>,
    strong: u32,
    cross_group_strong: u32,
}

impl Ties {
    /// No ties yet among residents of these opinions and groups (one entry per resident).
    pub fn new(opinion: Vec<f64>, group: Vec<u8>, strong_threshold: f64, law: Decay) -> Ties {
        assert_eq!(
            opinion.len(),
            group.len(),
            "one opinion and group per resident"
        );
        let residents = opinion.len();
        Ties {
            hot: Vec::new(),
            pull: Vec::new(),
            ends: Vec::new(),
            found: Vec::new(),
            free: Vec::new(),
            adjacency: vec![Adjacency::new(); residents],
            live: 0,
            renewed_week: Vec::new(),
            opinion,
            group,
            law,
            strong_threshold,
            strong_degree: vec![0; residents],
            strong: 0,
            cross_group_strong: 0,
        }
    }

    /// No ties yet among `residents` of one opinion and one group, strong from 0.5,
    /// decaying as by default (tests).
    #[cfg(test)]
    pub fn plain(residents: usize) -> Ties {
        let law = Decay {
            rate: 0.04,
            dissimilarity: 1.0,
            depth_protection: 0.5,
            floor: 0.05,
        };
        Ties::new(vec![0.0; residents], vec![0; residents], 0.5, law)
    }

    /// Gives a resident another opinion for the ties made from now on; ties already made
    /// keep the distance they were made with (tests).
    #[cfg(test)]
    pub fn set_opinion(&mut self, who: u32, opinion: f64) {
        self.opinion[who as usize] = opinion;
    }

    /// Number of ties.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Number of strong ties.
    pub fn strong_count(&self) -> u32 {
        self.strong
    }

    /// Number of strong ties joining different groups.
    pub fn cross_group_strong(&self) -> u32 {
        self.cross_group_strong
    }

    /// Per resident: their strong ties.
    pub fn strong_degrees(&self) -> &[u32] {
        &self.strong_degree
    }

    pub fn is_strong(&self, slot: u32) -> bool {
        f64::from(self.hot[slot as usize].strength) >= self.strong_threshold
    }

    /// `(other, slot)` for every tie of `who`.
    pub fn of(&self, who: u32) -> &[(u32, u32)] {
        &self.adjacency[who as usize]
    }

    /// The tie in `slot`, which must hold one.
    pub fn get(&self, slot: u32) -> Tie {
        let (hot, ends) = (self.hot[slot as usize], self.ends[slot as usize]);
        debug_assert!(hot.flags & LIVE != 0, "slot {slot} holds no tie");
        Tie {
            a: ends.a,
            b: ends.b,
            strength: hot.strength,
            base: hot.base,
            depth: hot.depth,
            touched: hot.flags & TOUCHED != 0,
            cross_group: ends.cross_group,
            distance: ends.distance,
        }
    }

    /// Asks the processor to bring into cache what an act of help reads and writes of a
    /// tie, ahead of its use; changes nothing.
    #[inline]
    pub fn prefetch(&self, slot: u32) {
        #[cfg(target_arch = "x86_64")]
        if let Some(hot) = self.hot.get(slot as usize) {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: a prefetch is a hint that never faults, here of a live element.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((hot as *const Hot).cast()) }
        }
    }

    /// A reciprocal exchange carried by the tie.
    pub fn deepen(&mut self, slot: u32) {
        self.hot[slot as usize].depth += 1;
    }

    /// Week of the last event at which the tie was renewed, or `NONE`.
    pub fn renewed_week(&self, slot: u32) -> u32 {
        self.renewed_week[slot as usize]
    }

    pub fn mark_renewed(&mut self, slot: u32, week: u32) {
        self.renewed_week[slot as usize] = week;
    }

    /// Every tie counts as not touched this week (a new community starts settled).
    pub fn settle(&mut self) {
        for hot in &mut self.hot {
            hot.flags &= !TOUCHED;
        }
    }

    /// Every live tie with its slot, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Tie)> + '_ {
        (0..self.hot.len() as u32)
            .filter(|&slot| self.hot[slot as usize].flags & LIVE != 0)
            .map(|slot| (slot, self.get(slot)))
    }

    /// The sum of every tie's strength, added up in the fixed order the decay adds them.
    pub fn strength_sum(&self) -> f64 {
        self.hot
            .chunks(DECAY_CHUNK)
            .map(|chunk| {
                let mut lanes = [0.0; LANES];
                for (k, hot) in chunk.iter().enumerate() {
                    if hot.flags & LIVE != 0 {
                        lanes[k % LANES] += f64::from(hot.strength);
                    }
                }
                sum_in_order(&lanes)
            })
            .fold(0.0, |sum, chunk| sum + chunk)
    }

    pub fn find(&self, a: u32, b: u32) -> Option<u32> {
        let (from, to) = if self.adjacency[a as usize].len() <= self.adjacency[b as usize].len() {
            (a, b)
        } else {
            (b, a)
        };
        self.adjacency[from as usize]
            .iter()
            .find(|&&(other, _)| other == to)
            .map(|&(_, slot)| slot)
    }

    /// Adds a new tie; the caller makes sure none exists between `a` and `b`.
    pub fn add(&mut self, a: u32, b: u32, strength: f64, base: f64) -> u32 {
        debug_assert!(a != b, "no self-ties");
        debug_assert!(self.find(a, b).is_none(), "no duplicate ties");
        let (i, j) = (a as usize, b as usize);
        let hot = Hot {
            strength: strength as f32,
            base: base as f32,
            depth: 0,
            flags: LIVE | TOUCHED,
        };
        let distance = (self.opinion[i] - self.opinion[j]).abs() / 2.0;
        let ends = Ends {
            a,
            b,
            distance,
            cross_group: self.group[i] != self.group[j],
        };
        let pull = self.law.pull(distance);
        let slot = match self.free.pop() {
            Some(slot) => {
                let k = slot as usize;
                self.hot[k] = hot;
                self.ends[k] = ends;
                self.pull[k] = pull;
                self.renewed_week[k] = NONE;
                slot
            }
            None => {
                self.hot.push(hot);
                self.ends.push(ends);
                self.pull.push(pull);
                self.found.push(0);
                self.renewed_week.push(NONE);
                (self.hot.len() - 1) as u32
            }
        };
        if self.is_strong(slot) {
            self.count_strong(slot, true);
        }
        self.adjacency[i].push((b, slot));
        self.adjacency[j].push((a, slot));
        self.live += 1;
        slot
    }

    /// Makes sure `a` and `b` are tied with at least `strength`, and marks the contact.
    pub fn connect(&mut self, a: u32, b: u32, strength: f64) -> u32 {
        match self.find(a, b) {
            Some(slot) => {
                let hot = &mut self.hot[slot as usize];
                hot.flags |= TOUCHED;
                let stronger = hot.strength.max(strength as f32);
                self.set_strength(slot, stronger);
                slot
            }
            None => self.add(a, b, strength, 0.0),
        }
    }

    /// Contact that strengthens a tie by `gain` (capped at 1).
    pub fn strengthen(&mut self, slot: u32, gain: f64) {
        let hot = &mut self.hot[slot as usize];
        hot.flags |= TOUCHED;
        let stronger = (hot.strength + gain as f32).min(1.0);
        self.set_strength(slot, stronger);
    }

    pub fn remove(&mut self, slot: u32) {
        let k = slot as usize;
        debug_assert!(self.hot[k].flags & LIVE != 0);
        if self.is_strong(slot) {
            self.count_strong(slot, false);
        }
        let Ends { a, b, .. } = self.ends[k];
        for (me, other) in [(a, b), (b, a)] {
            let list = &mut self.adjacency[me as usize];
            if let Some(pos) = list.iter().position(|&(o, _)| o == other) {
                list.swap_remove(pos);
            }
        }
        self.hot[k].flags = 0;
        self.ends[k].a = NONE;
        self.ends[k].b = NONE;
        self.free.push(slot);
        self.live -= 1;
    }

    /// Removes every tie of `who` (they leave the community).
    pub fn isolate(&mut self, who: u32) {
        while let Some(&(_, slot)) = self.adjacency[who as usize].last() {
            self.remove(slot);
        }
    }

    /// Weakens a tie by `loss`. An acquaintance tie stops at its base; any other tie below
    /// `floor` is dropped. Returns whether the tie survives.
    pub fn weaken(&mut self, slot: u32, loss: f64, floor: f64) -> bool {
        let hot = self.hot[slot as usize];
        match weakened(hot.strength, hot.base, loss, floor) {
            Some(weaker) => {
                self.set_strength(slot, weaker);
                true
            }
            None => {
                self.remove(slot);
                false
            }
        }
    }

    /// The weekly pass (`Decay`): a tie touched this week is only unmarked, an
    /// acquaintance at its base is left as it is, and every other tie weakens by its
    /// weekly rate, or drops. Returns the sum of the strengths of the ties left, as
    /// `strength_sum` would after the pass.
    ///
    /// The slots are decayed in fixed chunks, in parallel; the ties to drop and the strong
    /// ties gained or lost are applied after, in slot order, so the outcome is the one of
    /// a pass in slot order whatever the number of threads.
    pub fn decay(&mut self) -> f64 {
        let (law, threshold) = (self.law, self.strong_threshold);
        let sums: Vec<f64> = self
            .hot
            .par_chunks_mut(DECAY_CHUNK)
            .zip(self.pull.par_chunks(DECAY_CHUNK))
            .zip(self.found.par_chunks_mut(DECAY_CHUNK))
            .map(|((hot, pull), found)| decay_chunk(hot, pull, found, &law, threshold))
            .collect();
        // Taken out while ties are dropped; nothing below reads it.
        let found = std::mem::take(&mut self.found);
        for (word, eight) in found.chunks(8).enumerate() {
            if eight.iter().all(|&f| f == 0) {
                continue;
            }
            for (k, &f) in eight.iter().enumerate() {
                let slot = (word * 8 + k) as u32;
                if f & DROPS != 0 {
                    self.remove(slot);
                } else if f & CROSSED != 0 {
                    let strong = self.is_strong(slot);
                    self.count_strong(slot, strong);
                }
            }
        }
        self.found = found;
        sums.iter().fold(0.0, |sum, chunk| sum + chunk)
    }

    /// Slots of every live tie, for passes that may drop ties as they go.
    pub fn live_slots(&self) -> Vec<u32> {
        self.iter().map(|(slot, _)| slot).collect()
    }

    /// Sets a tie's strength, keeping the counts of strong ties.
    #[inline]
    fn set_strength(&mut self, slot: u32, strength: f32) {
        let was = self.is_strong(slot);
        self.hot[slot as usize].strength = strength;
        let is = self.is_strong(slot);
        if was != is {
            self.count_strong(slot, is);
        }
    }

    /// Counts a tie among the strong ones (`strong`), or no longer.
    fn count_strong(&mut self, slot: u32, strong: bool) {
        let ends = &self.ends[slot as usize];
        let (a, b, cross) = (
            ends.a as usize,
            ends.b as usize,
            u32::from(ends.cross_group),
        );
        if strong {
            self.strong_degree[a] += 1;
            self.strong_degree[b] += 1;
            self.strong += 1;
            self.cross_group_strong += cross;
        } else {
            self.strong_degree[a] -= 1;
            self.strong_degree[b] -= 1;
            self.strong -= 1;
            self.cross_group_strong -= cross;
        }
    }
}

/// The lanes' sums added up, lane 0 first.
fn sum_in_order(lanes: &[f64; LANES]) -> f64 {
    lanes.iter().fold(0.0, |sum, lane| sum + lane)
}

/// Decays one chunk of slots, marks in `found` what is left to apply, and returns the sum
/// of the strengths left in the chunk. With AVX2 where the processor has it: the same
/// operations on more lanes at once, so the same results to the bit.
fn decay_chunk(
    hot: &mut [Hot],
    pull: &[f64],
    found: &mut [u8],
    law: &Decay,
    threshold: f64,
) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2, as checked just above.
        return unsafe { decay_chunk_avx2(hot, pull, found, law, threshold) };
    }
    decay_chunk_lanes(hot, pull, found, law, threshold)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn decay_chunk_avx2(
    hot: &mut [Hot],
    pull: &[f64],
    found: &mut [u8],
    law: &Decay,
    threshold: f64,
) -> f64 {
    decay_chunk_lanes(hot, pull, found, law, threshold)
}

/// `decay_chunk`, written without a branch per slot so that the compiler can put
/// neighbouring slots in vector lanes: every slot's outcome is computed, and chosen.
#[inline(always)]
fn decay_chunk_lanes(
    hot: &mut [Hot],
    pull: &[f64],
    found: &mut [u8],
    law: &Decay,
    threshold: f64,
) -> f64 {
    let mut lanes = [0.0; LANES];
    let mut hot = hot.chunks_exact_mut(LANES);
    let mut pull = pull.chunks_exact(LANES);
    let mut found = found.chunks_exact_mut(LANES);
    for ((hot, pull), found) in (&mut hot).zip(&mut pull).zip(&mut found) {
        for k in 0..LANES {
            lanes[k] += decay_slot(&mut hot[k], pull[k], &mut found[k], law, threshold);
        }
    }
    let rest = hot.into_remainder().iter_mut();
    let rest = rest.zip(pull.remainder()).zip(found.into_remainder());
    for (k, ((hot, &pull), found)) in rest.enumerate() {
        lanes[k] += decay_slot(hot, pull, found, law, threshold);
    }
    sum_in_order(&lanes)
}

/// Decays one slot (see `Ties::decay`), marks in `found` what is left to apply, and
/// returns the strength it adds to the sum of strengths.
#[inline(always)]
fn decay_slot(tie: &mut Hot, pull: f64, found: &mut u8, law: &Decay, threshold: f64) -> f64 {
    let Hot {
        strength,
        base,
        depth,
        flags,
    } = *tie;
    let live = flags & LIVE != 0;
    let acquaintance = base > 0.0;
    let at_rest = (flags & TOUCHED != 0) | (acquaintance & (strength <= base));
    let loss = f64::from(strength) * law.weekly_rate(pull, depth);
    // As `weakened`, without branches.
    let weaker = strength - loss.min(f64::from(f32::MAX)) as f32;
    let weaker = if acquaintance {
        weaker.max(base)
    } else {
        weaker
    };
    let changes = live & !at_rest;
    let drops = changes & !acquaintance & (f64::from(weaker) < law.floor);
    let left = if changes & !drops { weaker } else { strength };
    let crossed = (f64::from(strength) >= threshold) != (f64::from(left) >= threshold);
    tie.strength = left;
    tie.flags = flags & !TOUCHED;
    *found = u8::from(drops) * DROPS + u8::from(live & crossed) * CROSSED;
    if live & !drops {
        f64::from(left)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_are_symmetric_and_slots_are_reused() {
        let mut t = Ties::plain(4);
        let ab = t.add(0, 1, 0.3, 0.0);
        let bc = t.add(1, 2, 0.3, 0.1);
        assert_eq!(t.find(1, 0), Some(ab));
        assert_eq!(t.find(2, 1), Some(bc));
        assert_eq!(t.find(0, 2), None);
        t.remove(ab);
        assert_eq!(t.find(0, 1), None);
        assert!(t.of(0).is_empty());
        assert_eq!(t.of(1), &[(2, bc)]);
        let cd = t.add(2, 3, 0.5, 0.0);
        assert_eq!(cd, ab, "the freed slot is reused");
        assert_eq!(t.len(), 2);
        assert_eq!(t.iter().count(), 2);
    }

    #[test]
    fn weakening_drops_ties_but_acquaintances_fall_back_to_base() {
        let mut t = Ties::plain(3);
        let plain = t.add(0, 1, 0.2, 0.0);
        let acquaintance = t.add(1, 2, 0.6, 0.1);
        assert!(t.weaken(plain, 0.1, 0.05));
        assert!(!t.weaken(plain, 0.1, 0.05), "below the floor it is dropped");
        assert_eq!(t.find(0, 1), None);
        assert!(t.weaken(acquaintance, 5.0, 0.05));
        assert_eq!(t.get(acquaintance).strength_f32(), 0.1);
    }

    /// Every count of strong ties, recounted from the ties themselves.
    fn recount(t: &Ties) -> (Vec<u32>, u32, u32) {
        let mut degree = vec![0; t.strong_degrees().len()];
        let (mut strong, mut cross) = (0, 0);
        for (slot, tie) in t.iter() {
            if t.is_strong(slot) {
                degree[tie.a as usize] += 1;
                degree[tie.b as usize] += 1;
                strong += 1;
                cross += u32::from(tie.cross_group);
            }
        }
        (degree, strong, cross)
    }

    #[test]
    fn strong_counts_follow_every_change_of_strength() {
        use rand::{Rng, SeedableRng};
        let n = 12;
        let group = (0..n).map(|i| (i % 3) as u8).collect();
        let opinion = (0..n).map(|i| i as f64 / n as f64).collect();
        let law = Decay {
            rate: 0.1,
            dissimilarity: 1.0,
            depth_protection: 0.5,
            floor: 0.05,
        };
        let mut t = Ties::new(opinion, group, 0.5, law);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        for step in 0..5000 {
            let (a, b) = (rng.gen_range(0..n), rng.gen_range(0..n));
            let slot = t.find(a, b);
            match (rng.gen_range(0..6), slot) {
                (_, None) if a != b => {
                    let base = if rng.gen() { 0.1 } else { 0.0 };
                    t.add(a, b, rng.gen_range(0.0..1.0), base);
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
                    let (expected, after_decay) = {
                        let mut after = t.clone();
                        for slot in after.live_slots() {
                            let tie = after.get(slot);
                            let at_base = tie.base > 0.0 && tie.strength_f32() <= tie.base;
                            if !tie.touched && !at_base {
                                let rate = law.rate * (1.0 + law.dissimilarity * tie.distance)
                                    / (1.0 + law.depth_protection * tie.depth as f64);
                                after.weaken(slot, tie.strength() * rate.min(1.0), law.floor);
                            }
                        }
                        (after.strength_sum(), after)
                    };
                    let sum = t.decay();
                    assert_eq!(sum, expected, "decay sums what it leaves");
                    assert_eq!(sum, t.strength_sum());
                    let weakened = |(_, tie): (u32, Tie)| (tie.a, tie.b, tie.strength_f32());
                    let left: Vec<_> = t.iter().map(weakened).collect();
                    assert_eq!(left, after_decay.iter().map(weakened).collect::<Vec<_>>());
                    for who in 0..n {
                        assert_eq!(t.of(who), after_decay.of(who), "the same lists, in order");
                    }
                }
                _ => {}
            }
            let (degree, strong, cross) = recount(&t);
            assert_eq!(t.strong_degrees(), degree, "step {step}");
            assert_eq!((t.strong_count(), t.cross_group_strong()), (strong, cross));
        }
        assert!(t.strong_count() > 0 && t.cross_group_strong() > 0);
    }

    #[test]
    fn a_tie_keeps_its_ends_distance_and_groups() {
        let mut t = Ties::plain(3);
        t.set_opinion(0, -1.0);
        t.set_opinion(1, 0.5);
        t.set_opinion(2, 1.0);
        t.group[2] = 1;
        let near = t.add(1, 2, 0.3, 0.0);
        let far = t.add(0, 2, 0.3, 0.0);
        let same = t.add(0, 1, 0.3, 0.0);
        assert_eq!(t.get(near).distance, 0.25);
        assert_eq!(t.get(far).distance, 1.0);
        assert!(t.get(near).cross_group && !t.get(same).cross_group);
    }

    #[test]
    fn connect_never_lowers_and_isolate_removes_all() {
        let mut t = Ties::plain(3);
        let s = t.add(0, 1, 0.7, 0.0);
        assert_eq!(t.connect(1, 0, 0.3), s);
        assert_eq!(t.get(s).strength_f32(), 0.7);
        t.connect(0, 2, 0.3);
        t.isolate(0);
        assert!(t.is_empty());
        assert!(t.of(1).is_empty() && t.of(2).is_empty());
    }
}
