//! The output of `weir check`.

use std::fmt::Write;

use serde_json::json;

use super::{Report, json, text};
use crate::gate::Outcome;
use crate::rules::Level;
use crate::semver::{Bump, Verdict};

fn verdict_line(o: &Outcome) -> String {
    let broken = o.consumers.as_ref().map(|c| c.broken()).unwrap_or_default();
    match &o.verdict {
        Verdict::Pass if !broken.is_empty() => {
            format!("FAIL — registered consumers break: {}", broken.join(", "))
        }
        Verdict::Pass => "PASS".into(),
        Verdict::WentBackwards => "FAIL — the version went backwards".into(),
        Verdict::Unchanged => "FAIL — the API changed but the version did not".into(),
        Verdict::TooSmall { needed } => {
            format!("FAIL — the changes need a {needed} version bump")
        }
    }
}

pub fn render_text(o: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "weir check {}: {}", o.spec_path, verdict_line(o));
    let Some(base_label) = &o.base_label else {
        let _ = writeln!(
            out,
            "  first release: no release tag yet, nothing to compare with"
        );
        let _ = writeln!(out, "  declared  {} ({})", o.declared.text, o.declared.from);
        let _ = writeln!(out, "  suggested next version: {}", o.next);
        if let Some(i) = &o.consumers {
            out.push_str(&crate::consumers::report::text(i, &o.findings));
        }
        return out;
    };
    let base_version = o
        .base_version
        .as_ref()
        .map(|v| v.to_string())
        .unwrap_or_default();
    let _ = writeln!(out, "  base      {base_label} ({base_version})");
    let _ = writeln!(out, "  revision  {}", o.revision_label);
    let count = |l| o.findings.iter().filter(|f| f.level == l).count();
    let needs = match o.bump {
        Bump::None => "no version bump needed".to_string(),
        b => format!("they need a {b} bump"),
    };
    let _ = writeln!(
        out,
        "  changes   {} breaking, {} warning{}, {} info — {needs}",
        count(Level::Breaking),
        count(Level::Warning),
        if count(Level::Warning) == 1 { "" } else { "s" },
        count(Level::Info)
    );
    let _ = writeln!(out, "  declared  {} ({})", o.declared.text, o.declared.from);
    if let Some(r) = &o.required {
        let _ = writeln!(out, "  required  {r} or later");
    }
    let _ = writeln!(out, "  suggested next version: {}", o.next);
    if !o.verdict.passed() {
        let blocking: Vec<_> = o.blocking().into_iter().cloned().collect();
        if !blocking.is_empty()
            && let Some(r) = o.report()
        {
            let _ = writeln!(out, "\nThe changes that need the bigger bump:\n");
            let only = Report {
                findings: blocking,
                ..r
            };
            out.push_str(&text::render(&only));
        }
    }
    if let Some(i) = &o.consumers {
        out.push_str(&crate::consumers::report::text(i, &o.findings));
    }
    out
}

pub fn render_json(o: &Outcome) -> String {
    let verdict = match &o.verdict {
        Verdict::Pass => "pass",
        Verdict::WentBackwards => "went-backwards",
        Verdict::Unchanged => "unchanged",
        Verdict::TooSmall { .. } => "too-small",
    };
    let v = json!({
        "spec": o.spec_path,
        "verdict": verdict,
        "passed": o.passed(),
        "first_release": o.base_label.is_none(),
        "base": o.base_label.as_ref().map(|l| json!({
            "ref": l,
            "version": o.base_version.as_ref().map(|v| v.to_string()),
        })),
        "revision": {"ref": o.revision_label},
        "declared": {
            "version": o.declared.version.to_string(),
            "text": o.declared.text,
            "from": o.declared.from,
        },
        "required_bump": o.bump.as_str(),
        "required_version": o.required.as_ref().map(|v| v.to_string()),
        "next_version": o.next.to_string(),
        "diff": o.report().map(|r| json::value(&r)),
    });
    let mut v = v;
    if let Some(i) = &o.consumers {
        v["consumers"] = crate::consumers::report::json(i);
    }
    let mut s = serde_json::to_string_pretty(&v).expect("serializes");
    s.push('\n');
    s
}
