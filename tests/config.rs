//! weir.toml against real repositories: discovery, rule levels, expiring ignores keyed by
//! fingerprints that survive line shifts, path globs, per-spec policies, `weir init`, and
//! `weir check --all` over a monorepo.

mod common;
use common::*;

use serde_json::Value;

/// A spec with `/pets` and `/admin/stats`; `breaking` adds a required query parameter to both.
fn spec(version: &str, breaking: bool) -> String {
    let extra = if breaking {
        "        - {name: owner, in: query, required: true, schema: {type: string}}\n"
    } else {
        ""
    };
    format!(
        "openapi: 3.1.0
info:
  title: Pets
  version: {version}
paths:
  /pets:
    get:
      parameters:
        - {{name: limit, in: query, schema: {{type: integer}}}}
{extra}      responses:
        '200':
          description: ok
  /admin/stats:
    get:
      parameters:
        - {{name: day, in: query, schema: {{type: string}}}}
{extra}      responses:
        '200':
          description: ok
"
    )
}

fn released() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec("1.0.0", false));
    r.commit("release");
    r.git(&["tag", "v1.0.0"]);
    r
}

fn json(o: &std::process::Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)))
}

fn diff_json(r: &Repo) -> Value {
    json(&r.weir(&[
        "diff",
        "v1.0.0:api/openapi.yaml",
        "api/openapi.yaml",
        "--format",
        "json",
    ]))
}

