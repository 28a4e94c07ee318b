//! A plain schema against a union, and a union against a union: each branch is compared with
//! the schema (or branch) that accepts what it accepts, so one edit to a union — a branch added,
//! removed, split off or merged — is one finding, attributed to that branch (issue 17 §5).
//! The audit's repros (`docs/audit/repros/`) hold the Stripe shapes; these are their mirrors and
//! request-side twins.

mod common;
use common::*;

/// "rule: message" of each finding between two specs, sorted.
fn findings(base: &str, revision: &str) -> Vec<String> {
    let (a, b) = (
        spec_from_text("base.yaml", base),
        spec_from_text("revision.yaml", revision),
    );
    let mut found: Vec<String> = weir::assess::findings(&a, &b)
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    found.sort();
    found
}

/// A spec whose one operation carries `schema` in its request body (`request`) or its 200
/// response, with the `payment_intent` component beside it.
fn spec(request: bool, schema: &str) -> String {
    let place = if request {
        [
            "      requestBody:",
            "        content:",
            "          application/json:",
            &format!("            schema: {schema}"),
            "      responses:",
            "        '200': {description: ok}",
        ]
        .join("\n")
    } else {
        [
            "      responses:",
            "        '200':",
            "          description: ok",
            "          content:",
            "            application/json:",
            &format!("              schema: {schema}"),
        ]
        .join("\n")
    };
    [
        "openapi: 3.0.0",
        "info: {title: t, version: '1'}",
        "paths:",
        "  /invoices:",
        "    post:",
        &place,
        "components:",
        "  schemas:",
        "    payment_intent:",
        "      type: object",
        "      required: [id, amount]",
        "      properties:",
        "        id: {type: string}",
        "        amount: {type: integer}",
        "        application: {type: string, nullable: true}",
        "",
    ]
    .join("\n")
}

/// Stripe's expandable field: a (nullable) object became `anyOf: [id string, object]`, and
/// back. The object is compared with the branch that accepts it, which kept every property: in
/// both directions and on both sides of the wire the one finding is the type change (a string
/// may now come, or may no longer), never a property "removed" or "added".
#[test]
fn an_object_becoming_id_or_object_is_the_type_change_alone() {
    let object = "{type: object, properties: {payment_intent: {nullable: true, allOf: [{$ref: \
                  '#/components/schemas/payment_intent'}]}}}";
    let expandable = "{type: object, properties: {payment_intent: {nullable: true, anyOf: \
                      [{type: string, maxLength: 5000}, {$ref: \
                      '#/components/schemas/payment_intent'}]}}}";
    for request in [false, true] {
        for (base, revision) in [(object, expandable), (expandable, object)] {
            let found = findings(&spec(request, base), &spec(request, revision));
            let types: Vec<&String> = found.iter().filter(|f| f.contains("-type-")).collect();
            assert_eq!(types.len(), 1, "request {request}: {found:#?}");
            assert!(
                !found.iter().any(|f| f.contains("propert")),
                "request {request}: {found:#?}"
            );
        }
    }
}

/// `anyOf: [A, string, B]` → `[A, string]` (Stripe 05b7b5bed0, POST /v1/charges `card`): B
/// and A share a property name, but A is already the exact counterpart of the base's A, and B
/// declares a property A lacks, so B was an alternative of its own: one finding, B removed
/// (breaking in a request, narrowing in a response), not B's differences from A attributed to
/// A. Reversed, the mirror: B added.
#[test]
fn a_removed_branch_is_removed_not_paired_with_a_survivor() {
    let a = "{title: card, type: object, required: [number], properties: {number: {type: \
             string}, object: {type: string, enum: [card]}}}";
    let b = "{title: emv, type: object, required: [emv_auth_data], properties: {emv_auth_data: \
             {type: string}, object: {type: string}}}";
    let three = format!("{{anyOf: [{a}, {{type: string}}, {b}]}}");
    let two = format!("{{anyOf: [{a}, {{type: string}}]}}");
    for (request, dropped, added) in [
        (
            true,
            "request-any-of-branch-removed",
            "request-any-of-branch-added",
        ),
        (
            false,
            "response-any-of-branch-removed",
            "response-any-of-branch-added",
        ),
    ] {
        let removed = findings(&spec(request, &three), &spec(request, &two));
        assert_eq!(
            removed,
            [format!(
                "{dropped}: {}: anyOf branch emv removed",
                place(request)
            )]
        );
        let back = findings(&spec(request, &two), &spec(request, &three));
        assert_eq!(
            back,
            [format!(
                "{added}: {}: anyOf branch emv added",
                place(request)
            )]
        );
    }
}

