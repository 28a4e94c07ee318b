//! One assessment for every command: a matrix of settings (a rule off, a level override, an
//! ignore by fingerprint, the deprecation policy, a consumer registry and its policy, a beta
//! endpoint) run through `weir diff`, `check`, `changelog`, `log` (JSON) and `bump` in one
//! repository. Every command must give the same level to the same finding, and the level the
//! setting asks for.

mod common;

use std::collections::BTreeMap;

use common::{Repo, stdout};
use serde_json::Value;

const V1: &str = "openapi: 3.1.0
info: {title: Matrix, version: 1.0.0}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer, maximum: 100}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  required: [id, name]
                  properties:
                    id: {type: integer}
                    name: {type: string}
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    delete:
      deprecated: true
      x-sunset: '2020-01-01'
      responses: {'204': {description: gone}}
    put:
      deprecated: true
      responses: {'204': {description: replaced}}
  /toys:
    get:
      x-stability-level: beta
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
  /orders:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {total: {type: string}}}
";

/// What changes: a request maximum lowered and a required response property removed (on
/// `GET /pets`, which the consumer uses), two deprecated operations removed (one past its
/// sunset), a parameter made required on a beta endpoint, and a response type changed on
/// `GET /orders`, which no consumer uses.
fn v2() -> String {
    V1.replace("version: 1.0.0", "version: 1.1.0")
        .replace("maximum: 100", "maximum: 50")
        .replace("required: [id, name]", "required: [id]")
        .replace("                    name: {type: string}\n", "")
        .replace(
            "    delete:\n      deprecated: true\n      x-sunset: '2020-01-01'\n      responses: {'204': {description: gone}}\n    put:\n      deprecated: true\n      responses: {'204': {description: replaced}}\n",
            "    get:\n      responses: {'200': {description: ok}}\n",
        )
        .replace(
            "{name: q, in: query, schema: {type: string}}",
            "{name: q, in: query, required: true, schema: {type: string}}",
        )
        .replace("total: {type: string}", "total: {type: integer}")
}

const SPEC: &str = "[[spec]]\npath = \"api/openapi.yaml\"\n";

const CONSUMER: &str = "name: shop
uses:
  - operation: GET /pets
    sends: [query:limit]
    reads: ['[].id', '[].name']
";

/// Release 1.0.0 on 2024-01-01, then 1.1.0 committed on 2024-03-01 (not tagged).
fn repo() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", V1);
    r.commit_at("release 1.0.0", "2024-01-01T00:00:00Z");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", &v2());
    r.commit_at("1.1.0", "2024-03-01T00:00:00Z");
    r
}

const TODAY: &str = "2024-06-01";

/// Rule and message → level, from a list of JSON findings.
type Levels = BTreeMap<String, String>;

