//! The first-day rough edges of issue 16, each with the exact message: errors name the
//! user's words (never a Rust type) and the closest words weir knows.

mod common;
use common::*;

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: 1.0.0}\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok}\n";

/// A repository with release v1.0.0 of `openapi.yaml`.
fn released() -> Repo {
    let r = Repo::new();
    r.write("openapi.yaml", SPEC);
    r.commit("1.0.0");
    r.git(&["tag", "v1.0.0"]);
    r
}

/// Exit code and the flattened message on stderr.
fn fails(o: &std::process::Output) -> (Option<i32>, String) {
    (o.status.code(), flat(&stderr(o)))
}

#[test]
fn a_misspelt_rule_level_is_named_with_the_levels_there_are() {
    let r = released();
    for value in ["\"braking\"", "{ level = \"braking\", bump = \"major\" }"] {
        r.write(
            "weir.toml",
            &format!("[rules]\nrequest-parameter-removed = {value}\n"),
        );
        let (code, err) = fails(&r.weir(&["check", "--spec", "openapi.yaml"]));
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains(
                "invalid weir.toml: `braking` is not a level (did you mean `breaking`?): a rule's \
                 level is \"breaking\", \"warning\", \"info\" or \"off\""
            ),
            "{err}"
        );
        assert!(
            !err.contains("RuleOverride") && !err.contains("untagged"),
            "{err}"
        );
    }
}

