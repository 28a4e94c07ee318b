//! YAML and JSON text → [`Tree`], driven by saphyr-parser's event stream.
//!
//! We build our own arena instead of saphyr's `MarkedYaml` because we need parent links (JSON
//! pointers on demand), byte offsets (saphyr reports character indices) and the raw text and
//! style of every scalar. The builder is iterative, so deeply nested input cannot overflow the
//! stack, and alias expansion is capped so a "billion laughs" document fails instead of eating
//! the machine.

use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle};

use std::borrow::Cow;

use crate::tree::{Content, Format, NodeBuilder, NodeId, Pos, Style, Tree};

/// A document that is not valid YAML or JSON, with the position of the problem.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub pos: Pos,
}

/// Aliases may expand to at most this many copied nodes: a "billion laughs" document (ten
/// aliases of ten aliases of …) fails here instead of exhausting memory. Merge keys in
/// hand-written specs copy a few thousand.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// saphyr-parser counts flow nesting (`{` and `[`) in a `u8`, so deeper JSON is refused; we
/// say so instead of passing on its "recursion limit exceeded". Block nesting has no limit:
/// everything after the parser works without recursion.
pub const MAX_FLOW_DEPTH: usize = u8::MAX as usize;

/// Parse a spec file. A document that opens with `{` or `[` is read as strict JSON
/// (`json.rs`); if it is not valid JSON, a file named `*.json` fails there, at the JSON error,
/// while any other file may still be YAML written in flow style (`{openapi: 3.1.0, …}`), so it
/// is read as YAML, exactly as before the JSON path existed.
pub fn parse(name: String, text: Arc<str>) -> Result<Tree, SyntaxError> {
    if Format::detect(&text) == Format::Json {
        match super::json::build(&text) {
            Ok((arena, root)) => return Ok(Tree::new(name, text, Format::Json, arena, root)),
            Err(e) if named_json(&name) => return Err(e),
            Err(_) => {}
        }
    }
    parse_yaml(name, text)
}

/// Parse with saphyr, whatever the text looks like (JSON is YAML 1.2 flow style).
pub fn parse_yaml(name: String, text: Arc<str>) -> Result<Tree, SyntaxError> {
    let format = Format::detect(&text);
    let (arena, root) = build(&text)?;
    Ok(Tree::new(name, text, format, arena, root))
}

