//! A JSON Schema validator over weir's own schema model: what Pact verification checks
//! interactions with, and what proves a witness valid on one side and invalid on the other.
//!
//! It validates against the normalized [`Schema`] (folded `allOf`, 3.0 `nullable` as a type,
//! Swagger 2 mapped), so every dialect is validated alike, and each refusal points at the
//! keyword in the spec that refused. It knows what OpenAPI adds: `readOnly` properties are not
//! required in requests, `writeOnly` ones not in responses. Keywords weir does not model
//! (`if`/`then`, `dependentRequired`, …) and regexes the `regex` crate cannot compile are not
//! enforced: the validator never refuses what it cannot judge.
//!
//! Checking what a consumer expects, it can take the Pact matching rules of the expectation
//! into account ([`Validator::with_rules`]): an array matched by type with `min`/`max` may have
//! any length in that range, and a string matched by a regex may be any string that matches.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::Regex;
use serde_json::Value;

use super::instance::{self, Step};
use super::matchers::{Count, Rules};
use crate::model::schema::{Additional, Bound, Schema, TypeSet};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Direction, NodeRef};

/// Schema hops without going deeper into the instance (unions of unions, `$ref` chains)
/// beyond this are not followed: a schema that only refers to itself accepts.
const MAX_DEPTH: u32 = 256;

/// Why an instance is invalid.
#[derive(Clone, Debug)]
pub struct Violation {
    /// The place in the instance; for a missing or forbidden property, the property itself.
    pub path: Vec<Step>,
    /// The keyword that refused (`type`, `required`, `maxLength`, `oneOf`, …).
    pub keyword: &'static str,
    pub message: String,
    /// Where in the spec the refusing keyword (or its schema) is written.
    pub at: Option<NodeRef>,
}

impl Violation {
    /// `/tag: expected string, got 12`
    pub fn describe(&self) -> String {
        let at = instance::pointer(&self.path);
        if at.is_empty() {
            self.message.clone()
        } else {
            format!("{at}: {}", self.message)
        }
    }

    /// A refusal of a union or `not` as a whole: it stands for a failure somewhere below.
    pub fn is_composite(&self) -> bool {
        matches!(self.keyword, "oneOf" | "anyOf" | "not")
    }
}

pub struct Validator<'s> {
    pub spec: &'s Spec,
    /// Requests skip `readOnly` requirements, responses `writeOnly` ones.
    pub direction: Direction,
    /// The instance is what a consumer expects of a response (a Pact body), not a whole
    /// response: properties it leaves out may well be sent, so `required` and
    /// `minProperties` do not apply — but a property it expects that the schema does not
    /// declare is a property the provider does not promise.
    pub expectation: bool,
    /// The Pact matching rules of the expectation, if any.
    rules: Option<&'s Rules>,
    regexes: RefCell<HashMap<String, Option<Regex>>>,
}

impl<'s> Validator<'s> {
    pub fn new(spec: &'s Spec, direction: Direction) -> Validator<'s> {
        Validator {
            spec,
            direction,
            expectation: false,
            rules: None,
            regexes: RefCell::new(HashMap::new()),
        }
    }

    /// A validator for what a consumer expects of a response (see [`Validator::expectation`]).
    pub fn expecting(spec: &'s Spec) -> Validator<'s> {
        Validator {
            expectation: true,
            ..Validator::new(spec, Direction::Response)
        }
    }

    /// The same validator, judging the expectation by its Pact matching rules too.
    pub fn with_rules(self, rules: &'s Rules) -> Validator<'s> {
        Validator {
            rules: Some(rules),
            ..self
        }
    }

    /// The same validator without matching rules: what judges one value as it is.
    fn plain(&self) -> Validator<'s> {
        Validator {
            expectation: self.expectation,
            ..Validator::new(self.spec, self.direction)
        }
    }

    /// Every reason `value` does not satisfy `schema`; empty when it does.
    pub fn validate(&self, schema: SchemaId, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(schema, value, &mut Vec::new(), &mut out, 0);
        out
    }

    pub fn is_valid(&self, schema: SchemaId, value: &Value) -> bool {
        let mut out = Vec::new();
        self.check(schema, value, &mut Vec::new(), &mut out, 0);
        out.is_empty()
    }

    /// Whether a regex matches, `None` when it cannot be compiled (it is then not enforced).
    pub fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut cache = self.regexes.borrow_mut();
        let re = cache
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok());
        re.as_ref().map(|r| r.is_match(text))
    }

    /// The property is not part of this direction's payloads as a requirement.
    pub fn exempt(&self, s: &Schema) -> bool {
        match self.direction {
            Direction::Request => s.read_only.is_some(),
            Direction::Response => s.write_only.is_some(),
            Direction::None => false,
        }
    }

