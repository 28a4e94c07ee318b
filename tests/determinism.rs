//! The same inputs give byte-identical output — in every format of every command, across
//! runs (each run has its own hash seeds and thread timing) and across `weir log --jobs`.

mod common;
use common::*;

use std::path::Path;

/// Run weir `runs` times and require the same stdout, stderr and exit code every time;
/// returns the stdout.
fn same_every_time(dir: &Path, args: &[&str], runs: usize) -> String {
    let first = weir_in(dir, args);
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&first)
    );
    assert!(!first.stdout.is_empty(), "{args:?} printed nothing");
    for _ in 1..runs {
        let again = weir_in(dir, args);
        assert_eq!(again.status.code(), first.status.code(), "{args:?}");
        assert!(again.stdout == first.stdout, "{args:?}: stdout differs");
        assert!(again.stderr == first.stderr, "{args:?}: stderr differs");
    }
    stdout(&first)
}

const SPEC: &str = "openapi: 3.1.0
info: {title: Pets, version: VERSION}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, maximum: 100}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Pets'}
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Pet'}
        '404': {description: missing}
";

const SCHEMAS: &str = "Pets: {type: array, items: {$ref: '#/Pet'}}
Pet:
  type: object
  required: [id, name]
  properties:
    id: {type: string}
    name: {type: string, maxLength: 50}
    tag: {type: string, enum: [cat, dog]}
    owner: {$ref: '#/Owner'}
Owner: {type: object, properties: {email: {type: string, format: email}}}
";

/// A history with many kinds of change: releases (some under-bumped), a `$ref`d file that
/// changes alone, a revision that cannot be read, a rename, and dangling `$ref` warnings.
fn history() -> Repo {
    let r = Repo::new();
    let mut day = 1;
    let mut commit = |r: &Repo, msg: &str| {
        r.commit_at(msg, &format!("2024-01-{day:02}T00:00:00Z"));
        day += 1;
    };
    let spec = |v: &str| SPEC.replace("VERSION", v);
    r.write("api/openapi.yaml", &spec("1.0.0"));
    r.write("api/schemas.yaml", SCHEMAS);
    commit(&r, "first");
    r.git(&["tag", "v1.0.0"]);
    r.write(
        "api/schemas.yaml",
        &SCHEMAS.replace("enum: [cat, dog]", "enum: [cat, dog, bird]"),
    );
    commit(&r, "birds");
    r.write(
        "api/openapi.yaml",
        &spec("1.1.0").replace("maximum: 100", "maximum: 50"),
    );
    commit(&r, "lower the limit");
    r.git(&["tag", "v1.1.0"]);
    r.write("api/openapi.yaml", "openapi: 3.1.0\ninfo: [broken\n");
    commit(&r, "oops");
    r.write(
        "api/openapi.yaml",
        &spec("1.2.0").replace(
            "'404': {description: missing}",
            "'410': {description: gone}",
        ),
    );
    commit(&r, "gone, not missing");
    r.write(
        "api/schemas.yaml",
        &SCHEMAS
            .replace("required: [id, name]", "required: [id]")
            .replace("owner: {$ref: '#/Owner'}", "owner: {$ref: '#/Nobody'}"),
    );
    commit(&r, "name optional, dangling owner");
    r.git(&["mv", "api/openapi.yaml", "api/pets.yaml"]);
    commit(&r, "rename");
    r.write(
        "api/pets.yaml",
        &spec("2.0.0")
            .replace("/pets/{id}", "/pets/{petId}")
            .replace("{name: id, in: path", "{name: petId, in: path"),
    );
    commit(&r, "rename the path parameter");
    r.git(&["tag", "v2.0.0"]);
    r.write(
        "api/pets.yaml",
        &spec("2.1.0")
            .replace("/pets/{id}", "/pets/{petId}")
            .replace("{name: id, in: path", "{name: petId, in: path")
            .replace(
                "        '404'",
                "        '500': {description: oops}\n        '404'",
            ),
    );
    commit(&r, "document 500");
    r
}

#[test]
fn every_format_is_the_same_on_every_run() {
    let r = history();
    let spec = "api/pets.yaml";
    let base = "v1.0.0:api/openapi.yaml";
    for format in ["text", "json"] {
        same_every_time(r.path(), &["diff", base, spec, "--format", format], 3);
        same_every_time(r.path(), &["check", "--spec", spec, "--format", format], 3);
    }
    for format in ["markdown", "text", "json"] {
        same_every_time(r.path(), &["changelog", base, spec, "--format", format], 3);
    }
    same_every_time(r.path(), &["bump", "--spec", spec], 3);
    for format in ["text", "json", "html"] {
        same_every_time(r.path(), &["log", "--spec", spec, "--format", format], 3);
    }
    let (a, b) = (
        fixture("examples/petstore-v1.yaml"),
        fixture("examples/petstore-v2.yaml"),
    );
    for format in ["text", "json"] {
        same_every_time(&root(), &["diff", &a, &b, "--format", format], 3);
    }
}

#[test]
fn log_is_the_same_with_any_number_of_jobs() {
    let r = history();
    for format in ["text", "json", "html"] {
        let one = same_every_time(
            r.path(),
            &[
                "log",
                "--spec",
                "api/pets.yaml",
                "--format",
                format,
                "--jobs",
                "1",
            ],
            1,
        );
        assert!(one.contains("oops"), "{one}");
        for jobs in ["2", "3", "8"] {
            let many = same_every_time(
                r.path(),
                &[
                    "log",
                    "--spec",
                    "api/pets.yaml",
                    "--format",
                    format,
                    "--jobs",
                    jobs,
                ],
                2,
            );
            assert!(
                many == one,
                "--jobs {jobs} differs from --jobs 1 ({format})"
            );
        }
    }
}

/// The Stripe specs live outside the repository (`../shared/corpus`).
fn stripe() -> Option<std::path::PathBuf> {
    corpus(root().join("../shared/corpus/stripe"))
}

#[test]
fn a_stripe_sized_diff_is_the_same_on_every_run() {
    let Some(dir) = stripe() else { return };
    let pair = std::fs::read_dir(dir.join("pairs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("pair3")
        })
        .expect("pair 3, the large restructuring");
    let file = |prefix: &str| {
        std::fs::read_dir(&pair)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap()
            .display()
            .to_string()
    };
    let (a, b) = (file("base_"), file("revision_"));
    let json = same_every_time(&root(), &["diff", &a, &b, "--format", "json"], 3);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["changes"].as_array().unwrap().len() > 100);
    same_every_time(&root(), &["diff", &a, &b], 2);
}

#[test]
fn a_stripe_history_log_is_the_same_with_one_job_or_two() {
    let Some((_clone, repo)) = stripe_history() else {
        return;
    };
    let log = |jobs: &str| {
        same_every_time(
            &repo,
            &[
                "log",
                "--spec",
                "openapi/spec3.yaml",
                "--since",
                "HEAD~3",
                "--format",
                "json",
                "--jobs",
                jobs,
            ],
            1,
        )
    };
    let one = log("1");
    assert!(one == log("2"), "--jobs 2 differs from --jobs 1");
}
