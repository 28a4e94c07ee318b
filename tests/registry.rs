//! A consumer registry never weakens the gate by accident (issue 17, section 2): an unused
//! break is downgraded only when the registry is declared complete, and every command lists
//! what was downgraded and why; a manifest naming what the spec does not have is exit 2 at
//! its place, with a did-you-mean; impact names the field and the change through the
//! operation the consumer uses; a Pact interaction breaks only when the base accepted it.

mod common;
use common::*;

use serde_json::Value;

/// Release 1.0.0 of a small API: pets (read by the registered consumer) and owners (read by
/// nobody registered).
const V1: &str = "openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Pet'}
  /owners/{id}:
    get:
      operationId: getOwner
      parameters:
        - {name: id, in: path, required: true, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [name, email]
                properties:
                  name: {type: string}
                  email: {type: string}
components:
  schemas:
    Pet:
      type: object
      required: [id, name]
      properties:
        id: {type: integer}
        name: {type: string}
        owner:
          type: object
          properties:
            name: {type: string}
";

/// The consumer: it lists only `GET /pets`, and reads the ids and names.
const SHOP: &str = "name: shop
uses:
  - operation: GET /pets
    reads: ['[].id', '[].name']
";

/// A repository with release v1.0.0 of [`V1`], the consumer `SHOP` and a weir.toml with
/// `toml` after the spec entry.
fn released(toml: &str) -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", V1);
    r.write(
        "weir.toml",
        &format!("[[spec]]\npath = \"api/openapi.yaml\"\n{toml}"),
    );
    r.write("consumers/shop.yaml", SHOP);
    r.commit("release 1.0.0");
    r.git(&["tag", "v1.0.0"]);
    r
}

/// The spec at `version` with `edit` applied.
fn revision(version: &str, edit: impl Fn(String) -> String) -> String {
    edit(V1.replace("version: 1.0.0", &format!("version: {version}")))
}

/// `GET /owners/{id}`'s required `email` removed from the response.
fn without_email(s: String) -> String {
    s.replace("required: [name, email]", "required: [name]")
        .replace("                  email: {type: string}\n", "")
}

/// `GET /owners/{id}`'s `email` becomes an integer.
fn email_integer(s: String) -> String {
    s.replace("email: {type: string}", "email: {type: integer}")
}

/// The exit code, and standard output then standard error (unwrapped: see [`flat`]).
fn run(r: &Repo, args: &[&str]) -> (i32, String) {
    let o = r.weir(args);
    (
        o.status.code().unwrap(),
        format!("{}{}", stdout(&o), flat(&stderr(&o))),
    )
}

fn json(r: &Repo, args: &[&str]) -> Value {
    let o = r.weir(args);
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)))
}

/// `schemas/report.schema.json` accepts the output.
fn assert_documented(v: &Value) {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{v}");
}

const MAY_BE_USED: &str = "no registered consumer uses this, but the registry is not declared complete ([consumers] complete = true), so consumers it does not list may: it stays breaking";
const DOWNGRADED: &str = "no registered consumer uses this and the registry is declared complete: downgraded from breaking (consumers.unused-breaking)";

#[test]
fn a_patch_release_removing_a_response_property_fails_without_a_complete_registry() {
    // No registry: the removal is breaking, and 1.0.1 is too small.
    let r = released("");
    std::fs::remove_dir_all(r.path().join("consumers")).unwrap();
    r.write("api/openapi.yaml", &revision("1.0.1", without_email));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );

    // A registry not declared complete: nobody registered reads `email`, but someone
    // unregistered may. Still breaking, and the report says so.
    let r = released("");
    r.write("api/openapi.yaml", &revision("1.0.1", without_email));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );
    assert!(out.contains(&format!("note: {MAY_BE_USED}")), "{out}");
    assert!(
        out.contains("  The registry is not declared complete ([consumers] complete = true): consumers it does not list may be affected too."),
        "{out}"
    );
}

#[test]
fn a_patch_release_removing_a_response_property_no_consumer_reads_passes_with_a_complete_registry()
{
    let r = released("[consumers]\ncomplete = true\n");
    r.write("api/openapi.yaml", &revision("1.0.1", without_email));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS"), "{out}");
    let v = json(&r, &["check", "--format", "json"]);
    let email = v["diff"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == "response-required-property-removed")
        .expect("the removal");
    assert_eq!(email["rule"], "response-required-property-removed");
    assert_eq!(email["level"], "warning");
    assert_eq!(email["bump"], "patch");
    assert_eq!(email["note"], DOWNGRADED);

    // Once the consumer reads the field, the same release fails.
    r.write(
        "consumers/shop.yaml",
        &format!("{SHOP}  - operation: getOwner\n    reads: [email]\n"),
    );
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );
}

