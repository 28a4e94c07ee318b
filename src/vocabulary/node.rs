//! Places in a spec's source files, as indexes: what the loader's trees are addressed by and
//! what a change points at.

/// Index of a file inside a workspace (and later inside a spec).
pub type FileId = u32;

/// Index of a node inside its file's tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

/// A node in one of the spec's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeRef {
    pub file: FileId,
    pub node: NodeId,
}
