//! Release tags: which tags are releases of a spec, and which is the last one.

use std::path::Path;

use crate::error::{Error, Result};
use crate::versions::{ApiVersion, release_version};

/// A release: a tag whose name carries a version of some scheme (`v1.2.0`, `v2024-01-15`,
/// `v10`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Release {
    pub tag: String,
    pub version: ApiVersion,
}

/// The part of a tag a pattern leaves for the version (`api-v*` → `api-v1.2.0` is
/// `1.2.0`); the whole tag without a pattern. `None` when the tag does not match.
pub(crate) fn tag_text<'t>(tag: &'t str, pattern: Option<&str>) -> Option<&'t str> {
    match pattern {
        Some(p) => {
            let (prefix, suffix) = p.split_once('*').unwrap_or((p, ""));
            tag.strip_prefix(prefix)?.strip_suffix(suffix)
        }
        None => Some(tag),
    }
}

/// The version a tag names under a pattern, in whichever scheme it is written: `v1.2.3` and
/// `1.2.3`, `2024-01-15` and `v2024-01-15`, `10` and `v10`. Placeholders and words
/// (`latest`, `nightly`) are not releases.
pub(crate) fn tag_version(tag: &str, pattern: Option<&str>) -> Option<ApiVersion> {
    release_version(tag_text(tag, pattern)?)
}

/// Every release tag of the repository (reachable or not) with its version: versions that
/// already exist, so weir never suggests one of them.
pub(crate) fn tagged_versions(
    repo: &git2::Repository,
    pattern: Option<&str>,
) -> Vec<(String, ApiVersion)> {
    let Ok(tags) = repo.tag_names(None) else {
        return Vec::new();
    };
    tags.iter()
        .flatten()
        .flatten()
        .filter_map(|name| Some((name.to_string(), tag_version(name, pattern)?)))
        .collect()
}

/// The highest release tag reachable from `from` (a revision; default HEAD) in the
/// repository around `dir`, other than `except` (the tag being checked); `None` when there is
/// none yet (the first release). In a shallow clone, finding none is an error: the tags or
/// the history that reaches them were most likely not fetched.
pub(crate) fn last_release(
    dir: &Path,
    from: Option<&str>,
    pattern: Option<&str>,
    except: Option<&str>,
) -> Result<Option<Release>> {
    let repo = git2::Repository::discover(dir).map_err(|_| Error::NotARepository {
        dir: dir.display().to_string(),
        locator: "the last release tag".into(),
    })?;
    let head = match from {
        Some(rev) => crate::load::source::commit_at(&repo, rev)?,
        None => match repo.head().and_then(|h| h.peel_to_commit()) {
            Ok(c) => c,
            Err(_) => return Ok(None), // no commit yet
        },
    };
    match last_release_except(&repo, head.id(), pattern, except)? {
        None if repo.is_shallow() => Err(Error::ShallowClone),
        found => Ok(found),
    }
}

/// The highest release tag reachable from a commit. Candidates are tried highest first, so
/// usually one reachability walk decides — a repository with hundreds of release tags would
/// otherwise pay one walk of the history per tag.
pub(crate) fn last_release_at(
    repo: &git2::Repository,
    head: git2::Oid,
    pattern: Option<&str>,
) -> Result<Option<Release>> {
    last_release_except(repo, head, pattern, None)
}

/// The highest release tag reachable from a commit, other than `except`.
pub(crate) fn last_release_except(
    repo: &git2::Repository,
    head: git2::Oid,
    pattern: Option<&str>,
    except: Option<&str>,
) -> Result<Option<Release>> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let tags = repo.tag_names(None).map_err(git)?;
    let mut candidates: Vec<(ApiVersion, &str)> = tags
        .iter()
        .flatten()
        .flatten()
        .filter(|name| except != Some(*name))
        .filter_map(|name| Some((tag_version(name, pattern)?, name)))
        .collect();
    // Highest version first; `v1.0.0` and `1.0.0` on one commit: the same pick every time.
    candidates.sort_by(|(a, an), (b, bn)| b.cmp_for_release(a).then(an.cmp(bn)));
    for (version, name) in candidates {
        let Ok(commit) = repo
            .revparse_single(&format!("refs/tags/{name}"))
            .and_then(|o| o.peel_to_commit())
        else {
            continue;
        };
        if commit.id() == head || repo.graph_descendant_of(head, commit.id()).unwrap_or(false) {
            return Ok(Some(Release {
                tag: name.to_string(),
                version,
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(tag: &str, pattern: Option<&str>) -> Option<String> {
        tag_version(tag, pattern).map(|v| format!("{} {v}", v.scheme()))
    }

    #[test]
    fn tag_patterns() {
        let cases = [
            ("v1.2.3", None, Some("semver 1.2.3")),
            ("1.2.3", None, Some("semver 1.2.3")),
            ("release-1", None, None),
            ("nightly", None, None),
            ("latest", None, None),
            ("v100", None, Some("major v100")),
            ("v2024-01-15", None, Some("date v2024-01-15")),
            ("2023-01-01-preview", None, Some("date 2023-01-01-preview")),
            ("api-v2.0.0", Some("api-v*"), Some("semver 2.0.0")),
            ("v2.0.0", Some("api-v*"), None),
            ("api-2024-01-15", Some("api-*"), Some("date 2024-01-15")),
            ("api-v10", Some("api-*"), Some("major v10")),
            ("v2.0.0-rc.1", None, Some("semver 2.0.0-rc.1")),
            ("sdk/1.0.0/final", Some("sdk/*/final"), Some("semver 1.0.0")),
        ];
        for (tag, pattern, expected) in cases {
            assert_eq!(
                version(tag, pattern).as_deref(),
                expected,
                "{tag} {pattern:?}"
            );
        }
    }
}
