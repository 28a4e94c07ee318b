//! Relations between schemas by the values they accept: whether every value one schema
//! accepts is accepted by another ([`includes`]), on a given [`Wire`]; whether two schemas
//! share no value ([`disjoint`]); the types a schema admits, through its branches
//! ([`types_of`]). The diff judges with these, once, wherever "do these accept the same
//! values" decides a verdict: a renamed or merged union branch, a keyword no value can
//! observe, a change of spelling with the same meaning on the wire.
//!
//! Every answer is conservative: `true` only when it follows from the keywords (or, for a
//! schema that lists its values, from validating each value); anything weir cannot see
//! through — an unknown keyword, a regex against another regex, a budget spent — answers
//! `false`, which keeps a change reported rather than hides a break.

use rustc_hash::FxHashSet;
use serde_json::Value;

use super::formats;
use super::instance;
use super::validate::Validator;
use super::wire::{self, Wire};
use crate::model::Spec;
use crate::model::schema::{
    ANNOTATIONS, Additional, Bound, Limit, Schema, SchemaId, TypeSet, constraint_free,
    constraint_free_but_type,
};
use crate::vocabulary::formats::{FormatRelation, format_relation, is_known};
use crate::vocabulary::{Direction, NodeRef};

/// Deeper than this, or after this many comparisons, [`includes`] gives up (answers `false`).
const MAX_DEPTH: u32 = 48;
const MAX_STEPS: u32 = 20_000;

/// A schema in the spec it belongs to.
pub(crate) type SchemaInSpec<'s> = (&'s Spec, SchemaId);

/// Every value `sub` accepts is accepted by `sup`, on `wire`, in payloads going `direction`
/// (a `readOnly` property is never required in a request, a `writeOnly` one in a response;
/// conservative: `false` when it cannot tell).
pub(crate) fn includes(
    sup: SchemaInSpec<'_>,
    sub: SchemaInSpec<'_>,
    wire: Wire,
    direction: Direction,
) -> bool {
    Inclusion {
        sub: sub.0,
        sup: sup.0,
        direction,
        sub_values: Validator::new(sub.0, direction),
        sup_values: Validator::new(sup.0, direction),
        assumed: FxHashSet::default(),
        refuted: FxHashSet::default(),
        steps: 0,
    }
    .within(sub.1, sup.1, wire, 0)
}

/// No JSON value satisfies both schemas of one spec (conservative: `false` when it cannot
/// tell): their types do not meet, their listed values do not meet, or a property both
/// require is fixed to different values (the tag of a tagged union).
pub(crate) fn disjoint(spec: &Spec, x: SchemaId, y: SchemaId) -> bool {
    let (sx, sy) = (spec.schema(x), spec.schema(y));
    if let (Some(tx), Some(ty)) = (types_of(spec, x), types_of(spec, y))
        && tx.intersect(ty).is_empty()
    {
        return true;
    }
    let values = |s: &Schema| fixed_values(spec, s);
    if let (Some(vx), Some(vy)) = (values(sx), values(sy))
        && !vx.iter().any(|v| vy.iter().any(|w| instance::same(v, w)))
    {
        return true;
    }
    sx.properties.iter().any(|(name, px)| {
        let Some(py) = sy.property(name) else {
            return false;
        };
        sx.is_required(name)
            && sy.is_required(name)
            && match (values(spec.schema(*px)), values(spec.schema(py))) {
                (Some(vx), Some(vy)) => !vx.iter().any(|v| vy.iter().any(|w| instance::same(v, w))),
                _ => false,
            }
    })
}

/// The types a schema admits (`None`: any): its own `type`, or for a union without one the
/// types its branches admit together (`oneOf` of two objects is an object, not "any"), and a
/// branch that is itself a union, or wraps one schema, counts by its own branches.
pub(crate) fn types_of(spec: &Spec, id: SchemaId) -> Option<TypeSet> {
    types_within(spec, id, 0)
}

