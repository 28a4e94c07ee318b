//! `weir mock`'s two modes over real HTTP: revision mode names the breaking change behind a
//! request the base accepted and the revision refuses (rule and fingerprint from the same
//! assessment `weir diff` makes), and `--record` writes a consumer manifest that validates
//! against `schemas/consumer.schema.json`, merges an existing one, and makes `weir check`
//! name the consumer.

mod common;
mod mock_support;

use common::*;
use mock_support::Running;
use serde_json::Value;

const BASE: &str = "fixtures/examples/petstore-v1.yaml";
const REVISION: &str = "fixtures/examples/petstore-v2.yaml";

/// `weir diff`'s findings: rule → fingerprint.
fn diff_fingerprint(rule: &str) -> String {
    let o = weir(&["diff", BASE, REVISION, "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rule"] == rule)
        .unwrap_or_else(|| panic!("weir diff has no {rule}"))["fingerprint"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn revision_mode_names_the_change_behind_each_newly_refused_request() {
    let m = Running::start(&[BASE, REVISION]);
    // v1 took `limit=80` and no `species`; v2 caps limit at 50 and requires species.
    let r = m.get("/pets?limit=80", &[]);
    assert_eq!(r.status, 400);
    let problem = r.json();
    let breaking: Vec<(&str, &str)> = problem["breaking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["rule"].as_str().unwrap(),
                b["fingerprint"].as_str().unwrap(),
            )
        })
        .collect();
    let maximum = diff_fingerprint("request-maximum-decreased");
    let species = diff_fingerprint("request-parameter-added-required");
    assert_eq!(
        breaking,
        [
            ("request-maximum-decreased", maximum.as_str()),
            ("request-parameter-added-required", species.as_str()),
        ]
    );
    let log = m.log_containing(&species);
    assert!(
        log.iter().any(
            |l| l.contains("breaks it: request-parameter-added-required (breaking)")
                && l.contains(&species)
        ),
        "{log:?}"
    );
    // A body the base took and the revision caps (maxLength 64 → 32).
    let long = format!(r#"{{"name": "{}"}}"#, "x".repeat(40));
    let r = m.send(
        "POST",
        "/pets",
        &[("Content-Type", "application/json")],
        long.as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(
        r.json()["breaking"][0]["rule"],
        "request-max-length-decreased"
    );
    // Refused by both: not a break of the revision's.
    let r = m.get("/pets?limit=500&species=cat", &[]);
    assert_eq!(r.status, 400);
    assert!(r.json().get("breaking").is_none());
    // Accepted by the revision: nothing to say.
    assert_eq!(m.get("/pets?species=cat", &[]).status, 200);
}

#[test]
fn revision_mode_names_a_removed_operation() {
    let m = Running::start(&[BASE, REVISION]);
    let r = m.send("DELETE", "/pets/1", &[], b"");
    assert_eq!(r.status, 405);
    assert_eq!(
        r.json()["breaking"][0]["rule"],
        "endpoint-removed-after-deprecation"
    );
}

#[test]
fn recording_writes_a_manifest_that_weir_check_knows() {
    // A repository whose v1.4.0 release is the base and whose working tree is the revision.
    let repo = Repo::new();
    let read = |rel: &str| std::fs::read_to_string(root().join(rel)).unwrap();
    repo.write("api.yaml", &read(BASE));
    repo.commit("v1.4.0");
    repo.git(&["tag", "v1.4.0"]);
    repo.write("api.yaml", &read(REVISION));
    // An existing manifest: its owner and its uses stay.
    repo.write(
        "consumers/mobile-app.json",
        r#"{"name": "mobile-app", "owner": "team-mobile", "uses": ["GET /pets/{id}"]}"#,
    );
    let manifest = repo.path().join("consumers/mobile-app.json");

    // The consumer's tests run against the release it uses, read from git.
    let m = Running::start_in(
        repo.path(),
        &["v1.4.0:api.yaml", "--record", "consumers/mobile-app.json"],
    );
    assert_eq!(m.get("/pets?limit=80&status=sold", &[]).status, 200);
    let body = br#"{"name": "Rex", "tags": ["a"], "owner": {"name": "Ann"}}"#;
    let r = m.send(
        "POST",
        "/pets",
        &[("Content-Type", "application/json")],
        body,
    );
    assert_eq!(r.status, 201, "{}", r.text());
    assert_eq!(m.get("/pets/1", &[]).status, 200);
    assert_eq!(m.stop().code(), Some(0));

    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(&read("schemas/consumer.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&written), "{written:#}");
    assert_eq!(written["owner"], "team-mobile");
    assert_eq!(
        written["uses"],
        serde_json::json!([
            "GET /pets/{id}",
            {"operation": "GET /pets", "sends": ["query:limit", "query:status"]},
            {"operation": "POST /pets", "sends": ["/name", "/owner/name", "/tags/*"]}
        ])
    );

    // The release gate now knows this consumer, and that the revision breaks it.
    let o = repo.weir(&[
        "check",
        "--spec",
        "api.yaml",
        "--consumers",
        "consumers",
        "--format",
        "json",
    ]);
    let report: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&o), stderr(&o)));
    let broken: Vec<&str> = report["consumers"]["consumers"]
        .as_array()
        .unwrap_or_else(|| panic!("{report:#}"))
        .iter()
        .filter(|c| c["status"] == "broken")
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(broken, ["mobile-app"], "{report:#}");
    assert_eq!(o.status.code(), Some(1), "a broken consumer fails the gate");
}

#[test]
fn revision_mode_says_when_no_finding_explains_a_refusal() {
    // The revision adds a required query parameter; weir.toml turns the rule that reports it
    // off, so the refusal is one the findings do not explain: a gap the log must show.
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| std::fs::write(dir.path().join(rel), text).unwrap();
    write("base.yaml", &pets_spec("1.0.0", false));
    write("next.yaml", &pets_spec("1.1.0", true));
    write(
        "weir.toml",
        "[rules]\nrequest-parameter-added-required = \"off\"\n",
    );
    let m = Running::start_in(
        dir.path(),
        &["base.yaml", "next.yaml", "--config", "weir.toml", "-q"],
    );
    let r = m.get("/pets", &[]);
    assert_eq!(r.status, 400);
    assert!(r.json().get("breaking").is_none(), "{}", r.text());
    let gap = "the base accepts this request, and no finding names the change that refuses it";
    let log = m.log_containing(gap);
    assert!(
        log.iter().any(|l| l.starts_with("GET /pets 400")),
        "quiet or not, the refusal is logged: {log:?}"
    );
    assert!(log.iter().any(|l| l.contains(gap)), "{log:?}");
    // Accepted by the revision: nothing logged when quiet (the next refusal's line is).
    assert_eq!(m.get("/pets?owner=ann", &[]).status, 200);
    assert_eq!(m.get("/pets?limit=1", &[]).status, 400);
    let log = m.log_containing("GET /pets?limit=1 400");
    assert!(
        log.iter().any(|l| l.starts_with("GET /pets?limit=1 400")),
        "{log:?}"
    );
    assert!(!log.iter().any(|l| l.contains("owner=ann")), "{log:?}");
}
