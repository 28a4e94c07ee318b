//! `comment: true`: the report as one pull-request comment, found again by its hidden marker
//! and edited on each run, against a local stand-in for GitHub's REST API.

use std::sync::{Arc, Mutex};

use serde_json::json;

use crate::Runner;
use crate::common::*;
use crate::http::{Request, Response, Server};
use crate::pull_request::{docs_only_pull_request, event};

const MARKER: &str = "<!-- weir-report -->";

/// The comments of issue 7 of acme/api; `writable: false` answers writes as GitHub does for a
/// fork's read-only token.
struct Api {
    server: Server,
    comments: Arc<Mutex<Vec<(u64, String)>>>,
}

impl Api {
    fn start(existing: Vec<String>, writable: bool) -> Api {
        let comments: Arc<Mutex<Vec<(u64, String)>>> = Arc::new(Mutex::new(
            existing
                .into_iter()
                .enumerate()
                .map(|(i, b)| (i as u64 + 1, b))
                .collect(),
        ));
        let state = Arc::clone(&comments);
        let server = Server::start(move |r| answer(r, &state, writable));
        Api { server, comments }
    }

    fn bodies(&self) -> Vec<String> {
        self.comments
            .lock()
            .unwrap()
            .iter()
            .map(|(_, b)| b.clone())
            .collect()
    }
}

fn answer(r: &Request, comments: &Mutex<Vec<(u64, String)>>, writable: bool) -> Response {
    if r.header("authorization") != Some("Bearer token-123") {
        return Response::json(401, &json!({"message": "Bad credentials"}));
    }
    let mut comments = comments.lock().unwrap();
    let (path, query) = r.target.split_once('?').unwrap_or((&r.target, ""));
    let body = || -> String {
        serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["body"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let read_only = || {
        Response::json(
            403,
            &json!({"message": "Resource not accessible by integration"}),
        )
    };
    match (r.method.as_str(), path) {
        ("GET", "/repos/acme/api/issues/7/comments") => {
            let param = |k: &str| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix(&format!("{k}=")))
                    .and_then(|v| v.parse::<usize>().ok())
            };
            let (per_page, page) = (param("per_page").unwrap_or(30), param("page").unwrap_or(1));
            let items: Vec<_> = comments
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|(id, b)| json!({"id": id, "body": b}))
                .collect();
            Response::json(200, &json!(items))
        }
        ("POST", "/repos/acme/api/issues/7/comments") if writable => {
            let id = comments.len() as u64 + 1;
            comments.push((id, body()));
            Response::json(
                201,
                &json!({"id": id, "html_url": format!("https://example.test/c/{id}")}),
            )
        }
        ("PATCH", p) if writable && p.starts_with("/repos/acme/api/issues/comments/") => {
            let id: u64 = p.rsplit('/').next().unwrap().parse().unwrap();
            match comments.iter_mut().find(|(i, _)| *i == id) {
                Some(c) => {
                    c.1 = body();
                    Response::json(
                        200,
                        &json!({"id": id, "html_url": format!("https://example.test/c/{id}")}),
                    )
                }
                None => Response::json(404, &json!({"message": "Not Found"})),
            }
        }
        ("POST" | "PATCH", _) => read_only(),
        _ => Response::json(404, &json!({"message": "Not Found"})),
    }
}