fn types_within(spec: &Spec, id: SchemaId, depth: u32) -> Option<TypeSet> {
    let s = spec.schema(id);
    if s.types.is_some() || depth > 16 {
        return s.types;
    }
    let branches = if s.one_of.is_empty() {
        &s.any_of
    } else {
        &s.one_of
    };
    if !branches.is_empty() {
        let mut union = TypeSet::default();
        for &b in branches {
            union = union.union(types_within(spec, b, depth + 1)?);
        }
        return Some(union);
    }
    // A wrapper that could not be folded (`allOf: [X]` beside a description): X's types.
    match s.all_of.as_slice() {
        [one] if s.all_of_unfolded => types_within(spec, *one, depth + 1),
        _ => None,
    }
}

/// The values a schema lists (`enum`, `const`), if it lists them.
fn fixed_values(spec: &Spec, s: &Schema) -> Option<Vec<Value>> {
    let value = |n: NodeRef| instance::from_node(spec.tree(n), n.node);
    match (&s.enumeration, s.constant) {
        (_, Some(c)) => Some(vec![value(c)]),
        (Some((values, _)), None) => Some(values.iter().map(|&n| value(n)).collect()),
        (None, None) => None,
    }
}

/// A schema that accepts every value that can stand at a place of this wire: one without
/// constraints; in text, one whose only constraint is a type that takes every text.
pub(crate) fn universal(s: &Schema, wire: Wire) -> bool {
    if constraint_free(s) {
        return true;
    }
    constraint_free_but_type(s)
        && s.types.is_some_and(|t| match wire {
            Wire::Text => t.has(TypeSet::STRING),
            Wire::Form { .. } => t.has(TypeSet::OBJECT),
            Wire::Json | Wire::Field { .. } => false,
        })
}

/// One judgement of [`includes`]: the two specs, validators to try listed values with, and
/// the pairs assumed to hold while they are being checked (a recursive schema refers back to
/// itself; the inclusion of recursive types is the largest relation that is consistent), and
/// the pairs already found not to hold.
struct Inclusion<'s> {
    sub: &'s Spec,
    sup: &'s Spec,
    direction: Direction,
    sub_values: Validator<'s>,
    sup_values: Validator<'s>,
    assumed: FxHashSet<(SchemaId, SchemaId, Wire)>,
    /// Pairs found not to hold.
    refuted: FxHashSet<(SchemaId, SchemaId, Wire)>,
    steps: u32,
}

