//! One edit to an object is one finding (issue 17 §5): the findings one edit makes about
//! several sibling properties of one object fold into one that names them all
//! (`src/assess/siblings.rs`) — once every stage has judged each property on its own. Each
//! folded rule has a fixture in `fixtures/one-finding-per-edit/siblings-*` (its snapshot is
//! checked by `tests/one_finding_per_edit.rs`); the tests below say what must hold.

mod common;
use common::*;

use serde_json::{Value, json};

fn folder(name: &str) -> std::path::PathBuf {
    root().join("fixtures/one-finding-per-edit").join(name)
}

fn read(name: &str, file: &str) -> String {
    std::fs::read_to_string(folder(name).join(file)).unwrap()
}

/// `weir diff base.yaml revision.yaml --format json` (and `extra`) in `dir`.
fn diff_in(dir: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["diff", "base.yaml", "revision.yaml", "--format", "json"];
    args.extend_from_slice(extra);
    let o = weir_in(dir, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The findings of `rule` between two specs, with `files` beside them (weir.toml, a
/// registry), and the whole report.
fn findings_of(
    base: &str,
    revision: &str,
    files: &[(&str, &str)],
    rule: &str,
) -> (Vec<Value>, Value) {
    let mut all = vec![("base.yaml", base), ("revision.yaml", revision)];
    all.extend_from_slice(files);
    let dir = folder_with(&all);
    let v = diff_in(dir.path(), &[]);
    let of_rule = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == rule)
        .cloned()
        .collect();
    (of_rule, v)
}

/// The JSON report is what its published schema says.
fn assert_valid(v: &Value) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

const FOLDED: &[(&str, &str, &[&str])] = &[
    (
        "response-property-became-optional",
        "account: properties `country`, `email` and `name` are no longer guaranteed",
        &["country", "email", "name"],
    ),
    (
        "response-optional-property-removed",
        "account: optional properties `country` and `name` removed",
        &["country", "name"],
    ),
    (
        "response-required-property-removed",
        "account: required properties `country` and `name` removed",
        &["country", "name"],
    ),
    (
        "request-property-removed-from-closed-object",
        "account_create: properties `name` and `nickname` removed and undeclared properties are refused",
        &["name", "nickname"],
    ),
    (
        "request-property-added-required",
        "account_create: required properties `country` and `currency` added",
        &["country", "currency"],
    ),
    (
        "request-property-became-required",
        "account_create: properties `country` and `name` became required",
        &["country", "name"],
    ),
];

#[test]
fn one_edit_to_sibling_properties_is_one_finding_naming_each() {
    for &(rule, message, names) in FOLDED {
        let name = format!("siblings-{rule}");
        let v = diff_in(&folder(&name), &[]);
        assert_valid(&v);
        let changes = v["changes"].as_array().unwrap();
        assert_eq!(changes.len(), 1, "{name}: {changes:#?}");
        let c = &changes[0];
        assert_eq!(c["rule"], rule, "{name}");
        assert_eq!(c["message"], message, "{name}");
        assert_eq!(c["names"], json!(names), "{name}");
        // `name` keeps its meaning: the (first) property, as the places are the first's.
        assert_eq!(c["name"], names[0], "{name}");
        assert_eq!(v["summary"]["breaking"], 1, "{name}");
    }
}

#[test]
fn the_places_are_the_first_propertys() {
    let v = diff_in(&folder("siblings-response-optional-property-removed"), &[]);
    let c = &v["changes"][0];
    assert_eq!(
        c["base"]["pointer"],
        "/components/schemas/account/properties/country"
    );
    assert_eq!(c["revision"]["pointer"], "/components/schemas/account");
    let v = diff_in(&folder("siblings-request-property-added-required"), &[]);
    let c = &v["changes"][0];
    assert_eq!(c["base"]["pointer"], "/components/schemas/account_create");
    assert_eq!(
        c["revision"]["pointer"],
        "/components/schemas/account_create/properties/country"
    );
}

#[test]
fn properties_of_different_objects_do_not_fold() {
    let spec = |account: &str, owner: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /accounts/{{id}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/account'\ncomponents:\n  schemas:\n    account:\n      type: object\n      properties:\n        id: {{type: string}}\n        owner: {{$ref: '#/components/schemas/owner'}}\n{account}    owner:\n      type: object\n      properties:\n        id: {{type: string}}\n{owner}"
        )
    };
    let base = spec(
        "        nickname: {type: string}\n",
        "        email: {type: string}\n",
    );
    let revision = spec("", "");
    let (found, v) = findings_of(&base, &revision, &[], "response-optional-property-removed");
    let mut messages: Vec<&str> = found
        .iter()
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    messages.sort_unstable();
    assert_eq!(
        messages,
        [
            "account: optional property `nickname` removed",
            "owner: optional property `email` removed"
        ],
        "{v:#}"
    );
    assert!(found.iter().all(|c| c.get("names").is_none()));
}

/// A registry declared complete whose one consumer reads `read` of `GET /accounts/{id}`.
fn registry(read: &str) -> String {
    format!("name: app\nuses:\n  - operation: GET /accounts/{{id}}\n    reads: [{read}]\n")
}

const COMPLETE: &str = "[consumers]\ndir = \"registry\"\ncomplete = true\n";

#[test]
fn properties_a_stage_judges_apart_do_not_fold() {
    // `country` is read by the only consumer: breaking; `name` by nobody: a warning.
    let fixture = "siblings-response-optional-property-removed";
    let (found, v) = findings_of(
        &read(fixture, "base.yaml"),
        &read(fixture, "revision.yaml"),
        &[
            ("weir.toml", COMPLETE),
            ("registry/app.yaml", &registry("country")),
        ],
        "response-optional-property-removed",
    );
    assert_valid(&v);
    let verdicts: Vec<(&str, &str)> = found
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        verdicts,
        [("country", "breaking"), ("name", "warning")],
        "{v:#}"
    );
    assert_eq!(
        found[0]["message"],
        "account: optional property `country` removed"
    );
    let app = consumer(&v, "app");
    assert_eq!(app["status"], "broken");
    assert_eq!(
        app["through"][0]["field"],
        "response 200 application/json › country"
    );
}

