//! `weir check`, `weir bump` and `weir changelog` against real git repositories: releases,
//! a 0.x series, pre-releases, tag patterns, declared versions from several places.

mod common;
use common::*;

/// A small spec; `extra_param` adds a required query parameter (a breaking change) and
/// `extra_op` adds an endpoint (an addition).
fn spec(version: &str, extra_param: bool, extra_op: bool) -> String {
    let mut s = format!(
        "openapi: 3.1.0
info:
  title: Pets
  version: {version}
paths:
  /pets:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
"
    );
    if extra_param {
        s.push_str("        - {name: owner, in: query, required: true, schema: {type: string}}\n");
    }
    s.push_str(
        "      responses:
        '200':
          description: ok
",
    );
    if extra_op {
        s.push_str(
            "  /owners:
    get:
      responses:
        '200':
          description: ok
",
        );
    }
    s
}

fn released(version: &str) -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec(version, false, false));
    r.commit("release");
    r.git(&["tag", &format!("v{version}")]);
    r
}

fn check(r: &Repo, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--spec", "api/openapi.yaml"];
    all.extend_from_slice(args);
    let o = r.weir(&all);
    let text = format!("{}{}", stdout(&o), stderr(&o));
    (o.status.code().unwrap(), text)
}

#[test]
fn the_first_release_passes() {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec("1.0.0", false, false));
    r.commit("first");
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("first release"), "{out}");
    assert!(out.contains("suggested next version: 1.0.0"), "{out}");
}

