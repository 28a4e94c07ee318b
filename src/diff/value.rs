//! Values written in a spec (enum entries, defaults, extensions) compared by meaning:
//! key order, quoting and YAML-vs-JSON spelling do not matter; `1.0` equals `1`.

use std::fmt::Write;

use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::NodeId;

/// A canonical JSON text for a node: maps with sorted keys, numbers normalized.
pub fn canonical(tree: &Tree, node: NodeId) -> String {
    let mut out = String::new();
    write_canonical(tree, node, &mut out, 0, usize::MAX);
    out
}

/// A node's [`canonical`] text, to sort and compare by, left unbuilt for a string that needs
/// no escape (its text is the string between quotes): the values of an enum are almost all
/// such strings, and building a text for each of them was most of comparing two enums.
pub enum Canonical<'t> {
    /// A string written as `"` + it + `"`.
    Quoted(&'t str),
    /// Any other value's canonical text.
    Text(String),
}

/// The canonical key of a node; orders and equates as [`canonical`] does.
pub fn canonical_key(tree: &Tree, node: NodeId) -> Canonical<'_> {
    if let Some(Resolved::Str(s)) = tree.resolve(node)
        && needs_no_escape(s)
    {
        return Canonical::Quoted(s);
    }
    Canonical::Text(canonical(tree, node))
}

impl Canonical<'_> {
    /// The canonical text, byte by byte.
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (quote, text) = match self {
            Canonical::Quoted(s) => (Some(b'"'), s.as_bytes()),
            Canonical::Text(t) => (None, t.as_bytes()),
        };
        quote.into_iter().chain(text.iter().copied()).chain(quote)
    }
}

impl Ord for Canonical<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (self, other) {
            // Both texts open with a quote: what follows it decides, and a string that ends
            // first goes on with its closing quote, which neither string holds.
            (Canonical::Quoted(a), Canonical::Quoted(b)) => {
                let (a, b) = (a.as_bytes(), b.as_bytes());
                let n = a.len().min(b.len());
                let next = |s: &[u8]| s.get(n).copied().unwrap_or(b'"');
                a[..n].cmp(&b[..n]).then_with(|| next(a).cmp(&next(b)))
            }
            _ => self.bytes().cmp(other.bytes()),
        }
    }
}

impl PartialOrd for Canonical<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Canonical<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Canonical<'_> {}

/// Values nested deeper than this are cut short; they are compared by their prefix.
const MAX_DEPTH: usize = 128;

/// Writes the canonical text of `node`, but leaves the rest out once `out` holds `limit`
/// bytes: what was written until then is the text's start, and only that start is wanted.
fn write_canonical(tree: &Tree, node: NodeId, out: &mut String, depth: usize, limit: usize) {
    if out.len() >= limit {
        return;
    }
    if depth > MAX_DEPTH {
        out.push('…');
        return;
    }
    match tree.value(node) {
        NodeValue::Scalar { .. } => match tree.resolve(node) {
            Some(Resolved::Null) | None => out.push_str("null"),
            Some(Resolved::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            Some(Resolved::Number(t)) => out.push_str(&normalize_number(t)),
            Some(Resolved::Str(s)) => write_json_string(s, out, limit),
        },
        NodeValue::Seq(items) => {
            out.push('[');
            for (i, &item) in items.iter().enumerate() {
                if out.len() >= limit {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                write_canonical(tree, item, out, depth + 1, limit);
            }
            out.push(']');
        }
        NodeValue::Map(entries) => {
            out.push('{');
            for (i, (k, v)) in sorted_entries(tree, entries).into_iter().enumerate() {
                if out.len() >= limit {
                    return;
                }
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out, limit);
                out.push(':');
                write_canonical(tree, v, out, depth + 1, limit);
            }
            out.push('}');
        }
    }
}

/// A map's entries in the order `write_canonical` writes them: by key, stably.
fn sorted_entries<'t>(tree: &'t Tree, entries: &[(NodeId, NodeId)]) -> Vec<(&'t str, NodeId)> {
    let mut sorted: Vec<(&str, NodeId)> = entries
        .iter()
        .map(|&(k, v)| (tree.text(k).unwrap_or(""), v))
        .collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted
}

fn normalize_number(text: &str) -> String {
    match crate::tree::parse_number(text) {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", v as i64),
        Some(v) if v.is_finite() => format!("{v}"),
        _ => text.to_string(),
    }
}

/// A string JSON writes as it is, between quotes.
fn needs_no_escape(s: &str) -> bool {
    clean_run(s.as_bytes()) == s.len()
}

/// The length of the run of bytes at the start of `s` a JSON string holds as they are: up to
/// the first control character, quote or backslash (the bytes JSON escapes). Eight bytes are
/// checked at once, the last few padded with spaces (clean). The reports' JSON writer
/// (`report::pretty_writer`) copies strings a clean run at a time too.
pub(crate) fn clean_run(s: &[u8]) -> usize {
    let mut words = s.chunks_exact(8);
    for (k, word) in words.by_ref().enumerate() {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if let Some(i) = first_escaped(word) {
            return 8 * k + i;
        }
    }
    let rest = words.remainder();
    let mut last = [b' '; 8];
    last[..rest.len()].copy_from_slice(rest);
    first_escaped(u64::from_le_bytes(last)).map_or(s.len(), |i| s.len() - rest.len() + i)
}

