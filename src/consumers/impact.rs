//! What the findings do to each registered consumer, and the consumer policy:
//!
//! - a finding affects a consumer that uses its operation and, where the consumer lists the
//!   fields it reads or sends, one of those fields (or something above or below it); a new
//!   required request property affects those that do not send it;
//! - a breaking change no registered consumer uses becomes a warning (unless
//!   `unused-breaking = "breaking"`), marked as such;
//! - removing an operation a consumer still uses is breaking even when it was deprecated;
//! - a consumer breaks when a breaking finding affects it or one of its Pact interactions no
//!   longer validates against the revision. Consumers pinned to versions that exclude the
//!   revision's are not on it: nothing affects them.

use std::collections::HashMap;

use serde::Serialize;

use super::fields::{Pattern, Trace};
use super::locate::{self, Location, Side};
use super::registry::Registry;
use super::resolve::{self, OpKey};
use super::verify::{self, Failure};
use super::witness::Sides;
use crate::diff::{Change, Context, Direction, Kind};
use crate::rules::{Finding, Level};
use crate::semver::{Bump, Version};

/// The consumer policy, from `[consumers]` in weir.toml.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// What a breaking change no registered consumer uses is reported as.
    pub unused_breaking: Level,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            unused_breaking: Level::Warning,
        }
    }
}

/// What the run means for each consumer.
#[derive(Clone, Debug, Serialize)]
pub struct Impact {
    pub dir: String,
    pub consumers: Vec<ConsumerImpact>,
    /// Pact interactions that do not validate against the revision.
    pub pact_failures: Vec<Failure>,
    /// Uses that name an operation neither spec has.
    pub unknown: Vec<String>,
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
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
    pub broken: bool,
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
}

/// What one consumer uses of one operation, all its entries merged.
#[derive(Default)]
struct Usage {
    /// `None`: everything.
    reads: Option<Vec<Pattern>>,
    sends: Option<Vec<Pattern>>,
    /// Where the entries are written.
    places: Vec<String>,
}

fn merge(into: &mut Option<Vec<Pattern>>, more: &Option<Vec<Pattern>>, first: bool) {
    match (first, into.as_mut(), more) {
        (true, _, _) => *into = more.clone(),
        (false, Some(list), Some(m)) => list.extend(m.iter().cloned()),
        (false, _, None) => *into = None,
        (false, None, Some(_)) => {}
    }
}

