//! The keywords about one kind of value: objects (`required`, `properties`,
//! `additionalProperties`, …), arrays (`items`, `contains`, `uniqueItems`, …), strings
//! (lengths, `pattern`, `format`) and numbers (bounds, `multipleOf`, `format`).

use serde_json::{Map, Value};

use super::formats;
use super::instance::{self, Step};
use super::validate::{Validator, Violation};
use crate::model::SchemaId;
use crate::model::schema::{Additional, Bound, Limit, Schema, name_order};
use crate::vocabulary::NodeRef;

/// Below this many required names, an object is searched for each ([`missing`]'s walk along
/// all its keys pays off for the dozens GitHub's objects require, not for one or two).
const FEW_REQUIRED: usize = 4;

/// The names of `required` (sorted, as the model keeps them) that `map` lacks, in their order.
/// The object's keys come sorted too (a `BTreeMap`), so one walk along the keys beside the
/// names finds them all: GitHub's objects require dozens of properties, and searching the
/// map for each (as was done for an object missing any) was most of judging a large object
/// as a whole.
fn missing<'a>(
    required: &'a [String],
    map: &'a Map<String, Value>,
) -> impl Iterator<Item = &'a String> + 'a {
    let few = required.len() < FEW_REQUIRED;
    let mut keys = map.keys().peekable();
    required.iter().filter(move |name| {
        if few {
            return !map.contains_key(name.as_str());
        }
        // The keys before the name are passed over; the first one not before it tells, and
        // stays (for a name required twice).
        while let Some(k) = keys.peek() {
            match name_order(k, name) {
                std::cmp::Ordering::Less => {
                    keys.next();
                }
                told => return told.is_ne(),
            }
        }
        true
    })
}

