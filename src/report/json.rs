//! `--format json`: one object with a `changes` array (see design.md for the contract).
//!
//! The report is serialized straight from the findings, not through a `serde_json::Value`
//! per finding. serde_json is built without `preserve_order`, so the `Value` this output
//! used to go through kept each object's keys sorted; the structs below list their fields
//! in that (byte-wise) order, which keeps the output byte for byte what it was.

use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::Report;
use crate::assess::Ignored;
use crate::vocabulary::{Finding, Level, Location, OperationId, Witness};

mod by_hand;

#[derive(Serialize)]
struct Output<'a> {
    base: JsonSpec<'a>,
    changes: Findings<'a>,
    /// The consumers registry's view of the changes (`--consumers`).
    #[serde(skip_serializing_if = "Option::is_none")]
    consumers: Option<serde_json::Value>,
    /// Findings weir.toml accepts for now; not counted in the summary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ignored: Vec<IgnoredItem<'a>>,
    revision: JsonSpec<'a>,
    summary: Summary,
}

#[derive(Serialize)]
struct IgnoredItem<'a> {
    expires: &'a str,
    fingerprint: &'a str,
    level: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
    reason: &'a str,
    rule: &'a str,
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
    bump: &'static str,
    /// Findings a stage lowered below their rule's level.
    #[serde(skip_serializing_if = "is_zero")]
    downgraded: usize,
    #[serde(skip_serializing_if = "is_zero")]
    ignored: usize,
    info: usize,
    warning: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    /// Each assessment stage that moved the level or bump away from the rule's, and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    adjustments: Option<Vec<JsonAdjustment<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    after: Option<&'a str>,
    base: Option<JsonLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<&'a str>,
    bump: &'static str,
    /// The consumers the change affects (when a consumer registry was read).
    #[serde(skip_serializing_if = "Option::is_none")]
    consumers: Option<&'a [String]>,
    context: &'static str,
    direction: &'static str,
    fingerprint: &'a str,
    kind: &'static str,
    level: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    /// Every property a finding folded from sibling properties is about (`name` is the first).
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    names: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a RawValue>,
    operations: Labels<'a>,
    path: &'a str,
    revision: Option<JsonLocation<'a>>,
    rule: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    witness: Option<JsonWitness<'a>>,
}

/// One stage's change to a finding's verdict (the SARIF report's `adjustments` too).
#[derive(Serialize)]
pub(super) struct JsonAdjustment<'a> {
    from: LevelBump,
    reason: &'a str,
    stage: &'static str,
    to: LevelBump,
}

impl<'a> JsonAdjustment<'a> {
    /// A finding's adjustments; `None` (left out) when no stage changed its verdict.
    pub(super) fn all(f: &'a Finding) -> Option<Vec<JsonAdjustment<'a>>> {
        (!f.adjustments.is_empty()).then(|| {
            f.adjustments
                .iter()
                .map(|a| JsonAdjustment {
                    from: LevelBump {
                        bump: a.before.1.as_str(),
                        level: a.before.0.as_str(),
                    },
                    reason: &a.reason,
                    stage: a.stage.as_str(),
                    to: LevelBump {
                        bump: a.after.1.as_str(),
                        level: a.after.0.as_str(),
                    },
                })
                .collect()
        })
    }
}

#[derive(Serialize)]
struct LevelBump {
    bump: &'static str,
    level: &'static str,
}

/// Operations as their labels, each escaped once ([`OperationId::label_json`]): a big diff's
/// report lists thousands.
struct Labels<'a>(&'a [OperationId]);

impl Serialize for Labels<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(OperationId::label_json))
    }
}

/// A [`Location`] with its keys in the order the reports give them (the SARIF report's too).
#[derive(Serialize)]
pub(super) struct JsonLocation<'a> {
    column: u32,
    file: FileName<'a>,
    line: u32,
    pointer: &'a str,
}

