//! Schemas two specs share unchanged ("twins"): the same keywords with the same values, and
//! sub-schemas that are twins in turn. Adjacent revisions in a history share almost every
//! schema, and a pair of twins has nothing to report, so [`super::diff_adjacent`] neither
//! compares such a pair keyword by keyword nor walks below it.
//!
//! Twins are judged on the models, not on the text: a schema whose own text is unchanged but
//! whose `$ref` target changed is no twin. Recursive schemas make the pairs a graph with
//! cycles, and a pair is a twin when every pair it reaches is equal keyword by keyword (the
//! largest such relation). Each strongly connected set of pairs is settled at once (Tarjan's
//! algorithm, on an explicit stack, so deep nesting cannot overflow the call stack): each of
//! its pairs reaches every other, so either all of them are twins or none is.

use rustc_hash::FxHashMap;

use super::value::same;
use crate::model::schema::{Additional, Bound, Limit, Num, Schema};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::NodeRef;

type SchemaIds = (SchemaId, SchemaId);

/// The twin verdicts of one diff, kept: a schema many operations use is judged once.
pub(super) struct Twins<'a> {
    a: &'a Spec,
    b: &'a Spec,
    marks: FxHashMap<SchemaIds, Mark>,
    /// Tarjan's stack: the pairs reached and not yet settled, each with whether it differs
    /// keyword by keyword or through a pair below it.
    stack: Vec<(SchemaIds, bool)>,
    /// The pairs whose sub-schema pairs are being walked, innermost last.
    walk: Vec<Visit>,
    /// The sub-schema pairs of every pair on `walk`, each visit's after its parent's.
    children: Vec<SchemaIds>,
}

#[derive(Clone, Copy)]
enum Mark {
    /// On Tarjan's stack, reached as the `n`th pair of the current walk.
    Open(u32),
    Settled(bool),
}

/// A pair whose sub-schema pairs are being walked.
struct Visit {
    /// The order in which it was reached, and the earliest-reached pair still on the stack
    /// that the walk below it reached.
    index: u32,
    low: u32,
    differs: bool,
    /// Where it is on the stack: what is settled above it goes, what is below stays.
    slot: usize,
    /// Its sub-schema pairs: `children[first..]` up to the next visit's `first`.
    first: usize,
    next: usize,
}

