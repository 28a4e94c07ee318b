//! What the findings do to each registered consumer, and the consumer policy:
//!
//! - a finding affects a consumer that uses its operation and, where the consumer lists the
//!   fields and parameters it reads or sends, one of those fields (or something above or
//!   below it) or parameters; a request property or parameter that becomes required affects
//!   those that send its object (its request) without it. Each use of an operation (each
//!   Pact interaction) is asked on its own;
//! - a breaking change no registered consumer uses becomes a warning when the registry is
//!   declared complete (unless `unused-breaking = "breaking"`), marked as such; otherwise it
//!   stays breaking, with a note that unregistered consumers may use it;
//! - removing an operation a consumer still uses is breaking even when it was deprecated;
//! - a consumer breaks when a breaking finding affects it or one of its Pact interactions no
//!   longer validates against the revision (one that already failed against the base is
//!   reported apart and does not break it). Consumers pinned to versions that exclude the
//!   revision's are not on it: nothing affects them.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

mod names;
mod policy;
mod reach;
pub mod resolve;
mod trace;
pub mod verify;

pub use names::check as check_names;
pub use policy::ConsumerPolicy;

use super::locate::Sides;
use super::registry::Registry;
use crate::versions::Version;
use crate::vocabulary::{Direction, Finding, Level, OperationId};
use policy::apply_policy;
use reach::{Ask, Subjects, Traces};
use resolve::OpKey;
use verify::Failure;

/// What the run means for each consumer.
#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    pub dir: String,
    /// The registry is declared to list every consumer (`[consumers] complete = true`):
    /// otherwise consumers it does not list may be affected too.
    pub complete: bool,
    pub consumers: Vec<ConsumerImpact>,
    /// Pact interactions that validate against the base but not against the revision: each
    /// breaks its consumer.
    pub pact_failures: Vec<Failure>,
    /// Pact interactions that already failed against the base: reported, not blocking.
    pub already_failing: Vec<Failure>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ConsumerImpact {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    pub files: Vec<String>,
    /// Why the consumer is not on the revision (its pins exclude its version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pinned_out: Option<String>,
    /// `broken`, `affected`, `unaffected`, or `pinned-out` (not on the revision).
    pub status: &'static str,
    /// Indexes (into `changes`) of the findings that affect it.
    #[serde(rename = "changes")]
    pub findings: Vec<usize>,
    /// How each of those findings reaches it, in the same order: the operation it calls and
    /// the field or parameter there the change is to. A finding folded from sibling
    /// properties of one object reaches it once per property it uses.
    pub through: Vec<Through>,
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
    pub broken: bool,
}

/// How one finding reaches a consumer: through an operation it calls (the change's first
/// operation may well be another), at a field or parameter of it.
#[derive(Clone, Debug, Serialize)]
pub struct Through {
    /// Index (into `changes`) of the finding.
    pub change: usize,
    /// `None` for a change to every operation (a security requirement, a server removed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<OperationId>,
    /// `response 200 application/json › data[].owner.name`, `query parameter limit`; `None`
    /// for a change to the operation as a whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Where the consumer's use of the operation is written (`consumers/ios.yaml:4:5`).
    #[serde(rename = "use")]
    pub place: String,
}

impl Through {
    /// Whether the consumer reads what the change is to (a response) or sends it (a
    /// request), for reports: `reads`, `sends`, or `uses`.
    pub fn verb(&self, f: &Finding) -> &'static str {
        match f.change.direction {
            _ if self.field.is_none() => "uses",
            Direction::Request => "sends",
            Direction::Response => "reads",
            Direction::None => "uses",
        }
    }
}

impl Impact {
    /// The gate passes unless a registered consumer breaks.
    pub fn passed(&self) -> bool {
        !self.consumers.iter().any(|c| c.broken)
    }

    pub fn broken(&self) -> Vec<&str> {
        self.consumers
            .iter()
            .filter(|c| c.broken)
            .map(|c| c.name.as_str())
            .collect()
    }

