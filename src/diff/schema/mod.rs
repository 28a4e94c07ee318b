//! Schema comparison as a graph of pairs (see `pairs.rs`): each pair is compared once, keyword
//! by keyword (`keywords.rs`), property by property and sub-schema by sub-schema
//! (`structure.rs`), branch by branch (`composition.rs`); afterwards every operation is
//! attached to the changes reachable from its roots.

mod branches;
mod composition;
mod implied;
mod keywords;
mod places;
mod sibling;
mod structure;

use super::pairs::{Origin, SchemaPair, Seg, alias};
use super::walk::{Walk, relation, stability_name, stability_rank};
use crate::json_schema::Wire;
use crate::json_schema::inclusion::{includes, types_of};
use crate::model::schema::{Schema, TypeSet};
use crate::model::{Encoding, MediaType, SchemaId, Spec};
use crate::vocabulary::{Change, Context, Direction, Kind, NodeRef};

use composition::{bare_union, has_union};

impl<'a> Walk<'a> {
    /// The pair for two schemas in a context, created (and queued) on first use.
    #[allow(clippy::too_many_arguments)]
    fn pair(
        &mut self,
        a: SchemaId,
        b: SchemaId,
        context: Context,
        direction: Direction,
        wire: Wire,
        form: Option<u32>,
        origin: Origin<'a>,
    ) -> usize {
        let (spec_a, spec_b) = (self.a, self.b);
        let a = alias(spec_a, a);
        let b = alias(spec_b, b);
        let key = (a, b, context, direction, wire, form);
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
        self.pairs.pairs.push(SchemaPair {
            a,
            b,
            context,
            direction,
            wire,
            form,
            origin: named.map_or(origin, Origin::Named),
            own: Vec::new(),
            children: Vec::new(),
            branch_of: Vec::new(),
            siblings: (Vec::new(), Vec::new()),
        });
        self.pairs.memo.insert(key, i);
        // Twins have nothing to report, and every pair below them is twins too.
        if !self.twins.as_mut().is_some_and(|t| t.twins(a, b)) {
            self.pairs.queue.push(i);
        }
        i
    }

    /// A root pair: a schema an operation uses directly, whose values travel by `wire`; for a
    /// form body, the two media types, whose `encoding` says how each field is written.
    #[allow(clippy::too_many_arguments)]
    pub fn root_pair(
        &mut self,
        a: SchemaId,
        b: SchemaId,
        context: Context,
        direction: Direction,
        wire: Wire,
        form: Option<(&'a MediaType, &'a MediaType)>,
        label: String,
    ) -> usize {
        let form = form.map(|f| {
            self.pairs.forms.push(f);
            (self.pairs.forms.len() - 1) as u32
        });
        self.pair(a, b, context, direction, wire, form, Origin::Root(label))
    }

    pub fn compare_all_schema_pairs(&mut self) {
        while let Some(i) = self.pairs.queue.pop() {
            self.compare(i);
        }
    }

