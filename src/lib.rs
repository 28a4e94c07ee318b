//! weir: guards the contract between an upstream OpenAPI description and its consumers.
//!
//! The command-line tool (`weir`) is the main way in. A program that wants the same verdicts
//! without spawning it takes the same four steps the commands take, and nothing else is API:
//!
//! 1. **open** both descriptions: [`open_pair`] (or [`open_spec`]) with a [`Locator`] — a file,
//!    `-` for stdin, or `REV:PATH` read from git, relative `$ref`s from the same revision;
//! 2. **diff** them: [`diff`] lists every [`Change`](vocabulary::Change), judging none;
//! 3. **assess** the changes: [`assess`] classifies them with the rule catalogue
//!    ([`catalogue`]) and applies stability, the deprecation policy, `weir.toml`
//!    ([`Config`] → [`Settings`]) and consumers, in that fixed order — the one pipeline every
//!    command uses, so an embedder gets the verdicts `weir check` gives;
//! 4. **render** the [`Report`] with one of the [`render`] formats.
//!
//! ```
//! use weir::{Locator, Pair, Report, Settings};
//!
//! let (base, revision) = weir::open_pair(
//!     &Locator::parse("fixtures/examples/petstore-v1.yaml"),
//!     &Locator::parse("fixtures/examples/petstore-v2.yaml"),
//!     false,
//! )?;
//! let changes = weir::diff(&base, &revision);
//! let assessment = weir::assess(&Pair::new(&base, &revision), changes, &Settings::default());
//! let report = Report { base: &base, revision: &revision, findings: assessment.findings };
//! assert!(report.count(weir::vocabulary::Level::Breaking) > 0);
//! let json = weir::render::json(&report);
//! assert!(json.starts_with('{'));
//! # Ok::<(), weir::Error>(())
//! ```
//!
//! The data every step passes (levels, bumps, findings, changes, locations) is in
//! [`vocabulary`]. ARCHITECTURE.md maps the parts behind these items.

pub mod vocabulary;

pub use assess::{Assessment, Pair, Settings, assess};
pub use config::Config;
pub use diff::diff;
pub use error::{Error, Result};
pub use load::{Locator, open_pair, open_spec};
pub use model::Spec;
pub use report::Report;
pub use rules::{Catalogue, catalogue};

/// The report formats, each a function of a [`Report`] (the findings of one pair).
pub mod render {
    pub use crate::report::changelog::{SpecNames, markdown as changelog};
    pub use crate::report::json::render as json;
    pub use crate::report::text::render as text;
}

/// The `weir` binary's entry point: parses the command line, runs the command and renders
/// errors with their file:line:col. Not for embedding (it reads argv and the process
/// environment and prints).
#[doc(hidden)]
pub fn main() -> std::process::ExitCode {
    cli::main()
}

// The command line: private, reached only through `main`.
mod cli;
mod commands;
mod output;

// The parts behind the API above. Those marked hidden stay reachable (no stability promise)
// only because weir's own integration tests, benchmarks, examples and fuzz targets drive them
// directly: the parser and the tree, the history walk, the JSON Schema engine, the mock, the
// witnesses. Inside them, what nothing outside the crate names is `pub(crate)`. An embedder
// uses the items re-exported above.
#[doc(hidden)]
pub mod assess;
pub(crate) mod config;
#[doc(hidden)]
pub mod consumers;
#[doc(hidden)]
pub mod diff;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod gate;
#[doc(hidden)]
pub mod history;
#[doc(hidden)]
pub mod json_schema;
#[doc(hidden)]
pub mod load;
pub(crate) mod memory;
#[doc(hidden)]
pub mod mock;
#[doc(hidden)]
pub mod model;
mod parallel;
pub(crate) mod report;
#[doc(hidden)]
pub mod rules;
#[doc(hidden)]
pub mod tree;
pub(crate) mod versions;
