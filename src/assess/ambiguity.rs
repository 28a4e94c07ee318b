//! `oneOf` means exactly one. In a request, a change that widens one branch (or adds one) can
//! make a value that matched one branch before match two now, and the server refuses it: the
//! union got narrower although each change inside it widened. This stage finds those: for each
//! request finding below breaking inside a `oneOf` branch, it builds values valid under the base
//! `oneOf` (so matching exactly one of its branches: an ambiguous base is never blamed) and
//! counts the revision's branches that accept each. Two or more make the finding breaking.

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::json_schema::{Generation, Validator, generate};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Bump, Direction, Finding, Level, NodeRef};

/// How many values to try per base branch (seeds, with and without optional properties).
const SEEDS: u64 = 4;

/// Each schema written as a `oneOf` branch (by the node it is written at), with the `oneOf`
/// schemas that list it.
fn branch_owners(spec: &Spec) -> FxHashMap<NodeRef, Vec<SchemaId>> {
    let mut owners: FxHashMap<NodeRef, Vec<SchemaId>> = FxHashMap::default();
    for (i, s) in spec.schemas.iter().enumerate() {
        if s.one_of.len() < 2 {
            continue;
        }
        for &b in &s.one_of {
            if let Some(at) = spec.schema(b).at {
                owners.entry(at).or_default().push(SchemaId(i as u32));
            }
        }
    }
    owners
}

/// The `oneOf` schemas whose branches hold the node (the nearest branch around it).
fn owners_around(
    spec: &Spec,
    owners: &FxHashMap<NodeRef, Vec<SchemaId>>,
    at: NodeRef,
) -> Vec<SchemaId> {
    let tree = spec.tree(at);
    let mut node = Some(at.node);
    while let Some(n) = node {
        if let Some(found) = owners.get(&NodeRef { node: n, ..at }) {
            return found.clone();
        }
        node = tree.parent(n);
    }
    Vec::new()
}

/// Values valid under the base `oneOf`, built from each of its branches.
fn base_values(v: &Validator, spec: &Spec, one_of: SchemaId) -> Vec<Value> {
    let mut values: Vec<Value> = Vec::new();
    for &branch in &spec.schema(one_of).one_of {
        for seed in 0..SEEDS {
            for optional in [false, true] {
                let how = Generation { seed, optional };
                if let Some(value) = generate(v, branch, how)
                    && !values.contains(&value)
                    && v.is_valid(one_of, &value)
                {
                    values.push(value);
                }
            }
        }
    }
    values
}

/// A value valid under the base `oneOf` that two or more revision branches accept, with the
/// number of those branches.
fn ambiguous(sides: (&Spec, &Spec), pair: (SchemaId, SchemaId)) -> Option<(Value, usize)> {
    let (base, revision) = sides;
    let (va, vb) = (
        Validator::new(base, Direction::Request),
        Validator::new(revision, Direction::Request),
    );
    let branches = &revision.schema(pair.1).one_of;
    base_values(&va, base, pair.0)
        .into_iter()
        .find_map(|value| {
            let matched = branches.iter().filter(|&&b| vb.is_valid(b, &value)).count();
            (matched >= 2).then_some((value, matched))
        })
}

/// The stage.
pub(crate) fn apply(findings: &mut [Finding], base: &Spec, revision: &Spec) {
    let candidate = |f: &Finding| {
        f.change.direction == Direction::Request
            && f.level < Level::Breaking
            && f.change.base.is_some()
            && f.change.revision.is_some()
    };
    if !findings.iter().any(candidate) {
        return;
    }
    let (owners_a, owners_b) = (branch_owners(base), branch_owners(revision));
    if owners_b.is_empty() {
        return;
    }
    for f in findings.iter_mut().filter(|f| candidate(f)) {
        let (Some(at_a), Some(at_b)) = (f.change.base, f.change.revision) else {
            continue;
        };
        // The same `oneOf` on both sides: the one written at the same pointer.
        let pairs = owners_around(revision, &owners_b, at_b)
            .into_iter()
            .filter_map(|b| {
                let pointer = revision.schema(b).at.map(|n| revision.pointer(n));
                owners_around(base, &owners_a, at_a)
                    .into_iter()
                    .find(|&a| base.schema(a).at.map(|n| base.pointer(n)) == pointer)
                    .map(|a| (a, b))
            })
            .collect::<Vec<_>>();
        if let Some((value, matched)) = pairs
            .into_iter()
            .find_map(|pair| ambiguous((base, revision), pair))
        {
            f.level = Level::Breaking;
            f.bump = Bump::Major;
            f.note = Some(format!(
                "oneOf accepts exactly one branch: {value}, valid before, now matches {matched} branches and is refused"
            ));
        }
    }
}
