//! From a locator (`PATH`, `-`, `REV:PATH`) to located trees of every file a spec needs.

pub mod parse;
pub mod source;
pub mod workspace;

pub use source::Locator;
pub use workspace::Workspace;