    /// Attach each operation to the changes its schemas reach, then hand the changes over.
    pub fn finish(mut self) -> Vec<Change> {
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
        // Each change is as stable as the most stable operation that reaches it, and is shown
        // under the operation that reaches it most directly: not through an error response,
        // then through the fewest schemas, then the first by label.
        let mut stability: Vec<Option<u8>> = vec![None; self.changes.len()];
        let mut closest: Vec<Option<(bool, u32, usize)>> = vec![None; self.changes.len()];
        // What each root pair reaches is found once, however many roots share it: a big
        // Stripe diff has 1,753 roots but 236 root pairs, and walking the graph from every
        // root was most of this function's cost.
        let mut reached = Reached::new(pairs.len());
        // Room for every operation a change may get, made once: grown one push at a time, the
        // lists of a big diff were reallocated 13,792 times. A change gets at most one
        // operation from each root that reaches it.
        let mut roots_at = vec![0; pairs.len()];
        for root in &self.roots {
            if root.operation.is_some() && reaches[root.pair] {
                roots_at[root.pair] += 1;
            }
        }
        let mut most = vec![0; self.changes.len()];
        for (p, &roots) in roots_at.iter().enumerate() {
            if roots > 0 {
                for &(c, _) in reached.from(pairs, &reaches, p) {
                    most[c as usize] += roots;
                }
            }
        }
        for (c, most) in self.changes.iter_mut().zip(most) {
            c.operations.reserve_exact(most);
        }
        // The roots in their operations' order, so the operations each change gets are sorted
        // (but the closest, rotated to the front below) and `merge_and_sort` sorts them in
        // one pass: in the walk's order (by path, then method), a big Stripe diff spent
        // 120 M instructions sorting them.
        let mut order: Vec<usize> = (0..self.roots.len()).collect();
        order.sort_by(|&x, &y| self.roots[x].operation.cmp(&self.roots[y].operation));
        for n in order {
            let root = &self.roots[n];
            if !reaches[root.pair] {
                continue;
            }
            let rank = stability_rank(root.stability.as_deref());
            for &(c, depth) in reached.from(pairs, &reaches, root.pair) {
                let c = c as usize;
                if let Some(op) = &root.operation {
                    let ops = &mut self.changes[c].operations;
                    let closer = closest[c].is_none_or(|(error, d, at)| {
                        (root.error_response, depth, op) < (error, d, &ops[at])
                    });
                    // Roots come in their operations' order, so an operation reaching a change
                    // again (its request and its responses) would follow itself: kept once,
                    // as `shown_then_sorted` would keep it.
                    if ops.last() != Some(op) {
                        ops.push(op.clone());
                    }
                    if closer {
                        closest[c] = Some((root.error_response, depth, ops.len() - 1));
                    }
                }
                stability[c] = Some(stability[c].map_or(rank, |r| r.max(rank)));
            }
        }
        // Each change's operations now come as `shown_then_sorted` would leave them: the
        // closest first, then the others in order, each once (`merge_and_sort` relies on it).
        for (c, best) in self.changes.iter_mut().zip(closest) {
            if let Some((_, _, at)) = best {
                c.operations[..=at].rotate_right(1);
            }
        }
        for (c, rank) in self.changes.iter_mut().zip(stability) {
            if let Some(name) = rank.and_then(stability_name) {
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
        let mut implied = implied::implied(self.a, self.b, &self.pairs.pairs, &self.changes);
        for c in self.body_required_restated() {
            implied[c] = true;
        }
        let kept =
            sibling::kept_by_sibling(self.a, self.b, &self.pairs.pairs, &parents, &self.changes);
        for (c, kept) in kept.into_iter().enumerate() {
            implied[c] |= kept;
        }
        let mut n = 0;
        self.changes.retain(|_| {
            n += 1;
            !implied[n - 1]
        });
        self.changes
    }

    /// A request body that became required (or optional) while every one of its media types
    /// made a property required (or optional) in the same change: the property finding is the
    /// one edit, and the more specific. A request that sends no body, or an empty form (the same
    /// request for a form body), fails — or passes — because of the property: the body's
    /// `required` adds no request of its own. Returns the body changes to drop.
    fn body_required_restated(&self) -> Vec<usize> {
        let says_same = |c: &Change, now_required: &str| match c.kind {
            Kind::SchemaRequired => c.fact("value") == Some(now_required),
            Kind::SchemaPropertyAdded => {
                now_required == "true" && c.fact("required") == Some("true")
            }
            Kind::SchemaPropertyRemoved => {
                now_required == "false" && c.fact("required") == Some("true")
            }
            _ => false,
        };
        self.body_required
            .iter()
            .filter(|(c, roots)| {
                let now = self.changes[*c].fact("value").unwrap_or_default();
                !roots.is_empty()
                    && self.roots[roots.clone()].iter().all(|root| {
                        self.pairs.pairs[root.pair]
                            .own
                            .iter()
                            .any(|&o| says_same(&self.changes[o], now))
                    })
            })
            .map(|(c, _)| *c)
            .collect()
    }

    fn child(&mut self, parent: usize, a: SchemaId, b: SchemaId, seg: Seg<'a>) {
        self.child_pair(parent, a, b, seg);
    }

    /// [`Walk::child`], returning the child pair.
    fn child_pair(&mut self, parent: usize, a: SchemaId, b: SchemaId, seg: Seg<'a>) -> usize {
        let p = &self.pairs.pairs[parent];
        let (context, direction) = (p.context, p.direction);
        let wire = self.child_wire(parent, seg, a, b);
        let c = self.pair(
            a,
            b,
            context,
            direction,
            wire,
            None,
            Origin::Child(parent, seg),
        );
        self.pairs.pairs[parent].children.push(c);
        if matches!(seg, Seg::Same | Seg::Branch(_)) {
            self.pairs.pairs[c].branch_of.push(parent);
        }
        c
    }

    /// Like [`Walk::child`] for `not`: what it excludes grows when it shrinks, so the direction
    /// in which a change hurts flips.
    fn child_flipped(&mut self, parent: usize, a: SchemaId, b: SchemaId) {
        let p = &self.pairs.pairs[parent];
        let (context, direction, wire) = (p.context, p.direction.flipped(), p.wire);
        let c = self.pair(
            a,
            b,
            context,
            direction,
            wire,
            None,
            Origin::Child(parent, Seg::Not),
        );
        self.pairs.pairs[parent].children.push(c);
    }

    /// How the values of a sub-schema travel: the same place keeps its wire; a form body's
    /// field is written as its `encoding` says; what a field holds is text.
    fn child_wire(&self, parent: usize, seg: Seg<'a>, a: SchemaId, b: SchemaId) -> Wire {
        let p = &self.pairs.pairs[parent];
        match (seg, p.form) {
            (Seg::Same | Seg::Branch(_) | Seg::Not, _) => p.wire,
            (Seg::Property(name), Some(f)) => self.field_wire(f, name, a, b),
            (Seg::AdditionalProperties | Seg::PatternProperty(_), Some(f)) => {
                self.field_wire(f, "", a, b)
            }
            _ => p.wire.nested(),
        }
    }

    /// A form field's wire on both sides; where they differ (the encoding changed, which is
    /// reported of its own), the one that equates fewer values.
    fn field_wire(&self, form: u32, name: &str, a: SchemaId, b: SchemaId) -> Wire {
        let (ma, mb) = self.pairs.forms[form as usize];
        let wa = field_wire_in(self.a, ma, name, a);
        let wb = field_wire_in(self.b, mb, name, b);
        match (wa, wb) {
            _ if wa == wb => wa,
            (Wire::Field { exploded: x }, Wire::Field { exploded: y }) => {
                Wire::Field { exploded: x && y }
            }
            _ => Wire::Json,
        }
    }

    /// Record a change found in pair `i`.
    fn own(
        &mut self,
        i: usize,
        kind: Kind,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) -> &mut Change {
        let path = self.pairs.label_of(i);
        let p = &self.pairs.pairs[i];
        // A keyword one side lacks is pointed at where that side would write it.
        let (base, revision) = places::placed(
            (self.a, self.a.schema(p.a)),
            (self.b, self.b.schema(p.b)),
            kind,
            (base, revision),
        );
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
            object: None,
            operations: Vec::new(),
        };
        let idx = self.changes.len();
        self.changes.push(change);
        self.pairs.pairs[i].own.push(idx);
        self.changes.last_mut().expect("just pushed")
    }

    fn compare(&mut self, i: usize) {
        let start = self.changes.len();
        self.compare_keywords(i);
        self.drop_unobservable(i, start);
    }

    /// A change no value can observe is no change: a keyword narrowing what the other
    /// keywords already exclude (`maxLength` under an `enum` whose values all fit, `format:
    /// int32` under bounds inside int32), a union spelled another way that accepts the same
    /// values on the wire (`string | array of string` → `array of string` in an exploded
    /// form field). A narrowing is dropped when the revision still accepts every value the
    /// base did, a widening when the base already accepted every value of the revision.
    /// Defaults, discriminators and properties added or removed say something besides the
    /// values they admit, and stay.
    fn drop_unobservable(&mut self, i: usize, start: usize) {
        if self.changes[start..]
            .iter()
            .all(|c| relation_of(c).is_none())
        {
            return;
        }
        let p = &self.pairs.pairs[i];
        let (a, b, wire, way) = ((self.a, p.a), (self.b, p.b), p.wire, p.direction);
        let (mut narrows, mut widens) = (None, None);
        let mut keep = Vec::with_capacity(self.changes.len() - start);
        for c in &self.changes[start..] {
            let mut nothing_refused = || *narrows.get_or_insert_with(|| includes(b, a, wire, way));
            let mut nothing_new = || *widens.get_or_insert_with(|| includes(a, b, wire, way));
            keep.push(match relation_of(c) {
                Some("narrowed") => !nothing_refused(),
                Some("widened") => !nothing_new(),
                Some(_) => !(nothing_refused() && nothing_new()),
                None => true,
            });
        }
        if keep.iter().all(|&k| k) {
            return;
        }
        let found: Vec<Change> = self.changes.drain(start..).collect();
        self.pairs.pairs[i].own.retain(|&c| c < start);
        for (c, kept) in found.into_iter().zip(keep) {
            if kept {
                self.pairs.pairs[i].own.push(self.changes.len());
                self.changes.push(c);
            }
        }
    }

    fn compare_keywords(&mut self, i: usize) {
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
        let against_plain = self.branches(i, sa, sb);
        self.discriminator(i, sa, sb);
        let held = self.annotation_holders(i, &against_plain);
        self.documentation(i, sa, sb, held.as_ref());
        self.extras(i, sa, sb, held.as_ref());
    }
}

/// The changes each root pair reaches, with the number of schemas between: found by one
/// breadth-first walk per root pair, on first asking, and kept for every other root that
/// shares the pair.
struct Reached {
    /// `(change, depth)` for every root pair walked so far, each pair's in one run.
    found: Vec<(u32, u32)>,
    /// Where each walked root pair's run lies in `found`.
    runs: Vec<Option<(usize, usize)>>,
    /// The root pair whose walk last visited each pair.
    seen: Vec<usize>,
}

impl Reached {
    fn new(pairs: usize) -> Reached {
        Reached {
            found: Vec::new(),
            runs: vec![None; pairs],
            seen: vec![usize::MAX; pairs],
        }
    }

