//! Work split over the machine's cores: a big diff's findings are classified and written out
//! in runs, one thread each, and the runs' results joined in order, so the output does not
//! depend on the number of cores.

/// Fewer items than this are worked on the calling thread alone: a thread costs more than it
/// saves.
pub(crate) const WORTH_A_THREAD: usize = 256;

/// The threads work may be split over: the machine's cores.
pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `work` on each run of `items` (as many runs as there are cores, none shorter than
/// [`WORTH_A_THREAD`] but the last), each given the index of its first item; the results in
/// the runs' order.
pub(crate) fn runs<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&[T], usize) -> R + Sync,
) -> Vec<R> {
    let run = items.len().div_ceil(cores()).max(WORTH_A_THREAD);
    if items.len() <= run {
        return vec![work(items, 0)];
    }
    // The first run is worked on the calling thread. Had it only waited for a thread of its
    // own, the scheduler could queue that thread behind another on one core while the
    // calling thread's core went idle (seen: a big diff's classification, one core busy
    // for its 5 ms).
    let (first, rest) = items.split_at(run);
    std::thread::scope(|s| {
        let threads: Vec<_> = rest
            .chunks(run)
            .enumerate()
            .map(|(k, r)| {
                let work = &work;
                s.spawn(move || work(r, (k + 1) * run))
            })
            .collect();
        let mut results = Vec::with_capacity(threads.len() + 1);
        results.push(work(first, 0));
        results.extend(
            threads
                .into_iter()
                .map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
        );
        results
    })
}

/// `a` and `b`, on two threads when it is `worth` it (and the machine has two cores).
pub(crate) fn both<A, B: Send>(
    worth: bool,
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !worth || cores() < 2 {
        return (a(), b());
    }
    std::thread::scope(|s| {
        let b = s.spawn(b);
        let a = a();
        (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    })
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
}
