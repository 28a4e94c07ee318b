//! The GitHub Action: `scripts/action.sh` run as the runner runs it — inputs as `INPUT_*`,
//! `GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY` and `GITHUB_PATH` as temporary files — against
//! fixture repositories built here; and `action.yml` / `.pre-commit-hooks.yaml` checked for
//! what they promise. GitHub itself (release downloads, the REST API) is a local server.

mod comment;
#[path = "../common/mod.rs"]
mod common;
mod http;
mod install;
mod limits;
mod pull_request;

use common::*;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use weir::load::parse::parse;
use weir::tree::Tree;

/// The files the runner hands a step.
pub(crate) struct Runner {
    pub(crate) dir: tempfile::TempDir,
}

impl Runner {
    pub(crate) fn new() -> Runner {
        Runner {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub(crate) fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub(crate) fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.file(name)).unwrap_or_default()
    }

    /// `scripts/action.sh STEP` in `cwd` with the runner's variables and `inputs`.
    pub(crate) fn step(&self, cwd: &Path, step: &str, env: &[(&str, &str)]) -> Output {
        let mut c = Command::new("bash");
        c.arg(root().join("scripts/action.sh"))
            .arg(step)
            .current_dir(cwd)
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_OUTPUT", self.file("output"))
            .env("GITHUB_STEP_SUMMARY", self.file("summary"))
            .env("GITHUB_PATH", self.file("path"))
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_TOOL_CACHE", self.file("toolcache"))
            .env("RUNNER_TEMP", self.dir.path())
            .env_remove("GITHUB_EVENT_NAME")
            .env_remove("GITHUB_EVENT_PATH")
            .env_remove("WEIR_RELEASES_URL")
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("GITHUB_SERVER_URL")
            .env("WEIR", env!("CARGO_BIN_EXE_weir"))
            .env("NO_COLOR", "1");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().expect("bash runs")
    }
}

/// Release v1.0.0, then a breaking change in the working tree declared as `version`.
pub fn repo(version: &str) -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &pets_spec("1.0.0", false));
    r.commit("release");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", &pets_spec(version, true));
    r
}

#[test]
fn check_fails_an_under_bumped_release_with_outputs_summary_and_annotations() {
    let r = repo("1.1.0");
    let gh = Runner::new();
    let o = gh.step(
        r.path(),
        "check",
        &[("INPUT_SPEC", "api/openapi.yaml"), ("INPUT_FORMAT", "text")],
    );
    let log = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{log}{}", stderr(&o));
    assert!(
        gh.read("output").starts_with(
            "verdict=too-small\nrequired-bump=major\nnext-version=2.0.0\nbreaking-count=1\n"
        ),
        "{}",
        gh.read("output")
    );
    // The text report in the log, then the annotations.
    assert!(
        log.contains("weir check api/openapi.yaml: FAIL — the changes need a major version bump"),
        "{log}"
    );
    assert!(
        log.contains("::error file=api/openapi.yaml,line=10,col=11,title=request-parameter-added-required::GET /pets: query parameter `owner` added as required"),
        "{log}"
    );
    assert!(
        log.contains("::error title=weir check api/openapi.yaml::FAIL"),
        "{log}"
    );
    // The Markdown report in the job summary.
    let summary = gh.read("summary");
    assert!(
        summary
            .starts_with("## ❌ `api/openapi.yaml`: FAIL — the changes need a major version bump"),
        "{summary}"
    );
    assert!(
        summary.contains("**`GET /pets`**\n\n- query parameter `owner` added as required · `request-parameter-added-required` · `api/openapi.yaml:10`\n"),
        "{summary}"
    );
}

