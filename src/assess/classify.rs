//! The first stage: each change gets its rule's verdict, and its fingerprint while both specs
//! are at hand.

use crate::model::Spec;
use crate::rules::{self, Classification};
use crate::vocabulary::{Change, Finding, NodeRef, fingerprint};

pub fn findings(base: &Spec, revision: &Spec, changes: Vec<Change>) -> Vec<Finding> {
    let pointer =
        |spec: &Spec, at: Option<NodeRef>| at.map(|n| spec.pointer(n)).unwrap_or_default();
    changes
        .into_iter()
        .map(|change| {
            let Classification {
                rule,
                level,
                bump,
                message,
            } = rules::classify(&change);
            let fingerprint = fingerprint(
                &rule,
                &change,
                &pointer(base, change.base),
                &pointer(revision, change.revision),
            );
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
            }
        })
        .collect()
}
