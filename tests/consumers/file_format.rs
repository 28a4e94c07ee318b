//! What a consumer file may hold: bad manifests, Pact files and matchers are exit 2 with a
//! location, and the documented JSON schema agrees with what weir reads.

use crate::common::*;
use crate::{BASE, REVISION, read, registry};

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
