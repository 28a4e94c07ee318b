//! The last stage: with a consumer registry, each finding's consumers and the consumer policy
//! (a removal still in use blocks; a break no consumer uses is downgraded as `[consumers]
//! unused-breaking` says). And the witnesses of breaking schema findings, looked for once
//! the findings one edit makes are one (`attach_witnesses`).

use crate::consumers::locate::Sides;
use crate::consumers::{ConsumerPolicy, Impact, Registry, impact, witness};
use crate::model::Spec;
use crate::versions::Version;
use crate::vocabulary::{Change, Finding};

/// What the consumer stage does.
#[derive(Clone, Debug, Default)]
pub struct ConsumerSettings {
    pub registry: Option<Registry>,
    pub policy: ConsumerPolicy,
    /// Look for a witness payload of each breaking schema finding (costly on big diffs;
    /// off where no report shows them).
    pub witnesses: bool,
}

/// The stage. `version` is the revision's (declared) version, for consumers pinned to
/// versions. The impact refers to findings by their index in `findings`.
pub(crate) fn apply(
    findings: &mut [Finding],
    sides: Option<&Sides<'_>>,
    settings: &ConsumerSettings,
    version: Option<&Version>,
) -> Option<Impact> {
    let (registry, sides) = (settings.registry.as_ref()?, sides?);
    Some(impact::assess(
        findings,
        sides,
        registry,
        settings.policy,
        version,
    ))
}

/// Both specs indexed for the consumer stage and the witnesses, once, when either needs
/// them: a registry, or a change a witness is looked for (`sought`).
pub(crate) fn sides<'s>(
    base: &'s Spec,
    revision: &'s Spec,
    settings: &ConsumerSettings,
    sought: &[Option<Change>],
) -> Option<Sides<'s>> {
    (settings.registry.is_some() || sought.iter().any(Option::is_some))
        .then(|| Sides::new(base, revision))
}

/// The changes a witness is looked for, by finding: those of breaking schema findings
/// ([`witness::wanted`]) as the consumer stage finds them, before it judges (a break no
/// consumer uses keeps its proof). Taken before the findings one edit makes merge, whose
/// changes each witness is looked for in.
pub(crate) fn sought(findings: &[Finding], settings: &ConsumerSettings) -> Vec<Option<Change>> {
    findings
        .iter()
        .map(|f| (settings.witnesses && witness::wanted(f)).then(|| f.change.clone()))
        .collect()
}

/// Attach the witnesses, once the findings are merged and folded: for each finding, the first
/// found among the changes it was made of (`parts`: indexes into `sought`, in order), looked
/// for one after the other until one is found — a payload that shows one direction's or one
/// property's break shows the edit's, and the other parts' witnesses would not be shown.
pub(crate) fn attach_witnesses(
    findings: &mut [Finding],
    parts: &[Vec<usize>],
    sought: &[Option<Change>],
    sides: Option<&Sides<'_>>,
) {
    let Some(sides) = sides else {
        return;
    };
    let searches: Vec<Vec<&Change>> = parts
        .iter()
        .map(|p| p.iter().filter_map(|&j| sought[j].as_ref()).collect())
        .collect();
    if searches.iter().all(Vec::is_empty) {
        return;
    }
    let witnesses = witness::first_found(&searches, sides, crate::parallel::cores());
    for (f, w) in findings.iter_mut().zip(witnesses) {
        if w.is_some() {
            f.witness = w;
        }
    }
}
