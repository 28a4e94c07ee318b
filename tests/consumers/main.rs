//! The consumer registry end to end, on `fixtures/consumers`: six consumers (three manifests,
//! Pact files of specification v2, v3 and v4) against a revision that changes a response
//! field type, removes a required response field, caps a request field, removes a deprecated
//! endpoint and changes a field of an endpoint nobody calls. The helpers and fixtures all the
//! modules share are here; each module is one topic.

mod command;
#[path = "../common/mod.rs"]
mod common;
mod file_format;
mod gate;
mod impact;
mod matchers;
mod parameters;
mod reports;

use common::*;

use std::process::Output;

use serde_json::Value;

const BASE: &str = "fixtures/consumers/base.yaml";
const REVISION: &str = "fixtures/consumers/revision.yaml";
const REGISTRY: &str = "fixtures/consumers/registry";

fn diff_json(extra: &[&str]) -> Value {
    let mut args = vec!["diff", BASE, REVISION, "--format", "json"];
    args.extend_from_slice(extra);
    let o = weir(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn change<'v>(v: &'v Value, rule: &str, operation: &str) -> &'v Value {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["rule"] == rule
                && c["operations"]
                    .as_array()
                    .unwrap()
                    .contains(&operation.into())
        })
        .unwrap_or_else(|| panic!("no {rule} on {operation}"))
}

fn names(c: &Value) -> Vec<&str> {
    c["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect()
}

/// A registry folder with the given files.
fn registry(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

// Parameters and response headers, per consumer: `fixtures/consumers/precise`, whose revision
// lowers the `limit` maximum, makes the `X-Request-Id` header required, changes the type of
// the `X-Rate-Limit` response header, asks for at least two pets, a capitalised name and
// drops the `pending` status.

const PRECISE_BASE: &str = "fixtures/consumers/precise/base.yaml";
const PRECISE_REVISION: &str = "fixtures/consumers/precise/revision.yaml";
const PRECISE_REGISTRY: &str = "fixtures/consumers/precise/registry";

fn diff_of(base: &str, revision: &str, registry: &str) -> Value {
    let o = weir(&[
        "diff",
        base,
        revision,
        "--consumers",
        registry,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("JSON")
}

fn precise() -> Value {
    diff_of(PRECISE_BASE, PRECISE_REVISION, PRECISE_REGISTRY)
}

/// `o`'s standard output against the snapshot `name`, in `tests/snapshots/consumers__NAME.snap`
/// as before the tests moved into modules: insta names a snapshot after the module that asserts
/// (here, the crate root) and looks for it beside the file that asserts (here, one folder down).
fn assert_stdout_snapshot(name: &str, o: Output) {
    insta::with_settings!({snapshot_path => "../snapshots"}, {
        insta::assert_snapshot!(name, stdout(&o));
    });
}
