//! Consumer manifests (YAML or JSON; `schemas/consumer.schema.json` documents them):
//!
//! ```yaml
//! name: billing-service
//! owner: team-billing
//! contact: billing@example.com
//! versions: ["^1.4"]
//! uses:
//!   - GET /pets                      # every field of it
//!   - operation: getPet              # an operationId, or METHOD /path/{template}
//!     reads: [id, name, owner.email] # response fields; JSON pointers or dotted paths
//!     sends: []                      # request body fields and parameters
//!   - operation: GET /pets
//!     sends: [query:limit, header:X-Request-Id]  # parameters, by location
//!     reads: ["[].id", header:X-Rate-Limit]      # response headers too
//! ```

use super::consumer::{Consumer, Named, OpRef, Spot, Use, Written};
use super::fields::Pattern;
use super::params::{Names, Param};
use super::read::{invalid, place, string};
use crate::error::{Result, did_you_mean};
use crate::model::ParamIn;
use crate::tree::{NodeValue, Tree};
use crate::vocabulary::NodeId;

const KEYS: &[&str] = &[
    "$schema",
    "name",
    "description",
    "owner",
    "contact",
    "versions",
    "uses",
];

pub(crate) fn read(tree: &Tree) -> Result<Consumer> {
    let root = tree.root();
    let Some(entries) = tree.entries(root) else {
        return Err(invalid(
            tree,
            root,
            "a consumer file is a map with `name` and `uses` (or a Pact file)",
        ));
    };
    for &(k, _) in entries {
        let key = tree.text(k).unwrap_or("");
        if !KEYS.contains(&key) {
            return Err(invalid(
                tree,
                k,
                format!(
                    "unknown key `{key}` in a consumer file{} (expected one of: {})",
                    did_you_mean(key, KEYS[1..].iter().copied()),
                    KEYS[1..].join(", ")
                ),
            ));
        }
    }
    let name_node = tree
        .get(root, "name")
        .ok_or_else(|| invalid(tree, root, "a consumer file needs a `name`"))?;
    let mut c = Consumer::new(string(tree, name_node, "`name`")?, tree.name.clone());
    if let Some(n) = tree.get(root, "owner") {
        c.owner = Some(string(tree, n, "`owner`")?);
    }
    if let Some(n) = tree.get(root, "contact") {
        c.contact = Some(string(tree, n, "`contact`")?);
    }
    if let Some(n) = tree.get(root, "versions") {
        for item in one_or_many(tree, n) {
            let text = string(tree, item, "a version requirement")?;
            c.pin(&text).map_err(|e| invalid(tree, item, e))?;
        }
    }
    let uses = tree.get(root, "uses").ok_or_else(|| {
        invalid(
            tree,
            root,
            "a consumer file needs `uses`: the operations it calls",
        )
    })?;
    let Some(items) = tree.items(uses) else {
        return Err(invalid(tree, uses, "`uses` must be a list of operations"));
    };
    for &item in items {
        c.uses.push(read_use(tree, item)?);
    }
    Ok(c)
}

fn one_or_many(tree: &Tree, node: NodeId) -> Vec<NodeId> {
    match tree.value(node) {
        NodeValue::Seq(items) => items.to_vec(),
        _ => vec![node],
    }
}

fn operation(tree: &Tree, node: NodeId) -> Result<OpRef> {
    let text = string(tree, node, "an operation")?;
    OpRef::parse(&text).ok_or_else(|| {
        invalid(
            tree,
            node,
            format!(
                "`{text}` is not an operation: write `METHOD /path/{{param}}` or an operationId"
            ),
        )
    })
}

fn read_use(tree: &Tree, item: NodeId) -> Result<Use> {
    if tree.entries(item).is_none() {
        return Ok(Use {
            operation: operation(tree, item)?,
            reads: None,
            sends: None,
            place: place(tree, item),
            at: Spot::at(tree, item),
            written: Vec::new(),
        });
    }
    for (key, node) in tree.map_iter(item) {
        const USE_KEYS: [&str; 3] = ["operation", "reads", "sends"];
        if !USE_KEYS.contains(&key) {
            let k = tree.key_of(node).unwrap_or(node);
            return Err(invalid(
                tree,
                k,
                format!(
                    "unknown key `{key}` in a use{} (expected operation, reads, sends)",
                    did_you_mean(key, USE_KEYS)
                ),
            ));
        }
    }
    let op = tree
        .get(item, "operation")
        .ok_or_else(|| invalid(tree, item, "a use needs an `operation`"))?;
    let operation = operation(tree, op)?;
    let mut written = Vec::new();
    Ok(Use {
        reads: names(tree, item, "reads", &operation, &mut written)?,
        sends: names(tree, item, "sends", &operation, &mut written)?,
        operation,
        place: place(tree, item),
        at: Spot::at(tree, op),
        written,
    })
}

/// The fields and parameters a use lists under `key` (`reads` or `sends`); `None` when it
/// lists none there, which means everything. Each is added to `written`, where it is.
fn names(
    tree: &Tree,
    item: NodeId,
    key: &str,
    op: &OpRef,
    written: &mut Vec<Written>,
) -> Result<Option<Names>> {
    let Some(n) = tree.get(item, key) else {
        return Ok(None);
    };
    let mut out = Names::default();
    for f in one_or_many(tree, n) {
        if tree.entries(f).is_some() {
            return Err(invalid(
                tree,
                f,
                format!(
                    "`{key}` lists fields and parameters as strings: write a parameter as `query:limit` (no space after `:`)"
                ),
            ));
        }
        let text = string(tree, f, "a field")?;
        let name = match Param::parse(&text).map_err(|e| invalid(tree, f, e))? {
            Some(p) => {
                check_param(key, &p, op).map_err(|e| invalid(tree, f, e))?;
                out.params.push(p.clone());
                Named::Param(p)
            }
            None => {
                let pattern = Pattern::parse(&text).map_err(|e| invalid(tree, f, e))?;
                out.fields.push(pattern.clone());
                Named::Field(pattern)
            }
        };
        written.push(Written {
            reads: key == "reads",
            name,
            at: Spot::at(tree, f),
        });
    }
    Ok(Some(out))
}

/// `reads` names response headers only; a path parameter must be a variable of the use's
/// template, when the use names one (names need not match the spec's: `{id}` there is the
/// same position as `{petId}` in the spec).
fn check_param(key: &str, p: &Param, op: &OpRef) -> std::result::Result<(), String> {
    if key == "reads" && p.location != ParamIn::Header {
        return Err(format!(
            "`{}` is a request parameter: `reads` names response fields and headers (`header:NAME`)",
            p.text()
        ));
    }
    if p.location == ParamIn::Path
        && let OpRef::Route { path, .. } = op
        && !path.contains(&format!("{{{}}}", p.name))
    {
        return Err(format!(
            "`{}`: `{}` has no path parameter `{{{}}}`",
            p.text(),
            op.label(),
            p.name
        ));
    }
    Ok(())
}
