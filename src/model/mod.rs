//! The normalized model: one shape for OpenAPI 3.1, 3.0 and Swagger 2.0.
//!
//! OpenAPI 3.1 is the target shape; 3.0 (`nullable`, boolean `exclusiveMinimum`) and Swagger
//! 2.0 (`definitions`, body and formData parameters, `produces`/`consumes`, `basePath`) are
//! mapped onto it by the loader (`crate::load::read`, which builds every [`Spec`]). The model
//! does not copy values out of the source: it holds [`NodeRef`]s into the located trees, which
//! it owns, so every item can be pointed at (file, line, column, JSON pointer) and nothing the
//! author wrote is lost. It is types and their invariants only: it reads no file.

pub(crate) mod schema;

use crate::tree::{Pointers, Pos, Tree};
use crate::vocabulary::{Location, Method, NodeRef};

pub(crate) use schema::only_composition;
pub use schema::{Schema, SchemaId};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi30,
    OpenApi31,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Swagger2 => "Swagger 2.0",
            Dialect::OpenApi30 => "OpenAPI 3.0",
            Dialect::OpenApi31 => "OpenAPI 3.1",
        }
    }
}

/// The pointers of a spec's nodes already built, by file (see [`Pointers`]).
#[derive(Debug, Default)]
pub struct SpecPointers(Vec<Pointers>);

/// A string value with the node it came from.
#[derive(Clone, Debug)]
pub struct Text {
    pub value: String,
    pub at: NodeRef,
}

/// `x-…` extensions and fields this version of weir does not model: kept, never dropped.
pub(crate) type Extras = Vec<(String, NodeRef)>;

#[derive(Debug)]
pub struct Spec {
    pub files: Vec<Tree>,
    pub dialect: Dialect,
    /// The document root.
    pub root: NodeRef,
    /// The `paths` object (the root when there is none): where removed operations are missed.
    pub paths: NodeRef,
    pub title: Option<Text>,
    /// `info.version`, raw (`1.10` stays "1.10").
    pub version: Option<Text>,
    pub servers: Vec<Server>,
    /// Sorted by [`Operation::key`].
    pub operations: Vec<Operation>,
    /// OpenAPI 3.1 webhooks; `path` holds the webhook's name. Sorted by key.
    pub webhooks: Vec<Operation>,
    /// Sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    pub tags: Vec<Text>,
    /// The schema arena; [`SchemaId`]s index it. Component schemas and `$ref` targets appear
    /// once and are shared, which is what makes recursive schemas finite.
    pub schemas: Vec<Schema>,
    pub extras: Extras,
    /// Problems read past (dangling `$ref`s, unknown types…), shown to the user as warnings.
    pub warnings: Vec<crate::error::Located>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub method: Method,
    /// The path template as written (`/pets/{petId}`).
    pub path: String,
    /// What pairs operations across revisions: the path with parameter names erased
    /// (`/pets/{}`), then the method.
    pub key: (String, Method),
    pub at: NodeRef,
    pub operation_id: Option<Text>,
    pub summary: Option<Text>,
    pub description: Option<Text>,
    pub tags: Vec<Text>,
    pub deprecated: Option<NodeRef>,
    /// Path-level parameters merged in; sorted by [`Parameter::key`].
    pub parameters: Vec<Parameter>,
    pub request_body: Option<RequestBody>,
    /// Sorted by status key.
    pub responses: Vec<Response>,
    pub callbacks: Vec<Callback>,
    /// The effective requirement: the operation's own, else the document's. `None`: none
    /// declared anywhere.
    pub security: Option<Security>,
    pub servers: Vec<Server>,
    /// The operation's extensions, with the path item's underneath (the operation's win).
    pub extras: Extras,
}

impl Operation {
    /// `GET /pets/{petId}`
    pub fn label(&self) -> String {
        format!("{} {}", self.method.upper(), self.path)
    }

