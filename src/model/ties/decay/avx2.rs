//! The decay's kernel in AVX2 registers: `decay_block` eight slots at a time, with the
//! same operations on the same numbers in the same order as the law (`Decay::weekly_rate`,
//! `weakened`), so that it leaves the same ties and bits to the bit (tested against the
//! portable kernel, which applies the law slot by slot).
//!
//! The compiler does not see through the slots' layout: it widens the portable kernel's
//! arithmetic but reads and writes a block's strengths and bits one slot at a time, and
//! spills between the two. Here a block's 128 bytes are four registers, the strengths and
//! bits are shuffled out of them and back in, and the flags are lane masks.

use std::arch::x86_64::*;

use super::super::{Slot, ACQUAINTANCE, DEPTH, LIVE, TOUCHED};
use super::{each_block, Found, Pass, LANES};

/// `decay_chunk` (see there) on a processor with AVX2.
///
/// # Safety
/// The processor must have AVX2.
#[target_feature(enable = "avx2")]
pub(super) unsafe fn decay_chunk(
    first: usize,
    slots: &mut [Slot],
    distance: &[f64],
    pass: Pass,
) -> Vec<Found> {
    let kernel = Kernel::new(&pass);
    let mut found = Vec::new();
    each_block(first, slots, distance, |at, block, distance| {
        kernel.block(at, block, distance, &mut found);
    });
    found
}

/// Lists the slots of the block at `at` whose bit is set in `listed` (a drop if set in
/// `drops`), as they were before the pass. Out of the loop, since few blocks list any.
#[cold]
#[inline(never)]
fn list(found: &mut Vec<Found>, at: usize, block: &[Slot; LANES], listed: i32, drops: i32) {
    for (k, &before) in block.iter().enumerate() {
        if listed & (1 << k) != 0 {
            found.push(Found {
                slot: (at + k) as u32,
                before,
                drops: drops & (1 << k) != 0,
            });
        }
    }
}

/// `_mm256_permute4x64_pd` orders: the first two of four, each twice (0, 0, 1, 1), and the
/// last two, each twice (2, 2, 3, 3).
const FIRST_TWO: i32 = 0b01_01_00_00;
const LAST_TWO: i32 = 0b11_11_10_10;

/// A pass's numbers, each in every lane of a register. Its functions are `unsafe` only in
/// that they need AVX2, which `decay_chunk`'s caller has checked.
struct Kernel {
    one: __m256d,
    rate: __m256d,
    dissimilarity: __m256d,
    depth_protection: __m256d,
    base: __m256,
    floor: __m256,
    strong: __m256,
    depth: __m256i,
    live: __m256i,
    touched: __m256i,
    acquaintance: __m256i,
}

impl Kernel {
    #[target_feature(enable = "avx2")]
    unsafe fn new(pass: &Pass) -> Kernel {
        Kernel {
            one: _mm256_set1_pd(1.0),
            rate: _mm256_set1_pd(pass.law.rate),
            dissimilarity: _mm256_set1_pd(pass.law.dissimilarity),
            depth_protection: _mm256_set1_pd(pass.law.depth_protection),
            base: _mm256_set1_ps(pass.base),
            floor: _mm256_set1_ps(pass.floor),
            strong: _mm256_set1_ps(pass.strong),
            depth: _mm256_set1_epi32(DEPTH as i32),
            live: _mm256_set1_epi32(LIVE as i32),
            touched: _mm256_set1_epi32(TOUCHED as i32),
            acquaintance: _mm256_set1_epi32(ACQUAINTANCE as i32),
        }
    }

