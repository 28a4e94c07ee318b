//! `weir log`: every commit that changed a spec (or a file it `$ref`s), and every release,
//! with what changed, the bump it required and whether each release was versioned right.

pub(crate) mod compare;
pub(crate) mod refs;
pub(crate) mod releases;
pub mod walk;

use std::path::Path;

use crate::assess::Settings;
use crate::error::Result;
use crate::versions::Configured;
use crate::vocabulary::{Bump, Finding, Level};
use compare::Revision;

pub use releases::ReleaseCheck;
pub use walk::Commit;

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
    /// At a release (a tag, or a new `info.version`): its version, and whether it fits the
    /// changes accumulated since the previous release.
    pub release: Option<ReleaseCheck>,
    /// Why the spec at this commit could not be read, if it could not.
    pub error: Option<String>,
    /// What weir read past in the spec at this commit (a dangling `$ref`, an `x-sunset` that
    /// is no date), each with its place.
    pub warnings: Vec<String>,
}

pub struct LogOptions {
    /// The spec's path relative to the repository root, at HEAD.
    pub path: String,
    /// Start after this revision (exclusive).
    pub since: Option<String>,
    /// End at this revision (inclusive); `None`: HEAD.
    pub until: Option<String>,
    pub tag_pattern: Option<String>,
    /// weir.toml's `version-scheme` for the spec; `None`: each release's own.
    pub scheme: Option<Configured>,
    pub strict: bool,
    pub threads: usize,
    /// Called with (done, total) as revisions are compared.
    pub progress: Option<Box<dyn Fn(usize, usize) + Sync>>,
    /// How each revision's changes are assessed (weir.toml, the consumer registry): the same
    /// as for `weir diff` and `weir check`.
    pub settings: Settings,
}

pub fn log(repo_dir: &Path, opts: &LogOptions) -> Result<Vec<Entry>> {
    // Hundreds of multi-megabyte blobs are read from the local object store; checking each
    // one's SHA-1 again costs more than a tenth of the walk.
    git2::opts::strict_hash_verification(false);
    // Buffers of 4 MiB and more go back to the system when freed: the peak stays down.
    crate::memory::configure_for_history();
    let walk::Walked {
        root,
        mut commits,
        baseline,
    } = walk::commits(
        repo_dir,
        (opts.since.as_deref(), opts.until.as_deref()),
        &opts.path,
        opts.tag_pattern.as_deref(),
    )?;
    let baseline_tag = baseline.as_ref().map(|(_, tag)| tag.clone());
    if let Some((commit, _)) = baseline {
        commits.insert(0, commit);
    }
    let mut revisions = compare::compare_all(&root, &commits, opts);
    compare::bridge_unreadable(&root, &commits, &mut revisions, opts);
    let mut releases = releases::Releases::new(
        opts.scheme.as_ref().map(|c| c.scheme),
        opts.tag_pattern.as_deref(),
        None,
    );
    let mut entries = Vec::with_capacity(commits.len());
    let mut last_version: Option<String> = None;
    for (i, (commit, revision)) in commits.into_iter().zip(revisions).enumerate() {
        if i == 0
            && let Some(tag) = &baseline_tag
        {
            // Compared with, not listed; its release is the one the first listed is after.
            let tags: Vec<String> = tag.iter().cloned().collect();
            let last = releases.version_of(&tags, revision.version.as_deref());
            releases = releases::Releases::new(
                opts.scheme.as_ref().map(|c| c.scheme),
                opts.tag_pattern.as_deref(),
                last.map(|(v, _)| v),
            );
            last_version = revision.version;
            continue;
        }
        let Revision {
            version,
            error,
            warnings,
            findings,
        } = revision;
        let found = findings.unwrap_or_default();
        let count = |l: Level| found.iter().filter(|f| f.level == l).count();
        let bump = found.iter().map(|f| f.bump).max().unwrap_or(Bump::None);
        let moved = i > 0 && version.is_some() && version != last_version;
        let release = releases.at(&commit.tags, version.as_deref(), moved, bump);
        entries.push(Entry {
            breaking: count(Level::Breaking),
            warning: count(Level::Warning),
            info: count(Level::Info),
            bump,
            findings: found,
            release,
            error,
            warnings,
            commit,
            version: version.clone(),
        });
        if version.is_some() {
            last_version = version;
        }
    }
    Ok(entries)
}
