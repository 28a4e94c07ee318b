//! Issue 17 §3, conventions: `x-stability-level`, `deprecated` with `x-sunset`, and
//! `x-extensible-enum`, each on hand-written spec pairs through `weir diff`; and the `strict`
//! preset of weir.toml.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::folder_with;

/// Run weir in `dir` on the day `today`.
fn weir_on(dir: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weir"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("WEIR_TODAY", today)
        .output()
        .expect("weir runs")
}

/// `weir diff a.yaml b.yaml --format json` on `today`, in a temp folder that also holds
/// `weir.toml` when given: the exit code and the report (or stderr).
fn run(a: &str, b: &str, toml: Option<&str>, today: &str) -> (Option<i32>, String) {
    let mut files = vec![("a.yaml", a), ("b.yaml", b)];
    files.extend(toml.map(|t| ("weir.toml", t)));
    let dir = folder_with(&files);
    let o = weir_on(
        dir.path(),
        today,
        &["diff", "a.yaml", "b.yaml", "--format", "json"],
    );
    let out = if o.status.code() == Some(0) {
        String::from_utf8_lossy(&o.stdout).into_owned()
    } else {
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    (o.status.code(), out)
}

/// (rule, level) of every finding of a diff that must succeed.
fn verdicts_with(a: &str, b: &str, toml: Option<&str>, today: &str) -> Vec<(String, String)> {
    let (code, out) = run(a, b, toml, today);
    assert_eq!(code, Some(0), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["rule"].as_str().unwrap().to_string(),
                c["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn verdicts(a: &str, b: &str) -> Vec<(String, String)> {
    verdicts_with(a, b, None, "2026-01-01")
}

/// Test specs are built from a few short-lived strings.
fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn v(rule: &str, level: &str) -> (String, String) {
    (rule.into(), level.into())
}

/// A spec with `GET /items`: `operation` is extra YAML for the operation (indented 6),
/// `parameter` for its `q` query parameter (indented 10), `property` for its response's
/// `rating` property (indented 20), and `extra` other response properties (indented 18).
struct Items<'s> {
    operation: &'s str,
    parameter: &'s str,
    property: &'s str,
    extra: &'s str,
}

const PLAIN: Items<'static> = Items {
    operation: "",
    parameter: "",
    property: "",
    extra: "",
};

impl Items<'_> {
    fn spec(&self) -> String {
        let indent = |text: &str, n: usize| {
            text.lines()
                .map(|l| format!("{}{l}\n", " ".repeat(n)))
                .collect::<String>()
        };
        format!(
            "openapi: 3.0.3
info: {{title: items, version: 1.0.0}}
paths:
  /items:
    get:
{}      parameters:
        - name: q
          in: query
{}          schema: {{type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {{type: string}}
                  rating:
                    type: integer
{}{}",
            indent(self.operation, 6),
            indent(self.parameter, 10),
            indent(self.property, 20),
            indent(self.extra, 18),
        )
    }
}

// --- x-stability-level ---------------------------------------------------------------------

#[test]
fn an_item_unstable_in_the_base_may_break_and_one_made_unstable_now_may_not() {
    let with_note = Items {
        extra: "note: {type: string}",
        ..PLAIN
    };
    // Beta in the base: removing a response property is allowed.
    let beta = Items {
        operation: "x-stability-level: beta",
        ..with_note
    };
    let beta_without = Items {
        operation: "x-stability-level: beta",
        ..PLAIN
    };
    assert_eq!(
        verdicts(&beta.spec(), &beta_without.spec()),
        [v("response-optional-property-removed", "info")]
    );
    // Made beta in the same change: the lowering and the removal both count.
    assert_eq!(
        verdicts(&with_note.spec(), &beta_without.spec()),
        [
            v("endpoint-stability-decreased", "breaking"),
            v("response-optional-property-removed", "breaking"),
        ]
    );
    // Warnings are covered too: a removed query parameter on a beta endpoint.
    let beta_q = Items {
        operation: "x-stability-level: beta",
        parameter: "description: the query",
        ..PLAIN
    };
    let plain = verdicts(&PLAIN.spec(), &PLAIN.spec());
    assert!(plain.is_empty());
    let no_q = beta_q.spec().replace(
        "      parameters:\n        - name: q\n          in: query\n          description: the query\n          schema: {type: string}\n",
        "",
    );
    assert_eq!(
        verdicts(&beta_q.spec(), &no_q),
        [v("request-parameter-removed", "info")]
    );
}

#[test]
fn a_property_unstable_in_the_base_may_break_and_lowering_it_is_a_finding() {
    let alpha = Items {
        property: "x-stability-level: alpha",
        ..PLAIN
    };
    let integer_to_string = alpha.spec().replace(
        "rating:\n                    type: integer",
        "rating:\n                    type: string",
    );
    assert_eq!(
        verdicts(&alpha.spec(), &integer_to_string),
        [v("response-type-changed", "info")]
    );
    let stable = Items {
        property: "x-stability-level: stable",
        ..PLAIN
    };
    let beta = Items {
        property: "x-stability-level: beta",
        ..PLAIN
    };
    assert_eq!(
        verdicts(&stable.spec(), &beta.spec()),
        [v("schema-stability-decreased", "breaking")]
    );
    assert_eq!(
        verdicts(&beta.spec(), &stable.spec()),
        [v("schema-stability-increased", "info")]
    );
}

#[test]
fn a_stability_level_outside_the_vocabulary_is_an_error_at_its_place() {
    for (items, line) in [
        (
            Items {
                operation: "x-stability-level: experimental",
                ..PLAIN
            },
            "6:26",
        ),
        (
            Items {
                property: "x-stability-level: gamma",
                ..PLAIN
            },
            "21:40",
        ),
    ] {
        let (code, err) = run(&PLAIN.spec(), &items.spec(), None, "2026-01-01");
        assert_eq!(code, Some(2), "{err}");
        assert!(err.contains(&format!("b.yaml:{line}")), "{err}");
        assert!(err.contains("expected one of draft, alpha, beta"), "{err}");
    }
}

// --- deprecated and x-sunset ---------------------------------------------------------------

#[test]
fn removing_a_deprecated_item_is_breaking_before_its_sunset_and_info_after() {
    let deprecated = |sunset: &str| {
        Items {
            parameter: leak(format!("deprecated: true\nx-sunset: '{sunset}'")),
            ..PLAIN
        }
        .spec()
    };
    let removed = |spec: String| {
        spec.replace(
            "      parameters:\n        - name: q\n          in: query\n",
            "      parameters:\n        - name: other\n          in: query\n",
        )
    };
    let before = deprecated("2026-06-30");
    let gone = removed(before.clone());
    let levels = |today: &str| {
        verdicts_with(&before, &gone, None, today)
            .into_iter()
            .filter(|(r, _)| r.starts_with("request-parameter-removed"))
            .map(|(_, l)| l)
            .collect::<Vec<_>>()
    };
    assert_eq!(levels("2026-06-29"), ["breaking"]);
    assert_eq!(levels("2026-06-30"), ["info"]);
    // The Sunset header's form (RFC 8594) says the same day.
    let http = deprecated("Tue, 30 Jun 2026 00:00:00 GMT");
    let gone = removed(http.clone());
    let level = |today| {
        verdicts_with(&http, &gone, None, today)
            .into_iter()
            .find(|(r, _)| r.starts_with("request-parameter-removed"))
            .unwrap()
            .1
    };
    assert_eq!(level("2026-06-29"), "breaking");
    assert_eq!(level("2026-07-01"), "info");
}

/// Operations and properties alike (issue 17 §3): a deprecated operation or response property
/// removed before its sunset is breaking, on or after it info.
#[test]
fn removing_a_deprecated_operation_or_property_follows_its_sunset_like_a_parameter() {
    let sunset = "deprecated: true\nx-sunset: '2026-06-30'";
    let operation = Items {
        operation: sunset,
        ..PLAIN
    }
    .spec();
    // The revision answers only another path: GET /items is gone.
    let without_operation = PLAIN.spec().replace("  /items:\n", "  /others:\n");
    let property = Items {
        property: sunset,
        ..PLAIN
    }
    .spec();
    let without_property = PLAIN.spec().replace(
        "                  rating:\n                    type: integer\n",
        "",
    );
    assert!(!without_property.contains("rating"), "{without_property}");
    for (base, revision, rule) in [
        (
            &operation,
            &without_operation,
            "endpoint-removed-after-deprecation",
        ),
        (
            &property,
            &without_property,
            "response-deprecated-property-removed",
        ),
    ] {
        let level = |today: &str| {
            verdicts_with(base, revision, None, today)
                .into_iter()
                .find(|(r, _)| r == rule)
                .unwrap_or_else(|| panic!("{rule} on {today}"))
                .1
        };
        assert_eq!(level("2026-06-29"), "breaking", "{rule}");
        assert_eq!(level("2026-06-30"), "info", "{rule}");
    }
}

#[test]
fn a_sunset_moved_earlier_or_deleted_from_a_deprecated_item_is_a_warning() {
    let parameter = |extra: &'static str| {
        Items {
            parameter: extra,
            ..PLAIN
        }
        .spec()
    };
    let june = parameter("deprecated: true\nx-sunset: '2026-06-30'");
    let march = parameter("deprecated: true\nx-sunset: '2026-03-31'");
    assert_eq!(
        verdicts(&june, &march),
        [v("sunset-moved-earlier", "warning")]
    );
    assert_eq!(
        verdicts(&march, &june),
        [v("parameter-sunset-changed", "info")]
    );
    let property = |extra: &'static str| {
        Items {
            property: extra,
            ..PLAIN
        }
        .spec()
    };
    let dated = property("deprecated: true\nx-sunset: '2026-06-30'");
    let undated = property("deprecated: true");
    assert_eq!(
        verdicts(&dated, &undated),
        [v("sunset-removed-while-deprecated", "warning")]
    );
    // Deleted together with the deprecation: nothing is promised any more.
    let plain = verdicts(&dated, &PLAIN.spec());
    assert!(
        plain.contains(&v("property-sunset-changed", "info")),
        "{plain:?}"
    );
}

