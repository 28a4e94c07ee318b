//! Values that satisfy a schema: the skeletons witnesses are built on, and the bodies a mock
//! server answers with. Every value is made of guesses the validator then judges: [`generate`]
//! returns only values it has validated against the schema, or `None`.
//!
//! Generation is deterministic: the same spec, schema, direction and [`Generation`] give the
//! same value. It honours `required` (a required property is always there, unless the
//! direction exempts it: `readOnly` in requests, `writeOnly` in responses), formats (a sample
//! of each checked format), patterns, bounds, `const`/`enum`, discriminators and unions, and
//! stops at recursion (a schema is not entered again inside itself; nesting beyond
//! `MAX_DEPTH` is not generated, so a required recursive property has no value).

use serde_json::{Map, Value, json};

use super::keywords::PropertyWalk;
use super::samples::{integers, numbers, strings};
use super::validate::Validator;
use crate::model::SchemaId;
use crate::model::schema::{Additional, Schema, TypeSet};

/// Nesting beyond this is not generated: a required recursive property has no finite example.
pub(crate) const MAX_DEPTH: usize = 16;

/// How many optional properties and array items one generation fills in at most, so that a
/// large connected schema graph still gives a small body.
const OPTIONAL_BUDGET: usize = 256;

/// What to generate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Generation {
    /// Varies which valid guess is taken at each place (which enum value, which union branch,
    /// which sample), deterministically. `0` takes the first: the smallest, most telling value.
    pub seed: u64,
    /// Fill in optional properties (not those the direction exempts) and give arrays an item
    /// where their bounds allow, as a realistic body would have — not only what is required.
    pub optional: bool,
}

/// A valid instance of the schema, if one is found.
pub fn generate(v: &Validator, id: SchemaId, how: Generation) -> Option<Value> {
    Generator::new(v, how).draft(id)
}

/// The smallest valid instance of the schema (required properties only), if one is found.
/// Drafted once per validator: a draft with nothing around it depends on nothing outside
/// itself, so it is remembered (a `Drafted`) and recalled the next time.
pub fn example(v: &Validator, id: SchemaId) -> Option<Value> {
    generate(v, id, Generation::default())
}

/// Where a guess for a schema comes from, tried in order (rotated by the seed).
enum GuessSource<'a> {
    /// A value the author wrote: `const`, `enum`, `default`, `example`, `examples`.
    Written(Value),
    /// An object of the branch a discriminator value selects, with that value in the
    /// discriminator's property.
    Discriminated {
        property: &'a str,
        value: String,
        branch: SchemaId,
    },
    /// A union branch or an unfolded `allOf` member.
    Branch(SchemaId),
    /// A value of one type, built from the schema's own keywords.
    Typed(&'a Schema, TypeSet),
}

/// One generation in progress.
pub(crate) struct Generator<'v, 's> {
    v: &'v Validator<'s>,
    how: Generation,
    /// The schemas being drafted, outermost first: what stops recursion.
    stack: Vec<SchemaId>,
    /// Optional properties and array items still to be filled in.
    budget: usize,
    /// The discriminator values chosen by the unions being drafted, innermost last: a branch
    /// that refers back to its union (`Cat: allOf: [Pet]`, `Pet: oneOf: [Cat, …]`) is valid
    /// only with the value that selects it.
    chosen: Vec<(&'s str, String)>,
    /// Every schema a draft was asked for so far (entered, or turned down as recursion or too
    /// deep), for [`Drafted::entered`].
    trail: Vec<SchemaId>,
    /// The outermost level of the stack the drafts under way have depended on: a schema
    /// turned down because that level is drafting it, or `0` for one turned down as too deep.
    outermost: usize,
    /// The deepest level a draft was asked for at.
    deepest: usize,
}

/// A plain draft (no seed, no optional values, no discriminator value chosen around it) that
/// depended on nothing outside itself: no schema it asked for was turned down because a draft
/// around it was drafting that schema, and none for being too deep. Drafted anywhere else
/// where none of the schemas it asked for is being drafted and it would not go too deep, it
/// is the same value, so it is recalled there: an example of a large object nests the same
/// schemas many times over (GitHub's `repository` in every pull request's head and base).
#[derive(Debug)]
pub(crate) struct Drafted {
    value: Option<Value>,
    /// Every schema the draft asked for, itself included, sorted.
    entered: Vec<SchemaId>,
    /// How many levels deeper than its own the draft asked for a schema.
    deeper: usize,
    /// The deepest schema depth validating the value reached
    /// ([`Validator::is_valid_reaching`]).
    reach: u32,
}

impl Drafted {
    /// The value, which its drafting found valid, and the depth validating it reached.
    pub(super) fn validated(&self) -> Option<(&Value, u32)> {
        self.value.as_ref().map(|v| (v, self.reach))
    }
}

impl<'v, 's> Generator<'v, 's> {
    pub(crate) fn new(v: &'v Validator<'s>, how: Generation) -> Generator<'v, 's> {
        Generator {
            v,
            how,
            stack: Vec::new(),
            budget: if how.optional { OPTIONAL_BUDGET } else { 0 },
            chosen: Vec::new(),
            trail: Vec::new(),
            outermost: usize::MAX,
            deepest: 0,
        }
    }

