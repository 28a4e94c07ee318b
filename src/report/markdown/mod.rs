//! `--format markdown`: for pull-request comments and the GitHub job summary. What decides
//! the verdict comes first — breaking changes, then warnings, each under the operation they
//! reach (see [`groups`]) — and info and ignored findings fold away. A report is cut to the
//! size its place allows ([`Publishing::max_bytes`]), breaking changes kept first, and says
//! what it left out (see [`budget`]).

pub mod budget;
mod groups;

use std::fmt::Write;

use super::Report;
use super::item::{Item, ci_path, items};
use super::publishing::Publishing;
use super::summary::{Counts, bump_phrase};
use crate::assess::Ignored;
use crate::consumers::Impact;
use crate::gate::Outcome;
use crate::vocabulary::Level;
use budget::Budget;

/// Text for a table cell: no line breaks, no column breaks, no HTML from the spec. One pass
/// (it runs once or twice per finding), not one `replace` per character.
pub(super) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
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

/// The body of a diff report, its headings starting at `level` (`###`): breaking changes,
/// warnings, other changes (folded), downgraded and ignored findings, the consumers.
fn body(
    b: &mut Budget,
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&Impact>,
    level: usize,
    publishing: &Publishing,
) {
    let h = "#".repeat(level);
    let all = items(report);
    let of = |l: Level| {
        all.iter()
            .filter(|i| i.finding.level == l)
            .collect::<Vec<&Item<'_>>>()
    };
    for (l, title) in [
        (Level::Breaking, "🔴 Breaking changes"),
        (Level::Warning, "🟡 Warnings"),
    ] {
        let list = of(l);
        if !list.is_empty() {
            b.fits(&format!("\n{h} {title} ({})\n", list.len()));
            groups::write(b, &groups::groups(&list), publishing);
        }
    }
    let info = of(Level::Info);
    if !info.is_empty() {
        let open = b.fits(&format!(
            "\n<details><summary>ℹ️ Other changes ({})</summary>\n",
            info.len()
        ));
        groups::write(b, &groups::groups(&info), publishing);
        if open {
            b.always("\n</details>\n");
        }
    }
    b.part(
        "the downgraded findings",
        &super::downgraded::markdown(&report.findings, cell),
    );
    b.part("the findings weir.toml ignores", &ignored_table(ignored));
    if let Some(i) = impact {
        b.part(
            "the consumers section",
            &super::consumers::markdown(i, &report.findings),
        );
    }
}

fn ignored_table(ignored: &[Ignored]) -> String {
    if ignored.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n<details><summary>Ignored by weir.toml ({})</summary>\n\n",
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
    out
}

/// `weir diff --format markdown`.
pub fn diff(
    report: &Report<'_>,
    ignored: &[Ignored],
    impact: Option<&Impact>,
    publishing: &Publishing,
) -> String {
    let mut b = Budget::new(publishing.max_bytes);
    b.always(&format!("### weir: {}\n\n", summary_line(report)));
    b.always(&format!(
        "`{}`{} → `{}`{}\n",
        cell(&ci_path(&report.base.files[0].name)),
        version(report.base),
        cell(&ci_path(&report.revision.files[0].name)),
        version(report.revision)
    ));
    body(&mut b, report, ignored, impact, 4, publishing);
    b.finish(publishing.elsewhere())
}

/// `weir check --format markdown`, for one spec or several (`--all`; each gets an equal
/// share of the size limit).
pub fn check(outcomes: &[Outcome], publishing: &Publishing) -> String {
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
    let share = publishing
        .max_bytes
        .map(|m| m.saturating_sub(out.len()) / outcomes.len().max(1));
    for o in outcomes {
        let mut b = Budget::new(share);
        one_check(&mut b, o, level, publishing);
        out.push_str(&b.finish(publishing.elsewhere()));
    }
    out.trim_start().to_string()
}

fn one_check(b: &mut Budget, o: &Outcome, level: usize, publishing: &Publishing) {
    let h = "#".repeat(level);
    let mark = if o.passed() { "✅" } else { "❌" };
    let mut out = String::new();
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
    match super::Report::of(o) {
        Some(report) => {
            let _ = writeln!(out, "\n{}", summary_line(&report));
            b.always(&out);
            body(
                b,
                &report,
                &o.ignored,
                o.consumers.as_ref(),
                level + 1,
                publishing,
            );
        }
        None => {
            b.always(&out);
            if let Some(i) = &o.consumers {
                b.part(
                    "the consumers section",
                    &super::consumers::markdown(i, &o.findings),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_escape_html_and_column_breaks_and_join_lines() {
        assert_eq!(cell("a&b <c> | d\r\né"), "a&amp;b &lt;c&gt; \\| d  é");
        assert_eq!(cell("&lt;"), "&amp;lt;");
    }
}
