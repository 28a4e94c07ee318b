//! `weir changelog BASE REVISION`: the changes as release notes.

use super::{Compared, compare, print, render_report};
use crate::cli::{ChangelogArgs, Exit, Format};
use crate::consumers;
use crate::error::Result;
use crate::report::{self, Report};

pub fn run(args: ChangelogArgs) -> Result<Exit> {
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
    let (ignored, impact) = (assessment.ignored, assessment.impact);
    let consumers_section = |md: bool| match &impact {
        Some(i) if md => consumers::report::markdown(i, &report.findings),
        Some(i) => consumers::report::text(i, &report.findings),
        None => String::new(),
    };
    print(&match args.format {
        Format::Markdown => report::changelog::markdown(&report) + &consumers_section(true),
        Format::Text => report::changelog::text(&report) + &consumers_section(false),
        Format::Json => report::changelog::json(&report),
        other => render_report(other, &report, &ignored, impact.as_ref()),
    });
    Ok(Exit::Ok)
}