/// Assess every finding for every consumer, apply the policy, and verify Pact interactions
/// against the revision. `version` is the revision's (declared) version, for pins.
pub fn assess(
    findings: &mut [Finding],
    sides: &Sides<'_>,
    registry: &Registry,
    policy: Policy,
    version: Option<&Version>,
) -> Impact {
    let specs = [sides.revision, sides.base];
    let mut unknown = Vec::new();
    let usages: Vec<HashMap<OpKey, Usage>> = registry
        .consumers
        .iter()
        .map(|c| {
            let mut by_op: HashMap<OpKey, Usage> = HashMap::new();
            for u in &c.uses {
                if !specs
                    .iter()
                    .any(|s| resolve::find(s, &u.operation).is_some())
                {
                    unknown.push(format!(
                        "{}: {} ({}) matches no operation of the spec",
                        c.name,
                        u.operation.label(),
                        u.place
                    ));
                }
                let Some(key) = resolve::key(&specs, &u.operation) else {
                    continue;
                };
                let entry = by_op.entry(key).or_default();
                let first = entry.places.is_empty();
                merge(&mut entry.reads, &u.reads, first);
                merge(&mut entry.sends, &u.sends, first);
                entry.places.push(u.place.clone());
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
    let mut affected_by: Vec<Vec<usize>> = vec![Vec::new(); registry.consumers.len()];
    for (i, f) in findings.iter_mut().enumerate() {
        let location = sides.locate(&f.change);
        let mut names = Vec::new();
        let mut places = Vec::new();
        for (ci, c) in registry.consumers.iter().enumerate() {
            if !takes[ci] {
                continue;
            }
            if let Some(place) = affects(
                &f.change,
                location.as_ref(),
                ci,
                &usages[ci],
                sides,
                &mut traces,
            ) {
                names.push(c.name.clone());
                places.push(place);
                affected_by[ci].push(i);
            }
        }
        apply_policy(f, &names, &places, policy, !registry.is_empty());
        f.consumers = Some(names);
    }
    let mut pact_failures = Vec::new();
    let consumers = registry
        .consumers
        .iter()
        .enumerate()
        .map(|(ci, c)| {
            let failures = if takes[ci] {
                verify::verify(c, sides.revision)
            } else {
                Vec::new()
            };
            let count = |l: Level| {
                affected_by[ci]
                    .iter()
                    .filter(|&&i| findings[i].level == l)
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
                findings: affected_by[ci].clone(),
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
        consumers,
        pact_failures,
        unknown,
    }
}

fn apply_policy(
    f: &mut Finding,
    users: &[String],
    places: &[String],
    policy: Policy,
    any_consumer: bool,
) {
    let add_note = |f: &mut Finding, note: String| {
        f.note = Some(match f.note.take() {
            Some(n) => format!("{n}; {note}"),
            None => note,
        });
    };
    if f.change.kind == Kind::OperationRemoved && !users.is_empty() {
        f.level = Level::Breaking;
        f.bump = Bump::Major;
        let who: Vec<String> = users
            .iter()
            .zip(places)
            .map(|(u, p)| format!("{u} ({p})"))
            .collect();
        add_note(
            f,
            format!(
                "still used by {}: the removal is blocked, deprecated or not, until their consumer file no longer lists it",
                who.join(", ")
            ),
        );
        return;
    }
    if f.level == Level::Breaking
        && users.is_empty()
        && any_consumer
        && policy.unused_breaking != Level::Breaking
    {
        f.level = policy.unused_breaking;
        f.bump = f.bump.min(Bump::Minor);
        add_note(
            f,
            "no registered consumer uses this: downgraded from breaking (consumers.unused-breaking)"
                .into(),
        );
    }
}

/// Changes that concern every client, whatever it calls.
fn document_wide(c: &Change) -> bool {
    c.context == Context::Security || c.kind == Kind::ServerRemoved
}

/// Whether the change affects a consumer; where the use is written when it does.
fn affects(
    c: &Change,
    location: Option<&Location>,
    consumer: usize,
    usage: &HashMap<OpKey, Usage>,
    sides: &Sides<'_>,
    traces: &mut Traces,
) -> Option<String> {
    if c.operations.is_empty() {
        return (document_wide(c) && !usage.is_empty()).then(|| "every operation".into());
    }
    let (label, key, used) = c.operations.iter().find_map(|l| {
        let k = resolve::key_of_label(l)?;
        usage.get(&k).map(|u| (l, k, u))
    })?;
    let place = used.places.first().cloned().unwrap_or_default();
    let patterns = match c.context {
        Context::RequestBody => &used.sends,
        Context::Response => &used.reads,
        _ => return Some(place),
    };
    let (Some(patterns), Some(loc)) = (patterns, location) else {
        return Some(place);
    };
    if c.fact("surface") == Some("callback") {
        return Some(place);
    }
    let Some(list) = traces.get(consumer, &key, label, c.context, loc.side, patterns, sides) else {
        return Some(place);
    };
    let newly_required = c.direction == Direction::Request
        && ((c.kind == Kind::SchemaRequired && c.fact("value") == Some("true"))
            || (c.kind == Kind::SchemaPropertyAdded && c.fact("required") == Some("true")));
    let hit = match (&loc.property, newly_required) {
        // The consumer sends the object but not the property now required in it.
        (Some(p), true) => {
            list.iter().any(|t| t.reaches(loc.schema))
                && !list.iter().any(|t| t.goes_into(loc.schema, p))
        }
        (p, _) => list.iter().any(|t| t.touches(loc.schema, p.as_deref())),
    };
    hit.then_some(place)
}

/// The consumers' field patterns laid over the payload schemas they apply to, built once per
/// consumer, operation, payload kind and side.
#[derive(Default)]
struct Traces(HashMap<(usize, OpKey, bool, bool), Option<Vec<Trace>>>);

impl Traces {
    #[allow(clippy::too_many_arguments)]
    fn get(
        &mut self,
        consumer: usize,
        key: &OpKey,
        label: &str,
        context: Context,
        side: Side,
        patterns: &[Pattern],
        sides: &Sides<'_>,
    ) -> Option<&Vec<Trace>> {
        let request = context == Context::RequestBody;
        let k = (consumer, key.clone(), request, side == Side::Base);
        self.0
            .entry(k)
            .or_insert_with(|| {
                let spec = sides.spec(side);
                let op = locate::operation(spec, label)?;
                let roots: Vec<_> = locate::parts(op)
                    .into_iter()
                    .filter(|p| p.scope.is_empty() && p.kind.context() == context)
                    .map(|p| p.schema)
                    .collect();
                Some(
                    roots
                        .iter()
                        .flat_map(|&r| patterns.iter().map(move |p| Trace::new(spec, r, p)))
                        .collect(),
                )
            })
            .as_ref()
    }
}
