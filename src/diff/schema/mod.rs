//! Schema comparison as a graph of pairs (see `pairs.rs`): each pair is compared once, keyword
//! by keyword (`keywords.rs`), property by property and sub-schema by sub-schema
//! (`structure.rs`), branch by branch (`composition.rs`); afterwards every operation is
//! attached to the changes reachable from its roots.

mod branches;
mod composition;
mod implied;
mod keywords;
mod structure;

use super::pairs::{Origin, Pair, Seg, alias};
use super::walk::{Walk, relation, stability_name, stability_rank};
use crate::model::SchemaId;
use crate::model::schema::Schema;
use crate::vocabulary::{Change, Context, Direction, Kind, NodeRef};

use composition::{bare_union, has_union};

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
    pub fn root_pair(
        &mut self,
        a: SchemaId,
        b: SchemaId,
        context: Context,
        direction: Direction,
        label: String,
    ) -> usize {
        self.pair(a, b, context, direction, Origin::Root(label))
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
        let mut seen = vec![u32::MAX; pairs.len()];
        for (n, root) in self.roots.iter().enumerate() {
            if !reaches[root.pair] {
                continue;
            }
            let rank = stability_rank(root.stability.as_deref());
            let mut queue = std::collections::VecDeque::from([(root.pair, 0u32)]);
            seen[root.pair] = n as u32;
            while let Some((i, depth)) = queue.pop_front() {
                for &c in &pairs[i].own {
                    if let Some(op) = &root.operation {
                        let ops = &mut self.changes[c].operations;
                        let closer = closest[c].is_none_or(|(error, d, at)| {
                            (root.error_response, depth, op) < (error, d, &ops[at])
                        });
                        if closer {
                            closest[c] = Some((root.error_response, depth, ops.len()));
                        }
                        ops.push(op.clone());
                    }
                    stability[c] = Some(stability[c].map_or(rank, |r| r.max(rank)));
                }
                for &child in &pairs[i].children {
                    if reaches[child] && seen[child] != n as u32 {
                        seen[child] = n as u32;
                        queue.push_back((child, depth + 1));
                    }
                }
            }
        }
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
        let implied = implied::implied(self.a, self.b, &self.pairs.pairs, &self.changes);
        let mut n = 0;
        self.changes.retain(|_| {
            n += 1;
            !implied[n - 1]
        });
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
        let path = self.pairs.label_of(i);
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
}
