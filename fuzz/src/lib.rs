//! What the fuzz targets run, and the structure-aware inputs they run it on.
//!
//! Three targets, one per stage that takes untrusted input:
//!
//! - `parse`: raw bytes → located tree → model (strict and not), with the tree's invariants
//!   checked and every error rendered the way the binary renders it;
//! - `resolve`: a few generated files that `$ref` each other (across files, with `..`,
//!   escaped pointers, cycles, dangling targets, URLs) → one spec;
//! - `diff`: two generated specs → changes → findings → text and JSON reports.
//!
//! The generated documents come from small vocabularies of OpenAPI keys and values, so two
//! of them share enough to pair operations, parameters and schemas, and the diff walk gets
//! far past "not an OpenAPI document". `tests/fuzz_regressions.rs` in the main crate runs
//! the same checks on every input a fuzzer ever crashed on (exported by `bin/export.rs`).

use std::sync::Arc;

use arbitrary::Arbitrary;

use weir::{Error, Result};
use weir::load::Workspace;
use weir::load::source::{Source, key_dir};
use weir::tree::{NodeId, NodeValue, Tree};
use weir::Spec;
use weir::Report;

// ---- The checks ----

/// In-memory files by key; the first is the main document.
pub struct Mem(pub Vec<(String, String)>);

impl Source for Mem {
    fn read(&mut self, key: &str) -> Result<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, t)| t.clone())
            .ok_or_else(|| Error::Io {
                path: key.to_string(),
                reason: "no such file".into(),
            })
    }
    fn display(&self, key: &str) -> String {
        key.to_string()
    }
}

/// Render a diagnostic as the binary does (minus colours): rendering reads the spans, and a
/// span off a character boundary or past the end would panic here.
fn render(d: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, d)
        .expect("rendering to a String does not fail");
    out
}

/// Load a spec from in-memory files. Every error must be typed and renderable.
pub fn load(files: &[(String, String)], strict: bool) -> Option<Spec> {
    let (key, _) = files.first()?;
    let result = Workspace::with_source(
        Box::new(Mem(files.to_vec())),
        key.clone(),
        key_dir(key).to_string(),
    )
    .and_then(|ws| weir::load::read_spec(ws, strict));
    match result {
        Ok(spec) => {
            for w in spec.warnings.iter().take(3) {
                assert!(!render(w).is_empty());
            }
            Some(spec)
        }
        Err(e) => {
            let _ = e.place();
            assert!(!e.to_string().is_empty());
            assert!(!render(&e).is_empty());
            None
        }
    }
}

/// The tree's promises: positions are on character boundaries inside the text, every value
/// is found again by its own JSON pointer, and every node can be pointed at in a message.
pub fn check_tree(tree: &Tree) {
    let len = tree.source.len();
    let mut stack: Vec<NodeId> = vec![tree.root()];
    let mut seen = 0usize;
    while let Some(id) = stack.pop() {
        seen += 1;
        let n = tree.node(id);
        let (start, end) = (n.start.byte as usize, n.end_byte as usize);
        assert!(start <= len && end <= len, "span {start}..{end} past {len}");
        assert!(
            tree.source.is_char_boundary(start),
            "start {start} splits a character"
        );
        assert!(n.start.line >= 1 && n.start.column >= 1);
        // Pointers for the first nodes, messages for fewer (rendering is slow).
        if seen < 500 {
            let pointer = tree.pointer(id);
            assert_eq!(tree.lookup_pointer(&pointer), Some(id), "pointer {pointer}");
        }
        if seen < 16 || stack.is_empty() {
            let e = weir::error::Located::at_node(tree, id, "x");
            assert!(!render(&e).is_empty());
        }
        match tree.value(id) {
            NodeValue::Scalar { .. } => {}
            NodeValue::Seq(items) => stack.extend(items.iter().copied()),
            NodeValue::Map(entries) => stack.extend(entries.iter().map(|&(_, v)| v)),
        }
    }
}

/// One document, from bytes: parse it, check the tree, read it as a spec both ways, and
/// compare it with itself (which must find nothing).
pub fn check_document(data: &[u8]) {
    let text = match weir::load::source::decode(data.to_vec(), "fuzz.yaml") {
        Ok(text) => text,
        Err(e) => {
            assert!(matches!(e, Error::NotUtf8 { .. }));
            assert!(!render(&e).is_empty());
            return;
        }
    };
    let parsed = weir::load::parse::parse("fuzz.yaml".into(), Arc::from(text.as_str()));
    if let Ok(tree) = &parsed {
        check_tree(tree);
    }
    let files = vec![("fuzz.yaml".to_string(), text)];
    // A syntax error fails both ways alike: once is enough (limits are slow to reach).
    if parsed.is_ok() {
        let _ = load(&files, true);
    }
    if let Some(spec) = load(&files, false) {
        check_pair(&spec, &spec);
    }
}

