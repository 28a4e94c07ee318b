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
