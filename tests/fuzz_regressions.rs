//! Every input a fuzzer (`fuzz/`) ever crashed on, run through the library the way the
//! fuzz target runs it: no panic, and a typed result — a spec, or an [`Error`] that renders
//! with its place. The inputs live in `fixtures/fuzz-regressions/<target>/`:
//!
//! - `parse/<name>`: the raw bytes of one document;
//! - `resolve/<name>/`: the files of one spec, `openapi.yaml` first;
//! - `diff/<name>/base/` and `diff/<name>/revision/`: two specs.
//!
//! `fuzz/README.md` says how to add one (`export` turns a crash artifact into these files).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use weir::Report;
use weir::Spec;
use weir::load::Workspace;
use weir::load::source::{Source, key_dir};
use weir::tree::{NodeValue, Tree};
use weir::{Error, Result};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/fuzz-regressions")
}

struct Mem(Vec<(String, String)>);

impl Source for Mem {
    fn read(&mut self, key: &str) -> Result<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| Error::Io {
                path: key.to_string(),
                reason: "no such file".into(),
            })
    }
    fn display(&self, key: &str) -> String {
        key.to_string()
    }
}

fn render(d: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, d)
        .unwrap();
    out
}

/// A spec, or a typed error that renders.
fn load(files: &[(String, String)], strict: bool) -> Option<Spec> {
    let key = files[0].0.clone();
    let dir = key_dir(&key).to_string();
    match Workspace::with_source(Box::new(Mem(files.to_vec())), key, dir)
        .and_then(|ws| weir::load::read_spec(ws, strict))
    {
        Ok(spec) => {
            for w in &spec.warnings {
                assert!(!render(w).is_empty());
            }
            Some(spec)
        }
        Err(e) => {
            assert!(!e.to_string().is_empty());
            assert!(!render(&e).is_empty(), "{e:?}");
            None
        }
    }
}

fn check_tree(tree: &Tree) {
    let mut stack = vec![tree.root()];
    while let Some(id) = stack.pop() {
        let start = tree.node(id).start.byte as usize;
        assert!(tree.source.is_char_boundary(start));
        assert_eq!(tree.lookup_pointer(&tree.pointer(id)), Some(id));
        assert!(!render(&weir::error::Located::at_node(tree, id, "x")).is_empty());
        match tree.value(id) {
            NodeValue::Scalar { .. } => {}
            NodeValue::Seq(items) => stack.extend(items.iter().copied()),
            NodeValue::Map(entries) => stack.extend(entries.iter().map(|&(_, v)| v)),
        }
    }
}

fn check_pair(a: &Spec, b: &Spec, same: bool) {
    let report = Report {
        base: a,
        revision: b,
        findings: weir::assess::findings(a, b),
    };
    let json = weir::render::json(&report);
    let _ = weir::render::text(&report);
    let _ = weir::render::changelog(
        &report,
        weir::render::SpecNames {
            base: "a.yaml",
            revision: "b.yaml",
        },
    );
    if same {
        assert!(
            report.findings.is_empty(),
            "a spec differs from itself: {json}"
        );
    }
}

fn check_files(files: &[(String, String)]) {
    for (_, text) in files {
        if let Ok(tree) = weir::load::parse::parse("f".into(), Arc::from(text.as_str())) {
            check_tree(&tree);
        }
    }
    let _ = load(files, true);
    if let Some(spec) = load(files, false) {
        check_pair(&spec, &spec, true);
    }
}

/// The files under `dir` as (key, text), `openapi.yaml` (or the only file) first.
fn files_in(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let key = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((key, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort_by_key(|(k, _)| (k != "openapi.yaml", k.clone()));
    out
}

fn cases(target: &str) -> Vec<PathBuf> {
    let dir = root().join(target);
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != ".keep"))
        .collect();
    v.sort();
    v
}

#[test]
fn parse_regressions() {
    let cases = cases("parse");
    assert!(!cases.is_empty());
    for case in cases {
        let bytes = std::fs::read(&case).unwrap();
        eprintln!("{}", case.display());
        match weir::load::source::decode(bytes, "input") {
            Err(e) => assert!(matches!(e, Error::NotUtf8 { .. }) && !render(&e).is_empty()),
            Ok(text) => check_files(&[("input.yaml".into(), text)]),
        }
    }
}

#[test]
fn resolve_regressions() {
    for case in cases("resolve") {
        eprintln!("{}", case.display());
        check_files(&files_in(&case));
    }
}

#[test]
fn diff_regressions() {
    for case in cases("diff") {
        eprintln!("{}", case.display());
        let (a, b) = (
            files_in(&case.join("base")),
            files_in(&case.join("revision")),
        );
        let (Some(sa), Some(sb)) = (load(&a, false), load(&b, false)) else {
            continue;
        };
        check_pair(&sa, &sa, true);
        check_pair(&sb, &sb, true);
        check_pair(&sa, &sb, false);
        check_pair(&sb, &sa, false);
    }
}