/// A spec compared with itself finds nothing; compared with another, the changes classify
/// and render, the same way twice.
pub fn check_pair(a: &Spec, b: &Spec) {
    let findings = weir::assess::findings(a, b);
    let report = Report {
        base: a,
        revision: b,
        findings,
    };
    let json = weir::render::json(&report);
    let _ = weir::render::text(&report);
    let sides = weir::render::SpecNames {
        base: "base.yaml",
        revision: "revision.yaml",
    };
    let _ = weir::render::changelog(&report, sides);
    if std::ptr::eq(a, b) {
        assert!(
            report.findings.is_empty(),
            "a spec differs from itself: {json}"
        );
    } else {
        let again = Report {
            base: a,
            revision: b,
            findings: weir::assess::findings(a, b),
        };
        assert_eq!(
            weir::render::json(&again),
            json,
            "not deterministic"
        );
    }
}

/// A set of files that refer to each other.
pub fn check_files(files: &[(String, String)]) {
    for (_, text) in files {
        if let Ok(tree) = weir::load::parse::parse("f".into(), Arc::from(text.as_str())) {
            check_tree(&tree);
        }
    }
    let _ = load(files, true);
    if let Some(spec) = load(files, false) {
        check_pair(&spec, &spec);
    }
}

/// Two sets of files: base and revision.
pub fn check_files_pair(a: &[(String, String)], b: &[(String, String)]) {
    let (Some(sa), Some(sb)) = (load(a, false), load(b, false)) else {
        return;
    };
    check_pair(&sa, &sa);
    check_pair(&sb, &sb);
    check_pair(&sa, &sb);
    check_pair(&sb, &sa);
}

// ---- Structure-aware inputs ----

/// Keys a spec is made of; a generated map picks among them, so documents look like specs.
const KEYS: &[&str] = &[
    "openapi",
    "swagger",
    "info",
    "title",
    "version",
    "paths",
    "/pets",
    "/pets/{id}",
    "/pets/{petId}",
    "/owners/{id}/pets",
    "get",
    "put",
    "post",
    "delete",
    "patch",
    "parameters",
    "name",
    "in",
    "required",
    "schema",
    "responses",
    "200",
    "201",
    "2XX",
    "default",
    "404",
    "description",
    "content",
    "application/json",
    "text/plain",
    "requestBody",
    "headers",
    "components",
    "schemas",
    "Pet",
    "Owner",
    "a/b",
    "tilde~name",
    "with space",
    "properties",
    "id",
    "tag",
    "items",
    "type",
    "format",
    "enum",
    "const",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "additionalProperties",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "maxLength",
    "minItems",
    "pattern",
    "default",
    "discriminator",
    "propertyName",
    "mapping",
    "readOnly",
    "writeOnly",
    "deprecated",
    "security",
    "securitySchemes",
    "servers",
    "url",
    "callbacks",
    "webhooks",
    "definitions",
    "basePath",
    "host",
    "produces",
    "consumes",
    "x-stability-level",
    "x-nullable",
    "$ref",
    "<<",
    "tags",
    "operationId",
    "style",
    "explode",
    "examples",
    "links",
    "x-ext",
];

const WORDS: &[&str] = &[
    "3.0.3",
    "3.1.0",
    "2.0",
    "1.0.0",
    "1.10",
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "null",
    "file",
    "query",
    "path",
    "header",
    "cookie",
    "body",
    "formData",
    "true",
    "false",
    "~",
    "0",
    "-1",
    "1e3",
    ".inf",
    ".nan",
    "0x1F",
    "date-time",
    "email",
    "int64",
    "^[a-z]+$",
    "beta",
    "draft",
    "http://x",
    "",
    "é",
    "日本",
    "a\u{0}b",
    "line\nbreak",
    "\"quoted\"",
    "'single'",
    "# not a comment",
    "- dash",
    "key: value",
    "{flow}",
    "[list]",
    "&anchor",
    "*alias",
    "!tag",
    "%",
    "\\",
    "\u{feff}",
];

const FILES: &[&str] = &[
    "openapi.yaml",
    "pet.yaml",
    "schemas/pet.yaml",
    "schemas/../pet.yaml",
    "../outside.yaml",
    "my%20pet.yaml",
    "my pet.yaml",
    "./pet.yaml",
    "schemas",
    "https://example.com/x.yaml",
    "/abs.yaml",
    "C:/x.yaml",
    "//host/x",
    "pet.yaml%2e%2e",
];

