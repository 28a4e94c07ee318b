//! Load builds the model: located trees → the normalized [`Spec`], for OpenAPI 3.1, 3.0 and
//! Swagger 2.0.
//!
//! OpenAPI 3.1 is the target shape; 3.0 (`nullable`, boolean `exclusiveMinimum`) and Swagger
//! 2.0 (`definitions`, body and formData parameters, `produces`/`consumes`, `basePath`) are
//! mapped onto it while reading, and `allOf` members are folded (see `normalize.rs`).

mod normalize;
mod oas3;
mod reader;
mod schema;
mod shared;
mod swagger2;

use crate::error::{Error, Located, Result};
use crate::load::{Locator, Workspace};
use crate::model::{Dialect, Spec};
use crate::tree::Tree;
use crate::vocabulary::NodeRef;

use reader::Reader;

/// Load and normalize the spec a locator names. `strict`: problems that are normally
/// warnings (dangling `$ref`s) are errors.
pub fn open_spec(locator: &Locator, strict: bool) -> Result<Spec> {
    read_spec(Workspace::open(locator)?, strict)
}

/// Load base and revision side by side: parsing is most of the work, and the two are
/// independent. Standard input can be read once: at most one side may be
/// [`Locator::Stdin`] (the command line refuses two).
pub fn open_pair(base: &Locator, revision: &Locator, strict: bool) -> Result<(Spec, Spec)> {
    let (b, a) = crate::parallel::both(
        true,
        || open_spec(revision, strict),
        || open_spec(base, strict),
    );
    Ok((a?, b?))
}

/// The spec whose main document is the workspace's file 0.
pub fn read_spec(ws: Workspace, strict: bool) -> Result<Spec> {
    read(ws, strict, false)
}

/// [`read_spec`] for one revision of a history walk (`weir log`): an `x-stability-level` or
/// `x-sunset` value weir cannot act on is a warning of that revision (unless `strict`), as a
/// dangling `$ref` is, so one old mistake does not hide the revision's changes.
pub fn read_revision(ws: Workspace, strict: bool) -> Result<Spec> {
    read(ws, strict, true)
}

fn read(ws: Workspace, strict: bool, conventions_tolerated: bool) -> Result<Spec> {
    let root = NodeRef {
        file: 0,
        node: ws.tree(0).root(),
    };
    let dialect = detect_dialect(ws.tree(0), root)?;
    let mut r = Reader::new(ws, dialect, strict);
    r.conventions_tolerated = conventions_tolerated;
    let mut spec = match dialect {
        Dialect::Swagger2 => swagger2::read(&mut r, root)?,
        _ => oas3::read(&mut r, root)?,
    };
    r.drain_schemas()?;
    normalize::fold_all_of(&mut r.schemas);
    spec.schemas = r.schemas;
    spec.warnings = r.warnings;
    spec.files = r.ws.into_trees();
    Ok(spec)
}

fn detect_dialect(tree: &Tree, root: NodeRef) -> Result<Dialect> {
    let not_openapi = |msg: &str| {
        Error::not_openapi(
            Located::at_node(tree, root.node, msg)
                .with_help("weir reads OpenAPI 3.0, 3.1 and Swagger 2.0 documents"),
        )
    };
    if tree.entries(root.node).is_none() {
        return Err(not_openapi(
            "not an OpenAPI document: the top level is not a mapping",
        ));
    }
    if let Some(v) = tree.get(root.node, "openapi") {
        let Some(text) = tree.text(v) else {
            return Err(Error::not_openapi(Located::at_node(
                tree,
                v,
                "`openapi` must be a version string, like `3.1.0`",
            )));
        };
        return if text.starts_with("3.0") {
            Ok(Dialect::OpenApi30)
        } else if text.starts_with("3.1") || text.starts_with("3.2") {
            Ok(Dialect::OpenApi31)
        } else {
            Err(Error::not_openapi(
                Located::at_node(tree, v, format!("unsupported OpenAPI version `{text}`"))
                    .with_help("weir reads OpenAPI 3.0, 3.1 and Swagger 2.0 documents"),
            ))
        };
    }
    if let Some(v) = tree.get(root.node, "swagger") {
        let Some(text) = tree.text(v) else {
            return Err(Error::not_openapi(Located::at_node(
                tree,
                v,
                "`swagger` must be the version string `2.0`",
            )));
        };
        return if text == "2.0" || text == "2" {
            Ok(Dialect::Swagger2)
        } else {
            Err(Error::not_openapi(Located::at_node(
                tree,
                v,
                format!("unsupported Swagger version `{text}` (only 2.0 is)"),
            )))
        };
    }
    Err(not_openapi(
        "not an OpenAPI document: no `openapi` or `swagger` field at the top level",
    ))
}
