//! JSON text → the same located tree the YAML path builds, driven by jiter's pull parser.
//!
//! JSON specs used to go through saphyr, a YAML parser: three times slower than serde_json
//! on GitHub's 3.6 MB description, lenient (a trailing comma or an unquoted key passed), and
//! limited to 255 levels of `{`/`[`. jiter hands out one value at a time and its byte index,
//! so this builder keeps its own stack (no nesting limit, no recursion) and records, for every
//! node, exactly what `parse.rs` records for the same document read as YAML: the start
//! position (line, column in characters, byte), the end byte, the raw text of numbers and
//! literals (`1.10` stays "1.10"), the unescaped text of strings, and the same node order.
//! `tests/json_parse.rs` holds the two paths to that on every JSON fixture and corpus file.
//! The choice of jiter, with the figures, is in `benches/README.md`.

use jiter::{Jiter, JiterError, JiterErrorType, JsonErrorType, Peek};

use super::parse::{SyntaxError, check_duplicate_keys};
use crate::tree::{NodeBuilder, NodeId, Pos, Style};

/// An open container; its children so far sit on the shared scratch stacks from `from` on.
struct JsonFrame {
    start: Pos,
    /// Byte offset of the `{` or `[`, for an error that says where it was opened.
    open: usize,
    from: usize,
    /// `Some` for an object: the key whose value is being read, once read.
    key: Option<Option<NodeId>>,
}

/// Read a whole JSON document (a byte-order mark allowed) into a tree arena.
pub(crate) fn build(text: &str) -> Result<(NodeBuilder, NodeId), SyntaxError> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let offset = text.len() - body.len();
    let mut reader = JsonReader {
        body,
        data: body.as_bytes(),
        jiter: Jiter::new(body.as_bytes()),
        lines: Lines::new(body, offset),
        b: NodeBuilder {
            nodes: Vec::with_capacity(body.len() / 12),
            source_offset: offset as u32,
            ..NodeBuilder::default()
        },
        stack: Vec::new(),
        items: Vec::new(),
        entries: Vec::new(),
        at: 0,
    };
    match reader.document() {
        Ok(root) => Ok((reader.b, root)),
        Err(e) => Err(reader.syntax_error(offset, e)),
    }
}

struct JsonReader<'a> {
    body: &'a str,
    data: &'a [u8],
    jiter: Jiter<'a>,
    lines: Lines<'a>,
    b: NodeBuilder,
    stack: Vec<JsonFrame>,
    items: Vec<NodeId>,
    entries: Vec<(NodeId, NodeId)>,
    /// Where the step being taken began: an error inside a string points at its opening quote,
    /// the first `"` from here on.
    at: usize,
}

/// What went wrong: jiter's error, or a duplicate key (already a [`SyntaxError`]).
enum JsonFailure {
    Json(JiterError),
    Syntax(SyntaxError),
}

impl From<JiterError> for JsonFailure {
    fn from(e: JiterError) -> JsonFailure {
        JsonFailure::Json(e)
    }
}