    /// Where the flag is set, a lane of ones.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn has(bits: __m256i, flag: __m256i) -> __m256 {
        _mm256_castsi256_ps(_mm256_cmpeq_epi32(_mm256_and_si256(bits, flag), flag))
    }

    /// `decay_block`: decays the block of slots that starts at slot `at`, and lists in
    /// `found` what reaches beyond the block.
    #[inline]
    #[target_feature(enable = "avx2")]
    unsafe fn block(
        &self,
        at: usize,
        block: &mut [Slot; LANES],
        distance: &[f64; LANES],
        found: &mut Vec<Found>,
    ) {
        // A slot is two f64's worth: (strength, bits) and (a, b). Each register holds two
        // slots.
        let at_slots = block.as_ptr().cast::<f64>();
        // A block is eight 16-byte slots: four registers of 32 bytes.
        let registers = [
            _mm256_loadu_pd(at_slots),
            _mm256_loadu_pd(at_slots.add(4)),
            _mm256_loadu_pd(at_slots.add(8)),
            _mm256_loadu_pd(at_slots.add(12)),
        ];
        // (strength, bits) of slots 0, 2, 1, 3 and of 4, 6, 5, 7; then the strengths and
        // the bits apart, in slot order.
        let pairs_0123 = _mm256_castpd_ps(_mm256_unpacklo_pd(registers[0], registers[1]));
        let pairs_4567 = _mm256_castpd_ps(_mm256_unpacklo_pd(registers[2], registers[3]));
        let in_order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
        let strength = _mm256_permutevar8x32_ps(
            _mm256_shuffle_ps::<0b10_00_10_00>(pairs_0123, pairs_4567),
            in_order,
        );
        let bits = _mm256_castps_si256(_mm256_permutevar8x32_ps(
            _mm256_shuffle_ps::<0b11_01_11_01>(pairs_0123, pairs_4567),
            in_order,
        ));

        // `decay_slot`, lane by lane: first whether anything in the block changes.
        let live = Self::has(bits, self.live);
        let touched = Self::has(bits, self.touched);
        let acquaintance = Self::has(bits, self.acquaintance);
        let at_base = _mm256_cmp_ps::<_CMP_LE_OQ>(strength, self.base);
        let at_rest = _mm256_or_ps(touched, _mm256_and_ps(acquaintance, at_base));
        let changes = _mm256_andnot_ps(at_rest, live);
        if _mm256_movemask_ps(_mm256_and_ps(live, _mm256_or_ps(touched, changes))) == 0 {
            // No live slot was touched or changes: the block is not written.
            return;
        }

        // The weekly rate, `Decay::weekly_rate`, in f64 four slots at a time (a depth is
        // below 2^28, so it converts as a signed integer).
        let depth = _mm256_and_si256(bits, self.depth);
        let depth = [
            _mm256_cvtepi32_pd(_mm256_castsi256_si128(depth)),
            _mm256_cvtepi32_pd(_mm256_extracti128_si256::<1>(depth)),
        ];
        let distance = [
            _mm256_loadu_pd(distance.as_ptr()),
            _mm256_loadu_pd(distance.as_ptr().add(4)),
        ];
        let strength_f64 = [
            _mm256_cvtps_pd(_mm256_castps256_ps128(strength)),
            _mm256_cvtps_pd(_mm256_extractf128_ps::<1>(strength)),
        ];
        let mut loss = [_mm_setzero_ps(); 2];
        for h in 0..2 {
            let pull = _mm256_mul_pd(
                self.rate,
                _mm256_add_pd(self.one, _mm256_mul_pd(self.dissimilarity, distance[h])),
            );
            let protection =
                _mm256_add_pd(self.one, _mm256_mul_pd(self.depth_protection, depth[h]));
            let rate = _mm256_min_pd(_mm256_div_pd(pull, protection), self.one);
            loss[h] = _mm256_cvtpd_ps(_mm256_mul_pd(strength_f64[h], rate));
        }
        let loss = _mm256_set_m128(loss[1], loss[0]);

        let weaker = _mm256_sub_ps(strength, loss);
        let weaker = _mm256_blendv_ps(weaker, _mm256_max_ps(weaker, self.base), acquaintance);
        let below = _mm256_cmp_ps::<_CMP_LT_OQ>(weaker, self.floor);
        let drops = _mm256_and_ps(changes, _mm256_andnot_ps(acquaintance, below));
        let left = _mm256_blendv_ps(strength, weaker, _mm256_andnot_ps(drops, changes));
        let crosses = _mm256_xor_ps(
            _mm256_cmp_ps::<_CMP_GE_OQ>(strength, self.strong),
            _mm256_cmp_ps::<_CMP_GE_OQ>(left, self.strong),
        );
        let new_bits = _mm256_andnot_ps(
            drops,
            _mm256_andnot_ps(_mm256_castsi256_ps(self.touched), _mm256_castsi256_ps(bits)),
        );
        let drops = _mm256_movemask_ps(drops);
        let listed = drops | _mm256_movemask_ps(_mm256_and_ps(live, crosses));
        if listed != 0 {
            list(found, at, block, listed, drops);
        }
        // (strength, bits) of slots 0, 1, 4, 5 and of 2, 3, 6, 7, each put back beside
        // its slot's ends.
        let pairs_0145 = _mm256_castps_pd(_mm256_unpacklo_ps(left, new_bits));
        let pairs_2367 = _mm256_castps_pd(_mm256_unpackhi_ps(left, new_bits));
        let registers = [
            _mm256_blend_pd::<0b0101>(registers[0], _mm256_permute4x64_pd::<FIRST_TWO>(pairs_0145)),
            _mm256_blend_pd::<0b0101>(registers[1], _mm256_permute4x64_pd::<FIRST_TWO>(pairs_2367)),
            _mm256_blend_pd::<0b0101>(registers[2], _mm256_permute4x64_pd::<LAST_TWO>(pairs_0145)),
            _mm256_blend_pd::<0b0101>(registers[3], _mm256_permute4x64_pd::<LAST_TWO>(pairs_2367)),
        ];
        let at_slots = block.as_mut_ptr().cast::<f64>();
        for (j, register) in registers.into_iter().enumerate() {
            _mm256_storeu_pd(at_slots.add(4 * j), register);
        }
    }
}
