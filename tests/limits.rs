//! GitHub's limits (issue 16): a Markdown report stays under the size its place holds (1 MiB
//! for a job summary, 65,536 characters for a comment), annotations under a cap, each cut
//! saying what it left out, breaking changes kept first. Also the Markdown report's grouping
//! by operation and its links to the spec at a commit.

mod common;

use common::{corpus, flat, root, stderr, stdout, weir_in};

/// A spec with `n` endpoints `GET /things{i}`, each answering a `Thing`; `Thing.size` is shared
/// by all of them.
fn spec(n: usize, revision: bool) -> String {
    let mut s = String::from("openapi: 3.0.3\ninfo:\n  title: big\n  version: 1.0.0\npaths:\n");
    for i in 0..n {
        // The revision removes every third endpoint (breaking) and edits the description of
        // the others (info).
        if revision && i % 3 == 0 {
            continue;
        }
        let description = if revision { "edited" } else { "original" };
        s.push_str(&format!(
            "  /things{i}:\n    get:\n      description: {description} {i}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Thing'\n"
        ));
    }
    let max = if revision { 10 } else { 20 };
    s.push_str(&format!(
        "components:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        size:\n          type: string\n          maxLength: {max}\n"
    ));
    s
}

/// The two specs in a temporary folder.
fn big_pair(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.yaml"), spec(n, false)).unwrap();
    std::fs::write(dir.path().join("revision.yaml"), spec(n, true)).unwrap();
    dir
}

