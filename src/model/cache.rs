//! Hints to the processor to bring data into cache ahead of its use. They change nothing
//! the model computes: in a large town the residents a phase visits in turn have ties and
//! neighbours anywhere in memory, and the phase would otherwise wait for each read.

/// Asks for the cache line that holds `items[i]`, if there is such an item.
#[inline(always)]
pub(crate) fn prefetch<T>(items: &[T], i: usize) {
    if let Some(item) = items.get(i) {
        prefetch_bytes(item, 1);
    }
}

/// Asks for every cache line of the `bytes` bytes (at least 1) from `item`'s address.
#[inline(always)]
pub(crate) fn prefetch_bytes<T>(item: &T, bytes: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let at = (item as *const T).cast::<i8>();
        let last = bytes.max(1) - 1;
        for offset in (0..last).step_by(64).chain([last]) {
            // SAFETY: a prefetch is a hint: it never faults, whatever the address, and
            // reads nothing the program can see.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(at.wrapping_add(offset)) }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (item, bytes);
}
