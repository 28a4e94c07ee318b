//! `oneOf` means exactly one. In a request, a change that widens one branch (or adds one) can
//! make a value that matched one branch before match two now, and the server refuses it: the
//! union got narrower although each change inside it widened. This stage finds those: for each
//! request finding inside a `oneOf` branch (or at the `oneOf` itself), it builds values valid
//! under the base schema at the same place — the base `oneOf`, of any number of branches, or
//! the plain schema the union replaced — and counts the revision's branches that accept each.
//! Two or more make the finding breaking. Responses are left alone: a value matching two
//! branches there is the server's to avoid, not a client's to refuse.

use rustc_hash::FxHashMap;
use serde_json::Value;

use crate::json_schema::graph::SchemaNodes;
use crate::json_schema::{Generation, Validator, generate};
use crate::model::{SchemaId, Spec};
use crate::vocabulary::{Bump, Direction, Finding, Kind, Level, NodeRef};

/// How many values to try per base branch (seeds, with and without optional properties).
const SEEDS: u64 = 4;

/// The revision's `oneOf`s of two or more branches (one branch matches no value twice), by
/// the nodes they are written at: each branch (with the unions that list it) and each union
/// itself. The base side is any schema at the same pointer ([`base_at`]): a `oneOf` of one
/// branch is a union still, and a second branch beside it can take the values of the first
/// (`oneOf: [string ≤ 5000]` → `oneOf: [string ≤ 5000, string ^a]` refuses `"abc"`).
#[derive(Default)]
struct Unions {
    branches: FxHashMap<NodeRef, Vec<SchemaId>>,
    own: FxHashMap<NodeRef, SchemaId>,
}

impl Unions {
    fn of(spec: &Spec) -> Self {
        let mut unions = Unions::default();
        for (i, s) in spec.schemas.iter().enumerate() {
            if s.one_of.len() < 2 {
                continue;
            }
            let id = SchemaId(i as u32);
            if let Some(at) = s.at {
                unions.own.entry(at).or_insert(id);
            }
            for &b in &s.one_of {
                if let Some(at) = spec.schema(b).at {
                    unions.branches.entry(at).or_default().push(id);
                }
            }
        }
        unions
    }

    /// The nearest `oneOf`s around the node: the union written there (a branch added is
    /// placed at its union on the side that lacks it), or those listing the nearest branch
    /// that holds it.
    fn around(&self, spec: &Spec, at: NodeRef) -> Vec<SchemaId> {
        let tree = spec.tree(at);
        let mut node = Some(at.node);
        while let Some(n) = node {
            let here = NodeRef { node: n, ..at };
            let mut found: Vec<SchemaId> = self.own.get(&here).copied().into_iter().collect();
            found.extend(self.branches.get(&here).into_iter().flatten());
            if !found.is_empty() {
                return found;
            }
            node = tree.parent(n);
        }
        Vec::new()
    }
}

/// The base schema written at `pointer` around the node: the revision's `oneOf` on the base
/// side, a `oneOf` too or the plain schema it replaced (`string` → `oneOf: [string, string
/// email]`).
fn base_at(spec: &Spec, written: &SchemaNodes, at: NodeRef, pointer: &str) -> Option<SchemaId> {
    let tree = spec.tree(at);
    let mut node = Some(at.node);
    while let Some(n) = node {
        let here = NodeRef { node: n, ..at };
        if let Some(id) = written.schema(here)
            && spec.pointer(here) == pointer
        {
            return Some(id);
        }
        node = tree.parent(n);
    }
    None
}

/// Whether the base schema was a `oneOf` of two or more branches: then each edit inside a
/// branch is its own, judged on its own. Else the union itself is new (or its second
/// branch is), and that one edit makes one finding however many findings it touches.
fn was_union(spec: &Spec, id: SchemaId) -> bool {
    spec.schema(id).one_of.len() >= 2
}

