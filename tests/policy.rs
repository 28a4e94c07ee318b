//! Issue 17 §1, levels: hand-written spec pairs for what weir calls breaking, and the policies
//! around it (the consumer registry's unused-break policy, the `strict` preset).

mod common;

use common::*;
use serde_json::Value;

/// `weir diff a b --format json` in a temp folder holding `files` (a `weir.toml`, consumer
/// manifests…); the report, after checking the exit code is 0.
fn diff_in(a: &str, b: &str, files: &[(&str, &str)]) -> Value {
    let specs = [("a.yaml", a), ("b.yaml", b)];
    let dir = folder_with(&[files, &specs].concat());
    let o = weir_in(
        dir.path(),
        &["diff", "a.yaml", "b.yaml", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// (rule, level, bump) of every finding.
fn verdicts(report: &Value) -> Vec<(String, String, String)> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("level"), s("bump"))
        })
        .collect()
}

fn verdict(rule: &str, level: &str, bump: &str) -> (String, String, String) {
    (rule.into(), level.into(), bump.into())
}

/// The one finding of `rule`.
fn finding<'v>(report: &'v Value, rule: &str) -> &'v Value {
    let found: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["rule"] == rule)
        .collect();
    assert_eq!(found.len(), 1, "{rule} in {report:#}");
    found[0]
}

/// A spec with one operation, `GET /orders/{id}`, whose 200 response is `response`, and one,
/// `POST /orders`, whose JSON request body is `request`.
fn orders(request: &str, response: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: orders, version: 1.0.0}}
paths:
  /orders:
    post:
      requestBody:
        content:
          application/json:
            schema: {request}
      responses:
        '204': {{description: created}}
  /orders/{{id}}:
    get:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {response}
"
    )
}

const ORDER: &str =
    "{type: object, required: [id], properties: {id: {type: string}, parent: {type: string}}}";
const ORDER_WITHOUT_PARENT: &str =
    "{type: object, required: [id], properties: {id: {type: string}}}";
const PLAIN: &str = "{type: object}";

#[test]
fn an_optional_response_property_removed_is_breaking() {
    let report = diff_in(
        &orders(PLAIN, ORDER),
        &orders(PLAIN, ORDER_WITHOUT_PARENT),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict(
            "response-optional-property-removed",
            "breaking",
            "major"
        )]
    );
}

fn reader(reads: &str) -> String {
    format!("name: shop\nuses:\n  - operation: GET /orders/{{id}}\n    reads: [{reads}]\n")
}

#[test]
fn an_optional_response_property_no_consumer_reads_goes_through_the_unused_break_policy() {
    let (a, b) = (orders(PLAIN, ORDER), orders(PLAIN, ORDER_WITHOUT_PARENT));
    // The one consumer reads only `id`: nobody loses `parent`. Only a registry declared
    // complete may downgrade it (a downgraded break needs just a patch release).
    let config = "[consumers]\ndir = \"consumers\"\ncomplete = true\n";
    let report = diff_in(
        &a,
        &b,
        &[
            ("weir.toml", config),
            ("consumers/shop.yaml", &reader("id")),
        ],
    );
    let f = finding(&report, "response-optional-property-removed");
    assert_eq!(
        (&f["level"], &f["bump"]),
        (&"warning".into(), &"patch".into())
    );
    assert!(
        f["note"]
            .as_str()
            .unwrap()
            .contains("no registered consumer uses this"),
        "{f}"
    );
    // A registry not declared complete may miss consumers: it stays breaking.
    let partial = diff_in(
        &a,
        &b,
        &[
            ("weir.toml", "[consumers]\ndir = \"consumers\"\n"),
            ("consumers/shop.yaml", &reader("id")),
        ],
    );
    let f = finding(&partial, "response-optional-property-removed");
    assert_eq!(f["level"], "breaking");
    // A consumer that reads it keeps it breaking, and is named.
    let report = diff_in(
        &a,
        &b,
        &[
            ("weir.toml", config),
            ("consumers/shop.yaml", &reader("id, parent")),
        ],
    );
    let f = finding(&report, "response-optional-property-removed");
    assert_eq!(f["level"], "breaking");
    assert_eq!(f["consumers"], serde_json::json!(["shop"]));
}

#[test]
fn a_property_removed_from_an_open_request_object_is_a_warning_and_from_a_closed_one_breaking() {
    let open = "{type: object, properties: {id: {type: string}, note: {type: string}}}";
    let report = diff_in(
        &orders(open, PLAIN),
        &orders(&open.replace(", note: {type: string}", ""), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict("request-property-removed", "warning", "major")]
    );
    let closed = "{type: object, additionalProperties: false, properties: {id: {type: string}, note: {type: string}}}";
    let report = diff_in(
        &orders(closed, PLAIN),
        &orders(&closed.replace(", note: {type: string}", ""), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict(
            "request-property-removed-from-closed-object",
            "breaking",
            "major"
        )]
    );
}

