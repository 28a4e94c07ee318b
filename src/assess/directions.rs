//! One edit, one finding, whichever way the schema travels (issue 17 §5). A component used in
//! requests and in responses that changes once (`Gadget.prop1` deprecated, a description
//! edited) is reached by the diff once per direction: two changes, because a direction can
//! decide the verdict. Where both directions get the same rule, level, bump and message, the
//! direction decided nothing and the two findings are one, listing every operation of both;
//! it goes both ways, so its direction is `none`. Where the directions differ (a property
//! removed: `request-property-removed`, a warning, and `response-optional-property-removed`,
//! breaking) both findings stay, told apart by their rule ids and messages.
//!
//! This works on findings, not in the diff's merge of same-message changes: the diff does not
//! judge, and only the rules and the stages know whether a direction changes the verdict (a
//! consumer may read the field and not send it). So the findings go through every stage apart
//! — the consumer stage sees each direction's context — and are merged at the end ([`merge`]),
//! where their levels are final. Their fingerprint is made one first
//! ([`share_fingerprints`]), so an ignore in weir.toml names the merged finding and drops both.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

use crate::consumers::Impact;
use crate::vocabulary::{
    Direction, Finding, Kind, Location, OperationId, fingerprint, shown_then_sorted,
};

/// What a finding says and where, but its direction (and context) and operations: two
/// findings with one key are one edit seen from both directions. Borrowed from the finding
/// and hashed: every finding gets one, and an owned key (the strings joined, the facts and
/// places cloned) in an ordered map cost 27 M instructions on a diff of 2,500 findings.
#[derive(PartialEq, Eq)]
struct OneEdit<'f> {
    rule: &'f str,
    message: &'f str,
    kind: Kind,
    name: &'f str,
    before: &'f str,
    after: &'f str,
    path: &'f str,
    facts: &'f [(&'static str, String)],
    places: [Option<(&'f str, &'f str)>; 2],
}

impl<'f> OneEdit<'f> {
    fn of(f: &'f Finding) -> OneEdit<'f> {
        let c = &f.change;
        let place =
            |l: &'f Option<Location>| l.as_ref().map(|l| (l.file.as_str(), l.pointer.as_str()));
        OneEdit {
            rule: &f.rule,
            message: &f.message,
            kind: c.kind,
            name: c.name.as_deref().unwrap_or(""),
            before: c.before.as_deref().unwrap_or(""),
            after: c.after.as_deref().unwrap_or(""),
            path: &c.path,
            facts: &c.facts,
            places: [place(&f.located.base), place(&f.located.revision)],
        }
    }
}

/// Hashed by the rule, kind, name, path and pointers alone, which tell a big diff's
/// findings apart as well: keys alike have one hash all the same, and the message, the texts
/// before and after and the files' names, two thirds of a key's text, were as much of the
/// cost of finding the edits seen both ways.
impl std::hash::Hash for OneEdit<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.rule.hash(state);
        self.kind.hash(state);
        self.name.hash(state);
        self.path.hash(state);
        for (_, pointer) in self.places.iter().flatten() {
            pointer.hash(state);
        }
    }
}

/// The findings with one key in both directions: indexes into `findings`, in the order of
/// their first finding.
fn groups(findings: &[Finding]) -> Vec<Vec<usize>> {
    // Sized for every finding at once: grown as they came, the map hashed its keys again at
    // each growth, two thirds of its cost on a big diff.
    let mut first: FxHashMap<OneEdit, usize> =
        FxHashMap::with_capacity_and_hasher(findings.len(), Default::default());
    // The findings after the first of each key, by that first: few, where a list per key
    // was an allocation per finding.
    let mut more: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, f) in findings.iter().enumerate() {
        if f.change.direction == Direction::None {
            continue;
        }
        match first.entry(OneEdit::of(f)) {
            Entry::Occupied(e) => more.entry(*e.get()).or_default().push(i),
            Entry::Vacant(e) => {
                e.insert(i);
            }
        }
    }
    let mut out: Vec<Vec<usize>> = more
        .into_iter()
        .map(|(i, rest)| std::iter::once(i).chain(rest).collect::<Vec<_>>())
        .filter(|g| {
            let d = findings[g[0]].change.direction;
            g.iter().any(|&i| findings[i].change.direction != d)
        })
        .collect();
    out.sort();
    out
}

/// Every operation of `parts`: the first part's shown operation first, the rest sorted.
fn operations<'f>(parts: impl Iterator<Item = &'f Finding>) -> Vec<OperationId> {
    shown_then_sorted(parts.flat_map(|f| f.change.operations.iter().cloned()))
}

/// The findings one edit makes in both directions, as [`shared_fingerprints`] found them among
/// the classified findings (indexes into them). The stages change no part of their key, so
/// [`merge`] follows these groups to the findings that count rather than look for them again.
pub(crate) struct BothWays(Vec<Vec<usize>>);

impl BothWays {
    /// The groups among the findings that count (`kept`: the index each had among the
    /// classified ones), by their index in `findings`: a group whose other directions were
    /// all dropped is a group no more.
    fn among(&self, kept: &[usize], findings: &[Finding]) -> Vec<Vec<usize>> {
        // Each classified finding's index among those that count, if it counts.
        let mut now = vec![None; kept.last().map_or(0, |&k| k + 1)];
        for (i, &k) in kept.iter().enumerate() {
            now[k] = Some(i);
        }
        self.0
            .iter()
            .filter_map(|group| {
                let group: Vec<usize> = group
                    .iter()
                    .filter_map(|&k| now.get(k).copied().flatten())
                    .collect();
                let d = findings[*group.first()?].change.direction;
                group
                    .iter()
                    .any(|&i| findings[i].change.direction != d)
                    .then_some(group)
            })
            .collect()
    }
}

