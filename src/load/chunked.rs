//! Parsing a revision of a YAML spec by its parts, copying each part whose text an earlier
//! revision already had instead of parsing it again: what `weir log` does for each revision
//! of a history, where adjacent revisions share nearly all of their text.
//!
//! The document is cut, by reading its lines, into the entries of its top-level mappings
//! (the root's; inside large block mappings such as `components`, `schemas` and `paths`,
//! theirs), down to entries of moderate size: the *chunks*, such as one component schema or
//! one path item. A chunk is an entry's text from the start of its key's line up to the next
//! token after it. Each chunk is parsed on its own as a one-entry YAML document (or, when an
//! earlier tree has a chunk of the same text, copied from that tree), moved to its line and
//! byte, and the mappings above the chunks are assembled as the parser would have built them.
//! The result is the tree `parse` gives for the whole text, node for node: same positions,
//! same text, same arena order (`tests/chunked.rs` holds the two equal).
//!
//! Anything this cannot vouch for falls back to parsing the whole text: JSON, a byte-order
//! mark, carriage returns, tabs before content, directives or document markers, anchors and
//! aliases, merge keys, a chunk that is not one complete mapping entry on its own, a
//! duplicate key. Errors are always those of the whole parse.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::parse::{SyntaxError, build, check_duplicate_keys, parse};
use crate::model::Spec;
use crate::tree::{ChunkSpan, Content, Format, NodeBuilder, NodeId, Pos, Tree};

/// An entry at least this long (in bytes) is cut into its own entries when it is a block
/// mapping, if it is no deeper than [`MAX_DEPTH`].
const SPLIT_AT: u32 = 32 * 1024;
/// How many levels of mappings are cut: the root's entries (`components`, `paths`) and
/// theirs (`schemas`); entries below are chunks however large.
const MAX_DEPTH: usize = 2;

/// Trees a new revision may copy its unchanged chunks from.
pub trait EarlierTrees: Send + Sync {
    fn trees(&self) -> &[Tree];
    /// How many schemas the earlier revision's model has (0: unknown). The next revision's
    /// has about as many, and its list of them is made that large at once: grown by doubling,
    /// it was copied about ten times per Stripe revision, each copy into fresh pages.
    fn schema_count(&self) -> usize;
}

impl EarlierTrees for std::result::Result<Spec, String> {
    fn trees(&self) -> &[Tree] {
        match self {
            Ok(spec) => &spec.files,
            Err(_) => &[],
        }
    }

    fn schema_count(&self) -> usize {
        self.as_ref().map_or(0, |spec| spec.schemas.len())
    }
}

/// No earlier trees: every chunk is parsed, and the tree records them for the next revision.
impl EarlierTrees for Vec<Tree> {
    fn trees(&self) -> &[Tree] {
        self
    }

    fn schema_count(&self) -> usize {
        0
    }
}

/// [`parse`], reusing the chunks of `earlier` trees whose text recurs; the tree records its
/// own chunks for the next revision.
pub fn parse_reusing(name: String, text: Arc<str>, earlier: &[Tree]) -> Result<Tree, SyntaxError> {
    parse_reusing_with(name, text, earlier, SPLIT_AT)
}

/// [`parse_reusing`], cutting block mappings of `split_at` bytes or more (tests cut small
/// documents as finely as Stripe's are).
#[doc(hidden)]
pub fn parse_reusing_with(
    name: String,
    text: Arc<str>,
    earlier: &[Tree],
    split_at: u32,
) -> Result<Tree, SyntaxError> {
    if Format::detect(&text) == Format::Yaml
        && let Some(lines) = content_lines(&text)
    {
        let mut chunker = Chunker::new(&text, lines, earlier, split_at);
        if let Some(root) = chunker.root() {
            let b = chunker.b;
            return Ok(Tree::new(name, text, Format::Yaml, b, root));
        }
    }
    parse(name, text)
}

/// A line with content: not blank, not a comment.
#[derive(Clone, Copy)]
struct Line {
    /// Byte offset of the line's start.
    start: u32,
    /// 1-based.
    number: u32,
    indent: u32,
}

