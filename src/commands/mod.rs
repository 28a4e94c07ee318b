//! Command bodies that are more than a few lines: one file per command. `crate::cli` parses
//! the arguments and dispatches here.

pub mod check;
pub mod hook;
pub mod init;
