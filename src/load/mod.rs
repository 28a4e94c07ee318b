//! From a locator (`PATH`, `-`, `REV:PATH`) to located trees of every file a spec needs, and
//! from those trees to the normalized model.

pub mod chunked;
mod json;
pub mod parse;
pub(crate) mod read;
pub mod source;
pub(crate) mod workspace;

pub use read::{open_pair, open_spec, read_revision, read_spec};
pub use source::Locator;
pub use workspace::Workspace;
