//! The located tree: every YAML or JSON node with its source position.
//!
//! Nodes live in one flat arena per file. Each node knows its parent and the key (or index) it
//! sits under, so a JSON pointer can be rebuilt for any node on demand instead of being stored
//! for the hundreds of thousands of nodes a large spec has.
//!
//! A leaf: the loader builds trees, the model points into them, the diff and the consumer
//! checks read them; the tree itself imports nothing of weir but the node ids of the
//! vocabulary.

mod builder;
mod pointer;
mod scalar;
mod splice;

use std::sync::Arc;

pub(crate) use builder::NodeBuilder;
pub use pointer::Pointers;
pub(crate) use pointer::percent_decode;
pub(crate) use pointer::{escape_pointer_segment, fragment_segment, unescape_pointer_segment};
pub(crate) use scalar::{parse_number, resolve_plain};
pub(crate) use splice::ChunkSpan;

pub use crate::vocabulary::{FileId, NodeId};

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
    /// Where each chunk sits, for a tree assembled chunk by chunk (`load/chunked.rs`), so
    /// that the next revision can copy the chunks whose text it shares.
    chunks: Vec<ChunkSpan>,
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
            chunks: arena.chunks,
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
        // Reading a model asks each map for its keys one by one (a schema for ~30 keywords):
        // a key of another length (`b`, a scalar's length in bytes) is passed over without
        // reaching its text; `text` settles the rest, a key that is no scalar included.
        self.entries(id)?
            .iter()
            .find(|&&(k, _)| self.node(k).b as usize == key.len() && self.text(k) == Some(key))
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
        self.pointer_among(id, &mut Vec::new(), None)
    }

    /// [`Tree::pointer`], starting from the nearest ancestor whose pointer is `known`, and
    /// leaving the pointers of the ancestors it passes there for the next node.
    pub fn pointer_with(&self, id: NodeId, known: &mut Pointers) -> String {
        let mut steps = std::mem::take(&mut known.steps);
        let out = self.pointer_among(id, &mut steps, Some(known));
        known.steps = steps;
        out
    }

    /// The pointer of `id`, walked up into `steps` (a buffer), from the nearest ancestor
    /// whose pointer is `known`.
    fn pointer_among(
        &self,
        id: NodeId,
        steps: &mut Vec<NodeId>,
        known: Option<&mut Pointers>,
    ) -> String {
        let (start, length) = self.walk_up(id, known.as_deref(), steps);
        let mut out = String::with_capacity(length);
        out.push_str(start);
        self.push_segments(&mut out, id, steps, known);
        out
    }

    /// Walk up from `id` to the root, or to the nearest node whose pointer is `known`: that
    /// pointer (`""` for the root), and a length the whole pointer fits in. `steps` gets the
    /// nodes passed, `id` first.
    fn walk_up<'k>(
        &self,
        id: NodeId,
        known: Option<&'k Pointers>,
        steps: &mut Vec<NodeId>,
    ) -> (&'k str, usize) {
        steps.clear();
        let mut length = 0;
        let mut cur = id;
        loop {
            if let Some(p) = known.and_then(|k| k.get(cur)) {
                return (p, p.len() + length);
            }
            let Some(parent) = self.parent(cur) else {
                return ("", length);
            };
            // A `/`, then the key (its length in bytes is its node's `b`, as in `get`) with
            // room for escapes, or up to 10 digits of an index: the key's text is not
            // reached twice.
            let n = self.node(cur);
            length += match self.node(parent).content {
                Content::Map if n.slot != NO_PARENT => self.node(NodeId(n.slot)).b as usize + 3,
                Content::Seq => 11,
                _ => 0,
            };
            steps.push(cur);
            cur = parent;
        }
    }

    /// The key's text or index a step from `node` up to its `parent` adds to the parent's
    /// pointer; none for a key node (it points at the entry it names).
    fn segment(&self, node: NodeId, parent: NodeId) -> Option<Result<&str, u32>> {
        let n = self.node(node);
        match self.node(parent).content {
            Content::Map if n.slot != NO_PARENT => {
                Some(Ok(self.text(NodeId(n.slot)).unwrap_or("")))
            }
            Content::Seq => Some(Err(n.slot)),
            _ => None,
        }
    }

    /// Write the segments of the `steps` walked up from `id` at the end of `out`, from the
    /// top. With `known`, the pointers of the ancestors passed are kept there: the deepest
    /// one's text once, the others as prefixes of it.
    fn push_segments(
        &self,
        out: &mut String,
        id: NodeId,
        steps: &[NodeId],
        mut known: Option<&mut Pointers>,
    ) {
        let at = known.as_ref().map_or(0, |k| k.text.len() as u32);
        let mut deepest = None;
        for &node in steps.iter().rev() {
            // Every step has a parent: the walk up stopped below the root.
            let Some(parent) = self.parent(node) else {
                continue;
            };
            match self.segment(node, parent) {
                Some(Ok(key)) => {
                    out.push('/');
                    pointer::push_escaped(out, key);
                }
                Some(Err(index)) => {
                    out.push('/');
                    pointer::push_index(out, index);
                }
                None => {}
            }
            if node != id
                && let Some(k) = known.as_deref_mut()
            {
                k.at.insert(node, (at, out.len() as u32));
                deepest = Some(out.len());
            }
        }
        if let Some(k) = known
            && let Some(length) = deepest
        {
            k.text.push_str(&out[..length]);
        }
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
