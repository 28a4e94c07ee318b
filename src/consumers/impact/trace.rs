//! Whether a change at some schema touches a field pattern a consumer reads or sends: the
//! pattern laid over a payload schema.

use rustc_hash::FxHashSet;

use crate::consumers::registry::fields::{FieldStep, Pattern};
use crate::json_schema::graph::{self, SchemaStep};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::NodeRef;

/// Whether a pattern step can be a schema step.
pub(super) fn matches(p: &FieldStep, s: &SchemaStep) -> bool {
    match (p, s) {
        (FieldStep::Any | FieldStep::Deep, _) => true,
        (FieldStep::Name(n), SchemaStep::Property(m)) => n == m,
        (FieldStep::Name(_), SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_)) => {
            true
        }
        (FieldStep::Item, SchemaStep::Items | SchemaStep::PrefixItem(_)) => true,
        (
            FieldStep::Index(_),
            SchemaStep::Items | SchemaStep::AdditionalProperty | SchemaStep::PatternProperty(_),
        ) => true,
        (FieldStep::Index(i), SchemaStep::PrefixItem(k)) => *i == k.to_string(),
        (FieldStep::Index(i), SchemaStep::Property(m)) => i == m,
        _ => false,
    }
}

/// Whether a pattern step names a property.
fn names(p: &FieldStep, property: &str) -> bool {
    match p {
        FieldStep::Any | FieldStep::Deep => true,
        FieldStep::Name(n) | FieldStep::Index(n) => n == property,
        FieldStep::Item => false,
    }
}

/// A pattern laid over one payload schema: the schemas (by node) at each of its steps, and
/// everything below its end.
pub struct Trace {
    /// `levels[k]`: the schemas describing the place after `k` steps (`levels[0]`: the root).
    levels: Vec<FxHashSet<NodeRef>>,
    /// The pattern's steps, up to a `**`.
    steps: Vec<FieldStep>,
    /// Every schema at or below the end.
    below: FxHashSet<NodeRef>,
}

impl Trace {
    pub fn new(spec: &Spec, root: SchemaId, pattern: &Pattern) -> Trace {
        let steps: Vec<FieldStep> = pattern
            .steps
            .iter()
            .take_while(|s| **s != FieldStep::Deep)
            .cloned()
            .collect();
        let mut frontier = graph::same_place_closure(spec, vec![root]);
        let mut levels = vec![nodes(spec, &frontier)];
        for p in &steps {
            let next: Vec<SchemaId> = frontier
                .iter()
                .flat_map(|&id| graph::children(spec, id))
                .filter(|(seg, _)| matches(p, seg))
                .map(|(_, id)| id)
                .collect();
            frontier = graph::same_place_closure(spec, next);
            levels.push(nodes(spec, &frontier));
        }
        let below = nodes(spec, &graph::descendants(spec, frontier));
        Trace {
            levels,
            steps,
            below,
        }
    }

    /// The change at `schema` (about `property`, if given) touches what the pattern names:
    /// it is at or below the end, or on the way with the property the pattern goes through.
    pub fn touches(&self, schema: NodeRef, property: Option<&str>) -> bool {
        self.below.contains(&schema)
            || self.steps.iter().enumerate().any(|(k, p)| {
                self.levels[k].contains(&schema) && property.is_none_or(|n| names(p, n))
            })
    }

    /// The pattern passes through `schema` (or ends at or above it).
    pub fn reaches(&self, schema: NodeRef) -> bool {
        self.below.contains(&schema) || self.levels.iter().any(|l| l.contains(&schema))
    }

    /// The pattern goes on from `schema` into `property`: the consumer sends that property.
    pub fn goes_into(&self, schema: NodeRef, property: &str) -> bool {
        self.steps
            .iter()
            .enumerate()
            .any(|(k, p)| self.levels[k].contains(&schema) && names(p, property))
    }
}

fn nodes(spec: &Spec, ids: &[SchemaId]) -> FxHashSet<NodeRef> {
    ids.iter().filter_map(|&id| spec.schema(id).at).collect()
}
