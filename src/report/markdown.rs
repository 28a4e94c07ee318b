//! `--format markdown`: for pull-request comments and the GitHub job summary. Breaking
//! changes and warnings are tables; info and ignored findings fold away.

use std::fmt::Write;

use super::Report;
use super::item::{Item, ci_path, items};
use super::summary::{Counts, bump_phrase};
use crate::assess::Ignored;
use crate::gate::Outcome;
use crate::vocabulary::Level;

/// Text for a table cell: no line breaks, no column breaks, no HTML from the spec.
pub(super) fn cell(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ")
}

fn version(spec: &crate::model::Spec) -> String {
    spec.version
        .as_ref()
        .map_or(String::new(), |v| format!(" ({})", cell(&v.value)))
}

fn summary_line(report: &Report<'_>) -> String {
    if report.findings.is_empty() {
        return "no changes".into();
    }
    format!(
        "{} — {}",
        Counts::of(&report.findings),
        bump_phrase(&report.findings, |b| format!("**{b}**"))
    )
}

fn table(out: &mut String, items: &[&Item<'_>]) {
    out.push_str("| Operation | Change | Rule | Where |\n|---|---|---|---|\n");
    for it in items {
        let f = it.finding;
        let ops = match f.change.operations.as_slice() {
            [] => "—".to_string(),
            [one] => format!("`{}`", cell(one.label())),
            [first, rest @ ..] => format!("`{}` (+{} more)", cell(first.label()), rest.len()),
        };
        let mut note = f
            .note
            .as_ref()
            .map_or(String::new(), |n| format!(" <br>_{}_", cell(n)));
        if let Some(c) = f.consumers.as_ref().filter(|c| !c.is_empty()) {
            note.push_str(&format!(" <br>consumers: {}", cell(&c.join(", "))));
        }
        let place = it.revision.as_ref().map_or(String::new(), |l| {
            format!("`{}:{}`", cell(&ci_path(&l.file)), l.line)
        });
        let _ = writeln!(
            out,
            "| {ops} | {}{note} | `{}` | {place} |",
            cell(&f.message),
            f.rule
        );
    }
}

/// The body of a diff report, its headings starting at `level` (`###`).
fn body(out: &mut String, report: &Report<'_>, ignored: &[Ignored], level: usize) {
    let h = "#".repeat(level);
    let all = items(report);
    let of = |l: Level| {
        all.iter()
            .filter(|i| i.finding.level == l)
            .collect::<Vec<_>>()
    };
    let (breaking, warnings, info) = (of(Level::Breaking), of(Level::Warning), of(Level::Info));
    if !breaking.is_empty() {
        let _ = writeln!(out, "\n{h} 🔴 Breaking changes ({})\n", breaking.len());
        table(out, &breaking);
    }
    if !warnings.is_empty() {
        let _ = writeln!(out, "\n{h} 🟡 Warnings ({})\n", warnings.len());
        table(out, &warnings);
    }
    if !info.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>ℹ️ Other changes ({})</summary>\n",
            info.len()
        );
        table(out, &info);
        out.push_str("\n</details>\n");
    }
    out.push_str(&super::downgraded::markdown(&report.findings, cell));
    if !ignored.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Ignored by weir.toml ({})</summary>\n",
            ignored.len()
        );
        out.push_str("| Fingerprint | Change | Rule | Reason | Until |\n|---|---|---|---|---|\n");
        for ig in ignored {
            let _ = writeln!(
                out,
                "| `{}` | {} | `{}` | {} | {} |",
                ig.finding.fingerprint,
                cell(&ig.finding.message),
                ig.finding.rule,
                cell(&ig.reason),
                ig.expires
            );
        }
        out.push_str("\n</details>\n");
    }
}

/// `weir diff --format markdown`.
pub fn diff(report: &Report<'_>, ignored: &[Ignored]) -> String {
    let mut out = format!("### weir: {}\n\n", summary_line(report));
    let _ = writeln!(
        out,
        "`{}`{} → `{}`{}",
        cell(&ci_path(&report.base.files[0].name)),
        version(report.base),
        cell(&ci_path(&report.revision.files[0].name)),
        version(report.revision)
    );
    body(&mut out, report, ignored, 4);
    out
}

/// `weir check --format markdown`, for one spec or several (`--all`).
pub fn check(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    let level = if outcomes.len() > 1 {
        let failed = outcomes.iter().filter(|o| !o.passed()).count();
        let _ = writeln!(
            out,
            "## {} weir check: {} specs, {failed} failed",
            if failed == 0 { "✅" } else { "❌" },
            outcomes.len()
        );
        3
    } else {
        2
    };
    for o in outcomes {
        one_check(&mut out, o, level);
    }
    out.trim_start().to_string()
}

fn one_check(out: &mut String, o: &Outcome, level: usize) {
    let h = "#".repeat(level);
    let mark = if o.passed() { "✅" } else { "❌" };
    let _ = writeln!(
        out,
        "\n{h} {mark} `{}`: {}\n",
        cell(o.label()),
        cell(&super::gate::verdict_line(o))
    );
    out.push_str("| | |\n|---|---|\n");
    match (&o.base_label, &o.base_version) {
        (Some(b), Some(v)) => {
            let _ = writeln!(out, "| Base | `{}` ({v}) |", cell(b));
        }
        _ => out.push_str("| Base | first release: nothing to compare with |\n"),
    }
    let _ = writeln!(out, "| Revision | {} |", cell(&o.revision_label));
    let _ = writeln!(
        out,
        "| Declared | `{}` ({}) |",
        cell(&o.declared.text),
        cell(&o.declared.from)
    );
    if let Some(r) = &o.required {
        let _ = writeln!(out, "| Required | `{r}` or later |");
    }
    for (label, text) in super::gate::scheme_lines(o) {
        let mut label = label.to_string();
        label[..1].make_ascii_uppercase();
        let _ = writeln!(out, "| {label} | {} |", cell(&text));
    }
    let _ = writeln!(out, "| Suggested next version | **`{}`** |", o.next);
    if let Some(report) = super::Report::of(o) {
        let _ = writeln!(out, "\n{}", summary_line(&report));
        body(out, &report, &o.ignored, level + 1);
    }
    if let Some(i) = &o.consumers {
        out.push_str(&super::consumers::markdown(i, &o.findings));
    }
}
