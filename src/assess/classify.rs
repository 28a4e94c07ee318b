//! The first stage: each change gets its rule's verdict, and its places and fingerprint while
//! both specs are at hand.

use crate::model::{Spec, SpecPointers};
use crate::rules::{self, Classification};
use crate::vocabulary::{Change, Finding, Places, fingerprint};

/// The findings of `changes`, in their order; a big diff's are judged in runs on every core.
pub(crate) fn findings(base: &Spec, revision: &Spec, changes: Vec<Change>) -> Vec<Finding> {
    let judged = crate::parallel::runs(&changes, |run, _| {
        let mut known = (SpecPointers::default(), SpecPointers::default());
        run.iter()
            .map(|change| judge(base, revision, change, &mut known))
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
/// `known`: the pointers of the nodes the run's changes passed before, in the base and in
/// the revision.
fn judge(
    base: &Spec,
    revision: &Spec,
    change: &Change,
    (in_base, in_revision): &mut (SpecPointers, SpecPointers),
) -> (Classification, Places, String) {
    let verdict = rules::classify(change);
    let located = Places {
        base: change.base.map(|n| base.location_with(n, in_base)),
        revision: change
            .revision
            .map(|n| revision.location_with(n, in_revision)),
        object: change.object.map(|(b, r)| {
            (
                base.pointer_with(b, in_base),
                revision.pointer_with(r, in_revision),
            )
        }),
    };
    let (base_pointer, revision_pointer) = located.pointers();
    let fingerprint = fingerprint(&verdict.rule, change, base_pointer, revision_pointer);
    (verdict, located, fingerprint)
}
