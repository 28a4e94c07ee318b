//! Witnesses looked for ahead: while the assessment's stages run on the calling thread
//! (ambiguity, levels, weir.toml, consumers, the merges), helper threads look for the witnesses the
//! findings will most likely want; then the calling thread helps them finish, and the search
//! proper ([`super::first_found`]) takes what they found instead of looking again. A witness
//! depends on its change alone (the caches only remember answers), so what is found ahead is
//! what the search would have found. The helpers keep their caches from the first change to
//! the last, and take the changes in order, so neighbours (which share payloads) are mostly
//! looked for by one thread.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::Scope;

use super::find;
use super::search::Tried;
use crate::consumers::locate::Sides;
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
    pub fn new(changes: Vec<Change>) -> Ahead {
        Ahead {
            found: changes.iter().map(|_| OnceLock::new()).collect(),
            changes,
            ..Ahead::default()
        }
    }

    /// Start looking on the machine's other cores (none on a machine with one: the calling
    /// thread does it all in [`Ahead::finish`]).
    pub fn start<'scope, 'env>(
        &'env self,
        scope: &'scope Scope<'scope, 'env>,
        base: &'env Spec,
        revision: &'env Spec,
    ) {
        let batches = self.changes.len().div_ceil(BATCH);
        let helpers = crate::parallel::cores().min(batches + 1).saturating_sub(1);
        for _ in 0..helpers {
            scope.spawn(move || self.look(&Sides::new(base, revision)));
        }
    }

    /// Look for the rest on the calling thread too, only those still `wanted` (by change).
    /// The helpers end as the last changes are taken; the scope they run in waits for them.
    pub fn finish(&self, wanted: Vec<bool>, sides: Option<&Sides<'_>>) {
        let _ = self.wanted.set(wanted);
        if let Some(sides) = sides {
            self.look(sides);
        }
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
}
