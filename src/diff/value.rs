//! Values written in a spec (enum entries, defaults, extensions) compared by meaning:
//! key order, quoting and YAML-vs-JSON spelling do not matter; `1.0` equals `1`.

use std::fmt::Write;

use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::NodeId;

/// A canonical JSON text for a node: maps with sorted keys, numbers normalized.
pub fn canonical(tree: &Tree, node: NodeId) -> String {
    let mut out = String::new();
    write_canonical(tree, node, &mut out, 0);
    out
}

/// Values nested deeper than this are cut short; they are compared by their prefix.
const MAX_DEPTH: usize = 128;

fn write_canonical(tree: &Tree, node: NodeId, out: &mut String, depth: usize) {
    if depth > MAX_DEPTH {
        out.push('…');
        return;
    }
    match tree.value(node) {
        NodeValue::Scalar { .. } => match tree.resolve(node) {
            Some(Resolved::Null) | None => out.push_str("null"),
            Some(Resolved::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            Some(Resolved::Number(t)) => out.push_str(&normalize_number(t)),
            Some(Resolved::Str(s)) => write_json_string(s, out),
        },
        NodeValue::Seq(items) => {
            out.push('[');
            for (i, &item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(tree, item, out, depth + 1);
            }
            out.push(']');
        }
        NodeValue::Map(entries) => {
            let mut sorted: Vec<(&str, NodeId)> = entries
                .iter()
                .map(|&(k, v)| (tree.text(k).unwrap_or(""), v))
                .collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_canonical(tree, v, out, depth + 1);
            }
            out.push('}');
        }
    }
}

fn normalize_number(text: &str) -> String {
    match crate::tree::parse_number(text) {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) if v.is_finite() => format!("{v}"),
        _ => text.to_string(),
    }
}

fn write_json_string(s: &str, out: &mut String) {
    // Most values need no escape: copied in one piece (Stripe's enums have hundreds of them).
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.reserve(s.len() + 2);
        out.push('"');
        out.push_str(s);
        out.push('"');
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Two optional values are the same: written the same way (cheap), or meaning the same.
pub fn same(
    a: &crate::model::Spec,
    x: Option<crate::vocabulary::NodeRef>,
    b: &crate::model::Spec,
    y: Option<crate::vocabulary::NodeRef>,
) -> bool {
    match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => {
            let (tx, ty) = (a.tree(x), b.tree(y));
            let same_text = matches!((tx.value(x.node), ty.value(y.node)),
                (NodeValue::Scalar { text: t, style: s }, NodeValue::Scalar { text: u, style: v }) if t == u && s == v);
            same_text || canonical(tx, x.node) == canonical(ty, y.node)
        }
        _ => false,
    }
}

/// How a value reads in a message: strings bare when simple, anything else as JSON.
pub fn display(tree: &Tree, node: NodeId) -> String {
    match tree.resolve(node) {
        Some(Resolved::Str(s)) => format!("\"{s}\""),
        _ => {
            let c = canonical(tree, node);
            if c.chars().count() > 80 {
                let cut: String = c.chars().take(77).collect();
                format!("{cut}…")
            } else {
                c
            }
        }
    }
}
