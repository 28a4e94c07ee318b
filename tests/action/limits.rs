//! GitHub's limits: a job summary of at most 1 MiB, a comment of at most 65,536 characters,
//! and a capped number of annotations, each cut saying how much more there is and where. A
//! stand-in weir prints a report as large as Stripe 2017→2020's (1.4 MB of Markdown, 2,289
//! annotations).

use std::path::Path;

use crate::Runner;
use crate::common::*;

/// A weir that answers every `--format` with a huge report and fails the gate.
fn huge_weir(dir: &Path) -> String {
    let path = dir.join("weir");
    std::fs::write(
        &path,
        r#"#!/bin/sh
format=text; previous=""
for a in "$@"; do
  if [ "$previous" = --format ]; then format="$a"; fi
  if [ "$previous" = --outputs ]; then printf 'verdict=too-small\nrequired-bump=major\n' >>"$a"; fi
  previous="$a"
done
case "$format" in
  github)
    i=1
    while [ $i -le 2289 ]; do
      echo "::error file=api/openapi.yaml,line=$i,col=1,title=rule::change $i"
      i=$((i + 1))
    done
    echo "::error title=weir check api/openapi.yaml::FAIL" ;;
  markdown)
    echo '## FAIL'
    echo "<details><summary>Other changes</summary>"
    echo
    echo "| Operation | Change |"
    echo "|---|---|"
    awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "| `GET /things/%d` | a change described at some length, row %d of many |\n", i, i }'
    echo
    echo "</details>" ;;
  *) echo "text report" ;;
esac
exit 1
"#,
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

/// The check step with the huge weir, in an empty repository.
fn check(gh: &Runner, inputs: &[(&str, &str)]) -> std::process::Output {
    let r = Repo::new();
    let weir = huge_weir(gh.dir.path());
    let mut env = vec![("WEIR", weir.as_str())];
    env.extend_from_slice(inputs);
    gh.step(r.path(), "check", &env)
}

#[test]
fn a_huge_report_is_cut_to_the_summary_limit_and_the_annotation_cap() {
    let gh = Runner::new();
    let o = check(&gh, &[("INPUT_FORMAT", "text")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = stdout(&o);
    assert_eq!(log.matches("::error file=").count(), 10, "the default cap");
    assert!(
        log.contains("::notice title=weir::… and 2279 more annotations not shown — the full report is in the job summary and the workflow run's weir-report artifact; or run weir locally"),
        "{}",
        &log[log.len().saturating_sub(600)..]
    );
    assert!(log.contains("::error title=weir check api/openapi.yaml::FAIL"));

    let summary = gh.read("summary");
    assert!(summary.len() <= 1_000_000, "{}", summary.len());
    assert!(summary.len() > 900_000, "cut near the limit, not far below");
    let shown = summary.matches("| `GET /things/").count();
    assert!(
        summary.ends_with(&format!(
            "\n</details>\n\n**… and {} more rows not shown here** — the full report is in the workflow run's weir-report artifact; or run weir locally\n",
            20000 - shown
        )),
        "{}",
        &summary[summary.len() - 300..]
    );
    // The full report is kept for the artifact step.
    let output = gh.read("output");
    let report = output
        .lines()
        .find_map(|l| l.strip_prefix("report="))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(report)
            .unwrap()
            .matches("| `GET /things/")
            .count(),
        20000
    );
}

#[test]
fn the_annotation_cap_is_an_input_and_applies_to_the_github_format_too() {
    let gh = Runner::new();
    let o = check(
        &gh,
        &[("INPUT_FORMAT", "github"), ("INPUT_MAX_ANNOTATIONS", "5")],
    );
    let log = stdout(&o);
    assert_eq!(log.matches("::error file=").count(), 5, "{log}");
    assert!(
        log.contains("… and 2284 more annotations not shown"),
        "{log}"
    );
}