/// Groups of findings that will be one (indexes into the findings), each with the fingerprint
/// they will share.
pub(crate) type Shared = Vec<(Vec<usize>, String)>;

/// The findings one edit makes in both directions, with the fingerprint of the finding they
/// will make together (over all their operations). It only reads the findings, so it runs
/// beside the sibling folds' ([`super::siblings::fold_fingerprints`]).
pub(crate) fn shared_fingerprints(findings: &[Finding]) -> Shared {
    groups(findings)
        .into_iter()
        .map(|group| {
            let mut change = findings[group[0]].change.clone();
            change.operations = operations(group.iter().map(|&i| &findings[i]));
            let f = &findings[group[0]];
            let (base_pointer, revision_pointer) = f.located.pointers();
            let shared = fingerprint(&f.rule, &change, base_pointer, revision_pointer);
            (group, shared)
        })
        .collect()
}

/// Give the findings one edit makes in both directions the fingerprint they will share
/// ([`shared_fingerprints`]), before weir.toml's ignores are matched. With those findings,
/// for [`merge`].
pub(crate) fn share_fingerprints(findings: &mut [Finding], shared: Shared) -> BothWays {
    let mut groups = Vec::with_capacity(shared.len());
    for (group, fingerprint) in shared {
        for &i in &group {
            findings[i].fingerprint.clone_from(&fingerprint);
        }
        groups.push(group);
    }
    BothWays(groups)
}

/// The findings each finding of a stage's output was made of: their indexes in the stage's
/// input, in the order the first witness found among them is preferred.
pub(crate) type Parts = Vec<Vec<usize>>;

/// The [`Parts`] of `n` findings that a stage left as they were: each made of itself.
pub(crate) fn each_alone(n: usize) -> Parts {
    (0..n).map(|i| vec![i]).collect()
}

/// Merge the findings one edit makes in both directions that every stage left with the same
/// level, bump and note. The merged finding stands where the first of them stood; `impact`'s
/// references to findings follow. `both` and `kept`: the groups [`share_fingerprints`] found,
/// and the index each of `findings` had then. With the findings, what each was made of.
pub(crate) fn merge(
    findings: Vec<Finding>,
    impact: Option<&mut Impact>,
    both: &BothWays,
    kept: &[usize],
) -> (Vec<Finding>, Parts) {
    let groups = both.among(kept, &findings);
    debug_assert_eq!(
        {
            let mut sorted = groups.clone();
            sorted.sort();
            sorted
        },
        self::groups(&findings),
        "the stages changed what makes one edit"
    );
    // Where each finding goes: itself, or the first of its group with the same verdict.
    let mut into: Vec<usize> = (0..findings.len()).collect();
    for group in groups {
        let verdict = |i: usize| {
            let f = &findings[i];
            (f.level, f.bump, f.note.clone())
        };
        for (k, &i) in group.iter().enumerate() {
            if let Some(&first) = group[..k]
                .iter()
                .find(|&&j| into[j] == j && verdict(j) == verdict(i))
            {
                into[i] = first;
            }
        }
    }
    if into.iter().enumerate().all(|(i, &j)| i == j) {
        let parts = each_alone(findings.len());
        return (findings, parts);
    }
    let (out, parts_of, index) = gather(findings, &into, |_, _| {}, join);
    if let Some(impact) = impact {
        impact.repoint(&index, &out, |t| t.change);
    }
    (out, parts_of)
}

/// The findings gathered as `into` says: each goes into the group of the first of its group
/// (`into[j]`, itself when alone), the groups in the order of their first finding. A finding
/// alone is kept as it is (most are); a group's findings, in the order `arrange` puts their
/// indexes in, are made one by `join`. Each finding moves once. With what each gathered
/// finding was made of, and where each finding went. Merging and folding both end here.
pub(crate) fn gather(
    findings: Vec<Finding>,
    into: &[usize],
    arrange: impl Fn(&mut [usize], &[Option<Finding>]),
    mut join: impl FnMut(Vec<Finding>) -> Finding,
) -> (Vec<Finding>, Parts, Vec<usize>) {
    // Each group's members in one pass (a finding's group comes after it): looking them up
    // per finding was quadratic, 38 M instructions on a diff of 2,500 findings.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); into.len()];
    for (j, &i) in into.iter().enumerate() {
        members[i].push(j);
    }
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    let mut went = vec![usize::MAX; into.len()];
    let mut out: Vec<Finding> = Vec::with_capacity(into.len());
    let mut parts: Parts = Vec::with_capacity(into.len());
    for mut group in members.into_iter().filter(|g| !g.is_empty()) {
        for &j in &group {
            went[j] = out.len();
        }
        out.push(if let [alone] = group[..] {
            slots[alone].take().expect("each finding goes once")
        } else {
            arrange(&mut group, &slots);
            join(group.iter().filter_map(|&j| slots[j].take()).collect())
        });
        parts.push(group);
    }
    (out, parts, went)
}

/// One finding of the parts (the same verdict, one per direction): every operation and
/// consumer of each.
fn join(parts: Vec<Finding>) -> Finding {
    let operations = operations(parts.iter());
    let mut parts = parts.into_iter();
    let mut kept = parts.next().expect("a group has a first finding");
    kept.change.operations = operations;
    for other in parts {
        kept.change.direction = Direction::None;
        if let Some(names) = other.consumers {
            let all = kept.consumers.get_or_insert_with(Vec::new);
            for n in names {
                if !all.contains(&n) {
                    all.push(n);
                }
            }
        }
    }
    kept
}
