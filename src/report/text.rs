//! `--format text`: for people reading a terminal or a CI log.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::Report;
use crate::assess::Ignored;
use crate::vocabulary::Level;

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

/// `text` in `style` when colour is on.
fn paint(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

pub fn render(report: &Report<'_>) -> String {
    render_with(report, &TextOptions::default(), &[])
}

pub fn render_with(report: &Report<'_>, opts: &TextOptions, ignored: &[Ignored]) -> String {
    let mut out = String::new();
    let dim = Style::new().dimmed();
    for f in &report.findings {
        if opts.hide_info && f.level == Level::Info {
            continue;
        }
        let ops = &f.change.operations;
        let op = match ops.len() {
            0 => String::new(),
            1 => format!("  {}", ops[0]),
            n => format!("  {} (+{} more)", ops[0], n - 1),
        };
        let _ = writeln!(
            out,
            "{}  {}{op}",
            paint(opts.color, level_style(f.level), tag(f.level)),
            paint(opts.color, Style::new().bold(), &f.rule)
        );
        let _ = writeln!(out, "  {}", f.message);
        if let Some(note) = &f.note {
            let _ = writeln!(out, "  note: {note}");
        }
        for line in super::consumers::finding_lines(f) {
            let _ = writeln!(out, "  {line}");
        }
        let sides = [
            ("base:    ", report.base, f.change.base),
            ("revision:", report.revision, f.change.revision),
        ];
        for (label, spec, at) in sides {
            let Some(at) = at else { continue };
            let l = spec.location(at);
            let _ = writeln!(out, "  {label} {}:{}:{}", l.file, l.line, l.column);
            if opts.snippets {
                for (n, line) in super::item::snippet(spec, at, 3) {
                    let _ = writeln!(
                        out,
                        "    {} {line}",
                        paint(opts.color, dim, &format!("{n:>5} │"))
                    );
                }
            }
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
            crate::vocabulary::Bump::None => "no version bump needed".to_string(),
            bump => format!("requires a {bump} version bump"),
        };
        let line = format!(
            "{b} breaking, {w} warning{}, {i} info — {bump}",
            if w == 1 { "" } else { "s" },
        );
        let _ = writeln!(out, "{}", paint(opts.color, Style::new().bold(), &line));
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
    out
}
