//! A finding with everything a format shows about it, computed once: locations, the rule's
//! metadata, and the path CI systems know the revision file by.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

use super::Report;
use crate::model::Spec;
use crate::rules::catalogue;
use crate::vocabulary::{Finding, Level, Location, NodeRef};

pub(crate) struct Item<'r> {
    pub finding: &'r Finding,
    pub base: Option<Location>,
    pub revision: Option<Location>,
}

impl Item<'_> {
    /// `GET /pets (+2 more): message`, or just the message for document-level changes.
    pub(crate) fn headline(&self) -> String {
        headline(self.finding)
    }
}

/// [`Item::headline`], for a format that writes a finding without building its item.
pub(crate) fn headline(f: &Finding) -> String {
    match f.change.operations.as_slice() {
        [] => f.message.clone(),
        [one] => format!("{one}: {}", f.message),
        [first, rest @ ..] => format!("{first} (+{} more): {}", rest.len(), f.message),
    }
}

/// How a finding's level shows in a tool with levels of its own (GitHub annotations, SARIF):
/// the same in every format and command — a warning is never an error, whether or not it
/// fails a gate.
pub(crate) fn severity(level: Level) -> &'static str {
    match level {
        Level::Breaking => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// The report's findings as items, at the places classification gave them (what
/// [`Report::base_location`] and [`Report::revision_location`] would compute again, as the
/// JSON and SARIF reports also take them).
pub(crate) fn items<'r>(report: &'r Report<'_>) -> Vec<Item<'r>> {
    report
        .findings
        .iter()
        .map(|f| Item {
            finding: f,
            base: f.located.base.clone(),
            revision: f.located.revision.clone(),
        })
        .collect()
}

/// The path of a spec file as CI systems know it: relative to the root of the repository it
/// is in (`api/openapi.yaml`), with `/` separators. A file read from git (`v1.4.0:api/x.yaml`)
/// is named by its path in the repository; other names are kept as they are.
pub(crate) fn ci_path(name: &str) -> String {
    let on_disk = Path::new(name);
    if on_disk.is_file()
        && let Ok(abs) = std::fs::canonicalize(on_disk)
        && let Some(root) = git2::Repository::discover(abs.parent().unwrap_or(&abs))
            .ok()
            .and_then(|r| r.workdir().and_then(|w| std::fs::canonicalize(w).ok()))
        && let Ok(rel) = abs.strip_prefix(&root)
    {
        return rel.to_string_lossy().replace('\\', "/");
    }
    if !on_disk.exists()
        && let Some((_, path)) = name.split_once(':')
    {
        return path.to_string();
    }
    name.replace('\\', "/")
}

/// [`ci_path`] once per file name. Finding it asks the file system and git (a canonicalize,
/// a repository discovery: dozens of system calls), and a report asks for the same one or two
/// files once per finding; on GitHub's 2,077-change diff that was 35-98 M instructions.
#[derive(Default)]
pub(crate) struct CiPaths(RefCell<HashMap<String, String>>);

impl CiPaths {
    pub(crate) fn get(&self, name: &str) -> String {
        let mut known = self.0.borrow_mut();
        if let Some(p) = known.get(name) {
            return p.clone();
        }
        let p = ci_path(name);
        known.insert(name.to_string(), p.clone());
        p
    }
}

/// The source lines of a node, as `(line number, text)`: from the line users look for (a map
/// value's key) through at most `max` lines. Long lines (minified JSON) are cut to a window
/// around the column.
pub(crate) fn snippet(spec: &Spec, at: NodeRef, max: usize) -> Vec<(u32, Cow<'_, str>)> {
    let tree = spec.tree(at);
    let pos = spec.pos(at);
    let source: &str = &tree.source;
    // Line breaks are found by memchr's vector search: lines of descriptions run long.
    let start =
        memchr::memrchr(b'\n', &source.as_bytes()[..pos.byte as usize]).map_or(0, |n| n + 1);
    let end = (tree.node(at.node).end_byte as usize).clamp(pos.byte as usize, source.len());
    // Counting stops at `max`: a removed path item can span thousands of lines.
    let breaks = memchr::memchr_iter(b'\n', &source.as_bytes()[pos.byte as usize..end])
        .take(max)
        .count();
    // Each line ends at a break or at the end of the source (where an empty last line, after
    // a last break, is left out below with the lines of whitespace alone).
    let text = &source[start..];
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut from = 0;
    ends.take(max.min(breaks + 1))
        .enumerate()
        .map(|(i, end)| {
            let l = &text[from..end];
            from = end + 1;
            let column = if i == 0 { pos.column as usize } else { 1 };
            (pos.line + i as u32, window(l.trim_end(), column))
        })
        // A line of whitespace alone is empty once its end is trimmed (a window of a long
        // line is never empty: it is marked `…`), so its indentation is not read again.
        .filter(|(_, l)| !l.is_empty())
        .collect()
}

/// At most 120 characters of a line, around `column` (1-based, in characters); most lines
/// are shorter, and borrowed.
fn window(line: &str, column: usize) -> Cow<'_, str> {
    const WIDTH: usize = 120;
    if line.len() <= WIDTH {
        return Cow::Borrowed(line);
    }
    let count = line.chars().count();
    if count <= WIDTH {
        return Cow::Borrowed(line);
    }
    let from = column.saturating_sub(1 + WIDTH / 3).min(count - WIDTH);
    // The characters shown are one slice of the line, found by their places rather than
    // copied a character at a time.
    let rest = &line[char_offset(line, from)..];
    let text = &rest[..char_offset(rest, WIDTH)];
    // Pushed, not formatted: GitHub's big diff cuts hundreds of long descriptions.
    let mut cut = String::with_capacity(text.len() + 2 * '…'.len_utf8());
    if from > 0 {
        cut.push('…');
    }
    cut.push_str(text);
    if from + WIDTH < count {
        cut.push('…');
    }
    Cow::Owned(cut)
}