    /// The first valid guess for the schema.
    pub(crate) fn draft(&mut self, id: SchemaId) -> Option<Value> {
        let level = self.stack.len();
        self.trail.push(id);
        self.deepest = self.deepest.max(level);
        if level > MAX_DEPTH {
            self.outermost = 0;
            return None;
        }
        if let Some(at) = self.stack.iter().position(|&s| s == id) {
            self.outermost = self.outermost.min(at);
            return None;
        }
        let plain = self.how == Generation::default() && self.chosen.is_empty();
        if plain && let Some(recalled) = self.recall(id, level) {
            return recalled;
        }
        let v = self.v;
        let s = v.spec.schema(id);
        if s.boolean == Some(false) {
            return None;
        }
        // What the drafts around this one depended on and reached, kept aside to tell what
        // this one does.
        let outer = (
            std::mem::replace(&mut self.outermost, usize::MAX),
            std::mem::replace(&mut self.deepest, level),
        );
        let start = self.trail.len() - 1;
        self.stack.push(id);
        let mut sources = self.sources(s);
        if self.how.seed != 0 && sources.len() > 1 {
            let turn = mix(self.how.seed, u64::from(id.0), self.stack.len());
            let count = sources.len() as u64;
            sources.rotate_left((turn % count) as usize);
        }
        let mut reach = 0;
        let found = sources.into_iter().find_map(|source| {
            self.guesses(source).into_iter().find(|g| {
                let (valid, reached) = v.is_valid_reaching(id, g);
                reach = reached;
                valid
            })
        });
        self.stack.pop();
        let (outermost, deepest) = (self.outermost, self.deepest);
        if plain && outermost >= level {
            self.remember(id, level, start, (&found, reach));
        }
        self.outermost = outer.0.min(outermost);
        self.deepest = outer.1.max(deepest);
        found
    }

    /// The draft of `id` at `level`, if one drafted before holds here ([`Drafted`]).
    fn recall(&mut self, id: SchemaId, level: usize) -> Option<Option<Value>> {
        let drafts = self.v.drafts.borrow();
        let known = drafts.get(&id)?;
        if level + known.deeper > MAX_DEPTH
            || self
                .stack
                .iter()
                .any(|s| known.entered.binary_search(s).is_ok())
        {
            return None;
        }
        self.trail.pop();
        self.trail.extend_from_slice(&known.entered);
        self.deepest = self.deepest.max(level + known.deeper);
        Some(known.value.clone())
    }

    /// Keep the draft of `id` at `level` that depended on nothing around it, the schemas it
    /// asked for being those of the trail from `start`; the trail keeps them once each.
    fn remember(
        &mut self,
        id: SchemaId,
        level: usize,
        start: usize,
        (found, reach): (&Option<Value>, u32),
    ) {
        let mut entered = self.trail.split_off(start);
        entered.sort_unstable();
        entered.dedup();
        self.trail.extend_from_slice(&entered);
        self.v
            .drafts
            .borrow_mut()
            .entry(id)
            .or_insert_with(|| Drafted {
                value: found.clone(),
                entered,
                deeper: self.deepest - level,
                reach,
            });
    }

