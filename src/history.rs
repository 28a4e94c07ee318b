//! `weir log`: every commit that changed a spec, with what changed, the bump it required and
//! whether the releases along the way were versioned right.
//!
//! The walk follows the first-parent history from HEAD and follows renames of the spec file.
//! A commit counts when the spec file, or anything in the spec's folder (where its `$ref`
//! files usually live), changed. Each revision is parsed once, on all cores: workers take
//! revisions in order, and whichever worker completes the second spec of a consecutive pair
//! diffs it, so at most a few specs are in memory at a time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::assess::{BaseHistory, Pair, Settings, assess};
use crate::error::{Error, Result};
use crate::gate;
use crate::gate::release::tag_version;
use crate::load::Workspace;
use crate::load::source::{GitSource, key_dir};
use crate::model::Spec;
use crate::semver::{Verdict, Version, judge, parse_version};
use crate::vocabulary::{Bump, Finding, Level};

/// One commit that changed the spec.
#[derive(Debug, Clone)]
pub struct Commit {
    pub id: String,
    pub time: i64,
    pub subject: String,
    /// The spec's path at this commit (it may have been renamed since).
    pub path: String,
    /// Release tags on this commit.
    pub tags: Vec<String>,
    tree: git2::Oid,
}

/// What one commit did to the spec.
#[derive(Debug, Clone)]
pub struct Entry {
    pub commit: Commit,
    /// `info.version` at this commit.
    pub version: Option<String>,
    /// Counts by level of the changes against the previous revision.
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
    pub bump: Bump,
    /// The findings themselves, assessed as every command assesses them.
    pub findings: Vec<Finding>,
    /// At a release (a tag, or a new `info.version`): the release it is checked against, and
    /// whether its version fits the changes accumulated since.
    pub release: Option<ReleaseCheck>,
    /// Why the spec at this commit could not be read, if it could not.
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ReleaseCheck {
    pub version: Version,
    pub previous: Option<Version>,
    /// The highest bump any change since the previous release required.
    pub needed: Bump,
    pub verdict: Option<Verdict>,
}

pub struct LogOptions {
    /// The spec's path relative to the repository root, at HEAD.
    pub path: String,
    /// Start after this revision (exclusive).
    pub since: Option<String>,
    pub tag_pattern: Option<String>,
    pub strict: bool,
    pub threads: usize,
    /// Called with (done, total) as revisions are compared.
    pub progress: Option<Box<dyn Fn(usize, usize) + Sync>>,
    /// How each revision's changes are assessed (weir.toml, the consumer registry): the same
    /// as for `weir diff` and `weir check`.
    pub settings: Settings,
}

/// The commits of the first-parent history from HEAD that changed the spec, oldest first,
/// and with `--since`, that revision (the baseline the first listed commit is compared with)
/// and the last release reachable from it.
type Walked = (PathBuf, Vec<Commit>, Option<(Commit, Option<Version>)>);

pub fn commits(repo_dir: &Path, opts: &LogOptions) -> Result<Walked> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let repo = git2::Repository::discover(repo_dir).map_err(|_| Error::NotARepository {
        dir: repo_dir.display().to_string(),
        locator: "the history of the spec".into(),
    })?;
    let mut walk = repo.revwalk().map_err(git)?;
    walk.push_head().map_err(git)?;
    walk.simplify_first_parent().map_err(git)?;
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(git)?;
    let since = match &opts.since {
        Some(since) => {
            let oid = repo
                .revparse_single(since)
                .and_then(|o| o.peel_to_commit())
                .map_err(|_| crate::load::source::unknown_revision(&repo, since))?
                .id();
            walk.hide(oid).map_err(git)?;
            Some(oid)
        }
        None => None,
    };
    // Tags by commit, for release points.
    let mut tags: std::collections::HashMap<git2::Oid, Vec<String>> = Default::default();
    let names = repo.tag_names(None).map_err(git)?;
    for name in names.iter().flatten().flatten() {
        if tag_version(name, opts.tag_pattern.as_deref()).is_none() {
            continue;
        }
        if let Ok(c) = repo
            .revparse_single(&format!("refs/tags/{name}"))
            .and_then(|o| o.peel_to_commit())
        {
            tags.entry(c.id()).or_default().push(name.to_string());
        }
    }
    let mut path = opts.path.clone();
    let mut out = Vec::new();
    for oid in walk {
        let oid = oid.map_err(git)?;
        let commit = repo.find_commit(oid).map_err(git)?;
        let tree = commit.tree().map_err(git)?;
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            // The spec does not exist here (yet): older commits cannot have it either,
            // unless it was renamed, which the commit that renamed it told us already.
            break;
        };
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let watched_changed = |t: &git2::Tree<'_>, path: &str| {
            let dir = key_dir(path);
            let same_file = t.get_path(Path::new(path)).ok().map(|e| e.id()) == Some(entry.id());
            let same_dir = dir.is_empty()
                || t.get_path(Path::new(dir)).ok().map(|e| e.id())
                    == tree.get_path(Path::new(dir)).ok().map(|e| e.id());
            !(same_file && same_dir)
        };
        let changed = match &parent_tree {
            None => true,
            Some(pt) => watched_changed(pt, &path),
        };
        if changed {
            let mut t: Vec<String> = tags.remove(&oid).unwrap_or_default();
            t.sort();
            out.push(Commit {
                id: oid.to_string(),
                time: commit.time().seconds(),
                subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
                path: path.clone(),
                tags: t,
                tree: tree.id(),
            });
        }
        // Follow a rename: if the parent has no file at this path, find where it came from.
        if let Some(pt) = &parent_tree
            && pt.get_path(Path::new(&path)).is_err()
        {
            let mut diff = repo
                .diff_tree_to_tree(Some(pt), Some(&tree), None)
                .map_err(git)?;
            let mut find = git2::DiffFindOptions::new();
            find.renames(true);
            diff.find_similar(Some(&mut find)).map_err(git)?;
            let renamed_from = diff.deltas().find_map(|d| {
                (d.status() == git2::Delta::Renamed
                    && d.new_file().path().and_then(|p| p.to_str()) == Some(path.as_str()))
                .then(|| {
                    d.old_file()
                        .path()
                        .and_then(|p| p.to_str())
                        .map(str::to_string)
                })
                .flatten()
            });
            match renamed_from {
                Some(old) => path = old,
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
            let release = gate::release::last_release_at(&repo, oid, opts.tag_pattern.as_deref())?
                .map(|r| r.version);
            tree.get_path(Path::new(&path)).ok().map(|_| {
                (
                    Commit {
                        id: oid.to_string(),
                        time: commit.time().seconds(),
                        subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
                        path: path.clone(),
                        tags: Vec::new(),
                        tree: tree.id(),
                    },
                    release,
                )
            })
        }
        None => None,
    };
    let root = repo
        .workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf());
    Ok((root, out, baseline))
}

