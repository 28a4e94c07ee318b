//! Pull-request mode: on a `pull_request` event the action reports what the pull request
//! itself changes (its merge base against its head, annotated only on lines it touched) apart
//! from the release gate (the last release against its head), and by default only the pull
//! request's own breaking changes fail it. The repositories here have a base branch that
//! already holds unreleased changes.

use std::path::{Path, PathBuf};

use crate::Runner;
use crate::common::*;

/// The pets spec with a second required query parameter `kind` (line 10): a breaking change.
pub fn with_kind(spec: &str) -> String {
    spec.replace(
        "      responses:",
        "        - {name: kind, in: query, required: true, schema: {type: string}}\n      responses:",
    )
}

/// A repository on `main` with release v1.0.0 and an unreleased breaking change after it
/// (the required `owner` parameter), and a pull-request branch `pr` from there that changes
/// only the response's description. Returns it with the shas of main and of the branch.
pub fn docs_only_pull_request() -> (Repo, String, String) {
    let r = Repo::new();
    r.write("api/openapi.yaml", &pets_spec("1.0.0", false));
    r.commit("release");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", &pets_spec("1.0.0", true));
    r.commit("require an owner (unreleased)");
    let main = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "-b", "pr"]);
    r.write(
        "api/openapi.yaml",
        &pets_spec("1.0.0", true).replace("description: ok", "description: the pets"),
    );
    r.commit("better description");
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    (r, main, head)
}

/// The event file of pull request #7 from `head` into `base`.
pub fn event(gh: &Runner, base: &str, head: &str) -> PathBuf {
    let path = gh.file("event.json");
    let json = serde_json::json!({
        "action": "synchronize",
        "number": 7,
        "pull_request": {
            "number": 7,
            "base": {"ref": "main", "sha": base},
            "head": {"ref": "pr", "sha": head},
        },
    });
    std::fs::write(&path, json.to_string()).unwrap();
    path
}

fn check(r: &Repo, gh: &Runner, event: &Path, inputs: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut env = vec![
        ("INPUT_SPEC", "api/openapi.yaml"),
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_EVENT_PATH", event.to_str().unwrap()),
    ];
    env.extend_from_slice(inputs);
    let o = gh.step(r.path(), "check", &env);
    (o.status.code(), format!("{}{}", stdout(&o), stderr(&o)))
}

#[test]
fn a_docs_only_pull_request_passes_though_its_base_holds_an_unreleased_breaking_change() {
    let (r, main, head) = docs_only_pull_request();
    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let (code, log) = check(&r, &gh, &ev, &[]);
    assert_eq!(code, Some(0), "{log}");
    // No annotation on the line the pull request did not touch (the `owner` parameter).
    assert!(!log.contains("::error file="), "{log}");
    assert!(
        log.contains(
            "::notice title=weir::Pull request #7: 0 breaking change(s), 0 warning(s) of its own"
        ),
        "{log}"
    );
    assert!(
        log.contains("::notice title=weir release gate::The next release needs a major version bump (suggested: 2.0.0)"),
        "{log}"
    );
    let out = gh.read("output");
    assert!(out.contains("verdict=unchanged\n"), "{out}");
    assert!(
        out.contains("pr-verdict=pass\npr-breaking-count=0\npr-warning-count=0\n"),
        "{out}"
    );

    // The summary tells the two apart: the pull request's own change first, then the gate.
    let summary = gh.read("summary");
    let own = summary
        .find("### What this pull request changes")
        .expect(&summary);
    let gate = summary.find("### Release gate").expect(&summary);
    assert!(own < gate, "{summary}");
    let own_part = &summary[own..gate];
    assert!(!own_part.contains("owner"), "{own_part}");
    assert!(own_part.contains("0 breaking"), "{own_part}");
    assert!(
        summary[gate..].contains("query parameter `owner` added as required"),
        "{summary}"
    );

    // With the log in the github format too, the gate's annotations (the `owner` line the pull
    // request did not touch) are left out, and its failure is only a warning here.
    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let (code, log) = check(&r, &gh, &ev, &[("INPUT_FORMAT", "github")]);
    assert_eq!(code, Some(0), "{log}");
    assert!(!log.contains("::error"), "{log}");
    assert!(
        log.contains("::warning title=weir check api/openapi.yaml::FAIL"),
        "{log}"
    );

    // fail-on: version makes the release gate decide: 1.0.0 is too small.
    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let (code, log) = check(&r, &gh, &ev, &[("INPUT_FAIL_ON", "version")]);
    assert_eq!(code, Some(1), "{log}");
    assert!(gh.read("output").contains("pr-verdict=unchanged\n"));
}

