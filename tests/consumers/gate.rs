//! `weir check` with a registry: a release that breaks a registered consumer fails the gate.

use serde_json::Value;

use crate::common::*;
use crate::{BASE, REGISTRY, REVISION, read};

/// A repository whose release v1.4.0 is the base fixture, with weir.toml naming the spec.
fn released() -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &read(BASE));
    r.write("weir.toml", "[[spec]]\npath = \"api/openapi.yaml\"\n");
    r.commit("release 1.4.0");
    r.git(&["tag", "v1.4.0"]);
    r
}

fn check(r: &Repo) -> (i32, String) {
    let o = r.weir(&["check"]);
    (
        o.status.code().unwrap(),
        format!("{}{}", stdout(&o), stderr(&o)),
    )
}

#[test]
fn weir_check_fails_when_a_registered_consumer_breaks() {
    let r = released();
    r.write(
        "api/openapi.yaml",
        &read(REVISION).replace("version: 1.5.0", "version: 2.0.0"),
    );
    for name in [
        "billing.yaml",
        "legacy-portal.yaml",
        "ios-app.json",
        "web-app.json",
    ] {
        r.write(
            &format!("consumers/{name}"),
            &read(&format!("{REGISTRY}/{name}")),
        );
    }
    // 2.0.0 is the major version the changes need, but the iOS app (pinned to nothing) reads
    // the tag whose type changed; the pinned consumers stay on 1.x.
    let (code, out) = check(&r);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — registered consumers break: ios-app"),
        "{out}"
    );
    assert!(
        out.contains("not on it   billing-service (team-billing, billing@example.com) — pinned to ^1.4; the revision is 2.0.0"),
        "{out}"
    );
    assert!(out.contains("not on it   legacy-portal"), "{out}");
    let o = r.weir(&["check", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["passed"], false);
    assert_eq!(v["verdict"], "consumers-broken");
    assert_eq!(v["version_verdict"], "pass");
    assert_eq!(consumer(&v, "ios-app")["status"], "broken");
    assert_eq!(consumer(&v, "billing-service")["status"], "pinned-out");

    // The app stops reading the tag and the phone: nothing it uses breaks.
    r.write(
        "consumers/ios-app.json",
        &read(&format!("{REGISTRY}/ios-app.json"))
            .replace(", \"tag\": \"fluffy\"", "")
            .replace(", \"phone\": \"555-0100\"", ""),
    );
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("PASS"), "{out}");
    assert!(out.contains("unaffected  web-app"), "{out}");
}

#[test]
fn weir_check_blocks_removing_a_deprecated_operation_a_consumer_still_lists() {
    let r = released();
    let base = read(BASE);
    let start = base.find("    delete:\n").unwrap();
    let end = base.find("  /stats:").unwrap();
    let revision = format!("{}{}", &base[..start], &base[end..]).replace("1.4.0", "2.0.0");
    r.write("api/openapi.yaml", &revision);
    // Removing a deprecated endpoint is a warning; 2.0.0 is the bump it asks for.
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");

    // The portal, pinned to 1.x, stays there: 2.0.0 may drop what it uses.
    let portal = read(&format!("{REGISTRY}/legacy-portal.yaml"));
    r.write("consumers/legacy-portal.yaml", &portal);
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");

    // Unpinned, it takes every version: the removal is blocked, deprecated or not.
    let unpinned = portal.replace("versions: [\"^1\"]\n", "");
    r.write("consumers/legacy-portal.yaml", &unpinned);
    let (code, out) = check(&r);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — registered consumers break: legacy-portal"),
        "{out}"
    );
    assert!(
        out.contains("still used by legacy-portal (consumers/legacy-portal.yaml:6:5)"),
        "{out}"
    );

    // Once its file no longer lists the operation, the removal goes through.
    r.write(
        "consumers/legacy-portal.yaml",
        &unpinned.replace("  - deletePet\n", ""),
    );
    let (code, out) = check(&r);
    assert_eq!(code, 0, "{out}");
}