/// Where the character after the first `n` of `s` starts (the end of `s` when it has no more):
/// `n` when those are ASCII, a byte each (checked a word at a time), else found by decoding
/// them one by one.
fn char_offset(s: &str, n: usize) -> usize {
    if s.as_bytes().get(..n).is_some_and(<[u8]>::is_ascii) {
        return n;
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The rule's summary (`Operation description changed`) when the old or new value spans
/// lines — a multi-paragraph description — which would break the list item if written inline;
/// the values then follow in fenced blocks.
pub(crate) fn multi_line(f: &Finding) -> Option<String> {
    let spans = |v: &Option<String>| v.as_deref().is_some_and(|v| v.trim_end().contains('\n'));
    if !spans(&f.change.before) && !spans(&f.change.after) {
        return None;
    }
    Some(
        catalogue()
            .get(&f.rule)
            .map_or_else(|| f.rule.clone(), |r| r.summary.clone()),
    )
}

/// `before:` and `after:` with each value indented under its label (`indent` for the labels,
/// two more for the values): how text shows a value that spans lines.
pub(crate) fn before_after(f: &Finding, indent: &str) -> String {
    let mut out = String::new();
    for (label, value) in [("before", &f.change.before), ("after", &f.change.after)] {
        if let Some(v) = value {
            out.push_str(&format!("{indent}{label}:\n"));
            out.push_str(&indented(v, &format!("{indent}  ")));
        }
    }
    out
}

/// Each line of `text` (trailing blank lines dropped) after `indent`; empty lines stay empty.
pub(crate) fn indented(text: &str, indent: &str) -> String {
    let mut out = String::new();
    for line in text.trim_end().lines() {
        if !line.is_empty() {
            out.push_str(indent);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_of_long_lines() {
        assert_eq!(window("short", 3), "short");
        let long: String = "é".repeat(300);
        let w = window(&long, 200);
        assert!(w.starts_with('…') && w.ends_with('…'));
        assert_eq!(w.chars().count(), 122);
        assert!(!window(&long, 1).starts_with('…'));
        let ascii: String = ('a'..='z').cycle().take(300).collect();
        assert_eq!(window(&ascii, 100), format!("…{}…", &ascii[59..179]));
        assert_eq!(window(&ascii, 1), format!("{}…", &ascii[..120]));
        assert_eq!(window(&ascii, 300), format!("…{}", &ascii[180..]));
        let mixed = format!("{}é{}", "a".repeat(100), "b".repeat(100));
        assert_eq!(
            window(&mixed, 1),
            format!("{}é{}…", "a".repeat(100), "b".repeat(19))
        );
        for (i, c) in mixed.char_indices().enumerate().take(130) {
            assert_eq!(char_offset(&mixed, i), c.0);
        }
        assert_eq!(char_offset("ab", 2), 2);
        assert_eq!(char_offset("aé", 5), 3);
    }

    #[test]
    fn git_names_become_repository_paths() {
        assert_eq!(
            ci_path("v1.4.0:api/openapi.yaml"),
            "api/openapi.yaml".to_string()
        );
        assert_eq!(ci_path("<stdin>"), "<stdin>");
    }
}
