//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::…`), which
//! the runner turns into annotations on the revision spec in the pull request. Only breaking
//! changes (`::error`) and warnings (`::warning`) are annotated, the same way in `diff` and
//! `check` (see [`super::item::severity`]), plus a `::notice` for a break its rule calls
//! breaking that a stage downgraded; other info-level changes — a description edited, an
//! endpoint added — are not (GitHub shows only a few annotations per step). One closing
//! notice sums everything up.

use std::fmt::Write;

use super::Report;
use super::item::{Item, ci_path, items, severity};
use super::summary::{Counts, bump_phrase};
use crate::gate::Outcome;
use crate::vocabulary::Level;

/// `weir diff --format github`.
pub fn diff(report: &Report<'_>) -> String {
    let mut out = annotations(report);
    let _ = writeln!(out, "::notice title=weir::{}", data(&summary(report)));
    out
}

/// `weir check --format github`: the findings annotated as `weir diff` does; the closing
/// command is an error when the gate fails.
pub fn check(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        if let Some(report) = super::Report::of(o) {
            out.push_str(&annotations(&report));
        }
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

/// An annotation for each breaking change and warning, and a notice for each break by its
/// rule that a stage let through (still worth a word); none for other info-level changes.
fn annotations(report: &Report<'_>) -> String {
    let mut out = String::new();
    for it in items(report) {
        let command = match it.finding.level {
            Level::Info if it.finding.downgraded() => "notice",
            Level::Info => continue,
            level => severity(level),
        };
        annotate(&mut out, command, &it);
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
