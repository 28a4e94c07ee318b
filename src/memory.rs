//! The allocators' settings: for the history walk's peak memory ([`configure_for_history`]),
//! and for a command's exit ([`leave_to_exit`]).
//!
//! `weir log` reads one revision after another on a few workers, and each revision's tree,
//! model and source text (megabytes each) are freed once its neighbours are compared. glibc
//! serves a block from its heap unless it is at least `M_MMAP_THRESHOLD` large, and starts
//! that threshold at 128 KiB but raises it to the size of each mmapped block freed, up to
//! 32 MiB: after the first revision, every buffer comes from the heap of the arena of the
//! thread that allocates it. The workers' arenas then each hold the high-water mark of the
//! revisions they read, scattered, and Stripe's history peaked at 246–296 MB with two workers
//! (one worker: 176 MB).
//!
//! Setting the threshold fixes it: blocks of 4 MiB and more are mmapped and returned to the
//! system when freed. Lower thresholds lower the peak further but cost CPU time, each freshly
//! mmapped page faulting in again at every revision (1 MiB: 177 MB but 38 s of system time
//! on top of 75 s). Setting it also fixes the trim threshold at its 128 KiB start, so that
//! the arenas' free tops would be handed back and faulted in again at every revision (9–13
//! million page faults against 1.3 million); it is set high, as glibc's dynamic raise would
//! have set it. Figures: benches/README.md, 2026-12-05 08:57–10:00 UTC.
//!
//! The binary allocates with mimalloc (`src/main.rs`); glibc's malloc still serves libgit2,
//! which reads each revision's blob. mimalloc keeps freed pages for a second before it hands
//! them back, long enough for the workers' revisions to pile up: 351 MiB on Stripe's history.
//! Purged at once, the peak is 241–245 MiB (glibc alone: 238 MiB) and the walk 12 % faster
//! than with glibc alone (31.6 s against 35.9 s). Figures: benches/README.md, 2026-12-05
//! 14:00–15:45 UTC.
//!
//! mimalloc also asks Linux for transparent huge pages for its memory: a 2 MiB page is faulted
//! in whole at the first touch of any byte of it, and a revision's freed pieces leave whole
//! huge pages behind. Without them the walk peaks at 205–210 MB instead of 250–253 MB, for
//! about 6 % more time (37.6–38.2 s against 35.2–35.8 s: more page faults, each for 4 KiB).
//! Figures:
//! benches/README.md, 2026-12-05 18:50–20:00 UTC.
//!
//! A no-op on other platforms and C libraries (glibc's part) and where mimalloc is not the
//! allocator (its part: it then holds no memory).

/// Blocks at least this large are mmapped, and returned to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 4 << 20;

/// The heaps' free tops are kept up to this size rather than returned.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = 128 << 20;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`: the option enum keeps retired options'
/// slots, so its number holds across versions; a test checks its v3 default, a second, which
/// no other option has: it fails with the crate's `v2` feature or `MIMALLOC_PURGE_DELAY` set).
const MI_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// mimalloc's `mi_option_allow_thp`: whether it asks for transparent huge pages for the
/// memory it maps from now on (a test checks its default, on).
const MI_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Sets the allocators for the walk; call it before the workers start (it is process-wide).
pub(crate) fn configure_for_history() {
    // SAFETY: `mi_option_set` only sets an option's value.
    unsafe { libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, 0) };
    // SAFETY: as above.
    unsafe { libmimalloc_sys::mi_option_set(MI_ALLOW_THP, 0) };
    no_transparent_huge_pages();
    configure_glibc();
}

/// The memory mimalloc has mapped already was marked for huge pages when it was mapped: the
/// process as a whole is told not to use them for the pages it faults in from now on (as
/// mimalloc does itself when its option is off at start).
#[cfg(target_os = "linux")]
fn no_transparent_huge_pages() {
    // SAFETY: `PR_SET_THP_DISABLE` only sets a flag of the process; an error (an old kernel)
    // leaves huge pages as they were.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn configure_glibc() {
    // SAFETY: `mallopt` only sets malloc's parameters (a value it refuses, it ignores and
    // returns 0); it takes malloc's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn configure_glibc() {}

/// Hand back to the system the free memory glibc's heaps hold. The walk reads every version
/// of the spec ahead on the pool's threads, and libgit2 inflates each blob with glibc's
/// malloc: with the trim threshold set high (above), each thread's heap kept the space of
/// the largest, which the comparisons then carried in their peak (Stripe's history: 226–231
/// MB against 210–212).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn release_free_c_heap() {
    // SAFETY: `malloc_trim` only returns free memory of malloc's heaps to the system; it
    // takes malloc's own locks.
    unsafe { libc::malloc_trim(0) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn release_free_c_heap() {}

/// The command is done and the process about to exit: the free pages are left mapped, for
/// the exit to take back with the rest. At exit mimalloc would purge every free page it
/// holds, one `madvise` per 64 KiB page (about 240 after a diff of 2,000 changes, 90 after a
/// self-diff, each splitting a transparent huge page), memory the exit unmaps a moment later
/// anyway.
pub(crate) fn leave_to_exit() {
    // SAFETY: `mi_option_set` only sets an option's value (-1: never purge).
    unsafe { libmimalloc_sys::mi_option_set(MI_PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // SAFETY: `mi_option_get` only reads an option's value.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::MI_PURGE_DELAY) },
            1000
        );
    }

    #[test]
    fn the_huge_pages_option_is_the_one_mimalloc_documents() {
        // SAFETY: `mi_option_get` only reads an option's value.
        assert_eq!(
            unsafe { libmimalloc_sys::mi_option_get(super::MI_ALLOW_THP) },
            1
        );
    }
}