/// `api.json`, `REV:api.JSON`: a name that promises JSON.
fn named_json(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// An open container. Its children so far sit on the builder's shared scratch stacks from
/// `from` on, so nesting needs no allocation per container.
enum Frame {
    Seq {
        start: Pos,
        anchor: usize,
        from: usize,
    },
    Map {
        start: Pos,
        anchor: usize,
        from: usize,
        key: Option<NodeId>,
    },
}

/// Converts saphyr's markers (line, and column in characters) into byte offsets. ASCII text
/// needs no work; otherwise each line's start is known, and within a non-ASCII line a cursor
/// moves forward with the markers (which arrive in order), so even a minified one-line JSON
/// file is converted in linear time.
struct Positions<'a> {
    body: &'a str,
    /// Bytes before `body` in the file (a byte-order mark).
    offset: usize,
    ascii: bool,
    line_starts: Vec<usize>,
    line_ascii: Vec<bool>,
    /// (line index, column in chars, byte offset) of the last conversion.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Positions<'a> {
    fn new(body: &'a str, offset: usize) -> Positions<'a> {
        let ascii = body.is_ascii();
        let (mut line_starts, mut line_ascii) = (Vec::new(), Vec::new());
        if !ascii {
            let mut start = 0;
            for line in body.split_inclusive('\n') {
                line_starts.push(start);
                line_ascii.push(line.is_ascii());
                start += line.len();
            }
            line_starts.push(start);
            line_ascii.push(true);
        }
        Positions {
            body,
            offset,
            ascii,
            line_starts,
            line_ascii,
            cursor: std::cell::Cell::new((usize::MAX, 0, 0)),
        }
    }

    /// `m` is a marker in `body`.
    fn pos(&self, m: &Marker) -> Pos {
        let byte = if self.ascii {
            m.index().min(self.body.len())
        } else {
            let line = m.line().clamp(1, self.line_starts.len()) - 1;
            let start = self.line_starts[line];
            if self.line_ascii[line] {
                (start + m.col()).min(self.body.len())
            } else {
                let (cur_line, cur_col, cur_byte) = self.cursor.get();
                let (mut col, mut byte) = if cur_line == line && cur_col <= m.col() {
                    (cur_col, cur_byte)
                } else {
                    (0, start)
                };
                let mut chars = self.body[byte..].chars();
                while col < m.col() {
                    match chars.next() {
                        Some(c) => {
                            col += 1;
                            byte += c.len_utf8();
                        }
                        None => break,
                    }
                }
                self.cursor.set((line, col, byte));
                byte
            }
        };
        Pos {
            byte: (self.offset + byte) as u32,
            line: m.line() as u32,
            column: m.col() as u32 + 1,
        }
    }
}

pub(super) fn build(text: &str) -> Result<(NodeBuilder, NodeId), SyntaxError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset_bytes = text.len() - body.len();
    let positions = Positions::new(body, offset_bytes);
    let mut b = NodeBuilder {
        nodes: Vec::with_capacity(text.len() / 12),
        source_offset: offset_bytes as u32,
        ..NodeBuilder::default()
    };
    let mut stack: Vec<Frame> = Vec::new();
    let mut seq_scratch: Vec<NodeId> = Vec::new();
    let mut map_scratch: Vec<(NodeId, NodeId)> = Vec::new();
    let mut anchors: HashMap<usize, NodeId> = HashMap::new();
    let mut root: Option<NodeId> = None;
    let mut documents = 0;
    let mut alias_nodes = 0;
    let body_range = body.as_ptr() as usize..body.as_ptr() as usize + body.len();

    for event in Parser::new_from_str(body) {
        let (event, span) = event.map_err(|e| SyntaxError {
            message: match e.info() {
                "recursion limit exceeded" => format!(
                    "nested more than {MAX_FLOW_DEPTH} levels deep in `{{`/`[` (flow) style, \
                     the most weir reads"
                ),
                info => info.to_string(),
            },
            pos: positions.pos(e.marker()),
        })?;
        let start = positions.pos(&span.start);
        let completed: Option<(NodeId, usize)> = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(SyntaxError {
                        message: "more than one YAML document in the file; an OpenAPI \
                                  description is a single document"
                            .into(),
                        pos: start,
                    });
                }
                None
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let end = positions.pos(&span.end).byte;
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                // Most scalars are slices of the input: keep where they are instead of copying.
                let at = value.as_ptr() as usize;
                let id = if matches!(value, Cow::Borrowed(_)) && body_range.contains(&at) {
                    b.source_scalar(start, end, style, at - body_range.start, value.len())
                } else {
                    b.own_scalar(start, end, style, &value)
                };
                Some((id, anchor))
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Seq {
                    start,
                    anchor,
                    from: seq_scratch.len(),
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Map {
                    start,
                    anchor,
                    from: map_scratch.len(),
                    key: None,
                });
                None
            }
            Event::SequenceEnd => {
                let end = positions.pos(&span.end).byte;
                let Some(Frame::Seq {
                    start,
                    anchor,
                    from,
                }) = stack.pop()
                else {
                    unreachable!("saphyr emits balanced sequence events")
                };
                let id = b.seq(start, end, &seq_scratch[from..]);
                seq_scratch.truncate(from);
                Some((id, anchor))
            }
            Event::MappingEnd => {
                let end = positions.pos(&span.end).byte;
                let Some(Frame::Map {
                    start,
                    anchor,
                    from,
                    ..
                }) = stack.pop()
                else {
                    unreachable!("saphyr emits balanced mapping events")
                };
                let merged = apply_merge_keys(&b, body, &map_scratch[from..]);
                let entries = merged.as_deref().unwrap_or(&map_scratch[from..]);
                check_duplicate_keys(&b, body, entries)?;
                let id = b.map(start, end, entries);
                map_scratch.truncate(from);
                Some((id, anchor))
            }
            Event::Alias(anchor) => {
                b.anchored = true;
                let Some(&target) = anchors.get(&anchor) else {
                    return Err(SyntaxError {
                        message: "alias to an unknown anchor".into(),
                        pos: start,
                    });
                };
                let copy = deep_copy(&mut b, target, start, &mut alias_nodes)?;
                Some((copy, 0))
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
        };
        if let Some((id, anchor)) = completed {
            if anchor != 0 {
                b.anchored = true;
                anchors.insert(anchor, id);
            }
            match stack.last_mut() {
                None => root = Some(id),
                Some(Frame::Seq { .. }) => seq_scratch.push(id),
                Some(Frame::Map { key, .. }) => match key.take() {
                    None => {
                        if b.text(id, body).is_none() {
                            return Err(SyntaxError {
                                message: "complex mapping keys (a map or list used as a key) \
                                          are not supported in OpenAPI documents"
                                    .into(),
                                pos: b.start(id),
                            });
                        }
                        *key = Some(id);
                    }
                    Some(k) => map_scratch.push((k, id)),
                },
            }
        }
    }
    let Some(root) = root else {
        return Err(SyntaxError {
            message: "the document is empty".into(),
            pos: Pos {
                byte: 0,
                line: 1,
                column: 1,
            },
        });
    };
    Ok((b, root))
}

