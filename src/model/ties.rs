//! The weighted, undirected network of ties: flat slots plus per-resident adjacency.
//!
//! A tie lives in a slot of `Ties::slots`; a dropped tie's slot is reused. Each resident's
//! adjacency lists `(other, slot)` pairs, so finding the tie between two residents scans
//! the shorter list — degrees are small, and no hash map is touched in the weekly step.

use super::residents::NONE;

/// One tie. Strengths are kept in `f32`: ample precision for a quantity in [0, 1], and a
/// smaller tie makes the weekly passes over millions of ties cheaper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tie {
    pub a: u32,
    pub b: u32,
    pub strength: f32,
    /// Strength an acquaintance tie between neighbours falls back to; 0 for other ties.
    pub base: f32,
    /// Reciprocal exchanges carried.
    pub depth: u32,
    /// Contact this week: the tie does not decay this week.
    pub touched: bool,
    /// Week of the last event at which the tie was renewed (`NONE` if never), so that a
    /// pair is renewed once per event.
    pub renewed_week: u32,
}

impl Tie {
    /// The strength as the model computes with it.
    pub fn strength(&self) -> f64 {
        f64::from(self.strength)
    }

    fn is_live(&self) -> bool {
        self.a != NONE
    }
}

#[derive(Clone, Debug, Default)]
pub struct Ties {
    slots: Vec<Tie>,
    free: Vec<u32>,
    adjacency: Vec<Vec<(u32, u32)>>,
    live: usize,
}

impl Ties {
    pub fn new(residents: usize) -> Ties {
        Ties {
            slots: Vec::new(),
            free: Vec::new(),
            adjacency: vec![Vec::new(); residents],
            live: 0,
        }
    }

    /// Number of ties.
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    /// `(other, slot)` for every tie of `who`.
    pub fn of(&self, who: u32) -> &[(u32, u32)] {
        &self.adjacency[who as usize]
    }

    pub fn get(&self, slot: u32) -> &Tie {
        &self.slots[slot as usize]
    }

    pub fn get_mut(&mut self, slot: u32) -> &mut Tie {
        &mut self.slots[slot as usize]
    }

    /// Every live tie with its slot, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, &Tie)> {
        self.slots
            .iter()
            .enumerate()
            .filter(|(_, t)| t.is_live())
            .map(|(i, t)| (i as u32, t))
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
        let tie = Tie {
            a,
            b,
            strength: strength as f32,
            base: base as f32,
            depth: 0,
            touched: true,
            renewed_week: NONE,
        };
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot as usize] = tie;
                slot
            }
            None => {
                self.slots.push(tie);
                (self.slots.len() - 1) as u32
            }
        };
        self.adjacency[a as usize].push((b, slot));
        self.adjacency[b as usize].push((a, slot));
        self.live += 1;
        slot
    }

    /// Makes sure `a` and `b` are tied with at least `strength`, and marks the contact.
    pub fn connect(&mut self, a: u32, b: u32, strength: f64) -> u32 {
        match self.find(a, b) {
            Some(slot) => {
                let tie = &mut self.slots[slot as usize];
                tie.strength = tie.strength.max(strength as f32);
                tie.touched = true;
                slot
            }
            None => self.add(a, b, strength, 0.0),
        }
    }

    /// Contact that strengthens a tie by `gain` (capped at 1).
    pub fn strengthen(&mut self, slot: u32, gain: f64) {
        let tie = &mut self.slots[slot as usize];
        tie.strength = (tie.strength + gain as f32).min(1.0);
        tie.touched = true;
    }

    pub fn remove(&mut self, slot: u32) {
        let tie = self.slots[slot as usize];
        debug_assert!(tie.is_live());
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
        let loss = loss.min(f64::from(f32::MAX));
        let tie = &mut self.slots[slot as usize];
        tie.strength -= loss as f32;
        if tie.base > 0.0 {
            tie.strength = tie.strength.max(tie.base);
            true
        } else if f64::from(tie.strength) < floor {
            self.remove(slot);
            false
        } else {
            true
        }
    }

    /// Slots of every live tie, for passes that may drop ties as they go.
    pub fn live_slots(&self) -> Vec<u32> {
        self.iter().map(|(slot, _)| slot).collect()
    }

    /// Number of slots, live or free: dropping a tie frees its slot and moves no other, so a
    /// pass over `0..slot_count()` may drop ties as it goes.
    pub fn slot_count(&self) -> u32 {
        self.slots.len() as u32
    }

    pub fn is_live(&self, slot: u32) -> bool {
        self.slots[slot as usize].is_live()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_are_symmetric_and_slots_are_reused() {
        let mut t = Ties::new(4);
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
        let mut t = Ties::new(3);
        let plain = t.add(0, 1, 0.2, 0.0);
        let acquaintance = t.add(1, 2, 0.6, 0.1);
        assert!(t.weaken(plain, 0.1, 0.05));
        assert!(!t.weaken(plain, 0.1, 0.05), "below the floor it is dropped");
        assert_eq!(t.find(0, 1), None);
        assert!(t.weaken(acquaintance, 5.0, 0.05));
        assert_eq!(t.get(acquaintance).strength, 0.1);
    }

    #[test]
    fn connect_never_lowers_and_isolate_removes_all() {
        let mut t = Ties::new(3);
        let s = t.add(0, 1, 0.7, 0.0);
        assert_eq!(t.connect(1, 0, 0.3), s);
        assert_eq!(t.get(s).strength, 0.7);
        t.connect(0, 2, 0.3);
        t.isolate(0);
        assert!(t.is_empty());
        assert!(t.of(1).is_empty() && t.of(2).is_empty());
    }
}
