//! `--format text`: for people reading a terminal or a CI log.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::Report;
use super::item::{before_after, multi_line};
use super::summary::{Counts, bump_phrase};
use crate::assess::Ignored;
use crate::vocabulary::{Finding, Level};

/// How the text is dressed. The default is plain: no colour, no snippets (what the rule
/// fixtures snapshot).
#[derive(Debug, Clone, Copy, Default)]
pub struct TextOptions {
    /// ANSI colours (only for a terminal, never with `NO_COLOR`).
    pub color: bool,
    /// Source lines of both sides under each finding.
    pub snippets: bool,
    /// Leave info-level findings out of the list (`--quiet`); the summary still counts them.
    pub hide_info: bool,
    /// List every finding where a report would fold info-level ones into a count
    /// (`weir check --verbose`).
    pub all: bool,
}

fn tag(level: Level) -> &'static str {
    match level {
        Level::Breaking => "BREAKING",
        Level::Warning => "WARNING ",
        Level::Info => "INFO    ",
    }
}

fn level_style(level: Level) -> Style {
    match level {
        Level::Breaking => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Level::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        Level::Info => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
    }
}

/// `text` in `style` when colour is on, written at the end of `out`.
fn paint_into(out: &mut String, on: bool, style: Style, text: &str) {
    if on {
        let _ = write!(out, "{style}{text}{style:#}");
    } else {
        out.push_str(text);
    }
}

/// `n` in decimal, right-aligned in `width` characters, written at the end of `out`: line
/// numbers and columns are most of a big diff's numbers (two to five per finding), which
/// `write!` would take through `core::fmt` (6 M of GitHub's big text report).
pub(super) fn push_number(out: &mut String, n: impl itoa::Integer, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(n);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(digits.len())));
    out.push_str(digits);
}

pub fn render(report: &Report<'_>) -> String {
    render_with(report, &TextOptions::default(), &[])
}

pub fn render_with(report: &Report<'_>, opts: &TextOptions, ignored: &[Ignored]) -> String {
    let shown = report
        .findings
        .iter()
        .filter(|f| !(opts.hide_info && f.level == Level::Info));
    let mut out = entries(report, shown, opts);
    footer(&mut out, report, opts, ignored);
    out
}

/// Each finding: its level, rule and operations, message, notes, consumers and where it is
/// on both sides (with the source lines when `opts.snippets`).
pub fn entries<'f>(
    report: &Report<'_>,
    findings: impl IntoIterator<Item = &'f Finding>,
    opts: &TextOptions,
) -> String {
    let findings: Vec<&Finding> = findings.into_iter().collect();
    // Each entry depends on its finding alone: on a big diff (thousands of findings, each
    // with its source lines) they are written in runs on as many threads as the machine has,
    // and the runs joined in order.
    let runs = crate::parallel::runs(&findings, |run, _| {
        // An entry is about 650 bytes on GitHub's big diff, with its source lines.
        let mut out = String::with_capacity(run.len() * 768);
        for f in run {
            entry(&mut out, report, f, opts);
        }
        out
    });
    // The runs are joined onto the first, not copied into a new string (one run on one core:
    // no copy at all), with room left for a footer: a string of exactly their length would
    // be copied again (a megabyte on GitHub's big diff) to take the footer's line.
    let mut runs = runs.into_iter();
    let mut out = runs.next().unwrap_or_default();
    let rest: Vec<String> = runs.collect();
    out.reserve(rest.iter().map(String::len).sum::<usize>() + 256);
    out.extend(rest);
    out
}

/// One finding's entry, written at the end of `out`.
fn entry(out: &mut String, report: &Report<'_>, f: &Finding, opts: &TextOptions) {
    let dim = Style::new().dimmed();
    paint_into(out, opts.color, level_style(f.level), tag(f.level));
    out.push_str("  ");
    paint_into(out, opts.color, Style::new().bold(), &f.rule);
    let ops = &f.change.operations;
    // Text is pushed as it is, numbers alone formatted: a big diff writes thousands of
    // entries.
    if let Some(first) = ops.first() {
        out.push_str("  ");
        out.push_str(first.label());
    }
    if ops.len() > 1 {
        out.push_str(" (+");
        push_number(out, ops.len() - 1, 0);
        out.push_str(" more)");
    }
    out.push('\n');
    match multi_line(f) {
        None => {
            out.push_str("  ");
            out.push_str(&f.message);
            out.push('\n');
        }
        // A multi-line value (a description) stays indented under its finding.
        Some(summary) => {
            out.push_str("  ");
            out.push_str(&summary);
            out.push('\n');
            out.push_str(&before_after(f, "  "));
        }
    }
    if let Some(note) = &f.note {
        out.push_str("  note: ");
        out.push_str(note);
        out.push('\n');
    }
    for line in super::consumers::finding_lines(f) {
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    }
    let sides = [
        ("base:    ", report.base, f.change.base, &f.located.base),
        (
            "revision:",
            report.revision,
            f.change.revision,
            &f.located.revision,
        ),
    ];
    // At the places classification gave the finding, as the other reports take them
    // (`Report::base_location` would work each out again, its JSON pointer first: two fifths
    // of a big diff's text report).
    for (label, spec, at, located) in sides {
        let (Some(at), Some(l)) = (at, located) else {
            continue;
        };
        out.push_str("  ");
        out.push_str(label);
        out.push(' ');
        out.push_str(&l.file);
        out.push(':');
        push_number(out, l.line, 0);
        out.push(':');
        push_number(out, l.column, 0);
        out.push('\n');
        if opts.snippets {
            for (n, line) in super::item::snippet(spec, at, 3) {
                out.push_str("    ");
                if opts.color {
                    let _ = write!(out, "{dim}");
                }
                push_number(out, n, 5);
                out.push_str(" │");
                if opts.color {
                    let _ = write!(out, "{dim:#}");
                }
                out.push(' ');
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out.push('\n');
}

/// The footer of a diff: the findings counted, the bump they need.
fn footer(out: &mut String, report: &Report<'_>, opts: &TextOptions, ignored: &[Ignored]) {
    if report.findings.is_empty() {
        out.push_str("No changes.\n");
    } else {
        let line = format!(
            "{} — {}",
            Counts::of(&report.findings),
            bump_phrase(&report.findings, |b| b.to_string())
        );
        paint_into(out, opts.color, Style::new().bold(), &line);
        out.push('\n');
    }
    if !ignored.is_empty() {
        let _ = writeln!(out, "{} ignored by weir.toml:", ignored.len());
        for ig in ignored {
            let _ = writeln!(
                out,
                "  {} {} (until {}): {}",
                ig.finding.fingerprint, ig.finding.rule, ig.expires, ig.reason
            );
        }
    }
}
