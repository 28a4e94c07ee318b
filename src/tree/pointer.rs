//! JSON pointer segments (RFC 6901) and the percent-decoding of `$ref` fragments.

use rustc_hash::FxHashMap;

use super::NodeId;

/// The pointers of nodes already passed, kept for the next (`Tree::pointer_with`): a big
/// diff places thousands of changes, most under a few hundred objects, and a pointer built
/// from nothing walks up the tree node by node, to the root.
#[derive(Debug, Default)]
pub struct Pointers {
    /// Each passed ancestor's pointer, as the start and length of its text in `text`.
    pub(super) at: FxHashMap<NodeId, (u32, u32)>,
    /// The pointers, one after another: the ancestors a walk passes are one chain, so each
    /// one's pointer is a prefix of the deepest one's, and that one is stored once for all of
    /// them (rather than a string of its own for each).
    pub(super) text: String,
    /// The nodes of the walk up, kept for the next walk so it need not allocate its own.
    pub(super) steps: Vec<NodeId>,
}

impl Pointers {
    /// The pointer of `node`, if it was passed.
    pub(super) fn get(&self, node: NodeId) -> Option<&str> {
        let &(start, length) = self.at.get(&node)?;
        let start = start as usize;
        self.text.get(start..start + length as usize)
    }
}

pub(crate) fn escape_pointer_segment(s: &str) -> std::borrow::Cow<'_, str> {
    if memchr::memchr2(b'~', b'/', s.as_bytes()).is_some() {
        s.replace('~', "~0").replace('/', "~1").into()
    } else {
        s.into()
    }
}

/// [`escape_pointer_segment`] of `s`, written at the end of `out`.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    // Most keys are short and have nothing to escape: a plain scan is cheaper for them than
    // setting up `memchr2` (every finding's pointers are written here).
    if !s.bytes().any(|b| b == b'~' || b == b'/') {
        out.push_str(s);
        return;
    }
    let mut from = 0;
    for i in memchr::memchr2_iter(b'~', b'/', s.as_bytes()) {
        out.push_str(&s[from..i]);
        out.push_str(if s.as_bytes()[i] == b'~' { "~0" } else { "~1" });
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// A sequence index, written at the end of `out` as `write!` would, without the formatting
/// machinery (every finding under a list item has one).
pub(crate) fn push_index(out: &mut String, index: u32) {
    out.push_str(itoa::Buffer::new().format(index));
}

/// RFC 6901: `~1` is `/`, `~0` is `~`. The inverse of [`escape_pointer_segment`], so
/// [`Tree::lookup_pointer`](super::Tree::lookup_pointer) finds every node by its
/// [`Tree::pointer`](super::Tree::pointer) — even under a key like `100%25`. A `$ref`
/// fragment is a URI fragment and is percent-decoded first, by [`fragment_segment`].
pub(crate) fn unescape_pointer_segment(s: &str) -> String {
    if s.contains('~') {
        s.replace("~1", "/").replace("~0", "~")
    } else {
        s.to_string()
    }
}

/// One segment of a `$ref` fragment (`#/paths/~1pets~1%7Bid%7D`): percent-decoded, then
/// unescaped as a JSON pointer.
pub(crate) fn fragment_segment(s: &str) -> String {
    unescape_pointer_segment(&percent_decode(s))
}

/// `$ref`s are URI references, so `%7B` may stand for `{` in a path name and `%20` for a
/// space in a file name.
pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::tree::{Format, NodeBuilder, Pos, Style, Tree};

    #[test]
    fn pointer_segments_round_trip() {
        assert_eq!(escape_pointer_segment("/pets/{id}"), "~1pets~1{id}");
        for s in ["", "a", "~", "/", "/pets/{id}~x", "~~//a~/b"] {
            let mut written = String::from("/");
            push_escaped(&mut written, s);
            assert_eq!(written, format!("/{}", escape_pointer_segment(s)));
        }
        for index in [0, 7, 10, 99, 4_096, u32::MAX] {
            let mut written = String::new();
            push_index(&mut written, index);
            assert_eq!(written, index.to_string());
        }
        assert_eq!(fragment_segment("~1pets~1%7Bid%7D"), "/pets/{id}");
        assert_eq!(unescape_pointer_segment("a~0b"), "a~b");
        // A plain JSON pointer is not percent-decoded: `pointer()` does not encode `%`.
        assert_eq!(unescape_pointer_segment("100%25"), "100%25");
        // `{'100%25': {'a/b~': 1}}`
        let mut b = NodeBuilder::default();
        let at = Pos::default();
        let (outer_key, inner_key) = (
            b.own_scalar(at, 0, Style::Quoted, "100%25"),
            b.own_scalar(at, 0, Style::Quoted, "a/b~"),
        );
        let one = b.own_scalar(at, 0, Style::Plain, "1");
        let inner = b.map(at, 0, &[(inner_key, one)]);
        let root = b.map(at, 0, &[(outer_key, inner)]);
        let t = Tree::new("t".into(), Arc::from(""), Format::Yaml, b, root);
        assert_eq!(t.lookup_pointer("/100%25/a~1b~0"), Some(one));
        assert_eq!(t.pointer(one), "/100%25/a~1b~0");
    }
}
