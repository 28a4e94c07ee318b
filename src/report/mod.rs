//! Reports: what a run found, rendered for people (text, markdown) and for tools (json,
//! sarif, junit, github).

pub mod changelog;
pub mod gate;
pub mod github;
pub mod item;
pub mod json;
pub mod junit;
pub mod log;
pub mod markdown;
pub mod sarif;
pub mod text;

use crate::model::{NodeRef, Spec};
use crate::rules::{Finding, Level};
use crate::semver::Bump;

/// Everything a diff found, with the two specs it is about.
pub struct Report<'s> {
    pub base: &'s Spec,
    pub revision: &'s Spec,
    pub findings: Vec<Finding>,
}

/// A place in a spec file, as reports show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub pointer: String,
}

impl Location {
    pub fn of(spec: &Spec, at: NodeRef) -> Location {
        let pos = spec.pos(at);
        Location {
            file: spec.file_name(at).to_string(),
            line: pos.line,
            column: pos.column,
            pointer: spec.pointer(at),
        }
    }
}

impl Report<'_> {
    pub fn count(&self, level: Level) -> usize {
        self.findings.iter().filter(|f| f.level == level).count()
    }

    /// The highest bump any finding needs.
    pub fn required_bump(&self) -> Bump {
        self.findings
            .iter()
            .map(|f| f.bump)
            .max()
            .unwrap_or(Bump::None)
    }

    pub fn base_location(&self, f: &Finding) -> Option<Location> {
        f.change.base.map(|at| Location::of(self.base, at))
    }

    pub fn revision_location(&self, f: &Finding) -> Option<Location> {
        f.change.revision.map(|at| Location::of(self.revision, at))
    }
}

/// A short stable identifier of a finding: rule, operations and JSON pointers, not line
/// numbers, so it survives unrelated edits (ignores in `weir.toml` use it).
pub fn fingerprint(report: &Report<'_>, f: &Finding) -> String {
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
    feed(
        &f.change
            .base
            .map(|n| report.base.pointer(n))
            .unwrap_or_default(),
    );
    feed(
        &f.change
            .revision
            .map(|n| report.revision.pointer(n))
            .unwrap_or_default(),
    );
    format!("{h:016x}")
}
