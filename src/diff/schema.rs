//! Schema comparison as a graph of pairs.
//!
//! Each (base schema, revision schema, context, direction) pair is compared exactly once,
//! however many operations reach it, and recursive schemas simply point back at a pair that
//! already exists — so cycles terminate and nothing recurses on the call stack. Afterwards every
//! operation is attached to the changes reachable from its roots.

use std::fmt::Write;

use rustc_hash::FxHashMap;

use super::operations::Walk;
use super::value;
use super::{Change, Context, Direction, Kind};
use crate::model::schema::{Additional, Bound, Limit, Schema, TypeSet};
use crate::model::{SchemaId, Spec, only_composition};
use crate::vocabulary::NodeRef;

#[derive(Default)]
pub(super) struct SchemaPairs<'a> {
    pairs: Vec<Pair<'a>>,
    memo: FxHashMap<(SchemaId, SchemaId, Context, Direction), usize>,
    queue: Vec<usize>,
}

struct Pair<'a> {
    a: SchemaId,
    b: SchemaId,
    context: Context,
    direction: Direction,
    /// Where the pair was first reached; its human path (`Pet.owner.name`, or
    /// `response 200 application/json › data › []`) is built from this only when a change
    /// needs it.
    origin: Origin<'a>,
    own: Vec<usize>,
    children: Vec<usize>,
}

enum Origin<'a> {
    /// A root schema without a name: the description of where it sits.
    Root(String),
    /// A component schema: its name.
    Named(&'a str),
    /// Reached from another pair.
    Child(usize, Seg<'a>),
}

/// One step from a schema to a sub-schema.
#[derive(Clone, Copy)]
pub(super) enum Seg<'a> {
    /// The same place (a union compared against one of its branches).
    Same,
    Property(&'a str),
    Items,
    AdditionalProperties,
    PatternProperty(&'a str),
    PropertyNames,
    Contains,
    PrefixItem(usize),
    Branch(&'static str),
    Not,
}

impl Seg<'_> {
    fn write(self, out: &mut String, dotted: bool) {
        match self {
            Seg::Same => {}
            Seg::Property(name) => {
                if dotted {
                    out.push('.');
                }
                out.push_str(name);
            }
            Seg::Items => out.push_str("[]"),
            Seg::AdditionalProperties => out.push_str(if dotted { ".*" } else { "*" }),
            Seg::PatternProperty(p) => {
                let _ = write!(out, "{}<{p}>", if dotted { "." } else { "" });
            }
            Seg::PropertyNames => out.push_str("<propertyNames>"),
            Seg::Contains => out.push_str("<contains>"),
            Seg::PrefixItem(k) => {
                let _ = write!(out, "[{k}]");
            }
            Seg::Branch(word) => {
                let _ = write!(out, "<{word}>");
            }
            Seg::Not => out.push_str("<not>"),
        }
    }
}

/// Follow schemas that only wrap another: `oneOf: [X]`, `anyOf: [X]`, `allOf: [X]` with
/// nothing else (a `$ref` with only a description beside it is resolved by the reader).
pub(super) fn alias(spec: &Spec, mut id: SchemaId) -> SchemaId {
    // One-branch oneOf / anyOf became allOf when the model was read; a one-member allOf that
    // could be folded was. What is left: a one-member allOf that could not be folded.
    for _ in 0..32 {
        let s = spec.schema(id);
        match s.all_of.as_slice() {
            [x] if s.all_of_unfolded
                && s.one_of.is_empty()
                && s.any_of.is_empty()
                && only_composition(s) =>
            {
                id = *x
            }
            _ => return id,
        }
    }
    id
}

fn has_union(s: &Schema) -> bool {
    !s.one_of.is_empty() || !s.any_of.is_empty()
}

/// A union that says nothing of its own but (perhaps) a type.
fn bare_union(s: &Schema) -> bool {
    has_union(s) && {
        let mut bare = s.clone();
        bare.types = None;
        bare.title = None;
        bare.description = None;
        only_composition(&bare)
    }
}

/// The types a schema allows: its own `type`, or for a union without one, the types its
/// branches allow together (`oneOf` of two objects is an object, not "any").
fn effective_types(spec: &Spec, s: &Schema) -> Option<TypeSet> {
    if s.types.is_some() {
        return s.types;
    }
    let branches = if s.one_of.is_empty() {
        &s.any_of
    } else {
        &s.one_of
    };
    if branches.is_empty() {
        return None;
    }
    let mut union = TypeSet::default();
    for &b in branches {
        union = union.union(spec.schema(alias(spec, b)).types?);
    }
    Some(union)
}

/// The same scalars written the same way, in the same order: the common case of an enum
/// that did not change, decided without building canonical values.
fn same_scalars(a: &Spec, xs: &[NodeRef], b: &Spec, ys: &[NodeRef]) -> bool {
    use crate::tree::NodeValue;
    xs.len() == ys.len()
        && xs.iter().zip(ys).all(|(x, y)| {
            match (a.tree(*x).value(x.node), b.tree(*y).value(y.node)) {
                (
                    NodeValue::Scalar { text: t, style: s },
                    NodeValue::Scalar { text: u, style: v },
                ) => t == u && s == v,
                _ => false,
            }
        })
}

fn relation(narrowed: bool) -> &'static str {
    if narrowed { "narrowed" } else { "widened" }
}

fn limit_text(l: &Option<Limit>) -> Option<String> {
    l.map(|l| l.value.to_string())
}

fn bound_text(b: &Option<Bound>) -> Option<String> {
    b.as_ref().map(|b| {
        if b.exclusive {
            format!("{} (exclusive)", b.value.text)
        } else {
            b.value.text.clone()
        }
    })
}

/// A relation between two formats, by how many values each admits.
fn format_relation(before: &str, after: &str) -> &'static str {
    const WIDER: &[(&str, &str)] = &[
        ("int32", "int64"),
        ("float", "double"),
        ("int8", "int16"),
        ("int16", "int32"),
        ("int8", "int32"),
        ("int8", "int64"),
        ("int16", "int64"),
        ("uint8", "uint16"),
        ("uint16", "uint32"),
        ("uint32", "uint64"),
        ("date", "date-time"),
    ];
    if WIDER.contains(&(before, after)) {
        "widened"
    } else if WIDER.contains(&(after, before)) {
        "narrowed"
    } else {
        "changed"
    }
}

