//! A change that implies another is one finding: a type narrowed or changed and the branches
//! or keywords it took with it, a body made required with its property.

use crate::{body_spec, changes, changes_between, folder, rules};

/// `anyOf: [integer, string]` → `integer`: the type narrowed, and that is the string branch
/// dropped. One finding, the type's.
#[test]
fn a_narrowed_type_implies_the_dropped_branch() {
    let changes = changes("narrowed-type-and-dropped-branch");
    assert_eq!(rules(&changes), ["request-type-narrowed"], "{changes:#?}");
    assert_eq!(
        changes[0]["message"],
        "request body application/json › count: type narrowed from [integer, string] to integer"
    );
}

/// A property from one object to an array of them: the type change is the finding; the
/// object's properties are not "removed" (the items still have them) and the items' schema is
/// not news of its own.
#[test]
fn a_type_change_implies_the_keywords_of_the_type_it_left() {
    let changes = changes("type-change-reports-properties-removed");
    assert_eq!(rules(&changes), ["response-type-changed"], "{changes:#?}");
}

/// A keyword that still applies to a type both sides accept is an edit of its own, even beside
/// a type change at the same schema.
#[test]
fn a_keyword_on_a_type_both_sides_share_is_still_reported() {
    let spec = body_spec;
    let changes = changes_between(
        &spec(
            "{type: object, properties: {v: {type: [string, integer], maxLength: 9, minimum: 1}}}",
        ),
        &spec("{type: object, properties: {v: {type: string, maxLength: 5}}}"),
    );
    let mut found = rules(&changes);
    found.sort();
    assert!(found.contains(&"request-type-narrowed"), "{found:?}");
    assert!(found.contains(&"request-max-length-decreased"), "{found:?}");
    // `minimum` judged only the integers, which the type change already refuses.
    assert!(!found.iter().any(|r| r.contains("minimum")), "{found:?}");
}

/// A form body became required while `line_items` became required: for a form, no body and an
/// empty form are the same request, and the request that newly fails is the one without
/// `line_items`. One finding, the property's; reversed, one finding too.
#[test]
fn a_body_made_required_with_its_property_is_one_finding() {
    let name = "body-required-with-required-property";
    let changes = changes(name);
    assert_eq!(
        rules(&changes),
        ["request-property-became-required"],
        "{changes:#?}"
    );
    let read = |side: &str| std::fs::read_to_string(folder(name).join(side)).unwrap();
    let reversed = changes_between(&read("revision.yaml"), &read("base.yaml"));
    assert_eq!(
        rules(&reversed),
        ["request-property-became-optional"],
        "{reversed:#?}"
    );
}

/// A body that became required with nothing else required in it stays a finding: a request
/// without a body was valid and is refused now.
#[test]
fn a_body_made_required_alone_is_still_reported() {
    let base =
        std::fs::read_to_string(folder("body-required-with-required-property").join("base.yaml"))
            .unwrap();
    let changes = changes_between(&base, &base.replace("required: false", "required: true"));
    assert_eq!(
        rules(&changes),
        ["request-body-became-required"],
        "{changes:#?}"
    );
}
