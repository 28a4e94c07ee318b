//! Recording: what the traffic used, as a consumer manifest (`schemas/consumer.schema.json`).
//! Each routed request adds its operation, the declared query, header and cookie parameters it
//! carried (`query:limit`) and the body fields it sent, as JSON pointers with `*` for array
//! items (`/tags/*`). The manifest says nothing of `reads`: a mock cannot see what a client
//! reads, and a use without `reads` reads every field — the safe assumption.
//!
//! An existing manifest is merged, never lost: its entries and keys stay, what it lists for an
//! operation gains what the traffic used, and a use that already covers every field stays so.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use serde_json::{Map, Value, json};

use super::Checked;
use crate::model::{ParamIn, Spec};
use crate::tree::escape_pointer_segment;
use crate::vocabulary::path_key;

/// Body fields recorded per operation at most: a large generated body stays a small manifest.
const MAX_FIELDS: usize = 512;

/// The uses seen so far: operation (`GET /pets/{id}`) → what it sent.
#[derive(Default)]
pub(crate) struct Recorder {
    uses: Mutex<BTreeMap<String, BTreeSet<String>>>,
}

impl Recorder {
    /// Note what a routed request used.
    pub(crate) fn note(&self, spec: &Spec, checked: &Checked) {
        let Some(op) = super::request::operation(spec, checked) else {
            return;
        };
        let mut sends: BTreeSet<String> = checked
            .sent
            .iter()
            .filter(|(at, _)| *at != ParamIn::Path)
            .map(|(at, name)| format!("{}:{name}", at.name()))
            .collect();
        if let Some(body) = &checked.body {
            fields(body, &mut String::new(), &mut sends);
        }
        let mut uses = self.uses.lock().expect("no thread panics holding it");
        let known = uses.entry(op.label()).or_default();
        for s in sends {
            if known.len() < MAX_FIELDS {
                known.insert(s);
            }
        }
    }

    /// The manifest: `existing` (a manifest already on disk) with this traffic merged in, or a
    /// new one named `name`.
    pub(crate) fn manifest(&self, existing: Option<Value>, name: &str) -> Value {
        let uses = self
            .uses
            .lock()
            .expect("no thread panics holding it")
            .clone();
        merge(existing, name, uses)
    }
}

/// The leaves of a body as pointers, array items as `*`; empty objects and arrays are leaves.
fn fields(value: &Value, at: &mut String, out: &mut BTreeSet<String>) {
    if out.len() >= MAX_FIELDS {
        return;
    }
    let len = at.len();
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (k, v) in map {
                at.push('/');
                at.push_str(&escape_pointer_segment(k));
                fields(v, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            at.push_str("/*");
            for item in items {
                fields(item, at, out);
            }
            at.truncate(len);
        }
        _ if !at.is_empty() => {
            out.insert(at.clone());
        }
        _ => {}
    }
}

fn merge(
    existing: Option<Value>,
    name: &str,
    mut recorded: BTreeMap<String, BTreeSet<String>>,
) -> Value {
    let mut doc = match existing {
        Some(Value::Object(map)) => map,
        _ => Map::new(),
    };
    doc.entry("name").or_insert_with(|| json!(name));
    let mut uses = match doc.remove("uses") {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    for entry in &mut uses {
        let operation = match entry {
            Value::String(op) => op.clone(),
            Value::Object(o) => match o.get("operation") {
                Some(Value::String(op)) => op.clone(),
                _ => continue,
            },
            _ => continue,
        };
        // Parameter names need not match the spec's: `GET /pets/{id}` is `GET /pets/{petId}`.
        let Some(key) = recorded
            .keys()
            .find(|k| same_operation(k, &operation))
            .cloned()
        else {
            continue;
        };
        let sent = recorded.remove(&key).unwrap_or_default();
        // A plain operation, or one without `sends`, already covers everything it sends.
        if let Value::Object(o) = entry
            && let Some(listed) = o.get("sends")
        {
            let mut all: BTreeSet<String> = match listed {
                Value::String(s) => [s.clone()].into(),
                Value::Array(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                _ => BTreeSet::new(),
            };
            all.extend(sent);
            o.insert("sends".into(), json!(all));
        }
    }
    for (operation, sent) in recorded {
        uses.push(json!({ "operation": operation, "sends": sent }));
    }
    doc.insert("uses".into(), Value::Array(uses));
    Value::Object(doc)
}

/// `GET /pets/{id}` and `get /pets/{petId}` name one operation; an operationId only itself.
fn same_operation(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.split_once(char::is_whitespace)
            .map(|(m, p)| (m.to_ascii_uppercase(), path_key(p.trim())))
    };
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_fields_are_leaf_pointers_with_stars_for_items() {
        let mut out = BTreeSet::new();
        let body = json!({"name": "Rex", "tags": ["a", "b"], "owner": {"a/b": 1}, "empty": {}});
        fields(&body, &mut String::new(), &mut out);
        let got: Vec<&str> = out.iter().map(String::as_str).collect();
        assert_eq!(got, ["/empty", "/name", "/owner/a~1b", "/tags/*"]);
    }

    #[test]
    fn merging_keeps_what_the_manifest_had() {
        let existing = json!({
            "name": "billing",
            "owner": "team-billing",
            "uses": ["GET /pets", {"operation": "POST /pets", "sends": ["/name"]}, "get /pets/{x}"]
        });
        let recorded = BTreeMap::from([
            (
                "GET /pets".to_string(),
                BTreeSet::from(["query:limit".to_string()]),
            ),
            (
                "POST /pets".to_string(),
                BTreeSet::from(["/tag".to_string()]),
            ),
            ("DELETE /pets/{id}".to_string(), BTreeSet::new()),
            ("GET /pets/{id}".to_string(), BTreeSet::new()),
        ]);
        let merged = merge(Some(existing), "ignored", recorded);
        assert_eq!(
            merged,
            json!({
                "name": "billing",
                "owner": "team-billing",
                "uses": [
                    "GET /pets",
                    {"operation": "POST /pets", "sends": ["/name", "/tag"]},
                    "get /pets/{x}",
                    {"operation": "DELETE /pets/{id}", "sends": []}
                ]
            })
        );
    }
}
