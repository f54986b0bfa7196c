//! The run's generator read ahead, for the passes over every resident that draw for some
//! of them.
//!
//! Such a pass decides for each resident whether they draw (a resident without a need may
//! develop one; an open need may be met by the wider community). Written plainly, that
//! decision is a branch the processor cannot foresee, a quarter to a third of the time
//! one way, and the draw behind it a call into the generator. `ReadAhead` holds the next
//! words of the generator's stream, so that a pass can look at the next draw and take it
//! or leave it by arithmetic: one branch a resident, taken only when the chance is met.
//! The words taken are exactly those the generator's own draws would have taken, in the
//! same order, so a pass gives the same results either way; `finish` leaves the generator
//! just past them.

use rand::{Rng, RngCore};
use rand_chacha::ChaCha8Rng;

/// Words of the stream held at a time.
const HELD: usize = 256;

/// A probability `p` as the threshold the 53 bits of a uniform draw must fall below: the
/// draw `bits · 2^-53` (exact) is below `p` exactly when `bits` is below `p · 2^53`
/// (exact too, a power of two apart), that is below its ceiling.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Chance(u64);

impl Chance {
    /// `p` in [0, 1].
    pub fn new(p: f64) -> Chance {
        debug_assert!((0.0..=1.0).contains(&p), "a probability: {p}");
        Chance((p * (1u64 << 53) as f64).ceil() as u64)
    }
}

pub(crate) struct ReadAhead<'r> {
    rng: &'r mut ChaCha8Rng,
    words: [u32; HELD],
    /// The next word not yet taken.
    at: usize,
    /// The generator's position, in words from the start of its stream, of `words[0]`.
    origin: u128,
}

impl<'r> ReadAhead<'r> {
    pub fn new(rng: &'r mut ChaCha8Rng) -> ReadAhead<'r> {
        let origin = rng.get_word_pos();
        let mut words = [0; HELD];
        rng.fill(&mut words[..]);
        ReadAhead {
            rng,
            words,
            at: 0,
            origin,
        }
    }

    /// Whether the next uniform draw falls below `chance`, as `gen::<f64>() < p` would
    /// tell; the draw is taken if `take`, and otherwise left for the next one, and the
    /// answer is then no.
    #[inline]
    pub fn chance_if(&mut self, take: bool, chance: Chance) -> bool {
        self.hold(2);
        let (low, high) = (self.words[self.at], self.words[self.at + 1]);
        self.at += 2 * usize::from(take);
        // `rand`'s `Standard` for `f64`: the top 53 bits of a `u64` drawn as two words,
        // the first the low half, as a multiple of 2^-53.
        let bits = (u64::from(high) << 32 | u64::from(low)) >> 11;
        // One comparison, with a threshold of 0 for a draw not taken. Seen through, the
        // threshold is "`take` and below", which the compiler splits into two branches,
        // the first as hard to foresee as the plain pass's; `black_box` keeps it whole
        // (sorting's help phase a third faster, docs/PERFORMANCE.md).
        bits < std::hint::black_box(chance.0 & 0u64.wrapping_sub(u64::from(take)))
    }

    /// Puts the generator just past the words taken.
    pub fn finish(self) {
        self.rng.set_word_pos(self.origin + self.at as u128);
    }

    /// Makes sure at least `count` words are held from `at` on.
    #[inline]
    fn hold(&mut self, count: usize) {
        if self.at + count > HELD {
            self.refill();
        }
    }

    /// Keeps the words not yet taken and reads the stream on after them; the generator is
    /// always just past the last word held.
    #[inline(always)]
    fn refill(&mut self) {
        let kept = HELD - self.at;
        self.words.copy_within(self.at.., 0);
        self.rng.fill(&mut self.words[kept..]);
        self.origin += self.at as u128;
        self.at = 0;
    }
}

/// Draws in turn, as from the generator itself: for what a pass draws beside its chances
/// (the skill of a new need), through `rand`'s own sampling.
impl RngCore for ReadAhead<'_> {
    fn next_u32(&mut self) -> u32 {
        self.hold(1);
        self.at += 1;
        self.words[self.at - 1]
    }

    fn next_u64(&mut self) -> u64 {
        let low = self.next_u32();
        u64::from(self.next_u32()) << 32 | u64::from(low)
    }

    /// A word for each four bytes or fewer, as the generator fills them.
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(4) {
            chunk.copy_from_slice(&self.next_u32().to_le_bytes()[..chunk.len()]);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use rand::{Rng, RngCore, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::{Chance, ReadAhead, HELD};

    /// The draws `bits · 2^-53` below `p` are exactly those with `bits` below the
    /// threshold: the last of them is below `p` and the threshold itself is not, also
    /// where `p · 2^53` is not a whole number (which a random draw almost never meets).
    #[test]
    fn a_chance_counts_exactly_the_draws_below_it() {
        let scale = (1u64 << 53) as f64;
        let tiny = f64::from_bits(1);
        for p in [
            0.0,
            1.0,
            0.2,
            0.15,
            0.05,
            1.0 / 3.0,
            0.5,
            tiny,
            1.0 - 1.0 / scale,
        ] {
            let threshold = Chance::new(p).0;
            assert!(threshold <= 1 << 53);
            if threshold > 0 {
                assert!(((threshold - 1) as f64 / scale) < p, "p = {p}");
            }
            if threshold < 1 << 53 {
                assert!((threshold as f64 / scale) >= p, "p = {p}");
            }
        }
    }

    /// Interleaves taken and left chances with draws of ranges, words and bytes, through
    /// a read-ahead and straight from the generator, across several refills and the
    /// generator's blocks.
    #[test]
    fn takes_the_words_the_generator_would() {
        for seed in 0..20u64 {
            let mut direct = ChaCha8Rng::seed_from_u64(seed);
            let mut ahead_rng = ChaCha8Rng::seed_from_u64(seed);
            // Start at an odd word, so that `u64` draws straddle the generator's blocks.
            let _: u32 = direct.gen();
            let _: u32 = ahead_rng.gen();
            let mut pattern = ChaCha8Rng::seed_from_u64(1000 + seed);
            let mut ahead = ReadAhead::new(&mut ahead_rng);
            for _ in 0..5 * HELD {
                let take = pattern.gen_bool(0.7);
                let p = match pattern.gen_range(0..4) {
                    0 => 0.0,
                    1 => 1.0,
                    // A multiple of 2^-53, where `<` and `<=` part.
                    2 => pattern.gen_range(0..1u64 << 53) as f64 / (1u64 << 53) as f64,
                    _ => pattern.gen(),
                };
                let below = ahead.chance_if(take, Chance::new(p));
                if take {
                    assert_eq!(below, direct.gen::<f64>() < p);
                } else {
                    assert!(!below, "no draw taken, no chance met");
                }
                match pattern.gen_range(0..20) {
                    0 | 1 => {
                        let kinds = pattern.gen_range(1..40u32);
                        assert_eq!(ahead.gen_range(0..kinds), direct.gen_range(0..kinds));
                    }
                    2 => assert_eq!(ahead.gen::<u64>(), direct.gen::<u64>()),
                    3 => {
                        let (mut a, mut d) = ([0u8; 7], [0u8; 7]);
                        ahead.fill_bytes(&mut a);
                        direct.fill_bytes(&mut d);
                        assert_eq!(a, d);
                    }
                    _ => {}
                }
            }
            ahead.finish();
            assert_eq!(ahead_rng.get_word_pos(), direct.get_word_pos());
            assert_eq!(ahead_rng.gen::<u64>(), direct.gen::<u64>());
        }
    }
}
