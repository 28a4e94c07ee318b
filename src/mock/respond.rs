//! The response to an accepted request: the documented success status (or the one `Prefer:
//! code=…` names), the media type `Accept` takes best (406 when none), and a body that
//! satisfies the schema — the spec's own example when it is valid (or the one `Prefer:
//! example=…` names), else a generated one — with every documented response header.
//!
//! Bodies depend only on the operation, status, media type, example and seed, so each is
//! made once and kept ([`Bodies`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::examples::{self, Example};
use super::negotiate::{choose, essence, preference};
use super::problem::{self, Refusal};
use super::{Checked, Mock, Reply, Request};
use crate::json_schema::{Generation, Validator, generate};
use crate::model::{Header, MediaType, Operation, Response, Spec};
use crate::vocabulary::Direction;

/// Which prepared reply: operation, response, media type (if any) and named example.
type Key = (usize, usize, Option<usize>, Option<String>);

/// A reply made for a key, or why there is none.
type Made = Result<Reply, Box<Refusal>>;

/// The replies made so far.
pub(crate) struct Bodies {
    seed: u64,
    made: Mutex<HashMap<Key, Arc<Made>>>,
}

impl Bodies {
    pub(crate) fn new(seed: u64) -> Bodies {
        Bodies {
            seed,
            made: Mutex::new(HashMap::new()),
        }
    }
}

pub(crate) fn respond(mock: &Mock, request: &Request, checked: &Checked) -> Reply {
    let spec = &mock.spec;
    let Some(index) = checked.operation else {
        return problem::reply(
            spec,
            request,
            &Refusal::new(500, "Mock Error", "no operation"),
        );
    };
    let op = &spec.operations[index];
    let prefer = preference(request.header("prefer").as_deref());
    let (response, status) = match status(op, prefer.code) {
        Ok(found) => found,
        Err(refusal) => return problem::reply(spec, request, &refusal),
    };
    let media = if op.responses[response].content.is_empty() {
        None
    } else {
        let offered: Vec<&str> = op.responses[response]
            .content
            .iter()
            .map(|m| m.key.as_str())
            .collect();
        match choose(&offered, request.header("accept").as_deref()) {
            Some(i) => Some(i),
            None => {
                let refusal = Refusal::new(
                    406,
                    "Not Acceptable",
                    format!(
                        "{} answers {status} with {}, which Accept does not take",
                        op.label(),
                        offered.join(", ")
                    ),
                );
                return problem::reply(spec, request, &refusal);
            }
        }
    };
    let key: Key = (index, response, media, prefer.example);
    let made = {
        let cache = mock
            .bodies
            .made
            .lock()
            .expect("no thread panics holding it");
        cache.get(&key).cloned()
    };
    let made = made.unwrap_or_else(|| {
        let fresh = Arc::new(prepare(
            spec,
            mock.bodies.seed,
            op,
            response,
            media,
            key.3.as_deref(),
        ));
        let mut cache = mock
            .bodies
            .made
            .lock()
            .expect("no thread panics holding it");
        cache.entry(key).or_insert(fresh).clone()
    });
    match made.as_ref() {
        Ok(reply) => Reply {
            status,
            ..reply.clone()
        },
        Err(refusal) => problem::reply(spec, request, refusal),
    }
}

/// The response to give and its status code: the one `Prefer: code` asks for, else the first
/// documented success (`200`, then `2XX`, then `default`), else the first documented one.
fn status(op: &Operation, code: Option<u16>) -> Result<(usize, u16), Box<Refusal>> {
    let responses = &op.responses;
    if let Some(code) = code {
        let text = code.to_string();
        let range = format!("{}XX", code / 100);
        return [text.as_str(), range.as_str(), "default"]
            .iter()
            .find_map(|s| responses.iter().position(|r| r.status == *s))
            .map(|i| (i, code))
            .ok_or_else(|| {
                Box::new(Refusal::new(
                    400,
                    "Bad Request",
                    format!(
                        "Prefer asks for code={code}; {} documents no such response",
                        op.label()
                    ),
                ))
            });
    }
    let success = responses
        .iter()
        .position(|r| r.status.starts_with('2') && r.status.parse::<u16>().is_ok())
        .or_else(|| responses.iter().position(|r| r.status == "2XX"))
        .or_else(|| responses.iter().position(|r| r.status == "default"));
    if let Some(i) = success {
        return Ok((i, code_of(&responses[i]).unwrap_or(200)));
    }
    responses
        .iter()
        .enumerate()
        .find_map(|(i, r)| code_of(r).map(|c| (i, c)))
        .ok_or_else(|| {
            Box::new(Refusal::new(
                500,
                "Mock Error",
                format!("{} documents no response", op.label()),
            ))
        })
}