const SEGMENTS: &[&str] = &[
    "components",
    "schemas",
    "Pet",
    "Owner",
    "paths",
    "~1pets",
    "~1pets~1{id}",
    "~1pets~1%7Bid%7D",
    "get",
    "responses",
    "200",
    "properties",
    "items",
    "0",
    "1",
    "a~1b",
    "tilde~0name",
    "with%20space",
    "with space",
    "definitions",
    "parameters",
    "",
    "~",
    "~2",
    "%",
    "%zz",
    "-",
    "999999999999",
];

/// A `$ref`: an optional file and a JSON pointer, or something else entirely.
#[derive(Arbitrary, Debug, Clone)]
pub enum Ref {
    Pointer(Option<u8>, Vec<u8>),
    /// `#Pet`: a fragment that is not a pointer.
    Anchor(u8),
    Raw(u8),
}

impl Ref {
    fn text(&self) -> String {
        let pick = |list: &[&'static str], i: u8| list[i as usize % list.len()];
        match self {
            Ref::Pointer(file, segments) => {
                let mut s = file.map_or(String::new(), |f| pick(FILES, f).to_string());
                if !segments.is_empty() || file.is_none() {
                    s.push('#');
                    for &seg in segments.iter().take(6) {
                        s.push('/');
                        s.push_str(pick(SEGMENTS, seg));
                    }
                }
                s
            }
            Ref::Anchor(i) => format!("#{}", pick(KEYS, *i)),
            Ref::Raw(i) => pick(WORDS, *i).to_string(),
        }
    }
}

/// A YAML-ish value.
#[derive(Arbitrary, Debug, Clone)]
pub enum Value {
    Word(u8),
    Number(i32),
    Bool(bool),
    Null,
    Ref(Ref),
    List(Vec<Value>),
    Map(Vec<(u8, Value)>),
    /// `&name` on the value, `*name` elsewhere: aliases and merge keys.
    Anchored(u8, Box<Value>),
    Alias(u8),
}

const ANCHORS: &[&str] = &["a", "b", "c"];

/// How a document is written.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Style {
    Json,
    Block,
    Flow,
}

/// One generated document: a dialect header, then generated content.
#[derive(Arbitrary, Debug, Clone)]
pub struct Doc {
    pub dialect: u8,
    pub style: Style,
    pub body: Vec<(u8, Value)>,
}

/// A main document and the files it may refer to.
#[derive(Arbitrary, Debug, Clone)]
pub struct Files {
    pub main: Doc,
    pub others: Vec<(u8, Value, Style)>,
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes values as JSON, flow YAML or block YAML, with a budget so inputs stay small.
struct Writer {
    style: Style,
    out: String,
    budget: usize,
}

impl Writer {
    fn scalar(&self, v: &Value) -> Option<String> {
        let word = |i: u8| WORDS[i as usize % WORDS.len()];
        Some(match v {
            Value::Word(i) => match self.style {
                Style::Json => quote(word(*i)),
                // Plain where YAML allows it, so `1.10`, `true` and `~` are read as YAML does.
                _ if word(*i)
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-".contains(c))
                    && !word(*i).is_empty() =>
                {
                    word(*i).to_string()
                }
                _ => quote(word(*i)),
            },
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".into(),
            Value::Ref(_) | Value::List(_) | Value::Map(_) | Value::Anchored(..) => return None,
            Value::Alias(a) => match self.style {
                Style::Json => "null".into(),
                _ => format!("*{}", ANCHORS[*a as usize % ANCHORS.len()]),
            },
        })
    }

    fn key(i: u8) -> String {
        quote(KEYS[i as usize % KEYS.len()])
    }

