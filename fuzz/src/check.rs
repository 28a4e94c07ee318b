//! The checks: what each target runs on its input, and the promises it asserts.

use std::sync::Arc;

use weir::Report;
use weir::Spec;
use weir::load::Workspace;
use weir::load::source::{Source, key_dir};
use weir::tree::{NodeId, NodeValue, Tree};
use weir::{Error, Result};

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
        assert_eq!(weir::render::json(&again), json, "not deterministic");
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