    fn sub_valid(&self, id: SchemaId, value: &Value, path: &mut Vec<Step>, depth: u32) -> bool {
        let mut out = Vec::new();
        self.check(id, value, path, &mut out, depth);
        out.is_empty()
    }

    fn check(
        &self,
        id: SchemaId,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let s = self.spec.schema(id);
        let fail = |out: &mut Vec<Violation>, keyword, at: Option<NodeRef>, message: String| {
            out.push(Violation {
                path: path.clone(),
                keyword,
                message,
                at: at.or(s.at),
            });
        };
        if s.unresolved.is_some() {
            return;
        }
        if s.boolean == Some(false) {
            fail(out, "false", s.at, "no value is allowed here".into());
            return;
        }
        if value.is_string()
            && let Some(regexes) = self.rules.and_then(|r| r.regexes(path))
        {
            self.matched_string(id, value, &regexes, path, out, depth);
            return;
        }
        if let Some(types) = s.types
            && !types.accepts(type_of(value))
        {
            fail(
                out,
                "type",
                s.types_at,
                format!(
                    "expected {}, got {}",
                    types.label(),
                    instance::short(value, 40)
                ),
            );
            // The other keywords are about a type the value does not have.
            return;
        }
        if let Some((values, at)) = &s.enumeration {
            let allowed = values
                .iter()
                .any(|&n| instance::same(&self.value_of(n), value));
            if !allowed {
                fail(
                    out,
                    "enum",
                    Some(*at),
                    format!(
                        "{} is not one of the enum values",
                        instance::short(value, 40)
                    ),
                );
            }
        }
        if let Some(c) = s.constant
            && !instance::same(&self.value_of(c), value)
        {
            fail(
                out,
                "const",
                Some(c),
                format!("must be {}", instance::short(&self.value_of(c), 40)),
            );
        }
        match value {
            Value::Object(map) => self.object(s, map, path, out, depth),
            Value::Array(items) => self.array(s, items, path, out, depth),
            Value::String(text) => self.string(s, text, path, out),
            Value::Number(n) => self.number(s, n, path, out),
            _ => {}
        }
        self.composition(s, value, path, out, depth);
    }

    fn composition(
        &self,
        s: &Schema,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        // Folded allOf members are already part of the schema; unfolded ones apply each.
        if s.all_of_unfolded {
            for &m in &s.all_of {
                self.check(m, value, path, out, depth + 1);
            }
        }
        if let (Some(d), Value::Object(map)) = (&s.discriminator, value)
            && (!s.one_of.is_empty() || !s.any_of.is_empty())
        {
            // The discriminator picks the one branch the object is validated against.
            path.push(Step::Key(d.property_name.clone()));
            let chosen = map.get(&d.property_name).and_then(Value::as_str);
            let branch = chosen.and_then(|c| {
                self.discriminated(s)
                    .into_iter()
                    .find(|(v, _)| v == c)
                    .map(|(_, b)| b)
            });
            match (chosen, branch) {
                (_, Some(b)) => {
                    path.pop();
                    self.check(b, value, path, out, depth + 1);
                }
                (None, _) => {
                    out.push(Violation {
                        path: path.clone(),
                        keyword: "discriminator",
                        message: format!(
                            "the discriminator property `{}` is missing or not a string",
                            d.property_name
                        ),
                        at: Some(d.at),
                    });
                    path.pop();
                }
                (Some(c), None) => {
                    out.push(Violation {
                        path: path.clone(),
                        keyword: "discriminator",
                        message: format!(
                            "`{c}` names none of the schemas of the discriminator `{}`",
                            d.property_name
                        ),
                        at: Some(d.at),
                    });
                    path.pop();
                }
            }
            return;
        }
        if !s.one_of.is_empty() {
            let passing = s
                .one_of
                .iter()
                .filter(|&&b| self.sub_valid(b, value, path, depth + 1))
                .count();
            if passing != 1 {
                let message = if passing == 0 {
                    format!(
                        "matches none of the {} oneOf branches{}",
                        s.one_of.len(),
                        self.first_reason(&s.one_of, value, path, depth)
                    )
                } else {
                    format!("matches {passing} oneOf branches; exactly one must match")
                };
                out.push(Violation {
                    path: path.clone(),
                    keyword: "oneOf",
                    message,
                    at: s.at,
                });
            }
        }
        if !s.any_of.is_empty()
            && !s
                .any_of
                .iter()
                .any(|&b| self.sub_valid(b, value, path, depth + 1))
        {
            out.push(Violation {
                path: path.clone(),
                keyword: "anyOf",
                message: format!(
                    "matches none of the {} anyOf branches{}",
                    s.any_of.len(),
                    self.first_reason(&s.any_of, value, path, depth)
                ),
                at: s.at,
            });
        }
        if let Some(not) = s.not
            && self.sub_valid(not, value, path, depth + 1)
        {
            out.push(Violation {
                path: path.clone(),
                keyword: "not",
                message: "matches the schema under `not`".into(),
                at: self.spec.schema(not).at.or(s.at),
            });
        }
    }

