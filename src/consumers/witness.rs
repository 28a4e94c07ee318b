//! Witness payloads: for a breaking schema change, a small concrete JSON value that one side
//! accepts and the other refuses — a request the old schema allowed and the new one rejects,
//! or a response the new schema allows and the old one (what clients were built for) rejects.
//! Candidates are guesses; the validator is the judge on both sides, so a witness is never
//! claimed without proof. When none is found the report says so: the break is less certain.

use serde_json::{Map, Value, json};

use super::locate::{self, Part, SchemaPlace, Side};
use crate::json_schema::generate::{self, Generation, Generator};
use crate::json_schema::graph::{self, SchemaNodes, SchemaStep, carrier, schema_at};
use crate::json_schema::instance::{self, Step};
use crate::json_schema::samples::{self, MAX_LEN};
use crate::json_schema::{Validator, Violation};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Change, Direction, Finding, Level, Witness};

/// Candidates whose value alone already fits (on the accepting side) are tried first; of the
/// rest, only this many.
const MAX_UNLIKELY: usize = 24;

/// A change reached from many operations is looked for in this many of them…
const MAX_OPERATIONS: usize = 8;
/// …and a witness built in at most this many of its places, shallowest first.
const MAX_TRIALS: usize = 4;
/// A change nested deeper than this in a payload gets no witness: building and validating
/// one recurses once per level.
const MAX_PATH: usize = 64;

pub const LESS_CERTAIN: &str = "no payload could be built that the one side accepts and the other refuses: this break is less certain";

/// Both sides of a diff, with the index that maps nodes to schemas.
pub struct Sides<'s> {
    pub base: &'s Spec,
    pub revision: &'s Spec,
    pub base_nodes: SchemaNodes,
    pub revision_nodes: SchemaNodes,
}

impl<'s> Sides<'s> {
    pub fn new(base: &'s Spec, revision: &'s Spec) -> Sides<'s> {
        Sides {
            base,
            revision,
            base_nodes: SchemaNodes::of(base),
            revision_nodes: SchemaNodes::of(revision),
        }
    }

    pub fn spec(&self, side: Side) -> &'s Spec {
        match side {
            Side::Base => self.base,
            Side::Revision => self.revision,
        }
    }

    pub fn locate(&self, c: &Change) -> Option<SchemaPlace> {
        locate::locate(
            c,
            (self.base, &self.base_nodes),
            (self.revision, &self.revision_nodes),
        )
    }
}

/// Whether a finding is one a witness is looked for: a breaking change to a payload schema.
pub fn wanted(f: &Finding) -> bool {
    f.level == Level::Breaking
        && locate::is_schema_kind(f.change.kind)
        && matches!(f.change.direction, Direction::Request | Direction::Response)
}

/// Attach a witness to every breaking schema finding.
pub fn attach(findings: &mut [Finding], sides: &Sides<'_>) {
    for f in findings.iter_mut().filter(|f| wanted(f)) {
        f.witness = Some(find(&f.change, sides));
    }
}

