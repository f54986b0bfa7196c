//! The weighted, undirected network of ties: flat slots plus per-resident adjacency.
//!
//! A tie lives in a slot; a dropped tie's slot is reused. Each resident's adjacency lists
//! `(other, slot)` pairs, so finding the tie between two residents scans the shorter list —
//! degrees are small, and no hash map is touched in the weekly step.
//!
//! A slot is 16 bytes (`Slot`): the strength, the depth and a few flags, and the two ends.
//! That is all an act of help reads or writes of a tie, a quarter of a cache line. The ends'
//! opinion `distance` (which the decay and a polarizing issue weigh, and which the `Tie`
//! that `get` returns carries) and the week an event last renewed the tie
//! (`renewed_week`) are kept in arrays of their own.
//!
//! Every change of a tie's strength goes through `Ties`, which keeps each resident's count
//! of strong ties as it goes, and a bit per slot saying whether its tie is strong: the
//! weekly survey copies the counts instead of reading both ends of every strong tie, and
//! goes through the strong ties in slot order from the bits instead of sorting them.

mod decay;

use smallvec::SmallVec;

use super::residents::NONE;
pub use decay::Decay;

/// A resident's `(other, slot)` pairs, kept inline up to this many: most residents have
/// fewer ties, so the mutual-aid phase, which walks residents in id order and asks each
/// one's ties, reads their lists in order from one array instead of one allocation apiece.
const INLINE_TIES: usize = 16;

type Adjacency = SmallVec<[(u32, u32); INLINE_TIES]>;

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

/// `Slot::bits` below the flags: the depth, which stops growing at this many exchanges.
const DEPTH: u32 = (1 << 28) - 1;
/// The slot holds a tie.
const LIVE: u32 = 1 << 28;
/// Contact this week.
const TOUCHED: u32 = 1 << 29;
/// An acquaintance tie between neighbours, which falls back to the acquaintance strength
/// instead of dropping.
const ACQUAINTANCE: u32 = 1 << 30;
/// The ends belong to different groups.
const CROSS_GROUP: u32 = 1 << 31;

/// What the decay and an act of help read and write of a tie.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
struct Slot {
    strength: f32,
    /// The depth (`DEPTH`) and the flags `LIVE`, `TOUCHED`, `ACQUAINTANCE`, `CROSS_GROUP`.
    bits: u32,
    a: u32,
    b: u32,
}

impl Slot {
    fn is(&self, flag: u32) -> bool {
        self.bits & flag != 0
    }

    fn depth(&self) -> u32 {
        self.bits & DEPTH
    }