/// `404` → 404, `4XX` → 400; `default` has none of its own.
fn code_of(r: &Response) -> Option<u16> {
    match r.status.parse() {
        Ok(c) => Some(c),
        Err(_) => r
            .status
            .strip_suffix("XX")
            .and_then(|d| d.parse::<u16>().ok())
            .map(|d| d * 100),
    }
}

/// The reply for one response and media type, or why there is none.
fn prepare(
    spec: &Spec,
    seed: u64,
    op: &Operation,
    response: usize,
    media: Option<usize>,
    example: Option<&str>,
) -> Result<Reply, Box<Refusal>> {
    let r = &op.responses[response];
    let v = Validator::new(spec, Direction::Response);
    let how = Generation {
        seed,
        optional: true,
    };
    let mut headers: Vec<(String, String)> = r
        .headers
        .iter()
        .filter(|h| h.key != "content-type")
        .filter_map(|h| {
            Some((
                h.key.clone(),
                header_text(h, &generated_header(&v, h, how)?),
            ))
        })
        .collect();
    let Some(m) = media.map(|i| &r.content[i]) else {
        return Ok(Reply {
            headers,
            ..Reply::default()
        });
    };
    let value = body(spec, &v, how, r, m, example)?;
    headers.push(("content-type".into(), content_type(m)));
    Ok(Reply {
        headers,
        body: encode(m, &value),
        ..Reply::default()
    })
}

/// The body's value: the named example, else the first valid example, else a generated one.
fn body(
    spec: &Spec,
    v: &Validator,
    how: Generation,
    r: &Response,
    m: &MediaType,
    wanted: Option<&str>,
) -> Result<Value, Box<Refusal>> {
    let written = examples::of(spec, r, m);
    let valid = |e: &Example| m.schema.is_none_or(|s| v.is_valid(s, &e.value));
    if let Some(name) = wanted {
        let Some(e) = written.iter().find(|e| e.name.as_deref() == Some(name)) else {
            let names: Vec<&str> = written.iter().filter_map(|e| e.name.as_deref()).collect();
            return Err(Box::new(Refusal::new(
                400,
                "Bad Request",
                format!(
                    "Prefer asks for example={name}; this response's examples are: {}",
                    if names.is_empty() {
                        "none".into()
                    } else {
                        names.join(", ")
                    }
                ),
            )));
        };
        if !valid(e) {
            return Err(Box::new(Refusal::new(
                500,
                "Mock Error",
                format!("the example {name} does not satisfy its response schema"),
            )));
        }
        return Ok(e.value.clone());
    }
    if let Some(e) = written.iter().find(|e| valid(e)) {
        return Ok(e.value.clone());
    }
    let Some(schema) = m.schema else {
        return Ok(Value::Object(Default::default()));
    };
    generate(v, schema, how).ok_or_else(|| {
        let at = spec.schema(schema).at.map(|n| spec.location(n));
        Box::new(Refusal::new(
            500,
            "Mock Error",
            format!(
                "weir found no value that satisfies the response schema{}",
                at.map(|l| format!(" at {}:{}:{}", l.file, l.line, l.column))
                    .unwrap_or_default()
            ),
        ))
    })
}

fn generated_header(v: &Validator, h: &Header, how: Generation) -> Option<Value> {
    let schema = h
        .schema
        .or_else(|| h.content.first().and_then(|m| m.schema))?;
    generate(v, schema, how)
}

/// A header value in the `simple` style: arrays comma-separated, objects as `k,v` pairs
/// (`k=v` exploded).
fn header_text(h: &Header, value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(scalar_text).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                let sep = if h.explode { "=" } else { "," };
                format!("{k}{sep}{}", scalar_text(v))
            })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The `Content-Type` to send: the media type as written, a range made concrete.
fn content_type(m: &MediaType) -> String {
    let e = essence(&m.key);
    match e.as_str() {
        "*/*" | "application/*" => "application/json".into(),
        "text/*" => "text/plain".into(),
        _ if e.ends_with("/*") => e.replace('*', "octet-stream"),
        _ => m.name.clone(),
    }
}

/// The value as bytes of its media type: JSON, text, or a URL-encoded form.
fn encode(m: &MediaType, value: &Value) -> Vec<u8> {
    let e = essence(&content_type(m));
    let json = e == "application/json" || e.ends_with("+json");
    match value {
        Value::String(s) if !json => s.clone().into_bytes(),
        Value::Object(map) if e == "application/x-www-form-urlencoded" => {
            let mut form = form_urlencoded::Serializer::new(String::new());
            for (k, v) in map {
                form.append_pair(k, &scalar_text(v));
            }
            form.finish().into_bytes()
        }
        _ => serde_json::to_vec(value).expect("a JSON value serializes"),
    }
}
