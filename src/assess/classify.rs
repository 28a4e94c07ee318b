//! The first stage: each change gets its rule's verdict, and its places and fingerprint while
//! both specs are at hand.

use crate::model::Spec;
use crate::rules::{self, Classification};
use crate::vocabulary::{Change, Finding, NodeRef, Places, fingerprint};

/// The findings of `changes`, in their order; a big diff's are judged in runs on every core.
pub(crate) fn findings(base: &Spec, revision: &Spec, changes: Vec<Change>) -> Vec<Finding> {
    let judged = crate::parallel::runs(&changes, |run, _| {
        run.iter()
            .map(|change| judge(base, revision, change))
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
fn judge(base: &Spec, revision: &Spec, change: &Change) -> (Classification, Places, String) {
    let locate = |spec: &Spec, at: Option<NodeRef>| at.map(|n| spec.location(n));
    let verdict = rules::classify(change);
    let located = Places {
        base: locate(base, change.base),
        revision: locate(revision, change.revision),
        object: change
            .object
            .map(|(b, r)| (base.pointer(b), revision.pointer(r))),
    };
    let (base_pointer, revision_pointer) = located.pointers();
    let fingerprint = fingerprint(&verdict.rule, change, base_pointer, revision_pointer);
    (verdict, located, fingerprint)
}
