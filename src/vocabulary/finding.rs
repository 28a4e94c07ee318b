//! A change with its verdict, and the fingerprint that names it across runs.

use super::{Bump, Change, Level, Witness};

/// A change with its verdict.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: String,
    pub level: Level,
    pub bump: Bump,
    pub message: String,
    /// Why the level differs from the rule's, when it does (unstable endpoint, policy…).
    pub note: Option<String>,
    pub change: Change,
    /// The consumers this finding affects, when a consumer registry was read.
    pub consumers: Option<Vec<String>>,
    /// For a breaking schema change: a payload that shows the break, or why none was found.
    pub witness: Option<Witness>,
}

/// A short stable identifier of a finding: rule, operations and JSON pointers (of the
/// change's base and revision nodes, empty when it has none), not line numbers, so it
/// survives unrelated edits (ignores in `weir.toml` use it).
pub fn fingerprint(f: &Finding, base_pointer: &str, revision_pointer: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    feed(&f.rule);
    feed(f.change.operations.first().map_or("", String::as_str));
    feed(f.change.name.as_deref().unwrap_or(""));
    feed(base_pointer);
    feed(revision_pointer);
    format!("{h:016x}")
}