#[test]
fn a_folded_finding_names_each_field_a_consumer_uses() {
    let fixture = "siblings-response-optional-property-removed";
    let (found, v) = findings_of(
        &read(fixture, "base.yaml"),
        &read(fixture, "revision.yaml"),
        &[
            ("weir.toml", COMPLETE),
            ("registry/app.yaml", &registry("country, name")),
        ],
        "response-optional-property-removed",
    );
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(found[0]["level"], "breaking");
    assert_eq!(found[0]["consumers"], json!(["app"]));
    let app = consumer(&v, "app");
    assert_eq!(app["status"], "broken");
    assert_eq!(app["breaking"], 1, "{app:#}");
    assert_eq!(app["changes"], json!([0]), "{app:#}");
    let fields: Vec<&str> = app["through"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "response 200 application/json › country",
            "response 200 application/json › name"
        ],
        "{app:#}"
    );
    // The text names the finding once, each field the consumer reads under it.
    let dir = folder_with(&[
        ("base.yaml", &read(fixture, "base.yaml")),
        ("revision.yaml", &read(fixture, "revision.yaml")),
        ("weir.toml", COMPLETE),
        ("registry/app.yaml", &registry("country, name")),
    ]);
    let o = weir_in(dir.path(), &["diff", "base.yaml", "revision.yaml"]);
    let text = stdout(&o);
    let consumers = &text[text.find("Consumers (registry):").unwrap()..];
    assert_eq!(
        consumers
            .matches("optional properties `country` and `name` removed")
            .count(),
        1,
        "{consumers}"
    );
    assert!(consumers.contains("reads response 200 application/json › country (registry/app.yaml:3:5)\n                reads response 200 application/json › name"), "{consumers}");
}

fn ignore(fingerprint: &str) -> String {
    format!(
        "[[ignore]]\nfingerprint = \"{fingerprint}\"\nreason = \"agreed\"\nexpires = 2099-12-31\n"
    )
}

#[test]
fn an_ignore_by_one_propertys_fingerprint_drops_that_property_alone() {
    let fixture = "siblings-response-optional-property-removed";
    let base = read(fixture, "base.yaml");
    let revision = read(fixture, "revision.yaml");
    // `country` alone removed: its finding's fingerprint is the one it had before findings
    // folded, and the one its part of the fold has.
    let only_country = revision.replace(
        "        email: {type: string}\n",
        "        email: {type: string}\n        name: {type: string}\n",
    );
    let (alone, _) = findings_of(
        &base,
        &only_country,
        &[],
        "response-optional-property-removed",
    );
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["name"], "country");
    let country = alone[0]["fingerprint"].as_str().unwrap().to_string();

    let (found, v) = findings_of(
        &base,
        &revision,
        &[("weir.toml", &ignore(&country))],
        "response-optional-property-removed",
    );
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(
        found[0]["message"],
        "account: optional property `name` removed"
    );
    assert!(found[0].get("names").is_none());
    assert_eq!(v["summary"]["ignored"], 1);
    assert_eq!(v["ignored"][0]["fingerprint"], country.as_str());
}

#[test]
fn an_ignore_by_the_folded_fingerprint_drops_every_property() {
    let fixture = "siblings-response-optional-property-removed";
    let (base, revision) = (read(fixture, "base.yaml"), read(fixture, "revision.yaml"));
    let (found, _) = findings_of(&base, &revision, &[], "response-optional-property-removed");
    let folded = found[0]["fingerprint"].as_str().unwrap().to_string();
    let (found, v) = findings_of(
        &base,
        &revision,
        &[("weir.toml", &ignore(&folded))],
        "response-optional-property-removed",
    );
    assert!(found.is_empty(), "{v:#}");
    assert_eq!(v["summary"]["ignored"], 2, "{v:#}");
    assert_eq!(v["summary"]["breaking"], 0);
}

