//! The JSON path (`src/load/json.rs`) builds the tree the YAML path (saphyr) builds from the
//! same valid JSON: same nodes in the same order, same positions (line, column in characters,
//! byte), same end bytes, same texts and styles, same parents. Checked on every JSON fixture,
//! on GitHub's descriptions where `../shared/corpus` is present, and on generated documents.
//! Then what only the JSON path does: strict JSON errors at their place, no nesting limit.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;
use weir::load::parse::{parse, parse_yaml};
use weir::tree::{Format, NodeId, NodeValue, Tree};

/// Every node of `json` (read by the JSON path) equals the same node of the YAML path.
fn assert_same_tree(name: &str, text: &str) {
    let text: Arc<str> = text.into();
    let json = parse(name.into(), text.clone()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(json.format, Format::Json, "{name} read by the JSON path");
    let yaml = parse_yaml(name.into(), text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(json.len(), yaml.len(), "{name}: node count");
    assert_eq!(json.root(), yaml.root(), "{name}: root");
    for i in 0..json.len() as u32 {
        let id = NodeId(i);
        let (j, y) = (json.node(id), yaml.node(id));
        let at = || format!("{name}: node {i} at {}", yaml.pointer(id));
        assert_eq!(j.start, y.start, "{}: start", at());
        assert_eq!(j.end_byte, yaml_end(&yaml, id), "{}: end", at());
        assert_eq!(json.parent(id), yaml.parent(id), "{}: parent", at());
        assert_eq!(json.key_of(id), yaml.key_of(id), "{}: key", at());
        match (json.value(id), yaml.value(id)) {
            (NodeValue::Scalar { text: a, style: s }, NodeValue::Scalar { text: b, style: t }) => {
                assert_eq!((a, s), (b, t), "{}: scalar", at())
            }
            (NodeValue::Seq(a), NodeValue::Seq(b)) => assert_eq!(a, b, "{}: items", at()),
            (NodeValue::Map(a), NodeValue::Map(b)) => assert_eq!(a, b, "{}: entries", at()),
            (a, b) => panic!("{}: {a:?} vs {b:?}", at()),
        }
    }
}

/// The one difference: saphyr ends a quoted scalar after the blanks that follow its closing
/// quote on the same line (`"a"  ,` ends before the comma); the JSON path ends it at the quote,
/// which is where it ends.
fn yaml_end(yaml: &Tree, id: NodeId) -> u32 {
    let end = yaml.node(id).end_byte as usize;
    match yaml.value(id) {
        NodeValue::Scalar {
            style: weir::tree::Style::Quoted,
            ..
        } => {
            let blanks = yaml.source[..end]
                .bytes()
                .rev()
                .take_while(|&c| c == b' ' || c == b'\t')
                .count();
            (end - blanks) as u32
        }
        _ => end as u32,
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// Fixtures that are not valid JSON on purpose.
const INVALID: &[&str] = &[
    "truncated.json",
    "missing-colon.json",
    "unbalanced-braces.json",
    "trailing-comma.json",
    "unquoted-key.json",
    "duplicate-keys.json",
];

#[test]
fn every_json_fixture_gives_the_yaml_paths_tree() {
    let mut files = Vec::new();
    json_files(&common::root().join("fixtures"), &mut files);
    files.sort();
    let mut compared = 0;
    for f in &files {
        let name = f.file_name().unwrap().to_str().unwrap();
        let text = std::fs::read_to_string(f).unwrap();
        if INVALID.contains(&name) || Format::detect(&text) != Format::Json {
            continue;
        }
        if name == "deep-flow.json" {
            // Deeper than saphyr reads: the JSON path alone can.
            assert!(parse(name.into(), text.into()).is_ok());
            continue;
        }
        assert_same_tree(&f.display().to_string(), &text);
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} JSON fixtures compared");
}

/// GitHub's REST description, 3.2–3.6 MB each, where `../shared/corpus` is present.
#[test]
fn the_github_descriptions_give_the_yaml_paths_tree() {
    let dir = common::root().join("../shared/corpus/github/pairs");
    let Ok(pairs) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut files = Vec::new();
    for pair in pairs {
        json_files(&pair.unwrap().path(), &mut files);
    }
    files.sort();
    for f in &files {
        assert_same_tree(
            &f.display().to_string(),
            &std::fs::read_to_string(f).unwrap(),
        );
    }
}

// ---- Generated documents ----

/// A JSON value, with numbers kept as the text they are written with.
#[derive(Clone, Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| f.to_string()),
        Just("1.10".to_string()),
        Just("-0.0e+00".to_string()),
        Just("123456789012345678901234567890123456789".to_string()),
        Just("1E400".to_string()),
    ]
}

/// Strings with what makes escapes and columns interesting: quotes, backslashes, control
/// characters, wide characters. (Not `\u` surrogate pairs: saphyr refuses `"\ud83d\ude00"`,
/// valid JSON for 😀, which the JSON path reads; checked on its own below.)
fn string() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::char::range('a', 'z'),
            1 => prop::sample::select(vec!['"', '\\', '/', '\n', '\t', '\u{1}', ' ', 'é', '日', '😀', '\u{7f}']),
        ],
        0..12,
    )
    .prop_map(|c| c.into_iter().collect())
}

fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number().prop_map(Json::Number),
        string().prop_map(Json::Str),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::List),
            // Unique keys: duplicates are an error on both paths (checked below).
            prop::collection::btree_map(string(), inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// How to lay a document out: indented, minified, or with odd whitespace, and which
/// characters to write as `\u` escapes.
#[derive(Clone, Copy, Debug)]
struct Layout {
    indent: Option<usize>,
    crlf: bool,
    spaces_around_colon: bool,
    escape_non_ascii: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::option::of(0usize..4),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(indent, crlf, spaces_around_colon, escape_non_ascii)| Layout {
                indent,
                crlf,
                spaces_around_colon,
                escape_non_ascii,
            },
        )
}

fn write_str(s: &str, l: Layout, out: &mut String) {
    let quoted = serde_json::to_string(s).unwrap();
    if !l.escape_non_ascii {
        out.push_str(&quoted);
        return;
    }
    for c in quoted.chars() {
        match c as u32 {
            n @ 0x80..0x10000 => out.push_str(&format!("\\u{n:04X}")),
            _ => out.push(c),
        }
    }
}

fn write(v: &Json, l: Layout, depth: usize, out: &mut String) {
    let newline = |out: &mut String, depth: usize| {
        if let Some(n) = l.indent {
            out.push_str(if l.crlf { "\r\n" } else { "\n" });
            out.push_str(&" ".repeat(n * depth));
        }
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => out.push_str(n),
        Json::Str(s) => write_str(s, l, out),
        Json::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write(item, l, depth + 1, out);
            }
            if !items.is_empty() {
                newline(out, depth);
            }
            out.push(']');
        }
        Json::Object(entries) => {
            out.push('{');
            for (i, (k, v)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_str(k, l, out);
                out.push_str(if l.spaces_around_colon { " : " } else { ":" });
                write(v, l, depth + 1, out);
            }
            if !entries.is_empty() {
                newline(out, depth);
            }
            out.push('}');
        }
    }
}

fn document(root: Json, l: Layout) -> String {
    let mut out = String::new();
    write(&root, l, 0, &mut out);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn generated_json_gives_the_yaml_paths_tree(
        entries in prop::collection::btree_map(string(), json(), 0..6),
        list in any::<bool>(),
        l in layout(),
        bom in any::<bool>(),
    ) {
        let root = if list {
            Json::List(entries.into_values().collect())
        } else {
            Json::Object(entries.into_iter().collect())
        };
        let mut text = document(root, l);
        if bom {
            text.insert(0, '\u{feff}');
        }
        assert_same_tree("gen.json", &text);
    }
}

// ---- What only the JSON path does ----

fn error(name: &str, text: &str) -> (String, (u32, u32, u32)) {
    let e = parse(name.into(), text.into()).expect_err(text);
    (e.message, (e.pos.line, e.pos.column, e.pos.byte))
}