    /// The tie this live slot holds, whose ends are `distance` apart, for an acquaintance
    /// strength of `base`.
    fn tie(&self, distance: f64, base: f32) -> Tie {
        Tie {
            a: self.a,
            b: self.b,
            strength: self.strength,
            base: if self.is(ACQUAINTANCE) { base } else { 0.0 },
            depth: self.depth(),
            touched: self.is(TOUCHED),
            cross_group: self.is(CROSS_GROUP),
            distance,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Ties {
    slots: Vec<Slot>,
    /// Per slot: half the distance between its ends' opinions.
    distance: Vec<f64>,
    /// Week of the last event at which each slot's tie was renewed (`NONE` if never), so
    /// that a pair is renewed once per event.
    renewed_week: Vec<u32>,
    free: Vec<u32>,
    adjacency: Vec<Adjacency>,
    live: usize,
    /// Each resident's opinion and group, which never change: a new tie records its ends'
    /// distance and whether it joins groups from them.
    opinion: Vec<f64>,
    group: Vec<u8>,
    /// How ties weaken week by week, and the strength of an acquaintance.
    law: Decay,
    /// A tie at least this strong is strong.
    strong_threshold: f64,
    /// Per resident: their strong ties.
    strong_degree: Vec<u32>,
    /// Bit `k % 64` of word `k / 64` is set when slot `k` holds a strong tie.
    strong_slots: Vec<u64>,
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
            slots: Vec::new(),
            distance: Vec::new(),
            renewed_week: Vec::new(),
            free: Vec::new(),
            adjacency: vec![Adjacency::new(); residents],
            live: 0,
            opinion,
            group,
            law,
            strong_threshold,
            strong_degree: vec![0; residents],
            strong_slots: Vec::new(),
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
            acquaintance: 0.1,
        };
        Ties::new(vec![0.0; residents], vec![0; residents], 0.5, law)
    }

    /// Gives a resident another opinion for the ties made from now on; ties already made
    /// keep the distance they were made with (tests).
    #[cfg(test)]
    pub fn set_opinion(&mut self, who: u32, opinion: f64) {
        self.opinion[who as usize] = opinion;
    }

    /// Makes room for `more` ties beyond those there are.
    pub fn reserve(&mut self, more: usize) {
        self.slots.reserve(more);
        self.distance.reserve(more);
        self.renewed_week.reserve(more);
    }

    /// Number of ties.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// Number of slots, holding a tie or free: every slot is below it.
    pub fn slot_count(&self) -> usize {
        self.slots.len()
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

    /// Whether the tie in `slot`, which must hold one, is strong.
    pub fn is_strong(&self, slot: u32) -> bool {
        self.strong_slots[slot as usize / 64] & (1 << (slot % 64)) != 0
    }

    /// The slot of every strong tie, in slot order.
    pub fn strong_slots(&self) -> impl Iterator<Item = u32> + '_ {
        (0u32..).zip(&self.strong_slots).flat_map(|(word, &bits)| {
            let set = std::iter::successors(Some(bits), |&rest| Some(rest & (rest - 1)));
            set.take_while(|&rest| rest != 0)
                .map(move |rest| word * 64 + rest.trailing_zeros())
        })
    }

    fn strong_at(&self, strength: f32) -> bool {
        f64::from(strength) >= self.strong_threshold
    }

    /// `(other, slot)` for every tie of `who`.
    pub fn of(&self, who: u32) -> &[(u32, u32)] {
        &self.adjacency[who as usize]
    }

    /// The two ends of the tie in `slot`, which must hold one.
    pub fn ends(&self, slot: u32) -> (u32, u32) {
        let s = &self.slots[slot as usize];
        debug_assert!(s.is(LIVE), "slot {slot} holds no tie");
        (s.a, s.b)
    }

    /// The tie in `slot`, which must hold one.
    pub fn get(&self, slot: u32) -> Tie {
        let s = self.slots[slot as usize];
        debug_assert!(s.is(LIVE), "slot {slot} holds no tie");
        s.tie(self.distance[slot as usize], self.law.base())
    }

    /// A reciprocal exchange carried by the tie.
    pub fn deepen(&mut self, slot: u32) {
        let s = &mut self.slots[slot as usize];
        if s.depth() < DEPTH {
            s.bits += 1;
        }
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
        for s in &mut self.slots {
            s.bits &= !TOUCHED;
        }
    }

    /// Every live tie with its slot, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, Tie)> + '_ {
        (0..self.slots.len() as u32)
            .filter(|&slot| self.slots[slot as usize].is(LIVE))
            .map(|slot| (slot, self.get(slot)))
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

    /// Adds a tie made by contact, of this strength; the caller makes sure none exists
    /// between `a` and `b`. Below the decay's floor it drops at the first decay that
    /// reaches it.
    pub fn add(&mut self, a: u32, b: u32, strength: f64) -> u32 {
        self.add_kind(a, b, strength as f32, 0)
    }

    /// Adds an acquaintance tie between neighbours, at the acquaintance strength it falls
    /// back to (an acquaintance strength of 0 makes an ordinary tie of strength 0).
    pub fn add_acquaintance(&mut self, a: u32, b: u32) -> u32 {
        let base = self.law.base();
        let kind = if base > 0.0 { ACQUAINTANCE } else { 0 };
        self.add_kind(a, b, base, kind)
    }

    fn add_kind(&mut self, a: u32, b: u32, strength: f32, kind: u32) -> u32 {
        debug_assert!(a != b, "no self-ties");
        debug_assert!(self.find(a, b).is_none(), "no duplicate ties");
        let (i, j) = (a as usize, b as usize);
        let cross = if self.group[i] != self.group[j] {
            CROSS_GROUP
        } else {
            0
        };
        let s = Slot {
            strength,
            bits: LIVE | TOUCHED | kind | cross,
            a,
            b,
        };
        let distance = (self.opinion[i] - self.opinion[j]).abs() / 2.0;
        let slot = match self.free.pop() {
            Some(slot) => {
                let k = slot as usize;
                self.slots[k] = s;
                self.distance[k] = distance;
                self.renewed_week[k] = NONE;
                slot
            }
            None => {
                self.slots.push(s);
                self.distance.push(distance);
                self.renewed_week.push(NONE);
                if self.slots.len() > 64 * self.strong_slots.len() {
                    self.strong_slots.push(0);
                }
                (self.slots.len() - 1) as u32
            }
        };
        if self.strong_at(strength) {
            self.count_strong(slot, s, true);
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
                let s = &mut self.slots[slot as usize];
                s.bits |= TOUCHED;
                let stronger = s.strength.max(strength as f32);
                self.set_strength(slot, stronger);
                slot
            }
            None => self.add(a, b, strength),
        }
    }