impl JsonReader<'_> {
    /// The pull loop: read a value (or close a container), hand it to its parent, then ask the
    /// parent's container for what comes next.
    fn document(&mut self) -> Result<NodeId, JsonFailure> {
        let mut next = Some(self.jiter.peek()?);
        loop {
            let done = match next {
                Some(Peek::Array) => {
                    self.open(None);
                    next = self.jiter.known_array()?;
                    continue;
                }
                Some(Peek::Object) => {
                    self.open(Some(None));
                    next = self.key(true)?;
                    continue;
                }
                Some(peek) => self.scalar(peek)?,
                None => self.close()?,
            };
            next = match self.stack.last_mut() {
                None => {
                    self.at = self.jiter.current_index();
                    self.jiter.finish()?;
                    return Ok(done);
                }
                Some(JsonFrame { key: None, .. }) => {
                    self.items.push(done);
                    self.at = self.jiter.current_index();
                    self.jiter.array_step()?
                }
                Some(JsonFrame { key: Some(key), .. }) => {
                    let k = key.take().expect("a value in an object follows its key");
                    self.entries.push((k, done));
                    self.key(false)?
                }
            };
        }
    }

    fn open(&mut self, key: Option<Option<NodeId>>) {
        let open = self.jiter.current_index();
        let from = match key {
            None => self.items.len(),
            Some(_) => self.entries.len(),
        };
        self.stack.push(JsonFrame {
            start: self.lines.pos(open),
            open,
            from,
            key,
        });
        self.at = open;
    }

    /// The next key of the innermost object, as a node, and a peek at its value; `None` at
    /// the object's end.
    fn key(&mut self, first: bool) -> Result<Option<Peek>, JsonFailure> {
        self.at = self.jiter.current_index();
        let key = if first {
            self.jiter.known_object()?
        } else {
            self.jiter.next_key()?
        };
        let Some(key) = key else { return Ok(None) };
        let (quote, end) = match source_offset(self.data, key) {
            Some(at) => (at - 1, Some(at + key.len() + 1)),
            // Escaped, so decoded elsewhere. Between where this step began and the key there
            // are only `{`, `,` and whitespace; after it, whitespace and the `:` just passed.
            None => (self.at + first_quote(&self.data[self.at..]), None),
        };
        let start = self.lines.pos(quote);
        let id = string_node(&mut self.b, self.data, start, key);
        let end = end.unwrap_or_else(|| {
            let mut end = self.jiter.current_index() - 1;
            while self.data[end - 1] != b'"' {
                end -= 1;
            }
            end
        });
        self.b.nodes[id.0 as usize].end_byte = self.end(end);
        match self.stack.last_mut() {
            Some(JsonFrame { key: Some(k), .. }) => *k = Some(id),
            _ => unreachable!("keys are read inside objects"),
        }
        self.at = self.jiter.current_index();
        Ok(Some(self.jiter.peek()?))
    }

    fn scalar(&mut self, peek: Peek) -> Result<NodeId, JsonFailure> {
        let at = self.jiter.current_index();
        self.at = at;
        let start = self.lines.pos(at);
        if peek == Peek::String {
            let text = self.jiter.known_str()?;
            let id = string_node(&mut self.b, self.data, start, text);
            self.b.nodes[id.0 as usize].end_byte = self.end(self.jiter.current_index());
            return Ok(id);
        }
        match peek {
            Peek::Null => self.jiter.known_null()?,
            Peek::True | Peek::False => {
                self.jiter.known_bool(peek)?;
            }
            _ => {
                self.jiter.known_number_bytes(peek)?;
            }
        }
        let end = self.jiter.current_index();
        let end_byte = self.end(end);
        Ok(self
            .b
            .source_scalar(start, end_byte, Style::Plain, at, end - at))
    }

    /// A byte offset in the body as a byte offset in the file.
    fn end(&self, at: usize) -> u32 {
        (self.lines.offset + at) as u32
    }

    fn close(&mut self) -> Result<NodeId, JsonFailure> {
        let frame = self.stack.pop().expect("a container closes after it opens");
        let end = self.end(self.jiter.current_index());
        Ok(match frame.key {
            None => {
                let id = self.b.seq(frame.start, end, &self.items[frame.from..]);
                self.items.truncate(frame.from);
                id
            }
            Some(_) => {
                let entries = &self.entries[frame.from..];
                check_duplicate_keys(&self.b, self.body, entries).map_err(JsonFailure::Syntax)?;
                let id = self.b.map(frame.start, end, entries);
                self.entries.truncate(frame.from);
                id
            }
        })
    }

    /// A jiter error, placed where a reader should look and worded for a person.
    fn syntax_error(&self, offset: usize, failure: JsonFailure) -> SyntaxError {
        let body = self.body;
        let e = match failure {
            JsonFailure::Syntax(e) => return e,
            JsonFailure::Json(e) => e,
        };
        let JiterErrorType::JsonError(kind) = &e.error_type else {
            unreachable!("only typed reads (`next_*`) report a wrong type; this reads by peek")
        };
        let innermost = self.stack.last().map_or(0, |f| f.open);
        let opener = |what: &str| match self.data.get(innermost) {
            Some(b'[') => format!("the file ends before this `[` is closed{what}"),
            _ => format!("the file ends before this `{{` is closed{what}"),
        };
        let (message, at) = match kind {
            JsonErrorType::EofWhileParsingString => (
                "the file ends inside this string (its closing `\"` is missing)".to_string(),
                self.at + first_quote(&self.data[self.at..]),
            ),
            JsonErrorType::EofWhileParsingList | JsonErrorType::EofWhileParsingObject => {
                (opener(""), innermost)
            }
            JsonErrorType::EofWhileParsingValue if !self.stack.is_empty() => {
                (opener(" (a value is missing)"), innermost)
            }
            JsonErrorType::EofWhileParsingValue => ("the document is empty".into(), e.index),
            JsonErrorType::TrailingComma => {
                let comma = self.data[..e.index]
                    .iter()
                    .rposition(|&c| c == b',')
                    .unwrap_or(e.index);
                (
                    "a trailing comma: JSON allows no `,` after the last item".into(),
                    comma,
                )
            }
            JsonErrorType::TrailingCharacters => match self.data.get(e.index) {
                Some(&c @ (b'}' | b']')) => (
                    format!(
                        "misplaced bracket: an extra `{}` after the end of the document",
                        c as char
                    ),
                    e.index,
                ),
                _ => (
                    "more text after the end of the JSON document".into(),
                    e.index,
                ),
            },
            JsonErrorType::ExpectedColon => (
                "expected `:` here, between a key and its value".into(),
                e.index,
            ),
            JsonErrorType::ExpectedListCommaOrEnd => {
                ("expected `,` or `]` after a list item".into(), e.index)
            }
            JsonErrorType::ExpectedObjectCommaOrEnd => {
                ("expected `,` or `}` after an object member".into(), e.index)
            }
            JsonErrorType::KeyMustBeAString => (
                "expected a key in double quotes (JSON keys are strings)".into(),
                e.index,
            ),
            JsonErrorType::ExpectedSomeValue | JsonErrorType::ExpectedSomeIdent => (
                "expected a value: an object, a list, a string in double quotes, a number, \
                 `true`, `false` or `null`"
                    .into(),
                e.index,
            ),
            JsonErrorType::ControlCharacterWhileParsingString => (
                "a control character in a string (JSON needs it escaped, e.g. `\\n`, `\\t`)".into(),
                e.index,
            ),
            JsonErrorType::NumberOutOfRange => (
                "a number with more digits than weir reads (4300)".into(),
                e.index,
            ),
            other => (other.to_string(), e.index),
        };
        let mut at = at.min(body.len());
        while !body.is_char_boundary(at) {
            at -= 1;
        }
        SyntaxError {
            message,
            pos: Lines::new(body, offset).pos(at),
        }
    }
}

