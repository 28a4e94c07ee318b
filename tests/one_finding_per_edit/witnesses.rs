//! Two findings at one keyword: each has a witness of its own, and a witness another change
//! refuses is none.

use serde_json::Value;

use crate::{changes, diff};

/// Two enum values leave one `enum` in one edit: two findings at one keyword. Each witness
/// sends its own finding's value (the second used to send the first's, proving the other
/// finding), and is refused by that `enum`.
#[test]
fn each_removed_enum_value_has_a_witness_of_its_own() {
    let changes = changes("witness-proves-another-finding");
    assert_eq!(changes.len(), 2, "{changes:#?}");
    for c in &changes {
        let w = &c["witness"];
        assert_eq!(w["found"], true, "{c:#}");
        // The name is the removed value as JSON (`"bg"`).
        let removed: Value = serde_json::from_str(c["name"].as_str().unwrap()).unwrap();
        assert_eq!(w["payload"]["locale"], removed, "{c:#}");
        assert_eq!(w["pointer"], "/locale");
        assert_eq!(w["schema"]["pointer"], c["revision"]["pointer"], "{c:#}");
    }
}

/// A maxLength lowered to a length the enum beside it already keeps every value under: every
/// payload the base accepts and the revision refuses is refused by the enum (the other
/// finding). The maxLength finding gets no witness, and says whose refusal it found — in
/// the text and in the JSON.
#[test]
fn a_witness_refused_only_by_another_change_is_no_witness() {
    let changes = changes("witness-refused-by-another-change");
    let max = changes
        .iter()
        .find(|c| c["rule"] == "request-max-length-decreased")
        .unwrap_or_else(|| panic!("{changes:#?}"));
    let w = &max["witness"];
    assert_eq!(w["found"], false, "{max:#}");
    assert!(w.get("payload").is_none(), "{max:#}");
    let reason = w["reason"].as_str().unwrap();
    assert!(
        reason.contains("refused by another change")
            && reason.contains("\"stolen\" is not one of the enum values: revision.yaml:14:19")
            && reason.ends_with("this break is less certain"),
        "{reason}"
    );
    let enum_removed = changes
        .iter()
        .find(|c| c["rule"] == "request-enum-value-removed")
        .unwrap();
    assert_eq!(enum_removed["witness"]["payload"]["reason"], "stolen");
    let text = diff("witness-refused-by-another-change", "text");
    assert!(
        text.contains(&format!("witness: none — {reason}")),
        "{text}"
    );
}