#[test]
fn read_only_never_counts_in_requests_and_write_only_never_in_responses() {
    // One closed schema used both ways: `created` is read-only, `secret` write-only.
    let both = "{type: object, additionalProperties: false, required: [id, created, secret], properties: {id: {type: string}, created: {type: string, readOnly: true}, secret: {type: string, writeOnly: true}}}";
    let no_created = "{type: object, additionalProperties: false, required: [id, secret], properties: {id: {type: string}, secret: {type: string, writeOnly: true}}}";
    let no_secret = "{type: object, additionalProperties: false, required: [id, created], properties: {id: {type: string}, created: {type: string, readOnly: true}}}";
    // Removing the read-only property: responses lose a required field, requests nothing.
    let report = diff_in(&orders(both, both), &orders(no_created, no_created), &[]);
    assert_eq!(
        verdicts(&report),
        [
            verdict("request-read-only-property-removed", "info", "none"),
            verdict("response-required-property-removed", "breaking", "major"),
        ]
    );
    // Removing the write-only one: the closed request refuses it now, responses are as they
    // were.
    let report = diff_in(&orders(both, both), &orders(no_secret, no_secret), &[]);
    assert_eq!(
        verdicts(&report),
        [
            verdict(
                "request-property-removed-from-closed-object",
                "breaking",
                "major"
            ),
            verdict("response-write-only-property-removed", "info", "none"),
        ]
    );
    // Requiring them counts only where they count: `secret` in requests, `created` in
    // responses.
    let optional = both.replace("required: [id, created, secret]", "required: [id]");
    let report = diff_in(&orders(&optional, &optional), &orders(both, both), &[]);
    let found: Vec<(String, String)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().into(),
                c["message"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, "request-property-became-required");
    assert!(found[0].1.contains("secret"), "{found:?}");
    assert_eq!(found[1].0, "response-property-became-required");
    assert!(found[1].1.contains("created"), "{found:?}");
}

/// The README's table of what weir calls breaking: every "`rule-id`: level, bump" it states.
fn readme_table_verdicts() -> Vec<(String, String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("### What weir calls breaking, and why")
        .nth(1)
        .expect("the README has the table")
        .split("\n\n")
        .find(|block| block.starts_with("| change"))
        .expect("a table follows the heading");
    let mut found = Vec::new();
    for cell in table.lines().skip(2).flat_map(|row| row.split('|')) {
        // "`id`: level, bump", possibly twice in a cell.
        for part in cell.split('`').collect::<Vec<_>>().windows(2) {
            let (id, rest) = (part[0], part[1]);
            let Some(verdict) = rest.strip_prefix(": ") else {
                continue;
            };
            let mut words = verdict.split([',', ' ']).filter(|w| !w.is_empty());
            let (level, bump) = (words.next().unwrap(), words.next().unwrap());
            found.push((id.to_string(), level.to_string(), bump.to_string()));
        }
    }
    found
}

#[test]
fn the_readme_table_states_the_rules_own_levels_and_bumps() {
    let stated = readme_table_verdicts();
    assert!(stated.len() >= 40, "{stated:?}");
    for (id, level, bump) in stated {
        let rule = weir::catalogue()
            .get(&id)
            .unwrap_or_else(|| panic!("the README names `{id}`, which is no rule"));
        assert_eq!(
            (rule.level.to_string(), rule.bump.to_string()),
            (level, bump),
            "README row for `{id}`"
        );
    }
}

/// `{type: string, format: F}`.
fn formatted(format: &str) -> String {
    format!("{{type: string, format: {format}}}")
}

#[test]
fn a_format_changed_to_an_unrelated_one_is_breaking_both_ways_and_the_relation_is_data() {
    let object = |f: &str| format!("{{type: object, properties: {{at: {}}}}}", formatted(f));
    for (before, after) in [
        ("date", "date-time"),
        ("date-time", "date"),
        ("uuid", "uri"),
    ] {
        let report = diff_in(
            &orders(&object(before), &object(before)),
            &orders(&object(after), &object(after)),
            &[],
        );
        assert_eq!(
            verdicts(&report),
            [
                verdict("request-format-changed", "breaking", "major"),
                verdict("response-format-changed", "breaking", "major"),
            ],
            "{before} → {after}"
        );
    }
    // Formats that lie within others, transitively (int8 ⊂ int16 ⊂ int32), keep their
    // direction: wider in requests is not breaking, narrower is.
    let int =
        |f: &str| format!("{{type: object, properties: {{n: {{type: integer, format: {f}}}}}}}");
    let report = diff_in(
        &orders(&int("int8"), PLAIN),
        &orders(&int("int32"), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict("request-format-widened", "warning", "minor")]
    );
    let report = diff_in(
        &orders(&int("int32"), PLAIN),
        &orders(&int("int8"), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict("request-format-narrowed", "breaking", "major")]
    );
}