/// A string node: its text is a slice of the source when it had no escapes (jiter then hands
/// out a slice of the input), a copy otherwise. Its end is set by the caller once the parser
/// has moved past the closing quote (`text` may borrow the parser until then).
fn string_node(b: &mut NodeBuilder, data: &[u8], start: Pos, text: &str) -> NodeId {
    match source_offset(data, text) {
        Some(at) => b.source_scalar(start, 0, Style::Quoted, at, text.len()),
        None => b.own_scalar(start, 0, Style::Quoted, text),
    }
}

/// Where `text` starts in `data`, if it is a slice of it (jiter's decoded strings are, unless
/// they had escapes).
fn source_offset(data: &[u8], text: &str) -> Option<usize> {
    let at = (text.as_ptr() as usize).wrapping_sub(data.as_ptr() as usize);
    (at < data.len()).then_some(at)
}

/// Offset of the first `"` in `bytes` (the length when there is none).
fn first_quote(bytes: &[u8]) -> usize {
    bytes.iter().position(|&c| c == b'"').unwrap_or(bytes.len())
}

/// Byte offsets → line and column (in characters, as saphyr counts them). Line starts are
/// found once with memchr, and where the bytes that are not ASCII are (specs have few);
/// positions are asked in increasing order, so cursors walk both lists, and characters are
/// counted only where a wide one lies between the line's start and the position. A byte loop
/// over the whole text instead cost a third of the parse; a flag for every line, a sixth.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Bytes before the body in the file (a byte-order mark).
    offset: usize,
    /// Where each line starts.
    starts: Vec<usize>,
    /// Where each byte that is not ASCII is, in order.
    wide: Vec<usize>,
    /// The line of the last position, and that position's byte and 0-based column.
    line: usize,
    last: (usize, usize),
    /// The first of `wide` at or after the start of `line`.
    next_wide: usize,
}

impl<'a> Lines<'a> {
    fn new(body: &'a str, offset: usize) -> Lines<'a> {
        let bytes = body.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        // Blocks of 64 bytes are checked whole, and only one that is not all ASCII byte by byte.
        let mut wide = Vec::new();
        for (k, block) in bytes.chunks(64).enumerate() {
            if !block.is_ascii() {
                let at = k * 64;
                wide.extend(
                    (0..block.len())
                        .filter(|&i| block[i] >= 0x80)
                        .map(|i| at + i),
                );
            }
        }
        Lines {
            bytes,
            offset,
            starts,
            wide,
            line: 0,
            last: (0, 0),
            next_wide: 0,
        }
    }

    fn pos(&mut self, byte: usize) -> Pos {
        debug_assert!(byte >= self.last.0, "positions are asked in order");
        while self.starts.get(self.line + 1).is_some_and(|&s| s <= byte) {
            self.line += 1;
            self.last = (self.starts[self.line], 0);
        }
        let line_start = self.starts[self.line];
        while self
            .wide
            .get(self.next_wide)
            .is_some_and(|&w| w < line_start)
        {
            self.next_wide += 1;
        }
        let column = if self.wide.get(self.next_wide).is_none_or(|&w| w >= byte) {
            byte - line_start
        } else {
            let (from, column) = self.last;
            // Every byte but a UTF-8 continuation byte starts a character.
            column
                + self.bytes[from..byte]
                    .iter()
                    .filter(|&&c| (c as i8) >= -0x40)
                    .count()
        };
        self.last = (byte, column);
        Pos {
            byte: (self.offset + byte) as u32,
            line: self.line as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lines;

    /// Every character's position, asked in order, is the line and column counted by hand,
    /// with wide characters at the edges of the 64-byte blocks and of lines.
    #[test]
    fn positions_count_characters_on_lines_with_wide_ones() {
        let mut text = String::new();
        for i in 0..40 {
            text.push_str(&"a".repeat(i % 7 * 11));
            text.push(['é', '€', '😀', 'z'][i % 4]);
            text.push_str(&"b".repeat(i * 3 % 65));
            text.push('\n');
        }
        let mut lines = Lines::new(&text, 3);
        let (mut line, mut column) = (1, 1);
        for (byte, c) in text.char_indices() {
            let p = lines.pos(byte);
            assert_eq!(
                (p.byte, p.line, p.column),
                (byte as u32 + 3, line, column),
                "at byte {byte}"
            );
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
    }
}