/// YAML 1.1 merge keys (`<<: *defaults`) are common in hand-written OpenAPI files. Keys
/// written in the map itself win over merged ones, as the merge-key spec says. `None` when
/// the map has no merge key (nearly always): its entries stand as they are.
fn apply_merge_keys(
    b: &NodeBuilder,
    body: &str,
    entries: &[(NodeId, NodeId)],
) -> Option<Vec<(NodeId, NodeId)>> {
    let is_merge = |k: NodeId| b.style(k) == Style::Plain && b.text(k, body) == Some("<<");
    if !entries.iter().any(|&(k, _)| is_merge(k)) {
        return None;
    }
    let mut own: Vec<(NodeId, NodeId)> = Vec::new();
    let mut merged: Vec<(NodeId, NodeId)> = Vec::new();
    for &(k, v) in entries {
        if !is_merge(k) {
            own.push((k, v));
            continue;
        }
        let sources: Vec<NodeId> = match b.content(v) {
            Content::Map => vec![v],
            Content::Seq => b.seq_items(v).to_vec(),
            _ => vec![],
        };
        for src in sources {
            merged.extend_from_slice(b.map_entries(src));
        }
    }
    for (k, v) in merged {
        let t = b.text(k, body);
        if !own.iter().any(|&(ok, _)| b.text(ok, body) == t) {
            own.push((k, v));
        }
    }
    Some(own)
}

/// A key written twice in one mapping is an error at its second occurrence (the first such
/// in the file). JSON documents get the same policy on both paths.
pub(super) fn check_duplicate_keys(
    b: &NodeBuilder,
    body: &str,
    entries: &[(NodeId, NodeId)],
) -> Result<(), SyntaxError> {
    let text = |k: NodeId| b.text(k, body).unwrap_or("");
    // Most maps are small: comparing each pair beats allocating and sorting. Each key's text
    // is looked up once, not at every comparison.
    let repeats = if entries.len() <= 8 {
        let mut keys = [""; 8];
        for (key, &(k, _)) in keys.iter_mut().zip(entries) {
            *key = text(k);
        }
        let keys = &keys[..entries.len()];
        (1..keys.len()).any(|i| keys[..i].contains(&keys[i]))
    } else {
        let mut keys: Vec<&str> = entries.iter().map(|&(k, _)| text(k)).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    };
    if !repeats {
        return Ok(());
    }
    let mut seen = std::collections::HashSet::new();
    let &(dup, _) = entries
        .iter()
        .find(|&&(k, _)| !seen.insert(text(k)))
        .expect("a key repeats");
    Err(SyntaxError {
        message: format!("duplicate key `{}` in the same mapping", text(dup)),
        pos: b.start(dup),
    })
}

