//! Version schemes against real git repositories: dated versions, single numbers, suffixes
//! that promise nothing, tags that are package releases, and placeholders.

mod common;
use common::*;

/// A spec declaring `version`; `breaking` adds a required query parameter, `addition` an
/// endpoint.
fn spec(version: &str, breaking: bool, addition: bool) -> String {
    let mut s = pets_spec(&format!("'{version}'"), breaking);
    if addition {
        s.push_str(
            "  /owners:\n    get:\n      responses:\n        '200':\n          description: ok\n",
        );
    }
    s
}

/// A repository with one release of the spec at `version`, tagged `tag`.
fn released(version: &str, tag: &str) -> Repo {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec(version, false, false));
    r.commit("release");
    r.git(&["tag", tag]);
    r
}

/// `weir check` on the working tree: the exit code and everything it printed.
fn check(r: &Repo, args: &[&str]) -> (i32, String) {
    let mut all = vec!["check", "--spec", "api/openapi.yaml"];
    all.extend_from_slice(args);
    let o = r.weir(&all);
    (
        o.status.code().unwrap(),
        format!("{}{}", stdout(&o), stderr(&o)),
    )
}

fn check_json(r: &Repo, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--spec", "api/openapi.yaml", "--format", "json"];
    all.extend_from_slice(args);
    let o = r.weir(&all);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)))
}

