//! The located tree: every YAML or JSON node with its source position.
//!
//! Nodes live in one flat arena per file. Each node knows its parent and the key (or index) it
//! sits under, so a JSON pointer can be rebuilt for any node on demand instead of being stored
//! for the hundreds of thousands of nodes a large spec has.

use std::sync::Arc;

pub use crate::vocabulary::NodeId;

/// A position in a source file. `line` and `column` are 1-based, as editors show them;
/// `byte` is the 0-based byte offset (what miette needs for snippets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pos {
    pub byte: u32,
    pub line: u32,
    pub column: u32,
}

/// How a scalar was written. Only plain scalars are resolved to null / bool / number:
/// `"1.10"` and `'true'` are strings whatever they look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

/// What a node holds, borrowed from its tree.
#[derive(Clone, Copy, Debug)]
pub enum NodeValue<'t> {
    /// The text of the scalar, exactly as the author wrote it after unescaping
    /// (`version: 1.10` keeps "1.10").
    Scalar {
        text: &'t str,
        style: Style,
    },
    Seq(&'t [NodeId]),
    /// Entries in source order; each key is a scalar node of its own so it has a position.
    Map(&'t [(NodeId, NodeId)]),
}

/// Where a node's content lives in the tree's shared buffers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// Text at `source[a..a + b]` (most scalars: saphyr hands out slices of the input).
    SourceText,
    /// Text at `strings[a..a + b]` (scalars with escapes, folding, or copied by an alias).
    OwnText,
    /// Items at `items[a..a + b]`.
    Seq,
    /// Entries at `entries[a..a + b]`.
    Map,
}

/// One node. Its content sits in the tree's shared buffers, so a whole document is a handful
/// of allocations however many nodes it has.
#[derive(Clone, Debug)]
pub struct Node {
    pub start: Pos,
    pub end_byte: u32,
    /// `u32::MAX` for the root.
    parent: u32,
    /// For a map value: the key node. For a sequence item: its index. For a key: `u32::MAX`.
    slot: u32,
    content: Content,
    style: Style,
    a: u32,
    b: u32,
}

