//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::…`), which
//! the runner turns into annotations on the revision spec in the pull request. Only breaking
//! changes (`::error`) and warnings (`::warning`) are annotated, the same way in `diff` and
//! `check` (see [`super::item::severity`]), plus a `::notice` for a break its rule calls
//! breaking that a stage downgraded; other info-level changes — a description edited, an
//! endpoint added — are not. GitHub shows only a few annotations per step, so there are at
//! most [`Publishing::max_annotations`], breaking changes first, and a notice counts the rest.
//! One closing notice sums everything up.

use std::fmt::Write;

use super::Report;
use super::item::{Item, ci_path, items, severity};
use super::publishing::Publishing;
use super::summary::{Counts, bump_phrase};
use crate::gate::Outcome;
use crate::vocabulary::Level;

/// `weir diff --format github`.
pub fn diff(report: &Report<'_>, publishing: &Publishing) -> String {
    let mut out = capped(annotations(report), publishing);
    let _ = writeln!(out, "::notice title=weir::{}", data(&summary(report)));
    out
}

/// `weir check --format github`: the findings annotated as `weir diff` does (for every spec,
/// under one cap); then a closing command per spec, an error when its gate fails.
pub fn check(outcomes: &[Outcome], publishing: &Publishing) -> String {
    let all = outcomes
        .iter()
        .filter_map(super::Report::of)
        .flat_map(|r| annotations(&r))
        .collect();
    let mut out = capped(all, publishing);
    for o in outcomes {
        let command = if o.passed() { "notice" } else { "error" };
        let mut text = super::gate::verdict_line(o);
        let _ = write!(
            text,
            "; {} scheme: {}; suggested next version: {}",
            o.scheme.scheme, o.reason, o.next
        );
        if let Some(report) = super::Report::of(o) {
            let _ = write!(text, " ({})", summary(&report));
        }
        let _ = writeln!(
            out,
            "::{command} title={}::{}",
            property(&format!("weir check {}", o.label())),
            data(&text)
        );
    }
    out
}

/// An annotation: how it ranks (errors first) and its workflow command.
type Annotation = (u8, String);

/// The annotations, errors then warnings then notices (each in the report's order), at most
/// `max_annotations` of them, then a notice that counts the rest and says where they are.
fn capped(mut all: Vec<Annotation>, publishing: &Publishing) -> String {
    all.sort_by_key(|(rank, _)| *rank);
    let cap = publishing.max_annotations.unwrap_or(usize::MAX);
    let mut out = String::new();
    for (_, line) in all.iter().take(cap) {
        out.push_str(line);
    }
    if all.len() > cap {
        let _ = writeln!(
            out,
            "::notice title=weir::{}",
            data(&format!(
                "… and {} more annotations not shown (at most {cap}: --max-annotations) — {}",
                super::markdown::budget::thousands(all.len() - cap),
                publishing.elsewhere()
            ))
        );
    }
    out
}

/// An annotation for each breaking change and warning, and a notice for each break by its
/// rule that a stage let through (still worth a word); none for other info-level changes.
fn annotations(report: &Report<'_>) -> Vec<Annotation> {
    let mut out = Vec::new();
    for it in items(report) {
        let (rank, command) = match it.finding.level {
            Level::Info if it.finding.downgraded() => (2, "notice"),
            Level::Info => continue,
            Level::Breaking => (0, severity(Level::Breaking)),
            Level::Warning => (1, severity(Level::Warning)),
        };
        let mut line = String::new();
        annotate(&mut line, command, &it);
        out.push((rank, line));
    }
    out
}

fn summary(report: &Report<'_>) -> String {
    let downgraded = match super::downgraded::of(&report.findings).len() {
        0 => String::new(),
        n => format!(", {n} downgraded below their rule's level"),
    };
    format!(
        "{}{downgraded} — {}",
        Counts::of(&report.findings),
        bump_phrase(&report.findings, |b| b.to_string())
    )
}

fn annotate(out: &mut String, command: &str, it: &Item<'_>) {
    let mut props = Vec::new();
    if let Some(l) = &it.revision {
        props.push(format!("file={}", property(&ci_path(&l.file))));
        props.push(format!("line={}", l.line));
        props.push(format!("col={}", l.column));
    }
    props.push(format!("title={}", property(&it.finding.rule)));
    let mut message = it.headline();
    if let Some(n) = &it.finding.note {
        let _ = write!(message, " ({n})");
    }
    if let Some(c) = it.finding.consumers.as_ref().filter(|c| !c.is_empty()) {
        let _ = write!(message, " — consumers: {}", c.join(", "));
    }
    let _ = writeln!(out, "::{command} {}::{}", props.join(","), data(&message));
}

/// The message of a workflow command: `%`, CR and LF escaped.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_runner_expects() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
