//! `weir log` parses each revision of a YAML spec by its parts, copying the parts an earlier
//! revision had (`src/load/chunked.rs`). The tree must be the one parsing the whole text
//! gives, node for node (positions, end bytes, parents, texts, order), and a text it cannot
//! vouch for must give exactly the whole parse's tree or error. Checked on every YAML
//! fixture, cut as finely as it goes, on its own, after itself and after edits of it, and on
//! hand-written edge cases. (Stripe's whole history: `job chunked`, benches/README.md.)

use std::path::{Path, PathBuf};
use std::sync::Arc;

use weir::load::chunked::{parse_reusing, parse_reusing_with, reused_bytes};
use weir::load::parse::parse;
use weir::tree::Tree;

/// Parse `text` whole and by parts after `earlier`; they must agree. The parts' tree.
fn same(name: &str, text: &str, earlier: &[Tree], split_at: u32) -> Option<Tree> {
    let text: Arc<str> = text.into();
    let whole = parse(name.into(), text.clone());
    let parts = parse_reusing_with(name.into(), text, earlier, split_at);
    match (whole, parts) {
        (Ok(w), Ok(p)) => {
            assert!(w.same_nodes(&p), "{name}: the trees differ");
            Some(p)
        }
        (Err(a), Err(b)) => {
            assert_eq!(
                format!("{a:?}"),
                format!("{b:?}"),
                "{name}: the errors differ"
            );
            None
        }
        (w, p) => panic!("{name}: whole {:?}, by parts {:?}", w.err(), p.err()),
    }
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// The same text with a blank line put in at the middle line (moving everything after it)
/// and every `type: string` after that made `type: integer`.
fn edited(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mid = lines.len() / 2;
    let (head, tail) = (lines[..mid].concat(), lines[mid..].concat());
    format!("{head}\n{}", tail.replace("type: string", "type: integer"))
}

#[test]
fn every_yaml_fixture_parses_the_same_by_parts() {
    let mut files = Vec::new();
    yaml_files(Path::new("fixtures"), &mut files);
    files.sort();
    assert!(files.len() > 500, "{} fixtures", files.len());
    let mut cut = 0;
    for file in &files {
        let name = file.display().to_string();
        let Ok(text) = std::fs::read_to_string(file) else {
            continue; // not UTF-8: refused before any parse
        };
        for split_at in [0, 64, 1 << 20] {
            let Some(alone) = same(&name, &text, &[], split_at) else {
                continue;
            };
            cut += usize::from(alone.chunk_count() > 1);
            let again = same(&name, &text, std::slice::from_ref(&alone), split_at).unwrap();
            let earlier = std::slice::from_ref(&alone);
            assert_eq!(
                reused_bytes(&again, earlier),
                reused_bytes(&alone, earlier),
                "{name}: all of it is copied after itself"
            );
            same(&name, &edited(&text), &[alone], split_at);
        }
    }
    assert!(cut > 500, "only {cut} fixtures were cut into chunks");
}

/// Texts whose parts are easy to get wrong. Each is checked cut as finely as it goes, on its
/// own and after a different revision of itself.
const EDGES: &[&str] = &[
    // Comments and blank lines between, before and after entries; no final newline.
    "# top\n\ncomponents:\n  # c\n  schemas:\n\n    a:\n      type: object\n    # between\n    b: {type: string}\n# end",
    // A sequence at the indentation of its key; a seq of maps.
    "paths:\n  /a:\n    get:\n      tags:\n      - x\n      - y\n  /b:\n    parameters:\n    - name: p\n      in: query\n",
    // Block scalars: kept trailing newlines at the end of a chunk, folded, indented.
    "a:\n  x: |+\n    keep\n\n\n  y: >-\n    folded\n    text\n\n  z: |2\n      indented\nb: 1\n",
    // Multi-line plain and quoted scalars, flow collections over lines.
    "a:\n  d: plain that\n    goes on\n  q: \"double that\n    goes on\"\n  s: 'single\n    too'\n  f: [1,\n    2]\nb:\n  m: {x: 1,\n    y: 2}\n",
    // Quoted, odd and non-ASCII keys; a key that is a boolean; wide characters.
    "\"quoted\":\n  a: 1\n'single':\n  b: 2\nkey with: colon:\n  c: 3\nté:\n  d: \"日本\"\ntrue:\n  e: é\n",
    // An opening document marker, then a mapping indented as a whole.
    "---\n  a:\n    b: 1\n  c:\n    d: 2\n",
    // Empty values and a null written out.
    "a:\nb: ~\nc:\n  d:\n  e: null\n",
    // Anchors, aliases and merge keys: parsed whole.
    "a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  m: 2\n",
    "a:\n  <<: {k: 1}\n  m: 2\n",
    // Carriage returns, tabs, directives, several documents: parsed whole.
    "a:\r\n  b: 1\r\n",
    "a:\n\tb: 1\n",
    "%YAML 1.2\n---\na:\n  b: 1\n",
    "a:\n  b: 1\n---\nc: 2\n",
    "a:\n  b: 1\n...\n",
    // Errors: a duplicate key at each level, bad indentation, an unclosed quote.
    "a:\n  b: 1\na:\n  c: 2\n",
    "a:\n  b: 1\n  b: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  b: \"open\nc: 1\n",
    "a:\n  b: [1,\nc: 1\n",
    // Not a mapping at the top, or nothing at all.
    "- a\n- b\n",
    "just text\n",
    "",
    "# only a comment\n",
    // Explicit keys and a key that starts with a dash.
    "? a\n: 1\nb: 2\n",
    "-a: 1\nb: 2\n",
    // JSON, which has its own parser.
    "{\"a\": {\"b\": 1}}",
];

#[test]
fn edge_cases_parse_the_same_by_parts() {
    for (i, text) in EDGES.iter().enumerate() {
        let name = format!("edge {i}");
        let before = same(&name, &text.replace("1", "10"), &[], 0);
        same(&name, text, &[], 0);
        same(&name, text, before.as_slice(), 0);
    }
}

#[test]
fn only_changed_parts_are_parsed_again() {
    let mut text = String::from("openapi: 3.0.0\ncomponents:\n  schemas:\n");
    for i in 0..600 {
        text.push_str(&format!(
            "    s{i}:\n      type: object\n      properties:\n        p: {{type: string}}\n"
        ));
    }
    let first = parse_reusing("v1".into(), text.as_str().into(), &[]).unwrap();
    assert!(first.chunk_count() >= 600, "{} chunks", first.chunk_count());
    let next = text.replacen("s7:\n      type: object", "s7:\n      type: array", 1);
    let second = same("v2", &next, std::slice::from_ref(&first), 32 * 1024).unwrap();
    let copied = reused_bytes(&second, std::slice::from_ref(&first));
    assert!(
        copied > 0 && copied < next.len(),
        "{copied} of {}",
        next.len()
    );
    assert_eq!(second.chunk_count(), first.chunk_count());
}