/// Expand an alias by copying the anchored subtree, so every node keeps exactly one parent
/// (and one JSON pointer).
fn deep_copy(
    b: &mut NodeBuilder,
    target: NodeId,
    at: Pos,
    copied_so_far: &mut usize,
) -> Result<NodeId, SyntaxError> {
    // Post-order copy with an explicit stack: (source node, its children, copies made so far).
    let mut work: Vec<(NodeId, Vec<NodeId>, Vec<NodeId>)> =
        vec![(target, b.children(target), Vec::new())];
    loop {
        let (src, children, done) = work
            .last_mut()
            .expect("work is never empty inside the loop");
        if done.len() < children.len() {
            let next = children[done.len()];
            let grand = b.children(next);
            work.push((next, grand, Vec::new()));
            continue;
        }
        let (src, copied) = (*src, std::mem::take(done));
        work.pop();
        *copied_so_far += 1;
        if *copied_so_far > MAX_ALIAS_NODES {
            return Err(SyntaxError {
                message: format!(
                    "aliases expand to more than {MAX_ALIAS_NODES} nodes (a \"billion laughs\" \
                     document?); weir refuses to expand further"
                ),
                pos: at,
            });
        }
        let (start, end) = (b.start(src), b.end_byte(src));
        let id = match b.content(src) {
            Content::Seq => b.seq(start, end, &copied),
            Content::Map => {
                let entries: Vec<(NodeId, NodeId)> =
                    copied.chunks(2).map(|kv| (kv[0], kv[1])).collect();
                b.map(start, end, &entries)
            }
            _ => b.copy_scalar(src),
        };
        match work.last_mut() {
            Some((_, _, parent_done)) => parent_done.push(id),
            None => return Ok(id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(src: &str) -> Tree {
        parse("t.yaml".into(), src.into()).unwrap()
    }

    #[test]
    fn keeps_raw_scalar_text_and_positions() {
        let t = tree("info:\n  version: 1.10\n  title: \"x\"\n");
        let v = t.lookup_pointer("/info/version").unwrap();
        assert_eq!(t.text(v), Some("1.10"));
        assert_eq!(t.node(v).start.line, 2);
        assert_eq!(t.node(v).start.column, 12);
        assert_eq!(t.anchor_pos(v).column, 3);
        assert_eq!(t.pointer(v), "/info/version");
    }

    #[test]
    fn json_is_detected_and_parsed() {
        let t = tree("{\"paths\":{\"/a\":{\"get\":{}}},\"n\":[1,2]}");
        assert_eq!(t.format, Format::Json);
        let n = t.lookup_pointer("/n/1").unwrap();
        assert_eq!(t.text(n), Some("2"));
        assert_eq!(t.pointer(n), "/n/1");
        assert!(t.lookup_pointer("/paths/~1a/get").is_some());
    }

    #[test]
    fn byte_offsets_count_bytes_not_chars() {
        let t = tree("a: \"é\"\nb: 1\n");
        let b = t.lookup_pointer("/b").unwrap();
        assert_eq!(t.node(b).start.byte as usize, "a: \"é\"\nb: ".len());
        assert_eq!(t.node(b).start.column, 4);
    }

    #[test]
    fn byte_offsets_survive_a_byte_order_mark_and_wide_characters() {
        let src = "\u{feff}a: \"日本\"\nb: [x, \"é\", y]\n";
        let t = tree(src);
        let y = t.lookup_pointer("/b/2").unwrap();
        assert_eq!(&src[t.node(y).start.byte as usize..][..1], "y");
        assert_eq!(t.node(y).start.line, 2);
        assert_eq!(t.node(y).start.column, 13);
        let a = t.lookup_pointer("/a").unwrap();
        assert_eq!(&src[t.node(a).start.byte as usize..][..1], "\"");
        assert_eq!(t.text(a), Some("日本"));
    }

    #[test]
    fn positions_on_a_long_non_ascii_line() {
        // Minified JSON: one line, a wide character at the start, many nodes after it.
        let mut src = String::from("{\"t\":\"é\"");
        for i in 0..2000 {
            src.push_str(&format!(",\"k{i}\":{i}"));
        }
        src.push('}');
        let t = tree(&src);
        let last = t.lookup_pointer("/k1999").unwrap();
        let at = t.node(last).start.byte as usize;
        assert_eq!(&src[at..at + 4], "1999");
        assert_eq!(t.node(last).start.line, 1);
        assert_eq!(
            t.node(last).start.column as usize,
            src[..at].chars().count() + 1
        );
    }

    #[test]
    fn aliases_and_merge_keys_expand() {
        let t = tree("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n");
        let other = t.lookup_pointer("/other").unwrap();
        let keys: Vec<_> = t.map_iter(other).map(|(k, _)| k.to_string()).collect();
        assert_eq!(keys, ["y", "x"]);
        assert_eq!(t.text(t.lookup_pointer("/other/y").unwrap()), Some("3"));
        let x = t.lookup_pointer("/ref/x").unwrap();
        assert_eq!(t.pointer(x), "/ref/x");
    }

    #[test]
    fn errors_have_positions() {
        let e = parse("t".into(), "a: [1, 2\nb: c".into()).unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
        let e = parse("t".into(), "a: 1\na: 2\n".into()).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(e.message.contains("duplicate key"));
        assert!(parse("t".into(), "".into()).is_err());
        assert!(parse("t".into(), "a: 1\n---\nb: 2\n".into()).is_err());
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut s = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!("{n}: &{n} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
            prev = n;
        }
        assert!(parse("t".into(), s.into()).is_err());
    }
}
