//! Keywords compared one by one: type and nullability, format, enum, const and default,
//! length and count limits, bounds, pattern, multipleOf, flags, documentation and the keywords
//! weir does not model.

use crate::diff::value;
use crate::diff::walk::{Walk, merge_join, relation, stability_relation};
use crate::json_schema::inclusion::{known_format, types_of};
use crate::model::Spec;
use crate::model::schema::{Bound, Limit, Schema, TypeSet};
use crate::vocabulary::conventions;
use crate::vocabulary::formats::{self, FormatRelation};
use crate::vocabulary::{Kind, NodeRef};

/// Where a schema says whether it takes null: its own `nullable` (OpenAPI 3.0); else its
/// `type` when the schema itself holds it; else the schema. A `type` folded in from a `$ref`ed
/// component (`anyOf: [$ref: price]` beside `nullable: true`) is shared by every use of the
/// component and did not change: pointing there would send the reader to the wrong place.
fn nullable_at(spec: &Spec, s: &Schema) -> Option<NodeRef> {
    let Some(at) = s.at else {
        return s.types_at;
    };
    let tree = spec.tree(at);
    if let Some(n) = tree.get(at.node, "nullable") {
        return Some(NodeRef { node: n, ..at });
    }
    let holds = |inner: NodeRef| {
        inner.file == at.file
            && std::iter::successors(Some(inner.node), |&n| tree.parent(n)).any(|n| n == at.node)
    };
    Some(s.types_at.filter(|&t| holds(t)).unwrap_or(at))
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

/// A relation between two formats, by how many values each admits: the data in
/// `src/vocabulary/formats.toml` decides.
fn format_relation(before: &str, after: &str) -> &'static str {
    match formats::format_relation(before, after) {
        FormatRelation::Widened => "widened",
        FormatRelation::Narrowed => "narrowed",
        FormatRelation::Same | FormatRelation::Unrelated => "changed",
    }
}

impl<'a> Walk<'a> {
    /// The types on both sides, as the wire carries them: a form body is an object whatever
    /// its schema says, and text has no null and reads any scalar as a string (see
    /// `json_schema::wire`).
    pub(super) fn types(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        let p = &self.pairs.pairs[i];
        let wire = p.wire;
        let (ta, tb) = (types_of(self.a, p.a), types_of(self.b, p.b));
        let (ta, tb) = (wire.types(ta), wire.types(tb));
        if ta == tb {
            return;
        }
        let at_a = sa.types_at.or(sa.at);
        let at_b = sb.types_at.or(sb.at);
        let label = |t: Option<TypeSet>| Some(t.map_or("any".to_string(), |t| t.label()));
        match (ta, tb) {
            (Some(x), Some(y)) if x.without(TypeSet::NULL) == y.without(TypeSet::NULL) => {
                let added = y.has(TypeSet::NULL);
                let (at_a, at_b) = (nullable_at(self.a, sa), nullable_at(self.b, sb));
                self.own(i, Kind::SchemaNullable, at_a, at_b)
                    .values(Some((!added).to_string()), Some(added.to_string()))
                    .with("value", added)
                    .with("relation", relation(!added));
            }
            (x, y) => {
                let Some(rel) = wire.type_relation(x, y) else {
                    return;
                };
                self.own(i, Kind::SchemaType, at_a, at_b)
                    .values(label(x), label(y))
                    .with("relation", rel);
            }
        }
    }

