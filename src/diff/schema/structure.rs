//! Properties (added, removed, required) and the sub-schemas compared as pairs of their own:
//! items, additional and pattern properties, property names, contains, prefix items, not.

use super::places::holder;
use crate::diff::pairs::{Seg, alias};
use crate::diff::walk::{Walk, merge_join, relation};
use crate::model::schema::{Additional, Schema};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Direction, Kind};

impl<'a> Walk<'a> {
    pub(super) fn properties(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
        let (spec_a, spec_b) = (self.a, self.b);
        let direction = self.pairs.pairs[i].direction;
        // A read-only property is not part of a request, a write-only one not of a response.
        let irrelevant = |s: &Schema| match direction {
            Direction::Request => s.read_only.is_some(),
            Direction::Response => s.write_only.is_some(),
            Direction::None => false,
        };
        // A property the other branches merged into (or split from) this pair's schema
        // declare was in the union: not added or removed here, only its `required` compared.
        let (merged, split) = self.pairs.pairs[i].siblings.clone();
        let declared = |spec: &Spec, siblings: &[SchemaId], name: &str| {
            siblings
                .iter()
                .any(|&s| spec.schema(alias(spec, s)).property(name).is_some())
        };
        let in_union_a = |name: &str| declared(spec_a, &merged, name);
        let in_union_b = |name: &str| declared(spec_b, &split, name);
        let mut kept = Vec::new();
        merge_join(
            &sa.properties,
            &sb.properties,
            |p| &p.0,
            |p, q| match (p, q) {
                (Some((name, _)), None) if in_union_b(name) => {}
                (None, Some((name, _))) if in_union_a(name) => {}
                (Some((name, id)), None) => {
                    let ps = spec_a.schema(*id);
                    let closed = match &sb.additional_properties {
                        Some((Additional::Allowed(false), _)) => "false",
                        Some((Additional::Schema(_), _)) => "schema",
                        _ => "true",
                    };
                    // The object it left: where it was written in the base, the place the
                    // change points at in the revision.
                    let object = holder(spec_a, sa, name, ps.at);
                    let c = self
                        .own(i, Kind::SchemaPropertyRemoved, ps.at, sb.at)
                        .named(name.clone())
                        .with("additional-properties", closed)
                        .with("required", sa.is_required(name))
                        .with("read-only", ps.read_only.is_some())
                        .with("write-only", ps.write_only.is_some())
                        .with("deprecated", ps.deprecated.is_some())
                        .with("relation", "widened");
                    c.object = object.zip(c.revision);
                }
                (None, Some((name, id))) => {
                    let ps = spec_b.schema(*id);
                    let object = holder(spec_b, sb, name, ps.at);
                    let c = self
                        .own(i, Kind::SchemaPropertyAdded, sa.at, ps.at)
                        .named(name.clone())
                        .with("required", sb.is_required(name))
                        .with("read-only", ps.read_only.is_some())
                        .with("write-only", ps.write_only.is_some())
                        // A new property constrains its value even when optional.
                        .with("relation", "narrowed");
                    c.object = c.base.zip(object);
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
        // (or declared without a schema); added ones say it themselves, and so do removed ones
        // unless the revision requires the name it no longer defines: that requirement counts.
        // Each name's property is looked up once a side: a big diff asks this of every
        // required name of every schema pair.
        let applies = |spec: &Spec, s: &Schema, n: &str, property: Option<SchemaId>| {
            s.is_required(n) && !property.is_some_and(|p| irrelevant(spec.schema(p)))
        };
        let mut names: Vec<&String> = sa.required.iter().chain(&sb.required).collect();
        names.sort();
        names.dedup();
        for name in names {
            let (pa, pb) = (sa.property(name), sb.property(name));
            let (ra, rb) = (applies(spec_a, sa, name, pa), applies(spec_b, sb, name, pb));
            let added = pb.is_some() && pa.is_none() && !in_union_a(name);
            let removed = pa.is_some() && pb.is_none() && !in_union_b(name);
            if ra == rb || added || (removed && !rb) {
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

    /// Sub-schemas compared as pairs of their own: items, additional and pattern properties,
    /// property names, contains, prefix items, not.
    pub(super) fn nested(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
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
        merge_join(
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
}
