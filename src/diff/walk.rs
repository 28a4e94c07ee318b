//! The walk machinery every part of the diff shares: the [`Walk`] over a pair of specs and
//! the changes it records, where it is ([`Scope`]), pairing sorted lists ([`merge_join`],
//! [`Walk::membership`]), and the comparisons of extensions and descriptions that every
//! object has.

use super::pairs::SchemaPairs;
use super::twins::Twins;
use super::value;
use crate::model::{Spec, Text};
use crate::tree::Resolved;
use crate::vocabulary::conventions;
use crate::vocabulary::{Change, Context, Direction, Kind, NodeRef, OperationId};

pub(super) struct Walk<'a> {
    pub a: &'a Spec,
    pub b: &'a Spec,
    pub changes: Vec<Change>,
    pub pairs: SchemaPairs<'a>,
    /// Schema comparisons reached from each operation.
    pub roots: Vec<Root>,
    /// Each request body that became required or optional: the change, and the roots of its
    /// media types' schemas (indexes into `roots`), whose own `required` changes may say the
    /// same thing more precisely.
    pub body_required: Vec<(usize, std::ops::Range<usize>)>,
    /// Set for revisions that share most schemas ([`super::diff_adjacent`]): schema pairs that
    /// are twins are recorded but not compared.
    pub twins: Option<Twins<'a>>,
}

/// A schema an operation uses directly: where the operation's reach into the pair graph starts.
pub(super) struct Root {
    /// The operation; none at document level.
    pub operation: Option<OperationId>,
    /// Index of the root pair.
    pub pair: usize,
    /// The operation's stability level.
    pub stability: Option<String>,
    /// An error response's schema (4XX, 5XX, default): an operation that reaches a change only
    /// through one is the last one to show the change under.
    pub error_response: bool,
}

/// Where the walk is: which operation changes belong to, and whether directions flip.
#[derive(Clone)]
pub(super) struct Scope {
    /// The operation changes are attached to; none at document level.
    pub operation: Option<OperationId>,
    /// Inside a callback or webhook: the API sends the request.
    pub flip: bool,
    /// `endpoint`, `webhook` or `callback`.
    pub surface: &'static str,
    /// The operation's `x-stability-level` in the base: what was promised decides whether a
    /// change may break (a beta endpoint may be removed; one made beta may not break yet).
    pub stability: Option<String>,
    /// Prefix for human paths inside callbacks.
    pub prefix: String,
}

impl Scope {
    pub fn document() -> Scope {
        Scope {
            operation: None,
            flip: false,
            surface: "endpoint",
            stability: None,
            prefix: String::new(),
        }
    }

    pub fn direction(&self, context: Context) -> Direction {
        let d = context.direction();
        if self.flip { d.flipped() } else { d }
    }
}

/// Pair two sorted lists by key: calls `f(Some, None)` for removed, `(None, Some)` for added,
/// `(Some, Some)` for kept.
pub(super) fn merge_join<'x, T, K: Ord + ?Sized>(
    xs: &'x [T],
    ys: &'x [T],
    key: impl Fn(&T) -> &K,
    mut f: impl FnMut(Option<&'x T>, Option<&'x T>),
) {
    let (mut i, mut j) = (0, 0);
    while i < xs.len() || j < ys.len() {
        let ord = match (xs.get(i), ys.get(j)) {
            (Some(x), Some(y)) => key(x).cmp(key(y)),
            (Some(_), None) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match ord {
            std::cmp::Ordering::Less => {
                f(Some(&xs[i]), None);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                f(None, Some(&ys[j]));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                f(Some(&xs[i]), Some(&ys[j]));
                i += 1;
                j += 1;
            }
        }
    }
}

/// What [`Walk::membership`] reports and where.
pub(super) struct Membership {
    pub added: Kind,
    pub removed: Kind,
    pub context: Context,
    /// Where an added item was missing in the base, and a removed one in the revision.
    pub parents: (NodeRef, NodeRef),
}

/// What a change does to the values accepted: `narrowed` or `widened`.
pub(super) fn relation(narrowed: bool) -> &'static str {
    if narrowed { "narrowed" } else { "widened" }
}

/// How far along the path to `stable` a level is; no level means stable. Loading refused
/// levels outside the vocabulary.
pub(super) fn stability_rank(level: Option<&str>) -> u8 {
    level.and_then(conventions::stability_rank).unwrap_or(3)
}

/// The level a rank stands for; `None` for stable.
pub(super) fn stability_name(rank: u8) -> Option<&'static str> {
    conventions::STABILITY_LEVELS[..3]
        .get(rank as usize)
        .copied()
}

pub(super) fn stability_relation(before: Option<&str>, after: Option<&str>) -> &'static str {
    match stability_rank(after).cmp(&stability_rank(before)) {
        std::cmp::Ordering::Less => "decreased",
        std::cmp::Ordering::Greater => "increased",
        std::cmp::Ordering::Equal => "changed",
    }
}

