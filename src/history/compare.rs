//! Each revision is parsed once, on all cores: workers take revisions in order, and whichever
//! worker completes the second spec of a consecutive pair diffs it, so at most a few specs
//! are in memory at a time.

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};

use super::LogOptions;
use super::walk::Commit;
use crate::assess::{BaseHistory, Pair, Settings, assess};
use crate::error::{Error, Result};
use crate::load::Workspace;
use crate::load::chunked::EarlierTrees;
use crate::load::source::{GitSource, key_dir};
use crate::model::Spec;
use crate::vocabulary::{Finding, OperationId};

fn load(
    repo_root: &Path,
    c: &Commit,
    strict: bool,
    earlier: Option<Arc<dyn EarlierTrees>>,
) -> Result<Spec> {
    let repo =
        git2::Repository::open(repo_root).map_err(|e| Error::Git(e.message().to_string()))?;
    let label = c.id[..7.min(c.id.len())].to_string();
    let source = GitSource::at_tree(repo, c.tree, label);
    let ws = Workspace::with_source_after(
        Box::new(source),
        c.path.clone(),
        key_dir(&c.path).to_string(),
        earlier,
    )?;
    crate::load::read_revision(ws, strict)
}

type Slot = Mutex<Option<Arc<std::result::Result<Spec, String>>>>;

/// What reading one revision gave, kept after its spec is dropped.
#[derive(Default)]
pub struct Revision {
    pub version: Option<String>,
    pub error: Option<String>,
    /// What weir read past in this revision (see [`crate::load::read_revision`]).
    pub warnings: Vec<String>,
    /// Changes against the previous revision (`None` when either could not be read).
    pub findings: Option<Vec<Finding>>,
}

/// Read every revision once and compare every consecutive pair, in parallel.
pub fn compare_all(repo_root: &Path, commits: &[Commit], opts: &LogOptions) -> Vec<Revision> {
    let n = commits.len();
    let slots: Vec<Slot> = (0..n).map(|_| Mutex::new(None)).collect();
    let uses: Vec<AtomicUsize> = (0..n)
        .map(|i| AtomicUsize::new(usize::from(i > 0) + usize::from(i + 1 < n)))
        .collect();
    let claimed: Vec<AtomicBool> = (0..n).map(|_| AtomicBool::new(false)).collect();
    let results: Vec<Mutex<Revision>> = (0..n).map(|_| Mutex::new(Revision::default())).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let compared = ComparedPairs::new(n);
    // Findings go to this (the calling) thread, which keeps a copy: see `keep`.
    let (found, kept) = mpsc::channel::<(usize, Vec<Finding>)>();
    let get = |i: usize| slots[i].lock().expect("slot lock").clone();
    // Pair p compares revision p with revision p + 1; its findings belong to entry p + 1.
    let try_pair = |p: usize, found: &mpsc::Sender<(usize, Vec<Finding>)>| {
        let (Some(a), Some(b)) = (get(p), get(p + 1)) else {
            return;
        };
        if claimed[p].swap(true, Ordering::AcqRel) {
            return;
        }
        if let (Ok(a), Ok(b)) = (a.as_ref(), b.as_ref()) {
            let findings = assessed(repo_root, &commits[p], a, b, &opts.settings);
            // The receiver lives until every worker is done.
            let _ = found.send((p + 1, findings));
        }
        drop((a, b));
        for s in [p, p + 1] {
            if uses[s].fetch_sub(1, Ordering::AcqRel) == 1 {
                slots[s].lock().expect("slot lock").take();
            }
        }
        compared.mark(p);
        let d = done.fetch_add(1, Ordering::AcqRel) + 1;
        if let Some(progress) = &opts.progress {
            progress(d, n.saturating_sub(1));
        }
    };
    let (next, slots, shared, try_pair, compared) = (&next, &slots, &results, &try_pair, &compared);
    std::thread::scope(|s| {
        for _ in 0..opts.threads.max(1) {
            let found = found.clone();
            let try_pair = move |p| try_pair(p, &found);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::AcqRel);
                    if i >= n {
                        break;
                    }
                    if let Some(p) = i.checked_sub(opts.threads.max(1) + 1) {
                        compared.wait_for(p);
                    }
                    // The latest revision read before this one, still in memory (until its
                    // pair with the next is compared): most of this one's text is its text.
                    let earlier = (0..i)
                        .rev()
                        .take(opts.threads.max(1) + 1)
                        .find_map(|j| get(j).map(|s| s as Arc<dyn EarlierTrees>))
                        .unwrap_or_else(|| Arc::new(Vec::new()));
                    let spec =
                        load(repo_root, &commits[i], opts.strict, Some(earlier)).map_err(|e| {
                            e.place()
                                .map_or_else(|| e.to_string(), |p| format!("{e} ({p})"))
                        });
                    {
                        let mut r = shared[i].lock().expect("result lock");
                        match &spec {
                            Ok(s) => {
                                r.version = s.version.as_ref().map(|v| v.value.clone());
                                r.warnings = s
                                    .warnings
                                    .iter()
                                    .map(|w| format!("{} ({})", w.message, w.place))
                                    .collect();
                            }
                            Err(e) => r.error = Some(e.clone()),
                        }
                    }
                    *slots[i].lock().expect("slot lock") = Some(Arc::new(spec));
                    if n == 1 {
                        slots[i].lock().expect("slot lock").take();
                    }
                    if i > 0 {
                        try_pair(i - 1);
                    }
                    if i + 1 < n {
                        try_pair(i);
                    }
                }
            });
        }
        drop(found);
        let mut operations = HashSet::new();
        for (i, findings) in kept {
            shared[i].lock().expect("result lock").findings = Some(keep(findings, &mut operations));
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().expect("result lock"))
        .collect()
}

