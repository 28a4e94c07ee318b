//! The values a witness search tries at the place of a change, most telling first.

use std::collections::VecDeque;
use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHasher};
use serde_json::{Map, Value, json};

use super::search::Leaf;
use crate::json_schema::generate::{self, Generation, Generator};
use crate::json_schema::samples::{self, MAX_LEN};
use crate::json_schema::{Focus, Validator};
use crate::model::{Schema, SchemaId};

/// Objects whose variants are tried, at most.
const MAX_BASES: usize = 6;

/// What to try at the place of the change, most telling first: the property left out, what
/// the producing side's schema suggests (its examples, enum values, bounds), then values at
/// and just past both sides' limits, then each suggested object changed in the ways object
/// schemas differ, then one value of every type. Each value once.
///
/// Made as the search asks for them: most searches prove their finding with one of the first
/// few values, and an object's variants (dozens of copies of it, each judged) were most of the
/// search's cost for a large object such as GitHub's repository. The values, their order and
/// which are judged likely do not depend on how far the search went.
pub(super) struct Candidates {
    /// The place's schema on the producing side and on the consuming side.
    at: (Option<SchemaId>, Option<SchemaId>),
    /// The leaves made so far, each with whether the producing side accepts it alone, once
    /// asked ([`Candidates::get`]): most searches prove their finding with one of the first
    /// few leaves, and judging every value as it was made was a third of making them.
    leaves: Vec<(Leaf, Option<bool>)>,
    /// The objects whose variants come next; then the values of every type.
    bases: VecDeque<Map<String, Value>>,
    every_type_made: bool,
    /// The values made so far, by the hash of their JSON text ([`text_hash`]): the index of
    /// the first leaf with it.
    seen: FxHashMap<u64, usize>,
    /// A focus on the whole value: the validator recalls the properties candidates (and other
    /// places' candidates) share.
    alone: Focus,
}

impl Candidates {
    /// The first values: all but the objects' variants and the values of every type.
    pub(super) fn new(
        vp: &Validator,
        sp: Option<SchemaId>,
        vc: &Validator,
        sc: Option<SchemaId>,
        property: bool,
    ) -> Candidates {
        let (values, bases) = suggested(vp, sp, vc, sc);
        let mut made = Candidates {
            at: (sp, sc),
            leaves: Vec::new(),
            bases,
            every_type_made: false,
            seen: FxHashMap::default(),
            alone: Focus::on(&[]),
        };
        if property {
            made.leaves.push((Leaf::Omit, Some(true)));
        }
        made.add(values);
        made
    }

    /// The `i`th leaf and whether it is likely (the producing side accepts it alone), making
    /// the next values as needed; `None` past the last.
    pub(super) fn get(
        &mut self,
        i: usize,
        vp: &Validator,
        vc: &Validator,
    ) -> Option<(&Leaf, bool)> {
        self.make(i, vp, vc)?;
        let (leaf, likely) = &mut self.leaves[i];
        let likely = *likely.get_or_insert_with(|| match (self.at.0, &*leaf) {
            (Some(p), Leaf::Value(v)) => vp.is_valid_around(&mut self.alone, p, v),
            _ => true,
        });
        Some((&self.leaves[i].0, likely))
    }

    /// Make the values up to the `i`th leaf; `None` when there are fewer.
    fn make(&mut self, i: usize, vp: &Validator, vc: &Validator) -> Option<()> {
        while self.leaves.len() <= i {
            let values = if let Some(base) = self.bases.pop_front() {
                let (ps, cs) = (
                    self.at.0.map(|p| vp.spec.schema(p)),
                    self.at.1.map(|c| vc.spec.schema(c)),
                );
                object_variants(vp, ps, vc, cs, base)
            } else if !self.every_type_made {
                self.every_type_made = true;
                every_type()
            } else {
                return None;
            };
            self.add(values);
        }
        Some(())
    }

    /// The leaves the producing side does not accept alone, in order: every value is made.
    pub(super) fn unlikely(
        &mut self,
        vp: &Validator,
        vc: &Validator,
    ) -> impl Iterator<Item = &Leaf> {
        let mut i = 0;
        while self.get(i, vp, vc).is_some() {
            i += 1;
        }
        self.leaves
            .iter()
            .filter(|(_, likely)| *likely == Some(false))
            .map(|(leaf, _)| leaf)
    }

    /// Each value not made before: one is the same as another when their JSON texts are
    /// (`-0.0` is not `0.0`, nor `1.0` `1`), which is told without writing the texts.
    fn add(&mut self, values: Vec<Value>) {
        for v in values {
            let mut h = FxHasher::default();
            text_hash(&v, &mut h);
            let same = |(leaf, _): &(Leaf, Option<bool>)| matches!(leaf, Leaf::Value(x) if same_text(x, &v));
            match self.seen.get(&h.finish()) {
                // Texts with one hash are all but always the same text.
                Some(&i) if same(&self.leaves[i]) || self.leaves.iter().any(same) => continue,
                Some(_) => {}
                None => {
                    self.seen.insert(h.finish(), self.leaves.len());
                }
            }
            self.leaves.push((Leaf::Value(v), None));
        }
    }
}

