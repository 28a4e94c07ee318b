//! Semantic normalization, so that equivalent schemas compare equal:
//!
//! - `allOf` members are folded into the schema that lists them (a property moved into an
//!   `allOf` member is not a change); when members conflict in a way folding cannot express
//!   (two `oneOf`s, two patterns, `additionalProperties: false` beside another member's
//!   properties) the schema is left as written and marked.
//! - `oneOf` / `anyOf` of a single branch is that branch.
//! - `anyOf` / `oneOf` of a schema and `{type: null}` is that schema made nullable — the 3.1
//!   spelling of 3.0's `nullable: true` next to a `$ref`.
//! - 3.0's `nullable: true` on a schema whose type only its `allOf` members give is applied
//!   after folding.
//! - 3.0's `nullable: true` beside an `anyOf` / `oneOf` and no `type` (Stripe's expandable
//!   fields: `anyOf: [string, $ref: customer]`) adds null to what the union accepts: it becomes
//!   one more branch, `{type: null}` written at the `nullable` keyword — the 3.1 spelling. This
//!   is the one reading of that `nullable`: the validator, the inclusion check, the generator and
//!   the diff all see the union with its null branch. (OAS 3.0.3 says `nullable` applies only
//!   beside an explicit `type`; 3.0.0 – 3.0.2 do not, and the specs that write it, Stripe's
//!   among them, mean null is allowed. A single-branch `anyOf: [$ref]` + `nullable` already
//!   read as nullable once the branch is folded in.)

use crate::model::schema::{Additional, Bound, Limit, Schema, SchemaId, TypeSet, constraint_free};

/// Deeper chains of `allOf` members and union branches than this are left as written rather
/// than risk the stack.
const MAX_DEPTH: usize = 64;

pub(super) fn fold_all_of(schemas: &mut Vec<Schema>) {
    // `oneOf: [X]` and `anyOf: [X]` mean exactly `X`, as does `allOf: [X]`: fold them alike
    // (Stripe writes every nullable reference as `anyOf: [$ref]` + `nullable: true`).
    for s in schemas.iter_mut() {
        if s.one_of.len() == 1 && s.any_of.is_empty() {
            let x = s.one_of.pop().expect("one branch");
            s.all_of.push(x);
        } else if s.any_of.len() == 1 && s.one_of.is_empty() {
            let x = s.any_of.pop().expect("one branch");
            s.all_of.push(x);
        }
    }
    let state = vec![State::Todo; schemas.len()];
    let mut folding = Folding { schemas, state };
    let mut i = 0;
    while i < folding.schemas.len() {
        folding.fold(SchemaId(i as u32), 0);
        i += 1;
    }
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Todo,
    Active,
    Done,
}

/// The schema arena being folded, and how far each schema has got: what every step of the
/// folding reads and changes. Folding adds schemas (a property two members define is a new
/// `allOf` of both), so `state` grows with the arena.
struct Folding<'s> {
    schemas: &'s mut Vec<Schema>,
    state: Vec<State>,
}