#[test]
fn the_folded_fingerprint_is_stable_and_differs_from_each_propertys() {
    let fixture = "siblings-response-property-became-optional";
    let a = diff_in(&folder(fixture), &[]);
    let b = diff_in(&folder(fixture), &[]);
    assert_eq!(
        a["changes"][0]["fingerprint"],
        b["changes"][0]["fingerprint"]
    );
    let base = read(fixture, "base.yaml");
    let only_email = base.replace(
        "required: [id, country, email, name]",
        "required: [id, country, name]",
    );
    let (alone, _) = findings_of(&base, &only_email, &[], "response-property-became-optional");
    assert_eq!(alone.len(), 1);
    assert_ne!(alone[0]["fingerprint"], a["changes"][0]["fingerprint"]);
}

/// A property written as a `$ref` is placed at the component it references, which does not
/// name the object that lost it: the diff says which object held it, and the findings fold
/// by that object like any other.
#[test]
fn properties_written_as_refs_fold_by_the_object_that_held_them() {
    let fixture = "siblings-response-ref-properties-removed";
    let v = diff_in(&folder(fixture), &[]);
    assert_valid(&v);
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{v:#}");
    let c = &changes[0];
    assert_eq!(c["rule"], "response-optional-property-removed");
    assert_eq!(
        c["message"],
        "account: optional properties `bank_account` and `card` removed"
    );
    assert_eq!(c["names"], json!(["bank_account", "card"]));
    // The places are still the first property's: its component, and the object it left.
    assert_eq!(c["base"]["pointer"], "/components/schemas/bank_account");
    assert_eq!(c["revision"]["pointer"], "/components/schemas/account");

    // Each property's own fingerprint is the one it has alone, so an ignore written before
    // these findings folded still drops that property alone.
    let (base, revision) = (read(fixture, "base.yaml"), read(fixture, "revision.yaml"));
    let only_card = revision.replace(
        "        email: {type: string}\n",
        "        bank_account: {$ref: '#/components/schemas/bank_account'}\n        email: {type: string}\n",
    );
    let (alone, _) = findings_of(&base, &only_card, &[], "response-optional-property-removed");
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["name"], "card");
    let card = alone[0]["fingerprint"].as_str().unwrap().to_string();
    assert_ne!(c["fingerprint"], card.as_str());
    let (found, v) = findings_of(
        &base,
        &revision,
        &[("weir.toml", &ignore(&card))],
        "response-optional-property-removed",
    );
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(
        found[0]["message"],
        "account: optional property `bank_account` removed"
    );
    assert_eq!(v["ignored"][0]["fingerprint"], card.as_str());
}

/// Two objects that each lose a property referencing the same component: both findings are
/// placed at that component in the base, but the objects differ, so they stay apart.
#[test]
fn ref_properties_of_different_objects_do_not_fold() {
    let v = diff_in(&folder("siblings-ref-properties-of-different-objects"), &[]);
    let changes = v["changes"].as_array().unwrap();
    let found: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["message"].as_str().unwrap(),
                c["base"]["pointer"].as_str().unwrap(),
                c["revision"]["pointer"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "account: optional property `card` removed",
                "/components/schemas/card",
                "/components/schemas/account"
            ),
            (
                "owner: optional property `spare_card` removed",
                "/components/schemas/card",
                "/components/schemas/owner"
            ),
        ],
        "{v:#}"
    );
    assert!(changes.iter().all(|c| c.get("names").is_none()));
}

/// Added the other way round: required properties written as `$ref`s added to a request body's
/// object (kept in an `allOf` member) are one finding, the object's.
#[test]
fn ref_properties_added_to_an_all_of_member_fold() {
    let spec = |added: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /accounts:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/account_create'}}\n      responses:\n        '200': {{description: ok}}\ncomponents:\n  schemas:\n    common:\n      type: object\n      properties:\n        id: {{type: string}}\n    account_create:\n      allOf:\n        - $ref: '#/components/schemas/common'\n        - type: object\n          required: [name{added_required}]\n          properties:\n            name: {{type: string}}\n{added}    card:\n      type: object\n      properties:\n        brand: {{type: string}}\n",
            added_required = if added.is_empty() {
                ""
            } else {
                ", card, spare_card"
            },
        )
    };
    let base = spec("");
    let revision = spec(
        "            card: {$ref: '#/components/schemas/card'}\n            spare_card: {$ref: '#/components/schemas/card'}\n",
    );
    let (found, v) = findings_of(&base, &revision, &[], "request-property-added-required");
    assert_eq!(found.len(), 1, "{v:#}");
    assert_eq!(
        found[0]["message"],
        "account_create: required properties `card` and `spare_card` added"
    );
    assert_eq!(found[0]["names"], json!(["card", "spare_card"]));
    assert_eq!(found[0]["revision"]["pointer"], "/components/schemas/card");
}
