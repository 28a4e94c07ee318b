//! The validator: every reason an instance does not satisfy a schema of weir's model, each
//! with the place in the instance and the place in the spec that refuses.
//!
//! It validates against the normalized [`Schema`] (folded `allOf`, 3.0 `nullable` as a type,
//! Swagger 2 mapped), so every dialect is validated alike, and each refusal points at the
//! keyword in the spec that refused. It knows what OpenAPI adds: `readOnly` properties are not
//! required in requests, `writeOnly` ones not in responses. Keywords weir does not model
//! (`if`/`then`, `dependentRequired`, …) and regexes the `regex` crate cannot compile are not
//! enforced: the validator never refuses what it cannot judge.
//!
//! The keywords live by what they judge: `keywords.rs` (objects, arrays, strings, numbers),
//! `composition.rs` (unions, `not`, discriminators) and [`super::expectation`] (a consumer's
//! partial, widened instance).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::Value;

use super::expectation::Widening;
use super::focus::{Focus, Members};
use super::instance::{self, Step};
use crate::model::schema::{Schema, TypeSet};
use crate::model::{SchemaId, Spec};
use crate::tree::Resolved;
use crate::vocabulary::Direction;
use crate::vocabulary::{Location, NodeRef};

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
    /// Where in the spec the refusing keyword (or its schema) is written ([`Violation::location`]
    /// shows it). `None` only for a schema no spec node writes.
    pub at: Option<NodeRef>,
}

impl Violation {
    /// The RFC 6901 pointer of the refused place in the instance (`""`: the whole of it).
    pub(crate) fn pointer(&self) -> String {
        instance::pointer(&self.path)
    }

    /// Where in the spec the refusing keyword is written: file, line, column and the JSON
    /// pointer of the node.
    pub(crate) fn location(&self, spec: &Spec) -> Option<Location> {
        self.at.map(|n| spec.location(n))
    }

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
    pub(crate) fn is_composite(&self) -> bool {
        matches!(self.keyword, "oneOf" | "anyOf" | "not")
    }
}

/// Validates instances against the schemas of one spec, for one direction. Compiled regexes
/// are cached, so keep one validator for many instances.
pub struct Validator<'s> {
    pub spec: &'s Spec,
    /// Requests skip `readOnly` requirements, responses `writeOnly` ones.
    pub direction: Direction,
    /// The instance is what a consumer expects of a response (a Pact body), not a whole
    /// response: properties it leaves out may well be sent, so `required` and
    /// `minProperties` do not apply — but a property it expects that the schema does not
    /// declare is a property the provider does not promise.
    pub expectation: bool,
    /// What the expectation accepts beyond its example, if anything (Pact matching rules).
    pub(super) widening: Option<&'s dyn Widening>,
    regexes: RefCell<HashMap<String, Option<Regex>>>,
    /// The strings each long `enum` lists, by schema: a string is checked against a set, not
    /// against each entry (an enum included in another checks each of its values, and
    /// Stripe's list hundreds).
    listed_strings: RefCell<FxHashMap<SchemaId, FxHashSet<&'s str>>>,
    /// The drafts of plain generations that depended on nothing around them
    /// ([`super::generate::Drafted`]): an example nests the same schemas many times over, and
    /// a witness search asks for the same skeletons for every candidate, trial and finding
    /// ([`super::example`] is such a draft).
    pub(super) drafts: RefCell<FxHashMap<SchemaId, super::generate::Drafted>>,
    /// Set while only *whether* a value is valid is asked ([`Validator::is_valid`],
    /// [`Validator::sub_valid`]): the walk stops at the first violation and spends nothing on
    /// messages no one reads (see [`Validator::settled`]).
    quick: Cell<bool>,
    /// Set while a payload is validated around a [`Focus`] (`refusals_around`,
    /// `is_valid_around`), and no judgement away from it is under way.
    pub(super) watching: Cell<bool>,
    /// The focus of that validation.
    pub(super) focus: RefCell<Option<Focus>>,
    /// Set while only the refusals that can be about the focus are asked
    /// ([`Validator::refusals_around`]): the places beside the way to it are not judged.
    pub(super) near: Cell<bool>,
    /// The properties beside the way to the foci so far, as judged ([`Members`]).
    pub(super) members: RefCell<Members>,
    /// The deepest schema depth [`Validator::check`] was asked at since
    /// [`Validator::is_valid_reaching`] began (past [`MAX_DEPTH`]: the walk was cut there).
    reach: Cell<u32>,
}

