//! The located tree: every YAML or JSON node with its source position.
//!
//! Nodes live in one flat arena per file. Each node knows its parent and the key (or index) it
//! sits under, so a JSON pointer can be rebuilt for any node on demand instead of being stored
//! for the hundreds of thousands of nodes a large spec has.

use std::sync::Arc;

/// Index of a node inside its [`Tree`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

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

#[derive(Clone, Debug)]
pub enum NodeValue {
    /// The raw text of the scalar, exactly as the author wrote it after unescaping
    /// (`version: 1.10` keeps "1.10").
    Scalar {
        text: Box<str>,
        style: Style,
    },
    Seq(Vec<NodeId>),
    /// Entries in source order; each key is a scalar node of its own so it has a position.
    Map(Vec<(NodeId, NodeId)>),
}

#[derive(Clone, Debug)]
pub struct Node {
    pub start: Pos,
    pub end_byte: u32,
    /// `u32::MAX` for the root.
    parent: u32,
    /// For a map value: the key node. For a sequence item: its index. For a key: `u32::MAX`.
    slot: u32,
    pub value: NodeValue,
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
        nodes: Vec<Node>,
        root: NodeId,
    ) -> Tree {
        Tree {
            name,
            source,
            format,
            nodes,
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

    /// The text of a scalar node (keys included), `None` for maps and sequences.
    pub fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).value {
            NodeValue::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A scalar's meaning: plain scalars resolve by the YAML 1.2 core schema, quoted and block
    /// scalars are always strings.
    pub fn resolve(&self, id: NodeId) -> Option<Resolved<'_>> {
        match &self.node(id).value {
            NodeValue::Scalar { text, style } => Some(match style {
                Style::Plain => resolve_plain(text),
                _ => Resolved::Str(text),
            }),
            _ => None,
        }
    }

    pub fn entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        match &self.node(id).value {
            NodeValue::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id).value {
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
        match self.parent(id).map(|p| &self.node(p).value) {
            Some(NodeValue::Map(_)) if n.slot != NO_PARENT => Some(NodeId(n.slot)),
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
            match &self.node(parent).value {
                NodeValue::Map(_) if n.slot != NO_PARENT => {
                    segments.push(self.text(NodeId(n.slot)).unwrap_or("").to_string())
                }
                NodeValue::Seq(_) => segments.push(n.slot.to_string()),
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
        let mut cur = self.root();
        if pointer.is_empty() {
            return Some(cur);
        }
        let rest = pointer.strip_prefix('/')?;
        for raw in rest.split('/') {
            let seg = unescape_pointer_segment(raw);
            cur = match &self.node(cur).value {
                NodeValue::Map(_) => self.get(cur, &seg)?,
                NodeValue::Seq(items) => *items.get(seg.parse::<usize>().ok()?)?,
                NodeValue::Scalar { .. } => return None,
            };
        }
        Some(cur)
    }
}

pub fn escape_pointer_segment(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains(['~', '/']) {
        s.replace('~', "~0").replace('/', "~1").into()
    } else {
        s.into()
    }
}

pub fn unescape_pointer_segment(s: &str) -> String {
    let s = percent_decode(s);
    if s.contains('~') {
        s.replace("~1", "/").replace("~0", "~")
    } else {
        s
    }
}

/// `$ref` fragments are URI fragments, so `%7B` may stand for `{` in a path name.
fn percent_decode(s: &str) -> String {
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
pub(crate) struct NodeBuilder {
    pub nodes: Vec<Node>,
}

impl NodeBuilder {
    pub fn push(&mut self, start: Pos, end_byte: u32, value: NodeValue) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            start,
            end_byte,
            parent: NO_PARENT,
            slot: NO_PARENT,
            value,
        });
        id
    }

    pub fn set_parent(&mut self, child: NodeId, parent: NodeId, slot: u32) {
        let n = &mut self.nodes[child.0 as usize];
        n.parent = parent.0;
        n.slot = slot;
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self.nodes[id.0 as usize]
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
        assert_eq!(unescape_pointer_segment("~1pets~1%7Bid%7D"), "/pets/{id}");
        assert_eq!(unescape_pointer_segment("a~0b"), "a~b");
    }
}
