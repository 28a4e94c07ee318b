//! `REV:PATH` locators against real git repositories built in temp dirs.

mod common;
use common::*;

const SPEC: &str = "openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: 'schemas/pet.yaml'
";

const PET_V1: &str = "type: object
required: [id, name]
properties:
  id: {type: string}
  name: {type: string}
  owner:
    $ref: 'owner.yaml#/Owner'
";

const OWNER: &str = "Owner:
  type: object
  properties:
    email: {type: string}
";

fn repo_with_history() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", SPEC);
    r.write("api/schemas/pet.yaml", PET_V1);
    r.write("api/schemas/owner.yaml", OWNER);
    r.commit("v1");
    r.git(&["tag", "v1.0.0"]);
    r
}

/// The JSON report of `weir diff base revision` in the repository, which must succeed.
fn diff_json(r: &Repo, base: &str, revision: &str) -> serde_json::Value {
    let o = r.weir(&["diff", base, revision, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// The report's first change of `kind`; there must be one.
fn change_of_kind<'v>(report: &'v serde_json::Value, kind: &str) -> &'v serde_json::Value {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} change in {report:#}"))
}

#[test]
fn a_change_in_an_external_ref_file_only_is_found() {
    let r = repo_with_history();
    // Only the referenced file changes: `name` is no longer returned.
    r.write(
        "api/schemas/pet.yaml",
        &PET_V1.replace("required: [id, name]", "required: [id]"),
    );
    r.commit("v2");
    let v = diff_json(&r, "HEAD~1:api/openapi.yaml", "api/openapi.yaml");
    let c = change_of_kind(&v, "schema.required");
    assert_eq!(c["name"], "name");
    assert_eq!(c["operation"], "GET /pets/{id}");
    assert_eq!(c["base"]["file"], "HEAD~1:api/schemas/pet.yaml");
    assert_eq!(c["revision"]["line"], 2);
}

#[test]
fn a_second_level_ref_is_read_from_the_same_revision() {
    let r = repo_with_history();
    r.write(
        "api/schemas/owner.yaml",
        &OWNER.replace("email: {type: string}", "email: {type: integer}"),
    );
    r.commit("owner email type");
    let v = diff_json(&r, "v1.0.0:api/openapi.yaml", "HEAD:api/openapi.yaml");
    let c = change_of_kind(&v, "schema.type");
    assert_eq!(c["base"]["file"], "v1.0.0:api/schemas/owner.yaml");
    assert_eq!(c["revision"]["file"], "HEAD:api/schemas/owner.yaml");
    assert_eq!(c["base"]["pointer"], "/Owner/properties/email/type");
}

#[test]
fn the_working_tree_is_not_read_for_a_revision() {
    let r = repo_with_history();
    // Uncommitted edits must not leak into `HEAD:`.
    r.write("api/schemas/pet.yaml", "type: string\n");
    let o = r.weir(&[
        "diff",
        "HEAD:api/openapi.yaml",
        "v1.0.0:api/openapi.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["changes"].as_array().unwrap().len(), 0, "{v:#}");
}

#[test]
fn branches_and_shas_work_as_revisions() {
    let r = repo_with_history();
    let sha = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "-b", "feature"]);
    r.write(
        "api/openapi.yaml",
        &SPEC.replace("version: 1.0.0", "version: 1.1.0"),
    );
    r.commit("bump");
    for base in [
        format!("{sha}:api/openapi.yaml"),
        "main:api/openapi.yaml".to_string(),
    ] {
        let v = diff_json(&r, &base, "feature:api/openapi.yaml");
        assert_eq!(v["changes"][0]["kind"], "info.version");
    }
}

#[test]
fn paths_relative_to_the_current_folder_with_dot_slash() {
    let r = repo_with_history();
    let o = weir_in(
        &r.path().join("api"),
        &["diff", "v1.0.0:./openapi.yaml", "openapi.yaml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn git_errors_say_what_is_missing() {
    let r = repo_with_history();
    let o = r.weir(&["diff", "v9.9.9:api/openapi.yaml", "api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown revision `v9.9.9`"),
        "{}",
        stderr(&o)
    );

    let o = r.weir(&["diff", "v1.0.0:api/nope.yaml", "api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("`api/nope.yaml` does not exist at revision `v1.0.0`"),
        "{err}"
    );
    assert!(err.contains("openapi.yaml"), "lists what is there: {err}");

    let plain = tempfile::tempdir().unwrap();
    let o = weir_in(
        plain.path(),
        &["diff", "HEAD:openapi.yaml", "HEAD:openapi.yaml"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not inside a git repository"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_ref_file_missing_at_a_revision_is_an_error() {
    let r = repo_with_history();
    r.git(&["rm", "-q", "api/schemas/owner.yaml"]);
    r.commit("drop owner");
    let o = r.weir(&["diff", "v1.0.0:api/openapi.yaml", "HEAD:api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("owner.yaml"), "{err}");
}