#[test]
fn dated_versions() {
    let r = released("2022-11-15", "v2022-11-15");
    // An addition may keep the date.
    r.write("api/openapi.yaml", &spec("2022-11-15", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("scheme    date — detected from the base's version `2022-11-15`"),
        "{out}"
    );
    assert!(
        out.contains("additions need 2022-11-15 or a later date: 2022-11-15 is enough"),
        "{out}"
    );
    // A breaking change under the same date fails…
    r.write("api/openapi.yaml", &spec("2022-11-15", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("breaking changes need a date later than 2022-11-15"),
        "{out}"
    );
    let v = check_json(&r, &[]);
    assert_eq!(v["verdict"], "unchanged");
    assert_eq!(v["scheme"]["name"], "date");
    assert_eq!(v["required_version"], "2022-11-16");
    // …a later date passes, an earlier one went backwards.
    r.write("api/openapi.yaml", &spec("2023-08-16", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    r.write("api/openapi.yaml", &spec("2022-08-01", false, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("went backwards"), "{out}");
    // A declared date that is not a date: an error at the spec's line.
    r.write("api/openapi.yaml", &spec("1.0.0", false, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("`1.0.0` is not a date version"), "{out}");
    assert!(out.contains("api/openapi.yaml:4:"), "{out}");
}

#[test]
fn dated_preview_versions_promise_nothing() {
    let r = released("2023-01-01", "v2023-01-01");
    // A preview of the same day sorts before it.
    r.write(
        "api/openapi.yaml",
        &spec("2023-01-01-preview", false, false),
    );
    assert_eq!(check(&r, &[]).0, 1);
    // A preview of a later day may carry a breaking change.
    r.write("api/openapi.yaml", &spec("2023-06-01-preview", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    r.commit("preview");
    r.git(&["tag", "v2023-06-01-preview"]);
    // After a preview, its day's release may break again; the same preview may not.
    r.write("api/openapi.yaml", &spec("2023-06-01-preview", true, true));
    assert_eq!(check(&r, &[]).0, 0, "additions to a preview are fine");
    r.write("api/openapi.yaml", &spec("2023-06-01", false, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn single_number_versions() {
    let r = released("10", "v10");
    r.write("api/openapi.yaml", &spec("10", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("scheme    major"), "{out}");
    r.write("api/openapi.yaml", &spec("10", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("breaking changes need 11 or later: 10 is the base's version"),
        "{out}"
    );
    assert!(out.contains("suggested next version: 11"), "{out}");
    r.write("api/openapi.yaml", &spec("11", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    r.write("api/openapi.yaml", &spec("9", false, false));
    assert_eq!(check(&r, &[]).0, 1);
    // A suffix promises nothing: a beta of 10 sorts before 10 (backwards); a beta of 11 may
    // carry 11's breaking change.
    r.write("api/openapi.yaml", &spec("10-beta", true, false));
    assert_eq!(check(&r, &[]).0, 1);
    r.write("api/openapi.yaml", &spec("11-beta", true, false));
    assert_eq!(check(&r, &[]).0, 0);
    // The declared version from a flag and the tag being made, in the scheme's form.
    r.write("api/openapi.yaml", &spec("whatever", true, false));
    assert_eq!(check(&r, &["--declared-version", "v11"]).0, 0);
    assert_eq!(check(&r, &["--tag", "v11"]).0, 0);
    assert_eq!(check(&r, &["--declared-version", "10"]).0, 1);
}

#[test]
fn semver_pre_releases_still_promise_nothing() {
    let r = released("1.4.0", "v1.4.0");
    r.write("api/openapi.yaml", &spec("2.0.0-rc.1", true, false));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("scheme    semver"), "{out}");
}

/// `weir check` from package release v394 to v395 (both API version 2022-11-15) passes
/// under the date scheme and names v394 a package release.
fn v394_to_v395_passes_as_dated(dir: &std::path::Path, spec: &str) {
    let o = weir_in(
        dir,
        &[
            "check",
            "--spec",
            spec,
            "--base",
            "v394",
            "--revision",
            "v395",
        ],
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    assert!(out.contains("scheme    date"), "{out}");
    assert!(
        out.contains("the release tag v394 names a package release"),
        "{out}"
    );
}

#[test]
fn tags_that_are_package_releases_are_not_the_apis_versions() {
    // As Stripe's repository: tags v1, v2… while info.version carries the API's date.
    let r = released("2022-11-15", "v394");
    r.write("api/openapi.yaml", &spec("2022-11-15", false, true));
    r.commit("add owners");
    r.git(&["tag", "v395"]);
    v394_to_v395_passes_as_dated(r.path(), "api/openapi.yaml");
    // With the last release found by itself, a breaking change needs a new date.
    r.write("api/openapi.yaml", &spec("2022-11-15", true, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("base      v395 (2022-11-15)"), "{out}");
    r.write("api/openapi.yaml", &spec("2023-08-16", true, true));
    assert_eq!(check(&r, &[]).0, 0);
}

#[test]
fn a_placeholder_version_gates_the_changes_alone() {
    let r = released("0.0.0-development", "v1.0.0");
    // Nothing changed, or only additions: pass, with no version flag.
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    r.write("api/openapi.yaml", &spec("0.0.0-development", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("is a placeholder, not a version"), "{out}");
    // A breaking change fails.
    r.write("api/openapi.yaml", &spec("0.0.0-development", true, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("FAIL — a breaking change, and no version to announce it"),
        "{out}"
    );
    assert_eq!(check_json(&r, &[])["verdict"], "breaking");
    // The release tag being made declares a version all the same.
    assert_eq!(check(&r, &["--tag", "v2.0.0"]).0, 0);
    assert_eq!(check(&r, &["--tag", "v1.1.0"]).0, 1);
}

#[test]
fn a_spec_version_nobody_maintains_is_named_as_such() {
    // The spec says 0.0.1 while the tags say v0.34.0.
    let r = released("0.0.1", "v0.34.0");
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "nothing changed: {out}");
    r.write("api/openapi.yaml", &spec("0.0.1", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("the spec's version does not track the releases"),
        "{out}"
    );
    assert!(out.contains("version-scheme = \"none\""), "{out}");
}

#[test]
fn version_scheme_in_weir_toml() {
    let r = released("2022-11-15", "v7");
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nversion-scheme = \"none\"\n",
    );
    r.write("api/openapi.yaml", &spec("2022-11-15", false, true));
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("version-scheme = \"none\" in"), "{out}");
    assert!(out.contains("weir.toml:3:18"), "{out}");
    r.write("api/openapi.yaml", &spec("2022-11-15", true, false));
    assert_eq!(check(&r, &[]).0, 1);
    // A declared version that does not fit the scheme weir.toml names: an error at the
    // spec's line, naming weir.toml's.
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nversion-scheme = \"major\"\n",
    );
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("`2022-11-15` is not a major version"), "{out}");
    assert!(out.contains("api/openapi.yaml:4:"), "{out}");
    assert!(out.contains("weir.toml:3:18"), "{out}");
    // An unknown scheme: an error at weir.toml's line.
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"api/openapi.yaml\"\nversion-scheme = \"calver\"\n",
    );
    let (code, out) = check(&r, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("weir.toml:3:18"), "{out}");
}

#[test]
fn bump_per_scheme() {
    let bump = |r: &Repo, args: &[&str]| {
        let mut all = vec!["bump", "--spec", "api/openapi.yaml"];
        all.extend_from_slice(args);
        let o = r.weir(&all);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (stdout(&o), stderr(&o))
    };
    // Dates: the given day (or today, UTC); a breaking change needs a later one.
    let r = released("2022-11-15", "v2022-11-15");
    r.write("api/openapi.yaml", &spec("2022-11-15", true, false));
    assert_eq!(bump(&r, &["--date", "2024-05-02"]).0, "2024-05-02\n");
    let o = r.weir_on("2024-06-30", &["bump", "--spec", "api/openapi.yaml"]);
    assert_eq!(stdout(&o), "2024-06-30\n");
    let (_, err) = bump(&r, &["--date", "2022-11-15", "-v"]);
    assert!(
        err.contains("a breaking change needs a date later than 2022-11-15"),
        "{err}"
    );
    // --write changes info.version and nothing else.
    let before = std::fs::read_to_string(r.path().join("api/openapi.yaml")).unwrap();
    bump(&r, &["--date", "2024-05-02", "--write"]);
    let after = std::fs::read_to_string(r.path().join("api/openapi.yaml")).unwrap();
    assert_eq!(after, before.replace("'2022-11-15'", "'2024-05-02'"));
    // Single numbers: N+1 for a breaking change.
    let r = released("v10", "v10");
    r.write("api/openapi.yaml", &spec("v10", true, false));
    assert_eq!(bump(&r, &[]).0, "v11\n");
}

#[test]
fn bump_never_suggests_a_version_a_tag_already_names() {
    let r = released("1.4.0", "v1.4.0");
    // A release branch took 1.5.0 already.
    r.git(&["checkout", "-q", "-b", "release-1.5"]);
    r.write("api/openapi.yaml", &spec("1.5.0", false, true));
    r.commit("1.5");
    r.git(&["tag", "v1.5.0"]);
    r.git(&["checkout", "-q", "main"]);
    r.write("api/openapi.yaml", &spec("1.4.0", false, true));
    let o = r.weir(&["bump", "--spec", "api/openapi.yaml", "-v"]);
    assert_eq!(stdout(&o), "1.6.0\n", "{}", stderr(&o));
    assert!(
        stderr(&o).contains("tag v1.5.0 already names 1.5.0: 1.6.0"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("semver: a minor bump of 1.4.0 is 1.5.0"),
        "{}",
        stderr(&o)
    );
    // With nothing changed, it says so instead of suggesting v1.4.0 again.
    r.write("api/openapi.yaml", &spec("1.4.0", false, false));
    let o = r.weir(&["bump", "--spec", "api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("no change since v1.4.0 needs a new version: 1.4.0 stays"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn version_flags_name_weirs_version_and_the_declared_one() {
    let own = format!("weir {}\n", env!("CARGO_PKG_VERSION"));
    let r = released("1.4.0", "v1.4.0");
    assert_eq!(stdout(&r.weir(&["--version"])), own);
    // `weir check --version` once declared the release's version; alone it is weir's own.
    let o = r.weir(&["check", "--version"]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), own));
    r.write("api/openapi.yaml", &spec("whatever", true, false));
    assert_eq!(check(&r, &["--declared-version", "2.0.0"]).0, 0);
    // The old spelling still works for one release, with a warning naming the new one.
    let (code, out) = check(&r, &["--version", "2.0.0"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("use `--declared-version 2.0.0`"), "{out}");
}

#[test]
fn release_tags_of_each_form_are_found_as_the_base() {
    // A bare date, a `v` before a date, a single number: each is the last release by itself,
    // and a breaking change needs the next version of its scheme.
    for (version, tag, next) in [
        ("2024-01-15", "2024-01-15", "2024-02-01"),
        ("2024-01-15", "v2024-01-15", "2024-02-01"),
        ("10", "v10", "11"),
    ] {
        let r = released(version, tag);
        r.write("api/openapi.yaml", &spec(version, true, false));
        let (code, out) = check(&r, &[]);
        assert_eq!(code, 1, "{tag}: {out}");
        assert!(
            out.contains(&format!("base      {tag} ({version})")),
            "{tag}: {out}"
        );
        r.write("api/openapi.yaml", &spec(next, true, false));
        let (code, out) = check(&r, &[]);
        assert_eq!(code, 0, "{tag}: {out}");
    }
}

#[test]
fn tag_pattern_picks_the_specs_own_tags_in_every_form() {
    for (version, own, other, next) in [
        ("2024-01-15", "api-2024-01-15", "2024-03-01", "2024-02-01"),
        ("10", "api-v10", "v12", "11"),
    ] {
        let r = released(version, own);
        r.write(
            "weir.toml",
            "[[spec]]\npath = \"api/openapi.yaml\"\ntag-pattern = \"api-*\"\n",
        );
        r.commit("weir.toml");
        // A newer tag outside the pattern (another component's) is not this spec's release.
        r.git(&["tag", other]);
        r.write("api/openapi.yaml", &spec(next, true, false));
        let (code, out) = check(&r, &[]);
        assert_eq!(code, 0, "{own}: {out}");
        assert!(
            out.contains(&format!("base      {own} ({version})")),
            "{own}: {out}"
        );
        // The same version under a breaking change: not enough.
        r.write("api/openapi.yaml", &spec(version, true, false));
        assert_eq!(check(&r, &[]).0, 1, "{own}");
    }
}

#[test]
fn stripes_history_is_gated_on_its_dated_api_versions() {
    // Tags v394 and v395 are package releases; both carry the API version 2022-11-15.
    let Some((_clone, repo)) = stripe_history() else {
        return;
    };
    let spec = "openapi/spec3.yaml";
    v394_to_v395_passes_as_dated(&repo, spec);
    // v461 moved the API version to 2023-08-16: a release of that version. (HEAD at v461:
    // the log walks from HEAD.)
    let git = std::process::Command::new("git")
        .args(["checkout", "-q", "v461"])
        .current_dir(&repo)
        .status()
        .unwrap();
    assert!(git.success());
    let o = weir_in(
        &repo,
        &["log", "--spec", spec, "--since", "v460", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let release = &v["commits"][0]["release"];
    assert_eq!(release["tag"], "v461", "{release:#}");
    assert_eq!(release["version"], "2023-08-16");
    assert_eq!(release["scheme"], "date");
    assert_eq!(release["ok"], true);
}
