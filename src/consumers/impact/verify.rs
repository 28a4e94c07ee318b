//! Pact verification against a spec: each interaction's request (path and query parameters,
//! headers, body) and response (status, body) must validate against the spec's schemas. The
//! request is its example; the expected response body is the example as its matching rules
//! widen it (see [`crate::consumers::registry::matchers`]). A failure names the interaction and the schema
//! location that refuses it.

use serde::Serialize;
use serde_json::Value;

use crate::consumers::registry::interaction::Interaction;
use crate::consumers::registry::pact::decode;
use crate::consumers::registry::params::NOT_PARAMETERS;
use crate::consumers::registry::{Consumer, OpRef};
use crate::json_schema::Validator;
use crate::model::schema::TypeSet;
use crate::model::{MediaType, Operation, ParamIn, Parameter, SchemaId, Spec};
use crate::vocabulary::{Direction, Location};

#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    pub consumer: String,
    /// `"get pet 1" (GET /pets/1)`
    pub interaction: String,
    /// Where the interaction is written (`consumers/ios.json:12:5`).
    pub place: String,
    pub problem: String,
    /// The schema keyword that refuses, in the spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema: Option<Location>,
}

/// The consumer's interactions that fail against the revision, split: those that validated
/// against the base (the change breaks them), then those that already failed against it
/// (reported apart: the release does not make them worse). With one spec on both sides
/// (`weir consumers --spec`) every failure is of the first kind.
pub fn against_change(consumer: &Consumer, base: &Spec, revision: &Spec) -> Split {
    let now = verify(consumer, revision);
    if std::ptr::eq(base, revision) {
        return (now, Vec::new());
    }
    let before: std::collections::HashSet<String> = verify(consumer, base)
        .into_iter()
        .map(|f| f.place)
        .collect();
    now.into_iter().partition(|f| !before.contains(&f.place))
}

/// New failures, and those already failing against the base.
pub type Split = (Vec<Failure>, Vec<Failure>);

/// Every way the consumer's interactions fail against the spec.
pub fn verify(consumer: &Consumer, spec: &Spec) -> Vec<Failure> {
    let mut out = Vec::new();
    for i in &consumer.interactions {
        let mut fail = |problem: String, schema: Option<Location>| {
            out.push(Failure {
                consumer: consumer.name.clone(),
                interaction: i.label(),
                place: i.place.clone(),
                problem,
                schema,
            })
        };
        let request = OpRef::Request {
            method: i.method,
            path: i.path.clone(),
        };
        let Some(op) = super::resolve::find(spec, &request) else {
            fail(
                format!("no operation matches {} {}", i.method.upper(), i.path),
                None,
            );
            continue;
        };
        for (problem, schema) in check(i, op, spec) {
            fail(problem, schema);
        }
    }
    out
}

fn check(i: &Interaction, op: &Operation, spec: &Spec) -> Problems {
    let mut out = Vec::new();
    let requests = Validator::new(spec, Direction::Request);
    // What the consumer accepts of the response: the example, widened by its matchers.
    let responses = Validator::expecting(spec).widened_by(&i.response_rules);
    let segments = path_values(&op.path, &i.path);
    for p in &op.parameters {
        let label = format!("{} parameter `{}`", p.location.name(), p.name);
        let values: Vec<String> = match p.location {
            ParamIn::Path => segments
                .iter()
                .filter(|(n, _)| *n == p.name || p.implicit)
                .map(|(_, v)| decode(v))
                .take(1)
                .collect(),
            ParamIn::Query => i
                .query
                .iter()
                .filter(|(n, _)| *n == p.name)
                .flat_map(|(_, v)| v.clone())
                .collect(),
            ParamIn::Header => {
                // OpenAPI ignores these as parameters: they are the body's and the auth's.
                if NOT_PARAMETERS.contains(&p.name.to_ascii_lowercase().as_str()) {
                    continue;
                }
                i.headers
                    .iter()
                    .filter(|(n, _)| n.eq_ignore_ascii_case(&p.name))
                    .map(|(_, v)| v.clone())
                    .collect()
            }
            ParamIn::Cookie => continue,
        };
        if values.is_empty() {
            if p.required && p.location != ParamIn::Path {
                out.push((format!("required {label} is missing"), None));
            }
            continue;
        }
        if let Some(schema) = param_schema(p) {
            let value = coerce(spec, schema, &values);
            against(&mut out, &requests, &label, schema, &value);
        }
    }
    match (&i.body, &op.request_body) {
        (Some(body), Some(rb)) => match pick(&rb.content, i.request_content_type()) {
            Some(m) => {
                if let Some(s) = m.schema {
                    against(&mut out, &requests, "request body", s, body);
                }
            }
            None => out.push((
                format!(
                    "the request body's type {} is not one the operation accepts",
                    i.request_content_type().unwrap_or("(none given)")
                ),
                None,
            )),
        },
        (None, Some(rb)) if rb.required => out.push((
            "the request body is required but the interaction sends none".into(),
            None,
        )),
        _ => {}
    }
    let status = i.status.to_string();
    let range = format!("{}XX", &status[..1]);
    let response = [status.as_str(), range.as_str(), "default"]
        .into_iter()
        .find_map(|s| op.responses.iter().find(|r| r.status == s));
    let Some(response) = response else {
        out.push((
            format!("the operation declares no response {status} (nor {range}, nor default)"),
            None,
        ));
        return out;
    };
    if let Some(body) = &i.response_body {
        match pick(&response.content, i.response_content_type()) {
            Some(m) => {
                if let Some(s) = m.schema {
                    against(
                        &mut out,
                        &responses,
                        &format!("response {status} body"),
                        s,
                        body,
                    );
                }
            }
            None => out.push((
                format!(
                    "the interaction expects a body in response {status}, which declares none of type {}",
                    i.response_content_type().unwrap_or("(none given)")
                ),
                None,
            )),
        }
    }
    out
}