/// What the schemas suggest, most telling first (see [`Candidates`]), and the objects whose
/// variants come after them.
fn suggested(
    vp: &Validator,
    sp: Option<SchemaId>,
    vc: &Validator,
    sc: Option<SchemaId>,
) -> (Vec<Value>, VecDeque<Map<String, Value>>) {
    let mut values: Vec<Value> = Vec::new();
    let ps = sp.map(|i| vp.spec.schema(i));
    let cs = sc.map(|i| vc.spec.schema(i));
    if let Some(p) = sp {
        values.extend(generate::example(vp, p));
    }
    if let Some(ps) = ps {
        values.extend(generate::written_values(vp, ps));
        for &b in ps.one_of.iter().chain(&ps.any_of) {
            values.extend(branch_values(vp, b));
        }
        let mut generator = Generator::new(vp, Generation::default());
        for t in generate::preferred_types(ps) {
            values.extend(generator.typed(ps, t));
        }
    }
    // The consuming side's `oneOf` branches' own values: a value the producing side accepts
    // that now matches two branches is refused (a branch added that overlaps another).
    for &b in cs.map_or(&[][..], |s| &s.one_of) {
        values.extend(branch_values(vc, b));
        values.extend(pattern_samples(vc.spec.schema(b)));
    }
    // Strings at and past the length limits, in the producing side's alphabet.
    let base_text = values
        .iter()
        .find_map(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "x".into());
    let bounded: Vec<&Schema> = with_branches(vp, ps)
        .into_iter()
        .chain(with_branches(vc, cs))
        .collect();
    let mut lengths = Vec::new();
    for &s in &bounded {
        if let Some(l) = s.min_length {
            lengths.extend([l.value.saturating_sub(1), l.value]);
        }
        if let Some(l) = s.max_length {
            lengths.extend([l.value, l.value + 1]);
        }
    }
    values.extend(ps.map(pattern_samples).unwrap_or_default());
    for n in lengths.into_iter().filter(|&n| n <= MAX_LEN) {
        values.push(Value::String(samples::fit_length(&base_text, n, n)));
    }
    // Numbers at and past the bounds and multiples.
    for &s in &bounded {
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
    bases.truncate(MAX_BASES);
    (values, bases.into())
}

/// What tells a number's JSON text: its kind (an integer is written without a point, a float
/// with one) and its value, a float's by its bits (two floats have the same text exactly when
/// they have the same bits: `-0.0` and `0.0` differ).
fn number_text(n: &serde_json::Number) -> (u8, u64) {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => (0, u),
        (None, Some(i), _) => (1, i as u64),
        (None, None, f) => (2, f.map_or(0, f64::to_bits)),
    }
}

/// Hash what a value's JSON text says (the same for the same text).
fn text_hash(v: &Value, h: &mut FxHasher) {
    match v {
        Value::Null => h.write_u8(0),
        Value::Bool(b) => h.write_u8(1 + u8::from(*b)),
        Value::Number(n) => {
            let (kind, bits) = number_text(n);
            h.write_u8(3 + kind);
            h.write_u64(bits);
        }
        Value::String(s) => {
            h.write_u8(6);
            h.write_usize(s.len());
            h.write(s.as_bytes());
        }
        Value::Array(items) => {
            h.write_u8(7);
            h.write_usize(items.len());
            items.iter().for_each(|x| text_hash(x, h));
        }
        Value::Object(map) => {
            h.write_u8(8);
            h.write_usize(map.len());
            for (k, x) in map {
                h.write_usize(k.len());
                h.write(k.as_bytes());
                text_hash(x, h);
            }
        }
    }
}

/// Whether two values have the same JSON text: an object's keys come in order (a `BTreeMap`).
fn same_text(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => number_text(x) == number_text(y),
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_text(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && same_text(x, y))
        }
        _ => false,
    }
}

/// One plain value of every type, tried last.
fn every_type() -> Vec<Value> {
    vec![
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
    ]
}

/// An object changed in the ways object schemas differ: undeclared properties (named to fall
/// foul of name patterns too, or declared only by the refusing side), property counts at and
/// past the limits, every optional property filled in.
fn object_variants(
    vp: &Validator,
    ps: Option<&Schema>,
    vc: &Validator,
    cs: Option<&Schema>,
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

/// A schema and the branches of its union: a union's bounds are its branches' (`anyOf:
/// [string ≤ 500, string ≤ 5000]` refuses 5001 characters, which neither its own keywords nor
/// the plain schema on the other side suggest).
/// A union branch's own values: its drafted example and what its author wrote.
fn branch_values(v: &Validator, branch: SchemaId) -> Vec<Value> {
    let mut out: Vec<Value> = generate::example(v, branch).into_iter().collect();
    out.extend(generate::written_values(v, v.spec.schema(branch)));
    out
}

/// Strings matching a schema's `pattern` (none without one).
fn pattern_samples(s: &Schema) -> Vec<Value> {
    s.pattern.as_ref().map_or_else(Vec::new, |(pattern, _)| {
        samples::regex_samples(pattern)
            .into_iter()
            .map(Value::String)
            .collect()
    })
}

fn with_branches<'s>(v: &Validator<'s>, s: Option<&'s Schema>) -> Vec<&'s Schema> {
    let Some(s) = s else {
        return Vec::new();
    };
    let branches = s.one_of.iter().chain(&s.any_of);
    std::iter::once(s)
        .chain(branches.map(|&b| v.spec.schema(b)))
        .collect()
}

fn number(x: f64) -> Option<Value> {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9.0e15 {
        Some(json!(x as i64))
    } else {
        serde_json::Number::from_f64(x).map(Value::Number)
    }
}

fn undeclared_name(s: Option<&Schema>) -> String {
    ["unexpected", "unexpected_1", "unexpected_2"]
        .into_iter()
        .find(|n| s.is_none_or(|s| s.property(n).is_none()))
        .unwrap_or("unexpected_3")
        .to_string()
}
