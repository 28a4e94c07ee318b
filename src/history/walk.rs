//! The commits `weir log` lists: those of the first-parent history from HEAD that changed the
//! spec or a file it `$ref`s, and those a release tag points at — a release made in a commit
//! that did not touch the spec is a release of the spec all the same. Renames of the spec
//! file are followed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::refs::{self, Files, Scanner};
use crate::error::{Error, Result};
use crate::gate::release::tag_version;

/// One commit the log lists.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: String,
    pub time: i64,
    pub subject: String,
    /// The spec's path at this commit (it may have been renamed since).
    pub path: String,
    /// Release tags on this commit.
    pub tags: Vec<String>,
    /// The spec or a file it `$ref`s changed here; `false`: listed for its release tag.
    pub changed: bool,
    pub(super) tree: git2::Oid,
}

/// The commits, oldest first, up to `until` (HEAD when not given); with `since`, that
/// revision (the baseline the first listed commit is compared with) and its last release tag.
pub struct Walked {
    pub root: PathBuf,
    pub commits: Vec<Commit>,
    pub baseline: Option<(Commit, Option<String>)>,
}

pub fn commits(
    repo_dir: &Path,
    (since, until): (Option<&str>, Option<&str>),
    path: &str,
    tag_pattern: Option<&str>,
) -> Result<Walked> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let repo = git2::Repository::discover(repo_dir).map_err(|_| Error::NotARepository {
        dir: repo_dir.display().to_string(),
        locator: "the history of the spec".into(),
    })?;
    let mut walk = repo.revwalk().map_err(git)?;
    match until {
        Some(until) => {
            let commit = crate::load::source::commit_at(&repo, until)?;
            // The path is the one weir.toml or `--spec` names today: a spec renamed since
            // `until` is not there under it, and the log would be silently empty.
            let tree = commit.tree().map_err(git)?;
            if tree.get_path(Path::new(path)).is_err() {
                return Err(Error::PathNotAtRevision {
                    rev: until.to_string(),
                    path: path.to_string(),
                    help: Some(format!(
                        "name the spec by its path at `{until}` with --spec"
                    )),
                });
            }
            walk.push(commit.id()).map_err(git)?;
        }
        None => walk.push_head().map_err(git)?,
    }
    walk.simplify_first_parent().map_err(git)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(git)?;
    let since = match since {
        Some(since) => {
            let oid = crate::load::source::commit_at(&repo, since)?.id();
            walk.hide(oid).map_err(git)?;
            Some(oid)
        }
        None => None,
    };
    let mut tags = release_tags(&repo, tag_pattern)?;
    let mut path = path.to_string();
    let mut scanner = Scanner::default();
    // The spec's files at the commit being looked at: those of the commit after it, unless
    // that commit changed one of them.
    let mut files: Option<Files> = None;
    let mut out = Vec::new();
    // The commits that have the spec at its path, up to the first that does not (where the
    // walk below follows a rename or stops): the spec's versions among them are read ahead.
    let mut ahead = Vec::new();
    let mut blobs = Vec::new();
    for oid in walk.by_ref() {
        let oid = oid.map_err(git)?;
        ahead.push(oid);
        let tree = repo.find_commit(oid).and_then(|c| c.tree()).map_err(git)?;
        match tree.get_path(Path::new(&path)) {
            Ok(entry) => blobs.push(entry.id()),
            Err(_) => break,
        }
    }
    scanner.read_ahead(&repo, &path, blobs);
    crate::memory::release_free_c_heap();
    for oid in ahead.into_iter().map(Ok).chain(walk) {
        let oid = oid.map_err(git)?;
        let commit = repo.find_commit(oid).map_err(git)?;
        let tree = commit.tree().map_err(git)?;
        if tree.get_path(Path::new(&path)).is_err() {
            // The spec does not exist here (yet): older commits cannot have it either,
            // unless it was renamed, which the commit that renamed it told us already.
            break;
        }
        let here = files
            .take()
            .unwrap_or_else(|| scanner.files(&repo, &tree, &path));
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let changed = parent_tree
            .as_ref()
            .is_none_or(|pt| refs::changed(&here, pt));
        let mut on_commit = tags.remove(&oid).unwrap_or_default();
        if changed || !on_commit.is_empty() {
            on_commit.sort();
            out.push(Commit {
                tags: on_commit,
                changed,
                ..describe(&commit, &path)
            });
        }
        if !changed {
            files = Some(here);
        }
        // Follow a rename: if the parent has no file at this path, find where it came from.
        if let Some(pt) = &parent_tree
            && pt.get_path(Path::new(&path)).is_err()
        {
            match renamed_from(&repo, pt, &tree, &path)? {
                Some(old) => {
                    path = old;
                    files = None;
                }
                None => break,
            }
        }
    }
    out.reverse();
    // The spec as it was at `--since`, under the name it had there.
    let baseline = match since {
        Some(oid) => {
            let commit = repo.find_commit(oid).map_err(git)?;
            let tree = commit.tree().map_err(git)?;
            let release =
                crate::gate::release::last_release_at(&repo, oid, tag_pattern)?.map(|r| r.tag);
            tree.get_path(Path::new(&path))
                .ok()
                .map(|_| (describe(&commit, &path), release))
        }
        None => None,
    };
    let root = repo
        .workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf());
    Ok(Walked {
        root,
        commits: out,
        baseline,
    })
}

/// A commit as the log shows it, with no tags and not marked as a change.
fn describe(commit: &git2::Commit<'_>, path: &str) -> Commit {
    Commit {
        id: commit.id().to_string(),
        time: commit.time().seconds(),
        subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
        path: path.to_string(),
        tags: Vec::new(),
        changed: false,
        tree: commit.tree_id(),
    }
}

/// Release tags by the commit they point at.
fn release_tags(
    repo: &git2::Repository,
    pattern: Option<&str>,
) -> Result<HashMap<git2::Oid, Vec<String>>> {
    let names = repo
        .tag_names(None)
        .map_err(|e| Error::Git(e.message().to_string()))?;
    let mut tags: HashMap<git2::Oid, Vec<String>> = HashMap::new();
    for name in names.iter().flatten().flatten() {
        if tag_version(name, pattern).is_none() {
            continue;
        }
        if let Ok(c) = repo
            .revparse_single(&format!("refs/tags/{name}"))
            .and_then(|o| o.peel_to_commit())
        {
            tags.entry(c.id()).or_default().push(name.to_string());
        }
    }
    Ok(tags)
}

/// Where the spec at `path` in `tree` was before its parent `parent_tree` (a rename).
fn renamed_from(
    repo: &git2::Repository,
    parent_tree: &git2::Tree<'_>,
    tree: &git2::Tree<'_>,
    path: &str,
) -> Result<Option<String>> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let mut diff = repo
        .diff_tree_to_tree(Some(parent_tree), Some(tree), None)
        .map_err(git)?;
    let mut find = git2::DiffFindOptions::new();
    find.renames(true);
    diff.find_similar(Some(&mut find)).map_err(git)?;
    Ok(diff.deltas().find_map(|d| {
        (d.status() == git2::Delta::Renamed
            && d.new_file().path().and_then(|p| p.to_str()) == Some(path))
        .then(|| {
            d.old_file()
                .path()
                .and_then(|p| p.to_str())
                .map(str::to_string)
        })
        .flatten()
    }))
}
