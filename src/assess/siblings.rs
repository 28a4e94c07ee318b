//! One edit to an object, one finding (issue 17 §5). Dropping `required:` from a schema, or
//! seventeen properties from it, is one edit a release manager reads as one change of that
//! object ("account: optional properties `a`, `b` and `c` removed"); the diff sees one change
//! per property, because each property may be judged on its own: the unused-break policy
//! lowers a removed property no consumer reads, a consumer breaks on the field it reads, the
//! deprecation policy dates each property. So the findings go through every stage apart, and
//! this last stage ([`fold`]) folds those every stage left alike, once their levels are final.
//!
//! Findings fold when their rule has a `message-siblings` (the rules about a property of an
//! object: added, removed, required — never an enum value or a keyword of one property) and
//! they share the rule, change kind, context, direction, place, set of operations and object —
//! the same pointers in the base and in the revision ([`Object`]): for a property added or
//! removed, those the diff records of the object that holds it (`Change::object`; a property
//! written as a `$ref` is placed at its component, which two objects may share), else the
//! `required` lists' — and the verdict: level, bump, note and adjustments. Findings of
//! different levels never fold.
//!
//! The folded finding stands where the first of its parts stood, and:
//! - its message is the rule's `message-siblings`, naming every property in name order;
//!   `names` lists them (JSON `names`; `name` stays the first's, as before);
//! - its places are the first property's: the removed property in the base and the object it
//!   left in the revision, the object in the base and the added property in the revision, or
//!   the `required` lists. They are places of the edit, with a snippet worth showing, and an
//!   inline property's pointer names its object too (a `$ref`'s is its component's);
//! - its witness is the first found among the parts, in name order (looked for once the
//!   findings are folded, part after part until one is found: `consumers::attach_witnesses`,
//!   or earlier for the first part of each edit: `consumers::Lookahead`):
//!   a payload that shows one property's break shows the edit's;
//! - its consumers are every part's, and the impact keeps each field each consumer uses;
//! - its fingerprint is the object edit's: rule, operation, the object's pointers and every
//!   name ([`fingerprints`]). Each part is matched against weir.toml's ignores by its own
//!   fingerprint and by that one, so an ignore by the folded finding's fingerprint drops every
//!   part, and an ignore by one property's fingerprint (written before findings folded) still
//!   drops that property alone.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::directions::{Parts, Shared, each_alone, gather};
use crate::consumers::Impact;
use crate::rules::{SIBLING_KINDS, catalogue};
use crate::vocabulary::{
    Adjustment, Bump, Context, Direction, Finding, Kind, Level, Location, fingerprint,
};

/// The fold fingerprint of each finding that may fold, by the finding's own fingerprint.
pub(crate) type Folds = BTreeMap<String, String>;

/// What findings about sibling properties share: the rule, where, and the object whose
/// properties they are, by its pointers in the base and in the revision.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Object<'f> {
    rule: &'f str,
    kind: Kind,
    context: Context,
    direction: Direction,
    path: &'f str,
    /// Sorted: the same set, whichever reaches the change most directly.
    operations: Vec<&'f str>,
    base: &'f str,
    revision: &'f str,
}