    /// A format weir knows is compared by its relation; one it does not know (`unix-time`) is an
    /// annotation that refuses nothing, reported as such when no known format is involved.
    pub(super) fn format(&mut self, i: usize, sa: &Schema, sb: &Schema) {
        if known_format(sa).is_some() || known_format(sb).is_some() {
            self.text_keyword(i, Kind::SchemaFormat, sa, sb, known_format, format_relation);
            return;
        }
        let (fa, fb) = (sa.format.as_ref(), sb.format.as_ref());
        if fa.map(|f| &f.0) != fb.map(|f| &f.0) {
            self.own(
                i,
                Kind::SchemaAnnotation,
                fa.map(|f| f.1).or(sa.at),
                fb.map(|f| f.1).or(sb.at),
            )
            .named("format")
            .values(fa.map(|f| f.0.clone()), fb.map(|f| f.0.clone()));
        }
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

    pub(super) fn enumeration(&mut self, i: usize, sa: &Schema, sb: &Schema) {
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
                self.enum_values(i, (xs, *at_x), (ys, *at_y), false);
            }
        }
    }

    /// Two lists of values (`enum`, `x-extensible-enum`) compared as sets: one change per value
    /// removed or added. `extensible` marks the lists of `x-extensible-enum`, which promise
    /// clients that values may be added.
    fn enum_values(
        &mut self,
        i: usize,
        (xs, at_x): (&[NodeRef], NodeRef),
        (ys, at_y): (&[NodeRef], NodeRef),
        extensible: bool,
    ) {
        let (spec_a, spec_b) = (self.a, self.b);
        let canon = |spec: &'a Spec, v: &[NodeRef]| -> Vec<(value::Canonical<'a>, NodeRef)> {
            let mut out: Vec<(value::Canonical<'a>, NodeRef)> = v
                .iter()
                .map(|&n| (value::canonical_key(spec.tree(n), n.node), n))
                .collect();
            out.sort_by(|p, q| p.0.cmp(&q.0));
            out.dedup_by(|p, q| p.0 == q.0);
            out
        };
        let (cx, cy) = (canon(spec_a, xs), canon(spec_b, ys));
        let mut removed = Vec::new();
        let mut added = Vec::new();
        merge_join(
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
            let c = self
                .own(i, Kind::SchemaEnumValueRemoved, Some(n), Some(at_y))
                .named(shown.clone())
                .values(Some(shown), None)
                .with("relation", "narrowed");
            if extensible {
                c.with("extensible", true);
            }
        }
        for n in added {
            let shown = value::display(spec_b.tree(n), n.node);
            let c = self
                .own(i, Kind::SchemaEnumValueAdded, Some(at_x), Some(n))
                .named(shown.clone())
                .values(None, Some(shown))
                .with("relation", "widened");
            if extensible {
                c.with("extensible", true);
            }
        }
    }

    /// `const` and `default`: compared by value.
    pub(super) fn values(&mut self, i: usize, sa: &Schema, sb: &Schema) {
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

    pub(super) fn limits(&mut self, i: usize, sa: &Schema, sb: &Schema) {
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

    pub(super) fn strings_and_numbers(&mut self, i: usize, sa: &Schema, sb: &Schema) {
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

    pub(super) fn flags(&mut self, i: usize, sa: &Schema, sb: &Schema) {
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

    /// Title and description; `held`: where else the other side may keep the plain side's
    /// (see [`Walk::annotation_holders`]).
    pub(super) fn documentation(
        &mut self,
        i: usize,
        sa: &Schema,
        sb: &Schema,
        held: Option<&(bool, Vec<&Schema>)>,
    ) {
        fn text(s: &Schema, title: bool) -> Option<&(String, NodeRef)> {
            if title {
                s.title.as_ref()
            } else {
                s.description.as_ref()
            }
        }
        for (kind, title) in [(Kind::SchemaTitle, true), (Kind::SchemaDescription, false)] {
            let field = |s| text(s, title);
            let (x, y) = (field(sa), field(sb));
            let (tx, ty) = (x.map(|t| &t.0), y.map(|t| &t.0));
            let moved = held.is_some_and(|(plain_is_base, others)| {
                let plain = if *plain_is_base { tx } else { ty };
                plain.is_some() && others.iter().any(|o| field(o).map(|t| &t.0) == plain)
            });
            if tx != ty && !moved {
                self.own(i, kind, x.map(|t| t.1).or(sa.at), y.map(|t| t.1).or(sb.at))
                    .values(tx.cloned(), ty.cloned());
            }
        }
    }

    /// Extensions, annotations and keywords weir does not model: compared as values. An
    /// extension or annotation the plain side of a plain-against-union comparison carries is
    /// unchanged where the other side keeps it elsewhere (`held`, as for the title).
    pub(super) fn extras(
        &mut self,
        i: usize,
        sa: &Schema,
        sb: &Schema,
        held: Option<&(bool, Vec<&Schema>)>,
    ) {
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
            let annotation =
                key.starts_with("x-") || crate::model::schema::ANNOTATIONS.contains(&key);
            if annotation && let Some((plain_is_base, others)) = held {
                let (plain, there, here) = if *plain_is_base {
                    (x, spec_b, spec_a)
                } else {
                    (y, spec_a, spec_b)
                };
                let same = |o: &&Schema| value::same(here, plain, there, find(o, key));
                if plain.is_some() && others.iter().any(same) {
                    continue;
                }
            }
            // `x-extensible-enum` lists on both sides: compared value by value, like `enum`.
            let items = |spec: &Spec, n: Option<NodeRef>| {
                let n = n?;
                let list = spec.tree(n).items(n.node)?;
                Some((
                    list.iter()
                        .map(|&node| NodeRef { node, ..n })
                        .collect::<Vec<_>>(),
                    n,
                ))
            };
            if key == "x-extensible-enum"
                && let (Some((xs, at_x)), Some((ys, at_y))) = (items(spec_a, x), items(spec_b, y))
            {
                self.enum_values(i, (&xs, at_x), (&ys, at_y), true);
                continue;
            }
            let kind = if key == "x-stability-level" {
                Kind::SchemaStability
            } else if key == "x-sunset" {
                Kind::SchemaSunset
            } else if key.starts_with("x-") {
                Kind::SchemaExtension
            } else if crate::model::schema::ANNOTATIONS.contains(&key) {
                Kind::SchemaAnnotation
            } else {
                Kind::SchemaKeyword
            };
            let show =
                |spec: &Spec, n: Option<NodeRef>| n.map(|n| value::display(spec.tree(n), n.node));
            let (mut before, mut after) = (show(spec_a, x), show(spec_b, y));
            let relation = match kind {
                // Levels and dates are shown as written, without JSON's quotes.
                Kind::SchemaStability | Kind::SchemaSunset => {
                    let unquote = |v: Option<String>| v.map(|t| t.trim_matches('"').to_string());
                    (before, after) = (unquote(before), unquote(after));
                    let (b, a) = (before.as_deref(), after.as_deref());
                    Some(if kind == Kind::SchemaSunset {
                        conventions::sunset_relation(b, a)
                    } else {
                        stability_relation(b, a)
                    })
                }
                _ => None,
            };
            let c = self
                .own(i, kind, x.or(sa.at), y.or(sb.at))
                .named(key)
                .values(before, after);
            if let Some(relation) = relation {
                c.with("relation", relation);
            }
            if kind == Kind::SchemaSunset {
                let item = c.path.clone();
                c.with("deprecated", sb.deprecated.is_some())
                    .with("item", item);
            }
        }
    }
}
