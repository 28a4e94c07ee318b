//! Whether one finding reaches one use of an operation: through the fields and parameters
//! the use names, laid over the payloads of the operation on the side of the change.

use std::collections::HashMap;

use super::resolve::{self, OpKey};
use super::trace::Trace;
use crate::consumers::locate::{self, DiffSide, SchemaPlace, Sides};
use crate::consumers::registry::fields::{FieldStep, Pattern};
use crate::consumers::registry::{Consumer, Use};
use crate::json_schema::graph::{self, SchemaStep};
use crate::model::ParamIn;
use crate::vocabulary::{Change, Context, Direction, Kind, NodeRef, OperationId};

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

/// Where a finding meets one consumer: through which of its uses, and what there.
#[derive(Clone, Debug)]
pub(super) struct Hit {
    /// The operation the consumer calls that the change reaches (`None`: a change to every
    /// operation, such as a security requirement).
    pub(super) operation: Option<OperationId>,
    /// What of that operation the change is to, as the consumer meets it: a body field
    /// (`response 200 application/json › data[].owner.name`) or a parameter (`query
    /// parameter limit`). `None` when the change is to the operation as a whole.
    pub(super) field: Option<String>,
    /// Where the use is written (`consumers/ios.yaml:4:5`).
    pub(super) place: String,
}

/// The parameters or response headers (by location and name) a change is about, in the
/// base and in the revision, for each operation label asked about.
#[derive(Default)]
pub(super) struct Subjects(HashMap<OperationId, Subject>);

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
pub(super) struct Ask<'a, 's> {
    pub(super) change: &'a Change,
    pub(super) location: Option<&'a SchemaPlace>,
    pub(super) sides: &'a Sides<'s>,
    pub(super) traces: &'a mut Traces,
    pub(super) subjects: &'a mut Subjects,
}

impl Ask<'_, '_> {
    /// Whether the change affects a consumer; through which use, operation and field when
    /// it does (the first affected use). A consumer's uses are asked one by one: one Pact
    /// interaction that lacks a newly required parameter is affected even when another
    /// sends it.
    pub(super) fn affects(
        &mut self,
        ci: usize,
        consumer: &Consumer,
        usage: &HashMap<OpKey, Vec<usize>>,
    ) -> Option<Hit> {
        let c = self.change;
        if c.operations.is_empty() {
            return (document_wide(c) && !usage.is_empty()).then(|| Hit {
                operation: None,
                field: None,
                place: "every operation".into(),
            });
        }
        // Every operation the change is in: a shared schema may reach a field this consumer
        // reads through its second operation, not its first.
        for label in &c.operations {
            let Some(uses) = resolve::key_of(label).and_then(|k| usage.get(&k)) else {
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
                    return Some(Hit {
                        operation: Some(label.clone()),
                        field: self.field(label),
                        place: u.place.clone(),
                    });
                }
            }
        }
        None
    }

    /// A change in a request or response body, against the fields the use names.
    fn body(&mut self, ci: usize, ui: usize, u: &Use, label: &OperationId) -> Reach {
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
    fn parameter(&mut self, u: &Use, label: &OperationId) -> Reach {
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

    /// What of the operation `label` the change is to: the field of a body (its place in
    /// the first payload of the change's kind that reaches it), or the parameters or
    /// headers it is about.
    fn field(&mut self, label: &OperationId) -> Option<String> {
        let c = self.change;
        match c.context {
            Context::RequestBody | Context::Response => {
                let loc = self.location?;
                let spec = self.sides.spec(loc.side);
                let op = locate::operation(spec, label)?;
                locate::parts(op)
                    .into_iter()
                    .filter(|p| p.scope.is_empty() && p.kind.context() == c.context)
                    .find_map(|p| {
                        let mut path = graph::path_to(spec, p.schema, loc.schema)?;
                        path.extend(loc.property.clone().map(SchemaStep::Property));
                        Some(format!("{} › {}", p.label(), field_path(&path)))
                    })
            }
            Context::Parameter | Context::ResponseHeader => {
                let subject = self.subject(label);
                let list = if subject.revision.is_empty() {
                    &subject.base
                } else {
                    &subject.revision
                };
                let what = match c.context {
                    Context::Parameter => "parameter",
                    _ => "response header",
                };
                let names: Vec<String> = list
                    .iter()
                    .map(|(l, n)| match c.context {
                        Context::Parameter => format!("{} {what} {n}", l.name()),
                        _ => format!("{what} {n}"),
                    })
                    .collect();
                (!names.is_empty()).then(|| names.join(", "))
            }
            _ => None,
        }
    }

    fn subject(&mut self, label: &OperationId) -> &Subject {
        let (c, location, sides) = (self.change, self.location, self.sides);
        self.subjects.0.entry(label.clone()).or_insert_with(|| {
            let on = |side: DiffSide, at: Option<NodeRef>| {
                let spec = sides.spec(side);
                let Some(op) = locate::operation(spec, label) else {
                    return Vec::new();
                };
                let schema = location.filter(|l| l.side == side).map(|l| l.schema);
                locate::named_parts(spec, op, c.context, at, schema)
            };
            Subject {
                base: on(DiffSide::Base, c.base),
                revision: on(DiffSide::Revision, c.revision),
            }
        })
    }
}

/// The uses' field patterns laid over the payload schemas they apply to, built once per
/// consumer, use, payload kind and side.
#[derive(Default)]
pub(super) struct Traces(HashMap<TraceKey, Option<Vec<Trace>>>);

/// Consumer, use, payload kind, side.
type TraceKey = (usize, usize, Context, DiffSide);

impl Traces {
    fn get(
        &mut self,
        k: TraceKey,
        label: &OperationId,
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

/// A place in a payload as a consumer names fields (a [`Pattern`]): `data[].owner.name`; the
/// payload itself is `(the whole body)`.
fn field_path(path: &[SchemaStep]) -> String {
    let steps = path
        .iter()
        .map(|s| match s {
            SchemaStep::Property(n) => FieldStep::Name(n.clone()),
            SchemaStep::Items => FieldStep::Item,
            SchemaStep::PrefixItem(k) => FieldStep::Index(k.to_string()),
            SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_) => FieldStep::Any,
        })
        .collect();
    match Pattern::of_place(steps).text {
        t if t.is_empty() => "(the whole body)".into(),
        t => t,
    }
}
