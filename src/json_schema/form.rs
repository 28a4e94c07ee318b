//! Form bodies read as the object their schema describes: `application/x-www-form-urlencoded`
//! (`name=Rex&tags=a&tags=b`) and `multipart/form-data` (one part per field). Each field is
//! read by its property's schema: repeated fields make an array where the schema wants one, a
//! part sent as JSON is parsed, and the rest are texts read as [`super::coerce`] reads them.

use serde_json::{Map, Value};

use super::coerce::{self, Shape};
use super::validate::Validator;
use crate::model::SchemaId;

/// One form field as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Field {
    pub name: String,
    pub value: Vec<u8>,
    /// The part's own `Content-Type`, for multipart.
    pub content_type: Option<String>,
}

/// The fields of a URL-encoded body.
pub(crate) fn urlencoded(body: &[u8]) -> Vec<Field> {
    form_urlencoded::parse(body)
        .map(|(k, v)| Field {
            name: k.into_owned(),
            value: v.into_owned().into_bytes(),
            content_type: None,
        })
        .collect()
}

/// The fields of a multipart body with this `boundary`, or why it is not one.
pub(crate) fn multipart(body: &[u8], boundary: &str) -> Result<Vec<Field>, String> {
    let delimiter = format!("--{boundary}");
    let mut fields = Vec::new();
    let mut rest = match find(body, delimiter.as_bytes()) {
        Some(start) => &body[start + delimiter.len()..],
        None => return Err(format!("no part starts with the boundary `{boundary}`")),
    };
    loop {
        if rest.starts_with(b"--") {
            return Ok(fields);
        }
        let part_start = rest
            .strip_prefix(b"\r\n")
            .ok_or("a boundary is not followed by a line break")?;
        let end = find(part_start, format!("\r\n{delimiter}").as_bytes())
            .ok_or("the body ends before its closing boundary")?;
        fields.push(part(&part_start[..end])?);
        rest = &part_start[end + 2 + delimiter.len()..];
    }
}

/// One part: its header lines, a blank line, its content. Header lines are read leniently
/// (any bytes but line breaks): clients put arbitrary field names in Content-Disposition.
fn part(bytes: &[u8]) -> Result<Field, String> {
    let blank = find(bytes, b"\r\n\r\n");
    let (head, content) = match blank {
        Some(end) => (&bytes[..end], &bytes[end + 4..]),
        // A part with headers and no content.
        None if bytes.ends_with(b"\r\n") => (&bytes[..bytes.len() - 2], &[][..]),
        None => return Err("a part has no blank line after its headers".into()),
    };
    let head = String::from_utf8_lossy(head);
    let header = |name: &str| {
        head.split("\r\n").find_map(|line| {
            let (k, v) = line.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    let disposition = header("content-disposition").ok_or("a part has no Content-Disposition")?;
    let name = disposition
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("name="))
        .map(|n| n.trim_matches('"').to_string())
        .next()
        .ok_or("a part's Content-Disposition has no name")?;
    Ok(Field {
        name,
        value: content.to_vec(),
        content_type: header("content-type"),
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The object the fields make, each read by its property's schema.
pub(crate) fn object(v: &Validator, schema: SchemaId, fields: &[Field]) -> Value {
    let mut names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    names.dedup();
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    let mut map = Map::new();
    for name in names {
        let sent: Vec<&Field> = fields.iter().filter(|f| f.name == name).collect();
        let property = coerce::property_schema(v, schema, name);
        let value = match property {
            Some(p) if coerce::shape(v, p) == Shape::Array => {
                let item = coerce::item_schema(v, p);
                Value::Array(sent.iter().map(|f| read(v, item, f)).collect())
            }
            _ if sent.len() > 1 => Value::Array(sent.iter().map(|f| read(v, None, f)).collect()),
            _ => read(v, property, sent[0]),
        };
        map.insert(name.to_string(), value);
    }
    Value::Object(map)
}

/// One field's value: parsed when it is JSON (by its content type, or because its schema
/// wants an object), else its text read by the schema.
fn read(v: &Validator, schema: Option<SchemaId>, field: &Field) -> Value {
    let text = String::from_utf8_lossy(&field.value);
    let json_part = field
        .content_type
        .as_deref()
        .is_some_and(|t| t.contains("json"));
    let wants_object = schema.is_some_and(|s| coerce::shape(v, s) == Shape::Object);
    if (json_part || wants_object)
        && let Ok(parsed) = serde_json::from_str(&text)
    {
        return parsed;
    }
    match schema {
        Some(s) => coerce::scalar(v, s, &text),
        None => Value::String(text.into_owned()),
    }
}
