//! OpenAPI parameter serialization read back: a parameter's `style` and `explode` say how an
//! array or object is spelled in a path segment, a query string, a header or a cookie
//! (`/users/.3.4`, `?id=3&id=4`, `?id[role]=admin`, `X-Ids: 3,4`). [`decode`] turns what a
//! request carries into the instance the parameter's schema validates, reading each text by
//! the schema ([`super::coerce`]).

use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::coerce::{self, Shape};
use super::validate::Validator;
use crate::model::SchemaId;

/// How one parameter is serialized.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Serialization<'a> {
    pub name: &'a str,
    /// `simple`, `label`, `matrix`, `form`, `spaceDelimited`, `pipeDelimited`, `deepObject`.
    pub style: &'a str,
    pub explode: bool,
}

/// What a request carries for a parameter.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Carried<'a> {
    /// A path segment as sent (still percent-encoded): its pieces are decoded after splitting,
    /// so an encoded delimiter stays part of a value.
    Segment(&'a str),
    /// A header or cookie value.
    Text(&'a str),
    /// Every decoded `name=value` pair of the query string.
    Query(&'a [(String, String)]),
}

/// The parameter's instance, or `None` when the request does not carry it.
pub(crate) fn decode(
    v: &Validator,
    schema: SchemaId,
    style: Serialization,
    carried: Carried,
) -> Option<Value> {
    let shape = coerce::shape(v, schema);
    let decoded = match carried {
        Carried::Query(pairs) => query(style, shape, pairs, v, schema)?,
        Carried::Segment(text) => pieces(style, shape, text, true)?,
        Carried::Text(text) => pieces(style, shape, text, false)?,
    };
    Some(match decoded {
        Decoded::One(text) => coerce::scalar(v, schema, &text),
        Decoded::List(items) => coerce::array(v, schema, &items),
        Decoded::Pairs(pairs) => coerce::object(v, schema, &pairs),
    })
}

/// A parameter's texts, before they are read by the schema.
enum Decoded {
    One(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// A value serialized in one text (path segment, header, cookie) by `simple`, `label`,
/// `matrix` or `form`.
fn pieces(style: Serialization, shape: Shape, text: &str, encoded: bool) -> Option<Decoded> {
    let decode = |s: &str| -> String {
        if encoded {
            percent_decode_str(s).decode_utf8_lossy().into_owned()
        } else {
            s.to_string()
        }
    };
    let (body, delimiter) = match style.style {
        "label" => (
            text.strip_prefix('.')?,
            if style.explode { '.' } else { ',' },
        ),
        "matrix" => return matrix(style, shape, text, &decode),
        _ => (text, ','),
    };
    Some(match shape {
        Shape::Scalar => Decoded::One(decode(body)),
        Shape::Array => Decoded::List(split(body, delimiter).map(decode).collect()),
        Shape::Object if style.explode => Decoded::Pairs(
            split(body, delimiter)
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        ),
        Shape::Object => Decoded::Pairs(alternating(split(body, delimiter).map(decode).collect())),
    })
}

/// `;id=5`, `;id=3,4`, `;id=3;id=4`, `;role=admin,name=Alex`, `;role=admin;name=Alex`.
fn matrix(
    style: Serialization,
    shape: Shape,
    text: &str,
    decode: &dyn Fn(&str) -> String,
) -> Option<Decoded> {
    let body = text.strip_prefix(';')?;
    let entries: Vec<(&str, &str)> = body
        .split(';')
        .map(|e| e.split_once('=').unwrap_or((e, "")))
        .collect();
    let own = |k: &str| decode(k) == style.name;
    Some(match (shape, style.explode) {
        (Shape::Object, true) => Decoded::Pairs(
            entries
                .iter()
                .map(|(k, v)| (decode(k), decode(v)))
                .collect(),
        ),
        (Shape::Array, true) => Decoded::List(
            entries
                .iter()
                .filter(|(k, _)| own(k))
                .map(|(_, v)| decode(v))
                .collect(),
        ),
        _ => {
            let (_, value) = entries.iter().find(|(k, _)| own(k))?;
            match shape {
                Shape::Scalar => Decoded::One(decode(value)),
                Shape::Array => Decoded::List(split(value, ',').map(decode).collect()),
                Shape::Object => {
                    Decoded::Pairs(alternating(split(value, ',').map(decode).collect()))
                }
            }
        }
    })
}

/// A query parameter: `form` (exploded: repeated keys, or an object's properties as keys of
/// their own), `spaceDelimited`, `pipeDelimited` and `deepObject` (`id[role]=admin`).
fn query(
    style: Serialization,
    shape: Shape,
    pairs: &[(String, String)],
    v: &Validator,
    schema: SchemaId,
) -> Option<Decoded> {
    let values: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == style.name)
        .map(|(_, v)| v.as_str())
        .collect();
    if style.style == "deepObject" {
        let prefix = format!("{}[", style.name);
        let found: Vec<(String, String)> = pairs
            .iter()
            .filter_map(|(k, v)| {
                let inner = k.strip_prefix(&prefix)?.strip_suffix(']')?;
                Some((inner.to_string(), v.clone()))
            })
            .collect();
        return (!found.is_empty()).then_some(Decoded::Pairs(found));
    }
    let delimiter = match style.style {
        "spaceDelimited" => ' ',
        "pipeDelimited" => '|',
        _ => ',',
    };
    match shape {
        Shape::Object if style.explode => {
            // Each property is a query key of its own: the ones the schema declares.
            let found: Vec<(String, String)> = pairs
                .iter()
                .filter(|(k, _)| coerce::property_schema(v, schema, k).is_some())
                .cloned()
                .collect();
            (!found.is_empty()).then_some(Decoded::Pairs(found))
        }
        Shape::Object => Some(Decoded::Pairs(alternating(
            split(values.first()?, delimiter)
                .map(str::to_string)
                .collect(),
        ))),
        Shape::Array if style.explode => (!values.is_empty())
            .then(|| Decoded::List(values.iter().map(|s| s.to_string()).collect())),
        Shape::Array => Some(Decoded::List(
            split(values.first()?, delimiter)
                .map(str::to_string)
                .collect(),
        )),
        Shape::Scalar => values.first().map(|s| Decoded::One(s.to_string())),
    }
}

/// The pieces of a delimited text; an empty text has none.
fn split(text: &str, delimiter: char) -> impl Iterator<Item = &str> {
    text.split(delimiter).filter(move |_| !text.is_empty())
}

/// `k1,v1,k2,v2` → `[(k1, v1), (k2, v2)]`.
fn alternating(items: Vec<String>) -> Vec<(String, String)> {
    items
        .chunks(2)
        .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default()))
        .collect()
}
