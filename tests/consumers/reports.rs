//! The reports with consumers: the text, the changelog, witnesses, determinism.

use crate::common::*;
use crate::{BASE, REGISTRY, REVISION, assert_stdout_snapshot, change, diff_json};

#[test]
fn witnesses_are_in_the_json_and_in_the_text() {
    let v = diff_json(&[]);
    let w = &change(&v, "request-max-length-set", "POST /pets")["witness"];
    assert_eq!(w["found"], true);
    assert_eq!(w["in"], "request body application/json");
    assert_eq!(w["valid_in"], "base");
    assert_eq!(w["invalid_in"], "revision");
    assert_eq!(w["pointer"], "/tag");
    assert_eq!(
        w["payload"],
        serde_json::json!({"name": "example", "tag": "examplexxxx"})
    );
    let w = &change(&v, "response-type-changed", "GET /pets")["witness"];
    assert_eq!(
        (w["valid_in"].as_str(), w["invalid_in"].as_str()),
        (Some("revision"), Some("base"))
    );
    // Not a schema change: no witness is looked for.
    assert!(
        change(
            &v,
            "endpoint-removed-after-deprecation",
            "DELETE /pets/{petId}"
        )
        .get("witness")
        .is_none()
    );
}

#[test]
fn a_break_without_a_witness_says_it_is_less_certain() {
    let dir = tempfile::tempdir().unwrap();
    let spec = |branches: &str| {
        format!(
            "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /pay:
    post:
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
{branches}
      responses:
        '200': {{description: ok}}
"
        )
    };
    let open = |p: &str| {
        format!(
            "                - type: object\n                  properties: {{{p}: {{type: string}}}}\n"
        )
    };
    std::fs::write(
        dir.path().join("a.yaml"),
        spec(&(open("card") + &open("iban") + &open("wallet"))),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        spec(&(open("card") + &open("iban"))),
    )
    .unwrap();
    let o = weir_in(dir.path(), &["diff", "a.yaml", "b.yaml"]);
    let text = stdout(&o);
    assert!(text.contains("request-one-of-branch-removed"), "{text}");
    assert!(
        text.contains("witness: none — no payload could be built that the one side accepts and the other refuses: this break is less certain"),
        "{text}"
    );
}

#[test]
fn the_text_report_has_a_section_per_consumer() {
    let o = weir(&["diff", BASE, REVISION, "--consumers", REGISTRY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_stdout_snapshot("diff_with_consumers", o);
}

#[test]
fn the_changelog_has_a_consumer_section_in_markdown() {
    let o = weir(&["changelog", BASE, REVISION, "--consumers", REGISTRY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.contains("### Consumers"), "{md}");
    assert!(
        md.contains(
            "- ❌ **billing-service (team-billing, billing@example.com)** — BROKEN: 1 breaking"
        ),
        "{md}"
    );
    assert!(
        md.contains("- ✅ **analytics (data-team, data@example.com)** — unaffected"),
        "{md}"
    );
}

#[test]
fn output_with_consumers_is_deterministic() {
    let args = [
        "diff",
        BASE,
        REVISION,
        "--consumers",
        REGISTRY,
        "--format",
        "json",
    ];
    assert_eq!(weir(&args).stdout, weir(&args).stdout);
}