#[test]
fn a_type_change_on_an_operation_no_consumer_lists_is_no_longer_a_minor_release() {
    // The new user's case: the registry lists only GET /pets; GET /owners/{id} changes a
    // response property's type. Released as a minor version, it must fail.
    let r = released("");
    r.write("api/openapi.yaml", &revision("1.1.0", email_integer));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );
}

#[test]
fn downgrading_without_declaring_the_registry_complete_is_exit_2_in_weir_toml() {
    let r = released("[consumers]\nunused-breaking = \"warning\"\n");
    r.write("api/openapi.yaml", &revision("1.1.0", email_integer));
    for args in [
        &["check"][..],
        &["consumers"],
        &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"],
    ] {
        let (code, out) = run(&r, args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(
            out.contains("`unused-breaking = \"warning\"` downgrades breaking changes no registered consumer uses, which is safe only when the registry lists every consumer: add `complete = true` to [consumers] to declare that it does"),
            "{out}"
        );
        assert!(out.contains("weir.toml:4:19"), "{out}");
    }
    // Keeping unused breaks breaking needs no declaration.
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\n[consumers]\nunused-breaking = \"breaking\"\n",
    );
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn every_command_lists_a_downgraded_finding_with_the_reason() {
    let r = released("[consumers]\ncomplete = true\n");
    r.write("api/openapi.yaml", &revision("1.0.1", without_email));
    r.commit("drop the owner's email");
    let step = format!("breaking → warning (consumers): {DOWNGRADED}");
    let headline = "WARNING response-required-property-removed  GET /owners/{id}: response 200 application/json: required property `email` removed";
    let pair = ["v1.0.0:api/openapi.yaml", "api/openapi.yaml"];
    let texts = [
        ("check", vec!["check"]),
        ("diff", vec!["diff", pair[0], pair[1]]),
        (
            "changelog",
            vec!["changelog", pair[0], pair[1], "--format", "text"],
        ),
    ];
    for (name, args) in texts {
        let (code, out) = run(&r, &args);
        assert_eq!(code, 0, "{name}: {out}");
        assert!(
            out.contains(&format!(
                "\nDowngraded below their rule's level (1):\n  {headline}\n    {step}\n"
            )),
            "{name}: {out}"
        );
    }
    for args in [
        vec!["check", "--format", "markdown"],
        vec!["diff", pair[0], pair[1], "--format", "markdown"],
        vec!["changelog", pair[0], pair[1]],
    ] {
        let (_, out) = run(&r, &args);
        assert!(
            out.contains("<details><summary>⬇️ Downgraded below their rule's level (1)</summary>"),
            "{args:?}: {out}"
        );
        assert!(
            out.contains(&format!("| `GET /owners/{{id}}` | response 200 application/json: required property `email` removed | `response-required-property-removed` | warning | {step} |")),
            "{args:?}: {out}"
        );
    }
    let adjustments = serde_json::json!([{
        "stage": "consumers",
        "from": {"level": "breaking", "bump": "major"},
        "to": {"level": "warning", "bump": "patch"},
        "reason": DOWNGRADED,
    }]);
    let removal = |changes: &Value| {
        changes
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == "response-required-property-removed")
            .cloned()
            .expect("the removal")
    };
    let v = json(&r, &["check", "--format", "json"]);
    assert_documented(&v);
    assert_eq!(removal(&v["diff"]["changes"])["adjustments"], adjustments);
    assert_eq!(v["diff"]["summary"]["downgraded"], 1);
    let v = json(&r, &["diff", pair[0], pair[1], "--format", "json"]);
    assert_documented(&v);
    assert_eq!(removal(&v["changes"])["adjustments"], adjustments);
    let v = json(&r, &["changelog", pair[0], pair[1], "--format", "json"]);
    assert_documented(&v);
    assert_eq!(
        removal(&v["sections"]["removed"])["adjustments"],
        adjustments
    );
    let v = json(&r, &["log", "--format", "json"]);
    assert_eq!(
        removal(&v["commits"][1]["changes"])["adjustments"],
        adjustments
    );
    let (_, log) = run(&r, &["log"]);
    assert!(
        log.contains(&format!(
            "    downgraded: {headline}\n                  {step}\n"
        )),
        "{log}"
    );
    let v = json(&r, &["check", "--format", "sarif"]);
    let result = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["ruleId"] == "response-required-property-removed")
        .cloned()
        .unwrap();
    assert_eq!(result["properties"]["adjustments"], adjustments);
    let (_, github) = run(&r, &["check", "--format", "github"]);
    assert!(
        github.contains(&format!("title=response-required-property-removed::GET /owners/{{id}}: response 200 application/json: required property `email` removed ({DOWNGRADED})\n")),
        "{github}"
    );
    assert!(
        github.contains("1 downgraded below their rule's level"),
        "{github}"
    );
    let (_, junit) = run(&r, &["check", "--format", "junit"]);
    assert!(junit.contains(DOWNGRADED), "{junit}");
}