    fn inline(&mut self, v: &Value) {
        self.budget = self.budget.saturating_sub(1);
        if let Some(s) = self.scalar(v) {
            self.out.push_str(&s);
            return;
        }
        if self.budget == 0 {
            self.out.push_str("null");
            return;
        }
        match v {
            Value::Ref(r) => {
                self.out.push_str("{\"$ref\": ");
                self.out.push_str(&quote(&r.text()));
                self.out.push('}');
            }
            Value::List(items) => {
                self.out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.inline(item);
                }
                self.out.push(']');
            }
            Value::Map(entries) => {
                self.out.push('{');
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&Self::key(*k));
                    self.out.push_str(": ");
                    self.inline(item);
                }
                self.out.push('}');
            }
            Value::Anchored(a, inner) => {
                if !matches!(self.style, Style::Json) {
                    self.out.push('&');
                    self.out.push_str(ANCHORS[*a as usize % ANCHORS.len()]);
                    self.out.push(' ');
                }
                self.inline(inner);
            }
            _ => unreachable!("scalars are written above"),
        }
    }

    fn block(&mut self, v: &Value, indent: usize) {
        self.budget = self.budget.saturating_sub(1);
        let pad = "  ".repeat(indent);
        match v {
            Value::List(items) if !items.is_empty() && self.budget > 0 => {
                for item in items {
                    self.out.push('\n');
                    self.out.push_str(&pad);
                    self.out.push('-');
                    self.block_value(item, indent + 1);
                }
            }
            Value::Map(entries) if !entries.is_empty() && self.budget > 0 => {
                for (k, item) in entries {
                    self.out.push('\n');
                    self.out.push_str(&pad);
                    self.out.push_str(&Self::key(*k));
                    self.out.push(':');
                    self.block_value(item, indent + 1);
                }
            }
            Value::Ref(r) => {
                self.out.push('\n');
                self.out.push_str(&pad);
                self.out.push_str("$ref: ");
                self.out.push_str(&quote(&r.text()));
            }
            other => {
                self.out.push(' ');
                self.inline(other);
            }
        }
    }

    fn block_value(&mut self, v: &Value, indent: usize) {
        match v {
            Value::Anchored(a, inner) => {
                self.out.push_str(" &");
                self.out.push_str(ANCHORS[*a as usize % ANCHORS.len()]);
                self.block_value(inner, indent);
            }
            Value::List(items) if !items.is_empty() => self.block(v, indent),
            Value::Map(entries) if !entries.is_empty() => self.block(v, indent),
            Value::Ref(_) => self.block(v, indent),
            other => {
                self.out.push(' ');
                self.inline(other);
            }
        }
    }
}

fn write(style: Style, header: &[(&str, &str)], body: &Value) -> String {
    let mut w = Writer {
        style,
        out: String::new(),
        budget: 400,
    };
    match style {
        Style::Json | Style::Flow => {
            w.out.push('{');
            for (i, (k, v)) in header.iter().enumerate() {
                if i > 0 {
                    w.out.push_str(", ");
                }
                w.out.push_str(&format!("{}: {}", quote(k), v));
            }
            if let Value::Map(entries) = body {
                for (k, v) in entries {
                    if !w.out.ends_with('{') {
                        w.out.push_str(", ");
                    }
                    w.out.push_str(&Writer::key(*k));
                    w.out.push_str(": ");
                    w.inline(v);
                }
            } else if header.is_empty() {
                w.out.clear();
                w.inline(body);
                return w.out;
            }
            w.out.push('}');
        }
        Style::Block => {
            for (k, v) in header {
                w.out.push_str(&format!("{k}: {v}\n"));
            }
            match body {
                Value::Map(_) => w.block(body, 0),
                other if header.is_empty() => w.block_value(other, 0),
                _ => {}
            }
            w.out.push('\n');
        }
    }
    w.out
}

impl Files {
    /// The files as (key, text), the main document first.
    pub fn render(&self) -> Vec<(String, String)> {
        let header: &[(&str, &str)] = match self.main.dialect % 4 {
            0 => &[
                ("openapi", "\"3.0.3\""),
                ("info", "{\"title\": \"t\", \"version\": \"1.0.0\"}"),
            ],
            1 => &[
                ("openapi", "\"3.1.0\""),
                ("info", "{\"title\": \"t\", \"version\": \"1.0.0\"}"),
            ],
            2 => &[
                ("swagger", "\"2.0\""),
                ("info", "{\"title\": \"t\", \"version\": \"1.0.0\"}"),
            ],
            _ => &[],
        };
        let body = Value::Map(self.main.body.clone());
        let mut files = vec![(
            "openapi.yaml".to_string(),
            write(self.main.style, header, &body),
        )];
        for (name, value, style) in self.others.iter().take(4) {
            let key = FILES[*name as usize % FILES.len()];
            // Only names a `$ref` can reach from the root folder: no URLs, no `..`.
            let key = weir::load::source::join_key("", key)
                .filter(|k| !k.is_empty() && !k.contains(':') && !k.starts_with('/'));
            if let Some(key) = key
                && !files.iter().any(|(k, _)| *k == key)
            {
                files.push((key, write(*style, &[], value)));
            }
        }
        files
    }
}

/// Base and revision.
#[derive(Arbitrary, Debug, Clone)]
pub struct Pair {
    pub base: Files,
    pub revision: Files,
}
