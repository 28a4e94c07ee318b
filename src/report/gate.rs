//! The output of `weir check`.

use std::fmt::Write;

use serde_json::json;

use super::summary::{Counts, bump_phrase};
use super::{Report, json, text};
use crate::gate::Outcome;
use crate::report::text::TextOptions;
use crate::versions::Verdict;
use crate::vocabulary::{Finding, Level};

/// The gate's verdict for people: `PASS`, or `FAIL — why`, ending with the verdict word the
/// JSON report, `--outputs` and the GitHub Action give (`(verdict: too-small)`), so that a
/// reader of any format meets the same word.
pub(crate) fn verdict_line(o: &Outcome) -> String {
    let why = why_line(o);
    if o.passed() {
        why
    } else {
        format!("{why} (verdict: {})", o.result())
    }
}

fn why_line(o: &Outcome) -> String {
    let broken = o.broken_consumers();
    match &o.verdict {
        Verdict::Pass if !o.refused().is_empty() => {
            let n = o.refused().len();
            format!(
                "FAIL — fail-on = {} refuses {n} {} change{}",
                o.fail_on.as_str(),
                o.fail_on.as_str(),
                if n == 1 { "" } else { "s" },
            )
        }
        Verdict::Pass if !broken.is_empty() => {
            format!("FAIL — registered consumers break: {}", broken.join(", "))
        }
        Verdict::Pass => "PASS".into(),
        Verdict::WentBackwards => "FAIL — the version went backwards".into(),
        Verdict::Unchanged => "FAIL — the API changed but the version did not".into(),
        Verdict::TooSmall { needed } => {
            format!("FAIL — the changes need a {needed} version bump")
        }
        Verdict::Breaking => {
            "FAIL — a breaking change, and no version to announce it (version scheme none)".into()
        }
    }
}

/// The scheme applied and why the verdict follows, as `label  text` lines for text reports.
pub(crate) fn scheme_lines(o: &Outcome) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        ("scheme", format!("{} — {}", o.scheme.scheme, o.scheme.why)),
        ("why", o.reason.clone()),
    ];
    lines.extend(o.notes.iter().map(|n| ("note", n.clone())));
    lines
}

pub(crate) fn render_text_with(o: &Outcome, opts: &TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "weir check {}: {}", o.label(), verdict_line(o));
    let Some(base_label) = &o.base_label else {
        let _ = writeln!(
            out,
            "  first release: no release tag yet, nothing to compare with"
        );
        let _ = writeln!(out, "  declared  {} ({})", o.declared.text, o.declared.from);
        let _ = writeln!(out, "  scheme    {} — {}", o.scheme.scheme, o.scheme.why);
        let _ = writeln!(out, "  suggested next version: {}", o.next);
        if let Some(i) = &o.consumers {
            out.push_str(&super::consumers::text(i, &o.findings));
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
    let _ = writeln!(
        out,
        "  changes   {} — {}",
        Counts::of(&o.findings),
        bump_phrase(&o.findings, |b| b.to_string())
    );
    if !o.ignored.is_empty() {
        let n = o.ignored.len();
        let _ = writeln!(
            out,
            "  ignored   {n} finding{} accepted in weir.toml, not counted",
            if n == 1 { "" } else { "s" }
        );
    }
    let _ = writeln!(out, "  declared  {} ({})", o.declared.text, o.declared.from);
    if let Some(r) = &o.required {
        let _ = writeln!(out, "  required  {r} or later");
    }
    for (label, text) in scheme_lines(o) {
        let _ = writeln!(out, "  {label:<9} {text}");
    }
    let _ = writeln!(out, "  suggested next version: {}", o.next);
    if let Some(r) = super::Report::of(o) {
        out.push_str(&findings_text(o, &r, opts));
    }
    out.push_str(&super::downgraded::text(&o.findings));
    if let Some(i) = &o.consumers {
        out.push_str(&super::consumers::text(i, &o.findings));
    }
    out
}

/// The findings, what decides the verdict first: the changes that fail the gate, then the
/// other breaking changes and warnings; info-level changes are counted, and listed only with
/// `opts.all` (`-v`), so that a check of a big release reads as its few breaking changes.
fn findings_text(o: &Outcome, r: &Report<'_>, opts: &TextOptions) -> String {
    let failing = o.failing();
    let by_level = |pick: &dyn Fn(usize, &Finding) -> bool| {
        let mut fs: Vec<&Finding> = o
            .findings
            .iter()
            .enumerate()
            .filter(|(n, f)| pick(*n, f))
            .map(|(_, f)| f)
            .collect();
        fs.sort_by_key(|f| std::cmp::Reverse(f.level));
        fs
    };
    let fails = by_level(&|n, _| failing[n]);
    let others = by_level(&|n, f| !failing[n] && f.level > Level::Info);
    let info = by_level(&|n, f| !failing[n] && f.level == Level::Info);
    let mut out = String::new();
    let mut section = |title: String, fs: &[&Finding]| {
        if !fs.is_empty() {
            let _ = writeln!(out, "\n{title} ({}):\n", fs.len());
            out.push_str(&text::entries(r, fs.iter().copied(), opts));
        }
    };
    let counts = Counts::of(others.iter().copied());
    let others_title = match (fails.is_empty(), counts.breaking, counts.warning) {
        (true, 0, _) => "Warnings",
        (true, _, 0) => "Breaking changes",
        (true, _, _) => "Breaking changes and warnings",
        (false, 0, _) => "Other warnings",
        (false, _, 0) => "Other breaking changes",
        (false, _, _) => "Other breaking changes and warnings",
    };
    section("The changes that fail the gate".into(), &fails);
    section(others_title.into(), &others);
    if opts.all {
        section("Info-level changes".into(), &info);
    } else if !info.is_empty() && !opts.hide_info {
        if out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} info-level change{} not listed (`weir check -v` lists {}).",
            info.len(),
            if info.len() == 1 { "" } else { "s" },
            if info.len() == 1 { "it" } else { "them" },
        );
    }
    out
}

pub(crate) fn render_json(o: &Outcome) -> String {
    let mut s = serde_json::to_string_pretty(&value(o)).expect("serializes");
    s.push('\n');
    s
}

/// `weir check --all`: every spec's result, and whether they all passed (`verdict`: `pass` or
/// `fail`, as `--outputs` says it).
pub(crate) fn render_json_all(outcomes: &[Outcome]) -> String {
    let passed = outcomes.iter().all(Outcome::passed);
    let v = json!({
        "verdict": if passed { "pass" } else { "fail" },
        "passed": passed,
        "specs": outcomes.iter().map(value).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).expect("serializes");
    s.push('\n');
    s
}

/// The outcome as a JSON value (see `schemas/report.schema.json`, `$defs/check`): `verdict` is
/// the gate's (what decides the exit status), `version_verdict` the version check's alone.
pub(crate) fn value(o: &Outcome) -> serde_json::Value {
    let mut v = json!({
        "spec": o.spec_path,
        "name": o.spec_name,
        "verdict": o.result(),
        "version_verdict": o.version_verdict(),
        "fail_on": o.fail_on.as_str(),
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
        "scheme": {
            "name": o.scheme.scheme.as_str(),
            "why": o.scheme.why,
            "rule": o.scheme.scheme.rule(),
        },
        "reason": o.reason,
        "notes": o.notes,
        "diff": super::Report::of(o).map(|r| json::value_with(&r, &o.ignored)),
    });
    if let Some(i) = &o.consumers {
        v["consumers"] = super::consumers::json(i);
    }
    v
}
