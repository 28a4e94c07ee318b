//! Structure-aware inputs: what `arbitrary` builds from a fuzzer's bytes, and the files they
//! render to.

use arbitrary::Arbitrary;

use crate::vocabulary::{FILES, KEYS, SEGMENTS, WORDS};
use crate::write::write;

/// A `$ref`: an optional file and a JSON pointer, or something else entirely.
#[derive(Arbitrary, Debug, Clone)]
pub enum Ref {
    Pointer(Option<u8>, Vec<u8>),
    /// `#Pet`: a fragment that is not a pointer.
    Anchor(u8),
    Raw(u8),
}

impl Ref {
    pub(crate) fn text(&self) -> String {
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
