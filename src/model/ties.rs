//! The weighted, undirected network of ties: flat slots plus per-resident adjacency.
//!
//! A tie lives in a slot of `Ties::slots`; a dropped tie's slot is reused. Each resident's
//! adjacency lists `(other, slot)` pairs, so finding the tie between two residents scans
//! the shorter list — degrees are small, and no hash map is touched in the weekly step.
//!
//! Every change of a tie's strength goes through `Ties`, which keeps each resident's count
//! of strong ties as it goes: the weekly survey copies the counts instead of reading both
//! ends of every strong tie. A tie also keeps what it needs of its ends that never
//! changes (their opinion distance and whether they belong to different groups), so that
//! the weekly pass over the ties reads the ties alone.

use smallvec::SmallVec;

use super::residents::NONE;

/// A resident's `(other, slot)` pairs, kept inline up to this many: most residents have
/// fewer ties, so the mutual-aid phase, which walks residents in id order and asks each
/// one's ties, reads their lists in order from one array instead of one allocation apiece.
const INLINE_TIES: usize = 16;

type Adjacency = SmallVec<[(u32, u32); INLINE_TIES]>;

/// One tie. Strengths are kept in `f32`: ample precision for a quantity in [0, 1], and a
/// smaller tie makes the weekly passes over millions of ties cheaper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tie {
    pub a: u32,
    pub b: u32,
    /// Changed only through `Ties`, which counts strong ties.
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

    fn is_live(&self) -> bool {
        self.a != NONE
    }

    /// What `loss` leaves of the tie: its new strength, or `None` when it drops. An
    /// acquaintance tie stops at its base; any other tie below `floor` drops.
    fn weakened(&self, loss: f64, floor: f64) -> Option<f32> {
        let weaker = self.strength - loss.min(f64::from(f32::MAX)) as f32;
        if self.base > 0.0 {
            Some(weaker.max(self.base))
        } else if f64::from(weaker) < floor {
            None
        } else {
            Some(weaker)
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Ties {
    slots: Vec<Tie>,
    free: Vec<u32>,
    adjacency: Vec<Adjacency>,
    live: usize,
    /// Week of the last event at which each slot's tie was renewed (`NONE` if never), so
    /// that a pair is renewed once per event. Kept apart from `slots`: only events read it.
    renewed_week: Vec<u32>,
    /// Each resident's opinion and group, which never change: a new tie records its ends'
    /// distance and whether it joins groups from them.
    opinion: Vec<f64>,
    group: Vec<u8>,
    /// A tie at least this strong is strong.
    strong_threshold: f64,
    /// Per resident: their strong ties.
    strong_degree: Vec<u32>,
    strong: u32,
    cross_group_strong: u32,
}

impl Ties {
    /// No ties yet among residents of these opinions and groups (one entry per resident).
    pub fn new(opinion: Vec<f64>, group: Vec<u8>, strong_threshold: f64) -> Ties {
        assert_eq!(
            opinion.len(),
            group.len(),
            "one opinion and group per resident"
        );
        let residents = opinion.len();
        Ties {
            slots: Vec::new(),
            free: Vec::new(),
            adjacency: vec![Adjacency::new(); residents],
            live: 0,
            renewed_week: Vec::new(),
            opinion,
            group,
            strong_threshold,
            strong_degree: vec![0; residents],
            strong: 0,
            cross_group_strong: 0,
        }
    }

    /// No ties yet among `residents` of one opinion and one group, strong from 0.5 (tests).
    #[cfg(test)]
    pub fn plain(residents: usize) -> Ties {
        Ties::new(vec![0.0; residents], vec![0; residents], 0.5)
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
        self.slots[slot as usize].strength() >= self.strong_threshold
    }

    /// `(other, slot)` for every tie of `who`.
    pub fn of(&self, who: u32) -> &[(u32, u32)] {
        &self.adjacency[who as usize]
    }

    pub fn get(&self, slot: u32) -> &Tie {
        &self.slots[slot as usize]
    }

    /// Asks the processor to bring a tie into cache ahead of its use; changes nothing.
    #[inline]
    pub fn prefetch(&self, slot: u32) {
        #[cfg(target_arch = "x86_64")]
        if let Some(tie) = self.slots.get(slot as usize) {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            // SAFETY: a prefetch is a hint that never faults, here of a live element.
            unsafe { _mm_prefetch::<_MM_HINT_T0>((tie as *const Tie).cast()) }
        }
    }

    /// A reciprocal exchange carried by the tie.
    pub fn deepen(&mut self, slot: u32) {
        self.slots[slot as usize].depth += 1;
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
        for tie in &mut self.slots {
            tie.touched = false;
        }
    }

    /// Every live tie with its slot, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Tie)> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_live())
            .map(|(i, t)| (i as u32, t))
    }

    /// The sum of every tie's strength, in slot order.
    pub fn strength_sum(&self) -> f64 {
        let mut sum = 0.0;
        for tie in &self.slots {
            if tie.is_live() {
                sum += tie.strength();
            }
        }
        sum
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
        let tie = Tie {
            a,
            b,
            strength: strength as f32,
            base: base as f32,
            depth: 0,
            touched: true,
            cross_group: self.group[i] != self.group[j],
            distance: (self.opinion[i] - self.opinion[j]).abs() / 2.0,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = tie;
                self.renewed_week[slot as usize] = NONE;
                slot
            }
            None => {
                self.slots.push(tie);
                self.renewed_week.push(NONE);
                (self.slots.len() - 1) as u32
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
                let tie = &mut self.slots[slot as usize];
                tie.touched = true;
                let stronger = tie.strength.max(strength as f32);
                self.set_strength(slot, stronger);
                slot
            }
            None => self.add(a, b, strength, 0.0),
        }
    }

    /// Contact that strengthens a tie by `gain` (capped at 1).
    pub fn strengthen(&mut self, slot: u32, gain: f64) {
        let tie = &mut self.slots[slot as usize];
        tie.touched = true;
        let stronger = (tie.strength + gain as f32).min(1.0);
        self.set_strength(slot, stronger);
    }

    pub fn remove(&mut self, slot: u32) {
        let tie = self.slots[slot as usize];
        debug_assert!(tie.is_live());
        if self.is_strong(slot) {
            self.count_strong(slot, false);
        }
        for (me, other) in [(tie.a, tie.b), (tie.b, tie.a)] {
            let list = &mut self.adjacency[me as usize];
            if let Some(pos) = list.iter().position(|&(o, _)| o == other) {
                list.swap_remove(pos);
            }
        }
        self.slots[slot as usize].a = NONE;
        self.slots[slot as usize].b = NONE;
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
        match self.slots[slot as usize].weakened(loss, floor) {
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

    /// The weekly pass: a tie touched this week is only unmarked; any other is weakened by
    /// `loss` of it (`None` leaves it as it is). Returns the sum of the strengths of the
    /// ties left, in slot order, as `strength_sum` would after the pass.
    pub fn decay(&mut self, floor: f64, loss: impl Fn(&Tie) -> Option<f64>) -> f64 {
        let mut sum = 0.0;
        for slot in 0..self.slots.len() as u32 {
            let tie = &mut self.slots[slot as usize];
            if !tie.is_live() {
                continue;
            }
            if tie.touched {
                tie.touched = false;
                sum += tie.strength();
                continue;
            }
            let Some(loss) = loss(tie) else {
                sum += tie.strength();
                continue;
            };
            match tie.weakened(loss, floor) {
                Some(weaker) => {
                    self.set_strength(slot, weaker);
                    sum += f64::from(weaker);
                }
                None => self.remove(slot),
            }
        }
        sum
    }

    /// Slots of every live tie, for passes that may drop ties as they go.
    pub fn live_slots(&self) -> Vec<u32> {
        self.iter().map(|(slot, _)| slot).collect()
    }

    /// Sets a tie's strength, keeping the counts of strong ties.
    #[inline]
    fn set_strength(&mut self, slot: u32, strength: f32) {
        let was = self.is_strong(slot);
        self.slots[slot as usize].strength = strength;
        let is = self.is_strong(slot);
        if was != is {
            self.count_strong(slot, is);
        }
    }

    /// Counts a tie among the strong ones (`strong`), or no longer.
    fn count_strong(&mut self, slot: u32, strong: bool) {
        let tie = &self.slots[slot as usize];
        let (a, b, cross) = (tie.a as usize, tie.b as usize, u32::from(tie.cross_group));
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
        let mut t = Ties::new(opinion, group, 0.5);
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
                (1, Some(s)) => t.strengthen(s, rng.gen_range(0.0..0.5)),
                (2, Some(s)) => {
                    t.weaken(s, rng.gen_range(0.0..0.5), 0.05);
                }
                (3, Some(s)) => t.remove(s),
                (4, Some(_)) if step % 50 == 0 => t.isolate(a),
                (_, Some(_)) => {
                    let expected = {
                        let mut after = t.clone();
                        for slot in after.live_slots() {
                            if !after.get(slot).touched {
                                after.weaken(slot, 0.1, 0.05);
                            }
                        }
                        after.strength_sum()
                    };
                    let sum = t.decay(0.05, |_| Some(0.1));
                    assert_eq!(sum, expected, "decay sums what it leaves");
                    assert_eq!(sum, t.strength_sum());
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
        let mut t = Ties::new(vec![-1.0, 0.5, 1.0], vec![0, 0, 1], 0.5);
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
