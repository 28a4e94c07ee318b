//! Composition: `oneOf` / `anyOf` branches (and `allOf` members that could not be folded)
//! paired across revisions, unions introduced or dropped, and the discriminator.

use super::branches;
use crate::diff::pairs::{Origin, Seg, alias};
use crate::diff::walk::{Walk, merge_join, relation};
use crate::json_schema::inclusion::{SchemaInSpec, disjoint, includes};
use crate::model::schema::Schema;
use crate::model::{SchemaId, Spec, only_composition};
use crate::vocabulary::{Direction, Kind};

pub(super) fn has_union(s: &Schema) -> bool {
    !s.one_of.is_empty() || !s.any_of.is_empty()
}

/// A union that says nothing of its own but (perhaps) a type — OpenAPI 3.0's `nullable: true`
/// beside it (Stripe's expandable fields, `nullable` + `anyOf: [id, object]`) is one too.
pub(super) fn bare_union(s: &Schema) -> bool {
    has_union(s) && {
        let mut bare = s.clone();
        bare.types = None;
        bare.nullable_pending = None;
        bare.title = None;
        bare.description = None;
        only_composition(&bare)
    }
}

/// The branches of an `anyOf`, where a branch that is only an `anyOf` itself is replaced by
/// its own branches when some of them are branches of the other side (`others`, component
/// names): a value matches some branch of the inner union exactly when it matches some
/// branch of the flattened one. So `anyOf: [customer_source, deleted_object]`, where
/// `customer_source` is `anyOf: [card, bank_account]`, is one new branch, `deleted_object`,
/// against `anyOf: [card, bank_account]` (Stripe's DELETE responses, audit repro
/// response-anyof-branch-says-type-any); an inner union none of whose branches the other side
/// has stays one branch, added or removed as one edit.
fn flat_any_of(spec: &Spec, branches: &[SchemaId], others: &[String], depth: u32) -> Vec<SchemaId> {
    let mut out = Vec::with_capacity(branches.len());
    for &b in branches {
        match nested_any_of(spec, b) {
            Some(inner)
                if depth < 8
                    && deep_names(spec, inner, 0)
                        .iter()
                        .any(|n| others.contains(n)) =>
            {
                out.extend(flat_any_of(spec, inner, others, depth + 1))
            }
            _ => out.push(b),
        }
    }
    out
}

/// The branches of a schema that is only an `anyOf` (and perhaps a title or description).
fn nested_any_of(spec: &Spec, id: SchemaId) -> Option<&[SchemaId]> {
    let s = spec.schema(alias(spec, id));
    (s.types.is_none() && s.one_of.is_empty() && bare_union(s)).then_some(s.any_of.as_slice())
}

/// The component names of a union's branches, nested `anyOf`s read through.
fn deep_names(spec: &Spec, branches: &[SchemaId], depth: u32) -> Vec<String> {
    let mut out = Vec::new();
    for &b in branches {
        match nested_any_of(spec, b) {
            Some(inner) if depth < 8 => out.extend(deep_names(spec, inner, depth + 1)),
            _ => out.extend(spec.schema(alias(spec, b)).name.clone()),
        }
    }
    out
}

/// The branches of a schema's only union and its keyword: `oneOf` or `anyOf`, not both.
fn sole_union(s: &Schema) -> Option<(&[SchemaId], &'static str)> {
    match (s.one_of.is_empty(), s.any_of.is_empty()) {
        (false, true) => Some((&s.one_of, "oneOf")),
        (true, false) => Some((&s.any_of, "anyOf")),
        _ => None,
    }
}

impl<'a> Walk<'a> {
    /// How a removed or added branch is named: its component name, title, or type and first
    /// properties; a name two branches of the union share gets the branch's index
    /// (`string (branch 2)`), so two findings never read the same.
    fn branch_label(&self, spec: &Spec, union: &[SchemaId], k: usize) -> String {
        let label = self.branch_name(spec, union[k]);
        let shared = union
            .iter()
            .enumerate()
            .any(|(j, &other)| j != k && self.branch_name(spec, other) == label);
        if shared {
            format!("{label} (branch {})", k + 1)
        } else {
            label
        }
    }

