//! `weir consumers`: the listing, and Pact verification against a spec (`--spec`).

use serde_json::Value;

use crate::common::*;
use crate::{BASE, PRECISE_REGISTRY, REGISTRY, REVISION, assert_stdout_snapshot, registry};

#[test]
fn weir_consumers_lists_consumers_and_what_they_use() {
    let o = weir(&["consumers", "--consumers", REGISTRY]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_stdout_snapshot("consumers_listing", o);
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
