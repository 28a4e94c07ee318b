//! `weir changelog BASE REVISION`: the changes as release notes.

use super::{CompareOptions, Exit, ReportFormat, print_comparison, render_report};
use crate::error::Result;
use crate::report;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir changelog v1.4.0:api/openapi.yaml api/openapi.yaml >> CHANGELOG.md\n  weir changelog v1.4.0:api/openapi.yaml v1.5.0:api/openapi.yaml --format json"
)]
pub(crate) struct ChangelogArgs {
    /// The earlier spec: PATH, `-` (stdin) or REV:PATH.
    pub base: String,
    /// The later spec: PATH, `-` (stdin) or REV:PATH.
    pub revision: String,
    /// `markdown`, `text` and `json` are release notes; `sarif`, `junit` and `github` are the
    /// same findings as `weir diff` gives.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub options: CompareOptions,
}

pub(crate) fn run(args: ChangelogArgs) -> Result<Exit> {
    let sides = report::changelog::SpecNames {
        base: &args.base,
        revision: &args.revision,
    };
    print_comparison(
        &args.base,
        &args.revision,
        &args.options,
        |report, ignored, impact| {
            let consumers_section = |md: bool| match impact {
                Some(i) if md => report::consumers::markdown(i, &report.findings),
                Some(i) => report::consumers::text(i, &report.findings),
                None => String::new(),
            };
            match args.format {
                ReportFormat::Markdown => {
                    report::changelog::markdown(report, sides) + &consumers_section(true)
                }
                ReportFormat::Text => {
                    report::changelog::text(report, sides) + &consumers_section(false)
                }
                ReportFormat::Json => report::changelog::json(report, sides),
                other => render_report(other, report, ignored, impact),
            }
        },
    )
}
