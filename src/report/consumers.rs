//! How consumers, their impact and witnesses read in reports: lines for each finding, a
//! section per consumer (text and Markdown), JSON, and the `weir consumers` listing.

use std::fmt::Write;

use serde_json::{Value, json};

use super::pretty_writer::short_escape;
use crate::consumers::Impact;
use crate::consumers::impact::Through;
use crate::consumers::registry::Registry;
use crate::diff::value::clean_run;
use crate::vocabulary::{Finding, Level, OperationId, Witness};

/// What a report says of a registry not declared complete.
const NOT_COMPLETE: &str = "The registry is not declared complete ([consumers] complete = true): consumers it does not list may be affected too.";

/// Payloads longer than this are shown by the value that makes the difference.
const SHOWN: usize = 160;

/// The lines a finding gets in text output: who it affects and its witness.
pub(crate) fn finding_lines(f: &Finding) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(names) = &f.consumers
        && !names.is_empty()
    {
        out.push(format!("consumers: {}", names.join(", ")));
    }
    if let Some(w) = &f.witness {
        out.extend(witness_lines(w));
    }
    out
}

pub(crate) fn witness_lines(w: &Witness) -> Vec<String> {
    let (Some(payload), Some(part), Some(op)) = (&w.payload, &w.part, &w.operation) else {
        return vec![format!("witness: none — {}", w.reason)];
    };
    let length = compact_length(payload);
    let shown = if length <= SHOWN {
        payload.to_string()
    } else {
        let leaf = w
            .pointer
            .as_deref()
            .and_then(|p| payload.pointer(p))
            .map_or("(left out)".to_string(), |v| {
                crate::json_schema::instance::short(v, 60)
            });
        format!(
            "{} = {leaf} in a payload of {} characters (see --format json)",
            w.pointer.as_deref().unwrap_or(""),
            length
        )
    };
    let place = w.schema.as_ref().map_or(String::new(), |l| {
        format!(" ({}:{}:{})", l.file, l.line, l.column)
    });
    vec![
        format!("witness: {op} {part}: {shown}"),
        format!(
            "         valid in the {}, refused by the {}: {}{place}",
            w.valid_in.unwrap_or("?"),
            w.invalid_in.unwrap_or("?"),
            w.reason
        ),
    ]
}

/// The characters of a value's compact JSON text (`Value::to_string`), counted from the value
/// rather than written: a witness's payload runs to thousands (GitHub's repositories nest in
/// every pull request), and only those of at most [`SHOWN`] are shown whole. Writing them
/// through serde_json to be counted was 3.3 M instructions of GitHub's big text report.
fn compact_length(v: &Value) -> usize {
    match v {
        Value::String(s) => string_length(s),
        // `[`, `]` and a comma between each two.
        Value::Array(items) => {
            2 + items.len().saturating_sub(1) + items.iter().map(compact_length).sum::<usize>()
        }
        // `{`, `}`, a comma between each two entries and a colon in each.
        Value::Object(entries) => {
            let inner: usize = entries
                .iter()
                .map(|(k, v)| string_length(k) + 1 + compact_length(v))
                .sum();
            2 + entries.len().saturating_sub(1) + inner
        }
        Value::Null => "null".len(),
        Value::Bool(true) => "true".len(),
        Value::Bool(false) => "false".len(),
        // serde_json writes an integer by itoa, a float (always finite in a `Value`) as its
        // `Display` does.
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => itoa::Buffer::new().format(u).len(),
            (None, Some(i)) => itoa::Buffer::new().format(i).len(),
            (None, None) => n.to_string().len(),
        },
    }
}

/// The characters of `s` as a JSON string: its own, its quotes, and a backslash more for each
/// byte escaped with a letter (`\n`), five more for one escaped by its code (`\u001f`). The
/// escaped bytes are found a clean run at a time ([`clean_run`]), as the JSON writer finds
/// them.
fn string_length(s: &str) -> usize {
    // Most are ASCII, a character a byte: checked a word at a time, where counting characters
    // goes a byte at a time in strings this short (a key, a URL).
    let characters = if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    };
    let mut length = 2 + characters;
    let mut rest = s.as_bytes();
    loop {
        let clean = clean_run(rest);
        let Some((&b, after)) = rest[clean..].split_first() else {
            return length;
        };
        length += short_escape(b).map_or(5, |_| 1);
        rest = after;
    }
}

/// The operation through which a finding reaches a consumer: the one the consumer calls.
fn operation<'a>(t: &'a Through, f: &'a Finding) -> &'a str {
    match &t.operation {
        Some(op) => op.label(),
        None if f.change.operations.is_empty() => "every operation",
        None => f.change.operations.first().map_or("", OperationId::label),
    }
}

