//! Where a change sits inside an operation's payloads: which part (a parameter, the request
//! body, a response) and which field, as a path of property names and array items. Changes
//! point at nodes of the spec; this maps a node back to the schema it belongs to and that
//! schema to the places of an operation's payloads it describes.

use std::cell::RefCell;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::json_schema::Validator;
use crate::json_schema::graph::{PathsFrom, SchemaNodes, SchemaStep, path_to};
use crate::model::{Header, MediaType, Operation, ParamIn, Parameter, Response, SchemaId, Spec};
use crate::vocabulary::{Change, Context, Direction, Kind, NodeRef, OperationId};

/// A payload of an operation that has a schema.
#[derive(Clone, Debug)]
pub struct Part<'o> {
    pub kind: PartKind<'o>,
    pub schema: SchemaId,
    /// Empty for the operation's own payloads; `callback onDone POST {$request.body#/url}`
    /// for those of a callback.
    pub scope: String,
    /// What [`Part::label`] names the part by.
    item: PartItem<'o>,
}

/// The items of an operation a part's label is made of: written out only when a label is
/// shown, not for every part of every operation a witness search looks through.
#[derive(Clone, Copy, Debug)]
enum PartItem<'o> {
    Parameter(&'o Parameter),
    RequestBody(&'o MediaType),
    Response(&'o Response, &'o MediaType),
    Header(&'o Response, &'o Header),
}

impl Part<'_> {
    /// The same payload in another revision.
    pub fn same_as(&self, other: &Part) -> bool {
        self.scope == other.scope && self.kind == other.kind
    }

    /// `request body application/json`, `response 200 application/json`, `query parameter
    /// limit`.
    pub fn label(&self) -> String {
        match self.item {
            PartItem::Parameter(p) => format!("{} parameter {}", p.location.name(), p.name),
            PartItem::RequestBody(m) => format!("request body {}", m.name),
            PartItem::Response(r, m) => format!("response {} {}", r.status, m.name),
            PartItem::Header(r, h) => format!("response {} header {}", r.status, h.name),
        }
    }
}

/// What identifies a part across revisions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind<'o> {
    /// By the parameter's pairing key (`query:limit`, `path#0`).
    Parameter(&'o str),
    /// By media type key.
    RequestBody(&'o str),
    /// By status and media type key.
    Response(&'o str, &'o str),
    /// By status and lowercased header name.
    Header(&'o str, &'o str),
}

impl PartKind<'_> {
    pub fn context(&self) -> Context {
        match self {
            PartKind::Parameter(_) => Context::Parameter,
            PartKind::RequestBody(_) => Context::RequestBody,
            PartKind::Response(..) => Context::Response,
            PartKind::Header(..) => Context::ResponseHeader,
        }
    }
}

/// Every payload of an operation (and of its callbacks) that has a schema, in the order of
/// the spec.
pub fn parts(op: &Operation) -> Vec<Part<'_>> {
    let mut out = own_parts(op, "");
    for cb in &op.callbacks {
        for cop in &cb.operations {
            out.extend(own_parts(
                cop,
                &format!("callback {} {}", cb.name, cop.label()),
            ));
        }
    }
    out
}

fn own_parts<'o>(op: &'o Operation, scope: &str) -> Vec<Part<'o>> {
    let mut out = Vec::new();
    let mut part = |kind, schema, item| {
        out.push(Part {
            kind,
            schema,
            scope: scope.to_string(),
            item,
        })
    };
    for p in &op.parameters {
        let schemas = p
            .schema
            .iter()
            .chain(p.content.iter().filter_map(|m| m.schema.as_ref()));
        for &schema in schemas {
            part(PartKind::Parameter(&p.key), schema, PartItem::Parameter(p));
        }
    }
    if let Some(body) = &op.request_body {
        for m in &body.content {
            if let Some(schema) = m.schema {
                part(
                    PartKind::RequestBody(&m.key),
                    schema,
                    PartItem::RequestBody(m),
                );
            }
        }
    }
    for r in &op.responses {
        for m in &r.content {
            if let Some(schema) = m.schema {
                part(
                    PartKind::Response(&r.status, &m.key),
                    schema,
                    PartItem::Response(r, m),
                );
            }
        }
        for h in &r.headers {
            if let Some(schema) = h.schema {
                part(
                    PartKind::Header(&r.status, &h.key),
                    schema,
                    PartItem::Header(r, h),
                );
            }
        }
    }
    out
}