impl<'a> Walk<'a> {
    /// The pair for two schemas in a context, created (and queued) on first use.
    fn pair(
        &mut self,
        a: SchemaId,
        b: SchemaId,
        context: Context,
        direction: Direction,
        origin: Origin<'a>,
    ) -> usize {
        let (spec_a, spec_b) = (self.a, self.b);
        let a = alias(spec_a, a);
        let b = alias(spec_b, b);
        let key = (a, b, context, direction);
        if let Some(&i) = self.pairs.memo.get(&key) {
            return i;
        }
        // Named after its component only when both sides are that component; a property
        // whose `$ref` moved to another component keeps its path (`comment.user`).
        let (na, nb) = (
            spec_a.schema(a).name.as_deref(),
            spec_b.schema(b).name.as_deref(),
        );
        let named = nb.filter(|_| na == nb);
        let i = self.pairs.pairs.len();
        self.pairs.pairs.push(Pair {
            a,
            b,
            context,
            direction,
            origin: named.map_or(origin, Origin::Named),
            own: Vec::new(),
            children: Vec::new(),
        });
        self.pairs.memo.insert(key, i);
        self.pairs.queue.push(i);
        i
    }

    /// A root pair: a schema an operation uses directly.
    pub(super) fn root_pair(
        &mut self,
        a: SchemaId,
        b: SchemaId,
        context: Context,
        direction: Direction,
        label: String,
    ) -> usize {
        self.pair(a, b, context, direction, Origin::Root(label))
    }

    /// The human path of a pair, built from where it was first reached.
    fn label_of(&self, i: usize) -> String {
        let mut segs = Vec::new();
        let mut cur = i;
        let (head, dotted) = loop {
            match &self.pairs.pairs[cur].origin {
                Origin::Root(text) => break (text.as_str(), false),
                Origin::Named(name) => break (*name, true),
                Origin::Child(parent, seg) => {
                    segs.push(*seg);
                    cur = *parent;
                }
            }
        };
        let mut out = head.to_string();
        for seg in segs.into_iter().rev() {
            if matches!(seg, Seg::Same) {
                continue;
            }
            if !dotted {
                out.push_str(" › ");
            }
            seg.write(&mut out, dotted);
        }
        out
    }

    pub(super) fn compare_all_schema_pairs(&mut self) {
        while let Some(i) = self.pairs.queue.pop() {
            self.compare(i);
        }
    }

    /// Attach each operation to the changes its schemas reach, then hand the changes over.
    pub(super) fn finish(mut self) -> Vec<Change> {
        let pairs = &self.pairs.pairs;
        // Pairs from which some change is reachable: reverse reachability from pairs with
        // changes of their own.
        let mut parents: Vec<Vec<usize>> = vec![Vec::new(); pairs.len()];
        for (i, p) in pairs.iter().enumerate() {
            for &c in &p.children {
                parents[c].push(i);
            }
        }
        let mut reaches = vec![false; pairs.len()];
        let mut stack: Vec<usize> = (0..pairs.len())
            .filter(|&i| !pairs[i].own.is_empty())
            .collect();
        for &i in &stack {
            reaches[i] = true;
        }
        while let Some(i) = stack.pop() {
            for &p in &parents[i] {
                if !reaches[p] {
                    reaches[p] = true;
                    stack.push(p);
                }
            }
        }
        // Each change is as stable as the most stable operation that reaches it.
        let mut stability: Vec<Option<u8>> = vec![None; self.changes.len()];
        let mut seen = vec![u32::MAX; pairs.len()];
        for (n, (operation, root, level)) in self.roots.iter().enumerate() {
            if !reaches[*root] {
                continue;
            }
            let rank = super::operations::stability_rank(level.as_deref());
            let mut stack = vec![*root];
            seen[*root] = n as u32;
            while let Some(i) = stack.pop() {
                for &c in &pairs[i].own {
                    if let Some(op) = operation {
                        self.changes[c].operations.push(op.clone());
                    }
                    stability[c] = Some(stability[c].map_or(rank, |r| r.max(rank)));
                }
                for &child in &pairs[i].children {
                    if reaches[child] && seen[child] != n as u32 {
                        seen[child] = n as u32;
                        stack.push(child);
                    }
                }
            }
        }
        for (c, rank) in self.changes.iter_mut().zip(stability) {
            if let Some(name) = rank.and_then(super::operations::stability_name) {
                c.facts.push(("stability", name.into()));
            }
        }
        // Keywords whose kinds carry `presence` say whether the keyword was added, removed or
        // changed, so rules can tell "maxLength set" from "maxLength decreased".
        for c in &mut self.changes {
            if c.kind.facts().contains(&"presence") {
                let presence = match (&c.before, &c.after) {
                    (None, Some(_)) => "added",
                    (Some(_), None) => "removed",
                    _ => "changed",
                };
                c.facts.push(("presence", presence.into()));
            }
        }
        self.changes
    }