/// Look for a witness of one change.
pub fn find(c: &Change, sides: &Sides<'_>) -> Witness {
    let Some(loc) = sides.locate(c) else {
        return Witness::none(format!(
            "{LESS_CERTAIN} (the change is not inside a payload schema)"
        ));
    };
    // Requests: clients built for the base send, the revision's server checks. Responses (and
    // requests of callbacks, which the API sends): the revision sends, base clients check.
    let (producer, consumer) = match c.direction {
        Direction::Request => (Side::Base, Side::Revision),
        _ => (Side::Revision, Side::Base),
    };
    // Where the change sits in each payload that reaches it; the shallowest places first, so
    // the witness stays small.
    let spec = sides.spec(loc.side);
    let mut places: Vec<(Vec<SchemaStep>, &String, Part)> = Vec::new();
    for label in c.operations.iter().take(MAX_OPERATIONS) {
        let Some(op) = locate::operation(spec, label) else {
            continue;
        };
        for part in locate::parts(op) {
            if part.kind.context() != c.context {
                continue;
            }
            if let Some(mut path) = graph::path_to(spec, part.schema, loc.schema)
                && path.len() < MAX_PATH
            {
                path.extend(loc.property.clone().map(SchemaStep::Property));
                places.push((path, label, part));
            }
        }
    }
    places.sort_by_key(|(path, _, _)| path.len());
    for (path, label, part) in places.iter().take(MAX_TRIALS) {
        let roots = [producer, consumer].map(|side| {
            locate::operation(sides.spec(side), label).and_then(|o| {
                locate::parts(o)
                    .into_iter()
                    .find(|p| p.same_as(part))
                    .map(|p| p.schema)
            })
        });
        let [Some(p_root), Some(c_root)] = roots else {
            continue;
        };
        let trial = Trial {
            producer: Validator::new(sides.spec(producer), c.direction),
            consumer: Validator::new(sides.spec(consumer), c.direction),
            roots: (p_root, c_root),
        };
        if let Some((payload, at, violation)) = trial.run(path) {
            return found(
                label,
                part,
                payload,
                &at,
                violation,
                (producer, consumer),
                c.direction,
                sides,
            );
        }
    }
    Witness::none(LESS_CERTAIN)
}

#[allow(clippy::too_many_arguments)]
fn found(
    label: &str,
    part: &Part,
    payload: Value,
    at: &[Step],
    violation: Violation,
    (producer, consumer): (Side, Side),
    direction: Direction,
    sides: &Sides<'_>,
) -> Witness {
    let name = |s: Side| match s {
        Side::Base => "base",
        Side::Revision => "revision",
    };
    let part_label = if part.scope.is_empty() {
        part.label.clone()
    } else {
        format!("{} › {}", part.scope, part.label)
    };
    Witness {
        found: true,
        operation: Some(label.to_string()),
        part: Some(part_label),
        payload: Some(payload),
        pointer: Some(instance::pointer(at)),
        valid_in: Some(name(producer)),
        invalid_in: Some(name(consumer)),
        reason: violation.describe(),
        schema: violation.location(sides.spec(consumer)),
        direction,
    }
}

/// Check a witness from scratch: its payload, in its part of its operation, must validate on
/// the side that accepts it and fail on the side that refuses it. What tests prove each
/// witness with.
pub fn check(w: &Witness, sides: &Sides<'_>) -> Result<(), String> {
    let (Some(label), Some(part), Some(payload)) = (&w.operation, &w.part, &w.payload) else {
        return Err("not a witness".into());
    };
    let verdict = |side: &str| -> Result<bool, String> {
        let spec = if side == "base" {
            sides.base
        } else {
            sides.revision
        };
        let op = locate::operation(spec, label).ok_or(format!("no {label} in the {side}"))?;
        let p = locate::parts(op)
            .into_iter()
            .find(|p| {
                let shown = if p.scope.is_empty() {
                    p.label.clone()
                } else {
                    format!("{} › {}", p.scope, p.label)
                };
                &shown == part
            })
            .ok_or(format!("no {part} of {label} in the {side}"))?;
        Ok(Validator::new(spec, w.direction).is_valid(p.schema, payload))
    };
    let (valid, invalid) = (w.valid_in.unwrap_or("?"), w.invalid_in.unwrap_or("?"));
    match (verdict(valid)?, verdict(invalid)?) {
        (true, false) => Ok(()),
        (ok, refused) => Err(format!(
            "{payload}: valid in the {valid}: {ok}; invalid in the {invalid}: {}",
            !refused
        )),
    }
}

/// A value to put at the place of the change, or the property left out.
#[derive(Clone, Debug, PartialEq)]
enum Leaf {
    Omit,
    Value(Value),
}

struct Trial<'s> {
    producer: Validator<'s>,
    consumer: Validator<'s>,
    roots: (SchemaId, SchemaId),
}