impl Validator<'_> {
    pub(super) fn object(
        &self,
        id: SchemaId,
        s: &Schema,
        map: &Map<String, Value>,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        if self.watching.get() && self.object_around(id, s, map, path, out, depth) {
            return;
        }
        self.object_as_a_whole(s, map, path, out);
        if self.watching.get() {
            // At or inside a focus: the candidates' objects repeat the same properties.
            let (kept, mut judged) = self.take_members(id, path, depth);
            let mut declared = PropertyWalk::of(s);
            for (key, v) in map {
                if self.settled(out) {
                    break;
                }
                self.member_recalled(&mut judged, s, (key, &mut declared), v, path, out, depth);
            }
            self.give_members(kept, judged);
            return;
        }
        let mut declared = PropertyWalk::of(s);
        for (key, v) in map {
            if self.settled(out) {
                break;
            }
            self.member(s, (key, declared.find(key)), v, path, out, depth);
        }
    }

    /// `required` and the property counts: what an object's keys say, whatever their values.
    pub(super) fn object_as_a_whole(
        &self,
        s: &Schema,
        map: &Map<String, Value>,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
    ) {
        for name in missing(self.required(s), map) {
            self.missing_required(s, name, path, out);
        }
        count_limit(
            out,
            path,
            map.len(),
            s.min_properties.filter(|_| !self.expectation),
            s.max_properties,
            ("minProperties", "maxProperties", "properties"),
            s.at,
        );
    }

    /// What [`Validator::object_as_a_whole`] says of the one property `name`, which the object
    /// lacks: each `required` entry naming it refuses, unless the direction exempts it.
    pub(super) fn required_absent(
        &self,
        s: &Schema,
        name: &str,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
    ) {
        for name in self.required(s).iter().filter(|n| *n == name) {
            self.missing_required(s, name, path, out);
        }
    }

    /// The names an object must have: an expectation requires nothing.
    fn required<'a>(&self, s: &'a Schema) -> &'a [String] {
        if self.expectation { &[] } else { &s.required }
    }

    /// The refusal of an object that lacks the property `name` it requires, unless the
    /// direction exempts it.
    fn missing_required(
        &self,
        s: &Schema,
        name: &str,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
    ) {
        if s.property(name)
            .is_some_and(|p| self.exempt(self.spec.schema(p)))
        {
            return;
        }
        path.push(Step::Key(name.to_string()));
        out.push(Violation {
            path: path.clone(),
            keyword: "required",
            message: format!("required property `{name}` is missing"),
            at: s.required_at.or(s.at),
        });
        path.pop();
    }

    /// What the keywords of an object say of one of its properties, named `key`, whose
    /// schema in `properties` is `p` (`s.property(key)`, found by the caller: see
    /// [`PropertyWalk`]).
    pub(super) fn member(
        &self,
        s: &Schema,
        (key, p): (&str, Option<SchemaId>),
        v: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        path.push(Step::Key(key.to_string()));
        let mut declared = false;
        if let Some(p) = p {
            declared = true;
            self.check(p, v, path, out, depth + 1);
        }
        for (pattern, p) in &s.pattern_properties {
            if self.matches(pattern, key) != Some(false) {
                declared = true;
                self.check(*p, v, path, out, depth + 1);
            }
        }
        if !declared {
            match &s.additional_properties {
                Some((Additional::Allowed(false), at)) => out.push(Violation {
                    path: path.clone(),
                    keyword: "additionalProperties",
                    message: format!("property `{key}` is not allowed"),
                    at: Some(*at),
                }),
                Some((Additional::Schema(p), _)) => self.check(*p, v, path, out, depth + 1),
                _ if self.expectation && !s.properties.is_empty() => out.push(Violation {
                    path: path.clone(),
                    keyword: "properties",
                    message: format!(
                        "expects `{key}`, which the schema does not declare: nothing promises it is sent"
                    ),
                    at: s.at,
                }),
                _ => {}
            }
        }
        if let Some(names) = s.property_names {
            let key_value = Value::String(key.to_string());
            let mut inner = Vec::new();
            // The name is not the value at this place: never recalled as that value's.
            self.apart(|| self.check(names, &key_value, path, &mut inner, depth + 1));
            if let Some(first) = inner.first() {
                out.push(Violation {
                    path: path.clone(),
                    keyword: "propertyNames",
                    message: format!("the name `{key}` is not allowed: {}", first.message),
                    at: first.at,
                });
            }
        }
        path.pop();
    }

    pub(super) fn array(
        &self,
        s: &Schema,
        items: &[Value],
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        match self.widening.and_then(|w| w.item_count(path)) {
            Some(count) => super::expectation::counted(out, path, count, s),
            None => count_limit(
                out,
                path,
                items.len(),
                s.min_items,
                s.max_items,
                ("minItems", "maxItems", "items"),
                s.at,
            ),
        }
        for (i, item) in items.iter().enumerate() {
            if self.settled(out) {
                break;
            }
            let schema = match s.prefix_items.get(i) {
                Some(&p) => Some(p),
                None => s.items,
            };
            if let Some(schema) = schema {
                path.push(Step::Index(i));
                self.check(schema, item, path, out, depth + 1);
                path.pop();
            }
        }
        if let Some(contains) = s.contains {
            let found = items.iter().enumerate().any(|(i, item)| {
                path.push(Step::Index(i));
                let ok = self.sub_valid(contains, item, path, depth + 1);
                path.pop();
                ok
            });
            if !found {
                out.push(Violation {
                    path: path.clone(),
                    keyword: "contains",
                    message: "no item matches `contains`".into(),
                    at: self.spec.schema(contains).at.or(s.at),
                });
            }
        }
        if let Some(at) = s.unique_items {
            let unique = self.value_of(at) != Value::Bool(false);
            let duplicate =
                (1..items.len()).any(|j| (0..j).any(|i| instance::same(&items[i], &items[j])));
            if unique && duplicate {
                out.push(Violation {
                    path: path.clone(),
                    keyword: "uniqueItems",
                    message: "items are not unique".into(),
                    at: Some(at),
                });
            }
        }
    }

    pub(super) fn string(&self, s: &Schema, text: &str, path: &[Step], out: &mut Vec<Violation>) {
        // Characters are counted only for a limit to count them against.
        if s.min_length.is_some() || s.max_length.is_some() {
            count_limit(
                out,
                path,
                text.chars().count(),
                s.min_length,
                s.max_length,
                ("minLength", "maxLength", "characters"),
                s.at,
            );
        }
        if let Some((pattern, at)) = &s.pattern
            && self.matches(pattern, text) == Some(false)
        {
            out.push(Violation {
                path: path.to_vec(),
                keyword: "pattern",
                message: format!(
                    "{} does not match `{pattern}`",
                    instance::short(&Value::String(text.into()), 40)
                ),
                at: Some(*at),
            });
        }
        if let Some((format, at)) = &s.format
            && !formats::string_ok(format, text)
        {
            out.push(Violation {
                path: path.to_vec(),
                keyword: "format",
                message: format!(
                    "{} is not a valid {format}",
                    instance::short(&Value::String(text.into()), 40)
                ),
                at: Some(*at),
            });
        }
    }

    pub(super) fn number(
        &self,
        s: &Schema,
        n: &serde_json::Number,
        path: &[Step],
        out: &mut Vec<Violation>,
    ) {
        let Some(v) = n.as_f64() else { return };
        let mut fail = |keyword, at, message| {
            out.push(Violation {
                path: path.to_vec(),
                keyword,
                message,
                at: Some(at),
            })
        };
        if let Some(b) = &s.minimum
            && !above(v, b)
        {
            let word = if b.exclusive {
                "greater than"
            } else {
                "at least"
            };
            fail(
                "minimum",
                b.at,
                format!("{n} is not {word} {}", b.value.text),
            );
        }
        if let Some(b) = &s.maximum
            && !below(v, b)
        {
            let word = if b.exclusive { "less than" } else { "at most" };
            fail(
                "maximum",
                b.at,
                format!("{n} is not {word} {}", b.value.text),
            );
        }
        if let Some((m, at)) = &s.multiple_of
            && !multiple_of(v, m.value)
        {
            fail(
                "multipleOf",
                *at,
                format!("{n} is not a multiple of {}", m.text),
            );
        }
        if let Some((format, at)) = &s.format
            && !formats::number_ok(format, v)
        {
            fail("format", *at, format!("{n} does not fit {format}"));
        }
    }
}

