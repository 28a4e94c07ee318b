//! Witness payloads against the rule fixtures: every witness weir shows must really be valid
//! on the side that accepts it and invalid on the side that refuses it (checked from scratch),
//! and most breaking schema changes must have one.

mod common;

use std::path::Path;

use weir::Locator;
use weir::Spec;
use weir::consumers::locate::Sides;
use weir::consumers::witness;

fn load(p: &Path) -> Spec {
    weir::open_spec(&Locator::File(p.to_path_buf()), false).unwrap()
}

/// Two specs written to files (kept while the folder lives) and read back.
fn written(base: String, revision: String) -> (tempfile::TempDir, Spec, Spec) {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        load(&p)
    };
    let (a, b) = (write("base.yaml", base), write("revision.yaml", revision));
    (dir, a, b)
}

#[test]
fn every_witness_is_valid_on_one_side_and_invalid_on_the_other() {
    let mut found = Vec::new();
    let mut missing = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(common::root().join("fixtures/rules"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (a, b) = (
            load(&dir.join("base.yaml")),
            load(&dir.join("revision.yaml")),
        );
        for (x, y, way) in [(&a, &b, "forward"), (&b, &a, "reversed")] {
            let sides = Sides::new(x, y);
            let mut findings = weir::assess::findings(x, y);
            witness::attach(&mut findings, &sides);
            for f in &findings {
                let Some(w) = &f.witness else { continue };
                let what = format!("{id} ({way}): {} at {}", f.rule, f.change.path);
                if w.found {
                    if let Err(e) = witness::check(w, &f.change, &sides) {
                        panic!("{what}: the witness does not hold: {e}");
                    }
                    found.push(format!(
                        "{what}: {} {} → {}",
                        w.part.as_deref().unwrap_or(""),
                        w.payload.as_ref().unwrap(),
                        w.reason
                    ));
                } else {
                    missing.push(what);
                }
            }
        }
    }
    eprintln!("{}", found.join("\n"));
    // No payload can show these: each is a change no instance tells apart (every open-object
    // branch of a `oneOf` matches any object, so nothing satisfies it; an `anyOf` of open
    // objects accepts any object with or without the branch; a member added beside a closed
    // `allOf` member constrains a property the closed one already forbids; an optional
    // property that becomes write-only may be left out of responses either way).
    let impossible = [
        "request-all-of-member-added",
        "request-any-of-branch-removed",
        "request-one-of-branch-removed",
        "response-property-became-write-only",
    ];
    for m in &missing {
        assert!(
            impossible.iter().any(|r| m.contains(&format!("): {r} at"))),
            "no witness for {m}"
        );
    }
    assert!(found.len() >= 107, "only {} witnesses", found.len());
}

/// A spec with `n` operations, each taking and answering its own object: in the revision,
/// every request's `name` gets shorter, a request `kind` loses a value and every response's
/// `code` becomes a number, so every operation has three breaking findings with a witness.
fn many_breaks(n: usize, revision: bool) -> String {
    let (name, code, kinds) = if revision {
        (8, "integer", "[a, b]")
    } else {
        (40, "string", "[a, b, c]")
    };
    let mut s = String::from("openapi: 3.0.3\ninfo: {title: t, version: 1.0.0}\npaths:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  /things{i}:\n    post:\n      operationId: op{i}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                name{i}: {{type: string, maxLength: {name}}}\n                kind: {{type: string, enum: {kinds}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [code]\n                properties:\n                  code: {{type: {code}}}\n"
        ));
    }
    s
}

