//! `weir log` in real git repositories: which commits it lists (the spec and the files it
//! `$ref`s, not its neighbours), releases at every release tag and API-version change, judged
//! by each scheme, and the HTML timeline.

mod common;
use common::*;

/// The log as JSON: each listed commit.
fn log(r: &Repo) -> Vec<serde_json::Value> {
    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["commits"].as_array().unwrap().clone()
}

fn subjects(commits: &[serde_json::Value]) -> Vec<&str> {
    commits
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect()
}

/// A spec whose `Pet` schema lives in `../common/pet.yaml`.
fn spec_with_ref(version: &str) -> String {
    format!(
        "openapi: 3.1.0
info:
  title: Pets
  version: '{version}'
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: ../common/pet.yaml
"
    )
}

#[test]
fn a_commit_counts_when_the_spec_or_a_file_it_refs_changed() {
    let r = Repo::new();
    r.write("api/openapi.yaml", &spec_with_ref("1.0.0"));
    r.write(
        "common/pet.yaml",
        "type: object\nproperties:\n  name: {type: string}\n",
    );
    r.write("api/server.py", "print('hello')\n");
    r.commit("first");
    // A source file beside the spec: not listed.
    r.write("api/server.py", "print('hello, world')\n");
    r.commit("server only");
    // The file the spec refers to, outside its folder: listed, with its change.
    r.write(
        "common/pet.yaml",
        "type: object\nproperties:\n  name: {type: string}\n  age: {type: integer}\n",
    );
    r.commit("pets have an age");
    let commits = log(&r);
    assert_eq!(subjects(&commits), ["first", "pets have an age"]);
    assert!(
        !commits[1]["changes"].as_array().unwrap().is_empty(),
        "{:#}",
        commits[1]
    );
}