/// The schema an object's schema declares in `properties` for each of the object's keys,
/// asked for in the keys' order. The keys come sorted (a `BTreeMap`), and so do the
/// declared names (by [`name_order`], which is `str`'s order), so one walk along the names
/// beside the keys finds them all: a binary search of GitHub's objects' dozens of names for
/// each key was a fourteenth of a witness search.
pub(super) struct PropertyWalk<'s>(&'s [(String, SchemaId)]);

impl<'s> PropertyWalk<'s> {
    pub(super) fn of(s: &'s Schema) -> PropertyWalk<'s> {
        PropertyWalk(&s.properties)
    }

    /// `s.property(key)`, for a key greater than each asked for before.
    pub(super) fn find(&mut self, key: &str) -> Option<SchemaId> {
        while let Some(((name, id), rest)) = self.0.split_first() {
            match name_order(name, key) {
                std::cmp::Ordering::Less => self.0 = rest,
                std::cmp::Ordering::Equal => {
                    self.0 = rest;
                    return Some(*id);
                }
                std::cmp::Ordering::Greater => return None,
            }
        }
        None
    }
}

pub(super) fn above(v: f64, b: &Bound) -> bool {
    if b.exclusive {
        v > b.value.value
    } else {
        v >= b.value.value
    }
}

pub(super) fn below(v: f64, b: &Bound) -> bool {
    if b.exclusive {
        v < b.value.value
    } else {
        v <= b.value.value
    }
}

pub(super) fn multiple_of(v: f64, m: f64) -> bool {
    if m <= 0.0 || !m.is_finite() {
        return true;
    }
    let q = v / m;
    (q - q.round()).abs() < 1e-9
}

/// minLength / maxLength, minItems / maxItems, minProperties / maxProperties.
pub(super) fn count_limit(
    out: &mut Vec<Violation>,
    path: &[Step],
    count: usize,
    min: Option<Limit>,
    max: Option<Limit>,
    (min_word, max_word, unit): (&'static str, &'static str, &str),
    at: Option<NodeRef>,
) {
    let count = count as u64;
    if let Some(l) = min
        && count < l.value
    {
        out.push(Violation {
            path: path.to_vec(),
            keyword: min_word,
            message: format!("has {count} {unit}, fewer than {min_word} {}", l.value),
            at: Some(l.at).or(at),
        });
    }
    if let Some(l) = max
        && count > l.value
    {
        out.push(Violation {
            path: path.to_vec(),
            keyword: max_word,
            message: format!("has {count} {unit}, more than {max_word} {}", l.value),
            at: Some(l.at).or(at),
        });
    }
}
