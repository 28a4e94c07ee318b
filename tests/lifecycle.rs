//! `x-stability-level`: breaking changes to endpoints below `stable` are allowed (reported as
//! info with a note), unless a stable endpoint shares the changed schema.

mod common;

use weir::load::Locator;
use weir::model::Spec;
use weir::rules::{Level, classify};
use weir::semver::Bump;

fn spec(dir: &tempfile::TempDir, name: &str, text: &str) -> Spec {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    Spec::load(&Locator::File(p)).unwrap()
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
    let findings = classify(weir::diff::diff(&a, &b));
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

#[test]
fn a_schema_shared_with_a_stable_endpoint_stays_breaking() {
    let dir = tempfile::tempdir().unwrap();
    // The shared `Item.name` narrows in responses (info either way); the request parameter
    // only exists on the beta endpoint. Make the shared change breaking: a required
    // response property removed.
    let base = doc("beta", "stable", 50);
    let rev = base.replace("required: [id, name]", "required: [id]");
    let (a, b) = (spec(&dir, "a.yaml", &base), spec(&dir, "b.yaml", &rev));
    let findings = classify(weir::diff::diff(&a, &b));
    let f = findings
        .iter()
        .find(|f| f.rule == "response-property-became-optional")
        .expect("found");
    assert_eq!(f.level, Level::Breaking, "{f:?}");
    assert_eq!(f.change.operations, ["GET /items", "GET /items/{id}"]);

    // With both endpoints in beta it is allowed.
    let base = doc("beta", "beta", 50);
    let rev = base.replace("required: [id, name]", "required: [id]");
    let (a, b) = (spec(&dir, "c.yaml", &base), spec(&dir, "d.yaml", &rev));
    let findings = classify(weir::diff::diff(&a, &b));
    let f = findings
        .iter()
        .find(|f| f.rule == "response-property-became-optional")
        .unwrap();
    assert_eq!(f.level, Level::Info);
}