#[test]
fn a_name_added_to_required_counts_even_when_its_property_definition_is_removed() {
    let before =
        "{type: object, required: [id], properties: {id: {type: string}, note: {type: string}}}";
    let after = "{type: object, required: [id, note], properties: {id: {type: string}}}";
    let report = diff_in(&orders(before, PLAIN), &orders(after, PLAIN), &[]);
    assert_eq!(
        verdicts(&report),
        [
            verdict("request-property-removed", "warning", "major"),
            verdict("request-property-became-required", "breaking", "major"),
        ]
    );
    assert!(
        finding(&report, "request-property-became-required")["message"]
            .as_str()
            .unwrap()
            .contains("note")
    );
    // Removing a property that stays optional is only the removal.
    let after = "{type: object, required: [id], properties: {id: {type: string}}}";
    let report = diff_in(&orders(before, PLAIN), &orders(after, PLAIN), &[]);
    assert_eq!(
        verdicts(&report),
        [verdict("request-property-removed", "warning", "major")]
    );
}

/// A request body that is one of two payment methods, told apart by `kind`.
fn payment(card_kinds: &str, bank_kinds: &str) -> String {
    format!(
        "{{oneOf: [{{type: object, required: [kind], properties: {{kind: {{type: string, enum: [{card_kinds}]}}}}}}, {{type: object, required: [kind], properties: {{kind: {{type: string, enum: [{bank_kinds}]}}}}}}]}}"
    )
}

#[test]
fn a_request_change_that_makes_valid_values_match_two_one_of_branches_is_breaking() {
    // The bank branch also accepts `card` now: `{kind: card}` matches both and is refused.
    let report = diff_in(
        &orders(&payment("card", "bank"), PLAIN),
        &orders(&payment("card", "bank, card"), PLAIN),
        &[],
    );
    let f = finding(&report, "request-enum-value-added");
    assert_eq!(
        (&f["level"], &f["bump"]),
        (&"breaking".into(), &"major".into())
    );
    assert!(
        f["note"]
            .as_str()
            .unwrap()
            .contains("now matches 2 branches"),
        "{f}"
    );
    // A value no branch matched before does not count.
    let report = diff_in(
        &orders(&payment("card", "bank"), PLAIN),
        &orders(&payment("card", "bank, wallet"), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict("request-enum-value-added", "info", "minor")]
    );
    // Nor does a value on which the base was already ambiguous: both branches accept `card`,
    // so no client could send it before either.
    let report = diff_in(
        &orders(&payment("card", "bank, card"), PLAIN),
        &orders(&payment("card, cash", "bank, card"), PLAIN),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict("request-enum-value-added", "info", "minor")]
    );
}

/// Each case of `fixtures/semantics/<case>`: (rule, level, bump) of every finding, and the
/// notes.
fn semantics_case(case: &str) -> (Vec<(String, String, String)>, Vec<String>) {
    let side =
        |s: &str| std::fs::read_to_string(fixture(&format!("semantics/{case}/{s}.yaml"))).unwrap();
    let report = diff_in(&side("base"), &side("revision"), &[]);
    let notes = report["changes"].as_array().unwrap().iter();
    let notes = notes.filter_map(|c| c["note"].as_str().map(str::to_string));
    (verdicts(&report), notes.collect())
}

