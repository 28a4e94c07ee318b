//! The rule catalogue against its fixtures: every rule has a fixture folder and every folder a
//! rule; each fixture triggers its rule; base vs base finds nothing; the reversed fixture gives
//! the mirror verdict; the human output of each is a snapshot (`fixtures/rules/<id>/expected.snap`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use weir::Locator;
use weir::Spec;
use weir::diff;
use weir::rules::{self, UNCLASSIFIED, catalogue};
use weir::vocabulary::{Change, Finding};
use weir::{Report, render};

fn fixtures_dir() -> PathBuf {
    common::root().join("fixtures/rules")
}

fn load(p: &Path) -> Spec {
    // Relative paths keep snapshots free of machine-specific folders.
    let rel = p.strip_prefix(common::root()).unwrap_or(p);
    weir::open_spec(&Locator::File(rel.to_path_buf()), false)
        .unwrap_or_else(|e| panic!("{}: {e} at {:?}", p.display(), e.place()))
}

fn findings(a: &Spec, b: &Spec) -> Vec<Finding> {
    weir::assess::findings(a, b)
}

fn folder_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_a_rule() {
    // `rules/presets/` holds sets of levels (weir.toml's `preset`), not rules.
    let rule_ids: BTreeSet<String> = folder_names(&common::root().join("rules"))
        .into_iter()
        .filter(|f| f != "presets")
        .map(|f| {
            f.strip_suffix(".toml")
                .expect("only .toml files in rules/")
                .to_string()
        })
        .collect();
    let fixture_ids = folder_names(&fixtures_dir());
    let no_fixture: Vec<_> = rule_ids.difference(&fixture_ids).collect();
    let no_rule: Vec<_> = fixture_ids.difference(&rule_ids).collect();
    assert!(
        no_fixture.is_empty(),
        "rules without a fixture folder: {no_fixture:?}"
    );
    assert!(
        no_rule.is_empty(),
        "fixture folders without a rule: {no_rule:?}"
    );
    // The embedded catalogue is exactly the files (ids = file names is checked while parsing).
    let embedded: BTreeSet<String> = catalogue().rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(embedded, rule_ids);
    assert!(rule_ids.len() >= 250, "{} rules", rule_ids.len());
}

#[test]
fn rule_ids_are_kebab_case_and_documented() {
    for r in &catalogue().rules {
        assert!(
            r.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !r.id.starts_with('-')
                && !r.id.ends_with('-')
                && !r.id.contains("--"),
            "{} is not kebab-case",
            r.id
        );
        for (what, text) in [
            ("summary", &r.summary),
            ("message", &r.message),
            ("docs.description", &r.docs.description),
            ("docs.why", &r.docs.why),
            ("docs.before", &r.docs.before),
            ("docs.after", &r.docs.after),
        ] {
            assert!(!text.trim().is_empty(), "{}: empty {what}", r.id);
        }
    }
}

#[test]
fn a_mismatched_id_is_refused() {
    let text = std::fs::read_to_string(common::root().join("rules/endpoint-added.toml")).unwrap();
    let err = weir::Catalogue::parse(&[("endpoint-created", &text)])
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("differs from the file name"),
        "{err}"
    );
    let err = weir::Catalogue::parse(&[("x", "id = \"x\"")])
        .err()
        .unwrap();
    assert!(err.to_string().contains("x.toml"), "{err}");
}

fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(k, _)| k))
        .collect()
}

/// The relation a change would have seen from the other side.
fn mirror(relation: &str) -> &str {
    match relation {
        "narrowed" => "widened",
        "widened" => "narrowed",
        "increased" => "decreased",
        "decreased" => "increased",
        "earlier" => "later",
        "later" => "earlier",
        "added" => "removed",
        "removed" => "added",
        other => other,
    }
}

/// The kind a change is seen as from the other side: what was added was removed.
fn mirror_kind(kind: weir::vocabulary::Kind) -> weir::vocabulary::Kind {
    let name = kind.as_str();
    let pairs = [("added", "removed"), ("introduced", "dropped")];
    let swapped = pairs.iter().find_map(|(a, b)| {
        name.strip_suffix(a)
            .map(|stem| format!("{stem}{b}"))
            .or_else(|| name.strip_suffix(b).map(|stem| format!("{stem}{a}")))
    });
    let Some(swapped) = swapped else {
        return kind;
    };
    weir::vocabulary::Kind::parse(&swapped).unwrap_or(kind)
}