    fn child(&mut self, parent: usize, a: SchemaId, b: SchemaId, seg: Seg<'a>) {
        let p = &self.pairs.pairs[parent];
        let (context, direction) = (p.context, p.direction);
        let c = self.pair(a, b, context, direction, Origin::Child(parent, seg));
        self.pairs.pairs[parent].children.push(c);
    }

    /// Like [`Walk::child`] for `not`: what it excludes grows when it shrinks, so the direction
    /// in which a change hurts flips.
    fn child_flipped(&mut self, parent: usize, a: SchemaId, b: SchemaId) {
        let p = &self.pairs.pairs[parent];
        let (context, direction) = (p.context, p.direction.flipped());
        let c = self.pair(a, b, context, direction, Origin::Child(parent, Seg::Not));
        self.pairs.pairs[parent].children.push(c);
    }

    /// Record a change found in pair `i`.
    fn own(
        &mut self,
        i: usize,
        kind: Kind,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) -> &mut Change {
        let path = self.label_of(i);
        let p = &self.pairs.pairs[i];
        let change = Change {
            kind,
            context: p.context,
            direction: p.direction,
            facts: Vec::new(),
            name: None,
            before: None,
            after: None,
            path,
            base,
            revision,
            operations: Vec::new(),
        };
        let idx = self.changes.len();
        self.changes.push(change);
        self.pairs.pairs[i].own.push(idx);
        self.changes.last_mut().expect("just pushed")
    }

    fn compare(&mut self, i: usize) {
        let (spec_a, spec_b) = (self.a, self.b);
        let (ia, ib) = (self.pairs.pairs[i].a, self.pairs.pairs[i].b);
        let sa: &'a Schema = spec_a.schema(ia);
        let sb: &'a Schema = spec_b.schema(ib);
        let at_a = sa.at;
        let at_b = sb.at;

        if sa.unresolved.is_some() || sb.unresolved.is_some() {
            if sa.unresolved != sb.unresolved {
                self.own(i, Kind::SchemaUnresolved, at_a, at_b)
                    .values(sa.unresolved.clone(), sb.unresolved.clone())
                    .with("relation", "changed");
            }
            return;
        }
        // The `false` schema on either side: nothing else to compare.
        if sa.boolean != sb.boolean {
            let text =
                |s: &Schema| Some(s.boolean.map_or("a schema".to_string(), |b| b.to_string()));
            self.own(i, Kind::SchemaBoolean, at_a, at_b)
                .values(text(sa), text(sb))
                .with("relation", relation(sb.boolean == Some(false)));
            return;
        }
        // A plain schema against a union whose only own keyword is a type (`X` → `oneOf: [X,
        // Y]`, or a union merged into one schema): the plain schema is compared with the
        // branches it pairs with (in `branches`), not keyword by keyword with the bare union.
        let against_bare_union =
            has_union(sa) != has_union(sb) && (bare_union(sa) || bare_union(sb));
        self.types(i, sa, sb);
        if !against_bare_union {
            self.format(i, sa, sb);
            self.enumeration(i, sa, sb);
            self.values(i, sa, sb);
            self.properties(i, sa, sb);
            self.limits(i, sa, sb);
            self.strings_and_numbers(i, sa, sb);
            self.flags(i, sa, sb);
            self.nested(i, sa, sb);
        }
        self.branches(i, sa, sb);
        self.discriminator(i, sa, sb);
        self.documentation(i, sa, sb);
        self.extras(i, sa, sb);
    }

    fn types(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let (ta, tb) = (effective_types(self.a, sa), effective_types(self.b, sb));
        if ta == tb {
            return;
        }
        let at_a = sa.types_at.or(sa.at);
        let at_b = sb.types_at.or(sb.at);
        let label = |t: Option<TypeSet>| Some(t.map_or("any".to_string(), |t| t.label()));
        match (ta, tb) {
            (Some(x), Some(y)) if x.without(TypeSet::NULL) == y.without(TypeSet::NULL) => {
                let added = y.has(TypeSet::NULL);
                self.own(i, Kind::SchemaNullable, at_a, at_b)
                    .values(Some((!added).to_string()), Some(added.to_string()))
                    .with("value", added)
                    .with("relation", relation(!added));
            }
            (x, y) => {
                let rel = match (x, y) {
                    (None, Some(_)) => "narrowed",
                    (Some(_), None) => "widened",
                    (Some(x), Some(y)) if x.accepts(y) => "narrowed",
                    (Some(x), Some(y)) if y.accepts(x) => "widened",
                    _ => "changed",
                };
                self.own(i, Kind::SchemaType, at_a, at_b)
                    .values(label(x), label(y))
                    .with("relation", rel);
            }
        }
    }