impl<'f> Object<'f> {
    /// The object `f` is about a property of, if its rule folds and its places show the
    /// object on both sides.
    fn of(f: &'f Finding) -> Option<Object<'f>> {
        let c = &f.change;
        if !SIBLING_KINDS.contains(&c.kind) {
            return None;
        }
        catalogue().get(&f.rule)?.message_siblings.as_ref()?;
        c.name.as_ref()?;
        let pointer = |l: &'f Option<Location>| l.as_ref().map(|l| l.pointer.as_str());
        // A property added or removed is placed at its schema, which for a `$ref` is the
        // component, not the object: the diff records the object's pointers beside the
        // places. `required` is placed at the lists, which name the object.
        let (base, revision) = match c.kind {
            Kind::SchemaPropertyRemoved | Kind::SchemaPropertyAdded => {
                let (base, revision) = f.located.object.as_ref()?;
                (base.as_str(), revision.as_str())
            }
            _ => (pointer(&f.located.base)?, pointer(&f.located.revision)?),
        };
        // All but the first are sorted already (`Change::operations`): the first goes where
        // a binary search puts it, where a sort compared every label again (hundreds on a
        // finding in a shared schema; 0.3 M instructions a pass on a big GitHub diff).
        let mut operations: Vec<&str> = c.operations.iter().skip(1).map(|o| o.label()).collect();
        debug_assert!(operations.is_sorted());
        if let Some(first) = c.operations.first().map(|o| o.label()) {
            let at = operations.partition_point(|&o| o < first);
            operations.insert(at, first);
        }
        Some(Object {
            rule: &f.rule,
            kind: c.kind,
            context: c.context,
            direction: c.direction,
            path: &c.path,
            operations,
            base,
            revision,
        })
    }
}

/// Hashed by all but the operations, which may be hundreds of labels: objects alike have one
/// hash all the same.
impl std::hash::Hash for Object<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.rule.hash(state);
        self.kind.hash(state);
        self.context.hash(state);
        self.direction.hash(state);
        self.path.hash(state);
        self.base.hash(state);
        self.revision.hash(state);
    }
}

/// The findings about sibling properties of one object, by object: indexes into `findings`,
/// in order. Only objects with two properties or more, in the objects' order.
fn objects(findings: &[Finding]) -> Vec<(Object<'_>, Vec<usize>)> {
    // Grouped by hash, and only the few objects that fold sorted: an ordered map compared
    // each finding's object with a dozen others, strings and all.
    let mut by_object: FxHashMap<Object, Vec<usize>> = FxHashMap::default();
    for (i, f) in findings.iter().enumerate() {
        if let Some(o) = Object::of(f) {
            by_object.entry(o).or_default().push(i);
        }
    }
    let mut objects: Vec<(Object, Vec<usize>)> = by_object
        .into_iter()
        .filter(|(_, members)| several(members.iter().map(|&i| &findings[i])))
        .collect();
    objects.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    objects
}

/// The properties `parts` are about, sorted, each once.
fn names<'f>(parts: impl Iterator<Item = &'f Finding>) -> Vec<String> {
    let names: BTreeSet<&str> = parts.filter_map(|f| f.change.name.as_deref()).collect();
    names.into_iter().map(str::to_string).collect()
}

/// Whether `parts` are about two properties or more: [`names`] would list two or more, told
/// without building the list (most objects and verdicts are asked, few fold).
fn several<'f>(parts: impl Iterator<Item = &'f Finding>) -> bool {
    let mut named = parts.filter_map(|f| f.change.name.as_deref());
    named.next().is_some_and(|first| named.any(|n| n != first))
}

/// The findings about sibling properties of each object, with the fingerprint they will have
/// once folded: the object edit's, over every property of the object the rule found (before
/// weir.toml's ignores, so they can name it). Findings a later stage judges apart keep it, as
/// the two directions of one edit do: it names the edit. It only reads the findings, so it
/// runs beside the directions' ([`super::directions::shared_fingerprints`]).
pub(crate) fn fold_fingerprints(findings: &[Finding]) -> Shared {
    objects(findings)
        .into_iter()
        .map(|(object, members)| {
            let mut change = findings[members[0]].change.clone();
            change.name = Some(names(members.iter().map(|&i| &findings[i])).join("\0"));
            let shared = fingerprint(object.rule, &change, object.base, object.revision);
            (members, shared)
        })
        .collect()
}

/// The fold fingerprint of each finding about a sibling property, by its own (once the
/// directions share theirs): what [`fold_fingerprints`] found.
pub(crate) fn folds(findings: &[Finding], shared: Shared) -> Folds {
    let mut folds = Folds::new();
    for (members, fingerprint) in shared {
        for i in members {
            folds
                .entry(findings[i].fingerprint.clone())
                .or_insert_with(|| fingerprint.clone());
        }
    }
    folds
}

