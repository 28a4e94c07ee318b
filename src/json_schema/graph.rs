//! The schema graph of a spec as instances see it: from a schema to the schemas of the places
//! inside its instances ([`children`]), to the schemas that describe the same place
//! ([`same_place`]: union branches, `allOf` members), paths between them, and from any node
//! of the spec back to the schema it is part of ([`SchemaNodes`]). `$ref`s are already
//! resolved by the model: a reference is an edge like any other.

use std::collections::VecDeque;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::schema::Additional;
use crate::model::{SchemaId, Spec};
use crate::vocabulary::NodeRef;

/// One step from a schema to the schema of a place inside the instance.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum SchemaStep {
    Property(String),
    /// An item of an array (after any prefix items).
    Items,
    PrefixItem(usize),
    /// A property not declared by name (`additionalProperties`).
    AdditionalProperty,
    /// A property whose name matches the pattern.
    PatternProperty(String),
}

/// Sub-schemas that describe the same place: union branches and `allOf` members.
pub(crate) fn same_place(spec: &Spec, id: SchemaId) -> impl Iterator<Item = SchemaId> + '_ {
    let s = spec.schema(id);
    s.one_of.iter().chain(&s.any_of).chain(&s.all_of).copied()
}

/// Sub-schemas of places inside the instance, with the step to each.
pub(crate) fn children(spec: &Spec, id: SchemaId) -> Vec<(SchemaStep, SchemaId)> {
    child_steps(spec, id)
        .map(|(step, child)| (step.owned(), child))
        .collect()
}

/// A [`SchemaStep`] borrowing its name from the schema: walks that look at every child but
/// keep few copy only the names they keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StepRef<'s> {
    Property(&'s str),
    Items,
    PrefixItem(usize),
    AdditionalProperty,
    PatternProperty(&'s str),
}

impl StepRef<'_> {
    pub(crate) fn owned(self) -> SchemaStep {
        match self {
            StepRef::Property(n) => SchemaStep::Property(n.to_string()),
            StepRef::Items => SchemaStep::Items,
            StepRef::PrefixItem(k) => SchemaStep::PrefixItem(k),
            StepRef::AdditionalProperty => SchemaStep::AdditionalProperty,
            StepRef::PatternProperty(p) => SchemaStep::PatternProperty(p.to_string()),
        }
    }

    fn is(self, step: &SchemaStep) -> bool {
        match (self, step) {
            (StepRef::Property(a), SchemaStep::Property(b))
            | (StepRef::PatternProperty(a), SchemaStep::PatternProperty(b)) => a == b,
            (StepRef::PrefixItem(a), SchemaStep::PrefixItem(b)) => a == *b,
            (StepRef::Items, SchemaStep::Items)
            | (StepRef::AdditionalProperty, SchemaStep::AdditionalProperty) => true,
            _ => false,
        }
    }
}

