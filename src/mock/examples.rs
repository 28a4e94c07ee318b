//! The examples a spec writes for a response body: OpenAPI 3's media type `example` and named
//! `examples` (a local `$ref` to `components/examples` followed), Swagger 2's response
//! `examples` by media type. `externalValue`s are not fetched.

use serde_json::Value;

use crate::json_schema::instance::from_node;
use crate::model::{Dialect, MediaType, Response, Spec};
use crate::tree::Tree;
use crate::vocabulary::NodeId;

/// One written example.
#[derive(Clone, Debug)]
pub(crate) struct Example {
    /// Its name in `examples`; `None` for a lone `example`.
    pub name: Option<String>,
    pub value: Value,
}

/// The examples written for this response's media type, in the spec's order.
pub(crate) fn of(spec: &Spec, r: &Response, m: &MediaType) -> Vec<Example> {
    let mut out = Vec::new();
    if spec.dialect == Dialect::Swagger2 {
        let tree = spec.tree(r.at);
        if let Some(examples) = tree.get(r.at.node, "examples") {
            for (media, node) in tree.map_iter(examples) {
                if media.eq_ignore_ascii_case(&m.name) || media.eq_ignore_ascii_case(&m.key) {
                    out.push(Example {
                        name: None,
                        value: from_node(tree, node),
                    });
                }
            }
        }
        return out;
    }
    let tree = spec.tree(m.at);
    if let Some(e) = tree.get(m.at.node, "example") {
        out.push(Example {
            name: None,
            value: from_node(tree, e),
        });
    }
    if let Some(examples) = tree.get(m.at.node, "examples") {
        for (name, node) in tree.map_iter(examples) {
            let node = follow(tree, node);
            if let Some(value) = tree.get(node, "value") {
                out.push(Example {
                    name: Some(name.to_string()),
                    value: from_node(tree, value),
                });
            }
        }
    }
    out
}

/// A `$ref` to another place in the same file, followed (a few hops at most).
fn follow(tree: &Tree, mut node: NodeId) -> NodeId {
    for _ in 0..8 {
        let Some(target) = tree
            .get(node, "$ref")
            .and_then(|r| tree.text(r))
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| tree.lookup_pointer(p))
        else {
            break;
        };
        node = target;
    }
    node
}
