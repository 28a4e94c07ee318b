//! An edit reached many ways — through a shared schema, a component folded into several
//! holders, nullable wrappers, every operation — is one finding, at the place that changed,
//! under the operation that reaches it directly, in every format and in the log.

use serde_json::Value;

use crate::common::*;
use crate::{changes, changes_between, diff, folder, rules};

/// A top-level `security` added to a spec that had none: every operation now needs one of the
/// listed credentials. One edit, one finding, naming the alternatives as alternatives and
/// listing every operation.
#[test]
fn a_top_level_security_requirement_is_one_finding() {
    let changes = changes("global-security-per-operation");
    assert_eq!(rules(&changes), ["endpoint-security-added"], "{changes:#?}");
    let c = &changes[0];
    assert_eq!(
        c["message"],
        "security requirement basicAuth or bearerAuth added to a public endpoint"
    );
    assert_eq!(
        c["operations"],
        serde_json::json!(["GET /items", "GET /orders"])
    );
    assert_eq!(c["revision"]["pointer"], "/security");
}

/// One line of `plan.required` changed; `plan` is reached directly and through a nullable
/// `anyOf: [$ref]` wrapper. One finding in every format, listing both operations.
#[test]
fn a_shared_schema_edit_is_one_finding_in_every_format() {
    let name = "shared-schema-reported-per-path";
    let changes = changes(name);
    assert_eq!(
        rules(&changes),
        ["response-property-became-optional"],
        "{changes:#?}"
    );
    assert_eq!(
        changes[0]["message"],
        "plan: property `amount` is no longer guaranteed"
    );
    assert_eq!(
        changes[0]["operations"],
        serde_json::json!(["GET /plans/{id}", "GET /subscriptions/{id}"])
    );
    let sarif: Value = serde_json::from_str(&diff(name, "sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(
        results[0]["properties"]["operations"],
        changes[0]["operations"]
    );
    let count = |text: &str, needle: &str| text.matches(needle).count();
    let text = diff(name, "text");
    assert_eq!(
        count(&text, "response-property-became-optional"),
        1,
        "{text}"
    );
    assert!(text.contains("GET /plans/{id} (+1 more)"), "{text}");
    let github = diff(name, "github");
    assert_eq!(count(&github, "::error "), 1, "{github}");
    let markdown = diff(name, "markdown");
    assert_eq!(
        count(&markdown, "`response-property-became-optional`"),
        1,
        "{markdown}"
    );
    let junit = diff(name, "junit");
    // JUnit has a case per operation: the one finding fails each operation it reaches.
    assert_eq!(count(&junit, "<failure"), 2, "{junit}");
}

/// `dispute` is a 200 response of `GET /disputes/{id}` and, inside `error`, a 400 response of
/// `DELETE /account`, which sorts first. The finding is shown under the operation that
/// reaches it directly; its fingerprint is the one it had when the first by name was shown
/// (weir 228ceca).
#[test]
fn the_operation_shown_reaches_the_change_directly() {
    let changes = changes("operation-through-error-response");
    assert_eq!(
        rules(&changes),
        ["response-property-became-optional"],
        "{changes:#?}"
    );
    let c = &changes[0];
    assert_eq!(c["operation"], "GET /disputes/{id}");
    assert_eq!(
        c["operations"],
        serde_json::json!(["GET /disputes/{id}", "DELETE /account"])
    );
    assert_eq!(c["witness"]["operation"], "GET /disputes/{id}");
    assert_eq!(
        c["fingerprint"], "401a2cbe3e873a0f",
        "the fingerprint weir 228ceca gave it"
    );
}

/// `$ref: price` → `anyOf: [$ref: price]` + `nullable: true`: the finding points at the
/// `nullable` that was added, not at the shared component's unchanged `type`.
#[test]
fn nullable_points_at_the_keyword_that_changed() {
    let changes = changes("nullable-located-at-ref-target");
    assert_eq!(
        rules(&changes),
        ["response-became-nullable"],
        "{changes:#?}"
    );
    assert_eq!(
        changes[0]["revision"]["pointer"],
        "/paths/~1items/get/responses/200/content/application~1json/schema/properties/price/nullable"
    );
}

/// `weir log --format json` gives each finding the shape `weir diff --format json` gives it:
/// places, operations, fingerprint.
#[test]
fn the_log_gives_findings_the_shape_the_diff_gives() {
    let r = Repo::new();
    let read = |side: &str| {
        std::fs::read_to_string(folder("shared-schema-reported-per-path").join(side)).unwrap()
    };
    r.write("api.yaml", &read("base.yaml"));
    r.commit("base");
    r.write("api.yaml", &read("revision.yaml"));
    r.commit("revision");
    let o = r.weir(&["log", "--spec", "api.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let log: Value = serde_json::from_slice(&o.stdout).unwrap();
    let commits = log["commits"].as_array().unwrap();
    let logged = commits
        .iter()
        .find(|c| c["subject"] == "revision")
        .expect("the revision's commit")["changes"]
        .as_array()
        .unwrap()
        .clone();
    let o = r.weir(&[
        "diff",
        "HEAD~1:api.yaml",
        "HEAD:api.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let diffed: Value = serde_json::from_slice(&o.stdout).unwrap();
    let diffed = diffed["changes"].as_array().unwrap();
    assert_eq!(logged.len(), diffed.len(), "{logged:#?}");
    for (l, d) in logged.iter().zip(diffed) {
        for key in [
            "rule",
            "message",
            "operation",
            "operations",
            "fingerprint",
            "path",
        ] {
            assert_eq!(l[key], d[key], "{key}");
        }
        for side in ["base", "revision"] {
            for key in ["pointer", "line", "column"] {
                assert_eq!(l[side][key], d[side][key], "{side}.{key}");
                assert!(!l[side][key].is_null(), "{side}.{key} in {l:#}");
            }
        }
    }
}

/// `plan` is reached directly and through two holders' nullable `anyOf: [$ref: plan]`
/// wrappers (Stripe's `subscription.plan`, `invoice_item.plan`). One property removed and one
/// added in `plan`: one finding each, listing all three operations, not one per holder.
#[test]
fn a_shared_schema_under_nullable_wrappers_is_one_finding_per_edit() {
    let changes = changes("shared-schema-under-nullable-wrappers");
    assert_eq!(
        rules(&changes),
        [
            "response-optional-property-removed",
            "response-property-added"
        ],
        "{changes:#?}"
    );
    for c in &changes {
        assert_eq!(
            c["operations"],
            serde_json::json!([
                "GET /plans/{id}",
                "GET /invoiceitems/{id}",
                "GET /subscriptions/{id}"
            ]),
            "{c:#}"
        );
        assert!(
            c["message"].as_str().unwrap().starts_with("plan: "),
            "{c:#}"
        );
    }
    assert_eq!(
        changes[0]["revision"]["pointer"],
        "/components/schemas/plan"
    );
    assert_eq!(changes[1]["base"]["pointer"], "/components/schemas/plan");
}

/// `Widget` folded into `Doodad` and `Gadget` by `allOf: [$ref: Widget, {…}]`, both reachable:
/// a property removed from `Widget` is one finding pointing at `Widget` in the revision, not one
/// per holder (openapi-diff's SchemaBCTest.requestPropsPutIncreased gave four for two edits).
#[test]
fn a_component_folded_into_several_holders_is_one_finding_per_edit() {
    let spec = |extra: &str| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
components:
  schemas:
    Widget:
      type: object
      properties:
        id: {{type: string}}
{extra}    Doodad:
      allOf:
        - $ref: '#/components/schemas/Widget'
        - {{type: object, properties: {{doodad: {{type: string}}}}}}
    Gadget:
      allOf:
        - $ref: '#/components/schemas/Widget'
        - {{type: object, properties: {{gadget: {{type: string}}}}}}
paths:
  /widgets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: '#/components/schemas/Doodad'
                  - $ref: '#/components/schemas/Gadget'
"
        )
    };
    let changes = changes_between(&spec("        size: {type: integer}\n"), &spec(""));
    assert_eq!(
        rules(&changes),
        ["response-optional-property-removed"],
        "{changes:#?}"
    );
    assert_eq!(
        changes[0]["revision"]["pointer"],
        "/components/schemas/Widget"
    );
}

/// Stripe ee8ad8ae1c..04ab950c28: `three_d_secure_details` lost its `required`, and no
/// operation answers it directly: two holders reach it through `anyOf: [$ref] + nullable`
/// wrappers with descriptions of their own. One finding naming both properties, listing both
/// operations, not one per holder (nor one per property: `assess/siblings.rs`).
#[test]
fn a_shared_schema_reached_only_through_nullable_wrappers_is_one_finding_per_edit() {
    let changes = changes("shared-schema-only-under-wrappers");
    assert_eq!(
        rules(&changes),
        ["response-property-became-optional"],
        "{changes:#?}"
    );
    assert_eq!(
        changes[0]["names"],
        serde_json::json!(["result", "version"])
    );
    for c in &changes {
        assert_eq!(
            c["operations"],
            serde_json::json!(["GET /charges/{id}", "GET /setup_attempts"]),
            "{c:#}"
        );
        assert_eq!(c["base"]["pointer"], "/components/schemas/details/required");
    }
}
