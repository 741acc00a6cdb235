//! A counting global allocator: how many heap bytes are live, and the most
//! that were live at once since [`start`]. It tells what a
//! stage holds (the AST, the raw layer, the model) independently of how the
//! system allocator caches freed memory, which `VmRSS` cannot.
//!
//! Counting is off until [`start`] (one relaxed load per allocation), so
//! that the timings of `check` and `stages` are not slowed by it; the
//! `peak` child processes turn it on first thing. The counts are wrapping
//! and signed in effect: a block allocated before [`start`] and freed after
//! it subtracts, which is right for "net bytes since".
//!
//! This is the only `unsafe` of the benchmarks: `GlobalAlloc` is an unsafe
//! trait. Every method forwards to [`System`] unchanged and only adds to or
//! subtracts from atomic counters.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    if ON.load(Ordering::Relaxed) {
        let live = LIVE.fetch_add(by, Ordering::Relaxed).wrapping_add(by);
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

fn shrank(by: usize) {
    if ON.load(Ordering::Relaxed) {
        LIVE.fetch_sub(by, Ordering::Relaxed);
    }
}

/// Starts counting, from zero.
pub fn start() {
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    ON.store(true, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` with the caller's arguments,
// so `System`'s guarantees hold; the counters do not touch the memory.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged; the caller upholds `alloc`'s contract.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` was allocated by `System` with `layout` (all allocations go through here).
        unsafe { System.dealloc(pointer, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the caller upholds `realloc`'s contract.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            shrank(layout.size());
            grew(new_size);
        }
        moved
    }
}

/// Stops counting (the counts keep their values).
pub fn stop() {
    ON.store(false, Ordering::Relaxed);
}

/// Heap bytes live now.
pub fn live() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The most heap bytes live at once since [`start`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}
