//! Values a sibling branch still accepts (issue 17 §4, audit repros
//! enum-value-kept-by-sibling-branch and max-length-kept-by-sibling-branch).
//!
//! A plain schema paired with one branch of the other side's union, or a branch paired with a
//! branch, is compared branch by branch; a value that branch no longer accepts is refused only
//! if no branch of the revision's union at that place accepts it. `enum: ['', bulk,
//! individual]` → `anyOf: [enum: [bulk, individual], string maxLength 5000]` removes `""`
//! from the first branch, and the second accepts it: nothing a client sends is refused.
//!
//! The same holds for every change that says only which values are accepted (a bound, a
//! pattern, a type, `required`, as [`relation_of`] reads them): `maxLength` set on a property
//! of one object branch refuses nothing while a sibling `{type: object}` takes every object.
//! Properties added or removed are not judged here: their rules weigh what clients read, not
//! only what is accepted.
//!
//! So a value-level narrowing found inside a branch pair is dropped when the revision schema
//! at the union's place accepts every value the base branch accepted (the inclusion engine
//! judges, on the union's wire and direction), and a widening when the base schema at the
//! union's place accepted every value of the revision branch (a value that may now come was
//! accepted by a base branch all along). A pair reached from several places is judged on
//! every one of them: its finding goes only when each way to it is covered.

use rustc_hash::FxHashMap;

use super::relation_of;
use crate::diff::pairs::SchemaPair;
use crate::json_schema::inclusion::includes;
use crate::model::Spec;
use crate::vocabulary::Change;

/// For each change, whether a sibling branch keeps what it says refused (or already accepted
/// what it says is new). `parents[p]`: the pairs `p` is a child of.
pub(super) fn kept_by_sibling(
    a: &Spec,
    b: &Spec,
    pairs: &[SchemaPair<'_>],
    parents: &[Vec<usize>],
    changes: &[Change],
) -> Vec<bool> {
    let mut out = vec![false; changes.len()];
    let mut cover = Cover {
        a,
        b,
        pairs,
        parents,
        memo: FxHashMap::default(),
    };
    for (p, pair) in pairs.iter().enumerate() {
        for &c in &pair.own {
            out[c] = match relation_of(&changes[c]) {
                Some("narrowed") => cover.covered(p, Way::Narrowed),
                Some("widened") => cover.covered(p, Way::Widened),
                Some(_) => cover.covered(p, Way::Narrowed) && cover.covered(p, Way::Widened),
                None => false,
            };
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Way {
    /// Nothing the base accepted is refused.
    Narrowed,
    /// Nothing the revision accepts is new.
    Widened,
}

struct Cover<'s, 'p> {
    a: &'s Spec,
    b: &'s Spec,
    pairs: &'p [SchemaPair<'s>],
    parents: &'p [Vec<usize>],
    /// `None` while being judged (a cycle through it covers nothing).
    memo: FxHashMap<(usize, Way), Option<bool>>,
}

impl Cover<'_, '_> {
    /// Every way from a root to pair `p` passes a union whose other side judges as `way`
    /// says: the revision at the union's place accepts all the base branch accepted
    /// (narrowed), or the base at the union's place accepted all the revision branch accepts
    /// (widened).
    fn covered(&mut self, p: usize, way: Way) -> bool {
        if let Some(known) = self.memo.get(&(p, way)) {
            return known.unwrap_or(false);
        }
        self.memo.insert((p, way), None);
        let parents = self.parents[p].clone();
        let holds = !parents.is_empty()
            && parents
                .iter()
                .all(|&q| self.kept_at(q, p, way) || self.covered(q, way));
        self.memo.insert((p, way), Some(holds));
        holds
    }

    /// Pair `p` is a branch of pair `q`, and `q`'s other side accepts all `p` accepted.
    fn kept_at(&self, q: usize, p: usize, way: Way) -> bool {
        let (outer, inner) = (&self.pairs[q], &self.pairs[p]);
        if !inner.branch_of.contains(&q) {
            return false;
        }
        let (dir, wire) = (outer.direction, outer.wire);
        match way {
            // The same revision schema: the pair's own comparison said it already.
            Way::Narrowed => {
                outer.b != inner.b && includes((self.b, outer.b), (self.a, inner.a), wire, dir)
            }
            Way::Widened => {
                outer.a != inner.a && includes((self.a, outer.a), (self.b, inner.b), wire, dir)
            }
        }
    }
}
