//! Semantics, not syntax, where the two spellings are not the same contract: each folder of
//! `fixtures/semantics/` holds a base and a revision that real histories got wrong (a false
//! alarm or a miss), and `expect.txt` lists the rules weir must find, base → revision — no
//! more, no fewer. Changes that are no change at all live in `fixtures/equivalent/`.
//!
//! The audit's repros (`docs/audit/repros/`, one per class of wrong verdict found on the
//! Stripe history) are held to the same test: each with an `expect.txt` is a regression test
//! of its class on a hand-written spec. A repro without one is a class still open (its README
//! says what weir should say).
//!
//! Where the rule was right but what it named was wrong (a misattribution: the bound of another
//! branch), a `messages.txt` beside `expect.txt` lists each finding's `rule: message` too.

mod common;

use std::path::PathBuf;

use weir::Locator;

#[test]
fn each_case_finds_exactly_its_expected_rules() {
    // Every fixture has an `expect.txt`; a repro may not have one yet.
    let folders = |rel: &str, all: bool| {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(common::root().join(rel))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| all || p.join("expect.txt").exists())
            .collect();
        cases.sort();
        assert!(cases.len() > 10, "{rel}: {cases:?}");
        cases
    };
    let mut cases = folders("fixtures/semantics", true);
    cases.extend(folders("docs/audit/repros", false));
    let mut failures = Vec::new();
    for dir in cases {
        let mut expected: Vec<String> = std::fs::read_to_string(dir.join("expect.txt"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        expected.sort();
        let load = |side: &str| {
            let p = dir.join(format!("{side}.yaml"));
            weir::open_spec(&Locator::File(p.clone()), false)
                .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()))
        };
        let findings = weir::assess::findings(&load("base"), &load("revision"));
        // A parameter or header travels as text: its witness is that text.
        for f in &findings {
            if let Some(w) = f.witness.as_ref().filter(|w| w.found)
                && w.part
                    .as_deref()
                    .is_some_and(|p| p.contains("parameter") || p.contains("header"))
                && !w.payload.as_ref().is_some_and(|v| v.is_string())
            {
                failures.push(format!(
                    "{}: {}: witness {:?} is not text",
                    dir.display(),
                    f.rule,
                    w.payload
                ));
            }
        }
        let mut found: Vec<String> = findings.iter().map(|f| f.rule.clone()).collect();
        found.sort();
        let mut messages: Vec<String> = findings
            .iter()
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        messages.sort();
        if found != expected {
            failures.push(format!(
                "{}: expected {expected:?}, found {messages:#?}",
                dir.display()
            ));
        }
        if let Ok(text) = std::fs::read_to_string(dir.join("messages.txt")) {
            let mut said: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            said.sort();
            if messages != said {
                failures.push(format!(
                    "{}: expected messages {said:#?}, found {messages:#?}",
                    dir.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
