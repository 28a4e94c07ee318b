//! `x-stability-level`: a breaking change or a warning on something not yet stable is allowed,
//! and reported as info. What counts is the level **in the base** — what clients were promised
//! — so a beta endpoint may be removed, while an endpoint made beta in the same change may not
//! break yet. The level is the operation's (the `stability` fact the diff put on the change) or
//! that of the nearest object around the changed node in the base that declares one (a schema
//! property marked beta).

use crate::model::Spec;
use crate::vocabulary::conventions::is_unstable;
use crate::vocabulary::{Bump, Finding, Level};

/// The nearest `x-stability-level` around the finding's node in the base, if any.
fn declared_around(base: &Spec, f: &Finding) -> Option<String> {
    let at = f.change.base?;
    let tree = base.tree(at);
    let mut node = Some(at.node);
    while let Some(n) = node {
        if let Some(level) = tree.get(n, "x-stability-level") {
            return tree.text(level).map(str::to_ascii_lowercase);
        }
        node = tree.parent(n);
    }
    None
}

/// The base's level below `stable` that covers the finding, if any.
fn unstable_level(base: &Spec, f: &Finding) -> Option<String> {
    let operation = f.change.fact("stability").filter(|s| is_unstable(s));
    operation
        .map(str::to_string)
        .or_else(|| declared_around(base, f).filter(|s| is_unstable(s)))
}

/// The stage: breaking and warning findings on items unstable in the base become info.
pub(crate) fn apply(findings: &mut [Finding], base: &Spec) {
    for f in findings {
        if !matches!(f.level, Level::Breaking | Level::Warning) {
            continue;
        }
        if let Some(s) = unstable_level(base, f) {
            f.level = Level::Info;
            f.bump = f.bump.min(Bump::Minor);
            f.note = Some(format!(
                "x-stability-level is `{s}`: breaking changes are allowed"
            ));
        }
    }
}