impl Trial<'_> {
    /// The first candidate the producing side accepts and the consuming side refuses at (or,
    /// for a union, above) the place of the change.
    fn run(&self, path: &[SchemaStep]) -> Option<(Value, Vec<Step>, Violation)> {
        let at_producer = schema_at(self.producer.spec, self.roots.0, path);
        let at_consumer = schema_at(self.consumer.spec, self.roots.1, path);
        let leaves = candidates(
            &self.producer,
            at_producer,
            &self.consumer,
            at_consumer,
            matches!(path.last(), Some(SchemaStep::Property(_))),
        );
        let likely = |leaf: &Leaf| match (leaf, at_producer) {
            (Leaf::Value(v), Some(p)) => self.producer.is_valid(p, v),
            _ => true,
        };
        let (first, rest): (Vec<Leaf>, Vec<Leaf>) = leaves.into_iter().partition(likely);
        for leaf in first.iter().chain(rest.iter().take(MAX_UNLIKELY)) {
            let mut at = Vec::new();
            let Some(payload) = place(&self.producer, Some(self.roots.0), path, leaf, &mut at)
            else {
                continue;
            };
            if !self.producer.is_valid(self.roots.0, &payload) {
                continue;
            }
            let refused = self
                .consumer
                .validate(self.roots.1, &payload)
                .into_iter()
                .find(|v| v.path.starts_with(&at) || (at.starts_with(&v.path) && v.is_composite()));
            if let Some(v) = refused {
                return Some((payload, at, v));
            }
        }
        None
    }
}

/// Build a payload valid for the producing side with `leaf` at `path`, recording in `at`
/// where the leaf went.
fn place(
    v: &Validator,
    id: Option<SchemaId>,
    path: &[SchemaStep],
    leaf: &Leaf,
    at: &mut Vec<Step>,
) -> Option<Value> {
    let Some((seg, rest)) = path.split_first() else {
        return match leaf {
            Leaf::Value(x) => Some(x.clone()),
            Leaf::Omit => None,
        };
    };
    let found = id.and_then(|i| carrier(v.spec, i, seg));
    let holder = found.map(|(c, _)| c).or(id);
    let child = found.map(|(_, c)| c);
    let start = holder.and_then(|h| generate::example(v, h));
    match seg {
        SchemaStep::Property(name) => {
            let mut map = object_of(start);
            at.push(Step::Key(name.clone()));
            if rest.is_empty() && *leaf == Leaf::Omit {
                map.remove(name);
            } else {
                let value = place(v, child, rest, leaf, at)?;
                map.insert(name.clone(), value);
            }
            Some(Value::Object(map))
        }
        SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_) => {
            let mut map = object_of(start);
            let key = free_key(v.spec, holder, seg, &map)?;
            at.push(Step::Key(key.clone()));
            let value = place(v, child, rest, leaf, at)?;
            map.insert(key, value);
            Some(Value::Object(map))
        }
        SchemaStep::Items | SchemaStep::PrefixItem(_) => {
            let mut items = match start {
                Some(Value::Array(items)) => items,
                _ => Vec::new(),
            };
            let index = match seg {
                SchemaStep::PrefixItem(k) => *k,
                _ => holder.map_or(0, |h| v.spec.schema(h).prefix_items.len()),
            };
            while items.len() <= index {
                let filler = holder
                    .and_then(|h| {
                        let s = v.spec.schema(h);
                        s.prefix_items.get(items.len()).copied().or(s.items)
                    })
                    .and_then(|i| generate::example(v, i))
                    .unwrap_or(Value::Null);
                items.push(filler);
            }
            at.push(Step::Index(index));
            items[index] = place(v, child, rest, leaf, at)?;
            Some(Value::Array(items))
        }
    }
}