/// A file's name, as text or as JSON written beforehand ([`FileNames`]).
#[derive(Serialize)]
#[serde(untagged)]
enum FileName<'a> {
    Written(&'a RawValue),
    Text(&'a str),
}

impl<'a> JsonLocation<'a> {
    pub(super) fn of(l: &'a Location) -> JsonLocation<'a> {
        JsonLocation::named(l, None)
    }

    /// The location, its file's name taken from `names` when they have it.
    fn named(l: &'a Location, names: Option<&'a FileNames>) -> JsonLocation<'a> {
        JsonLocation {
            column: l.column,
            file: names
                .and_then(|n| n.get(&l.file))
                .map_or(FileName::Text(&l.file), FileName::Written),
            line: l.line,
            pointer: &l.pointer,
        }
    }
}

/// The names of both specs' files as JSON strings, each escaped once for a whole report: the
/// two places of every finding name their files (an eighth of a big diff's JSON text).
struct FileNames(Vec<(String, Box<RawValue>)>);

impl FileNames {
    fn of(report: &Report<'_>) -> FileNames {
        let files = report.base.files.iter().chain(&report.revision.files);
        FileNames(
            files
                .map(|f| {
                    let json = serde_json::value::to_raw_value(&f.name);
                    (f.name.to_string(), json.expect("a string serializes"))
                })
                .collect(),
        )
    }

    fn get(&self, name: &str) -> Option<&RawValue> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, json)| &**json)
    }
}

/// [`Witness`] with its keys in the order the reports give them (the SARIF report's too).
#[derive(Serialize)]
pub(super) struct JsonWitness<'a> {
    found: bool,
    #[serde(rename = "in", skip_serializing_if = "Option::is_none")]
    part: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    invalid_in: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a OperationId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<JsonLocation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    valid_in: Option<&'static str>,
}

impl<'a> JsonWitness<'a> {
    pub(super) fn of(w: &'a Witness) -> JsonWitness<'a> {
        JsonWitness {
            found: w.found,
            part: w.part.as_deref(),
            invalid_in: w.invalid_in,
            operation: w.operation.as_ref(),
            payload: w.payload.as_ref(),
            pointer: w.pointer.as_deref(),
            reason: &w.reason,
            schema: w.schema.as_ref().map(JsonLocation::of),
            valid_in: w.valid_in,
        }
    }
}

/// A `changes` array (`weir diff`'s, or one commit's in `weir log`), each finding written
/// with the places classification gave it (the same [`Report::base_location`] and
/// [`Report::revision_location`] would compute again).
pub(super) struct Findings<'a>(pub(super) &'a [Finding]);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for f in self.0 {
            seq.serialize_element(&finding(f, None))?;
        }
        seq.end()
    }
}

pub fn render(report: &Report<'_>) -> String {
    render_with(report, &[])
}

pub fn render_with(report: &Report<'_>, ignored: &[Ignored]) -> String {
    render_full(report, ignored, None)
}

/// The whole report, with the consumers registry's part when one was read.
pub fn render_full(
    report: &Report<'_>,
    ignored: &[Ignored],
    consumers: Option<serde_json::Value>,
) -> String {
    let mut whole = output(report, ignored, consumers);
    // The `changes` array, most of a big report, is written by hand ([`JsonFinding::write`])
    // on every core and put in place of the empty one the rest of the document is written
    // with. An empty array's text cannot stand inside a JSON string (its quotes would be
    // escaped), and the keys before `changes` are `base`'s, so the first one at the top
    // level is the one. A small report is one run, written on the calling thread.
    whole.changes = Findings(&[]);
    let rest = super::pretty::to_string(&whole).expect("report serializes");
    let empty = "\n  \"changes\": []";
    let at = rest.find(empty).expect("the report has a changes array") + empty.len() - 2;
    let mut runs = changes_runs(&report.findings, &FileNames::of(report), &rest[..at]);
    // The first run already starts with the text before the array: the others are appended
    // to it, rather than every run copied into a string of its own.
    let mut s = std::mem::take(&mut runs[0]);
    s.reserve(runs[1..].iter().map(String::len).sum::<usize>() + rest.len() - at + 4);
    for r in &runs[1..] {
        s.push_str(r);
    }
    if !report.findings.is_empty() {
        s.push_str("\n  ");
    }
    s.push(']');
    s.push_str(&rest[at + 2..]);
    s.push('\n');
    s
}

