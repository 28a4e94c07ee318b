//! `weir changelog`: the changes between two revisions as release notes, grouped by what they
//! mean to readers.

use std::fmt::Write;

use serde_json::json;

use super::Report;
use super::item::{before_after, indented, multi_line};
use crate::load::Locator;
use crate::rules::{Changelog, catalogue};
use crate::vocabulary::{Finding, Kind, Level};

/// A section of release notes: breaking changes, then the section each rule names
/// (`changelog` in its file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    Breaking,
    Deprecated,
    Added,
    Changed,
    Removed,
    Documentation,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Breaking,
        Section::Deprecated,
        Section::Added,
        Section::Changed,
        Section::Removed,
        Section::Documentation,
    ];

    fn title(self) -> &'static str {
        match self {
            Section::Breaking => "Breaking changes",
            Section::Deprecated => "Deprecated",
            Section::Added => "Added",
            Section::Changed => "Changed",
            Section::Removed => "Removed",
            Section::Documentation => "Documentation",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Section::Breaking => "breaking",
            Section::Deprecated => "deprecated",
            Section::Added => "added",
            Section::Changed => "changed",
            Section::Removed => "removed",
            Section::Documentation => "documentation",
        }
    }
}

/// Where a finding goes in release notes: breaking findings together, the others where their
/// rule says (a change no rule matches is a change).
pub(crate) fn section(f: &Finding) -> Section {
    if f.level == Level::Breaking {
        return Section::Breaking;
    }
    match catalogue().get(&f.rule).map(|r| r.changelog) {
        Some(Changelog::Added) => Section::Added,
        Some(Changelog::Deprecated) => Section::Deprecated,
        Some(Changelog::Removed) => Section::Removed,
        Some(Changelog::Documentation) => Section::Documentation,
        Some(Changelog::Changed) | None => Section::Changed,
    }
}

fn grouped<'r>(report: &'r Report<'_>) -> Vec<(Section, Vec<&'r Finding>)> {
    Section::ALL
        .iter()
        .map(|&s| {
            (
                s,
                report
                    .findings
                    .iter()
                    // The declared version is the release itself, not a change in it.
                    .filter(|f| f.change.kind != Kind::InfoVersion && section(f) == s)
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, fs)| !fs.is_empty())
        .collect()
}

/// The two specs a changelog compares, as the user named them (`PATH`, `-` or `REV:PATH`).
#[derive(Clone, Copy, Debug)]
pub struct SpecNames<'a> {
    pub base: &'a str,
    pub revision: &'a str,
}

impl SpecNames<'_> {
    /// `v1.4.0 → working tree` with the file they share (`api/openapi.yaml`), or the two
    /// locators in full when they name different files. Named from the revisions, not from
    /// `info.version`, which often stays the same (`10 → 10`) or is not a version at all.
    fn compared(&self) -> (String, Option<String>) {
        match (Locator::parse(self.base), Locator::parse(self.revision)) {
            (Locator::Git { rev: a, path: p }, Locator::Git { rev: b, path: q }) if p == q => {
                (format!("{a} → {b}"), Some(p))
            }
            (Locator::Git { rev, path }, Locator::File(file))
                if file.display().to_string() == path =>
            {
                (format!("{rev} → working tree"), Some(path))
            }
            _ => (format!("{} → {}", self.base, self.revision), None),
        }
    }
}

/// `info.version 1.4.0 → 1.5.0` (or `info.version 10 on both sides`), when both sides have one.
fn versions(report: &Report<'_>) -> Option<String> {
    let (a, b) = (
        report.base.version.as_ref()?,
        report.revision.version.as_ref()?,
    );
    Some(if a.value == b.value {
        format!("info.version {} on both sides", a.value)
    } else {
        format!("info.version {} → {}", a.value, b.value)
    })
}

/// The heading and the line under it: what is compared, in which file, at which versions.
fn heading(
    report: &Report<'_>,
    sides: SpecNames<'_>,
    code: fn(&str) -> String,
) -> (String, String) {
    let (compared, file) = sides.compared();
    let under: Vec<String> = file
        .map(|f| code(&f))
        .into_iter()
        .chain(versions(report))
        .collect();
    (format!("API changes: {compared}"), under.join(", "))
}

