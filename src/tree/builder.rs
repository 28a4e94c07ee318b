//! Building a tree's arena bottom-up, as a parser hands out nodes.

use super::{Content, NO_PARENT, Node, NodeId, Pos, Style};

/// Builds the arena bottom-up from parser events (see `parse.rs`).
#[derive(Default)]
pub(crate) struct NodeBuilder {
    pub nodes: Vec<Node>,
    pub items: Vec<NodeId>,
    pub entries: Vec<(NodeId, NodeId)>,
    pub strings: String,
    pub source_offset: u32,
    /// The chunks appended whole (see `splice.rs`), in order.
    pub chunks: Vec<super::ChunkSpan>,
    /// The text had an anchor or an alias: its parts cannot be parsed apart.
    pub anchored: bool,
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
    pub(crate) fn source_scalar(
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
    pub(crate) fn own_scalar(
        &mut self,
        start: Pos,
        end_byte: u32,
        style: Style,
        text: &str,
    ) -> NodeId {
        let a = self.strings.len();
        self.strings.push_str(text);
        self.push(start, end_byte, Content::OwnText, style, a, text.len())
    }

    pub(crate) fn seq(&mut self, start: Pos, end_byte: u32, items: &[NodeId]) -> NodeId {
        let a = self.items.len();
        self.items.extend_from_slice(items);
        let id = self.push(start, end_byte, Content::Seq, Style::Plain, a, items.len());
        for (i, &item) in items.iter().enumerate() {
            self.set_parent(item, id, i as u32);
        }
        id
    }

    pub(crate) fn map(
        &mut self,
        start: Pos,
        end_byte: u32,
        entries: &[(NodeId, NodeId)],
    ) -> NodeId {
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
    pub(crate) fn text<'s>(&'s self, id: NodeId, body: &'s str) -> Option<&'s str> {
        let n = &self.nodes[id.0 as usize];
        let (a, b) = (n.a as usize, n.b as usize);
        match n.content {
            Content::SourceText => Some(&body[a..a + b]),
            Content::OwnText => Some(&self.strings[a..a + b]),
            _ => None,
        }
    }

    pub(crate) fn style(&self, id: NodeId) -> Style {
        self.nodes[id.0 as usize].style
    }

    pub(crate) fn start(&self, id: NodeId) -> Pos {
        self.nodes[id.0 as usize].start
    }

    pub(crate) fn content(&self, id: NodeId) -> Content {
        self.nodes[id.0 as usize].content
    }

    /// Children of a container being built, copied out (keys and values interleaved for maps).
    pub(crate) fn children(&self, id: NodeId) -> Vec<NodeId> {
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

    pub(crate) fn map_entries(&self, id: NodeId) -> &[(NodeId, NodeId)] {
        let n = &self.nodes[id.0 as usize];
        match n.content {
            Content::Map => &self.entries[n.a as usize..(n.a + n.b) as usize],
            _ => &[],
        }
    }

    pub(crate) fn seq_items(&self, id: NodeId) -> &[NodeId] {
        let n = &self.nodes[id.0 as usize];
        match n.content {
            Content::Seq => &self.items[n.a as usize..(n.a + n.b) as usize],
            _ => &[],
        }
    }

    /// A copy of a node's position and scalar content, for alias expansion.
    pub(crate) fn copy_scalar(&mut self, src: NodeId) -> NodeId {
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

    pub(crate) fn end_byte(&self, id: NodeId) -> u32 {
        self.nodes[id.0 as usize].end_byte
    }
}
