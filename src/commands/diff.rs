//! `weir diff BASE REVISION`: every change, classified, in any format.

use super::{Compared, compare, print, render_report};
use crate::cli::{DiffArgs, Exit};
use crate::error::Result;
use crate::report::Report;

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
