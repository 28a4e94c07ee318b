//! serde_json's pretty printing (two spaces a level), by our own serializer
//! ([`PrettyWriter`]): the bytes are the same as `serde_json::to_string_pretty`'s, written in
//! a fraction of the instructions (a big diff's JSON report is megabytes).

use std::io::Write;

use serde::Serialize;

use super::pretty_writer::PrettyWriter;

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
    value.serialize(&mut PrettyWriter::at(w, level))
}

/// `values` as the elements at `level` of an array whose brackets are written elsewhere, each
/// written by `write` on a line of its own after a comma (but the first, when `first`), as in
/// the whole document. One writer for them all: it checks each struct field name for escapes
/// once, not once a value.
pub(super) fn elements_at<W: Write, T>(
    w: W,
    values: impl IntoIterator<Item = T>,
    level: usize,
    first: bool,
    write: impl FnMut(&mut PrettyWriter<W>, T) -> serde_json::Result<()>,
) -> serde_json::Result<()> {
    PrettyWriter::at(w, level).elements(values, first, write)
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
