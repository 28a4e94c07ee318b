//! The version weir suggests releasing as, with the arithmetic that led to it: the scheme's
//! next version for the changes, stepped past versions a tag already names.

use jiff::civil::Date;

use crate::versions::{ApiVersion, Scheme};
use crate::vocabulary::Bump;

/// The suggested version and how it was reached (`weir bump -v` prints the steps).
pub(crate) struct Suggestion {
    pub version: ApiVersion,
    pub steps: Vec<String>,
}

/// The next version after `base` for changes needing `bump`. A version some tag already
/// names is never suggested (a release branch may have taken the obvious one) — except the
/// base's own, when the changes let the version stay.
pub(crate) fn suggest(
    base: &ApiVersion,
    bump: Bump,
    today: Date,
    tagged: &[(String, ApiVersion)],
) -> Suggestion {
    let mut steps = vec![match bump {
        Bump::None => format!("no change needs a new version: {base} stays"),
        b => format!(
            "the changes need a {b} bump; {}",
            scheme_step(base, b, today)
        ),
    }];
    let mut version = base.next(bump, today);
    let is =
        |a: &ApiVersion, b: &ApiVersion| a.cmp_precedence(b) == Some(std::cmp::Ordering::Equal);
    if is(&version, base) || base.scheme() == Scheme::None {
        return Suggestion { version, steps };
    }
    // Each step moves forward, so this ends after at most one step per tag.
    while let Some((tag, _)) = tagged.iter().find(|(_, v)| is(v, &version)) {
        let after = version.after(bump);
        steps.push(format!("tag {tag} already names {version}: {after}"));
        version = after;
    }
    Suggestion { version, steps }
}

/// How the scheme turns the base into the next version, in words.
fn scheme_step(base: &ApiVersion, bump: Bump, today: Date) -> String {
    let next = base.next(bump, today);
    match base {
        ApiVersion::Semver(_) => format!(
            "semver: a {} bump of {base} is {next}",
            base.effective(bump)
        ),
        ApiVersion::Date(_) if bump == Bump::Major => format!(
            "date: a breaking change needs a date later than {base}; today (UTC) is {today}, so {next}"
        ),
        ApiVersion::Date(_) => format!(
            "date: additions and fixes may keep {base} or move forward; today (UTC) is {today}, so {next}"
        ),
        ApiVersion::Major(_) if bump == Bump::Major => {
            format!("major: a breaking change needs the next number, {next}")
        }
        ApiVersion::Major(_) => format!("major: additions and fixes keep {base}"),
        ApiVersion::None(_) => "the version scheme is none: the version is not judged".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::versions::release_version;

    fn v(s: &str) -> ApiVersion {
        release_version(s).unwrap()
    }

    fn tags(names: &[&str]) -> Vec<(String, ApiVersion)> {
        names.iter().map(|t| (t.to_string(), v(t))).collect()
    }

    #[test]
    fn tagged_versions_are_stepped_past() {
        let today: Date = "2024-05-02".parse().unwrap();
        let s = suggest(
            &v("1.4.0"),
            Bump::Minor,
            today,
            &tags(&["v1.4.0", "v1.5.0", "v1.6.0"]),
        );
        assert_eq!(s.version, v("1.7.0"));
        assert_eq!(s.steps.len(), 3, "{:?}", s.steps);
        assert!(
            s.steps[1].contains("tag v1.5.0 already names 1.5.0: 1.6.0"),
            "{:?}",
            s.steps
        );
        // Nothing changed: the base's own version stays, though a tag names it.
        let s = suggest(&v("0.34.0"), Bump::None, today, &tags(&["v0.34.0"]));
        assert_eq!(s.version, v("0.34.0"));
        // A release made today already: the next day.
        let s = suggest(&v("2024-04-01"), Bump::Major, today, &tags(&["2024-05-02"]));
        assert_eq!(s.version, v("2024-05-03"));
        let s = suggest(&v("10"), Bump::Major, today, &tags(&["v11"]));
        assert_eq!(s.version, v("12"));
    }
}