/// What every stage left on a finding: findings fold only where it is alike.
type FinalVerdict<'f> = (Level, Bump, Option<&'f str>, &'f [Adjustment]);

fn verdict(f: &Finding) -> FinalVerdict<'_> {
    (f.level, f.bump, f.note.as_deref(), &f.adjustments)
}

/// Fold the findings about sibling properties of one object with the same verdict into one
/// (see the module's documentation); `folds` is what [`fingerprints`] gave before the
/// stages. `impact`'s references to findings follow.
pub(crate) fn fold(
    findings: Vec<Finding>,
    impact: Option<&mut Impact>,
    folds: &Folds,
) -> (Vec<Finding>, Parts) {
    let unfolded = |findings: Vec<Finding>| {
        let parts = each_alone(findings.len());
        (findings, parts)
    };
    if folds.is_empty() {
        return unfolded(findings);
    }
    // Where each finding goes: itself, or the first of its object's with the same verdict.
    let mut into: Vec<usize> = (0..findings.len()).collect();
    for (_, members) in objects(&findings) {
        let mut by_fold: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for i in members {
            if let Some(fp) = folds.get(&findings[i].fingerprint) {
                by_fold.entry(fp).or_default().push(i);
            }
        }
        for group in by_fold.into_values() {
            // By verdict in one keyed pass, the groups in order of first appearance: a
            // search of the groups so far per finding is quadratic in an object's verdicts.
            let mut alike: Vec<Vec<usize>> = Vec::new();
            let mut by_verdict: FxHashMap<FinalVerdict, usize> = FxHashMap::default();
            for i in group {
                let g = *by_verdict.entry(verdict(&findings[i])).or_insert_with(|| {
                    alike.push(Vec::new());
                    alike.len() - 1
                });
                alike[g].push(i);
            }
            for g in alike {
                if several(g.iter().map(|&i| &findings[i])) {
                    for &i in &g {
                        into[i] = g[0];
                    }
                }
            }
        }
    }
    if into.iter().enumerate().all(|(i, &j)| i == j) {
        return unfolded(findings);
    }
    // In name order: the folded finding reads as the first property's.
    let by_name = |group: &mut [usize], slots: &[Option<Finding>]| {
        let name = |j: usize| slots[j].as_ref().and_then(|f| f.change.name.as_deref());
        group.sort_by(|&a, &b| name(a).cmp(&name(b)));
    };
    let (out, parts_of, index) = gather(findings, &into, by_name, |parts| join(parts, folds));
    if let Some(impact) = impact {
        // Each consumer keeps one reference per finding and field it uses, so the impact still
        // names every field that breaks it; each finding's fields together, in the findings'
        // order (a stable sort by where each reference goes, before they go there).
        for c in &mut impact.consumers {
            c.through.sort_by_key(|t| index[t.change]);
        }
        impact.repoint(&index, &out, |t| {
            (t.change, t.operation.clone(), t.field.clone())
        });
    }
    (out, parts_of)
}

/// One finding of the parts (sibling properties of one object, one verdict, in name order).
fn join(mut parts: Vec<Finding>, folds: &Folds) -> Finding {
    let names = names(parts.iter());
    let mut consumers: Option<Vec<String>> = None;
    for p in &parts {
        for n in p.consumers.iter().flatten() {
            let all = consumers.get_or_insert_with(Vec::new);
            if !all.contains(n) {
                all.push(n.clone());
            }
        }
        if p.consumers.is_some() {
            consumers.get_or_insert_with(Vec::new);
        }
    }
    let mut kept = parts.swap_remove(0);
    if let Some(message) = catalogue()
        .get(&kept.rule)
        .and_then(|r| r.render_siblings(&kept.change, &names))
    {
        kept.message = message;
    }
    if let Some(fp) = folds.get(&kept.fingerprint) {
        kept.fingerprint.clone_from(fp);
    }
    kept.consumers = consumers;
    kept.names = names;
    kept
}
