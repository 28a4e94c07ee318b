//! Findings an assessment stage lowered below their rule's level (an unstable item, the
//! deprecation policy, weir.toml, a complete consumer registry nobody in uses the change), and
//! why: every command lists them, whatever its verdict, so a gate never passes on a downgrade
//! nobody sees.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::vocabulary::Finding;

/// The downgraded findings, in order.
pub(crate) fn of(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.downgraded()).collect()
}

/// `breaking → warning (consumers): why`, one per stage that moved the level.
pub(crate) fn steps(f: &Finding) -> Vec<String> {
    f.adjustments
        .iter()
        .filter(|a| a.before.0 != a.after.0)
        .map(|a| {
            let why = if a.reason.is_empty() {
                String::new()
            } else {
                format!(": {}", a.reason)
            };
            format!("{} → {} ({}){why}", a.before.0, a.after.0, a.stage.as_str())
        })
        .collect()
}

fn headline(f: &Finding) -> String {
    match f.change.operations.first() {
        Some(op) => format!("{}  {op}: {}", f.rule, f.message),
        None => format!("{}  {}", f.rule, f.message),
    }
}

/// Each downgraded finding as text lines: the finding, then each step that lowered it.
pub(crate) fn lines(findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    for f in of(findings) {
        out.push(format!(
            "{} {}",
            f.level.as_str().to_uppercase(),
            headline(f)
        ));
        out.extend(steps(f).into_iter().map(|s| format!("  {s}")));
    }
    out
}

/// The text section: empty when nothing was downgraded.
pub(crate) fn text(findings: &[Finding]) -> String {
    let n = of(findings).len();
    if n == 0 {
        return String::new();
    }
    let mut out = format!("\nDowngraded below their rule's level ({n}):\n");
    for line in lines(findings) {
        let _ = writeln!(out, "  {line}");
    }
    out
}

/// The Markdown section (folded): empty when nothing was downgraded. `cell` escapes text for
/// a table cell.
pub(crate) fn markdown(findings: &[Finding], cell: impl Fn(&str) -> String) -> String {
    let list = of(findings);
    if list.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "\n<details><summary>⬇️ Downgraded below their rule's level ({})</summary>\n\n",
        list.len()
    );
    out.push_str("| Operation | Change | Rule | Now | Why |\n|---|---|---|---|---|\n");
    for f in list {
        let op = f
            .change
            .operations
            .first()
            .map_or("—".to_string(), |o| format!("`{}`", cell(o.label())));
        let _ = writeln!(
            out,
            "| {op} | {} | `{}` | {} | {} |",
            cell(&f.message),
            f.rule,
            f.level,
            cell(&steps(f).join("; "))
        );
    }
    out.push_str("\n</details>\n");
    out
}

/// A finding's adjustments in JSON (`None` when no stage changed its verdict).
pub(crate) fn json(f: &Finding) -> Option<Value> {
    (!f.adjustments.is_empty()).then(|| {
        f.adjustments
            .iter()
            .map(|a| {
                json!({
                    "stage": a.stage.as_str(),
                    "from": {"level": a.before.0.as_str(), "bump": a.before.1.as_str()},
                    "to": {"level": a.after.0.as_str(), "bump": a.after.1.as_str()},
                    "reason": a.reason,
                })
            })
            .collect()
    })
}
