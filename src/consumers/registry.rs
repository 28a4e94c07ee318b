//! The consumer registry: one file per consumer in a folder (consumer manifests, and Pact
//! files, which are consumers too). A consumer named by both a manifest and a Pact file is one
//! consumer: what it uses is the union of both.

use std::path::Path;
use std::sync::Arc;

use super::pact::Interaction;
use super::params::Names;
use crate::error::{Error, Located, Result};
use crate::model::Method;
use crate::semver::Version;
use crate::tree::Tree;
use crate::vocabulary::NodeId;

/// Where weir looks by default, relative to `weir.toml` (or the current folder).
pub const DEFAULT_DIR: &str = "consumers";

#[derive(Clone, Debug)]
pub struct Registry {
    /// The folder, as shown to users.
    pub dir: String,
    /// Sorted by name.
    pub consumers: Vec<Consumer>,
    /// Files in the folder that are neither a manifest (no `name`, no `uses`) nor a Pact file.
    pub skipped: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct Consumer {
    pub name: String,
    pub owner: Option<String>,
    pub contact: Option<String>,
    /// The files it was read from.
    pub files: Vec<String>,
    /// The API versions it is pinned to, as written (`^1.4`).
    pub versions: Vec<String>,
    pins: Vec<::semver::VersionReq>,
    pub uses: Vec<Use>,
    /// Pact interactions, verified against the revision.
    pub interactions: Vec<Interaction>,
}

/// One operation a consumer uses and, when known, the fields and parameters it reads and
/// sends.
#[derive(Clone, Debug)]
pub struct Use {
    pub operation: OpRef,
    /// Response body fields and headers it reads; `None`: all of them.
    pub reads: Option<Names>,
    /// Request body fields and parameters it sends; `None`: all of them.
    pub sends: Option<Names>,
    /// `file:line:col` of the entry.
    pub place: String,
}

/// How a consumer names an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpRef {
    /// `GET /pets/{petId}`: a path template (parameter names do not matter).
    Route { method: Method, path: String },
    /// An `operationId`.
    Id(String),
    /// A concrete request path (`GET /pets/42`, from a Pact file), matched to a template.
    Request { method: Method, path: String },
}

impl OpRef {
    pub fn label(&self) -> String {
        match self {
            OpRef::Route { method, path } | OpRef::Request { method, path } => {
                format!("{} {path}", method.upper())
            }
            OpRef::Id(id) => id.clone(),
        }
    }

    /// `GET /pets/{id}` or an operationId; `None` for anything else.
    pub fn parse(text: &str) -> Option<OpRef> {
        let t = text.trim();
        match t.split_once(char::is_whitespace) {
            Some((m, path)) => {
                let method = method(m)?;
                let path = path.trim();
                path.starts_with('/').then(|| OpRef::Route {
                    method,
                    path: path.to_string(),
                })
            }
            None if !t.is_empty() && !t.starts_with('/') => Some(OpRef::Id(t.to_string())),
            None => None,
        }
    }
}

pub fn method(text: &str) -> Option<Method> {
    Method::ALL
        .into_iter()
        .find(|m| m.upper().eq_ignore_ascii_case(text))
}

impl Consumer {
    pub fn new(name: String, file: String) -> Consumer {
        Consumer {
            name,
            owner: None,
            contact: None,
            files: vec![file],
            versions: Vec::new(),
            pins: Vec::new(),
            uses: Vec::new(),
            interactions: Vec::new(),
        }
    }

    /// Pin to versions (`^1.4`, `>=1.2, <3`); an error message for one that does not parse.
    pub fn pin(&mut self, text: &str) -> std::result::Result<(), String> {
        let req = ::semver::VersionReq::parse(text.trim())
            .map_err(|e| format!("`{text}` is not a version requirement: {e}"))?;
        self.versions.push(text.to_string());
        self.pins.push(req);
        Ok(())
    }

    /// Whether the consumer takes this version of the API: it is pinned to nothing, the
    /// version is unknown, or one of its pins allows it.
    pub fn takes(&self, version: Option<&Version>) -> bool {
        match version {
            Some(v) if !self.pins.is_empty() => self.pins.iter().any(|r| r.matches(v)),
            _ => true,
        }
    }

    fn merge(&mut self, other: Consumer) {
        self.owner = self.owner.take().or(other.owner);
        self.contact = self.contact.take().or(other.contact);
        self.files.extend(other.files);
        self.versions.extend(other.versions);
        self.pins.extend(other.pins);
        self.uses.extend(other.uses);
        self.interactions.extend(other.interactions);
    }
}

