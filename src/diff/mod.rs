//! The diff engine: ONE walk that pairs the base and revision models and emits typed
//! [`Change`]s with both locations. Rules (see `crate::rules`) classify changes; they never
//! walk the models themselves.
//!
//! `walk.rs` is the machinery every part shares; `operations.rs` walks the document and its
//! operations, `security.rs` and `messages.rs` (parameters, bodies, responses) what an
//! operation holds, down to its schemas, which `schema/` compares as a graph of pairs
//! (`pairs.rs`), each pair once; between adjacent revisions, pairs of schemas both sides
//! share unchanged (`twins.rs`) are recorded and not compared. Imports run one way: this file
//! → the parts → `walk.rs` → `pairs.rs` and `twins.rs`.

mod encoding;
mod messages;
mod operations;
mod pairs;
mod schema;
mod security;
mod twins;
pub mod value;
mod walk;

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::model::Spec;
use crate::vocabulary::{Change, NodeRef, OperationId, shown_then_sorted};

/// Compare two specs. The result is sorted and deterministic.
pub fn diff(base: &Spec, revision: &Spec) -> Vec<Change> {
    merged(walked(base, revision, false), base, revision)
}

/// [`diff`] for two revisions that share most of their schemas, as a history's adjacent
/// commits do: each pair of schemas is first checked for being the same schema on both sides
/// (see `twins.rs`), and such a pair is neither compared nor walked below. The changes are
/// the same as [`diff`]'s. Over Stripe's history most schema pairs are twins; between two
/// specs that share less, the check is work spent on top of the comparison.
pub fn diff_adjacent(base: &Spec, revision: &Spec) -> Vec<Change> {
    merged(walked(base, revision, true), base, revision)
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
    let walk = walked(base, revision, false);
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

/// The walk over both specs, up to the changes of every schema pair; `adjacent`: see
/// [`diff_adjacent`].
fn walked<'a>(base: &'a Spec, revision: &'a Spec, adjacent: bool) -> walk::Walk<'a> {
    let mut walk = walk::Walk::new(base, revision, adjacent);
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
fn merge_and_sort(mut changes: Vec<Change>, revision: &Spec, base: &Spec) -> Vec<Change> {
    // Only changes at the same two places can be the same change, and they are few (a big
    // diff's 3,210 changes merge into 34 of them): those are sorted, in groups of the same
    // change; the rest stay where they are, unmoved (the merged changes' order is not seen).
    let shared = sharing_places(&changes);
    let order = stable_order_by(
        shared.len(),
        |x| places_key(&changes[shared[x]]),
        |x| {
            let c = &changes[shared[x]];
            (identity(c), c.path.len(), &c.path)
        },
    );
    // The first of each group (the shortest path) takes the operations of the others, which
    // are dropped. One change alone already lists its operations as `shown_then_sorted`
    // leaves them (see `Walk::finish`), and sorting them again was most of a big diff's
    // merging: only those that gathered others' are.
    let mut dropped = vec![false; changes.len()];
    let mut gathered: Vec<usize> = Vec::new();
    let mut first: Option<usize> = None;
    for x in order {
        let i = shared[x];
        match first {
            Some(f) if identity(&changes[f]).cmp(&identity(&changes[i])).is_eq() => {
                let operations = std::mem::take(&mut changes[i].operations);
                changes[f].operations.extend(operations);
                dropped[i] = true;
                if gathered.last() != Some(&f) {
                    gathered.push(f);
                }
            }
            _ => first = Some(i),
        }
    }
    for f in gathered {
        changes[f].operations = shown_then_sorted(std::mem::take(&mut changes[f].operations));
    }
    // The dropped changes stay in place, passed over from here on: moving the others down
    // over them cost as much as finding them.
    let merged = changes;
    debug_assert!(merged.iter().all(|c| is_shown_then_sorted(&c.operations)));
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
    // Only such changes can repeat one another, and only at the same place: the others are
    // kept without being compared. Which of the kept ones comes first here is not seen: the
    // last sort's key holds every part of a change.
    let kept: Vec<usize> = {
        type PlaceOn = fn(&Change) -> Option<NodeRef>;
        let first_of_each = |among: Vec<usize>, shared: PlaceOn, other: PlaceOn| -> Vec<usize> {
            let (may_repeat, mut kept): (Vec<usize>, Vec<usize>) =
                among.into_iter().partition(|&i| {
                    let c = &merged[i];
                    shared(c).is_some() && c.kind.as_str().starts_with("schema.")
                });
            let message = |i: usize| {
                let c = &merged[i];
                (same_message(c, shared(c)), Operations(&c.operations))
            };
            let order = stable_order_by(
                may_repeat.len(),
                |x| u128::from(packed(shared(&merged[may_repeat[x]]))),
                |x| (message(may_repeat[x]), other(&merged[may_repeat[x]])),
            );
            let mut last: Option<usize> = None;
            for x in order {
                let i = may_repeat[x];
                if !last.is_some_and(|l| message(l).cmp(&message(i)).is_eq()) {
                    kept.push(i);
                    last = Some(i);
                }
            }
            kept
        };
        let merges = first_of_each(
            (0..merged.len()).filter(|&i| !dropped[i]).collect(),
            |c| c.revision,
            |c| c.base,
        );
        first_of_each(merges, |c| c.base, |c| c.revision)
    };
    // Reading order: document-level first, then by where the change sits in the revision
    // (or, for removals, in the base), then by kind and name. The kept changes are ordered by
    // index and moved once, at the end, rather than into a vector of their own first.
    let place = |c: &Change| {
        let (side, pos) = match (c.revision, c.base) {
            (Some(r), _) => (0u8, revision.pos(r)),
            (None, Some(b)) => (1, base.pos(b)),
            _ => (2, Default::default()),
        };
        u128::from(side) << 32 | u128::from(pos.byte)
    };
    // The shown operation is compared by its rank in reading order, worked out once for each
    // operation: compared as text, the long paths operations share were most of this sort.
    let shown = reading_ranks(kept.iter().map(|&i| merged[i].operations.first()));
    // Changes alike in operation and place, few, are told apart by the rest of the key, in
    // the order of what else they say (no two merged changes say the same: their identities
    // differ).
    let order = stable_order_by(
        kept.len(),
        |k| u128::from(shown[k]) << 34 | place(&merged[kept[k]]),
        |k| {
            let c = &merged[kept[k]];
            let rest = (c.context, c.direction, &c.before, &c.after, c.base);
            let reading = (c.kind, &c.name, &c.path);
            (
                reading,
                rest,
                &c.facts,
                Operations(&c.operations),
                c.revision,
            )
        },
    );
    in_order(merged, order.into_iter().map(|k| kept[k]).collect()).collect()
}

/// The indices `0..n` in the order a stable sort by the key `(cheap(i), full(i))` gives.
/// Sorted by `cheap` alone first, a number that tells most apart ([`radix_order`]); `full`
/// is built and compared only among those it does not tell apart, and must order them as the
/// whole key would.
fn stable_order_by<F: Ord>(
    n: usize,
    cheap: impl Fn(usize) -> u128,
    full: impl Fn(usize) -> F,
) -> Vec<usize> {
    let keys: Vec<u128> = (0..n).map(cheap).collect();
    let mut order = radix_order(&keys);
    for run in order.chunk_by_mut(|&x, &y| keys[x] == keys[y]) {
        if run.len() > 1 {
            // In index order already, which the stable sort keeps for equal keys.
            run.sort_by_key(|&x| full(x));
        }
    }
    order
}

/// The indices of `keys` in the keys' order, equal keys in index order: a stable radix
/// sort, which passes over the bytes every key has alike (a place's file, the high bytes of
/// its node). The big diff's merge sorted 3,210 changes and then 2,394 by such keys (now
/// the 2,394 and the few at shared places): compared, they cost 2.8 M instructions;
/// radsort's, 1.9 M (a radix sort written out here saved 0.6 M more, not worth thirty lines
/// of our own).
fn radix_order(keys: &[u128]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    radsort::sort_by_key(&mut order, |&i| keys[i]);
    order
}

/// The indices, in order, of the changes whose two places (base and revision) another
/// change has too: only those may be the same change.
fn sharing_places(changes: &[Change]) -> Vec<usize> {
    // The first change at each two places, taken out (and listed) once a second one comes.
    let mut first: FxHashMap<u128, Option<usize>> = FxHashMap::default();
    first.reserve(changes.len());
    let mut shared = Vec::new();
    for (i, c) in changes.iter().enumerate() {
        match first.entry(places_key(c)) {
            Entry::Vacant(e) => {
                e.insert(Some(i));
            }
            Entry::Occupied(mut e) => {
                shared.extend(e.get_mut().take());
                shared.push(i);
            }
        }
    }
    shared.sort_unstable();
    shared
}

/// A change's two places as one number, the base's first.
fn places_key(c: &Change) -> u128 {
    u128::from(packed(c.base)) << 64 | u128::from(packed(c.revision))
}

/// A place as one number that sorts as the place does (`None` first).
fn packed(place: Option<NodeRef>) -> u64 {
    place.map_or(0, |p| (u64::from(p.file) + 1) << 32 | u64::from(p.node.0))
}

/// Each operation's rank in reading order ([`OperationId::reading_order`]; `None`, a
/// document-level change's, first): equal ranks for operations that read alike. The
/// operations are told apart by the label they share, not compared as text.
fn reading_ranks<'a>(shown: impl Iterator<Item = Option<&'a OperationId>>) -> Vec<u32> {
    let shown: Vec<Option<&OperationId>> = shown.collect();
    let mut distinct: Vec<&OperationId> = shown.iter().flatten().copied().collect();
    distinct.sort_unstable_by_key(|o| o.shared());
    distinct.dedup_by_key(|o| o.shared());
    let mut by_reading: Vec<(usize, u32)> = (0..distinct.len()).map(|d| (d, 0)).collect();
    by_reading.sort_unstable_by(|x, y| {
        let (a, b) = (distinct[x.0], distinct[y.0]);
        a.reading_order().cmp(&b.reading_order())
    });
    let mut rank = 0;
    for x in 1..by_reading.len() {
        let (a, b) = (distinct[by_reading[x - 1].0], distinct[by_reading[x].0]);
        if a.reading_order() != b.reading_order() {
            rank += 1;
        }
        by_reading[x].1 = rank;
    }
    let mut rank_of = vec![0; distinct.len()];
    for (d, rank) in by_reading {
        rank_of[d] = rank + 1;
    }
    shown
        .iter()
        .map(|o| {
            o.map_or(0, |o| {
                let d = distinct
                    .binary_search_by_key(&o.shared(), |d| d.shared())
                    .expect("every shown operation is among them");
                rank_of[d]
            })
        })
        .collect()
}

/// A change's operations in label order, the shown one in its place among the others
/// (already sorted), compared as that sequence without collecting it.
struct Operations<'a>(&'a [OperationId]);

impl Operations<'_> {
    fn sorted(&self) -> impl Iterator<Item = &OperationId> {
        let (shown, rest) = match self.0.split_first() {
            Some((shown, rest)) => (Some(shown), rest),
            None => (None, self.0),
        };
        let at = shown.map_or(0, |s| rest.partition_point(|o| o < s));
        rest[..at].iter().chain(shown).chain(&rest[at..])
    }
}

impl PartialEq for Operations<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Operations<'_> {}

impl PartialOrd for Operations<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Operations<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sorted().cmp(other.sorted())
    }
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
