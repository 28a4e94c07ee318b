//! Pact contract files (specification v2, v3 and v4, JSON) as consumers: each HTTP
//! interaction is a use of the operation its method and path match, reading the response
//! body fields and headers it expects and sending the request body fields, query
//! parameters, headers and cookies it shows. The interactions themselves are kept to verify
//! against the revision.

use serde_json::Value;

use super::consumer::{Consumer, OpRef, Spot, Use, method};
use super::interaction::Interaction;
use super::matchers;
use super::read::{invalid, place, string};
use crate::error::Result;
use crate::json_schema::instance;
use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::NodeId;

/// A Pact file names its consumer and provider and lists interactions (or messages).
pub(crate) fn is_pact(tree: &Tree) -> bool {
    let root = tree.root();
    tree.get(root, "consumer").is_some()
        && tree.get(root, "provider").is_some()
        && (tree.get(root, "interactions").is_some() || tree.get(root, "messages").is_some())
}

/// The consumer a Pact file describes, and the provider it names.
pub(crate) fn read(tree: &Tree) -> Result<(Consumer, Option<String>)> {
    let root = tree.root();
    let name_of = |key: &str| -> Result<Option<String>> {
        let Some(party) = tree.get(root, key) else {
            return Ok(None);
        };
        tree.get(party, "name")
            .map(|n| string(tree, n, &format!("`{key}.name`")))
            .transpose()
    };
    let consumer_node = tree.get(root, "consumer").unwrap_or(root);
    let name = name_of("consumer")?
        .ok_or_else(|| invalid(tree, consumer_node, "a Pact file needs `consumer.name`"))?;
    let provider = name_of("provider")?;
    let version = spec_version(tree);
    let mut c = Consumer::new(name, tree.name.clone());
    if let Some(list) = tree.get(root, "interactions") {
        let Some(items) = tree.items(list) else {
            return Err(invalid(tree, list, "`interactions` must be a list"));
        };
        for (i, &item) in items.iter().enumerate() {
            // v4 files mix HTTP interactions with message ones; only HTTP ones are requests.
            if let Some(t) = tree.get(item, "type")
                && tree.text(t).is_some_and(|t| t != "Synchronous/HTTP")
            {
                continue;
            }
            let interaction = read_interaction(tree, item, i, &version)?;
            let path_node = tree
                .get(item, "request")
                .and_then(|r| tree.get(r, "path"))
                .unwrap_or(item);
            c.uses.push(Use {
                operation: OpRef::Request {
                    method: interaction.method,
                    path: interaction.path.clone(),
                },
                reads: Some(interaction.reads()),
                sends: Some(interaction.sends()),
                place: interaction.place.clone(),
                at: Spot::at(tree, path_node),
                written: Vec::new(),
            });
            c.interactions.push(interaction);
        }
    }
    Ok((c, provider))
}

/// `metadata.pactSpecification.version` (v3, v4), `metadata.pact-specification.version` or
/// `metadata.pactSpecificationVersion` (older writers); 2.0.0 when absent.
fn spec_version(tree: &Tree) -> String {
    let root = tree.root();
    let Some(meta) = tree.get(root, "metadata") else {
        return "2.0.0".into();
    };
    let nested = ["pactSpecification", "pact-specification"]
        .into_iter()
        .find_map(|k| tree.get(meta, k))
        .and_then(|n| tree.get(n, "version"));
    nested
        .or_else(|| tree.get(meta, "pactSpecificationVersion"))
        .and_then(|n| tree.text(n))
        .unwrap_or("2.0.0")
        .to_string()
}

