//! Hints to the processor to bring data into cache ahead of its use. They change nothing
//! the model computes: in a large town the residents a phase visits in turn have ties and
//! neighbours anywhere in memory, and the phase would otherwise wait for each read.

/// Asks for the cache line that holds `items[i]`. Out of range, it asks for an address
/// nothing reads, which is harmless: a prefetch never faults. (No bounds check, since a
/// phase asks for several lines per neighbour.)
#[inline(always)]
pub(crate) fn prefetch<T>(items: &[T], i: usize) {
    prefetch_address(items.as_ptr().wrapping_add(i).cast(), 1);
}

/// Asks for every cache line of the `bytes` bytes (at least 1) from `item`'s address.
#[inline(always)]
pub(crate) fn prefetch_bytes<T>(item: &T, bytes: usize) {
    prefetch_address((item as *const T).cast(), bytes);
}

/// Asks for every cache line of the `bytes` bytes (at least 1) from `at`.
#[inline(always)]
fn prefetch_address(at: *const i8, bytes: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let last = bytes.max(1) - 1;
        for offset in (0..last).step_by(64).chain([last]) {
            // SAFETY: a prefetch is a hint: it never faults, whatever the address, and
            // reads nothing the program can see.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(offset)) }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (at, bytes);
}