#[test]
fn an_unparsable_sunset_is_an_error_at_its_place() {
    let bad = Items {
        operation: "deprecated: true\nx-sunset: next spring",
        ..PLAIN
    };
    let (code, err) = run(&PLAIN.spec(), &bad.spec(), None, "2026-01-01");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("b.yaml:7:17"), "{err}");
    assert!(err.contains("RFC 8594"), "{err}");
}

#[test]
fn with_a_deprecation_period_a_new_deprecation_needs_a_sunset_that_far_ahead() {
    let toml = "[policy]\ndeprecation-days = 90\n";
    let deprecated = |extra: &'static str| {
        Items {
            operation: extra,
            ..PLAIN
        }
        .spec()
    };
    let cases = [
        ("deprecated: true", "warning"),
        ("deprecated: true\nx-sunset: '2026-02-01'", "warning"),
        ("deprecated: true\nx-sunset: '2026-04-01'", "info"),
    ];
    for (extra, level) in cases {
        let found = verdicts_with(&PLAIN.spec(), &deprecated(extra), Some(toml), "2026-01-01");
        let deprecation = found
            .iter()
            .find(|(r, _)| r == "endpoint-deprecated")
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(deprecation.1, level, "{extra}");
    }
    // Without the policy, deprecating is info whatever the sunset.
    let found = verdicts(&PLAIN.spec(), &deprecated("deprecated: true"));
    assert!(
        found.contains(&v("endpoint-deprecated", "info")),
        "{found:?}"
    );
}