impl<'a> Twins<'a> {
    pub fn new(a: &'a Spec, b: &'a Spec) -> Self {
        Self {
            a,
            b,
            // Adjacent revisions pair most of their schemas: room for that many at once.
            marks: FxHashMap::with_capacity_and_hasher(a.schemas.len(), Default::default()),
            stack: Vec::new(),
            walk: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Whether schema `x` of the base and `y` of the revision are twins.
    pub fn twins(&mut self, x: SchemaId, y: SchemaId) -> bool {
        if let Some(Mark::Settled(known)) = self.marks.get(&(x, y)) {
            return *known;
        }
        let mut reached = 0u32;
        self.enter((x, y), &mut reached);
        while let Some(visit) = self.walk.last_mut() {
            // A pair found to differ needs no more of its sub-schemas walked: its verdict is
            // known, and so is that of every pair on a cycle through it.
            if !visit.differs && visit.first + visit.next < self.children.len() {
                let child = self.children[visit.first + visit.next];
                visit.next += 1;
                match self.marks.get(&child) {
                    Some(Mark::Settled(twin)) => visit.differs |= !twin,
                    Some(Mark::Open(index)) => visit.low = visit.low.min(*index),
                    None => self.enter(child, &mut reached),
                }
                continue;
            }
            let mut done = self.walk.pop().expect("a visit");
            self.children.truncate(done.first);
            self.stack[done.slot].1 = done.differs;
            if done.low == done.index {
                done.differs = self.settle(done.slot);
            }
            if let Some(parent) = self.walk.last_mut() {
                parent.low = parent.low.min(done.low);
                // A pair that differs makes its parent differ, whether it was settled in a
                // set of its own or belongs to the parent's.
                parent.differs |= done.differs;
            }
        }
        matches!(self.marks.get(&(x, y)), Some(Mark::Settled(true)))
    }

    fn enter(&mut self, pair: SchemaIds, reached: &mut u32) {
        let first = self.children.len();
        let equal = same_keywords(
            (self.a, self.a.schema(pair.0)),
            (self.b, self.b.schema(pair.1)),
            &mut self.children,
        );
        if !equal {
            self.children.truncate(first);
        }
        self.marks.insert(pair, Mark::Open(*reached));
        self.walk.push(Visit {
            index: *reached,
            low: *reached,
            differs: !equal,
            slot: self.stack.len(),
            first,
            next: 0,
        });
        self.stack.push((pair, !equal));
        *reached += 1;
    }

    /// Pop the strongly connected set whose first-reached pair is at `at` on the stack: twins
    /// all, unless one of them differs. Returns whether it differs.
    fn settle(&mut self, at: usize) -> bool {
        let differs = self.stack[at..].iter().any(|&(_, d)| d);
        for (p, _) in self.stack.drain(at..) {
            self.marks.insert(p, Mark::Settled(!differs));
        }
        differs
    }
}

/// Every keyword of `s` (base) equal to `t`'s (revision), values compared as the diff compares
/// them and places ignored; the pairs of sub-schemas that must be twins too are added to
/// `children`. Written as one destructuring without `..`, so a keyword added to [`Schema`]
/// cannot be forgotten here.
fn same_keywords(
    (a, s): (&Spec, &Schema),
    (b, t): (&Spec, &Schema),
    children: &mut Vec<SchemaIds>,
) -> bool {
    let Schema {
        at: _,
        name,
        boolean,
        types,
        types_at: _,
        format,
        enumeration,
        constant,
        required,
        required_at: _,
        properties,
        additional_properties,
        pattern_properties,
        property_names,
        items,
        prefix_items,
        contains,
        min_length,
        max_length,
        min_items,
        max_items,
        min_properties,
        max_properties,
        minimum,
        maximum,
        exclusive_minimum_flag,
        exclusive_maximum_flag,
        multiple_of,
        pattern,
        unique_items,
        read_only,
        write_only,
        deprecated,
        default,
        one_of,
        any_of,
        all_of,
        not,
        discriminator,
        title,
        description,
        extras,
        all_of_unfolded,
        nullable_pending,
        unresolved,
    } = s;
    let value = |x: &Option<NodeRef>, y: &Option<NodeRef>| same(a, *x, b, *y);
    let text = |x: &Option<(String, NodeRef)>, y: &Option<(String, NodeRef)>| {
        x.as_ref().map(|x| &x.0) == y.as_ref().map(|y| &y.0)
    };
    let limit = |x: &Option<Limit>, y: &Option<Limit>| x.map(|x| x.value) == y.map(|y| y.value);
    let bound = |x: &Option<Bound>, y: &Option<Bound>| match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => same_number(&x.value, &y.value) && x.exclusive == y.exclusive,
        _ => false,
    };
    let scalars = *name == t.name
        && *boolean == t.boolean
        && *types == t.types
        && text(format, &t.format)
        && *required == t.required
        && limit(min_length, &t.min_length)
        && limit(max_length, &t.max_length)
        && limit(min_items, &t.min_items)
        && limit(max_items, &t.max_items)
        && limit(min_properties, &t.min_properties)
        && limit(max_properties, &t.max_properties)
        && bound(minimum, &t.minimum)
        && bound(maximum, &t.maximum)
        && match (multiple_of, &t.multiple_of) {
            (None, None) => true,
            (Some((x, _)), Some((y, _))) => same_number(x, y),
            _ => false,
        }
        && text(pattern, &t.pattern)
        && text(title, &t.title)
        && text(description, &t.description)
        && *all_of_unfolded == t.all_of_unfolded
        && *unresolved == t.unresolved
        && match (discriminator, &t.discriminator) {
            (None, None) => true,
            (Some(x), Some(y)) => x.property_name == y.property_name && x.mapping == y.mapping,
            _ => false,
        };
    let values = scalars
        && value(constant, &t.constant)
        && value(exclusive_minimum_flag, &t.exclusive_minimum_flag)
        && value(exclusive_maximum_flag, &t.exclusive_maximum_flag)
        && value(unique_items, &t.unique_items)
        && value(read_only, &t.read_only)
        && value(write_only, &t.write_only)
        && value(deprecated, &t.deprecated)
        && value(default, &t.default)
        && value(nullable_pending, &t.nullable_pending)
        && match (enumeration, &t.enumeration) {
            (None, None) => true,
            (Some((x, _)), Some((y, _))) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(a, Some(*x), b, Some(*y)))
            }
            _ => false,
        }
        && extras.len() == t.extras.len()
        && extras
            .iter()
            .zip(&t.extras)
            .all(|((kx, x), (ky, y))| kx == ky && same(a, Some(*x), b, Some(*y)));
    if !values {
        return false;
    }
    // The sub-schemas: the same shape on both sides, paired in place.
    let named = |x: &[(String, SchemaId)], y: &[(String, SchemaId)], out: &mut Vec<SchemaIds>| {
        x.len() == y.len()
            && x.iter().zip(y).all(|((kx, ix), (ky, iy))| {
                out.push((*ix, *iy));
                kx == ky
            })
    };
    let listed = |x: &[SchemaId], y: &[SchemaId], out: &mut Vec<SchemaIds>| {
        out.extend(x.iter().copied().zip(y.iter().copied()));
        x.len() == y.len()
    };
    let single = |x: &Option<SchemaId>, y: &Option<SchemaId>, out: &mut Vec<SchemaIds>| match (x, y)
    {
        (None, None) => true,
        (Some(x), Some(y)) => {
            out.push((*x, *y));
            true
        }
        _ => false,
    };
    named(properties, &t.properties, children)
        && named(pattern_properties, &t.pattern_properties, children)
        && single(property_names, &t.property_names, children)
        && single(items, &t.items, children)
        && listed(prefix_items, &t.prefix_items, children)
        && single(contains, &t.contains, children)
        && listed(one_of, &t.one_of, children)
        && listed(any_of, &t.any_of, children)
        && listed(all_of, &t.all_of, children)
        && single(not, &t.not, children)
        && match (additional_properties, &t.additional_properties) {
            (None, None) => true,
            (Some((Additional::Allowed(x), _)), Some((Additional::Allowed(y), _))) => x == y,
            (Some((Additional::Schema(x), _)), Some((Additional::Schema(y), _))) => {
                children.push((*x, *y));
                true
            }
            _ => false,
        }
}

/// Two numbers written alike (the diff shows what is written, so `10` and `1e1` differ).
fn same_number(x: &Num, y: &Num) -> bool {
    x.text == y.text
}
