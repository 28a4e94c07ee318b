//! The reader shared by every dialect: typed field access with located errors and `$ref`
//! following. Schemas are read by `schema.rs`.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::error::{Error, Located, Result};
use crate::load::Workspace;
use crate::model::schema::{Schema, SchemaId};
use crate::model::{Dialect, Text};
use crate::tree::{NodeValue, Resolved, Tree};
use crate::vocabulary::NodeRef;

/// How to read a schema node. Swagger 2.0 parameters, headers and their `items` carry schema
/// keywords inline next to keys (`name`, `in`, boolean `required`) that mean something else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SchemaMode {
    Schema,
    ParamLike,
}

pub(super) struct Reader {
    pub ws: Workspace,
    pub dialect: Dialect,
    pub schemas: Vec<Schema>,
    pub(super) schema_ids: FxHashMap<NodeRef, SchemaId>,
    pub(super) pending: Vec<(SchemaId, NodeRef, SchemaMode)>,
    pub(super) strict: bool,
    /// A history walk reads past an `x-stability-level` or `x-sunset` weir cannot act on (an old
    /// revision's, long since fixed): a warning of that revision, not a failure of the walk.
    pub(super) conventions_tolerated: bool,
    pub warnings: Vec<Located>,
}

impl Reader {
    pub(super) fn new(ws: Workspace, dialect: Dialect, strict: bool) -> Reader {
        // A little more than the earlier revision had, for the schemas this one adds.
        let expected = ws.expected_schemas() + ws.expected_schemas() / 16;
        Reader {
            ws,
            dialect,
            schemas: Vec::with_capacity(expected),
            schema_ids: FxHashMap::with_capacity_and_hasher(expected, Default::default()),
            pending: Vec::new(),
            strict,
            conventions_tolerated: false,
            warnings: Vec::new(),
        }
    }

    pub(super) fn t(&self, r: NodeRef) -> &Tree {
        self.ws.tree(r.file)
    }

    pub(super) fn invalid(&self, r: NodeRef, msg: impl Into<String>) -> Error {
        Error::invalid(Located::at_node(self.t(r), r.node, msg))
    }

    pub(super) fn get(&self, r: NodeRef, key: &str) -> Option<NodeRef> {
        self.t(r)
            .get(r.node, key)
            .map(|node| NodeRef { file: r.file, node })
    }

    pub(super) fn text(&self, r: NodeRef) -> Option<&str> {
        self.t(r).text(r.node)
    }

    pub(super) fn is_null(&self, r: NodeRef) -> bool {
        matches!(self.t(r).resolve(r.node), Some(Resolved::Null))
    }

    /// Entries of a map as (key node, value node). `null` reads as empty; anything else that
    /// is not a map is an error naming `what`.
    pub(super) fn map(&self, r: NodeRef, what: &str) -> Result<Vec<(NodeRef, NodeRef)>> {
        self.entries(r)
            .ok_or_else(|| self.invalid(r, format!("{what} must be a mapping")))
    }

    /// [`Reader::map`] for a caller that names the map only if it is not one.
    pub(super) fn entries(&self, r: NodeRef) -> Option<Vec<(NodeRef, NodeRef)>> {
        let tree = self.t(r);
        match tree.value(r.node) {
            NodeValue::Map(entries) => Some(
                entries
                    .iter()
                    .map(|&(k, v)| {
                        (
                            NodeRef {
                                file: r.file,
                                node: k,
                            },
                            NodeRef {
                                file: r.file,
                                node: v,
                            },
                        )
                    })
                    .collect(),
            ),
            _ if self.is_null(r) => Some(Vec::new()),
            _ => None,
        }
    }