    /// Contact that strengthens a tie by `gain` (capped at 1).
    pub fn strengthen(&mut self, slot: u32, gain: f64) {
        let s = &mut self.slots[slot as usize];
        s.bits |= TOUCHED;
        let stronger = (s.strength + gain as f32).min(1.0);
        self.set_strength(slot, stronger);
    }

    pub fn remove(&mut self, slot: u32) {
        let s = self.slots[slot as usize];
        debug_assert!(s.is(LIVE));
        if self.strong_at(s.strength) {
            self.count_strong(slot, s, false);
        }
        self.slots[slot as usize].bits = 0;
        self.unlink(slot, s.a, s.b);
    }

    /// Takes a tie out of its ends' lists and frees its slot, already marked empty.
    fn unlink(&mut self, slot: u32, a: u32, b: u32) {
        for (me, other) in [(a, b), (b, a)] {
            let list = &mut self.adjacency[me as usize];
            if let Some(pos) = list.iter().position(|&(o, _)| o == other) {
                list.swap_remove(pos);
            }
        }
        let s = &mut self.slots[slot as usize];
        (s.a, s.b) = (NONE, NONE);
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
    /// `floor` is dropped. Returns whether the tie survives. (The model weakens ties in
    /// whole passes, `decay` and `weaken_each`; this is the one-tie rule they are tested
    /// against.)
    pub fn weaken(&mut self, slot: u32, loss: f64, floor: f64) -> bool {
        let s = self.slots[slot as usize];
        let base = if s.is(ACQUAINTANCE) {
            self.law.base()
        } else {
            0.0
        };
        let (weaker, drops) = decay::weakened(s.strength, base, loss, decay::at_least(floor));
        if drops {
            self.remove(slot);
        } else {
            self.set_strength(slot, weaker);
        }
        !drops
    }

    /// Slots of every live tie, for passes that may drop ties as they go (tests).
    #[cfg(test)]
    pub fn live_slots(&self) -> Vec<u32> {
        self.iter().map(|(slot, _)| slot).collect()
    }

    /// Sets a tie's strength, keeping the counts of strong ties.
    #[inline]
    fn set_strength(&mut self, slot: u32, strength: f32) {
        let s = &mut self.slots[slot as usize];
        let before = *s;
        s.strength = strength;
        let (was, is) = (self.strong_at(before.strength), self.strong_at(strength));
        if was != is {
            self.count_strong(slot, before, is);
        }
    }

    /// Counts the tie in `slot`, which reads `s`, among the strong ones (`strong`), or no
    /// longer.
    fn count_strong(&mut self, slot: u32, s: Slot, strong: bool) {
        let (a, b, cross) = (s.a as usize, s.b as usize, u32::from(s.is(CROSS_GROUP)));
        let (word, bit) = (slot as usize / 64, 1 << (slot % 64));
        if strong {
            self.strong_slots[word] |= bit;
            self.strong_degree[a] += 1;
            self.strong_degree[b] += 1;
            self.strong += 1;
            self.cross_group_strong += cross;
        } else {
            self.strong_slots[word] &= !bit;
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
        let ab = t.add(0, 1, 0.3);
        let bc = t.add_acquaintance(1, 2);
        assert_eq!(t.find(1, 0), Some(ab));
        assert_eq!(t.find(2, 1), Some(bc));
        assert_eq!(t.find(0, 2), None);
        t.remove(ab);
        assert_eq!(t.find(0, 1), None);
        assert!(t.of(0).is_empty());
        assert_eq!(t.of(1), &[(2, bc)]);
        let cd = t.add(2, 3, 0.5);
        assert_eq!(cd, ab, "the freed slot is reused");
        assert_eq!(t.len(), 2);
        assert_eq!(t.iter().count(), 2);
    }

    #[test]
    fn weakening_drops_ties_but_acquaintances_fall_back_to_base() {
        let mut t = Ties::plain(3);
        let plain = t.add(0, 1, 0.2);
        let acquaintance = t.add_acquaintance(1, 2);
        t.strengthen(acquaintance, 0.5);
        assert_eq!(t.get(acquaintance).strength_f32(), 0.6);
        assert!(t.weaken(plain, 0.1, 0.05));
        assert!(!t.weaken(plain, 0.1, 0.05), "below the floor it is dropped");
        assert_eq!(t.find(0, 1), None);
        assert!(t.weaken(acquaintance, 5.0, 0.05));
        assert_eq!(t.get(acquaintance).strength_f32(), 0.1);
        assert_eq!(t.get(acquaintance).base, 0.1);
    }

    #[test]
    fn depth_counts_exchanges_and_flags_keep_apart() {
        let mut t = Ties::plain(3);
        t.group[2] = 1;
        let s = t.add(1, 2, 0.3);
        for _ in 0..5 {
            t.deepen(s);
        }
        let tie = t.get(s);
        assert_eq!((tie.a, tie.b, tie.depth), (1, 2, 5));
        assert!(tie.touched && tie.cross_group && tie.base == 0.0);
        t.settle();
        assert!(!t.get(s).touched);
        assert_eq!(t.get(s).depth, 5, "unmarking the contact keeps the depth");
    }

    /// Every count of strong ties, recounted from the ties themselves; the strong slots
    /// `Ties` lists are checked against the recount on the way.
    pub(super) fn recount(t: &Ties) -> (Vec<u32>, u32, u32) {
        let mut degree = vec![0; t.strong_degrees().len()];
        let (mut strong, mut cross) = (0, 0);
        let mut slots = Vec::new();
        for (slot, tie) in t.iter() {
            if tie.strength() >= t.strong_threshold {
                degree[tie.a as usize] += 1;
                degree[tie.b as usize] += 1;
                strong += 1;
                cross += u32::from(tie.cross_group);
                slots.push(slot);
            }
        }
        assert_eq!(t.strong_slots().collect::<Vec<_>>(), slots);
        (degree, strong, cross)
    }

    #[test]
    fn a_tie_keeps_its_ends_distance_and_groups() {
        let mut t = Ties::plain(3);
        t.set_opinion(0, -1.0);
        t.set_opinion(1, 0.5);
        t.set_opinion(2, 1.0);
        t.group[2] = 1;
        let near = t.add(1, 2, 0.3);
        let far = t.add(0, 2, 0.3);
        let same = t.add(0, 1, 0.3);
        assert_eq!(t.get(near).distance, 0.25);
        assert_eq!(t.get(far).distance, 1.0);
        assert!(t.get(near).cross_group && !t.get(same).cross_group);
    }

    #[test]
    fn connect_never_lowers_and_isolate_removes_all() {
        let mut t = Ties::plain(3);
        let s = t.add(0, 1, 0.7);
        assert_eq!(t.connect(1, 0, 0.3), s);
        assert_eq!(t.get(s).strength_f32(), 0.7);
        t.connect(0, 2, 0.3);
        t.isolate(0);
        assert!(t.is_empty());
        assert!(t.of(1).is_empty() && t.of(2).is_empty());
    }
}
