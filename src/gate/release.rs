//! Release tags: which tags are releases of a spec, and which is the last one.

use std::path::Path;

use crate::error::{Error, Result};
use crate::semver::{Version, parse_version};

/// A release: a tag whose name carries a semantic version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    pub tag: String,
    pub version: Version,
}

/// The version a tag names under a pattern (`api-v*` → `api-v1.2.0` is 1.2.0). Without a
/// pattern, `v1.2.3` and `1.2.3` both count. Short versions count too (`v2` is 2.0.0), as
/// [`parse_version`] reads them.
pub fn tag_version(tag: &str, pattern: Option<&str>) -> Option<Version> {
    let middle = match pattern {
        Some(p) => {
            let (prefix, suffix) = p.split_once('*').unwrap_or((p, ""));
            tag.strip_prefix(prefix)?.strip_suffix(suffix)?
        }
        None => tag,
    };
    parse_version(middle)
}

/// The highest release tag reachable from `from` (a revision; default HEAD) in the
/// repository around `dir`, other than `except` (the tag being checked); `None` when there is
/// none yet (the first release). In a shallow clone, finding none is an error: the tags or
/// the history that reaches them were most likely not fetched.
pub fn last_release(
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
        Some(rev) => repo
            .revparse_single(rev)
            .and_then(|o| o.peel_to_commit())
            .map_err(|_| crate::load::source::unknown_revision(&repo, rev))?,
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
pub fn last_release_at(
    repo: &git2::Repository,
    head: git2::Oid,
    pattern: Option<&str>,
) -> Result<Option<Release>> {
    last_release_except(repo, head, pattern, None)
}

/// The highest release tag reachable from a commit, other than `except`.
pub fn last_release_except(
    repo: &git2::Repository,
    head: git2::Oid,
    pattern: Option<&str>,
    except: Option<&str>,
) -> Result<Option<Release>> {
    let git = |e: git2::Error| Error::Git(e.message().to_string());
    let tags = repo.tag_names(None).map_err(git)?;
    let mut candidates: Vec<(Version, &str)> = tags
        .iter()
        .flatten()
        .flatten()
        .filter(|name| except != Some(*name))
        .filter_map(|name| Some((tag_version(name, pattern)?, name)))
        .collect();
    // Highest version first; `v1.0.0` and `1.0.0` on one commit: the same pick every time.
    candidates.sort_by(|(a, an), (b, bn)| b.cmp_precedence(a).then(an.cmp(bn)));
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

    #[test]
    fn tag_patterns() {
        assert_eq!(tag_version("v1.2.3", None), Some(Version::new(1, 2, 3)));
        assert_eq!(tag_version("1.2.3", None), Some(Version::new(1, 2, 3)));
        assert_eq!(tag_version("release-1", None), None);
        assert_eq!(tag_version("v100", None), Some(Version::new(100, 0, 0)));
        assert_eq!(
            tag_version("api-v2.0.0", Some("api-v*")),
            Some(Version::new(2, 0, 0))
        );
        assert_eq!(tag_version("v2.0.0", Some("api-v*")), None);
        assert_eq!(
            tag_version("v2.0.0-rc.1", None).map(|v| v.pre.to_string()),
            Some("rc.1".into())
        );
        assert_eq!(
            tag_version("sdk/1.0.0/final", Some("sdk/*/final")),
            Some(Version::new(1, 0, 0))
        );
    }
}
