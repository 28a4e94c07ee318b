//! `x-stability-level`: a breaking change to something not yet stable is allowed, and
//! reported as info. The level is the one the diff engine put on the change (`stability`).

use crate::vocabulary::{Bump, Finding, Level};

/// Stability levels below `stable`.
const UNSTABLE: &[&str] = &["draft", "alpha", "beta", "experimental", "preview"];

/// The stage: breaking findings on unstable items become info.
pub fn apply(findings: &mut [Finding]) {
    for f in findings {
        if f.level == Level::Breaking
            && let Some(s) = f.change.fact("stability")
            && UNSTABLE.contains(&s)
        {
            f.level = Level::Info;
            f.bump = f.bump.min(Bump::Minor);
            f.note = Some(format!(
                "x-stability-level is `{s}`: breaking changes are allowed"
            ));
        }
    }
}