impl<'s> Validator<'s> {
    pub fn new(spec: &'s Spec, direction: Direction) -> Validator<'s> {
        Validator {
            spec,
            direction,
            expectation: false,
            widening: None,
            regexes: RefCell::new(HashMap::new()),
            listed_strings: RefCell::default(),
            drafts: RefCell::default(),
            quick: Cell::new(false),
            watching: Cell::new(false),
            focus: RefCell::new(None),
            near: Cell::new(false),
            members: RefCell::default(),
            reach: Cell::new(0),
        }
    }

    /// A validator for what a consumer expects of a response (see [`Validator::expectation`]).
    pub(crate) fn expecting(spec: &'s Spec) -> Validator<'s> {
        Validator {
            expectation: true,
            ..Validator::new(spec, Direction::Response)
        }
    }

    /// The same validator, judging the expectation as `widening` widens it.
    pub(crate) fn widened_by(self, widening: &'s dyn Widening) -> Validator<'s> {
        Validator {
            widening: Some(widening),
            // What is valid changes, and with it what an example is.
            drafts: RefCell::default(),
            members: RefCell::default(),
            ..self
        }
    }

    /// The same validator without widening: what judges one value as it is.
    pub(super) fn plain(&self) -> Validator<'s> {
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
        self.sub_valid(schema, value, &mut Vec::new(), 0)
    }

    /// [`Validator::is_valid`], and the deepest schema depth its walk reached: a valid value
    /// whose walk reached no deeper than `MAX_DEPTH - d` is valid at depth `d` too (the walk
    /// is the same, nothing cut short), whatever its place, as long as no widening reads
    /// the place.
    pub(super) fn is_valid_reaching(&self, schema: SchemaId, value: &Value) -> (bool, u32) {
        let outer = self.reach.replace(0);
        let valid = self.is_valid(schema, value);
        (valid, self.reach.replace(outer))
    }

    /// Whether a regex matches, `None` when it cannot be compiled (it is then not enforced).
    pub(crate) fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        let mut cache = self.regexes.borrow_mut();
        let re = cache
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok());
        re.as_ref().map(|r| r.is_match(text))
    }

    /// The property is not part of this direction's payloads as a requirement.
    pub(crate) fn exempt(&self, s: &Schema) -> bool {
        match self.direction {
            Direction::Request => s.read_only.is_some(),
            Direction::Response => s.write_only.is_some(),
            Direction::None => false,
        }
    }

    pub(super) fn sub_valid(
        &self,
        id: SchemaId,
        value: &Value,
        path: &mut Vec<Step>,
        depth: u32,
    ) -> bool {
        let mut out = Vec::new();
        let outer = self.quick.replace(true);
        self.check(id, value, path, &mut out, depth);
        self.quick.set(outer);
        out.is_empty()
    }

    /// Whether the walk can stop: only validity is asked, and a violation was found. The
    /// answer (`out` empty or not) cannot change any more, and everything below only reads
    /// emptiness too: `sub_valid` counts branches by it, a message is never read.
    pub(super) fn settled(&self, out: &[Violation]) -> bool {
        self.quick.get() && !out.is_empty()
    }

    /// Whether messages are read: not while only validity is asked.
    pub(super) fn explains(&self) -> bool {
        !self.quick.get()
    }

    pub(super) fn check(
        &self,
        id: SchemaId,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
        self.reach.set(self.reach.get().max(depth));
        if depth > MAX_DEPTH || self.settled(out) || self.drafted(id, value, path, depth) {
            return;
        }
        if self.watching.get() && self.recalled(id, value, path, out, depth) {
            return;
        }
        self.judge(id, value, path, out, depth);
    }

    /// Whether `value` is the draft of `id` its drafting validated
    /// ([`super::generate::Drafted`]): then it is valid here as well, where the walk would go
    /// no deeper than `MAX_DEPTH` (and no widening reads the place). A witness's payload is
    /// made of drafts, and so is each draft of the drafts of its properties: judged again
    /// at each level, the same values were most of drafting and of judging the payloads.
    /// Only objects and arrays are looked up (a scalar is judged as fast), and not on the way
    /// to a focus (the value there holds a candidate, not the draft's value).
    fn drafted(&self, id: SchemaId, value: &Value, path: &[Step], depth: u32) -> bool {
        if self.widening.is_some() || !matches!(value, Value::Object(_) | Value::Array(_)) {
            return false;
        }
        let drafts = self.drafts.borrow();
        let Some((draft, reach)) = drafts.get(&id).and_then(|d| d.validated()) else {
            return false;
        };
        let deepest = depth + reach;
        if deepest > MAX_DEPTH || self.on_the_way(path) || draft != value {
            return false;
        }
        self.reach.set(self.reach.get().max(deepest));
        true
    }

