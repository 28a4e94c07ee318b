//! The first stage: each change gets its rule's verdict, and its places and fingerprint while
//! both specs are at hand.

use rustc_hash::FxHashMap;

use crate::model::{Spec, SpecPointers};
use crate::rules::{self, Classification};
use crate::vocabulary::{Change, Finding, Location, NodeRef, Places, fingerprint};

/// The places (file, line, column, pointer) of the nodes a diff's changes were found at,
/// worked out ahead: `weir diff` has them worked out on the core the diff leaves idle while
/// it merges its changes (`diff::diff_beside`), where building the pointers was half of
/// classifying a big diff.
#[derive(Debug, Default)]
pub struct KnownPlaces {
    base: FxHashMap<NodeRef, Location>,
    revision: FxHashMap<NodeRef, Location>,
}

impl KnownPlaces {
    /// The places of `in_base`'s nodes in `base` and of `in_revision`'s in `revision`.
    pub fn of(
        (base, revision): (&Spec, &Spec),
        in_base: Vec<NodeRef>,
        in_revision: Vec<NodeRef>,
    ) -> KnownPlaces {
        KnownPlaces {
            base: placed(base, in_base),
            revision: placed(revision, in_revision),
        }
    }
}

/// Each node's place, once; in the order of the tree, so that neighbours, which share most
/// of their pointers, follow each other.
fn placed(spec: &Spec, mut nodes: Vec<NodeRef>) -> FxHashMap<NodeRef, Location> {
    nodes.sort_unstable();
    nodes.dedup();
    let mut known = SpecPointers::default();
    let mut placed = FxHashMap::with_capacity_and_hasher(nodes.len(), Default::default());
    placed.extend(
        nodes
            .into_iter()
            .map(|n| (n, spec.location_with(n, &mut known))),
    );
    placed
}

/// One side's spec, the places known ahead in it, and the pointers a run built so far.
struct SidePlaces<'a> {
    spec: &'a Spec,
    ahead: Option<&'a FxHashMap<NodeRef, Location>>,
    known: SpecPointers,
}

impl SidePlaces<'_> {
    fn location(&mut self, n: NodeRef) -> Location {
        match self.ahead.and_then(|a| a.get(&n)) {
            Some(l) => l.clone(),
            None => self.spec.location_with(n, &mut self.known),
        }
    }

    fn pointer(&mut self, n: NodeRef) -> String {
        match self.ahead.and_then(|a| a.get(&n)) {
            Some(l) => l.pointer.clone(),
            None => self.spec.pointer_with(n, &mut self.known),
        }
    }
}

/// The findings of `changes`, in their order; a big diff's are judged in runs on every core.
/// `ahead`: the places of their nodes, when they were worked out ahead.
pub(crate) fn findings(
    (base, revision): (&Spec, &Spec),
    ahead: Option<&KnownPlaces>,
    changes: Vec<Change>,
) -> Vec<Finding> {
    let judged = crate::parallel::runs(&changes, |run, _| {
        let side = |spec, ahead| SidePlaces {
            spec,
            ahead,
            known: SpecPointers::default(),
        };
        let mut sides = (
            side(base, ahead.map(|a| &a.base)),
            side(revision, ahead.map(|a| &a.revision)),
        );
        run.iter()
            .map(|change| judge(change, &mut sides))
            .collect::<Vec<_>>()
    });
    changes
        .into_iter()
        .zip(judged.into_iter().flatten())
        .map(|(change, (verdict, located, fingerprint))| {
            let Classification {
                rule,
                level,
                bump,
                message,
            } = verdict;
            Finding {
                rule,
                level,
                bump,
                message,
                note: None,
                change,
                consumers: None,
                witness: None,
                fingerprint,
                adjustments: Vec::new(),
                located,
                names: Vec::new(),
            }
        })
        .collect()
}

/// A change's rule verdict, places and fingerprint.
fn judge(
    change: &Change,
    (base, revision): &mut (SidePlaces, SidePlaces),
) -> (Classification, Places, String) {
    let verdict = rules::classify(change);
    let located = Places {
        base: change.base.map(|n| base.location(n)),
        revision: change.revision.map(|n| revision.location(n)),
        object: change
            .object
            .map(|(b, r)| (base.pointer(b), revision.pointer(r))),
    };
    let (base_pointer, revision_pointer) = located.pointers();
    let fingerprint = fingerprint(&verdict.rule, change, base_pointer, revision_pointer);
    (verdict, located, fingerprint)
}
