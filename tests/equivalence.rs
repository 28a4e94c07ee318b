//! Semantics, not syntax: each folder of `fixtures/equivalent/` holds two spellings of the
//! same contract (allOf refactors, schemas moved to components or other files, a oneOf of one
//! branch, key order, YAML vs JSON, 3.0 vs 3.1 nullability, Swagger 2.0 vs OpenAPI 3.0, YAML
//! anchors). weir must find no change either way — except what `expect-only.txt` lists, which
//! must then be info needing no version bump.

mod common;

use std::path::{Path, PathBuf};

use weir::Locator;
use weir::vocabulary::{Bump, Level};

fn main_file(dir: &Path, side: &str) -> PathBuf {
    let file = dir.join(format!("{side}.yaml"));
    if file.exists() {
        file
    } else {
        dir.join(side).join("openapi.yaml")
    }
}

#[test]
fn equivalent_spellings_are_not_changes() {
    let root = common::root().join("fixtures/equivalent");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10);
    for dir in cases {
        let allowed: Vec<String> = std::fs::read_to_string(dir.join("expect-only.txt"))
            .map(|s| s.lines().map(str::to_string).collect())
            .unwrap_or_default();
        let load = |side: &str| {
            let p = main_file(&dir, side);
            weir::open_spec(&Locator::File(p.clone()), false)
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()))
        };
        let (a, b) = (load("base"), load("revision"));
        for (x, y, way) in [(&a, &b, "forward"), (&b, &a, "backward")] {
            let findings = weir::assess::findings(x, y);
            for f in &findings {
                assert!(
                    allowed.contains(&f.rule) && f.level == Level::Info && f.bump == Bump::None,
                    "{} ({way}): {} — {}",
                    dir.display(),
                    f.rule,
                    f.message
                );
            }
            if allowed.is_empty() {
                assert!(findings.is_empty());
            } else {
                assert!(
                    !findings.is_empty(),
                    "{}: expected {allowed:?}",
                    dir.display()
                );
            }
        }
    }
}

/// Values written in a spec (enum entries, defaults, extensions) compare by meaning: key
/// order, quoting and YAML-vs-JSON spelling do not matter.
#[test]
fn values_compare_by_meaning() {
    let canon = |src: &str| {
        let t = weir::load::parse::parse("t".into(), src.into()).unwrap();
        let v = t.get(t.root(), "v").unwrap();
        weir::diff::value::canonical(&t, v)
    };
    assert_eq!(
        canon("v: {b: 1, a: [x, 'y']}"),
        canon("{\"v\": {\"a\": [\"x\", \"y\"], \"b\": 1.0}}")
    );
    assert_ne!(canon("v: '1'"), canon("v: 1"));
    assert_eq!(canon("v: ~"), "null");
    assert_eq!(canon("v: 1e2"), "100");
}