type Problems = Vec<(String, Option<Location>)>;

fn against(out: &mut Problems, v: &Validator, what: &str, schema: SchemaId, value: &Value) {
    for violation in v.validate(schema, value) {
        out.push((
            format!("{what}: {}", violation.describe()),
            violation.location(v.spec),
        ));
    }
}

fn param_schema(p: &Parameter) -> Option<SchemaId> {
    p.schema.or_else(|| p.content.iter().find_map(|m| m.schema))
}

/// The values of a template's path parameters in a concrete path (whole segments only).
fn path_values(template: &str, path: &str) -> Vec<(String, String)> {
    template
        .split('/')
        .zip(path.split('/'))
        .filter_map(|(t, p)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            Some((name.to_string(), p.to_string()))
        })
        .collect()
}

/// A parameter's text as the JSON value its schema describes: numbers and booleans parsed,
/// arrays from repeated or comma-separated values. What does not parse stays a string, for the
/// validator to refuse.
fn coerce(spec: &Spec, schema: SchemaId, values: &[String]) -> Value {
    let s = spec.schema(schema);
    let types = s.types.unwrap_or_default();
    if types.has(TypeSet::ARRAY) {
        let items: Vec<String> = if values.len() == 1 {
            values[0].split(',').map(str::to_string).collect()
        } else {
            values.to_vec()
        };
        let item_schema = s.items;
        return Value::Array(
            items
                .iter()
                .map(|v| match item_schema {
                    Some(i) => scalar(spec.schema(i).types.unwrap_or_default(), v),
                    None => Value::String(v.clone()),
                })
                .collect(),
        );
    }
    scalar(types, &values[0])
}

fn scalar(types: TypeSet, text: &str) -> Value {
    if types.has(TypeSet::INTEGER) || types.has(TypeSet::NUMBER) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::from(i);
        }
        if let Some(n) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
        {
            return Value::Number(n);
        }
    }
    if types.has(TypeSet::BOOLEAN) && (text == "true" || text == "false") {
        return Value::Bool(text == "true");
    }
    if types.has(TypeSet::NULL) && text.is_empty() && !types.has(TypeSet::STRING) {
        return Value::Null;
    }
    Value::String(text.to_string())
}

/// The media type that describes a body of `content_type`: the same type, then a wildcard
/// (`application/*`, `*/*`); without a content type, the only one or a JSON one.
fn pick<'m>(content: &'m [MediaType], content_type: Option<&str>) -> Option<&'m MediaType> {
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    match content_type {
        Some(ct) => {
            let want = essence(ct);
            let major = want.split('/').next().unwrap_or("").to_string();
            content
                .iter()
                .find(|m| essence(&m.key) == want)
                .or_else(|| {
                    content
                        .iter()
                        .find(|m| essence(&m.key) == format!("{major}/*"))
                })
                .or_else(|| content.iter().find(|m| essence(&m.key) == "*/*"))
        }
        None if content.len() == 1 => content.first(),
        None => content.iter().find(|m| m.key.contains("json")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_as_their_types() {
        assert_eq!(scalar(TypeSet::INTEGER, "42"), Value::from(42));
        assert_eq!(scalar(TypeSet::INTEGER, "x"), Value::from("x"));
        assert_eq!(scalar(TypeSet::BOOLEAN, "true"), Value::Bool(true));
        assert_eq!(scalar(TypeSet::STRING, "42"), Value::from("42"));
        assert_eq!(
            path_values("/pets/{id}/toys/{toy}", "/pets/1/toys/ball"),
            vec![("id".into(), "1".into()), ("toy".into(), "ball".into())]
        );
    }
}
