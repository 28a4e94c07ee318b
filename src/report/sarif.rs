//! `--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, IDE viewers).
//! Rule metadata comes from the catalogue (`rules/<id>.toml`); results point at the revision
//! spec; findings `weir.toml` ignores are results with an external suppression. The output
//! validates against the OASIS schema vendored in `schemas/` (a test checks it).
//!
//! The log is serialized straight from the structs in [`shapes`], which borrow from the
//! findings: building a `serde_json::Value` per result, pretty-printing it and dropping it was
//! most of what a diff with thousands of findings cost (434 M instructions of 1,109 M on
//! GitHub's 2,077-change diff).

mod shapes;

use super::Report;
use super::item::{CiPaths, headline, severity};
use super::json::{JsonAdjustment, JsonLocation, JsonWitness};
use crate::assess::Ignored;
use crate::consumers::Impact;
use crate::gate::Outcome;
use crate::model::Spec;
use crate::rules::{Rule, catalogue};
use crate::vocabulary::Finding;
use shapes::*;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// What a run's results come from: the findings of a diff and the revision spec they point
/// at (`None` for a check before the first release, which compared nothing).
struct SarifSource<'a> {
    findings: &'a [Finding],
    revision: &'a Spec,
}

/// `weir diff --format sarif`: one run.
pub(crate) fn diff(report: &Report<'_>, ignored: &[Ignored], impact: Option<&Impact>) -> String {
    let paths = CiPaths::default();
    let compared = SarifSource {
        findings: &report.findings,
        revision: report.revision,
    };
    finish(vec![run(Some(compared), ignored, None, impact, &paths)])
}

/// `weir check --format sarif`: one run per spec.
pub(crate) fn check(outcomes: &[Outcome]) -> String {
    let paths = CiPaths::default();
    finish(
        outcomes
            .iter()
            .map(|o| {
                // What `Report::of` would hold, without copying the findings.
                let compared = o.base.as_ref().map(|_| SarifSource {
                    findings: &o.findings,
                    revision: &o.revision,
                });
                run(compared, &o.ignored, Some(o), o.consumers.as_ref(), &paths)
            })
            .collect(),
    )
}

fn finish(runs: Vec<SarifRun<'_>>) -> String {
    let log = SarifLog {
        schema: SCHEMA,
        runs,
        version: "2.1.0",
    };
    let mut s = super::pretty::to_string(&log).expect("serializes");
    s.push('\n');
    s
}

fn run<'a>(
    compared: Option<SarifSource<'a>>,
    ignored: &'a [Ignored],
    outcome: Option<&'a Outcome>,
    impact: Option<&Impact>,
    paths: &CiPaths,
) -> SarifRun<'a> {
    let findings = compared.as_ref().map_or(&[][..], |c| c.findings);
    // Findings weir.toml ignores show only beside a diff.
    let ignored = if compared.is_some() { ignored } else { &[] };
    // Only the rules the run refers to, in id order; results point at them by index.
    let mut ids: Vec<&str> = findings
        .iter()
        .chain(ignored.iter().map(|i| &i.finding))
        .map(|f| f.rule.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let index = |id: &str| ids.binary_search(&id).unwrap_or(0);
    let failing = outcome.map(Outcome::failing);
    let mut results = Vec::with_capacity(findings.len() + ignored.len());
    if let Some(c) = &compared {
        let file = &c.revision.files[0].name;
        for (n, f) in findings.iter().enumerate() {
            let mut r = result(f, index(&f.rule), severity(f.level), file, paths);
            r.properties.fails_gate = failing.as_ref().map(|fails| fails[n]);
            results.push(r);
        }
        for ig in ignored {
            let mut r = result(&ig.finding, index(&ig.finding.rule), "note", file, paths);
            r.suppressions = Some([SarifSuppression {
                justification: format!("{} (weir.toml, until {})", ig.reason, ig.expires),
                kind: "external",
                status: "accepted",
            }]);
            results.push(r);
        }
    }
    SarifRun {
        automation_details: outcome.map(|o| SarifId {
            id: format!("weir/{}/", o.label()),
        }),
        column_kind: "unicodeCodePoints",
        invocations: outcome.map(|o| {
            [SarifInvocation {
                execution_successful: true,
                properties: gate(o),
            }]
        }),
        properties: impact.map(|i| SarifConsumers {
            consumers: super::consumers::json(i),
        }),
        results,
        tool: SarifTool {
            driver: SarifDriver {
                name: "weir",
                rules: ids
                    .iter()
                    .map(|id| descriptor(id, catalogue().get(id)))
                    .collect(),
                version: env!("CARGO_PKG_VERSION"),
            },
        },
    }
}