    /// What [`Validator::check`] does once it is past its limits.
    pub(super) fn judge(
        &self,
        id: SchemaId,
        value: &Value,
        path: &mut Vec<Step>,
        out: &mut Vec<Violation>,
        depth: u32,
    ) {
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
            && let Some(regexes) = self.widening.and_then(|w| w.regexes(path))
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
        if let Some((values, at)) = &s.enumeration
            && !self.listed(id, values, value)
        {
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
        if let Some(c) = s.constant
            && !self.written_is(c, value)
        {
            fail(
                out,
                "const",
                Some(c),
                format!("must be {}", instance::short(&self.value_of(c), 40)),
            );
        }
        if self.settled(out) {
            return;
        }
        match value {
            Value::Object(map) => self.object(id, s, map, path, out, depth),
            Value::Array(items) => self.array(s, items, path, out, depth),
            Value::String(text) => self.string(s, text, path, out),
            Value::Number(n) => self.number(s, n, path, out),
            _ => {}
        }
        if self.settled(out) {
            return;
        }
        self.composition(s, value, path, out, depth);
    }

    /// A value written in the spec (an enum entry, a const).
    pub(crate) fn value_of(&self, n: NodeRef) -> Value {
        instance::from_node(self.spec.tree(n), n.node)
    }

    /// Whether `value` is one of the values `id`'s `enum` lists.
    fn listed(&self, id: SchemaId, values: &[NodeRef], value: &Value) -> bool {
        /// Shorter lists are read entry by entry.
        const LONG: usize = 8;
        match value {
            // A string equals only a written string: the strings suffice.
            Value::String(text) if values.len() > LONG => self
                .listed_strings
                .borrow_mut()
                .entry(id)
                .or_insert_with(|| {
                    values
                        .iter()
                        .filter_map(|&n| match self.spec.tree(n).resolve(n.node) {
                            Some(Resolved::Str(s)) => Some(s),
                            _ => None,
                        })
                        .collect()
                })
                .contains(text.as_str()),
            _ => values.iter().any(|&n| self.written_is(n, value)),
        }
    }

    /// Whether the value written at `n` (an enum entry, a const) is `value`.
    fn written_is(&self, n: NodeRef, value: &Value) -> bool {
        instance::written_is(self.spec.tree(n), n.node, value)
    }
}

/// The JSON type of a value; integral numbers are integers.
pub(super) fn type_of(v: &Value) -> TypeSet {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consumers::locate::tests::spec;

    /// A union of `next` or a boolean: a hop down a chain of schemas at one place.
    fn link(name: &str, next: &str) -> String {
        format!(
            "    {name}: {{anyOf: [{{$ref: '#/components/schemas/{next}'}}, {{type: boolean}}]}}\n"
        )
    }

    /// A remembered valid draft is trusted only where its walk would not be cut: past
    /// `MAX_DEPTH` a walk accepts, and under `not` accepting refuses. `X`'s draft `[1]` is
    /// valid (`1` is no string), its walk reaching more than ten hops below `X`. At the end of a
    /// chain of 250 unions, judged again, the walk is cut inside the `not`, whose schema
    /// then accepts: `[1]` is refused there, as a validator that drafted nothing says.
    #[test]
    fn a_draft_near_the_hop_limit_is_judged_again() {
        const CHAIN: usize = 250;
        const BELOW_NOT: usize = 10;
        let mut text = String::from(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/S0'}\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n",
        );
        for i in 0..CHAIN {
            let next = if i + 1 == CHAIN {
                "X".into()
            } else {
                format!("S{}", i + 1)
            };
            text.push_str(&link(&format!("S{i}"), &next));
        }
        text.push_str(
            "    X:\n      type: array\n      minItems: 1\n      items:\n        type: integer\n        not: {$ref: '#/components/schemas/N0'}\n",
        );
        for i in 0..BELOW_NOT {
            text.push_str(&link(&format!("N{i}"), &format!("N{}", i + 1)));
        }
        text.push_str(&format!("    N{BELOW_NOT}: {{type: string}}\n"));
        let (s, _d) = spec(&text);
        let named = |name: &str| {
            let pointer = format!("/components/schemas/{name}");
            let i = s
                .schemas
                .iter()
                .position(|x| x.at.is_some_and(|at| s.pointer(at) == pointer))
                .unwrap_or_else(|| panic!("no schema at {pointer}"));
            SchemaId(i as u32)
        };
        let (x, s0) = (named("X"), named("S0"));
        let drafting = Validator::new(&s, Direction::Request);
        let value = super::super::example(&drafting, x).expect("X has an example");
        assert!(matches!(&value, Value::Array(items) if items.len() == 1 && items[0].is_i64()));
        let (valid, reach) = drafting.is_valid_reaching(x, &value);
        assert!(valid);
        assert!(reach as usize > BELOW_NOT && CHAIN + reach as usize > MAX_DEPTH as usize);

        let fresh = Validator::new(&s, Direction::Request);
        assert!(!fresh.is_valid(s0, &value), "the cut walk refuses");
        assert!(
            !drafting.is_valid(s0, &value),
            "the draft is not trusted there"
        );
        assert_eq!(
            drafting.validate(s0, &value).len(),
            fresh.validate(s0, &value).len()
        );
    }
}