#[test]
fn only_the_pull_requests_own_breaking_change_fails_it_and_is_annotated() {
    // main: v1.0.0, a docs commit (where the branch starts), then an unreleased breaking
    // change that lands after the branch was made. The branch adds its own breaking change.
    let r = Repo::new();
    r.write("api/openapi.yaml", &pets_spec("1.0.0", false));
    r.commit("release");
    r.git(&["tag", "v1.0.0"]);
    let base_text = pets_spec("1.0.0", false).replace("description: ok", "description: pets");
    r.write("api/openapi.yaml", &base_text);
    r.commit("docs");
    r.git(&["checkout", "-q", "-b", "pr"]);
    r.write("api/openapi.yaml", &with_kind(&base_text));
    r.commit("require a kind");
    let head = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "main"]);
    r.write(
        "api/openapi.yaml",
        &pets_spec("1.0.0", true).replace("description: ok", "description: pets"),
    );
    r.commit("require an owner (unreleased)");
    let main = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    r.git(&["checkout", "-q", "pr"]);

    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let (code, log) = check(&r, &gh, &ev, &[]);
    assert_eq!(code, Some(1), "{log}");
    assert!(
        log.contains("::error file=api/openapi.yaml,line=10,col=11,title=request-parameter-added-required::GET /pets: query parameter `kind` added as required"),
        "{log}"
    );
    assert_eq!(log.matches("::error file=").count(), 1, "{log}");
    assert!(
        !log.contains("`owner`"),
        "main's later change is not this pull request's: {log}"
    );
    assert!(
        log.contains("::error title=weir::Pull request #7: 1 breaking change(s), 0 warning(s) of its own (fail-on: breaking)"),
        "{log}"
    );
    assert!(
        gh.read("output")
            .contains("pr-verdict=refused\npr-breaking-count=1\n")
    );
    let summary = gh.read("summary");
    assert!(summary.contains("## weir: pull request #7"), "{summary}");
}

#[test]
fn without_the_merge_base_in_the_clone_the_pull_request_is_checked_like_a_push() {
    let (r, _main, head) = docs_only_pull_request();
    let gh = Runner::new();
    let ev = event(&gh, &"f".repeat(40), &head);
    let (code, log) = check(&r, &gh, &ev, &[]);
    assert!(
        log.contains("::warning title=weir::Cannot find where pull request #7 branched off"),
        "{log}"
    );
    // The release gate decides, as for a push: 1.0.0 is too small for `owner`.
    assert_eq!(code, Some(1), "{log}");
    assert!(
        gh.read("summary").contains("FAIL"),
        "{}",
        gh.read("summary")
    );
}

#[test]
fn without_the_spec_input_the_specs_come_from_weir_toml() {
    let (r, main, head) = docs_only_pull_request();
    r.write("weir.toml", "[[spec]]\npath = \"api/openapi.yaml\"\n");
    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let (code, log) = check(&r, &gh, &ev, &[("INPUT_SPEC", "")]);
    assert_eq!(code, Some(0), "{log}");
    let summary = gh.read("summary");
    let own = &summary[..summary.find("### Release gate").expect(&summary)];
    assert!(
        own.contains("response 200: description changed"),
        "{summary}"
    );
}