impl Inclusion<'_> {
    fn within(&mut self, x: SchemaId, y: SchemaId, wire: Wire, depth: u32) -> bool {
        self.steps += 1;
        if depth > MAX_DEPTH || self.steps > MAX_STEPS {
            return false;
        }
        let (sx, sy) = (self.sub.schema(x), self.sup.schema(y));
        if sx.boolean == Some(false) {
            return true;
        }
        if sy.boolean == Some(false) {
            return false;
        }
        if sx.unresolved.is_some() || sy.unresolved.is_some() {
            return sx.unresolved.is_some() && sx.unresolved == sy.unresolved;
        }
        if universal(sy, wire) {
            return true;
        }
        let key = (x, y, wire);
        if self.refuted.contains(&key) {
            return false;
        }
        if !self.assumed.insert(key) {
            return true;
        }
        let holds = self.within_composition(x, y, wire, depth);
        // The assumption holds only while its own check runs; a failure found under
        // assumptions is a failure outright (assuming more only ever answers `true` more).
        self.assumed.remove(&key);
        if !holds {
            self.refuted.insert(key);
        }
        holds
    }

    /// [`Self::within`] past the cases that need no look at the keywords: listed values,
    /// then the composition of either side, then `sup`'s own keywords.
    fn within_composition(&mut self, x: SchemaId, y: SchemaId, wire: Wire, depth: u32) -> bool {
        let (sx, sy) = (self.sub.schema(x), self.sup.schema(y));
        // A schema that lists its values: each one it accepts must be accepted.
        if let Some(values) = fixed_values(self.sub, sx) {
            return values.iter().all(|v| {
                !on_wire(&self.sub_values, x, v, wire) || on_wire(&self.sup_values, y, v, wire)
            });
        }
        // The alternatives of `sub`, each on its own (its own keywords only narrow it more).
        let sub_branches = if sx.one_of.is_empty() {
            &sx.any_of
        } else {
            &sx.one_of
        };
        if !sub_branches.is_empty()
            && sub_branches
                .iter()
                .all(|&b| self.within(b, y, wire, depth + 1))
        {
            return true;
        }
        if sx.all_of_unfolded
            && sx
                .all_of
                .iter()
                .any(|&m| self.within(m, y, wire, depth + 1))
        {
            return true;
        }
        // `sup`'s composition, then its own keywords.
        if sy.all_of_unfolded
            && !sy
                .all_of
                .iter()
                .all(|&m| self.within(x, m, wire, depth + 1))
        {
            return false;
        }
        if !sy.any_of.is_empty()
            && !sy
                .any_of
                .iter()
                .any(|&b| self.within(x, b, wire, depth + 1))
        {
            return false;
        }
        if !sy.one_of.is_empty() && !self.same_branches(&sx.one_of, &sy.one_of, wire, depth) {
            // Within one branch and apart from the others: it matches exactly one.
            let one = sy.one_of.iter().enumerate().any(|(k, &b)| {
                self.within(x, b, wire, depth + 1)
                    && sy
                        .one_of
                        .iter()
                        .enumerate()
                        .all(|(j, &c)| j == k || disjoint(self.sup, b, c))
            });
            if !one {
                return false;
            }
        }
        self.keywords(x, sx, sy, wire, depth)
    }

    /// `sup`'s own keywords (not its composition) hold for every value `sub` accepts.
    fn keywords(&mut self, x: SchemaId, sx: &Schema, sy: &Schema, wire: Wire, depth: u32) -> bool {
        let tx = wire.types(types_of(self.sub, x));
        // With style form and explode, a single value is a one-item array.
        if let Wire::Field { exploded: true } = wire
            && let Some(t) = tx
            && !t.has(TypeSet::ARRAY)
            && !t.has(TypeSet::OBJECT)
            && sy.types.is_some_and(|u| u.has(TypeSet::ARRAY))
            && !wire.type_includes(sy.types, tx)
        {
            let one_item = sy.min_items.is_none_or(|l| l.value <= 1)
                && sy.max_items.is_none_or(|l| l.value >= 1);
            return one_item
                && sy.enumeration.is_none()
                && sy.constant.is_none()
                && match sy.items {
                    Some(items) => self.within(x, items, Wire::Text, depth + 1),
                    None => true,
                };
        }
        if !wire.type_includes(sy.types, tx) {
            return false;
        }
        if sy.enumeration.is_some() || sy.constant.is_some() {
            return false; // `sub` lists no values (those that do were tried one by one)
        }
        let holds = |family: TypeSet| holds_family(tx, family, wire);
        (!holds(TypeSet::STRING) || strings(sx, sy, tx, wire))
            && (!holds(TypeSet::NUMBER.union(TypeSet::INTEGER)) || numbers(sx, sy))
            && (!holds(TypeSet::ARRAY) || self.arrays(sx, sy, wire, depth))
            && (!holds(TypeSet::OBJECT) || self.objects(sx, sy, wire, depth))
            && self.negation(sx, sy, wire, depth)
            && self.unmodelled(sx, sy)
    }

    fn arrays(&mut self, sx: &Schema, sy: &Schema, wire: Wire, depth: u32) -> bool {
        let inner = wire.nested();
        let items = match (sx.items, sy.items) {
            (_, None) => true,
            (Some(a), Some(b)) => self.within(a, b, inner, depth + 1),
            (None, Some(b)) => universal(self.sup.schema(b), inner),
        };
        items
            && lower(sx.min_items, sy.min_items)
            && upper(sx.max_items, sy.max_items)
            && (sy.unique_items.is_none()
                || sx.unique_items.is_some()
                || sx.max_items.is_some_and(|l| l.value <= 1))
            && sy.prefix_items.is_empty()
            && sy.contains.is_none()
    }

    fn objects(&mut self, sx: &Schema, sy: &Schema, wire: Wire, depth: u32) -> bool {
        let inner = wire.nested();
        let required = |spec: &Spec, s: &Schema, name: &str| {
            s.is_required(name)
                && !s
                    .property(name)
                    .is_some_and(|p| self.exempt(spec.schema(p)))
        };
        if !sy
            .required
            .iter()
            .all(|r| !required(self.sup, sy, r) || required(self.sub, sx, r))
            || !lower(sx.min_properties, sy.min_properties)
            || !upper(sx.max_properties, sy.max_properties)
            || !sy.pattern_properties.is_empty()
            || sy.property_names.is_some()
        {
            return false;
        }
        let sub_closed = matches!(
            sx.additional_properties,
            Some((Additional::Allowed(false), _))
        ) && sx.pattern_properties.is_empty();
        let sub_others = match &sx.additional_properties {
            Some((Additional::Schema(a), _)) => Some(*a),
            _ => None,
        };
        // What `sub` allows under a name it does not declare, within `target`.
        let undeclared = |me: &mut Self, target: SchemaId| {
            sub_closed
                || match sub_others {
                    Some(a) => me.within(a, target, inner, depth + 1),
                    None => {
                        sx.pattern_properties.is_empty() && universal(me.sup.schema(target), inner)
                    }
                }
        };
        for (name, py) in &sy.properties {
            let ok = match sx.property(name) {
                Some(px) => self.within(px, *py, inner, depth + 1),
                None => undeclared(self, *py),
            };
            if !ok {
                return false;
            }
        }
        match &sy.additional_properties {
            None | Some((Additional::Allowed(true), _)) => true,
            Some((Additional::Allowed(false), _)) => {
                sub_closed && sx.properties.iter().all(|(n, _)| sy.property(n).is_some())
            }
            Some((Additional::Schema(ay), _)) => {
                let ay = *ay;
                sx.properties
                    .iter()
                    .filter(|(n, _)| sy.property(n).is_none())
                    .all(|(_, px)| self.within(*px, ay, inner, depth + 1))
                    && undeclared(self, ay)
            }
        }
    }

    /// A property that does not travel this way: its `required` does not count.
    fn exempt(&self, s: &Schema) -> bool {
        match self.direction {
            Direction::Request => s.read_only.is_some(),
            Direction::Response => s.write_only.is_some(),
            Direction::None => false,
        }
    }

    /// `not`: what `sup` excludes, `sub` must exclude too.
    fn negation(&mut self, sx: &Schema, sy: &Schema, wire: Wire, depth: u32) -> bool {
        match (sx.not, sy.not) {
            (_, None) => true,
            (None, Some(_)) => false,
            // Excluded by `sup` ⊆ excluded by `sub`: the roles of the two specs swap.
            (Some(nx), Some(ny)) => self.reversed(ny, nx, wire, depth + 1),
        }
    }

    /// Every value `y` (of `sup`'s spec) accepts is accepted by `x` (of `sub`'s spec).
    fn reversed(&mut self, y: SchemaId, x: SchemaId, wire: Wire, depth: u32) -> bool {
        let mut swapped = Inclusion {
            sub: self.sup,
            sup: self.sub,
            direction: self.direction,
            sub_values: Validator::new(self.sup, self.direction),
            sup_values: Validator::new(self.sub, self.direction),
            assumed: FxHashSet::default(),
            refuted: FxHashSet::default(),
            steps: self.steps,
        };
        let holds = swapped.within(y, x, wire, depth);
        self.steps = swapped.steps;
        holds
    }

    /// Two `oneOf` lists whose branches accept the same values one for one: they accept the
    /// same values, however much their branches overlap (a renamed or reordered branch).
    fn same_branches(&mut self, xs: &[SchemaId], ys: &[SchemaId], wire: Wire, depth: u32) -> bool {
        if xs.is_empty() || xs.len() != ys.len() {
            return false;
        }
        let mut free = vec![true; ys.len()];
        xs.iter().all(|&x| {
            let found = (0..ys.len()).find(|&k| {
                free[k]
                    && self.within(x, ys[k], wire, depth + 1)
                    && self.reversed(ys[k], x, wire, depth + 1)
            });
            found.map(|k| free[k] = false).is_some()
        })
    }

    /// Keywords weir does not model (`if`, `dependentRequired`, …): `sub` must say the same.
    fn unmodelled(&self, sx: &Schema, sy: &Schema) -> bool {
        sy.extras
            .iter()
            .filter(|(k, _)| !k.starts_with("x-") && !ANNOTATIONS.contains(&k.as_str()))
            .all(|(k, vy)| {
                sx.extras.iter().any(|(j, vx)| {
                    j == k
                        && instance::same(
                            &instance::from_node(self.sub.tree(*vx), vx.node),
                            &instance::from_node(self.sup.tree(*vy), vy.node),
                        )
                })
            })
    }
}