/// The content lines of `text`, or `None` if it has anything a cut could get wrong.
fn content_lines(text: &str) -> Option<Vec<Line>> {
    let bytes = text.as_bytes();
    if text.starts_with('\u{feff}') || memchr::memchr(b'\r', bytes).is_some() {
        return None;
    }
    u32::try_from(text.len()).ok()?;
    let mut lines = Vec::new();
    let (mut start, mut number) = (0usize, 1u32);
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        let indent = line.iter().take_while(|&&c| c == b' ').count();
        match line.get(indent) {
            None | Some(b'#') => {}
            Some(b'\t') => return None,
            Some(_) => {
                let marker = indent == 0
                    && (line.starts_with(b"---")
                        || line.starts_with(b"...")
                        || line.starts_with(b"%"));
                // A `---` that opens the document (older Stripe revisions have one) starts
                // no entry; any other marker or directive might.
                let opening = lines.is_empty() && line.trim_ascii_end() == b"---";
                if opening {
                    start = end + 1;
                    number += 1;
                    continue;
                }
                if marker {
                    return None;
                }
                lines.push(Line {
                    start: start as u32,
                    number,
                    indent: indent as u32,
                });
            }
        }
        start = end + 1;
        number += 1;
    }
    Some(lines)
}

struct Chunker<'a> {
    text: &'a str,
    lines: Vec<Line>,
    /// Chunk text → the earlier tree that has it, and where.
    known: FxHashMap<&'a str, (&'a Tree, ChunkSpan)>,
    split_at: u32,
    b: NodeBuilder,
}

