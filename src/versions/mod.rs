//! Version schemes: how an API's version says what changed, and whether a declared version
//! is enough for the changes since the base.
//!
//! Four schemes, one module each, behind [`ApiVersion`]:
//!
//! - [`semver`] — `1.4.0`: breaking → next major, addition → next minor (Cargo's reading of
//!   `0.y.z`);
//! - [`date`] — `2022-11-15`, `2023-01-01-preview`: breaking → a later date;
//! - [`major`] — `10`, `v2`: breaking → N+1;
//! - [`none`] — a placeholder (`0.0.0-development`) or a version nobody maintains: the changes
//!   alone are judged, and a breaking change fails.
//!
//! The scheme is detected from the base's version ([`Scheme::detect`]) unless weir.toml's
//! `version-scheme` names one.

pub(crate) mod date;
pub(crate) mod major;
pub(crate) mod none;
pub(crate) mod semver;

use std::cmp::Ordering;
use std::fmt;

use serde::Deserialize;

use crate::vocabulary::Bump;

pub(crate) use self::semver::Version;
use date::DateVersion;
use major::MajorVersion;

/// How an API's versions are written and what they promise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    Semver,
    Date,
    Major,
    /// No version is judged: the changes alone.
    None,
}

impl Scheme {
    pub const ALL: [Scheme; 4] = [Scheme::Semver, Scheme::Date, Scheme::Major, Scheme::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Semver => "semver",
            Scheme::Date => "date",
            Scheme::Major => "major",
            Scheme::None => "none",
        }
    }

    /// How versions of the scheme are written, for messages.
    pub fn form(self) -> &'static str {
        match self {
            Scheme::Semver => "MAJOR.MINOR.PATCH (1.4.0)",
            Scheme::Date => "YYYY-MM-DD (2022-11-15, 2023-01-01-preview)",
            Scheme::Major => "a single number (10, v2)",
            Scheme::None => "anything",
        }
    }

    /// The scheme's rule in one line, for reports.
    pub fn rule(self) -> &'static str {
        match self {
            Scheme::Semver => {
                "a breaking change needs the next major version, an addition the next minor, a fix the next patch (in 0.y.z, breaking needs the next minor)"
            }
            Scheme::Date => {
                "a breaking change needs a later date; additions and fixes may keep the date"
            }
            Scheme::Major => "a breaking change needs N+1; additions and fixes may keep N",
            Scheme::None => "the version is not judged; a breaking change fails the gate",
        }
    }

    /// The scheme a version string is written in: a placeholder is [`Scheme::None`]; `None`
    /// when it fits no scheme (`whatever`).
    pub fn detect(text: &str) -> Option<Scheme> {
        if none::is_placeholder(text) {
            Some(Scheme::None)
        } else if DateVersion::parse(text).is_some() {
            Some(Scheme::Date)
        } else if MajorVersion::parse(text).is_some() {
            Some(Scheme::Major)
        } else if semver::parse_version(text).is_some() {
            Some(Scheme::Semver)
        } else {
            None
        }
    }

    /// `text` read as a version of this scheme; `None` when it does not fit. Under
    /// [`Scheme::None`] anything fits.
    pub fn parse(self, text: &str) -> Option<ApiVersion> {
        match self {
            Scheme::Semver => semver::parse_version(text).map(ApiVersion::Semver),
            Scheme::Date => DateVersion::parse(text).map(ApiVersion::Date),
            Scheme::Major => MajorVersion::parse(text).map(ApiVersion::Major),
            Scheme::None => Some(ApiVersion::None(text.trim().to_string())),
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scheme weir.toml names for a spec (`version-scheme`), and where.
#[derive(Clone, Debug)]
pub struct Configured {
    pub scheme: Scheme,
    /// `weir.toml:4:18`, for messages.
    pub place: String,
}

/// A release's version: `text` read as a version of the scheme it fits. Placeholders and
/// words are not releases.
pub(crate) fn release_version(text: &str) -> Option<ApiVersion> {
    match Scheme::detect(text)? {
        Scheme::None => None,
        scheme => scheme.parse(text),
    }
}

/// A version under its scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    Semver(Version),
    Date(DateVersion),
    Major(MajorVersion),
    /// Under [`Scheme::None`]: as written; it promises nothing.
    None(String),
}

impl ApiVersion {
    pub fn scheme(&self) -> Scheme {
        match self {
            ApiVersion::Semver(_) => Scheme::Semver,
            ApiVersion::Date(_) => Scheme::Date,
            ApiVersion::Major(_) => Scheme::Major,
            ApiVersion::None(_) => Scheme::None,
        }
    }

    /// The semantic version, for consumers pinned to versions (`^1.4`).
    pub fn semver(&self) -> Option<&Version> {
        match self {
            ApiVersion::Semver(v) => Some(v),
            _ => None,
        }
    }

    /// Which comes first; `None` between schemes (or versions of [`Scheme::None`]).
    pub fn cmp_precedence(&self, other: &ApiVersion) -> Option<Ordering> {
        match (self, other) {
            (ApiVersion::Semver(a), ApiVersion::Semver(b)) => Some(a.cmp_precedence(b)),
            (ApiVersion::Date(a), ApiVersion::Date(b)) => Some(a.cmp_precedence(b)),
            (ApiVersion::Major(a), ApiVersion::Major(b)) => Some(a.cmp_precedence(b)),
            _ => None,
        }
    }

    /// Highest first, for picking the last release among tags: by scheme, then precedence.
    pub fn cmp_for_release(&self, other: &ApiVersion) -> Ordering {
        self.cmp_precedence(other).unwrap_or_else(|| {
            let rank = |v: &ApiVersion| Scheme::ALL.iter().position(|s| *s == v.scheme());
            rank(self).cmp(&rank(other))
        })
    }

    /// The largest bump `declared` may carry after this version, as its scheme reads it.
    pub fn allows(&self, declared: &ApiVersion) -> Bump {
        match (self, declared) {
            (ApiVersion::Semver(a), ApiVersion::Semver(b)) => semver::allows(a, b),
            (ApiVersion::Date(a), ApiVersion::Date(b)) => a.allows(b),
            (ApiVersion::Major(a), ApiVersion::Major(b)) => a.allows(b),
            // No version: everything but a breaking change.
            (ApiVersion::None(_), _) | (_, ApiVersion::None(_)) => Bump::Minor,
            _ => Bump::None,
        }
    }

    /// The smallest version a change needing `bump` allows; `None` when nothing is needed
    /// or the scheme judges no version.
    pub fn required(&self, bump: Bump) -> Option<ApiVersion> {
        if bump == Bump::None {
            return None;
        }
        match self {
            ApiVersion::Semver(v) => Some(ApiVersion::Semver(semver::next_version(v, bump))),
            ApiVersion::Date(d) => Some(ApiVersion::Date(d.required(bump))),
            ApiVersion::Major(m) => Some(ApiVersion::Major(m.required(bump))),
            ApiVersion::None(_) => None,
        }
    }

    /// The version weir suggests for a change needing `bump`; a dated one is `today`'s date
    /// when that is late enough.
    pub fn next(&self, bump: Bump, today: jiff::civil::Date) -> ApiVersion {
        match self {
            ApiVersion::Semver(v) => ApiVersion::Semver(semver::next_version(v, bump)),
            ApiVersion::Date(d) => ApiVersion::Date(d.next(bump, today)),
            ApiVersion::Major(m) => ApiVersion::Major(m.next(bump)),
            ApiVersion::None(_) => self.clone(),
        }
    }

    /// The next version after this one that is not this one (to step past a version that is
    /// already tagged): the same bump again, the next day, the next number.
    pub fn after(&self, bump: Bump) -> ApiVersion {
        match self {
            ApiVersion::Semver(v) => ApiVersion::Semver(semver::after(v, bump)),
            ApiVersion::Date(d) => ApiVersion::Date(d.after()),
            ApiVersion::Major(m) => ApiVersion::Major(m.after()),
            ApiVersion::None(_) => self.clone(),
        }
    }

    /// What a change needing `bump` requires of the version, in words.
    pub fn requirement(&self, bump: Bump) -> String {
        match self {
            ApiVersion::Semver(v) => semver::requirement(v, bump),
            ApiVersion::Date(d) => d.requirement(bump),
            ApiVersion::Major(m) => m.requirement(bump),
            ApiVersion::None(_) => "no version".into(),
        }
    }

    /// The bump a change needing `bump` is, on this version line (semver's `0.y.z` makes a
    /// breaking change a minor bump).
    pub fn effective(&self, bump: Bump) -> Bump {
        match self {
            ApiVersion::Semver(v) => semver::effective_bump(v, bump),
            _ => bump,
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiVersion::Semver(v) => write!(f, "{v}"),
            ApiVersion::Date(d) => write!(f, "{d}"),
            ApiVersion::Major(m) => write!(f, "{m}"),
            ApiVersion::None(t) => f.write_str(t),
        }
    }
}

/// What the gate decided about a declared version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The declared version is enough for the changes.
    Pass,
    /// The declared version is before the base's.
    WentBackwards,
    /// The API changed in a way the version must show, and the version did not move.
    Unchanged,
    /// The declared version moved, but not as far as the changes need.
    TooSmall { needed: Bump },
    /// Scheme none: a breaking change, and no version that could announce it.
    Breaking,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        *self == Verdict::Pass
    }

    /// In one word, for machines: `pass`, `went-backwards`, `unchanged`, `too-small`,
    /// `breaking`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::WentBackwards => "went-backwards",
            Verdict::Unchanged => "unchanged",
            Verdict::TooSmall { .. } => "too-small",
            Verdict::Breaking => "breaking",
        }
    }
}

