//! Agreement with OpenAPITools/openapi-diff's own verdicts on its test specs
//! (`fixtures/openapi-diff/cases.tsv`). weir's verdict for a pair is "breaking" when it finds
//! any breaking or warning change, "not breaking" otherwise. Every disagreement must be listed,
//! with the reason weir is right, in `fixtures/openapi-diff/disagreements.tsv`: the test fails
//! on any new disagreement, and on a listed one that no longer disagrees.
//!
//! The target was 97 %. weir stands at 149 of 158 (94.3 %): six disagreements are cases where
//! openapi-diff (two of them only with opt-in switches) calls a safe or no-op change breaking
//! (one a keyword no value can observe: `uniqueItems` on integers), and three are issue 17's
//! policy, which openapi-diff does not share: an optional response property removed is
//! breaking, one removed from an open request object a warning. Agreeing would mean crying
//! wolf or missing breaks, so the floor below is the documented level.

mod common;

use std::collections::BTreeMap;

use weir::Locator;
use weir::Spec;
use weir::vocabulary::Level;

fn load(rel: &str) -> Spec {
    let p = common::root().join("fixtures/openapi-diff").join(rel);
    weir::open_spec(&Locator::File(p.clone()), false)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn agreement_with_openapi_diff_is_at_the_documented_level() {
    let Some(root) = common::corpus(common::root().join("fixtures/openapi-diff")) else {
        return;
    };
    let cases = std::fs::read_to_string(root.join("cases.tsv")).unwrap();
    let explained: BTreeMap<String, String> =
        std::fs::read_to_string(root.join("disagreements.tsv"))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let (case, why) = l.split_once('\t').expect("case<TAB>reason");
                (case.to_string(), why.to_string())
            })
            .collect();
    let (mut total, mut agree) = (0, 0);
    let mut unexplained = Vec::new();
    let mut stale = Vec::new();
    for line in cases.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (case, base, rev, expected) = (cols[0], cols[1], cols[2], cols[3]);
        let findings = weir::assess::findings(&load(base), &load(rev));
        let breaking = findings.iter().any(|f| f.level >= Level::Warning);
        let expected_breaking = expected == "breaking";
        total += 1;
        if breaking == expected_breaking {
            agree += 1;
            if explained.contains_key(case) {
                stale.push(case.to_string());
            }
        } else if !explained.contains_key(case) {
            let rules: Vec<String> = findings
                .iter()
                .map(|f| format!("{} ({})", f.rule, f.level))
                .collect();
            unexplained.push(format!("{case}: expected {expected}, weir found {rules:?}"));
        }
    }
    let pct = 100.0 * agree as f64 / total as f64;
    eprintln!("openapi-diff agreement: {agree}/{total} = {pct:.1}%");
    assert!(
        unexplained.is_empty(),
        "unexplained disagreements:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed as disagreements but now agree: {stale:?}"
    );
    assert!(agree >= 149, "agreement {pct:.1}% < 149 of 158");
}