/// The path a finding at the root of `spec`'s body or response starts with.
fn place(request: bool) -> &'static str {
    if request {
        "request body application/json"
    } else {
        "response 200 application/json"
    }
}

/// The reverse of docs/audit/repros/many-branches-to-one: one schema split into `anyOf: [A, B]`,
/// `amount` required in both. Each branch compared with the schema finds `amount` now always
/// present at the same place of the base: one edit, one finding (it was printed once per
/// branch), the mirror of the merge's one "no longer guaranteed". `amount` and `plan` are in
/// one branch's `required` list and `sku` in the other's: two objects of the base, so the
/// sibling properties of each are one finding (`assess/siblings.rs`).
#[test]
fn one_schema_split_into_branches_adds_a_shared_guarantee_once() {
    let dir = root().join("docs/audit/repros/many-branches-to-one");
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let merged = findings(&read("base.yaml"), &read("revision.yaml"));
    let split = findings(&read("revision.yaml"), &read("base.yaml"));
    let at = "response 200 application/json › item:";
    assert_eq!(
        split,
        [
            format!(
                "response-property-became-required: {at} properties `amount` and `plan` are now always present"
            ),
            format!("response-property-became-required: {at} property `sku` is now always present"),
        ]
    );
    assert_eq!(
        merged,
        [
            format!(
                "response-property-became-optional: {at} properties `amount` and `plan` are no longer guaranteed"
            ),
            format!(
                "response-property-became-optional: {at} property `sku` is no longer guaranteed"
            ),
        ]
    );
}

/// Branches without properties, merged into one schema or split from it, are alike both ways:
/// the branch most like the schema is compared with it, any other is removed or added (it was
/// compared with the schema when merged, and added when split). `[string maxLength 5, string
/// pattern]` → `string maxLength 5` drops the pattern's branch (`aaaaaa` is refused now): not
/// "pattern removed" (a widening, false) beside "maxLength set". A branch whose values the
/// other side still accepts (`enum: ['']`) goes unreported.
#[test]
fn branches_without_properties_merge_and_split_alike() {
    for (union, plain, removed, added) in [
        (
            "{anyOf: [{type: string, maxLength: 5}, {type: string, pattern: '^a'}]}",
            "{type: string, maxLength: 5}",
            vec!["request-any-of-branch-removed"],
            vec!["request-any-of-branch-added"],
        ),
        (
            "{anyOf: [{type: string, maxLength: 5}, {type: string, enum: ['']}]}",
            "{type: string}",
            vec!["request-max-length-removed"],
            vec!["request-max-length-set"],
        ),
        (
            "{anyOf: [{type: string, maxLength: 22}, {type: string, enum: ['']}]}",
            "{type: string, maxLength: 22}",
            vec![],
            vec![],
        ),
    ] {
        let rules = |base: &str, revision: &str| -> Vec<String> {
            findings(&spec(true, base), &spec(true, revision))
                .into_iter()
                .map(|f| f.split(':').next().unwrap().to_string())
                .collect()
        };
        assert_eq!(rules(union, plain), removed, "{union} -> {plain}");
        assert_eq!(rules(plain, union), added, "{plain} -> {union}");
    }
}

/// The same expandable field as Stripe writes it: the component has a title, a description and
/// extensions of its own, the wrapper a description. The base folds the component into the
/// wrapper; the revision keeps the description on the union and the rest on the branch. No
/// title, description or extension changed (it said title `PaymentIntent` removed, its
/// extensions removed and the description changed); the extension the union gained is news.
#[test]
fn an_expandable_field_keeps_the_annotations_its_branch_or_union_holds() {
    let component = "    payment_intent:\n      title: PaymentIntent\n      description: A \
                     payment.\n      x-resourceId: payment_intent\n      type: object\n";
    let with = |schema: &str| {
        spec(false, schema).replace("    payment_intent:\n      type: object\n", component)
    };
    let object = "{type: object, properties: {payment_intent: {description: The invoice's \
                  payment., nullable: true, allOf: [{$ref: '#/components/schemas/payment_intent'}]}}}";
    let expandable = "{type: object, properties: {payment_intent: {description: The invoice's \
                      payment., nullable: true, x-expansionResources: {oneOf: [{$ref: \
                      '#/components/schemas/payment_intent'}]}, anyOf: [{type: string}, {$ref: \
                      '#/components/schemas/payment_intent'}]}}}";
    for (base, revision) in [(object, expandable), (expandable, object)] {
        let found: Vec<String> = findings(&with(base), &with(revision))
            .into_iter()
            .filter(|f| f.starts_with("schema-"))
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("x-expansionResources"), "{found:#?}");
    }
}