fn diff(dir: &tempfile::TempDir, extra: &[&str]) -> String {
    let mut args = vec!["diff", "base.yaml", "revision.yaml"];
    args.extend_from_slice(extra);
    let o = weir_in(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

/// The entries a Markdown report lists (one per finding, at the start of a line).
fn entries(md: &str) -> usize {
    md.lines().filter(|l| l.starts_with("- ")).count()
}

#[test]
fn a_markdown_report_cut_to_a_comment_keeps_breaking_changes_first_and_counts_the_rest() {
    let dir = big_pair(1500);
    let full = diff(&dir, &["--format", "markdown", "--max-bytes", "0"]);
    assert!(
        full.len() > 65_000,
        "the test needs a big report: {}",
        full.len()
    );
    assert!(!full.contains("not shown here"));
    // 500 endpoints removed, 1000 descriptions edited, one shared maxLength change (info in
    // a response).
    let total = entries(&full);
    assert_eq!(total, 1501, "{}", &full[..2000]);

    let cut = diff(&dir, &["--format", "markdown", "--max-bytes", "65000"]);
    assert!(cut.len() <= 65_000, "{} bytes", cut.len());
    assert!(cut.chars().count() <= 65_536);
    let shown = entries(&cut);
    let closing = cut.lines().last().unwrap();
    // (Counts are written 1,234: compared without the separators.)
    assert!(
        closing
            .replace(',', "")
            .starts_with(&format!("**… and {} more changes (", total - shown)),
        "{closing}"
    );
    assert!(
        closing.ends_with("not shown here** (the report was cut to 65,000 bytes: --max-bytes) — run weir locally for the full report."),
        "{closing}"
    );
    // Breaking changes first: the breaking ones are all shown before any info is.
    assert!(cut.contains("Breaking changes (500)"), "{}", &cut[..500]);
    let left_out = &closing[closing.find('(').unwrap()..];
    assert!(
        !left_out.contains("breaking"),
        "no breaking change left out: {closing}"
    );
    // The cut report is the full report's beginning, up to the cut.
    let kept = cut.rfind("\n- ").unwrap();
    let line_end = cut[kept + 1..].find('\n').unwrap() + kept + 1;
    assert!(full.starts_with(&cut[..line_end]));

    // Same input, same bytes.
    assert_eq!(
        cut,
        diff(&dir, &["--format", "markdown", "--max-bytes", "65000"])
    );
    // Where the full report is, as the GitHub Action says it.
    let action = diff(
        &dir,
        &[
            "--format",
            "markdown",
            "--max-bytes",
            "65000",
            "--full-report",
            "the full report is in the run's artifact",
        ],
    );
    assert!(action.ends_with("— the full report is in the run's artifact.\n"));
}

#[test]
fn too_small_a_markdown_limit_is_refused() {
    let dir = big_pair(3);
    let o = weir_in(
        dir.path(),
        &[
            "diff",
            "base.yaml",
            "revision.yaml",
            "--format",
            "markdown",
            "--max-bytes",
            "100",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        flat(&stderr(&o)).contains(
            "--max-bytes 100 is too small for a report: give at least 4096, or 0 for no limit"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn annotations_are_capped_breaking_first_with_a_notice_for_the_rest() {
    let dir = big_pair(60);
    // 20 endpoints removed (breaking); the edited descriptions and the shared maxLength
    // (a response's: info) are not annotated.
    let all = diff(&dir, &["--format", "github", "--max-annotations", "0"]);
    assert_eq!(all.matches("::error file=").count(), 20, "{all}");
    assert!(!all.contains("more annotations not shown"), "{all}");
    // By default what GitHub shows a step: 10 of each kind.
    let default = diff(&dir, &["--format", "github"]);
    assert_eq!(default.matches("::error file=").count(), 10, "{default}");
    assert!(
        default.contains("::notice title=weir::… and 10 more annotations not shown (at most 10 of each kind a step: --max-annotations) — run weir locally for the full report\n"),
        "{default}"
    );
    assert!(
        all.starts_with(&default[..default.find("::notice").unwrap()]),
        "the first ones"
    );
    let capped = diff(&dir, &["--format", "github", "--max-annotations", "5"]);
    assert_eq!(capped.matches("::error file=").count(), 5, "{capped}");
    assert!(
        capped.contains("… and 15 more annotations not shown (at most 5 of each kind a step"),
        "{capped}"
    );
    assert!(
        capped.ends_with("— requires a major version bump\n"),
        "{capped}"
    );
}

#[test]
fn markdown_groups_findings_under_their_operation_and_links_them() {
    let dir = big_pair(4);
    let md = diff(
        &dir,
        &[
            "--format",
            "markdown",
            "--link-base",
            "https://github.com/acme/api/blob/0123abc/",
        ],
    );
    insta::assert_snapshot!(md, @r#"
    ### weir: 2 breaking, 0 warnings, 3 info — requires a **major** version bump

    `base.yaml` (1.0.0) → `revision.yaml` (1.0.0)

    #### 🔴 Breaking changes (2)

    **`GET /things0`**

    - endpoint GET /things0 removed · `endpoint-removed` · [`revision.yaml:5`](https://github.com/acme/api/blob/0123abc/revision.yaml#L5)

    **`GET /things3`**

    - endpoint GET /things3 removed · `endpoint-removed` · [`revision.yaml:5`](https://github.com/acme/api/blob/0123abc/revision.yaml#L5)

    <details><summary>ℹ️ Other changes (3)</summary>

    **`GET /things1`**

    - description changed from original 1 to edited 1 · `operation-description-changed` · [`revision.yaml:8`](https://github.com/acme/api/blob/0123abc/revision.yaml#L8)

    **2 operations** (a shared schema or parameter): `GET /things1`, `GET /things2`

    - Thing.size: maxLength decreased from 20 to 10 · `response-max-length-decreased` · [`revision.yaml:33`](https://github.com/acme/api/blob/0123abc/revision.yaml#L33)

    **`GET /things2`**

    - description changed from original 2 to edited 2 · `operation-description-changed` · [`revision.yaml:18`](https://github.com/acme/api/blob/0123abc/revision.yaml#L18)

    </details>
    "#);
}

/// Stripe's spec from 2017 to 2020 (1,148 breaking changes, 453 warnings, 2,949 info): the
/// report the issue saw at 1.4 MB fits a job summary (grouped by operation, 0.80 MB), and cut
/// to a comment it shows breaking changes only, and counts the rest.
#[test]
fn stripes_three_years_fit_a_job_summary_and_a_comment() {
    let Some(dir) = corpus(root().join("../shared/corpus/stripe/spaced")) else {
        return;
    };
    let diff = |extra: &[&str]| {
        let mut args = vec![
            "--quiet",
            "diff",
            "2017-09-05_e069733_spec3.yaml",
            "2020-07-17_0b9fd61_spec3.yaml",
            "--format",
            "markdown",
        ];
        args.extend_from_slice(extra);
        let o = weir_in(&dir, &args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let summary = diff(&[]);
    assert!(summary.len() <= 1_000_000, "{} bytes", summary.len());
    let comment = diff(&["--max-bytes", "65000"]);
    assert!(comment.len() <= 65_000, "{} bytes", comment.len());
    assert!(
        comment.len() > 60_000,
        "cut near the limit: {}",
        comment.len()
    );
    assert!(!comment.contains("Warnings ("), "breaking changes first");
    let closing = comment.lines().last().unwrap();
    let shown = entries(&comment);
    assert!(
        closing.replace(',', "").starts_with(&format!(
            "**… and {} more changes ({} breaking 453 warnings 2949 info) not shown here**",
            1148 + 453 + 2949 - shown,
            1148 - shown
        )),
        "{closing}"
    );
}
