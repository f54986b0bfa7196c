//! Help: how a strategy meets residents' needs (phase 5). Each kind of integration lives in
//! a file of its own; an act of help and the help of the wider community, which every
//! strategy has, live in `help.rs`.

mod conditional_aid;
mod mutual_aid;

use rand::Rng;

use super::World;
use crate::scenario::Integration;

impl World<'_> {
    /// Phase 5: the strategy's practice helps first, then the wider community.
    pub(crate) fn give_help(&mut self) {
        match self.strategy.integration {
            Integration::None => {}
            Integration::ConditionalAid(c) => conditional_aid::give(self, &c),
            Integration::MutualAid(m) => mutual_aid::give(self, &m),
        }
        self.background_help();
    }

    /// What the practice gives a resident who takes part: an organizer at the start, or a
    /// member on joining. Mutual aid makes them readier to help.
    pub(crate) fn adopt_practice(&mut self, who: u32) {
        match self.strategy.integration {
            Integration::MutualAid(m) => mutual_aid::adopt(self, &m, who),
            Integration::None | Integration::ConditionalAid(_) => {}
        }
    }

    /// Residents in an order that starts at a random place, so that no resident is always
    /// first in line for scarce help.
    fn rotated_order(&mut self) -> std::iter::Chain<std::ops::Range<u32>, std::ops::Range<u32>> {
        let n = self.residents.len() as u32;
        let start = self.rng.gen_range(0..n);
        (start..n).chain(0..start)
    }
}