/// The first of the eight bytes of `x` (in little-endian order) a JSON string escapes. Each
/// test sets the high bit of the bytes it finds, of none before the first, and maybe of some
/// after it (a borrow carries into the next byte only from a byte found).
fn first_escaped(x: u64) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    // A byte below 0x20, or (once xored with a quote, a backslash) zero, borrows in the
    // subtraction; the high bits of `x` and of it xored are the same, as neither is ASCII.
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    let borrowed =
        x.wrapping_sub(ONES * 0x20) | quote.wrapping_sub(ONES) | backslash.wrapping_sub(ONES);
    let found = borrowed & !x & HIGH;
    (found != 0).then(|| found.trailing_zeros() as usize / 8)
}

/// `s` as a JSON string, at the end of `out`, which stops growing (closing quote left out)
/// once it is `limit` bytes long and `s` goes on, after the character that crosses it. What
/// needs no escape is copied a run at a time.
fn write_json_string(s: &str, out: &mut String, limit: usize) {
    out.push('"');
    let mut rest = s;
    while !rest.is_empty() {
        let clean = clean_run(rest.as_bytes());
        // The run up to the limit, and the character that crosses it.
        let room = limit.saturating_sub(out.len());
        let end = if clean > room {
            (room..=clean)
                .find(|&i| rest.is_char_boundary(i))
                .unwrap_or(clean)
        } else {
            clean
        };
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        if rest.is_empty() {
            break;
        }
        if out.len() >= limit {
            return;
        }
        match rest.as_bytes()[0] {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b => {
                let _ = write!(out, "\\u{b:04x}");
            }
        }
        rest = &rest[1..];
        if out.len() >= limit && !rest.is_empty() {
            return;
        }
    }
    out.push('"');
}

/// Two optional values are the same: written the same way (cheap), or meaning the same.
pub fn same(
    a: &crate::model::Spec,
    x: Option<crate::vocabulary::NodeRef>,
    b: &crate::model::Spec,
    y: Option<crate::vocabulary::NodeRef>,
) -> bool {
    match (x, y) {
        (None, None) => true,
        // Two scalars written the same way are settled first, by `same_node`.
        (Some(x), Some(y)) => same_nodes(a.tree(x), x.node, b.tree(y), y.node),
        _ => false,
    }
}

/// Two nodes whose [`canonical`] texts are equal, compared part by part.
pub fn same_nodes(a: &Tree, x: NodeId, b: &Tree, y: NodeId) -> bool {
    same_node(a, x, b, y, 0)
}

/// Two nodes whose [`canonical`] texts are equal, decided without building the texts and
/// stopping at the first difference: an extension's object compared on every operation of a
/// big diff built two texts each time. The texts are JSON, which a value's parts can be read
/// back from, so they are equal exactly when the parts are, down to where the texts cut the
/// values short.
fn same_node(a: &Tree, x: NodeId, b: &Tree, y: NodeId, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return true;
    }
    match (a.value(x), b.value(y)) {
        // A scalar's canonical text depends on its text and style alone: the same two are the
        // same value, without writing out (and escaping) the text of either.
        (NodeValue::Scalar { text: t, style: s }, NodeValue::Scalar { text: u, style: v }) => {
            (t == u && s == v) || canonical_key(a, x) == canonical_key(b, y)
        }
        (NodeValue::Seq(xs), NodeValue::Seq(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .zip(ys)
                    .all(|(&p, &q)| same_node(a, p, b, q, depth + 1))
        }
        (NodeValue::Map(xs), NodeValue::Map(ys)) => {
            if xs.len() != ys.len() {
                return false;
            }
            let (xs, ys) = (sorted_entries(a, xs), sorted_entries(b, ys));
            xs.iter()
                .zip(&ys)
                .all(|(p, q)| p.0 == q.0 && same_node(a, p.1, b, q.1, depth + 1))
        }
        _ => false,
    }
}

/// How a value reads in a message: strings bare when simple, anything else as JSON.
pub fn display(tree: &Tree, node: NodeId) -> String {
    match tree.resolve(node) {
        Some(Resolved::Str(s)) => format!("\"{s}\""),
        _ => {
            // Only the start of a long value is shown (77 characters of more than 80): the
            // rest of a big value (an extension's object of long texts) is not written at
            // all. A text cut short at a limit holds the value's text up to there (then
            // maybe closing brackets), and ASCII bytes are characters, as they are in a big
            // diff's extensions: 81 bytes tell without counting characters. Otherwise
            // 4 × 81 bytes hold more than 80 characters, which are counted.
            let mut c = String::new();
            write_canonical(tree, node, &mut c, 0, 81);
            if c.len() < 81 {
                return c;
            }
            if c.as_bytes()[..81].is_ascii() {
                c.truncate(77);
                c.push('…');
                return c;
            }
            c.clear();
            write_canonical(tree, node, &mut c, 0, 4 * 81);
            if c.char_indices().nth(80).is_some() {
                let cut = c.char_indices().nth(77).map_or(c.len(), |(i, _)| i);
                c.truncate(cut);
                c.push('…');
            }
            c
        }
    }
}
