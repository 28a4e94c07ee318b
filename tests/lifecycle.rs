//! `x-stability-level`: breaking changes to endpoints below `stable` are allowed (reported as
//! info with a note), unless a stable endpoint shares the changed schema.

mod common;

use weir::Locator;
use weir::Spec;
use weir::vocabulary::{Bump, Finding, Level};

fn spec(dir: &tempfile::TempDir, name: &str, text: &str) -> Spec {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    weir::open_spec(&Locator::File(p), false).unwrap()
}

fn doc(item_level: &str, list_level: &str, max: u32) -> String {
    format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /items/{{id}}:
    get:
      x-stability-level: {item_level}
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
        - {{name: mode, in: query, schema: {{type: string, maxLength: {max}}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Item'}}
  /items:
    get:
      x-stability-level: {list_level}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Item'}}
components:
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id: {{type: string}}
        name: {{type: string, maxLength: {max}}}
"
    )
}

#[test]
fn breaking_changes_to_a_beta_endpoint_are_info_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let a = spec(&dir, "a.yaml", &doc("beta", "beta", 50));
    let b = spec(&dir, "b.yaml", &doc("beta", "beta", 20));
    let findings = weir::assess::findings(&a, &b);
    let param = findings
        .iter()
        .find(|f| f.rule == "request-max-length-decreased")
        .expect("the parameter change is found");
    assert_eq!(param.level, Level::Info);
    assert!(param.bump <= Bump::Minor);
    assert!(
        param.note.as_deref().unwrap().contains("beta"),
        "{:?}",
        param.note
    );
}

/// What the revision dropping `name` from `Item.required` is classified as, with
/// `/items/{id}` at `item_level` and `/items` at `list_level`: both endpoints' responses share
/// `Item`. `files` names the base and the revision in `dir`.
fn name_made_optional(
    dir: &tempfile::TempDir,
    files: [&str; 2],
    item_level: &str,
    list_level: &str,
) -> Finding {
    let base = doc(item_level, list_level, 50);
    let rev = base.replace("required: [id, name]", "required: [id]");
    let (a, b) = (spec(dir, files[0], &base), spec(dir, files[1], &rev));
    weir::assess::findings(&a, &b)
        .into_iter()
        .find(|f| f.rule == "response-property-became-optional")
        .expect("found")
}

#[test]
fn a_schema_shared_with_a_stable_endpoint_stays_breaking() {
    let dir = tempfile::tempdir().unwrap();
    // The shared `Item.name` narrows in responses (info either way); the request parameter
    // only exists on the beta endpoint. Make the shared change breaking: a required
    // response property removed.
    let f = name_made_optional(&dir, ["a.yaml", "b.yaml"], "beta", "stable");
    assert_eq!(f.level, Level::Breaking, "{f:?}");
    let operations: Vec<&str> = f.change.operations.iter().map(|o| o.label()).collect();
    assert_eq!(operations, ["GET /items", "GET /items/{id}"]);

    // With both endpoints in beta it is allowed.
    let f = name_made_optional(&dir, ["c.yaml", "d.yaml"], "beta", "beta");
    assert_eq!(f.level, Level::Info);
}
