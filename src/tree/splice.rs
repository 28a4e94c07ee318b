//! Copying a parsed piece of YAML (a "chunk": one mapping entry, its key and its value's
//! whole subtree) from one arena into another, moved to where its text now sits. This is
//! what lets `weir log` parse only the parts of a revision whose text changed
//! (`load/chunked.rs`): a chunk's nodes are contiguous in every arena the parser builds
//! (children before their parent, the key first, the value last), so they copy as a block.

use super::{Content, NO_PARENT, Node, NodeBuilder, NodeId, NodeValue, Tree};

/// Where one chunk sits: its text in the source, and its share of each arena buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ChunkSpan {
    /// Byte range of the chunk's text in the tree's source.
    pub text: (u32, u32),
    /// The line its text starts on (1-based).
    pub line: u32,
    pub nodes: (u32, u32),
    pub items: (u32, u32),
    pub entries: (u32, u32),
    pub strings: (u32, u32),
}

/// The buffers of an arena a chunk is copied from: a finished tree's or a builder's.
pub(crate) struct ArenaView<'a> {
    nodes: &'a [Node],
    items: &'a [NodeId],
    entries: &'a [(NodeId, NodeId)],
    strings: &'a str,
}

impl<'a> ArenaView<'a> {
    /// A tree and a builder keep the same four buffers: both views are made here.
    fn of(
        nodes: &'a [Node],
        items: &'a [NodeId],
        entries: &'a [(NodeId, NodeId)],
        strings: &'a str,
    ) -> ArenaView<'a> {
        ArenaView {
            nodes,
            items,
            entries,
            strings,
        }
    }
}

impl Tree {
    pub(crate) fn arena(&self) -> ArenaView<'_> {
        ArenaView::of(&self.nodes, &self.items, &self.entries, &self.strings)
    }

    /// How many nodes, items, entries and bytes of own text the tree holds.
    pub(crate) fn sizes(&self) -> [usize; 4] {
        [
            self.nodes.len(),
            self.items.len(),
            self.entries.len(),
            self.strings.len(),
        ]
    }

    /// The chunks this tree was assembled from (empty unless it was parsed chunk by chunk).
    pub(crate) fn chunks(&self) -> &[ChunkSpan] {
        &self.chunks
    }

    /// The same nodes, at the same places, with the same text, in the same order: what
    /// parsing the same source gives, however the tree was assembled. (Whether a scalar's
    /// text is sliced from the source or kept apart is not compared: no reader can tell.)
    #[doc(hidden)]
    pub fn same_nodes(&self, other: &Tree) -> bool {
        let node = |t: &Tree, i: usize| {
            let n = &t.nodes[i];
            (n.start, n.end_byte, n.parent, n.slot, n.style)
        };
        let value = |a: NodeValue<'_>, b: NodeValue<'_>| match (a, b) {
            (NodeValue::Scalar { text: x, .. }, NodeValue::Scalar { text: y, .. }) => x == y,
            (NodeValue::Seq(x), NodeValue::Seq(y)) => x == y,
            (NodeValue::Map(x), NodeValue::Map(y)) => x == y,
            _ => false,
        };
        self.source == other.source
            && self.format == other.format
            && self.root == other.root
            && self.nodes.len() == other.nodes.len()
            && (0..self.nodes.len()).all(|i| {
                node(self, i) == node(other, i)
                    && value(self.value(NodeId(i as u32)), other.value(NodeId(i as u32)))
            })
    }

    #[doc(hidden)]
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// The text scalars of this tree are sliced from: its source after a byte-order mark.
    pub(crate) fn source_offset(&self) -> u32 {
        self.source_offset
    }
}

impl NodeBuilder {
    pub(crate) fn arena(&self) -> ArenaView<'_> {
        ArenaView::of(&self.nodes, &self.items, &self.entries, &self.strings)
    }

    /// How much each buffer holds so far.
    fn ends(&self) -> [u32; 4] {
        [
            self.nodes.len() as u32,
            self.items.len() as u32,
            self.entries.len() as u32,
            self.strings.len() as u32,
        ]
    }

    /// Append the chunk `old` of `from`, its text now starting at byte `text_at` (of a source
    /// that has no byte-order mark) on line `line`, and record where it went. Positions move
    /// by whole lines (a chunk starts at the start of a line, so columns stay); references
    /// between its own nodes move with them. The chunk's key and value keep whatever parent
    /// they had: the map they are entered into sets it.
    pub(crate) fn append_chunk(
        &mut self,
        from: &ArenaView<'_>,
        old: ChunkSpan,
        text_at: u32,
        line: u32,
    ) -> ChunkSpan {
        let [n0, i0, e0, s0] = self.ends();
        let (on0, on1) = old.nodes;
        let node = |id: u32| id - on0 + n0;
        let byte = |b: u32| b - old.text.0 + text_at;
        let to_line = |l: u32| l - old.line + line;
        self.nodes.reserve((on1 - on0) as usize);
        for n in &from.nodes[on0 as usize..on1 as usize] {
            let inside = (on0..on1).contains(&n.parent);
            // A map value's slot is its key; an item's, its index; a key's, none.
            let slot = if inside
                && from.nodes[n.parent as usize].content == Content::Map
                && n.slot != NO_PARENT
            {
                node(n.slot)
            } else {
                n.slot
            };
            let a = match n.content {
                Content::SourceText => byte(n.a),
                Content::OwnText => n.a - old.strings.0 + s0,
                Content::Seq => n.a - old.items.0 + i0,
                Content::Map => n.a - old.entries.0 + e0,
            };
            let mut start = n.start;
            start.byte = byte(start.byte);
            start.line = to_line(start.line);
            self.nodes.push(Node {
                start,
                end_byte: byte(n.end_byte),
                parent: if inside { node(n.parent) } else { n.parent },
                slot,
                content: n.content,
                style: n.style,
                a,
                b: n.b,
            });
        }
        let (i_from, i_to) = (old.items.0 as usize, old.items.1 as usize);
        self.items.extend(
            from.items[i_from..i_to]
                .iter()
                .map(|&id| NodeId(node(id.0))),
        );
        let (e_from, e_to) = (old.entries.0 as usize, old.entries.1 as usize);
        self.entries.extend(
            from.entries[e_from..e_to]
                .iter()
                .map(|&(k, v)| (NodeId(node(k.0)), NodeId(node(v.0)))),
        );
        self.strings
            .push_str(&from.strings[old.strings.0 as usize..old.strings.1 as usize]);
        let [n1, i1, e1, s1] = self.ends();
        let span = ChunkSpan {
            text: (text_at, text_at + (old.text.1 - old.text.0)),
            line,
            nodes: (n0, n1),
            items: (i0, i1),
            entries: (e0, e1),
            strings: (s0, s1),
        };
        self.chunks.push(span);
        span
    }

    /// A plain scalar whose text is `len` bytes of the source at `at` (a spine key).
    pub(crate) fn plain_key(&mut self, start: super::Pos, len: u32) -> NodeId {
        self.source_scalar(
            start,
            start.byte + len,
            super::Style::Plain,
            start.byte as usize,
            len as usize,
        )
    }
}
