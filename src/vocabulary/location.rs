//! A place in a spec file, as reports show it.

/// File, line and column (1-based, as editors show them) and the JSON pointer of the node.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Location {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub pointer: String,
}