/// `GET /pets`'s optional `owner` removed from the response.
fn without_pet_owner(s: String) -> String {
    s.replace(
        "        owner:\n          type: object\n          properties:\n            name: {type: string}\n",
        "",
    )
}

#[test]
fn a_patch_release_removing_an_optional_response_property_fails_unless_a_complete_registry_shows_nobody_reads_it()
 {
    // The shop reads only `[].id` and `[].name` of GET /pets: nobody registered reads `owner`.
    for (toml, code, verdict) in [
        ("", 1, "FAIL — the changes need a major version bump"),
        ("[consumers]\ncomplete = true\n", 0, "PASS"),
        ("[consumers]\ncomplete = false\n", 1, "FAIL"),
    ] {
        let r = released(toml);
        r.write("api/openapi.yaml", &revision("1.0.1", without_pet_owner));
        let (got, out) = run(&r, &["check"]);
        assert_eq!(got, code, "{toml}: {out}");
        assert!(out.contains(verdict), "{toml}: {out}");
        assert!(out.contains("response-optional-property-removed"), "{out}");
    }
    // Once the shop reads the owner's name, even a complete registry blocks the release.
    let r = released("[consumers]\ncomplete = true\n");
    r.write(
        "consumers/shop.yaml",
        &SHOP.replace("'[].name'", "'[].name', '[].owner.name'"),
    );
    r.commit("the shop reads owners");
    r.write("api/openapi.yaml", &revision("1.0.1", without_pet_owner));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
}

/// `weir check` and `weir diff` with `manifest` as the shop: exit 2, each saying `expected`
/// (flattened). (`weir consumers --spec` sees one spec: a name it lacks may be a removal.)
fn refused(manifest: &str, expected: &[&str]) {
    let r = released("");
    r.write("consumers/shop.yaml", manifest);
    r.write("api/openapi.yaml", &revision("1.0.1", |s| s));
    for args in [
        &["check"][..],
        &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"],
    ] {
        let (code, out) = run(&r, args);
        assert_eq!(code, 2, "{args:?}: {out}");
        for e in expected {
            assert!(out.contains(e), "{args:?}: {e}\n{out}");
        }
    }
}

#[test]
fn a_manifest_naming_an_operation_the_spec_lacks_is_exit_2_at_its_place_with_a_did_you_mean() {
    refused(
        "name: shop\nuses:\n  - operation: getPets\n",
        &[
            "`getPets` is no operation of the spec",
            "consumers/shop.yaml:3:16",
            // Another verb is another name, not a typo: what the spec has, not a guess.
            "it has: getOwner, listPets",
        ],
    );
    refused(
        "name: shop\nuses:\n  - GET /owner/{id}\n",
        &[
            "`GET /owner/{id}` is no operation of the spec",
            "consumers/shop.yaml:3:5",
            "did you mean `GET /owners/{id}`?",
        ],
    );
}

