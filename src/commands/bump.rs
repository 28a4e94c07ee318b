//! `weir bump [--write]`: the version the changes since the last release call for.

use std::path::PathBuf;

use super::check::{check_spec, select_spec};
use super::{Exit, Target};
use super::{print, print_outcome_warnings};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::gate::{self, VersionSource};
use crate::output;
use crate::vocabulary::Bump;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  weir bump\n  weir bump --write && git commit -am \"Release $(weir bump)\"\n  weir bump -v                     # how the version was worked out\n  weir bump --date 2024-06-01      # a dated API version of that day"
)]
pub(crate) struct BumpArgs {
    #[command(flatten)]
    pub target: Target,
    /// Write the version into the spec's `info.version` (only that value changes).
    #[arg(long)]
    pub write: bool,
    /// For dated versions (`2024-01-15`): the day the release carries (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<jiff::civil::Date>,
}

pub(crate) fn run(args: BumpArgs) -> Result<Exit> {
    // The gate's own assessment, as `weir check` makes it.
    let config = Config::discover(args.target.options.config.as_deref())?;
    let spec = select_spec(&config, args.target.spec.as_deref(), None)?;
    let outcome = check_spec(
        &config,
        spec,
        &args.target,
        &VersionSource::Spec,
        None,
        args.date,
    )?;
    print_outcome_warnings(&outcome);
    for step in &outcome.next_steps {
        output::note(step);
    }
    for note in &outcome.notes {
        output::warn(note);
    }
    if let Some(base) = &outcome.base_label
        && outcome.bump == Bump::None
    {
        // The base's own version would be a version that exists already.
        if !output::quiet() {
            eprintln!(
                "no change since {base} needs a new version: {} stays",
                outcome.next
            );
        }
        return Ok(Exit::Ok);
    }
    let next = outcome.next.to_string();
    if args.write {
        if args.target.revision.is_some() {
            return Err(Error::Usage(
                "--write changes the working tree; drop --revision".into(),
            ));
        }
        let text = gate::write::with_version(&outcome.revision, &next)?;
        let path = PathBuf::from(&outcome.spec_path);
        if text != *outcome.revision.files[0].source {
            gate::write::write_atomically(&path, &text)?;
        }
        if !output::quiet() {
            eprintln!("{}: info.version is now {next}", path.display());
        }
    }
    print(&format!("{next}\n"));
    Ok(Exit::Ok)
}
