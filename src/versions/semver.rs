//! Semantic versions (`MAJOR.MINOR.PATCH`): the bump a set of changes requires, the next
//! version, and what a declared version allows.
//!
//! The rules, documented for users in the README:
//!
//! - `1.2.3` and up: breaking → `2.0.0`, addition → `1.3.0`, documentation → `1.2.4`.
//! - `0.y.z` (y > 0), as Cargo reads semver: the minor number is the "major" one, so breaking →
//!   `0.(y+1).0`, anything else → `0.y.(z+1)`.
//! - `0.0.z`: every release is its own compatibility class, so any change → `0.0.(z+1)`.
//! - A pre-release (`2.0.0-rc.1`) promises nothing: any later version is enough, and the
//!   suggested next version is the next pre-release (`2.0.0-rc.2`). A declared pre-release of
//!   the required version counts (`2.0.0-rc.1` satisfies "needs 2.0.0").

pub(crate) use ::semver::Version;

use crate::vocabulary::Bump;

/// Read a version leniently: `v1.2.3`, `1.2` (→ 1.2.0) and `1` (→ 1.0.0) are accepted, as
/// `info.version` and tags are often written that way. `None` for what is not a version at all
/// (`2023-04-06`, `latest`).
pub(crate) fn parse_version(text: &str) -> Option<Version> {
    let t = text.trim();
    let t = t.strip_prefix(['v', 'V']).unwrap_or(t);
    if let Ok(v) = Version::parse(t) {
        return Some(v);
    }
    // Pad `1.2` / `1` before any pre-release or build suffix.
    let cut = t.find(['-', '+']).unwrap_or(t.len());
    let (core, rest) = t.split_at(cut);
    // `2023-04-06` is a date, not version 2023 with a pre-release.
    if rest.starts_with('-') && !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let padded = match parts.len() {
        1 => format!("{}.0.0{rest}", parts[0]),
        _ => format!("{}.{}.0{rest}", parts[0], parts[1]),
    };
    Version::parse(&padded).ok()
}

/// The bump as it applies to this version line (see the module docs for 0.x).
pub(crate) fn effective_bump(base: &Version, bump: Bump) -> Bump {
    match (base.major, base.minor, bump) {
        (_, _, Bump::None) => Bump::None,
        (0, 0, _) => Bump::Patch,
        (0, _, Bump::Major) => Bump::Minor,
        (0, _, _) => Bump::Patch,
        (_, _, b) => b,
    }
}

/// The smallest version after `base` that a change needing `bump` allows.
pub(crate) fn next_version(base: &Version, bump: Bump) -> Version {
    if bump == Bump::None {
        return base.clone();
    }
    if !base.pre.is_empty() {
        return next_prerelease(base);
    }
    let mut v = Version::new(base.major, base.minor, base.patch);
    match effective_bump(base, bump) {
        Bump::Major => {
            v.major += 1;
            v.minor = 0;
            v.patch = 0;
        }
        Bump::Minor => {
            v.minor += 1;
            v.patch = 0;
        }
        Bump::Patch => v.patch += 1,
        Bump::None => {}
    }
    v
}

/// `rc.1` → `rc.2`, `beta` → `beta.1`.
fn next_prerelease(base: &Version) -> Version {
    let pre = base.pre.as_str();
    let next = match pre.rsplit_once('.') {
        Some((head, n)) if n.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u64 = n.parse().unwrap_or(0);
            format!("{head}.{}", n + 1)
        }
        _ if pre.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{}", pre.parse::<u64>().unwrap_or(0) + 1)
        }
        _ => format!("{pre}.1"),
    };
    let mut v = base.clone();
    v.pre = ::semver::Prerelease::new(&next).unwrap_or_else(|_| base.pre.clone());
    v.build = ::semver::BuildMetadata::EMPTY;
    v
}

