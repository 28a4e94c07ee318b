//! Pairing the branches of a `oneOf` / `anyOf` (and the members of an `allOf` that could not be
//! folded) across revisions, when branches move, are inserted or renamed.
//!
//! Branches are compared by what tells them apart in practice: a component name; a property
//! fixed to one value (`type: {enum: [merge_queue]}` in a tagged union); a title; the
//! components an `allOf` wrapper or an array's `items` refers to; then the type and the
//! property names. Every
//! plausible pair is scored once and the best pairs are taken first, so inserting a branch in
//! front does not shift the others onto the wrong partners.

use crate::diff::pairs::alias;
use crate::diff::value;
use crate::model::schema::{Schema, TypeSet};
use crate::model::{SchemaId, Spec};

/// What is known of a branch for pairing. Names are borrowed from the spec: the branches of
/// every union are signed whenever one is compared, and copying each property name was most
/// of the cost.
pub(super) struct Signature<'s> {
    name: Option<&'s str>,
    title: Option<&'s str>,
    types: Option<TypeSet>,
    /// Sorted property names.
    props: Vec<&'s str>,
    /// Properties fixed to a single value (`const`, or an `enum` of one), sorted:
    /// (property, canonical value); the branch's own single value under the empty name.
    tags: Vec<(&'s str, String)>,
    /// Names of the components an `allOf` refers to, sorted.
    members: Vec<&'s str>,
    /// The component an array's `items` refers to: `array of repository` is the branch
    /// `array of repository`, not `array of starred-repository` beside it.
    items: Option<&'s str>,
}

/// A schema compared with the branches of a union on the other side: its own component name
/// says nothing about which branch it is (the union had one too), nor does its null (a
/// `nullable` string is the union's `string` branch; null is the union's own business, judged
/// by its types).
pub(super) fn anonymous(mut sig: Signature<'_>) -> Signature<'_> {
    sig.name = None;
    sig.types = sig
        .types
        .map(|t| t.without(TypeSet::NULL))
        .filter(|t| !t.is_empty())
        .or(sig.types);
    sig
}

pub(super) fn signature(spec: &Spec, id: SchemaId) -> Signature<'_> {
    let s = spec.schema(alias(spec, id));
    let fixed = |p: &Schema| {
        p.constant.or(match &p.enumeration {
            Some((values, _)) if values.len() == 1 => Some(values[0]),
            _ => None,
        })
    };
    let mut tags = Vec::new();
    // A branch that is one value (an enum-like `oneOf` of consts) is that value, wherever
    // it stands in the list: its tag has the empty name, which sorts first.
    if let Some(v) = fixed(s) {
        tags.push(("", value::canonical(spec.tree(v), v.node)));
    }
    for (prop, pid) in &s.properties {
        if let Some(v) = fixed(spec.schema(alias(spec, *pid))) {
            tags.push((prop.as_str(), value::canonical(spec.tree(v), v.node)));
        }
    }
    let mut members: Vec<&str> = s
        .all_of
        .iter()
        .filter_map(|&m| spec.schema(alias(spec, m)).name.as_deref())
        .collect();
    members.sort();
    Signature {
        name: s.name.as_deref(),
        title: s.title.as_ref().map(|t| t.0.as_str()),
        types: s.types,
        props: s.properties.iter().map(|(n, _)| n.as_str()).collect(),
        tags,
        members,
        items: s
            .items
            .and_then(|i| spec.schema(alias(spec, i)).name.as_deref()),
    }
}

fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// How alike two branches are; `None` when they cannot be the same branch.
fn score(x: &Signature, y: &Signature) -> Option<i64> {
    if let (Some(a), Some(b)) = (&x.name, &y.name)
        && a != b
    {
        return None; // two components of different names: at most a rename, decided last
    }
    // The same tag property with different values: different alternatives.
    for (p, v) in &x.tags {
        if y.tags.iter().any(|(q, w)| q == p && w != v) {
            return None;
        }
    }
    if let (Some(a), Some(b)) = (x.types, y.types)
        && a.intersect(b).is_empty()
    {
        return None;
    }
    let mut s: i64 = 0;
    if x.name.is_some() && x.name == y.name {
        s += 1_000_000;
    }
    s += 100_000 * shared(&x.tags, &y.tags) as i64;
    match (&x.title, &y.title) {
        (Some(a), Some(b)) if a == b => s += 50_000,
        (Some(_), Some(_)) => s -= 20_000,
        _ => {}
    }
    s += 20_000 * shared(&x.members, &y.members) as i64;
    if x.items.is_some() && x.items == y.items {
        s += 20_000;
    }
    // One is an allOf wrapper around the other (`allOf: [$ref: Card]` vs `Card`).
    let wraps =
        |a: &Signature, b: &Signature| b.name.as_ref().is_some_and(|n| a.members.contains(n));
    if wraps(x, y) || wraps(y, x) {
        s += 20_000;
    }
    if x.types == y.types {
        s += 1_000;
    }
    let common = shared(&x.props, &y.props);
    s += 10 * common as i64;
    let plausible = s > 1_000
        || (x.types == y.types && (common > 0 || (x.props.is_empty() && y.props.is_empty())));
    plausible.then_some(s)
}

