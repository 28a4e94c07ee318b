//! Is a request one the spec accepts? Route it, check its security, read every parameter by
//! its style and explode and validate it, then its body ([`super::body`]). Every violation is
//! kept, so one refusal lists them all.

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::problem::{Problem, Refusal};
use super::routes::{Routed, Router};
use super::{Request, body, security};
use crate::json_schema::styles::{self, Carried, Serialization};
use crate::json_schema::{Validator, Violation};
use crate::model::{Operation, ParamIn, Parameter, Spec};
use crate::vocabulary::Direction;

/// A request routed and validated.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    /// The operation it routed to (an index into `spec.operations`).
    pub operation: Option<usize>,
    /// Why it is refused; `None`: the spec accepts it.
    pub refusal: Option<Refusal>,
    /// The declared parameters it carried.
    pub sent: Vec<(ParamIn, String)>,
    /// Its body, as the validated instance.
    pub body: Option<Value>,
}

/// Headers a parameter cannot declare (OpenAPI ignores such parameters): HTTP owns them.
const RESERVED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

pub(crate) fn check(spec: &Spec, router: &Router, request: &Request) -> Checked {
    let path = request.path();
    let (operation, variables) = match router.route(&request.method, path) {
        Routed::Found {
            operation,
            variables,
        } => (operation, variables),
        Routed::OtherMethods(allow) => {
            let mut refusal = Refusal::new(
                405,
                "Method Not Allowed",
                format!("{path} has no {} operation", request.method),
            );
            refusal.allow = allow;
            return refused(None, refusal);
        }
        Routed::NotFound => {
            let refusal = Refusal::new(
                404,
                "Not Found",
                format!("no path of the spec matches {path}"),
            );
            return refused(None, refusal);
        }
    };
    let op = &spec.operations[operation];
    if let Some(refusal) = security::check(spec, op, request) {
        return refused(Some(operation), refusal);
    }
    let v = Validator::new(spec, Direction::Request);
    let query = query_pairs(&request.target);
    let cookies = cookies(request);
    let mut problems = Vec::new();
    let mut sent = Vec::new();
    for p in &op.parameters {
        let raw = match p.location {
            ParamIn::Path => variables
                .iter()
                .find(|(n, _)| *n == p.name)
                .map(|(_, v)| Raw::Segment(v.as_str())),
            ParamIn::Query => Some(Raw::Query(&query)),
            ParamIn::Header if RESERVED_HEADERS.contains(&p.key.as_str()) => continue,
            ParamIn::Header => request.header(&p.name).map(Raw::Owned),
            ParamIn::Cookie => cookies
                .iter()
                .find(|(n, _)| *n == p.name)
                .map(|(_, v)| Raw::Owned(v.clone())),
        };
        match parameter(&v, p, raw) {
            ParameterRead::Absent if p.required => problems.push(Problem {
                place: p.location.name(),
                name: Some(p.name.clone()),
                pointer: String::new(),
                keyword: "required",
                message: format!(
                    "the required {} parameter `{}` is missing",
                    p.location.name(),
                    p.name
                ),
                at: Some(p.at),
            }),
            ParameterRead::Absent => {}
            ParameterRead::Value(value) => {
                sent.push((p.location, p.name.clone()));
                problems.extend(violations(&v, p, &value));
            }
            ParameterRead::Unreadable(message) => {
                sent.push((p.location, p.name.clone()));
                problems.push(Problem {
                    place: p.location.name(),
                    name: Some(p.name.clone()),
                    pointer: String::new(),
                    keyword: "content",
                    message,
                    at: Some(p.at),
                });
            }
        }
    }
    let parameters_ok = problems.is_empty();
    let body = body::check(spec, op, request);
    let mut checked = Checked {
        operation: Some(operation),
        refusal: None,
        sent,
        body: body.value,
    };
    if let Some(r) = body.refusal.filter(|r| r.status == 415) {
        checked.refusal = Some(r);
        return checked;
    }
    problems.extend(body.problems);
    if !problems.is_empty() {
        // Malformed parameters or body are a bad request; a well-formed body the schema
        // refuses is unprocessable.
        let status = if parameters_ok && !body.malformed {
            422
        } else {
            400
        };
        let count = problems.len();
        let mut refusal = Refusal::new(
            status,
            if status == 400 {
                "Bad Request"
            } else {
                "Unprocessable Content"
            },
            format!(
                "the request does not match {}: {count} violation{}",
                op.label(),
                if count == 1 { "" } else { "s" }
            ),
        );
        refusal.problems = problems;
        checked.refusal = Some(refusal);
    }
    checked
}