#[test]
fn a_breaking_change_needs_a_major_version() {
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("1.5.0", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — the changes need a major version bump"),
        "{out}"
    );
    assert!(out.contains("request-parameter-added-required"), "{out}");
    assert!(out.contains("suggested next version: 2.0.0"), "{out}");

    r.write("api/openapi.yaml", &spec("2.0.0", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS"), "{out}");
}

#[test]
fn an_addition_needs_a_minor_version() {
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("1.4.1", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("minor"), "{out}");
    r.write("api/openapi.yaml", &spec("1.5.0", false, true));
    assert_eq!(check(&r, &[]).0, 0);
}

#[test]
fn the_version_must_move_when_the_api_does_and_never_backwards() {
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("1.4.0", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1);
    assert!(
        out.contains("the API changed but the version did not"),
        "{out}"
    );

    r.write("api/openapi.yaml", &spec("1.3.0", false, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1);
    assert!(out.contains("went backwards"), "{out}");

    // Nothing changed, nothing declared: fine.
    r.write("api/openapi.yaml", &spec("1.4.0", false, false));
    assert_eq!(check(&r, &[]).0, 0);
}

#[test]
fn zero_major_versions_follow_cargo() {
    let r = released("0.3.1");
    r.write("api/openapi.yaml", &spec("0.3.2", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("suggested next version: 0.4.0"), "{out}");
    r.write("api/openapi.yaml", &spec("0.4.0", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    // An addition in 0.y.z is a patch.
    r.write("api/openapi.yaml", &spec("0.3.2", false, true));
    assert_eq!(check(&r, &[]).0, 0);
}

#[test]
fn pre_releases() {
    // A release candidate of the required version is enough.
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("2.0.0-rc.1", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    r.commit("rc1");
    r.git(&["tag", "v2.0.0-rc.1"]);
    // After a pre-release, anything later goes; the suggestion is the next candidate.
    r.write("api/openapi.yaml", &spec("2.0.0-rc.2", true, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("base      v2.0.0-rc.1"), "{out}");
    assert!(out.contains("suggested next version: 2.0.0-rc.2"), "{out}");
}

#[test]
fn the_base_is_the_highest_release_reachable_from_head() {
    let r = released("1.0.0");
    r.write("api/openapi.yaml", &spec("1.1.0", false, true));
    r.commit("1.1");
    r.git(&["tag", "v1.1.0"]);
    // A higher tag on a branch HEAD does not contain is not the last release.
    r.git(&["checkout", "-q", "-b", "experiment"]);
    r.write("api/openapi.yaml", &spec("9.0.0", true, true));
    r.commit("experiment");
    r.git(&["tag", "v9.0.0"]);
    r.git(&["checkout", "-q", "main"]);
    // Non-version tags are ignored.
    r.git(&["tag", "nightly"]);
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("base      v1.1.0 (1.1.0)"), "{out}");
}

#[test]
fn tag_patterns_from_weir_toml_separate_specs_in_a_monorepo() {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec("1.0.0", false, false));
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\ntag-pattern = \"api-v*\"\n",
    );
    r.commit("first");
    r.git(&["tag", "api-v1.0.0"]);
    r.git(&["tag", "v7.0.0"]);
    r.write("api/openapi.yaml", &spec("1.1.0", true, false));
    // No --spec: the one spec in weir.toml; its base is api-v1.0.0, not v7.0.0.
    let o = r.weir(&["check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    assert!(out.contains("base      api-v1.0.0 (1.0.0)"), "{out}");
    let o = r.weir(&["check", "--tag", "api-v2.0.0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn declared_versions_from_flags_and_manifests() {
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("whatever", true, false));
    assert_eq!(check(&r, &["--declared-version", "2.0.0"]).0, 0);
    assert_eq!(check(&r, &["--declared-version", "1.5.0"]).0, 1);
    assert_eq!(check(&r, &["--tag", "v2.0.0"]).0, 0);
    r.write(
        "Cargo.toml",
        "[package]\nname = \"pets\"\nversion = \"2.0.0\"\n",
    );
    r.write(
        "package.json",
        "{\"name\": \"pets\", \"version\": \"1.4.1\"}\n",
    );
    assert_eq!(check(&r, &["--version-from", "cargo"]).0, 0);
    assert_eq!(check(&r, &["--version-from", "npm"]).0, 1);
    // `whatever` is not a version: a clear error, exit 2.
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("`whatever` is not a semantic version"),
        "{out}"
    );
}

#[test]
fn an_explicit_base_and_revision() {
    let r = released("1.0.0");
    r.write("api/openapi.yaml", &spec("2.0.0", true, false));
    r.commit("two");
    r.write("api/openapi.yaml", &spec("0.0.1", false, false)); // working tree ignored
    let (code, out) = check(&r, &["--base", "v1.0.0", "--revision", "HEAD"]);
    assert_eq!(code, 0, "{out}");
    let (code, _) = check(
        &r,
        &[
            "--base",
            "v1.0.0",
            "--revision",
            "HEAD",
            "--declared-version",
            "1.1.0",
        ],
    );
    assert_eq!(code, 1);
}

#[test]
fn check_json_output() {
    let r = released("1.4.0");
    r.write("api/openapi.yaml", &spec("1.5.0", true, false));
    let o = r.weir(&["check", "--spec", "api/openapi.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "too-small");
    assert_eq!(v["passed"], false);
    assert_eq!(v["required_bump"], "major");
    assert_eq!(v["required_version"], "2.0.0");
    assert_eq!(v["next_version"], "2.0.0");
    assert_eq!(v["base"]["ref"], "v1.4.0");
    assert_eq!(v["declared"]["version"], "1.5.0");
    assert!(
        v["diff"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "request-parameter-added-required")
    );
}

#[test]
fn bump_prints_and_writes_the_next_version() {
    let r = released("1.4.0");
    let edited = spec("1.4.0", false, true).replace("title: Pets", "title: Pets # the pet store");
    r.write("api/openapi.yaml", &edited);
    let o = r.weir(&["bump", "--spec", "api/openapi.yaml"]);
    assert_eq!(stdout(&o), "1.5.0\n", "{}", stderr(&o));
    let o = r.weir(&["bump", "--spec", "api/openapi.yaml", "--write"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(r.path().join("api/openapi.yaml")).unwrap();
    assert_eq!(after, edited.replace("version: 1.4.0", "version: 1.5.0"));
    // Now the gate passes.
    assert_eq!(check(&r, &[]).0, 0);
}

#[test]
fn changelog_groups_changes() {
    let r = released("1.0.0");
    r.write("api/openapi.yaml", &spec("2.0.0", true, true));
    let o = r.weir(&["changelog", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"]);
    let md = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        md.starts_with("## API changes: v1.0.0 → working tree\n\n`api/openapi.yaml`, info.version 1.0.0 → 2.0.0.\n"),
        "{md}"
    );
    let breaking = md.find("### Breaking changes").expect(&md);
    let added = md.find("### Added").expect(&md);
    assert!(breaking < added);
    assert!(md.contains("- **GET /pets**: query parameter `owner` added as required (`request-parameter-added-required`)"), "{md}");
    assert!(md.contains("GET /owners"), "{md}");
    let o = r.weir(&[
        "changelog",
        "v1.0.0:api/openapi.yaml",
        "api/openapi.yaml",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["sections"]["breaking"][0]["rule"],
        "request-parameter-added-required"
    );
    assert_eq!(v["sections"]["added"][0]["rule"], "endpoint-added");
}

#[test]
fn log_walks_history_across_a_rename_and_checks_each_release() {
    let r = Repo::new();
    r.write("spec/petstore.yaml", &spec("0.1.0", false, false));
    r.commit("first");
    r.git(&["tag", "v0.1.0"]);
    // An addition, released as a patch (fine in 0.x).
    r.write("spec/petstore.yaml", &spec("0.1.1", false, true));
    r.commit("add owners");
    r.git(&["tag", "v0.1.1"]);
    // A commit that does not touch the spec is not listed.
    r.write("README.md", "hello\n");
    r.commit("docs");
    // The spec moves; history must follow it.
    std::fs::create_dir_all(r.path().join("api")).unwrap();
    r.git(&["mv", "spec/petstore.yaml", "api/openapi.yaml"]);
    r.commit("move the spec");
    // A breaking change released as a patch: under-versioned.
    r.write("api/openapi.yaml", &spec("0.1.2", true, true));
    r.commit("require owner");
    r.git(&["tag", "v0.1.2"]);
    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let commits = v["commits"].as_array().unwrap();
    let subjects: Vec<&str> = commits
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(
        subjects,
        ["first", "add owners", "move the spec", "require owner"]
    );
    assert_eq!(commits[0]["path"], "spec/petstore.yaml");
    assert_eq!(commits[3]["path"], "api/openapi.yaml");
    assert_eq!(commits[1]["bump"], "minor");
    assert_eq!(commits[1]["release"]["ok"], true);
    assert_eq!(commits[2]["bump"], "none");
    assert_eq!(commits[3]["summary"]["breaking"], 1);
    assert_eq!(commits[3]["release"]["version"], "0.1.2");
    assert_eq!(commits[3]["release"]["needed"], "major");
    assert_eq!(commits[3]["release"]["ok"], false);

    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--since", "v0.1.1"]);
    let text = stdout(&o);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("20")).count(),
        2,
        "{text}"
    );
    assert!(text.contains("release 0.1.2 — UNDER-BUMPED"), "{text}");

    let out = r.path().join("history.html");
    let o = r.weir(&[
        "log",
        "--spec",
        "api/openapi.yaml",
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(out).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<svg") && html.contains("v0.1.2") && html.contains("require owner"));
    assert!(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
}

/// A spec with `/pets` and, unless `removed`, a deprecated `/owners` (with an optional sunset).
fn with_owners(version: &str, deprecated: bool, sunset: Option<&str>, removed: bool) -> String {
    let mut s = spec(version, false, false);
    if !removed {
        s.push_str("  /owners:\n    get:\n");
        if deprecated {
            s.push_str("      deprecated: true\n");
        }
        if let Some(day) = sunset {
            s.push_str(&format!("      x-sunset: '{day}'\n"));
        }
        s.push_str("      responses:\n        '200':\n          description: ok\n");
    }
    s
}

#[test]
fn the_deprecation_policy_needs_days_or_a_passed_sunset() {
    let r = Repo::new();
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\n\n[policy]\ndeprecation-days = 30\n",
    );
    r.write(
        "api/openapi.yaml",
        &with_owners("1.0.0", false, None, false),
    );
    r.commit_at("first", "2024-01-01T00:00:00Z");
    r.write("api/openapi.yaml", &with_owners("1.1.0", true, None, false));
    r.commit_at("deprecate owners", "2024-02-01T00:00:00Z");
    r.git(&["tag", "v1.1.0"]);
    r.write("api/openapi.yaml", &with_owners("1.2.0", true, None, true));
    // 9 days after the deprecation: too early, so the removal is breaking and 1.2.0 too small.
    let o = r.weir_on("2024-02-10", &["check"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    assert!(
        out.contains("deprecated only 9 days ago: the deprecation policy asks for 30"),
        "{out}"
    );
    // 40 days after: allowed, and a minor version is enough.
    let o = r.weir_on("2024-03-12", &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // A passed x-sunset allows it whatever the days.
    r.write(
        "api/openapi.yaml",
        &with_owners("1.1.1", true, Some("2024-02-05"), false),
    );
    r.commit_at("sunset", "2024-02-02T00:00:00Z");
    r.git(&["tag", "v1.1.1"]);
    r.write("api/openapi.yaml", &with_owners("1.2.0", true, None, true));
    let o = r.weir_on("2024-02-06", &["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = r.weir_on("2024-02-04", &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
}
