//! Refusals as `application/problem+json` (RFC 9457): the standard members (`type`, `title`,
//! `status`, `detail`, `instance`) and `errors`, every violation with where in the request it
//! is and where in the spec the refusing keyword is written.

use serde_json::{Value, json};

use super::negotiate::{essence, media_matches};
use super::{Break, Reply, Request};
use crate::model::{Operation, Spec};
use crate::vocabulary::Method;
use crate::vocabulary::NodeRef;

/// Why a request is refused.
#[derive(Clone, Debug)]
pub struct Refusal {
    pub status: u16,
    pub title: &'static str,
    pub detail: String,
    pub problems: Vec<Problem>,
    /// For 405: the methods the path has.
    pub allow: Vec<Method>,
    /// For 401: the `WWW-Authenticate` challenge.
    pub challenge: Option<String>,
    /// In revision mode: the breaking changes behind a refusal the base would not make.
    pub breaks: Vec<Break>,
}

impl Refusal {
    pub(crate) fn new(status: u16, title: &'static str, detail: impl Into<String>) -> Refusal {
        Refusal {
            status,
            title,
            detail: detail.into(),
            problems: Vec::new(),
            allow: Vec::new(),
            challenge: None,
            breaks: Vec::new(),
        }
    }

    /// A short name for the kind of refusal, the last part of its problem type.
    pub(crate) fn kind(&self) -> &'static str {
        match self.status {
            400 | 422 => "invalid-request",
            401 => "unauthorized",
            408 => "request-timeout",
            404 => "no-such-path",
            405 => "method-not-allowed",
            406 => "not-acceptable",
            413 => "request-too-large",
            415 => "unsupported-media-type",
            _ => "mock-error",
        }
    }
}

/// One reason a request is invalid.
#[derive(Clone, Debug)]
pub struct Problem {
    /// `path`, `query`, `header`, `cookie`, `body` or `security`.
    pub place: &'static str,
    /// The parameter or header; `None` for the body.
    pub name: Option<String>,
    /// Inside the parameter's or body's value (RFC 6901; `""`: all of it).
    pub pointer: String,
    /// The refusing keyword (`required`, `maxLength`, …).
    pub keyword: &'static str,
    pub message: String,
    /// The spec node that refuses: the keyword, the parameter, the media types.
    pub at: Option<NodeRef>,
}

/// The problem document of a refusal (`spec`: where its problems' nodes are).
pub(crate) fn document(spec: Option<&Spec>, request: &Request, refusal: &Refusal) -> Value {
    let errors: Vec<Value> = refusal
        .problems
        .iter()
        .map(|p| {
            let mut e = json!({
                "in": p.place,
                "pointer": p.pointer,
                "keyword": p.keyword,
                "message": p.message,
            });
            if let Some(name) = &p.name {
                e["name"] = json!(name);
            }
            if let Some(l) = p.at.zip(spec).map(|(n, spec)| spec.location(n)) {
                e["spec"] = json!({
                    "file": l.file,
                    "line": l.line,
                    "column": l.column,
                    "pointer": l.pointer,
                });
            }
            e
        })
        .collect();
    let mut doc = json!({
        "type": format!("urn:weir:mock:{}", refusal.kind()),
        "title": refusal.title,
        "status": refusal.status,
        "detail": refusal.detail,
        "instance": request.target,
    });
    if !errors.is_empty() {
        doc["errors"] = Value::Array(errors);
    }
    if !refusal.breaks.is_empty() {
        doc["breaking"] = refusal
            .breaks
            .iter()
            .map(|b| {
                json!({
                    "rule": b.rule,
                    "fingerprint": b.fingerprint,
                    "level": b.level.as_str(),
                    "message": b.message,
                })
            })
            .collect();
    }
    doc
}

/// The HTTP reply of a refusal.
pub(crate) fn reply(spec: &Spec, request: &Request, refusal: &Refusal) -> Reply {
    render(Some(spec), request, refusal)
}

/// The HTTP reply of a refusal made before any spec is consulted (413, 408).
pub(crate) fn bare(request: &Request, refusal: &Refusal) -> Reply {
    render(None, request, refusal)
}

fn render(spec: Option<&Spec>, request: &Request, refusal: &Refusal) -> Reply {
    let mut headers = vec![(
        "content-type".to_string(),
        "application/problem+json".to_string(),
    )];
    if !refusal.allow.is_empty() {
        let allow: Vec<&str> = refusal.allow.iter().map(|m| m.upper()).collect();
        headers.push(("allow".into(), allow.join(", ")));
    }
    if let Some(c) = &refusal.challenge {
        headers.push(("www-authenticate".into(), c.clone()));
    }
    let mut body = serde_json::to_vec_pretty(&document(spec, request, refusal))
        .expect("a problem document serializes");
    body.push(b'\n');
    Reply {
        status: refusal.status,
        headers,
        body,
        ..Reply::default()
    }
}

/// A problem document's `Content-Type`, as the operation documents the status: when the
/// response it documents for that status takes JSON but not `application/problem+json`
/// (Swagger 2's `produces: [application/json]`, say), the problem is labelled with that JSON
/// type — its body is JSON either way.
pub(crate) fn label(reply: &mut Reply, op: &Operation) {
    let Some(slot) = reply
        .headers
        .iter_mut()
        .find(|(k, v)| k == "content-type" && v == "application/problem+json")
    else {
        return;
    };
    let status = reply.status.to_string();
    let range = format!("{}XX", reply.status / 100);
    let Some(documented) = [status.as_str(), range.as_str(), "default"]
        .iter()
        .find_map(|s| op.responses.iter().find(|r| r.status == *s))
    else {
        return;
    };
    let keys: Vec<&str> = documented.content.iter().map(|m| m.key.as_str()).collect();
    if keys.is_empty()
        || keys
            .iter()
            .any(|k| media_matches(k, "application/problem+json"))
    {
        return;
    }
    if let Some(json) = keys
        .iter()
        .map(|k| essence(k))
        .find(|k| (k == "application/json" || k.ends_with("+json")) && !k.contains('*'))
    {
        slot.1 = json;
    }
}