/// The findings of the `changes` array as the whole report holds them (one level deep, each
/// on a line of its own after a comma but the first), written in runs on as many threads as
/// the machine has; the runs in order, the first after `before` and the array's `[`. Each run
/// is checked to be UTF-8 on the thread that wrote it.
fn changes_runs(findings: &[Finding], names: &FileNames, before: &str) -> Vec<String> {
    crate::parallel::runs(findings, |run, first| {
        // A finding is 2–4 KB of JSON on big diffs (its operations, one per line).
        let mut out = Vec::with_capacity(run.len() * 4096);
        if first == 0 {
            out.extend_from_slice(before.as_bytes());
            out.push(b'[');
        }
        let written = super::pretty::elements_at(&mut out, run, 2, first == 0, |w, f| {
            finding(f, Some(names)).write(w)
        });
        written.expect("a finding serializes");
        String::from_utf8(out).expect("serde_json writes UTF-8")
    })
}

pub fn value_with(report: &Report<'_>, ignored: &[Ignored]) -> serde_json::Value {
    serde_json::to_value(output(report, ignored, None)).expect("report serializes")
}

fn output<'a>(
    report: &'a Report<'_>,
    ignored: &'a [Ignored],
    consumers: Option<serde_json::Value>,
) -> Output<'a> {
    fn side(spec: &crate::model::Spec) -> JsonSpec<'_> {
        JsonSpec {
            file: &spec.files[0].name,
            format: spec.dialect.name(),
            version: spec.version.as_ref().map(|v| v.value.as_str()),
        }
    }
    Output {
        base: side(report.base),
        changes: Findings(&report.findings),
        consumers,
        ignored: ignored
            .iter()
            .map(|i| IgnoredItem {
                expires: &i.expires,
                fingerprint: &i.finding.fingerprint,
                level: i.finding.level.as_str(),
                message: &i.finding.message,
                operation: i.finding.change.operations.first().map(OperationId::label),
                reason: &i.reason,
                rule: &i.finding.rule,
            })
            .collect(),
        revision: side(report.revision),
        summary: Summary {
            breaking: report.count(Level::Breaking),
            bump: report.required_bump().as_str(),
            downgraded: super::downgraded::of(&report.findings).len(),
            ignored: ignored.len(),
            info: report.count(Level::Info),
            warning: report.count(Level::Warning),
        },
    }
}

/// A finding as the `changes` array holds it: the one shape `weir diff`, `weir check` and
/// `weir log` give.
fn item<'a>(
    f: &'a Finding,
    base: Option<&'a Location>,
    revision: Option<&'a Location>,
    names: Option<&'a FileNames>,
) -> JsonFinding<'a> {
    JsonFinding {
        adjustments: JsonAdjustment::all(f),
        after: f.change.after.as_deref(),
        base: base.map(|l| JsonLocation::named(l, names)),
        before: f.change.before.as_deref(),
        bump: f.bump.as_str(),
        consumers: f.consumers.as_deref(),
        context: f.change.context.as_str(),
        direction: f.change.direction.as_str(),
        fingerprint: &f.fingerprint,
        kind: f.change.kind.as_str(),
        level: f.level.as_str(),
        message: &f.message,
        name: f.change.name.as_deref(),
        names: &f.names,
        note: f.note.as_deref(),
        operation: f.change.operations.first().map(OperationId::label_json),
        operations: Labels(&f.change.operations),
        path: &f.change.path,
        revision: revision.map(|l| JsonLocation::named(l, names)),
        rule: &f.rule,
        witness: f.witness.as_ref().map(JsonWitness::of),
    }
}

/// A finding as JSON, placed where it was when it was made (its files' names taken from
/// `names` when given).
fn finding<'a>(f: &'a Finding, names: Option<&'a FileNames>) -> JsonFinding<'a> {
    item(
        f,
        f.located.base.as_ref(),
        f.located.revision.as_ref(),
        names,
    )
}