/// A located "this file is not right" error.
pub(super) fn invalid(tree: &Tree, node: NodeId, message: impl Into<String>) -> Error {
    Error::invalid(Located::at_node(tree, node, message))
}

/// A string value, or an error naming what it should have been.
pub(super) fn string(tree: &Tree, node: NodeId, what: &str) -> Result<String> {
    match tree.resolve(node) {
        Some(crate::tree::Resolved::Str(s)) => Ok(s.to_string()),
        Some(crate::tree::Resolved::Number(s)) => Ok(s.to_string()),
        _ => Err(invalid(tree, node, format!("{what} must be a string"))),
    }
}

/// `file:line:col` of a node.
pub(super) fn place(tree: &Tree, node: NodeId) -> String {
    let p = tree.anchor_pos(node);
    format!("{}:{}:{}", tree.name, p.line, p.column)
}

impl Registry {
    /// Read every consumer file in `dir`: `*.yaml`, `*.yml` and `*.json`, in name order. A
    /// JSON file with `consumer`, `provider` and `interactions` is a Pact file; with
    /// `provider`, only Pact files for that provider count. `*.schema.json` is documentation.
    pub fn load(dir: &Path, provider: Option<&str>) -> Result<Registry> {
        let io = |e: std::io::Error| Error::Io {
            path: dir.display().to_string(),
            reason: e.to_string(),
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_consumer_file(p))
            .collect();
        files.sort();
        let mut consumers: Vec<Consumer> = Vec::new();
        let mut skipped = Vec::new();
        for path in files {
            let c = match read_file(&path, provider)? {
                Read::Consumer(c) => c,
                Read::OtherProvider => continue,
                Read::NotAConsumer => {
                    skipped.push(shown(&path));
                    continue;
                }
            };
            match consumers.iter_mut().find(|x| x.name == c.name) {
                Some(existing) => existing.merge(c),
                None => consumers.push(c),
            }
        }
        consumers.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(Registry {
            dir: shown(dir),
            consumers,
            skipped,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.consumers.is_empty()
    }
}

/// A path as users see it: relative to the current folder when it is below it.
fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn is_consumer_file(p: &Path) -> bool {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    p.is_file()
        && !name.starts_with('.')
        && !name.ends_with(".schema.json")
        && [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
}

enum Read {
    Consumer(Consumer),
    OtherProvider,
    NotAConsumer,
}

/// One consumer file.
fn read_file(path: &Path, provider: Option<&str>) -> Result<Read> {
    let name = shown(path);
    let bytes = std::fs::read(path).map_err(|e| Error::Io {
        path: name.clone(),
        reason: e.to_string(),
    })?;
    let text: Arc<str> = crate::load::source::decode(bytes, &name)?.into();
    let tree = crate::load::parse::parse(name.clone(), text.clone()).map_err(|e| {
        Error::syntax(
            Located::at_pos(
                &name,
                &text,
                e.pos,
                format!("malformed consumer file: {}", e.message),
            )
            .with_label(e.message),
        )
    })?;
    if super::pact::is_pact(&tree) {
        let (consumer, pact_provider) = super::pact::read(&tree)?;
        if provider.is_some_and(|p| pact_provider.as_deref() != Some(p)) {
            return Ok(Read::OtherProvider);
        }
        return Ok(Read::Consumer(consumer));
    }
    let root = tree.root();
    if tree.get(root, "name").is_none() && tree.get(root, "uses").is_none() {
        return Ok(Read::NotAConsumer);
    }
    super::manifest::read(&tree).map(Read::Consumer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_are_routes_or_ids() {
        assert_eq!(
            OpRef::parse("get /pets/{id}"),
            Some(OpRef::Route {
                method: Method::Get,
                path: "/pets/{id}".into()
            })
        );
        assert_eq!(OpRef::parse("listPets"), Some(OpRef::Id("listPets".into())));
        assert_eq!(OpRef::parse("FETCH /pets"), None);
        assert_eq!(OpRef::parse("GET pets"), None);
        assert_eq!(OpRef::parse("/pets"), None);
    }

    #[test]
    fn pins_decide_which_versions_a_consumer_takes() {
        let mut c = Consumer::new("app".into(), "f".into());
        assert!(c.takes(Some(&Version::new(9, 0, 0))));
        c.pin("^1.4").unwrap();
        assert!(c.takes(Some(&Version::new(1, 5, 0))));
        assert!(!c.takes(Some(&Version::new(2, 0, 0))));
        assert!(c.takes(None));
        assert!(c.pin("one point four").is_err());
    }
}
