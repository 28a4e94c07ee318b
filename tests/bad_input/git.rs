//! Git: missing revisions and paths, shallow clones, a detached head, unreadable history.

use std::process::Command;

use crate::common::*;
use crate::{assert_message_snapshot, outcome, run_in};

const SPEC: &str = "openapi: 3.1.0\ninfo: {title: t, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses: {'200': {description: ok}}\n";

/// v1.0.0 tagged, then a commit that removes the operation (a breaking change).
fn released_repo() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", SPEC);
    r.commit("v1");
    r.git(&["tag", "v1.0.0"]);
    r.write(
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: 1.0.1}\npaths: {}\n",
    );
    r.commit("drop /pets");
    r
}

#[test]
fn a_missing_revision_says_what_to_fetch() {
    let r = released_repo();
    let o = run_in(
        r.path(),
        &["diff", "v0.9.0:api/openapi.yaml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(flat(&err).contains("unknown revision `v0.9.0`"), "{err}");
    assert!(flat(&err).contains("git fetch --tags"), "{err}");
    assert_message_snapshot("missing_revision", code, &err);
}

#[test]
fn a_path_absent_at_a_revision_lists_what_is_there() {
    let r = released_repo();
    let o = run_in(
        r.path(),
        &["diff", "v1.0.0:api/openapi.yml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(
        flat(&err).contains("`api/openapi.yml` does not exist at revision `v1.0.0`"),
        "{err}"
    );
    assert!(
        flat(&err).contains("`api` at that revision holds: openapi.yaml"),
        "{err}"
    );
    assert_message_snapshot("path_absent_at_revision", code, &err);
}

/// A depth-1 clone, as CI checks out by default: no history, no tags.
fn shallow_clone(of: &Repo) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", of.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(dir.path().join("clone"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn a_shallow_clone_without_the_base_tag_fails_the_gate_with_advice() {
    let r = released_repo();
    let dir = shallow_clone(&r);
    let clone = dir.path().join("clone");
    // Without the tag, "no release yet" would pass a breaking change as the first release.
    let o = run_in(&clone, &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}{}", stdout(&o));
    assert!(flat(&err).contains("shallow clone"), "{err}");
    assert!(flat(&err).contains("fetch-depth: 0"), "{err}");
    assert!(flat(&err).contains("git fetch --tags --unshallow"), "{err}");
    assert_message_snapshot("shallow_clone_check", code, &err);

    // Naming the base that is not there says the same.
    let o = run_in(
        &clone,
        &["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(flat(&err).contains("unknown revision `v1.0.0`"), "{err}");
    assert!(flat(&err).contains("shallow clone"), "{err}");
    assert!(flat(&err).contains("fetch-depth: 0"), "{err}");

    // Once the history and tags are there, the gate works (and fails on the removal).
    let out = Command::new("git")
        .args(["fetch", "-q", "--tags", "--unshallow"])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let o = run_in(&clone, &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 1, "{err}{}", stdout(&o));
}

#[test]
fn a_detached_head_is_an_ordinary_revision() {
    let r = released_repo();
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "--detach", &head]);
    let o = run_in(r.path(), &["check", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 1, "the removal fails the gate: {err}{}", stdout(&o));
    assert!(stdout(&o).contains("v1.0.0"), "{}", stdout(&o));
    let o = run_in(
        r.path(),
        &["diff", "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    assert!(stdout(&o).contains("GET /pets"), "{}", stdout(&o));
    let o = run_in(r.path(), &["log", "--spec", "api/openapi.yaml"], None);
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    assert!(stdout(&o).contains("drop /pets"), "{}", stdout(&o));
}

#[test]
fn an_unreadable_revision_in_the_history_hides_no_change() {
    // v1.0.0, a commit that breaks the YAML, then one that fixes it *and* drops /pets,
    // released as 1.1.0: the removal must still count against that release.
    let r = Repo::new();
    r.write("api/openapi.yaml", SPEC);
    r.commit("v1");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", "openapi: 3.1.0\ninfo: [broken\n");
    r.commit("broken");
    r.write(
        "api/openapi.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: 1.1.0}\npaths: {}\n",
    );
    r.commit("fixed, and /pets dropped");
    r.git(&["tag", "v1.1.0"]);
    let o = run_in(
        r.path(),
        &["log", "--spec", "api/openapi.yaml", "--format", "json"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let commits = v["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 3, "{v:#}");
    assert!(commits[1]["error"].is_string(), "{v:#}");
    assert_eq!(commits[2]["summary"]["breaking"], 1, "{v:#}");
    assert_eq!(commits[2]["release"]["ok"], false, "{v:#}");
}

#[test]
fn non_utf8_bytes_at_a_revision_name_the_place() {
    let r = Repo::new();
    std::fs::create_dir_all(r.path().join("api")).unwrap();
    std::fs::write(
        r.path().join("api/openapi.yaml"),
        b"openapi: 3.1.0\ninfo:\n  title: Ren\xe9e\n",
    )
    .unwrap();
    r.commit("latin-1");
    let o = run_in(
        r.path(),
        &["diff", "HEAD:api/openapi.yaml", "HEAD:api/openapi.yaml"],
        None,
    );
    let (code, err) = outcome(&o, r.path());
    assert_eq!(code, 2);
    assert!(flat(&err).contains("HEAD:api/openapi.yaml:3:13"), "{err}");
}