/// Whether `sub`'s values include some of a family of types, whose keywords then apply. In
/// text a value is a string to a schema of type string: string keywords apply to every
/// scalar's text.
fn holds_family(types: Option<TypeSet>, family: TypeSet, wire: Wire) -> bool {
    let Some(t) = types else {
        return true;
    };
    let reach = if wire.is_text() && family.has(TypeSet::STRING) {
        TypeSet::BOOLEAN
            .union(TypeSet::NUMBER)
            .union(TypeSet::INTEGER)
            .union(TypeSet::STRING)
    } else {
        family
    };
    !t.intersect(reach).is_empty()
}

/// `sup`'s string keywords hold for every value of `sub` (of types `tx`) they apply to: its
/// strings, and in text the texts of its numbers and booleans, which `sub`'s own string
/// keywords do not constrain.
fn strings(sx: &Schema, sy: &Schema, tx: Option<TypeSet>, wire: Wire) -> bool {
    let has = |family: TypeSet| tx.is_none_or(|t| !t.intersect(family).is_empty());
    let own = !has(TypeSet::STRING)
        || (format_within(sx, sy)
            && lower(sx.min_length, sy.min_length)
            && upper(sx.max_length, sy.max_length)
            && sy
                .pattern
                .as_ref()
                .is_none_or(|(p, _)| sx.pattern.as_ref().is_some_and(|(q, _)| p == q)));
    let others = TypeSet::BOOLEAN.union(TypeSet::NUMBER);
    own && (!wire.is_text() || !has(others) || scalar_texts(sx, sy, tx))
}