    fn branch_name(&self, spec: &Spec, id: SchemaId) -> String {
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

    /// Of the branches of a union that resemble the plain schema on the other side of pair `i`
    /// equally (`tied`, indices into `branches`), the one the plain schema is compared with;
    /// `None` keeps the first. `string` → `anyOf: [string ≤ 500, string ≤ 5000]` (Stripe's
    /// `customer`, audit repro bound-named-from-tighter-branch) refuses the strings over 5000
    /// characters — a 501-character one still passes —, so the finding must come from the
    /// branch ≤ 5000: the widest, which accepts all the others do ([`branches::widest`]), and
    /// so all the union accepts there.
    ///
    /// What changes at this place is the plain schema's values the union lacks: refused now
    /// (or, in a response, no longer sent) when the union is the revision; newly accepted (or
    /// newly sent) when it is the base. They are the same values in a request and in a
    /// response, either way round, so the choice depends on neither: the rules then say what
    /// those values mean on each side of the wire. The widest branch is chosen only when the
    /// plain schema has such values and accepts all the widest branch does: then the union
    /// merely narrows it (widens it, reversed), and the bound crossed is that branch's.
    /// Otherwise the resemblance's choice stands: a schema the union takes whole crosses no
    /// bound (`≤ 500` → the union is the branch `≤ 5000` added, not `≤ 500` raised to 5000
    /// beside it); one that differs from the widest branch both ways is the branch most like
    /// it changed (`enum: ['', a, b]` → `anyOf: [enum: [a, b], string 1..5000]` removes `''`
    /// from the enum, not the enum from a string).
    fn deciding_branch(
        &self,
        i: usize,
        plain: SchemaInSpec<'_>,
        union: SchemaInSpec<'_>,
        branches: &[SchemaId],
        tied: &[usize],
    ) -> Option<usize> {
        let p = &self.pairs.pairs[i];
        let (wire, dir) = (p.wire, p.direction);
        if includes(union, plain, wire, dir) {
            return None;
        }
        let branch = |k: usize| (union.0, branches[k]);
        let widest = branches::widest(tied, |k, o| includes(branch(k), branch(o), wire, dir))?;
        includes(plain, branch(widest), wire, dir).then_some(widest)
    }

    /// Whether branch `k` of the `oneOf` a plain request schema became (pair `i`) takes values
    /// the plain schema accepted that the branches it was compared with (`matched`) take too:
    /// `string` → `oneOf: [string, string email]` refuses every email address, which now
    /// matches two branches. Such a branch is no mere widening, though the plain schema
    /// accepts all it does: it is reported as changed, which keeps it past
    /// `drop_unobservable`, and the ambiguity stage (`assess/ambiguity.rs`) finds the value
    /// and judges it. Only when the compared branches take all the plain schema did: else
    /// they narrow it, and the finding that says so is the one edit's finding (`string` →
    /// `oneOf: [string ≤ 500, string ≤ 5000]` is `maxLength` set to 5000, which the stage
    /// notes). Only in a request: a response matching two branches is the server's mistake,
    /// and what clients receive only narrows, which the widening's drop reads right.
    fn overlaps_plain(
        &self,
        i: usize,
        plain: SchemaId,
        branches: &[SchemaId],
        matched: &[usize],
        k: usize,
    ) -> bool {
        let p = &self.pairs.pairs[i];
        if p.direction != Direction::Request {
            return false;
        }
        let (wire, dir) = (p.wire, p.direction);
        let branch = |k: usize| alias(self.b, branches[k]);
        matched.iter().all(|&m| {
            includes((self.b, branches[m]), (self.a, plain), wire, dir)
                && !disjoint(self.b, branch(m), branch(k))
        })
    }

    /// oneOf / anyOf branches (and allOf members when they could not be folded): paired by
    /// name, then by resemblance; the rest are added or removed. Returns the branches a plain
    /// schema on the other side was compared with (none when both sides are unions).
    pub(super) fn branches(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) -> Vec<SchemaId> {
        let mut against_plain = Vec::new();
        type Branches<'s> = (&'s [SchemaId], &'s [SchemaId], Kind, Kind, &'static str);
        let (names_a, names_b) = (
            deep_names(self.a, &sa.any_of, 0),
            deep_names(self.b, &sb.any_of, 0),
        );
        let any_a = flat_any_of(self.a, &sa.any_of, &names_b, 0);
        let any_b = flat_any_of(self.b, &sb.any_of, &names_a, 0);
        let lists: [Branches<'_>; 3] = [
            (
                &sa.one_of,
                &sb.one_of,
                Kind::SchemaOneOfAdded,
                Kind::SchemaOneOfRemoved,
                "oneOf",
            ),
            (
                &any_a,
                &any_b,
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
        let switched = self.union_switch(i, sa, sb);
        for (xs, ys, added_kind, removed_kind, word) in lists {
            if word == "allOf" && !(sa.all_of_unfolded || sb.all_of_unfolded) {
                continue;
            }
            if switched && word != "allOf" {
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
                    let plain_sig = branches::anonymous(branches::signature(plain_spec, plain_id));
                    let sigs: Vec<_> = branches
                        .iter()
                        .map(|&b| branches::signature(union_spec, b))
                        .collect();
                    // Besides A, the branch most like C, `pair` (with the branches on the
                    // many side) compares with C the branches that are pieces of it
                    // (`branches::piece`): merged into C (`anyOf: [A, B]` → C, B's properties
                    // are not added) or split from it (C → `anyOf: [A, B]`, not removed). Any
                    // other branch is an alternative of its own, added or removed, both ways
                    // alike (`[customer, deleted_customer]` ↔ customer, `[string, enum: ['']]`
                    // ↔ string).
                    let p = &self.pairs.pairs[i];
                    let union_id = if added { p.b } else { p.a };
                    let choose = |tied: &[usize]| {
                        let (plain, union) = ((plain_spec, plain_id), (union_spec, union_id));
                        self.deciding_branch(i, plain, union, branches, tied)
                    };
                    let (paired, _, _) = branches::pair_plain(&sigs, plain_sig, choose);
                    let matched: Vec<usize> = paired.iter().map(|&(k, _)| k).collect();
                    if !matched.is_empty() {
                        let compared: Vec<(SchemaId, SchemaId)> = matched
                            .iter()
                            .map(|&k| {
                                if added {
                                    (plain_id, branches[k])
                                } else {
                                    (branches[k], plain_id)
                                }
                            })
                            .collect();
                        self.branch_pairs(i, &compared, Seg::Same);
                        against_plain.extend(matched.iter().map(|&k| branches[k]));
                        for (k, &branch) in branches.iter().enumerate() {
                            if matched.contains(&k) {
                                continue;
                            }
                            let label = self.branch_label(union_spec, branches, k);
                            let at = union_spec.schema(branch).at;
                            let (kind, base, rev) = if added {
                                (added_kind, sa.at, at)
                            } else {
                                (removed_kind, at, sb.at)
                            };
                            let overlap = added
                                && word == "oneOf"
                                && self.overlaps_plain(i, plain_id, branches, &matched, k);
                            let how = if overlap { "changed" } else { relation(!added) };
                            self.own(i, kind, base, rev)
                                .named(label)
                                .with("relation", how);
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
            let compared: Vec<_> = pairs.iter().map(|&(x, y)| (xs[x], ys[y])).collect();
            self.branch_pairs(i, &compared, Seg::Branch(word));
            for x in gone {
                let label = self.branch_label(self.a, xs, x);
                let at = self.a.schema(xs[x]).at;
                self.own(i, removed_kind, at, sb.at)
                    .named(label)
                    .with("relation", relation(!narrows_when_added));
            }
            for y in new {
                let label = self.branch_label(self.b, ys, y);
                let at = self.b.schema(ys[y]).at;
                self.own(i, added_kind, sa.at, at)
                    .named(label)
                    .with("relation", relation(narrows_when_added));
            }
        }
        against_plain
    }

    /// Where a plain schema is compared with a union, the annotations (title, description,
    /// `x-` extensions) the plain side carries may sit on the other side's union or on the
    /// branch that accepts it: Stripe's expandable `payment_intent` folded the component's title
    /// and extensions into the nullable wrapper, and in the revision the wrapper (a union)
    /// keeps its description while the component branch keeps the rest. A value found there
    /// did not change. Returns whether the plain side is the base, and where else to look: for
    /// the plain schema against the union (`against_plain`, from [`Walk::branches`]) the
    /// branches it was compared with; for the plain schema against one of those branches, the
    /// union.
    pub(super) fn annotation_holders(
        &self,
        i: usize,
        against_plain: &[SchemaId],
    ) -> Option<(bool, Vec<&'a Schema>)> {
        let p = &self.pairs.pairs[i];
        if !against_plain.is_empty() {
            let plain_is_base = !has_union(self.a.schema(p.a));
            let spec = if plain_is_base { self.b } else { self.a };
            let held = against_plain.iter().map(|&b| spec.schema(alias(spec, b)));
            return Some((plain_is_base, held.collect()));
        }
        let Origin::Child(parent, Seg::Same) = p.origin else {
            return None;
        };
        let q = &self.pairs.pairs[parent];
        if q.a == p.a {
            Some((true, vec![self.b.schema(q.b)]))
        } else {
            Some((false, vec![self.a.schema(q.a)]))
        }
    }

    /// A `oneOf` that became an `anyOf` (or back): the branches are paired and compared as
    /// one list, the kind of each branch added or removed named by the side it is on; the
    /// switch itself is a change only where two branches may overlap — a value matching
    /// both was refused by the `oneOf` and is accepted by the `anyOf`. Returns whether the
    /// unions were switched (and so compared here).
    fn union_switch(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) -> bool {
        let (Some((xs, wa)), Some((ys, wb))) = (sole_union(sa), sole_union(sb)) else {
            return false;
        };
        if wa == wb {
            return false;
        }
        // The side that is a `oneOf` decides whether exclusivity meant anything.
        let (spec, one_of) = if wa == "oneOf" {
            (self.a, xs)
        } else {
            (self.b, ys)
        };
        let exclusive = one_of.iter().enumerate().all(|(k, &x)| {
            one_of[k + 1..]
                .iter()
                .all(|&y| disjoint(spec, alias(spec, x), alias(spec, y)))
        });
        if !exclusive {
            self.own(i, Kind::SchemaUnionKeyword, sa.at, sb.at)
                .values(Some(wa.into()), Some(wb.into()))
                .with("relation", relation(wb == "oneOf"));
        }
        let kinds = |word: &str| match word {
            "oneOf" => (Kind::SchemaOneOfAdded, Kind::SchemaOneOfRemoved),
            _ => (Kind::SchemaAnyOfAdded, Kind::SchemaAnyOfRemoved),
        };
        let (pairs, gone, new) = self.pair_branches(xs, ys);
        let compared: Vec<_> = pairs.iter().map(|&(x, y)| (xs[x], ys[y])).collect();
        self.branch_pairs(i, &compared, Seg::Branch(wb));
        for x in gone {
            let label = self.branch_label(self.a, xs, x);
            let at = self.a.schema(xs[x]).at;
            self.own(i, kinds(wa).1, at, sb.at)
                .named(label)
                .with("relation", relation(true));
        }
        for y in new {
            let label = self.branch_label(self.b, ys, y);
            let at = self.b.schema(ys[y]).at;
            self.own(i, kinds(wb).0, sa.at, at)
                .named(label)
                .with("relation", relation(false));
        }
        true
    }

    /// Compare paired branches (base, revision) as children of pair `i`. Where several base
    /// branches were merged into one revision schema (`anyOf: [A, B]` → `C`), or one base
    /// schema split into several, each pair learns the others on the many side: a property
    /// of C that A lacks but B declares was in the union all along, not added.
    fn branch_pairs(&mut self, i: usize, compared: &[(SchemaId, SchemaId)], seg: Seg<'a>) {
        for &(x, y) in compared {
            let c = self.child_pair(i, x, y, seg);
            let merged = compared.iter().filter(|&&(u, v)| v == y && u != x);
            let split = compared.iter().filter(|&&(u, v)| u == x && v != y);
            let siblings = &mut self.pairs.pairs[c].siblings;
            siblings.0.extend(merged.map(|&(u, _)| u));
            siblings.1.extend(split.map(|&(_, v)| v));
            for side in [&mut siblings.0, &mut siblings.1] {
                side.sort();
                side.dedup();
            }
        }
    }

    /// Pair the branches of two unions (see `branches.rs`). A schema listed twice in one
    /// union is one alternative: its first listing is paired, and the repeats, which accept
    /// nothing more, are neither paired, removed nor added (Stripe's `customer_source` listed
    /// `bank_account` twice; the repeat was paired with a new branch and its properties called
    /// removed).
    fn pair_branches(&self, xs: &[SchemaId], ys: &[SchemaId]) -> branches::Pairing {
        let firsts = |spec: &Spec, list: &[SchemaId]| -> Vec<usize> {
            let mut seen = Vec::new();
            (0..list.len())
                .filter(|&k| {
                    let id = alias(spec, list[k]);
                    let first = !seen.contains(&id);
                    seen.push(id);
                    first
                })
                .collect()
        };
        let (kx, ky) = (firsts(self.a, xs), firsts(self.b, ys));
        let sx: Vec<_> = kx
            .iter()
            .map(|&k| branches::signature(self.a, xs[k]))
            .collect();
        let sy: Vec<_> = ky
            .iter()
            .map(|&k| branches::signature(self.b, ys[k]))
            .collect();
        let (pairs, gone, new) = branches::pair(&sx, &sy);
        (
            pairs.into_iter().map(|(x, y)| (kx[x], ky[y])).collect(),
            gone.into_iter().map(|x| kx[x]).collect(),
            new.into_iter().map(|y| ky[y]).collect(),
        )
    }

    pub(super) fn discriminator(&mut self, i: usize, sa: &'a Schema, sb: &'a Schema) {
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
        merge_join(
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
}
