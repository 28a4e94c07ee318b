//! Witnesses looked for ahead: while the assessment's stages run on the calling thread
//! (ambiguity, stability, deprecation, weir.toml, consumers, the merges), helper threads look
//! for the witnesses the findings will most likely want; then the calling thread helps them
//! finish, and the search proper ([`super::first_found`]) takes what they found instead of
//! looking again. A witness depends on its change alone (the caches only remember answers),
//! so what is found ahead is what the search would have found. The helpers keep their caches
//! from the first change to the last, and take the changes in order, so neighbours (which
//! share payloads) are mostly looked for by one thread.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::find;
use super::search::Tried;
use crate::consumers::locate::{BothNodes, Sides};
use crate::model::Spec;
use crate::vocabulary::{Change, Witness};

/// Changes a thread takes at a time.
const BATCH: usize = 4;

/// The changes looked for ahead, in order, and what has been found for each so far.
#[derive(Default)]
pub struct Ahead {
    changes: Vec<Change>,
    found: Vec<OnceLock<Witness>>,
    /// The next batch a thread takes.
    next: AtomicUsize,
    /// Which changes are still wanted, once the stages have said.
    wanted: OnceLock<Vec<bool>>,
}

impl Ahead {
    /// The changes to look for, in the order they are taken.
    pub fn new(changes: Vec<Change>) -> Ahead {
        Ahead {
            found: changes.iter().map(|_| OnceLock::new()).collect(),
            changes,
            ..Ahead::default()
        }
    }

    /// Start looking on the machine's other cores (none on a machine with one: the calling
    /// thread does it all in [`Started::finish`]), in the specs' schema `nodes` (asked for
    /// when a helper starts).
    pub fn start<'scope>(
        &'scope self,
        scope: &rayon::Scope<'scope>,
        (base, revision): (&'scope Spec, &'scope Spec),
        nodes: impl FnOnce() -> BothNodes,
    ) -> Started<'scope> {
        let batches = self.changes.len().div_ceil(BATCH);
        let helpers = crate::parallel::cores().min(batches + 1).saturating_sub(1);
        if helpers > 0 {
            let nodes = nodes();
            for _ in 0..helpers {
                let nodes = nodes.clone();
                scope.spawn(move |_| self.look(&Sides::with_nodes(base, revision, nodes)));
            }
        }
        Started { ahead: self }
    }

    /// Stop the helpers at their next change: none is wanted any more.
    fn cancel(&self) {
        let _ = self.wanted.set(vec![false; self.changes.len()]);
    }

    fn look(&self, sides: &Sides<'_>) {
        let mut tried = Tried::default();
        loop {
            let first = self.next.fetch_add(1, Ordering::Relaxed) * BATCH;
            if first >= self.changes.len() {
                return;
            }
            for k in first..(first + BATCH).min(self.changes.len()) {
                if self.wanted.get().is_none_or(|w| w[k]) {
                    let _ = self.found[k].set(find(&self.changes[k], sides, &mut tried));
                }
            }
        }
    }

    /// How many changes are looked for.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// What was found ahead for the `k`th change.
    pub fn found(&self, k: usize) -> Option<&Witness> {
        self.found.get(k)?.get()
    }

    /// What was found ahead for each change, moved out: the search proper takes each
    /// witness as it is (a payload can be large, and copying them all, then freeing the
    /// originals, cost a millisecond on a diff of 2,000 findings).
    pub fn into_found(self) -> Vec<Option<Witness>> {
        self.found.into_iter().map(OnceLock::into_inner).collect()
    }
}

/// A look-ahead under way: its helpers run in the scope [`Ahead::start`] was given, which
/// waits for them (and raises a helper's panic) when it ends. Dropped without
/// [`Started::finish`] (the calling thread unwinds), it stops them, so the panic is raised at
/// once rather than after every change is looked for.
pub struct Started<'a> {
    ahead: &'a Ahead,
}

impl Started<'_> {
    /// Look for the rest on the calling thread too, only those still `wanted` (by change);
    /// the helpers finish theirs before the scope ends.
    pub fn finish(self, wanted: Vec<bool>, sides: Option<&Sides<'_>>) {
        assert_eq!(
            wanted.len(),
            self.ahead.changes.len(),
            "one flag per change"
        );
        let _ = self.ahead.wanted.set(wanted);
        if let Some(sides) = sides {
            self.ahead.look(sides);
        }
    }
}

impl Drop for Started<'_> {
    fn drop(&mut self) {
        self.ahead.cancel();
    }
}
