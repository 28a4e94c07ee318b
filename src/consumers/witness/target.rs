//! Whose break a refusal shows. A payload the producing side accepts and the consuming side
//! refuses proves *some* break; it proves a finding only when the refusing keyword is that
//! finding's own node (issue 17 §5). Several enum values removed in one edit are several
//! findings at one `enum` keyword: each is proved only by a payload carrying its own value.

use serde_json::Value;

use crate::consumers::locate::{DiffSide, Sides};
use crate::json_schema::graph::{self, SchemaNodes};
use crate::json_schema::instance;
use crate::json_schema::{Validator, Violation};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Change, Kind, NodeRef};

/// Composite refusals (`oneOf`, `anyOf`, `not`) are looked into this many levels deep for the
/// branch keyword that refuses.
const MAX_NESTING: u32 = 8;

/// A finding's node on each side, as a refusal must meet it.
pub(super) struct RefusalTarget<'a, 's> {
    /// The side that refuses the witness, and its index of schema nodes.
    spec: &'s Spec,
    nodes: &'a SchemaNodes,
    /// The finding's node on the refusing side.
    node: NodeRef,
    /// `node` is a whole schema (a property added or removed, a schema replaced): any keyword
    /// refusing the value at its place is its own, `$ref`'d and folded `allOf` members
    /// included — and so is the holder's `required` when the property is left out.
    whole: bool,
    /// For a change inside a `discriminator`: the schemas its union selects from, whose
    /// keywords refuse what the changed mapping sends there.
    selected: Vec<NodeRef>,
    /// For an enum value added or removed: the value the witness must carry.
    pub(super) value: Option<Value>,
    /// The change is to the types the place takes (null included): a `type` refusal of the
    /// value at the leaf's place is its own, whichever `type` keyword says it — the
    /// types are those of every keyword that applies there (an `allOf` member's, or the
    /// `type` beside a 3.0 `nullable` the member overrides).
    types: bool,
}

impl<'a, 's> RefusalTarget<'a, 's> {
    /// `None` when the change has no node on the refusing side: nothing to compare with.
    pub(super) fn new(
        c: &Change,
        sides: &'a Sides<'s>,
        producer: DiffSide,
        consumer: DiffSide,
    ) -> Option<RefusalTarget<'a, 's>> {
        let side_node = |side: DiffSide| match side {
            DiffSide::Base => c.base,
            DiffSide::Revision => c.revision,
        };
        let spec = sides.spec(consumer);
        let nodes = sides.nodes(consumer);
        let node = side_node(consumer)?;
        let value = matches!(
            c.kind,
            Kind::SchemaEnumValueAdded | Kind::SchemaEnumValueRemoved
        )
        .then(|| side_node(producer))
        .flatten()
        .map(|n| instance::from_node(sides.spec(producer).tree(n), n.node));
        Some(RefusalTarget {
            spec,
            nodes,
            node,
            whole: nodes.schema(node).is_some(),
            selected: selected(spec, nodes, node),
            value,
            types: matches!(c.kind, Kind::SchemaType | Kind::SchemaNullable),
        })
    }

    /// Whether the leaf put at the change's place is the one this finding is about.
    pub(super) fn carries(&self, leaf: Option<&Value>) -> bool {
        match &self.value {
            Some(v) => leaf.is_some_and(|l| instance::same(l, v)),
            None => true,
        }
    }

    /// Whether `v` — a refusal of `payload`, whose leaf is at the pointer `leaf`, by the consuming
    /// side's `validator` — is this finding's: by a keyword at or below its node, by any
    /// keyword at or below the leaf's place when the node is a whole schema, by `type` at the
    /// leaf's place when the change is to the types, by a schema its
    /// discriminator selects, or, for a union refusing as a whole, by a branch keyword that
    /// is.
    pub(super) fn refused_here(
        &self,
        validator: &Validator,
        payload: &Value,
        leaf: &str,
        v: &Violation,
    ) -> bool {
        self.meets(validator, payload, leaf, v, 0)
    }

    fn meets(
        &self,
        validator: &Validator,
        payload: &Value,
        leaf: &str,
        v: &Violation,
        depth: u32,
    ) -> bool {
        let Some(at) = v.at else {
            return false;
        };
        if (self.whole && below(&v.pointer(), leaf) && !v.is_composite())
            || (self.types && v.keyword == "type" && v.pointer() == leaf)
            || self.within(at, self.node)
            || self.selected.iter().any(|&s| self.within(at, s))
        {
            return true;
        }
        if !v.is_composite() || depth >= MAX_NESTING {
            return false;
        }
        // A union refuses as a whole: its branches say where.
        let Some(union) = self.nodes.schema(at) else {
            return false;
        };
        let s = self.spec.schema(union);
        // The change is to the union itself: its keyword, or a branch.
        let mut branches = s.one_of.iter().chain(&s.any_of).chain(&s.not);
        if self.nodes.enclosing(self.spec, self.node) == Some(at)
            || branches.any(|&b| self.spec.schema(b).at == Some(self.node))
        {
            return true;
        }
        let Some(value) = payload.pointer(&v.pointer()) else {
            return false;
        };
        let branches: Vec<SchemaId> = match v.keyword {
            "not" => Vec::new(),
            _ => s.one_of.iter().chain(&s.any_of).copied().collect(),
        };
        branches.into_iter().any(|b| {
            validator.validate(b, value).into_iter().any(|mut inner| {
                let mut path = v.path.clone();
                path.append(&mut inner.path);
                inner.path = path;
                self.meets(validator, payload, leaf, &inner, depth + 1)
            })
        })
    }

    /// `node` is `ancestor` or inside it.
    fn within(&self, node: NodeRef, ancestor: NodeRef) -> bool {
        if node.file != ancestor.file {
            return false;
        }
        let tree = self.spec.tree(node);
        let mut n = Some(node.node);
        while let Some(x) = n {
            if x == ancestor.node {
                return true;
            }
            n = tree.parent(x);
        }
        false
    }
}

/// For a node inside a `discriminator`, the schemas its union selects from.
fn selected(spec: &Spec, nodes: &SchemaNodes, node: NodeRef) -> Vec<NodeRef> {
    let tree = spec.tree(node);
    let mut n = Some(node.node);
    while let Some(x) = n {
        let key = tree.key_of(x).and_then(|k| tree.text(k));
        if key == Some("discriminator") {
            let Some(holder) = tree
                .parent(x)
                .and_then(|p| nodes.schema(NodeRef { node: p, ..node }))
            else {
                return Vec::new();
            };
            return graph::same_place_closure(spec, vec![holder])
                .into_iter()
                .filter_map(|id| spec.schema(id).at)
                .collect();
        }
        if nodes.schema(NodeRef { node: x, ..node }).is_some() {
            return Vec::new();
        }
        n = tree.parent(x);
    }
    Vec::new()
}

/// The instance pointer `p` is `at` or inside it.
fn below(p: &str, at: &str) -> bool {
    p.strip_prefix(at)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
