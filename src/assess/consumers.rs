//! The last stage: witnesses for breaking schema findings, then, with a consumer registry,
//! each finding's consumers and the consumer policy (a removal still in use blocks; a break
//! no consumer uses is downgraded as `[consumers] unused-breaking` says).

use crate::consumers::{ConsumerPolicy, Impact, Registry, impact, locate, witness};
use crate::model::Spec;
use crate::versions::Version;
use crate::vocabulary::Finding;

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
    if !settings.witnesses && settings.registry.is_none() {
        return None;
    }
    let sides = locate::Sides::new(base, revision);
    if settings.witnesses {
        witness::attach(findings, &sides);
    }
    settings
        .registry
        .as_ref()
        .map(|r| impact::assess(findings, &sides, r, settings.policy, version))
}
