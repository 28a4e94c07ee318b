//! Properties of the diff that hold for any spec: a spec equals itself whatever its spelling
//! (JSON or YAML, key order), and a difference is seen from both sides.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

use weir::Spec;

mod common;

fn spec(text: &str) -> Spec {
    common::spec_from_text("mem.yaml", text)
}

/// Block-style YAML with keys in reverse order: the same document spelled differently.
fn yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, val) in m.iter().rev() {
                out.push_str(&format!("{pad}{}:", serde_json::to_string(k).unwrap()));
                inline_or_block(val, indent, out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for val in a {
                out.push_str(&format!("{pad}-"));
                inline_or_block(val, indent, out);
            }
        }
        other => out.push_str(&format!("{pad}{other}\n")),
    }
}

fn inline_or_block(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            yaml(v, indent + 2, out);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            yaml(v, indent + 2, out);
        }
        other => out.push_str(&format!(" {other}\n")),
    }
}

fn schema(depth: u32) -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        (prop::option::of(1u32..50), prop::bool::ANY).prop_map(|(max, nullable)| {
            let mut m = Map::new();
            m.insert(
                "type".into(),
                if nullable {
                    json!(["string", "null"])
                } else {
                    json!("string")
                },
            );
            if let Some(max) = max {
                m.insert("maxLength".into(), json!(max));
            }
            Value::Object(m)
        }),
        (prop::option::of(-5i64..5), prop::option::of(5i64..100)).prop_map(|(min, max)| {
            let mut m = Map::new();
            m.insert("type".into(), json!("integer"));
            if let Some(min) = min {
                m.insert("minimum".into(), json!(min));
            }
            if let Some(max) = max {
                m.insert("exclusiveMaximum".into(), json!(max));
            }
            Value::Object(m)
        }),
        prop::collection::btree_set("[a-d]", 1..4).prop_map(
            |vals| json!({"type": "string", "enum": vals.into_iter().collect::<Vec<_>>()})
        ),
        Just(json!({"type": "boolean", "default": false})),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map("[e-h]", inner.clone(), 1..4),
                prop::bool::ANY
            )
                .prop_map(|(props, closed)| {
                    let required: Vec<String> = props.keys().take(1).cloned().collect();
                    let mut m = Map::new();
                    m.insert("type".into(), json!("object"));
                    m.insert("required".into(), json!(required));
                    m.insert(
                        "properties".into(),
                        Value::Object(props.into_iter().collect()),
                    );
                    if closed {
                        m.insert("additionalProperties".into(), json!(false));
                    }
                    Value::Object(m)
                }),
            inner
                .clone()
                .prop_map(|i| json!({"type": "array", "items": i, "maxItems": 10})),
            prop::collection::vec(inner.clone(), 2..3).prop_map(|bs| json!({"oneOf": bs})),
            (inner.clone(), inner).prop_map(|(a, b)| json!({"allOf": [a, b]})),
        ]
    })
    .boxed()
}

fn operation() -> impl Strategy<Value = Value> {
    (schema(3), schema(3), prop::bool::ANY, prop::option::of(schema(1))).prop_map(
        |(req, resp, required, param)| {
            let mut op = json!({
                "requestBody": {"required": required, "content": {"application/json": {"schema": req}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": resp}}}}
            });
            if let Some(p) = param {
                op["parameters"] = json!([{"name": "q", "in": "query", "schema": p}]);
            }
            op
        },
    )
}

fn document() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(vec!["/a", "/b/{id}", "/c/{x}/d"]),
        prop::collection::btree_map(prop::sample::select(vec!["get", "post", "put"]), operation(), 1..3),
        1..3,
    )
    .prop_map(|paths| {
        let paths: Map<String, Value> = paths
            .into_iter()
            .map(|(p, ops)| {
                let mut item: Map<String, Value> = ops.into_iter().map(|(m, o)| (m.to_string(), o)).collect();
                if p.contains('{') {
                    let names: Vec<&str> = p.split('{').skip(1).map(|s| s.split('}').next().unwrap()).collect();
                    let params: Vec<Value> = names
                        .iter()
                        .map(|n| json!({"name": n, "in": "path", "required": true, "schema": {"type": "string"}}))
                        .collect();
                    item.insert("parameters".into(), Value::Array(params));
                }
                (p.to_string(), Value::Object(item))
            })
            .collect();
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1.0.0"}, "paths": paths})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// diff(a, a) is empty, with `a` written as JSON on one side and as YAML with every
    /// map's keys reversed on the other.
    #[test]
    fn a_spec_equals_itself_in_any_spelling(doc in document()) {
        let json_text = serde_json::to_string(&doc).unwrap();
        let mut yaml_text = String::new();
        yaml(&doc, 0, &mut yaml_text);
        let (a, b) = (spec(&json_text), spec(&yaml_text));
        let changes = weir::diff(&a, &b);
        prop_assert!(changes.is_empty(), "{:?}\n{}", changes.first(), yaml_text);
    }

    /// `weir log`'s diff, which skips the schema pairs both sides share unchanged, finds what
    /// the diff finds: between a document and itself with one path item taken from another
    /// (most schemas shared), both ways, and between two unrelated documents.
    #[test]
    fn the_adjacent_diff_finds_what_the_diff_finds(x in document(), y in document()) {
        let mut z = x.clone();
        if let (Some(paths), Some((path, item))) =
            (z["paths"].as_object_mut(), y["paths"].as_object().and_then(|p| p.iter().next()))
        {
            paths.insert(path.clone(), item.clone());
        }
        for (a, b) in [(&x, &z), (&z, &x), (&x, &y)] {
            let (a, b) = (spec(&serde_json::to_string(a).unwrap()), spec(&serde_json::to_string(b).unwrap()));
            prop_assert_eq!(
                format!("{:#?}", weir::diff(&a, &b)),
                format!("{:#?}", weir::diff::diff_adjacent(&a, &b))
            );
        }
    }

    /// A difference seen one way is seen the other way too.
    #[test]
    fn differences_are_seen_from_both_sides(x in document(), y in document()) {
        let (a, b) = (spec(&serde_json::to_string(&x).unwrap()), spec(&serde_json::to_string(&y).unwrap()));
        let forward = weir::diff(&a, &b);
        let backward = weir::diff(&b, &a);
        prop_assert_eq!(forward.is_empty(), backward.is_empty());
    }
}