/// (kept pairs sorted by base index — a revision branch may appear in several when base
/// branches were merged —, removed base indices, added revision indices).
pub(super) type Pairing = (Vec<(usize, usize)>, Vec<usize>, Vec<usize>);

pub(super) fn pair(xs: &[Signature], ys: &[Signature]) -> Pairing {
    pair_favouring(xs, ys, None)
}

/// [`pair`] for one plain schema against the branches of the union on the other side. Where
/// several branches resemble it equally (two `type: string` branches), `choose` is asked which
/// of the tied ones (indices, in order) the schema is compared with — the caller judges by
/// the values they accept (`Walk::deciding_branch`, with [`widest`]); `None` keeps the first,
/// as [`pair`] would. Only that tie is decided by it: the leftovers are judged as in [`pair`].
pub(super) fn pair_plain(
    branches: &[Signature],
    plain: Signature,
    choose: impl FnOnce(&[usize]) -> Option<usize>,
) -> Pairing {
    let plain = [plain];
    let scores: Vec<Option<i64>> = branches.iter().map(|b| score(b, &plain[0])).collect();
    let best = scores.iter().flatten().max().copied();
    let tied: Vec<usize> = (0..branches.len())
        .filter(|&k| best.is_some() && scores[k] == best)
        .collect();
    let favoured = if tied.len() > 1 {
        choose(&tied).map(|k| (k, 0))
    } else {
        None
    };
    pair_favouring(branches, &plain, favoured)
}

/// Of the tied branches (indices, in order), the first that accepts every value of each of
/// the others (`includes(k, o)`: branch `k` accepts all branch `o` does); `None` when none
/// does (two branches that overlap without either holding the other), which keeps the first.
/// Beside that branch the others accept nothing more, so a value the union refuses is one
/// that branch refuses, and its bound is the one to name.
pub(super) fn widest(tied: &[usize], includes: impl Fn(usize, usize) -> bool) -> Option<usize> {
    tied.iter()
        .copied()
        .find(|&k| tied.iter().all(|&o| o == k || includes(k, o)))
}

/// [`pair`], where the candidate `favoured` (if any) goes before the others of its score.
fn pair_favouring(xs: &[Signature], ys: &[Signature], favoured: Option<(usize, usize)>) -> Pairing {
    let mut candidates: Vec<(i64, usize, usize)> = Vec::new();
    for (i, x) in xs.iter().enumerate() {
        for (j, y) in ys.iter().enumerate() {
            if let Some(s) = score(x, y) {
                candidates.push((s, i, j));
            }
        }
    }
    // Best first; ties in order (the favoured one first), so the result does not depend on
    // anything but the input.
    let first = |c: &(i64, usize, usize)| favoured == Some((c.1, c.2));
    candidates.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(first(b).cmp(&first(a)))
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
    });
    let (mut used_x, mut used_y) = (vec![false; xs.len()], vec![false; ys.len()]);
    let mut pairs = Vec::new();
    for (_, i, j) in candidates {
        if !used_x[i] && !used_y[j] {
            used_x[i] = true;
            used_y[j] = true;
            pairs.push((i, j));
        }
    }
    let mut gone: Vec<usize> = (0..xs.len()).filter(|&i| !used_x[i]).collect();
    let mut new: Vec<usize> = (0..ys.len()).filter(|&j| !used_y[j]).collect();
    // The only leftover of its type on each side: the same branch, renamed or changed (a bare
    // `{type: object}` that gained properties, while a string branch beside it went — Stripe's
    // `available_on`, audit repro changed-branch-reported-removed). Two leftovers of one type
    // on a side say nothing of which is which: they stay unpaired.
    let only = |i: usize, j: usize| {
        let t = xs[i].types;
        ys[j].types == t
            && gone.iter().filter(|&&k| xs[k].types == t).count() == 1
            && new.iter().filter(|&&k| ys[k].types == t).count() == 1
    };
    let renamed: Vec<(usize, usize)> = gone
        .iter()
        .flat_map(|&i| new.iter().map(move |&j| (i, j)))
        .filter(|&(i, j)| only(i, j))
        .collect();
    gone.retain(|i| !renamed.iter().any(|(x, _)| x == i));
    new.retain(|j| !renamed.iter().any(|(_, y)| y == j));
    pairs.extend(renamed);
    // Branches merged into one: a base branch left over that is a piece of the revision
    // branch it resembles most is compared with it rather than called removed; if the merged
    // branch accepts less than the old one did, that comparison says so, precisely. Any other
    // leftover was an alternative of its own, removed: `[A, string, B]` → `[A, string]` drops
    // B, it does not turn B into A (Stripe's POST /v1/charges `card`, audit repro
    // removed-branch-paired-with-survivor); `[string maxLength 5, string pattern]` → `string
    // maxLength 5` drops the pattern's branch (what it alone accepted is refused, which the
    // removal's witness shows), it does not remove the pattern from the kept one.
    let kept = pairs.clone();
    gone.retain(|&i| {
        let best = (0..ys.len())
            .filter_map(|j| score(&xs[i], &ys[j]).map(|s| (s, j)))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        match best {
            Some((_, j)) => {
                let counterpart = kept.iter().find(|&&(_, y)| y == j).map(|&(x, _)| &xs[x]);
                let merged = piece(&xs[i], &ys[j], counterpart);
                if merged {
                    pairs.push((i, j));
                }
                !merged
            }
            None => true,
        }
    });
    pairs.sort();
    (pairs, gone, new)
}