#[test]
fn the_summary_links_each_place_to_the_spec_at_the_revisions_commit() {
    let r = repo("1.1.0");
    r.commit("under-bumped");
    let sha = r.git(&["rev-parse", "HEAD"]).trim().to_string();
    let env = [
        ("INPUT_SPEC", "api/openapi.yaml"),
        ("GITHUB_SERVER_URL", "https://github.example"),
        ("GITHUB_REPOSITORY", "acme/api"),
    ];
    let gh = Runner::new();
    let o = gh.step(r.path(), "check", &env);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let summary = gh.read("summary");
    assert!(
        summary.contains(&format!(
            "· [`api/openapi.yaml:10`](https://github.example/acme/api/blob/{sha}/api/openapi.yaml#L10)\n"
        )),
        "{summary}"
    );
    // A working tree that differs from its commit: the lines may not match, so no links.
    let edited = std::fs::read_to_string(r.path().join("api/openapi.yaml")).unwrap();
    r.write("api/openapi.yaml", &format!("{edited}# edited\n"));
    let gh = Runner::new();
    let o = gh.step(r.path(), "check", &env);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        !gh.read("summary").contains("](https://"),
        "{}",
        gh.read("summary")
    );
    assert!(
        stderr(&o).contains(
            "the working tree differs from its commit: the report's places are not linked"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_passes_a_right_release_and_appends_to_the_runner_files() {
    let r = repo("2.0.0");
    let gh = Runner::new();
    std::fs::write(gh.file("summary"), "# Earlier step\n").unwrap();
    let o = gh.step(
        r.path(),
        "check",
        &[
            ("INPUT_SPEC", "api/openapi.yaml"),
            ("INPUT_FORMAT", "github"),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        gh.read("output")
            .starts_with("verdict=pass\nrequired-bump=major\nnext-version=2.0.0\n")
    );
    assert!(gh.read("summary").starts_with("# Earlier step\n## ✅"));
    // With format=github the log is the annotations, once.
    assert_eq!(
        stdout(&o).matches("title=weir check").count(),
        1,
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_passes_inputs_through() {
    let r = repo("2.0.0");
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nname = \"pets\"\n",
    );
    r.write(
        "ci.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nname = \"from-ci\"\n",
    );
    r.commit("2.0.0");
    let gh = Runner::new();
    // fail-on = breaking refuses even a right major release; config picks the other file.
    let o = gh.step(
        r.path(),
        "check",
        &[
            ("INPUT_FAIL_ON", "breaking"),
            ("INPUT_CONFIG", "ci.toml"),
            ("INPUT_BASE", "v1.0.0"),
            ("INPUT_REVISION", "HEAD"),
            ("INPUT_FORMAT", "json"),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)[..stdout(&o).find("\n}\n").map(|n| n + 3).unwrap()])
            .unwrap();
    assert_eq!(v["name"], "from-ci");
    assert_eq!(v["revision"]["ref"], "HEAD");
    assert_eq!(v["verdict"], "refused");
    assert_eq!(v["version_verdict"], "pass");
    assert!(gh.read("output").starts_with("verdict=refused\n"));

    // all = true checks every spec of weir.toml.
    let gh = Runner::new();
    let o = gh.step(r.path(), "check", &[("INPUT_ALL", "true")]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("weir check --all: 1 spec, 0 failed"));
}

#[test]
fn check_reports_bad_input_as_an_error_annotation() {
    let r = repo("1.1.0");
    let gh = Runner::new();
    let o = gh.step(r.path(), "check", &[("INPUT_SPEC", "no/such.yaml")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stdout(&o).contains("::error title=weir::weir check could not run"),
        "{}",
        stdout(&o)
    );
    assert_eq!(gh.read("summary"), "");
}

#[test]
fn a_shallow_clone_gets_a_warning() {
    let r = repo("2.0.0");
    r.commit("2.0.0");
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", r.path().display());
    let out = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone.path().join("c"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let gh = Runner::new();
    let o = gh.step(
        &clone.path().join("c"),
        "check",
        &[("INPUT_SPEC", "api/openapi.yaml")],
    );
    assert!(
        stdout(&o).contains("::warning title=weir::This is a shallow clone"),
        "{}",
        stdout(&o)
    );
}

fn yaml(file: &str) -> Tree {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    parse(file.to_string(), Arc::from(text)).unwrap_or_else(|e| panic!("{file}: {e:?}"))
}

fn text<'t>(t: &'t Tree, path: &[&str]) -> &'t str {
    let mut node = t.root();
    for key in path {
        node = t.get(node, key).unwrap_or_else(|| panic!("no {path:?}"));
    }
    t.text(node)
        .unwrap_or_else(|| panic!("{path:?} is not text"))
}

/// The inputs the check step passes to the script as `INPUT_*` (github-token arrives as
/// GITHUB_TOKEN).
const INPUTS: [&str; 9] = [
    "spec",
    "base",
    "revision",
    "fail-on",
    "format",
    "config",
    "all",
    "comment",
    "max-annotations",
];

#[test]
fn action_yml_declares_the_inputs_and_outputs_the_script_uses() {
    let t = yaml("action.yml");
    assert_eq!(text(&t, &["runs", "using"]), "composite");
    let script = std::fs::read_to_string(root().join("scripts/action.sh")).unwrap();
    let inputs = t.get(t.root(), "inputs").unwrap();
    for name in INPUTS {
        assert!(t.get(inputs, name).is_some(), "input {name}");
        let var = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        assert!(script.contains(&var), "the script reads {var}");
    }
    let outputs = t.get(t.root(), "outputs").unwrap();
    for name in [
        "verdict",
        "required-bump",
        "next-version",
        "breaking-count",
        "pr-verdict",
        "pr-breaking-count",
        "pr-warning-count",
    ] {
        assert_eq!(
            text(&t, &["outputs", name, "value"]),
            format!("${{{{ steps.check.outputs.{name} }}}}")
        );
        assert!(t.get(outputs, name).is_some());
    }
    // Every step runs the script with a subcommand it knows, and the check step gets every
    // input.
    let steps = t
        .items(t.get(t.get(t.root(), "runs").unwrap(), "steps").unwrap())
        .unwrap();
    let mut ran = Vec::new();
    for &step in steps {
        if let Some(run) = t.get(step, "run").and_then(|n| t.text(n)) {
            let sub = run.rsplit(' ').next().unwrap();
            assert!(
                run.contains("$GITHUB_ACTION_PATH/scripts/action.sh"),
                "{run}"
            );
            assert!(
                script.contains(&format!("  {sub}) ")),
                "the script has `{sub}`"
            );
            ran.push(sub.to_string());
        }
    }
    assert_eq!(ran, ["cache-key", "install", "check"]);
    let check = steps
        .iter()
        .find(|&&s| t.get(s, "id").and_then(|n| t.text(n)) == Some("check"))
        .unwrap();
    let env = t.get(*check, "env").unwrap();
    assert_eq!(
        t.get(env, "GITHUB_TOKEN").and_then(|n| t.text(n)),
        Some("${{ inputs.github-token }}")
    );
    for name in INPUTS {
        let var = format!("INPUT_{}", name.to_uppercase().replace('-', "_"));
        assert_eq!(
            t.get(env, &var).and_then(|n| t.text(n)),
            Some(format!("${{{{ inputs.{name} }}}}").as_str())
        );
    }
}

#[test]
fn the_pre_commit_hook_runs_weir_check() {
    let t = yaml(".pre-commit-hooks.yaml");
    let hooks = t.items(t.root()).unwrap();
    let hook = hooks[0];
    let get = |k: &str| t.get(hook, k).and_then(|n| t.text(n)).unwrap_or("");
    assert_eq!(get("id"), "weir-check");
    assert_eq!(get("language"), "rust");
    assert_eq!(get("entry"), "weir check");
    assert_eq!(get("pass_filenames"), "false");
    // The entry is a real command.
    let o = weir(&["check", "--help"]);
    assert_eq!(o.status.code(), Some(0));
}
