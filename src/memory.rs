//! The wasm allocator: std's own (dlmalloc), asking for memory in steps of at least an eighth
//! of what the module already has. std's asks for as little as it needs each time, so a big
//! analysis grew memory thousands of times, 64 KB at a time; each `memory.grow` costs the
//! engine about a tenth of a millisecond, a third of the first analysis of a 33 MB file
//! (measured in Node: 1.7 s first call, 0.8 s warm, the difference mostly growing). At most an
//! eighth more memory is taken than the analysis needs.
//!
//! This is the crate's only `unsafe` code: a global allocator cannot be written without it.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;

/// Memory for dlmalloc: whole pages from `memory.grow`, never given back (wasm cannot shrink).
struct GrowInSteps;

// SAFETY: the trait's contract is met as std's wasm32 implementation meets it: `alloc` returns
// fresh, zeroed pages (wasm memory is zeroed when it grows) of at least the size asked, and
// nothing is ever remapped or freed.
unsafe impl dlmalloc::Allocator for GrowInSteps {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        let have = core::arch::wasm32::memory_size(0) * PAGE;
        for want in [size.max(have / 8), size] {
            let pages = want.div_ceil(PAGE);
            let previous = core::arch::wasm32::memory_grow(0, pages);
            if previous != usize::MAX {
                return ((previous * PAGE) as *mut u8, pages * PAGE, 0);
            }
        }
        (ptr::null_mut(), 0, 0)
    }

    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }

    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }

    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

struct Allocator(UnsafeCell<dlmalloc::Dlmalloc<GrowInSteps>>);

// SAFETY: this module is compiled only for wasm32 without threads (no atomics feature; see
// lib.rs), so the allocator is only ever used from one thread, one call at a time.
unsafe impl Sync for Allocator {}

// SAFETY: each call passes dlmalloc the layout the caller gave, as std's wasm32 allocator does.
// Never inlined: inlined, dlmalloc's code was copied into every allocation (134 kB more wasm).
unsafe impl GlobalAlloc for Allocator {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).malloc(layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        (*self.0.get()).calloc(layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        (*self.0.get()).free(ptr, layout.size(), layout.align())
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(GrowInSteps)));