/// Whether `part`, a branch on the many side of a merge or split, is a piece of `whole`, the
/// one schema on the other side: it declares only properties of `whole`, and one that
/// `counterpart` — the branch most like `whole` — lacks. Such a branch holds some of `whole`'s
/// properties besides its counterpart (`anyOf: [A, B]` ↔ C); any other is an alternative of
/// its own (`[customer, deleted_customer]` ↔ customer, `deleted` being customer's stranger).
pub(super) fn piece(part: &Signature, whole: &Signature, counterpart: Option<&Signature>) -> bool {
    let inside = |p: &&str, of: &Signature| of.props.binary_search(p).is_ok();
    part.props.iter().all(|p| inside(p, whole))
        && counterpart.is_some_and(|c| part.props.iter().any(|p| !inside(p, c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string() -> Signature<'static> {
        Signature {
            name: None,
            title: None,
            types: Some(TypeSet::STRING),
            props: Vec::new(),
            tags: Vec::new(),
            members: Vec::new(),
            items: None,
        }
    }

    fn object() -> Signature<'static> {
        Signature {
            types: Some(TypeSet::OBJECT),
            ..string()
        }
    }

    /// `string` against `anyOf: [string ≤ 500, string ≤ 5000]`: the two string branches tie,
    /// the chosen one is paired and the other left over (added or removed by the caller); an
    /// object branch, unlike the plain string, is not among the tied.
    #[test]
    fn a_plain_schema_goes_with_the_chosen_one_of_tied_branches() {
        let union = [string(), object(), string()];
        let mut asked = Vec::new();
        let paired = pair_plain(&union, string(), |tied| {
            asked = tied.to_vec();
            Some(2)
        });
        assert_eq!(asked, [0, 2]);
        assert_eq!(paired, (vec![(2, 0)], vec![0, 1], vec![]));
        // No choice: the first, as `pair` takes it.
        let first = pair_plain(&union, string(), |_| None);
        assert_eq!(first, pair(&union, &[string()]));
        assert_eq!(first.0, [(0, 0)]);
        // One branch alike: nothing to choose.
        let one = pair_plain(&[object(), string()], string(), |_| panic!("no tie"));
        assert_eq!(one.0, [(1, 0)]);
    }

    /// The widest of the tied is the first that accepts all the others accept; none when
    /// each refuses something another takes.
    #[test]
    fn the_widest_branch_includes_every_other_tied_one() {
        // Branch bounds: 0 ≤ 500, 1 ≤ 5000, 2 ≤ 22.
        let bound = [500, 5000, 22];
        let within = |k: usize, o: usize| bound[o] <= bound[k];
        assert_eq!(widest(&[0, 1, 2], within), Some(1));
        assert_eq!(widest(&[0, 2], within), Some(0));
        // Two that accept the same: the first of them.
        assert_eq!(widest(&[0, 1], |_, _| true), Some(0));
        // Overlapping, neither holding the other (a pattern beside a bound).
        assert_eq!(widest(&[0, 1], |_, _| false), None);
    }
}
