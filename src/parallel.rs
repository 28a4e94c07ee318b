//! Work split over the machine's cores: a big diff's findings are classified and written out
//! in runs, and the runs' results joined in order, so the output does not depend on the number
//! of cores.
//!
//! The work goes to one pool of threads (rayon's, with one thread fewer than the machine has
//! cores: the calling thread works too), made once, rather than to threads spawned for each
//! job. A diff hands work over a dozen times (the second spec's load, the settings beside the
//! walk, the places beside the merge, classification, the witnesses, the report), and a new
//! thread, or one asleep, is not always started on the idle core: on a virtual machine whose
//! idle core is halted, Linux may queue it behind the calling thread on the busy one, until the
//! idle core balances a few milliseconds later (seen with `perf sched timehist`: 1–3 ms per
//! hand-over, with the other core idle for up to 11 ms). While a command holds [`Ready`], one
//! of the pool's threads waits for work by spinning, not asleep, so work handed to it starts
//! at once on its core.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// Fewer items than this are worked on the calling thread alone: a thread costs more than it
/// saves.
pub(crate) const WORTH_A_THREAD: usize = 256;

/// How long the ready thread spins without work before it sleeps as the pool's threads do:
/// longer than the gaps between a command's hand-overs, short enough that a long stretch of
/// work on the calling thread alone (a slow read from git) does not keep a core busy.
const SPIN_WITHOUT_WORK: Duration = Duration::from_millis(100);

/// The threads work may be split over: the machine's cores.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// rayon's scope on the calling thread, in the pool: `work` runs here, and what it spawns
/// runs on the pool.
pub(crate) fn scope<'scope, R>(work: impl FnOnce(&rayon::Scope<'scope>) -> R) -> R {
    made_pool();
    rayon::in_place_scope(work)
}

/// rayon's global pool, with `cores() - 1` threads, made on first use.
fn made_pool() {
    static POOL: Once = Once::new();
    POOL.call_once(|| {
        // Fails only if rayon made its global pool already, which nothing but this does in
        // weir: the pool then serves as it is.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(cores().saturating_sub(1).max(1))
            .build_global();
    });
}

/// `work` on each run of `items` (as many runs as there are cores, none shorter than
/// [`WORTH_A_THREAD`] but the last), each given the index of its first item; the results in
/// the runs' order.
pub(crate) fn runs<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T], usize) -> R + Sync,
) -> Vec<R> {
    runs_of_at_least(WORTH_A_THREAD, items, work)
}

/// [`runs`], none shorter than `shortest` items but the last: for items each worth a
/// thread's while (a blob to inflate and read), where [`WORTH_A_THREAD`] would be too many.
pub(crate) fn runs_of_at_least<T: Sync, R: Send>(
    shortest: usize,
    items: &[T],
    work: impl Fn(&[T], usize) -> R + Sync,
) -> Vec<R> {
    let run = items.len().div_ceil(cores()).max(shortest.max(1));
    if items.len() <= run {
        return vec![work(items, 0)];
    }
    let runs: Vec<&[T]> = items.chunks(run).collect();
    jobs(runs.len(), || work(runs[0], 0), |k| work(runs[k], k * run))
}

/// `n` jobs side by side (at least one): job 0, `first`, on the calling thread, and jobs 1 to
/// `n - 1`, `rest` given each one's number, on the pool; the results in the jobs' order.
/// `first` need not be `Send`: what it borrows stays on the calling thread.
pub(crate) fn jobs<R: Send>(
    n: usize,
    first: impl FnOnce() -> R,
    rest: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(n.max(1)).collect();
    let (head, tail) = results.split_first_mut().expect("one job at least");
    scope(|s| {
        let rest = &rest;
        for (k, slot) in tail.iter_mut().enumerate() {
            s.spawn(move |_| *slot = Some(rest(k + 1)));
        }
        *head = Some(first());
    });
    results
        .into_iter()
        .map(|r| r.expect("the scope waits for every job"))
        .collect()
}

/// `a` and `b`, side by side when it is `worth` it (and the machine has two cores): `a` on
/// the calling thread, `b` on the pool.
pub(crate) fn both<A, B: Send>(
    worth: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !worth || cores() < 2 {
        return (a(), b());
    }
    let mut b_result = None;
    let a_result = scope(|s| {
        let slot = &mut b_result;
        s.spawn(move |_| *slot = Some(b()));
        a()
    });
    (a_result, b_result.expect("the scope waits for its job"))
}

/// While held, one of the pool's threads spins waiting for work instead of sleeping (see the
/// module's doc), for up to [`SPIN_WITHOUT_WORK`] at a time. A command that compares two specs
/// holds it from the load to the report; a server or the history walk, whose own threads keep
/// the cores busy, does not.
#[must_use = "the pool is kept ready only while this is held"]
pub(crate) struct Ready {
    released: Arc<AtomicBool>,
}

impl Ready {
    pub(crate) fn hold() -> Ready {
        let released = Arc::new(AtomicBool::new(false));
        if cores() >= 2 {
            made_pool();
            let released = Arc::clone(&released);
            rayon::spawn(move || spin_for_work(&released));
        }
        Ready { released }
    }
}

impl Drop for Ready {
    fn drop(&mut self) {
        self.released.store(true, Ordering::Relaxed);
    }
}

/// Run the pool's jobs as they come until `released`, or until none has come for
/// [`SPIN_WITHOUT_WORK`].
fn spin_for_work(released: &AtomicBool) {
    let mut last_work = Instant::now();
    while !released.load(Ordering::Relaxed) {
        match rayon::yield_now() {
            Some(rayon::Yield::Executed) => last_work = Instant::now(),
            _ if last_work.elapsed() > SPIN_WITHOUT_WORK => return,
            _ => std::hint::spin_loop(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_every_item_once_in_order() {
        for n in [0, 1, 255, 256, 257, 1000, 4099] {
            let items: Vec<usize> = (0..n).collect();
            let runs = runs(&items, |run, first| {
                assert!(run.is_empty() || run[0] == first);
                run.to_vec()
            });
            assert_eq!(runs.concat(), items, "{n} items");
            assert!(
                runs[..runs.len().saturating_sub(1)]
                    .iter()
                    .all(|r| r.len() >= WORTH_A_THREAD)
            );
        }
    }

    #[test]
    fn jobs_come_back_in_order_the_first_from_the_calling_thread() {
        let here = std::thread::current().id();
        let first = || (0, std::thread::current().id() == here);
        let rest = |k: usize| (k * 10, false);
        assert_eq!(jobs(3, first, rest), [(0, true), (10, false), (20, false)]);
        assert_eq!(jobs(0, first, rest), [(0, true)]);
    }

    #[test]
    fn work_is_done_while_the_pool_is_kept_ready_and_after() {
        let items: Vec<usize> = (0..3000).collect();
        let sum = |items: &[usize]| runs(items, |run, _| run.iter().sum::<usize>());
        let ready = Ready::hold();
        assert_eq!(both(true, || 1, || 2), (1, 2));
        assert_eq!(sum(&items).iter().sum::<usize>(), 4_498_500);
        drop(ready);
        assert_eq!(both(true, || 3, || 4), (3, 4));
        assert_eq!(sum(&items).iter().sum::<usize>(), 4_498_500);
    }
}