fn read_interaction(tree: &Tree, item: NodeId, index: usize, version: &str) -> Result<Interaction> {
    let what = |k: &str| format!("interaction {index}: `{k}`");
    let description = match tree.get(item, "description") {
        Some(d) => string(tree, d, &what("description"))?,
        None => format!("interaction {index}"),
    };
    let request = tree
        .get(item, "request")
        .ok_or_else(|| invalid(tree, item, format!("interaction {index} has no `request`")))?;
    let response = tree
        .get(item, "response")
        .ok_or_else(|| invalid(tree, item, format!("interaction {index} has no `response`")))?;
    let method_node = tree
        .get(request, "method")
        .ok_or_else(|| invalid(tree, request, what("request.method") + " is missing"))?;
    let method_text = string(tree, method_node, &what("request.method"))?;
    let method = method(&method_text).ok_or_else(|| {
        invalid(
            tree,
            method_node,
            format!("`{method_text}` is not an HTTP method"),
        )
    })?;
    let path_node = tree
        .get(request, "path")
        .ok_or_else(|| invalid(tree, request, what("request.path") + " is missing"))?;
    let full_path = string(tree, path_node, &what("request.path"))?;
    let (path, inline_query) = match full_path.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (full_path, None),
    };
    let mut query = inline_query.map(|q| parse_query(&q)).unwrap_or_default();
    if let Some(q) = tree.get(request, "query") {
        match tree.value(q) {
            NodeValue::Scalar { text, .. } => query.extend(parse_query(text)),
            NodeValue::Map(_) => {
                for (name, values) in tree.map_iter(q) {
                    let list = match tree.value(values) {
                        NodeValue::Seq(items) => items
                            .iter()
                            .filter_map(|&i| tree.text(i).map(str::to_string))
                            .collect(),
                        _ => tree.text(values).map(str::to_string).into_iter().collect(),
                    };
                    query.push((name.to_string(), list));
                }
            }
            NodeValue::Seq(_) => {
                return Err(invalid(
                    tree,
                    q,
                    what("request.query") + " must be a string or a map",
                ));
            }
        }
    }
    let status_node = tree
        .get(response, "status")
        .ok_or_else(|| invalid(tree, response, what("response.status") + " is missing"))?;
    let status = match tree.resolve(status_node) {
        Some(Resolved::Number(n)) | Some(Resolved::Str(n)) => n.parse::<u16>().ok(),
        _ => None,
    }
    .filter(|s| (100..600).contains(s))
    .ok_or_else(|| {
        invalid(
            tree,
            status_node,
            what("response.status") + " must be an HTTP status",
        )
    })?;
    // Request rules are read for their errors: the request's example is what it sends.
    matchers::read(tree, request)?;
    let response_rules = matchers::read(tree, response)?;
    let headers = headers_of(tree, request);
    let response_headers = headers_of(tree, response);
    let body = body_of(tree, request);
    let response_body = body_of(tree, response);
    Ok(Interaction {
        description,
        place: place(tree, item),
        pact_version: version.to_string(),
        method,
        path,
        query,
        headers: with_content_type(headers, tree, request),
        body,
        status,
        response_headers: with_content_type(response_headers, tree, response),
        response_body,
        response_rules,
    })
}

/// Header names lowercased; a list of values (v4) joined with `, `.
fn headers_of(tree: &Tree, part: NodeId) -> Vec<(String, String)> {
    let Some(h) = tree.get(part, "headers") else {
        return Vec::new();
    };
    tree.map_iter(h)
        .map(|(name, v)| {
            let value = match tree.value(v) {
                NodeValue::Seq(items) => items
                    .iter()
                    .filter_map(|&i| tree.text(i))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => tree.text(v).unwrap_or("").to_string(),
            };
            (name.to_ascii_lowercase(), value)
        })
        .collect()
}

/// v4 writes the body's content type beside it (`body.contentType`).
fn with_content_type(
    mut headers: Vec<(String, String)>,
    tree: &Tree,
    part: NodeId,
) -> Vec<(String, String)> {
    if !headers.iter().any(|(n, _)| n == "content-type")
        && let Some(ct) = tree
            .get(part, "body")
            .and_then(|b| tree.get(b, "contentType"))
            .and_then(|n| tree.text(n))
    {
        headers.push(("content-type".into(), ct.to_string()));
    }
    headers
}

/// The body as JSON: v2/v3 write it as is; v4 wraps it as `{content, contentType, encoded}`.
/// An encoded (base64) body is not a JSON value and is left out.
fn body_of(tree: &Tree, part: NodeId) -> Option<Value> {
    let b = tree.get(part, "body")?;
    let is_v4 = tree.get(b, "content").is_some() && tree.get(b, "contentType").is_some();
    if !is_v4 {
        return Some(instance::from_node(tree, b));
    }
    let encoded = tree
        .get(b, "encoded")
        .is_some_and(|e| !matches!(tree.resolve(e), Some(Resolved::Bool(false))));
    if encoded {
        return None;
    }
    let content = instance::from_node(tree, tree.get(b, "content")?);
    // A JSON body written as a string.
    if let Value::String(s) = &content
        && let Ok(v) = serde_json::from_str::<Value>(s)
        && tree
            .get(b, "contentType")
            .and_then(|n| tree.text(n))
            .is_some_and(|ct| ct.contains("json"))
    {
        return Some(v);
    }
    Some(content)
}

/// `a=1&b=x%20y&b=z` as names with their values.
fn parse_query(q: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (name, value) = (decode(name), decode(value));
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => out.push((name, vec![value])),
        }
    }
    out
}

/// Percent-decoding of a query component (`+` is a space).
pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode() {
        assert_eq!(
            parse_query("a=1&b=x%20y&b=z+w&flag"),
            vec![
                ("a".into(), vec!["1".into()]),
                ("b".into(), vec!["x y".into(), "z w".into()]),
                ("flag".into(), vec!["".into()]),
            ]
        );
        assert_eq!(decode("100%"), "100%");
    }
}
