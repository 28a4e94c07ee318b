//! The diff engine: ONE walk that pairs the base and revision models and emits typed
//! [`Change`]s with both locations. Rules (see `crate::rules`) classify changes; they never
//! walk the models themselves.
//!
//! `walk.rs` is the machinery every part shares; `operations.rs` walks the document and its
//! operations, `security.rs` and `messages.rs` (parameters, bodies, responses) what an
//! operation holds, down to its schemas, which `schema/` compares as a graph of pairs
//! (`pairs.rs`), each pair once. Imports run one way: this file → the parts → `walk.rs` →
//! `pairs.rs`.

mod encoding;
mod messages;
mod operations;
mod pairs;
mod schema;
mod security;
pub mod value;
mod walk;

use crate::model::Spec;
use crate::vocabulary::{Change, NodeRef, OperationId, shown_then_sorted};

/// Compare two specs. The result is sorted and deterministic.
pub fn diff(base: &Spec, revision: &Spec) -> Vec<Change> {
    merged(walked(base, revision), base, revision)
}

/// [`diff`], and `beside` run on another core while the changes are gathered and merged
/// (which leaves it idle), given the nodes the changes were found at in the base and in the
/// revision (their places and objects' places, repeats included). Not run (`None`) where
/// there is no other core or too few changes to be worth a thread.
pub fn diff_beside<T: Send>(
    base: &Spec,
    revision: &Spec,
    beside: impl FnOnce(Vec<NodeRef>, Vec<NodeRef>) -> T + Send,
) -> (Vec<Change>, Option<T>) {
    let walk = walked(base, revision);
    if walk.changes.len() < crate::parallel::WORTH_A_THREAD || crate::parallel::cores() < 2 {
        return (merged(walk, base, revision), None);
    }
    let in_base = walk.changes.iter().flat_map(Change::base_nodes).collect();
    let in_revision = walk
        .changes
        .iter()
        .flat_map(Change::revision_nodes)
        .collect();
    let (changes, beside) = crate::parallel::both(
        true,
        || merged(walk, base, revision),
        || beside(in_base, in_revision),
    );
    (changes, Some(beside))
}

/// The walk over both specs, up to the changes of every schema pair.
fn walked<'a>(base: &'a Spec, revision: &'a Spec) -> walk::Walk<'a> {
    let mut walk = walk::Walk::new(base, revision);
    walk.document();
    walk.operations();
    walk.compare_all_schema_pairs();
    walk
}

/// The walk's changes, each given the operations that reach it, merged and sorted.
fn merged(walk: walk::Walk<'_>, base: &Spec, revision: &Spec) -> Vec<Change> {
    let changes = walk.finish();
    // Rules are checked against the facts each kind declares; a fact the walk adds without
    // declaring it would be one no rule can name.
    #[cfg(debug_assertions)]
    for c in &changes {
        for (fact, _) in &c.facts {
            assert!(
                c.kind.carries(fact),
                "a `{}` change carries `{fact}`, which its kind does not declare",
                c.kind
            );
        }
    }
    merge_and_sort(changes, revision, base)
}

