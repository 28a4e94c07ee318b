//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use weir::Spec;
use weir::load::Workspace;
use weir::load::source::Source;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder of corpus data: `../shared/corpus/…` beside the repository, or corpus-derived
/// fixtures. A test that needs one fails when it is missing, so a CI machine without the
/// corpus cannot pass silently; `WEIR_SKIP_CORPUS=1` skips such tests on purpose, and each
/// says that it skipped.
pub fn corpus(dir: PathBuf) -> Option<PathBuf> {
    if dir.exists() {
        return Some(dir);
    }
    if std::env::var_os("WEIR_SKIP_CORPUS").is_some_and(|v| v == "1") {
        eprintln!("skipped (WEIR_SKIP_CORPUS=1): {} is missing", dir.display());
        return None;
    }
    panic!(
        "the corpus is missing: {} does not exist. Put the corpus there, or set \
         WEIR_SKIP_CORPUS=1 to skip the tests that need it.",
        dir.display()
    );
}

/// A clone of Stripe's spec history (`../shared/corpus/stripe/history.bundle`, with its
/// package release tags `v1`…`v524`) in a temporary folder, and the clone's path.
pub fn stripe_history() -> Option<(tempfile::TempDir, PathBuf)> {
    let dir = corpus(root().join("../shared/corpus/stripe"))?;
    let clone = tempfile::tempdir().expect("temp dir");
    let repo = clone.path().join("stripe");
    let out = Command::new("git")
        .args(["clone", "-q"])
        .arg(dir.join("history.bundle"))
        .arg(&repo)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((clone, repo))
}

pub fn fixture(rel: &str) -> String {
    root().join("fixtures").join(rel).display().to_string()
}

/// A temp folder holding `files` (relative path, text), parent folders made as needed: the
/// two specs of a hand-written diff and whatever sits beside them (weir.toml, `$ref` files).
pub fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// Run the weir binary in `dir` with `args`.
pub fn weir_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("weir runs")
}

pub fn weir(args: &[&str]) -> Output {
    weir_in(&root(), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// miette wraps messages at 80 columns (and after hyphens): undo it, so a test can look for
/// a phrase wherever the line broke.
/// One consumer's entry in the `consumers` object of a JSON report with a registry.
pub fn consumer<'v>(v: &'v serde_json::Value, name: &str) -> &'v serde_json::Value {
    v["consumers"]["consumers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no consumer {name} in {v:#}"))
}

pub fn flat(err: &str) -> String {
    let mut out = String::new();
    for line in err.lines() {
        let line = line
            .trim_start_matches([' ', '│', '·', '×', '⚠'])
            .trim_end();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// A scratch git repository for a test.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().expect("temp dir");
        let r = Repo { dir };
        r.git(&["init", "-q", "-b", "main"]);
        r.git(&["config", "user.email", "test@example.com"]);
        r.git(&["config", "user.name", "Test"]);
        r.git(&["config", "commit.gpgsign", "false"]);
        r
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        self.git_at(args, "2024-01-01T00:00:00Z")
    }

    /// Run git with the author and committer dates set to `date`.
    pub fn git_at(&self, args: &[&str], date: &str) -> String {
        let out = Command::new("git")
            .args(args)
            .current_dir(self.path())
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn commit(&self, msg: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", msg]);
    }

    pub fn weir(&self, args: &[&str]) -> Output {
        weir_in(self.path(), args)
    }

    pub fn commit_at(&self, msg: &str, date: &str) {
        self.git(&["add", "-A"]);
        self.git_at(&["commit", "-q", "-m", msg], date);
    }

    /// Run weir here on a given day (`WEIR_TODAY`).
    pub fn weir_on(&self, today: &str, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_weir"))
            .args(args)
            .current_dir(self.path())
            .env("NO_COLOR", "1")
            .env("WEIR_TODAY", today)
            .output()
            .expect("weir runs")
    }
}

/// Serves one document from memory.
struct InMemory(String);

impl Source for InMemory {
    fn read(&mut self, _key: &str) -> weir::Result<String> {
        Ok(self.0.clone())
    }
    fn display(&self, key: &str) -> String {
        key.to_string()
    }
}

/// `text` read and normalized as the spec `name`, strictly (a dangling `$ref` is an error):
/// for tests that write their specs in code. Panics with the error and the text.
pub fn spec_from_text(name: &str, text: &str) -> Spec {
    let ws = Workspace::with_source(
        Box::new(InMemory(text.to_string())),
        name.into(),
        String::new(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{text}"));
    weir::load::read_spec(ws, true).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

/// A small release of a pets API at `version`; `breaking` adds a required query parameter.
pub fn pets_spec(version: &str, breaking: bool) -> String {
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
"
    )
}

/// Every OpenAPI document under `fixtures/` (files the loader opens as a spec; rule fixtures,
/// consumer fixtures, examples, the openapi-diff cases).
pub fn fixture_specs() -> &'static [(PathBuf, Spec)] {
    static SPECS: std::sync::OnceLock<Vec<(PathBuf, Spec)>> = std::sync::OnceLock::new();
    SPECS.get_or_init(load_fixture_specs)
}

fn load_fixture_specs() -> Vec<(PathBuf, Spec)> {
    let mut files = Vec::new();
    collect(&root().join("fixtures"), &mut files);
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let spec = weir::open_spec(&weir::Locator::File(p.clone()), false).ok()?;
            (!spec.schemas.is_empty()).then_some((p, spec))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_dir() {
            // Inputs that are broken on purpose.
            if !["bad-input", "fuzz-regressions"].contains(&name.as_str()) {
                collect(&p, out);
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") || name.ends_with(".json") {
            out.push(p);
        }
    }
}