    fn format(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        self.text_keyword(
            i,
            Kind::SchemaFormat,
            sa,
            sb,
            |s| s.format.as_ref(),
            format_relation,
        );
    }

    /// A keyword with a text value (`format`, `pattern`) that differs: one change at the
    /// keyword (at the schema on a side without it). Adding the keyword narrows, dropping it
    /// widens; `relation` tells what a new value does.
    fn text_keyword(
        &mut self,
        i: usize,
        kind: Kind,
        sa: &Schema,
        sb: &Schema,
        keyword: impl Fn(&Schema) -> Option<&(String, NodeRef)>,
        relation: impl FnOnce(&str, &str) -> &'static str,
    ) {
        let (ka, kb) = (keyword(sa), keyword(sb));
        let rel = match (ka, kb) {
            (None, Some(_)) => "narrowed",
            (Some(_), None) => "widened",
            (Some(x), Some(y)) if x.0 != y.0 => relation(&x.0, &y.0),
            _ => return,
        };
        self.own(
            i,
            kind,
            ka.map(|k| k.1).or(sa.at),
            kb.map(|k| k.1).or(sb.at),
        )
        .values(ka.map(|k| k.0.clone()), kb.map(|k| k.0.clone()))
        .with("relation", rel);
    }

    fn enumeration(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let (spec_a, spec_b) = (self.a, self.b);
        match (&sa.enumeration, &sb.enumeration) {
            (None, None) => {}
            (None, Some((_, at))) => {
                self.own(i, Kind::SchemaEnumAdded, sa.at, Some(*at))
                    .with("relation", "narrowed");
            }
            (Some((_, at)), None) => {
                self.own(i, Kind::SchemaEnumRemoved, Some(*at), sb.at)
                    .with("relation", "widened");
            }
            (Some((xs, _)), Some((ys, _))) if same_scalars(spec_a, xs, spec_b, ys) => {}
            (Some((xs, at_x)), Some((ys, at_y))) => {
                let canon = |spec: &Spec, v: &[NodeRef]| -> Vec<(String, NodeRef)> {
                    let mut out: Vec<(String, NodeRef)> = v
                        .iter()
                        .map(|&n| (value::canonical(spec.tree(n), n.node), n))
                        .collect();
                    out.sort_by(|p, q| p.0.cmp(&q.0));
                    out.dedup_by(|p, q| p.0 == q.0);
                    out
                };
                let (cx, cy) = (canon(spec_a, xs), canon(spec_b, ys));
                let mut removed = Vec::new();
                let mut added = Vec::new();
                super::operations::merge_join(
                    &cx,
                    &cy,
                    |v| &v.0,
                    |p, q| match (p, q) {
                        (Some(p), None) => removed.push(p.1),
                        (None, Some(q)) => added.push(q.1),
                        _ => {}
                    },
                );
                for n in removed {
                    let shown = value::display(spec_a.tree(n), n.node);
                    self.own(i, Kind::SchemaEnumValueRemoved, Some(n), Some(*at_y))
                        .named(shown.clone())
                        .values(Some(shown), None)
                        .with("relation", "narrowed");
                }
                for n in added {
                    let shown = value::display(spec_b.tree(n), n.node);
                    self.own(i, Kind::SchemaEnumValueAdded, Some(*at_x), Some(n))
                        .named(shown.clone())
                        .values(None, Some(shown))
                        .with("relation", "widened");
                }
            }
        }
    }

    /// `const` and `default`: compared by value.
    fn values(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let (spec_a, spec_b) = (self.a, self.b);
        let show =
            |spec: &Spec, n: Option<NodeRef>| n.map(|n| value::display(spec.tree(n), n.node));
        for (kind, x, y) in [
            (Kind::SchemaConst, sa.constant, sb.constant),
            (Kind::SchemaDefault, sa.default, sb.default),
        ] {
            if value::same(spec_a, x, spec_b, y) {
                continue;
            }
            let rel = match (x, y) {
                (None, Some(_)) => "narrowed",
                (Some(_), None) => "widened",
                _ => "changed",
            };
            self.own(i, kind, x.or(sa.at), y.or(sb.at))
                .values(show(spec_a, x), show(spec_b, y))
                .with("relation", rel);
        }
    }

