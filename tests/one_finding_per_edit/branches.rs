//! Unions merged, split and pruned: branches merged into one schema, one schema split into
//! branches, a branch dropped beside its kept sibling.

use crate::{body_spec, changes, changes_between, folder, rules, rules_and_messages};

/// `anyOf: [A, B]` → `C`, C merging A and B: a property each base branch declared is not
/// "added" by C because the other branch lacked it. Only what C guarantees less is news
/// (`amount`, `plan`, `sku` no longer guaranteed), once each.
#[test]
fn branches_merged_into_one_add_no_property_either_declared() {
    let changes = changes("many-branches-to-one");
    let found = rules_and_messages(&changes);
    assert!(
        found
            .iter()
            .all(|f| f.starts_with("response-property-became-optional")),
        "{found:#?}"
    );
    // Three properties: `amount` and `plan` left one `required` list (one finding naming
    // both), `sku` another branch's.
    let named: usize = changes
        .iter()
        .map(|c| c["names"].as_array().map_or(1, Vec::len))
        .sum();
    assert_eq!((found.len(), named), (2, 3), "{found:#?}");
}

/// The same merge in a request, where C requires what only one base branch required: a
/// request following the other branch is refused. That is the property becoming required,
/// not a required property added (the union declared it).
#[test]
fn a_merged_branch_requiring_a_sibling_property_is_that_property_required() {
    let spec = body_spec;
    let branch = |required: &str, other: &str| {
        format!(
            "{{type: object, required: [amount, {required}], properties: {{amount: {{type: \
             integer}}, {required}: {{type: string}}, {other}}}}}"
        )
    };
    let changes = changes_between(
        &spec(&format!(
            "{{anyOf: [{}, {}]}}",
            branch("plan", "note: {type: string}"),
            branch("sku", "note: {type: string}")
        )),
        &spec(
            "{type: object, required: [amount, plan, sku], properties: {amount: {type: \
             integer}, plan: {type: string}, sku: {type: string}, note: {type: string}}}",
        ),
    );
    let found = rules_and_messages(&changes);
    assert_eq!(
        found,
        [
            "request-property-became-required: request body application/json: property `plan` became required",
            "request-property-became-required: request body application/json: property `sku` became required",
        ],
        "{found:#?}"
    );
}

/// The mirror: C split into `anyOf: [A, B]`, each branch declaring only properties of C. C is
/// compared with both, so `sku`, optional in C and declared by B, is not removed (a response
/// may still carry it); `plan`, required in C and only B's optional, is no longer guaranteed
/// (an object matching B may lack it), a real break. Reversed, the merge: `plan` now always
/// present, the mirror verdict.
#[test]
fn one_schema_split_into_branches_removes_no_property_a_branch_declares() {
    let split = rules_and_messages(&changes("one-split-into-branches"));
    assert_eq!(
        split,
        [
            "response-property-became-optional: response 200 application/json › item: property \
          `plan` is no longer guaranteed"
        ],
        "{split:#?}"
    );
    let dir = folder("one-split-into-branches");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let merged = rules_and_messages(&changes_between(&read("revision.yaml"), &read("base.yaml")));
    assert_eq!(
        merged,
        [
            "response-property-became-required: response 200 application/json › item: property \
          `plan` is now always present"
        ],
        "{merged:#?}"
    );
}

/// The same split in a request: a client sending `{amount, plan, sku}` still matches the
/// open branch A, so nothing is refused and nothing is removed. Beside C kept whole, a branch
/// is not a piece of C but a new alternative, still "branch added": one declaring a property
/// C lacks (`deleted`), or only some of C's (Stripe's `[account_with_keys, account]`).
#[test]
fn a_request_split_into_branches_is_no_change_and_a_new_alternative_is_added() {
    let branch = |props: &str| {
        format!(
            "{{type: object, required: [amount], properties: {{amount: {{type: integer}}, {props}}}}}"
        )
    };
    let plain = body_spec(&branch("plan: {type: string}, sku: {type: string}"));
    let split = body_spec(&format!(
        "{{anyOf: [{}, {}]}}",
        branch("plan: {type: string}"),
        branch("sku: {type: string}")
    ));
    let found = rules_and_messages(&changes_between(&plain, &split));
    assert!(found.is_empty(), "{found:#?}");
    for other in ["deleted: {type: boolean}", "plan: {type: string}"] {
        let widened = body_spec(&format!(
            "{{anyOf: [{}, {}]}}",
            branch("plan: {type: string}, sku: {type: string}"),
            branch(other)
        ));
        let found = rules(&changes_between(&plain, &widened)).join(" ");
        assert_eq!(found, "request-any-of-branch-added", "{other}: {found}");
    }
}

/// A response's `anyOf: [customer, deleted_customer]` back to `customer`: deleted_customer
/// declares a property customer lacks (`deleted`), so it was an alternative of its own, not a
/// piece merged into customer: the branch is removed (the response narrows), not "required
/// property `deleted` removed" (breaking, without a witness). Reversed, the mirror: added.
#[test]
fn a_branch_dropped_beside_its_kept_sibling_is_removed_not_merged() {
    let spec = |schema: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: 1.0.0}}\npaths:\n  /c:\n    get:\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema: {schema}\ncomponents:\n  schemas:\n    \
             customer: {{type: object, required: [id, email], properties: {{id: {{type: \
             string}}, email: {{type: string}}}}}}\n    deleted_customer: {{type: object, \
             required: [id, deleted], properties: {{id: {{type: string}}, deleted: {{type: \
             boolean}}}}}}\n"
        )
    };
    let union = spec(
        "{anyOf: [{$ref: '#/components/schemas/customer'}, {$ref: \
         '#/components/schemas/deleted_customer'}]}",
    );
    let plain = spec("{$ref: '#/components/schemas/customer'}");
    let merged = rules(&changes_between(&union, &plain)).join(" ");
    assert_eq!(merged, "response-any-of-branch-removed", "{merged}");
    let split = rules(&changes_between(&plain, &union)).join(" ");
    assert_eq!(split, "response-any-of-branch-added", "{split}");
}
