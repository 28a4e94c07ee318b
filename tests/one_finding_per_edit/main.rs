//! One finding per edit, attributed right (issue 17 §5): each folder of
//! `fixtures/one-finding-per-edit/` is a hand-written pair of specs for one duplicate or
//! misattribution class the audit of the Stripe history found (`docs/audit/repros/`). What
//! `weir diff` says of each is a snapshot beside it (`expected.snap`); the tests say what must
//! hold: here, of every fixture; in the modules, of each class.

mod attribution;
mod branches;
#[path = "../common/mod.rs"]
mod common;
mod implied;
mod witnesses;

use common::*;

use serde_json::Value;

fn folder(name: &str) -> std::path::PathBuf {
    root().join("fixtures/one-finding-per-edit").join(name)
}

/// `weir diff base.yaml revision.yaml` in a fixture's folder, in `format`.
fn diff(name: &str, format: &str) -> String {
    let o = weir_in(
        &folder(name),
        &["diff", "base.yaml", "revision.yaml", "--format", format],
    );
    assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
    stdout(&o)
}

/// The findings of a fixture, as `weir diff --format json` gives them.
fn changes(name: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(&diff(name, "json")).unwrap();
    v["changes"].as_array().unwrap().clone()
}

/// The findings between two hand-written specs, as `weir diff --format json` gives them.
fn changes_between(base: &str, revision: &str) -> Vec<Value> {
    let dir = folder_with(&[("base.yaml", base), ("revision.yaml", revision)]);
    let o = weir_in(
        dir.path(),
        &["diff", "base.yaml", "revision.yaml", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"].as_array().unwrap().clone()
}

fn rules(changes: &[Value]) -> Vec<&str> {
    changes
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect()
}

/// A spec whose one operation takes a JSON request body of `schema`.
fn body_spec(schema: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /x:\n    post:\n      \
         requestBody:\n        content:\n          application/json:\n            schema: \
         {schema}\n      responses:\n        '200': {{description: ok}}\n"
    )
}

/// "rule: message" of each finding, sorted.
fn rules_and_messages(changes: &[Value]) -> Vec<String> {
    let mut found: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{}: {}",
                c["rule"].as_str().unwrap(),
                c["message"].as_str().unwrap()
            )
        })
        .collect();
    found.sort();
    found
}

fn fixture_names() -> Vec<String> {
    let dir = root().join("fixtures/one-finding-per-edit");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| dir.join(n).is_dir())
        .collect();
    names.sort();
    names
}

#[test]
fn every_fixture_says_what_its_snapshot_says() {
    let names = fixture_names();
    assert!(names.len() >= 9, "{names:?}");
    for name in names {
        let text = diff(&name, "text");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(folder(&name));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_suffix("");
        settings.set_input_file(folder(&name).join("revision.yaml"));
        settings.bind(|| insta::assert_snapshot!("expected", text));
    }
}

/// No two findings of a report print the same message for the same operations: two branches
/// that would read alike are named by their index.
#[test]
fn no_two_findings_read_the_same() {
    let branches = changes("branches-named-apart");
    let messages: Vec<&str> = branches
        .iter()
        .map(|c| c["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"request body application/json › source: anyOf branch object {card, cvc, exp} (branch 1) removed"
        ),
        "{messages:#?}"
    );
    for name in fixture_names() {
        let found = changes(&name);
        let mut seen: Vec<(&Value, &Value)> = Vec::new();
        for c in &found {
            let key = (&c["message"], &c["operations"]);
            assert!(!seen.contains(&key), "{name}: {key:?} twice");
            seen.push(key);
        }
    }
}