    fn properties(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
        let (spec_a, spec_b) = (self.a, self.b);
        let direction = self.pairs.pairs[i].direction;
        // A read-only property is not part of a request, a write-only one not of a response.
        let irrelevant = |s: &Schema| match direction {
            Direction::Request => s.read_only.is_some(),
            Direction::Response => s.write_only.is_some(),
            Direction::None => false,
        };
        let mut kept = Vec::new();
        super::operations::merge_join(
            &sa.properties,
            &sb.properties,
            |p| &p.0,
            |p, q| match (p, q) {
                (Some((name, id)), None) => {
                    let ps = spec_a.schema(*id);
                    let closed = match &sb.additional_properties {
                        Some((Additional::Allowed(false), _)) => "false",
                        Some((Additional::Schema(_), _)) => "schema",
                        _ => "true",
                    };
                    self.own(i, Kind::SchemaPropertyRemoved, ps.at, sb.at)
                        .named(name.clone())
                        .with("additional-properties", closed)
                        .with("required", sa.is_required(name))
                        .with("read-only", ps.read_only.is_some())
                        .with("write-only", ps.write_only.is_some())
                        .with("deprecated", ps.deprecated.is_some())
                        .with("relation", "widened");
                }
                (None, Some((name, id))) => {
                    let ps = spec_b.schema(*id);
                    self.own(i, Kind::SchemaPropertyAdded, sa.at, ps.at)
                        .named(name.clone())
                        .with("required", sb.is_required(name))
                        .with("read-only", ps.read_only.is_some())
                        .with("write-only", ps.write_only.is_some())
                        // A new property constrains its value even when optional.
                        .with("relation", "narrowed");
                }
                (Some((name, x)), Some((_, y))) => kept.push((name, *x, *y)),
                (None, None) => {}
            },
        );
        for (name, x, y) in kept {
            let (px, py) = (spec_a.schema(x), spec_b.schema(y));
            if irrelevant(px) && irrelevant(py) {
                continue;
            }
            self.child(i, x, y, Seg::Property(name));
        }
        // `required` as it applies in this direction: a read-only property is not required in
        // a request, a write-only one not in a response. For properties present on both sides
        // (or declared without a schema); added and removed ones say it themselves.
        let has = |s: &Schema, n: &str| s.property(n).is_some();
        let applies = |spec: &Spec, s: &Schema, n: &str| {
            s.is_required(n) && !s.property(n).is_some_and(|p| irrelevant(spec.schema(p)))
        };
        let mut names: Vec<&String> = sa.required.iter().chain(&sb.required).collect();
        names.sort();
        names.dedup();
        for name in names {
            let (ra, rb) = (applies(spec_a, sa, name), applies(spec_b, sb, name));
            if ra == rb || (has(sb, name) && !has(sa, name)) || (has(sa, name) && !has(sb, name)) {
                continue;
            }
            self.own(
                i,
                Kind::SchemaRequired,
                sa.required_at.or(sa.at),
                sb.required_at.or(sb.at),
            )
            .named(name.clone())
            .values(Some(ra.to_string()), Some(rb.to_string()))
            .with("value", rb)
            .with("relation", relation(rb));
        }
    }

