//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).
//! Rule metadata comes from the catalogue (`rules/<id>.toml`); results point at the revision
//! spec; findings `weir.toml` ignores are results with an external suppression. The output
//! validates against the OASIS schema vendored in `schemas/` (a test checks it).

use serde_json::{Value, json};

use super::Report;
use super::item::{Item, ci_path, items, severity};
use crate::assess::Ignored;
use crate::consumers::Impact;
use crate::gate::Outcome;
use crate::rules::{Rule, catalogue};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// `weir diff --format sarif`: one run.
pub(crate) fn diff(report: &Report<'_>, ignored: &[Ignored], impact: Option<&Impact>) -> String {
    finish(vec![run(Some(report), ignored, None, impact)])
}

/// `weir check --format sarif`: one run per spec.
pub(crate) fn check(outcomes: &[Outcome]) -> String {
    finish(
        outcomes
            .iter()
            .map(|o| {
                run(
                    super::Report::of(o).as_ref(),
                    &o.ignored,
                    Some(o),
                    o.consumers.as_ref(),
                )
            })
            .collect(),
    )
}

fn finish(runs: Vec<Value>) -> String {
    let log = json!({"$schema": SCHEMA, "version": "2.1.0", "runs": runs});
    let mut s = super::pretty::to_string(&log).expect("serializes");
    s.push('\n');
    s
}

fn run(
    report: Option<&Report<'_>>,
    ignored: &[Ignored],
    outcome: Option<&Outcome>,
    impact: Option<&Impact>,
) -> Value {
    let items = report.map(items).unwrap_or_default();
    // Only the rules the run refers to, in id order; results point at them by index.
    let mut ids: Vec<&str> = items
        .iter()
        .map(|i| i.finding.rule.as_str())
        .chain(ignored.iter().map(|i| i.finding.rule.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let index = |id: &str| ids.binary_search(&id).unwrap_or(0);
    let failing = outcome.map(Outcome::failing);
    let mut results: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(n, it)| {
            let mut v = result(
                it,
                index(&it.finding.rule),
                severity(it.finding.level),
                report,
            );
            // Whether it fails the gate is a fact of its own, not its level.
            if let Some(f) = &failing {
                v["properties"]["failsGate"] = json!(f[n]);
            }
            v
        })
        .collect();
    if let Some(r) = report {
        for ig in ignored {
            let it = Item {
                finding: &ig.finding,
                base: r.base_location(&ig.finding),
                revision: r.revision_location(&ig.finding),
                fingerprint: ig.finding.fingerprint.clone(),
            };
            let mut v = result(&it, index(&ig.finding.rule), "note", report);
            v["suppressions"] = json!([{
                "kind": "external",
                "status": "accepted",
                "justification": format!("{} (weir.toml, until {})", ig.reason, ig.expires),
            }]);
            results.push(v);
        }
    }
    let mut run = json!({
        "tool": {"driver": {
            "name": "weir",
            "version": env!("CARGO_PKG_VERSION"),
            "rules": ids.iter().map(|id| descriptor(id, catalogue().get(id))).collect::<Vec<_>>(),
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    });
    if let Some(i) = impact {
        run["properties"] = json!({"consumers": super::consumers::json(i)});
    }
    if let Some(o) = outcome {
        run["automationDetails"] = json!({"id": format!("weir/{}/", o.label())});
        run["invocations"] = json!([{
            "executionSuccessful": true,
            "properties": {
                "spec": o.label(),
                "verdict": o.result(),
                "versionVerdict": o.version_verdict(),
                "passed": o.passed(),
                "base": o.base_label,
                "declaredVersion": o.declared.version.to_string(),
                "versionScheme": o.scheme.scheme.as_str(),
                "versionSchemeWhy": o.scheme.why,
                "reason": o.reason,
                "requiredBump": o.bump.as_str(),
                "nextVersion": o.next.to_string(),
                "consumersBroken": o.broken_consumers(),
            },
        }]);
    }
    run
}

fn result(it: &Item<'_>, rule_index: usize, level: &str, report: Option<&Report<'_>>) -> Value {
    let f = it.finding;
    let file = it
        .revision
        .as_ref()
        .map(|l| l.file.clone())
        .or_else(|| report.map(|r| r.revision.files[0].name.clone()))
        .unwrap_or_default();
    let mut physical = json!({"artifactLocation": {"uri": uri(&ci_path(&file))}});
    if let Some(l) = &it.revision {
        physical["region"] = json!({"startLine": l.line, "startColumn": l.column});
    }
    let mut location = json!({"physicalLocation": physical});
    if let Some(op) = f.change.operations.first() {
        location["logicalLocations"] = json!([{"fullyQualifiedName": op, "kind": "resource"}]);
    }
    let mut properties = json!({
        "bump": f.bump.as_str(),
        "weirLevel": f.level.as_str(),
        "kind": f.change.kind.as_str(),
        "operations": f.change.operations,
    });
    if let Some(l) = &it.revision {
        properties["pointer"] = json!(l.pointer);
    }
    if let Some(b) = &it.base {
        properties["base"] = json!(b);
    }
    if let Some(n) = &f.note {
        properties["note"] = json!(n);
    }
    if let Some(a) = super::downgraded::json(f) {
        properties["adjustments"] = a;
    }
    if let Some(c) = &f.consumers {
        properties["consumers"] = json!(c);
    }
    if let Some(w) = &f.witness {
        properties["witness"] = json!(w);
    }
    json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": it.headline()},
        "locations": [location],
        "partialFingerprints": {"weir/v1": it.fingerprint},
        "properties": properties,
    })
}

/// A rule's SARIF descriptor, from its catalogue entry.
fn descriptor(id: &str, rule: Option<&Rule>) -> Value {
    let Some(r) = rule else {
        return json!({
            "id": id,
            "shortDescription": {"text": "A change no rule classifies"},
            "defaultConfiguration": {"level": "warning"},
        });
    };
    let level = severity(r.level);
    let (why, before, after) = (r.docs.why.trim(), &r.docs.before, &r.docs.after);
    json!({
        "id": r.id,
        "name": pascal_case(&r.id),
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.docs.description.trim()},
        "help": {
            "text": format!("{why}\n\nBefore:\n{before}\nAfter:\n{after}"),
            "markdown": format!(
                "{why}\n\nBefore:\n\n```yaml\n{}\n```\n\nAfter:\n\n```yaml\n{}\n```",
                before.trim_end(),
                after.trim_end()
            ),
        },
        "defaultConfiguration": {"level": level},
        "properties": {
            "category": r.category,
            "bump": r.bump.as_str(),
            "tags": ["openapi", r.level.as_str(), r.category.as_str()],
        },
    })
}

fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// A relative URI reference for a path: unreserved characters and `/` as they are, every
/// other byte percent-encoded (a `:` would otherwise read as a scheme). Absolute paths become
/// `file://` URIs.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_names() {
        assert_eq!(uri("api/open api.yaml"), "api/open%20api.yaml");
        assert_eq!(uri("v1:x.yaml"), "v1%3Ax.yaml");
        assert_eq!(uri("/tmp/x.yaml"), "file:///tmp/x.yaml");
        assert_eq!(
            pascal_case("request-parameter-became-required"),
            "RequestParameterBecameRequired"
        );
    }
}