/// Which pairs are compared, so that a worker can wait before it reads far ahead: when one
/// revision is slow, the other workers would otherwise read on and leave up to five specs
/// alive at once, which made the peak of Stripe's history anywhere between 265 and 322 MB
/// (benches/README.md). A worker starts revision `i` only once pair `i - threads - 1` is
/// compared and its specs can go. It cannot deadlock: the pair a worker waits for is made of
/// revisions claimed before its own, whose workers wait (if at all) for pairs earlier still.
struct ComparedPairs {
    done: Mutex<Vec<bool>>,
    changed: Condvar,
}

impl ComparedPairs {
    fn new(n: usize) -> Self {
        Self {
            done: Mutex::new(vec![false; n]),
            changed: Condvar::new(),
        }
    }

    fn mark(&self, pair: usize) {
        self.done.lock().expect("compared lock")[pair] = true;
        self.changed.notify_all();
    }

    fn wait_for(&self, pair: usize) {
        let done = self.done.lock().expect("compared lock");
        drop(
            self.changed
                .wait_while(done, |d| !d[pair])
                .expect("compared lock"),
        );
    }
}

/// A revision's findings as the log keeps them until it is written: a copy made on the thread
/// that collects them, at their exact size, and the originals freed. Kept as the worker that
/// assessed them made them, among the trees and models of the specs it reads, they stayed
/// scattered through the memory those specs are freed into, so that it could be neither
/// returned nor reused whole: over Stripe's whole history, three pairs of runs peaked at
/// 309–317 MB without the copy and 261–306 MB with it (benches/README.md).
fn keep(mut findings: Vec<Finding>, operations: &mut HashSet<OperationId>) -> Vec<Finding> {
    share_operations(&mut findings, operations);
    findings.clone()
}

/// Each finding names the operations it affects by ids that belong to the specs it was found
/// in, and a change to a schema many operations use names hundreds. Kept for every revision
/// until the log is written, those made Stripe's history hold each revision's operation ids
/// alive; equal ids (the same label) are made one shared id instead.
fn share_operations(findings: &mut [Finding], known: &mut HashSet<OperationId>) {
    for op in findings
        .iter_mut()
        .flat_map(|f| f.change.operations.iter_mut())
    {
        match known.get(op) {
            Some(shared) => *op = shared.clone(),
            None => {
                known.insert(op.clone());
            }
        }
    }
}

/// The findings of one revision against an earlier one (`base`, at commit `since`), assessed
/// as every command does; deprecations are dated from the history before `since`.
fn assessed(
    repo_root: &Path,
    since: &Commit,
    base: &Spec,
    revision: &Spec,
    settings: &Settings,
) -> Vec<Finding> {
    let pair = Pair {
        history: Some(BaseHistory {
            repo_dir: repo_root,
            rev: since.id.clone(),
            path: since.path.clone(),
        }),
        ..Pair::new(base, revision)
    };
    assess(&pair, crate::diff::diff_adjacent(base, revision), settings).findings
}

/// A revision that could not be read has no changes against either neighbour, so whatever
/// changed across it would be missing — and a release after it would pass unchecked. Compare
/// the first readable revision after such a gap with the last one before it instead.
pub fn bridge_unreadable(
    repo_root: &Path,
    commits: &[Commit],
    revisions: &mut [Revision],
    opts: &LogOptions,
) {
    let mut last_readable: Option<usize> = None;
    for j in 0..revisions.len() {
        if revisions[j].error.is_some() {
            continue;
        }
        if let Some(i) = last_readable
            && i + 1 < j
            && let (Ok(a), Ok(b)) = (
                load(repo_root, &commits[i], opts.strict, None),
                load(repo_root, &commits[j], opts.strict, None),
            )
        {
            revisions[j].findings = Some(assessed(repo_root, &commits[i], &a, &b, &opts.settings));
        }
        last_readable = Some(j);
    }
}
