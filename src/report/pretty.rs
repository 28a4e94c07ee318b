//! serde_json's pretty printing (two spaces a level), with each line break and its
//! indentation written in one piece. `PrettyFormatter` writes the indentation one level at a
//! time, each a copy of two bytes: four or five copies per line of a report, whose big diffs
//! run to hundreds of thousands of lines (an operation label per line). The bytes are the
//! same as `serde_json::to_string_pretty`'s.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// `,` then a line break and as many spaces as the deepest level written in one piece needs;
/// deeper levels are written a level at a time, as serde_json does.
const BREAK: &[u8] = b",\n                                                                ";

#[derive(Default)]
struct Indented {
    level: usize,
    /// Whether the array or object being written has a value yet (an empty one is `[]`).
    has_value: bool,
}

impl Indented {
    /// A line break (after a comma unless `first`) and the current level's indentation.
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let width = 2 * self.level;
        if 2 + width <= BREAK.len() {
            return w.write_all(&BREAK[from..2 + width]);
        }
        w.write_all(&BREAK[from..2])?;
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `serde_json::to_writer_pretty`.
pub(super) fn to_writer<W: Write>(w: W, value: &impl Serialize) -> serde_json::Result<()> {
    to_writer_at(w, value, 0)
}

/// [`to_writer`] for a value that stands `level` levels deep in a bigger document: its lines
/// are indented as they would be there (its first line is not: it follows the caller's).
pub(super) fn to_writer_at<W: Write>(
    w: W,
    value: &impl Serialize,
    level: usize,
) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(
        w,
        Indented {
            level,
            has_value: false,
        },
    ))
}

/// `serde_json::to_string_pretty`.
pub(super) fn to_string(value: &impl Serialize) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    to_writer(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn the_bytes_are_serde_jsons() {
        let deep = (0..40).fold(
            json!([1, {}, []]),
            |v, i| json!({ format!("k{i}"): [v, "x"] }),
        );
        for v in [
            json!(null),
            json!([]),
            json!({}),
            json!({"a": [], "b": {}, "c": [1, "two\n\"", {"d": null}]}),
            deep,
        ] {
            assert_eq!(
                super::to_string(&v).unwrap(),
                serde_json::to_string_pretty(&v).unwrap()
            );
        }
    }

    /// A value written two levels deep reads as it does inside the whole document.
    #[test]
    fn a_value_written_at_a_level_reads_as_inside_the_document() {
        let inner = json!({"a": [1, {"b": "c"}], "d": {}});
        let whole = serde_json::to_string_pretty(&json!({"x": [inner.clone()]})).unwrap();
        let mut part = Vec::new();
        super::to_writer_at(&mut part, &inner, 2).unwrap();
        let part = String::from_utf8(part).unwrap();
        assert_eq!(whole, format!("{{\n  \"x\": [\n    {part}\n  ]\n}}"));
    }
}