/// Compare the version a release declares with the base's, for changes needing `bump`. Both
/// are of one scheme (the gate reads them so).
pub(crate) fn judge(base: &ApiVersion, declared: &ApiVersion, bump: Bump) -> Verdict {
    if base.scheme() == Scheme::None || declared.scheme() == Scheme::None {
        return if bump == Bump::Major {
            Verdict::Breaking
        } else {
            Verdict::Pass
        };
    }
    if declared.cmp_precedence(base) == Some(Ordering::Less) {
        return Verdict::WentBackwards;
    }
    if bump <= base.allows(declared) {
        Verdict::Pass
    } else if declared.cmp_precedence(base) == Some(Ordering::Equal) {
        Verdict::Unchanged
    } else {
        Verdict::TooSmall {
            needed: base.effective(bump),
        }
    }
}

/// Why the verdict follows, in one sentence: what the changes need under the scheme and
/// what the declared version is.
pub(crate) fn reason(
    base: &ApiVersion,
    declared: &ApiVersion,
    bump: Bump,
    verdict: &Verdict,
) -> String {
    if base.scheme() == Scheme::None || declared.scheme() == Scheme::None {
        return match verdict {
            Verdict::Breaking => "the version is not judged (scheme none), so nothing can announce a breaking change: it fails the gate".into(),
            _ => "the version is not judged (scheme none), and no change is breaking".into(),
        };
    }
    if *verdict == Verdict::WentBackwards {
        return format!("{declared} is before the base's {base}");
    }
    let what = match bump {
        Bump::None => return "no change needs a new version".into(),
        Bump::Major => "breaking changes need",
        Bump::Minor => "additions need",
        Bump::Patch => "fixes need",
    };
    let is = match verdict {
        Verdict::Pass => "is enough",
        Verdict::Unchanged => "is the base's version",
        _ => "is not enough",
    };
    format!("{what} {}: {declared} {is}", base.requirement(bump))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> ApiVersion {
        Scheme::detect(text).and_then(|s| s.parse(text)).unwrap()
    }

    #[test]
    fn detection() {
        let cases = [
            ("1.4.0", Some(Scheme::Semver)),
            ("1.4", Some(Scheme::Semver)),
            ("v2.0.0-rc.1", Some(Scheme::Semver)),
            ("2022-11-15", Some(Scheme::Date)),
            ("2023-01-01-preview", Some(Scheme::Date)),
            ("v2024-01-15", Some(Scheme::Date)),
            ("10", Some(Scheme::Major)),
            ("v2", Some(Scheme::Major)),
            ("0.0.0-development", Some(Scheme::None)),
            ("latest", Some(Scheme::None)),
            ("whatever", None),
        ];
        for (text, scheme) in cases {
            assert_eq!(Scheme::detect(text), scheme, "{text}");
        }
        assert_eq!(release_version("latest"), None);
        assert_eq!(
            release_version("v10").map(|v| v.scheme()),
            Some(Scheme::Major)
        );
    }

    #[test]
    fn judging_each_scheme() {
        let too_small = |needed| Verdict::TooSmall { needed };
        // (base, declared, bump the changes need, verdict)
        let cases = [
            // semver
            ("1.4.0", "2.0.0", Bump::Major, Verdict::Pass),
            ("1.4.0", "3.0.0", Bump::Minor, Verdict::Pass),
            ("1.4.0", "1.5.0", Bump::Major, too_small(Bump::Major)),
            ("1.4.0", "1.4.0", Bump::Patch, Verdict::Unchanged),
            ("1.4.0", "1.4.0", Bump::None, Verdict::Pass),
            ("1.4.0", "1.3.9", Bump::None, Verdict::WentBackwards),
            ("1.4.0", "2.0.0-rc.1", Bump::Major, Verdict::Pass),
            ("1.4.0", "1.5.0-rc.1", Bump::Major, too_small(Bump::Major)),
            ("2.0.0-rc.1", "2.0.0-rc.2", Bump::Major, Verdict::Pass),
            ("2.0.0-rc.1", "2.0.0", Bump::Major, Verdict::Pass),
            ("0.3.1", "0.4.0", Bump::Major, Verdict::Pass),
            ("0.3.1", "0.3.2", Bump::Major, too_small(Bump::Minor)),
            ("0.3.1", "0.3.2", Bump::Minor, Verdict::Pass),
            // date
            ("2022-11-15", "2022-11-15", Bump::Minor, Verdict::Pass),
            ("2022-11-15", "2022-11-15", Bump::Major, Verdict::Unchanged),
            ("2022-11-15", "2023-08-16", Bump::Major, Verdict::Pass),
            (
                "2022-11-15",
                "2022-08-01",
                Bump::Patch,
                Verdict::WentBackwards,
            ),
            (
                "2022-11-15",
                "2023-01-01-preview",
                Bump::Major,
                Verdict::Pass,
            ),
            (
                "2023-01-01-preview",
                "2023-01-01",
                Bump::Major,
                Verdict::Pass,
            ),
            // major
            ("10", "10", Bump::Minor, Verdict::Pass),
            ("10", "10", Bump::Major, Verdict::Unchanged),
            ("v10", "v11", Bump::Major, Verdict::Pass),
            ("10", "9", Bump::None, Verdict::WentBackwards),
        ];
        for (base, declared, bump, verdict) in cases {
            assert_eq!(
                judge(&read(base), &read(declared), bump),
                verdict,
                "{base} → {declared}, {bump:?} needed"
            );
        }
        let none = Scheme::None.parse("0.0.0-development").unwrap();
        assert_eq!(judge(&none, &none, Bump::Minor), Verdict::Pass);
        assert_eq!(judge(&none, &none, Bump::Major), Verdict::Breaking);
    }

    #[test]
    fn reasons_name_the_rule_and_the_version() {
        let (base, same) = (read("2022-11-15"), read("2022-11-15"));
        let verdict = judge(&base, &same, Bump::Major);
        assert_eq!(
            reason(&base, &same, Bump::Major, &verdict),
            "breaking changes need a date later than 2022-11-15: 2022-11-15 is the base's version"
        );
        let (base, declared) = (read("1.4.0"), read("1.5.0"));
        let verdict = judge(&base, &declared, Bump::Major);
        assert_eq!(
            reason(&base, &declared, Bump::Major, &verdict),
            "breaking changes need 2.0.0 or later (a major bump from 1.4.0): 1.5.0 is not enough"
        );
    }
}
