//! A registered consumer, as data: who it is, the API versions it is pinned to, the
//! operations it uses (and the fields and parameters it reads and sends) and its Pact
//! interactions. Manifests and Pact files are read into these.

use std::sync::Arc;

use super::fields::Pattern;
use super::interaction::Interaction;
use super::params::{Names, Param};
use crate::error::{Error, Located};
use crate::tree::Tree;
use crate::versions::Version;
use crate::vocabulary::{Method, NodeId};

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
    /// Where the operation is named (a Pact interaction: its request path).
    pub at: Spot,
    /// The fields and parameters a manifest names, each where it is written: checked
    /// against the specs (a Pact interaction's are what it shows, not names to check).
    pub written: Vec<Written>,
}

/// A field or parameter a manifest lists under `reads` or `sends`.
#[derive(Clone, Debug)]
pub struct Written {
    /// Listed under `reads` (else `sends`).
    pub reads: bool,
    pub name: Named,
    pub at: Spot,
}

#[derive(Clone, Debug)]
pub enum Named {
    Field(Pattern),
    Param(Param),
}

/// Where something is written in a consumer file: a problem only the specs reveal (a name
/// they do not have) is reported there, at file:line:col.
#[derive(Clone, Debug)]
pub struct Spot(Arc<Located>);

impl Spot {
    pub fn at(tree: &Tree, node: NodeId) -> Spot {
        Spot(Arc::new(Located::at_node(tree, node, "")))
    }

    /// An error here, with a hint.
    pub fn error(&self, message: String, help: Option<String>) -> Error {
        let mut l = self.0.clone_for_report();
        l.message = message;
        l.help = help;
        Error::invalid(l)
    }
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

pub(crate) fn method(text: &str) -> Option<Method> {
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

    pub(super) fn merge(&mut self, other: Consumer) {
        self.owner = self.owner.take().or(other.owner);
        self.contact = self.contact.take().or(other.contact);
        self.files.extend(other.files);
        self.versions.extend(other.versions);
        self.pins.extend(other.pins);
        self.uses.extend(other.uses);
        self.interactions.extend(other.interactions);
    }
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