/// What a plain scalar means under the YAML 1.2 core schema (JSON is the same for JSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Resolved<'a> {
    Null,
    Bool(bool),
    /// A number, with its text (`1.10`), so callers decide how exact they need to be.
    Number(&'a str),
    Str(&'a str),
}

/// One parsed file: its name (as shown to users), its full text and its nodes.
#[derive(Debug)]
pub struct Tree {
    pub name: String,
    pub source: Arc<str>,
    pub format: Format,
    nodes: Vec<Node>,
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
    strings: String,
    /// Byte offset of the parsed text inside `source`: 3 after a UTF-8 byte-order mark, else 0.
    source_offset: u32,
    root: NodeId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// Detect by content: a document whose first meaningful character opens a JSON object or
    /// array is JSON, whatever its file name says.
    pub fn detect(text: &str) -> Format {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .as_bytes()
            .first()
        {
            Some(b'{') | Some(b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Json => "JSON",
        }
    }
}

const NO_PARENT: u32 = u32::MAX;

impl Tree {
    pub(crate) fn new(
        name: String,
        source: Arc<str>,
        format: Format,
        arena: NodeBuilder,
        root: NodeId,
    ) -> Tree {
        Tree {
            name,
            source,
            format,
            nodes: arena.nodes,
            items: arena.items,
            entries: arena.entries,
            strings: arena.strings,
            source_offset: arena.source_offset,
            root,
        }
    }

    pub fn root(&self) -> NodeId {
        self.root
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        let p = self.node(id).parent;
        (p != NO_PARENT).then_some(NodeId(p))
    }

    /// What a node holds.
    pub fn value(&self, id: NodeId) -> NodeValue<'_> {
        let n = self.node(id);
        let (a, b) = (n.a as usize, n.b as usize);
        match n.content {
            Content::SourceText => {
                let at = self.source_offset as usize + a;
                NodeValue::Scalar {
                    text: &self.source[at..at + b],
                    style: n.style,
                }
            }
            Content::OwnText => NodeValue::Scalar {
                text: &self.strings[a..a + b],
                style: n.style,
            },
            Content::Seq => NodeValue::Seq(&self.items[a..a + b]),
            Content::Map => NodeValue::Map(&self.entries[a..a + b]),
        }
    }

    /// The text of a scalar node (keys included), `None` for maps and sequences.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match self.value(id) {
            NodeValue::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A scalar's meaning: plain scalars resolve by the YAML 1.2 core schema, quoted and block
    /// scalars are always strings.
    pub fn resolve(&self, id: NodeId) -> Option<Resolved<'_>> {
        match self.value(id) {
            NodeValue::Scalar { text, style } => Some(match style {
                Style::Plain => resolve_plain(text),
                _ => Resolved::Str(text),
            }),
            _ => None,
        }
    }

    pub fn entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        match self.value(id) {
            NodeValue::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match self.value(id) {
            NodeValue::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// Iterate a map's entries as (key text, value).
    pub fn map_iter(&self, id: NodeId) -> impl Iterator<Item = (&str, NodeId)> + '_ {
        self.entries(id)
            .unwrap_or(&[])
            .iter()
            .map(|&(k, v)| (self.text(k).unwrap_or(""), v))
    }

    /// Look a key up in a map node.
    pub fn get(&self, id: NodeId, key: &str) -> Option<NodeId> {
        self.entries(id)?
            .iter()
            .find(|&&(k, _)| self.text(k) == Some(key))
            .map(|&(_, v)| v)
    }

    /// The key node a map value sits under, if it is one.
    pub fn key_of(&self, id: NodeId) -> Option<NodeId> {
        let n = self.node(id);
        match self.parent(id).map(|p| self.node(p).content) {
            Some(Content::Map) if n.slot != NO_PARENT => Some(NodeId(n.slot)),
            _ => None,
        }
    }

    /// Where a user should look for this node: for a map value, the line of its key
    /// (`name:` rather than the first line of the value below it).
    pub fn anchor_pos(&self, id: NodeId) -> Pos {
        match self.key_of(id) {
            Some(k) => self.node(k).start,
            None => self.node(id).start,
        }
    }

    /// The RFC 6901 JSON pointer of a node, rebuilt from parent links.
    pub fn pointer(&self, id: NodeId) -> String {
        let mut segments = Vec::new();
        let mut cur = id;
        while let Some(parent) = self.parent(cur) {
            let n = self.node(cur);
            match self.node(parent).content {
                Content::Map if n.slot != NO_PARENT => {
                    segments.push(self.text(NodeId(n.slot)).unwrap_or("").to_string())
                }
                Content::Seq => segments.push(n.slot.to_string()),
                // A key node: point at the entry it names.
                _ => {}
            }
            cur = parent;
        }
        let mut out = String::new();
        for s in segments.iter().rev() {
            out.push('/');
            out.push_str(&escape_pointer_segment(s));
        }
        out
    }

    /// Follow a JSON pointer (`/components/schemas/Pet`) from the root. `""` is the root.
    pub fn lookup_pointer(&self, pointer: &str) -> Option<NodeId> {
        if pointer.is_empty() {
            return Some(self.root());
        }
        pointer
            .strip_prefix('/')?
            .split('/')
            .try_fold(self.root(), |cur, raw| {
                self.step(cur, &unescape_pointer_segment(raw))
            })
    }

    /// One pointer step: a map's key or a list's index.
    pub fn step(&self, node: NodeId, segment: &str) -> Option<NodeId> {
        match self.value(node) {
            NodeValue::Map(_) => self.get(node, segment),
            NodeValue::Seq(items) => items.get(segment.parse::<usize>().ok()?).copied(),
            NodeValue::Scalar { .. } => None,
        }
    }
}

pub fn escape_pointer_segment(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['~', '/']) {
        s.replace('~', "~0").replace('/', "~1").into()
    } else {
        s.into()
    }
}

