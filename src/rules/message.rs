//! A rule's message: the `{key}` placeholders it names and how a change fills them.

use std::borrow::Cow;

use crate::vocabulary::Change;

/// `template` with each `{key}` replaced by its value (left as written when it has none): a
/// template filled once (a sibling message), cut as a rule's message is.
pub(super) fn fill<'v>(template: &str, value: impl Fn(&str) -> Option<Cow<'v, str>>) -> String {
    fill_pieces(&message_pieces(template), value)
}

/// A message cut by [`message_pieces`] with each key replaced by its value (left as written,
/// `{key}`, when it has none). Values are borrowed from the change where they can be, and
/// room made for a path or two: every finding's message is filled, thousands in a big diff.
pub(super) fn fill_pieces<'v>(
    pieces: &[MessagePiece],
    value: impl Fn(&str) -> Option<Cow<'v, str>>,
) -> String {
    let text: usize = pieces
        .iter()
        .map(|p| match p {
            MessagePiece::Text(t) | MessagePiece::Key(t) => t.len(),
        })
        .sum();
    let mut out = String::with_capacity(text + 128);
    for piece in pieces {
        match piece {
            MessagePiece::Text(text) => out.push_str(text),
            MessagePiece::Key(key) => match value(key) {
                Some(v) => out.push_str(&v),
                None => {
                    out.push('{');
                    out.push_str(key);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// A rule's message cut at its `{key}` placeholders when the catalogue is read: every
/// finding's message is filled from its rule's, thousands in a big diff, and looking for the
/// braces again each time cost as much as the rest of the filling (0.7 M instructions on a
/// big GitHub diff).
#[derive(Debug)]
pub(super) enum MessagePiece {
    Text(String),
    /// `{key}`: its value, or itself as written when it has none.
    Key(String),
}

/// The pieces of `template`: text, and the keys between `{` and the next `}`; a `{` without
/// a `}` after it is text.
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

/// The facts a message cut by [`message_pieces`] names: its keys that are not fields of
/// every change. The catalogue is checked against the keys its messages are filled with.
pub(super) fn placeholders(pieces: &[MessagePiece]) -> impl Iterator<Item = &str> {
    pieces
        .iter()
        .filter_map(|p| match p {
            MessagePiece::Key(key) => Some(key.as_str()),
            MessagePiece::Text(_) => None,
        })
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
