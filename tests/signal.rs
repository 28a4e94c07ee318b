//! Signal first: `weir check` shows what decides its verdict before anything else, folds
//! info-level changes into a count, says why a bump is needed when the levels do not, and maps
//! a finding's level to the same annotation level in every format.

mod common;
use common::*;

/// Release 1.0.0 with a deprecated operation and an undocumented one; the working tree
/// removes the deprecated operation, documents the other and declares 1.1.0.
fn removed_after_deprecation() -> Repo {
    let spec = |version: &str, removed: bool, documented: bool| {
        let description = if documented {
            "      description: Lists pets.\n"
        } else {
            ""
        };
        let delete = if removed {
            ""
        } else {
            "    delete:\n      deprecated: true\n      responses:\n        '204': {description: gone}\n"
        };
        format!(
            "openapi: 3.0.3\ninfo: {{title: Pets, version: {version}}}\npaths:\n  /pets:\n    get:\n{description}      responses:\n        '200': {{description: ok}}\n{delete}"
        )
    };
    let r = Repo::new();
    r.write("openapi.yaml", &spec("1.0.0", false, false));
    r.commit("1.0.0");
    r.git(&["tag", "v1.0.0"]);
    r.write("openapi.yaml", &spec("1.1.0", true, true));
    r
}

