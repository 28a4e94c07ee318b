//! `weir diff BASE REVISION`: every change, classified, in any format.

use super::{CompareOptions, Exit, PublishArgs, ReportFormat, print_comparison, render_report_to};
use crate::error::Result;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir diff v1.4.0:api/openapi.yaml api/openapi.yaml\n  weir diff old.yaml new.yaml --format json | jq '.changes[] | select(.level == \"breaking\")'\n  weir diff main:api/openapi.yaml api/openapi.yaml --format markdown > comment.md\n  git show v1.4.0:api/openapi.yaml | weir diff - api/openapi.yaml"
)]
pub(crate) struct DiffArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub options: CompareOptions,
    #[command(flatten)]
    pub publish: PublishArgs,
}

pub(crate) fn run(args: DiffArgs) -> Result<Exit> {
    let publishing = args.publish.publishing()?;
    print_comparison(
        &args.base,
        &args.revision,
        &args.options,
        |report, ignored, impact| {
            render_report_to(args.format, report, ignored, impact, &publishing)
        },
    )
}