    fn sources(&self, s: &'s Schema) -> Vec<GuessSource<'s>> {
        let mut out: Vec<GuessSource> = written_values(self.v, s)
            .into_iter()
            .map(GuessSource::Written)
            .collect();
        if let Some(d) = &s.discriminator {
            out.extend(self.v.discriminated(s).into_iter().map(|(value, branch)| {
                GuessSource::Discriminated {
                    property: &d.property_name,
                    value,
                    branch,
                }
            }));
        }
        out.extend(
            s.one_of
                .iter()
                .chain(&s.any_of)
                .map(|&b| GuessSource::Branch(b)),
        );
        if s.all_of_unfolded {
            out.extend(s.all_of.iter().map(|&m| GuessSource::Branch(m)));
        }
        out.extend(
            preferred_types(s)
                .into_iter()
                .map(|t| GuessSource::Typed(s, t)),
        );
        out
    }

    fn guesses(&mut self, source: GuessSource<'s>) -> Vec<Value> {
        match source {
            GuessSource::Written(value) => vec![value],
            GuessSource::Discriminated {
                property,
                value,
                branch,
            } => {
                self.chosen.push((property, value.clone()));
                let drafted = self.draft(branch);
                self.chosen.pop();
                match drafted {
                    Some(Value::Object(mut map)) => {
                        map.insert(property.to_string(), Value::String(value));
                        vec![Value::Object(map)]
                    }
                    _ => Vec::new(),
                }
            }
            GuessSource::Branch(b) => self.draft(b).into_iter().collect(),
            GuessSource::Typed(s, t) => self.typed(s, t),
        }
    }

    /// Guesses of one type for the schema (not yet validated), fullest first.
    pub(crate) fn typed(&mut self, s: &Schema, t: TypeSet) -> Vec<Value> {
        match t {
            TypeSet::OBJECT => self.object(s),
            TypeSet::ARRAY => self.array(s),
            TypeSet::STRING => strings(s),
            TypeSet::INTEGER => integers(s).into_iter().map(Value::from).collect(),
            TypeSet::NUMBER => numbers(s),
            TypeSet::BOOLEAN => vec![json!(true), json!(false)],
            TypeSet::NULL => vec![Value::Null],
            _ => Vec::new(),
        }
    }

    /// The object of the required properties (and as many more as `minProperties` asks);
    /// when generating optional properties too, first that object with them.
    fn object(&mut self, s: &Schema) -> Vec<Value> {
        let v = self.v;
        let mut map = Map::new();
        // The required names are sorted too.
        let mut declared = PropertyWalk::of(s);
        for name in &s.required {
            let chosen = self.chosen.iter().rev().find(|(p, _)| p == name);
            let value = match declared.find(name) {
                Some(p) if v.exempt(v.spec.schema(p)) => continue,
                _ if chosen.is_some() => chosen.map(|(_, c)| Value::String(c.clone())),
                Some(p) => self.draft(p),
                None => match &s.additional_properties {
                    Some((Additional::Schema(p), _)) => self.draft(*p),
                    _ => Some(json!("example")),
                },
            };
            let Some(value) = value else {
                return Vec::new();
            };
            map.insert(name.clone(), value);
        }
        let wanted = s.min_properties.map_or(0, |l| l.value).min(64) as usize;
        for (name, p) in &s.properties {
            if map.len() >= wanted {
                break;
            }
            if !map.contains_key(name)
                && let Some(value) = self.draft(*p)
            {
                map.insert(name.clone(), value);
            }
        }
        self.fill_with_extra_keys(s, &mut map, wanted);
        // Nothing more to fill in (examples, where drafts nest: a copy at every level of a
        // large object was a sixth of drafting it).
        if self.budget == 0 {
            return vec![Value::Object(map)];
        }
        let minimal = Value::Object(map.clone());
        let most = s.max_properties.map_or(usize::MAX, |l| l.value as usize);
        let mut filled = false;
        for (name, p) in &s.properties {
            if self.budget == 0 || map.len() >= most {
                break;
            }
            if map.contains_key(name) || v.exempt(v.spec.schema(*p)) {
                continue;
            }
            if let Some(value) = self.draft(*p) {
                self.budget -= 1;
                map.insert(name.clone(), value);
                filled = true;
            }
        }
        if filled {
            vec![Value::Object(map), minimal]
        } else {
            vec![minimal]
        }
    }

    /// Add undeclared properties (`key1`, `key2`, …) until the object has `wanted` of them,
    /// where `additionalProperties` allows.
    pub(crate) fn fill_with_extra_keys(
        &mut self,
        s: &Schema,
        map: &mut Map<String, Value>,
        wanted: usize,
    ) {
        let value = match &s.additional_properties {
            Some((Additional::Allowed(false), _)) => return,
            Some((Additional::Schema(p), _)) => match self.draft(*p) {
                Some(x) => x,
                None => return,
            },
            _ => json!("x"),
        };
        let mut n = 1;
        while map.len() < wanted && n <= 64 {
            let key = format!("key{n}");
            if s.property(&key).is_none() {
                map.entry(key).or_insert_with(|| value.clone());
            }
            n += 1;
        }
    }

    /// The array of as many items as `minItems` asks, then with an item for `contains`; when
    /// generating optional values too, first one with an item where `maxItems` allows and none
    /// are asked for.
    fn array(&mut self, s: &Schema) -> Vec<Value> {
        let n = s.min_items.map_or(0, |l| l.value).min(64) as usize;
        let mut items = Vec::new();
        for &p in s.prefix_items.iter().take(n.max(s.prefix_items.len())) {
            let Some(item) = self.draft(p) else {
                return Vec::new();
            };
            items.push(item);
        }
        while items.len() < n {
            let item = match s.items {
                Some(i) => self.draft(i),
                None => Some(json!(items.len())),
            };
            let Some(item) = item else {
                return Vec::new();
            };
            items.push(item);
        }
        let room = s.max_items.is_none_or(|l| l.value > items.len() as u64);
        let mut out = Vec::new();
        if self.budget > 0
            && items.is_empty()
            && room
            && let Some(item) = s.items.and_then(|i| self.draft(i))
        {
            self.budget -= 1;
            out.push(Value::Array(vec![item]));
        }
        // `contains` asks for an item the others may not be.
        let with_contained = match s.contains.filter(|_| room) {
            Some(c) => self.draft(c).map(|item| {
                let mut more = items.clone();
                more.push(item);
                Value::Array(more)
            }),
            None => None,
        };
        out.push(Value::Array(items));
        out.extend(with_contained);
        out
    }
}

/// Values the author wrote: `const`, `enum`, `default`, `example`, `examples`.
pub(crate) fn written_values(v: &Validator, s: &Schema) -> Vec<Value> {
    let mut out = Vec::new();
    out.extend(s.constant.map(|c| v.value_of(c)));
    if let Some((values, _)) = &s.enumeration {
        out.extend(values.iter().map(|&n| v.value_of(n)));
    }
    out.extend(s.default.map(|d| v.value_of(d)));
    for (key, node) in &s.extras {
        match (key.as_str(), v.value_of(*node)) {
            ("example", x) => out.push(x),
            ("examples", Value::Array(xs)) => out.extend(xs),
            _ => {}
        }
    }
    out
}

/// The types to try, most telling first; for a schema without `type`, the ones its keywords
/// suggest.
pub(crate) fn preferred_types(s: &Schema) -> Vec<TypeSet> {
    const ORDER: [TypeSet; 7] = [
        TypeSet::OBJECT,
        TypeSet::ARRAY,
        TypeSet::STRING,
        TypeSet::INTEGER,
        TypeSet::NUMBER,
        TypeSet::BOOLEAN,
        TypeSet::NULL,
    ];
    let allowed = s.types.unwrap_or_else(|| implied_types(s));
    ORDER.into_iter().filter(|&t| allowed.has(t)).collect()
}

fn implied_types(s: &Schema) -> TypeSet {
    let mut t = TypeSet::default();
    if !s.properties.is_empty()
        || !s.required.is_empty()
        || s.additional_properties.is_some()
        || s.min_properties.is_some()
    {
        t = t.union(TypeSet::OBJECT);
    }
    if s.items.is_some() || !s.prefix_items.is_empty() || s.min_items.is_some() {
        t = t.union(TypeSet::ARRAY);
    }
    if s.pattern.is_some() || s.min_length.is_some() || s.max_length.is_some() {
        t = t.union(TypeSet::STRING);
    }
    if s.minimum.is_some() || s.maximum.is_some() || s.multiple_of.is_some() {
        t = t.union(TypeSet::NUMBER);
    }
    if t.is_empty() { TypeSet::STRING } else { t }
}

/// A well-spread number from the seed and the place (SplitMix64's finalizer), so that each
/// schema at each depth turns differently.
fn mix(seed: u64, schema: u64, depth: usize) -> u64 {
    let mut z = seed ^ schema.rotate_left(32) ^ (depth as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
