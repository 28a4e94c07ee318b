//! `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::…`), which
//! the runner turns into annotations on the revision spec in the pull request. Only breaking
//! changes (`::error`) and warnings (`::warning`) are annotated, the same way in `diff` and
//! `check` (see [`super::item::severity`]), plus a `::notice` for a break its rule calls
//! breaking that a stage downgraded; other info-level changes — a description edited, an
//! endpoint added — are not. GitHub shows 10 annotations of each kind per step, so there are
//! at most [`Publishing::max_annotations`] of each, breaking changes first, and a notice
//! counts the rest.
//! One closing notice sums everything up.

use std::fmt::Write;

use super::Report;
use super::item::{CiPaths, Item, items, severity};
use super::publishing::Publishing;
use super::summary::{Counts, bump_phrase};
use crate::gate::Outcome;
use crate::vocabulary::Level;

/// `weir diff --format github`.
pub fn diff(report: &Report<'_>, publishing: &Publishing) -> String {
    let mut out = capped(annotations(report), publishing, [0, 0, 1]);
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
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let mut out = capped(all, publishing, [failed, 0, outcomes.len() - failed]);
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

/// An annotation: its kind (0 error, 1 warning, 2 notice: the order they are written in)
/// and its workflow command.
type Annotation = (usize, String);

/// The annotations, errors then warnings then notices (each in the report's order), at most
/// `max_annotations` of each kind — GitHub shows 10 errors, 10 warnings and 10 notices a step
/// and drops the rest unsaid — counting the `closing` commands of each kind weir writes after
/// them, then a notice (counted too) that says how many were left out and where they are.
fn capped(mut all: Vec<Annotation>, publishing: &Publishing, closing: [usize; 3]) -> String {
    all.sort_by_key(|(kind, _)| *kind);
    let cap = publishing.max_annotations.unwrap_or(usize::MAX);
    let mut count = [0; 3];
    for (kind, _) in &all {
        count[*kind] += 1;
    }
    let mut room = closing.map(|c| cap.saturating_sub(c));
    if (0..3).any(|k| count[k] > room[k]) {
        room[2] = room[2].saturating_sub(1);
    }
    let mut shown = [0; 3];
    let mut out = String::new();
    for (kind, line) in &all {
        if shown[*kind] < room[*kind] {
            shown[*kind] += 1;
            out.push_str(line);
        }
    }
    let left = all.len() - shown.iter().sum::<usize>();
    if left > 0 {
        let _ = writeln!(
            out,
            "::notice title=weir::{}",
            data(&format!(
                "… and {} more annotations not shown (at most {cap} of each kind a step: --max-annotations) — {}",
                super::markdown::budget::thousands(left),
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
    let paths = CiPaths::default();
    for it in items(report) {
        let (rank, command) = match it.finding.level {
            Level::Info if it.finding.downgraded() => (2, "notice"),
            Level::Info => continue,
            Level::Breaking => (0, severity(Level::Breaking)),
            Level::Warning => (1, severity(Level::Warning)),
        };
        let mut line = String::new();
        annotate(&mut line, command, &it, &paths);
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

fn annotate(out: &mut String, command: &str, it: &Item<'_>, paths: &CiPaths) {
    let mut props = Vec::new();
    if let Some(l) = &it.revision {
        props.push(format!("file={}", property(&paths.get(&l.file))));
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
    fn each_kind_is_capped_counting_the_closing_commands() {
        let lines = |kind: usize, n: usize| (0..n).map(move |i| (kind, format!("{kind}.{i}\n")));
        let all: Vec<Annotation> = lines(2, 3).chain(lines(0, 4)).chain(lines(1, 2)).collect();
        let p = Publishing {
            max_annotations: Some(3),
            ..Publishing::default()
        };
        // A failed check closes with an error and its summary with a notice: 2 errors, 2
        // warnings, and 1 notice besides the one that counts the 4 left out.
        let out = capped(all.clone(), &p, [1, 0, 1]);
        assert!(
            out.starts_with("0.0\n0.1\n1.0\n1.1\n2.0\n::notice"),
            "{out}"
        );
        assert!(out.contains("… and 4 more annotations not shown"), "{out}");
        let out = capped(all, &Publishing::default(), [1, 0, 1]);
        assert_eq!(out.lines().count(), 9, "no cap: {out}");
    }

    #[test]
    fn escapes_like_the_runner_expects() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
