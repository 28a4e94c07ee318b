//! The deprecation policy. Removing a deprecated item (an operation, parameter or property:
//! the rules marked `deprecation-policy = true`) with an `x-sunset` date is breaking before that
//! date and info after it. Without a sunset, `deprecation-days` decides: the removal is allowed
//! once the item has been deprecated that many days, and breaking before; with
//! `deprecation-days = 0` (the default) the rules' own levels stand. With `deprecation-days`
//! set, an item newly deprecated must also announce a sunset at least that far ahead.
//!
//! When an item was deprecated is read from git: the history of the spec file before the base
//! revision is walked back to the first revision in which the removed item was already
//! deprecated.

use std::path::Path;
use std::sync::Arc;

use crate::model::Spec;
use crate::rules::catalogue;
use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::conventions::{parse_sunset, show_day};
use crate::vocabulary::{Bump, Finding, Kind, Level, NodeRef};

/// Where the base spec came from in git, to date deprecations.
pub struct BaseHistory<'r> {
    pub repo_dir: &'r Path,
    /// The base revision (`v1.4.0`).
    pub rev: String,
    /// The spec's path at that revision.
    pub path: String,
}

/// Whether the node at `pointer` says `deprecated: true`.
fn deprecated_at(tree: &Tree, pointer: &str) -> bool {
    tree.lookup_pointer(pointer)
        .and_then(|n| tree.get(n, "deprecated"))
        .is_some_and(|d| matches!(tree.resolve(d), Some(Resolved::Bool(true))))
}

/// The day the item at `pointer` became deprecated, walking back from the base revision; `None`
/// when git cannot tell (not a repository, or deprecated since the spec's first commit, in
/// which case the first commit's date is used).
fn deprecated_since(h: &BaseHistory<'_>, pointer: &str) -> Option<i64> {
    let repo = git2::Repository::discover(h.repo_dir).ok()?;
    let start = repo.revparse_single(&h.rev).ok()?.peel_to_commit().ok()?;
    let mut walk = repo.revwalk().ok()?;
    walk.push(start.id()).ok()?;
    walk.simplify_first_parent().ok()?;
    let mut earliest: Option<i64> = None;
    let mut last_blob = None;
    for oid in walk.take(2000) {
        let commit = repo.find_commit(oid.ok()?).ok()?;
        let Ok(entry) = commit.tree().ok()?.get_path(Path::new(&h.path)) else {
            break;
        };
        if last_blob == Some(entry.id()) {
            earliest = Some(commit.time().seconds().div_euclid(86_400));
            continue;
        }
        last_blob = Some(entry.id());
        let blob = entry.to_object(&repo).ok()?.peel_to_blob().ok()?;
        let text: Arc<str> = std::str::from_utf8(blob.content()).ok()?.into();
        let tree = crate::load::parse::parse(h.path.clone(), text).ok()?;
        if !deprecated_at(&tree, pointer) {
            break;
        }
        earliest = Some(commit.time().seconds().div_euclid(86_400));
    }
    earliest
}

/// The `x-sunset` day of the object at `node` (or, for a `deprecated: true` value, of the
/// object holding it). Loading checked that every `x-sunset` is a date.
fn sunset_at(spec: &Spec, node: NodeRef) -> Option<i64> {
    let tree = spec.tree(node);
    let holder = match tree.value(node.node) {
        NodeValue::Scalar { .. } => tree.parent(node.node)?,
        _ => node.node,
    };
    tree.text(tree.get(holder, "x-sunset")?)
        .and_then(parse_sunset)
}

/// A removal of something deprecated, by a rule the policy governs (`deprecation-policy`).
fn is_deprecated_removal(f: &Finding) -> bool {
    f.change.fact("deprecated") == Some("true")
        && catalogue()
            .get(&f.rule)
            .is_some_and(|r| r.deprecation_policy)
}

/// Something deprecated in this change (an operation, parameter, header or schema).
fn is_newly_deprecated(f: &Finding) -> bool {
    matches!(
        f.change.kind,
        Kind::OperationDeprecated
            | Kind::ParameterDeprecated
            | Kind::HeaderDeprecated
            | Kind::SchemaDeprecated
    ) && f.change.fact("value") == Some("true")
}

fn allow(f: &mut Finding, note: String) {
    f.level = Level::Info;
    f.bump = f.bump.min(Bump::Minor);
    f.note = Some(note);
}

fn refuse(f: &mut Finding, note: String) {
    f.level = Level::Breaking;
    f.bump = Bump::Major;
    f.note = Some(note);
}

/// What the policy says of the removal of a deprecated item.
fn removal(f: &mut Finding, base: &Spec, history: Option<&BaseHistory<'_>>, days: u32, today: i64) {
    if let Some(sunset) = f.change.base.and_then(|at| sunset_at(base, at)) {
        let day = show_day(sunset);
        if sunset <= today {
            allow(
                f,
                format!("its x-sunset date ({day}) has passed: the removal is allowed"),
            );
        } else {
            refuse(
                f,
                format!(
                    "removed before its x-sunset date ({day}): clients were promised it until then"
                ),
            );
        }
        return;
    }
    if days == 0 {
        return;
    }
    let pointer = f.change.base.map(|at| base.pointer(at));
    let since = match (history, &pointer) {
        (Some(h), Some(p)) if f.change.base.is_some_and(|b| b.file == 0) => deprecated_since(h, p),
        _ => None,
    };
    match since {
        Some(day) if today - day >= i64::from(days) => allow(
            f,
            format!(
                "deprecated {} days ago: the deprecation policy ({days} days) allows the removal",
                today - day
            ),
        ),
        Some(day) => refuse(
            f,
            format!(
                "deprecated only {} days ago: the deprecation policy asks for {days}",
                today - day
            ),
        ),
        None => refuse(
            f,
            format!(
                "when it was deprecated is unknown (no git history of the base): the deprecation policy asks for {days} days"
            ),
        ),
    }
}

/// With a deprecation period, a new deprecation must announce a sunset at least that far
/// ahead; one without, or with an earlier one, is a warning.
fn announcement(f: &mut Finding, revision: &Spec, days: u32, today: i64) {
    let earliest = today + i64::from(days);
    let sunset = f.change.revision.and_then(|at| sunset_at(revision, at));
    let problem = match sunset {
        Some(day) if day >= earliest => return,
        Some(day) => format!("its x-sunset {} is sooner", show_day(day)),
        None => "it has no x-sunset".to_string(),
    };
    f.level = f.level.max(Level::Warning);
    f.note = Some(format!(
        "the deprecation policy ({days} days) asks a new deprecation for an x-sunset on or after {}; {problem}",
        show_day(earliest)
    ));
}

/// The stage: decide the level of every removal of a deprecated item, and, with `days` > 0,
/// check that new deprecations announce their sunset in time. `today` in days since
/// 1970-01-01.
pub(crate) fn apply(
    findings: &mut [Finding],
    sides: (&Spec, &Spec),
    history: Option<&BaseHistory<'_>>,
    days: u32,
    today: i64,
) {
    let (base, revision) = sides;
    for f in findings.iter_mut() {
        if is_deprecated_removal(f) {
            removal(f, base, history, days, today);
        } else if days > 0 && is_newly_deprecated(f) {
            announcement(f, revision, days, today);
        }
    }
}