fn refused(operation: Option<usize>, refusal: Refusal) -> Checked {
    Checked {
        operation,
        refusal: Some(refusal),
        ..Checked::default()
    }
}

/// What a request carries for a parameter, before decoding.
enum Raw<'a> {
    Segment(&'a str),
    Query(&'a [(String, String)]),
    Owned(String),
}

enum ParameterRead {
    Absent,
    Value(Value),
    /// A `content` parameter whose text is not its media type.
    Unreadable(String),
}

fn parameter(v: &Validator, p: &Parameter, raw: Option<Raw>) -> ParameterRead {
    let Some(raw) = raw else {
        return ParameterRead::Absent;
    };
    if let Some(media) = p.content.first() {
        // A `content` parameter is one serialized value (JSON, usually), not a style.
        let text = match raw {
            Raw::Segment(s) => percent_decode_str(s).decode_utf8_lossy().into_owned(),
            Raw::Query(pairs) => match pairs.iter().find(|(k, _)| *k == p.name) {
                Some((_, v)) => v.clone(),
                None => return ParameterRead::Absent,
            },
            Raw::Owned(s) => s,
        };
        if media.key.contains("json") {
            return match serde_json::from_str(&text) {
                Ok(value) => ParameterRead::Value(value),
                Err(e) => {
                    ParameterRead::Unreadable(format!("`{}` is not {}: {e}", p.name, media.name))
                }
            };
        }
        return ParameterRead::Value(Value::String(text));
    }
    let Some(schema) = p.schema else {
        return ParameterRead::Value(Value::Null);
    };
    let style = Serialization {
        name: &p.name,
        style: &p.style,
        explode: p.explode,
    };
    let carried = match &raw {
        Raw::Segment(s) => Carried::Segment(s),
        Raw::Query(pairs) => Carried::Query(pairs),
        Raw::Owned(s) => Carried::Text(s),
    };
    match styles::decode(v, schema, style, carried) {
        Some(Value::String(s)) if s.is_empty() && p.allow_empty_value => ParameterRead::Absent,
        Some(value) => ParameterRead::Value(value),
        None => ParameterRead::Absent,
    }
}

/// The parameter's value against its schema (or its `content` media type's).
fn violations(v: &Validator, p: &Parameter, value: &Value) -> Vec<Problem> {
    let Some(schema) = p
        .schema
        .or_else(|| p.content.first().and_then(|m| m.schema))
    else {
        return Vec::new();
    };
    problems(p.location.name(), Some(&p.name), v.validate(schema, value))
}

/// Validation failures as problems of the request. Composite refusals (a failed `oneOf`)
/// stand for the failures below them: they are kept only when nothing below explains them.
pub(crate) fn problems(
    place: &'static str,
    name: Option<&str>,
    found: Vec<Violation>,
) -> Vec<Problem> {
    let only_composite = found.iter().all(Violation::is_composite);
    found
        .into_iter()
        .filter(|x| only_composite || !x.is_composite())
        .map(|x| problem(place, name, x))
        .collect()
}

/// A validation failure as a problem of the request.
pub(crate) fn problem(place: &'static str, name: Option<&str>, v: Violation) -> Problem {
    Problem {
        place,
        name: name.map(str::to_string),
        pointer: v.pointer(),
        keyword: v.keyword,
        message: v.message,
        at: v.at,
    }
}

/// The query string's `name=value` pairs, decoded (`+` is a space).
pub(crate) fn query_pairs(target: &str) -> Vec<(String, String)> {
    match target.split_once('?') {
        Some((_, q)) => form_urlencoded::parse(q.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        None => Vec::new(),
    }
}

/// The `Cookie` header's `name=value` pairs.
fn cookies(request: &Request) -> Vec<(String, String)> {
    request
        .header("cookie")
        .map(|h| {
            h.split(';')
                .filter_map(|c| {
                    let (k, v) = c.trim().split_once('=')?;
                    Some((k.to_string(), v.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The operation a checked request routed to.
pub(crate) fn operation<'s>(spec: &'s Spec, checked: &Checked) -> Option<&'s Operation> {
    checked.operation.map(|i| &spec.operations[i])
}
