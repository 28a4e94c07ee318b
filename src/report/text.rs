//! `--format text`: for people reading a terminal or a CI log.

use std::fmt::Write;

use super::Report;
use crate::rules::Level;

fn tag(level: Level) -> &'static str {
    match level {
        Level::Breaking => "BREAKING",
        Level::Warning => "WARNING ",
        Level::Info => "INFO    ",
    }
}

pub fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let ops = &f.change.operations;
        let op = match ops.len() {
            0 => String::new(),
            1 => format!("  {}", ops[0]),
            n => format!("  {} (+{} more)", ops[0], n - 1),
        };
        let _ = writeln!(out, "{}  {}{op}", tag(f.level), f.rule);
        let _ = writeln!(out, "  {}", f.message);
        if let Some(note) = &f.note {
            let _ = writeln!(out, "  note: {note}");
        }
        for line in crate::consumers::report::finding_lines(f) {
            let _ = writeln!(out, "  {line}");
        }
        if let Some(l) = report.base_location(f) {
            let _ = writeln!(out, "  base:     {}:{}:{}", l.file, l.line, l.column);
        }
        if let Some(l) = report.revision_location(f) {
            let _ = writeln!(out, "  revision: {}:{}:{}", l.file, l.line, l.column);
        }
        out.push('\n');
    }
    let (b, w, i) = (
        report.count(Level::Breaking),
        report.count(Level::Warning),
        report.count(Level::Info),
    );
    if report.findings.is_empty() {
        out.push_str("No changes.\n");
    } else {
        let bump = match report.required_bump() {
            crate::semver::Bump::None => "no version bump needed".to_string(),
            bump => format!("requires a {bump} version bump"),
        };
        let _ = writeln!(
            out,
            "{b} breaking, {w} warning{}, {i} info — {bump}",
            if w == 1 { "" } else { "s" },
        );
    }
    out
}