    fn limits(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let limits = [
            (Kind::SchemaMinLength, sa.min_length, sb.min_length, true),
            (Kind::SchemaMaxLength, sa.max_length, sb.max_length, false),
            (Kind::SchemaMinItems, sa.min_items, sb.min_items, true),
            (Kind::SchemaMaxItems, sa.max_items, sb.max_items, false),
            (
                Kind::SchemaMinProperties,
                sa.min_properties,
                sb.min_properties,
                true,
            ),
            (
                Kind::SchemaMaxProperties,
                sa.max_properties,
                sb.max_properties,
                false,
            ),
        ];
        for (kind, x, y, lower) in limits {
            // A minimum of 0 says nothing: adding or dropping it is no change.
            let x = x.filter(|l| !(lower && l.value == 0));
            let y = y.filter(|l| !(lower && l.value == 0));
            let narrowed = match (x, y) {
                (None, None) => continue,
                (Some(p), Some(q)) if p.value == q.value => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(p), Some(q)) => (q.value > p.value) == lower,
            };
            self.own(
                i,
                kind,
                x.map(|l| l.at).or(sa.at),
                y.map(|l| l.at).or(sb.at),
            )
            .values(limit_text(&x), limit_text(&y))
            .with("relation", relation(narrowed));
        }
        for (kind, x, y, lower) in [
            (Kind::SchemaMinimum, &sa.minimum, &sb.minimum, true),
            (Kind::SchemaMaximum, &sa.maximum, &sb.maximum, false),
        ] {
            let narrowed = match (x, y) {
                (None, None) => continue,
                (None, Some(_)) => true,
                (Some(_), None) => false,
                (Some(p), Some(q)) => {
                    let (pv, qv) = (p.value.value, q.value.value);
                    if pv == qv {
                        if p.exclusive == q.exclusive {
                            continue;
                        }
                        q.exclusive
                    } else {
                        (qv > pv) == lower
                    }
                }
            };
            self.own(
                i,
                kind,
                x.as_ref().map(|b| b.at).or(sa.at),
                y.as_ref().map(|b| b.at).or(sb.at),
            )
            .values(bound_text(x), bound_text(y))
            .with("exclusive", y.as_ref().is_some_and(|b| b.exclusive))
            .with("relation", relation(narrowed));
        }
        for (bound, x, y) in [
            (
                "minimum",
                sa.exclusive_minimum_flag,
                sb.exclusive_minimum_flag,
            ),
            (
                "maximum",
                sa.exclusive_maximum_flag,
                sb.exclusive_maximum_flag,
            ),
        ] {
            if x.is_some() != y.is_some() {
                self.own(i, Kind::SchemaExclusiveFlag, x.or(sa.at), y.or(sb.at))
                    .named(bound)
                    .with("bound", bound)
                    .values(Some(x.is_some().to_string()), Some(y.is_some().to_string()))
                    .with("relation", relation(y.is_some()));
            }
        }
    }

    fn strings_and_numbers(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        // A new pattern neither narrows nor widens in general: which strings match changes.
        self.text_keyword(
            i,
            Kind::SchemaPattern,
            sa,
            sb,
            |s| s.pattern.as_ref(),
            |_, _| "changed",
        );
        let (ma, mb) = (sa.multiple_of.as_ref(), sb.multiple_of.as_ref());
        if ma.map(|m| m.0.value) != mb.map(|m| m.0.value) {
            let divides = |big: f64, small: f64| {
                small != 0.0 && ((big / small).round() * small - big).abs() < 1e-9
            };
            let rel = match (ma, mb) {
                (None, Some(_)) => "narrowed",
                (Some(_), None) => "widened",
                (Some(x), Some(y)) if divides(y.0.value, x.0.value) => "narrowed",
                (Some(x), Some(y)) if divides(x.0.value, y.0.value) => "widened",
                _ => "changed",
            };
            self.own(
                i,
                Kind::SchemaMultipleOf,
                ma.map(|m| m.1).or(sa.at),
                mb.map(|m| m.1).or(sb.at),
            )
            .values(ma.map(|m| m.0.text.clone()), mb.map(|m| m.0.text.clone()))
            .with("relation", rel);
        }
    }

    fn flags(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        for (kind, x, y) in [
            (Kind::SchemaUniqueItems, sa.unique_items, sb.unique_items),
            (Kind::SchemaReadOnly, sa.read_only, sb.read_only),
            (Kind::SchemaWriteOnly, sa.write_only, sb.write_only),
            (Kind::SchemaDeprecated, sa.deprecated, sb.deprecated),
        ] {
            if x.is_some() == y.is_some() {
                continue;
            }
            let now = y.is_some();
            let c = self.own(i, kind, x.or(sa.at), y.or(sb.at));
            c.values(Some((!now).to_string()), Some(now.to_string()))
                .with("value", now);
            if kind == Kind::SchemaUniqueItems {
                c.with("relation", relation(now));
            }
        }
    }

    /// Sub-schemas compared as pairs of their own: items, additional and pattern properties,
    /// property names, contains, prefix items, not.
    fn nested(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
        match (sa.items, sb.items) {
            (Some(x), Some(y)) => self.child(i, x, y, Seg::Items),
            (None, Some(y)) => {
                let at = self.b.schema(y).at;
                self.own(i, Kind::SchemaItems, sa.at, at)
                    .with("relation", "narrowed");
            }
            (Some(x), None) => {
                let at = self.a.schema(x).at;
                self.own(i, Kind::SchemaItems, at, sb.at)
                    .with("relation", "widened");
            }
            (None, None) => {}
        }
        let additional = |s: &Schema| match &s.additional_properties {
            None | Some((Additional::Allowed(true), _)) => (0, None),
            Some((Additional::Schema(id), _)) => (1, Some(*id)),
            Some((Additional::Allowed(false), _)) => (2, None),
        };
        let ((ka, xa), (kb, xb)) = (additional(sa), additional(sb));
        let text = |k: i32| Some(["true", "schema", "false"][k as usize].to_string());
        match (xa, xb) {
            (Some(x), Some(y)) => self.child(i, x, y, Seg::AdditionalProperties),
            _ if ka != kb => {
                let (at_a, at_b) = (
                    sa.additional_properties.as_ref().map(|a| a.1).or(sa.at),
                    sb.additional_properties.as_ref().map(|a| a.1).or(sb.at),
                );
                self.own(i, Kind::SchemaAdditionalProperties, at_a, at_b)
                    .values(text(ka), text(kb))
                    .with("relation", relation(kb > ka));
            }
            _ => {}
        }
        let mut kept = Vec::new();
        super::operations::merge_join(
            &sa.pattern_properties,
            &sb.pattern_properties,
            |p| &p.0,
            |p, q| match (p, q) {
                (Some((pat, _)), None) => {
                    self.own(i, Kind::SchemaPatternProperties, sa.at, sb.at)
                        .named(pat.clone())
                        .with("relation", "widened");
                }
                (None, Some((pat, _))) => {
                    self.own(i, Kind::SchemaPatternProperties, sa.at, sb.at)
                        .named(pat.clone())
                        .with("relation", "narrowed");
                }
                (Some((pat, x)), Some((_, y))) => kept.push((pat.as_str(), *x, *y)),
                (None, None) => {}
            },
        );
        for (pat, x, y) in kept {
            self.child(i, x, y, Seg::PatternProperty(pat));
        }
        for (kind, x, y, seg) in [
            (
                Kind::SchemaPropertyNames,
                sa.property_names,
                sb.property_names,
                Seg::PropertyNames,
            ),
            (
                Kind::SchemaContains,
                sa.contains,
                sb.contains,
                Seg::Contains,
            ),
        ] {
            match (x, y) {
                (Some(x), Some(y)) => self.child(i, x, y, seg),
                (None, Some(_)) => {
                    self.own(i, kind, sa.at, sb.at).with("relation", "narrowed");
                }
                (Some(_), None) => {
                    self.own(i, kind, sa.at, sb.at).with("relation", "widened");
                }
                (None, None) => {}
            }
        }
        let n = sa.prefix_items.len().min(sb.prefix_items.len());
        for k in 0..n {
            self.child(
                i,
                sa.prefix_items[k],
                sb.prefix_items[k],
                Seg::PrefixItem(k),
            );
        }
        if sa.prefix_items.len() != sb.prefix_items.len() {
            self.own(i, Kind::SchemaPrefixItems, sa.at, sb.at)
                .values(
                    Some(sa.prefix_items.len().to_string()),
                    Some(sb.prefix_items.len().to_string()),
                )
                .with("relation", "changed");
        }
        match (sa.not, sb.not) {
            (Some(x), Some(y)) => self.child_flipped(i, x, y),
            (None, Some(_)) => {
                self.own(i, Kind::SchemaNot, sa.at, sb.at)
                    .with("relation", "narrowed");
            }
            (Some(_), None) => {
                self.own(i, Kind::SchemaNot, sa.at, sb.at)
                    .with("relation", "widened");
            }
            (None, None) => {}
        }
    }

    fn branch_label(&self, spec: &Spec, id: SchemaId) -> String {
        let s = spec.schema(alias(spec, id));
        if let Some(n) = &s.name {
            return n.clone();
        }
        if let Some((t, _)) = &s.title {
            return t.clone();
        }
        let types = s.types.map_or("any".to_string(), |t| t.label());
        if s.properties.is_empty() {
            types
        } else {
            let names: Vec<&str> = s
                .properties
                .iter()
                .take(3)
                .map(|(n, _)| n.as_str())
                .collect();
            format!("{types} {{{}}}", names.join(", "))
        }
    }

    /// oneOf / anyOf branches (and allOf members when they could not be folded): paired by
    /// name, then by resemblance; the rest are added or removed.
    fn branches(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
        type Branches<'s> = (&'s [SchemaId], &'s [SchemaId], Kind, Kind, &'static str);
        let lists: [Branches<'a>; 3] = [
            (
                &sa.one_of,
                &sb.one_of,
                Kind::SchemaOneOfAdded,
                Kind::SchemaOneOfRemoved,
                "oneOf",
            ),
            (
                &sa.any_of,
                &sb.any_of,
                Kind::SchemaAnyOfAdded,
                Kind::SchemaAnyOfRemoved,
                "anyOf",
            ),
            (
                &sa.all_of,
                &sb.all_of,
                Kind::SchemaAllOfAdded,
                Kind::SchemaAllOfRemoved,
                "allOf",
            ),
        ];
        for (xs, ys, added_kind, removed_kind, word) in lists {
            if word == "allOf" && !(sa.all_of_unfolded || sb.all_of_unfolded) {
                continue;
            }
            if xs.is_empty() && ys.is_empty() {
                continue;
            }
            // One side is a union, the other a plain schema: compare the plain schema with
            // the branches it resembles; the others were added (or removed). A union with no
            // branch like the plain schema was introduced (narrows) or dropped (widens).
            if word != "allOf" && (xs.is_empty() || ys.is_empty()) {
                let added = xs.is_empty();
                let (plain_spec, plain_id, plain) = if added {
                    (self.a, self.pairs.pairs[i].a, sa)
                } else {
                    (self.b, self.pairs.pairs[i].b, sb)
                };
                if !has_union(plain) {
                    let branches = if added { ys } else { xs };
                    let union_spec = if added { self.b } else { self.a };
                    let plain_sig = [super::branches::anonymous(super::branches::signature(
                        plain_spec, plain_id,
                    ))];
                    let sigs: Vec<_> = branches
                        .iter()
                        .map(|&b| super::branches::signature(union_spec, b))
                        .collect();
                    let (paired, _, _) = if added {
                        super::branches::pair(&plain_sig, &sigs)
                    } else {
                        super::branches::pair(&sigs, &plain_sig)
                    };
                    let matched: Vec<usize> = paired
                        .iter()
                        .map(|&(x, y)| if added { y } else { x })
                        .collect();
                    if !matched.is_empty() {
                        for (k, &branch) in branches.iter().enumerate() {
                            if matched.contains(&k) {
                                let (ca, cb) = if added {
                                    (plain_id, branch)
                                } else {
                                    (branch, plain_id)
                                };
                                self.child(i, ca, cb, Seg::Same);
                                continue;
                            }
                            let label = self.branch_label(union_spec, branch);
                            let at = union_spec.schema(branch).at;
                            let (kind, base, rev) = if added {
                                (added_kind, sa.at, at)
                            } else {
                                (removed_kind, at, sb.at)
                            };
                            self.own(i, kind, base, rev)
                                .named(label)
                                .with("relation", relation(!added));
                        }
                        continue;
                    }
                }
                let (kind, at, n) = match (word, xs.is_empty()) {
                    ("oneOf", true) => (Kind::SchemaOneOfIntroduced, sb.at, ys.len()),
                    ("oneOf", false) => (Kind::SchemaOneOfDropped, sa.at, xs.len()),
                    (_, true) => (Kind::SchemaAnyOfIntroduced, sb.at, ys.len()),
                    (_, false) => (Kind::SchemaAnyOfDropped, sa.at, xs.len()),
                };
                let (base, rev) = if xs.is_empty() {
                    (sa.at, at)
                } else {
                    (at, sb.at)
                };
                self.own(i, kind, base, rev)
                    .named(format!("{n} branches"))
                    .with("relation", relation(xs.is_empty()));
                continue;
            }
            let (pairs, gone, new) = self.pair_branches(xs, ys);
            // For allOf, a new member narrows; for oneOf / anyOf, a new branch widens.
            let narrows_when_added = word == "allOf";
            for (x, y) in pairs {
                self.child(i, xs[x], ys[y], Seg::Branch(word));
            }
            for x in gone {
                let label = self.branch_label(self.a, xs[x]);
                let at = self.a.schema(xs[x]).at;
                self.own(i, removed_kind, at, sb.at)
                    .named(label)
                    .with("relation", relation(!narrows_when_added));
            }
            for y in new {
                let label = self.branch_label(self.b, ys[y]);
                let at = self.b.schema(ys[y]).at;
                self.own(i, added_kind, sa.at, at)
                    .named(label)
                    .with("relation", relation(narrows_when_added));
            }
        }
    }

    /// Pair the branches of two unions (see `branches.rs`).
    fn pair_branches(&self, xs: &[SchemaId], ys: &[SchemaId]) -> super::branches::Pairing {
        let sx: Vec<_> = xs
            .iter()
            .map(|&x| super::branches::signature(self.a, x))
            .collect();
        let sy: Vec<_> = ys
            .iter()
            .map(|&y| super::branches::signature(self.b, y))
            .collect();
        super::branches::pair(&sx, &sy)
    }

    fn discriminator(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
        let (da, db) = (sa.discriminator.as_ref(), sb.discriminator.as_ref());
        let pa = da.map(|d| d.property_name.clone());
        let pb = db.map(|d| d.property_name.clone());
        if pa != pb {
            self.own(
                i,
                Kind::SchemaDiscriminator,
                da.map(|d| d.at).or(sa.at),
                db.map(|d| d.at).or(sb.at),
            )
            .values(pa, pb)
            .with("relation", "changed");
            return;
        }
        let (Some(da), Some(db)) = (da, db) else {
            return;
        };
        // A renamed component is the same alternative: pair the union's branches and read a
        // mapping that follows the rename as unchanged.
        let branches = |s: &'a Schema| {
            if s.one_of.is_empty() {
                &s.any_of
            } else {
                &s.one_of
            }
        };
        let (xs, ys) = (branches(sa), branches(sb));
        let (paired, _, _) = self.pair_branches(xs, ys);
        let name = |spec: &Spec, id: SchemaId| spec.schema(alias(spec, id)).name.clone();
        let renamed: Vec<(String, String)> = paired
            .iter()
            .filter_map(|&(x, y)| Some((name(self.a, xs[x])?, name(self.b, ys[y])?)))
            .collect();
        let same_target =
            |ta: &str, tb: &str| ta == tb || renamed.iter().any(|(a, b)| a == ta && b == tb);
        super::operations::merge_join(
            &da.mapping,
            &db.mapping,
            |m| &m.0,
            |p, q| match (p, q) {
                (Some((k, v)), None) => {
                    self.own(
                        i,
                        Kind::SchemaDiscriminatorMappingRemoved,
                        Some(da.at),
                        Some(db.at),
                    )
                    .named(k.clone())
                    .values(Some(v.clone()), None)
                    .with("relation", "narrowed");
                }
                (None, Some((k, v))) => {
                    self.own(
                        i,
                        Kind::SchemaDiscriminatorMappingAdded,
                        Some(da.at),
                        Some(db.at),
                    )
                    .named(k.clone())
                    .values(None, Some(v.clone()))
                    .with("relation", "widened");
                }
                (Some((k, v)), Some((_, w))) if v != w => {
                    let ta = v.rsplit('/').next().unwrap_or(v);
                    let tb = w.rsplit('/').next().unwrap_or(w);
                    if !same_target(ta, tb) {
                        self.own(
                            i,
                            Kind::SchemaDiscriminatorMappingChanged,
                            Some(da.at),
                            Some(db.at),
                        )
                        .named(k.clone())
                        .values(Some(v.clone()), Some(w.clone()))
                        .with("relation", "changed");
                    }
                }
                _ => {}
            },
        );
    }

    fn documentation(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        for (kind, x, y) in [
            (Kind::SchemaTitle, &sa.title, &sb.title),
            (Kind::SchemaDescription, &sa.description, &sb.description),
        ] {
            let (tx, ty) = (x.as_ref().map(|t| &t.0), y.as_ref().map(|t| &t.0));
            if tx != ty {
                self.own(
                    i,
                    kind,
                    x.as_ref().map(|t| t.1).or(sa.at),
                    y.as_ref().map(|t| t.1).or(sb.at),
                )
                .values(tx.cloned(), ty.cloned());
            }
        }
    }

    /// Extensions, annotations and keywords weir does not model: compared as values.
    fn extras(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let (spec_a, spec_b) = (self.a, self.b);
        let mut keys: Vec<&str> = sa
            .extras
            .iter()
            .chain(&sb.extras)
            .map(|(k, _)| k.as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let find = |s: &Schema, k: &str| s.extras.iter().find(|(e, _)| e == k).map(|&(_, v)| v);
        for key in keys {
            let (x, y) = (find(sa, key), find(sb, key));
            if value::same(spec_a, x, spec_b, y) {
                continue;
            }
            let kind = if key.starts_with("x-") {
                Kind::SchemaExtension
            } else if crate::model::schema::ANNOTATIONS.contains(&key) {
                Kind::SchemaAnnotation
            } else {
                Kind::SchemaKeyword
            };
            let show =
                |spec: &Spec, n: Option<NodeRef>| n.map(|n| value::display(spec.tree(n), n.node));
            self.own(i, kind, x.or(sa.at), y.or(sb.at))
                .named(key)
                .values(show(spec_a, x), show(spec_b, y));
        }
    }
}