/// `anyOf [object, integer, string]` → `[object with properties, integer]` (Stripe's
/// `available_on`, audit repro changed-branch-reported-removed): the string branch went, and
/// the object branch — the only object on each side — is compared with its counterpart, not
/// called removed. Reversed, the mirror: the string branch added, the property removed.
#[test]
fn a_changed_branch_beside_a_removed_one_is_compared_not_removed() {
    let three = "{anyOf: [{type: object}, {type: integer}, {type: string}]}";
    let two = "{anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: integer}]}";
    let narrowed = "type narrowed from [integer, object, string] to [integer, object]";
    let widened = "type widened from [integer, object] to [integer, object, string]";
    for (request, side, added, removed) in [
        (
            true,
            "request",
            "request-property-added-optional: optional property `gt` added",
            "request-property-removed: property `gt` removed",
        ),
        (
            false,
            "response",
            "response-property-added: property `gt` added",
            "response-optional-property-removed: optional property `gt` removed",
        ),
    ] {
        let at = place(request);
        let branch = |finding: &str| {
            let (rule, message) = finding.split_once(": ").unwrap();
            format!("{rule}: {at} › <anyOf>: {message}")
        };
        assert_eq!(
            findings(&spec(request, three), &spec(request, two)),
            [
                branch(added),
                format!("{side}-type-narrowed: {at}: {narrowed}")
            ]
        );
        assert_eq!(
            findings(&spec(request, two), &spec(request, three)),
            [
                branch(removed),
                format!("{side}-type-widened: {at}: {widened}")
            ]
        );
    }
}

/// A free string became `anyOf: [string ≤ 500, string ≤ 5000]` (Stripe's `customer` of POST
/// /v1/charges, audit repro bound-named-from-tighter-branch), and back. The union accepts what
/// its widest branch does: what is refused (or may no longer come) is a string over 5000
/// characters, and the finding names 5000 — not 500, the bound of the first branch, which a
/// 501-character value still passes. Reversed, 5000 is the bound removed. In a request the
/// witness is a string just over the widest bound, refused by every branch. A schema that one
/// branch takes whole (`≤ 500` → the union) stays compared with that branch: the union's news is
/// its other branch, added.
#[test]
fn a_bound_is_named_from_the_widest_branch() {
    let plain = "{type: object, properties: {customer: {type: string}}}";
    let union = "{type: object, properties: {customer: {anyOf: [{type: string, maxLength: 500}, \
                 {type: string, maxLength: 5000}]}}}";
    for (request, side) in [(true, "request"), (false, "response")] {
        let at = format!("{} › customer", place(request));
        assert_eq!(
            findings(&spec(request, plain), &spec(request, union)),
            [format!(
                "{side}-max-length-set: {at}: maxLength set to 5000"
            )]
        );
        assert_eq!(
            findings(&spec(request, union), &spec(request, plain)),
            [format!(
                "{side}-max-length-removed: {at}: maxLength 5000 removed"
            )]
        );
        let fits = "{type: object, properties: {customer: {type: string, maxLength: 500}}}";
        assert_eq!(
            findings(&spec(request, fits), &spec(request, union)),
            [format!(
                "{side}-any-of-branch-added: {at}: anyOf branch string (branch 2) added"
            )]
        );
    }
    let dir = folder_with(&[
        ("base.yaml", &spec(true, plain)),
        ("revision.yaml", &spec(true, union)),
    ]);
    let out = weir_in(
        dir.path(),
        &["diff", "base.yaml", "revision.yaml", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let witness = &report["changes"][0]["witness"];
    let customer = witness["payload"]["customer"].as_str();
    assert!(
        witness["found"] == true
            && (witness["valid_in"] == "base" && witness["invalid_in"] == "revision")
            && customer.is_some_and(|s| s.chars().count() > 5000),
        "{witness}"
    );
}
