//! What the fuzz targets run, and the structure-aware inputs they run it on.
//!
//! Three targets, one per stage that takes untrusted input:
//!
//! - `parse`: raw bytes → located tree → model (strict and not), with the tree's invariants
//!   checked and every error rendered the way the binary renders it;
//! - `resolve`: a few generated files that `$ref` each other (across files, with `..`,
//!   escaped pointers, cycles, dangling targets, URLs) → one spec;
//! - `diff`: two generated specs → changes → findings → text and JSON reports.
//!
//! The generated documents come from small vocabularies of OpenAPI keys and values, so two
//! of them share enough to pair operations, parameters and schemas, and the diff walk gets
//! far past "not an OpenAPI document". `tests/fuzz_regressions.rs` in the main crate runs
//! the same checks on every input a fuzzer ever crashed on (exported by `bin/export.rs`).
//!
//! `check` holds the checks; `input` the inputs, which pick from `vocabulary` and are written
//! out by `write`.

mod check;
mod input;
mod vocabulary;
mod write;

pub use check::{Mem, check_document, check_files, check_files_pair, check_pair, check_tree, load};
pub use input::{Doc, Files, Pair, Ref, Style, Value};
