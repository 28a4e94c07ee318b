//! The first stage: each change gets its rule's verdict, and its places and fingerprint while
//! both specs are at hand.

use crate::model::Spec;
use crate::rules::{self, Classification};
use crate::vocabulary::{Change, Finding, Location, NodeRef, Places, fingerprint};

pub(crate) fn findings(base: &Spec, revision: &Spec, changes: Vec<Change>) -> Vec<Finding> {
    let locate = |spec: &Spec, at: Option<NodeRef>| at.map(|n| spec.location(n));
    changes
        .into_iter()
        .map(|change| {
            let Classification {
                rule,
                level,
                bump,
                message,
            } = rules::classify(&change);
            let located = Places {
                base: locate(base, change.base),
                revision: locate(revision, change.revision),
                object: change
                    .object
                    .map(|(b, r)| (base.pointer(b), revision.pointer(r))),
            };
            let pointer =
                |l: &Option<Location>| l.as_ref().map_or(String::new(), |l| l.pointer.clone());
            let fingerprint = fingerprint(
                &rule,
                &change,
                &pointer(&located.base),
                &pointer(&located.revision),
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
                located,
                names: Vec::new(),
            }
        })
        .collect()
}
