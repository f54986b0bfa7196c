//! Large arrays on huge pages.
//!
//! A large town's weekly step reads ties, lists and neighbours anywhere in hundreds of
//! megabytes. On pages of 4 KiB nearly every such read also misses the processor's table of
//! recent address translations; on pages of 2 MiB the table covers them all, which made a
//! million-resident step 5–10% faster (`docs/PERFORMANCE.md`). Linux hands a process huge
//! pages where it asks for them (`madvise`), which is what `HugePages` does for every
//! allocation of `LARGE` bytes or more. It changes where memory comes from, never what is
//! computed.
//!
//! The `solidarity` binary and the benchmarks install it as their global allocator; the
//! library does not, so that a program built on it keeps its own.

use std::alloc::{GlobalAlloc, Layout, System};

/// Allocations from this size on are advised onto huge pages.
const LARGE: usize = 4 << 20;

/// The size of a huge page on x86-64 Linux, and on aarch64 Linux with 4 KiB base pages
/// (with 64 KiB base pages a huge page is 512 MiB: the advice then covers nothing, which
/// is harmless).
const HUGE_PAGE: usize = 2 << 20;

/// The system allocator, asking Linux for huge pages under large allocations; elsewhere
/// the system allocator alone.
pub struct HugePages;

impl HugePages {
    /// Asks for huge pages under the whole huge pages inside `size` bytes from `ptr`, as
    /// soon as the block is made, so that the pages first touched afterwards come huge
    /// (pages the system already backed, as a zeroed block reusing freed memory may be,
    /// are left to the kernel to collapse). A refusal leaves ordinary pages, which is
    /// fine.
    fn advise(ptr: *mut u8, size: usize) {
        #[cfg(target_os = "linux")]
        if !ptr.is_null() && size >= LARGE {
            let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
            let end = (ptr as usize + size) / HUGE_PAGE * HUGE_PAGE;
            if end > start {
                // SAFETY: the range lies inside an allocation just made and owned by the
                // caller; the advice changes how its pages are backed, not their content.
                unsafe {
                    libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
                }
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = (ptr, size);
    }
}

// SAFETY: every allocation comes from `System` with the layout asked for, and is given
// back to `System` with the layout it was made with.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc(layout);
        HugePages::advise(ptr, layout.size());
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = System.alloc_zeroed(layout);
        HugePages::advise(ptr, layout.size());
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
    }

    /// A block that grows into a large one moves to a new allocation, advised before it
    /// is written, rather than growing in place: the system would move the old pages,
    /// small ones, along. A block that shrinks stays where it is.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size < LARGE || new_size <= layout.size() {
            return System.realloc(ptr, layout, new_size);
        }
        // SAFETY: the caller guarantees that `new_size`, rounded up to `layout.align()`,
        // does not overflow `isize`, which is what a layout needs.
        let grown = Layout::from_size_align_unchecked(new_size, layout.align());
        let new = self.alloc(grown);
        if !new.is_null() {
            std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
            self.dealloc(ptr, layout);
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_content_as_they_grow_and_shrink() {
        let a = HugePages;
        // SAFETY: layouts of non-zero size; every block is freed with its own layout.
        unsafe {
            let small = Layout::from_size_align(1000, 8).unwrap();
            let p = a.alloc(small);
            for k in 0..1000 {
                *p.add(k) = (k % 251) as u8;
            }
            let big = 3 * LARGE + 12345;
            let q = a.realloc(p, small, big);
            assert!((0..1000).all(|k| *q.add(k) == (k % 251) as u8));
            *q.add(big - 1) = 7;
            let r = a.realloc(q, Layout::from_size_align(big, 8).unwrap(), 5 * LARGE);
            assert!((0..1000).all(|k| *r.add(k) == (k % 251) as u8));
            assert_eq!(*r.add(big - 1), 7);
            let shrunk = a.realloc(r, Layout::from_size_align(5 * LARGE, 8).unwrap(), big);
            assert!((0..1000).all(|k| *shrunk.add(k) == (k % 251) as u8));
            assert_eq!(*shrunk.add(big - 1), 7);
            let s = a.realloc(shrunk, Layout::from_size_align(big, 8).unwrap(), 500);
            assert!((0..500).all(|k| *s.add(k) == (k % 251) as u8));
            a.dealloc(s, Layout::from_size_align(500, 8).unwrap());
            let z = a.alloc_zeroed(Layout::from_size_align(LARGE, 64).unwrap());
            assert!((0..LARGE).step_by(4096).all(|k| *z.add(k) == 0));
            a.dealloc(z, Layout::from_size_align(LARGE, 64).unwrap());
        }
    }
}
