//! Public corpora: every spec loads, and every spec compared with itself has no changes.

mod common;

use std::path::{Path, PathBuf};

use weir::Locator;
use weir::Spec;

fn specs_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn load(p: &Path) -> Spec {
    weir::open_spec(&Locator::File(p.to_path_buf()), false)
        .unwrap_or_else(|e| panic!("{}: {e} at {:?}", p.display(), e.place()))
}

#[test]
fn every_openapi_diff_spec_loads_and_equals_itself() {
    let Some(dir) = common::corpus(common::root().join("fixtures/openapi-diff/specs")) else {
        return;
    };
    let specs = specs_under(&dir);
    assert!(specs.len() > 150, "corpus is there");
    for p in specs {
        let a = load(&p);
        let b = load(&p);
        let changes = weir::diff(&a, &b);
        assert!(changes.is_empty(), "{}: {:?}", p.display(), changes.first());
    }
}

/// The Stripe revisions are 1–4 MB each and live outside the repository (`../shared/corpus`).
#[test]
fn stripe_revisions_load_and_equal_themselves() {
    let Some(dir) = common::corpus(common::root().join("../shared/corpus/stripe/spaced")) else {
        return;
    };
    for p in specs_under(&dir) {
        let a = load(&p);
        assert!(a.operations.len() > 100, "{}", p.display());
        let changes = weir::diff(&a, &a);
        assert!(changes.is_empty(), "{}: {:?}", p.display(), changes.first());
    }
}

/// Without the corpus the tests above fail, unless `WEIR_SKIP_CORPUS=1` asks to skip them.
#[test]
fn a_missing_corpus_fails_unless_skipping_is_asked_for() {
    let missing = common::root().join("no-such-corpus");
    let got = std::panic::catch_unwind(|| common::corpus(missing.clone()));
    if std::env::var_os("WEIR_SKIP_CORPUS").is_some_and(|v| v == "1") {
        assert_eq!(got.ok(), Some(None));
    } else {
        let message = got.expect_err("a missing corpus fails the test");
        let text = message.downcast_ref::<String>().unwrap();
        assert!(text.contains("WEIR_SKIP_CORPUS=1"), "{text}");
    }
}
