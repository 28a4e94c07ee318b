//! The assessment: what every command does to a diff's changes before it reports them. One
//! function, [`assess`], in one fixed order, so `diff`, `check`, `bump`, `changelog`, `log`
//! (and the action through them) give the same verdict for the same change:
//!
//! 1. classify — the rules give each change a level, a bump and a message (`classify`);
//!    in requests, a change that makes valid values match two `oneOf` branches is breaking
//!    whatever its rule says (`ambiguity`);
//! 2. stability — breaking changes and warnings on items unstable in the base are allowed
//!    (`stability`);
//! 3. deprecation — the deprecation and sunset policy (`deprecation`);
//! 4. weir.toml — the repository's rule levels, ignores and path globs (`decisions`);
//! 5. consumers — who is affected, the unused-break policy (`consumers`).
//!
//! Last, the findings one edit makes once per direction with the same verdict are one finding
//! (`directions`), and so are those one edit makes once per sibling property of an object
//! (`siblings`); then each breaking schema finding gets its witness, the first found among
//! the changes it was made of (`consumers::attach_witnesses`; which findings get one is decided
//! as the consumer stage begins, so a break no consumer uses keeps its proof). The search
//! begins on the other cores as soon as the rules have classified the changes, for those
//! most likely wanted, while this thread runs the stages (`consumers::Lookahead`): a witness
//! depends on its change alone, so the verdicts and witnesses do not depend on it.
//!
//! Each stage is a function of its own file. Every change a stage makes to a finding's level
//! or bump is recorded on the finding ([`Adjustment`]), with the reason the stage gave.

pub(crate) mod ambiguity;
pub(crate) mod classify;
pub(crate) mod consumers;
pub(crate) mod dates;
pub(crate) mod decisions;
pub(crate) mod deprecation;
pub(crate) mod directions;
pub(crate) mod presets;
pub(crate) mod siblings;
pub(crate) mod stability;

pub use classify::KnownPlaces;
pub(crate) use consumers::ConsumerSettings;
pub use decisions::{Decisions, Ignored};
pub(crate) use deprecation::BaseHistory;

use std::sync::OnceLock;

use crate::consumers::Impact;
use crate::consumers::locate::{BothNodes, Sides};
use crate::model::Spec;
use crate::versions::Version;
use crate::vocabulary::{Adjustment, Change, Finding, Stage};

/// What applies to every pair a command assesses: weir.toml and the consumer registry. The
/// default is the rules alone: no weir.toml, no registry, no witnesses.
#[derive(Clone, Debug)]
pub struct Settings {
    /// weir.toml's rule levels, ignores and path globs.
    pub decisions: Decisions,
    /// The deprecation policy's period (0: off).
    pub deprecation_days: u32,
    /// Today, in days since 1970-01-01 (see `dates::today`).
    pub today: i64,
    pub consumers: ConsumerSettings,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            decisions: Decisions::default(),
            deprecation_days: 0,
            today: dates::today(),
            consumers: ConsumerSettings::default(),
        }
    }
}

/// The two specs to assess, and what is known of where they came from.
pub struct Pair<'s> {
    pub base: &'s Spec,
    pub revision: &'s Spec,
    /// Where the base came from in git, to date deprecations.
    pub history: Option<BaseHistory<'s>>,
    /// The version the revision releases as, for consumers pinned to versions.
    pub version: Option<Version>,
    /// Both specs' schema nodes, indexed when first needed (or ahead, while the diff runs):
    /// the witnesses' threads and the ambiguity stage share them.
    pub nodes: OnceLock<BothNodes>,
    /// The places of the changes' nodes, when they were worked out ahead.
    pub places: Option<KnownPlaces>,
}

impl<'s> Pair<'s> {
    /// Two specs, nothing known of their history; the version is the revision's
    /// `info.version`.
    pub fn new(base: &'s Spec, revision: &'s Spec) -> Pair<'s> {
        Pair {
            base,
            revision,
            history: None,
            version: revision
                .version
                .as_ref()
                .and_then(|v| crate::versions::semver::parse_version(&v.value)),
            nodes: OnceLock::new(),
            places: None,
        }
    }

    /// Both specs' schema nodes, indexed on first asking.
    pub fn nodes(&self) -> &BothNodes {
        self.nodes
            .get_or_init(|| BothNodes::of(self.base, self.revision))
    }
}

/// What an assessment found.
#[derive(Debug, Default)]
pub struct Assessment {
    /// The findings that count, in the diff's order.
    pub findings: Vec<Finding>,
    /// Findings weir.toml accepts for now: reported apart, never counted.
    pub ignored: Vec<Ignored>,
    /// Findings left out by rules set to `"off"` or by path globs.
    pub filtered: usize,
    /// Ignores in weir.toml that matched no finding.
    pub unused_ignores: Vec<String>,
    /// What the changes do to registered consumers, when there is a registry.
    pub impact: Option<Impact>,
}

impl Assessment {
    /// The findings a stage lowered below their rule's level (each says why in its
    /// adjustments and note).
    pub fn downgraded(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.downgraded())
    }
}