fn gate(o: &Outcome) -> SarifGate<'_> {
    SarifGate {
        base: o.base_label.as_deref(),
        consumers_broken: o.broken_consumers(),
        declared_version: o.declared.version.to_string(),
        next_version: o.next.to_string(),
        passed: o.passed(),
        reason: &o.reason,
        required_bump: o.bump.as_str(),
        spec: o.label(),
        verdict: o.result(),
        version_scheme: o.scheme.scheme.as_str(),
        version_scheme_why: &o.scheme.why,
        version_verdict: o.version_verdict(),
    }
}

/// A finding as a result, at the place classification gave it in the revision (the same
/// [`Report::revision_location`] would compute again); `file`, the revision's main file,
/// when it has none there.
fn result<'a>(
    f: &'a Finding,
    rule_index: usize,
    level: &'static str,
    file: &str,
    paths: &CiPaths,
) -> SarifResult<'a> {
    let revision = f.located.revision.as_ref();
    let file = revision.map_or(file, |l| &l.file);
    SarifResult {
        level,
        locations: [SarifLocation {
            logical_locations: f.change.operations.first().map(|op| {
                [SarifOperation {
                    fully_qualified_name: op,
                    kind: "resource",
                }]
            }),
            physical_location: SarifPhysical {
                artifact_location: SarifUri {
                    uri: uri(&paths.get(file)),
                },
                region: revision.map(|l| SarifRegion {
                    start_column: l.column,
                    start_line: l.line,
                }),
            },
        }],
        message: SarifText { text: headline(f) },
        partial_fingerprints: SarifFingerprints {
            weir: &f.fingerprint,
        },
        properties: SarifProperties {
            adjustments: JsonAdjustment::all(f),
            base: f.located.base.as_ref().map(JsonLocation::of),
            bump: f.bump.as_str(),
            consumers: f.consumers.as_deref(),
            fails_gate: None,
            kind: f.change.kind.as_str(),
            note: f.note.as_deref(),
            operations: &f.change.operations,
            pointer: revision.map(|l| l.pointer.as_str()),
            weir_level: f.level.as_str(),
            witness: f.witness.as_ref().map(JsonWitness::of),
        },
        rule_id: &f.rule,
        rule_index,
        suppressions: None,
    }
}

/// A rule's SARIF descriptor, from its catalogue entry.
fn descriptor<'a>(id: &'a str, rule: Option<&'a Rule>) -> SarifRule<'a> {
    let Some(r) = rule else {
        return SarifRule {
            default_configuration: SarifLevel { level: "warning" },
            full_description: None,
            help: None,
            id,
            name: None,
            properties: None,
            short_description: SarifText {
                text: "A change no rule classifies",
            },
        };
    };
    let (why, before, after) = (r.docs.why.trim(), &r.docs.before, &r.docs.after);
    SarifRule {
        default_configuration: SarifLevel {
            level: severity(r.level),
        },
        full_description: Some(SarifText {
            text: r.docs.description.trim(),
        }),
        help: Some(SarifHelp {
            markdown: format!(
                "{why}\n\nBefore:\n\n```yaml\n{}\n```\n\nAfter:\n\n```yaml\n{}\n```",
                before.trim_end(),
                after.trim_end()
            ),
            text: format!("{why}\n\nBefore:\n{before}\nAfter:\n{after}"),
        }),
        id: &r.id,
        name: Some(pascal_case(&r.id)),
        properties: Some(SarifRuleProperties {
            bump: r.bump.as_str(),
            category: &r.category,
            tags: ["openapi", r.level.as_str(), &r.category],
        }),
        short_description: SarifText { text: &r.summary },
    }
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
    use crate::vocabulary::{Direction, Location, Method, OperationId, Witness};

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

    /// The borrowed shapes of a location and a witness write what the types' own `Serialize`
    /// would, keys sorted: a field added to either shows here, not as a silent omission.
    #[test]
    fn places_and_witnesses_as_their_types_write_them() {
        let at = Location {
            file: "api/openapi.yaml".into(),
            line: 12,
            column: 7,
            pointer: "/paths/~1pets/get".into(),
        };
        let sorted = |v: serde_json::Value| serde_json::to_string(&v).unwrap();
        assert_eq!(
            serde_json::to_string(&JsonLocation::of(&at)).unwrap(),
            sorted(serde_json::to_value(&at).unwrap())
        );
        // Every field set, so each one's key is compared.
        let w = Witness {
            found: true,
            operation: Some(OperationId::endpoint(Method::Get, "/pets")),
            part: Some("request body application/json".into()),
            payload: Some(serde_json::json!({"b": 1, "a": [null]})),
            pointer: Some("/a".into()),
            valid_in: Some("base"),
            invalid_in: Some("revision"),
            reason: "type".into(),
            schema: Some(at.clone()),
            direction: Direction::Request,
        };
        assert_eq!(
            serde_json::to_string(&JsonWitness::of(&w)).unwrap(),
            sorted(serde_json::to_value(&w).unwrap())
        );
    }
}
