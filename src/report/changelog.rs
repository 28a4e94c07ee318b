//! `weir changelog`: the changes between two revisions as release notes, grouped by what they
//! mean to readers.

use std::fmt::Write;

use serde_json::json;

use super::Report;
use crate::rules::{Changelog, catalogue};
use crate::vocabulary::{Finding, Kind, Level};

/// A section of release notes: breaking changes, then the section each rule names
/// (`changelog` in its file).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
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
pub fn section(f: &Finding) -> Section {
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

fn versions(report: &Report<'_>) -> String {
    let v = |s: &crate::model::Spec| {
        s.version
            .as_ref()
            .map_or("?".to_string(), |v| v.value.clone())
    };
    format!("{} → {}", v(report.base), v(report.revision))
}

fn where_(f: &Finding) -> String {
    match f.change.operations.as_slice() {
        [] => String::new(),
        [one] => format!("{one}: "),
        [first, rest @ ..] => format!("{first} (+{} more): ", rest.len()),
    }
}

pub fn markdown(report: &Report<'_>) -> String {
    let mut out = format!("## API changes {}\n", versions(report));
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
            let _ = writeln!(out, "- {warn}{op}{} (`{}`)", f.message, f.rule);
        }
    }
    out.push_str(&super::downgraded::markdown(
        &report.findings,
        super::markdown::cell,
    ));
    out
}

pub fn text(report: &Report<'_>) -> String {
    let mut out = format!("API changes {}\n", versions(report));
    let groups = grouped(report);
    if groups.is_empty() {
        out.push_str("\nNo changes to the API.\n");
    }
    for (section, findings) in groups {
        let _ = writeln!(out, "\n{}:", section.title());
        for f in findings {
            let _ = writeln!(out, "  - {}{}", where_(f), f.message);
        }
    }
    out.push_str(&super::downgraded::text(&report.findings));
    out
}

pub fn json(report: &Report<'_>) -> String {
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
        "base_version": report.base.version.as_ref().map(|v| v.value.clone()),
        "revision_version": report.revision.version.as_ref().map(|v| v.value.clone()),
        "sections": sections,
    });
    let mut s = serde_json::to_string_pretty(&v).expect("serializes");
    s.push('\n');
    s
}