/// Values valid under the base schema (so, for a `oneOf`, matching exactly one branch: an
/// ambiguous base is never blamed), built from each of its `oneOf` branches or from itself
/// when it is no `oneOf`, then from each branch of the revision `oneOf`: the values a new
/// branch takes are seldom the base's first examples (`"example"` is no email address).
fn base_values<'s>(
    sides: (&Validator<'s>, &Validator<'s>),
    base: (&Spec, SchemaId),
    revision: &[SchemaId],
) -> Vec<Value> {
    let ((va, vb), (spec, at)) = (sides, base);
    let one_of = &spec.schema(at).one_of;
    let own = if one_of.is_empty() {
        std::slice::from_ref(&at)
    } else {
        one_of.as_slice()
    };
    let sources = own
        .iter()
        .map(|&s| (va, s))
        .chain(revision.iter().map(|&s| (vb, s)));
    let mut values: Vec<Value> = Vec::new();
    for (v, source) in sources {
        for seed in 0..SEEDS {
            for optional in [false, true] {
                let how = Generation { seed, optional };
                if let Some(value) = generate(v, source, how)
                    && !values.contains(&value)
                    && va.is_valid(at, &value)
                {
                    values.push(value);
                }
            }
        }
    }
    values
}

/// A value valid under the base schema that two or more branches of the revision `oneOf`
/// accept, with the number of those branches.
fn ambiguous(sides: (&Spec, &Spec), pair: (SchemaId, SchemaId)) -> Option<(Value, usize)> {
    let (base, revision) = sides;
    let (va, vb) = (
        Validator::new(base, Direction::Request),
        Validator::new(revision, Direction::Request),
    );
    let branches = &revision.schema(pair.1).one_of;
    base_values((&va, &vb), (base, pair.0), branches)
        .into_iter()
        .find_map(|value| {
            let matched = branches.iter().filter(|&&b| vb.is_valid(b, &value)).count();
            (matched >= 2).then_some((value, matched))
        })
}

/// The stage. A finding already breaking is not moved, but gets the note when it has none:
/// `string` → `oneOf: [string ≤ 500, string ≤ 5000]` is `maxLength` set to 5000, and the
/// strings of 500 characters or fewer — most of what clients send — are refused too.
/// `base_nodes`: the base's schema nodes, indexed when first asked for.
pub(crate) fn apply<'n>(
    findings: &mut [Finding],
    base: &Spec,
    revision: &Spec,
    base_nodes: impl FnOnce() -> &'n SchemaNodes,
) {
    let candidate = |f: &Finding| {
        f.change.direction == Direction::Request
            && (f.level < Level::Breaking || f.note.is_none())
            && f.change.base.is_some()
            && f.change.revision.is_some()
    };
    if !findings.iter().any(candidate) {
        return;
    }
    let unions = Unions::of(revision);
    if unions.own.is_empty() {
        return;
    }
    let written = base_nodes();
    // A union new at its place is blamed once, on the finding the diff made for it (a branch
    // added, the union introduced) when there is one, else on the first it touches.
    let structural = |f: &Finding| {
        matches!(
            f.change.kind,
            Kind::SchemaOneOfAdded | Kind::SchemaOneOfIntroduced
        )
    };
    let mut blamed: Vec<SchemaId> = Vec::new();
    // What `ambiguous` found for each pair of schemas: the findings inside one union share
    // it, and each search builds values and validates them (half a million instructions).
    let mut searched: FxHashMap<(SchemaId, SchemaId), Option<(Value, usize)>> =
        FxHashMap::default();
    for first in [true, false] {
        for f in findings.iter_mut() {
            if !candidate(f) || structural(f) != first {
                continue;
            }
            let (Some(at_a), Some(at_b)) = (f.change.base, f.change.revision) else {
                continue;
            };
            // The same place on both sides: the base schema written at the `oneOf`'s pointer.
            let found = unions.around(revision, at_b).into_iter().find_map(|b| {
                let at = revision.schema(b).at?;
                let a = base_at(base, written, at_a, &revision.pointer(at))?;
                let once = !was_union(base, a);
                if once && blamed.contains(&b) {
                    return None;
                }
                let (value, matched) = searched
                    .entry((a, b))
                    .or_insert_with(|| ambiguous((base, revision), (a, b)))
                    .clone()?;
                if once {
                    blamed.push(b);
                }
                Some((value, matched))
            });
            if let Some((value, matched)) = found {
                if f.level < Level::Breaking {
                    f.level = Level::Breaking;
                    f.bump = Bump::Major;
                }
                f.note = Some(format!(
                    "oneOf accepts exactly one branch: {value}, valid before, now matches {matched} branches and is refused"
                ));
            }
        }
    }
}