    pub fn extra(&self, name: &str) -> Option<NodeRef> {
        self.extras.iter().find(|(k, _)| k == name).map(|&(_, v)| v)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamIn {
    /// OpenAPI 3's default `style` here (`explode` defaults to true for `form` only).
    pub fn default_style(self) -> &'static str {
        match self {
            ParamIn::Query | ParamIn::Cookie => "form",
            ParamIn::Path | ParamIn::Header => "simple",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: String,
    pub description: Option<Text>,
    /// A variable of the path template that no parameter declares: every client fills it
    /// in anyway, so declaring it later is no change.
    pub implicit: bool,
    pub location: ParamIn,
    /// What pairs parameters: header names case-insensitively; path parameters by their
    /// position in the template, so renaming `{id}` to `{petId}` is not a change.
    pub key: String,
    pub at: NodeRef,
    pub required: bool,
    pub deprecated: bool,
    /// Effective style (the default for the location when not written).
    pub style: String,
    /// Effective explode.
    pub explode: bool,
    pub allow_empty_value: bool,
    pub allow_reserved: bool,
    pub schema: Option<SchemaId>,
    pub content: Vec<MediaType>,
    pub extras: Extras,
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub at: NodeRef,
    pub required: bool,
    pub description: Option<Text>,
    /// Sorted by media type key.
    pub content: Vec<MediaType>,
}

#[derive(Debug, Clone)]
pub struct MediaType {
    /// As written (`application/json; charset=utf-8`).
    pub name: String,
    /// Lowercased, spaces removed: what pairs media types.
    pub key: String,
    pub at: NodeRef,
    pub schema: Option<SchemaId>,
    /// How the properties of a form body are written (`encoding`), sorted by property name.
    pub encoding: Vec<Encoding>,
}

impl MediaType {
    /// A body of name=value pairs: `application/x-www-form-urlencoded` or `multipart/form-data`.
    pub fn is_form(&self) -> bool {
        self.key.starts_with("application/x-www-form-urlencoded") || self.is_multipart()
    }

    pub fn is_multipart(&self) -> bool {
        self.key.starts_with("multipart/")
    }

    /// The `encoding` entry of a property, if there is one.
    pub fn encoding_of(&self, property: &str) -> Option<&Encoding> {
        self.encoding
            .binary_search_by(|e| e.name.as_str().cmp(property))
            .ok()
            .map(|i| &self.encoding[i])
    }
}

/// How one property of a form body is written: an entry of a media type's `encoding`.
#[derive(Debug, Clone)]
pub struct Encoding {
    /// The property it applies to.
    pub name: String,
    pub at: NodeRef,
    /// `contentType` as written (a `multipart/form-data` part's media type).
    pub content_type: Option<String>,
    /// `style` as written (`form` when absent).
    pub style: Option<String>,
    /// `explode` as written (true for style `form` when absent).
    pub explode: Option<bool>,
}

impl Encoding {
    /// The effective style and explode (OpenAPI 3 §4.7.14: `form`, exploded, by default).
    pub fn serialization(entry: Option<&Encoding>) -> (&str, bool) {
        let style = entry.and_then(|e| e.style.as_deref()).unwrap_or("form");
        let explode = entry.and_then(|e| e.explode).unwrap_or(style == "form");
        (style, explode)
    }
}

#[derive(Debug, Clone)]
pub struct Response {
    /// `200`, `2XX` (ranges upper-cased), `default`.
    pub status: String,
    pub at: NodeRef,
    pub description: Option<Text>,
    /// Sorted by lowercased name.
    pub headers: Vec<Header>,
    pub content: Vec<MediaType>,
}

#[derive(Debug, Clone)]
pub struct Header {
    pub name: String,
    /// Lowercased name.
    pub key: String,
    pub at: NodeRef,
    pub required: bool,
    pub deprecated: bool,
    /// Effective style (`simple`, the only one headers have) and explode.
    pub style: String,
    pub explode: bool,
    pub schema: Option<SchemaId>,
    pub content: Vec<MediaType>,
}

#[derive(Debug, Clone)]
pub struct Callback {
    pub name: String,
    pub at: NodeRef,
    /// Operations of the callback's path items; `path` is the runtime expression.
    pub operations: Vec<Operation>,
}

/// Alternatives (any one suffices), each a set of schemes that must all be satisfied.
#[derive(Debug, Clone)]
pub struct Security {
    pub at: NodeRef,
    pub alternatives: Vec<Requirement>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Sorted by scheme name; scopes sorted.
    pub schemes: Vec<(String, Vec<String>)>,
}

impl Requirement {
    pub fn label(&self) -> String {
        if self.schemes.is_empty() {
            return "{} (anonymous)".into();
        }
        self.schemes
            .iter()
            .map(|(n, scopes)| {
                if scopes.is_empty() {
                    n.clone()
                } else {
                    format!("{n}[{}]", scopes.join(", "))
                }
            })
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub at: NodeRef,
    /// `apiKey`, `http`, `oauth2`, `openIdConnect`, `mutualTLS`.
    pub kind: String,
    /// For `http`: `basic`, `bearer`, … (lowercased).
    pub scheme: Option<String>,
    pub bearer_format: Option<String>,
    /// For `apiKey`: where and under which name.
    pub location: Option<String>,
    pub parameter_name: Option<String>,
    pub open_id_connect_url: Option<String>,
    /// Sorted by flow kind.
    pub flows: Vec<OAuthFlow>,
}

#[derive(Debug, Clone)]
pub struct OAuthFlow {
    /// `implicit`, `password`, `clientCredentials`, `authorizationCode`.
    pub kind: String,
    pub at: NodeRef,
    pub authorization_url: Option<String>,
    pub token_url: Option<String>,
    pub refresh_url: Option<String>,
    /// Sorted scope names.
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    pub at: NodeRef,
}

impl Server {
    /// The path of its URL, which every operation's path is appended to
    /// (`https://api.example.com/v1` → `/v1`, `//host/v1` → `/v1`, `/v1` stays); no trailing
    /// slash.
    pub fn path(&self) -> &str {
        let rest = match self.url.split_once("://") {
            Some((_, r)) => r.find('/').map_or("", |i| &r[i..]),
            None => match self.url.strip_prefix("//") {
                Some(r) => r.find('/').map_or("", |i| &r[i..]),
                None => &self.url,
            },
        };
        rest.trim_end_matches('/')
    }

    /// The URL without its path: where the API is, not which paths it serves.
    pub fn origin(&self) -> &str {
        let path = self.path();
        let end = self.url.trim_end_matches('/').len() - path.len();
        &self.url[..end]
    }
}

impl Spec {
    /// The path every URL starts with: the path of the servers when they all share it,
    /// else none.
    pub fn base_path(&self) -> &str {
        match self.servers.split_first() {
            Some((first, rest)) if rest.iter().all(|s| s.path() == first.path()) => first.path(),
            _ => "",
        }
    }
}

impl Spec {
    pub fn tree(&self, r: NodeRef) -> &Tree {
        &self.files[r.file as usize]
    }

    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0 as usize]
    }

    /// Where to point a user for this node.
    pub fn pos(&self, r: NodeRef) -> Pos {
        self.tree(r).anchor_pos(r.node)
    }

    pub fn pointer(&self, r: NodeRef) -> String {
        self.tree(r).pointer(r.node)
    }

    pub fn file_name(&self, r: NodeRef) -> &str {
        &self.tree(r).name
    }

    /// [`Spec::pointer`], with the pointers of nodes passed before (see [`Pointers`]).
    pub fn pointer_with(&self, r: NodeRef, known: &mut SpecPointers) -> String {
        let file = r.file as usize;
        if known.0.len() <= file {
            known.0.resize_with(file + 1, Pointers::default);
        }
        self.tree(r).pointer_with(r.node, &mut known.0[file])
    }

    /// The node as reports show it: file, line, column and JSON pointer.
    pub fn location(&self, r: NodeRef) -> Location {
        self.location_of(r, self.pointer(r))
    }

    /// [`Spec::location`], with the pointers of nodes passed before (see [`Pointers`]).
    pub fn location_with(&self, r: NodeRef, known: &mut SpecPointers) -> Location {
        self.location_of(r, self.pointer_with(r, known))
    }

    fn location_of(&self, r: NodeRef, pointer: String) -> Location {
        let pos = self.pos(r);
        Location {
            file: self.file_name(r).to_string(),
            line: pos.line,
            column: pos.column,
            pointer,
        }
    }

    pub fn text(&self, r: NodeRef) -> Option<&str> {
        self.tree(r).text(r.node)
    }
}
