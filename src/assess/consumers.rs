//! The last stage: with a consumer registry, each finding's consumers and the consumer policy
//! (a removal still in use blocks; a break no consumer uses is downgraded as `[consumers]
//! unused-breaking` says). And the witnesses of breaking schema findings, looked for once
//! the findings one edit makes are one (`attach_witnesses`).

use crate::consumers::{ConsumerPolicy, Impact, Registry, impact, locate, witness};
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
    base: &Spec,
    revision: &Spec,
    settings: &ConsumerSettings,
    version: Option<&Version>,
) -> Option<Impact> {
    let registry = settings.registry.as_ref()?;
    let sides = locate::Sides::new(base, revision);
    Some(impact::assess(
        findings,
        &sides,
        registry,
        settings.policy,
        version,
    ))
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
    base: &Spec,
    revision: &Spec,
) {
    let searches: Vec<Vec<&Change>> = parts
        .iter()
        .map(|p| p.iter().filter_map(|&j| sought[j].as_ref()).collect())
        .collect();
    if searches.iter().all(Vec::is_empty) {
        return;
    }
    let sides = locate::Sides::new(base, revision);
    let witnesses = witness::first_found(&searches, &sides, witness::workers());
    for (f, w) in findings.iter_mut().zip(witnesses) {
        if w.is_some() {
            f.witness = w;
        }
    }
}
