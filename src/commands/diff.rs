//! `weir diff BASE REVISION`: every change, classified, in any format.

use super::{Compared, compare, print, render_report};
use crate::cli::{DiffArgs, Exit};
use crate::error::Result;
use crate::report::Report;

pub fn run(args: DiffArgs) -> Result<Exit> {
    let Compared {
        base,
        revision,
        findings,
        ignored,
        impact,
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
        findings,
    };
    print(&render_report(
        args.format,
        &report,
        &ignored,
        impact.as_ref(),
    ));
    Ok(Exit::Ok)
}
