//! What a registry does to a diff: the consumers a change reaches, and the level a change
//! takes from who uses it.

use serde_json::Value;

use crate::common::*;
use crate::{BASE, REGISTRY, REVISION, change, diff_json, names, read, registry};

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
