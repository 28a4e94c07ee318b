//! A rule's message: the `{key}` placeholders it names and how a change fills them.

use std::borrow::Cow;

use crate::vocabulary::Change;

/// `template` with each `{key}` replaced by its value (left as written when it has none).
/// Values are borrowed from the change where they can be, the braces found as bytes, and
/// room made for a path or two: every finding's message is filled, thousands in a big diff.
pub(super) fn fill<'v>(template: &str, value: impl Fn(&str) -> Option<Cow<'v, str>>) -> String {
    let mut out = String::with_capacity(template.len() + 128);
    let mut rest = template;
    while let Some(start) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].bytes().position(|b| b == b'}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = &rest[start + 1..start + len];
        push_value(&mut out, key, value(key));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// A placeholder's value at the end of `out`, or the placeholder as written when it has none.
pub(super) fn push_value(out: &mut String, key: &str, value: Option<Cow<'_, str>>) {
    match value {
        Some(v) => out.push_str(&v),
        None => {
            out.push('{');
            out.push_str(key);
            out.push('}');
        }
    }
}

/// A rule's message cut at its `{key}` placeholders when the catalogue is read: every
/// finding's message is filled from its rule's, thousands in a big diff, and looking for the
/// braces again each time cost as much as the rest of the filling (0.7 M instructions on a
/// big GitHub diff).
#[derive(Debug)]
pub(super) enum MessagePiece {
    Text(String),
    /// `{key}`: filled as [`fill`] fills it.
    Key(String),
}

/// The pieces of `template`, which [`Rule::render`](super::Rule::render) fills as [`fill`]
/// fills the template: a `{` without a `}` after it is text.
pub(super) fn message_pieces(template: &str) -> Vec<MessagePiece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        if start > 0 {
            pieces.push(MessagePiece::Text(rest[..start].to_string()));
        }
        pieces.push(MessagePiece::Key(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        pieces.push(MessagePiece::Text(rest.to_string()));
    }
    pieces
}

/// What a message can name besides facts.
const FIELDS: &[&str] = &[
    "name",
    "before",
    "after",
    "path",
    "operation",
    "context",
    "direction",
];

/// The facts a message names: its `{…}` placeholders that are not fields of every change.
pub(super) fn placeholders(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(key, _)| key))
        .filter(|key| !FIELDS.contains(key))
}

/// The value of a message placeholder for a change, if it has one.
pub fn placeholder<'c>(c: &'c Change, key: &str) -> Option<Cow<'c, str>> {
    let none = || Cow::Borrowed("(none)");
    match key {
        "name" => c.name.as_deref().map(Cow::Borrowed),
        "before" => Some(c.before.as_deref().map_or_else(none, Cow::Borrowed)),
        "after" => Some(c.after.as_deref().map_or_else(none, Cow::Borrowed)),
        "path" => Some(Cow::Borrowed(&c.path)),
        "operation" => c.operations.first().map(|o| Cow::Borrowed(o.label())),
        "context" => Some(Cow::Borrowed(c.context.as_str())),
        "direction" => Some(Cow::Borrowed(c.direction.as_str())),
        _ => c.fact(key).map(Cow::Borrowed),
    }
}
