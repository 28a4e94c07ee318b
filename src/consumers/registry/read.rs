//! Reading consumer files' trees: located errors, strings, places.

use crate::error::{Error, Located, Result};
use crate::tree::{Resolved, Tree};
use crate::vocabulary::NodeId;

/// A located "this file is not right" error.
pub(super) fn invalid(tree: &Tree, node: NodeId, message: impl Into<String>) -> Error {
    Error::invalid(Located::at_node(tree, node, message))
}

/// A string value, or an error naming what it should have been.
pub(super) fn string(tree: &Tree, node: NodeId, what: &str) -> Result<String> {
    match tree.resolve(node) {
        Some(Resolved::Str(s)) => Ok(s.to_string()),
        Some(Resolved::Number(s)) => Ok(s.to_string()),
        _ => Err(invalid(tree, node, format!("{what} must be a string"))),
    }
}

/// `file:line:col` of a node.
pub(super) fn place(tree: &Tree, node: NodeId) -> String {
    let p = tree.anchor_pos(node);
    format!("{}:{}:{}", tree.name, p.line, p.column)
}