#[test]
fn a_manifest_naming_a_field_or_parameter_the_spec_lacks_is_exit_2_at_its_place() {
    refused(
        "name: shop\nuses:\n  - operation: GET /pets\n    reads: ['[].id', '[].ownr.name']\n",
        &[
            "`reads` of `GET /pets` names the field `[].ownr.name` (its response body has no `ownr` under `[]`), which neither the base nor the revision has",
            "consumers/shop.yaml:4:22",
            "did you mean `[].owner`?",
        ],
    );
    // Sent to an object that does not forbid extra properties, an undeclared name is an
    // extra field (recorded traffic lists such); a closed object has none.
    let r = released("");
    r.write(
        "consumers/shop.yaml",
        "name: shop\nuses:\n  - operation: POST /owners\n    sends: [nickname]\n",
    );
    let owners_post = |s: String| {
        s.replace(
            "components:",
            "  /owners:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, properties: {name: {type: string}}}\n      responses:\n        '201': {description: ok}\n  /owners/{id}/name:\n    put:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object, additionalProperties: false, properties: {name: {type: string}}}\n      responses:\n        '201': {description: ok}\ncomponents:",
        )
    };
    r.write("api/openapi.yaml", &revision("1.1.0", owners_post));
    let (code, out) = run(&r, &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"]);
    assert_eq!(code, 0, "{out}");
    r.write(
        "consumers/shop.yaml",
        "name: shop\nuses:\n  - operation: PUT /owners/{id}/name\n    sends: [nmae]\n",
    );
    let (code, out) = run(&r, &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("did you mean `name`?"), "{out}");
    refused(
        "name: shop\nuses:\n  - operation: GET /pets\n    sends: ['query:limt']\n",
        &[
            "names the query parameter `limt`",
            "consumers/shop.yaml:4:13",
            "did you mean `limit`?",
        ],
    );
    refused(
        "name: shop\nuses:\n  - operation: getOwner\n    reads: ['header:X-Rate-Limit']\n",
        &["names the response header `X-Rate-Limit`"],
    );
    // A field only the base has is a field the consumer may lose: no error.
    let r = released("");
    r.write(
        "consumers/shop.yaml",
        "name: shop\nuses:\n  - operation: getOwner\n    reads: [email]\n",
    );
    r.write("api/openapi.yaml", &revision("2.0.0", without_email));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("shop"), "{out}");
}

#[test]
fn a_pact_interaction_matching_no_operation_is_exit_2_at_its_place() {
    let pact = r#"{"consumer": {"name": "app"}, "provider": {"name": "pets"},
 "interactions": [
  {"description": "owners", "request": {"method": "GET", "path": "/owner/1"}, "response": {"status": 200}}
 ]}"#;
    let r = released("");
    r.write("consumers/app.json", pact);
    r.write("api/openapi.yaml", &revision("1.0.1", |s| s));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains(
            "the Pact interaction's request GET /owner/1 matches no operation of the spec"
        ),
        "{out}"
    );
    assert!(out.contains("consumers/app.json:3:66"), "{out}");
}

/// A Pact file of the consumer `app`: one interaction reads an owner (valid against [`V1`]),
/// the other asks for the owner `abc`, which no version of the spec accepts (`id` is an
/// integer).
const APP_PACT: &str = r#"{"consumer": {"name": "app"}, "provider": {"name": "pets"},
 "interactions": [
  {"description": "an owner", "request": {"method": "GET", "path": "/owners/1"},
   "response": {"status": 200, "headers": {"Content-Type": "application/json"},
                "body": {"name": "Ann", "email": "ann@example.com"}}},
  {"description": "a bad id", "request": {"method": "GET", "path": "/owners/abc"},
   "response": {"status": 200}}
 ],
 "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;

#[test]
fn a_pact_interaction_already_failing_against_the_base_is_reported_apart_and_does_not_block() {
    let r = released("");
    r.write("consumers/app.json", APP_PACT);
    r.commit("the app's pact");
    r.write("api/openapi.yaml", &revision("1.0.1", |s| s));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Pact interactions already failing against the base (not blocking: this release does not change that):\n  app \"a bad id\" (GET /owners/abc)"),
        "{out}"
    );
    assert!(!out.contains("no longer validate"), "{out}");
    let v = json(&r, &["check", "--format", "json"]);
    assert_documented(&v);
    assert_eq!(
        v["consumers"]["already_failing"].as_array().unwrap().len(),
        1
    );
    assert_eq!(v["consumers"]["pact_failures"], serde_json::json!([]));

    // The revision makes the email an integer: the first interaction now fails, and breaks.
    r.write("api/openapi.yaml", &revision("2.0.0", email_integer));
    let (code, out) = run(&r, &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "Pact interactions that no longer validate:\n  app \"an owner\" (GET /owners/1)"
        ),
        "{out}"
    );
    assert!(out.contains("BROKEN"), "{out}");

    // `weir consumers` verifying against one spec fails when an interaction does.
    let (code, out) = run(&r, &["consumers", "--spec", "api/openapi.yaml"]);
    assert_eq!(code, 1, "{out}");
    let (code, out) = run(&r, &["consumers"]);
    assert_eq!(code, 0, "{out}");
}