/// Assess the changes between `pair.base` and `pair.revision` (from [`crate::diff::diff`]).
pub fn assess(pair: &Pair<'_>, changes: Vec<Change>, settings: &Settings) -> Assessment {
    let mut findings =
        classify::findings((pair.base, pair.revision), pair.places.as_ref(), changes);
    // The edits' shared fingerprints, by direction and by sibling fold, are found on two
    // threads: the look-ahead waits for them.
    let (one_edit, one_object) = crate::parallel::both(
        findings.len() >= crate::parallel::WORTH_A_THREAD,
        || directions::shared_fingerprints(&findings),
        || siblings::fold_fingerprints(&findings),
    );
    let both_ways = directions::share_fingerprints(&mut findings, one_edit);
    let folds = siblings::folds(&findings, one_object);
    // The witnesses are looked for ahead while the other stages run.
    let ahead = consumers::Lookahead::new(&findings, &folds, &settings.consumers);
    let Staged {
        mut assessment,
        kept,
        sought,
        sides,
        parts,
    } = crate::parallel::scope(|s| {
        let started = ahead.start(s, (pair.base, pair.revision), || pair.nodes().clone());
        let judged = judge(pair, findings, &both_ways, &folds, settings);
        ahead.finish(started, &judged.kept, &judged.sought, judged.sides.as_ref());
        judged
    });
    consumers::attach_witnesses(
        &mut assessment.findings,
        &parts,
        &sought,
        ahead.into_found(&kept),
        sides.as_ref(),
    );
    assessment
}

/// What [`judge`] leaves for the witnesses to be attached.
struct Staged<'s> {
    assessment: Assessment,
    /// The index each finding that counts had among the classified ones.
    kept: Vec<usize>,
    /// The change of each finding that counts whose witness is looked for.
    sought: Vec<Option<Change>>,
    sides: Option<Sides<'s>>,
    /// For each merged and folded finding, the findings it was made of: indexes into `sought`.
    parts: Vec<Vec<usize>>,
}

/// The stages after the rules, and the merges: what the witnesses looked for ahead run
/// beside.
fn judge<'s>(
    pair: &Pair<'s>,
    mut findings: Vec<Finding>,
    both_ways: &directions::BothWays,
    folds: &siblings::Folds,
    settings: &Settings,
) -> Staged<'s> {
    staged(&mut findings, Stage::Ambiguity, |fs| {
        ambiguity::apply(fs, pair.base, pair.revision, || &pair.nodes().base)
    });
    staged(&mut findings, Stage::Stability, |fs| {
        stability::apply(fs, pair.base)
    });
    staged(&mut findings, Stage::Deprecation, |fs| {
        deprecation::apply(
            fs,
            (pair.base, pair.revision),
            pair.history.as_ref(),
            settings.deprecation_days,
            settings.today,
        )
    });
    staged(&mut findings, Stage::Config, |fs| {
        settings.decisions.set_levels(fs)
    });
    let (mut assessment, kept) = settings.decisions.select(findings, folds);
    let sought = consumers::sought(&assessment.findings, &settings.consumers);
    let sides = consumers::sides(pair, &settings.consumers, &sought);
    staged(&mut assessment.findings, Stage::Consumers, |fs| {
        assessment.impact = consumers::apply(
            fs,
            sides.as_ref(),
            &settings.consumers,
            pair.version.as_ref(),
        );
    });
    let (merged, mut by_direction) = directions::merge(
        std::mem::take(&mut assessment.findings),
        assessment.impact.as_mut(),
        both_ways,
        &kept,
    );
    let (folded, by_object) = siblings::fold(merged, assessment.impact.as_mut(), folds);
    assessment.findings = folded;
    // Each finding's witness is looked for among the changes it was made of. Each merged
    // finding went into one folded one: most alone, whose parts are taken as they are
    // rather than gathered anew (an allocation per finding).
    let parts = by_object
        .iter()
        .map(|p| match p[..] {
            [m] => std::mem::take(&mut by_direction[m]),
            _ => p
                .iter()
                .flat_map(|&m| by_direction[m].iter().copied())
                .collect(),
        })
        .collect();
    Staged {
        assessment,
        kept,
        sought,
        sides,
        parts,
    }
}

/// The findings between two specs by the rules and the specs' own conventions alone (the
/// default [`Settings`]): what a library user or a test usually wants.
pub fn findings(base: &Spec, revision: &Spec) -> Vec<Finding> {
    let changes = crate::diff::diff(base, revision);
    assess(&Pair::new(base, revision), changes, &Settings::default()).findings
}

/// Run a stage and record on each finding what it changed of the level or bump: the reason
/// is the note the stage wrote (or the part it appended).
fn staged(findings: &mut [Finding], stage: Stage, run: impl FnOnce(&mut [Finding])) {
    let before: Vec<_> = findings
        .iter()
        .map(|f| (f.level, f.bump, f.note.clone()))
        .collect();
    run(findings);
    for (f, (level, bump, note)) in findings.iter_mut().zip(before) {
        if (f.level, f.bump) == (level, bump) {
            continue;
        }
        let reason = match (note.as_deref(), f.note.as_deref()) {
            (Some(old), Some(new)) if new != old && new.starts_with(old) => {
                new[old.len()..].trim_start_matches("; ").to_string()
            }
            (_, Some(new)) => new.to_string(),
            (_, None) => String::new(),
        };
        f.adjustments.push(Adjustment {
            stage,
            before: (level, bump),
            after: (f.level, f.bump),
            reason,
        });
    }
}
