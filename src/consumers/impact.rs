//! What the findings do to each registered consumer, and the consumer policy:
//!
//! - a finding affects a consumer that uses its operation and, where the consumer lists the
//!   fields and parameters it reads or sends, one of those fields (or something above or
//!   below it) or parameters; a request property or parameter that becomes required affects
//!   those that send its object (its request) without it. Each use of an operation (each
//!   Pact interaction) is asked on its own;
//! - a breaking change no registered consumer uses becomes a warning (unless
//!   `unused-breaking = "breaking"`), marked as such;
//! - removing an operation a consumer still uses is breaking even when it was deprecated;
//! - a consumer breaks when a breaking finding affects it or one of its Pact interactions no
//!   longer validates against the revision. Consumers pinned to versions that exclude the
//!   revision's are not on it: nothing affects them.

use std::collections::HashMap;

use serde::Serialize;

use super::fields::{Pattern, Trace};
use super::locate::{self, SchemaPlace, Side};
use super::registry::{Consumer, Registry, Use};
use super::resolve::{self, OpKey};
use super::verify::{self, Failure};
use super::witness::Sides;
use crate::model::ParamIn;
use crate::semver::Version;
use crate::vocabulary::{Bump, Change, Context, Direction, Finding, Kind, Level, NodeRef};

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
    // For each consumer, its uses (indexes into `uses`) by operation.
    let usages: Vec<HashMap<OpKey, Vec<usize>>> = registry
        .consumers
        .iter()
        .map(|c| {
            let mut by_op: HashMap<OpKey, Vec<usize>> = HashMap::new();
            for (ui, u) in c.uses.iter().enumerate() {
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
    let mut affected_by: Vec<Vec<usize>> = vec![Vec::new(); registry.consumers.len()];
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
            if let Some(place) = ask.affects(ci, c, &usages[ci]) {
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

/// Whether a change asks of requests something that was optional: a request property or a
/// parameter that became required, or a new required one. Such a change affects the
/// consumers that send what holds it (the property's object; the operation's request) but
/// not the thing itself — the others already send it, or do not send its holder at all.
fn newly_required(c: &Change) -> bool {
    c.direction == Direction::Request
        && match c.kind {
            Kind::SchemaRequired | Kind::ParameterRequired => c.fact("value") == Some("true"),
            Kind::SchemaPropertyAdded | Kind::ParameterAdded | Kind::ParameterLocation => {
                c.fact("required") == Some("true")
            }
            _ => false,
        }
}

/// How one use of an operation meets a change.
enum Reach {
    /// The change is to something; whether the use sends or reads it.
    Uses(bool),
    /// Something became required ([`newly_required`]); whether the use sends what holds it,
    /// and the thing itself.
    Lacks { holder: bool, thing: bool },
}

impl Reach {
    fn affected(&self) -> bool {
        match *self {
            Reach::Uses(uses) => uses,
            Reach::Lacks { holder, thing } => holder && !thing,
        }
    }
}

/// The parameters or response headers (by location and name) a change is about, in the
/// base and in the revision, for each operation label asked about.
#[derive(Default)]
struct Subjects(HashMap<String, Subject>);

#[derive(Default)]
struct Subject {
    base: Vec<(ParamIn, String)>,
    revision: Vec<(ParamIn, String)>,
}

impl Subject {
    fn unknown(&self) -> bool {
        self.base.is_empty() && self.revision.is_empty()
    }
}

/// One finding asked of the consumers, with what is worth computing once per finding.
struct Ask<'a, 's> {
    change: &'a Change,
    location: Option<&'a SchemaPlace>,
    sides: &'a Sides<'s>,
    traces: &'a mut Traces,
    subjects: &'a mut Subjects,
}

impl Ask<'_, '_> {
    /// Whether the change affects a consumer; where the (first affected) use is written
    /// when it does. A consumer's uses are asked one by one: one Pact interaction that lacks
    /// a newly required parameter is affected even when another sends it.
    fn affects(
        &mut self,
        ci: usize,
        consumer: &Consumer,
        usage: &HashMap<OpKey, Vec<usize>>,
    ) -> Option<String> {
        let c = self.change;
        if c.operations.is_empty() {
            return (document_wide(c) && !usage.is_empty()).then(|| "every operation".into());
        }
        // Every operation the change is in: a shared schema may reach a field this consumer
        // reads through its second operation, not its first.
        for label in &c.operations {
            let Some(uses) = resolve::key_of_label(label).and_then(|k| usage.get(&k)) else {
                continue;
            };
            for &ui in uses {
                let u = &consumer.uses[ui];
                // A callback's payloads are the API's requests, not this consumer's.
                let hit = c.fact("surface") == Some("callback")
                    || match c.context {
                        Context::RequestBody | Context::Response => {
                            self.body(ci, ui, u, label).affected()
                        }
                        Context::Parameter | Context::ResponseHeader => {
                            self.parameter(u, label).affected()
                        }
                        _ => true,
                    };
                if hit {
                    return Some(u.place.clone());
                }
            }
        }
        None
    }

    /// A change in a request or response body, against the fields the use names.
    fn body(&mut self, ci: usize, ui: usize, u: &Use, label: &str) -> Reach {
        let c = self.change;
        let names = match c.context {
            Context::RequestBody => &u.sends,
            _ => &u.reads,
        };
        let (Some(names), Some(loc)) = (names, self.location) else {
            return Reach::Uses(true);
        };
        let trace = (ci, ui, c.context, loc.side);
        let Some(list) = self.traces.get(trace, label, &names.fields, self.sides) else {
            return Reach::Uses(true);
        };
        match &loc.property {
            Some(p) if newly_required(c) => Reach::Lacks {
                holder: list.iter().any(|t| t.reaches(loc.schema)),
                thing: list.iter().any(|t| t.goes_into(loc.schema, p)),
            },
            p => Reach::Uses(list.iter().any(|t| t.touches(loc.schema, p.as_deref()))),
        }
    }

    /// A change to request parameters or response headers, against those the use names.
    /// Every request of the operation holds its parameters: a newly required one affects
    /// the uses that do not send it.
    fn parameter(&mut self, u: &Use, label: &str) -> Reach {
        let c = self.change;
        let names = match c.context {
            Context::Parameter => &u.sends,
            _ => &u.reads,
        };
        let Some(names) = names else {
            // Sends (or reads) everything: a newly required parameter too.
            return Reach::Uses(!newly_required(c));
        };
        let subject = self.subject(label);
        if subject.unknown() {
            return Reach::Uses(true);
        }
        let has = |list: &[(ParamIn, String)]| list.iter().any(|(l, n)| names.has(*l, n));
        if newly_required(c) {
            // What is required now is the revision's parameter (in its new place, if moved).
            Reach::Lacks {
                holder: true,
                thing: has(&subject.revision),
            }
        } else {
            Reach::Uses(has(&subject.base) || has(&subject.revision))
        }
    }

    fn subject(&mut self, label: &str) -> &Subject {
        let (c, location, sides) = (self.change, self.location, self.sides);
        self.subjects.0.entry(label.to_string()).or_insert_with(|| {
            let on = |side: Side, at: Option<NodeRef>| {
                let spec = sides.spec(side);
                let Some(op) = locate::operation(spec, label) else {
                    return Vec::new();
                };
                let schema = location.filter(|l| l.side == side).map(|l| l.schema);
                locate::named_parts(spec, op, c.context, at, schema)
            };
            Subject {
                base: on(Side::Base, c.base),
                revision: on(Side::Revision, c.revision),
            }
        })
    }
}

/// The uses' field patterns laid over the payload schemas they apply to, built once per
/// consumer, use, payload kind and side.
#[derive(Default)]
struct Traces(HashMap<TraceKey, Option<Vec<Trace>>>);

/// Consumer, use, payload kind, side.
type TraceKey = (usize, usize, Context, Side);

impl Traces {
    fn get(
        &mut self,
        k: TraceKey,
        label: &str,
        patterns: &[Pattern],
        sides: &Sides<'_>,
    ) -> Option<&Vec<Trace>> {
        let (_, _, context, side) = k;
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