fn fingerprint_of(v: &Value, operation: &str) -> String {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["operation"] == operation && c["level"] == "breaking")
        .unwrap_or_else(|| panic!("no breaking change on {operation}: {v}"))["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

const SPEC: &str = "[[spec]]\npath = \"api/openapi.yaml\"\n";

#[test]
fn an_ignore_sets_a_finding_aside_until_it_expires_and_survives_line_shifts() {
    let r = released();
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    let fp = fingerprint_of(&diff_json(&r), "GET /admin/stats");
    let ignore = |expires: &str| {
        format!(
            "{SPEC}\n[[ignore]]\nfingerprint = \"{fp}\"\nreason = \"internal dashboard, same team\"\nexpires = {expires}\n"
        )
    };
    r.write("weir.toml", &ignore("2024-06-30"));
    // /pets still breaks: the gate fails, and the ignored finding is listed apart.
    let o = r.weir_on("2024-06-01", &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["diff"]["summary"]["breaking"], 1);
    assert_eq!(v["diff"]["ignored"][0]["fingerprint"], fp.as_str());
    assert_eq!(
        v["diff"]["ignored"][0]["reason"],
        "internal dashboard, same team"
    );

    // Lines move (a comment on top); the fingerprint does not, so the ignore still holds.
    let shifted = format!("# moved\n# down\n{}", spec("1.1.0", true));
    r.write("api/openapi.yaml", &shifted);
    let v = json(&r.weir_on("2024-06-01", &["check", "--format", "json"]));
    assert_eq!(v["diff"]["ignored"][0]["fingerprint"], fp.as_str(), "{v}");
    assert_eq!(v["diff"]["summary"]["breaking"], 1);

    // The day after it expires, every command that reads the config fails loudly.
    for args in [
        vec!["check"],
        vec!["diff", "v1.0.0:api/openapi.yaml", "api/openapi.yaml"],
    ] {
        let o = r.weir_on("2024-07-01", &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("expired on 2024-06-30"), "{err}");
        assert!(err.contains("internal dashboard, same team"), "{err}");
        assert!(err.contains("weir.toml:7:11"), "points at `expires`: {err}");
    }
}

#[test]
fn ignoring_every_breaking_change_lets_the_gate_pass() {
    let r = released();
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    let v = diff_json(&r);
    let mut toml = SPEC.to_string();
    for op in ["GET /pets", "GET /admin/stats"] {
        toml.push_str(&format!(
            "\n[[ignore]]\nfingerprint = \"{}\"\nrule = \"request-parameter-added-required\"\nreason = \"agreed\"\nexpires = \"2999-01-01\"\n",
            fingerprint_of(&v, op)
        ));
    }
    r.write("weir.toml", &toml);
    let o = r.weir(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 findings accepted in weir.toml, not counted"));
    // `rule` is checked: the same fingerprint under another rule id does not match.
    r.write(
        "weir.toml",
        &toml.replace(
            "request-parameter-added-required",
            "request-parameter-removed",
        ),
    );
    assert_eq!(r.weir(&["check"]).status.code(), Some(1));
}

#[test]
fn rule_levels_of_the_repository_win() {
    let r = released();
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    r.write(
        "weir.toml",
        &format!("{SPEC}\n[rules]\nrequest-parameter-added-required = \"warning\"\n"),
    );
    let o = r.weir(&["check", "--format", "json"]);
    let v = json(&o);
    let rule = |v: &Value| {
        v["diff"]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["rule"] == "request-parameter-added-required")
            .cloned()
            .unwrap_or(Value::Null)
    };
    let c = &rule(&v);
    assert_eq!(c["level"], "warning");
    assert_eq!(
        c["bump"], "minor",
        "lowered from breaking: at most a minor bump"
    );
    assert_eq!(c["note"], "warning by weir.toml (the rule says breaking)");
    assert_eq!(o.status.code(), Some(0), "1.1.0 is a minor bump: {v}");

    r.write(
        "weir.toml",
        &format!("{SPEC}\n[rules]\nrequest-parameter-added-required = {{ level = \"info\", bump = \"patch\" }}\n"),
    );
    let v = json(&r.weir(&["check", "--format", "json"]));
    assert_eq!(rule(&v)["bump"], "patch");

    r.write(
        "weir.toml",
        &format!("{SPEC}\n[rules]\nrequest-parameter-added-required = \"off\"\n"),
    );
    let v = json(&r.weir(&["check", "--format", "json"]));
    assert!(rule(&v).is_null(), "{v}");

    r.write(
        "weir.toml",
        &format!("{SPEC}\n[rules]\nno-such-rule = \"off\"\n"),
    );
    let o = r.weir(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("weir.toml:5:1"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("no rule `no-such-rule`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn path_globs_choose_which_operations_count() {
    let r = released();
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    r.write(
        "weir.toml",
        &format!("{SPEC}\n[paths]\nexclude = [\"/admin/**\"]\n"),
    );
    let v = json(&r.weir(&["check", "--format", "json"]));
    let ops: Vec<&str> = v["diff"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["operation"].as_str())
        .collect();
    assert_eq!(ops, ["GET /pets"], "{v}");
    // A spec's own include narrows further; document-level changes always count.
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\ninclude = [\"/admin/*\"]\n",
    );
    let v = json(&r.weir(&["check", "--format", "json"]));
    let changes = v["diff"]["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["rule"] == "api-version-changed"));
    assert!(
        changes
            .iter()
            .filter_map(|c| c["operation"].as_str())
            .all(|op| op == "GET /admin/stats")
    );
}

#[test]
fn fail_on_breaking_refuses_breaking_changes_whatever_the_version() {
    let r = released();
    r.write("api/openapi.yaml", &spec("2.0.0", true));
    r.write("weir.toml", SPEC);
    assert_eq!(r.weir(&["check"]).status.code(), Some(0), "2.0.0 is enough");
    // From the spec's own policy …
    r.write(
        "weir.toml",
        &format!("{SPEC}[spec.policy]\nfail-on = \"breaking\"\n"),
    );
    let o = r.weir(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o)
            .contains("FAIL — fail-on = breaking refuses 2 breaking changes (verdict: refused)"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("The changes that fail the gate (2):"),
        "{}",
        stdout(&o)
    );
    let v = json(&r.weir(&["check", "--format", "json"]));
    assert_eq!(v["verdict"], "refused", "what decides the exit status");
    assert_eq!(v["version_verdict"], "pass", "the version is right");
    // … which the command line overrides.
    assert_eq!(
        r.weir(&["check", "--fail-on", "version"]).status.code(),
        Some(0)
    );
}

#[test]
fn the_config_is_found_from_a_subfolder_and_named_with_config() {
    let r = released();
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    r.write("weir.toml", SPEC);
    std::fs::create_dir_all(r.path().join("docs/deep")).unwrap();
    let o = weir_in(&r.path().join("docs/deep"), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(json(&o)["spec"], "../../api/openapi.yaml");

    // --config names another file; its paths are relative to it.
    r.write("ci/weir.toml", "[[spec]]\npath = \"../api/openapi.yaml\"\n[rules]\nrequest-parameter-added-required = \"off\"\n");
    let o = r.weir(&["check", "--config", "ci/weir.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    // A broken weir.toml is an error with its place.
    r.write("weir.toml", "[[spec]]\npaht = \"x\"\n");
    let o = r.weir(&["check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("weir.toml:2:1"), "{}", stderr(&o));
}

#[test]
fn init_writes_a_starter_file_that_check_uses() {
    let r = released();
    let o = r.weir(&["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(r.path().join("weir.toml")).unwrap();
    assert!(
        text.contains("path = \"api/openapi.yaml\""),
        "found the spec:\n{text}"
    );
    assert!(text.contains("# [[ignore]]"));
    r.write("api/openapi.yaml", &spec("1.1.0", true));
    assert_eq!(r.weir(&["check"]).status.code(), Some(1));
    // It never overwrites without --force.
    let o = r.weir(&["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
    assert_eq!(
        r.weir(&["init", "--force", "--spec", "other.yaml"])
            .status
            .code(),
        Some(0)
    );
    assert!(
        std::fs::read_to_string(r.path().join("weir.toml"))
            .unwrap()
            .contains("path = \"other.yaml\"")
    );
    // Written atomically: no temporary file left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(r.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

/// Two specs, each with its own tags and policy: `public` broke its API under a minor
/// version; `admin` only added an endpoint and bumped its minor version.
fn monorepo() -> Repo {
    let r = Repo::new();
    r.write("services/public/openapi.yaml", &spec("1.0.0", false));
    r.write("services/admin/openapi.yaml", &spec("3.1.0", false));
    r.write(
        "weir.toml",
        "[[spec]]\nname = \"public\"\npath = \"services/public/openapi.yaml\"\ntag-pattern = \"public-v*\"\n\n\
         [[spec]]\nname = \"admin\"\npath = \"services/admin/openapi.yaml\"\ntag-pattern = \"admin-v*\"\n\
         [spec.policy]\nfail-on = \"warning\"\n",
    );
    r.commit("both");
    r.git(&["tag", "public-v1.0.0"]);
    r.git(&["tag", "admin-v3.1.0"]);
    r.write("services/public/openapi.yaml", &spec("1.1.0", true));
    let admin = spec("3.2.0", false).replace(
        "  /admin/stats:",
        "  /admin/users:\n    get:\n      responses:\n        '200':\n          description: ok\n  /admin/stats:",
    );
    r.write("services/admin/openapi.yaml", &admin);
    r
}

#[test]
fn check_all_checks_every_spec_against_its_own_release() {
    let r = monorepo();
    let o = r.weir(&["check", "--all"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("weir check public: FAIL — the changes need a major version bump"),
        "{out}"
    );
    assert!(out.contains("base      public-v1.0.0 (1.0.0)"), "{out}");
    assert!(out.contains("weir check admin: PASS"), "{out}");
    assert!(out.contains("base      admin-v3.1.0 (3.1.0)"), "{out}");
    assert!(
        out.ends_with("weir check --all: 2 specs, 1 failed\n"),
        "{out}"
    );

    let v = json(&r.weir(&["check", "--all", "--format", "json"]));
    assert_eq!(v["passed"], false);
    assert_eq!(
        v["verdict"], "fail",
        "as --outputs says it for several specs"
    );
    assert_eq!(v["specs"][0]["name"], "public");
    assert_eq!(v["specs"][0]["verdict"], "too-small");
    assert_eq!(v["specs"][0]["next_version"], "2.0.0");
    assert_eq!(v["specs"][1]["name"], "admin");
    assert_eq!(v["specs"][1]["fail_on"], "warning", "its own policy");
    assert_eq!(v["specs"][1]["passed"], true);
    insta::assert_snapshot!(
        "check_all_markdown",
        stdout(&r.weir(&["check", "--all", "--format", "markdown"]))
    );
    insta::assert_snapshot!(
        "check_all_github",
        stdout(&r.weir(&["check", "--all", "--format", "github"]))
    );
    let junit = stdout(&r.weir(&["check", "--all", "--format", "junit"]));
    assert_eq!(junit.matches("<testsuite ").count(), 2, "{junit}");
    let sarif: Value =
        serde_json::from_str(&stdout(&r.weir(&["check", "--all", "--format", "sarif"]))).unwrap();
    assert_eq!(sarif["runs"].as_array().unwrap().len(), 2);

    // Outputs for CI: one line per key.
    let outputs = r.path().join("outputs.txt");
    std::fs::write(&outputs, "earlier=kept\n").unwrap();
    r.weir(&["check", "--all", "--outputs", outputs.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&outputs).unwrap(),
        "earlier=kept\nverdict=fail\nrequired-bump=major\nnext-version=public=2.0.0 admin=3.2.0\nbreaking-count=2\n"
    );
}

#[test]
fn a_tag_picks_the_spec_it_releases() {
    let r = monorepo();
    let o = r.weir(&["check", "--tag", "admin-v3.2.0"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("weir check admin: PASS"));
    let o = r.weir(&["check", "--tag", "public-v1.1.0"]);
    assert_eq!(o.status.code(), Some(1));
    let o = r.weir(&["check", "--tag", "v9.0.0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("matches the tag-pattern of no spec"),
        "{}",
        stderr(&o)
    );
}