/// In text, `sup`'s string keywords hold for the text of every number and boolean of `sub`:
/// no format or pattern to match, a minimum length of at most one character, and a maximum
/// length no such text exceeds (`false` for numbers with a fraction, whose texts have none).
fn scalar_texts(sx: &Schema, sy: &Schema, tx: Option<TypeSet>) -> bool {
    let longest = match tx {
        Some(t) if !t.has(TypeSet::NUMBER) && t.has(TypeSet::INTEGER) => {
            Some(wire::longest_integer_text(sx).max(5))
        }
        Some(t) if !t.has(TypeSet::NUMBER) => Some(5), // `false`
        _ => None,
    };
    known_format(sy).is_none()
        && sy.pattern.is_none()
        && sy.min_length.is_none_or(|l| l.value <= 1)
        && sy
            .max_length
            .is_none_or(|l| longest.is_some_and(|n| n <= l.value))
}

fn numbers(sx: &Schema, sy: &Schema) -> bool {
    let bound_ok = |x: &Option<Bound>, y: &Option<Bound>, low: bool| match (x, y) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => {
            let (va, vb) = (a.value.value, b.value.value);
            let tighter = if low { va > vb } else { va < vb };
            tighter || (va == vb && (a.exclusive || !b.exclusive))
        }
    };
    let multiple_ok = match (&sy.multiple_of, &sx.multiple_of) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some((m, _)), Some((n, _))) => super::keywords::multiple_of(n.value, m.value),
    };
    // Bounds inside int32 (or int64) already say what `format: int32` would.
    let format_ok = format_within(sx, sy)
        || sy.format.as_ref().is_some_and(|(f, _)| {
            let fits = |b: &Option<Bound>| {
                b.as_ref()
                    .is_some_and(|b| formats::number_ok(f, b.value.value))
            };
            (f == "int32" || f == "int64") && fits(&sx.minimum) && fits(&sx.maximum)
        });
    bound_ok(&sx.minimum, &sy.minimum, true)
        && bound_ok(&sx.maximum, &sy.maximum, false)
        && multiple_ok
        && format_ok
}