/// RFC 6901: `~1` is `/`, `~0` is `~`. The inverse of [`escape_pointer_segment`], so
/// [`Tree::lookup_pointer`] finds every node by its [`Tree::pointer`] — even under a key
/// like `100%25`. A `$ref` fragment is a URI fragment and is percent-decoded first, by
/// [`fragment_segment`].
pub fn unescape_pointer_segment(s: &str) -> String {
    if s.contains('~') {
        s.replace("~1", "/").replace("~0", "~")
    } else {
        s.to_string()
    }
}

/// One segment of a `$ref` fragment (`#/paths/~1pets~1%7Bid%7D`): percent-decoded, then
/// unescaped as a JSON pointer.
pub fn fragment_segment(s: &str) -> String {
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

/// YAML 1.2 core schema resolution of a plain scalar.
pub fn resolve_plain(text: &str) -> Resolved<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return Resolved::Number(text),
        _ => {}
    }
    if is_core_number(text) {
        Resolved::Number(text)
    } else {
        Resolved::Str(text)
    }
}

fn is_core_number(t: &str) -> bool {
    let b = t.as_bytes();
    if b.is_empty() {
        return false;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c));
    }
    // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
    let mut i = 0;
    if b[0] == b'+' || b[0] == b'-' {
        i = 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// Builds the arena bottom-up from parser events (see `parse.rs`).
#[derive(Default)]
pub(crate) struct NodeBuilder {
    pub nodes: Vec<Node>,
    pub items: Vec<NodeId>,
    pub entries: Vec<(NodeId, NodeId)>,
    pub strings: String,
    pub source_offset: u32,
}

impl NodeBuilder {
    fn push(
        &mut self,
        start: Pos,
        end_byte: u32,
        content: Content,
        style: Style,
        a: usize,
        b: usize,
    ) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            start,
            end_byte,
            parent: NO_PARENT,
            slot: NO_PARENT,
            content,
            style,
            a: a as u32,
            b: b as u32,
        });
        id
    }

    /// A scalar whose text is `source[offset..offset + len]` of the parsed text.
    pub fn source_scalar(
        &mut self,
        start: Pos,
        end_byte: u32,
        style: Style,
        offset: usize,
        len: usize,
    ) -> NodeId {
        self.push(start, end_byte, Content::SourceText, style, offset, len)
    }

    /// A scalar whose text is not a slice of the input: it is copied into the tree.
    pub fn own_scalar(&mut self, start: Pos, end_byte: u32, style: Style, text: &str) -> NodeId {
        let a = self.strings.len();
        self.strings.push_str(text);
        self.push(start, end_byte, Content::OwnText, style, a, text.len())
    }

    pub fn seq(&mut self, start: Pos, end_byte: u32, items: &[NodeId]) -> NodeId {
        let a = self.items.len();
        self.items.extend_from_slice(items);
        let id = self.push(start, end_byte, Content::Seq, Style::Plain, a, items.len());
        for (i, &item) in items.iter().enumerate() {
            self.set_parent(item, id, i as u32);
        }
        id
    }

    pub fn map(&mut self, start: Pos, end_byte: u32, entries: &[(NodeId, NodeId)]) -> NodeId {
        let a = self.entries.len();
        self.entries.extend_from_slice(entries);
        let id = self.push(
            start,
            end_byte,
            Content::Map,
            Style::Plain,
            a,
            entries.len(),
        );
        for &(k, v) in entries {
            self.set_parent(k, id, NO_PARENT);
            self.set_parent(v, id, k.0);
        }
        id
    }

    fn set_parent(&mut self, child: NodeId, parent: NodeId, slot: u32) {
        let n = &mut self.nodes[child.0 as usize];
        n.parent = parent.0;
        n.slot = slot;
    }

    /// The text of a scalar node being built (`None` for containers).
    pub fn text<'s>(&'s self, id: NodeId, body: &'s str) -> Option<&'s str> {
        let n = &self.nodes[id.0 as usize];
        let (a, b) = (n.a as usize, n.b as usize);
        match n.content {
            Content::SourceText => Some(&body[a..a + b]),
            Content::OwnText => Some(&self.strings[a..a + b]),
            _ => None,
        }
    }

    pub fn style(&self, id: NodeId) -> Style {
        self.nodes[id.0 as usize].style
    }

    pub fn start(&self, id: NodeId) -> Pos {
        self.nodes[id.0 as usize].start
    }

    pub fn content(&self, id: NodeId) -> Content {
        self.nodes[id.0 as usize].content
    }

    /// Children of a container being built, copied out (keys and values interleaved for maps).
    pub fn children(&self, id: NodeId) -> Vec<NodeId> {
        let n = &self.nodes[id.0 as usize];
        let (a, b) = (n.a as usize, n.b as usize);
        match n.content {
            Content::Seq => self.items[a..a + b].to_vec(),
            Content::Map => self.entries[a..a + b]
                .iter()
                .flat_map(|&(k, v)| [k, v])
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn map_entries(&self, id: NodeId) -> &[(NodeId, NodeId)] {
        let n = &self.nodes[id.0 as usize];
        match n.content {
            Content::Map => &self.entries[n.a as usize..(n.a + n.b) as usize],
            _ => &[],
        }
    }

    pub fn seq_items(&self, id: NodeId) -> &[NodeId] {
        let n = &self.nodes[id.0 as usize];
        match n.content {
            Content::Seq => &self.items[n.a as usize..(n.a + n.b) as usize],
            _ => &[],
        }
    }

    /// A copy of a node's position and scalar content, for alias expansion.
    pub fn copy_scalar(&mut self, src: NodeId) -> NodeId {
        let n = self.nodes[src.0 as usize].clone();
        self.push(
            n.start,
            n.end_byte,
            n.content,
            n.style,
            n.a as usize,
            n.b as usize,
        )
    }

    pub fn end_byte(&self, id: NodeId) -> u32 {
        self.nodes[id.0 as usize].end_byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_numbers() {
        for n in [
            "0", "-1", "1.10", ".5", "1e3", "+2.5E-3", "0x1F", "0o17", ".inf", "-.Inf",
        ] {
            assert!(matches!(resolve_plain(n), Resolved::Number(_)), "{n}");
        }
        for s in [
            "1.2.3",
            "e3",
            "-",
            "0x",
            "1e",
            "v1",
            "1_000",
            "yes",
            "2020-01-01",
        ] {
            assert!(matches!(resolve_plain(s), Resolved::Str(_)), "{s}");
        }
        assert_eq!(resolve_plain("~"), Resolved::Null);
        assert_eq!(resolve_plain("TRUE"), Resolved::Bool(true));
    }

    #[test]
    fn pointer_segments_round_trip() {
        assert_eq!(escape_pointer_segment("/pets/{id}"), "~1pets~1{id}");
        assert_eq!(fragment_segment("~1pets~1%7Bid%7D"), "/pets/{id}");
        assert_eq!(unescape_pointer_segment("a~0b"), "a~b");
        // A plain JSON pointer is not percent-decoded: `pointer()` does not encode `%`.
        assert_eq!(unescape_pointer_segment("100%25"), "100%25");
        let t = crate::load::parse::parse("t".into(), "'100%25': {'a/b~': 1}\n".into()).unwrap();
        let one = t.lookup_pointer("/100%25/a~1b~0").unwrap();
        assert_eq!(t.pointer(one), "/100%25/a~1b~0");
    }
}
