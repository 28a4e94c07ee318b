//! The deprecation policy: removing a deprecated operation, parameter or property is allowed
//! once it has been deprecated for `deprecation-days` days, or once its `x-sunset` date has
//! passed; before that, the removal is breaking. With `deprecation-days = 0` (the default)
//! the policy is off and the rules' own levels stand.
//!
//! When it was deprecated is read from git: the history of the spec file before the base
//! revision is walked back to the first revision in which the removed item was already
//! deprecated.

use std::path::Path;
use std::sync::Arc;

use crate::model::Spec;
use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::{Bump, Finding, Kind, Level};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (an RFC 3339 timestamp's date part counts).
pub fn parse_date(text: &str) -> Option<i64> {
    let d = text.trim().get(..10)?;
    let mut parts = d.split('-');
    let (y, m, day) = (
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
        parts.next()?.parse::<i64>().ok()?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Today, in days since 1970-01-01 (UTC). `WEIR_TODAY=YYYY-MM-DD` pins it, for reproducible
/// runs and tests.
pub fn today() -> i64 {
    if let Some(d) = std::env::var("WEIR_TODAY")
        .ok()
        .and_then(|t| parse_date(&t))
    {
        return d;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    secs.div_euclid(86_400)
}

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

fn is_deprecated_removal(f: &Finding) -> bool {
    matches!(
        f.change.kind,
        Kind::OperationRemoved | Kind::ParameterRemoved | Kind::SchemaPropertyRemoved
    ) && f.change.fact("deprecated") == Some("true")
}

/// Apply the policy to a gate's findings.
pub fn apply(findings: &mut [Finding], base: &Spec, history: Option<&BaseHistory<'_>>, days: u32) {
    if days == 0 {
        return;
    }
    let today = today();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-01-01T00:00:00Z"), Some(19_723));
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("soon"), None);
    }
}
