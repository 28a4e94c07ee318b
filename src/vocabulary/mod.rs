//! The words every part of weir shares: where something is in a spec ([`NodeRef`]), what
//! changed ([`Change`]), how serious it is ([`Level`], [`Bump`]) and what a run reports about
//! it ([`Finding`], [`Location`], [`Witness`], fingerprints).
//!
//! This module is the leaf of the crate: it imports nothing from the other parts, so every
//! part can use it without importing another part's machinery.

mod bump;
pub mod change;
pub mod conventions;
mod finding;
pub mod formats;
mod level;
mod location;
mod node;
mod operation;
mod witness;

pub use bump::Bump;
pub use change::{Change, Context, Direction, Kind};
pub use finding::{Adjustment, Finding, Places, Stage, fingerprint};
pub use level::Level;
pub use location::Location;
pub use node::{FileId, NodeId, NodeRef};
pub use operation::{Method, OperationId, path_key, shown_then_sorted};
pub use witness::Witness;
