//! The consumer registry end to end, on `fixtures/consumers`: six consumers (three manifests,
//! Pact files of specification v2, v3 and v4) against a revision that changes a response
//! field type, removes a required response field, caps a request field, removes a deprecated
//! endpoint and changes a field of an endpoint nobody calls.

mod common;
use common::*;

use serde_json::Value;

const BASE: &str = "fixtures/consumers/base.yaml";
const REVISION: &str = "fixtures/consumers/revision.yaml";
const REGISTRY: &str = "fixtures/consumers/registry";

fn diff_json(extra: &[&str]) -> Value {
    let mut args = vec!["diff", BASE, REVISION, "--format", "json"];
    args.extend_from_slice(extra);
    let o = weir(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn change<'v>(v: &'v Value, rule: &str, operation: &str) -> &'v Value {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["rule"] == rule
                && c["operations"]
                    .as_array()
                    .unwrap()
                    .contains(&operation.into())
        })
        .unwrap_or_else(|| panic!("no {rule} on {operation}"))
}

fn names(c: &Value) -> Vec<&str> {
    c["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect()
}

#[test]
fn an_unaffected_consumer_is_on_no_change() {
    let v = diff_json(&["--consumers", REGISTRY]);
    for c in v["changes"].as_array().unwrap() {
        assert!(!names(c).contains(&"analytics"), "{c}");
        assert!(!names(c).contains(&"web-app"), "{c}");
    }
    assert_eq!(consumer(&v, "analytics")["status"], "unaffected");
    // Pet.tag changed type and Pet.owner.phone left, but analytics reads only the ids and
    // web-app (a Pact file) only ids and names.
    assert_eq!(consumer(&v, "web-app")["status"], "unaffected");
    assert_eq!(consumer(&v, "kiosk")["status"], "unaffected");
}

#[test]
fn an_affected_consumer_is_named_on_the_change_and_breaks() {
    let v = diff_json(&["--consumers", REGISTRY]);
    let cap = change(&v, "request-max-length-set", "POST /pets");
    assert_eq!(names(cap), ["billing-service"]);
    assert_eq!(cap["level"], "breaking");
    let billing = consumer(&v, "billing-service");
    assert_eq!(billing["status"], "broken");
    assert_eq!(billing["owner"], "team-billing");
    assert_eq!(billing["contact"], "billing@example.com");
    // The Pact consumer reads the tag and the phone: both changes reach it, field by field.
    assert_eq!(
        names(change(&v, "response-type-changed", "GET /pets")),
        ["ios-app"]
    );
    assert_eq!(
        names(change(
            &v,
            "response-required-property-removed",
            "GET /pets"
        )),
        ["ios-app"]
    );
}

/// The diff with the fixture registry named by a weir.toml holding `consumers` (TOML lines
/// under `[consumers]`).
fn diff_with_toml(consumers: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("weir.toml"),
        format!(
            "[consumers]\ndir = \"{}\"\n{consumers}",
            root().join(REGISTRY).display()
        ),
    )
    .unwrap();
    let (base, revision) = (
        fixture("consumers/base.yaml"),
        fixture("consumers/revision.yaml"),
    );
    let o = weir_in(dir.path(), &["diff", &base, &revision, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn a_breaking_change_no_consumer_uses_stays_breaking_unless_the_registry_is_complete() {
    let v = diff_json(&["--consumers", REGISTRY]);
    let stats = change(&v, "response-type-changed", "GET /stats");
    assert_eq!(stats["level"], "breaking");
    assert_eq!(stats["bump"], "major");
    assert!(names(stats).is_empty());
    assert_eq!(
        stats["note"],
        "no registered consumer uses this, but the registry is not declared complete ([consumers] complete = true), so consumers it does not list may: it stays breaking"
    );
    assert_eq!(v["consumers"]["complete"], false);
    // Without a registry it is what the rule says, with no note.
    let plain = diff_json(&[]);
    let stats = change(&plain, "response-type-changed", "GET /stats");
    assert_eq!(stats["level"], "breaking");
    assert!(stats.get("consumers").is_none());
    assert!(stats.get("note").is_none());
    assert!(plain.get("consumers").is_none());
}

#[test]
fn a_breaking_change_no_consumer_of_a_complete_registry_uses_becomes_a_warning() {
    let v = diff_with_toml("complete = true\n");
    let stats = change(&v, "response-type-changed", "GET /stats");
    assert_eq!(stats["level"], "warning");
    assert_eq!(stats["bump"], "patch");
    assert_eq!(
        stats["note"],
        "no registered consumer uses this and the registry is declared complete: downgraded from breaking (consumers.unused-breaking)"
    );
    assert_eq!(v["consumers"]["complete"], true);
}

#[test]
fn the_downgrade_can_be_turned_off_in_weir_toml() {
    let v = diff_with_toml("complete = true\nunused-breaking = \"breaking\"\n");
    let stats = change(&v, "response-type-changed", "GET /stats");
    assert_eq!(stats["level"], "breaking");
    assert!(stats.get("note").is_none());
    assert_eq!(consumer(&v, "billing-service")["status"], "broken");
}

#[test]
fn removing_an_operation_a_consumer_uses_is_breaking_even_when_deprecated() {
    let plain = diff_json(&[]);
    let removal = change(
        &plain,
        "endpoint-removed-after-deprecation",
        "DELETE /pets/{petId}",
    );
    assert_eq!(removal["level"], "warning");
    let v = diff_json(&["--consumers", REGISTRY]);
    let removal = change(
        &v,
        "endpoint-removed-after-deprecation",
        "DELETE /pets/{petId}",
    );
    assert_eq!(removal["level"], "breaking");
    assert_eq!(removal["bump"], "major");
    assert_eq!(names(removal), ["legacy-portal"]);
    let note = removal["note"].as_str().unwrap();
    assert!(
        note.contains(
            "still used by legacy-portal (fixtures/consumers/registry/legacy-portal.yaml:7:5)"
        ),
        "{note}"
    );
}

#[test]
fn a_pact_interaction_that_no_longer_validates_names_the_interaction_and_the_schema() {
    let v = diff_json(&["--consumers", REGISTRY]);
    let failures = v["consumers"]["pact_failures"].as_array().unwrap();
    let tag = failures
        .iter()
        .find(|f| f["problem"].as_str().unwrap().contains("/tag"))
        .expect("the tag failure");
    assert_eq!(tag["consumer"], "ios-app");
    assert_eq!(tag["interaction"], "\"a request for pet 1\" (GET /pets/1)");
    assert_eq!(tag["place"], "fixtures/consumers/registry/ios-app.json:5:5");
    assert_eq!(
        tag["problem"],
        "response 200 body: /tag: expected integer, got \"fluffy\""
    );
    assert_eq!(
        tag["schema"]["pointer"],
        "/components/schemas/Pet/properties/tag/type"
    );
    assert_eq!(tag["schema"]["file"], REVISION);
    assert_eq!(tag["schema"]["line"], 94);
    // The field it expects that the revision no longer declares.
    assert!(failures.iter().any(|f| {
        f["problem"]
            .as_str()
            .unwrap()
            .contains("/owner/phone: expects `phone`")
    }));
    // Every other interaction (v2 with a query, v3's 404, v4 behind the /v1 base path) holds.
    assert!(
        failures.iter().all(|f| f["consumer"] == "ios-app"),
        "{failures:?}"
    );
    assert_eq!(consumer(&v, "ios-app")["status"], "broken");
}

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
    insta::assert_snapshot!("diff_with_consumers", stdout(&o));
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

#[test]
fn weir_consumers_lists_consumers_and_what_they_use() {
    let o = weir(&["consumers", "--consumers", REGISTRY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("consumers_listing", stdout(&o));
    let o = weir(&["consumers", "--consumers", REGISTRY, "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let versions: Vec<&str> = v["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["interactions"].as_array().unwrap())
        .map(|i| i["pact_specification"].as_str().unwrap())
        .collect();
    // The v4 file's message interaction is not a request and is left out.
    assert_eq!(versions, ["3.0.0", "3.0.0", "4.0", "2.0.0"]);
}

#[test]
fn weir_consumers_verifies_pacts_against_a_spec() {
    let o = weir(&["consumers", "--consumers", REGISTRY, "--spec", BASE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Every Pact interaction validates against fixtures/consumers/base.yaml."),
        "{}",
        stdout(&o)
    );
    let o = weir(&["consumers", "--consumers", REGISTRY, "--spec", REVISION]);
    // A failing interaction fails the command (exit 1, as a failed gate), in every format.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let json = weir(&[
        "consumers",
        "--consumers",
        REGISTRY,
        "--spec",
        REVISION,
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(1), "{}", stderr(&json));
    let text = stdout(&o);
    assert!(
        text.contains(
            "Pact interactions that do not validate against fixtures/consumers/revision.yaml:"
        ),
        "{text}"
    );
    assert!(text.contains("schema: fixtures/consumers/revision.yaml:94:11 (/components/schemas/Pet/properties/tag/type)"), "{text}");
}

/// A registry folder with the given files.
fn registry(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn bad(files: &[(&str, &str)]) -> String {
    let dir = registry(files);
    let o = weir(&[
        "diff",
        BASE,
        REVISION,
        "--consumers",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}{}", stdout(&o), stderr(&o));
    stderr(&o)
}

#[test]
fn bad_consumer_files_are_exit_2_with_a_location() {
    let e = bad(&[("a.yaml", "name: a\nuses: [GET /pets\n")]);
    assert!(
        e.contains("malformed consumer file") && e.contains("a.yaml:"),
        "{e}"
    );
    let e = bad(&[("a.yaml", "name: a\nowner: me\nusess: []\n")]);
    assert!(
        flat(&e).contains(
            "unknown key `usess` in a consumer file (did you mean `uses`?) (expected one of: name,"
        ) && e.contains("a.yaml:3:1"),
        "{e}"
    );
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - {operation: GET /pets, read: [id]}\n",
    )]);
    assert!(
        flat(&e).contains(
            "unknown key `read` in a use (did you mean `reads`?) (expected operation, reads, sends)"
        ),
        "{e}"
    );
    let e = bad(&[("a.yaml", "name: a\nuses:\n  - FETCH /pets\n")]);
    assert!(
        e.contains("`FETCH /pets` is not an operation") && e.contains("a.yaml:3:5"),
        "{e}"
    );
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - operation: GET /pets\n    reads: ['data[x]']\n",
    )]);
    assert!(
        e.contains("`[x]` is not an index") && e.contains("a.yaml:4:13"),
        "{e}"
    );
    let e = bad(&[("a.yaml", "name: a\nversions: [one]\nuses: []\n")]);
    assert!(
        e.contains("`one` is not a version requirement") && e.contains("a.yaml:2:12"),
        "{e}"
    );
    let e = bad(&[("a.yaml", "uses: []\n")]);
    assert!(e.contains("needs a `name`"), "{e}");
    let pact = r#"{"consumer": {"name": "x"}, "provider": {"name": "y"},
 "interactions": [{"description": "d", "request": {"path": "/pets"}, "response": {"status": 200}}]}"#;
    let e = bad(&[("x.json", pact)]);
    assert!(
        e.contains("interaction 0: `request.method` is missing") && e.contains("x.json:2:40"),
        "{e}"
    );
    let o = weir(&["diff", BASE, REVISION, "--consumers", "no/such/folder"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is not a folder"), "{}", stderr(&o));
}

#[test]
fn pact_files_of_another_provider_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("weir.toml"),
        format!(
            "[consumers]\ndir = \"{}\"\nprovider = \"another-api\"\n",
            root().join(REGISTRY).display()
        ),
    )
    .unwrap();
    let o = weir_in(dir.path(), &["consumers", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed: Vec<&str> = v["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["analytics", "billing-service", "legacy-portal"]);
}

#[test]
fn a_pact_request_is_checked_parameters_and_body() {
    let pact = r#"{"consumer": {"name": "cli"}, "provider": {"name": "pets-api"},
 "interactions": [
  {"description": "too many", "request": {"method": "GET", "path": "/pets", "query": {"limit": ["1000"]}},
   "response": {"status": 200}},
  {"description": "a pet with no name", "request": {"method": "POST", "path": "/pets", "body": {"tag": "x"}},
   "response": {"status": 201}},
  {"description": "a pet by name", "request": {"method": "GET", "path": "/pets/rex"},
   "response": {"status": 200}},
  {"description": "a teapot", "request": {"method": "GET", "path": "/stats"}, "response": {"status": 418}}
 ],
 "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
    let dir = registry(&[("cli.json", pact)]);
    let o = weir(&[
        "consumers",
        "--consumers",
        &dir.path().display().to_string(),
        "--spec",
        BASE,
    ]);
    let text = stdout(&o);
    for expected in [
        "query parameter `limit`: 1000 is not at most 100",
        "request body: /name: required property `name` is missing",
        "path parameter `petId`: expected integer, got \"rex\"",
        "the operation declares no response 418 (nor 4XX, nor default)",
    ] {
        assert!(text.contains(expected), "{expected}:\n{text}");
    }
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// A repository whose release v1.4.0 is the base fixture, with weir.toml naming the spec.
fn released() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &read(BASE));
    r.write("weir.toml", "[[spec]]\npath = \"api/openapi.yaml\"\n");
    r.commit("release 1.4.0");
    r.git(&["tag", "v1.4.0"]);
    r
}

fn check(r: &Repo) -> (i32, String) {
    let o = r.weir(&["check"]);
    (
        o.status.code().unwrap(),
        format!("{}{}", stdout(&o), stderr(&o)),
    )
}

#[test]
fn weir_check_fails_when_a_registered_consumer_breaks() {
    let r = released();
    r.write(
        "api/openapi.yaml",
        &read(REVISION).replace("version: 1.5.0", "version: 2.0.0"),
    );
    for name in [
        "billing.yaml",
        "legacy-portal.yaml",
        "ios-app.json",
        "web-app.json",
    ] {
        r.write(
            &format!("consumers/{name}"),
            &read(&format!("{REGISTRY}/{name}")),
        );
    }
    // 2.0.0 is the major version the changes need, but the iOS app (pinned to nothing) reads
    // the tag whose type changed; the pinned consumers stay on 1.x.
    let (code, out) = check(&r);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — registered consumers break: ios-app"),
        "{out}"
    );
    assert!(
        out.contains("not on it   billing-service (team-billing, billing@example.com) — pinned to ^1.4; the revision is 2.0.0"),
        "{out}"
    );
    assert!(out.contains("not on it   legacy-portal"), "{out}");
    let o = r.weir(&["check", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["verdict"], "consumers-broken");
    assert_eq!(v["version_verdict"], "pass");
    assert_eq!(consumer(&v, "ios-app")["status"], "broken");
    assert_eq!(consumer(&v, "billing-service")["status"], "pinned-out");

    // The app stops reading the tag and the phone: nothing it uses breaks.
    r.write(
        "consumers/ios-app.json",
        &read(&format!("{REGISTRY}/ios-app.json"))
            .replace(", \"tag\": \"fluffy\"", "")
            .replace(", \"phone\": \"555-0100\"", ""),
    );
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS"), "{out}");
    assert!(out.contains("unaffected  web-app"), "{out}");
}

#[test]
fn weir_check_blocks_removing_a_deprecated_operation_a_consumer_still_lists() {
    let r = released();
    let base = read(BASE);
    let start = base.find("    delete:\n").unwrap();
    let end = base.find("  /stats:").unwrap();
    let revision = format!("{}{}", &base[..start], &base[end..]).replace("1.4.0", "2.0.0");
    r.write("api/openapi.yaml", &revision);
    // Removing a deprecated endpoint is a warning; 2.0.0 is the bump it asks for.
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");

    // The portal, pinned to 1.x, stays there: 2.0.0 may drop what it uses.
    let portal = read(&format!("{REGISTRY}/legacy-portal.yaml"));
    r.write("consumers/legacy-portal.yaml", &portal);
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");

    // Unpinned, it takes every version: the removal is blocked, deprecated or not.
    let unpinned = portal.replace("versions: [\"^1\"]\n", "");
    r.write("consumers/legacy-portal.yaml", &unpinned);
    let (code, out) = check(&r);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — registered consumers break: legacy-portal"),
        "{out}"
    );
    assert!(
        out.contains("still used by legacy-portal (consumers/legacy-portal.yaml:6:5)"),
        "{out}"
    );

    // Once its file no longer lists the operation, the removal goes through.
    r.write(
        "consumers/legacy-portal.yaml",
        &unpinned.replace("  - deletePet\n", ""),
    );
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn the_documented_json_schema_accepts_the_fixture_manifests_and_refuses_bad_ones() {
    use weir::Locator;
    use weir::json_schema::{Validator, instance};
    use weir::vocabulary::Direction;
    // weir's own validator reads the schema through a one-schema OpenAPI 3.1 document.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("schemas/consumer.schema.json"),
        dir.path().join("consumer.schema.json"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("wrapper.yaml"),
        "openapi: 3.1.0
info: {title: consumer manifests, version: '1'}
paths:
  /manifest:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: 'consumer.schema.json'}
      responses:
        '200': {description: ok}
",
    )
    .unwrap();
    let spec = weir::open_spec(&Locator::File(dir.path().join("wrapper.yaml")), false).unwrap();
    let schema = spec.operations[0].request_body.as_ref().unwrap().content[0]
        .schema
        .unwrap();
    let v = Validator::new(&spec, Direction::Request);
    let as_json = |text: &str| {
        let tree = weir::load::parse::parse("m".into(), text.into()).unwrap();
        instance::from_node(&tree, tree.root())
    };
    for file in [
        "consumers/registry/analytics.yaml",
        "consumers/registry/billing.yaml",
        "consumers/registry/legacy-portal.yaml",
        "consumers/precise/registry/mobile.yaml",
        "consumers/precise/registry/batch.yaml",
        "consumers/precise/registry/dashboard.yaml",
    ] {
        let m = as_json(&read(&format!("fixtures/{file}")));
        let errors: Vec<String> = v
            .validate(schema, &m)
            .iter()
            .map(|e| e.describe())
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
    }
    for bad in [
        "name: a\n",
        "name: a\nuses: [FETCH /pets]\n",
        "name: a\nuses: [{operation: listPets, read: [id]}]\n",
        "name: a\nowner: [x]\nuses: []\n",
        "name: a\nuses: [{operation: listPets, sends: [{query: limit}]}]\n",
    ] {
        assert!(!v.is_valid(schema, &as_json(bad)), "{bad}");
    }
}

#[test]
fn files_that_are_not_consumer_files_are_skipped_with_a_word() {
    let dir = registry(&[
        ("settings.yaml", "colour: blue\n"),
        ("app.yaml", "name: app\nuses: [GET /pets]\n"),
    ]);
    let o = weir(&[
        "consumers",
        "--consumers",
        &dir.path().display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("app  "), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("settings.yaml is neither a consumer file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_newly_required_request_field_breaks_those_that_do_not_send_it() {
    let dir = registry(&[
        (
            "sends-both.yaml",
            "name: sends-both\nuses:\n  - {operation: createPet, sends: [name, tag]}\n",
        ),
        (
            "sends-name.yaml",
            "name: sends-name\nuses:\n  - {operation: createPet, sends: [name]}\n",
        ),
        (
            "sends-nothing.yaml",
            "name: sends-nothing\nuses:\n  - {operation: createPet, sends: []}\n",
        ),
    ]);
    let revision = dir.path().join("revision.spec");
    std::fs::write(
        &revision,
        read(BASE).replace(
            "      required: [name]\n      properties:\n        name:",
            "      required: [name, tag]\n      properties:\n        name:",
        ),
    )
    .unwrap();
    let o = weir(&[
        "diff",
        BASE,
        &revision.display().to_string(),
        "--consumers",
        &dir.path().display().to_string(),
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let c = change(&v, "request-property-became-required", "POST /pets");
    assert_eq!(names(c), ["sends-name"]);
}

// Parameters and response headers, per consumer: `fixtures/consumers/precise`, whose revision
// lowers the `limit` maximum, makes the `X-Request-Id` header required, changes the type of
// the `X-Rate-Limit` response header, asks for at least two pets, a capitalised name and
// drops the `pending` status.

const PRECISE_BASE: &str = "fixtures/consumers/precise/base.yaml";
const PRECISE_REVISION: &str = "fixtures/consumers/precise/revision.yaml";
const PRECISE_REGISTRY: &str = "fixtures/consumers/precise/registry";

fn diff_of(base: &str, revision: &str, registry: &str) -> Value {
    let o = weir(&[
        "diff",
        base,
        revision,
        "--consumers",
        registry,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn precise() -> Value {
    diff_of(PRECISE_BASE, PRECISE_REVISION, PRECISE_REGISTRY)
}

#[test]
fn a_parameter_change_affects_only_the_consumers_that_send_it() {
    let v = precise();
    let limit = change(&v, "request-maximum-decreased", "GET /pets");
    // mobile lists `query:limit`, the shop's Pact request has `?limit=5`, the dashboard sends
    // everything; batch lists `sends` without parameters and the front desk's Pact request
    // has no query.
    assert_eq!(names(limit), ["dashboard", "mobile", "shop"]);
    assert_eq!(consumer(&v, "batch")["status"], "broken"); // by the request id, below
    assert!(
        !consumer(&v, "batch")["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| v["changes"][i.as_u64().unwrap() as usize]["rule"]
                == "request-maximum-decreased")
    );
}

#[test]
fn path_parameters_are_sent_by_every_consumer_of_the_operation() {
    let dir = registry(&[
        (
            "ids.yaml",
            "name: ids\nuses:\n  - {operation: 'GET /pets/{id}', sends: [path:id]}\n",
        ),
        (
            "quiet.yaml",
            "name: quiet\nuses:\n  - {operation: getPet, sends: []}\n",
        ),
        (
            "lister.yaml",
            "name: lister\nuses:\n  - {operation: listPets, sends: []}\n",
        ),
    ]);
    let revision = dir.path().join("revision.spec");
    std::fs::write(
        &revision,
        read(PRECISE_BASE).replace(
            "          in: path\n          required: true\n          schema:\n            type: integer\n",
            "          in: path\n          required: true\n          schema:\n            type: integer\n            maximum: 1000\n",
        ),
    )
    .unwrap();
    let v = diff_of(
        PRECISE_BASE,
        &revision.display().to_string(),
        &dir.path().display().to_string(),
    );
    let cap = change(&v, "request-maximum-set", "GET /pets/{petId}");
    assert_eq!(names(cap), ["ids", "quiet"]);
}

#[test]
fn a_newly_required_parameter_breaks_the_consumers_that_do_not_send_it() {
    let v = precise();
    let id = change(&v, "request-parameter-became-required", "GET /pets");
    assert_eq!(id["level"], "breaking");
    // batch sends no parameters and the front desk's Pact request has no X-Request-Id;
    // mobile lists it, the shop's Pact request has it, the dashboard sends everything.
    assert_eq!(names(id), ["batch", "front-desk"]);
    assert_eq!(consumer(&v, "batch")["status"], "broken");

    // A new required parameter: the same mechanism. Header names match in any case, and
    // each Pact interaction counts on its own: one without the parameter is enough.
    let pact = r#"{"consumer": {"name": "two-calls"}, "provider": {"name": "pets-api"},
 "interactions": [
  {"description": "with", "request": {"method": "GET", "path": "/pets", "headers": {"X-Region": "eu"}}, "response": {"status": 200}},
  {"description": "without", "request": {"method": "GET", "path": "/pets"}, "response": {"status": 200}}
 ]}"#;
    let dir = registry(&[
        (
            "lower.yaml",
            "name: lower\nuses:\n  - {operation: listPets, sends: ['header:x-region']}\n",
        ),
        (
            "none.yaml",
            "name: none\nuses:\n  - {operation: listPets, sends: [query:limit]}\n",
        ),
        ("two-calls.json", pact),
    ]);
    let revision = dir.path().join("revision.spec");
    std::fs::write(
        &revision,
        read(PRECISE_BASE).replace(
            "        - name: X-Request-Id\n",
            "        - name: X-Region\n          in: header\n          required: true\n          schema: {type: string}\n        - name: X-Request-Id\n",
        ),
    )
    .unwrap();
    let v = diff_of(
        PRECISE_BASE,
        &revision.display().to_string(),
        &dir.path().display().to_string(),
    );
    let added = change(&v, "request-parameter-added-required", "GET /pets");
    assert_eq!(names(added), ["none", "two-calls"]);
}

#[test]
fn a_response_header_change_affects_those_that_read_it() {
    let v = precise();
    let header = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            // A header is text: integer → string lets any text through.
            c["rule"] == "response-type-widened"
                && c["path"].as_str().unwrap().contains("X-Rate-Limit")
        })
        .expect("the header's type change");
    // mobile reads `header:X-Rate-Limit`, the front desk's Pact expects it, the dashboard
    // reads everything; batch lists `reads` without headers, the shop's Pact expects only a
    // Content-Type.
    assert_eq!(names(header), ["dashboard", "front-desk", "mobile"]);
}

#[test]
fn a_change_reaches_a_consumer_through_any_of_its_operations() {
    // The name's new pattern is in GET /pets and GET /pets/{petId}; mobile reads the name
    // only through the second.
    let v = precise();
    let pattern = change(&v, "response-pattern-added", "GET /pets");
    assert!(names(pattern).contains(&"mobile"), "{pattern}");
    let enums = change(&v, "response-enum-value-removed", "GET /pets");
    assert!(!names(enums).contains(&"mobile"), "{enums}");
}

#[test]
fn the_listing_shows_parameters_and_headers() {
    let o = weir(&["consumers", "--consumers", PRECISE_REGISTRY]);
    let text = stdout(&o);
    assert!(
        text.contains(
            "GET /pets                    reads pets[].id, header:X-Rate-Limit; sends query:limit, header:X-Request-Id"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "reads pets[].id, pets[].name, pets[].status; sends query:limit, header:x-request-id"
        ),
        "{text}"
    );
}

#[test]
fn bad_parameters_in_a_manifest_are_exit_2_with_a_location() {
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - operation: GET /pets\n    sends: [name, 'qeury:limit']\n",
    )]);
    assert!(
        e.contains("unknown parameter location `qeury` in") && e.contains("a.yaml:4:19"),
        "{e}"
    );
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - operation: GET /pets\n    reads: [query:limit]\n",
    )]);
    assert!(
        e.contains("`query:limit` is a request parameter") && e.contains("a.yaml:4:13"),
        "{e}"
    );
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - operation: GET /pets/{id}\n    sends: [path:petId]\n",
    )]);
    assert!(
        e.contains("`path:petId`: `GET /pets/{id}` has no path parameter")
            && e.contains("a.yaml:4:13"),
        "{e}"
    );
    let e = bad(&[(
        "a.yaml",
        "name: a\nuses:\n  - operation: GET /pets\n    sends:\n      - query: limit\n",
    )]);
    assert!(
        e.contains("write a parameter as") && e.contains("a.yaml:5:9"),
        "{e}"
    );
}