fn check_fixture(id: &str) -> Result<String, String> {
    let dir = fixtures_dir().join(id);
    let (a, b) = (
        load(&dir.join("base.yaml")),
        load(&dir.join("revision.yaml")),
    );
    let forward = findings(&a, &b);
    if !forward.iter().any(|f| f.rule == id) {
        let got: Vec<_> = forward
            .iter()
            .map(|f| format!("{} ({:?})", f.rule, f.change.facts))
            .collect();
        return Err(format!(
            "{id}: fixture does not trigger its rule; found {got:?}"
        ));
    }
    for (name, spec) in [("base", &a), ("revision", &b)] {
        let same = diff(spec, spec);
        if !same.is_empty() {
            return Err(format!(
                "{id}: {name} vs {name} is not empty: {:?}",
                same[0]
            ));
        }
    }
    let backward = findings(&b, &a);
    if backward.is_empty() {
        return Err(format!("{id}: the reversed fixture finds nothing"));
    }
    for f in forward.iter().chain(&backward) {
        if f.rule == UNCLASSIFIED {
            return Err(format!("{id}: unclassified change {:?}", f.change));
        }
        if let Some(rule) = catalogue().get(&f.rule) {
            for key in placeholders(&rule.message) {
                if rules::placeholder(&f.change, key).is_none() {
                    return Err(format!("{id}: {}: nothing fills {{{key}}}", f.rule));
                }
            }
        }
        check_unambiguous(&f.change)?;
    }
    // Mirror verdict: a narrowing seen forward is a widening seen backward, and the other way.
    for f in &forward {
        if let Some(rel) = f.change.fact("relation") {
            let found = backward.iter().any(|g| {
                g.change.kind == mirror_kind(f.change.kind)
                    && g.change.direction == f.change.direction
                    && g.change.fact("relation") == Some(mirror(rel))
            });
            if !found {
                return Err(format!(
                    "{id}: no mirror of {} ({rel}) when reversed",
                    f.rule
                ));
            }
        }
    }
    let report = |x: &Spec, y: &Spec, fs: Vec<Finding>| {
        render::text(&Report {
            base: x,
            revision: y,
            findings: fs,
        })
    };
    Ok(format!(
        "# {id}\n\n## base → revision\n\n{}\n## revision → base\n\n{}",
        report(&a, &b, forward),
        report(&b, &a, backward)
    ))
}

/// The winning rule must be the only one at its specificity: ties would make the verdict
/// depend on file order.
fn check_unambiguous(c: &Change) -> Result<(), String> {
    let cat = catalogue();
    let matching: Vec<_> = cat
        .rules
        .iter()
        .filter(|r| r.kinds.contains(&c.kind) && cat.classify(c).is_some())
        .filter(|r| rule_matches(r, c))
        .collect();
    if let Some(best) = matching.iter().map(|r| r.specificity()).max() {
        let top: Vec<_> = matching
            .iter()
            .filter(|r| r.specificity() == best)
            .map(|r| r.id.as_str())
            .collect();
        if top.len() > 1 {
            return Err(format!("ambiguous rules for {:?}: {top:?}", c.kind));
        }
    }
    Ok(())
}

fn rule_matches(r: &weir::rules::Rule, c: &Change) -> bool {
    r.kinds.contains(&c.kind)
        && (r.contexts.is_empty() || r.contexts.contains(&c.context))
        && (r.directions.is_empty() || r.directions.contains(&c.direction))
        && r.facts
            .iter()
            .all(|(k, vals)| vals.iter().any(|v| c.fact(k) == Some(v.as_str())))
}

#[test]
fn every_fixture_triggers_its_rule_and_mirrors_when_reversed() {
    let mut failures = Vec::new();
    for id in folder_names(&fixtures_dir()) {
        match check_fixture(&id) {
            Ok(snapshot) => {
                let mut settings = insta::Settings::clone_current();
                settings.set_snapshot_path(fixtures_dir().join(&id));
                settings.set_prepend_module_to_snapshot(false);
                settings.set_omit_expression(true);
                settings.bind(|| insta::assert_snapshot!("expected", snapshot));
            }
            Err(e) => failures.push(e),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixtures fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Release-note sections and the deprecation policy's reach are rule data: a rule without a
/// `changelog` section, or with `deprecation-policy` on something that is not a removal, does
/// not load.
#[test]
fn changelog_sections_and_the_deprecation_policy_are_rule_data() {
    let text = std::fs::read_to_string(common::root().join("rules/endpoint-removed.toml")).unwrap();
    let parse = |text: &str| weir::Catalogue::parse(&[("endpoint-removed", text)]);
    assert!(parse(&text).is_ok());
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("changelog ="))
        .map(|l| format!("{l}\n"))
        .collect();
    let err = parse(&without).err().expect("a rule needs a section");
    assert!(err.to_string().contains("changelog"), "{err}");
    let misplaced = text.replace("changelog = \"removed\"", "changelog = \"changed\"");
    let err = parse(&misplaced)
        .err()
        .expect("the policy governs removals");
    assert!(err.to_string().contains("deprecation-policy"), "{err}");
    let unknown = text.replace("changelog = \"removed\"", "changelog = \"gone\"");
    assert!(parse(&unknown).is_err());

    let cat = catalogue();
    let governed: BTreeSet<&str> = cat
        .rules
        .iter()
        .filter(|r| r.deprecation_policy)
        .map(|r| r.id.as_str())
        .collect();
    for id in [
        "endpoint-removed",
        "endpoint-removed-after-deprecation",
        "request-parameter-removed",
        "request-parameter-removed-after-deprecation",
        "request-property-removed",
        "response-deprecated-property-removed",
        "response-optional-property-removed",
    ] {
        assert!(
            governed.contains(id),
            "{id} is not under the deprecation policy"
        );
    }
    for r in &cat.rules {
        assert!(
            !r.deprecation_policy || r.changelog == weir::rules::Changelog::Removed,
            "{}",
            r.id
        );
    }
}