impl Folding<'_> {
    fn fold(&mut self, id: SchemaId, depth: usize) {
        let i = id.0 as usize;
        if self.state.len() < self.schemas.len() {
            self.state.resize(self.schemas.len(), State::Todo);
        }
        if self.state[i] != State::Todo {
            return;
        }
        self.state[i] = State::Active;
        // allOf first, then a nullable union on what it gave.
        if !self.schemas[i].all_of.is_empty() {
            match (depth <= MAX_DEPTH)
                .then(|| self.fold_members(id, depth))
                .flatten()
            {
                Some(merged) => self.schemas[i] = merged,
                None => self.schemas[i].all_of_unfolded = true,
            }
        }
        if !self.schemas[i].all_of_unfolded
            && depth <= MAX_DEPTH
            && let Some(merged) = self.nullable_union(id, depth)
        {
            self.schemas[i] = merged;
        }
        if depth <= MAX_DEPTH
            && let Some(merged) = self.enum_union(id, depth)
        {
            self.schemas[i] = merged;
        }
        let s = &mut self.schemas[i];
        if s.nullable_pending.is_some()
            && let Some(t) = s.types
        {
            s.types = Some(t.union(TypeSet::NULL));
            s.nullable_pending = None;
        }
        if depth <= MAX_DEPTH {
            self.null_branch(id, depth);
        }
        self.state[i] = State::Done;
    }

    /// `anyOf: [A, B]` + `nullable: true` (no `type`) → `anyOf: [A, B, {type: null}]`; likewise
    /// a `oneOf` whose branches all refuse null (one that admits it already lets null through).
    fn null_branch(&mut self, id: SchemaId, depth: usize) {
        let s = &self.schemas[id.0 as usize];
        let Some(at) = s.nullable_pending else {
            return;
        };
        if s.types.is_some() || s.all_of_unfolded {
            return;
        }
        let any = match (s.one_of.is_empty(), s.any_of.is_empty()) {
            (true, false) => true,
            (false, true) => false,
            _ => return,
        };
        if !any {
            let branches = s.one_of.clone();
            if branches.iter().any(|&b| self.admits_null(b, depth + 1)) {
                return;
            }
        }
        let null = SchemaId(self.schemas.len() as u32);
        self.schemas.push(Schema {
            at: Some(at),
            types: Some(TypeSet::NULL),
            types_at: Some(at),
            ..Schema::default()
        });
        self.state.resize(self.schemas.len(), State::Todo);
        self.state[null.0 as usize] = State::Done;
        let s = &mut self.schemas[id.0 as usize];
        s.nullable_pending = None;
        if any {
            s.any_of.push(null);
        } else {
            s.one_of.push(null);
        }
    }

    /// Whether a (folded) schema may let null through: its type says so, or it has none.
    fn admits_null(&mut self, id: SchemaId, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return true;
        }
        self.fold(id, depth);
        if self.state[id.0 as usize] != State::Done {
            return true;
        }
        let s = &self.schemas[id.0 as usize];
        if let Some(t) = s.types {
            return t.has(TypeSet::NULL);
        }
        let branches: Vec<SchemaId> = s.one_of.iter().chain(&s.any_of).copied().collect();
        branches.is_empty() || branches.iter().any(|&b| self.admits_null(b, depth + 1))
    }

    /// Fold the members of `id`'s allOf into a copy of it. `None` when they conflict.
    fn fold_members(&mut self, id: SchemaId, depth: usize) -> Option<Schema> {
        let members = self.schemas[id.0 as usize].all_of.clone();
        for &m in &members {
            self.fold(m, depth + 1);
            let member = &self.schemas[m.0 as usize];
            // A dangling `$ref` member stays visible (compared by its text) instead of folding
            // in as an empty schema.
            if self.state[m.0 as usize] != State::Done
                || member.all_of_unfolded
                || member.unresolved.is_some()
            {
                return None;
            }
        }
        let mut merged = self.schemas[id.0 as usize].clone();
        for &m in &members {
            let member = self.schemas[m.0 as usize].clone();
            self.merge_into(&mut merged, &member, depth)?;
        }
        Some(merged)
    }

    /// `anyOf: [X, {type: null}]` → X, nullable.
    fn nullable_union(&mut self, id: SchemaId, depth: usize) -> Option<Schema> {
        let s = &self.schemas[id.0 as usize];
        let branches = if !s.one_of.is_empty() {
            &s.one_of
        } else {
            &s.any_of
        };
        if branches.len() != 2 || (!s.one_of.is_empty() && !s.any_of.is_empty()) {
            return None;
        }
        let is_null = |b: SchemaId| {
            let b = &self.schemas[b.0 as usize];
            b.types == Some(TypeSet::NULL)
                && constraint_free(&Schema {
                    types: None,
                    ..b.clone()
                })
        };
        let (nullish, other) = match (is_null(branches[0]), is_null(branches[1])) {
            (true, false) => (branches[0], branches[1]),
            (false, true) => (branches[1], branches[0]),
            _ => return None,
        };
        // `null` passes only if the schema's own type allows it (an allOf member of type object,
        // folded in, rules it out).
        let null_allowed = s.types.is_none_or(|t| t.has(TypeSet::NULL));
        self.fold(other, depth + 1);
        if self.schemas[other.0 as usize].all_of_unfolded
            || self.state[other.0 as usize] != State::Done
        {
            return None;
        }
        let mut merged = self.schemas[id.0 as usize].clone();
        merged.one_of.clear();
        merged.any_of.clear();
        let branch = self.schemas[other.0 as usize].clone();
        self.merge_into(&mut merged, &branch, depth)?;
        if null_allowed {
            merged.types = merged.types.map(|t| t.union(TypeSet::NULL));
            if merged.types.is_none() {
                merged.nullable_pending = self.schemas[nullish.0 as usize].at.or(merged.at);
            }
        }
        Some(merged)
    }

    /// `oneOf: [{enum: [a]}, {const: b}]` (or `anyOf`) is `enum: [a, b]`: a union of fixed values
    /// is the list of those values.
    fn enum_union(&mut self, id: SchemaId, depth: usize) -> Option<Schema> {
        let s = &self.schemas[id.0 as usize];
        let branches = match (s.one_of.as_slice(), s.any_of.as_slice()) {
            (b, []) | ([], b) if b.len() >= 2 => b.to_vec(),
            _ => return None,
        };
        // The union itself may carry a type and documentation, nothing else.
        let bare_union = Schema {
            types: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            title: None,
            description: None,
            ..s.clone()
        };
        if !constraint_free(&bare_union) {
            return None;
        }
        let mut values = Vec::new();
        let mut types: Option<TypeSet> = None;
        let mut at = None;
        for b in branches {
            self.fold(b, depth + 1);
            let branch = &self.schemas[b.0 as usize];
            let fixed: Vec<_> = match (&branch.enumeration, branch.constant) {
                (Some((vals, node)), None) => {
                    at = at.or(Some(*node));
                    vals.clone()
                }
                (None, Some(c)) => {
                    at = at.or(Some(c));
                    vec![c]
                }
                _ => return None,
            };
            // Nothing but the type and the values (and documentation) on the branch.
            let bare = Schema {
                types: None,
                enumeration: None,
                constant: None,
                title: None,
                description: None,
                ..branch.clone()
            };
            if !constraint_free(&bare) {
                return None;
            }
            types = match (types, branch.types) {
                (_, None) => return None,
                (None, Some(t)) => Some(t),
                (Some(a), Some(t)) => Some(a.union(t)),
            };
            values.extend(fixed);
        }
        let s = &self.schemas[id.0 as usize];
        let own_types = s.types;
        let mut merged = s.clone();
        merged.one_of.clear();
        merged.any_of.clear();
        merged.discriminator = None;
        merged.enumeration = Some((values, at?));
        merged.types = match (own_types, types) {
            (Some(o), Some(t)) => Some(o.intersect(t)),
            (o, t) => o.or(t),
        };
        Some(merged)
    }

    fn merge_into(&mut self, t: &mut Schema, m: &Schema, depth: usize) -> Option<()> {
        if m.boolean == Some(false) {
            return None;
        }
        t.types = match (t.types, m.types) {
            (Some(a), Some(b)) => {
                let both = a.intersect(b);
                if both.is_empty() {
                    return None;
                }
                Some(both)
            }
            (a, b) => a.or(b),
        };
        take(&mut t.types_at, &m.types_at);
        if clash(&t.format, &m.format, |a, b| a.0 == b.0)
            || (t.enumeration.is_some() && m.enumeration.is_some())
            || (t.constant.is_some() && m.constant.is_some())
            || clash(&t.multiple_of, &m.multiple_of, |a, b| {
                a.0.value == b.0.value
            })
            || clash(&t.pattern, &m.pattern, |a, b| a.0 == b.0)
            || (!t.one_of.is_empty() && !m.one_of.is_empty())
            || (!t.any_of.is_empty() && !m.any_of.is_empty())
            || clash(&t.not, &m.not, |a, b| a == b)
            || clash(&t.property_names, &m.property_names, |a, b| a == b)
            || clash(&t.contains, &m.contains, |a, b| a == b)
        {
            return None;
        }
        // `additionalProperties` of one member applies to that member's properties only; folding
        // it next to another member's properties would change what validates.
        let closes = |s: &Schema| {
            matches!(
                s.additional_properties,
                Some((Additional::Allowed(false), _)) | Some((Additional::Schema(_), _))
            )
        };
        if (closes(t) && !m.properties.is_empty()) || (closes(m) && !t.properties.is_empty()) {
            return None;
        }
        take(&mut t.additional_properties, &m.additional_properties);
        take(&mut t.format, &m.format);
        take(&mut t.enumeration, &m.enumeration);
        take(&mut t.constant, &m.constant);
        take(&mut t.multiple_of, &m.multiple_of);
        take(&mut t.exclusive_minimum_flag, &m.exclusive_minimum_flag);
        take(&mut t.exclusive_maximum_flag, &m.exclusive_maximum_flag);
        take(&mut t.pattern, &m.pattern);
        take(&mut t.not, &m.not);
        take(&mut t.property_names, &m.property_names);
        take(&mut t.contains, &m.contains);
        take(&mut t.unique_items, &m.unique_items);
        take(&mut t.read_only, &m.read_only);
        take(&mut t.write_only, &m.write_only);
        take(&mut t.deprecated, &m.deprecated);
        take(&mut t.default, &m.default);
        take(&mut t.discriminator, &m.discriminator);
        take(&mut t.title, &m.title);
        take(&mut t.description, &m.description);
        if t.one_of.is_empty() {
            t.one_of.clone_from(&m.one_of);
        }
        if t.any_of.is_empty() {
            t.any_of.clone_from(&m.any_of);
        }
        t.nullable_pending = t.nullable_pending.or(m.nullable_pending);
        // Limits: the tighter one holds.
        tighter_limit(&mut t.min_length, &m.min_length, true);
        tighter_limit(&mut t.max_length, &m.max_length, false);
        tighter_limit(&mut t.min_items, &m.min_items, true);
        tighter_limit(&mut t.max_items, &m.max_items, false);
        tighter_limit(&mut t.min_properties, &m.min_properties, true);
        tighter_limit(&mut t.max_properties, &m.max_properties, false);
        tighter_bound(&mut t.minimum, &m.minimum, true);
        tighter_bound(&mut t.maximum, &m.maximum, false);
        // Required and properties: union; a property both define must satisfy both self.schemas.
        for r in &m.required {
            if let Err(pos) = t.required.binary_search(r) {
                t.required.insert(pos, r.clone());
            }
        }
        take(&mut t.required_at, &m.required_at);
        for (name, ms) in &m.properties {
            match t.properties.binary_search_by(|(n, _)| n.cmp(name)) {
                Err(pos) => t.properties.insert(pos, (name.clone(), *ms)),
                Ok(pos) => {
                    let ts = t.properties[pos].1;
                    if ts != *ms {
                        t.properties[pos].1 = self.both(ts, *ms, depth)?;
                    }
                }
            }
        }
        for (pat, ms) in &m.pattern_properties {
            match t.pattern_properties.binary_search_by(|(p, _)| p.cmp(pat)) {
                Ok(_) => return None,
                Err(pos) => t.pattern_properties.insert(pos, (pat.clone(), *ms)),
            }
        }
        match (t.items, m.items) {
            (Some(a), Some(b)) if a != b => t.items = Some(self.both(a, b, depth)?),
            (None, b) => t.items = b,
            _ => {}
        }
        if !m.prefix_items.is_empty() {
            if !t.prefix_items.is_empty() && t.prefix_items != m.prefix_items {
                return None;
            }
            t.prefix_items.clone_from(&m.prefix_items);
        }
        for (k, v) in &m.extras {
            if !t.extras.iter().any(|(e, _)| e == k) {
                t.extras.push((k.clone(), *v));
            }
        }
        Some(())
    }

    /// A new schema that must satisfy both `a` and `b`: `allOf: [a, b]`, folded.
    fn both(&mut self, a: SchemaId, b: SchemaId, depth: usize) -> Option<SchemaId> {
        let id = SchemaId(self.schemas.len() as u32);
        self.schemas.push(Schema {
            at: self.schemas[a.0 as usize].at,
            all_of: vec![a, b],
            ..Schema::default()
        });
        self.state.push(State::Todo);
        self.fold(id, depth + 1);
        (!self.schemas[id.0 as usize].all_of_unfolded).then_some(id)
    }
}

fn take<T: Clone>(target: &mut Option<T>, member: &Option<T>) {
    if target.is_none() {
        target.clone_from(member);
    }
}

/// Both set and different: folding cannot keep both.
fn clash<T>(a: &Option<T>, b: &Option<T>, same: impl Fn(&T, &T) -> bool) -> bool {
    matches!((a, b), (Some(x), Some(y)) if !same(x, y))
}

fn tighter_limit(t: &mut Option<Limit>, m: &Option<Limit>, lower: bool) {
    if let Some(ml) = m {
        let replace = match t {
            None => true,
            Some(tl) => {
                if lower {
                    ml.value > tl.value
                } else {
                    ml.value < tl.value
                }
            }
        };
        if replace {
            *t = Some(*ml);
        }
    }
}

fn tighter_bound(t: &mut Option<Bound>, m: &Option<Bound>, lower: bool) {
    if let Some(mb) = m {
        let replace = match t {
            None => true,
            Some(tb) => {
                let (a, b) = (mb.value.value, tb.value.value);
                if a == b {
                    mb.exclusive && !tb.exclusive
                } else if lower {
                    a > b
                } else {
                    a < b
                }
            }
        };
        if replace {
            *t = Some(mb.clone());
        }
    }
}
