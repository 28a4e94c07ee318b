//! The last stage: with a consumer registry, each finding's consumers and the consumer policy
//! (a removal still in use blocks; a break no consumer uses is downgraded as `[consumers]
//! unused-breaking` says). And the witnesses of breaking schema findings: looked for ahead,
//! beside the stages ([`Lookahead`]), and attached once the findings one edit makes are one
//! (`attach_witnesses`).

use rustc_hash::FxHashSet;

use super::Pair;
use super::siblings::Folds;
use crate::consumers::locate::{BothNodes, Sides};
use crate::consumers::witness::{self, Ahead, SearchPart, Started};
use crate::consumers::{ConsumerPolicy, Impact, Registry, impact};
use crate::model::Spec;
use crate::versions::Version;
use crate::vocabulary::{Change, Finding, Witness};

/// What the consumer stage does.
#[derive(Clone, Debug, Default)]
pub struct ConsumerSettings {
    pub registry: Option<Registry>,
    pub policy: ConsumerPolicy,
    /// Look for a witness payload of each breaking schema finding (costly on big diffs;
    /// off where no report shows them).
    pub witnesses: bool,
}

/// The stage. `version` is the revision's (declared) version, for consumers pinned to
/// versions. The impact refers to findings by their index in `findings`.
pub(crate) fn apply(
    findings: &mut [Finding],
    sides: Option<&Sides<'_>>,
    settings: &ConsumerSettings,
    version: Option<&Version>,
) -> Option<Impact> {
    let (registry, sides) = (settings.registry.as_ref()?, sides?);
    Some(impact::assess(
        findings,
        sides,
        registry,
        settings.policy,
        version,
    ))
}

/// Both specs indexed for the consumer stage and the witnesses, once, when either needs
/// them: a registry, or a change a witness is looked for (`sought`).
pub(crate) fn sides<'s>(
    pair: &Pair<'s>,
    settings: &ConsumerSettings,
    sought: &[Option<Change>],
) -> Option<Sides<'s>> {
    (settings.registry.is_some() || sought.iter().any(Option::is_some))
        .then(|| Sides::with_nodes(pair.base, pair.revision, pair.nodes().clone()))
}

/// The changes a witness is looked for, by finding: those of breaking schema findings
/// ([`witness::wanted`]) as the consumer stage finds them, before it judges (a break no
/// consumer uses keeps its proof). Taken before the findings one edit makes merge, whose
/// changes each witness is looked for in.
pub(crate) fn sought(findings: &[Finding], settings: &ConsumerSettings) -> Vec<Option<Change>> {
    findings
        .iter()
        .map(|f| (settings.witnesses && witness::wanted(f)).then(|| f.change.clone()))
        .collect()
}

/// The witnesses looked for ahead ([`Ahead`]) while the stages run. Looked for: the changes
/// of the findings the rules made breaking schema findings (the stages seldom change which),
/// one per edit. The findings one edit makes per direction or per sibling property share a
/// fingerprint or a fold; the witness shown for the edit is the first found among them in
/// order, most often the first one's.
pub(crate) struct Lookahead {
    witnesses: Ahead,
    /// Each finding's index among the changes looked for, if it is one.
    ahead_index: Vec<Option<usize>>,
}

impl Lookahead {
    pub(crate) fn new(findings: &[Finding], folds: &Folds, settings: &ConsumerSettings) -> Self {
        let mut edits = FxHashSet::default();
        let mut changes = Vec::new();
        let ahead_index = findings
            .iter()
            .map(|f| {
                if !(settings.witnesses && witness::wanted(f)) {
                    return None;
                }
                let edit = folds.get(&f.fingerprint).unwrap_or(&f.fingerprint);
                edits.insert(edit).then(|| {
                    changes.push(f.change.clone());
                    changes.len() - 1
                })
            })
            .collect();
        Lookahead {
            witnesses: Ahead::new(changes),
            ahead_index,
        }
    }

    /// Start looking, beside the calling thread ([`Ahead::start`]).
    pub(crate) fn start<'scope>(
        &'scope self,
        scope: &rayon::Scope<'scope>,
        specs: (&'scope Spec, &'scope Spec),
        nodes: impl FnOnce() -> BothNodes,
    ) -> Started<'scope> {
        self.witnesses.start(scope, specs, nodes)
    }

    /// Finish looking on the calling thread too, for the findings that count (`kept`: their
    /// index when the look-ahead began) whose witness is still `sought`.
    pub(crate) fn finish(
        &self,
        started: Started<'_>,
        kept: &[usize],
        sought: &[Option<Change>],
        sides: Option<&Sides>,
    ) {
        debug_assert_eq!(kept.len(), sought.len());
        let mut wanted = vec![false; self.witnesses.len()];
        for (&k, s) in kept.iter().zip(sought) {
            if let (Some(_), Some(a)) = (s, self.ahead_index[k]) {
                wanted[a] = true;
            }
        }
        started.finish(wanted, sides);
    }

    /// The witnesses found ahead for the findings that count (`kept`: their index when the
    /// look-ahead began), moved out.
    pub(crate) fn into_found(self, kept: &[usize]) -> Vec<Option<Witness>> {
        let mut found = self.witnesses.into_found();
        kept.iter()
            .map(|&k| self.ahead_index[k].and_then(|a| found[a].take()))
            .collect()
    }
}

/// Attach the witnesses, once the findings are merged and folded: for each finding, the first
/// found among the changes it was made of (`parts`: indexes into `sought`, in order), looked
/// for one after the other until one is found — a payload that shows one direction's or one
/// property's break shows the edit's, and the other parts' witnesses would not be shown.
/// `ahead`: what was found ahead for each of `sought`.
pub(crate) fn attach_witnesses(
    findings: &mut [Finding],
    parts: &[Vec<usize>],
    sought: &[Option<Change>],
    mut ahead: Vec<Option<Witness>>,
    sides: Option<&Sides<'_>>,
) {
    let Some(sides) = sides else {
        return;
    };
    let searches: Vec<Vec<SearchPart>> = parts
        .iter()
        .map(|p| {
            p.iter()
                .filter_map(|&j| Some((sought[j].as_ref()?, ahead[j].take())))
                .collect()
        })
        .collect();
    if searches.iter().all(Vec::is_empty) {
        return;
    }
    let witnesses = witness::first_found(searches, sides, crate::parallel::cores());
    for (f, w) in findings.iter_mut().zip(witnesses) {
        if w.is_some() {
            f.witness = w;
        }
    }
}
