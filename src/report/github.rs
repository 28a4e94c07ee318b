//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::…`), which
//! the runner turns into annotations on the revision spec in the pull request. Info-level
//! changes are not annotated (GitHub shows only a few annotations per step); one closing
//! notice sums everything up.

use std::fmt::Write;

use super::Report;
use super::item::{Item, ci_path, items};
use crate::gate::Outcome;
use crate::vocabulary::Level;

/// `weir diff --format github`.
pub fn diff(report: &Report<'_>) -> String {
    let mut out = String::new();
    for it in items(report) {
        let command = match it.finding.level {
            Level::Breaking => "error",
            Level::Warning => "warning",
            // A break by its rule that a stage let through is still worth a word.
            Level::Info if it.finding.downgraded() => "notice",
            Level::Info => continue,
        };
        annotate(&mut out, command, &it);
    }
    let _ = writeln!(out, "::notice title=weir::{}", data(&summary(report)));
    out
}

/// `weir check --format github`: only what fails the gate is an error.
pub fn check(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        if let Some(report) = super::Report::of(o) {
            let failing = o.failing();
            for (n, it) in items(&report).iter().enumerate() {
                let command = match (failing[n], it.finding.level) {
                    (true, _) => "error",
                    (false, Level::Info) if it.finding.downgraded() => "notice",
                    (false, Level::Info) => continue,
                    (false, _) => "warning",
                };
                annotate(&mut out, command, it);
            }
        }
        let command = if o.passed() { "notice" } else { "error" };
        let mut text = super::gate::verdict_line(o);
        let _ = write!(
            text,
            " ({} scheme: {}); suggested next version: {}",
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

fn summary(report: &Report<'_>) -> String {
    let downgraded = match super::downgraded::of(&report.findings).len() {
        0 => String::new(),
        n => format!(", {n} downgraded below their rule's level"),
    };
    format!(
        "{} breaking, {} warning(s), {} info{downgraded} — {} bump",
        report.count(Level::Breaking),
        report.count(Level::Warning),
        report.count(Level::Info),
        report.required_bump()
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