/// [`children`], in the same order, with the steps borrowed.
pub(crate) fn child_steps(
    spec: &Spec,
    id: SchemaId,
) -> impl Iterator<Item = (StepRef<'_>, SchemaId)> + '_ {
    let s = spec.schema(id);
    let additional = match &s.additional_properties {
        Some((Additional::Schema(a), _)) => Some((StepRef::AdditionalProperty, *a)),
        _ => None,
    };
    s.properties
        .iter()
        .map(|(n, p)| (StepRef::Property(n), *p))
        .chain(s.items.map(|i| (StepRef::Items, i)))
        .chain(s.contains.map(|i| (StepRef::Items, i)))
        .chain(
            s.prefix_items
                .iter()
                .enumerate()
                .map(|(k, &p)| (StepRef::PrefixItem(k), p)),
        )
        .chain(additional)
        .chain(
            s.pattern_properties
                .iter()
                .map(|(p, id)| (StepRef::PatternProperty(p), *id)),
        )
}

/// Schema graphs are walked breadth-first; a walk that has found more than this many schemas
/// is cut short.
const MAX_VISITED: usize = 200_000;

/// The nodes at which a spec writes schemas, to map any node back to its schema.
pub struct SchemaNodes(FxHashMap<NodeRef, SchemaId>);

impl SchemaNodes {
    pub fn of(spec: &Spec) -> SchemaNodes {
        let mut map = FxHashMap::default();
        for (i, s) in spec.schemas.iter().enumerate() {
            if let Some(at) = s.at {
                map.entry(at).or_insert(SchemaId(i as u32));
            }
        }
        SchemaNodes(map)
    }

    /// The schema written at `at`, if one is.
    pub fn schema(&self, at: NodeRef) -> Option<SchemaId> {
        self.0.get(&at).copied()
    }

    /// The schema a node is part of: the node itself when it is one, else its nearest
    /// ancestor that is.
    pub fn enclosing(&self, spec: &Spec, at: NodeRef) -> Option<NodeRef> {
        let tree = spec.tree(at);
        let mut node = Some(at.node);
        while let Some(n) = node {
            let r = NodeRef {
                file: at.file,
                node: n,
            };
            if self.0.contains_key(&r) {
                return Some(r);
            }
            node = tree.parent(n);
        }
        None
    }
}

/// The shortest path of steps from `root` to a schema written at `target`, breadth-first
/// over the schema graph (each schema once, so recursive schemas end).
pub(crate) fn path_to(spec: &Spec, root: SchemaId, target: NodeRef) -> Option<Vec<SchemaStep>> {
    PathsFrom::new(spec, root).to(target)
}

/// The schemas a walk makes room for at its start.
const ROOM: usize = 256;

/// A breadth-first walk from one root, kept between questions: [`path_to`] for each target
/// from the same root, each schema visited once over all of them. A witness search asks for
/// several places under one payload (each property of an object that changed); walking again
/// from the root for each was a seventh of the search. The walk goes as far as the last
/// question needed, in the order a walk for that one target alone would, so each answer is
/// [`path_to`]'s.
///
/// A target is answered as soon as the walk finds a schema written there, not once it visits
/// it: the schemas are visited in the order they are found, so the first found at a place is
/// the first visited there, and the path to it is known from the moment it is found. Most
/// changes are a property or two below the payload's root: waiting for the visit walked every
/// schema found before it (the root's other properties, and their properties).
pub(crate) struct PathsFrom<'s> {
    spec: &'s Spec,
    /// Each schema found, with the schema and the step it was found from (none for the root,
    /// and no step for a schema describing the same place).
    from: FxHashMap<SchemaId, Option<(SchemaId, Option<StepRef<'s>>)>>,
    /// Found, not yet visited, in order.
    queue: VecDeque<SchemaId>,
    /// The first schema found at each place.
    found_at: FxHashMap<NodeRef, SchemaId>,
    /// The walk has ended: every schema visited, or more than [`MAX_VISITED`] found.
    ended: bool,
}

impl<'s> PathsFrom<'s> {
    pub(crate) fn new(spec: &'s Spec, root: SchemaId) -> PathsFrom<'s> {
        // Room for a walk the size of a payload's: growing the maps from nothing, one
        // doubling after another, was a quarter of the walks.
        let mut from = FxHashMap::with_capacity_and_hasher(ROOM, Default::default());
        from.insert(root, None);
        let mut walk = PathsFrom {
            spec,
            from,
            queue: VecDeque::with_capacity(ROOM),
            found_at: FxHashMap::with_capacity_and_hasher(ROOM, Default::default()),
            ended: false,
        };
        walk.found(root);
        walk
    }

    /// Queue a schema just found (its entry in `from` made) and note its place.
    fn found(&mut self, id: SchemaId) {
        self.queue.push_back(id);
        if let Some(at) = self.spec.schema(id).at {
            self.found_at.entry(at).or_insert(id);
        }
    }

    /// The shortest path to a schema written at `target`, walking on as far as it takes.
    pub(crate) fn to(&mut self, target: NodeRef) -> Option<Vec<SchemaStep>> {
        loop {
            if let Some(&id) = self.found_at.get(&target) {
                return Some(self.path(id));
            }
            if self.ended {
                return None;
            }
            self.visit();
        }
    }

    /// Visit the next schema: find its children (unless too many have been found: the walk
    /// then ends, as one for a single target would at its next schema).
    fn visit(&mut self) {
        let Some(id) = self.queue.pop_front() else {
            self.ended = true;
            return;
        };
        let spec = self.spec;
        if self.from.len() > MAX_VISITED {
            self.ended = true;
            return;
        }
        let next = same_place(spec, id)
            .map(|c| (None, c))
            .chain(child_steps(spec, id).map(|(s, c)| (Some(s), c)));
        for (step, child) in next {
            if let std::collections::hash_map::Entry::Vacant(e) = self.from.entry(child) {
                e.insert(Some((id, step)));
                self.found(child);
            }
        }
    }

    fn path(&self, id: SchemaId) -> Vec<SchemaStep> {
        let mut path = Vec::new();
        let mut cur = id;
        while let Some(Some((parent, step))) = self.from.get(&cur) {
            path.extend(step.map(StepRef::owned));
            cur = *parent;
        }
        path.reverse();
        path
    }
}

/// The schema describing the place `path` leads to, looking through unions and `allOf`.
pub(crate) fn schema_at(spec: &Spec, root: SchemaId, path: &[SchemaStep]) -> Option<SchemaId> {
    let mut cur = root;
    for step in path {
        cur = carrier(spec, cur, step)?.1;
    }
    Some(cur)
}

/// The schema among `id` and those describing the same place that has a child for `step`:
/// (the carrier, the child).
pub(crate) fn carrier(
    spec: &Spec,
    id: SchemaId,
    step: &SchemaStep,
) -> Option<(SchemaId, SchemaId)> {
    let mut queue = vec![id];
    let mut seen = vec![id];
    while let Some(s) = queue.pop() {
        if let Some((_, child)) = child_steps(spec, s).find(|(c, _)| c.is(step)) {
            return Some((s, child));
        }
        for next in same_place(spec, s) {
            if !seen.contains(&next) && seen.len() < 256 {
                seen.push(next);
                queue.push(next);
            }
        }
    }
    None
}

/// The schemas and every schema describing the same places (union branches, allOf members).
pub(crate) fn same_place_closure(spec: &Spec, start: Vec<SchemaId>) -> Vec<SchemaId> {
    closure(start, |id| same_place(spec, id).collect())
}

/// The schemas and everything reachable from them.
pub(crate) fn descendants(spec: &Spec, start: Vec<SchemaId>) -> Vec<SchemaId> {
    closure(start, |id| {
        same_place(spec, id)
            .chain(child_steps(spec, id).map(|(_, c)| c))
            .collect()
    })
}

/// `start` and every schema reached from it by `edges`, each once, in the order found.
fn closure(start: Vec<SchemaId>, edges: impl Fn(SchemaId) -> Vec<SchemaId>) -> Vec<SchemaId> {
    let mut seen: FxHashSet<SchemaId> = start.iter().copied().collect();
    let mut out = start.clone();
    let mut queue = start;
    while let Some(id) = queue.pop() {
        for next in edges(id) {
            if seen.len() < MAX_VISITED && seen.insert(next) {
                out.push(next);
                queue.push(next);
            }
        }
    }
    out
}
