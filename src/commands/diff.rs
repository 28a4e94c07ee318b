//! `weir diff BASE REVISION`: every change, classified, in any format.

use super::{Compared, compare, print, render_report};
use std::path::PathBuf;

use super::{Exit, ReportFormat};
use crate::error::Result;
use crate::report::Report;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir diff v1.4.0:api/openapi.yaml api/openapi.yaml\n  weir diff old.yaml new.yaml --format json | jq '.changes[] | select(.level == \"breaking\")'\n  weir diff main:api/openapi.yaml api/openapi.yaml --format markdown > comment.md\n  git show v1.4.0:api/openapi.yaml | weir diff - api/openapi.yaml"
)]
pub struct DiffArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Treat problems weir can read past (dangling `$ref`s, unknown types) as errors.
    #[arg(long)]
    pub strict: bool,
    /// weir.toml to use instead of the nearest one (for rule levels, ignores, path globs).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The consumer registry folder (default: `consumers/` beside weir.toml, if there is one).
    #[arg(long, value_name = "DIR")]
    pub consumers: Option<PathBuf>,
}

pub fn run(args: DiffArgs) -> Result<Exit> {
    let Compared {
        base,
        revision,
        assessment,
    } = compare(
        &args.base,
        &args.revision,
        args.strict,
        args.config.as_deref(),
        args.consumers,
    )?;
    let report = Report {
        base: &base,
        revision: &revision,
        findings: assessment.findings,
    };
    print(&render_report(
        args.format,
        &report,
        &assessment.ignored,
        assessment.impact.as_ref(),
    ));
    Ok(Exit::Ok)
}
