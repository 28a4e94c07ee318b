//! Consumer impact names the operation the consumer calls and the field there that changed
//! (issue 17 §2), on `fixtures/consumers/through`: one edit to a shared schema (`Owner.email`
//! becomes an integer) reaches `GET /owners/{id}` (shown first: it reaches it most directly),
//! `GET /pets` and `GET /pets/{id}`. The manifest consumer `web` lists pets and reads each
//! owner's e-mail; the Pact consumer `mobile` fetches one pet with its owner; `kiosk` reads
//! pets' names only.

mod common;
use common::*;

use serde_json::Value;

fn folder() -> std::path::PathBuf {
    root().join("fixtures/consumers/through")
}

fn diff(format: &str) -> String {
    diff_in(&folder(), format)
}

/// `weir diff base.yaml revision.yaml --consumers registry` in `dir`.
fn diff_in(dir: &std::path::Path, format: &str) -> String {
    let o = weir_in(
        dir,
        &[
            "diff",
            "base.yaml",
            "revision.yaml",
            "--consumers",
            "registry",
            "--format",
            format,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn each_consumer_is_named_the_operation_it_calls_and_the_field_that_changed() {
    let v: Value = serde_json::from_str(&diff("json")).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{changes:#?}");
    // The finding is shown under the operation that reaches it most directly, which neither
    // consumer calls.
    assert_eq!(changes[0]["operation"], "GET /owners/{id}");
    for (name, operation, field, place) in [
        (
            "web",
            "GET /pets",
            "response 200 application/json › data[].owner.email",
            "registry/web.yaml:6:5",
        ),
        (
            "mobile",
            "GET /pets/{id}",
            "response 200 application/json › owner.email",
            "registry/mobile.json:5:5",
        ),
    ] {
        let c = consumer(&v, name);
        assert_eq!(c["status"], "broken", "{c:#}");
        assert_eq!(c["changes"], serde_json::json!([0]), "{c:#}");
        let through = c["through"].as_array().unwrap();
        assert_eq!(through.len(), 1, "{c:#}");
        assert_eq!(through[0]["change"], 0);
        assert_eq!(through[0]["operation"], operation, "{c:#}");
        assert_eq!(through[0]["field"], field, "{c:#}");
        assert_eq!(through[0]["use"], place, "{c:#}");
    }
    // The published schema of the JSON report accepts it.
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let kiosk = consumer(&v, "kiosk");
    assert_eq!(kiosk["status"], "unaffected");
    assert_eq!(kiosk["through"], serde_json::json!([]));
}

#[test]
fn the_text_and_markdown_name_the_operation_and_the_field() {
    let text = diff("text");
    assert!(
        text.contains(
            "BREAKING response-type-changed  GET /pets: Owner.email: type changed from string to integer\n                reads response 200 application/json › data[].owner.email (registry/web.yaml:6:5)"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "BREAKING response-type-changed  GET /pets/{id}: Owner.email: type changed from string to integer\n                reads response 200 application/json › owner.email (registry/mobile.json:5:5)"
        ),
        "{text}"
    );
    let md = diff("markdown");
    assert!(
        md.contains("- ❌ **web** — BROKEN: 1 breaking\n  - breaking `response-type-changed` on `GET /pets`, reads response 200 application/json › data[].owner.email: Owner.email: type changed from string to integer"),
        "{md}"
    );
    assert!(
        md.contains("on `GET /pets/{id}`, reads response 200 application/json › owner.email:"),
        "{md}"
    );
}

/// A parameter change names the parameter.
#[test]
fn a_parameter_change_names_the_parameter() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(folder().join("base.yaml")).unwrap();
    let revision = base.replace(
        "      operationId: listPets\n",
        "      operationId: listPets\n      parameters:\n        - {name: limit, in: query, required: true, schema: {type: integer}}\n",
    );
    std::fs::write(dir.path().join("base.yaml"), &base).unwrap();
    std::fs::write(dir.path().join("revision.yaml"), revision).unwrap();
    std::fs::create_dir(dir.path().join("registry")).unwrap();
    std::fs::write(
        dir.path().join("registry/web.yaml"),
        "name: web\nuses:\n  - operation: listPets\n    sends: []\n",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&diff_in(dir.path(), "json")).unwrap();
    let through = &consumer(&v, "web")["through"][0];
    assert_eq!(through["operation"], "GET /pets", "{v:#}");
    assert_eq!(through["field"], "query parameter limit", "{v:#}");
}

/// One edit to a component used in requests and in responses, with the same verdict both
/// ways (`Widget.color` deprecated), is one finding (`docs/audit/repros/
/// same-edit-once-per-direction`): a consumer that reads the field and one that sends it are
/// both named on it, each counted once, through its own operation.
#[test]
fn one_edit_in_both_directions_is_one_finding_for_every_consumer() {
    let repro = root().join("docs/audit/repros/same-edit-once-per-direction");
    let read = |f: &str| std::fs::read_to_string(repro.join(f)).unwrap();
    let dir = folder_with(&[
        ("base.yaml", &read("base.yaml")),
        ("revision.yaml", &read("revision.yaml")),
        (
            "registry/viewer.yaml",
            "name: viewer\nuses:\n  - operation: GET /widgets/{id}\n    reads: [color]\n",
        ),
        (
            "registry/editor.yaml",
            "name: editor\nuses:\n  - operation: PUT /drafts\n    sends: [color]\n",
        ),
    ]);
    let v: Value = serde_json::from_str(&diff_in(dir.path(), "json")).unwrap();
    let changes = v["changes"].as_array().unwrap();
    let deprecated: Vec<usize> = (0..changes.len())
        .filter(|&i| changes[i]["rule"] == "schema-deprecated")
        .collect();
    assert_eq!(deprecated.len(), 1, "{changes:#?}");
    let i = deprecated[0];
    assert_eq!(changes[i]["direction"], "none");
    assert_eq!(
        changes[i]["operations"],
        serde_json::json!(["POST /widgets", "GET /widgets/{id}", "PUT /drafts"])
    );
    for (name, operation) in [("viewer", "GET /widgets/{id}"), ("editor", "PUT /drafts")] {
        let c = consumer(&v, name);
        assert_eq!(c["changes"], serde_json::json!([i]), "{c:#}");
        assert_eq!(c["info"], 1, "{c:#}");
        assert_eq!(c["through"][0]["operation"], operation, "{c:#}");
    }
}