/// The largest bump `declared` may carry after `base`: the part it raised, read as the
/// module docs say (in `0.y.z` the minor number is the "major" one). After a pre-release,
/// any later version may carry anything.
pub(crate) fn allows(base: &Version, declared: &Version) -> Bump {
    if declared.cmp_precedence(base).is_le() {
        return Bump::None;
    }
    if !base.pre.is_empty() {
        return Bump::Major;
    }
    // `2.0.0-rc.1` is a pre-release *of* 2.0.0, which is what "needs 2.0.0" asks for.
    let raised = if declared.major > base.major {
        Bump::Major
    } else if declared.minor > base.minor {
        Bump::Minor
    } else if declared.patch > base.patch {
        Bump::Patch
    } else {
        Bump::None
    };
    match (base.major, base.minor, raised) {
        (_, _, Bump::None) => Bump::None,
        // 0.0.z: every release is its own compatibility class.
        (0, 0, _) => Bump::Major,
        // 0.y.z: raising y allows breaking, raising z everything else.
        (0, _, Bump::Major | Bump::Minor) => Bump::Major,
        (0, _, _) => Bump::Minor,
        (_, _, b) => b,
    }
}

/// The first version after `base` that is not `base`, for a change needing `bump` (used to
/// step past versions that are already tagged).
pub(crate) fn after(base: &Version, bump: Bump) -> Version {
    next_version(base, bump.max(Bump::Patch))
}

/// What the changes need, in words.
pub(crate) fn requirement(base: &Version, bump: Bump) -> String {
    match bump {
        Bump::None => format!("{base} or later"),
        b if !base.pre.is_empty() => format!("any version after the pre-release {base} ({b})"),
        b => format!(
            "{} or later (a {} bump from {base})",
            next_version(base, b),
            effective_bump(base, b)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Version {
        parse_version(s).unwrap()
    }

    #[test]
    fn lenient_parsing() {
        assert_eq!(v("v1.2.3"), Version::new(1, 2, 3));
        assert_eq!(v("1.2"), Version::new(1, 2, 0));
        assert_eq!(v("7"), Version::new(7, 0, 0));
        assert_eq!(v("1.2-beta").pre.as_str(), "beta");
        assert!(parse_version("2023-04-06").is_none());
        assert!(parse_version("latest").is_none());
        assert!(parse_version("1.2.3.4").is_none());
    }

    #[test]
    fn next_versions() {
        assert_eq!(next_version(&v("1.4.2"), Bump::Major), v("2.0.0"));
        assert_eq!(next_version(&v("1.4.2"), Bump::Minor), v("1.5.0"));
        assert_eq!(next_version(&v("1.4.2"), Bump::Patch), v("1.4.3"));
        assert_eq!(next_version(&v("1.4.2"), Bump::None), v("1.4.2"));
        // 0.y.z: breaking bumps y, the rest bumps z.
        assert_eq!(next_version(&v("0.3.1"), Bump::Major), v("0.4.0"));
        assert_eq!(next_version(&v("0.3.1"), Bump::Minor), v("0.3.2"));
        // 0.0.z: everything bumps z.
        assert_eq!(next_version(&v("0.0.7"), Bump::Major), v("0.0.8"));
        // Pre-releases step to the next pre-release.
        assert_eq!(next_version(&v("2.0.0-rc.1"), Bump::Major), v("2.0.0-rc.2"));
        assert_eq!(
            next_version(&v("2.0.0-beta"), Bump::Patch),
            v("2.0.0-beta.1")
        );
        // Build metadata is not carried over.
        assert_eq!(next_version(&v("1.0.0+build.5"), Bump::Patch), v("1.0.1"));
    }

    #[test]
    fn what_a_declared_version_allows() {
        // (last release, declared version, the largest bump allowed)
        let cases = [
            ("1.4.0", "2.0.0", Bump::Major),
            ("1.4.0", "1.5.0", Bump::Minor),
            ("1.4.0", "1.4.1", Bump::Patch),
            ("1.4.0", "1.4.0", Bump::None),
            ("1.4.0", "1.3.9", Bump::None),
            // A pre-release of the required version is enough.
            ("1.4.0", "2.0.0-rc.1", Bump::Major),
            ("1.4.0", "1.5.0-rc.1", Bump::Minor),
            // After a pre-release, anything later goes.
            ("2.0.0-rc.1", "2.0.0-rc.2", Bump::Major),
            ("2.0.0-rc.1", "2.0.0", Bump::Major),
            // 0.x: raising the minor number allows a breaking change.
            ("0.3.1", "0.4.0", Bump::Major),
            ("0.3.1", "0.3.2", Bump::Minor),
            ("0.0.7", "0.0.8", Bump::Major),
        ];
        for (last, declared, allowed) in cases {
            assert_eq!(
                allows(&v(last), &v(declared)),
                allowed,
                "{last} → {declared}"
            );
        }
    }
}