#[test]
fn a_major_bump_that_no_breaking_change_asks_for_is_explained() {
    let r = removed_after_deprecation();
    let o = r.weir(&["check", "--spec", "openapi.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!(stdout(&o), @r"
    weir check openapi.yaml: FAIL — the changes need a major version bump (verdict: too-small)
      base      v1.0.0 (1.0.0)
      revision  working tree
      changes   0 breaking, 1 warning, 2 info — requires a major version bump, for the warning endpoint-removed-after-deprecation (its rule asks for a major bump)
      declared  1.1.0 (info.version of openapi.yaml)
      required  2.0.0 or later
      scheme    semver — detected from the base's version `1.0.0` (info.version of v1.0.0:openapi.yaml)
      why       breaking changes need 2.0.0 or later (a major bump from 1.0.0): 1.1.0 is not enough
      suggested next version: 2.0.0

    The changes that fail the gate (1):

    WARNING   endpoint-removed-after-deprecation  DELETE /pets
      deprecated endpoint DELETE /pets removed
      base:     v1.0.0:openapi.yaml:8:5
            8 │     delete:
            9 │       deprecated: true
           10 │       responses:
      revision: openapi.yaml:3:1
            3 │ paths:
            4 │   /pets:
            5 │     get:

    2 info-level changes not listed (`weir check -v` lists them).
    ");
    // The diff says the same in its footer.
    let o = r.weir(&["diff", "v1.0.0:openapi.yaml", "openapi.yaml"]);
    assert!(
        stdout(&o).contains(
            "0 breaking, 1 warning, 2 info — requires a major version bump, for the warning \
             endpoint-removed-after-deprecation (its rule asks for a major bump)\n"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn info_level_changes_are_counted_and_listed_with_verbose() {
    let r = removed_after_deprecation();
    let o = r.weir(&["check", "--spec", "openapi.yaml", "-v"]);
    let out = stdout(&o);
    assert!(out.contains("\nInfo-level changes (2):\n"), "{out}");
    assert!(out.contains("operation-description-changed"), "{out}");
    assert!(!out.contains("not listed"), "{out}");
    // Quiet: neither the list nor the count line.
    let out = stdout(&r.weir(&["check", "--spec", "openapi.yaml", "-q"]));
    assert!(!out.contains("info-level change"), "{out}");
    assert!(!out.contains("operation-description-changed"), "{out}");
}

#[test]
fn a_warning_is_a_warning_in_every_format() {
    let r = removed_after_deprecation();
    let github = stdout(&r.weir(&["check", "--spec", "openapi.yaml", "--format", "github"]));
    assert!(
        github.starts_with(
            "::warning file=openapi.yaml,line=3,col=1,title=endpoint-removed-after-deprecation::"
        ),
        "a warning that fails the gate is still a warning:\n{github}"
    );
    assert_eq!(
        github.matches("::").count(),
        2 * 2,
        "one annotation and the closing error, no annotation for the description:\n{github}"
    );
    assert!(
        github.contains("::error title=weir check openapi.yaml::FAIL"),
        "{github}"
    );
    let diff = stdout(&r.weir(&[
        "diff",
        "v1.0.0:openapi.yaml",
        "openapi.yaml",
        "--format",
        "github",
    ]));
    assert!(diff.starts_with(github.lines().next().unwrap()), "{diff}");
    assert_eq!(
        diff.matches("::").count(),
        2 * 2,
        "the diff too: the warning and its closing notice, nothing for the description:\n{diff}"
    );
    assert!(!diff.contains("description"), "{diff}");

    let sarif: serde_json::Value = serde_json::from_slice(
        &r.weir(&["check", "--spec", "openapi.yaml", "--format", "sarif"])
            .stdout,
    )
    .unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let removed = results
        .iter()
        .find(|r| r["ruleId"] == "endpoint-removed-after-deprecation")
        .unwrap();
    assert_eq!(removed["level"], "warning");
    assert_eq!(removed["properties"]["failsGate"], true);
    assert!(
        results
            .iter()
            .filter(|r| r["ruleId"] != "endpoint-removed-after-deprecation")
            .all(|r| r["level"] == "note" && r["properties"]["failsGate"] == false),
        "{results:#?}"
    );
}

#[test]
fn the_changelog_names_the_revisions_it_compares() {
    let r = removed_after_deprecation();
    r.commit("1.1.0");
    r.git(&["tag", "v1.1.0"]);
    let md = stdout(&r.weir(&["changelog", "v1.0.0:openapi.yaml", "v1.1.0:openapi.yaml"]));
    assert!(
        md.starts_with(
            "## API changes: v1.0.0 → v1.1.0\n\n`openapi.yaml`, info.version 1.0.0 → 1.1.0.\n"
        ),
        "{md}"
    );
    let text = stdout(&r.weir(&[
        "changelog",
        "v1.0.0:openapi.yaml",
        "openapi.yaml",
        "--format",
        "text",
    ]));
    assert!(
        text.starts_with(
            "API changes: v1.0.0 → working tree\nopenapi.yaml, info.version 1.0.0 → 1.1.0\n"
        ),
        "{text}"
    );
    let json = stdout(&r.weir(&[
        "changelog",
        "v1.0.0:openapi.yaml",
        "openapi.yaml",
        "--format",
        "json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["base"], "v1.0.0:openapi.yaml");
    assert_eq!(v["revision"], "openapi.yaml");
}

/// A description whose text is Markdown of its own: paragraphs, a heading, a list, a fence.
const PARAGRAPHS: &str = "openapi: 3.0.3\ninfo: {title: T, version: '10'}\npaths:\n  /a:\n    get:\n      description: |\n        First ```paragraph```.\n\n        # A heading\n        - an item\n      responses:\n        '200': {description: ok}\n";

#[test]
fn a_multi_paragraph_description_stays_inside_its_list_item() {
    let r = Repo::new();
    r.write("a.yaml", PARAGRAPHS);
    r.write("b.yaml", &PARAGRAPHS.replace("First", "Second"));
    let md = stdout(&r.weir(&["changelog", "a.yaml", "b.yaml"]));
    insta::assert_snapshot!(md, @r"
    ## API changes: a.yaml → b.yaml

    info.version 10 on both sides.

    ### Documentation

    - **GET /a**: Operation description changed (`operation-description-changed`)

      Before:

      ````text
      First ```paragraph```.

      # A heading
      - an item
      ````

      After:

      ````text
      Second ```paragraph```.

      # A heading
      - an item
      ````
    ");
    let text = stdout(&r.weir(&["diff", "a.yaml", "b.yaml"]));
    assert!(
        text.starts_with(
            "INFO      operation-description-changed  GET /a\n  Operation description changed\n  before:\n    First ```paragraph```.\n\n    # A heading\n    - an item\n  after:\n    Second ```paragraph```.\n"
        ),
        "{text}"
    );
}