#[test]
fn witnesses_are_the_same_whatever_the_number_of_threads_looking_for_them() {
    let (_dir, a, b) = written(many_breaks(60, false), many_breaks(60, true));
    let sides = Sides::new(&a, &b);
    let witnesses = |workers: usize| {
        let mut findings = weir::assess::findings(&a, &b);
        witness::attach_on(&mut findings, &sides, workers);
        findings
            .iter()
            .map(|f| {
                (
                    f.change.path.clone(),
                    serde_json::to_string(&f.witness).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let one = witnesses(1);
    let proved = one
        .iter()
        .filter(|(_, w)| w.contains("\"found\":true"))
        .count();
    assert!(proved >= 150, "only {proved} of {} witnessed", one.len());
    for workers in [2, 3, 8] {
        assert_eq!(witnesses(workers), one, "{workers} workers");
    }
}

/// Witnesses looked for ahead (on helper threads, while the other stages run) are the ones the
/// search would find, and the search takes them as they are; a change no longer wanted when
/// the calling thread takes over is not looked for by it.
#[test]
fn witnesses_looked_for_ahead_are_the_ones_the_search_finds() {
    let (_dir, a, b) = written(many_breaks(30, false), many_breaks(30, true));
    let sides = Sides::new(&a, &b);
    let findings = weir::assess::findings(&a, &b);
    let changes: Vec<_> = findings
        .iter()
        .filter(|f| witness::wanted(f))
        .map(|f| f.change.clone())
        .collect();
    assert!(changes.len() >= 60, "{} wanted", changes.len());
    let own =
        |c| serde_json::to_string(&witness::first_found(vec![vec![(c, None)]], &sides, 1)).unwrap();
    // Every change wanted; then one in three (a helper may have taken the others already).
    let every = vec![true; changes.len()];
    let some: Vec<bool> = (0..changes.len()).map(|k| k % 3 == 0).collect();
    for wanted in [every, some] {
        let ahead = witness::Ahead::new(changes.clone());
        rayon::in_place_scope(|s| {
            ahead
                .start(s, (&a, &b), || sides.both_nodes().clone())
                .finish(wanted.clone(), Some(&sides))
        });
        for (k, c) in changes.iter().enumerate() {
            let Some(found) = ahead.found(k) else {
                assert!(!wanted[k], "wanted change {k} not looked for");
                continue;
            };
            let taken = witness::first_found(vec![vec![(c, Some(found.clone()))]], &sides, 1);
            assert_eq!(serde_json::to_string(&taken).unwrap(), own(c), "{}", c.path);
        }
    }
}

/// A `oneOf` branch added beside one it overlaps refuses a value the base accepted (it now
/// matches two branches): the witness search tries the revision's branches' own values, so
/// each such break has its proof, checked from scratch.
#[test]
fn a_one_of_branch_that_overlaps_another_has_a_witness() {
    for name in [
        "one-of-branch-added-beside-sole-branch-overlaps",
        "one-of-branch-added-overlaps-another",
        "plain-to-one-of-overlapping-branches",
    ] {
        let dir = common::root().join("fixtures/semantics").join(name);
        let (a, b) = (
            load(&dir.join("base.yaml")),
            load(&dir.join("revision.yaml")),
        );
        let sides = Sides::new(&a, &b);
        let mut findings = weir::assess::findings(&a, &b);
        witness::attach(&mut findings, &sides);
        let f = findings
            .iter()
            .find(|f| f.rule == "request-one-of-branch-added")
            .unwrap_or_else(|| panic!("{name}: no request-one-of-branch-added finding"));
        let w = f.witness.as_ref().expect("a breaking schema finding");
        assert!(w.found, "{name}: no witness: {}", w.reason);
        witness::check(w, &f.change, &sides).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            w.reason.contains("oneOf branches; exactly one"),
            "{name}: {}",
            w.reason
        );
    }
}

/// A finding made of several changes (one edit in both directions, sibling properties) shows
/// the first witness found among them: each is looked for in turn until one is found; none
/// found, the first one's reason says why; an empty search looks for nothing.
#[test]
fn a_search_of_several_changes_shows_the_first_witness_found() {
    // The request's `name` gets shorter (a witness: a long name); the response's optional
    // `note` becomes write-only (none: a response may leave it out either way).
    let spec = |revision: bool| {
        let (max, write_only) = if revision {
            (8, ", writeOnly: true")
        } else {
            (40, "")
        };
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /items:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                name: {{type: string, maxLength: {max}}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  note: {{type: string{write_only}}}\n"
        )
    };
    let (_dir, a, b) = written(spec(false), spec(true));
    let sides = Sides::new(&a, &b);
    let findings = weir::assess::findings(&a, &b);
    let change = |rule: &str| {
        &findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("no {rule}"))
            .change
    };
    let (proved, unproved) = (
        change("request-max-length-decreased"),
        change("response-property-became-write-only"),
    );
    let shown = witness::first_found(
        vec![
            vec![(unproved, None), (proved, None)],
            vec![(proved, None), (unproved, None)],
            vec![(unproved, None)],
            vec![],
        ],
        &sides,
        1,
    );
    let own = |c| {
        witness::first_found(vec![vec![(c, None)]], &sides, 1)
            .remove(0)
            .unwrap()
    };
    let (proof, refusal) = (own(proved), own(unproved));
    assert!(proof.found && !refusal.found, "{}", refusal.reason);
    let json = |w: &Option<weir::vocabulary::Witness>| serde_json::to_string(w).unwrap();
    assert_eq!(json(&shown[0]), json(&Some(proof.clone())));
    assert_eq!(json(&shown[1]), json(&Some(proof)));
    assert_eq!(json(&shown[2]), json(&Some(refusal)));
    assert!(shown[3].is_none());
}

/// OpenAPI 3.0: a `nullable` beside an `allOf` whose member is not nullable takes no null
/// (the member refuses it, by its `type`); a revision that allows null there breaks clients,
/// and a response with null proves it, though the refusal names `type`, not `nullable`.
#[test]
fn null_refused_by_the_type_beside_nullable_proves_null_allowed() {
    let spec = |revision: bool| {
        let holder = if revision {
            "{$ref: '#/components/schemas/MaybeRepo'}"
        } else {
            "{nullable: true, type: object, allOf: [{$ref: '#/components/schemas/Repo'}]}"
        };
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /repos:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                required: [template]\n                properties:\n                  template: {holder}\ncomponents:\n  schemas:\n    Repo: {{type: object, properties: {{name: {{type: string}}}}}}\n    MaybeRepo: {{nullable: true, type: object, properties: {{name: {{type: string}}}}}}\n"
        )
    };
    let (_dir, a, b) = written(spec(false), spec(true));
    let sides = Sides::new(&a, &b);
    let mut findings = weir::assess::findings(&a, &b);
    witness::attach(&mut findings, &sides);
    let f = findings
        .iter()
        .find(|f| f.change.kind == weir::vocabulary::Kind::SchemaNullable)
        .expect("a nullable finding");
    let w = f.witness.as_ref().expect("a breaking schema finding");
    assert!(w.found, "no witness: {}", w.reason);
    witness::check(w, &f.change, &sides).unwrap();
    assert_eq!(w.payload, Some(serde_json::json!({"template": null})));
}