/// What of the operation the consumer reads or sends that the finding changes:
/// `reads response 200 application/json › data[].owner.name`, `uses the operation`.
fn what(t: &Through, f: &Finding) -> String {
    match (&t.field, &t.operation) {
        (Some(field), _) => format!("{} {field}", t.verb(f)),
        (None, Some(_)) => "uses the operation".into(),
        (None, None) => "uses the API".into(),
    }
}

fn headline(c: &crate::consumers::impact::ConsumerImpact) -> (String, String) {
    let who = match (&c.owner, &c.contact) {
        (Some(o), Some(m)) => format!("{} ({o}, {m})", c.name),
        (Some(o), None) | (None, Some(o)) => format!("{} ({o})", c.name),
        (None, None) => c.name.clone(),
    };
    let status = match c.status {
        "broken" => "BROKEN",
        "pinned-out" => "not on it",
        other => other,
    };
    (status.to_string(), who)
}

fn counts(c: &crate::consumers::impact::ConsumerImpact) -> String {
    let mut parts = Vec::new();
    for (n, word) in [
        (c.breaking, "breaking"),
        (c.warning, "warning"),
        (c.info, "info"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    parts.join(", ")
}

/// The per-consumer section of text output.
pub(crate) fn text(i: &Impact, findings: &[Finding]) -> String {
    let mut out = format!("\nConsumers ({}):\n", i.dir);
    if i.consumers.is_empty() {
        out.push_str("  none registered\n");
    } else if !i.complete {
        let _ = writeln!(out, "  {NOT_COMPLETE}");
    }
    for c in &i.consumers {
        let (status, who) = headline(c);
        let detail = match &c.pinned_out {
            Some(p) => p.clone(),
            None => counts(c),
        };
        let sep = if detail.is_empty() { "" } else { " — " };
        let _ = writeln!(out, "  {status:<10}  {who}{sep}{detail}");
        // A finding about sibling properties reaches a consumer once per field it uses: the
        // finding is written once, each field under it.
        for run in c.through.chunk_by(|a, b| a.change == b.change) {
            let (t, f) = (&run[0], &findings[run[0].change]);
            if f.level == Level::Info {
                continue;
            }
            let _ = writeln!(
                out,
                "              {} {}  {}: {}",
                f.level.as_str().to_uppercase(),
                f.rule,
                operation(t, f),
                f.message
            );
            for t in run {
                let _ = writeln!(out, "                {} ({})", what(t, f), t.place);
            }
            if let Some(note) = &f.note {
                let _ = writeln!(out, "                note: {note}");
            }
        }
        for p in i.pact_failures.iter().filter(|p| p.consumer == c.name) {
            let _ = writeln!(out, "              PACT {}: {}", p.interaction, p.problem);
        }
    }
    if !i.pact_failures.is_empty() {
        let _ = writeln!(out, "\nPact interactions that no longer validate:");
        out.push_str(&failures(&i.pact_failures));
    }
    if !i.already_failing.is_empty() {
        let _ = writeln!(
            out,
            "\nPact interactions already failing against the base (not blocking: this release does not change that):"
        );
        out.push_str(&failures(&i.already_failing));
    }
    out
}

fn failures(list: &[crate::consumers::impact::verify::Failure]) -> String {
    let mut out = String::new();
    for p in list {
        let _ = writeln!(out, "  {} {} ({})", p.consumer, p.interaction, p.place);
        let _ = writeln!(out, "    {}", p.problem);
        if let Some(l) = &p.schema {
            let _ = writeln!(
                out,
                "    schema: {}:{}:{} ({})",
                l.file, l.line, l.column, l.pointer
            );
        }
    }
    out
}

/// `weir consumers --spec`: how the Pact interactions fare against the spec.
pub(crate) fn verification_text(i: &Impact, spec: Option<&str>) -> String {
    let spec = spec.unwrap_or("the spec");
    let mut out = String::new();
    if i.pact_failures.is_empty() {
        let _ = writeln!(out, "\nEvery Pact interaction validates against {spec}.");
    } else {
        let _ = writeln!(
            out,
            "\nPact interactions that do not validate against {spec}:"
        );
        out.push_str(&failures(&i.pact_failures));
    }
    out
}

/// The per-consumer section in Markdown (PR comments, release notes).
pub(crate) fn markdown(i: &Impact, findings: &[Finding]) -> String {
    let mut out = String::from("\n### Consumers\n\n");
    if i.consumers.is_empty() {
        out.push_str("No consumers registered.\n");
    } else if !i.complete {
        let _ = writeln!(out, "_{NOT_COMPLETE}_\n");
    }
    for c in &i.consumers {
        let (status, who) = headline(c);
        let mark = match status.as_str() {
            "BROKEN" => "❌",
            "affected" => "⚠️",
            _ => "✅",
        };
        let detail = c.pinned_out.clone().unwrap_or_else(|| counts(c));
        let sep = if detail.is_empty() { "" } else { ": " };
        let _ = writeln!(out, "- {mark} **{who}** — {status}{sep}{detail}");
        for t in &c.through {
            let f = &findings[t.change];
            if f.level != Level::Info {
                let _ = writeln!(
                    out,
                    "  - {} `{}` on `{}`, {}: {}",
                    f.level,
                    f.rule,
                    operation(t, f),
                    what(t, f),
                    f.message
                );
            }
        }
        for p in i.pact_failures.iter().filter(|p| p.consumer == c.name) {
            let _ = writeln!(out, "  - Pact {}: {}", p.interaction, p.problem);
        }
    }
    out
}

/// The consumer section of JSON output.
pub(crate) fn json(i: &Impact) -> Value {
    serde_json::to_value(i).expect("impact serializes")
}

/// `weir consumers`: each consumer and what it uses.
pub(crate) fn listing_text(r: &Registry) -> String {
    let mut out = String::new();
    if r.consumers.is_empty() {
        let _ = writeln!(out, "No consumers in {}.", r.dir);
    }
    for c in &r.consumers {
        let who = [&c.owner, &c.contact]
            .into_iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let who = if who.is_empty() {
            String::new()
        } else {
            format!(" ({who})")
        };
        let _ = writeln!(out, "{}{who}  {}", c.name, c.files.join(", "));
        if !c.versions.is_empty() {
            let _ = writeln!(out, "  pinned to {}", c.versions.join(", "));
        }
        for u in &c.uses {
            let fields = |word: &str, f: &Option<crate::consumers::registry::params::Names>| match f
            {
                None => format!("{word} everything"),
                Some(names) => match names.texts() {
                    list if list.is_empty() => format!("{word} nothing"),
                    list => format!("{word} {}", list.join(", ")),
                },
            };
            let _ = writeln!(
                out,
                "  {:<28} {}; {}",
                u.operation.label(),
                fields("reads", &u.reads),
                fields("sends", &u.sends)
            );
        }
        if !c.interactions.is_empty() {
            let _ = writeln!(
                out,
                "  {} Pact interaction{} (Pact {})",
                c.interactions.len(),
                if c.interactions.len() == 1 { "" } else { "s" },
                c.interactions[0].pact_version
            );
        }
    }
    out
}

pub(crate) fn listing_json(r: &Registry, verified: Option<&Impact>) -> String {
    let fields = |f: &Option<crate::consumers::registry::params::Names>| {
        f.as_ref()
            .map(crate::consumers::registry::params::Names::texts)
    };
    let consumers: Vec<Value> = r
        .consumers
        .iter()
        .map(|c| {
            json!({
                "name": c.name,
                "owner": c.owner,
                "contact": c.contact,
                "files": c.files,
                "versions": c.versions,
                "uses": c.uses.iter().map(|u| json!({
                    "operation": u.operation.label(),
                    "reads": fields(&u.reads),
                    "sends": fields(&u.sends),
                    "at": u.place,
                })).collect::<Vec<_>>(),
                "interactions": c.interactions.iter().map(|i| json!({
                    "description": i.description,
                    "request": format!("{} {}", i.method.upper(), i.path),
                    "status": i.status,
                    "pact_specification": i.pact_version,
                    "at": i.place,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut v = json!({"dir": r.dir, "consumers": consumers});
    if let Some(i) = verified {
        v["pact_failures"] = serde_json::to_value(&i.pact_failures).expect("serializes");
    }
    let mut s = serde_json::to_string_pretty(&v).expect("serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn compact_lengths_count_characters() {
        let values = [
            serde_json::json!({"a": "é\"x\n", "b": [1, null, true, 2.5], "c": "日本"}),
            serde_json::json!({"\u{1}k\\": ["\u{1f}\u{8}\u{c}\r\t", [], {}, -7, 1e300, 0.1, false]}),
            serde_json::json!([[{"long": "x".repeat(40)}, "tail \u{7f} é"], {"": ""}]),
            serde_json::json!("\u{0}"),
            serde_json::json!(null),
            serde_json::json!(u64::MAX),
            serde_json::json!(i64::MIN),
            serde_json::json!(-0.0),
            serde_json::json!({}),
            serde_json::json!([]),
        ];
        for v in values {
            assert_eq!(
                super::compact_length(&v),
                v.to_string().chars().count(),
                "{v}"
            );
        }
    }
}
