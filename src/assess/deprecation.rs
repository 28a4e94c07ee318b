//! The deprecation policy: removing a deprecated item (an operation, parameter or property:
//! the rules marked `deprecation-policy = true`) is allowed once it has been deprecated for
//! `deprecation-days` days, or once its `x-sunset` date has passed; before that, the removal
//! is breaking. With `deprecation-days = 0` (the default)
//! the policy is off and the rules' own levels stand.
//!
//! When it was deprecated is read from git: the history of the spec file before the base
//! revision is walked back to the first revision in which the removed item was already
//! deprecated.

use std::path::Path;
use std::sync::Arc;

use super::dates::parse_date;
use crate::model::Spec;
use crate::rules::catalogue;
use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::{Bump, Finding, Level};

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

/// `x-sunset` of the removed item in the base, as a day.
fn sunset(base: &Spec, f: &Finding) -> Option<i64> {
    let at = f.change.base?;
    let tree = base.tree(at);
    let node = tree.get(at.node, "x-sunset")?;
    match tree.value(node) {
        NodeValue::Scalar { text, .. } => parse_date(text),
        _ => None,
    }
}

/// A removal of something deprecated, by a rule the policy governs (`deprecation-policy`).
fn is_deprecated_removal(f: &Finding) -> bool {
    f.change.fact("deprecated") == Some("true")
        && catalogue()
            .get(&f.rule)
            .is_some_and(|r| r.deprecation_policy)
}

/// The stage: with `days` > 0, decide the level of every removal of a deprecated item.
/// `today` in days since 1970-01-01.
pub fn apply(
    findings: &mut [Finding],
    base: &Spec,
    history: Option<&BaseHistory<'_>>,
    days: u32,
    today: i64,
) {
    if days == 0 {
        return;
    }
    for f in findings.iter_mut().filter(|f| is_deprecated_removal(f)) {
        if let Some(s) = sunset(base, f)
            && s <= today
        {
            f.level = Level::Info;
            f.bump = f.bump.min(Bump::Minor);
            f.note = Some(
                "its x-sunset date has passed: the deprecation policy allows the removal".into(),
            );
            continue;
        }
        let pointer = f.change.base.map(|at| base.pointer(at));
        let since = match (history, &pointer) {
            (Some(h), Some(p)) if f.change.base.is_some_and(|b| b.file == 0) => {
                deprecated_since(h, p)
            }
            _ => None,
        };
        match since {
            Some(day) if today - day >= i64::from(days) => {
                f.level = Level::Info;
                f.bump = f.bump.min(Bump::Minor);
                f.note = Some(format!(
                    "deprecated {} days ago: the deprecation policy ({days} days) allows the removal",
                    today - day
                ));
            }
            Some(day) => {
                f.level = Level::Breaking;
                f.bump = Bump::Major;
                f.note = Some(format!(
                    "deprecated only {} days ago: the deprecation policy asks for {days}",
                    today - day
                ));
            }
            None => {
                f.level = Level::Breaking;
                f.bump = Bump::Major;
                f.note = Some(format!(
                    "when it was deprecated is unknown (no git history of the base): the deprecation policy asks for {days} days"
                ));
            }
        }
    }
}