#[test]
fn a_request_union_restructured_so_valid_values_match_two_one_of_branches_is_breaking() {
    // A branch beside the only one, or beside two, taking strings the old one took: `"a"`
    // matches both string branches now. The existing finding is upgraded; no second one.
    for case in [
        "one-of-branch-added-beside-sole-branch-overlaps",
        "one-of-branch-added-overlaps-another",
    ] {
        let (found, notes) = semantics_case(case);
        assert_eq!(
            found,
            [verdict("request-one-of-branch-added", "breaking", "major")],
            "{case}"
        );
        assert_eq!(
            notes,
            [
                "oneOf accepts exactly one branch: \"a\", valid before, now matches 2 branches and is refused"
            ],
            "{case}"
        );
    }
    // A plain string became a `oneOf` of it and its emails: every email address is refused.
    let (found, notes) = semantics_case("plain-to-one-of-overlapping-branches");
    assert_eq!(
        found,
        [verdict("request-one-of-branch-added", "breaking", "major")]
    );
    assert!(notes[0].contains("\"someone@example.com\", valid before, now matches 2"));
    // `string` → `oneOf: [≤ 500, ≤ 5000]`: maxLength set to 5000 breaks already, and its note
    // says the short strings, most of what is sent, are refused too.
    let (found, notes) = semantics_case("plain-to-one-of-nested-bounds");
    assert_eq!(
        found,
        [verdict("request-max-length-set", "breaking", "major")]
    );
    assert!(notes[0].contains("now matches 2 branches"), "{notes:?}");
    // With `anyOf` a value may match several branches: nothing is refused but the long strings.
    let (found, notes) = semantics_case("any-of-branch-added-overlaps-no-break");
    assert_eq!(
        found,
        [verdict("request-any-of-branch-added", "info", "minor")]
    );
    assert!(notes.is_empty());
    let (found, _) = semantics_case("plain-to-any-of-overlapping-branches");
    assert!(found.is_empty(), "{found:?}");
    let (found, notes) = semantics_case("plain-to-any-of-nested-bounds");
    assert_eq!(
        found,
        [verdict("request-max-length-set", "breaking", "major")]
    );
    assert!(notes.is_empty());
    // In a response the same edits stay what they were: a value matching two branches is the
    // server's to avoid.
    let (found, notes) = semantics_case("response-one-of-branch-added-overlaps");
    assert_eq!(
        found,
        [verdict("response-one-of-branch-added", "warning", "minor")]
    );
    assert!(notes.is_empty());
    let (found, _) = semantics_case("response-plain-to-one-of-overlapping-branches");
    assert!(found.is_empty(), "{found:?}");
    let (found, notes) = semantics_case("response-plain-to-one-of-nested-bounds");
    assert_eq!(found, [verdict("response-max-length-set", "info", "patch")]);
    assert!(notes.is_empty());
}

/// `GET /events?filter=…` with `filter`'s schema and style as given.
fn filtered(schema: &str, style: &str) -> String {
    format!(
        "openapi: 3.0.3
info: {{title: events, version: 1.0.0}}
paths:
  /events:
    get:
      parameters:
        - name: filter
          in: query
          {style}
          schema: {schema}
      responses:
        '200': {{description: ok}}
"
    )
}

/// form → deepObject: for an object the bytes move (`gt=1` becomes `filter[gt]=1`), a real
/// break; for an array deepObject defines no bytes at all, so weir warns instead of claiming a
/// break it cannot show (the Stripe audit's `expand` arrays, docs/audit/repros/deepobject-on-array).
#[test]
fn deep_object_breaks_an_object_parameter_and_is_a_warning_on_an_array() {
    let object = "{type: object, properties: {gt: {type: integer}}}";
    let report = diff_in(
        &filtered(object, ""),
        &filtered(object, "style: deepObject"),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict(
            "request-parameter-style-changed",
            "breaking",
            "major"
        )]
    );
    let array = "{type: array, items: {type: string}}";
    let report = diff_in(
        &filtered(array, ""),
        &filtered(array, "style: deepObject"),
        &[],
    );
    assert_eq!(
        verdicts(&report),
        [verdict(
            "request-parameter-style-undefined-for-type",
            "warning",
            "minor"
        )]
    );
    // A single value is written `filter=x` by both: no change at all.
    let report = diff_in(
        &filtered("{type: string}", ""),
        &filtered("{type: string}", "style: deepObject"),
        &[],
    );
    assert_eq!(verdicts(&report), []);
}

/// An optional body removed is like a removed parameter: requests without it stay valid, those
/// with it are no longer read (a warning that needs a major version); a required one removed
/// is breaking (docs/audit/repros/optional-form-body-removed).
#[test]
fn an_optional_body_removed_is_a_warning_and_a_required_one_breaking() {
    let with = |required: bool| {
        format!(
            "openapi: 3.0.3
info: {{title: t, version: 1.0.0}}
paths:
  /customers/{{id}}:
    delete:
      parameters:
        - {{name: id, in: path, required: true, schema: {{type: string}}}}
      requestBody:
        required: {required}
        content:
          application/x-www-form-urlencoded:
            schema: {{type: object, properties: {{expand: {{type: array, items: {{type: string}}}}}}}}
      responses:
        '200': {{description: ok}}
"
        )
    };
    let without = with(false)
        .lines()
        .filter(|l| {
            !l.contains("requestBody")
                && !l.contains("required: false")
                && !l.contains("content:")
                && !l.contains("x-www-form")
                && !l.contains("schema: {type: object")
        })
        .map(|l| format!("{l}\n"))
        .collect::<String>();
    assert!(!without.contains("requestBody"), "{without}");
    let report = diff_in(&with(false), &without, &[]);
    assert_eq!(
        verdicts(&report),
        [verdict("request-body-removed-optional", "warning", "major")]
    );
    let report = diff_in(&with(true), &without, &[]);
    assert_eq!(
        verdicts(&report),
        [verdict("request-body-removed", "breaking", "major")]
    );
}