/// Both specs' indexes from nodes to schemas, built once and shared by the [`Sides`] of every
/// thread that looks for witnesses (a build visits every schema of a spec).
#[derive(Clone)]
pub struct BothNodes {
    pub base: Arc<SchemaNodes>,
    pub revision: Arc<SchemaNodes>,
}

impl BothNodes {
    pub fn of(base: &Spec, revision: &Spec) -> BothNodes {
        BothNodes {
            base: Arc::new(SchemaNodes::of(base)),
            revision: Arc::new(SchemaNodes::of(revision)),
        }
    }
}

/// Both sides of a diff, with the index that maps nodes to schemas.
pub struct Sides<'s> {
    pub base: &'s Spec,
    pub revision: &'s Spec,
    nodes: BothNodes,
    /// One validator per side and direction for all findings: each keeps the regexes it
    /// compiled and the examples it drafted, which the witnesses of a large diff share.
    validators: [[Validator<'s>; 3]; 2],
    /// [`Sides::path_to`]'s walks so far, by side and payload root: the changes to one object
    /// (a property added, another removed) are looked for from the same payloads.
    walks: RefCell<FxHashMap<(DiffSide, SchemaId), PathsFrom<'s>>>,
}

impl<'s> Sides<'s> {
    pub fn new(base: &'s Spec, revision: &'s Spec) -> Sides<'s> {
        Sides::with_nodes(base, revision, BothNodes::of(base, revision))
    }

    /// The schema nodes of both sides, to share with another thread's sides.
    pub fn both_nodes(&self) -> &BothNodes {
        &self.nodes
    }

    /// Sides whose schema nodes were indexed already.
    pub fn with_nodes(base: &'s Spec, revision: &'s Spec, nodes: BothNodes) -> Sides<'s> {
        Sides {
            base,
            revision,
            nodes,
            validators: [base, revision].map(|spec| {
                [Direction::Request, Direction::Response, Direction::None]
                    .map(|d| Validator::new(spec, d))
            }),
            walks: RefCell::default(),
        }
    }

    /// [`path_to`] in one side's spec, one walk from each root for all targets.
    pub(crate) fn path_to(
        &self,
        side: DiffSide,
        root: SchemaId,
        target: NodeRef,
    ) -> Option<Vec<SchemaStep>> {
        self.walks
            .borrow_mut()
            .entry((side, root))
            .or_insert_with(|| PathsFrom::new(self.spec(side), root))
            .to(target)
    }

    /// The validator of one side for payloads going one way.
    pub fn validator(&self, side: DiffSide, direction: Direction) -> &Validator<'s> {
        let d = match direction {
            Direction::Request => 0,
            Direction::Response => 1,
            Direction::None => 2,
        };
        &self.validators[matches!(side, DiffSide::Revision) as usize][d]
    }

    pub fn spec(&self, side: DiffSide) -> &'s Spec {
        match side {
            DiffSide::Base => self.base,
            DiffSide::Revision => self.revision,
        }
    }

    /// The index of one side's schema nodes.
    pub fn nodes(&self, side: DiffSide) -> &SchemaNodes {
        match side {
            DiffSide::Base => &self.nodes.base,
            DiffSide::Revision => &self.nodes.revision,
        }
    }

    pub fn locate(&self, c: &Change) -> Option<SchemaPlace> {
        locate(
            c,
            (self.base, &self.nodes.base),
            (self.revision, &self.nodes.revision),
        )
    }
}

/// Which side of the diff a location is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DiffSide {
    Base,
    Revision,
}

/// Where in a payload a schema change is: the schema it is in and, for changes about one
/// property (added, removed, made required), that property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaPlace {
    pub side: DiffSide,
    pub schema: NodeRef,
    pub property: Option<String>,
}

pub fn is_schema_kind(kind: Kind) -> bool {
    kind.as_str().starts_with("schema.")
}

/// Locate a schema change; `None` for other changes or a change outside any schema.
pub fn locate(
    change: &Change,
    base: (&Spec, &SchemaNodes),
    revision: (&Spec, &SchemaNodes),
) -> Option<SchemaPlace> {
    if !is_schema_kind(change.kind) {
        return None;
    }
    let on = |side: DiffSide, at: Option<NodeRef>, property: Option<String>| {
        let (spec, nodes) = match side {
            DiffSide::Base => base,
            DiffSide::Revision => revision,
        };
        Some(SchemaPlace {
            side,
            schema: nodes.enclosing(spec, at?)?,
            property,
        })
    };
    match change.kind {
        // The property's parent: in the base for an addition, in the revision for a removal.
        Kind::SchemaPropertyAdded => on(DiffSide::Base, change.base, change.name.clone()),
        Kind::SchemaPropertyRemoved | Kind::SchemaRequired => {
            on(DiffSide::Revision, change.revision, change.name.clone())
        }
        _ => on(DiffSide::Revision, change.revision, None)
            .or_else(|| on(DiffSide::Base, change.base, None)),
    }
}