#[test]
fn check_outside_git_says_it_needs_the_repository_of_the_releases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("openapi.yaml"), SPEC).unwrap();
    let (code, err) = fails(&weir_in(dir.path(), &["check", "--spec", "openapi.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("`weir check` compares openapi.yaml with its last release tag, and `"),
        "{err}"
    );
    assert!(err.contains("is not inside a git repository"), "{err}");
    assert!(
        err.contains("compare two files with `weir diff OLD NEW`"),
        "{err}"
    );
    assert!(!err.contains("pass a plain file path"), "{err}");
}

#[test]
fn a_missing_spec_is_no_such_file_with_the_closest_listed_one() {
    let r = released();
    let (code, err) = fails(&r.weir(&["check", "--spec", "nope.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err, "weir::usage no such file `nope.yaml`");
    r.write("weir.toml", "[[spec]]\npath = \"openapi.yaml\"\n");
    let (code, err) = fails(&r.weir(&["check", "--spec", "openapi.yml"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "weir::usage no such file `openapi.yml` (did you mean `openapi.yaml`?)"
    );
}

#[test]
fn did_you_mean_for_revisions_rule_ids_categories_and_explain() {
    let r = released();
    let (code, err) = fails(&r.weir(&["diff", "v1.0:openapi.yaml", "openapi.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("unknown revision `v1.0` (did you mean `v1.0.0`?)"),
        "{err}"
    );

    // The README says `main`; an older git named the first branch `master`.
    r.git(&["branch", "-m", "main", "master"]);
    let (code, err) = fails(&r.weir(&["diff", "main:openapi.yaml", "openapi.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("unknown revision `main` (did you mean `master`?)"),
        "{err}"
    );

    r.write("weir.toml", "[rules]\nendpoint-remove = \"warning\"\n");
    let (code, err) = fails(&r.weir(&["check", "--spec", "openapi.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("[rules]: no rule `endpoint-remove` (did you mean `endpoint-removed`?)"),
        "{err}"
    );

    let (code, err) = fails(&weir(&["explain", "endpoint-remove"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "weir::usage no rule `endpoint-remove` (did you mean `endpoint-removed`?) (`weir rules` \
         lists every rule)"
    );

    let (code, err) = fails(&weir(&["rules", "--category", "securty"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("weir::usage no category `securty` (did you mean `security`?); the categories are documentation, endpoint,"),
        "{err}"
    );
    let o = weir(&["rules", "--category", "foo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(flat(&stderr(&o)).starts_with("weir::usage no category `foo`; the categories are "));
}

#[test]
fn a_fingerprint_of_the_wrong_length_is_refused_at_its_line() {
    let r = released();
    r.write(
        "weir.toml",
        "[[ignore]]\nfingerprint = \"5ce56893705329d\"\nreason = \"x\"\nexpires = 2999-01-01\n",
    );
    let (code, err) = fails(&r.weir(&["check", "--spec", "openapi.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(
            "`5ce56893705329d` is not a fingerprint: a fingerprint is 16 lowercase hex digits, as \
             `weir diff --format json` prints it (this one has 15 characters)"
        ),
        "{err}"
    );
    assert!(err.contains("weir.toml:2:15"), "{err}");
}

#[test]
fn verbose_check_names_its_weir_toml_and_the_ignores_that_matched_nothing() {
    let r = released();
    r.write(
        "weir.toml",
        "[[spec]]\npath = \"openapi.yaml\"\n\n[[ignore]]\nfingerprint = \"0123456789abcdef\"\nreason = \"x\"\nexpires = 2999-01-01\n",
    );
    let o = r.weir(&["check", "-v"]);
    let err = stderr(&o);
    let config = std::fs::canonicalize(r.path()).unwrap().join("weir.toml");
    assert!(
        err.contains(&format!("weir: config: {}\n", config.display()))
            || err.contains(&format!(
                "weir: config: {}\n",
                r.path().join("weir.toml").display()
            )),
        "{err}"
    );
    assert!(
        err.contains("weir.toml:5) matched no finding: remove it if that change is gone\n")
            && err.contains("weir: the ignore of 0123456789abcdef ("),
        "{err}"
    );
    // Not without -v.
    assert!(!stderr(&r.weir(&["check"])).contains("matched no finding"));
}

#[test]
fn the_init_sample_ignore_expires_in_the_future() {
    let r = Repo::new();
    r.write("openapi.yaml", SPEC);
    let o = r.weir_on("2030-01-15", &["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(r.path().join("weir.toml")).unwrap();
    assert!(text.contains("\n# expires = 2030-04-15\n"), "{text}");
}

#[test]
fn check_without_a_spec_names_the_one_it_sees() {
    let r = released();
    let (code, err) = fails(&r.weir(&["check"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "weir::usage which spec? pass --spec PATH (here: `--spec openapi.yaml`), or list it in \
         weir.toml ([[spec]] path = \"…\"; `weir init` writes one)"
    );
    // Nothing spec-looking: the question alone.
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = fails(&weir_in(dir.path(), &["bump"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "weir::usage which spec? pass --spec PATH, or list it in weir.toml ([[spec]] path = \"…\")"
    );
}

#[test]
fn a_single_table_for_a_list_of_tables_says_to_double_the_brackets() {
    let r = released();
    r.write("weir.toml", "[spec]\npath = \"openapi.yaml\"\n");
    let (code, err) = fails(&r.weir(&["check"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with(
            "weir::invalid invalid weir.toml: `[spec]` is a list of tables: write `[[spec]]`, \
             once for each entry"
        ),
        "{err}"
    );
    assert!(err.contains("weir.toml:1:1"), "{err}");
    assert!(!err.contains("sequence"), "{err}");
}

#[test]
fn a_spec_missing_from_the_last_release_says_how_to_name_a_base() {
    let r = released();
    r.write("api/new.yaml", SPEC);
    let (code, err) = fails(&r.weir(&["check", "--spec", "api/new.yaml"]));
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        "weir::path_not_at_revision `api/new.yaml` does not exist at revision `v1.0.0` help: \
         `weir check` compares the spec with the last release tag, v1.0.0. If the spec moved \
         since, name where it was: `--base v1.0.0:OLD/PATH`; if it is new since, v1.0.0 holds \
         no release of it: give its releases their own tags (`tag-pattern` of its [[spec]] in \
         weir.toml) or name a base with `--base`"
    );
    // Moved: what the folder held at the release comes first.
    r.git(&["mv", "openapi.yaml", "moved.yaml"]);
    let (_, err) = fails(&r.weir(&["check", "--spec", "moved.yaml"]));
    assert!(
        err.contains("help: `/` at that revision holds: openapi.yaml. `weir check` compares"),
        "{err}"
    );
    let o = r.weir(&[
        "check",
        "--spec",
        "moved.yaml",
        "--base",
        "v1.0.0:openapi.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn an_unknown_weir_toml_key_names_the_closest_one() {
    let r = released();
    r.write("weir.toml", "[[spec]]\npaths = \"openapi.yaml\"\n");
    let (code, err) = fails(&r.weir(&["check"]));
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with(
            "weir::invalid invalid weir.toml: unknown field `paths` (did you mean `path`?), \
             expected one of `path`, `name`,"
        ),
        "{err}"
    );
    assert!(err.contains("weir.toml:2:1"), "{err}");
}
