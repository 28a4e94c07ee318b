//! The summary every format prints — findings counted by level, and the bump they need — with,
//! when the levels alone do not explain that bump, the findings that require it. Counted once
//! here so a report's header and footer, and every format, agree.

use crate::vocabulary::{Bump, Finding, Level};

/// Findings counted by level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub(crate) fn of<'f>(findings: impl IntoIterator<Item = &'f Finding>) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match f.level {
                Level::Breaking => c.breaking += 1,
                Level::Warning => c.warning += 1,
                Level::Info => c.info += 1,
            }
        }
        c
    }
}

impl std::fmt::Display for Counts {
    /// `2 breaking, 1 warning, 7 info`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} breaking, {} warning{}, {} info",
            self.breaking,
            self.warning,
            if self.warning == 1 { "" } else { "s" },
            self.info
        )
    }
}

/// The highest bump any finding needs.
pub(crate) fn required_bump(findings: &[Finding]) -> Bump {
    findings.iter().map(|f| f.bump).max().unwrap_or(Bump::None)
}

/// `requires a major version bump`, with why when the levels do not tell (see [`bump_why`]);
/// `bump` wraps the bump's name (`**` in Markdown).
pub(crate) fn bump_phrase(findings: &[Finding], bump: impl Fn(Bump) -> String) -> String {
    match required_bump(findings) {
        Bump::None => "no version bump needed".to_string(),
        b => {
            let mut s = format!("requires a {} version bump", bump(b));
            if let Some(why) = bump_why(findings) {
                s.push_str(", ");
                s.push_str(&why);
            }
            s
        }
    }
}

/// Why the findings need the bump they need, when their levels do not say it: a major bump
/// that no breaking change asks for (a warning whose rule, or weir.toml, asks for one; a
/// breaking change downgraded by a stage that kept its bump), or breaking changes that need
/// less than a major one. `None` when the levels explain it.
pub(crate) fn bump_why(findings: &[Finding]) -> Option<String> {
    let top = required_bump(findings);
    let needing: Vec<&Finding> = findings.iter().filter(|f| f.bump == top).collect();
    let breaking: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.level == Level::Breaking)
        .collect();
    let (what, named) = if top == Bump::Major {
        if needing.iter().any(|f| f.level == Level::Breaking) {
            return None;
        }
        let what = match needing.as_slice() {
            [one] => format!("for the {} ", one.level),
            many => format!("for {} findings that are not breaking: ", many.len()),
        };
        (what, needing)
    } else if !breaking.is_empty() && top > Bump::None {
        let what = match breaking.len() {
            1 => "as the breaking change needs no more: ".to_string(),
            n => format!("as the {n} breaking changes need no more: "),
        };
        (what, breaking)
    } else {
        return None;
    };
    let mut shown: Vec<String> = named.iter().take(2).map(|f| reason(f)).collect();
    if named.len() > 2 {
        shown.push(format!("{} more", named.len() - 2));
    }
    Some(format!("{what}{}", shown.join("; ")))
}

/// `rule (why its bump is what it is)`: the stage that last moved its verdict, else its rule.
fn reason(f: &Finding) -> String {
    match f.adjustments.last() {
        Some(a) if !a.reason.is_empty() => {
            format!(
                "{} ({} bump; {}: {})",
                f.rule,
                f.bump,
                a.stage.as_str(),
                a.reason
            )
        }
        Some(a) => format!("{} ({} bump, set by {})", f.rule, f.bump, a.stage.as_str()),
        None => format!("{} (its rule asks for a {} bump)", f.rule, f.bump),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocabulary::{Adjustment, Change, Context, Direction, Kind, Stage};

    fn finding(rule: &str, level: Level, bump: Bump) -> Finding {
        Finding {
            rule: rule.into(),
            level,
            bump,
            message: String::new(),
            note: None,
            change: Change {
                kind: Kind::InfoVersion,
                context: Context::Document,
                direction: Direction::None,
                facts: Vec::new(),
                name: None,
                before: None,
                after: None,
                path: String::new(),
                base: None,
                revision: None,
                object: None,
                operations: Vec::new(),
            },
            consumers: None,
            witness: None,
            fingerprint: String::new(),
            adjustments: Vec::new(),
            located: Default::default(),
            names: Vec::new(),
        }
    }

    #[test]
    fn counts_agree_with_the_findings() {
        let fs = [
            finding("a", Level::Breaking, Bump::Major),
            finding("b", Level::Warning, Bump::Minor),
            finding("c", Level::Info, Bump::Patch),
            finding("d", Level::Info, Bump::Patch),
        ];
        let c = Counts::of(&fs);
        assert_eq!(c.to_string(), "1 breaking, 1 warning, 2 info");
        assert_eq!(c.breaking + c.warning + c.info, 4);
    }

    #[test]
    fn a_major_bump_without_a_breaking_change_says_which_finding_needs_it() {
        let fs = [
            finding(
                "endpoint-removed-after-deprecation",
                Level::Warning,
                Bump::Major,
            ),
            finding("response-property-added", Level::Info, Bump::Minor),
        ];
        assert_eq!(
            bump_phrase(&fs, |b| b.to_string()),
            "requires a major version bump, for the warning endpoint-removed-after-deprecation \
             (its rule asks for a major bump)"
        );
        // A breaking change explains itself.
        let fs = [finding("x", Level::Breaking, Bump::Major)];
        assert_eq!(
            bump_phrase(&fs, |b| b.to_string()),
            "requires a major version bump"
        );
        assert_eq!(
            bump_phrase(&[], |b| b.to_string()),
            "no version bump needed"
        );
    }

    #[test]
    fn a_downgrade_that_kept_its_bump_names_the_stage() {
        let mut f = finding("request-maximum-decreased", Level::Warning, Bump::Major);
        f.adjustments.push(Adjustment {
            stage: Stage::Config,
            before: (Level::Breaking, Bump::Major),
            after: (Level::Warning, Bump::Major),
            reason: "warning by weir.toml (the rule says breaking)".into(),
        });
        assert_eq!(
            bump_why(&[f]).unwrap(),
            "for the warning request-maximum-decreased (major bump; config: warning by \
             weir.toml (the rule says breaking))"
        );
        let mut beta = finding("request-body-removed", Level::Breaking, Bump::Minor);
        beta.adjustments.push(Adjustment {
            stage: Stage::Stability,
            before: (Level::Breaking, Bump::Major),
            after: (Level::Breaking, Bump::Minor),
            reason: "x-stability-level beta".into(),
        });
        assert_eq!(
            bump_why(&[beta]).unwrap(),
            "as the breaking change needs no more: request-body-removed (minor bump; \
             stability: x-stability-level beta)"
        );
    }
}
