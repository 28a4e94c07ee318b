//! One finding per edit, attributed right (issue 17 §5): each folder of
//! `fixtures/one-finding-per-edit/` is a hand-written pair of specs for one duplicate or
//! misattribution class the audit of the Stripe history found (`docs/audit/repros/`). What
//! `weir diff` says of each is a snapshot beside it (`expected.snap`); the tests below say what
//! must hold.

mod common;
use common::*;

use serde_json::Value;

fn folder(name: &str) -> std::path::PathBuf {
    root().join("fixtures/one-finding-per-edit").join(name)
}

/// `weir diff base.yaml revision.yaml` in a fixture's folder, in `format`.
fn diff(name: &str, format: &str) -> String {
    let o = weir_in(
        &folder(name),
        &["diff", "base.yaml", "revision.yaml", "--format", format],
    );
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    stdout(&o)
}

/// The findings of a fixture, as `weir diff --format json` gives them.
fn changes(name: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&diff(name, "json")).unwrap();
    v["changes"].as_array().unwrap().clone()
}

/// The findings between two hand-written specs, as `weir diff --format json` gives them.
fn changes_between(base: &str, revision: &str) -> Vec<Value> {
    let dir = folder_with(&[("base.yaml", base), ("revision.yaml", revision)]);
    let o = weir_in(
        dir.path(),
        &["diff", "base.yaml", "revision.yaml", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"].as_array().unwrap().clone()
}

fn rules(changes: &[Value]) -> Vec<&str> {
    changes
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect()
}

/// A spec whose one operation takes a JSON request body of `schema`.
fn body_spec(schema: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /x:\n    post:\n      \
         requestBody:\n        content:\n          application/json:\n            schema: \
         {schema}\n      responses:\n        '200': {{description: ok}}\n"
    )
}

/// "rule: message" of each finding, sorted.
fn rules_and_messages(changes: &[Value]) -> Vec<String> {
    let mut found: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{}: {}",
                c["rule"].as_str().unwrap(),
                c["message"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    found
}

fn fixture_names() -> Vec<String> {
    let dir = root().join("fixtures/one-finding-per-edit");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| dir.join(n).is_dir())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_says_what_its_snapshot_says() {
    let names = fixture_names();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        let text = diff(&name, "text");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(folder(&name));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_suffix("");
        settings.set_input_file(folder(&name).join("revision.yaml"));
        settings.bind(|| insta::assert_snapshot!("expected", text));
    }
}

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

/// `anyOf: [integer, string]` → `integer`: the type narrowed, and that is the string branch
/// dropped. One finding, the type's.
#[test]
fn a_narrowed_type_implies_the_dropped_branch() {
    let changes = changes("narrowed-type-and-dropped-branch");
    assert_eq!(rules(&changes), ["request-type-narrowed"], "{changes:#?}");
    assert_eq!(
        changes[0]["message"],
        "request body application/json › count: type narrowed from [integer, string] to integer"
    );
}

/// A property from one object to an array of them: the type change is the finding; the
/// object's properties are not "removed" (the items still have them) and the items' schema is
/// not news of its own.
#[test]
fn a_type_change_implies_the_keywords_of_the_type_it_left() {
    let changes = changes("type-change-reports-properties-removed");
    assert_eq!(rules(&changes), ["response-type-changed"], "{changes:#?}");
}

/// A keyword that still applies to a type both sides accept is an edit of its own, even beside
/// a type change at the same schema.
#[test]
fn a_keyword_on_a_type_both_sides_share_is_still_reported() {
    let spec = body_spec;
    let changes = changes_between(
        &spec(
            "{type: object, properties: {v: {type: [string, integer], maxLength: 9, minimum: 1}}}",
        ),
        &spec("{type: object, properties: {v: {type: string, maxLength: 5}}}"),
    );
    let mut found = rules(&changes);
    found.sort();
    assert!(found.contains(&"request-type-narrowed"), "{found:?}");
    assert!(found.contains(&"request-max-length-decreased"), "{found:?}");
    // `minimum` judged only the integers, which the type change already refuses.
    assert!(!found.iter().any(|r| r.contains("minimum")), "{found:?}");
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

/// No two findings of a report print the same message for the same operations: two branches
/// that would read alike are named by their index.
#[test]
fn no_two_findings_read_the_same() {
    let branches = changes("branches-named-apart");
    let messages: Vec<&str> = branches
        .iter()
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"request body application/json › source: anyOf branch object {card, cvc, exp} (branch 1) removed"
        ),
        "{messages:#?}"
    );
    for name in fixture_names() {
        let found = changes(&name);
        let mut seen: Vec<(&Value, &Value)> = Vec::new();
        for c in &found {
            let key = (&c["message"], &c["operations"]);
            assert!(!seen.contains(&key), "{name}: {key:?} twice");
            seen.push(key);
        }
    }
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

/// Two enum values leave one `enum` in one edit: two findings at one keyword. Each witness
/// sends its own finding's value (the second used to send the first's, proving the other
/// finding), and is refused by that `enum`.
#[test]
fn each_removed_enum_value_has_a_witness_of_its_own() {
    let changes = changes("witness-proves-another-finding");
    assert_eq!(changes.len(), 2, "{changes:#?}");
    for c in &changes {
        let w = &c["witness"];
        assert_eq!(w["found"], true, "{c:#}");
        // The name is the removed value as JSON (`"bg"`).
        let removed: Value = serde_json::from_str(c["name"].as_str().unwrap()).unwrap();
        assert_eq!(w["payload"]["locale"], removed, "{c:#}");
        assert_eq!(w["pointer"], "/locale");
        assert_eq!(w["schema"]["pointer"], c["revision"]["pointer"], "{c:#}");
    }
}

/// A maxLength lowered to a length the enum beside it already keeps every value under: every
/// payload the base accepts and the revision refuses is refused by the enum (the other
/// finding). The maxLength finding gets no witness, and says whose refusal it found — in
/// the text and in the JSON.
#[test]
fn a_witness_refused_only_by_another_change_is_no_witness() {
    let changes = changes("witness-refused-by-another-change");
    let max = changes
        .iter()
        .find(|c| c["rule"] == "request-max-length-decreased")
        .unwrap_or_else(|| panic!("{changes:#?}"));
    let w = &max["witness"];
    assert_eq!(w["found"], false, "{max:#}");
    assert!(w.get("payload").is_none(), "{max:#}");
    let reason = w["reason"].as_str().unwrap();
    assert!(
        reason.contains("refused by another change")
            && reason.contains("\"stolen\" is not one of the enum values: revision.yaml:14:19")
            && reason.ends_with("this break is less certain"),
        "{reason}"
    );
    let enum_removed = changes
        .iter()
        .find(|c| c["rule"] == "request-enum-value-removed")
        .unwrap();
    assert_eq!(enum_removed["witness"]["payload"]["reason"], "stolen");
    let text = diff("witness-refused-by-another-change", "text");
    assert!(
        text.contains(&format!("witness: none — {reason}")),
        "{text}"
    );
}

/// A form body became required while `line_items` became required: for a form, no body and an
/// empty form are the same request, and the request that newly fails is the one without
/// `line_items`. One finding, the property's; reversed, one finding too.
#[test]
fn a_body_made_required_with_its_property_is_one_finding() {
    let name = "body-required-with-required-property";
    let changes = changes(name);
    assert_eq!(
        rules(&changes),
        ["request-property-became-required"],
        "{changes:#?}"
    );
    let read = |side: &str| std::fs::read_to_string(folder(name).join(side)).unwrap();
    let reversed = changes_between(&read("revision.yaml"), &read("base.yaml"));
    assert_eq!(
        rules(&reversed),
        ["request-property-became-optional"],
        "{reversed:#?}"
    );
}

/// A body that became required with nothing else required in it stays a finding: a request
/// without a body was valid and is refused now.
#[test]
fn a_body_made_required_alone_is_still_reported() {
    let base =
        std::fs::read_to_string(folder("body-required-with-required-property").join("base.yaml"))
            .unwrap();
    let changes = changes_between(&base, &base.replace("required: false", "required: true"));
    assert_eq!(
        rules(&changes),
        ["request-body-became-required"],
        "{changes:#?}"
    );
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

/// `anyOf: [A, B]` → `C`, C merging A and B: a property each base branch declared is not
/// "added" by C because the other branch lacked it. Only what C guarantees less is news
/// (`amount`, `plan`, `sku` no longer guaranteed), once each.
#[test]
fn branches_merged_into_one_add_no_property_either_declared() {
    let changes = changes("many-branches-to-one");
    let found = rules_and_messages(&changes);
    assert!(
        found
            .iter()
            .all(|f| f.starts_with("response-property-became-optional")),
        "{found:#?}"
    );
    // Three properties: `amount` and `plan` left one `required` list (one finding naming
    // both), `sku` another branch's.
    let named: usize = changes
        .iter()
        .map(|c| c["names"].as_array().map_or(1, Vec::len))
        .sum();
    assert_eq!((found.len(), named), (2, 3), "{found:#?}");
}

/// The same merge in a request, where C requires what only one base branch required: a
/// request following the other branch is refused. That is the property becoming required,
/// not a required property added (the union declared it).
#[test]
fn a_merged_branch_requiring_a_sibling_property_is_that_property_required() {
    let spec = body_spec;
    let branch = |required: &str, other: &str| {
        format!(
            "{{type: object, required: [amount, {required}], properties: {{amount: {{type: \
             integer}}, {required}: {{type: string}}, {other}}}}}"
        )
    };
    let changes = changes_between(
        &spec(&format!(
            "{{anyOf: [{}, {}]}}",
            branch("plan", "note: {type: string}"),
            branch("sku", "note: {type: string}")
        )),
        &spec(
            "{type: object, required: [amount, plan, sku], properties: {amount: {type: \
             integer}, plan: {type: string}, sku: {type: string}, note: {type: string}}}",
        ),
    );
    let found = rules_and_messages(&changes);
    assert_eq!(
        found,
        [
            "request-property-became-required: request body application/json: property `plan` became required",
            "request-property-became-required: request body application/json: property `sku` became required",
        ],
        "{found:#?}"
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

/// The mirror: C split into `anyOf: [A, B]`, each branch declaring only properties of C. C is
/// compared with both, so `sku`, optional in C and declared by B, is not removed (a response
/// may still carry it); `plan`, required in C and only B's optional, is no longer guaranteed
/// (an object matching B may lack it), a real break. Reversed, the merge: `plan` now always
/// present, the mirror verdict.
#[test]
fn one_schema_split_into_branches_removes_no_property_a_branch_declares() {
    let split = rules_and_messages(&changes("one-split-into-branches"));
    assert_eq!(
        split,
        [
            "response-property-became-optional: response 200 application/json › item: property \
          `plan` is no longer guaranteed"
        ],
        "{split:#?}"
    );
    let dir = folder("one-split-into-branches");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let merged = rules_and_messages(&changes_between(&read("revision.yaml"), &read("base.yaml")));
    assert_eq!(
        merged,
        [
            "response-property-became-required: response 200 application/json › item: property \
          `plan` is now always present"
        ],
        "{merged:#?}"
    );
}

/// The same split in a request: a client sending `{amount, plan, sku}` still matches the
/// open branch A, so nothing is refused and nothing is removed. Beside C kept whole, a branch
/// is not a piece of C but a new alternative, still "branch added": one declaring a property
/// C lacks (`deleted`), or only some of C's (Stripe's `[account_with_keys, account]`).
#[test]
fn a_request_split_into_branches_is_no_change_and_a_new_alternative_is_added() {
    let branch = |props: &str| {
        format!(
            "{{type: object, required: [amount], properties: {{amount: {{type: integer}}, {props}}}}}"
        )
    };
    let plain = body_spec(&branch("plan: {type: string}, sku: {type: string}"));
    let split = body_spec(&format!(
        "{{anyOf: [{}, {}]}}",
        branch("plan: {type: string}"),
        branch("sku: {type: string}")
    ));
    let found = rules_and_messages(&changes_between(&plain, &split));
    assert!(found.is_empty(), "{found:#?}");
    for other in ["deleted: {type: boolean}", "plan: {type: string}"] {
        let widened = body_spec(&format!(
            "{{anyOf: [{}, {}]}}",
            branch("plan: {type: string}, sku: {type: string}"),
            branch(other)
        ));
        let found = rules(&changes_between(&plain, &widened)).join(" ");
        assert_eq!(found, "request-any-of-branch-added", "{other}: {found}");
    }
}

/// A response's `anyOf: [customer, deleted_customer]` back to `customer`: deleted_customer
/// declares a property customer lacks (`deleted`), so it was an alternative of its own, not a
/// piece merged into customer: the branch is removed (the response narrows), not "required
/// property `deleted` removed" (breaking, without a witness). Reversed, the mirror: added.
#[test]
fn a_branch_dropped_beside_its_kept_sibling_is_removed_not_merged() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /c:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n    \
             customer: {{type: object, required: [id, email], properties: {{id: {{type: \
             string}}, email: {{type: string}}}}}}\n    deleted_customer: {{type: object, \
             required: [id, deleted], properties: {{id: {{type: string}}, deleted: {{type: \
             boolean}}}}}}\n"
        )
    };
    let union = spec(
        "{anyOf: [{$ref: '#/components/schemas/customer'}, {$ref: \
         '#/components/schemas/deleted_customer'}]}",
    );
    let plain = spec("{$ref: '#/components/schemas/customer'}");
    let merged = rules(&changes_between(&union, &plain)).join(" ");
    assert_eq!(merged, "response-any-of-branch-removed", "{merged}");
    let split = rules(&changes_between(&plain, &union)).join(" ");
    assert_eq!(split, "response-any-of-branch-added", "{split}");
}