impl<'a> Walk<'a> {
    pub fn new(a: &'a Spec, b: &'a Spec, adjacent: bool) -> Walk<'a> {
        Walk {
            a,
            b,
            changes: Vec::new(),
            pairs: SchemaPairs::default(),
            roots: Vec::new(),
            body_required: Vec::new(),
            twins: adjacent.then(|| Twins::new(a, b)),
        }
    }

    /// Record a change; the caller fills in name, values and facts on what is returned.
    pub fn change(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        base: Option<NodeRef>,
        revision: Option<NodeRef>,
    ) -> &mut Change {
        let mut facts = vec![("surface", scope.surface.to_string())];
        if let Some(s) = &scope.stability {
            facts.push(("stability", s.clone()));
        }
        self.changes.push(Change {
            kind,
            context,
            direction: scope.direction(context),
            facts,
            name: None,
            before: None,
            after: None,
            path: scope.prefix.clone(),
            base,
            revision,
            object: None,
            operations: scope.operation.iter().cloned().collect(),
        });
        self.changes.last_mut().expect("just pushed")
    }

    /// Compare two lists of named items: report those on one side only (as `m.added` /
    /// `m.removed`, named by their key, then `decorate`d) and return those on both, paired.
    pub fn membership<'x, T>(
        &mut self,
        scope: &Scope,
        m: Membership,
        xs: &'x [T],
        ys: &'x [T],
        item: impl Fn(&T) -> (&str, NodeRef),
        mut decorate: impl FnMut(&mut Change, &T),
    ) -> Vec<(&'x T, &'x T)> {
        let sorted = |v: &'x [T]| {
            let mut r: Vec<&'x T> = v.iter().collect();
            r.sort_by(|p, q| item(p).0.cmp(item(q).0));
            r.dedup_by(|p, q| item(p).0 == item(q).0);
            r
        };
        let (xs, ys) = (sorted(xs), sorted(ys));
        let mut kept = Vec::new();
        merge_join(
            &xs,
            &ys,
            |t| item(t).0,
            |p, q| match (p, q) {
                (Some(&p), None) => {
                    let (name, at) = item(p);
                    let c = self.change(scope, m.removed, m.context, Some(at), Some(m.parents.1));
                    c.named(name);
                    decorate(c, p);
                }
                (None, Some(&q)) => {
                    let (name, at) = item(q);
                    let c = self.change(scope, m.added, m.context, Some(m.parents.0), Some(at));
                    c.named(name);
                    decorate(c, q);
                }
                (Some(&p), Some(&q)) => kept.push((p, q)),
                (None, None) => {}
            },
        );
        kept
    }

    /// `x-…` extensions of one object on both sides, compared as values. The operation's
    /// `x-stability-level` and `x-sunset` have kinds of their own.
    #[allow(clippy::too_many_arguments)]
    pub fn extensions(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        xs: &[(String, NodeRef)],
        ys: &[(String, NodeRef)],
        at_x: NodeRef,
        at_y: NodeRef,
    ) -> Vec<usize> {
        let (a, b) = (self.a, self.b);
        let find = |list: &[(String, NodeRef)], k: &str| {
            list.iter().find(|(e, _)| e == k).map(|&(_, v)| v)
        };
        let mut keys: Vec<&str> = xs.iter().chain(ys).map(|(k, _)| k.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        let mut made = Vec::new();
        for key in keys {
            let (p, q) = (find(xs, key), find(ys, key));
            if !value::same(a, p, b, q) {
                let kind = match (kind, key) {
                    (Kind::OperationExtension, "x-stability-level") => Kind::OperationStability,
                    (Kind::OperationExtension, "x-sunset") => Kind::OperationSunset,
                    (Kind::ParameterExtension, "x-sunset") => Kind::ParameterSunset,
                    _ => kind,
                };
                let show = |spec: &Spec, n: Option<NodeRef>| {
                    n.map(|n| {
                        value::display(spec.tree(n), n.node)
                            .trim_matches('"')
                            .to_string()
                    })
                };
                let (before, after) = (show(a, p), show(b, q));
                let c = self.change(
                    scope,
                    kind,
                    context,
                    Some(p.unwrap_or(at_x)),
                    Some(q.unwrap_or(at_y)),
                );
                if kind == Kind::OperationStability {
                    c.with(
                        "relation",
                        stability_relation(before.as_deref(), after.as_deref()),
                    );
                }
                if matches!(kind, Kind::OperationSunset | Kind::ParameterSunset) {
                    let tree = b.tree(at_y);
                    let deprecated = tree
                        .get(at_y.node, "deprecated")
                        .is_some_and(|d| matches!(tree.resolve(d), Some(Resolved::Bool(true))));
                    c.with(
                        "relation",
                        conventions::sunset_relation(before.as_deref(), after.as_deref()),
                    )
                    .with("deprecated", deprecated);
                    // What the date is of, for messages; a parameter's caller names it.
                    if kind == Kind::OperationSunset {
                        c.with("item", "the operation");
                    }
                }
                c.named(key).values(before, after);
                made.push(self.changes.len() - 1);
            }
        }
        made
    }

    /// A description on both sides: documentation.
    #[allow(clippy::too_many_arguments)]
    pub fn description(
        &mut self,
        scope: &Scope,
        kind: Kind,
        context: Context,
        x: &Option<Text>,
        y: &Option<Text>,
        at_x: NodeRef,
        at_y: NodeRef,
    ) -> Option<&mut Change> {
        let (p, q) = (x.as_ref().map(|t| &t.value), y.as_ref().map(|t| &t.value));
        (p != q).then(|| {
            self.change(
                scope,
                kind,
                context,
                Some(x.as_ref().map_or(at_x, |t| t.at)),
                Some(y.as_ref().map_or(at_y, |t| t.at)),
            )
            .values(p.cloned(), q.cloned())
        })
    }
}