fn load(repo_root: &Path, c: &Commit, strict: bool) -> Result<Spec> {
    let repo =
        git2::Repository::open(repo_root).map_err(|e| Error::Git(e.message().to_string()))?;
    let label = c.id[..7.min(c.id.len())].to_string();
    let source = GitSource::at_tree(repo, c.tree, label);
    let ws = Workspace::with_source(
        Box::new(source),
        c.path.clone(),
        key_dir(&c.path).to_string(),
    )?;
    crate::load::read_spec(ws, strict)
}

type Slot = Mutex<Option<Arc<std::result::Result<Spec, String>>>>;

/// What reading one revision gave, kept after its spec is dropped.
#[derive(Default)]
struct Revision {
    version: Option<String>,
    error: Option<String>,
    /// Changes against the previous revision (`None` when either could not be read).
    findings: Option<Vec<Finding>>,
}

/// Read every revision once and compare every consecutive pair, in parallel.
fn compare_all(repo_root: &Path, commits: &[Commit], opts: &LogOptions) -> Vec<Revision> {
    let n = commits.len();
    let slots: Vec<Slot> = (0..n).map(|_| Mutex::new(None)).collect();
    let uses: Vec<AtomicUsize> = (0..n)
        .map(|i| AtomicUsize::new(usize::from(i > 0) + usize::from(i + 1 < n)))
        .collect();
    let claimed: Vec<AtomicBool> = (0..n).map(|_| AtomicBool::new(false)).collect();
    let results: Vec<Mutex<Revision>> = (0..n).map(|_| Mutex::new(Revision::default())).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let get = |i: usize| slots[i].lock().expect("slot lock").clone();
    // Pair p compares revision p with revision p + 1; its findings belong to entry p + 1.
    let try_pair = |p: usize| {
        let (Some(a), Some(b)) = (get(p), get(p + 1)) else {
            return;
        };
        if claimed[p].swap(true, Ordering::AcqRel) {
            return;
        }
        if let (Ok(a), Ok(b)) = (a.as_ref(), b.as_ref()) {
            results[p + 1].lock().expect("result lock").findings =
                Some(assessed(repo_root, &commits[p], a, b, &opts.settings));
        }
        drop((a, b));
        for s in [p, p + 1] {
            if uses[s].fetch_sub(1, Ordering::AcqRel) == 1 {
                slots[s].lock().expect("slot lock").take();
            }
        }
        let d = done.fetch_add(1, Ordering::AcqRel) + 1;
        if let Some(progress) = &opts.progress {
            progress(d, n.saturating_sub(1));
        }
    };
    std::thread::scope(|s| {
        for _ in 0..opts.threads.max(1) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::AcqRel);
                    if i >= n {
                        break;
                    }
                    let spec = load(repo_root, &commits[i], opts.strict).map_err(|e| {
                        e.place()
                            .map_or_else(|| e.to_string(), |p| format!("{e} ({p})"))
                    });
                    {
                        let mut r = results[i].lock().expect("result lock");
                        match &spec {
                            Ok(s) => r.version = s.version.as_ref().map(|v| v.value.clone()),
                            Err(e) => r.error = Some(e.clone()),
                        }
                    }
                    *slots[i].lock().expect("slot lock") = Some(Arc::new(spec));
                    if n == 1 {
                        slots[i].lock().expect("slot lock").take();
                    }
                    if i > 0 {
                        try_pair(i - 1);
                    }
                    if i + 1 < n {
                        try_pair(i);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.into_inner().expect("result lock"))
        .collect()
}

/// The findings of one revision against an earlier one (`base`, at commit `since`), assessed
/// as every command does; deprecations are dated from the history before `since`.
fn assessed(
    repo_root: &Path,
    since: &Commit,
    base: &Spec,
    revision: &Spec,
    settings: &Settings,
) -> Vec<Finding> {
    let pair = Pair {
        history: Some(BaseHistory {
            repo_dir: repo_root,
            rev: since.id.clone(),
            path: since.path.clone(),
        }),
        ..Pair::new(base, revision)
    };
    assess(&pair, crate::diff::diff(base, revision), settings).findings
}

/// A revision that could not be read has no changes against either neighbour, so whatever
/// changed across it would be missing — and a release after it would pass unchecked. Compare
/// the first readable revision after such a gap with the last one before it instead.
fn bridge_unreadable(
    repo_root: &Path,
    commits: &[Commit],
    revisions: &mut [Revision],
    opts: &LogOptions,
) {
    let mut last_readable: Option<usize> = None;
    for j in 0..revisions.len() {
        if revisions[j].error.is_some() {
            continue;
        }
        if let Some(i) = last_readable
            && i + 1 < j
            && let (Ok(a), Ok(b)) = (
                load(repo_root, &commits[i], opts.strict),
                load(repo_root, &commits[j], opts.strict),
            )
        {
            revisions[j].findings = Some(assessed(repo_root, &commits[i], &a, &b, &opts.settings));
        }
        last_readable = Some(j);
    }
}

pub fn log(repo_dir: &Path, opts: &LogOptions) -> Result<Vec<Entry>> {
    // Hundreds of multi-megabyte blobs are read from the local object store; checking each
    // one's SHA-1 again costs more than a tenth of the walk.
    git2::opts::strict_hash_verification(false);
    let (root, mut commits, baseline) = commits(repo_dir, opts)?;
    let mut last_release: Option<Version> = None;
    let has_baseline = baseline.is_some();
    if let Some((commit, release)) = baseline {
        commits.insert(0, commit);
        last_release = release;
    }
    let mut revisions = compare_all(&root, &commits, opts);
    bridge_unreadable(&root, &commits, &mut revisions, opts);
    let mut entries = Vec::with_capacity(commits.len());
    let mut last_version: Option<String> = None;
    let mut needed = Bump::None;
    for (i, (commit, revision)) in commits.into_iter().zip(revisions).enumerate() {
        if i == 0 && has_baseline {
            // Compared with, not listed.
            last_version = revision.version;
            continue;
        }
        let Revision {
            version,
            error,
            findings,
        } = revision;
        let found = findings.unwrap_or_default();
        let count = |l: Level| found.iter().filter(|f| f.level == l).count();
        let bump = found.iter().map(|f| f.bump).max().unwrap_or(Bump::None);
        needed = needed.max(bump);
        // A release: a release tag here, or `info.version` moved.
        let tagged = commit
            .tags
            .iter()
            .filter_map(|t| tag_version(t, opts.tag_pattern.as_deref()))
            .max_by(|a, b| a.cmp_precedence(b));
        let moved = i > 0 && version != last_version;
        let released = tagged.or_else(|| {
            if moved {
                version.as_deref().and_then(parse_version)
            } else {
                None
            }
        });
        let release = match released {
            Some(v) => {
                let verdict = last_release.as_ref().map(|prev| judge(prev, &v, needed));
                let check = ReleaseCheck {
                    version: v.clone(),
                    previous: last_release.replace(v),
                    needed,
                    verdict,
                };
                needed = Bump::None;
                Some(check)
            }
            None => None,
        };
        entries.push(Entry {
            breaking: count(Level::Breaking),
            warning: count(Level::Warning),
            info: count(Level::Info),
            bump,
            findings: found,
            release,
            error,
            commit,
            version: version.clone(),
        });
        last_version = version;
    }
    Ok(entries)
}
