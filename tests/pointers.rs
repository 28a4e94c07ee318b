//! A node's JSON pointer is the same whether it is built from nothing (`Tree::pointer`) or
//! from the pointers of nodes passed before (`Tree::pointer_with`, what a big diff's
//! classification uses), in any order, and it leads back to the node; and a finding's places
//! are the same whether classification finds them or takes them worked out ahead
//! (`diff::diff_beside`, `KnownPlaces`, what `weir diff` does on a big diff).

mod common;

use std::sync::Arc;

use weir::assess::{KnownPlaces, Pair, Settings, assess};
use weir::load::parse::parse_yaml;
use weir::tree::{NodeId, Pointers, Tree};
use weir::vocabulary::Change;

/// Keys a pointer escapes (`/`, `~`), sequences in maps and maps in sequences, a key that
/// looks like an index, an empty key, and keys met again under other parents.
const DOC: &str = r#"
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: a~b
      responses:
        "200":
          content:
            application/json:
              schema:
                type: object
                properties:
                  "0": {type: string}
                  "": {type: string}
                  "~1/": {items: [{type: integer}, {type: string}]}
  /pets:
    get:
      responses:
        "200": {description: ok}
components:
  schemas:
    Pet:
      properties:
        id: {type: integer}
        tags: {type: array, items: {type: string}}
"#;

fn tree() -> Tree {
    parse_yaml("doc.yaml".into(), Arc::<str>::from(DOC)).expect("the document parses")
}

fn assert_same_pointers(t: &Tree, order: impl Iterator<Item = u32>) {
    let mut known = Pointers::default();
    for i in order {
        let id = NodeId(i);
        let plain = t.pointer(id);
        assert_eq!(t.pointer_with(id, &mut known), plain, "node {i}");
        // Asked again, the answer is the same, known or not.
        assert_eq!(t.pointer_with(id, &mut known), plain, "node {i} again");
        if t.key_of(id).is_some() || t.parent(id).is_none() {
            assert_eq!(t.lookup_pointer(&plain), Some(id), "{plain}");
        }
    }
}

#[test]
fn pointers_built_from_known_ones_are_the_pointers_built_from_nothing() {
    let t = tree();
    let n = t.len() as u32;
    assert!(n > 60, "the document has {n} nodes");
    assert_same_pointers(&t, 0..n);
    assert_same_pointers(&t, (0..n).rev());
    // Leaves first and parents after, then a stride that jumps between subtrees.
    assert_same_pointers(
        &t,
        (0..n)
            .filter(|i| i % 2 == 1)
            .chain((0..n).filter(|i| i % 2 == 0)),
    );
    assert_same_pointers(&t, (0..n).map(|i| (i * 7) % n));
}

#[test]
fn escaped_keys_and_items_are_written_as_rfc_6901_says() {
    let t = tree();
    let mut known = Pointers::default();
    let all: Vec<String> = (0..t.len() as u32)
        .map(|i| t.pointer_with(NodeId(i), &mut known))
        .collect();
    for expected in [
        "/paths/~1pets~1{id}/get/parameters/1/name",
        "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties/~01~1/items/1/type",
        "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/properties//type",
        "/components/schemas/Pet/properties/tags/items/type",
    ] {
        assert!(
            all.iter().any(|p| p == expected),
            "{expected} among {all:#?}"
        );
    }
}

/// `n` objects, each with a described property; the revision describes each anew, retypes
/// it and adds a property: more changes than a thread is started for.
fn many_changes(n: usize, revision: bool) -> String {
    let (about, kind) = if revision {
        ("now", "integer")
    } else {
        ("then", "string")
    };
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n");
    for i in 0..n {
        let added = if revision {
            format!("\n                  added{i}: {{type: string}}")
        } else {
            String::new()
        };
        s.push_str(&format!(
            "  /things/{i}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  p{i}: {{type: {kind}, description: {about}}}{added}\n"
        ));
    }
    s
}

#[test]
fn places_worked_out_ahead_are_the_places_classification_finds() {
    let a = common::spec_from_text("base.yaml", &many_changes(150, false));
    let b = common::spec_from_text("revision.yaml", &many_changes(150, true));
    let (changes, ahead) = weir::diff::diff_beside(&a, &b, |x, y| KnownPlaces::of((&a, &b), x, y));
    assert!(changes.len() >= 300, "{} changes", changes.len());
    // With one core the places are left to classification: work them out here.
    let ahead = ahead.unwrap_or_else(|| {
        KnownPlaces::of(
            (&a, &b),
            changes.iter().flat_map(Change::base_nodes).collect(),
            changes.iter().flat_map(Change::revision_nodes).collect(),
        )
    });
    let settings = Settings::default();
    let found = |pair: &Pair<'_>, changes| {
        assess(pair, changes, &settings)
            .findings
            .iter()
            .map(|f| format!("{:?} {}", f.located, f.fingerprint))
            .collect::<Vec<_>>()
    };
    let plain = found(&Pair::new(&a, &b), weir::diff::diff(&a, &b));
    let with_places = Pair {
        places: Some(ahead),
        ..Pair::new(&a, &b)
    };
    assert_eq!(found(&with_places, changes), plain);
    assert!(
        plain.iter().any(|f| f.contains("/properties/p149")),
        "{plain:?}"
    );
}
