//! Every fixture of `fixtures/bad-input/`, run as its case says.

use crate::cases::CASES;
use crate::common::*;
use crate::{assert_message_snapshot, copy_into, outcome, run_in};

#[test]
fn every_fixture_gives_its_exit_code_and_names_the_place() {
    let fixtures = root().join("fixtures/bad-input");
    for c in CASES {
        let top = c.spec.split('/').next().unwrap();
        let dir = tempfile::tempdir().unwrap();
        copy_into(&fixtures.join(top), &dir.path().join(top));
        let o = run_in(dir.path(), &["diff", c.spec, c.spec], None);
        let (code, err) = outcome(&o, dir.path());
        let out = stdout(&o);
        assert_eq!(code, c.code, "{}: exit {code}\n{err}{out}", c.spec);
        assert!(
            flat(&err).contains(c.says) || out.contains(c.says),
            "{}: expected {:?} in\n{err}{out}",
            c.spec,
            c.says
        );
        if let Some(place) = c.place {
            assert!(
                flat(&err).contains(place),
                "{}: expected {place} in\n{err}",
                c.spec
            );
        }
        if code == 2 {
            assert!(
                out.is_empty(),
                "{}: output despite the error: {out}",
                c.spec
            );
        }
        let name = c.spec.replace(['/', '.'], "_");
        assert_message_snapshot(&name, code, &err);
    }
}

#[test]
fn every_fixture_has_a_case() {
    let mut listed: Vec<&str> = CASES
        .iter()
        .map(|c| c.spec.split('/').next().unwrap())
        .collect();
    listed.sort();
    listed.dedup();
    let mut present: Vec<String> = std::fs::read_dir(root().join("fixtures/bad-input"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(listed, present);
    assert!(CASES.len() >= 30);
}

#[test]
fn a_dangling_pointer_is_an_error_with_strict() {
    let dir = tempfile::tempdir().unwrap();
    let name = "ref-to-missing-pointer.yaml";
    copy_into(
        &root().join("fixtures/bad-input").join(name),
        &dir.path().join(name),
    );
    let o = run_in(dir.path(), &["diff", name, name, "--strict"], None);
    let (code, err) = outcome(&o, dir.path());
    assert_eq!(code, 2, "{err}");
    assert!(
        flat(&err).contains("ref-to-missing-pointer.yaml:11:30"),
        "{err}"
    );
}