/// `sup`'s format holds for `sub`'s values: `sup` has none that weir knows, or `sub` has the
/// same format or one that lies within it (`int8` within `int32`, see
/// `vocabulary/formats.toml`). A format weir does not know is an annotation, on either side.
fn format_within(sx: &Schema, sy: &Schema) -> bool {
    match (known_format(sx), known_format(sy)) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some((g, _)), Some((f, _))) => {
            matches!(
                format_relation(g, f),
                FormatRelation::Same | FormatRelation::Widened
            )
        }
    }
}

/// A schema's `format` and its place, when weir knows the format: one it does not know is an
/// annotation, which constrains nothing (see `vocabulary/formats.toml`).
pub fn known_format(s: &Schema) -> Option<&(String, NodeRef)> {
    s.format.as_ref().filter(|(f, _)| is_known(f))
}

/// A lower limit of `sup` that `sub`'s is at least (no limit: 0).
fn lower(x: Option<Limit>, y: Option<Limit>) -> bool {
    y.is_none_or(|y| x.is_some_and(|x| x.value >= y.value) || y.value == 0)
}

/// An upper limit of `sup` that `sub`'s is at most (no limit: unbounded).
fn upper(x: Option<Limit>, y: Option<Limit>) -> bool {
    y.is_none_or(|y| x.is_some_and(|x| x.value <= y.value))
}

/// Whether a schema accepts a value that stands at a place of this wire. In text the value is
/// its text, which the schema reads as a string, a number or a boolean — whichever it takes;
/// null cannot be sent, so it is no value there; with style form and explode a single value
/// is also a one-item array.
pub(crate) fn on_wire(v: &Validator, schema: SchemaId, value: &Value, wire: Wire) -> bool {
    if !wire.is_text() {
        return v.is_valid(schema, value);
    }
    let text = match value {
        Value::Null => return true,
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        _ => return v.is_valid(schema, value),
    };
    let mut readings = vec![Value::String(text.clone())];
    if let Ok(n) = serde_json::from_str::<serde_json::Number>(&text) {
        readings.push(Value::Number(n));
    }
    if text == "true" || text == "false" {
        readings.push(Value::Bool(text == "true"));
    }
    if let Wire::Field { exploded: true } = wire {
        let singles: Vec<Value> = readings
            .iter()
            .map(|r| Value::Array(vec![r.clone()]))
            .collect();
        readings.extend(singles);
    }
    readings.iter().any(|r| v.is_valid(schema, r))
}