fn where_(f: &Finding) -> String {
    match f.change.operations.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [first, rest @ ..] => format!("{first} (+{} more): ", rest.len()),
    }
}

pub fn markdown(report: &Report<'_>, sides: SpecNames<'_>) -> String {
    let (title, under) = heading(report, sides, |f| format!("`{f}`"));
    let mut out = format!("## {title}\n");
    if !under.is_empty() {
        let _ = writeln!(out, "\n{under}.");
    }
    let groups = grouped(report);
    if groups.is_empty() {
        out.push_str("\nNo changes to the API.\n");
    }
    for (section, findings) in groups {
        let _ = writeln!(out, "\n### {}\n", section.title());
        for f in findings {
            let warn = if f.level == Level::Warning {
                "⚠️ "
            } else {
                ""
            };
            let op = match f.change.operations.as_slice() {
                [] => String::new(),
                [one] => format!("**{one}**: "),
                [first, rest @ ..] => format!("**{first}** (+{} more): ", rest.len()),
            };
            match multi_line(f) {
                None => {
                    let _ = writeln!(out, "- {warn}{op}{} (`{}`)", f.message, f.rule);
                }
                Some(summary) => {
                    let _ = writeln!(out, "- {warn}{op}{summary} (`{}`)", f.rule);
                    for (label, value) in [("Before", &f.change.before), ("After", &f.change.after)]
                    {
                        if let Some(v) = value {
                            let _ = write!(out, "\n  {label}:\n\n{}", fenced(v, "  "));
                        }
                    }
                }
            }
        }
    }
    out.push_str(&super::downgraded::markdown(
        &report.findings,
        super::markdown::cell,
    ));
    out
}

pub(crate) fn text(report: &Report<'_>, sides: SpecNames<'_>) -> String {
    let (title, under) = heading(report, sides, str::to_string);
    let mut out = format!("{title}\n");
    if !under.is_empty() {
        let _ = writeln!(out, "{under}");
    }
    let groups = grouped(report);
    if groups.is_empty() {
        out.push_str("\nNo changes to the API.\n");
    }
    for (section, findings) in groups {
        let _ = writeln!(out, "\n{}:", section.title());
        for f in findings {
            match multi_line(f) {
                None => {
                    let _ = writeln!(out, "  - {}{}", where_(f), f.message);
                }
                Some(summary) => {
                    let _ = writeln!(out, "  - {}{summary}", where_(f));
                    out.push_str(&before_after(f, "    "));
                }
            }
        }
    }
    out.push_str(&super::downgraded::text(&report.findings));
    out
}

pub(crate) fn json(report: &Report<'_>, sides: SpecNames<'_>) -> String {
    let mut sections = serde_json::Map::new();
    for (section, findings) in grouped(report) {
        let items: Vec<_> = findings
            .iter()
            .map(|f| {
                let mut item = json!({
                    "rule": f.rule,
                    "level": f.level.as_str(),
                    "message": f.message,
                    "operations": f.change.operations,
                });
                if let Some(a) = super::downgraded::json(f) {
                    item["adjustments"] = a;
                }
                item
            })
            .collect();
        sections.insert(section.key().into(), items.into());
    }
    let v = json!({
        "base": sides.base,
        "revision": sides.revision,
        "base_version": report.base.version.as_ref().map(|v| v.value.clone()),
        "revision_version": report.revision.version.as_ref().map(|v| v.value.clone()),
        "sections": sections,
    });
    let mut s = serde_json::to_string_pretty(&v).expect("serializes");
    s.push('\n');
    s
}

/// `text` as a fenced block indented by `indent`, fenced with more backticks than it holds in
/// a row so that no line of it can close the block.
fn fenced(text: &str, indent: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "{indent}{fence}text\n{}{indent}{fence}\n",
        indented(text, indent)
    )
}