// Pact matching rules, on the same fixture: the shop's v3 Pact matches its one-pet list by
// type with `min: 1`; the front desk's v4 Pact matches names and statuses by regex.

fn failures_of(v: &Value, consumer: &str) -> Vec<String> {
    failures_in(v, "pact_failures", consumer)
}

/// The problems of a consumer's interactions in one list of the impact.
fn failures_in(v: &Value, list: &str, consumer: &str) -> Vec<String> {
    v["consumers"][list]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["consumer"] == consumer)
        .map(|f| f["problem"].as_str().unwrap().to_string())
        .collect()
}

/// The precise fixture with one Pact file of its registry rewritten.
fn with_pact(file: &str, edit: impl Fn(String) -> String) -> (tempfile::TempDir, Value) {
    let dir = registry(&[(file, &edit(read(&format!("{PRECISE_REGISTRY}/{file}"))))]);
    let v = diff_of(
        PRECISE_BASE,
        PRECISE_REVISION,
        &dir.path().display().to_string(),
    );
    (dir, v)
}

#[test]
fn an_array_matched_by_type_with_a_min_takes_any_count() {
    // The revision sends at least two pets; the shop's example has one, but its matcher
    // takes one or more.
    let v = precise();
    assert!(
        failures_of(&v, "shop").is_empty(),
        "{:?}",
        failures_of(&v, "shop")
    );
    // Without the matcher, the example's one pet is what it expects.
    let (_d, v) = with_pact("shop.json", |t| {
        t.replace(
            r#""$.pets": {"matchers": [{"match": "type", "min": 1}]},"#,
            "",
        )
    });
    assert_eq!(
        failures_of(&v, "shop"),
        ["response 200 body: /pets: has 1 items, fewer than minItems 2"]
    );
    // A range the schema's lengths miss fails, at the schema's bound.
    let (_d, v) = with_pact("shop.json", |t| {
        t.replace(
            r#""match": "type", "min": 1"#,
            r#""match": "type", "max": 1"#,
        )
    });
    assert_eq!(
        failures_of(&v, "shop"),
        [
            "response 200 body: /pets: the interaction takes 0 to 1 items (its type matcher), the schema allows at least 2"
        ]
    );
    let f = &v["consumers"]["pact_failures"][0];
    assert!(
        f["schema"]["pointer"]
            .as_str()
            .unwrap()
            .ends_with("/properties/pets/minItems"),
        "{f}"
    );
    // The items are still checked: a pet without a whole-number id fails — against the base
    // already, so it is reported apart and breaks nobody.
    let (_d, v) = with_pact("shop.json", |t| t.replace(r#""id": 1"#, r#""id": "one""#));
    assert_eq!(
        failures_in(&v, "already_failing", "shop"),
        [r#"response 200 body: /pets/0/id: expected integer, got "one""#]
    );
    assert!(failures_of(&v, "shop").is_empty());
}

#[test]
fn a_regex_matcher_example_failing_a_new_pattern_is_reported() {
    // The revision wants capitalised names; the front desk's regex takes lowercase ones
    // only, and weir cannot compare two regexes: the example is validated, and fails.
    let v = precise();
    let failures = failures_of(&v, "front-desk");
    for expected in [
        r#"response 200 body: /pets/0/name: "rex" does not match `^[A-Z][a-z]*$`"#,
        r#"response 200 body: /pets/1/name: "tom" does not match `^[A-Z][a-z]*$`"#,
    ] {
        assert!(
            failures.iter().any(|f| f == expected),
            "{expected}: {failures:?}"
        );
    }
    let name = v["consumers"]["pact_failures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["problem"].as_str().unwrap().contains("/pets/0/name"))
        .unwrap();
    assert_eq!(
        name["schema"]["pointer"],
        "/components/schemas/Pet/properties/name/pattern"
    );
}

#[test]
fn a_regex_matcher_is_judged_against_the_values_an_enum_allows() {
    let v = precise();
    let failures = failures_of(&v, "front-desk");
    // `pending` left the enum, but the regex `^(available|pending)$` also takes `available`,
    // which the revision may send: the first interaction's status holds.
    assert!(
        !failures.iter().any(|f| f.contains("/pets/0/status")),
        "{failures:?}"
    );
    // `^pending$` takes none of the values the revision allows.
    assert!(
        failures.iter().any(|f| f
            == "response 200 body: /status: the interaction takes strings matching `^pending$` (its regex matcher), and the schema allows none: only \"available\", \"sold\""),
        "{failures:?}"
    );
    // Pact implementations differ on anchoring regexes. `avail` matches part of `available`
    // only: weir cannot tell, and validates the example; `sold|pend` matches all of `sold`.
    let (_d, v) = with_pact("front-desk.json", |t| t.replace("^pending$", "avail"));
    assert!(
        failures_of(&v, "front-desk")
            .iter()
            .any(|f| f == r#"response 200 body: /status: "pending" is not one of the enum values"#),
        "{:?}",
        failures_of(&v, "front-desk")
    );
    let (_d, v) = with_pact("front-desk.json", |t| t.replace("^pending$", "sold|pend"));
    assert!(
        !failures_of(&v, "front-desk")
            .iter()
            .any(|f| f.contains(": /status:")),
        "{:?}",
        failures_of(&v, "front-desk")
    );
    // Without its matcher, the example `pending` is what the first interaction expects.
    let (_d, v) = with_pact("front-desk.json", |t| {
        t.replace(
            r#""$.pets[*].status": {"combine": "AND", "matchers": [{"match": "regex", "regex": "^(available|pending)$"}]}"#,
            r#""$.pets[*].id": {"combine": "AND", "matchers": [{"match": "integer"}]}"#,
        )
    });
    assert!(
        failures_of(&v, "front-desk").iter().any(|f| f
            == r#"response 200 body: /pets/0/status: "pending" is not one of the enum values"#),
        "{:?}",
        failures_of(&v, "front-desk")
    );
}

#[test]
fn pact_v2_matching_rules_are_read_too() {
    let pact = r#"{"consumer": {"name": "old-app"}, "provider": {"name": "pets-api"},
 "interactions": [{"description": "a page", "request": {"method": "GET", "path": "/pets", "headers": {"X-Request-Id": "1"}},
  "response": {"status": 200, "body": {"pets": [{"id": 1, "name": "Rex", "status": "pending"}]},
   "matchingRules": {"$.body.pets": {"min": 1}, "$.body.pets[*].status": {"match": "regex", "regex": "available|pending"}}}}],
 "metadata": {"pactSpecification": {"version": "2.0.0"}}}"#;
    let dir = registry(&[("old-app.json", pact)]);
    let v = diff_of(
        PRECISE_BASE,
        PRECISE_REVISION,
        &dir.path().display().to_string(),
    );
    assert!(
        failures_of(&v, "old-app").is_empty(),
        "{:?}",
        failures_of(&v, "old-app")
    );
}

#[test]
fn what_a_pact_reads_is_its_body_whatever_the_matchers_say() {
    // The shop matches `$.pets[*].id` as an integer and `$.pets` by type: it still reads
    // exactly the fields its example shows.
    let o = weir(&[
        "consumers",
        "--consumers",
        PRECISE_REGISTRY,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let shop = v["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "shop")
        .unwrap();
    assert_eq!(
        shop["uses"][0]["reads"],
        serde_json::json!(["pets[].id", "pets[].name", "pets[].status"])
    );
}

#[test]
fn a_malformed_matcher_is_exit_2_with_a_location() {
    let pact = r#"{"consumer": {"name": "x"}, "provider": {"name": "y"},
 "interactions": [{"description": "d", "request": {"method": "GET", "path": "/pets"},
  "response": {"status": 200, "matchingRules": {"body": {"$.pets": {"matchers": [{"match": "fuzzy"}]}}}}}]}"#;
    let e = bad(&[("x.json", pact)]);
    assert!(
        e.contains("unknown matcher `fuzzy`") && e.contains("x.json:3:92"),
        "{e}"
    );
    let pact = pact.replace(r#"{"match": "fuzzy"}"#, r#"{"match": "regex"}"#);
    let e = bad(&[("x.json", &pact)]);
    assert!(e.contains("a `regex` matcher needs `regex`"), "{e}");
    let pact = pact.replace(r#""$.pets""#, r#""pets""#);
    let e = bad(&[("x.json", &pact)]);
    assert!(e.contains("`pets` is not a matching rule path"), "{e}");
}