fn object_of(v: Option<Value>) -> Map<String, Value> {
    match v {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

/// A property name for `additionalProperties` or a pattern property that no declared
/// property has.
fn free_key(
    spec: &Spec,
    holder: Option<SchemaId>,
    seg: &SchemaStep,
    map: &Map<String, Value>,
) -> Option<String> {
    let taken = |k: &str| {
        map.contains_key(k) || holder.is_some_and(|h| spec.schema(h).property(k).is_some())
    };
    let options = match seg {
        SchemaStep::PatternProperty(p) => samples::regex_samples(p),
        _ => vec!["key".to_string(), "other".to_string(), "extra".to_string()],
    };
    options.into_iter().find(|k| !taken(k))
}

/// What to try at the place of the change, most telling first: the property left out, what
/// the producing side's schema suggests (its examples, enum values, bounds), then values at
/// and just past both sides' limits, then one of every type.
fn candidates(
    vp: &Validator,
    sp: Option<SchemaId>,
    vc: &Validator,
    sc: Option<SchemaId>,
    property: bool,
) -> Vec<Leaf> {
    let mut values: Vec<Value> = Vec::new();
    let ps = sp.map(|i| vp.spec.schema(i));
    let cs = sc.map(|i| vc.spec.schema(i));
    if let Some(p) = sp {
        values.extend(generate::example(vp, p));
    }
    if let Some(ps) = ps {
        values.extend(generate::written_values(vp, ps));
        for &b in ps.one_of.iter().chain(&ps.any_of) {
            values.extend(generate::example(vp, b));
            values.extend(generate::written_values(vp, vp.spec.schema(b)));
        }
        let mut generator = Generator::new(vp, Generation::default());
        for t in generate::preferred_types(ps) {
            values.extend(generator.typed(ps, t));
        }
    }
    // Strings at and past the length limits, in the producing side's alphabet.
    let base_text = values
        .iter()
        .find_map(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "x".into());
    let mut lengths = Vec::new();
    for s in [ps, cs].into_iter().flatten() {
        if let Some(l) = s.min_length {
            lengths.extend([l.value.saturating_sub(1), l.value]);
        }
        if let Some(l) = s.max_length {
            lengths.extend([l.value, l.value + 1]);
        }
    }
    if let Some((pattern, _)) = ps.and_then(|s| s.pattern.as_ref()) {
        values.extend(
            samples::regex_samples(pattern)
                .into_iter()
                .map(Value::String),
        );
    }
    for n in lengths.into_iter().filter(|&n| n <= MAX_LEN) {
        values.push(Value::String(samples::fit_length(&base_text, n, n)));
    }
    // Numbers at and past the bounds and multiples.
    for s in [ps, cs].into_iter().flatten() {
        for b in [&s.minimum, &s.maximum].into_iter().flatten() {
            let x = b.value.value;
            for d in [0.0, -1.0, 1.0, -0.5, 0.5] {
                values.extend(number(x + d));
            }
        }
        if let Some((m, _)) = &s.multiple_of {
            for k in [1.0, 2.0, 3.0, 0.5, 1.5] {
                values.extend(number(m.value * k));
            }
        }
    }
    // Arrays of the producing side's item at and past the item limits; a repeated item.
    let item = ps
        .and_then(|s| s.items)
        .and_then(|i| generate::example(vp, i))
        .unwrap_or(json!("x"));
    let mut counts = vec![1, 2];
    for s in [ps, cs].into_iter().flatten() {
        for l in [s.min_items, s.max_items].into_iter().flatten() {
            counts.extend([l.value.saturating_sub(1), l.value, l.value + 1]);
        }
    }
    for n in counts.into_iter().filter(|&n| n <= 64) {
        values.push(Value::Array(vec![item.clone(); n as usize]));
    }
    // Objects: each object the producing side suggests (its example, its branches, each value
    // of its discriminator), changed in the ways that object schemas differ.
    let mut bases: Vec<Map<String, Value>> = Vec::new();
    let discriminated = ps.map_or_else(Vec::new, |s| vp.discriminated(s));
    for (value, branch) in discriminated {
        if let (Some(Value::Object(mut map)), Some(d)) = (
            generate::example(vp, branch),
            ps.and_then(|s| s.discriminator.as_ref()),
        ) {
            map.insert(d.property_name.clone(), Value::String(value));
            bases.push(map);
        }
    }
    for v in &values {
        if let Value::Object(map) = v
            && !bases.contains(map)
        {
            bases.push(map.clone());
        }
    }
    for base in bases.into_iter().take(6) {
        values.extend(object_variants(vp, ps, vc, cs, base));
    }
    values.extend([
        Value::Null,
        json!(true),
        json!(0),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(2_147_483_648_i64),
        json!(""),
        json!("x"),
        json!([]),
        json!({}),
    ]);
    let mut out = Vec::new();
    if property {
        out.push(Leaf::Omit);
    }
    let mut seen = std::collections::HashSet::new();
    for v in values {
        if seen.insert(v.to_string()) {
            out.push(Leaf::Value(v));
        }
    }
    out
}

/// An object changed in the ways object schemas differ: undeclared properties (named to fall
/// foul of name patterns too, or declared only by the refusing side), property counts at and
/// past the limits, every optional property filled in.
fn object_variants(
    vp: &Validator,
    ps: Option<&crate::model::Schema>,
    vc: &Validator,
    cs: Option<&crate::model::Schema>,
    base: Map<String, Value>,
) -> Vec<Value> {
    let mut values = Vec::new();
    let mut keys = vec![
        undeclared_name(ps),
        "Undeclared-Key_1".into(),
        "x-undeclared".into(),
    ];
    if let Some(cs) = cs {
        for (pattern, _) in &cs.pattern_properties {
            keys.extend(samples::regex_samples(pattern));
        }
        // Properties the refusing side declares (itself or in a branch) and the accepting
        // side leaves open.
        let declared = std::iter::once(cs)
            .chain(
                cs.one_of
                    .iter()
                    .chain(&cs.any_of)
                    .map(|&b| vc.spec.schema(b)),
            )
            .flat_map(|s| s.properties.iter().map(|(n, _)| n.clone()));
        keys.extend(
            declared
                .filter(|n| ps.is_none_or(|p| p.property(n).is_none()))
                .take(16),
        );
    }
    for key in keys {
        for value in [json!("x"), json!(1)] {
            let mut extra = base.clone();
            extra.insert(key.clone(), value);
            values.push(Value::Object(extra));
        }
    }
    let mut counts = Vec::new();
    for s in [ps, cs].into_iter().flatten() {
        for l in [s.min_properties, s.max_properties].into_iter().flatten() {
            counts.extend([l.value.saturating_sub(1), l.value, l.value + 1]);
        }
    }
    if let Some(ps) = ps {
        for n in counts.into_iter().filter(|&n| n <= 64) {
            let mut sized = base.clone();
            Generator::new(vp, Generation::default())
                .fill_with_extra_keys(ps, &mut sized, n as usize);
            if sized.len() == n as usize {
                values.push(Value::Object(sized));
            }
        }
    }
    let mut full = base;
    for (name, id) in ps.map_or(&[][..], |s| &s.properties) {
        if !full.contains_key(name)
            && let Some(x) = generate::example(vp, *id)
        {
            full.insert(name.clone(), x);
        }
    }
    values.push(Value::Object(full));
    values
}

fn number(x: f64) -> Option<Value> {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Some(json!(x as i64))
    } else {
        serde_json::Number::from_f64(x).map(Value::Number)
    }
}

fn undeclared_name(s: Option<&crate::model::Schema>) -> String {
    ["unexpected", "unexpected_1", "unexpected_2"]
        .into_iter()
        .find(|n| s.is_none_or(|s| s.property(n).is_none()))
        .unwrap_or("unexpected_3")
        .to_string()
}
