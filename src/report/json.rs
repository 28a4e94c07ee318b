//! `--format json`: one object with a `changes` array (see design.md for the contract).

use serde::Serialize;

use super::Report;
use crate::assess::Ignored;
use crate::vocabulary::{Finding, Level, Location, OperationId};

#[derive(Serialize)]
struct Output<'a> {
    base: JsonSpec<'a>,
    revision: JsonSpec<'a>,
    summary: Summary,
    changes: Vec<JsonFinding<'a>>,
    /// Findings weir.toml accepts for now; not counted in the summary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ignored: Vec<IgnoredItem<'a>>,
}

#[derive(Serialize)]
struct IgnoredItem<'a> {
    rule: &'a str,
    level: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
    fingerprint: &'a str,
    reason: &'a str,
    expires: &'a str,
}

#[derive(Serialize)]
struct JsonSpec<'a> {
    file: &'a str,
    format: &'static str,
    version: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    breaking: usize,
    warning: usize,
    info: usize,
    bump: &'static str,
    #[serde(skip_serializing_if = "is_zero")]
    ignored: usize,
    /// Findings a stage lowered below their rule's level.
    #[serde(skip_serializing_if = "is_zero")]
    downgraded: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: &'static str,
    bump: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
    operations: &'a [OperationId],
    kind: &'static str,
    context: &'static str,
    direction: &'static str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    /// Each assessment stage that moved the level or bump away from the rule's, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustments: Option<serde_json::Value>,
    /// The consumers the change affects (when a consumer registry was read).
    #[serde(skip_serializing_if = "Option::is_none")]
    consumers: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    witness: Option<&'a crate::vocabulary::Witness>,
    base: Option<Location>,
    revision: Option<Location>,
    fingerprint: &'a str,
}

pub fn render(report: &Report<'_>) -> String {
    render_with(report, &[])
}

pub fn render_with(report: &Report<'_>, ignored: &[Ignored]) -> String {
    let mut s =
        serde_json::to_string_pretty(&value_with(report, ignored)).expect("report serializes");
    s.push('\n');
    s
}

pub fn value_with(report: &Report<'_>, ignored: &[Ignored]) -> serde_json::Value {
    fn side(spec: &crate::model::Spec) -> JsonSpec<'_> {
        JsonSpec {
            file: &spec.files[0].name,
            format: spec.dialect.name(),
            version: spec.version.as_ref().map(|v| v.value.as_str()),
        }
    }
    let out = Output {
        base: side(report.base),
        revision: side(report.revision),
        summary: Summary {
            breaking: report.count(Level::Breaking),
            warning: report.count(Level::Warning),
            info: report.count(Level::Info),
            bump: report.required_bump().as_str(),
            ignored: ignored.len(),
            downgraded: super::downgraded::of(&report.findings).len(),
        },
        changes: report
            .findings
            .iter()
            .map(|f| item(f, report.base_location(f), report.revision_location(f)))
            .collect(),
        ignored: ignored
            .iter()
            .map(|i| IgnoredItem {
                rule: &i.finding.rule,
                level: i.finding.level.as_str(),
                message: &i.finding.message,
                operation: i.finding.change.operations.first().map(OperationId::label),
                fingerprint: &i.finding.fingerprint,
                reason: &i.reason,
                expires: &i.expires,
            })
            .collect(),
    };
    serde_json::to_value(&out).expect("report serializes")
}

/// A finding as the `changes` array holds it: the one shape `weir diff`, `weir check` and
/// `weir log` give.
fn item(f: &Finding, base: Option<Location>, revision: Option<Location>) -> JsonFinding<'_> {
    JsonFinding {
        rule: &f.rule,
        level: f.level.as_str(),
        bump: f.bump.as_str(),
        message: &f.message,
        operation: f.change.operations.first().map(OperationId::label),
        operations: &f.change.operations,
        kind: f.change.kind.as_str(),
        context: f.change.context.as_str(),
        direction: f.change.direction.as_str(),
        path: &f.change.path,
        name: f.change.name.as_deref(),
        before: f.change.before.as_deref(),
        after: f.change.after.as_deref(),
        note: f.note.as_deref(),
        adjustments: super::downgraded::json(f),
        consumers: f.consumers.as_deref(),
        witness: f.witness.as_ref(),
        base,
        revision,
        fingerprint: &f.fingerprint,
    }
}

/// A finding as JSON, placed where it was when it was made (for reports made without the
/// specs: `weir log`).
pub(super) fn finding_value(f: &Finding) -> serde_json::Value {
    let item = item(f, f.located.base.clone(), f.located.revision.clone());
    serde_json::to_value(item).expect("finding serializes")
}