/// The findings' levels. The version change is left out: release notes do not list it (it is
/// the release itself).
fn levels<'v>(items: impl IntoIterator<Item = &'v Value>) -> Levels {
    items
        .into_iter()
        .filter(|f| f["rule"] != "api-version-changed")
        .map(|f| {
            (
                format!("{} {}", f["rule"].as_str().unwrap(), f["message"]),
                f["level"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn run_json(r: &Repo, args: &[&str], exits: &[i32]) -> Value {
    let o = r.weir_on(TODAY, args);
    assert!(
        exits.contains(&o.status.code().unwrap_or(-1)),
        "weir {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("weir {args:?}: {e}"))
}

/// The findings of each command, and the version `weir bump` proposes.
struct Verdicts {
    by_command: Vec<(&'static str, Levels)>,
    diff: Value,
    bump: String,
}

fn verdicts(r: &Repo) -> Verdicts {
    let (base, revision) = ("v1.0.0:api/openapi.yaml", "api/openapi.yaml");
    let diff = run_json(r, &["diff", base, revision, "--format", "json"], &[0]);
    let check = run_json(r, &["check", "--format", "json"], &[0, 1]);
    let changelog = run_json(r, &["changelog", base, revision, "--format", "json"], &[0]);
    let log = run_json(r, &["log", "--format", "json"], &[0]);
    let bump = stdout(&r.weir_on(TODAY, &["bump"])).trim().to_string();
    let commits = log["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 2, "{log}");
    let sections = changelog["sections"].as_object().unwrap();
    Verdicts {
        by_command: vec![
            ("diff", levels(diff["changes"].as_array().unwrap())),
            (
                "check",
                levels(check["diff"]["changes"].as_array().unwrap()),
            ),
            (
                "changelog",
                levels(sections.values().flat_map(|s| s.as_array().unwrap())),
            ),
            ("log", levels(commits[1]["changes"].as_array().unwrap())),
        ],
        diff,
        bump,
    }
}

/// The level every command gave the finding whose rule (and message) contains `needle`;
/// `None` when no command reports it. Fails when commands disagree.
fn level_of(v: &Verdicts, needle: &str) -> Option<String> {
    let mut seen = BTreeMap::new();
    for (command, levels) in &v.by_command {
        let hits: Vec<&String> = levels
            .iter()
            .filter(|(k, _)| k.contains(needle))
            .map(|(_, l)| l)
            .collect();
        assert!(
            hits.len() <= 1,
            "{command}: several findings match {needle}"
        );
        seen.insert(*command, hits.first().map(|l| l.to_string()));
    }
    let first = seen.values().next().unwrap().clone();
    assert!(
        seen.values().all(|l| *l == first),
        "commands disagree on {needle}: {seen:?}"
    );
    first
}

fn assert_same_everywhere(v: &Verdicts) {
    let (first, reference) = &v.by_command[0];
    for (command, levels) in &v.by_command[1..] {
        assert_eq!(levels, reference, "{command} and {first} disagree");
    }
    // `weir bump` proposes what the findings' bump calls for.
    let expected = match v.diff["summary"]["bump"].as_str().unwrap() {
        "major" => "2.0.0",
        "minor" => "1.1.0",
        "patch" => "1.0.1",
        _ => "1.0.0",
    };
    assert_eq!(v.bump, expected, "weir bump against the diff's bump");
}

/// One row of the matrix: weir.toml (after the spec entry), whether the consumer registry
/// exists, and the level expected of each finding (`None`: not reported).
struct Row {
    name: &'static str,
    toml: String,
    registry: bool,
    expect: Vec<(&'static str, Option<&'static str>)>,
}

const MAXIMUM: &str = "request-maximum-decreased";
const PROPERTY: &str = "response-required-property-removed";
const SUNSET: &str = "DELETE /pets/{id}";
const NO_SUNSET: &str = "PUT /pets/{id}";
const BETA: &str = "request-parameter-became-required";
const ORDERS: &str = "response-type-changed";

fn defaults() -> Vec<(&'static str, Option<&'static str>)> {
    vec![
        (MAXIMUM, Some("breaking")),
        (PROPERTY, Some("breaking")),
        // Its x-sunset has passed: allowed with or without a deprecation period.
        (SUNSET, Some("info")),
        (NO_SUNSET, Some("warning")),
        // x-stability-level: beta — allowed, in every command.
        (BETA, Some("info")),
        (ORDERS, Some("breaking")),
    ]
}

fn with(
    changes: &[(&'static str, Option<&'static str>)],
) -> Vec<(&'static str, Option<&'static str>)> {
    let mut out = defaults();
    for (needle, level) in changes {
        out.iter_mut().find(|(n, _)| n == needle).unwrap().1 = *level;
    }
    out
}

#[test]
fn every_command_gives_the_same_verdict_for_the_same_finding() {
    let r = repo();
    r.write("weir.toml", SPEC);
    let plain = verdicts(&r);
    // The fingerprint of the removed property, as `weir diff` prints it.
    let fingerprint = plain.diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == PROPERTY)
        .expect("the property removal is found")["fingerprint"]
        .as_str()
        .unwrap()
        .to_string();

    let rows = vec![
        Row {
            name: "defaults",
            toml: String::new(),
            registry: false,
            expect: defaults(),
        },
        Row {
            name: "rule off",
            toml: format!("[rules]\n{MAXIMUM} = \"off\"\n"),
            registry: false,
            expect: with(&[(MAXIMUM, None)]),
        },
        Row {
            name: "level override",
            toml: format!("[rules]\n{ORDERS} = \"warning\"\n"),
            registry: false,
            expect: with(&[(ORDERS, Some("warning"))]),
        },
        Row {
            name: "ignore by fingerprint",
            toml: format!(
                "[[ignore]]\nfingerprint = \"{fingerprint}\"\nreason = \"agreed\"\nexpires = 2999-01-01\n"
            ),
            registry: false,
            expect: with(&[(PROPERTY, None)]),
        },
        Row {
            // Deprecated on 2024-01-01, removed on 2024-03-01, judged on 2024-06-01.
            name: "deprecation policy, period passed",
            toml: "[policy]\ndeprecation-days = 30\n".into(),
            registry: false,
            expect: with(&[(NO_SUNSET, Some("info"))]),
        },
        Row {
            name: "deprecation policy, period not passed",
            toml: "[policy]\ndeprecation-days = 365\n".into(),
            registry: false,
            expect: with(&[(NO_SUNSET, Some("breaking"))]),
        },
        Row {
            name: "consumer registry not declared complete: an unused break stays breaking",
            toml: String::new(),
            registry: true,
            expect: defaults(),
        },
        Row {
            name: "complete consumer registry: an unused break is a warning",
            toml: "[consumers]\ncomplete = true\n".into(),
            registry: true,
            expect: with(&[(ORDERS, Some("warning"))]),
        },
        Row {
            name: "complete consumer registry: unused breaks stay breaking",
            toml: "[consumers]\ncomplete = true\nunused-breaking = \"breaking\"\n".into(),
            registry: true,
            expect: defaults(),
        },
    ];
    for row in rows {
        r.write("weir.toml", &format!("{SPEC}{}", row.toml));
        let consumers = r.path().join("consumers");
        if row.registry {
            r.write("consumers/shop.yaml", CONSUMER);
        } else if consumers.exists() {
            std::fs::remove_dir_all(&consumers).unwrap();
        }
        let v = verdicts(&r);
        assert_same_everywhere(&v);
        for (needle, expected) in &row.expect {
            assert_eq!(
                level_of(&v, needle).as_deref(),
                *expected,
                "{}: {needle}",
                row.name
            );
        }
    }
}

/// Each stage that moves a finding's level says so on the finding, in order, with its reason:
/// what lets every command list downgraded findings and why.
#[test]
fn a_finding_records_each_stage_that_moved_its_level() {
    use weir::assess::{Decisions, Pair, Settings, assess};
    use weir::vocabulary::{Level, Stage};

    let base = common::spec_from_text("base.yaml", V1);
    let revision = common::spec_from_text("revision.yaml", &v2());
    let mut config: weir::Config =
        toml::from_str(&format!("[rules]\n{BETA} = \"warning\"\n")).unwrap();
    config.source = Some("".into());
    let settings = Settings {
        decisions: Decisions::from_config(&config, None, 0).unwrap(),
        ..Settings::default()
    };
    let changes = weir::diff(&base, &revision);
    let found = assess(&Pair::new(&base, &revision), changes, &settings).findings;
    let beta = found
        .iter()
        .find(|f| f.rule == BETA)
        .expect("the beta change");
    // The rule says breaking; x-stability-level: beta lowers it; weir.toml sets a warning.
    assert_eq!(beta.rule_level(), Level::Breaking);
    assert_eq!(beta.level, Level::Warning);
    assert!(beta.downgraded());
    let stages: Vec<(Stage, Level, Level)> = beta
        .adjustments
        .iter()
        .map(|a| (a.stage, a.before.0, a.after.0))
        .collect();
    assert_eq!(
        stages,
        [
            (Stage::Stability, Level::Breaking, Level::Info),
            (Stage::Config, Level::Info, Level::Warning),
        ]
    );
    assert!(
        beta.adjustments[0]
            .reason
            .contains("x-stability-level is `beta`")
    );
    assert!(beta.adjustments[1].reason.contains("by weir.toml"));
    // An untouched finding has no adjustments and its rule's level.
    let maximum = found.iter().find(|f| f.rule == MAXIMUM).unwrap();
    assert!(maximum.adjustments.is_empty() && !maximum.downgraded());
}
