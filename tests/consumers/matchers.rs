//! Pact matching rules, on the precise fixture: the shop's v3 Pact matches its one-pet list
//! by type with `min: 1`; the front desk's v4 Pact matches names and statuses by regex.

use serde_json::Value;

use crate::common::*;
use crate::{PRECISE_BASE, PRECISE_REGISTRY, PRECISE_REVISION, diff_of, precise, read, registry};

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