#[test]
fn every_release_tag_is_a_release_even_on_a_commit_that_did_not_touch_the_spec() {
    let r = Repo::new();
    r.write("api/openapi.yaml", &pets_spec("1.0.0", false));
    r.commit("first");
    r.git(&["tag", "v1.0.0"]);
    r.write("api/openapi.yaml", &pets_spec("2.0.0", true));
    r.commit("require owner");
    r.write("README.md", "release notes\n");
    r.commit("release notes");
    r.git(&["tag", "v2.0.0"]);
    let commits = log(&r);
    assert_eq!(
        subjects(&commits),
        ["first", "require owner", "release notes"]
    );
    let tagged = &commits[2];
    assert_eq!(tagged["changed"], false);
    assert_eq!(tagged["release"]["version"], "2.0.0");
    assert_eq!(tagged["release"]["tag"], "v2.0.0");
    assert_eq!(tagged["release"]["ok"], true, "{tagged:#}");
    // `require owner` moved info.version to 2.0.0: a release too, and the breaking change
    // was judged there.
    assert_eq!(commits[1]["release"]["needed"], "major");
    assert_eq!(commits[1]["release"]["ok"], true);
    let o = r.weir(&["log", "--spec", "api/openapi.yaml"]);
    assert!(
        stdout(&o).contains(
            "2 commits changed the spec; 1 breaking change; 3 releases, 0 of them under-versioned"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn dated_releases_and_package_tags() {
    // As Stripe: tags v1, v2… are package releases; info.version carries the API's date.
    let r = Repo::new();
    let dated = |date: &str, breaking: bool| pets_spec(&format!("'{date}'"), breaking);
    r.write("api/openapi.yaml", &dated("2022-08-01", false));
    r.commit("first");
    r.git(&["tag", "v1"]);
    // A breaking change under the same date, released as v2: under-versioned.
    r.write("api/openapi.yaml", &dated("2022-08-01", true));
    r.commit("require owner");
    r.git(&["tag", "v2"]);
    // A new API version, untagged: a release, and fine.
    r.write("api/openapi.yaml", &dated("2022-11-15", false));
    r.commit("new api version");
    let commits = log(&r);
    let release = |i: usize| &commits[i]["release"];
    assert_eq!(release(0)["version"], "2022-08-01");
    assert_eq!(release(0)["scheme"], "date");
    assert_eq!(release(1)["version"], "2022-08-01");
    assert_eq!(release(1)["tag"], "v2");
    assert_eq!(release(1)["verdict"], "unchanged");
    assert_eq!(release(1)["ok"], false);
    assert_eq!(release(2)["version"], "2022-11-15");
    assert_eq!(release(2)["ok"], true);
    assert!(release(2)["tag"].is_null());
    let o = r.weir(&["log", "--spec", "api/openapi.yaml"]);
    assert!(
        stdout(&o).contains("release 2022-08-01 (v2) — VERSION NOT BUMPED"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_html_timeline_links_columns_to_rows_and_keeps_labels_apart() {
    let r = Repo::new();
    for minor in 0..30 {
        r.write(
            "api/openapi.yaml",
            &pets_spec(&format!("1.{minor}.0"), false),
        );
        r.commit(&format!("release 1.{minor}"));
        r.git(&["tag", &format!("v1.{minor}.0")]);
    }
    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    // Every column links to its row.
    let links = html.matches("<a href=\"#c-").count();
    assert_eq!(links, 30);
    for link in html.split("<a href=\"#").skip(1) {
        let id = &link[..link.find('"').unwrap()];
        assert!(html.contains(&format!("<tr id=\"{id}\"")), "no row {id}");
    }
    // Release labels: no two in one lane overlap (x and width estimated as the layout does).
    let mut labels: Vec<(f64, f64, usize)> = html
        .split("<text x=\"")
        .skip(1)
        .filter(|t| t[..t.find('>').unwrap()].contains("font-size=\"10\" fill=\"#"))
        .map(|t| {
            let x: f64 = t[..t.find('"').unwrap()].parse().unwrap();
            let y = t.split("y=\"").nth(1).unwrap();
            let y: f64 = y[..y.find('"').unwrap()].parse().unwrap();
            let text = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            (y, x, text.chars().count())
        })
        .collect();
    assert!(labels.len() > 5, "{labels:?}");
    labels.sort_by(|a, b| a.partial_cmp(b).unwrap());
    for pair in labels.windows(2) {
        let ((y1, x1, n1), (y2, x2, _)) = (pair[0], pair[1]);
        assert!(y1 != y2 || x1 + n1 as f64 * 6.0 < x2, "{pair:?} overlap");
    }
    // Dates under the axis, a legend apart from the bars.
    assert!(html.contains(">2024-01-01</text>"));
    assert!(html.contains("release, under-versioned"));
}

#[test]
fn the_timeline_dates_spread_along_the_axis() {
    // Thirty commits, one every third day from January to March: more than one date a month,
    // none too close to the one before, in order.
    let r = Repo::new();
    for i in 0..30u32 {
        let (month, day) = (1 + (i * 3) / 31, 1 + (i * 3) % 31);
        r.write("api/openapi.yaml", &pets_spec(&format!("1.{i}.0"), false));
        r.commit_at(
            &format!("change {i}"),
            &format!("2024-{month:02}-{day:02}T12:00:00Z"),
        );
    }
    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--format", "html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = stdout(&o);
    let axis = &html[html.rfind("<g font-size=\"10\" fill=\"#555\">").unwrap()..];
    let dates: Vec<(f64, &str)> = axis
        .split("<text x=\"")
        .skip(1)
        .map(|t| {
            let x = t[..t.find('"').unwrap()].parse().unwrap();
            (x, &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        })
        .collect();
    assert!(dates.len() >= 8, "{dates:?}");
    assert_eq!(dates[0].1, "2024-01-01");
    for pair in dates.windows(2) {
        assert!(pair[1].0 - pair[0].0 >= 90.0, "{pair:?} too close");
        assert!(pair[0].1 < pair[1].1, "{pair:?} out of order");
    }
}

/// An old revision whose `x-stability-level` or `x-sunset` weir cannot act on is read with a
/// warning, so the walk goes on with its version and changes; `weir diff` of that revision
/// still refuses it (exit 2).
#[test]
fn an_old_revision_with_a_bad_convention_value_is_a_warning_in_the_log() {
    let spec = |level: &str, sunset: &str, version: &str, extra: &str| {
        format!(
            "openapi: 3.1.0
info: {{title: t, version: '{version}'}}
paths:
  /pets:
    get:
      x-stability-level: {level}
      x-sunset: '{sunset}'
      responses:
        '200': {{description: ok}}
{extra}"
        )
    };
    let r = Repo::new();
    r.write(
        "api/openapi.yaml",
        &spec("experimental", "next year", "1.0.0", ""),
    );
    r.commit("bad conventions");
    r.write(
        "api/openapi.yaml",
        &spec(
            "beta",
            "2030-01-01",
            "1.1.0",
            "  /cats:\n    get:\n      responses:\n        '200': {description: ok}\n",
        ),
    );
    r.commit("fixed, and /cats added");
    let commits = log(&r);
    assert_eq!(commits.len(), 2);
    let first = &commits[0];
    assert!(first["error"].is_null(), "{first:#}");
    assert_eq!(first["version"], "1.0.0", "{first:#}");
    let warnings: Vec<&str> = first["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(
        warnings[0].starts_with("x-stability-level is `experimental`: expected one of")
            && warnings[0].ends_with(":api/openapi.yaml:6:26)"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].starts_with("x-sunset is `next year`, not a date"),
        "{warnings:?}"
    );
    // The change made with the fix is listed against the revision before it.
    let second = &commits[1];
    assert_eq!(
        second["warnings"].as_array().unwrap().len(),
        0,
        "{second:#}"
    );
    let rules: Vec<&str> = second["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"endpoint-added"), "{rules:?}");
    let text = stdout(&r.weir(&["log", "--spec", "api/openapi.yaml"]));
    assert!(
        text.contains("    warning: x-sunset is `next year`"),
        "{text}"
    );
    // Elsewhere the value is still an error at its place.
    let o = r.weir(&["diff", "HEAD~1:api/openapi.yaml", "HEAD:api/openapi.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(flat(&stderr(&o)).contains("x-stability-level is `experimental`"));
}

/// Workers read ahead of the pairs they compare only so far (`history::compare`): with more
/// workers than that distance, on more revisions than workers, each still ends and the log is
/// the one a single worker writes.
#[test]
fn every_worker_count_walks_the_whole_history_to_the_same_log() {
    let r = Repo::new();
    for minor in 0..12 {
        r.write(
            "api/openapi.yaml",
            &pets_spec(&format!("1.{minor}.0"), minor % 2 == 1),
        );
        r.commit(&format!("revision {minor}"));
    }
    let run = |jobs: &str| {
        let o = r.weir(&[
            "log",
            "--spec",
            "api/openapi.yaml",
            "--format",
            "json",
            "--jobs",
            jobs,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let one = run("1");
    let commits: serde_json::Value = serde_json::from_str(&one).unwrap();
    let commits = commits["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 12);
    // Adding the required `owner` parameter breaks; removing it does not.
    for (i, c) in commits.iter().enumerate().skip(1) {
        assert_eq!(
            c["summary"]["breaking"].as_u64(),
            Some(u64::from(i % 2 == 1)),
            "{c:#}"
        );
    }
    for jobs in ["2", "3", "5", "16"] {
        assert_eq!(run(jobs), one, "--jobs {jobs}");
    }
}

/// `--until` ends the log at a revision (HEAD's later commits and tags are not walked), with
/// `--since` too; a revision git does not know, or where the spec's path is not, is bad input
/// rather than an empty log.
#[test]
fn until_ends_the_log_at_a_revision() {
    let r = Repo::new();
    for (minor, subject) in ["first", "second", "third", "fourth"].iter().enumerate() {
        r.write(
            "api/openapi.yaml",
            &pets_spec(&format!("1.{minor}.0"), minor == 3),
        );
        r.commit(subject);
        r.git(&["tag", &format!("v1.{minor}.0")]);
    }
    let listed = |extra: &[&str]| {
        let mut args = vec!["log", "--spec", "api/openapi.yaml", "--format", "json"];
        args.extend_from_slice(extra);
        let o = r.weir(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let commits = v["commits"].as_array().unwrap().clone();
        commits
            .iter()
            .map(|c| c["subject"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(listed(&[]), ["first", "second", "third", "fourth"]);
    assert_eq!(listed(&["--until", "v1.2.0"]), ["first", "second", "third"]);
    assert_eq!(listed(&["--until", "HEAD~3"]), ["first"]);
    assert_eq!(
        listed(&["--since", "v1.0.0", "--until", "v1.2.0"]),
        ["second", "third"],
        "the commits after --since, up to --until"
    );

    let o = r.weir(&["log", "--spec", "api/openapi.yaml", "--until", "v9"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unknown revision `v9`"),
        "{}",
        stderr(&o)
    );

    std::fs::create_dir_all(r.path().join("spec")).unwrap();
    r.git(&["mv", "api/openapi.yaml", "spec/openapi.yaml"]);
    r.commit("move the spec");
    let o = r.weir(&["log", "--spec", "spec/openapi.yaml", "--until", "v1.1.0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = flat(&stderr(&o));
    assert!(
        err.contains("`spec/openapi.yaml` does not exist at revision `v1.1.0`")
            && err.contains("--spec"),
        "{err}"
    );
}
