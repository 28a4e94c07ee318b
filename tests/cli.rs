//! The binary's contracts: exit codes, output shapes, errors pointing at file:line:col.

mod common;
use common::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn diff_of_the_bundled_example_follows_the_json_contract() {
    let o = weir(&[
        "diff",
        &fixture("examples/petstore-v1.yaml"),
        &fixture("examples/petstore-v2.yaml"),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let changes = v["changes"].as_array().expect("changes array");
    assert!(!changes.is_empty());
    for c in changes {
        for key in ["rule", "level", "bump", "message", "base", "revision"] {
            assert!(c.get(key).is_some(), "missing {key} in {c}");
        }
        assert!(["breaking", "warning", "info"].contains(&c["level"].as_str().unwrap()));
        assert!(["major", "minor", "patch", "none"].contains(&c["bump"].as_str().unwrap()));
        for side in ["base", "revision"] {
            let loc = &c[side];
            if !loc.is_null() {
                assert!(loc["line"].as_u64().unwrap() >= 1);
                assert!(loc["column"].as_u64().unwrap() >= 1);
                assert!(loc["pointer"].is_string());
                assert!(loc["file"].as_str().unwrap().ends_with(".yaml"));
            }
        }
    }
    // The removed DELETE operation is reported against its operation and old location.
    let removed = changes
        .iter()
        .find(|c| c["kind"] == "operation.removed")
        .expect("removed operation found");
    assert_eq!(removed["operation"], "DELETE /pets/{petId}");
    assert_eq!(removed["base"]["pointer"], "/paths/~1pets~1{petId}/delete");
    assert_eq!(removed["base"]["line"], 71);
}

#[test]
fn output_is_deterministic() {
    let args = [
        "diff",
        &fixture("examples/petstore-v1.yaml"),
        &fixture("examples/petstore-v2.yaml"),
        "--format",
        "json",
    ];
    let first = weir(&args);
    for _ in 0..3 {
        assert_eq!(weir(&args).stdout, first.stdout);
    }
}

#[test]
fn text_output_names_operation_and_both_places() {
    let o = weir(&[
        "diff",
        &fixture("examples/petstore-v1.yaml"),
        &fixture("examples/petstore-v2.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("GET /pets"), "{out}");
    assert!(out.contains("base:     "), "{out}");
    assert!(out.contains("petstore-v2.yaml:"), "{out}");
}

#[test]
fn identical_specs_have_no_changes() {
    let f = fixture("examples/petstore-v1.yaml");
    let o = weir(&["diff", &f, &f, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["changes"].as_array().unwrap().len(), 0);
}

#[test]
fn stdin_is_a_locator() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_weir"))
        .args([
            "diff",
            "-",
            &fixture("examples/petstore-v2.yaml"),
            "--format",
            "json",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(fixture("examples/petstore-v1.yaml")).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["base"]["file"], "<stdin>");
    assert!(!v["changes"].as_array().unwrap().is_empty());
}

/// Standard input can be read once: naming it for both sides is a usage error, before either
/// is read.
#[test]
fn stdin_names_at_most_one_side() {
    for command in ["diff", "changelog"] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_weir"))
            .args([command, "-", "-"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{command}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("only one side can be read from standard input"),
            "{command}: {}",
            stderr(&o)
        );
    }
}

/// Writes `text` to a temp file and diffs it against the example: the error must be exit 2
/// and name the place.
fn bad_input(name: &str, text: &str) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    let o = weir_in(
        dir.path(),
        &["diff", name, &fixture("examples/petstore-v1.yaml")],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "stdout: {}\nstderr: {}",
        stdout(&o),
        stderr(&o)
    );
    (stderr(&o), dir)
}

#[test]
fn malformed_yaml_is_exit_2_with_a_location() {
    let (err, _d) = bad_input(
        "bad.yaml",
        "openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n",
    );
    assert!(err.contains("malformed YAML"), "{err}");
    assert!(err.contains("bad.yaml:"), "{err}");
}

#[test]
fn malformed_json_is_exit_2_with_a_location() {
    let (err, _d) = bad_input(
        "bad.json",
        "{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"x\",, }\n}",
    );
    assert!(err.contains("malformed JSON"), "{err}");
    assert!(err.contains("bad.json:2"), "{err}");
}

#[test]
fn a_document_that_is_not_openapi_is_exit_2() {
    let (err, _d) = bad_input("other.yaml", "name: my-app\nversion: 1.0.0\n");
    assert!(err.contains("not an OpenAPI document"), "{err}");
    let (err, _d) = bad_input("v4.yaml", "openapi: 4.0.0\npaths: {}\n");
    assert!(err.contains("unsupported OpenAPI version"), "{err}");
    assert!(err.contains("v4.yaml:1:10"), "{err}");
}

#[test]
fn a_missing_ref_file_is_exit_2_pointing_at_the_ref() {
    let (err, _d) = bad_input(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'schemas/missing.yaml'\n",
    );
    assert!(err.contains("schemas/missing.yaml"), "{err}");
    assert!(err.contains("spec.yaml:12:"), "{err}");
}

#[test]
fn a_ref_leaving_the_root_is_refused() {
    let (err, _d) = bad_input(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '../../../../../../etc/passwd'\n",
    );
    assert!(err.contains("leaves the repository"), "{err}");
}

#[test]
fn network_refs_are_refused() {
    let (err, _d) = bad_input(
        "spec.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'https://example.com/schema.json'\n",
    );
    assert!(err.contains("network"), "{err}");
}

#[test]
fn a_dangling_pointer_is_a_warning_unless_strict() {
    let dir = tempfile::tempdir().unwrap();
    let spec = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n";
    std::fs::write(dir.path().join("s.yaml"), spec).unwrap();
    let o = weir_in(dir.path(), &["diff", "s.yaml", "s.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("#/components/schemas/Nope"),
        "{}",
        stderr(&o)
    );
    let o = weir_in(dir.path(), &["diff", "s.yaml", "s.yaml", "--strict"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_missing_file_is_exit_2() {
    let o = weir(&[
        "diff",
        "no-such-file.yaml",
        &fixture("examples/petstore-v1.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-file.yaml"));
}

#[test]
fn usage_errors_are_exit_2() {
    assert_eq!(weir(&["diff"]).status.code(), Some(2));
    assert_eq!(weir(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(weir(&["--help"]).status.code(), Some(0));
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "---\n",
        "[1, 2, 3]",
        "openapi: 3.0.0\npaths: 7\n",
        "openapi: 3.0.0\npaths:\n  /a: [1]\n",
        "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters: {}\n",
        "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      parameters:\n        - in: nowhere\n          name: x\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {type: 12}\n",
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n",
        "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - in: body\n          name: b\n",
        "\u{feff}openapi: 3.0.0\n",
        "openapi: 3.0.0\na: *nothing\n",
    ];
    for text in inputs {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.yaml"), text).unwrap();
        let o = weir_in(dir.path(), &["diff", "x.yaml", "x.yaml"]);
        let code = o.status.code();
        assert!(
            code == Some(0) || code == Some(2),
            "{text:?}: {code:?} {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{text:?}: {}", stderr(&o));
    }
}

#[test]
fn rules_lists_every_rule_and_filters() {
    let all = stdout(&weir(&["rules"]));
    assert!(all.lines().count() >= 250);
    let breaking = stdout(&weir(&["rules", "--level", "breaking"]));
    assert!(breaking.lines().count() > 10);
    assert!(
        breaking.lines().all(|l| l.starts_with("breaking")),
        "{breaking}"
    );
    let security = stdout(&weir(&["rules", "--category", "security"]));
    assert!(
        security
            .lines()
            .all(|l| l.split_whitespace().nth(2) == Some("security"))
    );
    assert!(security.contains("endpoint-security-added"));
    // One table: the rule id starts in the same column on every line, whatever the level.
    let id_columns: std::collections::BTreeSet<usize> = all
        .lines()
        .map(|l| l.find(l.split_whitespace().nth(3).unwrap()).unwrap())
        .collect();
    assert_eq!(id_columns.len(), 1, "{all}");
}

#[test]
fn explain_prints_the_rule_documentation() {
    let o = weir(&["explain", "request-parameter-became-required"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for part in [
        "request-parameter-became-required",
        "level: breaking",
        "bump: major",
        "Why:",
        "Before:",
        "After:",
    ] {
        assert!(out.contains(part), "{part} missing in {out}");
    }
    let o = weir(&["explain", "parameter-became-required"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean"), "{}", stderr(&o));
}