    /// The changes reachable from `root`, in the walk's order (nearest first, children in
    /// the order they were found), through pairs from which some change is reachable.
    fn from(&mut self, pairs: &[SchemaPair], reaches: &[bool], root: usize) -> &[(u32, u32)] {
        if self.runs[root].is_none() {
            let start = self.found.len();
            let mut queue = std::collections::VecDeque::from([(root, 0u32)]);
            self.seen[root] = root;
            while let Some((i, depth)) = queue.pop_front() {
                self.found
                    .extend(pairs[i].own.iter().map(|&c| (c as u32, depth)));
                for &child in &pairs[i].children {
                    if reaches[child] && self.seen[child] != root {
                        self.seen[child] = root;
                        queue.push_back((child, depth + 1));
                    }
                }
            }
            self.runs[root] = Some((start, self.found.len()));
        }
        let (start, end) = self.runs[root].expect("walked above");
        &self.found[start..end]
    }
}

/// A form field's wire in one revision: its `encoding` entry's style and explode, or, in a
/// `multipart/form-data` body, a part of its own media type — JSON for an object by default
/// (OpenAPI 3 §4.7.14), text otherwise.
fn field_wire_in(spec: &Spec, media: &MediaType, name: &str, id: SchemaId) -> Wire {
    let entry = media.encoding_of(name);
    let content_type = entry.and_then(|e| e.content_type.as_deref());
    if media.is_multipart() {
        let object = types_of(spec, id).is_none_or(|t| t.has(TypeSet::OBJECT));
        return match content_type {
            None if object => Wire::Json,
            _ => Wire::field("form", true, content_type),
        };
    }
    let (style, explode) = Encoding::serialization(entry);
    Wire::field(style, explode, content_type)
}

/// What a change does to the accepted values, for kinds that say only that.
fn relation_of(c: &Change) -> Option<&str> {
    // `x-extensible-enum` values are a promise about the future, which no value shows.
    if !value_only(c.kind) || c.fact("extensible").is_some() {
        return None;
    }
    c.fact("relation")
        .filter(|r| matches!(*r, "narrowed" | "widened" | "changed"))
}

/// Kinds that say only which values are accepted: when none of them is refused (or newly
/// accepted), the change is not observable.
fn value_only(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::SchemaDefault
            | Kind::SchemaDiscriminator
            | Kind::SchemaDiscriminatorMappingAdded
            | Kind::SchemaDiscriminatorMappingRemoved
            | Kind::SchemaDiscriminatorMappingChanged
            // A flag without its bound: a mistake the rule names, though no value sees it.
            | Kind::SchemaExclusiveFlag
            | Kind::SchemaPropertyAdded
            | Kind::SchemaPropertyRemoved
            | Kind::SchemaUnresolved
    )
}