/// The same change reached from several operations (a shared parameter, a schema used by many
/// responses) or along several paths (a component reached directly and through a wrapper that
/// folds it in) is one edit: reported once, listing every operation. It keeps the shortest of
/// its paths (the component's own name rather than a path through a wrapper), and the
/// operation shown first is the one that reaches it along that path (see
/// [`Change::operations`]).
fn merge_and_sort(changes: Vec<Change>, revision: &Spec, base: &Spec) -> Vec<Change> {
    let order = stable_order(
        &changes
            .iter()
            .map(|c| (identity(c), c.path.len(), &c.path))
            .collect::<Vec<_>>(),
    );
    let count = changes.len();
    let changes = in_order(changes, order);
    // Whether each merged change gathered the operations of several: one change alone already
    // lists its operations as `shown_then_sorted` leaves them (see `Walk::finish`), and
    // sorting them again was most of a big diff's merging.
    let mut merged: Vec<Change> = Vec::with_capacity(count);
    let mut gathered: Vec<bool> = Vec::with_capacity(count);
    for c in changes {
        match merged.last_mut() {
            Some(last) if identity(last).cmp(&identity(&c)).is_eq() => {
                last.operations.extend(c.operations);
                *gathered.last_mut().expect("one per merged change") = true;
            }
            _ => {
                merged.push(c);
                gathered.push(false);
            }
        }
    }
    for (c, gathered) in merged.iter_mut().zip(gathered) {
        if gathered {
            c.operations = shown_then_sorted(std::mem::take(&mut c.operations));
        }
        debug_assert!(is_shown_then_sorted(&c.operations));
    }
    // Several base branches of a union compared with the one schema they were merged into
    // (`anyOf: [A, B]` → `C`) each find the guarantee C drops: the same change at the same
    // place of the revision, under the same path, for the same operations, differing only in
    // the base branch it was read from. Nothing tells the findings apart: one edit, one
    // message, and the first branch's place stands for the rest. The mirror, one schema split
    // into branches (`C` → `anyOf: [A, B]`), finds the guarantee each branch adds at the same
    // place of the base: one edit too. Only schema changes, whose path names the place; the
    // same message for other operations stays a finding of its own (each of 182 responses
    // whose unresolvable `$ref` changed is its own edit).
    //
    // Each change's operations are collected and sorted once, for both sides and the last
    // sort: built in the comparison, they were most of a big diff's sorting time. The shown
    // operation is put in its place among the others, already sorted.
    let ops: Vec<Vec<&OperationId>> = merged
        .iter()
        .map(|c| {
            let Some((shown, rest)) = c.operations.split_first() else {
                return Vec::new();
            };
            let at = rest.partition_point(|o| o < shown);
            let mut ops: Vec<&OperationId> = Vec::with_capacity(c.operations.len());
            ops.extend(&rest[..at]);
            ops.push(shown);
            ops.extend(&rest[at..]);
            ops
        })
        .collect();
    let kept: Vec<usize> = {
        type PlaceOn = fn(&Change) -> Option<NodeRef>;
        let first_of_each = |among: Vec<usize>, shared: PlaceOn, other: PlaceOn| -> Vec<usize> {
            let keys: Vec<_> = among
                .iter()
                .map(|&i| {
                    let c = &merged[i];
                    ((same_message(c, shared(c)), &ops[i]), other(c))
                })
                .collect();
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
            let mut kept: Vec<usize> = Vec::with_capacity(order.len());
            for x in order {
                let c = &merged[among[x]];
                let repeats = kept.last().is_some_and(|&last| {
                    shared(c).is_some()
                        && c.kind.as_str().starts_with("schema.")
                        && keys[last].0.cmp(&keys[x].0).is_eq()
                });
                if !repeats {
                    kept.push(x);
                }
            }
            kept.into_iter().map(|x| among[x]).collect()
        };
        let merges = first_of_each((0..merged.len()).collect(), |c| c.revision, |c| c.base);
        first_of_each(merges, |c| c.base, |c| c.revision)
    };
    // Reading order: document-level first, then by where the change sits in the revision
    // (or, for removals, in the base), then by kind and name. The kept changes are ordered by
    // index and moved once, at the end, rather than into a vector of their own first.
    let place = |c: &Change| {
        let (side, pos) = match (c.revision, c.base) {
            (Some(r), _) => (0, revision.pos(r)),
            (None, Some(b)) => (1, base.pos(b)),
            _ => (2, Default::default()),
        };
        (side, pos.byte)
    };
    fn op(c: &Change) -> Option<(&str, &str)> {
        c.operations.first().map(OperationId::reading_order)
    }
    // Each key is built once: compared pair by pair, the places were looked up again on
    // every comparison. Changes alike in all five come in the order of what else they say
    // (no two merged changes say the same: their identities differ).
    let order = stable_order(
        &kept
            .iter()
            .map(|&i| {
                let c = &merged[i];
                let rest = (c.context, c.direction, &c.before, &c.after, c.base);
                let reading = (op(c), place(c), c.kind, &c.name, &c.path);
                (reading, rest, &c.facts, &ops[i], c.revision)
            })
            .collect::<Vec<_>>(),
    );
    in_order(merged, order.into_iter().map(|k| kept[k]).collect()).collect()
}

/// The indices of `keys` in the order a stable sort of them gives. The changes are sorted by
/// index: each moved once, where sorting the changes themselves moved them at every step.
fn stable_order<K: Ord>(keys: &[K]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by(|&x, &y| keys[x].cmp(&keys[y]));
    order
}

/// The changes at the indices of `order`, in its order (each index once; the others are
/// dropped), each moved out as it is reached.
fn in_order(changes: Vec<Change>, order: Vec<usize>) -> impl Iterator<Item = Change> {
    let mut slots: Vec<Option<Change>> = changes.into_iter().map(Some).collect();
    order
        .into_iter()
        .map(move |i| slots[i].take().expect("each index once"))
}

/// Operations as [`shown_then_sorted`] leaves them: the shown one, then the others sorted,
/// each once and none of them the shown one.
fn is_shown_then_sorted(operations: &[OperationId]) -> bool {
    let Some((shown, rest)) = operations.split_first() else {
        return true;
    };
    rest.windows(2).all(|w| w[0] < w[1]) && !rest.contains(shown)
}

/// What a change says and where it says it on one side (`at`, the revision's or the base's
/// place): [`identity`] but for the other side's place, with the path the message prints.
/// The place comes first because it tells most changes apart without comparing text; the
/// order of the groups it sorts into is not seen (see [`merge_and_sort`]'s last key).
fn same_message(c: &Change, at: Option<NodeRef>) -> impl Ord + '_ {
    (
        at,
        c.kind,
        c.context,
        c.direction,
        &c.name,
        &c.before,
        &c.after,
        &c.facts,
        &c.path,
    )
}

/// Identity for merging the same change seen from several operations or paths: the same kind
/// of change at the same two nodes, with the same values. The two nodes come first because
/// they tell most changes apart without comparing text; the order of the groups it sorts
/// into is not seen, since [`merge_and_sort`] orders the merged changes by keys holding every
/// part of it.
fn identity(c: &Change) -> impl Ord + '_ {
    (
        c.base,
        c.revision,
        c.kind,
        c.context,
        c.direction,
        &c.name,
        &c.before,
        &c.after,
        &c.facts,
    )
}