    pub(super) fn seq(&self, r: NodeRef, what: &str) -> Result<Vec<NodeRef>> {
        let tree = self.t(r);
        match tree.value(r.node) {
            NodeValue::Seq(items) => Ok(items
                .iter()
                .map(|&node| NodeRef { file: r.file, node })
                .collect()),
            _ if self.is_null(r) => Ok(Vec::new()),
            _ => Err(self.invalid(r, format!("{what} must be a list"))),
        }
    }

    /// Any scalar as text (`summary: 5` reads as "5").
    pub(super) fn string(&self, r: NodeRef, what: &str) -> Result<String> {
        self.text(r)
            .map(str::to_string)
            .ok_or_else(|| self.not_a_string(r, what))
    }

    fn not_a_string(&self, r: NodeRef, what: &str) -> Error {
        self.invalid(r, format!("{what} must be a string"))
    }

    pub(super) fn opt_text(&self, parent: NodeRef, key: &str) -> Result<Option<Text>> {
        match self.get(parent, key) {
            Some(v) if !self.is_null(v) => Ok(Some(Text {
                value: self
                    .text(v)
                    .ok_or_else(|| self.not_a_string(v, &format!("`{key}`")))?
                    .to_string(),
                at: v,
            })),
            _ => Ok(None),
        }
    }

    pub(super) fn opt_string(&self, parent: NodeRef, key: &str) -> Result<Option<String>> {
        Ok(self.opt_text(parent, key)?.map(|t| t.value))
    }

    /// A boolean field. `"true"` and `"false"` written as strings are accepted: real specs
    /// have them and their meaning is not in doubt.
    pub(super) fn opt_bool(&self, parent: NodeRef, key: &str) -> Result<Option<(bool, NodeRef)>> {
        let Some(v) = self.get(parent, key) else {
            return Ok(None);
        };
        match self.t(v).resolve(v.node) {
            Some(Resolved::Bool(b)) => Ok(Some((b, v))),
            Some(Resolved::Null) => Ok(None),
            Some(Resolved::Str("true")) => Ok(Some((true, v))),
            Some(Resolved::Str("false")) => Ok(Some((false, v))),
            _ => Err(self.invalid(v, format!("`{key}` must be true or false"))),
        }
    }

    pub(super) fn flag(&self, parent: NodeRef, key: &str) -> Result<bool> {
        Ok(self.opt_bool(parent, key)?.is_some_and(|(b, _)| b))
    }

    /// Read past a problem that does not stop weir from comparing (a dangling `$ref` in an
    /// upstream spec, a parameter without a name): it becomes a warning, unless `--strict`.
    pub(super) fn tolerate(&mut self, e: Error) -> Result<()> {
        if self.strict {
            return Err(e);
        }
        match e.into_located() {
            Some(mut l) => {
                l.warning = true;
                self.warnings.push(l);
                Ok(())
            }
            None => unreachable!("only located errors are tolerated"),
        }
    }

    /// Like [`Reader::deref_strict`], but a dangling `$ref` is a warning and `None`: the
    /// object it should have named is skipped.
    pub(super) fn deref(&mut self, r: NodeRef) -> Result<Option<NodeRef>> {
        match self.deref_strict(r) {
            Ok(n) => Ok(Some(n)),
            Err(e @ Error::DanglingRef(_)) => {
                self.tolerate(e)?;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// The node a value stands for: follows `$ref` (to components, to other files) until a
    /// node without one. Used for every object but schemas, which are shared instead.
    pub(super) fn deref_strict(&mut self, mut r: NodeRef) -> Result<NodeRef> {
        let mut seen = FxHashSet::default();
        while let Some(target) = self.get(r, "$ref") {
            if !seen.insert(r) {
                return Err(Error::unresolved_ref(
                    Located::at_node(self.t(r), r.node, "this $ref loops back to itself")
                        .with_label("part of a $ref cycle"),
                ));
            }
            let reference = self.string(target, "`$ref`")?;
            let (file, node) = self.ws.resolve(r.file, target.node, &reference)?;
            r = NodeRef { file, node };
        }
        Ok(r)
    }
}
