//! `weir log` compares adjacent revisions with `diff_adjacent`, which skips the schema pairs
//! that are the same on both sides ("twins") instead of comparing them. It must find exactly
//! what `diff` finds: on every fixture pair (both sides with schemas: `common::fixture_specs`
//! leaves out specs without any, where no schema pair can form), the openapi-diff corpus and
//! Stripe's adjacent pairs, both ways, and on the cases where a schema's text is unchanged but
//! what it reaches is not.

mod common;

use std::path::{Path, PathBuf};

use weir::diff::diff_adjacent;
use weir::{Locator, Spec};

fn load(p: &Path) -> Option<Spec> {
    weir::open_spec(&Locator::File(p.to_path_buf()), false).ok()
}

/// Both diffs of `a` against `b` and of `b` against `a`, as text: equal, or the case named.
fn assert_same_both_ways(a: &Spec, b: &Spec, case: &str) -> usize {
    let mut found = 0;
    for (x, y) in [(a, b), (b, a)] {
        let full = weir::diff(x, y);
        let skipping = diff_adjacent(x, y);
        assert_eq!(format!("{full:#?}"), format!("{skipping:#?}"), "{case}");
        found += full.len();
    }
    found
}

fn first_with_prefix(dir: &Path, prefix: &str) -> Option<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    names.sort();
    names.into_iter().next()
}

#[test]
fn every_fixture_pair_finds_the_same_changes() {
    let specs = common::fixture_specs();
    let named = |dir: &Path, stem: &str| {
        specs
            .iter()
            .find(|(p, _)| p.parent() == Some(dir) && p.file_stem().is_some_and(|s| s == stem))
    };
    let (mut pairs, mut changes) = (0, 0);
    for (path, a) in specs {
        let dir = path.parent().expect("a fixture is in a folder");
        if path.file_stem().is_some_and(|s| s == "base")
            && let Some((_, b)) = named(dir, "revision")
        {
            changes += assert_same_both_ways(a, b, &dir.display().to_string());
            pairs += 1;
        }
    }
    assert!(
        pairs > 300 && changes > 500,
        "{pairs} pairs, {changes} changes"
    );
}

#[test]
fn the_openapi_diff_corpus_finds_the_same_changes() {
    let Some(dir) = common::corpus(common::root().join("fixtures/openapi-diff")) else {
        return;
    };
    let cases = std::fs::read_to_string(dir.join("cases.tsv")).unwrap();
    let mut pairs = 0;
    for line in cases.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(a), Some(b)) = (load(&dir.join(fields[1])), load(&dir.join(fields[2]))) else {
            continue;
        };
        assert_same_both_ways(&a, &b, fields[0]);
        pairs += 1;
    }
    assert!(pairs > 150, "{pairs} pairs");
}

/// Two of Stripe's adjacent revisions, as `weir log` meets them: most schemas are twins.
#[test]
fn stripe_adjacent_pairs_find_the_same_changes() {
    let Some(dir) = common::corpus(common::root().join("../shared/corpus/stripe/pairs")) else {
        return;
    };
    for pair in [
        "pair1_2017-09-05_e069733__2017-09-15_a8bb6ac",
        "pair3_2020-07-15_e925391__2020-07-17_aa2a66d",
    ] {
        let at = dir.join(pair);
        let a = load(&first_with_prefix(&at, "base_").unwrap()).unwrap();
        let b = load(&first_with_prefix(&at, "revision_").unwrap()).unwrap();
        assert!(assert_same_both_ways(&a, &b, pair) > 0, "{pair}");
    }
}

fn spec(schemas: &str) -> Spec {
    let text = format!(
        "openapi: 3.1.0
info: {{title: t, version: '1'}}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/A'}}
components:
  schemas:
{schemas}"
    );
    common::spec_from_text("mem.yaml", &text)
}

/// A change deep in a cycle of `$ref`s, under schemas whose own text did not change: every
/// schema on the cycle reaches it, so none of them is a twin.
#[test]
fn a_change_on_a_cycle_is_found_through_unchanged_schemas() {
    let schemas = |x: &str| {
        format!(
            "    A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/B'}}}}}}
    B: {{type: object, properties: {{c: {{$ref: '#/components/schemas/C'}}, x: {{type: {x}}}}}}}
    C: {{type: object, properties: {{a: {{$ref: '#/components/schemas/A'}}, s: {{type: string}}}}}}
"
        )
    };
    let (a, b) = (spec(&schemas("string")), spec(&schemas("integer")));
    let found = assert_same_both_ways(&a, &b, "cycle");
    assert_eq!(found, 2, "{:#?}", diff_adjacent(&a, &b));
}

/// A recursive schema unchanged on both sides is a twin however it is reached, and the
/// changes beside it are still found.
#[test]
fn an_unchanged_cycle_beside_a_change() {
    let schemas = |max: u32| {
        format!(
            "    A: {{type: object, properties: {{tree: {{$ref: '#/components/schemas/Node'}}, n: {{type: string, maxLength: {max}}}}}}}
    Node: {{type: object, properties: {{children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}, name: {{type: string}}}}}}
"
        )
    };
    let (a, b) = (spec(&schemas(10)), spec(&schemas(5)));
    let found = assert_same_both_ways(&a, &b, "unchanged cycle");
    assert_eq!(found, 2, "{:#?}", diff_adjacent(&a, &b));
}