    /// ` (first branch: /tag: expected string, got 12)`, to say what came closest.
    fn first_reason(
        &self,
        branches: &[SchemaId],
        value: &Value,
        path: &mut Vec<Step>,
        depth: u32,
    ) -> String {
        let mut out = Vec::new();
        self.check(branches[0], value, path, &mut out, depth + 1);
        out.first()
            .map(|v| format!(" (first branch: {})", v.describe()))
            .unwrap_or_default()
    }

    fn object(
        &self,
        s: &Schema,
        map: &serde_json::Map<String, Value>,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        for name in &s.required {
            if map.contains_key(name) || self.expectation {
                continue;
            }
            if s.property(name)
                .is_some_and(|p| self.exempt(self.spec.schema(p)))
            {
                continue;
            }
            path.push(Step::Key(name.clone()));
            out.push(Violation {
                path: path.clone(),
                keyword: "required",
                message: format!("required property `{name}` is missing"),
                at: s.required_at.or(s.at),
            });
            path.pop();
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
        for (key, v) in map {
            path.push(Step::Key(key.clone()));
            let mut declared = false;
            if let Some(p) = s.property(key) {
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
                let key_value = Value::String(key.clone());
                let mut inner = Vec::new();
                self.check(names, &key_value, path, &mut inner, depth + 1);
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
    }

    fn array(
        &self,
        s: &Schema,
        items: &[Value],
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        match self.rules.and_then(|r| r.item_count(path)) {
            Some(count) => counted(out, path, count, s),
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

    fn string(&self, s: &Schema, text: &str, path: &[Step], out: &mut Vec<Violation>) {
        count_limit(
            out,
            path,
            text.chars().count(),
            s.min_length,
            s.max_length,
            ("minLength", "maxLength", "characters"),
            s.at,
        );
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
            && !super::formats::string_ok(format, text)
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

    fn number(&self, s: &Schema, n: &serde_json::Number, path: &[Step], out: &mut Vec<Violation>) {
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
            && !super::formats::number_ok(format, v)
        {
            fail("format", *at, format!("{n} does not fit {format}"));
        }
    }

    /// A string the consumer matches by regex (Pact `regex` matchers): it takes any string
    /// that matches every regex, the example being one. The expectation holds here when a
    /// string the schema allows — the example, an enum value, the const, the default, a
    /// sample of the format — matches; it cannot hold when the schema allows only listed
    /// strings (`enum`, `const`) and none of them can match. Otherwise weir cannot decide and
    /// validates the example as it is. Pact implementations differ on anchoring: holding
    /// takes a match of the whole string, "cannot" not even a partial one.
    fn matched_string(
        &self,
        id: SchemaId,
        value: &Value,
        regexes: &[&str],
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        let plain = self.plain();
        let s = self.spec.schema(id);
        let whole = |t: &str| {
            regexes
                .iter()
                .all(|r| self.matches(&format!("^(?:{r})$"), t) == Some(true))
        };
        let partly = |t: &str| regexes.iter().all(|r| self.matches(r, t) != Some(false));
        let listed: Option<(Vec<String>, &'static str, NodeRef)> =
            match (&s.enumeration, s.constant) {
                (Some((values, at)), _) => Some((self.strings(values), "enum", *at)),
                (None, Some(c)) => Some((self.strings(&[c]), "const", c)),
                (None, None) => None,
            };
        let mut candidates = vec![value.clone()];
        if let Some((values, _, _)) = &listed {
            candidates.extend(values.iter().cloned().map(Value::String));
        }
        candidates.extend(s.default.map(|d| self.value_of(d)));
        candidates.extend(
            s.format
                .as_ref()
                .and_then(|(f, _)| super::formats::sample(f))
                .map(Value::from),
        );
        let holds = candidates
            .iter()
            .any(|c| c.as_str().is_some_and(whole) && plain.sub_valid(id, c, path, depth + 1));
        if holds {
            return;
        }
        if let Some((values, keyword, at)) = listed
            && !values.is_empty()
            && !values.iter().any(|t| partly(t))
        {
            let shown: Vec<String> = values
                .iter()
                .map(|v| instance::short(&Value::String(v.clone()), 40))
                .collect();
            out.push(Violation {
                path: path.clone(),
                keyword,
                message: format!(
                    "the interaction takes strings matching `{}` (its regex matcher), and the schema allows none: only {}",
                    regexes.join("` and `"),
                    shown.join(", ")
                ),
                at: Some(at),
            });
            return;
        }
        plain.check(id, value, path, out, depth);
    }

    /// The strings among values written in the spec.
    fn strings(&self, values: &[NodeRef]) -> Vec<String> {
        values
            .iter()
            .filter_map(|&n| match self.value_of(n) {
                Value::String(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    /// The values a union's discriminator accepts and the branch each selects: its `mapping`,
    /// then each branch's component name. Empty without a discriminator.
    pub fn discriminated(&self, s: &Schema) -> Vec<(String, SchemaId)> {
        let Some(d) = &s.discriminator else {
            return Vec::new();
        };
        let branches: Vec<SchemaId> = s.one_of.iter().chain(&s.any_of).copied().collect();
        let name_of = |b: SchemaId| {
            let mut id = b;
            for _ in 0..8 {
                let schema = self.spec.schema(id);
                if let Some(n) = &schema.name {
                    return Some(n.clone());
                }
                match schema.all_of.as_slice() {
                    [one] => id = *one,
                    _ => return None,
                }
            }
            None
        };
        let mut out = Vec::new();
        for (value, target) in &d.mapping {
            let target = target.rsplit('/').next().unwrap_or(target);
            if let Some(&b) = branches
                .iter()
                .find(|&&b| name_of(b).as_deref() == Some(target))
            {
                out.push((value.clone(), b));
            }
        }
        for &b in &branches {
            if let Some(n) = name_of(b)
                && !out.iter().any(|(v, _)| *v == n)
            {
                out.push((n, b));
            }
        }
        out
    }

    /// A value written in the spec (an enum entry, a const).
    pub fn value_of(&self, n: NodeRef) -> Value {
        instance::from_node(self.spec.tree(n), n.node)
    }
}

/// The JSON type of a value; integral numbers are integers.
pub fn type_of(v: &Value) -> TypeSet {
    match v {
        Value::Null => TypeSet::NULL,
        Value::Bool(_) => TypeSet::BOOLEAN,
        Value::Number(n) if instance::is_integer(n) => TypeSet::INTEGER,
        Value::Number(_) => TypeSet::NUMBER,
        Value::String(_) => TypeSet::STRING,
        Value::Array(_) => TypeSet::ARRAY,
        Value::Object(_) => TypeSet::OBJECT,
    }
}

pub fn above(v: f64, b: &Bound) -> bool {
    if b.exclusive {
        v > b.value.value
    } else {
        v >= b.value.value
    }
}

pub fn below(v: f64, b: &Bound) -> bool {
    if b.exclusive {
        v < b.value.value
    } else {
        v <= b.value.value
    }
}

pub fn multiple_of(v: f64, m: f64) -> bool {
    if m <= 0.0 || !m.is_finite() {
        return true;
    }
    let q = v / m;
    (q - q.round()).abs() < 1e-9
}

/// An array the consumer matches by type with `min`/`max` (a Pact matcher): it takes any
/// length in that range, so the example's does not matter — only that the schema allows one
/// of them.
fn counted(out: &mut Vec<Violation>, path: &[Step], count: Count, s: &Schema) {
    let low = count.min.max(s.min_items.map_or(0, |l| l.value));
    let high = match (count.max, s.max_items.map(|l| l.value)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if high.is_none_or(|h| h >= low) {
        return;
    }
    let takes = match count.max {
        Some(max) if max == count.min => format!("exactly {max}"),
        Some(max) => format!("{} to {max}", count.min),
        None => format!("at least {}", count.min),
    };
    // The schema's bound the range misses: minItems above its top, or maxItems below its
    // bottom.
    let (keyword, limit, allows) = match (s.min_items, s.max_items) {
        (Some(l), _) if count.max.is_some_and(|m| l.value > m) => {
            ("minItems", l, format!("at least {}", l.value))
        }
        (_, Some(l)) => ("maxItems", l, format!("at most {}", l.value)),
        (Some(l), None) => ("minItems", l, format!("at least {}", l.value)),
        (None, None) => return,
    };
    out.push(Violation {
        path: path.to_vec(),
        keyword,
        message: format!(
            "the interaction takes {takes} items (its type matcher), the schema allows {allows}"
        ),
        at: Some(limit.at).or(s.at),
    });
}

/// minLength / maxLength, minItems / maxItems, minProperties / maxProperties.
fn count_limit(
    out: &mut Vec<Violation>,
    path: &[Step],
    count: usize,
    min: Option<crate::model::schema::Limit>,
    max: Option<crate::model::schema::Limit>,
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