// --- x-extensible-enum ---------------------------------------------------------------------

#[test]
fn extensible_enum_values_added_are_compatible_both_ways_and_removed_from_requests_breaking() {
    // The same list on the query parameter's schema and on the response's `rating`.
    let with = |values: &str| {
        PLAIN
            .spec()
            .replace(
                "schema: {type: string}",
                &format!("schema: {{type: string, x-extensible-enum: [{values}]}}"),
            )
            .replace(
            "rating:\n                    type: integer\n",
            &format!("rating:\n                    type: string\n                    x-extensible-enum: [{values}]\n"),
        )
    };
    assert_eq!(
        verdicts(&with("low, high"), &with("low, high, mid")),
        [
            v("request-enum-value-added", "info"),
            v("response-extensible-enum-value-added", "info"),
        ]
    );
    assert_eq!(
        verdicts(&with("low, high, mid"), &with("low, high")),
        [
            v("request-enum-value-removed", "breaking"),
            v("response-enum-value-removed", "info"),
        ]
    );
}

// --- the strict preset ---------------------------------------------------------------------

#[test]
fn the_strict_preset_makes_wider_responses_breaking_and_weir_toml_levels_win() {
    let enumerated = |values: &str| {
        Items {
            extra: leak(format!("kind: {{type: string, enum: [{values}]}}")),
            ..PLAIN
        }
        .spec()
    };
    let (a, b) = (enumerated("a, b"), enumerated("a, b, c"));
    let today = "2026-01-01";
    assert_eq!(
        verdicts_with(&a, &b, None, today),
        [v("response-enum-value-added", "warning")]
    );
    let strict = "[policy]\npreset = \"strict\"\n";
    assert_eq!(
        verdicts_with(&a, &b, Some(strict), today),
        [v("response-enum-value-added", "breaking")]
    );
    let mine = "[policy]\npreset = \"strict\"\n[rules]\nresponse-enum-value-added = \"info\"\n";
    assert_eq!(
        verdicts_with(&a, &b, Some(mine), today),
        [v("response-enum-value-added", "info")]
    );
    // A beta endpoint stays allowed.
    let beta = |s: String| s.replace("    get:\n", "    get:\n      x-stability-level: beta\n");
    assert_eq!(
        verdicts_with(&beta(a), &beta(b), Some(strict), today),
        [v("response-enum-value-added", "info")]
    );
    let (code, err) = run(
        &PLAIN.spec(),
        &PLAIN.spec(),
        Some("[policy]\npreset = \"strictest\"\n"),
        today,
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("weir.toml:2"), "{err}");
}