impl<'a> Chunker<'a> {
    fn new(text: &'a str, lines: Vec<Line>, earlier: &'a [Tree], split_at: u32) -> Chunker<'a> {
        let mut known = FxHashMap::default();
        for tree in earlier.iter().filter(|t| t.source_offset() == 0) {
            for span in tree.chunks() {
                let (from, to) = (span.text.0 as usize, span.text.1 as usize);
                known.insert(&tree.source[from..to], (tree, *span));
            }
        }
        // Sized after the earlier tree of the same file (the one that shares the most
        // chunks), scaled to this text: growing the buffers by doubling copied them and left
        // them up to twice the size they need, and the last revision's size is a close guess.
        let like = earlier
            .iter()
            .max_by_key(|t| t.chunks().len())
            .filter(|t| !t.chunks().is_empty());
        let size = |i: usize, default: usize| {
            like.map_or(default, |t| {
                let scaled = t.sizes()[i] as u64 * text.len() as u64 / t.source.len().max(1) as u64;
                scaled as usize + scaled as usize / 32 + 64
            })
        };
        let b = NodeBuilder {
            nodes: Vec::with_capacity(size(0, text.len() / 12)),
            items: Vec::with_capacity(size(1, 0)),
            entries: Vec::with_capacity(size(2, 0)),
            strings: String::with_capacity(size(3, 0)),
            ..NodeBuilder::default()
        };
        Chunker {
            text,
            lines,
            known,
            split_at,
            b,
        }
    }

    fn root(&mut self) -> Option<NodeId> {
        let first = self.lines.first()?;
        self.map(0, self.lines.len(), first.indent, 0)
    }

    /// The first byte of the first token at or after content line `i`: the end of whatever
    /// ends before it.
    fn token_at(&self, i: usize) -> u32 {
        self.lines
            .get(i)
            .map_or(self.text.len() as u32, |l| l.start + l.indent)
    }

    fn first_byte(&self, i: usize) -> u8 {
        let l = self.lines[i];
        self.text.as_bytes()[(l.start + l.indent) as usize]
    }

    /// The block mapping whose entries are at `indent` on content lines `lo..hi`.
    fn map(&mut self, lo: usize, hi: usize, indent: u32, depth: usize) -> Option<NodeId> {
        if lo >= hi || self.lines[lo..hi].iter().any(|l| l.indent < indent) {
            return None;
        }
        // An entry starts on each line at `indent`, except the items of a sequence written
        // at the indentation of the key it is the value of.
        let starts: Vec<usize> = (lo..hi)
            .filter(|&i| self.lines[i].indent == indent && self.first_byte(i) != b'-')
            .collect();
        if starts.first() != Some(&lo) {
            return None;
        }
        let mut entries = Vec::with_capacity(starts.len());
        for (n, &s) in starts.iter().enumerate() {
            let e = starts.get(n + 1).copied().unwrap_or(hi);
            if matches!(self.first_byte(s), b'?' | b':') {
                return None;
            }
            let (from, to) = (self.lines[s].start, self.token_at(e));
            let inner = (s + 1 < e).then(|| self.lines[s + 1]);
            let key = match inner {
                Some(inner)
                    if depth < MAX_DEPTH
                        && to - from >= self.split_at
                        && inner.indent > indent
                        && self.first_byte(s + 1) != b'-' =>
                {
                    self.spine_key(s)
                }
                _ => None,
            };
            let entry = match (key, inner) {
                (Some(key), Some(inner)) => {
                    let line = self.lines[s];
                    let at = Pos {
                        byte: line.start + line.indent,
                        line: line.number,
                        column: line.indent + 1,
                    };
                    let key = self.b.plain_key(at, key);
                    (key, self.map(s + 1, e, inner.indent, depth + 1)?)
                }
                _ => self.chunk(s, to)?,
            };
            entries.push(entry);
        }
        let body = self.text;
        if entries
            .iter()
            .any(|&(k, _)| self.b.text(k, body) == Some("<<"))
        {
            return None;
        }
        check_duplicate_keys(&self.b, body, &entries).ok()?;
        let first = self.lines[lo];
        let start = Pos {
            byte: first.start + indent,
            line: first.number,
            column: indent + 1,
        };
        Some(self.b.map(start, self.token_at(hi), &entries))
    }

    /// The length of the key on line `i` if the line is nothing but a plain key that the
    /// parser would read as its own text (`schemas:`), else `None`.
    fn spine_key(&self, i: usize) -> Option<u32> {
        let l = self.lines[i];
        let rest = &self.text[(l.start + l.indent) as usize..];
        let line = rest
            .split('\n')
            .next()
            .unwrap_or(rest)
            .trim_end_matches(' ');
        let key = line.strip_suffix(':')?;
        let plain = !key.is_empty()
            && key != "<<"
            && !key.ends_with(' ')
            && !key.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
            && !key.contains([':', '#', '\t']);
        plain.then_some(key.len() as u32)
    }

    /// The entry whose text is `text[lines[s].start..to]`, copied from an earlier tree that
    /// has the same text or parsed on its own: (key, value).
    fn chunk(&mut self, s: usize, to: u32) -> Option<(NodeId, NodeId)> {
        let line = self.lines[s];
        let text = &self.text[line.start as usize..to as usize];
        let span = match self.known.get(text) {
            Some(&(tree, span)) => {
                self.b
                    .append_chunk(&tree.arena(), span, line.start, line.number)
            }
            None => {
                let (alone, root) = build(text).ok()?;
                let last = alone.nodes.len() as u32 - 1;
                let whole = last >= 2
                    && alone.content(root) == Content::Map
                    && root.0 == last
                    && alone.map_entries(root) == [(NodeId(0), NodeId(last - 1))];
                if alone.anchored || !whole {
                    return None;
                }
                let span = ChunkSpan {
                    text: (0, text.len() as u32),
                    line: 1,
                    nodes: (0, last),
                    items: (0, alone.items.len() as u32),
                    entries: (0, alone.entries.len() as u32 - 1),
                    strings: (0, alone.strings.len() as u32),
                };
                self.b
                    .append_chunk(&alone.arena(), span, line.start, line.number)
            }
        };
        Some((NodeId(span.nodes.0), NodeId(span.nodes.1 - 1)))
    }
}

/// How many bytes of `tree`'s text are chunks that one of `earlier` has (what was copied
/// rather than parsed), for benchmarks. A chunk's text runs to the next token, so it
/// overlaps the next chunk by that one's indentation: counted once.
#[doc(hidden)]
pub fn reused_bytes(tree: &Tree, earlier: &[Tree]) -> usize {
    let text = |t: &'_ Tree, s: &ChunkSpan| -> String {
        t.source[s.text.0 as usize..s.text.1 as usize].to_string()
    };
    let known: std::collections::HashSet<String> = earlier
        .iter()
        .flat_map(|t| t.chunks().iter().map(move |s| text(t, s)))
        .collect();
    let chunks = tree.chunks();
    chunks
        .iter()
        .enumerate()
        .filter(|(_, s)| known.contains(&text(tree, s)))
        .map(|(i, s)| {
            let end = chunks
                .get(i + 1)
                .map_or(s.text.1, |n| n.text.0.min(s.text.1));
            (end - s.text.0) as usize
        })
        .sum()
}
