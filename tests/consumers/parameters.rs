//! Parameters and response headers, per consumer, on `fixtures/consumers/precise`.

use crate::common::*;
use crate::{PRECISE_BASE, change, diff_of, names, precise, read, registry};

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