#[test]
fn a_trailing_comma_in_a_json_file_is_an_error_at_the_comma() {
    let (message, at) = error("a.json", "{\n  \"a\": [1, 2,\n  ],\n  \"b\": 1\n}");
    assert!(message.contains("trailing comma"), "{message}");
    assert_eq!(at, (2, 13, 14));
    let (_, at) = error("a.json", "{\"a\": 1 , }");
    assert_eq!(at, (1, 9, 8));
}

#[test]
fn a_yaml_file_in_flow_style_still_loads() {
    // Not JSON (unquoted keys, a trailing comma), but a `.yaml` or unnamed file may be YAML.
    for name in ["a.yaml", "-", "<stdin>", "v1:api.yml"] {
        let t = parse(name.into(), "{openapi: 3.1.0, paths: {},}".into()).unwrap();
        assert_eq!(t.text(t.lookup_pointer("/openapi").unwrap()), Some("3.1.0"));
    }
    // Named JSON, it must be JSON.
    for name in ["a.json", "v1:api/openapi.JSON"] {
        let (message, at) = error(name, "{openapi: 3.1.0}");
        assert!(message.contains("key in double quotes"), "{message}");
        assert_eq!(at, (1, 2, 1));
    }
}

#[test]
fn errors_point_where_a_reader_should_look() {
    // (document, what the message says, line, column, byte)
    let cases = [
        // A string the file ends inside: at its opening quote; a key too.
        ("{\"a\": {\"b\": \"descrip", "inside this string", 1, 13, 12),
        ("{\"a\": 1, \"bc", "inside this string", 1, 10, 9),
        // A container never closed: at its opening bracket.
        ("{\"a\": [1,\n 2", "this `[` is closed", 1, 7, 6),
        ("{\"a\": [1],\n", "this `{` is closed", 1, 1, 0),
        // A missing colon, an extra bracket, a bad literal: at the offending byte.
        ("{\n  \"title\" \"t\"}", "expected `:`", 2, 11, 12),
        ("{\"a\": {}}}", "an extra `}`", 1, 10, 9),
        ("{\"a\": tru}", "expected a value", 1, 10, 9),
        // Columns count characters, bytes count bytes; a byte-order mark is 3 bytes.
        ("\u{feff}{\"é\": 1,}", "trailing comma", 1, 8, 11),
        // Control characters must be escaped in JSON strings.
        ("{\"a\": \"x\u{1}\"}", "control character", 1, 9, 8),
    ];
    for (text, says, line, column, byte) in cases {
        let (message, at) = error("a.json", text);
        assert!(message.contains(says), "{text:?}: {message}");
        assert_eq!(at, (line, column, byte), "{text:?}: {message}");
    }
}

#[test]
fn duplicate_keys_are_refused_as_on_the_yaml_path() {
    let text = "{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}";
    let (message, at) = error("a.json", text);
    let yaml = parse_yaml("a.json".into(), text.into()).unwrap_err();
    assert_eq!(message, yaml.message);
    assert_eq!(at, (yaml.pos.line, yaml.pos.column, yaml.pos.byte));
    assert_eq!(at, (2, 16, 24));
}

#[test]
fn raw_number_text_and_unescaped_strings_are_kept() {
    let t = parse(
        "a.json".into(),
        "{\"v\": 1.10, \"big\": 123456789012345678901234567890e-400, \"s\": \"a\\u00e9\\ud83d\\ude00\\n\"}"
            .into(),
    )
    .unwrap();
    let text = |p: &str| t.text(t.lookup_pointer(p).unwrap()).unwrap().to_string();
    assert_eq!(text("/v"), "1.10");
    assert_eq!(text("/big"), "123456789012345678901234567890e-400");
    assert_eq!(text("/s"), "aé😀\n");
}

/// Nested 10,000 and 100,000 levels: no stack overflow while parsing or diffing.
#[test]
fn deep_nesting_has_no_limit_below_ten_thousand_levels() {
    for depth in [10_000, 100_000] {
        let doc = format!(
            "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"x-deep\": {}1{}}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let t = parse("deep.json".into(), doc.clone().into()).unwrap();
        assert_eq!(t.format, Format::Json);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deep.json"), &doc).unwrap();
        let o = common::weir_in(dir.path(), &["diff", "deep.json", "deep.json"]);
        assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    }
}
