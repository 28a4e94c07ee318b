//! A request body against the operation's `requestBody`: its `Content-Type` must be one the
//! operation takes (else 415), it must parse as that media type (JSON, URL-encoded form,
//! multipart form, text), and the value must satisfy the media type's schema.

use serde_json::Value;

use super::Request;
use super::negotiate::{media_matches, parameter};
use super::problem::{Problem, Refusal};
use super::request::problems;
use crate::json_schema::{Validator, form};
use crate::model::{Dialect, MediaType, Operation, SchemaId, Spec};
use crate::vocabulary::Direction;

/// What the body check found.
#[derive(Default)]
pub(crate) struct BodyCheck {
    pub value: Option<Value>,
    /// 415 when the media type is not one the operation takes.
    pub refusal: Option<Refusal>,
    pub problems: Vec<Problem>,
    /// The body could not be read as its media type (a bad request, not an invalid value).
    pub malformed: bool,
}

pub(crate) fn check(spec: &Spec, op: &Operation, request: &Request) -> BodyCheck {
    let mut out = BodyCheck::default();
    let Some(rb) = &op.request_body else {
        return out;
    };
    if request.body.is_empty() {
        if rb.required {
            out.malformed = true;
            out.problems.push(Problem {
                place: "body",
                name: None,
                pointer: String::new(),
                keyword: "required",
                message: format!("{} requires a body", op.label()),
                at: Some(rb.at),
            });
        }
        return out;
    }
    if rb.content.is_empty() {
        return out;
    }
    let sent = request.header("content-type");
    let media = match &sent {
        Some(t) => rb.content.iter().find(|m| media_matches(&m.key, t)),
        None if rb.content.len() == 1 => rb.content.first(),
        None => None,
    };
    let Some(media) = media else {
        let takes: Vec<&str> = rb.content.iter().map(|m| m.name.as_str()).collect();
        let mut refusal = Refusal::new(
            415,
            "Unsupported Media Type",
            format!(
                "{} takes {}, not {}",
                op.label(),
                takes.join(", "),
                sent.as_deref().unwrap_or("a body without Content-Type")
            ),
        );
        refusal.problems.push(Problem {
            place: "header",
            name: Some("Content-Type".into()),
            pointer: String::new(),
            keyword: "content",
            message: format!("expected one of {}", takes.join(", ")),
            at: Some(rb.at),
        });
        out.refusal = Some(refusal);
        return out;
    };
    let v = Validator::new(spec, Direction::Request);
    match read(
        &v,
        media,
        sent.as_deref().unwrap_or(&media.key),
        &request.body,
    ) {
        Ok(Some(value)) => {
            if let Some(schema) = media.schema {
                out.problems = problems("body", None, v.validate(schema, &value));
                let form = media.key.starts_with("application/x-www-form-urlencoded")
                    || media.key.starts_with("multipart/form-data");
                if spec.dialect == Dialect::Swagger2 && form {
                    out.problems
                        .extend(undeclared_form_fields(spec, schema, &value));
                }
            }
            out.value = Some(value);
        }
        Ok(None) => {}
        Err(message) => {
            out.malformed = true;
            out.problems.push(Problem {
                place: "body",
                name: None,
                pointer: String::new(),
                keyword: "content",
                message,
                at: Some(media.at),
            });
        }
    }
    out
}

/// The body as the instance its schema validates; `None` for media types weir does not read
/// (images, octet streams): any bytes are one of those.
fn read(
    v: &Validator,
    media: &MediaType,
    content_type: &str,
    body: &[u8],
) -> Result<Option<Value>, String> {
    let key = media.key.as_str();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        return serde_json::from_slice(body)
            .map(Some)
            .map_err(|e| format!("the body is not JSON: {e}"));
    }
    if essence == "application/x-www-form-urlencoded" {
        let fields = form::urlencoded(body);
        return Ok(media.schema.map(|s| form::object(v, s, &fields)));
    }
    if essence == "multipart/form-data" {
        let boundary = parameter(content_type, "boundary")
            .ok_or("a multipart body's Content-Type has no boundary")?;
        let fields = form::multipart(body, &boundary)?;
        return Ok(media.schema.map(|s| form::object(v, s, &fields)));
    }
    if essence.starts_with("text/") || key.starts_with("text/") {
        return match std::str::from_utf8(body) {
            Ok(text) => Ok(Some(Value::String(text.to_string()))),
            Err(_) => Err("the text body is not UTF-8".into()),
        };
    }
    Ok(None)
}

/// Swagger 2 declares a form field by field (`in: formData` parameters): a field it does not
/// declare is no parameter of the operation, as schemathesis reads it too.
fn undeclared_form_fields(spec: &Spec, schema: SchemaId, value: &Value) -> Vec<Problem> {
    let s = spec.schema(schema);
    let Value::Object(fields) = value else {
        return Vec::new();
    };
    fields
        .keys()
        .filter(|k| s.property(k).is_none())
        .map(|k| Problem {
            place: "body",
            name: None,
            pointer: crate::json_schema::instance::pointer(&[crate::json_schema::Step::Key(
                k.clone(),
            )]),
            keyword: "formData",
            message: format!("`{k}` is not a formData parameter of this operation"),
            at: s.at,
        })
        .collect()
}
