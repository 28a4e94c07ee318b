//! Releases along the history: where they are, which version each released, and whether it
//! fits the changes made since the one before, under the version scheme.
//!
//! A commit is a release when a release tag points at it or its `info.version` moved. Its
//! version is the tag's when the tags name the API's versions (the same scheme as
//! `info.version`, or `info.version` is a placeholder), and `info.version` when the tags are
//! package releases of another scheme (Stripe tags `v395` while `info.version` is
//! `2022-11-15`).

use crate::gate::release::tag_version;
use crate::versions::{self, ApiVersion, Scheme, Verdict, none, release_version};
use crate::vocabulary::Bump;

/// A release and how it was judged.
#[derive(Debug, Clone)]
pub struct ReleaseCheck {
    pub version: ApiVersion,
    /// The release tag, if the release was tagged.
    pub tag: Option<String>,
    pub previous: Option<ApiVersion>,
    /// The highest bump any change since the previous release required.
    pub needed: Bump,
    /// `None` for a first release, or when the version scheme changed.
    pub verdict: Option<Verdict>,
    /// Why the verdict follows (or why there is none).
    pub reason: String,
}

/// Judges the releases of a history, oldest first.
pub struct Releases<'a> {
    /// weir.toml's `version-scheme`, if it names one.
    configured: Option<Scheme>,
    pattern: Option<&'a str>,
    last: Option<ApiVersion>,
    needed: Bump,
}

impl<'a> Releases<'a> {
    /// `last`: the release before the first commit looked at (with `--since`).
    pub fn new(
        configured: Option<Scheme>,
        pattern: Option<&'a str>,
        last: Option<ApiVersion>,
    ) -> Releases<'a> {
        Releases {
            configured,
            pattern,
            last,
            needed: Bump::None,
        }
    }

    /// The version a release with these tags and this `info.version` released.
    pub fn version_of(
        &self,
        tags: &[String],
        info: Option<&str>,
    ) -> Option<(ApiVersion, Option<String>)> {
        let tagged = tags
            .iter()
            .filter_map(|t| Some((tag_version(t, self.pattern)?, t.clone())))
            .max_by(|(a, _), (b, _)| a.cmp_for_release(b));
        let info_version = |scheme: Option<Scheme>| match scheme {
            Some(s) => info.and_then(|t| s.parse(t)),
            None if info.is_some_and(none::is_placeholder) => {
                info.and_then(|t| Scheme::None.parse(t))
            }
            None => info.and_then(release_version),
        };
        let tag = tagged.as_ref().map(|(_, t)| t.clone());
        let version = match (self.configured, tagged) {
            (Some(Scheme::None), tagged) => info_version(Some(Scheme::None))
                .or_else(|| tagged.and_then(|(_, t)| Scheme::None.parse(&t))),
            (Some(s), tagged) => tagged
                .map(|(v, _)| v)
                .filter(|v| v.scheme() == s)
                .or_else(|| info_version(Some(s))),
            (None, tagged) => match (tagged, info_version(None)) {
                // Package releases: the API's version is info.version.
                (Some((t, _)), Some(i))
                    if i.scheme() != Scheme::None && i.scheme() != t.scheme() =>
                {
                    Some(i)
                }
                (Some((t, _)), _) => Some(t),
                (None, i) => i,
            },
        };
        version.map(|v| (v, tag))
    }

    /// Account for a commit's changes; at a release (a release tag here, or `info.version`
    /// moved), judge it against the previous release.
    pub fn at(
        &mut self,
        tags: &[String],
        info: Option<&str>,
        moved: bool,
        bump: Bump,
    ) -> Option<ReleaseCheck> {
        self.needed = self.needed.max(bump);
        let tagged = tags.iter().any(|t| tag_version(t, self.pattern).is_some());
        if !tagged && !moved {
            return None;
        }
        let (version, tag) = self.version_of(tags, info)?;
        let needed = std::mem::replace(&mut self.needed, Bump::None);
        let previous = self.last.replace(version.clone());
        let (verdict, reason) = match &previous {
            None => (None, "a first release: nothing to compare with".to_string()),
            Some(p)
                if p.scheme() != version.scheme()
                    && p.scheme() != Scheme::None
                    && version.scheme() != Scheme::None =>
            {
                (
                    None,
                    format!(
                        "the version scheme changed from {} to {}",
                        p.scheme(),
                        version.scheme()
                    ),
                )
            }
            Some(p) => {
                let verdict = versions::judge(p, &version, needed);
                let reason = versions::reason(p, &version, needed, &verdict);
                (Some(verdict), reason)
            }
        };
        Some(ReleaseCheck {
            version,
            tag,
            previous,
            needed,
            verdict,
            reason,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn which_version_a_release_released() {
        let r = Releases::new(None, None, None);
        let version = |t: &[&str], info: &str| {
            r.version_of(&tags(t), Some(info))
                .map(|(v, tag)| format!("{} {v} {}", v.scheme(), tag.unwrap_or_default()))
        };
        // Tags that are the API's versions.
        assert_eq!(
            version(&["v1.2.0"], "1.2.0").unwrap(),
            "semver 1.2.0 v1.2.0"
        );
        assert_eq!(
            version(&["v0.34.0"], "0.0.1").unwrap(),
            "semver 0.34.0 v0.34.0"
        );
        assert_eq!(
            version(&["v1.2.0"], "0.0.0-development").unwrap(),
            "semver 1.2.0 v1.2.0"
        );
        // Package releases: the API's version is info.version.
        assert_eq!(
            version(&["v395"], "2022-11-15").unwrap(),
            "date 2022-11-15 v395"
        );
        // No tag: info.version.
        assert_eq!(version(&[], "2022-11-15").unwrap(), "date 2022-11-15 ");
        assert_eq!(version(&[], "whatever"), None);
    }

    #[test]
    fn releases_are_judged_by_their_scheme() {
        let mut r = Releases::new(None, None, None);
        let first = r
            .at(&tags(&["v1"]), Some("2022-08-01"), false, Bump::None)
            .unwrap();
        assert_eq!(first.verdict, None);
        // A breaking change under the same date: not versioned.
        assert!(r.at(&[], Some("2022-08-01"), false, Bump::Major).is_none());
        let same = r
            .at(&tags(&["v2"]), Some("2022-08-01"), false, Bump::Minor)
            .unwrap();
        assert_eq!(same.needed, Bump::Major);
        assert_eq!(same.verdict, Some(Verdict::Unchanged));
        // A new date: a release even without a tag, and enough for breaking changes.
        let _ = r.at(&[], Some("2022-08-01"), false, Bump::Major);
        let moved = r.at(&[], Some("2022-11-15"), true, Bump::None).unwrap();
        assert_eq!(moved.verdict, Some(Verdict::Pass));
        assert_eq!(moved.tag, None);
    }
}
