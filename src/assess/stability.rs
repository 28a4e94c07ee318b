//! `x-stability-level`: a breaking change or a warning on something not yet stable is allowed,
//! and reported as info. What counts is the level **in the base** — what clients were promised
//! — so a beta endpoint may be removed, while an endpoint made beta in the same change may not
//! break yet. The level is the operation's (the `stability` fact the diff put on the change) or
//! that of the nearest object around the changed node in the base that declares one (a schema
//! property marked beta).

use rustc_hash::FxHashMap;

use crate::model::Spec;
use crate::vocabulary::conventions::is_unstable;
use crate::vocabulary::{Bump, Finding, Level, NodeRef};

/// What each node met so far is covered by: the nearest `x-stability-level` at or above it
/// in the base. Findings share their ancestors (`paths`, `components/schemas`, one
/// operation's response), whose keys are each looked through once.
type Known = FxHashMap<NodeRef, Option<String>>;

/// The nearest `x-stability-level` around the finding's node in the base, if any.
fn declared_around(base: &Spec, f: &Finding, known: &mut Known) -> Option<String> {
    let at = f.change.base?;
    let tree = base.tree(at);
    let mut walked = Vec::new();
    let mut node = Some(at.node);
    let found = loop {
        let Some(n) = node else {
            break None;
        };
        let here = NodeRef { node: n, ..at };
        if let Some(level) = known.get(&here) {
            break level.clone();
        }
        walked.push(here);
        if let Some(level) = tree.get(n, "x-stability-level") {
            break tree.text(level).map(str::to_ascii_lowercase);
        }
        node = tree.parent(n);
    };
    for n in walked {
        known.insert(n, found.clone());
    }
    found
}

/// The base's level below `stable` that covers the finding, if any.
fn unstable_level(base: &Spec, f: &Finding, known: &mut Known) -> Option<String> {
    let operation = f.change.fact("stability").filter(|s| is_unstable(s));
    operation
        .map(str::to_string)
        .or_else(|| declared_around(base, f, known).filter(|s| is_unstable(s)))
}

/// The stage: breaking and warning findings on items unstable in the base become info.
pub(crate) fn apply(findings: &mut [Finding], base: &Spec) {
    let mut known = Known::default();
    for f in findings {
        if !matches!(f.level, Level::Breaking | Level::Warning) {
            continue;
        }
        if let Some(s) = unstable_level(base, f, &mut known) {
            f.level = Level::Info;
            f.bump = f.bump.min(Bump::Minor);
            f.note = Some(format!(
                "x-stability-level is `{s}`: breaking changes are allowed"
            ));
        }
    }
}