/// Runs the check step of pull request #7 (docs only) with `comment: true` against `api`.
fn run(api: &Api) -> (Option<i32>, String) {
    let (r, main, head) = docs_only_pull_request();
    let gh = Runner::new();
    let ev = event(&gh, &main, &head);
    let o = gh.step(
        r.path(),
        "check",
        &[
            ("INPUT_SPEC", "api/openapi.yaml"),
            ("INPUT_COMMENT", "true"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", ev.to_str().unwrap()),
            ("GITHUB_TOKEN", "token-123"),
            ("GITHUB_REPOSITORY", "acme/api"),
            ("GITHUB_API_URL", &api.server.url),
        ],
    );
    (o.status.code(), format!("{}{}", stdout(&o), stderr(&o)))
}

#[test]
fn the_report_is_one_comment_created_then_updated() {
    let api = Api::start(vec!["LGTM".into()], true);
    let (code, log) = run(&api);
    assert_eq!(code, Some(0), "{log}");
    assert!(
        log.contains("weir: commented on #7: https://example.test/c/2"),
        "{log}"
    );
    let bodies = api.bodies();
    assert_eq!(bodies.len(), 2);
    let comment = &bodies[1];
    assert!(comment.starts_with(MARKER), "{comment}");
    assert!(
        comment.contains("### What this pull request changes"),
        "{comment}"
    );
    assert!(comment.contains("### Release gate"), "{comment}");
    assert!(comment.contains("major"), "{comment}");

    // The next push edits the same comment.
    let (code, log) = run(&api);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("weir: updated its comment on #7"), "{log}");
    assert_eq!(api.bodies().len(), 2);
    let methods: Vec<String> = api
        .server
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.target))
        .collect();
    assert_eq!(
        methods,
        [
            "GET /repos/acme/api/issues/7/comments?per_page=100&page=1",
            "POST /repos/acme/api/issues/7/comments",
            "GET /repos/acme/api/issues/7/comments?per_page=100&page=1",
            "PATCH /repos/acme/api/issues/comments/2",
        ]
    );
}

#[test]
fn weirs_comment_is_found_on_a_later_page() {
    // 250 comments, weir's is number 237: on the third page of 100.
    let existing: Vec<String> = (1..=250)
        .map(|i| {
            if i == 237 {
                format!("{MARKER}\nold report")
            } else {
                format!("comment {i}")
            }
        })
        .collect();
    let api = Api::start(existing, true);
    let (code, log) = run(&api);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("weir: updated its comment on #7"), "{log}");
    let bodies = api.bodies();
    assert_eq!(bodies.len(), 250, "no new comment");
    assert!(bodies[236].contains("### Release gate"), "{}", bodies[236]);
    let asked: Vec<String> = api
        .server
        .requests()
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert!(asked.contains(&"/repos/acme/api/issues/7/comments?per_page=100&page=3".to_string()));
    assert!(asked.contains(&"/repos/acme/api/issues/comments/237".to_string()));
}

#[test]
fn a_read_only_token_is_a_warning_not_a_failed_job() {
    let api = Api::start(Vec::new(), false);
    let (code, log) = run(&api);
    assert_eq!(code, Some(0), "{log}");
    assert!(
        log.contains("::warning title=weir::Could not comment on #7 (HTTP 403)"),
        "{log}"
    );
    assert!(
        log.contains("a pull request from a fork gets a read-only token"),
        "{log}"
    );
    assert!(api.bodies().is_empty());
}

#[test]
fn a_huge_report_is_cut_to_fit_in_a_comment() {
    let api = Api::start(Vec::new(), true);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.md");
    let rows: String = (1..=5000)
        .map(|i| format!("| `GET /things/{i}` | a change to thing {i} |\n"))
        .collect();
    std::fs::write(
        &report,
        format!("## FAIL\n\n| Operation | Change |\n|---|---|\n{rows}"),
    )
    .unwrap();
    // post_comment on its own, as scripts/action.sh calls it.
    let o = std::process::Command::new("bash")
        .arg("-c")
        .arg(
            "set -euo pipefail; action_path=\"$1\"; source \"$1/scripts/action/limits.sh\"; \
             source \"$1/scripts/action/comment.sh\"; post_comment 7 \"$2\"",
        )
        .arg("bash")
        .arg(root())
        .arg(&report)
        .env("GITHUB_TOKEN", "token-123")
        .env("GITHUB_REPOSITORY", "acme/api")
        .env("GITHUB_API_URL", &api.server.url)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let body = &api.bodies()[0];
    assert!(body.chars().count() <= 65_536, "{}", body.len());
    assert!(body.len() > 60_000, "cut near the limit: {}", body.len());
    let shown = body.matches("| `GET /things/").count();
    assert!(
        body.ends_with(&format!(
            "**… and {} more rows not shown here** — the full report is in the job summary and the workflow run's artifact\n",
            5000 - shown
        )),
        "{}",
        &body[body.len() - 300..]
    );
}