/// The parameters (for [`Context::Parameter`]) or response headers (for
/// [`Context::ResponseHeader`]) of an operation that a change on this side is about, by
/// location and name: the one written at or above the change's node `at` or, for a change in
/// a schema written elsewhere (a `$ref`'d component at `schema`), every one whose schema
/// reaches it. Empty when the change is about none (or the context is another).
pub fn named_parts(
    spec: &Spec,
    op: &Operation,
    context: Context,
    at: Option<NodeRef>,
    schema: Option<NodeRef>,
) -> Vec<(ParamIn, String)> {
    let written: Vec<(NodeRef, ParamIn, &str)> = match context {
        Context::Parameter => op
            .parameters
            .iter()
            .map(|p| (p.at, p.location, p.name.as_str()))
            .collect(),
        Context::ResponseHeader => op
            .responses
            .iter()
            .flat_map(|r| &r.headers)
            .map(|h| (h.at, ParamIn::Header, h.name.as_str()))
            .collect(),
        _ => return Vec::new(),
    };
    if let Some(at) = at {
        let tree = spec.tree(at);
        let mut node = Some(at.node);
        while let Some(n) = node {
            let here = NodeRef {
                file: at.file,
                node: n,
            };
            let found: Vec<(ParamIn, String)> = written
                .iter()
                .filter(|(w, _, _)| *w == here)
                .map(|(_, l, name)| (*l, name.to_string()))
                .collect();
            if !found.is_empty() {
                return found;
            }
            node = tree.parent(n);
        }
    }
    let Some(schema) = schema else {
        return Vec::new();
    };
    let mut out: Vec<(ParamIn, String)> = Vec::new();
    for part in own_parts(op, "") {
        if path_to(spec, part.schema, schema).is_none() {
            continue;
        }
        let found = match &part.kind {
            PartKind::Parameter(key) => op
                .parameters
                .iter()
                .find(|p| p.key == *key)
                .map(|p| (p.location, p.name.clone())),
            PartKind::Header(status, key) => op
                .responses
                .iter()
                .filter(|r| r.status == *status)
                .flat_map(|r| &r.headers)
                .find(|h| h.key == *key)
                .map(|h| (ParamIn::Header, h.name.clone())),
            _ => None,
        };
        if let Some(f) = found
            && part.kind.context() == context
            && !out.contains(&f)
        {
            out.push(f);
        }
    }
    out
}

/// A change's operation in a spec, by method and path template with parameter names erased.
pub fn operation<'s>(spec: &'s Spec, id: &OperationId) -> Option<&'s Operation> {
    let list = if id.is_webhook() {
        &spec.webhooks
    } else {
        &spec.operations
    };
    let (key, method) = id.key();
    list.iter().find(|o| o.method == method && o.key.0 == key)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::json_schema::graph::SchemaStep;
    use crate::load::{Locator, Workspace};

    /// The spec `text` is, read from a temporary file (kept as long as the folder is).
    pub(crate) fn spec(text: &str) -> (Spec, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.yaml");
        std::fs::write(&p, text).unwrap();
        let ws = Workspace::open(&Locator::File(p)).unwrap();
        (crate::load::read_spec(ws, false).unwrap(), dir)
    }

    #[test]
    fn a_node_maps_to_its_schema_and_the_schema_to_a_path() {
        let (s, _d) = spec(
            "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string, maxLength: 5}
",
        );
        let nodes = SchemaNodes::of(&s);
        let tree = &s.files[0];
        let max = tree
            .lookup_pointer("/components/schemas/Pet/properties/name/maxLength")
            .unwrap();
        let at = nodes.enclosing(&s, NodeRef { file: 0, node: max }).unwrap();
        assert_eq!(s.pointer(at), "/components/schemas/Pet/properties/name");
        let op = &s.operations[0];
        let part = &parts(op)[0];
        assert_eq!(part.label(), "response 200 application/json");
        assert_eq!(
            path_to(&s, part.schema, at).unwrap(),
            vec![
                SchemaStep::Property("data".into()),
                SchemaStep::Items,
                SchemaStep::Property("name".into())
            ]
        );
    }
}
