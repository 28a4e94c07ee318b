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