    /// Follow findings the assessment merged after this impact was made (one edit's
    /// directions, an object's sibling properties; `index`: where each old finding went in
    /// `findings`), so references and counts name the findings reports show. A consumer keeps
    /// one reference per `key` (per finding, or per finding and field to still name each
    /// field that reaches it) and counts each finding once. Only findings of one verdict
    /// merge, so whether it breaks stands.
    pub(crate) fn repoint<K: Ord>(
        &mut self,
        index: &[usize],
        findings: &[Finding],
        mut key: impl FnMut(&Through) -> K,
    ) {
        for c in &mut self.consumers {
            let mut seen = BTreeSet::new();
            c.through.retain_mut(|t| {
                t.change = index[t.change];
                seen.insert(key(t))
            });
            let mut counted = BTreeSet::new();
            c.findings = c
                .through
                .iter()
                .map(|t| t.change)
                .filter(|&i| counted.insert(i))
                .collect();
            let count = |l: Level| {
                c.findings
                    .iter()
                    .filter(|&&i| findings[i].level == l)
                    .count()
            };
            (c.breaking, c.warning, c.info) = (
                count(Level::Breaking),
                count(Level::Warning),
                count(Level::Info),
            );
        }
    }
}

/// Assess every finding for every consumer, apply the policy, and verify Pact interactions
/// against the revision. `version` is the revision's (declared) version, for pins.
pub fn assess(
    findings: &mut [Finding],
    sides: &Sides<'_>,
    registry: &Registry,
    policy: ConsumerPolicy,
    version: Option<&Version>,
) -> Impact {
    let specs = [sides.revision, sides.base];
    // For each consumer, its uses (indexes into `uses`) by operation.
    let usages: Vec<HashMap<OpKey, Vec<usize>>> = registry
        .consumers
        .iter()
        .map(|c| {
            let mut by_op: HashMap<OpKey, Vec<usize>> = HashMap::new();
            for (ui, u) in c.uses.iter().enumerate() {
                if let Some(key) = resolve::key(&specs, &u.operation) {
                    by_op.entry(key).or_default().push(ui);
                }
            }
            by_op
        })
        .collect();
    let takes: Vec<bool> = registry
        .consumers
        .iter()
        .map(|c| c.takes(version))
        .collect();
    let mut traces = Traces::default();
    let mut affected_by: Vec<Vec<Through>> = vec![Vec::new(); registry.consumers.len()];
    for (i, f) in findings.iter_mut().enumerate() {
        let location = sides.locate(&f.change);
        let mut subjects = Subjects::default();
        let mut names = Vec::new();
        let mut places = Vec::new();
        for (ci, c) in registry.consumers.iter().enumerate() {
            if !takes[ci] {
                continue;
            }
            let mut ask = Ask {
                change: &f.change,
                location: location.as_ref(),
                sides,
                traces: &mut traces,
                subjects: &mut subjects,
            };
            if let Some(hit) = ask.affects(ci, c, &usages[ci]) {
                names.push(c.name.clone());
                places.push(hit.place.clone());
                affected_by[ci].push(Through {
                    change: i,
                    operation: hit.operation,
                    field: hit.field,
                    place: hit.place,
                });
            }
        }
        apply_policy(f, &names, &places, policy, !registry.is_empty());
        f.consumers = Some(names);
    }
    let mut pact_failures = Vec::new();
    let mut already_failing = Vec::new();
    let consumers = registry
        .consumers
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let (failures, already) = if takes[ci] {
                verify::against_change(c, sides.base, sides.revision)
            } else {
                (Vec::new(), Vec::new())
            };
            already_failing.extend(already);
            let count = |l: Level| {
                affected_by[ci]
                    .iter()
                    .filter(|t| findings[t.change].level == l)
                    .count()
            };
            let breaking = count(Level::Breaking);
            let broken = breaking > 0 || !failures.is_empty();
            let status = if broken {
                "broken"
            } else if !takes[ci] {
                "pinned-out"
            } else if affected_by[ci].is_empty() {
                "unaffected"
            } else {
                "affected"
            };
            let impact = ConsumerImpact {
                status,
                name: c.name.clone(),
                owner: c.owner.clone(),
                contact: c.contact.clone(),
                files: c.files.clone(),
                pinned_out: (!takes[ci]).then(|| {
                    format!(
                        "pinned to {}; the revision is {}",
                        c.versions.join(", "),
                        version.map_or("?".into(), |v| v.to_string())
                    )
                }),
                findings: affected_by[ci].iter().map(|t| t.change).collect(),
                through: affected_by[ci].clone(),
                breaking,
                warning: count(Level::Warning),
                info: count(Level::Info),
                broken,
            };
            pact_failures.extend(failures);
            impact
        })
        .collect();
    Impact {
        dir: registry.dir.clone(),
        complete: policy.complete,
        consumers,
        pact_failures,
        already_failing,
    }
}
