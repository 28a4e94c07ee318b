//! glibc's malloc, set for the history walk's peak memory.
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
//! A no-op on other platforms and C libraries.

/// Blocks at least this large are mmapped, and returned to the system when freed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 4 << 20;

/// The heaps' free tops are kept up to this size rather than returned.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const TRIM_THRESHOLD: libc::c_int = 128 << 20;

/// Sets malloc for the walk; call it before the workers start (it is process-wide).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn configure() {
    // SAFETY: `mallopt` only sets malloc's parameters (a value it refuses, it ignores and
    // returns 0); it takes malloc's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
        libc::mallopt(libc::M_TRIM_THRESHOLD, TRIM_THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn configure() {}
